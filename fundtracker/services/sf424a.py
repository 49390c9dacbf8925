"""The SF-424A (Budget Information, Non-Construction Programs) and the SF-424 key data of an application.

One read model for every output (PDF, DOCX, worksheet): the figures come from the
application budget (:func:`~fundtracker.services.application_budget.application_budget`),
Section D from the forecast engine's projection of the plan. Nothing here re-implements a
budget rule; it arranges those figures as the forms lay them out (see ``docs/applications.md``):

- **A. Budget summary**: one line for the program (its title and Assistance Listing number):
  new federal, new non-federal and total over the whole project period (line 5 = line 1).
- **B. Budget categories**: object classes 6a–6k with column (1) federal, (2) non-federal and
  (5) total, and line 7 program income.
- **C. Non-federal resources**: the match by source (applicant, state, other sources).
- **D. Forecasted cash needs** for the first budget year by quarter. The direct costs of each
  month are what the projection's allocations ask of the application's stream (paid or not),
  summed by quarter. The year's indirect charges and the federal / non-federal split are spread
  over the quarters by cumulative rounding (through quarter *q*: ``round(year figure × direct
  through q / year's direct)``), so the quarters add up to Section B's first year exactly.
- **E. Federal funds needed for the balance of the project**: the federal total of budget
  years 2–5 (first to fourth future funding periods).
- **F. Other budget information**: direct charges, indirect charges (rate, basis, base) and remarks.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import Any

from fundtracker.domain.months import MonthIndex, month_name
from fundtracker.domain.records import Application, Organization, Workspace
from fundtracker.domain.stream_period import pays_in
from fundtracker.services.application_budget import (
    OBJECT_CLASSES,
    ApplicationBudget,
    BudgetYear,
    Share,
    application_budget,
    find_application,
    money,
    percent_text,
)

QUARTERS = 4
HUNDRED = Decimal(100)
FUTURE_PERIODS = 4  # SF-424A Section E columns (b)–(e)


@dataclass(frozen=True)
class SectionA:
    """SF-424A Section A line 1 (and line 5, the same for one program)."""

    program: str
    assistance_listing: str
    unobligated_federal: int
    unobligated_non_federal: int
    federal: int
    non_federal: int

    @property
    def total(self) -> int:
        return self.federal + self.non_federal + self.unobligated_federal + self.unobligated_non_federal


@dataclass(frozen=True)
class SectionBLine:
    """One row of Section B: line ``number`` + ``letter`` ("6a" …, "7")."""

    line: str
    title: str
    federal: int
    non_federal: int

    @property
    def total(self) -> int:
        return self.federal + self.non_federal


@dataclass(frozen=True)
class MatchSource:
    """One source of the non-federal share: its name, its SF-424A Section C column and amount."""

    name: str
    column: str  # "applicant" | "state" | "other"
    amount: int
    basis: str = ""


@dataclass(frozen=True)
class SectionC:
    """Section C line 8 (the program) by column, and the sources behind it."""

    sources: tuple[MatchSource, ...]

    def column(self, name: str) -> int:
        return sum(source.amount for source in self.sources if source.column == name)

    @property
    def applicant(self) -> int:
        return self.column("applicant")

    @property
    def state(self) -> int:
        return self.column("state")

    @property
    def other(self) -> int:
        return self.column("other")

    @property
    def total(self) -> int:
        return sum(source.amount for source in self.sources)


@dataclass(frozen=True)
class Quarter:
    number: int
    months: tuple[MonthIndex, ...]
    direct: int  # the projection's direct costs of these months (all sources of the budget)
    share: Share  # federal and non-federal cash needed, indirect included

    @property
    def period_text(self) -> str:
        if not self.months:
            return "—"
        return f"{month_name(self.months[0])} – {month_name(self.months[-1])}"


@dataclass(frozen=True)
class SectionD:
    """Forecasted cash needs of the first budget year (lines 13 federal, 14 non-federal, 15 total)."""

    year: BudgetYear
    monthly_direct: tuple[tuple[MonthIndex, int], ...]
    quarters: tuple[Quarter, ...]

    @property
    def year_total(self) -> Share:
        total = Share()
        for quarter in self.quarters:
            total += quarter.share
        return total


@dataclass(frozen=True)
class SectionE:
    """Federal funds needed for the balance of the project: budget years 2–5."""

    future: tuple[int | None, ...]  # first … fourth future period; None where the project has none
    years: tuple[BudgetYear, ...]

    @property
    def total(self) -> int:
        return sum(amount or 0 for amount in self.future)


@dataclass(frozen=True)
class SectionF:
    direct_charges: str
    indirect_charges: str
    remarks: str


@dataclass(frozen=True)
class EstimatedFunding:
    """SF-424 item 18: estimated funding by source (cents)."""

    federal: int
    applicant: int
    state: int
    local: int
    other: int
    program_income: int

    @property
    def total(self) -> int:
        return self.federal + self.applicant + self.state + self.local + self.other + self.program_income

    def rows(self) -> tuple[tuple[str, int], ...]:
        return (
            ("a. Federal", self.federal),
            ("b. Applicant", self.applicant),
            ("c. State", self.state),
            ("d. Local", self.local),
            ("e. Other", self.other),
            ("f. Program Income", self.program_income),
            ("g. TOTAL", self.total),
        )


@dataclass(frozen=True)
class KeyData:
    """The SF-424 key data of the face page."""

    applicant: str
    ein: str
    uei: str
    address: str
    contact_name: str
    contact_email: str
    contact_phone: str
    funder: str
    assistance_listing: str
    project_title: str
    period_start: date | None
    period_end: date | None
    funding: EstimatedFunding


@dataclass(frozen=True)
class SF424A:
    """Sections A–F of the SF-424A and the SF-424 key data, with the budget they come from."""

    budget: ApplicationBudget
    key_data: KeyData
    section_a: SectionA
    section_b: tuple[SectionBLine, ...]
    program_income: int
    section_c: SectionC
    section_d: SectionD
    section_e: SectionE
    section_f: SectionF
    warnings: tuple[str, ...]

    def line(self, line: str) -> SectionBLine:
        return next(row for row in self.section_b if row.line == line)


def sf424a(workspace: Workspace, application_key: str, budget: ApplicationBudget | None = None) -> SF424A:
    """The SF-424A of application ``application_key`` (and the SF-424 key data).

    Args:
        budget: the application's budget when the caller has it already (it must be this
            workspace's); computed otherwise.

    Raises:
        NotFoundError: no such application.
        InputError: the application has no stream or no complete project period.
    """
    application = find_application(workspace, application_key)
    budget = budget or application_budget(workspace, application_key)
    warnings: list[str] = []
    section_a = SectionA(
        program=application.program_title,
        assistance_listing=application.assistance_listing,
        unobligated_federal=0,
        unobligated_non_federal=0,
        federal=budget.federal_total,
        non_federal=budget.non_federal_total,
    )
    section_b = tuple(
        SectionBLine(f"6{letter}", title, total.federal, total.non_federal)
        for letter, key, title in OBJECT_CLASSES
        for total in (budget.category_total(key),)
    )
    section_c = SectionC(match_sources(workspace, budget))
    section_d, d_warnings = cash_needs(workspace, application, budget)
    warnings += d_warnings
    later = budget.years[1:]
    if len(later) > FUTURE_PERIODS:
        warnings.append(
            f"the project has {len(budget.years)} budget years; SF-424A Section E holds four future periods"
        )
    future: list[int | None] = [budget.cell("total", year.number).federal for year in later[:FUTURE_PERIODS]]
    future += [None] * (FUTURE_PERIODS - len(future))
    section_e = SectionE(tuple(future), tuple(later[:FUTURE_PERIODS]))
    section_f = other_information(application, budget, section_c)
    funding = EstimatedFunding(
        federal=budget.federal_total,
        applicant=section_c.applicant,
        state=section_c.state,
        local=sum(source.amount for source in section_c.sources if source.column == "other" and _is_local(source)),
        other=sum(source.amount for source in section_c.sources if source.column == "other" and not _is_local(source)),
        program_income=application.program_income,
    )
    key_data = _key_data(workspace.organization, application, funding)
    if not application.assistance_listing:
        warnings.append(
            "the Assistance Listing number is not set; the SF-424 and SF-424A Section A need it "
            "(the solicitation gives it, e.g. 16.123)"
        )
    result = SF424A(
        budget=budget,
        key_data=key_data,
        section_a=section_a,
        section_b=section_b,
        program_income=application.program_income,
        section_c=section_c,
        section_d=section_d,
        section_e=section_e,
        section_f=section_f,
        warnings=(),
    )
    return replace(result, warnings=tuple(warnings))


LOCAL = "local"


def _is_local(source: MatchSource) -> bool:
    return source.basis == LOCAL


# SF-424A Section C column (and SF-424 item 18 basis) of a match stream, by its kind.
SOURCE_COLUMNS: dict[str, tuple[str, str]] = {
    "state_grant": ("state", ""),
    "city_appropriation": ("other", LOCAL),
    "tax_levy": ("other", LOCAL),
}


def match_sources(workspace: Workspace, budget: ApplicationBudget) -> tuple[MatchSource, ...]:
    """The sources of the non-federal share: each match stream (its lines and their indirect), or the
    applicant's own cash for a percent match."""
    if budget.match_streams:
        sources = []
        for key in budget.match_streams:
            stream = workspace.stream(key)
            amount = sum(line.amount for line in budget.lines if line.non_federal and line.stream == key)
            if stream is None or amount == 0:
                continue
            column, basis = SOURCE_COLUMNS.get(stream.kind, ("other", ""))
            funder = f" ({stream.funder})" if stream.funder else ""
            sources.append(MatchSource(f"{stream.name}{funder}", column, amount, basis))
        return tuple(sources)
    if budget.non_federal_total == 0:
        return ()
    name = f"Applicant cash match: {percent_text(budget.match_percent)}% of each cost"
    return (MatchSource(name, "applicant", budget.non_federal_total),)


def cash_needs(workspace: Workspace, application: Application, budget: ApplicationBudget) -> tuple[SectionD, list[str]]:
    """Section D from the forecast engine's projection of the plan over the first budget year."""
    from fundtracker import forecast

    year = budget.years[0]
    months = tuple(year.months)
    warnings: list[str] = []
    counted = _counted(workspace, {budget.stream, *budget.match_streams})
    projection = forecast.project(
        forecast.resolve(counted, "expected", use_actuals=False), year.first_month, len(months)
    )
    federal_months = _asked(workspace, projection, budget.stream, months)
    match_months = [0] * len(months)
    for key in budget.match_streams:
        for column, amount in enumerate(_asked(workspace, projection, key, months)):
            match_months[column] += amount
    monthly = [(month, federal_months[i] + match_months[i]) for i, month in enumerate(months)]
    direct_year = sum(amount for _, amount in monthly)
    b_year = budget.cell("total", year.number)
    b_direct = budget.cell("total_direct", year.number).total
    if direct_year != b_direct:
        warnings.append(
            f"Section D: the projection's first-year direct costs {money(direct_year)} differ from Section B's "
            f"{money(b_direct)}"
        )
    # A percent match splits every cost, so both shares follow all direct costs; a match from streams
    # follows the months those streams pay.
    federal_basis = federal_months if budget.match_streams else [amount for _, amount in monthly]
    match_basis = match_months if budget.match_streams else [amount for _, amount in monthly]
    quarters = []
    previous = Share()
    for number in range(1, QUARTERS + 1):
        end = min(3 * number, len(months))
        quarter_months = months[3 * (number - 1) : 3 * number]
        through = Share(
            _spread(b_year.federal, sum(federal_basis[:end]), sum(federal_basis)),
            _spread(b_year.non_federal, sum(match_basis[:end]), sum(match_basis)),
        )
        share = Share(through.federal - previous.federal, through.non_federal - previous.non_federal)
        previous = through
        direct = sum(amount for month, amount in monthly if month in quarter_months)
        quarters.append(Quarter(number, quarter_months, direct, share))
    return SectionD(year, tuple(monthly), tuple(quarters)), warnings


def _asked(workspace: Workspace, projection: Any, stream_key: str, months: tuple[MonthIndex, ...]) -> list[int]:
    """What the projection's allocations ask of ``stream_key`` in each month it pays (its period)."""
    stream = workspace.stream(stream_key)
    by_line = projection.allocated_by_line(stream_key)
    return [
        sum(series[column] for series in by_line.values()) if stream is not None and pays_in(stream, month) else 0
        for column, month in enumerate(months)
    ]


def _spread(year_amount: int, through: int, whole: int) -> int:
    """The part of ``year_amount`` reached when ``through`` of ``whole`` direct costs are spent (half-up)."""
    if whole == 0:
        return year_amount if through == whole else 0
    numerator = 2 * year_amount * through + whole
    return numerator // (2 * whole)


def _counted(workspace: Workspace, streams: set[str]) -> Workspace:
    """The workspace with the budget's streams counted in the expected view (a declined one as pending).

    The budget is what the plan would charge if the application were funded, so its streams must
    take part in the projection whatever their status today.
    """
    changed = tuple(
        replace(s, status="pending") if s.key in streams and s.status == "declined" else s for s in workspace.streams
    )
    return replace(workspace, streams=changed)


def other_information(application: Application, budget: ApplicationBudget, section_c: SectionC) -> SectionF:
    """Section F lines 21 (direct charges), 22 (indirect charges) and 23 (remarks)."""
    direct = budget.category_total("total_direct")
    direct_text = (
        f"Total direct charges {money(direct.total)}: federal {money(direct.federal)}, "
        f"non-federal {money(direct.non_federal)}."
    )
    rate = percent_text(budget.indirect_rate * HUNDRED)
    if budget.indirect_rate_basis == "negotiated":
        basis = "negotiated indirect cost rate"
    else:
        basis = f"de minimis rate of the {budget.uniform_guidance} Uniform Guidance (2 CFR 200.414(f))"
    per_year = "; ".join(
        f"{year.label}: "
        + ", ".join(
            (f"{line.label[len('Indirect costs on the ') :]} " if line.non_federal else "") + line.formula
            for line in budget.lines_for("indirect", year.number)
        )
        for year in budget.years
    )
    indirect_text = (
        f"{rate}% {basis} on modified total direct costs (MTDC: direct costs less equipment and "
        f"construction). {per_year}. Total {money(budget.category_total('indirect').total)}."
    )
    remarks = []
    for source in section_c.sources:
        remarks.append(f"Non-federal share: {source.name}, {money(source.amount)}.")
    if application.program_income:
        remarks.append(f"Estimated program income {money(application.program_income)} (line 7), not in the totals.")
    if not remarks:
        remarks.append("No non-federal share; no program income.")
    return SectionF(direct_text, indirect_text, " ".join(remarks))


def _key_data(organization: Organization, application: Application, funding: EstimatedFunding) -> KeyData:
    return KeyData(
        applicant=organization.name,
        ein=organization.ein,
        uei=organization.uei,
        address=organization.address,
        contact_name=organization.contact_name,
        contact_email=organization.contact_email,
        contact_phone=organization.contact_phone,
        funder=application.funder,
        assistance_listing=application.assistance_listing,
        project_title=application.program_title,
        period_start=application.period_start,
        period_end=application.period_end,
        funding=funding,
    )
