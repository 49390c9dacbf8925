"""``fundtracker effort WORKSPACE …``: time and effort (2 CFR 200.430(i)).

* ``effort WS [--position KEY] [--from YYYY-MM] [--to YYYY-MM] [--format table|json]`` lists, per
  person and month, the effort charged beside the effort certified, and what is flagged.
* ``effort WS --certify KEY --month YYYY-MM --share STREAM=PERCENT … --certifier NAME [--date D]``
  records a certification (the percents total 100).
* ``effort WS --reallocate KEY --month YYYY-MM`` changes that month's allocations so the charges
  equal the certification, as one undoable change.
* ``effort WS --form KEY [--from …] [--to …] -o form.pdf`` writes the certification form.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from fundtracker.commands import options


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "effort",
        help="time and effort: charged beside certified per person and month; certify, reallocate, print the form",
    )
    parser.add_argument("workspace", help="workspace file or database URL")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--certify", metavar="POSITION", help="record the effort certified for a position and month")
    action.add_argument("--reallocate", metavar="POSITION", help="make the month's allocations match its certification")
    action.add_argument("--form", metavar="POSITION", help="write the certification form (PDF, with -o)")
    parser.add_argument("--position", metavar="KEY", action="append", help="only these positions (repeatable)")
    parser.add_argument("--month", metavar="YYYY-MM", help="the month certified or reallocated")
    parser.add_argument(
        "--share", metavar="STREAM=PERCENT", action="append", default=[], help="a stream's certified percent"
    )
    parser.add_argument("--certifier", metavar="NAME", help="who certified (the employee or a supervisor)")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="the day it was certified (default today)")
    parser.add_argument("--from", dest="start", metavar="YYYY-MM", help="first month (default: a year back)")
    parser.add_argument("--to", dest="end", metavar="YYYY-MM", help="last month (default: the as-of month)")
    parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="the day months close by (default today)")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("-o", "--output", metavar="FILE", help="the form's .pdf (with --form)")
    parser.set_defaults(func=run)


def _month(text: str | None, option: str) -> int | None:
    from fundtracker.domain.errors import InputError
    from fundtracker.domain.months import parse_month

    if text is None:
        return None
    try:
        return parse_month(text)
    except InputError as exc:
        raise exc.at(option) from None


def _shares(texts: list[str]) -> tuple[Any, ...]:
    from fundtracker.domain.errors import InputError
    from fundtracker.domain.records import EffortShare

    shares = []
    for text in texts:
        stream, sep, percent = text.partition("=")
        try:
            value = Decimal(percent.strip().rstrip("%"))
        except InvalidOperation:
            value = None
        if not sep or not stream.strip() or value is None or not value.is_finite():
            raise InputError(f"{text!r} is not STREAM=PERCENT (for example federal=80)", "--share")
        shares.append(EffortShare(stream.strip(), value))
    return tuple(shares)


def run(args: argparse.Namespace) -> int:
    from fundtracker.domain.errors import InputError
    from fundtracker.domain.months import format_month, month_index

    as_of = options.as_of(args.as_of) or date.today()
    if args.certify or args.reallocate:
        return _change(args, as_of)
    end = _month(args.end, "--to")
    end = month_index(as_of) if end is None else end
    start = _month(args.start, "--from")
    start = end - 11 if start is None else start
    if start > end:
        raise InputError(f"{format_month(start)} is after {format_month(end)}", "--from")
    if args.form:
        return _form(args, start, end, as_of)
    return _list(args, start, end, as_of)


def _change(args: argparse.Namespace, as_of: date) -> int:
    from fundtracker.domain.errors import InputError
    from fundtracker.domain.months import format_month, parse_date
    from fundtracker.domain.records import EffortCertification
    from fundtracker.services.effort import certify_steps, reallocation_steps
    from fundtracker.services.workspace import WorkspaceService

    month = _month(args.month, "--month")
    if month is None:
        raise InputError("say which month: --month YYYY-MM", "--month")
    with WorkspaceService.open(args.workspace) as service:
        workspace = service.load()
        if args.certify:
            if not args.share:
                raise InputError("give each stream's percent: --share STREAM=PERCENT", "--share")
            if not args.certifier:
                raise InputError("say who certified: --certifier NAME", "--certifier")
            try:
                on = parse_date(args.date) if args.date else date.today()
            except InputError as exc:
                raise exc.at("--date") from None
            certification = EffortCertification(
                args.certify, format_month(month), _shares(args.share), args.certifier, on
            )
            service.apply(certify_steps(workspace, certification))
            print(f"certified {args.certify} for {format_month(month)} by {args.certifier} on {on.isoformat()}")
            return 0
        steps = reallocation_steps(workspace, args.reallocate, format_month(month))
        service.apply(steps)
    for step in steps:
        record = step.after if step.after is not None else step.before
        print(f"{step.action} allocation {record.key} ({record.percent.normalize():f} %)")
    print(f"{args.reallocate}'s allocations for {format_month(month)} now match the certification")
    return 0


def _list(args: argparse.Namespace, start: int, end: int, as_of: date) -> int:
    from fundtracker.domain.months import format_month
    from fundtracker.services.effort import effort_months
    from fundtracker.services.locations import read_workspace

    workspace = read_workspace(args.workspace)
    months = effort_months(workspace, start, end, as_of, args.position)
    if args.format == "json":
        payload = [
            {
                "position": m.position,
                "month": format_month(m.month),
                "charged": {line.stream: str(line.charged) for line in m.lines if line.charged},
                "certified": None
                if m.certification is None
                else {s.stream: str(s.percent) for s in m.certification.shares},
                "certifier": None if m.certification is None else m.certification.certifier,
                "certified_on": None if m.certification is None else m.certification.certified_on.isoformat(),
                "flags": list(m.flags),
            }
            for m in months
        ]
        print(json.dumps(payload, indent=2))
        return 0
    for m in months:
        charged = ", ".join(f"{line.stream} {line.charged.normalize():f}%" for line in m.lines if line.charged)
        if m.certification is None:
            certified = "not certified"
        else:
            shares = ", ".join(f"{s.stream} {s.percent.normalize():f}%" for s in m.certification.shares)
            certified = f"certified {shares} by {m.certification.certifier}"
        flags = f"  !! {'; '.join(m.flags)}" if m.flags else ""
        print(f"{m.position:<12} {format_month(m.month)}  charged {charged or 'nothing'}; {certified}{flags}")
    flagged = sum(1 for m in months if m.flags)
    print(f"{len(months)} person-months, {flagged} flagged")
    return 0


def _form(args: argparse.Namespace, start: int, end: int, as_of: date) -> int:
    from fundtracker.commands.export import require_suffix
    from fundtracker.domain.errors import InputError, NotFoundError
    from fundtracker.exports.pdf_effort import write_effort_form
    from fundtracker.services.locations import check_output, read_workspace

    if not args.output:
        raise InputError("say where to write the form: -o FILE.pdf", "--output")
    require_suffix(args.output, ".pdf", "an effort certification form")
    check_output(args.output, args.workspace)
    workspace = read_workspace(args.workspace)
    position = workspace.find("position", args.form)
    if position is None:
        raise NotFoundError(f"no position with key {args.form!r}")
    count = write_effort_form(workspace, position, start, end, args.output, as_of)
    print(f"wrote the effort certification form for {position.title} ({count} months) to {args.output}")
    return 0
