"""The grant application as a Word document (python-docx), for partners and portals.

The same content as the PDF (:mod:`fundtracker.exports.pdf_application`), from the same
functions: the cover facts, the narrative sections in DOJ order (Word "Heading 1", their
paragraphs, bullet lists, bold and italic from :func:`fundtracker.services.markup.parse`), the
timeline table, then the budget: SF-424A Section B and the shares, the budget detail worksheet
and the budget justification, each figure the :class:`ApplicationBudget`'s own, formatted by
:func:`fundtracker.services.application_budget.money`. Tables are Word tables (a header row that
repeats on each page, money right-aligned, totals bold) so a writer can edit or paste them.

The narrative is set in the application's typography (font, size, line spacing); the page count
is Word's to make, so the report has no pages. Word draws emoji and right-to-left scripts with its
own fonts, so the PDF's glyph check does not apply here.

Public entry: :func:`write_application_docx`; the file is written to a temp file and renamed.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt

from fundtracker.domain.records import FONT_NAMES, Application, Workspace
from fundtracker.exports.pdf_application import ordered_sections
from fundtracker.exports.pdf_budget import short_date
from fundtracker.exports.typography import Typography
from fundtracker.services.application_budget import (
    CATEGORY_TITLES,
    DIRECT_CATEGORIES,
    OBJECT_CLASSES,
    ApplicationBudget,
    application_budget,
    find_application,
    money,
    percent_text,
)
from fundtracker.services.budget_justification import justification
from fundtracker.services.justification_figures import amount_warnings, stale_justifications
from fundtracker.services.live_values import live_values, long_date
from fundtracker.services.markup import BulletList, Line, fill, parse, word_count, word_limit_warning
from fundtracker.store.atomic import atomic_path

TOTAL_ROWS = ("total_direct", "total")
TABLE_FONT_PT = 9
HEADER_FONT_PT = 8
TEXT_WIDTH_IN = 6.5  # Letter with 1-inch margins
LABEL_WIDTH_IN = 2.0


@dataclass(frozen=True)
class DocxReport:
    """What a written application DOCX holds, and what the writer should look at."""

    sections: tuple[str, ...]
    total: int
    warnings: tuple[str, ...]
    typography: str = ""


def build_application_docx(
    workspace: Workspace,
    application_key: str,
    target: str | Path | BinaryIO,
    *,
    as_of: date | None = None,
    typography: Typography | None = None,
) -> DocxReport:
    """Write application ``application_key`` as a .docx to ``target`` (a path, written atomically, or a binary file).

    Args:
        workspace: the workspace (its plan gives the budget).
        application_key: the application's key.
        target: where to write.
        as_of: the day placeholders are computed from, and the cover's date (default today).
        typography: font, size and spacing for this export (default: the application's own).

    Returns:
        The sections written, the budget total and the warnings the PDF export gives too
        (budget, stale justification, requested amount, word limits, empty sections).

    Raises:
        NotFoundError: no such application.
        InputError: an unknown placeholder, a missing stream or period.
    """
    application = find_application(workspace, application_key)
    typography = typography or Typography.of(application)
    as_of = as_of or date.today()
    where = f"application {application.key!r}"
    budget = application_budget(workspace, application.key)
    values = live_values(workspace, application, as_of=as_of, budget=budget)
    filled = [(s, fill(s.text, values, f"{where}: section {s.key!r}")) for s in ordered_sections(application)]
    warnings = list(budget.warnings)
    warnings += [stale.warning for stale in stale_justifications(application, budget)]
    warnings += amount_warnings(application, budget)
    for section, text in filled:
        word_warning = word_limit_warning(section, word_count(text))
        if word_warning:
            warnings.append(word_warning)
        if not text.strip():
            warnings.append(f"section {section.title!r} is empty")

    document = Document()
    _set_up(document, workspace, application, typography)
    _cover(document, workspace, application, budget, as_of)
    has_timeline = False
    for section, text in filled:
        document.add_heading(section.title or section.key, level=1)
        narrative(document, text)
        if section.key == "timeline":
            has_timeline = True
            timeline_table(document, application)
    if not has_timeline and application.milestones:
        document.add_heading("Timeline", level=1)
        timeline_table(document, application)
    _budget(document, workspace, application, budget)

    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    if isinstance(target, (str, Path)):
        with atomic_path(Path(target)) as temp:
            temp.write_bytes(data)
    else:
        target.write(data)
    return DocxReport(
        tuple(section.key for section, _ in filled), budget.total, tuple(dict.fromkeys(warnings)), typography.label
    )


def write_application_docx(
    workspace: Workspace,
    application_key: str,
    path: str | Path,
    *,
    as_of: date | None = None,
    typography: Typography | None = None,
) -> None:
    """Write application ``application_key`` as a .docx at ``path`` (see :func:`build_application_docx`)."""
    build_application_docx(workspace, application_key, path, as_of=as_of, typography=typography)


def save_docx(data: bytes, path: str | Path) -> None:
    """Write DOCX bytes built before (``build_application_docx`` into a buffer) atomically."""
    with atomic_path(Path(path)) as temp:
        temp.write_bytes(data)


# -- document set-up --------------------------------------------------------------


def _set_up(document: Any, workspace: Workspace, application: Application, typography: Typography) -> None:
    """Letter pages with 1-inch margins, the narrative's typography, the header, "Page X of Y", properties."""
    section = document.sections[0]
    section.page_width, section.page_height = Inches(8.5), Inches(11)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Inches(1))
    normal = document.styles["Normal"]
    font_name = FONT_NAMES[typography.family]
    normal.font.size = Pt(typography.size)
    normal.paragraph_format.line_spacing = float(typography.factor)
    normal.paragraph_format.space_after = Pt(typography.size * 0.6)
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "List Bullet"):
        style = document.styles[name]
        _use_font(style, font_name)
        if name not in ("Normal", "List Bullet"):
            style.paragraph_format.line_spacing = 1.0
    document.core_properties.title = application.program_title
    document.core_properties.author = workspace.organization.name
    document.core_properties.subject = f"Grant application to {application.funder}"
    document.core_properties.keywords = f"grant application, {application.funder}, SF-424A"
    header = section.header.paragraphs[0]
    # The Header style's centre tab would put the applicant mid-page: one right tab at the margin instead.
    header.paragraph_format.tab_stops.add_tab_stop(Inches(TEXT_WIDTH_IN / 2), WD_TAB_ALIGNMENT.CLEAR)
    header.paragraph_format.tab_stops.add_tab_stop(Inches(TEXT_WIDTH_IN), WD_TAB_ALIGNMENT.RIGHT)
    header.text = f"{application.program_title}\t{workspace.organization.name}"
    for run in header.runs:
        run.font.size = Pt(HEADER_FONT_PT)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer.add_run("Page ")
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")


def _use_font(style: Any, font_name: str) -> None:
    """Set ``style`` in ``font_name`` for every script.

    The template's styles name theme fonts (``w:asciiTheme`` …), which win over a named font, so
    they are removed; East Asian and complex-script fonts are named too, or Word mixes faces.
    """
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), font_name)


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they lay the pages out."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _page_break(document: Any) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


# -- text ----------------------------------------------------------------------------


def _add_line(paragraph: Any, line: Line) -> None:
    for run in line:
        added = paragraph.add_run(run.text)
        added.bold = run.bold or None
        added.italic = run.italic or None


def _add_lines(paragraph: Any, lines: tuple[Line, ...]) -> None:
    for index, line in enumerate(lines):
        if index:
            paragraph.add_run().add_break()  # a single line break stays a line break, as in the PDF
        _add_line(paragraph, line)


def narrative(document: Any, text: str) -> None:
    """Narrative markup as Word paragraphs and "List Bullet" items, bold and italic as runs."""
    for block in parse(text):
        if isinstance(block, BulletList):
            for item in block.items:
                _add_lines(document.add_paragraph(style="List Bullet"), item)
        else:
            _add_lines(document.add_paragraph(), block.lines)


def _note(document: Any, text: str) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.italic = True
    run.font.size = Pt(TABLE_FONT_PT)


# -- tables --------------------------------------------------------------------------


def _table(
    document: Any,
    rows: list[list[str]],
    *,
    money_from: int,
    totals: tuple[int, ...] = (),
    widths: tuple[float, ...] = (),
    header: bool = True,
) -> Any:
    """A Word table: ``rows[0]`` the header (bold, repeated on each page) unless ``header`` is False,
    money columns right-aligned, total rows bold."""
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for r, values in enumerate(rows):
        cells = table.rows[r].cells
        for c, value in enumerate(values):
            paragraph = cells[c].paragraphs[0]
            paragraph.paragraph_format.line_spacing = 1.0
            paragraph.paragraph_format.space_after = Pt(0)
            if c >= money_from:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            parts = value.split("\n")
            for index, part in enumerate(parts):
                if index:
                    paragraph.add_run().add_break()
                run = paragraph.add_run(part)
                run.font.size = Pt(TABLE_FONT_PT)
                run.bold = ((header and r == 0) or r in totals) or None
    _set_widths(table, widths or _label_and_figures(len(rows[0])))
    if header:
        repeat = OxmlElement("w:tblHeader")
        repeat.set(qn("w:val"), "true")
        table.rows[0]._tr.get_or_add_trPr().append(repeat)
    document.add_paragraph()
    return table


def _label_and_figures(columns: int) -> tuple[float, ...]:
    """A 2-inch label column and equal figure columns across the rest of the text width."""
    each = (TEXT_WIDTH_IN - LABEL_WIDTH_IN) / (columns - 1)
    return (LABEL_WIDTH_IN, *([each] * (columns - 1)))


def _set_widths(table: Any, widths: tuple[float, ...]) -> None:
    """Fixed column widths: Word reads them from the cells, LibreOffice from the grid, so both are set."""
    table.autofit = False
    for column, width in zip(table.columns, widths):
        column.width = Inches(width)
        for cell in column.cells:
            cell.width = Inches(width)


def section_b_rows(budget: ApplicationBudget, share: str, title: str) -> tuple[list[list[str]], tuple[int, ...]]:
    """SF-424A Section B for one share (``federal``, ``non_federal``, ``total``): rows and the total rows' indexes."""
    rows = [[f"Object class ({title.lower()})", *(y.label for y in budget.years), "Total"]]
    totals = []
    for letter, key, name in OBJECT_CLASSES:
        row = [f"{letter}. {name}"]
        row += [money(getattr(budget.cell(key, year.number), share)) for year in budget.years]
        row.append(money(getattr(budget.category_total(key), share)))
        if key in TOTAL_ROWS:
            totals.append(len(rows))
        rows.append(row)
    return rows, tuple(totals)


def timeline_table(document: Any, application: Application) -> None:
    """The milestones as a table, in start order."""
    if not application.milestones:
        _note(document, "No milestones have been entered.")
        return
    rows = [["Activity", "Start", "End", "Responsible"]]
    for _, milestone in sorted(enumerate(application.milestones), key=lambda pair: (pair[1].start, pair[0])):
        rows.append(
            [
                milestone.activity,
                short_date(milestone.start),
                short_date(milestone.end) if milestone.end else "ongoing",
                milestone.responsible,
            ]
        )
    _table(document, rows, money_from=4, widths=(2.9, 1.0, 1.0, 1.6))


# -- cover and budget ------------------------------------------------------------------


def _cover(
    document: Any, workspace: Workspace, application: Application, budget: ApplicationBudget, as_of: date
) -> None:
    organization = workspace.organization
    document.add_heading(application.program_title, level=0)
    document.add_paragraph(f"Grant application to {application.funder}")
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
    if budget.match_percent:
        amount += (
            f"\nBudget total {money(budget.total)}: federal {money(budget.federal_total)}, "
            f"non-federal match {money(budget.non_federal_total)} ({percent_text(budget.match_percent)}%)"
        )
    rows = [
        ["Applicant", organization.name],
        ["Address", organization.address],
        ["UEI", organization.uei],
        ["EIN", organization.ein],
        ["Funder", application.funder],
        ["Program", application.program_title],
        ["Amount requested", amount],
        ["Project period", period],
        ["Submission deadline", long_date(application.deadline) if application.deadline else "—"],
        ["Contact", contact],
        ["Prepared", long_date(as_of)],
    ]
    rows = [[name, value or "—"] for name, value in rows]
    _table(document, rows, money_from=2, widths=(1.7, 4.8), header=False)
    _page_break(document)


def _budget(document: Any, workspace: Workspace, application: Application, budget: ApplicationBudget) -> None:
    _page_break(document)
    document.add_heading("Budget", level=1)
    years = len(budget.years)
    document.add_paragraph(
        f"Budget for {years} budget year{'s' if years != 1 else ''}: "
        + "; ".join(f"{y.label}, {y.period_text}" for y in budget.years)
        + f". Total {money(budget.total)}."
    )
    document.add_heading("SF-424A Section B: Budget Categories", level=2)
    shares = [("federal", "Federal")]
    if budget.match_percent:
        shares += [("non_federal", "Non-federal"), ("total", "Federal and non-federal")]
    for share, title in shares:
        if len(shares) > 1:
            document.add_heading(f"{title} share", level=3)
        rows, totals = section_b_rows(budget, share, title)
        _table(document, rows, money_from=1, totals=totals)
    document.add_heading("Federal and non-federal shares", level=3)
    rows = [["Share of line k", *(y.label for y in budget.years), "Total"]]
    for share, title in (("federal", "Federal"), ("non_federal", "Non-federal"), ("total", "Total")):
        row = [title, *(money(getattr(budget.cell("total", y.number), share)) for y in budget.years)]
        rows.append([*row, money(getattr(budget.category_total("total"), share))])
    _table(document, rows, money_from=1, totals=(3,))
    note = (
        f"Non-federal match: {percent_text(budget.match_percent)}% of each cost. "
        if budget.match_percent
        else "No non-federal match: the whole budget is the federal share. "
    )
    _note(document, note + f"Amount requested: {money(budget.requested_amount)}.")

    _worksheet(document, budget)
    document.add_heading("Budget Justification", level=2)
    for category, text in justification(workspace, application, budget):
        letter = next(letter for letter, key, _ in OBJECT_CLASSES if key == category)
        document.add_heading(f"{letter}. {CATEGORY_TITLES[category]}", level=3)
        narrative(document, text)


def _worksheet(document: Any, budget: ApplicationBudget) -> None:
    """The budget detail worksheet: per object class, every line with its computation."""
    document.add_heading("Budget Detail Worksheet", level=2)
    _note(
        document,
        "Each line shows its computation from the staffing and expense plan. Monthly figures are rounded to the "
        "cent, as they are paid; figures are the full cost of each line (federal and non-federal shares together).",
    )
    for category in (*DIRECT_CATEGORIES, "indirect"):
        letter = next(letter for letter, key, _ in OBJECT_CLASSES if key == category)
        document.add_heading(f"{letter}. {CATEGORY_TITLES[category]}", level=3)
        lines = budget.lines_for(category)
        if not lines:
            _note(document, f"No {CATEGORY_TITLES[category].lower()} costs.")
            continue
        rows = [["Year", "Item", "Computation", "Cost"]]
        line_totals: list[int] = []
        for year in budget.years:
            year_lines = [line for line in lines if line.year == year.number]
            for line in year_lines:
                computation = line.formula + (f"\n{line.note}" if line.note else "")
                rows.append([str(year.number), line.label, computation, money(line.amount)])
            if len(budget.years) > 1 and len(year_lines) > 1:
                line_totals.append(len(rows))
                rows.append(["", f"{year.label} subtotal", "", money(sum(line.amount for line in year_lines))])
        line_totals.append(len(rows))
        rows.append(["", f"Total {CATEGORY_TITLES[category].lower()}", "", money(sum(x.amount for x in lines))])
        _table(document, rows, money_from=3, totals=tuple(line_totals), widths=(0.5, 1.7, 3.2, 1.1))
