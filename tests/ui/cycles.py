"""Finding Qt objects caught in reference cycles (issue 11).

CPython frees an object in a reference cycle only when its cyclic collector runs, and that may be on
any thread; a Qt wrapper freed there destroys its C++ object on the wrong thread. fundtracker.ui.gc_guard
keeps collection on the main thread; these helpers find the cycles themselves, so they can be removed.

:func:`saved_garbage` turns on ``gc.DEBUG_SAVEALL`` (every object a collection finds unreachable is kept
in ``gc.garbage`` instead of freed) and :func:`qt_cycles` describes each cycle that holds a Shiboken
wrapper, as a path of references ("Task.__dict__['error'] → RuntimeError.__traceback__ → …").
"""

from __future__ import annotations

import gc
import itertools
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType, FunctionType, MethodType, TracebackType
from typing import Any

import shiboken6


@contextmanager
def saved_garbage() -> Iterator[list[Any]]:
    """Keep what every collection inside the block finds unreachable; yields the list (filled at the end)."""
    gc.collect()
    gc.garbage.clear()
    old = gc.get_debug()
    gc.set_debug(gc.DEBUG_SAVEALL)
    found: list[Any] = []
    try:
        yield found
        gc.collect()
    finally:
        gc.set_debug(old)
        found.extend(gc.garbage)
        gc.garbage.clear()


def is_qt(thing: Any) -> bool:
    return isinstance(thing, shiboken6.Shiboken.Object)


def name(thing: Any) -> str:
    kind = type(thing).__qualname__
    if isinstance(thing, (FunctionType, MethodType)):
        code = thing.__code__ if isinstance(thing, FunctionType) else thing.__func__.__code__
        return f"{kind} {thing.__qualname__} ({code.co_filename.rsplit('fundtracker/', 1)[-1]}:{code.co_firstlineno})"
    if isinstance(thing, FrameType):
        return f"frame of {thing.f_code.co_qualname}"
    if is_qt(thing):
        return f"{kind} ({'alive' if shiboken6.isValid(thing) else 'deleted'})"
    return kind


def _edge(source: Any, target: Any) -> str:
    """How ``source`` refers to ``target``, as briefly as can be told."""
    if isinstance(source, dict):
        for key, value in source.items():
            if value is target:
                return f"[{key!r}]"
        return "[key]"
    if isinstance(source, FrameType):
        for key, value in source.f_locals.items():
            if value is target:
                return f".{key}"
        return ".f_back" if source.f_back is target else ""
    if isinstance(source, TracebackType):
        return ".tb_frame" if source.tb_frame is target else ".tb_next"
    if isinstance(source, BaseException) and source.__traceback__ is target:
        return ".__traceback__"
    for attribute in ("__dict__", "__self__", "__func__", "__closure__", "cell_contents", "__context__"):
        if getattr(source, attribute, None) is target:
            return f".{attribute}"
    return " →"


def qt_cycles(garbage: list[Any], limit: int = 10) -> list[str]:
    """Each cycle in ``garbage`` through a Qt wrapper, as a readable path (the shortest such cycle)."""
    members = {id(thing): thing for thing in garbage}
    described: list[str] = []
    covered: set[int] = set()
    for start in garbage:
        if not is_qt(start) or id(start) in covered:
            continue
        path = _shortest_cycle(start, members)
        if path is None:
            continue  # only reachable from a cycle, not in one: it goes when the cycle goes
        covered.update(id(thing) for thing in path)
        steps = [name(path[0])]
        for source, target in itertools.pairwise(path):
            steps.append(f"{_edge(source, target)} {name(target)}")
        described.append(" ".join(steps))
        if len(described) >= limit:
            break
    return described


def _shortest_cycle(start: Any, members: dict[int, Any]) -> list[Any] | None:
    parents: dict[int, Any] = {}
    queue: deque[Any] = deque([start])
    seen = {id(start)}
    while queue:
        current = queue.popleft()
        for referent in gc.get_referents(current):
            if referent is start:
                path = [current]
                while path[-1] is not start:
                    path.append(parents[id(path[-1])])
                path.reverse()
                return [*path, start]
            if id(referent) in members and id(referent) not in seen:
                seen.add(id(referent))
                parents[id(referent)] = current
                queue.append(referent)
    return None
