"""Roles the server enforces: every role tries every write, through the services and through raw SQL.

One workspace database for the module, set up with ``fundtracker server setup`` by its owner (the
test role, which has CREATEROLE); one login per role. A refused write must fail with a clear
:class:`AccessError` (services) or SQLSTATE 42501 (raw SQL) and leave the data as it was.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from fundtracker import cli
from fundtracker.domain.errors import WorkspaceError
from fundtracker.domain.months import month_index
from fundtracker.domain.records import Actual, Deadline
from fundtracker.services import changes
from fundtracker.services.account_categories import mapping_steps
from fundtracker.services.award import award_steps, plan_award
from fundtracker.services.changes import IMPORT_BATCH, ActualBatch, Step
from fundtracker.services.roles import ALL, Access, AccessError
from fundtracker.services.workspace import WorkspaceService
from fundtracker.store import roles as r
from fundtracker.store.server_roles import schema_tables, unclassified_tables
from tests.conftest import PG_BASE_URL, SAMPLE_AS_OF, require_postgres

PASSWORD = "role-test-pw"
JANUARY = range(month_index(SAMPLE_AS_OF), month_index(SAMPLE_AS_OF) + 1)
DATABASE = f"fundtracker_roles_{os.getpid()}"
PLAN_TABLES = {
    "organization",
    "funding_stream",
    "tranche",
    "position",
    "expense",
    "allocation",
    "scenario",
    "scenario_override",
    "application",
    "application_section",
    "milestone",
    "text_block",
    "deadline",
}
FINANCE_TABLES = {"actual", "period_lock", "effort_certification", "report_submission", "account_category"}
# An award's record: recording an award is finance's, and editors' too (it changes a stream and an application).
AWARD_TABLES = {
    "award",
    "award_match_stream",
    "award_budget_version",
    "award_budget_amount",
    "award_program_income",
    "award_obligation",
    "award_drawdown",
    "award_payment",
}


def test_every_table_has_a_role_classification() -> None:
    """A table added to the schema must say who writes it (store/roles.py), or setup would skip it."""
    assert unclassified_tables() == []
    assert set(r.TABLE_ACCESS) == set(schema_tables()), "TABLE_ACCESS names a table the schema does not have"


def test_group_role_names_are_per_database_and_fit() -> None:
    assert r.group_role("team", "editor") == "team_editor"
    long = "x" * 70
    names = {r.group_role(long, role) for role in r.ROLES} | {r.group_role(long + "y", "editor")}
    assert len(names) == 5 and all(len(name) <= r.MAX_IDENTIFIER for name in names)


def _url(user: str, password: str, database: str = DATABASE) -> str:
    base = make_url(PG_BASE_URL)
    return f"postgresql+psycopg2://{user}:{password}@{base.host}:{base.port or 5432}/{database}"


@pytest.fixture(scope="module")
def server() -> Iterator[dict[str, str]]:
    """The workspace's owner URL and one login URL per role (``owner``, ``viewer`` … ``admin``, ``nobody``)."""
    require_postgres()
    owner = make_url(PG_BASE_URL)
    admin = create_engine(PG_BASE_URL, isolation_level="AUTOCOMMIT")
    logins = {role: f"ft{os.getpid()}_{role}" for role in (*r.ROLES, "nobody")}
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
        connection.execute(text(f'CREATE DATABASE "{DATABASE}"'))
        for login in logins.values():
            connection.execute(text(f'DROP ROLE IF EXISTS "{login}"'))
            connection.execute(text(f"CREATE ROLE \"{login}\" LOGIN PASSWORD '{PASSWORD}'"))
    urls = {"owner": _url(str(owner.username), str(owner.password))}
    urls |= {role: _url(login, PASSWORD) for role, login in logins.items()}
    try:
        assert cli.run_command(["sample", urls["owner"], "--as-of", SAMPLE_AS_OF.isoformat(), "--force"]) == 0
        assert cli.run_command(["server", "setup", urls["owner"]]) == 0
        for role in r.ROLES:
            assert cli.run_command(["server", "grant", urls["owner"], logins[role], role]) == 0
        yield urls | {f"login:{role}": login for role, login in logins.items()}
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)'))
            for login in logins.values():
                connection.execute(text(f'DROP ROLE IF EXISTS "{login}"'))
            for role in r.ROLES:
                connection.execute(text(f'DROP ROLE IF EXISTS "{r.group_role(DATABASE, role)}"'))
        admin.dispose()


@pytest.fixture
def fresh(server: dict[str, str], sample: Any) -> dict[str, str]:
    """The sample as stored before each test (the owner writes it; owners bypass the roles)."""
    with WorkspaceService.open(server["owner"]) as service:
        service.replace_all(sample)
        for month in sorted(service.locked_months()):
            service.unlock_months(range(month, month + 1))
    return server


# -- raw SQL: each role × each table × insert/update/delete ------------------------------------


def _allowed(role: str, table: str, operation: str) -> bool:
    """What each role may do to each table, written out (not derived from TABLE_ACCESS)."""
    editor = role in (r.EDITOR, r.ADMIN)
    finance = role in (r.FINANCE, r.ADMIN)
    if table == "audit_log":
        return operation == "insert" and (editor or finance)  # append-only, for everyone
    if table in PLAN_TABLES:
        if editor:
            return True
        if finance and table == "funding_stream":
            return operation in ("insert", "update_award")  # an award's stream
        if finance and table == "application":
            return operation == "update_award"
        return False
    if table in AWARD_TABLES:
        return editor or finance
    assert table in FINANCE_TABLES
    return finance


AWARD_COLUMNS = {"funding_stream": "amount", "application": "status"}
OPERATIONS = ("insert", "update", "update_award", "delete")


def _statement(table: str, operation: str, column: str) -> str | None:
    # Privileges are checked when a statement is planned, whether or not it touches a row.
    if operation == "insert":
        return f'INSERT INTO "{table}" SELECT * FROM "{table}" WHERE false'
    if operation == "update":
        return f'UPDATE "{table}" SET "{column}" = "{column}" WHERE false'
    if operation == "update_award":
        award = AWARD_COLUMNS.get(table)
        return f'UPDATE "{table}" SET "{award}" = "{award}" WHERE false' if award else None
    return f'DELETE FROM "{table}" WHERE false'


def _first_plain_column(connection: Any, table: str) -> str:
    names = connection.execute(text(f'SELECT * FROM "{table}" WHERE false')).keys()
    columns = [c for c in names if c != "id"]
    return str(sorted(set(columns) - set(AWARD_COLUMNS.values()) - {"version"})[0])


def _try(url: str, statement: str, params: dict[str, Any] | None = None) -> str | None:
    """Run one statement in a transaction that is rolled back; the SQLSTATE when refused, else None."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            try:
                connection.execute(text(statement), params or {})
                return None
            except DBAPIError as exc:
                return str(getattr(exc.orig, "pgcode", exc))
            finally:
                connection.rollback()
    finally:
        engine.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("role", r.ROLES)
def test_raw_sql_writes_are_refused_as_the_role_says(server: dict[str, str], role: str) -> None:
    engine = create_engine(server["owner"])
    with engine.connect() as connection:
        plain = {table: _first_plain_column(connection, table) for table in schema_tables()}
    engine.dispose()
    outcomes = {}
    for table in schema_tables():
        for operation in OPERATIONS:
            statement = _statement(table, operation, plain[table])
            if statement is not None:
                outcomes[(table, operation)] = _try(server[role], statement)
    wrong = {
        key: outcome
        for key, outcome in outcomes.items()
        if (outcome is None) != _allowed(role, *key) or outcome not in (None, "42501")
    }
    assert wrong == {}, f"{role}: unexpected outcomes (None = allowed, 42501 = refused)"
    # Everyone reads everything.
    for table in schema_tables():
        assert _try(server[role], f'SELECT count(*) FROM "{table}"') is None


@pytest.mark.postgres
def test_a_login_with_no_role_cannot_read_or_write(server: dict[str, str]) -> None:
    with pytest.raises(WorkspaceError, match="this login has no role on the workspace"):
        WorkspaceService.open(server["nobody"])
    assert _try(server["nobody"], "SELECT count(*) FROM funding_stream") == "42501"
    assert _try(server["nobody"], "DELETE FROM actual") == "42501"


AUDIT_INSERT = "INSERT INTO audit_log (at, who, action, kind, key) VALUES (now(), :who, 'update', :kind, 'x')"


@pytest.mark.postgres
@pytest.mark.parametrize(
    ("role", "kind", "who_self", "allowed"),
    [
        (r.EDITOR, "position", True, True),
        (r.EDITOR, "actual", True, False),  # an editor cannot write finance's entries
        (r.EDITOR, "period", True, False),
        (r.EDITOR, "position", False, False),  # nor anyone's but their own
        (r.FINANCE, "actual", True, True),
        (r.FINANCE, "period", True, True),
        (r.FINANCE, "position", True, False),
        (r.FINANCE, "actual", False, False),
        (r.VIEWER, "position", True, False),
        (r.ADMIN, "actual", True, True),
        (r.ADMIN, "position", False, False),
    ],
)
def test_audit_entries_are_row_checked(
    server: dict[str, str], role: str, kind: str, who_self: bool, allowed: bool
) -> None:
    who = server[f"login:{role}"] if who_self else "someone_else"
    outcome = _try(server[role], AUDIT_INSERT, {"who": who, "kind": kind})
    assert (outcome is None) == allowed, outcome


@pytest.mark.postgres
@pytest.mark.parametrize("role", r.ROLES)
def test_the_audit_trail_is_append_only(server: dict[str, str], role: str) -> None:
    assert _try(server[role], "UPDATE audit_log SET who = who") == "42501"
    assert _try(server[role], "DELETE FROM audit_log") == "42501"


@pytest.mark.postgres
def test_a_month_is_locked_only_in_ones_own_name(server: dict[str, str]) -> None:
    lock = "INSERT INTO period_lock (month, locked_by, locked_at) VALUES ('2022-03', :who, now())"
    assert _try(server[r.FINANCE], lock, {"who": server[f"login:{r.FINANCE}"]}) is None
    assert _try(server[r.FINANCE], lock, {"who": "someone_else"}) == "42501"
    assert _try(server[r.EDITOR], lock, {"who": server[f"login:{r.EDITOR}"]}) == "42501"


# -- through the services: each role × each write ---------------------------------------------


def _actual_batch() -> Step:
    actual = Actual(key="imp-1-000001", date=date(2022, 1, 15), amount=12_345, stream="combat", batch="imp-1")
    return Step(IMPORT_BATCH, "actual", "imp-1", None, ActualBatch("imp-1", (actual,), "gl.csv"))


def _writes() -> dict[str, tuple[str, Callable[[WorkspaceService], Any]]]:
    """name → (the capability it needs, the write)."""

    def update_salary(s: WorkspaceService) -> None:
        adv = s.load().positions[0]
        s.update("position", adv.key, dataclasses.replace(adv, annual_salary=adv.annual_salary + 100))

    def set_org(s: WorkspaceService) -> None:
        org = s.load().organization
        s.set_organization(dataclasses.replace(org, name=org.name + " (renamed)"))

    def edit_notes(s: WorkspaceService) -> None:
        application = s.load().applications[0]
        s.update("application", application.key, dataclasses.replace(application, notes="changed"))

    def add_deadline(s: WorkspaceService) -> None:
        s.create(Deadline(key="new_deadline", title="Report", date=date(2022, 6, 30)))

    def delete_deadline(s: WorkspaceService) -> None:
        s.delete("deadline", s.load().deadlines[0].key)

    def add_scenario(s: WorkspaceService) -> None:
        scenario = s.load().scenarios[0]
        s.create(dataclasses.replace(scenario, key="copy_of_" + scenario.key, name=scenario.name + " copy"))

    def change_allocation(s: WorkspaceService) -> None:
        allocation = s.load().allocations[0]
        s.apply([changes.update(allocation, dataclasses.replace(allocation, percent=allocation.percent / 2))])

    def award(s: WorkspaceService) -> None:
        application = next(a for a in s.load().applications if a.period_start and a.stream)
        s.apply(award_steps(plan_award(s.load(), application.key)))

    def unlock(s: WorkspaceService) -> None:
        s.unlock_months(JANUARY)

    def certify(s: WorkspaceService) -> None:
        from fundtracker.domain.records import EffortCertification, EffortShare
        from fundtracker.services.effort import certify_steps

        workspace = s.load()
        shares = (EffortShare(workspace.streams[0].key, Decimal(100)),)
        certification = EffortCertification(workspace.positions[0].key, "2022-01", shares, "Dana", date(2022, 2, 3))
        s.apply(certify_steps(workspace, certification))

    return {
        "update a salary": (r.PLAN, update_salary),
        "rename the organization": (r.PLAN, set_org),
        "edit an application": (r.PLAN, edit_notes),
        "add a deadline": (r.PLAN, add_deadline),
        "delete a deadline": (r.PLAN, delete_deadline),
        "add a scenario": (r.PLAN, add_scenario),
        "change an allocation": (r.PLAN, change_allocation),
        "import actual spending": (r.ACTUALS, lambda s: s.apply([_actual_batch()])),
        "map an account to a category": (
            r.ACTUALS,
            lambda s: s.apply(mapping_steps(s.load(), "plain", {"6500 Telephone": "supplies"})),
        ),
        "lock a month": (r.LOCKS, lambda s: s.lock_months(JANUARY)),
        "unlock a month": (r.LOCKS, unlock),
        "record an award": (r.AWARDS, award),
        "certify effort": (r.REPORTS, certify),
        "replace the workspace": (r.REPLACE, lambda s: s.replace_all(s.load())),
    }


def _may(role: str, capability: str) -> bool:
    if capability == r.AWARDS:  # an award changes a stream and an application: editors may too
        return role in (r.FINANCE, r.EDITOR, r.ADMIN)
    if capability == r.REPLACE:  # replacing everything (a copy) writes others' audit entries: the owner only
        return False
    return capability in r.CAPABILITIES[role]


def _prepare(server: dict[str, str], name: str) -> None:
    if name == "unlock a month":  # something to unlock
        with WorkspaceService.open(server["owner"]) as owner:
            owner.lock_months(JANUARY)


@pytest.mark.postgres
@pytest.mark.parametrize("role", r.ROLES)
@pytest.mark.parametrize("name", list(_writes()))
@pytest.mark.parametrize("check", ["app", "server"], ids=["app-checks", "server-only"])
def test_each_role_tries_each_write_through_the_services(
    fresh: dict[str, str], role: str, name: str, check: str
) -> None:
    capability, write = _writes()[name]
    _prepare(fresh, name)
    with WorkspaceService.open(fresh["owner"]) as owner:
        before = owner.database.load_document()
    with WorkspaceService.open(fresh[role]) as service:
        if check == "server":
            # As if the app did not check (another client): the server alone must refuse.
            service._access = Access(service.who, (), ALL, "unchecked")
        if _may(role, capability):
            write(service)
            with WorkspaceService.open(fresh["owner"]) as owner:
                assert owner.database.load_document() != before, "an allowed write changed nothing"
            return
        with pytest.raises(AccessError) as refused:
            write(service)
    message = str(refused.value)
    if check == "app":
        assert f"({role})" in message and ("needs the" in message or "owner" in message), message
    else:
        assert "refused" in message and ("permission denied" in message or "row-level security" in message), message
    with WorkspaceService.open(fresh["owner"]) as owner:
        assert owner.database.load_document() == before, "a refused write changed the workspace"


@pytest.mark.postgres
@pytest.mark.parametrize("role", [*r.ROLES, "owner"])
def test_the_app_reads_the_role(server: dict[str, str], role: str) -> None:
    with WorkspaceService.open(server[role]) as service:
        access = service.access
    if role == "owner":
        assert access.capabilities == ALL and access.label == "owner of the workspace"
        return
    assert access.roles[-1] == role and access.label == role
    assert access.capabilities == r.CAPABILITIES[role]
    if role == r.VIEWER:
        assert "needs the editor role" in access.why_not(r.PLAN)
        assert "needs the finance role" in access.why_not(r.LOCKS)


@pytest.mark.postgres
def test_grant_and_revoke(server: dict[str, str], capsys: pytest.CaptureFixture[str]) -> None:
    viewer = server[f"login:{r.VIEWER}"]
    # An admin (not the owner) grants and revokes the other roles.
    assert cli.run_command(["server", "grant", server[r.ADMIN], viewer, r.FINANCE]) == 0
    assert f"{viewer} is now finance" in capsys.readouterr().out
    with WorkspaceService.open(server[r.VIEWER]) as service:
        assert service.access.may(r.LOCKS) and not service.access.may(r.PLAN)
    assert cli.run_command(["server", "revoke", server[r.ADMIN], viewer, r.FINANCE]) == 0
    assert f"{viewer} is no longer finance" in capsys.readouterr().out
    with WorkspaceService.open(server[r.VIEWER]) as service:
        assert not service.access.may(r.LOCKS)
    # Only admins: an editor is refused, with what it needs.
    assert cli.run_command(["server", "grant", server[r.EDITOR], viewer, r.FINANCE]) == 1
    assert "needs an admin" in capsys.readouterr().err
    assert cli.run_command(["server", "grant", server["owner"], "no_such_login_x", r.EDITOR]) == 1
    assert "no login 'no_such_login_x'" in capsys.readouterr().err
    # Setup again (after an upgrade) keeps every membership.
    assert cli.run_command(["server", "setup", server["owner"]]) == 0
    with WorkspaceService.open(server[r.FINANCE]) as service:
        assert service.access.roles[-1] == r.FINANCE


@pytest.mark.postgres
def test_two_workspaces_on_one_server_have_their_own_roles(server: dict[str, str]) -> None:
    engine = create_engine(server["owner"])
    with engine.connect() as connection:
        names = [
            row[0]
            for row in connection.execute(
                text("SELECT rolname FROM pg_roles WHERE rolname LIKE :p"), {"p": DATABASE + "_%"}
            )
        ]
    engine.dispose()
    assert sorted(names) == sorted(r.group_role(DATABASE, role) for role in r.ROLES)


def test_a_workspace_file_has_every_capability(tmp_path: Any, sample: Any) -> None:
    with WorkspaceService.open(tmp_path / "w.fundtracker", create=True) as service:
        assert service.access.capabilities == ALL and not service.access.restricted
        service.replace_all(sample)
        assert service.access.label == "a workspace file"
