"""The audit log as a read-only table, newest first."""

from __future__ import annotations

import json
from collections.abc import Sized
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from fundtracker.domain.records import AuditEntry
from fundtracker.ui.models.list_model import ListTableModel
from fundtracker.ui.models.record_table import SORT_ROLE
from fundtracker.ui.session import WorkspaceSession

AnyIndex = QModelIndex | QPersistentModelIndex
LIMIT = 2000


def change_summary(entry: AuditEntry) -> str:
    """Which fields changed ("amount: 7826800 → 8000000"), or the record's new/old state in short."""
    try:
        old = json.loads(entry.old) if entry.old else None
        new = json.loads(entry.new) if entry.new else None
    except ValueError:
        return entry.new or entry.old or ""
    if isinstance(old, dict) and isinstance(new, dict):
        changed = [f"{name}: {old.get(name)!s} → {new.get(name)!s}" for name in new if old.get(name) != new.get(name)]
        return "; ".join(changed) or "no change"
    if new is not None:
        return "added" if isinstance(new, dict) else str(new)
    return "removed" if old is not None else ""


class AuditTableModel(ListTableModel):
    """Who changed what, when (UTC)."""

    COL_WHEN, COL_WHO, COL_ACTION, COL_KIND, COL_KEY, COL_CHANGE = range(6)
    HEADERS = ("When (UTC)", "Who", "Action", "Kind", "Key", "Change")

    def __init__(self, session: WorkspaceSession, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.entries: list[AuditEntry] = session.service.audit_log(limit=LIMIT)
        session.changed.connect(self.reload)

    def reload(self) -> None:
        self.beginResetModel()
        self.entries = self.session.service.audit_log(limit=LIMIT)
        self.endResetModel()

    def items(self) -> Sized:
        return self.entries

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        column = index.column()
        if role == SORT_ROLE and column == self.COL_WHEN:
            return entry.id
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            values = (
                f"{entry.when:%Y-%m-%d %H:%M:%S}",
                entry.who,
                entry.action,
                entry.kind.replace("_", " "),
                entry.key,
                change_summary(entry),
            )
            return values[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_CHANGE:
            return f"Before: {entry.old or '—'}\nAfter: {entry.new or '—'}"
        return None
