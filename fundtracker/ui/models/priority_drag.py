"""Reorder cost lines by drag and drop: the order dropped becomes their priorities (issue 13).

A row of Staff & costs dragged before another takes that place in the charging order, and
every line of the table is renumbered 1, 2, 3 … in the new order (lines without a priority
take one too, after those that had one): one change through :meth:`WorkspaceSession.apply`,
undone as one. Positions and expenses are ordered in their own tables; an expense and a
position with the same priority are charged position first (DESIGN.md v2 §1).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, Qt

from fundtracker.domain.errors import FundtrackerError
from fundtracker.services.changes import UPDATE, Step
from fundtracker.services.names import name_of

AnyIndex = QModelIndex | QPersistentModelIndex
MIME_TYPE = "application/x-fundtracker-cost-lines"


def charging_order(records: Sequence[Any]) -> list[Any]:
    """Records by priority (1 first, none last), then key: the order the engine charges them."""
    return sorted(records, key=lambda r: (r.priority is None, r.priority or 0, r.key))


def reordered(records: Sequence[Any], moving: Sequence[str], before: str | None) -> list[Any]:
    """``records`` in charging order with the ``moving`` keys placed just before ``before`` (None: last)."""
    order = charging_order(records)
    moved = [r for r in order if r.key in moving]
    rest = [r for r in order if r.key not in moving]
    at = len(rest) if before is None else next((i for i, r in enumerate(rest) if r.key == before), len(rest))
    return [*rest[:at], *moved, *rest[at:]]


def renumbered(order: Sequence[Any], kind: str) -> list[Step]:
    """Update steps giving the records of ``order`` priorities 1, 2, 3 … (only those that change)."""
    return [
        Step(UPDATE, kind, record.key, record, dataclasses.replace(record, priority=rank))
        for rank, record in enumerate(order, start=1)
        if record.priority != rank
    ]


class PriorityDragMixin:
    """For a :class:`RecordTableModel` of records with a ``priority``: rows drag to reorder.

    The view shows the model through a sorting proxy; Qt maps drops to this model's rows, so
    "before" is always the record the row shows, whatever column the table is sorted by.
    """

    reorders = True
    after_reorder: Any = None  # called after a drop changed the order (the page shows it sorted by priority)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base: Qt.ItemFlag = super().flags(index)  # type: ignore[misc]
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled
        return base | Qt.ItemFlag.ItemIsDropEnabled  # below the last row: move to the end

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[AnyIndex]) -> QMimeData:
        keys = list(dict.fromkeys(self.record(i.row()).key for i in indexes if i.isValid()))  # type: ignore[attr-defined]
        data = QMimeData()
        data.setData(MIME_TYPE, json.dumps({"kind": self.KIND, "keys": keys}).encode())  # type: ignore[attr-defined]
        return data

    def _dragged(self, data: QMimeData) -> list[str]:
        if not data.hasFormat(MIME_TYPE):
            return []
        try:
            payload = json.loads(bytes(data.data(MIME_TYPE).data()).decode())
        except ValueError:
            return []
        if not isinstance(payload, dict) or payload.get("kind") != self.KIND:  # type: ignore[attr-defined]
            return []  # a position is not dropped among expenses
        return [str(key) for key in payload.get("keys", [])]

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex) -> bool:
        return action == Qt.DropAction.MoveAction and bool(self._dragged(data))

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: AnyIndex) -> bool:
        """Move the dragged lines before the row dropped on (or between rows, before the one below)."""
        keys = self._dragged(data)
        if action != Qt.DropAction.MoveAction or not keys:
            return False
        count = self.rowCount()  # type: ignore[attr-defined]
        target_row = parent.row() if parent.isValid() else row
        before = self.record(target_row).key if 0 <= target_row < count else None  # type: ignore[attr-defined]
        if before in keys:
            return False
        records = [self.record(r) for r in range(count)]  # type: ignore[attr-defined]
        order = reordered(records, keys, before)
        steps = renumbered(order, self.KIND)  # type: ignore[attr-defined]
        if not steps:
            return False
        first = next(r for r in order if r.key == keys[0])
        rank = order.index(first) + 1
        try:
            self.session.apply(f"Move {name_of(first)} to priority {rank}", steps)  # type: ignore[attr-defined]
        except FundtrackerError as error:
            self.problem.emit(f"Not reordered: {error}")  # type: ignore[attr-defined]
            return False
        if self.after_reorder is not None:
            self.after_reorder()
        # After a move the view asks the model to remove the dragged rows: RecordTableModel
        # removes none (records stay; only their priorities changed).
        return True
