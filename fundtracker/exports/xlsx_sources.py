"""The Funding sources, Allocations and Assumptions sheets."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date

from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from fundtracker.domain.months import format_month
from fundtracker.exports.xlsx_basis import BudgetBasis
from fundtracker.exports.xlsx_cells import (
    CURRENCY,
    DATE,
    PERCENT,
    SheetWriter,
    add_defined_name,
    dollars,
)

HEADER_ROW = 4
FIRST_ROW = 5

SCHEDULE_LABELS = {
    "lump_sum": "lump sum",
    "monthly": "monthly",
    "quarterly": "quarterly",
    "tranches": "tranches",
    "reimbursement": "reimbursement",
}


def write_funding_sources(sheet: Worksheet, basis: BudgetBasis, received: Mapping[tuple[str, int], int] | None) -> None:
    """Each stream: funder, kind, status, probability, amount, money in by fiscal year, expected value.

    Args:
        received: cents each counted stream brings in per fiscal year (the engine's inflow),
            keyed by (stream key, fiscal year); ``None`` leaves those columns out.
    """
    out = SheetWriter(sheet)
    out.title(
        "Funding sources",
        f"Counted streams are those the {basis.view} view includes; totals add up counted streams only. "
        "Expected value = amount × probability.",
    )
    labels = [
        "Stream",
        "Name",
        "Funder",
        "Kind",
        "Status",
        "Counted",
        "Probability",
        "Amount",
        "Start",
        "End",
        "Schedule",
    ]
    fiscal_years = basis.fiscal_years if received is not None else ()
    labels += [f"FY{fy} money in" for fy in fiscal_years]
    labels.append("Expected value")
    out.header(HEADER_ROW, labels)
    value_column = len(labels)
    probability_cells: list[str] = []
    row = FIRST_ROW
    for stream in basis.streams:
        counted = stream.key in basis.counted_keys
        out.text(row, 1, stream.key)
        out.text(row, 2, stream.name)
        out.text(row, 3, stream.funder)
        out.text(row, 4, stream.kind.replace("_", " "))
        out.text(row, 5, stream.status)
        out.text(row, 6, "Yes" if counted else "No")
        out.input(row, 7, stream.probability, PERCENT)
        probability_cells.append(f"G{row}")
        out.input(row, 8, dollars(stream.amount), CURRENCY)
        out.value(row, 9, stream.start, DATE)
        if stream.end:
            out.value(row, 10, stream.end, DATE)
        schedule = SCHEDULE_LABELS.get(stream.schedule.type, stream.schedule.type)
        if stream.schedule.type == "reimbursement":
            schedule += f", paid {stream.schedule.lag_days} days after costs"
        out.text(row, 11, schedule)
        for index, fy in enumerate(fiscal_years):
            if received is not None and counted:
                out.value(row, 12 + index, dollars(received.get((stream.key, fy), 0)), CURRENCY)
        out.formula(row, value_column, f"=ROUND(H{row}*G{row},2)", CURRENCY)
        row += 1
    last_row = max(row - 1, FIRST_ROW)
    total_row = last_row + 2
    out.text(total_row, 1, "Total counted")
    counted_range = f"$F${FIRST_ROW}:$F${last_row}"
    for column in [8, *range(12, 12 + len(fiscal_years)), value_column]:
        letter = get_column_letter(column)
        out.formula(
            total_row, column, f'=SUMIFS({letter}{FIRST_ROW}:{letter}{last_row},{counted_range},"Yes")', CURRENCY
        )
    out.total_row(total_row, 1, value_column)
    out.validate("decimal", probability_cells, low=0, high=1, prompt="A probability between 0% and 100%")
    out.finish(header_row=HEADER_ROW, freeze=f"C{FIRST_ROW}")


def write_allocations(sheet: Worksheet, basis: BudgetBasis) -> None:
    """Cost lines down, streams across: the percent of each cost line each stream pays, per period."""
    out = SheetWriter(sheet)
    out.title("Allocations", "Percent of each cost line charged to each stream. Change them on the Personnel sheet.")
    streams = basis.streams
    labels = ["Cost line", "Kind", "Title", "From", "To", *[s.name for s in streams], "Total", "Unallocated"]
    out.header(HEADER_ROW, labels)
    column_of = {stream.key: 6 + i for i, stream in enumerate(streams)}
    total_column = 6 + len(streams)
    lines = [(p.key, "position", p.title) for p in basis.positions]
    lines += [(e.key, "expense", e.description) for e in basis.expenses]
    row = FIRST_ROW
    for key, kind, title in lines:
        periods: dict[tuple[date | None, date | None], dict[str, float]] = {}
        for allocation in basis.allocations_of(key):
            shares = periods.setdefault((allocation.start, allocation.end), {})
            shares[allocation.stream] = shares.get(allocation.stream, 0.0) + float(allocation.percent / 100)
        for (start, end), shares in sorted(periods.items(), key=lambda item: item[0][0] or date.min) or [
            ((None, None), {})
        ]:
            out.text(row, 1, key)
            out.text(row, 2, kind)
            out.text(row, 3, title)
            if start:
                out.value(row, 4, start, DATE)
            if end:
                out.value(row, 5, end, DATE)
            for stream_key, share in shares.items():
                if stream_key in column_of:
                    out.value(row, column_of[stream_key], share, PERCENT)
            if streams:
                first, last = get_column_letter(6), get_column_letter(total_column - 1)
                out.formula(row, total_column, f"=SUM({first}{row}:{last}{row})", PERCENT)
            else:
                out.value(row, total_column, 0, PERCENT)
            out.formula(row, total_column + 1, f"=1-{get_column_letter(total_column)}{row}", PERCENT)
            row += 1
    out.finish(header_row=HEADER_ROW, freeze=f"D{FIRST_ROW}")


def write_assumptions(workbook: Workbook, sheet: Worksheet, basis: BudgetBasis, exported: date) -> None:
    """Rates (as the defined names FringeRate and IndirectRate) and what the workbook shows."""
    out = SheetWriter(sheet)
    out.title("Assumptions", "Change the yellow rates and every sheet follows.")
    out.header(HEADER_ROW, ["Assumption", "Value", "Note"])
    org = basis.organization
    months = basis.all_months
    rows: list[tuple[str, object, str]] = [
        ("Workspace", basis.workspace_name, ""),
        ("Organization", org.name, ""),
        ("Fringe rate", org.fringe_rate, "FringeRate: used by positions without a rate of their own"),
        (
            "Indirect rate",
            org.indirect_rate,
            "IndirectRate: the organization's rate, on the MTDC of other sources and of federal streams "
            "with no application (Summary, Indirect costs by stream)",
        ),
        ("Fiscal year starts", calendar.month_name[org.fiscal_year_start_month], ""),
        ("Fiscal years", ", ".join(f"FY{fy}" for fy in basis.fiscal_years), ""),
        ("Horizon", f"{format_month(months.start)} to {format_month(months.stop - 1)}", f"{len(months)} months"),
        ("View", basis.view, "secured: secured streams only; expected: adds pending, contested and prospect"),
        ("Scenario", basis.scenario_name if basis.scenario else "(none)", basis.scenario or ""),
        ("As of", basis.as_of, ""),
        ("Exported", exported, ""),
    ]
    for offset, (label, value, note) in enumerate(rows):
        row = FIRST_ROW + offset
        out.text(row, 1, label, bold=True)
        if label == "Fringe rate":
            out.input(row, 2, value, PERCENT)
            add_defined_name(workbook, "FringeRate", sheet, f"$B${row}")
        elif label == "Indirect rate":
            out.input(row, 2, value, PERCENT)
            add_defined_name(workbook, "IndirectRate", sheet, f"$B${row}")
        elif isinstance(value, date):
            out.value(row, 2, value, DATE)
        else:
            out.text(row, 2, str(value))
        out.text(row, 3, note, wrap=True)  # wrapped: a long note would run off the printed page
    rate_rows = [f"B{FIRST_ROW + i}" for i, (label, _, _) in enumerate(rows) if label.endswith("rate")]
    out.validate("decimal", rate_rows, low=0, high=1, prompt="A rate between 0% and 100%")
    out.finish(header_row=HEADER_ROW, freeze=f"B{FIRST_ROW}")
