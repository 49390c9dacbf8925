"""``fundtracker report ffr`` (the SF-425 of an award) and ``fundtracker report rebudget`` (its meter).

``report ffr WS --award KEY --period-end YYYY-MM-DD [--final] [--format table|json|pdf] [-o FILE]``
computes every line 10a–10o and 11, cumulative from the award's start, with its reconciliation
(docs/awards.md documents the JSON). ``report rebudget WS --award KEY [--plan | --scenario KEY |
--version N] [--format table|json] [-o request.pdf] [--justification TEXT]`` measures the current
plan, each scenario and each requested amendment against the last approved budget; with one of
them chosen and ``-o`` it writes the printable modification request.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fundtracker.commands import options

if TYPE_CHECKING:
    from fundtracker.services.budget_modification import MeterReading
    from fundtracker.services.federal_report import FederalReport


def _report_kinds(subparsers: Any) -> Any:
    """The sub-commands of ``report`` (the actuals module makes the ``report`` command)."""
    report = subparsers.choices["report"]
    return next(a for a in report._actions if isinstance(a, argparse._SubParsersAction))


def register(subparsers: Any) -> None:
    kinds = _report_kinds(subparsers)
    ffr = kinds.add_parser(
        "ffr",
        help="the federal financial report (SF-425) of an award",
        description="Every SF-425 line 10a–10o and 11, cumulative from the award's start through the period "
        "end, with a reconciliation against the ledger, the receipts and the obligations.",
    )
    ffr.add_argument("workspace", help="workspace file, .json or database URL")
    ffr.add_argument("--award", required=True, metavar="KEY", help="the award (its application's key)")
    ffr.add_argument("--period-end", required=True, metavar="YYYY-MM-DD", help="the last day the report covers")
    ffr.add_argument("--final", action="store_true", help="the final report (refused while 10f is not $0.00)")
    ffr.add_argument("--format", choices=("table", "json", "pdf"), help="default: table (pdf when -o ends in .pdf)")
    ffr.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically) instead of printing")
    ffr.set_defaults(func=run_ffr)

    rebudget = kinds.add_parser(
        "rebudget",
        help="the rebudgeting meter of an award: the plan, each scenario, each requested amendment",
        description="Transfers between direct cost categories against the last approved budget version, and "
        "whether they need prior approval (above 10 %%, or money into a category approved at $0).",
    )
    rebudget.add_argument("workspace", help="workspace file, .json or database URL")
    rebudget.add_argument("--award", required=True, metavar="KEY", help="the award (its application's key)")
    choice = rebudget.add_mutually_exclusive_group()
    choice.add_argument("--plan", action="store_true", help="only the current plan")
    choice.add_argument("--scenario", metavar="KEY", help="only this scenario's budget")
    choice.add_argument("--version", type=int, metavar="N", help="only requested amendment N")
    rebudget.add_argument("--format", choices=("table", "json"), default="table", help="default: table")
    rebudget.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the modification request PDF (with --plan, --scenario or --version)",
    )
    rebudget.add_argument("--justification", metavar="TEXT", help="the justification printed on the request")
    rebudget.add_argument("--as-of", metavar="YYYY-MM-DD", help="the date of the request (default today)")
    rebudget.set_defaults(func=run_rebudget)


def run_ffr(args: argparse.Namespace) -> int:
    from fundtracker.domain.errors import InputError
    from fundtracker.domain.months import parse_date
    from fundtracker.services.federal_report import federal_report, report_json
    from fundtracker.services.locations import check_output, read_workspace
    from fundtracker.store.atomic import atomic_write_text

    try:
        period_end = parse_date(args.period_end)
    except InputError as exc:
        raise exc.at("--period-end") from None
    form = args.format or ("pdf" if args.output and args.output.lower().endswith(".pdf") else "table")
    if form == "pdf":
        from fundtracker.commands.export import require_suffix

        if not args.output:
            raise InputError("a PDF is written to a file; add -o report.pdf", "--format")
        require_suffix(args.output, ".pdf", "the SF-425 PDF")
    if args.output:
        check_output(args.output, args.workspace)
    federal = federal_report(read_workspace(args.workspace), args.award, period_end, final=args.final)
    where = f"the SF-425 of award {args.award!r} through {period_end.isoformat()}"
    if form == "pdf":
        from fundtracker.exports.pdf_federal_report import build_federal_report_pdf

        pages = build_federal_report_pdf(federal, args.output)
        print(f"wrote {where} ({pages} pages) to {args.output}")
        return 0
    text = json.dumps(report_json(federal), indent=2) + "\n" if form == "json" else report_table(federal)
    if args.output:
        atomic_write_text(Path(args.output), text)
        print(f"wrote {where} to {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def _amount(cents: int) -> str:
    from fundtracker.domain.money import format_money

    return format_money(cents, grouping=True)


def report_table(federal: FederalReport) -> str:
    """The SF-425 for a terminal: box 10 by group, line 11, the reconciliation, the warnings."""
    from fundtracker.domain.federal_financial_report import LINE_GROUPS, LINE_TITLES
    from fundtracker.domain.money import format_decimal
    from fundtracker.services.federal_report import INDIRECT_TYPE_TITLES

    report = federal.report
    header = federal.header
    width = max(len(_amount(v)) for v in report.lines.values())
    out = [
        f"SF-425 Federal Financial Report: award {federal.award} ({header.report_type}, {header.basis.lower()} basis)",
        f"Cumulative {report.period_start.isoformat()} – {report.period_end.isoformat()}",
    ]
    for group, lines in LINE_GROUPS:
        out += ["", group]
        out += [f"  {line}  {LINE_TITLES[line]:<72} {_amount(report.line(line)):>{width}}" for line in lines]
    i = report.indirect
    out += [
        "",
        f"11 Indirect expense: {INDIRECT_TYPE_TITLES.get(i.type, i.type)} {format_decimal(i.rate * 100)} %, "
        f"{i.period_start.isoformat()} – {i.period_end.isoformat()}: base {_amount(i.base)}, "
        f"amount charged {_amount(i.amount)}, federal share {_amount(i.federal_share)}",
        "",
        "Reconciliation",
    ]
    for row in federal.reconciliation:
        verdict = "agrees" if row.agrees else f"differs by {_amount(row.difference)}"
        out.append(f"  {row.line}  {_amount(row.report):>{width}}  {verdict}: {row.source_text} {_amount(row.source)}")
        out += [f"        {detail}" for detail in row.details]
    if federal.remarks:
        out += ["", "Warnings", *(f"  {w}" for w in federal.remarks)]
    return "\n".join(out) + "\n"


def run_rebudget(args: argparse.Namespace) -> int:
    from dataclasses import replace
    from datetime import date

    from fundtracker.domain.errors import InputError
    from fundtracker.services.award_summary import find_award
    from fundtracker.services.budget_modification import find_proposal, meter_readings, reading
    from fundtracker.services.federal_report import award_stream
    from fundtracker.services.locations import check_output, read_workspace

    chosen = args.plan or args.scenario is not None or args.version is not None
    if args.output:
        from fundtracker.commands.export import require_suffix

        if not chosen:
            raise InputError(
                "the modification request is for one proposal: add --plan, --scenario KEY or --version N", "-o"
            )
        require_suffix(args.output, ".pdf", "a modification request")
        check_output(args.output, args.workspace)
    on = options.as_of(args.as_of) or date.today()
    workspace = read_workspace(args.workspace)
    if chosen:
        proposal = find_proposal(workspace, args.award, scenario=args.scenario, version=args.version)
        if args.justification is not None:
            proposal = replace(proposal, justification=args.justification)
        readings = [reading(workspace, args.award, proposal)]
    else:
        readings = meter_readings(workspace, args.award)
    if args.output:
        from fundtracker.exports.pdf_budget_modification import build_modification_pdf

        funder = award_stream(workspace, find_award(workspace, args.award)).funder
        build_modification_pdf(readings[0], args.output, organization=workspace.organization.name, funder=funder, on=on)
        print(readings[0].sentence)
        print(f"wrote the modification request to {args.output}")
        return 0
    if args.format == "json":
        sys.stdout.write(json.dumps([meter_json(r) for r in readings], indent=2) + "\n")
    else:
        sys.stdout.write(meter_table(readings, detail=chosen))
    return 0


def meter_json(item: MeterReading) -> dict[str, Any]:
    """One reading as JSON (docs/awards.md)."""
    from fundtracker.domain.money import format_money

    meter = item.meter
    return {
        "award": item.award,
        "approved_version": item.approved.number,
        "proposal": {"kind": item.proposal.kind, "key": item.proposal.key, "label": item.proposal.label},
        "categories": [
            {
                "category": c.category,
                "approved": format_money(c.approved),
                "proposed": format_money(c.proposed),
                "change": format_money(c.change),
            }
            for c in meter.changes
        ],
        "transfers": format_money(meter.transfers),
        "total_approved": format_money(meter.total_approved),
        "percent": str(meter.percent),
        "prior_approval_needed": meter.needs_prior_approval,
        "reasons": meter.reasons(),
        "sentence": item.sentence,
    }


def meter_table(readings: list[MeterReading], *, detail: bool) -> str:
    """The meter for a terminal: one sentence per proposal; with one chosen, its categories too."""
    first = readings[0]
    out = [
        f"Rebudgeting meter: award {first.award}, against approved version {first.approved.number} "
        f"({first.approved.date.isoformat()}), approved total {_amount(first.meter.total_approved)}",
        "",
    ]
    out += [f"  {r.sentence}" for r in readings]
    if detail:
        out += ["", f"  {'category':<14} {'approved':>14} {'proposed':>14} {'change':>14}"]
        out += [
            f"  {c.category:<14} {_amount(c.approved):>14} {_amount(c.proposed):>14} {_amount(c.change):>14}"
            for c in first.meter.changes
        ]
    return "\n".join(out) + "\n"
