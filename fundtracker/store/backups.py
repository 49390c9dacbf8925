"""Rotating backups of a SQLite workspace, made with SQLite's online backup API.

Backups live in a folder beside the workspace, ``NAME.backups/``, as complete
workspace files named ``YYYYmmdd-HHMMSS-REASON.fundtracker``. The app makes one on
open and one a day while it runs; the newest :data:`KEEP` are kept. A workspace on a
database server is backed up by the server's own tools (pg_dump), not here.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from fundtracker.domain.errors import WorkspaceError
from fundtracker.store.reading import connect_read_only

KEEP = 10
DAILY = timedelta(days=1)
_NAME_RE = re.compile(r"^(\d{8}-\d{6}(?:-\d{6})?)-([a-z-]+)\.fundtracker$")


@dataclass(frozen=True)
class Backup:
    path: Path
    when: datetime
    reason: str


def backup_folder(workspace: Path) -> Path:
    return workspace.with_name(f"{workspace.name}.backups")


def copy_database(source: Path, target: Path) -> None:
    """Copy a live SQLite database consistently (readers and writers may be active)."""
    src = connect_read_only(source, timeout=5)  # the source is only read: no WAL switch, no sidecars
    try:
        dest = sqlite3.connect(str(target), timeout=5)
        try:
            src.backup(dest)
        finally:
            dest.close()
    finally:
        src.close()


def write_copy(source: Path, target: Path) -> None:
    """Copy the database ``source`` to a new file ``target``, whole or not at all.

    Made beside the target and renamed into place (:func:`atomic_path`), so a kill or a full disk
    never leaves a partial copy under a backup's name, and a failure removes its temp files.
    """
    from fundtracker.store.atomic import atomic_path

    with atomic_path(target) as temp:
        temp.unlink()  # SQLite makes the database itself
        copy_database(source, temp)


def make_backup(workspace: Path, reason: str, *, keep: int = KEEP, now: datetime | None = None) -> Path:
    """Back up ``workspace`` now and drop the oldest backups beyond ``keep``."""
    if not re.fullmatch(r"[a-z-]+", reason):
        raise ValueError("a backup reason is lowercase letters and '-'")
    folder = backup_folder(workspace)
    made_folder = not folder.exists()
    folder.mkdir(exist_ok=True)
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{stamp}-{reason}.fundtracker"
    try:
        write_copy(workspace, target)
    except (sqlite3.Error, OSError) as exc:
        if made_folder:  # leave no empty backup folder behind a failed first backup
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise WorkspaceError(f"{workspace}: backup failed: {exc}") from exc
    for old in list_backups(workspace)[keep:]:
        old.path.unlink(missing_ok=True)
    return target


def list_backups(workspace: Path) -> list[Backup]:
    """Backups of ``workspace``, newest first."""
    folder = backup_folder(workspace)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = _NAME_RE.match(path.name)
        if not match:
            continue
        stamp = match.group(1)
        fmt = "%Y%m%d-%H%M%S-%f" if stamp.count("-") == 2 else "%Y%m%d-%H%M%S"
        found.append(Backup(path, datetime.strptime(stamp, fmt), match.group(2)))
    return sorted(found, key=lambda b: b.when, reverse=True)


def backup_if_due(workspace: Path, *, now: datetime | None = None) -> Path | None:
    """A daily backup, when the newest one is a day old (or there is none)."""
    now = now or datetime.now()
    backups = list_backups(workspace)
    if backups and now - backups[0].when < DAILY:
        return None
    return make_backup(workspace, "daily", now=now)


def restore(backup: Path, workspace: Path) -> Path:
    """Put ``backup``'s content into ``workspace`` (backing up the current state first).

    Close every connection to the workspace before calling. Returns the safety backup.
    """
    from fundtracker.store.database import identify  # database imports this module

    if identify(backup) is None:  # reads it only: a refused backup is left as it was
        raise WorkspaceError(f"{backup}: not a workspace backup")
    if backup.exists() and workspace.exists() and backup.samefile(workspace):
        raise WorkspaceError(f"{backup}: is the workspace itself, not a backup of it; choose one from --list")
    safety = make_backup(workspace, "before-restore")
    copy_database(backup, workspace)
    return safety
