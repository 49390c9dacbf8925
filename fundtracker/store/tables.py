"""SQLModel tables of a workspace.

Column names match the record fields of :mod:`fundtracker.domain.records`, so the
conversion in :mod:`fundtracker.store.convert` is mechanical. Money is BIGINT cents;
rates and percents are decimal strings (exact on every database); references use
keys with ``ON UPDATE CASCADE`` so renaming a key keeps its references. Every
editable record has a ``version`` for optimistic concurrency.

The schema itself is owned by Alembic (``store/migrations``); these classes must
match the head revision, which a test checks.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Column, ForeignKey, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

KEY_LENGTH = 64


def _ref(target: str, *, nullable: bool = True, ondelete: str = "RESTRICT") -> Column:  # type: ignore[type-arg]
    return Column(
        String(KEY_LENGTH),
        ForeignKey(target, onupdate="CASCADE", ondelete=ondelete),
        nullable=nullable,
        index=True,
    )


def _parent(target: str) -> Column:  # type: ignore[type-arg]
    return Column(ForeignKey(target, ondelete="CASCADE"), nullable=False, index=True)


def _money(nullable: bool = False) -> Column:  # type: ignore[type-arg]
    return Column(BigInteger, nullable=nullable)


class OrganizationRow(SQLModel, table=True):
    __tablename__ = "organization"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    fiscal_year_start_month: int
    fringe_rate: str
    indirect_rate: str
    ein: str = ""
    uei: str = ""
    address: str = ""
    contact_name: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    fringe_components: str = Field(default="[]", sa_type=Text)
    version: int = 1


class StreamRow(SQLModel, table=True):
    __tablename__ = "funding_stream"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True)
    name: str
    funder: str = ""
    kind: str
    amount: int = Field(sa_column=_money())
    start: dt.date
    end: dt.date | None = None
    schedule_type: str
    lag_days: int = 0
    status: str
    probability: str
    decision_date: dt.date | None = None
    restricted: bool = True
    notes: str = Field(default="", sa_type=Text)
    # DESIGN.md v2 §3, as JSON text: a list of outcomes ("[]" for none), a dependence or NULL.
    outcomes: str = Field(default="[]", sa_type=Text)
    depend_on: str | None = Field(default=None, sa_type=Text)
    version: int = 1


class TrancheRow(SQLModel, table=True):
    __tablename__ = "tranche"

    id: int | None = Field(default=None, primary_key=True)
    stream_id: int = Field(sa_column=_parent("funding_stream.id"))
    seq: int
    date: dt.date
    amount: int = Field(sa_column=_money())


class PositionRow(SQLModel, table=True):
    __tablename__ = "position"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True)
    title: str
    name: str = ""
    fte: str
    annual_salary: int = Field(sa_column=_money())
    fringe_rate: str | None = None
    annual_raise: str = "0"
    start: dt.date
    end: dt.date | None = None
    notes: str = Field(default="", sa_type=Text)
    priority: int | None = None
    fringe_components: str = Field(default="[]", sa_type=Text)
    version: int = 1


class ExpenseRow(SQLModel, table=True):
    __tablename__ = "expense"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True)
    description: str
    category: str
    amount: int = Field(sa_column=_money())
    recurrence: str
    start: dt.date
    end: dt.date | None = None
    notes: str = Field(default="", sa_type=Text)
    priority: int | None = None
    purpose: str = Field(default="", sa_type=Text)
    procurement_method: str = ""
    version: int = 1


class AllocationRow(SQLModel, table=True):
    __tablename__ = "allocation"
    __table_args__ = (UniqueConstraint("cost", "stream", "start", name="uq_allocation_cost_stream_start"),)

    id: int | None = Field(default=None, primary_key=True)
    cost: str = Field(max_length=KEY_LENGTH, index=True)
    position: str | None = Field(default=None, sa_column=_ref("position.key", ondelete="CASCADE"))
    expense: str | None = Field(default=None, sa_column=_ref("expense.key", ondelete="CASCADE"))
    stream: str = Field(sa_column=_ref("funding_stream.key", nullable=False))
    percent: str
    start: dt.date | None = None
    end: dt.date | None = None
    version: int = 1


class ScenarioRow(SQLModel, table=True):
    __tablename__ = "scenario"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True)
    name: str
    description: str = Field(default="", sa_type=Text)
    version: int = 1


class OverrideRow(SQLModel, table=True):
    """One scenario override, stored as its JSON object (see json_format.write_override)."""

    __tablename__ = "scenario_override"

    id: int | None = Field(default=None, primary_key=True)
    scenario_id: int = Field(sa_column=_parent("scenario.id"))
    seq: int
    payload: str = Field(sa_type=Text)


class ApplicationRow(SQLModel, table=True):
    __tablename__ = "application"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True)
    funder: str
    program_title: str
    stream: str | None = Field(default=None, sa_column=_ref("funding_stream.key"))
    requested_amount: int = Field(sa_column=_money())
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    budget_years: int = 1
    deadline: dt.date | None = None
    status: str = "drafting"
    uniform_guidance: str = "2024"
    negotiated_indirect_rate: str | None = None
    match_percent: str = "0"
    budget_justification: str = Field(default="{}", sa_type=Text)
    notes: str = Field(default="", sa_type=Text)
    font: str = "sans"
    font_size: int = 10
    line_spacing: str = "single"
    assistance_listing: str = ""
    program_income: int = Field(default=0, sa_column=_money())
    match_streams: str = Field(default="[]", sa_type=Text)
    version: int = 1


class SectionRow(SQLModel, table=True):
    __tablename__ = "application_section"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(sa_column=_parent("application.id"))
    seq: int
    key: str = Field(max_length=KEY_LENGTH)
    title: str
    text: str = Field(default="", sa_type=Text)
    word_limit: int | None = None
    page_limit: int | None = None


class MilestoneRow(SQLModel, table=True):
    __tablename__ = "milestone"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(sa_column=_parent("application.id"))
    seq: int
    start: dt.date
    end: dt.date | None = None
    activity: str = Field(sa_type=Text)
    responsible: str = ""


class TextBlockRow(SQLModel, table=True):
    __tablename__ = "text_block"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True)
    title: str
    text: str = Field(default="", sa_type=Text)
    version: int = 1


class DeadlineRow(SQLModel, table=True):
    __tablename__ = "deadline"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True)
    title: str
    date: dt.date
    kind: str = "other"
    stream: str | None = Field(default=None, sa_column=_ref("funding_stream.key"))
    application: str | None = Field(default=None, sa_column=_ref("application.key"))
    done: bool = False
    notes: str = Field(default="", sa_type=Text)
    version: int = 1


class ActualRow(SQLModel, table=True):
    __tablename__ = "actual"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True)
    date: dt.date = Field(index=True)
    amount: int = Field(sa_column=_money())
    stream: str | None = Field(default=None, sa_column=_ref("funding_stream.key"))
    category: str = ""
    code: str = ""
    memo: str = Field(default="", sa_type=Text)
    batch: str = Field(default="", index=True)
    account: str = Field(default="", sa_type=Text)
    payee: str = Field(default="", sa_type=Text)
    number: str = ""
    source_row: int | None = None
    posted: dt.date | None = None  # a late bill's day in the first open month (its own date is kept)
    version: int = 1


class AccountCategoryRow(SQLModel, table=True):
    """An account of the accounting files, per file layout, and the SF-424A category it belongs to."""

    __tablename__ = "account_category"
    __table_args__ = (UniqueConstraint("layout", "account", name="uq_account_category_layout_account"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(max_length=KEY_LENGTH, unique=True)
    layout: str
    account: str = Field(sa_type=Text)
    category: str
    version: int = 1


class EffortRow(SQLModel, table=True):
    """Effort certified for a position and month (time and effort, issue 16)."""

    __tablename__ = "effort_certification"
    __table_args__ = (UniqueConstraint("position", "month", name="uq_effort_position_month"),)

    id: int | None = Field(default=None, primary_key=True)
    position: str = Field(sa_column=_ref("position.key", nullable=False))
    month: str = Field(max_length=7)
    shares: str = Field(sa_type=Text)  # JSON: [{"stream": …, "percent": "…"}, …]
    certifier: str
    certified_on: dt.date
    notes: str = Field(default="", sa_type=Text)
    version: int = 1


class ReportSubmissionRow(SQLModel, table=True):
    """That an award's report for a period was submitted (the compliance calendar, issue 16)."""

    __tablename__ = "report_submission"
    __table_args__ = (UniqueConstraint("award", "kind", "period_end", name="uq_report_submission"),)

    id: int | None = Field(default=None, primary_key=True)
    award: str = Field(sa_column=_ref("award.key", nullable=False))
    kind: str
    period_start: dt.date
    period_end: dt.date
    submitted_on: dt.date
    version: int = 1


class AuditRow(SQLModel, table=True):
    """Append-only: services insert; nothing updates or deletes."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(index=True)
    who: str
    action: str
    kind: str
    key: str = Field(max_length=200)
    old_value: str | None = Field(default=None, sa_type=Text)
    new_value: str | None = Field(default=None, sa_type=Text)
    change: str | None = Field(default=None, max_length=32, index=True)  # shared by one change's entries


class AwardRow(SQLModel, table=True):
    """An award's terms (domain.awards.Award); its key is the application's."""

    __tablename__ = "award"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(
        sa_column=Column(
            String(KEY_LENGTH),
            ForeignKey("application.key", onupdate="CASCADE", ondelete="RESTRICT"),
            nullable=False,
            unique=True,
        )
    )
    stream: str = Field(sa_column=_ref("funding_stream.key", nullable=False))
    match_required: int = Field(sa_column=_money())
    indirect_rate: str
    indirect_type: str
    program_income_election: str
    payment_method: str
    financial_report_frequency: str
    financial_report_due_days: int
    final_report_due_days: int
    performance_report_frequency: str
    performance_report_due_days: int
    notes: str = Field(default="", sa_type=Text)
    version: int = 1


class AwardMatchStreamRow(SQLModel, table=True):
    __tablename__ = "award_match_stream"

    id: int | None = Field(default=None, primary_key=True)
    award_id: int = Field(sa_column=_parent("award.id"))
    seq: int
    stream: str = Field(sa_column=_ref("funding_stream.key", nullable=False))


class BudgetVersionRow(SQLModel, table=True):
    __tablename__ = "award_budget_version"

    id: int | None = Field(default=None, primary_key=True)
    award_id: int = Field(sa_column=_parent("award.id"))
    seq: int
    number: int
    date: dt.date
    status: str
    reason: str = Field(default="", sa_type=Text)


class BudgetAmountRow(SQLModel, table=True):
    """One cell of a budget version (``version`` is the version's number within the award)."""

    __tablename__ = "award_budget_amount"

    id: int | None = Field(default=None, primary_key=True)
    award_id: int = Field(sa_column=_parent("award.id"))
    seq: int
    version: int
    category: str
    year: int
    federal: int = Field(sa_column=_money())
    non_federal: int = Field(sa_column=_money())


class ProgramIncomeRow(SQLModel, table=True):
    __tablename__ = "award_program_income"

    id: int | None = Field(default=None, primary_key=True)
    award_id: int = Field(sa_column=_parent("award.id"))
    seq: int
    date: dt.date
    amount: int = Field(sa_column=_money())
    description: str = Field(default="", sa_type=Text)


class ObligationRow(SQLModel, table=True):
    __tablename__ = "award_obligation"

    id: int | None = Field(default=None, primary_key=True)
    award_id: int = Field(sa_column=_parent("award.id"))
    seq: int
    date: dt.date
    amount: int = Field(sa_column=_money())
    description: str = Field(default="", sa_type=Text)


class DrawdownRow(SQLModel, table=True):
    __tablename__ = "award_drawdown"

    id: int | None = Field(default=None, primary_key=True)
    award_id: int = Field(sa_column=_parent("award.id"))
    seq: int
    number: int
    through: dt.date
    requested_on: dt.date
    amount: int = Field(sa_column=_money())
    expenditures: int = Field(sa_column=_money())
    indirect: int = Field(sa_column=_money())
    income_deducted: int = Field(sa_column=_money())
    requested_before: int = Field(sa_column=_money())
    rejected_on: dt.date | None = None
    note: str = Field(default="", sa_type=Text)


class PaymentRow(SQLModel, table=True):
    """A payment on a drawdown request (``drawdown`` is the request's number within the award)."""

    __tablename__ = "award_payment"

    id: int | None = Field(default=None, primary_key=True)
    award_id: int = Field(sa_column=_parent("award.id"))
    seq: int
    drawdown: int
    date: dt.date
    amount: int = Field(sa_column=_money())


# Record kind -> main table.
TABLES: dict[str, type[SQLModel]] = {
    "stream": StreamRow,
    "position": PositionRow,
    "expense": ExpenseRow,
    "allocation": AllocationRow,
    "scenario": ScenarioRow,
    "application": ApplicationRow,
    "text_block": TextBlockRow,
    "deadline": DeadlineRow,
    "actual": ActualRow,
    "award": AwardRow,
    "account_category": AccountCategoryRow,
    "effort": EffortRow,
    "report_submission": ReportSubmissionRow,
}


class PeriodLockRow(SQLModel, table=True):
    """A closed month: its actuals and allocations cannot change until it is unlocked."""

    __tablename__ = "period_lock"

    id: int | None = Field(default=None, primary_key=True)
    month: str = Field(max_length=7, unique=True)
    locked_by: str
    locked_at: dt.datetime
