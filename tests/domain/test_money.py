from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fundtracker.domain.errors import InputError
from fundtracker.domain.money import (
    MAX_CENTS,
    apply_rate,
    format_dollars,
    format_money,
    parse_decimal,
    parse_money,
    split_evenly,
)


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("78,268", 7826800),
        ("$78,268.00", 7826800),
        ("78268.5", 7826850),
        ("0.07", 7),
        (" 1,234,567.89 ", 123456789),
        ("1000000000000", MAX_CENTS),
        ("12.", 1200),
    ],
)
def test_parse_accepts_common_formats(text: str, cents: int) -> None:
    assert parse_money(text) == cents


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("7x", "not a money amount"),
        ("1e5", "not a money amount"),
        ("--3", "not a money amount"),
        ("NaN", "not a money amount"),
        ("inf", "not a money amount"),
        ("1.234", "more than 2 decimals"),
        ("1000000000000.01", "over the limit"),
        ("12,34", "not a money amount"),
        ("", "not a money amount"),
        ("-5", "negative amount not allowed"),
    ],
)
def test_parse_rejects_with_what_is_allowed(text: str, fragment: str) -> None:
    with pytest.raises(InputError) as info:
        parse_money(text)
    assert fragment in str(info.value)
    assert "allowed" in str(info.value) or "limit" in str(info.value)


def test_parse_refuses_floats() -> None:
    with pytest.raises(InputError, match="floats are not accepted"):
        parse_money(1.5)  # type: ignore[arg-type]


def test_negative_allowed_when_asked() -> None:
    assert parse_money("-12.50", allow_negative=True) == -1250


def test_format() -> None:
    assert format_money(7826800) == "78268.00"
    assert format_money(-5) == "-0.05"
    assert format_money(123456789, symbol=True, grouping=True) == "$1,234,567.89"
    assert format_dollars(5200000) == "$52,000"
    assert format_dollars(5200050) == "$52,000.50"


def test_split_leftover_goes_to_earliest() -> None:
    assert split_evenly(100, 3) == [34, 33, 33]
    assert split_evenly(7826800, 12)[:2] == [652234, 652234]
    assert sum(split_evenly(7826800, 12)) == 7826800


def test_apply_rate_rounds_half_up() -> None:
    assert apply_rate(433333, Decimal("0.25")) == 108333  # 108333.25
    assert apply_rate(2, Decimal("0.25")) == 1  # 0.5 rounds up


def test_parse_decimal_rejects_exponent() -> None:
    with pytest.raises(InputError, match="not a number"):
        parse_decimal("1e2")
    assert parse_decimal("0.25") == Decimal("0.25")


@given(st.integers(min_value=-MAX_CENTS, max_value=MAX_CENTS), st.integers(min_value=1, max_value=500))
def test_split_parts_always_sum(cents: int, parts: int) -> None:
    shares = split_evenly(cents, parts)
    assert len(shares) == parts
    assert sum(shares) == cents
    assert max(shares) - min(shares) <= 1
    assert shares == sorted(shares, reverse=True)


@given(st.integers(min_value=0, max_value=MAX_CENTS), st.booleans(), st.booleans())
def test_parse_format_round_trip(cents: int, symbol: bool, grouping: bool) -> None:
    assert parse_money(format_money(cents, symbol=symbol, grouping=grouping)) == cents
