"""An application's narrative sections as the editor lists them, and their preview as HTML.

No Qt here: the editor widgets (``pages/narrative_editor.py``) use these.
"""

from __future__ import annotations

import dataclasses
import html

from fundtracker.domain.records import DOJ_SECTIONS, Application, Section
from fundtracker.services.markup import BulletList, Line, parse

DOJ_ORDER = {key: number for number, (key, _) in enumerate(DOJ_SECTIONS)}


def ordered_sections(application: Application) -> list[Section]:
    """Every DOJ section in DOJ order (stored, or blank when not started), then any other sections."""
    stored = {section.key: section for section in application.sections}
    listed = [stored.get(key) or Section(key=key, title=title) for key, title in DOJ_SECTIONS]
    return listed + [section for section in application.sections if section.key not in DOJ_ORDER]


def is_started(application: Application, key: str) -> bool:
    """Whether the application stores section ``key`` (a blank DOJ section is listed but not stored)."""
    return any(section.key == key for section in application.sections)


def with_section(application: Application, section: Section) -> Application:
    """The application with ``section`` replaced, or inserted at its DOJ place when not stored yet."""
    sections = list(application.sections)
    for number, existing in enumerate(sections):
        if existing.key == section.key:
            sections[number] = section
            return dataclasses.replace(application, sections=tuple(sections))
    rank = DOJ_ORDER.get(section.key, len(DOJ_ORDER))
    place = next(
        (number for number, existing in enumerate(sections) if DOJ_ORDER.get(existing.key, len(DOJ_ORDER)) > rank),
        len(sections),
    )
    sections.insert(place, section)
    return dataclasses.replace(application, sections=tuple(sections))


def _line_html(line: Line) -> str:
    parts = []
    for run in line:
        text = html.escape(run.text)
        if run.italic:
            text = f"<i>{text}</i>"
        if run.bold:
            text = f"<b>{text}</b>"
        parts.append(text)
    return "".join(parts)


def preview_html(text: str) -> str:
    """Narrative markup as simple HTML: paragraphs, bullet lists, bold and italic; all text escaped."""
    blocks = []
    for block in parse(text):
        if isinstance(block, BulletList):
            items = "".join("<li>" + "<br>".join(_line_html(line) for line in item) + "</li>" for item in block.items)
            blocks.append(f"<ul>{items}</ul>")
        else:
            blocks.append("<p>" + "<br>".join(_line_html(line) for line in block.lines) + "</p>")
    return "".join(blocks)
