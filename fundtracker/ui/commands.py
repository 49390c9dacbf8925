"""Undo commands: thin Qt adapters over the service's one way to change data.

Every edit in the app becomes a :class:`ChangeCommand` on the session's ``QUndoStack``. The
command holds the change's steps (:mod:`fundtracker.services.changes`); redo hands them to
:meth:`WorkspaceService.apply <fundtracker.services.workspace.WorkspaceService.apply>`, undo hands
it their inverses, so each is validated, saved in one transaction and audited like the first
edit. An update or delete carries the stored version of the record it was based on, so a record
someone else changed in the meantime is refused (ConflictError), not overwritten.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from types import MethodType
from typing import Any

from PySide6.QtGui import QUndoCommand

from fundtracker.domain.errors import FundtrackerError
from fundtracker.services.changes import Step, inverse


class ChangeCommand(QUndoCommand):
    """An undoable change: its steps, applied again on redo, their inverses on undo.

    The edit is performed before the command is pushed (so a refused edit never
    reaches the stack); the stack's first ``redo`` is therefore skipped.

    Args:
        run: applies a list of steps (all or none), raising FundtrackerError.
        text: what Edit → Undo says ("Undo Change amount of combat").
        steps: the change's steps, in order.
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
        self._perform = weakly(run)
        self.steps = tuple(steps)
        self._report = weakly(report)
        self._after = weakly(after)
        self._skip_first_redo = True

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self._run(self.steps)

    def undo(self) -> None:
        self._run(inverse(self.steps))

    def _run(self, steps: Sequence[Step]) -> None:
        try:
            self._perform(steps)
        except FundtrackerError as error:
            # The workspace changed in a way this step no longer fits (another user's
            # edit, say): drop the command rather than leave the stack lying.
            self.setObsolete(True)
            self._report(error)
        self._after()


def weakly(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function``, holding the object of a bound method only weakly (a call after it is gone does nothing).

    The session's undo stack owns its commands; a command holding ``session.perform`` would close a
    reference cycle through Qt objects (session → stack → command → session), which only the cyclic
    collector can free (issue 11). Functions and emit methods of signals are kept as they are.
    """
    if not isinstance(function, MethodType):
        return function
    method = weakref.WeakMethod(function)

    def call(*args: Any) -> Any:
        bound = method()
        return None if bound is None else bound(*args)

    return call
