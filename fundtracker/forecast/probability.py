"""The probability of staying funded: the distribution of the runway month.

Each uncertain stream (pending, contested or prospect in the resolved inputs) is in with
its probability, independently. With at most :data:`EXACT_LIMIT` uncertain streams every
combination is enumerated (method ``"exact"``); beyond, ``trials`` combinations are drawn
with a seeded numpy generator (method ``"sampled"``; same seed, same result).

All combinations run together along a numpy axis. Only the overall runway is needed,
which lets the kernel track far less than a full projection while giving exactly the
same first unfunded month (a test compares it with :func:`project` per combination):

* a restricted stream is charged only its allocated shares, so its month-by-month
  payments are those of one deterministic run when it is in, and nothing when it is out;
* the total unfunded of a month is ``max(0, fallback demand − what unrestricted streams
  have left)``, where the fallback demand is the unallocated rest plus every share the
  allocated streams could not pay;
* unrestricted streams need their balances tracked per combination (pass 2 draws on them
  in chain order), as a combination × stream array.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from fundtracker.domain.errors import Cancelled, InputError
from fundtracker.domain.months import MonthIndex, last_day, month_index
from fundtracker.domain.records import Workspace
from fundtracker.forecast.engine import default_start
from fundtracker.forecast.inputs import ForecastInputs, resolve
from fundtracker.forecast.model import Model, build_model, with_variants
from fundtracker.forecast.outcomes import enumerate_joint, joint_count, presence, sample_joint, stream_options

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

EXACT_LIMIT = 12
MAX_EXACT = 20
# Grant-shaped uncertainty (DESIGN.md v2 §3): exact while the joint outcomes number at most
# this (12 simple streams: 2^12), sampled beyond; forced exact up to MAX_EXACT_JOINT.
EXACT_JOINT_LIMIT = 4096
MAX_EXACT_JOINT = 2**MAX_EXACT
METHODS = ("auto", "exact", "sampled")
MAX_TRIALS = 1_000_000
CHUNK = 2048
_TOLERANCE = 1e-9


# The chances DESIGN.md v2 §4 names: the months where a position's chance first drops below them.
THRESHOLDS = (0.8, 0.5, 0.2)
# Elements per array in the per-line kernel (combinations × lines or allocations): bounds memory.
_LINE_BATCH_ELEMENTS = 2_000_000


@dataclass(frozen=True)
class PositionOdds:
    """How likely one position stays funded, month by month (DESIGN.md v2 §4).

    Attributes:
        curve: ``(month, p)``: the chance of the position's own cost being fully paid through
            that month (its first unfunded month comes later).
        below: for each threshold of :data:`THRESHOLDS` (0.8, 0.5, 0.2), the first month whose
            chance is below it, or ``None`` when the chance stays at or above it in the horizon.
    """

    key: str
    title: str
    curve: list[tuple[MonthIndex, float]]
    below: dict[float, MonthIndex | None]


@dataclass(frozen=True)
class ProbabilityResult:
    """How likely the program stays funded, month by month.

    Attributes:
        method: ``"exact"`` (every combination enumerated) or ``"sampled"``.
        trials: combinations enumerated (exact: ``2**n``) or trials drawn (sampled).
        uncertain: keys of the uncertain streams considered.
        start: first month of the horizon; ``months`` the horizon's month indexes.
        p10, p50, p90: funded-through dates at those percentiles of the runway: ``pNN``
            is the earliest funded-through date ``d`` with P(runway ends by ``d``) ≥ NN %;
            ``None`` means beyond the horizon.
        curve: ``(month, p)``: the probability of being fully funded through that month.
        distribution: ``(funded_through, p)`` for every runway that can happen, earliest
            first; ``None`` = funded beyond the horizon.
        positions: per position (charging order), its odds; empty unless asked for
            (``probability(..., positions=True)``).
    """

    method: str
    trials: int
    uncertain: tuple[str, ...]
    start: MonthIndex
    months: list[MonthIndex]
    p10: date | None
    p50: date | None
    p90: date | None
    curve: list[tuple[MonthIndex, float]]
    distribution: list[tuple[date | None, float]]
    positions: dict[str, PositionOdds] = field(default_factory=dict)

    @property
    def median(self) -> date | None:
        """The median funded-through date (``p50``); ``None`` means beyond the horizon."""
        return self.p50


def probability(
    source: Workspace | ForecastInputs,
    view: str = "expected",
    scenario: str | None = None,
    start: MonthIndex | None = None,
    months: int = 36,
    trials: int = 20000,
    seed: int = 0,
    method: str = "auto",
    as_of: date | None = None,
    *,
    positions: bool = False,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ProbabilityResult:
    """The distribution of the runway over the uncertain streams.

    Args:
        source: a workspace (resolved with ``view``, ``scenario`` and ``as_of``) or resolved
            inputs (``view``, ``scenario`` and ``as_of`` are then ignored).
        start: first month of the horizon (default: the as-of month — ``as_of``, or the one the
            inputs were resolved with when they use actual spending — else the current month).
        months: the horizon, 1–240.
        trials: trials drawn when sampling (1–1,000,000).
        seed: the sampling seed.
        method: ``"auto"`` (exact up to :data:`EXACT_LIMIT` uncertain streams, else sampled),
            or force ``"exact"`` (at most :data:`MAX_EXACT` streams) or ``"sampled"``.
        as_of: the day of the forecast (default today): actual spending before its month
            is used for those months in every combination (see :func:`resolve`).
        positions: also give each position's odds (:class:`PositionOdds`; a slower kernel
            that follows every cost line).
        progress: called with (combinations done, combinations in all) after each batch.
        cancelled: polled between batches; when it returns True, :class:`Cancelled` is raised.

    Raises:
        InputError: bad view, scenario, horizon, trials or method.
        Cancelled: ``cancelled()`` returned True.
    """
    inputs = source if isinstance(source, ForecastInputs) else resolve(source, view, scenario, as_of)
    if isinstance(trials, bool) or not isinstance(trials, int) or not 1 <= trials <= MAX_TRIALS:
        raise InputError(f"{trials!r} trials is outside 1–{MAX_TRIALS:,}", "trials")
    if start is not None:
        first_month = start
    elif as_of is not None:
        first_month = month_index(as_of)
    elif inputs.actuals is not None:
        first_month = month_index(inputs.actuals.as_of)
    else:
        first_month = default_start()
    model = build_model(inputs, first_month, months)
    uncertain_keys = tuple(s.key for s in inputs.uncertain)
    if method not in METHODS:
        raise InputError(f"unknown method {method!r}; use one of: {', '.join(METHODS)}", "method")
    if any(s.outcomes or s.depend_on is not None for s in inputs.uncertain):
        model, uncertain_rows, combos, weights, used, drawn = _grant_shaped(inputs, model, method, trials, seed)
    else:
        row_of = {s.key: i for i, s in enumerate(model.streams)}
        uncertain_rows = np.array([row_of[k] for k in uncertain_keys], dtype=np.int64)
        chances = np.array([float(s.probability) for s in inputs.uncertain], dtype=np.float64)
        if method == "exact" and len(chances) > MAX_EXACT:
            raise InputError(
                f"{len(chances)} uncertain streams are too many to enumerate (at most {MAX_EXACT}); use sampling",
                "method",
            )
        exact = method == "exact" or (method == "auto" and len(chances) <= EXACT_LIMIT)
        combos, weights, used, drawn = _combinations(chances, trials, seed, exact)
    runway = batched_runway(model, uncertain_rows, combos, progress=progress, cancelled=cancelled)
    result = _summarize(model, used, drawn, uncertain_keys, runway, weights)
    if not positions:
        return result
    lines = batched_line_runway(model, uncertain_rows, combos, cancelled=cancelled)
    return replace(result, positions=_position_odds(model, lines, weights))


def _grant_shaped(
    inputs: ForecastInputs, model: Model, method: str, trials: int, seed: int
) -> tuple[Model, IntArray, BoolArray, FloatArray, str, int]:
    """DESIGN.md v2 §3: (model with a row per way each stream with outcomes can come in,
    uncertain rows, joint outcomes as presence over them, chances, method, count)."""
    options = stream_options(inputs)
    joint = joint_count(options)
    if method == "exact" and joint > MAX_EXACT_JOINT:
        raise InputError(
            f"{joint:,} joint outcomes are too many to enumerate (at most {MAX_EXACT_JOINT:,}); use sampling", "method"
        )
    exact = method == "exact" or (method == "auto" and joint <= EXACT_JOINT_LIMIT)
    row_of = {s.key: i for i, s in enumerate(model.streams)}
    rows: list[int] = []
    columns: list[list[int]] = []
    variants: list[tuple[int, Any]] = []
    for option in options:
        row = row_of[option.key]
        stored = inputs.stream(option.key)
        if stored is None or not stored.outcomes:
            columns.append([len(rows)])
            rows.append(row)
            continue
        rows.append(row)  # the stream as stored never comes in: one of its outcomes does
        mine = []
        for variant in option.variants:
            mine.append(len(rows))
            rows.append(len(model.streams) + len(variants))
            variants.append((row, variant))
        columns.append(mine)
    model = with_variants(model, variants)
    if exact:
        choice, weights = enumerate_joint(options)
        used, drawn = "exact", joint
    else:
        choice, weights = sample_joint(options, trials, seed)
        used, drawn = "sampled", trials
    combos = presence(options, choice, columns)
    if combos.shape[1] < len(rows):
        combos = np.hstack([combos, np.zeros((len(combos), len(rows) - combos.shape[1]), dtype=np.bool_)])
    return model, np.array(rows, dtype=np.int64), combos, weights, used, drawn


def _combinations(chances: FloatArray, trials: int, seed: int, exact: bool) -> tuple[BoolArray, FloatArray, str, int]:
    """(combination × uncertain stream in/out, weight of each, method, trials)."""
    count = len(chances)
    if exact:
        codes = np.arange(2**count, dtype=np.int64)
        combos: BoolArray = ((codes[:, None] >> np.arange(count)) & 1).astype(np.bool_)
        weights: FloatArray = np.prod(np.where(combos, chances, 1.0 - chances), axis=1)
        keep = weights > 0
        return combos[keep], weights[keep], "exact", 2**count
    if count == 0:
        return np.zeros((1, 0), dtype=np.bool_), np.ones(1), "sampled", trials
    rng = np.random.default_rng(seed)
    draws = rng.random((trials, count)) < chances
    packed = np.packbits(draws, axis=1)
    unique, counts = np.unique(packed, axis=0, return_counts=True)
    combos = np.unpackbits(unique, axis=1, count=count).astype(np.bool_)
    return combos, counts.astype(np.float64) / trials, "sampled", trials


def _restricted_payments(model: Model, shares_due: IntArray) -> IntArray:
    """Stream × month pass-1 payments of every stream as if alone (right for restricted ones)."""
    balance = model.opening.copy()
    paid = np.zeros_like(shares_due)
    for column in range(model.sim_months):
        balance += model.drawable[:, column]
        available = np.where(model.in_period[:, column], balance, 0)
        paid[:, column] = np.minimum(available, shares_due[:, column])
        balance -= paid[:, column]
        balance[model.end_column <= column] = 0
    return paid


def batched_runway(
    model: Model,
    uncertain_rows: IntArray,
    combos: BoolArray,
    *,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> IntArray:
    """For each combination (row of ``combos``: which uncertain streams are in), the
    column in the horizon of the first month with unfunded cost (``model.months`` if none).

    Combinations run in batches of :data:`CHUNK`; ``cancelled`` is polled and ``progress``
    told between batches.
    """
    n_streams, count = len(model.streams), model.sim_months
    shares_due = np.zeros((n_streams, count), dtype=np.int64)
    if len(model.alloc_stream):
        shares_due[model.stream_group_stream] = np.add.reduceat(model.alloc_share, model.stream_group_start, axis=0)
    restricted = np.flatnonzero(model.restricted)
    paid_alone = _restricted_payments(model, shares_due)

    # Fallback demand before unrestricted streams act: unallocated rest, shares to streams
    # that do not count, and every restricted share (payments of the restricted streams
    # that are in are taken off per combination below).
    uncertain_set = {int(r) for r in uncertain_rows}
    certain_restricted = [int(r) for r in restricted if int(r) not in uncertain_set]
    demand = model.fallback_base.sum(axis=0, dtype=np.int64) + shares_due[restricted].sum(axis=0, dtype=np.int64)
    demand -= paid_alone[certain_restricted].sum(axis=0, dtype=np.int64)
    uncertain_restricted = [j for j, r in enumerate(uncertain_rows) if model.restricted[r]]
    restricted_paid_if_in = paid_alone[uncertain_rows[uncertain_restricted]] if uncertain_restricted else None

    chain = model.chain
    uncertain_index = {int(r): j for j, r in enumerate(uncertain_rows)}
    chain_uncertain = [(p, uncertain_index[int(r)]) for p, r in enumerate(chain) if int(r) in uncertain_index]
    chain_drawable = model.drawable[chain]
    chain_in_period = model.in_period[chain]
    chain_due = shares_due[chain]
    chain_end = model.end_column[chain]
    drawable_columns = [np.flatnonzero(chain_drawable[:, c]) for c in range(count)]

    result = np.full(len(combos), model.months, dtype=np.int64)
    for lo in range(0, len(combos), CHUNK):
        if cancelled is not None and cancelled():
            raise Cancelled("the probability computation was cancelled")
        part = combos[lo : lo + CHUNK]
        rows = np.arange(len(part))
        if restricted_paid_if_in is not None:
            need = demand - part[:, uncertain_restricted].astype(np.int64) @ restricted_paid_if_in
        else:
            need = np.broadcast_to(demand, (len(part), count))
        present = np.ones((len(part), len(chain)), dtype=np.int64)
        for position, j in chain_uncertain:
            present[:, position] = part[:, j]
        balance = present * model.opening[chain]
        runway = np.full(len(part), model.months, dtype=np.int64)
        for column in range(count):
            arriving = drawable_columns[column]
            if len(arriving):
                balance[:, arriving] += chain_drawable[arriving, column] * present[:, arriving]
            available = np.where(chain_in_period[:, column], balance, 0)
            own = np.minimum(available, chain_due[:, column])
            left = available - own
            fallback = need[rows, column] + (chain_due[:, column] - own).sum(axis=1)
            reach = np.cumsum(left, axis=1)
            pool = reach[:, -1] if len(chain) else np.zeros(len(rows), dtype=np.int64)
            drawn = np.maximum(np.minimum(fallback[:, None], reach) - (reach - left), 0)
            balance -= own + drawn
            balance[:, chain_end <= column] = 0
            if column >= model.runway_from:
                short = fallback > pool
                if short.any():
                    runway[rows[short]] = column - model.warmup
                    keep = ~short
                    rows, balance, present = rows[keep], balance[keep], present[keep]
                    if len(rows) == 0:
                        break
        result[lo : lo + len(part)] = runway
        if progress is not None:
            progress(lo + len(part), len(combos))
    return result


def _summarize(
    model: Model,
    method: str,
    trials: int,
    uncertain: tuple[str, ...],
    runway: IntArray,
    weights: FloatArray,
) -> ProbabilityResult:
    months = model.months
    mass = np.bincount(runway, weights=weights, minlength=months + 1)
    mass = mass / mass.sum()
    cumulative = np.cumsum(mass)

    def funded_through(column: int) -> date | None:
        return None if column >= months else last_day(model.start + column - 1)

    def percentile(q: float) -> date | None:
        return funded_through(int(np.searchsorted(cumulative, q - _TOLERANCE)))

    curve = [(model.start + c, float(max(0.0, 1.0 - cumulative[c]))) for c in range(months)]
    distribution = [(funded_through(c), float(mass[c])) for c in range(months + 1) if mass[c] > 0]
    return ProbabilityResult(
        method=method,
        trials=trials,
        uncertain=uncertain,
        start=model.start,
        months=list(range(model.start, model.start + months)),
        p10=percentile(0.10),
        p50=percentile(0.50),
        p90=percentile(0.90),
        curve=curve,
        distribution=distribution,
    )


def _allocation_payments_alone(model: Model) -> IntArray:
    """Allocation × month pass-1 payments with every stream in and paying only its shares:
    right for restricted streams, whose balances move by pass 1 alone."""
    paid = np.zeros_like(model.alloc_share)
    if not len(model.alloc_stream):
        return paid
    group_start = model.stream_group_start
    group_of = np.cumsum(np.r_[False, model.alloc_stream[1:] != model.alloc_stream[:-1]])
    balance = model.opening.copy()
    for column in range(model.sim_months):
        balance += model.drawable[:, column]
        available = np.where(model.in_period[:, column], balance, 0)
        request = model.alloc_share[:, column]
        before = np.cumsum(request) - request
        before -= before[group_start][group_of]
        paid[:, column] = np.minimum(np.maximum(available[model.alloc_stream] - before, 0), request)
        balance[model.stream_group_stream] -= np.add.reduceat(paid[:, column], group_start)
        balance[model.end_column <= column] = 0
    return paid


def _by_line(values: IntArray, lines: IntArray, n_lines: int) -> IntArray:
    """Rows of ``values`` (allocations) summed by their line: line × columns."""
    out = np.zeros((n_lines, values.shape[1]), dtype=np.int64)
    np.add.at(out, lines, values)
    return out


def batched_line_runway(
    model: Model,
    uncertain_rows: IntArray,
    combos: BoolArray,
    *,
    cancelled: Callable[[], bool] | None = None,
) -> IntArray:
    """For each combination and cost line, the column in the horizon of the line's first month
    with unfunded cost (``model.months`` if none): combination × line.

    The engine's kernel (:func:`fundtracker.forecast.engine.simulate`) with a combination axis,
    tracking per combination only what can differ between combinations:

    * a restricted stream pays only its allocated shares (pass 1), so what it leaves unpaid
      is that of one deterministic run when it is in, and all its shares when it is out;
    * unrestricted streams (the chain) pay their own shares in pass 1 and the fallback in
      pass 2, so their balances are tracked per combination (chain × combination), and pass 2
      lays each combination's line fallback end to end against them.

    Arrays keep the combination axis last (contiguous). A test compares the result with
    :func:`project` per combination.
    """
    n_lines, count = len(model.lines), model.sim_months
    result = np.full((len(combos), n_lines), model.months, dtype=np.int64)
    if n_lines == 0:
        return result
    uncertain_index = {int(r): j for j, r in enumerate(uncertain_rows)}
    restricted_alloc = model.restricted[model.alloc_stream]
    alone = _allocation_payments_alone(model)
    # Fallback from restricted streams when every one is in, and what each uncertain restricted
    # stream adds to it when out (the shares it would have paid).
    fixed = model.fallback_base + _by_line(
        np.where(restricted_alloc[:, None], model.alloc_share - alone, 0), model.alloc_line, n_lines
    )
    restricted_out: list[tuple[int, IntArray]] = []
    for row, j in uncertain_index.items():
        if model.restricted[row]:
            mine = model.alloc_stream == row
            restricted_out.append((j, _by_line(alone[mine], model.alloc_line[mine], n_lines)))

    chain = model.chain
    chain_position = np.full(len(model.streams), -1, dtype=np.int64)
    chain_position[chain] = np.arange(len(chain))
    own = np.flatnonzero(~restricted_alloc)  # allocations to chain streams, by stream then line
    own_stream = chain_position[model.alloc_stream[own]]
    own_line = model.alloc_line[own]
    own_share = model.alloc_share[own]
    if len(own):
        own_group_start = np.flatnonzero(np.r_[True, own_stream[1:] != own_stream[:-1]])
        own_group_of = np.cumsum(np.r_[False, own_stream[1:] != own_stream[:-1]])
        own_group_stream = own_stream[own_group_start]
        by_line = np.argsort(own_line, kind="stable")
        sorted_lines = own_line[by_line]
        line_group_start = np.flatnonzero(np.r_[True, sorted_lines[1:] != sorted_lines[:-1]])
        line_group_line = sorted_lines[line_group_start]
    chain_drawable = model.drawable[chain]
    chain_in_period = model.in_period[chain]
    chain_end = model.end_column[chain]
    chain_opening = model.opening[chain]
    chain_uncertain = [(p, uncertain_index[int(r)]) for p, r in enumerate(chain) if int(r) in uncertain_index]

    chunk = max(1, min(CHUNK, _LINE_BATCH_ELEMENTS // max(len(own), n_lines, 1)))
    for lo in range(0, len(combos), chunk):
        part = combos[lo : lo + chunk]
        size = len(part)
        present = np.ones((len(chain), size), dtype=np.int64)
        for position, j in chain_uncertain:
            present[position] = part[:, j]
        out = [(np.flatnonzero(~part[:, j]), extra) for j, extra in restricted_out]
        balance = present * chain_opening[:, None]
        first = np.full((n_lines, size), model.months, dtype=np.int64)
        for column in range(count):
            if cancelled is not None and column % 12 == 0 and cancelled():
                raise Cancelled("the probability computation was cancelled")
            balance += present * chain_drawable[:, column, None]
            available = np.where(chain_in_period[:, column, None], balance, 0)
            fallback = np.repeat(fixed[:, column, None], size, axis=1)
            for absent, extra in out:
                rows = np.flatnonzero(extra[:, column])
                if len(rows) and len(absent):
                    fallback[np.ix_(rows, absent)] += extra[rows, column, None]
            charged = np.zeros_like(balance)
            if len(own):
                request = own_share[:, column]
                before = np.cumsum(request) - request
                before -= before[own_group_start][own_group_of]
                paid = np.minimum(np.maximum(available[own_stream] - before[:, None], 0), request[:, None])
                charged[own_group_stream] = np.add.reduceat(paid, own_group_start, axis=0)
                unpaid = request[by_line, None] - paid[by_line]
                fallback[line_group_line] += np.add.reduceat(unpaid, line_group_start, axis=0)
            unfunded = fallback
            if len(chain):
                remaining = available - charged
                reach = np.cumsum(remaining, axis=0)
                pool = reach[-1:]
                total = fallback.sum(axis=0, keepdims=True)
                charged += np.maximum(np.minimum(total, reach) - (reach - remaining), 0)
                line_reach = np.cumsum(fallback, axis=0)
                unfunded = fallback - np.minimum(np.maximum(pool - (line_reach - fallback), 0), fallback)
            balance -= charged
            balance[chain_end <= column] = 0
            if column >= model.runway_from:
                hit = (unfunded > 0) & (first == model.months)
                first[hit] = column - model.warmup
        result[lo : lo + size] = first.T
    return result


def _position_odds(model: Model, lines: IntArray, weights: FloatArray) -> dict[str, PositionOdds]:
    months = model.months
    total = float(weights.sum())
    odds: dict[str, PositionOdds] = {}
    for row, line in enumerate(model.lines):
        if line.kind != "position":
            continue
        mass = np.bincount(lines[:, row], weights=weights, minlength=months + 1) / total
        cumulative = np.cumsum(mass)
        chances = [float(max(0.0, 1.0 - cumulative[c])) for c in range(months)]
        curve = [(model.start + c, p) for c, p in enumerate(chances)]
        below: dict[float, MonthIndex | None] = {}
        for threshold in THRESHOLDS:
            # Float noise must not make an exact 80 % read as below 80 %.
            hit = next((c for c, p in enumerate(chances) if p < threshold - _TOLERANCE), None)
            below[threshold] = None if hit is None else model.start + hit
        odds[line.key] = PositionOdds(line.key, line.title, curve, below)
    return odds
