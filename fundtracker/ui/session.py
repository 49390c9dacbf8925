"""The open workspace as the UI sees it: the service, the undo stack, and a change signal.

Pages read ``session.workspace`` and change data only through :meth:`create`,
:meth:`update`, :meth:`delete` and :meth:`apply`, which push an undoable
:class:`ChangeCommand`. Every change is saved at once by the service.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack

from fundtracker.domain.errors import FundtrackerError
from fundtracker.domain.records import Organization, Workspace, kind_of
from fundtracker.services.workspace import WorkspaceService
from fundtracker.ui.commands import CREATE, DELETE, ORGANIZATION, UPDATE, ChangeCommand, Step, perform_all

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

    Args:
        service: the open workspace service (the session closes it in :meth:`close`).
        sample: whether this is the sample workspace created on first start.

    Signals:
        changed(): the data changed (an edit, an undo or a redo).
        refused(str): an undo or redo could not be made; the message says why.
    """

    changed = Signal()
    refused = Signal(str)

    def __init__(self, service: WorkspaceService, *, sample: bool = False, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.sample = sample
        self.undo_stack = QUndoStack(self)

    @property
    def workspace(self) -> Workspace:
        return self.service.load()

    @property
    def location(self) -> str:
        return self.service.location

    def close(self) -> None:
        self.undo_stack.clear()
        self.service.close()

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
