"""The federal financial report (SF-425): lines 10a–10o and line 11, cumulative through a day E.

Pure arithmetic on figures the caller gathers (the award, the ledger, the receipts, the
obligations and program income entries); every figure is integer cents, cumulative from the
award's start through the period end E (DESIGN.md, "After the award"):

* 10a cash receipts; 10b federal cash disbursements (= 10e: the report is kept on a cash
  basis); 10c cash on hand = a − b (negative on a reimbursement award: spent, not yet received);
* 10d total federal funds authorized (the award); 10e federal share of expenditures, direct
  plus indirect; 10f federal share of unliquidated obligations; 10g = e + f; 10h unobligated
  balance = d − g;
* 10i recipient share required (the match); 10j recipient share of expenditures, direct plus
  the recipient's part of indirect; 10k remaining recipient share = i − j;
* 10l program income earned; 10m used by the deduction alternative; 10n used by the addition
  alternative; 10o unexpended program income = l − m − n;
* line 11: the indirect type, rate, period, base, amount charged and federal share.

Indirect is the budget rule of :mod:`fundtracker.domain.federal_facts`: rate × MTDC, rounded
half-up to the cent, once, on the cumulative base. Line 11's base is the MTDC of the federal and
the recipient's spending together and its amount ``round(rate × base)``; the federal share is
``round(rate × federal MTDC)`` (the indirect inside 10e) and the rest is the recipient's (inside
10j), so both printed products reproduce with a calculator and 11e = federal + recipient parts.

A final report needs every obligation liquidated: it is refused while 10f ≠ 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from fundtracker.domain.errors import InputError
from fundtracker.domain.federal_facts import Expenditures, expenditures_with_indirect, mtdc_of
from fundtracker.domain.federal_facts import indirect as indirect_on
from fundtracker.domain.money import format_dollars

# The lines of box 10, in the form's order, with the form's titles.
LINE_TITLES: dict[str, str] = {
    "10a": "Cash Receipts",
    "10b": "Cash Disbursements",
    "10c": "Cash on Hand (line a minus b)",
    "10d": "Total Federal funds authorized",
    "10e": "Federal share of expenditures",
    "10f": "Federal share of unliquidated obligations",
    "10g": "Total Federal share (sum of lines e and f)",
    "10h": "Unobligated balance of Federal funds (line d minus g)",
    "10i": "Total recipient share required",
    "10j": "Recipient share of expenditures",
    "10k": "Remaining recipient share to be provided (line i minus j)",
    "10l": "Total Federal program income earned",
    "10m": "Program income expended in accordance with the deduction alternative",
    "10n": "Program income expended in accordance with the addition alternative",
    "10o": "Unexpended program income (line l minus line m or line n)",
}
LINES: tuple[str, ...] = tuple(LINE_TITLES)
# Where each line's figure belongs on the form: the three groups of box 10.
LINE_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Federal Cash", ("10a", "10b", "10c")),
    ("Federal Expenditures and Unobligated Balance", ("10d", "10e", "10f", "10g", "10h")),
    ("Recipient Share", ("10i", "10j", "10k")),
    ("Program Income", ("10l", "10m", "10n", "10o")),
)


@dataclass(frozen=True)
class ReportInputs:
    """What the report is computed from, cumulative from ``period_start`` through ``period_end``.

    Attributes:
        award_amount: the federal funds authorized (10d).
        receipts: federal cash received (10a).
        federal_direct: the federal share of direct spending by object class (the ledger's
            spending tagged with the award's stream).
        recipient_direct: the recipient's share (match) spent by object class (the ledger's
            spending tagged with the award's match streams).
        indirect_rate: the award's indirect rate (a fraction: 0.15 = 15 %).
        indirect_type: its kind as the award records it ("de minimis", "provisional", …).
        unliquidated_obligations: obligations incurred, not yet paid (10f).
        match_required: the recipient share required (10i).
        program_income_earned, program_income_deduction, program_income_addition: 10l, 10m, 10n.
        final: the final report (refused while any obligation is unliquidated).
    """

    period_start: date
    period_end: date
    award_amount: int
    receipts: int
    federal_direct: Mapping[str, int]
    recipient_direct: Mapping[str, int]
    indirect_rate: Decimal
    indirect_type: str
    unliquidated_obligations: int = 0
    match_required: int = 0
    program_income_earned: int = 0
    program_income_deduction: int = 0
    program_income_addition: int = 0
    final: bool = False


@dataclass(frozen=True)
class IndirectExpense:
    """Line 11 of the SF-425."""

    type: str
    rate: Decimal
    period_start: date
    period_end: date
    base: int
    amount: int
    federal_share: int


@dataclass(frozen=True)
class FederalFinancialReport:
    """An SF-425 through ``period_end``.

    Attributes:
        lines: "10a" … "10o" in the form's order, cents.
        federal, recipient: the federal and the recipient's spending with their indirect.
        warnings: what a reviewer would question (expenditures over the award, program income
            used beyond what was earned).
    """

    period_start: date
    period_end: date
    final: bool
    lines: Mapping[str, int]
    indirect: IndirectExpense
    federal: Expenditures
    recipient: Expenditures
    warnings: tuple[str, ...] = field(default=())

    def line(self, number: str) -> int:
        return self.lines[number]


def federal_financial_report(inputs: ReportInputs) -> FederalFinancialReport:
    """Compute every line of the SF-425 from ``inputs`` (see the module's rules).

    Raises:
        InputError: the period ends before it starts, a figure that cannot be negative is, or a
            final report has unliquidated obligations (10f ≠ 0).
    """
    if inputs.period_end < inputs.period_start:
        raise InputError(
            f"{inputs.period_end.isoformat()} is before the award's start {inputs.period_start.isoformat()}",
            "period end",
        )
    for name in (
        "award_amount",
        "receipts",
        "unliquidated_obligations",
        "match_required",
        "program_income_earned",
        "program_income_deduction",
        "program_income_addition",
    ):
        value: int = getattr(inputs, name)
        if value < 0:
            raise InputError(f"is {format_dollars(value)}; it cannot be negative", name.replace("_", " "))
    if inputs.final and inputs.unliquidated_obligations != 0:
        raise InputError(
            f"needs line 10f (unliquidated obligations) = $0.00, and "
            f"{format_dollars(inputs.unliquidated_obligations)} is recorded as obligated and not yet paid "
            f"through {inputs.period_end.isoformat()}: record the payments (or cancel the obligations) first",
            "final report",
        )
    federal = expenditures_with_indirect(inputs.federal_direct, inputs.indirect_rate)
    recipient_base = mtdc_of(inputs.recipient_direct)
    base = federal.base + recipient_base
    amount = indirect_on(base, inputs.indirect_rate)
    # The recipient's part is what the whole charge leaves after the federal part, so 11e adds up.
    recipient = Expenditures(sum(inputs.recipient_direct.values()), recipient_base, amount - federal.indirect)

    a = inputs.receipts
    e = federal.total
    b = e
    f = inputs.unliquidated_obligations
    d = inputs.award_amount
    g = e + f
    i = inputs.match_required
    j = recipient.total
    income = inputs.program_income_earned
    m = inputs.program_income_deduction
    n = inputs.program_income_addition
    lines = {
        "10a": a,
        "10b": b,
        "10c": a - b,
        "10d": d,
        "10e": e,
        "10f": f,
        "10g": g,
        "10h": d - g,
        "10i": i,
        "10j": j,
        "10k": i - j,
        "10l": income,
        "10m": m,
        "10n": n,
        "10o": income - m - n,
    }
    warnings = []
    if d - g < 0:
        warnings.append(
            f"line 10h is {format_dollars(d - g)}: expenditures and obligations exceed the award by "
            f"{format_dollars(g - d)}"
        )
    if income - m - n < 0:
        warnings.append(
            f"line 10o is {format_dollars(income - m - n)}: more program income is recorded as used "
            f"({format_dollars(m + n)}) than earned ({format_dollars(income)})"
        )
    indirect = IndirectExpense(
        inputs.indirect_type,
        inputs.indirect_rate,
        inputs.period_start,
        inputs.period_end,
        base,
        amount,
        federal.indirect,
    )
    return FederalFinancialReport(
        inputs.period_start, inputs.period_end, inputs.final, lines, indirect, federal, recipient, tuple(warnings)
    )
