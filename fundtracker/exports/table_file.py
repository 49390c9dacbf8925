"""A table of rows written to CSV or XLSX: the one writer behind every "export these rows".

Money is kept in integer cents until the cell: a CSV gets the decimal string ("1234.56"), a
workbook a number with a currency format (exact to the cent). Text from users and accounting
files never runs as a formula (:mod:`fundtracker.exports.spreadsheet_text`). The file is written
to a temporary file and renamed (:func:`fundtracker.store.atomic.atomic_path`), so a failed
export leaves any earlier file as it was.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from fundtracker.domain.errors import InputError
from fundtracker.domain.money import format_money
from fundtracker.exports.spreadsheet_text import csv_cell
from fundtracker.store.atomic import atomic_path

FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class Cents:
    """An amount in cents, for a money column."""

    cents: int


Cell = str | int | date | Cents | None


def format_for(path: Path) -> str:
    """The file format a path asks for by its suffix (.csv or .xlsx)."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise InputError(f"write a .csv or .xlsx file, not {path.name!r}", "file")
    return suffix


def _text(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, Cents):
        return format_money(value.cents)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def csv_lines(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Iterable[list[str]]:
    """The rows as CSV cells (header first), none able to run as a formula."""
    yield [csv_cell(header) for header in headers]
    for row in rows:
        yield [csv_cell(_text(value)) for value in row]


def write_table(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[Cell]],
    *,
    title: str = "Rows",
    protect: Iterable[str | Path] = (),
) -> int:
    """Write ``rows`` under ``headers`` to ``path`` (.csv or .xlsx, by its suffix).

    Args:
        title: the worksheet's name in a workbook.
        protect: workspaces the file must not replace.

    Returns:
        The number of rows written.
    """
    path = Path(path)
    kind = format_for(path)
    count = 0
    with atomic_path(path, protect=protect) as temp:
        if kind == "csv":
            with open(temp, "w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                for line in csv_lines(headers, rows):
                    writer.writerow(line)
                    count += 1
            count -= 1  # the header
        else:
            count = _write_xlsx(temp, headers, rows, title)
    return count


def _write_xlsx(temp: Path, headers: Sequence[str], rows: Iterable[Sequence[Cell]], title: str) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    from fundtracker.exports.spreadsheet_text import starts_like_formula
    from fundtracker.exports.xlsx_cells import CURRENCY, DATE, safe_text, sheet_name

    book = Workbook(write_only=True)  # streams the rows: 100,000 of them stay small in memory
    sheet = book.create_sheet(sheet_name(title))
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=safe_text(header))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    count = 0
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, Cents):
                cell = WriteOnlyCell(sheet, value=value.cents / 100)  # exact: cents below 2^53
                cell.number_format = CURRENCY
            elif isinstance(value, date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = DATE
            elif isinstance(value, int):
                cell = WriteOnlyCell(sheet, value=value)
            else:
                text = safe_text(_text(value))
                cell = WriteOnlyCell(sheet, value=text)
                if starts_like_formula(text):
                    cell.data_type = "s"  # text, never a formula
                    cell.quotePrefix = True
            cells.append(cell)
        sheet.append(cells)
        count += 1
    book.save(temp)
    return count
