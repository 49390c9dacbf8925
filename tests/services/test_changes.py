"""One change, several steps: WorkspaceService.apply makes all of them or none, on both backends."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy.exc import OperationalError

from fundtracker.domain.errors import ConflictError, NotFoundError, ValidationError, WorkspaceError
from fundtracker.domain.months import month_of
from fundtracker.domain.records import Actual, Allocation, Workspace
from fundtracker.services import changes
from fundtracker.services.award import record_award
from fundtracker.services.changes import ActualBatch
from fundtracker.services.workspace import WorkspaceService


def _stored(location: str) -> tuple[Workspace, int, list[int]]:
    """What a fresh reader finds: the workspace, the audit entries and every stream's version."""
    with WorkspaceService.open(location) as reader:
        workspace = reader.load()
        return workspace, reader.audit_count(), [reader.version("stream", s.key) for s in workspace.streams]


def _three_steps(workspace: Workspace) -> list[changes.Step]:
    combat, health = workspace.stream("combat"), workspace.stream("health")
    assert combat is not None and health is not None
    return [
        changes.update(combat, dataclasses.replace(combat, notes="step one")),
        changes.create(dataclasses.replace(health, key="health2", name="Second health grant")),
        changes.update(health, dataclasses.replace(health, amount=health.amount + 100)),
    ]


def test_a_stale_last_step_leaves_nothing_written(sample_service: WorkspaceService, database_url: str) -> None:
    before = _stored(database_url)
    steps = _three_steps(sample_service.load())
    stale = steps[-1].with_version(sample_service.version("stream", "health") - 1 or 7)
    with pytest.raises(ConflictError, match="stream 'health' was changed"):
        sample_service.apply([*steps[:-1], stale])
    assert _stored(database_url) == before


def test_a_last_step_failing_while_written_leaves_nothing_written(
    sample_service: WorkspaceService, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first two steps' rows and audit entries are already sent when the third one's write fails."""
    before = _stored(database_url)
    real_write = WorkspaceService._write_step
    written: list[str] = []

    def write_then_fail(self, session, step, *args):  # type: ignore[no-untyped-def]
        if len(written) == 2:
            raise OperationalError("UPDATE funding_stream", {}, Exception("disk I/O error"))
        real_write(self, session, step, *args)
        session.flush()  # the rows really reach the database before the failure
        written.append(step.key)

    monkeypatch.setattr(WorkspaceService, "_write_step", write_then_fail)
    with pytest.raises(WorkspaceError, match="could not save: disk I/O error"):
        sample_service.apply(_three_steps(sample_service.load()))
    assert written == ["combat", "health2"]
    assert _stored(database_url) == before
    assert sample_service.load() == before[0]  # the service's own view is not the failed change's


def test_the_final_state_is_validated_once(sample_service: WorkspaceService) -> None:
    """Moving a cost line to another stream: adding first goes over 100 % in between, which is fine."""
    old = sample_service.get("allocation", "lead->health")
    moved = Allocation(cost="lead", stream="combat", percent=Decimal(100))
    sample_service.apply([changes.create(moved), changes.delete(old)])
    assert [a for a in sample_service.refresh().allocations if a.cost == "lead"] == [moved]
    # The same steps that end above 100 % are refused whole.
    with pytest.raises(ValidationError, match="shares add up to 200"):
        sample_service.apply([changes.create(old)])
    assert [a for a in sample_service.refresh().allocations if a.cost == "lead"] == [moved]


def test_an_award_is_one_change_in_the_audit_trail(sample_service: WorkspaceService) -> None:
    earlier = sample_service.audit_log(limit=1)[0]
    record_award(sample_service, "bja_cvi", amount=40_000_000)
    # The stream becomes secured, the application awarded, and the award record is made: one change.
    entries = list(reversed(sample_service.audit_log(limit=3)))
    assert [e.kind for e in entries] == ["stream", "application", "award"]
    assert entries[0].change is not None and {e.change for e in entries} == {entries[0].change}
    assert len({e.when for e in entries}) == 1
    assert earlier.change != entries[0].change


def test_undoing_a_change_is_applying_its_inverse(sample_service: WorkspaceService) -> None:
    original = sample_service.load()
    steps = _three_steps(original)
    sample_service.apply(steps)
    assert sample_service.refresh().stream("health2") is not None
    sample_service.apply(changes.inverse(steps))
    assert sample_service.refresh() == original


def test_a_batch_step_and_its_inverse(sample_service: WorkspaceService) -> None:
    rows = (
        Actual("b1-000001", date(2022, 3, 4), 433333, "combat", memo="Payroll", batch="b1"),
        Actual("b1-000002", date(2022, 3, 18), 433333, "combat", memo="Payroll", batch="b1"),
    )
    step = changes.import_batch(ActualBatch("b1", rows, "march.csv"))
    sample_service.apply([step])
    assert sample_service.refresh().actuals == rows
    entry = sample_service.audit_log(limit=1)[0]
    assert (entry.action, entry.key) == ("import", "b1")
    assert '"total": "8666.66"' in (entry.new or "")
    # A locked month refuses the removal whole.
    sample_service.lock_months(range(month_of(2022, 3), month_of(2022, 3) + 1))
    with pytest.raises(ConflictError, match="batch 'b1' has rows in the locked period 2022-03; unlock"):
        sample_service.apply([step.inverse()])
    assert sample_service.refresh().actuals == rows
    sample_service.unlock_months(range(month_of(2022, 3), month_of(2022, 3) + 1))
    sample_service.apply([step.inverse()])
    assert sample_service.refresh().actuals == ()
    with pytest.raises(NotFoundError, match="no imported batch 'b1'"):
        changes.batch_of(sample_service.load(), "b1")


def test_a_change_made_by_someone_else_is_seen_before_validating(
    sample_service: WorkspaceService, database_url: str
) -> None:
    """The service validates against what is stored, not the copy it read earlier."""
    shown = sample_service.load()
    with WorkspaceService.open(database_url) as other:
        health = other.get("allocation", "lead->health")
        other.update("allocation", health.key, dataclasses.replace(health, percent=Decimal(50)))
    half = Allocation(cost="lead", stream="donors", percent=Decimal(50))
    # On the copy read before, this would add up to 150 %; as stored it is 100 %.
    assert shown.find("allocation", "lead->health").percent == 100
    sample_service.create(half)
    assert {a.stream: a.percent for a in sample_service.refresh().allocations if a.cost == "lead"} == {
        "health": 50,
        "donors": 50,
    }
