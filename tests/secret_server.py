"""A PostgreSQL login whose password is a word found nowhere else, so output can be grepped for it.

tools/test-postgres.sh makes the role (the test role's password is ``fundtracker``, which every
message holds as the program's name). Each test run gets a database of its own under it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import IN_CI, PG_BASE_URL, require_postgres

SECRET_USER = "fundtracker_secret"
SECRET_PASSWORD = "Zq7-secret-w4xv"


def _server(database: str, *, password: str = SECRET_PASSWORD, port: int | None = None) -> str:
    base = make_url(PG_BASE_URL)
    return f"postgresql://{SECRET_USER}:{password}@{base.host}:{port or base.port or 5432}/{database}"


def secret_urls() -> Iterator[dict[str, str]]:
    """``good`` (a fresh database, right password), ``wrong`` (wrong password), ``unreachable`` (no server)."""
    require_postgres()  # skips outside CI when there is no server at all; fails in CI
    database = f"fundtracker_secret_{os.getpid()}"
    admin = create_engine(
        _server("postgres").replace("postgresql://", "postgresql+psycopg2://"),
        isolation_level="AUTOCOMMIT",
        connect_args={"connect_timeout": 5},
    )
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            connection.execute(text(f'CREATE DATABASE "{database}"'))
    except Exception as exc:  # the role is missing: tools/test-postgres.sh makes it
        admin.dispose()
        message = f"no PostgreSQL role {SECRET_USER} ({str(exc).splitlines()[0]}); run tools/test-postgres.sh"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield {
            "good": _server(database),
            "wrong": _server(database, password=SECRET_PASSWORD + "-wrong"),
            "unreachable": _server(database, port=1),
        }
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        admin.dispose()
