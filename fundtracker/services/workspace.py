"""Change a workspace: every call validates, writes and audits in one transaction.

A failed call (a broken rule, a stale version, a database error) leaves the
database exactly as it was. Callers get :class:`ValidationError`,
:class:`ConflictError`, :class:`NotFoundError` or :class:`WorkspaceError`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, delete, func, insert, text
from sqlalchemy.exc import DataError, IntegrityError, OperationalError, ProgrammingError
from sqlmodel import Session, SQLModel, col, select

from fundtracker.domain.errors import ConflictError, NotFoundError, Problem, ValidationError, WorkspaceError
from fundtracker.domain.money import format_money
from fundtracker.domain.months import MonthIndex, format_month, month_index, parse_month
from fundtracker.domain.records import (
    KINDS,
    Actual,
    AuditEntry,
    Organization,
    Workspace,
    WorkspaceHistory,
    kind_of,
)
from fundtracker.domain.validation import validate_organization, validate_workspace
from fundtracker.services import audit, changes
from fundtracker.services.changes import (
    CREATE,
    DELETE,
    IMPORT_BATCH,
    ORGANIZATION,
    REMOVE_BATCH,
    UPDATE,
    ActualBatch,
    Step,
)
from fundtracker.services.locks import describe_months, lock_violation
from fundtracker.services.roles import Access, AccessError, read_access, refused_by_server, step_options
from fundtracker.store import convert, reading, roles
from fundtracker.store.database import Database, describe, first_line, transaction
from fundtracker.store.tables import TABLES, ActualRow, AllocationRow, AuditRow, OrganizationRow, PeriodLockRow


class WorkspaceService:
    """The one way to read and change an open workspace.

    Args:
        database: the open database.
        who: the name recorded in the audit log (OS user, or the database user on a server).
    """

    def __init__(self, database: Database, who: str | None = None) -> None:
        self.database = database
        self.who = who or self._default_who()
        self._access: Access | None = None
        self._cache: Workspace | None = None
        self._cache_token: int | None = None  # the change token the cache is current to
        self.last_change_entries = 0  # audit entries the last change through this service wrote

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
        if user:
            return user
        if not self.database.is_sqlite:
            # The server's name for us (PGUSER, a service file): the audit trail's row security checks it.
            with self._session() as session:
                return str(session.execute(text("SELECT current_user")).scalar_one())
        return audit.os_user()

    @property
    def access(self) -> Access:
        """What the connected user may change (read once; :meth:`reread_access` after a grant)."""
        if self._access is None:
            self._access = read_access(self.database, self.who)
        return self._access

    def reread_access(self) -> Access:
        self._access = None
        return self.access

    def _require(self, *capabilities: str) -> None:
        for capability in capabilities:
            if not self.access.may(capability):
                raise AccessError(f"{self.location}: {self.access.why_not(capability)}")

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
            # The token first: a change saved between the two reads then makes the cache look older
            # than it is (read again at the next write), never newer.
            token = self.change_token()
            self._cache = self.database.load_workspace()
            self._cache_token = token
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

    def apply(self, steps: Sequence[Step]) -> Workspace:
        """Make a change of several steps, all or nothing (see :mod:`fundtracker.services.changes`).

        In one transaction (on SQLite holding the write lock from its first read): every step's
        expected version is checked against the stored record, every step is applied to the
        workspace as stored, the final state is validated once (so no order of the steps has to
        dodge a rule an intermediate state would break), the period locks are checked, and every
        row and audit entry is written; the audit entries share one ``change`` id.

        Returns:
            The workspace after the change.

        Raises:
            ConflictError: a record was changed since the version a step names, or a step touches
                a locked month; nothing was written.
            ValidationError, NotFoundError, WorkspaceError: nothing was written.
        """
        steps = tuple(steps)
        if not steps:
            return self.load()
        try:
            self.access.check(step_options(steps))
        except AccessError as exc:
            raise AccessError(f"{self.location}: {exc}") from None
        batches = [step.action for step in steps if step.action in (IMPORT_BATCH, REMOVE_BATCH)]
        if batches:  # a bulk change: keep a copy of the file from before it
            self.backup("before-import" if IMPORT_BATCH in batches else "before-undo")
        with self._write() as session:
            for step in steps:
                if step.version is not None:
                    self._check_version(session, step)
            states = [self._current(session)]
            for step in steps:
                states.append(changes.apply_step(states[-1], step))
            final = states[-1]
            self._validate(final)
            locked = self._locked(session)
            for step, before in zip(steps, states, strict=False):
                self._check_step_locks(step, before, locked)
            group = audit.ChangeGroup(session, self.who)
            for step, before, after in zip(steps, states, states[1:], strict=False):
                self._write_step(session, step, before, after, group)
            session.flush()
            token = _max_audit_id(session)
        self._cache, self._cache_token = final, token
        self.last_change_entries = group.count
        return final

    @contextmanager
    def streamed_import(self, batch: str, source: str) -> Iterator[BatchWriter]:
        """Import a batch of actual spending row by row, in one transaction (all or nothing).

        For files too large to hold as records: the rows are written in groups of
        :data:`BatchWriter.GROUP` as they are read, inside one transaction; the audit entry
        (action ``import``, key = the batch id) is written at the end. An exception raised in the
        ``with`` block rolls everything back. The caller checks each row (the text rule, streams,
        locked months, duplicates) against ``writer.workspace`` and ``writer.locked``, read in
        the same transaction (on SQLite under the write lock).
        """
        self._require(roles.ACTUALS)
        self.backup("before-import")
        with self._write() as session:
            current = self._current(session)
            if any(a.batch == batch for a in current.actuals):
                raise ValidationError([Problem("actual", batch, "key", "is already in the workspace")])
            writer = BatchWriter(session, current, self._locked(session), batch)
            yield writer
            writer.flush()
            if writer.count:
                summary = {
                    "source": source,
                    "rows": writer.count,
                    "total": format_money(writer.total),
                    "unassigned": writer.unassigned,
                }
                group = audit.ChangeGroup(session, self.who)
                group.record("import", "actual", batch, None, json.dumps(summary, ensure_ascii=False))
        self._cache = None  # the next load reads the new rows
        self.last_change_entries = 1 if writer.count else 0

    def create(self, record: Any) -> Any:
        """Add a new record. Raises ValidationError (nothing written) on a broken rule."""
        self.apply([changes.create(record)])
        return record

    def update(self, kind: str, key: str, record: Any, *, expected_version: int | None = None) -> Any:
        """Replace record ``key`` of ``kind`` with ``record`` (which may carry a new key).

        Args:
            expected_version: the version the edit was based on; a different stored
                version raises ConflictError and nothing is written.
        """
        if kind_of(record) != kind:
            raise TypeError(f"expected a {kind} record")
        self.apply([Step(UPDATE, kind, key, self.get(kind, key), record, expected_version)])
        return record

    def delete(self, kind: str, key: str, *, expected_version: int | None = None) -> Any:
        """Delete a record (a cost line's allocations go with it). Refused while other records refer to it."""
        old = self.get(kind, key)
        self.apply([Step(DELETE, kind, key, old, None, expected_version)])
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
        self.apply([changes.organization(self.load().organization, organization, version=expected_version)])
        return organization

    def replace_all(
        self, workspace: Workspace, *, action: str = "import", history: WorkspaceHistory | None = None
    ) -> None:
        """Replace every record with ``workspace``'s, in one transaction (import, restore, copy).

        Args:
            action: the audit entry's action ("import", "sample", "copy" …).
            history: the period locks and audit trail that go with ``workspace`` (a version 2
                file, another database). They replace the stored locks; the audit entries are
                written as they were (same times, people and change ids). Into a workspace with
                no audit trail of its own that is the whole trail, with no entry added, so the
                copy is exact; a trail already there is kept (it is append-only), the copied
                entries follow it and one ``action`` entry records the replacement. Without
                ``history`` (a version 1 file) the stored locks stay and one entry is added.
        """
        problems = validate_workspace(workspace)
        if problems:
            raise ValidationError(problems)
        self._require(roles.REPLACE)
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
            had_trail = _max_audit_id(session) > 0
            if history is not None:
                session.execute(delete(PeriodLockRow))
                if history.period_locks:
                    session.execute(insert(PeriodLockRow), [convert.lock_values(lock) for lock in history.period_locks])
                if history.audit:
                    session.execute(insert(AuditRow), [convert.audit_values(entry) for entry in history.audit])
            written = 0
            if history is None or had_trail:
                counts = ", ".join(f"{len(workspace.records(k))} {k}" for k in _INSERT_ORDER if workspace.records(k))
                audit.record_change(session, self.who, action, "workspace", "", None, counts or "empty")
                written = 1
        self._cache = workspace
        self.last_change_entries = written

    def history(self) -> WorkspaceHistory:
        """The period locks and the whole audit trail (oldest first)."""
        try:
            with self.database.engine.connect() as connection:
                return reading.load_history(connection)
        except OperationalError as exc:
            raise WorkspaceError(f"{self.location}: database error: {first_line(exc)}") from exc

    # -- period locks ------------------------------------------------------------

    def locked_months(self) -> frozenset[MonthIndex]:
        with self._session() as session:
            return self._locked(session)

    def lock_months(self, months: range) -> None:
        """Close ``months`` (finance): their actuals and allocations cannot change until unlocked."""
        self._require(roles.LOCKS)
        with self._write() as session:
            existing = {row.month for row in session.exec(select(PeriodLockRow)).all()}
            added = [m for m in months if format_month(m) not in existing]
            for month in added:
                session.add(PeriodLockRow(month=format_month(month), locked_by=self.who, locked_at=_now()))
            audit.record_change(session, self.who, "lock", "period", describe_months(months), None, "locked")
        self.last_change_entries = 1

    def unlock_months(self, months: range) -> None:
        self._require(roles.LOCKS)
        with self._write() as session:
            wanted = {format_month(m) for m in months}
            for row in session.exec(select(PeriodLockRow)).all():
                if row.month in wanted:
                    session.delete(row)
            audit.record_change(session, self.who, "unlock", "period", describe_months(months), "locked", None)
        self.last_change_entries = 1

    @staticmethod
    def _locked(session: Session) -> frozenset[MonthIndex]:
        return frozenset(parse_month(row.month) for row in session.exec(select(PeriodLockRow)).all())

    @staticmethod
    def _check_step_locks(step: Step, before: Workspace, locked: frozenset[MonthIndex]) -> None:
        """Refuse (ConflictError) a step that would change what a locked month holds."""
        if not locked:
            return
        if step.action in (IMPORT_BATCH, REMOVE_BATCH):
            batch: ActualBatch = step.after if step.action == IMPORT_BATCH else step.before
            months = sorted({month_index(a.posted_on) for a in batch.actuals} & locked)
            if months:
                doing = "import into it" if step.action == IMPORT_BATCH else "undo it"
                raise ConflictError(
                    f"batch {step.key!r} has rows in the locked period {format_month(months[0])}; "
                    f"unlock the period to {doing}"
                )
            return
        changed: list[tuple[str, Any, Any]] = [
            ("allocation", allocation, None) for allocation in changes.cascaded_allocations(before, step)
        ]
        if step.kind in ("allocation", "actual"):
            old = before.find(step.kind, step.key) if step.action != CREATE else None
            changed.append((step.kind, old, step.after))
        for kind, old, new in changed:
            problem = lock_violation(kind, old, new, locked)
            if problem:
                raise ConflictError(problem)

    # -- watching for others' changes ---------------------------------------------

    def change_token(self) -> int:
        """A number that grows with every change anyone saves (the newest audit entry's id)."""
        with self._session() as session:
            return _max_audit_id(session)

    # -- internals -------------------------------------------------------------

    def _current(self, session: Session) -> Workspace:
        """The workspace as stored now: the cache while nobody saved since it was read."""
        if self._cache is not None and self._cache_token == _max_audit_id(session):
            return self._cache
        return reading.load_workspace(session.connection())

    def _check_version(self, session: Session, step: Step) -> None:
        """ConflictError unless the stored record still has the version the step was based on."""
        if step.kind == "organization":
            row: Any = session.exec(select(OrganizationRow).where(OrganizationRow.id == 1).with_for_update()).first()
            stored = row.version if row is not None else 0
        else:
            stored = getattr(self._find_row(session, step.kind, step.key, step.before), "version", 1)
        if stored != step.version:
            raise self._conflict(session, step.kind, step.key)

    def _write_step(
        self, session: Session, step: Step, before: Workspace, after: Workspace, group: audit.ChangeGroup
    ) -> None:
        """Write one step's rows and audit entries (``before``/``after``: the workspace around it)."""
        kind, positions = step.kind, {p.key for p in after.positions}
        if step.action == CREATE:
            row: Any = convert.main_row(kind, step.after, positions)
            session.add(row)
            session.flush()  # the children need the row's id
            convert.write_children(session, kind, row, step.after)
            group.record("create", kind, step.after.key, None, step.after)
        elif step.action == UPDATE:
            old = before.find(kind, step.key)
            row = self._find_row(session, kind, step.key, old)
            convert.update_row(row, kind, step.after, positions)
            row.version = (row.version or 1) + 1
            session.add(row)
            session.flush()
            convert.write_children(session, kind, row, step.after)
            if kind in ("position", "expense") and step.after.key != step.key:
                for allocation in session.exec(select(AllocationRow).where(AllocationRow.cost == step.key)).all():
                    allocation.cost = step.after.key
                    session.add(allocation)
            group.record("update", kind, step.key, old, step.after)
        elif step.action == DELETE:
            old = before.find(kind, step.key)
            row = self._find_row(session, kind, step.key, old)
            for allocation in changes.cascaded_allocations(before, step):
                group.record("delete", "allocation", allocation.key, allocation, None)
            session.delete(row)
            session.flush()
            group.record("delete", kind, step.key, old, None)
        elif step.action == ORGANIZATION:
            row = session.get(OrganizationRow, 1)
            row = convert.organization_row(step.after, row)
            row.version = (row.version or 0) + 1
            session.add(row)
            group.record("update", "organization", "", before.organization, step.after)
        elif step.action == IMPORT_BATCH:
            batch: ActualBatch = step.after
            session.execute(insert(ActualRow), [convert.row_values("actual", a) for a in batch.actuals])
            summary = {
                "source": batch.source,
                "rows": len(batch.actuals),
                "total": format_money(batch.total),
                "unassigned": batch.unassigned,
            }
            group.record("import", "actual", batch.batch, None, json.dumps(summary, ensure_ascii=False))
        elif step.action == REMOVE_BATCH:
            result: Any = session.execute(delete(ActualRow).where(col(ActualRow.batch) == step.key))
            count = int(result.rowcount)
            if count != len(step.before.actuals):
                raise ConflictError(
                    f"batch {step.key!r} has {count:,} rows stored, not the {len(step.before.actuals):,} "
                    "it was imported with; reload to see the change"
                )
            group.record("undo import", "actual", step.key, json.dumps({"rows": count}), None)
        else:  # pragma: no cover - programming error
            raise ValueError(f"unknown step action {step.action!r}")

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
        except (IntegrityError, DataError) as exc:  # DataError: a value the column cannot hold (PostgreSQL)
            self._cache = None
            raise ValidationError(
                [Problem("workspace", "", "", f"the database refused the change: {first_line(exc)}")]
            ) from exc
        except OperationalError as exc:
            self._cache = None
            raise WorkspaceError(f"{self.location}: could not save: {first_line(exc)}") from exc
        except ProgrammingError as exc:
            self._cache = None
            if refused_by_server(exc):
                raise AccessError(
                    f"{self.location}: the server refused the change ({first_line(exc)}); you are {self.access.label}"
                ) from exc
            raise
        except BaseException:
            self._cache = None
            raise

    def _find_row(self, session: Session, kind: str, key: str, record: Any = None) -> SQLModel:
        """The stored row of a record, locked for this transaction (``record``: the allocation, if known)."""
        table: Any = OrganizationRow if kind == "organization" else TABLES[kind]
        if kind == "organization":
            query = select(table).where(table.id == 1)
        elif kind == "allocation":
            allocation = record if record is not None else self.get("allocation", key)
            query = select(table).where(table.cost == allocation.cost, table.stream == allocation.stream)
            query = (
                query.where(table.start == allocation.start) if allocation.start else query.where(table.start.is_(None))
            )
        elif kind == "report_submission":
            award, report, end = key.split(":")
            query = select(table).where(
                table.award == award, table.kind == report, table.period_end == date.fromisoformat(end)
            )
        elif kind == "effort":
            position, _, month = key.rpartition("@")
            query = select(table).where(table.position == position, table.month == month)
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
_KINDS_WITH_CHILDREN = frozenset({"stream", "scenario", "application", "award"})
_DELETE_ORDER = (
    "account_category",
    "report_submission",
    "award_payment",
    "award_drawdown",
    "award_obligation",
    "award_program_income",
    "award_budget_amount",
    "award_budget_version",
    "award_match_stream",
    "award",
    "effort_certification",
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


class BatchWriter:
    """Writes one import's rows in groups, inside :meth:`WorkspaceService.streamed_import`'s transaction.

    Attributes:
        workspace: the workspace as stored when the import began (streams, earlier actuals).
        locked: the locked months, read in the import's transaction.
        count, total, unassigned: rows written so far, their sum in cents, rows without a stream.
    """

    GROUP = 2000  # rows per INSERT: big enough to be fast, small enough to keep memory flat

    def __init__(self, session: Session, workspace: Workspace, locked: frozenset[MonthIndex], batch: str) -> None:
        self.session = session
        self.workspace = workspace
        self.locked = locked
        self.batch = batch
        self.count = 0
        self.total = 0
        self.unassigned = 0
        self._pending: list[dict[str, Any]] = []

    def add(self, actual: Actual) -> None:
        if month_index(actual.posted_on) in self.locked:  # the caller checks; this keeps a locked month whole
            raise ConflictError(
                f"batch {self.batch!r} has rows in the locked period {format_month(month_index(actual.posted_on))}; "
                "unlock the period to import into it"
            )
        self._pending.append(convert.row_values("actual", actual))
        self.count += 1
        self.total += actual.amount
        self.unassigned += actual.stream is None
        if len(self._pending) >= self.GROUP:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            # Core (the table, not the ORM class): one executemany per group, whatever columns are None.
            self.session.execute(insert(ActualRow.__table__), self._pending)  # type: ignore[attr-defined]
            self._pending = []


def _max_audit_id(session: Session) -> int:
    """The change token: the newest audit entry's id (every change writes one)."""
    return int(session.exec(select(func.max(AuditRow.id))).one() or 0)


def _now() -> datetime:
    return datetime.now(UTC)
