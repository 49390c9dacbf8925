"""The command line: import actuals (both import forms), undo, report budget-vs-actual, export budget."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from fundtracker import cli

CSV = """Date,Amount,Account,Class,Memo
01/31/2022,"4,333.33",Salaries,COMBAT,January payroll
01/31/2022,"1,083.33",Employee benefits,COMBAT,January benefits
02/10/2022,$120.00,Office supplies,,Phones
"""


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FUNDTRACKER_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "ws.fundtracker"
    assert cli.run_command(["sample", str(path), "--as-of", "2022-01-01"]) == 0
    return path


def test_import_report_and_undo(workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "gl.csv"
    source.write_text(CSV, encoding="utf-8")
    assert cli.run_command(["import", "actuals", str(workspace), str(source)]) == 0
    out = capsys.readouterr().out
    assert "imported 3 rows ($5,536.66) from gl.csv as batch import-" in out
    assert "1 row(s) matched no funding stream" in out
    batch = out.split("as batch ")[1].split(";")[0].split()[0]

    # Re-import: the duplicates are named and nothing goes in.
    assert cli.run_command(["import", "actuals", str(workspace), str(source)]) == 1
    err = capsys.readouterr().err
    assert err.count("already imported") == 3 and "nothing was imported (3 problem(s))" in err

    assert (
        cli.run_command(["report", "budget-vs-actual", str(workspace), "--as-of", "2022-02-01", "--format", "json"])
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    personnel = next(x for x in report["lines"] if (x["stream"], x["category"]) == ("combat", "personnel"))
    assert (personnel["budget"], personnel["actual"], personnel["variance"]) == ("12999.99", "4333.33", "8666.66")

    assert cli.run_command(["report", "budget-vs-actual", str(workspace), "--as-of", "2022-02-01"]) == 0
    table = capsys.readouterr().out
    assert "combat       personnel          12999.99        4333.33        8666.66   33.3%" in table

    assert cli.run_command(["import", "actuals", str(workspace), "--undo", batch]) == 0
    assert f"removed batch {batch} (3 rows)" in capsys.readouterr().out
    assert cli.run_command(["import", "actuals", str(workspace), str(source)]) == 0


def test_bad_rows_listed_and_mapping_remembered(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "bank.csv"
    source.write_text("Posted,Net,Note\n2022-01-05,12.00,a\n2022-01-06,oops,b\n13/40/2022,1,c\n", encoding="utf-8")
    args = ["import", "actuals", str(workspace), str(source), "--map", "date=Posted", "--map", "amount=Net"]
    assert cli.run_command([*args, "--map", "memo=Note", "--save-mapping", "bank"]) == 1
    err = capsys.readouterr().err
    assert "bank.csv: row 3: Net: not an amount: 'oops'" in err
    assert "bank.csv: row 4: Posted: not a date: '13/40/2022'" in err
    source.write_text("Posted,Net,Note\n2022-01-05,12.00,a\n", encoding="utf-8")
    assert cli.run_command([*args, "--save-mapping", "bank"]) == 0
    capsys.readouterr()
    # The saved mapping works by name, and the last one is used when it fits.
    source.write_text("Posted,Net,Note\n2022-01-07,13.00,b\n", encoding="utf-8")
    assert cli.run_command(["import", "actuals", str(workspace), str(source), "--mapping", "bank"]) == 0
    source.write_text("Posted,Net,Note\n2022-01-08,14.00,c\n", encoding="utf-8")
    assert cli.run_command(["import", "actuals", str(workspace), str(source), "--preview"]) == 0
    assert "row 2: 2022-01-08        14.00" in capsys.readouterr().out


def test_json_import_form_still_works(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "ws.json"
    assert cli.run_command(["sample", str(source), "--as-of", "2022-01-01"]) == 0
    target = tmp_path / "new.fundtracker"
    assert cli.run_command(["import", str(source), "--into", str(target)]) == 0
    assert "imported 5 streams" in capsys.readouterr().out
    assert cli.run_command(["import", str(source)]) == 1
    assert "--into WORKSPACE" in capsys.readouterr().err


def test_export_budget_command(workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "budget.xlsx"
    args = ["export", "budget", str(workspace), "-o", str(out), "--fiscal-years", "FY2023-2024", "--view", "secured"]
    assert cli.run_command(args) == 0
    assert f"wrote the budget workbook to {out}" in capsys.readouterr().out
    book = openpyxl.load_workbook(out)
    assert [c.value for c in book["Summary"][4]][2:6] == [
        "FY2023 federal",
        "FY2023 match (non-federal)",
        "FY2023 other sources",
        "FY2023 total",
    ]
    assert book["Assumptions"]["B12"].value == "secured"
    assert cli.run_command([*args[:5], "--fiscal-years", "2025-2023"]) == 1
    assert "--fiscal-years: '2025-2023' ends before it starts" in capsys.readouterr().err
    assert cli.run_command([*args[:5], "--scenario", "nope"]) == 1
    assert "no scenario with key 'nope'" in capsys.readouterr().err
