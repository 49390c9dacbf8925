"""What a record field is, for people: its label, how it is shown and how typed text is read.

Table models, delegates and detail forms share these descriptions, so a money
amount reads and prints the same way in a table cell and in a form. Parsing uses
the domain's parsers (``parse_money``, ``parse_date`` …); errors are
:class:`InputError` naming the field by its label.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from fundtracker.domain.errors import InputError
from fundtracker.domain.money import format_decimal, format_dollars, format_money, parse_decimal, parse_money
from fundtracker.domain.months import parse_date
from fundtracker.domain.records import Dependence, FringeComponent, Outcome, Tranche

# Field types.
TEXT = "text"
MONEY = "money"
OPTIONAL_MONEY = "optional_money"
DATE = "date"
OPTIONAL_DATE = "optional_date"
PERCENT = "percent"  # Decimal 0–100, stored as is ("100" = 100 %)
OPTIONAL_PERCENT = "optional_percent"  # a percent, or empty for none
RATE = "rate"  # Decimal fraction, shown as a percent ("0.35" shown "35%")
OPTIONAL_RATE = "optional_rate"
DECIMAL = "decimal"
INTEGER = "integer"
OPTIONAL_INTEGER = "optional_integer"
CHOICE = "choice"
OPTIONAL_CHOICE = "optional_choice"  # a reference to another record, or none
BOOL = "bool"
LONG_TEXT = "long_text"  # several lines (notes)
TRANCHES = "tranches"  # one "YYYY-MM-DD amount" per line
OUTCOMES = "outcomes"  # one "30% 450,000.00 +2" (chance, amount, months late) per line
OPTIONAL_OUTCOMES = "optional_outcomes"  # the same separated by ";", or empty for no change (scenarios)
DEPENDENCE = "dependence"  # "KEY 80% 20%": the chance if that stream comes in, and if not; empty: none
FRINGE_COMPONENTS = "fringe_components"  # one "NAME 7.65%" per line (FICA, health …); empty: none
STREAM_KEYS = "stream_keys"  # stream keys separated by commas; empty: none

HUNDRED = Decimal(100)
NONE_TEXT = "—"


@dataclass(frozen=True)
class Field:
    """One editable field of a record.

    Args:
        name: the dataclass attribute; dotted for nested ones (``schedule.type``).
        label: what people read in headers and forms.
        type: one of the field types above.
        choices: allowed values for CHOICE fields (OPTIONAL_CHOICE gets them at run time).
        tooltip: a sentence saying what the field means and what it accepts.
        editable: False for computed or fixed columns.
        unit: what the number counts, shown after the form's box ("FTE", "days", "pt");
            money ("$" before) and percents ("%" after) get theirs from the type.
    """

    name: str
    label: str
    type: str = TEXT
    choices: tuple[str, ...] = ()
    tooltip: str = ""
    editable: bool = True
    unit: str = ""


def units(field: Field) -> tuple[str, str]:
    """What a form shows before and after a field's box: ("$", "") for money, ("", "%") for percents."""
    if field.type in (MONEY, OPTIONAL_MONEY):
        return "$", field.unit
    if field.type in (PERCENT, OPTIONAL_PERCENT, RATE, OPTIONAL_RATE):
        return "", field.unit or "%"
    return "", field.unit


def get_value(record: Any, name: str) -> Any:
    """The value of a (possibly dotted) field of ``record``."""
    value = record
    for part in name.split("."):
        value = getattr(value, part)
    return value


def set_value(record: Any, name: str, value: Any) -> Any:
    """A copy of ``record`` with the (possibly dotted) field set to ``value``."""
    head, _, rest = name.partition(".")
    if rest:
        return dataclasses.replace(record, **{head: set_value(getattr(record, head), rest, value)})
    return dataclasses.replace(record, **{head: value})


def choice_label(value: str) -> str:
    """``federal_grant`` → ``federal grant``."""
    return value.replace("_", " ")


def display(field: Field, value: Any) -> str:
    """How a value is shown in a table cell."""
    if value is None:
        return NONE_TEXT
    if field.type in (MONEY, OPTIONAL_MONEY):
        return format_dollars(int(value))
    if field.type in (DATE, OPTIONAL_DATE):
        return value.isoformat() if isinstance(value, date) else str(value)
    if field.type in (PERCENT, OPTIONAL_PERCENT):
        return f"{format_decimal(Decimal(value))}%"
    if field.type in (RATE, OPTIONAL_RATE):
        return f"{format_decimal(Decimal(value) * HUNDRED)}%"
    if field.type == DECIMAL:
        return format_decimal(Decimal(value))
    if field.type in (CHOICE, OPTIONAL_CHOICE):
        return choice_label(str(value))
    if field.type == BOOL:
        return "yes" if value else "no"
    if field.type == TRANCHES:
        return "; ".join(f"{t.date.isoformat()} {format_dollars(t.amount)}" for t in value) or NONE_TEXT
    if field.type in (OUTCOMES, OPTIONAL_OUTCOMES):
        return "; ".join(_outcome_text(o, format_dollars(o.amount)) for o in value) or NONE_TEXT
    if field.type == DEPENDENCE:
        return _dependence_text(value)
    if field.type == FRINGE_COMPONENTS:
        return "; ".join(_component_text(c) for c in value) or NONE_TEXT
    if field.type == STREAM_KEYS:
        return ", ".join(value) or NONE_TEXT
    return str(value)


def _component_text(component: FringeComponent) -> str:
    return f"{component.name} {format_decimal(Decimal(component.rate) * HUNDRED)}%"


def _outcome_text(outcome: Any, amount: str) -> str:
    late = f" +{outcome.delay_months}" if outcome.delay_months else ""
    return f"{format_decimal(Decimal(outcome.probability) * HUNDRED)}% {amount}{late}"


def _dependence_text(dependence: Any) -> str:
    if_in = format_decimal(Decimal(dependence.if_in) * HUNDRED)
    if_out = format_decimal(Decimal(dependence.if_out) * HUNDRED)
    return f"{dependence.stream} {if_in}% {if_out}%"


def edit_text(field: Field, value: Any) -> str:
    """The text an editor starts with (what :func:`parse` reads back to the same value)."""
    if value is None:
        return ""
    if field.type in (MONEY, OPTIONAL_MONEY):
        return format_money(int(value), grouping=True)
    if field.type in (PERCENT, OPTIONAL_PERCENT, RATE, OPTIONAL_RATE, DECIMAL):
        return display(field, value).rstrip("%")
    if field.type in (DATE, OPTIONAL_DATE):
        return value.isoformat() if isinstance(value, date) else str(value)
    if field.type == BOOL:
        return "yes" if value else "no"
    if field.type == TRANCHES:
        return "\n".join(f"{t.date.isoformat()} {format_money(t.amount, grouping=True)}" for t in value)
    if field.type == OUTCOMES:
        return "\n".join(_outcome_text(o, format_money(o.amount, grouping=True)) for o in value)
    if field.type == OPTIONAL_OUTCOMES:
        return "; ".join(_outcome_text(o, format_money(o.amount, grouping=True)) for o in value)
    if field.type == DEPENDENCE:
        return _dependence_text(value)
    if field.type == FRINGE_COMPONENTS:
        return "\n".join(_component_text(c) for c in value)
    if field.type == STREAM_KEYS:
        return ", ".join(value)
    return str(value)


def parse(field: Field, text: str, choices: tuple[str, ...] | None = None) -> Any:
    """Read typed text as the field's value.

    Args:
        field: the field.
        text: what was typed.
        choices: allowed values for choice fields (defaults to ``field.choices``).

    Raises:
        InputError: located at the field's label, saying what is allowed.
    """
    raw = text.strip()
    try:
        return _parse(field, raw, field.choices if choices is None else choices)
    except InputError as error:
        raise InputError(error.message, field.label) from None


def _parse(field: Field, raw: str, choices: tuple[str, ...]) -> Any:
    kind = field.type
    if kind in (
        OPTIONAL_DATE,
        OPTIONAL_MONEY,
        OPTIONAL_RATE,
        OPTIONAL_PERCENT,
        OPTIONAL_INTEGER,
        OPTIONAL_CHOICE,
    ) and raw in (
        "",
        NONE_TEXT,
    ):
        return None
    if kind in (TEXT, LONG_TEXT):
        return raw
    if kind == TRANCHES:
        return _tranches(raw)
    if kind == OUTCOMES:
        return _outcomes(raw)
    if kind == OPTIONAL_OUTCOMES:
        return None if raw in ("", NONE_TEXT) else _outcomes(raw.replace(";", "\n"))
    if kind == DEPENDENCE:
        return _dependence(raw)
    if kind == FRINGE_COMPONENTS:
        return _components(raw)
    if kind == STREAM_KEYS:
        return tuple(part.strip() for part in raw.split(",") if part.strip() and part.strip() != NONE_TEXT)
    if kind in (MONEY, OPTIONAL_MONEY):
        return parse_money(raw)
    if kind in (DATE, OPTIONAL_DATE):
        return parse_date(raw)
    if kind in (PERCENT, OPTIONAL_PERCENT):
        return _percent(raw)
    if kind in (RATE, OPTIONAL_RATE):
        return _percent(raw) / HUNDRED
    if kind == DECIMAL:
        return parse_decimal(raw)
    if kind in (INTEGER, OPTIONAL_INTEGER):
        if not raw.lstrip("-").isdigit():
            raise InputError(f"not a whole number: {raw!r}")
        return int(raw)
    if kind in (CHOICE, OPTIONAL_CHOICE):
        value = raw.replace(" ", "_")
        if value not in choices:
            raise InputError(f"{raw!r} is not allowed; use one of: {', '.join(choice_label(c) for c in choices)}")
        return value
    if kind == BOOL:
        if raw.lower() in ("yes", "true", "1", "y"):
            return True
        if raw.lower() in ("no", "false", "0", "n", ""):
            return False
        raise InputError(f"{raw!r} is not yes or no")
    raise ValueError(f"unknown field type {kind!r}")


def _tranches(raw: str) -> tuple[Tranche, ...]:
    tranches = []
    for number, line in enumerate((line.strip() for line in raw.splitlines()), start=1):
        if not line:
            continue
        day, _, amount = line.partition(" ")
        try:
            tranches.append(Tranche(parse_date(day), parse_money(amount.strip())))
        except InputError as error:
            raise InputError(f"line {number}: {error.message}; write one 'YYYY-MM-DD amount' per line") from None
    return tuple(tranches)


def _outcomes(raw: str) -> tuple[Outcome, ...]:
    outcomes = []
    for number, line in enumerate((line.strip() for line in raw.splitlines()), start=1):
        if not line:
            continue
        parts = line.split()
        late = 0
        if len(parts) == 3 and parts[2].lstrip("+").isdigit():
            late = int(parts[2].lstrip("+"))
            parts = parts[:2]
        try:
            if len(parts) != 2:
                raise InputError(f"{line!r} is not 'chance amount [+months late]'")
            outcomes.append(Outcome(_percent(parts[0]) / HUNDRED, parse_money(parts[1]), late))
        except InputError as error:
            raise InputError(
                f"line {number}: {error.message}; "
                "write one 'chance amount [+months late]' per line, e.g. 30% 450,000 +2"
            ) from None
    return tuple(outcomes)


def _components(raw: str) -> tuple[FringeComponent, ...]:
    """``FICA 7.65%`` per line (or separated by ";"): the name, then the rate as a percent."""
    components = []
    lines = [line.strip() for line in raw.replace(";", "\n").splitlines()]
    for number, line in enumerate(lines, start=1):
        if not line or line == NONE_TEXT:
            continue
        name, _, rate = line.rpartition(" ")
        try:
            if not name.strip():
                raise InputError(f"{line!r} is not 'name rate%'")
            components.append(FringeComponent(name.strip(), _percent(rate) / HUNDRED))
        except InputError as error:
            raise InputError(
                f"line {number}: {error.message}; write one 'name rate%' per line, e.g. FICA 7.65%"
            ) from None
    return tuple(components)


def _dependence(raw: str) -> Dependence | None:
    if raw in ("", NONE_TEXT):
        return None
    parts = raw.split()
    if len(parts) != 3:
        raise InputError(f"{raw!r} is not 'STREAM chance-if-it-comes chance-if-not', e.g. federal 80% 20%")
    return Dependence(parts[0], _percent(parts[1]) / HUNDRED, _percent(parts[2]) / HUNDRED)


def _percent(raw: str) -> Decimal:
    number = raw[:-1].strip() if raw.endswith("%") else raw
    try:
        return parse_decimal(number, what="percent")
    except InputError:
        raise InputError(f'not a percent: {raw!r}; write a number such as "35" or "35%"') from None
