"""The Budget vs actual page: figures after an import, Undo import as an undo step, the main window's entries."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from fundtracker.domain.months import month_of
from fundtracker.exports.actuals_import import ParsedRow
from fundtracker.services.actuals import import_actuals
from fundtracker.services.budget_vs_actual import budget_vs_actual
from fundtracker.ui.models.budget_vs_actual import BatchTableModel, VarianceTableModel
from fundtracker.ui.pages.budget_vs_actual import BudgetVsActualPage

pytestmark = pytest.mark.gui
AS_OF = date(2022, 3, 1)  # January and February closed
ROWS = [
    ParsedRow(2, date(2022, 1, 31), 433_333, "personnel", "combat", "January payroll"),
    ParsedRow(3, date(2022, 2, 10), 12_000, "supplies", "", "Phones"),
]


@pytest.fixture
def page(qtbot, session):
    widget = BudgetVsActualPage(session, AS_OF)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    return widget


def test_the_page_shows_the_report_after_an_import_and_undo_import_is_one_step(qtbot, page, session, stored) -> None:
    assert page.batches.rowCount() == 0
    assert page.help.text().endswith("No spending has been imported yet.")
    result = import_actuals(session.service, ROWS, source="books.csv")
    session.changed.emit()

    report = budget_vs_actual(stored(), as_of=AS_OF)
    assert page.variance.rowCount() == len(report.lines)
    row = next(
        r for r, line in enumerate(page.variance.items) if line.stream == "combat" and line.category == "personnel"
    )
    assert page.variance.index(row, VarianceTableModel.COL_ACTUAL).data() == "$4,333.33"
    assert page.batches.rowCount() == 1
    assert page.batches.index(0, BatchTableModel.COL_BATCH).data() == result.batch

    assert not page.undo_button.isEnabled()
    page.batch_table.selectRow(0)
    assert page.undo_button.isEnabled()
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert stored().actuals == ()
    assert page.batches.rowCount() == 0
    assert session.undo_stack.undoText() == f"Undo import {result.batch} (2 rows)"
    assert session.service.audit_log(limit=1)[0].action == "undo import"

    keys = [f"{result.batch}-000001", f"{result.batch}-000002"]
    session.undo_stack.undo()  # brings the batch back, same id and keys
    assert [a.key for a in stored().actuals] == keys
    assert [(a.stream, a.amount, a.category, a.memo) for a in stored().actuals] == [
        ("combat", 433_333, "personnel", "January payroll"),
        (None, 12_000, "supplies", "Phones"),
    ]
    assert page.batches.rowCount() == 1
    session.undo_stack.redo()
    assert stored().actuals == ()


def test_changing_the_as_of_day_recomputes(qtbot, page, session) -> None:
    import_actuals(session.service, ROWS, source="books.csv")
    session.changed.emit()
    page.as_of.setDate(page.as_of.date().addMonths(-2))  # 2022-01-01: January is open, nothing closed has spending
    assert page.report.as_of == date(2022, 1, 1)
    assert all(line.actual == 0 for line in page.variance.items)
    # January's plan: 3 advocates × ($4,333.33 + $1,083.33) + the lead's $5,166.67 + $1,291.67 = $22,708.32,
    # and the phones ($120 a month) that no allocation charges: $22,828.32.
    assert page.month_to_date.text() == (
        "Closed months through 2021-12-31. January 2022 so far (the open month, not counted above): "
        "budget for the month $22,828.32, spent through 2022-01-01 $0.00."
    )
    page.as_of.setDate(page.as_of.date().addMonths(1))  # 2022-02-01: the January payroll counts now
    assert sum(line.actual for line in page.variance.items) == 433_333


def test_the_main_window_has_the_page_and_the_import_command(qtbot, sample_path: Path) -> None:
    from fundtracker.ui.file_actions import open_location
    from fundtracker.ui.main_window import PAGES, MainWindow

    window = MainWindow(start=month_of(2022, 3), today=date(2022, 3, 1))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.workspace_ready, timeout=15000):
        open_location(window, str(sample_path))
    file_menu = window.menuBar().actions()[0].menu()
    assert "&Import actual spending…" in [action.text() for action in file_menu.actions()]
    window.navigation.setCurrentRow(PAGES.index("Budget vs actual"))
    page = window.stack.currentWidget()
    assert isinstance(page, BudgetVsActualPage)
    assert page.day() == date(2022, 3, 1)
    window.dashboard.cancel_probability()


def test_the_totals_row_adds_up_the_lines_shown(qtbot, page, session) -> None:
    import_actuals(session.service, ROWS, source="books.csv")
    session.changed.emit()
    report = page.report
    assert page.total.text().startswith(
        f"Total: budget ${report.total.budget / 100:,.2f}, actual ${report.total.actual / 100:,.2f}"
    )
    page.filter.setText("(no stream)")  # the phones: $120 spent of the $240 nobody allocated
    # The percent written as the table writes it.
    expected = "Total of the 1 lines shown: budget $240.00, actual $120.00, variance $120.00, 50% spent"
    assert page.total.text() == expected


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_writes_what_the_page_shows(qtbot, page, session, tmp_path, monkeypatch, suffix) -> None:
    import csv

    import openpyxl

    from fundtracker.ui import file_dialogs

    import_actuals(session.service, ROWS, source="books.csv")
    session.changed.emit()
    target = tmp_path / f"bva{suffix}"
    monkeypatch.setattr(file_dialogs, "save_path", lambda *args: str(target))
    boxes = []
    monkeypatch.setattr(file_dialogs, "exported", lambda parent, path, what, note="": boxes.append((path, what)))
    assert page.export() == str(target)
    assert boxes == [(str(target), "Budget vs actual")]
    report = page.report
    if suffix == ".csv":
        rows = list(csv.DictReader(target.open(encoding="utf-8")))
        assert len(rows) == len(report.lines) + 1
        assert rows[-1]["stream_name"] == "Total" and rows[-1]["budget"] == f"{report.total.budget / 100:.2f}"
        no_stream = next(r for r in rows if r["stream_name"] == "(no stream)")
        assert (no_stream["budget"], no_stream["actual"]) == ("240.00", "120.00")
    else:
        sheet = openpyxl.load_workbook(target)["Budget vs actual"]
        assert sheet.page_setup.orientation == "landscape" and sheet.oddFooter.center.text == "Page &P of &N"
        assert sheet.cell(5 + len(report.lines), 1).value == "Total"
