"""Every validation rule, with its message."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from fundtracker.domain.records import (
    Allocation,
    FundingStream,
    Position,
    Scenario,
    Schedule,
    StreamOverride,
    Tranche,
    Workspace,
)
from fundtracker.domain.validation import validate_workspace

STREAM = FundingStream(key="s", name="Stream", amount=100_000, start=date(2022, 1, 1), end=date(2022, 12, 31))
POSITION = Position(key="p", title="Advocate", annual_salary=5_200_000, start=date(2022, 1, 1))


def problems_of(**changes: object) -> list[str]:
    workspace = dataclasses.replace(Workspace(streams=(STREAM,), positions=(POSITION,)), **changes)
    return [str(p) for p in validate_workspace(workspace)]


def test_valid_workspace_has_no_problems() -> None:
    assert problems_of() == []


def test_end_before_start() -> None:
    stream = dataclasses.replace(STREAM, end=date(2021, 12, 31))
    assert problems_of(streams=(stream,)) == ["stream 's': end: ends 2021-12-31 before it starts 2022-01-01"]


@pytest.mark.parametrize("percent", ["-1", "100.01"])
def test_percent_outside_range(percent: str) -> None:
    allocation = Allocation(cost="p", stream="s", percent=Decimal(percent))
    assert problems_of(allocations=(allocation,)) == [f"allocation 'p->s': percent: share {percent}% is outside 0–100%"]


def test_probability_outside_range() -> None:
    stream = dataclasses.replace(STREAM, probability=Decimal("1.5"), status="pending")
    assert problems_of(streams=(stream,)) == ["stream 's': probability: chance 150% is outside 0–100%"]


def test_fte_outside_range() -> None:
    position = dataclasses.replace(POSITION, fte=Decimal("1.6"))
    assert problems_of(positions=(position,)) == ["position 'p': fte: FTE 1.6 is outside 0–1.5"]


def test_tranches_must_add_up() -> None:
    stream = dataclasses.replace(
        STREAM, schedule=Schedule(type="tranches", tranches=(Tranche(date(2022, 1, 1), 60_000),))
    )
    assert problems_of(streams=(stream,)) == [
        "stream 's': schedule.tranches: tranches add up to $600.00 but the amount is $1,000.00; they must be equal"
    ]


def test_allocation_to_missing_stream_or_cost() -> None:
    allocation = Allocation(cost="nobody", stream="nothing", percent=Decimal(50))
    assert problems_of(allocations=(allocation,)) == [
        "allocation 'nobody->nothing': stream: no funding stream with key 'nothing'",
        "allocation 'nobody->nothing': cost: no position or expense with key 'nobody'",
    ]


def test_allocations_above_100_percent_in_overlapping_period() -> None:
    first = Allocation(cost="p", stream="s", percent=Decimal(60), end=date(2022, 6, 30))
    second = Allocation(cost="p", stream="s", percent=Decimal(50), start=date(2022, 6, 1))
    assert problems_of(allocations=(first, second)) == [
        "allocation 'p': percent: the shares add up to 110% from 2022-06-01; at most 100% is allowed"
    ]
    # Not overlapping: fine.
    later = dataclasses.replace(second, start=date(2022, 7, 1))
    assert problems_of(allocations=(first, later)) == []


def test_bad_enum_lists_the_allowed_values() -> None:
    stream = dataclasses.replace(STREAM, status="maybe")
    assert problems_of(streams=(stream,)) == [
        "stream 's': status: 'maybe' is not allowed; use one of: secured, pending, contested, prospect, declined"
    ]


def test_duplicate_keys_and_bad_keys() -> None:
    assert problems_of(streams=(STREAM, STREAM)) == ["stream 's': key: is used twice; keys must be unique"]
    bad = dataclasses.replace(STREAM, key="has space")
    assert "a key is 1–64 letters" in problems_of(streams=(bad,))[0]


def test_scenario_referencing_missing_stream() -> None:
    scenario = Scenario(key="x", name="X", overrides=(StreamOverride(stream="ghost", drop=True),))
    assert problems_of(scenarios=(scenario,)) == [
        "scenario 'x': overrides[0].stream: no funding stream with key 'ghost'"
    ]


def test_negative_amount() -> None:
    stream = dataclasses.replace(STREAM, amount=-1)
    assert problems_of(streams=(stream,)) == ["stream 's': amount: amount -0.01 is negative; use 0 or more"]
