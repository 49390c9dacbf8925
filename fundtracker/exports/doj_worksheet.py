"""The DOJ Budget Detail Worksheet of an application as an Excel workbook with live formulas.

The layout funders use (OJP's Budget Detail Worksheet): a Budget Summary, then one sheet per
category — A. Personnel, B. Fringe Benefits, C. Travel, D. Equipment, E. Supplies,
F. Construction, G. Subawards, H. Procurement Contracts, I. Other Costs, J. Indirect Costs —
each line with its computation, its total cost and its federal and non-federal shares. The
lines and their figures are the application budget's (:mod:`fundtracker.services.application_budget`);
the workbook computes with them:

- a line's part: charged per month (or charge) × count = total cost; charged per month is
  ``cost × % charged`` as a formula where that product is a whole cent, else the engine's
  share (the allocation rounding gives the leftover cent to the first allocation) as a value;
  fringe in a full month is ``ROUND(base salary × rate, 2)``;
- the match: each line's non-federal share is ``ROUND(total × match %)``, and the last line of a
  category in a year takes the rest of ``ROUND(category's year total × match %)``, so each
  category's shares equal SF-424A Section B's cells exactly;
- indirect per year: ``ROUND(MTDC × rate)``, MTDC = total direct less equipment and
  construction, from the Budget Summary's live totals;
- the Budget Summary sums each sheet by year (``SUMIFS``); its columns tie to SF-424A
  (contractual = subawards + procurement contracts).

Money is written in dollars; rounding formulas work on whole cents (``ROUND(x*100, 0)``) so a
half cent rounds up as the budget does, not as binary fractions happen to fall.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from fundtracker.domain.errors import Cancelled as DomainCancelled
from fundtracker.domain.money import round_cents
from fundtracker.domain.records import PROCUREMENT_METHOD_TITLES, FringeComponent, Workspace
from fundtracker.exports.xlsx_cells import CURRENCY, PERCENT, SheetWriter, check_cell_text, dollars, sheet_name
from fundtracker.services.application_budget import (
    ApplicationBudget,
    BudgetLine,
    LinePart,
    application_budget,
    find_application,
    money,
    position_label,
)
from fundtracker.store.atomic import atomic_path

HUNDRED = Decimal(100)
SUMMARY = "Budget Summary"
# (sheet title, budget category, SF-424A Section B line): the DOJ categories in the DOJ order.
CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("A. Personnel", "personnel", "a"),
    ("B. Fringe Benefits", "fringe", "b"),
    ("C. Travel", "travel", "c"),
    ("D. Equipment", "equipment", "d"),
    ("E. Supplies", "supplies", "e"),
    ("F. Construction", "construction", "g"),
    ("G. Subawards", "subawards", "f"),
    ("H. Procurement Contracts", "contractual", "f"),
    ("I. Other Costs", "other", "h"),
)
INDIRECT_SHEET = "J. Indirect Costs"
MTDC_EXCLUDED_SHEETS = ("D. Equipment", "F. Construction")
# Summary cells holding the live rates (percent numbers: 20 = 20 %).
MATCH_CELL = "$C$4"
RATE_CELL = "$C$5"
HEADER_ROW = 4
FIRST_LINE_ROW = 5


@dataclass(frozen=True)
class SheetColumns:
    """Where a category sheet keeps its figures (1-based columns)."""

    year: int
    total: int
    federal: int
    non_federal: int


DIRECT_COLUMNS = SheetColumns(year=1, total=8, federal=9, non_federal=10)
FRINGE_COLUMNS = SheetColumns(year=1, total=10, federal=11, non_federal=12)
INDIRECT_COLUMNS = SheetColumns(year=1, total=5, federal=6, non_federal=7)


class ExportCancelled(DomainCancelled):
    """The person cancelled the export; nothing was written."""


@dataclass(frozen=True)
class WorksheetReport:
    """What was written: the sheets, the line count and the totals (cents)."""

    sheets: tuple[str, ...]
    lines: int
    total: int
    federal: int
    non_federal: int


def write_doj_worksheet(
    workspace: Workspace,
    application_key: str,
    path: str | Path,
    *,
    cancelled: Callable[[], bool] | None = None,
) -> WorksheetReport:
    """Write the Budget Detail Worksheet of application ``application_key`` to ``path`` (atomically).

    Raises:
        NotFoundError: no such application.
        InputError: the application has no stream or period, or a text longer than a cell holds.
        ExportCancelled: ``cancelled()`` returned true before the file was written.
    """
    budget = application_budget(workspace, application_key)
    workbook = build_doj_worksheet(workspace, application_key, budget)
    if cancelled is not None and cancelled():
        raise ExportCancelled("export cancelled; no file was written")
    with atomic_path(Path(path)) as temp:
        workbook.save(temp)
    total = budget.category_total("total")
    lines = sum(1 for line in budget.lines if line.category != "indirect")
    return WorksheetReport(tuple(workbook.sheetnames), lines, total.total, total.federal, total.non_federal)


def build_doj_worksheet(workspace: Workspace, application_key: str, budget: ApplicationBudget) -> Workbook:
    """The workbook in memory (not saved)."""
    application = find_application(workspace, application_key)
    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = SUMMARY
    sheets: dict[str, tuple[Worksheet, SheetColumns]] = {}
    for title, category, _ in CATEGORIES:
        sheet = workbook.create_sheet(sheet_name(title))
        if category == "fringe":
            _write_fringe(sheet, title, budget, workspace)
            sheets[title] = (sheet, FRINGE_COLUMNS)
        else:
            _write_direct(sheet, title, category, budget, workspace)
            sheets[title] = (sheet, DIRECT_COLUMNS)
    indirect = workbook.create_sheet(sheet_name(INDIRECT_SHEET))
    _write_summary(summary, application.program_title, application.funder, budget, sheets)
    _write_indirect(indirect, budget)
    return workbook


# --- the category sheets -----------------------------------------------------------------


def _quoted(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


def _cents_round(expression: str, percent: str) -> str:
    """``ROUND(expression × percent / 100)`` to the cent, half up, on whole cents."""
    return f"ROUND(ROUND(({expression})*100,0)*{percent}/100,0)/100"


def _match_cell() -> str:
    return f"{_quoted(SUMMARY)}!{MATCH_CELL}"


def _rate_cell() -> str:
    return f"{_quoted(SUMMARY)}!{RATE_CELL}"


def _exact_share(part: LinePart) -> bool:
    """Whether ``cost × percent`` is exactly the share (then the worksheet computes it)."""
    return Decimal(part.cost) * part.percent / HUNDRED == part.share


def _start(out: SheetWriter, title: str, labels: list[str], note: str) -> None:
    out.title(title, note)
    out.header(HEADER_ROW, labels)


def _match_formulas(out: SheetWriter, rows: list[int], columns: SheetColumns) -> None:
    """Federal and non-federal shares of one category-year block of rows (see the module's rules)."""
    total, non_federal = get_column_letter(columns.total), get_column_letter(columns.non_federal)
    for index, row in enumerate(rows):
        if index == len(rows) - 1:
            block = f"{total}{rows[0]}:{total}{row}"
            share = _cents_round(f"SUM({block})", _match_cell())
            if len(rows) > 1:
                share += f"-SUM({non_federal}{rows[0]}:{non_federal}{rows[-2]})"
        else:
            share = _cents_round(f"{total}{row}", _match_cell())
        out.formula(row, columns.non_federal, f"={share}", CURRENCY)
        out.formula(row, columns.federal, f"={total}{row}-{non_federal}{row}", CURRENCY)


def _shares(
    out: SheetWriter, rows: list[int], non_federal: list[bool], columns: SheetColumns, budget: ApplicationBudget
) -> None:
    """The federal and non-federal columns of one category-year block: by the match percent, or, with
    match streams, all of a line to the side its stream is on."""
    if not budget.match_streams:
        _match_formulas(out, rows, columns)
        return
    total = get_column_letter(columns.total)
    for row, match in zip(rows, non_federal):
        out.formula(row, columns.non_federal, f"={total}{row}" if match else "=0", CURRENCY)
        out.formula(row, columns.federal, "=0" if match else f"={total}{row}", CURRENCY)


def _year_blocks(budget: ApplicationBudget, category: str) -> list[tuple[int, list[BudgetLine]]]:
    lines = [] if category == "subawards" else list(budget.lines_for(category))
    return [(year.number, [line for line in lines if line.year == year.number]) for year in budget.years]


def _write_direct(sheet: Worksheet, title: str, category: str, budget: ApplicationBudget, workspace: Workspace) -> None:
    out = SheetWriter(sheet)
    labels = [
        "Year",
        "Item",
        "Cost per unit",
        "% charged",
        "Charged per unit",
        "Count",
        "Unit",
        "Total cost",
        "Federal request",
        "Non-federal (match)",
        "Computation",
    ]
    equipment = category == "equipment"
    if equipment:
        labels += ["Purpose", "Procurement method"]
    expenses = {e.key: e for e in workspace.expenses}
    notes = {
        "subawards": "Subawards are not modelled: contractual costs are procurement contracts (sheet H).",
        "contractual": "Contractual costs of the plan (SF-424A line f with subawards).",
    }
    _start(out, title, labels, notes.get(category, f"SF-424A line {_line_of(category)}; figures from the plan."))
    row = FIRST_LINE_ROW
    columns = DIRECT_COLUMNS
    for year, lines in _year_blocks(budget, category):
        block: list[int] = []
        match_rows: list[bool] = []
        for line in lines:
            for index, part in enumerate(line.parts):
                out.value(row, 1, year)
                match_rows.append(line.non_federal)
                if index == 0:
                    _label(out, row, 2, line, category)
                out.value(row, 3, dollars(part.cost), CURRENCY)
                out.value(row, 4, float(part.percent / HUNDRED), PERCENT)
                if _exact_share(part):
                    out.formula(row, 5, f"=C{row}*D{row}", CURRENCY)
                else:
                    out.value(row, 5, dollars(part.share), CURRENCY)
                out.value(row, 6, part.count)
                out.text(row, 7, part.unit if part.count == 1 else part.unit + "s")
                out.formula(row, columns.total, f"=E{row}*F{row}", CURRENCY)
                computation = part.text + (f" ({line.note})" if line.note and index == 0 else "")
                _computation(out, row, 11, computation, sheet.title)
                expense = expenses.get(line.source)
                if equipment and index == 0 and expense is not None:
                    check_cell_text(expense.purpose, f"expense {expense.key!r} purpose")
                    out.text(row, 12, expense.purpose, wrap=True, fit=False)
                    out.text(row, 13, PROCUREMENT_METHOD_TITLES[expense.procurement_method])
                block.append(row)
                row += 1
        if block:
            _shares(out, block, match_rows, columns, budget)
            row = _subtotal(out, row, f"Year {year} subtotal", block, columns)
    if row == FIRST_LINE_ROW:
        out.text(row, 2, "No costs in this category.")
        row += 1
    _category_total(out, row, title, columns)
    _finish(out, 11)
    if equipment:
        sheet.column_dimensions["L"].width = 40


def _write_fringe(sheet: Worksheet, title: str, budget: ApplicationBudget, workspace: Workspace) -> None:
    out = SheetWriter(sheet)
    labels = [
        "Year",
        "Item",
        "Base (monthly salary)",
        "Fringe rate",
        "Fringe per month",
        "% charged",
        "Charged per month",
        "Months",
        "Unit",
        "Total cost",
        "Federal request",
        "Non-federal (match)",
        "Computation",
    ]
    _start(out, title, labels, "SF-424A line b; fringe = base salary × rate, prorated in part months.")
    row = FIRST_LINE_ROW
    columns = FRINGE_COLUMNS
    for year, lines in _year_blocks(budget, "fringe"):
        block: list[int] = []
        match_rows: list[bool] = []
        for line in lines:
            for index, part in enumerate(line.parts):
                rate = part.rate or Decimal(0)
                out.value(row, 1, year)
                match_rows.append(line.non_federal)
                if index == 0:
                    _label(out, row, 2, line, "fringe")
                out.value(row, 3, dollars(part.base), CURRENCY)
                out.value(row, 4, float(rate), PERCENT)
                if part.days is None and round_cents(Decimal(part.base) * rate) == part.cost:
                    out.formula(row, 5, f"=ROUND(ROUND(C{row}*100,0)*D{row},0)/100", CURRENCY)
                else:
                    out.value(row, 5, dollars(part.cost), CURRENCY)
                out.value(row, 6, float(part.percent / HUNDRED), PERCENT)
                if _exact_share(part):
                    out.formula(row, 7, f"=E{row}*F{row}", CURRENCY)
                else:
                    out.value(row, 7, dollars(part.share), CURRENCY)
                out.value(row, 8, part.count)
                out.text(row, 9, "month" if part.count == 1 else "months")
                out.formula(row, columns.total, f"=G{row}*H{row}", CURRENCY)
                _computation(out, row, 13, part.text, sheet.title)
                block.append(row)
                row += 1
        if block:
            _shares(out, block, match_rows, columns, budget)
            row = _subtotal(out, row, f"Year {year} subtotal", block, columns)
    if row == FIRST_LINE_ROW:
        out.text(row, 2, "No fringe benefits.")
        row += 1
    _category_total(out, row, title, columns)
    _fringe_components(out, row + 2, budget, workspace)
    _finish(out, 13)


def _fringe_components(out: SheetWriter, row: int, budget: ApplicationBudget, workspace: Workspace) -> None:
    """The fringe rates' components where the writer gave them, each rate the SUM of its parts."""
    organization = workspace.organization
    keys = {line.source for line in budget.lines_for("fringe")}
    groups: list[tuple[str, Decimal, tuple[FringeComponent, ...]]] = []
    for position in workspace.positions:
        if position.key in keys and position.fringe_components:
            rate = position.fringe_rate if position.fringe_rate is not None else organization.fringe_rate
            groups.append((position_label(position), rate, position.fringe_components))
    uses_organization = any(
        p.key in keys and not p.fringe_components and p.fringe_rate is None for p in workspace.positions
    )
    if organization.fringe_components and uses_organization:
        groups.insert(0, ("The organization's rate", organization.fringe_rate, organization.fringe_components))
    if not groups:
        return
    out.text(row, 2, "Fringe rate components", bold=True)
    row += 1
    for applies, _, components in groups:
        first = row
        for component in components:
            check_cell_text(component.name, "a fringe component's name")
            out.text(row, 2, applies if row == first else "")
            out.text(row, 3, component.name)
            out.value(row, 4, float(component.rate), PERCENT)
            row += 1
        out.text(row, 3, "Fringe rate", bold=True)
        out.formula(row, 4, f"=SUM(D{first}:D{row - 1})", PERCENT)
        out.total_row(row, 3, 4)
        row += 2


def _label(out: SheetWriter, row: int, column: int, line: BudgetLine, category: str) -> None:
    check_cell_text(line.label, f"budget line {line.source or category!r} label")
    out.text(row, column, line.label, wrap=True)


def _computation(out: SheetWriter, row: int, column: int, text: str, sheet: str) -> None:
    check_cell_text(text, f"the computation in {sheet}!row {row}")
    out.text(row, column, text, fit=False)


def _subtotal(out: SheetWriter, row: int, label: str, block: list[int], columns: SheetColumns) -> int:
    out.text(row, 2, label, bold=True)
    for column in (columns.total, columns.federal, columns.non_federal):
        letter = get_column_letter(column)
        out.formula(row, column, f"=SUM({letter}{block[0]}:{letter}{block[-1]})", CURRENCY)
    out.total_row(row, 2, columns.non_federal)
    return row + 2


def _finish(out: SheetWriter, computation: int) -> None:
    """Freeze the headings; the computation column wide enough to read, the year centred."""
    from openpyxl.styles import Alignment

    out.finish(header_row=HEADER_ROW, freeze=f"C{FIRST_LINE_ROW}")
    sheet = out.sheet
    sheet.column_dimensions[get_column_letter(computation)].width = 90
    sheet.column_dimensions["A"].width = 6
    for row in range(FIRST_LINE_ROW, sheet.max_row + 1):
        sheet.cell(row, 1).alignment = Alignment(horizontal="center", vertical="top")


def _category_total(out: SheetWriter, row: int, title: str, columns: SheetColumns) -> None:
    """The whole category: a SUMIFS over the line rows (the Year column is empty on subtotal rows)."""
    out.text(row, 2, f"Total {title[3:].lower()}", bold=True)
    year = get_column_letter(columns.year)
    for column in (columns.total, columns.federal, columns.non_federal):
        letter = get_column_letter(column)
        span = f"{letter}{FIRST_LINE_ROW}:{letter}{row - 1}"
        out.formula(row, column, f'=SUMIFS({span},{year}{FIRST_LINE_ROW}:{year}{row - 1},">0")', CURRENCY)
    out.total_row(row, 2, columns.non_federal)


def _line_of(category: str) -> str:
    return next(line for _, key, line in CATEGORIES if key == category)


# --- the summary and indirect ------------------------------------------------------------------

SUMMARY_FIRST = 9  # first category row of the summary table
SUMMARY_HEADER = 8


def _summary_rows() -> dict[str, int]:
    """Row of each summary line: the nine categories, total direct, indirect, total."""
    rows = {title: SUMMARY_FIRST + index for index, (title, _, _) in enumerate(CATEGORIES)}
    rows["direct"] = SUMMARY_FIRST + len(CATEGORIES)
    rows[INDIRECT_SHEET] = rows["direct"] + 1
    rows["total"] = rows["direct"] + 2
    return rows


def _year_columns(year_index: int) -> tuple[int, int, int]:
    """Summary columns (federal, non-federal, total) of budget year ``year_index`` (0-based)."""
    first = 3 + 3 * year_index
    return first, first + 1, first + 2


def _write_summary(
    sheet: Worksheet,
    program: str,
    funder: str,
    budget: ApplicationBudget,
    sheets: dict[str, tuple[Worksheet, SheetColumns]],
) -> None:
    out = SheetWriter(sheet)
    check_cell_text(program, "application program_title")
    check_cell_text(funder, "application funder")
    periods = "; ".join(f"{y.label}: {y.period_text}" for y in budget.years)
    out.title(f"Budget Detail Worksheet: {program}", f"{funder}. {periods}.")
    if budget.match_streams:
        out.text(4, 1, "Match (non-federal): the lines charged to the match streams (sheets A–I)")
        out.value(4, 3, 0.0, "0.00")
    else:
        out.text(4, 1, "Match (non-federal), % of each cost")
        out.input(4, 3, float(budget.match_percent), "0.00")
    out.text(5, 1, f"Indirect rate, % of MTDC ({budget.indirect_rate_basis})")
    out.input(5, 3, float(budget.indirect_rate * HUNDRED), "0.00")
    out.text(
        6,
        1,
        "MTDC: total direct costs less equipment and construction. Change the rates above and every figure follows.",
        fit=False,
    )
    out.validate("decimal", ["C4", "C5"], low=0, high=100, prompt="A percent from 0 to 100")
    labels = ["Category", "SF-424A line"]
    for year in budget.years:
        labels += [f"{year.label} federal", f"{year.label} non-federal", f"{year.label} total"]
    labels += ["Total federal", "Total non-federal", "Total"]
    out.header(SUMMARY_HEADER, labels)
    rows = _summary_rows()
    count = len(budget.years)
    for title, _, line in CATEGORIES:
        row = rows[title]
        source, columns = sheets[title]
        out.text(row, 1, title)
        out.text(row, 2, line)
        name = _quoted(source.title)
        year_range = f"{name}!${get_column_letter(columns.year)}:${get_column_letter(columns.year)}"
        for index, year in enumerate(budget.years):
            federal, non_federal, total = _year_columns(index)
            for column, source_column in ((federal, columns.federal), (non_federal, columns.non_federal)):
                letter = get_column_letter(source_column)
                out.formula(row, column, f"=SUMIFS({name}!${letter}:${letter},{year_range},{year.number})", CURRENCY)
            out.formula(
                row, total, f"={get_column_letter(federal)}{row}+{get_column_letter(non_federal)}{row}", CURRENCY
            )
    _summary_totals(out, rows, count)
    out.finish(header_row=SUMMARY_HEADER, freeze=f"C{SUMMARY_FIRST}")


def _summary_totals(out: SheetWriter, rows: dict[str, int], count: int) -> None:
    first, last = rows[CATEGORIES[0][0]], rows[CATEGORIES[-1][0]]
    out.text(rows["direct"], 1, "Total direct costs", bold=True)
    out.text(rows["direct"], 2, "i")
    out.text(rows[INDIRECT_SHEET], 1, INDIRECT_SHEET)
    out.text(rows[INDIRECT_SHEET], 2, "j")
    out.text(rows["total"], 1, "Total project costs", bold=True)
    out.text(rows["total"], 2, "k")
    name = _quoted(INDIRECT_SHEET)
    year_range = f"{name}!$A:$A"
    for index in range(count):
        federal, non_federal, total = _year_columns(index)
        for column in (federal, non_federal, total):
            letter = get_column_letter(column)
            out.formula(rows["direct"], column, f"=SUM({letter}{first}:{letter}{last})", CURRENCY)
        for column, source in ((federal, "F"), (non_federal, "G")):
            out.formula(
                rows[INDIRECT_SHEET], column, f"=SUMIFS({name}!${source}:${source},{year_range},{index + 1})", CURRENCY
            )
        fed, non = get_column_letter(federal), get_column_letter(non_federal)
        out.formula(rows[INDIRECT_SHEET], total, f"={fed}{rows[INDIRECT_SHEET]}+{non}{rows[INDIRECT_SHEET]}", CURRENCY)
        for column in (federal, non_federal, total):
            letter = get_column_letter(column)
            out.formula(rows["total"], column, f"={letter}{rows['direct']}+{letter}{rows[INDIRECT_SHEET]}", CURRENCY)
    # The whole project: the years summed, share by share.
    for offset in range(3):
        column = 3 + 3 * count + offset
        parts = "+".join(f"{get_column_letter(3 + 3 * index + offset)}{{row}}" for index in range(count))
        for key in [title for title, _, _ in CATEGORIES] + ["direct", INDIRECT_SHEET, "total"]:
            row = rows[key]
            out.formula(row, column, "=" + parts.format(row=row), CURRENCY)
    for key in ("direct", "total"):
        out.total_row(rows[key], 1, 3 + 3 * count + 2)


def _write_indirect(sheet: Worksheet, budget: ApplicationBudget) -> None:
    out = SheetWriter(sheet)
    labels = [
        "Year",
        "Description",
        "Base (MTDC)",
        "Indirect rate",
        "Total cost",
        "Federal request",
        "Non-federal (match)",
        "Computation",
    ]
    _start(out, INDIRECT_SHEET, labels, "SF-424A line j: the rate (Budget Summary) × MTDC of each year.")
    rows = _summary_rows()
    summary = _quoted(SUMMARY)
    row = FIRST_LINE_ROW
    for index, year in enumerate(budget.years):
        federal_column, match_column, total = _year_columns(index)
        year_lines = budget.lines_for("indirect", year.number)
        for line in year_lines:
            if not budget.match_streams:
                column = total
            elif not line.non_federal:
                column = federal_column
            else:
                # One match stream: its base is the summary's non-federal column; several: the line's own.
                column = match_column if len(budget.match_streams) == 1 else 0
            out.value(row, 1, year.number)
            check_cell_text(line.label, "an indirect line's label")
            out.text(row, 2, line.label)
            if column:
                letter = get_column_letter(column)
                excluded = "".join(f"-{summary}!{letter}{rows[title]}" for title in MTDC_EXCLUDED_SHEETS)
                out.formula(row, 3, f"={summary}!{letter}{rows['direct']}{excluded}", CURRENCY)
            else:
                out.value(row, 3, dollars(_base_of(line, budget)), CURRENCY)
            out.formula(row, 4, f"={_rate_cell()}/100", PERCENT)
            out.formula(row, 5, f"={_cents_round(f'C{row}', _rate_cell())}", CURRENCY)
            if not budget.match_streams:
                out.formula(row, 7, f"={_cents_round(f'E{row}', _match_cell())}", CURRENCY)
            else:
                out.formula(row, 7, f"=E{row}" if line.non_federal else "=0", CURRENCY)
            out.formula(row, 6, f"=E{row}-G{row}", CURRENCY)
            _computation(out, row, 8, line.formula, sheet.title)
            row += 1
    _category_total(out, row, INDIRECT_SHEET, INDIRECT_COLUMNS)
    _finish(out, 8)


def _base_of(line: BudgetLine, budget: ApplicationBudget) -> int:
    """The MTDC an indirect line was computed on (the lines of its stream in its year)."""
    from fundtracker.domain.federal_facts import mtdc_of

    amounts: dict[str, int] = {}
    for other in budget.lines:
        if other.year == line.year and other.stream == line.stream and other.category != "indirect":
            amounts[other.category] = amounts.get(other.category, 0) + other.amount
    return mtdc_of(amounts)


def describe(report: WorksheetReport) -> str:
    """One line for the CLI: ``12 lines; total $690,262.18 (federal …, non-federal …)``."""
    return (
        f"{report.lines} lines on {len(report.sheets)} sheets; total {money(report.total)} "
        f"(federal {money(report.federal)}, non-federal {money(report.non_federal)})"
    )
