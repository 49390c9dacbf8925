"""The boilerplate library window: create, edit, rename and delete reusable text blocks.

Every change is one service call through the session (:meth:`WorkspaceSession.apply`), so it is
saved, audited and undoable with Edit ▸ Undo like any other edit; the steps come from
:mod:`fundtracker.services.text_blocks` (a key rename rewrites the links to the block in the same
change; a block still linked is not deleted). Refusals are shown in the window, never in a
modal box, and the window follows undo, redo and other people's changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fundtracker.domain.errors import FundtrackerError
from fundtracker.domain.records import TextBlock
from fundtracker.services import text_blocks
from fundtracker.services.changes import Step
from fundtracker.ui.models.record_table import problem_text
from fundtracker.ui.session import WorkspaceSession

AnyIndex = QModelIndex | QPersistentModelIndex
WARNING_STYLE = "color: #c62828; font-weight: 600;"
KEY_ROLE = Qt.ItemDataRole.UserRole


class TextBlockListModel(QAbstractListModel):
    """The workspace's text blocks by title (the key as tooltip and :data:`KEY_ROLE`)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.blocks: tuple[TextBlock, ...] = ()

    def set_blocks(self, blocks: Sequence[TextBlock]) -> None:
        self.beginResetModel()
        self.blocks = tuple(sorted(blocks, key=lambda block: (block.title.lower(), block.key)))
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.blocks)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        block = self.blocks[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return block.title
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"Linked as {text_blocks.link(block.key)}"
        if role == KEY_ROLE:
            return block.key
        return None

    def row_of(self, key: str) -> int:
        return next((row for row, block in enumerate(self.blocks) if block.key == key), -1)


class TextBlockLibrary(QDialog):
    """The library: the blocks on the left, the chosen one's title, key, links and text on the right.

    Args:
        session: the open workspace.
    """

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._shown_key: str | None = None
        self.setWindowTitle("Text blocks")
        self.model = TextBlockListModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName("Text blocks")
        self.list.selectionModel().currentRowChanged.connect(lambda *_: self._show_current())

        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 600;")
        self.key = QLabel()
        self.key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.used = QLabel()
        self.used.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("Block text")
        self.text.setToolTip("The block's text, in the narrative markup; linked sections print it as it is saved")
        self.problem = QLabel()
        self.problem.setStyleSheet(WARNING_STYLE)
        self.problem.setWordWrap(True)
        self.problem.setAccessibleName("Problem")
        self.problem.setVisible(False)

        self.new_button = QPushButton("&New…")
        self.rename_button = QPushButton("&Rename…")
        self.delete_button = QPushButton("&Delete")
        self.save_button = QPushButton("&Save text")
        self.new_button.clicked.connect(self.ask_new)
        self.rename_button.clicked.connect(self.ask_rename)
        self.delete_button.clicked.connect(self.ask_delete)
        self.save_button.clicked.connect(self.save_text)
        self.text.textChanged.connect(self._text_changed)

        details = QFormLayout()
        details.addRow("Title:", self.title)
        details.addRow("Linked as:", self.key)
        details.addRow("Used in:", self.used)
        right = QVBoxLayout()
        right.addLayout(details)
        right.addWidget(self.text, 1)
        right.addWidget(self.problem)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.rename_button, self.delete_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        right.addLayout(buttons)
        body = QHBoxLayout()
        body.addWidget(self.list, 1)
        body.addLayout(right, 2)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addLayout(body, 1)
        layout.addWidget(close)
        self.resize(760, 460)

        session.changed.connect(self._reload)
        self._reload()

    # -- showing -----------------------------------------------------------------

    def current_key(self) -> str | None:
        index = self.list.currentIndex()
        return str(index.data(KEY_ROLE)) if index.isValid() else None

    def current_block(self) -> TextBlock | None:
        key = self.current_key()
        found: TextBlock | None = self.session.workspace.find("text_block", key) if key else None
        return found

    def select(self, key: str) -> None:
        row = self.model.row_of(key)
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row, 0))

    def _reload(self) -> None:
        key = self.current_key()
        self.model.set_blocks(self.session.workspace.text_blocks)
        if key is not None and self.model.row_of(key) >= 0:
            self.select(key)
        elif self.model.rowCount():
            self.select(self.model.blocks[0].key)
        self._show_current()

    def _show_current(self) -> None:
        block = self.current_block()
        for widget in (self.rename_button, self.delete_button, self.text):
            widget.setEnabled(block is not None)
        if block is None:
            self.title.setText("No text blocks yet: New… adds one")
            self.key.clear()
            self.used.clear()
            self._load_text("")
            self._shown_key = None
            return
        self.title.setText(block.title)
        self.key.setText(text_blocks.link(block.key))
        uses = text_blocks.uses(self.session.workspace, block.key)
        self.used.setText("; ".join(uses) if uses else "not linked from any section")
        # Text typed and not saved yet survives a rename or another change; another block replaces it.
        edited = self.save_button.isEnabled() and block.key == self._shown_key
        if not edited:
            self._load_text(block.text)
        self._shown_key = block.key
        self._text_changed()

    def _load_text(self, text: str) -> None:
        self.text.blockSignals(True)
        self.text.setPlainText(text)
        self.text.blockSignals(False)
        self.save_button.setEnabled(False)

    def _text_changed(self) -> None:
        block = self.current_block()
        self.save_button.setEnabled(block is not None and block.text != self.text.toPlainText())

    # -- changing ----------------------------------------------------------------

    def _apply(self, text: str, steps: list[Step]) -> bool:
        """One undoable change; a refusal is shown in the window. Returns whether it was made."""
        try:
            self.session.apply(text, steps)
        except FundtrackerError as error:
            self.problem.setText(f"Not saved: {problem_text(error)}")
            self.problem.setVisible(True)
            return False
        self.problem.setVisible(False)
        return True

    def _steps(self, make: Any, *args: Any) -> list[Step] | None:
        try:
            steps: list[Step] = make(self.session.workspace, *args)
        except FundtrackerError as error:
            self.problem.setText(f"Not saved: {problem_text(error)}")
            self.problem.setVisible(True)
            return None
        return steps

    def create_block(self, title: str, text: str = "") -> bool:
        """Add a block titled ``title`` (its key made from the title) and show it."""
        steps = self._steps(text_blocks.create_steps, title, text)
        if steps is None or not self._apply(f"Add text block {title.strip()}", steps):
            return False
        self.select(steps[0].key)
        return True

    def save_text(self) -> bool:
        """Save the edited text of the shown block."""
        block = self.current_block()
        if block is None:
            return False
        steps = self._steps(text_blocks.edit_steps, block.key, self.text.toPlainText())
        if not steps:
            return False
        return self._apply(f"Edit text block {block.title}", steps)

    def rename_block(self, title: str, key: str | None = None) -> bool:
        """Give the shown block ``title`` and, with ``key``, a new key (every link to it follows)."""
        block = self.current_block()
        if block is None:
            return False
        steps = self._steps(text_blocks.rename_steps, block.key, title, key or None)
        if steps is None:
            return False
        if not steps:
            return True
        if not self._apply(f"Rename text block {block.title}", steps):
            return False
        self.select(key or block.key)
        return True

    def delete_block(self) -> bool:
        """Delete the shown block (refused, in the window, while a section links it)."""
        block = self.current_block()
        if block is None:
            return False
        steps = self._steps(text_blocks.delete_steps, block.key)
        return steps is not None and self._apply(f"Delete text block {block.title}", steps)

    # -- asking ------------------------------------------------------------------

    def ask_new(self) -> None:
        title, ok = QInputDialog.getText(self, "New text block", "Title:")
        if ok:
            self.create_block(title)

    def ask_rename(self) -> None:
        block = self.current_block()
        if block is None:
            return
        dialog = RenameDialog(block, self)
        if dialog.exec():
            self.rename_block(dialog.title.text(), dialog.key.text().strip() or None)

    def ask_delete(self) -> None:
        block = self.current_block()
        if block is None:
            return
        answer = QMessageBox.question(self, "Delete text block", f"Delete the text block {block.title!r}?")
        if answer == QMessageBox.StandardButton.Yes:
            self.delete_block()


class RenameDialog(QDialog):
    """Asks for a block's new title and key (the key is what sections link to)."""

    def __init__(self, block: TextBlock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Rename text block")
        self.title = QLineEdit(block.title)
        self.key = QLineEdit(block.key)
        self.key.setToolTip("Sections link the block as {{text_block.KEY}}; a new key is written into every link")
        form = QFormLayout()
        form.addRow("Title:", self.title)
        form.addRow("Key:", self.key)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
