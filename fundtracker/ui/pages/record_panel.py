"""A table of one kind of record beside a form with the selected record's full fields.

Table cells save as soon as they are edited. The form saves with Save (or Ctrl+Enter);
leaving it with unsaved changes (another row, Add, another page) asks Save / Discard /
Cancel. A refused save keeps the form and its typed text, with the domain's message
beside each field it concerns, and the table keeps its row highlighted. A save based on a
record someone else changed since it was shown is refused and explained, with
Reload on offer (:mod:`fundtracker.ui.conflict`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fundtracker.domain.errors import ConflictError, FundtrackerError, ValidationError
from fundtracker.services.names import key_from_name, name_of
from fundtracker.services.problem_text import describe_all
from fundtracker.services.record_uses import uses_of, uses_text
from fundtracker.ui.conflict import ask_reload, conflict_text
from fundtracker.ui.delegates import install_delegates
from fundtracker.ui.forms import RecordForm
from fundtracker.ui.models.record_table import KEY_ROLE, RecordFilterProxy, problem_text
from fundtracker.ui.pages.record_specs import RecordSpec, taken_keys
from fundtracker.ui.session import WorkspaceSession

MESSAGE_STYLE = "color: #c62828; font-weight: 600;"


SAVE, DISCARD, CANCEL = "save", "discard", "cancel"


def ask_unsaved(parent: QWidget, name: str) -> str:
    """Leaving a record with unsaved changes: SAVE, DISCARD or CANCEL (stay), as desktop apps ask."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Unsaved changes")
    box.setText(f"Save the changes to {name}?")
    box.setInformativeText("What you typed in the form is not saved yet.")
    box.setStandardButtons(
        QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return SAVE
    if answer == QMessageBox.StandardButton.Discard:
        return DISCARD
    return CANCEL


def confirm_deletion(parent: QWidget, title: str, text: str) -> bool:
    """Ask whether to delete a record together with what uses it: Delete all, or Cancel (the default)."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(title)
    box.setInformativeText(text)
    delete = box.addButton("Delete all", QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is delete


class RecordPanel(QWidget):
    """List, filter, add, edit and delete the records of one kind.

    Signals:
        status(str): a short note for the status bar ("Deleted …").
    """

    status = Signal(str)

    def __init__(self, session: WorkspaceSession, spec: RecordSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.spec = spec
        self.model = spec.model(session, self)
        self.model.form_labels = {field.name: field.label for field in spec.form_fields}
        self.proxy = RecordFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._new = False  # the form shows a record not yet saved
        self._dirty = False
        self._key_typed = False  # a new record's key was typed, so it no longer follows the name
        self._restoring = False  # putting back the selection of a record the user stays on

        self.filter = QLineEdit()
        self.filter.setPlaceholderText(f"Find {spec.noun}s…")
        self.filter.setClearButtonEnabled(True)
        self.filter.setToolTip(f"Show only {spec.noun}s whose text contains this (Ctrl+F)")
        self.filter.setAccessibleName(f"Find {spec.noun}s")
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter.installEventFilter(self)  # Ctrl+Z in an unchanged search box undoes the last edit
        self.add_button = QPushButton(f"&Add {spec.noun}")
        self.add_button.setToolTip(f"Start a new {spec.noun} in the form; Save adds it")
        self.delete_button = QPushButton("&Delete")
        self.delete_button.setToolTip(f"Delete the selected {spec.noun} (Undo brings it back)")
        self.add_button.clicked.connect(self.start_new)
        self.delete_button.clicked.connect(self.delete_selected)
        tools = QHBoxLayout()
        tools.addWidget(self.filter, 1)
        tools.addWidget(self.add_button)
        tools.addWidget(self.delete_button)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        # People find records by name; the key column is hidden (the form's Advanced part has it).
        key_column = next((c for c, f in enumerate(self.model.FIELDS) if f.name == "key"), None)
        if key_column is not None:
            self.table.setColumnHidden(key_column, True)
        self.table.sortByColumn(1 if key_column == 0 else 0, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        if getattr(self.model, "reorders", False):
            self._allow_reordering()
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.table.setAccessibleName(f"{spec.noun.capitalize()}s")
        self.table.setToolTip(f"{spec.noun.capitalize()}s: double-click or press F2 to edit a cell")
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        install_delegates(self.table, self.model.FIELDS, self.show_problem)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.model.problem.connect(self.show_problem)
        self.model.modelReset.connect(self._after_reset)
        self.model.dataChanged.connect(self._after_data_changed)

        self.message = QLabel()
        self.message.setStyleSheet(MESSAGE_STYLE)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Problem")
        self.message.setVisible(False)

        self.form = RecordForm(spec.form_fields, self.model.choices, labels=self.model.choice_labels, advanced=("key",))
        self.form.edited.connect(self._form_edited)
        self.form.fixed.connect(self.clear_problem)  # every marked field was put right
        for name in spec.name_fields:
            editor = self.form.editors.get(name)
            if isinstance(editor, QLineEdit):
                editor.textEdited.connect(self._follow_name)
        key_editor = self.form.editors.get("key")
        if isinstance(key_editor, QLineEdit):
            key_editor.textEdited.connect(self._key_edited)
        self.form_title = QLabel()
        self.form_title.setStyleSheet("font-weight: 600;")
        self.save_button = QPushButton("&Save")
        self.save_button.setToolTip(f"Save this {spec.noun} (Ctrl+Enter)")
        self.save_button.setDefault(True)
        self.revert_button = QPushButton("&Revert")
        self.revert_button.setToolTip("Throw away what was typed in the form and show the saved values")
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        for sequence in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(sequence), self, self.save)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        form_holder = QWidget()
        holder_layout = QVBoxLayout(form_holder)
        holder_layout.addWidget(self.form)
        holder_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_holder)
        scroll.setMinimumWidth(340)
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.form_title)
        side_layout.addWidget(scroll, 1)
        side_layout.addLayout(buttons)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(tools)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.message)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        self.setTabOrder(self.filter, self.add_button)
        self.setTabOrder(self.add_button, self.delete_button)
        self.setTabOrder(self.delete_button, self.table)
        self.fit_columns()
        self._show_current()

    def fit_columns(self, widest: int = 260) -> None:
        """Size columns to their contents, but none wider than ``widest`` pixels (tooltips show the rest)."""
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        for column in range(header.count()):
            header.resizeSection(column, min(header.sectionSize(column), widest))

    # -- selection ---------------------------------------------------------------

    def selected_key(self) -> str | None:
        index = self.table.currentIndex()
        return str(index.data(KEY_ROLE)) if index.isValid() else None

    def _allow_reordering(self) -> None:
        """Rows drag to a new place in the charging order (models.priority_drag); the table then
        shows that order, sorted by priority."""
        table = self.table
        table.setDragEnabled(True)
        table.setAcceptDrops(True)
        table.viewport().setAcceptDrops(True)
        table.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        table.setDefaultDropAction(Qt.DropAction.MoveAction)
        table.setDropIndicatorShown(True)
        table.setDragDropOverwriteMode(False)
        column = next(c for c, f in enumerate(self.model.FIELDS) if f.name == "priority")
        self.model.after_reorder = lambda: table.sortByColumn(  # type: ignore[attr-defined]
            column, Qt.SortOrder.AscendingOrder
        )
        table.setToolTip(f"{table.toolTip()}; drag a row up or down to change who is paid first")

    def select_key(self, key: str) -> bool:
        """Select the record with ``key`` (clearing a filter that hides it)."""
        row = self.model.row_of(key)
        if row < 0:
            return False
        if not self.proxy.mapFromSource(self.model.index(row, 0)).isValid():
            self.filter.clear()
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)
        return True

    def _row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._restoring:
            return
        asked = self._dirty and previous.isValid()
        # The keys now: a save re-sorts the rows, and these indexes then point at other records.
        left = str(previous.data(KEY_ROLE)) if previous.isValid() else ""
        chosen = str(current.data(KEY_ROLE)) if current.isValid() else ""
        if asked and not self.settle_unsaved():
            # Stay on the record being edited; the table shows it selected too (never another row
            # beside this form). Deferred: the click that changed the row is still being handled.
            QTimer.singleShot(0, self, lambda: self._reselect(left))
            return
        self._new = False
        if asked and chosen:
            # A save may have re-sorted the rows under the click, which then selects whatever row
            # is now under the pointer: select the chosen record now and once the click is done.
            self._reselect(chosen)
            QTimer.singleShot(0, self, lambda: self._reselect(chosen))
        self._show_current()

    def _reselect(self, key: str) -> None:
        self._restoring = True
        try:
            self.select_key(key)
        finally:
            self._restoring = False

    def has_unsaved(self) -> bool:
        """Whether the form holds typed changes that are not saved."""
        return self._dirty

    def settle_unsaved(self) -> bool:
        """Before leaving the record shown: ask Save / Discard / Cancel when it has unsaved changes.

        Returns True when it may be left (saved, discarded, or nothing to save); False to stay
        (Cancel, or a save that was refused: its messages are shown beside the fields).
        """
        if not self._dirty:
            return True
        answer = ask_unsaved(self, self._editing_name())
        if answer == SAVE:
            return self._save_form(reselect=False)
        if answer == DISCARD:
            self.revert()
            return True
        return False

    def _editing_name(self) -> str:
        record = self.form.record
        if self._new or record is None:
            return f"the new {self.spec.noun}"
        return name_of(record)

    def _after_reset(self) -> None:
        if not self._dirty and not self._new:
            self._show_current()
        else:
            self._after_data_changed()

    def _after_data_changed(self, *_: Any) -> None:
        """A record changed elsewhere (undo, redo, a cell, another page): keep the form in step.

        An untouched form shows the saved record again; a form with typed changes keeps
        them and takes the new saved values for every other field.
        """
        self.clear_problem()  # a change was saved: an earlier refusal no longer applies
        shown = self.form.record
        if self._new or shown is None:
            return
        row = self.model.row_of(shown.key)
        current = self.model.record(row) if row >= 0 else None
        if current is None or current == shown:
            return
        if self._dirty:
            if self.form.typed_over(current):
                return  # the same field changed elsewhere too: saving is refused, saying who and when
            self.form.rebase(current)
        else:
            self.form.show_record(current)

    def _show_current(self) -> None:
        key = self.selected_key()
        record = self.model.record(self.model.row_of(key)) if key is not None else None
        if record is None and self.model.rowCount() and not self._new:
            self.table.selectRow(0)
            return
        self._dirty = False
        if record is None:
            self.form.setEnabled(False)
            self.form_title.setText(f"No {self.spec.noun} selected")
            return
        self.form.setEnabled(True)
        self.form.show_record(record)
        self.form_title.setText(self._title(record))
        self._set_buttons()

    def _title(self, record: Any) -> str:
        return f"{self.spec.noun.capitalize()}: {name_of(record)}"

    # -- actions -----------------------------------------------------------------

    def start_new(self) -> None:
        """Show a blank record in the form; Save adds it."""
        if not self.settle_unsaved():
            return
        blank = self.spec.blank("")
        key = key_from_name(name_of(blank), taken_keys(self.session.workspace, self.spec.kind), self.spec.kind)
        self._new = True
        self._key_typed = False
        self.form.setEnabled(True)
        self.form.show_record(self.spec.blank(key))
        self.form_title.setText(f"New {self.spec.noun} (not saved yet)")
        self._dirty = True
        self._set_buttons()
        self.form.editors[self.spec.form_fields[1].name].setFocus()

    def save(self) -> bool:
        """Save the form (add or update); True when saved.

        The focus goes to the table: the Save button is disabled once saved, and Qt would
        otherwise move the focus on to the next search box, which takes Ctrl+Z for itself.
        """
        saved = self._save_form()
        if saved:
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        return saved

    def _save_form(self, *, reselect: bool = True) -> bool:
        self.clear_problem()
        record = self.form.read()
        if record is None:
            self.show_problem("Not saved: fix the fields marked in red.")
            return False
        try:
            if self._new:
                self.session.create(record)
            else:
                original = self.form.record
                self.session.update(self.spec.kind, original.key, record, based_on=original)
        except ConflictError as error:
            self._resolve_conflict(error, "saved")
            return False
        except ValidationError as error:
            rest = self.form.show_problems(error.problems)
            note = describe_all(rest, self.session.workspace, self.model.form_labels)
            self.show_problem("Not saved: " + (note or "fix the fields marked in red."))
            return False
        except FundtrackerError as error:
            self.show_problem(f"Not saved: {problem_text(error)}")
            return False
        self._new = False
        self._dirty = False
        self.status.emit(f"Saved {self.spec.noun} {name_of(record)}")
        if not reselect:
            return True
        self.form.show_record(record)
        self.form_title.setText(self._title(record))
        self.select_key(record.key)
        self._set_buttons()
        return True

    def revert(self) -> None:
        self._new = False
        self._dirty = False
        self.clear_problem()
        self._show_current()

    def delete_selected(self) -> None:
        """Delete the selected record; when others use it, say what goes with it and ask first."""
        key = self.selected_key()
        if key is None:
            return
        self.clear_problem()
        record = self.model.record(self.model.row_of(key))
        workspace = self.session.workspace
        uses = uses_of(workspace, self.spec.kind, key)
        if uses and not confirm_deletion(
            self, f"Delete {self.spec.noun} {name_of(record)}?", uses_text(workspace, self.spec.kind, key, uses)
        ):
            self.status.emit(f"Not deleted: {name_of(record)}")
            return
        try:
            self.session.delete(self.spec.kind, key, based_on=record)
        except ConflictError as error:
            self._resolve_conflict(error, "deleted")
            return
        except FundtrackerError as error:
            self.show_problem(f"Not deleted: {problem_text(error)}")
            return
        self.status.emit(f"Deleted {self.spec.noun} {name_of(record)} — Edit ▸ Undo brings it back")

    def _resolve_conflict(self, error: ConflictError, done: str) -> None:
        """Someone else changed the record since it was shown: say who and when; Reload on request."""
        self.show_problem(f"Not {done}: {conflict_text(error)}")
        if ask_reload(self, error):
            self.session.reload()
            self.revert()
            self.status.emit(f"Reloaded {self.spec.noun}s with the changes saved by others")
        else:
            self.show_problem(f"Not {done}: {conflict_text(error)}")  # again: their change arrived meanwhile

    # -- messages ----------------------------------------------------------------

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))

    def clear_problem(self) -> None:
        self.message.clear()
        self.message.setVisible(False)

    def _follow_name(self, *_: Any) -> None:
        """A new record's key is made from its name as it is typed, until the key itself is typed in."""
        if not self._new or self._key_typed:
            return
        typed = [self.form.text_of(name).strip() for name in self.spec.name_fields]
        name = next((text for text in typed if text), "")
        key_editor = self.form.editors["key"]
        if name and isinstance(key_editor, QLineEdit):
            key_editor.setText(key_from_name(name, taken_keys(self.session.workspace, self.spec.kind), self.spec.kind))

    def _key_edited(self, *_: Any) -> None:
        self._key_typed = True

    def _form_edited(self) -> None:
        self._dirty = True
        self._set_buttons()

    def _set_buttons(self) -> None:
        self.save_button.setEnabled(self._dirty)
        self.revert_button.setEnabled(self._dirty)
        self.delete_button.setEnabled(self.selected_key() is not None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A search box with nothing of its own to undo lets Ctrl+Z (and redo) reach Edit ▸ Undo.

        A line edit claims those keys even when it has nothing to undo, so after a Save that left
        the focus in a search box Ctrl+Z did nothing (trial finding m2).
        """
        if watched is self.filter and event.type() == QEvent.Type.ShortcutOverride:
            assert isinstance(event, QKeyEvent)
            if (event.matches(QKeySequence.StandardKey.Undo) and not self.filter.isUndoAvailable()) or (
                event.matches(QKeySequence.StandardKey.Redo) and not self.filter.isRedoAvailable()
            ):
                event.ignore()
                return True
        return super().eventFilter(watched, event)

    def focus_filter(self) -> Any:
        self.filter.setFocus()
        self.filter.selectAll()
