"""A match from named streams: the runway and the application agree about who pays what.

The application's non-federal share is what the plan's allocations charge its match streams inside
the project period, line by line; the forecast engine charges those same streams the same amounts.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from fundtracker import forecast
from fundtracker.domain.months import month_index
from fundtracker.domain.records import Allocation, Workspace
from fundtracker.domain.validation import validate_workspace
from fundtracker.services.application_budget import application_budget
from fundtracker.services.sf424a import sf424a

AS_OF = date(2022, 1, 1)


@pytest.fixture(scope="module")
def matched() -> Workspace:
    """The sample with adv1 split 80% federal / 20% Health from July 2022, Health as the match stream."""
    from fundtracker.services.sample import sample_workspace

    sample = sample_workspace(AS_OF)
    split = [
        dataclasses.replace(a, percent=Decimal("80")) if (a.cost, a.stream) == ("adv1", "federal") else a
        for a in sample.allocations
    ]
    allocations = (*split, Allocation("adv1", "health", Decimal("20"), date(2022, 7, 1), None))
    app = sample.find("application", "bja_cvi")
    application = dataclasses.replace(app, match_streams=("health",), match_percent=Decimal("0"))
    workspace = dataclasses.replace(sample, allocations=allocations, applications=(application,))
    assert validate_workspace(workspace) == []
    return workspace


def _asked(workspace: Workspace, stream: str, first: int, last: int) -> dict[str, int]:
    """Per cost line: what the engine's allocations ask of ``stream`` in months first..last inside its period."""
    projection = forecast.project(forecast.resolve(workspace, "expected", use_actuals=False), first, last - first + 1)
    paying = workspace.stream(stream)
    assert paying is not None
    end = month_index(paying.end) if paying.end else last
    columns = [c for c, m in enumerate(projection.months) if month_index(paying.start) <= m <= end]
    return {
        line: sum(series[c] for c in columns)
        for line, series in projection.allocated_by_line(stream).items()
        if sum(series[c] for c in columns)
    }


def test_each_source_pays_in_the_budget_what_the_engine_charges_it(matched: Workspace) -> None:
    budget = application_budget(matched, "bja_cvi")
    for year in budget.years:
        for stream, non_federal in (("federal", False), ("health", True)):
            engine = _asked(matched, stream, year.first_month, year.last_month)
            in_budget: dict[str, int] = {}
            for line in [x for x in budget.lines if x.year == year.number]:
                if line.category != "indirect" and line.stream == stream:
                    assert line.non_federal is non_federal
                    in_budget[line.source] = in_budget.get(line.source, 0) + line.amount
            assert in_budget == engine, (stream, year.number)
    # Health pays only inside its period (calendar 2022): July–December of year 1.
    assert {line.year for line in budget.lines if line.stream == "health"} == {1}


def test_the_shares_are_the_streams_not_a_percent(matched: Workspace) -> None:
    budget = application_budget(matched, "bja_cvi")
    first = budget.years[0].number
    federal_direct = sum(
        x.amount
        for x in [x for x in budget.lines if x.year == first]
        if x.stream == "federal" and x.category != "indirect"
    )
    health_direct = sum(
        x.amount
        for x in [x for x in budget.lines if x.year == first]
        if x.stream == "health" and x.category != "indirect"
    )
    assert budget.cell("total_direct", first).federal == federal_direct
    assert budget.cell("total_direct", first).non_federal == health_direct > 0
    # The lead (100% Health) is match for July–December 2022 only; adv1's 20% is match too.
    assert {x.source for x in budget.lines if x.non_federal and x.category != "indirect"} == {"adv1", "lead"}
    # Indirect of each side on its own MTDC: 10% (2014 de minimis) of Health's direct costs.
    health_indirect = [x for x in budget.lines_for("indirect", first) if x.non_federal]
    assert len(health_indirect) == 1 and health_indirect[0].amount == (health_direct + 5) // 10
    assert budget.cell("indirect", first).non_federal == health_indirect[0].amount


def test_section_c_names_the_stream_and_equals_b_non_federal(matched: Workspace) -> None:
    forms = sf424a(matched, "bja_cvi")
    c = forms.section_c
    assert [(s.name, s.column) for s in c.sources] == [
        ("Health Department fiscal host support (Kansas City Health Department)", "other")
    ]
    assert c.total == forms.line("6k").non_federal == forms.section_a.non_federal
    assert forms.key_data.funding.local == c.total  # a city appropriation is local money on the SF-424
    # Section D: the match's quarters follow the months Health pays (July–December 2022 = Q1–Q2).
    d = forms.section_d
    assert d.year_total == forms.budget.cell("total", 1)
    assert [q.share.non_federal > 0 for q in d.quarters] == [True, True, False, False]


def test_match_streams_are_checked(matched: Workspace) -> None:
    app = matched.find("application", "bja_cvi")
    for streams, percent, message in (
        (("nope",), "0", "no funding stream with key 'nope'"),
        (("federal",), "0", "is the stream applied for"),
        (("health",), "10", "not both"),
        (("health", "health"), "0", "listed twice"),
    ):
        bad = dataclasses.replace(app, match_streams=streams, match_percent=Decimal(percent))
        problems = validate_workspace(dataclasses.replace(matched, applications=(bad,)))
        assert any(message in p.message and p.field.startswith("match_streams") for p in problems), message
