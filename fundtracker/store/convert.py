"""Records ⇄ table rows. Column names equal record field names; Decimals are stored as strings."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from typing import Any

from sqlmodel import Session, SQLModel, col, select

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
from fundtracker.store import json_format
from fundtracker.store.tables import (
    TABLES,
    ActualRow,
    AllocationRow,
    ApplicationRow,
    DeadlineRow,
    ExpenseRow,
    MilestoneRow,
    OrganizationRow,
    OverrideRow,
    PositionRow,
    ScenarioRow,
    SectionRow,
    StreamRow,
    TextBlockRow,
    TrancheRow,
)

# Fields kept in child tables or spread over several columns.
_SPECIAL = {"schedule", "overrides", "sections", "milestones", "budget_justification"}
_DECIMAL_FIELDS = {
    "fringe_rate",
    "indirect_rate",
    "probability",
    "fte",
    "annual_raise",
    "percent",
    "negotiated_indirect_rate",
    "match_percent",
}


def _to_column(name: str, value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    return value


def _from_column(name: str, value: Any) -> Any:
    if name in _DECIMAL_FIELDS and value is not None:
        return Decimal(value)
    return value


def scalar_values(record: Any) -> dict[str, Any]:
    """The record's plain fields as column values."""
    return {
        f.name: _to_column(f.name, getattr(record, f.name))
        for f in dataclasses.fields(record)
        if f.name not in _SPECIAL
    }


def _record_values(cls: type[Any], row: SQLModel) -> dict[str, Any]:
    return {
        f.name: _from_column(f.name, getattr(row, f.name)) for f in dataclasses.fields(cls) if f.name not in _SPECIAL
    }


def organization_row(org: Organization, row: OrganizationRow | None = None) -> OrganizationRow:
    row = row or OrganizationRow(id=1, name=org.name, fiscal_year_start_month=1, fringe_rate="0", indirect_rate="0")
    for name, value in scalar_values(org).items():
        setattr(row, name, value)
    return row


def organization_from(row: OrganizationRow | None) -> Organization:
    if row is None:
        return Organization()
    return Organization(**_record_values(Organization, row))


def row_values(kind: str, record: Any, position_keys: set[str] | frozenset[str] = frozenset()) -> dict[str, Any]:
    """The main-table column values of ``record`` (children are written by :func:`write_children`)."""
    values = scalar_values(record)
    if isinstance(record, FundingStream):
        values["schedule_type"] = record.schedule.type
        values["lag_days"] = record.schedule.lag_days
    elif isinstance(record, Allocation):
        # Point the foreign key at the position or the expense the allocation charges.
        is_position = record.cost in position_keys
        values["position"] = record.cost if is_position else None
        values["expense"] = None if is_position else record.cost
    elif isinstance(record, Application):
        values["budget_justification"] = json.dumps(dict(record.budget_justification), ensure_ascii=False)
    values.setdefault("version", 1)
    return values


def main_row(kind: str, record: Any, position_keys: set[str] | frozenset[str] = frozenset()) -> SQLModel:
    """A new main-table row for ``record``."""
    row: SQLModel = TABLES[kind](**row_values(kind, record, position_keys))
    return row


def update_row(row: SQLModel, kind: str, record: Any, position_keys: set[str]) -> None:
    for name, value in row_values(kind, record, position_keys).items():
        if name not in ("id", "version"):
            setattr(row, name, value)


def write_children(session: Session, kind: str, row: Any, record: Any) -> None:
    """Replace the child rows (tranches, overrides, sections, milestones) of ``row``."""
    if kind == "stream":
        _replace(session, TrancheRow, TrancheRow.stream_id, row.id)
        for seq, tranche in enumerate(record.schedule.tranches):
            session.add(TrancheRow(stream_id=row.id, seq=seq, date=tranche.date, amount=tranche.amount))
    elif kind == "scenario":
        _replace(session, OverrideRow, OverrideRow.scenario_id, row.id)
        for seq, override in enumerate(record.overrides):
            payload = json.dumps(json_format.write_override(override), ensure_ascii=False, sort_keys=True)
            session.add(OverrideRow(scenario_id=row.id, seq=seq, payload=payload))
    elif kind == "application":
        _replace(session, SectionRow, SectionRow.application_id, row.id)
        _replace(session, MilestoneRow, MilestoneRow.application_id, row.id)
        for seq, section in enumerate(record.sections):
            session.add(SectionRow(application_id=row.id, seq=seq, **scalar_values(section)))
        for seq, milestone in enumerate(record.milestones):
            session.add(MilestoneRow(application_id=row.id, seq=seq, **scalar_values(milestone)))


def _replace(session: Session, table: type[SQLModel], parent_column: Any, parent_id: int) -> None:
    for child in session.exec(select(table).where(parent_column == parent_id)).all():
        session.delete(child)
    session.flush()


def _children(session: Session, table: Any, parent_column: Any) -> dict[int, list[Any]]:
    grouped: dict[int, list[Any]] = {}
    for child in session.exec(select(table).order_by(col(parent_column), col(table.seq))).all():
        grouped.setdefault(getattr(child, parent_column.key), []).append(child)
    return grouped


def load_workspace(session: Session) -> Workspace:
    """Every record of the workspace, in key order (allocations in insertion order)."""
    org = organization_from(session.get(OrganizationRow, 1))
    tranches = _children(session, TrancheRow, TrancheRow.stream_id)
    streams = tuple(
        FundingStream(
            **_record_values(FundingStream, row),
            schedule=Schedule(
                type=row.schedule_type,
                lag_days=row.lag_days,
                tranches=tuple(Tranche(t.date, t.amount) for t in tranches.get(row.id or 0, [])),
            ),
        )
        for row in session.exec(select(StreamRow).order_by(col(StreamRow.id))).all()
    )
    positions = tuple(
        Position(**_record_values(Position, row))
        for row in session.exec(select(PositionRow).order_by(col(PositionRow.id))).all()
    )
    expenses = tuple(
        Expense(**_record_values(Expense, row))
        for row in session.exec(select(ExpenseRow).order_by(col(ExpenseRow.id))).all()
    )
    allocations = tuple(
        Allocation(**_record_values(Allocation, row))
        for row in session.exec(select(AllocationRow).order_by(col(AllocationRow.id))).all()
    )
    overrides = _children(session, OverrideRow, OverrideRow.scenario_id)
    scenarios = tuple(
        Scenario(
            **_record_values(Scenario, row),
            overrides=tuple(
                json_format.read_override(json.loads(o.payload), f"scenario {row.key}.overrides[{o.seq}]")
                for o in overrides.get(row.id or 0, [])
            ),
        )
        for row in session.exec(select(ScenarioRow).order_by(col(ScenarioRow.id))).all()
    )
    sections = _children(session, SectionRow, SectionRow.application_id)
    milestones = _children(session, MilestoneRow, MilestoneRow.application_id)
    applications = tuple(
        Application(
            **_record_values(Application, row),
            sections=tuple(Section(**_record_values(Section, s)) for s in sections.get(row.id or 0, [])),
            milestones=tuple(Milestone(**_record_values(Milestone, m)) for m in milestones.get(row.id or 0, [])),
            budget_justification=tuple(json.loads(row.budget_justification).items()),
        )
        for row in session.exec(select(ApplicationRow).order_by(col(ApplicationRow.id))).all()
    )
    text_blocks = tuple(
        TextBlock(**_record_values(TextBlock, row))
        for row in session.exec(select(TextBlockRow).order_by(col(TextBlockRow.id))).all()
    )
    deadlines = tuple(
        Deadline(**_record_values(Deadline, row))
        for row in session.exec(select(DeadlineRow).order_by(col(DeadlineRow.id))).all()
    )
    actuals = tuple(
        Actual(**_record_values(Actual, row))
        for row in session.exec(select(ActualRow).order_by(col(ActualRow.id))).all()
    )
    return Workspace(
        organization=org,
        streams=streams,
        positions=positions,
        expenses=expenses,
        allocations=allocations,
        scenarios=scenarios,
        applications=applications,
        text_blocks=text_blocks,
        deadlines=deadlines,
        actuals=actuals,
    )
