"""Rotating backups with the online backup API, and restoring one."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from fundtracker.cli import run_command
from fundtracker.domain.records import Workspace
from fundtracker.services.transfer import write_workspace_to
from fundtracker.services.workspace import WorkspaceService
from fundtracker.store import backups


@pytest.fixture
def sample_file(tmp_path: Path, sample: Workspace) -> Path:
    path = tmp_path / "s.fundtracker"
    write_workspace_to(sample, path, replace=False, action="sample")
    return path


def test_backup_is_a_complete_workspace_even_while_open(sample_file: Path, sample: Workspace) -> None:
    with WorkspaceService.open(sample_file) as service:
        service.delete("deadline", "appeal")  # sits in the WAL, not yet in the main file
        backup = backups.make_backup(sample_file, "open")
    with WorkspaceService.open(backup) as copy:
        assert copy.load().find("deadline", "appeal") is None
        assert copy.load().streams == sample.streams


def test_rotation_keeps_the_newest(sample_file: Path) -> None:
    start = datetime(2026, 1, 1, 9, 0, 0)
    for day in range(5):
        backups.make_backup(sample_file, "daily", keep=3, now=start + timedelta(days=day))
    kept = backups.list_backups(sample_file)
    assert [b.when.day for b in kept] == [5, 4, 3]


def test_daily_backup_only_when_due(sample_file: Path) -> None:
    now = datetime(2026, 3, 1, 12, 0, 0)
    assert backups.backup_if_due(sample_file, now=now) is not None
    assert backups.backup_if_due(sample_file, now=now + timedelta(hours=23)) is None
    assert backups.backup_if_due(sample_file, now=now + timedelta(hours=25)) is not None


def test_restore_brings_back_the_old_content(sample_file: Path, sample: Workspace) -> None:
    backup = backups.make_backup(sample_file, "manual")
    with WorkspaceService.open(sample_file) as service:
        combat = service.get("stream", "combat")
        service.update("stream", "combat", dataclasses.replace(combat, amount=1))
    safety = backups.restore(backup, sample_file)
    with WorkspaceService.open(sample_file) as service:
        assert service.load().stream("combat") == sample.stream("combat")
    with WorkspaceService.open(safety) as before_restore:
        assert before_restore.load().stream("combat").amount == 1


def test_backup_command(sample_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_command(["backup", str(sample_file)]) == 0
    assert "backed up to" in capsys.readouterr().out
    assert run_command(["backup", str(sample_file), "--list"]) == 0
    assert "manual" in capsys.readouterr().out
    not_a_backup = sample_file.parent / "x.fundtracker"
    not_a_backup.write_text("hello")
    assert run_command(["backup", str(sample_file), "--restore", str(not_a_backup)]) == 1
    assert "not a fundtracker workspace" in capsys.readouterr().err
