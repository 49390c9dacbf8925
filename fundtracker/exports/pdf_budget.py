"""The budget part of the application PDF: SF-424A Section B, detail worksheet, justification, timeline.

Every figure is the :class:`ApplicationBudget`'s own, formatted with cents.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from fundtracker.domain.records import Application, Workspace
from fundtracker.exports.pdf_layout import HEADER_FILL, INK, RULE, TOTAL_FILL
from fundtracker.exports.pdf_text import escape, narrative, plain
from fundtracker.services.application_budget import (
    CATEGORY_TITLES,
    DIRECT_CATEGORIES,
    OBJECT_CLASSES,
    ApplicationBudget,
    money,
    percent_text,
)
from fundtracker.services.budget_justification import justification

Styles = dict[str, ParagraphStyle]
TOTAL_ROWS = ("total_direct", "total")
SMALL_TABLE_ROWS = 12
# Space a sub-heading needs below it (itself and a few lines) before it is moved to the next page.
HEADING_ROOM = 1.3 * inch


def grid(
    data: list[list[object]], widths: list[float], *, money_from: int, totals: list[int], size: float, s: Styles
) -> Table:
    """A table with a repeated header row, right-aligned money columns and bold total rows (in ``s``'s family)."""
    regular, bold = s["cell"].fontName, s["cell_bold"].fontName
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    commands: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), regular, size),
        ("FONT", (0, 0), (-1, 0), bold, size),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.75, INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if money_from < len(widths):
        commands.append(("ALIGN", (money_from, 0), (-1, -1), "RIGHT"))
    for row in totals:
        commands += [
            ("FONT", (0, row), (-1, row), bold, size),
            ("BACKGROUND", (0, row), (-1, row), TOTAL_FILL),
            ("LINEABOVE", (0, row), (-1, row), 0.75, INK),
        ]
    table.setStyle(TableStyle(commands))
    return table


def _year_columns(budget: ApplicationBudget, width: float) -> tuple[list[str], list[float], float]:
    """Header labels and widths of the year columns plus a Total column; the font size that fits."""
    count = len(budget.years) + 1
    size = 8.5 if count <= 4 else 7.5
    label_width = 2.0 * inch
    each = (width - label_width) / count
    return [y.label for y in budget.years] + ["Total"], [label_width] + [each] * count, size


def section_b(budget: ApplicationBudget, s: Styles, width: float) -> list[Flowable]:
    """SF-424A Section B: object classes a–k × budget years (federal, non-federal, total)."""
    labels, widths, size = _year_columns(budget, width)
    flowables: list[Flowable] = []
    shares = [("federal", "Federal")]
    if budget.has_match:
        shares += [("non_federal", "Non-federal"), ("total", "Federal and non-federal")]
    for share, title in shares:
        data: list[list[object]] = [[f"Object class ({title.lower()})", *labels]]
        totals = []
        for letter, key, name in OBJECT_CLASSES:
            row: list[object] = [f"{letter}. {name}"]
            for year in budget.years:
                row.append(money(getattr(budget.cell(key, year.number), share)))
            row.append(money(getattr(budget.category_total(key), share)))
            if key in TOTAL_ROWS:
                totals.append(len(data))
            data.append(row)
        if len(shares) > 1:
            flowables.append(Paragraph(f"{title} share", s["h3"]))
        flowables += [grid(data, widths, money_from=1, totals=totals, size=size, s=s), Spacer(0, 10)]
    flowables += share_summary(budget, s, width)
    return flowables


def share_summary(budget: ApplicationBudget, s: Styles, width: float) -> list[Flowable]:
    """Federal and non-federal shares of the total by year, with the match and the request."""
    labels, widths, size = _year_columns(budget, width)
    data: list[list[object]] = [["Share of line k", *labels]]
    for share, title in (("federal", "Federal"), ("non_federal", "Non-federal"), ("total", "Total")):
        row: list[object] = [title]
        row += [money(getattr(budget.cell("total", y.number), share)) for y in budget.years]
        row.append(money(getattr(budget.category_total("total"), share)))
        data.append(row)
    if budget.match_streams:
        note = "Non-federal match: the costs the plan charges the match streams, line by line. "
    elif budget.match_percent:
        note = f"Non-federal match: {percent_text(budget.match_percent)}% of each cost. "
    else:
        note = "No non-federal match: the whole budget is the federal share. "
    note += f"Amount requested: {money(budget.requested_amount)}."
    return [
        Paragraph("Federal and non-federal shares", s["h3"]),
        grid(data, widths, money_from=1, totals=[3], size=size, s=s),
        Spacer(0, 4),
        Paragraph(escape(note), s["note"]),
    ]


def detail_worksheet(budget: ApplicationBudget, s: Styles, width: float, where: str) -> list[Flowable]:
    """Budget detail worksheet: every line with its computation, per object class."""
    flowables: list[Flowable] = [
        Paragraph(
            "Each line shows its computation from the staffing and expense plan. Monthly figures are rounded to the "
            "cent, as they are paid; figures are the full cost of each line (federal and non-federal shares "
            "together).",
            s["note"],
        )
    ]
    widths = [0.55 * inch, 1.45 * inch, width - 3.0 * inch, 1.0 * inch]
    for category in (*DIRECT_CATEGORIES, "indirect"):
        letter = next(letter for letter, key, _ in OBJECT_CLASSES if key == category)
        title = f"{letter}. {CATEGORY_TITLES[category]}"
        # A heading never sits alone at a page's foot, whatever follows it.
        flowables += [CondPageBreak(HEADING_ROOM), Paragraph(escape(title), s["h3"])]
        lines = budget.lines_for(category)
        if not lines:
            flowables.append(Paragraph(f"No {CATEGORY_TITLES[category].lower()} costs.", s["note"]))
            continue
        data: list[list[object]] = [["Year", "Item", "Computation", "Cost"]]
        totals = []
        for year in budget.years:
            year_lines = [line for line in lines if line.year == year.number]
            for line in year_lines:
                computation: list[Flowable] = [Paragraph(escape(line.formula), s["cell"])]
                if line.note:
                    computation.append(Paragraph(escape(line.note), s["cell_note"]))
                label = plain(line.label, s["cell"], f"{where}: budget line {line.source or category!r}")
                data.append([str(year.number), label, computation, money(line.amount)])
            if len(budget.years) > 1 and len(year_lines) > 1:
                totals.append(len(data))
                subtotal = sum(line.amount for line in year_lines)
                data.append(["", f"{year.label} subtotal", "", money(subtotal)])
        totals.append(len(data))
        data.append(["", f"Total {CATEGORY_TITLES[category].lower()}", "", money(sum(x.amount for x in lines))])
        flowables.append(keep_small(grid(data, widths, money_from=3, totals=totals, size=8.5, s=s), len(data)))
    return flowables


def justification_flowables(
    workspace: Workspace, application: Application, budget: ApplicationBudget, s: Styles, where: str
) -> list[Flowable]:
    """Budget justification per category: the application's own text, else generated text."""
    flowables: list[Flowable] = []
    for category, text in justification(workspace, application, budget):
        letter = next(letter for letter, key, _ in OBJECT_CLASSES if key == category)
        flowables += [CondPageBreak(HEADING_ROOM), Paragraph(escape(f"{letter}. {CATEGORY_TITLES[category]}"), s["h3"])]
        flowables += narrative(text, s["body"], s["bullet"], f"{where}: budget_justification.{category}")
    return flowables


def timeline_table(application: Application, s: Styles, width: float, where: str) -> list[Flowable]:
    """The milestones as a table, in start order."""
    if not application.milestones:
        return [Paragraph("No milestones have been entered.", s["note"])]
    data: list[list[object]] = [["Activity", "Start", "End", "Responsible"]]
    ordered = sorted(enumerate(application.milestones), key=lambda pair: (pair[1].start, pair[0]))
    for index, milestone in ordered:
        at = f"{where}: milestones[{index}]"
        data.append(
            [
                plain(milestone.activity, s["cell"], f"{at}.activity"),
                short_date(milestone.start),
                short_date(milestone.end) if milestone.end else "ongoing",
                plain(milestone.responsible, s["cell"], f"{at}.responsible"),
            ]
        )
    widths = [width - 3.6 * inch, 1.0 * inch, 1.0 * inch, 1.6 * inch]
    return [keep_small(grid(data, widths, money_from=len(widths), totals=[], size=8.5, s=s), len(data))]


def short_date(day: date) -> str:
    """``Sep 30, 2022``."""
    return f"{day:%b} {day.day}, {day.year}"


def keep_small(table: Table, rows: int) -> Flowable:
    """Keep a short table on one page; long ones split with their header row repeated."""
    return KeepTogether([table]) if rows <= SMALL_TABLE_ROWS else table
