"""The federal forms in the application PDF: the SF-424 key data (face page) and SF-424A Sections A–F.

Every figure is the :class:`~fundtracker.services.sf424a.SF424A`'s own; this module only lays
the figures out as the forms do (line numbers and column letters as printed on the SF-424A).
"""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from fundtracker.domain.months import month_name
from fundtracker.exports.pdf_budget import HEADING_ROOM, grid
from fundtracker.exports.pdf_layout import RULE, Heading
from fundtracker.exports.pdf_text import checked, escape, plain
from fundtracker.services.application_budget import money
from fundtracker.services.live_values import long_date
from fundtracker.services.sf424a import SF424A

Styles = dict[str, ParagraphStyle]
FORM_SIZE = 7.5
FACE_TITLE = "Application for Federal Assistance (SF-424): key data"
COLUMN_NAMES = {"applicant": "Applicant", "state": "State", "other": "Other sources"}


def _cell(text: str, s: Styles, where: str, *, bold: bool = False) -> Paragraph:
    """Text a person typed, escaped, wrapping inside a narrow form cell."""
    style = ParagraphStyle("form_cell", parent=s["cell_bold" if bold else "cell"], fontSize=FORM_SIZE, leading=9)
    return plain(text or "—", style, where)


def face_page(sf: SF424A, s: Styles, width: float, where: str) -> list[Flowable]:
    """SF-424 key data: applicant, identifiers, contact, program, period and estimated funding."""
    data = sf.key_data
    contact = "\n".join(part for part in (data.contact_name, data.contact_email, data.contact_phone) if part)
    rows = [
        ("8a. Legal name of applicant", data.applicant, "organization: name"),
        ("8b. Employer/Taxpayer Identification Number (EIN/TIN)", data.ein, "organization: ein"),
        ("8c. UEI", data.uei, "organization: uei"),
        ("8d. Address", data.address, "organization: address"),
        ("8f. Contact person", contact, "organization: contact_name"),
        ("10. Name of federal agency (funder)", data.funder, f"{where}: funder"),
        ("11. Assistance Listing number", data.assistance_listing, f"{where}: assistance_listing"),
        ("15. Descriptive title of applicant's project", data.project_title, f"{where}: program_title"),
        ("17a. Proposed project start date", long_date(data.period_start) if data.period_start else "", "period"),
        ("17b. Proposed project end date", long_date(data.period_end) if data.period_end else "", "period"),
    ]
    label, value = s["cover_label"], s["cover_value"]
    table_rows = [[Paragraph(escape(name), label), plain(text or "—", value, field)] for name, text, field in rows]
    table = Table(table_rows, colWidths=[2.4 * inch, width - 2.4 * inch], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    funding: list[list[object]] = [["18. Estimated funding", "Amount"]]
    funding += [[name, money(amount)] for name, amount in data.funding.rows()]
    return [
        Heading(escape(FACE_TITLE), s["h1"], level=0, title=FACE_TITLE, key="sf424"),
        Paragraph(
            "The figures the SF-424 asks for, from the organization's record and this application; "
            "estimated funding equals SF-424A Sections A and C.",
            s["note"],
        ),
        table,
        Spacer(0, 12),
        KeepTogether([grid(funding, [3.0 * inch, 1.6 * inch], money_from=1, totals=[len(funding) - 1], size=8.5, s=s)]),
    ]


def sf424a_flowables(sf: SF424A, s: Styles, width: float, where: str) -> list[Flowable]:
    """SF-424A Sections A–F as the form lays them out."""
    flowables: list[Flowable] = []
    flowables += _section_a(sf, s, width, where)
    flowables += _section_b(sf, s, width, where)
    flowables += _section_c(sf, s, width, where)
    flowables += _section_d(sf, s, width)
    flowables += _section_e(sf, s, width, where)
    flowables += _section_f(sf, s, where)
    return flowables


def _heading(title: str, s: Styles) -> list[Flowable]:
    return [CondPageBreak(HEADING_ROOM), Paragraph(escape(title), s["h3"])]


def _section_a(sf: SF424A, s: Styles, width: float, where: str) -> list[Flowable]:
    a = sf.section_a
    money_width = (width - 2.1 * inch) / 5
    header = [
        "Grant program, function or activity (a)",
        "Assistance Listing (b)",
        "Unobligated federal (c)",
        "Unobligated non-federal (d)",
        "New federal (e)",
        "New non-federal (f)",
        "Total (g)",
    ]
    figures = [a.unobligated_federal, a.unobligated_non_federal, a.federal, a.non_federal, a.total]
    data: list[list[object]] = [
        [_cell(text, s, where, bold=True) for text in header],
        [
            _cell(f"1. {a.program}", s, f"{where}: program_title"),
            _cell(a.assistance_listing, s, f"{where}: assistance_listing"),
            *(money(x) for x in figures),
        ],
        ["5. Totals", "", *(money(x) for x in figures)],
    ]
    widths = [1.25 * inch, 0.85 * inch] + [money_width] * 5
    table = grid(data, widths, money_from=2, totals=[2], size=FORM_SIZE, s=s)
    return [*_heading("Section A: Budget Summary", s), KeepTogether([table]), Spacer(0, 8)]


def _section_b(sf: SF424A, s: Styles, width: float, where: str) -> list[Flowable]:
    each = (width - 2.6 * inch) / 3
    data: list[list[object]] = [["6. Object class categories", "(1) Federal", "(2) Non-federal", "(5) Total"]]
    totals = []
    for line in sf.section_b:
        if line.line in ("6i", "6k"):
            totals.append(len(data))
        data.append([f"{line.line[1]}. {line.title}", money(line.federal), money(line.non_federal), money(line.total)])
    data.append(["7. Program income", money(sf.program_income), "", money(sf.program_income)])
    table = grid(data, [2.6 * inch] + [each] * 3, money_from=1, totals=totals, size=8, s=s)
    note = (
        f"Columns (1) and (2) are the federal and non-federal (match) shares of {sf.section_a.program} "
        "(Section A line 1) over the whole project period; the budget by year follows below."
    )
    shown = escape(checked(note, f"{where}: program_title"))
    return [*_heading("Section B: Budget Categories", s), KeepTogether([table]), Paragraph(shown, s["note"])]


def _section_c(sf: SF424A, s: Styles, width: float, where: str) -> list[Flowable]:
    c = sf.section_c
    each = (width - 1.9 * inch) / 4
    data: list[list[object]] = [
        ["(a) Grant program", "(b) Applicant", "(c) State", "(d) Other sources", "(e) Totals"],
        [
            _cell(f"8. {sf.section_a.program}", s, f"{where}: program_title"),
            money(c.applicant),
            money(c.state),
            money(c.other),
            money(c.total),
        ],
        ["12. Total (sum of lines 8–11)", money(c.applicant), money(c.state), money(c.other), money(c.total)],
    ]
    flowables: list[Flowable] = [
        *_heading("Section C: Non-Federal Resources", s),
        KeepTogether([grid(data, [1.9 * inch] + [each] * 4, money_from=1, totals=[2], size=8, s=s)]),
        Spacer(0, 6),
    ]
    if c.sources:
        rows: list[list[object]] = [["Source of the non-federal share", "Column", "Amount"]]
        for source in c.sources:
            rows.append([_cell(source.name, s, f"{where}: match"), COLUMN_NAMES[source.column], money(source.amount)])
        rows.append(["Total", "", money(c.total)])
        widths = [width - 2.6 * inch, 1.2 * inch, 1.4 * inch]
        flowables.append(KeepTogether([grid(rows, widths, money_from=2, totals=[len(rows) - 1], size=8, s=s)]))
    else:
        flowables.append(Paragraph("No non-federal share.", s["note"]))
    return flowables


def _section_d(sf: SF424A, s: Styles, width: float) -> list[Flowable]:
    d = sf.section_d
    each = (width - 1.5 * inch) / 5
    year = d.year_total
    header: list[object] = ["", "Total for 1st year", *(f"Quarter {q.number}" for q in d.quarters)]
    data: list[list[object]] = [
        header,
        ["13. Federal", money(year.federal), *(money(q.share.federal) for q in d.quarters)],
        ["14. Non-federal", money(year.non_federal), *(money(q.share.non_federal) for q in d.quarters)],
        ["15. Total", money(year.total), *(money(q.share.total) for q in d.quarters)],
    ]
    quarters = "; ".join(f"quarter {q.number}: {q.period_text}" for q in d.quarters if q.months)
    note = (
        f"{d.year.label} ({d.year.period_text}); {quarters}. Direct costs are the plan's monthly projection "
        "(what the allocations charge the application's stream); each quarter's indirect charges and shares "
        "follow its direct costs, so the quarters add up to Section B's first year."
    )
    months: list[list[object]] = [["Month", "Direct costs (projection)"]]
    months += [[month_name(month), money(amount)] for month, amount in d.monthly_direct]
    months.append(["Total", money(sum(amount for _, amount in d.monthly_direct))])
    return [
        *_heading("Section D: Forecasted Cash Needs", s),
        KeepTogether([grid(data, [1.5 * inch] + [each] * 5, money_from=1, totals=[3], size=8, s=s)]),
        Paragraph(escape(note), s["note"]),
        Spacer(0, 4),
        KeepTogether([grid(months, [1.6 * inch, 1.8 * inch], money_from=1, totals=[len(months) - 1], size=8, s=s)]),
    ]


def _section_e(sf: SF424A, s: Styles, width: float, where: str) -> list[Flowable]:
    e = sf.section_e
    each = (width - 1.9 * inch) / 4
    header: list[object] = ["(a) Grant program", "(b) First", "(c) Second", "(d) Third", "(e) Fourth"]
    figures = [money(x) if x is not None else "—" for x in e.future]
    data: list[list[object]] = [
        header,
        [_cell(f"16. {sf.section_a.program}", s, f"{where}: program_title"), *figures],
        ["20. Totals", *figures],
    ]
    names = ("first", "second", "third", "fourth")
    years = "; ".join(f"{name}: {year.label}, {year.period_text}" for name, year in zip(names, e.years))
    note = (
        f"Future funding periods are the budget years after the first ({years}). Total {money(e.total)}."
        if e.years
        else "The project has one budget year: no future funding periods."
    )
    return [
        *_heading("Section E: Budget Estimates of Federal Funds Needed for Balance of the Project", s),
        KeepTogether([grid(data, [1.9 * inch] + [each] * 4, money_from=1, totals=[2], size=8, s=s)]),
        Paragraph(escape(note), s["note"]),
    ]


def _section_f(sf: SF424A, s: Styles, where: str) -> list[Flowable]:
    f = sf.section_f
    flowables = _heading("Section F: Other Budget Information", s)
    for label, text in (
        ("21. Direct charges", f.direct_charges),
        ("22. Indirect charges", f.indirect_charges),
        ("23. Remarks", f.remarks),
    ):
        shown = escape(checked(text, f"{where}: SF-424A Section F"))
        flowables.append(Paragraph(f"<b>{escape(label)}:</b> {shown}", s["body"]))
    return flowables
