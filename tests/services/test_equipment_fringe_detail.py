"""Equipment purpose and procurement, fringe components and match streams: kept, checked and shown."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from fundtracker.domain.errors import ValidationError
from fundtracker.domain.records import Allocation, Expense, FringeComponent, Workspace
from fundtracker.domain.validation import validate_workspace
from fundtracker.services.application_budget import application_budget
from fundtracker.services.budget_justification import justification
from fundtracker.store import json_format

COMPONENTS = (
    FringeComponent("FICA", Decimal("0.0765")),
    FringeComponent("Health insurance", Decimal("0.12")),
    FringeComponent("Retirement", Decimal("0.0535")),
)


def detailed(sample: Workspace) -> Workspace:
    """The sample with a $12,000 radio system (equipment), the organization's 25% fringe in parts and Health
    as the application's match stream."""
    radio = Expense(
        "radios",
        "Radio system",
        1_200_000,
        date(2022, 8, 1),
        "equipment",
        "once",
        purpose="Lets advocates reach each other and dispatch during street outreach.",
        procurement_method="competitive_proposals",
    )
    organization = dataclasses.replace(sample.organization, fringe_components=COMPONENTS)
    app = sample.find("application", "bja_cvi")
    return dataclasses.replace(
        sample,
        organization=organization,
        expenses=(*sample.expenses, radio),
        allocations=(*sample.allocations, Allocation("radios", "federal", Decimal("100"))),
        applications=(dataclasses.replace(app, match_streams=("health",)),),
    )


def test_components_must_add_up_to_the_rate_naming_the_field(sample: Workspace) -> None:
    workspace = detailed(sample)
    assert validate_workspace(workspace) == []
    short = dataclasses.replace(workspace.organization, fringe_components=COMPONENTS[:2])
    problems = validate_workspace(dataclasses.replace(workspace, organization=short))
    assert [str(p) for p in problems] == [
        "organization: fringe_components: FICA 7.65% + Health insurance 12% = 19.65%, but fringe_rate is 25%; "
        "the components must add up to the rate"
    ]
    position = dataclasses.replace(
        workspace.positions[0], fringe_components=(FringeComponent("FICA", Decimal("0.0765")),)
    )
    problems = validate_workspace(dataclasses.replace(workspace, positions=(position, *workspace.positions[1:])))
    assert any(
        p.kind == "position" and p.field == "fringe_components" and "the organization's fringe_rate is 25%" in p.message
        for p in problems
    )
    bad = dataclasses.replace(workspace.expenses[-1], procurement_method="by phone")
    problems = validate_workspace(dataclasses.replace(workspace, expenses=(*workspace.expenses[:-1], bad)))
    assert any(p.field == "procurement_method" and p.key == "radios" for p in problems)


def test_json_keeps_the_details(sample: Workspace, tmp_path: Path) -> None:
    workspace = detailed(sample)
    path = tmp_path / "ws.json"
    json_format.write_file(workspace, path)
    text = path.read_text(encoding="utf-8")
    assert '"fringe_components": [' in text and '"procurement_method": "competitive_proposals"' in text
    assert '"match_streams": [\n' in text or '"match_streams": ["health"]' in text
    again = json_format.read_file(path)
    assert again.organization.fringe_components == COMPONENTS
    assert again.find("expense", "radios").purpose.startswith("Lets advocates")
    assert again.find("application", "bja_cvi").match_streams == ("health",)


def test_a_bad_component_in_json_names_its_path(sample: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "ws.json"
    json_format.write_file(detailed(sample), path)
    text = path.read_text(encoding="utf-8").replace('"rate": "0.0765"', '"rate": "7.65%"', 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(Exception, match=r"organization\.fringe_components\[0\]\.rate"):
        json_format.read_file(path)


def test_the_database_keeps_the_details(sample: Workspace, service) -> None:  # type: ignore[no-untyped-def]
    workspace = detailed(sample)
    service.replace_all(workspace)
    loaded = service.load()
    assert loaded.organization.fringe_components == COMPONENTS
    assert loaded.find("expense", "radios").procurement_method == "competitive_proposals"
    assert loaded.find("application", "bja_cvi").match_streams == ("health",)
    short = dataclasses.replace(loaded.organization, fringe_components=COMPONENTS[:1])
    with pytest.raises(ValidationError, match="fringe_components"):
        service.set_organization(short)


def test_the_justification_shows_purpose_procurement_components_and_the_match(sample: Workspace) -> None:
    workspace = detailed(sample)
    application = workspace.find("application", "bja_cvi")
    texts = dict(justification(workspace, application, application_budget(workspace, "bja_cvi")))
    assert (
        "Radio system: $12,000.00. Purpose: Lets advocates reach each other and dispatch during street outreach; "
        "procurement: competitive proposals" in texts["equipment"]
    )
    assert "The 25% rate is FICA 7.65% + Health insurance 12% + Retirement 5.35%." in texts["fringe"]
    assert (
        "The non-federal share (match)" in texts["personnel"] and "is paid by Health Department" in texts["personnel"]
    )
