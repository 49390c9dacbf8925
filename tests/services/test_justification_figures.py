"""An own justification remembers the figures it was written against; the export says what changed."""

from __future__ import annotations

import dataclasses

from fundtracker.domain.records import Section, Workspace
from fundtracker.services.application_budget import application_budget, money
from fundtracker.services.justification_figures import (
    amount_warnings,
    current_figures,
    stale_justifications,
    with_own_text,
)

KEY = "bja_cvi"


def _raise_first_salary(workspace: Workspace, cents: int) -> Workspace:
    first = workspace.positions[0]
    raised = dataclasses.replace(first, annual_salary=first.annual_salary + cents)
    return dataclasses.replace(workspace, positions=(raised, *workspace.positions[1:]))


def _with_application(workspace: Workspace, application) -> Workspace:  # type: ignore[no-untyped-def]
    others = tuple(a for a in workspace.applications if a.key != application.key)
    return dataclasses.replace(workspace, applications=(application, *others))


def test_own_text_records_its_figures_and_names_each_change(sample: Workspace) -> None:
    budget = application_budget(sample, KEY)
    own = with_own_text(sample.find("application", KEY), "personnel", "Our advocates.", budget)
    entries = dict(own.budget_justification)
    assert entries["personnel"] == "Our advocates."
    personnel = budget.category_total("personnel").total
    assert entries["personnel.figures"].splitlines()[0] == f"Personnel total: {money(personnel)}"
    assert stale_justifications(own, budget) == []

    changed = _raise_first_salary(_with_application(sample, own), 120_000)
    after = application_budget(changed, KEY)
    (stale,) = stale_justifications(own, after)
    labels = [label for label, _, _ in stale.changes]
    assert labels[0] == "Personnel total"
    assert stale.changes[0][1:] == (money(personnel), money(after.category_total("personnel").total))
    assert len(labels) == 2  # the total and the one position whose salary changed
    assert "regenerate it" in stale.warning and "→" in stale.warning
    # Regenerating drops the text and its figures.
    assert with_own_text(own, "personnel", "", after).budget_justification == ()


def test_own_text_without_figures_is_flagged(sample: Workspace) -> None:
    application = dataclasses.replace(sample.find("application", KEY), budget_justification=(("travel", "Ours."),))
    (stale,) = stale_justifications(application, application_budget(sample, KEY))
    assert stale.unrecorded and "does not record the figures" in stale.warning


def test_indirect_figures_are_rate_and_each_years_base(sample: Workspace) -> None:
    budget = application_budget(sample, KEY)
    figures = dict(current_figures(budget, "indirect"))
    assert figures["Indirect rate"] == "10% (de minimis)"  # the sample of 2022: 2014 guidance
    assert figures["Year 1 MTDC"] == money(budget.mtdc[0])


def test_a_section_printing_another_amount_than_the_cover_says_why(sample: Workspace) -> None:
    application = sample.find("application", KEY)
    abstract = Section("abstract", "Abstract", "We request {{budget.total}} over three years.")
    more = application.requested_amount + 100
    asking_more = dataclasses.replace(application, sections=(abstract,), requested_amount=more)
    budget = application_budget(_with_application(sample, asking_more), KEY)
    (warning,) = amount_warnings(asking_more, budget)
    assert warning.startswith("section 'Abstract' prints {{budget.total}} = " + money(budget.total))
    assert f"the cover's amount requested is {money(asking_more.requested_amount)}" in warning
    agreeing = dataclasses.replace(asking_more, requested_amount=budget.federal_total)
    assert amount_warnings(agreeing, budget) == []
