"""Per-position odds (DESIGN.md v2 §4), computed by hand on exact enumeration."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from forecast_builders import JAN_2024, position, stream, workspace

from fundtracker.domain.months import month_of
from fundtracker.domain.probability_text import probability_text
from fundtracker.forecast import probability

FEB, MAR, APR = month_of(2024, 2), month_of(2024, 3), month_of(2024, 4)


def test_each_position_gets_its_chance_per_month_and_the_months_it_drops_below_80_50_20() -> None:
    # a (priority 1) and b cost $1,000 a month each. All money unrestricted, open-ended, lump sums:
    # secured u $2,000 in January; pending p1 (50 %) $2,000 in February; pending p2 (40 %) $1,000 in March.
    # neither (0.5 × 0.6 = 0.3): both unfunded from February.
    # p1 only (0.5 × 0.6 = 0.3): February paid; both unfunded from March.
    # p2 only (0.5 × 0.4 = 0.2): both unfunded from February (p2 comes a month late).
    # both    (0.5 × 0.4 = 0.2): February paid; March's $1,000 pays a (priority 1), b unfunded from March;
    #                            a unfunded from April.
    # a funded through: Jan 1, Feb 0.3 + 0.2 = 0.5, Mar 0.2, Apr 0.
    # b funded through: Jan 1, Feb 0.5, Mar 0, Apr 0.
    ws = workspace(
        (
            stream("u", "2000", end=None, restricted=False),
            stream(
                "p1", "2000", start=date(2024, 2, 1), end=None, restricted=False, status="pending", probability="0.5"
            ),
            stream(
                "p2", "1000", start=date(2024, 3, 1), end=None, restricted=False, status="pending", probability="0.4"
            ),
        ),
        (position("b", "12000"), replace(position("a", "12000"), priority=1)),
    )
    result = probability(ws, start=JAN_2024, months=4, positions=True)
    assert result.method == "exact"
    assert list(result.positions) == ["a", "b"]  # charging order
    a, b = result.positions["a"], result.positions["b"]
    assert [(m, probability_text(p)) for m, p in a.curve] == [
        (JAN_2024, "100%"),
        (FEB, "50%"),
        (MAR, "20%"),
        (APR, "0%"),
    ]
    assert [probability_text(p) for _, p in b.curve] == ["100%", "50%", "0%", "0%"]
    # Below 80 %: February for both. Below 50 %: March (February's 50 % is not below 50 %).
    # Below 20 %: a in April (March's 20 % is not below 20 %), b in March.
    assert a.below == {0.8: FEB, 0.5: MAR, 0.2: APR}
    assert b.below == {0.8: FEB, 0.5: MAR, 0.2: MAR}
    # Overall: the first unfunded month is February with 0.3 + 0.2 = 0.5, else March; the median
    # (earliest funded-through date reached with at least 50 %) is the end of January.
    assert result.median == date(2024, 1, 31)
    assert [(d, probability_text(p)) for d, p in result.distribution] == [
        (date(2024, 1, 31), "50%"),
        (date(2024, 2, 29), "50%"),
    ]


def test_without_positions_asked_the_result_has_none() -> None:
    ws = workspace((stream("u", "2000", end=None, restricted=False),), (position("a", "12000"),))
    assert probability(ws, start=JAN_2024, months=2).positions == {}
    odds = probability(ws, start=JAN_2024, months=3, positions=True).positions["a"]
    # Certain: funded January and February ($2,000), unfunded from March: 100 %, 100 %, 0 %.
    assert [p for _, p in odds.curve] == [1.0, 1.0, 0.0]
    assert odds.below == {0.8: MAR, 0.5: MAR, 0.2: MAR}
