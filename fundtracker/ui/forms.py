"""A record's full fields in a form, with the domain's message next to each field it concerns.

:meth:`RecordForm.read` builds the record from what was typed; anything the
parsers refuse is shown beside its field and nothing is returned. A save the
service refuses (:class:`ValidationError`) is shown the same way by
:meth:`RecordForm.show_problems`. The typed text is never thrown away.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from fundtracker.domain.errors import InputError, Problem
from fundtracker.domain.records import Organization
from fundtracker.domain.validation import validate_organization, validate_record
from fundtracker.ui import fields as F
from fundtracker.ui.delegates import qdate

ERROR_STYLE = "color: #c62828;"


class OptionalDateEdit(QWidget):
    """A date with a calendar popup, or none (the box unticked)."""

    def __init__(self, label: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.has_date = QCheckBox()
        self.has_date.setToolTip(f"Tick to give {label.lower()} a date; untick for none")
        self.has_date.setAccessibleName(f"{label}: has a date")
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setAccessibleName(label)
        self.has_date.toggled.connect(self.date.setEnabled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.has_date)
        layout.addWidget(self.date, 1)
        self.setFocusProxy(self.date)

    def set_value(self, value: Any) -> None:
        self.has_date.setChecked(value is not None)
        self.date.setEnabled(value is not None)
        self.date.setDate(qdate(value) if value is not None else QDate.currentDate())

    def text(self) -> str:
        return self.date.date().toString("yyyy-MM-dd") if self.has_date.isChecked() else ""


class RecordForm(QWidget):
    """Every field of one record, editable, with a message line under each field.

    Args:
        fields: the fields shown, in order.
        choices: gives the allowed values of a choice field (references are looked up live).
        labels: gives what people read for those values (a referenced record's name).

    Signals:
        edited(): the user changed a field.
        fixed(): the last message shown beside a field went away (each marked field was put right).
    """

    edited = Signal()
    fixed = Signal()

    def __init__(
        self,
        fields: tuple[F.Field, ...],
        choices: Callable[[F.Field], tuple[str, ...]] | None = None,
        parent: QWidget | None = None,
        labels: Callable[[F.Field], dict[str, str]] | None = None,
        advanced: tuple[str, ...] = (),
    ) -> None:
        super().__init__(parent)
        self.fields = fields
        self._choices = choices or (lambda field: field.choices)
        self._labels = labels or (lambda field: {})
        self.editors: dict[str, QWidget] = {}
        self.messages: dict[str, QLabel] = {}
        self.units: dict[str, list[QLabel]] = {}  # the unit labels beside each field's box
        self._record: Any = None
        self._shown: dict[str, str] = {}  # each editor's text when the record was shown
        self._marked_text: dict[str, str] = {}  # each marked field's text when its message was shown
        self._loading = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        main = QFormLayout()
        extra = QFormLayout()
        for form in (main, extra):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        outer.addLayout(main)
        # Fields few people need (a record's key) sit under "Advanced", folded away.
        self.advanced_toggle = QToolButton()
        self.advanced_toggle.setText("Advanced")
        self.advanced_toggle.setCheckable(True)
        self.advanced_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.advanced_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.advanced_toggle.setAutoRaise(True)
        self.advanced_toggle.setToolTip(
            "Show the fields few people need, such as the key files and the command line use"
        )
        self.advanced = QWidget()
        self.advanced.setLayout(extra)
        self.advanced.setVisible(False)
        self.advanced_toggle.toggled.connect(self.show_advanced)
        if advanced:
            outer.addWidget(self.advanced_toggle, 0, Qt.AlignmentFlag.AlignLeft)
            outer.addWidget(self.advanced)
        else:
            self.advanced_toggle.setVisible(False)
        for field in fields:
            layout = extra if field.name in advanced else main
            editor = self._make_editor(field)
            message = QLabel()
            message.setStyleSheet(ERROR_STYLE)
            message.setWordWrap(True)
            message.setVisible(False)
            message.setAccessibleName(f"{field.label} problem")
            cell = QWidget()
            column = QVBoxLayout(cell)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.setAlignment(Qt.AlignmentFlag.AlignTop)
            column.addWidget(self._with_units(field, editor))
            column.addWidget(message)
            label = QLabel(f"{field.label}:")
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            label.setBuddy(editor)
            label.setToolTip(field.tooltip)
            layout.addRow(label, cell)
            self.editors[field.name] = editor
            self.messages[field.name] = message

    # -- building ----------------------------------------------------------------

    def _with_units(self, field: F.Field, editor: QWidget) -> QWidget:
        """The editor with its unit beside it ("$" before an amount, "%" after a percent, "FTE" …)."""
        before, after = F.units(field)
        if not before and not after:
            return editor
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(4)
        if before:
            line.addWidget(self._unit_label(field, editor, before))
        line.addWidget(editor, 1)
        if after:
            line.addWidget(self._unit_label(field, editor, after))
        return row

    def _unit_label(self, field: F.Field, editor: QWidget, text: str) -> QLabel:
        unit = QLabel(text)
        unit.setAccessibleName(f"{field.label} unit")
        unit.setToolTip(field.tooltip)
        unit.setMinimumWidth(unit.sizeHint().width())
        self.units.setdefault(field.name, []).append(unit)
        return unit

    def _make_editor(self, field: F.Field) -> QWidget:
        editor: QWidget
        if field.type in (F.CHOICE, F.OPTIONAL_CHOICE, F.BOOL):
            editor = QComboBox()
            editor.currentIndexChanged.connect(self._changed)
        elif field.type == F.DATE:
            editor = QDateEdit()
            editor.setCalendarPopup(True)
            editor.setDisplayFormat("yyyy-MM-dd")
            editor.dateChanged.connect(self._changed)
        elif field.type == F.OPTIONAL_DATE:
            editor = OptionalDateEdit(field.label)
            editor.date.dateChanged.connect(self._changed)
            editor.has_date.toggled.connect(self._changed)
        elif field.type in (F.LONG_TEXT, F.TRANCHES, F.OUTCOMES, F.FRINGE_COMPONENTS):
            editor = QPlainTextEdit()
            editor.setTabChangesFocus(True)
            editor.setMaximumHeight(90)
            if field.type == F.TRANCHES:
                editor.setPlaceholderText("Only for a tranches schedule: one per line, e.g. 2022-03-01 10,000.00")
            elif field.type == F.OUTCOMES:
                editor.setPlaceholderText("Instead of one chance: one per line, e.g. 30% 450,000 +2 (2 months late)")
            elif field.type == F.FRINGE_COMPONENTS:
                editor.setPlaceholderText("Optional, one per line adding up to the rate, e.g. FICA 7.65%")
            editor.textChanged.connect(self._changed)
        else:
            editor = QLineEdit()
            editor.textEdited.connect(self._changed)
            if field.type == F.MONEY:
                editor.setAlignment(Qt.AlignmentFlag.AlignRight)
                editor.setPlaceholderText("e.g. 78,268.00")
            elif field.type == F.DEPENDENCE:
                editor.setPlaceholderText("e.g. federal 80% 20%; empty: depends on nothing")
            elif field.type in (F.PERCENT, F.RATE, F.OPTIONAL_RATE):
                editor.setPlaceholderText("e.g. 35" if field.type != F.OPTIONAL_RATE else "empty: default")
        editor.setToolTip(field.tooltip)
        editor.setAccessibleName(field.label)
        editor.setEnabled(field.editable)
        return editor

    def _fill_choices(self, field: F.Field, combo: QComboBox, value: Any) -> None:
        combo.blockSignals(True)
        combo.clear()
        if field.type == F.BOOL:
            combo.addItem("yes", True)
            combo.addItem("no", False)
        else:
            if field.type == F.OPTIONAL_CHOICE:
                combo.addItem(F.NONE_TEXT, None)
            labels = self._labels(field)
            for choice in self._choices(field):
                combo.addItem(labels.get(choice, F.choice_label(choice)), choice)
        position = combo.findData(value)
        combo.setCurrentIndex(max(position, 0))
        combo.blockSignals(False)

    def _changed(self, *_: Any) -> None:
        if not self._loading:
            self.edited.emit()
            self._recheck()

    def _recheck(self) -> None:
        """Take away the message of each marked field that was changed and is now right.

        "Right" means what was typed reads, and the record's own rules (a start before its end,
        a percent in range …) find nothing wrong with that field any more. A field nobody
        touched keeps its message (a key used twice, say, is only known when saving).
        """
        marked = [name for name, label in self.messages.items() if not label.isHidden()]
        changed = [name for name in marked if self.text_of(name) != self._marked_text.get(name)]
        if not changed:
            return
        record = self._record
        wrong: set[str] = set()
        for field in self.fields:
            if not field.editable:
                continue
            try:
                value = F.parse(field, self.text_of(field.name), self._choices(field))
            except InputError:
                wrong.add(field.name)
                continue
            record = F.set_value(record, field.name, value)
        for problem in own_problems(record):
            name = self.field_for(problem.field)
            if name is not None:
                wrong.add(name)
        for name in changed:
            if name not in wrong:
                self.messages[name].clear()
                self.messages[name].setVisible(False)
        if all(label.isHidden() for label in self.messages.values()):
            self.fixed.emit()

    # -- showing and reading -------------------------------------------------------

    @property
    def record(self) -> Any:
        """The record shown (what :meth:`read` starts from)."""
        return self._record

    def show_record(self, record: Any) -> None:
        """Show ``record``'s values and clear any message."""
        self._record = record
        self._loading = True
        for field in self.fields:
            self._set_editor(field, F.get_value(record, field.name))
        self._loading = False
        self._shown = {field.name: self.text_of(field.name) for field in self.fields}
        self.clear_messages()

    def typed_over(self, record: Any) -> bool:
        """Whether a field typed in since the record was shown has also changed in ``record``.

        Then the form cannot simply :meth:`rebase`: saving would put the typed value over
        the other change unseen. It keeps its base, and saving is refused as a stale edit.
        """
        return any(
            self.text_of(field.name) != self._shown.get(field.name)
            and F.get_value(record, field.name) != F.get_value(self._record, field.name)
            for field in self.fields
        )

    def rebase(self, record: Any) -> None:
        """The saved record changed under the form (an undo, a cell edit, another user).

        Fields not edited since the record was shown take the new values; edited fields
        keep what was typed. :meth:`read` then builds on the new record, so saving the
        form never puts back a value that was changed elsewhere.
        """
        self._loading = True
        for field in self.fields:
            if self.text_of(field.name) == self._shown.get(field.name):
                self._set_editor(field, F.get_value(record, field.name))
                self._shown[field.name] = self.text_of(field.name)
        self._loading = False
        self._record = record

    def _set_editor(self, field: F.Field, value: Any) -> None:
        editor = self.editors[field.name]
        editor.blockSignals(True)
        if isinstance(editor, QComboBox):
            self._fill_choices(field, editor, value)
        elif isinstance(editor, QDateEdit):
            editor.setDate(qdate(value))
        elif isinstance(editor, OptionalDateEdit):
            editor.set_value(value)
        elif isinstance(editor, QPlainTextEdit):
            editor.setPlainText(F.edit_text(field, value))
        elif isinstance(editor, QLineEdit):
            editor.setText(F.edit_text(field, value))
        editor.blockSignals(False)

    def text_of(self, name: str) -> str:
        """What the editor of field ``name`` holds, as text."""
        editor = self.editors[name]
        if isinstance(editor, QComboBox):
            data = editor.currentData()
            return "" if data is None else ("yes" if data is True else "no" if data is False else str(data))
        if isinstance(editor, QDateEdit):
            return editor.date().toString("yyyy-MM-dd")
        if isinstance(editor, OptionalDateEdit):
            return editor.text()
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        if isinstance(editor, QLineEdit):
            return editor.text()
        return ""

    def read(self) -> Any | None:
        """The record as typed, or None after showing each refused field's message."""
        record = self._record
        failed: set[str] = set()
        self.clear_messages()
        for field in self.fields:
            if not field.editable:
                continue
            try:
                value = F.parse(field, self.text_of(field.name), self._choices(field))
            except InputError as error:
                self.show_message(field.name, error.message)
                failed.add(field.name)
                continue
            record = F.set_value(record, field.name, value)
        if not failed:
            return record
        # Every problem at once, not one per Save: the record's own rules on the fields that did read.
        for problem in own_problems(record):
            name = self.field_for(problem.field)
            if name is not None and name not in failed and problem.message not in self.messages[name].text():
                current = self.messages[name].text()
                self.show_message(name, f"{current}\n{problem.message}" if current else problem.message)
        return None

    # -- messages ----------------------------------------------------------------

    def clear_messages(self) -> None:
        for label in self.messages.values():
            label.clear()
            label.setVisible(False)

    def show_message(self, name: str, message: str) -> None:
        label = self.messages[name]
        label.setText(message)
        label.setVisible(True)
        self._marked_text[name] = self.text_of(name)  # the message goes when this text is put right
        if self.advanced.isAncestorOf(label):
            self.show_advanced(True)  # a problem with a folded-away field must be seen

    def show_advanced(self, shown: bool) -> None:
        """Unfold (or fold) the Advanced fields."""
        self.advanced.setVisible(shown)
        self.advanced_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        if self.advanced_toggle.isChecked() != shown:
            self.advanced_toggle.setChecked(shown)

    def show_problems(self, problems: list[Problem]) -> list[Problem]:
        """Show each problem beside its field; returns those that concern no field shown."""
        rest = []
        for problem in problems:
            name = self.field_for(problem.field)
            if name is None:
                rest.append(problem)
            else:
                current = self.messages[name].text()
                self.show_message(name, f"{current}\n{problem.message}" if current else problem.message)
        return rest

    def field_for(self, problem_field: str) -> str | None:
        """The shown field a problem's field path points at (``schedule.tranches[0].amount`` → tranches)."""
        for field in sorted(self.fields, key=lambda f: -len(f.name)):
            if problem_field == field.name or problem_field.startswith((f"{field.name}.", f"{field.name}[")):
                return field.name
        return None


def own_problems(record: Any) -> list[Problem]:
    """The rules of one record alone (no references to others): what a form can check as it is typed."""
    if isinstance(record, Organization):
        return validate_organization(record)
    try:
        return validate_record(record)
    except (KeyError, TypeError, ValueError):
        return []  # not a kind of record the rules know: nothing to check here
