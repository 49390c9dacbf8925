"""CSV outputs never hold a cell a spreadsheet would run; numbers stay numbers. One rule with the workbook."""

from __future__ import annotations

import csv
import dataclasses
import io
from pathlib import Path

import openpyxl
import pytest

from fundtracker import cli
from fundtracker.exports import spreadsheet_text, xlsx_cells
from fundtracker.exports.spreadsheet_text import csv_cell
from fundtracker.services.workspace import WorkspaceService

HOSTILE = ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3+cmd|' /C calc'!A0", "@SUM(A1:A9)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_formula_start_becomes_text(text: str) -> None:
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["-1234.56", "-5", "0.00", "2022-01", "Salaries", "", "a=b"])
def test_numbers_and_ordinary_text_are_left_alone(text: str) -> None:
    assert csv_cell(text) == text


def test_the_workbook_uses_the_same_rule(tmp_path: Path) -> None:
    assert xlsx_cells.starts_like_formula is spreadsheet_text.starts_like_formula
    book = openpyxl.Workbook()
    writer = xlsx_cells.SheetWriter(book.active)
    for row, text in enumerate(HOSTILE, start=1):
        writer.text(row, 1, text)
    book.save(tmp_path / "t.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    for row, text in enumerate(HOSTILE, start=1):
        cell = sheet.cell(row=row, column=1)
        assert cell.data_type == "s" and cell.quotePrefix, text


def test_the_budget_vs_actual_csv_neutralises_users_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FUNDTRACKER_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "ws.fundtracker"
    assert cli.run_command(["sample", str(path), "--as-of", "2022-01-01"]) == 0
    with WorkspaceService.open(path) as service:
        stream = service.get("stream", "combat")
        service.update("stream", "combat", dataclasses.replace(stream, name=HOSTILE[0]))
    capsys.readouterr()
    assert cli.run_command(["report", "budget-vs-actual", str(path), "--format", "csv", "--as-of", "2022-03-01"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    names = {row["stream_name"] for row in rows if row["stream"] == "combat"}
    assert names == {"'" + HOSTILE[0]}
    for row in rows:
        for value in row.values():
            assert not value.startswith(spreadsheet_text.FORMULA_START) or value.lstrip("-").replace(".", "").isdigit()


def test_the_runway_csv_keeps_negative_figures_as_numbers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "ws.json"
    assert cli.run_command(["sample", str(path), "--as-of", "2022-01-01"]) == 0
    capsys.readouterr()
    assert cli.run_command(["runway", str(path), "--format", "csv", "--start", "2022-01", "--months", "60"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith("'") for cell in cells)
    assert all(float(cell) == float(cell) for row in rows[1:] for cell in row[1:])  # every figure is a number
