"""Formulas that split a month's cost among a line's allocations exactly as the forecast engine does.

The engine's rule (docs/forecast-api.md, "Allocation shares"): with ``C`` the month's cost in
cents and ``P`` the active percents' sum, the allocated total is ``round_half_up(C × P / 100)``;
every active allocation but the first with a positive percent gets ``floor(C × p / 100)``; the
first gets the total minus the others. Percents are scaled to whole numbers so that every
product in the formula is an exact integer in floating point, and ``INT``/``ROUND`` of the
quotient land on the same cent as the engine's integer arithmetic.
"""

from __future__ import annotations

from decimal import Decimal

from fundtracker.exports.xlsx_basis import MonthGroup
from fundtracker.forecast.shares import percent_scale  # the engine's own scaling of percents


class Splitter:
    """Builds share formulas for the allocations of one cost line.

    Args:
        percent_cells: the cell of each allocation's % charged (a fraction, 1 = 100 %), in engine order.
        percents: the allocations' percents (0–100), in the same order.
    """

    def __init__(self, percent_cells: list[str], percents: list[Decimal]) -> None:
        self.cells = percent_cells
        self.percents = percents
        self.whole = 100 * 10 ** percent_scale(percents)

    def _units(self, index: int) -> str:
        return f"ROUND({self.cells[index]}*{self.whole},0)"

    def share(self, cost: str, group: MonthGroup, index: int) -> str | None:
        """Cents of allocation ``index`` of a month of ``group`` costing ``cost`` cents.

        ``None`` when the allocation is not active, or its stream does not pay in those months
        (outside its period: the share is split as the engine splits it, but is not the stream's).
        """
        if index not in group.paying:
            return None
        first = next((i for i in group.active if self.percents[i] > 0), None)
        if index != first:
            return f"INT({cost}*{self._units(index)}/{self.whole})"
        units = "+".join(self._units(i) for i in group.active)
        others = "".join(f"-INT({cost}*{self._units(i)}/{self.whole})" for i in group.active if i != index)
        return f"(ROUND({cost}*({units})/{self.whole},0){others})"


def cents_of(dollars: str) -> str:
    """A dollar expression (whole cents) as integer cents."""
    return f"ROUND({dollars}*100,0)"


def prorated(dollars: str, group: MonthGroup) -> str:
    """The month's figure of a group: full, or ``ROUND(x × days / days_in_month, 2)``."""
    if group.partial is None:
        return dollars
    days, total = group.partial
    return f"ROUND({dollars}*{days}/{total},2)"


def dollars_formula(terms: list[str]) -> str:
    """``=(t1+t2+…)/100`` from cent terms, ``=0`` when there are none."""
    return f"=({'+'.join(terms)})/100" if terms else "=0"
