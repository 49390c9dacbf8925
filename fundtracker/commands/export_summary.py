"""``fundtracker export summary WORKSPACE -o board.pdf``: the two-page board summary."""

from __future__ import annotations

import argparse
from typing import Any

from fundtracker.commands import options


def register_export(kinds: Any) -> None:
    summary = kinds.add_parser(
        "summary",
        help="two-page board summary PDF",
        description="Write the board summary: the headline, balance and odds charts, who goes unfunded first, "
        "the fundraising need, the scenarios and the money lapsing unspent.",
    )
    summary.add_argument("workspace", help="workspace file, .json or database URL")
    summary.add_argument("-o", "--output", required=True, metavar="FILE", help="the .pdf to write (atomically)")
    summary.add_argument("--scenario", metavar="KEY", help="apply this scenario's overrides to the headline figures")
    summary.add_argument("--as-of", metavar="YYYY-MM-DD", help="the day of the summary (default today)")
    summary.set_defaults(func=run_export_summary)


def run_export_summary(args: argparse.Namespace) -> int:
    from datetime import date

    from fundtracker.commands.export import require_suffix
    from fundtracker.exports.pdf_summary import write_summary_pdf
    from fundtracker.services.locations import check_output, read_workspace

    require_suffix(args.output, ".pdf", "a board summary")
    check_output(args.output, args.workspace)
    workspace = read_workspace(args.workspace)
    pages = write_summary_pdf(
        workspace, args.output, as_of=options.as_of(args.as_of) or date.today(), scenario=args.scenario
    )
    print(f"wrote the board summary ({pages} page{'s' if pages != 1 else ''}) to {args.output}")
    return 0
