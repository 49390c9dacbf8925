"""``fundtracker draw WORKSPACE --award KEY …``: drawdown requests (SF-270) and their payments.

- ``--through YYYY-MM-DD [--format table|json] [-o request.pdf]`` computes the request for the
  period ending on that day, records it with the next number and prints it (JSON: ``number``,
  ``through``, ``amount`` and the ``lines`` it is computed from; docs/awards.md); ``-o`` also
  writes the SF-270-style PDF.
- ``--paid N --date YYYY-MM-DD --amount X`` records a payment received on request N (partial
  payments add up); ``--rejected N [--date YYYY-MM-DD]`` records that the funder refused it.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "draw", help="drawdown requests: compute and record one (SF-270 PDF), record a payment or refusal"
    )
    parser.add_argument("workspace", help="workspace file or database URL")
    parser.add_argument("--award", required=True, metavar="KEY", help="the award (its application's key)")
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--through", metavar="YYYY-MM-DD", help="request the money spent through this day")
    what.add_argument("--paid", metavar="N", type=int, help="record a payment received on request N")
    what.add_argument("--rejected", metavar="N", type=int, help="record that the funder refused request N")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="the day paid or refused (default today)")
    parser.add_argument("--amount", metavar="MONEY", help="with --paid: the amount received")
    parser.add_argument("--on", metavar="YYYY-MM-DD", help="with --through: the day of the request (default today)")
    parser.add_argument("--format", choices=("table", "json"), default="table", help="default: table")
    parser.add_argument("-o", "--output", metavar="FILE", help="with --through: also write the request as a PDF")
    parser.set_defaults(func=run)


def _day(text: str | None, option: str) -> Any:
    from datetime import date

    from fundtracker.domain.errors import InputError
    from fundtracker.domain.months import parse_date

    if text is None:
        return date.today()
    try:
        return parse_date(text)
    except InputError as exc:
        raise exc.at(option) from None


def run(args: argparse.Namespace) -> int:
    import json

    from fundtracker.domain.errors import InputError
    from fundtracker.domain.money import format_dollars, parse_money
    from fundtracker.services import drawdown
    from fundtracker.services.award_summary import find_award
    from fundtracker.services.workspace import WorkspaceService

    if args.through is None and args.output:
        raise InputError("writes a request's PDF; use it with --through", "-o")
    if args.paid is not None and args.amount is None:
        raise InputError("is required with --paid: the amount received", "--amount")
    if args.through is not None:
        through = _day(args.through, "--through")
        on = _day(args.on, "--on")
        if args.output:
            from fundtracker.commands.export import require_suffix
            from fundtracker.services.locations import check_output

            require_suffix(args.output, ".pdf", "a drawdown request")
            check_output(args.output, args.workspace)
        with WorkspaceService.open(args.workspace) as service:
            workspace = service.load()
            figures, steps = drawdown.request_steps(workspace, args.award, through, on)
            if args.output:
                # The PDF first: a file that cannot be written leaves no request recorded.
                from fundtracker.exports.pdf_drawdown import write_drawdown_pdf

                write_drawdown_pdf(workspace, figures, on, args.output)
            service.apply(steps)
        if args.format == "json":
            print(json.dumps(drawdown.figures_json(figures), indent=2, ensure_ascii=False))
        else:
            print("\n".join(drawdown.figures_text(figures)))
        if args.output:
            print(
                f"wrote request {figures.number} to {args.output}", file=sys.stderr if args.format == "json" else None
            )
        return 0
    day = _day(args.date, "--date")
    with WorkspaceService.open(args.workspace) as service:
        workspace = service.load()
        if args.paid is not None:
            try:
                amount = parse_money(args.amount)
            except InputError as exc:
                raise exc.at("--amount") from None
            service.apply([drawdown.payment_step(workspace, args.award, args.paid, day, amount)])
            draw = find_award(service.load(), args.award).draw(args.paid)
            assert draw is not None  # the payment step found it
            print(
                f"request {args.paid}: received {format_dollars(amount)} on {day.isoformat()}; "
                f"{format_dollars(draw.received)} of {format_dollars(draw.amount)} paid ({draw.status})"
            )
        else:
            service.apply([drawdown.rejection_step(workspace, args.award, args.rejected, day)])
            print(f"request {args.rejected}: rejected on {day.isoformat()}; its amount can be requested again")
    return 0
