"""SF-424A Sections A–F and the SF-424 key data: the forms' figures tie to each other and to the budget."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from fundtracker import forecast
from fundtracker.domain.records import Workspace
from fundtracker.services.application_budget import application_budget
from fundtracker.services.sf424a import sf424a


@pytest.fixture
def matched(sample: Workspace) -> Workspace:
    """The sample application with a 20% match, program income and an Assistance Listing number."""
    app = sample.find("application", "bja_cvi")
    changed = dataclasses.replace(
        app, match_percent=Decimal("20"), program_income=1_250_000, assistance_listing="16.045"
    )
    return dataclasses.replace(sample, applications=(changed,))


def test_section_a_and_b_tie_to_the_budget(matched: Workspace) -> None:
    budget = application_budget(matched, "bja_cvi")
    forms = sf424a(matched, "bja_cvi")
    a = forms.section_a
    assert (a.program, a.assistance_listing) == ("Client Advocates for Community Violence Intervention", "16.045")
    assert a.federal == budget.federal_total and a.non_federal == budget.non_federal_total
    assert a.total == budget.total
    # B's line 6k (column 5) is A's total; each line is the budget's category over all years.
    assert forms.line("6k").total == a.total
    assert forms.line("6k").federal == a.federal
    for line in forms.section_b:
        assert line.federal + line.non_federal == line.total
    assert forms.line("6a").federal == budget.category_total("personnel").federal
    assert forms.line("6j").non_federal == budget.category_total("indirect").non_federal
    assert forms.program_income == 1_250_000


def test_section_c_is_b_non_federal_share_by_source(matched: Workspace) -> None:
    forms = sf424a(matched, "bja_cvi")
    c = forms.section_c
    assert c.total == forms.line("6k").non_federal == forms.section_a.non_federal
    assert c.applicant == c.total and c.state == 0 and c.other == 0
    assert [s.name for s in c.sources] == ["Applicant cash match: 20% of each cost"]


def test_section_d_is_the_projection_summed_by_quarter_and_ties_to_year_1(matched: Workspace) -> None:
    forms = sf424a(matched, "bja_cvi")
    budget = forms.budget
    year = budget.years[0]
    d = forms.section_d
    # The engine's own projection of the plan over year 1: what allocations ask of the stream.
    projection = forecast.project(forecast.resolve(matched, "expected", use_actuals=False), year.first_month, 12)
    asked = projection.allocated_by_line("federal")
    monthly = [sum(series[column] for series in asked.values()) for column in range(12)]
    assert [amount for _, amount in d.monthly_direct] == monthly
    for quarter in d.quarters:
        assert quarter.direct == sum(monthly[3 * (quarter.number - 1) : 3 * quarter.number])
    assert sum(q.direct for q in d.quarters) == budget.cell("total_direct", 1).total
    # The quarters add up to Section B's first year, federal and non-federal, to the cent.
    assert d.year_total == budget.cell("total", 1)
    assert sum(q.share.federal for q in d.quarters) == budget.cell("total", 1).federal
    assert sum(q.share.non_federal for q in d.quarters) == budget.cell("total", 1).non_federal
    assert all(q.share.non_federal > 0 for q in d.quarters)


def test_section_d_quarters_follow_direct_costs_by_cumulative_rounding(matched: Workspace) -> None:
    d = sf424a(matched, "bja_cvi").section_d
    year = d.year_total.total
    whole = sum(q.direct for q in d.quarters)
    through = 0
    total_through = 0
    for quarter in d.quarters:
        through += quarter.direct
        total_through += quarter.share.total
        # Within a cent per share of the exact proportion (two shares, each rounded half-up).
        assert abs(Decimal(total_through) - Decimal(year) * through / whole) <= 1


def test_section_e_is_the_federal_total_of_the_later_years(matched: Workspace) -> None:
    forms = sf424a(matched, "bja_cvi")
    budget = forms.budget
    assert len(budget.years) == 3
    assert forms.section_e.future == (
        budget.cell("total", 2).federal,
        budget.cell("total", 3).federal,
        None,
        None,
    )
    assert forms.section_e.total == budget.federal_total - budget.cell("total", 1).federal


def test_section_f_states_the_rate_base_and_remarks(matched: Workspace) -> None:
    f = sf424a(matched, "bja_cvi").section_f
    assert "10% de minimis rate of the 2014 Uniform Guidance" in f.indirect_charges
    assert "MTDC" in f.indirect_charges
    assert "Applicant cash match: 20% of each cost" in f.remarks
    assert "$12,500.00" in f.remarks


def test_key_data_and_estimated_funding(matched: Workspace) -> None:
    forms = sf424a(matched, "bja_cvi")
    data = forms.key_data
    assert data.applicant == "Kansas City Community Safety Partnership"
    assert (data.ein, data.uei, data.assistance_listing) == ("00-0000000", "SAMPLEUEI000", "16.045")
    funding = data.funding
    assert funding.federal == forms.section_a.federal
    assert funding.applicant == forms.section_c.applicant
    assert funding.program_income == 1_250_000
    assert funding.total == forms.section_a.total + 1_250_000
    assert forms.warnings == ()


def test_a_missing_assistance_listing_warns(sample: Workspace) -> None:
    app = sample.find("application", "bja_cvi")
    bare = dataclasses.replace(sample, applications=(dataclasses.replace(app, assistance_listing=""),))
    assert any("Assistance Listing number is not set" in w for w in sf424a(bare, "bja_cvi").warnings)
