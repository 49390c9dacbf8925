"""Files are written to a temp file and renamed: failures leave the target as it was."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fundtracker.store.atomic import atomic_path, atomic_write_text


def test_failure_leaves_the_old_file_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_path(target) as temp:
        temp.write_text("half", encoding="utf-8")
        raise RuntimeError("disk full")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_missing_folder_names_the_folder_not_a_temp_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError) as info:
        atomic_write_text(tmp_path / "nowhere" / "x.pdf", "x")
    assert info.value.filename == str(tmp_path / "nowhere")
    assert info.value.strerror == "folder does not exist"


def test_written_files_get_the_usual_mode(tmp_path: Path) -> None:
    target = tmp_path / "shared.json"
    atomic_write_text(target, "{}")
    mask = os.umask(0)
    os.umask(mask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask
