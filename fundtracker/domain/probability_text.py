"""How a probability is shown: a percent rounded half-up to one decimal, exact products kept exact.

A chance from exact enumeration is a product of the streams' probabilities: 0.5 × 0.35 × 0.6 is
10.5 %, and a board member checking by hand gets 10.5 %. In binary floating point that product
is 0.10499999999999998, which a whole-percent display rounds to 10 %. So the figure is first
taken back to the decimal it stands for (12 significant decimals: far below any probability
that matters, far above float noise), then rounded half-up to one decimal place of a percent.
A chance that is not certain is never shown as 0 % or 100 %.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

_NOISE = Decimal("1e-12")
_TENTH = Decimal("0.1")


def as_decimal(chance: float | Fraction | Decimal) -> Decimal:
    """The probability as the decimal it stands for (float noise removed)."""
    if isinstance(chance, Fraction):
        value = Decimal(chance.numerator) / Decimal(chance.denominator)
    elif isinstance(chance, Decimal):
        value = chance
    else:
        value = Decimal(repr(float(chance)))
    return value.quantize(_NOISE, rounding=ROUND_HALF_UP)


def percent_of(chance: float | Fraction | Decimal) -> Decimal:
    """The percent, rounded half-up to one decimal: 0.105 → 10.5."""
    return (as_decimal(chance) * 100).quantize(_TENTH, rounding=ROUND_HALF_UP)


def probability_text(chance: float | Fraction | Decimal) -> str:
    """``10.5%``, ``62%``; ``>99.9%`` and ``<0.1%`` for chances that are not certain."""
    percent = percent_of(chance)
    exact = as_decimal(chance)
    if percent == 100 and exact < 1:
        return ">99.9%"
    if percent == 0 and exact > 0:
        return "<0.1%"
    return f"{format(percent.normalize(), 'f')}%"
