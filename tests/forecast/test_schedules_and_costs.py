"""Money in by each schedule type, and costs (proration, fiscal-year raises), computed by hand."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from forecast_builders import alloc, cents, expense, money_list, position, run, stream, workspace
from hypothesis import given, settings
from hypothesis import strategies as st

from fundtracker.domain.costs import expense_month, position_month
from fundtracker.domain.months import month_index, month_of
from fundtracker.domain.records import Expense, Organization, Position
from fundtracker.forecast.cost_matrix import cost_matrix


def col(projection, key: str, what: str) -> list[int]:
    row = projection.stream_row(key)
    return [int(v) for v in getattr(projection, f"stream_{what}")[row]]


def test_lump_sum_pays_until_it_runs_out() -> None:
    # $12,000 on Jan 1; the position costs $60,000 / 12 = $5,000 a month (no fringe).
    # Jan 5,000 (7,000 left), Feb 5,000 (2,000 left), Mar 2,000 paid + 3,000 unfunded.
    ws = workspace((stream("a", "12000"),), (position("p", "60000"),), allocations=(alloc("p", "a"),))
    p = run(ws, 4)
    assert col(p, "a", "inflow") == money_list("12000", "0", "0", "0")
    assert col(p, "a", "charged") == money_list("5000", "5000", "2000", "0")
    assert col(p, "a", "balance") == money_list("7000", "2000", "0", "0")
    assert [int(v) for v in p.unfunded] == money_list("0", "0", "3000", "5000")
    assert p.funded_through == date(2024, 2, 29)


def test_monthly_splits_evenly_with_leftover_cents_to_the_earliest() -> None:
    # $100.00 over Jan–Mar: 10000 cents / 3 = 3333 r 1 -> 33.34, 33.33, 33.33.
    ws = workspace((stream("a", "100", end=date(2024, 3, 31), schedule="monthly", restricted=False),))
    p = run(ws, 4)
    assert col(p, "a", "inflow") == money_list("33.34", "33.33", "33.33", "0")
    # Nothing is spent: the whole $100 lapses at the close of March.
    assert col(p, "a", "lapsed") == money_list("0", "0", "100", "0")
    assert col(p, "a", "balance") == money_list("33.34", "66.67", "0", "0")


def test_monthly_stream_pays_only_what_has_arrived() -> None:
    # $12,000 monthly over 2024 = $1,000 a month; the position costs $18,000 / 12 = $1,500.
    ws = workspace(
        (stream("a", "12000", schedule="monthly"),), (position("p", "18000"),), allocations=(alloc("p", "a"),)
    )
    p = run(ws, 3)
    assert col(p, "a", "charged") == money_list("1000", "1000", "1000")
    assert [int(v) for v in p.unfunded] == money_list("500", "500", "500")
    assert p.funded_through == date(2023, 12, 31)


def test_quarterly_splits_over_quarters_from_the_start_month() -> None:
    # Jan–Aug is 8 months = 3 quarters (Jan, Apr, Jul); 100000 cents / 3 = 33333 r 1.
    ws = workspace((stream("a", "1000", end=date(2024, 8, 31), schedule="quarterly"),))
    p = run(ws, 9)
    assert col(p, "a", "inflow") == money_list("333.34", "0", "0", "333.33", "0", "0", "333.33", "0", "0")
    assert col(p, "a", "lapsed")[7] == cents("1000")


def test_tranches_arrive_in_their_months() -> None:
    # $4,000 on Jan 15, $6,000 on Apr 10; period Jan–Jun; the position costs $36,000/12 = $3,000.
    # Jan: 4,000 in, 3,000 paid (1,000 left). Feb: 1,000 paid, 2,000 unfunded. Mar: 3,000 unfunded.
    # Apr: 6,000 in, 3,000 paid. May: 3,000 paid. Jun: nothing left, 3,000 unfunded.
    tranches = ((date(2024, 1, 15), "4000"), (date(2024, 4, 10), "6000"))
    ws = workspace(
        (stream("a", "10000", end=date(2024, 6, 30), schedule="tranches", tranches=tranches),),
        (position("p", "36000"),),
        allocations=(alloc("p", "a"),),
    )
    p = run(ws, 6)
    assert col(p, "a", "inflow") == money_list("4000", "0", "0", "6000", "0", "0")
    assert [int(v) for v in p.unfunded] == money_list("0", "2000", "3000", "0", "0", "3000")


def test_reimbursement_inflow_follows_charges_and_cash_comes_late() -> None:
    # Award $10,000, lag 45 days; the position costs $3,000 a month.
    # Charged 3,000 in Jan, Feb, Mar, then the last 1,000 in Apr (2,000 unfunded).
    # Cash for a month's charges arrives 45 days after its close:
    #   Jan 31 + 45 = Mar 16, Feb 29 + 45 = Apr 14, Mar 31 + 45 = May 15, Apr 30 + 45 = Jun 14.
    # Position at each close: Jan -3,000; Feb -6,000; Mar -9,000 + 3,000 = -6,000;
    #   Apr -10,000 + 6,000 = -4,000; May -10,000 + 9,000 = -1,000; Jun 0. Low point -6,000 in Feb.
    ws = workspace(
        (stream("f", "10000", schedule="reimbursement", lag_days=45),),
        (position("p", "36000"),),
        allocations=(alloc("p", "f"),),
    )
    p = run(ws, 6)
    assert col(p, "f", "inflow") == money_list("3000", "3000", "3000", "1000", "0", "0")
    assert col(p, "f", "charged") == money_list("3000", "3000", "3000", "1000", "0", "0")
    assert col(p, "f", "balance") == [0] * 6
    assert [int(v) for v in p.cash_position[p.stream_row("f")]] == money_list(
        "-3000", "-6000", "-6000", "-4000", "-1000", "0"
    )
    assert p.cash_low_point.amount == cents("-6000")
    assert p.cash_low_point.month == month_of(2024, 2)
    assert p.stream_cash_low_points["f"].amount == cents("-6000")
    assert [int(v) for v in p.unfunded] == money_list("0", "0", "0", "2000", "3000", "3000")


def test_reimbursement_award_left_undrawn_is_reported_not_lapsed() -> None:
    # Award $10,000 for Jan–Mar; costs $3,000 a month: 9,000 drawn, 1,000 undrawn at the close of March.
    ws = workspace(
        (stream("f", "10000", end=date(2024, 3, 31), schedule="reimbursement", lag_days=30),),
        (position("p", "36000"),),
        allocations=(alloc("p", "f"),),
    )
    p = run(ws, 4)
    totals = p.stream_totals["f"]
    assert (totals.charged_total, totals.lapsed_total, totals.undrawn_total) == (cents("9000"), 0, cents("1000"))


def test_proration_of_a_mid_month_start_and_end() -> None:
    # Salary $62,000, org fringe 25 %: full month salary round(6200000 / 12 = 516666.67) = 516667 cents,
    # fringe round(516667 × 0.25 = 129166.75) = 129167 -> $6,458.34.
    # Starts Jan 16: 16 of 31 days. salary round(516667 × 16 / 31 = 266666.84) = 266667,
    #   fringe round(129167 × 16 / 31 = 66666.84) = 66667 -> $3,333.34.
    # Ends Mar 10: 10 of 31 days. salary round(516667 × 10 / 31 = 166666.77) = 166667,
    #   fringe round(129167 × 10 / 31 = 41666.77) = 41667 -> $2,083.34.
    ws = workspace(positions=(position("p", "62000", date(2024, 1, 16), date(2024, 3, 10)),), fringe="0.25")
    p = run(ws, 4)
    assert [int(v) for v in p.line_cost[0]] == money_list("3333.34", "6458.34", "2083.34", "0")


def test_fiscal_year_raises_and_fiscal_year_totals() -> None:
    # FY starts in July. $48,000 from Jan 2024 (FY2024) with a 10 % raise each fiscal year after the first:
    # Jan–Jun 2024 48,000/12 = 4,000; FY2025 (Jul 2024–Jun 2025) 52,800/12 = 4,400;
    # FY2026 from Jul 2025: 48,000 × 1.1² = 58,080 / 12 = 4,840.
    ws = workspace(positions=(position("p", "48000", annual_raise="0.10"),), fiscal_year_start_month=7)
    p = run(ws, 24)
    assert [int(v) for v in p.line_cost[0]] == money_list(*(["4000"] * 6 + ["4400"] * 12 + ["4840"] * 6))
    years = p.fiscal_years()
    assert [(y.fiscal_year, y.cost) for y in years] == [
        (2024, cents("24000")),  # 6 × 4,000
        (2025, cents("52800")),  # 12 × 4,400
        (2026, cents("29040")),  # 6 × 4,840
    ]
    assert years[0].first_month == month_of(2024, 1) and years[0].last_month == month_of(2024, 6)
    assert sum(y.unfunded for y in years) == int(p.unfunded.sum()) == cents("105840")


def test_expense_recurrences() -> None:
    # monthly $120 from Jan; annual $2,500 from Feb (Feb 2024, Feb 2025); once $3,600 in Jul 2024.
    ws = workspace(
        expenses=(
            expense("a_phones", "120"),
            expense("b_training", "2500", date(2024, 2, 1), recurrence="annual"),
            expense("c_laptops", "3600", date(2024, 7, 1), recurrence="once"),
        )
    )
    p = run(ws, 14)
    assert [int(v) for v in p.line_cost[0]] == [cents("120")] * 14
    assert [int(v) for v in p.line_cost[1]] == [0, cents("2500")] + [0] * 11 + [cents("2500")]
    assert [int(v) for v in p.line_cost[2]] == [0] * 6 + [cents("3600")] + [0] * 7


days = st.integers(min_value=0, max_value=1500)


@settings(max_examples=150, deadline=None)
@given(
    start=days,
    length=st.one_of(st.none(), days),
    recurrence=st.sampled_from(["monthly", "annual", "once"]),
    window=st.integers(min_value=-30, max_value=40),
)
def test_expense_matrix_matches_domain_costs(start: int, length: int | None, recurrence: str, window: int) -> None:
    begin = date(2022, 1, 1) + timedelta(days=start)
    end = None if length is None else begin + timedelta(days=length)
    item = Expense("e", "e", 12345, begin, recurrence=recurrence, end=end)
    first = month_index(begin) + window
    matrix = cost_matrix((), (item,), Organization(), first, 30)
    assert [int(v) for v in matrix[0]] == [expense_month(item, first + i) for i in range(30)]


@settings(max_examples=150, deadline=None)
@given(
    start=days,
    length=st.one_of(st.none(), days),
    salary=st.integers(min_value=0, max_value=20_000_000),
    fte=st.sampled_from(["1", "0.5", "0.75", "1.5", "0.33"]),
    fringe=st.sampled_from([None, "0", "0.3", "0.2275"]),
    annual_raise=st.sampled_from(["0", "0.03", "0.025"]),
    fy_start=st.integers(min_value=1, max_value=12),
    window=st.integers(min_value=-30, max_value=30),
)
def test_position_matrix_matches_domain_costs(
    start: int,
    length: int | None,
    salary: int,
    fte: str,
    fringe: str | None,
    annual_raise: str,
    fy_start: int,
    window: int,
) -> None:
    begin = date(2022, 1, 1) + timedelta(days=start)
    end = None if length is None else begin + timedelta(days=length)
    item = Position(
        "p",
        "p",
        salary,
        begin,
        Decimal(fte),
        end,
        None if fringe is None else Decimal(fringe),
        Decimal(annual_raise),
    )
    org = Organization(fiscal_year_start_month=fy_start, fringe_rate=Decimal("0.25"))
    first = month_index(begin) + window
    matrix = cost_matrix((item,), (), org, first, 40)
    assert [int(v) for v in matrix[0]] == [position_month(item, org, first + i).total for i in range(40)]
