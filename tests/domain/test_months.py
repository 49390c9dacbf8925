from datetime import date

import pytest

from fundtracker.domain.errors import InputError
from fundtracker.domain.months import (
    active_days,
    fiscal_year,
    fiscal_year_months,
    format_month,
    month_index,
    month_name,
    month_of,
    parse_month,
)


def test_fiscal_year_named_by_year_it_ends() -> None:
    # Kansas City: FY starts in May; FY2023 = May 2022 – Apr 2023.
    assert fiscal_year(month_of(2022, 5), 5) == 2023
    assert fiscal_year(month_of(2023, 4), 5) == 2023
    assert fiscal_year(month_of(2022, 4), 5) == 2022
    assert fiscal_year(month_of(2023, 1), 1) == 2023
    assert fiscal_year(month_of(2023, 12), 1) == 2023
    months = fiscal_year_months(2023, 5)
    assert format_month(months[0]) == "2022-05"
    assert format_month(months[-1]) == "2023-04"
    assert format_month(fiscal_year_months(2023, 1)[0]) == "2023-01"


def test_month_round_trip_and_names() -> None:
    assert parse_month("2023-03") == month_index(date(2023, 3, 15))
    assert month_name(parse_month("2023-03")) == "March 2023"
    with pytest.raises(InputError, match="YYYY-MM"):
        parse_month("2023-13")


def test_active_days() -> None:
    feb = month_of(2024, 2)
    assert active_days(feb, None, None) == 29
    assert active_days(feb, date(2024, 2, 20), None) == 10
    assert active_days(feb, date(2024, 1, 1), date(2024, 2, 10)) == 10
    assert active_days(feb, date(2024, 3, 1), None) == 0
