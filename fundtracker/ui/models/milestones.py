"""The timeline (milestones) of one application as an editable table.

Each edited cell replaces the application's ``milestones`` tuple through
:func:`fundtracker.ui.application_edits.save_application`: validated, saved at once,
audited, one undo step.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from fundtracker.domain.errors import FundtrackerError, InputError
from fundtracker.domain.records import Application, Milestone
from fundtracker.ui import fields as F
from fundtracker.ui.application_edits import save_application
from fundtracker.ui.models.record_table import CHOICES_ROLE, FIELD_ROLE, problem_text
from fundtracker.ui.session import WorkspaceSession

AnyIndex = QModelIndex | QPersistentModelIndex


class MilestoneTableModel(QAbstractTableModel):
    """Rows: the application's milestones in stored order; columns: ``FIELDS``.

    Signals:
        problem(str): an edit was refused; the text says why.
    """

    COL_START = 0
    COL_END = 1
    COL_ACTIVITY = 2
    COL_RESPONSIBLE = 3
    FIELDS = (
        F.Field("start", "Start", F.DATE, tooltip="The day the activity starts."),
        F.Field("end", "End", F.OPTIONAL_DATE, tooltip="The day it ends; none for a one-day milestone."),
        F.Field("activity", "Activity", tooltip="What happens."),
        F.Field("responsible", "Responsible", tooltip="Who is responsible (a role or a name)."),
    )
    problem = Signal(str)

    def __init__(self, session: WorkspaceSession, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.key: str | None = None
        self._milestones: tuple[Milestone, ...] = ()
        session.changed.connect(self.reload)

    def set_application(self, key: str | None) -> None:
        self.key = key
        self.reload()

    def application(self) -> Application | None:
        if self.key is None or not self.session.ready:
            return None
        found: Application | None = self.session.workspace.find("application", self.key)
        return found

    def reload(self) -> None:
        application = self.application()
        milestones = application.milestones if application is not None else ()
        if len(milestones) == len(self._milestones):
            self._milestones = milestones
            if milestones:
                self.dataChanged.emit(self.index(0, 0), self.index(len(milestones) - 1, len(self.FIELDS) - 1))
            return
        self.beginResetModel()
        self._milestones = milestones
        self.endResetModel()

    def milestone(self, row: int) -> Milestone:
        return self._milestones[row]

    # -- changing ----------------------------------------------------------------

    def _save(self, milestones: tuple[Milestone, ...], text: str) -> bool:
        application = self.application()
        if application is None:
            return False
        try:
            save_application(self.session, dataclasses.replace(application, milestones=milestones), text)
        except FundtrackerError as error:
            self.problem.emit(f"Not saved: {problem_text(error)}")
            return False
        return True

    def add(self, default_start: date | None = None) -> bool:
        """Add a milestone at the end (starting at the project period's start, or ``default_start``)."""
        application = self.application()
        if application is None:
            return False
        start = application.period_start or default_start or date.today()
        milestone = Milestone(start=start, end=None, activity="New activity")
        return self._save((*self._milestones, milestone), f"Add a milestone to {application.key}")

    def remove(self, row: int) -> bool:
        if not 0 <= row < len(self._milestones):
            return False
        milestones = self._milestones[:row] + self._milestones[row + 1 :]
        return self._save(milestones, f"Delete milestone {self._milestones[row].activity!r} of {self.key}")

    # -- Qt model API -------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._milestones)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.FIELDS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.FIELDS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.FIELDS[section].label
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.FIELDS[section].tooltip
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable if index.isValid() else super().flags(index)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        field = self.FIELDS[index.column()]
        value = F.get_value(self._milestones[index.row()], field.name)
        if role == Qt.ItemDataRole.DisplayRole:
            return F.display(field, value)
        if role == Qt.ItemDataRole.EditRole:
            return F.edit_text(field, value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{field.label}: {F.display(field, value)}\n{field.tooltip}"
        if role == FIELD_ROLE:
            return field
        if role == CHOICES_ROLE:
            return field.choices
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        field = self.FIELDS[index.column()]
        try:
            parsed = F.parse(field, value) if isinstance(value, str) else value
        except InputError as error:
            self.problem.emit(str(error))
            return False
        row = index.row()
        changed = F.set_value(self._milestones[row], field.name, parsed)
        milestones = (*self._milestones[:row], changed, *self._milestones[row + 1 :])
        return self._save(milestones, f"Change {field.label.lower()} of milestone {row + 1} of {self.key}")
