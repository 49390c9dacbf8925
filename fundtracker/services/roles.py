"""What the person using a workspace may change: read from the server on open, checked before writing.

The server enforces the roles (:mod:`fundtracker.store.server_roles`); this module reads them so the
app can disable what a role may not do and say why, and so a refused change gets a clear message
before anything is sent. A workspace file has no roles: whoever may write the file may change it all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError

from fundtracker.domain.errors import WorkspaceError
from fundtracker.services.changes import CREATE, IMPORT_BATCH, ORGANIZATION, REMOVE_BATCH, UPDATE, Step
from fundtracker.store import roles as r
from fundtracker.store.roles import ACTUALS, AWARDS, CAPABILITY_TEXT, LOCKS, PLAN, REPLACE, REPORTS

__all__ = ["ACTUALS", "AWARDS", "CAPABILITY_TEXT", "LOCKS", "PLAN", "REPLACE", "REPORTS", "Access", "AccessError"]
from fundtracker.store.database import Database, describe, first_line

ALL = frozenset(r.NEEDED_ROLE)
# What an award may change (the server's column grants to finance say the same).
_AWARD_FIELDS = {
    "stream": {"amount", "start", "end", "status", "probability"},
    "application": {"status", "stream"},
}


class AccessError(WorkspaceError):
    """The user's role may not make this change (refused before writing, or by the server)."""


@dataclass(frozen=True)
class Access:
    """The connected user and what they may do.

    Attributes:
        user: the database user (or the OS user for a file).
        roles: the roles held (``("editor",)``); empty for the owner, a file or an unmanaged server.
        capabilities: :data:`fundtracker.store.roles.CAPABILITIES` values the user has.
        note: how the access was decided, for people ("owner of the workspace", "a workspace file" …).
    """

    user: str
    roles: tuple[str, ...]
    capabilities: frozenset[str]
    note: str = ""

    @property
    def label(self) -> str:
        """The role in words: "viewer", "editor and finance", "owner"…"""
        if self.note and not self.roles:
            return self.note
        shown = [role for role in self.roles if not any(role in r.ROLE_INCLUDES[o] for o in self.roles)]
        return " and ".join(shown) or "no role"

    @property
    def restricted(self) -> bool:
        return self.capabilities != ALL

    def may(self, capability: str) -> bool:
        return capability in self.capabilities

    def why_not(self, capability: str) -> str:
        """Why ``capability`` is refused, and who can change that; "" when it is allowed."""
        if self.may(capability):
            return ""
        needed = r.NEEDED_ROLE[capability]
        if needed == r.OWNER:
            return f"{self.user} ({self.label}) may not {r.CAPABILITY_TEXT[capability]}: only the workspace's owner may"
        return (
            f"{self.user} ({self.label}) may not {r.CAPABILITY_TEXT[capability]}: that needs the {needed} role "
            f"(an admin runs: fundtracker server grant URL {self.user} {needed})"
        )

    def check(self, options: Iterable[frozenset[str]]) -> None:
        """AccessError unless, for each step, the user has one of the capabilities that allow it."""
        for allowed in options:
            if not allowed & self.capabilities:
                raise AccessError(self.why_not(min(allowed, key=lambda c: c != r.PLAN)))

    def summary(self) -> str:
        """One line for the status bar: who, which role, what they may do."""
        if not self.roles:
            return f"{self.user}: {self.label}; may change everything"
        may = "; ".join(r.ROLE_DOES[role] for role in self.roles if role != r.VIEWER) or r.ROLE_DOES[r.VIEWER]
        return f"{self.user} ({self.label}): may {may}"


FULL_FILE = "a workspace file"


def read_access(database: Database, user: str) -> Access:
    """The connected user's access (a file: everything; a server: its roles)."""
    if database.is_sqlite:
        return Access(user, (), ALL, FULL_FILE)
    from fundtracker.store.server_roles import memberships

    try:
        with database.engine.connect() as connection:
            found = memberships(connection)
    except DBAPIError as exc:
        # The server still enforces the roles; the app just cannot say which one beforehand.
        return Access(user, (), ALL, f"role unknown ({first_line(exc, database.url)})")
    if found["owner"]:
        return Access(found["user"], (), ALL, "owner of the workspace")
    if not found["set_up"]:
        # No roles on this server yet: the server's own grants decide; the app offers everything.
        return Access(found["user"], (), ALL, "roles not set up")
    capabilities: frozenset[str] = frozenset()
    for role in found["roles"]:
        capabilities |= r.CAPABILITIES[role]
    return Access(found["user"], found["roles"], capabilities)


def step_options(steps: Sequence[Step]) -> list[frozenset[str]]:
    """For each step, the capabilities any one of which allows it."""
    options = []
    for step in steps:
        if step.kind in ("actual", "account_category") or step.action in (IMPORT_BATCH, REMOVE_BATCH):
            options.append(frozenset({r.ACTUALS}))
        elif step.action == ORGANIZATION:
            options.append(frozenset({r.PLAN}))
        elif step.kind in ("effort", "report_submission"):
            options.append(frozenset({r.REPORTS}))
        elif step.kind == "award":
            options.append(frozenset({r.PLAN, r.AWARDS}))  # the award record, its draws and payments
        elif _award_like(step):
            options.append(frozenset({r.PLAN, r.AWARDS}))
        else:
            options.append(frozenset({r.PLAN}))
    return options


def _award_like(step: Step) -> bool:
    """A change an award makes: a new stream, or only the award's fields of a stream or application."""
    fields = _AWARD_FIELDS.get(step.kind)
    if fields is None:
        return False
    if step.action == CREATE:
        return step.kind == "stream"
    if step.action != UPDATE or step.before is None or step.after is None:
        return False
    import dataclasses

    before, after = dataclasses.asdict(step.before), dataclasses.asdict(step.after)
    return {name for name in before if before[name] != after.get(name)} <= fields


def refused_by_server(exc: DBAPIError) -> bool:
    """The server's "permission denied" / row-level security refusal (SQLSTATE 42501)."""
    return getattr(exc.orig, "pgcode", None) == "42501"


def _server(url: str) -> Database:
    from fundtracker.domain.locations import is_database_url, public_location

    if not is_database_url(url) or url.startswith("sqlite"):
        raise WorkspaceError(f"{public_location(url)}: roles live on a database server; give a postgresql:// URL")
    return Database.open(url, create=True)


def _on_server(url: str, work: Callable[[Connection], list[str] | str]) -> list[str]:
    """Run ``work`` in one transaction on the workspace at ``url``; a refusal says what it needs."""
    database = _server(url)
    try:
        with database.engine.begin() as connection:
            result = work(connection)
    except DBAPIError as exc:
        if refused_by_server(exc):
            raise AccessError(
                f"{describe(database.url)}: the server refused ({first_line(exc, url)}); setting up roles needs the "
                "workspace's owner with the CREATEROLE privilege; granting and revoking needs an admin"
            ) from exc
        raise WorkspaceError(f"{describe(database.url)}: {first_line(exc, url)}") from exc
    finally:
        database.close()
    return [result] if isinstance(result, str) else result


def setup_server(url: str) -> list[str]:
    """``fundtracker server setup URL``: the workspace's group roles, privileges and row security."""
    from fundtracker.store import server_roles

    return _on_server(url, server_roles.setup)


def grant_role(url: str, user: str, role: str) -> str:
    from fundtracker.store import server_roles

    return _on_server(url, lambda connection: server_roles.grant(connection, user, role))[0]


def revoke_role(url: str, user: str, role: str) -> str:
    from fundtracker.store import server_roles

    return _on_server(url, lambda connection: server_roles.revoke(connection, user, role))[0]
