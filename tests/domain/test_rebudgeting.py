"""The rebudgeting meter, each figure computed by hand in the comments."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from fundtracker.domain.errors import InputError
from fundtracker.domain.rebudgeting import rebudget_meter

# The last approved version: direct 180,000.00 + indirect 27,000.00 (15 %) = 207,000.00.
APPROVED = {
    "personnel": 120_000_00,
    "fringe": 30_000_00,
    "travel": 4_000_00,
    "equipment": 0,
    "supplies": 6_000_00,
    "contractual": 20_000_00,
    "other": 0,
}
TOTAL = 207_000_00


def proposed(**changes: int) -> dict[str, int]:
    return {category: cents + changes.get(category, 0) for category, cents in APPROVED.items()}


def test_a_small_move_needs_no_prior_approval() -> None:
    # +12,000.00 personnel, +3,000.00 fringe, −15,000.00 contractual: |changes| = 30,000.00,
    # transfers = 15,000.00; 15,000 / 207,000 = 7.246… % → 7.2 %
    meter = rebudget_meter(APPROVED, proposed(personnel=12_000_00, fringe=3_000_00, contractual=-15_000_00), TOTAL)
    assert (meter.moved, meter.transfers) == (30_000_00, 15_000_00)
    assert meter.share == Fraction(15_000, 207_000)
    assert meter.percent == Decimal("7.2")
    assert not meter.needs_prior_approval
    assert meter.sentence("moving 0.3 FTE of the lead onto this award") == (
        "moving 0.3 FTE of the lead onto this award transfers 7.2 % ($15,000.00) — no prior approval needed"
    )
    assert [(c.category, c.change) for c in meter.changes if c.change] == [
        ("personnel", 12_000_00),
        ("fringe", 3_000_00),
        ("contractual", -15_000_00),
    ]


def test_a_move_above_ten_percent_needs_prior_approval() -> None:
    # +20,000 personnel +5,000 fringe −20,000 contractual −5,000 supplies: |changes| = 50,000,
    # transfers = 25,000; 25,000 / 207,000 = 12.077… % → 12.1 %
    meter = rebudget_meter(
        APPROVED, proposed(personnel=20_000_00, fringe=5_000_00, contractual=-20_000_00, supplies=-5_000_00), TOTAL
    )
    assert meter.percent == Decimal("12.1")
    assert meter.needs_prior_approval
    assert meter.sentence("the plan") == (
        "the plan transfers 12.1 % ($25,000.00) — prior approval needed "
        "(transfers above 10 % of the approved budget of $207,000)"
    )


def test_money_into_a_category_approved_at_zero_needs_prior_approval() -> None:
    # −500.00 travel, +500.00 other (approved at $0): transfers 500.00; 500 / 207,000 = 0.2415… % → 0.2 %
    meter = rebudget_meter(APPROVED, proposed(travel=-500_00, other=500_00), TOTAL)
    assert meter.percent == Decimal("0.2")
    assert not meter.over_limit
    assert meter.into_zero == ("other",)
    assert meter.needs_prior_approval
    assert meter.verdict() == "prior approval needed ($500 into other, approved at $0)"


def test_a_category_missing_from_the_approved_budget_counts_as_approved_at_zero() -> None:
    meter = rebudget_meter({"personnel": 100_00}, {"personnel": 90_00, "travel": 10_00}, 100_00)
    # |−10.00| + |+10.00| = 20.00 → transfers 10.00 = 10 % exactly, not above; but travel was $0
    assert meter.share == Fraction(1, 10)
    assert not meter.over_limit
    assert meter.into_zero == ("travel",)


def test_the_limit_compares_the_exact_meter_not_the_rounded_one() -> None:
    # transfers 20,700.00 / 207,000.00 = exactly 10 %: not above
    exactly = rebudget_meter(APPROVED, proposed(personnel=20_700_00, contractual=-20_700_00), TOTAL)
    assert (exactly.percent, exactly.needs_prior_approval) == (Decimal("10.0"), False)
    # one cent more: 20,700.01 / 207,000.00 = 10.0000048 % shows as 10.0 % but is above 10 %
    above = rebudget_meter(APPROVED, proposed(personnel=20_700_01, contractual=-20_700_01), TOTAL)
    assert (above.percent, above.needs_prior_approval) == (Decimal("10.0"), True)


def test_half_a_cent_of_transfers_is_shown_rounded_half_up() -> None:
    # +0.01 personnel only (the total grows): |changes| = 1 cent, transfers = half a cent → $0.01 shown
    meter = rebudget_meter(APPROVED, proposed(personnel=1), TOTAL)
    assert (meter.transfers_exact, meter.transfers, meter.transfers_text()) == (Fraction(1, 2), 1, "$0.01")


def test_no_approved_budget_is_refused() -> None:
    with pytest.raises(InputError, match=r"^approved budget total: is \$0; the meter measures"):
        rebudget_meter({}, {"personnel": 1}, 0)
