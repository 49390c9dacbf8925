"""Marks in the narrative editor as the writer types: misspelled words and characters the PDF cannot print.

Misspellings get the red wavy underline word processors use (the words come from
:class:`fundtracker.services.spelling.Speller`); characters the PDF export would refuse get a
red background (the rule is the exporter's own, :func:`fundtracker.exports.pdf_text.unsupported`,
so the editor flags exactly what the export refuses). Qt counts positions in UTF-16 code units,
Python in code points, so every span is converted (an emoji is one code point, two units).
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtGui import QColor, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from fundtracker.exports.pdf_text import unsupported
from fundtracker.services.spelling import Speller, open_speller
from fundtracker.ui.commands import weakly

UNSUPPORTED_FILL = QColor("#ffcdd2")
UNSUPPORTED_INK = QColor("#b71c1c")
MISSPELLED_LINE = QColor("#d32f2f")


@functools.cache
def shared_speller() -> Speller:
    """The app's one speller (opening a dictionary takes a moment; words ignored apply everywhere)."""
    return open_speller()


def utf16_offsets(text: str) -> list[int]:
    """``offsets[i]``: where code point ``i`` of ``text`` starts in UTF-16 units (one entry past the end)."""
    offsets = [0]
    for char in text:
        offsets.append(offsets[-1] + (2 if ord(char) > 0xFFFF else 1))
    return offsets


class NarrativeMarks(QSyntaxHighlighter):
    """Underlines misspellings and marks unsupported characters, block by block.

    Args:
        document: the editor's document.
        speller: the spell checker (one that is off marks nothing).
        family: returns the PDF font family the application is set in (``sans`` | ``serif``).
    """

    def __init__(self, document: QTextDocument, speller: Speller, family: Callable[[], str]) -> None:
        super().__init__(document)
        self.speller = speller
        # Held weakly: the editor owns this highlighter, and a bound method of the editor held here
        # would close a reference cycle through Qt objects (issue 11).
        self.family = weakly(family)
        self.spelling = True
        self._misspelled = QTextCharFormat()
        self._misspelled.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
        self._misspelled.setUnderlineColor(MISSPELLED_LINE)
        self._unsupported = QTextCharFormat()
        self._unsupported.setBackground(UNSUPPORTED_FILL)
        self._unsupported.setForeground(UNSUPPORTED_INK)

    def set_spelling(self, on: bool) -> None:
        """Turn the spelling underline on or off (the unsupported characters stay marked)."""
        self.spelling = on
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:
        offsets = None if text.isascii() else utf16_offsets(text)

        def mark(start: int, length: int, style: QTextCharFormat) -> None:
            if offsets is None:
                self.setFormat(start, length, style)
            else:
                self.setFormat(offsets[start], offsets[start + length] - offsets[start], style)

        if self.spelling:
            for start, length in self.speller.misspelled(text):
                mark(start, length, self._misspelled)
        if offsets is not None:  # ASCII text is always printable (control characters aside: not typeable here)
            for problem in unsupported(text, self.family() or "sans"):
                mark(problem.start, 1, self._unsupported)

    def word_at(self, text: str, position: int) -> tuple[int, int] | None:
        """The misspelled word's ``(start, length)`` in UTF-16 units around ``position`` of block ``text``, or None."""
        offsets = utf16_offsets(text)
        for start, length in self.speller.misspelled(text):
            if offsets[start] <= position <= offsets[start + length]:
                return offsets[start], offsets[start + length] - offsets[start]
        return None
