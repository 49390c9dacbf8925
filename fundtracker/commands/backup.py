"""``fundtracker backup``: make, list and restore backups of a workspace file."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("backup", help="back up a workspace file, list its backups, or restore one")
    parser.add_argument("workspace", help="workspace file (.fundtracker)")
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--list", action="store_true", help="list the backups, newest first")
    group.add_argument("--restore", metavar="BACKUP", help="replace the workspace's content with this backup")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from fundtracker.domain.errors import WorkspaceError
    from fundtracker.services.locations import is_database_url, public_location
    from fundtracker.store import backups
    from fundtracker.store.database import identify

    workspace = Path(args.workspace)
    if is_database_url(args.workspace):
        raise WorkspaceError(
            f"{public_location(args.workspace)}: a workspace on a server is backed up by the server's tools "
            "(pg_dump); fundtracker backup is for workspace files"
        )
    if not workspace.is_file():
        raise WorkspaceError(f"{workspace}: no workspace file there (backups are for workspace files)")
    if args.list:
        for backup in backups.list_backups(workspace):
            print(f"{backup.when:%Y-%m-%d %H:%M:%S}  {backup.reason:<15} {backup.path}")
        return 0
    if args.restore:
        chosen = Path(args.restore)
        if not chosen.exists() and (backups.backup_folder(workspace) / chosen.name).exists():
            chosen = backups.backup_folder(workspace) / chosen.name  # a name from --list
        identify(chosen)  # refuse anything that is not a workspace, reading it only
        safety = backups.restore(chosen, workspace)
        print(f"restored {workspace} from {args.restore} (its previous state is in {safety})")
        return 0
    identify(workspace)  # a workspace? read only: a backup writes nothing beside its copy
    print(f"backed up to {backups.make_backup(workspace, 'manual')}")
    return 0
