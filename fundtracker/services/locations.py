"""Read a whole workspace from wherever it lives: a ``.json`` file, a workspace file or a database URL."""

from __future__ import annotations

from pathlib import Path

from fundtracker.domain.records import Workspace, WorkspaceHistory


def is_database_url(location: str) -> bool:
    return "://" in location


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
    from fundtracker.store.database import Database

    database = Database.open(text, create=False)
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
    from fundtracker.store.database import Database

    database = Database.open(text, create=False)
    try:
        return database.load_document()
    finally:
        database.close()


def quick_read(location: str) -> Workspace | None:
    """The workspace in a current SQLite workspace file, read without SQLAlchemy; else None.

    The app's first look: it paints the dashboard from this while the full store opens.
    """
    if is_database_url(location) or location.lower().endswith(".json") or location == ":memory:":
        return None
    from fundtracker.store import reading, schema

    return reading.read_sqlite_file(Path(location), schema.head_revision())
