"""Undo steps for actual spending: an import, and the undo of an import, each one change.

Thin adapters: an import is an "import batch" step (:mod:`fundtracker.services.changes`) holding
the batch's transactions, its undo the inverse "remove batch" step, both applied by the service
like every other change (validated, period locks checked, saved in one transaction, audited).
The batch keeps its id and its transactions their keys (``BATCH-000001`` …) throughout.
"""

from __future__ import annotations

import weakref

from fundtracker.domain.errors import FundtrackerError
from fundtracker.services import changes
from fundtracker.ui.commands import ChangeCommand
from fundtracker.ui.session import WorkspaceSession


def push_import(session: WorkspaceSession, batch: str, source: str, imported: int) -> ChangeCommand:
    """Record an import just made as an undo step (its first redo is skipped: it is made)."""
    text = f"Import {imported:,} actual row{'s' * (imported != 1)} from {source}"
    step = changes.import_batch(changes.batch_of(session.workspace, batch, source))

    held = weakref.ref(session)  # the command lives on the session's undo stack: no cycle through it

    def report(error: FundtrackerError) -> None:
        alive = held()
        if alive is not None:
            alive.refused.emit(f"{text}: {error}")

    command = ChangeCommand(session.perform, text, [step], report, session.changed.emit)
    session.undo_stack.push(command)
    session.changed.emit()
    return command


def undo_batch(session: WorkspaceSession, batch: str) -> int:
    """Remove an imported batch now, as an undo step (Edit ▸ Undo imports it again). Returns its rows.

    Raises:
        FundtrackerError: the service refused (a locked month, no such batch); nothing changed.
    """
    removed = changes.batch_of(session.workspace, batch)
    count = len(removed.actuals)
    session.apply(f"Undo import {batch} ({count:,} row{'s' * (count != 1)})", [changes.remove_batch(removed)])
    return count
