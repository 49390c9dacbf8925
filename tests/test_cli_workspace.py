"""The workspace commands: sample, import, export-json, check; exit codes and one-line errors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from fundtracker.cli import run_command


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = run_command(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_sample_check_export_import_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "s.fundtracker"
    assert run(capsys, "sample", str(ws), "--as-of", "2022-01-01")[0] == 0
    code, out, _ = run(capsys, "check", str(ws))
    assert (code, out.strip()) == (0, f"{ws}: ok")
    first = tmp_path / "first.json"
    assert run(capsys, "export-json", str(ws), "-o", str(first))[0] == 0
    second_ws = tmp_path / "again.fundtracker"
    assert run(capsys, "import", str(first), "--into", str(second_ws))[0] == 0
    code, exported, _ = run(capsys, "export-json", str(second_ws))
    assert code == 0
    assert exported == first.read_text(encoding="utf-8")
    assert '"amount": "78268.00"' in exported


def test_sample_dates_follow_as_of(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s.json"
    assert run(capsys, "sample", str(out), "--as-of", "2026-11-28")[0] == 0
    text = out.read_text(encoding="utf-8")
    assert '"start": "2026-11-01",\n      "end": "2027-10-31"' in text  # COMBAT's guaranteed year


def test_check_names_broken_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "s.fundtracker"
    run(capsys, "sample", str(ws), "--as-of", "2022-01-01")
    connection = sqlite3.connect(ws)
    connection.execute("UPDATE position SET fte = '3' WHERE key = 'adv2'")
    connection.commit()
    connection.close()
    code, out, err = run(capsys, "check", str(ws))
    assert code == 1
    assert "problem: position 'adv2': fte: FTE 3 is outside 0–1.5" in out
    assert "1 problem(s)" in err


def test_check_reports_a_damaged_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "s.fundtracker"
    ws.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    code, out, _ = run(capsys, "check", str(ws))
    assert code == 1
    assert "damaged database" in out or "not a fundtracker workspace" in out


def test_errors_are_one_line_without_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "fundtracker-workspace", "version": 1, "funding_streams": [{"key": 1}]}')
    code, _, err = run(capsys, "import", str(bad), "--into", str(tmp_path / "x.fundtracker"))
    assert code == 1
    assert err == "fundtracker: error: funding_streams[0].key: must be text, got 1\n"
    assert not (tmp_path / "x.fundtracker").exists()


def test_import_never_overwrites_without_replace(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "s.fundtracker"
    run(capsys, "sample", str(ws), "--as-of", "2022-01-01")
    before = ws.read_bytes()
    code, _, err = run(capsys, "sample", str(ws))
    assert code == 1 and "already exists" in err
    assert ws.read_bytes() == before


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        run_command(["check"])
    assert info.value.code == 2
    assert "the following arguments are required: workspace" in capsys.readouterr().err


def test_help_lists_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run_command(["--help"])
    out = capsys.readouterr().out
    for command in ("sample", "import", "export-json", "check"):
        assert command in out


def test_a_closed_pipe_ends_quietly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`fundtracker export-json WS | head`: the reader going away is not an error."""
    from fundtracker.commands import workspace as commands

    def reader_gone(args: object) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    ws = tmp_path / "s.json"
    assert run_command(["sample", str(ws), "--as-of", "2022-01-01"]) == 0
    capsys.readouterr()
    monkeypatch.setattr(commands, "run_export_json", reader_gone)
    assert run(capsys, "export-json", str(ws)) == (0, "", "")


def test_export_refuses_a_file_name_of_the_wrong_kind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "s.json"
    run(capsys, "sample", str(ws), "--as-of", "2022-01-01")
    code, _, err = run(capsys, "export", "application", str(ws), "--application", "bja_cvi", "-o", "out.xlsx")
    assert (code, err) == (
        1,
        "fundtracker: error: -o: an application is written as .pdf or .docx; name the file out.pdf or out.docx\n",
    )
    code, _, err = run(capsys, "export", "budget", str(ws), "-o", str(tmp_path / "b.pdf"))
    assert code == 1 and "a budget workbook is written as .xlsx" in err
    assert not (tmp_path / "b.pdf").exists()


def test_import_actuals_without_its_operands_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ws = tmp_path / "s.fundtracker"
    run(capsys, "sample", str(ws), "--as-of", "2022-01-01")
    code, _, err = run(capsys, "import", "actuals", str(ws))
    assert code == 2 and err.startswith("usage: fundtracker import actuals WORKSPACE FILE")
    assert run(capsys, "import", "actuals", str(ws), "--batches") == (0, f"no imported batches in {ws}\n", "")


def test_restore_takes_a_backup_name_from_the_list(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from fundtracker.store.backups import list_backups

    ws = tmp_path / "s.fundtracker"
    run(capsys, "sample", str(ws), "--as-of", "2022-01-01")
    assert run(capsys, "backup", str(ws))[0] == 0
    name = list_backups(ws)[0].path.name
    code, out, _ = run(capsys, "backup", str(ws), "--restore", name)
    assert code == 0 and out.startswith(f"restored {ws} from {name}")
