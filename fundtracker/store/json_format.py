"""The workspace JSON format, version 1 (see docs/workspace-format.md).

Reading is strict: unknown keys, bad values and broken references are rejected
with an :class:`InputError` naming the JSON path, e.g.
``funding_streams[2].amount: not a money amount: '7x'``. Writing is canonical
(fixed key order, every field present), so JSON → workspace → JSON is lossless.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from collections.abc import Hashable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any, Union, cast

from fundtracker.domain.errors import InputError, ValidationError
from fundtracker.domain.money import format_money, parse_decimal, parse_money
from fundtracker.domain.months import parse_date
from fundtracker.domain.records import (
    Actual,
    AddPosition,
    Allocation,
    AllocationOverride,
    Application,
    Deadline,
    Expense,
    FundingStream,
    Organization,
    Override,
    Position,
    PositionOverride,
    Scenario,
    StreamOverride,
    TextBlock,
    Workspace,
)
from fundtracker.domain.text import text_problem
from fundtracker.domain.validation import validate_workspace

FORMAT_NAME = "fundtracker-workspace"
FORMAT_VERSION = 1

MONEY_FIELDS = frozenset({"amount", "annual_salary", "requested_amount"})
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
}


def _describe(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)


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
        problem = text_problem(value)
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
            try:
                return parse_money(value, allow_negative=signed)
            except InputError as exc:
                raise exc.at(path) from None
        if not isinstance(value, int) or isinstance(value, bool):
            raise InputError(f"must be a whole number, got {_describe(value)}", path)
        return value
    if hint is Decimal:
        if not isinstance(value, str):
            raise InputError(f'must be a decimal string such as "0.25", got {_describe(value)}', path)
        try:
            return parse_decimal(value)
        except InputError as exc:
            raise exc.at(path) from None
    if hint is date:
        if not isinstance(value, str):
            raise InputError(f"must be a date string YYYY-MM-DD, got {_describe(value)}", path)
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


def read_record(cls: type[Any], data: Any, path: str) -> Any:
    """Read one record (a dataclass) from a JSON object, strictly."""
    if not isinstance(data, dict):
        raise InputError(f"must be an object, got {_describe(data)}", path)
    hints = _hints(cast(Hashable, cls))
    known = {f.name: f for f in dataclasses.fields(cls)}
    for name in data:
        if name not in known:
            raise InputError(f"unknown key {name!r}; allowed keys: {', '.join(known)}", path)
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
    for target, cls in _OVERRIDE_TYPES.items():
        if target in data:
            record: Override = read_record(cls, data, path)
            return record
    raise InputError("an override names a 'stream', 'position', 'add_position' or 'allocation'", path)


def _write_value(name: str, value: Any) -> Any:
    if value is None or isinstance(value, (str, bool)):
        return value
    if isinstance(value, int):
        return format_money(value) if name in MONEY_FIELDS else value
    if isinstance(value, Decimal):
        return str(value)
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
    return write_record(override, skip_defaults=True)


def workspace_from_dict(data: Any, *, validate: bool = True) -> Workspace:
    """Read a workspace from parsed JSON.

    Raises:
        InputError: a value or key is wrong (the message names the JSON path).
        ValidationError: records break a rule or reference a missing record.
    """
    if not isinstance(data, dict):
        raise InputError("a workspace is a JSON object", "$")
    if data.get("format") != FORMAT_NAME:
        raise InputError(f"must be {FORMAT_NAME!r}; this is not a fundtracker workspace", "format")
    version = data.get("version")
    if version != FORMAT_VERSION:
        raise InputError(
            f"version {version!r} is not supported; this fundtracker reads version {FORMAT_VERSION}", "version"
        )
    allowed = {"format", "version", "organization", *LISTS}
    for name in data:
        if name not in allowed:
            raise InputError(f"unknown key {name!r}; allowed keys: {', '.join(sorted(allowed))}", "$")
    values: dict[str, Any] = {}
    if "organization" in data:
        values["organization"] = read_record(Organization, data["organization"], "organization")
    for list_name, (cls, attr) in LISTS.items():
        items = data.get(list_name, [])
        if not isinstance(items, list):
            raise InputError("must be a list", list_name)
        values[attr] = tuple(read_record(cls, item, f"{list_name}[{i}]") for i, item in enumerate(items))
    workspace = Workspace(**values)
    if validate:
        problems = validate_workspace(workspace)
        if problems:
            raise ValidationError([_locate(workspace, p) for p in problems])
    return workspace


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


def workspace_to_dict(workspace: Workspace) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "organization": write_record(workspace.organization),
    }
    for list_name, (_cls, attr) in LISTS.items():
        data[list_name] = [write_record(r) for r in getattr(workspace, attr)]
    return data


def dumps(workspace: Workspace) -> str:
    return json.dumps(workspace_to_dict(workspace), indent=2, ensure_ascii=False) + "\n"


def loads(text: str, *, validate: bool = True) -> Workspace:
    try:
        data = json.loads(text, parse_float=_FloatToken, parse_constant=_FloatToken)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    return workspace_from_dict(data, validate=validate)


class _FloatToken:
    """A bare JSON number with a fraction (or NaN/Infinity): never accepted as money or rate."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"{self.text} (a bare number; write money and rates as strings)"


def read_file(path: Path) -> Workspace:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return loads(text)


def write_file(workspace: Workspace, path: Path) -> None:
    """Write JSON atomically: a temp file beside the target, then rename."""
    from fundtracker.store.atomic import atomic_write_text

    atomic_write_text(path, dumps(workspace))
