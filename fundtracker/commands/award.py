"""``fundtracker award WORKSPACE --application KEY [--amount X] [--new-stream | --update-stream]``.

Records that an application was awarded: its stream becomes secured money and the award record
is made (version 0 of its budget = the application's budget; docs/awards.md). ``award WORKSPACE
--list`` lists the awards; ``award WORKSPACE --show KEY`` shows one (``--format json`` for both).

A stream another
application uses, or whose allocations the award's period would leave out, is not rewritten
unless asked: the command says what would change and who else is touched, and ``--new-stream``
gives the award a stream of its own (``--update-stream`` rewrites the stream anyway).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("award", help="record an award: the application's stream becomes secured money")
    parser.add_argument("workspace", help="workspace file or database URL")
    what = parser.add_mutually_exclusive_group(required=True)
    what.add_argument("--application", metavar="KEY", help="the application awarded")
    what.add_argument("--show", metavar="KEY", help="show the award KEY (its terms, budget versions, records)")
    what.add_argument("--list", action="store_true", help="list the awards")
    parser.add_argument("--format", choices=("table", "json"), default="table", help="for --show and --list")
    parser.add_argument("--on", metavar="YYYY-MM-DD", help="the day of the award (default: today)")
    parser.add_argument("--amount", metavar="MONEY", help="the amount awarded (default: the amount requested)")
    choice = parser.add_mutually_exclusive_group()
    choice.add_argument(
        "--new-stream",
        action="store_true",
        help="give the award a new stream of its own; the application's stream stays as it is",
    )
    choice.add_argument(
        "--update-stream",
        action="store_true",
        help="rewrite the application's stream even when other applications or allocations use it",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from datetime import date

    from fundtracker.domain.errors import InputError
    from fundtracker.domain.money import format_dollars, parse_money
    from fundtracker.domain.months import parse_date
    from fundtracker.services.award import award_steps, plan_award
    from fundtracker.services.workspace import WorkspaceService

    if args.application is None:
        return _show(args)
    try:
        amount = parse_money(args.amount) if args.amount is not None else None
    except InputError as exc:
        raise exc.at("--amount") from None
    try:
        on = parse_date(args.on) if args.on is not None else date.today()
    except InputError as exc:
        raise exc.at("--on") from None
    with WorkspaceService.open(args.workspace) as service:
        plan = plan_award(service.load(), args.application, amount, new_stream=args.new_stream, on=on)
        if plan.shared and not args.update_stream:
            for line in plan.report().splitlines():
                print(f"fundtracker: {line}", file=sys.stderr)
            raise InputError(
                f"stream {plan.stream_after.key!r} is used by others, so nothing was changed: --new-stream gives "
                "the award a stream of its own, --update-stream rewrites it anyway",
                "award",
            )
        service.apply(award_steps(plan))
    for line in plan.report().splitlines():
        print(line)
    stream = plan.stream_after
    print(f"awarded: stream {stream.key!r} is now secured, {format_dollars(stream.amount)}")
    return 0


def _show(args: argparse.Namespace) -> int:
    """``--list`` or ``--show KEY``: read the workspace, print the award(s)."""
    import json

    from fundtracker.services.award_summary import award_summaries, award_summary, summary_json
    from fundtracker.services.award_text import summary_lines, summary_table
    from fundtracker.services.locations import read_workspace

    workspace = read_workspace(args.workspace)
    summaries = [award_summary(workspace, args.show)] if args.show else award_summaries(workspace)
    if args.format == "json":
        data = [summary_json(s) for s in summaries]
        print(json.dumps(data[0] if args.show else {"awards": data}, indent=2, ensure_ascii=False))
    elif args.show:
        from fundtracker.services.budget_modification import meter_lines

        print("\n".join(summary_lines(summaries[0]) + meter_lines(workspace, args.show)))
    else:
        print("\n".join(summary_table(summaries)))
    return 0
