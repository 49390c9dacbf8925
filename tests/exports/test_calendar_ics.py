"""The compliance calendar's .ics file, parsed back with icalendar."""

from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar

from fundtracker.domain.records import Deadline, ReportSubmission
from fundtracker.domain.report_calendar import ReportTerms, report_schedule
from fundtracker.exports.calendar_ics import write_calendar


def test_reports_and_deadlines_round_trip_through_icalendar(tmp_path):
    submitted = [ReportSubmission("bja", "financial", date(2027, 1, 1), date(2027, 3, 31), date(2027, 4, 28))]
    reports = report_schedule("bja", "financial", date(2027, 1, 1), date(2027, 12, 31), ReportTerms(), submitted)
    deadlines = [
        Deadline("renew", "City contract renewal", date(2027, 11, 1), "renewal", notes="Bring the MOU"),
        Deadline("old", "Done already", date(2027, 2, 1), done=True),
    ]
    target = tmp_path / "deadlines.ics"
    write_calendar(target, reports, deadlines, organization="Harbor Advocates", stamp=datetime(2027, 1, 5, tzinfo=UTC))

    parsed = Calendar.from_ical(target.read_bytes())
    assert str(parsed["x-wr-calname"]) == "Harbor Advocates deadlines"
    events = {str(e["uid"]): e for e in parsed.walk("VEVENT")}
    assert sorted(events) == [
        "bja-financial-2027-03-31@fundtracker",
        "bja-financial-2027-06-30@fundtracker",
        "bja-financial-2027-09-30@fundtracker",
        "bja-financial-2027-12-31@fundtracker",
        "deadline-renew@fundtracker",
    ]
    q2 = events["bja-financial-2027-06-30@fundtracker"]
    assert q2.decoded("dtstart") == date(2027, 7, 30)
    assert str(q2["summary"]) == "bja: SF-425 financial report for Q2 2027 due"
    assert "Reporting period: 2027-04-01 to 2027-06-30" in str(q2["description"])
    [alarm] = q2.walk("VALARM")
    assert alarm.decoded("trigger") == timedelta(days=-7)
    final = events["bja-financial-2027-12-31@fundtracker"]
    assert final.decoded("dtstart") == date(2028, 4, 29)
    assert str(final["summary"]) == "bja: final SF-425 financial report due"
    q1 = events["bja-financial-2027-03-31@fundtracker"]
    assert "Submitted on 2027-04-28" in str(q1["description"])
    assert q1.walk("VALARM") == []  # nothing to remind of
    renew = events["deadline-renew@fundtracker"]
    assert renew.decoded("dtstart") == date(2027, 11, 1)
    assert str(renew["description"]) == "Bring the MOU"


def test_failed_write_leaves_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "deadlines.ics"
    target.write_bytes(b"old calendar")

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr("fundtracker.exports.calendar_ics.calendar_bytes", broken)
    try:
        write_calendar(target, [])
    except OSError:
        pass
    assert target.read_bytes() == b"old calendar"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deadlines.ics"]
