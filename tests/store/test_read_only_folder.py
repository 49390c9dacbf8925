"""A sound workspace in a folder nobody may write to: ``check`` says ok, reads work, nothing is written.

Root ignores file permissions, so as root the folder is made read-only for real: a read-only bind
mount (EROFS for everyone), or where mounting is not allowed, the command runs as ``nobody``.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from fundtracker import cli
from tests.conftest import IN_CI

Runner = Callable[[list[str]], tuple[int, str]]


def _in_process(argv: list[str]) -> tuple[int, str]:
    import io
    from contextlib import redirect_stderr, redirect_stdout

    out = io.StringIO()
    with redirect_stdout(out), redirect_stderr(out):
        code = cli.run_command(argv)
    return code, out.getvalue()


def _as_nobody(argv: list[str]) -> tuple[int, str]:
    """Run the command in a forked child that has become ``nobody`` (root's permissions dropped).

    The child cannot import what ``nobody`` may not read (an interpreter under /root), so the
    command runs once here first, on a copy, to load every module it needs.
    """
    user = pwd.getpwnam("nobody")
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "ws.fundtracker"
        shutil.copy(argv[1], copy)
        _in_process([copy.as_posix() if part == argv[1] else part for part in argv])
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            os.close(read)
            sys.stdout = sys.stderr = os.fdopen(write, "w")  # not pytest's capture: the parent reads this
            os.setgid(user.pw_gid)
            os.setuid(user.pw_uid)
            code = cli.run_command(argv)
            sys.stdout.flush()
            sys.stderr.flush()
        except BaseException:
            code = 99
        os._exit(code)
    os.close(write)
    with os.fdopen(read) as pipe:
        out = pipe.read()
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), out


@contextlib.contextmanager
def read_only_folder(make: Callable[[Path], None]) -> Iterator[tuple[Path, Runner]]:
    """A folder holding what ``make`` put there, then made read-only; and how to run commands on it."""
    base = Path(tempfile.mkdtemp(prefix="fundtracker-ro-", dir="/tmp"))
    base.chmod(0o755)
    folder = base / "folder"
    folder.mkdir()
    make(folder)
    try:
        if os.geteuid() != 0:
            folder.chmod(0o555)
            try:
                yield folder, _in_process
            finally:
                folder.chmod(0o755)
            return
        view = base / "view"
        view.mkdir()
        mounted = subprocess.run(["mount", "--bind", str(folder), str(view)], capture_output=True).returncode == 0
        if mounted and subprocess.run(["mount", "-o", "remount,ro,bind", str(view)], capture_output=True).returncode:
            subprocess.run(["umount", str(view)], check=True)
            mounted = False
        if mounted:
            try:
                yield view, _in_process
            finally:
                subprocess.run(["umount", str(view)], check=True)
            return
        try:
            pwd.getpwnam("nobody")
        except KeyError:
            if IN_CI:
                pytest.fail("as root without mount or a 'nobody' user there is no way to make a read-only folder")
            pytest.skip("no way to make a read-only folder for root here")
        for path in [folder, *folder.iterdir()]:
            path.chmod(0o555 if path.is_dir() else 0o444)
        yield folder, _as_nobody
    finally:
        for path in [folder, *folder.iterdir()] if folder.exists() else []:
            path.chmod(0o755 if path.is_dir() else 0o644)
        shutil.rmtree(base, ignore_errors=True)


def _sample(folder: Path) -> None:
    assert cli.run_command(["sample", str(folder / "ws.fundtracker"), "--as-of", "2022-01-01"]) == 0


def _sample_with_unsaved_wal(folder: Path) -> None:
    """The workspace as a crash leaves it: a change still in the -wal (with its -shm)."""
    _sample(folder)
    code = (
        "import os, sqlite3; c = sqlite3.connect(os.environ['WS']); c.execute('PRAGMA wal_autocheckpoint=0');"
        "c.execute(\"UPDATE organization SET name = 'Renamed before the crash'\"); c.commit(); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, env={**os.environ, "WS": str(folder / "ws.fundtracker")})
    assert (folder / "ws.fundtracker-wal").stat().st_size > 0


def _state(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("make", [_sample, _sample_with_unsaved_wal], ids=["closed", "unsaved-wal"])
def test_check_and_reads_work_in_a_read_only_folder(make: Callable[[Path], None]) -> None:
    with read_only_folder(make) as (folder, run):
        workspace = str(folder / "ws.fundtracker")
        before = _state(folder)
        code, out = run(["check", workspace])
        assert (code, out.strip()) == (0, f"{workspace}: ok")
        code, out = run(["export-json", workspace])
        assert code == 0, out
        if make is _sample_with_unsaved_wal:
            assert "Renamed before the crash" in out  # the -wal's change is read, not skipped
        code, out = run(["runway", workspace, "--months", "2"])
        assert code == 0, out
        code, out = run(["award", workspace, "--application", "bja_cvi"])
        assert code == 1 and "read-only" in out
        assert _state(folder) == before


def test_a_missing_shm_in_a_read_only_folder_is_explained() -> None:
    def make(folder: Path) -> None:
        _sample_with_unsaved_wal(folder)
        (folder / "ws.fundtracker-shm").unlink()

    with read_only_folder(make) as (folder, run):
        code, out = run(["check", str(folder / "ws.fundtracker")])
        assert code == 1 and "cannot be made in this read-only folder" in out, out


def test_the_wal_test_really_leaves_a_wal() -> None:
    """The crash simulation is what it claims: sqlite3 alone sees the change only with the -wal."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        _sample_with_unsaved_wal(folder)
        connection = sqlite3.connect(folder / "ws.fundtracker")
        assert connection.execute("SELECT name FROM organization").fetchone() == ("Renamed before the crash",)
        connection.close()
