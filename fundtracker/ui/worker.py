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

import logging
import traceback
from collections.abc import Callable
from threading import Event
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget
from shiboken6 import isValid

from fundtracker.domain.errors import Cancelled, FundtrackerError
from fundtracker.domain.locations import hide_passwords

log = logging.getLogger(__name__)

ProgressCallback = Callable[..., None]
CancelledCallback = Callable[[], bool]
Work = Callable[[ProgressCallback, CancelledCallback], Any]

# Tasks still running, kept alive until they report (Qt would otherwise drop them).
_running: set[Task] = set()


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
    # Emitted on the worker thread; queued to this object's (the main) thread.
    _progress_from_worker = Signal(int, str)
    _outcome_from_worker = Signal(str, object)

    def __init__(self, function: Work) -> None:
        super().__init__()
        self._function = function
        self._cancel = Event()
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.dialog: QProgressDialog | None = None
        queued = Qt.ConnectionType.QueuedConnection
        self._progress_from_worker.connect(self._relay_progress, queued)
        self._outcome_from_worker.connect(self._relay_outcome, queued)

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

    # Runs on the worker thread: only emits signals (queued to the main thread).
    def _run(self) -> None:
        def progress(*args: Any) -> None:
            fraction, message = progress_fraction(*args)
            self._progress_from_worker.emit(-1 if fraction is None else round(fraction * 100), message)

        try:
            result = self._function(progress, self._cancel.is_set)
        except Cancelled:
            self._finish("cancelled", None)
        except BaseException as exc:  # delivered to the main thread, shown there
            if self._cancel.is_set():
                self._finish("cancelled", None)
            else:
                log.debug("background work failed:\n%s", hide_passwords(traceback.format_exc()))
                self._finish("failed", exc)
        else:
            self._finish("cancelled" if self._cancel.is_set() else "succeeded", result)

    def _finish(self, outcome: str, value: Any) -> None:
        try:
            self._outcome_from_worker.emit(outcome, value)
        except RuntimeError:  # the application is shutting down and took the task with it
            log.debug("background work ended after its task was deleted")

    # Main thread from here on.
    def _relay_progress(self, percent: int, message: str) -> None:
        if not self.done:
            self.progressed.emit(percent, message)

    def _relay_outcome(self, outcome: str, value: Any) -> None:
        if self.done:
            _running.discard(self)  # the worker has now really finished
            return  # already reported (cancelled from the main thread)
        self.done = True
        if not self._cancel.is_set() or outcome != "cancelled":
            _running.discard(self)
        if outcome == "succeeded":
            self.result = value
            self.succeeded.emit(value)
        elif outcome == "failed":
            self.error = value
            self.failed.emit(value)
        else:
            self.cancelled.emit()
        self.ended.emit()


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task

    def run(self) -> None:
        self._task._run()


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
    _running.add(task)
    (pool or QThreadPool.globalInstance()).start(_Runnable(task))
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
        # A modal dialog's setValue processes events: the task may end (and the dialog be deleted)
        # inside it, or a progress report queued before the end may arrive after it. Never touch a
        # deleted dialog (that is a segmentation fault, not an exception).
        if not isValid(dialog):
            return
        if percent < 0:
            dialog.setRange(0, 0)
        else:
            dialog.setRange(0, 100)
            dialog.setValue(percent)
        if message and isValid(dialog):
            dialog.setLabelText(message)

    def failed(error: BaseException) -> None:
        if on_failure is not None:
            on_failure(error)
        else:
            QMessageBox.warning(parent, title, error_text(error))

    task.progressed.connect(show_progress)
    task.succeeded.connect(on_success)
    task.failed.connect(failed)
    task.ended.connect(dialog.deleteLater)
    task.ended.connect(dialog.close)
    task.dialog = dialog
    return task
