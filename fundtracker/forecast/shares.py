"""Split each cost line's monthly cost among its allocations, exactly, for all months at once.

The rule lives in :mod:`fundtracker.domain.shares` (one line and month at a time; this module is
its vectorized form, and a property test checks that they agree). In short (also in
docs/forecast-api.md):

* An allocation is *active* in a month when it is in force on the line's first active day
  of that month: the 1st, or the line's start date in its start month.
* The allocations of a line are taken in order of stream key, then start date. If the active
  percents add up to more than 100 (possible only in an unvalidated workspace or through a
  scenario), later allocations are cut so that they add up to 100.
* With ``P`` the sum of the active percents and ``C`` the month's cost, the allocated total is
  ``round_half_up(C × P / 100)``; every active allocation but the first gets
  ``floor(C × p / 100)``; the first gets the allocated total minus the others, so it takes
  the leftover cents and the shares add up to the allocated total exactly. The unallocated
  rest ``C − allocated total`` falls to unrestricted streams.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt

from fundtracker.domain.records import Allocation
from fundtracker.domain.shares import allocation_sort_key, percent_scale

__all__ = ["allocation_order", "allocation_shares", "percent_scale"]

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

_INT64_SAFE = 2**62


def allocation_order(allocations: list[Allocation], line_index: dict[str, int]) -> list[Allocation]:
    """Allocations of existing cost lines, by line order, then stream key, then start date."""
    kept = [a for a in allocations if a.cost in line_index]
    return sorted(kept, key=lambda a: (line_index[a.cost], *allocation_sort_key(a)))


def allocation_shares(
    ordered: list[Allocation],
    line_index: dict[str, int],
    cost: IntArray,
    line_start: list[date],
    month_first_day: list[date],
) -> IntArray:
    """The share in cents of each allocation (in ``ordered`` order) × month.

    Args:
        ordered: from :func:`allocation_order`.
        line_index: cost line key -> row of ``cost``.
        cost: line × month cost in cents.
        line_start: each line's start date (by row).
        month_first_day: the first day of each month (by column).
    """
    count, months = len(ordered), cost.shape[1]
    if count == 0:
        return np.zeros((0, months), dtype=np.int64)
    lines = np.array([line_index[a.cost] for a in ordered], dtype=np.int64)
    scale = percent_scale([a.percent for a in ordered])
    whole = 100 * 10**scale
    percents = np.array([int(a.percent.scaleb(scale)) for a in ordered], dtype=np.int64)
    ordinal = np.array([d.toordinal() for d in month_first_day], dtype=np.int64)
    line_start_ordinal = np.array([d.toordinal() for d in line_start], dtype=np.int64)
    reference = np.maximum(ordinal[None, :], line_start_ordinal[lines][:, None])
    starts = np.array([a.start.toordinal() if a.start else 0 for a in ordered], dtype=np.int64)
    ends = np.array([a.end.toordinal() if a.end else 10**9 for a in ordered], dtype=np.int64)
    active: BoolArray = (starts[:, None] <= reference) & (reference <= ends[:, None])
    wanted = np.where(active, percents[:, None], 0)

    # Groups: consecutive allocations of the same line.
    group_start = np.flatnonzero(np.r_[True, lines[1:] != lines[:-1]])
    group_of = np.cumsum(np.r_[False, lines[1:] != lines[:-1]])
    cumulative = np.cumsum(wanted, axis=0)
    before_group = (cumulative - wanted)[group_start]
    before = cumulative - wanted - before_group[group_of]
    effective = np.clip(whole - before, 0, wanted)

    line_cost = cost[lines]
    big = int(line_cost.max(initial=0)) * 2 * whole >= _INT64_SAFE
    work_cost = line_cost.astype(object) if big else line_cost
    work_percent = effective.astype(object) if big else effective
    floor_share = work_cost * work_percent // whole
    total_percent = np.add.reduceat(work_percent, group_start, axis=0)
    group_cost = work_cost[group_start]
    allocated = (2 * group_cost * total_percent + whole) // (2 * whole)
    others = np.add.reduceat(floor_share, group_start, axis=0)
    positive = effective > 0
    rank = np.cumsum(positive, axis=0)
    rank = rank - (rank - positive)[group_start][group_of]
    first = positive & (rank == 1)
    share = floor_share + np.where(first, (allocated - others)[group_of], 0)
    result: IntArray = np.asarray(share, dtype=np.int64)
    return result
