"""The Transactions page: every imported transaction, found, sorted, totalled, reclassified, exported.

Filters (words, a month range, a stream, a category) choose the rows; the total under the table
is the chosen rows' sum to the cent. Selected rows move to another stream and/or category as one
change (:meth:`WorkspaceSession.apply`: saved, audited, one undo step); a row in a locked month
refuses the whole change, and the message under the table names the month. Export… writes the
chosen rows, with a total row, to CSV or XLSX.
"""

from __future__ import annotations

import calendar
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fundtracker.domain.errors import FundtrackerError
from fundtracker.domain.money import format_money
from fundtracker.domain.months import MonthIndex, format_month, year_month
from fundtracker.exports.actuals_import import CATEGORIES
from fundtracker.services import transactions as tx
from fundtracker.ui.models.transactions import TransactionTableModel
from fundtracker.ui.session import WorkspaceSession
from fundtracker.ui.table_export import export_rows

MESSAGE_STYLE = "color: #c62828; font-weight: 600;"
ANY = None  # a filter combo's "any" entry
KEEP = None  # a reclassify combo's "leave as it is" entry
# Widths in characters: measured, not fitted to contents (which would read all 100,000 rows).
WIDTHS = (11, 14, 24, 12, 24, 10, 20, 9, 32, 24, 11)


def _short(month: MonthIndex) -> str:
    """A month as a filter names it: "Sep 2022"."""
    year, number = year_month(month)
    return f"{calendar.month_abbr[number]} {year}"


def _money(cents: int) -> str:
    return format_money(cents, symbol=True, grouping=True)


def _combo(name: str, tip: str, characters: int = 16) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.setToolTip(tip)
    # Sized for a short name, not the longest (a stream's name can be a sentence): the page fits 1024 pixels.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
    return combo


def _refill(combo: QComboBox, items: list[tuple[str, Any]]) -> None:
    """Replace a combo's entries, keeping the chosen one when it is still there."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for label, value in items:
        combo.addItem(label, value)
    found = combo.findData(current)
    combo.setCurrentIndex(found if found >= 0 else 0)
    combo.blockSignals(False)


class TransactionsPage(QWidget):
    """The transaction ledger of the imported actual spending.

    Signals:
        status(str): a short note for the status bar.
    """

    status = Signal(str)

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = TransactionTableModel(session, self)

        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Find transactions (payee, memo, account, number, amount…)")
        self.filter.setClearButtonEnabled(True)
        self.filter.setAccessibleName("Find transactions")
        self.filter.setToolTip("Show only transactions holding every word typed here (Ctrl+F)")
        self.first = _combo("From month", "Show transactions from this month", 8)
        self.last = _combo("To month", "Show transactions through this month", 8)
        self.stream = _combo("Stream", "Show one stream's transactions", 14)
        self.category = _combo("Category", "Show one SF-424A category's transactions", 11)
        for combo in (self.first, self.last, self.stream, self.category):
            combo.currentIndexChanged.connect(self._choose)
        self.filter.textChanged.connect(self._choose)
        top = QHBoxLayout()
        top.addWidget(self.filter, 1)
        for text, combo in (
            ("From", self.first),
            ("to", self.last),
            ("Stream", self.stream),
            ("Category", self.category),
        ):
            label = QLabel(text)
            label.setBuddy(combo)
            top.addWidget(label)
            top.addWidget(combo)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Transactions")
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        character = self.fontMetrics().averageCharWidth()
        for column, width in enumerate(WIDTHS):
            self.table.setColumnWidth(column, width * character + 12)
        self.table.sortByColumn(TransactionTableModel.COL_DATE, Qt.SortOrder.AscendingOrder)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.model.modelReset.connect(self._selected)

        self.totals = QLabel()
        self.totals.setAccessibleName("Totals of the transactions shown")
        self.totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.move_stream = _combo("Move to stream", "The stream the selected transactions move to", 14)
        self.move_category = _combo("Move to category", "The category the selected transactions move to", 11)
        self.reclassify_button = QPushButton("&Reclassify selected")
        self.reclassify_button.setToolTip(
            "Move the selected transactions to the stream and/or category chosen, as one change "
            "(Edit ▸ Undo puts them back); refused for transactions in a locked month"
        )
        self.reclassify_button.clicked.connect(self.reclassify_selected)
        self.export_button = QPushButton("&Export…")
        self.export_button.setToolTip("Write the transactions shown, with their total, to a CSV or Excel file")
        self.export_button.clicked.connect(self.export)
        bottom = QHBoxLayout()
        bottom.addWidget(QLabel("Move selected to stream"))
        bottom.addWidget(self.move_stream)
        bottom.addWidget(QLabel("category"))
        bottom.addWidget(self.move_category)
        bottom.addWidget(self.reclassify_button)
        bottom.addStretch(1)
        bottom.addWidget(self.export_button)
        self.message = QLabel()
        self.message.setStyleSheet(MESSAGE_STYLE)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Problem")

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addLayout(bottom)
        layout.addWidget(self.message)
        session.changed.connect(self._fill_choices)
        self._fill_choices()

    # -- filters -------------------------------------------------------------------

    def _fill_choices(self) -> None:
        months = self.model.ledger.month_span()
        _refill(self.first, [("(first)", ANY)] + [(_short(m), m) for m in months])
        _refill(self.last, [("(last)", ANY)] + [(_short(m), m) for m in months])
        names = sorted(self.model.names.items(), key=lambda item: item[1].casefold())
        streams = [(name, key) for key, name in names]
        _refill(self.stream, [("(any)", ANY), ("(no stream)", tx.NO_STREAM), *streams])
        _refill(self.category, [("(any)", ANY)] + [(c, c) for c in CATEGORIES])
        _refill(self.move_stream, [("(as it is)", KEEP), ("(no stream)", tx.NO_STREAM), *streams])
        _refill(self.move_category, [("(as it is)", KEEP)] + [(c, c) for c in CATEGORIES])
        self._choose()

    def _choose(self, *_: Any) -> None:
        self.model.set_choice(
            tx.Choice(
                text=self.filter.text(),
                first=self.first.currentData(),
                last=self.last.currentData(),
                stream=self.stream.currentData(),
                category=self.category.currentData(),
            )
        )
        self._selected()

    def _selected(self, *_: Any) -> None:
        shown, every = len(self.model.rows), len(self.model.all)
        text = f"{shown:,} of {every:,} transactions shown, total {_money(self.model.total)}"
        selected = self.selected()
        if selected:
            picked = tx.total(self.model.rows[row] for row in self.selected_rows())
            text += f" · {len(selected):,} selected, {_money(picked)}"
        self.totals.setText(text)
        self.reclassify_button.setEnabled(bool(selected) and not self.session.read_only)

    def selected_rows(self) -> list[int]:
        return sorted({index.row() for index in self.table.selectionModel().selectedRows()})

    def selected(self) -> list[str]:
        """The keys of the selected transactions."""
        return [self.model.rows[row].key for row in self.selected_rows() if row < len(self.model.rows)]

    # -- changing ------------------------------------------------------------------

    def reclassify_selected(self) -> bool:
        """Move the selected transactions to the chosen stream and/or category (one undoable change)."""
        self.message.clear()
        keys = self.selected()
        stream, category = self.move_stream.currentData(), self.move_category.currentData()
        try:
            steps = tx.reclassify(
                self.session.workspace, keys, self.session.service.locked_months(), stream=stream, category=category
            )
            text = tx.reclassify_text(steps, self.model.names, stream, category)
            self.session.apply(text, steps)
        except FundtrackerError as error:
            self.message.setText(f"Not reclassified: {error}")
            return False
        self.status.emit(f"{text} — Edit ▸ Undo puts them back")
        return True

    def export(self) -> Path | None:
        rows = list(self.model.rows)
        names = dict(self.model.names)
        first, last = self.first.currentData(), self.last.currentData()
        span = "-".join(format_month(m) for m in (first, last) if m is not None)
        return export_rows(
            self,
            what="Transactions",
            file_name=f"transactions{'-' + span if span else ''}.csv",
            headers=tx.HEADERS,
            rows=lambda: tx.export_rows(rows, names),
            workspace_location=self.session.location,
            title="Transactions",
        )

    def focus_filter(self) -> None:
        self.filter.setFocus()
        self.filter.selectAll()
