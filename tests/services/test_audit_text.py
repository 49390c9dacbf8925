"""Audit entries described in words: names, labels, dollars and percents instead of keys and JSON."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

from fundtracker.domain.records import Allocation, StreamOverride, Workspace
from fundtracker.services.audit_text import describe
from fundtracker.services.changes import CREATE, DELETE, UPDATE, Step
from fundtracker.services.names import key_from_name, position_name
from fundtracker.services.transfer import write_workspace_to
from fundtracker.services.workspace import WorkspaceService


def _service(tmp_path: Path, sample: Workspace) -> WorkspaceService:
    path = tmp_path / "w.fundtracker"
    write_workspace_to(sample, path, replace=False, action="sample")
    return WorkspaceService.open(path)


def test_a_stream_edit_reads_as_its_name_the_fields_labels_dollars_and_percents(tmp_path, sample) -> None:
    with _service(tmp_path, sample) as service:
        combat = service.load().stream("combat")
        assert combat is not None
        changed = dataclasses.replace(combat, amount=7_900_000, probability=Decimal("0.9"))
        service.apply([Step(UPDATE, "stream", "combat", combat, changed)])
        entry = service.audit_log(limit=1)[0]
        assert describe(entry, service.load()) == (
            "COMBAT anti-crime tax allocation: amount $78,268.00 → $79,000.00; chance 100% → 90%"
        )


def test_a_salary_edit_names_the_person_and_their_title(tmp_path, sample) -> None:
    with _service(tmp_path, sample) as service:
        adv1 = service.load().find("position", "adv1")
        service.apply([Step(UPDATE, "position", "adv1", adv1, dataclasses.replace(adv1, annual_salary=5_200_001))])
        entry = service.audit_log(limit=1)[0]
        assert describe(entry, service.load()) == "Maria Peña (Client Advocate): annual salary $52,000.00 → $52,000.01"


def test_a_scenario_change_names_the_streams_it_changes(tmp_path, sample) -> None:
    with _service(tmp_path, sample) as service:
        scenario = service.load().find("scenario", "appeal_fails")
        assert scenario.overrides == (StreamOverride(stream="realloc", status="declined"),)
        upheld = dataclasses.replace(scenario, overrides=(StreamOverride(stream="realloc", status="secured"),))
        service.apply([Step(UPDATE, "scenario", "appeal_fails", scenario, upheld)])
        text = describe(service.audit_log(limit=1)[0], service.load())
        realloc = "Community services and prevention fund (police-budget reallocation)"
        assert text == f"Appeal fails: {realloc}: status declined → secured"
        assert "{" not in text and "realloc'" not in text


def test_allocations_added_and_deleted_read_as_whose_share_of_what(tmp_path, sample) -> None:
    with _service(tmp_path, sample) as service:
        share = Allocation(cost="phones", stream="donors", percent=Decimal("10"))
        service.apply([Step(CREATE, "allocation", share.key, None, share)])
        workspace = service.load()
        assert describe(service.audit_log(limit=1)[0], workspace) == (
            "Advocate phones and service's share of Private community donors: added"
        )
        service.apply([Step(DELETE, "allocation", share.key, share, None)])
        assert describe(service.audit_log(limit=1)[0], workspace).endswith(": deleted")


def test_keys_are_made_from_names() -> None:
    assert key_from_name("COMBAT anti-crime tax", set()) == "combat_anti_crime_tax"
    assert key_from_name("Maria Peña", set()) == "maria_pena"
    assert key_from_name("Client Advocate", {"client_advocate"}) == "client_advocate_2"
    assert key_from_name("Client Advocate", {"client_advocate", "client_advocate_2"}) == "client_advocate_3"
    assert key_from_name("!!!", set(), "stream") == "stream"
    assert len(key_from_name("Community services and prevention fund (police-budget reallocation)", set())) <= 24


def test_unfilled_positions_sharing_a_title_are_told_apart_by_key(sample) -> None:
    lead = sample.find("position", "lead")
    twin = dataclasses.replace(lead, key="lead2")
    assert position_name(lead, (lead,)) == "Team Lead"
    assert position_name(lead, (lead, twin)) == "Team Lead (lead)"
    assert position_name(sample.find("position", "adv2")) == "D. Johnson (Client Advocate)"
