"""Each scenario override kind, computed by hand; a scenario never changes the stored workspace."""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal

import pytest
from forecast_builders import JAN_2024, alloc, cents, expense, position, run, stream, workspace

from fundtracker.domain.errors import InputError
from fundtracker.domain.records import (
    AddPosition,
    AllocationOverride,
    PositionOverride,
    Scenario,
    StreamOverride,
    Tranche,
)
from fundtracker.forecast import probability, resolve
from fundtracker.forecast.inputs import with_amount


def scenario(*overrides: object) -> tuple[Scenario, ...]:
    return (Scenario("s", "Scenario", overrides=tuple(overrides)),)  # type: ignore[arg-type]


# Base: one position at $3,000 a month, allocated 100 % to a ($12,000 lump sum, 2024): 4 months funded.
BASE_STREAMS = (stream("a", "12000"),)
BASE_POSITIONS = (position("p", "36000"),)
BASE_ALLOCATIONS = (alloc("p", "a"),)


def with_scenario(*overrides: object, streams=BASE_STREAMS, positions=BASE_POSITIONS, allocations=BASE_ALLOCATIONS):
    return workspace(streams, positions, allocations=allocations, scenarios=scenario(*overrides))


def test_base_case() -> None:
    assert run(with_scenario(), 12).funded_through == date(2024, 4, 30)


def test_drop_a_stream() -> None:
    ws = with_scenario(StreamOverride("a", drop=True))
    p = run(ws, 12, scenario="s")
    assert p.funded_through == date(2023, 12, 31)
    assert [s.key for s in p.streams] == []


def test_status_secured_counts_in_the_secured_view() -> None:
    pending = (stream("a", "12000", status="pending", probability="0.5"),)
    ws = with_scenario(StreamOverride("a", status="secured"), streams=pending)
    assert run(ws, 12, view="secured").funded_through == date(2023, 12, 31)
    assert run(ws, 12, view="secured", scenario="s").funded_through == date(2024, 4, 30)


def test_status_declined_drops_it_from_the_expected_view() -> None:
    pending = (stream("a", "12000", status="pending", probability="0.5"),)
    ws = with_scenario(StreamOverride("a", status="declined"), streams=pending)
    assert run(ws, 12, scenario="s").funded_through == date(2023, 12, 31)


def test_probability_override() -> None:
    # One pending stream: runway 4 months with p, 0 months without.
    pending = (stream("a", "12000", status="pending", probability="0.5"),)
    ws = with_scenario(StreamOverride("a", probability=Decimal("0.8")), streams=pending)
    base = probability(ws, start=JAN_2024, months=12)
    changed = probability(ws, scenario="s", start=JAN_2024, months=12)
    assert base.curve[3][1] == pytest.approx(0.5)
    assert changed.curve[3][1] == pytest.approx(0.8)
    assert changed.curve[4][1] == pytest.approx(0.0)


def test_amount_override() -> None:
    # $6,000 pays 2 months of $3,000.
    ws = with_scenario(StreamOverride("a", amount=cents("6000")))
    assert run(ws, 12, scenario="s").funded_through == date(2024, 2, 29)


def test_amount_override_rescales_tranches_exactly() -> None:
    # 4,000 + 6,000 of 10,000 -> 5,000: second floor(5000 × 6000 / 10000) = 3,000; first 5,000 − 3,000 = 2,000.
    # 3 tranches of 1,000 -> 1,000.01: others floor(100001 × 100000 / 300000 = 33333.67) = 33333; first 33335.
    s = stream("t", "10000", schedule="tranches", tranches=((date(2024, 1, 1), "4000"), (date(2024, 4, 1), "6000")))
    assert [t.amount for t in with_amount(s, cents("5000")).schedule.tranches] == [cents("2000"), cents("3000")]
    three = stream("t", "3000", schedule="tranches", tranches=tuple((date(2024, m, 1), "1000") for m in (1, 2, 3)))
    assert [t.amount for t in with_amount(three, cents("1000.01")).schedule.tranches] == [33335, 33333, 33333]


def test_end_override_lapses_earlier() -> None:
    # Ends Feb 29: 2 months paid, 6,000 lapses at the close of February.
    ws = with_scenario(StreamOverride("a", end=date(2024, 2, 29)))
    p = run(ws, 12, scenario="s")
    assert p.funded_through == date(2024, 2, 29)
    assert p.stream_totals["a"].lapsed_total == cents("6000")


def test_start_override() -> None:
    # Starts Mar 1: Jan and Feb unfunded although the money arrives on Mar 1 only (lump sum on start).
    ws = with_scenario(StreamOverride("a", start=date(2024, 3, 1)))
    p = run(ws, 12, scenario="s")
    assert p.funded_through == date(2023, 12, 31)
    assert p.line_totals["p"].unfunded_total == cents("3000") * (2 + 6)  # Jan, Feb, then Jul–Dec


def test_shift_months_delays_the_stream_and_its_tranches() -> None:
    # Delayed 6 months: money and period from Jul 1 to Jun 30 2025; Jan–Jun 2024 unfunded.
    ws = with_scenario(StreamOverride("a", shift_months=6))
    shifted = resolve(ws, scenario="s").stream("a")
    assert shifted is not None
    assert (shifted.start, shifted.end) == (date(2024, 7, 1), date(2025, 6, 30))
    p = run(ws, 12, scenario="s")
    assert [int(v) for v in p.unfunded[:7]] == [cents("3000")] * 6 + [0]
    tranched = (
        stream("a", "12000", schedule="tranches", tranches=((date(2024, 1, 31), "12000"),), end=date(2024, 2, 29)),
    )
    moved = resolve(with_scenario(StreamOverride("a", shift_months=1), streams=tranched), scenario="s").stream("a")
    assert moved is not None
    assert moved.schedule.tranches == (Tranche(date(2024, 2, 29), cents("12000")),)
    assert moved.end == date(2024, 3, 31)  # a month's last day stays the last day


def test_position_overrides() -> None:
    # Salary $18,000 -> $1,500 a month: 8 months. fte 0.5 of $36,000 -> $1,500: 8 months.
    assert run(with_scenario(PositionOverride("p", annual_salary=cents("18000"))), 12, scenario="s").funded_through == (
        date(2024, 8, 31)
    )
    assert run(with_scenario(PositionOverride("p", fte=Decimal("0.5"))), 12, scenario="s").funded_through == date(
        2024, 8, 31
    )
    # Ends Feb 29: only 2 months of cost; never unfunded; the rest stays in the stream until it lapses.
    ended = run(with_scenario(PositionOverride("p", end=date(2024, 2, 29))), 12, scenario="s")
    assert ended.funded_through is None
    assert ended.stream_totals["a"].lapsed_total == cents("6000")
    # Starts Jul 1: 6 months Jul–Dec funded ($12,000 / 3,000 = 4) -> Nov unfunded.
    later = run(with_scenario(PositionOverride("p", start=date(2024, 7, 1))), 12, scenario="s")
    assert later.funded_through == date(2024, 10, 31)
    dropped = run(with_scenario(PositionOverride("p", drop=True)), 12, scenario="s")
    assert dropped.lines == ()


def test_add_position() -> None:
    # A second position at $3,000 with its allocation: 12,000 / 6,000 = 2 months.
    added = AddPosition(position("q", "36000"))
    ws = with_scenario(added, AllocationOverride("q", "a", Decimal("100")))
    p = run(ws, 12, scenario="s")
    assert [line.key for line in p.lines] == ["p", "q"]
    assert p.funded_through == date(2024, 2, 29)
    with pytest.raises(InputError, match="adds position 'p' but that key is taken"):
        resolve(with_scenario(AddPosition(position("p", "1"))), scenario="s")


def test_allocation_overrides() -> None:
    streams = (*BASE_STREAMS, stream("b", "3000"))
    # Moving p to b ($3,000): 1 month.
    moved = with_scenario(
        AllocationOverride("p", "a", Decimal("0")), AllocationOverride("p", "b", Decimal("100")), streams=streams
    )
    assert run(moved, 12, scenario="s").funded_through == date(2024, 1, 31)
    # 50 % to a: a pays 1,500 a month for 8 months, the other half is unfunded from Jan.
    half = with_scenario(AllocationOverride("p", "a", Decimal("50")))
    p = run(half, 12, scenario="s")
    assert p.charged_by_stream("p")["a"][:9] == (150000,) * 8 + (0,)
    assert p.funded_through == date(2023, 12, 31)


def test_unknown_scenario_names_it_and_lists_the_keys() -> None:
    ws = workspace(scenarios=(Scenario("upheld", "Upheld"), Scenario("fails", "Fails")))
    with pytest.raises(InputError, match=r"no scenario with key 'nope'; scenarios: upheld, fails"):
        resolve(ws, scenario="nope")


def test_override_of_a_missing_stream() -> None:
    with pytest.raises(InputError, match="no funding stream with key 'zzz'"):
        resolve(with_scenario(StreamOverride("zzz", drop=True)), scenario="s")


def test_a_scenario_never_changes_the_stored_workspace() -> None:
    ws = with_scenario(
        StreamOverride("a", amount=cents("1"), shift_months=3),
        PositionOverride("p", fte=Decimal("0.1")),
        AddPosition(position("q", "1000")),
        AllocationOverride("p", "a", Decimal("0")),
        streams=(*BASE_STREAMS, stream("t", "1000", schedule="tranches", tranches=((date(2024, 1, 1), "1000"),))),
    )
    before = copy.deepcopy(ws)
    run(ws, 12, scenario="s")
    assert ws == before


def test_expense_lines_follow_positions() -> None:
    ws = workspace(positions=(position("z", "12000"),), expenses=(expense("a", "1"),))
    assert [(line.kind, line.key) for line in run(ws, 1).lines] == [("position", "z"), ("expense", "a")]


def test_a_priority_override_changes_who_is_paid_first() -> None:
    """One unrestricted $7,500.00 for two $5,000.00-a-month positions in January 2024.

    Without priorities "a" is charged before "b" (by key): "a" gets $5,000.00, "b" the $2,500.00
    left. With "b" given priority 1 in the scenario, "b" gets $5,000.00 and "a" $2,500.00.
    """
    from fundtracker.domain.records import Organization, PriorityOverride, Scenario, Workspace
    from fundtracker.forecast import forecast
    from fundtracker.store import json_format

    base = Workspace(
        Organization(),
        streams=(stream("pool", "7500.00", restricted=False, end=None),),
        positions=(position("a", "60000.00"), position("b", "60000.00")),
        scenarios=(Scenario("b_first", "B first", overrides=(PriorityOverride("b", 1),)),),
    )
    plain = forecast(base, "expected", start=JAN_2024, months=1)
    assert plain.line_series("a").charged == (500_000,) and plain.line_series("b").charged == (250_000,)
    switched = forecast(base, "expected", "b_first", start=JAN_2024, months=1)
    assert [line.key for line in switched.lines] == ["b", "a"]
    assert switched.line_series("b").charged == (500_000,) and switched.line_series("a").charged == (250_000,)
    # The stored workspace keeps no priority; the JSON names the override and reads it back.
    assert base.positions[1].priority is None
    text = json_format.dumps(base)
    assert json.loads(text)["scenarios"][0]["overrides"] == [{"priority": {"cost": "b", "priority": 1}}]
    assert json_format.loads(text).scenarios[0].overrides == (PriorityOverride("b", 1),)


def test_a_priority_override_names_a_cost_line_and_a_valid_priority() -> None:
    from fundtracker.domain.records import Organization, PriorityOverride, Scenario, Workspace
    from fundtracker.domain.validation import validate_workspace
    from fundtracker.forecast import forecast

    bad = Workspace(
        Organization(),
        positions=(position("a", "60000.00"),),
        scenarios=(Scenario("s", "S", overrides=(PriorityOverride("ghost", 1), PriorityOverride("a", 0))),),
    )
    problems = {(p.field, p.message) for p in validate_workspace(bad)}
    assert ("overrides[0].cost", "no position or expense with key 'ghost'") in problems
    assert ("overrides[1].priority", "0 is outside 1–1,000,000 (1 is protected first)") in problems
    with pytest.raises(InputError, match="no position or expense with key 'ghost'"):
        forecast(bad, "expected", "s", start=JAN_2024, months=1)
