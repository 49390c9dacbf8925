"""The Summary sheet: SF-424A Section B object classes a–k by fiscal year, federal / non-federal / total.

Every figure is a formula over the Personnel and Other direct costs sheets; the federal
share sums the share lines charged to counted federal grants, the non-federal share is
the rest (other streams and any unallocated cost).
"""

from __future__ import annotations

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from fundtracker.exports.xlsx_basis import BudgetBasis
from fundtracker.exports.xlsx_cells import CURRENCY, SheetWriter
from fundtracker.exports.xlsx_costsheets import EXPENSE_LINE, SHARE_LINE, CostColumns

HEADER_ROW = 4
FIRST_ROW = 5
# (letter, label, expense category or None)
OBJECT_CLASSES = (
    ("a", "Personnel", None),
    ("b", "Fringe Benefits", None),
    ("c", "Travel", "travel"),
    ("d", "Equipment", "equipment"),
    ("e", "Supplies", "supplies"),
    ("f", "Contractual", "contractual"),
    ("g", "Construction", "construction"),
    ("h", "Other", "other"),
)
ROW_OF = {letter: FIRST_ROW + i for i, (letter, _, _) in enumerate(OBJECT_CLASSES)}
ROW_OF["i"] = FIRST_ROW + 8
ROW_OF["j"] = FIRST_ROW + 9
ROW_OF["k"] = FIRST_ROW + 10
SHARES = ("Federal", "Non-federal", "Total")


def summary_column(index: int, share: str) -> int:
    """The column of fiscal year number ``index`` (0-based; len(fiscal_years) = all years) and share."""
    return 3 + index * 3 + SHARES.index(share)


def write_summary(sheet: Worksheet, basis: BudgetBasis, personnel: CostColumns, other: CostColumns) -> None:
    out = SheetWriter(sheet)
    scenario = f", scenario {basis.scenario_name}" if basis.scenario else ""
    out.title(
        f"Budget summary — {basis.workspace_name}",
        f"SF-424A Section B object classes, {basis.view} view{scenario}. Figures are formulas over the detail sheets.",
    )
    labels = ["", "Object class"]
    for fy in basis.fiscal_years:
        labels += [f"FY{fy} {share.lower()}" for share in SHARES]
    labels += [f"All years {share.lower()}" for share in SHARES]
    out.header(HEADER_ROW, labels)
    for letter, label, category in OBJECT_CLASSES:
        row = ROW_OF[letter]
        out.text(row, 1, letter)
        out.text(row, 2, label)
        for index, fy in enumerate(basis.fiscal_years):
            if category is None:
                columns = personnel
                cost = personnel.cost[fy][0 if letter == "a" else 1]
                federal = (
                    f'=SUMIFS({columns.range(cost)},{columns.range(columns.line_column)},"{SHARE_LINE}",'
                    f'{columns.range(columns.federal_column)},"Yes")'
                )
                total = f"='{columns.sheet}'!{cost}{columns.total_row}"
            else:
                columns = other
                cost = other.cost[fy][0]
                where = f'{columns.range(columns.category_column)},"{category}"'
                federal = (
                    f'=SUMIFS({columns.range(cost)},{columns.range(columns.line_column)},"{SHARE_LINE}",'
                    f'{columns.range(columns.federal_column)},"Yes",{where})'
                )
                total = f'=SUMIFS({columns.range(cost)},{columns.range(columns.line_column)},"{EXPENSE_LINE}",{where})'
            _shares(out, row, index, federal, total)
    direct, indirect, grand = ROW_OF["i"], ROW_OF["j"], ROW_OF["k"]
    out.text(direct, 1, "i")
    out.text(direct, 2, "Total Direct Charges (sum of a–h)")
    out.text(indirect, 1, "j")
    out.text(indirect, 2, "Indirect Charges")
    out.text(grand, 1, "k")
    out.text(grand, 2, "TOTALS (sum of i and j)")
    for index in range(len(basis.fiscal_years)):
        for share in SHARES:
            letter = get_column_letter(summary_column(index, share))
            out.formula(
                direct, summary_column(index, share), f"=SUM({letter}{FIRST_ROW}:{letter}{direct - 1})", CURRENCY
            )
            out.formula(grand, summary_column(index, share), f"={letter}{direct}+{letter}{indirect}", CURRENCY)
        federal_letter = get_column_letter(summary_column(index, "Federal"))
        total_letter = get_column_letter(summary_column(index, "Total"))
        out.formula(
            indirect, summary_column(index, "Federal"), f"=ROUND({federal_letter}{direct}*IndirectRate,2)", CURRENCY
        )
        out.formula(
            indirect, summary_column(index, "Total"), f"=ROUND({total_letter}{direct}*IndirectRate,2)", CURRENCY
        )
        out.formula(
            indirect,
            summary_column(index, "Non-federal"),
            f"={total_letter}{indirect}-{federal_letter}{indirect}",
            CURRENCY,
        )
    years = len(basis.fiscal_years)
    for row in range(FIRST_ROW, grand + 1):
        for share in SHARES:
            parts = "+".join(f"{get_column_letter(summary_column(i, share))}{row}" for i in range(years))
            out.formula(row, summary_column(years, share), f"={parts}", CURRENCY)
    last_column = summary_column(years, "Total")
    out.total_row(direct, 1, last_column)
    out.total_row(grand, 1, last_column)
    out.text(
        grand + 2,
        1,
        "Indirect charges: the indirect rate on the Assumptions sheet × total direct charges, rounded to the cent. "
        "Federal share: cost shares charged to federal grants counted in this view.",
        fit=False,
    )
    out.finish(header_row=HEADER_ROW, freeze=f"C{FIRST_ROW}")


def _shares(out: SheetWriter, row: int, index: int, federal: str, total: str) -> None:
    federal_column = summary_column(index, "Federal")
    total_column = summary_column(index, "Total")
    out.formula(row, federal_column, federal, CURRENCY)
    out.formula(row, total_column, total, CURRENCY)
    out.formula(
        row,
        summary_column(index, "Non-federal"),
        f"={get_column_letter(total_column)}{row}-{get_column_letter(federal_column)}{row}",
        CURRENCY,
    )
