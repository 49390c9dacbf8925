"""The rebudgeting meter of an award for the current plan, each scenario and each requested amendment.

A read model over :func:`fundtracker.domain.rebudgeting.rebudget_meter`. The budget a proposal
stands for is, per SF-424A category, federal plus match summed over the budget years:

* **the current plan**: the award's application budget as the plan now computes it
  (:func:`~fundtracker.services.application_budget.application_budget`: the same rules that made
  version 0 at award, so an unchanged plan moves nothing);
* **a scenario**: the same budget after the scenario's position and allocation overrides;
* **a requested amendment**: the budget version as recorded, with its reason as the justification.

Each is measured against the award's last approved budget version.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from fundtracker.domain.awards import Award, BudgetVersion
from fundtracker.domain.errors import FundtrackerError, InputError
from fundtracker.domain.money import format_money
from fundtracker.domain.rebudgeting import RebudgetMeter, rebudget_meter
from fundtracker.domain.records import Workspace
from fundtracker.services.application_budget import DIRECT_CATEGORIES, application_budget
from fundtracker.services.award_summary import find_award

CATEGORIES = (*DIRECT_CATEGORIES, "indirect")


@dataclass(frozen=True)
class Proposal:
    """A budget measured against the last approved version.

    Attributes:
        kind: ``plan``, ``scenario`` or ``version``.
        key: the scenario key or version number ("" for the plan).
        label: the start of the meter's sentence ("the current plan", "scenario …").
        amounts: category (a–h, ``indirect``) → cents, federal plus match over every year.
        justification: why (a requested version's reason; empty otherwise).
        problem: why the budget could not be computed (a scenario dropping the award's stream …);
            such a proposal has no meter.
    """

    kind: str
    key: str
    label: str
    amounts: dict[str, int]
    justification: str = ""
    problem: str = ""


@dataclass(frozen=True)
class MeterReading:
    """One proposal and its meter against approved version ``approved.number``."""

    award: str
    approved: BudgetVersion
    approved_amounts: dict[str, int]
    proposal: Proposal
    meter: RebudgetMeter

    @property
    def sentence(self) -> str:
        return self.meter.sentence(self.proposal.label)


def version_amounts(version: BudgetVersion) -> dict[str, int]:
    """A version's categories, federal plus match over every budget year."""
    return {c: version.federal(c) + version.non_federal(c) for c in CATEGORIES}


def plan_amounts(workspace: Workspace, award: Award) -> dict[str, int]:
    """The award's application budget as ``workspace``'s plan computes it, per category."""
    budget = application_budget(workspace, award.key)
    return {c: budget.category_total(c).total for c in CATEGORIES}


def scenario_workspace(workspace: Workspace, key: str) -> Workspace:
    """``workspace`` with scenario ``key``'s overrides applied (streams, positions, allocations)."""
    from fundtracker.forecast.inputs import resolve

    inputs = resolve(workspace, "expected", key, use_actuals=False)
    return replace(
        workspace,
        streams=tuple(sorted((*inputs.streams, *inputs.excluded), key=lambda s: s.key)),
        positions=inputs.positions,
        expenses=inputs.expenses,
        allocations=inputs.allocations,
    )


def _approved(award: Award) -> BudgetVersion:
    version = award.approved_version
    if version is None:
        raise InputError("has no approved budget version to measure against", f"award {award.key!r}")
    return version


def proposals(workspace: Workspace, award: Award) -> list[Proposal]:
    """The current plan, every scenario, then every requested amendment."""
    found = [Proposal("plan", "", "the current plan", plan_amounts(workspace, award))]
    for scenario in workspace.scenarios:
        label = f"scenario {scenario.name!r}"
        try:
            amounts = plan_amounts(scenario_workspace(workspace, scenario.key), award)
        except FundtrackerError as exc:
            found.append(Proposal("scenario", scenario.key, label, {}, problem=str(exc)))
            continue
        found.append(Proposal("scenario", scenario.key, label, amounts, scenario.description))
    approved = _approved(award)
    for version in award.versions:
        if version.status == "requested" and version.number > approved.number:
            found.append(
                Proposal(
                    "version",
                    str(version.number),
                    f"amendment {version.number} (requested {version.date.isoformat()})",
                    version_amounts(version),
                    version.reason,
                )
            )
    return found


def reading(workspace: Workspace, award_key: str, proposal: Proposal) -> MeterReading:
    """``proposal`` measured against the award's last approved budget version.

    Raises:
        InputError: the proposal's budget could not be computed (:attr:`Proposal.problem`).
    """
    if proposal.problem:
        raise InputError(proposal.problem, proposal.label)
    award = find_award(workspace, award_key)
    approved = _approved(award)
    amounts = version_amounts(approved)
    direct = {c: amounts[c] for c in DIRECT_CATEGORIES}
    proposed = {c: proposal.amounts.get(c, 0) for c in DIRECT_CATEGORIES}
    meter = rebudget_meter(direct, proposed, sum(amounts.values()))
    return MeterReading(award.key, approved, amounts, proposal, meter)


def meter_readings(workspace: Workspace, award_key: str) -> list[MeterReading]:
    """The meter for the current plan, each scenario and each requested amendment of the award.

    A scenario whose budget cannot be computed is left out (:func:`meter_lines` says why).
    """
    award = find_award(workspace, award_key)
    return [reading(workspace, award_key, p) for p in proposals(workspace, award) if not p.problem]


def find_proposal(
    workspace: Workspace, award_key: str, *, scenario: str | None = None, version: int | None = None
) -> Proposal:
    """The plan (neither given), a scenario's budget, or requested version ``version``."""
    award = find_award(workspace, award_key)
    for proposal in proposals(workspace, award):
        if scenario is not None and proposal.kind == "scenario" and proposal.key == scenario:
            return proposal
        if version is not None and proposal.kind == "version" and proposal.key == str(version):
            return proposal
        if scenario is None and version is None and proposal.kind == "plan":
            return proposal
    if scenario is not None:
        known = ", ".join(s.key for s in workspace.scenarios) or "none"
        raise InputError(f"no scenario with key {scenario!r} (scenarios: {known})", "--scenario")
    requested = ", ".join(str(v.number) for v in award.versions if v.status == "requested") or "none"
    raise InputError(
        f"award {award_key!r} has no requested amendment number {version} (requested: {requested})", "--version"
    )


def meter_lines(workspace: Workspace, award_key: str) -> list[str]:
    """The meter for the award's page and ``award --show``: a heading, then one sentence per proposal.

    When the meter cannot be read (no approved version, an application without a budget period),
    one line says why instead: showing the award must not fail on it.
    """
    try:
        award = find_award(workspace, award_key)
        found = proposals(workspace, award)
        readings = [reading(workspace, award_key, p) for p in found if not p.problem]
    except FundtrackerError as exc:
        return ["", f"Rebudgeting meter: not available ({exc})"]
    approved = readings[0].approved
    total = format_money(readings[0].meter.total_approved, symbol=True, grouping=True)
    heading = f"Rebudgeting meter (against approved version {approved.number} of {approved.date.isoformat()}, {total}):"
    lines = ["", heading, *(f"  {r.sentence}" for r in readings)]
    return lines + [f"  {p.label}: no budget to measure ({p.problem})" for p in found if p.problem]
