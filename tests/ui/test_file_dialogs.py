"""File dialogs start in Documents and remember the last folder per kind; an export offers Open and Show in folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

from fundtracker.ui import file_dialogs

pytestmark = pytest.mark.gui


@pytest.fixture
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folder (or suggested path) each save or open dialog started with; answers come from ``answer``."""
    started: list[str] = []

    def save(parent, title, start, file_filter):  # type: ignore[no-untyped-def]
        started.append(start)
        return answer.pop(0), ""

    monkeypatch.setattr(file_dialogs.QFileDialog, "getSaveFileName", save)
    monkeypatch.setattr(file_dialogs.QFileDialog, "getOpenFileName", save)
    return started


answer: list[str] = []


def test_dialogs_start_in_documents_then_in_the_folder_last_used_for_that_kind(
    qtbot, asked: list[str], tmp_path: Path
) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    documents = file_dialogs.documents_folder()
    assert documents.name == "Documents" or documents == Path.home()
    reports = tmp_path / "reports"
    reports.mkdir()
    answer[:] = [str(reports / "grant.pdf"), str(tmp_path / "budget.xlsx"), "", ""]
    assert file_dialogs.save_path(parent, file_dialogs.PDF, "Export", "grant.pdf", "PDF (*.pdf)") == str(
        reports / "grant.pdf"
    )
    assert asked[0] == str(documents / "grant.pdf")  # first time: Documents, with the suggested name
    file_dialogs.save_path(parent, file_dialogs.WORKBOOK, "Export", "budget.xlsx", "Excel (*.xlsx)")
    assert asked[1] == str(documents / "budget.xlsx")  # workbooks have not been saved anywhere yet
    file_dialogs.save_path(parent, file_dialogs.PDF, "Export", "next.pdf", "PDF (*.pdf)")
    assert asked[2] == str(reports / "next.pdf")  # PDFs: where the last one went
    file_dialogs.open_path(parent, file_dialogs.SPENDING, "Import", "CSV (*.csv)")
    assert asked[3] == str(documents)  # a cancelled dialog (answer "") remembers nothing
    assert file_dialogs.start_folder(file_dialogs.WORKBOOK) == tmp_path


def test_a_remembered_folder_that_is_gone_falls_back_to_documents(qtbot, asked: list[str], tmp_path: Path) -> None:
    gone = tmp_path / "usb-stick"
    gone.mkdir()
    file_dialogs.remember_folder(file_dialogs.PDF, gone / "a.pdf")
    assert file_dialogs.start_folder(file_dialogs.PDF) == gone
    gone.rmdir()
    assert file_dialogs.start_folder(file_dialogs.PDF) == file_dialogs.documents_folder()


def test_the_export_message_opens_the_file_or_its_folder(qtbot, tmp_path: Path, monkeypatch) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(file_dialogs, "open_url", opened.append)
    parent = QWidget()
    qtbot.addWidget(parent)
    written = tmp_path / "out" / "grant.pdf"
    written.parent.mkdir()
    written.write_bytes(b"%PDF-")
    box = file_dialogs.exported(parent, written, "Application PDF", "Section 'Goals' is empty.")
    assert box.isVisible()
    assert box.text() == f"Application PDF written to\n{written}"
    assert box.informativeText() == "Section 'Goals' is empty."
    buttons = {b.text(): b for b in box.findChildren(QPushButton)}
    assert {"&Open", "Show in &folder"} <= set(buttons)
    buttons["&Open"].click()
    assert opened == [QUrl.fromLocalFile(str(written))]
    box = file_dialogs.exported(parent, written, "Application PDF")
    next(b for b in box.findChildren(QPushButton) if b.text() == "Show in &folder").click()
    assert opened[1] == QUrl.fromLocalFile(str(written.parent))
    assert opened[1].toLocalFile() == str(tmp_path / "out")


def test_an_export_from_the_window_ends_with_the_message(qtbot, sample_path: Path, tmp_path: Path, monkeypatch) -> None:
    from datetime import date

    from fundtracker.domain.months import month_of
    from fundtracker.ui.file_actions import open_location
    from fundtracker.ui.main_window import MainWindow

    opened: list[QUrl] = []
    monkeypatch.setattr(file_dialogs, "open_url", opened.append)
    window = MainWindow(start=month_of(2022, 3), today=date(2022, 3, 1))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.workspace_ready, timeout=15000):
        open_location(window, str(sample_path))
    workbook = tmp_path / "budget.xlsx"
    monkeypatch.setattr(file_dialogs.QFileDialog, "getSaveFileName", lambda *args: (str(workbook), ""))
    window.xlsx_action.trigger()

    def message() -> QMessageBox | None:
        boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
        return boxes[0] if boxes else None

    qtbot.waitUntil(lambda: message() is not None, timeout=60000)
    box = message()
    assert box is not None and str(workbook) in box.text()
    next(b for b in box.findChildren(QPushButton) if b.text() == "&Open").click()
    assert opened == [QUrl.fromLocalFile(str(workbook))]
    assert file_dialogs.start_folder(file_dialogs.WORKBOOK) == tmp_path
