"""Change a workspace: every call validates, writes and audits in one transaction.

A failed call (a broken rule, a stale version, a database error) leaves the
database exactly as it was. Callers get :class:`ValidationError`,
:class:`ConflictError`, :class:`NotFoundError` or :class:`WorkspaceError`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, insert, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, SQLModel, select

from fundtracker.domain.errors import ConflictError, NotFoundError, Problem, ValidationError, WorkspaceError
from fundtracker.domain.months import MonthIndex, format_month, parse_month
from fundtracker.domain.records import (
    KINDS,
    AuditEntry,
    Organization,
    Workspace,
    kind_of,
    with_records,
)
from fundtracker.domain.validation import validate_organization, validate_workspace
from fundtracker.services import audit
from fundtracker.services.locks import describe_months, lock_violation
from fundtracker.store import convert
from fundtracker.store.database import Database, describe, first_line, transaction
from fundtracker.store.tables import TABLES, AllocationRow, AuditRow, OrganizationRow, PeriodLockRow


class WorkspaceService:
    """The one way to read and change an open workspace.

    Args:
        database: the open database.
        who: the name recorded in the audit log (OS user, or the database user on a server).
    """

    def __init__(self, database: Database, who: str | None = None) -> None:
        self.database = database
        self.who = who or self._default_who()
        self._cache: Workspace | None = None

    # -- opening ---------------------------------------------------------------

    @classmethod
    def open(cls, location: str | Path, *, create: bool = False, engine: Engine | None = None) -> WorkspaceService:
        return cls(Database.open(location, create=create, engine=engine))

    def __enter__(self) -> WorkspaceService:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self.database.close()

    def _default_who(self) -> str:
        user = self.database.engine.url.username
        return user if user else audit.os_user()

    @property
    def read_only(self) -> bool:
        return self.database.read_only

    @property
    def location(self) -> str:
        """Where the workspace lives, for people."""
        return describe(self.database.url)

    # -- reading ---------------------------------------------------------------

    def load(self) -> Workspace:
        """The whole workspace (cached until this service changes it or :meth:`refresh`)."""
        if self._cache is None:
            self._cache = self.database.load_workspace()
        return self._cache

    def refresh(self) -> Workspace:
        self._cache = None
        return self.load()

    def get(self, kind: str, key: str) -> Any:
        record = self.load().find(kind, key)
        if record is None:
            raise NotFoundError(f"no {kind.replace('_', ' ')} with key {key!r}")
        return record

    def version(self, kind: str, key: str) -> int:
        """The stored version of a record (for edits that must not overwrite others' changes)."""
        with self._session() as session:
            if kind == "organization" and session.get(OrganizationRow, 1) is None:
                return 0  # a new workspace's organization was never saved
            row = self._find_row(session, kind, key)
            version: int = getattr(row, "version", 1)
            return version

    def audit_log(self, *, limit: int = 1000, kind: str | None = None, key: str | None = None) -> list[AuditEntry]:
        with self._session() as session:
            return audit.entries(session, limit=limit, kind=kind, key=key)

    def audit_count(self) -> int:
        with self._session() as session:
            return len(session.exec(select(AuditRow.id)).all())

    # -- changing --------------------------------------------------------------

    def create(self, record: Any) -> Any:
        """Add a new record. Raises ValidationError (nothing written) on a broken rule."""
        kind = kind_of(record)
        current = self.load()
        if current.find(kind, record.key) is not None:
            raise ValidationError([Problem(kind, record.key, "key", "is already used; keys must be unique")])
        proposed = with_records(current, kind, (*current.records(kind), record))
        self._validate(proposed)
        self._check_locks(kind, None, record)
        with self._write() as session:
            row = convert.main_row(kind, record, {p.key for p in proposed.positions})
            session.add(row)
            session.flush()
            convert.write_children(session, kind, row, record)
            audit.record_change(session, self.who, "create", kind, record.key, None, record)
        self._cache = proposed
        return record

    def update(self, kind: str, key: str, record: Any, *, expected_version: int | None = None) -> Any:
        """Replace record ``key`` of ``kind`` with ``record`` (which may carry a new key).

        Args:
            expected_version: the version the edit was based on; a different stored
                version raises ConflictError and nothing is written.
        """
        if kind_of(record) != kind:
            raise TypeError(f"expected a {kind} record")
        current = self.load()
        old = self.get(kind, key)
        if record.key != key and current.find(kind, record.key) is not None:
            raise ValidationError([Problem(kind, record.key, "key", "is already used; keys must be unique")])
        proposed = with_records(current, kind, tuple(record if r.key == key else r for r in current.records(kind)))
        proposed = _rename_references(proposed, kind, key, record.key)
        self._validate(proposed)
        self._check_locks(kind, old, record)
        with self._write() as session:
            row = self._find_row(session, kind, key)
            stored_version = getattr(row, "version", 1)
            if expected_version is not None and stored_version != expected_version:
                raise self._conflict(session, kind, key)
            convert.update_row(row, kind, record, {p.key for p in proposed.positions})
            row.version = stored_version + 1
            session.add(row)
            session.flush()
            convert.write_children(session, kind, row, record)
            if kind in ("position", "expense") and record.key != key:
                for allocation in session.exec(select(AllocationRow).where(AllocationRow.cost == key)).all():
                    allocation.cost = record.key
                    session.add(allocation)
            audit.record_change(session, self.who, "update", kind, key, old, record)
        self._cache = proposed
        return record

    def delete(self, kind: str, key: str, *, expected_version: int | None = None) -> Any:
        """Delete a record. Refused (ValidationError) while other records refer to it."""
        current = self.load()
        old = self.get(kind, key)
        proposed = with_records(current, kind, tuple(r for r in current.records(kind) if r.key != key))
        if kind in ("position", "expense"):
            # A cost line's allocations go with it.
            proposed = with_records(proposed, "allocation", tuple(a for a in proposed.allocations if a.cost != key))
            for allocation in current.allocations:
                if allocation.cost == key:
                    self._check_locks("allocation", allocation, None)
        self._validate(proposed)
        self._check_locks(kind, old, None)
        with self._write() as session:
            row = self._find_row(session, kind, key)
            if expected_version is not None and getattr(row, "version", 1) != expected_version:
                raise self._conflict(session, kind, key)
            if kind in ("position", "expense"):
                for allocation in current.allocations:
                    if allocation.cost == key:
                        audit.record_change(session, self.who, "delete", "allocation", allocation.key, allocation, None)
            session.delete(row)
            audit.record_change(session, self.who, "delete", kind, key, old, None)
        self._cache = proposed
        return old

    def set_organization(self, organization: Organization, *, expected_version: int | None = None) -> Organization:
        """Replace the organization's settings.

        Args:
            expected_version: the version the edit was based on (:meth:`version` of ``"organization"``);
                a different stored version raises ConflictError and nothing is written.
        """
        problems = validate_organization(organization)
        if problems:
            raise ValidationError(problems)
        old = self.load().organization
        with self._write() as session:
            row = session.exec(select(OrganizationRow).where(OrganizationRow.id == 1).with_for_update()).first()
            if expected_version is not None and (row.version if row is not None else 0) != expected_version:
                raise self._conflict(session, "organization", "")
            row = convert.organization_row(organization, row)
            row.version = (row.version or 0) + 1
            session.add(row)
            audit.record_change(session, self.who, "update", "organization", "", old, organization)
        self._cache = dataclasses.replace(self.load(), organization=organization)
        return organization

    def replace_all(self, workspace: Workspace, *, action: str = "import") -> None:
        """Replace every record with ``workspace``'s, in one transaction (import, restore)."""
        problems = validate_workspace(workspace)
        if problems:
            raise ValidationError(problems)
        with self._write() as session:
            for table in _DELETE_ORDER:
                session.execute(text(f"DELETE FROM {table}"))
            session.add(convert.organization_row(workspace.organization))
            positions = {p.key for p in workspace.positions}
            for kind in _INSERT_ORDER:
                records = workspace.records(kind)
                if kind in _KINDS_WITH_CHILDREN:
                    for record in records:
                        row = convert.main_row(kind, record, positions)
                        session.add(row)
                        session.flush()  # the children need the row's id
                        convert.write_children(session, kind, row, record)
                elif records:
                    values = [convert.row_values(kind, record, positions) for record in records]
                    session.execute(insert(TABLES[kind]), values)
            counts = ", ".join(f"{len(workspace.records(k))} {k}" for k in _INSERT_ORDER if workspace.records(k))
            audit.record_change(session, self.who, action, "workspace", "", None, counts or "empty")
        self._cache = workspace

    # -- period locks ------------------------------------------------------------

    def locked_months(self) -> frozenset[MonthIndex]:
        with self._session() as session:
            return frozenset(parse_month(row.month) for row in session.exec(select(PeriodLockRow)).all())

    def lock_months(self, months: range) -> None:
        """Close ``months`` (finance): their actuals and allocations cannot change until unlocked."""
        with self._write() as session:
            existing = {row.month for row in session.exec(select(PeriodLockRow)).all()}
            added = [m for m in months if format_month(m) not in existing]
            for month in added:
                session.add(PeriodLockRow(month=format_month(month), locked_by=self.who, locked_at=_now()))
            audit.record_change(session, self.who, "lock", "period", describe_months(months), None, "locked")

    def unlock_months(self, months: range) -> None:
        with self._write() as session:
            wanted = {format_month(m) for m in months}
            for row in session.exec(select(PeriodLockRow)).all():
                if row.month in wanted:
                    session.delete(row)
            audit.record_change(session, self.who, "unlock", "period", describe_months(months), "locked", None)

    def _check_locks(self, kind: str, old: Any, new: Any) -> None:
        if kind not in ("allocation", "actual"):
            return
        problem = lock_violation(kind, old, new, self.locked_months())
        if problem:
            raise ConflictError(problem)

    # -- watching for others' changes ---------------------------------------------

    def change_token(self) -> int:
        """A number that grows with every change anyone saves (the newest audit entry's id)."""
        from sqlalchemy import func

        with self._session() as session:
            return int(session.exec(select(func.max(AuditRow.id))).one() or 0)

    # -- internals -------------------------------------------------------------

    def _validate(self, proposed: Workspace) -> None:
        problems = validate_workspace(proposed)
        if problems:
            raise ValidationError(problems)

    @contextmanager
    def _session(self) -> Iterator[Session]:
        try:
            with self.database.session() as session:
                yield session
        except OperationalError as exc:
            raise WorkspaceError(f"{self.location}: database error: {first_line(exc)}") from exc

    def backup(self, reason: str) -> Path | None:
        """Back up a workspace file before a bulk change (None on a database server, backed up by its own tools)."""
        from fundtracker.store.backups import make_backup

        path = self.database.path
        if path is None or self.database.read_only:
            return None
        return make_backup(path, reason)

    def write_transaction(self) -> AbstractContextManager[Session]:
        """A transaction for bulk writes done outside this class (they audit themselves, then :meth:`refresh`)."""
        return self._write()

    @contextmanager
    def _write(self) -> Iterator[Session]:
        """One transaction; any failure rolls back and drops the cache."""
        if self.database.read_only:
            raise WorkspaceError(f"{self.location}: opened read-only; nothing can be changed")
        try:
            with transaction(self.database) as session:
                yield session
        except IntegrityError as exc:
            self._cache = None
            raise ValidationError(
                [Problem("workspace", "", "", f"the database refused the change: {first_line(exc)}")]
            ) from exc
        except OperationalError as exc:
            self._cache = None
            raise WorkspaceError(f"{self.location}: could not save: {first_line(exc)}") from exc
        except BaseException:
            self._cache = None
            raise

    def _find_row(self, session: Session, kind: str, key: str) -> SQLModel:
        table: Any = OrganizationRow if kind == "organization" else TABLES[kind]
        if kind == "organization":
            query = select(table).where(table.id == 1)
        elif kind == "allocation":
            allocation = self.get("allocation", key)
            query = select(table).where(table.cost == allocation.cost, table.stream == allocation.stream)
            query = (
                query.where(table.start == allocation.start) if allocation.start else query.where(table.start.is_(None))
            )
        else:
            query = select(table).where(table.key == key)
        row: SQLModel | None = session.exec(query.with_for_update()).first()
        if row is None:
            raise NotFoundError(f"no {kind.replace('_', ' ')} with key {key!r}")
        return row

    def _conflict(self, session: Session, kind: str, key: str) -> ConflictError:
        last = audit.entries(session, limit=1, kind=kind, key=key)
        if last:
            entry = last[0]
            return ConflictError(
                f"{kind.replace('_', ' ')} {key!r} was changed by {entry.who} at "
                f"{entry.when:%Y-%m-%d %H:%M} UTC since you opened it; reload to see their change"
            )
        return ConflictError(f"{kind.replace('_', ' ')} {key!r} was changed since you opened it; reload it")


# Referenced records first (KINDS lists streams and cost lines before what points at them).
_INSERT_ORDER = tuple(KINDS)
_KINDS_WITH_CHILDREN = frozenset({"stream", "scenario", "application"})
_DELETE_ORDER = (
    "actual",
    "deadline",
    "text_block",
    "milestone",
    "application_section",
    "application",
    "scenario_override",
    "scenario",
    "allocation",
    "expense",
    "position",
    "tranche",
    "funding_stream",
    "organization",
)


def _rename_references(workspace: Workspace, kind: str, old: str, new: str) -> Workspace:
    """After renaming a key, point the in-memory references at the new key (the database cascades)."""
    if old == new:
        return workspace
    if kind == "stream":
        workspace = with_records(
            workspace,
            "allocation",
            tuple(dataclasses.replace(a, stream=new) if a.stream == old else a for a in workspace.allocations),
        )
        for other, attr in (("application", "stream"), ("deadline", "stream"), ("actual", "stream")):
            workspace = with_records(
                workspace,
                other,
                tuple(
                    dataclasses.replace(r, **{attr: new}) if getattr(r, attr) == old else r
                    for r in workspace.records(other)
                ),
            )
    elif kind in ("position", "expense"):
        workspace = with_records(
            workspace,
            "allocation",
            tuple(dataclasses.replace(a, cost=new) if a.cost == old else a for a in workspace.allocations),
        )
    elif kind == "application":
        workspace = with_records(
            workspace,
            "deadline",
            tuple(dataclasses.replace(d, application=new) if d.application == old else d for d in workspace.deadlines),
        )
    return workspace


def _now() -> datetime:
    return datetime.now(UTC)
