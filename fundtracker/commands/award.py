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
    what.add_argument("--terms", metavar="KEY", help="change terms of award KEY with --set FIELD=VALUE …")
    what.add_argument("--income", metavar="KEY", help="record program income of award KEY (--date, --amount)")
    what.add_argument("--obligation", metavar="KEY", help="record an unliquidated obligation (--date, --amount)")
    what.add_argument("--liquidated", metavar="KEY", help="remove obligation --number N of award KEY: it was paid")
    parser.add_argument("--set", metavar="FIELD=VALUE", action="append", default=[], help="with --terms")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="with --income/--obligation (default today)")
    parser.add_argument("--note", default="", help="with --income/--obligation: a description")
    parser.add_argument("--number", type=int, metavar="N", help="with --liquidated: the obligation (1 = first)")
    parser.add_argument("--format", choices=("table", "json"), default="table", help="for --show and --list")
    parser.add_argument("--on", metavar="YYYY-MM-DD", help="the day of the award (default: today)")
    parser.add_argument(
        "--as-of", metavar="YYYY-MM-DD", help="for --show and --list: received, receivable, unbilled on this day"
    )
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

    if args.show or args.list:
        return _show(args)
    if args.application is None:
        return _edit(args)
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
    from datetime import date

    from fundtracker.commands import options
    from fundtracker.services.award_summary import award_summaries, award_summary, summary_json
    from fundtracker.services.award_text import summary_lines, summary_table
    from fundtracker.services.locations import read_workspace

    as_of = options.as_of(args.as_of) or date.today()
    workspace = read_workspace(args.workspace)
    summaries = [award_summary(workspace, args.show, as_of)] if args.show else award_summaries(workspace, as_of)
    if args.format == "json":
        data = [summary_json(s) for s in summaries]
        print(json.dumps(data[0] if args.show else {"awards": data}, indent=2, ensure_ascii=False))
    elif args.show:
        print("\n".join(summary_lines(summaries[0])))
    else:
        print("\n".join(summary_table(summaries)))
    return 0


def _edit(args: argparse.Namespace) -> int:
    """``--terms``, ``--income``, ``--obligation`` or ``--liquidated``: one change of the award."""
    from fundtracker.domain.errors import InputError
    from fundtracker.domain.money import format_dollars, parse_money
    from fundtracker.services import award_edits
    from fundtracker.services.workspace import WorkspaceService

    key = args.terms or args.income or args.obligation or args.liquidated
    with WorkspaceService.open(args.workspace) as service:
        workspace = service.load()
        if args.terms:
            if not args.set:
                raise InputError("give at least one FIELD=VALUE to change", "--set")
            values = {}
            for item in args.set:
                name, equals, value = item.partition("=")
                if not equals:
                    raise InputError(f"{item!r} is not FIELD=VALUE", "--set")
                values[name.strip()] = value
            service.apply([award_edits.terms_step(workspace, key, values)])
            print(f"award {key!r}: " + ", ".join(f"{name} = {value}" for name, value in values.items()))
        elif args.liquidated:
            if args.number is None:
                raise InputError("is required with --liquidated: the obligation paid (1 = the first)", "--number")
            service.apply([award_edits.liquidation_step(workspace, key, args.number)])
            print(f"award {key!r}: obligation {args.number} liquidated (removed)")
        else:
            if args.amount is None:
                raise InputError("is required: the amount", "--amount")
            try:
                amount = parse_money(args.amount)
            except InputError as exc:
                raise exc.at("--amount") from None
            day = _day(args.date, "--date")
            make = award_edits.income_step if args.income else award_edits.obligation_step
            service.apply([make(workspace, key, day, amount, args.note)])
            what = "program income" if args.income else "unliquidated obligation"
            print(f"award {key!r}: {what} of {format_dollars(amount)} on {day.isoformat()}")
    return 0


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
