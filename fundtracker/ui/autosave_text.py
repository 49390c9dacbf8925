"""A plain-text editor that asks to be saved after a pause in typing and when it loses focus."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

IDLE_MS = 800


class AutoSaveTextEdit(QPlainTextEdit):
    """Emits :attr:`save_requested` with its text after ``idle_ms`` without typing, or on focus out.

    ``run`` numbers the editing run: it changes whenever other text is loaded and when the
    editor loses focus, so saves of one run can merge into one undo step.

    Args:
        idle_ms: the pause after which typed text is saved.

    Signals:
        save_requested(str): the typed text should be saved now.
        typed(): the text was changed by the user (not by :meth:`load`).
    """

    save_requested = Signal(str)
    typed = Signal()

    def __init__(self, idle_ms: int = IDLE_MS, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run = 0
        self.dirty = False
        self._loading = False
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(idle_ms)
        self._idle.timeout.connect(self.flush)
        self.textChanged.connect(self._changed)
        self.setTabChangesFocus(True)

    def load(self, text: str) -> None:
        """Show ``text`` as saved (not dirty); other text starts a new editing run. The cursor stays where it can."""
        self._idle.stop()
        self.dirty = False
        if text == self.toPlainText():
            return  # the text just saved, shown again: the run goes on
        self.run += 1
        position = self.textCursor().position()
        self._loading = True
        self.setPlainText(text)
        self._loading = False
        cursor = self.textCursor()
        cursor.setPosition(min(position, len(text)))
        self.setTextCursor(cursor)

    def flush(self) -> None:
        """Ask for the typed text to be saved now, if there is any."""
        self._idle.stop()
        if self.dirty:
            self.dirty = False
            self.save_requested.emit(self.toPlainText())

    def _changed(self) -> None:
        if self._loading:
            return
        self.dirty = True
        self._idle.start()
        self.typed.emit()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.flush()
        self.run += 1
        super().focusOutEvent(event)
