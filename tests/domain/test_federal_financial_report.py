"""SF-425 lines 10a–10o and 11, each figure computed by hand in the comments."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from fundtracker.domain.errors import InputError
from fundtracker.domain.federal_financial_report import LINES, ReportInputs, federal_financial_report

# First quarter of an award of $200,000.00 (2025-10-01 – 2026-09-30), de minimis 15 %.
QUARTER = ReportInputs(
    period_start=date(2025, 10, 1),
    period_end=date(2025, 12, 31),
    award_amount=200_000_00,
    receipts=50_000_00,  # drawdown 1, paid
    federal_direct={
        "personnel": 30_000_00,
        "fringe": 7_500_00,
        "travel": 1_234_51,
        "equipment": 12_000_00,
        "supplies": 845_33,
        "contractual": 5_000_00,
    },
    recipient_direct={"personnel": 8_000_00, "supplies": 333_24},
    indirect_rate=Decimal("0.15"),
    indirect_type="de minimis",
    unliquidated_obligations=2_500_00,
    match_required=40_000_00,
    program_income_earned=1_200_00,
    program_income_deduction=700_00,
    program_income_addition=0,
)


def test_every_line_of_a_quarterly_report() -> None:
    report = federal_financial_report(QUARTER)
    # Federal direct: 30,000.00 + 7,500.00 + 1,234.51 + 12,000.00 + 845.33 + 5,000.00 = 56,579.84
    # federal MTDC (less equipment 12,000.00) = 44,579.84; 0.15 × 44,579.84 = 6,686.976 → 6,686.98
    # 10e = 56,579.84 + 6,686.98 = 63,266.82
    # Recipient direct: 8,000.00 + 333.24 = 8,333.24 (all MTDC)
    # line 11 base = 44,579.84 + 8,333.24 = 52,913.08; 0.15 × 52,913.08 = 7,936.962 → 7,936.96
    # recipient's indirect = 7,936.96 − 6,686.98 = 1,249.98 (not 0.15 × 8,333.24 = 1,249.986 → 1,249.99:
    # the charge is rounded once, so 11e = federal + recipient parts exactly)
    # 10j = 8,333.24 + 1,249.98 = 9,583.22
    assert report.lines == {
        "10a": 50_000_00,
        "10b": 63_266_82,  # = 10e (cash basis)
        "10c": -13_266_82,  # 50,000.00 − 63,266.82: spent, not yet received
        "10d": 200_000_00,
        "10e": 63_266_82,
        "10f": 2_500_00,
        "10g": 65_766_82,  # 63,266.82 + 2,500.00
        "10h": 134_233_18,  # 200,000.00 − 65,766.82
        "10i": 40_000_00,
        "10j": 9_583_22,
        "10k": 30_416_78,  # 40,000.00 − 9,583.22
        "10l": 1_200_00,
        "10m": 700_00,
        "10n": 0,
        "10o": 500_00,  # 1,200.00 − 700.00 − 0
    }
    assert list(report.lines) == list(LINES)
    indirect = report.indirect
    assert (indirect.type, indirect.rate) == ("de minimis", Decimal("0.15"))
    assert (indirect.period_start, indirect.period_end) == (date(2025, 10, 1), date(2025, 12, 31))
    assert (indirect.base, indirect.amount, indirect.federal_share) == (52_913_08, 7_936_96, 6_686_98)
    assert (report.recipient.base, report.recipient.indirect) == (8_333_24, 1_249_98)
    assert report.warnings == ()


FINAL = replace(
    QUARTER,
    period_end=date(2026, 9, 30),
    receipts=199_549_53,
    federal_direct={
        "personnel": 120_000_00,
        "fringe": 30_000_00,
        "travel": 3_210_00,
        "equipment": 12_000_00,
        "contractual": 9_876_55,
    },
    recipient_direct={"personnel": 40_000_00},
    unliquidated_obligations=0,
    program_income_earned=2_000_00,
    program_income_deduction=2_000_00,
    final=True,
)


def test_every_line_of_a_final_report() -> None:
    report = federal_financial_report(FINAL)
    # Federal direct: 120,000.00 + 30,000.00 + 3,210.00 + 12,000.00 + 9,876.55 = 175,086.55
    # MTDC = 175,086.55 − 12,000.00 = 163,086.55; 0.15 × 163,086.55 = 24,462.9825 → 24,462.98
    # 10e = 175,086.55 + 24,462.98 = 199,549.53
    # base = 163,086.55 + 40,000.00 = 203,086.55; 0.15 × 203,086.55 = 30,462.9825 → 30,462.98
    # recipient's indirect = 30,462.98 − 24,462.98 = 6,000.00; 10j = 40,000.00 + 6,000.00 = 46,000.00
    assert report.lines == {
        "10a": 199_549_53,
        "10b": 199_549_53,
        "10c": 0,  # every dollar spent was received
        "10d": 200_000_00,
        "10e": 199_549_53,
        "10f": 0,
        "10g": 199_549_53,
        "10h": 450_47,  # 200,000.00 − 199,549.53: left unspent on the award
        "10i": 40_000_00,
        "10j": 46_000_00,
        "10k": -6_000_00,  # 40,000.00 − 46,000.00: more match than required
        "10l": 2_000_00,
        "10m": 2_000_00,
        "10n": 0,
        "10o": 0,
    }
    assert report.final
    assert (report.indirect.base, report.indirect.amount, report.indirect.federal_share) == (
        203_086_55,
        30_462_98,
        24_462_98,
    )


def test_the_final_report_is_refused_while_obligations_are_unliquidated() -> None:
    with pytest.raises(InputError) as caught:
        federal_financial_report(replace(FINAL, unliquidated_obligations=310_00))
    message = str(caught.value)
    assert message.startswith("final report: needs line 10f")
    assert "$310 is recorded as obligated and not yet paid through 2026-09-30" in message
    # The same figures as a quarterly report are fine: 10f = 310.00, 10g = 199,549.53 + 310.00.
    quarterly = federal_financial_report(replace(FINAL, unliquidated_obligations=310_00, final=False))
    assert (quarterly.line("10f"), quarterly.line("10g"), quarterly.line("10h")) == (310_00, 199_859_53, 140_47)


def test_overspending_and_overused_program_income_are_warned_about() -> None:
    # 10g = 63,266.82 + 140,000.00 = 203,266.82 > 200,000.00 → 10h = −3,266.82
    # 10o = 1,200.00 − 700.00 − 600.00 = −100.00
    report = federal_financial_report(
        replace(QUARTER, unliquidated_obligations=140_000_00, program_income_addition=600_00)
    )
    assert (report.line("10h"), report.line("10o")) == (-3_266_82, -100_00)
    assert report.warnings == (
        "line 10h is -$3,266.82: expenditures and obligations exceed the award by $3,266.82",
        "line 10o is -$100: more program income is recorded as used ($1,300) than earned ($1,200)",
    )


def test_bad_periods_and_negative_figures_are_refused_by_name() -> None:
    with pytest.raises(InputError, match=r"^period end: 2025-09-30 is before the award's start 2025-10-01$"):
        federal_financial_report(replace(QUARTER, period_end=date(2025, 9, 30)))
    with pytest.raises(InputError, match=r"^receipts: is -\$1; it cannot be negative$"):
        federal_financial_report(replace(QUARTER, receipts=-100))
