"""``fundtracker import actuals WORKSPACE FILE`` and ``fundtracker report budget-vs-actual WORKSPACE``.

``import`` itself is registered by :mod:`fundtracker.commands.workspace` (``import WS.json
--into WORKSPACE``); this module adds the actual-spending options to it, and
``run_import`` there hands ``import actuals …`` over to :func:`run_import_actuals`.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path
from typing import Any

from fundtracker.commands import options
from fundtracker.domain.errors import InputError, ValidationError
from fundtracker.domain.money import format_money


def register(subparsers: Any) -> None:
    imp = subparsers.choices["import"]
    group = imp.add_argument_group("actual spending (import actuals WORKSPACE FILE)")
    group.add_argument("--mapping", metavar="NAME", help="use a saved column mapping")
    group.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="map a column: date, amount, debit, credit, category, code, memo, stream (repeatable)",
    )
    group.add_argument(
        "--code", action="append", default=[], metavar="CODE=STREAM", help="a fund/grant code meaning a stream"
    )
    group.add_argument("--save-mapping", metavar="NAME", help="remember the mapping used under NAME")
    group.add_argument("--encoding", metavar="ENC", help="text encoding of a CSV (default UTF-8)")
    group.add_argument("--preview", action="store_true", help="show the mapping and the first rows; import nothing")
    group.add_argument("--skip-duplicates", action="store_true", help="import only rows not imported before")
    group.add_argument("--skip-bad-rows", action="store_true", help="import the good rows even if some are bad")
    group.add_argument(
        "--post-late-bills",
        action="store_true",
        help="post rows dated in a locked month to the first open month after it (their dates are kept)",
    )
    group.add_argument("--undo", metavar="BATCH", help="remove an imported batch (import actuals WORKSPACE --undo B)")
    group.add_argument("--batches", action="store_true", help="list imported batches (import actuals WORKSPACE)")
    group.add_argument(
        "--account",
        action="append",
        default=[],
        metavar="ACCOUNT=CATEGORY",
        help="remember in the workspace that ACCOUNT's rows are CATEGORY, for files of this layout (repeatable)",
    )
    group.add_argument(
        "--accounts", action="store_true", help="list the workspace's account → category mapping (import actuals WS)"
    )

    report = subparsers.add_parser("report", help="reports: budget-vs-actual")
    kinds = report.add_subparsers(dest="report_kind", metavar="REPORT", required=True)
    bva = kinds.add_parser("budget-vs-actual", help="budgeted vs actual spending per stream and category")
    bva.add_argument("workspace", help="workspace file, .json or database URL")
    bva.add_argument("--format", choices=("table", "csv", "json"), default="table")
    bva.add_argument("--as-of", metavar="YYYY-MM-DD", help="spending to this day (default today)")
    bva.set_defaults(func=run_budget_vs_actual)


def _pairs(items: list[str], option: str) -> dict[str, str]:
    pairs = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise InputError(f"{item!r} is not NAME=VALUE", option)
        pairs[name.strip()] = value.strip()
    return pairs


def _usage() -> int:
    print("usage: fundtracker import actuals WORKSPACE FILE [--mapping NAME]", file=sys.stderr)
    print("fundtracker import actuals: error: give the workspace and the file to import", file=sys.stderr)
    return 2


def run_import_actuals(args: argparse.Namespace) -> int:
    from fundtracker.exports import actuals_import as files
    from fundtracker.services import account_categories, actuals
    from fundtracker.services.locations import is_database_url, public_location
    from fundtracker.services.startup import mappings_path
    from fundtracker.services.workspace import WorkspaceService

    operands = list(args.operands)
    if not operands:
        return _usage()
    location = operands[0]
    where = public_location(location)  # what is printed: never a server URL's password
    if not is_database_url(location) and location.lower().endswith(".json"):
        raise InputError("import actual spending into a workspace file (.fundtracker) or database", where)
    if args.accounts and len(operands) == 1:
        return _print_accounts(location)
    if args.undo or args.batches:
        with WorkspaceService.open(location) as service:
            if args.undo:
                count = actuals.undo_import(service, args.undo)
                print(f"removed batch {args.undo} ({count} rows) from {where}")
            else:
                batches = actuals.import_batches(service)
                if not batches:
                    print(f"no imported batches in {where}")
                for info in batches:
                    total = format_money(info.total, grouping=True)
                    print(f"{info.batch}  {info.rows} rows  {total}  {info.first} to {info.last}")
        return 0
    if len(operands) != 2:
        return _usage()
    path = Path(operands[1])
    store = files.MappingStore(mappings_path())
    # The file is read row by row while the rows are written (in one transaction), so memory
    # stays bounded whatever its size; it is closed on every way out.
    with files.open_table(path, encoding=args.encoding) as table:
        if args.mapping:
            mapping = store.get(args.mapping)
        else:
            # What still fits of the last mapping, and a guess for every field it lacks (never a
            # column the file has dropped because the last file had none).
            mapping, _guessed = files.fit_mapping(table.headers, store.last())
        mapping = mapping.with_columns(_pairs(args.map, "--map")).with_codes(_pairs(args.code, "--code"))
        files.check_mapping(table, mapping)
        if args.preview:
            _print_preview(table, mapping)
            return 0
        with WorkspaceService.open(location) as service:
            if args.account:
                steps = account_categories.mapping_steps(
                    service.load(), table.layout, account_categories.parse_pairs(args.account)
                )
                service.apply(steps)
                print(f"mapped {len(steps)} account(s) for {table.layout} files in {where}")
            accounts = account_categories.accounts_for(service.load(), table.layout)
            parsed = files.parse_stream(table, mapping, accounts)
            try:
                result = actuals.import_actuals(
                    service,
                    parsed.rows(),
                    problems=parsed.problems,
                    bad_rows=parsed.bad_rows,
                    more_problems=parsed.more_problems,
                    source=path.name,
                    codes=mapping.codes,
                    skip_duplicates=args.skip_duplicates,
                    skip_bad_rows=args.skip_bad_rows,
                    post_late_bills=args.post_late_bills,
                )
            except ValidationError as exc:
                for problem in exc.problems:
                    print(f"fundtracker: error: {path.name}: {problem}", file=sys.stderr)
                print(f"fundtracker: nothing was imported ({len(exc.problems)} problem(s))", file=sys.stderr)
                return 1
        encoding = table.encoding
    store.remember(mapping, args.save_mapping)
    if not result.imported:
        print(f"nothing new in {path.name}: all {len(result.duplicates)} rows were imported before")
        return 0
    extra = ""
    if result.duplicates:
        extra += f"; skipped {len(result.duplicates)} duplicate(s)"
    if result.skipped:
        extra += f"; skipped bad rows {', '.join(str(r) for r in result.skipped)}"
    if result.unassigned:
        extra += f"; {result.unassigned} row(s) matched no funding stream"
    if result.late:
        extra += f"; {result.late} late bill(s) for locked months posted to the first open month (dates kept)"
    if encoding not in ("utf-8", "xlsx"):
        extra += f"; read as {encoding} text"
    if parsed.guessed:
        listed = ", ".join(f"{account!r} → {category}" for account, category in list(parsed.guessed.items())[:5])
        more = f" and {len(parsed.guessed) - 5} more" if len(parsed.guessed) > 5 else ""
        extra += (
            f"; {len(parsed.guessed)} account(s) not in the account mapping were sorted by their words: "
            f"{listed}{more} (map them with --account ACCOUNT=CATEGORY)"
        )
    total = format_money(result.total, symbol=True, grouping=True)
    print(f"imported {result.imported} rows ({total}) from {path.name} as batch {result.batch}{extra}")
    print(f"undo with: fundtracker import actuals {where} --undo {result.batch}")
    return 0


def _print_accounts(location: str) -> int:
    from fundtracker.services.locations import public_location, read_workspace

    mappings = sorted(read_workspace(location).account_categories, key=lambda m: (m.layout, m.account.casefold()))
    if not mappings:
        print(f"no account mapping in {public_location(location)} yet (add with --account ACCOUNT=CATEGORY)")
    for m in mappings:
        print(f"{m.layout:<10} {m.category:<12} {m.account}")
    return 0


def _print_preview(table: Any, mapping: Any) -> None:
    from fundtracker.exports.actuals_import import preview

    print(f"{table.source}: {table.layout} layout, read as {table.encoding}; the first rows:")
    for name, column in mapping.columns.items():
        print(f"  {name:<9} <- {column}")
    for row in preview(table, mapping):
        if "problem" in row:
            print(f"  {row['problem']}")
        else:
            fields = f"{row['date']} {row['amount']:>12} {row['category']:<12} {row['code']} {row['memo']}"
            print(f"  row {row['row']}: {fields}")


def run_budget_vs_actual(args: argparse.Namespace) -> int:
    from datetime import date

    from fundtracker.domain.money import format_money
    from fundtracker.domain.months import format_month
    from fundtracker.services.budget_vs_actual import budget_vs_actual
    from fundtracker.services.locations import read_workspace

    as_of = options.as_of(args.as_of) or date.today()
    report = budget_vs_actual(read_workspace(args.workspace), as_of=as_of)
    rows = [
        {
            "stream": line.stream or "",
            "stream_name": line.stream_name,
            "category": line.category,
            "budget": format_money(line.budget),
            "actual": format_money(line.actual),
            "variance": format_money(line.variance),
            "percent_spent": "" if line.percent_spent is None else str(line.percent_spent),
        }
        for line in report.lines
    ]
    burns: list[dict[str, str]] = [
        {
            "stream": burn.stream,
            "amount": format_money(burn.amount),
            "actual": format_money(burn.actual),
            "remaining": format_money(burn.remaining),
            "burn_rate": format_money(burn.burn_rate),
            "runs_out": format_month(burn.runs_out) if burn.runs_out is not None else "",
            "end": burn.end.isoformat() if burn.end else "",
            "months": str(burn.months),
            "month_to_date": format_money(burn.month_to_date),
        }
        for burn in report.streams
    ]
    open_rows = [
        {
            "stream": line.stream or "",
            "category": line.category,
            "budget": format_money(line.budget),
            "actual": format_money(line.actual),
        }
        for line in report.month_to_date
    ]
    through = report.through.isoformat() if report.through else ""
    if args.format == "json":
        document = {
            "as_of": as_of.isoformat(),
            "through": through,
            "lines": rows,
            "streams": burns,
            "month_to_date": {"month": format_month(report.open_month), "lines": open_rows},
        }
        json.dump(document, sys.stdout, indent=2)
        print()
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["stream"], lineterminator="\n")
        # Stream names and categories are users' text: none may run as a formula in a spreadsheet.
        from fundtracker.exports.spreadsheet_text import csv_cell

        writer.writeheader()
        writer.writerows({key: csv_cell(value) for key, value in row.items()} for row in rows)
    else:
        print(f"Budget vs actual, closed months through {through} (as of {as_of.isoformat()})")
        print(f"{'stream':<12} {'category':<12} {'budget':>14} {'actual':>14} {'variance':>14} {'spent':>7}")
        for row in rows:
            spent = f"{row['percent_spent']}%" if row["percent_spent"] else "—"
            print(
                f"{row['stream'] or '(no stream)':<12} {row['category']:<12} {row['budget']:>14} {row['actual']:>14} "
                f"{row['variance']:>14} {spent:>7}"
            )
        print()
        print(f"{'stream':<12} {'award':>14} {'spent':>14} {'burn/month':>12}  runs out")
        for burn in burns:
            runs_out = burn["runs_out"] or "—"
            if burn["runs_out"] and burn["end"] and burn["runs_out"] > burn["end"][:7]:
                runs_out += f" (after its end {burn['end'][:7]})"
            print(f"{burn['stream']:<12} {burn['amount']:>14} {burn['actual']:>14} {burn['burn_rate']:>12}  {runs_out}")
        print()
        print(f"Month to date ({format_month(report.open_month)}, open: not counted above)")
        for row in open_rows:
            print(f"{row['stream'] or '(no stream)':<12} {row['category']:<12} {row['budget']:>14} {row['actual']:>14}")
    return 0
