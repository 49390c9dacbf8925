"""Validation rules for workspace records.

Each rule yields a :class:`Problem` naming the record, the field, what is wrong
and what is allowed. :func:`validate_workspace` checks everything including
references between records; services call it before every write.
"""

from __future__ import annotations

import dataclasses
import operator
import re
import typing
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from fundtracker.domain.awards import (
    BUDGET_CATEGORIES,
    INDIRECT_TYPES,
    PAYMENT_METHODS,
    PROGRAM_INCOME_ELECTIONS,
    REPORT_FREQUENCIES,
    VERSION_STATUSES,
    Award,
)
from fundtracker.domain.errors import InputError, Problem
from fundtracker.domain.money import MAX_CENTS, format_decimal, format_money
from fundtracker.domain.months import first_day, parse_month
from fundtracker.domain.records import (
    ACTUAL_CATEGORIES,
    APPLICATION_FONTS,
    APPLICATION_STATUSES,
    DEADLINE_KINDS,
    EXPENSE_CATEGORIES,
    FILE_LAYOUTS,
    FONT_SIZES,
    KINDS,
    LINE_SPACINGS,
    PROCUREMENT_METHODS,
    RECURRENCES,
    SCHEDULE_TYPES,
    STREAM_KINDS,
    STREAM_STATUSES,
    UNIFORM_GUIDANCE_VERSIONS,
    AccountCategory,
    AddPosition,
    Allocation,
    AllocationOverride,
    Application,
    Dependence,
    EffortCertification,
    Expense,
    FringeComponent,
    FundingStream,
    Organization,
    Outcome,
    Position,
    PositionOverride,
    PriorityOverride,
    ReportSubmission,
    Scenario,
    StreamOverride,
    Workspace,
    account_key,
    kind_of,
)
from fundtracker.domain.report_calendar import REPORT_KINDS
from fundtracker.domain.text import MAX_TEXT_CHARS, is_clean, text_problem

KEY_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")
MAX_FTE = Decimal("1.5")
MAX_SECTION_KEY = 64  # store.tables.KEY_LENGTH
# Priorities are ranks in a list a person orders; a bound keeps them in a 32-bit column.
MAX_PRIORITY = 1_000_000
# SF-424 item 11: two digits, a dot, three digits (Assistance Listings, formerly CFDA numbers).
ASSISTANCE_LISTING = re.compile(r"\d{2}\.\d{3}")

# What every whole-number field may hold, by field name. The database keeps these in 32-bit
# INTEGER columns (a scenario's shift in its override's text), and dates and schedules are
# computed from them, so a value outside its range would fail far from where it was typed
# (an OverflowError from the insert, a date past year 9999); every path refuses it up front.
# Money is not here: it is cents, bounded by MAX_CENTS (which fits a signed 64-bit BIGINT).
INTEGER_RANGES: dict[str, tuple[int, int]] = {
    "fiscal_year_start_month": (1, 12),
    "lag_days": (0, 3650),
    "shift_months": (-1200, 1200),
    "budget_years": (1, 5),
    "word_limit": (1, 1_000_000),
    "page_limit": (1, 10_000),
    "priority": (1, MAX_PRIORITY),
    "font_size": (min(FONT_SIZES), max(FONT_SIZES)),
    "delay_months": (0, 120),  # an outcome's delay (MAX_DELAY_MONTHS)
    "source_row": (1, 2**31 - 1),  # an actual's row in the file it was imported from
    # An award's (domain.awards): budget version and drawdown numbers, budget years, report terms.
    "number": (0, 100_000),
    "year": (1, 5),
    "financial_report_due_days": (0, 365),
    "final_report_due_days": (0, 365),
    "performance_report_due_days": (0, 365),
}


# A whole-number field missing from the table still fits the database's INTEGER column
# (tests/store/test_json_hostile.py asserts every field has its own range).
_INT32 = (-(2**31), 2**31 - 1)


def integer_range(name: str) -> tuple[int, int]:
    """The values the whole-number field ``name`` may hold."""
    return INTEGER_RANGES.get(name, _INT32)


def integer_problem(name: str, value: int) -> str | None:
    """What is wrong with ``value`` for the whole-number field ``name``, or None."""
    low, high = integer_range(name)
    if low <= value <= high:
        return None
    shown = f"{value}" if abs(value) < 10**20 else f"a number of {len(str(abs(value))):,} digits"
    return f"{shown} is outside {low:,}–{high:,}"


def _choice(kind: str, key: str, field: str, value: str, allowed: tuple[str, ...]) -> Iterator[Problem]:
    if value not in allowed:
        yield Problem(kind, key, field, f"{value!r} is not allowed; use one of: {', '.join(allowed)}")


def _range(
    kind: str, key: str, field: str, value: Decimal | None, low: Decimal, high: Decimal, what: str
) -> Iterator[Problem]:
    if value is not None and not low <= value <= high:
        yield Problem(kind, key, field, f"{what} {value} is outside {low}–{high}")


def _percent_range(
    kind: str, key: str, field: str, value: Decimal | None, what: str, *, fraction: bool
) -> Iterator[Problem]:
    """A percent field: 0–100 %. Stored as a fraction (0–1) or as the percent itself; said as a percent.

    People type "60" for a 60 % chance, so "chance 150% is outside 0–100%", never "1.5 is outside 0–1".
    """
    if value is None:
        return
    percent = value * 100 if fraction else value
    if not 0 <= percent <= 100:
        yield Problem(kind, key, field, f"{what} {format_decimal(percent)}% is outside 0–100%")


def _period(kind: str, key: str, start: date | None, end: date | None, end_field: str = "end") -> Iterator[Problem]:
    if start is not None and end is not None and end < start:
        yield Problem(kind, key, end_field, f"ends {end.isoformat()} before it starts {start.isoformat()}")


def _money(kind: str, key: str, field: str, cents: int) -> Iterator[Problem]:
    if cents < 0:
        yield Problem(kind, key, field, f"amount {format_money(cents)} is negative; use 0 or more")
    elif cents > MAX_CENTS:
        yield Problem(kind, key, field, "amount is over the limit of $1,000,000,000,000")


def _whole(kind: str, key: str, field: str, name: str, value: int) -> Iterator[Problem]:
    problem = integer_problem(name, value)
    if problem:
        yield Problem(kind, key, field, problem)


def _key(kind: str, key: str) -> Iterator[Problem]:
    if not KEY_RE.match(key):
        yield Problem(
            kind,
            key,
            "key",
            "a key is 1–64 letters, digits, '_', '.' or '-', starting with a letter or digit",
        )


MAX_DELAY_MONTHS = 120
MAX_OUTCOMES = 16


def _outcomes(
    kind: str, key: str, outcomes: tuple[Outcome, ...], depend_on: Dependence | None, prefix: str = ""
) -> Iterator[Problem]:
    """DESIGN.md v2 §3: each outcome's probability 0–1, together at most 1; amounts money; delays 0–120."""
    for i, outcome in enumerate(outcomes):
        where = f"{prefix}outcomes[{i}]"
        yield from _percent_range(kind, key, f"{where}.probability", outcome.probability, "chance", fraction=True)
        yield from _money(kind, key, f"{where}.amount", outcome.amount)
        if not 0 <= outcome.delay_months <= MAX_DELAY_MONTHS:
            yield Problem(kind, key, f"{where}.delay_months", f"{outcome.delay_months} is outside 0–{MAX_DELAY_MONTHS}")
    total = sum((o.probability for o in outcomes), Decimal(0))
    if total > 1:
        yield Problem(
            kind,
            key,
            f"{prefix}outcomes",
            f"the outcomes' chances add up to {format_decimal(total * 100)}%; at most 100% (the rest is declined)",
        )
    if len(outcomes) > MAX_OUTCOMES:
        yield Problem(kind, key, f"{prefix}outcomes", f"{len(outcomes)} outcomes; at most {MAX_OUTCOMES}")
    if depend_on is not None:
        yield from _percent_range(kind, key, "depend_on.if_in", depend_on.if_in, "chance if it comes in", fraction=True)
        yield from _percent_range(
            kind, key, "depend_on.if_out", depend_on.if_out, "chance if it does not", fraction=True
        )
        if depend_on.stream == key:
            yield Problem(kind, key, "depend_on.stream", "a stream cannot depend on itself")


def dependence_cycles(streams: tuple[FundingStream, ...]) -> list[Problem]:
    """Streams whose ``depend_on`` names a missing stream or closes a cycle."""
    parent = {s.key: s.depend_on.stream for s in streams if s.depend_on is not None}
    keys = {s.key for s in streams}
    problems = []
    for key, target in parent.items():
        if target == key:
            continue  # reported with the stream's own rules
        if target not in keys:
            problems.append(Problem("stream", key, "depend_on.stream", f"no funding stream with key {target!r}"))
            continue
        seen, at = {key}, target
        while at in parent and at not in seen:
            seen.add(at)
            at = parent[at]
        if at == key:
            problems.append(Problem("stream", key, "depend_on.stream", f"depending on {target!r} forms a cycle"))
    return problems


def _priority(kind: str, key: str, priority: int | None) -> Iterator[Problem]:
    if priority is not None and (isinstance(priority, bool) or priority < 1 or priority > MAX_PRIORITY):
        yield Problem(kind, key, "priority", f"{priority} is outside 1–{MAX_PRIORITY:,} (1 is protected first)")


def _texts(value: Any, where: str) -> Iterator[tuple[str, str]]:
    """(field path, text) of every text a record holds, nested records and lists included."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, tuple):
        for i, item in enumerate(value):
            yield from _texts(item, f"{where}[{i}]")
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for fld in dataclasses.fields(value):
            yield from _texts(getattr(value, fld.name), f"{where}.{fld.name}" if where else fld.name)


# Record class -> (getter of its text fields, getter of its nested fields), from the annotations.
_TEXT_FIELDS: dict[type[Any], tuple[Any, Any]] = {}


def _getter(names: list[str]) -> Any:
    if not names:
        return lambda _record: ()
    if len(names) == 1:
        name = names[0]
        return lambda record: (getattr(record, name),)
    return operator.attrgetter(*names)


def _clean_quickly(record: Any) -> bool:
    """True when every text of ``record`` follows the rule, checked with one regex search.

    Validation runs on every change over the whole workspace (100,000 actuals), so the text
    fields are found once per class from the annotations and read with one attrgetter.
    """
    cls = type(record)
    getters = _TEXT_FIELDS.get(cls)
    if getters is None:
        texts: list[str] = []
        nested: list[str] = []
        for name, hint in typing.get_type_hints(cls).items():
            if hint is str or hint == (str | None):
                texts.append(name)
            elif hint not in (int, bool, Decimal, date, int | None, date | None, Decimal | None):
                nested.append(name)
        getters = _TEXT_FIELDS[cls] = (_getter(texts), _getter(nested))
    values = [v for v in getters[0](record) if v]
    for value in getters[1](record):
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, str):
                values.append(item)
            elif isinstance(item, tuple):
                values.extend(x for x in item if isinstance(x, str))
            elif item is not None and not _clean_quickly(item):
                return False
    return all(len(v) <= MAX_TEXT_CHARS for v in values) and is_clean("\n".join(values))


def _text_rule(kind: str, key: str, record: Any) -> list[Problem]:
    """The one text rule (:mod:`fundtracker.domain.text`) on every text of a record."""
    if _clean_quickly(record):
        return []
    return [
        Problem(kind, key, where, text_problem(value) or "")
        for where, value in _texts(record, "")
        if text_problem(value) is not None
    ]


def validate_organization(org: Organization) -> list[Problem]:
    problems: list[Problem] = list(_text_rule("organization", "", org))
    if not 1 <= org.fiscal_year_start_month <= 12:
        problems.append(
            Problem("organization", "", "fiscal_year_start_month", f"{org.fiscal_year_start_month} is not a month 1–12")
        )
    problems += _percent_range("organization", "", "fringe_rate", org.fringe_rate, "fringe rate", fraction=True)
    problems += _percent_range("organization", "", "indirect_rate", org.indirect_rate, "indirect rate", fraction=True)
    if not org.name.strip():
        problems.append(Problem("organization", "", "name", "is empty; give the organization a name"))
    problems += fringe_components_problems("organization", "", org.fringe_components, org.fringe_rate, "fringe_rate")
    return problems


def fringe_components_problems(
    kind: str, key: str, components: tuple[FringeComponent, ...], rate: Decimal, rate_field: str
) -> list[Problem]:
    """A fringe rate's components, when given: named, each a rate 0–1, together exactly the rate."""
    if not components:
        return []
    problems: list[Problem] = []
    names: set[str] = set()
    for i, component in enumerate(components):
        where = f"fringe_components[{i}]"
        if not component.name.strip():
            problems.append(Problem(kind, key, f"{where}.name", "is empty; name the benefit (FICA, health, …)"))
        elif component.name.strip().lower() in names:
            problems.append(Problem(kind, key, f"{where}.name", f"{component.name!r} is listed twice"))
        names.add(component.name.strip().lower())
        problems += _percent_range(kind, key, f"{where}.rate", component.rate, "rate", fraction=True)
    total = sum((c.rate for c in components), Decimal(0))
    if total != rate:
        parts = " + ".join(f"{c.name} {_percent(c.rate)}" for c in components)
        problems.append(
            Problem(
                kind,
                key,
                "fringe_components",
                f"{parts} = {_percent(total)}, but {rate_field} is {_percent(rate)}; the components must add up "
                "to the rate",
            )
        )
    return problems


def _percent(rate: Decimal) -> str:
    return f"{(rate * 100).normalize():f}%"


def validate_record(record: Any) -> list[Problem]:
    """Rules that concern one record alone (no references)."""
    kind = kind_of(record)
    key: str = record.key
    problems: list[Problem] = (
        list(_key(kind, key)) if not isinstance(record, Allocation | EffortCertification | ReportSubmission) else []
    )
    problems += _text_rule(kind, key, record)
    if isinstance(record, FundingStream):
        problems += _money(kind, key, "amount", record.amount)
        problems += _choice(kind, key, "kind", record.kind, STREAM_KINDS)
        problems += _choice(kind, key, "status", record.status, STREAM_STATUSES)
        problems += _choice(kind, key, "schedule.type", record.schedule.type, SCHEDULE_TYPES)
        problems += _percent_range(kind, key, "probability", record.probability, "chance", fraction=True)
        problems += _period(kind, key, record.start, record.end)
        if not record.name.strip():
            problems.append(Problem(kind, key, "name", "is empty; give the stream a name"))
        schedule = record.schedule
        if schedule.type == "tranches":
            total = sum(t.amount for t in schedule.tranches)
            if total != record.amount:
                problems.append(
                    Problem(
                        kind,
                        key,
                        "schedule.tranches",
                        f"tranches add up to {format_money(total, symbol=True, grouping=True)} but the amount is "
                        f"{format_money(record.amount, symbol=True, grouping=True)}; they must be equal",
                    )
                )
            for i, tranche in enumerate(schedule.tranches):
                problems += _money(kind, key, f"schedule.tranches[{i}].amount", tranche.amount)
        elif schedule.tranches:
            problems.append(Problem(kind, key, "schedule.tranches", "only a 'tranches' schedule has tranches"))
        if schedule.lag_days < 0 or schedule.lag_days > 3650:
            problems.append(Problem(kind, key, "schedule.lag_days", f"{schedule.lag_days} is outside 0–3650 days"))
        if schedule.type == "lump_sum" and record.end is None:
            pass  # an open-ended lump sum is a reserve: allowed
        problems += _outcomes(kind, key, record.outcomes, record.depend_on)
    elif isinstance(record, Position):
        problems += _money(kind, key, "annual_salary", record.annual_salary)
        problems += _range(kind, key, "fte", record.fte, Decimal(0), MAX_FTE, "FTE")
        problems += _percent_range(kind, key, "fringe_rate", record.fringe_rate, "fringe rate", fraction=True)
        problems += _percent_range(kind, key, "annual_raise", record.annual_raise, "raise", fraction=True)
        problems += _period(kind, key, record.start, record.end)
        if not record.title.strip():
            problems.append(Problem(kind, key, "title", "is empty; give the position a title"))
        problems += _priority(kind, key, record.priority)
    elif isinstance(record, Expense):
        problems += _money(kind, key, "amount", record.amount)
        problems += _choice(kind, key, "category", record.category, EXPENSE_CATEGORIES)
        problems += _choice(kind, key, "recurrence", record.recurrence, RECURRENCES)
        problems += _choice(kind, key, "procurement_method", record.procurement_method, PROCUREMENT_METHODS)
        problems += _period(kind, key, record.start, record.end)
        problems += _priority(kind, key, record.priority)
    elif isinstance(record, Allocation):
        problems += _percent_range(kind, key, "percent", record.percent, "share", fraction=False)
        problems += _period(kind, key, record.start, record.end)
    elif isinstance(record, AccountCategory):
        problems += _choice(kind, key, "layout", record.layout, FILE_LAYOUTS)
        problems += _choice(kind, key, "category", record.category, ACTUAL_CATEGORIES)
        if not record.account.strip():
            problems.append(Problem(kind, key, "account", "is empty; name the account as the files write it"))
    elif isinstance(record, Scenario):
        problems += _scenario_own(record)
    elif isinstance(record, Application):
        problems += _choice(kind, key, "status", record.status, APPLICATION_STATUSES)
        problems += _choice(kind, key, "uniform_guidance", record.uniform_guidance, UNIFORM_GUIDANCE_VERSIONS)
        problems += _money(kind, key, "requested_amount", record.requested_amount)
        problems += _money(kind, key, "program_income", record.program_income)
        if record.assistance_listing and not ASSISTANCE_LISTING.fullmatch(record.assistance_listing):
            problems.append(
                Problem(
                    kind,
                    key,
                    "assistance_listing",
                    f"{record.assistance_listing!r} is not an Assistance Listing number; "
                    "write it as NN.NNN, e.g. 16.123",
                )
            )
        problems += _percent_range(kind, key, "match_percent", record.match_percent, "match", fraction=False)
        problems += _percent_range(
            kind, key, "negotiated_indirect_rate", record.negotiated_indirect_rate, "indirect rate", fraction=True
        )
        problems += _period(kind, key, record.period_start, record.period_end, "period_end")
        problems += _choice(kind, key, "font", record.font, APPLICATION_FONTS)
        problems += _choice(kind, key, "line_spacing", record.line_spacing, LINE_SPACINGS)
        if record.font_size not in FONT_SIZES:
            sizes = ", ".join(str(size) for size in FONT_SIZES)
            problems.append(Problem(kind, key, "font_size", f"{record.font_size} pt is not offered; use {sizes}"))
        if not 1 <= record.budget_years <= 5:
            problems.append(Problem(kind, key, "budget_years", f"{record.budget_years} is outside 1–5"))
        for i, section in enumerate(record.sections):
            if len(section.key) > MAX_SECTION_KEY:  # the column's width: PostgreSQL refuses more at the insert
                problems.append(
                    Problem(
                        kind,
                        key,
                        f"sections[{i}].key",
                        f"is {len(section.key):,} characters long; at most {MAX_SECTION_KEY} are allowed",
                    )
                )
            if section.word_limit is not None and section.word_limit <= 0:
                problems.append(Problem(kind, key, f"sections[{i}].word_limit", "must be a positive number of words"))
            elif section.word_limit is not None:
                problems += _whole(kind, key, f"sections[{i}].word_limit", "word_limit", section.word_limit)
            if section.page_limit is not None:
                problems += _whole(kind, key, f"sections[{i}].page_limit", "page_limit", section.page_limit)
        for i, milestone in enumerate(record.milestones):
            problems += _period(kind, key, milestone.start, milestone.end, f"milestones[{i}].end")
    elif kind == "actual":
        source_row = getattr(record, "source_row", None)  # the row of the file it was imported from
        if source_row is not None:
            problems += _whole(kind, key, "source_row", "source_row", source_row)
    elif kind == "deadline":
        problems += _choice(kind, key, "kind", record.kind, DEADLINE_KINDS)
    elif isinstance(record, Award):
        problems += _award_own(record)
    elif isinstance(record, EffortCertification):
        problems += _effort(record)
    elif isinstance(record, ReportSubmission):
        problems += _choice(kind, key, "kind", record.kind, REPORT_KINDS)
        problems += _period(kind, key, record.period_start, record.period_end, "period_end")
    return problems


def _award_own(award: Award) -> Iterator[Problem]:
    """An award's own rules: its terms, budget versions, income, obligations and draws."""
    kind, key = "award", award.key
    yield from _money(kind, key, "match_required", award.match_required)
    yield from _range(kind, key, "indirect_rate", award.indirect_rate, Decimal(0), Decimal(1), "rate")
    yield from _choice(kind, key, "indirect_type", award.indirect_type, INDIRECT_TYPES)
    yield from _choice(kind, key, "program_income_election", award.program_income_election, PROGRAM_INCOME_ELECTIONS)
    yield from _choice(kind, key, "payment_method", award.payment_method, PAYMENT_METHODS)
    for name in ("financial_report_frequency", "performance_report_frequency"):
        yield from _choice(kind, key, name, getattr(award, name), REPORT_FREQUENCIES)
    for name in ("financial_report_due_days", "final_report_due_days", "performance_report_due_days"):
        yield from _whole(kind, key, name, name, getattr(award, name))
    for i, stream in enumerate(award.match_streams):
        if stream == award.stream:
            yield Problem(kind, key, f"match_streams[{i}]", "is the award's own stream; match comes from others")
        elif stream in award.match_streams[:i]:
            yield Problem(kind, key, f"match_streams[{i}]", f"lists {stream!r} twice")
    numbers: set[int] = set()
    for i, version in enumerate(award.versions):
        where = f"versions[{i}]"
        yield from _whole(kind, key, f"{where}.number", "number", version.number)
        if version.number in numbers:
            yield Problem(kind, key, f"{where}.number", f"version {version.number} is there twice")
        numbers.add(version.number)
        yield from _choice(kind, key, f"{where}.status", version.status, VERSION_STATUSES)
        if version.number == 0 and version.status != "approved":
            yield Problem(kind, key, f"{where}.status", "version 0 is the budget approved at award: 'approved'")
        cells: set[tuple[str, int]] = set()
        for j, cell in enumerate(version.amounts):
            at = f"{where}.amounts[{j}]"
            yield from _choice(kind, key, f"{at}.category", cell.category, BUDGET_CATEGORIES)
            yield from _whole(kind, key, f"{at}.year", "year", cell.year)
            yield from _money(kind, key, f"{at}.federal", cell.federal)
            yield from _money(kind, key, f"{at}.non_federal", cell.non_federal)
            if (cell.category, cell.year) in cells:
                yield Problem(kind, key, at, f"{cell.category} in year {cell.year} is there twice")
            cells.add((cell.category, cell.year))
    if award.versions and 0 not in numbers:
        yield Problem(kind, key, "versions", "has no version 0 (the budget approved at award)")
    for i, income in enumerate(award.income):
        yield from _money(kind, key, f"income[{i}].amount", income.amount)
    for i, obligation in enumerate(award.obligations):
        yield from _money(kind, key, f"obligations[{i}].amount", obligation.amount)
    draws: set[int] = set()
    for i, draw in enumerate(award.draws):
        where = f"draws[{i}]"
        yield from _whole(kind, key, f"{where}.number", "number", draw.number)
        if draw.number in draws:
            yield Problem(kind, key, f"{where}.number", f"request {draw.number} is there twice")
        draws.add(draw.number)
        for name in ("amount", "expenditures", "indirect", "income_deducted", "requested_before"):
            yield from _money(kind, key, f"{where}.{name}", getattr(draw, name))
        for j, payment in enumerate(draw.payments):
            yield from _money(kind, key, f"{where}.payments[{j}].amount", payment.amount)
        if draw.rejected_on is not None and draw.payments:
            yield Problem(kind, key, f"{where}.rejected_on", "a request that was paid cannot be rejected")


def _effort(record: EffortCertification) -> Iterator[Problem]:
    """Time and effort (2 CFR 200.430(i)): percents per stream totalling 100, signed after the month began."""
    kind, key = "effort", record.key
    try:
        month = parse_month(record.month)
    except InputError as exc:
        yield Problem(kind, key, "month", exc.message)
        return
    if not record.certifier.strip():
        yield Problem(kind, key, "certifier", "is empty; say who certified the effort")
    seen: set[str] = set()
    for i, share in enumerate(record.shares):
        if share.stream in seen:
            yield Problem(kind, key, f"shares[{i}].stream", f"stream {share.stream!r} is listed twice")
        seen.add(share.stream)
        yield from _range(kind, key, f"shares[{i}].percent", share.percent, Decimal(0), Decimal(100), "percent")
    total = sum((s.percent for s in record.shares), Decimal(0))
    if total != 100:
        yield Problem(kind, key, "shares", f"the certified percents add up to {total.normalize():f} %, not 100 %")
    if record.certified_on < first_day(month):
        yield Problem(kind, key, "certified_on", "is before the month began; effort is certified after the fact")


def _scenario_own(scenario: Scenario) -> Iterator[Problem]:
    for i, override in enumerate(scenario.overrides):
        where = f"overrides[{i}]"
        if isinstance(override, StreamOverride):
            if override.status is not None:
                yield from _choice("scenario", scenario.key, f"{where}.status", override.status, STREAM_STATUSES)
            yield from _percent_range(
                "scenario", scenario.key, f"{where}.probability", override.probability, "chance", fraction=True
            )
            if override.amount is not None:
                yield from _money("scenario", scenario.key, f"{where}.amount", override.amount)
            if override.outcomes is not None:
                yield from _outcomes("scenario", scenario.key, override.outcomes, None, f"{where}.")
            yield from _period("scenario", scenario.key, override.start, override.end, f"{where}.end")
            if override.shift_months is not None:
                yield from _whole(
                    "scenario", scenario.key, f"{where}.shift_months", "shift_months", override.shift_months
                )
        elif isinstance(override, PositionOverride):
            yield from _range("scenario", scenario.key, f"{where}.fte", override.fte, Decimal(0), MAX_FTE, "FTE")
            if override.annual_salary is not None:
                yield from _money("scenario", scenario.key, f"{where}.annual_salary", override.annual_salary)
            yield from _period("scenario", scenario.key, override.start, override.end, f"{where}.end")
        elif isinstance(override, AddPosition):
            for problem in validate_record(override.position):
                yield Problem("scenario", scenario.key, f"{where}.position.{problem.field}", problem.message)
        elif isinstance(override, AllocationOverride):
            yield from _percent_range(
                "scenario", scenario.key, f"{where}.percent", override.percent, "share", fraction=False
            )
        elif isinstance(override, PriorityOverride):
            for problem in _priority("scenario", scenario.key, override.priority):
                yield Problem(problem.kind, problem.key, f"{where}.priority", problem.message)


def allocation_overlaps(allocations: list[Allocation]) -> list[Problem]:
    """Allocations of one cost line adding up to more than 100% at any time."""
    by_cost: dict[str, list[Allocation]] = {}
    for allocation in allocations:
        if not 0 <= allocation.percent <= 100:
            continue  # reported by its own rule
        by_cost.setdefault(allocation.cost, []).append(allocation)
    problems = []
    for cost, group in sorted(by_cost.items()):
        points = sorted({a.start or date.min for a in group})
        for point in points:
            active = [a for a in group if (a.start or date.min) <= point and (a.end is None or a.end >= point)]
            total = sum((a.percent for a in active), Decimal(0))
            if total > 100:
                when = "" if point == date.min else f" from {point.isoformat()}"
                problems.append(
                    Problem(
                        "allocation",
                        cost,
                        "percent",
                        f"the shares add up to {format_decimal(total)}%{when}; at most 100% is allowed",
                    )
                )
                break
    return problems


def _match_stream_problems(workspace: Workspace, application: Application) -> list[Problem]:
    """Match streams exist, are not the application's own stream, are not federal, and replace a match percent."""
    problems: list[Problem] = []
    kind, key = "application", application.key
    if application.match_streams and application.match_percent:
        problems.append(
            Problem(
                kind,
                key,
                "match_streams",
                f"the match comes either from named streams or from match_percent "
                f"({application.match_percent}%), not both; set match_percent to 0 or remove the streams",
            )
        )
    seen: set[str] = set()
    for i, stream_key in enumerate(application.match_streams):
        where = f"match_streams[{i}]"
        stream = workspace.stream(stream_key)
        if stream is None:
            problems.append(Problem(kind, key, where, f"no funding stream with key {stream_key!r}"))
        elif stream_key == application.stream:
            problems.append(Problem(kind, key, where, f"{stream_key!r} is the stream applied for, not a match"))
        elif stream.kind == "federal_grant":
            problems.append(
                Problem(
                    kind, key, where, f"{stream_key!r} is a federal grant; federal money cannot match a federal budget"
                )
            )
        if stream_key in seen:
            problems.append(Problem(kind, key, where, f"{stream_key!r} is listed twice"))
        seen.add(stream_key)
    return problems


def validate_workspace(workspace: Workspace) -> list[Problem]:
    """Every rule, including keys being unique and references existing."""
    problems = validate_organization(workspace.organization)
    for kind in KINDS:
        seen: set[str] = set()
        for record in workspace.records(kind):
            problems += validate_record(record)
            if record.key in seen:
                problems.append(Problem(kind, record.key, "key", "is used twice; keys must be unique"))
            seen.add(record.key)
    stream_keys = {s.key for s in workspace.streams}
    problems += dependence_cycles(workspace.streams)
    position_keys = {p.key for p in workspace.positions}
    expense_keys = {e.key for e in workspace.expenses}
    clash = position_keys & expense_keys
    for key in sorted(clash):
        problems.append(Problem("expense", key, "key", "is also a position's key; cost line keys must be unique"))
    cost_keys = position_keys | expense_keys
    for allocation in workspace.allocations:
        if allocation.stream not in stream_keys:
            problems.append(
                Problem("allocation", allocation.key, "stream", f"no funding stream with key {allocation.stream!r}")
            )
        if allocation.cost not in cost_keys:
            problems.append(
                Problem("allocation", allocation.key, "cost", f"no position or expense with key {allocation.cost!r}")
            )
    problems += allocation_overlaps(list(workspace.allocations))
    for scenario in workspace.scenarios:
        for i, override in enumerate(scenario.overrides):
            where = f"overrides[{i}]"
            if isinstance(override, StreamOverride) and override.stream not in stream_keys:
                problems.append(
                    Problem(
                        "scenario", scenario.key, f"{where}.stream", f"no funding stream with key {override.stream!r}"
                    )
                )
            elif isinstance(override, PositionOverride) and override.position not in position_keys:
                problems.append(
                    Problem(
                        "scenario", scenario.key, f"{where}.position", f"no position with key {override.position!r}"
                    )
                )
            elif isinstance(override, AllocationOverride):
                added = {o.position.key for o in scenario.overrides if isinstance(o, AddPosition)}
                if override.stream not in stream_keys:
                    problems.append(
                        Problem(
                            "scenario",
                            scenario.key,
                            f"{where}.stream",
                            f"no funding stream with key {override.stream!r}",
                        )
                    )
                if override.cost not in cost_keys | added:
                    problems.append(
                        Problem(
                            "scenario",
                            scenario.key,
                            f"{where}.cost",
                            f"no position or expense with key {override.cost!r}",
                        )
                    )
            elif isinstance(override, PriorityOverride):
                added = {o.position.key for o in scenario.overrides if isinstance(o, AddPosition)}
                if override.cost not in cost_keys | added:
                    problems.append(
                        Problem(
                            "scenario",
                            scenario.key,
                            f"{where}.cost",
                            f"no position or expense with key {override.cost!r}",
                        )
                    )
    organization = workspace.organization
    for position in workspace.positions:
        rate = position.fringe_rate if position.fringe_rate is not None else organization.fringe_rate
        field = "fringe_rate" if position.fringe_rate is not None else "the organization's fringe_rate"
        problems += fringe_components_problems("position", position.key, position.fringe_components, rate, field)
    for application in workspace.applications:
        if application.stream is not None and application.stream not in stream_keys:
            problems.append(
                Problem("application", application.key, "stream", f"no funding stream with key {application.stream!r}")
            )
        problems += _match_stream_problems(workspace, application)
    application_keys = {a.key for a in workspace.applications}
    for deadline in workspace.deadlines:
        if deadline.stream is not None and deadline.stream not in stream_keys:
            problems.append(
                Problem("deadline", deadline.key, "stream", f"no funding stream with key {deadline.stream!r}")
            )
        if deadline.application is not None and deadline.application not in application_keys:
            problems.append(
                Problem("deadline", deadline.key, "application", f"no application with key {deadline.application!r}")
            )
    for actual in workspace.actuals:
        if actual.stream is not None and actual.stream not in stream_keys:
            problems.append(Problem("actual", actual.key, "stream", f"no funding stream with key {actual.stream!r}"))
    mapped: dict[tuple[str, str], str] = {}
    for mapping in workspace.account_categories:
        account = (mapping.layout, account_key(mapping.account))
        if account in mapped:
            problems.append(
                Problem(
                    "account_category",
                    mapping.key,
                    "account",
                    f"{mapping.account!r} is mapped twice for {mapping.layout} files (also {mapped[account]!r})",
                )
            )
        mapped.setdefault(account, mapping.key)
    for effort in workspace.efforts:
        if effort.position not in position_keys:
            problems.append(Problem("effort", effort.key, "position", f"no position with key {effort.position!r}"))
        for i, share in enumerate(effort.shares):
            if share.stream not in stream_keys:
                problems.append(
                    Problem("effort", effort.key, f"shares[{i}].stream", f"no funding stream with key {share.stream!r}")
                )
    award_keys = {a.key for a in workspace.awards}
    for submission in workspace.report_submissions:
        if submission.award not in award_keys:
            problems.append(
                Problem("report_submission", submission.key, "award", f"no award with key {submission.award!r}")
            )
    problems += _award_references(workspace, application_keys)
    return problems


def _award_references(workspace: Workspace, application_keys: set[str]) -> list[Problem]:
    """Each award is an application's, on a secured stream, its match from streams that exist."""
    problems = []
    for award in workspace.awards:
        if award.key not in application_keys:
            problems.append(
                Problem(
                    "award", award.key, "key", f"no application with key {award.key!r}; an award is an application's"
                )
            )
        stream = workspace.stream(award.stream)
        if stream is None:
            problems.append(Problem("award", award.key, "stream", f"no funding stream with key {award.stream!r}"))
        elif stream.status != "secured":
            problems.append(
                Problem(
                    "award",
                    award.key,
                    "stream",
                    f"stream {award.stream!r} is {stream.status}; an award's stream is secured money",
                )
            )
        for i, key in enumerate(award.match_streams):
            if workspace.stream(key) is None:
                problems.append(
                    Problem("award", award.key, f"match_streams[{i}]", f"no funding stream with key {key!r}")
                )
    return problems
