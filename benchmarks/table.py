"""One table of every benchmark's headline figures.

Each benchmark calls :func:`report` for its headline figures: the line is printed, and when
``FUNDTRACKER_BENCH_ROWS`` names a file (``make bench`` sets it) it is also appended there
as JSON. ``python benchmarks/table.py FILE`` prints those rows as one table.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROWS_ENV = "FUNDTRACKER_BENCH_ROWS"


def report(bench: str, figure: str, value: float, unit: str, target: float | None = None) -> None:
    """Print one figure (with its target and whether it is met) and keep it for the table.

    ``unit`` "x" means a ratio to a baseline measured in the same run; a target is a ceiling.
    """
    row = {"bench": bench, "figure": figure, "value": value, "unit": unit, "target": target}
    print("  " + _line(row), flush=True)
    path = os.environ.get(ROWS_ENV)
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(json.dumps(row) + "\n")


def _line(row: dict[str, object]) -> str:
    value = float(row["value"])  # type: ignore[arg-type]
    unit = str(row["unit"])
    shown = f"{value:.2f}{unit}" if unit == "x" else f"{value:,.1f} {unit}"
    target = row["target"]
    if target is None:
        verdict = ""
    else:
        limit = float(target)  # type: ignore[arg-type]
        ceiling = f"{limit:.2f}{unit}" if unit == "x" else f"{limit:,.0f} {unit}"
        verdict = f"target ≤ {ceiling}  {'ok' if value <= limit else 'MISSED'}"
    return f"{row['figure']!s:<58}{shown:>14}   {verdict}"


def main(argv: list[str]) -> int:
    rows = [json.loads(line) for line in Path(argv[1]).read_text(encoding="utf-8").splitlines() if line.strip()]
    missed = 0
    bench = None
    print(f"{'figure':<60}{'value':>14}   target")
    for row in rows:
        if row["bench"] != bench:
            bench = row["bench"]
            print(f"{bench}")
        print("  " + _line(row))
        if row["target"] is not None and row["value"] > row["target"]:
            missed += 1
    print(f"{len(rows)} figures, {missed} over target")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
