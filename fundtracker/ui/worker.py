"""The one way to run work off the main thread.

:func:`run_in_background` runs ``function(progress, cancelled)`` on the global
thread pool. The function reports progress by calling ``progress(...)`` and polls
``cancelled()`` to stop early. Results, errors, progress and cancellation arrive
on the main thread as signals of the returned :class:`Task`. The function never
touches widgets.

:func:`run_with_progress` adds a progress dialog with a Cancel button and shows a
failure as a readable message (never a traceback).
"""

from __future__ import annotations

import functools
import itertools
import logging
import traceback
from collections.abc import Callable
from threading import Event
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressBar, QProgressDialog, QWidget
from shiboken6 import isValid

from fundtracker.domain.errors import Cancelled, FundtrackerError
from fundtracker.domain.locations import hide_passwords

log = logging.getLogger(__name__)

ProgressCallback = Callable[..., None]
CancelledCallback = Callable[[], bool]
Work = Callable[[ProgressCallback, CancelledCallback], Any]

# Tasks still running, by number, kept alive until they report (Qt would otherwise drop them).
_running: dict[int, Task] = {}
_numbers = itertools.count(1)


# Work that noticed ``cancelled()`` raises fundtracker.domain.errors.Cancelled (exporters and the
# probability do); it counts as cancelled, not as a failure.


def progress_fraction(*args: Any) -> tuple[float | None, str]:
    """Read what work passed to ``progress``: ``(fraction)``, ``(done, total)``, plus an optional message.

    Returns:
        The fraction done (0–1, or None if unknown) and the message.
    """
    numbers = [a for a in args if isinstance(a, (int, float)) and not isinstance(a, bool)]
    message = " ".join(str(a) for a in args if isinstance(a, str))
    if len(numbers) >= 2 and numbers[1]:
        return max(0.0, min(1.0, numbers[0] / numbers[1])), message
    if len(numbers) == 1:
        value = float(numbers[0])
        return max(0.0, min(1.0, value if value <= 1 else value / 100)), message
    return None, message


class Task(QObject):
    """A piece of work on a worker thread.

    Signals:
        progressed(int, str): percent done (−1 when unknown) and a message.
        succeeded(object): the function's return value.
        failed(object): the exception it raised.
        cancelled(): it stopped because :meth:`cancel` was called.
        ended(): after any of the three above.
    """

    progressed = Signal(int, str)
    succeeded = Signal(object)
    failed = Signal(object)
    cancelled = Signal()
    ended = Signal()

    def __init__(self, function: Work) -> None:
        super().__init__()
        self.number = next(_numbers)
        self._function = function  # freed with the task, on the main thread
        self._cancel = Event()
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.dialog: QProgressDialog | None = None

    def cancel(self) -> None:
        """Stop the work: report it cancelled now and ignore whatever it returns later.

        Work that polls ``cancelled()`` also stops computing; work that cannot poll
        finishes in the background and its result is dropped.
        """
        self._cancel.set()
        if not self.done:
            self._relay_outcome("cancelled", None)  # stays in _running until the worker ends

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    # Main thread only: the relay below brings the worker's reports here.
    def _relay_progress(self, percent: int, message: str) -> None:
        if not self.done:
            self.progressed.emit(percent, message)

    def _relay_outcome(self, outcome: str, value: Any) -> None:
        if self.done:
            _running.pop(self.number, None)  # the worker has now really finished
            return  # already reported (cancelled from the main thread)
        self.done = True
        if not self._cancel.is_set() or outcome != "cancelled":
            _running.pop(self.number, None)
        if outcome == "succeeded":
            self.result = value
            self.succeeded.emit(value)
        elif outcome == "failed":
            self.error = value
            self.failed.emit(value)
        else:
            self.cancelled.emit()
        self.ended.emit()


class _Relay(QObject):
    """Carries the workers' reports to the main thread, naming the task by its number.

    A worker thread never holds a Task, not even for a moment: it could be the last holder, and a
    Task freed there (by its count, or by the cyclic collector when the Task is caught in a cycle
    with the work's traceback) destroys a main-thread QObject on the wrong thread (issue 11). The
    relay is a child of the application and lives as long as it.
    """

    progress = Signal(int, int, str)
    outcome = Signal(int, str, object)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        queued = Qt.ConnectionType.QueuedConnection
        self.progress.connect(self._deliver_progress, queued)
        self.outcome.connect(self._deliver_outcome, queued)

    def _deliver_progress(self, number: int, percent: int, message: str) -> None:
        task = _running.get(number)
        if task is not None:
            task._relay_progress(percent, message)

    def _deliver_outcome(self, number: int, outcome: str, value: Any) -> None:
        task = _running.get(number)
        if task is not None:
            task._relay_outcome(outcome, value)


_relay: _Relay | None = None


def _the_relay() -> _Relay:
    """The relay, made on the main thread when work first starts (again for a new application)."""
    global _relay
    if _relay is None or not shiboken6.isValid(_relay):
        application = QCoreApplication.instance()
        assert application is not None, "background work needs a QApplication"
        _relay = _Relay(application)
    return _relay


# The worker's side: plain functions and plain data, holding no Qt object but the relay. The work's
# exception reaches the main thread without its traceback (it was logged): a traceback's frames keep
# their locals and every frame above them, and would tie the worker's stack to Task.error.


def _emit(signal: Any, *args: Any) -> None:
    try:
        signal.emit(*args)
    except RuntimeError:  # the application is shutting down and took the relay with it
        log.debug("background work reported after the application ended")


def _report_progress(relay: _Relay, number: int, *args: Any) -> None:
    fraction, message = progress_fraction(*args)
    _emit(relay.progress, number, -1 if fraction is None else round(fraction * 100), message)


def _without_tracebacks(error: BaseException) -> BaseException:
    """``error`` and the exceptions it was raised from, without their tracebacks."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        current.__traceback__ = None
        current = current.__cause__ or current.__context__
    return error


def _work_on_worker(relay: _Relay, number: int, holder: list[Work], cancel: Event) -> None:
    """Worker thread: run the work, then report its outcome through the relay.

    The work (and whatever its closure holds) is the task's: the worker lets go of it before it
    reports, so the last reference always goes on the main thread, with the task.
    """
    function = holder.pop()
    progress = functools.partial(_report_progress, relay, number)
    outcome, value = "succeeded", None
    try:
        value = function(progress, cancel.is_set)
    except Cancelled:
        outcome = "cancelled"
    except BaseException as exc:  # delivered to the main thread, shown there
        if cancel.is_set():
            outcome = "cancelled"
        else:
            log.debug("background work failed:\n%s", hide_passwords(traceback.format_exc()))
            outcome, value = "failed", _without_tracebacks(exc)
    del function
    if cancel.is_set():
        outcome, value = "cancelled", None
    _emit(relay.outcome, number, outcome, value)


def run_in_background(function: Work, pool: QThreadPool | None = None) -> Task:
    """Start ``function(progress, cancelled)`` on a worker thread.

    Args:
        function: the work; it may call ``progress(fraction)`` / ``progress(done, total, "message")``
            and should poll ``cancelled()`` and return (or raise :class:`Cancelled`) when it is True.
        pool: the thread pool (default the global one).

    Returns:
        The task; connect to its signals right away (they are delivered on the main thread
        by the event loop, so none is missed).
    """
    task = Task(function)
    _running[task.number] = task
    job = functools.partial(_work_on_worker, _the_relay(), task.number, [function], task._cancel)
    (pool or QThreadPool.globalInstance()).start(job)
    return task


def error_text(error: BaseException) -> str:
    """What a person reads when work fails: the domain message, or the error's own words."""
    # A message may quote a server URL (a driver's error, a defect's text): never with its password.
    if isinstance(error, FundtrackerError):
        return hide_passwords(str(error))
    if isinstance(error, OSError) and error.strerror:
        where = f"{error.filename}: " if error.filename else ""
        return hide_passwords(f"{where}{error.strerror}")
    text = str(error) or type(error).__name__
    return hide_passwords(f"Unexpected problem ({type(error).__name__}): {text}")


def run_with_progress(
    parent: QWidget,
    title: str,
    function: Work,
    on_success: Callable[[Any], None],
    *,
    on_failure: Callable[[BaseException], None] | None = None,
    minimum_duration_ms: int = 300,
    modal: bool = True,
) -> Task:
    """Run work in the background behind a progress dialog that can cancel it.

    A failure is shown as a readable message box unless ``on_failure`` handles it.
    """
    dialog = QProgressDialog(title, "Cancel", 0, 100, parent)
    # Progress goes to the bar directly: QProgressDialog.setValue processes events when the dialog is
    # modal, so the task could end, and the dialog be hidden and deleted, inside it — a segmentation
    # fault in C++ (seen in CI). The work runs on a worker thread, so the main event loop keeps
    # painting the bar; the dialog still shows itself after ``minimum_duration_ms`` (its own timer,
    # started by the one setValue(0) below).
    bar = QProgressBar(dialog)
    bar.setRange(0, 100)
    dialog.setBar(bar)
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal if modal else Qt.WindowModality.NonModal)
    dialog.setMinimumDuration(minimum_duration_ms)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    dialog.setAccessibleName(f"{title} progress")
    task = run_in_background(function)
    dialog.canceled.connect(task.cancel)

    def show_progress(percent: int, message: str) -> None:
        # A progress report queued before the end may arrive after it: never touch a deleted dialog.
        if not isValid(dialog) or not isValid(bar) or task.done:
            return
        if message:
            dialog.setLabelText(message)
        if percent < 0:
            bar.setRange(0, 0)
        else:
            bar.setRange(0, 100)
            bar.setValue(percent)

    # The work may end after its parent is gone (a page closed, a test torn down while the worker
    # still ran): its result then has nowhere to go, and the callbacks, which touch the parent's
    # widgets, must not run (a deleted widget raises, or crashes in C++).
    def succeeded(value: Any) -> None:
        if isValid(parent):
            on_success(value)

    def failed(error: BaseException) -> None:
        if not isValid(parent):
            return
        if on_failure is not None:
            on_failure(error)
        else:
            QMessageBox.warning(parent, title, error_text(error))

    def hide_dialog(*_: Any) -> None:
        # Before any message the outcome brings (an error, the warnings, "Wrote …"): a window-modal
        # progress dialog left over it would block it, and its OK would do nothing (issue 11).
        if isValid(dialog):
            dialog.hide()

    task.progressed.connect(show_progress)
    task.succeeded.connect(hide_dialog)  # connected first, so called before the handlers below
    task.failed.connect(hide_dialog)
    task.succeeded.connect(succeeded)
    task.failed.connect(failed)
    task.ended.connect(dialog.deleteLater)
    task.ended.connect(dialog.close)
    task.dialog = dialog
    return task
