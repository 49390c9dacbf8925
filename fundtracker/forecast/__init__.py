"""The runway forecast engine: when the money runs out, per scenario and per position.

Pure functions over frozen inputs; no Qt, no SQL. Money is ``int`` cents, months are
month indexes (:mod:`fundtracker.domain.months`). The rules are DESIGN.md's "Runway
semantics (version 1)"; docs/forecast-api.md documents this API and the exact rounding.

Typical use::

    from fundtracker import forecast

    inputs = forecast.resolve(workspace, view="expected", scenario="upheld")
    projection = forecast.project(inputs, start=month_of(2022, 1), months=36)
    projection.funded_through             # date | None
    projection.month_totals()             # [MonthTotals(month, inflow, cost, …)]
    forecast.unfunded_first(projection)   # positions, earliest unfunded first
    forecast.probability(workspace, start=month_of(2022, 1)).p50

Public API (stable; others build on it):

* :func:`resolve` → :class:`ForecastInputs`
* :func:`project` → :class:`Projection`; :func:`forecast` does both
* :func:`probability` → :class:`ProbabilityResult`
* :func:`unfunded_first`, :func:`shortfall`, :func:`lapsing`, :func:`need`
"""

from __future__ import annotations

from datetime import date

from fundtracker.domain.months import MonthIndex, month_index
from fundtracker.domain.records import Workspace
from fundtracker.forecast.actuals import ACTUALS_KEY, ACTUALS_KIND, ActualSpending, ClosedMonths
from fundtracker.forecast.answers import (
    Lapse,
    Need,
    NeedMonth,
    Shortfall,
    UnfundedPosition,
    lapsing,
    need,
    shortfall,
    unfunded_first,
)
from fundtracker.forecast.cost_matrix import CostLine
from fundtracker.forecast.engine import default_start, project
from fundtracker.forecast.inputs import VIEWS, ForecastInputs, resolve
from fundtracker.forecast.model import MAX_MONTHS
from fundtracker.forecast.probability import EXACT_LIMIT, THRESHOLDS, PositionOdds, ProbabilityResult, probability
from fundtracker.forecast.projection import (
    CashLowPoint,
    FiscalYearTotals,
    LineSeries,
    LineTotals,
    MonthTotals,
    Projection,
    StreamSeries,
    StreamTotals,
)


def forecast(
    workspace: Workspace,
    view: str = "expected",
    scenario: str | None = None,
    start: MonthIndex | None = None,
    months: int = 36,
    as_of: date | None = None,
) -> Projection:
    """Resolve ``workspace`` in ``view`` under ``scenario`` and project it.

    Args:
        start: the first month of the horizon (default: ``as_of``'s month, else the current month).
        months: the horizon, 1–240.
        as_of: the day of the forecast (default today): months before its month with actual
            spending recorded use it instead of the plan (:mod:`fundtracker.forecast.actuals`).

    Raises:
        InputError: bad view, scenario or horizon.
    """
    inputs = resolve(workspace, view, scenario, as_of)
    if start is None:
        start = default_start() if as_of is None else month_index(as_of)
    return project(inputs, start, months)


__all__ = [
    "ACTUALS_KEY",
    "ACTUALS_KIND",
    "EXACT_LIMIT",
    "MAX_MONTHS",
    "THRESHOLDS",
    "VIEWS",
    "ActualSpending",
    "CashLowPoint",
    "ClosedMonths",
    "CostLine",
    "FiscalYearTotals",
    "ForecastInputs",
    "Lapse",
    "LineSeries",
    "LineTotals",
    "MonthTotals",
    "Need",
    "NeedMonth",
    "PositionOdds",
    "ProbabilityResult",
    "Projection",
    "Shortfall",
    "StreamSeries",
    "StreamTotals",
    "UnfundedPosition",
    "default_start",
    "forecast",
    "lapsing",
    "need",
    "probability",
    "project",
    "resolve",
    "shortfall",
    "unfunded_first",
]
