"""Command-line speed against the floor of its own dependencies, measured side by side.

Each command a finance officer scripts (runway, check, export-json, report budget-vs-actual)
runs on the sample workspace, interleaved with ``python -c "import numpy, sqlalchemy"`` (the
floor: what any of them must import), so machine load hits both alike. Figures are medians of
each process's wall time and of its CPU time (user + system, steadier on a busy machine), as
ratios to the floor's. Target (issue 12): each at most 2 x the floor.

Usage: python benchmarks/bench_cli.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from benchmarks.table import report  # noqa: E402

TARGET_RATIO = 2.0
FLOOR = [sys.executable, "-c", "import numpy, sqlalchemy"]


def timed(command: list[str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run of ``command``."""
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        assert child.stderr is not None
        raise SystemExit(f"bench_cli: {' '.join(command)} failed: {child.stderr.read().decode()}")
    return wall, usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    from fundtracker.services.sample import sample_workspace
    from fundtracker.services.transfer import write_workspace_to

    cli = [sys.executable, "-m", "fundtracker"]
    with tempfile.TemporaryDirectory() as temp:
        sample = Path(temp) / "sample.fundtracker"
        write_workspace_to(sample_workspace(), sample, replace=False, action="benchmark")
        commands = {
            "runway SAMPLE --format json": [*cli, "runway", str(sample), "--format", "json"],
            "check SAMPLE": [*cli, "check", str(sample)],
            "export-json SAMPLE": [*cli, "export-json", str(sample), "-o", str(Path(temp) / "out.json")],
            "report budget-vs-actual SAMPLE": [*cli, "report", "budget-vs-actual", str(sample)],
        }
        for command in [FLOOR, *commands.values()]:
            timed(command)  # warm the file cache and the bytecode; not counted
        floor: list[tuple[float, float]] = []
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, command in commands.items():
                floor.append(timed(FLOOR))
                runs[name].append(timed(command))

    floor_wall = statistics.median(w for w, _ in floor)
    floor_cpu = statistics.median(c for _, c in floor)
    print(f"bench_cli (median of {args.runs} interleaved runs)")
    report("bench_cli", "floor: python -c 'import numpy, sqlalchemy' (wall)", floor_wall * 1000, "ms")
    for name, samples in runs.items():
        wall = statistics.median(w for w, _ in samples)
        cpu = statistics.median(c for _, c in samples)
        report("bench_cli", f"{name} (wall, {wall * 1000:.0f} ms) ÷ floor", wall / floor_wall, "x", TARGET_RATIO)
        report("bench_cli", f"{name} (CPU) ÷ floor", cpu / floor_cpu, "x", TARGET_RATIO)
    return 0


if __name__ == "__main__":
    sys.exit(main())
