"""Drawdown requests (SF-270): what to ask for, recording the request, its payments or refusal.

DESIGN.md "After the award": a request for the period ending on D asks for the cumulative federal
expenditures with indirect through D (:mod:`fundtracker.services.award_expenditures`), less the
program income used by deduction through D, less everything requested before (requests not
rejected), at least $0 and at most the award less everything requested before. Requests are
numbered 1, 2, … per award; each is submitted, then paid (one or more payments: a partial payment
leaves the rest receivable) or rejected (its amount can be asked for again).

Every change is one step on the award record through ``WorkspaceService.apply`` (audited,
undoable).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from fundtracker.domain.awards import Award, Drawdown, Payment
from fundtracker.domain.errors import InputError, NotFoundError
from fundtracker.domain.money import format_money
from fundtracker.domain.records import Workspace
from fundtracker.services import changes
from fundtracker.services.award_expenditures import Expenditures, federal_expenditures, income_deducted_through
from fundtracker.services.award_summary import find_award
from fundtracker.services.changes import Step


def money(cents: int) -> str:
    return format_money(cents, symbol=True, grouping=True)


@dataclass(frozen=True)
class DrawdownFigures:
    """The computation of a request for the period ending on ``through``.

    Attributes:
        award_amount: the award (its stream's amount).
        computed: expenditures total − income deducted − requested before (may be negative).
        available: award − requested before (the cap).
        amount: ``computed`` held to 0 … ``available``.
    """

    award: str
    number: int
    through: date
    expenditures: Expenditures
    income_deducted: int
    requested_before: int
    award_amount: int

    @property
    def computed(self) -> int:
        return self.expenditures.total - self.income_deducted - self.requested_before

    @property
    def available(self) -> int:
        return self.award_amount - self.requested_before

    @property
    def amount(self) -> int:
        return max(0, min(self.computed, self.available))

    @property
    def capped(self) -> bool:
        """Whether the cap (the award less requested before) made the request smaller."""
        return self.computed > self.available

    def lines(self) -> list[tuple[str, str, int]]:
        """(key, label, cents) of each line the request is computed from, in order."""
        rate = format(self.expenditures.rate * 100, "f").rstrip("0").rstrip(".")
        return [
            ("direct", "federal direct expenditures", self.expenditures.direct),
            ("mtdc", "MTDC (direct less equipment and construction)", self.expenditures.mtdc),
            ("indirect", f"indirect ({rate}% × MTDC)", self.expenditures.indirect),
            ("expenditures", "federal expenditures with indirect", self.expenditures.total),
            ("income_deducted", "less program income used by deduction", self.income_deducted),
            ("requested_before", "less requested before", self.requested_before),
            ("computed", "= expenditures not yet requested", self.computed),
            ("available", "cap: award less requested before", self.available),
            ("amount", "amount requested", self.amount),
        ]

    def record(self, requested_on: date) -> Drawdown:
        return Drawdown(
            number=self.number,
            through=self.through,
            requested_on=requested_on,
            amount=self.amount,
            expenditures=self.expenditures.direct,
            indirect=self.expenditures.indirect,
            income_deducted=self.income_deducted,
            requested_before=self.requested_before,
        )


def requested(award: Award) -> int:
    """Everything requested and not rejected."""
    return sum(d.amount for d in award.draws if d.rejected_on is None)


def award_amount(workspace: Workspace, award: Award) -> int:
    stream = workspace.stream(award.stream)
    assert stream is not None  # validation keeps an award's stream
    return stream.amount


def compute_drawdown(workspace: Workspace, key: str, through: date) -> DrawdownFigures:
    """What a request for the period ending on ``through`` would ask for (nothing recorded)."""
    award = find_award(workspace, key)
    number = max((d.number for d in award.draws), default=0) + 1
    return DrawdownFigures(
        award=award.key,
        number=number,
        through=through,
        expenditures=federal_expenditures(workspace, award, through),
        income_deducted=income_deducted_through(award, through),
        requested_before=requested(award),
        award_amount=award_amount(workspace, award),
    )


def request_steps(
    workspace: Workspace, key: str, through: date, requested_on: date
) -> tuple[DrawdownFigures, list[Step]]:
    """The request for the period ending on ``through``, and the change that records it.

    Raises:
        InputError: the period ends before the award starts or before an earlier request's, or
            there is nothing to request (the message says why); nothing is recorded.
    """
    award = find_award(workspace, key)
    stream = workspace.stream(award.stream)
    assert stream is not None
    if through < stream.start:
        raise InputError(f"{through.isoformat()} is before the award starts ({stream.start.isoformat()})", "--through")
    last = max((d.through for d in award.draws if d.rejected_on is None), default=None)
    if last is not None and through < last:
        raise InputError(
            f"{through.isoformat()} is before the period of an earlier request ({last.isoformat()}); "
            "requests are cumulative, so each covers through a later day",
            "--through",
        )
    figures = compute_drawdown(workspace, key, through)
    if figures.amount == 0:
        why = (
            f"the award is fully requested ({money(figures.requested_before)} of {money(figures.award_amount)})"
            if figures.available <= 0
            else f"expenditures with indirect {money(figures.expenditures.total)} less program income "
            f"{money(figures.income_deducted)} are all requested already ({money(figures.requested_before)})"
        )
        raise InputError(f"nothing to request through {through.isoformat()}: {why}", f"award {key!r}")
    draw = figures.record(requested_on)
    after = dataclasses.replace(award, draws=(*award.draws, draw))
    return figures, [changes.update(award, after)]


def _draw(award: Award, number: int) -> Drawdown:
    draw = award.draw(number)
    if draw is None:
        known = ", ".join(str(d.number) for d in award.draws) or "none yet"
        raise NotFoundError(f"award {award.key!r} has no drawdown request {number} (requests: {known})")
    return draw


def _replace_draw(award: Award, draw: Drawdown) -> Award:
    return dataclasses.replace(award, draws=tuple(draw if d.number == draw.number else d for d in award.draws))


def payment_step(workspace: Workspace, key: str, number: int, paid_on: date, amount: int) -> Step:
    """Record a payment of ``amount`` on request ``number`` (several payments may settle one request).

    Raises:
        InputError: the request was rejected, the amount is not positive, it would pay more than
            was requested, or the day is before the request.
    """
    award = find_award(workspace, key)
    draw = _draw(award, number)
    where = f"request {number}"
    if draw.rejected_on is not None:
        raise InputError(f"was rejected on {draw.rejected_on.isoformat()}; a rejected request is not paid", where)
    if amount <= 0:
        raise InputError(f"a payment of {money(amount)}; record the amount received, more than $0", "--amount")
    if draw.received + amount > draw.amount:
        raise InputError(
            f"{money(amount)} would bring the payments to {money(draw.received + amount)}, more than the "
            f"{money(draw.amount)} requested ({money(draw.amount - draw.received)} is still unpaid)",
            "--amount",
        )
    if paid_on < draw.requested_on:
        raise InputError(
            f"{paid_on.isoformat()} is before the request was made ({draw.requested_on.isoformat()})", "--date"
        )
    paid = dataclasses.replace(draw, payments=(*draw.payments, Payment(paid_on, amount)))
    return changes.update(award, _replace_draw(award, paid))


def rejection_step(workspace: Workspace, key: str, number: int, rejected_on: date) -> Step:
    """Record that the funder refused request ``number`` (what it asked for can be requested again).

    Raises:
        InputError: the request was paid (in part) or rejected already.
    """
    award = find_award(workspace, key)
    draw = _draw(award, number)
    where = f"request {number}"
    if draw.rejected_on is not None:
        raise InputError(f"was rejected already, on {draw.rejected_on.isoformat()}", where)
    if draw.payments:
        raise InputError(f"has payments of {money(draw.received)}; a request that was paid cannot be rejected", where)
    rejected = dataclasses.replace(draw, rejected_on=rejected_on)
    return changes.update(award, _replace_draw(award, rejected))


@dataclass(frozen=True)
class AwardMoney:
    """Where an award's money stands on ``as_of``, to the cent.

    Attributes:
        spent: federal expenditures with indirect through ``as_of``.
        requested: requests made by ``as_of`` and not rejected.
        received: payments received by ``as_of`` (cash in).
        receivable: requested and not yet paid.
        unbilled: spent and not yet requested: what a request through ``as_of`` would ask for
            (after program income by deduction, at most the award left to request).
    """

    award: str
    as_of: date
    amount: int
    spent: int
    requested: int
    received: int
    receivable: int
    unbilled: int


def award_money(workspace: Workspace, key: str, as_of: date) -> AwardMoney:
    """Received, receivable and unbilled of award ``key`` on ``as_of`` (see :class:`AwardMoney`)."""
    award = find_award(workspace, key)
    made = [d for d in award.draws if d.requested_on <= as_of and (d.rejected_on is None or d.rejected_on > as_of)]
    requested_total = sum(d.amount for d in made)
    received = sum(p.amount for d in made for p in d.payments if p.date <= as_of)
    figures = DrawdownFigures(
        award=award.key,
        number=0,
        through=as_of,
        expenditures=federal_expenditures(workspace, award, as_of),
        income_deducted=income_deducted_through(award, as_of),
        requested_before=requested_total,
        award_amount=award_amount(workspace, award),
    )
    return AwardMoney(
        award=award.key,
        as_of=as_of,
        amount=figures.award_amount,
        spent=figures.expenditures.total,
        requested=requested_total,
        received=received,
        receivable=requested_total - received,
        unbilled=figures.amount,
    )


def figures_json(figures: DrawdownFigures) -> dict[str, object]:
    """The request as ``fundtracker draw --format json`` prints it (docs/awards.md)."""
    return {
        "award": figures.award,
        "number": figures.number,
        "through": figures.through.isoformat(),
        "amount": format_money(figures.amount),
        "capped": figures.capped,
        "lines": {key: format_money(cents) for key, _label, cents in figures.lines()},
        "indirect_rate": str(figures.expenditures.rate),
        "direct_by_category": {c: format_money(v) for c, v in figures.expenditures.by_category.items()},
    }


def figures_text(figures: DrawdownFigures) -> list[str]:
    """The request for people: one line per figure it is computed from."""
    lines = [f"drawdown request {figures.number} of award {figures.award!r}, through {figures.through.isoformat()}"]
    rows = figures.lines()
    width = max(len(label) for _key, label, _cents in rows)
    lines += [f"  {label:<{width}}  {money(cents):>16}" for _key, label, cents in rows]
    if figures.capped:
        lines.append("  (held to the award: the expenditures exceed what is left to request)")
    return lines


@dataclass(frozen=True)
class Receivable:
    """A request made and not (wholly) paid on ``as_of``: how much, and for how many days."""

    award: str
    number: int
    requested_on: date
    unpaid: int
    days: int


def receivables(workspace: Workspace, as_of: date) -> list[Receivable]:
    """Every request with money still to come on ``as_of``, the longest outstanding first."""
    found = []
    for award in workspace.awards:
        for draw in award.draws:
            if draw.requested_on > as_of or (draw.rejected_on is not None and draw.rejected_on <= as_of):
                continue
            unpaid = draw.amount - sum(p.amount for p in draw.payments if p.date <= as_of)
            if unpaid > 0:
                found.append(
                    Receivable(award.key, draw.number, draw.requested_on, unpaid, (as_of - draw.requested_on).days)
                )
    return sorted(found, key=lambda r: (r.requested_on, r.award, r.number))


def receivables_text(workspace: Workspace, as_of: date) -> str:
    """The receivables in one sentence for the dashboard, or "" when nothing is owed."""
    owed = receivables(workspace, as_of)
    if not owed:
        return ""
    total = sum(r.unpaid for r in owed)
    oldest = owed[0]
    count = f"{len(owed)} drawdown request{'s' if len(owed) != 1 else ''}"
    return (
        f"Receivable: {money(total)} on {count}; the oldest, request {oldest.number} of {oldest.award} "
        f"({money(oldest.unpaid)}), has been outstanding {oldest.days} day{'s' if oldest.days != 1 else ''} "
        f"(since {oldest.requested_on.isoformat()})"
    )
