"""The deterministic charging kernel: one pass over the months, vectorized within a month.

Each month, in this order (DESIGN.md "Runway semantics", with the order of the two
charging passes made explicit):

1. Money becomes drawable by each stream's schedule and is added to its balance.
2. A stream can pay only in months inside its period (start month to end month).
3. Pass 1, allocated shares: every stream pays the shares allocated to it, cost lines in
   charging order (by priority, 1 first, lines without one last; then positions before
   expenses; then key: DESIGN.md v2 §1), each share in full or up to what is
   left. A stream's pass-1 charges therefore depend only on its own balance.
4. Pass 2, fallback: for each cost line in order, what its streams could not pay plus its
   unallocated share falls to the unrestricted streams taken in chain order (earliest end
   date first, no end date last, then key), each paying up to what it has left.
5. What is still left is unfunded.
6. A stream with an end date loses what is left at the close of its end month (lapse);
   money arriving after its end month lapses in the month it arrives.

Pass 2 behaves as one pool: the lines' fallback amounts are laid end to end and so are the
chain streams' remaining balances; a line is paid by the streams whose stretch overlaps its
stretch. That is exactly the line-by-line rule, computed with cumulative sums.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from fundtracker.domain.months import MonthIndex, month_index
from fundtracker.forecast.inputs import ForecastInputs
from fundtracker.forecast.model import Model, build_model
from fundtracker.forecast.projection import Charges, Projection

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Run:
    """Raw kernel output over the whole simulation window (stream and line × month)."""

    charged: IntArray
    lapsed: IntArray
    balance: IntArray
    unfunded: IntArray
    paid_by_allocation: IntArray
    fallback: Charges


def simulate(model: Model) -> Run:
    """Run the months of ``model`` in order; see the module docstring for the rules."""
    count = model.sim_months
    n_streams, n_lines = len(model.streams), len(model.lines)
    charged_out = np.zeros((n_streams, count), dtype=np.int64)
    lapsed_out = np.zeros((n_streams, count), dtype=np.int64)
    balance_out = np.zeros((n_streams, count), dtype=np.int64)
    unfunded_out = np.zeros((n_lines, count), dtype=np.int64)
    paid_out = np.zeros_like(model.alloc_share)
    seg_line: list[IntArray] = []
    seg_stream: list[IntArray] = []
    seg_column: list[IntArray] = []
    seg_amount: list[IntArray] = []

    balance = model.opening.copy()
    has_allocations = len(model.alloc_stream) > 0
    group_start = model.stream_group_start
    group_of = np.cumsum(np.r_[False, model.alloc_stream[1:] != model.alloc_stream[:-1]]) if has_allocations else None
    chain = model.chain
    for column in range(count):
        balance += model.drawable[:, column]
        available = np.where(model.in_period[:, column], balance, 0)
        charged = np.zeros(n_streams, dtype=np.int64)
        fallback = model.fallback_base[:, column].copy()
        if has_allocations:
            request = model.alloc_share[:, column]
            before = np.cumsum(request) - request
            before -= before[group_start][group_of]
            paid = np.minimum(np.maximum(available[model.alloc_stream] - before, 0), request)
            paid_out[:, column] = paid
            charged[model.stream_group_stream] = np.add.reduceat(paid, group_start)
            np.add.at(fallback, model.alloc_line, request - paid)
        unfunded = fallback
        total_fallback = int(fallback.sum())
        if total_fallback > 0 and len(chain):
            remaining = (available - charged)[chain]
            reach = np.cumsum(remaining)
            pool = int(reach[-1])
            paid_total = min(total_fallback, pool)
            if paid_total > 0:
                charged[chain] += np.maximum(np.minimum(total_fallback, reach) - (reach - remaining), 0)
                line_reach = np.cumsum(fallback)
                unfunded = fallback - np.minimum(np.maximum(pool - (line_reach - fallback), 0), fallback)
                points = np.unique(
                    np.concatenate(([0], line_reach[line_reach < paid_total], reach[reach < paid_total]))
                )
                ends = np.append(points[1:], paid_total)
                seg_line.append(np.searchsorted(line_reach, points, side="right").astype(np.int64))
                seg_stream.append(chain[np.searchsorted(reach, points, side="right")])
                seg_column.append(np.full(len(points), column, dtype=np.int64))
                seg_amount.append((ends - points).astype(np.int64))
        balance -= charged
        ended = model.end_column <= column
        lapsed = np.where(ended, balance, 0)
        balance -= lapsed
        charged_out[:, column] = charged
        lapsed_out[:, column] = lapsed
        balance_out[:, column] = balance
        unfunded_out[:, column] = unfunded

    def joined(parts: list[IntArray]) -> IntArray:
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)

    fallback_charges = Charges(joined(seg_line), joined(seg_stream), joined(seg_column), joined(seg_amount))
    return Run(charged_out, lapsed_out, balance_out, unfunded_out, paid_out, fallback_charges)


def project(inputs: ForecastInputs, start: MonthIndex, months: int = 36) -> Projection:
    """The deterministic projection of ``inputs`` over ``months`` months from ``start``.

    Args:
        inputs: from :func:`fundtracker.forecast.resolve`.
        start: the first month of the horizon (a month index).
        months: the horizon, 1–240.

    Raises:
        InputError: the horizon is out of range.
    """
    model = build_model(inputs, start, months)
    return Projection.from_run(inputs, model, simulate(model))


def default_start() -> MonthIndex:
    """The current month (the default start of a forecast)."""
    return month_index(date.today())
