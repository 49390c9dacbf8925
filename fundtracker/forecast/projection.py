"""The result of a deterministic forecast: what arrives, what is charged, what is left unfunded.

A :class:`Projection` keeps its figures as read-only ``numpy.int64`` arrays of cents (for
charts and bulk exports) and offers them as plain Python values through small frozen
dataclasses (for tables, PDFs and workbooks). Only the horizon is reported; months
simulated before it (see :mod:`fundtracker.forecast.model`) show up only as the streams'
opening balances.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from fundtracker.domain.errors import InputError
from fundtracker.domain.months import MonthIndex, fiscal_year, last_day, month_index
from fundtracker.domain.records import FundingStream
from fundtracker.forecast.actuals import ACTUALS_KIND
from fundtracker.forecast.cost_matrix import CostLine
from fundtracker.forecast.inputs import ForecastInputs
from fundtracker.forecast.receipts import Receipts

if TYPE_CHECKING:
    from fundtracker.forecast.engine import Run
    from fundtracker.forecast.model import Model

IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Charges:
    """Charges as parallel arrays: cost line row, stream row, month column, cents."""

    line: IntArray
    stream: IntArray
    column: IntArray
    amount: IntArray


@dataclass(frozen=True)
class MonthTotals:
    """One month over all streams and cost lines (cents; ``balance`` at the month's close).

    ``overspent`` is the part of ``unfunded`` that is actual spending no stream could pay
    (only in months closed with actual spending).
    """

    month: MonthIndex
    inflow: int
    cost: int
    charged: int
    unfunded: int
    lapsed: int
    balance: int
    overspent: int = 0


@dataclass(frozen=True)
class FiscalYearTotals:
    """The months of one fiscal year that lie in the horizon (it may be cut at either end)."""

    fiscal_year: int
    first_month: MonthIndex
    last_month: MonthIndex
    inflow: int
    cost: int
    charged: int
    unfunded: int
    lapsed: int
    end_balance: int


@dataclass(frozen=True)
class StreamTotals:
    """One stream over the horizon.

    Attributes:
        opening_balance: cash on hand before the first month of the horizon.
        undrawn_total: for a reimbursement stream, the award left undrawn when its period
            closed (it has no cash to lapse); 0 for other streams.
    """

    key: str
    name: str
    status: str
    restricted: bool
    opening_balance: int
    inflow_total: int
    charged_total: int
    lapsed_total: int
    end_balance: int
    undrawn_total: int


@dataclass(frozen=True)
class LineTotals:
    """One cost line (position or expense) over the horizon."""

    key: str
    kind: str
    title: str
    cost_total: int
    charged_total: int
    unfunded_total: int
    first_unfunded_month: MonthIndex | None
    funded_through: date | None


@dataclass(frozen=True)
class CashLowPoint:
    """The most negative cash position (cents, ≤ 0) at a month's close, and that month.

    Reimbursement streams pay costs as incurred but their cash arrives ``lag_days`` after the
    close of the month charged; until then the organization fronts the money. ``month`` is
    ``None`` when the position never goes below zero in the horizon.
    """

    amount: int
    month: MonthIndex | None


@dataclass(frozen=True)
class StreamSeries:
    key: str
    inflow: tuple[int, ...]
    charged: tuple[int, ...]
    lapsed: tuple[int, ...]
    balance: tuple[int, ...]


@dataclass(frozen=True)
class LineSeries:
    key: str
    cost: tuple[int, ...]
    charged: tuple[int, ...]
    unfunded: tuple[int, ...]
    by_stream: dict[str, tuple[int, ...]]


def _frozen(array: IntArray) -> IntArray:
    array.flags.writeable = False
    return array


def _funded_through(first_unfunded: MonthIndex | None) -> date | None:
    return None if first_unfunded is None else last_day(first_unfunded - 1)


class Projection:
    """A deterministic forecast over a horizon of months. Built by :func:`project`.

    Attributes:
        inputs: the resolved inputs.
        view, scenario: as resolved.
        start: the first month of the horizon.
        months: the month indexes of the horizon.
        streams: the counted streams (rows of the stream arrays), by key.
        lines: the cost lines (rows of the line arrays) in charging order: by priority (lines
            without one last), then positions before expenses, then key.
        stream_inflow, stream_charged, stream_lapsed, stream_balance: stream × month.
            A reimbursement stream's inflow equals its charges; its balance stays 0.
        stream_opening: each stream's balance before the horizon.
        stream_undrawn: stream × month: award a reimbursement stream left undrawn when its
            period closed.
        line_cost, line_charged, line_unfunded: line × month.
        inflow, cost, charged, unfunded, lapsed, balance: totals by month.
        charges: every charge (line, stream, month column, cents); a pair may repeat.
        allocated: what the allocations ask of counted streams (line, stream, month column,
            cents), paid or not, before anything falls to unrestricted streams: the plan's
            "who pays what" that a grant budget is drawn from.
        cash_position: stream × month cash position of reimbursement streams (≤ 0).
        actuals_through: the last closed month (actual spending used instead of the plan
            up to it), or ``None`` when the forecast is the plan alone.
        actuals_line: the key of the actual-spending cost line (kind ``"actual"``), or ``None``.
        overspent: by month: actual spending no stream could pay (the actuals line's
            unfunded cost); zeros outside the closed months and without actuals.
        runway_from: the first column that counts for the runway (0, or the first month
            after ``actuals_through``): past months' overspending is a fact, not a forecast.
    """

    def __init__(
        self,
        inputs: ForecastInputs,
        start: MonthIndex,
        lines: tuple[CostLine, ...],
        stream_arrays: dict[str, IntArray],
        line_arrays: dict[str, IntArray],
        charges: Charges,
        allocated: Charges | None = None,
    ) -> None:
        self.inputs = inputs
        self.view = inputs.view
        self.scenario = inputs.scenario
        self.start = start
        self.streams: tuple[FundingStream, ...] = inputs.streams
        self.lines = lines
        self.stream_inflow = _frozen(stream_arrays["inflow"])
        self.stream_charged = _frozen(stream_arrays["charged"])
        self.stream_lapsed = _frozen(stream_arrays["lapsed"])
        self.stream_balance = _frozen(stream_arrays["balance"])
        self.stream_opening = _frozen(stream_arrays["opening"])
        self.stream_undrawn = _frozen(stream_arrays["undrawn"])
        self.cash_position = _frozen(stream_arrays["cash_position"])
        self.line_cost = _frozen(line_arrays["cost"])
        self.line_charged = _frozen(line_arrays["charged"])
        self.line_unfunded = _frozen(line_arrays["unfunded"])
        count = self.line_cost.shape[1]
        self.months: list[MonthIndex] = list(range(start, start + count))
        self.inflow = _frozen(self.stream_inflow.sum(axis=0, dtype=np.int64))
        self.cost = _frozen(self.line_cost.sum(axis=0, dtype=np.int64))
        self.charged = _frozen(self.line_charged.sum(axis=0, dtype=np.int64))
        self.unfunded = _frozen(self.line_unfunded.sum(axis=0, dtype=np.int64))
        self.lapsed = _frozen(self.stream_lapsed.sum(axis=0, dtype=np.int64))
        self.balance = _frozen(self.stream_balance.sum(axis=0, dtype=np.int64))
        self.charges = charges
        empty = np.zeros(0, dtype=np.int64)
        self.allocated = allocated if allocated is not None else Charges(empty, empty, empty, empty)
        self._stream_row = {s.key: i for i, s in enumerate(self.streams)}
        self._line_row = {line.key: i for i, line in enumerate(lines)}
        self.actuals_through: MonthIndex | None = inputs.actuals_through
        actual_rows = [i for i, line in enumerate(lines) if line.kind == ACTUALS_KIND]
        self.actuals_line: str | None = lines[actual_rows[0]].key if actual_rows else None
        overspent = self.line_unfunded[actual_rows[0]].copy() if actual_rows else np.zeros(count, dtype=np.int64)
        self.overspent = _frozen(overspent)
        through = self.actuals_through
        self.runway_from = 0 if through is None else min(max(through + 1 - start, 0), count)

    @classmethod
    def from_run(cls, inputs: ForecastInputs, model: Model, run: Run) -> Projection:
        """Cut the horizon out of a kernel run and shape it for reporting."""
        h = slice(model.warmup, model.sim_months)
        reimbursement = model.reimbursement[:, None]
        charged = run.charged
        inflow = np.where(reimbursement, charged, model.drawable)
        lapsed = np.where(reimbursement, 0, run.lapsed)
        balance = np.where(reimbursement, 0, run.balance)
        undrawn = np.where(reimbursement, run.lapsed, 0)
        opening = run.balance[:, model.warmup - 1].copy() if model.warmup else model.opening.copy()
        opening[model.reimbursement] = 0
        stream_arrays = {
            "inflow": inflow[:, h].copy(),
            "charged": charged[:, h].copy(),
            "lapsed": lapsed[:, h].copy(),
            "balance": balance[:, h].copy(),
            "opening": opening,
            "undrawn": undrawn[:, h].copy(),
            "cash_position": _cash_positions(model, charged, inputs.receipts)[:, h].copy(),
        }
        unfunded = run.unfunded[:, h].copy()
        cost = model.cost[:, h].copy()
        line_arrays = {"cost": cost, "charged": cost - unfunded, "unfunded": unfunded}
        paid = run.paid_by_allocation[:, h]
        rows, columns = np.nonzero(paid)
        fallback = run.fallback
        keep = fallback.column >= model.warmup
        charges = Charges(
            line=np.concatenate([model.alloc_line[rows], fallback.line[keep]]),
            stream=np.concatenate([model.alloc_stream[rows], fallback.stream[keep]]),
            column=np.concatenate([columns.astype(np.int64), fallback.column[keep] - model.warmup]),
            amount=np.concatenate([paid[rows, columns], fallback.amount[keep]]),
        )
        shares = model.alloc_share[:, h]
        share_rows, share_columns = np.nonzero(shares)
        allocated = Charges(
            line=model.alloc_line[share_rows],
            stream=model.alloc_stream[share_rows],
            column=share_columns.astype(np.int64),
            amount=shares[share_rows, share_columns].astype(np.int64),
        )
        return cls(inputs, model.start, model.lines, stream_arrays, line_arrays, charges, allocated)

    # ----- overall -------------------------------------------------------------------
    @cached_property
    def first_unfunded_month(self) -> MonthIndex | None:
        """The first month of the horizon with any unfunded cost, or ``None``."""
        hits = np.flatnonzero(self.unfunded[self.runway_from :] > 0)
        return self.start + self.runway_from + int(hits[0]) if len(hits) else None

    @property
    def funded_through(self) -> date | None:
        """Last day of the month before the first month with any unfunded cost; ``None`` if none.

        With actual spending, only months after ``actuals_through`` count (see ``overspent``).
        """
        return _funded_through(self.first_unfunded_month)

    def month_totals(self) -> list[MonthTotals]:
        """Totals of each month of the horizon."""
        columns = zip(self.inflow, self.cost, self.charged, self.unfunded, self.lapsed, self.balance, self.overspent)
        return [
            MonthTotals(month, int(a), int(b), int(c), int(d), int(e), int(f), int(g))
            for month, (a, b, c, d, e, f, g) in zip(self.months, columns)
        ]

    def fiscal_years(self) -> list[FiscalYearTotals]:
        """Totals per fiscal year (named by the calendar year it ends in)."""
        fy_start = self.inputs.organization.fiscal_year_start_month
        result: list[FiscalYearTotals] = []
        column = 0
        while column < len(self.months):
            fy = fiscal_year(self.months[column], fy_start)
            end = column
            while end + 1 < len(self.months) and fiscal_year(self.months[end + 1], fy_start) == fy:
                end += 1
            part = slice(column, end + 1)
            result.append(
                FiscalYearTotals(
                    fiscal_year=fy,
                    first_month=self.months[column],
                    last_month=self.months[end],
                    inflow=int(self.inflow[part].sum()),
                    cost=int(self.cost[part].sum()),
                    charged=int(self.charged[part].sum()),
                    unfunded=int(self.unfunded[part].sum()),
                    lapsed=int(self.lapsed[part].sum()),
                    end_balance=int(self.balance[end]),
                )
            )
            column = end + 1
        return result

    # ----- streams -------------------------------------------------------------------
    def stream_row(self, key: str) -> int:
        row = self._stream_row.get(key)
        if row is None:
            known = ", ".join(self._stream_row) or "(none)"
            raise InputError(f"no counted funding stream {key!r} in this forecast; streams: {known}", "stream")
        return row

    @cached_property
    def stream_totals(self) -> dict[str, StreamTotals]:
        """Per-stream totals over the horizon, by key."""
        result: dict[str, StreamTotals] = {}
        for row, stream in enumerate(self.streams):
            result[stream.key] = StreamTotals(
                key=stream.key,
                name=stream.name,
                status=stream.status,
                restricted=stream.restricted,
                opening_balance=int(self.stream_opening[row]),
                inflow_total=int(self.stream_inflow[row].sum()),
                charged_total=int(self.stream_charged[row].sum()),
                lapsed_total=int(self.stream_lapsed[row].sum()),
                end_balance=int(self.stream_balance[row, -1]),
                undrawn_total=int(self.stream_undrawn[row].sum()),
            )
        return result

    def stream_series(self, key: str) -> StreamSeries:
        """Month-by-month inflow, charged, lapsed and closing balance of one stream."""
        row = self.stream_row(key)
        return StreamSeries(
            key,
            tuple(int(v) for v in self.stream_inflow[row]),
            tuple(int(v) for v in self.stream_charged[row]),
            tuple(int(v) for v in self.stream_lapsed[row]),
            tuple(int(v) for v in self.stream_balance[row]),
        )

    @cached_property
    def stream_cash_low_points(self) -> dict[str, CashLowPoint]:
        """Cash low point of each reimbursement stream, by key."""
        result: dict[str, CashLowPoint] = {}
        for row, stream in enumerate(self.streams):
            if stream.schedule.type == "reimbursement":
                result[stream.key] = _low_point(self.cash_position[row], self.start)
        return result

    @cached_property
    def cash_low_point(self) -> CashLowPoint:
        """The most negative combined cash position of all reimbursement streams."""
        return _low_point(self.cash_position.sum(axis=0, dtype=np.int64), self.start)

    # ----- cost lines ----------------------------------------------------------------
    def line_row(self, key: str) -> int:
        row = self._line_row.get(key)
        if row is None:
            known = ", ".join(self._line_row) or "(none)"
            raise InputError(f"no position or expense {key!r} in this forecast; cost lines: {known}", "cost")
        return row

    @cached_property
    def line_totals(self) -> dict[str, LineTotals]:
        """Per cost line totals and runway, by key, in charging order."""
        result: dict[str, LineTotals] = {}
        for row, line in enumerate(self.lines):
            hits = np.flatnonzero(self.line_unfunded[row, self.runway_from :] > 0)
            first = self.start + self.runway_from + int(hits[0]) if len(hits) else None
            result[line.key] = LineTotals(
                key=line.key,
                kind=line.kind,
                title=line.title,
                cost_total=int(self.line_cost[row].sum()),
                charged_total=int(self.line_charged[row].sum()),
                unfunded_total=int(self.line_unfunded[row].sum()),
                first_unfunded_month=first,
                funded_through=_funded_through(first),
            )
        return result

    @property
    def position_funded_through(self) -> dict[str, date | None]:
        """``funded_through`` of each position (its own cost line), by key."""
        return {k: t.funded_through for k, t in self.line_totals.items() if t.kind == "position"}

    def charged_by_stream(self, line_key: str) -> dict[str, tuple[int, ...]]:
        """What each stream paid for one cost line, month by month (streams that paid anything)."""
        row = self.line_row(line_key)
        mine = self.charges.line == row
        table = np.zeros((len(self.streams), len(self.months)), dtype=np.int64)
        np.add.at(table, (self.charges.stream[mine], self.charges.column[mine]), self.charges.amount[mine])
        return {
            self.streams[s].key: tuple(int(v) for v in table[s]) for s in range(len(self.streams)) if table[s].any()
        }

    def allocated_by_line(self, stream: str) -> dict[str, tuple[int, ...]]:
        """What the allocations ask of ``stream`` per cost line and month of the horizon (paid or not).

        Raises:
            InputError: ``stream`` is not counted in this projection.
        """
        row = self.stream_row(stream)
        result: dict[str, list[int]] = {}
        mine = np.flatnonzero(self.allocated.stream == row)
        for index in mine:
            key = self.lines[int(self.allocated.line[index])].key
            months = result.setdefault(key, [0] * len(self.months))
            months[int(self.allocated.column[index])] += int(self.allocated.amount[index])
        return {key: tuple(months) for key, months in result.items()}

    def line_series(self, key: str) -> LineSeries:
        """Month-by-month cost, charged, unfunded and payers of one cost line."""
        row = self.line_row(key)
        return LineSeries(
            key,
            tuple(int(v) for v in self.line_cost[row]),
            tuple(int(v) for v in self.line_charged[row]),
            tuple(int(v) for v in self.line_unfunded[row]),
            self.charged_by_stream(key),
        )


def _low_point(position: IntArray, start: MonthIndex) -> CashLowPoint:
    if len(position) == 0 or int(position.min()) >= 0:
        return CashLowPoint(0, None)
    column = int(np.argmin(position))
    return CashLowPoint(int(position[column]), start + column)


def _cash_positions(model: Model, charged: IntArray, receipts: Receipts | None = None) -> IntArray:
    """Reimbursement streams' cash position at each month's close over the whole window.

    Cash for a month's charges arrives ``lag_days`` after its close; with recorded receipts
    (:mod:`fundtracker.forecast.receipts`) the closed months take what was received instead.
    """
    count = model.sim_months
    position = np.zeros((len(model.streams), count), dtype=np.int64)
    closes = [last_day(model.first + c) for c in range(count)]
    for row, stream in enumerate(model.streams):
        if stream.schedule.type != "reimbursement":
            continue
        lag = timedelta(days=stream.schedule.lag_days)
        arrival = np.minimum(
            np.array([month_index(close + lag) - model.first for close in closes], dtype=np.int64), count
        )
        received = np.zeros(count + 1, dtype=np.int64)
        recorded = receipts.by_stream.get(stream.key) if receipts is not None else None
        closed = 0 if receipts is None else min(max(receipts.last_closed - model.first + 1, 0), count)
        if recorded is None or closed == 0:
            np.add.at(received, arrival, charged[row])
        else:
            received = _with_receipts(charged[row], arrival, recorded, closed, model.first)
        position[row] = np.cumsum(received[:count]) - np.cumsum(charged[row])
    return position


def _with_receipts(
    charged: IntArray, arrival: IntArray, recorded: tuple[tuple[MonthIndex, int], ...], closed: int, first: MonthIndex
) -> IntArray:
    """Cash in by column: receipts in the ``closed`` first columns, the lag schedule after them.

    What the closed months charged and did not receive (the receivable) is expected first where
    the lag schedule would already have paid it (overdue: in the first open column), then as the
    schedule says; the open months' own charges follow the schedule. Column ``len(charged)``
    collects what arrives after the window.
    """
    count = len(charged)
    received = np.zeros(count + 1, dtype=np.int64)
    for month, cents in recorded:
        if 0 <= month - first < closed:
            received[month - first] += cents
    owed = max(int(charged[:closed].sum()) - int(received[:closed].sum()), 0)
    np.add.at(received, arrival[closed:], charged[closed:])
    scheduled = np.zeros(count + 1, dtype=np.int64)
    np.add.at(scheduled, arrival[:closed], charged[:closed])
    overdue = min(owed, int(scheduled[:closed].sum()))
    received[closed] += overdue
    owed -= overdue
    for column in range(closed, count + 1):
        take = min(int(scheduled[column]), owed)
        received[column] += take
        owed -= take
    return received
