"""Help ▸ Glossary and the tooltips that use its text (issue 11).

The glossary window is not modal: tests open it with the menu action (``show()``), never ``exec()``.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fundtracker.services.glossary import TERMS, definition, find, tooltip_for
from fundtracker.ui.glossary_dialog import GlossaryDialog

pytestmark = pytest.mark.gui

# Words the issue names, which a program lead may not know.
WORDS = (
    "Secured",
    "Expected",
    "Allocation",
    "MTDC",
    "Indirect costs",
    "Runway",
    "Funded through",
    "Priority",
    "Match",
    "Horizon",
    "Lapse",
    "Restricted",
    "Tranche",
    "Reimbursement lag",
    "De minimis",
    "Uniform Guidance",
)


def test_the_glossary_defines_every_word_the_app_uses() -> None:
    for word in WORDS:
        term = find(word)
        assert term is not None, word
        assert term.short.endswith(".") and len(term.short) > 20, word
    assert find("expected view") is find("Expected")  # other names find the same entry
    assert find("funded-through") is find("Funded through")
    assert len({term.term for term in TERMS}) == len(TERMS)


def test_a_tooltip_adds_the_glossary_meaning_once() -> None:
    text = tooltip_for("Empty for de minimis.", "Match")
    assert text == f"Empty for de minimis.\nMatch: {definition('Match')}"
    assert tooltip_for(text, "Match") == text


@pytest.fixture
def window(qtbot):
    from fundtracker.ui.main_window import MainWindow

    main = MainWindow()
    main.build()
    qtbot.addWidget(main)
    return main


def test_help_glossary_opens_a_window_that_finds_a_word(qtbot, window) -> None:
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert window.glossary_action in help_menu.actions()
    assert window.glossary_action.shortcut().toString() == "F1"
    window.glossary_action.trigger()
    dialog = window.glossary_dialog
    assert isinstance(dialog, GlossaryDialog)
    qtbot.waitExposed(dialog)
    assert not dialog.isModal()
    text = dialog.text.toPlainText()
    for word in WORDS:
        assert find(word).term in text  # type: ignore[union-attr]
    assert dialog.count.text() == f"{len(TERMS)} of {len(TERMS)} terms"

    qtbot.keyClicks(dialog.search, "indirect")
    shown = dialog.text.toPlainText()
    assert "MTDC" in shown and "De minimis" in shown and "Indirect costs" in shown
    assert "Tranche" not in shown and "Secured" not in shown
    dialog.search.clear()
    qtbot.keyClicks(dialog.search, "zzzz")
    assert dialog.text.toPlainText() == "No term mentions that."

    window.glossary_action.trigger()  # asked again: the same window, not a second one
    assert window.glossary_dialog is dialog
    dialog.close()
    assert not dialog.isVisible()


def test_fields_and_columns_explain_their_terms_with_the_glossary_text(qtbot, session) -> None:
    from fundtracker.ui.models.tables import PositionTableModel, StreamTableModel
    from fundtracker.ui.organization_dialog import OrganizationDialog
    from fundtracker.ui.pages.record_panel import RecordPanel
    from fundtracker.ui.pages.record_specs import APPLICATION, STREAM

    streams = StreamTableModel(session)
    tip = streams.headerData(streams.COL_STATUS, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert definition("Expected") in tip and definition("Pending, contested, prospect") in tip
    assert definition("Restricted") in streams.headerData(
        streams.COL_RESTRICTED, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    positions = PositionTableModel(session)
    assert definition("Priority") in positions.headerData(
        positions.COL_PRIORITY, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    panel = RecordPanel(session, STREAM)
    qtbot.addWidget(panel)
    assert definition("Reimbursement lag") in panel.form.editors["schedule.lag_days"].toolTip()
    assert definition("Tranche") in panel.form.editors["schedule.tranches"].toolTip()
    applications = RecordPanel(session, APPLICATION)
    qtbot.addWidget(applications)
    indirect = applications.form.editors["negotiated_indirect_rate"].toolTip()
    assert definition("Indirect costs") in indirect and definition("De minimis") in indirect
    assert definition("Match") in applications.form.editors["match_percent"].toolTip()
    assert definition("Uniform Guidance") in applications.form.editors["uniform_guidance"].toolTip()
    dialog = OrganizationDialog(session)
    qtbot.addWidget(dialog)
    assert definition("Indirect costs") in dialog.form.editors["indirect_rate"].toolTip()


def test_the_dashboard_explains_its_words(qtbot, session) -> None:
    from datetime import date

    from fundtracker.domain.months import month_of
    from fundtracker.ui.pages.dashboard import DashboardPage

    page = DashboardPage(session, start=month_of(2022, 3), today=date(2022, 3, 1))
    qtbot.addWidget(page)
    assert definition("Expected") in page.headline.toolTip()
    assert definition("Secured") in page.headline.toolTip()
    tips = page.unfunded_model
    horizontal = Qt.Orientation.Horizontal
    assert definition("Priority") == tips.headerData(1, horizontal, Qt.ItemDataRole.ToolTipRole)
    assert definition("Expected") == tips.headerData(3, horizontal, Qt.ItemDataRole.ToolTipRole)
    assert definition("Horizon") in tips.headerData(4, horizontal, Qt.ItemDataRole.ToolTipRole)
    assert definition("Lapse") == page.lapse_model.headerData(1, horizontal, Qt.ItemDataRole.ToolTipRole)
    QApplication.processEvents()
