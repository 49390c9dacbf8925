"""The roles of a workspace on PostgreSQL: group roles, table privileges, row-level security.

:func:`setup` turns :data:`fundtracker.store.roles.TABLE_ACCESS` into SQL (idempotent: run it again
after an upgrade adds tables); :func:`grant` and :func:`revoke` change one login's membership;
:func:`memberships` reads which roles the connected user has. Every name is quoted as an identifier.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, text
from sqlmodel import SQLModel

from fundtracker.domain.errors import InputError, WorkspaceError
from fundtracker.store import roles as r
from fundtracker.store import tables  # noqa: F401  (fills SQLModel.metadata)


def quote(connection: Connection, name: str) -> str:
    return connection.dialect.identifier_preparer.quote_identifier(name)


def database_name(connection: Connection) -> str:
    return str(connection.execute(text("SELECT current_database()")).scalar_one())


def group_roles(connection: Connection) -> dict[str, str]:
    """role → the server's group role name for this database."""
    database = database_name(connection)
    return {role: r.group_role(database, role) for role in r.ROLES}


def schema_tables() -> list[str]:
    """Every table of the workspace schema, as SQLModel's metadata declares it."""
    return [table.name for table in SQLModel.metadata.sorted_tables]


def unclassified_tables() -> list[str]:
    return [name for name in schema_tables() if name not in r.TABLE_ACCESS]


def setup(connection: Connection) -> list[str]:
    """Create the group roles and grant each its privileges; returns what was done, one line each.

    Run by the workspace's owner (who made its tables) with the CREATEROLE privilege. Everything
    is reset to :data:`TABLE_ACCESS` first, so running it again after an upgrade is safe.
    """
    missing = unclassified_tables()
    if missing:  # pragma: no cover - a test keeps TABLE_ACCESS complete
        raise WorkspaceError(f"tables with no role classification: {', '.join(missing)}")
    names = group_roles(connection)
    q = {role: quote(connection, name) for role, name in names.items()}
    done: list[str] = []
    existing = {
        row[0]
        for row in connection.execute(
            text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:n)"), {"n": list(names.values())}
        )
    }
    for role in r.ROLES:
        if names[role] not in existing:
            connection.execute(text(f"CREATE ROLE {q[role]} NOLOGIN"))
            done.append(f"created role {names[role]} ({r.ROLE_DOES[role]})")
        else:
            done.append(f"role {names[role]} exists ({r.ROLE_DOES[role]})")
    for role, included in r.ROLE_INCLUDES.items():
        for other in included:
            connection.execute(text(f"GRANT {q[other]} TO {q[role]}"))
    # Admins grant and revoke the other roles (the admin role itself: the owner, see the README).
    for role in (r.VIEWER, r.EDITOR, r.FINANCE):
        connection.execute(text(f"GRANT {q[role]} TO {q[r.ADMIN]} WITH ADMIN OPTION"))
    everyone = ", ".join(q.values())
    for table in [*schema_tables(), *r.READ_ONLY_TABLES]:
        t = quote(connection, table)
        connection.execute(text(f"REVOKE ALL ON {t} FROM {everyone}"))
        connection.execute(text(f"GRANT SELECT ON {t} TO {q[r.VIEWER]}"))
    for table in schema_tables():
        _grant_table(connection, table, r.TABLE_ACCESS[table], q)
    done.append(f"granted privileges on {len(schema_tables())} tables")
    return done


def _grant_table(connection: Connection, table: str, access: r.TableAccess, q: dict[str, str]) -> None:
    t = quote(connection, table)
    inserters: list[str] = []
    for role in access.writers:
        connection.execute(text(f"GRANT INSERT, UPDATE, DELETE ON {t} TO {q[role]}"))
        inserters.append(role)
    for role, may_insert, columns in access.partial:
        if may_insert:
            connection.execute(text(f"GRANT INSERT ON {t} TO {q[role]}"))
            inserters.append(role)
        if columns:
            listed = ", ".join(quote(connection, column) for column in columns)
            connection.execute(text(f"GRANT UPDATE ({listed}) ON {t} TO {q[role]}"))
    sequence = connection.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table}).scalar()
    if sequence and inserters:
        roles = ", ".join(q[role] for role in inserters)
        connection.execute(text(f"GRANT USAGE, SELECT ON SEQUENCE {sequence} TO {roles}"))
    policies = dict(access.policies)
    existing = [
        row[0]
        for row in connection.execute(text("SELECT policyname FROM pg_policies WHERE tablename = :t"), {"t": table})
    ]
    for name in existing:
        if name.startswith("fundtracker_"):
            connection.execute(text(f"DROP POLICY {quote(connection, name)} ON {t}"))
    if not policies:
        connection.execute(text(f"ALTER TABLE {t} DISABLE ROW LEVEL SECURITY"))
        return
    connection.execute(text(f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY"))
    connection.execute(text(f"CREATE POLICY fundtracker_read ON {t} FOR SELECT TO {q[r.VIEWER]} USING (true)"))
    for role, condition in policies.items():
        connection.execute(
            text(f"CREATE POLICY fundtracker_{role}_insert ON {t} FOR INSERT TO {q[role]} WITH CHECK ({condition})")
        )
        if role in access.writers:
            connection.execute(
                text(
                    f"CREATE POLICY fundtracker_{role}_update ON {t} FOR UPDATE TO {q[role]} "
                    f"USING (true) WITH CHECK ({condition})"
                )
            )
            connection.execute(
                text(f"CREATE POLICY fundtracker_{role}_delete ON {t} FOR DELETE TO {q[role]} USING (true)")
            )


def _require_setup(connection: Connection, names: dict[str, str]) -> None:
    found = {
        row[0]
        for row in connection.execute(
            text("SELECT rolname FROM pg_roles WHERE rolname = ANY(:n)"), {"n": list(names.values())}
        )
    }
    if len(found) < len(names):
        raise WorkspaceError(
            f"the roles of database {database_name(connection)!r} are not set up; run: fundtracker server setup URL"
        )


def _check_role(role: str) -> None:
    if role not in r.ROLES:
        raise InputError(f"is not a role; choose one of {', '.join(r.ROLES)}", "ROLE")


def _check_login(connection: Connection, user: str) -> None:
    row = connection.execute(text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :u"), {"u": user}).first()
    if row is None:
        raise InputError(f"no login {user!r} on this server; create it first (createuser --pwprompt {user})", "USER")


def grant(connection: Connection, user: str, role: str) -> str:
    """Make ``user`` (an existing login) a member of ``role`` for this database."""
    _check_role(role)
    names = group_roles(connection)
    _require_setup(connection, names)
    _check_login(connection, user)
    connection.execute(text(f"GRANT {quote(connection, names[role])} TO {quote(connection, user)}"))
    return f"{user} is now {role} ({r.ROLE_DOES[role]}) on {database_name(connection)}"


def revoke(connection: Connection, user: str, role: str) -> str:
    _check_role(role)
    names = group_roles(connection)
    _require_setup(connection, names)
    _check_login(connection, user)
    member = connection.execute(
        text(
            "SELECT 1 FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "JOIN pg_roles u ON u.oid = m.member WHERE g.rolname = :g AND u.rolname = :u"
        ),
        {"g": names[role], "u": user},
    ).first()
    if member is None:
        return f"{user} was not {role} on {database_name(connection)}; nothing changed"
    connection.execute(text(f"REVOKE {quote(connection, names[role])} FROM {quote(connection, user)}"))
    return f"{user} is no longer {role} on {database_name(connection)}"


def memberships(connection: Connection) -> dict[str, Any]:
    """Who is connected and what they may do: user, superuser/owner, and the roles they hold.

    Returns a dict: ``user``, ``owner`` (superuser, or owns the workspace's tables: may do
    everything), ``set_up`` (the group roles exist), ``roles`` (the roles whose privileges the user has).
    """
    names = group_roles(connection)
    user = str(connection.execute(text("SELECT current_user")).scalar_one())
    owner = bool(
        connection.execute(
            text(
                "SELECT r.rolsuper OR EXISTS (SELECT 1 FROM pg_tables t WHERE t.tablename = 'audit_log' "
                "AND t.schemaname = current_schema() AND pg_has_role(r.oid, t.tableowner, 'USAGE')) "
                "FROM pg_roles r WHERE r.rolname = current_user"
            )
        ).scalar()
    )
    rows = connection.execute(
        text("SELECT rolname, pg_has_role(current_user, oid, 'USAGE') FROM pg_roles WHERE rolname = ANY(:n)"),
        {"n": list(names.values())},
    ).all()
    held = {name for name, has in rows if has}
    return {
        "user": user,
        "owner": owner,
        "set_up": len(rows) == len(names),
        "roles": tuple(role for role in r.ROLES if names[role] in held),
    }
