"""Priority (DESIGN.md v2 §1), computed by hand: lines are charged by priority, then positions
before expenses, then key; lines without a priority come after every line that has one."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from forecast_builders import alloc, expense, money_list, position, run, stream, workspace

from fundtracker.domain.validation import validate_workspace
from fundtracker.forecast import unfunded_first


def test_without_priorities_version_1_order_holds_positions_by_key_then_expenses() -> None:
    # One unrestricted stream of $5,000 for January. a and b cost $3,000 each, e $1,000.
    # Version 1 order: a, b (positions by key), then e. a gets 3,000, b gets 2,000, e nothing.
    ws = workspace(
        (stream("u", "5000", end=date(2024, 1, 31), restricted=False),),
        (position("a", "36000"), position("b", "36000")),
        (expense("e", "1000"),),
    )
    p = run(ws, 1)
    assert [line.key for line in p.lines] == ["a", "b", "e"]
    assert [int(p.line_unfunded[p.line_row(k), 0]) for k in ("a", "b", "e")] == money_list("0", "1000", "1000")


def test_priority_one_is_protected_first_and_lines_without_one_come_last() -> None:
    # Same money ($5,000 unrestricted, January only). Priorities: e 1, b 2, a none.
    # Order: e (1), b (2), a (none). e gets 1,000, b 3,000, a the last 1,000 of its 3,000.
    ws = workspace(
        (stream("u", "5000", end=date(2024, 1, 31), restricted=False),),
        (position("a", "36000"), replace(position("b", "36000"), priority=2)),
        (replace(expense("e", "1000"), priority=1),),
    )
    p = run(ws, 1)
    assert [line.key for line in p.lines] == ["e", "b", "a"]
    assert [int(p.line_unfunded[p.line_row(k), 0]) for k in ("e", "b", "a")] == money_list("0", "0", "2000")


def test_equal_priority_positions_before_expenses_then_key() -> None:
    # All three priority 1. Order: a, b (positions by key), then e. $3,500 pays a 3,000 and b 500.
    ws = workspace(
        (stream("u", "3500", end=date(2024, 1, 31), restricted=False),),
        (replace(position("b", "36000"), priority=1), replace(position("a", "36000"), priority=1)),
        (replace(expense("e", "1000"), priority=1),),
    )
    p = run(ws, 1)
    assert [line.key for line in p.lines] == ["a", "b", "e"]
    assert [int(p.line_unfunded[p.line_row(k), 0]) for k in ("a", "b", "e")] == money_list("0", "2500", "1000")


def test_priority_orders_a_restricted_streams_own_shares_too() -> None:
    # Restricted r ($4,000, whole year) pays 100 % of a and of b ($3,000 a month each).
    # b has priority 1: January b 3,000 then a 1,000 (a short 2,000); February r is empty.
    # Unfunded first: a in January (funded through 2023-12-31), b in February.
    ws = workspace(
        (stream("r", "4000"),),
        (position("a", "36000"), replace(position("b", "36000"), priority=1)),
        allocations=(alloc("a", "r"), alloc("b", "r")),
    )
    p = run(ws, 2)
    assert p.charged_by_stream("b") == {"r": tuple(money_list("3000", "0"))}
    assert p.charged_by_stream("a") == {"r": tuple(money_list("1000", "0"))}
    assert [(u.key, u.funded_through) for u in unfunded_first(p)] == [
        ("a", date(2023, 12, 31)),
        ("b", date(2024, 1, 31)),
    ]


def test_priority_must_be_a_whole_number_from_one() -> None:
    ws = workspace(positions=(replace(position("a", "36000"), priority=0),))
    assert [(p.key, p.field) for p in validate_workspace(ws)] == [("a", "priority")]
