"""``fundtracker export budget-detail WORKSPACE --application KEY -o FILE.xlsx``: the DOJ Budget Detail Worksheet."""

from __future__ import annotations

import argparse
from typing import Any


def register_export(kinds: Any) -> None:
    parser = kinds.add_parser(
        "budget-detail",
        help="an application's DOJ Budget Detail Worksheet as Excel, with live formulas",
        description="Write an application's budget in the layout of the DOJ Budget Detail Worksheet: a "
        "Budget Summary and a sheet per category (personnel … indirect), each line with its computation and "
        "its federal and non-federal shares; the totals equal the SF-424A.",
        usage="fundtracker export budget-detail WORKSPACE --application KEY -o FILE.xlsx",
    )
    parser.add_argument("workspace", help="workspace file, .json or database URL")
    parser.add_argument("--application", required=True, metavar="KEY", help="the application's key")
    parser.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help="the .xlsx to write (atomically)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from fundtracker.commands.export import require_suffix
    from fundtracker.exports.doj_worksheet import describe, write_doj_worksheet
    from fundtracker.services.locations import check_output, read_workspace

    require_suffix(args.output, ".xlsx", "a budget detail worksheet")
    check_output(args.output, args.workspace)
    workspace = read_workspace(args.workspace)
    report = write_doj_worksheet(workspace, args.application, args.output)
    print(f"wrote the budget detail worksheet to {args.output}: {describe(report)}")
    return 0
