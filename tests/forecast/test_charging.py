"""Charging rules, computed by hand: shares, fallback order, lapse, views, declined streams."""

from __future__ import annotations

from datetime import date

import pytest
from forecast_builders import alloc, cents, expense, money_list, position, run, stream, workspace

from fundtracker.domain.errors import InputError
from fundtracker.domain.months import month_of
from fundtracker.forecast import forecast, project, resolve


def test_restricted_then_unrestricted_earliest_end_first_open_ended_last_by_key() -> None:
    # The position costs $3,000 a month, allocated 100 % to restricted r ($2,000).
    # Unrestricted: u_mar ($4,000, ends Mar), u_jun ($4,000, ends Jun), open-ended a_open and z_open ($1,000 each).
    # Chain: u_mar, u_jun, a_open, z_open. big ($50,000) is restricted and not allocated: it never pays.
    # Jan: r 2,000 + u_mar 1,000. Feb: u_mar 3,000 (empty). Mar: u_jun 3,000 (1,000 left).
    # Apr: u_jun 1,000 + a_open 1,000 + z_open 1,000. May: 3,000 unfunded.
    ws = workspace(
        (
            stream("r", "2000"),
            stream("big", "50000"),
            stream("u_jun", "4000", end=date(2024, 6, 30), restricted=False),
            stream("u_mar", "4000", end=date(2024, 3, 31), restricted=False),
            stream("z_open", "1000", end=None, restricted=False),
            stream("a_open", "1000", end=None, restricted=False),
        ),
        (position("p", "36000"),),
        allocations=(alloc("p", "r"),),
    )
    p = run(ws, 5)
    assert p.charged_by_stream("p") == {
        "a_open": tuple(money_list("0", "0", "0", "1000", "0")),
        "r": tuple(money_list("2000", "0", "0", "0", "0")),
        "u_jun": tuple(money_list("0", "0", "3000", "1000", "0")),
        "u_mar": tuple(money_list("1000", "3000", "0", "0", "0")),
        "z_open": tuple(money_list("0", "0", "0", "1000", "0")),
    }
    assert [int(v) for v in p.unfunded] == money_list("0", "0", "0", "0", "3000")
    assert p.funded_through == date(2024, 4, 30)
    assert p.stream_totals["big"].charged_total == 0
    assert p.stream_totals["big"].end_balance == cents("50000")


def test_shares_split_exactly_leftover_cent_to_first_and_unallocated_rest_falls_through() -> None:
    # $100.01 a month; a 50 %, b 30 % (restricted, ample), 20 % unallocated -> unrestricted u.
    # allocated total = round_half_up(10001 × 80 / 100 = 8000.8) = 8001 cents;
    # b (not first) = floor(10001 × 30 / 100 = 3000.3) = 3000; a (first by stream key) = 8001 − 3000 = 5001;
    # unallocated = 10001 − 8001 = 2000 -> u.
    ws = workspace(
        (stream("a", "1000"), stream("b", "1000"), stream("u", "1000", restricted=False)),
        expenses=(expense("e", "100.01"),),
        allocations=(alloc("e", "b", "30"), alloc("e", "a", "50")),
    )
    p = run(ws, 1)
    assert p.charged_by_stream("e") == {"a": (5001,), "b": (3000,), "u": (2000,)}
    # Without an unrestricted stream the unallocated 20.00 is unfunded.
    alone = run(workspace(ws.streams[:2], expenses=ws.expenses, allocations=ws.allocations), 1)
    assert [int(v) for v in alone.unfunded] == [2000]


def test_fifty_fifty_of_an_odd_amount_gives_the_cent_to_the_first() -> None:
    # 10001 cents 50/50: total round(10001) = 10001; second floor(5000.5) = 5000; first 5001.
    ws = workspace(
        (stream("x", "1000"), stream("y", "1000")),
        expenses=(expense("e", "100.01"),),
        allocations=(alloc("e", "x", "50"), alloc("e", "y", "50")),
    )
    assert run(ws, 1).charged_by_stream("e") == {"x": (5001,), "y": (5000,)}


def test_allocation_dates_switch_payers() -> None:
    # $3,000 a month: a until Feb 29, b from Mar 1 (each 100 %).
    ws = workspace(
        (stream("a", "10000"), stream("b", "10000")),
        (position("p", "36000"),),
        allocations=(alloc("p", "a", end=date(2024, 2, 29)), alloc("p", "b", start=date(2024, 3, 1))),
    )
    by = run(ws, 4).charged_by_stream("p")
    assert by == {"a": tuple(money_list("3000", "3000", "0", "0")), "b": tuple(money_list("0", "0", "3000", "3000"))}


def test_allocation_starting_with_a_mid_month_hire_covers_the_first_month() -> None:
    # Hired Jan 16 with an allocation from Jan 16: 16/31 of $3,000 = round(300000 × 16 / 31 = 154838.7) = $1,548.39.
    ws = workspace(
        (stream("a", "10000"),),
        (position("p", "36000", date(2024, 1, 16)),),
        allocations=(alloc("p", "a", start=date(2024, 1, 16)),),
    )
    p = run(ws, 2)
    assert p.charged_by_stream("p") == {"a": (154839, 300000)}
    assert int(p.unfunded.sum()) == 0


def test_lapse_at_the_close_of_the_end_month() -> None:
    # $10,000 for Jan–Mar pays $3,000 a month; 1,000 lapses at the close of March; April is unfunded.
    ws = workspace(
        (stream("a", "10000", end=date(2024, 3, 31)),), (position("p", "36000"),), allocations=(alloc("p", "a"),)
    )
    p = run(ws, 4)
    row = p.stream_row("a")
    assert [int(v) for v in p.stream_lapsed[row]] == money_list("0", "0", "1000", "0")
    assert [int(v) for v in p.stream_balance[row]] == money_list("7000", "4000", "0", "0")
    assert p.funded_through == date(2024, 3, 31)


def test_open_ended_streams_never_lapse() -> None:
    ws = workspace((stream("a", "10000", end=None, restricted=False),), expenses=(expense("e", "1000"),))
    p = run(ws, 24)
    assert int(p.lapsed.sum()) == 0
    assert p.funded_through == date(2024, 10, 31)  # 10 months of $1,000


def test_stream_pays_only_inside_its_period() -> None:
    # Cash on Jan 1 but the period starts Mar 1: Jan and Feb are unfunded; Mar pays.
    ws = workspace(
        (stream("a", "10000", start=date(2024, 3, 1), schedule="tranches", tranches=((date(2024, 1, 1), "10000"),)),),
        (position("p", "36000"),),
        allocations=(alloc("p", "a"),),
    )
    p = run(ws, 3)
    assert [int(v) for v in p.unfunded] == money_list("3000", "3000", "0")
    assert [int(v) for v in p.balance] == money_list("10000", "10000", "7000")


def test_views_and_declined_streams() -> None:
    # Cost $1,000 a month. s secured $2,000; q pending $5,000; d declined $100,000 (never counts).
    ws = workspace(
        (
            stream("s", "2000", restricted=False),
            stream("q", "5000", restricted=False, status="pending", probability="0.5"),
            stream("d", "100000", restricted=False, status="declined"),
        ),
        expenses=(expense("e", "1000"),),
    )
    secured = run(ws, 12, view="secured")
    expected = run(ws, 12, view="expected")
    assert [s.key for s in secured.streams] == ["s"]
    assert [s.key for s in expected.streams] == ["q", "s"]
    assert secured.funded_through == date(2024, 2, 29)  # 2 months
    assert expected.funded_through == date(2024, 7, 31)  # 7 months
    assert [s.key for s in resolve(ws, "expected").excluded] == ["d"]


def test_allocation_to_a_stream_outside_the_view_falls_to_unrestricted() -> None:
    # 100 % to pending q; in the secured view q does not count, so u pays.
    ws = workspace(
        (stream("q", "5000", status="pending"), stream("u", "5000", restricted=False)),
        expenses=(expense("e", "1000"),),
        allocations=(alloc("e", "q"),),
    )
    assert run(ws, 1, view="secured").charged_by_stream("e") == {"u": (cents("1000"),)}
    assert run(ws, 1, view="expected").charged_by_stream("e") == {"q": (cents("1000"),)}


def test_allocated_shares_come_before_fallback() -> None:
    # u ($1,000 a month, unrestricted) is allocated 100 % of b's $1,000; a ($1,000, unallocated) comes first
    # in line order but only gets what u has left after its allocated shares: nothing.
    ws = workspace(
        (stream("u", "12000", schedule="monthly", restricted=False),),
        expenses=(expense("a", "1000"), expense("b", "1000")),
        allocations=(alloc("b", "u"),),
    )
    p = run(ws, 1)
    assert p.line_totals["b"].unfunded_total == 0
    assert p.line_totals["a"].unfunded_total == cents("1000")


def test_money_spent_before_the_horizon_is_not_available_in_it() -> None:
    # $10,000 from Jan 2024 pays $3,000 a month; starting the forecast in March leaves 4,000 opening balance.
    ws = workspace((stream("a", "10000"),), (position("p", "36000"),), allocations=(alloc("p", "a"),))
    p = run(ws, 2, start=month_of(2024, 3))
    assert p.stream_totals["a"].opening_balance == cents("4000")
    assert [int(v) for v in p.stream_charged[0]] == money_list("3000", "1000")


def test_horizon_limits() -> None:
    ws = workspace()
    with pytest.raises(InputError, match="1–240"):
        forecast(ws, start=month_of(2024, 1), months=0)
    with pytest.raises(InputError, match="1–240"):
        project(resolve(ws), month_of(2024, 1), 241)
    assert len(forecast(ws, start=month_of(2024, 1), months=240).months) == 240


def test_unknown_view() -> None:
    with pytest.raises(InputError, match="unknown view 'hopeful'; use one of: secured, expected"):
        resolve(workspace(), "hopeful")
