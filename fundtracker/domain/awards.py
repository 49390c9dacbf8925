"""An award: the terms a funder set on a secured stream, and what happens to its money after.

DESIGN.md "After the award (version 1)". An award's key is the key of the application that won it;
its ``stream`` is the secured stream the plan sees. The award's amount and period of performance
are that stream's (one truth: the runway, the drawdown and the SF-425 read the same figures);
everything else the funder set lives here: the approved budget as numbered versions (0 = the
application's budget at award, later ones amendments), the match, the indirect rate and its type,
the program income election, how it pays, the reporting terms, and the per-award records of
program income, unliquidated obligations and drawdown requests with their payments.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

# SF-424A Section B direct object classes, then indirect (j): the categories a version holds.
BUDGET_CATEGORIES = (
    "personnel",
    "fringe",
    "travel",
    "equipment",
    "supplies",
    "contractual",
    "construction",
    "other",
    "indirect",
)
VERSION_STATUSES = ("requested", "approved", "refused")
# SF-425 line 11a: the indirect expense types, plus the de minimis rate of 2 CFR 200.414(f).
INDIRECT_TYPES = ("provisional", "predetermined", "final", "fixed", "de_minimis")
# 2 CFR 200.307(e): program income is deducted from the federal share unless the award says otherwise.
PROGRAM_INCOME_ELECTIONS = ("deduction", "addition", "cost_sharing")
PAYMENT_METHODS = ("reimbursement", "advance")
REPORT_FREQUENCIES = ("monthly", "quarterly", "semiannual", "annual")
FINAL_REPORT_DUE_DAYS = 120  # 2 CFR 200.344(b), unless the award says fewer (DOJ: 90)


@dataclass(frozen=True)
class BudgetAmount:
    """One cell of an approved budget: an object class in a budget year, federal and match."""

    category: str
    year: int
    federal: int = 0
    non_federal: int = 0


@dataclass(frozen=True)
class BudgetVersion:
    """A version of the approved budget: 0 at award, then each amendment asked for.

    Attributes:
        number: 0, 1, 2 … in the order they were made.
        date: the day it was approved at award (0) or asked for (an amendment).
        status: ``requested``, ``approved`` or ``refused`` (version 0 is approved).
        reason: the justification of an amendment.
        amounts: the budget, one cell per category and year present (missing cells are $0).
    """

    number: int
    date: date
    status: str = "approved"
    reason: str = ""
    amounts: tuple[BudgetAmount, ...] = ()

    def federal(self, category: str) -> int:
        """The federal share of ``category`` over every budget year."""
        return sum(a.federal for a in self.amounts if a.category == category)

    def non_federal(self, category: str) -> int:
        return sum(a.non_federal for a in self.amounts if a.category == category)

    @property
    def federal_total(self) -> int:
        return sum(a.federal for a in self.amounts)

    @property
    def non_federal_total(self) -> int:
        return sum(a.non_federal for a in self.amounts)


@dataclass(frozen=True)
class ProgramIncome:
    """Gross income earned by the award's activity (2 CFR 200.307) on a day."""

    date: date
    amount: int
    description: str = ""


@dataclass(frozen=True)
class Obligation:
    """An unliquidated obligation: committed on ``date`` and not yet paid (SF-425 10f)."""

    date: date
    amount: int
    description: str = ""


@dataclass(frozen=True)
class Payment:
    """Money the funder paid on a drawdown request (several make a partial payment)."""

    date: date
    amount: int


@dataclass(frozen=True)
class Drawdown:
    """A numbered request for funds for the period ending on ``through`` (SF-270).

    The figures it was computed from are kept as they were on the day it was made, so a later
    import of actual spending does not rewrite a request already sent.

    Attributes:
        expenditures: cumulative federal direct expenditures through ``through``.
        indirect: indirect on them (MTDC × rate).
        income_deducted: program income used by deduction through ``through``.
        requested_before: what earlier requests (not rejected) asked for.
        amount: the request: expenditures + indirect − program income − requested before, at
            least 0, at most the award less requested before.
        rejected_on: the day the funder refused it (None: not refused).
    """

    number: int
    through: date
    requested_on: date
    amount: int
    expenditures: int = 0
    indirect: int = 0
    income_deducted: int = 0
    requested_before: int = 0
    payments: tuple[Payment, ...] = ()
    rejected_on: date | None = None
    note: str = ""

    @property
    def received(self) -> int:
        return sum(p.amount for p in self.payments)

    @property
    def status(self) -> str:
        """``submitted``, ``partly paid``, ``paid`` or ``rejected``."""
        if self.rejected_on is not None:
            return "rejected"
        if self.received == 0:
            return "submitted"
        return "paid" if self.received >= self.amount else "partly paid"


@dataclass(frozen=True)
class Award:
    """The terms of an award (see the module's docstring).

    Attributes:
        key: the key of the application awarded.
        stream: the secured stream the award pays through (its amount and period are the award's).
        match_required: the recipient's share required (SF-425 10i), in cents.
        match_streams: the streams whose spending is the recipient's share (SF-425 10j).
        indirect_rate: the rate the award allows (a fraction: 0.15 = 15 %), on MTDC.
        indirect_type: :data:`INDIRECT_TYPES`.
        program_income_election: :data:`PROGRAM_INCOME_ELECTIONS`.
        payment_method: :data:`PAYMENT_METHODS`.
        financial_report_frequency, financial_report_due_days: the SF-425 terms.
        final_report_due_days: days after the period of performance ends (default 120).
        performance_report_frequency, performance_report_due_days: the progress report terms.
        income: program income earned (named so apart from the application's estimated
            ``program_income``, an amount).
    """

    key: str
    stream: str
    match_required: int = 0
    match_streams: tuple[str, ...] = ()
    indirect_rate: Decimal = Decimal("0")
    indirect_type: str = "de_minimis"
    program_income_election: str = "deduction"
    payment_method: str = "reimbursement"
    financial_report_frequency: str = "quarterly"
    financial_report_due_days: int = 30
    final_report_due_days: int = FINAL_REPORT_DUE_DAYS
    performance_report_frequency: str = "quarterly"
    performance_report_due_days: int = 30
    notes: str = ""
    versions: tuple[BudgetVersion, ...] = ()
    income: tuple[ProgramIncome, ...] = ()
    obligations: tuple[Obligation, ...] = ()
    draws: tuple[Drawdown, ...] = ()

    def version(self, number: int) -> BudgetVersion | None:
        return next((v for v in self.versions if v.number == number), None)

    @property
    def approved_version(self) -> BudgetVersion | None:
        """The last approved budget version (what the rebudgeting meter compares against)."""
        approved = [v for v in self.versions if v.status == "approved"]
        return max(approved, key=lambda v: v.number, default=None)

    def draw(self, number: int) -> Drawdown | None:
        return next((d for d in self.draws if d.number == number), None)
