"""Budget vs actual as tables: per stream and category, per stream's burn, and the imported batches.

Every figure comes from :func:`fundtracker.services.budget_vs_actual.budget_vs_actual` (or
:func:`~fundtracker.services.actuals.import_batches`) and is printed with
:mod:`fundtracker.domain.money`; ``SORT_ROLE`` gives cents so columns sort by amount.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from fundtracker.domain.money import format_decimal, format_money
from fundtracker.domain.months import month_index, month_name
from fundtracker.services.actuals import BatchInfo
from fundtracker.services.budget_vs_actual import BudgetVsActual, StreamBurn, VarianceLine
from fundtracker.ui.models.record_table import SORT_ROLE

AnyIndex = QModelIndex | QPersistentModelIndex
OVER_COLOR = QColor("#c62828")
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
NO_STREAM = "(no stream)"


def money(cents: int) -> str:
    """Money as the tables show it: "$78,268.00", "-$250.00"."""
    return format_money(cents, symbol=True, grouping=True)


class _ReadOnlyTable(QAbstractTableModel):
    """Rows of frozen records; subclasses say how a cell reads (:meth:`cell`) and sorts (:meth:`sort_key`)."""

    HEADERS: tuple[str, ...] = ()
    TIPS: tuple[str, ...] = ()
    NUMERIC: tuple[int, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.items: list[Any] = []

    def set_items(self, items: Sequence[Any]) -> None:
        self.beginResetModel()
        self.items = list(items)
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and section < len(self.TIPS):
            return self.TIPS[section]
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(item, column)
        if role == SORT_ROLE:
            return self.sort_key(item, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT if column in self.NUMERIC else LEFT
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(item, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return QBrush(OVER_COLOR) if self.is_over(item, column) else None
        return None

    def cell(self, item: Any, column: int) -> str:
        raise NotImplementedError

    def sort_key(self, item: Any, column: int) -> Any:
        return self.cell(item, column)

    def tooltip(self, item: Any, column: int) -> str | None:
        return None

    def is_over(self, item: Any, column: int) -> bool:
        return False


class VarianceTableModel(_ReadOnlyTable):
    """Per stream and category: budget to date, actual to date, variance, percent spent."""

    COL_STREAM, COL_CATEGORY, COL_BUDGET, COL_ACTUAL, COL_VARIANCE, COL_PERCENT = range(6)
    HEADERS = ("Stream", "Category", "Budget to date", "Actual to date", "Variance", "Spent")
    TIPS = (
        "The funding stream the spending is charged to",
        "SF-424A object class",
        "What the plan charges to the stream in this category, from the first stream start through the as-of month",
        "Spending imported for the stream and category, dated on or before the as-of day",
        "Budget − actual: positive is under budget, red is over",
        "Actual as a percent of budget",
    )
    NUMERIC = (COL_BUDGET, COL_ACTUAL, COL_VARIANCE, COL_PERCENT)

    def cell(self, item: VarianceLine, column: int) -> str:
        if column == self.COL_STREAM:
            return item.stream_name if item.stream else NO_STREAM
        if column == self.COL_CATEGORY:
            return item.category
        if column == self.COL_BUDGET:
            return money(item.budget)
        if column == self.COL_ACTUAL:
            return money(item.actual)
        if column == self.COL_VARIANCE:
            return money(item.variance)
        percent = item.percent_spent
        return "—" if percent is None else f"{format_decimal(percent)}%"

    def sort_key(self, item: VarianceLine, column: int) -> Any:
        cents = {
            self.COL_BUDGET: item.budget,
            self.COL_ACTUAL: item.actual,
            self.COL_VARIANCE: item.variance,
        }
        if column in cents:
            return cents[column]
        if column == self.COL_PERCENT:
            return -1.0 if item.percent_spent is None else float(item.percent_spent)
        return self.cell(item, column).lower()

    def tooltip(self, item: VarianceLine, column: int) -> str | None:
        if column == self.COL_STREAM:
            return f"{item.stream_name} ({item.stream})" if item.stream else "Spending that matched no funding stream"
        if column == self.COL_PERCENT and item.percent_spent is None:
            return "Nothing was budgeted for this stream and category"
        return None

    def is_over(self, item: VarianceLine, column: int) -> bool:
        return column in (self.COL_VARIANCE, self.COL_PERCENT) and item.variance < 0


class BurnTableModel(_ReadOnlyTable):
    """Per stream: award, spent, remaining, burn rate and the month it runs out at that rate."""

    COL_STREAM, COL_AWARD, COL_SPENT, COL_REMAINING, COL_BURN, COL_RUNS_OUT, COL_ENDS = range(7)
    HEADERS = ("Stream", "Award", "Spent to date", "Remaining", "Burn per month", "Runs out", "Stream ends")
    TIPS = (
        "The funding stream",
        "The stream's whole award",
        "Spending imported for the stream through the as-of day",
        "Award − spent (red: overspent)",
        "Spending per month since the later of the stream's start and its first transaction",
        "The first month the remaining award no longer covers a month at this burn rate",
        "The stream's last day",
    )
    NUMERIC = (COL_AWARD, COL_SPENT, COL_REMAINING, COL_BURN)

    def cell(self, item: StreamBurn, column: int) -> str:
        if column == self.COL_STREAM:
            return item.name
        if column == self.COL_AWARD:
            return money(item.amount)
        if column == self.COL_SPENT:
            return money(item.actual)
        if column == self.COL_REMAINING:
            return money(item.remaining)
        if column == self.COL_BURN:
            return money(item.burn_rate)
        if column == self.COL_RUNS_OUT:
            return "—" if item.runs_out is None else month_name(item.runs_out)
        return "no end" if item.end is None else month_name(month_index(item.end))

    def sort_key(self, item: StreamBurn, column: int) -> Any:
        cents = {
            self.COL_AWARD: item.amount,
            self.COL_SPENT: item.actual,
            self.COL_REMAINING: item.remaining,
            self.COL_BURN: item.burn_rate,
        }
        if column in cents:
            return cents[column]
        if column == self.COL_RUNS_OUT:
            return -1 if item.runs_out is None else item.runs_out
        if column == self.COL_ENDS:
            return "9999" if item.end is None else item.end.isoformat()
        return item.name.lower()

    def tooltip(self, item: StreamBurn, column: int) -> str | None:
        if column == self.COL_STREAM:
            return f"{item.name} ({item.stream})"
        if column == self.COL_BURN:
            months = f"{item.months} month{'s' * (item.months != 1)}"
            return f"{money(item.actual)} over {months}"
        if column == self.COL_RUNS_OUT:
            if item.runs_out is None:
                return "Nothing spent yet"
            if item.end is not None and item.runs_out > month_index(item.end):
                return "After the stream ends: the award outlasts the stream at this pace"
            return "Before the stream ends at this pace"
        return None

    def is_over(self, item: StreamBurn, column: int) -> bool:
        if column == self.COL_REMAINING:
            return item.remaining < 0
        if column == self.COL_RUNS_OUT and item.runs_out is not None and item.end is not None:
            return item.runs_out <= month_index(item.end)
        return False


class BatchTableModel(_ReadOnlyTable):
    """The imported batches still in the workspace."""

    COL_BATCH, COL_ROWS, COL_TOTAL, COL_FIRST, COL_LAST = range(5)
    HEADERS = ("Batch", "Rows", "Total", "First date", "Last date")
    TIPS = (
        "The import's batch id (when it was imported)",
        "Transactions in the batch",
        "Their amounts added up",
        "The earliest transaction",
        "The latest transaction",
    )
    NUMERIC = (COL_ROWS, COL_TOTAL)

    def cell(self, item: BatchInfo, column: int) -> str:
        return (
            item.batch,
            f"{item.rows:,}",
            money(item.total),
            item.first.isoformat(),
            item.last.isoformat(),
        )[column]

    def sort_key(self, item: BatchInfo, column: int) -> Any:
        if column == self.COL_ROWS:
            return item.rows
        if column == self.COL_TOTAL:
            return item.total
        return self.cell(item, column)

    def batch(self, row: int) -> BatchInfo:
        return self.items[row]  # type: ignore[no-any-return]


def fill(report: BudgetVsActual, variance: VarianceTableModel, burn: BurnTableModel) -> None:
    """Show ``report`` in the two models."""
    variance.set_items(report.lines)
    burn.set_items(report.streams)
