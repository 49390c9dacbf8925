"""A drawdown request as a PDF laid out like the SF-270 (Request for Advance or Reimbursement).

Every figure is the :class:`~fundtracker.services.drawdown.DrawdownFigures`' own, formatted with
cents; line 11's computation reproduces with a calculator from the figures printed beside it.
Text people typed (names, addresses, the funder) passes :func:`~fundtracker.exports.pdf_text.checked`
and is escaped before it reaches reportlab.
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
from fundtracker.domain.records import Workspace
from fundtracker.exports.pdf_fonts import BOLD, FAMILY, register_fonts
from fundtracker.exports.pdf_layout import ACCENT, HEADER_FILL, INK, MUTED, RULE, TOTAL_FILL
from fundtracker.exports.pdf_text import checked, escape
from fundtracker.services.award_summary import award_summary
from fundtracker.services.drawdown import DrawdownFigures

WIDTH = LETTER[0] - 1.3 * inch
CATEGORY_TITLES = {
    "personnel": "Personnel",
    "fringe": "Fringe benefits",
    "travel": "Travel",
    "equipment": "Equipment",
    "supplies": "Supplies",
    "contractual": "Contractual",
    "construction": "Construction",
    "other": "Other",
}


def money(cents: int) -> str:
    return format_money(cents, symbol=True, grouping=True)


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=FAMILY, fontSize=8.5, leading=11, textColor=INK)
    return {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontName=BOLD, fontSize=13, leading=17, textColor=ACCENT),
        "subtitle": ParagraphStyle("subtitle", parent=body, textColor=MUTED, spaceAfter=6),
        "h2": ParagraphStyle("h2", parent=body, fontName=BOLD, fontSize=9.5, leading=13, spaceBefore=8, spaceAfter=3),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8, leading=10),
        "label": ParagraphStyle("label", parent=body, fontSize=6.5, leading=8, textColor=MUTED),
        "note": ParagraphStyle("note", parent=body, fontSize=7.5, leading=9.5, textColor=MUTED),
    }


def _text(value: str, where: str) -> str:
    """User text, checked for the font and escaped for reportlab."""
    return escape(checked(value, where))


def _box(number: str, label: str, value: str, s: dict[str, ParagraphStyle]) -> list[Paragraph]:
    return [Paragraph(f"{number} {escape(label)}", s["label"]), Paragraph(value or "&nbsp;", s["cell"])]


def _boxes(rows: list[list[list[Paragraph]]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _story(workspace: Workspace, figures: DrawdownFigures, requested_on: date) -> list[Any]:
    s = _styles()
    summary = award_summary(workspace, figures.award)
    award = summary.award
    organization = workspace.organization
    where = f"award {award.key!r}"
    reimbursement = award.payment_method == "reimbursement"
    final = figures.amount == figures.available and figures.available > 0
    kind = ("Reimbursement" if reimbursement else "Advance") + (" · Final" if final else " · Partial")
    story: list[Any] = [
        Paragraph("Request for Advance or Reimbursement", s["title"]),
        Paragraph(
            f"Laid out like Standard Form 270 · request {figures.number} · made {requested_on.isoformat()}",
            s["subtitle"],
        ),
    ]
    third = WIDTH / 3
    story.append(
        _boxes(
            [
                [
                    _box("1.", "Type of payment requested", kind, s),
                    _box("2.", "Basis of request", "Cash", s),
                    _box("5.", "Partial payment request number", str(figures.number), s),
                ],
                [
                    _box("3.", "Federal sponsoring agency", _text(summary.funder, f"{where}: funder"), s),
                    _box("4.", "Federal grant number (award)", _text(award.key, where), s),
                    _box("6.", "Employer identification number", _text(organization.ein, "organization: ein"), s),
                ],
                [
                    _box(
                        "8.",
                        "Period covered by this request",
                        f"{figures.expenditures.start.isoformat()} – {figures.through.isoformat()}",
                        s,
                    ),
                    _box("7.", "Recipient's UEI", _text(organization.uei, "organization: uei"), s),
                    _box("", "Program", _text(summary.title, f"{where}: program title"), s),
                ],
                [
                    _box(
                        "9.",
                        "Recipient organization",
                        _text(organization.name, "organization: name")
                        + (
                            "<br/>" + _text(organization.address, "organization: address").replace("\n", "<br/>")
                            if organization.address
                            else ""
                        ),
                        s,
                    ),
                    _box("10.", "Payee", "the recipient organization", s),
                    _box("", "Award", f"{money(figures.award_amount)}", s),
                ],
            ],
            [third, third, third],
        )
    )
    story.append(Paragraph("11. Computation of amount of reimbursements or advances requested", s["h2"]))
    rate = format(figures.expenditures.rate * 100, "f").rstrip("0").rstrip(".")
    e = figures.expenditures
    rows: list[list[str]] = [
        ["Line", "", "Amount"],
        ["a.", "Total program outlays to date (federal expenditures with indirect)", money(e.total)],
        ["b.", "Less: cumulative program income used by deduction", money(figures.income_deducted)],
        ["c.", "Net program outlays (a − b)", money(e.total - figures.income_deducted)],
        ["d.", "Estimated net cash outlays for advance period", money(0)],
        ["e.", "Total (c + d)", money(e.total - figures.income_deducted)],
        ["f.", "Non-federal share of amount on line e", money(0)],
        ["g.", "Federal share of amount on line e", money(e.total - figures.income_deducted)],
        ["h.", "Federal payments previously requested", money(figures.requested_before)],
        [
            "i.",
            "Federal share now requested (g − h" + (", held to the award left" if figures.capped else "") + ")",
            money(figures.amount),
        ],
    ]
    table = Table(rows, colWidths=[0.45 * inch, WIDTH - 1.95 * inch, 1.5 * inch], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FAMILY, 8.5),
                ("FONT", (0, 0), (-1, 0), BOLD, 8.5),
                ("FONT", (0, -1), (-1, -1), BOLD, 8.5),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("BACKGROUND", (0, -1), (-1, -1), TOTAL_FILL),
                ("ALIGN", (2, 0), (2, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ]
        )
    )
    story.append(table)
    story.append(Paragraph("How line a is computed", s["h2"]))
    detail: list[list[str]] = [["Federal direct expenditures by object class", "Amount"]]
    detail += [[CATEGORY_TITLES[c], money(v)] for c, v in e.by_category.items() if v]
    detail.append(["Total direct", money(e.direct)])
    excluded = e.by_category["equipment"] + e.by_category["construction"]
    detail.append(
        [f"MTDC (total direct {money(e.direct)} − equipment and construction {money(excluded)})", money(e.mtdc)]
    )
    detail.append([f"Indirect: {rate}% × MTDC {money(e.mtdc)}", money(e.indirect)])
    detail.append([f"Line a: {money(e.direct)} + {money(e.indirect)}", money(e.total)])
    grid = Table(detail, colWidths=[WIDTH - 1.5 * inch, 1.5 * inch], hAlign="LEFT")
    grid.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FAMILY, 8),
                ("FONT", (0, 0), (-1, 0), BOLD, 8),
                ("FONT", (0, -1), (-1, -1), BOLD, 8),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
            ]
        )
    )
    story.append(grid)
    cap = (
        f"Award {money(figures.award_amount)} − requested before {money(figures.requested_before)} = "
        f"{money(figures.available)} left to request"
    )
    story += [Spacer(0, 4), Paragraph(escape(cap) + ".", s["note"])]
    story.append(Paragraph("12. Certification", s["h2"]))
    story.append(
        Paragraph(
            "I certify that to the best of my knowledge and belief the data on this request are correct and that "
            "all outlays were made in accordance with the grant conditions or other agreement, and that payment "
            "is due and has not been previously requested.",
            s["body"],
        )
    )
    story.append(Spacer(0, 18))
    story.append(
        _boxes(
            [
                [
                    _box("", "Signature of authorized certifying official", "", s),
                    _box("", "Date request submitted", requested_on.isoformat(), s),
                ],
                [
                    _box(
                        "",
                        "Typed or printed name and title",
                        _text(organization.contact_name, "organization: contact"),
                        s,
                    ),
                    _box("", "Telephone", _text(organization.contact_phone, "organization: phone"), s),
                ],
            ],
            [WIDTH * 0.65, WIDTH * 0.35],
        )
    )
    return story


def build_drawdown_pdf(
    workspace: Workspace, figures: DrawdownFigures, requested_on: date, target: str | Path | BinaryIO
) -> None:
    """Lay out the request and write it to ``target`` (a path is replaced only when complete)."""
    from fundtracker.store.atomic import atomic_path

    register_fonts()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=0.65 * inch,
        rightMargin=0.65 * inch,
        topMargin=0.6 * inch,
        bottomMargin=0.6 * inch,
        title=f"Request {figures.number} for advance or reimbursement: {figures.award}",
        author=workspace.organization.name,
        subject=f"Drawdown request through {figures.through.isoformat()}",
    )
    document.build(_story(workspace, figures, requested_on))
    data = buffer.getvalue()
    if isinstance(target, (str, Path)):
        with atomic_path(Path(target)) as temp:
            temp.write_bytes(data)
    else:
        target.write(data)


def write_drawdown_pdf(workspace: Workspace, figures: DrawdownFigures, requested_on: date, path: str | Path) -> None:
    build_drawdown_pdf(workspace, figures, requested_on, path)
