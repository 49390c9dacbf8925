"""The narrative editor's writing aids: spelling underlines and suggestions, unsupported characters
flagged as typed (the exporter's rule), copy as plain text with portal counts, the library menu."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtGui import QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication

from fundtracker.domain.errors import InputError
from fundtracker.exports.pdf_application import build_application_pdf
from fundtracker.services.spelling import Speller, open_speller
from fundtracker.ui.narrative_tools import spelling_menu
from fundtracker.ui.pages.applications import TAB_NARRATIVE, ApplicationsPage
from fundtracker.ui.pages.narrative_editor import NarrativeEditor
from tests.conftest import IN_CI

pytestmark = pytest.mark.gui
KEY = "bja_cvi"


@pytest.fixture
def speller() -> Speller:
    opened = open_speller()
    if not opened.available:
        if IN_CI:
            pytest.fail(f"CI must run the spell-check tests: {opened.note}")
        pytest.skip(opened.note)
    return Speller(opened.checker, opened.note)  # its own ignore list, so tests do not share one


def editor_on(qtbot, session, speller: Speller | None, section: str = "need") -> NarrativeEditor:  # type: ignore[no-untyped-def]
    widget = NarrativeEditor(session, date(2022, 3, 1), speller=speller)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    widget.set_application(KEY)
    assert widget.select_section(section)
    return widget


def formats(editor: NarrativeEditor, line: int = 0) -> list[tuple[str, QTextCharFormat.UnderlineStyle]]:
    """The highlighter's ranges on ``line``: the text each covers and its underline (read while the range lives)."""
    block = editor.editor.document().findBlockByNumber(line)
    text = block.text()
    return [(text[r.start : r.start + r.length], r.format.underlineStyle()) for r in block.layout().formats()]


def test_misspelled_words_are_underlined_and_the_menu_replaces_them(qtbot, session, speller) -> None:  # type: ignore[no-untyped-def]
    widget = editor_on(qtbot, session, speller)
    widget.editor.setPlainText("The advocats recieve referrals from {{organization.name}}.")
    marked = formats(widget)
    assert [text for text, _ in marked] == ["advocats", "recieve"]
    assert all(style == QTextCharFormat.UnderlineStyle.SpellCheckUnderline for _, style in marked)
    # Right-click inside "advocats": the suggestions come first; choosing one replaces the word.
    cursor = QTextCursor(widget.editor.document())
    cursor.setPosition(6)
    position = widget.editor.cursorRect(cursor).center()
    menu = spelling_menu(widget.editor, widget.marks, position)
    labels = [action.text() for action in menu.actions()]
    assert "advocates" in labels[: labels.index("Ignore “advocats”")]
    next(a for a in menu.actions() if a.text() == "advocates").trigger()
    assert widget.editor.toPlainText() == "The advocates recieve referrals from {{organization.name}}."
    assert [text for text, _ in formats(widget)] == ["recieve"]
    menu = spelling_menu(widget.editor, widget.marks, widget.editor.cursorRect(_at(widget, 16)).center())
    next(a for a in menu.actions() if a.text() == "Ignore “recieve”").trigger()
    assert formats(widget) == []
    assert not widget.spelling_note.isVisible()


def _at(widget: NarrativeEditor, position: int) -> QTextCursor:
    cursor = QTextCursor(widget.editor.document())
    cursor.setPosition(position)
    return cursor


def test_a_missing_dictionary_leaves_the_editor_working_with_a_note(qtbot, session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    enchant = pytest.importorskip("enchant")

    def no_dictionary(language: str) -> None:
        raise enchant.errors.DictNotFoundError(f'No word lists can be found for the language "{language}".')

    monkeypatch.setattr(enchant, "Dict", no_dictionary)
    widget = editor_on(qtbot, session, open_speller())
    widget.editor.setPlainText("The advocats recieve referrals.")
    assert formats(widget) == []
    assert widget.spelling_note.isVisible()
    assert widget.spelling_note.text().startswith("Spell check is off: no en_US dictionary is installed")
    menu = spelling_menu(widget.editor, widget.marks, widget.editor.cursorRect(_at(widget, 6)).center())
    assert menu.actions()[0].text() == widget.spelling_note.text() and not menu.actions()[0].isEnabled()


def test_unsupported_characters_are_flagged_as_typed_exactly_as_the_export_refuses_them(
    qtbot, session, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    widget = editor_on(qtbot, session, Speller(None, "off"))
    widget.editor.setFocus()
    widget.editor.moveCursor(QTextCursor.MoveOperation.End)
    widget.editor.insertPlainText(" Thanks 🙏🏽 all")  # pasted: QTest cannot type characters beyond U+FFFF
    text = widget.editor.toPlainText()
    block = widget.editor.document().lastBlock()
    ranges = block.layout().formats()
    # Ranges count UTF-16 units: 🙏 (U+1F64F) is two, the skin tone (U+1F3FD) two more; the PDF
    # font has neither, and Qt joins the two neighbouring marks into one range of four units.
    units = block.text().encode("utf-16-le")
    marked = [units[2 * r.start : 2 * (r.start + r.length)].decode("utf-16-le") for r in ranges]
    assert marked == ["🙏🏽"]
    assert widget.unsupported.isVisible()
    note = widget.unsupported.text()
    assert "🙏 (U+1F64F PERSON WITH FOLDED HANDS)" in note and "(U+1F3FD" in note
    # The export refuses the same characters, with the same words.
    qtbot.waitUntil(lambda: session.workspace.find("application", KEY).sections[1].text == text, timeout=5000)
    with pytest.raises(InputError) as refused:
        build_application_pdf(session.workspace, KEY, tmp_path / "out.pdf")
    assert "🙏 (U+1F64F PERSON WITH FOLDED HANDS)" in str(refused.value)
    assert note.removeprefix("Marked in red: the text ").split(". The PDF export")[0] in str(refused.value)
    # Arabic: right-to-left, refused too; the note names both kinds (the export stops at the first).
    widget.editor.setPlainText("مرحبا 👍")
    both = widget.unsupported.text()
    assert both.startswith("Marked in red: the text has right-to-left text ('مرحبا 👍')")
    assert "; it also has characters the PDF font (DejaVu Sans) cannot show: 👍 (U+1F44D THUMBS UP SIGN)" in both
    widget.editor.setPlainText("Plain text, Peña and “quotes”.")
    assert not widget.unsupported.isVisible()


def test_copy_as_plain_text_fills_placeholders_removes_markup_and_shows_portal_counts(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    widget = editor_on(qtbot, session, Speller(None, "off"), section="goals")
    widget.editor.setPlainText("Goals of **{{organization.name}}**:\n\n- One\n- *Two*")
    widget.copy_button.click()
    copied = QApplication.clipboard().text()
    assert copied == "Goals of Kansas City Community Safety Partnership:\n\n• One\n• Two"
    # "Goals of Kansas City Community Safety Partnership:" 50 + "• One" 5 + "• Two" 5 = 60 with spaces;
    # spaces 6 + 1 + 1 = 8, so 52 without; 3 line breaks (the blank line is two).
    assert widget.copied.text() == (
        "Copied as plain text: 60 characters with spaces · 52 without · 63 with line breaks (66 as CR LF) · 11 words"
    )
    widget.editor.setPlainText("{{no.such}}")
    widget.copy_button.click()
    assert widget.copied.text().startswith("Not copied: section 'goals': unknown placeholder {{no.such}}")
    assert QApplication.clipboard().text() == copied


def test_the_block_menu_opens_the_library(qtbot, session) -> None:  # type: ignore[no-untyped-def]
    page = ApplicationsPage(session, today=date(2022, 3, 1))
    qtbot.addWidget(page)
    page.show()
    page.tabs.setCurrentIndex(TAB_NARRATIVE)
    menu = page.narrative.block_button.menu()
    menu.aboutToShow.emit()
    manage = next(a for a in menu.actions() if a.text() == "Manage text blocks…")
    manage.trigger()
    library = page.narrative._library
    assert library is not None and library.isVisible()
    assert library.model.rowCount() == 3
    library.close()
