"""Cyclic garbage collection on the GUI thread only.

CPython's cyclic collector runs on whichever thread happens to cross the allocation threshold. When
that is a worker of the thread pool (:mod:`fundtracker.ui.worker`), it destroys main-thread Qt
objects caught in reference cycles from the wrong thread: a segfault, or a ``Fatal Python error``
whose innermost frame is ``Garbage-collecting``. So while the application runs, automatic collection
is off and a timer on the main thread collects instead, choosing the generation as the automatic
collector would have (the approach of calibre and novelWriter).

Automatic collection stays off even if a library calls ``gc.enable()``: the first-generation
threshold is 0, which CPython reads as "never collect automatically". Every tick also puts both back.
"""

from __future__ import annotations

import gc
import logging
import threading
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer

log = logging.getLogger(__name__)

INTERVAL_MS = 1000
# What CPython starts with; the timer collects an older generation once its count reaches these.
_DEFAULT_THRESHOLDS = (700, 10, 10)

_guard: GcGuard | None = None
_MAIN_THREAD = threading.main_thread().ident
# Collections that ran on another thread anyway (an explicit gc.collect() in some library, or
# automatic collection before the guard was installed): the tests assert there are none.
off_thread_collections = 0


def _watch(phase: str, info: dict[str, Any]) -> None:
    global off_thread_collections
    if phase == "start" and threading.get_ident() != _MAIN_THREAD:
        off_thread_collections += 1


class GcGuard(QObject):
    """Keeps automatic collection off and collects from a main-thread timer."""

    def __init__(self, app: QCoreApplication, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(app)
        current = gc.get_threshold()
        self.thresholds = current if current[0] else _DEFAULT_THRESHOLDS
        self._switch_automatic_off()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def _switch_automatic_off(self) -> None:
        gc.disable()
        gc.set_threshold(0, *self.thresholds[1:])

    def collect(self) -> int:
        """Collect the generations whose counts passed their thresholds; main thread only.

        Returns:
            The number of unreachable objects found.
        """
        if threading.get_ident() != _MAIN_THREAD:
            return 0
        if gc.isenabled() or gc.get_threshold()[0]:
            log.debug("automatic garbage collection was switched back on; switching it off again")
            self._switch_automatic_off()
        counts = gc.get_count()
        if counts[0] <= 0:
            return 0  # nothing new since the last collection
        # The youngest generation every tick (cheap: only what was made since the last one), so a
        # cycle never waits for hundreds of further allocations; older ones by their thresholds.
        generation = 0
        for level in (1, 2):
            if counts[level] < self.thresholds[level]:
                break
            generation = level
        return gc.collect(generation)


def install(app: QCoreApplication, interval_ms: int = INTERVAL_MS) -> GcGuard:
    """Keep garbage collection on the main thread while ``app`` lives; calling it again is harmless."""
    global _guard
    if _guard is None:
        if _watch not in gc.callbacks:
            gc.callbacks.append(_watch)
        _guard = GcGuard(app, interval_ms)
        app.destroyed.connect(_forget)
    return _guard


def installed() -> GcGuard | None:
    """The running guard, if any."""
    return _guard


def _forget() -> None:
    # Automatic collection stays off: worker threads may still be finishing, and the interpreter
    # collects once more on the main thread when it exits.
    global _guard
    _guard = None
