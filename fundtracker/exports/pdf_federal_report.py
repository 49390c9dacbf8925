"""The SF-425 as a PDF laid out like the form, with the reconciliation on a page of its own.

Page one follows the Federal Financial Report's boxes: 1–9 (agency, award number, recipient,
UEI/EIN, report type, basis, project period, period end), 10 (transactions a–o, cumulative),
11 (indirect expense), 12 (remarks) and 13 (certification, left to sign). Page two shows where
each figure came from (:class:`~fundtracker.services.federal_report.ReconciliationRow`). Every
figure is the :class:`~fundtracker.services.federal_report.FederalReport`'s own, formatted from cents.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from fundtracker.domain.federal_financial_report import LINE_GROUPS, LINE_TITLES
from fundtracker.domain.money import format_decimal, format_money
from fundtracker.exports.pdf_fonts import BOLD, FAMILY, register_fonts
from fundtracker.exports.pdf_layout import ACCENT, HEADER_FILL, INK, MUTED, RULE, TOTAL_FILL
from fundtracker.exports.pdf_text import checked, escape
from fundtracker.services.federal_report import INDIRECT_TYPE_TITLES, FederalReport
from fundtracker.store.atomic import atomic_path

REPORT_TYPES = ("Quarterly", "Semi-Annual", "Annual", "Final")
CERTIFICATION = (
    "By signing this report, I certify to the best of my knowledge and belief that the report is true, "
    "complete, and accurate, and the expenditures, disbursements and cash receipts are for the purposes and "
    "intent set forth in the award documents. I am aware that any false, fictitious, or fraudulent information "
    "may subject me to criminal, civil, or administrative penalties. (U.S. Code, Title 18, Section 1001)"
)
WIDTH = LETTER[0] - 1.2 * inch


def amount(cents: int) -> str:
    """``63,266.82``: the form's figures, with cents and thousands commas."""
    return format_money(cents, grouping=True)


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FAMILY, fontSize=8.5, leading=11, textColor=INK)
    return {
        "body": body,
        "label": ParagraphStyle("label", parent=body, fontSize=6.5, leading=8, textColor=MUTED),
        "value": ParagraphStyle("value", parent=body, fontSize=9, leading=11.5),
        "title": ParagraphStyle(
            "title", parent=body, fontName=BOLD, fontSize=14, leading=17, textColor=ACCENT, alignment=1
        ),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=7.5, leading=9, textColor=MUTED, alignment=1),
        "h2": ParagraphStyle("h2", parent=body, fontName=BOLD, fontSize=11, leading=14, textColor=ACCENT),
        "bold": ParagraphStyle("bold", parent=body, fontName=BOLD),
        "small": ParagraphStyle("small", parent=body, fontSize=7, leading=9, textColor=MUTED),
    }


def _box(label: str, value: str, s: dict[str, ParagraphStyle], where: str) -> list[Paragraph]:
    """A form box: its small label above the value a person typed (checked for the font)."""
    return [Paragraph(escape(label), s["label"]), Paragraph(escape(checked(value, where)) or "&nbsp;", s["value"])]


def _grid(rows: Sequence[Sequence[Any]], widths: Sequence[float], spans: Sequence[tuple[Any, ...]] = ()) -> Table:
    table = Table([list(r) for r in rows], colWidths=list(widths), hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.6, INK),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONT", (0, 0), (-1, -1), FAMILY, 8.5),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                *spans,
            ]
        )
    )
    return table


def _checks(options: Sequence[str], chosen: str) -> str:
    return "   ".join(f"{'☒' if option == chosen else '☐'} {option}" for option in options)


def _header(federal: FederalReport, s: dict[str, ParagraphStyle]) -> list[Any]:
    h = federal.header
    end = h.project_end.isoformat() if h.project_end else "open"
    recipient = h.recipient + (f"\n{h.address}" if h.address else "")
    w = WIDTH
    return [
        _grid(
            [
                [
                    _box(
                        "1. Federal Agency and Organizational Element to Which Report is Submitted",
                        h.agency,
                        s,
                        "funder",
                    ),
                    _box(
                        "2. Federal Grant or Other Identifying Number Assigned by Federal Agency",
                        f"{h.award_number} ({h.award_name})",
                        s,
                        "award",
                    ),
                ],
            ],
            [w * 0.5, w * 0.5],
        ),
        _grid(
            [
                [
                    _box(
                        "3. Recipient Organization (Name and complete address including Zip code)",
                        recipient,
                        s,
                        "organization",
                    )
                ]
            ],
            [w],
        ),
        _grid(
            [
                [
                    _box("4a. UEI", h.uei, s, "organization UEI"),
                    _box("4b. EIN", h.ein, s, "organization EIN"),
                    _box("5. Recipient Account Number or Identifying Number", h.award_number, s, "award"),
                    _box("6. Report Type", _checks(REPORT_TYPES, h.report_type), s, "report type"),
                    _box("7. Basis of Accounting", _checks(("Cash", "Accrual"), h.basis), s, "basis"),
                ]
            ],
            [w * 0.16, w * 0.12, w * 0.17, w * 0.35, w * 0.2],
        ),
        _grid(
            [
                [
                    _box("8. Project/Grant Period", f"From: {h.project_start.isoformat()}    To: {end}", s, "period"),
                    _box("9. Reporting Period End Date", h.period_end.isoformat(), s, "period end"),
                ]
            ],
            [w * 0.6, w * 0.4],
        ),
    ]


def _transactions(federal: FederalReport, s: dict[str, ParagraphStyle]) -> Table:
    rows: list[list[Any]] = [
        [Paragraph("<b>10. Transactions</b>", s["body"]), Paragraph("<b>Cumulative</b>", s["body"])]
    ]
    spans: list[tuple[Any, ...]] = [("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL)]
    for group, lines in LINE_GROUPS:
        spans += [("SPAN", (0, len(rows)), (1, len(rows))), ("BACKGROUND", (0, len(rows)), (-1, len(rows)), TOTAL_FILL)]
        rows.append([Paragraph(f"<b>{escape(group)}:</b>", s["body"]), ""])
        for line in lines:
            rows.append(
                [Paragraph(f"{line[-1]}. {escape(LINE_TITLES[line])}", s["body"]), amount(federal.report.line(line))]
            )
    spans.append(("ALIGN", (1, 1), (1, -1), "RIGHT"))
    return _grid(rows, [WIDTH * 0.75, WIDTH * 0.25], spans)


def _indirect(federal: FederalReport, s: dict[str, ParagraphStyle]) -> Table:
    i = federal.report.indirect
    labels = ["a. Type", "b. Rate", "c. Period From", "Period To", "d. Base", "e. Amount Charged", "f. Federal Share"]
    row = [
        INDIRECT_TYPE_TITLES.get(i.type, i.type),
        f"{format_decimal(i.rate * 100)} %",
        i.period_start.isoformat(),
        i.period_end.isoformat(),
        amount(i.base),
        amount(i.amount),
        amount(i.federal_share),
    ]
    totals = ["", "", "", "g. Totals:", amount(i.base), amount(i.amount), amount(i.federal_share)]
    title = [Paragraph("<b>11. Indirect Expense</b>", s["body"]), *[""] * 6]
    return _grid(
        [title, [Paragraph(escape(label), s["label"]) for label in labels], row, totals],
        [WIDTH / 7] * 7,
        [
            ("SPAN", (0, 0), (-1, 0)),
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("ALIGN", (4, 2), (-1, -1), "RIGHT"),
            ("FONT", (0, 3), (-1, 3), BOLD, 8.5),
        ],
    )


def _reconciliation(federal: FederalReport, s: dict[str, ParagraphStyle]) -> list[Any]:
    rows: list[list[Any]] = [
        [Paragraph(f"<b>{t}</b>", s["body"]) for t in ("Line", "Report", "Record", "Difference", "From")]
    ]
    for row in federal.reconciliation:
        details = "<br/>".join(escape(checked(d, f"reconciliation {row.line}")) for d in row.details)
        rows.append(
            [
                Paragraph(f"<b>{row.line}</b> {escape(row.title)}", s["body"]),
                amount(row.report),
                amount(row.source),
                amount(row.difference) if row.difference else "agrees",
                Paragraph(f"{escape(checked(row.source_text, 'reconciliation'))}<br/>{details}", s["small"]),
            ]
        )
    table = _grid(
        rows,
        [WIDTH * 0.22, WIDTH * 0.13, WIDTH * 0.13, WIDTH * 0.12, WIDTH * 0.4],
        [
            ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
            ("ALIGN", (1, 1), (3, -1), "RIGHT"),
            ("GRID", (0, 0), (-1, -1), 0.4, RULE),
        ],
    )
    return [Paragraph("Reconciliation (not part of the form)", s["h2"]), Spacer(0, 6), table]


def _story(federal: FederalReport, s: dict[str, ParagraphStyle]) -> list[Any]:
    h = federal.header
    remarks = list(federal.remarks) or ["None."]
    story: list[Any] = [
        Paragraph("FEDERAL FINANCIAL REPORT", s["title"]),
        Paragraph("(SF-425 layout; cumulative from the award's start; prepared with fundtracker)", s["subtitle"]),
        Spacer(0, 6),
        *_header(federal, s),
        _transactions(federal, s),
        _indirect(federal, s),
        _grid([[_box("12. Remarks", "\n".join(remarks), s, "remarks")]], [WIDTH]),
        _grid(
            [
                [Paragraph(f"<b>13. Certification:</b> {escape(CERTIFICATION)}", s["small"]), ""],
                [
                    _box(
                        "a. Typed or Printed Name and Title of Authorized Certifying Official",
                        h.certifier,
                        s,
                        "contact",
                    ),
                    _box("c. Telephone (Area code, number and extension)", h.phone, s, "contact phone"),
                ],
                [
                    _box("b. Signature of Authorized Certifying Official", "", s, "signature"),
                    _box("d. Email Address", h.email, s, "contact email"),
                ],
                ["", _box("e. Date Report Submitted", "", s, "date")],
            ],
            [WIDTH * 0.6, WIDTH * 0.4],
            [("SPAN", (0, 0), (1, 0))],
        ),
        PageBreak(),
        *_reconciliation(federal, s),
    ]
    return story


def build_federal_report_pdf(federal: FederalReport, target: str | Path | BinaryIO) -> int:
    """Lay out ``federal`` and write it to ``target`` (a path is replaced only when complete); the pages."""
    register_fonts()
    s = _styles()
    buffer = io.BytesIO()
    pages: list[int] = []
    h = federal.header

    def footer(canvas: Any, document: Any) -> None:
        pages.append(document.page)
        canvas.saveState()
        canvas.setFont(FAMILY, 7)
        canvas.setFillColor(MUTED)
        canvas.drawString(
            0.6 * inch, 0.4 * inch, f"SF-425 · award {h.award_number} · through {h.period_end.isoformat()}"
        )
        canvas.drawRightString(LETTER[0] - 0.6 * inch, 0.4 * inch, f"page {document.page}")
        canvas.restoreState()

    document = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=0.6 * inch,
        rightMargin=0.6 * inch,
        topMargin=0.5 * inch,
        bottomMargin=0.6 * inch,
        title=f"Federal Financial Report (SF-425): {h.award_number} through {h.period_end.isoformat()}",
        author=h.recipient,
        subject=f"{h.report_type} report, cumulative {h.project_start.isoformat()} – {h.period_end.isoformat()}",
    )
    document.build(_story(federal, s), onFirstPage=footer, onLaterPages=footer)
    data = buffer.getvalue()
    if isinstance(target, (str, Path)):
        with atomic_path(Path(target)) as temp:
            temp.write_bytes(data)
    else:
        target.write(data)
    return max(pages, default=0)
