"""Benchmark the forecast engine on synthetic workspaces: time and peak memory.

Run: ``PYTHONPATH=. python benchmarks/bench_forecast.py`` (add ``--repeat N`` for more runs).

Targets on a 2-core machine: S < 5 ms, M < 100 ms, L < 1 s and < 500 MB (also with a year of
actual spending); probability on M (10 uncertain streams: exact, 16: sampled with 20,000
trials; 10 with each position's odds; 10 with 3 outcomes each and 3 dependencies) < 2 s each. Peak memory is
measured with tracemalloc (numpy arrays included) in a separate, untimed run.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.synthetic import SIZES, horizon, synthetic_workspace
from fundtracker import forecast
from fundtracker.domain.months import first_day
from fundtracker.domain.records import Actual, Dependence, Outcome, Workspace

TARGETS_MS = {
    "S": 5.0,
    "M": 100.0,
    "L": 1000.0,
    "P10": 2000.0,
    "P16": 2000.0,
    "P10 positions": 2000.0,
    "P10 outcomes": 2000.0,
}


def grant_shaped(workspace: Workspace) -> Workspace:
    """``workspace`` with each uncertain stream given 3 outcomes (full, 60 % late by 2 months,
    30 %), and the 2nd, 4th and 6th depending on the one before (DESIGN.md v2 §3)."""
    uncertain = [s for s in workspace.streams if s.status != "secured"]
    changed = {}
    for i, stream in enumerate(uncertain):
        p = stream.probability
        outcomes = (
            Outcome(p * Decimal("0.5"), stream.amount, 0),
            Outcome(p * Decimal("0.3"), stream.amount * 6 // 10, 2),
            Outcome(p * Decimal("0.2"), stream.amount * 3 // 10, 0),
        )
        depend_on = Dependence(uncertain[i - 1].key, Decimal("0.8"), Decimal("0.3")) if i in (1, 3, 5) else None
        changed[stream.key] = replace(stream, outcomes=outcomes, depend_on=depend_on)
    return replace(workspace, streams=tuple(changed.get(s.key, s) for s in workspace.streams))


def measure(work: Callable[[], Any], repeat: int) -> tuple[float, float, Any]:
    """(best wall time in ms, peak traced memory in MB, last result)."""
    result = work()  # warm-up (imports, caches)
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        result = work()
        best = min(best, time.perf_counter() - began)
    tracemalloc.start()
    work()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return best * 1000, peak / 2**20, result


def with_actuals(workspace: Workspace, months: int) -> Workspace:
    """``workspace`` with one transaction per stream per month for ``months`` months from the start."""
    start, _ = horizon("S")
    rng = random.Random("fundtracker-actuals")
    actuals = []
    for month in range(start, start + months):
        for i, stream in enumerate(workspace.streams):
            actuals.append(
                Actual(
                    key=f"a{month}-{i}",
                    date=first_day(month) + timedelta(days=rng.randrange(28)),
                    amount=rng.randrange(-5_000, 400_000),
                    stream=None if i % 5 == 4 else stream.key,
                )
            )
    return replace(workspace, actuals=tuple(actuals))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    print(f"{'case':<48}{'time ms':>10}{'target':>10}{'peak MB':>10}  result")
    rows = []
    for size in ("S", "M", "L"):
        workspace = synthetic_workspace(size)
        start, months = horizon(size)
        spec = SIZES[size]

        def run(workspace: Any = workspace, start: int = start, months: int = months) -> Any:
            return forecast.forecast(workspace, start=start, months=months)

        ms, peak, projection = measure(run, args.repeat)
        label = f"{size}: {spec.streams} streams, {spec.positions} pos, {spec.allocations} alloc, {months} mo"
        ok = "ok" if ms < TARGETS_MS[size] else "SLOW"
        through = projection.funded_through
        print(f"{label:<48}{ms:>10.1f}{TARGETS_MS[size]:>10.0f}{peak:>10.1f}  {ok}; funded through {through}")
        rows.append((size, months, spec.allocations, ms))

    # The same sizes with a year of actual spending: one transaction per stream per month
    # (every fifth untagged), forecast as of the 13th month, so 12 closed months in the horizon.
    for size in ("M", "L"):
        workspace = with_actuals(synthetic_workspace(size), 12)
        start, months = horizon(size)
        as_of = first_day(start + 12)

        def run_actuals(workspace: Any = workspace, start: int = start, months: int = months, day: Any = as_of) -> Any:
            return forecast.forecast(workspace, start=start, months=months, as_of=day)

        ms, peak, projection = measure(run_actuals, args.repeat)
        label = f"{size} + {len(workspace.actuals):,} actuals (12 closed months)"
        ok = "ok" if ms < TARGETS_MS[size] else "SLOW"
        overspent = int(projection.overspent.sum()) / 100
        print(
            f"{label:<48}{ms:>10.1f}{TARGETS_MS[size]:>10.0f}{peak:>10.1f}  {ok}; funded through "
            f"{projection.funded_through}, overspent ${overspent:,.2f}"
        )

    for uncertain in (10, 16):
        workspace = synthetic_workspace("M", uncertain)
        start, months = horizon("M")
        inputs = forecast.resolve(workspace)

        def chance(inputs: Any = inputs, start: int = start, months: int = months) -> Any:
            return forecast.probability(inputs, start=start, months=months, trials=20000, seed=0)

        ms, peak, result = measure(chance, max(1, args.repeat // 2))
        key = f"P{uncertain}"
        ok = "ok" if ms < TARGETS_MS[key] else "SLOW"
        label = f"probability M, {uncertain} uncertain"
        print(
            f"{label:<48}{ms:>10.1f}{TARGETS_MS[key]:>10.0f}{peak:>10.1f}  {ok}; {result.method}, {result.trials} "
            f"trials, P10/P50/P90 {result.p10} / {result.p50} / {result.p90}"
        )

    # DESIGN.md v2 §3: 10 uncertain streams with 3 outcomes each and 3 dependencies
    # (4^10 joint outcomes: sampled, 20,000 trials).
    workspace = grant_shaped(synthetic_workspace("M", 10))
    start, months = horizon("M")
    inputs = forecast.resolve(workspace)

    def shaped(inputs: Any = inputs, start: int = start, months: int = months) -> Any:
        return forecast.probability(inputs, start=start, months=months, trials=20000, seed=0)

    ms, peak, result = measure(shaped, max(1, args.repeat // 2))
    key = "P10 outcomes"
    ok = "ok" if ms < TARGETS_MS[key] else "SLOW"
    label = "probability M, 10 x 3 outcomes, 3 dependencies"
    print(
        f"{label:<48}{ms:>10.1f}{TARGETS_MS[key]:>10.0f}{peak:>10.1f}  {ok}; {result.method}, {result.trials} "
        f"trials, P10/P50/P90 {result.p10} / {result.p50} / {result.p90}"
    )

    # DESIGN.md v2 §4: each position's odds too (the dashboard and `runway --probability` ask for them).
    workspace = synthetic_workspace("M", 10)
    start, months = horizon("M")
    inputs = forecast.resolve(workspace)

    def odds(inputs: Any = inputs, start: int = start, months: int = months) -> Any:
        return forecast.probability(inputs, start=start, months=months, positions=True)

    ms, peak, result = measure(odds, max(1, args.repeat // 2))
    key = "P10 positions"
    ok = "ok" if ms < TARGETS_MS[key] else "SLOW"
    below = sum(1 for o in result.positions.values() if o.below[0.5] is not None)
    label = "probability M, 10 uncertain, per position"
    print(
        f"{label:<48}{ms:>10.1f}{TARGETS_MS[key]:>10.0f}{peak:>10.1f}  {ok}; {result.method}, "
        f"{len(result.positions)} positions, {below} drop below 50 %"
    )

    print()
    print("Growth with months × allocations (time per unit should stay flat or fall: linear or better)")
    print(f"{'size':<6}{'months':>8}{'allocations':>13}{'months×alloc':>14}{'time ms':>10}{'µs per 1k units':>17}")
    for size, months, allocations, ms in rows:
        units = months * allocations
        print(f"{size:<6}{months:>8}{allocations:>13}{units:>14,}{ms:>10.1f}{ms * 1000 / (units / 1000):>17.1f}")
    # The same workspace over growing horizons isolates the month axis.
    workspace = synthetic_workspace("M")
    start, _ = horizon("M")
    print()
    print("M over growing horizons (allocations fixed at 400)")
    print(f"{'months':>8}{'time ms':>10}{'ms per month':>14}")
    for months in (30, 60, 120, 240):

        def run_months(months: int = months) -> Any:
            return forecast.forecast(workspace, start=start, months=months)

        ms, _, _ = measure(run_months, args.repeat)
        print(f"{months:>8}{ms:>10.1f}{ms / months:>14.3f}")
    print()
    print(f"process peak resident memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
