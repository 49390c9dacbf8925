"""Records → table rows for writes. Column names equal record field names; Decimals are stored as strings.

Reads go through :mod:`fundtracker.store.reading` (SQLAlchemy Core, no ORM).
"""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from typing import Any

from sqlmodel import Session, SQLModel, select

from fundtracker.domain.records import (
    Allocation,
    Application,
    AuditEntry,
    EffortCertification,
    FundingStream,
    Organization,
    PeriodLock,
)
from fundtracker.store import json_format, reading
from fundtracker.store.tables import (
    TABLES,
    AwardMatchStreamRow,
    BudgetAmountRow,
    BudgetVersionRow,
    DrawdownRow,
    MilestoneRow,
    ObligationRow,
    OrganizationRow,
    OverrideRow,
    PaymentRow,
    ProgramIncomeRow,
    SectionRow,
    TrancheRow,
)


def _to_column(name: str, value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if name in reading.JSON_COLUMNS:
        return json.dumps(json_format.write_field(name, value), ensure_ascii=False)
    return value


def scalar_values(record: Any) -> dict[str, Any]:
    """The record's plain fields as column values."""
    return {
        f.name: _to_column(f.name, getattr(record, f.name))
        for f in dataclasses.fields(record)
        if not reading.is_special(type(record), f.name)
    }


def organization_row(org: Organization, row: OrganizationRow | None = None) -> OrganizationRow:
    row = row or OrganizationRow(id=1, name=org.name, fiscal_year_start_month=1, fringe_rate="0", indirect_rate="0")
    for name, value in scalar_values(org).items():
        setattr(row, name, value)
    return row


def row_values(kind: str, record: Any, position_keys: set[str] | frozenset[str] = frozenset()) -> dict[str, Any]:
    """The main-table column values of ``record`` (children are written by :func:`write_children`)."""
    values = scalar_values(record)
    if isinstance(record, FundingStream):
        values["schedule_type"] = record.schedule.type
        values["lag_days"] = record.schedule.lag_days
        # Grant-shaped uncertainty is kept as the workspace JSON writes it (one text column each).
        values["outcomes"] = json.dumps([json_format.write_record(o) for o in record.outcomes])
        values["depend_on"] = (
            None if record.depend_on is None else json.dumps(json_format.write_record(record.depend_on))
        )
    elif isinstance(record, Allocation):
        # Point the foreign key at the position or the expense the allocation charges.
        is_position = record.cost in position_keys
        values["position"] = record.cost if is_position else None
        values["expense"] = None if is_position else record.cost
    elif isinstance(record, EffortCertification):
        values["shares"] = json.dumps([{"stream": s.stream, "percent": str(s.percent)} for s in record.shares])
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
    """Replace the child rows (tranches, overrides, sections, milestones) of ``row`` when they changed.

    Unchanged children are left alone, so a change to a stream's or application's own fields
    writes only that row (on a team server, finance may record an award, which updates those
    fields, without the right to edit tranches or narrative sections).
    """
    if kind == "stream":
        tranches = [{"seq": seq, "date": t.date, "amount": t.amount} for seq, t in enumerate(record.schedule.tranches)]
        _replace(session, TrancheRow, TrancheRow.stream_id, row.id, tranches)
    elif kind == "scenario":
        overrides = [
            {"seq": seq, "payload": json.dumps(json_format.write_override(o), ensure_ascii=False, sort_keys=True)}
            for seq, o in enumerate(record.overrides)
        ]
        _replace(session, OverrideRow, OverrideRow.scenario_id, row.id, overrides)
    elif kind == "application":
        sections = [{"seq": seq, **scalar_values(section)} for seq, section in enumerate(record.sections)]
        milestones = [{"seq": seq, **scalar_values(milestone)} for seq, milestone in enumerate(record.milestones)]
        _replace(session, SectionRow, SectionRow.application_id, row.id, sections)
        _replace(session, MilestoneRow, MilestoneRow.application_id, row.id, milestones)
    elif kind == "award":
        _write_award_children(session, row.id, record)


def _write_award_children(session: Session, award_id: int, award: Any) -> None:
    """An award's match streams, budget versions (and their cells), income, obligations and draws."""
    cells = [(version.number, cell) for version in award.versions for cell in version.amounts]
    payments = [(draw.number, payment) for draw in award.draws for payment in draw.payments]
    children: dict[type[SQLModel], list[dict[str, Any]]] = {
        AwardMatchStreamRow: [{"seq": seq, "stream": key} for seq, key in enumerate(award.match_streams)],
        BudgetVersionRow: [{"seq": seq, **scalar_values(v)} for seq, v in enumerate(award.versions)],
        BudgetAmountRow: [
            {"seq": seq, "version": number, **scalar_values(cell)} for seq, (number, cell) in enumerate(cells)
        ],
        ProgramIncomeRow: [{"seq": seq, **scalar_values(i)} for seq, i in enumerate(award.income)],
        ObligationRow: [{"seq": seq, **scalar_values(o)} for seq, o in enumerate(award.obligations)],
        DrawdownRow: [{"seq": seq, **scalar_values(d)} for seq, d in enumerate(award.draws)],
        PaymentRow: [{"seq": seq, "drawdown": number, **scalar_values(p)} for seq, (number, p) in enumerate(payments)],
    }
    for table, wanted in children.items():
        _replace(session, table, table.award_id, award_id, wanted)  # type: ignore[attr-defined]


def _replace(
    session: Session, table: type[SQLModel], parent_column: Any, parent_id: int, wanted: list[dict[str, Any]]
) -> None:
    parent = parent_column.key
    stored = session.exec(select(table).where(parent_column == parent_id).order_by(table.seq)).all()  # type: ignore[attr-defined]
    if [
        {name: getattr(child, name) for name in values} for child, values in zip(stored, wanted, strict=False)
    ] == wanted and len(stored) == len(wanted):
        return
    for child in stored:
        session.delete(child)
    session.flush()
    for values in wanted:
        session.add(table(**{parent: parent_id, **values}))


def lock_values(lock: PeriodLock) -> dict[str, Any]:
    """A period lock's column values."""
    return {"month": lock.month, "locked_by": lock.locked_by, "locked_at": lock.locked_at}


def audit_values(entry: AuditEntry) -> dict[str, Any]:
    """An audit entry's column values (a new id: ids belong to one database)."""
    return {
        "at": entry.when,
        "who": entry.who,
        "action": entry.action,
        "kind": entry.kind,
        "key": entry.key,
        "old_value": entry.old,
        "new_value": entry.new,
        "change": entry.change,
    }
