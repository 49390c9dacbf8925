"""Budget vs actual to a file, as the page shows it: an .xlsx (one print-ready sheet) or a .csv.

Both are written to a temporary file and renamed, so a failed export leaves nothing behind. The
CSV has one row per stream and category and a totals row; users' text in it never runs as a
formula (:func:`fundtracker.exports.spreadsheet_text.csv_cell`).
"""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import Workbook

from fundtracker.domain.errors import InputError
from fundtracker.domain.money import format_money
from fundtracker.exports.spreadsheet_text import csv_cell
from fundtracker.exports.xlsx_budget_vs_actual import NO_STREAM, write_budget_vs_actual
from fundtracker.exports.xlsx_print import print_setup
from fundtracker.services.budget_vs_actual import BudgetVsActual, VarianceLine
from fundtracker.store.atomic import atomic_path

CSV_FIELDS = ("stream", "stream_name", "category", "budget", "actual", "variance", "percent_spent")


def csv_row(line: VarianceLine, *, total: bool = False) -> dict[str, str]:
    """One line as the CSV (and ``report budget-vs-actual --format csv``) writes it."""
    return {
        "stream": "" if total else line.stream or "",
        "stream_name": "Total" if total else (line.stream_name if line.stream else NO_STREAM),
        "category": line.category,
        "budget": format_money(line.budget),
        "actual": format_money(line.actual),
        "variance": format_money(line.variance),
        "percent_spent": "" if line.percent_spent is None else str(line.percent_spent),
    }


def write_budget_vs_actual_file(report: BudgetVsActual, path: str | Path, organization: str) -> None:
    """Write ``report`` to ``path``: ``.xlsx`` or ``.csv`` by its suffix.

    Raises:
        InputError: another suffix.
        OSError: the file could not be written.
    """
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise InputError("choose a .xlsx or .csv file name", str(target))
    with atomic_path(target) as temp:
        if suffix == ".csv":
            with open(temp, "w", encoding="utf-8", newline="") as handle:
                writer = csv.DictWriter(handle, fieldnames=CSV_FIELDS, lineterminator="\r\n")
                writer.writeheader()
                rows = [csv_row(line) for line in report.lines] + [csv_row(report.total, total=True)]
                writer.writerows({key: csv_cell(value) for key, value in row.items()} for row in rows)
        else:
            workbook = Workbook()
            sheet = workbook.active
            assert sheet is not None
            sheet.title = "Budget vs actual"
            write_budget_vs_actual(sheet, report)
            print_setup(sheet, organization, one_page_wide=True)
            workbook.save(temp)
