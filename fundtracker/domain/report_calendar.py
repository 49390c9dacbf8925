"""The reports an award owes: each report's period and due date, from the award's terms.

DESIGN.md "After the award": reporting periods end on calendar quarter ends (31 March, 30 June,
30 September, 31 December) inside the period of performance, or on half-year or year ends for
semi-annual and annual reports; each report is due a number of days after its period ends. The
final report covers the last period, ends on the last day of the period of performance and is
due ``final_due_days`` after it (120 by 2 CFR 200.344 unless the award says fewer), replacing
the periodic report that period would otherwise have had.

A report is identified by (award, kind, period end) so that changing an award's terms
regenerates its schedule while a report already submitted keeps its submission date: the
submission is matched to the new schedule by that identity and, when its period no longer
exists, is kept as a report of its own so no submission is ever dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from fundtracker.domain.errors import InputError
from fundtracker.domain.records import ReportSubmission

REPORT_FREQUENCIES = ("monthly", "quarterly", "semiannual", "annual", "none")
REPORT_KINDS = ("financial", "performance")
KIND_TITLES = {"financial": "SF-425 financial report", "performance": "performance report"}
# The calendar months a period may end in, by frequency.
_PERIOD_END_MONTHS = {
    "monthly": tuple(range(1, 13)),
    "quarterly": (3, 6, 9, 12),
    "semiannual": (6, 12),
    "annual": (12,),
}
FREQUENCY_TITLES = {
    "monthly": "monthly",
    "quarterly": "quarterly",
    "semiannual": "semi-annual",
    "annual": "annual",
    "none": "none",
}

# When an award states no reporting terms (issue 16): quarterly financial reports due 30 days
# after each quarter's end, the final one 120 days after the period of performance.
DEFAULT_FREQUENCY = "quarterly"
DEFAULT_DUE_DAYS = 30
DEFAULT_FINAL_DUE_DAYS = 120


@dataclass(frozen=True)
class ReportTerms:
    """How often one kind of report is owed and how many days after its period it is due."""

    frequency: str = DEFAULT_FREQUENCY
    due_days: int = DEFAULT_DUE_DAYS
    final_due_days: int = DEFAULT_FINAL_DUE_DAYS


@dataclass(frozen=True)
class ReportDue:
    """One report an award owes.

    Attributes:
        award: the award's key.
        kind: "financial" or "performance".
        period_start, period_end: the reporting period (inclusive).
        due: the last day to submit it.
        final: the final report (from the end of the period of performance).
        submitted_on: when it was submitted, if it was.
    """

    award: str
    kind: str
    period_start: date
    period_end: date
    due: date
    final: bool = False
    submitted_on: date | None = None

    def status(self, today: date) -> str:
        """Submitted, late (past due and not submitted) or due."""
        if self.submitted_on is not None:
            return "submitted"
        return "late" if today > self.due else "due"

    def submitted_late(self) -> bool:
        return self.submitted_on is not None and self.submitted_on > self.due

    @property
    def title(self) -> str:
        name = KIND_TITLES[self.kind]
        if self.final:
            return f"final {name}"
        return f"{name} for {period_name(self.period_start, self.period_end)}"


def period_name(start: date, end: date) -> str:
    """The period as people say it: "Q3 2027", "March 2027", otherwise the date range."""
    if start.day == 1 and end == _month_end(start):
        return f"{start:%B %Y}"
    quarter_start = (end - relativedelta(months=2)).replace(day=1)
    if end.month in (3, 6, 9, 12) and end == _month_end(end) and start == quarter_start:
        return f"Q{end.month // 3} {end.year}"
    return f"{start.isoformat()} – {end.isoformat()}"


def _month_end(day: date) -> date:
    return day + relativedelta(day=31)


def _next_period_end(day: date, frequency: str) -> date:
    """The first period end on or after ``day``."""
    for year in (day.year, day.year + 1):
        for month in _PERIOD_END_MONTHS[frequency]:
            end = date(year, month, 1) + relativedelta(day=31)
            if end >= day:
                return end
    raise AssertionError("a period end always comes within a year")  # pragma: no cover


def validate_terms(terms: ReportTerms, where: str) -> None:
    if terms.frequency not in REPORT_FREQUENCIES:
        allowed = ", ".join(REPORT_FREQUENCIES)
        raise InputError(f"reporting frequency {terms.frequency!r} is not one of {allowed}", f"{where}.frequency")
    for name in ("due_days", "final_due_days"):
        value = getattr(terms, name)
        if not 0 <= value <= 366:
            raise InputError(f"{value} days is not allowed: use 0 to 366", f"{where}.{name}")


def report_schedule(
    award: str,
    kind: str,
    start: date,
    end: date,
    terms: ReportTerms,
    submitted: Iterable[ReportSubmission] = (),
) -> list[ReportDue]:
    """Every report of one kind an award owes over its period of performance ``start``–``end``,
    with the submissions recorded for it (others' submissions are ignored)."""
    if end < start:
        raise InputError(f"the period of performance ends {end} before it starts {start}", "period_end")
    validate_terms(terms, kind)
    reports: list[ReportDue] = []
    if terms.frequency != "none":
        period_start = start
        while True:
            period_end = _next_period_end(period_start, terms.frequency)
            if period_end >= end:
                break  # the last period is the final report's
            reports.append(
                ReportDue(award, kind, period_start, period_end, period_end + timedelta(days=terms.due_days))
            )
            period_start = period_end + timedelta(days=1)
        final_start = period_start
    else:
        final_start = start
    reports.append(ReportDue(award, kind, final_start, end, end + timedelta(days=terms.final_due_days), final=True))
    mine = {s.period_end: s for s in submitted if s.award == award and s.kind == kind}
    return _with_submissions(reports, mine, terms)


def _with_submissions(
    reports: list[ReportDue], submitted: Mapping[date, ReportSubmission], terms: ReportTerms
) -> list[ReportDue]:
    result = []
    for r in reports:
        found = submitted.get(r.period_end)
        result.append(replace(r, submitted_on=found.submitted_on) if found else r)
    # A report submitted under earlier terms whose period the new terms no longer have stays on
    # the calendar as submitted: the funder has it, and the record of it must not vanish.
    ends = {r.period_end for r in reports}
    for period_end, s in submitted.items():
        if period_end not in ends:
            result.append(
                ReportDue(
                    s.award,
                    s.kind,
                    s.period_start,
                    s.period_end,
                    s.period_end + timedelta(days=terms.due_days),
                    False,
                    s.submitted_on,
                )
            )
    return sorted(result, key=lambda r: (r.due, r.period_end))


def upcoming(reports: Iterable[ReportDue], today: date) -> list[ReportDue]:
    """Reports not yet submitted, soonest first (late ones first of all)."""
    return sorted((r for r in reports if r.submitted_on is None), key=lambda r: r.due)


def countdown(report: ReportDue, today: date) -> str:
    """For example "SF-425 financial report for Q3 2027 due in 12 days", or "… was due 3 days ago"."""
    days = (report.due - today).days
    if days > 1:
        when = f"due in {days} days"
    elif days == 1:
        when = "due tomorrow"
    elif days == 0:
        when = "due today"
    elif days == -1:
        when = "was due yesterday"
    else:
        when = f"was due {-days} days ago"
    return f"{report.title} {when}"
