"""The forecast figures the dashboard shows, computed from the engine (no widgets).

Kept apart from the page so the page only renders, and tests and the startup
benchmark can compute the same figures without a window.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fundtracker.domain.months import MonthIndex
from fundtracker.domain.records import Workspace
from fundtracker.services.dashboard import (
    Runway,
    UnfundedBothViews,
    Upcoming,
    headline,
    target_year_end,
    unfunded_both_views,
    upcoming,
)
from fundtracker.services.runway_warnings import RunwayWarning, runway_warnings

HORIZON = 36
BASELINE = ""  # the scenario key meaning "no scenario"


@dataclass(frozen=True)
class SeriesChoice:
    """One line pair on the balance chart: a view, optionally under a scenario."""

    label: str
    view: str
    scenario: str | None


@dataclass(frozen=True)
class DashboardFigures:
    """Everything the dashboard shows except the chance (computed in the background).

    Attributes:
        secured, expected: projections under the headline's scenario.
        series: (label, projection) for each chosen chart series.
        year_end: the fiscal year end the chance is about.
        unfunded_both: who goes unfunded first, secured and expected side by side.
        warnings: :mod:`fundtracker.services.runway_warnings` of the expected projection.
    """

    start: MonthIndex
    months: int
    scenario: str | None
    secured: Any
    expected: Any
    series: list[tuple[str, Any]]
    unfunded_first: list[Any]
    lapsing: list[Any]
    upcoming: list[Upcoming]
    year_end: MonthIndex
    fiscal_start_month: int
    unfunded_both: list[UnfundedBothViews] = field(default_factory=list)
    warnings: list[RunwayWarning] = field(default_factory=list)

    def runway(self, projection: Any) -> Runway:
        return self.runway_of(projection.funded_through)

    def runway_of(self, funded_through: date | None) -> Runway:
        return Runway(funded_through, self.start, self.start + self.months - 1)

    def headline(self, chance: float | None, odds: Any = None) -> str:
        """The headline; ``odds`` is the engine's probability result once known (it gives the median)."""
        return headline(
            self.runway(self.secured),
            self.runway(self.expected),
            chance,
            self.year_end,
            fiscal_start_month=self.fiscal_start_month,
            median=None if odds is None else self.runway_of(odds.median),
        )


def compute(
    workspace: Workspace,
    start: MonthIndex,
    scenario: str | None,
    chosen: list[SeriesChoice],
    today: date,
    months: int = HORIZON,
) -> DashboardFigures:
    """Project ``workspace`` for the headline, the chosen chart series and the lists."""
    from fundtracker import forecast

    def project(view: str, scenario_key: str | None) -> Any:
        return forecast.forecast(workspace, view, scenario_key, start=start, months=months)

    secured = project("secured", scenario)
    expected = project("expected", scenario)
    known = {("secured", scenario): secured, ("expected", scenario): expected}
    series = []
    for choice in chosen:
        if (choice.view, choice.scenario) not in known:
            known[(choice.view, choice.scenario)] = project(choice.view, choice.scenario)
        series.append((choice.label, known[(choice.view, choice.scenario)]))
    return DashboardFigures(
        start=start,
        months=months,
        scenario=scenario,
        secured=secured,
        expected=expected,
        series=series,
        unfunded_first=forecast.unfunded_first(expected),
        lapsing=forecast.lapsing(expected),
        upcoming=upcoming(workspace, today),
        year_end=target_year_end(start, workspace.organization.fiscal_year_start_month),
        fiscal_start_month=workspace.organization.fiscal_year_start_month,
        unfunded_both=unfunded_both_views(secured, expected),
        warnings=runway_warnings(expected),
    )


def chance(
    workspace: Workspace,
    start: MonthIndex,
    scenario: str | None,
    year_end: MonthIndex,
    trials: int,
    months: int,
    *,
    progress: Any = None,
    cancelled: Any = None,
) -> tuple[float | None, Any]:
    """The engine's probability of staying funded through ``year_end`` (expected view), and the full result.

    Raises:
        Cancelled: ``cancelled()`` became true while the engine was working.
    """
    from fundtracker import forecast
    from fundtracker.services.dashboard import chance_through

    result = forecast.probability(
        workspace,
        "expected",
        scenario,
        start=start,
        months=months,
        trials=trials,
        positions=True,
        progress=progress,
        cancelled=cancelled,
    )
    return chance_through(result.curve, year_end), result


def fundraising_need(
    figures: DashboardFigures, view: str, through: MonthIndex, positions: list[str] | None = None
) -> tuple[str, Any]:
    """The dashboard's fundraising need: its sentence and the engine's :class:`~fundtracker.forecast.Need`.

    Args:
        view: ``"secured"`` or ``"expected"`` (the headline's scenario applies either way).
        through: the target month (within the horizon).
        positions: keys of the positions to keep funded; None or empty for everyone.
    """
    from fundtracker import forecast
    from fundtracker.services.dashboard import need_sentence

    projection = figures.secured if view == "secured" else figures.expected
    found = forecast.need(projection, through, positions or None)
    return need_sentence(found), found
