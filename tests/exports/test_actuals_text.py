"""One rule for text in every path: what the actuals import takes in, workspace JSON takes back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fundtracker import cli
from fundtracker.domain.errors import InputError, ValidationError
from fundtracker.domain.records import Actual, Workspace
from fundtracker.domain.text import MAX_TEXT_CHARS, text_problem
from fundtracker.domain.validation import validate_workspace
from fundtracker.store import json_format

HEADER = "Date,Amount,Account,Class,Memo\n"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FUNDTRACKER_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "ws.fundtracker"
    assert cli.run_command(["sample", str(path), "--as-of", "2022-01-01"]) == 0
    return path


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("a\x00b", "NUL character (U+0000) at character 2"),
        ("bell\x07", "control character (U+0007)"),
        ("\x1b[31m", "control character (U+001B)"),
        ("half \ud83d pair", "lone surrogate (U+D83D)"),
    ],
)
def test_the_rule_refuses_and_says_where(text: str, found: str) -> None:
    problem = text_problem(text)
    assert problem is not None and found in problem


@pytest.mark.parametrize("text", ["", "tab\there", "two\nlines\r\n", "Café — 東京 🎉", "\x7f del is printable enough"])
def test_the_rule_accepts_ordinary_text(text: str) -> None:
    assert text_problem(text) is None


def test_the_rule_has_a_length_limit() -> None:
    assert text_problem("x" * MAX_TEXT_CHARS) is None
    assert "at most 1,000,000" in (text_problem("x" * (MAX_TEXT_CHARS + 1)) or "")


def test_a_nul_in_a_memo_is_refused_naming_the_row(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "gl.csv"
    source.write_bytes(
        (
            HEADER + '01/31/2022,"4,333.33",Salaries,COMBAT,January payroll\n02/01/2022,10.00,Supplies,,Pa\x00per\n'
        ).encode()
    )
    assert cli.run_command(["import", "actuals", str(workspace), str(source)]) == 1
    err = capsys.readouterr().err
    assert "row 3: Memo: contains a NUL character (U+0000) at character 3" in err
    assert "nothing was imported" in err


def test_what_the_import_takes_round_trips_through_workspace_json(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The file also has a NUL row: skipped by name; the rest (tabs, line breaks, accents) imports and
    # the workspace's own export-json then imports again, equal.
    source = tmp_path / "gl.csv"
    source.write_bytes(
        (
            HEADER
            + '01/31/2022,"4,333.33",Salaries,COMBAT,"January\tpayroll\r\nsecond line"\n'
            + "02/01/2022,10.00,Supplies,,Pa\x00per\n"
            + "02/02/2022,12.00,Supplies,,Café 東京\n"
        ).encode()
    )
    assert cli.run_command(["import", "actuals", str(workspace), str(source), "--skip-bad-rows"]) == 0
    assert "skipped bad rows 3" in capsys.readouterr().out
    exported = tmp_path / "ws.json"
    assert cli.run_command(["export-json", str(workspace), "-o", str(exported)]) == 0
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert [a["memo"] for a in data["actuals"]] == ["January\tpayroll\r\nsecond line", "Café 東京"]
    copy = tmp_path / "copy.fundtracker"
    assert cli.run_command(["import", str(exported), "--into", str(copy)]) == 0
    again = tmp_path / "again.json"
    assert cli.run_command(["export-json", str(copy), "-o", str(again)]) == 0
    assert json.loads(again.read_text(encoding="utf-8")) == data


@pytest.mark.parametrize("bad", ["\u0000", "\u0001", "\ud800"])
def test_workspace_json_refuses_the_same_text(sample: Workspace, bad: str) -> None:
    data = json_format.workspace_to_dict(sample)
    data["deadlines"][0]["notes"] = f"x{bad}y"
    text = json.dumps(data)  # ASCII escapes: the JSON itself is valid
    with pytest.raises(InputError, match=r"deadlines\[0\]\.notes: contains"):
        json_format.loads(text)
    data["deadlines"][0]["notes"] = "ok"
    data["applications"][0]["budget_justification"] = {f"personnel{bad}": "text"}
    with pytest.raises(InputError, match=r"budget_justification \(a category name\): contains"):
        json_format.loads(json.dumps(data))


def test_validation_applies_the_rule_to_every_record(sample: Workspace) -> None:
    import dataclasses
    from datetime import date

    bad = dataclasses.replace(
        sample,
        actuals=(Actual("a1", date(2022, 1, 3), 100, memo="x\x00y"),),
        organization=dataclasses.replace(sample.organization, address="line\x0bbreak"),
    )
    problems = [str(p) for p in validate_workspace(bad)]
    assert any(p.startswith("actual 'a1': memo: contains a NUL") for p in problems)
    assert any(p.startswith("organization: address: contains a control character (U+000B)") for p in problems)
    with pytest.raises((InputError, ValidationError), match="contains a control character"):
        json_format.loads(json_format.dumps(bad))
