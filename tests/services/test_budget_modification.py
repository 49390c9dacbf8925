"""The rebudgeting meter of an award for the plan, a scenario and a requested amendment."""

from __future__ import annotations

from decimal import Decimal

from fundtracker.services.budget_modification import find_proposal, meter_readings, reading
from tests.services.award_fixtures import award_workspace


def test_the_meter_for_the_plan_each_scenario_and_each_requested_amendment() -> None:
    readings = meter_readings(award_workspace(), "bja")
    assert [r.sentence for r in readings] == [
        # the plan computes version 0's budget again: nothing moves
        "the current plan transfers 0.0 % ($0.00) — no prior approval needed",
        # +18,000.00 personnel, +4,500.00 fringe: transfers ½ × 22,500.00 = 11,250.00;
        # 11,250 / 207,000 = 5.434… % → 5.4 %
        "scenario 'Coordinator 30 % on the award' transfers 5.4 % ($11,250.00) — no prior approval needed",
        # −2,000.00 supplies, +2,000.00 other (approved at $0): transfers 2,000.00; 2,000 / 207,000 = 0.966… %
        "amendment 1 (requested 2026-02-01) transfers 1.0 % ($2,000.00) — prior approval needed "
        "($2,000 into other, approved at $0)",
    ]
    scenario = readings[1]
    assert scenario.meter.total_approved == 207_000_00
    assert {c.category: c.change for c in scenario.meter.changes if c.change} == {
        "personnel": 18_000_00,
        "fringe": 4_500_00,
    }
    assert scenario.meter.percent == Decimal("5.4")


def test_a_requested_amendment_carries_its_reason_as_the_justification() -> None:
    workspace = award_workspace()
    amendment = reading(workspace, "bja", find_proposal(workspace, "bja", version=1))
    assert amendment.proposal.justification == "Outreach materials for the spring campaign"
    assert amendment.meter.needs_prior_approval
    assert amendment.meter.into_zero == ("other",)


def test_a_scenario_without_a_budget_is_named_not_measured() -> None:
    from dataclasses import replace

    from fundtracker.domain.records import Scenario, StreamOverride
    from fundtracker.services.budget_modification import meter_lines

    workspace = award_workspace()
    dropped = Scenario(key="nobja", name="No BJA", overrides=(StreamOverride("bja", drop=True),))
    workspace = replace(workspace, scenarios=(*workspace.scenarios, dropped))
    assert [r.proposal.key for r in meter_readings(workspace, "bja")] == ["", "coord30", "1"]
    lines = meter_lines(workspace, "bja")
    assert lines[1] == "Rebudgeting meter (against approved version 0 of 2025-09-15, $207,000.00):"
    assert lines[-1] == (
        "  scenario 'No BJA': no budget to measure (application 'bja': stream: no funding stream with key 'bja')"
    )
