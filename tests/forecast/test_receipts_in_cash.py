"""Recorded receipts replace the lag schedule in the closed months of the cash low point.

The stream ``rb``: a $3,000 reimbursement award, cash 30 days after each month's close. Spent
$1,200 in January and $2,500 in February; forecast as of March 1 (January and February closed).
The award charged 1,200 in January and the 1,800 left in February (700 overspent).
"""

from __future__ import annotations

import dataclasses
from datetime import date

from fundtracker.domain.awards import Award, Drawdown, Payment
from fundtracker.domain.records import Workspace
from fundtracker.forecast import forecast
from tests.forecast.forecast_builders import cents, money_list, stream, workspace
from tests.forecast.test_actuals_in_forecast import FEB, JAN, spent, with_actuals

AS_OF = date(2024, 3, 1)


def spending() -> Workspace:
    return with_actuals(
        workspace(streams=(stream("rb", "3000", schedule="reimbursement", lag_days=30),)),
        spent(date(2024, 1, 31), "1200.00", "rb"),
        spent(date(2024, 2, 29), "2500.00", "rb", n=1),
    )


def with_draws(*draws: Drawdown) -> Workspace:
    return dataclasses.replace(spending(), awards=(Award(key="rb", stream="rb", draws=draws),))


def cash(ws: Workspace) -> list[int]:
    p = forecast(ws, start=JAN, months=3, as_of=AS_OF)
    return [int(v) for v in p.cash_position[p.stream_row("rb")]]


def test_without_requests_the_lag_schedule_holds() -> None:
    # Jan's 1,200 arrives Jan 31 + 30 = Mar 1; Feb's 1,800 on Feb 29 + 30 = Mar 30.
    # Closes: Jan −1,200; Feb −3,000; Mar 0. An award with no request keeps this schedule.
    assert cash(spending()) == money_list("-1200.00", "-3000.00", "0")
    assert cash(with_draws()) == money_list("-1200.00", "-3000.00", "0")


def test_closed_months_take_the_payments_received() -> None:
    draw = Drawdown(
        1,
        date(2024, 1, 31),
        date(2024, 2, 2),
        cents("1200.00"),
        payments=(Payment(date(2024, 2, 20), cents("1000.00")),),
    )
    # Received 1,000 on Feb 20 (closed). Jan: −1,200. Feb: 1,000 − 3,000 = −2,000.
    # Owed at the close of February: 3,000 − 1,000 = 2,000, expected on the schedule in March
    # (the schedule had 3,000 there; held to the 2,000 owed): Mar 3,000 − 3,000 = 0.
    assert cash(with_draws(draw)) == money_list("-1200.00", "-2000.00", "0")
    p = forecast(with_draws(draw), start=JAN, months=3, as_of=AS_OF)
    assert (p.cash_low_point.amount, p.cash_low_point.month) == (-cents("2000.00"), FEB)


def test_a_late_payment_is_expected_in_the_first_open_month() -> None:
    # Lag 10 days: Jan's 1,200 was due Feb 10 (a closed month) but nothing was received.
    # Jan −1,200; Feb −3,000; in March the overdue 1,200 and Feb's 1,800 (due Mar 10): 0.
    late = with_draws(Drawdown(1, date(2024, 1, 31), date(2024, 2, 2), cents("1200.00")))
    faster = dataclasses.replace(late, streams=(stream("rb", "3000", schedule="reimbursement", lag_days=10),))
    assert cash(faster) == money_list("-1200.00", "-3000.00", "0")
    # Without the request, the schedule would have had January's cash in February: −1,800 there.
    assert cash(dataclasses.replace(faster, awards=())) == money_list("-1200.00", "-1800.00", "0")
    assert forecast(faster, start=JAN, months=3, as_of=AS_OF).cash_low_point.month == FEB
