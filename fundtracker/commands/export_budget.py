"""``fundtracker export budget WORKSPACE -o budget.xlsx``: the Excel budget workbook."""

from __future__ import annotations

import argparse
import re
from typing import Any

from fundtracker.commands import options
from fundtracker.domain.errors import InputError


def register_export(kinds: Any) -> None:
    budget = kinds.add_parser(
        "budget",
        help="Excel budget workbook with live formulas",
        description="Write the budget as an Excel workbook: SF-424A summary, personnel, other costs, "
        "funding sources, monthly cash flow, allocations and assumptions, with live formulas.",
    )
    budget.add_argument("workspace", help="workspace file, .json or database URL")
    budget.add_argument("-o", "--output", required=True, metavar="FILE", help="the .xlsx to write (atomically)")
    budget.add_argument("--scenario", metavar="KEY", help="apply this scenario's overrides")
    budget.add_argument("--view", choices=("secured", "expected"), default="expected", help="which streams count")
    budget.add_argument(
        "--fiscal-years", metavar="FIRST-LAST", help="fiscal years to show, e.g. 2023-2025 (default: 3 from today's)"
    )
    budget.add_argument("--as-of", metavar="YYYY-MM-DD", help="the day the budget is made (default today)")
    budget.set_defaults(func=run_export_budget)


def parse_fiscal_years(text: str) -> range:
    """``2023-2025``, ``FY2023-FY2025`` or ``2024`` as a range of fiscal years."""
    match = re.fullmatch(r"\s*(?:FY)?(\d{4})\s*(?:-\s*(?:FY)?(\d{4}))?\s*", text, re.IGNORECASE)
    if not match:
        raise InputError(f"not a fiscal year range: {text!r}; write it as 2023-2025 or 2024", "--fiscal-years")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if last < first:
        raise InputError(f"{text!r} ends before it starts", "--fiscal-years")
    return range(first, last + 1)


def run_export_budget(args: argparse.Namespace) -> int:
    from fundtracker.commands.export import require_suffix
    from fundtracker.exports.budget_xlsx import write_budget_workbook
    from fundtracker.services.locations import check_output, read_workspace

    require_suffix(args.output, ".xlsx", "a budget workbook")
    check_output(args.output, args.workspace)
    years = parse_fiscal_years(args.fiscal_years) if args.fiscal_years else None
    as_of = options.as_of(args.as_of)
    workspace = read_workspace(args.workspace)
    write_budget_workbook(
        workspace, args.output, view=args.view, scenario=args.scenario, fiscal_years=years, as_of=as_of
    )
    print(f"wrote the budget workbook to {args.output}")
    return 0
