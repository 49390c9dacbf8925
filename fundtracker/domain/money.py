"""Money as integer cents: parsing, formatting and exact splitting.

Inside the program every amount is an ``int`` of cents. Outside it is a decimal
string. Floats never carry money: a float reaching :func:`parse_money` is refused.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from fundtracker.domain.errors import InputError

MAX_DOLLARS = 10**12
MAX_CENTS = MAX_DOLLARS * 100

_ALLOWED = (
    'allowed: a number of dollars with at most 2 decimals, optionally with "$" and '
    'thousands commas, e.g. "78268", "78,268.00" or "$78,268.5"'
)
# Digits with well-formed thousands groups, or plain digits; optional cents.
_MONEY_RE = re.compile(r"^(-)?\$?(?:(\d{1,3}(?:,\d{3})+)|(\d+))?(?:\.(\d*))?$")


def parse_money(text: str | int | Decimal, *, allow_negative: bool = False) -> int:
    """Parse a money amount into integer cents.

    Args:
        text: "78,268", "$78,268.00", "78268.5", an int of dollars or a Decimal.
        allow_negative: accept a leading minus (refunds, corrections).

    Returns:
        The amount in cents.

    Raises:
        InputError: for anything else, saying what is allowed.
    """
    if isinstance(text, (bool, float)):
        raise InputError(f"not a money amount: {text!r} (floats are not accepted); {_ALLOWED}")
    if isinstance(text, int):
        text = str(text)
    elif isinstance(text, Decimal):
        if not text.is_finite():
            raise InputError(f"not a money amount: {text}; {_ALLOWED}")
        text = format(text, "f")
    raw = text.strip()
    match = _MONEY_RE.match(raw)
    if not raw or not match or (match.group(2) is None and match.group(3) is None and not match.group(4)):
        raise InputError(f"not a money amount: {text!r}; {_ALLOWED}")
    negative, grouped, plain, decimals = match.groups()
    if negative and not allow_negative:
        raise InputError(f"negative amount not allowed: {text!r}; {_ALLOWED}")
    decimals = decimals or ""
    if len(decimals) > 2:
        raise InputError(f"more than 2 decimals in {text!r}; {_ALLOWED}")
    whole = int((grouped or plain or "0").replace(",", ""))
    cents = whole * 100 + int(decimals.ljust(2, "0"))
    if cents > MAX_CENTS:
        raise InputError(f"amount {text!r} is over the limit of $1,000,000,000,000")
    return -cents if negative else cents


def format_money(cents: int, *, symbol: bool = False, grouping: bool = False) -> str:
    """Format cents as a decimal string with two decimals ("78268.00").

    Args:
        cents: the amount.
        symbol: prefix "$" ("$78,268.00" when grouping too).
        grouping: insert thousands separators.
    """
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(cents), 100)
    whole_text = f"{whole:,}" if grouping else str(whole)
    return f"{sign}{'$' if symbol else ''}{whole_text}.{part:02d}"


def format_dollars(cents: int) -> str:
    """Format for people: "$78,268" when whole dollars, else "$78,268.50"."""
    if cents % 100 == 0:
        sign = "-" if cents < 0 else ""
        return f"{sign}${abs(cents) // 100:,}"
    return format_money(cents, symbol=True, grouping=True)


def split_evenly(cents: int, parts: int) -> list[int]:
    """Split an amount into ``parts`` equal shares; leftover cents go to the earliest.

    The shares always add up to ``cents`` exactly.
    """
    if parts <= 0:
        raise ValueError("parts must be positive")
    base, leftover = divmod(cents, parts)
    return [base + 1 if i < leftover else base for i in range(parts)]


def round_cents(value: Decimal) -> int:
    """Round a Decimal number of cents half-up to whole cents."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def apply_rate(cents: int, rate: Decimal) -> int:
    """``round(cents × rate)`` half-up, exactly."""
    return round_cents(Decimal(cents) * rate)


def parse_decimal(text: str | int | Decimal, *, what: str = "number") -> Decimal:
    """Parse a plain decimal number ("0.25", "100"); no exponents, no NaN."""
    if isinstance(text, (bool, float)):
        raise InputError(f'not a {what}: {text!r}; write it as a decimal string such as "0.25"')
    if isinstance(text, Decimal):
        if not text.is_finite():
            raise InputError(f"not a {what}: {text}")
        return text
    raw = str(text).strip()
    if not re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)", raw):
        raise InputError(f'not a {what}: {text!r}; write it as a decimal number such as "0.25"')
    try:
        return Decimal(raw)
    except InvalidOperation as exc:  # pragma: no cover - the regex already guards this
        raise InputError(f"not a {what}: {text!r}") from exc


def format_decimal(value: Decimal) -> str:
    """A Decimal as a plain string without exponent or needless trailing zeros."""
    text = format(value.normalize(), "f")
    return text
