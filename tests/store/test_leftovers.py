"""A failed command removes what it made; a killed one's temp files are removed by the next run."""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from fundtracker import cli
from fundtracker.domain.errors import WorkspaceError
from fundtracker.store import atomic

SOURCE_AS_OF = ["--as-of", "2022-01-01"]


@contextlib.contextmanager
def small_disk(size_kib: int) -> Iterator[Path | None]:
    """A folder on a file system of ``size_kib`` (a tmpfs; root only), or None where none can be made."""
    if os.geteuid() != 0:
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="fundtracker-full-"))
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kib}k", "tmpfs", str(folder)]).returncode:
        folder.rmdir()
        yield None
        return
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)
        folder.rmdir()


def _listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def _fill(folder: Path) -> None:
    """Fill the file system to the last byte."""
    fd = os.open(folder / "filler", os.O_WRONLY | os.O_CREAT)
    try:
        for size in (65536, 4096, 1):
            with contextlib.suppress(OSError):
                while True:
                    os.write(fd, b"\0" * size)
    finally:
        os.close(fd)


def test_failures_on_a_full_disk_leave_nothing_behind(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "s.json"
    assert cli.run_command(["sample", str(source), *SOURCE_AS_OF]) == 0
    with small_disk(1000) as disk:  # room to make the sample (its schema holds the award tables), then filled
        if disk is None:
            pytest.skip("no tmpfs here (not root); the injected failure below covers the cleanup")
        workspace = disk / "ws.fundtracker"
        assert cli.run_command(["sample", str(workspace), *SOURCE_AS_OF]) == 0
        _fill(disk)
        before = _listing(disk)
        capsys.readouterr()
        for argv in (
            ["import", str(source), "--into", str(disk / "new.fundtracker")],
            ["sample", str(disk / "other.fundtracker")],
            ["export-json", str(workspace), "-o", str(disk / "out.json")],
            ["export", "budget", str(workspace), "-o", str(disk / "b.xlsx"), "--fiscal-years", "2022"],
            ["backup", str(workspace)],
        ):
            assert cli.run_command(argv) == 1, argv
            assert _listing(disk) == before, argv
        err = capsys.readouterr().err
        assert "Traceback" not in err and ".tmp" not in err  # the target is named, not its temp file
        assert cli.run_command(["check", str(workspace)]) == 0


def test_a_failed_import_removes_its_temp_database_and_sidecars(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same as a full disk, injected: the failure comes after SQLite made -wal and -shm."""
    from fundtracker.services import transfer

    source = tmp_path / "s.json"
    assert cli.run_command(["sample", str(source), *SOURCE_AS_OF]) == 0
    seen: list[list[str]] = []

    def full(service: object) -> None:
        seen.append(sorted(p.name for p in tmp_path.iterdir()))
        raise WorkspaceError(f"{service.location}: could not save: database or disk is full")  # type: ignore[attr-defined]

    monkeypatch.setattr(transfer, "_checkpoint", full)
    assert cli.run_command(["import", str(source), "--into", str(tmp_path / "new.fundtracker")]) == 1
    assert any(name.endswith(".tmp-wal") for name in seen[0])  # the sidecars existed …
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.json"]  # … and are gone


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def _temp_names(target: Path, owner: str) -> list[Path]:
    base = target.parent / f".{target.name}.{owner}.abc123_x.tmp"
    return [base, Path(f"{base}-wal"), Path(f"{base}-shm")]


def test_the_next_run_removes_a_dead_writers_temp_files_only(tmp_path: Path) -> None:
    target = tmp_path / "ws.fundtracker"
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        dead = _temp_names(target, f"{atomic._HOST}-{_dead_pid()}")
        live = _temp_names(target, f"{atomic._HOST}-{sleeper.pid}")
        elsewhere = _temp_names(target, f"otherhost-{_dead_pid()}")
        old_elsewhere = _temp_names(target, "otherhost-1")[:1]
        legacy = [tmp_path / f".{target.name}.k3j4h5g6.tmp"]
        unrelated = [tmp_path / f".other.fundtracker.{atomic._HOST}-{_dead_pid()}.abc123_x.tmp", tmp_path / "notes.tmp"]
        for path in dead + live + elsewhere + old_elsewhere + legacy + unrelated:
            path.write_bytes(b"x")
        two_days_ago = time.time() - 2 * 24 * 3600
        for path in old_elsewhere + legacy:
            os.utime(path, (two_days_ago, two_days_ago))
        assert cli.run_command(["sample", str(target), *SOURCE_AS_OF]) == 0
        left = {p.name for p in tmp_path.iterdir()}
        assert left == {target.name, *(p.name for p in live + elsewhere + unrelated)}
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_killed_export_leaves_a_temp_file_the_next_run_removes(tmp_path: Path) -> None:
    """SIGKILL while the output is being written (the writer says when), then run again."""
    target = tmp_path / "out.json"
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "from fundtracker.store.atomic import atomic_path\n"
        "with atomic_path(Path(sys.argv[1])) as temp:\n"
        "    temp.write_text('half')\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(60)\n"
    )
    writer = subprocess.Popen([sys.executable, "-c", code, str(target)], stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None and writer.stdout.readline().strip() == "writing"
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]  # the kill left it
    source = tmp_path / "s.json"
    assert cli.run_command(["sample", str(source), *SOURCE_AS_OF]) == 0
    assert cli.run_command(["export-json", str(source), "-o", str(target)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "s.json"]
    sqlite3.connect(":memory:").close()
