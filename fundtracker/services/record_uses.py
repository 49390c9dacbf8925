"""What else a record's deletion touches: the records that use it, and the steps that take them along.

Deleting a stream that allocations, deadlines or scenarios point at would leave them pointing
at nothing, which validation refuses. :func:`deletion_steps` makes the whole deletion one
change for :meth:`WorkspaceService.apply` (one transaction, one audit change id, one undo step):

- allocations of a deleted stream or cost line, and deadlines about a deleted stream or
  application, are deleted with it (a deadline of an application stays with the application);
- an application, a spending row (actual) or another stream's "depends on" that names a
  deleted stream keeps its record and loses the reference;
- a scenario loses the changes it makes to the deleted stream or position.

:func:`uses_text` says all of that in words before anything is done.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass
from typing import Any

from fundtracker.domain.records import (
    AllocationOverride,
    PositionOverride,
    StreamOverride,
    Workspace,
)
from fundtracker.services.changes import DELETE, UPDATE, Step
from fundtracker.services.names import name_of, record_name

NOUNS = {
    "allocation": ("allocation", "allocations"),
    "deadline": ("deadline", "deadlines"),
    "application": ("application", "applications"),
    "actual": ("spending row", "spending rows"),
    "scenario": ("scenario", "scenarios"),
    "stream": ("funding stream", "funding streams"),
}


@dataclass(frozen=True)
class Uses:
    """The records that use one record.

    Args:
        deleted: records deleted with it, as (kind, record).
        changed: records that stay but lose the reference, as (kind, before, after).
    """

    deleted: tuple[tuple[str, Any], ...] = ()
    changed: tuple[tuple[str, Any, Any], ...] = ()

    def __bool__(self) -> bool:
        return bool(self.deleted or self.changed)


def uses_of(workspace: Workspace, kind: str, key: str) -> Uses:
    """What uses record ``key`` of ``kind`` (streams, positions, expenses, applications)."""
    deleted: list[tuple[str, Any]] = []
    changed: list[tuple[str, Any, Any]] = []
    if kind == "stream":
        deleted += [("allocation", a) for a in workspace.allocations if a.stream == key]
        # A deadline about the stream goes with it; one that is an application's stays with the application.
        deleted += [("deadline", d) for d in workspace.deadlines if d.stream == key and d.application is None]
        changed += [
            ("deadline", d, dataclasses.replace(d, stream=None))
            for d in workspace.deadlines
            if d.stream == key and d.application is not None
        ]
        changed += [
            ("application", a, dataclasses.replace(a, stream=None)) for a in workspace.applications if a.stream == key
        ]
        changed += [
            ("stream", s, dataclasses.replace(s, depend_on=None))
            for s in workspace.streams
            if s.key != key and s.depend_on is not None and s.depend_on.stream == key
        ]
        changed += [("actual", a, dataclasses.replace(a, stream=None)) for a in workspace.actuals if a.stream == key]
    elif kind in ("position", "expense"):
        deleted += [("allocation", a) for a in workspace.allocations if a.cost == key]
    elif kind == "application":
        deleted += [("deadline", d) for d in workspace.deadlines if d.application == key]
    for scenario in workspace.scenarios:
        kept = tuple(o for o in scenario.overrides if not _override_uses(o, kind, key))
        if kept != scenario.overrides:
            changed.append(("scenario", scenario, dataclasses.replace(scenario, overrides=kept)))
    return Uses(tuple(deleted), tuple(changed))


def _override_uses(override: Any, kind: str, key: str) -> bool:
    if kind == "stream":
        return isinstance(override, (StreamOverride, AllocationOverride)) and override.stream == key
    if kind == "position":
        return (isinstance(override, PositionOverride) and override.position == key) or (
            isinstance(override, AllocationOverride) and override.cost == key
        )
    if kind == "expense":
        return isinstance(override, AllocationOverride) and override.cost == key
    return False


def deletion_steps(workspace: Workspace, kind: str, key: str, record: Any, uses: Uses | None = None) -> list[Step]:
    """The steps deleting ``record`` together with what uses it (first those, then the record)."""
    uses = uses_of(workspace, kind, key) if uses is None else uses
    steps = [Step(UPDATE, other, before.key, before, after) for other, before, after in uses.changed]
    steps += [Step(DELETE, other, used.key, used, None) for other, used in uses.deleted]
    steps.append(Step(DELETE, kind, key, record, None))
    return steps


def _counted(kinds: list[str]) -> str:
    counts = Counter(kinds)
    parts = [f"{n} {NOUNS[k][0] if n == 1 else NOUNS[k][1]}" for k, n in counts.items()]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def uses_text(workspace: Workspace, kind: str, key: str, uses: Uses, shown: int = 6) -> str:
    """In words: what uses the record, and what deleting it would do to each.

    "COMBAT anti-crime tax allocation is used by 4 allocations and 1 deadline: …. Deleting it
    deletes them too. …" A long list names the first ``shown`` of each group and counts the rest.
    """
    name = record_name(workspace, kind, key)
    users = [k for k, _ in uses.deleted] + [k for k, _, _ in uses.changed]
    lines = [f"{name} is used by {_counted(users)}."]
    if uses.deleted:
        lines.append(f"Deleting it also deletes {_counted([k for k, _ in uses.deleted])}:")
        lines += _listed([_describe(workspace, k, r) for k, r in uses.deleted], shown)
    if uses.changed:
        lines.append("These stay, without it:")
        lines += _listed([_describe_change(workspace, k, before, kind) for k, before, _ in uses.changed], shown)
    lines.append("Edit ▸ Undo brings everything back in one step.")
    return "\n".join(lines)


def _listed(items: list[str], shown: int) -> list[str]:
    lines = [f"• {item}" for item in items[:shown]]
    if len(items) > shown:
        lines.append(f"• … and {len(items) - shown} more")
    return lines


def _describe(workspace: Workspace, kind: str, record: Any) -> str:
    if kind == "allocation":
        cost = record_name(workspace, "cost", record.cost)
        stream = record_name(workspace, "stream", record.stream)
        since = f" from {record.start.isoformat()}" if record.start else ""
        return f"{cost}: {record.percent.normalize():f}% from {stream}{since}"
    if kind == "deadline":
        return f"deadline {record.title} ({record.date.isoformat()})"
    return f"{NOUNS.get(kind, (kind,))[0]} {name_of(record)}"


def _describe_change(workspace: Workspace, kind: str, record: Any, deleted_kind: str) -> str:
    if kind == "application":
        return f"application {name_of(record)} (no longer names a stream)"
    if kind == "stream":
        return f"funding stream {name_of(record)} (no longer depends on it)"
    if kind == "actual":
        return f"spending of {record.date.isoformat()} (counted with no stream)"
    if kind == "deadline":
        return f"deadline {record.title} ({record.date.isoformat()}, stays with its application)"
    if kind == "scenario":
        return f"scenario {name_of(record)} (its changes to this {NOUNS.get(deleted_kind, (deleted_kind,))[0]} go)"
    return f"{kind} {name_of(record)}"
