"""Damaged, truncated, foreign and read-only workspace files: clear messages, nothing half-written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fundtracker.domain.errors import WorkspaceError
from fundtracker.domain.records import Workspace
from fundtracker.services.integrity import check_workspace
from fundtracker.services.transfer import write_workspace_to
from fundtracker.services.workspace import WorkspaceService


@pytest.fixture
def sample_file(tmp_path: Path, sample: Workspace) -> Path:
    path = tmp_path / "s.fundtracker"
    write_workspace_to(sample, path, replace=False, action="sample")
    return path


def test_truncated_file(sample_file: Path) -> None:
    data = sample_file.read_bytes()
    sample_file.write_bytes(data[: len(data) // 3])
    problems = check_workspace(str(sample_file))
    assert problems and "damaged database" in problems[0]
    with pytest.raises(WorkspaceError, match=str(sample_file)), WorkspaceService.open(sample_file) as service:
        service.load()


def test_garbage_inside_a_sqlite_file(sample_file: Path) -> None:
    data = bytearray(sample_file.read_bytes())
    data[4096:8192] = b"\x00\xff" * 2048
    sample_file.write_bytes(bytes(data))
    problems = check_workspace(str(sample_file))
    assert problems
    assert all(str(sample_file) in p for p in problems)


def test_read_only_folder_opens_read_only(
    sample_file: Path, sample: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Simulated (tests run as root in CI, where permissions don't bind): the folder is not writable."""
    real_access = os.access

    def no_writes(path: object, mode: int, **kwargs: object) -> bool:
        if mode & os.W_OK and str(path).startswith(str(sample_file.parent)):
            return False
        return real_access(path, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", no_writes)
    before = sample_file.read_bytes()
    with WorkspaceService.open(sample_file) as service:
        assert service.read_only
        assert service.load() == sample
        with pytest.raises(WorkspaceError, match="opened read-only"):
            service.delete("deadline", "appeal")
    assert sample_file.read_bytes() == before
    assert not Path(f"{sample_file}-wal").exists()
