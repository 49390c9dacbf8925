"""``fundtracker check``: database integrity, foreign keys, schema revision, and every record's rules."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import text

from fundtracker.domain.errors import FundtrackerError, ValidationError
from fundtracker.domain.validation import validate_workspace
from fundtracker.services.locations import is_database_url


def check_workspace(location: str) -> list[str]:
    """Problems found, one readable line each (empty when the workspace is sound)."""
    if location.lower().endswith(".json"):
        from fundtracker.store import json_format

        try:
            json_format.read_file(Path(location))
        except ValidationError as exc:
            return [str(p) for p in exc.problems]
        return []
    if not is_database_url(location):
        problems = _sqlite_checks(Path(location))
        if problems:
            return problems
    from fundtracker.store.database import Database

    try:
        # Read-only: a check changes nothing, and works in a folder fundtracker may not write to.
        database = Database.open(location, read_only=True)
        try:
            workspace = database.load_workspace()
            problems = []
            if database.is_sqlite:
                with database.engine.connect() as connection:
                    rows = connection.execute(text("PRAGMA foreign_key_check")).fetchall()
                    problems = [f"broken reference in table {row[0]} (row {row[1]}) to {row[2]}" for row in rows]
        finally:
            database.close()
    except FundtrackerError as exc:
        return [str(exc)]
    return problems + [str(problem) for problem in validate_workspace(workspace)]


def _sqlite_checks(path: Path) -> list[str]:
    """Checks that read the file without changing it (no upgrade, no WAL replay beyond SQLite's own)."""
    from fundtracker.store import schema
    from fundtracker.store.database import has_sqlite_header
    from fundtracker.store.reading import connect_read_only, unreadable_wal

    if not path.is_file():
        return [f"{path}: no workspace file there"]
    if not has_sqlite_header(path):
        return [f"{path}: not a fundtracker workspace (not a SQLite database file)"]
    try:
        connection = connect_read_only(path)
    except sqlite3.Error as exc:
        return [f"{path}: cannot open: {exc}"]
    try:
        result = [row[0] for row in connection.execute("PRAGMA integrity_check").fetchall()]
        if result != ["ok"]:
            return [f"{path}: damaged database: {line}" for line in result[:20]]
        try:
            (revision,) = connection.execute("SELECT version_num FROM alembic_version").fetchone() or (None,)
        except sqlite3.Error:
            return [f"{path}: not a fundtracker workspace (no schema revision)"]
    except sqlite3.DatabaseError as exc:
        return [unreadable_wal(path) or f"{path}: damaged database: {exc}"]
    finally:
        connection.close()
    head = schema.head_revision()
    if revision not in schema.known_revisions():
        return [f"{path}: made by a newer fundtracker (schema revision {revision}; this version reads up to {head})"]
    if revision != head:
        return [f"{path}: schema revision {revision} is older than {head}; open it in fundtracker to upgrade it"]
    return []
