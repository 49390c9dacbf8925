"""Read a whole workspace with SQLAlchemy Core: the one read path of every backend.

Reads need neither the ORM nor SQLModel's models (a third of a second of imports before
the first figure): each table is read with one ``SELECT`` in id order and each column is
turned into the record field's type from the record's own annotations.
"""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from fundtracker.domain.records import (
    Actual,
    Allocation,
    Application,
    Deadline,
    Expense,
    FundingStream,
    Milestone,
    Organization,
    Position,
    Scenario,
    Schedule,
    Section,
    TextBlock,
    Tranche,
    Workspace,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection

# Record fields kept in child tables or spread over several columns.
SPECIAL_FIELDS = frozenset({"schedule", "overrides", "sections", "milestones", "budget_justification"})

# Table of each record type (tests check these against store.tables).
TABLE_NAMES: dict[type[Any], str] = {
    Organization: "organization",
    FundingStream: "funding_stream",
    Tranche: "tranche",
    Position: "position",
    Expense: "expense",
    Allocation: "allocation",
    Scenario: "scenario",
    Application: "application",
    Section: "application_section",
    Milestone: "milestone",
    TextBlock: "text_block",
    Deadline: "deadline",
    Actual: "actual",
}
OVERRIDE_TABLE = "scenario_override"


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def _converter(hint: Any) -> Any:
    """A function from a column value to the field's type (None stays None)."""
    options = set(typing.get_args(hint)) - {type(None)} if isinstance(hint, types.UnionType) else {hint}
    if Decimal in options:
        return lambda value: Decimal(str(value))
    if date in options:
        return _as_date
    if bool in options:
        return bool
    return None


_CONVERTERS: dict[type[Any], tuple[tuple[str, Any], ...]] = {}


def _converters(cls: type[Any]) -> tuple[tuple[str, Any], ...]:
    if cls not in _CONVERTERS:
        hints = typing.get_type_hints(cls)
        _CONVERTERS[cls] = tuple(
            (f.name, _converter(hints[f.name])) for f in dataclasses.fields(cls) if f.name not in SPECIAL_FIELDS
        )
    return _CONVERTERS[cls]


def record_values(cls: type[Any], row: Any) -> dict[str, Any]:
    """The plain fields of a ``cls`` record from a result row (a mapping of column → value)."""
    values: dict[str, Any] = {}
    for name, convert in _converters(cls):
        value = row[name]
        values[name] = convert(value) if convert is not None and value is not None else value
    return values


def _rows(connection: Connection, table: str, order: str = "id") -> list[Any]:
    from sqlalchemy import text

    return list(connection.execute(text(f"SELECT * FROM {table} ORDER BY {order}")).mappings())


def _grouped(connection: Connection, table: str, parent: str) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = {}
    for row in _rows(connection, table, f"{parent}, seq"):
        grouped.setdefault(row[parent], []).append(row)
    return grouped


def load_workspace(connection: Connection) -> Workspace:
    """Every record of the workspace, in insertion order."""
    from fundtracker.store import json_format

    org_rows = _rows(connection, TABLE_NAMES[Organization])
    organization = Organization(**record_values(Organization, org_rows[0])) if org_rows else Organization()
    tranches = _grouped(connection, TABLE_NAMES[Tranche], "stream_id")
    streams = tuple(
        FundingStream(
            **record_values(FundingStream, row),
            schedule=Schedule(
                type=row["schedule_type"],
                lag_days=row["lag_days"],
                tranches=tuple(Tranche(**record_values(Tranche, t)) for t in tranches.get(row["id"], [])),
            ),
        )
        for row in _rows(connection, TABLE_NAMES[FundingStream])
    )
    overrides = _grouped(connection, OVERRIDE_TABLE, "scenario_id")
    scenarios = tuple(
        Scenario(
            **record_values(Scenario, row),
            overrides=tuple(
                json_format.read_override(json.loads(o["payload"]), f"scenario {row['key']}.overrides[{o['seq']}]")
                for o in overrides.get(row["id"], [])
            ),
        )
        for row in _rows(connection, TABLE_NAMES[Scenario])
    )
    sections = _grouped(connection, TABLE_NAMES[Section], "application_id")
    milestones = _grouped(connection, TABLE_NAMES[Milestone], "application_id")
    applications = tuple(
        Application(
            **record_values(Application, row),
            sections=tuple(Section(**record_values(Section, s)) for s in sections.get(row["id"], [])),
            milestones=tuple(Milestone(**record_values(Milestone, m)) for m in milestones.get(row["id"], [])),
            budget_justification=tuple(json.loads(row["budget_justification"]).items()),
        )
        for row in _rows(connection, TABLE_NAMES[Application])
    )

    def plain(cls: type[Any]) -> tuple[Any, ...]:
        return tuple(cls(**record_values(cls, row)) for row in _rows(connection, TABLE_NAMES[cls]))

    return Workspace(
        organization=organization,
        streams=streams,
        positions=plain(Position),
        expenses=plain(Expense),
        allocations=plain(Allocation),
        scenarios=scenarios,
        applications=applications,
        text_blocks=plain(TextBlock),
        deadlines=plain(Deadline),
        actuals=plain(Actual),
    )
