"""Write files so that a failure never leaves a half-written or clobbered target."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import socket
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from fundtracker.domain.errors import WorkspaceError

SQLITE_HEADER = b"SQLite format 3\x00"
# Files SQLite keeps beside a database while it is open; replacing one loses or corrupts its changes.
SIDECARS = ("-wal", "-shm", "-journal")


def refuse_unsafe_target(target: Path, protect: Iterable[str | Path] = (), *, databases: bool = True) -> None:
    """Refuse to write an output over a workspace, whatever the output is.

    Refused: the file of any location in ``protect`` (also through a symbolic or hard link),
    its ``-wal``/``-shm``/``-journal`` sidecars, the sidecar of any database, and (unless
    ``databases`` is False: an import into a workspace) any existing SQLite database (a workspace,
    its backup, another program's database): an export, report or copy never replaces one. Call
    it before the work (to refuse early); :func:`atomic_path` calls it again just before the rename.

    Raises:
        WorkspaceError: naming the target and what it is.
    """
    target = Path(target)
    for location in protect:
        text = str(location)
        if "://" in text or text == ":memory:":
            continue
        source = Path(text)
        for candidate in (source, *(Path(f"{source}{suffix}") for suffix in SIDECARS)):
            if _same_file(target, candidate):
                what = "the workspace" if candidate == source else f"the workspace's {candidate.name} file"
                raise WorkspaceError(f"{target}: is {what} {source}; write the output to another file")
    if databases and _is_sqlite_file(target):
        raise WorkspaceError(
            f"{target}: is a database (a workspace or its backup?); fundtracker never writes an output over one"
        )
    for suffix in SIDECARS:
        if target.name.endswith(suffix):
            base = target.with_name(target.name.removesuffix(suffix))
            if _is_sqlite_file(base):
                raise WorkspaceError(
                    f"{target}: is the {suffix} file of the database {base}; write the output to another file"
                )


def _same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` are one file (same device and inode; links followed), or one path."""
    try:
        return os.path.samefile(a, b)
    except OSError:  # one does not exist (yet): the same path is still the same file
        return os.path.abspath(a) == os.path.abspath(b) and b.exists()


def _is_sqlite_file(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


@contextlib.contextmanager
def atomic_path(target: Path, *, protect: Iterable[str | Path] = ()) -> Iterator[Path]:
    """Yield a temp path beside ``target``; on success rename it over ``target``.

    On any exception the temp file is removed and ``target`` is untouched. A target that is a
    database or a sidecar of one (or a file of ``protect``) is refused (:func:`refuse_unsafe_target`).
    """
    target = Path(target)
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise FileNotFoundError(errno.ENOENT, "folder does not exist", str(directory))
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "is a folder, not a file", str(target))
    refuse_unsafe_target(target, protect)
    remove_stale_temps(target)
    fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.{_HOST}-{os.getpid()}.", suffix=".tmp", dir=directory)
    os.close(fd)
    temp = Path(temp_name)
    try:
        yield temp
        with open(temp, "rb+") as handle:
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); give it the mode a newly created file gets.
        os.chmod(temp, 0o666 & ~_umask())
        refuse_unsafe_target(target, protect)  # again: the target may have changed while the output was made
        os.replace(temp, target)
    except BaseException:
        _remove_with_sidecars(temp)
        raise


# Temp files are named .TARGET.HOST-PID.RANDOM.tmp, so a later run can tell its own kind from other
# files and a dead writer's from a live one's (and leave another computer's alone on a shared folder).
_HOST = socket.gethostname().replace(".", "_").replace("-", "_") or "host"
_TEMP_PATTERN = r"^\.{name}\.(?:(?P<host>[^.]+)-(?P<pid>\d+)\.)?[A-Za-z0-9_]+\.tmp(?:-wal|-shm|-journal)?$"
# A temp file whose writer cannot be asked (another computer, an older fundtracker) is stale after this.
STALE_AFTER_S = 24 * 3600


def remove_stale_temps(target: Path) -> list[Path]:
    """Remove what killed runs left beside ``target``: their temp files and the temps' sidecars.

    A temp file of this computer is stale when its process is gone; one of another computer or of
    an older fundtracker (no owner in its name) when it is a day old. Returns what was removed.
    """
    target = Path(target)
    directory = target.parent if str(target.parent) else Path(".")
    removed: list[Path] = []
    pattern = re.compile(_TEMP_PATTERN.format(name=re.escape(target.name)))
    try:
        entries = list(directory.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = pattern.match(entry.name)
        if match is None:
            continue
        if match.group("host") == _HOST and match.group("pid") is not None:
            stale = not _alive(int(match.group("pid")))
        else:
            try:
                stale = time.time() - entry.stat().st_mtime > STALE_AFTER_S
            except OSError:
                continue
        if stale:
            with contextlib.suppress(OSError):
                entry.unlink()
                removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":  # os.kill(pid, 0) would end the process on Windows
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process: alive
        return True
    return True


def _remove_with_sidecars(path: Path) -> None:
    """Remove ``path`` and any -wal/-shm/-journal SQLite made beside it."""
    for candidate in (path, *(Path(f"{path}{suffix}") for suffix in SIDECARS)):
        with contextlib.suppress(OSError):
            candidate.unlink()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write_text(target: Path, text: str) -> None:
    with atomic_path(target) as temp:
        temp.write_text(text, encoding="utf-8")


def atomic_write(target: Path, writer: Callable[[Path], None]) -> None:
    """Call ``writer(temp_path)``, then move the result over ``target``."""
    with atomic_path(target) as temp:
        writer(temp)
