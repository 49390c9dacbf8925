"""The federal financial report (SF-425) of an award, from the workspace: a read model.

Gathers the figures the SF-425 arithmetic (:mod:`fundtracker.domain.federal_financial_report`)
needs, cumulative from the award's start through the period end E:

* **federal expenditures** and the **recipient share**: the award's own figures
  (:mod:`fundtracker.services.award_expenditures`, the ones the drawdown requests use): the
  actual spending tagged with the award's stream (its match streams), dated inside the period of
  performance and on or before E, by SF-424A object class;
* **receipts**: the payments received by E (:func:`fundtracker.services.drawdown.award_money`);
* **unliquidated obligations**: the obligations recorded, dated on or before E (an obligation
  paid is recorded as liquidated: it leaves the list and its payment is actual spending);
* **program income**: earned on or before E; used by deduction or by addition as the award's
  election says (all of it: the record holds what was earned, and the election says how it is
  used; under cost sharing it is neither).

Beside the report, a **reconciliation** shows where each figure came from and that it ties out:
10e against the ledger's federal spending (with what fell outside the period), 10a against the
recorded receipts (with what was requested, receivable and unbilled), 10j against the match
spending, and 10f against what a final report needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fundtracker.domain.awards import Award
from fundtracker.domain.errors import InputError
from fundtracker.domain.federal_financial_report import (
    LINE_TITLES,
    LINES,
    FederalFinancialReport,
    ReportInputs,
    federal_financial_report,
)
from fundtracker.domain.money import format_decimal, format_money
from fundtracker.domain.records import Actual, FundingStream, Workspace
from fundtracker.services.award_expenditures import (
    federal_expenditures,
    income_deducted_through,
    program_income_through,
    recipient_share,
)
from fundtracker.services.award_summary import find_award
from fundtracker.services.drawdown import award_money

INDIRECT_TYPE_TITLES = {
    "provisional": "Provisional",
    "predetermined": "Predetermined",
    "final": "Final",
    "fixed": "Fixed",
    "de_minimis": "De minimis",
}
FREQUENCY_TITLES = {"monthly": "Monthly", "quarterly": "Quarterly", "semiannual": "Semi-Annual", "annual": "Annual"}


@dataclass(frozen=True)
class ReportHeader:
    """Boxes 1–9 and 13 of the form: who reports what to whom, for which period."""

    agency: str
    award_number: str
    award_name: str
    recipient: str
    address: str
    uei: str
    ein: str
    report_type: str
    basis: str
    project_start: date
    project_end: date | None
    period_end: date
    certifier: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class ReconciliationRow:
    """One line of the report beside the record it comes from.

    Attributes:
        line: the SF-425 line ("10e").
        report: the report's figure.
        source: the figure of the record it is checked against.
        source_text: what that record is.
        details: how the record's figures become the report's, one sentence each.
    """

    line: str
    report: int
    source: int
    source_text: str
    details: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return LINE_TITLES[self.line]

    @property
    def difference(self) -> int:
        return self.report - self.source

    @property
    def agrees(self) -> bool:
        return self.difference == 0


@dataclass(frozen=True)
class FederalReport:
    """An award's SF-425 through a day, its form boxes and its reconciliation."""

    award: str
    header: ReportHeader
    report: FederalFinancialReport
    reconciliation: tuple[ReconciliationRow, ...]
    remarks: tuple[str, ...] = field(default=())

    @property
    def lines(self) -> dict[str, int]:
        return dict(self.report.lines)


def award_stream(workspace: Workspace, award: Award) -> FundingStream:
    stream = workspace.stream(award.stream)
    if stream is None:  # validation keeps this from happening; say so rather than crash
        raise InputError(f"no funding stream with key {award.stream!r}", f"award {award.key!r}: stream")
    return stream


def _in_period(actual: Actual, stream: FundingStream, period_end: date) -> bool:
    return stream.start <= actual.date <= period_end and (stream.end is None or actual.date <= stream.end)


def report_inputs(workspace: Workspace, award: Award, period_end: date, *, final: bool = False) -> ReportInputs:
    """The figures of :func:`federal_report`'s SF-425 (see the module's rules)."""
    stream = award_stream(workspace, award)
    earned = program_income_through(award, period_end)
    return ReportInputs(
        period_start=stream.start,
        period_end=period_end,
        award_amount=stream.amount,
        receipts=award_money(workspace, award.key, period_end).received,
        federal_direct=federal_expenditures(workspace, award, period_end).by_category,
        recipient_direct=recipient_share(workspace, award, period_end).by_category,
        indirect_rate=award.indirect_rate,
        indirect_type=award.indirect_type,
        unliquidated_obligations=sum(o.amount for o in award.obligations if o.date <= period_end),
        match_required=award.match_required,
        program_income_earned=earned,
        program_income_deduction=income_deducted_through(award, period_end),
        program_income_addition=earned if award.program_income_election == "addition" else 0,
        final=final,
    )


def federal_report(workspace: Workspace, award_key: str, period_end: date, *, final: bool = False) -> FederalReport:
    """The SF-425 of award ``award_key`` through ``period_end``, with its reconciliation.

    Raises:
        NotFoundError: no such award.
        InputError: the period ends before the award starts, or a final report has unliquidated
            obligations (line 10f must be $0.00).
    """
    award = find_award(workspace, award_key)
    stream = award_stream(workspace, award)
    inputs = report_inputs(workspace, award, period_end, final=final)
    report = federal_financial_report(inputs)
    organization = workspace.organization
    header = ReportHeader(
        agency=stream.funder,
        award_number=award.key,
        award_name=stream.name,
        recipient=organization.name,
        address=organization.address,
        uei=organization.uei,
        ein=organization.ein,
        report_type="Final" if final else FREQUENCY_TITLES.get(award.financial_report_frequency, "Quarterly"),
        basis="Cash",
        project_start=stream.start,
        project_end=stream.end,
        period_end=period_end,
        certifier=organization.contact_name,
        email=organization.contact_email,
        phone=organization.contact_phone,
    )
    return FederalReport(award.key, header, report, _reconciliation(workspace, award, stream, report), report.warnings)


def _money(cents: int) -> str:
    return format_money(cents, symbol=True, grouping=True)


def _ledger_outside(
    workspace: Workspace, streams: tuple[str, ...], stream: FundingStream, period_end: date
) -> list[str]:
    """Sentences for the spending tagged with ``streams`` through E that the report leaves out."""
    before = [a for a in workspace.actuals if a.stream in streams and a.date < stream.start]
    after = [
        a
        for a in workspace.actuals
        if a.stream in streams and stream.end is not None and stream.end < a.date <= period_end
    ]
    later = [a for a in workspace.actuals if a.stream in streams and a.date > period_end]
    sentences = []

    def count(items: list[Actual]) -> str:
        return f"{len(items)} transaction{'s' if len(items) != 1 else ''} of {_money(sum(a.amount for a in items))}"

    if before:
        sentences.append(f"{count(before)} dated before the award's start {stream.start.isoformat()} left out")
    if after:
        sentences.append(f"{count(after)} dated after the period of performance ends left out")
    if later:
        sentences.append(f"{count(later)} dated after {period_end.isoformat()}: for a later report")
    return sentences


def _reconciliation(
    workspace: Workspace, award: Award, stream: FundingStream, report: FederalFinancialReport
) -> tuple[ReconciliationRow, ...]:
    end = report.period_end
    rate = format_decimal(report.indirect.rate * 100)
    federal_ledger = sum(a.amount for a in workspace.actuals if a.stream == award.stream and _in_period(a, stream, end))
    federal = report.federal
    rows = [
        ReconciliationRow(
            "10e",
            report.line("10e"),
            federal_ledger + federal.indirect,
            f"the ledger's spending tagged {award.stream!r} through {end.isoformat()} with its indirect",
            (
                f"ledger spending {_money(federal_ledger)} + indirect {rate} % × MTDC {_money(federal.base)} = "
                f"{_money(federal.indirect)}",
                *_ledger_outside(workspace, (award.stream,), stream, end),
            ),
        )
    ]
    money = award_money(workspace, award.key, end)
    rows.append(
        ReconciliationRow(
            "10a",
            report.line("10a"),
            money.received,
            f"the payments recorded on drawdown requests through {end.isoformat()}",
            (
                f"requested by {end.isoformat()} {_money(money.requested)}; received {_money(money.received)}; "
                f"receivable {_money(money.receivable)}",
                f"unbilled (what a request through {end.isoformat()} would ask for): {_money(money.unbilled)}",
            ),
        )
    )
    recipient = report.recipient
    match_ledger = sum(
        a.amount for a in workspace.actuals if a.stream in award.match_streams and _in_period(a, stream, end)
    )
    streams = ", ".join(repr(s) for s in award.match_streams) or "(no match streams)"
    rows.append(
        ReconciliationRow(
            "10j",
            report.line("10j"),
            match_ledger + recipient.indirect,
            f"the ledger's spending tagged {streams} through {end.isoformat()} with its indirect",
            (
                f"ledger spending {_money(match_ledger)} + indirect {_money(recipient.indirect)} "
                f"(line 11e {_money(report.indirect.amount)} − federal share {_money(report.indirect.federal_share)})",
                *_ledger_outside(workspace, award.match_streams, stream, end),
            ),
        )
    )
    obligations = sum(o.amount for o in award.obligations if o.date <= end)
    rows.append(
        ReconciliationRow(
            "10f",
            report.line("10f"),
            obligations,
            f"the obligations recorded through {end.isoformat()}",
            (
                "a final report needs $0.00 here"
                + ("" if obligations == 0 else f": {_money(obligations)} must be paid or cancelled first"),
            ),
        )
    )
    return tuple(rows)


def report_json(federal: FederalReport) -> dict[str, Any]:
    """The JSON of ``fundtracker report ffr --format json`` (docs/awards.md)."""
    report = federal.report
    indirect = report.indirect
    header = federal.header
    return {
        "award": federal.award,
        "report_type": header.report_type,
        "final": report.final,
        "basis": header.basis,
        "period_start": report.period_start.isoformat(),
        "period_end": report.period_end.isoformat(),
        "lines": {line: format_money(report.line(line)) for line in LINES},
        "indirect": {
            "type": indirect.type,
            "rate": format_decimal(indirect.rate),
            "period_start": indirect.period_start.isoformat(),
            "period_end": indirect.period_end.isoformat(),
            "base": format_money(indirect.base),
            "amount": format_money(indirect.amount),
            "federal_share": format_money(indirect.federal_share),
        },
        "reconciliation": [
            {
                "line": row.line,
                "report": format_money(row.report),
                "source": format_money(row.source),
                "difference": format_money(row.difference),
                "source_text": row.source_text,
                "details": list(row.details),
            }
            for row in federal.reconciliation
        ],
        "warnings": list(federal.remarks),
    }
