"""Workspaces the consistency suite computes every figure of, through every output.

Each holds what makes budgets disagree when a rule is re-implemented: costs shared between
streams (with leftover cents), a position hired mid-month, an allocation starting mid-month (not
active in that month), a stream ending mid-year (its shares after that are not its own), equipment
above and below the per-unit threshold (below it is supplies in a federal budget only), a
construction cost (out of MTDC), a cost no stream pays, a match and a negotiated rate, and a
federal stream with no application (the organization's rate). Every stream is restricted and
holds more than it is asked to pay, so the runway charges each stream exactly its shares.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from fundtracker.domain.records import (
    Allocation,
    Application,
    Expense,
    FundingStream,
    Organization,
    Position,
    Section,
    Workspace,
)
from fundtracker.services.application_budget import application_budget

D = Decimal


def with_requested_amounts(workspace: Workspace) -> Workspace:
    """Each application asks for exactly its budget's federal share (so the PDF has no warning)."""
    applications = tuple(
        dataclasses.replace(a, requested_amount=application_budget(workspace, a.key).federal_total)
        for a in workspace.applications
    )
    return dataclasses.replace(workspace, applications=applications)


def _abstract(text: str) -> tuple[Section, ...]:
    return (Section("abstract", "Abstract", text),)


def match_and_negotiated_rate() -> Workspace:
    """FY from July; a federal grant (2014 guidance: $5,000 threshold) with a 20 % negotiated rate
    and a 10 % match; a city stream that ends in December; a foundation."""
    org = Organization(name="Consistency One", fiscal_year_start_month=7, fringe_rate=D("0.3"), indirect_rate=D("0.12"))
    streams = (
        FundingStream("fed", "Federal award", 200_000_000, date(2025, 7, 1), date(2027, 6, 30), kind="federal_grant"),
        FundingStream(
            "city", "City fund", 100_000_000, date(2025, 7, 1), date(2026, 12, 31), kind="city_appropriation"
        ),
        FundingStream("found", "Foundation", 50_000_000, date(2025, 7, 1), date(2027, 6, 30), kind="foundation_grant"),
    )
    positions = (
        Position("p1", "Case manager", 6_123_457, date(2025, 7, 15), fte=D("0.75"), annual_raise=D("0.035")),
        Position("p2", "Analyst", 4_800_001, date(2025, 7, 1), fringe_rate=D("0.2213")),
        Position("p3", "Outreach worker", 5_555_555, date(2025, 10, 1), end=date(2027, 3, 14)),
    )
    expenses = (
        Expense("van", "Outreach van", 600_000, date(2025, 9, 1), "equipment", "once"),
        Expense("laptops", "Laptop", 400_000, date(2025, 8, 1), "equipment", "once"),
        Expense("shed", "Storage shed", 2_000_000, date(2026, 3, 1), "construction", "once"),
        Expense("mileage", "Mileage", 33_333, date(2025, 8, 1), "travel", "monthly", date(2027, 5, 31)),
        Expense("audit", "Annual audit", 150_050, date(2025, 8, 1), "contractual", "annual"),
        Expense("phones", "Phones", 12_000, date(2025, 7, 1), "supplies", "monthly"),
    )
    allocations = (
        Allocation("p1", "fed", D("50")),
        Allocation("p1", "city", D("50")),
        Allocation("p2", "fed", D("33.33"), start=date(2025, 9, 15)),  # not active in September
        Allocation("p2", "found", D("66.67")),
        Allocation("p3", "fed", D("100")),
        Allocation("van", "fed", D("100")),
        Allocation("laptops", "fed", D("50")),
        Allocation("laptops", "found", D("50")),
        Allocation("shed", "fed", D("100")),
        Allocation("mileage", "fed", D("33.33")),
        Allocation("mileage", "city", D("33.33")),
        Allocation("audit", "found", D("100")),
    )
    application = Application(
        "app1",
        "Department of Justice",
        "Consistency program",
        stream="fed",
        period_start=date(2025, 7, 1),
        period_end=date(2027, 6, 30),
        budget_years=2,
        uniform_guidance="2014",
        negotiated_indirect_rate=D("0.2"),
        match_percent=D("10"),
        sections=_abstract("We request {{application.requested_amount}}; the federal share is {{budget.federal}}."),
    )
    workspace = Workspace(org, streams, positions, expenses, allocations, applications=(application,))
    return with_requested_amounts(workspace)


def two_federal_streams() -> Workspace:
    """FY from October; federal grant A (2024 guidance: de minimis 15 %, $10,000 threshold), federal
    grant B with no application (organization's rate) that ends in March, a state grant."""
    org = Organization(
        name="Consistency Two", fiscal_year_start_month=10, fringe_rate=D("0.25"), indirect_rate=D("0.1")
    )
    streams = (
        FundingStream("fed_a", "Federal A", 300_000_000, date(2025, 10, 1), date(2027, 9, 30), kind="federal_grant"),
        FundingStream("fed_b", "Federal B", 100_000_000, date(2025, 10, 1), date(2026, 3, 31), kind="federal_grant"),
        FundingStream("state", "State grant", 100_000_000, date(2025, 10, 1), date(2027, 9, 30), kind="state_grant"),
    )
    positions = (
        Position("q1", "Coordinator", 7_000_000, date(2025, 11, 10), annual_raise=D("0.03")),
        Position("q2", "Navigator", 5_200_000, date(2025, 10, 1)),
    )
    expenses = (
        Expense("truck", "Truck", 1_200_000, date(2025, 12, 1), "equipment", "once"),
        Expense("printer", "Printer", 750_000, date(2025, 11, 1), "equipment", "once"),
        Expense("scanner", "Scanner", 750_000, date(2026, 1, 1), "equipment", "once"),
        Expense("rent", "Office rent", 210_001, date(2025, 10, 1), "other", "monthly"),
    )
    allocations = (
        Allocation("q1", "fed_a", D("60")),
        Allocation("q1", "state", D("40")),
        Allocation("q2", "fed_b", D("100")),  # fed_b ends in March: after that q2 is no stream's
        Allocation("truck", "fed_a", D("100")),
        Allocation("printer", "fed_b", D("100")),
        Allocation("scanner", "state", D("100")),
        Allocation("rent", "fed_a", D("50")),
        Allocation("rent", "fed_b", D("25")),
        Allocation("rent", "state", D("25")),
    )
    application = Application(
        "app_a",
        "Department of Health",
        "Navigation program",
        stream="fed_a",
        period_start=date(2025, 10, 1),
        period_end=date(2027, 9, 30),
        budget_years=2,
        uniform_guidance="2024",
        sections=_abstract("We request {{application.requested_amount}}."),
    )
    workspace = Workspace(org, streams, positions, expenses, allocations, applications=(application,))
    return with_requested_amounts(workspace)
