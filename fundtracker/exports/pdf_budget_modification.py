"""A printable budget modification request: before / after / change per category, the meter and why.

Every figure is the :class:`~fundtracker.services.budget_modification.MeterReading`'s own; the
meter's computation is printed with the figures it is computed from, so a calculator reproduces it.
"""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from fundtracker.domain.money import format_money
from fundtracker.exports.pdf_fonts import BOLD, FAMILY, register_fonts
from fundtracker.exports.pdf_layout import ACCENT, HEADER_FILL, INK, MUTED, RULE, TOTAL_FILL
from fundtracker.exports.pdf_text import checked, escape
from fundtracker.services.application_budget import OBJECT_CLASSES
from fundtracker.services.budget_modification import MeterReading
from fundtracker.store.atomic import atomic_path

WIDTH = LETTER[0] - 1.5 * inch


def amount(cents: int) -> str:
    return format_money(cents, grouping=True)


def change(cents: int) -> str:
    """``+12,000.00``, ``−15,000.00``, ``0.00``."""
    if cents > 0:
        return f"+{amount(cents)}"
    if cents < 0:
        return f"−{amount(-cents)}"
    return amount(0)


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FAMILY, fontSize=9.5, leading=13, textColor=INK, spaceAfter=5)
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=15, leading=19, textColor=ACCENT),
        "h2": ParagraphStyle(
            "h2", parent=body, fontName=BOLD, fontSize=11, leading=14, textColor=ACCENT, spaceBefore=8
        ),
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10.5, textColor=MUTED),
    }


def _rows(reading: MeterReading) -> tuple[list[list[str]], list[int]]:
    """Category rows a–k: approved, proposed, change; the indices of the total rows."""
    approved = reading.approved_amounts
    proposed = reading.proposal.amounts
    rows = [["SF-424A object class", f"Approved (version {reading.approved.number})", "Proposed", "Change"]]
    totals = []
    sums = {"approved": 0, "proposed": 0}
    for letter, key, title in OBJECT_CLASSES:
        if key == "total_direct":
            before, after = sums["approved"], sums["proposed"]
            totals.append(len(rows))
        elif key == "total":
            before = sums["approved"] + approved.get("indirect", 0)
            after = sums["proposed"] + proposed.get("indirect", 0)
            totals.append(len(rows))
        else:
            before, after = approved.get(key, 0), proposed.get(key, 0)
            if key != "indirect":
                sums["approved"] += before
                sums["proposed"] += after
        rows.append([f"{letter}. {title}", amount(before), amount(after), change(after - before)])
    return rows, totals


def _table(reading: MeterReading) -> Table:
    rows, totals = _rows(reading)
    table = Table(rows, colWidths=[WIDTH * 0.37, WIDTH * 0.23, WIDTH * 0.2, WIDTH * 0.2], hAlign="LEFT")
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), FAMILY, 9),
        ("FONT", (0, 0), (-1, 0), BOLD, 9),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.75, INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
    ]
    for row in totals:
        commands += [("FONT", (0, row), (-1, row), BOLD, 9), ("BACKGROUND", (0, row), (-1, row), TOTAL_FILL)]
    table.setStyle(TableStyle(commands))
    return table


def meter_computation(reading: MeterReading) -> str:
    """``transfers = ½ × (12,000.00 + 3,000.00 + 15,000.00) = 15,000.00; 15,000.00 ÷ 207,000.00 = 7.2 %``."""
    meter = reading.meter
    moved = [abs(c.change) for c in meter.changes if c.change]
    parts = " + ".join(amount(cents) for cents in moved) or "0.00"
    return (
        f"transfers = ½ × ({parts}) = {amount(meter.transfers)}; "
        f"{amount(meter.transfers)} ÷ {amount(meter.total_approved)} (approved total) = {meter.percent_text()}"
    )


def _story(reading: MeterReading, organization: str, funder: str, on: date, s: dict[str, ParagraphStyle]) -> list[Any]:
    meter = reading.meter
    why = reading.proposal.justification.strip() or "(write the justification here)"
    verdict = "Prior approval is needed" if meter.needs_prior_approval else "No prior approval is needed"
    reasons = "; ".join(meter.reasons())
    return [
        Paragraph("Budget modification request", s["title"]),
        Paragraph(
            escape(
                checked(
                    f"{organization} · award {reading.award} · {funder} · {on.isoformat()}", "organization or funder"
                )
            ),
            s["small"],
        ),
        Spacer(0, 6),
        Paragraph(
            escape(
                checked(
                    f"Proposed: {reading.proposal.label}, against the last approved budget (version "
                    f"{reading.approved.number}, {reading.approved.date.isoformat()}).",
                    "proposal",
                )
            ),
            s["body"],
        ),
        _table(reading),
        Paragraph("Rebudgeting meter", s["h2"]),
        Paragraph(escape(meter_computation(reading)), s["body"]),
        Paragraph(
            f"<b>{verdict}</b>"
            + (f": {escape(reasons)}." if reasons else " (at most 10 %, nothing into a category approved at $0)."),
            s["body"],
        ),
        Paragraph("Justification", s["h2"]),
        Paragraph(escape(checked(why, "justification")), s["body"]),
        Spacer(0, 30),
        Paragraph("Authorized official: ______________________________    Date: ______________", s["body"]),
    ]


def build_modification_pdf(
    reading: MeterReading, target: str | Path | BinaryIO, *, organization: str, funder: str, on: date
) -> int:
    """Write the modification request of ``reading`` to ``target``; the number of pages."""
    register_fonts()
    s = _styles()
    buffer = io.BytesIO()
    pages: list[int] = []

    def footer(canvas: Any, document: Any) -> None:
        pages.append(document.page)
        canvas.saveState()
        canvas.setFont(FAMILY, 7)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(LETTER[0] - 0.75 * inch, 0.45 * inch, f"page {document.page}")
        canvas.restoreState()

    document = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=0.75 * inch,
        rightMargin=0.75 * inch,
        topMargin=0.7 * inch,
        bottomMargin=0.7 * inch,
        title=f"Budget modification request: award {reading.award}",
        author=organization,
    )
    document.build(_story(reading, organization, funder, on, s), onFirstPage=footer, onLaterPages=footer)
    data = buffer.getvalue()
    if isinstance(target, (str, Path)):
        with atomic_path(Path(target)) as temp:
            temp.write_bytes(data)
    else:
        target.write(data)
    return max(pages, default=0)
