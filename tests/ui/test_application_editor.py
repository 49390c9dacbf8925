"""Driving the Applications page's editors: sections, text blocks, placeholders, timeline,
budget and justification; every change read back from the database through a fresh service."""

from __future__ import annotations

import dataclasses
import io
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from fundtracker.services.application_budget import OBJECT_CLASSES, application_budget, money
from fundtracker.services.budget_justification import generated_justification
from fundtracker.ui.models.budget import CENTS_ROLE
from fundtracker.ui.models.milestones import MilestoneTableModel
from fundtracker.ui.models.sections import SectionListModel
from fundtracker.ui.pages.applications import (
    TAB_BUDGET,
    TAB_JUSTIFICATION,
    TAB_NARRATIVE,
    TAB_TIMELINE,
    ApplicationsPage,
)

pytestmark = pytest.mark.gui
KEY = "bja_cvi"


@pytest.fixture
def page(qtbot, session):
    widget = ApplicationsPage(session, today=date(2022, 3, 1))
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


def section_text(workspace, key: str) -> str:
    application = workspace.find("application", KEY)
    return next(s.text for s in application.sections if s.key == key)


def type_at_end(qtbot, editor, text: str) -> None:
    editor.setFocus()
    editor.moveCursor(QTextCursor.MoveOperation.End)
    qtbot.keyClicks(editor, text)


def test_the_page_shows_the_sample_application_with_every_doj_section(page) -> None:
    assert page.key == KEY
    model = page.narrative.model
    assert [model.section(row).title for row in range(model.rowCount())] == [
        "Abstract",
        "Description of the Issue",
        "Goals and Objectives",
        "Project Design and Implementation",
        "Capabilities and Competencies",
        "Plan for Collecting Performance Data",
        "Timeline",
        "Sustainability",
        "Budget Narrative",
    ]


def test_typing_in_a_section_is_saved_after_a_pause_as_one_undo_step(qtbot, page, session, stored) -> None:
    page.tabs.setCurrentIndex(TAB_NARRATIVE)
    narrative = page.narrative
    assert narrative.select_section("need")
    original = section_text(stored(), "need")
    steps = session.undo_stack.count()

    type_at_end(qtbot, narrative.editor, " Shootings fell.")
    qtbot.waitUntil(lambda: section_text(stored(), "need") == original + " Shootings fell.", timeout=3000)
    type_at_end(qtbot, narrative.editor, " Then rose.")
    qtbot.waitUntil(lambda: section_text(stored(), "need").endswith("Then rose."), timeout=3000)
    assert session.undo_stack.count() == steps + 1  # the two saves of one editing run merged
    assert session.undo_stack.undoText() == "Edit section Description of the Issue of bja_cvi"

    session.undo_stack.undo()
    assert section_text(stored(), "need") == original
    assert narrative.editor.toPlainText() == original  # the editor shows the restored text
    session.undo_stack.redo()
    assert section_text(stored(), "need") == original + " Shootings fell. Then rose."


def test_switching_sections_saves_what_was_typed_at_once(qtbot, page, stored) -> None:
    page.tabs.setCurrentIndex(TAB_NARRATIVE)
    narrative = page.narrative
    narrative.select_section("goals")
    type_at_end(qtbot, narrative.editor, "")
    qtbot.keyClick(narrative.editor, Qt.Key.Key_Return)
    qtbot.keyClicks(narrative.editor, "- Train two volunteers.")
    narrative.select_section("design")  # before the idle timer fires
    assert section_text(stored(), "goals").endswith("\n- Train two volunteers.")


def test_counts_and_an_exceeded_word_limit_are_shown_as_typed(qtbot, page, stored) -> None:
    page.tabs.setCurrentIndex(TAB_NARRATIVE)
    narrative = page.narrative
    narrative.select_section("abstract")  # its limit is 400 words
    narrative.editor.selectAll()
    qtbot.keyClicks(narrative.editor, "Safety first.")
    assert narrative.counts.text().startswith("2 words · 13 characters · limit 400 words")
    assert not narrative.warning.isVisible()

    narrative.editor.setPlainText("word " * 450)
    assert narrative.counts.text().startswith("450 words")
    assert narrative.warning.isVisible()
    assert "has 450 words, over its limit of 400 by 50" in narrative.warning.text()
    row = narrative.model.row_of("abstract")
    cell = narrative.model.index(row, SectionListModel.COL_WORDS)
    assert cell.data() == "450 / 400"
    assert cell.data(Qt.ItemDataRole.ForegroundRole).color().name() == "#c62828"
    narrative.flush()
    assert section_text(stored(), "abstract") == "word " * 450


def test_page_limit_is_checked_on_the_laid_out_pages_in_the_applications_typography(qtbot, page, session) -> None:
    from fundtracker.exports.section_pages import section_page_count

    page.tabs.setCurrentIndex(TAB_NARRATIVE)
    narrative = page.narrative
    narrative.select_section("need")  # its limit is 3 pages
    text = "\n\n".join(["lorem ipsum dolor sit amet " * 30] * 12)
    narrative.editor.setPlainText(text)
    narrative.refresh_preview()  # the pause after typing lays the section out
    application = session.workspace.find("application", KEY)
    section = next(s for s in application.sections if s.key == "need")
    pages = section_page_count(application, section, text)
    assert pages <= 3
    assert f"limit 3 pages ({pages} laid out in DejaVu Sans 10 pt, single-spaced)" in narrative.counts.text()
    assert not narrative.warning.isVisible()
    narrative.flush()

    # The same text at 12 pt, double-spaced, is over the limit, and the editor says so.
    application = session.workspace.find("application", KEY)
    session.update("application", KEY, dataclasses.replace(application, font_size=12, line_spacing="double"))
    narrative.select_section("need")
    narrative.refresh_preview()
    application = session.workspace.find("application", KEY)
    double = section_page_count(application, section, text)
    assert double > 3
    assert f"({double} laid out in DejaVu Sans 12 pt, double-spaced)" in narrative.counts.text()
    assert f"runs to {double} pages laid out, over its limit of 3 pages" in narrative.warning.text()


def test_word_limit_box_saves_the_limit(qtbot, page, stored) -> None:
    page.tabs.setCurrentIndex(TAB_NARRATIVE)
    narrative = page.narrative
    narrative.select_section("need")
    narrative.word_limit.setValue(5)
    application = stored().find("application", KEY)
    assert next(s for s in application.sections if s.key == "need").word_limit == 5
    assert narrative.warning.isVisible()  # the sample's text is longer than 5 words


def test_insert_a_text_block_from_the_menu_and_see_it_filled_in_the_preview(qtbot, page, session, stored) -> None:
    page.tabs.setCurrentIndex(TAB_NARRATIVE)
    narrative = page.narrative
    narrative.select_section("sustainability")
    narrative.editor.moveCursor(QTextCursor.MoveOperation.End)
    narrative._fill_block_menu()  # what showing the menu does
    action = next(a for a in narrative.block_button.menu().actions() if a.text() == "Mission")
    action.trigger()
    assert narrative.editor.toPlainText().endswith("{{text_block.mission}}")
    narrative.refresh_preview()
    mission = session.workspace.find("text_block", "mission").text
    assert mission[:40] in narrative.preview.toPlainText()
    assert not narrative.preview_error.isVisible()
    narrative.flush()
    assert section_text(stored(), "sustainability").endswith("{{text_block.mission}}")


def test_placeholder_is_filled_and_an_unknown_one_is_named_in_the_preview(qtbot, page) -> None:
    page.tabs.setCurrentIndex(TAB_NARRATIVE)
    narrative = page.narrative
    narrative.select_section("timeline")
    narrative.editor.selectAll()
    narrative.insert_placeholder("budget.total")
    narrative.refresh_preview()
    assert narrative.preview.toPlainText().strip() == "$690,262.18"

    narrative.editor.selectAll()
    qtbot.keyClicks(narrative.editor, "Led by {{organization.nmae}}.")
    narrative.refresh_preview()
    assert narrative.preview_error.isVisible()
    assert "unknown placeholder {{organization.nmae}}" in narrative.preview_error.text()
    assert "budget.total" in narrative.preview_error.toolTip()  # the known names, one hover away
    assert "{{organization.nmae}}" in narrative.preview.toPlainText()  # shown unfilled, not lost


def test_markup_never_reaches_the_preview_as_html(qtbot, page) -> None:
    page.tabs.setCurrentIndex(TAB_NARRATIVE)
    narrative = page.narrative
    narrative.select_section("timeline")
    narrative.editor.setPlainText("**Bold** and <b>not bold</b> & more\n- item")
    narrative.refresh_preview()
    assert narrative.preview.toPlainText().splitlines()[0] == "Bold and <b>not bold</b> & more"
    assert "<b>Bold</b>" in narrative.preview.toHtml() or "font-weight:700" in narrative.preview.toHtml()


def test_add_and_edit_a_milestone(qtbot, page, stored) -> None:
    page.tabs.setCurrentIndex(TAB_TIMELINE)
    view = page.milestones
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    milestones = stored().find("application", KEY).milestones
    assert len(milestones) == 4
    assert milestones[-1].activity == "New activity" and milestones[-1].start == date(2022, 7, 1)
    model = view.model
    assert model.setData(model.index(3, MilestoneTableModel.COL_ACTIVITY), "Evaluation report")
    assert model.setData(model.index(3, MilestoneTableModel.COL_END), "2025-06-30")
    last = stored().find("application", KEY).milestones[-1]
    assert (last.activity, last.end) == ("Evaluation report", date(2025, 6, 30))

    assert not model.setData(model.index(3, MilestoneTableModel.COL_END), "2021-01-01")
    assert view.message.isVisible() and "before it starts" in view.message.text()
    assert stored().find("application", KEY).milestones[-1].end == date(2025, 6, 30)


def test_budget_table_equals_the_budget_to_the_cent(page, stored) -> None:
    page.tabs.setCurrentIndex(TAB_BUDGET)
    budget = application_budget(stored(), KEY)
    model = page.budget.section_b
    totals_row = [key for _, key, _ in OBJECT_CLASSES].index("total")
    total_column = model.column_of("Total")
    assert model.index(totals_row, total_column).data(CENTS_ROLE) == budget.total
    assert model.index(totals_row, total_column).data() == money(budget.total) == "$690,262.18"
    for row, (_, category, _) in enumerate(OBJECT_CLASSES):
        for year in budget.years:
            column = model.column_of(f"{year.label} federal")
            assert model.index(row, column).data(CENTS_ROLE) == budget.cell(category, year.number).federal
    lines = page.budget.lines
    assert sum(lines.index(r, lines.COL_AMOUNT).data(CENTS_ROLE) for r in range(lines.rowCount())) == budget.total
    assert not page.budget.warnings.isVisible()  # the sample requests exactly the budget


def test_budget_warns_when_the_requested_amount_differs(qtbot, page, session) -> None:
    import dataclasses

    page.tabs.setCurrentIndex(TAB_BUDGET)
    application = session.workspace.find("application", KEY)
    session.update("application", KEY, dataclasses.replace(application, requested_amount=70000000))
    assert page.budget.warnings.isVisible()
    assert "Requested amount $700,000.00 differs from the budget's total $690,262.18" in page.budget.warnings.text()


def test_justification_override_is_saved_and_can_go_back_to_generated(qtbot, page, session, stored) -> None:
    page.tabs.setCurrentIndex(TAB_JUSTIFICATION)
    editor = page.justification
    editor.select_category("travel")
    budget = application_budget(session.workspace, KEY)
    generated = generated_justification(session.workspace, budget, "travel")
    assert editor.editor.toPlainText() == generated
    editor.editor.selectAll()
    qtbot.keyClicks(editor.editor, "Staff drive to every pillar's site.")
    editor.editor.flush()
    own = dict(stored().find("application", KEY).budget_justification)
    assert own["travel"] == "Staff drive to every pillar's site."
    assert own["travel.figures"] == f"Travel total: {money(budget.category_total('travel').total)}"
    assert editor.categories.item(2).text() == "Travel ✎"
    assert editor.generated_button.isEnabled()

    qtbot.mouseClick(editor.generated_button, Qt.MouseButton.LeftButton)
    assert stored().find("application", KEY).budget_justification == ()
    assert editor.editor.toPlainText() == generated
    session.undo_stack.undo()
    assert dict(stored().find("application", KEY).budget_justification)["travel"].startswith("Staff drive")


def test_own_justification_says_which_figures_changed_since_it_was_written(qtbot, page, session, stored) -> None:
    """The writer's personnel text was written against the budget of then; a raise changes it."""
    page.tabs.setCurrentIndex(TAB_JUSTIFICATION)
    editor = page.justification
    editor.select_category("personnel")
    before = application_budget(session.workspace, KEY).category_total("personnel").total
    editor.editor.selectAll()
    qtbot.keyClicks(editor.editor, "Our advocates are the program.")
    editor.editor.flush()
    assert "changed" not in editor.origin.text()
    position = session.workspace.positions[0]
    raised = dataclasses.replace(position, annual_salary=position.annual_salary + 120_000)
    session.update("position", position.key, raised)
    after = application_budget(session.workspace, KEY).category_total("personnel").total
    assert after != before
    assert f"Personnel total {money(before)} → {money(after)}" in editor.origin.text()
    assert editor.categories.item(0).text() == "Personnel ✎ ⚠"
    application = stored().find("application", KEY)
    from fundtracker.exports.pdf_application import build_application_pdf

    warnings = build_application_pdf(stored(), KEY, io.BytesIO()).warnings
    assert any(f"Personnel total {money(before)} → {money(after)}" in w for w in warnings), warnings
    assert application.budget_justification[0] == ("personnel", "Our advocates are the program.")
    qtbot.mouseClick(editor.generated_button, Qt.MouseButton.LeftButton)  # regenerate
    assert editor.categories.item(0).text() == "Personnel"
    assert dict(stored().find("application", KEY).budget_justification).get("personnel") is None


def test_export_button_asks_for_this_application(qtbot, page) -> None:
    with qtbot.waitSignal(page.export_requested) as signal:
        qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert signal.args == [KEY]


def test_typing_then_taking_it_back_leaves_no_undo_step(qtbot, page, session, stored) -> None:
    page.tabs.setCurrentIndex(TAB_NARRATIVE)
    narrative = page.narrative
    narrative.select_section("need")
    original = section_text(stored(), "need")
    steps = session.undo_stack.count()
    type_at_end(qtbot, narrative.editor, "!")
    narrative.flush()
    assert session.undo_stack.count() == steps + 1
    qtbot.keyClick(narrative.editor, Qt.Key.Key_Backspace)
    narrative.flush()
    assert section_text(stored(), "need") == original
    assert session.undo_stack.count() == steps


def test_edits_of_two_sections_are_two_undo_steps(qtbot, page, session, stored) -> None:
    page.tabs.setCurrentIndex(TAB_NARRATIVE)
    narrative = page.narrative
    steps = session.undo_stack.count()
    narrative.select_section("goals")
    type_at_end(qtbot, narrative.editor, " A")
    narrative.select_section("design")
    type_at_end(qtbot, narrative.editor, " B")
    narrative.flush()
    assert session.undo_stack.count() == steps + 2
    session.undo_stack.undo()
    assert not section_text(stored(), "design").endswith(" B")
    assert section_text(stored(), "goals").endswith(" A")


def test_a_new_application_gets_its_sections_in_doj_order_as_they_are_typed(qtbot, page, session, stored) -> None:
    from fundtracker.domain.records import Application

    session.create(Application(key="small", funder="Local foundation", program_title="Small grant"))
    page.tabs.setCurrentIndex(TAB_NARRATIVE)
    page.chooser.setCurrentIndex(page.chooser.findData("small"))
    assert page.key == "small"
    assert page.budget.summary.text().startswith("No budget yet: application 'small': stream: not set")
    narrative = page.narrative
    for key, text in (("timeline", "Spring to fall."), ("abstract", "We ask for help.")):
        narrative.select_section(key)
        narrative.editor.setPlainText(text)
    narrative.flush()
    sections = stored().find("application", "small").sections
    assert [(s.key, s.title, s.text) for s in sections] == [
        ("abstract", "Abstract", "We ask for help."),
        ("timeline", "Timeline", "Spring to fall."),
    ]


def test_record_award_secures_the_stream_in_one_undo_step(page, session, stored, monkeypatch) -> None:
    from decimal import Decimal

    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("400,000", True))
    before = stored().stream("federal")
    assert before.status == "pending"
    qtbot_click(page.award_button)
    federal = stored().stream("federal")
    assert (federal.status, federal.probability, federal.amount) == ("secured", Decimal(1), 40_000_000)
    assert stored().find("application", KEY).status == "awarded"
    # The award record, dated the page's today, its version 0 the application budget ($690,262.18).
    award = stored().find("award", KEY)
    assert (award.stream, award.versions[0].date, award.versions[0].federal_total) == (
        "federal",
        date(2022, 3, 1),
        69_026_218,
    )
    session.undo_stack.undo()
    assert stored().stream("federal") == before
    assert stored().find("application", KEY).status == "drafting"
    assert stored().awards == ()


def test_record_award_on_a_shared_stream_asks_and_can_make_a_new_stream(page, session, stored, monkeypatch) -> None:
    import dataclasses

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

    from fundtracker.ui.award_action import NEW_STREAM_BUTTON

    app = session.workspace.find("application", KEY)
    session.create(dataclasses.replace(app, key="cops_hiring", program_title="COPS hiring", sections=()))
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kwargs: ("400,000", True))
    federal = stored().stream("federal")
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text() + "\n" + box.informativeText())
        next(b for b in box.buttons() if b.text() == NEW_STREAM_BUTTON).click()

    QTimer.singleShot(0, answer)
    qtbot_click(page.award_button)
    assert "application 'cops_hiring' (COPS hiring) also uses stream 'federal'" in seen[0]
    assert "amount $450,000 → $400,000" in seen[0]
    workspace = stored()
    assert workspace.stream("federal") == federal
    assert workspace.stream(KEY).amount == 40_000_000
    assert workspace.find("application", KEY).stream == KEY
    session.undo_stack.undo()
    assert stored().stream(KEY) is None
    assert stored().find("application", KEY).stream == "federal"


def qtbot_click(button) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtTest import QTest

    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
