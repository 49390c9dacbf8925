"""A change to a workspace: a list of steps, each with its inverse, made all or nothing.

A step says what one record (or one batch of actual spending) becomes: created, updated,
deleted, the organization's settings replaced, a batch imported or removed. Undo is the inverse
steps in reverse order, so the app's undo, the CLI and every service that changes several records
make their changes the same way: :meth:`WorkspaceService.apply
<fundtracker.services.workspace.WorkspaceService.apply>` writes a list of steps in one
transaction. This module is the pure part: what the workspace becomes (:func:`proposed`), with no
database.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from fundtracker.domain.errors import NotFoundError, Problem, ValidationError
from fundtracker.domain.records import Actual, Organization, Workspace, kind_of, with_records

Action = Literal["create", "update", "delete", "organization", "import batch", "remove batch"]
CREATE: Final = "create"
UPDATE: Final = "update"
DELETE: Final = "delete"
ORGANIZATION: Final = "organization"
IMPORT_BATCH: Final = "import batch"
REMOVE_BATCH: Final = "remove batch"


@dataclass(frozen=True)
class ActualBatch:
    """One import of actual spending: its id, the file it came from and its transactions.

    The transactions keep their keys (``BATCH-000001`` …) through undo and redo.
    """

    batch: str
    actuals: tuple[Actual, ...]
    source: str = ""

    @property
    def total(self) -> int:
        return sum(actual.amount for actual in self.actuals)

    @property
    def unassigned(self) -> int:
        return sum(actual.stream is None for actual in self.actuals)


@dataclass(frozen=True)
class Step:
    """One record's change.

    Args:
        action: what happens (:data:`Action`).
        kind: the record kind (``"stream"``, ``"position"`` …); ``"organization"`` for the
            organization, ``"actual"`` for a batch.
        key: the record's key before the step (for update and delete; the batch id for batches).
        before: the record before (None for create and import batch; the batch for remove batch).
        after: the record after (None for delete and remove batch; the batch for import batch).
        version: for update, delete and organization, the stored version ``before`` had; another
            stored version refuses the whole change (None: not checked).
    """

    action: Action
    kind: str
    key: str
    before: Any
    after: Any
    version: int | None = None

    def inverse(self) -> Step:
        """The step that undoes this one (its version is stamped when it is made)."""
        if self.action == CREATE:
            return Step(DELETE, self.kind, self.after.key, self.after, None)
        if self.action == DELETE:
            return Step(CREATE, self.kind, self.key, None, self.before)
        if self.action == UPDATE:
            return Step(UPDATE, self.kind, self.after.key, self.after, self.before)
        if self.action == ORGANIZATION:
            return Step(ORGANIZATION, self.kind, "", self.after, self.before)
        if self.action == IMPORT_BATCH:
            return Step(REMOVE_BATCH, self.kind, self.key, self.after, None)
        return Step(IMPORT_BATCH, self.kind, self.key, None, self.before)

    def with_version(self, version: int | None) -> Step:
        return dataclasses.replace(self, version=version)


def create(record: Any) -> Step:
    return Step(CREATE, kind_of(record), record.key, None, record)


def update(before: Any, after: Any, *, version: int | None = None) -> Step:
    return Step(UPDATE, kind_of(before), before.key, before, after, version)


def delete(record: Any, *, version: int | None = None) -> Step:
    return Step(DELETE, kind_of(record), record.key, record, None, version)


def organization(before: Organization, after: Organization, *, version: int | None = None) -> Step:
    return Step(ORGANIZATION, "organization", "", before, after, version)


def import_batch(batch: ActualBatch) -> Step:
    return Step(IMPORT_BATCH, "actual", batch.batch, None, batch)


def remove_batch(batch: ActualBatch) -> Step:
    return Step(REMOVE_BATCH, "actual", batch.batch, batch, None)


def inverse(steps: Sequence[Step]) -> list[Step]:
    """The steps that undo ``steps``: each one's inverse, last first."""
    return [step.inverse() for step in reversed(steps)]


def batch_of(workspace: Workspace, batch: str, source: str = "") -> ActualBatch:
    """The imported batch as it stands in ``workspace`` (its transactions in key order)."""
    actuals = tuple(sorted((a for a in workspace.actuals if a.batch == batch), key=lambda a: a.key))
    if not actuals:
        known = ", ".join(sorted({a.batch for a in workspace.actuals if a.batch})) or "(none)"
        raise NotFoundError(f"no imported batch {batch!r}; batches: {known}")
    return ActualBatch(batch, actuals, source or f"batch {batch}")


def apply_step(workspace: Workspace, step: Step) -> Workspace:
    """What ``workspace`` becomes after ``step`` (not validated: :func:`proposed` validates once).

    Raises:
        NotFoundError: the step updates or deletes a record (or batch) that is not there.
        ValidationError: it creates a record whose key is taken.
    """
    if step.action == ORGANIZATION:
        return dataclasses.replace(workspace, organization=step.after)
    if step.action == IMPORT_BATCH:
        batch: ActualBatch = step.after
        taken = {a.key for a in workspace.actuals}
        clash = next((a.key for a in batch.actuals if a.key in taken), None)
        if clash is not None or any(a.batch == batch.batch for a in workspace.actuals):
            raise ValidationError([Problem("actual", clash or batch.batch, "key", "is already in the workspace")])
        return with_records(workspace, "actual", (*workspace.actuals, *batch.actuals))
    if step.action == REMOVE_BATCH:
        batch_of(workspace, step.key)  # NotFoundError when it is gone
        return with_records(workspace, "actual", tuple(a for a in workspace.actuals if a.batch != step.key))
    records = workspace.records(step.kind)
    if step.action == CREATE:
        if workspace.find(step.kind, step.after.key) is not None:
            raise ValidationError([Problem(step.kind, step.after.key, "key", "is already used; keys must be unique")])
        return with_records(workspace, step.kind, (*records, step.after))
    if workspace.find(step.kind, step.key) is None:
        raise NotFoundError(f"no {step.kind.replace('_', ' ')} with key {step.key!r}")
    if step.action == UPDATE:
        if kind_of(step.after) != step.kind:
            raise TypeError(f"expected a {step.kind} record")
        if step.after.key != step.key and workspace.find(step.kind, step.after.key) is not None:
            raise ValidationError([Problem(step.kind, step.after.key, "key", "is already used; keys must be unique")])
        changed = with_records(workspace, step.kind, tuple(step.after if r.key == step.key else r for r in records))
        return rename_references(changed, step.kind, step.key, step.after.key)
    if step.action == DELETE:
        changed = with_records(workspace, step.kind, tuple(r for r in records if r.key != step.key))
        if step.kind in ("position", "expense"):
            # A cost line's allocations go with it.
            return with_records(changed, "allocation", tuple(a for a in changed.allocations if a.cost != step.key))
        return changed
    raise ValueError(f"unknown step action {step.action!r}")  # pragma: no cover - programming error


def cascaded_allocations(workspace: Workspace, step: Step) -> tuple[Any, ...]:
    """The allocations a delete of a cost line takes with it (those still in ``workspace``)."""
    if step.action != DELETE or step.kind not in ("position", "expense"):
        return ()
    return tuple(a for a in workspace.allocations if a.cost == step.key)


def proposed(workspace: Workspace, steps: Iterable[Step]) -> Workspace:
    """``workspace`` after every step, in order (validation is the caller's, once, on the result)."""
    for step in steps:
        workspace = apply_step(workspace, step)
    return workspace


def rename_references(workspace: Workspace, kind: str, old: str, new: str) -> Workspace:
    """After renaming a key, point the references at the new key (the database cascades its own)."""
    if old == new:
        return workspace
    if kind == "stream":
        workspace = with_records(
            workspace,
            "allocation",
            tuple(dataclasses.replace(a, stream=new) if a.stream == old else a for a in workspace.allocations),
        )
        for other, attr in (("application", "stream"), ("deadline", "stream"), ("actual", "stream")):
            workspace = with_records(
                workspace,
                other,
                tuple(
                    dataclasses.replace(r, **{attr: new}) if getattr(r, attr) == old else r
                    for r in workspace.records(other)
                ),
            )
        workspace = with_records(
            workspace,
            "award",
            tuple(
                dataclasses.replace(
                    a,
                    stream=new if a.stream == old else a.stream,
                    match_streams=tuple(new if s == old else s for s in a.match_streams),
                )
                if old in (a.stream, *a.match_streams)
                else a
                for a in workspace.awards
            ),
        )
    elif kind in ("position", "expense"):
        workspace = with_records(
            workspace,
            "allocation",
            tuple(dataclasses.replace(a, cost=new) if a.cost == old else a for a in workspace.allocations),
        )
    elif kind == "application":
        workspace = with_records(
            workspace,
            "deadline",
            tuple(dataclasses.replace(d, application=new) if d.application == old else d for d in workspace.deadlines),
        )
        # An award's key is its application's (the database cascades it).
        workspace = with_records(
            workspace, "award", tuple(dataclasses.replace(a, key=new) if a.key == old else a for a in workspace.awards)
        )
    return workspace
