"""The application budget: hand-checked arithmetic, guidance versions, MTDC, match, and the engine's splits."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from fundtracker.domain.costs import position_month
from fundtracker.domain.errors import InputError, NotFoundError
from fundtracker.domain.months import month_of
from fundtracker.domain.records import (
    Allocation,
    Application,
    Expense,
    FundingStream,
    Organization,
    Position,
    Workspace,
)
from fundtracker.services.application_budget import application_budget
from fundtracker.services.budget_justification import generated_justification, justification


def small_workspace(guidance: str = "2014", match: str = "0", negotiated: str | None = None) -> Workspace:
    """One position at 50 %, equipment, travel and a contract, all charged to "grant" in 2025."""
    return Workspace(
        organization=Organization(name="Small Org", fiscal_year_start_month=1, fringe_rate=Decimal("0.25")),
        streams=(FundingStream("grant", "Grant", 10_000_000, date(2025, 1, 1), date(2025, 12, 31)),),
        positions=(Position("coord", "Coordinator", 6_000_000, date(2024, 1, 1), name="Ana Peña"),),
        expenses=(
            Expense("scope", "Microscope", 700_000, date(2025, 3, 1), category="equipment", recurrence="once"),
            Expense("trips", "Site visits", 30_000, date(2025, 1, 1), category="travel", recurrence="monthly"),
            Expense("eval", "Evaluator", 3_000_000, date(2025, 6, 1), category="contractual", recurrence="once"),
        ),
        allocations=(
            Allocation("coord", "grant", Decimal("50")),
            Allocation("scope", "grant", Decimal("100")),
            Allocation("trips", "grant", Decimal("100")),
            Allocation("eval", "grant", Decimal("100")),
        ),
        applications=(
            Application(
                "app",
                "Funder",
                "Program",
                stream="grant",
                requested_amount=8_521_000,
                period_start=date(2025, 1, 1),
                period_end=date(2025, 12, 31),
                budget_years=1,
                uniform_guidance=guidance,
                match_percent=Decimal(match),
                negotiated_indirect_rate=Decimal(negotiated) if negotiated else None,
            ),
        ),
    )


def test_hand_checked_small_budget_under_2014_guidance() -> None:
    # Coordinator: $60,000/yr ÷ 12 = $5,000.00/month × 50% = $2,500.00 × 12 months = $30,000.00
    # Fringe: 25% × $5,000.00 = $1,250.00/month × 50% = $625.00 × 12 = $7,500.00
    # Travel: $300 × 12 = $3,600.00; microscope $7,000 ≥ $5,000 → equipment; evaluator $30,000 contractual
    # Total direct = 30,000 + 7,500 + 3,600 + 7,000 + 30,000 = $78,100.00
    # MTDC = 78,100 − 7,000 (equipment) = $71,100.00; indirect 10% de minimis = $7,110.00
    # Total = 78,100 + 7,110 = $85,210.00
    budget = application_budget(small_workspace("2014"), "app")
    cell = {key: budget.cell(key, 1).total for key in ("personnel", "fringe", "travel", "equipment", "supplies")}
    assert cell == {
        "personnel": 3_000_000,
        "fringe": 750_000,
        "travel": 360_000,
        "equipment": 700_000,
        "supplies": 0,
    }
    assert budget.cell("contractual", 1).total == 3_000_000
    assert budget.cell("total_direct", 1).total == 7_810_000
    assert budget.mtdc == (7_110_000,)
    assert budget.indirect_rate == Decimal("0.10") and budget.indirect_rate_basis == "de minimis"
    assert budget.cell("indirect", 1).total == 711_000
    assert budget.total == 8_521_000
    assert budget.warnings == ()  # requested $85,210 equals the total
    (personnel,) = budget.lines_for("personnel")
    assert personnel.computation == (
        "Coordinator (Ana Peña): $5,000.00/month ($60,000/yr ÷ 12) × 50% × 12 months = $30,000.00"
    )
    (indirect,) = budget.lines_for("indirect")
    assert indirect.formula == "10% × MTDC ($78,100.00 total direct − equipment $7,000.00 = $71,100.00) = $7,110.00"


def test_2024_guidance_moves_a_7000_item_to_supplies_and_uses_15_percent() -> None:
    # $7,000 < $10,000 → supplies; MTDC = total direct $78,100; 15% → $11,715; total $89,815
    budget = application_budget(small_workspace("2024"), "app")
    assert budget.cell("equipment", 1).total == 0
    assert budget.cell("supplies", 1).total == 700_000
    (line,) = budget.lines_for("supplies")
    assert "below the $10,000.00 equipment threshold" in line.note
    assert budget.mtdc == (7_810_000,)
    assert budget.cell("indirect", 1).total == 1_171_500
    assert budget.total == 8_981_500
    assert any("differs from the budget's total $89,815.00" in w for w in budget.warnings)


def test_negotiated_rate_replaces_de_minimis() -> None:
    budget = application_budget(small_workspace("2014", negotiated="0.2"), "app")
    assert budget.indirect_rate_basis == "negotiated"
    assert budget.cell("indirect", 1).total == 1_422_000  # 20% × $71,100


def test_match_splits_every_cell_and_requested_amount_is_compared_with_the_federal_share() -> None:
    # 20% non-federal per cell: personnel 6,000; fringe 1,500; travel 720; equipment 1,400;
    # contractual 6,000; indirect 1,422 → non-federal 17,042; federal 85,210 − 17,042 = 68,168
    budget = application_budget(small_workspace("2014", match="20"), "app")
    assert budget.cell("personnel", 1).non_federal == 600_000
    assert budget.cell("personnel", 1).federal == 2_400_000
    assert budget.cell("indirect", 1).non_federal == 142_200
    assert budget.non_federal_total == 1_704_200
    assert budget.federal_total == 6_816_800
    assert budget.total == 8_521_000
    assert any("federal share $68,168.00" in w for w in budget.warnings)


def test_match_rounding_keeps_shares_adding_up() -> None:
    workspace = small_workspace("2014", match="33.3")
    budget = application_budget(workspace, "app")
    for key in ("personnel", "fringe", "travel", "equipment", "contractual", "indirect", "total_direct", "total"):
        cell = budget.cell(key, 1)
        assert cell.federal + cell.non_federal == cell.total
    assert budget.cell("travel", 1).non_federal == 119_880  # round(360,000 × 0.333)


def test_allocation_outside_budget_year_and_partial_months() -> None:
    workspace = small_workspace()
    position = dataclasses.replace(workspace.positions[0], start=date(2025, 3, 16))
    allocations = (
        Allocation("coord", "grant", Decimal("100"), start=None, end=date(2025, 6, 30)),
        Allocation("coord", "other", Decimal("100"), start=date(2025, 7, 1)),
    )
    other = FundingStream("other", "Other", 100, date(2025, 1, 1))
    workspace = dataclasses.replace(
        workspace, positions=(position,), allocations=allocations, streams=(*workspace.streams, other)
    )
    budget = application_budget(workspace, "app")
    # March: $5,000 × 16/31 days = $2,580.65; April–June: 3 × $5,000 = $15,000 → $17,580.65
    march = position_month(position, workspace.organization, month_of(2025, 3))
    assert march.salary == 258_065
    assert budget.cell("personnel", 1).total == 258_065 + 1_500_000
    (line,) = budget.lines_for("personnel")
    assert "× 16/31 days = $2,580.65 × 100% × 1 month" in line.formula
    assert "$5,000.00/month ($60,000/yr ÷ 12) × 100% × 3 months" in line.formula


def test_sample_budget_years_and_figures(sample: Workspace) -> None:
    budget = application_budget(sample, "bja_cvi")
    assert [y.period_text for y in budget.years] == [
        "July 2022 – June 2023",
        "July 2023 – June 2024",
        "July 2024 – June 2025",
    ]
    # Each advocate: FY2023 salary $53,560 (one 3% raise) Jul–Apr, FY2024 $55,166.80 May–Jun:
    # 10 × $4,463.33 + 2 × $4,597.23 = $53,827.76; three advocates = $161,483.28
    assert budget.cell("personnel", 1).total == 16_148_328
    assert budget.cell("supplies", 1).total == 360_000  # the laptops, once, July 2022
    assert budget.indirect_rate == Decimal("0.10")  # 2014 guidance, no negotiated rate
    total = sum(budget.cell("total", y.number).total for y in budget.years)
    assert budget.total == total == 69_026_218
    assert not any("differs" in w for w in budget.warnings)  # the sample asks for its plan's total
    app = sample.find("application", "bja_cvi")
    asking_less = dataclasses.replace(sample, applications=(dataclasses.replace(app, requested_amount=45_000_000),))
    warnings = application_budget(asking_less, "bja_cvi").warnings
    assert any(
        w.startswith("requested amount $450,000.00 differs from the budget's total $690,262.18") for w in warnings
    )


def test_budget_agrees_with_the_cost_module_to_the_cent(sample: Workspace) -> None:
    budget = application_budget(sample, "bja_cvi")
    adv1 = sample.find("position", "adv1")
    expected = sum(position_month(adv1, sample.organization, m).salary for m in budget.years[0].months)
    lines = [line for line in budget.lines_for("personnel", 1) if line.source == "adv1"]
    assert [line.amount for line in lines] == [expected]


def test_errors_name_the_field(sample: Workspace) -> None:
    with pytest.raises(NotFoundError, match="no application with key 'nope'"):
        application_budget(sample, "nope")
    app = sample.find("application", "bja_cvi")
    no_stream = dataclasses.replace(sample, applications=(dataclasses.replace(app, stream=None),))
    with pytest.raises(InputError, match=r"application 'bja_cvi': stream: not set"):
        application_budget(no_stream, "bja_cvi")
    no_period = dataclasses.replace(sample, applications=(dataclasses.replace(app, period_end=None),))
    with pytest.raises(InputError, match=r"period_end: not set"):
        application_budget(no_period, "bja_cvi")
    too_many = dataclasses.replace(sample, applications=(dataclasses.replace(app, budget_years=4),))
    with pytest.raises(InputError, match=r"budget_years: the project period has 36 months, too short for 4"):
        application_budget(too_many, "bja_cvi")


def test_short_last_year_warns(sample: Workspace) -> None:
    app = sample.find("application", "bja_cvi")
    shorter = dataclasses.replace(app, period_end=date(2024, 12, 31))
    budget = application_budget(dataclasses.replace(sample, applications=(shorter,)), "bja_cvi")
    assert budget.years[-1].period_text == "July 2024 – December 2024"
    assert any("budget year 3 covers 6 months" in w for w in budget.warnings)


def test_justification_uses_overrides_and_generates_the_rest() -> None:
    workspace = small_workspace("2014")
    app = dataclasses.replace(workspace.applications[0], budget_justification=(("travel", "Our own **travel** text."),))
    workspace = dataclasses.replace(workspace, applications=(app,))
    budget = application_budget(workspace, "app")
    texts = dict(justification(workspace, app, budget))
    assert texts["travel"] == "Our own **travel** text."
    assert "**$30,000.00**" in texts["personnel"] and "- Coordinator (Ana Peña): $30,000.00" in texts["personnel"]
    assert "at least $5,000" in texts["equipment"]
    assert texts["construction"] == "No construction costs are requested."
    assert "10% × $71,100.00 = $7,110.00" in generated_justification(workspace, budget, "indirect")


def test_a_stream_with_nothing_allocated_warns() -> None:
    workspace = small_workspace()
    workspace = dataclasses.replace(workspace, allocations=())
    budget = application_budget(workspace, "app")
    assert budget.total == 0
    assert budget.warnings[0] == (
        "no costs of the plan are allocated to stream 'grant' in the project period; "
        "allocate positions or expenses to it"
    )


def test_a_salary_after_raises_prints_a_computation_a_calculator_reproduces() -> None:
    workspace = small_workspace()
    advocate = Position("adv", "Advocate", 5_200_000, date(2021, 1, 1), annual_raise=Decimal("0.03"))
    workspace = dataclasses.replace(
        workspace, positions=(advocate,), allocations=(Allocation("adv", "grant", Decimal("100")),)
    )
    line = application_budget(workspace, "app").lines_for("personnel")[0]
    # 2025 is the 4th fiscal year after 2021: 52,000 × 1.03^4 = 58,526.458… ÷ 12 = 4,877.2048… → $4,877.20.
    # Printing "$58,526.46/yr ÷ 12" would give 4,877.205 → $4,877.21, which is not what is budgeted.
    assert line.formula == "$4,877.20/month ($52,000/yr × 1.03^4 ÷ 12) × 100% × 12 months = $58,526.40"


def test_months_outside_the_streams_period_are_not_budgeted() -> None:
    workspace = small_workspace()
    grant = dataclasses.replace(workspace.streams[0], end=date(2025, 5, 31))
    workspace = dataclasses.replace(workspace, streams=(grant,))
    budget = application_budget(workspace, "app")
    # The grant pays January–May only: the site visits are $300 × 5 months.
    assert budget.lines_for("travel")[0].formula == "$300.00 × 100% × 5 months = $1,500.00"
