"""Workspace commands: sample, import, export-json, copy, check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from fundtracker.commands import options
from fundtracker.domain.errors import InputError
from fundtracker.domain.records import KINDS, WorkspaceHistory


def register(subparsers: Any) -> None:
    sample = subparsers.add_parser("sample", help="write the sample workspace (Kansas City story) to a file")
    sample.add_argument("out", help="new workspace file (.fundtracker) or .json")
    sample.add_argument("--as-of", metavar="YYYY-MM-DD", help="lay the story out from this day (default today)")
    sample.add_argument("--force", action="store_true", help="overwrite an existing file")
    sample.set_defaults(func=run_sample)

    imp = subparsers.add_parser(
        "import",
        help="import a JSON workspace (import WS.json --into WORKSPACE) or actual spending (import actuals WS FILE)",
        usage="fundtracker import WS.json --into WORKSPACE [--replace]\n"
        "       fundtracker import actuals WORKSPACE FILE [--mapping NAME] [options]",
    )
    imp.add_argument("source", help="workspace JSON file, or the word 'actuals'")
    imp.add_argument("operands", nargs="*", metavar="WORKSPACE FILE", help="with 'actuals': the workspace and the file")
    imp.add_argument("--into", metavar="WORKSPACE", help="workspace file or database URL")
    imp.add_argument("--replace", action="store_true", help="replace the records of an existing workspace")
    imp.set_defaults(func=run_import)

    exp = subparsers.add_parser("export-json", help="write a workspace as JSON (stdout unless -o)")
    exp.add_argument("workspace", help="workspace file, .json or database URL")
    exp.add_argument("-o", "--output", metavar="FILE", help="output file (written atomically)")
    exp.set_defaults(func=run_export_json)

    copy = subparsers.add_parser(
        "copy",
        help="copy a whole workspace (records, period locks, audit trail) between a file and a server",
        description="Copy everything a workspace holds from SOURCE to DEST in one step: a workspace file "
        "to a database URL (postgresql://…) or back, or to and from .json. The copy is written in one "
        "transaction (a new file appears complete or not at all); its export-json equals the source's.",
    )
    copy.add_argument("source", help="workspace file, .json or database URL to copy from")
    copy.add_argument("dest", help="new workspace file, .json or database URL to copy to")
    copy.add_argument("--replace", action="store_true", help="replace what an existing, non-empty destination holds")
    copy.set_defaults(func=run_copy)

    check = subparsers.add_parser("check", help="check a workspace's integrity and every record's rules")
    check.add_argument("workspace", help="workspace file, .json or database URL")
    check.set_defaults(func=run_check)


def run_sample(args: argparse.Namespace) -> int:
    from fundtracker.services.locations import public_location
    from fundtracker.services.sample import sample_workspace
    from fundtracker.services.transfer import write_workspace_to

    workspace = sample_workspace(options.as_of(args.as_of))
    write_workspace_to(workspace, args.out, replace=args.force, action="sample")
    print(f"wrote the sample workspace to {public_location(args.out)}")
    return 0


def run_import(args: argparse.Namespace) -> int:
    from fundtracker.services.locations import is_database_url, read_document
    from fundtracker.services.transfer import write_workspace_to

    if args.source == "actuals":
        from fundtracker.commands.actuals import run_import_actuals

        return run_import_actuals(args)
    if args.operands or not args.into:
        raise InputError("usage: fundtracker import WS.json --into WORKSPACE (or: import actuals WORKSPACE FILE)")

    from fundtracker.services.locations import check_output, public_location

    if not is_database_url(args.into):
        check_output(args.into, args.source, into_workspace=True)
    workspace, history = read_document(args.source)
    write_workspace_to(workspace, args.into, replace=args.replace, action="import", history=history)
    where = public_location(args.into)
    print(
        f"imported {len(workspace.streams)} streams, {len(workspace.positions)} positions, "
        f"{len(workspace.expenses)} expenses, {len(workspace.allocations)} allocations"
        + (f", {len(workspace.awards)} award{'s' if len(workspace.awards) != 1 else ''}" if workspace.awards else "")
        + f"{_history_counts(history)} into {where}"
    )
    return 0


def _history_counts(history: WorkspaceHistory | None) -> str:
    if history is None:
        return ""
    return f", {len(history.period_locks)} locked months, {len(history.audit)} audit entries"


def run_copy(args: argparse.Namespace) -> int:
    from fundtracker.services.locations import check_output, is_database_url, public_location, read_document
    from fundtracker.services.transfer import write_workspace_to

    source, dest = public_location(args.source), public_location(args.dest)  # never a password
    if _same_location(args.source, args.dest):
        raise InputError(f"{dest}: the source and the destination are the same workspace")
    if not is_database_url(args.dest):
        check_output(args.dest, args.source, into_workspace=True)  # also through a link or a sidecar
    workspace, history = read_document(args.source)
    write_workspace_to(workspace, args.dest, replace=args.replace, action="copy", history=history)
    records = sum(len(workspace.records(kind)) for kind in KINDS)
    print(f"copied {records} records{_history_counts(history)} from {source} to {dest}")
    return 0


def _same_location(source: str, dest: str) -> bool:
    from fundtracker.services.locations import is_database_url
    from fundtracker.store.database import url_for

    if is_database_url(source) or is_database_url(dest):
        return url_for(source) == url_for(dest)
    try:
        return Path(source).resolve() == Path(dest).resolve()
    except OSError:
        return False


def run_export_json(args: argparse.Namespace) -> int:
    from fundtracker.services.locations import check_output, read_document
    from fundtracker.store import json_format

    if args.output:
        check_output(args.output, args.workspace)
    workspace, history = read_document(args.workspace)
    if args.output:
        json_format.write_file(workspace, Path(args.output), history)
    else:
        sys.stdout.write(json_format.dumps(workspace, history))
    return 0


def run_check(args: argparse.Namespace) -> int:
    from fundtracker.services.integrity import check_workspace
    from fundtracker.services.locations import public_location

    problems = check_workspace(args.workspace)
    where = public_location(args.workspace)
    for problem in problems:
        print(f"problem: {problem}")
    if problems:
        print(f"{where}: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"{where}: ok")
    return 0
