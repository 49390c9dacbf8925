"""Move whole workspaces between JSON files, workspace files and databases."""

from __future__ import annotations

from pathlib import Path

from fundtracker.domain.errors import WorkspaceError
from fundtracker.domain.records import Workspace, WorkspaceHistory
from fundtracker.services.locations import is_database_url
from fundtracker.services.workspace import WorkspaceService
from fundtracker.store import json_format
from fundtracker.store.atomic import atomic_path


def write_workspace_to(
    workspace: Workspace,
    target: str | Path,
    *,
    replace: bool,
    action: str,
    history: WorkspaceHistory | None = None,
) -> None:
    """Write ``workspace`` to a ``.json`` file, a new workspace file, or a database.

    A new file is built beside the target and renamed into place, so a failure leaves
    nothing behind; an existing workspace is only replaced with ``replace`` (in one
    transaction, audited). ``history`` (period locks and audit trail) goes with it, as
    :meth:`WorkspaceService.replace_all` says.
    """
    text = str(target)
    if text.lower().endswith(".json"):
        path = Path(text)
        if path.exists() and not replace:
            raise WorkspaceError(f"{path}: already exists (use --force or --replace to overwrite)")
        json_format.write_file(workspace, path, history)
        return
    if is_database_url(text):
        with WorkspaceService.open(text, create=True) as service:
            if not replace and (_has_records(service.load()) or service.audit_count()):
                raise WorkspaceError(f"{service.location}: already holds a workspace (use --replace)")
            service.replace_all(workspace, action=action, history=history)
        return
    path = Path(text)
    if path.exists():
        if not replace:
            raise WorkspaceError(f"{path}: already exists (use --force or --replace to overwrite)")
        # An empty file (made with touch, or by a save dialog) may become the workspace it was meant for.
        with WorkspaceService.open(path, create=path.is_file() and path.stat().st_size == 0) as service:
            service.replace_all(workspace, action=action, history=history)
        return
    # On failure atomic_path removes the temp file and the -wal/-shm SQLite made beside it.
    with atomic_path(path) as temp:
        temp.unlink()
        try:
            with WorkspaceService.open(temp, create=True) as service:
                service.replace_all(workspace, action=action, history=history)
                _checkpoint(service)
        except WorkspaceError as exc:  # name the file being made, not its temp file
            raise WorkspaceError(str(exc).replace(str(temp), str(path))) from exc
        for suffix in ("-wal", "-shm"):
            Path(f"{temp}{suffix}").unlink(missing_ok=True)


def _checkpoint(service: WorkspaceService) -> None:
    """Fold the WAL into the main file so the renamed file is complete on its own."""
    from sqlalchemy import text

    with service.database.engine.connect() as connection:
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))


def _has_records(workspace: Workspace) -> bool:
    from fundtracker.domain.records import KINDS

    return any(workspace.records(kind) for kind in KINDS)
