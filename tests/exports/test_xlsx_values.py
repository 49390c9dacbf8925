"""Workbook figures, recalculated by LibreOffice, agree with domain.costs to the cent."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from xlsx_recalc import cents, recalculate

from fundtracker.domain.costs import expense_month, position_month
from fundtracker.domain.money import apply_rate, round_cents
from fundtracker.domain.months import active_days, fiscal_year_months
from fundtracker.domain.records import (
    Allocation,
    Expense,
    FundingStream,
    Organization,
    Position,
    Schedule,
    Workspace,
)
from fundtracker.exports.budget_xlsx import write_budget_workbook
from fundtracker.exports.xlsx_summary import ROW_OF, summary_column

pytestmark = pytest.mark.libreoffice

FYS = (2023, 2024, 2025)


def tricky_workspace() -> Workspace:
    """Mid-month starts and ends, raises, part-time, split and dated allocations, every recurrence."""
    org = Organization(
        name="Tricky & Sons", fiscal_year_start_month=7, fringe_rate=Decimal("0.3"), indirect_rate=Decimal("0.1")
    )
    streams = (
        FundingStream("fed", "Federal award", 50_000_000, date(2022, 7, 1), date(2025, 6, 30), kind="federal_grant"),
        FundingStream("city", "City general fund", 20_000_000, date(2022, 7, 1), None, restricted=False),
        FundingStream(
            "found",
            "Foundation",
            3_000_000,
            date(2022, 7, 1),
            date(2024, 6, 30),
            kind="foundation_grant",
            status="pending",
            probability=Decimal("0.4"),
            schedule=Schedule("monthly"),
        ),
    )
    positions = (
        Position(
            "p1",
            "Case manager",
            6_123_457,
            date(2023, 3, 15),
            fte=Decimal("0.75"),
            end=date(2025, 2, 10),
            annual_raise=Decimal("0.035"),
        ),
        Position("p2", "Analyst", 4_800_001, date(2022, 7, 1), fringe_rate=Decimal("0.2213")),
        Position("p3", "Evaluator", 9_999_999, date(2023, 9, 1), fte=Decimal("0.5"), end=date(2024, 9, 30)),
    )
    expenses = (
        Expense("mileage", "Mileage", 33_333, date(2023, 2, 1), "travel", "monthly", date(2024, 5, 31)),
        Expense("van", "Outreach van", 1_200_000, date(2023, 10, 1), "equipment", "once"),
        Expense("audit", "Annual audit", 150_050, date(2022, 8, 1), "other", "annual"),
    )
    allocations = (
        Allocation("p1", "fed", Decimal("60")),
        Allocation("p1", "city", Decimal("40")),
        Allocation("p2", "fed", Decimal("33.33"), start=date(2023, 1, 1)),
        Allocation("p2", "found", Decimal("50")),
        Allocation("p3", "city", Decimal("100"), end=date(2024, 3, 31)),
        Allocation("p3", "fed", Decimal("100"), start=date(2024, 4, 1)),
        Allocation("mileage", "fed", Decimal("50")),
        Allocation("van", "fed", Decimal("100")),
    )
    return Workspace(org, streams, positions, expenses, allocations)


# -- what the figures must be, from domain.costs ----------------------------------------------


def _months(workspace: Workspace, fy: int) -> range:
    return fiscal_year_months(fy, workspace.organization.fiscal_year_start_month)


def position_cost(workspace: Workspace, position: Position, fy: int) -> tuple[int, int]:
    months = [position_month(position, workspace.organization, m) for m in _months(workspace, fy)]
    return sum(m.salary for m in months), sum(m.fringe for m in months)


def share_cost(workspace: Workspace, position: Position, allocation: Allocation, fy: int) -> tuple[int, int]:
    rate = allocation.percent / 100
    salary = fringe = 0
    for month in _months(workspace, fy):
        if active_days(month, allocation.start, allocation.end) == 0:
            continue
        cost = position_month(position, workspace.organization, month)
        salary += apply_rate(cost.salary, rate)
        fringe += apply_rate(cost.fringe, rate)
    return salary, fringe


def expense_cost(workspace: Workspace, expense: Expense, fy: int, allocation: Allocation | None = None) -> int:
    total = 0
    for month in _months(workspace, fy):
        if allocation is not None and active_days(month, allocation.start, allocation.end) == 0:
            continue
        amount = expense_month(expense, month)
        total += apply_rate(amount, allocation.percent / 100) if allocation else amount
    return total


def federal(workspace: Workspace, stream_key: str) -> bool:
    stream = workspace.stream(stream_key)
    return stream is not None and stream.kind == "federal_grant"


def expected_summary(workspace: Workspace, fy: int) -> dict[str, tuple[int, int]]:
    """Object class letter -> (federal, total) in cents."""
    figures: dict[str, list[int]] = {letter: [0, 0] for letter in "abcdefgh"}
    for position in workspace.positions:
        salary, fringe = position_cost(workspace, position, fy)
        figures["a"][1] += salary
        figures["b"][1] += fringe
        for allocation in workspace.allocations:
            if allocation.cost == position.key and federal(workspace, allocation.stream):
                share_salary, share_fringe = share_cost(workspace, position, allocation, fy)
                figures["a"][0] += share_salary
                figures["b"][0] += share_fringe
    letters = {"travel": "c", "equipment": "d", "supplies": "e", "contractual": "f", "construction": "g", "other": "h"}
    for expense in workspace.expenses:
        letter = letters[expense.category]
        figures[letter][1] += expense_cost(workspace, expense, fy)
        for allocation in workspace.allocations:
            if allocation.cost == expense.key and federal(workspace, allocation.stream):
                figures[letter][0] += expense_cost(workspace, expense, fy, allocation)
    direct_federal = sum(f for f, _ in figures.values())
    direct_total = sum(t for _, t in figures.values())
    rate = workspace.organization.indirect_rate
    result = {letter: (f, t) for letter, (f, t) in figures.items()}
    result["i"] = (direct_federal, direct_total)
    result["j"] = (apply_rate(direct_federal, rate), apply_rate(direct_total, rate))
    result["k"] = (result["i"][0] + result["j"][0], result["i"][1] + result["j"][1])
    return result


# -- reading the recalculated workbook ---------------------------------------------------------


def rows_of(sheet: openpyxl.worksheet.worksheet.Worksheet) -> dict[tuple[str, str, int], int]:
    """(key, line, nth line of that key) -> row number."""
    found: dict[tuple[str, str, int], int] = {}
    counts: dict[tuple[str, str], int] = {}
    for row in range(5, sheet.max_row + 1):
        key, line = sheet.cell(row, 1).value, sheet.cell(row, 2).value
        if key and line:
            n = counts.get((key, line), 0)
            counts[(key, line)] = n + 1
            found[(key, line, n)] = row
    return found


def check_workbook(workspace: Workspace, book: openpyxl.Workbook, fiscal_years: tuple[int, ...]) -> None:
    personnel = book["Personnel"]
    rows = rows_of(personnel)
    for position in workspace.positions:
        row = rows[(position.key, "Position", 0)]
        shares = [a for a in workspace.allocations if a.cost == position.key]
        for index, fy in enumerate(fiscal_years):
            column = 14 + index * 3
            where = f"{position.key} FY{fy}"
            assert (
                cents(personnel.cell(row, column + 1).value),
                cents(personnel.cell(row, column + 2).value),
            ) == position_cost(workspace, position, fy), where
            for n, allocation in enumerate(shares):
                share_row = rows[(position.key, "Share", n)]
                assert (
                    cents(personnel.cell(share_row, column + 1).value),
                    cents(personnel.cell(share_row, column + 2).value),
                ) == share_cost(workspace, position, allocation, fy), f"{where} share {allocation.key}"
    other = book["Other direct costs"]
    rows = rows_of(other)
    for expense in workspace.expenses:
        shares = [a for a in workspace.allocations if a.cost == expense.key]
        for index, fy in enumerate(fiscal_years):
            column = 13 + index * 2
            assert cents(other.cell(rows[(expense.key, "Expense", 0)], column).value) == expense_cost(
                workspace, expense, fy
            )
            for n, allocation in enumerate(shares):
                assert cents(other.cell(rows[(expense.key, "Share", n)], column).value) == expense_cost(
                    workspace, expense, fy, allocation
                )
    summary = book["Summary"]
    all_years: dict[str, list[int]] = {}
    for index, fy in enumerate(fiscal_years):
        for letter, (fed, total) in expected_summary(workspace, fy).items():
            row = ROW_OF[letter]
            got = (
                cents(summary.cell(row, summary_column(index, "Federal")).value),
                cents(summary.cell(row, summary_column(index, "Non-federal")).value),
                cents(summary.cell(row, summary_column(index, "Total")).value),
            )
            assert got == (fed, total - fed, total), f"Summary {letter} FY{fy}"
            sums = all_years.setdefault(letter, [0, 0])
            sums[0] += fed
            sums[1] += total
    years = len(fiscal_years)
    for letter, (fed, total) in all_years.items():
        row = ROW_OF[letter]
        assert cents(summary.cell(row, summary_column(years, "Federal")).value) == fed
        assert cents(summary.cell(row, summary_column(years, "Total")).value) == total


# -- tests -----------------------------------------------------------------------------------


def test_sample_workbook_agrees_with_domain_costs(sample: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    write_budget_workbook(sample, path, as_of=date(2022, 1, 1), fiscal_years=(2022, 2023, 2024))
    book = recalculate(path)
    check_workbook(sample, book, (2022, 2023, 2024))
    # A figure a person can check by hand: three advocates at $52,000 and a lead at $62,000, Jan–Apr 2022.
    assert cents(book["Summary"].cell(ROW_OF["a"], summary_column(0, "Total")).value) == 4 * (3 * 433333 + 516667)


def test_tricky_workbook_agrees_to_the_cent(tmp_path: Path) -> None:
    workspace = tricky_workspace()
    path = tmp_path / "tricky.xlsx"
    write_budget_workbook(workspace, path, as_of=date(2023, 1, 1), fiscal_years=FYS)
    check_workbook(workspace, recalculate(path), FYS)


def test_changed_inputs_move_the_summary(tmp_path: Path) -> None:
    workspace = tricky_workspace()
    path = tmp_path / "tricky.xlsx"
    write_budget_workbook(workspace, path, as_of=date(2023, 1, 1), fiscal_years=FYS)
    book = openpyxl.load_workbook(path)
    personnel = book["Personnel"]
    row = rows_of(personnel)[("p2", "Position", 0)]
    assert personnel.cell(row, 8).value == pytest.approx(48000.01)
    personnel.cell(row, 8).value = 50000.55
    assumptions = book["Assumptions"]
    rate_row = next(r for r in range(5, 20) if assumptions.cell(r, 1).value == "Fringe rate")
    assumptions.cell(rate_row, 2).value = 0.28
    assumptions.cell(rate_row + 1, 2).value = 0.125
    book.save(path)
    changed = dataclasses.replace(
        workspace,
        organization=dataclasses.replace(
            workspace.organization, fringe_rate=Decimal("0.28"), indirect_rate=Decimal("0.125")
        ),
        positions=tuple(
            dataclasses.replace(p, annual_salary=5_000_055) if p.key == "p2" else p for p in workspace.positions
        ),
    )
    recalculated = recalculate(path)
    check_workbook(changed, recalculated, FYS)
    # And the change is real: FY2024 personnel differs from the original workbook's.
    before = expected_summary(workspace, 2024)["a"][1]
    after = cents(recalculated["Summary"].cell(ROW_OF["a"], summary_column(1, "Total")).value)
    assert after - before == 12 * (round_cents(Decimal(5_000_055) / 12) - round_cents(Decimal(4_800_001) / 12))
