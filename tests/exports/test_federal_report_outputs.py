"""The SF-425 and the modification request through the CLI: JSON, table and PDF agree to the cent."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pypdf
import pytest

from fundtracker import cli
from fundtracker.domain.federal_financial_report import LINE_TITLES, LINES
from fundtracker.domain.money import format_money, parse_money
from fundtracker.services.transfer import write_workspace_to
from tests.services.award_fixtures import award_workspace


@pytest.fixture
def workspace_file(tmp_path: Path) -> Path:
    path = tmp_path / "award.json"
    write_workspace_to(award_workspace(), path, replace=False, action="test")
    return path


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.run_command(argv)
    out, err = capsys.readouterr()
    return code, out, err


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_the_pdf_shows_the_json_figures_to_the_cent(
    workspace_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    common = ["report", "ffr", str(workspace_file), "--award", "bja", "--period-end", "2025-12-31"]
    code, out, _ = _run([*common, "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["lines"]["10e"] == "63266.82"  # the service test derives it
    pdf = tmp_path / "sf425.pdf"
    code, out, _ = _run([*common, "-o", str(pdf)], capsys)
    assert code == 0 and "2 pages" in out
    pages = [_squash(page.extract_text()) for page in pypdf.PdfReader(pdf).pages]
    form = pages[0]
    for line in LINES:
        shown = format_money(parse_money(data["lines"][line], allow_negative=True), grouping=True)
        # each line's title is followed by its figure, as on the form
        assert f"{line[-1]}. {LINE_TITLES[line]} {shown}" in form, line
    indirect = data["indirect"]
    amounts = " ".join(
        format_money(parse_money(indirect[k]), grouping=True) for k in ("base", "amount", "federal_share")
    )
    assert f"De minimis 15 % 2025-10-01 2025-12-31 {amounts}" in form
    assert "☒ Quarterly" in form and "☒ Cash" in form
    assert "Reconciliation" in pages[1] and "63,266.82 63,266.82 agrees" in pages[1]


def test_the_table_and_a_refused_final_report(workspace_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    common = ["report", "ffr", str(workspace_file), "--award", "bja", "--period-end", "2026-09-30"]
    code, out, _ = _run(common, capsys)
    assert code == 0
    assert re.search(r"10f  Federal share of unliquidated obligations\s+3,500\.00", out)
    code, out, err = _run([*common, "--final"], capsys)
    assert code != 0 and out == ""
    assert "final report: needs line 10f" in err and "$3,500" in err


def test_the_modification_request_pdf(workspace_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "modification.pdf"
    argv = ["report", "rebudget", str(workspace_file), "--award", "bja", "--version", "1", "-o", str(pdf)]
    code, out, _ = _run([*argv, "--as-of", "2026-02-02"], capsys)
    assert code == 0
    assert "transfers 1.0 % ($2,000.00) — prior approval needed" in out
    text = _squash(" ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages))
    # before / after / change per category
    assert "e. Supplies 6,000.00 4,000.00 −2,000.00" in text
    assert "h. Other 0.00 2,000.00 +2,000.00" in text
    assert "k. Totals 207,000.00 207,000.00 0.00" in text
    assert "transfers = ½ × (2,000.00 + 2,000.00) = 2,000.00; 2,000.00 ÷ 207,000.00 (approved total) = 1.0 %" in text
    assert "Outreach materials for the spring campaign" in text


def test_the_meter_for_every_proposal_as_json(workspace_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["report", "rebudget", str(workspace_file), "--award", "bja", "--format", "json"], capsys)
    assert code == 0
    readings = json.loads(out)
    assert [(r["proposal"]["kind"], r["percent"], r["prior_approval_needed"]) for r in readings] == [
        ("plan", "0.0", False),
        ("scenario", "5.4", False),
        ("version", "1.0", True),
    ]


def test_the_award_shows_its_meter(workspace_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["award", str(workspace_file), "--show", "bja"], capsys)
    assert code == 0
    assert out.endswith(
        "Rebudgeting meter (against approved version 0 of 2025-09-15, $207,000.00):\n"
        "  the current plan transfers 0.0 % ($0.00) — no prior approval needed\n"
        "  scenario 'Coordinator 30 % on the award' transfers 5.4 % ($11,250.00) — no prior approval needed\n"
        "  amendment 1 (requested 2026-02-01) transfers 1.0 % ($2,000.00) — prior approval needed "
        "($2,000 into other, approved at $0)\n"
    )
