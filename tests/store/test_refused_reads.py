"""A refused read changes nothing: not the file's bytes, not its mtime, no sidecar files beside it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from fundtracker import cli
from fundtracker.domain.errors import WorkspaceError
from fundtracker.services.locations import quick_read
from fundtracker.services.workspace import WorkspaceService

CSV = "Date,Amount,Account,Class,Memo\n01/31/2022,10.00,Salaries,COMBAT,x\n"


def _state(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def _foreign(path: Path, journal: str) -> Path:
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA journal_mode={journal}")
    connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    connection.execute("INSERT INTO notes (body) VALUES ('keep me')")
    connection.commit()
    connection.close()
    return path


def _newer_workspace(path: Path) -> Path:
    assert cli.run_command(["sample", str(path), "--as-of", "2022-01-01"]) == 0
    connection = sqlite3.connect(path)
    connection.execute("UPDATE alembic_version SET version_num = 'f00dfeed9999'")
    connection.commit()
    connection.close()
    return path


KINDS = {
    "empty": lambda path: path.touch() or path,
    "foreign-rollback": lambda path: _foreign(path, "DELETE"),
    "foreign-wal": lambda path: _foreign(path, "WAL"),
    "newer": _newer_workspace,
    "not-sqlite": lambda path: path.write_bytes(b"PK\x03\x04 a zip, say") or path,
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_commands_refuse_a_file_that_is_not_a_workspace_and_leave_it_as_it_was(
    tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FUNDTRACKER_DATA_DIR", str(tmp_path / "data"))
    folder = tmp_path / "here"
    folder.mkdir()
    path = KINDS[kind](folder / "file.fundtracker")
    csv = tmp_path / "gl.csv"
    csv.write_text(CSV, encoding="utf-8")
    restore_into = tmp_path / "ws.fundtracker"
    assert cli.run_command(["sample", str(restore_into), "--as-of", "2022-01-01"]) == 0
    before = _state(folder)
    commands = [
        ["check", str(path)],
        ["runway", str(path)],
        ["export-json", str(path)],
        ["import", "actuals", str(path), str(csv)],
        ["import", "actuals", str(path), "--batches"],
        ["report", "budget-vs-actual", str(path)],
        ["award", str(path), "--application", "bja_cvi"],
        ["backup", str(path)],
        ["backup", str(restore_into), "--restore", str(path)],
    ]
    for argv in commands:
        assert cli.run_command(argv) == 1, argv
        assert _state(folder) == before, f"{argv} changed {path.name}"
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert quick_read(str(path)) is None
    with pytest.raises(WorkspaceError):
        WorkspaceService.open(path).close()
    assert _state(folder) == before
    assert not (tmp_path / "ws.fundtracker.backups").exists()  # the refused restore made no safety backup


def test_the_apps_first_look_leaves_no_sidecars(tmp_path: Path) -> None:
    """quick_read of a WAL workspace nobody has open reads it without making -wal/-shm files."""
    path = tmp_path / "ws.fundtracker"
    assert cli.run_command(["sample", str(path), "--as-of", "2022-01-01"]) == 0
    before = _state(tmp_path)
    assert quick_read(str(path)) is not None
    assert cli.run_command(["check", str(path)]) == 0
    assert _state(tmp_path) == before


def test_an_empty_file_may_still_become_the_workspace_it_was_made_for(tmp_path: Path) -> None:
    path = tmp_path / "new.fundtracker"
    path.touch()
    assert cli.run_command(["sample", str(path), "--force", "--as-of", "2022-01-01"]) == 0
    assert cli.run_command(["check", str(path)]) == 0


def test_a_read_only_read_sees_what_an_open_writer_committed(tmp_path: Path) -> None:
    """With the workspace open elsewhere (its -wal in use), a read goes through the WAL, not around it."""
    import dataclasses

    from fundtracker.services.locations import read_workspace

    path = tmp_path / "ws.fundtracker"
    assert cli.run_command(["sample", str(path), "--as-of", "2022-01-01"]) == 0
    with WorkspaceService.open(path) as writer:
        stream = writer.get("stream", "combat")
        writer.update("stream", "combat", dataclasses.replace(stream, name="Renamed, still in the WAL"))
        assert Path(f"{path}-wal").stat().st_size > 0
        assert read_workspace(path).stream("combat").name == "Renamed, still in the WAL"
        assert quick_read(str(path)).stream("combat").name == "Renamed, still in the WAL"  # type: ignore[union-attr]


@pytest.mark.postgres
def test_reading_an_empty_server_database_does_not_make_it_a_workspace(capsys: pytest.CaptureFixture[str]) -> None:
    from sqlalchemy import create_engine, inspect

    from tests.conftest import require_postgres

    url = require_postgres()
    for argv in (["check", url], ["runway", url], ["export-json", url], ["report", "budget-vs-actual", url]):
        assert cli.run_command(argv) == 1, argv
        captured = capsys.readouterr()
        assert "holds no workspace yet; nothing was changed" in captured.out + captured.err
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            assert inspect(connection).get_table_names() == []
    finally:
        engine.dispose()
