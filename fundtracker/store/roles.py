"""Who may change what on a team server: the four roles and every table's classification.

The one place that says which role writes which table. ``fundtracker server setup`` turns it into
PostgreSQL group roles, table privileges and row-level security, so the server refuses what a role
may not do whatever client connects; the app reads the same table to disable what it may not do.

Roles (a higher one includes the lower ones it names):

- **viewer** reads everything.
- **editor** (viewer +) changes the plan, applications and scenarios.
- **finance** (viewer +) changes actual spending, locks months and records awards.
- **admin** (editor + finance +) grants and revokes roles.

A new table must be added to :data:`TABLE_ACCESS` (a test fails until it is), so a table added by
a migration is never left writable by nobody or by everybody by accident.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

VIEWER = "viewer"
EDITOR = "editor"
FINANCE = "finance"
ADMIN = "admin"
ROLES = (VIEWER, EDITOR, FINANCE, ADMIN)

# What each role may do, in words (tooltips, the status bar, `server` output).
ROLE_DOES = {
    VIEWER: "read everything",
    EDITOR: "change the plan, applications and scenarios",
    FINANCE: "change actual spending, lock months and record awards",
    ADMIN: "do everything, and grant and revoke roles",
}
# Which roles a role is a member of on the server (so it has their privileges too).
ROLE_INCLUDES = {
    VIEWER: (),
    EDITOR: (VIEWER,),
    FINANCE: (VIEWER,),
    ADMIN: (EDITOR, FINANCE),
}

# Capabilities the app checks before offering an action.
PLAN = "plan"  # streams, positions, expenses, allocations, scenarios, applications, deadlines, organization
ACTUALS = "actuals"  # import, reclassify and undo actual spending
LOCKS = "locks"  # lock and unlock months
AWARDS = "awards"  # record an award (rewrites the stream's amount, period and status)
REPORTS = "reports"  # certify effort, mark reports submitted (compliance records)
GRANTS = "roles"  # grant and revoke roles
REPLACE = "replace"  # replace every record and the audit trail (import, copy): the owner only
CAPABILITIES = {
    VIEWER: frozenset(),
    EDITOR: frozenset({PLAN}),
    FINANCE: frozenset({ACTUALS, LOCKS, AWARDS, REPORTS}),
    ADMIN: frozenset({PLAN, ACTUALS, LOCKS, AWARDS, REPORTS, GRANTS}),
}
# The role a capability needs, for "… needs the finance role".
OWNER = "owner"  # who made the workspace's tables: PostgreSQL lets a table's owner do anything
NEEDED_ROLE = {
    PLAN: EDITOR,
    ACTUALS: FINANCE,
    LOCKS: FINANCE,
    AWARDS: FINANCE,
    REPORTS: FINANCE,
    GRANTS: ADMIN,
    REPLACE: OWNER,
}
# The words for a capability, for "your role may not {…}".
CAPABILITY_TEXT = {
    PLAN: "change the plan, applications or scenarios",
    ACTUALS: "change actual spending",
    LOCKS: "lock or unlock months",
    AWARDS: "record awards",
    REPORTS: "certify effort or record report submissions",
    GRANTS: "grant or revoke roles",
    REPLACE: "replace the whole workspace",
}


@dataclass(frozen=True)
class TableAccess:
    """Which roles write one table (every role reads every table).

    Attributes:
        writers: roles with INSERT, UPDATE and DELETE on the whole table.
        partial: role → (may insert rows, columns it may update): a narrower grant, e.g. finance
            recording an award updates a stream's amount, period and status but nothing else.
        policies: row-level security: role → the condition a row it inserts must meet (SQL over the
            table's columns). A table with policies has RLS enabled; every role then reads all rows.
        capability: the app's capability for writing it (what it disables when the role lacks it).
    """

    writers: tuple[str, ...]
    capability: str
    partial: tuple[tuple[str, bool, tuple[str, ...]], ...] = ()
    policies: tuple[tuple[str, str], ...] = ()


_PLAN = TableAccess(writers=(EDITOR,), capability=PLAN)
_AWARD = TableAccess(writers=(EDITOR, FINANCE), capability=AWARDS)
# Record kinds whose audit entries each role may write (row-level security on audit_log).
PLAN_KINDS = (
    "organization",
    "stream",
    "position",
    "expense",
    "allocation",
    "scenario",
    "application",
    "text_block",
    "deadline",
    "award",  # an editor may record an award (it changes the plan's stream)
)
FINANCE_KINDS = (
    "actual",
    "period",
    "stream",
    "application",
    "award",
    "account_category",
    "effort",
    "report_submission",
)


def _kinds(kinds: tuple[str, ...]) -> str:
    return ", ".join(f"'{kind}'" for kind in kinds)


# Every table of the schema (SQLModel metadata; a test checks none is missing) and who writes it.
TABLE_ACCESS: dict[str, TableAccess] = {
    "organization": _PLAN,
    "funding_stream": TableAccess(
        writers=(EDITOR,),
        capability=PLAN,
        # Recording an award creates the award's stream or rewrites these columns of its stream.
        partial=((FINANCE, True, ("amount", "start", "end", "status", "probability", "version")),),
    ),
    "tranche": _PLAN,
    "position": _PLAN,
    "expense": _PLAN,
    "allocation": _PLAN,
    "scenario": _PLAN,
    "scenario_override": _PLAN,
    "application": TableAccess(
        writers=(EDITOR,),
        capability=PLAN,
        partial=((FINANCE, False, ("status", "stream", "version")),),  # an award marks it awarded
    ),
    "application_section": _PLAN,
    "milestone": _PLAN,
    "text_block": _PLAN,
    "deadline": _PLAN,
    "actual": TableAccess(writers=(FINANCE,), capability=ACTUALS),
    # An award's record and what happens after it (docs/awards.md): its drawdown requests and
    # payments, program income, obligations and budget amendments. Recording an award is finance's
    # and editors' alike (it also changes a stream and an application), so both write these.
    **{
        table: _AWARD
        for table in (
            "award",
            "award_match_stream",
            "award_budget_version",
            "award_budget_amount",
            "award_program_income",
            "award_obligation",
            "award_drawdown",
            "award_payment",
        )
    },
    # Which category an account's rows are sorted into: part of how actual spending is read.
    "account_category": TableAccess(writers=(FINANCE,), capability=ACTUALS),
    # Compliance records (issue 16): effort certified after the fact, reports submitted.
    "effort_certification": TableAccess(writers=(FINANCE,), capability=REPORTS),
    "report_submission": TableAccess(writers=(FINANCE,), capability=REPORTS),
    # A lock names who locked it: nobody locks a month in another's name.
    "period_lock": TableAccess(writers=(FINANCE,), capability=LOCKS, policies=((FINANCE, "locked_by = current_user"),)),
    # Append-only for everyone (insert, never update or delete), and each role writes only the
    # entries of what it may change, under its own name.
    "audit_log": TableAccess(
        writers=(),
        capability=PLAN,
        partial=((EDITOR, True, ()), (FINANCE, True, ())),
        policies=(
            (EDITOR, f"who = current_user AND kind IN ({_kinds(PLAN_KINDS)})"),
            (FINANCE, f"who = current_user AND kind IN ({_kinds(FINANCE_KINDS)})"),
        ),
    ),
}
# Tables every role only reads, whatever they are (the schema revision).
READ_ONLY_TABLES = ("alembic_version",)

MAX_IDENTIFIER = 63  # PostgreSQL truncates longer names


def group_role(database: str, role: str) -> str:
    """The server's group role for ``role`` in ``database`` (``team_editor``): one set per workspace.

    Roles are global to a PostgreSQL server, so the database name keeps two workspaces on one server
    apart. A long database name is shortened with a hash so the name stays unique within 63 bytes.
    """
    name = f"{database}_{role}"
    if len(name.encode()) <= MAX_IDENTIFIER:
        return name
    digest = hashlib.sha1(database.encode()).hexdigest()[:8]
    prefix = database.encode()[: MAX_IDENTIFIER - len(role) - len(digest) - 2].decode(errors="ignore")
    return f"{prefix}_{digest}_{role}"


def role_capabilities(role: str) -> frozenset[str]:
    return CAPABILITIES[role]
