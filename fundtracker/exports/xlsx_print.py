"""How the budget workbook prints: print areas, headers and footers, page layout.

Every sheet prints landscape on Letter paper with the organization, the sheet's name and the
print date in the header and "Page X of Y" in the footer; its header row repeats on every page.
Sheets fit to one page wide, except wide ones (Personnel), which print in blocks of columns with
their key columns repeated (:func:`print_in_blocks`), since one page wide makes them unreadable.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.styles import Alignment
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

# Landscape Letter with 0.4" side margins leaves 10.2" across: about 138 character widths of
# Calibri 11 in Excel, but only about 100 in LibreOffice (its default font's digits are wider;
# measured on rendered pages). Blocks are scaled to fit the narrower, so neither cuts a column.
PRINTABLE_WIDTH = 100.0
MIN_SCALE = 55  # smaller than this is not readable on paper
NARROWEST_NOTE = 25  # repeated columns narrower than this would stack a note into a tall column
TARGET_SCALE = 75  # column groups share a page while it prints at least this large
HEADER_LIMIT = 80  # Excel refuses a header over 255 characters; an organization's name is cut to this
LETTER = 1  # openpyxl paperSize: US Letter


def header_text(text: str) -> str:
    """Text for a header or footer section: "&" doubled (a lone "&" starts a code), cut to fit."""
    cut = text if len(text) <= HEADER_LIMIT else text[: HEADER_LIMIT - 1] + "…"
    return cut.replace("&", "&&")


def print_setup(sheet: Worksheet, organization: str, *, one_page_wide: bool = False) -> None:
    """Header, footer, paper, margins and (unless set already) the print area: the sheet's used cells."""
    sheet.oddHeader.left.text = header_text(organization)
    sheet.oddHeader.center.text = "&A"  # the sheet's name
    sheet.oddHeader.right.text = "Printed &D"  # the print date, in the reader's own date format
    sheet.oddFooter.left.text = "fundtracker budget workbook"
    sheet.oddFooter.center.text = "Page &P of &N"
    for part in (sheet.oddHeader.left, sheet.oddHeader.center, sheet.oddHeader.right):
        part.size = 9
    for part in (sheet.oddFooter.left, sheet.oddFooter.center):
        part.size = 9
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = LETTER
    margins = sheet.page_margins
    margins.left = margins.right = 0.4
    margins.top = margins.bottom = 0.75
    margins.header = margins.footer = 0.3
    sheet.print_options.horizontalCentered = False
    if sheet.col_breaks.brk:  # printed in blocks already (print_in_blocks)
        return
    last_column, last_row = max(sheet.max_column, 1), max(sheet.max_row, 1)
    widths = column_widths(sheet)
    used = sum(widths.get(column, 8.43) for column in range(1, last_column + 1))
    if one_page_wide or used <= PRINTABLE_WIDTH * 100 / TARGET_SCALE:
        sheet.print_area = f"A1:{get_column_letter(last_column)}{last_row}"
        return  # one page wide, as SheetWriter.finish set it up
    # Too wide to fit one page legibly: blocks of columns, with the frozen (key) columns repeated.
    frozen = sheet.freeze_panes
    titles = column_index_from_string("".join(ch for ch in frozen if ch.isalpha())) - 1 if frozen else 0
    titles = max(titles, 1)
    groups = [(1, titles)] + [(column, column) for column in range(titles + 1, last_column + 1)]
    print_in_blocks(sheet, title_columns=titles, groups=groups, last_row=last_row, widths=widths)


def column_widths(sheet: Worksheet) -> dict[int, float]:
    """The widths the sheet's columns were given (character units)."""
    return {
        column_index_from_string(letter): dimension.width
        for letter, dimension in sheet.column_dimensions.items()
        if dimension.width
    }


# Reports read as one page across (a narrower print beats a table cut in two).
ONE_PAGE_WIDE = ("Budget vs actual", "Assumptions")


def apply_print_setup(workbook: Workbook, organization: str) -> None:
    for sheet in workbook.worksheets:
        print_setup(sheet, organization, one_page_wide=sheet.title in ONE_PAGE_WIDE)


def print_in_blocks(
    sheet: Worksheet,
    *,
    title_columns: int,
    groups: Sequence[tuple[int, int]],
    last_row: int,
    widths: dict[int, float],
) -> list[tuple[int, int]]:
    """Print a wide sheet as pages of column blocks, each with the first ``title_columns`` repeated.

    Consecutive ``groups`` (columns that belong together: a fiscal year's figures) share a page
    while it stays at least :data:`TARGET_SCALE` percent; the page breaks fall between groups and
    one scale, that of the widest page, serves them all.

    Args:
        groups: (first, last) column numbers, in order, covering the columns to print.
        last_row: the last row to print.
        widths: column widths (character units) as the sheet sets them.

    Returns:
        The blocks, (first, last) column of each page.
    """

    def width(first: int, last: int) -> float:
        return sum(widths.get(column, 8.43) for column in range(first, last + 1))

    titles = width(1, title_columns)
    room = PRINTABLE_WIDTH * 100 / TARGET_SCALE

    def page_width(first: int, last: int) -> float:
        return width(first, last) + (titles if first > title_columns else 0)

    blocks: list[tuple[int, int]] = []
    for first, last in groups:
        # A page of the repeated columns alone says nothing: the first figures always join them.
        alone = bool(blocks) and blocks[-1][1] <= title_columns
        if blocks and (alone or page_width(blocks[-1][0], last) <= room):
            blocks[-1] = (blocks[-1][0], last)
        else:
            blocks.append((first, last))
    sheet.print_title_cols = f"A:{get_column_letter(title_columns)}"
    sheet.print_area = f"A1:{get_column_letter(blocks[-1][1])}{last_row}"
    sheet.sheet_properties.pageSetUpPr.fitToPage = False  # fitting would ignore the breaks
    sheet.page_setup.fitToWidth = 0
    sheet.page_setup.fitToHeight = 0
    for _first, last in blocks[:-1]:
        sheet.col_breaks.append(Break(id=last))
    widest = max(page_width(first, last) for first, last in blocks)
    sheet.page_setup.scale = max(MIN_SCALE, min(100, int(PRINTABLE_WIDTH / widest * 100)))
    if len(blocks) > 1 and titles >= NARROWEST_NOTE:
        _notes_within(sheet, title_columns, titles)
    return blocks


def _notes_within(sheet: Worksheet, title_columns: int, width: float) -> None:
    """Re-wrap notes merged across column A within the repeated columns.

    Every page repeats those columns, rows above the header included: a note wider than them would
    show cut off at their edge on each page after the first.
    """
    for merged in list(sheet.merged_cells.ranges):
        if merged.min_col != 1 or merged.max_col <= title_columns or merged.min_row != merged.max_row:
            continue
        row = merged.min_row
        sheet.unmerge_cells(str(merged))
        if title_columns > 1:
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=title_columns)
        cell = sheet.cell(row=row, column=1)
        text = str(cell.value or "")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        lines = -(-len(text) // max(int(width * 1.1), 1)) + 1
        sheet.row_dimensions[row].height = max(15.0, lines * (cell.font.sz or 11) * 1.35)
