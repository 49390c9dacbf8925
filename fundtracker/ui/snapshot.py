"""A start-up snapshot: the last workspace shown, so the dashboard can paint before the database opens.

Opening a workspace needs SQLAlchemy, SQLModel and Alembic, which take longer to import
than the whole window takes to appear. When the app closes it keeps a copy of the
workspace in the user's own data folder, stamped with the database file's size and
modification time (and its write-ahead log's). At the next start, if the stamp still
matches, the dashboard is computed from the copy at once while the database opens in
the background; the database's own data then replaces it. A changed file, a database
server, or an unreadable snapshot simply means no snapshot: the slow path is always right.

No Qt here. The copy is a pickle in the per-user data folder (the same trust as the
user's settings); it is never read from beside a shared workspace file.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any

from fundtracker.domain.records import Workspace

FORMAT = 1


def _data_dir() -> Path:
    override = os.environ.get("FUNDTRACKER_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_path

    return user_data_path("fundtracker", appauthor=False)


def snapshot_path(location: str) -> Path:
    digest = hashlib.sha256(os.path.abspath(location).encode()).hexdigest()[:24]
    return _data_dir() / "snapshots" / f"{digest}.pickle"


def stamp(location: str) -> tuple[Any, ...] | None:
    """Size and modification time of a workspace file and its WAL; None for a server or a missing file."""
    if "://" in location and not location.startswith("sqlite:///"):
        return None
    path = Path(location.removeprefix("sqlite:///"))
    parts: list[Any] = []
    for candidate in (path, Path(f"{path}-wal")):
        try:
            info = candidate.stat()
        except FileNotFoundError:
            if candidate is path:
                return None
            parts.append(None)
            continue
        parts.append((info.st_size, info.st_mtime_ns))
    return tuple(parts)


def save(location: str, workspace: Workspace) -> None:
    """Keep ``workspace`` as the snapshot of ``location`` (call after the database is closed)."""
    current = stamp(location)
    if current is None:
        return
    target = snapshot_path(location)
    target.parent.mkdir(parents=True, exist_ok=True)
    from fundtracker.store.atomic import atomic_path

    with atomic_path(target) as temp:
        temp.write_bytes(pickle.dumps((FORMAT, os.path.abspath(location), current, workspace), protocol=5))


def load(location: str) -> Workspace | None:
    """The snapshot of ``location`` if it is still current, else None."""
    current = stamp(location)
    if current is None:
        return None
    try:
        data = snapshot_path(location).read_bytes()
        version, where, stamped, workspace = pickle.loads(data)
    except (OSError, ValueError, TypeError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
        return None
    if version != FORMAT or where != os.path.abspath(location) or stamped != current:
        return None
    return workspace if isinstance(workspace, Workspace) else None
