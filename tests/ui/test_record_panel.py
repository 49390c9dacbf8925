"""Driving the real record editors: add, edit and delete a funding stream; bad input."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from fundtracker.ui.pages.record_panel import RecordPanel
from fundtracker.ui.pages.record_specs import EXPENSE, STREAM

pytestmark = pytest.mark.gui


@pytest.fixture
def panel(qtbot, session):
    widget = RecordPanel(session, STREAM)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def type_into(qtbot, editor: QLineEdit, text: str) -> None:
    editor.selectAll()
    qtbot.keyClicks(editor, text)


def test_create_edit_and_delete_a_stream(qtbot, panel, session, stored) -> None:
    qtbot.mouseClick(panel.add_button, Qt.MouseButton.LeftButton)
    assert panel.form_title.text() == "New funding stream (not saved yet)"
    form = panel.form
    type_into(qtbot, form.editors["key"], "grant2")
    type_into(qtbot, form.editors["name"], "Community foundation grant")
    type_into(qtbot, form.editors["amount"], "$25,000")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    saved = stored().stream("grant2")
    assert saved is not None and saved.amount == 2500000 and saved.name == "Community foundation grant"
    assert panel.selected_key() == "grant2"

    type_into(qtbot, form.editors["amount"], "30000.50")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert stored().stream("grant2").amount == 3000050
    row = panel.model.row_of("grant2")
    assert panel.model.data(panel.model.index(row, panel.model.COL_AMOUNT)) == "$30,000.50"

    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert stored().stream("grant2") is None
    assert panel.model.row_of("grant2") == -1


def test_bad_amount_shows_the_message_beside_the_field_and_saves_nothing(qtbot, panel, session, stored) -> None:
    assert panel.select_key("combat")
    before = session.service.audit_count()
    type_into(qtbot, panel.form.editors["amount"], "78k")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    message = panel.form.messages["amount"]
    assert message.isVisible()
    assert message.text().startswith("not a money amount: '78k'")
    assert panel.form.editors["amount"].text() == "78k"  # what was typed is kept
    assert panel.message.text() == "Not saved: fix the fields marked in red."
    assert stored().stream("combat").amount == 7826800
    assert session.service.audit_count() == before


def test_a_rule_the_service_enforces_is_shown_beside_its_field(qtbot, panel, stored) -> None:
    assert panel.select_key("donors")
    type_into(qtbot, panel.form.editors["amount"], "45000")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    tranches = panel.form.messages["schedule.tranches"]
    assert tranches.isVisible()
    assert tranches.text() == "tranches add up to $40,000.00 but the amount is $45,000.00; they must be equal"
    assert stored().stream("donors").amount == 4000000


def test_choosing_another_row_saves_the_form(qtbot, panel, stored) -> None:
    assert panel.select_key("health")
    type_into(qtbot, panel.form.editors["funder"], "KC Health Dept.")
    panel.form.edited.emit()
    assert panel.select_key("combat")
    assert stored().stream("health").funder == "KC Health Dept."


def test_refused_save_keeps_the_row_and_the_typed_text(qtbot, panel, stored) -> None:
    assert panel.select_key("health")
    type_into(qtbot, panel.form.editors["amount"], "lots")
    panel.select_key("combat")
    qtbot.waitUntil(lambda: panel.selected_key() == "health", timeout=3000)  # put back once the click is done
    assert panel.form.editors["amount"].text() == "lots"


def test_undo_and_redo_a_table_edit_change_the_database(qtbot, panel, session, stored) -> None:
    row = panel.proxy.mapFromSource(panel.model.index(panel.model.row_of("health"), panel.model.COL_AMOUNT))
    panel.table.setCurrentIndex(row)
    panel.table.edit(row)
    editor = panel.table.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "90,000")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: session.workspace.stream("health").amount == 9000000)  # Qt commits queued
    assert stored().stream("health").amount == 9000000
    assert session.undo_stack.undoText() == "Change amount of Health Department fiscal host support"
    session.undo_stack.undo()
    assert stored().stream("health").amount == 8000000
    undo_entry = session.service.audit_log(limit=1)[0]
    assert (undo_entry.action, undo_entry.key) == ("update", "health")
    session.undo_stack.redo()
    assert stored().stream("health").amount == 9000000


def test_cell_editor_keeps_bad_text_open_with_the_message(qtbot, panel, stored) -> None:
    row = panel.proxy.mapFromSource(panel.model.index(panel.model.row_of("combat"), panel.model.COL_AMOUNT))
    panel.table.setCurrentIndex(row)
    panel.table.edit(row)
    editor = panel.table.focusWidget()
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, "12x")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.wait(50)  # a commit would be queued; there must be none
    assert panel.table.focusWidget() is editor and editor.text() == "12x"
    assert panel.message.text().startswith("Amount: not a money amount: '12x'")
    assert stored().stream("combat").amount == 7826800


def test_deleting_a_cost_line_and_undo_restores_its_allocations(qtbot, session, stored, monkeypatch) -> None:
    from fundtracker.ui.pages import record_panel

    asked: list[str] = []
    monkeypatch.setattr(record_panel, "confirm_deletion", lambda parent, title, text: asked.append(text) or True)
    panel = RecordPanel(session, EXPENSE)
    qtbot.addWidget(panel)
    assert panel.select_key("laptops")
    panel.delete_selected()
    assert asked and "Laptops for advocates (3 units) is used by 1 allocation." in asked[0]
    assert stored().find("expense", "laptops") is None
    assert not [a for a in stored().allocations if a.cost == "laptops"]
    session.undo_stack.undo()
    assert stored().find("expense", "laptops") is not None
    assert [a.stream for a in stored().allocations if a.cost == "laptops"] == ["federal"]


def test_outcomes_and_dependence_are_edited_in_the_stream_form(qtbot, panel, stored) -> None:
    from decimal import Decimal

    from fundtracker.domain.records import Dependence, Outcome

    assert panel.select_key("federal")
    form = panel.form
    form.editors["outcomes"].setPlainText("30% 450,000 +2\n50% 300,000.00")
    type_into(qtbot, form.editors["depend_on"], "donors 80% 20%")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    saved = stored().stream("federal")
    assert saved.outcomes == (Outcome(Decimal("0.3"), 45000000, 2), Outcome(Decimal("0.5"), 30000000, 0))
    assert saved.depend_on == Dependence("donors", Decimal("0.8"), Decimal("0.2"))
    row = panel.model.row_of("federal")
    assert row >= 0
    # Outcomes adding up to more than 100% are refused beside the field.
    form.editors["outcomes"].setPlainText("60% 450,000\n50% 300,000")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert form.messages["outcomes"].isVisible()
    assert "chances add up to 110%; at most 100%" in form.messages["outcomes"].text()
    assert len(stored().stream("federal").outcomes) == 2 and stored().stream("federal").outcomes[
        0
    ].probability == Decimal("0.3")


def test_an_equipment_item_keeps_its_purpose_and_procurement_method(qtbot, session, stored) -> None:
    panel = RecordPanel(session, EXPENSE)
    qtbot.addWidget(panel)
    panel.resize(1200, 700)
    panel.show()
    assert panel.select_key("laptops")
    form = panel.form
    form.editors["purpose"].setPlainText("One laptop per advocate for case notes in the field.")
    combo = form.editors["procurement_method"]
    combo.setCurrentIndex(combo.findData("small_purchase"))
    assert combo.currentText() == "small purchase"
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    saved = stored().find("expense", "laptops")
    assert saved.purpose == "One laptop per advocate for case notes in the field."
    assert saved.procurement_method == "small_purchase"
