"""``fundtracker calendar WORKSPACE``: every report the awards owe, when, and whether it is in.

* ``calendar WS [--as-of D] [--format table|json]`` lists the reports with due dates and status.
* ``calendar WS -o deadlines.ics`` writes them, with the deadline records, as an iCalendar file.
* ``calendar WS --submitted AWARD --report financial|performance --period-end D [--date D]``
  records that a report was submitted.
"""

from __future__ import annotations

import argparse
import json
from datetime import date
from typing import Any

from fundtracker.commands import options


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "calendar", help="the compliance calendar: reports each award owes, due dates, status; .ics export"
    )
    parser.add_argument("workspace", help="workspace file or database URL")
    parser.add_argument("-o", "--output", metavar="FILE", help="write an iCalendar (.ics) file")
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="the day statuses are as of (default today)")
    parser.add_argument("--submitted", metavar="AWARD", help="record that a report of this award was submitted")
    parser.add_argument("--report", choices=("financial", "performance"), default="financial", help="which report")
    parser.add_argument("--period-end", metavar="YYYY-MM-DD", help="the last day of the period it reports on")
    parser.add_argument("--date", metavar="YYYY-MM-DD", help="the day it was submitted (default today)")
    parser.set_defaults(func=run)


def _date(text: str | None, option: str) -> date | None:
    from fundtracker.domain.errors import InputError
    from fundtracker.domain.months import parse_date

    if text is None:
        return None
    try:
        return parse_date(text)
    except InputError as exc:
        raise exc.at(option) from None


def run(args: argparse.Namespace) -> int:
    from fundtracker.services.compliance_calendar import award_calendars

    today = options.as_of(args.as_of) or date.today()
    if args.submitted:
        return _submit(args)
    if args.output:
        return _ics(args)
    from fundtracker.services.locations import read_workspace

    calendars = award_calendars(read_workspace(args.workspace))
    if args.format == "json":
        payload = [
            {
                "award": c.award,
                "note": c.note,
                "reports": [
                    {
                        "kind": r.kind,
                        "title": r.title,
                        "period_start": r.period_start.isoformat(),
                        "period_end": r.period_end.isoformat(),
                        "due": r.due.isoformat(),
                        "final": r.final,
                        "status": r.status(today),
                        "submitted_on": None if r.submitted_on is None else r.submitted_on.isoformat(),
                    }
                    for r in c.reports
                ],
            }
            for c in calendars
        ]
        print(json.dumps(payload, indent=2))
        return 0
    if not calendars:
        print("no awards: record one with `fundtracker award WS --application KEY`")
    for c in calendars:
        print(f"{c.name} ({c.award})" + (f": {c.note}" if c.note else ""))
        for r in c.reports:
            status = r.status(today)
            if status == "submitted" and r.submitted_on is not None:
                status = f"submitted {r.submitted_on.isoformat()}" + (" (late)" if r.submitted_late() else "")
            print(f"  {r.due.isoformat()}  {r.title:<52} {status}")
    return 0


def _submit(args: argparse.Namespace) -> int:
    from fundtracker.domain.errors import InputError
    from fundtracker.services.compliance_calendar import submit_steps
    from fundtracker.services.workspace import WorkspaceService

    period_end = _date(args.period_end, "--period-end")
    if period_end is None:
        raise InputError("say which period: --period-end YYYY-MM-DD", "--period-end")
    on = _date(args.date, "--date") or date.today()
    with WorkspaceService.open(args.workspace) as service:
        service.apply(submit_steps(service.load(), args.submitted, args.report, period_end, on))
    print(f"recorded: {args.submitted}'s {args.report} report for the period ending {period_end} submitted {on}")
    return 0


def _ics(args: argparse.Namespace) -> int:
    from fundtracker.commands.export import require_suffix
    from fundtracker.exports.calendar_ics import write_calendar
    from fundtracker.services.compliance_calendar import all_reports
    from fundtracker.services.locations import check_output, read_workspace

    require_suffix(args.output, ".ics", "an iCalendar file")
    check_output(args.output, args.workspace)
    workspace = read_workspace(args.workspace)
    reports = all_reports(workspace)
    write_calendar(args.output, reports, workspace.deadlines, organization=workspace.organization.name)
    events = len(reports) + sum(1 for d in workspace.deadlines if not d.done)
    print(f"wrote {events} events ({len(reports)} reports) to {args.output}")
    return 0
