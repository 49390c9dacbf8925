"""The SF-424A budget of a grant application, computed from the plan.

The budget covers what the plan allocates to the application's funding stream in
each budget year of the project period. Every figure comes from
:mod:`fundtracker.domain.costs`, so the budget agrees with the runway engine to the
cent. Rules (see ``docs/applications.md``):

- **Budget years.** Year *n* covers 12 whole months from the period's start month;
  the last year ends with the period's end month (a warning says when it is longer
  or shorter than 12 months). Costs are monthly, so a month counts whole.
- **Allocations**, exactly as the forecast engine splits a cost line: an allocation is
  active in a month when it is in force on the line's first active day of the month;
  a line's allocations are ordered by stream key, then start; each share is
  ``floor(cost × percent / 100)`` except the first, which takes the cents left over
  from ``round(cost × Σpercent / 100)``. A position's whole monthly cost is split (as
  the engine does); its salary is split the same way and fringe is the rest, so
  personnel + fringe equal the engine's share to the cent. The budget takes the shares
  of the application's stream.
- **Personnel / fringe** from positions; **expenses** by their category, except that
  an ``equipment`` expense whose amount (one charge = one unit) is below the
  equipment threshold counts as **supplies**: $5,000 under the 2014 Uniform Guidance,
  $10,000 under the 2024 revision.
- **Indirect** = rate × MTDC per budget year, rounded half-up to the cent. The rate is
  the negotiated rate if set, else the de minimis rate (10 % under 2014, 15 % under
  2024). MTDC (modified total direct costs) = total direct costs less equipment and
  less construction (a capital expenditure). Subawards are not modelled: contractual
  costs count in MTDC in full.
- **Federal / non-federal.** ``match_percent`` is the non-federal share of each cost:
  per object class and year ``non_federal = round(amount × match / 100)`` and
  ``federal = amount − non_federal``; totals are sums of those cells.
- **Requested amount** is compared with the federal share of the total; a warning
  says when they differ.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal

from fundtracker.domain.costs import (
    expense_month,
    fringe_rate_of,
    full_month_salary,
    position_month,
    raises_before,
)
from fundtracker.domain.errors import InputError, NotFoundError
from fundtracker.domain.federal_facts import (
    EQUIPMENT_THRESHOLD,
    MTDC_EXCLUDED,
    application_rate,
    mtdc_of,
    object_class,
)
from fundtracker.domain.federal_facts import indirect as indirect_on
from fundtracker.domain.match import split_match as split_match_cents
from fundtracker.domain.money import format_dollars, format_money, round_cents
from fundtracker.domain.months import (
    MonthIndex,
    active_days,
    days_in_month,
    month_index,
    month_name,
)
from fundtracker.domain.records import Application, Expense, Position, Workspace
from fundtracker.domain.shares import line_allocations, stream_percent, stream_share
from fundtracker.domain.stream_period import pays_in

# SF-424A Section B object classes: (letter, key, title).
OBJECT_CLASSES: tuple[tuple[str, str, str], ...] = (
    ("a", "personnel", "Personnel"),
    ("b", "fringe", "Fringe Benefits"),
    ("c", "travel", "Travel"),
    ("d", "equipment", "Equipment"),
    ("e", "supplies", "Supplies"),
    ("f", "contractual", "Contractual"),
    ("g", "construction", "Construction"),
    ("h", "other", "Other"),
    ("i", "total_direct", "Total Direct Charges"),
    ("j", "indirect", "Indirect Charges"),
    ("k", "total", "Totals"),
)
DIRECT_CATEGORIES: tuple[str, ...] = tuple(key for _, key, _ in OBJECT_CLASSES[:8])
CATEGORY_TITLES: dict[str, str] = {key: title for _, key, title in OBJECT_CLASSES}
# Categories whose justification text can be overridden (Application.budget_justification keys).
JUSTIFICATION_CATEGORIES: tuple[str, ...] = (*DIRECT_CATEGORIES, "indirect")

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class BudgetYear:
    """One budget year: ``first_month`` to ``last_month`` inclusive (month indexes)."""

    number: int
    first_month: MonthIndex
    last_month: MonthIndex

    @property
    def months(self) -> range:
        return range(self.first_month, self.last_month + 1)

    @property
    def label(self) -> str:
        return f"Year {self.number}"

    @property
    def period_text(self) -> str:
        """``July 2022 – June 2023``."""
        return f"{month_name(self.first_month)} – {month_name(self.last_month)}"


@dataclass(frozen=True)
class LinePart:
    """Months (or charges) of a budget line that cost the same, as figures for a worksheet.

    ``cost`` is the line's cost in one of them (prorated when ``days`` is set), ``percent`` the
    share allocated to the stream, ``share`` what the stream is charged each time (the engine's
    allocation rounding), ``count`` how many; the part's amount is ``share × count``. For fringe,
    ``base`` is the full month's salary and ``rate`` the fringe rate (``cost = round(base × rate)``
    in a full month); for salary, ``base`` is the full month's salary.
    """

    cost: int
    percent: Decimal
    share: int
    count: int
    unit: str
    text: str
    base: int = 0
    rate: Decimal | None = None
    days: tuple[int, int] | None = None

    @property
    def amount(self) -> int:
        return self.share * self.count


@dataclass(frozen=True)
class BudgetLine:
    """One line of the budget detail worksheet.

    ``formula`` is the arithmetic, ending in ``= amount``; ``source`` is the cost line
    key ("" for indirect); ``note`` says why a line moved category.
    """

    category: str
    year: int
    label: str
    amount: int
    formula: str
    source: str = ""
    note: str = ""
    parts: tuple[LinePart, ...] = ()
    # The stream the line is charged to, and whether it is the match (a match stream's line).
    stream: str = ""
    non_federal: bool = False

    @property
    def computation(self) -> str:
        """``Client Advocate (Maria Peña): $4,333.33/month ($52,000/yr ÷ 12) × 100% × 12 months = $51,999.96``."""
        return f"{self.label}: {self.formula}"


@dataclass(frozen=True)
class Share:
    federal: int = 0
    non_federal: int = 0

    @property
    def total(self) -> int:
        return self.federal + self.non_federal

    def __add__(self, other: Share) -> Share:
        return Share(self.federal + other.federal, self.non_federal + other.non_federal)


@dataclass(frozen=True)
class ApplicationBudget:
    """An application's budget: object classes a–k × budget years, federal and non-federal."""

    application: str
    stream: str
    uniform_guidance: str
    years: tuple[BudgetYear, ...]
    lines: tuple[BudgetLine, ...]
    cells: Mapping[tuple[str, int], Share]
    indirect_rate: Decimal
    indirect_rate_basis: str
    mtdc: tuple[int, ...]
    equipment_threshold: int
    match_percent: Decimal
    requested_amount: int
    warnings: tuple[str, ...] = field(default=())
    match_streams: tuple[str, ...] = ()

    @property
    def has_match(self) -> bool:
        """Whether the budget has a non-federal share (a match percent or match streams)."""
        return bool(self.match_percent or self.match_streams)

    def cell(self, category: str, year: int) -> Share:
        """The amount of object class ``category`` (a key such as "personnel" or "total") in ``year``."""
        return self.cells[(category, year)]

    def category_total(self, category: str) -> Share:
        """An object class summed over the budget years."""
        total = Share()
        for year in self.years:
            total += self.cell(category, year.number)
        return total

    @property
    def total(self) -> int:
        """Line k over all years, federal plus non-federal."""
        return self.category_total("total").total

    @property
    def federal_total(self) -> int:
        return self.category_total("total").federal

    @property
    def non_federal_total(self) -> int:
        return self.category_total("total").non_federal

    def lines_for(self, category: str, year: int | None = None) -> tuple[BudgetLine, ...]:
        return tuple(line for line in self.lines if line.category == category and (year is None or line.year == year))


def money(cents: int) -> str:
    """Budget figures always show cents: ``$51,999.96``."""
    return format_money(cents, symbol=True, grouping=True)


def percent_text(percent: Decimal) -> str:
    """``100``, ``62.5`` (no exponent, no trailing zeros)."""
    text = format(percent.normalize(), "f")
    return text


def application_budget(workspace: Workspace, application_key: str) -> ApplicationBudget:
    """The budget of application ``application_key`` computed from the workspace's plan.

    Raises:
        NotFoundError: no such application.
        InputError: the application has no stream or no complete project period.
    """
    application = find_application(workspace, application_key)
    stream = application.stream
    where = f"application {application.key!r}"
    if stream is None:
        raise InputError("not set; choose the funding stream the budget is drawn from", f"{where}: stream")
    if workspace.stream(stream) is None:
        raise InputError(f"no funding stream with key {stream!r}", f"{where}: stream")
    years, year_warnings = budget_years(application)
    threshold = EQUIPMENT_THRESHOLD[application.uniform_guidance]
    sources = (stream, *application.match_streams)
    lines: list[BudgetLine] = []
    for year in years:
        for source in sources:
            lines += _stream_lines(workspace, application, source, source != stream, year, threshold)

    rate, basis = indirect_rate(application)
    match = application.match_percent
    cells: dict[tuple[str, int], Share] = {}
    mtdc_by_year: list[int] = []
    for year in years:
        year_lines = [line for line in lines if line.year == year.number]
        amounts = _amounts(year_lines)
        if application.match_streams:
            # The match from real sources: each line is federal or non-federal as its stream is.
            federal_amounts = _amounts([line for line in year_lines if not line.non_federal])
            for category in DIRECT_CATEGORIES:
                federal_part = federal_amounts[category]
                cells[(category, year.number)] = Share(federal_part, amounts[category] - federal_part)
            indirect_lines = [
                _match_indirect(
                    workspace,
                    _indirect_line(year, source, _amounts([x for x in year_lines if x.stream == source]), rate, basis),
                    source != stream,
                    basis,
                )
                for source in sources
            ]
            indirect_lines = [x for x in indirect_lines if x.amount or not x.non_federal]
            lines += indirect_lines
            cells[("indirect", year.number)] = Share(
                sum(x.amount for x in indirect_lines if not x.non_federal),
                sum(x.amount for x in indirect_lines if x.non_federal),
            )
        else:
            for category in DIRECT_CATEGORIES:
                cells[(category, year.number)] = split_match(amounts[category], match)
            indirect = _indirect_line(year, stream, amounts, rate, basis)
            lines.append(replace(indirect, stream=""))
            cells[("indirect", year.number)] = split_match(indirect.amount, match)
        mtdc_by_year.append(mtdc_of(amounts))
        direct = Share()
        for category in DIRECT_CATEGORIES:
            direct += cells[(category, year.number)]
        cells[("total_direct", year.number)] = direct
        cells[("total", year.number)] = direct + cells[("indirect", year.number)]

    budget = ApplicationBudget(
        application=application.key,
        stream=stream,
        uniform_guidance=application.uniform_guidance,
        years=years,
        lines=tuple(lines),
        cells=cells,
        indirect_rate=rate,
        indirect_rate_basis=basis,
        mtdc=tuple(mtdc_by_year),
        equipment_threshold=threshold,
        match_percent=match,
        requested_amount=application.requested_amount,
        match_streams=application.match_streams,
    )
    warnings = year_warnings + _budget_warnings(application, budget)
    return replace(budget, warnings=tuple(warnings))


def _amounts(lines: list[BudgetLine]) -> dict[str, int]:
    amounts = {category: 0 for category in DIRECT_CATEGORIES}
    for line in lines:
        if line.category in amounts:
            amounts[line.category] += line.amount
    return amounts


def _stream_lines(
    workspace: Workspace, application: Application, stream: str, non_federal: bool, year: BudgetYear, threshold: int
) -> list[BudgetLine]:
    """The lines the plan charges ``stream`` in ``year``; a match stream's lines name it."""
    lines: list[BudgetLine] = []
    for position in workspace.positions:
        lines += _position_lines(workspace, position, stream, year)
    for expense in workspace.expenses:
        line = _expense_line(workspace, expense, stream, year, threshold, application.uniform_guidance)
        if line is not None:
            lines.append(line)
    if not non_federal:
        return [replace(line, stream=stream) for line in lines]
    paying = workspace.stream(stream)
    name = paying.name if paying is not None else stream
    return [replace(line, stream=stream, non_federal=True, label=f"{line.label} (match: {name})") for line in lines]


def _match_indirect(workspace: Workspace, line: BudgetLine, non_federal: bool, basis: str) -> BudgetLine:
    if not non_federal:
        return line
    paying = workspace.stream(line.stream)
    name = paying.name if paying is not None else line.stream
    return replace(line, non_federal=True, label=f"Indirect costs on the match from {name} ({basis} rate)")


def _indirect_line(year: BudgetYear, stream: str, amounts: dict[str, int], rate: Decimal, basis: str) -> BudgetLine:
    """Indirect of one year on the MTDC of ``amounts`` (one stream's, or the whole budget's)."""
    mtdc = mtdc_of(amounts)
    indirect = indirect_on(mtdc, rate)
    return BudgetLine(
        "indirect",
        year.number,
        f"Indirect costs ({basis} rate)",
        indirect,
        _indirect_computation(rate, sum(amounts.values()), amounts, mtdc, indirect),
        stream=stream,
    )


def find_application(workspace: Workspace, key: str) -> Application:
    application: Application | None = workspace.find("application", key)
    if application is None:
        known = ", ".join(a.key for a in workspace.applications) or "none"
        raise NotFoundError(f"no application with key {key!r} (applications in this workspace: {known})")
    return application


def budget_years(application: Application) -> tuple[tuple[BudgetYear, ...], list[str]]:
    """The budget years of the project period, and warnings about their lengths."""
    where = f"application {application.key!r}"
    if application.period_start is None:
        raise InputError("not set; the budget needs the project period", f"{where}: period_start")
    if application.period_end is None:
        raise InputError("not set; the budget needs the project period", f"{where}: period_end")
    first = month_index(application.period_start)
    last = month_index(application.period_end)
    count = application.budget_years
    months = last - first + 1
    if months <= 12 * (count - 1):
        raise InputError(
            f"the project period has {months} months, too short for {count} budget years of 12 months",
            f"{where}: budget_years",
        )
    years = []
    for i in range(count):
        start = first + 12 * i
        end = last if i == count - 1 else start + 11
        years.append(BudgetYear(i + 1, start, end))
    warnings = []
    final = years[-1]
    length = final.last_month - final.first_month + 1
    if length != 12:
        warnings.append(
            f"budget year {final.number} covers {length} months ({final.period_text}); the project period has "
            f"{months} months for {count} budget years"
        )
    return tuple(years), warnings


def indirect_rate(application: Application) -> tuple[Decimal, str]:
    """The indirect rate and its basis: ("negotiated" | "de minimis") (:mod:`~fundtracker.domain.federal_facts`)."""
    return application_rate(application)


def split_match(amount: int, match_percent: Decimal) -> Share:
    """Split an amount into federal and match (non-federal) shares by the match percent."""
    federal, match = split_match_cents(amount, match_percent)
    return Share(federal, match)


@dataclass
class _Segment:
    """Months of one budget line that cost the same: ``text`` × ``count`` months."""

    text: str
    share: int
    count: int = 0
    cost: int = 0
    percent: Decimal = HUNDRED
    base: int = 0
    rate: Decimal | None = None
    days: tuple[int, int] | None = None


def _join(segments: dict[tuple[object, ...], _Segment], unit: str) -> tuple[str, int, tuple[LinePart, ...]]:
    texts = []
    parts = []
    total = 0
    for segment in segments.values():
        plural = unit if segment.count == 1 else unit + "s"
        texts.append(f"{segment.text} × {segment.count} {plural}")
        total += segment.share * segment.count
        parts.append(
            LinePart(
                segment.cost,
                segment.percent,
                segment.share,
                segment.count,
                unit,
                segment.text,
                segment.base,
                segment.rate,
                segment.days,
            )
        )
    return f"{' + '.join(texts)} = {money(total)}", total, tuple(parts)


def _share_text(cost_text: str, cost: int, percent: Decimal, share: int) -> str:
    """``$4,333.33/month × 50% = $2,166.67`` (the ``= share`` only when rounding makes it needed)."""
    text = f"{cost_text} × {percent_text(percent)}%"
    if Decimal(cost) * percent / HUNDRED != share:
        text += f" = {money(share)}"
    return text


def annual_text(position: Position, month: MonthIndex, fy_start: int) -> str:
    """The annual salary as the engine uses it, in figures a calculator reproduces.

    After raises the exact annual salary is ``annual × (1 + raise)^k`` (not rounded before the
    monthly salary is), so it is printed as that product: ``$52,000/yr × 1.03^4``. Printing
    the product rounded to the cent ($58,526.46) would give $4,877.21 ÷ 12, not the $4,877.20
    budgeted.
    """
    base = f"{format_dollars(position.annual_salary)}/yr"
    raises = raises_before(position, month, fy_start)
    if raises == 0 or position.annual_raise == 0:
        return base
    growth = percent_text(1 + position.annual_raise)
    return f"{base} × {growth}" if raises == 1 else f"{base} × {growth}^{raises}"


def position_label(position: Position) -> str:
    return f"{position.title} ({position.name})" if position.name else position.title


def _position_lines(workspace: Workspace, position: Position, stream: str, year: BudgetYear) -> list[BudgetLine]:
    organization = workspace.organization
    fy_start = organization.fiscal_year_start_month
    rate = fringe_rate_of(position, organization)
    fte = "" if position.fte == 1 else f" × {percent_text(position.fte)} FTE"
    salary_segments: dict[tuple[object, ...], _Segment] = {}
    fringe_segments: dict[tuple[object, ...], _Segment] = {}
    allocations = line_allocations(position.key, workspace.allocations)
    paying = workspace.stream(stream)
    for month in year.months:
        cost = position_month(position, organization, month)
        if cost.total == 0 or paying is None or not pays_in(paying, month):
            continue
        # The engine splits the position's whole cost; salary is split the same way and
        # fringe is the rest, so personnel + fringe equal the engine's share to the cent.
        total_share = stream_share(cost.total, stream, allocations, month, position.start)
        salary_share = stream_share(cost.salary, stream, allocations, month, position.start)
        fringe_share = total_share - salary_share
        if total_share == 0:
            continue
        percent = stream_percent(stream, allocations, month, position.start)
        full = full_month_salary(position, month, fy_start)
        full_fringe = round_cents(Decimal(full) * rate)
        days, month_days = active_days(month, position.start, position.end), days_in_month(month)
        partial = days < month_days
        proration = (days, month_days) if partial else None
        key = (full, proration, percent, salary_share)
        if key not in salary_segments:
            text = f"{money(full)}/month ({annual_text(position, month, fy_start)}{fte} ÷ 12)"
            if partial:
                text += f" × {days}/{month_days} days = {money(cost.salary)}"
            salary_segments[key] = _Segment(
                _share_text(text, cost.salary, percent, salary_share),
                salary_share,
                cost=cost.salary,
                percent=percent,
                base=full,
                days=proration,
            )
        salary_segments[key].count += 1
        fringe_key = (full, full_fringe, proration, percent, fringe_share)
        if fringe_key not in fringe_segments:
            text = f"{money(full_fringe)}/month ({percent_text(rate * HUNDRED)}% × {money(full)})"
            if partial:
                text += f" × {days}/{month_days} days = {money(cost.fringe)}"
            fringe_segments[fringe_key] = _Segment(
                _share_text(text, cost.fringe, percent, fringe_share),
                fringe_share,
                cost=cost.fringe,
                percent=percent,
                base=full,
                rate=rate,
                days=proration,
            )
        fringe_segments[fringe_key].count += 1
    lines = []
    label = position_label(position)
    if salary_segments:
        text, total, parts = _join(salary_segments, "month")
        lines.append(BudgetLine("personnel", year.number, label, total, text, position.key, parts=parts))
    if fringe_segments:
        text, total, parts = _join(fringe_segments, "month")
        lines.append(BudgetLine("fringe", year.number, f"Fringe on {label}", total, text, position.key, parts=parts))
    return lines


def expense_category(expense: Expense, threshold: int) -> str:
    """The object class of an expense: equipment below the threshold counts as supplies."""
    return object_class(expense.category, expense.amount, threshold)


def _expense_line(
    workspace: Workspace, expense: Expense, stream: str, year: BudgetYear, threshold: int, guidance: str
) -> BudgetLine | None:
    segments: dict[tuple[object, ...], _Segment] = {}
    allocations = line_allocations(expense.key, workspace.allocations)
    paying = workspace.stream(stream)
    for month in year.months:
        cost = expense_month(expense, month)
        if paying is None or not pays_in(paying, month):
            continue
        share = stream_share(cost, stream, allocations, month, expense.start)
        if share == 0:
            continue
        percent = stream_percent(stream, allocations, month, expense.start)
        key = (cost, percent, share)
        if key not in segments:
            segments[key] = _Segment(_share_text(money(cost), cost, percent, share), share, cost=cost, percent=percent)
        segments[key].count += 1
    if not segments:
        return None
    unit = {"monthly": "month", "annual": "annual charge", "once": "one-time charge"}[expense.recurrence]
    text, total, parts = _join(segments, unit)
    category = expense_category(expense, threshold)
    note = ""
    if category != expense.category:
        note = f"below the {money(threshold)} equipment threshold ({guidance} Uniform Guidance): counted as supplies"
    return BudgetLine(category, year.number, expense.description, total, text, expense.key, note, parts)


def _indirect_computation(rate: Decimal, total_direct: int, amounts: dict[str, int], mtdc: int, indirect: int) -> str:
    base = f"MTDC {money(mtdc)}"
    excluded = [(category, amounts[category]) for category in MTDC_EXCLUDED if amounts[category]]
    if excluded:
        less = " − ".join(f"{CATEGORY_TITLES[c].lower()} {money(a)}" for c, a in excluded)
        base = f"MTDC ({money(total_direct)} total direct − {less} = {money(mtdc)})"
    return f"{percent_text(rate * HUNDRED)}% × {base} = {money(indirect)}"


def _budget_warnings(application: Application, budget: ApplicationBudget) -> list[str]:
    warnings = []
    if not any(line.category != "indirect" for line in budget.lines):
        warnings.append(
            f"no costs of the plan are allocated to stream {budget.stream!r} in the project period; "
            "allocate positions or expenses to it"
        )
    federal = budget.federal_total
    if application.requested_amount != federal:
        what = "the budget's total" if budget.non_federal_total == 0 else "the budget's federal share"
        difference = application.requested_amount - federal
        warnings.append(
            f"requested amount {money(application.requested_amount)} differs from {what} {money(federal)} "
            f"({'+' if difference > 0 else '−'}{money(abs(difference))}); change the request or the plan"
        )
    for category, _ in application.budget_justification:
        # CATEGORY.figures keeps the figures an own text was written against (services.justification_figures).
        if category.removesuffix(".figures") not in JUSTIFICATION_CATEGORIES:
            warnings.append(
                f"budget_justification has an unknown category {category!r}; "
                f"use one of: {', '.join(JUSTIFICATION_CATEGORIES)}"
            )
    return warnings


def iter_direct_lines(budget: ApplicationBudget) -> Iterator[BudgetLine]:
    """Detail lines in object-class order, then by year."""
    for category in DIRECT_CATEGORIES:
        yield from budget.lines_for(category)
