"""The Excel budget workbook: live formulas a finance person can check and change.

Sheets: Summary (SF-424A object classes by fiscal year), Personnel, Other direct costs,
Funding sources, Monthly cash flow, Allocations, Budget vs actual (as of the export's day),
Assumptions. Every sheet is set up to print (:mod:`fundtracker.exports.xlsx_print`). Costs are formulas over
the input cells (salaries, FTE, rates, % charged), totals are SUMs, the Summary refers
to the detail sheets and the running balance is a formula, so a changed input moves
every figure that depends on it when the file is opened in Excel or LibreOffice.

The figures agree with :mod:`fundtracker.domain.costs` and the forecast engine to the
cent; ``tests/exports/test_xlsx_values.py`` recalculates workbooks in LibreOffice to
prove it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook

from fundtracker.domain.errors import Cancelled as DomainCancelled
from fundtracker.domain.errors import InputError
from fundtracker.domain.months import fiscal_year, month_index
from fundtracker.domain.records import Workspace
from fundtracker.exports.xlsx_basis import BudgetBasis
from fundtracker.exports.xlsx_budget_vs_actual import write_budget_vs_actual
from fundtracker.exports.xlsx_cashflow import write_cash_flow
from fundtracker.exports.xlsx_cells import sheet_name
from fundtracker.exports.xlsx_costsheets import write_other_costs, write_personnel
from fundtracker.exports.xlsx_print import apply_print_setup
from fundtracker.exports.xlsx_sources import write_allocations, write_assumptions, write_funding_sources
from fundtracker.exports.xlsx_summary import write_summary
from fundtracker.exports.xlsx_text_limits import check_workbook_text
from fundtracker.store.atomic import atomic_path

DEFAULT_YEARS = 3
MAX_YEARS = 10
SHEETS = (
    "Summary",
    "Personnel",
    "Other direct costs",
    "Funding sources",
    "Monthly cash flow",
    "Allocations",
    "Budget vs actual",
    "Assumptions",
)


class ExportCancelled(DomainCancelled):
    """The person cancelled the export; nothing was written."""


def write_budget_workbook(
    workspace: Workspace,
    path: str | Path,
    *,
    view: str = "expected",
    scenario: str | None = None,
    fiscal_years: Sequence[int] | None = None,
    as_of: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> None:
    """Write the budget workbook of ``workspace`` to ``path`` (temp file, then rename).

    Args:
        workspace: the workspace.
        path: the ``.xlsx`` to write; an existing file is replaced only on success.
        view: ``"secured"`` or ``"expected"`` (which streams count).
        scenario: a scenario key whose overrides apply, or ``None``.
        fiscal_years: the fiscal years to show (consecutive, at most 10); default the
            three starting with the one ``as_of`` falls in.
        as_of: the day the budget is made (default today).
        progress: called with (steps done, steps in all) as the sheets are built.
        cancelled: polled often; when it returns true the export stops with
            :class:`ExportCancelled` and nothing is written.

    Raises:
        InputError: an unknown view or scenario, fiscal years out of order, or a text longer
            than a cell holds (32,767 characters; the message names the record and field).
        ExportCancelled: ``cancelled()`` returned true.
        OSError: the file could not be written.
    """
    as_of = as_of or date.today()
    basis = budget_basis(workspace, view=view, scenario=scenario, fiscal_years=fiscal_years, as_of=as_of)
    check_workbook_text(basis)
    total = len(SHEETS) + 1
    counter = {"rows": 0}

    def check() -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelled("export cancelled; no file was written")

    def tick() -> None:
        counter["rows"] += 1
        if counter["rows"] % 50 == 0:
            check()

    def step(done: int) -> None:
        check()
        if progress is not None:
            progress(done, total)

    step(0)
    workbook = build_workbook(workspace, basis, tick=tick, step=step, exported=as_of)
    target = Path(path)
    with atomic_path(target) as temp:
        workbook.save(temp)
        check()
    if progress is not None:
        progress(total, total)


def build_workbook(
    workspace: Workspace,
    basis: BudgetBasis,
    *,
    tick: Callable[[], None] = lambda: None,
    step: Callable[[int], None] = lambda done: None,
    exported: date | None = None,
) -> Workbook:
    """The workbook in memory (not saved)."""
    workbook = Workbook()
    sheets = {}
    for index, title in enumerate(SHEETS):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        assert sheet is not None
        sheet.title = sheet_name(title)
        sheets[title] = sheet
    personnel = write_personnel(sheets["Personnel"], basis, tick)
    step(1)
    other = write_other_costs(sheets["Other direct costs"], basis, tick)
    step(2)
    write_summary(sheets["Summary"], basis, personnel, other)
    step(3)
    received = write_cash_flow(sheets["Monthly cash flow"], workspace, basis, tick)
    step(4)
    write_funding_sources(sheets["Funding sources"], basis, received)
    step(5)
    write_allocations(sheets["Allocations"], basis)
    step(6)
    from fundtracker.services.budget_vs_actual import budget_vs_actual

    write_budget_vs_actual(sheets["Budget vs actual"], budget_vs_actual(workspace, as_of=basis.as_of))
    step(7)
    write_assumptions(workbook, sheets["Assumptions"], basis, exported or basis.as_of)
    step(8)
    apply_print_setup(workbook, basis.organization.name)
    workbook.active = 0
    return workbook


def budget_basis(
    workspace: Workspace,
    *,
    view: str = "expected",
    scenario: str | None = None,
    fiscal_years: Sequence[int] | None = None,
    as_of: date,
) -> BudgetBasis:
    """The records after the scenario and view, and the fiscal years to show."""
    from fundtracker.forecast import resolve

    inputs = resolve(workspace, view=view, scenario=scenario)
    start_month = workspace.organization.fiscal_year_start_month
    if fiscal_years is None:
        first = fiscal_year(month_index(as_of), start_month)
        years = tuple(range(first, first + DEFAULT_YEARS))
    else:
        years = tuple(fiscal_years)
        if not years:
            raise InputError("choose at least one fiscal year", "fiscal_years")
        if list(years) != list(range(years[0], years[0] + len(years))):
            raise InputError(f"fiscal years must be consecutive and in order, got {list(years)}", "fiscal_years")
        if len(years) > MAX_YEARS:
            raise InputError(f"at most {MAX_YEARS} fiscal years fit in one workbook, got {len(years)}", "fiscal_years")
        if not 1900 < years[0] < 9000:
            raise InputError(f"FY{years[0]} is not a plausible fiscal year", "fiscal_years")
    scenario_name = ""
    if scenario is not None:
        found = workspace.find("scenario", scenario)
        scenario_name = found.name if found is not None else scenario
    return BudgetBasis(
        workspace_name=workspace.organization.name,
        organization=inputs.organization,
        counted=inputs.streams,
        excluded=inputs.excluded,
        positions=inputs.positions,
        expenses=inputs.expenses,
        allocations=inputs.allocations,
        fiscal_years=years,
        view=inputs.view,
        scenario=inputs.scenario,
        scenario_name=scenario_name,
        as_of=as_of,
        applications=workspace.applications,
    )
