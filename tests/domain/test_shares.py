"""The share rule (domain.shares): the engine's split, one line and month at a time."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from fundtracker.domain.months import month_of
from fundtracker.domain.records import Allocation
from fundtracker.domain.shares import line_allocations, month_shares, split_shares, stream_share
from fundtracker.forecast.shares import allocation_order, allocation_shares


def test_leftover_cent_goes_to_the_first() -> None:
    # $4,333.33 × 50%: floor 216,666.5 → 216,666; allocated round(216,666.5) = 216,667 → first gets it
    assert split_shares(433_333, [Decimal("50")]) == [216_667]
    assert split_shares(433_333, [Decimal("50"), Decimal("50")]) == [216_667, 216_666]
    assert split_shares(100, [Decimal("70"), Decimal("50")]) == [70, 30]  # cut at 100%


def test_fifty_fifty_of_100_01_adds_up_to_the_cent() -> None:
    # round(10,001 × 100 / 100) = 10,001 allocated; the second gets floor(5,000.5) = 5,000, the first the rest.
    assert split_shares(10_001, [Decimal("50"), Decimal("50")]) == [5_001, 5_000]


def test_an_allocation_starting_mid_month_is_not_active_that_month() -> None:
    ordered = line_allocations(
        "line",
        [
            Allocation("line", "a", Decimal("100"), end=date(2025, 3, 14)),
            Allocation("line", "b", Decimal("100"), start=date(2025, 3, 15)),
        ],
    )
    march, april = month_of(2025, 3), month_of(2025, 4)
    # On 1 March (the line's first active day of March) only "a" is in force: it pays all of March.
    assert month_shares(10_000, ordered, march, date(2020, 1, 1)) == [10_000, 0]
    assert stream_share(10_000, "b", ordered, april, date(2020, 1, 1)) == 10_000
    # A line that itself starts on 20 March looks at 20 March: then "b" is in force.
    assert month_shares(10_000, ordered, march, date(2025, 3, 20)) == [0, 10_000]


@given(
    cost=st.integers(min_value=0, max_value=10**9),
    percents=st.lists(
        st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False), min_size=1, max_size=4
    ),
)
def test_split_shares_match_the_forecast_engine(cost: int, percents: list[Decimal]) -> None:
    allocations = [Allocation("line", f"s{i}", p) for i, p in enumerate(percents)]
    ordered = allocation_order(allocations, {"line": 0})
    engine = allocation_shares(
        ordered, {"line": 0}, np.array([[cost]], dtype=np.int64), [date(2020, 1, 1)], [date(2025, 1, 1)]
    )
    ours = split_shares(cost, [a.percent for a in ordered])
    assert ours == [int(x) for x in engine[:, 0]]
