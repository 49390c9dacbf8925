"""``fundtracker export application WORKSPACE --application KEY -o out.pdf``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from fundtracker.commands import options


def register_export(kinds: Any) -> None:
    parser = kinds.add_parser(
        "application",
        help="write a grant application as a PDF (cover, narrative, SF-424A budget, justification)",
        usage="fundtracker export application WORKSPACE --application KEY -o OUT.pdf [--as-of YYYY-MM-DD]",
    )
    parser.add_argument("workspace", help="workspace file, .json or database URL")
    parser.add_argument("--application", required=True, metavar="KEY", help="the application's key")
    parser.add_argument("-o", "--output", required=True, metavar="OUT.pdf", help="PDF to write (atomically)")
    parser.add_argument(
        "--as-of", metavar="YYYY-MM-DD", help="day live values such as the runway are computed from (default today)"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from fundtracker.commands.export import require_suffix
    from fundtracker.exports.pdf_application import build_application_pdf
    from fundtracker.services.application_budget import money
    from fundtracker.services.locations import check_output, read_workspace

    require_suffix(args.output, ".pdf", "an application")
    check_output(args.output, args.workspace)
    as_of = options.as_of(args.as_of)
    workspace = read_workspace(args.workspace)
    report = build_application_pdf(workspace, args.application, Path(args.output), as_of=as_of)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"wrote {args.output}: {report.pages} pages, budget total {money(report.total)}")
    return 0
