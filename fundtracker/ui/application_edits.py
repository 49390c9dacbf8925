"""Changing an application from its editor: one undoable, saved, audited service call per save.

The narrative and justification editors save while the user types (after a short pause
and when the editor loses focus). So that Edit ▸ Undo does not step back one pause at a
time, saves of the same text in one *editing run* merge into one undo step
(:meth:`ApplicationEditCommand.mergeWith`). A run ends when the editor shows other text
(another section, another application, or the stored text after an undo).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from PySide6.QtGui import QUndoCommand

from fundtracker.domain.records import Application
from fundtracker.services.changes import UPDATE, Step
from fundtracker.ui.commands import ChangeCommand
from fundtracker.ui.session import WorkspaceSession

MERGE_ID = 0x5EC7  # any number other commands do not use


class ApplicationEditCommand(ChangeCommand):
    """A change of one application that may merge with the next one of the same editing run.

    Args:
        merge_key: saves with the same key (not None) merge into one undo step.
        (the rest as :class:`ChangeCommand`.)
    """

    def __init__(self, *args: Any, merge_key: Hashable | None = None) -> None:
        super().__init__(*args)
        self.merge_key = merge_key

    def id(self) -> int:
        return MERGE_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, ApplicationEditCommand) or other.merge_key != self.merge_key:
            return False
        first, last = self.steps[0], other.steps[-1]
        if len(self.steps) != 1 or len(other.steps) != 1 or first.after != last.before:
            return False
        self.steps = (Step(UPDATE, first.kind, first.key, first.before, last.after),)
        if first.before == last.after:
            self.setObsolete(True)  # typed and then taken back: nothing left to undo
        return True


def save_application(
    session: WorkspaceSession,
    after: Application,
    text: str,
    merge_key: Hashable | None = None,
) -> bool:
    """Replace the stored application with ``after`` as one undo step (merging when ``merge_key`` matches).

    Returns:
        False when nothing changed (nothing is saved or pushed).

    Raises:
        FundtrackerError: the service refused the change; nothing was saved.
    """
    service = session.service
    before = service.get("application", after.key)
    if before == after:
        return False
    steps = [Step(UPDATE, "application", after.key, before, after)]
    session.perform(steps)
    command = ApplicationEditCommand(
        session.perform,
        text,
        steps,
        session._report,  # a bound method (held weakly), not a closure over the session
        session.changed.emit,
        merge_key=merge_key,
    )
    session.undo_stack.push(command)
    session.changed.emit()
    return True
