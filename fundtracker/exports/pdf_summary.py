"""The board summary PDF: at most two pages a board member reads in a minute.

Page one: the headline, the balance and odds charts (vector drawings, not screenshots), who
goes unfunded first, and the fundraising need. Page two: the scenarios, the money lapsing
unspent and how the odds were computed. Every figure comes from
:func:`fundtracker.services.board_summary.board_summary`; chart coordinates are floats for
drawing only, every printed figure is formatted from cents.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO
from xml.sax.saxutils import escape

from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from fundtracker.domain.money import format_dollars
from fundtracker.domain.months import MonthIndex, month_index, month_name, year_month
from fundtracker.domain.probability_text import probability_text
from fundtracker.domain.records import Workspace
from fundtracker.exports.pdf_fonts import BOLD, FAMILY, register_fonts
from fundtracker.exports.pdf_layout import ACCENT, HEADER_FILL, INK, MUTED, RULE
from fundtracker.exports.pdf_text import checked
from fundtracker.services.board_summary import BoardSummary, board_summary
from fundtracker.store.atomic import atomic_path

MAX_ROWS = {"unfunded": 10, "scenarios": 8, "lapsing": 8}
SERIES_COLORS = (colors.HexColor("#1f77b4"), colors.HexColor("#d62728"), colors.HexColor("#2ca02c"))
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
CHART_WIDTH = 3.35 * inch
CHART_HEIGHT = 2.3 * inch


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FAMILY, fontSize=9, leading=12.5, textColor=INK, spaceAfter=4)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=10, textColor=MUTED),
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=16, leading=20, textColor=ACCENT),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=9.5, textColor=MUTED, spaceAfter=8),
        "headline": ParagraphStyle("headline", parent=body, fontName=BOLD, fontSize=12, leading=16, spaceAfter=8),
        "h2": ParagraphStyle(
            "h2", parent=body, fontName=BOLD, fontSize=10.5, leading=14, textColor=ACCENT, spaceBefore=6
        ),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8, leading=10, spaceAfter=0),
    }


def _month_label(month: MonthIndex) -> str:
    year, number = year_month(month)
    return f"{MONTHS[number - 1]} {year % 100:02d}"


def _through(day: date | None, summary: BoardSummary) -> str:
    if day is None:
        return f"beyond {month_name(summary.start + summary.months - 1)}"
    return month_name(month_index(day))


def _nice_top(value: float) -> float:
    if value <= 0:
        return 1.0
    power = float(10 ** (len(str(int(value))) - 1))
    for step in (1.0, 2.0, 2.5, 5.0):
        if step * power >= value:
            return step * power
    return 10.0 * power


def _plot(
    title: str,
    start: MonthIndex,
    lines: list[tuple[str, list[float], Any, bool]],
    top: float,
    y_label: Any,
    y_steps: list[float],
) -> Drawing:
    """A line chart: ``lines`` of (name, values by month, colour, dashed) over months from ``start``."""
    drawing = Drawing(CHART_WIDTH, CHART_HEIGHT)
    drawing.add(String(CHART_WIDTH / 2, CHART_HEIGHT - 11, title, fontName=BOLD, fontSize=8.5, textAnchor="middle"))
    plot = LinePlot()
    plot.x, plot.y = 46, 44
    plot.width, plot.height = CHART_WIDTH - 56, CHART_HEIGHT - 70
    plot.data = [[(column, value) for column, value in enumerate(values)] for _, values, _, _ in lines]
    count = max((len(values) for _, values, _, _ in lines), default=1)
    for number, (_, _, color, dashed) in enumerate(lines):
        plot.lines[number].strokeColor = color
        plot.lines[number].strokeWidth = 1.6 if not dashed else 1.1
        if dashed:
            plot.lines[number].strokeDashArray = (3, 2)
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = 0, max(count - 1, 1)
    step = 6 if count > 24 else 3
    plot.xValueAxis.valueSteps = list(range(0, count, step))
    plot.xValueAxis.labelTextFormat = lambda column: _month_label(start + int(column))
    plot.xValueAxis.labels.fontName = FAMILY
    plot.xValueAxis.labels.fontSize = 6.5
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax = 0, top
    plot.yValueAxis.valueSteps = y_steps
    plot.yValueAxis.labelTextFormat = y_label
    plot.yValueAxis.labels.fontName = FAMILY
    plot.yValueAxis.labels.fontSize = 6.5
    plot.yValueAxis.gridStrokeColor = RULE
    plot.yValueAxis.gridStrokeWidth = 0.3
    plot.yValueAxis.visibleGrid = True
    drawing.add(plot)
    # The legend under the plot, wrapped onto a second row when it does not fit.
    x, y = 6.0, 18.0
    for name, _, color, dashed in lines:
        room = 20 + stringWidth(name, FAMILY, 6.5)
        if x + room > CHART_WIDTH and x > 6.0:
            x, y = 6.0, y - 10
        drawing.add(String(x + 12, y - 2.5, name, fontName=FAMILY, fontSize=6.5, fillColor=INK))
        mark = Line(x, y, x + 9, y, strokeColor=color, strokeWidth=1.6)
        if dashed:
            mark.strokeDashArray = (3, 2)
        drawing.add(mark)
        x += room
    return drawing


def balance_drawing(summary: BoardSummary) -> Drawing:
    """Balance (solid) and unfunded cost (dashed), secured and expected, in dollars."""
    lines = []
    for (name, projection), color in zip((("Secured", summary.secured), ("Expected", summary.expected)), SERIES_COLORS):
        lines.append((f"{name} balance", [int(v) / 100 for v in projection.balance], color, False))
        lines.append((f"{name} unfunded", [int(v) / 100 for v in projection.unfunded], color, True))
    top = _nice_top(max((max(values, default=0.0) for _, values, _, _ in lines), default=0.0))
    steps = [top * i / 4 for i in range(5)]
    return _plot(
        "Balance and unfunded cost by month",
        summary.start,
        lines,
        top,
        lambda value: format_dollars(round(value * 100)),
        steps,
    )


def odds_drawing(summary: BoardSummary) -> Drawing:
    """The chance of staying funded through each month: everyone, and the first positions to go."""
    lines = [("Everyone funded", [p * 100 for _, p in summary.odds.curve], SERIES_COLORS[0], False)]
    for row, color in zip(summary.unfunded[:2], SERIES_COLORS[1:]):
        odds = summary.odds.positions.get(row.key)
        if odds is not None:
            lines.append((row.key, [p * 100 for _, p in odds.curve], color, True))
    return _plot(
        "Chance of staying funded through each month",
        summary.start,
        lines,
        100.0,
        lambda value: f"{value:.0f}%",
        [0.0, 20.0, 50.0, 80.0, 100.0],
    )


def _table(rows: list[list[Any]], widths: list[float], right: tuple[int, ...] = ()) -> Table:
    """A table whose first row (headings) wraps in bold; ``right``: columns of figures."""
    heading = ParagraphStyle("heading", fontName=BOLD, fontSize=8, leading=10, textColor=INK)
    heading_right = ParagraphStyle("heading_right", parent=heading, alignment=2)
    rows = [
        [Paragraph(escape(str(cell)), heading_right if i in right else heading) for i, cell in enumerate(rows[0])],
        *rows[1:],
    ]
    table = Table(rows, colWidths=widths, repeatRows=1)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), FAMILY),
        ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("FONTSIZE", (0, 0), (-1, -1), 8),
        ("LEADING", (0, 0), (-1, -1), 10),
        ("TEXTCOLOR", (0, 0), (-1, -1), INK),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    style += [("ALIGN", (column, 0), (column, -1), "RIGHT") for column in right]
    table.setStyle(TableStyle(style))
    return table


def _more(count: int, shown: int, what: str, s: dict[str, ParagraphStyle]) -> list[Any]:
    return [Paragraph(f"… and {count - shown} more {what} (see the app).", s["small"])] if count > shown else []


def _story(summary: BoardSummary, s: dict[str, ParagraphStyle]) -> list[Any]:
    where = "board summary"

    def text(value: str) -> str:
        return escape(checked(value, where))

    width = LETTER[0] - 1.3 * inch
    story: list[Any] = [
        Paragraph(text(summary.workspace_name), s["title"]),
        Paragraph(
            f"Board summary, {summary.as_of.isoformat()} · {text(summary.scenario_name)} · "
            f"{summary.months} months from {month_name(summary.start)}",
            s["subtitle"],
        ),
        Paragraph(text(summary.headline) + ".", s["headline"]),
        Table([[balance_drawing(summary), odds_drawing(summary)]], colWidths=[width / 2, width / 2]),
        Spacer(1, 4),
    ]
    year_end = month_name(summary.year_end)
    rows: list[list[Any]] = [
        ["Position", "Priority", "Secured: funded through", "Expected: funded through", f"Chance through {year_end}"]
    ]
    for row in summary.unfunded[: MAX_ROWS["unfunded"]]:
        odds = summary.odds.positions.get(row.key)
        through = None if odds is None else dict(odds.curve).get(summary.year_end)
        rows.append(
            [
                Paragraph(text(f"{row.title} ({row.key})"), s["cell"]),
                "" if row.priority is None else str(row.priority),
                _through(row.secured, summary),
                _through(row.expected, summary),
                "" if through is None else probability_text(through),
            ]
        )
    story.append(Paragraph("Who goes unfunded first", s["h2"]))
    if len(rows) > 1:
        story.append(_table(rows, [x * width for x in (0.3, 0.1, 0.2, 0.2, 0.2)], (1, 4)))
        story += _more(len(summary.unfunded), MAX_ROWS["unfunded"], "positions", s)
    else:
        story.append(Paragraph("No position goes unfunded in the horizon, in either view.", s["body"]))
    story.append(
        KeepTogether(
            [
                Paragraph("Fundraising need (secured money)", s["h2"]),
                Paragraph(text(summary.need_text) + ".", s["body"]),
                Paragraph(
                    "New unrestricted money arriving by each month's close, charged after every other stream: "
                    "exactly enough (a cent less by any month leaves something unfunded).",
                    s["small"],
                ),
            ]
        )
    )
    story.append(PageBreak())

    story.append(Paragraph("Scenarios", s["h2"]))
    rows = [
        [
            "Scenario",
            "Secured: funded through",
            "Expected: funded through",
            f"Unfunded through {year_end}",
            f"Chance through {year_end}",
        ]
    ]
    for line in summary.scenarios[: MAX_ROWS["scenarios"]]:
        rows.append(
            [
                Paragraph(text(line.name), s["cell"]),
                _through(line.secured_through, summary),
                _through(line.expected_through, summary),
                format_dollars(line.shortfall),
                "" if line.chance is None else probability_text(line.chance),
            ]
        )
    story.append(_table(rows, [x * width for x in (0.3, 0.18, 0.18, 0.17, 0.17)], (3, 4)))
    story += _more(len(summary.scenarios), MAX_ROWS["scenarios"], "scenarios", s)
    story.append(Paragraph("Money lapsing unspent (expected view)", s["h2"]))
    if summary.lapsing:
        rows = [["Stream", "Lapses unspent", "Undrawn award", "When"]]
        for lapse in summary.lapsing[: MAX_ROWS["lapsing"]]:
            when = ", ".join(f"{month_name(m)} {format_dollars(c)}" for m, c in lapse.by_month[:3])
            rows.append(
                [
                    Paragraph(text(lapse.name), s["cell"]),
                    format_dollars(lapse.lapsed_total),
                    format_dollars(lapse.undrawn_total),
                    Paragraph(when, s["cell"]),
                ]
            )
        story.append(_table(rows, [x * width for x in (0.32, 0.16, 0.16, 0.36)], (1, 2)))
        story += _more(len(summary.lapsing), MAX_ROWS["lapsing"], "streams", s)
    else:
        story.append(Paragraph("No money lapses unspent in the horizon.", s["body"]))
    odds = summary.odds
    how = "every combination enumerated" if odds.method == "exact" else f"{odds.trials:,} seeded trials"
    story.append(Spacer(1, 8))
    story.append(
        Paragraph(
            f"Odds from {len(odds.uncertain)} uncertain streams ({how}); figures from fundtracker's forecast "
            f"engine as of {summary.as_of.isoformat()}. Secured counts secured money only; expected adds every "
            "pending, contested and prospect stream as if it comes in.",
            s["small"],
        )
    )
    return story


def build_summary_pdf(summary: BoardSummary, target: str | Path | BinaryIO) -> int:
    """Lay out ``summary`` and write the PDF to ``target``; returns the number of pages."""
    register_fonts()
    s = _styles()
    buffer = io.BytesIO()
    pages: list[int] = []

    def footer(canvas: Any, document: Any) -> None:
        pages.append(document.page)
        canvas.saveState()
        canvas.setFont(FAMILY, 7.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(
            0.65 * inch, 0.45 * inch, f"{summary.workspace_name} · board summary {summary.as_of.isoformat()}"
        )
        canvas.drawRightString(LETTER[0] - 0.65 * inch, 0.45 * inch, f"page {document.page}")
        canvas.restoreState()

    document = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=0.65 * inch,
        rightMargin=0.65 * inch,
        topMargin=0.6 * inch,
        bottomMargin=0.7 * inch,
        title=f"Board summary: {summary.workspace_name}",
        author=summary.workspace_name,
        subject=f"Runway, odds and fundraising need as of {summary.as_of.isoformat()}",
    )
    document.build(_story(summary, s), onFirstPage=footer, onLaterPages=footer)
    data = buffer.getvalue()
    if isinstance(target, (str, Path)):
        with atomic_path(Path(target)) as temp:
            temp.write_bytes(data)
    else:
        target.write(data)
    return max(pages, default=0)


def write_summary_pdf(
    workspace: Workspace,
    path: str | Path,
    *,
    as_of: date | None = None,
    scenario: str | None = None,
    progress: Any = None,
    cancelled: Any = None,
) -> int:
    """The board summary of ``workspace`` as a PDF at ``path`` (replaced only when complete).

    Returns the number of pages (at most two for a workspace of a program's size).
    """
    summary = board_summary(workspace, as_of or date.today(), scenario)
    if progress is not None:
        progress(1, 2)
    pages = build_summary_pdf(summary, path)
    if progress is not None:
        progress(2, 2)
    return pages
