"""Locked periods: allocations and actuals of closed months cannot change until unlocked."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from fundtracker.domain.errors import ConflictError
from fundtracker.domain.months import month_of
from fundtracker.domain.records import Actual, Allocation
from fundtracker.services.workspace import WorkspaceService

Q1_2022 = range(month_of(2022, 1), month_of(2022, 3) + 1)


def test_locked_allocation_cannot_change_until_unlocked(sample_service: WorkspaceService) -> None:
    service = sample_service
    service.lock_months(Q1_2022)
    assert service.locked_months() == frozenset(Q1_2022)
    lead = service.get("allocation", "lead->health")
    with pytest.raises(ConflictError, match="allocation 'lead->health' charges the locked period 2022-01"):
        service.update("allocation", lead.key, dataclasses.replace(lead, percent=Decimal(50)))
    with pytest.raises(ConflictError, match="locked period 2022-01"):
        service.delete("position", "lead")
    assert service.refresh().find("allocation", "lead->health").percent == Decimal(100)
    service.unlock_months(Q1_2022)
    service.update("allocation", lead.key, dataclasses.replace(lead, percent=Decimal(50)))
    assert service.refresh().find("allocation", "lead->health").percent == Decimal(50)
    actions = [(e.action, e.kind, e.key) for e in service.audit_log(limit=3)]
    assert actions == [
        ("update", "allocation", "lead->health"),
        ("unlock", "period", "2022-01..2022-03"),
        ("lock", "period", "2022-01..2022-03"),
    ]


def test_changes_after_the_locked_months_are_allowed(sample_service: WorkspaceService) -> None:
    sample_service.lock_months(Q1_2022)
    lead = sample_service.get("allocation", "lead->health")
    # Ending the allocation after the locked quarter leaves the quarter's charges as they were.
    sample_service.update("allocation", lead.key, dataclasses.replace(lead, end=date(2022, 6, 30)))
    new = Allocation(cost="lead", stream="realloc", percent=Decimal(100), start=date(2022, 7, 1))
    sample_service.create(new)
    assert sample_service.refresh().find("allocation", new.key) == new


def test_actuals_in_locked_month_are_refused(sample_service: WorkspaceService) -> None:
    sample_service.lock_months(Q1_2022)
    march = Actual(key="t1", date=date(2022, 3, 15), amount=12_000, stream="combat", memo="phones")
    with pytest.raises(ConflictError, match="actual 't1' is dated 2022-03-15, in the locked period 2022-03"):
        sample_service.create(march)
    april = dataclasses.replace(march, date=date(2022, 4, 1))
    sample_service.create(april)
    with pytest.raises(ConflictError, match="locked period 2022-03"):
        sample_service.update("actual", "t1", march)
