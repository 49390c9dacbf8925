"""The compliance calendar from an award's terms, submissions kept when the terms change, on each backend."""

from __future__ import annotations

import dataclasses
from datetime import date

from icalendar import Calendar

from fundtracker import cli
from fundtracker.services import changes
from fundtracker.services.award import award_steps, plan_award
from fundtracker.services.compliance_calendar import award_calendars, coming_due, submit_steps
from fundtracker.services.dashboard import upcoming


def _awarded(service):
    # The sample's BJA application pays through the federal stream, July 2022 – June 2025.
    service.apply(award_steps(plan_award(service.load(), "bja_cvi", None, new_stream=False)))
    return service.load()


def test_reports_submissions_and_changed_terms(sample_service) -> None:
    workspace = _awarded(sample_service)
    [calendar] = award_calendars(workspace)
    financial = [r for r in calendar.reports if r.kind == "financial"]
    # Quarters ending 30 Sep 2022 … 31 Mar 2025, then the final report for Apr–Jun 2025,
    # due 30 June 2025 + 120 days = 28 October 2025.
    assert len(financial) == 12
    assert (financial[0].period_start, financial[0].period_end, financial[0].due) == (
        date(2022, 7, 1),
        date(2022, 9, 30),
        date(2022, 10, 30),
    )
    assert financial[-1].final and financial[-1].due == date(2025, 10, 28)

    sample_service.apply(submit_steps(workspace, "bja_cvi", "financial", date(2022, 9, 30), date(2022, 10, 20)))
    workspace = sample_service.refresh()
    [calendar] = award_calendars(workspace)
    q3 = next(r for r in calendar.reports if r.kind == "financial" and r.period_end == date(2022, 9, 30))
    assert q3.status(date(2022, 11, 15)) == "submitted" and q3.submitted_on == date(2022, 10, 20)
    late = [(r.kind, r.period_end) for r, _ in coming_due(workspace, date(2022, 11, 15))]
    assert late == [("performance", date(2022, 9, 30))]
    [(_report, text)] = coming_due(workspace, date(2022, 11, 15))
    assert text == (
        "performance report for Q3 2022 was due 16 days ago; a late report can put the award's funds on hold"
    )
    dashboard = [(u.what, u.title) for u in upcoming(workspace, date(2022, 11, 15)) if u.kind == "report"]
    assert dashboard[0] == ("late report", text)

    # The funder moves financial reports to semi-annual: the deadlines are made again from the
    # new terms and the submitted Q3 report stays on the calendar as submitted.
    award = workspace.find("award", "bja_cvi")
    sample_service.apply([changes.update(award, dataclasses.replace(award, financial_report_frequency="semiannual"))])
    [calendar] = award_calendars(sample_service.refresh())
    financial = [(r.period_end, r.submitted_on) for r in calendar.reports if r.kind == "financial"]
    assert financial[:3] == [
        (date(2022, 9, 30), date(2022, 10, 20)),  # kept: submitted under the earlier terms
        (date(2022, 12, 31), None),  # the first half-year is July–December 2022
        (date(2023, 6, 30), None),
    ]


def test_calendar_command_writes_an_ics_file(tmp_path, capsys) -> None:
    path = str(tmp_path / "ws.fundtracker")
    assert cli.run_command(["sample", path, "--as-of", "2022-01-01"]) == 0
    assert cli.run_command(["award", path, "--application", "bja_cvi"]) == 0
    assert (
        cli.run_command(
            ["calendar", path, "--submitted", "bja_cvi", "--period-end", "2022-09-30", "--date", "2022-10-20"]
        )
        == 0
    )
    ics = tmp_path / "deadlines.ics"
    assert cli.run_command(["calendar", path, "-o", str(ics)]) == 0
    events = {str(e["uid"]): e for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")}
    final = events["bja_cvi-financial-2025-06-30@fundtracker"]
    assert final.decoded("dtstart") == date(2025, 10, 28)
    assert "Submitted on 2022-10-20" in str(events["bja_cvi-financial-2022-09-30@fundtracker"]["description"])
    assert sum(uid.startswith("bja_cvi-") for uid in events) == 24  # 12 financial + 12 performance
    capsys.readouterr()
    assert cli.run_command(["calendar", path, "--submitted", "bja_cvi", "--period-end", "2022-08-31"]) != 0
    assert "owes no financial report for a period ending 2022-08-31" in capsys.readouterr().err
