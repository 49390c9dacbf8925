"""The Audit log page's Export…: the trail in words to CSV and XLSX, the Find box's entries only."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from fundtracker.ui import file_dialogs
from fundtracker.ui.pages.audit import AuditPage

pytestmark = pytest.mark.gui


@pytest.fixture
def page(qtbot, session):
    widget = AuditPage(session)
    qtbot.addWidget(widget)
    widget.resize(1000, 600)
    widget.show()
    return widget


def _close_messages(widget) -> list[str]:
    texts = []
    for box in widget.findChildren(QMessageBox):
        if box.isVisible():
            texts.append(box.text())
            box.close()
    return texts


def test_export_writes_the_trail_in_words_to_csv_and_xlsx(qtbot, page, session, tmp_path, monkeypatch) -> None:
    combat = session.workspace.stream("combat")
    session.update("stream", "combat", dataclasses.replace(combat, amount=7_900_000))
    target = tmp_path / "trail.csv"
    monkeypatch.setattr(file_dialogs.QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert _close_messages(page) == [f"Audit log written to\n{target}"]
    with open(target, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["When (UTC)", "Who", "Action", "Kind", "Record", "Change", "Before", "After"]
    assert [row[2:] for row in rows[1:]][1] == [
        "change",
        "stream",
        "COMBAT anti-crime tax allocation",
        "COMBAT anti-crime tax allocation: amount $78,268.00 → $79,000.00",
        "amount $78,268.00",
        "amount $79,000.00",
    ]
    assert [row[2] for row in rows[1:]] == ["sample", "change"]  # oldest first, the whole trail

    page.filter.setText("78,268")  # the Find box: only what it shows is exported
    workbook = tmp_path / "trail.xlsx"
    monkeypatch.setattr(file_dialogs.QFileDialog, "getSaveFileName", lambda *a, **k: (str(workbook), ""))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    _close_messages(page)
    sheet = load_workbook(workbook).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert sheet.title == "Audit log"
    assert len(values) == 2 and values[1][5] == "COMBAT anti-crime tax allocation: amount $78,268.00 → $79,000.00"


def test_export_is_refused_over_the_workspace_and_nothing_is_written(qtbot, page, session, monkeypatch) -> None:
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
    target = session.location
    before = Path(target).read_bytes()
    monkeypatch.setattr(file_dialogs.QFileDialog, "getSaveFileName", lambda *a, **k: (target, ""))
    assert page.export() is None
    assert len(warnings) == 1 and warnings[0].startswith("Nothing was written: ")
    assert Path(target).read_bytes() == before
