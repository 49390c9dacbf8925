"""Read a whole workspace from wherever it lives: a ``.json`` file, a workspace file or a database URL."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fundtracker.domain.locations import hide_passwords, is_database_url, passwords_in, public_location
from fundtracker.domain.records import Workspace, WorkspaceHistory

if TYPE_CHECKING:
    from fundtracker.store.database import Database

__all__ = [
    "check_output",
    "hide_passwords",
    "is_database_url",
    "passwords_in",
    "public_location",
    "quick_read",
    "read_document",
    "read_workspace",
]


def read_workspace(location: str | Path) -> Workspace:
    """The workspace at ``location``, read only.

    Args:
        location: a ``.json`` workspace, a ``.fundtracker`` file, or a database URL.
    """
    text = str(location)
    if text.lower().endswith(".json"):
        from fundtracker.store import json_format

        return json_format.read_file(Path(text))
    # The store's reader, not the service: a read needs neither the ORM nor the audit log.
    database = _open_for_reading(text)
    try:
        return database.load_workspace()
    finally:
        database.close()


def read_document(location: str | Path) -> tuple[Workspace, WorkspaceHistory | None]:
    """The workspace at ``location`` with its period locks and audit trail, read only.

    The history is None for a version 1 JSON file (which carries none).
    """
    text = str(location)
    if text.lower().endswith(".json"):
        from fundtracker.store import json_format

        return json_format.read_document(Path(text))
    database = _open_for_reading(text)
    try:
        return database.load_document()
    finally:
        database.close()


def _open_for_reading(text: str) -> Database:
    """The database at ``text`` opened for a read.

    A current workspace file is opened read-only: nothing written, not even -wal/-shm (a full disk, a
    read-only folder, another program's file); an older one is upgraded (with a backup) first. A
    server is read without making an empty database a workspace.
    """
    from fundtracker.store import schema
    from fundtracker.store.database import Database, identify

    path = Path(text).expanduser()
    read_only = is_database_url(text) or (path.is_file() and identify(path) == schema.head_revision())
    return Database.open(text, create=False, read_only=read_only)


def check_output(output: str | Path, *workspaces: str | Path, into_workspace: bool = False) -> None:
    """Refuse an output path that would replace a workspace: one of ``workspaces`` (also through a
    link), a sidecar of one, or any database file. Every exporter, report and copy calls it first.

    Args:
        into_workspace: the output is itself a workspace (``import --into``): an existing database
            there is what the command means to replace, so only the other checks apply.

    Raises:
        WorkspaceError: naming the output and what it is.
    """
    from fundtracker.store.atomic import refuse_unsafe_target

    refuse_unsafe_target(Path(output), workspaces, databases=not into_workspace)


def quick_read(location: str) -> Workspace | None:
    """The workspace in a current SQLite workspace file, read without SQLAlchemy; else None.

    The app's first look: it paints the dashboard from this while the full store opens.
    """
    if is_database_url(location) or location.lower().endswith(".json") or location == ":memory:":
        return None
    from fundtracker.store import reading, schema

    return reading.read_sqlite_file(Path(location), schema.head_revision())
