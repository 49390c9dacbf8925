"""A worker process for the lost-update tests: it saves one edit at the moment its rival does.

Spawned by :mod:`tests.services.test_lost_update` (the module is imported by name in the child,
so it is not a test module itself). Each task names a record; the worker reads it and its stored
version, waits at the barrier for the other worker, then saves its own edit with that version.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

# Each kind's edit: a field and the value worker N writes into it (each worker writes its own).
EDITS: dict[str, tuple[str, Any]] = {
    "stream": ("notes", "edited by worker {n}"),
    "position": ("notes", "edited by worker {n}"),
    "expense": ("notes", "edited by worker {n}"),
    "scenario": ("description", "edited by worker {n}"),
    "application": ("notes", "edited by worker {n}"),
    "text_block": ("text", "edited by worker {n}"),
    "deadline": ("notes", "edited by worker {n}"),
    "actual": ("memo", "edited by worker {n}"),
    "organization": ("address", "edited by worker {n}"),
    "allocation": ("percent", None),  # lowered by N + 1 points (always within the rules)
}


def edited(record: Any, kind: str, n: int) -> Any:
    name, template = EDITS[kind]
    if template is None:
        return dataclasses.replace(record, percent=record.percent - Decimal(n + 1))
    return dataclasses.replace(record, **{name: template.format(n=n)})


def run(url: str, n: int, barrier: Any, tasks: Any, results: Any) -> None:
    """Serve tasks ``(kind, key)`` until ``None``; put ``(n, "won" | "conflict: …" | "error: …")``."""
    from fundtracker.domain.errors import ConflictError
    from fundtracker.services.workspace import WorkspaceService

    with WorkspaceService.open(url) as service:
        service.who = f"worker {n}"
        while (task := tasks.get()) is not None:
            kind, key = task
            workspace = service.refresh()
            record = workspace.organization if kind == "organization" else service.get(kind, key)
            version = service.version(kind, key)
            barrier.wait()
            try:
                if kind == "organization":
                    service.set_organization(edited(record, kind, n), expected_version=version)
                else:
                    service.update(kind, key, edited(record, kind, n), expected_version=version)
            except ConflictError as exc:
                results.put((n, f"conflict: {exc}"))
            except Exception as exc:  # reported to the test, which fails naming it
                results.put((n, f"error: {type(exc).__name__}: {exc}"))
            else:
                results.put((n, "won"))
