"""Federal facts: the indirect rate, its base (MTDC) and the equipment threshold of a stream.

One module for the rules of 2 CFR 200 that every output applies to a federal stream's budget
(the application's SF-424A, the budget workbook, the justification):

* **Indirect** = rate × MTDC, rounded half-up to the cent, per budget period. MTDC (modified
  total direct costs) = direct costs less equipment and construction (capital expenditures).
  Subawards are not modelled: a subaward's part above $50,000 (2024 revision; $25,000 before)
  would also be left out, so contractual costs count in full.
* **Rate**: the award's (application's) negotiated rate if it has one, else the de minimis rate
  of its Uniform Guidance version: 15 % (2024 revision), 10 % (2014).
* **Equipment** is an item (one charge = one unit) of at least the version's per-unit threshold:
  $10,000 (2024), $5,000 (2014); a cheaper item is supplies.
* A federal stream with no application uses the organization's indirect rate on MTDC, and the
  threshold of the version in force when the stream starts (the 2024 revision applies from
  1 October 2024). A non-federal stream uses the organization's rate on the same base, with
  items in the category they were entered in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from fundtracker.domain.money import apply_rate
from fundtracker.domain.records import Application, FundingStream, Organization

FEDERAL_KIND = "federal_grant"
EQUIPMENT_THRESHOLD: dict[str, int] = {"2014": 500_000, "2024": 1_000_000}
DE_MINIMIS_RATE: dict[str, Decimal] = {"2014": Decimal("0.10"), "2024": Decimal("0.15")}
MTDC_EXCLUDED: tuple[str, ...] = ("equipment", "construction")
REVISION_2024_FROM = date(2024, 10, 1)
# Which application's terms govern a stream drawn on by several: the furthest along first.
_STATUS_RANK = {"awarded": 0, "submitted": 1, "drafting": 2, "declined": 3}


@dataclass(frozen=True)
class IndirectTerms:
    """How a stream's indirect costs and equipment are counted.

    Attributes:
        rate: the indirect rate (a fraction: 0.15 = 15 %).
        basis: ``"negotiated"``, ``"de minimis"`` or ``"organization"`` (the organization's rate).
        guidance: the Uniform Guidance version (``"2024"``/``"2014"``), ``None`` for a non-federal stream.
        equipment_threshold: the per-unit threshold in cents, ``None`` when items keep their category.
        match_percent: the recipient's share (match) of each cost, 0–100 (from the application).
        application: the key of the application whose terms these are, or ``None``.
    """

    rate: Decimal
    basis: str
    guidance: str | None
    equipment_threshold: int | None
    match_percent: Decimal = Decimal(0)
    application: str | None = None

    @property
    def federal(self) -> bool:
        return self.guidance is not None


def is_federal(stream: FundingStream) -> bool:
    return stream.kind == FEDERAL_KIND


def application_rate(application: Application) -> tuple[Decimal, str]:
    """The indirect rate of an application and its basis: ("negotiated" | "de minimis")."""
    if application.negotiated_indirect_rate is not None:
        return application.negotiated_indirect_rate, "negotiated"
    return DE_MINIMIS_RATE[application.uniform_guidance], "de minimis"


def application_terms(application: Application) -> IndirectTerms:
    """The federal terms an application sets for its stream."""
    rate, basis = application_rate(application)
    guidance = application.uniform_guidance
    return IndirectTerms(
        rate, basis, guidance, EQUIPMENT_THRESHOLD[guidance], application.match_percent, application.key
    )


def governing_application(stream_key: str, applications: Iterable[Application]) -> Application | None:
    """The application whose terms hold for a stream: awarded, else submitted, else drafting; then by key."""
    drawn = [a for a in applications if a.stream == stream_key]
    return min(drawn, key=lambda a: (_STATUS_RANK.get(a.status, 9), a.key), default=None)


def guidance_in_force(day: date) -> str:
    return "2024" if day >= REVISION_2024_FROM else "2014"


def stream_terms(
    stream: FundingStream, applications: Iterable[Application], organization: Organization
) -> IndirectTerms:
    """The indirect and equipment terms of ``stream`` (see the module's rules)."""
    if not is_federal(stream):
        return IndirectTerms(organization.indirect_rate, "organization", None, None)
    application = governing_application(stream.key, applications)
    if application is not None:
        return application_terms(application)
    guidance = guidance_in_force(stream.start)
    return IndirectTerms(organization.indirect_rate, "organization", guidance, EQUIPMENT_THRESHOLD[guidance])


def object_class(category: str, unit_amount: int, threshold: int | None) -> str:
    """The object class of an expense: equipment below the per-unit threshold counts as supplies."""
    if category == "equipment" and threshold is not None and unit_amount < threshold:
        return "supplies"
    return category


def mtdc_of(amounts: Mapping[str, int]) -> int:
    """Modified total direct costs of direct amounts by object class: all but equipment and construction."""
    return sum(cents for category, cents in amounts.items() if category not in MTDC_EXCLUDED)


def indirect(base: int, rate: Decimal) -> int:
    """``round_half_up(rate × MTDC)``."""
    return apply_rate(base, rate)


@dataclass(frozen=True)
class Expenditures:
    """Direct costs spent by object class and the indirect costs they carry (cents).

    Attributes:
        direct: total direct costs (every object class).
        base: the MTDC of those costs (:func:`mtdc_of`): the indirect base.
        indirect: ``round_half_up(rate × base)`` (:func:`indirect`).
    """

    direct: int
    base: int
    indirect: int

    @property
    def total(self) -> int:
        """Direct plus indirect."""
        return self.direct + self.indirect


def expenditures_with_indirect(direct_by_class: Mapping[str, int], rate: Decimal) -> Expenditures:
    """Spending by object class with indirect on its MTDC at ``rate``, rounded once on the whole.

    The award's reports (drawdown, SF-425) take cumulative spending through a day and compute
    indirect on that cumulative base, so the figure for a period never depends on how the
    months before it were rounded.
    """
    base = mtdc_of(direct_by_class)
    return Expenditures(sum(direct_by_class.values()), base, indirect(base, rate))
