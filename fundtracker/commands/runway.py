"""``fundtracker runway WORKSPACE``: when the money runs out, as a table, CSV or JSON.

The JSON output is a stable contract documented in docs/runway-json.md.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from datetime import date
from typing import TYPE_CHECKING, Any

from fundtracker.commands import options
from fundtracker.domain.errors import InputError
from fundtracker.domain.money import format_money
from fundtracker.domain.months import format_month, month_index, parse_month

if TYPE_CHECKING:
    from fundtracker.forecast import Need, ProbabilityResult, Projection

FORMATS = ("table", "csv", "json")
MONEY_COLUMNS = ("inflow", "cost", "charged", "unfunded", "lapsed", "balance")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "runway",
        help="forecast when the money runs out",
        description="Project funding month by month and report when costs go unfunded.",
    )
    parser.add_argument("workspace", metavar="WORKSPACE", help="a .json workspace or a .fundtracker file")
    parser.add_argument("--view", choices=("secured", "expected"), default="expected", help="default: expected")
    parser.add_argument("--scenario", metavar="KEY", help="apply a scenario's overrides first")
    parser.add_argument("--start", metavar="YYYY-MM", help="first month (default: the as-of month)")
    parser.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="the day of the forecast (default: today); actual spending before its month replaces the plan",
    )
    parser.add_argument("--months", type=int, default=36, metavar="N", help="horizon, 1–240 months (default: 36)")
    parser.add_argument("--format", choices=FORMATS, default="table", help="default: table")
    parser.add_argument(
        "--probability", action="store_true", help="add the probability of staying funded (uncertain streams)"
    )
    parser.add_argument(
        "--need-through",
        metavar="YYYY-MM",
        help="add the money to raise, by month, to keep everyone funded through that month",
    )
    parser.add_argument(
        "--need-for",
        metavar="KEY",
        action="append",
        help="with --need-through: only keep this position funded (repeat for more)",
    )
    parser.add_argument("--trials", type=int, default=20000, metavar="N", help="trials when sampling (default: 20000)")
    parser.add_argument("--seed", type=int, default=0, metavar="N", help="sampling seed (default: 0)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from fundtracker import forecast
    from fundtracker.services.locations import read_workspace

    as_of = options.as_of(args.as_of) or date.today()
    start = parse_month(args.start) if args.start else month_index(as_of)
    if not 1 <= args.months <= forecast.MAX_MONTHS:
        raise InputError(f"{args.months} is outside 1–{forecast.MAX_MONTHS}", "--months")
    workspace = read_workspace(args.workspace)
    inputs = forecast.resolve(workspace, args.view, args.scenario, as_of)
    projection = forecast.project(inputs, start, args.months)
    chance = (
        forecast.probability(
            inputs, start=start, months=args.months, trials=args.trials, seed=args.seed, positions=True
        )
        if args.probability
        else None
    )
    if args.need_for and not args.need_through:
        raise InputError("--need-for needs --need-through YYYY-MM", "--need-for")
    need = forecast.need(projection, parse_month(args.need_through), args.need_for) if args.need_through else None
    if args.format == "json":
        text = json.dumps(runway_json(projection, chance, need), indent=2) + "\n"
    elif args.format == "csv":
        text = runway_csv(projection, chance)
    else:
        text = runway_table(projection, chance, need)
    sys.stdout.write(text)
    return 0


def _date(value: Any) -> str | None:
    return None if value is None else str(value.isoformat())


def runway_json(
    projection: Projection, chance: ProbabilityResult | None = None, need: Need | None = None
) -> dict[str, Any]:
    """The JSON document of docs/runway-json.md."""
    with_actuals = projection.actuals_through is not None
    data: dict[str, Any] = {
        "view": projection.view,
        "scenario": projection.scenario,
        "start": format_month(projection.start),
        "months": [
            {
                "month": format_month(t.month),
                **{name: format_money(getattr(t, name)) for name in MONEY_COLUMNS},
                **({"overspent": format_money(t.overspent)} if with_actuals else {}),
            }
            for t in projection.month_totals()
        ],
        "funded_through": _date(projection.funded_through),
        "positions": {
            key: {"funded_through": _date(line.funded_through), "unfunded_total": format_money(line.unfunded_total)}
            for key, line in projection.line_totals.items()
            if line.kind == "position"
        },
        "streams": {
            key: {
                "charged_total": format_money(s.charged_total),
                "lapsed_total": format_money(s.lapsed_total),
                "end_balance": format_money(s.end_balance),
            }
            for key, s in projection.stream_totals.items()
        },
    }
    if chance is not None:
        data["probability"] = {
            "method": chance.method,
            "trials": chance.trials,
            "p10": _date(chance.p10),
            "p50": _date(chance.p50),
            "p90": _date(chance.p90),
            "funded_through_curve": [{"month": format_month(m), "p": f"{p:.3f}"} for m, p in chance.curve],
        }
        year_end, year_chance = _year_end_chance(projection, chance)
        data["probability"]["fiscal_year_end"] = {
            "month": format_month(year_end),
            "p": None if year_chance is None else f"{year_chance:.3f}",
        }
        data["probability"]["positions"] = {
            key: {
                "funded_through_curve": [{"month": format_month(m), "p": f"{p:.3f}"} for m, p in odds.curve],
                **{
                    f"below_{round(threshold * 100)}": None if month is None else format_month(month)
                    for threshold, month in odds.below.items()
                },
            }
            for key, odds in chance.positions.items()
        }
    if need is not None:
        data["need"] = need_json(need)
    if with_actuals:
        through = projection.actuals_through
        data["actuals_through"] = None if through is None else format_month(through)
    return data


def need_json(need: Need) -> dict[str, Any]:
    """The ``need`` object of docs/runway-json.md."""
    return {
        "through": format_month(need.through),
        "positions": None if need.positions is None else list(need.positions),
        "total": format_money(need.total),
        "by_month": [
            {
                "month": format_month(m.month),
                "unfunded": format_money(m.unfunded),
                "needed_by_close": format_money(m.needed_by_close),
            }
            for m in need.by_month
        ],
        "by_position": {key: format_money(cents) for key, cents in need.by_position.items()},
    }


def _year_end_chance(projection: Projection, chance: ProbabilityResult) -> tuple[int, float | None]:
    """The fiscal year end the dashboard's headline names (the first at least six months
    ahead) and the chance of staying funded through it (None when past the horizon)."""
    from fundtracker.services.dashboard import chance_through, target_year_end

    year_end = target_year_end(projection.start, projection.inputs.organization.fiscal_year_start_month)
    return year_end, chance_through(chance.curve, year_end)


def runway_csv(projection: Projection, chance: ProbabilityResult | None = None) -> str:
    """One row per month; with a probability, a last column ``p_funded``. No cell can run as a formula."""
    from fundtracker.exports.spreadsheet_text import csv_row

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(csv_row(["month", *MONEY_COLUMNS, *(["p_funded"] if chance else [])]))
    curve = dict(chance.curve) if chance else {}
    for t in projection.month_totals():
        row = [format_month(t.month), *(format_money(getattr(t, name)) for name in MONEY_COLUMNS)]
        if chance:
            row.append(f"{curve[t.month]:.3f}")
        writer.writerow(csv_row(row))
    return out.getvalue()


def _money(cents: int) -> str:
    return format_money(cents, grouping=True)


def runway_table(projection: Projection, chance: ProbabilityResult | None = None, need: Need | None = None) -> str:
    """A terminal table: months down, money right-aligned with thousands separators."""
    rows = [
        [format_month(t.month), *(_money(getattr(t, name)) for name in MONEY_COLUMNS)]
        for t in projection.month_totals()
    ]
    totals = ["Total", *(_money(int(getattr(projection, name).sum())) for name in MONEY_COLUMNS[:-1])]
    totals.append(_money(int(projection.balance[-1])) if len(projection.balance) else "")
    header = ["Month", *(name.capitalize() for name in MONEY_COLUMNS)]
    widths = [max(len(r[i]) for r in [header, *rows, totals]) for i in range(len(header))]

    def line(cells: list[str]) -> str:
        return "  ".join([cells[0].ljust(widths[0]), *(c.rjust(w) for c, w in zip(cells[1:], widths[1:]))])

    scenario = projection.scenario or "none"
    out = [f"Runway: {projection.view} view, scenario {scenario}, from {format_month(projection.start)}"]
    if projection.actuals_through is not None:
        out.append(f"Actual spending replaces the plan through {format_month(projection.actuals_through)}.")
    out.append("")
    out += [line(header), line(["-" * w for w in widths]), *(line(r) for r in rows), line(totals), ""]
    funded = projection.funded_through
    out.append(f"Funded through: {funded.isoformat() if funded else 'beyond the horizon'}")
    overspent = [(m, int(v)) for m, v in zip(projection.months, projection.overspent) if v > 0]
    if overspent:
        listed = ", ".join(f"{format_month(m)} {_money(v)}" for m, v in overspent)
        out.append(f"Overspent (actual spending no stream could pay, in Unfunded): {listed}")
    positions = [t for t in projection.line_totals.values() if t.kind == "position"]
    if positions:
        out += ["", "Positions:"]
        key_width = max(len(t.key) for t in positions)
        for t in positions:
            through = t.funded_through.isoformat() if t.funded_through else "beyond the horizon"
            out.append(
                f"  {t.key.ljust(key_width)}  funded through {through:<18}  unfunded {_money(t.unfunded_total):>14}"
            )
    if projection.stream_totals:
        out += ["", "Streams:"]
        key_width = max(len(k) for k in projection.stream_totals)
        for key, s in projection.stream_totals.items():
            out.append(
                f"  {key.ljust(key_width)}  charged {_money(s.charged_total):>14}  lapsed {_money(s.lapsed_total):>14}"
                f"  end balance {_money(s.end_balance):>14}"
            )
    low = projection.cash_low_point
    if low.month is not None:
        out += [
            "",
            f"Cash low point (reimbursement streams): {_money(low.amount)} at the close of {format_month(low.month)}",
        ]
    if chance is not None:
        unit = "combination" if chance.method == "exact" else "trial"
        unit += "" if chance.trials == 1 else "s"
        uncertain = ", ".join(chance.uncertain) or "none"

        def when(value: Any) -> str:
            return value.isoformat() if value else "beyond the horizon"

        from fundtracker.domain.probability_text import probability_text
        from fundtracker.services.dashboard import year_end_phrase

        year_end, year_chance = _year_end_chance(projection, chance)
        phrase = year_end_phrase(projection.start, year_end, projection.inputs.organization.fiscal_year_start_month)
        through = "past the horizon" if year_chance is None else probability_text(year_chance)
        out += [
            "",
            f"Probability ({chance.method}, {chance.trials:,} {unit}, uncertain: {uncertain}):",
            f"  funded through  P10 {when(chance.p10)}  P50 {when(chance.p50)}  P90 {when(chance.p90)}",
            f"  chance of staying funded through {phrase}: {through}",
        ]
        if chance.positions:
            out.append("  per position: chance through that year end; first month below 80 % / 50 % / 20 %")
            key_width = max(len(k) for k in chance.positions)
            for key, odds in chance.positions.items():
                at = dict(odds.curve).get(year_end)
                below = " / ".join("—" if m is None else format_month(m) for m in odds.below.values())
                shown = "—" if at is None else probability_text(at)
                out.append(f"    {key.ljust(key_width)}  {shown:>6}  {below}")
    from fundtracker.services.runway_warnings import runway_warnings

    warnings = runway_warnings(projection)
    if warnings:
        out += ["", "Warnings:", *(f"  {warning.message}" for warning in warnings)]
    if need is not None:
        from fundtracker.services.dashboard import need_sentence

        out += ["", need_sentence(need, format_month)]
    return "\n".join(out) + "\n"
