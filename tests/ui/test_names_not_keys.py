"""Wherever a person reads, records are named, not keyed: pickers, matrix headers, lists, deadlines, audit log."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from fundtracker.domain.months import month_of
from fundtracker.ui.pages import record_specs as specs

pytestmark = pytest.mark.gui
DISPLAY = Qt.ItemDataRole.DisplayRole
COMBAT = "COMBAT anti-crime tax allocation"


def test_the_deadline_table_and_form_name_streams_and_applications(qtbot, session) -> None:
    from fundtracker.ui.pages.record_panel import RecordPanel

    panel = RecordPanel(session, specs.DEADLINE)
    qtbot.addWidget(panel)
    model = panel.model
    shown = {
        model.data(model.index(row, model.COL_STREAM), DISPLAY)
        for row in range(model.rowCount())
        if model.record(row).stream
    }
    assert COMBAT in shown and "combat" not in shown
    row = next(r for r in range(model.rowCount()) if model.record(r).stream == "combat")
    assert "(key combat)" in model.data(model.index(row, model.COL_STREAM), Qt.ItemDataRole.ToolTipRole)
    panel.select_key(model.record(row).key)
    combo = panel.form.editors["stream"]
    assert isinstance(combo, QComboBox)
    assert combo.currentText() == COMBAT and combo.currentData() == "combat"  # the key is what is saved
    assert [combo.itemText(i) for i in range(combo.count())][:2] == ["—", COMBAT]


def test_the_application_form_picks_its_stream_by_name(qtbot, session) -> None:
    from fundtracker.ui.pages.record_panel import RecordPanel

    panel = RecordPanel(session, specs.APPLICATION)
    qtbot.addWidget(panel)
    combo = panel.form.editors["stream"]
    assert combo.currentText() == "Community Violence Intervention grant"
    assert "federal" not in [combo.itemText(i) for i in range(combo.count())]


def test_the_allocation_matrix_heads_columns_and_rows_with_names(qtbot, session) -> None:
    from fundtracker.ui.models.allocation_matrix import AllocationMatrixModel

    model = AllocationMatrixModel(session, date(2022, 3, 1))
    headers = [model.headerData(c, Qt.Orientation.Horizontal, DISPLAY) for c in range(model.columnCount())]
    assert headers[0] == "COMBAT anti-crime\ntax allocation"  # wrapped, so the column stays narrow
    assert "combat" not in headers and "realloc" not in headers
    assert "(key combat)" in model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    rows = [model.headerData(r, Qt.Orientation.Vertical, DISPLAY) for r in range(model.rowCount())]
    assert rows[:4] == [
        "Maria Peña (Client Advocate)",
        "D. Johnson (Client Advocate)",
        "A. Okafor (Client Advocate)",
        "Team Lead",
    ]
    assert "Advocate phones and service" in rows


def test_the_dashboard_lists_positions_by_name(qtbot, session) -> None:
    from fundtracker.ui.pages.dashboard import DashboardPage

    page = DashboardPage(session, start=month_of(2022, 3), today=date(2022, 3, 1))
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.figures is not None, timeout=15000)
    model = page.unfunded_model
    names = [model.data(model.index(r, 0), DISPLAY) for r in range(model.rowCount())]
    assert names and all("(adv" not in name for name in names)
    assert set(names) <= {
        "Maria Peña (Client Advocate)",
        "D. Johnson (Client Advocate)",
        "A. Okafor (Client Advocate)",
        "Team Lead",
    }


def test_the_scenario_editor_picks_and_lists_by_name(qtbot, session) -> None:
    from fundtracker.ui.pages.scenarios import ScenariosPage

    page = ScenariosPage(session, start=month_of(2022, 3))
    qtbot.addWidget(page)
    streams = [page.stream_choice.itemText(i) for i in range(page.stream_choice.count())]
    assert streams[0] == COMBAT
    positions = [page.position_choice.itemText(i) for i in range(page.position_choice.count())]
    assert positions[0] == "Maria Peña (Client Advocate)" and "Advocate phones and service" not in positions
    page.select_key("appeal_fails")
    target = page.overrides.data(page.overrides.index(0, page.overrides.COL_TARGET), DISPLAY)
    assert target == "Stream: Community services and prevention fund (police-budget reallocation)"


def test_the_audit_log_says_what_changed_in_words(qtbot, session) -> None:
    from fundtracker.ui.pages.audit import AuditPage

    combat = session.workspace.stream("combat")
    session.update("stream", "combat", dataclasses.replace(combat, amount=7_900_000))
    page = AuditPage(session)
    qtbot.addWidget(page)
    model = page.model
    newest = max(range(model.rowCount()), key=lambda r: model.entries[r].id)
    assert model.data(model.index(newest, model.COL_CHANGE), DISPLAY) == (
        "COMBAT anti-crime tax allocation: amount $78,268.00 → $79,000.00"
    )
    assert model.data(model.index(newest, model.COL_ACTION), DISPLAY) == "change"


def test_a_new_records_key_is_made_from_its_name_and_stays_editable_under_advanced(qtbot, session, stored) -> None:
    from fundtracker.ui.pages.record_panel import RecordPanel

    panel = RecordPanel(session, specs.STREAM)
    qtbot.addWidget(panel)
    panel.resize(1200, 700)
    panel.show()
    form = panel.form
    assert not form.advanced.isVisible() and form.advanced_toggle.isVisible()  # the key is folded away
    assert panel.table.isColumnHidden(0)  # the table lists names; the key column is hidden
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert form.editors["key"].text() == "new_funding_stream"
    name = form.editors["name"]
    name.selectAll()
    qtbot.keyClicks(name, "Hall Family Foundation")
    assert form.editors["key"].text() == "hall_family_foundation"
    form.editors["amount"].setText("25,000")
    panel.save()
    saved = stored().stream("hall_family_foundation")
    assert saved is not None and saved.name == "Hall Family Foundation"
    assert panel.form_title.text() == "Funding stream: Hall Family Foundation"

    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    form.advanced_toggle.click()
    assert form.advanced.isVisible()
    key = form.editors["key"]
    key.selectAll()
    qtbot.keyClicks(key, "hall2")  # typed by hand: the name no longer changes it
    name.selectAll()
    qtbot.keyClicks(name, "Hall Family Foundation")
    assert key.text() == "hall2"
    panel.save()
    assert stored().stream("hall2") is not None


def test_a_duplicate_key_unfolds_advanced_to_show_why(qtbot, session, stored) -> None:
    from fundtracker.ui.pages.record_panel import RecordPanel

    panel = RecordPanel(session, specs.STREAM)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    panel.form.editors["key"].setText("combat")
    assert not panel.save()
    assert panel.form.advanced.isVisible()
    assert panel.form.messages["key"].isVisible()


def test_the_need_panel_and_the_odds_name_people_not_keys(qtbot, session) -> None:
    from fundtracker.ui.pages.dashboard import DashboardPage

    page = DashboardPage(session, start=month_of(2022, 3), today=date(2022, 3, 1))
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.chance_state == "done", timeout=30000)
    ticks = [page.need_positions.item(i).text() for i in range(page.need_positions.count())]
    assert "Maria Peña (Client Advocate)" in ticks and "Team Lead" in ticks
    odds = [page.odds_model.data(page.odds_model.index(r, 0), DISPLAY) for r in range(page.odds_model.rowCount())]
    assert "Maria Peña (Client Advocate)" in odds
    assert not [text for text in ticks + odds if "(adv" in text or "(lead)" in text]
