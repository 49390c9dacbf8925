"""Forecast inputs as arrays over a simulation window, ready for the charging kernels.

The simulation starts before the horizon when counted streams started earlier (by up to
:data:`MAX_WARMUP_MONTHS`), so that money spent before the horizon is not counted as
still available in it. Money that became drawable before the simulation window is the
stream's opening balance.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

import numpy as np
import numpy.typing as npt

from fundtracker.domain.errors import InputError
from fundtracker.domain.months import MonthIndex, first_day, month_index
from fundtracker.domain.records import FundingStream
from fundtracker.forecast.actuals import ACTUALS_KIND, ACTUALS_TITLE, ClosedMonths, actuals_line_key, line_period
from fundtracker.forecast.cost_matrix import CostLine, charging_rows, cost_lines, cost_matrix
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
        lines: cost lines in charging order (priority, then positions before expenses, then key).
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
        runway_from: the first column that counts for the runway: the horizon's first
            column, or the first month after the closed months (actual spending) if later.
        actuals_row: row of the actual-spending line in ``lines``, or ``None``.
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
    runway_from: int = 0
    actuals_row: int | None = None

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


def stream_arrays(
    streams: tuple[FundingStream, ...], first: MonthIndex, count: int
) -> tuple[IntArray, IntArray, BoolArray, IntArray]:
    """(drawable, opening, in_period, end_column) of ``streams`` over ``count`` months from ``first``."""
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
    return drawable, opening, in_period, end_column


def with_variants(model: Model, variants: list[tuple[int, FundingStream]]) -> Model:
    """``model`` with extra stream rows: each a variant (another amount or period) of stream
    row ``row``, with that stream's allocation shares (the shares depend on the cost, not on
    the stream). The probability kernels let at most one of a stream's variants be present."""
    if not variants:
        return model
    extra = tuple(stream for _row, stream in variants)
    drawable, opening, in_period, end_column = stream_arrays(extra, model.first, model.sim_months)
    streams = (*model.streams, *extra)
    line_parts, stream_parts, share_parts = [model.alloc_line], [model.alloc_stream], [model.alloc_share]
    for number, (row, _stream) in enumerate(variants):
        mine = np.flatnonzero(model.alloc_stream == row)
        line_parts.append(model.alloc_line[mine])
        stream_parts.append(np.full(len(mine), len(model.streams) + number, dtype=np.int64))
        share_parts.append(model.alloc_share[mine])
    alloc_stream = np.concatenate(stream_parts)
    order = np.argsort(alloc_stream, kind="stable")  # by stream; each stream's rows stay in line order
    alloc_stream = alloc_stream[order]
    if len(alloc_stream):
        group_start = np.flatnonzero(np.r_[True, alloc_stream[1:] != alloc_stream[:-1]]).astype(np.int64)
    else:
        group_start = np.zeros(0, dtype=np.int64)
    return replace(
        model,
        streams=streams,
        drawable=np.vstack([model.drawable, drawable]),
        opening=np.concatenate([model.opening, opening]),
        in_period=np.vstack([model.in_period, in_period]),
        end_column=np.concatenate([model.end_column, end_column]),
        restricted=np.concatenate([model.restricted, [s.restricted for s in extra]]).astype(np.bool_),
        reimbursement=np.concatenate([model.reimbursement, [s.schedule.type == "reimbursement" for s in extra]]).astype(
            np.bool_
        ),
        alloc_line=np.concatenate(line_parts)[order],
        alloc_stream=alloc_stream,
        alloc_share=np.vstack(share_parts)[order],
        stream_group_start=group_start,
        stream_group_stream=alloc_stream[group_start] if len(alloc_stream) else np.zeros(0, dtype=np.int64),
        chain=np.array(chain_order(streams), dtype=np.int64),
    )


def build_model(inputs: ForecastInputs, start: MonthIndex, months: int) -> Model:
    """Arrays for a horizon of ``months`` months from ``start``."""
    check_horizon(months)
    first = simulation_first(inputs, start)
    warmup = start - first
    count = warmup + months
    lines = cost_lines(inputs.positions, inputs.expenses)
    cost = cost_matrix(inputs.positions, inputs.expenses, inputs.organization, first, count)
    order = charging_rows(inputs.positions, inputs.expenses)
    if order != sorted(order):
        cost = cost[np.array(order, dtype=np.int64)]
    line_index = {line.key: row for row, line in enumerate(lines)}

    streams = inputs.streams
    stream_index = {s.key: row for row, s in enumerate(streams)}
    drawable, opening, in_period, end_column = stream_arrays(streams, first, count)
    restricted = np.array([s.restricted for s in streams], dtype=np.bool_)
    reimbursement = np.array([s.schedule.type == "reimbursement" for s in streams], dtype=np.bool_)

    ordered = allocation_order(list(inputs.allocations), line_index)
    month_days = [first_day(first + i) for i in range(count)]
    closed = inputs.actuals
    actuals_row: int | None = None
    runway_from = warmup
    if closed is not None:
        runway_from = max(warmup, closed.last + 1 - first)
        lo, hi = max(closed.first - first, 0), min(closed.last - first, count - 1)
        if lo <= hi:
            cost[:, lo : hi + 1] = 0  # closed months: the plan costs nothing, actual spending replaces it
        actuals_row = len(lines)
        start_day, end_day = line_period(closed)
        key = actuals_line_key(line.key for line in lines)
        lines = (*lines, CostLine(key, ACTUALS_KIND, ACTUALS_TITLE, start_day, end_day))
        cost = np.vstack([cost, np.zeros((1, count), dtype=np.int64)])
    shares = allocation_shares(ordered, line_index, cost, [line.start for line in lines], month_days)
    counted_rows = [i for i, a in enumerate(ordered) if a.stream in stream_index]
    share_line = [line_index[ordered[i].cost] for i in counted_rows]
    share_stream = [stream_index[ordered[i].stream] for i in counted_rows]
    share_rows = shares[np.array(counted_rows, dtype=np.int64)] if counted_rows else np.zeros((0, count), np.int64)
    if closed is not None and actuals_row is not None:
        extra_stream, extra_share = _actual_spending(closed, cost, actuals_row, first, stream_index)
        share_line += [actuals_row] * len(extra_stream)
        share_stream += extra_stream
        share_rows = np.vstack([share_rows, extra_share])
    allocated_line = np.zeros_like(cost)
    if share_line:
        np.add.at(allocated_line, np.array(share_line, dtype=np.int64), share_rows)
    fallback_base = cost - allocated_line

    # Charging order of allocations: by stream, then line (already in line order; stable sort).
    by_stream = sorted(range(len(share_line)), key=lambda i: share_stream[i])
    alloc_line = np.array([share_line[i] for i in by_stream], dtype=np.int64)
    alloc_stream = np.array([share_stream[i] for i in by_stream], dtype=np.int64)
    alloc_share = share_rows[np.array(by_stream, dtype=np.int64)] if by_stream else np.zeros((0, count), np.int64)
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
        runway_from=runway_from,
        actuals_row=actuals_row,
    )


def _actual_spending(
    closed: ClosedMonths, cost: IntArray, row: int, first: MonthIndex, stream_index: dict[str, int]
) -> tuple[list[int], IntArray]:
    """Fill the actuals line's cost (row ``row``) with each closed month's spending, and
    return the counted streams with tagged spending and their share × month (like a 100 %
    allocation). Net spending below zero counts as 0. Untagged spending and spending tagged
    with a stream that does not count stay in the line's cost only, so they fall to the
    unrestricted streams."""
    count = cost.shape[1]
    shares: dict[int, IntArray] = {}
    for item in closed.spending:
        column = item.month - first
        if not 0 <= column < count or item.cents <= 0:
            continue
        cost[row, column] += item.cents
        stream_row = stream_index.get(item.stream) if item.stream is not None else None
        if stream_row is not None:
            shares.setdefault(stream_row, np.zeros(count, dtype=np.int64))[column] += item.cents
    rows = sorted(shares)
    share = np.array([shares[r] for r in rows], dtype=np.int64).reshape(len(rows), count)
    return rows, share
