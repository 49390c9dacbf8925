"""The Budget vs actual sheet: the plan to date against spending, with a totals row, and burn rates.

The figures are the service's (:func:`fundtracker.services.budget_vs_actual.budget_vs_actual`),
written as values; variance, percent spent, remaining and the totals are formulas over them, so
the sheet adds up in Excel as it does on the page. Written by the budget workbook and by the
Budget vs actual page's export (a workbook of this one sheet).
"""

from __future__ import annotations

from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from fundtracker.domain.months import first_day
from fundtracker.exports.xlsx_cells import CURRENCY, DATE, MONTH, SheetWriter, dollars
from fundtracker.services.budget_vs_actual import BudgetVsActual, month_to_date_text

HEADER_ROW = 4
FIRST_ROW = 5
NO_STREAM = "(no stream)"
LINE_LABELS = ("Stream", "Stream name", "Category", "Budget to date", "Actual to date", "Variance", "% spent")
BURN_LABELS = (
    "Stream",
    "Stream name",
    "Award",
    "Budget to date",
    "Actual to date",
    "Remaining",
    "Months",
    "Burn per month",
    "Runs out",
    "Ends",
)


def write_budget_vs_actual(sheet: Worksheet, report: BudgetVsActual) -> int:
    """Write the report; returns the totals row (its budget is column D, actual E, variance F)."""
    out = SheetWriter(sheet)
    through = report.through.isoformat() if report.through else "—"
    out.title(
        "Budget vs actual",
        f"Closed months through {through} (as of {report.as_of.isoformat()}); the plan as saved, no scenario. "
        "Variance = budget − actual (in parentheses: over budget). (no stream): costs no allocation charges, "
        "and spending that matched no stream.",
    )
    out.header(HEADER_ROW, LINE_LABELS)
    row = FIRST_ROW
    for line in report.lines:
        out.text(row, 1, line.stream or "")
        out.text(row, 2, line.stream_name if line.stream else NO_STREAM)
        out.text(row, 3, line.category)
        out.value(row, 4, dollars(line.budget), CURRENCY)
        out.value(row, 5, dollars(line.actual), CURRENCY)
        out.formula(row, 6, f"=D{row}-E{row}", CURRENCY)
        out.formula(row, 7, f'=IF(D{row}=0,"",E{row}/D{row})', "0.0%")
        row += 1
    last = row - 1
    total = row
    out.text(total, 1, "Total")
    for column, letter in ((4, "D"), (5, "E"), (6, "F")):
        if last >= FIRST_ROW:
            out.formula(total, column, f"=SUM({letter}{FIRST_ROW}:{letter}{last})", CURRENCY)
        else:
            out.value(total, column, 0, CURRENCY)
    out.formula(total, 7, f'=IF(D{total}=0,"",E{total}/D{total})', "0.0%")
    out.total_row(total, 1, len(LINE_LABELS))

    row = total + 2
    out.text(row, 1, "Burn rate and run-out, by stream (closed months)", bold=True, fit=False)
    row += 1
    out.header(row, BURN_LABELS)
    row += 1
    for burn in report.streams:
        out.text(row, 1, burn.stream)
        out.text(row, 2, burn.name)
        out.value(row, 3, dollars(burn.amount), CURRENCY)
        out.value(row, 4, dollars(burn.budget), CURRENCY)
        out.value(row, 5, dollars(burn.actual), CURRENCY)
        out.formula(row, 6, f"=C{row}-E{row}", CURRENCY)
        out.value(row, 7, burn.months)
        out.value(row, 8, dollars(burn.burn_rate), CURRENCY)
        if burn.runs_out is not None:
            out.value(row, 9, first_day(burn.runs_out), MONTH)
        if burn.end is not None:
            out.value(row, 10, burn.end, DATE)
        row += 1
    row += 1
    out.text(row, 1, month_to_date_text(report).strip(), fit=False)
    out.finish(header_row=HEADER_ROW, freeze=f"A{FIRST_ROW}")
    # Stream names wrap in a narrower column, so the report prints large enough on one page across.
    sheet.column_dimensions["B"].width = min(sheet.column_dimensions["B"].width or 34, 34)
    for (cell,) in sheet.iter_rows(min_row=FIRST_ROW, min_col=2, max_col=2):
        if isinstance(cell.value, str) and cell.row not in out.note_rows:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    return total
