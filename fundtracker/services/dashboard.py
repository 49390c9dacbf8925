"""What the dashboard says, in words and lists, from the forecast engine's figures.

No Qt here: the desktop app renders these; tests check them against the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from fundtracker.domain.money import format_money
from fundtracker.domain.months import (
    MonthIndex,
    fiscal_year,
    fiscal_year_months,
    month_index,
    month_name,
)
from fundtracker.domain.probability_text import probability_text
from fundtracker.domain.records import Workspace

if TYPE_CHECKING:
    from collections.abc import Callable

    from fundtracker.forecast import Need, Projection


@dataclass(frozen=True)
class Runway:
    """How long the money lasts in one view.

    Attributes:
        funded_through: the engine's funded-through date, or None when nothing goes
            unfunded in the horizon.
        start: the first month of the horizon.
        end: the last month of the horizon.
    """

    funded_through: date | None
    start: MonthIndex
    end: MonthIndex


def fiscal_year_end(month: MonthIndex, start_month: int) -> MonthIndex:
    """The last month of the fiscal year ``month`` belongs to."""
    return fiscal_year_months(fiscal_year(month, start_month), start_month)[-1]


def target_year_end(start: MonthIndex, start_month: int, at_least: int = 6) -> MonthIndex:
    """The fiscal year end the headline's chance is about: the first one ``at_least`` months after ``start``.

    A year end two months away says little about the money, so the headline looks to the
    next one then.
    """
    end = fiscal_year_end(start, start_month)
    return end if end - start >= at_least else end + 12


def percent_text(chance: float) -> str:
    """A probability as a percent (:func:`fundtracker.domain.probability_text.probability_text`): "10.5%"."""
    return probability_text(chance)


def runway_phrase(runway: Runway) -> str:
    """``through March 2023``, ``beyond December 2024`` or ``not even in January 2022``."""
    if runway.funded_through is None:
        return f"beyond {month_name(runway.end)}"
    through = month_index(runway.funded_through)
    if through < runway.start:
        return f"not even in {month_name(runway.start)}"
    return f"through {month_name(through)}"


def chance_through(curve: list[tuple[MonthIndex, float]], month: MonthIndex) -> float | None:
    """The engine's probability of being fully funded through ``month`` (None outside the curve)."""
    for curve_month, chance in curve:
        if curve_month == month:
            return chance
    return None


def year_end_phrase(start: MonthIndex, year_end: MonthIndex, start_month: int) -> str:
    """Which fiscal year end ``year_end`` is, seen from ``start``, so no one mistakes it for another.

    "April 2027, the end of this fiscal year" or, when the headline looks a year ahead
    (see :func:`target_year_end`), "April 2028, the end of next fiscal year".
    """
    current = fiscal_year(start, start_month)
    year = fiscal_year(year_end, start_month)
    which = {current: "this fiscal year", current + 1: "next fiscal year"}.get(year, f"fiscal year {year}")
    return f"{month_name(year_end)}, the end of {which}"


def headline(
    secured: Runway,
    expected: Runway,
    chance: float | None,
    year_end: MonthIndex,
    *,
    fiscal_start_month: int,
    median: Runway | None = None,
) -> str:
    """The dashboard's one-sentence answer.

    e.g. "Funded through March 2023 on secured money; through August 2023 expected;
    62% chance of staying funded through April 2023, the end of this fiscal year".
    Once the odds are known (``median``), the expected runway is named for what it is, the
    case where every hoped-for stream comes in, and the median leads: "Funded through March
    2023 on secured money; through June 2023 at the median, through August 2023 if every
    expected stream comes in; 62% chance …".

    Args:
        secured: the runway counting secured money only.
        expected: the runway counting expected money too.
        chance: the probability of being funded through ``year_end``, or None while unknown.
        year_end: the fiscal year end the chance is about (:func:`target_year_end`).
        fiscal_start_month: the organization's first month of the fiscal year (names the year).
        median: the median runway over the uncertain streams, or None while unknown.
    """
    text = f"Funded {runway_phrase(secured)} on secured money; "
    if median is None:
        text += f"{runway_phrase(expected)} expected"
    else:
        text += f"{runway_phrase(median)} at the median, {runway_phrase(expected)} if every expected stream comes in"
    if chance is not None:
        phrase = year_end_phrase(secured.start, year_end, fiscal_start_month)
        text += f"; {percent_text(chance)} chance of staying funded through {phrase}"
    return text


@dataclass(frozen=True)
class UnfundedBothViews:
    """A position that goes unfunded in the secured view, the expected view, or both.

    Attributes:
        priority: the position's priority (None: charged after every line with one).
        secured, expected: funded-through date in that view; None when it stays funded
            through the horizon there.
        secured_unfunded, expected_unfunded: unfunded cost over the horizon (cents).
    """

    key: str
    title: str
    priority: int | None
    secured: date | None
    expected: date | None
    secured_unfunded: int
    expected_unfunded: int


def unfunded_both_views(secured: Projection, expected: Projection) -> list[UnfundedBothViews]:
    """Who goes unfunded first, secured and expected side by side.

    Both projections come from the same positions (one scenario, two views). Earliest on
    secured money first, then earliest expected, then the charging order (the order the
    engine protects positions in: priority, then key).
    """
    never = 10**9
    rows = []
    for order, line in enumerate(expected.lines):
        if line.kind != "position":
            continue
        sure, hoped = secured.line_totals[line.key], expected.line_totals[line.key]
        if sure.first_unfunded_month is None and hoped.first_unfunded_month is None:
            continue
        rank = tuple(never if m is None else m for m in (sure.first_unfunded_month, hoped.first_unfunded_month))
        rank += (order,)
        row = UnfundedBothViews(
            key=line.key,
            title=line.title,
            priority=line.priority,
            secured=sure.funded_through,
            expected=hoped.funded_through,
            secured_unfunded=sure.unfunded_total,
            expected_unfunded=hoped.unfunded_total,
        )
        rows.append((rank, row))
    return [row for _rank, row in sorted(rows, key=lambda pair: pair[0])]


def cash_low_point_text(projection: Projection) -> str:
    """The cash low point of reimbursement streams in words, or "" when cash never goes below zero.

    Reimbursement money pays costs as incurred but arrives later; until then the organization
    fronts the money, and the low point is how much it must be able to front.
    """
    low = projection.cash_low_point
    if low.month is None:
        return ""
    return (
        f"Cash low point (reimbursement streams, {projection.view} view): "
        f"{format_money(low.amount, symbol=True, grouping=True)} at the close of {month_name(low.month)}: "
        "the money to front until reimbursements arrive"
    )


def need_sentence(need: Need, month_text: Callable[[MonthIndex], str] = month_name, most: int | None = None) -> str:
    """The fundraising need in one sentence (DESIGN.md v2 §2).

    "To keep everyone funded through April 2023: raise $5,407.75 by May 2022, $11,158.32
    more by June 2022 … ($183,088.51 in all)": each month's amount is what must arrive by its
    close beyond what arrived before. With ``most``, only the first ``most`` months are named
    and the rest is summed: "…, then $120,000.00 more month by month through April 2023".
    """
    who = "everyone" if need.positions is None else ", ".join(need.positions)
    head = f"To keep {who} funded through {month_text(need.through)}: "
    raises = need.raises()
    if not raises:
        return head + "nothing to raise"

    def money(cents: int) -> str:
        return format_money(cents, symbol=True, grouping=True)

    named, rest = (raises, []) if most is None or len(raises) <= most + 1 else (raises[:most], raises[most:])
    parts = [f"raise {money(named[0][1])} by {month_text(named[0][0])}"]
    parts += [f"{money(cents)} more by {month_text(month)}" for month, cents in named[1:]]
    if rest:
        parts.append(f"then {money(sum(c for _, c in rest))} more month by month through {month_text(rest[-1][0])}")
    return head + ", ".join(parts) + f" ({money(need.total)} in all)"


@dataclass(frozen=True)
class Upcoming:
    """A dated thing coming up: a deadline, an application due, a funder's decision.

    Attributes:
        kind: the record kind to open ("deadline", "application" or "stream").
        key: that record's key.
    """

    date: date
    title: str
    what: str
    kind: str
    key: str


def upcoming(workspace: Workspace, today: date, days: int = 90) -> list[Upcoming]:
    """Deadlines not yet done, applications due and funders' decisions from ``today`` through ``days`` ahead."""
    until = today + timedelta(days=days)
    found = [
        Upcoming(d.date, d.title, d.kind.replace("_", " "), "deadline", d.key)
        for d in workspace.deadlines
        if not d.done and today <= d.date <= until
    ]
    found += [
        Upcoming(a.deadline, f"{a.program_title} ({a.funder})", "application due", "application", a.key)
        for a in workspace.applications
        if a.deadline is not None and a.status == "drafting" and today <= a.deadline <= until
    ]
    found += [
        Upcoming(s.decision_date, s.name, "funder decides", "stream", s.key)
        for s in workspace.streams
        if s.decision_date is not None and s.status != "secured" and today <= s.decision_date <= until
    ]
    # A deadline record about an application's due date or a funder's decision is the same
    # event as the application's or stream's own date: list it once, as the deadline record.
    covered = {(d.date, "application", d.application) for d in workspace.deadlines if d.application}
    covered |= {(d.date, "stream", d.stream) for d in workspace.deadlines if d.stream and d.kind == "decision"}
    found = [u for u in found if (u.date, u.kind, u.key) not in covered]
    unique = {(u.date, u.title): u for u in sorted(found, key=lambda u: (u.date, u.kind != "deadline"), reverse=True)}
    return (
        effort_due(workspace, today)
        + reports_due(workspace, today)
        + sorted(unique.values(), key=lambda u: (u.date, u.title))
    )


def reports_due(workspace: Workspace, today: date) -> list[Upcoming]:
    """The awards' reports late or due soon, each with its countdown (late ones first)."""
    from fundtracker.services.compliance_calendar import coming_due

    return [
        Upcoming(report.due, text, "late report" if report.due < today else "report due", "report", report.award)
        for report, text in coming_due(workspace, today)
    ]


def effort_due(workspace: Workspace, today: date) -> list[Upcoming]:
    """One line per person whose effort of the last twelve months needs certifying or correcting (due now)."""
    from fundtracker.domain.effort import EffortMonth
    from fundtracker.services.effort import flagged_months
    from fundtracker.services.names import position_name

    by_person: dict[str, list[EffortMonth]] = {}
    for month in flagged_months(workspace, today):
        by_person.setdefault(month.position, []).append(month)
    rows = []
    for position in sorted(workspace.positions, key=lambda p: p.key):
        months = by_person.get(position.key)
        if not months:
            continue
        uncertified = sum(1 for m in months if m.certification is None)
        differing = len(months) - uncertified
        parts = []
        if uncertified:
            parts.append(f"{uncertified} closed month{'s' if uncertified != 1 else ''} not certified")
        if differing:
            parts.append(f"{differing} month{'s' if differing != 1 else ''} charged unlike the certification")
        rows.append(
            Upcoming(today, f"{position_name(position)}: {', '.join(parts)}", "time and effort", "effort", position.key)
        )
    return rows
