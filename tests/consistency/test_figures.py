"""The same figure through every output, to the cent.

For the sample and for synthetic workspaces (``workspaces.py``), each figure is read from every
output that shows it and compared:

* the runway's JSON (``fundtracker runway --format json``): each month's cost, each stream's charges;
* the budget workbook, recalculated by LibreOffice: the Summary, the indirect table, the share lines;
* the application PDF's text (pypdf): SF-424A Section B and the cover;
* budget vs actual: each stream's budget by object class through the last closed month;
* the application budget service (what the app's Budget tab shows).

All workbooks are recalculated in one LibreOffice call (the suite's one expensive step).
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader
from workspaces import match_and_negotiated_rate, two_federal_streams

from fundtracker.__main__ import main
from fundtracker.domain.federal_facts import mtdc_of
from fundtracker.domain.money import apply_rate
from fundtracker.domain.months import fiscal_year_months, format_month
from fundtracker.domain.records import Workspace
from fundtracker.exports.budget_xlsx import write_budget_workbook
from fundtracker.exports.pdf_application import build_application_pdf
from fundtracker.exports.xlsx_costsheets import E_FIRST_FY, E_PER_FY, P_FIRST_FY, P_PER_FY
from fundtracker.exports.xlsx_summary import INDIRECT_HEADER_ROW, ROW_OF, indirect_columns, summary_column
from fundtracker.services.application_budget import DIRECT_CATEGORIES, ApplicationBudget, application_budget, money
from fundtracker.services.budget_vs_actual import budget_vs_actual
from fundtracker.services.sample import sample_workspace
from fundtracker.store.json_format import write_file
from tests.exports.xlsx_recalc import cents, recalculate_many

pytestmark = pytest.mark.libreoffice

LETTERS = "abcdefghijk"
SAMPLE_DAY = date(2026, 12, 1)
CLASS_LETTER = dict(zip(DIRECT_CATEGORIES, "abcdefgh"))
CATEGORY_OF = {letter: category for category, letter in CLASS_LETTER.items()} | {
    "i": "total_direct",
    "j": "indirect",
    "k": "total",
}


@dataclass(frozen=True)
class Case:
    """A workspace and the fiscal years its outputs are compared over.

    Attributes:
        aligned: the application's budget years are these fiscal years (figures compare year by year).
        funded: every stream holds more than its shares (the runway charges exactly its shares).
    """

    name: str
    make: Callable[[], Workspace]
    fiscal_years: tuple[int, ...]
    as_of: date
    aligned: bool
    funded: bool


CASES = (
    Case("sample", lambda: sample_workspace(SAMPLE_DAY), (2028, 2029, 2030, 2031), SAMPLE_DAY, False, False),
    Case("match", match_and_negotiated_rate, (2026, 2027), date(2025, 7, 1), True, True),
    Case("two_federal", two_federal_streams, (2026, 2027), date(2025, 10, 1), True, True),
)


@dataclass
class Outputs:
    workspace: Workspace
    case: Case
    book: openpyxl.Workbook
    runway: dict[str, object]
    pdf_text: dict[str, str]
    pdf_warnings: dict[str, tuple[str, ...]]

    @property
    def months(self) -> range:
        start = self.workspace.organization.fiscal_year_start_month
        first = fiscal_year_months(self.case.fiscal_years[0], start)
        last = fiscal_year_months(self.case.fiscal_years[-1], start)
        return range(first.start, last.stop)

    def fy_months(self, fy: int) -> range:
        return fiscal_year_months(fy, self.workspace.organization.fiscal_year_start_month)

    def summary(self, letter: str, index: int, share: str) -> int:
        return cents(self.book["Summary"].cell(ROW_OF[letter], summary_column(index, share)).value)

    def indirect_row(self, stream_name: str) -> tuple[list[int], list[int]]:
        """MTDC and indirect per fiscal year of a stream in the workbook's indirect table."""
        sheet = self.book["Summary"]
        rows = range(INDIRECT_HEADER_ROW + 1, sheet.max_row + 1)
        row = next(r for r in rows if sheet.cell(r, 1).value == stream_name)
        mtdc = [cents(sheet.cell(row, indirect_columns(i)[0]).value) for i in range(len(self.case.fiscal_years))]
        indirect = [cents(sheet.cell(row, indirect_columns(i)[1]).value) for i in range(len(self.case.fiscal_years))]
        return mtdc, indirect

    def stream_shares(self, key: str) -> int:
        """The stream's share lines over all fiscal years (salary + fringe, and expenses)."""
        years = len(self.case.fiscal_years)
        total = 0
        personnel = self.book["Personnel"]
        key_column = P_FIRST_FY + years * P_PER_FY
        for row in range(5, personnel.max_row + 1):
            if personnel.cell(row, 2).value == "Share" and personnel.cell(row, key_column).value == key:
                for index in range(years):
                    column = P_FIRST_FY + index * P_PER_FY + 3
                    total += cents(personnel.cell(row, column).value) + cents(personnel.cell(row, column + 1).value)
        other = self.book["Other direct costs"]
        key_column = E_FIRST_FY + years * E_PER_FY
        for row in range(5, other.max_row + 1):
            if other.cell(row, 2).value == "Share" and other.cell(row, key_column).value == key:
                total += sum(cents(other.cell(row, E_FIRST_FY + i * E_PER_FY + 1).value) for i in range(years))
        return total


def _runway(path: Path, months: range, as_of: date) -> dict[str, object]:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(
            [
                "runway",
                str(path),
                "--format",
                "json",
                "--start",
                format_month(months.start),
                "--months",
                str(len(months)),
                "--as-of",
                as_of.isoformat(),
            ]
        )
    assert code == 0
    result: dict[str, object] = json.loads(out.getvalue())
    return result


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outputs]:
    folder = tmp_path_factory.mktemp("consistency")
    made: dict[str, tuple[Workspace, Case, dict[str, object], dict[str, str], dict[str, tuple[str, ...]]]] = {}
    books: list[Path] = []
    for case in CASES:
        workspace = case.make()
        json_path = folder / f"{case.name}.json"
        write_file(workspace, json_path)
        book = folder / f"{case.name}.xlsx"
        write_budget_workbook(workspace, book, as_of=case.as_of, fiscal_years=case.fiscal_years)
        books.append(book)
        start = workspace.organization.fiscal_year_start_month
        months = range(
            fiscal_year_months(case.fiscal_years[0], start).start, fiscal_year_months(case.fiscal_years[-1], start).stop
        )
        texts, warnings = {}, {}
        for application in workspace.applications:
            pdf = folder / f"{case.name}-{application.key}.pdf"
            report = build_application_pdf(workspace, application.key, pdf, as_of=case.as_of)
            texts[application.key] = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
            warnings[application.key] = report.warnings
        made[case.name] = (workspace, case, _runway(json_path, months, case.as_of), texts, warnings)
    recalculated = recalculate_many(books)
    return {
        name: Outputs(workspace, case, book, runway, texts, warnings)
        for (name, (workspace, case, runway, texts, warnings)), book in zip(made.items(), recalculated)
    }


def _budget(out: Outputs) -> ApplicationBudget:
    (application,) = out.workspace.applications
    return application_budget(out.workspace, application.key)


def _runway_cost(out: Outputs, fy: int) -> int:
    months = {format_month(m) for m in out.fy_months(fy)}
    return sum(round(float(m["cost"]) * 100) for m in out.runway["months"] if m["month"] in months)  # type: ignore[index, union-attr, arg-type]


def _bva_by_class(out: Outputs, stream: str, through_fy: int) -> dict[str, int]:
    """Budget vs actual's budget of ``stream`` by object class, closed months through FY ``through_fy``."""
    after = date.fromisoformat(f"{format_month(out.fy_months(through_fy).stop)}-01")
    report = budget_vs_actual(out.workspace, as_of=after)
    return {line.category: line.budget for line in report.lines if line.stream == stream}


@pytest.mark.parametrize("name", [case.name for case in CASES])
def test_total_cost_per_fiscal_year(outputs: dict[str, Outputs], name: str) -> None:
    """Runway JSON's monthly cost over a fiscal year = the workbook's total direct charges (i)."""
    out = outputs[name]
    for index, fy in enumerate(out.case.fiscal_years):
        assert out.summary("i", index, "Total") == _runway_cost(out, fy), f"FY{fy}"


@pytest.mark.parametrize("name", [case.name for case in CASES if case.funded])
def test_each_stream_charges_its_share_lines(outputs: dict[str, Outputs], name: str) -> None:
    """Runway JSON's charges per stream = the workbook's share lines = budget vs actual's budget."""
    out = outputs[name]
    last = out.case.fiscal_years[-1]
    for stream in out.workspace.streams:
        charged = round(float(out.runway["streams"][stream.key]["charged_total"]) * 100)  # type: ignore[index]
        assert out.stream_shares(stream.key) == charged, stream.key
        assert sum(_bva_by_class(out, stream.key, last).values()) == charged, stream.key


@pytest.mark.parametrize("name", [case.name for case in CASES])
def test_federal_budget_agrees_everywhere(outputs: dict[str, Outputs], name: str) -> None:
    """The application's SF-424A (service and PDF), the workbook's Summary and indirect table and
    budget vs actual give the federal stream's budget alike: by object class, indirect, totals."""
    out = outputs[name]
    budget = _budget(out)
    (application,) = out.workspace.applications
    stream = out.workspace.stream(budget.stream)
    assert stream is not None
    text = out.pdf_text[application.key]
    years = len(out.case.fiscal_years)
    only_federal = sum(1 for s in out.workspace.streams if s.kind == "federal_grant") == 1
    # Budget vs actual, by object class (equipment below the threshold is supplies).
    by_class = _bva_by_class(out, stream.key, out.case.fiscal_years[-1])
    for category in CLASS_LETTER:
        assert by_class.get(category, 0) == budget.category_total(category).total, category
    mtdc, indirect = out.indirect_row(stream.name)
    assert sum(indirect) == budget.category_total("indirect").total
    assert sum(mtdc) == sum(budget.mtdc) == mtdc_of(by_class)
    if only_federal:
        for letter in LETTERS:
            total = budget.category_total(CATEGORY_OF[letter])
            assert out.summary(letter, years, "Federal") == total.federal, letter
            assert out.summary(letter, years, "Match") == total.non_federal, letter
    if out.case.aligned:
        assert mtdc == list(budget.mtdc)
        assert indirect == [budget.cell("indirect", y.number).total for y in budget.years]
        for index, year in enumerate(budget.years):
            assert money(indirect[index]) in text, f"{year.label} indirect in the PDF"
            if only_federal:
                for letter in LETTERS:
                    federal = out.summary(letter, index, "Federal")
                    assert money(federal) in text, f"{letter} {year.label} in the PDF"
    # The cover's amount requested is the federal total of line k, in the PDF and the workbook.
    assert application.requested_amount == budget.federal_total
    assert f"Amount requested {money(application.requested_amount)}" in " ".join(text.split())
    assert money(budget.federal_total) in text
    if only_federal:
        assert out.summary("k", years, "Federal") == budget.federal_total
    assert not [w for w in out.pdf_warnings[application.key] if "requested amount" in w]


def test_federal_stream_without_application_uses_the_organization_rate(outputs: dict[str, Outputs]) -> None:
    """Federal B has no application: the organization's rate on its MTDC (its $7,500 printer is
    supplies, under the 2024 threshold); budget vs actual's figures give the same indirect."""
    out = outputs["two_federal"]
    rate = out.workspace.organization.indirect_rate
    mtdc, indirect = out.indirect_row("Federal B")
    first, second = out.case.fiscal_years
    through_first = _bva_by_class(out, "fed_b", first)
    through_second = _bva_by_class(out, "fed_b", second)
    assert through_first.get("supplies") == 750_000 and "equipment" not in through_first
    second_year = {c: through_second.get(c, 0) - through_first.get(c, 0) for c in through_second}
    assert mtdc == [mtdc_of(through_first), mtdc_of(second_year)]
    assert indirect == [apply_rate(mtdc[0], rate), apply_rate(mtdc[1], rate)]
    # Other sources: the organization's rate on their MTDC (equipment and construction out).
    other_mtdc, other_indirect = out.indirect_row("Other sources")
    for index in range(2):
        direct = out.summary("i", index, "Other sources")
        excluded = out.summary("d", index, "Other sources") + out.summary("g", index, "Other sources")
        assert other_mtdc[index] == direct - excluded
        assert other_indirect[index] == apply_rate(other_mtdc[index], rate)
        assert out.summary("j", index, "Total") == (
            sum(out.indirect_row(s.name)[1][index] for s in out.workspace.streams if s.kind == "federal_grant")
            + other_indirect[index]
        )


def test_sample_federal_total_is_the_application_total(outputs: dict[str, Outputs]) -> None:
    """The figure users compared by hand: $719,852.93 in the Budget tab, the PDF and the workbook."""
    out = outputs["sample"]
    assert _budget(out).federal_total == 71_985_293
    assert out.summary("k", 4, "Federal") == 71_985_293
    assert "$719,852.93" in out.pdf_text["bja_cvi"]
