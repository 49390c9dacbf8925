"""The one background helper: results, errors, progress and cancelling arrive on the main thread."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt, QThread, QThreadPool

from fundtracker.domain.errors import Cancelled, InputError
from fundtracker.ui.worker import error_text, progress_fraction, run_in_background, run_with_progress

pytestmark = pytest.mark.gui


def test_result_arrives_on_the_main_thread(qtbot, qapp) -> None:
    threads: list[object] = []

    def work(progress, cancelled):  # type: ignore[no-untyped-def]
        threads.append(QThread.currentThread())
        progress(1, 2, "half way")
        return 6 * 7

    task = run_in_background(work)
    received: list[tuple[object, object]] = []
    task.succeeded.connect(lambda value: received.append((value, QThread.currentThread())))
    seen: list[tuple[int, str]] = []
    task.progressed.connect(lambda percent, text: seen.append((percent, text)))
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert received == [(42, qapp.thread())]
    assert threads[0] is not qapp.thread()
    assert seen == [(50, "half way")]


def test_an_error_arrives_as_the_exception(qtbot) -> None:
    def work(progress, cancelled):  # type: ignore[no-untyped-def]
        raise InputError("not a money amount: '7x'", "amount")

    task = run_in_background(work)
    errors: list[BaseException] = []
    task.failed.connect(errors.append)
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert error_text(errors[0]) == "amount: not a money amount: '7x'"


def test_cancel_stops_work_that_polls(qtbot) -> None:
    started = threading.Event()
    stopped = threading.Event()

    def work(progress, cancelled):  # type: ignore[no-untyped-def]
        started.set()
        while not cancelled():
            time.sleep(0.005)
        stopped.set()
        raise Cancelled

    task = run_in_background(work)
    outcomes: list[str] = []
    task.cancelled.connect(lambda: outcomes.append("cancelled"))
    task.succeeded.connect(lambda _: outcomes.append("succeeded"))
    assert started.wait(5)
    task.cancel()
    assert outcomes == ["cancelled"]  # reported at once, on the main thread
    assert stopped.wait(5)
    qtbot.wait(50)
    assert outcomes == ["cancelled"]


def test_progress_forms() -> None:
    assert progress_fraction(0.25) == (0.25, "")
    assert progress_fraction(3, 4, "pages") == (0.75, "pages")
    assert progress_fraction(50) == (0.5, "")
    assert progress_fraction("starting") == (None, "starting")


def test_failure_in_a_progress_dialog_is_shown_as_a_readable_message(qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    shown: list[str] = []
    monkeypatch.setattr("fundtracker.ui.worker.QMessageBox.warning", lambda p, title, text: shown.append(text))

    def work(progress, cancelled):  # type: ignore[no-untyped-def]
        raise FileNotFoundError(2, "No such file or directory", "/nowhere/budget.xlsx")

    task = run_with_progress(parent, "Exporting", work, lambda _: None)
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert shown == ["/nowhere/budget.xlsx: No such file or directory"]


@pytest.fixture
def slow_session(qapp, tmp_path: Path) -> Iterator:  # type: ignore[no-untyped-def]
    """An M-size synthetic workspace with 16 uncertain streams (the chance is sampled, slowly)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from synthetic import synthetic_workspace

    from fundtracker.services.workspace import WorkspaceService
    from fundtracker.ui.session import WorkspaceSession

    service = WorkspaceService.open(tmp_path / "m.fundtracker", create=True)
    service.replace_all(synthetic_workspace("M", uncertain=16))
    session = WorkspaceSession(service)
    yield session
    session.close()


def test_cancel_a_running_probability_computation(qtbot, slow_session, monkeypatch) -> None:
    from synthetic import START

    from fundtracker.ui.pages import dashboard
    from fundtracker.ui.pages.dashboard import DashboardPage

    # Record how the engine ended: stopping on the cancel flag raises Cancelled, running all the
    # trials returns a result.
    endings: list[str] = []
    engine = dashboard.chance

    def recording_chance(*args, **kwargs):  # type: ignore[no-untyped-def]
        try:
            result = engine(*args, **kwargs)
        except Cancelled:
            endings.append("stopped early")
            raise
        endings.append("ran every trial")
        return result

    monkeypatch.setattr(dashboard, "chance", recording_chance)

    page = DashboardPage(slow_session, start=START, today=date(2024, 1, 1), trials=400_000)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    assert page.chance_state == "computing"
    assert page.cancel_chance.isVisible()
    assert "chance" not in page.headline.text()
    qtbot.mouseClick(page.cancel_chance, Qt.MouseButton.LeftButton)
    assert page.chance_state == "cancelled"
    assert page.chance_note.text().startswith("Chance of staying funded: cancelled")
    assert not page.cancel_chance.isVisible()
    assert page.chance_task is not None and page.chance_task.done
    # The engine polls the cancel flag between batches, so its thread stops before the 400,000
    # trials are done.
    QThreadPool.globalInstance().waitForDone()
    assert endings == ["stopped early"]
    qtbot.wait(100)
    assert "chance" not in page.headline.text()  # a late result is not shown


def test_a_failure_closes_the_progress_dialog_before_its_message(qtbot, monkeypatch) -> None:
    """A refused export: the progress dialog is gone when the error box comes, so its OK works (issue 11)."""
    import threading

    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    release = threading.Event()
    seen: list[tuple[str, bool]] = []

    def warning(p, title, text):  # type: ignore[no-untyped-def]
        seen.append((text, task.dialog.isVisible()))  # the box is modal: nothing may sit over it

    monkeypatch.setattr("fundtracker.ui.worker.QMessageBox.warning", warning)

    def work(progress, cancelled):  # type: ignore[no-untyped-def]
        progress(0.67)
        release.wait(10)
        from fundtracker.domain.errors import InputError

        raise InputError("🙏 cannot be printed", "section Abstract")

    task = run_with_progress(parent, "Exporting", work, lambda _: None, minimum_duration_ms=0)
    qtbot.waitUntil(lambda: task.dialog.isVisible() and task.dialog.value() == 67, timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert seen == [("section Abstract: 🙏 cannot be printed", False)]


def test_a_success_closes_the_progress_dialog_before_its_message(qtbot) -> None:
    import threading

    from PySide6.QtWidgets import QWidget

    parent = QWidget()
    qtbot.addWidget(parent)
    parent.show()
    release = threading.Event()
    seen: list[bool] = []

    def work(progress, cancelled):  # type: ignore[no-untyped-def]
        progress(0.5)
        release.wait(10)
        return "written"

    task = run_with_progress(
        parent, "Exporting", work, lambda _: seen.append(task.dialog.isVisible()), minimum_duration_ms=0
    )
    qtbot.waitUntil(lambda: task.dialog.isVisible(), timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert seen == [False]


def test_the_chance_computation_opens_no_window_that_could_take_the_keyboard(qtbot, slow_session) -> None:
    """It runs after every edit: its progress is in the page's note, not in a progress window that,
    appearing under load, took the focus from the cell being typed in (a flaky GUI test, issue 11)."""
    from PySide6.QtWidgets import QApplication, QProgressDialog
    from synthetic import START

    from fundtracker.ui.pages.dashboard import DashboardPage

    page = DashboardPage(slow_session, start=START, today=date(2024, 1, 1), trials=400_000)
    qtbot.addWidget(page)
    page.show()
    page.refresh()
    qtbot.waitUntil(lambda: page.chance_state == "computing", timeout=15000)
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, QProgressDialog)]
    dialogs = page.findChildren(QProgressDialog)
    page.cancel_probability()
    qtbot.waitUntil(lambda: page.chance_state == "cancelled", timeout=15000)
    assert windows == [] and dialogs == []
    assert page.cancel_chance.isHidden()


@pytest.mark.parametrize("outcome", ["succeeds", "fails"])
def test_work_ending_after_its_parent_is_gone_calls_nothing(qtbot, outcome) -> None:
    """The dashboard's chance arrived after the page was deleted and touched its dead buttons (issue 11)."""
    from PySide6.QtWidgets import QWidget

    release = threading.Event()

    def work(progress, cancelled):  # type: ignore[no-untyped-def]
        release.wait(10)
        if outcome == "fails":
            raise InputError("the work failed")
        return 42

    parent = QWidget()
    calls: list[object] = []
    task = run_with_progress(parent, "Slow", work, calls.append, on_failure=calls.append, modal=False)
    parent.deleteLater()
    qtbot.waitUntil(lambda: not shiboken6.isValid(parent), timeout=5000)
    release.set()
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert calls == []
    assert task.result == (42 if outcome == "succeeds" else None)
