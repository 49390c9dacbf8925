"""``fundtracker export application WORKSPACE --application KEY -o out.pdf`` (or ``out.docx``)."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from fundtracker.commands import options
from fundtracker.domain.records import APPLICATION_FONTS, FONT_SIZES, LINE_SPACINGS

FORMATS = ("pdf", "docx")


def register_export(kinds: Any) -> None:
    parser = kinds.add_parser(
        "application",
        help="write a grant application as a PDF or Word document (cover, narrative, SF-424A budget, justification)",
        usage="fundtracker export application WORKSPACE --application KEY -o OUT.pdf|OUT.docx [--format pdf|docx] "
        "[--as-of YYYY-MM-DD]",
    )
    parser.add_argument("workspace", help="workspace file, .json or database URL")
    parser.add_argument("--application", required=True, metavar="KEY", help="the application's key")
    parser.add_argument("-o", "--output", required=True, metavar="OUT", help=".pdf or .docx to write (atomically)")
    parser.add_argument(
        "--format", choices=FORMATS, help="pdf or docx (default: from the output's suffix); must agree with the suffix"
    )
    parser.add_argument(
        "--as-of", metavar="YYYY-MM-DD", help="day live values such as the runway are computed from (default today)"
    )
    typography = parser.add_argument_group("typography (default: the application's own settings)")
    typography.add_argument("--font", choices=APPLICATION_FONTS, help="DejaVu Sans (sans) or DejaVu Serif (serif)")
    typography.add_argument("--font-size", type=int, choices=FONT_SIZES, metavar="PT", help="10, 11 or 12 points")
    typography.add_argument("--line-spacing", choices=LINE_SPACINGS, help="narrative line spacing")
    parser.set_defaults(func=run)


def output_format(output: str, chosen: str | None) -> str:
    """``pdf`` or ``docx``: ``--format`` if given, else the output's suffix.

    Raises:
        InputError: the suffix is neither, or disagrees with ``--format``.
    """
    from fundtracker.commands.export import require_suffix

    suffix = next((kind for kind in FORMATS if output.lower().endswith(f".{kind}")), None)
    if chosen is not None:
        require_suffix(output, f".{chosen}", f"an application with --format {chosen}")
        return chosen
    if suffix is None:
        from fundtracker.domain.errors import InputError

        raise InputError("an application is written as .pdf or .docx; name the file out.pdf or out.docx", "-o")
    return suffix


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from fundtracker.services.application_budget import money
    from fundtracker.services.locations import check_output, read_workspace

    kind = output_format(args.output, args.format)
    check_output(args.output, args.workspace)
    as_of = options.as_of(args.as_of)
    workspace = read_workspace(args.workspace)
    typography = _typography(workspace, args)
    if kind == "docx":
        from fundtracker.exports.docx_application import build_application_docx

        written = build_application_docx(
            workspace, args.application, Path(args.output), as_of=as_of, typography=typography
        )
        for warning in written.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        print(
            f"wrote {args.output}: {len(written.sections)} sections ({written.typography}), "
            f"budget total {money(written.total)}"
        )
        return 0
    from fundtracker.exports.pdf_application import build_application_pdf

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
