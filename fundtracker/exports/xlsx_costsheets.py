"""The Personnel and Other direct costs sheets: inputs, and costs as live formulas.

Each cost line has a line of its own (its whole cost) followed by one line per
stream share (an allocation: stream, % charged, period). Position inputs (FTE, annual
salary, raise, fringe rate) sit on the position's line; shares refer to them, so a
changed salary moves every share and the Summary.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from fundtracker.domain.records import Allocation, Expense, Position
from fundtracker.exports.xlsx_basis import (
    BudgetBasis,
    MonthGroup,
    Span,
    expense_groups,
    position_groups,
    raises_in,
    span_of,
)
from fundtracker.exports.xlsx_cells import CURRENCY, DATE, DECIMAL, PERCENT, SheetWriter, dollars
from fundtracker.exports.xlsx_print import column_widths, print_in_blocks
from fundtracker.exports.xlsx_shares import Splitter, cents_of, dollars_formula, prorated

HEADER_ROW = 4
FIRST_ROW = 5
POSITION_LINE = "Position"
EXPENSE_LINE = "Expense"
SHARE_LINE = "Share"


@dataclass
class CostColumns:
    """Where a cost sheet keeps its figures, for the Summary's formulas.

    Attributes:
        sheet: the sheet title.
        first_row, last_row: the data rows.
        total_row: the row of column totals.
        line_column, category_column, federal_column, class_column, stream_key_column: letters of
            the criteria columns (class: the object class in the share's stream's budget).
        cost: per fiscal year, the letters of the cost columns (Personnel: salary, fringe).
    """

    sheet: str
    first_row: int
    last_row: int
    total_row: int
    line_column: str
    federal_column: str
    category_column: str = ""
    class_column: str = ""
    stream_key_column: str = ""
    cost: dict[int, tuple[str, ...]] = field(default_factory=dict)

    def range(self, letter: str) -> str:
        title = self.sheet.replace("'", "''")
        return f"'{title}'!${letter}${self.first_row}:${letter}${self.last_row}"


Tick = Callable[[], None]


def _is_federal(basis: BudgetBasis, stream_key: str) -> bool:
    return basis.is_federal(stream_key)


def _stream_label(basis: BudgetBasis, stream_key: str) -> str:
    stream = basis.stream(stream_key)
    if stream is None:
        return f"{stream_key} (not in this scenario)"
    if stream_key not in basis.counted_keys:
        return f"{stream.name} (not counted in the {basis.view} view)"
    return stream.name


def _sum_terms(terms: list[str]) -> str:
    return "=" + "+".join(terms) if terms else "=0"


def position_salary_formula(monthly: str, span: Span) -> str:
    """Salary of a position over a span: monthly × full months + each prorated month."""
    terms = [f"{monthly}*{span.full}"] if span.full else []
    terms += [f"ROUND({monthly}*{days}/{total},2)" for days, total in span.partial]
    return _sum_terms(terms)


# -- Personnel ------------------------------------------------------------------------

P_KEY, P_LINE, P_TITLE, P_NAME, P_STREAM, P_FEDERAL = 1, 2, 3, 4, 5, 6
P_FTE, P_SALARY, P_RAISE, P_FRINGE, P_PERCENT, P_FROM, P_TO = 7, 8, 9, 10, 11, 12, 13
P_FIRST_FY = 14
P_PER_FY = 5


def write_personnel(sheet: Worksheet, basis: BudgetBasis, tick: Tick) -> CostColumns:
    """One line per position (inputs and its whole cost), then one per stream share."""
    out = SheetWriter(sheet)
    out.title(
        "Personnel",
        "Yellow cells are inputs. Monthly salary = ROUND(annual × (1 + raise)^years × FTE / 12, 2); "
        "fringe = ROUND(monthly salary × fringe rate, 2); partial months prorated by days. "
        "A share line counts only the months inside its stream's period.",
    )
    labels = [
        "Position",
        "Line",
        "Title",
        "Name",
        "Stream",
        "Federal share",
        "FTE",
        "Annual salary",
        "Annual raise",
        "Fringe rate",
        "% charged",
        "From",
        "To",
    ]
    for fy in basis.fiscal_years:
        labels += [
            f"FY{fy} months",
            f"FY{fy} monthly salary",
            f"FY{fy} monthly fringe",
            f"FY{fy} salary cost",
            f"FY{fy} fringe cost",
        ]
    labels.append("Stream key")
    out.header(HEADER_ROW, labels)
    key_column = len(labels)
    fte_cells: list[str] = []
    rate_cells: list[str] = []
    percent_cells: list[str] = []
    row = FIRST_ROW
    for position in basis.positions:
        tick()
        allocations = basis.allocations_of(position.key)
        pays = basis.pays(allocations)
        groups = [position_groups(position, basis.fy_months(fy), allocations, pays) for fy in basis.fiscal_years]
        _position_line(out, basis, position, groups, row)
        fte_cells.append(f"G{row}")
        rate_cells += [f"I{row}", f"J{row}"]
        position_row = row
        row += 1
        splitter = Splitter([f"$K${row + i}" for i in range(len(allocations))], [a.percent for a in allocations])
        for index in range(len(allocations)):
            _position_share(out, basis, position, allocations, index, splitter, groups, position_row, row)
            out.text(row, key_column, allocations[index].stream)
            percent_cells.append(f"K{row}")
            row += 1
    last_row = max(row - 1, FIRST_ROW)
    total_row = last_row + 2
    columns = CostColumns(
        sheet=sheet.title,
        first_row=FIRST_ROW,
        last_row=last_row,
        total_row=total_row,
        line_column="B",
        federal_column="F",
        stream_key_column=get_column_letter(key_column),
    )
    out.text(total_row, P_KEY, "Total personnel")
    for index, fy in enumerate(basis.fiscal_years):
        salary_column = P_FIRST_FY + index * P_PER_FY + 3
        columns.cost[fy] = (get_column_letter(salary_column), get_column_letter(salary_column + 1))
        for column in (salary_column, salary_column + 1):
            letter = get_column_letter(column)
            out.formula(
                total_row,
                column,
                f'=SUMIFS({columns.range(letter)},{columns.range("B")},"{POSITION_LINE}")',
                CURRENCY,
            )
    last_column = P_FIRST_FY + len(basis.fiscal_years) * P_PER_FY - 1
    out.total_row(total_row, 1, last_column)
    out.validate("decimal", fte_cells, low=0, high=1.5, prompt="FTE between 0 and 1.5")
    out.validate("decimal", rate_cells + percent_cells, low=0, high=1, prompt="A percentage between 0% and 100%")
    out.finish(header_row=HEADER_ROW, freeze=f"C{FIRST_ROW}")
    # On paper: who and which stream, the inputs, then each fiscal year's block, with Position,
    # Line and Title repeated; one page wide would shrink 28 columns past reading.
    print_groups = [(1, P_FEDERAL), (P_FTE, P_TO)] + [
        (P_FIRST_FY + index * P_PER_FY, P_FIRST_FY + (index + 1) * P_PER_FY - 1)
        for index in range(len(basis.fiscal_years))
    ]
    widths = column_widths(sheet)
    print_in_blocks(sheet, title_columns=P_TITLE, groups=print_groups, last_row=total_row, widths=widths)
    return columns


def _monthly_salary(position_row: int, raises: int) -> str:
    growth = f"*(1+$I${position_row})^{raises}" if raises else ""
    return f"=ROUND($H${position_row}{growth}*$G${position_row}/12,2)"


def _fy_columns(index: int) -> tuple[int, str, str]:
    """The first column of fiscal year ``index``'s block, and its monthly salary and fringe letters."""
    column = P_FIRST_FY + index * P_PER_FY
    return column, get_column_letter(column + 1), get_column_letter(column + 2)


def _position_line(
    out: SheetWriter, basis: BudgetBasis, position: Position, fy_groups: list[tuple[MonthGroup, ...]], row: int
) -> None:
    out.text(row, P_KEY, position.key, bold=True)
    out.text(row, P_LINE, POSITION_LINE)
    out.text(row, P_TITLE, position.title, bold=True)
    out.text(row, P_NAME, position.name)
    out.text(row, P_STREAM, "All streams")
    out.input(row, P_FTE, position.fte, DECIMAL)
    out.input(row, P_SALARY, dollars(position.annual_salary), CURRENCY)
    out.input(row, P_RAISE, position.annual_raise, PERCENT)
    fringe = "=FringeRate" if position.fringe_rate is None else position.fringe_rate
    out.input(row, P_FRINGE, fringe, PERCENT)
    out.value(row, P_FROM, position.start, DATE)
    if position.end:
        out.value(row, P_TO, position.end, DATE)
    for index, (fy, groups) in enumerate(zip(basis.fiscal_years, fy_groups)):
        span = span_of(groups)
        column, salary, fringe_letter = _fy_columns(index)
        out.value(row, column, span.months, DECIMAL)
        if span.empty:
            out.value(row, column + 3, 0, CURRENCY)
            out.value(row, column + 4, 0, CURRENCY)
            continue
        out.formula(row, column + 1, _monthly_salary(row, raises_in(position, fy, basis.fy_start)), CURRENCY)
        out.formula(row, column + 2, f"=ROUND({salary}{row}*$J${row},2)", CURRENCY)
        out.formula(row, column + 3, position_salary_formula(f"${salary}${row}", span), CURRENCY)
        out.formula(row, column + 4, position_salary_formula(f"${fringe_letter}${row}", span), CURRENCY)


def _position_share(
    out: SheetWriter,
    basis: BudgetBasis,
    position: Position,
    allocations: list[Allocation],
    index: int,
    splitter: Splitter,
    fy_groups: list[tuple[MonthGroup, ...]],
    position_row: int,
    row: int,
) -> None:
    allocation = allocations[index]
    out.text(row, P_KEY, position.key)
    out.text(row, P_LINE, SHARE_LINE)
    out.text(row, P_TITLE, f"  {position.title}")
    out.text(row, P_STREAM, _stream_label(basis, allocation.stream))
    out.text(row, P_FEDERAL, "Yes" if _is_federal(basis, allocation.stream) else "No")
    out.input(row, P_PERCENT, allocation.percent / 100, PERCENT)
    if allocation.start:
        out.value(row, P_FROM, allocation.start, DATE)
    if allocation.end:
        out.value(row, P_TO, allocation.end, DATE)
    for fy_index, groups in enumerate(fy_groups):
        column, salary, fringe = _fy_columns(fy_index)
        out.value(row, column, span_of(groups, index).months, DECIMAL)
        salary_terms: list[str] = []
        fringe_terms: list[str] = []
        for group in groups:
            salary_cents = cents_of(prorated(f"${salary}${position_row}", group))
            total_cents = f"({salary_cents}+{cents_of(prorated(f'${fringe}${position_row}', group))})"
            salary_share = splitter.share(salary_cents, group, index)
            total_share = splitter.share(total_cents, group, index)
            if salary_share is None or total_share is None:
                continue
            salary_terms.append(f"{salary_share}*{group.count}")
            fringe_terms.append(f"({total_share}-{salary_share})*{group.count}")
        out.formula(row, column + 3, dollars_formula(salary_terms), CURRENCY)
        out.formula(row, column + 4, dollars_formula(fringe_terms), CURRENCY)


# -- Other direct costs -------------------------------------------------------------------

E_KEY, E_LINE, E_DESCRIPTION, E_CATEGORY, E_CLASS, E_STREAM, E_FEDERAL = 1, 2, 3, 4, 5, 6, 7
E_RECURRENCE, E_AMOUNT, E_PERCENT, E_FROM, E_TO = 8, 9, 10, 11, 12
E_FIRST_FY = 13
E_PER_FY = 2
AMOUNT, PERCENT_CHARGED = get_column_letter(E_AMOUNT), get_column_letter(E_PERCENT)


def write_other_costs(sheet: Worksheet, basis: BudgetBasis, tick: Tick) -> CostColumns:
    """One line per expense (amount × times due), then one per stream share."""
    out = SheetWriter(sheet)
    out.title(
        "Other direct costs",
        "Yellow cells are inputs. Cost = amount × times due in the fiscal year; "
        "a share line counts only the months inside its stream's period. Object class: in a federal "
        "stream's budget an equipment item below the per-unit threshold is supplies.",
    )
    labels = [
        "Expense",
        "Line",
        "Description",
        "Category",
        "Object class",
        "Stream",
        "Federal share",
        "Recurrence",
        "Amount",
        "% charged",
        "From",
        "To",
    ]
    for fy in basis.fiscal_years:
        labels += [f"FY{fy} times", f"FY{fy} cost"]
    labels.append("Stream key")
    out.header(HEADER_ROW, labels)
    key_column = len(labels)
    percent_cells: list[str] = []
    row = FIRST_ROW
    expenses = sorted(basis.expenses, key=lambda e: (e.category, e.key))
    for expense in expenses:
        tick()
        allocations = basis.allocations_of(expense.key)
        _expense_line(out, basis, expense, row)
        expense_row = row
        row += 1
        splitter = Splitter(
            [f"${PERCENT_CHARGED}${row + i}" for i in range(len(allocations))], [a.percent for a in allocations]
        )
        pays = basis.pays(allocations)
        groups = [expense_groups(expense, basis.fy_months(fy), allocations, pays) for fy in basis.fiscal_years]
        for index in range(len(allocations)):
            _expense_share(out, basis, expense, allocations, index, splitter, groups, expense_row, row)
            out.text(row, key_column, allocations[index].stream)
            percent_cells.append(f"{PERCENT_CHARGED}{row}")
            row += 1
    last_row = max(row - 1, FIRST_ROW)
    total_row = last_row + 2
    columns = CostColumns(
        sheet=sheet.title,
        first_row=FIRST_ROW,
        last_row=last_row,
        total_row=total_row,
        line_column="B",
        federal_column=get_column_letter(E_FEDERAL),
        category_column=get_column_letter(E_CATEGORY),
        class_column=get_column_letter(E_CLASS),
        stream_key_column=get_column_letter(key_column),
    )
    out.text(total_row, E_KEY, "Total other direct costs")
    for index, fy in enumerate(basis.fiscal_years):
        column = E_FIRST_FY + index * E_PER_FY + 1
        letter = get_column_letter(column)
        columns.cost[fy] = (letter,)
        out.formula(
            total_row, column, f'=SUMIFS({columns.range(letter)},{columns.range("B")},"{EXPENSE_LINE}")', CURRENCY
        )
    last_column = E_FIRST_FY + len(basis.fiscal_years) * E_PER_FY - 1
    out.total_row(total_row, 1, last_column)
    out.validate("decimal", percent_cells, low=0, high=1, prompt="A percentage between 0% and 100%")
    out.finish(header_row=HEADER_ROW, freeze=f"C{FIRST_ROW}")
    return columns


def _expense_line(out: SheetWriter, basis: BudgetBasis, expense: Expense, row: int) -> None:
    out.text(row, E_KEY, expense.key, bold=True)
    out.text(row, E_LINE, EXPENSE_LINE)
    out.text(row, E_DESCRIPTION, expense.description, bold=True)
    out.text(row, E_CATEGORY, expense.category)
    out.text(row, E_CLASS, expense.category)
    out.text(row, E_STREAM, "All streams")
    out.text(row, E_RECURRENCE, expense.recurrence)
    out.input(row, E_AMOUNT, dollars(expense.amount), CURRENCY)
    out.value(row, E_FROM, expense.start, DATE)
    if expense.end:
        out.value(row, E_TO, expense.end, DATE)
    for index, fy in enumerate(basis.fiscal_years):
        times = sum(group.count for group in expense_groups(expense, basis.fy_months(fy), []))
        column = E_FIRST_FY + index * E_PER_FY
        out.value(row, column, times)
        out.formula(row, column + 1, f"=${AMOUNT}${row}*{times}", CURRENCY)


def _expense_share(
    out: SheetWriter,
    basis: BudgetBasis,
    expense: Expense,
    allocations: list[Allocation],
    index: int,
    splitter: Splitter,
    fy_groups: list[tuple[MonthGroup, ...]],
    expense_row: int,
    row: int,
) -> None:
    allocation = allocations[index]
    out.text(row, E_KEY, expense.key)
    out.text(row, E_LINE, SHARE_LINE)
    out.text(row, E_DESCRIPTION, f"  {expense.description}")
    out.text(row, E_CATEGORY, expense.category)
    out.text(row, E_CLASS, basis.object_class(expense, allocation.stream))
    out.text(row, E_STREAM, _stream_label(basis, allocation.stream))
    out.text(row, E_FEDERAL, "Yes" if _is_federal(basis, allocation.stream) else "No")
    out.input(row, E_PERCENT, allocation.percent / Decimal(100), PERCENT)
    if allocation.start:
        out.value(row, E_FROM, allocation.start, DATE)
    if allocation.end:
        out.value(row, E_TO, allocation.end, DATE)
    cost = cents_of(f"${AMOUNT}${expense_row}")
    for fy_index, groups in enumerate(fy_groups):
        terms = []
        times = 0
        for group in groups:
            share = splitter.share(cost, group, index)
            if share is not None:
                terms.append(f"{share}*{group.count}")
                times += group.count
        column = E_FIRST_FY + fy_index * E_PER_FY
        out.value(row, column, times)
        out.formula(row, column + 1, dollars_formula(terms), CURRENCY)
