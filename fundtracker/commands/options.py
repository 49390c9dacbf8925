"""Option values several commands share, parsed with errors that name the option."""

from __future__ import annotations

from datetime import date

from fundtracker.domain.errors import InputError
from fundtracker.domain.months import parse_date


def as_of(text: str | None) -> date | None:
    """``--as-of YYYY-MM-DD``, or None when not given."""
    if text is None:
        return None
    try:
        return parse_date(text)
    except InputError as exc:
        raise exc.at("--as-of") from None
