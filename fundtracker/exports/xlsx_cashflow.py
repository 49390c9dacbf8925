"""The Monthly cash flow sheet: the forecast engine's projection, months down, balance as a formula.

Money in per stream, cost, charged and lapsed are the engine's figures for each month (months
before the export's as-of month that have actual spending show it, as the engine does);
unfunded is cost − charged and the running balance is the previous balance + money in −
charged − lapsed, both as formulas, so they can be followed and agree with the engine's
own unfunded and balance to the cent (the engine's invariants say so).
"""

from __future__ import annotations

from collections.abc import Callable

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from fundtracker.domain.months import first_day, fiscal_year, format_month
from fundtracker.domain.records import Workspace
from fundtracker.exports.xlsx_basis import BudgetBasis
from fundtracker.exports.xlsx_cells import CURRENCY, MONTH, SheetWriter, dollars

HEADER_ROW = 4
OPENING_ROW = 5


def write_cash_flow(
    sheet: Worksheet, workspace: Workspace, basis: BudgetBasis, tick: Callable[[], None]
) -> dict[tuple[str, int], int]:
    """Write the sheet; return what each counted stream brings in per fiscal year (cents)."""
    from fundtracker.forecast import project, resolve

    months = basis.all_months
    projection = project(resolve(workspace, basis.view, basis.scenario, basis.as_of), months.start, len(months))
    out = SheetWriter(sheet)
    scenario = f", scenario {basis.scenario_name}" if basis.scenario else ""
    through = projection.actuals_through
    actuals = f" Cost through {format_month(through)} is actual spending." if through is not None else ""
    out.title(
        "Monthly cash flow",
        f"The runway forecast, {basis.view} view{scenario}. Balance = previous balance + money in − charged − lapsed; "
        f"unfunded = cost − charged.{actuals}",
    )
    streams = projection.streams
    labels = ["Month", *[f"{s.name} in" for s in streams], "Total money in", "Cost", "Charged", "Unfunded"]
    labels += ["Lapsed", "Balance"]
    out.header(HEADER_ROW, labels)
    total_in = 2 + len(streams)
    cost, charged, unfunded, lapsed, balance = (total_in + i for i in range(1, 6))
    letter = {
        name: get_column_letter(column)
        for name, column in (
            ("in", total_in),
            ("cost", cost),
            ("charged", charged),
            ("lapsed", lapsed),
            ("balance", balance),
        )
    }
    out.text(OPENING_ROW, 1, "Opening balance")
    out.value(OPENING_ROW, balance, dollars(int(projection.stream_opening.sum())), CURRENCY)
    first_stream, last_stream = get_column_letter(2), get_column_letter(total_in - 1)
    received: dict[tuple[str, int], int] = {}
    fy_start = basis.fy_start
    for column, month in enumerate(projection.months):
        tick()
        row = OPENING_ROW + 1 + column
        out.value(row, 1, first_day(month), MONTH)
        fy = fiscal_year(month, fy_start)
        for index, stream in enumerate(streams):
            amount = int(projection.stream_inflow[index, column])
            if amount:  # blank when nothing comes in: easier to read, and far smaller with many streams
                out.value(row, 2 + index, dollars(amount), CURRENCY)
            received[(stream.key, fy)] = received.get((stream.key, fy), 0) + amount
        if streams:
            out.formula(row, total_in, f"=SUM({first_stream}{row}:{last_stream}{row})", CURRENCY)
        else:
            out.value(row, total_in, 0, CURRENCY)
        out.value(row, cost, dollars(int(projection.cost[column])), CURRENCY)
        out.value(row, charged, dollars(int(projection.charged[column])), CURRENCY)
        out.formula(row, unfunded, f"={letter['cost']}{row}-{letter['charged']}{row}", CURRENCY)
        out.value(row, lapsed, dollars(int(projection.lapsed[column])), CURRENCY)
        out.formula(
            row,
            balance,
            # ROUND to the cent: binary floating point would leave 5e-11 where the balance is 0.
            f"=ROUND({letter['balance']}{row - 1}+{letter['in']}{row}"
            f"-{letter['charged']}{row}-{letter['lapsed']}{row},2)",
            CURRENCY,
        )
    last_row = OPENING_ROW + len(projection.months)
    total_row = last_row + 2
    out.text(total_row, 1, "Total")
    for column in range(2, balance):
        column_letter = get_column_letter(column)
        out.formula(total_row, column, f"=SUM({column_letter}{OPENING_ROW + 1}:{column_letter}{last_row})", CURRENCY)
    out.formula(total_row, balance, f"={letter['balance']}{last_row}", CURRENCY)
    out.total_row(total_row, 1, balance)
    out.finish(header_row=HEADER_ROW, freeze=f"B{OPENING_ROW + 1}")
    return received
