"""The budget justification of an application: per object class, the text a reviewer reads.

Generated from the application budget's own figures (:mod:`fundtracker.services.application_budget`),
unless the writer has taken a category over (``Application.budget_justification``).
"""

from __future__ import annotations

import calendar
from decimal import Decimal

from fundtracker.domain.costs import fringe_rate_of
from fundtracker.domain.money import format_dollars
from fundtracker.domain.records import PROCUREMENT_METHOD_TITLES, Application, FringeComponent, Workspace
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
    # One item per cost line and paying stream: a line split between the grant and a match stream is two items.
    labels: dict[tuple[str, str], str] = {}
    amounts: dict[tuple[str, str], int] = {}
    notes: dict[tuple[str, str], str] = {}
    for line in lines:
        item = (line.source, line.stream)
        labels.setdefault(item, line.label)
        amounts[item] = amounts.get(item, 0) + line.amount
        if line.note:
            notes[item] = f" ({line.note})"
    details = _equipment_details(workspace) if category == "equipment" else {}
    items = "\n".join(
        f"- {escape_markup(labels[item])}: {money(amounts[item])}{notes.get(item, '')}{details.get(item[0], '')}"
        for item in labels
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
    text = f"{intro} Over {years} they total **{money(total)}**:\n{items}"
    return text + _match_text(workspace, budget, category)


def _match_text(workspace: Workspace, budget: ApplicationBudget, category: str) -> str:
    """With a match from named streams: which part of the category each stream pays."""
    if not budget.match_streams:
        return ""
    parts = []
    for key in budget.match_streams:
        amount = sum(x.amount for x in budget.lines_for(category) if x.non_federal and x.stream == key)
        if amount:
            stream = workspace.stream(key)
            parts.append(f"{escape_markup(stream.name if stream else key)} {money(amount)}")
    if not parts:
        return ""
    share = budget.category_total(category)
    return (
        f"\n\nThe non-federal share (match), {money(share.non_federal)}, is paid by "
        f"{', '.join(parts)}; the federal request is {money(share.federal)}."
    )


def _equipment_details(workspace: Workspace) -> dict[str, str]:
    """Per equipment expense: ``. Purpose: …; procurement: competitive proposals`` (what the writer gave)."""
    details = {}
    for expense in workspace.expenses:
        parts = []
        if expense.purpose.strip():
            parts.append(f"Purpose: {escape_markup(' '.join(expense.purpose.split()).rstrip('.'))}")
        if expense.procurement_method:
            parts.append(f"procurement: {PROCUREMENT_METHOD_TITLES[expense.procurement_method]}")
        if parts:
            details[expense.key] = ". " + "; ".join(parts)
    return details


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
    text = (
        f"Fringe benefits are charged at {listed} of salary (the organization's fringe rate"
        f"{', or the position' + chr(39) + 's own rate where it has one' if len(rates) > 1 else ''}), "
        "computed on each month's salary."
    )
    breakdowns = dict.fromkeys(
        fringe_breakdown(components, fringe_rate_of(p, organization))
        for p in workspace.positions
        if p.key in keys
        for components in (p.fringe_components or organization.fringe_components,)
        if components
    )
    for breakdown in breakdowns:
        text += f" {breakdown}."
    return text


def fringe_breakdown(components: tuple[FringeComponent, ...], rate: Decimal) -> str:
    """``The 25% rate is FICA 7.65% + health insurance 12% + retirement 5.35%`` (the parts add up to it)."""
    parts = " + ".join(f"{escape_markup(c.name)} {percent_text(c.rate * HUNDRED)}%" for c in components)
    return f"The {percent_text(rate * HUNDRED)}% rate is {parts}"


def _indirect_justification(budget: ApplicationBudget) -> str:
    rate = f"{percent_text(budget.indirect_rate * HUNDRED)}%"
    total = budget.category_total("indirect").total
    if budget.indirect_rate_basis == "negotiated":
        basis = f"the organization's negotiated indirect cost rate of {rate}"
    else:
        basis = (
            f"the de minimis rate of {rate} allowed by 2 CFR 200.414(f) ({budget.uniform_guidance} Uniform Guidance)"
        )
    if budget.match_streams:
        per_year = "\n".join(
            f"- {year.label}, {escape_markup(line.label)}: {line.formula}"
            for year in budget.years
            for line in budget.lines_for("indirect", year.number)
        )
    else:
        per_year = "\n".join(
            f"- {year.label}: {rate} × {money(mtdc)} = {money(budget.cell('indirect', year.number).total)}"
            for year, mtdc in zip(budget.years, budget.mtdc)
        )
    return (
        f"Indirect costs are charged at {basis} of modified total direct costs (MTDC). MTDC is total direct "
        f"costs less equipment and construction (capital expenditures); subawards are not budgeted. "
        f"Indirect costs total **{money(total)}**:\n{per_year}"
    )
