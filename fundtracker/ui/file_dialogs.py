"""File dialogs that start where the user keeps documents, and the message after an export.

Each kind of file (workspaces, application PDFs, application Word files, budget workbooks,
spending files) remembers the folder it was last chosen in; the first time, dialogs open in the
user's Documents folder (QStandardPaths), never in whatever folder the app happened to start in.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QAbstractButton, QFileDialog, QMessageBox, QWidget

from fundtracker.ui import settings

WORKSPACE = "workspace"
PDF = "pdf"
DOCX = "docx"
WORKBOOK = "workbook"
SPENDING = "spending"
TABLE = "table"  # rows exported from a page (audit log, transactions) as CSV or XLSX

# Replaced in tests, so the buttons' targets are checked without launching a viewer.
open_url = QDesktopServices.openUrl


def documents_folder() -> Path:
    """The user's Documents folder (their home folder when the system names none)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location else Path.home()


def start_folder(kind: str) -> Path:
    """Where a dialog for ``kind`` files opens: the folder last used for them, else Documents."""
    remembered = settings.get(settings.last_folder(kind))
    if remembered and Path(remembered).is_dir():
        return Path(remembered)
    return documents_folder()


def remember_folder(kind: str, path: str | Path) -> None:
    settings.put(settings.last_folder(kind), str(Path(path).parent))


def save_path(parent: QWidget, kind: str, title: str, file_name: str, file_filter: str) -> str:
    """Ask where to save a ``kind`` file; "" when cancelled. The folder is remembered."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(start_folder(kind) / file_name), file_filter)
    if path:
        remember_folder(kind, path)
    return path


def open_path(parent: QWidget, kind: str, title: str, file_filter: str) -> str:
    """Ask which ``kind`` file to open; "" when cancelled. The folder is remembered."""
    path, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder(kind)), file_filter)
    if path:
        remember_folder(kind, path)
    return path


def file_url(path: str | Path) -> QUrl:
    """What Open hands to the system: the written file."""
    return QUrl.fromLocalFile(str(Path(path).resolve()))


def folder_url(path: str | Path) -> QUrl:
    """What Show in folder hands to the system: the folder holding the file."""
    return QUrl.fromLocalFile(str(Path(path).resolve().parent))


def exported(parent: QWidget, path: str | Path, what: str, note: str = "") -> QMessageBox:
    """Say that ``what`` was written to ``path``, with Open and Show in folder (shown at once, not blocking).

    Args:
        note: more to say (warnings the export found), shown under the file's name.

    Returns:
        The message box (open; it deletes itself when closed).
    """
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(what)
    box.setText(f"{what} written to\n{path}")
    if note:
        box.setInformativeText(note)
    open_button = box.addButton("&Open", QMessageBox.ButtonRole.AcceptRole)
    folder_button = box.addButton("Show in &folder", QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.setDefaultButton(open_button)
    open_button.setToolTip(f"Open {Path(path).name} with the program the system uses for it")
    folder_button.setToolTip(f"Show {Path(path).parent} in the file manager")

    def clicked(button: QAbstractButton) -> None:
        if button is open_button:
            open_url(file_url(path))
        elif button is folder_button:
            open_url(folder_url(path))

    box.buttonClicked.connect(clicked)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box
