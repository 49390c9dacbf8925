"""The board summary's figures: what a board member reads in a minute, straight from the engine.

One place computes them; the PDF (exports/pdf_summary.py) only lays them out, and tests
compare them with the engine to the cent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from fundtracker.domain.months import MonthIndex, last_day, month_index
from fundtracker.domain.records import Workspace
from fundtracker.services.dashboard import (
    Runway,
    UnfundedBothViews,
    chance_through,
    headline,
    need_sentence,
    target_year_end,
    unfunded_both_views,
)

HORIZON = 36


@dataclass(frozen=True)
class ScenarioLine:
    """One row of the scenarios table (the Scenarios page's figures).

    Attributes:
        shortfall: unfunded cost from the start through the year end, expected view (cents).
        chance: the chance of staying funded through the year end, or None past the horizon.
    """

    key: str | None
    name: str
    secured_through: date | None
    expected_through: date | None
    shortfall: int
    chance: float | None


@dataclass(frozen=True)
class BoardSummary:
    """Everything on the board summary.

    Attributes:
        secured, expected: the projections under ``scenario``.
        odds: the engine's probability result (expected view, with each position's odds).
        need: what to raise to keep everyone funded through the year end on secured money.
        lapsing: money lapsing unspent (expected view).
    """

    workspace_name: str
    as_of: date
    scenario: str | None
    scenario_name: str
    start: MonthIndex
    months: int
    year_end: MonthIndex
    headline: str
    secured: Any
    expected: Any
    odds: Any
    chance: float | None
    unfunded: list[UnfundedBothViews]
    scenarios: list[ScenarioLine]
    need: Any
    need_text: str
    lapsing: list[Any]


def board_summary(
    workspace: Workspace, as_of: date, scenario: str | None = None, *, months: int = HORIZON
) -> BoardSummary:
    """The board summary of ``workspace`` on ``as_of`` (its month starts the horizon).

    Raises:
        InputError: an unknown scenario, or a forecast that cannot be made.
    """
    from fundtracker import forecast

    start = month_index(as_of)
    fiscal_start = workspace.organization.fiscal_year_start_month
    year_end = target_year_end(start, fiscal_start)
    secured = forecast.forecast(workspace, "secured", scenario, start=start, months=months, as_of=as_of)
    expected = forecast.forecast(workspace, "expected", scenario, start=start, months=months, as_of=as_of)
    odds = forecast.probability(
        workspace, "expected", scenario, start=start, months=months, as_of=as_of, positions=True
    )
    chance = chance_through(odds.curve, year_end)
    end = start + months - 1
    text = headline(
        Runway(secured.funded_through, start, end),
        Runway(expected.funded_through, start, end),
        chance,
        year_end,
        fiscal_start_month=fiscal_start,
        median=Runway(odds.median, start, end),
    )
    need = forecast.need(secured, min(year_end, end))
    names = {s.key: s.name for s in workspace.scenarios}
    lines = []
    for key, name in [(None, "Baseline (no scenario)"), *names.items()]:
        sure = forecast.forecast(workspace, "secured", key, start=start, months=months, as_of=as_of)
        hoped = forecast.forecast(workspace, "expected", key, start=start, months=months, as_of=as_of)
        short = forecast.shortfall(hoped, last_day(min(year_end, end)))
        its_odds = forecast.probability(workspace, "expected", key, start=start, months=months, as_of=as_of)
        lines.append(
            ScenarioLine(
                key,
                name,
                sure.funded_through,
                hoped.funded_through,
                short.total,
                chance_through(its_odds.curve, year_end),
            )
        )
    return BoardSummary(
        workspace_name=workspace.organization.name,
        as_of=as_of,
        scenario=scenario,
        scenario_name="Baseline (no scenario)" if scenario is None else names.get(scenario, scenario),
        start=start,
        months=months,
        year_end=year_end,
        headline=text,
        secured=secured,
        expected=expected,
        odds=odds,
        chance=chance,
        unfunded=unfunded_both_views(secured, expected),
        scenarios=lines,
        need=need,
        need_text=need_sentence(need, most=4),
        lapsing=forecast.lapsing(expected),
    )
