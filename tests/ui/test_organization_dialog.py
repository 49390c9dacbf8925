"""Edit ▸ Organization…: saving, undo, and refusals shown next to their field."""

from __future__ import annotations

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from fundtracker.ui.organization_dialog import OrganizationDialog

pytestmark = pytest.mark.gui


@pytest.fixture
def dialog(qtbot, session):
    widget = OrganizationDialog(session)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def retype(qtbot, editor, text: str) -> None:
    editor.selectAll()
    qtbot.keyClicks(editor, text)


def save_button(dialog):
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Save)


def test_shows_the_organization_and_saves_it_undoably(qtbot, dialog, session, stored) -> None:
    assert dialog.form.editors["name"].text() == "Kansas City Community Safety Partnership"
    assert dialog.form.editors["fringe_rate"].text() == "25"
    retype(qtbot, dialog.form.editors["name"], "KC Safety Partnership")
    retype(qtbot, dialog.form.editors["fringe_rate"], "27.5")
    retype(qtbot, dialog.form.editors["uei"], "ABCDEFGH1234")
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    organization = stored().organization
    assert organization.name == "KC Safety Partnership"
    assert organization.fringe_rate == Decimal("0.275")
    assert organization.uei == "ABCDEFGH1234"
    assert session.undo_stack.undoText() == "Edit organization"
    assert session.service.audit_log(limit=1)[0].kind == "organization"

    session.undo_stack.undo()
    assert stored().organization.name == "Kansas City Community Safety Partnership"
    assert stored().organization.fringe_rate == Decimal("0.25")


def test_refuses_a_rate_over_100_percent_next_to_the_field(qtbot, dialog, session, stored) -> None:
    steps = session.undo_stack.count()
    retype(qtbot, dialog.form.editors["indirect_rate"], "150")
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    message = dialog.form.messages["indirect_rate"]
    assert message.isVisible()
    assert message.text() == "indirect rate 150% is outside 0–100%"
    assert not dialog.form.messages["fringe_rate"].isVisible()
    assert dialog.isVisible()  # stays open with what was typed
    assert dialog.form.editors["indirect_rate"].text() == "150"
    assert stored().organization.indirect_rate == Decimal("0.15")
    assert session.undo_stack.count() == steps


def test_refuses_text_that_is_not_a_percent_or_a_month(qtbot, dialog, stored) -> None:
    retype(qtbot, dialog.form.editors["fringe_rate"], "lots")
    retype(qtbot, dialog.form.editors["fiscal_year_start_month"], "13")
    assert not dialog.save()
    assert dialog.form.messages["fringe_rate"].text().startswith("not a percent: 'lots'")
    retype(qtbot, dialog.form.editors["fringe_rate"], "25")
    assert not dialog.save()
    assert dialog.form.messages["fiscal_year_start_month"].text() == "13 is not a month 1–12"
    assert stored().organization.fiscal_year_start_month == 5


def test_edit_menu_has_the_organization_command(qtbot) -> None:
    from fundtracker.ui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.build()
    edit_menu = next(m for m in window.menuBar().actions() if m.text() == "&Edit").menu()
    assert window.organization_action in edit_menu.actions()


def test_fringe_components_must_add_up_to_the_rate(qtbot, dialog, stored) -> None:
    from fundtracker.domain.records import FringeComponent

    editor = dialog.form.editors["fringe_components"]
    editor.setPlainText("FICA 7.65%\nHealth insurance 12%")
    assert not dialog.save()
    message = dialog.form.messages["fringe_components"]
    assert message.isVisible()
    assert message.text() == (
        "FICA 7.65% + Health insurance 12% = 19.65%, but fringe_rate is 25%; the components must add up to the rate"
    )
    assert stored().organization.fringe_components == ()
    editor.setPlainText("FICA 7.65%\nHealth insurance 12%\nRetirement 5.35%")
    assert dialog.save()
    assert stored().organization.fringe_components == (
        FringeComponent("FICA", Decimal("0.0765")),
        FringeComponent("Health insurance", Decimal("0.12")),
        FringeComponent("Retirement", Decimal("0.0535")),
    )


def test_a_component_line_without_a_rate_names_its_line() -> None:
    from fundtracker.domain.errors import InputError
    from fundtracker.ui import fields as F
    from fundtracker.ui.organization_dialog import ORGANIZATION_FIELDS

    field = next(f for f in ORGANIZATION_FIELDS if f.name == "fringe_components")
    with pytest.raises(InputError) as caught:
        F.parse(field, "FICA 7.65%\nhealth")
    assert caught.value.message == (
        "line 2: 'health' is not 'name rate%'; write one 'name rate%' per line, e.g. FICA 7.65%"
    )
    assert F.edit_text(field, F.parse(field, "FICA 7.65%; Health 17.35%")) == "FICA 7.65%\nHealth 17.35%"
