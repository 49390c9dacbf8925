"""Undo steps for actual spending: an import, and the undo of an import, each one step.

Both are made of the service's own calls (:func:`~fundtracker.services.actuals.import_actuals`
with the batch's id, :func:`~fundtracker.services.actuals.undo_import`), so undo and redo are
validated, saved at once and audited like the first import was. The batch keeps its id
throughout, so its rows keep their keys (``BATCH-000001`` …).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtGui import QUndoCommand

from fundtracker.domain.errors import FundtrackerError
from fundtracker.domain.records import Actual
from fundtracker.exports.actuals_import import ParsedRow
from fundtracker.ui.session import WorkspaceSession


def batch_rows(session: WorkspaceSession, batch: str) -> tuple[ParsedRow, ...]:
    """The batch's transactions as rows :func:`import_actuals` takes back (in key order)."""
    actuals: list[Actual] = sorted((a for a in session.workspace.actuals if a.batch == batch), key=lambda a: a.key)
    return tuple(
        ParsedRow(number, a.date, a.amount, a.category, a.code, a.memo, a.stream or "")
        for number, a in enumerate(actuals, start=1)
    )


class BatchCommand(QUndoCommand):
    """Adds (an import) or removes (undoing an import) one batch as one undo step.

    The change is made before the command is pushed, so its first ``redo`` is skipped.

    Args:
        session: the open workspace.
        text: what Edit ▸ Undo says.
        batch: the batch id.
        rows: the batch's rows (:func:`batch_rows`), to import again.
        source: the file they came from (for the audit entry).
        adds: True for an import (undo removes the batch), False for an undo of an import.
    """

    def __init__(
        self, session: WorkspaceSession, text: str, batch: str, rows: Sequence[ParsedRow], source: str, *, adds: bool
    ) -> None:
        super().__init__(text)
        self.session = session
        self.batch = batch
        self.rows = tuple(rows)
        self.source = source
        self.adds = adds
        self._skip_first_redo = True

    def redo(self) -> None:
        if self._skip_first_redo:
            self._skip_first_redo = False
            return
        self._make(present=self.adds)

    def undo(self) -> None:
        self._make(present=not self.adds)

    def _make(self, *, present: bool) -> None:
        from fundtracker.services import actuals

        try:
            if present:
                actuals.import_actuals(self.session.service, self.rows, source=self.source, batch=self.batch)
            else:
                actuals.undo_import(self.session.service, self.batch)
        except FundtrackerError as error:
            # The workspace changed so that this step no longer fits (a locked month, the
            # rows imported again meanwhile): drop it rather than leave the stack lying.
            self.setObsolete(True)
            self.session.refused.emit(f"{self.text()}: {error}")
        self.session.changed.emit()


def push_import(session: WorkspaceSession, batch: str, source: str, imported: int) -> BatchCommand:
    """Record an import just made as an undo step."""
    command = BatchCommand(
        session,
        f"Import {imported:,} actual row{'s' * (imported != 1)} from {source}",
        batch,
        batch_rows(session, batch),
        source,
        adds=True,
    )
    session.undo_stack.push(command)
    session.changed.emit()
    return command


def undo_batch(session: WorkspaceSession, batch: str) -> int:
    """Remove an imported batch now, as an undo step (Edit ▸ Undo imports it again). Returns its rows.

    Raises:
        FundtrackerError: the service refused (a locked month, no such batch); nothing changed.
    """
    from fundtracker.services import actuals

    rows = batch_rows(session, batch)
    source = f"batch {batch}"
    count = actuals.undo_import(session.service, batch)
    command = BatchCommand(
        session, f"Undo import {batch} ({count:,} row{'s' * (count != 1)})", batch, rows, source, adds=False
    )
    session.undo_stack.push(command)
    session.changed.emit()
    return count
