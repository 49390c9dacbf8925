"""Budget vs actual: the plan to date against actual spending, burn rates, run-out months."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from fundtracker.domain.months import month_of
from fundtracker.domain.records import Actual, Allocation, Expense, FundingStream, Organization, Workspace
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
    # As of 1 March: January and February are closed, March is open.
    report = budget_vs_actual(workspace, as_of=date(2022, 3, 1))
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


def _two_streams(*allocations: Allocation, amount: int = 10_001) -> Workspace:
    return Workspace(
        organization=Organization(fiscal_year_start_month=1),
        streams=(
            FundingStream("a", "A", 10_000_000, date(2025, 1, 1)),
            FundingStream("b", "B", 10_000_000, date(2025, 1, 1)),
        ),
        expenses=(Expense("rent", "Rent", amount, date(2025, 1, 1), "other"),),
        allocations=allocations,
    )


def test_a_fifty_fifty_split_budgets_the_engine_shares_summing_to_the_cent() -> None:
    workspace = _two_streams(Allocation("rent", "a", Decimal("50")), Allocation("rent", "b", Decimal("50")))
    report = budget_vs_actual(workspace, as_of=date(2025, 2, 1))
    budgets = {(line.stream, line.category): line.budget for line in report.lines}
    # $100.01: allocated round(100.01) = $100.01; b gets floor($50.005) = $50.00, a the rest $50.01.
    assert budgets == {("a", "other"): 5_001, ("b", "other"): 5_000}


def test_an_allocation_starting_mid_month_counts_from_the_next_month() -> None:
    workspace = _two_streams(
        Allocation("rent", "a", Decimal("100"), end=date(2025, 2, 14)),
        Allocation("rent", "b", Decimal("100"), start=date(2025, 2, 15)),
        amount=100_000,
    )
    report = budget_vs_actual(workspace, as_of=date(2025, 4, 1))
    budgets = {(line.stream, line.category): line.budget for line in report.lines}
    # On 1 February (the line's first active day) only "a" is in force: Jan and Feb are a's, March b's.
    assert budgets == {("a", "other"): 200_000, ("b", "other"): 100_000}


def test_closed_months_only_the_open_month_apart() -> None:
    workspace = dataclasses.replace(
        _two_streams(Allocation("rent", "a", Decimal("100")), amount=300_000),
        streams=(FundingStream("a", "A", 1_200_000, date(2025, 9, 1), date(2026, 8, 31)),),
        expenses=(Expense("rent", "Rent", 300_000, date(2025, 9, 1), "other"),),
        actuals=(
            Actual("sep", date(2025, 9, 30), 300_000, "a", "other"),
            Actual("oct", date(2025, 10, 31), 300_000, "a", "other"),
            Actual("nov", date(2025, 11, 30), 300_001, "a", "other"),
            Actual("dec", date(2025, 12, 1), 50_000, "a", "other"),
        ),
    )
    report = budget_vs_actual(workspace, as_of=date(2025, 12, 1))
    assert report.through == date(2025, 11, 30)
    line = report.lines[0]
    # Sep–Nov are closed: 3 × $3,000 budgeted, $9,000.01 spent.
    assert (line.budget, line.actual) == (900_000, 900_001)
    burn = report.streams[0]
    # $9,000.01 ÷ 3 closed months = $3,000.003… → $3,000.00 a month (not ÷ 4 with December).
    assert (burn.months, burn.burn_rate, burn.month_to_date) == (3, 300_000, 50_000)
    # $2,999.99 left after November covers no whole month at $3,000: December is the first it cannot pay.
    assert burn.runs_out == month_of(2025, 12)
    assert [(m.budget, m.actual) for m in report.month_to_date] == [(300_000, 50_000)]


def test_costs_no_allocation_charges_are_budgeted_under_no_stream() -> None:
    """The finding: phones nobody allocated showed a $0 budget beside their spending."""
    workspace = dataclasses.replace(
        _two_streams(Allocation("rent", "a", Decimal(60)), amount=10_000),
        actuals=(Actual("p", date(2025, 1, 20), 5_000, None, "other"),),
    )
    workspace = dataclasses.replace(
        workspace,
        expenses=(*workspace.expenses, Expense("phones", "Phones", 12_000, date(2025, 1, 1), "supplies")),
    )
    report = budget_vs_actual(workspace, as_of=date(2025, 3, 1))  # January and February closed
    lines = {(line.stream, line.category): (line.budget, line.actual) for line in report.lines}
    assert lines[("a", "other")] == (2 * 6_000, 0)  # 60% of the rent
    assert lines[(None, "other")] == (2 * 4_000, 5_000)  # the rent's 40% nobody charges, and the spending
    assert lines[(None, "supplies")] == (2 * 12_000, 0)  # the phones: no allocation at all
    assert (report.total.budget, report.total.actual) == (2 * (10_000 + 12_000), 5_000)
    assert report.total.variance == 44_000 - 5_000
