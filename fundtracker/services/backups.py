"""Backups of a workspace file, for the app and the command line.

The copies themselves are made by :mod:`fundtracker.store.backups` (SQLite's online backup API,
``NAME.fundtracker.backups/`` beside the workspace); this is the use-case layer the UI calls, so the
UI never reaches into the store. A workspace on a database server is backed up by the server's
own tools, and one opened read-only cannot be backed up beside itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from fundtracker.store.backups import Backup, backup_if_due, list_backups, make_backup, restore

if TYPE_CHECKING:  # the service (and the ORM under it) loads only when a workspace opens
    from fundtracker.services.workspace import WorkspaceService

__all__ = ["Backup", "backup_if_due", "backup_path", "list_backups", "make_backup", "restore"]


def backup_path(service: WorkspaceService) -> Path | None:
    """The workspace file to back up, or None (a server, in memory, or read-only)."""
    path = service.database.path
    if path is None or service.read_only or not path.exists():
        return None
    return Path(path)
