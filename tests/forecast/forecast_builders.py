"""Small builders for hand-made forecast workspaces (money given in dollars as text)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fundtracker.domain.money import parse_money
from fundtracker.domain.months import month_of
from fundtracker.domain.records import (
    Allocation,
    Expense,
    FundingStream,
    Organization,
    Position,
    Scenario,
    Schedule,
    Tranche,
    Workspace,
)
from fundtracker.forecast import Projection, forecast

JAN_2024 = month_of(2024, 1)


def cents(dollars: str) -> int:
    return parse_money(dollars, allow_negative=True)


def stream(
    key: str,
    amount: str,
    start: date = date(2024, 1, 1),
    end: date | None = date(2024, 12, 31),
    *,
    schedule: str = "lump_sum",
    restricted: bool = True,
    status: str = "secured",
    probability: str = "1",
    tranches: tuple[tuple[date, str], ...] = (),
    lag_days: int = 0,
) -> FundingStream:
    return FundingStream(
        key=key,
        name=f"Stream {key}",
        amount=cents(amount),
        start=start,
        end=end,
        schedule=Schedule(schedule, tuple(Tranche(d, cents(a)) for d, a in tranches), lag_days),
        status=status,
        probability=Decimal(probability),
        restricted=restricted,
    )


def position(
    key: str,
    salary: str,
    start: date = date(2024, 1, 1),
    end: date | None = None,
    *,
    fte: str = "1",
    fringe: str | None = None,
    annual_raise: str = "0",
) -> Position:
    return Position(
        key=key,
        title=f"Position {key}",
        annual_salary=cents(salary),
        start=start,
        fte=Decimal(fte),
        end=end,
        fringe_rate=None if fringe is None else Decimal(fringe),
        annual_raise=Decimal(annual_raise),
    )


def expense(
    key: str, amount: str, start: date = date(2024, 1, 1), end: date | None = None, recurrence: str = "monthly"
) -> Expense:
    return Expense(
        key=key, description=f"Expense {key}", amount=cents(amount), start=start, recurrence=recurrence, end=end
    )


def alloc(
    cost: str, stream_key: str, percent: str = "100", start: date | None = None, end: date | None = None
) -> Allocation:
    return Allocation(cost, stream_key, Decimal(percent), start, end)


def workspace(
    streams: tuple[FundingStream, ...] = (),
    positions: tuple[Position, ...] = (),
    expenses: tuple[Expense, ...] = (),
    allocations: tuple[Allocation, ...] = (),
    scenarios: tuple[Scenario, ...] = (),
    *,
    fringe: str = "0",
    fiscal_year_start_month: int = 1,
) -> Workspace:
    return Workspace(
        organization=Organization(
            name="Test org", fiscal_year_start_month=fiscal_year_start_month, fringe_rate=Decimal(fringe)
        ),
        streams=streams,
        positions=positions,
        expenses=expenses,
        allocations=allocations,
        scenarios=scenarios,
    )


def run(
    ws: Workspace, months: int = 12, *, view: str = "expected", scenario: str | None = None, start: int = JAN_2024
) -> Projection:
    return forecast(ws, view=view, scenario=scenario, start=start, months=months)


def money_list(*dollars: str) -> list[int]:
    return [cents(d) for d in dollars]
