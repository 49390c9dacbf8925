"""Benchmark memory and time of the actual-spending import, CSV and xlsx.

Run: ``PYTHONPATH=. python benchmarks/bench_actuals_import.py [--rows 100000]``

Each import runs in its own process, exactly as ``fundtracker import actuals WS FILE`` does
(``cli.run_command``), into a copy of the sample workspace. Measured: the peak of Python
allocations traced by tracemalloc during the import (the modules are imported and the workspace
opened once before, so the figure is the import's own), divided by the file's size, and the
process's peak resident size (ru_maxrss) with the size of the process before the import.
Target: peak traced memory under twice the input's size, for every import.

The app's path is measured too (``--dialog``): File ▸ Import actual spending… offscreen, the real
dialog reading the file (row by row: first rows, row count, each column's distinct values) and
importing it (the file read again as the rows are written), from choosing the file to the
import's end, with the same peak-over-size figure.
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


def dialog_child(file: str, workspace: str) -> None:
    """Import ``file`` into ``workspace`` through the app's dialog (offscreen), print the measurements."""
    import tracemalloc

    import openpyxl  # noqa: F401  (imported before measuring: modules are not the import's memory)
    from PySide6.QtWidgets import QApplication

    from fundtracker.services.workspace import WorkspaceService
    from fundtracker.ui.import_actuals_dialog import ImportActualsDialog
    from fundtracker.ui.session import WorkspaceSession

    app = QApplication([])
    session = WorkspaceSession(WorkspaceService.open(workspace))
    session.workspace  # noqa: B018  (the workspace loaded before measuring, as in an open window)
    dialog = ImportActualsDialog(session)

    def wait(task: object) -> None:
        while not getattr(task, "done", False):
            app.processEvents()
            time.sleep(0.005)
        app.processEvents()

    # The figure is the dialog's reading and importing, up to the import's commit. What the app
    # does next (the open pages reload the workspace, now holding the rows) is the workspace's
    # size, not the file's; it is reported apart ("after").
    done_at: dict[str, float] = {}
    finish = dialog._import_done

    def import_done(*args: object) -> None:
        done_at["peak"] = tracemalloc.get_traced_memory()[1]
        done_at["seconds"] = time.perf_counter() - started
        finish(*args)  # type: ignore[arg-type]

    dialog._import_done = import_done  # type: ignore[method-assign]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    tracemalloc.start()
    started = time.perf_counter()
    wait(dialog.load_file(Path(file)))
    task = dialog.start_import()
    wait(task)
    whole = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    code = 0 if dialog.result is not None and dialog.result.imported else 1
    figures = {"code": code, "peak": done_at.get("peak", whole), "seconds": done_at.get("seconds", 0.0)}
    print(json.dumps({**figures, "rss_before": before, "rss_after": after, "after": whole}))
    session.close()


def measure(file: Path, directory: Path, *, dialog: bool = False) -> dict[str, float]:
    from fundtracker.services.sample import sample_workspace
    from fundtracker.services.transfer import write_workspace_to

    workspace = directory / f"{file.suffix[1:]}{'-dialog' if dialog else ''}.fundtracker"
    write_workspace_to(sample_workspace(), workspace, replace=True, action="sample")
    done = subprocess.run(
        [sys.executable, __file__, "--dialog-child" if dialog else "--child", str(file), str(workspace)],
        capture_output=True,
        text=True,
        check=False,
        env={
            "FUNDTRACKER_DATA_DIR": str(directory / "data"),
            "PATH": "/usr/bin:/bin",
            "PYTHONPATH": ".",
            "QT_QPA_PLATFORM": "offscreen",
            "HOME": str(directory),  # the dialog's settings go into the temporary folder
        },
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
    parser.add_argument("--dialog-child", nargs=2, metavar=("FILE", "WORKSPACE"), help=argparse.SUPPRESS)
    parser.add_argument("--no-dialog", action="store_true", help="measure the command line's import only")
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    if args.dialog_child:
        dialog_child(*args.dialog_child)
        return 0
    failed = False
    with tempfile.TemporaryDirectory(prefix="bench-actuals-") as work:
        directory = Path(work)
        paths = [(kind, path, False) for kind, path in write_files(directory, args.rows).items()]
        if not args.no_dialog:
            paths += [(kind, path, True) for kind, path, _ in list(paths)]
        for kind, path, dialog in paths:
            size = path.stat().st_size
            figures = measure(path, directory, dialog=dialog)
            ratio = figures["peak"] / size
            rss = (figures["rss_after"] - figures["rss_before"]) / size
            failed |= ratio >= TARGET
            name = f"{kind} import{' (app dialog)' if dialog else ''}"
            report("bench_actuals_import", f"{name}: peak traced memory / input size", ratio, "x", TARGET)
            kind = f"{kind}{' dialog' if dialog else ''}"
            if "after" in figures:
                print(
                    f"{kind:>11}: with the pages reloading the workspace after the import: peak traced "
                    f"{figures['after'] / 2**20:6.1f} MiB (the workspace's rows, not the file)"
                )
            print(
                f"{kind:>11}: {args.rows:,} rows, {size / 2**20:6.1f} MiB file; import {figures['seconds']:6.2f} s; "
                f"peak traced {figures['peak'] / 2**20:6.1f} MiB = {ratio:.2f}× the file; "
                f"peak RSS grew {(figures['rss_after'] - figures['rss_before']) / 2**20:6.1f} MiB = {rss:.2f}× "
                f"(from {figures['rss_before'] / 2**20:.0f} MiB)",
                flush=True,
            )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
