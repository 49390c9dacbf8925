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


def checked(text: str, where: str) -> str:
    """``text`` as the PDF will print it (NFC; invisible marks the font lacks removed).

    Raises:
        InputError: naming ``where``, for right-to-left text (not laid out by this writer),
            control characters, or characters the font cannot show.
    """
    family = _family.get()
    glyphs = register_fonts(family)
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " "))
    if text.isascii() and not _ASCII_CONTROL.search(text):
        return text
    kept: list[str] = []
    missing: dict[str, None] = {}
    for char in text:
        if char == "\n":
            kept.append(char)
            continue
        if unicodedata.bidirectional(char) in RTL_CLASSES:
            start = text.index(char)
            snippet = text[start : start + 20].split("\n")[0]
            raise InputError(
                f"has right-to-left text ({snippet!r}), which the PDF writer cannot lay out; "
                "write it in a left-to-right script or leave it out",
                where,
            )
        category = unicodedata.category(char)
        if category == "Cc":
            raise InputError(f"has a control character {_describe(char)}; remove it", where)
        if ord(char) in glyphs:
            kept.append(char)
        elif not _is_invisible(char):
            missing.setdefault(char, None)
    if missing:
        listed = ", ".join(_describe(char) for char in list(missing)[:MAX_LISTED])
        more = f" and {len(missing) - MAX_LISTED} more" if len(missing) > MAX_LISTED else ""
        raise InputError(
            f"has characters the PDF font ({FAMILIES[family].label}) cannot show: {listed}{more}; "
            "remove or replace them",
            where,
        )
    return "".join(kept)


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
