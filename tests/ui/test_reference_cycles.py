"""No Qt object ends up in a reference cycle (issue 11: fix the cause, not only guard against it).

A Qt wrapper in a cycle is freed only by the cyclic collector, whenever and wherever it runs; on a
worker thread that destroyed main-thread QObjects (a segfault inside ``Garbage-collecting``). These
tests keep every object that collections find unreachable (``gc.DEBUG_SAVEALL``) while the window
is driven through its pages, edits, exports and dialogs, and closed, and want no Shiboken wrapper
among them in a cycle. Cycles found and removed: a failed task's exception held the worker's frames
(Task → error → traceback → frame → Task); the sections model held its editor's bound method; undo
commands held their session's bound methods (session → undo stack → command → session).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QApplication, QProgressDialog

from fundtracker.domain.months import month_of
from fundtracker.ui import worker
from fundtracker.ui.file_actions import open_location
from fundtracker.ui.main_window import PAGES, MainWindow
from tests.ui.cycles import qt_cycles, saved_garbage

pytestmark = pytest.mark.gui

DIALOG_ACTIONS = (
    "connect_action",
    "restore_action",
    "import_actuals_action",
    "lock_action",
    "preferences_action",
    "organization_action",
)


def _flush_deletes(qapp: QApplication) -> None:
    for _ in range(3):
        qapp.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        qapp.processEvents()


def _drive_and_close(qtbot, qapp: QApplication, sample_path: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Open the window, go through every page, edit, undo, export, open and close each dialog, close it.

    A function of its own, so that nothing it made is still held by the test's locals afterwards.
    """
    window = MainWindow(start=month_of(2022, 3), today=date(2022, 3, 1))
    window.show()
    with qtbot.waitSignal(window.workspace_ready, timeout=15000):
        open_location(window, str(sample_path))
    qtbot.waitUntil(lambda: window.dashboard.chance_state == "done", timeout=15000)
    for row in range(len(PAGES)):  # every page built and shown (the application editor with it)
        window.navigation.setCurrentRow(row)
    session = window.session
    federal = session.service.get("stream", "federal")
    session.update("stream", "federal", dataclasses.replace(federal, status="declined"))
    window.undo_action.trigger()
    window.redo_action.trigger()
    from fundtracker.ui.application_edits import save_application

    application = session.workspace.applications[0]
    save_application(session, dataclasses.replace(application, program_title="Edited"), "Edit title")
    window.undo_action.trigger()
    window.pdf_action.trigger()
    qtbot.waitUntil(lambda: (tmp_path / "application.pdf").exists() and not worker._running, timeout=60000)
    window.xlsx_action.trigger()
    qtbot.waitUntil(lambda: (tmp_path / "budget.xlsx").exists() and not worker._running, timeout=60000)
    for name in DIALOG_ACTIONS:
        getattr(window, name).trigger()
        qtbot.waitUntil(lambda: not worker._running, timeout=15000)
    window.close()
    window.deleteLater()
    _flush_deletes(qapp)


def test_the_window_driven_and_closed_leaves_no_qt_object_in_a_cycle(
    qtbot, qapp, sample_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = iter([str(tmp_path / "application.pdf"), str(tmp_path / "budget.xlsx")])
    monkeypatch.setattr(
        "fundtracker.ui.file_dialogs.QFileDialog.getSaveFileName", lambda *args, **kw: (next(answers), "")
    )
    closed: list[str] = []

    def close_dialogs() -> None:
        modal = QApplication.activeModalWidget()
        if modal is not None and not isinstance(modal, QProgressDialog):
            closed.append(type(modal).__name__)
            modal.reject()

    closer = QTimer()
    closer.setInterval(50)
    closer.timeout.connect(close_dialogs)
    closer.start()
    with saved_garbage() as garbage:
        _drive_and_close(qtbot, qapp, sample_path, tmp_path)
    closer.stop()
    assert {"ServerDialog", "PeriodLockDialog", "PreferencesDialog", "OrganizationDialog"} <= set(closed)
    assert qt_cycles(garbage) == []


def test_a_failed_task_is_not_tied_to_the_workers_frames(qtbot, qapp) -> None:
    """The work's exception reaches the task without the traceback that held the worker's stack."""

    def work(progress, cancelled):  # type: ignore[no-untyped-def]
        progress(1, 2, "half way")
        raise ValueError("refused")

    def run_it() -> None:
        task = worker.run_in_background(work)
        qtbot.waitUntil(lambda: task.done, timeout=10000)
        assert isinstance(task.error, ValueError) and task.error.__traceback__ is None

    with saved_garbage() as garbage:
        run_it()
    assert qt_cycles(garbage) == []


def test_a_session_dropped_with_edits_on_its_undo_stack_leaves_no_cycle(qtbot, qapp, sample_path: Path) -> None:
    """Undo commands (merged or not) hold their session weakly: session → stack → command → session is no cycle.

    A session nobody holds any more is freed by its count, on the spot; in a cycle it would wait for
    the collector, and being the wrapper's own (no parent), it would take the C++ object with it.
    """
    from fundtracker.services.workspace import WorkspaceService
    from fundtracker.ui.application_edits import save_application
    from fundtracker.ui.session import WorkspaceSession

    service = WorkspaceService.open(sample_path)

    def edit_and_drop() -> None:
        session = WorkspaceSession(service)
        federal = session.service.get("stream", "federal")
        session.update("stream", "federal", dataclasses.replace(federal, status="declined"))
        application = session.workspace.applications[0]
        for title in ("One", "Two", "Three"):  # one editing run: the saves merge into one step
            application = dataclasses.replace(application, program_title=title)
            save_application(session, application, "Edit title", merge_key="run")
        assert session.undo_stack.count() == 2
        # Dropped here: with no cycle, the count frees it (and its stack and commands) at once.

    try:
        with saved_garbage() as garbage:
            edit_and_drop()
    finally:
        service.close()
    assert qt_cycles(garbage) == []
