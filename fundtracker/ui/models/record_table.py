"""A table model over one kind of workspace record, edited through the session.

Subclasses name their columns with ``COL_*`` constants and list a :class:`Field`
per column in ``FIELDS``. ``setData`` parses the typed text with the field's
parser and calls :meth:`WorkspaceSession.update` (an undoable, saved, audited
edit); a refused edit returns False and emits :attr:`problem` with the domain's
message.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt, Signal

from fundtracker.domain.errors import FundtrackerError, InputError, ValidationError
from fundtracker.services.names import name_of, record_name
from fundtracker.services.problem_text import field_label, problem_line
from fundtracker.ui import fields as F
from fundtracker.ui.session import WorkspaceSession

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1  # the record (frozen dataclass)
KEY_ROLE = Qt.ItemDataRole.UserRole + 2  # the record's key
SORT_ROLE = Qt.ItemDataRole.UserRole + 3  # a value that sorts naturally (cents, dates)
FIELD_ROLE = Qt.ItemDataRole.UserRole + 4  # the column's Field (for delegates)
CHOICES_ROLE = Qt.ItemDataRole.UserRole + 5  # allowed values of a choice column
CHOICE_LABELS_ROLE = Qt.ItemDataRole.UserRole + 6  # what people read for each allowed value (names, not keys)

RIGHT_ALIGNED = (
    F.MONEY,
    F.PERCENT,
    F.OPTIONAL_PERCENT,
    F.RATE,
    F.OPTIONAL_RATE,
    F.DECIMAL,
    F.INTEGER,
    F.OPTIONAL_INTEGER,
)
AnyIndex = QModelIndex | QPersistentModelIndex


def problem_text(error: FundtrackerError) -> str:
    """The message a person reads for a refused edit: each field by its label, without the record prefix."""
    if isinstance(error, ValidationError):
        lines: list[str] = []
        for problem in error.problems:
            line = problem_line(problem)
            if line not in lines:  # one rule broken by several records is said once
                lines.append(line)
        return "; ".join(lines)
    return str(error)


class RecordTableModel(QAbstractTableModel):
    """Rows are the records of ``KIND`` in the open workspace; columns are ``FIELDS``.

    Signals:
        problem(str): an edit was refused; the text says why.
    """

    KIND = ""
    FIELDS: tuple[F.Field, ...] = ()
    problem = Signal(str)

    def __init__(self, session: WorkspaceSession, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.form_labels: dict[str, str] = {}  # labels of fields shown only in a form (set by the page)
        self._records: tuple[Any, ...] = self.load_records()
        session.changed.connect(self.reload)

    # -- data --------------------------------------------------------------------

    def load_records(self) -> tuple[Any, ...]:
        return tuple(self.session.workspace.records(self.KIND))

    def reload(self) -> None:
        """Read the records again; rows stay put when only values changed."""
        records = self.load_records()
        if [r.key for r in records] == [r.key for r in self._records]:
            self._records = records
            if records:
                self.dataChanged.emit(self.index(0, 0), self.index(len(records) - 1, len(self.FIELDS) - 1))
            return
        self.beginResetModel()
        self._records = records
        self.endResetModel()

    def record(self, row: int) -> Any:
        return self._records[row]

    def row_of(self, key: str) -> int:
        """The row of the record with ``key``, or −1."""
        for row, record in enumerate(self._records):
            if record.key == key:
                return row
        return -1

    def choices(self, field: F.Field) -> tuple[str, ...]:
        """Allowed values of a choice column (subclasses add references to other records)."""
        return field.choices

    def choice_labels(self, field: F.Field) -> dict[str, str]:
        """What a person reads for each value of a reference column: the record's name, not its key."""
        return {}

    def shown(self, field: F.Field, value: Any) -> str:
        """A cell's text: a referenced record by its name, anything else as the field shows it."""
        if value is not None and field.type in (F.CHOICE, F.OPTIONAL_CHOICE):
            label = self.choice_labels(field).get(str(value))
            if label is not None:
                return label
        return F.display(field, value)

    # -- Qt model API -------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._records)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.FIELDS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.FIELDS):
            return None
        field = self.FIELDS[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return field.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return field.tooltip or None
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and self.FIELDS[index.column()].editable:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        record = self._records[index.row()]
        field = self.FIELDS[index.column()]
        value = F.get_value(record, field.name)
        if role == Qt.ItemDataRole.DisplayRole:
            return self.shown(field, value)
        if role == Qt.ItemDataRole.EditRole:
            return F.edit_text(field, value)
        if role == Qt.ItemDataRole.ToolTipRole:
            shown = self.shown(field, value)
            if field.name == "key" or shown != F.display(field, value):
                shown += f" (key {value})" if field.name != "key" else ""
            return f"{field.label}: {shown}" + (f"\n{field.tooltip}" if field.tooltip else "")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if field.type in RIGHT_ALIGNED:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        if role == RECORD_ROLE:
            return record
        if role == KEY_ROLE:
            return record.key
        if role == SORT_ROLE:
            return _sort_value(value)
        if role == FIELD_ROLE:
            return field
        if role == CHOICES_ROLE:
            return self.choices(field)
        if role == CHOICE_LABELS_ROLE:
            return self.choice_labels(field)
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        record = self._records[index.row()]
        field = self.FIELDS[index.column()]
        try:
            parsed = value if not isinstance(value, str) else F.parse(field, value, self.choices(field))
            changed = F.set_value(record, field.name, parsed)
            self.session.update(
                self.KIND, record.key, changed, f"Change {field.label.lower()} of {name_of(record)}", based_on=record
            )
        except InputError as error:
            self.problem.emit(str(error))
            return False
        except FundtrackerError as error:
            self.problem.emit(self.refusal_text(record.key, error))
            return False
        return True

    def refusal_text(self, key: str, error: FundtrackerError) -> str:
        """Why a cell edit was refused, naming fields by their labels.

        A rule about a field the table has no column for (a stream's tranches) says where
        that field is edited.
        """
        who = record_name(self.session.workspace, self.KIND, key)
        if not isinstance(error, ValidationError):
            return f"{who}: {error}"
        columns = {field.name: field.label for field in self.FIELDS}
        labels = {**self.form_labels, **columns}
        parts, elsewhere = [], []
        for problem in error.problems:
            name = _field_of(problem.field, labels)
            label = field_label(problem.kind, problem.field, labels)
            part = f"{label}: {problem.message}" if label else problem.message
            if part not in parts:
                parts.append(part)
            if name and name not in columns and labels[name] not in elsewhere:
                elsewhere.append(labels[name])
        text = f"{who}: {'; '.join(parts)}"
        if elsewhere:
            text += f". Edit {', '.join(label.lower() for label in elsewhere)} in the form beside the table."
        return text


def _field_of(path: str, names: dict[str, str]) -> str:
    """The named field a problem's path points at (``schedule.tranches[0].amount`` → ``schedule.tranches``)."""
    for name in sorted(names, key=len, reverse=True):
        if path == name or path.startswith((f"{name}.", f"{name}[")):
            return name
    return ""


def _sort_value(value: Any) -> Any:
    """Values of one column compare with each other; None sorts first."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, str)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return float(value)  # Decimal rates and percents: sorting only, never money


class RecordFilterProxy(QSortFilterProxyModel):
    """Sorts by each column's natural value and filters on any column's text (case-insensitive)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
