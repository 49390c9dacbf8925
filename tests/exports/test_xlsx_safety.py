"""Hostile and odd text exports cleanly: no formula injection, unicode intact, empty workspaces work."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from xlsx_recalc import recalculate

from fundtracker.domain.errors import InputError
from fundtracker.domain.records import Allocation, Expense, FundingStream, Organization, Position, Workspace
from fundtracker.exports.budget_xlsx import write_budget_workbook
from fundtracker.exports.xlsx_cells import defined_name, safe_text, sheet_name

HOSTILE = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "=cmd|' /C calc'!A0",
]


def hostile_workspace() -> Workspace:
    org = Organization(name="=1+1 Ünïcødé ★ Org", fringe_rate=Decimal("0.2"))
    streams = tuple(
        FundingStream(f"s{i}", text, 100_000, date(2024, 1, 1), date(2024, 12, 31), funder=text)
        for i, text in enumerate(HOSTILE)
    )
    positions = (
        Position("p0", HOSTILE[0], 5_000_000, date(2024, 1, 1), name="Zoë Ñúñez 李小龙 \x07bell"),
        Position("p1", "Ä" * 300, 4_000_000, date(2024, 1, 1)),
    )
    expenses = (Expense("e0", HOSTILE[3], 1_000, date(2024, 1, 1), "supplies"),)
    allocations = (Allocation("p0", "s0", Decimal("100")), Allocation("e0", "s3", Decimal("50")))
    return Workspace(org, streams, positions, expenses, allocations)


def test_formula_injection_is_written_as_text(tmp_path: Path) -> None:
    path = tmp_path / "hostile.xlsx"
    write_budget_workbook(hostile_workspace(), path, as_of=date(2024, 1, 1), fiscal_years=[2024])
    book = openpyxl.load_workbook(path)
    funding = book["Funding sources"]
    names = [funding.cell(row, 2) for row in range(5, 10)]
    assert sorted(c.value for c in names) == sorted(HOSTILE)
    for cell in names:
        assert cell.data_type == "s" and cell.quotePrefix
    assert book["Personnel"]["C5"].data_type == "s"
    # After LibreOffice opens it, the text is still text, nothing evaluated.
    computed = recalculate(path)
    values = {computed["Funding sources"].cell(row, 2).value for row in range(5, 10)}
    assert values == set(HOSTILE)
    assert computed["Personnel"]["C5"].value == HOSTILE[0]
    assert computed["Personnel"]["D5"].value == "Zoë Ñúñez 李小龙 bell"
    assert computed["Summary"]["A1"].value == "Budget summary — =1+1 Ünïcødé ★ Org"
    assert computed["Personnel"]["C7"].value == "Ä" * 300
    # Figures still compute: twelve months of round($50,000 / 12) = $4,166.67.
    assert computed["Personnel"]["Q5"].value == pytest.approx(50000.04, abs=1e-9)


def test_empty_workspace_exports_and_reopens(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    write_budget_workbook(Workspace(), path, as_of=date(2024, 3, 1))
    computed = recalculate(path)
    assert computed["Summary"]["E15"].value == 0
    assert computed["Personnel"]["A4"].value == "Position"


def test_long_names_and_odd_characters(tmp_path: Path) -> None:
    workspace = hostile_workspace()
    long_org = dataclasses.replace(workspace.organization, name="X" * 5000 + "\x00\x1f")
    path = tmp_path / "long.xlsx"
    write_budget_workbook(dataclasses.replace(workspace, organization=long_org), path, fiscal_years=[2024])
    assert openpyxl.load_workbook(path)["Assumptions"]["B5"].value == "X" * 5000


def test_name_sanitizers() -> None:
    assert sheet_name("Budget: FY[2024]/draft?*") == "Budget_ FY_2024__draft__"
    assert len(sheet_name("x" * 80)) == 31
    assert sheet_name("''") == "Sheet"
    assert defined_name("Fringe rate") == "Fringe_rate"
    assert defined_name("A1") == "_A1"
    assert defined_name("1st") == "_1st"
    assert safe_text("a\x00b\tc\n") == "ab\tc\n"


def test_text_longer_than_a_cell_is_refused_naming_record_and_field(tmp_path: Path) -> None:
    # openpyxl writes any length and Excel holds 32,767 characters: the export refuses rather
    # than cut a title, and leaves the file that was there alone.
    workspace = hostile_workspace()
    long_title = dataclasses.replace(workspace.positions[1], title="T" * 40_000)
    workspace = dataclasses.replace(workspace, positions=(workspace.positions[0], long_title))
    path = tmp_path / "budget.xlsx"
    path.write_bytes(b"previous")
    with pytest.raises(InputError) as caught:
        write_budget_workbook(workspace, path, as_of=date(2024, 1, 1), fiscal_years=[2024])
    assert str(caught.value) == (
        "position 'p1' title is 40,000 characters long; a workbook cell holds at most 32,767 "
        "(Excel's limit), so no workbook was written: shorten it, or export JSON or PDF, which keep it whole"
    )
    assert path.read_bytes() == b"previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["budget.xlsx"]


def test_a_stream_funder_one_character_too_long_is_refused() -> None:
    workspace = hostile_workspace()
    stream = dataclasses.replace(workspace.streams[2], funder="F" * 32_768)
    workspace = dataclasses.replace(workspace, streams=(*workspace.streams[:2], stream, *workspace.streams[3:]))
    with pytest.raises(InputError, match=r"^funding stream 's2' funder is 32,768 characters long; "):
        write_budget_workbook(workspace, Path("/nonexistent/never.xlsx"), fiscal_years=[2024])


def test_text_of_exactly_a_cell_is_written_whole(tmp_path: Path) -> None:
    workspace = hostile_workspace()
    full = dataclasses.replace(workspace.positions[1], title="T" * 32_767)
    workspace = dataclasses.replace(workspace, positions=(workspace.positions[0], full))
    path = tmp_path / "full.xlsx"
    write_budget_workbook(workspace, path, as_of=date(2024, 1, 1), fiscal_years=[2024])
    titles = [c.value for c in openpyxl.load_workbook(path)["Personnel"]["C"]]
    assert "T" * 32_767 in titles


def test_text_made_longer_than_a_cell_is_refused_naming_the_cell() -> None:
    from openpyxl import Workbook

    from fundtracker.exports.xlsx_cells import SheetWriter

    sheet = Workbook().active
    assert sheet is not None
    sheet.title = "Notes"
    with pytest.raises(InputError, match=r"^the text for Notes!C4 \('xxxxx"):
        SheetWriter(sheet).text(4, 3, "x" * 32_768)
    assert sheet["C4"].value is None
