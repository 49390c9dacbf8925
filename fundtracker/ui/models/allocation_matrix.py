"""Allocations as a matrix: cost lines down, funding streams across, percents in the cells.

A cell shows the percent of the cost line charged to the stream on the chosen day
(allocations can change over time). Editing a cell creates, updates or deletes the
allocation through the session. The last column is the row's total; it turns red
above 100 %. An edit that would take a row above 100 % is refused by the service;
the typed percent stays in the cell (red, italic) with the reason, and is saved
together with the next edit of that row that brings the total back to 100 % or less.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from fundtracker.domain.errors import FundtrackerError, InputError
from fundtracker.domain.money import format_decimal
from fundtracker.domain.records import Allocation
from fundtracker.services.changes import CREATE, DELETE, UPDATE, Step
from fundtracker.services.names import cost_line_names
from fundtracker.ui import fields as F
from fundtracker.ui.models.record_table import FIELD_ROLE, problem_text
from fundtracker.ui.session import WorkspaceSession

AnyIndex = QModelIndex | QPersistentModelIndex
PERCENT_FIELD = F.Field(
    "percent", "Percent", F.OPTIONAL_PERCENT, tooltip="Share of the cost line charged to this stream"
)
OVER_COLOR = QColor("#c62828")
HUNDRED = Decimal(100)
OVER_FROM = re.compile(r"add up to [\d.]+% from (\d{4}-\d{2}-\d{2})")


def header_lines(name: str, width: int = 18, most: int = 3) -> str:
    """A stream's name over up to three short lines, so a column is as narrow as its percents allow."""
    import textwrap

    lines = textwrap.wrap(name, width) or [name]
    if len(lines) > most:
        lines = [*lines[: most - 1], textwrap.shorten(" ".join(lines[most - 1 :]), width, placeholder="…")]
    return "\n".join(lines)


def active_on(allocation: Allocation, day: date) -> bool:
    return (allocation.start is None or allocation.start <= day) and (allocation.end is None or allocation.end >= day)


class AllocationMatrixModel(QAbstractTableModel):
    """Cost lines × streams, percents on ``as_of``.

    Signals:
        problem(str): an edit was refused; the text says why ("" once no refusal applies).
    """

    problem = Signal(str)
    KEEPS_REFUSED_VALUES = True  # a refused share stays in its cell (pending), not in an open editor

    def __init__(self, session: WorkspaceSession, as_of: date, parent: Any = None) -> None:
        super().__init__(parent)
        self.session = session
        self.as_of = as_of
        self.pending: dict[tuple[str, str], Decimal] = {}
        self._load()
        session.changed.connect(self.reload)

    def _load(self) -> None:
        workspace = self.session.workspace
        names = cost_line_names(workspace)
        self.lines: list[tuple[str, str]] = [
            (p.key, names[p.key]) for p in sorted(workspace.positions, key=lambda p: p.key)
        ]
        self.lines += [(e.key, names[e.key]) for e in sorted(workspace.expenses, key=lambda e: e.key)]
        self.streams: list[tuple[str, str]] = [(s.key, s.name) for s in workspace.streams]
        self.allocations = workspace.allocations
        self.names = {**names, **dict(self.streams)}

    def reload(self) -> None:
        self.beginResetModel()
        self._load()
        self.endResetModel()

    def set_as_of(self, day: date) -> None:
        self.as_of = day
        self.pending.clear()
        self.reload()

    @property
    def total_column(self) -> int:
        return len(self.streams)

    # -- figures -----------------------------------------------------------------

    def active(self, cost: str, stream: str) -> list[Allocation]:
        return [a for a in self.allocations if a.cost == cost and a.stream == stream and active_on(a, self.as_of)]

    def saved_percent(self, cost: str, stream: str) -> Decimal:
        return sum((a.percent for a in self.active(cost, stream)), Decimal(0))

    def percent(self, cost: str, stream: str) -> Decimal:
        """What the cell shows: a pending (refused) value, else what is saved."""
        return self.pending.get((cost, stream), self.saved_percent(cost, stream))

    def row_total(self, row: int) -> Decimal:
        cost = self.lines[row][0]
        return sum((self.percent(cost, stream) for stream, _name in self.streams), Decimal(0))

    # -- Qt model API -------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.streams) + 1

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal:
            if section == self.total_column:
                return "Total" if role == Qt.ItemDataRole.DisplayRole else "Sum of the row; at most 100%"
            key, name = self.streams[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return header_lines(name)
            return f"{name} (key {key})" if role == Qt.ItemDataRole.ToolTipRole else None
        if 0 <= section < len(self.lines):
            key, name = self.lines[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return name
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"Cost line {name} (key {key})"
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        return base if index.column() == self.total_column else base | Qt.ItemFlag.ItemIsEditable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        cost = self.lines[index.row()][0]
        if index.column() == self.total_column:
            total = self.row_total(index.row())
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{format_decimal(total)}%"
            if role == Qt.ItemDataRole.ForegroundRole and total > HUNDRED:
                return QBrush(OVER_COLOR)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.ToolTipRole:
                name = self.names.get(cost, cost)
                return f"{format_decimal(total)}% of {name} allocated" + (" — more than 100%!" if total > 100 else "")
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return None
        stream = self.streams[index.column()][0]
        percent = self.percent(cost, stream)
        is_pending = (cost, stream) in self.pending
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{format_decimal(percent)}%" if percent or is_pending else ""
        if role == Qt.ItemDataRole.EditRole:
            return format_decimal(percent) if percent else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and is_pending:
            return QBrush(OVER_COLOR)
        if role == Qt.ItemDataRole.FontRole and is_pending:
            font = QFont()
            font.setItalic(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            note = " (not saved: the row would exceed 100%)" if is_pending else ""
            share = f"{self.names.get(cost, cost)} → {self.names.get(stream, stream)}"
            return f"{share}: {format_decimal(percent)}% on {self.as_of.isoformat()}{note}"
        if role == FIELD_ROLE:
            return PERCENT_FIELD
        return None

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole or index.column() == self.total_column:
            return False
        cost = self.lines[index.row()][0]
        stream = self.streams[index.column()][0]
        try:
            percent = F.parse(PERCENT_FIELD, str(value)) or Decimal(0)
        except InputError as error:
            self.problem.emit(str(error))
            return False
        wanted = {k: v for k, v in self.pending.items() if k[0] == cost}
        wanted[(cost, stream)] = percent
        # Lower shares first, so the row never passes 100 % on the way.
        changes = sorted(wanted.items(), key=lambda item: item[1] - self.saved_percent(*item[0]))
        steps = [step for (c, s), p in changes for step in self._steps(c, s, p)]
        try:
            names = self.names
            text = f"Allocate {format_decimal(percent)}% of {names.get(cost, cost)} to {names.get(stream, stream)}"
            self.session.apply(text, steps)
        except FundtrackerError as error:
            self.pending[(cost, stream)] = percent
            self.problem.emit(f"{self.names.get(cost, cost)}: {problem_text(error)}{self._other_day_hint(error)}")
            self._row_changed(index.row())
            return False
        for key in wanted:
            self.pending.pop(key, None)
        self._row_changed(index.row())
        if not self.pending:
            # Put right (even by typing back what was saved, which saves nothing): no refusal applies.
            self.problem.emit("")
        return True

    def _other_day_hint(self, error: FundtrackerError) -> str:
        """Where to look when a row is refused for a day the matrix does not show."""
        found = OVER_FROM.search(str(error))
        if found is None or found.group(1) == self.as_of.isoformat():
            return ""
        day = found.group(1)
        return f". Shares that start on other days count too: set “Allocations as of” to {day} to see them."

    def _row_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.total_column))

    def _steps(self, cost: str, stream: str, percent: Decimal) -> list[Step]:
        """The service calls that make ``cost``'s share of ``stream`` on ``as_of`` equal ``percent``."""
        active = self.active(cost, stream)
        if active:
            first, rest = active[0], active[1:]
            steps = [Step(DELETE, "allocation", a.key, a, None) for a in rest]
            if percent == 0:
                return [*steps, Step(DELETE, "allocation", first.key, first, None)]
            if percent == first.percent and not rest:
                return []
            changed = Allocation(first.cost, first.stream, percent, first.start, first.end)
            return [*steps, Step(UPDATE, "allocation", first.key, first, changed)]
        if percent == 0:
            return []
        # A new share starts on the chosen day (earlier months keep their allocations) and
        # ends where the row's shares change next; a cost line with no allocation at all gets
        # an open-ended one.
        start = self.as_of if any(a.cost == cost for a in self.allocations) else None
        created = Allocation(cost, stream, percent, start, self._share_end(cost))
        return [Step(CREATE, "allocation", created.key, None, created)]

    def _share_end(self, cost: str) -> date | None:
        """Where a new share of ``cost`` starting on ``as_of`` should end, so it never overlaps a later share.

        The day before the row's next share starts; else the last day of the row's current
        shares when they all end; else no end.
        """
        row = [a for a in self.allocations if a.cost == cost]
        later = [a.start for a in row if a.start is not None and a.start > self.as_of]
        if later:
            return min(later) - timedelta(days=1)
        ends = [a.end for a in row if active_on(a, self.as_of)]
        if ends and all(end is not None for end in ends):
            return max(end for end in ends if end is not None)
        return None
