"""Workbook figures, recalculated by LibreOffice, agree with domain.costs to the cent."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path

import numpy as np
import openpyxl
import pytest
from xlsx_recalc import cents, recalculate

from fundtracker.domain.costs import expense_month, position_month
from fundtracker.domain.federal_facts import mtdc_of, object_class, stream_terms
from fundtracker.domain.match import match_of
from fundtracker.domain.money import apply_rate, round_cents
from fundtracker.domain.months import first_day, fiscal_year_months, month_index
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
from fundtracker.exports.xlsx_costsheets import E_FIRST_FY
from fundtracker.exports.xlsx_summary import ROW_OF, SHARES, summary_column
from fundtracker.forecast import forecast
from fundtracker.forecast.shares import allocation_order, allocation_shares

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
        Allocation("p1", "fed", Decimal("50")),
        Allocation("p1", "city", Decimal("30")),
        Allocation("p1", "found", Decimal("20"), start=date(2023, 3, 20)),  # not in force on the hire date
        Allocation("p2", "fed", Decimal("33.33"), start=date(2023, 1, 1)),
        Allocation("p2", "found", Decimal("50")),
        Allocation("p3", "city", Decimal("100"), end=date(2024, 3, 31)),
        Allocation("p3", "fed", Decimal("100"), start=date(2024, 4, 1)),
        Allocation("mileage", "fed", Decimal("33.33")),
        Allocation("mileage", "city", Decimal("33.33")),
        Allocation("van", "fed", Decimal("100")),
    )
    return Workspace(org, streams, positions, expenses, allocations)


# -- what the figures must be, from domain.costs ----------------------------------------------


def _months(workspace: Workspace, fy: int) -> range:
    return fiscal_year_months(fy, workspace.organization.fiscal_year_start_month)


def position_cost(workspace: Workspace, position: Position, fy: int) -> tuple[int, int]:
    months = [position_month(position, workspace.organization, m) for m in _months(workspace, fy)]
    return sum(m.salary for m in months), sum(m.fringe for m in months)


def engine_split(cost: int, percents: list[Decimal]) -> list[int]:
    """docs/forecast-api.md: total round-half-up, others floor, first positive takes the rest."""
    total = round_cents(Decimal(cost) * sum(percents, Decimal(0)) / 100)
    shares = [int(Decimal(cost) * p // 100) for p in percents]
    first = next((i for i, p in enumerate(percents) if p > 0), None)
    if first is not None:
        shares[first] = total - (sum(shares) - shares[first])
    return shares


def ordered(workspace: Workspace, cost: str) -> list[Allocation]:
    return sorted((a for a in workspace.allocations if a.cost == cost), key=lambda a: (a.stream, a.start or date.min))


def month_shares(allocations: list[Allocation], line_start: date, month: int, cost: int) -> dict[int, int]:
    day = max(first_day(month), line_start)
    active = [i for i, a in enumerate(allocations) if (a.start or date.min) <= day <= (a.end or date.max)]
    return dict(zip(active, engine_split(cost, [allocations[i].percent for i in active])))


def pays(workspace: Workspace, allocation: Allocation, month: int) -> bool:
    """The allocation's stream pays in ``month``: inside its period (start month to end month)."""
    stream = workspace.stream(allocation.stream)
    if stream is None:
        return True
    return month_index(stream.start) <= month and (stream.end is None or month <= month_index(stream.end))


def share_cost(workspace: Workspace, position: Position, index: int, fy: int) -> tuple[int, int]:
    """Salary share by the engine's rule; fringe share = share of salary + fringe − salary share.

    Months outside the stream's period are split as the engine splits them, but are not its share.
    """
    allocations = ordered(workspace, position.key)
    salary = fringe = 0
    for month in _months(workspace, fy):
        cost = position_month(position, workspace.organization, month)
        if cost.total == 0 or not pays(workspace, allocations[index], month):
            continue
        salary_share = month_shares(allocations, position.start, month, cost.salary).get(index)
        total_share = month_shares(allocations, position.start, month, cost.total).get(index)
        if salary_share is not None and total_share is not None:
            salary += salary_share
            fringe += total_share - salary_share
    return salary, fringe


def expense_cost(workspace: Workspace, expense: Expense, fy: int, index: int | None = None) -> int:
    allocations = ordered(workspace, expense.key)
    total = 0
    for month in _months(workspace, fy):
        amount = expense_month(expense, month)
        if index is None:
            total += amount
        elif amount and pays(workspace, allocations[index], month):
            total += month_shares(allocations, expense.start, month, amount).get(index, 0)
    return total


def federal(workspace: Workspace, stream_key: str) -> bool:
    stream = workspace.stream(stream_key)
    return stream is not None and stream.kind == "federal_grant"


def expected_summary(workspace: Workspace, fy: int) -> dict[str, tuple[int, int, int]]:
    """Object class letter -> (federal, match, total) in cents, by the budget rules.

    Federal streams' shares by object class (equipment below a stream's threshold is supplies),
    the match per stream and class; indirect per federal stream on its MTDC at its rate, other
    sources at the organization's rate on theirs.
    """
    org = workspace.organization
    letters = {"travel": "c", "equipment": "d", "supplies": "e", "contractual": "f", "construction": "g", "other": "h"}
    total: dict[str, int] = {letter: 0 for letter in "abcdefgh"}
    by_stream: dict[str, dict[str, int]] = {}
    for position in workspace.positions:
        salary, fringe = position_cost(workspace, position, fy)
        total["a"] += salary
        total["b"] += fringe
        for index, allocation in enumerate(ordered(workspace, position.key)):
            if federal(workspace, allocation.stream):
                share_salary, share_fringe = share_cost(workspace, position, index, fy)
                cells = by_stream.setdefault(allocation.stream, dict.fromkeys("abcdefgh", 0))
                cells["a"] += share_salary
                cells["b"] += share_fringe
    for expense in workspace.expenses:
        total[letters[expense.category]] += expense_cost(workspace, expense, fy)
        for index, allocation in enumerate(ordered(workspace, expense.key)):
            stream = workspace.stream(allocation.stream)
            if stream is not None and federal(workspace, stream.key):
                terms = stream_terms(stream, workspace.applications, org)
                letter = letters[object_class(expense.category, expense.amount, terms.equipment_threshold)]
                cells = by_stream.setdefault(stream.key, dict.fromkeys("abcdefgh", 0))
                cells[letter] += expense_cost(workspace, expense, fy, index)
                if letter != letters[expense.category]:  # moved to supplies: the total moves too
                    total[letter] += expense_cost(workspace, expense, fy, index)
                    total[letters[expense.category]] -= expense_cost(workspace, expense, fy, index)
    terms_of = {key: stream_terms(s, workspace.applications, org) for key in by_stream if (s := workspace.stream(key))}
    result: dict[str, tuple[int, int, int]] = {}
    indirect_federal = indirect_match = 0
    for letter in "abcdefgh":
        streams = [(key, cells[letter]) for key, cells in by_stream.items()]
        match = sum(match_of(amount, terms_of[key].match_percent) for key, amount in streams)
        result[letter] = (sum(amount for _, amount in streams) - match, match, total[letter])
    for key, cells in by_stream.items():
        terms = terms_of[key]
        stream_indirect = apply_rate(mtdc_of({c: cells[ROW_LETTER[c]] for c in ROW_LETTER}), terms.rate)
        indirect_match += match_of(stream_indirect, terms.match_percent)
        indirect_federal += stream_indirect
    direct = tuple(sum(result[letter][i] for letter in "abcdefgh") for i in range(3))
    other = {letter: result[letter][2] - result[letter][0] - result[letter][1] for letter in "abcdefgh"}
    other_mtdc = sum(other.values()) - other["d"] - other["g"]
    other_indirect = apply_rate(other_mtdc, org.indirect_rate)
    result["i"] = (direct[0], direct[1], direct[2])
    result["j"] = (indirect_federal - indirect_match, indirect_match, indirect_federal + other_indirect)
    result["k"] = (direct[0] + result["j"][0], direct[1] + result["j"][1], direct[2] + result["j"][2])
    return result


ROW_LETTER = {
    "personnel": "a",
    "fringe": "b",
    "travel": "c",
    "equipment": "d",
    "supplies": "e",
    "contractual": "f",
    "construction": "g",
    "other": "h",
}


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
        shares = ordered(workspace, position.key)
        for index, fy in enumerate(fiscal_years):
            column = 14 + index * 5 + 3
            where = f"{position.key} FY{fy}"
            assert (
                cents(personnel.cell(row, column).value),
                cents(personnel.cell(row, column + 1).value),
            ) == position_cost(workspace, position, fy), where
            for n, allocation in enumerate(shares):
                share_row = rows[(position.key, "Share", n)]
                assert (
                    cents(personnel.cell(share_row, column).value),
                    cents(personnel.cell(share_row, column + 1).value),
                ) == share_cost(workspace, position, n, fy), f"{where} share {allocation.key}"
    other = book["Other direct costs"]
    rows = rows_of(other)
    for expense in workspace.expenses:
        shares = ordered(workspace, expense.key)
        for index, fy in enumerate(fiscal_years):
            column = E_FIRST_FY + 1 + index * 2
            assert cents(other.cell(rows[(expense.key, "Expense", 0)], column).value) == expense_cost(
                workspace, expense, fy
            )
            for n in range(len(shares)):
                assert cents(other.cell(rows[(expense.key, "Share", n)], column).value) == expense_cost(
                    workspace, expense, fy, n
                ), f"{expense.key} share {n} FY{fy}"
    summary = book["Summary"]
    all_years: dict[str, list[int]] = {}
    for index, fy in enumerate(fiscal_years):
        for letter, (fed, match, total) in expected_summary(workspace, fy).items():
            row = ROW_OF[letter]
            got = tuple(cents(summary.cell(row, summary_column(index, share)).value) for share in SHARES)
            assert got == (fed, match, total - fed - match, total), f"Summary {letter} FY{fy}"
            sums = all_years.setdefault(letter, [0, 0])  # federal, total
            sums[0] += fed
            sums[1] += total
    years = len(fiscal_years)
    for letter, (fed, total) in all_years.items():
        row = ROW_OF[letter]
        assert cents(summary.cell(row, summary_column(years, "Federal")).value) == fed
        assert cents(summary.cell(row, summary_column(years, "Total")).value) == total


def check_cash_flow(
    workspace: Workspace, book: openpyxl.Workbook, fiscal_years: tuple[int, ...], view: str, scenario: str | None
) -> None:
    """The Monthly cash flow sheet shows the engine's projection, balance and unfunded included."""
    first = _months(workspace, fiscal_years[0]).start
    months = 12 * len(fiscal_years)
    projection = forecast(workspace, view=view, scenario=scenario, start=first, months=months)
    sheet = book["Monthly cash flow"]
    streams = projection.streams
    assert [sheet.cell(4, 2 + i).value for i in range(len(streams))] == [f"{s.name} in" for s in streams]
    base = 2 + len(streams)
    assert cents(sheet.cell(5, base + 5).value) == int(projection.stream_opening.sum())
    for column, total in enumerate(projection.month_totals()):
        row = 6 + column
        for index in range(len(streams)):
            assert cents(sheet.cell(row, 2 + index).value or 0) == int(projection.stream_inflow[index, column])
        got = [cents(sheet.cell(row, base + i).value) for i in range(6)]
        assert got == [total.inflow, total.cost, total.charged, total.unfunded, total.lapsed, total.balance], (
            f"month {column}"
        )
        if total.balance == 0:  # exactly 0, not 5e-11: a formula testing =0 must see it
            assert sheet.cell(row, base + 5).value == 0, f"month {column}"
    funding = book["Funding sources"]
    by_key = {funding.cell(row, 1).value: row for row in range(5, 5 + len(workspace.streams))}
    for index, stream in enumerate(streams):
        for fy_index, fy in enumerate(fiscal_years):
            columns = [c for c, m in enumerate(projection.months) if m in _months(workspace, fy)]
            expected = int(projection.stream_inflow[index, columns].sum())
            assert cents(funding.cell(by_key[stream.key], 12 + fy_index).value) == expected


# -- tests -----------------------------------------------------------------------------------


def test_sample_workbook_agrees_with_domain_costs(sample: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    write_budget_workbook(sample, path, as_of=date(2022, 1, 1), fiscal_years=(2022, 2023, 2024))
    book = recalculate(path)
    check_workbook(sample, book, (2022, 2023, 2024))
    check_cash_flow(sample, book, (2022, 2023, 2024), "expected", None)
    # A figure a person can check by hand: three advocates at $52,000 and a lead at $62,000, Jan–Apr 2022.
    assert cents(book["Summary"].cell(ROW_OF["a"], summary_column(0, "Total")).value) == 4 * (3 * 433333 + 516667)


def test_tricky_workbook_agrees_to_the_cent(tmp_path: Path) -> None:
    workspace = tricky_workspace()
    path = tmp_path / "tricky.xlsx"
    write_budget_workbook(workspace, path, as_of=date(2023, 1, 1), fiscal_years=FYS)
    book = recalculate(path)
    check_workbook(workspace, book, FYS)
    check_engine_shares(workspace, book, FYS)
    check_cash_flow(workspace, book, FYS, "expected", None)


def test_scenario_and_secured_view(sample: Workspace, tmp_path: Path) -> None:
    scenario = sample.scenarios[0].key
    path = tmp_path / "scenario.xlsx"
    write_budget_workbook(sample, path, view="secured", scenario=scenario, fiscal_years=(2022, 2023))
    book = recalculate(path)
    check_cash_flow(sample, book, (2022, 2023), "secured", scenario)
    assert book["Assumptions"]["B13"].value == sample.scenarios[0].name


def check_engine_shares(workspace: Workspace, book: openpyxl.Workbook, fiscal_years: tuple[int, ...]) -> None:
    """Each share line's cost (salary + fringe) is the forecast engine's own split, to the cent.

    Only the months the stream pays in (inside its period) are the share line's.
    """
    org = workspace.organization
    months = list(range(_months(workspace, fiscal_years[0]).start, _months(workspace, fiscal_years[-1]).stop))
    lines: list[Position | Expense] = [*sorted(workspace.positions, key=lambda p: p.key)]
    lines += sorted(workspace.expenses, key=lambda e: e.key)
    line_index = {line.key: i for i, line in enumerate(lines)}
    cost = np.array(
        [
            [
                position_month(line, org, m).total if isinstance(line, Position) else expense_month(line, m)
                for m in months
            ]
            for line in lines
        ],
        dtype=np.int64,
    )
    order = allocation_order(list(workspace.allocations), line_index)
    engine = allocation_shares(order, line_index, cost, [line.start for line in lines], [first_day(m) for m in months])
    personnel, other = rows_of(book["Personnel"]), rows_of(book["Other direct costs"])
    seen: dict[str, int] = {}
    for k, allocation in enumerate(order):
        n = seen.get(allocation.cost, 0)
        seen[allocation.cost] = n + 1
        for index, fy in enumerate(fiscal_years):
            columns = [
                i for i, m in enumerate(months) if m in _months(workspace, fy) and pays(workspace, allocation, m)
            ]
            expected = int(engine[k, columns].sum())
            if allocation.cost in {p.key for p in workspace.positions}:
                row = personnel[(allocation.cost, "Share", n)]
                sheet, column = book["Personnel"], 14 + index * 5 + 3
                got = cents(sheet.cell(row, column).value) + cents(sheet.cell(row, column + 1).value)
            else:
                row = other[(allocation.cost, "Share", n)]
                got = cents(book["Other direct costs"].cell(row, E_FIRST_FY + 1 + index * 2).value)
            assert got == expected, f"{allocation.key} FY{fy}"


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
    before = expected_summary(workspace, 2024)["a"][2]
    after = cents(recalculated["Summary"].cell(ROW_OF["a"], summary_column(1, "Total")).value)
    assert after - before == 12 * (round_cents(Decimal(5_000_055) / 12) - round_cents(Decimal(4_800_001) / 12))


def test_sample_federal_share_stops_with_the_grant(tmp_path: Path) -> None:
    """The sample's federal grant ends in May: its Summary total over its fiscal years is the
    application's federal total ($719,852.93), not twelve months of every fiscal year ($951,215.10)."""
    from fundtracker.services.application_budget import application_budget
    from fundtracker.services.sample import sample_workspace

    workspace = sample_workspace(date(2026, 12, 1))
    path = tmp_path / "sample.xlsx"
    write_budget_workbook(workspace, path, as_of=date(2026, 12, 1), fiscal_years=(2028, 2029, 2030, 2031))
    summary = recalculate(path)["Summary"]
    federal_total = cents(summary.cell(ROW_OF["k"], summary_column(4, "Federal")).value)
    assert application_budget(workspace, "bja_cvi").federal_total == 71_985_293
    assert federal_total == 71_985_293
