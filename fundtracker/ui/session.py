"""The open workspace as the UI sees it: the service, the undo stack, and a change signal.

Pages read ``session.workspace`` and change data only through :meth:`create`,
:meth:`update`, :meth:`delete` and :meth:`apply`, which hand the change's steps to
:meth:`WorkspaceService.apply` (one transaction) and push an undoable :class:`ChangeCommand`.

Several people may share one workspace (a file, or a database server). The session
remembers the *change token* (the newest audit entry's id) its workspace is current
to. :meth:`catch_up` reloads when others saved since; each edit is checked against
the record the user started from and carries that record's stored version, so an edit
based on a stale record is refused with a ConflictError naming who changed it and when.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from fundtracker.domain.errors import ConflictError, FundtrackerError, WorkspaceError
from fundtracker.domain.records import Organization, Workspace, kind_of
from fundtracker.services.changes import CREATE, DELETE, ORGANIZATION, UPDATE, Step
from fundtracker.services.names import name_of
from fundtracker.services.record_uses import deletion_steps, uses_of
from fundtracker.ui.commands import ChangeCommand

if TYPE_CHECKING:  # the store is imported only when a workspace opens
    from fundtracker.services.workspace import WorkspaceService

KIND_NAMES = {
    "stream": "funding stream",
    "position": "position",
    "expense": "expense",
    "allocation": "allocation",
    "scenario": "scenario",
    "application": "application",
    "text_block": "text block",
    "deadline": "deadline",
    "actual": "actual",
    "award": "award",
    "account_category": "account mapping",
    "effort": "effort certification",
    "report_submission": "report submission",
}


class WorkspaceSession(QObject):
    """One open workspace.

    A session can start as a *preview* (no service yet, the workspace file read with
    sqlite3 before SQLAlchemy has loaded) so the dashboard paints at once; :meth:`attach` then gives it the
    opened service. Nothing can be changed before that.

    Args:
        service: the open workspace service (the session closes it in :meth:`close`), or None.
        sample: whether this is the sample workspace created on first start.
        source: the location it was opened from (a path or URL), for the recent list.
        preview: the workspace to show until the service is attached.

    Signals:
        changed(): the data changed (an edit, an undo or a redo, others' changes, or the
            database differed from the preview).
        changed_by_others(): others' saved changes were loaded (after ``changed``).
        attached(): the service arrived; edits are possible.
        refused(str): an undo or redo could not be made; the message says why.
    """

    changed = Signal()
    changed_by_others = Signal()
    attached = Signal()
    refused = Signal(str)

    def __init__(
        self,
        service: WorkspaceService | None,
        *,
        sample: bool = False,
        source: str = "",
        preview: Workspace | None = None,
        seen_token: int | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._preview = preview
        self.sample = sample
        self.source = source or (service.location if service is not None else "")
        self.undo_stack = QUndoStack(self)
        self._seen_token = 0
        self._announce_pending = False
        if service is not None:
            self._seen_token = seen_token if seen_token is not None else service.change_token()

    @property
    def ready(self) -> bool:
        """Whether the database is open (not just the preview)."""
        return self._service is not None

    @property
    def service(self) -> WorkspaceService:
        if self._service is None:
            raise WorkspaceError(f"{self.source}: still opening the workspace; try again in a moment")
        return self._service

    def attach(self, service: WorkspaceService, seen_token: int | None = None) -> None:
        """Give a preview session its opened service; refresh if the data differ from the preview.

        Args:
            seen_token: the change token read before the service loaded the workspace.
        """
        self._service = service
        self._seen_token = seen_token if seen_token is not None else service.change_token()
        preview, self._preview = self._preview, None
        self.attached.emit()
        if preview is None or service.load() != preview:
            self.changed.emit()

    @property
    def workspace(self) -> Workspace:
        if self._service is None:
            assert self._preview is not None
            return self._preview
        return self._service.load()

    @property
    def location(self) -> str:
        return self._service.location if self._service is not None else self.source

    @property
    def read_only(self) -> bool:
        return self._service is not None and self._service.read_only

    @property
    def access(self) -> Any:
        """What the user may change (:class:`fundtracker.services.roles.Access`); None before the service opens."""
        return self._service.access if self._service is not None else None

    @property
    def seen_token(self) -> int:
        """The change token the shown workspace is current to."""
        return self._seen_token

    def close(self) -> None:
        self.undo_stack.clear()
        if self._service is not None:
            self._service.close()

    # -- changing ----------------------------------------------------------------

    def create(self, record: Any, text: str | None = None) -> None:
        """Add a record (raises ValidationError, nothing saved, when a rule is broken)."""
        kind = kind_of(record)
        self.apply(text or f"Add {KIND_NAMES[kind]} {name_of(record)}", [Step(CREATE, kind, record.key, None, record)])

    def update(self, kind: str, key: str, record: Any, text: str | None = None, *, based_on: Any = None) -> None:
        """Replace record ``key`` of ``kind`` by ``record``.

        Args:
            based_on: the record as the user saw it when they began the edit (default: as shown
                now); if it has been changed since, ConflictError is raised and nothing is saved.
        """
        before = based_on if based_on is not None else self.service.get(kind, key)
        if before == record:
            return
        self.apply(text or f"Edit {KIND_NAMES[kind]} {name_of(record)}", [Step(UPDATE, kind, key, before, record)])

    def delete(self, kind: str, key: str, text: str | None = None, *, based_on: Any = None) -> None:
        """Delete a record with what uses it, as one change (:mod:`fundtracker.services.record_uses`).

        Its allocations (and a stream's or an application's deadlines) are deleted with it;
        records that only name it lose the reference. Undo brings all of it back.
        """
        before = based_on if based_on is not None else self.service.get(kind, key)
        workspace = self.workspace
        uses = uses_of(workspace, kind, key)
        steps = deletion_steps(workspace, kind, key, before, uses)
        also = f" and {len(steps) - 1} record{'s' if len(steps) > 2 else ''} using it" if uses else ""
        self.apply(text or f"Delete {KIND_NAMES[kind]} {name_of(before)}{also}", steps)

    def set_organization(self, organization: Organization) -> None:
        before = self.workspace.organization
        if before != organization:
            self.apply("Edit organization", [Step(ORGANIZATION, "organization", "", before, organization)])

    def apply(self, text: str, steps: Sequence[Step]) -> None:
        """Make the change and push it as one undoable command.

        Raises:
            FundtrackerError: the change was refused; nothing was saved or pushed.
                ConflictError when a record was changed by someone else.
        """
        if not steps:
            return
        self.perform(steps)
        self.undo_stack.push(ChangeCommand(self.perform, text, steps, self._report, self.changed.emit))
        self.changed.emit()

    def lock_months(self, months: range) -> None:
        """Lock a range of months (finance): their actuals and allocations can't change."""
        self._own_writes(lambda: self.service.lock_months(months))
        self.changed.emit()

    def unlock_months(self, months: range) -> None:
        self._own_writes(lambda: self.service.unlock_months(months))
        self.changed.emit()

    def perform(self, steps: Sequence[Step]) -> None:
        """Check each step against what is stored now, then apply them (all or none).

        The one way steps reach the service (:meth:`apply`, undo and redo): an update, delete or
        organization step carries the stored version of the record it is based on.

        Raises:
            ConflictError: a record was changed by someone else since it was shown.
            FundtrackerError: the change was refused; nothing was saved.
        """
        stamped = [self._stamp(step) for step in steps]
        self._own_writes(lambda: self.service.apply(stamped))

    def _stamp(self, step: Step) -> Step:
        """The step with the stored version of the record it is based on."""
        if step.action not in (UPDATE, DELETE, ORGANIZATION) or step.before is None:
            return step
        return step.with_version(self._version_of(step))

    def _shown(self, step: Step) -> Any:
        workspace = self.service.load()
        return workspace.organization if step.kind == "organization" else workspace.find(step.kind, step.key)

    def _version_of(self, step: Step) -> int | None:
        """The stored version of ``step.before``; ConflictError when the stored record differs from it."""
        for _attempt in range(2):
            if self._shown(step) != step.before:
                raise self._conflict(step.kind, step.key)
            version = self.service.version(step.kind, step.key)
            if self.service.change_token() == self._seen_token:
                return version  # nothing was saved by anyone since the shown workspace was loaded
            self.catch_up(announce_later=True)  # others saved: compare with their data
        return None  # still changing under us: the service's own checks decide

    def _conflict(self, kind: str, key: str) -> ConflictError:
        name = f"{KIND_NAMES.get(kind, kind)} {key!r}"
        entries = self.service.audit_log(limit=1, kind=kind, key=key)
        if not entries:
            return ConflictError(f"{name} was changed since you opened it; reload to see the change")
        entry = entries[0]
        what = "deleted" if entry.action == "delete" else "changed"
        return ConflictError(
            f"{name} was {what} by {entry.who} at {entry.when:%Y-%m-%d %H:%M} UTC since you opened it; "
            "reload to see their change"
        )

    def _own_writes(self, write: Any) -> None:
        """Run ``write`` (one change); keep the change token current.

        When only this session wrote in between (the token grew by exactly the audit entries of
        its own change), the workspace shown is still current; otherwise the next
        :meth:`catch_up` reloads.
        """
        before = self.service.change_token()
        written = 0
        try:
            write()
            written = self.service.last_change_entries
        finally:
            after = self.service.change_token()
            if before == self._seen_token and after - before == written:
                self._seen_token = after

    def _report(self, error: FundtrackerError) -> None:
        self.refused.emit(str(error))

    # -- others' changes -------------------------------------------------------------

    def catch_up(self, token: int | None = None, *, announce_later: bool = False) -> bool:
        """Load what others saved since the shown workspace was loaded.

        Args:
            token: the change token just read (read now when None).
            announce_later: emit the signals from the event loop (when called in the middle of an edit).

        Returns:
            True when the workspace changed (then ``changed`` and ``changed_by_others`` are emitted).
        """
        token = self.service.change_token() if token is None else token
        if token == self._seen_token:
            return False
        shown = self.service.load()
        fresh = self.service.refresh()
        self._seen_token = token
        if fresh == shown:
            return False  # only this session's own changes, or none that show
        if announce_later:
            self._announce_pending = True
            QTimer.singleShot(0, self._announce)
        else:
            self._announce_pending = True
            self._announce()
        return True

    def _announce(self) -> None:
        if self._announce_pending:
            self._announce_pending = False
            self.changed.emit()
            self.changed_by_others.emit()

    def reload(self) -> None:
        """Read the whole workspace again and show it (Reload after a conflict)."""
        token = self.service.change_token()
        self.service.refresh()
        self._seen_token = token
        self._announce_pending = False
        self.changed.emit()
