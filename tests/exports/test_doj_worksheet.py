"""The DOJ Budget Detail Worksheet: recalculated in LibreOffice, its figures equal SF-424A to the cent."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from xlsx_recalc import cents, recalculate_many

from fundtracker.cli import run_command
from fundtracker.domain.records import Allocation, Expense, FringeComponent, Workspace
from fundtracker.exports.doj_worksheet import CATEGORIES, INDIRECT_SHEET, SUMMARY, write_doj_worksheet
from fundtracker.services.sf424a import SF424A, sf424a
from fundtracker.store import json_format

AS_OF = date(2022, 1, 1)
SF424A_KEYS = {
    "a": "personnel",
    "b": "fringe",
    "c": "travel",
    "d": "equipment",
    "e": "supplies",
    "f": "contractual",
    "g": "construction",
    "h": "other",
    "i": "total_direct",
    "j": "indirect",
    "k": "total",
}


def _variants() -> dict[str, Workspace]:
    from fundtracker.services.sample import sample_workspace

    sample = sample_workspace(AS_OF)
    app = sample.find("application", "bja_cvi")
    # A 12.5% match, equipment (kept out of MTDC), a contract and an allocation split in halves.
    extra = (
        Expense("radios", "Radios for outreach", 1_200_000, date(2022, 8, 1), "equipment", "once"),
        Expense("eval", "Evaluation contract", 250_000, date(2022, 7, 1), "contractual", "monthly", date(2023, 6, 30)),
    )
    allocations = sample.allocations + tuple(
        dataclasses.replace(
            sample.allocations[0], cost=e.key, stream="federal", percent=Decimal("50"), start=None, end=None
        )
        for e in extra
    )
    richer = dataclasses.replace(
        sample,
        expenses=sample.expenses + extra,
        allocations=allocations,
        applications=(dataclasses.replace(app, match_percent=Decimal("12.5"), uniform_guidance="2024"),),
    )
    # The match from a named stream (Health: the lead, and 20% of adv1 from July 2022), with the radios'
    # purpose and procurement and the organization's fringe rate in components.
    split = [
        dataclasses.replace(a, percent=Decimal("80")) if (a.cost, a.stream) == ("adv1", "federal") else a
        for a in richer.allocations
    ]
    radios = dataclasses.replace(
        extra[0], purpose="Outreach radios.", procurement_method="competitive_proposals", amount=1_200_001
    )
    streams = dataclasses.replace(
        richer,
        organization=dataclasses.replace(
            sample.organization,
            fringe_components=(
                FringeComponent("FICA", Decimal("0.0765")),
                FringeComponent("Health", Decimal("0.1735")),
            ),
        ),
        expenses=(*sample.expenses, radios, extra[1]),
        allocations=(*split, Allocation("adv1", "health", Decimal("20"), date(2022, 7, 1), None)),
        applications=(dataclasses.replace(app, match_streams=("health",), uniform_guidance="2024"),),
    )
    return {"sample": sample, "richer": richer, "streams": streams}


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[openpyxl.Workbook, SF424A]]:
    folder = tmp_path_factory.mktemp("doj")
    variants = _variants()
    paths = []
    for name, workspace in variants.items():
        path = folder / f"{name}.xlsx"
        write_doj_worksheet(workspace, "bja_cvi", path)
        paths.append(path)
    books = recalculate_many(paths)
    return {name: (book, sf424a(workspace, "bja_cvi")) for (name, workspace), book in zip(variants.items(), books)}


def summary_rows(sheet: openpyxl.worksheet.worksheet.Worksheet) -> dict[str, int]:
    return {str(sheet.cell(row, 2).value): row for row in range(9, 21) if sheet.cell(row, 2).value}


@pytest.mark.parametrize("name", ["sample", "richer", "streams"])
def test_summary_equals_sf424a_section_b_by_year(
    recalculated: dict[str, tuple[openpyxl.Workbook, SF424A]], name: str
) -> None:
    book, forms = recalculated[name]
    sheet = book[SUMMARY]
    budget = forms.budget
    for letter, key in SF424A_KEYS.items():
        rows = [row for row in range(9, 21) if sheet.cell(row, 2).value == letter]
        assert rows, letter
        for index, year in enumerate(budget.years):
            cell = budget.cell(key, year.number)
            federal = sum(cents(sheet.cell(row, 3 + 3 * index).value) for row in rows)
            non_federal = sum(cents(sheet.cell(row, 4 + 3 * index).value) for row in rows)
            assert (federal, non_federal) == (cell.federal, cell.non_federal), (letter, year.number)
        whole = 3 + 3 * len(budget.years)
        total = budget.category_total(key)
        assert sum(cents(sheet.cell(row, whole + 2).value) for row in rows) == total.total, letter
    k = summary_rows(sheet)["k"]
    whole = 3 + 3 * len(budget.years)
    assert cents(sheet.cell(k, whole).value) == forms.section_a.federal
    assert cents(sheet.cell(k, whole + 1).value) == forms.section_a.non_federal == forms.section_c.total


def test_every_line_is_the_budget_line_and_its_shares_add_up(
    recalculated: dict[str, tuple[openpyxl.Workbook, SF424A]],
) -> None:
    book, forms = recalculated["richer"]
    budget = forms.budget
    for title, category, _ in CATEGORIES:
        sheet = book[title[:31]]
        total_column = 10 if category == "fringe" else 8
        expected = sum(line.amount for line in budget.lines_for(category)) if category != "subawards" else 0
        seen = 0
        for row in range(5, sheet.max_row + 1):
            if isinstance(sheet.cell(row, 1).value, (int, float)):
                total = cents(sheet.cell(row, total_column).value)
                federal = cents(sheet.cell(row, total_column + 1).value)
                non_federal = cents(sheet.cell(row, total_column + 2).value)
                assert federal + non_federal == total
                seen += total
        assert seen == expected, title
    radios = book["D. Equipment"]
    assert any(radios.cell(row, 2).value == "Radios for outreach" for row in range(5, radios.max_row + 1))
    # The 50% contract line: $2,500.00 × 50% is computed by the sheet.
    contracts = book["H. Procurement Contracts"]
    assert cents(contracts.cell(5, 5).value) == 125_000 and cents(contracts.cell(5, 8).value) == 125_000 * 12


def test_indirect_is_rate_times_mtdc_live(recalculated: dict[str, tuple[openpyxl.Workbook, SF424A]]) -> None:
    book, forms = recalculated["richer"]
    sheet = book[INDIRECT_SHEET]
    budget = forms.budget
    for index, year in enumerate(budget.years):
        row = 5 + index
        assert cents(sheet.cell(row, 3).value) == budget.mtdc[index]
        assert cents(sheet.cell(row, 5).value) == budget.cell("indirect", year.number).total
        assert cents(sheet.cell(row, 7).value) == budget.cell("indirect", year.number).non_federal
    assert budget.mtdc[0] < budget.cell("total_direct", 1).total  # the radios are out of MTDC


def test_cli_writes_the_worksheet(sample: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "ws.json"
    json_format.write_file(sample, source)
    out = tmp_path / "detail.xlsx"
    code = run_command(["export", "budget-detail", str(source), "--application", "bja_cvi", "-o", str(out)])
    assert code == 0
    assert "wrote the budget detail worksheet" in capsys.readouterr().out
    book = openpyxl.load_workbook(out)
    assert book.sheetnames[0] == SUMMARY and book.sheetnames[-1] == INDIRECT_SHEET
    assert str(book["A. Personnel"]["H5"].value).startswith("=")


def test_cli_refuses_a_wrong_suffix(sample: Workspace, tmp_path: Path) -> None:
    source = tmp_path / "ws.json"
    json_format.write_file(sample, source)
    code = run_command(
        ["export", "budget-detail", str(source), "--application", "bja_cvi", "-o", str(tmp_path / "x.pdf")]
    )
    assert code == 1
    assert not (tmp_path / "x.pdf").exists()


def test_a_match_from_streams_puts_each_line_on_its_side(
    recalculated: dict[str, tuple[openpyxl.Workbook, SF424A]],
) -> None:
    book, forms = recalculated["streams"]
    sheet = book["A. Personnel"]
    matched = [row for row in range(5, sheet.max_row + 1) if "(match: " in str(sheet.cell(row, 2).value or "")]
    assert matched
    for row in matched:
        assert cents(sheet.cell(row, 9).value) == 0 and cents(sheet.cell(row, 10).value) == cents(
            sheet.cell(row, 8).value
        )
    indirect = book[INDIRECT_SHEET]
    labels = [indirect.cell(row, 2).value for row in range(5, 5 + 4)]
    assert "Indirect costs on the match from Health Department fiscal host support (de minimis rate)" in labels
    assert forms.section_c.total == forms.budget.non_federal_total > 0


def test_equipment_details_and_fringe_components(recalculated: dict[str, tuple[openpyxl.Workbook, SF424A]]) -> None:
    book, _ = recalculated["streams"]
    equipment = book["D. Equipment"]
    row = next(r for r in range(5, equipment.max_row + 1) if equipment.cell(r, 2).value == "Radios for outreach")
    assert equipment.cell(row, 12).value == "Outreach radios."
    assert equipment.cell(row, 13).value == "competitive proposals"
    fringe = book["B. Fringe Benefits"]
    rows = {fringe.cell(r, 3).value: r for r in range(5, fringe.max_row + 1) if fringe.cell(r, 3).value}
    assert fringe.cell(rows["FICA"], 4).value == pytest.approx(0.0765)
    assert fringe.cell(rows["Fringe rate"], 4).value == pytest.approx(0.25)
