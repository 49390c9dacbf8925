"""``fundtracker export application WORKSPACE --application KEY -o out.pdf``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from fundtracker.commands import options
from fundtracker.domain.records import APPLICATION_FONTS, FONT_SIZES, LINE_SPACINGS


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
    typography = parser.add_argument_group("typography (default: the application's own settings)")
    typography.add_argument("--font", choices=APPLICATION_FONTS, help="DejaVu Sans (sans) or DejaVu Serif (serif)")
    typography.add_argument("--font-size", type=int, choices=FONT_SIZES, metavar="PT", help="10, 11 or 12 points")
    typography.add_argument("--line-spacing", choices=LINE_SPACINGS, help="narrative line spacing")
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
    typography = _typography(workspace, args)
    report = build_application_pdf(workspace, args.application, Path(args.output), as_of=as_of, typography=typography)
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(f"wrote {args.output}: {report.pages} pages ({report.typography}), budget total {money(report.total)}")
    return 0


def _typography(workspace: Any, args: argparse.Namespace) -> Any:
    """The application's typography with the options given on the command line."""
    from dataclasses import replace

    from fundtracker.exports.typography import Typography
    from fundtracker.services.application_budget import find_application

    own = Typography.of(find_application(workspace, args.application))
    return replace(
        own,
        family=args.font or own.family,
        size=args.font_size or own.size,
        spacing=args.line_spacing or own.spacing,
    )
