"""Services: every change validates, writes and audits in one transaction; failures leave no trace."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from decimal import Decimal

import pytest

from fundtracker.domain.errors import ConflictError, NotFoundError, ValidationError
from fundtracker.domain.records import Allocation, FundingStream, Workspace
from fundtracker.services.workspace import WorkspaceService
from fundtracker.store import convert, json_format

NEW_STREAM = FundingStream(
    key="city",
    name="City general fund",
    amount=2_500_000,
    start=date(2022, 1, 1),
    end=date(2022, 12, 31),
    restricted=False,
)


def stored(service: WorkspaceService) -> str:
    """What is really in the database (bypassing the service's cache)."""
    return json_format.dumps(service.refresh())


def test_sample_round_trips_through_the_database(sample_service: WorkspaceService, sample: Workspace) -> None:
    assert sample_service.refresh() == sample


def test_create_update_delete_are_audited(sample_service: WorkspaceService) -> None:
    service = sample_service
    service.create(NEW_STREAM)
    service.update("stream", "city", dataclasses.replace(NEW_STREAM, amount=3_000_000))
    service.delete("stream", "city")
    entries = service.audit_log(limit=3)
    assert [(e.action, e.kind, e.key) for e in entries] == [
        ("delete", "stream", "city"),
        ("update", "stream", "city"),
        ("create", "stream", "city"),
    ]
    delete, update, create = entries
    assert create.old is None and json.loads(create.new or "")["amount"] == "25000.00"
    assert json.loads(update.old or "")["amount"] == "25000.00"
    assert json.loads(update.new or "")["amount"] == "30000.00"
    assert json.loads(delete.old or "")["key"] == "city" and delete.new is None
    assert create.who == service.who and create.who
    assert service.refresh().stream("city") is None


def test_invalid_create_leaves_no_trace(sample_service: WorkspaceService) -> None:
    before, audits = stored(sample_service), sample_service.audit_count()
    bad = dataclasses.replace(NEW_STREAM, end=date(2021, 1, 1))
    with pytest.raises(ValidationError, match="stream 'city': end: ends 2021-01-01 before it starts 2022-01-01"):
        sample_service.create(bad)
    assert stored(sample_service) == before
    assert sample_service.audit_count() == audits


def test_failure_mid_transaction_rolls_back(sample_service: WorkspaceService, monkeypatch: pytest.MonkeyPatch) -> None:
    """The main row is written, then writing its children fails: nothing at all is kept."""
    before, audits = stored(sample_service), sample_service.audit_count()

    def explode(*args: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(convert, "write_children", explode)
    with pytest.raises(RuntimeError, match="disk on fire"):
        sample_service.create(NEW_STREAM)
    monkeypatch.undo()
    assert stored(sample_service) == before
    assert sample_service.audit_count() == audits


def test_allocation_over_100_percent_is_refused(sample_service: WorkspaceService) -> None:
    before = stored(sample_service)
    extra = Allocation(cost="lead", stream="realloc", percent=Decimal(10))
    with pytest.raises(ValidationError, match="shares add up to 110%"):
        sample_service.create(extra)
    assert stored(sample_service) == before


def test_delete_refused_while_referenced(sample_service: WorkspaceService) -> None:
    before = stored(sample_service)
    with pytest.raises(ValidationError, match="no funding stream with key 'combat'"):
        sample_service.delete("stream", "combat")
    assert stored(sample_service) == before


def test_deleting_a_position_takes_its_allocations(sample_service: WorkspaceService) -> None:
    sample_service.delete("position", "adv1")
    workspace = sample_service.refresh()
    assert all(a.cost != "adv1" for a in workspace.allocations)
    assert len(workspace.allocations) == 7
    deleted = [(e.kind, e.key) for e in sample_service.audit_log(limit=3)]
    assert ("position", "adv1") in deleted and ("allocation", "adv1->combat") in deleted


def test_renaming_a_key_keeps_references(sample_service: WorkspaceService) -> None:
    combat = sample_service.get("stream", "combat")
    sample_service.update("stream", "combat", dataclasses.replace(combat, key="combat_tax"))
    workspace = sample_service.refresh()
    assert {a.stream for a in workspace.allocations if a.cost == "adv1"} == {"combat_tax", "federal"}
    assert workspace.find("deadline", "combat_report").stream == "combat_tax"


def test_stale_edit_is_refused_and_names_who(sample_service: WorkspaceService) -> None:
    version = sample_service.version("position", "adv2")
    position = sample_service.get("position", "adv2")
    sample_service.update("position", "adv2", dataclasses.replace(position, fte=Decimal("0.8")))
    assert sample_service.version("position", "adv2") == version + 1
    with pytest.raises(ConflictError, match=rf"position 'adv2' was changed by {sample_service.who} at .* reload"):
        sample_service.update(
            "position", "adv2", dataclasses.replace(position, fte=Decimal("0.5")), expected_version=version
        )
    assert sample_service.refresh().find("position", "adv2").fte == Decimal("0.8")


def test_update_of_missing_record(sample_service: WorkspaceService) -> None:
    with pytest.raises(NotFoundError, match="no stream with key 'ghost'"):
        sample_service.update("stream", "ghost", NEW_STREAM)


def test_invalid_replace_all_changes_nothing(sample_service: WorkspaceService, sample: Workspace) -> None:
    before = stored(sample_service)
    broken = dataclasses.replace(sample, allocations=(*sample.allocations, Allocation("x", "y", Decimal(1))))
    with pytest.raises(ValidationError):
        sample_service.replace_all(broken)
    assert stored(sample_service) == before


def test_organization_update_is_validated_and_audited(sample_service: WorkspaceService) -> None:
    org = sample_service.load().organization
    with pytest.raises(ValidationError, match="fiscal_year_start_month: 13 is not a month 1–12"):
        sample_service.set_organization(dataclasses.replace(org, fiscal_year_start_month=13))
    sample_service.set_organization(dataclasses.replace(org, fringe_rate=Decimal("0.3")))
    assert sample_service.refresh().organization.fringe_rate == Decimal("0.3")
    assert sample_service.audit_log(limit=1)[0].kind == "organization"
