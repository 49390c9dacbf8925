"""The audit log as a read-only table, newest first."""

from __future__ import annotations

from collections.abc import Sized
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from fundtracker.domain.records import AuditEntry
from fundtracker.services.audit_text import Explained, explain, names_of
from fundtracker.ui.models.list_model import ListTableModel
from fundtracker.ui.models.record_table import SORT_ROLE
from fundtracker.ui.session import WorkspaceSession

AnyIndex = QModelIndex | QPersistentModelIndex
LIMIT = 2000


from fundtracker.services.audit_export import ACTION_WORDS  # noqa: E402


class AuditTableModel(ListTableModel):
    """Who changed what, when (UTC)."""

    COL_WHEN, COL_WHO, COL_ACTION, COL_KIND, COL_CHANGE = range(5)
    HEADERS = ("When (UTC)", "Who", "Action", "Kind", "Change")

    def __init__(self, session: WorkspaceSession, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.entries: list[AuditEntry] = []
        self.texts: list[str] = []
        self.words: list[Explained] = []
        self._load()
        session.changed.connect(self.reload)

    def _load(self) -> None:
        """The entries, each described in words with today's names of the records it concerns."""
        self.entries = self.session.service.audit_log(limit=LIMIT)
        workspace = self.session.workspace
        names = names_of(workspace)
        self.words = [explain(entry, workspace, names) for entry in self.entries]
        self.texts = [words.change for words in self.words]

    def reload(self) -> None:
        self.beginResetModel()
        self._load()
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
                ACTION_WORDS.get(entry.action, entry.action),
                entry.kind.replace("_", " "),
                self.texts[index.row()],
            )
            return values[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == self.COL_CHANGE:
            key = f"Key: {entry.key}\n" if entry.key else ""
            words = self.words[index.row()]
            return f"{words.change}\n\n{key}Before: {words.before or '—'}\nAfter: {words.after or '—'}"
        return None
