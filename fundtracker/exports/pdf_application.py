"""The grant application as a PDF a funder would accept (reportlab platypus).

Cover sheet, table of contents, the narrative sections in DOJ order (the timeline
section with its milestone table), then the budget: SF-424A Section B, the budget
detail worksheet and the budget justification. Header with the program title, footer
"Page X of Y", a bookmark per section, document metadata, in the application's typography
(DejaVu Sans or DejaVu Serif for Unicode, 10–12 pt, single to double spacing). A section
with a page limit starts on a new page, so the pages it spans are the pages the limit counts.

Public entry: :func:`write_application_pdf`. The file is written to a temp file and
renamed, so a failure or a cancellation leaves an existing PDF untouched.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from fundtracker.domain.errors import Cancelled as DomainCancelled
from fundtracker.domain.errors import InputError
from fundtracker.domain.records import DOJ_SECTIONS, Application, Section, Workspace
from fundtracker.exports.pdf_budget import detail_worksheet, justification_flowables, section_b, timeline_table
from fundtracker.exports.pdf_fonts import register_fonts
from fundtracker.exports.pdf_layout import (
    RULE,
    ApplicationDocument,
    Heading,
    Marker,
    PageCounter,
    styles,
    table_of_contents,
)
from fundtracker.exports.pdf_sf424 import face_page, sf424a_flowables
from fundtracker.exports.pdf_text import checked, escape, font_in_use, narrative, plain
from fundtracker.exports.typography import Typography
from fundtracker.services.application_budget import (
    ApplicationBudget,
    application_budget,
    find_application,
    money,
    percent_text,
)
from fundtracker.services.justification_figures import amount_warnings, stale_justifications
from fundtracker.services.live_values import live_values, long_date
from fundtracker.services.markup import fill, word_count, word_limit_warning
from fundtracker.services.sf424a import SF424A, sf424a
from fundtracker.store.atomic import atomic_path

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]
DOJ_ORDER = {key: index for index, (key, _) in enumerate(DOJ_SECTIONS)}
# Layout passes multiBuild normally needs (TOC and page count settle on the second).
EXPECTED_PASSES = 2
PREPARE_STEPS = 3
TIMELINE_ROOM = 3.5 * inch


class ExportCancelled(DomainCancelled):
    """The person cancelled the export; nothing was written."""


@dataclass(frozen=True)
class SectionPages:
    key: str
    title: str
    first_page: int
    pages: int


@dataclass(frozen=True)
class PdfReport:
    """What a written application PDF holds, and what the writer should look at."""

    pages: int
    sections: tuple[SectionPages, ...]
    total: int
    warnings: tuple[str, ...]
    layout_passes: int = 0
    typography: str = ""


def ordered_sections(application: Application) -> list[Section]:
    """Sections in DOJ order; sections the DOJ list does not name keep their order, after them."""
    indexed = list(enumerate(application.sections))
    indexed.sort(key=lambda pair: (DOJ_ORDER.get(pair[1].key, len(DOJ_ORDER)), pair[0]))
    return [section for _, section in indexed]


class _Tracker:
    """Progress and cancellation, called after each flowable is laid out."""

    def __init__(self, progress: Progress | None, cancelled: Cancelled | None) -> None:
        self.progress = progress
        self.cancelled = cancelled
        self.done = 0
        self.total = PREPARE_STEPS

    def step(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ExportCancelled("export cancelled; no file was written")
        self.done += 1
        self.total = max(self.total, self.done)
        if self.progress is not None:
            self.progress(self.done, self.total)

    def finish(self) -> None:
        self.total = self.done
        if self.progress is not None:
            self.progress(self.done, self.total)


def build_application_pdf(
    workspace: Workspace,
    application_key: str,
    target: str | Path | BinaryIO,
    *,
    as_of: date | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    typography: Typography | None = None,
) -> PdfReport:
    """Lay out the application and write the PDF to ``target`` (a path or a binary file).

    ``typography`` replaces the application's own font, size and spacing for this export.
    Returns what was written: pages, each section's pages, the budget total and warnings
    (budget, word and page limits).
    """
    application = find_application(workspace, application_key)
    typography = typography or Typography.of(application)
    with font_in_use(typography.family):
        return _build(workspace, application, target, as_of or date.today(), typography, _Tracker(progress, cancelled))


def _build(
    workspace: Workspace,
    application: Application,
    target: str | Path | BinaryIO,
    as_of: date,
    typography: Typography,
    tracker: _Tracker,
) -> PdfReport:
    where = f"application {application.key!r}"
    register_fonts(typography.family)
    budget = application_budget(workspace, application.key)
    forms = sf424a(workspace, application.key, budget)
    tracker.step()
    values = live_values(workspace, application, as_of=as_of, budget=budget)
    sections = ordered_sections(application)
    filled = [(s, fill(s.text, values, f"{where}: section {s.key!r}")) for s in sections]
    warnings = list(budget.warnings) + list(forms.warnings)
    warnings += [stale.warning for stale in stale_justifications(application, budget)]
    warnings += amount_warnings(application, budget)
    tracker.step()

    organization = workspace.organization
    header = checked(application.program_title, f"{where}: program_title")
    applicant = checked(organization.name, "organization: name")
    buffer = io.BytesIO()
    document = ApplicationDocument(
        buffer,
        header=header,
        header_right=applicant,
        on_flowable=tracker.step,
        family=typography.family,
        title=header,
        author=applicant,
        subject=f"Grant application to {checked(application.funder, f'{where}: funder')}",
        keywords=f"grant application, {application.funder}, SF-424A",
    )
    story = _story(workspace, application, forms, filled, document, as_of, typography)
    story.append(PageCounter(document))
    tracker.total += len(story) * EXPECTED_PASSES
    tracker.step()
    try:
        passes = document.multiBuild(story)
    except LayoutError as exc:
        raise InputError(
            f"the PDF layout failed: something in the application is too large to fit on a page ({exc}); "
            "shorten the longest table cell or split the text",
            where,
        ) from None
    data = buffer.getvalue()
    if isinstance(target, (str, Path)):
        with atomic_path(Path(target)) as temp:
            temp.write_bytes(data)
    else:
        target.write(data)
    tracker.finish()

    pages = document.total_pages or document.pages_this_pass
    section_pages = []
    for section, text in filled:
        first = document.marks.get(f"section.{section.key}", 0)
        last = document.marks.get(f"end.{section.key}", first)
        spanned = max(1, last - first + 1)
        section_pages.append(SectionPages(section.key, section.title, first, spanned))
        word_warning = word_limit_warning(section, word_count(text))
        if word_warning:
            warnings.append(word_warning)
        if section.page_limit is not None and spanned > section.page_limit:
            warnings.append(
                f"section {section.title!r} runs to {spanned} pages in the PDF, over its limit of "
                f"{section.page_limit} page{'s' if section.page_limit != 1 else ''}"
            )
        if not text.strip():
            warnings.append(f"section {section.title!r} is empty")
    return PdfReport(
        pages, tuple(section_pages), budget.total, tuple(dict.fromkeys(warnings)), passes, typography.label
    )


def save_pdf(data: bytes, path: str | Path) -> None:
    """Write PDF bytes laid out before (``build_application_pdf`` into a buffer) atomically."""
    with atomic_path(Path(path)) as temp:
        temp.write_bytes(data)


def write_application_pdf(
    workspace: Workspace,
    application_key: str,
    path: str | Path,
    *,
    as_of: date | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    typography: Typography | None = None,
) -> None:
    """Write application ``application_key`` of ``workspace`` as a PDF at ``path``.

    Args:
        workspace: the workspace (its plan gives the budget).
        application_key: the application's key.
        path: the PDF to write; replaced only when the whole PDF is ready.
        as_of: the day placeholders such as ``{{runway.secured_funded_through}}`` are
            computed from, and the cover's date (default today).
        progress: ``progress(done, total)`` as layout proceeds (``total`` may grow).
        cancelled: polled during layout; when it returns True, :class:`ExportCancelled` is raised.
        typography: font, size and spacing for this export (default: the application's own).

    Raises:
        NotFoundError: no such application.
        InputError: text the PDF cannot hold, an unknown placeholder, a missing stream or period.
        ExportCancelled: ``cancelled()`` returned True.
    """
    build_application_pdf(
        workspace, application_key, path, as_of=as_of, progress=progress, cancelled=cancelled, typography=typography
    )


def _story(
    workspace: Workspace,
    application: Application,
    forms: SF424A,
    filled: list[tuple[Section, str]],
    document: ApplicationDocument,
    as_of: date,
    typography: Typography,
) -> list[Flowable]:
    s = styles(typography)
    where = f"application {application.key!r}"
    width = document.width
    budget = forms.budget
    story: list[Flowable] = [*_cover(workspace, application, budget, s, width, as_of)]
    story += [NextPageTemplate("body"), PageBreak(), *face_page(forms, s, width, where)]
    story += [PageBreak(), Paragraph("Contents", s["h1"]), table_of_contents(s)]
    story.append(PageBreak())
    has_timeline = False
    for index, (section, text) in enumerate(filled):
        title = checked(section.title or section.key, f"{where}: section {section.key!r}: title")
        if section.page_limit is not None and index > 0:
            # A section with a page limit starts on a page of its own, as when it is submitted as
            # its own attachment, so the pages it spans here are the pages the limit counts.
            story.append(PageBreak())
        elif section.key == "timeline":
            story.append(CondPageBreak(TIMELINE_ROOM))  # the heading, its text and the table together
        story.append(Heading(escape(title), s["h1"], level=0, title=title, key=f"section.{section.key}"))
        if text.strip():
            story += narrative(text, s["body"], s["bullet"], f"{where}: section {section.key!r}")
        if section.key == "timeline":
            has_timeline = True
            story += timeline_table(application, s, width, where)
        story.append(Marker(f"end.{section.key}"))
    if not has_timeline and application.milestones:
        story.append(Heading("Timeline", s["h1"], level=0, title="Timeline", key="timeline.table"))
        story += timeline_table(application, s, width, where)

    story += [PageBreak(), Heading("Budget", s["h1"], level=0, title="Budget", key="budget")]
    story.append(
        Paragraph(
            escape(
                f"Budget for {len(budget.years)} budget year{'s' if len(budget.years) != 1 else ''}: "
                + "; ".join(f"{y.label}, {y.period_text}" for y in budget.years)
                + f". Total {money(budget.total)}."
            ),
            s["body"],
        )
    )
    story.append(_heading2("SF-424A: Budget Information", "budget.sf424a", s))
    story += sf424a_flowables(forms, s, width, where)
    story += [CondPageBreak(2.5 * inch), _heading2("Section B by budget year", "budget.section_b", s)]
    story += section_b(budget, s, width)
    story += [PageBreak(), _heading2("Budget Detail Worksheet", "budget.worksheet", s)]
    story += detail_worksheet(budget, s, width, where)
    story += [CondPageBreak(2.5 * inch), _heading2("Budget Justification", "budget.justification", s)]
    story += justification_flowables(workspace, application, budget, s, where)
    return story


def _heading2(title: str, key: str, s: dict[str, ParagraphStyle]) -> Heading:
    return Heading(escape(title), s["h2"], level=1, title=title, key=key)


def _cover(
    workspace: Workspace,
    application: Application,
    budget: ApplicationBudget,
    s: dict[str, ParagraphStyle],
    width: float,
    as_of: date,
) -> list[Flowable]:
    organization = workspace.organization
    where = f"application {application.key!r}"
    period = "—"
    if application.period_start and application.period_end:
        years = len(budget.years)
        period = (
            f"{long_date(application.period_start)} – {long_date(application.period_end)} "
            f"({years} budget year{'s' if years != 1 else ''})"
        )
    contact = "\n".join(
        part for part in (organization.contact_name, organization.contact_email, organization.contact_phone) if part
    )
    amount = money(application.requested_amount)
    if budget.has_match:
        basis = f" ({percent_text(budget.match_percent)}%)" if budget.match_percent else " (from named streams)"
        amount += (
            f"\nBudget total {money(budget.total)}: federal {money(budget.federal_total)}, "
            f"non-federal match {money(budget.non_federal_total)}{basis}"
        )
    rows = [
        ("Applicant", organization.name, "organization: name"),
        ("Address", organization.address, "organization: address"),
        ("UEI", organization.uei, "organization: uei"),
        ("EIN", organization.ein, "organization: ein"),
        ("Funder", application.funder, f"{where}: funder"),
        ("Program", application.program_title, f"{where}: program_title"),
        ("Amount requested", amount, f"{where}: requested_amount"),
        ("Project period", period, f"{where}: period_start"),
        (
            "Submission deadline",
            long_date(application.deadline) if application.deadline else "—",
            f"{where}: deadline",
        ),
        ("Contact", contact, "organization: contact_name"),
        ("Prepared", long_date(as_of), "as_of"),
    ]
    label, value = s["cover_label"], s["cover_value"]
    data = [[Paragraph(escape(name), label), plain(text or "—", value, field)] for name, text, field in rows]
    table = Table(data, colWidths=[1.7 * inch, width - 1.7 * inch], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    title = plain(application.program_title, s["title"], f"{where}: program_title")
    subtitle = plain(f"Grant application to {application.funder}", s["subtitle"], f"{where}: funder")
    return [Spacer(0, 1.2 * inch), title, subtitle, table]
