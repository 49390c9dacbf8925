"""The records of a workspace, as frozen dataclasses.

These are the contract between the layers: the store loads and saves them, the
JSON format reads and writes them, the forecast and the exporters read them, and
services take them. Money is integer cents, rates are ``Decimal`` fractions
("0.25" = 25 %), percents are ``Decimal`` 0–100, dates are ``datetime.date``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from datetime import date as Day  # for fields of records that have a field named "date"
from decimal import Decimal
from typing import Any, TypeAlias

from fundtracker.domain.awards import Award

STREAM_KINDS = (
    "tax_levy",
    "federal_grant",
    "state_grant",
    "city_appropriation",
    "foundation_grant",
    "private_donation",
    "other",
)
STREAM_STATUSES = ("secured", "pending", "contested", "prospect", "declined")
UNCERTAIN_STATUSES = ("pending", "contested", "prospect")
SCHEDULE_TYPES = ("lump_sum", "monthly", "quarterly", "tranches", "reimbursement")
EXPENSE_CATEGORIES = (
    "travel",
    "equipment",
    "supplies",
    "contractual",
    "construction",
    "other",
)
RECURRENCES = ("monthly", "annual", "once")
# The SF-424A object classes actual spending is sorted into, and the accounting file layouts read.
ACTUAL_CATEGORIES = ("personnel", "fringe", "travel", "equipment", "supplies", "contractual", "construction", "other")
FILE_LAYOUTS = ("quickbooks", "plain")
APPLICATION_STATUSES = ("drafting", "submitted", "awarded", "declined")
UNIFORM_GUIDANCE_VERSIONS = ("2024", "2014")
DEADLINE_KINDS = ("application", "report", "decision", "renewal", "other")
# Typography of an application's exports (PDF and DOCX): the typeface, its size in points and the
# line spacing of narrative text. Funders set these (DOJ: 12 pt, double-spaced narratives).
APPLICATION_FONTS = ("sans", "serif")
FONT_NAMES = {"sans": "DejaVu Sans", "serif": "DejaVu Serif"}
FONT_SIZES = (10, 11, 12)
LINE_SPACINGS = ("single", "1.5", "double")

# 2 CFR 200.320 methods of procurement an equipment item can be bought by ("" = not stated).
PROCUREMENT_METHODS = (
    "",
    "micro_purchase",
    "small_purchase",
    "sealed_bids",
    "competitive_proposals",
    "noncompetitive",
)
PROCUREMENT_METHOD_TITLES = {
    "": "not stated",
    "micro_purchase": "micro-purchase",
    "small_purchase": "small purchase (simplified acquisition)",
    "sealed_bids": "sealed bids",
    "competitive_proposals": "competitive proposals",
    "noncompetitive": "noncompetitive (sole source)",
}

# Narrative sections in DOJ order (key, title).
DOJ_SECTIONS = (
    ("abstract", "Abstract"),
    ("need", "Description of the Issue"),
    ("goals", "Goals and Objectives"),
    ("design", "Project Design and Implementation"),
    ("capabilities", "Capabilities and Competencies"),
    ("performance", "Plan for Collecting Performance Data"),
    ("timeline", "Timeline"),
    ("sustainability", "Sustainability"),
    ("budget_narrative", "Budget Narrative"),
)


@dataclass(frozen=True)
class FringeComponent:
    """One part of a fringe rate reviewers ask about (FICA, health insurance, retirement …)."""

    name: str
    rate: Decimal


@dataclass(frozen=True)
class Organization:
    name: str = "New organization"
    fiscal_year_start_month: int = 1
    fringe_rate: Decimal = Decimal("0")
    indirect_rate: Decimal = Decimal("0")
    ein: str = ""
    uei: str = ""
    address: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    # When given, the parts of ``fringe_rate``; they add up to it exactly.
    fringe_components: tuple[FringeComponent, ...] = ()


@dataclass(frozen=True)
class Tranche:
    date: date
    amount: int


@dataclass(frozen=True)
class Schedule:
    type: str = "lump_sum"
    tranches: tuple[Tranche, ...] = ()
    lag_days: int = 0


@dataclass(frozen=True)
class Outcome:
    """One way an uncertain stream can come in (DESIGN.md v2 §3).

    ``delay_months`` shifts the stream's start, end, decision date and tranches as a scenario's
    ``shift_months`` does; a tranches schedule is rescaled to ``amount``.
    """

    probability: Decimal
    amount: int
    delay_months: int = 0


@dataclass(frozen=True)
class Dependence:
    """An uncertain stream's chance of coming in given that ``stream`` came in (``if_in``) or not."""

    stream: str
    if_in: Decimal
    if_out: Decimal


@dataclass(frozen=True)
class FundingStream:
    key: str
    name: str
    amount: int
    start: date
    end: date | None = None
    funder: str = ""
    kind: str = "other"
    schedule: Schedule = field(default_factory=Schedule)
    status: str = "secured"
    probability: Decimal = Decimal("1")
    decision_date: date | None = None
    restricted: bool = True
    notes: str = ""
    # Grant-shaped uncertainty (DESIGN.md v2 §3): instead of one probability, outcomes with
    # amounts and delays (their probabilities add up to at most 1; the rest is declined).
    outcomes: tuple[Outcome, ...] = ()
    depend_on: Dependence | None = None


@dataclass(frozen=True)
class Position:
    key: str
    title: str
    annual_salary: int
    start: date
    fte: Decimal = Decimal("1")
    end: date | None = None
    fringe_rate: Decimal | None = None
    annual_raise: Decimal = Decimal("0")
    name: str = ""
    notes: str = ""
    # Charging order (DESIGN.md v2 §1): 1 is protected first; None charges after every line with one.
    priority: int | None = None
    # When given, the parts of the position's fringe rate (its own, else the organization's).
    fringe_components: tuple[FringeComponent, ...] = ()


@dataclass(frozen=True)
class Expense:
    key: str
    description: str
    amount: int
    start: date
    category: str = "other"
    recurrence: str = "monthly"
    end: date | None = None
    notes: str = ""
    priority: int | None = None
    # What reviewers ask of equipment: what the item is for and how it will be bought.
    purpose: str = ""
    procurement_method: str = ""


@dataclass(frozen=True)
class Allocation:
    """A share of a cost line (position or expense key) charged to a stream."""

    cost: str
    stream: str
    percent: Decimal
    start: date | None = None
    end: date | None = None

    @property
    def key(self) -> str:
        return allocation_key(self.cost, self.stream, self.start)


def allocation_key(cost: str, stream: str, start: date | None) -> str:
    """Allocations have no key of their own in the JSON; this one identifies them."""
    return f"{cost}->{stream}" + (f"@{start.isoformat()}" if start else "")


@dataclass(frozen=True)
class StreamOverride:
    """A scenario change to one stream. ``shift_months`` moves its dates (and schedule)."""

    stream: str
    drop: bool = False
    status: str | None = None
    probability: Decimal | None = None
    amount: int | None = None
    start: date | None = None
    end: date | None = None
    shift_months: int | None = None
    outcomes: tuple[Outcome, ...] | None = None  # replaces the stream's outcomes (() removes them)


@dataclass(frozen=True)
class PositionOverride:
    position: str
    drop: bool = False
    annual_salary: int | None = None
    fte: Decimal | None = None
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class AddPosition:
    position: Position


@dataclass(frozen=True)
class AllocationOverride:
    """Replace every allocation of ``cost`` to ``stream`` by this one (percent 0 removes it)."""

    cost: str
    stream: str
    percent: Decimal
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True)
class PriorityOverride:
    """Give position or expense ``cost`` this charging priority in the scenario (None: no priority)."""

    cost: str
    priority: int | None


Override: TypeAlias = StreamOverride | PositionOverride | AddPosition | AllocationOverride | PriorityOverride


@dataclass(frozen=True)
class Scenario:
    key: str
    name: str
    description: str = ""
    overrides: tuple[Override, ...] = ()


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    text: str = ""
    word_limit: int | None = None
    page_limit: int | None = None


@dataclass(frozen=True)
class Milestone:
    start: date
    end: date | None
    activity: str
    responsible: str = ""


@dataclass(frozen=True)
class Application:
    key: str
    funder: str
    program_title: str
    stream: str | None = None
    requested_amount: int = 0
    period_start: date | None = None
    period_end: date | None = None
    budget_years: int = 1
    deadline: date | None = None
    status: str = "drafting"
    uniform_guidance: str = "2024"
    negotiated_indirect_rate: Decimal | None = None
    match_percent: Decimal = Decimal("0")
    sections: tuple[Section, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    budget_justification: tuple[tuple[str, str], ...] = ()
    notes: str = ""
    font: str = "sans"
    font_size: int = 10
    line_spacing: str = "single"
    # SF-424 / SF-424A: the funder's Assistance Listing number (formerly CFDA), e.g. "16.123",
    # and the program income the project expects to earn (SF-424A Section B line 7).
    assistance_listing: str = ""
    program_income: int = 0
    # The match from real sources: keys of non-federal streams whose allocated costs inside the
    # project period are the non-federal share, line by line (instead of ``match_percent``).
    match_streams: tuple[str, ...] = ()


@dataclass(frozen=True)
class TextBlock:
    key: str
    title: str
    text: str = ""


@dataclass(frozen=True)
class Deadline:
    key: str
    title: str
    date: date
    kind: str = "other"
    stream: str | None = None
    application: str | None = None
    done: bool = False
    notes: str = ""


@dataclass(frozen=True)
class Actual:
    """One transaction of actual spending imported from the accounting system.

    It keeps what the export said: ``account`` is the account column as written (``category`` is
    the SF-424A object class sorted from it), ``code`` the class/fund/grant code, ``payee`` the
    name column, ``number`` the check or invoice number, ``source_row`` the row of the file it came
    from (None for transactions entered before rows were kept).
    """

    key: str
    date: date
    amount: int
    stream: str | None = None
    category: str = ""
    code: str = ""
    memo: str = ""
    batch: str = ""
    account: str = ""
    payee: str = ""
    number: str = ""
    source_row: int | None = None
    posted: Day | None = None

    @property
    def posted_on(self) -> Day:
        """The day the transaction counts on in the books: ``posted`` for a late bill moved out of a
        locked month to the first open one (its own ``date`` kept as the export said), else ``date``."""
        return self.posted if self.posted is not None else self.date


def account_key(account: str) -> str:
    """An account as mappings match it: case and surrounding spaces ignored."""
    return " ".join(account.split()).casefold()


@dataclass(frozen=True)
class AccountCategory:
    """Which SF-424A category an account of the accounting system's files belongs to.

    Kept per file layout (``"quickbooks"`` for a QuickBooks transaction detail report,
    ``"plain"`` for a header row then transactions), because each layout writes account names its
    own way ("6500 Telephone & Internet" in one, "6500 · Telephone & Internet" in another).
    ``account`` is matched without regard to case or surrounding spaces.
    """

    key: str
    layout: str
    account: str
    category: str


@dataclass(frozen=True)
class EffortShare:
    stream: str
    percent: Decimal


@dataclass(frozen=True)
class EffortCertification:
    """Effort certified after the fact for one person and month (2 CFR 200.430(i)).

    Attributes:
        position: the position's key.
        month: ``YYYY-MM``.
        shares: the percent of the person's effort on each stream; they total 100.
        certifier: who signed (the person, or a supervisor with first-hand knowledge).
        certified_on: the day it was signed.
    """

    position: str
    month: str
    shares: tuple[EffortShare, ...]
    certifier: str
    certified_on: date
    notes: str = ""

    @property
    def key(self) -> str:
        return effort_key(self.position, self.month)

    def percents(self) -> dict[str, Decimal]:
        return {s.stream: s.percent for s in self.shares}


@dataclass(frozen=True)
class ReportSubmission:
    """That a report an award owes was submitted: which award, kind and period, and on what day."""

    award: str
    kind: str  # "financial" or "performance"
    period_start: date
    period_end: date
    submitted_on: date

    @property
    def key(self) -> str:
        return f"{self.award}:{self.kind}:{self.period_end.isoformat()}"


def effort_key(position: str, month: str) -> str:
    """Certifications have no key of their own in the JSON; this one identifies them."""
    return f"{position}@{month}"


@dataclass(frozen=True)
class AuditEntry:
    id: int
    when: datetime
    who: str
    action: str
    kind: str
    key: str
    old: str | None
    new: str | None
    change: str | None = None  # the id shared by the entries of one change (None: saved before changes were grouped)


Record: TypeAlias = (
    FundingStream
    | Position
    | Expense
    | Allocation
    | Scenario
    | Application
    | TextBlock
    | Deadline
    | Actual
    | AccountCategory
    | Award
    | EffortCertification
    | ReportSubmission
)

# Record kind names as used by services, audit and JSON (plural = JSON list name).
KINDS: dict[str, type[Any]] = {
    "stream": FundingStream,
    "position": Position,
    "expense": Expense,
    "allocation": Allocation,
    "scenario": Scenario,
    "application": Application,
    "text_block": TextBlock,
    "deadline": Deadline,
    "actual": Actual,
    "account_category": AccountCategory,
    "award": Award,
    "effort": EffortCertification,
    "report_submission": ReportSubmission,
}


def kind_of(record: object) -> str:
    for kind, cls in KINDS.items():
        if isinstance(record, cls):
            return kind
    raise TypeError(f"not a workspace record: {record!r}")


@dataclass(frozen=True)
class Workspace:
    """A whole workspace in memory."""

    organization: Organization = field(default_factory=Organization)
    streams: tuple[FundingStream, ...] = ()
    positions: tuple[Position, ...] = ()
    expenses: tuple[Expense, ...] = ()
    allocations: tuple[Allocation, ...] = ()
    scenarios: tuple[Scenario, ...] = ()
    applications: tuple[Application, ...] = ()
    text_blocks: tuple[TextBlock, ...] = ()
    deadlines: tuple[Deadline, ...] = ()
    actuals: tuple[Actual, ...] = ()
    account_categories: tuple[AccountCategory, ...] = ()
    awards: tuple[Award, ...] = ()
    efforts: tuple[EffortCertification, ...] = ()
    report_submissions: tuple[ReportSubmission, ...] = ()

    def records(self, kind: str) -> tuple[Any, ...]:
        """The records of one kind (``"stream"``, ``"position"`` …)."""
        attr = COLLECTIONS[kind]
        records: tuple[Any, ...] = getattr(self, attr)
        return records

    def find(self, kind: str, key: str) -> Any | None:
        for record in self.records(kind):
            if record.key == key:
                return record
        return None

    def stream(self, key: str) -> FundingStream | None:
        found: FundingStream | None = self.find("stream", key)
        return found

    def cost_keys(self) -> set[str]:
        return {p.key for p in self.positions} | {e.key for e in self.expenses}


COLLECTIONS = {
    "stream": "streams",
    "position": "positions",
    "expense": "expenses",
    "allocation": "allocations",
    "scenario": "scenarios",
    "application": "applications",
    "text_block": "text_blocks",
    "deadline": "deadlines",
    "actual": "actuals",
    "account_category": "account_categories",
    "award": "awards",
    "effort": "efforts",
    "report_submission": "report_submissions",
}


def with_records(workspace: Workspace, kind: str, records: tuple[Any, ...]) -> Workspace:
    """A copy of ``workspace`` with the records of ``kind`` replaced."""
    changes: dict[str, Any] = {COLLECTIONS[kind]: records}
    return replace(workspace, **changes)


def field_names(cls: type[Any]) -> list[str]:
    return [f.name for f in fields(cls)]


@dataclass(frozen=True)
class PeriodLock:
    """A closed month (finance): its actuals and allocations cannot change until it is unlocked."""

    month: str  # YYYY-MM
    locked_by: str
    locked_at: datetime  # UTC


@dataclass(frozen=True)
class WorkspaceHistory:
    """What a workspace holds besides its records: the closed months and the audit trail.

    Workspace JSON version 2 carries it (version 1 did not), so a copy made through JSON or
    ``fundtracker copy`` keeps it. ``audit`` is oldest first; its entries' ``id`` is 0 when read
    from a file (ids belong to one database).
    """

    period_locks: tuple[PeriodLock, ...] = ()
    audit: tuple[AuditEntry, ...] = ()
