"""Time and effort: charged beside certified, the flags, and the proposed reallocation (hand-computed)."""

from datetime import date
from decimal import Decimal

from fundtracker.domain.effort import (
    effort_month,
    proposed_allocations,
)
from fundtracker.domain.months import month_of
from fundtracker.domain.records import Allocation, EffortCertification, EffortShare, Position
from fundtracker.domain.shares import line_allocations, month_shares
from fundtracker.domain.validation import validate_record

LEAD = Position("lead", "Team Lead", 60_000_00, date(2027, 1, 1))
SPLIT = [Allocation("lead", "bja", Decimal(60)), Allocation("lead", "county", Decimal(40))]
MARCH = EffortCertification(
    "lead",
    "2027-03",
    (EffortShare("bja", Decimal(50)), EffortShare("county", Decimal(50))),
    "Dana Ruiz",
    date(2027, 4, 3),
)
AS_OF = date(2027, 5, 10)  # January–April are closed; May is open


def test_certified_month_differing_by_more_than_five_points_is_flagged():
    march = effort_month(LEAD, SPLIT, [MARCH], month_of(2027, 3), AS_OF)
    assert [(line.stream, line.charged, line.certified, line.difference) for line in march.lines] == [
        ("bja", Decimal(60), Decimal(50), Decimal(-10)),
        ("county", Decimal(40), Decimal(50), Decimal(10)),
    ]
    assert march.flags == ("bja: certified 50 %, charged 60 %", "county: certified 50 %, charged 40 %")


def test_five_points_exactly_is_not_flagged():
    close = EffortCertification(
        "lead",
        "2027-03",
        (EffortShare("bja", Decimal(55)), EffortShare("county", Decimal(45))),
        "Dana",
        date(2027, 4, 3),
    )
    assert effort_month(LEAD, SPLIT, [close], month_of(2027, 3), AS_OF).flags == ()


def test_closed_month_charged_to_federal_but_not_certified_is_flagged_open_month_is_not():
    federal = {"bja"}
    assert effort_month(LEAD, SPLIT, [MARCH], month_of(2027, 4), AS_OF, federal).flags == ("not certified",)
    assert effort_month(LEAD, SPLIT, [MARCH], month_of(2027, 5), AS_OF, federal).flags == ()
    # Paid by local money only: nothing asks for a certification.
    assert effort_month(LEAD, SPLIT, [MARCH], month_of(2027, 4), AS_OF).flags == ()


def test_charged_effort_follows_the_cut_at_one_hundred_percent():
    over = [Allocation("lead", "bja", Decimal(70)), Allocation("lead", "county", Decimal(50))]
    month = effort_month(LEAD, over, [], month_of(2027, 2), AS_OF)
    # Engine order is by stream key: bja 70 %, then county's 50 % is cut to the 30 % left.
    assert [(line.stream, line.charged) for line in month.lines] == [("bja", Decimal(70)), ("county", Decimal(30))]


def test_proposed_reallocation_changes_only_the_certified_month():
    removed, added = proposed_allocations(LEAD, SPLIT, MARCH)
    assert removed == SPLIT
    assert sorted(added, key=lambda a: (a.stream, a.start or date.min)) == [
        Allocation("lead", "bja", Decimal(60), None, date(2027, 2, 28)),
        Allocation("lead", "bja", Decimal(50), date(2027, 3, 1), date(2027, 3, 31)),
        Allocation("lead", "bja", Decimal(60), date(2027, 4, 1), None),
        Allocation("lead", "county", Decimal(40), None, date(2027, 2, 28)),
        Allocation("lead", "county", Decimal(50), date(2027, 3, 1), date(2027, 3, 31)),
        Allocation("lead", "county", Decimal(40), date(2027, 4, 1), None),
    ]
    after = [a for a in SPLIT if a not in removed] + added
    assert effort_month(LEAD, after, [MARCH], month_of(2027, 3), AS_OF).flags == ()
    ordered = line_allocations("lead", after)

    def by_stream(month):
        shares = month_shares(5_000_00, ordered, month, LEAD.start)
        totals = {}
        for share, allocation in zip(shares, ordered):
            totals[allocation.stream] = totals.get(allocation.stream, 0) + share
        return totals

    # $60,000 a year is $5,000.00 a month: March moves from 3,000/2,000 to 2,500/2,500;
    # February and April stay 60/40.
    assert by_stream(month_of(2027, 3)) == {"bja": 2_500_00, "county": 2_500_00}
    assert by_stream(month_of(2027, 2)) == {"bja": 3_000_00, "county": 2_000_00}
    assert by_stream(month_of(2027, 4)) == {"bja": 3_000_00, "county": 2_000_00}


def test_certification_must_total_one_hundred_and_be_made_after_the_month_began():
    short = EffortCertification("lead", "2027-03", (EffortShare("bja", Decimal(90)),), "Dana", date(2027, 4, 3))
    assert [(p.field, p.message) for p in validate_record(short)] == [
        ("shares", "the certified percents add up to 90 %, not 100 %")
    ]
    early = EffortCertification("lead", "2027-03", (EffortShare("bja", Decimal(100)),), "", date(2027, 2, 27))
    assert [p.field for p in validate_record(early)] == ["certifier", "certified_on"]
    assert validate_record(MARCH) == []
