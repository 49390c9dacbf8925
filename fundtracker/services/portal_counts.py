"""Counting text the way submission portals do, for pasting a section into one.

A portal's box states its limit in characters, and portals disagree about what a character is:
some count spaces, some do not, and a browser sends each line break as CR LF, so a portal that
counts what it receives counts every line break twice. The text counted is what a reader sees
(:func:`fundtracker.services.markup.plain_text`: markup removed, bullets as "• "), which is what
"copy as plain text" puts on the clipboard, so the counts are the counts of what is pasted.

A character is a Unicode code point after NFC normalization (an accented letter typed as two
code points counts once). Tabs count as a space: the markup turns them into one.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from fundtracker.services.markup import plain_text


@dataclass(frozen=True)
class PortalCounts:
    """The counts portals use for one text.

    Attributes:
        with_spaces: every character except line breaks.
        without_spaces: every character that is not white space (spaces, no-break spaces, line breaks).
        line_breaks: the number of line breaks.
        words: words separated by white space.
    """

    with_spaces: int
    without_spaces: int
    line_breaks: int
    words: int

    @property
    def with_line_breaks(self) -> int:
        """Characters with spaces, each line break counted as one character."""
        return self.with_spaces + self.line_breaks

    @property
    def with_crlf_line_breaks(self) -> int:
        """Characters with spaces, each line break counted as two (CR LF, as a browser sends it)."""
        return self.with_spaces + 2 * self.line_breaks

    @property
    def summary(self) -> str:
        """``1,234 characters with spaces · 1,050 without · 1,260 with line breaks (1,286 as CR LF) · 210 words``."""
        return (
            f"{self.with_spaces:,} characters with spaces · {self.without_spaces:,} without · "
            f"{self.with_line_breaks:,} with line breaks ({self.with_crlf_line_breaks:,} as CR LF) · "
            f"{self.words:,} words"
        )


def count(text: str) -> PortalCounts:
    """The portal counts of ``text`` exactly as given (already plain text)."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    line_breaks = text.count("\n")
    return PortalCounts(
        with_spaces=len(text) - line_breaks,
        without_spaces=sum(not char.isspace() for char in text),
        line_breaks=line_breaks,
        words=len(text.split()),
    )


def plain_for_portal(markup: str) -> str:
    """The narrative markup as the plain text a portal box takes (what "copy as plain text" copies)."""
    return plain_text(markup)


def portal_counts(markup: str) -> tuple[str, PortalCounts]:
    """The plain text of narrative ``markup`` and its portal counts."""
    text = plain_for_portal(markup)
    return text, count(text)
