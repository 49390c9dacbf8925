"""``fundtracker award WORKSPACE --application KEY [--amount X] [--new-stream | --update-stream]``.

Records that an application was awarded: its stream becomes secured money. A stream another
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
    parser.add_argument("--application", required=True, metavar="KEY", help="the application awarded")
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
    from fundtracker.domain.errors import InputError
    from fundtracker.domain.money import format_dollars, parse_money
    from fundtracker.services.award import award_steps, plan_award
    from fundtracker.services.workspace import WorkspaceService

    try:
        amount = parse_money(args.amount) if args.amount is not None else None
    except InputError as exc:
        raise exc.at("--amount") from None
    with WorkspaceService.open(args.workspace) as service:
        plan = plan_award(service.load(), args.application, amount, new_stream=args.new_stream)
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
