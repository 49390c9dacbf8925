"""Budget vs actual: the plan to date against actual spending, burn rates, run-out months."""

from __future__ import annotations

import dataclasses
from datetime import date

from fundtracker.domain.months import month_of
from fundtracker.domain.records import Actual, Workspace
from fundtracker.services.budget_vs_actual import (
    actual_by_stream_month,
    budget_vs_actual,
    planned_by_stream_category_month,
)


def test_actual_by_stream_month(sample: Workspace) -> None:
    workspace = dataclasses.replace(
        sample,
        actuals=(
            Actual("a", date(2022, 1, 5), 100, "combat"),
            Actual("b", date(2022, 1, 30), 250, "combat"),
            Actual("c", date(2022, 2, 1), -50, "combat"),
            Actual("d", date(2022, 2, 2), 70),
        ),
    )
    assert actual_by_stream_month(workspace) == {
        ("combat", month_of(2022, 1)): 350,
        ("combat", month_of(2022, 2)): -50,
        (None, month_of(2022, 2)): 70,
    }
    assert actual_by_stream_month(workspace, through=date(2022, 1, 31)) == {("combat", month_of(2022, 1)): 350}


def test_budget_vs_actual(sample: Workspace) -> None:
    workspace = dataclasses.replace(
        sample,
        actuals=(
            Actual("a", date(2022, 1, 31), 1_300_000, "combat", "personnel"),
            Actual("b", date(2022, 2, 28), 1_300_000, "combat", "personnel"),
            Actual("c", date(2022, 3, 2), 99, "combat", "personnel"),  # after as_of: left out
        ),
    )
    report = budget_vs_actual(workspace, as_of=date(2022, 2, 28))
    line = next(x for x in report.lines if (x.stream, x.category) == ("combat", "personnel"))
    # Three advocates at $52,000 / 12 = $4,333.33 a month, two months, all on COMBAT.
    assert (line.budget, line.actual, line.variance) == (2_599_998, 2_600_000, -2)
    assert str(line.percent_spent) == "100.0"
    combat = next(s for s in report.streams if s.stream == "combat")
    assert (combat.months, combat.burn_rate, combat.remaining) == (2, 1_300_000, 7_826_800 - 2_600_000)
    # $52,268 left at $13,000 a month covers 4 more months (Mar–Jun); July is the first it cannot pay.
    assert combat.runs_out == month_of(2022, 7)
    planned = planned_by_stream_category_month(workspace, range(month_of(2022, 1), month_of(2022, 2)))
    assert planned[("combat", "fringe", month_of(2022, 1))] == 3 * 108_333
