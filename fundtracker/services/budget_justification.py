"""The budget justification of an application: per object class, the text a reviewer reads.

Generated from the application budget's own figures (:mod:`fundtracker.services.application_budget`),
unless the writer has taken a category over (``Application.budget_justification``).
"""

from __future__ import annotations

import calendar

from fundtracker.domain.costs import fringe_rate_of
from fundtracker.domain.money import format_dollars
from fundtracker.domain.records import Application, Workspace
from fundtracker.services.application_budget import (
    CATEGORY_TITLES,
    HUNDRED,
    JUSTIFICATION_CATEGORIES,
    ApplicationBudget,
    money,
    percent_text,
)
from fundtracker.services.markup import escape_markup


def justification(workspace: Workspace, application: Application, budget: ApplicationBudget) -> list[tuple[str, str]]:
    """The budget justification per category (a–h, indirect): the application's own text
    where it has one (``budget_justification``), else text generated from the budget.

    Returns ``(category, narrative markup)`` pairs in object-class order.
    """
    overrides = dict(application.budget_justification)
    return [
        (category, overrides.get(category) or generated_justification(workspace, budget, category))
        for category in JUSTIFICATION_CATEGORIES
    ]


def generated_justification(workspace: Workspace, budget: ApplicationBudget, category: str) -> str:
    """Narrative markup justifying one category, from the budget's own figures."""
    title = CATEGORY_TITLES[category].lower()
    total = budget.category_total(category).total
    if category == "indirect":
        return _indirect_justification(budget)
    lines = budget.lines_for(category)
    if not lines:
        return f"No {title} costs are requested."
    labels: dict[str, str] = {}
    amounts: dict[str, int] = {}
    notes: dict[str, str] = {}
    for line in lines:
        labels.setdefault(line.source, line.label)
        amounts[line.source] = amounts.get(line.source, 0) + line.amount
        if line.note:
            notes[line.source] = f" ({line.note})"
    items = "\n".join(
        f"- {escape_markup(labels[source])}: {money(amounts[source])}{notes.get(source, '')}" for source in labels
    )
    years = "the project period" if len(budget.years) == 1 else f"the {len(budget.years)} budget years"
    intro = {
        "personnel": _personnel_intro(workspace, budget),
        "fringe": _fringe_intro(workspace, budget),
        "equipment": (
            f"Equipment is each item costing at least {format_dollars(budget.equipment_threshold)} "
            f"(2 CFR 200, {budget.uniform_guidance} Uniform Guidance); items below it are budgeted as supplies."
        ),
    }.get(category, f"The {title} costs come from the organization's plan of expenses charged to this project.")
    return f"{intro} Over {years} they total **{money(total)}**:\n{items}"


def _personnel_intro(workspace: Workspace, budget: ApplicationBudget) -> str:
    organization = workspace.organization
    keys = {line.source for line in budget.lines_for("personnel")}
    raises = sorted({p.annual_raise for p in workspace.positions if p.key in keys and p.annual_raise})
    text = (
        "Salaries follow the organization's staffing plan: each position's monthly salary (annual salary × FTE "
        "÷ 12, rounded to the cent) times the share of the position allocated to this project, for each month."
    )
    if raises:
        rates = ", ".join(f"{percent_text(r * HUNDRED)}%" for r in raises)
        start = calendar.month_name[organization.fiscal_year_start_month]
        text += f" Salaries rise by {rates} at the start of each fiscal year ({start})."
    return text


def _fringe_intro(workspace: Workspace, budget: ApplicationBudget) -> str:
    keys = {line.source for line in budget.lines_for("fringe")}
    organization = workspace.organization
    rates = sorted({fringe_rate_of(p, organization) for p in workspace.positions if p.key in keys})
    listed = ", ".join(f"{percent_text(r * HUNDRED)}%" for r in rates)
    return (
        f"Fringe benefits are charged at {listed} of salary (the organization's fringe rate"
        f"{', or the position' + chr(39) + 's own rate where it has one' if len(rates) > 1 else ''}), "
        "computed on each month's salary."
    )


def _indirect_justification(budget: ApplicationBudget) -> str:
    rate = f"{percent_text(budget.indirect_rate * HUNDRED)}%"
    total = budget.category_total("indirect").total
    if budget.indirect_rate_basis == "negotiated":
        basis = f"the organization's negotiated indirect cost rate of {rate}"
    else:
        basis = (
            f"the de minimis rate of {rate} allowed by 2 CFR 200.414(f) ({budget.uniform_guidance} Uniform Guidance)"
        )
    per_year = "\n".join(
        f"- {year.label}: {rate} × {money(mtdc)} = {money(budget.cell('indirect', year.number).total)}"
        for year, mtdc in zip(budget.years, budget.mtdc)
    )
    return (
        f"Indirect costs are charged at {basis} of modified total direct costs (MTDC). MTDC is total direct "
        f"costs less equipment and construction (capital expenditures); subawards are not budgeted. "
        f"Indirect costs total **{money(total)}**:\n{per_year}"
    )
