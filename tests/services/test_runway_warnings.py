"""Warnings where the user acts (issue 13), hand-computed on a small workspace.

Fringe 0, so a position's month is salary / 12: the Coordinator $10,000.00, the Team Lead $5,000.00.
Horizon January 2027 – December 2028 (24 months). Lump sums arrive in the stream's start month.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from fundtracker import forecast
from fundtracker.domain.months import month_of
from fundtracker.domain.records import Allocation, FundingStream, Organization, Position, Workspace
from fundtracker.services.runway_warnings import month_span, runway_warnings, warnings_of

START = month_of(2027, 1)


def workspace() -> Workspace:
    streams = (
        FundingStream("federal", "Federal grant", 6_000_000, date(2027, 6, 1), date(2028, 12, 31)),
        FundingStream("city", "City fund", 15_000_000, date(2027, 1, 1), date(2028, 1, 31)),
    )
    positions = (
        Position("coord", "Coordinator", 12_000_000, date(2027, 1, 1)),
        Position("lead", "Team Lead", 6_000_000, date(2027, 1, 1)),
    )
    allocations = (
        Allocation("coord", "federal", Decimal("50")),
        Allocation("coord", "city", Decimal("50")),
    )
    return Workspace(Organization(name="Test"), streams, positions, (), allocations)


def test_month_spans() -> None:
    assert month_span(month_of(2027, 1), month_of(2027, 5)) == "January–May 2027"
    assert month_span(month_of(2026, 11), month_of(2027, 5)) == "November 2026–May 2027"
    assert month_span(month_of(2027, 5), month_of(2027, 5)) == "May 2027"


def test_each_rule_with_its_figures() -> None:
    found = warnings_of(workspace(), START, 24)
    assert [w.message for w in found] == [
        # Federal pays only from June 2027: its 50 % of the Coordinator ($5,000.00 a month) is
        # unpaid January–May 2027, and with no unrestricted money the line is 5 × $5,000.00 short.
        "Federal grant starts 2027-06-01; this share of Coordinator is unpaid January–May 2027: "
        "Coordinator goes $25,000.00 short in those months",
        # The city fund ends January 2028: its share is unpaid February–December 2028 (11 months ×
        # $5,000.00 = $55,000.00). Federal's $60,000.00 paid its share June 2027 – May 2028 (12 ×
        # $5,000.00), so June–December 2028 its share is short too (7 × $5,000.00 = $35,000.00):
        # $90,000.00 short in those months.
        "City fund ends 2028-01-31; this share of Coordinator is unpaid February–December 2028: "
        "Coordinator goes $90,000.00 short in those months",
        # The city fund paid the Coordinator's half for 13 months (January 2027 – January 2028):
        # $150,000.00 − 13 × $5,000.00 = $85,000.00 lapses at the close of January 2028, while the
        # Team Lead (allocated to nothing, with cost in the city fund's period) is unfunded from the start.
        "$85,000.00 of City fund lapses in January 2028 while Team Lead goes unfunded from January 2027: "
        "allocate Team Lead to it?",
        # Nothing pays the Team Lead: 24 × $5,000.00.
        "Team Lead is paid by nothing: it is allocated to no stream and no unrestricted money reaches it "
        "($120,000.00 unfunded from January 2027)",
    ]
    assert [(w.kind, w.cost, w.stream, w.allocation) for w in found] == [
        ("outside_period", "coord", "federal", "coord->federal"),
        ("outside_period", "coord", "city", "coord->city"),
        ("lapse_unfunded", "lead", "city", None),
        ("unpaid_position", "lead", None, None),
    ]
    assert found[0].months == tuple(range(month_of(2027, 1), month_of(2027, 6)))
    assert found[2].months == (month_of(2028, 1),)


def test_the_figures_are_the_engines() -> None:
    projection = forecast.forecast(workspace(), "expected", start=START, months=24)
    city = projection.stream_totals["city"]
    assert city.lapsed_total == 8_500_000
    assert projection.line_totals["lead"].unfunded_total == 12_000_000
    assert runway_warnings(projection) == warnings_of(workspace(), START, 24)


def test_following_the_advice_clears_the_lapse_and_the_unpaid_lead() -> None:
    # Allocating the lead 100 % to the city fund spends the money that lapsed: the city pays
    # $5,000.00 + $5,000.00 a month for 13 months = $130,000.00 of its $150,000.00; $20,000.00 still
    # lapses, but the lead is now allocated to it, so nothing is suggested; the lead is paid.
    ws = workspace()
    ws = dataclasses.replace(ws, allocations=(*ws.allocations, Allocation("lead", "city", Decimal("100"))))
    kinds = [(w.kind, w.cost) for w in warnings_of(ws, START, 24)]
    assert kinds == [
        ("outside_period", "coord"),
        ("outside_period", "coord"),
        ("outside_period", "lead"),
    ]


def test_unrestricted_money_pays_an_early_share_and_the_unallocated_lead() -> None:
    ws = workspace()
    reserve = FundingStream("reserve", "Reserve", 100_000_000, date(2026, 1, 1), None, restricted=False)
    ws = dataclasses.replace(ws, streams=(*ws.streams, reserve))
    messages = [w.message for w in warnings_of(ws, START, 24)]
    assert messages == [
        "Federal grant starts 2027-06-01; this share of Coordinator is unpaid January–May 2027: "
        "unrestricted money pays it then",
        "City fund ends 2028-01-31; this share of Coordinator is unpaid February–December 2028: "
        "unrestricted money pays it then",
    ]


def test_a_clean_workspace_has_no_warnings() -> None:
    streams = (FundingStream("city", "City fund", 12_000_000, date(2027, 1, 1), date(2027, 12, 31)),)
    positions = (Position("lead", "Team Lead", 12_000_000, date(2027, 1, 1), end=date(2027, 12, 31)),)
    ws = Workspace(Organization(), streams, positions, (), (Allocation("lead", "city", Decimal("100")),))
    assert warnings_of(ws, START, 24) == []


def test_the_runway_command_prints_them(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from fundtracker.cli import run_command
    from fundtracker.store import json_format

    path = tmp_path / "small.json"
    json_format.write_file(workspace(), path)
    assert run_command(["runway", str(path), "--start", "2027-01", "--months", "24", "--as-of", "2027-01-01"]) == 0
    out = capsys.readouterr().out
    tail = out[out.index("\nWarnings:\n") :].splitlines()
    assert tail[2:] == [f"  {w.message}" for w in warnings_of(workspace(), START, 24)]
    assert tail[-1] == (
        "  Team Lead is paid by nothing: it is allocated to no stream and no unrestricted money reaches it "
        "($120,000.00 unfunded from January 2027)"
    )
