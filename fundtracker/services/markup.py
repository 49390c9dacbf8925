"""The narrative markup of grant applications: parsing, counts, limits, placeholders.

The markup is what a grant writer types in a plain-text editor:

- paragraphs are separated by a blank line; a single line break stays a line break;
- a line starting with ``- `` (or a pasted ``• ``) is a bullet item; lines right after
  an item, without a bullet, continue it;
- ``**bold**`` and ``*italic*`` (a delimiter opens before a non-space and closes after
  one, so ``5 * 3`` stays as typed);
- a backslash makes the next ``\\ * - { }`` literal: ``\\*`` is an asterisk.

Nothing else is markup: ``<b>``, ``&amp;`` and the like are plain text, and the PDF
writer escapes every run before reportlab sees it.

Placeholders ``{{name}}`` are filled by :func:`fill` from a values function (the live
values of an application are :mod:`fundtracker.services.live_values`); an unknown name is an
:class:`InputError` naming it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from fundtracker.domain.errors import InputError
from fundtracker.domain.records import Section

ESCAPABLE = "\\*-{}•"
BULLETS = ("- ", "• ")
PLACEHOLDER_RE = re.compile(r"(?<!\\)\{\{([^{}]*)\}\}")


@dataclass(frozen=True)
class Run:
    """A stretch of text in one style."""

    text: str
    bold: bool = False
    italic: bool = False


Line = tuple[Run, ...]


@dataclass(frozen=True)
class Paragraph:
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class BulletList:
    """Bullet items; each item is one or more lines."""

    items: tuple[tuple[Line, ...], ...]


Block = Paragraph | BulletList


def normalize(text: str) -> str:
    """Line breaks as ``\\n``, tabs as spaces."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")


def parse(text: str) -> tuple[Block, ...]:
    """Parse narrative markup into paragraphs and bullet lists of styled runs."""
    blocks: list[Block] = []
    for chunk in re.split(r"\n[ \u00a0]*\n", normalize(text)):
        lines = [line for line in chunk.split("\n") if line.strip()]
        paragraph: list[Line] = []
        items: list[list[Line]] = []
        for raw in lines:
            stripped = raw.lstrip()
            bullet = next((b for b in BULLETS if stripped.startswith(b)), None)
            if bullet is not None:
                if paragraph:
                    blocks.append(Paragraph(tuple(paragraph)))
                    paragraph = []
                items.append([parse_inline(stripped[len(bullet) :].strip())])
            elif items:
                items[-1].append(parse_inline(raw.strip()))
            else:
                paragraph.append(parse_inline(raw.strip()))
        if paragraph:
            blocks.append(Paragraph(tuple(paragraph)))
        if items:
            blocks.append(BulletList(tuple(tuple(item) for item in items)))
    return tuple(blocks)


@dataclass
class _Token:
    text: str
    delimiter: bool = False
    can_open: bool = False
    can_close: bool = False
    paired: bool = False


def parse_inline(line: str) -> Line:
    """Split one line into runs by ``**bold**`` and ``*italic*``; backslash escapes."""
    if "*" not in line and "\\" not in line:
        return (Run(line),) if line else ()
    tokens: list[_Token] = []
    buffer: list[str] = []
    i = 0
    while i < len(line):
        char = line[i]
        if char == "\\" and i + 1 < len(line) and line[i + 1] in ESCAPABLE:
            buffer.append(line[i + 1])
            i += 2
            continue
        if char == "*":
            width = 2 if line.startswith("**", i) else 1
            if buffer:
                tokens.append(_Token("".join(buffer)))
                buffer = []
            before = line[i - 1] if i > 0 else " "
            after = line[i + width] if i + width < len(line) else " "
            tokens.append(_Token("*" * width, True, not after.isspace(), not before.isspace()))
            i += width
            continue
        buffer.append(char)
        i += 1
    if buffer:
        tokens.append(_Token("".join(buffer)))
    for delimiter in ("**", "*"):
        opener: _Token | None = None
        for token in tokens:
            if not token.delimiter or token.text != delimiter:
                continue
            if opener is not None and token.can_close:
                opener.paired = token.paired = True
                opener = None
            elif opener is None and token.can_open:
                opener = token
    runs: list[Run] = []
    bold = italic = False
    for token in tokens:
        if token.delimiter and token.paired:
            if token.text == "**":
                bold = not bold
            else:
                italic = not italic
            continue
        if runs and runs[-1].bold == bold and runs[-1].italic == italic:
            runs[-1] = Run(runs[-1].text + token.text, bold, italic)
        else:
            runs.append(Run(token.text, bold, italic))
    return tuple(runs)


def line_text(line: Line) -> str:
    return "".join(run.text for run in line)


def plain_lines(blocks: tuple[Block, ...]) -> list[str]:
    """Every line of text, markup removed (bullet items without their bullet)."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines += [line_text(line) for line in block.lines]
        else:
            for item in block.items:
                lines += [line_text(line) for line in item]
    return lines


def plain_text(text: str) -> str:
    """The text as a reader sees it: markup removed, bullets as "• ", blocks separated by a blank line."""
    parts = []
    for block in parse(text):
        if isinstance(block, Paragraph):
            parts.append("\n".join(line_text(line) for line in block.lines))
        else:
            parts.append("\n".join("• " + "\n  ".join(line_text(line) for line in item) for item in block.items))
    return "\n\n".join(parts)


def word_count(text: str) -> int:
    """Words as a reader counts them (markup and bullets not counted)."""
    return sum(len(line.split()) for line in plain_lines(parse(text)))


def char_count(text: str) -> int:
    """Characters including spaces, excluding line breaks, markup and bullets."""
    return sum(len(line) for line in plain_lines(parse(text)))


@dataclass(frozen=True)
class SectionCounts:
    """Counts of a section's text and the warnings its limits raise.

    ``pages`` is the laid-out page count when the caller had the section laid out
    (:func:`fundtracker.exports.section_pages.section_page_count`), else None.
    """

    words: int
    characters: int
    pages: int | None
    warnings: tuple[str, ...]


def section_counts(section: Section, text: str | None = None, pages: int | None = None) -> SectionCounts:
    """Word and character counts of a section (``text``: the filled text, default the raw text).

    A word limit is checked exactly. A page limit is checked on ``pages``, the pages the
    section takes when reportlab lays it out in the application's typography (never on a
    words-per-page guess: 12 pt double-spaced text takes about three times the pages of
    10 pt single-spaced); without ``pages`` it is not checked.
    """
    body = section.text if text is None else text
    words = word_count(body)
    characters = char_count(body)
    warning = word_limit_warning(section, words)
    warnings = [warning] if warning else []
    page_warning = page_limit_warning(section, pages)
    if page_warning:
        warnings.append(page_warning)
    return SectionCounts(words, characters, pages, tuple(warnings))


def page_limit_warning(section: Section, pages: int | None) -> str | None:
    """The warning for a section laid out on more pages than its limit, or None."""
    if section.page_limit is None or pages is None or pages <= section.page_limit:
        return None
    return (
        f"section {section.title!r} runs to {pages} pages laid out, over its limit of "
        f"{section.page_limit} page{'s' if section.page_limit != 1 else ''}"
    )


def word_limit_warning(section: Section, words: int) -> str | None:
    """The warning for a section over its word limit, or None."""
    if section.word_limit is None or words <= section.word_limit:
        return None
    return (
        f"section {section.title!r} has {words:,} words, over its limit of {section.word_limit:,} "
        f"by {words - section.word_limit:,}"
    )


def escape_markup(text: str) -> str:
    """Text to insert literally into markup: ``*``, ``\\``, braces and leading bullets escaped."""
    escaped = re.sub(r"([\\*{}])", r"\\\1", text)
    return re.sub(r"(?m)^(\s*)([-•]) ", r"\1\\\2 ", escaped)


def placeholders(text: str) -> list[str]:
    """The placeholder names used in ``text``, in order, without duplicates."""
    seen: dict[str, None] = {}
    for match in PLACEHOLDER_RE.finditer(text):
        seen.setdefault(match.group(1).strip(), None)
    return list(seen)


Values = Callable[[str], str]


class UnknownPlaceholder(Exception):
    """Raised by a values function for a name it does not know.

    Args:
        name: the name asked for.
        known: the names the values function knows, for the message.
    """

    def __init__(self, name: str, known: tuple[str, ...] = ()) -> None:
        super().__init__(name)
        self.name = name
        self.known = known


def fill(text: str, values: Values, where: str = "") -> str:
    """Replace every ``{{name}}`` in ``text`` by ``values(name)``.

    Raises:
        InputError: an unknown placeholder (``values`` raises :class:`UnknownPlaceholder`), naming it
            and ``where``.
    """

    def replace(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        try:
            return values(name)
        except InputError as exc:
            if exc.field is not None:
                raise
            raise InputError(f"placeholder {{{{{name}}}}} {exc.message}", where or None) from None
        except UnknownPlaceholder as unknown:
            known = f"; known placeholders: {', '.join(unknown.known)}" if unknown.known else ""
            raise InputError(f"unknown placeholder {{{{{name}}}}}{known}", where or None) from None

    return PLACEHOLDER_RE.sub(replace, text)
