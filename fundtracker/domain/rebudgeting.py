"""The rebudgeting meter: how much a budget change moves between cost categories, and whether it
needs the funder's prior approval.

Against the award's last approved budget version (DESIGN.md, "After the award"):

* **transfers** = half the sum of the absolute changes across the direct cost categories (money
  moved out of one category is moved into another, so each dollar moved counts once);
* **meter** = transfers ÷ the total approved budget (every category and indirect, federal and
  recipient share: "the total budget as last approved", 2 CFR 200.308);
* **prior approval** is needed when the meter is above 10 %, or when any money goes into a
  category approved at $0.

The meter is kept exact (a fraction) and compared exactly; where it is shown it is a percent
rounded half-up to one decimal, once, from the exact value. The transfers are shown rounded
half-up to the cent, once (half an odd number of cents is half a cent).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from fundtracker.domain.errors import InputError
from fundtracker.domain.money import format_dollars, format_money

PRIOR_APPROVAL_ABOVE = Fraction(1, 10)
_TENTH = Decimal("0.1")


@dataclass(frozen=True)
class CategoryChange:
    """One direct cost category: approved, proposed, and the change (cents)."""

    category: str
    approved: int
    proposed: int

    @property
    def change(self) -> int:
        return self.proposed - self.approved


@dataclass(frozen=True)
class RebudgetMeter:
    """A proposed budget measured against the last approved version.

    Attributes:
        changes: every direct cost category of either budget, in the approved budget's order.
        total_approved: the total approved budget (cents), direct and indirect.
        moved: the sum of the absolute changes (cents); transfers are half of it.
        into_zero: categories approved at $0 that the proposal puts money into.
    """

    changes: tuple[CategoryChange, ...]
    total_approved: int
    moved: int
    into_zero: tuple[str, ...]

    @property
    def transfers_exact(self) -> Fraction:
        """Half the sum of the absolute changes, in cents (may end in half a cent)."""
        return Fraction(self.moved, 2)

    @property
    def transfers(self) -> int:
        """The transfers rounded half-up to the cent (for showing)."""
        return (self.moved + 1) // 2

    @property
    def share(self) -> Fraction:
        """Transfers ÷ total approved budget, exact."""
        return self.transfers_exact / self.total_approved

    @property
    def percent(self) -> Decimal:
        """The meter as a percent rounded half-up to one decimal (6.2)."""
        exact = self.share * 100
        return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(_TENTH, rounding=ROUND_HALF_UP)

    @property
    def over_limit(self) -> bool:
        return self.share > PRIOR_APPROVAL_ABOVE

    @property
    def needs_prior_approval(self) -> bool:
        return self.over_limit or bool(self.into_zero)

    def reasons(self) -> list[str]:
        """Why prior approval is needed (empty when it is not)."""
        reasons = []
        if self.over_limit:
            reasons.append(f"transfers above 10 % of the approved budget of {format_dollars(self.total_approved)}")
        for category in self.into_zero:
            proposed = next(c.proposed for c in self.changes if c.category == category)
            reasons.append(f"{format_dollars(proposed)} into {category}, approved at $0")
        return reasons

    def percent_text(self) -> str:
        """``6.2 %``."""
        return f"{self.percent} %"

    def transfers_text(self) -> str:
        return format_money(self.transfers, symbol=True, grouping=True)

    def verdict(self) -> str:
        """``no prior approval needed`` or ``prior approval needed (…reasons…)``."""
        if not self.needs_prior_approval:
            return "no prior approval needed"
        return f"prior approval needed ({'; '.join(self.reasons())})"

    def sentence(self, change: str) -> str:
        """``moving 0.3 FTE of the lead onto this award transfers 6.2 % — no prior approval needed``.

        Args:
            change: what the proposal does, as the start of the sentence.
        """
        return f"{change} transfers {self.percent_text()} ({self.transfers_text()}) — {self.verdict()}"


def rebudget_meter(approved: Mapping[str, int], proposed: Mapping[str, int], total_approved: int) -> RebudgetMeter:
    """Measure ``proposed`` against ``approved`` (see the module's rules).

    Args:
        approved: the last approved version's direct cost categories (category → cents).
        proposed: the proposed budget's direct cost categories; a category missing from either
            is $0 there.
        total_approved: the last approved version's total (direct and indirect), cents.

    Raises:
        InputError: the approved total is not positive (there is nothing to measure against).
    """
    if total_approved <= 0:
        raise InputError(
            f"is {format_dollars(total_approved)}; the meter measures against a positive approved budget",
            "approved budget total",
        )
    categories = list(approved) + [c for c in proposed if c not in approved]
    changes = tuple(CategoryChange(c, approved.get(c, 0), proposed.get(c, 0)) for c in categories)
    moved = sum(abs(c.change) for c in changes)
    into_zero = tuple(c.category for c in changes if c.approved == 0 and c.proposed > 0)
    return RebudgetMeter(changes, total_approved, moved, into_zero)
