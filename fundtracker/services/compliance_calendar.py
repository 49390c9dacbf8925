"""The compliance calendar of a workspace: every report each award owes, with its status.

The schedule follows from each award's reporting terms (:mod:`fundtracker.domain.report_calendar`)
over its period of performance, which is its stream's period (one truth: the runway, the drawdown
and the calendar read the same dates). Submissions are records of their own
(:class:`~fundtracker.domain.records.ReportSubmission`), matched to the schedule by award, kind and
period end, so changing an award's terms regenerates its deadlines and keeps what was submitted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fundtracker.domain.errors import InputError, NotFoundError
from fundtracker.domain.records import ReportSubmission, Workspace
from fundtracker.domain.report_calendar import ReportDue, ReportTerms, countdown, report_schedule
from fundtracker.services import changes
from fundtracker.services.changes import Step

# A late report can put the award's funds on hold at many funders (JustGrants holds funds while
# a financial report is delinquent): the dashboard counts down this far ahead.
COUNTDOWN_DAYS = 45


@dataclass(frozen=True)
class AwardCalendar:
    """One award's reports, or why it has none (an award whose stream has no end date)."""

    award: str
    name: str
    reports: tuple[ReportDue, ...]
    note: str = ""


def award_calendars(workspace: Workspace) -> list[AwardCalendar]:
    """Every award's financial and performance reports, soonest due first."""
    result = []
    for award in sorted(workspace.awards, key=lambda a: a.key):
        stream = workspace.stream(award.stream)
        application = workspace.find("application", award.key)
        name = application.program_title if application is not None else award.key
        if stream is None or stream.end is None:
            result.append(
                AwardCalendar(
                    award.key, name, (), "its stream has no end date, so no period of performance to report on"
                )
            )
            continue
        reports: list[ReportDue] = []
        terms = (
            ("financial", ReportTerms(award.financial_report_frequency, award.financial_report_due_days,
                                      award.final_report_due_days)),
            ("performance", ReportTerms(award.performance_report_frequency, award.performance_report_due_days,
                                        award.final_report_due_days)),
        )  # fmt: skip
        for kind, term in terms:
            reports += report_schedule(award.key, kind, stream.start, stream.end, term, workspace.report_submissions)
        result.append(AwardCalendar(award.key, name, tuple(sorted(reports, key=lambda r: (r.due, r.kind)))))
    return result


def all_reports(workspace: Workspace) -> list[ReportDue]:
    return sorted((r for c in award_calendars(workspace) for r in c.reports), key=lambda r: (r.due, r.award, r.kind))


def coming_due(workspace: Workspace, today: date, days: int = COUNTDOWN_DAYS) -> list[tuple[ReportDue, str]]:
    """Reports not submitted that are late or due within ``days``, each with its countdown sentence."""
    found = []
    for report in all_reports(workspace):
        if report.submitted_on is None and (report.due - today).days <= days:
            text = countdown(report, today)
            if report.due < today:
                text += "; a late report can put the award's funds on hold"
            found.append((report, text))
    return found


def submit_steps(workspace: Workspace, award: str, kind: str, period_end: date, on: date) -> list[Step]:
    """Record that the report of ``award``/``kind`` for the period ending ``period_end`` was submitted on ``on``."""
    calendars = {c.award: c for c in award_calendars(workspace)}
    if award not in calendars:
        raise NotFoundError(f"no award with key {award!r}")
    report = next((r for r in calendars[award].reports if r.kind == kind and r.period_end == period_end), None)
    if report is None:
        ends = ", ".join(r.period_end.isoformat() for r in calendars[award].reports if r.kind == kind)
        raise InputError(
            f"award {award!r} owes no {kind} report for a period ending {period_end.isoformat()}; "
            f"its periods end on {ends or 'no date'}",
            "period_end",
        )
    submission = ReportSubmission(award, kind, report.period_start, report.period_end, on)
    earlier = workspace.find("report_submission", submission.key)
    return [changes.update(earlier, submission) if earlier else changes.create(submission)]
