"""An award in words and a plain-text table, for the terminal (``fundtracker award WS --show/--list``)."""

from __future__ import annotations

from fundtracker.domain.awards import BUDGET_CATEGORIES
from fundtracker.domain.money import format_decimal, format_money
from fundtracker.services.award_summary import AwardSummary

CATEGORY_TITLES = {
    "personnel": "a Personnel",
    "fringe": "b Fringe Benefits",
    "travel": "c Travel",
    "equipment": "d Equipment",
    "supplies": "e Supplies",
    "contractual": "f Contractual",
    "construction": "g Construction",
    "other": "h Other",
    "indirect": "j Indirect Charges",
}


def money(cents: int) -> str:
    return format_money(cents, symbol=True, grouping=True)


def _period(summary: AwardSummary) -> str:
    return f"{summary.start.isoformat()} – {summary.end.isoformat() if summary.end else 'open'}"


def summary_lines(summary: AwardSummary) -> list[str]:
    """The award's terms, then its budget versions side by side (federal share per category)."""
    award = summary.award
    lines = [
        f"{award.key}: {summary.title} ({summary.funder})" if summary.funder else f"{award.key}: {summary.title}",
        f"  award {money(summary.amount)} on stream {award.stream!r}, period of performance {_period(summary)}",
        f"  match required {money(award.match_required)}"
        + (f" from {', '.join(award.match_streams)}" if award.match_streams else ""),
        f"  indirect {format_decimal(award.indirect_rate * 100)}% of MTDC ({award.indirect_type.replace('_', ' ')}); "
        f"program income by {award.program_income_election.replace('_', ' ')}; paid by {award.payment_method}",
        f"  financial reports {award.financial_report_frequency}, due {award.financial_report_due_days} days after "
        f"each period; final due {award.final_report_due_days} days after the end; performance reports "
        f"{award.performance_report_frequency}, due {award.performance_report_due_days} days after",
        f"  program income recorded {money(summary.program_income)}; "
        f"unliquidated obligations {money(summary.obligations)}",
    ]
    money_now = summary.money
    if money_now is not None:
        lines.append(
            f"  on {money_now.as_of.isoformat()}: spent {money(money_now.spent)}, requested "
            f"{money(money_now.requested)}, received {money(money_now.received)}, receivable "
            f"{money(money_now.receivable)}, unbilled {money(money_now.unbilled)}"
        )
    if award.income or award.obligations:
        lines.append("")
    for i, entry in enumerate(award.income, start=1):
        note = f" ({entry.description})" if entry.description else ""
        lines.append(f"  program income {i}: {entry.date.isoformat()} {money(entry.amount)}{note}")
    for i, obligation in enumerate(award.obligations, start=1):
        note = f" ({obligation.description})" if obligation.description else ""
        lines.append(f"  obligation {i}: {obligation.date.isoformat()} {money(obligation.amount)}{note}")
    if award.draws:
        lines.append("")
        lines.append(f"  {'request':<8} {'through':<10} {'made':<10} {'amount':>15} {'received':>15}  status")
        for draw in award.draws:
            lines.append(
                f"  {draw.number:<8} {draw.through.isoformat():<10} {draw.requested_on.isoformat():<10} "
                f"{money(draw.amount):>15} {money(draw.received):>15}  {draw.status}"
                + (f" {draw.rejected_on.isoformat()}" if draw.rejected_on else "")
            )
    if award.versions:
        lines.append("")
        heads = [f"v{v.number} {v.status}" for v in award.versions]
        width = max(14, *(len(h) for h in heads))
        lines.append(f"  {'budget (federal)':<22}" + "".join(f"{h:>{width + 2}}" for h in heads))
        for category in (*BUDGET_CATEGORIES, "total"):
            title = CATEGORY_TITLES.get(category, "k Total")
            cells = [v.federal_total if category == "total" else v.federal(category) for v in award.versions]
            lines.append(f"  {title:<22}" + "".join(f"{money(c):>{width + 2}}" for c in cells))
        for version in award.versions:
            if version.number:
                reason = f": {version.reason}" if version.reason else ""
                lines.append(f"  v{version.number} {version.date.isoformat()} {version.status}{reason}")
    return lines


def summary_table(summaries: list[AwardSummary]) -> list[str]:
    """One line per award."""
    if not summaries:
        return ["no awards; record one with: fundtracker award WS --application KEY"]
    rows: list[tuple[str, ...]] = [
        ("award", "title", "amount", "received", "receivable", "unbilled", "period", "budget")
    ]
    for s in summaries:
        version = f"v{s.approved.number}" if s.approved else "none"
        figures = (s.money.received, s.money.receivable, s.money.unbilled) if s.money is not None else None
        shown = tuple(money(c) for c in figures) if figures is not None else ("", "", "")
        rows.append((s.key, s.title, money(s.amount), *shown, _period(s), version))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    right = {2, 3, 4, 5}
    return [
        "  ".join(cell.rjust(widths[i]) if i in right else cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
        for row in rows
    ]
