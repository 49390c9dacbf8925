"""The SF-425 of an award from the workspace's records, each figure computed by hand in the comments."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from fundtracker.domain.errors import InputError, NotFoundError
from fundtracker.services.federal_report import federal_report, report_json
from tests.services.award_fixtures import award_workspace

QUARTER_END = date(2025, 12, 31)


def test_every_line_of_a_quarterly_report_from_the_records() -> None:
    federal = federal_report(award_workspace(), "bja", QUARTER_END)
    # Federal spending tagged "bja", 2025-10-01 – 2025-12-31 (the 400.00 of 2025-09-20 and the 999.99
    # of 2026-01-15 are outside): personnel 30,000.00, fringe 7,500.00, travel 1,234.51, equipment
    # 12,000.00, supplies 845.33 (an "equipment" item under $10,000), contractual 5,000.00 = 56,579.84;
    # MTDC 44,579.84 (less the 12,000.00 equipment); 0.15 × 44,579.84 = 6,686.976 → 6,686.98
    # 10e = 56,579.84 + 6,686.98 = 63,266.82
    # Match tagged "city": 8,000.00 + 333.24 = 8,333.24; base 52,913.08 × 0.15 = 7,936.962 → 7,936.96;
    # recipient indirect 7,936.96 − 6,686.98 = 1,249.98; 10j = 9,583.22
    # 10a: payments dated by 12-31: 30,000.00 + 20,000.00 (drawdown 2 was paid 2026-01-20)
    # 10f: the 2,500.00 of 12-15 (the 1,000.00 of 2026-01-05 is later)
    # 10l: 700.00 + 500.00 = 1,200.00, all used by deduction (the award's election)
    assert report_json(federal)["lines"] == {
        "10a": "50000.00",
        "10b": "63266.82",
        "10c": "-13266.82",
        "10d": "200000.00",
        "10e": "63266.82",
        "10f": "2500.00",
        "10g": "65766.82",
        "10h": "134233.18",
        "10i": "40000.00",
        "10j": "9583.22",
        "10k": "30416.78",
        "10l": "1200.00",
        "10m": "1200.00",
        "10n": "0.00",
        "10o": "0.00",
    }
    assert report_json(federal)["indirect"] == {
        "type": "de_minimis",
        "rate": "0.15",
        "period_start": "2025-10-01",
        "period_end": "2025-12-31",
        "base": "52913.08",
        "amount": "7936.96",
        "federal_share": "6686.98",
    }
    assert federal.header.report_type == "Quarterly"
    assert federal.header.agency == "Bureau of Justice Assistance"


def test_the_reconciliation_ties_each_line_to_its_record() -> None:
    rows = {row.line: row for row in federal_report(award_workspace(), "bja", QUARTER_END).reconciliation}
    assert [(line, rows[line].report, rows[line].source) for line in ("10e", "10a", "10j", "10f")] == [
        ("10e", 63_266_82, 63_266_82),  # ledger 56,579.84 + indirect 6,686.98
        ("10a", 50_000_00, 50_000_00),
        ("10j", 9_583_22, 9_583_22),  # ledger 8,333.24 + indirect 1,249.98
        ("10f", 2_500_00, 2_500_00),
    ]
    assert all(row.agrees for row in rows.values())
    assert rows["10e"].details == (
        "ledger spending $56,579.84 + indirect 15 % × MTDC $44,579.84 = $6,686.98",
        "1 transaction of $400.00 dated before the award's start 2025-10-01 left out",
        "1 transaction of $999.99 dated after 2025-12-31: for a later report",
    )
    # requested by 12-31: 50,000.00 + 12,000.00 = 62,000.00; received 50,000.00;
    # unbilled = 63,266.82 − 1,200.00 (program income deducted) − 62,000.00 = 66.82
    assert rows["10a"].details == (
        "requested by 2025-12-31 $62,000.00; received $50,000.00; receivable $12,000.00",
        "unbilled (what a request through 2025-12-31 would ask for): $66.82",
    )
    assert rows["10f"].details == ("a final report needs $0.00 here: $2,500.00 must be paid or cancelled first",)


def test_the_final_report_is_refused_while_obligations_are_recorded() -> None:
    workspace = award_workspace()
    with pytest.raises(InputError, match=r"needs line 10f .* \$3,500 is recorded as obligated"):
        federal_report(workspace, "bja", date(2026, 9, 30), final=True)
    award = replace(workspace.awards[0], obligations=())
    final = federal_report(replace(workspace, awards=(award,)), "bja", date(2026, 9, 30), final=True)
    # every "bja" transaction inside the period now counts: + 999.99 supplies (MTDC 45,579.83)
    # 0.15 × 45,579.83 = 6,836.9745 → 6,836.97; 10e = 57,579.83 + 6,836.97 = 64,416.80
    assert (final.header.report_type, final.report.line("10f"), final.report.line("10e")) == ("Final", 0, 64_416_80)
    # 10a = 50,000.00 + 12,000.00 (drawdown 2 paid 2026-01-20)
    assert final.report.line("10a") == 62_000_00


def test_an_unknown_award_is_named() -> None:
    with pytest.raises(NotFoundError, match=r"no award with key 'nope' \(awards in this workspace: bja\)"):
        federal_report(award_workspace(), "nope", QUARTER_END)


def test_line_10e_is_the_drawdown_requests_expenditures() -> None:
    from fundtracker.services.drawdown import compute_drawdown

    workspace = award_workspace()
    for day in (date(2025, 11, 30), QUARTER_END, date(2026, 9, 30)):
        figures = compute_drawdown(workspace, "bja", day)
        report = federal_report(workspace, "bja", day)
        assert report.report.line("10e") == figures.expenditures.total
        assert report.report.line("10m") == figures.income_deducted
