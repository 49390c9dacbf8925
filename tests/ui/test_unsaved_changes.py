"""Leaving unsaved edits asks Save / Discard / Cancel; after Save, Ctrl+Z undoes; a fixed error's message goes.

Issue 11 (trial findings M5, m2, m3). The question is modal in the app: each test answers it by
patching ``record_panel.ask_unsaved`` (no box is shown).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fundtracker.ui.pages import record_panel
from fundtracker.ui.pages.record_panel import RecordPanel
from fundtracker.ui.pages.record_specs import POSITION

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_level_fail("WARNING")]


@pytest.fixture
def answers(monkeypatch):
    """The answer the next question gets, and the names it was asked about."""
    state = {"answer": record_panel.SAVE, "asked": []}

    def ask(parent, name):  # type: ignore[no-untyped-def]
        state["asked"].append(name)
        return state["answer"]

    monkeypatch.setattr(record_panel, "ask_unsaved", ask)
    return state


@pytest.fixture
def panel(qtbot, session):
    widget = RecordPanel(session, POSITION)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def retype(qtbot, editor, text: str) -> None:
    editor.selectAll()
    qtbot.keyClicks(editor, text)


def click_row(qtbot, panel, key: str) -> None:
    """Click the row of ``key`` in the table, as a person would."""
    row = panel.proxy.mapFromSource(panel.model.index(panel.model.row_of(key), 1))
    rect = panel.table.visualRect(row)
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def highlighted_keys(panel) -> list[str]:
    from fundtracker.ui.models.record_table import KEY_ROLE

    return sorted({str(i.data(KEY_ROLE)) for i in panel.table.selectionModel().selectedIndexes()})


def test_cancel_stays_on_the_edited_record_and_the_table_shows_it(qtbot, panel, answers, stored) -> None:
    assert panel.select_key("adv3")
    retype(qtbot, panel.form.editors["title"], "Senior Advocate")
    answers["answer"] = record_panel.CANCEL
    click_row(qtbot, panel, "adv1")
    assert answers["asked"] == ["A. Okafor (Client Advocate)"]
    # The table highlights the record the form shows, never another one.
    qtbot.waitUntil(lambda: highlighted_keys(panel) == ["adv3"], timeout=3000)
    assert panel.selected_key() == "adv3"
    assert panel.form.record.key == "adv3"
    assert panel.form.editors["title"].text() == "Senior Advocate"
    assert stored().find("position", "adv3").title == "Client Advocate"
    panel.revert()  # Revert shows the saved record of the highlighted row
    assert panel.form.editors["title"].text() == "Client Advocate"
    assert highlighted_keys(panel) == ["adv3"]


def test_discard_drops_the_typing_and_shows_the_chosen_record(qtbot, panel, answers, stored) -> None:
    assert panel.select_key("adv3")
    retype(qtbot, panel.form.editors["title"], "Senior Advocate")
    answers["answer"] = record_panel.DISCARD
    click_row(qtbot, panel, "adv1")
    assert panel.form.record.key == "adv1"
    assert highlighted_keys(panel) == ["adv1"]
    assert panel.form.editors["title"].text() == "Client Advocate"
    assert stored().find("position", "adv3").title == "Client Advocate"


def test_save_saves_and_moves_on(qtbot, panel, answers, stored) -> None:
    assert panel.select_key("adv3")
    retype(qtbot, panel.form.editors["title"], "Senior Advocate")
    click_row(qtbot, panel, "adv1")
    assert stored().find("position", "adv3").title == "Senior Advocate"
    assert panel.form.record.key == "adv1"
    # The save re-sorted the rows under the click; the table still highlights the record shown.
    qtbot.waitUntil(lambda: highlighted_keys(panel) == ["adv1"], timeout=3000)


def test_a_refused_save_stays_with_its_message_and_the_table_agrees(qtbot, panel, answers, stored) -> None:
    """M5: an invalid edit on one record, a click on another: the form and the table keep the first."""
    assert panel.select_key("adv3")
    ends = panel.form.editors["end"]
    ends.has_date.setChecked(True)
    ends.date.setDate(date(2021, 12, 1))  # before the start
    click_row(qtbot, panel, "adv1")
    qtbot.waitUntil(lambda: highlighted_keys(panel) == ["adv3"], timeout=3000)
    assert panel.form.record.key == "adv3"
    assert panel.form.messages["end"].text() == "ends 2021-12-01 before it starts 2022-01-01"
    assert stored().find("position", "adv3").end is None


def test_leaving_the_page_asks_too(qtbot, answers, sample_path) -> None:
    from fundtracker.ui.file_actions import open_location
    from fundtracker.ui.main_window import PAGES, MainWindow

    window = MainWindow(today=date(2022, 3, 1))
    window.build()
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.workspace_ready, timeout=15000):
        open_location(window, str(sample_path))
    staff = PAGES.index("Staff & costs")
    window.navigation.setCurrentRow(staff)
    panel = window.positions_panel
    assert panel.select_key("adv1")
    retype(qtbot, panel.form.editors["title"], "Lead Advocate")
    answers["answer"] = record_panel.CANCEL
    window.navigation.setCurrentRow(PAGES.index("Dashboard"))
    assert answers["asked"] == ["Maria Peña (Client Advocate)"]
    assert window.navigation.currentRow() == staff
    assert window.stack.currentWidget() is window.page("Staff & costs")
    assert panel.form.editors["title"].text() == "Lead Advocate"
    answers["answer"] = record_panel.SAVE
    window.navigation.setCurrentRow(PAGES.index("Dashboard"))
    assert window.stack.currentWidget() is window.dashboard
    assert window.session.workspace.find("position", "adv1").title == "Lead Advocate"


def test_after_save_ctrl_z_undoes_it(qtbot, answers, sample_path) -> None:
    """m2: Save disables its button; the focus must not land in a search box that takes Ctrl+Z."""
    from fundtracker.ui.file_actions import open_location
    from fundtracker.ui.main_window import PAGES, MainWindow

    window = MainWindow(today=date(2022, 3, 1))
    window.build()
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.workspace_ready, timeout=15000):
        open_location(window, str(sample_path))
    window.navigation.setCurrentRow(PAGES.index("Staff & costs"))
    panel = window.positions_panel
    assert panel.select_key("adv1")
    editor = panel.form.editors["annual_salary"]
    editor.setFocus()
    retype(qtbot, editor, "53,000")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert window.session.workspace.find("position", "adv1").annual_salary == 5300000
    focused = QApplication.focusWidget()
    assert focused is not window.expenses_panel.filter and focused is not panel.filter
    qtbot.keyClick(focused, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.workspace.find("position", "adv1").annual_salary == 5200000


def test_a_fixed_field_loses_its_message(qtbot, panel) -> None:
    assert panel.select_key("adv1")
    fte = panel.form.editors["fte"]
    retype(qtbot, fte, "1.6")
    assert not panel.save()
    assert panel.form.messages["fte"].text() == "FTE 1.6 is outside 0–1.5"
    assert panel.message.isVisible()
    retype(qtbot, fte, "2")  # still wrong: the message stays
    assert panel.form.messages["fte"].isVisible()
    retype(qtbot, fte, "0.8")
    assert not panel.form.messages["fte"].isVisible()
    assert not panel.message.isVisible()  # nothing left to fix: the note under the table goes too


def test_a_message_of_a_field_not_touched_stays(qtbot, panel) -> None:
    assert panel.select_key("adv1")
    retype(qtbot, panel.form.editors["fte"], "x")
    retype(qtbot, panel.form.editors["annual_raise"], "150")
    assert not panel.save()
    assert panel.form.messages["fte"].isVisible() and panel.form.messages["annual_raise"].isVisible()
    retype(qtbot, panel.form.editors["fte"], "1")
    assert not panel.form.messages["fte"].isVisible()
    assert panel.form.messages["annual_raise"].text() == "raise 150% is outside 0–100%"
    assert panel.message.isVisible()


def test_an_allocation_refusal_goes_when_the_row_is_put_back(qtbot, session) -> None:
    """m3: adv2 × health 80 → refused (180%); then 0 → nothing to save, and the message goes."""
    from fundtracker.ui.pages.allocations import AllocationsPage

    page = AllocationsPage(session, date(2022, 3, 1))
    qtbot.addWidget(page)
    page.show()
    model = page.model
    row = [key for key, _ in model.lines].index("adv2")
    column = [key for key, _ in model.streams].index("health")
    assert not model.setData(model.index(row, column), "80")
    assert "add up to 180%" in page.message.text()
    assert model.setData(model.index(row, column), "0")
    assert page.message.text() == ""
    assert model.saved_percent("adv2", "health") == Decimal(0)


def test_ctrl_z_in_an_unchanged_search_box_undoes_the_last_edit(qtbot, panel, session, stored) -> None:
    """m2: a search box claimed Ctrl+Z though it had nothing of its own to undo."""
    from PySide6.QtGui import QAction, QKeySequence

    window_undo = QAction("Undo", panel)
    window_undo.setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
    window_undo.triggered.connect(session.undo_stack.undo)
    panel.addAction(window_undo)  # as the main window's Edit ▸ Undo
    assert panel.select_key("adv1")
    retype(qtbot, panel.form.editors["title"], "Lead Advocate")
    assert panel.save()
    assert stored().find("position", "adv1").title == "Lead Advocate"
    panel.filter.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is panel.filter, timeout=3000)
    qtbot.keyClick(panel.filter, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored().find("position", "adv1").title == "Client Advocate"
    # A search box with its own typing undoes that first.
    qtbot.keyClicks(panel.filter, "Team")
    steps = session.undo_stack.index()
    qtbot.keyClick(panel.filter, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert panel.filter.text() != "Team"
    assert session.undo_stack.index() == steps  # the box's own typing, not the workspace
