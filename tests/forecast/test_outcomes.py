"""Grant-shaped uncertainty (DESIGN.md v2 §3) by hand: outcomes, delays, dependence; exact and sampled."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date
from decimal import Decimal

from forecast_builders import JAN_2024, cents, position, stream, workspace
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import workspaces

from fundtracker.domain.probability_text import probability_text
from fundtracker.domain.records import Dependence, FundingStream, Outcome, Workspace
from fundtracker.domain.validation import validate_workspace
from fundtracker.forecast import ForecastInputs, probability, project, resolve
from fundtracker.forecast.inputs import shift_stream, with_amount


def outcome(p: str, amount: str, delay: int = 0) -> Outcome:
    return Outcome(Decimal(p), cents(amount), delay)


def grant(key: str, amount: str, start: date, **changes: object) -> FundingStream:
    base = stream(key, amount, start=start, end=None, restricted=False, status="pending", probability="0.5")
    return replace(base, **changes)  # type: ignore[arg-type]


def shown(result: object) -> list[tuple[date | None, str]]:
    return [(d, probability_text(p)) for d, p in result.distribution]  # type: ignore[attr-defined]


def test_outcomes_with_amounts() -> None:
    # a costs $1,000 a month; secured u pays January. Grant g (February) comes in with
    # $3,000 (30 %) or $1,000 (50 %), else not (20 %).
    # out: unfunded from February (through Jan); $1,000: February paid (through Feb);
    # $3,000: February–April paid (through Apr).
    ws = workspace(
        (
            stream("u", "1000", end=None, restricted=False),
            grant("g", "5000", date(2024, 2, 1), outcomes=(outcome("0.3", "3000"), outcome("0.5", "1000"))),
        ),
        (position("a", "12000"),),
    )
    result = probability(ws, start=JAN_2024, months=6)
    assert result.method == "exact" and result.trials == 3  # out, or one of two outcomes
    assert shown(result) == [(date(2024, 1, 31), "20%"), (date(2024, 2, 29), "50%"), (date(2024, 4, 30), "30%")]
    # Funded through each month: Jan 100 %, Feb 80 %, Mar 30 %, Apr 30 %, then 0.
    assert [probability_text(p) for _, p in result.curve] == ["100%", "80%", "30%", "30%", "0%", "0%"]
    assert result.median == date(2024, 2, 29)


def test_an_outcome_delay_shifts_the_money() -> None:
    # g brings $2,000 in February (60 %) or the same two months late, in April (40 %).
    # On time: February and March paid, unfunded from April (through Mar).
    # Late: February unfunded (through Jan), though April and May are paid afterwards.
    ws = workspace(
        (
            stream("u", "1000", end=None, restricted=False),
            grant("g", "2000", date(2024, 2, 1), outcomes=(outcome("0.6", "2000"), outcome("0.4", "2000", 2))),
        ),
        (position("a", "12000"),),
    )
    result = probability(ws, start=JAN_2024, months=6, positions=True)
    assert shown(result) == [(date(2024, 1, 31), "40%"), (date(2024, 3, 31), "60%")]
    assert result.positions["a"].below == {0.8: month_of_2024(2), 0.5: month_of_2024(4), 0.2: month_of_2024(4)}


def month_of_2024(month: int) -> int:
    return JAN_2024 + month - 1


def test_dependence_on_another_stream() -> None:
    # f (50 %) brings $1,000 in February; c brings $1,000 in March with 80 % if f came in, 20 % if not
    # (its own 90 % no longer counts).
    # f in, c in:   0.5 × 0.8 = 0.4: February and March paid (through Mar).
    # f in, c out:  0.5 × 0.2 = 0.1: through Feb.
    # f out:        0.5 (c in or not): February unfunded (through Jan).
    ws = workspace(
        (
            stream("u", "1000", end=None, restricted=False),
            grant("f", "1000", date(2024, 2, 1)),
            grant(
                "c",
                "1000",
                date(2024, 3, 1),
                probability=Decimal("0.9"),
                depend_on=Dependence("f", Decimal("0.8"), Decimal("0.2")),
            ),
        ),
        (position("a", "12000"),),
    )
    result = probability(ws, start=JAN_2024, months=4)
    assert result.method == "exact" and result.trials == 4
    assert shown(result) == [(date(2024, 1, 31), "50%"), (date(2024, 2, 29), "10%"), (date(2024, 3, 31), "40%")]
    # Dependence with outcomes: c's outcomes (50 % $1,000, 50 % $2,000) scaled by 0.8 or 0.2.
    # f in (0.5): c $1,000 (0.5 × 0.8 × 0.5 = 0.2) → March paid, through Mar; c $2,000 (0.2) → March and
    # April paid: funded beyond the 4-month horizon (None); c out (0.5 × (1 − 0.8) = 0.1) → through Feb.
    # f out (0.5): February unfunded whatever c does → through Jan.
    with_outcomes = replace(ws.streams[2], outcomes=(outcome("0.5", "1000"), outcome("0.5", "2000")))
    ws2 = replace(ws, streams=(*ws.streams[:2], with_outcomes))
    result = probability(ws2, start=JAN_2024, months=4)
    assert result.trials == 6
    assert shown(result) == [
        (date(2024, 1, 31), "50%"),
        (date(2024, 2, 29), "10%"),
        (date(2024, 3, 31), "20%"),
        (None, "20%"),
    ]


def test_dependence_cycles_and_bad_outcomes_are_rejected() -> None:
    a = grant("a", "1", date(2024, 1, 1), depend_on=Dependence("b", Decimal("1"), Decimal("0")))
    b = grant("b", "1", date(2024, 1, 1), depend_on=Dependence("a", Decimal("1"), Decimal("0")))
    c = grant("c", "1", date(2024, 1, 1), outcomes=(outcome("0.7", "1"), outcome("0.4", "1")))
    found = {(p.key, p.field) for p in validate_workspace(workspace((a, b, c)))}
    assert found == {("a", "depend_on.stream"), ("b", "depend_on.stream"), ("c", "outcomes")}


def test_beyond_4096_joint_outcomes_it_samples_and_agrees_with_exact() -> None:
    # Seven grants with three outcomes each: 4^7 = 16,384 joint outcomes, above 4,096: sampled.
    streams = [stream("u", "1000", end=None, restricted=False)]
    for i in range(7):
        outcomes = (outcome("0.3", "1500"), outcome("0.3", "700", 1), outcome("0.2", "300"))
        streams.append(grant(f"g{i}", "1000", date(2024, 2 + i % 3, 1), outcomes=outcomes))
    ws = workspace(tuple(streams), (position("a", "12000"), position("b", "6000")))
    sampled = probability(ws, start=JAN_2024, months=12, trials=20000, seed=1)
    exact = probability(ws, start=JAN_2024, months=12, method="exact")
    assert sampled.method == "sampled" and exact.method == "exact" and exact.trials == 4**7
    # Standard error of a proportion over 20,000 trials is at most 0.0036; allow 5 of them.
    for (_, p_exact), (_, p_sampled) in zip(exact.curve, sampled.curve):
        assert abs(p_exact - p_sampled) < 0.018
    assert probability(ws, start=JAN_2024, months=12, trials=20000, seed=1).curve == sampled.curve


def brute_force(inputs: ForecastInputs, start: int, months: int) -> dict[date | None, float]:
    """Project every joint outcome one by one (outcomes, delays, dependence written out again here)."""
    uncertain = inputs.uncertain
    ways = [
        [
            None,
            *([s] if not s.outcomes else [shift_stream(with_amount(s, o.amount), o.delay_months) for o in s.outcomes]),
        ]
        for s in uncertain
    ]
    keys = {s.key: i for i, s in enumerate(uncertain)}
    counted = {s.key for s in inputs.streams}
    result: dict[date | None, float] = {}
    for choice in itertools.product(*(range(len(w)) for w in ways)):
        weight = 1.0
        for i, s in enumerate(uncertain):
            chance = 1.0 if s.outcomes else float(s.probability)
            if s.depend_on is not None:
                parent = s.depend_on.stream
                parent_in = choice[keys[parent]] > 0 if parent in keys else parent in counted
                chance = float(s.depend_on.if_in if parent_in else s.depend_on.if_out)
            shape = [float(o.probability) for o in s.outcomes] or [1.0]
            weight *= chance * shape[choice[i] - 1] if choice[i] else 1 - chance * sum(shape)
        if weight <= 0:
            continue
        chosen = {s.key: ways[i][choice[i]] for i, s in enumerate(uncertain)}
        kept = tuple(chosen.get(s.key, s) for s in inputs.streams if chosen.get(s.key, s) is not None)
        through = project(replace(inputs, streams=kept), start, months).funded_through  # type: ignore[arg-type]
        result[through] = result.get(through, 0.0) + weight
    return result


@st.composite
def grant_shaped(draw: st.DrawFn) -> Workspace:
    ws = draw(workspaces(max_streams=4))
    keys = [s.key for s in ws.streams]
    streams = []
    for s in ws.streams:
        if draw(st.booleans()):
            count = draw(st.integers(1, 2))
            outcomes = tuple(
                Outcome(
                    Decimal(draw(st.integers(0, 10))) / 20, draw(st.integers(0, 3_000_000)), draw(st.integers(0, 3))
                )
                for _ in range(count)
            )
            s = replace(s, outcomes=outcomes)
        others = [k for k in keys if k < s.key]  # depend only on earlier keys: no cycles
        if others and draw(st.booleans()):
            parent = draw(st.sampled_from(others))
            s = replace(
                s,
                depend_on=Dependence(
                    parent, Decimal(draw(st.integers(0, 4))) / 4, Decimal(draw(st.integers(0, 4))) / 4
                ),
            )
        streams.append(s)
    return replace(ws, streams=tuple(streams))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(grant_shaped(), st.integers(JAN_2024 - 6, JAN_2024 + 12), st.integers(1, 24))
def test_grant_shaped_probability_equals_projecting_each_joint_outcome(ws: Workspace, start: int, months: int) -> None:
    inputs = resolve(ws, "expected")
    result = probability(inputs, start=start, months=months, method="exact")
    expected = brute_force(inputs, start, months)
    got = dict(result.distribution)
    assert set(got) == {k for k, v in expected.items() if v > 1e-12}
    for key, weight in got.items():
        assert abs(weight - expected[key]) < 1e-9


def test_a_scenario_gives_a_stream_outcomes() -> None:
    from fundtracker.domain.records import Scenario, StreamOverride
    from fundtracker.store import json_format

    # g (50 %) brings $2,000 in February. The scenario "split" says: 40 % $2,000 on time,
    # 40 % $1,000 (through Feb), else nothing (20 %, through Jan).
    ws = workspace(
        (stream("u", "1000", end=None, restricted=False), grant("g", "2000", date(2024, 2, 1))),
        (position("a", "12000"),),
        scenarios=(
            Scenario(
                "split",
                "Split award",
                overrides=(StreamOverride("g", outcomes=(outcome("0.4", "2000"), outcome("0.4", "1000"))),),
            ),
        ),
    )
    assert shown(probability(ws, start=JAN_2024, months=4)) == [(date(2024, 1, 31), "50%"), (date(2024, 3, 31), "50%")]
    result = probability(ws, scenario="split", start=JAN_2024, months=4)
    assert shown(result) == [(date(2024, 1, 31), "20%"), (date(2024, 2, 29), "40%"), (date(2024, 3, 31), "40%")]
    assert json_format.loads(json_format.dumps(ws)) == ws
