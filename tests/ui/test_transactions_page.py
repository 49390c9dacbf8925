"""The Transactions page on real widgets: filters, the exact total, sorting, reclassifying (one undo step,
refused in locked months), export, and 100,000 rows."""

from __future__ import annotations

import csv
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox

from fundtracker.domain.money import format_money
from fundtracker.domain.months import month_index, month_of
from fundtracker.domain.records import Actual
from fundtracker.exports.actuals_import import ParsedRow
from fundtracker.exports.xlsx_cells import CURRENCY
from fundtracker.services.actuals import import_actuals
from fundtracker.services.changes import ActualBatch, import_batch
from fundtracker.ui import file_dialogs
from fundtracker.ui.models.transactions import TransactionTableModel as Model
from fundtracker.ui.pages.transactions import TransactionsPage

pytestmark = pytest.mark.gui

ROWS = [
    ParsedRow(2, date(2022, 1, 31), 433_333, "personnel", "COMBAT", "Jan salary", payee="Maria Pena", number="1041"),
    ParsedRow(3, date(2022, 2, 14), 13_540, "supplies", "", "Phones, Feb", account="6500 Telephone", payee="Verizon"),
    ParsedRow(4, date(2022, 3, 2), -2_501, "travel", "health", "Mileage refund", payee="A. Okafor"),
    ParsedRow(5, date(2022, 3, 20), 99_999, "other", "", "Printer", account="6100 Office", number="INV-77"),
]


@pytest.fixture
def page(qtbot, session):
    import_actuals(session.service, ROWS, source="gl.csv", batch="b1")
    session.reload()
    widget = TransactionsPage(session)
    qtbot.addWidget(widget)
    widget.resize(1400, 600)
    widget.show()
    return widget


def _money(cents: int) -> str:
    return format_money(cents, symbol=True, grouping=True)


def _column(page, column: int) -> list[str]:
    return [page.model.index(row, column).data() for row in range(page.model.rowCount())]


def _select(page, rows: list[int]) -> None:
    selection = page.table.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(
            page.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def test_filters_and_the_total_of_what_is_shown(qtbot, page) -> None:
    assert _column(page, Model.COL_MEMO) == ["Jan salary", "Phones, Feb", "Mileage refund", "Printer"]
    assert _column(page, Model.COL_AMOUNT) == ["$4,333.33", "$135.40", "-$25.01", "$999.99"]
    assert _column(page, Model.COL_STREAM)[1] == "(no stream)"
    assert page.totals.text() == "4 of 4 transactions shown, total $5,443.71"
    page.first.setCurrentIndex(page.first.findData(month_of(2022, 3)))
    assert _column(page, Model.COL_MEMO) == ["Mileage refund", "Printer"]
    assert page.model.total == -2_501 + 99_999
    assert page.totals.text() == "2 of 4 transactions shown, total $974.98"
    page.first.setCurrentIndex(0)
    page.stream.setCurrentIndex(page.stream.findData(""))  # no stream
    assert _column(page, Model.COL_MEMO) == ["Phones, Feb", "Printer"]
    page.stream.setCurrentIndex(0)
    qtbot.keyClicks(page.filter, "verizon")
    assert _column(page, Model.COL_PAYEE) == ["Verizon"]
    page.filter.clear()
    page.category.setCurrentIndex(page.category.findData("personnel"))
    assert _column(page, Model.COL_NUMBER) == ["1041"]


def test_headers_sort_the_rows(qtbot, page) -> None:
    page.table.sortByColumn(Model.COL_AMOUNT, Qt.SortOrder.DescendingOrder)
    assert _column(page, Model.COL_AMOUNT) == ["$4,333.33", "$999.99", "$135.40", "-$25.01"]
    page.table.sortByColumn(Model.COL_PAYEE, Qt.SortOrder.AscendingOrder)
    assert _column(page, Model.COL_PAYEE) == ["", "A. Okafor", "Maria Pena", "Verizon"]


def test_reclassify_selected_is_one_undo_step(qtbot, page, session, stored) -> None:
    _select(page, [1, 3])
    assert page.totals.text().endswith("· 2 selected, $1,135.39")
    page.move_stream.setCurrentIndex(page.move_stream.findData("donors"))
    qtbot.mouseClick(page.reclassify_button, Qt.MouseButton.LeftButton)
    assert page.message.text() == ""
    moved = {a.memo: a.stream for a in stored().actuals}
    assert moved == {"Jan salary": "combat", "Phones, Feb": "donors", "Mileage refund": "health", "Printer": "donors"}
    assert session.undo_stack.undoText() == "Reclassify 2 transactions to Private community donors"
    assert _column(page, Model.COL_STREAM)[3] == "Private community donors"
    session.undo_stack.undo()
    assert {a.memo: a.stream for a in stored().actuals}["Printer"] is None
    assert _column(page, Model.COL_STREAM)[3] == "(no stream)"


def test_reclassify_in_a_locked_month_is_refused_and_says_which(qtbot, page, session, stored) -> None:
    february = month_index(date(2022, 2, 1))
    session.lock_months(range(february, february + 1))
    before = stored().actuals
    _select(page, [0, 1])
    page.move_category.setCurrentIndex(page.move_category.findData("other"))
    assert not page.reclassify_selected()
    assert page.message.text() == (
        "Not reclassified: 1 of the chosen transactions is in the locked month February 2022; nothing was "
        "reclassified (unlock the month with Edit ▸ Lock periods… to change it)"
    )
    assert stored().actuals == before


def test_export_writes_the_rows_shown_and_their_total(qtbot, page, tmp_path, monkeypatch) -> None:
    page.first.setCurrentIndex(page.first.findData(month_of(2022, 3)))
    for name in ("march.csv", "march.xlsx"):
        target = tmp_path / name
        monkeypatch.setattr(
            file_dialogs.QFileDialog, "getSaveFileName", lambda *a, target=target, **k: (str(target), "")
        )
        assert page.export() == target
        for box in page.findChildren(QMessageBox):
            box.close()
    with open(tmp_path / "march.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["Date", "Amount", "Account", "Category", "Stream", "Class", "Payee", "Number", "Memo", "Batch", "Posted"],
        ["2022-03-02", "-25.01", "", "travel", "Health Department fiscal host support", "health", "A. Okafor", "",
         "Mileage refund", "b1", ""],
        ["2022-03-20", "999.99", "6100 Office", "other", "", "", "", "INV-77", "Printer", "b1", ""],
        ["Total", "974.98", "", "", "", "", "", "", "2 transactions", "", ""],
    ]  # fmt: skip
    sheet = load_workbook(tmp_path / "march.xlsx").active
    amounts = [row[1].value for row in sheet.iter_rows(min_row=2)]
    assert amounts == [-25.01, 999.99, 974.98]
    assert sheet["B2"].number_format == CURRENCY  # the workbook's money format (negatives in parentheses)


def test_a_hundred_thousand_rows_filter_sort_and_total_exactly(qtbot, page, session) -> None:
    first = date(2020, 1, 1)
    many = tuple(
        Actual(
            key=f"big-{n:06d}",
            date=first + timedelta(days=n % 700),
            amount=(n * 7919) % 100_000 - 20_000,
            category="supplies" if n % 3 else "travel",
            memo=f"item {n}",
            batch="big",
        )
        for n in range(100_000)
    )
    session.service.apply([import_batch(ActualBatch("big", many, "big.csv"))])
    session.reload()
    assert page.model.rowCount() == 100_004
    page.category.setCurrentIndex(page.category.findData("travel"))
    travel = [a for a in many if a.category == "travel"]
    travel_rows = [r for r in ROWS if r.category == "travel"]
    assert page.model.rowCount() == len(travel) + len(travel_rows)
    assert page.model.total == sum(a.amount for a in travel) + sum(r.amount for r in travel_rows)
    page.table.sortByColumn(Model.COL_AMOUNT, Qt.SortOrder.AscendingOrder)
    amounts = [a.amount for a in page.model.rows]
    assert amounts == sorted(amounts)
    page.filter.setText("item 42423")  # a travel row (42423 is a multiple of 3), the only one holding 42423
    assert [a.memo for a in page.model.rows] == ["item 42423"]
    assert page.totals.text() == f"1 of 100,004 transactions shown, total {_money(many[42423].amount)}"


def test_the_main_window_has_the_page(qtbot, sample_path) -> None:
    from fundtracker.ui.file_actions import open_location
    from fundtracker.ui.main_window import PAGES, MainWindow

    window = MainWindow(start=month_of(2022, 3), today=date(2022, 3, 1))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.workspace_ready, timeout=15000):
        open_location(window, str(sample_path))
    window.navigation.setCurrentRow(PAGES.index("Transactions"))
    page = window.stack.currentWidget()
    assert isinstance(page, TransactionsPage)
    assert page.totals.text() == "0 of 0 transactions shown, total $0.00"
    assert not page.reclassify_button.isEnabled()
    window.dashboard.cancel_probability()
