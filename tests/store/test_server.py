"""Team mode on PostgreSQL: unreachable servers, a server that drops the session, passwords."""

from __future__ import annotations

import dataclasses
from typing import ClassVar

import pytest
from sqlalchemy import create_engine, text

from fundtracker.domain.errors import WorkspaceError
from fundtracker.services import credentials
from fundtracker.services.workspace import WorkspaceService
from tests.conftest import PG_URL, require_postgres


def test_unreachable_server_is_a_clear_error() -> None:
    url = "postgresql+psycopg2://nobody@127.0.0.1:1/none?connect_timeout=2"
    with pytest.raises(WorkspaceError, match=r"127\.0\.0\.1:1/none.*: cannot open the workspace: .*refused"):
        WorkspaceService.open(url, create=True)


@pytest.mark.postgres
def test_dropped_connections_are_survived(sample) -> None:  # type: ignore[no-untyped-def]
    url = require_postgres()
    with WorkspaceService.open(url, create=True) as service:
        service.replace_all(sample)
        admin = create_engine(PG_URL)
        with admin.begin() as connection:
            killed = connection.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() "
                    # Only our own sessions: an autovacuum worker on this database is a
                    # superuser process that a plain role may not terminate.
                    "AND usename = current_user AND backend_type = 'client backend'"
                )
            ).scalar()
        admin.dispose()
        assert killed and killed >= 1
        combat = service.get("stream", "combat")
        service.update("stream", "combat", dataclasses.replace(combat, amount=1))
        assert service.refresh().stream("combat").amount == 1


@pytest.mark.postgres
def test_server_gone_mid_session_gives_a_clear_error(sample) -> None:  # type: ignore[no-untyped-def]
    url = require_postgres()
    with WorkspaceService.open(url, create=True) as service:
        service.replace_all(sample)
        service.database.engine.dispose()
        # Point the open service at a port where nothing listens: as if the server went away.
        service.database.engine = create_engine(
            "postgresql+psycopg2://fundtracker@127.0.0.1:1/fundtracker_test", connect_args={"connect_timeout": 2}
        )
        before = service.load()
        with pytest.raises(WorkspaceError, match="could not save: "):
            service.delete("deadline", "appeal")
        with pytest.raises(WorkspaceError, match="database error"):
            service.refresh()
        assert before.find("deadline", "appeal") is not None


def test_password_never_kept_in_the_remembered_url() -> None:
    url = "postgresql://lead:s3cret@db.example.org:5433/team"
    assert credentials.without_password(url) == "postgresql://lead@db.example.org:5433/team"
    assert credentials.account(credentials.make_url(url)) == "lead@db.example.org:5433/team"


def test_keyring_round_trip(monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 1  # type: ignore[assignment]
        store: ClassVar[dict[tuple[str, str], str]] = {}

        def set_password(self, service: str, username: str, password: str) -> None:
            self.store[(service, username)] = password

        def get_password(self, service: str, username: str) -> str | None:
            return self.store.get((service, username))

        def delete_password(self, service: str, username: str) -> None:
            self.store.pop((service, username), None)

    monkeypatch.delenv("FUNDTRACKER_NO_KEYRING", raising=False)
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        assert credentials.remember_password("postgresql://lead:s3cret@db/team") == "the OS keyring"
        assert credentials.with_password("postgresql://lead@db/team") == "postgresql://lead:s3cret@db/team"
    finally:
        keyring.set_keyring(previous)


@pytest.mark.postgres
def test_a_plain_postgresql_url_works(sample) -> None:  # type: ignore[no-untyped-def]
    url = require_postgres().replace("postgresql+psycopg2://", "postgresql://")
    with WorkspaceService.open(url, create=True) as service:
        service.replace_all(sample)
        assert service.refresh().stream("combat").amount == 7_826_800


@pytest.mark.postgres
def test_cli_import_and_export_json_against_a_server(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from fundtracker.cli import run_command

    url = require_postgres().replace("postgresql+psycopg2://", "postgresql://")
    source = tmp_path / "s.json"
    assert run_command(["sample", str(source), "--as-of", "2022-01-01"]) == 0
    assert run_command(["import", str(source), "--into", url]) == 0
    out = capsys.readouterr().out
    assert "fundtracker@127.0.0.1" in out and ":fundtracker@" not in out  # no password printed
    assert run_command(["export-json", url]) == 0
    assert capsys.readouterr().out == source.read_text(encoding="utf-8")
    assert run_command(["check", url]) == 0
