"""Scenarios: the list, one scenario's overrides, and a side-by-side comparison."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from fundtracker.domain.errors import FundtrackerError, InputError
from fundtracker.domain.money import format_dollars
from fundtracker.domain.months import month_index, month_name
from fundtracker.domain.records import (
    STREAM_STATUSES,
    AddPosition,
    AllocationOverride,
    PositionOverride,
    PriorityOverride,
    Scenario,
    StreamOverride,
    Workspace,
)
from fundtracker.services.names import record_name
from fundtracker.ui import fields as F
from fundtracker.ui.fields import Field
from fundtracker.ui.models.record_table import CHOICES_ROLE, FIELD_ROLE, RecordTableModel, problem_text
from fundtracker.ui.session import WorkspaceSession

AnyIndex = QModelIndex | QPersistentModelIndex
MAX_COMPARED = 4


class ScenarioTableModel(RecordTableModel):
    """The workspace's scenarios."""

    KIND = "scenario"
    COL_KEY, COL_NAME, COL_DESCRIPTION = range(3)
    FIELDS = (
        Field("key", "Key", tooltip="A short unique name for the scenario."),
        Field("name", "Name", tooltip="What the scenario is called on the dashboard."),
        Field("description", "Description", tooltip="What the scenario supposes happens."),
    )


# What each override column means for a stream change and for a position change.
STREAM_FIELDS = {
    "drop": Field("drop", "Drop", F.BOOL, tooltip="Leave the stream out entirely"),
    "status": Field("status", "Status", F.OPTIONAL_CHOICE, STREAM_STATUSES, "The stream's status in this scenario"),
    "probability": Field("probability", "Chance", F.OPTIONAL_RATE, tooltip="The stream's chance in this scenario"),
    "amount": Field("amount", "Amount / salary", F.OPTIONAL_MONEY, tooltip="The stream's amount in this scenario"),
    "start": Field("start", "Starts", F.OPTIONAL_DATE, tooltip="The stream's start in this scenario"),
    "end": Field("end", "Ends", F.OPTIONAL_DATE, tooltip="The stream's end in this scenario"),
    "outcomes": Field(
        "outcomes",
        "Outcomes",
        F.OPTIONAL_OUTCOMES,
        tooltip="The stream's outcomes in this scenario: 'chance amount [+months late]', separated by ';'",
    ),
}
POSITION_FIELDS = {
    "drop": Field("drop", "Drop", F.BOOL, tooltip="Leave the position out entirely"),
    "amount": Field("annual_salary", "Amount / salary", F.OPTIONAL_MONEY, tooltip="The position's annual salary"),
    "start": Field("start", "Starts", F.OPTIONAL_DATE, tooltip="The position's start in this scenario"),
    "end": Field("end", "Ends", F.OPTIONAL_DATE, tooltip="The position's end in this scenario"),
    "fte": Field("fte", "FTE", F.DECIMAL, tooltip="The position's FTE in this scenario", unit="FTE"),
}

# A planned hire (a position only the scenario has): its fields live in the added position.
ADDED_FIELDS = {
    "target": Field("title", "Title", tooltip="The planned hire's job title"),
    "amount": Field("annual_salary", "Amount / salary", F.MONEY, tooltip="The planned hire's annual salary"),
    "start": Field("start", "Starts", F.DATE, tooltip="When the planned hire starts"),
    "end": Field("end", "Ends", F.OPTIONAL_DATE, tooltip="When the planned hire ends; empty when open-ended"),
    "fte": Field("fte", "FTE", F.DECIMAL, tooltip="The planned hire's FTE"),
    "priority": Field("priority", "Priority", F.OPTIONAL_INTEGER, tooltip="The planned hire's priority (1 first)"),
}
ALLOCATION_FIELDS = {
    "percent": Field("percent", "Share", F.PERCENT, tooltip="The share of the cost this stream pays (0 removes it)"),
    "start": Field("start", "Starts", F.OPTIONAL_DATE, tooltip="The share applies from this day; empty: always"),
    "end": Field("end", "Ends", F.OPTIONAL_DATE, tooltip="The share applies through this day; empty: always"),
}
PRIORITY_FIELDS = {
    "priority": Field(
        "priority", "Priority", F.OPTIONAL_INTEGER, tooltip="1 is paid first in this scenario; empty: no priority"
    ),
}


class OverrideTableModel(QAbstractTableModel):
    """The changes one scenario makes: to streams (status, chance, amount, dates) and positions.

    Signals:
        problem(str): an edit was refused; the text says why.
    """

    problem = Signal(str)
    (
        COL_TARGET,
        COL_DROP,
        COL_STATUS,
        COL_PROBABILITY,
        COL_AMOUNT,
        COL_START,
        COL_END,
        COL_OUTCOMES,
        COL_SHARE,
        COL_PRIORITY,
        COL_FTE,
    ) = range(11)
    COLUMNS = (
        "target",
        "drop",
        "status",
        "probability",
        "amount",
        "start",
        "end",
        "outcomes",
        "percent",
        "priority",
        "fte",
    )
    HEADERS = (
        "Changes",
        "Drop",
        "Status",
        "Chance",
        "Amount",
        "Starts",
        "Ends",
        "Outcomes",
        "Share",
        "Priority",
        "FTE",
    )
    HEADER_TIPS = (
        "The stream, position, planned hire, share or priority the change is about",
        "Leave it out entirely",
        "The stream's status in this scenario",
        "The stream's chance in this scenario",
        "The stream's amount, or the position's annual salary, in this scenario",
        "The start in this scenario",
        "The end in this scenario",
        "A stream's outcomes in this scenario (chance, amount, months late)",
        "The share of a cost a stream pays in this scenario",
        "Who is paid first in this scenario (1 first)",
        "A position's (or a planned hire's) FTE in this scenario",
    )

    def __init__(self, session: WorkspaceSession, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.scenario: Scenario | None = None
        session.changed.connect(self.reload)

    def show_scenario(self, key: str | None) -> None:
        self.beginResetModel()
        self.scenario = self.session.workspace.find("scenario", key) if key else None
        self.endResetModel()

    def reload(self) -> None:
        self.show_scenario(self.scenario.key if self.scenario else None)

    def overrides(self) -> tuple[Any, ...]:
        return self.scenario.overrides if self.scenario else ()

    def field(self, row: int, column: int) -> Field | None:
        override = self.overrides()[row]
        name = self.COLUMNS[column]
        if isinstance(override, StreamOverride):
            return STREAM_FIELDS.get(name)
        if isinstance(override, PositionOverride):
            return POSITION_FIELDS.get(name)
        if isinstance(override, AddPosition):
            return ADDED_FIELDS.get(name)
        if isinstance(override, AllocationOverride):
            return ALLOCATION_FIELDS.get(name)
        if isinstance(override, PriorityOverride):
            return PRIORITY_FIELDS.get(name)
        return None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.overrides())

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return self.HEADER_TIPS[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and self.field(index.row(), index.column()):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        override = self.overrides()[index.row()]
        field = self.field(index.row(), index.column())
        if index.column() == self.COL_TARGET and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            hires = {o.position.key: o.position.title for o in self.overrides() if isinstance(o, AddPosition)}
            return describe_target(override, self.session.workspace, hires)
        if field is None:
            return "" if role == Qt.ItemDataRole.DisplayRole else None
        value = getattr(_holder(override), field.name)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else F.display(field, value)
        if role == Qt.ItemDataRole.EditRole:
            return F.edit_text(field, value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{field.tooltip}; empty keeps the stored value"
        if role == FIELD_ROLE:
            return field
        if role == CHOICES_ROLE:
            return field.choices
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        field = self.field(index.row(), index.column()) if index.isValid() else None
        if field is None or self.scenario is None or role != Qt.ItemDataRole.EditRole:
            return False
        try:
            parsed = F.parse(field, str(value))
            overrides = list(self.scenario.overrides)
            overrides[index.row()] = _with_value(overrides[index.row()], field.name, parsed)
            changed = dataclasses.replace(self.scenario, overrides=tuple(overrides))
            self.session.update(
                "scenario", self.scenario.key, changed, f"Change {field.label.lower()} in scenario {self.scenario.name}"
            )
        except InputError as error:
            self.problem.emit(str(error))
            return False
        except FundtrackerError as error:
            self.problem.emit(problem_text(error))
            return False
        return True


def _holder(override: Any) -> Any:
    """The record whose fields a change's columns show: a planned hire's position, else the change."""
    return override.position if isinstance(override, AddPosition) else override


def _with_value(override: Any, name: str, value: Any) -> Any:
    if isinstance(override, AddPosition):
        return AddPosition(dataclasses.replace(override.position, **{name: value}))
    return dataclasses.replace(override, **{name: value})


def describe_target(override: Any, workspace: Workspace, added: dict[str, str] | None = None) -> str:
    """The stream, position, planned hire, share or priority a scenario change is about, by name."""

    def cost(key: str) -> str:
        return (added or {}).get(key) or record_name(workspace, "cost", key)

    if isinstance(override, StreamOverride):
        return f"Stream: {record_name(workspace, 'stream', override.stream)}"
    if isinstance(override, PositionOverride):
        return f"Position: {record_name(workspace, 'position', override.position)}"
    if isinstance(override, AddPosition):
        return f"Planned hire: {override.position.title}"
    if isinstance(override, AllocationOverride):
        return f"Share: {cost(override.cost)} paid by {record_name(workspace, 'stream', override.stream)}"
    if isinstance(override, PriorityOverride):
        return f"Priority: {cost(override.cost)}"
    kind = type(override).__name__
    return f"{kind} (edit in the workspace file)"


@dataclass(frozen=True)
class ComparisonRow:
    """One scenario's figures for the comparison table (from the engine)."""

    key: str | None
    name: str
    secured_through: date | None
    expected_through: date | None
    shortfall: int
    unfunded: int
    projection: Any


class ComparisonModel(QAbstractTableModel):
    """Scenarios side by side: funded through (secured, expected) and shortfalls; tick 2–4 to chart them.

    Signals:
        chosen_changed(): the ticked rows changed.
        problem(str): a tick was refused.
    """

    chosen_changed = Signal()
    problem = Signal(str)
    COL_NAME, COL_SECURED, COL_EXPECTED, COL_SHORTFALL, COL_UNFUNDED = range(5)
    HEADERS = ("Scenario", "Secured through", "Expected through", "Short to FY end", "Unfunded")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.rows: list[ComparisonRow] = []
        self.chosen: list[str | None] = [None]
        self.year_end = ""
        self.fiscal_year = ""

    def set_rows(self, rows: list[ComparisonRow], year_end: str, fiscal_year: str = "") -> None:
        """Show ``rows``.

        Args:
            year_end: the fiscal year end the shortfall runs to, in words
                ("the end of next fiscal year (FY2028, ending April 2028)").
            fiscal_year: that fiscal year's short name for the header ("FY2028").
        """
        self.beginResetModel()
        self.rows = rows
        self.year_end = year_end
        self.fiscal_year = fiscal_year
        keys = [row.key for row in rows]
        self.chosen = [key for key in self.chosen if key in keys] or keys[:2]
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if role == Qt.ItemDataRole.DisplayRole:
                if section == self.COL_SHORTFALL and self.fiscal_year:
                    return f"Short to end of {self.fiscal_year}"
                return self.HEADERS[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return (
                    "The scenario",
                    "Funded through, counting secured money only",
                    "Funded through, counting expected money too",
                    f"Unfunded cost from the start through {self.year_end} (expected view)",
                    "Unfunded cost over the whole forecast (expected view)",
                )[section]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.column() == self.COL_NAME else base

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.CheckStateRole and column == self.COL_NAME:
            return Qt.CheckState.Checked if row.key in self.chosen else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= self.COL_SHORTFALL:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if column == self.COL_NAME:
            return row.name
        if column == self.COL_SECURED:
            return through_text(row.secured_through)
        if column == self.COL_EXPECTED:
            return through_text(row.expected_through)
        if column == self.COL_SHORTFALL:
            return format_dollars(row.shortfall)
        return format_dollars(row.unfunded)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.CheckStateRole or index.column() != self.COL_NAME:
            return False
        key = self.rows[index.row()].key
        checked = Qt.CheckState(value) == Qt.CheckState.Checked if not isinstance(value, bool) else value
        if checked and key not in self.chosen:
            if len(self.chosen) >= MAX_COMPARED:
                self.problem.emit(f"Compare at most {MAX_COMPARED} scenarios at once; untick one first.")
                return False
            self.chosen.append(key)
        elif not checked and key in self.chosen:
            self.chosen.remove(key)
        self.dataChanged.emit(index, index)
        self.chosen_changed.emit()
        return True

    def chosen_rows(self) -> list[ComparisonRow]:
        return [row for row in self.rows if row.key in self.chosen]


def through_text(day: date | None) -> str:
    return "beyond the horizon" if day is None else month_name(month_index(day))
