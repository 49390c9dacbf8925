"""User text into reportlab paragraphs, safely.

Every piece of text a person typed passes :func:`checked` (characters the PDF can
show) and then :func:`escape` before it reaches a reportlab ``Paragraph``, so ``<b>``,
``&`` or ``<font>`` print as typed and never as reportlab markup. Narrative markup
(:mod:`fundtracker.services.narrative`) becomes ``<b>``/``<i>`` here, around escaped runs.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from xml.sax.saxutils import escape as xml_escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Spacer

from fundtracker.domain.errors import InputError
from fundtracker.exports.pdf_fonts import FAMILIES, register_fonts
from fundtracker.services.markup import BulletList, Line, parse

RTL_CLASSES = frozenset({"R", "AL", "RLE", "RLO", "RLI"})
# Invisible characters that only adjust neighbours; dropped when the font has no glyph for them.
INVISIBLE_CATEGORIES = frozenset({"Cf"})
MAX_LISTED = 5
_ASCII_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
# The font family the document being built uses (per thread: the app exports on a worker).
_family: ContextVar[str] = ContextVar("pdf_font_family", default="sans")


@contextmanager
def font_in_use(family: str) -> Iterator[None]:
    """Check text against ``family``'s glyphs while a document in that family is built."""
    token = _family.set(family)
    try:
        yield
    finally:
        _family.reset(token)


def _is_invisible(char: str) -> bool:
    code = ord(char)
    return unicodedata.category(char) in INVISIBLE_CATEGORIES or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    shown = f"{char} " if char.isprintable() and not unicodedata.category(char).startswith("C") else ""
    return f"{shown}(U+{ord(char):04X}{' ' + name if name else ''})"


RIGHT_TO_LEFT = "right-to-left"
CONTROL = "control"
NO_GLYPH = "no glyph"
# Typed text the PDF turns into something printable (a tab is a space; CR LF a line break).
_NORMALIZED = frozenset("\n\r\t")


@dataclass(frozen=True)
class Unsupported:
    """A character the PDF refuses: where it is in the text (a code point index), it, and why.

    ``reason`` is :data:`RIGHT_TO_LEFT` (the writer does not lay out right-to-left scripts),
    :data:`CONTROL` (a control character) or :data:`NO_GLYPH` (the font cannot draw it).
    """

    start: int
    char: str
    reason: str

    @property
    def description(self) -> str:
        """``🙏 (U+1F64F PERSON WITH FOLDED HANDS)``."""
        return _describe(self.char)


def unsupported(text: str, family: str | None = None) -> list[Unsupported]:
    """Every character of ``text`` the PDF cannot print in ``family`` (default: the document's), in order.

    The one rule for what the PDF takes: :func:`checked` refuses exactly these, and the narrative
    editor marks them as they are typed. Invisible marks the font lacks (variation selectors, zero
    width joiners) are not listed: the PDF drops them without changing what a reader sees.
    """
    if text.isascii() and not _ASCII_CONTROL.search(text):
        return []
    glyphs = register_fonts(family or _family.get())
    found = []
    for index, char in enumerate(text):
        if char in _NORMALIZED or (char.isascii() and char.isprintable()):
            continue
        if unicodedata.bidirectional(char) in RTL_CLASSES:
            found.append(Unsupported(index, char, RIGHT_TO_LEFT))
        elif unicodedata.category(char) == "Cc":
            found.append(Unsupported(index, char, CONTROL))
        elif ord(char) not in glyphs and not _is_invisible(char):
            found.append(Unsupported(index, char, NO_GLYPH))
    return found


def unsupported_message(problems: list[Unsupported], text: str, family: str | None = None) -> str:
    """What is wrong with the text, as the export says it: the first right-to-left run or control
    character, else every character the font lacks (the first :data:`MAX_LISTED`)."""
    first = next((p for p in problems if p.reason != NO_GLYPH), None)
    if first is not None and first.reason == RIGHT_TO_LEFT:
        snippet = text[first.start : first.start + 20].split("\n")[0]
        return (
            f"has right-to-left text ({snippet!r}), which the PDF writer cannot lay out; "
            "write it in a left-to-right script or leave it out"
        )
    if first is not None:
        return f"has a control character {first.description}; remove it"
    missing = list(dict.fromkeys(p.char for p in problems))
    listed = ", ".join(_describe(char) for char in missing[:MAX_LISTED])
    more = f" and {len(missing) - MAX_LISTED} more" if len(missing) > MAX_LISTED else ""
    label = FAMILIES[family or _family.get()].label
    return f"has characters the PDF font ({label}) cannot show: {listed}{more}; remove or replace them"


def checked(text: str, where: str) -> str:
    """``text`` as the PDF will print it (NFC; invisible marks the font lacks removed).

    Raises:
        InputError: naming ``where``, for right-to-left text (not laid out by this writer),
            control characters, or characters the font cannot show (:func:`unsupported`).
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    if text.isascii() and not _ASCII_CONTROL.search(text):
        return text
    problems = unsupported(text)
    if problems:
        raise InputError(unsupported_message(problems, text), where)
    glyphs = register_fonts(_family.get())
    return "".join(char for char in text if char == "\n" or ord(char) in glyphs)


def escape(text: str) -> str:
    """Plain text as reportlab paragraph markup: escaped, line breaks kept."""
    return xml_escape(text).replace("\n", "<br/>")


def plain(text: str, style: ParagraphStyle, where: str) -> Paragraph:
    """A paragraph of plain user text (no narrative markup)."""
    return Paragraph(escape(checked(text, where)), style)


def line_markup(line: Line) -> str:
    parts = []
    for run in line:
        text = xml_escape(run.text)
        if run.italic:
            text = f"<i>{text}</i>"
        if run.bold:
            text = f"<b>{text}</b>"
        parts.append(text)
    return "".join(parts)


def narrative(text: str, body: ParagraphStyle, bullet: ParagraphStyle, where: str) -> list[Flowable]:
    """Flowables of narrative markup: paragraphs and bullet items.

    Args:
        text: the filled narrative text.
        body: the paragraph style.
        bullet: the style of bullet items (with a left indent for the bullet).
        where: names the text in error messages.
    """
    blocks = parse(checked(text, where))
    flowables: list[Flowable] = []
    for block in blocks:
        if isinstance(block, BulletList):
            for item in block.items:
                markup = "<br/>".join(line_markup(line) for line in item)
                flowables.append(Paragraph(markup, bullet, bulletText="•"))
            flowables.append(Spacer(0, body.spaceAfter))
        else:
            flowables.append(Paragraph("<br/>".join(line_markup(line) for line in block.lines), body))
    return flowables
