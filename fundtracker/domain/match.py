"""The match: the recipient's share of a federal budget, and the words for who pays what.

"Non-federal" means one thing everywhere: the match (cost sharing) of a federal budget, the
recipient's share that SF-424A reports as non-federal. Costs paid by other streams (a city
appropriation, a foundation) are **other sources**, never "non-federal".

Per object class and budget period ``match = round_half_up(amount × match % / 100)`` and
``federal = amount − match``; totals are sums of those cells.
"""

from __future__ import annotations

from decimal import Decimal

from fundtracker.domain.money import apply_rate

FEDERAL = "Federal"
MATCH = "Match (non-federal)"
OTHER_SOURCES = "Other sources"
HUNDRED = Decimal(100)


def match_of(amount: int, match_percent: Decimal) -> int:
    """The match part of ``amount`` (cents) at ``match_percent`` (0–100)."""
    return apply_rate(amount, match_percent / HUNDRED)


def split_match(amount: int, match_percent: Decimal) -> tuple[int, int]:
    """``(federal, match)`` parts of a federal budget amount; they add up to ``amount``."""
    match = match_of(amount, match_percent)
    return amount - match, match
