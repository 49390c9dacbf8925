"""Benchmark memory and time of the actual-spending import, CSV and xlsx.

Run: ``PYTHONPATH=. python benchmarks/bench_actuals_import.py [--rows 100000]``

Each import runs in its own process, exactly as ``fundtracker import actuals WS FILE`` does
(``cli.run_command``), into a copy of the sample workspace. Measured: the peak of Python
allocations traced by tracemalloc during the import (the modules are imported and the workspace
opened once before, so the figure is the import's own), divided by the file's size, and the
process's peak resident size (ru_maxrss) with the size of the process before the import.
Target: peak traced memory under twice the input's size, for every import.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.table import report

TARGET = 2.0
ACCOUNTS = (
    "6010 · Salaries & Wages",
    "6020 · Payroll Taxes",
    "6030 · Health Insurance",
    "6500 · Office Supplies",
    "6510 · Postage & Delivery",
    "6600 · Telephone & Internet",
    "6700 · Professional Fees",
    "6710 · Consultants",
    "6800 · Travel & Mileage",
    "6900 · Training",
)
CODES = ("COMBAT", "DOJ-CVI", "HEALTH", "GENERAL", "")


def rows(count: int) -> list[list[str]]:
    """Realistic general-ledger lines: repeated accounts, codes and payees; unique numbers and memos."""
    chance = random.Random(20261202)
    payees = [f"{chance.choice(['Ana', 'Maria', 'Dee', 'Luis', 'Kim'])} {name}" for name in range(400)]
    start = date(2022, 1, 3)
    lines = []
    for n in range(count):
        cents = chance.randrange(-5_000, 900_000)
        lines.append(
            [
                (start + timedelta(days=n * 1000 // count)).strftime("%m/%d/%Y"),
                f"{cents / 100:,.2f}",
                chance.choice(ACCOUNTS),
                chance.choice(CODES),
                chance.choice(payees),
                f"{10_000 + n}",
                f"Invoice {chance.randrange(100_000, 999_999)} – {chance.choice(['monthly', 'Q1', 'Q2', 'final'])}",
            ]
        )
    return lines


HEADER = ["Date", "Amount", "Account", "Class", "Name", "Num", "Memo"]


def write_files(directory: Path, count: int) -> dict[str, Path]:
    import csv

    import openpyxl

    lines = rows(count)
    csv_path = directory / "actuals.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(lines)
    xlsx_path = directory / "actuals.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for line in lines:
        month, day, year = (int(part) for part in line[0].split("/"))
        sheet.append([date(year, month, day), float(line[1].replace(",", "")), *line[2:]])
    book.save(xlsx_path)
    return {"csv": csv_path, "xlsx": xlsx_path}


def child(file: str, workspace: str) -> None:
    """Import ``file`` into ``workspace`` as the CLI does, and print the measurements as JSON."""
    import tracemalloc

    import openpyxl  # noqa: F401  (imported before measuring: modules are not the import's memory)

    from fundtracker import cli
    from fundtracker.commands import actuals as _commands  # noqa: F401
    from fundtracker.exports import actuals_import  # noqa: F401
    from fundtracker.services import actuals as _services  # noqa: F401
    from fundtracker.services.workspace import WorkspaceService

    with WorkspaceService.open(workspace) as service:  # opens the database once: engine, migrations checked
        service.load()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    tracemalloc.start()
    started = time.perf_counter()
    code = cli.run_command(["import", "actuals", workspace, file])
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"code": code, "peak": peak, "rss_before": before, "rss_after": after, "seconds": seconds}))


def measure(file: Path, directory: Path) -> dict[str, float]:
    from fundtracker.services.sample import sample_workspace
    from fundtracker.services.transfer import write_workspace_to

    workspace = directory / f"{file.suffix[1:]}.fundtracker"
    write_workspace_to(sample_workspace(), workspace, replace=True, action="sample")
    done = subprocess.run(
        [sys.executable, __file__, "--child", str(file), str(workspace)],
        capture_output=True,
        text=True,
        check=False,
        env={"FUNDTRACKER_DATA_DIR": str(directory / "data"), "PATH": "/usr/bin:/bin", "PYTHONPATH": "."},
    )
    if done.returncode != 0:
        raise SystemExit(f"the import of {file.name} failed:\n{done.stdout}\n{done.stderr}")
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    if figures["code"] != 0:
        raise SystemExit(f"the import of {file.name} exited {figures['code']}:\n{done.stdout}\n{done.stderr}")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--child", nargs=2, metavar=("FILE", "WORKSPACE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    failed = False
    with tempfile.TemporaryDirectory(prefix="bench-actuals-") as work:
        directory = Path(work)
        for kind, path in write_files(directory, args.rows).items():
            size = path.stat().st_size
            figures = measure(path, directory)
            ratio = figures["peak"] / size
            rss = (figures["rss_after"] - figures["rss_before"]) / size
            failed |= ratio >= TARGET
            report("bench_actuals_import", f"{kind} import: peak traced memory / input size", ratio, "x", TARGET)
            print(
                f"{kind:>4}: {args.rows:,} rows, {size / 2**20:6.1f} MiB file; import {figures['seconds']:6.2f} s; "
                f"peak traced {figures['peak'] / 2**20:6.1f} MiB = {ratio:.2f}× the file; "
                f"peak RSS grew {(figures['rss_after'] - figures['rss_before']) / 2**20:6.1f} MiB = {rss:.2f}× "
                f"(from {figures['rss_before'] / 2**20:.0f} MiB)",
                flush=True,
            )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
