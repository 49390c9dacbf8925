"""Forecast inputs as arrays over a simulation window, ready for the charging kernels.

The simulation starts before the horizon when counted streams started earlier (by up to
:data:`MAX_WARMUP_MONTHS`), so that money spent before the horizon is not counted as
still available in it. Money that became drawable before the simulation window is the
stream's opening balance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from fundtracker.domain.errors import InputError
from fundtracker.domain.months import MonthIndex, first_day, month_index
from fundtracker.domain.records import FundingStream
from fundtracker.forecast.cost_matrix import CostLine, cost_lines, cost_matrix
from fundtracker.forecast.inputs import ForecastInputs
from fundtracker.forecast.schedules import drawable_schedule
from fundtracker.forecast.shares import allocation_order, allocation_shares

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]

MAX_MONTHS = 240
MAX_WARMUP_MONTHS = 240
NO_END = 10**9


@dataclass(frozen=True)
class Model:
    """Arrays of one forecast. Months are columns ``0 … sim_months-1`` from ``first``.

    Attributes:
        first: the first simulated month (index); the horizon begins ``warmup`` months later.
        warmup: simulated months before the horizon.
        months: months in the horizon.
        lines: cost lines in charging order.
        cost: line × month cost.
        streams: counted streams, by key.
        drawable: stream × month money becoming drawable (cash; a reimbursement award).
        opening: stream money drawable before ``first``.
        in_period: stream × month: the stream may pay in that month.
        end_column: column of each stream's end month (``NO_END`` when open-ended; may be
            negative or past the window).
        restricted, reimbursement: per stream flags.
        alloc_line, alloc_stream: for allocations to counted streams (in charging order:
            by stream, then line, then start), the line row and stream row.
        alloc_share: their share × month.
        stream_group_start: first allocation of each stream group in that order;
            ``stream_group_stream`` the stream row of each group.
        fallback_base: line × month money that falls to unrestricted streams whatever
            happens: the unallocated rest and shares allocated to streams that do not count.
        chain: rows of unrestricted streams in fallback order (earliest end date first,
            no end date last, then key).
    """

    first: MonthIndex
    warmup: int
    months: int
    lines: tuple[CostLine, ...]
    cost: IntArray
    streams: tuple[FundingStream, ...]
    drawable: IntArray
    opening: IntArray
    in_period: BoolArray
    end_column: IntArray
    restricted: BoolArray
    reimbursement: BoolArray
    alloc_line: IntArray
    alloc_stream: IntArray
    alloc_share: IntArray
    stream_group_start: IntArray
    stream_group_stream: IntArray
    fallback_base: IntArray
    chain: IntArray

    @property
    def start(self) -> MonthIndex:
        """The first month of the horizon."""
        return self.first + self.warmup

    @property
    def sim_months(self) -> int:
        return self.warmup + self.months


def check_horizon(months: int) -> None:
    if isinstance(months, bool) or not isinstance(months, int) or not 1 <= months <= MAX_MONTHS:
        raise InputError(f"{months!r} months is outside the allowed horizon of 1–{MAX_MONTHS} months", "months")


def simulation_first(inputs: ForecastInputs, start: MonthIndex) -> MonthIndex:
    earliest = start
    for stream in inputs.streams:
        earliest = min(earliest, month_index(stream.start))
        for tranche in stream.schedule.tranches:
            earliest = min(earliest, month_index(tranche.date))
    return max(earliest, start - MAX_WARMUP_MONTHS)


def chain_order(streams: tuple[FundingStream, ...]) -> list[int]:
    """Rows of unrestricted streams: earliest end date first, no end date last, then key."""
    rows = [i for i, s in enumerate(streams) if not s.restricted]
    return sorted(rows, key=lambda i: (streams[i].end is None, streams[i].end or date.max, streams[i].key))


def build_model(inputs: ForecastInputs, start: MonthIndex, months: int) -> Model:
    """Arrays for a horizon of ``months`` months from ``start``."""
    check_horizon(months)
    first = simulation_first(inputs, start)
    warmup = start - first
    count = warmup + months
    lines = cost_lines(inputs.positions, inputs.expenses)
    cost = cost_matrix(inputs.positions, inputs.expenses, inputs.organization, first, count)
    line_index = {line.key: row for row, line in enumerate(lines)}

    streams = inputs.streams
    stream_index = {s.key: row for row, s in enumerate(streams)}
    drawable = np.zeros((len(streams), count), dtype=np.int64)
    opening = np.zeros(len(streams), dtype=np.int64)
    in_period = np.zeros((len(streams), count), dtype=np.bool_)
    end_column = np.full(len(streams), NO_END, dtype=np.int64)
    for row, stream in enumerate(streams):
        end = month_index(stream.end) - first if stream.end else NO_END
        end_column[row] = end
        for month, cents in drawable_schedule(stream):
            column = month - first
            if column < 0:
                if end >= 0:
                    opening[row] += cents
            elif column < count:
                drawable[row, column] += cents
        lo = max(month_index(stream.start) - first, 0)
        hi = min(end, count - 1)
        if lo <= hi:
            in_period[row, lo : hi + 1] = True
    restricted = np.array([s.restricted for s in streams], dtype=np.bool_)
    reimbursement = np.array([s.schedule.type == "reimbursement" for s in streams], dtype=np.bool_)

    ordered = allocation_order(list(inputs.allocations), line_index)
    month_days = [first_day(first + i) for i in range(count)]
    shares = allocation_shares(ordered, line_index, cost, [line.start for line in lines], month_days)
    allocated_line = np.zeros_like(cost)
    counted_rows = [i for i, a in enumerate(ordered) if a.stream in stream_index]
    if counted_rows:
        rows = np.array(counted_rows, dtype=np.int64)
        np.add.at(allocated_line, np.array([line_index[ordered[i].cost] for i in counted_rows]), shares[rows])
    fallback_base = cost - allocated_line

    # Charging order of allocations: by stream, then line (already in line order).
    by_stream = sorted(counted_rows, key=lambda i: stream_index[ordered[i].stream])
    alloc_line = np.array([line_index[ordered[i].cost] for i in by_stream], dtype=np.int64)
    alloc_stream = np.array([stream_index[ordered[i].stream] for i in by_stream], dtype=np.int64)
    alloc_share = shares[np.array(by_stream, dtype=np.int64)] if by_stream else np.zeros((0, count), np.int64)
    if len(alloc_stream):
        group_start = np.flatnonzero(np.r_[True, alloc_stream[1:] != alloc_stream[:-1]])
    else:
        group_start = np.zeros(0, dtype=np.int64)
    return Model(
        first=first,
        warmup=warmup,
        months=months,
        lines=lines,
        cost=cost,
        streams=streams,
        drawable=drawable,
        opening=opening,
        in_period=in_period,
        end_column=end_column,
        restricted=restricted,
        reimbursement=reimbursement,
        alloc_line=alloc_line,
        alloc_stream=alloc_stream,
        alloc_share=alloc_share,
        stream_group_start=group_start.astype(np.int64),
        stream_group_stream=alloc_stream[group_start] if len(alloc_stream) else np.zeros(0, dtype=np.int64),
        fallback_base=fallback_base,
        chain=np.array(chain_order(streams), dtype=np.int64),
    )
