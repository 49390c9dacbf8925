"""Shared fixtures. Qt runs offscreen unless a display is chosen explicitly."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("FUNDTRACKER_NO_KEYRING", "1")

from fundtracker.domain.records import Workspace
from fundtracker.services.sample import sample_workspace

# Tests pin the sample to a fixed month so every figure is reproducible.
SAMPLE_AS_OF = date(2022, 1, 1)


@pytest.fixture
def sample() -> Workspace:
    """The sample workspace laid out from January 2022 (the story's own year)."""
    return sample_workspace(SAMPLE_AS_OF)


@pytest.fixture
def tmp_workspace_path(tmp_path: Path) -> Path:
    return tmp_path / "test.fundtracker"


IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# The server the tests reach (tools/test-postgres.sh makes it). Each test run works in a database of
# its own, made on first use and dropped at exit, so two suites (or two checkouts) can run at once.
PG_BASE_URL = os.environ.get(
    "FUNDTRACKER_TEST_PG_URL", "postgresql+psycopg2://fundtracker:fundtracker@127.0.0.1:5432/fundtracker_test"
)
PG_DATABASE = f"fundtracker_test_{os.getpid()}"
PG_URL = PG_BASE_URL.rsplit("/", 1)[0] + "/" + PG_DATABASE
PG_SERVER = PG_URL.split("@")[-1]  # host:port/database, as the app shows a server
_pg_database_made = False


def _postgres_problem() -> str | None:
    """Why PostgreSQL can't be used for tests, or None when it can."""
    try:
        import psycopg2  # noqa: F401
        from sqlalchemy import create_engine, text
    except ImportError as exc:
        return f"psycopg2 not installed ({exc})"
    engine = create_engine(PG_BASE_URL, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("select 1"))
    except Exception as exc:  # any connection failure means: no server for the tests
        return f"no PostgreSQL server at {PG_BASE_URL.split('@')[-1]} ({str(exc).splitlines()[0]})"
    finally:
        engine.dispose()
    return None


def _make_run_database() -> None:
    """Create this run's own database (once) and drop it when the run ends."""
    global _pg_database_made
    if _pg_database_made:
        return
    import atexit

    from sqlalchemy import create_engine, text

    admin = create_engine(PG_BASE_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{PG_DATABASE}"'))
    admin.dispose()
    _pg_database_made = True

    def drop() -> None:
        engine = create_engine(PG_BASE_URL, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)'))
        finally:
            engine.dispose()

    atexit.register(drop)


def require_postgres() -> str:
    """This run's test database URL, emptied; skips outside CI when no server is reachable, fails in CI."""
    problem = _postgres_problem()
    if problem:
        if IN_CI:
            pytest.fail(f"CI must run the PostgreSQL tests: {problem}")
        pytest.skip(f"{problem}; run tools/test-postgres.sh as root to start one")
    from sqlalchemy import create_engine, text

    _make_run_database()
    engine = create_engine(PG_URL)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return PG_URL


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty workspace location on each backend: a SQLite file, then PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "workspace.fundtracker")
    return require_postgres()


@pytest.fixture
def service(database_url: str):  # type: ignore[no-untyped-def]
    from fundtracker.services.workspace import WorkspaceService

    opened = WorkspaceService.open(database_url, create=True)
    yield opened
    opened.close()


@pytest.fixture
def sample_service(service, sample):  # type: ignore[no-untyped-def]
    """A workspace on each backend holding the sample."""
    service.replace_all(sample)
    return service


@pytest.fixture(scope="session")
def qapp(qapp):  # type: ignore[no-untyped-def]
    """pytest-qt's application, collecting garbage on the main thread only, as the app does."""
    from fundtracker.ui import gc_guard

    gc_guard.install(qapp)
    return qapp


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    """Between tests, collect as the app's timer would (the timer only ticks inside an event loop)."""
    from sys import modules

    guard = modules.get("fundtracker.ui.gc_guard")
    if guard is not None and guard.installed() is not None:
        guard.installed().collect()
