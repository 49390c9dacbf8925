"""``fundtracker audit WORKSPACE``: the audit trail in words, as a table, CSV or JSON."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "audit", help="the audit trail: who changed what, when, before → after (oldest first)"
    )
    parser.add_argument("workspace", help="workspace file, .json or database URL")
    parser.add_argument("--since", metavar="YYYY-MM-DD", help="only changes made on or after this day (UTC)")
    parser.add_argument(
        "--kind", metavar="K", help="only changes to this kind: stream, position, actual, period, scenario …"
    )
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from fundtracker.domain.errors import InputError
    from fundtracker.domain.months import parse_date
    from fundtracker.exports.table_file import csv_lines
    from fundtracker.services.audit_export import HEADERS, audit_lines, parse_kind, table_text
    from fundtracker.services.locations import read_document

    try:
        since = parse_date(args.since) if args.since is not None else None
    except InputError as exc:
        raise exc.at("--since") from None
    kind = parse_kind(args.kind)
    workspace, history = read_document(args.workspace)
    lines = audit_lines(history.audit if history else (), workspace, since=since, kind=kind)
    if args.format == "json":
        json.dump([line.as_dict() for line in lines], sys.stdout, indent=2, ensure_ascii=False)
        print()
    elif args.format == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        rows = csv_lines(HEADERS, (line.cells() for line in lines))
        writer.writerows(rows)
    else:
        print(table_text(lines))
    return 0
