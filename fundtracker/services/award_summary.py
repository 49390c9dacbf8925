"""What an award stands at: its terms, its budget versions and its records, for the CLI and the app.

A read model (nothing here changes the workspace). The award's amount and period of performance
are its stream's (:mod:`fundtracker.domain.awards`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from fundtracker.domain.awards import BUDGET_CATEGORIES, Award, BudgetVersion, Drawdown
from fundtracker.domain.errors import NotFoundError
from fundtracker.domain.money import format_money
from fundtracker.domain.records import Workspace

if TYPE_CHECKING:
    from fundtracker.services.drawdown import AwardMoney


@dataclass(frozen=True)
class AwardSummary:
    """One award with the figures people ask for first.

    Attributes:
        amount: the federal award (the stream's amount), in cents.
        start, end: the period of performance (the stream's period).
        approved: the last approved budget version (None: no version yet).
        money: received, receivable and unbilled on a day (None: not asked for).
    """

    award: Award
    title: str
    funder: str
    amount: int
    start: date
    end: date | None
    approved: BudgetVersion | None
    money: AwardMoney | None = None

    @property
    def key(self) -> str:
        return self.award.key

    @property
    def program_income(self) -> int:
        return sum(entry.amount for entry in self.award.income)

    @property
    def obligations(self) -> int:
        return sum(entry.amount for entry in self.award.obligations)


def find_award(workspace: Workspace, key: str) -> Award:
    """The award ``key`` (the application's key).

    Raises:
        NotFoundError: no such award; the message lists the awards there are.
    """
    award: Award | None = workspace.find("award", key)
    if award is None:
        known = (
            ", ".join(a.key for a in workspace.awards)
            or "none; record one with: fundtracker award WS --application KEY"
        )
        raise NotFoundError(f"no award with key {key!r} (awards in this workspace: {known})")
    return award


def award_summary(workspace: Workspace, key: str, as_of: date | None = None) -> AwardSummary:
    """The award ``key``; with ``as_of``, where its money stands that day too."""
    from fundtracker.services.drawdown import award_money

    award = find_award(workspace, key)
    application = workspace.find("application", award.key)
    stream = workspace.stream(award.stream)
    assert stream is not None  # validation keeps the award's stream
    return AwardSummary(
        award=award,
        title=application.program_title if application is not None else stream.name,
        funder=stream.funder or (application.funder if application is not None else ""),
        amount=stream.amount,
        start=stream.start,
        end=stream.end,
        approved=award.approved_version,
        money=award_money(workspace, key, as_of) if as_of is not None else None,
    )


def award_summaries(workspace: Workspace, as_of: date | None = None) -> list[AwardSummary]:
    return [award_summary(workspace, award.key, as_of) for award in workspace.awards]


def version_json(version: BudgetVersion) -> dict[str, Any]:
    """A budget version with its totals per category (federal, non-federal), as money strings."""
    return {
        "number": version.number,
        "date": version.date.isoformat(),
        "status": version.status,
        "reason": version.reason,
        "categories": {
            category: {
                "federal": format_money(version.federal(category)),
                "non_federal": format_money(version.non_federal(category)),
            }
            for category in BUDGET_CATEGORIES
        },
        "federal_total": format_money(version.federal_total),
        "non_federal_total": format_money(version.non_federal_total),
    }


def summary_json(summary: AwardSummary) -> dict[str, Any]:
    """The award as ``fundtracker award WS --show KEY --format json`` prints it (docs/awards.md)."""
    award = summary.award
    return {
        "key": award.key,
        "title": summary.title,
        "funder": summary.funder,
        "stream": award.stream,
        "amount": format_money(summary.amount),
        "period_start": summary.start.isoformat(),
        "period_end": summary.end.isoformat() if summary.end else None,
        "match_required": format_money(award.match_required),
        "match_streams": list(award.match_streams),
        "indirect_rate": str(award.indirect_rate),
        "indirect_type": award.indirect_type,
        "program_income_election": award.program_income_election,
        "payment_method": award.payment_method,
        "reporting": {
            "financial_report_frequency": award.financial_report_frequency,
            "financial_report_due_days": award.financial_report_due_days,
            "final_report_due_days": award.final_report_due_days,
            "performance_report_frequency": award.performance_report_frequency,
            "performance_report_due_days": award.performance_report_due_days,
        },
        "approved_version": summary.approved.number if summary.approved else None,
        "versions": [version_json(v) for v in award.versions],
        "program_income": format_money(summary.program_income),
        "obligations": format_money(summary.obligations),
        "draws": [draw_json(d) for d in award.draws],
        "money": money_json(summary.money) if summary.money is not None else None,
    }


def draw_json(draw: Drawdown) -> dict[str, Any]:
    return {
        "number": draw.number,
        "through": draw.through.isoformat(),
        "requested_on": draw.requested_on.isoformat(),
        "amount": format_money(draw.amount),
        "received": format_money(draw.received),
        "status": draw.status,
        "payments": [{"date": p.date.isoformat(), "amount": format_money(p.amount)} for p in draw.payments],
        "rejected_on": draw.rejected_on.isoformat() if draw.rejected_on else None,
    }


def money_json(money: AwardMoney) -> dict[str, Any]:
    return {
        "as_of": money.as_of.isoformat(),
        "spent": format_money(money.spent),
        "requested": format_money(money.requested),
        "received": format_money(money.received),
        "receivable": format_money(money.receivable),
        "unbilled": format_money(money.unbilled),
    }
