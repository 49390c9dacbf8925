"""The award record an application's award starts with: its budget at award and the funder's usual terms.

Version 0 of the approved budget is the application's SF-424A budget at the moment of the award,
taken cell by cell from :func:`~fundtracker.services.application_budget.application_budget` (not
recomputed): every direct object class a–h and indirect (j), per budget year, federal and match.
The other terms start from what the application says and the usual federal defaults; the funder's
award letter may say otherwise, and the award is edited to match.
"""

from __future__ import annotations

from datetime import date

from fundtracker.domain.awards import BUDGET_CATEGORIES, Award, BudgetAmount, BudgetVersion
from fundtracker.domain.federal_facts import application_rate
from fundtracker.domain.records import Application, FundingStream, Workspace
from fundtracker.services.application_budget import ApplicationBudget, application_budget

# The application's rate basis → the award's indirect type (SF-425 line 11a). A negotiated rate
# starts as provisional (what most negotiated agreements of small recipients are); edit it to
# predetermined, final or fixed as the agreement says.
INDIRECT_TYPE_OF_BASIS = {"negotiated": "provisional", "de minimis": "de_minimis"}


def budget_at_award(budget: ApplicationBudget | None, on: date) -> BudgetVersion:
    """Version 0: the application's budget, every category and year (empty without a budget)."""
    if budget is None:
        return BudgetVersion(0, on, "approved", "budget at award (the application had no stream)")
    amounts = tuple(
        BudgetAmount(category, year.number, cell.federal, cell.non_federal)
        for year in budget.years
        for category in BUDGET_CATEGORIES
        for cell in (budget.cell(category, year.number),)
    )
    return BudgetVersion(0, on, "approved", "budget at award", amounts)


def new_award(workspace: Workspace, application: Application, stream: FundingStream, on: date) -> Award:
    """The award of ``application`` on ``stream``, recorded on ``on`` (see the module's rules).

    ``workspace`` is the workspace before the award (the application's budget as it stands). The
    match required is version 0's match (non-federal) total; the indirect rate is the one the
    application's budget used (negotiated, else de minimis); a reimbursement stream pays by
    reimbursement, any other by advance.
    """
    budget = None
    if application.stream is not None and workspace.stream(application.stream) is not None:
        budget = application_budget(workspace, application.key)
    rate, basis = (budget.indirect_rate, budget.indirect_rate_basis) if budget else application_rate(application)
    version = budget_at_award(budget, on)
    return Award(
        key=application.key,
        stream=stream.key,
        match_required=version.non_federal_total,
        # The streams the application named for its match pay the recipient's share.
        match_streams=tuple(key for key in application.match_streams if key != stream.key),
        indirect_rate=rate,
        indirect_type=INDIRECT_TYPE_OF_BASIS.get(basis, "provisional"),
        payment_method="reimbursement" if stream.schedule.type == "reimbursement" else "advance",
        versions=(version,),
    )
