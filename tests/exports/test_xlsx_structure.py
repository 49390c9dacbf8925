"""How the workbook is built: formulas not values, names, protection, validation, print set-up."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from fundtracker.domain.errors import InputError
from fundtracker.domain.records import Workspace
from fundtracker.exports.budget_xlsx import ExportCancelled, write_budget_workbook


@pytest.fixture
def book(sample: Workspace, tmp_path: Path) -> openpyxl.Workbook:
    path = tmp_path / "budget.xlsx"
    write_budget_workbook(sample, path, as_of=date(2022, 1, 1))
    return openpyxl.load_workbook(path)


def test_sheets_in_order(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == [
        "Summary",
        "Personnel",
        "Other direct costs",
        "Funding sources",
        "Monthly cash flow",
        "Allocations",
        "Budget vs actual",
        "Assumptions",
    ]
    balance = book["Monthly cash flow"]["L7"].value
    assert balance == "=ROUND(L6+G7-I7-K7,2)"  # previous balance + money in − charged − lapsed


def test_figures_are_formulas_not_pasted_values(book: openpyxl.Workbook) -> None:
    summary = book["Summary"]
    assert str(summary["C5"].value).startswith("=SUMIFS('Personnel'!")
    assert summary["F5"].value.startswith("='Personnel'!")  # FY total personnel
    assert summary["F14"].value == "=C14+D14+E14"  # indirect: federal + match + other sources
    # Other sources' indirect: the organization's rate (a live input) on their MTDC, in whole cents.
    other = next(r for r in range(20, summary.max_row + 1) if summary.cell(r, 1).value == "Other sources")
    assert summary.cell(other, 3).value == "=IndirectRate"
    assert summary.cell(other, 6).value == f"=ROUND(ROUND(E{other}*100,0)*ROUND($C${other}*10000,0)/10000,0)/100"
    personnel = book["Personnel"]
    assert personnel["O5"].value == "=ROUND($H$5*$G$5/12,2)"  # monthly salary, FY2022
    assert personnel["Q5"].value == "=$O$5*4"  # four months (Jan–Apr 2022)
    # The second fiscal year carries one raise.
    assert personnel["T5"].value == "=ROUND($H$5*(1+$I$5)^1*$G$5/12,2)"
    assert personnel["J5"].value == "=FringeRate"


def test_rates_are_defined_names(book: openpyxl.Workbook) -> None:
    assert book.defined_names["FringeRate"].attr_text == "'Assumptions'!$B$7"
    assert book.defined_names["IndirectRate"].attr_text == "'Assumptions'!$B$8"
    assert book["Assumptions"]["B7"].value == pytest.approx(0.25)


def test_protected_without_password_inputs_unlocked(book: openpyxl.Workbook) -> None:
    personnel = book["Personnel"]
    assert personnel.protection.sheet is True
    assert not personnel.protection.password
    assert personnel["H5"].protection.locked is False  # annual salary: input
    assert personnel["Q5"].protection.locked is True  # salary cost: formula
    assert personnel["H5"].fill.fgColor.rgb.endswith("FFF2CC")


def test_inputs_are_validated(book: openpyxl.Workbook) -> None:
    rules = book["Personnel"].data_validations.dataValidation
    fte = next(r for r in rules if "G5" in str(r.sqref))
    assert (fte.type, fte.formula1, fte.formula2) == ("decimal", "0", "1.5")
    percent = next(r for r in rules if "K6" in str(r.sqref))
    assert (percent.formula1, percent.formula2) == ("0", "1")


def test_looks_finished(book: openpyxl.Workbook) -> None:
    personnel = book["Personnel"]
    assert personnel.freeze_panes == "C5"
    assert personnel.page_setup.orientation == "landscape"
    assert personnel.print_title_rows == "$4:$4"
    # Accounting: negatives in parentheses, zero as a dash, always dollars.
    assert personnel["Q5"].number_format == '_("$"* #,##0.00_);_("$"* (#,##0.00);_("$"* "-"??_);_(@_)'
    assert personnel.column_dimensions["C"].width >= len("Client Advocate")
    total = book["Summary"]["F13"]
    assert total.font.b and total.border.bottom.style == "double"


def test_fiscal_years_chosen(sample: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "b.xlsx"
    write_budget_workbook(sample, path, fiscal_years=range(2023, 2026), as_of=date(2022, 1, 1))
    headers = [c.value for c in openpyxl.load_workbook(path)["Summary"][4]]
    assert "FY2023 total" in headers and "FY2025 total" in headers and "FY2022 total" not in headers


def test_bad_fiscal_years_and_view_are_refused(sample: Workspace, tmp_path: Path) -> None:
    with pytest.raises(InputError, match="consecutive"):
        write_budget_workbook(sample, tmp_path / "b.xlsx", fiscal_years=[2023, 2025])
    with pytest.raises(InputError, match="view"):
        write_budget_workbook(sample, tmp_path / "b.xlsx", view="hopeful")
    assert not list(tmp_path.iterdir())


def test_cancel_leaves_existing_file_untouched(sample: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    path.write_bytes(b"the old workbook")
    calls: list[tuple[int, int]] = []
    with pytest.raises(ExportCancelled):
        write_budget_workbook(
            sample, path, progress=lambda done, total: calls.append((done, total)), cancelled=lambda: len(calls) >= 3
        )
    assert path.read_bytes() == b"the old workbook"
    assert [p.name for p in tmp_path.iterdir()] == ["budget.xlsx"]


def test_progress_reaches_the_end(sample: Workspace, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    write_budget_workbook(sample, tmp_path / "b.xlsx", progress=lambda d, t: calls.append((d, t)))
    assert calls[0] == (0, calls[0][1]) and calls[-1] == (calls[-1][1], calls[-1][1])
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_every_sheet_prints_with_headers_footers_and_a_print_area(book: openpyxl.Workbook) -> None:
    for sheet in book.worksheets:
        assert sheet.page_setup.orientation == "landscape", sheet.title
        assert sheet.page_setup.paperSize == 1, sheet.title  # Letter
        assert sheet.oddHeader.left.text == "Kansas City Community Safety Partnership", sheet.title
        assert sheet.oddHeader.center.text == "&A"  # the sheet's name
        assert sheet.oddHeader.right.text == "Printed &D"  # the print date, in the reader's format
        assert sheet.oddFooter.center.text == "Page &P of &N"
        area = sheet.print_area
        assert area and area.startswith(f"'{sheet.title}'!$A$1:"), (sheet.title, area)
        if sheet.col_breaks.brk:  # too wide for one page: blocks of columns, the key columns repeated
            assert sheet.print_title_cols and not sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
            assert 55 <= sheet.page_setup.scale <= 100
        else:  # fit to one page wide
            assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
            assert sheet.page_setup.fitToHeight == 0
    blocked = {sheet.title for sheet in book.worksheets if sheet.col_breaks.brk}
    assert {"Summary", "Personnel", "Other direct costs"} <= blocked
    assert not blocked & {"Budget vs actual", "Assumptions"}  # reports: one page across


def test_personnel_prints_in_blocks_with_its_key_columns_repeated(book: openpyxl.Workbook) -> None:
    personnel = book["Personnel"]
    assert personnel.print_title_cols == "$A:$C"  # Position, Line, Title on every page
    assert not personnel.sheet_properties.pageSetUpPr.fitToPage  # fitting would drop the breaks
    # Who (A–F), the inputs (G–M), then one block of five columns per fiscal year (three years).
    assert [b.id for b in personnel.col_breaks.brk] == [6, 13, 18, 23]
    assert personnel.print_area == f"'Personnel'!$A$1:$AB${_total_row(personnel)}"  # not the Stream key column
    assert 55 <= personnel.page_setup.scale <= 100


def _total_row(sheet) -> int:  # type: ignore[no-untyped-def]
    return next(row for row in range(1, sheet.max_row + 1) if sheet.cell(row, 1).value == "Total personnel")


def test_dates_use_the_readers_short_date_format(book: openpyxl.Workbook) -> None:
    cell = book["Personnel"]["L5"]
    assert isinstance(cell.value, date) and cell.number_format == "mm-dd-yy"  # From: a date, not text
    # mm-dd-yy is Excel's built-in format 14: shown in the reader's locale (what LibreOffice and Excel do).
    from openpyxl.styles.numbers import BUILTIN_FORMATS

    assert BUILTIN_FORMATS[14] == cell.number_format


def test_header_text_escapes_ampersands_and_is_cut() -> None:
    from fundtracker.exports.xlsx_print import HEADER_LIMIT, header_text

    assert header_text("Smith & Jones") == "Smith && Jones"
    assert len(header_text("x" * 500)) == HEADER_LIMIT


def test_notes_wrap_where_every_printed_page_shows_them(book: openpyxl.Workbook) -> None:
    """A note wider than the repeated columns would print cut off at their edge on later pages."""
    personnel = book["Personnel"]
    assert "A2:C2" in {str(r) for r in personnel.merged_cells.ranges}  # within Position, Line, Title
    assert personnel["A2"].alignment.wrap_text and personnel.row_dimensions[2].height > 15
    # One page across: the note spans the page's first columns.
    bva = book["Budget vs actual"]
    merged = next(r for r in bva.merged_cells.ranges if r.min_row == 2)
    assert merged.min_col == 1 and merged.max_col > 2 and bva["A2"].alignment.wrap_text
