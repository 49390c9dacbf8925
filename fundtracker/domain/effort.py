"""Time and effort (2 CFR 200.430(i)): the effort charged to each stream beside the effort certified.

Charges to federal awards for salaries must rest on records that reflect the work actually
performed, certified after the fact. Per person and month, the effort **charged** is what the
allocations put on each stream (the one share rule, :func:`fundtracker.domain.shares.charged_percents`);
the effort **certified** is what the person (or a supervisor with first-hand knowledge) signed
for: a percent per stream, the certifier and the date.

A month is flagged when a stream's certified percent differs from its charged percent by more
than :data:`VARIANCE_POINTS`, or when it charges a federal stream, is closed (DESIGN.md "closed
months") and is not certified: 2 CFR 200.430 governs salaries charged to federal awards, so a
program paid wholly by local money is not asked to certify (it may still, and a certification that
differs from the charges is flagged whatever pays). The proposed reallocation changes the
allocations of exactly the months certified so that the charges equal the certification, leaving
every other month as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from fundtracker.domain.closed_months import last_closed_month
from fundtracker.domain.months import MonthIndex, first_day, format_month, last_day, month_index, parse_month
from fundtracker.domain.records import Allocation, EffortCertification, Position
from fundtracker.domain.shares import charged_percents, line_allocations

VARIANCE_POINTS = Decimal(5)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class EffortLine:
    stream: str
    charged: Decimal
    certified: Decimal | None

    @property
    def difference(self) -> Decimal | None:
        return None if self.certified is None else self.certified - self.charged


@dataclass(frozen=True)
class EffortMonth:
    """One person's month: charged and certified effort per stream, and what is wrong with it."""

    position: str
    month: MonthIndex
    lines: tuple[EffortLine, ...]
    certification: EffortCertification | None
    closed: bool
    federal: bool = False  # some of the month is charged to a federal stream

    @property
    def charged(self) -> bool:
        return any(line.charged > 0 for line in self.lines)

    @property
    def flags(self) -> tuple[str, ...]:
        """What is wrong with the month, streams named by key (what scripts read)."""
        return self.flag_texts({})

    def flag_texts(self, names: Mapping[str, str]) -> tuple[str, ...]:
        """What is wrong with the month, streams called by ``names`` (key → name; missing: the key)."""
        found = []
        if self.certification is None:
            if self.federal and self.closed:
                found.append("not certified")
        else:
            for line in self.lines:
                difference = line.difference
                if difference is not None and abs(difference) > VARIANCE_POINTS:
                    name = names.get(line.stream, line.stream)
                    found.append(f"{name}: certified {_pct(line.certified)} %, charged {_pct(line.charged)} %")
        return tuple(found)


def _pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value.normalize():f}"


def active_months(position: Position, start: MonthIndex, end: MonthIndex) -> list[MonthIndex]:
    """The months of ``start``–``end`` in which the position exists."""
    first = max(start, month_index(position.start))
    last = end if position.end is None else min(end, month_index(position.end))
    return list(range(first, last + 1))


def effort_month(
    position: Position,
    allocations: Sequence[Allocation],
    certifications: Iterable[EffortCertification],
    month: MonthIndex,
    as_of: date,
    federal_streams: Iterable[str] = (),
) -> EffortMonth:
    """One month of a position; ``federal_streams``: the streams whose charges need certifying."""
    ordered = line_allocations(position.key, allocations)
    charged = charged_percents(ordered, month, position.start)
    certification = next(
        (c for c in certifications if c.position == position.key and c.month == format_month(month)), None
    )
    certified = certification.percents() if certification else {}
    streams = sorted(set(charged) | set(certified))
    lines = tuple(
        EffortLine(s, charged.get(s, Decimal(0)), None if certification is None else certified.get(s, Decimal(0)))
        for s in streams
    )
    federal = set(federal_streams)
    charges_federal = any(percent > 0 and stream in federal for stream, percent in charged.items())
    return EffortMonth(position.key, month, lines, certification, month <= last_closed_month(as_of), charges_federal)


def proposed_allocations(
    position: Position, allocations: Sequence[Allocation], certification: EffortCertification
) -> tuple[list[Allocation], list[Allocation]]:
    """The allocations to remove and to add so that the certified month is charged as certified.

    Every allocation of the position in force during the month is ended the day before the
    month (or dropped when it starts inside it) and, when it ran on past the month, resumed the
    day after with the same percent; the month gets one allocation per certified stream. Other
    months' charges are unchanged.
    """
    month = parse_month(certification.month)
    begin, finish = first_day(month), last_day(month)
    removed: list[Allocation] = []
    added: list[Allocation] = []
    for allocation in line_allocations(position.key, allocations):
        starts = allocation.start or date.min
        ends = allocation.end or date.max
        if ends < begin or starts > finish:
            continue
        removed.append(allocation)
        if starts < begin:
            added.append(replace(allocation, end=begin - timedelta(days=1)))
        if ends > finish:
            added.append(replace(allocation, start=finish + timedelta(days=1)))
    for share in certification.shares:
        if share.percent > 0:
            added.append(Allocation(position.key, share.stream, share.percent, begin, finish))
    return removed, added
