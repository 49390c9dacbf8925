"""The compliance calendar as an iCalendar (.ics) file, for the calendar people already use.

Each report an award owes and each deadline record is an all-day event on its due date. UIDs
are stable (award, kind and period end; the deadline's key), so importing a newer file updates
the events instead of duplicating them. Reports not yet submitted carry a reminder a week
ahead: a late financial or performance report can put an award's funds on hold.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from fundtracker.domain.records import Deadline
from fundtracker.domain.report_calendar import ReportDue
from fundtracker.store.atomic import atomic_path

PRODID = "-//fundtracker//compliance calendar//EN"
REMINDER_DAYS = 7


def calendar_bytes(
    reports: Iterable[ReportDue],
    deadlines: Iterable[Deadline] = (),
    *,
    organization: str = "",
    stamp: datetime | None = None,
) -> bytes:
    """The calendar as bytes (``stamp``: the DTSTAMP of every event, default now, in UTC)."""
    from icalendar import Alarm, Calendar, Event

    stamp = stamp or datetime.now(UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{organization} deadlines" if organization else "fundtracker deadlines")
    for report in reports:
        event = Event()
        event.add("uid", f"{report.award}-{report.kind}-{report.period_end.isoformat()}@fundtracker")
        event.add("dtstamp", stamp)
        event.add("dtstart", report.due)
        event.add("dtend", report.due + timedelta(days=1))
        event.add("summary", f"{report.award}: {report.title} due")
        lines = [
            f"Award: {report.award}",
            f"Reporting period: {report.period_start.isoformat()} to {report.period_end.isoformat()}",
            f"Due: {report.due.isoformat()}",
        ]
        if report.submitted_on is not None:
            lines.append(f"Submitted on {report.submitted_on.isoformat()}")
        else:
            lines.append("A late report can put the award's funds on hold.")
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"{report.title} due in {REMINDER_DAYS} days")
            alarm.add("trigger", timedelta(days=-REMINDER_DAYS))
            event.add_component(alarm)
        event.add("description", "\n".join(lines))
        event.add("categories", ["report", report.kind])
        calendar.add_component(event)
    for deadline in deadlines:
        if deadline.done:
            continue
        event = Event()
        event.add("uid", f"deadline-{deadline.key}@fundtracker")
        event.add("dtstamp", stamp)
        event.add("dtstart", deadline.date)
        event.add("dtend", deadline.date + timedelta(days=1))
        event.add("summary", deadline.title)
        if deadline.notes:
            event.add("description", deadline.notes)
        event.add("categories", [deadline.kind])
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def write_calendar(
    target: str | Path,
    reports: Iterable[ReportDue],
    deadlines: Iterable[Deadline] = (),
    *,
    organization: str = "",
    stamp: datetime | None = None,
) -> None:
    """Write the calendar to ``target`` atomically (a failed write leaves any old file as it was)."""
    data = calendar_bytes(reports, deadlines, organization=organization, stamp=stamp)
    with atomic_path(Path(target)) as temp:
        temp.write_bytes(data)
