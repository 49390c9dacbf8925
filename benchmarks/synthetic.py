"""Synthetic workspaces of known sizes, for benchmarks of the forecast, the UI and the exports.

``synthetic_workspace("M", uncertain=10)`` always returns the same workspace: it is built
from a seeded generator. Money is sized so that the program runs out partway through the
horizon (about 85 % of the cost is covered), so forecasts exercise every rule: lapses,
fallback to unrestricted streams, and unfunded months.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from fundtracker.domain.months import add_months, first_day, last_day, month_index, month_of
from fundtracker.domain.records import (
    UNCERTAIN_STATUSES,
    Allocation,
    Expense,
    FundingStream,
    Organization,
    Position,
    Schedule,
    Tranche,
    Workspace,
)


@dataclass(frozen=True)
class Size:
    streams: int
    positions: int
    allocations: int
    months: int
    expenses: int


SIZES: dict[str, Size] = {
    "S": Size(streams=10, positions=10, allocations=15, months=36, expenses=3),
    "M": Size(streams=200, positions=200, allocations=400, months=120, expenses=40),
    "L": Size(streams=2000, positions=1000, allocations=5000, months=120, expenses=200),
}

START = month_of(2024, 1)
RESERVE_SHARE = 0.3
SCHEDULES = ("lump_sum", "monthly", "quarterly", "tranches", "reimbursement")


def horizon(size: str) -> tuple[int, int]:
    """(start month index, months) the benchmarks forecast ``size`` over."""
    return START, SIZES[size].months


def synthetic_workspace(size: str, uncertain: int = 0) -> Workspace:
    """A reproducible workspace of ``size`` "S", "M" or "L".

    Args:
        size: S (10 streams, 10 positions, 36 months), M (200 streams, 200 positions,
            400 allocations, 120 months) or L (2,000 streams, 1,000 positions, 5,000
            allocations, 120 months).
        uncertain: how many streams are pending/contested/prospect (the rest are secured).
    """
    spec = SIZES[size]
    rng = random.Random(f"fundtracker-{size}-{uncertain}")
    horizon_start = first_day(START)
    horizon_end = last_day(START + spec.months - 1)

    positions = []
    monthly_cost = 0
    for i in range(spec.positions):
        salary = rng.randrange(38_000, 95_000, 500) * 100
        fte = Decimal(rng.choice(["1", "1", "1", "0.5", "0.75"]))
        start = horizon_start + timedelta(days=rng.randrange(0, 200)) if rng.random() < 0.4 else horizon_start
        end = None
        if rng.random() < 0.25:
            end = start + timedelta(days=rng.randrange(365, spec.months * 30))
        positions.append(
            Position(
                key=f"pos{i:04d}",
                title=f"Position {i}",
                annual_salary=salary,
                start=start,
                fte=fte,
                end=end,
                fringe_rate=None if rng.random() < 0.8 else Decimal("0.3"),
                annual_raise=Decimal(rng.choice(["0", "0.03", "0.025"])),
            )
        )
        monthly_cost += int(salary * fte * Decimal("1.25") / 12)
    expenses = []
    for i in range(spec.expenses):
        recurrence = rng.choice(["monthly", "monthly", "annual", "once"])
        amount = rng.randrange(50, 5000) * 100
        expenses.append(
            Expense(
                key=f"exp{i:04d}",
                description=f"Expense {i}",
                amount=amount,
                start=add_months(horizon_start, rng.randrange(0, 12)),
                category=rng.choice(["travel", "supplies", "contractual", "other"]),
                recurrence=recurrence,
            )
        )
        monthly_cost += amount if recurrence == "monthly" else amount // 12

    # Streams: together about 85 % of the horizon's cost.
    budget = int(monthly_cost * spec.months * 0.85)
    uncertain_at = set(rng.sample(range(spec.streams), min(uncertain, spec.streams)))
    streams = []
    for i in range(spec.streams):
        share = budget // spec.streams
        amount = max(100_00, int(share * rng.uniform(0.4, 1.6)) // 100 * 100)
        start = add_months(horizon_start, rng.randrange(-6, max(1, spec.months - 12)))
        length = rng.randrange(12, 49)
        end: date | None = last_day(month_index(start) + length - 1) if rng.random() < 0.9 else None
        kind = SCHEDULES[i % len(SCHEDULES)]
        schedule = Schedule(type=kind)
        if kind == "tranches":
            parts = 4
            amounts = [amount // parts] * parts
            amounts[0] += amount - sum(amounts)
            tranches = tuple(Tranche(add_months(start, 3 * k), a) for k, a in enumerate(amounts))
            schedule = Schedule(type=kind, tranches=tranches)
        elif kind == "reimbursement":
            schedule = Schedule(type=kind, lag_days=rng.choice([30, 45, 60, 90]))
        status, probability = "secured", Decimal("1")
        if i in uncertain_at:
            status = rng.choice(UNCERTAIN_STATUSES)
            probability = Decimal(rng.randrange(20, 90)) / 100
        streams.append(
            FundingStream(
                key=f"str{i:04d}",
                name=f"Stream {i}",
                amount=amount,
                start=start,
                end=end if end is None or end <= horizon_end + timedelta(days=3650) else None,
                schedule=schedule,
                status=status,
                probability=probability,
                restricted=rng.random() < 0.8,
            )
        )

    # A general operating reserve (unrestricted, open-ended) covers the gaps for a few years.
    reserve = int(monthly_cost * spec.months * RESERVE_SHARE) // 100 * 100
    streams.append(
        FundingStream(
            key="reserve",
            name="General operating reserve",
            amount=reserve,
            start=horizon_start,
            schedule=Schedule(type="lump_sum"),
            restricted=False,
        )
    )

    allocations = []
    lines = [p.key for p in positions] + [e.key for e in expenses]
    per_line: dict[str, int] = {}
    for n in range(spec.allocations):
        line = lines[n % len(lines)]
        per_line[line] = per_line.get(line, 0) + 1
    for line, count in per_line.items():
        chosen = rng.sample(streams[: spec.streams], count)
        percent = Decimal(100 // count) if rng.random() < 0.7 else Decimal(90 // count)
        for k, stream in enumerate(chosen):
            start_date: date | None = None
            end_date: date | None = None
            if count >= 2 and k < 2 and rng.random() < 0.3:
                middle = add_months(horizon_start, spec.months // 2)
                # the first two take turns: one until the middle, the other after it
                if k == 0:
                    end_date = middle - timedelta(days=1)
                else:
                    start_date = middle
            allocations.append(Allocation(line, stream.key, percent, start_date, end_date))
    return Workspace(
        organization=Organization(name=f"Synthetic {size}", fiscal_year_start_month=7, fringe_rate=Decimal("0.25")),
        streams=tuple(streams),
        positions=tuple(positions),
        expenses=tuple(expenses),
        allocations=tuple(allocations),
    )
