"""Garbage collection runs on the main thread only, while the application runs (issue 11).

A worker thread that crosses CPython's allocation threshold would otherwise collect, and destroy,
main-thread Qt objects caught in reference cycles: a segfault inside ``Garbage-collecting``.
"""

from __future__ import annotations

import gc
import threading
import weakref

import pytest

from fundtracker.ui import gc_guard
from fundtracker.ui.worker import run_in_background

pytestmark = pytest.mark.gui


class _Node:
    other: _Node


def _cycle_reporting_where_it_dies(died_on: list[int]) -> None:
    first, second = _Node(), _Node()
    first.other, second.other = second, first
    weakref.finalize(first, lambda: died_on.append(threading.get_ident()))


def test_automatic_collection_is_off_while_the_application_runs(qapp) -> None:
    assert gc_guard.installed() is not None
    assert not gc.isenabled()
    assert gc.get_threshold()[0] == 0  # so even a stray gc.enable() collects nothing by itself


def test_a_cycle_made_on_a_worker_is_collected_on_the_main_thread(qtbot) -> None:
    died_on: list[int] = []
    before = gc_guard.off_thread_collections

    def work(progress, cancelled):  # type: ignore[no-untyped-def]
        _cycle_reporting_where_it_dies(died_on)
        # Far past the allocation threshold: an automatic collection would run here, on the worker.
        garbage = [[] for _ in range(50_000)]
        return len(garbage)

    task = run_in_background(work)
    qtbot.waitUntil(lambda: task.done, timeout=10_000)
    assert task.result == 50_000
    qtbot.waitUntil(lambda: bool(died_on), timeout=10_000)  # the guard's timer collects it
    assert died_on == [threading.main_thread().ident]
    assert gc_guard.off_thread_collections == before


def test_a_library_switching_collection_back_on_changes_nothing(qtbot) -> None:
    died_on: list[int] = []
    gc.enable()
    _cycle_reporting_where_it_dies(died_on)
    garbage = [[] for _ in range(50_000)]
    assert died_on == []  # the threshold of 0 kept the collector from running
    del garbage
    qtbot.waitUntil(lambda: not gc.isenabled(), timeout=10_000)  # the next tick switches it off again
    qtbot.waitUntil(lambda: bool(died_on), timeout=10_000)
    assert died_on == [threading.main_thread().ident]
