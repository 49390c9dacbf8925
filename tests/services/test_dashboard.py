"""The dashboard's words and lists, checked against the forecast engine."""

from __future__ import annotations

from datetime import date

from fundtracker import forecast
from fundtracker.domain.months import month_of
from fundtracker.domain.records import Workspace
from fundtracker.services.dashboard import (
    Runway,
    chance_through,
    fiscal_year_end,
    headline,
    percent_text,
    runway_phrase,
    target_year_end,
    upcoming,
    year_end_phrase,
)

MARCH_2022 = month_of(2022, 3)


def test_fiscal_year_ends() -> None:
    assert fiscal_year_end(month_of(2022, 3), 5) == month_of(2022, 4)
    assert fiscal_year_end(month_of(2022, 5), 5) == month_of(2023, 4)
    assert fiscal_year_end(month_of(2022, 3), 1) == month_of(2022, 12)
    # Two months before the year end, the headline looks to the next one.
    assert target_year_end(month_of(2022, 3), 5) == month_of(2023, 4)
    assert target_year_end(month_of(2022, 5), 5) == month_of(2023, 4)


def test_percent_text_rounds_half_up_and_never_claims_certainty() -> None:
    assert percent_text(0.625) == "62.5%"
    assert percent_text(0.62) == "62%"
    assert percent_text(0.12345) == "12.3%"
    assert percent_text(1.0) == "100%"
    assert percent_text(0.0) == "0%"
    assert percent_text(0.99996) == ">99.9%"
    assert percent_text(0.0004) == "<0.1%"
    # Exact enumeration: 0.5 × 0.35 × 0.6 is 10.5 %; the engine's float is 0.10499999999999998 (finding W1).
    assert percent_text(0.10499999999999998) == "10.5%"
    assert percent_text(0.105) == "10.5%"
    # A product whose half lies at the second decimal rounds half-up, not down by float noise.
    assert percent_text(0.5 * 0.257) == "12.9%"


def test_runway_phrases() -> None:
    start, end = month_of(2022, 3), month_of(2025, 2)
    assert runway_phrase(Runway(date(2023, 6, 30), start, end)) == "through June 2023"
    assert runway_phrase(Runway(None, start, end)) == "beyond February 2025"
    assert runway_phrase(Runway(date(2022, 2, 28), start, end)) == "not even in March 2022"


def test_headline_for_the_sample_matches_the_engine(sample: Workspace) -> None:
    secured = forecast.forecast(sample, "secured", start=MARCH_2022, months=36)
    expected = forecast.forecast(sample, "expected", start=MARCH_2022, months=36)
    result = forecast.probability(sample, "expected", start=MARCH_2022, months=36)
    year_end = target_year_end(MARCH_2022, sample.organization.fiscal_year_start_month)
    chance = chance_through(result.curve, year_end)
    end = MARCH_2022 + 35
    text = headline(
        Runway(secured.funded_through, MARCH_2022, end),
        Runway(expected.funded_through, MARCH_2022, end),
        chance,
        year_end,
        fiscal_start_month=5,
    )
    assert secured.funded_through == date(2022, 4, 30)
    assert expected.funded_through == date(2023, 6, 30)
    assert chance is not None
    assert text == (
        "Funded through April 2022 on secured money; through June 2023 expected; "
        f"{percent_text(chance)} chance of staying funded through April 2023, the end of next fiscal year"
    )
    assert headline(
        Runway(None, MARCH_2022, end), Runway(None, MARCH_2022, end), None, year_end, fiscal_start_month=5
    ) == ("Funded beyond February 2025 on secured money; beyond February 2025 expected")


def test_chance_through_reads_the_engines_curve() -> None:
    curve = [(month_of(2022, 3), 1.0), (month_of(2022, 4), 0.74)]
    assert chance_through(curve, month_of(2022, 4)) == 0.74
    assert chance_through(curve, month_of(2022, 5)) is None


def test_upcoming_lists_the_next_90_days(sample: Workspace) -> None:
    found = upcoming(sample, date(2022, 3, 1))
    assert [(u.date.isoformat(), u.what, u.kind, u.key) for u in found] == [
        ("2022-03-01", "application", "deadline", "bja_letters"),
        ("2022-03-15", "application due", "application", "bja_cvi"),
        ("2022-04-15", "decision", "deadline", "appeal"),  # also realloc's decision date: listed once
        ("2022-04-30", "report", "deadline", "combat_report"),
    ]
    assert all(date(2022, 3, 1) <= u.date <= date(2022, 5, 30) for u in found)
    # In 2030 no deadline is near; what is left is the federal grant's uncertified effort.
    later = upcoming(sample, date(2030, 1, 1))
    assert [(u.kind, u.key, u.title) for u in later] == [
        ("effort", "adv1", "Maria Peña (Client Advocate): 11 closed months not certified"),
        ("effort", "adv2", "D. Johnson (Client Advocate): 11 closed months not certified"),
        ("effort", "adv3", "A. Okafor (Client Advocate): 11 closed months not certified"),
    ]


def test_a_deadline_record_on_an_applications_own_due_date_is_listed_once(sample: Workspace) -> None:
    import dataclasses

    letters = dataclasses.replace(sample.deadlines[0], date=date(2022, 3, 15), title="Federal application due")
    assert letters.application == "bja_cvi"
    workspace = dataclasses.replace(sample, deadlines=(letters, *sample.deadlines[1:]))
    found = upcoming(workspace, date(2022, 3, 1))
    on_the_day = [(u.kind, u.key, u.title) for u in found if u.date == date(2022, 3, 15)]
    assert on_the_day == [("deadline", "bja_letters", "Federal application due")]


def test_the_year_end_phrase_names_the_fiscal_year() -> None:
    # November 2026, fiscal years from May: this year ends April 2027, five months away,
    # so the headline looks to the next one and says so.
    november = month_of(2026, 11)
    assert year_end_phrase(november, target_year_end(november, 5), 5) == ("April 2028, the end of next fiscal year")
    june = month_of(2026, 6)
    assert year_end_phrase(june, target_year_end(june, 5), 5) == ("April 2027, the end of this fiscal year")
    assert year_end_phrase(month_of(2022, 3), month_of(2022, 12), 1) == ("December 2022, the end of this fiscal year")


def test_who_goes_unfunded_first_shows_secured_and_expected_side_by_side() -> None:
    # Secured s ($6,000, January–June) pays 100 % of a and b (priority 1), $1,000 a month each:
    # $2,000 a month, so it lasts January–March; both go unfunded in April on secured money.
    # Pending p ($3,000 in April, unrestricted) adds, in the expected view, April for b (priority 1,
    # charged first: 1,000) and a (1,000), May for b (1,000); a is short in May, b in June.
    # Side by side: a and b both unfunded from April secured; then a (May) before b (June) expected.
    from dataclasses import replace

    from fundtracker.domain.records import Organization
    from fundtracker.services.dashboard import unfunded_both_views
    from tests.forecast.forecast_builders import alloc, position, stream

    jan = month_of(2024, 1)
    ws = Workspace(
        organization=Organization(name="Test org"),
        streams=(
            stream("s", "6000", end=date(2024, 6, 30)),
            stream("p", "3000", start=date(2024, 4, 1), end=None, restricted=False, status="pending"),
        ),
        positions=(position("a", "12000"), replace(position("b", "12000"), priority=1)),
        allocations=(alloc("a", "s"), alloc("b", "s")),
    )
    secured = forecast.forecast(ws, "secured", start=jan, months=12)
    expected = forecast.forecast(ws, "expected", start=jan, months=12)
    rows = unfunded_both_views(secured, expected)
    assert [(r.key, r.priority, r.secured, r.expected) for r in rows] == [
        ("a", None, date(2024, 3, 31), date(2024, 4, 30)),
        ("b", 1, date(2024, 3, 31), date(2024, 5, 31)),
    ]
    # Unfunded over the year: secured, 9 months × $1,000 each; expected, a 8 and b 7 months.
    assert [(r.secured_unfunded, r.expected_unfunded) for r in rows] == [(900000, 800000), (900000, 700000)]
