"""Benchmark the budget workbook export and the actual-spending import.

Run: ``PYTHONPATH=. python benchmarks/bench_xlsx.py``

Targets: export of the L-size synthetic workspace (1,000 positions, 2,000 streams, 5,000
allocations) under 5 s and 300 MB; import of 100,000 actual rows (CSV read, checked, written
in one transaction) under 10 s. Time is wall time of one run; memory is the peak traced by
tracemalloc in a separate run (Python allocations, which is what openpyxl's cells are) and
the process's peak resident size at the end.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import horizon, synthetic_workspace
from benchmarks.table import report
from fundtracker.domain.months import first_day, fiscal_year

EXPORT_SECONDS, EXPORT_MB, IMPORT_SECONDS = 5.0, 300.0, 10.0


def timed(work: Callable[[], Any]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def peak_mb(work: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def bench_export(directory: Path, years: int) -> tuple[float, float]:
    from fundtracker.exports.budget_xlsx import write_budget_workbook

    workspace = synthetic_workspace("L")
    start, _ = horizon("L")
    first = fiscal_year(start, workspace.organization.fiscal_year_start_month)
    fiscal_years = range(first, first + years)
    target = directory / f"L-{years}.xlsx"

    def work() -> None:
        write_budget_workbook(workspace, target, fiscal_years=fiscal_years, as_of=first_day(start))

    seconds = timed(work)
    return seconds, peak_mb(work)


def write_actuals_csv(path: Path, rows: int) -> None:
    lines = ["Date,Amount,Account,Class,Memo"]
    for i in range(rows):
        month, day = 1 + i % 12, 1 + i % 28
        lines.append(
            f'{month:02d}/{day:02d}/2024,"{1 + i % 5000:,}.{i % 100:02d}",Office supplies,S{i % 40:04d},item {i}'
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def bench_import(directory: Path, rows: int) -> tuple[float, float]:
    from fundtracker.exports.actuals_import import guess_mapping, parse_rows, read_table
    from fundtracker.services.actuals import import_actuals
    from fundtracker.services.transfer import write_workspace_to
    from fundtracker.services.workspace import WorkspaceService

    source = directory / "actuals.csv"
    write_actuals_csv(source, rows)
    location = directory / "import.fundtracker"
    write_workspace_to(synthetic_workspace("S"), location, replace=True, action="sample")
    read_seconds = 0.0

    def work() -> None:
        nonlocal read_seconds
        started = time.perf_counter()
        table = read_table(source)
        parsed = parse_rows(table, guess_mapping(table.headers))
        read_seconds = time.perf_counter() - started
        with WorkspaceService.open(location) as service:
            result = import_actuals(service, parsed.rows, problems=parsed.problems, source=source.name)
            assert result.imported == rows, result

    return timed(work), read_seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory(prefix="bench-xlsx-") as work:
        directory = Path(work)
        for years in (3, 10):
            seconds, memory = bench_export(directory, years)
            size = (directory / f"L-{years}.xlsx").stat().st_size / 1e6
            ok = seconds < EXPORT_SECONDS and memory < EXPORT_MB
            failed |= years == 3 and not ok
            report("bench_xlsx", f"export L, {years} fiscal years: time", seconds, "s", EXPORT_SECONDS)
            report("bench_xlsx", f"export L, {years} fiscal years: peak traced memory", memory, "MB", EXPORT_MB)
            print(
                f"export L, {years:>2} fiscal years: {seconds:6.2f} s  peak {memory:6.1f} MB traced  "
                f"file {size:.1f} MB  {'ok' if ok else 'OVER TARGET'} (< {EXPORT_SECONDS:g} s, < {EXPORT_MB:g} MB)"
            )
        seconds, reading = bench_import(directory, args.rows)
        ok = seconds < IMPORT_SECONDS
        failed |= not ok
        report("bench_xlsx", f"import {args.rows:,} actual rows", seconds, "s", IMPORT_SECONDS)
        print(
            f"import {args.rows:,} actual rows: {seconds:6.2f} s (reading and checking the CSV {reading:.2f} s)  "
            f"{'ok' if ok else 'OVER TARGET'} (< {IMPORT_SECONDS:g} s)"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident size of the whole run (exports and import together): {peak:.0f} MB")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
