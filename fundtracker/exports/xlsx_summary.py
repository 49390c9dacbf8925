"""The Summary sheet: SF-424A Section B object classes a–k by fiscal year: federal, match, other sources, total.

Every figure is a formula over the Personnel and Other direct costs sheets, by the budget rules
shared by every output (DESIGN.md):

* **Federal** is what counted federal grants pay (their share lines), less the match;
  **Match (non-federal)** is the recipient's share of a federal budget: the application's match
  percent of each object class, per stream and fiscal year (:mod:`fundtracker.domain.match`);
  **Other sources** is every other cost: other streams, streams this view leaves out, and cost
  no stream pays.
* **Indirect** (line j) follows the federal facts (:mod:`fundtracker.domain.federal_facts`): for
  each federal stream its rate (the award's negotiated rate, else the de minimis rate of its
  Uniform Guidance version; the organization's rate for a federal stream with no application)
  × its MTDC (direct costs less equipment and construction), rounded half-up to the cent, per
  stream and fiscal year; other sources at the organization's rate (``IndirectRate``) × their
  MTDC. The table "Indirect costs by stream" below the summary shows each stream's base, rate
  and indirect as live formulas.
* Equipment in a federal stream's budget is an item of at least its per-unit threshold; a
  cheaper one is supplies (the Object class column of Other direct costs).

Rates and match percents are turned into whole numbers and the products taken in cents, so
every ``ROUND`` lands on the cent the Python budget rules compute (as the share formulas do).
"""

from __future__ import annotations

from decimal import Decimal

from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from fundtracker.domain.federal_facts import MTDC_EXCLUDED, IndirectTerms
from fundtracker.domain.match import FEDERAL, MATCH, OTHER_SOURCES
from fundtracker.domain.records import FundingStream
from fundtracker.exports.xlsx_basis import BudgetBasis
from fundtracker.exports.xlsx_cells import CURRENCY, PERCENT, SheetWriter
from fundtracker.exports.xlsx_costsheets import EXPENSE_LINE, SHARE_LINE, CostColumns
from fundtracker.exports.xlsx_print import column_widths, print_in_blocks
from fundtracker.forecast.shares import percent_scale

HEADER_ROW = 4
FIRST_ROW = 5
# (letter, label, expense category or None)
OBJECT_CLASSES = (
    ("a", "Personnel", None),
    ("b", "Fringe Benefits", None),
    ("c", "Travel", "travel"),
    ("d", "Equipment", "equipment"),
    ("e", "Supplies", "supplies"),
    ("f", "Contractual", "contractual"),
    ("g", "Construction", "construction"),
    ("h", "Other", "other"),
)
ROW_OF = {letter: FIRST_ROW + i for i, (letter, _, _) in enumerate(OBJECT_CLASSES)}
ROW_OF["i"] = FIRST_ROW + 8
ROW_OF["j"] = FIRST_ROW + 9
ROW_OF["k"] = FIRST_ROW + 10
SHARES = ("Federal", "Match", "Other sources", "Total")
SHARE_LABELS = {"Federal": FEDERAL, "Match": MATCH, "Other sources": OTHER_SOURCES, "Total": "Total"}
# The indirect table: a title row, a header row, then one row per federal stream and other sources.
INDIRECT_TITLE_ROW = ROW_OF["k"] + 4
INDIRECT_HEADER_ROW = INDIRECT_TITLE_ROW + 1
I_NAME, I_BASIS, I_RATE, I_MATCH, I_FIRST_FY = 1, 2, 3, 4, 5
I_PER_FY = 2


def summary_column(index: int, share: str) -> int:
    """The column of fiscal year number ``index`` (0-based; len(fiscal_years) = all years) and share."""
    return 3 + index * len(SHARES) + SHARES.index(share)


def indirect_columns(index: int) -> tuple[int, int]:
    """The MTDC and indirect columns of fiscal year ``index`` in the indirect table."""
    column = I_FIRST_FY + index * I_PER_FY
    return column, column + 1


def _scale(value: Decimal) -> int:
    """A power of ten making ``value`` (a fraction) whole, with room for edits to 0.01 %."""
    return int(10 ** max(4, percent_scale([value])))


def _times(cents: str, fraction_cell: str, whole: int) -> str:
    """Cents of ``round_half_up(cents × fraction)``: exact integer arithmetic in floating point."""
    return f"ROUND({cents}*ROUND({fraction_cell}*{whole},0)/{whole},0)"


def basis_text(terms: IndirectTerms) -> str:
    """How a stream's rate and equipment are set, for the indirect table."""
    if terms.guidance is None:
        return "organization's rate (not federal)"
    threshold = f"equipment ≥ ${terms.equipment_threshold // 100:,} per unit" if terms.equipment_threshold else ""
    where = f"application {terms.application}" if terms.application else "no application: organization's rate"
    rate = {"negotiated": "negotiated rate", "de minimis": "de minimis rate"}.get(terms.basis, "")
    parts = [p for p in (rate, f"{terms.guidance} Uniform Guidance", threshold, where) if p]
    return ", ".join(parts)


class _Indirect:
    """Where the indirect table keeps each stream's rate, match and figures."""

    def __init__(self, streams: tuple[FundingStream, ...], basis: BudgetBasis) -> None:
        self.streams = streams
        self.terms = {s.key: basis.terms(s) for s in streams}
        self.row = {s.key: INDIRECT_HEADER_ROW + 1 + i for i, s in enumerate(streams)}
        self.other_row = INDIRECT_HEADER_ROW + 1 + len(streams)
        self.whole = {s.key: _scale(self.terms[s.key].rate) for s in streams}
        self.match_whole = {s.key: _scale(self.terms[s.key].match_percent / 100) for s in streams}

    def with_match(self) -> list[FundingStream]:
        return [s for s in self.streams if self.terms[s.key].match_percent > 0]

    def rate_cell(self, key: str) -> str:
        return f"${get_column_letter(I_RATE)}${self.row[key]}"

    def match_cell(self, key: str) -> str:
        return f"${get_column_letter(I_MATCH)}${self.row[key]}"

    def cell(self, key: str | None, index: int, which: int) -> str:
        """The MTDC (``which`` 0) or indirect (1) cell of a stream (None: other sources) in FY ``index``."""
        row = self.other_row if key is None else self.row[key]
        return f"{get_column_letter(indirect_columns(index)[which])}{row}"


def write_summary(sheet: Worksheet, basis: BudgetBasis, personnel: CostColumns, other: CostColumns) -> None:
    out = SheetWriter(sheet)
    scenario = f", scenario {basis.scenario_name}" if basis.scenario else ""
    out.title(
        f"Budget summary — {basis.workspace_name}",
        f"SF-424A Section B object classes, {basis.view} view{scenario}. Figures are formulas over the detail sheets.",
    )
    labels = ["", "Object class"]
    for fy in basis.fiscal_years:
        labels += [f"FY{fy} {SHARE_LABELS[share].lower()}" for share in SHARES]
    labels += [f"All years {SHARE_LABELS[share].lower()}" for share in SHARES]
    out.header(HEADER_ROW, labels)
    indirect = _Indirect(basis.federal_streams, basis)
    for letter, label, category in OBJECT_CLASSES:
        row = ROW_OF[letter]
        out.text(row, 1, letter)
        out.text(row, 2, label)
        for index, fy in enumerate(basis.fiscal_years):
            if category is None:
                columns, cost = personnel, personnel.cost[fy][0 if letter == "a" else 1]
                where = ""
                total = f"='{columns.sheet}'!{cost}{columns.total_row}"
            else:
                columns, cost = other, other.cost[fy][0]
                where = f',{columns.range(columns.class_column)},"{category}"'
                total = "=" + _expense_total(columns, cost, category)
            shares = f'SUMIFS({columns.range(cost)},{columns.range(columns.line_column)},"{SHARE_LINE}"'
            federal_streams = f'{shares},{columns.range(columns.federal_column)},"Yes"{where})'
            match_terms = [
                _times(
                    f'ROUND({shares},{columns.range(columns.stream_key_column)},"{s.key}"{where})*100,0)',
                    indirect.match_cell(s.key),
                    indirect.match_whole[s.key],
                )
                for s in indirect.with_match()
            ]
            match = f"=({'+'.join(match_terms)})/100" if match_terms else "=0"
            _shares(out, row, index, federal_streams, match, total)
    _totals(out, basis, indirect)
    _indirect_table(out, basis, personnel, other, indirect)
    out.text(
        ROW_OF["k"] + 2,
        1,
        "Federal: costs charged to federal grants counted in this view, less the match. Match (non-federal): "
        "the recipient's share of a federal budget (the application's match percent of each cost). Other "
        "sources: costs paid by other streams, or by no stream. Indirect charges: per federal stream, its "
        "rate × its MTDC (direct costs less equipment and construction), rounded to the cent; other sources "
        "at the organization's indirect rate (Assumptions) × their MTDC.",
        fit=False,
    )
    out.finish(header_row=HEADER_ROW, freeze=f"C{FIRST_ROW}")
    # Column A holds a letter above and stream names in the indirect table, B the object classes and
    # how rates were set: narrower and wrapped, they leave room on each printed page for figures.
    for letter, width in (("A", 20), ("B", 32)):
        sheet.column_dimensions[letter].width = min(sheet.column_dimensions[letter].width or width, width)
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1, max_col=2):
        for cell in row:
            if isinstance(cell.value, str) and cell.row not in out.note_rows:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    # On paper: fiscal years side by side while they print large enough, the object classes repeated.
    years = len(basis.fiscal_years)
    groups = [(1, 2)] + [(summary_column(i, SHARES[0]), summary_column(i, SHARES[-1])) for i in range(years + 1)]
    last_row = max(sheet.max_row, ROW_OF["k"] + 2)
    print_in_blocks(sheet, title_columns=2, groups=groups, last_row=last_row, widths=column_widths(sheet))


def _expense_total(columns: CostColumns, cost: str, category: str) -> str:
    """All expenses of object class ``category``: expense lines by category, moving the federal
    shares of equipment below the threshold from equipment to supplies."""
    lines = f'SUMIFS({columns.range(cost)},{columns.range(columns.line_column)},"{EXPENSE_LINE}"'
    total = f'{lines},{columns.range(columns.class_column)},"{category}")'
    moved = (
        f'SUMIFS({columns.range(cost)},{columns.range(columns.line_column)},"{SHARE_LINE}",'
        f'{columns.range(columns.category_column)},"equipment",{columns.range(columns.class_column)},"supplies")'
    )
    if category == "supplies":
        return f"{total}+{moved}"
    if category == "equipment":
        return f"{total}-{moved}"
    return total


def _shares(out: SheetWriter, row: int, index: int, federal_streams: str, match: str, total: str) -> None:
    """Federal = federal streams' shares − match; other sources = total − federal − match."""
    letter = {share: get_column_letter(summary_column(index, share)) for share in SHARES}
    out.formula(row, summary_column(index, "Match"), match, CURRENCY)
    out.formula(row, summary_column(index, "Federal"), f"={federal_streams}-{letter['Match']}{row}", CURRENCY)
    out.formula(row, summary_column(index, "Total"), total, CURRENCY)
    out.formula(
        row,
        summary_column(index, "Other sources"),
        f"={letter['Total']}{row}-{letter['Federal']}{row}-{letter['Match']}{row}",
        CURRENCY,
    )


def _totals(out: SheetWriter, basis: BudgetBasis, indirect: _Indirect) -> None:
    direct, indirect_row, grand = ROW_OF["i"], ROW_OF["j"], ROW_OF["k"]
    out.text(direct, 1, "i")
    out.text(direct, 2, "Total Direct Charges (sum of a–h)")
    out.text(indirect_row, 1, "j")
    out.text(indirect_row, 2, "Indirect Charges")
    out.text(grand, 1, "k")
    out.text(grand, 2, "TOTALS (sum of i and j)")
    for index in range(len(basis.fiscal_years)):
        letter = {share: get_column_letter(summary_column(index, share)) for share in SHARES}
        for share in SHARES:
            column = summary_column(index, share)
            out.formula(direct, column, f"=SUM({letter[share]}{FIRST_ROW}:{letter[share]}{direct - 1})", CURRENCY)
            out.formula(grand, column, f"={letter[share]}{direct}+{letter[share]}{indirect_row}", CURRENCY)
        streams_indirect = "+".join(indirect.cell(s.key, index, 1) for s in indirect.streams)
        match_terms = []
        for s in indirect.with_match():
            cents = f"ROUND({indirect.cell(s.key, index, 1)}*100,0)"
            match_terms.append(_times(cents, indirect.match_cell(s.key), indirect.match_whole[s.key]))
        out.formula(
            indirect_row,
            summary_column(index, "Match"),
            f"=({'+'.join(match_terms)})/100" if match_terms else "=0",
            CURRENCY,
        )
        out.formula(
            indirect_row,
            summary_column(index, "Federal"),
            f"={streams_indirect or 0}-{letter['Match']}{indirect_row}",
            CURRENCY,
        )
        out.formula(indirect_row, summary_column(index, "Other sources"), f"={indirect.cell(None, index, 1)}", CURRENCY)
        out.formula(
            indirect_row,
            summary_column(index, "Total"),
            "=" + "+".join(f"{letter[share]}{indirect_row}" for share in SHARES[:3]),
            CURRENCY,
        )
    years = len(basis.fiscal_years)
    for row in range(FIRST_ROW, grand + 1):
        for share in SHARES:
            parts = "+".join(f"{get_column_letter(summary_column(i, share))}{row}" for i in range(years))
            out.formula(row, summary_column(years, share), f"={parts}", CURRENCY)
    last_column = summary_column(years, "Total")
    out.total_row(direct, 1, last_column)
    out.total_row(grand, 1, last_column)


def _indirect_table(
    out: SheetWriter, basis: BudgetBasis, personnel: CostColumns, other: CostColumns, indirect: _Indirect
) -> None:
    """Each federal stream's MTDC, rate and indirect per fiscal year; then other sources'."""
    out.text(INDIRECT_TITLE_ROW, 1, "Indirect costs by stream (line j)", bold=True, fit=False)
    labels = ["Stream", "Rate set by", "Indirect rate", "Match"]
    for fy in basis.fiscal_years:
        labels += [f"FY{fy} MTDC", f"FY{fy} indirect"]
    out.header(INDIRECT_HEADER_ROW, labels)
    for stream in indirect.streams:
        terms = indirect.terms[stream.key]
        row = indirect.row[stream.key]
        out.text(row, I_NAME, stream.name)
        out.text(row, I_BASIS, basis_text(terms))
        rate = "=IndirectRate" if terms.basis == "organization" else terms.rate
        out.input(row, I_RATE, rate, PERCENT)
        out.input(row, I_MATCH, terms.match_percent / 100, PERCENT)
        for index, fy in enumerate(basis.fiscal_years):
            mtdc_column, indirect_column = indirect_columns(index)
            out.formula(row, mtdc_column, "=" + _stream_mtdc(personnel, other, fy, stream.key), CURRENCY)
            mtdc = f"ROUND({get_column_letter(mtdc_column)}{row}*100,0)"
            formula = f"={_times(mtdc, indirect.rate_cell(stream.key), indirect.whole[stream.key])}/100"
            out.formula(row, indirect_column, formula, CURRENCY)
    row = indirect.other_row
    out.text(row, I_NAME, "Other sources")
    out.text(row, I_BASIS, "organization's rate (Assumptions)")
    out.formula(row, I_RATE, "=IndirectRate", PERCENT)
    whole = _scale(basis.organization.indirect_rate)
    for index in range(len(basis.fiscal_years)):
        mtdc_column, indirect_column = indirect_columns(index)
        other_letter = get_column_letter(summary_column(index, "Other sources"))
        excluded = "".join(
            f"-{other_letter}{ROW_OF[letter]}" for letter, _, category in OBJECT_CLASSES if category in MTDC_EXCLUDED
        )
        out.formula(row, mtdc_column, f"={other_letter}{ROW_OF['i']}{excluded}", CURRENCY)
        mtdc = f"ROUND({get_column_letter(mtdc_column)}{row}*100,0)"
        out.formula(row, indirect_column, f"={_times(mtdc, f'$C${row}', whole)}/100", CURRENCY)
    out.text(
        row + 1,
        1,
        "MTDC: modified total direct costs, direct costs less equipment and construction. Rate: the award's "
        "negotiated rate, else the de minimis rate of its Uniform Guidance version (15% from the 2024 revision, "
        "10% before); a federal stream with no application, and other sources, use the organization's rate.",
        fit=False,
    )


def _stream_mtdc(personnel: CostColumns, other: CostColumns, fy: int, key: str) -> str:
    """A stream's direct costs in FY ``fy`` less its equipment and construction (object class)."""

    def shares(columns: CostColumns, cost: str, extra: str = "") -> str:
        return (
            f'SUMIFS({columns.range(cost)},{columns.range(columns.line_column)},"{SHARE_LINE}",'
            f'{columns.range(columns.stream_key_column)},"{key}"{extra})'
        )

    terms = [shares(personnel, letter) for letter in personnel.cost[fy]]
    terms.append(shares(other, other.cost[fy][0]))
    classes = other.range(other.class_column)
    excluded = "".join("-" + shares(other, other.cost[fy][0], f',{classes},"{c}"') for c in MTDC_EXCLUDED)
    return "+".join(terms) + excluded
