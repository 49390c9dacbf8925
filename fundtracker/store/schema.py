"""Schema revisions: which ones exist, which one a database is at, and upgrading with Alembic.

Opening a workspace only needs to know whether it is at the head revision. That is read from
the migration files' own ``revision`` / ``down_revision`` lines and from one query, so Alembic
(about half a second of imports) loads only when a migration actually runs.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Connection

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSION_TABLE = "alembic_version"


def _assigned(source: str, name: str) -> str | None:
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in node.targets):
            value = ast.literal_eval(node.value)
            if value is None or isinstance(value, str):
                return value
            raise ValueError(f"{name} = {value!r}: fundtracker's migrations form one chain (one parent each)")
    raise ValueError(f"no {name} assignment")


@functools.cache
def known_revisions() -> tuple[str, ...]:
    """Revisions from the first to the head, as the migration files chain them."""
    parents: dict[str, str | None] = {}
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        try:
            revision = _assigned(source, "revision")
            parents[str(revision)] = _assigned(source, "down_revision")
        except ValueError as exc:
            raise RuntimeError(f"{path.name}: {exc}") from exc
    chain: list[str] = []
    children = {parent: child for child, parent in parents.items()}
    if len(children) != len(parents):
        raise RuntimeError("migrations branch: two revisions share a parent")
    revision = children.get(None)
    while revision is not None:
        chain.append(revision)
        revision = children.get(revision)
    if len(chain) != len(parents):
        raise RuntimeError("migrations do not form one chain from a first revision")
    return tuple(chain)


def head_revision() -> str:
    return known_revisions()[-1]


def current_revision(connection: Connection) -> str | None:
    """The database's revision (None for a database Alembic never touched)."""
    from sqlalchemy import inspect, text

    if not inspect(connection).has_table(VERSION_TABLE):
        return None
    row = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).first()
    return None if row is None else str(row[0])


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(connection: Connection, revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(connection), revision)
