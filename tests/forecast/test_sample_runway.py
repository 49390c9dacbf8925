"""The sample workspace (as of 2022-01-01) pinned, with the arithmetic behind each figure.

Monthly costs (org fringe 25 %, fiscal year from May):
  advocate  FY2022 (to Apr 2022): 52,000/12 = 4,333.33 + fringe 1,083.33 = 5,416.66
            FY2023 (May 2022–):   53,560/12 = 4,463.33 + 1,115.83 = 5,579.16      (3 % raise)
            FY2024 (May 2023–):   55,166.80/12 = 4,597.23 + 1,149.31 = 5,746.54
            FY2025 (May 2024–):   56,821.80/12 = 4,735.15 + 1,183.79 = 5,918.94
  lead      62,000/12 = 5,166.67 + 1,291.67 = 6,458.34 (no raise)
  phones 120.00 a month; training 2,500.00 every February; laptops 3,600.00 in July 2022.
Money: combat 78,268 lump sum Jan 2022 (restricted, advocates to June, and training); health 80,000 monthly in 2022
(6,666.67 × 8, 6,666.66 × 4; unrestricted; lead allocated); realloc 150,000 monthly Mar 2022–Feb 2023
(contested, unrestricted); federal 450,000 reimbursement Jul 2022–Jun 2025 (pending, restricted, advocates
and laptops); donors 4 × 10,000 tranches Mar/Jun/Sep/Dec 2022 (prospect, unrestricted, to June 2023).
"""

from __future__ import annotations

from datetime import date

import pytest

from fundtracker.domain.money import parse_money
from fundtracker.domain.months import month_of
from fundtracker.domain.records import Workspace
from fundtracker.forecast import forecast, lapsing, probability, shortfall, unfunded_first

JAN_2022 = month_of(2022, 1)


def test_secured_runway(sample: Workspace) -> None:
    p = forecast(sample, "secured", start=JAN_2022, months=36)
    # combat pays the advocates Jan–Apr (4 × 3 × 5,416.66 = 64,999.92) and February's training (2,500),
    # leaving 10,768.08 for May's 3 × 5,579.16: adv1 in full, adv2 5,188.92 (gap 390.24), adv3 nothing.
    # health keeps 88.33 a month after the lead and phones (6,666.67 − 6,458.34 − 120): 353.32 by April,
    # + 6,666.67 − 6,458.34 = 561.65 in May for the gaps in cost-line order: adv2's 390.24, then 171.41 of
    # adv3's 5,579.16. May is short adv3's 5,407.75 and phones' 120 = 5,527.75: runway ends in April.
    assert p.funded_through == date(2022, 4, 30)
    assert [int(v) for v in p.unfunded[:4]] == [0, 0, 0, 0]
    assert int(p.unfunded[4]) == parse_money("5527.75")
    # No advocate money from June (health's 208.33 surplus goes to adv1 first).
    # health pays the lead through December, its last month.
    assert p.position_funded_through == {
        "adv1": date(2022, 5, 31),
        "adv2": date(2022, 5, 31),
        "adv3": date(2022, 4, 30),
        "lead": date(2022, 12, 31),
    }
    assert p.stream_totals["combat"].charged_total == parse_money("78268")
    assert p.stream_totals["health"].charged_total == parse_money("80000")


def test_expected_runway(sample: Workspace) -> None:
    p = forecast(sample, "expected", start=JAN_2022, months=36)
    # realloc (from March) covers May's and June's advocate gaps; the lead is the first cost unfunded, in
    # July 2023 (see below), so the overall runway ends in June 2023.
    assert p.funded_through == date(2023, 6, 30)
    # federal (450,000) pays the advocates from July 2022 (and the 3,600 laptops):
    #   Jul 2022 16,737.48 + 3,600 = 20,337.48; Aug 2022–Apr 2023 9 × 16,737.48 = 150,637.32;
    #   May 2023–Apr 2024 12 × 17,239.62 = 206,875.44 -> 377,850.24 used, 72,149.76 left;
    #   May–Aug 2024 4 × 17,756.82 = 71,027.28 -> 1,122.48 left, short in September 2024.
    # The lead: health through Dec 2022, then realloc (to Feb 2023) and donors (to Jun 2023).
    assert p.position_funded_through == {
        "adv1": date(2024, 8, 31),
        "adv2": date(2024, 8, 31),
        "adv3": date(2024, 8, 31),
        "lead": date(2023, 6, 30),
    }
    # September draws the last 1,122.48, so the whole award is used.
    assert p.stream_totals["federal"].charged_total == parse_money("450000")
    assert p.charged_by_stream("adv1")["federal"][32] == parse_money("1122.48")  # Sep 2024, adv1 first
    # Lapses: health 529.94 (its monthly surplus of 88.33/88.32 after lead and phones, Jul–Dec 2022);
    # realloc 150,000 − 37,833.58 charged (May 5,527.75 = adv3 5,407.75 + phones 120 after health's 561.65,
    # Jun 16,649.15, Jan 2023 6,578.34, Feb 2023 9,078.34) = 112,166.42;
    # donors 40,000 − 4 × 6,578.34 (lead + phones Mar–Jun 2023) = 13,686.64.
    lapses = {lapse.key: lapse.lapsed_total for lapse in lapsing(p)}
    assert lapses == {
        "health": parse_money("529.94"),
        "realloc": parse_money("112166.42"),
        "donors": parse_money("13686.64"),
    }
    # The order positions go unfunded: the lead (July 2023), then the advocates (September 2024) by key.
    assert [(u.key, u.first_unfunded) for u in unfunded_first(p)] == [
        ("lead", date(2023, 7, 1)),
        ("adv1", date(2024, 9, 1)),
        ("adv2", date(2024, 9, 1)),
        ("adv3", date(2024, 9, 1)),
    ]
    # Federal reimbursement: the organization fronts Jul + Aug 2022 charges until the July cash arrives on
    # Sep 14 (Jul 31 + 45 days): 20,337.48 + 16,737.48 = 37,074.96 at the close of August.
    assert p.cash_low_point.amount == -parse_money("37074.96")
    assert p.cash_low_point.month == month_of(2022, 8)


def test_expected_shortfall(sample: Workspace) -> None:
    p = forecast(sample, "expected", start=JAN_2022, months=36)
    # Nothing is short until the lead and phones lose health, realloc and donors after June 2023:
    # Jul–Dec 2023 6 × (6,458.34 + 120) = 39,470.04.
    gap = shortfall(p, date(2023, 12, 31))
    assert gap.amounts == [0] * 18 + [parse_money("6578.34")] * 6
    assert gap.total == parse_money("39470.04")


def test_sample_probability(sample: Workspace) -> None:
    # Without realloc (p 0.65) and donors (p 0.4): May is short, as in the secured view (0.26 ≥ 10 %).
    # With donors but no realloc: donors' March tranche covers May's 5,527.75, but June's advocate gaps
    # (16,737.48 + phones) exceed health's 208.33 + donors' 14,472.25, so the runway ends in May.
    # With realloc (p 0.35) June is covered; with federal too, the lead's July 2023 gap ends it.
    result = probability(sample, start=JAN_2022, months=36)
    assert result.method == "exact" and result.trials == 8
    assert result.uncertain == ("donors", "federal", "realloc")
    assert (result.p10, result.p50, result.p90) == (date(2022, 4, 30), date(2022, 5, 31), date(2023, 6, 30))
    assert result.curve[0] == (JAN_2022, 1.0)
    assert result.curve[4][1] == pytest.approx(1 - 0.65 * 0.4)  # funded through May: realloc or donors
    assert result.curve[5][1] == pytest.approx(0.35)  # funded through June: realloc


def test_scenario_federal_denied(sample: Workspace) -> None:
    # Without federal the advocates have combat only (as in the secured view) plus the unrestricted streams:
    # they are charged to realloc and donors after June 2022 until those run dry.
    p = forecast(sample, "expected", "federal_denied", start=JAN_2022, months=36)
    assert "federal" not in p.stream_totals
    assert p.cash_low_point.month is None
    through = p.position_funded_through
    assert through["adv1"] is not None and through["adv1"] < date(2024, 8, 31)
