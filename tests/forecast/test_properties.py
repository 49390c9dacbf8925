"""Invariants of every projection, and the probability kernel against brute force, on random workspaces."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fundtracker.domain.months import month_of
from fundtracker.domain.records import (
    STREAM_STATUSES,
    Allocation,
    Expense,
    FundingStream,
    Organization,
    Position,
    Schedule,
    Tranche,
    Workspace,
)
from fundtracker.forecast import ForecastInputs, Projection, probability, project, resolve

BASE = date(2023, 7, 1)
day_offsets = st.integers(min_value=0, max_value=900)


@st.composite
def streams(draw: st.DrawFn, index: int) -> FundingStream:
    start = BASE + timedelta(days=draw(day_offsets))
    end = None if draw(st.integers(0, 4)) == 0 else start + timedelta(days=draw(st.integers(0, 800)))
    amount = draw(st.integers(0, 5_000_000))
    kind = draw(st.sampled_from(["lump_sum", "monthly", "quarterly", "tranches", "reimbursement"]))
    tranches: tuple[Tranche, ...] = ()
    if kind == "tranches":
        count = draw(st.integers(1, 3))
        cuts = sorted(draw(st.lists(st.integers(0, amount), min_size=count - 1, max_size=count - 1)))
        parts = [b - a for a, b in zip([0, *cuts], [*cuts, amount])]
        tranches = tuple(Tranche(start + timedelta(days=draw(st.integers(-60, 400))), part) for part in parts)
    return FundingStream(
        key=f"s{index}",
        name=f"s{index}",
        amount=amount,
        start=start,
        end=end,
        schedule=Schedule(kind, tranches, draw(st.integers(0, 120))),
        status=draw(st.sampled_from(STREAM_STATUSES)),
        probability=Decimal(draw(st.integers(0, 20))) / 20,
        restricted=draw(st.booleans()),
    )


@st.composite
def workspaces(draw: st.DrawFn, max_streams: int = 5) -> Workspace:
    stream_list = [draw(streams(i)) for i in range(draw(st.integers(1, max_streams)))]
    positions = []
    for i in range(draw(st.integers(0, 3))):
        start = BASE + timedelta(days=draw(day_offsets))
        end = None if draw(st.booleans()) else start + timedelta(days=draw(st.integers(0, 700)))
        positions.append(
            Position(
                key=f"p{i}",
                title=f"p{i}",
                annual_salary=draw(st.integers(0, 12_000_000)),
                start=start,
                fte=Decimal(draw(st.sampled_from(["1", "0.5", "0.75"]))),
                end=end,
                fringe_rate=draw(st.sampled_from([None, Decimal("0.2"), Decimal("0.3075")])),
                annual_raise=Decimal(draw(st.sampled_from(["0", "0.03"]))),
                priority=draw(st.sampled_from([None, 1, 2])),
            )
        )
    expenses = [
        Expense(
            key=f"e{i}",
            description=f"e{i}",
            amount=draw(st.integers(0, 500_000)),
            start=BASE + timedelta(days=draw(day_offsets)),
            recurrence=draw(st.sampled_from(["monthly", "annual", "once"])),
            priority=draw(st.sampled_from([None, 1, 3])),
        )
        for i in range(draw(st.integers(0, 2)))
    ]
    allocations = []
    for line in [p.key for p in positions] + [e.key for e in expenses]:
        for target in draw(st.lists(st.sampled_from(stream_list), max_size=3, unique_by=lambda s: s.key)):
            start = None if draw(st.booleans()) else BASE + timedelta(days=draw(day_offsets))
            end = None if draw(st.booleans()) else (start or BASE) + timedelta(days=draw(st.integers(0, 500)))
            percent = Decimal(draw(st.sampled_from(["0", "10", "25", "33.33", "50", "66.67", "100"])))
            allocations.append(Allocation(line, target.key, percent, start, end))
    return Workspace(
        organization=Organization(
            fiscal_year_start_month=draw(st.integers(1, 12)), fringe_rate=Decimal(draw(st.sampled_from(["0", "0.25"])))
        ),
        streams=tuple(stream_list),
        positions=tuple(positions),
        expenses=tuple(expenses),
        allocations=tuple(allocations),
    )


horizons = st.tuples(st.integers(month_of(2023, 6), month_of(2025, 6)), st.integers(1, 30))


def check_invariants(p: Projection) -> None:
    count = len(p.months)
    # inflow − charged − lapsed = change in balance, per stream and month; no negative balance.
    previous = p.stream_opening.copy()
    for column in range(count):
        change = p.stream_balance[:, column] - previous
        assert np.array_equal(
            p.stream_inflow[:, column] - p.stream_charged[:, column] - p.stream_lapsed[:, column], change
        )
        previous = p.stream_balance[:, column]
    assert (p.stream_balance >= 0).all() and (p.stream_opening >= 0).all()
    assert (p.stream_charged >= 0).all() and (p.stream_lapsed >= 0).all()
    # charged + unfunded = cost, per cost line and month; neither negative.
    assert np.array_equal(p.line_charged + p.line_unfunded, p.line_cost)
    assert (p.line_charged >= 0).all() and (p.line_unfunded >= 0).all()
    # Every charge is attributed: by line and month, and by stream and month.
    by_line = np.zeros_like(p.line_cost)
    np.add.at(by_line, (p.charges.line, p.charges.column), p.charges.amount)
    by_stream = np.zeros_like(p.stream_charged)
    np.add.at(by_stream, (p.charges.stream, p.charges.column), p.charges.amount)
    assert np.array_equal(by_line, p.line_charged)
    assert np.array_equal(by_stream, p.stream_charged)
    assert (p.charges.amount > 0).all()
    # Totals to the cent.
    assert np.array_equal(p.stream_charged.sum(axis=0), p.charged)
    rows = p.month_totals()
    assert [r.cost for r in rows] == [int(v) for v in p.line_cost.sum(axis=0)]
    assert all(r.charged + r.unfunded == r.cost for r in rows)
    assert sum(y.cost for y in p.fiscal_years()) == sum(r.cost for r in rows)
    assert sum(y.lapsed for y in p.fiscal_years()) == sum(r.lapsed for r in rows)
    for key, totals in p.stream_totals.items():
        stream = p.inputs.stream(key)
        assert stream is not None
        if stream.schedule.type == "reimbursement":
            assert totals.charged_total + totals.undrawn_total <= stream.amount
            assert totals.lapsed_total == 0 and totals.end_balance == 0
    # The runway is the month before the first unfunded month, overall and per position.
    unfunded_columns = np.flatnonzero(p.unfunded > 0)
    assert (p.first_unfunded_month is None) == (len(unfunded_columns) == 0)
    for key, line in p.line_totals.items():
        hits = np.flatnonzero(p.line_unfunded[p.line_row(key)] > 0)
        assert line.first_unfunded_month == (p.start + int(hits[0]) if len(hits) else None)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workspaces(), horizons, st.sampled_from(["secured", "expected"]))
def test_invariants_hold_for_every_projection(ws: Workspace, horizon: tuple[int, int], view: str) -> None:
    start, months = horizon
    check_invariants(project(resolve(ws, view), start, months))


def brute_force_runway(inputs: ForecastInputs, start: int, months: int) -> dict[date | None, float]:
    """Project every combination of the uncertain streams one by one."""
    uncertain = inputs.uncertain
    result: dict[date | None, float] = {}
    for bits in itertools.product([False, True], repeat=len(uncertain)):
        weight = 1.0
        left_out = set()
        for stream, present in zip(uncertain, bits):
            weight *= float(stream.probability) if present else 1 - float(stream.probability)
            if not present:
                left_out.add(stream.key)
        if weight == 0:
            continue
        kept = tuple(s for s in inputs.streams if s.key not in left_out)
        through = project(replace(inputs, streams=kept), start, months).funded_through
        result[through] = result.get(through, 0.0) + weight
    return result


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workspaces(), horizons)
def test_batched_probability_equals_projecting_each_combination(ws: Workspace, horizon: tuple[int, int]) -> None:
    start, months = horizon
    inputs = resolve(ws, "expected")
    result = probability(inputs, start=start, months=months)
    assert result.method == "exact"
    expected = brute_force_runway(inputs, start, months)
    got = dict(result.distribution)
    assert set(got) == {k for k, v in expected.items() if v > 1e-12}
    for key, weight in got.items():
        assert abs(weight - expected[key]) < 1e-9


def brute_force_positions(inputs: ForecastInputs, start: int, months: int) -> dict[str, list[float]]:
    """Each position's chance of being funded through each month, projecting every combination."""
    uncertain = inputs.uncertain
    chances: dict[str, list[float]] = {p.key: [0.0] * months for p in inputs.positions}
    for bits in itertools.product([False, True], repeat=len(uncertain)):
        weight = 1.0
        for stream, present in zip(uncertain, bits):
            weight *= float(stream.probability) if present else 1 - float(stream.probability)
        left_out = {s.key for s, present in zip(uncertain, bits) if not present}
        p = project(replace(inputs, streams=tuple(s for s in inputs.streams if s.key not in left_out)), start, months)
        for key, line in p.line_totals.items():
            if line.kind != "position":
                continue
            first = months if line.first_unfunded_month is None else line.first_unfunded_month - start
            for column in range(first):
                chances[key][column] += weight
    return chances


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workspaces(), horizons)
def test_per_position_odds_equal_projecting_each_combination(ws: Workspace, horizon: tuple[int, int]) -> None:
    start, months = horizon
    inputs = resolve(ws, "expected")
    result = probability(inputs, start=start, months=months, positions=True)
    expected = brute_force_positions(inputs, start, months)
    assert list(result.positions) == [
        line.key for line in project(inputs, start, months).lines if line.kind == "position"
    ]
    for key, odds in result.positions.items():
        assert [m for m, _ in odds.curve] == list(range(start, start + months))
        for (_, got), want in zip(odds.curve, expected[key]):
            assert abs(got - want) < 1e-9


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workspaces(max_streams=4), horizons)
def test_sampled_agrees_with_exact_within_sampling_error(ws: Workspace, horizon: tuple[int, int]) -> None:
    start, months = horizon
    inputs = resolve(ws, "expected")
    exact = probability(inputs, start=start, months=months, method="exact")
    sampled = probability(inputs, start=start, months=months, method="sampled", trials=20000, seed=7)
    assert sampled.method == "sampled" and sampled.trials == 20000
    # Standard error of a proportion over 20,000 trials is at most 0.0036; allow 5 of them.
    for (month_a, p_exact), (month_b, p_sampled) in zip(exact.curve, sampled.curve):
        assert month_a == month_b
        assert abs(p_exact - p_sampled) < 0.018


def test_same_seed_same_result() -> None:
    ws = Workspace(
        streams=tuple(
            FundingStream(
                key=f"s{i:02d}",
                name="s",
                amount=100_000 * (i + 1),
                start=date(2024, 1, 1),
                status="pending",
                probability=Decimal("0.5"),
                restricted=False,
            )
            for i in range(14)
        ),
        expenses=(Expense("e", "e", 100_000, date(2024, 1, 1)),),
    )
    first = probability(ws, start=month_of(2024, 1), months=60, trials=5000, seed=3)
    again = probability(ws, start=month_of(2024, 1), months=60, trials=5000, seed=3)
    other = probability(ws, start=month_of(2024, 1), months=60, trials=5000, seed=4)
    assert first.method == "sampled" and first.trials == 5000
    assert first == again
    assert first.curve != other.curve
