"""Deadline generation from an award's reporting terms (DESIGN.md "After the award")."""

from datetime import date

import pytest

from fundtracker.domain.errors import InputError
from fundtracker.domain.records import ReportSubmission
from fundtracker.domain.report_calendar import ReportTerms, countdown, report_schedule

QUARTERLY = ReportTerms("quarterly", 30, 120)


def periods(reports):
    return [(r.period_start, r.period_end, r.due, r.final) for r in reports]


def test_calendar_year_award_has_three_quarters_and_a_final():
    reports = report_schedule("bja", "financial", date(2027, 1, 1), date(2027, 12, 31), QUARTERLY)
    assert periods(reports) == [
        (date(2027, 1, 1), date(2027, 3, 31), date(2027, 4, 30), False),  # 31 Mar + 30 days
        (date(2027, 4, 1), date(2027, 6, 30), date(2027, 7, 30), False),
        (date(2027, 7, 1), date(2027, 9, 30), date(2027, 10, 30), False),
        # The last quarter's report is the final one: 31 Dec 2027 + 120 days (2028 is a leap
        # year: Jan 31 + Feb 29 + Mar 31 + 29 = 120) = 29 Apr 2028.
        (date(2027, 10, 1), date(2027, 12, 31), date(2028, 4, 29), True),
    ]
    assert [r.title for r in reports] == [
        "SF-425 financial report for Q1 2027",
        "SF-425 financial report for Q2 2027",
        "SF-425 financial report for Q3 2027",
        "final SF-425 financial report",
    ]


def test_period_starting_mid_quarter_and_ending_mid_quarter():
    reports = report_schedule("vawa", "financial", date(2027, 5, 15), date(2028, 8, 15), QUARTERLY)
    assert periods(reports) == [
        (date(2027, 5, 15), date(2027, 6, 30), date(2027, 7, 30), False),  # a part quarter
        (date(2027, 7, 1), date(2027, 9, 30), date(2027, 10, 30), False),
        (date(2027, 10, 1), date(2027, 12, 31), date(2028, 1, 30), False),
        (date(2028, 1, 1), date(2028, 3, 31), date(2028, 4, 30), False),
        (date(2028, 4, 1), date(2028, 6, 30), date(2028, 7, 30), False),
        # 15 Aug + 120 days: 16 (rest of Aug) + 30 + 31 + 30 = 107 to 30 Nov, + 13 = 13 Dec 2028.
        (date(2028, 7, 1), date(2028, 8, 15), date(2028, 12, 13), True),
    ]
    assert reports[0].title == "SF-425 financial report for 2027-05-15 – 2027-06-30"


def test_period_ending_on_a_quarter_end_replaces_that_quarter_with_the_final():
    reports = report_schedule("bja", "financial", date(2027, 1, 1), date(2027, 9, 30), ReportTerms("quarterly", 30, 90))
    assert periods(reports)[-2:] == [
        (date(2027, 4, 1), date(2027, 6, 30), date(2027, 7, 30), False),
        (date(2027, 7, 1), date(2027, 9, 30), date(2027, 12, 29), True),  # DOJ: 90 days
    ]
    assert len(reports) == 3


def test_semiannual_and_annual_and_none():
    semi = report_schedule("a", "performance", date(2027, 3, 1), date(2028, 9, 30), ReportTerms("semiannual", 30, 90))
    assert [(r.period_end, r.final) for r in semi] == [
        (date(2027, 6, 30), False),
        (date(2027, 12, 31), False),
        (date(2028, 6, 30), False),
        (date(2028, 9, 30), True),
    ]
    annual = report_schedule("a", "financial", date(2027, 3, 1), date(2028, 9, 30), ReportTerms("annual", 90, 120))
    assert [(r.period_end, r.due) for r in annual] == [
        (date(2027, 12, 31), date(2028, 3, 30)),  # 31 Dec + 90 days (2028: 31 + 29 + 30)
        (date(2028, 9, 30), date(2029, 1, 28)),  # 30 Sep + 120 days
    ]
    only_final = report_schedule("a", "financial", date(2027, 3, 1), date(2028, 9, 30), ReportTerms("none", 0, 120))
    assert periods(only_final) == [(date(2027, 3, 1), date(2028, 9, 30), date(2029, 1, 28), True)]


def test_status_due_late_and_submitted():
    q1 = ReportSubmission("bja", "financial", date(2027, 1, 1), date(2027, 3, 31), date(2027, 5, 2))
    other_award = ReportSubmission("vawa", "financial", date(2027, 4, 1), date(2027, 6, 30), date(2027, 7, 1))
    reports = report_schedule("bja", "financial", date(2027, 1, 1), date(2027, 12, 31), QUARTERLY, [q1, other_award])
    today = date(2027, 8, 10)
    assert [r.status(today) for r in reports] == ["submitted", "late", "due", "due"]
    assert reports[0].submitted_on == date(2027, 5, 2)
    assert reports[0].submitted_late()  # due 30 April, submitted 2 May
    assert countdown(reports[1], today) == "SF-425 financial report for Q2 2027 was due 11 days ago"
    assert countdown(reports[2], today) == "SF-425 financial report for Q3 2027 due in 81 days"


def test_terms_changed_after_a_submission_keep_the_submission():
    q1 = ReportSubmission("bja", "financial", date(2027, 1, 1), date(2027, 3, 31), date(2027, 4, 20))
    h1 = ReportSubmission("bja", "financial", date(2027, 1, 1), date(2027, 6, 30), date(2027, 7, 20))
    # Quarterly first, Q1 submitted; the funder then moves the award to semi-annual reports.
    reports = report_schedule(
        "bja", "financial", date(2027, 1, 1), date(2028, 6, 30), ReportTerms("semiannual", 30, 120), [q1, h1]
    )
    assert [(r.period_start, r.period_end, r.submitted_on) for r in reports] == [
        (date(2027, 1, 1), date(2027, 3, 31), date(2027, 4, 20)),  # kept although Q1 is no longer a period
        (date(2027, 1, 1), date(2027, 6, 30), date(2027, 7, 20)),  # matched to the new first half-year
        (date(2027, 7, 1), date(2027, 12, 31), None),
        (date(2028, 1, 1), date(2028, 6, 30), None),
    ]
    assert reports[-1].final


def test_bad_terms_name_the_field():
    with pytest.raises(InputError) as caught:
        report_schedule("a", "financial", date(2027, 1, 1), date(2027, 12, 31), ReportTerms("weekly", 30, 120))
    assert caught.value.field == "financial.frequency"
    assert "monthly, quarterly, semiannual, annual, none" in str(caught.value)
    with pytest.raises(InputError) as caught:
        report_schedule("a", "financial", date(2027, 1, 1), date(2027, 12, 31), ReportTerms("quarterly", -1, 120))
    assert caught.value.field == "financial.due_days"
    with pytest.raises(InputError):
        report_schedule("a", "financial", date(2027, 12, 31), date(2027, 1, 1), QUARTERLY)


def test_monthly_reports():
    reports = report_schedule("a", "financial", date(2027, 1, 10), date(2027, 4, 30), ReportTerms("monthly", 15, 90))
    assert [(r.period_start, r.period_end, r.due) for r in reports] == [
        (date(2027, 1, 10), date(2027, 1, 31), date(2027, 2, 15)),
        (date(2027, 2, 1), date(2027, 2, 28), date(2027, 3, 15)),
        (date(2027, 3, 1), date(2027, 3, 31), date(2027, 4, 15)),
        (date(2027, 4, 1), date(2027, 4, 30), date(2027, 7, 29)),  # final: 30 Apr + 90 days
    ]
    assert reports[1].title == "SF-425 financial report for February 2027"
