"""``fundtracker --self-test``: check an installation (source or bundle) end to end, offline.

Opens the sample workspace, runs the forecast and the probability, writes a PDF
application and an Excel budget to a temp folder, reads them back, starts Qt
offscreen and builds the main window. Prints one line per step; exits 0 when all pass.
"""

from __future__ import annotations

import os
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path


def _steps(folder: Path) -> list[tuple[str, Callable[[], str]]]:
    state: dict[str, object] = {}

    def open_sample() -> str:
        from fundtracker.services.sample import sample_workspace
        from fundtracker.services.transfer import write_workspace_to
        from fundtracker.services.workspace import WorkspaceService

        path = folder / "sample.fundtracker"
        write_workspace_to(sample_workspace(), path, replace=False, action="sample")
        with WorkspaceService.open(path) as service:
            state["workspace"] = service.load()
        return f"{path.name}: {len(service.load().streams)} streams"

    def run_forecast() -> str:
        from fundtracker.domain.months import month_index, month_name
        from fundtracker.forecast import forecast

        projection = forecast(state["workspace"], "secured")  # type: ignore[arg-type]
        through = projection.funded_through
        return "secured money lasts " + (f"through {month_name(month_index(through))}" if through else "beyond 3 years")

    def run_probability() -> str:
        from fundtracker.forecast import probability

        result = probability(state["workspace"], trials=2000)  # type: ignore[arg-type]
        return f"{result.method}, {result.trials} combinations or trials"

    def write_pdf() -> str:
        from fundtracker.exports.pdf_application import write_application_pdf

        workspace = state["workspace"]
        key = workspace.applications[0].key  # type: ignore[attr-defined]
        path = folder / "application.pdf"
        write_application_pdf(workspace, key, path)  # type: ignore[arg-type]
        data = path.read_bytes()
        if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:] or len(data) < 5000:
            raise RuntimeError(f"{path} is not a complete PDF")
        return f"{path.name}: {len(data):,} bytes"

    def write_docx() -> str:
        # python-docx writes through lxml: this step fails in a bundle that left lxml out.
        from fundtracker.exports.docx_application import write_application_docx

        workspace = state["workspace"]
        key = workspace.applications[0].key  # type: ignore[attr-defined]
        path = folder / "application.docx"
        write_application_docx(workspace, key, path)  # type: ignore[arg-type]
        with zipfile.ZipFile(path) as archive:
            body = archive.read("word/document.xml").decode("utf-8")
        if "Budget Justification" not in body:
            raise RuntimeError(f"{path} has no budget justification")
        return f"{path.name}: {path.stat().st_size:,} bytes"

    def write_workbook() -> str:
        from openpyxl import load_workbook

        from fundtracker.exports.budget_xlsx import write_budget_workbook

        path = folder / "budget.xlsx"
        write_budget_workbook(state["workspace"], path)  # type: ignore[arg-type]
        with zipfile.ZipFile(path) as archive:
            if archive.testzip() is not None:
                raise RuntimeError(f"{path} is damaged")
        sheets = load_workbook(path, read_only=True).sheetnames
        if "Summary" not in sheets:
            raise RuntimeError(f"{path} has no Summary sheet ({sheets})")
        return f"{path.name}: {len(sheets)} sheets"

    def start_qt() -> str:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from fundtracker.ui.smoke import show_a_window

        return show_a_window()

    return [
        ("open the sample workspace", open_sample),
        ("forecast", run_forecast),
        ("probability", run_probability),
        ("PDF application", write_pdf),
        ("DOCX application", write_docx),
        ("Excel budget", write_workbook),
        ("Qt", start_qt),
    ]


def run_self_test() -> int:
    failures = 0
    with tempfile.TemporaryDirectory(prefix="fundtracker-self-test-") as temp:
        for name, step in _steps(Path(temp)):
            started = time.perf_counter()
            try:
                detail = step()
            except Exception as exc:  # a self-test reports every failure and goes on
                failures += 1
                print(f"FAIL {name}: {type(exc).__name__}: {exc}")
                continue
            print(f"ok   {name}: {detail} ({(time.perf_counter() - started) * 1000:.0f} ms)")
    print("self-test passed" if not failures else f"self-test failed: {failures} step(s)")
    return 0 if not failures else 1
