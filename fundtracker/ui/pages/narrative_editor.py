"""The narrative sections of one application: a list in DOJ order and an editor per section.

Typing is saved after a short pause and when the editor loses focus; the saves of one
editing run are one undo step (see :mod:`fundtracker.ui.application_edits`). Counts and
limit warnings follow the typing; the preview shows the text with its placeholders
filled, or the error naming an unknown placeholder. Misspelled words are underlined (with
suggestions in the context menu) and characters the PDF cannot print are marked as they are
typed (:mod:`fundtracker.ui.text_marks`); Copy as text gives a portal the plain text it takes,
with its counts; Insert text block ▸ Manage text blocks… opens the boilerplate library.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fundtracker.domain.errors import FundtrackerError, InputError
from fundtracker.domain.records import Application, Section
from fundtracker.exports.typography import Typography
from fundtracker.services.live_values import PLACEHOLDER_NAMES, LiveValues, live_values
from fundtracker.services.markup import fill
from fundtracker.services.spelling import Speller
from fundtracker.ui.application_edits import save_application
from fundtracker.ui.autosave_text import AutoSaveTextEdit
from fundtracker.ui.models.record_table import problem_text
from fundtracker.ui.models.sections import SectionListModel
from fundtracker.ui.narrative_sections import preview_html, with_section
from fundtracker.ui.narrative_tools import copy_plain_text, spelling_menu, unsupported_note
from fundtracker.ui.session import WorkspaceSession
from fundtracker.ui.text_block_library import TextBlockLibrary
from fundtracker.ui.text_marks import NarrativeMarks, shared_speller

WARNING_STYLE = "color: #c62828; font-weight: 600;"
COUNTS_STYLE = "color: palette(mid);"
PREVIEW_DELAY_MS = 200
MARKUP_HELP = (
    "Plain text: a blank line starts a paragraph; '- ' starts a bullet; **bold**; *italic*; "
    "{{placeholders}} are filled with live values."
)


class NarrativeEditor(QWidget):
    """Sections list, editor, counts and preview for one application.

    Args:
        session: the open workspace.
        today: the day runway placeholders are forecast from (default today).
        speller: the spell checker (default: the system's en_US dictionary, or off with a note).

    Signals:
        status(str): a short note for the status bar.
    """

    status = Signal(str)

    def __init__(
        self,
        session: WorkspaceSession,
        today: date | None = None,
        parent: QWidget | None = None,
        *,
        speller: Speller | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.today = today
        self.key: str | None = None
        self.section_key: str | None = None
        self._values: LiveValues | None = None
        self._loading = False
        self._library: TextBlockLibrary | None = None

        self.model = SectionListModel(self)
        self.list = QTableView()
        self.list.setModel(self.model)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.verticalHeader().setVisible(False)
        self.list.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.list.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.list.setAccessibleName("Sections")
        self.list.setToolTip("The narrative sections in the order the DOJ asks for; red: over a limit")
        metrics = self.list.fontMetrics()
        widest = metrics.horizontalAdvance("Project Design and Implementation")
        self.list.setMinimumWidth(widest + metrics.horizontalAdvance("0,000 / 0,000") + 40)
        self.list.selectionModel().currentRowChanged.connect(self._section_chosen)

        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 600; font-size: 110%;")
        self.word_limit = self._limit_box("Word limit", "words", 100000)
        self.page_limit = self._limit_box("Page limit", "pages", 200)
        self.block_button = self._menu_button("Insert text &block", "Insert a reusable text block at the cursor")
        self.placeholder_button = self._menu_button("Insert &placeholder", "Insert a live value at the cursor")
        self.block_button.menu().aboutToShow.connect(self._fill_block_menu)
        self._fill_placeholder_menu()
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        for label, box in (("Word limit:", self.word_limit), ("Page limit:", self.page_limit)):
            caption = QLabel(label)
            caption.setBuddy(box)
            header.addWidget(caption)
            header.addWidget(box)
        tools = QHBoxLayout()
        tools.addWidget(self.block_button)
        tools.addWidget(self.placeholder_button)
        self.copy_button = QPushButton("&Copy as text")  # short: the tools row sets the page's least width
        self.copy_button.setToolTip(
            "Copy this section for a submission portal: placeholders filled, markup removed; "
            "shows the characters with spaces, without spaces and with line breaks"
        )
        self.copy_button.clicked.connect(self.copy_plain_text)
        tools.addWidget(self.copy_button)
        tools.addStretch(1)
        help_label = QLabel("**bold**  *italic*  - bullet")
        help_label.setToolTip(MARKUP_HELP)
        help_label.setStyleSheet(COUNTS_STYLE)
        tools.addWidget(help_label)

        self.editor = AutoSaveTextEdit()
        self.editor.setAccessibleName("Section text")
        self.editor.setToolTip(MARKUP_HELP)
        self.editor.setPlaceholderText("Type this section's text. " + MARKUP_HELP)
        self.editor.typed.connect(self._typed)
        self.editor.save_requested.connect(self._save_text)
        self.speller = speller if speller is not None else shared_speller()
        self.marks = NarrativeMarks(self.editor.document(), self.speller, self._font_family)
        self.editor.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.editor.customContextMenuRequested.connect(self._context_menu)
        self.spelling_note = QLabel(self.speller.note)
        self.spelling_note.setStyleSheet(COUNTS_STYLE)
        self.spelling_note.setAccessibleName("Spell check")
        self.spelling_note.setVisible(not self.speller.available)  # say why misspellings are not underlined
        self.unsupported = QLabel()
        self.unsupported.setStyleSheet(WARNING_STYLE)
        self.unsupported.setWordWrap(True)
        self.unsupported.setAccessibleName("Unsupported characters")
        self.unsupported.setVisible(False)
        self.copied = QLabel()
        self.copied.setStyleSheet(COUNTS_STYLE)
        self.copied.setWordWrap(True)
        self.copied.setAccessibleName("Portal counts")
        self.counts = QLabel()
        self.counts.setAccessibleName("Counts")
        self.warning = QLabel()
        self.warning.setStyleSheet(WARNING_STYLE)
        self.warning.setWordWrap(True)
        self.warning.setAccessibleName("Limit warning")
        self.warning.setVisible(False)

        self.preview_error = QLabel()
        self.preview_error.setStyleSheet(WARNING_STYLE)
        self.preview_error.setWordWrap(True)
        self.preview_error.setAccessibleName("Preview problem")
        self.preview_error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview_error.setVisible(False)
        self.preview = QTextBrowser()
        self.preview.setAccessibleName("Preview")
        self.preview.setToolTip("The section as the PDF prints it, placeholders filled")
        preview_box = QWidget()
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_caption = QLabel("Preview (placeholders filled)")
        preview_caption.setStyleSheet("font-weight: 600;")
        preview_layout.addWidget(preview_caption)
        preview_layout.addWidget(self.preview_error)
        preview_layout.addWidget(self.preview, 1)

        edit_box = QWidget()
        edit_layout = QVBoxLayout(edit_box)
        edit_layout.setContentsMargins(0, 0, 0, 0)
        edit_layout.addLayout(header)
        edit_layout.addLayout(tools)
        edit_layout.addWidget(self.editor, 1)
        edit_layout.addWidget(self.counts)
        edit_layout.addWidget(self.copied)
        edit_layout.addWidget(self.unsupported)
        edit_layout.addWidget(self.spelling_note)
        edit_layout.addWidget(self.warning)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(edit_box)
        right.addWidget(preview_box)
        right.setStretchFactor(0, 3)
        right.setStretchFactor(1, 2)
        right.setChildrenCollapsible(False)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self.refresh_preview)
        session.changed.connect(self._workspace_changed)
        self._set_enabled(False)

    # -- building ----------------------------------------------------------------

    def _limit_box(self, label: str, unit: str, maximum: int) -> QSpinBox:
        box = QSpinBox()
        box.setRange(0, maximum)
        box.setSpecialValueText("none")
        box.setSuffix(f" {unit}")
        box.setAccessibleName(label)
        box.setToolTip(f"{label} of this section, as the funder sets it (none: no limit)")
        box.valueChanged.connect(self._limit_changed)
        return box

    def _menu_button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(text.replace("&", ""))
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setMenu(QMenu(button))
        return button

    def _fill_block_menu(self) -> None:
        menu = self.block_button.menu()
        menu.clear()
        blocks = self.session.workspace.text_blocks
        manage = menu.addAction("Manage text blocks…")
        manage.setToolTip("Create, edit, rename and delete the workspace's text blocks")
        manage.triggered.connect(self.open_library)
        if not blocks:
            menu.addAction("No text blocks in this workspace").setEnabled(False)
            return
        menu.addSection("Linked (kept up to date)")
        for block in blocks:
            action = menu.addAction(block.title)
            action.setToolTip(f"Insert {{{{text_block.{block.key}}}}}: the PDF prints the block's current text")
            action.triggered.connect(lambda _=False, key=block.key: self.insert_text_block(key))
        menu.addSection("A copy of the text")
        for block in blocks:
            action = menu.addAction(f"{block.title} (copy)")
            action.setToolTip("Insert the block's text as it is now, to edit here")
            action.triggered.connect(lambda _=False, key=block.key: self.insert_text_block(key, copy=True))

    def _fill_placeholder_menu(self) -> None:
        menu = self.placeholder_button.menu()
        groups: dict[str, QMenu] = {}
        for name in PLACEHOLDER_NAMES:
            group = name.partition(".")[0]
            if group not in groups:
                groups[group] = menu.addMenu(group.capitalize())
            action: QAction = groups[group].addAction(name.partition(".")[2].replace("_", " "))
            action.setToolTip(f"{{{{{name}}}}}")
            action.triggered.connect(lambda _=False, name=name: self.insert_placeholder(name))

    # -- which application and section ----------------------------------------------

    def application(self) -> Application | None:
        if self.key is None or not self.session.ready:
            return None
        found: Application | None = self.session.workspace.find("application", self.key)
        return found

    def set_application(self, key: str | None) -> None:
        """Show the sections of application ``key`` (saving what was typed in the previous one first)."""
        self.editor.flush()
        self.key = key
        self._values = None
        self.section_key = None
        self._reload_sections()
        if self.model.rowCount():
            self.select_section(self.model.section(0).key)
        else:
            self._show_section(None)

    def select_section(self, key: str) -> bool:
        row = self.model.row_of(key)
        if row < 0:
            return False
        self.list.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
        )
        if self.section_key != key:  # already current: no signal
            self._show_section(key)
        return True

    def current_section(self) -> Section | None:
        row = self.model.row_of(self.section_key) if self.section_key is not None else -1
        return self.model.section(row) if row >= 0 else None

    def _section_chosen(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self.editor.flush()
        self._show_section(self.model.section(current.row()).key if current.isValid() else None)

    def _show_section(self, key: str | None) -> None:
        self.section_key = key
        section = self.current_section()
        self._set_enabled(section is not None)
        self._loading = True
        if section is None:
            self.title.setText("No application selected" if self.key is None else "")
            self.editor.load("")
            self.word_limit.setValue(0)
            self.page_limit.setValue(0)
        else:
            self.title.setText(section.title)
            self.editor.load(section.text)
            self.word_limit.setValue(section.word_limit or 0)
            self.page_limit.setValue(section.page_limit or 0)
        self._loading = False
        self.copied.clear()
        self._update_unsupported()
        self._update_counts()
        self.refresh_preview()

    def _set_enabled(self, enabled: bool) -> None:
        widgets = (self.editor, self.word_limit, self.page_limit, self.block_button, self.placeholder_button)
        for widget in (*widgets, self.copy_button):
            widget.setEnabled(enabled)

    def _fill(self, text: str) -> str:
        application = self.application()
        if application is None:
            return text
        if self._values is None:
            self._values = live_values(self.session.workspace, application, as_of=self.today)
        where = f"section {self.section_key!r}" if self.section_key else ""
        return fill(text, self._values, where)

    def _reload_sections(self) -> None:
        self.model.set_application(self.application(), self._fill)

    def _workspace_changed(self) -> None:
        self._values = None  # figures and text blocks may have changed
        application = self.application()
        if application is None and self.key is not None:
            self.set_application(None)
            return
        self._reload_sections()
        section = self.current_section()
        if section is not None and not self.editor.dirty and section.text != self.editor.toPlainText():
            self.editor.load(section.text)  # an undo, a redo, or another editor
        if section is not None:
            self._loading = True
            self.word_limit.setValue(section.word_limit or 0)
            self.page_limit.setValue(section.page_limit or 0)
            self._loading = False
        self._update_counts()
        self._update_unsupported()
        self._preview_timer.start()

    # -- editing -----------------------------------------------------------------

    def insert_text_block(self, key: str, *, copy: bool = False) -> None:
        """Insert text block ``key`` at the cursor: a live ``{{text_block.KEY}}``, or a copy of its text."""
        if copy:
            block = self.session.workspace.find("text_block", key)
            text = block.text if block is not None else ""
        else:
            text = f"{{{{text_block.{key}}}}}"
        self.editor.insertPlainText(text)
        self.editor.setFocus()

    def insert_placeholder(self, name: str) -> None:
        self.editor.insertPlainText(f"{{{{{name}}}}}")
        self.editor.setFocus()

    def _typed(self) -> None:
        self._update_counts(layout=False)
        self._update_unsupported()
        self._preview_timer.start()

    def _font_family(self) -> str:
        application = self.application()
        return Typography.of(application).family if application is not None else "sans"

    def _update_unsupported(self) -> None:
        """Say which characters the PDF would refuse (they are marked red in the text)."""
        note = unsupported_note(self.editor.toPlainText(), self._font_family())
        self.unsupported.setText(note)
        self.unsupported.setVisible(bool(note))

    def _context_menu(self, position: QPoint) -> None:
        menu = spelling_menu(self.editor, self.marks, position)
        menu.exec(self.editor.mapToGlobal(position))
        menu.deleteLater()

    def copy_plain_text(self) -> None:
        """Copy the section as a portal takes it (placeholders filled, markup removed) and show its counts."""
        try:
            filled = self._fill(self.editor.toPlainText())
        except InputError as error:
            self.copied.setText(f"Not copied: {problem_text(error)}")
            return
        counts = copy_plain_text(filled)
        self.copied.setText(f"Copied as plain text: {counts.summary}")
        self.status.emit(f"Copied {self.title.text()} as plain text ({counts.with_spaces:,} characters with spaces)")

    def open_library(self) -> TextBlockLibrary:
        """Show the boilerplate library window (one per editor)."""
        self.editor.flush()
        if self._library is None:
            self._library = TextBlockLibrary(self.session, self)
        self._library.show()
        self._library.raise_()
        return self._library

    def _update_counts(self, *, layout: bool = True) -> None:
        section = self.current_section()
        if section is None:
            self.counts.clear()
            self.warning.setVisible(False)
            return
        counts = self.model.set_live_text(section.key, self.editor.toPlainText(), layout=layout)
        if counts is None:
            return
        limits = []
        if section.word_limit is not None:
            limits.append(f"limit {section.word_limit:,} words")
        if section.page_limit is not None:
            pages = f"{section.page_limit} page{'s' if section.page_limit != 1 else ''}"
            laid_out = "" if counts.pages is None else f" ({counts.pages} laid out in {self._typography_label()})"
            limits.append(f"limit {pages}{laid_out}")
        self.counts.setText(
            f"{counts.words:,} words · {counts.characters:,} characters" + (f" · {', '.join(limits)}" if limits else "")
        )
        self.warning.setText("\n".join("Over the limit: " + w for w in counts.warnings))
        self.warning.setVisible(bool(counts.warnings))

    def _typography_label(self) -> str:
        application = self.application()
        return Typography.of(application).label if application is not None else ""

    def refresh_preview(self) -> None:
        """Show the typed text with its placeholders filled, or the error that stops it (and count its pages)."""
        self._preview_timer.stop()
        self._update_counts(layout=True)
        text = self.editor.toPlainText()
        try:
            filled = self._fill(text)
        except InputError as error:
            # The message ends with every known name: too long for the label, so a tooltip has it.
            message, _, known = str(error).partition("; known placeholders: ")
            hint = "; Insert placeholder lists the known ones" if known else ""
            self.preview_error.setText(f"Cannot fill the placeholders: {message}{hint}")
            self.preview_error.setToolTip(f"Known placeholders: {known}" if known else "")
            self.preview_error.setVisible(True)
            self.preview.setHtml(preview_html(text))
            return
        self.preview_error.setVisible(False)
        self.preview.setHtml(preview_html(filled))

    def flush(self) -> None:
        """Save what was typed and not saved yet."""
        self.editor.flush()

    def _save(self, section: Section, text: str, merge: Any = None) -> bool:
        application = self.application()
        if application is None:
            return False
        try:
            save_application(self.session, with_section(application, section), text, merge)
        except FundtrackerError as error:
            self.warning.setText(f"Not saved: {problem_text(error)}")
            self.warning.setVisible(True)
            return False
        return True

    def _save_text(self, text: str) -> None:
        section = self.current_section()
        if section is None or self.key is None:
            return
        merge = ("section", self.key, section.key, self.editor.run)
        if self._save(dataclasses.replace(section, text=text), f"Edit section {section.title} of {self.key}", merge):
            self.status.emit(f"Saved {section.title}")

    def _limit_changed(self) -> None:
        section = self.current_section()
        if self._loading or section is None or self.key is None:
            return
        changed = dataclasses.replace(
            section,
            text=self.editor.toPlainText(),
            word_limit=self.word_limit.value() or None,
            page_limit=self.page_limit.value() or None,
        )
        self.editor.dirty = False
        merge = ("limits", self.key, section.key, self.editor.run)
        self._save(changed, f"Change the limits of {section.title} of {self.key}", merge)
