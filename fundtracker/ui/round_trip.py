"""One round trip through the app, as a person would make it: ``python -m fundtracker.ui.round_trip``.

Opens a fresh copy of the sample in the main window, waits for the chance of staying funded,
exports the application PDF and the budget workbook through the File menu's actions, and quits
through File ▸ Quit; the process then exits the way ``fundtracker`` does. Issue 11: quitting after
a PDF export aborted with ``Fatal Python error: bool_dealloc`` inside ``Garbage-collecting``;
``tests/ui/test_round_trip.py`` runs this many times and wants exit status 0 every time.

Everything goes into a temporary folder (workspace, exports, settings) unless ``--folder`` names
one. Save dialogs are answered with paths in that folder; any message box that opens is closed
(its text goes to standard output). A step that does not finish in ``--timeout`` seconds ends the
run with exit status 3.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

STEP_TIMEOUT_S = 60


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m fundtracker.ui.round_trip")
    parser.add_argument("--folder", type=Path, help="where the workspace and the exports go (default: a temporary one)")
    parser.add_argument("--timeout", type=float, default=STEP_TIMEOUT_S, help="seconds one step may take")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.folder is None:
        with tempfile.TemporaryDirectory(prefix="fundtracker-round-trip-") as folder:
            return round_trip(Path(folder), args.timeout)
    args.folder.mkdir(parents=True, exist_ok=True)
    return round_trip(args.folder, args.timeout)


def round_trip(folder: Path, timeout_s: float) -> int:
    os.environ["FUNDTRACKER_DATA_DIR"] = str(folder / "data")
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

    from fundtracker.ui import gc_guard

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "settings"))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    gc_guard.install(app)  # as run_app does, before any worker thread starts
    app.setApplicationName("fundtracker")
    app.setOrganizationName("fundtracker")

    from fundtracker.services.startup import ensure_sample_workspace
    from fundtracker.ui import file_actions, worker
    from fundtracker.ui.main_window import MainWindow

    workspace, _created = ensure_sample_workspace()
    pdf = folder / "application.pdf"
    workbook = folder / "budget.xlsx"
    answers = {"Export application PDF": pdf, "Export budget workbook": workbook}

    def save_as(parent: Any, caption: str, *rest: Any, **options: Any) -> tuple[str, str]:
        return str(answers[caption]), ""

    # The save dialogs are the only ones this trip meets; a modal one would wait for a person.
    ask = QFileDialog.getSaveFileName
    setattr(QFileDialog, "getSaveFileName", save_as)  # noqa: B010 (setattr: mypy refuses to replace a static method)

    window: Any = MainWindow()  # Any: its actions are made by fundtracker.ui.menus
    outcome: dict[str, Any] = {"status": 0, "step": "opening the sample"}

    def fail(why: str) -> None:
        print(f"round trip: {why} while {outcome['step']}", file=sys.stderr)
        outcome["status"] = 3
        app.exit(3)

    def close_message_boxes() -> None:
        for widget in app.topLevelWidgets():
            if isinstance(widget, QMessageBox) and widget.isVisible():
                print(f"round trip: message {widget.windowTitle()!r}: {widget.text()}")
                widget.done(0)

    def idle() -> bool:
        return not worker._running

    steps: list[tuple[str, Any, Any]] = [
        # (what, start it, done when)
        ("opening the sample", lambda: file_actions.open_location(window, str(workspace)), lambda: window.session),
        (
            "computing the chance of staying funded",
            lambda: None,
            lambda: window.session.ready and window.dashboard.chance_state == "done" and idle(),
        ),
        ("exporting the application PDF", lambda: window.pdf_action.trigger(), lambda: idle() and _written(pdf)),
        ("exporting the budget workbook", lambda: window.xlsx_action.trigger(), lambda: idle() and _written(workbook)),
        ("quitting", lambda: window.quit_action.trigger(), lambda: False),
    ]
    state = {"index": -1, "waited_ms": 0}
    poll_ms = 20

    def advance() -> None:
        close_message_boxes()
        index = state["index"]
        if index >= 0 and not steps[index][2]():
            state["waited_ms"] += poll_ms
            if state["waited_ms"] > timeout_s * 1000:
                fail(f"no result after {timeout_s:g} s")
                return
            QTimer.singleShot(poll_ms, advance)
            return
        state["index"] = index = index + 1
        state["waited_ms"] = 0
        outcome["step"] = steps[index][0]
        steps[index][1]()
        if index + 1 < len(steps):
            QTimer.singleShot(poll_ms, advance)

    window.first_painted.connect(lambda: QTimer.singleShot(0, advance))
    window.show()
    try:
        status = app.exec()
    finally:
        setattr(QFileDialog, "getSaveFileName", ask)  # noqa: B010
    window.close_session()  # as run_app does
    failed: int = outcome["status"]
    return failed or status


def _written(path: Path) -> bool:
    return path.exists() and path.stat().st_size > 0


if __name__ == "__main__":
    sys.exit(main())
