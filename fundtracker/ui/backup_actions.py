"""Backups of a workspace file: one on open, one a day, and File ▸ Restore from backup….

The copies are made by :mod:`fundtracker.services.backups` (SQLite's online backup API)
on a worker thread, in ``NAME.fundtracker.backups/`` beside the workspace. A workspace
on a database server is backed up by the server's own tools, and one opened
read-only cannot be backed up beside itself.
"""

from __future__ import annotations

from collections.abc import Sized
from pathlib import Path
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fundtracker.services.backups import backup_path
from fundtracker.ui.models.list_model import ListTableModel
from fundtracker.ui.worker import Task, error_text, run_in_background, run_with_progress

AnyIndex = QModelIndex | QPersistentModelIndex
REASONS = {
    "open": "when opened",
    "daily": "daily",
    "before-restore": "before a restore",
    "migrate": "before an upgrade",
}


def backup_on_open(window: Any, service: Any) -> Task | None:
    """Back up a just-opened workspace file in the background (reason "open")."""
    path = backup_path(service)
    if path is None:
        return None

    def copy(progress: Any, cancelled: Any) -> Path:
        from fundtracker.services.backups import make_backup

        return make_backup(path, "open")

    return _run_backup(window, copy)


def daily_backup(window: Any) -> Task | None:
    """The daily backup, when the newest backup is a day old (a timer calls this every hour)."""
    session = window.session
    if session is None or not session.ready:
        return None
    path = backup_path(session.service)
    if path is None:
        return None

    def copy(progress: Any, cancelled: Any) -> Path | None:
        from fundtracker.services.backups import backup_if_due

        return backup_if_due(path)

    return _run_backup(window, copy)


def _run_backup(window: Any, copy: Any) -> Task:
    task = run_in_background(copy)
    task.failed.connect(lambda error: window.statusBar().showMessage(f"Backup failed: {error_text(error)}", 15000))
    window.backup_task = task
    return task


class BackupTableModel(ListTableModel):
    """The backups of one workspace, newest first: when, and why it was made."""

    COL_WHEN = 0
    COL_REASON = 1
    HEADERS = ("Made", "Why")

    def __init__(self, backups: list[Any], parent: Any = None) -> None:
        super().__init__(parent)
        self.backups = backups

    def items(self) -> Sized:
        return self.backups

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        backup = self.backups[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == self.COL_WHEN:
                return f"{backup.when:%Y-%m-%d %H:%M:%S}"
            return REASONS.get(backup.reason, backup.reason)
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(backup.path)
        return None


class RestoreDialog(QDialog):
    """Choose one backup of the open workspace file."""

    def __init__(self, workspace: Path, backups: list[Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.model = BackupTableModel(backups, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Backups")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self.accept)
        if backups:
            self.table.selectRow(0)
        note = QLabel(
            f"Backups of {workspace.name}, newest first. Restoring replaces the workspace with the chosen copy; "
            "its present state is kept as one more backup (“before a restore”), so a restore can be undone."
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Restore…")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(520, 360)

    def chosen(self) -> Any:
        index = self.table.currentIndex()
        return self.model.backups[index.row()] if index.isValid() else None


def restore_from_backup(window: Any) -> Task | None:
    """File ▸ Restore from backup…: choose a backup, confirm, close, restore, reopen."""
    from fundtracker.services.backups import list_backups

    session = window.session
    path = backup_path(session.service) if session is not None and session.ready else None
    if path is None:
        QMessageBox.information(
            window,
            "Restore from backup",
            "Backups are kept for workspace files opened for editing. A workspace on a database server is "
            "backed up with the server's own tools (pg_dump).",
        )
        return None
    backups = list_backups(path)
    if not backups:
        QMessageBox.information(window, "Restore from backup", f"There is no backup of {path} yet.")
        return None
    dialog = RestoreDialog(path, backups, window)
    if not dialog.exec() or dialog.chosen() is None:
        return None
    backup = dialog.chosen()
    answer = QMessageBox.question(
        window,
        "Restore from backup",
        f"Replace {path.name} with the backup made {backup.when:%Y-%m-%d %H:%M}?\n\n"
        "Everything saved since then is set aside in a “before a restore” backup.",
    )
    if answer != QMessageBox.StandardButton.Yes:
        return None
    window.close_session()  # no connection may stay open while the file is replaced

    def put_back(progress: Any, cancelled: Any) -> Path:
        from fundtracker.services.backups import restore

        return restore(backup.path, path)

    def reopen(_safety: Any) -> None:
        from fundtracker.ui.file_actions import open_location

        window.pending_note = f"Restored the backup made {backup.when:%Y-%m-%d %H:%M}"
        open_location(window, str(path))

    def failed(error: BaseException) -> None:
        from fundtracker.ui.file_actions import open_location

        QMessageBox.warning(window, "Restore from backup", f"Not restored: {error_text(error)}")
        open_location(window, str(path))

    return run_with_progress(window, "Restoring the backup", put_back, reopen, on_failure=failed)
