"""The dialog for an edit based on a record someone else has changed since (a stale edit)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from fundtracker.domain.errors import ConflictError

TITLE = "Changed by someone else"
RELOAD = "&Reload"
KEEP = "&Keep my text"
EXPLANATION = (
    "Nothing was saved, and nothing they saved is lost.\n\n"
    "Reload shows the record as it is saved now (what you typed is replaced). "
    "Keep my text leaves your typing in the form so you can copy it; then Revert or Reload "
    "and make your change again."
)


def conflict_text(error: ConflictError) -> str:
    """The error's message as a sentence."""
    text = str(error).strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "."


def ask_reload(parent: QWidget | None, error: ConflictError) -> bool:
    """Tell the user who changed the record and when; True when they choose Reload."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(TITLE)
    box.setText(conflict_text(error))
    box.setInformativeText(EXPLANATION)
    reload_button = box.addButton(RELOAD, QMessageBox.ButtonRole.AcceptRole)
    keep_button = box.addButton(KEEP, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep_button)
    box.setEscapeButton(keep_button)
    box.exec()
    return box.clickedButton() is reload_button
