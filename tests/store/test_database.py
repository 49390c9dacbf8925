"""Opening workspaces: pragmas, migrations with backup, refusal of newer or foreign files."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, text
from sqlmodel import SQLModel

from fundtracker.domain.errors import WorkspaceError
from fundtracker.store import schema
from fundtracker.store.database import Database


def test_sqlite_pragmas(tmp_workspace_path: Path) -> None:
    database = Database.open(tmp_workspace_path, create=True)
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 5000
    database.close()


def test_tables_match_the_head_migration(database_url: str) -> None:
    database = Database.open(database_url, create=True)
    with database.engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    database.close()
    assert diffs == []


def _make_old_workspace(path: Path) -> None:
    """A workspace at the first schema revision (before actual spending), holding one stream."""
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        schema.upgrade(connection, "0001")
        connection.execute(
            text(
                "INSERT INTO funding_stream (key, name, funder, kind, amount, start, schedule_type, lag_days, status,"
                " probability, restricted, notes, version) VALUES ('combat', 'COMBAT', 'Jackson County', 'tax_levy',"
                " 7826800, '2022-01-01', 'lump_sum', 0, 'secured', '1', 1, '', 1)"
            )
        )
    engine.dispose()


def test_older_workspace_is_backed_up_then_upgraded(tmp_workspace_path: Path) -> None:
    _make_old_workspace(tmp_workspace_path)
    database = Database.open(tmp_workspace_path)
    assert database.backup is not None
    assert database.backup.name.startswith("test.fundtracker.backup-") and database.backup.name.endswith("-r0001")
    with database.engine.connect() as connection:
        assert schema.current_revision(connection) == schema.head_revision()
        assert connection.execute(text("SELECT amount FROM funding_stream")).scalar() == 7826800
        assert connection.execute(text("SELECT count(*) FROM actual")).scalar() == 0
    database.close()
    backup = sqlite3.connect(database.backup)
    assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    assert backup.execute("SELECT key FROM funding_stream").fetchall() == [("combat",)]
    backup.close()


def test_newer_workspace_is_refused_and_untouched(tmp_workspace_path: Path) -> None:
    Database.open(tmp_workspace_path, create=True).close()
    connection = sqlite3.connect(tmp_workspace_path)
    connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.commit()
    connection.close()
    before = tmp_workspace_path.read_bytes()
    with pytest.raises(
        WorkspaceError, match=r"made by a newer fundtracker \(schema revision 9999\).*nothing was changed"
    ):
        Database.open(tmp_workspace_path)
    assert tmp_workspace_path.read_bytes() == before
    assert list(tmp_workspace_path.parent.glob("*.backup-*")) == []


def test_file_that_is_not_a_workspace(tmp_path: Path) -> None:
    path = tmp_path / "notes.fundtracker"
    path.write_text("shopping list\n", encoding="utf-8")
    with pytest.raises(WorkspaceError, match="not a fundtracker workspace"):
        Database.open(path)
    assert path.read_text(encoding="utf-8") == "shopping list\n"


def test_sqlite_database_of_another_program(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE songs (title TEXT)")
    connection.commit()
    connection.close()
    with pytest.raises(WorkspaceError, match="holds other tables; not a fundtracker workspace"):
        Database.open(path)


def test_missing_workspace_without_create(tmp_path: Path) -> None:
    with pytest.raises(WorkspaceError, match="no workspace there"):
        Database.open(tmp_path / "absent.fundtracker")
    assert not (tmp_path / "absent.fundtracker").exists()
