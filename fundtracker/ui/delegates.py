"""Cell editors for money, percents, dates and choices.

Text editors check what was typed with the field's parser before committing: a
value the domain refuses keeps the editor open with the typed text, a red frame
and the domain's message (tooltip, and the :attr:`problem` signal the page shows).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractProxyModel,
    QDate,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from fundtracker.domain.errors import InputError
from fundtracker.ui import fields as F
from fundtracker.ui.models.record_table import CHOICES_ROLE, FIELD_ROLE

AnyIndex = QModelIndex | QPersistentModelIndex
INVALID_STYLE = "QLineEdit { border: 2px solid #c62828; }"
NO_DATE = QDate(1900, 1, 1)
COMMIT_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)


def _field(index: AnyIndex) -> F.Field:
    field: F.Field = index.data(FIELD_ROLE)
    return field


class _Delegate(QStyledItemDelegate):
    """Leaves alone an editor its view has let go of.

    Saving a cell can make the model reset (the page shows the saved workspace again): the view then
    releases its open editor, but only removes the filter of its own default delegate, so a column's
    delegate still sees the editor's key press and the focus it loses as it hides, and Qt's handling
    would commit it to a view that no longer knows it ("QAbstractItemView::commitData called with an
    editor that does not belong to this view", issue 11). Each editor remembers its cell
    (the ``cell`` property: a Qt property, since Python attributes go with a wrapper that Qt may
    replace); once that cell is gone, the editor is no longer the view's.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if released(watched):
            return False  # the editor's own handling only; nothing to commit to
        return super().eventFilter(watched, event)


def released(editor: QObject) -> bool:
    """Whether the view let ``editor`` go (its cell was reset or removed)."""
    cell = editor.property("cell")
    return isinstance(cell, QPersistentModelIndex) and not cell.isValid()


class TextFieldDelegate(_Delegate):
    """A line editor whose text must parse as the column's field before it is committed.

    Signals:
        problem(str): the typed text was refused; the domain's message ("" once it no longer applies).
    """

    problem = Signal(str)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        editor = QLineEdit(parent)
        field = _field(index)
        editor.setProperty("field_label", field.label)
        editor.setAccessibleName(field.label)
        editor.setToolTip(field.tooltip)
        editor.setProperty("choices", index.data(CHOICES_ROLE))
        editor.setProperty("field_index", index.column())
        editor.setProperty("_field", field)
        editor.setProperty("cell", QPersistentModelIndex(index))
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QLineEdit) and not editor.property("invalid"):
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if not isinstance(editor, QLineEdit) or editor.property("committed"):
            return  # already saved by the key that closes the editor
        if self.check(editor) is None:
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)

    def check(self, editor: QLineEdit) -> str | None:
        """Parse the editor's text; on failure mark the editor and return the message."""
        field: F.Field = editor.property("_field")
        choices = editor.property("choices")
        try:
            F.parse(field, editor.text(), tuple(choices) if choices else None)
        except InputError as error:
            self.mark_refused(editor, str(error))
            return str(error)
        editor.setProperty("invalid", False)
        editor.setStyleSheet("")
        return None

    def mark_refused(self, editor: QLineEdit, message: str, *, announce: bool = True) -> None:
        """Show that the editor's text was refused: red frame, the message as tooltip."""
        editor.setProperty("invalid", True)
        editor.setProperty("refused", True)
        editor.setStyleSheet(INVALID_STYLE)
        editor.setToolTip(message)
        QToolTip.showText(editor.mapToGlobal(editor.rect().bottomLeft()), message, editor)
        if announce:
            self.problem.emit(message)

    def commit(self, editor: QLineEdit) -> bool:
        """Save the editor's text now; False (editor marked, text kept) when a rule refuses it.

        Rules that span fields (tranches that must add up, an end before a start) are only
        known to the service, so the value is saved before the editor closes: a refused
        value keeps the editor open with what was typed, as a value that does not parse does.
        """
        index = editor.property("cell")
        if not isinstance(index, QPersistentModelIndex) or not index.isValid():
            return True
        model = index.model()
        source: Any = model
        while isinstance(source, QAbstractProxyModel):
            source = source.sourceModel()
        if getattr(source, "KEEPS_REFUSED_VALUES", False):
            return True  # the model shows a refused value in its cell itself (the allocation matrix)
        if editor.text() == str(index.data(Qt.ItemDataRole.EditRole) or ""):
            return self._accepted(editor)
        messages: list[str] = []
        reporter = getattr(source, "problem", None)
        if reporter is not None:
            reporter.connect(messages.append)
        try:
            saved = model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)
        finally:
            if reporter is not None:
                reporter.disconnect(messages.append)
        if saved:
            return self._accepted(editor)
        self.mark_refused(editor, messages[-1] if messages else "Not saved.", announce=False)
        return False

    def _accepted(self, editor: QLineEdit) -> bool:
        if editor.property("refused"):
            self.problem.emit("")  # the earlier refusal no longer applies
        editor.setProperty("committed", True)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QLineEdit) and not watched.property("committed"):
            pressed = event.type() == QEvent.Type.KeyPress
            commit = pressed and isinstance(event, QKeyEvent) and event.key() in COMMIT_KEYS
            leave = event.type() == QEvent.Type.FocusOut  # Escape removes this filter before the editor hides
            if (commit or leave) and (self.check(watched) is not None or not self.commit(watched)):
                return True  # keep the editor open with what was typed
            if commit and released(watched):
                return True  # saved, and the view already closed the editor: nothing left to commit
        return super().eventFilter(watched, event)


class MoneyDelegate(TextFieldDelegate):
    """Money cells: accepts "78268", "78,268.00", "$78,268.5" (what ``parse_money`` reads)."""


class PercentDelegate(TextFieldDelegate):
    """Percent and rate cells: "35" or "35%"."""


class DateDelegate(_Delegate):
    """Date cells: a date editor with a calendar popup; optional dates can be set to none."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        editor = QDateEdit(parent)
        editor.setProperty("cell", QPersistentModelIndex(index))
        editor.setCalendarPopup(True)
        editor.setDisplayFormat("yyyy-MM-dd")
        field = _field(index)
        editor.setAccessibleName(field.label)
        editor.setToolTip(field.tooltip)
        if field.type == F.OPTIONAL_DATE:
            editor.setMinimumDate(NO_DATE)
            editor.setSpecialValueText("none")
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QDateEdit):
            text = str(index.data(Qt.ItemDataRole.EditRole) or "")
            editor.setDate(QDate.fromString(text, "yyyy-MM-dd") if text else NO_DATE)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QDateEdit):
            chosen = editor.date()
            text = "" if chosen == NO_DATE else chosen.toString("yyyy-MM-dd")
            model.setData(index, text, Qt.ItemDataRole.EditRole)


class ChoiceDelegate(_Delegate):
    """Enum and reference cells: a combo box of the allowed values."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: AnyIndex) -> QWidget:
        editor = QComboBox(parent)
        editor.setProperty("cell", QPersistentModelIndex(index))
        field = _field(index)
        editor.setAccessibleName(field.label)
        editor.setToolTip(field.tooltip)
        if field.type == F.BOOL:
            values: tuple[str, ...] = ("yes", "no")
        else:
            values = tuple(index.data(CHOICES_ROLE) or ())
            if field.type == F.OPTIONAL_CHOICE:
                editor.addItem(F.NONE_TEXT, "")
        for value in values:
            editor.addItem(F.choice_label(value), value)
        return editor

    def setEditorData(self, editor: QWidget, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            current = str(index.data(Qt.ItemDataRole.EditRole) or "")
            position = editor.findData(current)
            editor.setCurrentIndex(max(position, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: AnyIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, str(editor.currentData() or ""), Qt.ItemDataRole.EditRole)


def delegate_for(field: F.Field, parent: QObject) -> QStyledItemDelegate:
    """The editor that suits a field type."""
    if field.type in (F.MONEY, F.OPTIONAL_MONEY):
        return MoneyDelegate(parent)
    if field.type in (F.PERCENT, F.OPTIONAL_PERCENT, F.RATE, F.OPTIONAL_RATE):
        return PercentDelegate(parent)
    if field.type in (F.DATE, F.OPTIONAL_DATE):
        return DateDelegate(parent)
    if field.type in (F.CHOICE, F.OPTIONAL_CHOICE, F.BOOL):
        return ChoiceDelegate(parent)
    return TextFieldDelegate(parent)


def install_delegates(view: QAbstractItemView, fields: tuple[F.Field, ...], on_problem: Any = None) -> None:
    """Give each column of ``view`` the delegate its field needs."""
    for column, field in enumerate(fields):
        delegate = delegate_for(field, view)
        if on_problem is not None and isinstance(delegate, TextFieldDelegate):
            delegate.problem.connect(on_problem)
        view.setItemDelegateForColumn(column, delegate)


def qdate(value: date | None) -> QDate:
    return NO_DATE if value is None else QDate(value.year, value.month, value.day)
