"""Benchmark the application DOCX: the same ~30-page application as ``bench_pdf.py``.

Run: ``PYTHONPATH=. python benchmarks/bench_docx.py`` (``--repeat N``, ``--keep OUT.docx``).

Target: the app's path (:func:`build_application_docx`: budget, placeholders, markup, every
paragraph and table, atomic write) under 1.5 s, the median of ``--repeat`` runs after a warm-up.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.bench_pdf import AS_OF, benchmark_workspace
from benchmarks.table import report as report_figure
from fundtracker.exports.docx_application import build_application_docx
from fundtracker.exports.pdf_application import build_application_pdf
from fundtracker.services.application_budget import application_budget, money

TARGET_SECONDS = 1.5


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", metavar="OUT.docx", help="also write the benchmark DOCX here")
    args = parser.parse_args()

    workspace = benchmark_workspace()
    budget = application_budget(workspace, "bench")
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "bench.docx"
        pages = build_application_pdf(workspace, "bench", Path(folder) / "bench.pdf", as_of=AS_OF).pages
        build_application_docx(workspace, "bench", target, as_of=AS_OF)  # warm-up
        times: list[float] = []
        for _ in range(args.repeat):
            began = time.perf_counter()
            build_application_docx(workspace, "bench", target, as_of=AS_OF)
            times.append(time.perf_counter() - began)
        size = target.stat().st_size
        if args.keep:
            Path(args.keep).write_bytes(target.read_bytes())
    seconds = statistics.median(times)
    print(f"application: {pages} pages as a PDF, {len(budget.lines)} budget lines, total {money(budget.total)}")
    print(f"{'case':<52}{'seconds':>10}{'target':>10}")
    print(f"{f'app path, build_application_docx ({size:,} bytes)':<52}{seconds:>10.3f}{TARGET_SECONDS:>10.2f}")
    report_figure("bench_docx", "application DOCX, app path", seconds, "s", TARGET_SECONDS)
    ok = seconds < TARGET_SECONDS
    print("ok" if ok else "MISSED a target")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
