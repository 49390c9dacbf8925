"""``fundtracker award WORKSPACE --application KEY [--amount X]``: record that an application was awarded."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("award", help="record an award: the application's stream becomes secured money")
    parser.add_argument("workspace", help="workspace file or database URL")
    parser.add_argument("--application", required=True, metavar="KEY", help="the application awarded")
    parser.add_argument("--amount", metavar="MONEY", help="the amount awarded (default: the amount requested)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from fundtracker.domain.errors import InputError
    from fundtracker.domain.money import format_dollars, parse_money
    from fundtracker.services.award import record_award
    from fundtracker.services.workspace import WorkspaceService

    try:
        amount = parse_money(args.amount) if args.amount is not None else None
    except InputError as exc:
        raise exc.at("--amount") from None
    with WorkspaceService.open(args.workspace) as service:
        stream = record_award(service, args.application, amount)
    print(f"awarded: stream {stream.key!r} is now secured, {format_dollars(stream.amount)}")
    return 0
