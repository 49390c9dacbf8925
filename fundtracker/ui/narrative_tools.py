"""The narrative editor's writing aids: spelling suggestions in the context menu, copy as plain text,
and the note on characters the PDF cannot print.

Kept apart from :mod:`fundtracker.ui.pages.narrative_editor` (which lays out the page): each
function takes the editor's widgets, so it is tested with a bare text edit.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QMenu, QPlainTextEdit

from fundtracker.exports.pdf_text import CONTROL, NO_GLYPH, RIGHT_TO_LEFT, unsupported, unsupported_message
from fundtracker.services.portal_counts import PortalCounts, portal_counts
from fundtracker.ui.text_marks import NarrativeMarks


def spelling_menu(editor: QPlainTextEdit, marks: NarrativeMarks, position: QPoint) -> QMenu:
    """The editor's context menu at ``position``, with suggestions for a misspelled word there first.

    Choosing a suggestion replaces the word (one undo step in the editor); "Ignore" stops marking
    the word for this session. When spell checking is off, the menu says why.
    """
    menu = editor.createStandardContextMenu(position)
    first = menu.actions()[0] if menu.actions() else None
    added = []
    if not marks.speller.available:
        note = menu.addAction(marks.speller.note)
        note.setEnabled(False)
        added.append(note)
    else:
        cursor = editor.cursorForPosition(position)
        block = cursor.block()
        span = marks.word_at(block.text(), cursor.positionInBlock())
        if span is not None:
            start, length = span
            word_cursor = QTextCursor(block)
            word_cursor.setPosition(block.position() + start)
            word_cursor.setPosition(block.position() + start + length, QTextCursor.MoveMode.KeepAnchor)
            word = word_cursor.selectedText()
            suggestions = marks.speller.suggestions(word)
            for suggestion in suggestions:
                action = menu.addAction(suggestion)
                action.triggered.connect(lambda _=False, s=suggestion, c=word_cursor: _replace(editor, c, s))
                added.append(action)
            if not suggestions:
                none = menu.addAction("No suggestions")
                none.setEnabled(False)
                added.append(none)
            ignore = menu.addAction(f"Ignore “{word}”")
            ignore.triggered.connect(lambda _=False, w=word: _ignore(marks, w))
            added.append(ignore)
    if added and first is not None:
        for action in added:  # suggestions go first, as in word processors
            menu.removeAction(action)
        menu.insertActions(first, added)
        menu.insertSeparator(first)
    return menu


def _replace(editor: QPlainTextEdit, cursor: QTextCursor, text: str) -> None:
    cursor.insertText(text)
    editor.setTextCursor(cursor)


def _ignore(marks: NarrativeMarks, word: str) -> None:
    marks.speller.ignore(word)
    marks.rehighlight()


def copy_plain_text(filled: str) -> PortalCounts:
    """Put the plain text of filled narrative markup on the clipboard; return its portal counts."""
    text, counts = portal_counts(filled)
    QApplication.clipboard().setText(text)
    return counts


def unsupported_note(text: str, family: str) -> str:
    """The note under the editor when the text has characters the PDF refuses ("" when it has none)."""
    problems = unsupported(text, family)
    if not problems:
        return ""
    # The export stops at the first kind of problem; the writer should see every kind at once.
    groups = [[p for p in problems if p.reason == reason] for reason in (RIGHT_TO_LEFT, CONTROL, NO_GLYPH)]
    messages = [unsupported_message(group, text, family) for group in groups if group]
    return f"Marked in red: the text {'; it also '.join(messages)}. The PDF export refuses them."
