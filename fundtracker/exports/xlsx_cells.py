"""Cell writing for the budget workbook: styles, safe text, inputs, formulas, sheet finish.

Every value reaches a sheet through :class:`SheetWriter`, so text is never taken for a
formula (a memo beginning with ``=`` stays text), input cells look and behave alike
(unlocked, tinted, validated) and formula cells stay locked under sheet protection.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from copy import copy
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from fundtracker.domain.errors import InputError
from fundtracker.exports.spreadsheet_text import starts_like_formula

# Accounting: the $ at the cell's left, negatives in parentheses, zero as a dash; dollars always
# (the built-in accounting format 44 would show the reader's own currency symbol).
CURRENCY = '_("$"* #,##0.00_);_("$"* (#,##0.00);_("$"* "-"??_);_(@_)'
PERCENT = "0.00%"
DECIMAL = "0.00"
RATE = "0.0000"
# openpyxl writes this as built-in format 14, which Excel and LibreOffice show as the reader's
# short date (12/2/2026 in the US, 02.12.2026 in Germany).
DATE = "mm-dd-yy"
MONTH = "mmm yyyy"

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="305496")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
INPUT_FONT = Font(color="1F3FBF")
TOTAL_FILL = PatternFill("solid", fgColor="D9E1F2")
THIN = Side(style="thin", color="808080")
TOTAL_BORDER = Border(top=THIN, bottom=Side(style="double", color="808080"))
HEADER_BORDER = Border(bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)

# Characters Excel refuses in a cell (control characters other than tab and newlines).
_ILLEGAL = re.compile(r"[\000-\010\013\014\016-\037]")
MAX_CELL_TEXT = 32767
HEADER_WRAP = 13  # a header label wraps at about this many characters, so figures set the widths
NOTE_WIDTH = 95.0  # character widths a note wraps in: about a landscape page (see xlsx_print)
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def safe_text(text: str) -> str:
    """Text fit for a cell: control characters removed. Length is checked by :func:`check_cell_text`."""
    return _ILLEGAL.sub("", text)


def check_cell_text(text: str, where: str) -> None:
    """The one rule for text too long for a cell: refuse, naming ``where`` it comes from.

    Excel holds at most 32,767 characters in a cell and openpyxl writes longer text that
    Excel then cuts or refuses to open; a budget must not lose words without saying so.

    Args:
        text: the text as it would be written (after :func:`safe_text`).
        where: the record and field (``position 'lead' title``) or the cell it goes to.

    Raises:
        InputError: ``text`` is longer than :data:`MAX_CELL_TEXT`.
    """
    if len(text) > MAX_CELL_TEXT:
        raise InputError(
            f"{where} is {len(text):,} characters long; a workbook cell holds at most {MAX_CELL_TEXT:,} "
            "(Excel's limit), so no workbook was written: shorten it, or export JSON or PDF, which keep it whole"
        )


def sheet_name(text: str) -> str:
    """A valid, harmless sheet name: no ``[]:*?/\\``, no leading/trailing quote, at most 31 characters."""
    cleaned = _SHEET_NAME_BAD.sub("_", safe_text(text)).strip().strip("'")
    return cleaned[:31] or "Sheet"


def defined_name(text: str) -> str:
    """A valid defined name: letters, digits, underscores and dots, not a cell reference."""
    cleaned = re.sub(r"[^A-Za-z0-9_.]", "_", text)
    if not cleaned or not (cleaned[0].isalpha() or cleaned[0] == "_"):
        cleaned = "_" + cleaned
    if re.fullmatch(r"[A-Za-z]{1,3}\d+", cleaned) or re.fullmatch(r"[RrCc]\d*", cleaned):
        cleaned = "_" + cleaned
    return cleaned[:255]


def dollars(cents: int) -> float:
    """Cents as a dollar figure for a cell (exact for every amount up to 2^53 cents)."""
    return cents / 100


class SheetWriter:
    """Writes one worksheet: tracks column widths and the input cells to validate.

    Args:
        sheet: the worksheet.
    """

    def __init__(self, sheet: Worksheet) -> None:
        self.sheet = sheet
        self._widths: dict[int, float] = {}
        self._styles: dict[tuple[Any, ...], Any] = {}
        self._notes: list[int] = []  # rows whose column-A text is a note, wrapped on finish

    def _style(self, cell: Any, key: tuple[Any, ...], apply: Callable[[Any], None]) -> None:
        """Give ``cell`` the style ``apply`` makes, reusing it for equal keys.

        Setting fonts and formats cell by cell makes openpyxl hash style objects each time;
        copying a finished style array is many times faster on large sheets.
        """
        cached = self._styles.get(key)
        if cached is None:
            apply(cell)
            self._styles[key] = copy(cell._style)
        else:
            cell._style = cached.__copy__()

    # -- cells -------------------------------------------------------------------

    def _cell(self, row: int, column: int) -> Any:
        """The cell at (row, column), made if new: ``Worksheet.cell`` without its checks, which
        cost a third of the build on large sheets (rows and columns here are always valid)."""
        cell = self.sheet._cells.get((row, column))
        if cell is None:
            cell = Cell(self.sheet, row=row, column=column)
            self.sheet._add_cell(cell)
        return cell

    def text(
        self, row: int, column: int, value: str, *, bold: bool = False, wrap: bool = False, fit: bool = True
    ) -> None:
        """A text cell; text that looks like a formula stays text. ``fit=False`` for notes that overflow."""
        cleaned = safe_text(value)
        if len(cleaned) > MAX_CELL_TEXT:
            # Records' fields were checked by name before the build (xlsx_text_limits); text
            # made here (a name inside a title) is refused naming its cell.
            where = f"the text for {self.sheet.title}!{get_column_letter(column)}{row} ({cleaned[:40]!r}…)"
            check_cell_text(cleaned, where)
        cell = self._cell(row, column)
        # Set directly: openpyxl's value setter would scan the text for the characters
        # safe_text already removed, and take "=…" for a formula.
        cell._value = cleaned
        cell.data_type = "s"
        quote = starts_like_formula(cleaned)  # the rule CSV outputs share (spreadsheet_text)
        if quote or bold or wrap:
            self._style(cell, ("text", quote, bold, wrap), lambda c: _text_style(c, quote, bold, wrap))
        if fit:
            self._fit(column, min(len(cleaned), 60))
        elif column == 1:
            self._notes.append(row)

    def value(self, row: int, column: int, value: Any, number_format: str | None = None) -> None:
        """A computed constant (a figure from the engine, a date, a count)."""
        if isinstance(value, str):
            self.text(row, column, value)
            return
        cell = self._cell(row, column)
        cell.value = float(value) if isinstance(value, Decimal) else value
        if number_format:
            self._style(cell, ("number", number_format), lambda c: setattr(c, "number_format", number_format))
        self._fit(column, _display_width(value, number_format))

    def formula(self, row: int, column: int, formula: str, number_format: str | None = None) -> None:
        """A formula cell (locked under sheet protection)."""
        if not formula.startswith("="):
            raise ValueError(f"not a formula: {formula!r}")
        cell = self._cell(row, column)
        cell._value = formula  # our own formula text: no illegal characters to scan for
        cell.data_type = "f"
        if number_format:
            self._style(cell, ("number", number_format), lambda c: setattr(c, "number_format", number_format))
        self._fit(column, 15 if number_format == CURRENCY else 10)

    def input(self, row: int, column: int, value: Any, number_format: str | None = None) -> None:
        """An input cell people may change: unlocked and tinted. Formulas (``=FringeRate``) allowed."""
        if isinstance(value, str) and value.startswith("="):
            self.formula(row, column, value, number_format)
        else:
            self.value(row, column, value, number_format)
        cell = self._cell(row, column)
        self._style(cell, ("input", number_format), _input_style)

    def header(self, row: int, labels: Iterable[str], *, start: int = 1) -> None:
        labels = list(labels)
        for offset, label in enumerate(labels):
            column = start + offset
            self.text(row, column, label)
            cell = self.sheet.cell(row=row, column=column)
            cell.font = HEADER_FONT
            cell.fill = HEADER_FILL
            cell.border = HEADER_BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
            self._widths[column] = max(self._widths.get(column, 0), min(len(label), HEADER_WRAP) + 2)
        # Long labels wrap at about HEADER_WRAP characters: give the row room for up to four lines.
        lines = max((-(-len(label) // HEADER_WRAP) for label in labels), default=1)
        self.sheet.row_dimensions[row].height = 15 * min(max(lines, 1), 4)

    def total_row(self, row: int, first: int, last: int) -> None:
        """Bold with a top rule and a double bottom rule."""
        for column in range(first, last + 1):
            cell = self.sheet.cell(row=row, column=column)
            cell.font = BOLD
            cell.border = TOTAL_BORDER
            cell.fill = TOTAL_FILL

    def title(self, text: str, subtitle: str = "") -> None:
        self.text(1, 1, text, fit=False)
        self.sheet.cell(row=1, column=1).font = TITLE
        if subtitle:
            self.text(2, 1, subtitle, fit=False)

    # -- validation --------------------------------------------------------------

    def validate(self, kind: str, cells: list[str], *, low: float, high: float, prompt: str) -> None:
        """Restrict input cells to a number range (kind "decimal" or "whole")."""
        if not cells:
            return
        rule = DataValidation(
            type=kind,
            operator="between",
            formula1=str(low),
            formula2=str(high),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Out of range",
            error=prompt,
            promptTitle="Input",
            prompt=prompt,
        )
        rule.showInputMessage = True
        # One space-separated reference list: adding cells one by one is quadratic in openpyxl.
        rule.sqref = MultiCellRange(" ".join(cells))
        self.sheet.add_data_validation(rule)

    # -- finishing -----------------------------------------------------------------

    def finish(self, *, header_row: int, freeze: str) -> None:
        """Column widths, frozen panes, print set-up, protection (no password; inputs unlocked)."""
        sheet = self.sheet
        for column, width in self._widths.items():
            sheet.column_dimensions[get_column_letter(column)].width = min(max(width + 2, 8), 50)
        self._wrap_notes()
        sheet.freeze_panes = freeze
        sheet.print_title_rows = f"{header_row}:{header_row}"
        sheet.page_setup.orientation = "landscape"
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.protection.sheet = True
        sheet.protection.formatColumns = False
        sheet.protection.formatRows = False
        sheet.protection.autoFilter = False
        sheet.protection.sort = False

    @property
    def note_rows(self) -> list[int]:
        return list(self._notes)

    def _wrap_notes(self, room: float = NOTE_WIDTH) -> None:
        """Wrap each note across the first columns, as wide as a printed page, with the row tall enough.

        Left to overflow, a long note runs past the print area and is cut off on paper.
        """
        dimensions = self.sheet.column_dimensions
        # .get: indexing the dimensions would add a <col> for every column looked at.
        widths = [getattr(dimensions.get(get_column_letter(c)), "width", None) or 8.43 for c in range(1, 60)]
        last, total = 0, 0.0
        used = max(self._widths, default=1)
        while last < min(used, len(widths)) and total + widths[last] <= room:
            total += widths[last]
            last += 1
        last = max(last, 1)
        for row in self._notes:
            cell = self.sheet.cell(row=row, column=1)
            text = str(cell.value or "")
            if last > 1:
                self.sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=last)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            lines = max(1, -(-int(len(text) * 1.0) // max(int(total * 1.1), 1)) + (1 if len(text) > total else 0))
            size = cell.font.sz or 11
            self.sheet.row_dimensions[row].height = max(15.0, lines * size * 1.35)

    def _fit(self, column: int, width: float) -> None:
        if width > self._widths.get(column, 0):
            self._widths[column] = width


def _text_style(cell: Any, quote: bool, bold: bool, wrap: bool) -> None:
    if quote:
        cell.quotePrefix = True
    if bold:
        cell.font = BOLD
    if wrap:
        cell.alignment = WRAP


def _input_style(cell: Any) -> None:
    cell.protection = UNLOCKED
    cell.fill = INPUT_FILL
    cell.font = INPUT_FONT


def _display_width(value: Any, number_format: str | None) -> float:
    if isinstance(value, date):
        return 11
    if number_format == CURRENCY and isinstance(value, (int, float)):
        return len(f"${abs(value):,.2f}") + 4  # accounting: "$ " apart and room for "( )"
    return len(str(value))


def add_defined_name(workbook: Workbook, name: str, sheet: Worksheet, ref: str) -> None:
    """A workbook-level name (``FringeRate``) for one cell."""
    from openpyxl.workbook.defined_name import DefinedName

    title = sheet.title.replace("'", "''")
    workbook.defined_names[defined_name(name)] = DefinedName(defined_name(name), attr_text=f"'{title}'!{ref}")
