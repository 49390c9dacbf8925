"""The forecast uses actual spending for closed months (before the as-of month) and the plan after.

Expected figures are worked out by hand in the comments (dollars), not copied from the engine.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fundtracker import cli
from fundtracker.domain.months import month_of
from fundtracker.domain.records import Actual, Workspace
from fundtracker.forecast import ACTUALS_KEY, Projection, forecast, probability, project, resolve
from tests.forecast.forecast_builders import alloc, cents, money_list, position, stream, workspace
from tests.forecast.test_properties import brute_force_runway, workspaces

JAN, FEB, MAR, APR, MAY, JUN = (month_of(2024, m) for m in range(1, 7))


def spent(day: date, dollars: str, stream_key: str | None = None, n: int = 0) -> Actual:
    return Actual(key=f"t{day.isoformat()}-{n}-{dollars}", date=day, amount=cents(dollars), stream=stream_key)


def with_actuals(ws: Workspace, *actuals: Actual) -> Workspace:
    return replace(ws, actuals=tuple(actuals))


def balances(p: Projection, key: str) -> list[int]:
    return list(p.stream_series(key).balance)


# -- one restricted stream and a position -----------------------------------------------------

# Stream A: $10,000 lump sum in Jan 2024, restricted, through Dec 2024.
# Position p: $24,000 a year, no fringe → $2,000.00 a month, 100 % to A.
PLAN = workspace(
    streams=(stream("a", "10000"),),
    positions=(position("p", "24000"),),
    allocations=(alloc("p", "a"),),
)
# Jan 15: $1,500 to A. Feb: $2,500 + $300 to A. Mar 5 (the as-of month): $999 — not used.
TAGGED = with_actuals(
    PLAN,
    spent(date(2024, 1, 15), "1500.00", "a"),
    spent(date(2024, 2, 10), "2500.00", "a"),
    spent(date(2024, 2, 20), "300.00", "a"),
    spent(date(2024, 3, 5), "999.00", "a"),
)
AS_OF = date(2024, 3, 10)


def test_tagged_actuals_reduce_the_stream_balance_exactly() -> None:
    p = forecast(TAGGED, start=JAN, months=6, as_of=AS_OF)
    assert p.actuals_through == FEB and p.actuals_line == ACTUALS_KEY
    # Jan: 10,000 − 1,500 = 8,500. Feb: 8,500 − 2,800 = 5,700 (closed months: actuals).
    # Mar: 5,700 − 2,000 = 3,700. Apr: 1,700 (plan). May: 2,000 due, 1,700 paid, 300 unfunded → 0.
    assert balances(p, "a") == money_list("8500.00", "5700.00", "3700.00", "1700.00", "0.00", "0.00")
    assert list(p.unfunded) == money_list("0", "0", "0", "0", "300.00", "2000.00")
    assert p.funded_through == date(2024, 4, 30)
    assert p.position_funded_through == {"p": date(2024, 4, 30)}
    # The plan alone: 8,000, 6,000, 4,000, 2,000, 0; June unfunded → funded through May 31.
    plan = project(resolve(TAGGED, as_of=AS_OF, use_actuals=False), JAN, 6)
    assert plan.actuals_through is None and plan.funded_through == date(2024, 5, 31)
    assert balances(plan, "a") == money_list("8000.00", "6000.00", "4000.00", "2000.00", "0.00", "0.00")


def test_closed_months_use_actuals_and_later_months_the_plan() -> None:
    p = forecast(TAGGED, start=JAN, months=4, as_of=AS_OF)
    assert [line.key for line in p.lines] == ["p", "actuals"]
    assert p.lines[1].kind == "actual"
    # The position costs nothing in the closed months, its plan from March (the as-of month).
    assert list(p.line_series("p").cost) == money_list("0", "0", "2000.00", "2000.00")
    # The actuals line costs the month's spending; March's $999 (as-of month) is not used.
    assert list(p.line_series("actuals").cost) == money_list("1500.00", "2800.00", "0", "0")
    assert p.charged_by_stream("actuals") == {"a": tuple(money_list("1500.00", "2800.00", "0", "0"))}
    assert list(p.overspent) == [0, 0, 0, 0]


def test_default_start_is_the_as_of_month_and_opening_balances_reflect_actuals() -> None:
    p = forecast(TAGGED, months=3, as_of=AS_OF)
    assert p.start == MAR
    # 10,000 − 1,500 − 2,800 = 5,700 before March (the plan would say 10,000 − 4,000 = 6,000).
    assert p.stream_totals["a"].opening_balance == cents("5700.00")
    assert list(p.line_series("actuals").cost) == [0, 0, 0]


def test_months_before_the_first_transaction_follow_the_plan() -> None:
    ws = with_actuals(PLAN, spent(date(2024, 2, 10), "500.00", "a"))
    p = forecast(ws, start=JAN, months=3, as_of=AS_OF)
    # Jan: plan 2,000 → 8,000. Feb: actuals 500 → 7,500. Mar: plan 2,000 → 5,500.
    assert list(p.line_series("p").cost) == money_list("2000.00", "0", "2000.00")
    assert balances(p, "a") == money_list("8000.00", "7500.00", "5500.00")


def test_months_after_the_newest_transaction_follow_the_plan() -> None:
    """Spending imported through January only, as of March: February was not imported, so it is planned."""
    ws = with_actuals(PLAN, spent(date(2024, 1, 15), "1500.00", "a"))
    p = forecast(ws, start=JAN, months=3, as_of=AS_OF)
    assert p.actuals_through == JAN
    # Jan: actuals 1,500 → 8,500. Feb: plan 2,000 → 6,500. Mar: plan 2,000 → 4,500.
    assert list(p.line_series("p").cost) == money_list("0", "2000.00", "2000.00")
    assert balances(p, "a") == money_list("8500.00", "6500.00", "4500.00")


def test_no_actuals_before_the_as_of_month_changes_nothing() -> None:
    ws = with_actuals(PLAN, spent(date(2024, 3, 1), "500.00", "a"))
    p = forecast(ws, start=JAN, months=3, as_of=AS_OF)
    assert p.actuals_through is None and p.actuals_line is None
    assert [line.key for line in p.lines] == ["p"]
    assert balances(p, "a") == money_list("8000.00", "6000.00", "4000.00")


# -- untagged spending and the fallback chain -------------------------------------------------


def chain_workspace() -> Workspace:
    # r: restricted $5,000. u1: unrestricted $1,000 ending Jun 30; u2: unrestricted $10,000
    # ending Dec 31; u3: unrestricted $2,000, open-ended. Chain order: u1, u2, u3.
    # pend: pending, restricted, $1,000.
    ws = workspace(
        streams=(
            stream("r", "5000"),
            stream("u1", "1000", end=date(2024, 6, 30), restricted=False),
            stream("u2", "10000", restricted=False),
            stream("u3", "2000", end=None, restricted=False),
            stream("pend", "1000", status="pending"),
        )
    )
    return with_actuals(
        ws,
        spent(date(2024, 1, 20), "1800.00"),  # untagged
        spent(date(2024, 2, 3), "5500.00", "r"),  # more than r has
        spent(date(2024, 2, 9), "200.00", "pend"),
    )


def test_untagged_spending_falls_to_unrestricted_streams_in_order() -> None:
    p = forecast(chain_workspace(), start=JAN, months=3, as_of=date(2024, 3, 1))
    # Jan: 1,800 untagged → u1 pays its 1,000, u2 the other 800. r untouched.
    # Feb: 5,500 to r → r pays 5,000, 500 falls to the chain: u1 empty, u2 pays 500 → 8,700.
    #      200 to pend (counted in the expected view) → pend pays it: 800 left.
    assert balances(p, "r") == money_list("5000.00", "0.00", "0.00")
    assert balances(p, "u1") == money_list("0.00", "0.00", "0.00")
    assert balances(p, "u2") == money_list("9200.00", "8700.00", "8700.00")
    assert balances(p, "u3") == money_list("2000.00", "2000.00", "2000.00")
    assert balances(p, "pend") == money_list("1000.00", "800.00", "800.00")
    by_stream = p.charged_by_stream("actuals")
    assert by_stream["u1"][0] == cents("1000.00") and by_stream["u2"][:2] == tuple(money_list("800.00", "500.00"))
    assert list(p.overspent) == [0, 0, 0]


def test_spending_tagged_with_a_stream_outside_the_view_falls_to_the_chain() -> None:
    p = forecast(chain_workspace(), view="secured", start=JAN, months=2, as_of=date(2024, 3, 1))
    # pend does not count in the secured view: its 200 falls to u2 as well: 8,700 − 200 = 8,500.
    assert balances(p, "u2") == money_list("9200.00", "8500.00")


# -- overspending -----------------------------------------------------------------------------


def overspent_workspace() -> Workspace:
    # a: restricted $1,000; u: unrestricted $500. Position p: $12,000 a year → $1,000 a month, to a.
    ws = workspace(
        streams=(stream("a", "1000"), stream("u", "500", restricted=False)),
        positions=(position("p", "12000"),),
        allocations=(alloc("p", "a"),),
    )
    # Jan: $1,200 to a. Feb: $700 untagged.
    return with_actuals(ws, spent(date(2024, 1, 31), "1200.00", "a"), spent(date(2024, 2, 28), "700.00"))


def test_overspending_is_unfunded_and_reported_and_balances_stay_at_zero() -> None:
    p = forecast(overspent_workspace(), start=JAN, months=4, as_of=date(2024, 3, 1))
    # Jan: a pays 1,000 of 1,200, u the other 200 → u 300. Feb: 700 untagged → u pays 300,
    # 400 nobody can pay: overspent. Mar, Apr (plan): p's 1,000 unfunded, nothing left.
    assert balances(p, "a") == [0, 0, 0, 0]
    assert balances(p, "u") == money_list("300.00", "0.00", "0.00", "0.00")
    totals = p.month_totals()
    feb = totals[1]
    assert (feb.cost, feb.charged, feb.unfunded, feb.overspent) == tuple(money_list("700", "300", "400", "400"))
    assert [t.overspent for t in totals] == money_list("0", "400.00", "0", "0")
    assert list(p.unfunded) == money_list("0", "400.00", "1000.00", "1000.00")
    # The runway looks from the as-of month: March is the first unfunded month → Feb 29,
    # although February was overspent. (The plan alone: Feb 1,000 → u 500, 500 unfunded → Jan 31.)
    assert p.funded_through == date(2024, 2, 29)
    assert p.position_funded_through == {"p": date(2024, 2, 29)}
    assert p.line_totals["actuals"].funded_through is None
    plan = forecast(replace(overspent_workspace(), actuals=()), start=JAN, months=4)
    assert plan.funded_through == date(2024, 1, 31)


def test_runway_wholly_in_closed_months_is_beyond_the_horizon() -> None:
    p = forecast(overspent_workspace(), start=JAN, months=2, as_of=date(2024, 3, 1))
    assert p.unfunded[1] == cents("400.00") and p.funded_through is None


# -- refunds ------------------------------------------------------------------------------------


def test_refunds_lower_spending_and_net_refunds_are_ignored() -> None:
    ws = with_actuals(
        workspace(streams=(stream("a", "1000"),)),
        spent(date(2024, 1, 5), "600.00", "a"),
        spent(date(2024, 1, 25), "-100.00", "a"),  # refund: Jan net 500
        spent(date(2024, 1, 26), "-30.00"),  # untagged refund with no untagged spending: ignored
        spent(date(2024, 2, 7), "-50.00", "a"),  # Feb: net −50 → 0 charged, not put back
    )
    p = forecast(ws, start=JAN, months=3, as_of=date(2024, 3, 1))
    # Jan: 1,000 − 500 = 500. Feb: nothing charged → 500.
    assert balances(p, "a") == money_list("500.00", "500.00", "500.00")
    assert list(p.line_series("actuals").cost) == money_list("500.00", "0", "0")
    assert list(p.stream_charged[0]) == money_list("500.00", "0", "0")


# -- a reimbursement stream -------------------------------------------------------------------


def test_reimbursement_stream_inflow_equals_what_it_was_charged() -> None:
    ws = with_actuals(
        workspace(streams=(stream("rb", "3000", schedule="reimbursement", lag_days=30),)),
        spent(date(2024, 1, 31), "1200.00", "rb"),
        spent(date(2024, 2, 29), "2500.00", "rb"),
    )
    p = forecast(ws, start=JAN, months=3, as_of=date(2024, 3, 1))
    # Award 3,000. Jan: 1,200 charged = inflow. Feb: 1,800 left → charged 1,800, 700 overspent.
    series = p.stream_series("rb")
    assert list(series.inflow) == money_list("1200.00", "1800.00", "0")
    assert list(series.charged) == money_list("1200.00", "1800.00", "0")
    assert list(series.balance) == [0, 0, 0]
    assert list(p.overspent) == money_list("0", "700.00", "0")
    # Cash: Jan's 1,200 arrives 30 days after Jan 31 (March 1); at Feb's close −3,000.
    assert p.cash_low_point.amount == -cents("3000.00") and p.cash_low_point.month == FEB


# -- probability ------------------------------------------------------------------------------


def chance_workspace() -> Workspace:
    # a: restricted, secured $3,000; p: $1,000 a month to a; pend: unrestricted, pending
    # (50 %), $2,000. Jan 2024: $500 spent with no stream.
    ws = workspace(
        streams=(
            stream("a", "3000"),
            stream("pend", "2000", restricted=False, status="pending", probability="0.5"),
        ),
        positions=(position("p", "12000"),),
        allocations=(alloc("p", "a"),),
    )
    return with_actuals(ws, spent(date(2024, 1, 15), "500.00"))


@pytest.mark.parametrize("start", [JAN, FEB], ids=["from-jan", "from-feb"])
def test_probability_uses_actuals_in_every_combination(start: int) -> None:
    ws = chance_workspace()
    result = probability(ws, start=start, months=12, as_of=date(2024, 2, 1))
    # Jan is closed: p costs nothing, the 500 untagged falls to pend if it is in (→ 1,500),
    # else it is overspent (a fact: it does not end the runway). a pays Feb–Apr (3,000).
    # pend in: May 1,000, June 500 of 1,000 → funded through May 31. pend out: through Apr 30.
    assert result.distribution == [(date(2024, 4, 30), 0.5), (date(2024, 5, 31), 0.5)]
    # The plan alone: a pays Jan–Mar; pend in pays Apr, May → May 31; out → Mar 31.
    plan = probability(resolve(ws, as_of=date(2024, 2, 1), use_actuals=False), start=start, months=12)
    assert plan.distribution == [(date(2024, 3, 31), 0.5), (date(2024, 5, 31), 0.5)]


# -- the sample, with a few transactions --------------------------------------------------------

SAMPLE_CSV = """Date,Amount,Account,Class,Memo
01/31/2022,"4,333.33",Salaries,COMBAT,January payroll
01/31/2022,"1,083.33",Employee benefits,COMBAT,January benefits
02/10/2022,$120.00,Office supplies,,Phones
"""


def sample_actuals() -> tuple[Actual, ...]:
    return (
        Actual("x1", date(2022, 1, 31), cents("4333.33"), "combat", "personnel"),
        Actual("x2", date(2022, 1, 31), cents("1083.33"), "combat", "fringe"),
        Actual("x3", date(2022, 2, 10), cents("120.00"), None, "supplies"),
    )


def test_sample_with_actuals_pins_start_balance_and_secured_runway(sample: Workspace) -> None:
    ws = replace(sample, actuals=sample_actuals())
    p = forecast(ws, view="secured", as_of=date(2022, 3, 15), months=24)
    assert p.start == month_of(2022, 3) and p.actuals_through == month_of(2022, 2)
    # combat (restricted, $78,268 in Jan): Jan −5,416.66 of actuals, Feb nothing → 72,851.34
    # (the plan would have charged 2 × 16,249.98 + 2,500 training → 43,268.04).
    # health (unrestricted, $6,666.67 a month): Jan +6,666.67, Feb +6,666.67 − 120 → 13,213.34.
    assert p.stream_totals["combat"].opening_balance == cents("72851.34")
    assert p.stream_totals["health"].opening_balance == cents("13213.34")
    # From March (plan): advocates 3 × 5,416.66 = 16,249.98 to combat in Mar, Apr; with the 3 %
    # raise from May (FY2023) 3 × (4,463.33 + 1,115.83) = 16,737.48 in May, Jun:
    # combat 72,851.34 → 56,601.36 → 40,351.38 → 23,613.90 → 6,876.42.
    # health pays the lead 6,458.34 + phones 120 a month and receives 6,666.67:
    # 13,213.34 → 13,301.67 → 13,390.00 → 13,478.33 → 13,566.66.
    assert balances(p, "combat")[:4] == money_list("56601.36", "40351.38", "23613.90", "6876.42")
    assert balances(p, "health")[:4] == money_list("13301.67", "13390.00", "13478.33", "13566.66")
    # July: the advocates move to the federal grant (not secured) and fall to health with the
    # laptops (3,600) and phones: 16,737.48 + 3,600 + 120 > 13,566.66 + 6,666.67 − 6,458.34.
    assert p.funded_through == date(2022, 6, 30)
    # The plan alone runs out in May 2022 (combat is short of May's 16,737.48).
    plan = forecast(sample, view="secured", as_of=date(2022, 3, 15), months=24)
    assert plan.actuals_through is None and plan.funded_through == date(2022, 4, 30)


def test_end_to_end_import_then_runway_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from fundtracker.exports.actuals_import import guess_mapping, parse_rows, read_table
    from fundtracker.services.actuals import import_actuals
    from fundtracker.services.workspace import WorkspaceService

    path = tmp_path / "ws.fundtracker"
    assert cli.run_command(["sample", str(path), "--as-of", "2022-01-01"]) == 0
    source = tmp_path / "gl.csv"
    source.write_text(SAMPLE_CSV, encoding="utf-8")
    table = read_table(source)
    parsed = parse_rows(table, guess_mapping(table.headers))
    with WorkspaceService.open(path) as service:
        result = import_actuals(service, parsed.rows, problems=parsed.problems, source="gl.csv")
    assert result.imported == 3
    capsys.readouterr()

    args = ["runway", str(path), "--view", "secured", "--as-of", "2022-03-15", "--format", "json"]
    assert cli.run_command(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data)[:7] == ["view", "scenario", "start", "months", "funded_through", "positions", "streams"]
    assert list(data)[-1] == "actuals_through" and data["actuals_through"] == "2022-02"
    assert data["start"] == "2022-03" and data["funded_through"] == "2022-06-30"
    # March closes with combat 56,601.36 + health 13,301.67 (see the test above).
    assert data["months"][0]["balance"] == "69903.03" and data["months"][0]["overspent"] == "0.00"

    assert cli.run_command([*args, "--start", "2022-01", "--months", "2"]) == 0
    data = json.loads(capsys.readouterr().out)
    # January from actuals: 78,268 + 6,666.67 in; 5,416.66 spent → 79,518.01.
    assert data["months"][0] == {
        "month": "2022-01",
        "inflow": "84934.67",
        "cost": "5416.66",
        "charged": "5416.66",
        "unfunded": "0.00",
        "lapsed": "0.00",
        "balance": "79518.01",
        "overspent": "0.00",
    }
    assert data["months"][1]["cost"] == "120.00"

    # Without --as-of in the closed range nothing changes: as of the first day of January
    # no month is closed, and the document is the plan's (no new keys).
    assert cli.run_command([*args[:-4], "--as-of", "2022-01-01", "--start", "2022-01", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "actuals_through" not in data and data["funded_through"] == "2022-04-30"

    assert cli.run_command(["runway", str(path), "--view", "secured", "--as-of", "2022-03-15"]) == 0
    assert "Actual spending replaces the plan through 2022-02." in capsys.readouterr().out


def test_bad_as_of_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str], sample: Workspace) -> None:
    from fundtracker.store import json_format

    path = tmp_path / "s.json"
    json_format.write_file(sample, path)
    assert cli.run_command(["runway", str(path), "--as-of", "2022-13-01"]) == 1
    assert "--as-of" in capsys.readouterr().err


# -- invariants with random actual spending -------------------------------------------------------


@st.composite
def with_random_actuals(draw: st.DrawFn) -> tuple[Workspace, date]:
    ws = draw(workspaces())
    keys = [s.key for s in ws.streams] + [None, "gone"]
    actuals = tuple(
        Actual(
            key=f"a{i}",
            date=date(2023, 7, 1) + timedelta(days=draw(st.integers(0, 900))),
            amount=draw(st.integers(-200_000, 3_000_000)),
            stream=draw(st.sampled_from(keys)),
        )
        for i in range(draw(st.integers(1, 12)))
    )
    as_of = date(2023, 7, 1) + timedelta(days=draw(st.integers(0, 1000)))
    return replace(ws, actuals=actuals), as_of


def check_actual_invariants(p: Projection) -> None:
    previous = p.stream_opening.copy()
    for column in range(len(p.months)):
        change = p.stream_balance[:, column] - previous
        flows = p.stream_inflow[:, column] - p.stream_charged[:, column] - p.stream_lapsed[:, column]
        assert np.array_equal(flows, change)
        previous = p.stream_balance[:, column]
    assert (p.stream_balance >= 0).all() and (p.stream_opening >= 0).all()
    assert (p.stream_charged >= 0).all() and (p.stream_lapsed >= 0).all()
    assert np.array_equal(p.line_charged + p.line_unfunded, p.line_cost)
    assert (p.line_charged >= 0).all() and (p.line_unfunded >= 0).all()
    by_line = np.zeros_like(p.line_cost)
    np.add.at(by_line, (p.charges.line, p.charges.column), p.charges.amount)
    by_stream = np.zeros_like(p.stream_charged)
    np.add.at(by_stream, (p.charges.stream, p.charges.column), p.charges.amount)
    assert np.array_equal(by_line, p.line_charged) and np.array_equal(by_stream, p.stream_charged)
    assert (p.overspent >= 0).all() and (p.overspent <= p.unfunded).all()
    through = p.actuals_through
    closed = np.array([through is not None and m <= through for m in p.months], dtype=bool)
    # Overspending only in closed months; there the plan's lines cost nothing.
    assert not p.overspent[~closed].any()
    if p.actuals_line is not None:
        row = p.line_row(p.actuals_line)
        assert not p.line_cost[row, ~closed].any()
    # The runway: first unfunded month after the closed months.
    open_unfunded = [m for m, v, c in zip(p.months, p.unfunded, closed) if v > 0 and not c]
    assert p.first_unfunded_month == (open_unfunded[0] if open_unfunded else None)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(with_random_actuals(), st.integers(month_of(2023, 6), month_of(2025, 6)), st.integers(1, 30))
def test_invariants_hold_with_random_actuals(case: tuple[Workspace, date], start: int, months: int) -> None:
    ws, as_of = case
    for view in ("secured", "expected"):
        p = project(resolve(ws, view, as_of=as_of), start, months)
        check_actual_invariants(p)
        if p.actuals_through is not None:
            # Closed months charge exactly the spending, per stream tagged when it can pay.
            net: dict[tuple[str | None, int], int] = {}
            for actual in ws.actuals:
                month = actual.date.year * 12 + actual.date.month - 1
                if month <= p.actuals_through:
                    net[(actual.stream, month)] = net.get((actual.stream, month), 0) + actual.amount
            assert p.inputs.actuals is not None
            for column, month in enumerate(p.months):
                if p.inputs.actuals.first <= month <= p.actuals_through:
                    want = sum(max(v, 0) for (_, m), v in net.items() if m == month)
                    assert int(p.cost[column]) == want


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(with_random_actuals(), st.integers(month_of(2023, 6), month_of(2025, 6)), st.integers(1, 30))
def test_batched_probability_with_actuals_equals_projecting_each_combination(
    case: tuple[Workspace, date], start: int, months: int
) -> None:
    ws, as_of = case
    inputs = resolve(ws, "expected", as_of=as_of)
    result = probability(inputs, start=start, months=months)
    expected = brute_force_runway(inputs, start, months)
    got = dict(result.distribution)
    assert set(got) == {k for k, v in expected.items() if v > 1e-12}
    for key, weight in got.items():
        assert abs(weight - expected[key]) < 1e-9


def test_a_position_named_actuals_keeps_its_key() -> None:
    ws = workspace(streams=(stream("a", "10000"),), positions=(position("actuals", "24000"),))
    ws = with_actuals(ws, spent(date(2024, 1, 15), "100.00", "a"))
    p = forecast(ws, start=JAN, months=2, as_of=date(2024, 2, 1))
    assert [(line.key, line.kind) for line in p.lines] == [("actuals", "position"), ("actuals-2", "actual")]
    assert p.actuals_line == "actuals-2"


def test_workbook_cash_flow_shows_the_engine_figures_with_actuals(sample: Workspace, tmp_path: Path) -> None:
    import openpyxl

    from fundtracker.exports.budget_xlsx import write_budget_workbook

    ws = replace(sample, actuals=sample_actuals())
    path = tmp_path / "budget.xlsx"
    as_of = date(2022, 3, 15)
    write_budget_workbook(ws, path, view="secured", as_of=as_of, fiscal_years=(2022, 2023))
    # FY2022 starts May 2021 (fiscal year start month 5): 24 months from 2021-05.
    p = forecast(ws, view="secured", start=month_of(2021, 5), months=24, as_of=as_of)
    sheet = openpyxl.load_workbook(path)["Monthly cash flow"]
    assert "Cost through 2022-02 is actual spending." in str(sheet["A2"].value)
    base = 2 + len(p.streams)  # Total money in, Cost, Charged, Unfunded, Lapsed, Balance

    def value(row: int, column: int) -> int:
        cell = sheet.cell(row, column).value
        return cents(f"{cell:.2f}") if isinstance(cell, float | int) else 0

    assert value(5, base + 5) == int(p.stream_opening.sum())
    for column, month in enumerate(p.months):
        row = 6 + column
        assert [value(row, 2 + i) for i in range(len(p.streams))] == [int(v) for v in p.stream_inflow[:, column]]
        assert (value(row, base + 1), value(row, base + 2), value(row, base + 4)) == (
            int(p.cost[column]),
            int(p.charged[column]),
            int(p.lapsed[column]),
        ), month
    # January 2022 (row 6 + 8): the actual 5,416.66, not the plan's 22,828.32.
    assert value(14, base + 1) == cents("5416.66")


def test_probability_of_resolved_inputs_starts_in_their_as_of_month() -> None:
    inputs = resolve(chance_workspace(), as_of=date(2024, 2, 1))
    result = probability(inputs, months=12)
    assert result.start == FEB
    assert result.distribution == [(date(2024, 4, 30), 0.5), (date(2024, 5, 31), 0.5)]
