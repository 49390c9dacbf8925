"""An award's expenditures through a day: actual spending tagged with its stream, with indirect.

DESIGN.md "After the award": the **federal expenditures** of an award are the actual spending
tagged with its stream; the **recipient share** is the actual spending tagged with its match
streams. Indirect is computed on them by the budget rules (:mod:`fundtracker.domain.federal_facts`:
rate × MTDC, MTDC = direct costs less equipment and construction, rounded half-up once on the
cumulative base), at the award's rate, never imported. The drawdown request, the award's
receivable and unbilled figures (and the SF-425's 10e and 10j) all come from here.

Rules:

* Spending counts from the period of performance's start through the day asked for (and not
  after the period's end): costs before the award are not charged to it. Refunds (negative
  amounts) count, so the figures are net.
* Each transaction's object class is the one its import sorted it into; an ``equipment`` item
  under the award's per-unit threshold (its application's Uniform Guidance version) is supplies,
  as in the budget; a transaction with no class counts as ``other`` (inside MTDC).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import MappingProxyType

from fundtracker.domain.awards import Award
from fundtracker.domain.federal_facts import EQUIPMENT_THRESHOLD, indirect, mtdc_of, object_class
from fundtracker.domain.records import Actual, Workspace

DIRECT_CLASSES = ("personnel", "fringe", "travel", "equipment", "supplies", "contractual", "construction", "other")


@dataclass(frozen=True)
class Expenditures:
    """Cumulative spending of some streams from ``start`` through ``through``.

    Attributes:
        by_category: direct spending by SF-424A object class (every class present, in order).
        mtdc: the base of indirect (direct less equipment and construction).
        rate: the award's indirect rate.
        indirect: ``round_half_up(rate × mtdc)``.
    """

    start: date
    through: date
    by_category: Mapping[str, int]
    mtdc: int
    rate: Decimal
    indirect: int

    @property
    def direct(self) -> int:
        return sum(self.by_category.values())

    @property
    def total(self) -> int:
        """Direct plus indirect."""
        return self.direct + self.indirect


def _threshold(workspace: Workspace, award: Award) -> int:
    application = workspace.find("application", award.key)
    guidance = application.uniform_guidance if application is not None else "2024"
    return EQUIPMENT_THRESHOLD[guidance]


def _window(workspace: Workspace, award: Award, through: date) -> tuple[date, date]:
    stream = workspace.stream(award.stream)
    assert stream is not None  # validation keeps an award's stream
    last = min(through, stream.end) if stream.end is not None else through
    return stream.start, last


def spending(
    actuals: Iterable[Actual], streams: frozenset[str], start: date, last: date, threshold: int, rate: Decimal
) -> Expenditures:
    """Spending tagged with ``streams`` dated ``start``–``last``, by object class, with indirect."""
    by_category = dict.fromkeys(DIRECT_CLASSES, 0)
    for actual in actuals:
        if actual.stream in streams and start <= actual.date <= last:
            category = actual.category if actual.category in by_category else "other"
            by_category[object_class(category, actual.amount, threshold)] += actual.amount
    base = mtdc_of(by_category)
    return Expenditures(start, last, MappingProxyType(by_category), base, rate, indirect(base, rate))


def federal_expenditures(workspace: Workspace, award: Award, through: date) -> Expenditures:
    """The award's federal expenditures with indirect, cumulative from its start through ``through``."""
    start, last = _window(workspace, award, through)
    return spending(
        workspace.actuals, frozenset({award.stream}), start, last, _threshold(workspace, award), award.indirect_rate
    )


def recipient_share(workspace: Workspace, award: Award, through: date) -> Expenditures:
    """The recipient's share spent: spending tagged with the award's match streams, with indirect."""
    start, last = _window(workspace, award, through)
    return spending(
        workspace.actuals,
        frozenset(award.match_streams),
        start,
        last,
        _threshold(workspace, award),
        award.indirect_rate,
    )


def program_income_through(award: Award, through: date) -> int:
    """Program income earned through ``through`` (every election)."""
    return sum(entry.amount for entry in award.income if entry.date <= through)


def income_deducted_through(award: Award, through: date) -> int:
    """Program income used by deduction through ``through`` (0 unless the election is deduction)."""
    return program_income_through(award, through) if award.program_income_election == "deduction" else 0
