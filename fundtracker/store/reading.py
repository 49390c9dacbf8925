"""Read a whole workspace with plain SQL: the one read path of every backend.

Reads need neither the ORM nor SQLModel's models (a third of a second of imports before
the first figure): each table is read with one ``SELECT`` in id order and each column is
turned into the record field's type from the record's own annotations. The same reader runs
on a SQLAlchemy connection (:func:`load_workspace`) and on the standard library's sqlite3
(:func:`read_sqlite_file`, the app's first look at a file before SQLAlchemy has loaded).
"""

from __future__ import annotations

import dataclasses
import json
import os
import sqlite3
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fundtracker.domain.awards import (
    Award,
    BudgetAmount,
    BudgetVersion,
    Drawdown,
    Obligation,
    Payment,
    ProgramIncome,
)
from fundtracker.domain.errors import FundtrackerError
from fundtracker.domain.records import (
    AccountCategory,
    Actual,
    Allocation,
    Application,
    AuditEntry,
    Deadline,
    Dependence,
    EffortCertification,
    EffortShare,
    Expense,
    FundingStream,
    Milestone,
    Organization,
    Outcome,
    PeriodLock,
    Position,
    ReportSubmission,
    Scenario,
    Schedule,
    Section,
    TextBlock,
    Tranche,
    Workspace,
    WorkspaceHistory,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection

# Record fields kept in child tables or spread over several columns.
SPECIAL_FIELDS = frozenset(
    {
        "schedule",
        "overrides",
        "sections",
        "milestones",
        "budget_justification",
        "outcomes",
        "depend_on",
        "shares",  # an effort certification's percents (JSON text)
    }
)
# Fields of an award's records kept in child tables (domain.awards), by record class: only theirs
# (an application's ``match_streams`` is a JSON column of its own table).
AWARD_CHILD_FIELDS: dict[type[Any], frozenset[str]] = {
    Award: frozenset({"match_streams", "versions", "income", "obligations", "draws"}),
    BudgetVersion: frozenset({"amounts"}),
    Drawdown: frozenset({"payments"}),
}


def is_special(cls: type[Any], name: str) -> bool:
    """Whether field ``name`` of ``cls`` is kept elsewhere than a column of the same name."""
    return name in SPECIAL_FIELDS or name in AWARD_CHILD_FIELDS.get(cls, ())


# List fields kept in one text column as the workspace JSON writes them.
JSON_COLUMNS = frozenset({"match_streams", "fringe_components"})

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
    Award: "award",
    BudgetVersion: "award_budget_version",
    BudgetAmount: "award_budget_amount",
    ProgramIncome: "award_program_income",
    Obligation: "award_obligation",
    Drawdown: "award_drawdown",
    Payment: "award_payment",
    AccountCategory: "account_category",
    EffortCertification: "effort_certification",
    ReportSubmission: "report_submission",
}
MATCH_STREAM_TABLE = "award_match_stream"
OVERRIDE_TABLE = "scenario_override"
SQLITE_HEADER = b"SQLite format 3\x00"

# Rows are mappings of column name to value (sqlite3.Row, SQLAlchemy RowMapping).
Query = Callable[[str], Iterable[Any]]


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
            (f.name, _json_column(cls, f.name, hints[f.name]) if f.name in JSON_COLUMNS else _converter(hints[f.name]))
            for f in dataclasses.fields(cls)
            if not is_special(cls, f.name)
        )
    return _CONVERTERS[cls]


def _json_column(cls: type[Any], name: str, hint: Any) -> Any:
    """A function from a JSON text column to the field's tuple (read as the workspace JSON reads it)."""
    from fundtracker.store import json_format

    def convert(value: Any) -> Any:
        return json_format.read_field(name, hint, json.loads(value or "[]"), f"{TABLE_NAMES[cls]}.{name}")

    return convert


def record_values(cls: type[Any], row: Any) -> dict[str, Any]:
    """The plain fields of a ``cls`` record from a result row (a mapping of column → value)."""
    values: dict[str, Any] = {}
    for name, convert in _converters(cls):
        value = row[name]
        values[name] = convert(value) if convert is not None and value is not None else value
    return values


def _grouped(query: Query, table: str, parent: str) -> dict[int, list[Mapping[str, Any]]]:
    grouped: dict[int, list[Mapping[str, Any]]] = {}
    for row in query(f"SELECT * FROM {table} ORDER BY {parent}, seq"):
        grouped.setdefault(row[parent], []).append(row)
    return grouped


def _uncertainty(row: Mapping[str, Any]) -> dict[str, Any]:
    """A stream row's outcomes and dependence (JSON text, as the workspace JSON writes them)."""
    from fundtracker.store import json_format

    where = f"funding stream {row['key']}"
    outcomes = tuple(
        json_format.read_record(Outcome, item, f"{where}.outcomes[{i}]")
        for i, item in enumerate(json.loads(row["outcomes"] or "[]"))
    )
    depend_on = None
    if row["depend_on"]:
        depend_on = json_format.read_record(Dependence, json.loads(row["depend_on"]), f"{where}.depend_on")
    return {"outcomes": outcomes, "depend_on": depend_on}


def load_workspace(connection: Connection) -> Workspace:
    """Every record of the workspace on a SQLAlchemy connection, in insertion order."""
    from sqlalchemy import text

    return read_rows(lambda sql: connection.execute(text(sql)).mappings().all())


def connect_read_only(path: Path, **options: Any) -> sqlite3.Connection:
    """Open a SQLite file so that nothing at all is written: not the file, nor a -wal or -shm beside it.

    With a -wal or -shm file beside it (the database is open elsewhere, or was not closed cleanly)
    ``mode=ro`` reads the committed changes through them and takes part in the locking, so a writer's
    checkpoint cannot change pages under it. Without either, no connection is open (SQLite removes
    both when the last one closes) and there is only the file: ``immutable=1`` reads it without any
    locking files, where plain ``mode=ro`` would create a -wal and a -shm for a WAL database (and
    leave them behind, or fail in a read-only folder).
    """
    open_elsewhere = Path(f"{path}-wal").exists() or Path(f"{path}-shm").exists()
    flag = "mode=ro" if open_elsewhere else "immutable=1"
    connection: sqlite3.Connection = sqlite3.connect(f"{Path(path).resolve().as_uri()}?{flag}", uri=True, **options)
    return connection


def unreadable_wal(path: Path) -> str | None:
    """Why a read-only open of ``path`` fails when its -wal cannot be read (else None).

    Changes left in a -wal file (the workspace was not closed) are read through its -shm file;
    when that is missing and the folder is read-only, SQLite can neither make it nor skip the -wal.
    """
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    if wal.exists() and wal.stat().st_size > 0 and not shm.exists() and not os.access(path.parent, os.W_OK):
        return (
            f"{path}: holds changes in {wal.name} that can only be read with {shm.name}, which is missing and "
            "cannot be made in this read-only folder; copy the workspace with its -wal file to a writable folder"
        )
    return None


def read_sqlite_file(path: Path, head_revision: str) -> Workspace | None:
    """The workspace in a SQLite file at ``head_revision``, read with sqlite3 read-only.

    None for anything else (missing, empty, not SQLite, not a workspace, another revision,
    unreadable): the caller then takes the full path, which explains what is wrong.
    """
    try:
        with path.open("rb") as handle:
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return None
        connection = connect_read_only(path)
    except (OSError, sqlite3.Error):
        return None
    try:
        connection.row_factory = sqlite3.Row
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        if revision is None or revision[0] != head_revision:
            return None
        return read_rows(connection.execute)
    except (sqlite3.Error, FundtrackerError, KeyError, ValueError, TypeError):
        return None
    finally:
        connection.close()


def read_rows(query: Query) -> Workspace:
    """Every record of the workspace from ``query`` (SQL → rows as mappings), in insertion order."""
    from fundtracker.store import json_format

    def rows(table: str) -> list[Mapping[str, Any]]:
        return list(query(f"SELECT * FROM {table} ORDER BY id"))

    org_rows = rows(TABLE_NAMES[Organization])
    organization = Organization(**record_values(Organization, org_rows[0])) if org_rows else Organization()
    tranches = _grouped(query, TABLE_NAMES[Tranche], "stream_id")
    streams = tuple(
        FundingStream(
            **record_values(FundingStream, row),
            schedule=Schedule(
                type=row["schedule_type"],
                lag_days=row["lag_days"],
                tranches=tuple(Tranche(**record_values(Tranche, t)) for t in tranches.get(row["id"], [])),
            ),
            **_uncertainty(row),
        )
        for row in rows(TABLE_NAMES[FundingStream])
    )
    overrides = _grouped(query, OVERRIDE_TABLE, "scenario_id")
    scenarios = tuple(
        Scenario(
            **record_values(Scenario, row),
            overrides=tuple(
                json_format.read_override(json.loads(o["payload"]), f"scenario {row['key']}.overrides[{o['seq']}]")
                for o in overrides.get(row["id"], [])
            ),
        )
        for row in rows(TABLE_NAMES[Scenario])
    )
    sections = _grouped(query, TABLE_NAMES[Section], "application_id")
    milestones = _grouped(query, TABLE_NAMES[Milestone], "application_id")
    applications = tuple(
        Application(
            **record_values(Application, row),
            sections=tuple(Section(**record_values(Section, s)) for s in sections.get(row["id"], [])),
            milestones=tuple(Milestone(**record_values(Milestone, m)) for m in milestones.get(row["id"], [])),
            budget_justification=tuple(json.loads(row["budget_justification"]).items()),
        )
        for row in rows(TABLE_NAMES[Application])
    )

    def plain(cls: type[Any]) -> tuple[Any, ...]:
        return tuple(cls(**record_values(cls, row)) for row in rows(TABLE_NAMES[cls]))

    awards = _awards(query, rows(TABLE_NAMES[Award]))

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
        awards=awards,
        account_categories=plain(AccountCategory),
        efforts=tuple(
            EffortCertification(
                **record_values(EffortCertification, row),
                shares=tuple(
                    EffortShare(share["stream"], Decimal(share["percent"])) for share in json.loads(row["shares"])
                ),
            )
            for row in rows(TABLE_NAMES[EffortCertification])
        ),
        report_submissions=plain(ReportSubmission),
    )


def _awards(query: Query, award_rows: list[Mapping[str, Any]]) -> tuple[Award, ...]:
    """The awards with their children (each child table read once, grouped by award)."""
    if not award_rows:
        return ()
    match = _grouped(query, MATCH_STREAM_TABLE, "award_id")
    versions = _grouped(query, TABLE_NAMES[BudgetVersion], "award_id")
    amounts = _grouped(query, TABLE_NAMES[BudgetAmount], "award_id")
    income = _grouped(query, TABLE_NAMES[ProgramIncome], "award_id")
    obligations = _grouped(query, TABLE_NAMES[Obligation], "award_id")
    draws = _grouped(query, TABLE_NAMES[Drawdown], "award_id")
    payments = _grouped(query, TABLE_NAMES[Payment], "award_id")
    awards = []
    for row in award_rows:
        award_id = row["id"]
        cells: dict[int, list[BudgetAmount]] = {}
        for cell in amounts.get(award_id, []):
            cells.setdefault(cell["version"], []).append(BudgetAmount(**record_values(BudgetAmount, cell)))
        paid: dict[int, list[Payment]] = {}
        for payment in payments.get(award_id, []):
            paid.setdefault(payment["drawdown"], []).append(Payment(**record_values(Payment, payment)))
        awards.append(
            Award(
                **record_values(Award, row),
                match_streams=tuple(m["stream"] for m in match.get(award_id, [])),
                versions=tuple(
                    BudgetVersion(**record_values(BudgetVersion, v), amounts=tuple(cells.get(v["number"], ())))
                    for v in versions.get(award_id, [])
                ),
                income=tuple(ProgramIncome(**record_values(ProgramIncome, i)) for i in income.get(award_id, [])),
                obligations=tuple(Obligation(**record_values(Obligation, o)) for o in obligations.get(award_id, [])),
                draws=tuple(
                    Drawdown(**record_values(Drawdown, d), payments=tuple(paid.get(d["number"], ())))
                    for d in draws.get(award_id, [])
                ),
            )
        )
    return tuple(awards)


def load_history(connection: Connection) -> WorkspaceHistory:
    """The period locks (by month) and the whole audit trail (oldest first) on a connection."""
    from sqlalchemy import text

    def query(sql: str) -> Iterable[Any]:
        return connection.execute(text(sql)).mappings().all()

    locks = tuple(
        PeriodLock(row["month"], row["locked_by"], utc(row["locked_at"]))
        for row in query("SELECT month, locked_by, locked_at FROM period_lock ORDER BY month")
    )
    audit = tuple(
        AuditEntry(
            id=row["id"],
            when=utc(row["at"]),
            who=row["who"],
            action=row["action"],
            kind=row["kind"],
            key=row["key"],
            old=row["old_value"],
            new=row["new_value"],
            change=row["change"],
        )
        for row in query("SELECT * FROM audit_log ORDER BY id")
    )
    return WorkspaceHistory(locks, audit)


def utc(value: datetime | str) -> datetime:
    """A stored time as an aware UTC datetime.

    SQLite keeps times as text without a zone (written in UTC); PostgreSQL returns them aware
    in the session's zone. Both become the same value, so a copy between them is exact.
    """
    moment = datetime.fromisoformat(value) if isinstance(value, str) else value
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
