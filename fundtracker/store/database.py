"""Open a workspace database: SQLite file (WAL, foreign keys, busy timeout) or a server URL.

Opening brings the schema to the head revision with Alembic. An older SQLite
workspace is first copied to a timestamped backup beside it; a workspace made by a
newer fundtracker is refused and left untouched.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, NoSuchModuleError, OperationalError
from sqlalchemy.pool import QueuePool, StaticPool

from fundtracker.domain.errors import WorkspaceError
from fundtracker.domain.locations import hide_passwords, passwords_in, public_location
from fundtracker.store import reading, schema
from fundtracker.store.backups import write_copy

if TYPE_CHECKING:
    from sqlmodel import Session

    from fundtracker.domain.records import Workspace, WorkspaceHistory

SQLITE_HEADER = reading.SQLITE_HEADER
BUSY_TIMEOUT_MS = 5000
WORKSPACE_SUFFIX = ".fundtracker"


# Execution option of a connection that will write: its transaction takes SQLite's write lock at once.
WRITES = "fundtracker_writes"


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # The driver's own transaction handling begins a transaction only at the first INSERT/UPDATE,
    # after the version check's SELECT has already read: two writers could then both pass the check
    # (a lost update). Turn it off and begin transactions ourselves (:func:`_sqlite_begin`).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    """Begin a transaction: a writer's takes the write lock before it reads anything.

    With ``BEGIN IMMEDIATE`` a second writer waits (up to the busy timeout) until the first has
    committed, then reads what it wrote; so a version check and the write it guards are one atomic
    step on SQLite as they are on PostgreSQL (``SELECT … FOR UPDATE``). Readers begin a deferred
    transaction, so everything one session reads comes from one snapshot.
    """
    writes = connection.get_execution_options().get(WRITES, False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def _sqlite_read_only_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def is_read_only_path(path: Path) -> bool:
    """A workspace we may read but not write (file or its folder not writable)."""
    return path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def make_read_only_engine(path: Path) -> Engine:
    """Open a SQLite file without writing anything, not even the WAL index (:func:`reading.connect_read_only`)."""
    engine = create_engine(
        "sqlite://", creator=lambda: reading.connect_read_only(path, check_same_thread=False), poolclass=QueuePool
    )
    event.listen(engine, "connect", _sqlite_read_only_pragmas)
    return engine


def url_for(location: str | Path) -> str:
    """A SQLAlchemy URL for a file path or URL (``:memory:`` for an in-memory workspace)."""
    text = str(location)
    if "://" in text:
        return text
    if text == ":memory:":
        return "sqlite://"
    return f"sqlite:///{Path(text).expanduser().resolve()}"


def describe(url: str) -> str:
    """Where a workspace lives, for people (file path, or server/database without password)."""
    if url.startswith("sqlite"):
        return url.removeprefix("sqlite:///").removeprefix("sqlite://") or "in memory"
    return public_location(url)


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            engine = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)
        else:
            engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(with_driver(url), pool_pre_ping=True)


def with_driver(url: str) -> str:
    """``postgresql://`` with the driver fundtracker installs (psycopg2) unless psycopg 3 is present.

    SQLAlchemy 2.1 takes a bare ``postgresql://`` to mean psycopg 3; people write the bare form.
    """
    parsed = make_url(url)
    if parsed.drivername != "postgresql":
        return url
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return parsed.set(drivername="postgresql+psycopg2").render_as_string(hide_password=False)
    return url


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def backup_sqlite(path: Path, label: str) -> Path:
    """Copy a SQLite workspace with the online backup API to ``NAME.backup-STAMP-LABEL``."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = path.with_name(f"{path.name}.backup-{stamp}-{label}")
    write_copy(path, target)
    return target


def has_sqlite_header(path: Path) -> bool:
    """Whether the file starts as every SQLite database does."""
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER


def identify(path: Path, *, create: bool = False) -> str | None:
    """The schema revision of the workspace file at ``path``, found without writing anything.

    Looks at the header, then reads the table names read-only (:func:`reading.connect_read_only`),
    so a file that is not a workspace is refused as it was: an empty file does not become a
    database, another program's database is not switched to WAL, a newer workspace is not touched.

    Returns:
        The revision; None for an empty file or database (allowed only with ``create``).

    Raises:
        WorkspaceError: a folder, not SQLite, unreadable, another program's database, made by a
            newer fundtracker, or empty (without ``create``).
    """
    if path.is_dir():
        raise WorkspaceError(f"{path}: is a folder, not a workspace file")
    if path.stat().st_size == 0:
        if create:
            return None
        raise WorkspaceError(f"{path}: is an empty file, not a workspace; nothing was changed")
    if not has_sqlite_header(path):
        raise WorkspaceError(f"{path}: not a fundtracker workspace (not a SQLite database file)")
    try:
        connection = reading.connect_read_only(path)
        try:
            tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revision = None
            if schema.VERSION_TABLE in tables:
                row = connection.execute(f"SELECT version_num FROM {schema.VERSION_TABLE}").fetchone()
                revision = row[0] if row else None
        finally:
            connection.close()
    except sqlite3.Error as exc:
        problem = reading.unreadable_wal(path) or f"{path}: not a usable workspace: {exc}; nothing was changed"
        raise WorkspaceError(problem) from exc
    if revision is None:
        if {name for name in tables if not name.startswith("sqlite_")} - {schema.VERSION_TABLE}:
            raise WorkspaceError(f"{path}: holds other tables; not a fundtracker workspace; nothing was changed")
        if not create:
            raise WorkspaceError(f"{path}: not a fundtracker workspace (an empty database); nothing was changed")
    elif revision not in schema.known_revisions():
        raise WorkspaceError(
            f"{path}: made by a newer fundtracker (schema revision {revision}); this version reads up to "
            f"revision {schema.head_revision()}. Upgrade fundtracker to open it; nothing was changed."
        )
    return revision


class Database:
    """An open workspace database at the head schema revision.

    Args:
        url: SQLAlchemy URL.
        engine: the engine (injectable for tests).
        backup: the backup made before an upgrade, if any.
    """

    def __init__(self, url: str, engine: Engine, backup: Path | None = None, *, read_only: bool = False) -> None:
        self.url = url
        self.engine = engine
        self.backup = backup
        self.read_only = read_only

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    def session(self) -> Session:
        # SQLModel (and pydantic under it) loads only for writes; reads use SQLAlchemy Core.
        from sqlmodel import Session

        return Session(self.engine, expire_on_commit=False)

    def close(self) -> None:
        self.engine.dispose()

    def load_workspace(self) -> Workspace:
        """Every record, read in one transaction (SQLAlchemy Core: reads need no ORM)."""
        try:
            with self.engine.connect() as connection:
                return reading.load_workspace(connection)
        except OperationalError as exc:
            raise WorkspaceError(f"{describe(self.url)}: database error: {first_line(exc, self.url)}") from exc

    def load_document(self) -> tuple[Workspace, WorkspaceHistory]:
        """Every record, the period locks and the audit trail, read in one transaction.

        On PostgreSQL the transaction is REPEATABLE READ, so every table is read as of one moment
        (a copy never pairs records with an audit trail from a later change); SQLite's read
        transaction is a snapshot already.
        """
        try:
            with self.engine.connect() as connection:
                if not self.is_sqlite:
                    connection = connection.execution_options(isolation_level="REPEATABLE READ")
                with connection.begin():
                    return reading.load_workspace(connection), reading.load_history(connection)
        except OperationalError as exc:
            raise WorkspaceError(f"{describe(self.url)}: database error: {first_line(exc)}") from exc

    @classmethod
    def open(
        cls, location: str | Path, *, create: bool = False, engine: Engine | None = None, read_only: bool = False
    ) -> Database:
        """Open (and if needed create or upgrade) the workspace at ``location``.

        A workspace file is first identified without writing (:func:`identify`); it is opened
        read-only when asked (``read_only``: ``check``) or when it or its folder is not writable.

        Raises:
            WorkspaceError: missing (and not ``create``), not a workspace, made by a newer
                fundtracker, or the database cannot be reached.
        """
        url = url_for(location)
        path = sqlite_path(_readable_url(url))
        if path is not None:
            if path.exists():
                identify(path, create=create)  # before anything opens it for writing
                if engine is None and (read_only or is_read_only_path(path)):
                    return cls._open_read_only(url, path)
            elif not create:
                raise WorkspaceError(f"{path}: no workspace there (use 'fundtracker sample' or import to make one)")
            elif not path.parent.is_dir():
                raise WorkspaceError(f"{path.parent}: folder does not exist")
        engine = engine or _engine_for(url)
        try:
            backup = _migrate(engine, path, create=create, read_only=read_only)
        except WorkspaceError:
            engine.dispose()
            raise
        except OperationalError as exc:
            engine.dispose()
            raise WorkspaceError(f"{describe(url)}: cannot open the workspace: {first_line(exc, url)}") from exc
        except DatabaseError as exc:
            engine.dispose()
            if getattr(exc.orig, "pgcode", None) == "42501":  # permission denied: a login with no role
                raise WorkspaceError(
                    f"{describe(url)}: {first_line(exc, url)}; this login has no role on the workspace "
                    "(an admin runs: fundtracker server grant URL USER viewer)"
                ) from exc
            raise WorkspaceError(f"{describe(url)}: not a usable workspace: {first_line(exc, url)}") from exc
        return cls(url, engine, backup)

    @classmethod
    def _open_read_only(cls, url: str, path: Path) -> Database:
        engine = make_read_only_engine(path)
        try:
            with engine.connect() as connection:
                current = schema.current_revision(connection)
        except DatabaseError as exc:
            engine.dispose()
            raise WorkspaceError(f"{path}: cannot open read-only: {first_line(exc)}") from exc
        if current != schema.head_revision():
            engine.dispose()
            raise WorkspaceError(
                f"{path}: is read-only and at schema revision {current}, not {schema.head_revision()}; "
                "copy it to a writable folder so fundtracker can upgrade it"
            )
        return cls(url, engine, read_only=True)


_URL_AUTHORITY = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://([^/?#]*)")


def _readable_url(url: str) -> str:
    """``url``, once SQLAlchemy can read it; else a WorkspaceError that shows it without its password."""
    authority = _URL_AUTHORITY.match(url)
    if authority is not None and authority.group(1).count("@") > 1:
        # SQLAlchemy would end the password at the first "@" and take the rest for the host name.
        raise WorkspaceError(
            f"{public_location(url)}: the user name or password holds an '@'; write it as %40 in a URL"
        )
    try:
        make_url(url)
    except (ArgumentError, ValueError) as exc:
        message = hide_passwords(str(exc), passwords_in([url]))
        raise WorkspaceError(f"{public_location(url)}: not a database URL fundtracker can read ({message})") from None
    return url


def _engine_for(url: str) -> Engine:
    try:
        return make_engine(url)
    except (NoSuchModuleError, ArgumentError) as exc:
        kind = make_url(url).drivername
        message = hide_passwords(str(exc), passwords_in([url]))
        raise WorkspaceError(
            f"{public_location(url)}: fundtracker cannot open a {kind!r} database "
            f"(a workspace is a file or postgresql://…): {message}"
        ) from None


def first_line(exc: Exception, url: str = "") -> str:
    """The first line of a database error's own message (what people can act on), without passwords.

    Args:
        url: the URL being opened; its password is hidden also where the message quotes it alone.
    """
    orig = getattr(exc, "orig", None)
    return hide_passwords(str(orig or exc).strip().splitlines()[0], passwords_in([url]))


def _migrate(engine: Engine, path: Path | None, *, create: bool, read_only: bool = False) -> Path | None:
    """Bring the schema to head. ``read_only`` (a read of a server): an empty database is refused, not made
    a workspace (an existing older workspace is still upgraded, as every open does)."""
    head = schema.head_revision()
    known = schema.known_revisions()
    with engine.connect() as connection:
        current = schema.current_revision(connection)
        tables = set(inspect(connection).get_table_names())
    if current is None:
        if tables - {"alembic_version"}:
            raise WorkspaceError(f"{describe(str(engine.url))}: holds other tables; not a fundtracker workspace")
        if not create and path is not None and path.stat().st_size > 0:
            raise WorkspaceError(f"{path}: not a fundtracker workspace")
        if read_only and not create:
            raise WorkspaceError(
                f"{describe(str(engine.url))}: holds no workspace yet; nothing was changed "
                "(import one with: fundtracker import WS.json --into URL)"
            )
    elif current not in known:
        raise WorkspaceError(
            f"{describe(str(engine.url))}: made by a newer fundtracker (schema revision {current}); "
            f"this version reads up to revision {head}. Upgrade fundtracker to open it; nothing was changed."
        )
    if current == head:
        return None
    backup = None
    if current is not None and path is not None:
        backup = backup_sqlite(path, f"r{current}")
    with engine.begin() as connection:
        schema.upgrade(connection)
    return backup


@contextlib.contextmanager
def transaction(database: Database) -> Iterator[Session]:
    """A session whose work commits together or not at all.

    On SQLite it holds the write lock from its first statement (see :func:`_sqlite_begin`), so
    whatever it reads before writing (a stored version, the period locks) cannot change under it.
    """
    session = database.session()
    try:
        with session.begin():
            session.connection(execution_options={WRITES: True})
            yield session
    finally:
        session.close()
