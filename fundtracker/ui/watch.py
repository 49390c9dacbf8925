"""Noticing changes others save to a shared workspace.

Every few seconds the :class:`ChangeWatcher` reads the workspace's change token (the
newest audit entry's id) on a worker thread: one small query, which may wait on a
slow server, so never on the main thread. When the token grew beyond what the
session has seen (its own edits included), the session reloads on the main thread
and every page refreshes through ``session.changed``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from fundtracker.domain.errors import FundtrackerError
from fundtracker.ui.worker import Task, error_text, run_in_background

POLL_MS = 4000
UPDATED_NOTE = "Updated with changes by others"


class ChangeWatcher(QObject):
    """Polls one session's workspace for others' changes.

    Args:
        session: the open (attached) workspace session.
        interval_ms: time between polls.

    Signals:
        note(str): a short status-bar note ("Updated with changes by others", or a lost connection).
    """

    note = Signal(str)

    def __init__(self, session: Any, interval_ms: int = POLL_MS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        self.task: Task | None = None
        self._lost = False
        session.changed_by_others.connect(lambda: self.note.emit(UPDATED_NOTE))

    def start(self) -> None:
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        if self.task is not None:
            self.task.cancel()
            self.task = None

    def poll(self) -> Task | None:
        """Read the change token in the background (unless a read is still running).

        Returns:
            The task reading it, or None when one is already running or nothing is open.
        """
        if self.task is not None or not self.session.ready:
            return None
        service = self.session.service

        def read(progress: Any, cancelled: Any) -> int:
            return int(service.change_token())

        task = run_in_background(read)
        task.succeeded.connect(self._arrived)
        task.failed.connect(self._failed)
        task.ended.connect(self._ended)
        self.task = task
        return task

    def _ended(self) -> None:
        self.task = None

    def _arrived(self, token: int) -> None:
        if self._lost:
            self._lost = False
            self.note.emit("Connected again")
        if self.session.ready and token != self.session.seen_token:
            try:
                self.session.catch_up(token)
            except FundtrackerError as error:  # a lost connection: reported, not raised
                self._failed(error)

    def _failed(self, error: BaseException) -> None:
        if not self._lost:
            self._lost = True
            self.note.emit(f"Cannot check for others' changes: {error_text(error)}")
