"""``fundtracker server setup|grant|revoke``: the roles of a shared workspace on PostgreSQL.

``setup URL`` creates the workspace's group roles (viewer, editor, finance, admin, named after the
database) and grants them their privileges; ``grant URL USER ROLE`` and ``revoke URL USER ROLE``
change what one login may do. The server enforces the roles whatever client connects.
"""

from __future__ import annotations

import argparse
from typing import Any

from fundtracker.store.roles import ROLE_DOES, ROLES


def register(subparsers: Any) -> None:
    roles_help = "; ".join(f"{role}: {ROLE_DOES[role]}" for role in ROLES)
    server = subparsers.add_parser(
        "server",
        help="set up the roles of a shared workspace on PostgreSQL, and grant or revoke them",
        description=f"Roles of a workspace on a PostgreSQL server ({roles_help}).",
    )
    actions = server.add_subparsers(dest="server_action", metavar="ACTION", required=True)
    setup = actions.add_parser(
        "setup",
        help="create the workspace's group roles and grant their privileges (run again after an upgrade)",
        description="Create the group roles DB_viewer, DB_editor, DB_finance and DB_admin for the workspace "
        "at URL (making its schema if the database is empty) and grant their privileges. Run it as the "
        "workspace's owner with the CREATEROLE privilege. Safe to run again.",
    )
    setup.add_argument("url", help="the workspace's database URL (postgresql://owner@host/db)")
    setup.set_defaults(func=run_setup)
    for name, verb in (("grant", "give"), ("revoke", "take away")):
        action = actions.add_parser(name, help=f"{verb} a login one role on the workspace")
        action.add_argument("url", help="the workspace's database URL")
        action.add_argument("user", help="an existing PostgreSQL login")
        action.add_argument("role", choices=ROLES, help="the role")
        action.set_defaults(func=run_grant if name == "grant" else run_revoke)


def run_setup(args: argparse.Namespace) -> int:
    from fundtracker.services.locations import public_location
    from fundtracker.services.roles import setup_server

    for line in setup_server(args.url):
        print(line)
    print(
        f"roles ready on {public_location(args.url)}; give people a role with: fundtracker server grant URL USER ROLE"
    )
    return 0


def run_grant(args: argparse.Namespace) -> int:
    from fundtracker.services.roles import grant_role

    print(grant_role(args.url, args.user, args.role))
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    from fundtracker.services.roles import revoke_role

    print(revoke_role(args.url, args.user, args.role))
    return 0
