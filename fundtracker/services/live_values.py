"""Live values of an application's placeholders: organization, application, budget, runway.

``{{organization.name}}``, ``{{budget.total}}``, ``{{runway.secured_funded_through}}`` and
the rest are computed from the workspace when first asked for (:class:`LiveValues`);
``{{text_block.KEY}}`` inserts a reusable text block (itself markup, and it may hold
placeholders). The markup itself is :mod:`fundtracker.services.markup`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from fundtracker.domain.errors import InputError
from fundtracker.domain.money import format_dollars
from fundtracker.domain.months import month_index, month_name
from fundtracker.domain.records import Application, Section, Workspace
from fundtracker.services.markup import UnknownPlaceholder, escape_markup, fill

if TYPE_CHECKING:
    from fundtracker.services.application_budget import ApplicationBudget

MAX_TEXT_BLOCK_DEPTH = 5

ORGANIZATION_FIELDS = ("name", "ein", "uei", "address", "contact_name", "contact_email", "contact_phone")
BUDGET_FIGURES = (
    "total",
    "federal",
    "non_federal",
    "total_direct",
    "indirect",
    "personnel",
    "fringe",
    "travel",
    "equipment",
    "supplies",
    "contractual",
    "construction",
    "other",
)
PLACEHOLDER_NAMES: tuple[str, ...] = (
    *(f"organization.{name}" for name in ORGANIZATION_FIELDS),
    "application.funder",
    "application.program_title",
    "application.requested_amount",
    "application.period",
    "application.deadline",
    *(f"budget.{name}" for name in BUDGET_FIGURES),
    "budget.indirect_rate",
    "runway.secured_funded_through",
    "runway.expected_funded_through",
)
KNOWN = (*PLACEHOLDER_NAMES, "text_block.KEY")


def long_date(day: date) -> str:
    """``June 30, 2023``."""
    return f"{day:%B} {day.day}, {day.year}"


class LiveValues:
    """Placeholder values of one application, computed when first asked for.

    Args:
        workspace: the workspace the application belongs to.
        application: the application whose sections are filled.
        as_of: the day the runway placeholders are forecast from (default today).
    """

    def __init__(
        self,
        workspace: Workspace,
        application: Application,
        *,
        as_of: date | None = None,
        budget: ApplicationBudget | None = None,
    ) -> None:
        self.workspace = workspace
        self.application = application
        self.as_of = as_of or date.today()
        self._budget_figures = budget
        self._cache: dict[str, str] = {}
        self._filling: list[str] = []

    def __call__(self, name: str) -> str:
        if name not in self._cache:
            self._cache[name] = self._value(name)
        return self._cache[name]

    def _value(self, name: str) -> str:
        group, _, field = name.partition(".")
        if group == "text_block" and field:
            return self._text_block(field)
        if group == "organization" and field in ORGANIZATION_FIELDS:
            return escape_markup(str(getattr(self.workspace.organization, field)))
        if group == "application":
            return escape_markup(self._application(field))
        if group == "budget" and (field in BUDGET_FIGURES or field == "indirect_rate"):
            return escape_markup(self._budget(field))
        if group == "runway" and field in ("secured_funded_through", "expected_funded_through"):
            return escape_markup(self._runway(field.split("_")[0]))
        raise UnknownPlaceholder(name, KNOWN)

    def _text_block(self, key: str) -> str:
        block = self.workspace.find("text_block", key)
        if block is None:
            raise UnknownPlaceholder(f"text_block.{key}", KNOWN)
        if key in self._filling or len(self._filling) >= MAX_TEXT_BLOCK_DEPTH:
            chain = " → ".join([*self._filling, key])
            raise InputError(f"text blocks include each other in a loop: {chain}", f"text_block {key!r}")
        self._filling.append(key)
        try:
            text: str = fill(block.text, self, f"text_block {key!r}")
        finally:
            self._filling.pop()
        return text

    def _application(self, field: str) -> str:
        application = self.application
        if field in ("funder", "program_title"):
            text: str = getattr(application, field)
            return text
        if field == "requested_amount":
            return format_dollars(application.requested_amount)
        if field == "period":
            if application.period_start is None or application.period_end is None:
                raise InputError("needs the project period, which is not set")
            return f"{long_date(application.period_start)} – {long_date(application.period_end)}"
        if field == "deadline":
            if application.deadline is None:
                raise InputError("needs the submission deadline, which is not set")
            return long_date(application.deadline)
        raise UnknownPlaceholder(f"application.{field}", KNOWN)

    def _budget(self, field: str) -> str:
        from fundtracker.services.application_budget import application_budget, percent_text

        if self._budget_figures is None:
            self._budget_figures = application_budget(self.workspace, self.application.key)
        budget = self._budget_figures
        if field == "indirect_rate":
            return f"{percent_text(budget.indirect_rate * 100)}%"
        if field == "federal":
            return format_dollars(budget.federal_total)
        if field == "non_federal":
            return format_dollars(budget.non_federal_total)
        return format_dollars(budget.category_total(field).total)

    def _runway(self, view: str) -> str:
        return funded_through_text(self.workspace, view, self.as_of)


def live_values(
    workspace: Workspace,
    application: Application,
    *,
    as_of: date | None = None,
    budget: ApplicationBudget | None = None,
) -> LiveValues:
    """The placeholder values of ``application`` (computed lazily, cached; ``budget`` if already computed)."""
    return LiveValues(workspace, application, as_of=as_of, budget=budget)


def filled_sections(
    workspace: Workspace, application: Application, *, as_of: date | None = None
) -> list[tuple[Section, str]]:
    """Each section of the application with its placeholders filled."""
    values = live_values(workspace, application, as_of=as_of)
    return [
        (section, fill(section.text, values, f"application {application.key!r}: section {section.key!r}"))
        for section in application.sections
    ]


def funded_through_text(workspace: Workspace, view: str, as_of: date) -> str:
    """The runway's ``funded_through`` for ``view`` from ``as_of``'s month, as a long date.

    The forecast engine is imported here, lazily, so the rest of the narrative works
    without it.
    """
    try:
        from fundtracker.forecast import forecast
    except ImportError:
        raise InputError(
            "needs the runway forecast engine, which this build of fundtracker does not include; type the date instead"
        ) from None
    projection = forecast(workspace, view=view, start=month_index(as_of), as_of=as_of)
    through: date | None = projection.funded_through
    if through is None:
        months = getattr(projection, "months", None)
        last = months[-1] if months else month_index(as_of) + 35
        return f"beyond {month_name(last)}"
    return long_date(through)
