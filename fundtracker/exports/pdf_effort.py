"""The time and effort certification form (2 CFR 200.430(i)) for one person and period, as PDF.

One row per month: each stream's certified percent (the charged percent beside it where they
differ), the row's total (100 %), who certified and when; signature lines for the employee and a
supervisor with first-hand knowledge of the work. Months not yet certified show the effort
charged, for the person to confirm or correct before signing. Every figure is from
:func:`fundtracker.services.effort.effort_months`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from fundtracker.domain.effort import EffortMonth
from fundtracker.domain.months import MonthIndex, month_name
from fundtracker.domain.records import Position, Workspace
from fundtracker.exports.pdf_fonts import BOLD, FAMILY, register_fonts
from fundtracker.exports.pdf_layout import ACCENT, HEADER_FILL, INK, MUTED, RULE, TOTAL_FILL
from fundtracker.exports.pdf_text import checked, escape
from fundtracker.services.effort import effort_months
from fundtracker.store.atomic import atomic_path


def percent_text(value: Decimal) -> str:
    return f"{value.normalize():f} %"


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FAMILY, fontSize=9, leading=12.5, textColor=INK, spaceAfter=4)
    return {
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7.5, leading=10, textColor=MUTED),
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=15, leading=19, textColor=ACCENT),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8, leading=10, spaceAfter=0),
        "head": ParagraphStyle("head", parent=body, fontName=BOLD, fontSize=8, leading=10, spaceAfter=0),
    }


def form_rows(months: list[EffortMonth], names: dict[str, str]) -> tuple[list[str], list[list[str]]]:
    """The table as text: a header (month, one column per stream, total, certified by) and one row per month."""
    streams = sorted({line.stream for m in months for line in m.lines})
    header = ["Month", *(names.get(s, s) for s in streams), "Total", "Certified by"]
    rows = []
    for month in months:
        by_stream = {line.stream: line for line in month.lines}
        cells = [month_name(month.month)]
        total = Decimal(0)
        for stream in streams:
            line = by_stream.get(stream)
            if line is None:
                cells.append("0 %")
                continue
            if line.certified is None:
                cells.append(f"{percent_text(line.charged)} charged")
                total += line.charged
            elif line.certified != line.charged:
                cells.append(f"{percent_text(line.certified)} (charged {percent_text(line.charged)})")
                total += line.certified
            else:
                cells.append(percent_text(line.certified))
                total += line.certified
        cells.append(percent_text(total))
        certification = month.certification
        cells.append(
            f"{certification.certifier}, {certification.certified_on.isoformat()}" if certification else "not certified"
        )
        rows.append(cells)
    return header, rows


def write_effort_form(
    workspace: Workspace, position: Position, start: MonthIndex, end: MonthIndex, target: str | Path, as_of: date
) -> int:
    """Write the form; returns the number of months on it."""
    register_fonts()
    months = effort_months(workspace, start, end, as_of, [position.key])
    names = {s.key: s.name for s in workspace.streams}
    header, rows = form_rows(months, names)
    s = _styles()
    where = f"position {position.key!r}"
    story = [
        Paragraph("Time and effort certification", s["title"]),
        Paragraph(escape(checked(workspace.organization.name, "organization name")), s["body"]),
        Paragraph(
            f"<b>Employee:</b> {escape(checked(position.name or position.title, where))} · "
            f"<b>Position:</b> {escape(checked(position.title, where))} · "
            f"<b>Period:</b> {month_name(start)} – {month_name(end)}",
            s["body"],
        ),
        Spacer(1, 6),
        Paragraph(
            "The percentages below are the share of this employee's total work effort spent on each funding "
            "source in each month. Certified after the fact, they support the salary charged to federal awards "
            "(2 CFR 200.430(i)). Where the certified effort differs from what was charged, the charge is shown "
            "in parentheses and must be corrected.",
            s["small"],
        ),
        Spacer(1, 6),
    ]
    table_rows = [[Paragraph(escape(checked(h, "stream name")), s["head"]) for h in header]]
    table_rows += [[Paragraph(escape(cell), s["cell"]) for cell in row] for row in rows]
    width = landscape(LETTER)[0] - 1.2 * inch
    first, last = 1.1 * inch, 1.7 * inch
    middle = (width - first - last - 0.7 * inch) / max(1, len(header) - 3)
    widths = [first, *([middle] * (len(header) - 3)), 0.7 * inch, last]
    table = Table(table_rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("BACKGROUND", (-2, 1), (-2, -1), TOTAL_FILL),
                ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    story += [table, Spacer(1, 28)]
    signatures = Table(
        [
            ["", "", ""],
            ["Employee signature and date", "", "Supervisor (first-hand knowledge of the work) signature and date"],
        ],
        colWidths=[width * 0.45, width * 0.1, width * 0.45],
    )
    signatures.setStyle(
        TableStyle(
            [
                ("LINEABOVE", (0, 1), (0, 1), 0.7, INK),
                ("LINEABOVE", (2, 1), (2, 1), 0.7, INK),
                ("FONT", (0, 1), (-1, 1), FAMILY, 8),
                ("TEXTCOLOR", (0, 1), (-1, 1), MUTED),
                ("TOPPADDING", (0, 0), (-1, 0), 18),
            ]
        )
    )
    story.append(signatures)
    with atomic_path(Path(target)) as temp:
        document = SimpleDocTemplate(
            str(temp),
            pagesize=landscape(LETTER),
            leftMargin=0.6 * inch,
            rightMargin=0.6 * inch,
            topMargin=0.6 * inch,
            bottomMargin=0.6 * inch,
            title=f"Time and effort certification: {position.title}",
            author=workspace.organization.name,
        )
        document.build(story)
    return len(months)
