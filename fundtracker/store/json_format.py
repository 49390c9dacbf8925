"""The workspace JSON format, version 2 (see docs/workspace-format.md); version 1 is still read.

Version 2 carries everything a workspace holds: its records (as version 1 did), its period
locks and its whole audit trail, so export → import (or ``fundtracker copy``) is lossless.

Reading is strict: unknown keys, bad values and broken references are rejected
with an :class:`InputError` naming the JSON path, e.g.
``funding_streams[2].amount: not a money amount: '7x'``. Writing is canonical
(fixed key order, every field present), so JSON → workspace → JSON is lossless.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import re
import types
import typing
from collections.abc import Hashable, Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Union, cast

from fundtracker.domain.awards import Award
from fundtracker.domain.errors import InputError, ValidationError
from fundtracker.domain.money import format_money, parse_decimal, parse_money
from fundtracker.domain.months import format_month, parse_date, parse_month
from fundtracker.domain.records import (
    AccountCategory,
    Actual,
    AddPosition,
    Allocation,
    AllocationOverride,
    Application,
    AuditEntry,
    Deadline,
    EffortCertification,
    Expense,
    FundingStream,
    Organization,
    Override,
    PeriodLock,
    Position,
    PositionOverride,
    PriorityOverride,
    ReportSubmission,
    Scenario,
    StreamOverride,
    TextBlock,
    Workspace,
    WorkspaceHistory,
)
from fundtracker.domain.text import text_problem
from fundtracker.domain.validation import integer_problem, integer_range, validate_workspace

FORMAT_NAME = "fundtracker-workspace"
FORMAT_VERSION = 2
READ_VERSIONS = (1, 2)
# The audit table's bounded columns (store.tables.AuditRow): refused on reading, not by the insert.
AUDIT_KEY_CHARS = 200
AUDIT_CHANGE_CHARS = 32
# Audit values are whole records as JSON (an application with its narrative): bounded only by the
# input, not by the per-field text limit.
UNBOUNDED_TEXT = frozenset({"old", "new"})

# Hostile-input bounds. The format itself nests at most FORMAT_DEPTH levels (workspace, awards, an
# award, its budget versions, a version, its amounts, a cell; a scenario's added position is one
# level less). Text nested so deep that Python's
# parser gives up (about a thousand levels) is refused naming where it passes MAX_DEPTH; shallower
# excess fails the reader's type checks. Whole numbers longer than MAX_INT_DIGITS cannot be any
# field's value (money, the widest, is a string), so they are never converted (Python refuses over
# 4,300 digits outright). Rates and percents are short decimal strings.
FORMAT_DEPTH = 7
MAX_DEPTH = 16
MAX_INT_DIGITS = 19
MAX_DECIMAL_CHARS = 40

MONEY_FIELDS = frozenset(
    {
        "amount",
        "annual_salary",
        "requested_amount",
        "program_income",
        # an award's (domain.awards)
        "match_required",
        "federal",
        "non_federal",
        "expenditures",
        "indirect",
        "income_deducted",
        "requested_before",
    }
)
# Money that may be negative: an actual transaction can be a refund.
SIGNED_MONEY = frozenset({(Actual, "amount")})

# JSON list name -> (record class, Workspace attribute)
LISTS: dict[str, tuple[type[Any], str]] = {
    "funding_streams": (FundingStream, "streams"),
    "positions": (Position, "positions"),
    "expenses": (Expense, "expenses"),
    "allocations": (Allocation, "allocations"),
    "scenarios": (Scenario, "scenarios"),
    "applications": (Application, "applications"),
    "text_blocks": (TextBlock, "text_blocks"),
    "deadlines": (Deadline, "deadlines"),
    "actuals": (Actual, "actuals"),
    "account_categories": (AccountCategory, "account_categories"),
    "awards": (Award, "awards"),
    "effort_certifications": (EffortCertification, "efforts"),
    "report_submissions": (ReportSubmission, "report_submissions"),
}
KIND_TO_LIST = {
    "stream": "funding_streams",
    "position": "positions",
    "expense": "expenses",
    "allocation": "allocations",
    "scenario": "scenarios",
    "application": "applications",
    "text_block": "text_blocks",
    "deadline": "deadlines",
    "actual": "actuals",
    "account_category": "account_categories",
    "award": "awards",
    "effort": "effort_certifications",
    "report_submission": "report_submissions",
}


def _describe(value: Any) -> str:
    """A value for an error message: bounded, whatever the input holds."""
    if isinstance(value, str):
        shown = json.dumps(value[:60], ensure_ascii=True)
        return shown if len(value) <= 60 else f'{shown[:-1]}…" ({len(value):,} characters)'
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _key_text(name: str) -> str:
    return repr(name) if len(name) <= 60 else _describe(name)


def _text_problem(value: str, *, bounded: bool = True) -> str | None:
    """The one text rule (domain.text); ``bounded``: the per-field length limit applies too."""
    return text_problem(value) if bounded else text_problem(value, limit=len(value))


@functools.cache
def _hints(cls: Any) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _read_value(name: str, hint: Any, value: Any, path: str, *, signed: bool = False) -> Any:
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (Union, types.UnionType):
        non_none = [a for a in args if a is not type(None)]
        if value is None:
            return None
        if len(non_none) == 1:
            return _read_value(name, non_none[0], value, path, signed=signed)
        raise InputError(f"unsupported union at {path}")  # pragma: no cover
    if value is None:
        raise InputError("must not be null", path)
    if hint is str:
        if not isinstance(value, str):
            raise InputError(f"must be text, got {_describe(value)}", path)
        problem = _text_problem(value, bounded=name not in UNBOUNDED_TEXT)
        if problem is not None:
            raise InputError(problem, path)
        return value
    if hint is bool:
        if not isinstance(value, bool):
            raise InputError(f"must be true or false, got {_describe(value)}", path)
        return value
    if hint is int:
        if name in MONEY_FIELDS:
            if not isinstance(value, str):
                raise InputError(f'money must be a string such as "78268.00", got {_describe(value)}', path)
            if len(value) > MAX_DECIMAL_CHARS:  # the parser would quote it whole
                raise InputError(
                    f"not a money amount: {_describe(value)}; at most {MAX_DECIMAL_CHARS} characters", path
                )
            try:
                return parse_money(value, allow_negative=signed)
            except InputError as exc:
                raise exc.at(path) from None
        low, high = integer_range(name)
        if isinstance(value, _BigIntToken):
            raise InputError(f"{value!r} is outside {low:,}–{high:,}", path)
        if not isinstance(value, int) or isinstance(value, bool):
            raise InputError(f"must be a whole number {low:,}–{high:,}, got {_describe(value)}", path)
        problem = integer_problem(name, value)
        if problem:
            raise InputError(problem, path)
        return value
    if hint is Decimal:
        if not isinstance(value, str):
            raise InputError(f'must be a decimal string such as "0.25", got {_describe(value)}', path)
        if len(value) > MAX_DECIMAL_CHARS:
            raise InputError(
                f"a decimal of {len(value):,} characters; a rate or percent has at most {MAX_DECIMAL_CHARS}", path
            )
        try:
            return parse_decimal(value)
        except InputError as exc:
            raise exc.at(path) from None
    if hint is datetime:
        if not isinstance(value, str):
            raise InputError(f"must be a UTC time string such as {_TIME_EXAMPLE}, got {_describe(value)}", path)
        return _parse_time(value, path)
    if hint is date:
        if not isinstance(value, str):
            raise InputError(f"must be a date string YYYY-MM-DD, got {_describe(value)}", path)
        if len(value) > MAX_DECIMAL_CHARS:  # the parser would quote it whole
            raise InputError(f"not a date: {_describe(value)}; write it as YYYY-MM-DD", path)
        try:
            return parse_date(value)
        except InputError as exc:
            raise exc.at(path) from None
    if origin is tuple:
        if name == "budget_justification":
            if not isinstance(value, dict):
                raise InputError("must be an object of category: text", path)
            return tuple(
                (_read_value("text", str, k, f"{path} (a category name)"), _read_value("text", str, v, f"{path}.{k}"))
                for k, v in value.items()
            )
        if not isinstance(value, list):
            raise InputError(f"must be a list, got {_describe(value)}", path)
        item_hint = args[0]
        if name == "overrides":
            return tuple(read_override(v, f"{path}[{i}]") for i, v in enumerate(value))
        return tuple(_read_value(name, item_hint, v, f"{path}[{i}]") for i, v in enumerate(value))
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return read_record(hint, value, path)
    raise InputError(f"unsupported field type at {path}")  # pragma: no cover


_TIME_EXAMPLE = '"2026-03-01T14:05:09.000000Z"'


def _parse_time(text: str, path: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InputError(f"not a time: {_describe(text)}; write a UTC time such as {_TIME_EXAMPLE}", path) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def format_time(moment: datetime) -> str:
    """A time as the format writes it: UTC, microseconds, ``Z`` (one spelling, so copies compare equal)."""
    utc = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def read_record(cls: type[Any], data: Any, path: str) -> Any:
    """Read one record (a dataclass) from a JSON object, strictly."""
    if not isinstance(data, dict):
        raise InputError(f"must be an object, got {_describe(data)}", path)
    hints = _hints(cast(Hashable, cls))
    known = {f.name: f for f in dataclasses.fields(cls)}
    for name in data:
        if name not in known:
            raise InputError(f"unknown key {_key_text(name)}; allowed keys: {', '.join(known)}", path)
    values: dict[str, Any] = {}
    for name, fld in known.items():
        if name not in data:
            if fld.default is dataclasses.MISSING and fld.default_factory is dataclasses.MISSING:
                raise InputError(f"missing required key {name!r}", path)
            continue
        values[name] = _read_value(name, hints[name], data[name], f"{path}.{name}", signed=(cls, name) in SIGNED_MONEY)
    return cls(**values)


_OVERRIDE_TYPES: dict[str, type[Any]] = {
    "stream": StreamOverride,
    "position": PositionOverride,
}


def read_override(data: Any, path: str) -> Override:
    if not isinstance(data, dict):
        raise InputError("must be an object", path)
    if "add_position" in data:
        if set(data) != {"add_position"}:
            raise InputError("an add_position override holds nothing else", path)
        return AddPosition(read_record(Position, data["add_position"], f"{path}.add_position"))
    if "allocation" in data:
        if set(data) != {"allocation"}:
            raise InputError("an allocation override holds nothing else", path)
        overridden: AllocationOverride = read_record(AllocationOverride, data["allocation"], f"{path}.allocation")
        return overridden
    if "priority" in data:
        if set(data) != {"priority"}:
            raise InputError("a priority override holds nothing else", path)
        priority: PriorityOverride = read_record(PriorityOverride, data["priority"], f"{path}.priority")
        return priority
    for target, cls in _OVERRIDE_TYPES.items():
        if target in data:
            record: Override = read_record(cls, data, path)
            return record
    raise InputError("an override names a 'stream', 'position', 'add_position', 'allocation' or 'priority'", path)


def read_field(name: str, hint: Any, value: Any, path: str) -> Any:
    """One field's value from its JSON form (the store keeps list fields as JSON text)."""
    return _read_value(name, hint, value, path)


def write_field(name: str, value: Any) -> Any:
    """One field's JSON form."""
    return _write_value(name, value)


def _write_value(name: str, value: Any) -> Any:
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, int):
        return format_money(value) if name in MONEY_FIELDS else value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return format_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        if name == "budget_justification":
            return dict(value)
        if name == "overrides":
            return [write_override(v) for v in value]
        return [_write_value(name, v) for v in value]
    if dataclasses.is_dataclass(value):
        return write_record(value)
    raise TypeError(f"cannot write {value!r}")  # pragma: no cover


def write_record(record: Any, *, skip_defaults: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for fld in dataclasses.fields(record):
        value = getattr(record, fld.name)
        if skip_defaults and fld.default is not dataclasses.MISSING and value == fld.default:
            continue
        out[fld.name] = _write_value(fld.name, value)
    return out


def write_override(override: Override) -> dict[str, Any]:
    if isinstance(override, AddPosition):
        return {"add_position": write_record(override.position)}
    if isinstance(override, AllocationOverride):
        return {"allocation": write_record(override)}
    if isinstance(override, PriorityOverride):
        return {"priority": write_record(override)}
    return write_record(override, skip_defaults=True)


def workspace_from_dict(data: Any, *, validate: bool = True) -> Workspace:
    """Read a workspace's records from parsed JSON (version 1 or 2; see :func:`document_from_dict`)."""
    return document_from_dict(data, validate=validate)[0]


def document_from_dict(data: Any, *, validate: bool = True) -> tuple[Workspace, WorkspaceHistory | None]:
    """Read a workspace and its history from parsed JSON.

    Returns:
        The records, and the period locks and audit trail (None for a version 1 file, which
        carries neither: an import of it keeps the target's locks and audits itself).

    Raises:
        InputError: a value or key is wrong (the message names the JSON path).
        ValidationError: records break a rule or reference a missing record.
    """
    if not isinstance(data, dict):
        raise InputError("a workspace is a JSON object", "$")
    if data.get("format") != FORMAT_NAME:
        raise InputError(f"must be {FORMAT_NAME!r}; this is not a fundtracker workspace", "format")
    version = data.get("version")
    if type(version) is not int or version not in READ_VERSIONS:
        raise InputError(
            f"version {_describe(version)} is not supported; this fundtracker reads versions "
            f"{', '.join(map(str, READ_VERSIONS))}",
            "version",
        )
    allowed = {"format", "version", "organization", *LISTS, *(HISTORY_LISTS if version >= 2 else ())}
    for name in data:
        if name not in allowed:
            raise InputError(f"unknown key {_key_text(name)}; allowed keys: {', '.join(sorted(allowed))}", "$")
    values: dict[str, Any] = {}
    if "organization" in data:
        values["organization"] = read_record(Organization, data["organization"], "organization")
    for list_name, (cls, attr) in LISTS.items():
        values[attr] = tuple(read_record(cls, item, f"{list_name}[{i}]") for i, item in _items(data, list_name))
    workspace = Workspace(**values)
    history = _read_history(data) if version >= 2 else None
    if validate:
        problems = validate_workspace(workspace)
        if problems:
            raise ValidationError([_locate(workspace, p) for p in problems])
    return workspace, history


HISTORY_LISTS = ("period_locks", "audit_log")


def _items(data: dict[str, Any], list_name: str) -> Iterator[tuple[int, Any]]:
    items = data.get(list_name, [])
    if not isinstance(items, list):
        raise InputError(f"must be a list, got {_describe(items)}", list_name)
    return enumerate(items)


@dataclasses.dataclass(frozen=True)
class _AuditLine:
    """One audit entry as the format holds it (the database's id is not part of it)."""

    at: datetime
    who: str
    action: str
    kind: str
    key: str
    old: str | None = None
    new: str | None = None
    change: str | None = None


def _read_history(data: dict[str, Any]) -> WorkspaceHistory:
    locks: list[PeriodLock] = []
    months: set[str] = set()
    for i, item in _items(data, "period_locks"):
        path = f"period_locks[{i}]"
        lock: PeriodLock = read_record(PeriodLock, item, path)
        try:
            exact = format_month(parse_month(lock.month)) == lock.month
        except InputError:
            exact = False
        if not exact:
            raise InputError(
                f'not a month: {_describe(lock.month)}; write it as YYYY-MM, e.g. "2026-03"', f"{path}.month"
            )
        if lock.month in months:
            raise InputError(f"{lock.month} is locked twice; each month appears once", f"{path}.month")
        months.add(lock.month)
        locks.append(lock)
    audit: list[AuditEntry] = []
    for i, item in _items(data, "audit_log"):
        path = f"audit_log[{i}]"
        line: _AuditLine = read_record(_AuditLine, item, path)
        if len(line.key) > AUDIT_KEY_CHARS:
            raise InputError(
                f"is {len(line.key):,} characters long; at most {AUDIT_KEY_CHARS} are allowed", f"{path}.key"
            )
        if line.change is not None and len(line.change) > AUDIT_CHANGE_CHARS:
            raise InputError(
                f"is {len(line.change):,} characters long; at most {AUDIT_CHANGE_CHARS} are allowed", f"{path}.change"
            )
        audit.append(
            AuditEntry(0, line.at, line.who, line.action, line.kind, line.key, line.old, line.new, line.change)
        )
    return WorkspaceHistory(tuple(sorted(locks, key=lambda lock: lock.month)), tuple(audit))


def history_to_dict(history: WorkspaceHistory) -> dict[str, Any]:
    return {
        "period_locks": [write_record(lock) for lock in sorted(history.period_locks, key=lambda lock: lock.month)],
        "audit_log": [
            write_record(_AuditLine(e.when, e.who, e.action, e.kind, e.key, e.old, e.new, e.change))
            for e in history.audit
        ],
    }


def _locate(workspace: Workspace, problem: Any) -> Any:
    """Rewrite a problem's location as a JSON path (funding_streams[2].amount)."""
    from fundtracker.domain.errors import Problem

    list_name = KIND_TO_LIST.get(problem.kind)
    if list_name is None:
        return Problem(problem.kind, "", problem.field, problem.message) if problem.kind == "organization" else problem
    records = workspace.records(problem.kind)
    for i, record in enumerate(records):
        if record.key == problem.key or (problem.kind == "allocation" and record.cost == problem.key):
            located = f"{list_name}[{i}]" + (f".{problem.field}" if problem.field else "")
            return _PathProblem(located, problem.message)
    return problem


class _PathProblem:
    """A problem located by JSON path only."""

    def __init__(self, path: str, message: str) -> None:
        self.kind = ""
        self.key = ""
        self.field = path
        self.message = message

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"

    def __repr__(self) -> str:
        return f"_PathProblem({str(self)!r})"


def workspace_to_dict(workspace: Workspace, history: WorkspaceHistory | None = None) -> dict[str, Any]:
    """The canonical version 2 document (``history`` None: no locks, an empty audit trail)."""
    data: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "organization": write_record(workspace.organization),
    }
    for list_name, (_cls, attr) in LISTS.items():
        data[list_name] = [write_record(r) for r in getattr(workspace, attr)]
    data.update(history_to_dict(history or WorkspaceHistory()))
    return data


def dumps(workspace: Workspace, history: WorkspaceHistory | None = None) -> str:
    return json.dumps(workspace_to_dict(workspace, history), indent=2, ensure_ascii=False) + "\n"


def loads(text: str, *, validate: bool = True) -> Workspace:
    return workspace_from_dict(parse(text), validate=validate)


def loads_document(text: str, *, validate: bool = True) -> tuple[Workspace, WorkspaceHistory | None]:
    return document_from_dict(parse(text), validate=validate)


def parse(text: str) -> Any:
    """Parse JSON text strictly: every hostile construct is an InputError naming the JSON path.

    Refused: invalid JSON; nesting too deep to parse (named where it passes :data:`MAX_DEPTH`);
    a key twice in one object (JSON parsers disagree on which one wins, so a file could mean two
    things); whole numbers over :data:`MAX_INT_DIGITS` digits (kept as a token the reader refuses with the field's
    range). Bare fractions and NaN/Infinity become tokens the reader refuses.
    """
    duplicated: list[bool] = []

    def pairs_to_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result = dict(pairs)
        if len(result) != len(pairs):
            duplicated.append(True)
            seen: set[str] = set()
            for key, _value in pairs:
                if key in seen:
                    return _Duplicated(result, key)
                seen.add(key)
        return result
        return result

    try:
        data = json.loads(
            text,
            parse_float=_FloatToken,
            parse_constant=_FloatToken,
            parse_int=_parse_int,
            object_pairs_hook=pairs_to_object,
        )
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        # Python's parser recurses once per level: text nested this deep is hostile, never a workspace.
        raise InputError(
            f"nested more than {MAX_DEPTH} levels deep; a workspace nests objects and lists "
            f"at most {FORMAT_DEPTH} levels deep",
            _too_deep(text) or "$",
        ) from None
    if duplicated:
        path, key = _first_duplicate(data)
        raise InputError(
            f"the key {_describe(key)} appears more than once in one object; each key may appear once", path
        )
    return data


class _Duplicated(dict[str, Any]):
    """An object that held ``key`` twice (reported with its path once parsing is done)."""

    def __init__(self, values: dict[str, Any], key: str) -> None:
        super().__init__(values)
        self.duplicate = key


def _child_path(path: str, step: str | int) -> str:
    if isinstance(step, int):
        return f"{'' if path == '$' else path}[{step}]"
    return step if path == "$" else f"{path}.{step}"


def _first_duplicate(data: Any) -> tuple[str, str]:
    """The JSON path of the first object (in document order) that held a key twice, and the key."""
    stack: list[tuple[str, Any]] = [("$", data)]
    while stack:  # iterative: the data may nest near the recursion limit
        path, value = stack.pop()
        if isinstance(value, _Duplicated):
            return path, value.duplicate
        if isinstance(value, dict):
            stack.extend((_child_path(path, k), v) for k, v in reversed(value.items()))
        elif isinstance(value, list):
            stack.extend((_child_path(path, i), v) for i, v in reversed(list(enumerate(value))))
    raise AssertionError("a duplicate key was flagged but not found")  # pragma: no cover


# Strings (with their escapes) and the characters that shape the structure; nothing else matters
# for finding how deep the text nests.
_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},:]')


def _too_deep(text: str) -> str | None:
    """The JSON path where ``text`` first nests deeper than MAX_DEPTH, or None (run only on refused text)."""
    stack: list[list[Any]] = []  # per open container: its bracket and the key or index inside it
    last_string = ""
    for match in _STRUCTURE.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            if len(stack) >= MAX_DEPTH:
                path = "$"
                for _bracket, step in stack:
                    path = _child_path(path, step if step is not None else "?")
                return path
            stack.append([token, 0 if token == "[" else None])
        elif token in ("]", "}"):
            if stack:
                stack.pop()
        elif token == ",":
            if stack and stack[-1][0] == "[":
                stack[-1][1] += 1
        elif token == ":":
            if stack:
                stack[-1][1] = last_string
        else:
            try:
                last_string = json.loads(token)
            except ValueError:
                last_string = token
    return None


def _parse_int(text: str) -> int | _BigIntToken:
    digits = len(text) - text.startswith("-")
    return _BigIntToken(digits) if digits > MAX_INT_DIGITS else int(text)


class _BigIntToken:
    """A bare JSON integer too long to be any field's value: refused by the reader with the field's range."""

    def __init__(self, digits: int) -> None:
        self.digits = digits

    def __repr__(self) -> str:
        return f"a number of {self.digits:,} digits"


class _FloatToken:
    """A bare JSON number with a fraction (or NaN/Infinity): never accepted as money or rate."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"{self.text} (a bare number; write money and rates as strings)"


def read_file(path: Path) -> Workspace:
    return read_document(path)[0]


def read_document(path: Path) -> tuple[Workspace, WorkspaceHistory | None]:
    """A JSON workspace file's records and history (None for version 1)."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return loads_document(text)


def write_file(workspace: Workspace, path: Path, history: WorkspaceHistory | None = None) -> None:
    """Write JSON atomically: a temp file beside the target, then rename."""
    from fundtracker.store.atomic import atomic_write_text

    atomic_write_text(path, dumps(workspace, history))
