"""Workspace commands: sample, import, export-json, check."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from fundtracker.commands import options
from fundtracker.domain.errors import InputError


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
    from fundtracker.services.locations import is_database_url, read_workspace
    from fundtracker.services.transfer import write_workspace_to

    if args.source == "actuals":
        from fundtracker.commands.actuals import run_import_actuals

        return run_import_actuals(args)
    if args.operands or not args.into:
        raise InputError("usage: fundtracker import WS.json --into WORKSPACE (or: import actuals WORKSPACE FILE)")

    from fundtracker.services.locations import check_output, public_location

    if not is_database_url(args.into):
        check_output(args.into, args.source, into_workspace=True)
    workspace = read_workspace(args.source)
    write_workspace_to(workspace, args.into, replace=args.replace, action="import")
    where = public_location(args.into)
    print(
        f"imported {len(workspace.streams)} streams, {len(workspace.positions)} positions, "
        f"{len(workspace.expenses)} expenses, {len(workspace.allocations)} allocations into {where}"
    )
    return 0


def run_export_json(args: argparse.Namespace) -> int:
    from fundtracker.services.locations import check_output, read_workspace
    from fundtracker.store import json_format

    if args.output:
        check_output(args.output, args.workspace)
    workspace = read_workspace(args.workspace)
    if args.output:
        json_format.write_file(workspace, Path(args.output))
    else:
        sys.stdout.write(json_format.dumps(workspace))
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
