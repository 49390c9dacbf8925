"""No output ever replaces a workspace: not the one read, not through a link, not its sidecars."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from fundtracker import cli
from fundtracker.domain.errors import WorkspaceError
from fundtracker.store.atomic import atomic_write_text


def _fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def _sample(path: Path) -> Path:
    assert cli.run_command(["sample", str(path), "--as-of", "2022-01-01"]) == 0
    return path


@pytest.mark.parametrize(
    ("name", "command"),
    [
        ("ws", ["export-json", "{ws}", "-o", "{ws}"]),
        ("ws.json", ["export-json", "{ws}", "-o", "{ws}"]),
        ("ws.pdf", ["export", "application", "{ws}", "--application", "bja_cvi", "-o", "{ws}"]),
        ("ws.docx", ["export", "application", "{ws}", "--application", "bja_cvi", "-o", "{ws}"]),
        ("ws.xlsx", ["export", "budget", "{ws}", "-o", "{ws}"]),
        ("ws.json", ["import", "{ws}", "--into", "{ws}", "--replace"]),
        ("ws.fundtracker", ["copy", "{ws}", "{ws}-wal", "--replace"]),
    ],
)
def test_an_output_named_like_the_workspace_is_refused(
    tmp_path: Path, name: str, command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = _sample(tmp_path / name)
    before = _fingerprint(workspace)
    capsys.readouterr()
    assert cli.run_command([part.format(ws=workspace) for part in command]) == 1
    assert "write the output to another file" in capsys.readouterr().err
    assert _fingerprint(workspace) == before


@pytest.mark.parametrize("link", ["symlink", "hardlink", "wal", "shm", "other-database"])
def test_an_output_that_is_the_workspace_by_another_name_is_refused(
    tmp_path: Path, link: str, capsys: pytest.CaptureFixture[str]
) -> None:
    workspace = _sample(tmp_path / "ws.fundtracker")
    if link == "symlink":
        output = tmp_path / "out.json"
        output.symlink_to(workspace)
    elif link == "hardlink":
        output = tmp_path / "out.json"
        os.link(workspace, output)
    elif link in ("wal", "shm"):
        output = Path(f"{workspace}-{link}")
    else:
        output = _sample(tmp_path / "other.fundtracker")
    before = _fingerprint(workspace)
    capsys.readouterr()
    for command in (
        ["export-json", str(workspace), "-o", str(output)],
        ["export-json", str(tmp_path / "ws.fundtracker"), "-o", str(output)],
    ):
        assert cli.run_command(command) == 1
        assert str(output) in capsys.readouterr().err
    assert _fingerprint(workspace) == before
    if link != "other-database":
        assert not output.exists() or output.samefile(workspace) or output.stat().st_size == 0


def test_every_atomic_writer_refuses_a_database(tmp_path: Path) -> None:
    """The mappings file, a workbook, a PDF: whatever writes through atomic_path never replaces a database."""
    workspace = _sample(tmp_path / "ws.fundtracker")
    before = _fingerprint(workspace)
    with pytest.raises(WorkspaceError, match="is a database"):
        atomic_write_text(workspace, "{}")
    assert _fingerprint(workspace) == before
    assert [p.name for p in tmp_path.iterdir()] == ["ws.fundtracker"]  # no temp file left


def test_import_into_an_existing_workspace_still_replaces_it(tmp_path: Path) -> None:
    source = _sample(tmp_path / "s.json")
    workspace = _sample(tmp_path / "ws.fundtracker")
    assert cli.run_command(["import", str(source), "--into", str(workspace), "--replace"]) == 0


def test_restoring_a_workspace_from_itself_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    workspace = _sample(tmp_path / "ws.fundtracker")
    link = tmp_path / "same.fundtracker"
    link.symlink_to(workspace)
    capsys.readouterr()
    assert cli.run_command(["backup", str(workspace), "--restore", str(link)]) == 1
    assert "is the workspace itself" in capsys.readouterr().err
    assert not (tmp_path / "ws.fundtracker.backups").exists()
