"""How many pages a narrative section takes when reportlab lays it out (not a words-per-page guess).

The section is laid out alone, from the top of a page, in the application PDF's page frame,
styles and typography, exactly as :mod:`~fundtracker.exports.pdf_application` lays out a
section with a page limit (which starts on a page of its own there): the count here is the
count in the PDF.
"""

from __future__ import annotations

import io

from reportlab.platypus import Flowable

from fundtracker.domain.records import Application, Section
from fundtracker.exports.pdf_budget import timeline_table
from fundtracker.exports.pdf_layout import ApplicationDocument, Heading, styles
from fundtracker.exports.pdf_text import checked, escape, font_in_use, narrative
from fundtracker.exports.typography import Typography


def section_page_count(
    application: Application, section: Section, text: str, typography: Typography | None = None
) -> int:
    """Pages ``section`` fills with its filled ``text`` (placeholders replaced).

    Raises:
        InputError: text the PDF cannot hold (as the export would).
    """
    typography = typography or Typography.of(application)
    where = f"application {application.key!r}: section {section.key!r}"
    with font_in_use(typography.family):
        s = styles(typography)
        document = ApplicationDocument(io.BytesIO(), header="", header_right="", family=typography.family)
        title = checked(section.title or section.key, f"{where}: title")
        story: list[Flowable] = [Heading(escape(title), s["h1"], level=0, title=title, key="section", toc=False)]
        if text.strip():
            story += narrative(text, s["body"], s["bullet"], where)
        if section.key == "timeline":
            story += timeline_table(application, s, document.width, f"application {application.key!r}")
        document.build(story)
        return int(document.page)
