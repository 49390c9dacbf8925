"""The open workspace as the UI sees it: the service, the undo stack, and a change signal.

Pages read ``session.workspace`` and change data only through :meth:`create`,
:meth:`update`, :meth:`delete` and :meth:`apply`, which push an undoable
:class:`ChangeCommand`. Every change is saved at once by the service.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from fundtracker.domain.errors import FundtrackerError, WorkspaceError
from fundtracker.domain.records import Organization, Workspace, kind_of
from fundtracker.ui.commands import CREATE, DELETE, ORGANIZATION, UPDATE, ChangeCommand, Step, perform_all

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
}


class WorkspaceSession(QObject):
    """One open workspace.

    A session can start as a *preview* (no service yet, the start-up snapshot's
    workspace) so the dashboard paints at once; :meth:`attach` then gives it the
    opened service. Nothing can be changed before that.

    Args:
        service: the open workspace service (the session closes it in :meth:`close`), or None.
        sample: whether this is the sample workspace created on first start.
        source: the location it was opened from (a path or URL), for the snapshot and recent list.
        preview: the workspace to show until the service is attached.

    Signals:
        changed(): the data changed (an edit, an undo or a redo, or the database differed from the preview).
        attached(): the service arrived; edits are possible.
        refused(str): an undo or redo could not be made; the message says why.
    """

    changed = Signal()
    attached = Signal()
    refused = Signal(str)

    def __init__(
        self,
        service: WorkspaceService | None,
        *,
        sample: bool = False,
        source: str = "",
        preview: Workspace | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._preview = preview
        self.sample = sample
        self.source = source or (service.location if service is not None else "")
        self.undo_stack = QUndoStack(self)

    @property
    def ready(self) -> bool:
        """Whether the database is open (not just the preview)."""
        return self._service is not None

    @property
    def service(self) -> WorkspaceService:
        if self._service is None:
            raise WorkspaceError(f"{self.source}: still opening the workspace; try again in a moment")
        return self._service

    def attach(self, service: WorkspaceService) -> None:
        """Give a preview session its opened service; refresh if the data differ from the preview."""
        self._service = service
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

    def close(self) -> None:
        self.undo_stack.clear()
        if self._service is not None:
            self._service.close()

    # -- changing ----------------------------------------------------------------

    def create(self, record: Any, text: str | None = None) -> None:
        """Add a record (raises ValidationError, nothing saved, when a rule is broken)."""
        kind = kind_of(record)
        self.apply(text or f"Add {KIND_NAMES[kind]} {record.key}", [Step(CREATE, kind, record.key, None, record)])

    def update(self, kind: str, key: str, record: Any, text: str | None = None) -> None:
        """Replace record ``key`` of ``kind`` by ``record``."""
        before = self.service.get(kind, key)
        if before == record:
            return
        self.apply(text or f"Edit {KIND_NAMES[kind]} {key}", [Step(UPDATE, kind, key, before, record)])

    def delete(self, kind: str, key: str, text: str | None = None) -> None:
        """Delete a record; a cost line's allocations go with it (and come back on undo)."""
        before = self.service.get(kind, key)
        steps = []
        if kind in ("position", "expense"):
            steps += [Step(DELETE, "allocation", a.key, a, None) for a in self.workspace.allocations if a.cost == key]
        steps.append(Step(DELETE, kind, key, before, None))
        self.apply(text or f"Delete {KIND_NAMES[kind]} {key}", steps)

    def set_organization(self, organization: Organization) -> None:
        before = self.workspace.organization
        if before != organization:
            self.apply("Edit organization", [Step(ORGANIZATION, "organization", "", before, organization)])

    def apply(self, text: str, steps: Sequence[Step]) -> None:
        """Make the service calls and push them as one undoable command.

        Raises:
            FundtrackerError: a call was refused; the calls already made are undone,
                nothing is pushed.
        """
        if not steps:
            return
        perform_all(self.service, steps)
        self.undo_stack.push(ChangeCommand(self.service, text, steps, self._report, self.changed.emit))
        self.changed.emit()

    def _report(self, error: FundtrackerError) -> None:
        self.refused.emit(str(error))
