"""Undo commands: each step is a service call, and undoing it is the inverse service call.

Every edit in the app becomes a :class:`ChangeCommand` on the session's
``QUndoStack``. Because undo and redo call :class:`WorkspaceService` like the
original edit did, each of them is validated, saved at once and audited. An update
or delete carries the stored version of the record it was based on, so a record
someone else changed in the meantime is refused (ConflictError), not overwritten.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QUndoCommand

from fundtracker.domain.errors import FundtrackerError

if TYPE_CHECKING:  # the store is imported only when a workspace opens
    from fundtracker.services.workspace import WorkspaceService

CREATE = "create"
UPDATE = "update"
DELETE = "delete"
ORGANIZATION = "organization"


@dataclass(frozen=True)
class Step:
    """One service call.

    Args:
        action: create, update, delete or organization.
        kind: the record kind ("stream", "position" …); "organization" for the organization.
        key: the record's key before the step (for update and delete).
        before: the record before (None for create).
        after: the record after (None for delete).
        version: for update and delete, the stored version ``before`` had (None: not checked).
    """

    action: str
    kind: str
    key: str
    before: Any
    after: Any
    version: int | None = None

    def inverse(self) -> Step:
        if self.action == CREATE:
            return Step(DELETE, self.kind, self.after.key, self.after, None)
        if self.action == DELETE:
            return Step(CREATE, self.kind, self.key, None, self.before)
        if self.action == UPDATE:
            return Step(UPDATE, self.kind, self.after.key, self.after, self.before)
        return Step(ORGANIZATION, self.kind, "", self.after, self.before)


def perform(service: WorkspaceService, step: Step) -> None:
    """Make the service call a step stands for."""
    if step.action == CREATE:
        service.create(step.after)
    elif step.action == UPDATE:
        service.update(step.kind, step.key, step.after, expected_version=step.version)
    elif step.action == DELETE:
        service.delete(step.kind, step.key, expected_version=step.version)
    elif step.action == ORGANIZATION:
        service.set_organization(step.after)
    else:  # pragma: no cover - programming error
        raise ValueError(f"unknown step action {step.action!r}")


def perform_all(service: WorkspaceService, steps: Sequence[Step]) -> None:
    """Make every call in order; if one fails, undo those already made and re-raise.

    Each call is its own transaction, so the rollback is by inverse calls.
    """
    done: list[Step] = []
    try:
        for step in steps:
            perform(service, step)
            done.append(step)
    except FundtrackerError:
        for step in reversed(done):
            perform(service, step.inverse())
        raise


class ChangeCommand(QUndoCommand):
    """An undoable edit made of service calls.

    The edit is performed before the command is pushed (so a refused edit never
    reaches the stack); the stack's first ``redo`` is therefore skipped.

    Args:
        run: makes the service calls of a list of steps (all or none), raising FundtrackerError.
        text: what Edit → Undo says ("Undo Change amount of combat").
        steps: the service calls, in order.
        report: called with an error when a later undo or redo is refused.
        after: called after every undo and redo (to refresh what shows the data).
    """

    def __init__(
        self,
        run: Callable[[Sequence[Step]], None],
        text: str,
        steps: Sequence[Step],
        report: Callable[[FundtrackerError], None],
        after: Callable[[], None],
    ) -> None:
        super().__init__(text)
        self._perform = run
        self.steps = tuple(steps)
        self._report = report
        self._after = after
        self._skip_first_redo = True

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self._run(self.steps)

    def undo(self) -> None:
        self._run([step.inverse() for step in reversed(self.steps)])

    def _run(self, steps: Sequence[Step]) -> None:
        try:
            self._perform(steps)
        except FundtrackerError as error:
            # The workspace changed in a way this step no longer fits (another user's
            # edit, say): drop the command rather than leave the stack lying.
            self.setObsolete(True)
            self._report(error)
        self._after()
