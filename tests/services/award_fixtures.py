"""A small workspace with one federal award and its records, for the SF-425 and meter tests.

Figures (a $200,000.00 award, 2025-10-01 – 2026-09-30, de minimis 15 %, match stream "city"):

- federal spending tagged "bja" through 2025-12-31: personnel 3 × 10,000.00, fringe 7,500.00,
  travel 1,234.51, equipment 12,000.00 (one unit, at least the $10,000 threshold), a $845.33
  "equipment" item (below the threshold: supplies), contractual 5,000.00; plus 400.00 dated
  2025-09-20 (before the award) and 999.99 dated 2026-01-15 (a later report);
- match spending tagged "city": personnel 8,000.00, supplies 333.24;
- drawdown 1 (through 2025-11-30): 50,000.00, paid 30,000.00 on 2025-12-20 and 20,000.00 on
  2025-12-28; drawdown 2 (through and made on 2025-12-31): 12,000.00, paid 2026-01-20;
- obligations: 2,500.00 on 2025-12-15, 1,000.00 on 2026-01-05;
- program income (deduction): 700.00 on 2025-11-10, 500.00 on 2025-12-05.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fundtracker.domain.awards import Award, BudgetAmount, BudgetVersion, Drawdown, Obligation, Payment, ProgramIncome
from fundtracker.domain.records import (
    Actual,
    Allocation,
    AllocationOverride,
    Application,
    Expense,
    FundingStream,
    Organization,
    Position,
    Scenario,
    Schedule,
    Workspace,
)

START = date(2025, 10, 1)
END = date(2026, 9, 30)


def _actual(key: str, day: date, cents: int, stream: str, category: str) -> Actual:
    return Actual(key=key, date=day, amount=cents, stream=stream, category=category)


ACTUALS = (
    _actual("a1", date(2025, 10, 31), 10_000_00, "bja", "personnel"),
    _actual("a2", date(2025, 11, 30), 10_000_00, "bja", "personnel"),
    _actual("a3", date(2025, 12, 31), 10_000_00, "bja", "personnel"),
    _actual("a4", date(2025, 12, 31), 7_500_00, "bja", "fringe"),
    _actual("a5", date(2025, 11, 5), 1_234_51, "bja", "travel"),
    _actual("a6", date(2025, 10, 20), 12_000_00, "bja", "equipment"),
    _actual("a7", date(2025, 10, 21), 845_33, "bja", "equipment"),
    _actual("a8", date(2025, 12, 1), 5_000_00, "bja", "contractual"),
    _actual("a9", date(2025, 9, 20), 400_00, "bja", "supplies"),
    _actual("a10", date(2026, 1, 15), 999_99, "bja", "supplies"),
    _actual("m1", date(2025, 12, 31), 8_000_00, "city", "personnel"),
    _actual("m2", date(2025, 11, 12), 333_24, "city", "supplies"),
)

# Version 0: personnel 120,000 fringe 30,000 travel 4,000 supplies 6,000 contractual 20,000 (direct
# 180,000.00) + indirect 27,000.00 = 207,000.00; all federal but the 40,000.00 match of personnel.
APPROVED = BudgetVersion(
    0,
    date(2025, 9, 15),
    "approved",
    "budget at award",
    (
        BudgetAmount("personnel", 1, 80_000_00, 40_000_00),
        BudgetAmount("fringe", 1, 30_000_00, 0),
        BudgetAmount("travel", 1, 4_000_00, 0),
        BudgetAmount("supplies", 1, 6_000_00, 0),
        BudgetAmount("contractual", 1, 20_000_00, 0),
        BudgetAmount("indirect", 1, 27_000_00, 0),
    ),
)


# Amendment 1 (requested): 2,000.00 from supplies into other, approved at $0.
AMENDMENT = BudgetVersion(
    1,
    date(2026, 2, 1),
    "requested",
    "Outreach materials for the spring campaign",
    (
        *(
            BudgetAmount(a.category, a.year, a.federal - (2_000_00 if a.category == "supplies" else 0), a.non_federal)
            for a in APPROVED.amounts
        ),
        BudgetAmount("other", 1, 2_000_00, 0),
    ),
)

# The plan the application's budget comes from (12 months, Oct 2025 – Sep 2026): the lead at
# $120,000 with 25 % fringe on the award (personnel 120,000.00, fringe 30,000.00), travel 4,000.00
# once, supplies 500.00 a month (6,000.00), contractual 20,000.00 once: version 0 again. The
# coordinator ($60,000, 25 % fringe) is paid by the city; scenario "coord30" moves 30 % of the
# coordinator onto the award: 12 × 1,500.00 = 18,000.00 personnel and 12 × 375.00 = 4,500.00 fringe.
PLAN = {
    "positions": (
        Position(
            key="lead",
            title="Program lead",
            annual_salary=120_000_00,
            start=START,
            end=END,
            fringe_rate=Decimal("0.25"),
        ),
        Position(
            key="coord", title="Coordinator", annual_salary=60_000_00, start=START, end=END, fringe_rate=Decimal("0.25")
        ),
    ),
    "expenses": (
        Expense(
            key="travel",
            description="Conference travel",
            amount=4_000_00,
            start=START,
            category="travel",
            recurrence="once",
        ),
        Expense(
            key="supplies", description="Outreach supplies", amount=500_00, start=START, end=END, category="supplies"
        ),
        Expense(
            key="evaluation",
            description="Evaluator",
            amount=20_000_00,
            start=START,
            category="contractual",
            recurrence="once",
        ),
    ),
    "allocations": tuple(
        Allocation(cost=cost, stream=stream, percent=Decimal(100))
        for cost, stream in (
            ("lead", "bja"),
            ("coord", "city"),
            ("travel", "bja"),
            ("supplies", "bja"),
            ("evaluation", "bja"),
        )
    ),
    "scenarios": (
        Scenario(
            key="coord30",
            name="Coordinator 30 % on the award",
            overrides=(
                AllocationOverride("coord", "bja", Decimal(30)),
                AllocationOverride("coord", "city", Decimal(70)),
            ),
        ),
    ),
}


def award_workspace() -> Workspace:
    award = Award(
        key="bja",
        stream="bja",
        match_required=40_000_00,
        match_streams=("city",),
        indirect_rate=Decimal("0.15"),
        indirect_type="de_minimis",
        program_income_election="deduction",
        versions=(APPROVED, AMENDMENT),
        income=(ProgramIncome(date(2025, 11, 10), 700_00), ProgramIncome(date(2025, 12, 5), 500_00)),
        obligations=(Obligation(date(2025, 12, 15), 2_500_00), Obligation(date(2026, 1, 5), 1_000_00)),
        draws=(
            Drawdown(
                1,
                date(2025, 11, 30),
                date(2025, 12, 2),
                50_000_00,
                payments=(Payment(date(2025, 12, 20), 30_000_00), Payment(date(2025, 12, 28), 20_000_00)),
            ),
            Drawdown(
                2, date(2025, 12, 31), date(2025, 12, 31), 12_000_00, payments=(Payment(date(2026, 1, 20), 12_000_00),)
            ),
        ),
    )
    return Workspace(
        organization=Organization(name="KC Community Safety Partnership", ein="12-3456789", uei="ABCDEF123456"),
        streams=(
            FundingStream(
                key="bja",
                name="BJA Community Violence Intervention",
                amount=200_000_00,
                start=START,
                end=END,
                funder="Bureau of Justice Assistance",
                kind="federal_grant",
                schedule=Schedule(type="reimbursement", lag_days=30),
            ),
            FundingStream(
                key="city", name="City match", amount=40_000_00, start=START, end=END, kind="city_appropriation"
            ),
        ),
        applications=(
            Application(
                key="bja",
                funder="Bureau of Justice Assistance",
                program_title="Community Violence Intervention",
                stream="bja",
                requested_amount=200_000_00,
                period_start=START,
                period_end=END,
                status="awarded",
            ),
        ),
        actuals=ACTUALS,
        awards=(award,),
        **PLAN,
    )
