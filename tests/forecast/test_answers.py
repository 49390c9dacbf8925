"""unfunded_first, shortfall and lapsing on a hand-made workspace; share rule edge cases."""

from __future__ import annotations

from datetime import date

import pytest
from forecast_builders import alloc, cents, expense, money_list, position, run, stream, workspace

from fundtracker.domain.errors import InputError
from fundtracker.domain.months import month_of
from fundtracker.forecast import lapsing, shortfall, unfunded_first

# b ($3,000/month) has $6,000 in a; a ($3,000/month) has $9,000 in c (ends Apr 30, then lapses);
# z ($1,000/month) has f, a reimbursement award of $20,000 for Jan–Jun (only 6,000 drawn).
WS = workspace(
    (
        stream("a", "6000"),
        stream("c", "12000", end=date(2024, 4, 30)),
        stream("f", "20000", end=date(2024, 6, 30), schedule="reimbursement", lag_days=30),
    ),
    (position("a_pos", "36000"), position("b_pos", "36000"), position("z_pos", "12000")),
    allocations=(alloc("b_pos", "a"), alloc("a_pos", "c"), alloc("z_pos", "f")),
)


def test_unfunded_first_orders_by_month_then_key() -> None:
    p = run(WS, 8)
    # b_pos: 2 months (Mar); a_pos: 4 months but c ends Apr 30 anyway (May); z_pos: f ends Jun 30 (Jul).
    found = [(u.key, u.first_unfunded, u.funded_through) for u in unfunded_first(p)]
    assert found == [
        ("b_pos", date(2024, 3, 1), date(2024, 2, 29)),
        ("a_pos", date(2024, 5, 1), date(2024, 4, 30)),
        ("z_pos", date(2024, 7, 1), date(2024, 6, 30)),
    ]
    assert unfunded_first(p)[0].unfunded_total == cents("3000") * 6  # Mar–Aug


def test_shortfall_per_month_until_a_date() -> None:
    p = run(WS, 8)
    gap = shortfall(p, date(2024, 5, 15))
    assert gap.months == [month_of(2024, m) for m in range(1, 6)]
    assert gap.amounts == money_list("0", "0", "3000", "3000", "6000")
    assert gap.total == cents("12000")
    with pytest.raises(InputError, match="outside the forecast horizon 2024-01 – 2024-08"):
        shortfall(p, date(2024, 9, 1))


def test_lapsing_lists_lapsed_cash_and_undrawn_awards() -> None:
    p = run(WS, 8)
    # c: 12,000 − 4 × 3,000 = 0 lapses; f: 20,000 − 6 × 1,000 = 14,000 undrawn at the close of June.
    assert [(x.key, x.lapsed_total, x.undrawn_total) for x in lapsing(p)] == [("f", 0, cents("14000"))]
    rich = run(workspace((stream("c", "13000", end=date(2024, 4, 30)),), WS.positions, allocations=WS.allocations), 8)
    assert [(x.key, x.lapsed_total, x.by_month) for x in lapsing(rich)] == [
        ("c", cents("1000"), [(month_of(2024, 4), cents("1000"))])
    ]


def test_allocations_over_100_percent_are_cut_to_100() -> None:
    # Only a scenario or an unvalidated workspace can do this: a 80 %, b 80 % -> b gets the last 20 %.
    ws = workspace(
        (stream("a", "1000"), stream("b", "1000")),
        expenses=(expense("e", "100"),),
        allocations=(alloc("e", "a", "80"), alloc("e", "b", "80")),
    )
    assert run(ws, 1).charged_by_stream("e") == {"a": (cents("80"),), "b": (cents("20"),)}


def test_a_zero_percent_allocation_takes_no_leftover_cent() -> None:
    # a 0 %, b 50 %, c 50 % of 0.01: total round(0.5) = 1 cent; c floor(0.5) = 0; b (first positive) 1.
    ws = workspace(
        (stream("a", "1"), stream("b", "1"), stream("c", "1")),
        expenses=(expense("e", "0.01"),),
        allocations=(alloc("e", "a", "0"), alloc("e", "b", "50"), alloc("e", "c", "50")),
    )
    assert run(ws, 1).charged_by_stream("e") == {"b": (1,)}


def test_huge_amounts_with_fine_percents_stay_exact() -> None:
    # $1,000,000,000 a month at 33.333333 % (a) and 66.666667 % (b): the products overflow int64, so the
    # split runs on Python integers. Total round(10^11 × 100 / 100) = 10^11 cents;
    # b floor(10^11 × 66.666667 / 100) = 66,666,667,000; a gets 10^11 − 66,666,667,000 = 33,333,333,000.
    ws = workspace(
        (stream("a", "5000000000"), stream("b", "5000000000")),
        expenses=(expense("e", "1000000000"),),
        allocations=(alloc("e", "a", "33.333333"), alloc("e", "b", "66.666667")),
    )
    assert run(ws, 1).charged_by_stream("e") == {"a": (33_333_333_000,), "b": (66_666_667_000,)}
