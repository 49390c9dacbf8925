"""The workbook's Budget vs actual sheet: the service's figures, and its formulas agree after recalculation."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from xlsx_recalc import cents, recalculate

from fundtracker.domain.records import Actual, Workspace
from fundtracker.exports.budget_xlsx import write_budget_workbook
from fundtracker.exports.xlsx_budget_vs_actual import FIRST_ROW
from fundtracker.services.budget_vs_actual import budget_vs_actual

AS_OF = date(2022, 3, 1)


def test_budget_vs_actual_sheet_recalculates_to_the_services_figures(sample: Workspace, tmp_path: Path) -> None:
    workspace = dataclasses.replace(
        sample,
        actuals=(
            Actual("a", date(2022, 1, 31), 433_333, "combat", "personnel"),
            Actual("b", date(2022, 2, 10), 12_000, None, "supplies"),  # the phones nobody allocated
            Actual("c", date(2022, 2, 15), -5_000, "combat", "supplies"),  # a refund: negative
        ),
    )
    path = tmp_path / "budget.xlsx"
    write_budget_workbook(workspace, path, as_of=AS_OF)
    report = budget_vs_actual(workspace, as_of=AS_OF)
    sheet = recalculate(path)["Budget vs actual"]
    for offset, line in enumerate(report.lines):
        row = FIRST_ROW + offset
        assert (sheet.cell(row, 1).value or "") == (line.stream or "")
        assert sheet.cell(row, 3).value == line.category
        figures = [cents(sheet.cell(row, column).value) for column in (4, 5, 6)]
        assert figures == [line.budget, line.actual, line.variance], line
    total = FIRST_ROW + len(report.lines)
    assert sheet.cell(total, 1).value == "Total"
    assert [cents(sheet.cell(total, column).value) for column in (4, 5, 6)] == [
        report.total.budget,
        report.total.actual,
        report.total.variance,
    ]
    no_stream = next(i for i, line in enumerate(report.lines) if line.stream is None)
    assert cents(sheet.cell(FIRST_ROW + no_stream, 4).value) == 2 * 12_000  # budgeted now, not $0
    assert round(sheet.cell(FIRST_ROW + no_stream, 7).value, 3) == 0.5
