"""Drawdown requests, computed by hand: expenditures with indirect, program income, partial payments, the cap.

The award: $100,000.00 on stream ``grant`` (2024-01-01 – 2024-12-31), indirect 10 % of MTDC,
2024 Uniform Guidance (equipment from $10,000 a unit), program income by deduction. Its spending:

    2023-12-15  personnel   5,000.00   before the award: not charged to it
    2024-01-31  personnel  20,000.00
    2024-02-15  equipment  12,000.00   ≥ $10,000: equipment, outside MTDC
    2024-02-20  equipment     800.00   < $10,000: supplies, inside MTDC
    2024-03-10  travel      1,234.56
    2024-03-31  other        −200.00   a refund
    2024-04-05  personnel  30,000.00
    2024-05-20  contractual 50,000.00
    2024-03-01  (city stream) 9,999.99 another stream's: not the award's

Program income: 500.00 on 2024-03-15, 250.00 on 2024-04-10.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from fundtracker.domain.awards import Award, BudgetVersion, ProgramIncome
from fundtracker.domain.errors import InputError
from fundtracker.domain.records import Actual, Application, FundingStream, Organization, Schedule, Workspace
from fundtracker.services import changes
from fundtracker.services.drawdown import (
    award_money,
    compute_drawdown,
    payment_step,
    rejection_step,
    request_steps,
)
from fundtracker.services.workspace import WorkspaceService

SPENDING = [
    ("2023-12-15", "personnel", 5_000_00, "grant"),
    ("2024-01-31", "personnel", 20_000_00, "grant"),
    ("2024-02-15", "equipment", 12_000_00, "grant"),
    ("2024-02-20", "equipment", 800_00, "grant"),
    ("2024-03-10", "travel", 1_234_56, "grant"),
    ("2024-03-31", "other", -200_00, "grant"),
    ("2024-04-05", "personnel", 30_000_00, "grant"),
    ("2024-05-20", "contractual", 50_000_00, "grant"),
    ("2024-03-01", "personnel", 9_999_99, "city"),
]


def workspace(election: str = "deduction") -> Workspace:
    grant = FundingStream(
        key="grant",
        name="CVI grant",
        amount=100_000_00,
        start=date(2024, 1, 1),
        end=date(2024, 12, 31),
        funder="U.S. DOJ & BJA <Office>",
        kind="federal_grant",
        schedule=Schedule("reimbursement", lag_days=30),
    )
    city = FundingStream(key="city", name="City", amount=50_000_00, start=date(2024, 1, 1), kind="city_appropriation")
    application = Application(
        key="cvi",
        funder="DOJ",
        program_title="Community Violence Intervention",
        stream="grant",
        requested_amount=100_000_00,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        status="awarded",
        negotiated_indirect_rate=Decimal("0.10"),
    )
    award = Award(
        key="cvi",
        stream="grant",
        indirect_rate=Decimal("0.10"),
        indirect_type="provisional",
        program_income_election=election,
        versions=(BudgetVersion(0, date(2023, 12, 1)),),
        income=(ProgramIncome(date(2024, 3, 15), 500_00), ProgramIncome(date(2024, 4, 10), 250_00)),
    )
    actuals = tuple(
        Actual(key=f"t{i}", date=date.fromisoformat(day), amount=cents, stream=stream, category=category)
        for i, (day, category, cents, stream) in enumerate(SPENDING)
    )
    return Workspace(
        organization=Organization(name="KC Partnership & Co <CSP>", ein="44-1234567", address="414 E 12th St\nKC MO"),
        streams=(grant, city),
        applications=(application,),
        actuals=actuals,
        awards=(award,),
    )


@pytest.fixture
def awarded(service: WorkspaceService) -> WorkspaceService:
    service.replace_all(workspace())
    return service


def request(service: WorkspaceService, through: str, on: str) -> int:
    figures, steps = request_steps(service.load(), "cvi", date.fromisoformat(through), date.fromisoformat(on))
    service.apply(steps)
    return figures.amount


def pay(service: WorkspaceService, number: int, on: str, cents: int) -> None:
    service.apply([payment_step(service.load(), "cvi", number, date.fromisoformat(on), cents)])


def test_the_first_request_adds_indirect_on_mtdc_and_deducts_program_income() -> None:
    figures = compute_drawdown(workspace(), "cvi", date(2024, 3, 31))
    # direct = 20,000.00 + 12,000.00 + 800.00 + 1,234.56 − 200.00 = 33,834.56
    assert figures.expenditures.direct == 33_834_56
    assert figures.expenditures.by_category["equipment"] == 12_000_00  # the $800 item is supplies
    assert figures.expenditures.by_category["supplies"] == 800_00
    # MTDC = 33,834.56 − 12,000.00 equipment = 21,834.56; indirect = 10 % × 21,834.56 = 2,183.456 → 2,183.46
    assert (figures.expenditures.mtdc, figures.expenditures.indirect) == (21_834_56, 2_183_46)
    # 33,834.56 + 2,183.46 = 36,018.02; less program income 500.00 (2024-03-15) = 35,518.02
    assert figures.expenditures.total == 36_018_02
    assert (figures.income_deducted, figures.requested_before, figures.amount) == (500_00, 0, 35_518_02)
    assert not figures.capped and figures.number == 1


def test_program_income_by_addition_is_not_deducted() -> None:
    figures = compute_drawdown(workspace("addition"), "cvi", date(2024, 3, 31))
    assert (figures.income_deducted, figures.amount) == (0, 36_018_02)  # 36,018.02 − 0


def test_requests_payments_and_the_cap(awarded: WorkspaceService) -> None:
    assert request(awarded, "2024-03-31", "2024-04-02") == 35_518_02  # as above
    pay(awarded, 1, "2024-04-20", 20_000_00)
    pay(awarded, 1, "2024-05-01", 10_000_00)  # a partial payment: 30,000.00 of 35,518.02
    draw = awarded.load().find("award", "cvi").draw(1)
    assert (draw.received, draw.status) == (30_000_00, "partly paid")
    # Through April: direct 33,834.56 + 30,000.00 = 63,834.56; MTDC 51,834.56; indirect 5,183.456 → 5,183.46;
    # total 69,018.02 − income 750.00 − requested 35,518.02 = 32,750.00
    assert request(awarded, "2024-04-30", "2024-05-05") == 32_750_00
    money = award_money(awarded.load(), "cvi", date(2024, 5, 10))
    # requested 35,518.02 + 32,750.00 = 68,268.02; received 30,000.00; receivable 38,268.02; nothing unbilled
    assert (money.requested, money.received, money.receivable, money.unbilled) == (68_268_02, 30_000_00, 38_268_02, 0)
    # Through May: direct 113,834.56; MTDC 101,834.56; indirect 10,183.456 → 10,183.46; total 124,018.02;
    # 124,018.02 − 750.00 − 68,268.02 = 55,000.00, but only 100,000.00 − 68,268.02 = 31,731.98 is left: capped
    figures = compute_drawdown(awarded.load(), "cvi", date(2024, 5, 31))
    assert (figures.computed, figures.available, figures.amount, figures.capped) == (
        55_000_00,
        31_731_98,
        31_731_98,
        True,
    )
    assert award_money(awarded.load(), "cvi", date(2024, 5, 31)).unbilled == 31_731_98  # spent, not requested
    assert request(awarded, "2024-05-31", "2024-06-03") == 31_731_98
    with pytest.raises(InputError, match=r"nothing to request through 2024-06-30: the award is fully requested"):
        request(awarded, "2024-06-30", "2024-07-01")
    pay(awarded, 2, "2024-06-10", 32_750_00)
    money = award_money(awarded.load(), "cvi", date(2024, 6, 30))
    # received 30,000.00 + 32,750.00 = 62,750.00; receivable 100,000.00 − 62,750.00 = 37,250.00
    assert (money.requested, money.received, money.receivable, money.unbilled) == (100_000_00, 62_750_00, 37_250_00, 0)


def test_a_rejected_request_is_asked_for_again(awarded: WorkspaceService) -> None:
    request(awarded, "2024-03-31", "2024-04-02")
    request(awarded, "2024-04-30", "2024-05-05")
    awarded.apply([rejection_step(awarded.load(), "cvi", 2, date(2024, 5, 20))])
    # Only request 1 (35,518.02) counts as requested: through May 124,018.02 − 750.00 − 35,518.02 = 87,750.00,
    # held to 100,000.00 − 35,518.02 = 64,481.98
    figures = compute_drawdown(awarded.load(), "cvi", date(2024, 5, 31))
    assert (figures.number, figures.requested_before, figures.amount) == (3, 35_518_02, 64_481_98)
    money = award_money(awarded.load(), "cvi", date(2024, 5, 31))
    assert (money.requested, money.receivable, money.unbilled) == (35_518_02, 35_518_02, 64_481_98)


def test_payments_and_refusals_that_cannot_be(awarded: WorkspaceService) -> None:
    request(awarded, "2024-03-31", "2024-04-02")
    before = awarded.refresh()
    with pytest.raises(InputError, match=r"--amount: \$35,518.03 would bring the payments to \$35,518.03, more than"):
        payment_step(before, "cvi", 1, date(2024, 4, 20), 35_518_03)
    with pytest.raises(InputError, match=r"--date: 2024-04-01 is before the request was made \(2024-04-02\)"):
        payment_step(before, "cvi", 1, date(2024, 4, 1), 100)
    pay(awarded, 1, "2024-04-20", 100)
    with pytest.raises(InputError, match=r"request 1: has payments of \$1.00; a request that was paid cannot be"):
        rejection_step(awarded.load(), "cvi", 1, date(2024, 4, 21))
    with pytest.raises(InputError, match=r"--through: 2024-02-29 is before the period of an earlier request"):
        request_steps(awarded.load(), "cvi", date(2024, 2, 29), date(2024, 4, 22))
    with pytest.raises(InputError, match=r"--through: 2023-12-31 is before the award starts \(2024-01-01\)"):
        request_steps(awarded.load(), "cvi", date(2023, 12, 31), date(2024, 4, 22))


def test_requests_and_payments_are_audited_and_undone(awarded: WorkspaceService) -> None:
    before = awarded.refresh()
    _figures, steps = request_steps(before, "cvi", date(2024, 3, 31), date(2024, 4, 2))
    awarded.apply(steps)
    step = payment_step(awarded.load(), "cvi", 1, date(2024, 4, 20), 20_000_00)
    awarded.apply([step])
    entry = awarded.audit_log(limit=1)[0]
    assert (entry.action, entry.kind, entry.key) == ("update", "award", "cvi")
    assert json.loads(entry.new)["draws"][0]["payments"] == [{"date": "2024-04-20", "amount": "20000.00"}]
    awarded.apply(changes.inverse([step]))
    awarded.apply(changes.inverse(steps))
    assert awarded.refresh() == before


def test_the_draw_command_json_pdf_payment_and_refusal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from pypdf import PdfReader

    from fundtracker.cli import run_command
    from fundtracker.store import json_format

    ws = tmp_path / "w.fundtracker"
    source = tmp_path / "w.json"
    json_format.write_file(workspace(), source)
    assert run_command(["import", str(source), "--into", str(ws)]) == 0
    pdf = tmp_path / "request.pdf"
    argv = ["draw", str(ws), "--award", "cvi", "--through", "2024-03-31", "--on", "2024-04-02"]
    capsys.readouterr()
    assert run_command([*argv, "--format", "json", "-o", str(pdf)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["number"], shown["through"], shown["amount"]) == (1, "2024-03-31", "35518.02")
    assert shown["lines"] == {
        "direct": "33834.56",
        "mtdc": "21834.56",
        "indirect": "2183.46",
        "expenditures": "36018.02",
        "income_deducted": "500.00",
        "requested_before": "0.00",
        "computed": "35518.02",
        "available": "100000.00",
        "amount": "35518.02",
    }
    text = " ".join(PdfReader(pdf).pages[0].extract_text().split())
    for expected in (
        "Request for Advance or Reimbursement",
        "Total program outlays to date (federal expenditures with indirect) $36,018.02",
        "Less: cumulative program income used by deduction $500.00",
        "Federal share now requested (g − h) $35,518.02",
        "Indirect: 10% × MTDC $21,834.56 $2,183.46",
        "MTDC (total direct $33,834.56 − equipment and construction $12,000.00) $21,834.56",
        "U.S. DOJ & BJA <Office>",  # the funder as typed, not reportlab markup
        "KC Partnership & Co <CSP>",
    ):
        assert expected in text, expected
    assert (
        run_command(["draw", str(ws), "--award", "cvi", "--paid", "1", "--date", "2024-04-20", "--amount", "20000"])
        == 0
    )
    assert "$20,000 of $35,518.02 paid (partly paid)" in capsys.readouterr().out
    assert (
        run_command(["draw", str(ws), "--award", "cvi", "--paid", "1", "--date", "2024-04-20", "--amount", "2x"]) == 1
    )
    assert "--amount: not a money amount: '2x'" in capsys.readouterr().err
    assert run_command(["draw", str(ws), "--award", "cvi", "--through", "2024-04-30", "--on", "2024-05-05"]) == 0
    assert "amount requested" in capsys.readouterr().out
    assert run_command(["draw", str(ws), "--award", "cvi", "--rejected", "2", "--date", "2024-05-20"]) == 0
    assert "request 2: rejected on 2024-05-20" in capsys.readouterr().out
    assert run_command(["draw", str(ws), "--award", "cvi", "--rejected", "7"]) == 1
    assert "award 'cvi' has no drawdown request 7 (requests: 1, 2)" in capsys.readouterr().err
    assert run_command(["award", str(ws), "--show", "cvi", "--as-of", "2024-05-31", "--format", "json"]) == 0
    money = json.loads(capsys.readouterr().out)["money"]
    # requested 35,518.02 (request 2 refused); received 20,000.00; receivable 15,518.02;
    # unbilled through May: 124,018.02 − 750.00 − 35,518.02 = 87,750.00, held to 64,481.98
    assert money == {
        "as_of": "2024-05-31",
        "spent": "124018.02",
        "requested": "35518.02",
        "received": "20000.00",
        "receivable": "15518.02",
        "unbilled": "64481.98",
    }


def test_the_pdf_is_not_written_when_nothing_is_requested(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from fundtracker.cli import run_command
    from fundtracker.store import json_format

    empty = dataclasses.replace(workspace(), actuals=())
    source, ws = tmp_path / "w.json", tmp_path / "w.fundtracker"
    json_format.write_file(empty, source)
    assert run_command(["import", str(source), "--into", str(ws)]) == 0
    pdf = tmp_path / "request.pdf"
    assert run_command(["draw", str(ws), "--award", "cvi", "--through", "2024-03-31", "-o", str(pdf)]) == 1
    assert "nothing to request through 2024-03-31" in capsys.readouterr().err
    assert not pdf.exists()


def test_receivables_say_how_long_the_oldest_has_been_outstanding(awarded: WorkspaceService) -> None:
    from fundtracker.services.drawdown import receivables, receivables_text

    request(awarded, "2024-03-31", "2024-04-02")  # 35,518.02
    pay(awarded, 1, "2024-04-20", 20_000_00)
    request(awarded, "2024-04-30", "2024-05-05")  # 32,750.00
    owed = receivables(awarded.load(), date(2024, 6, 1))
    # Request 1: 35,518.02 − 20,000.00 = 15,518.02 unpaid since 2024-04-02 (60 days by 2024-06-01).
    assert [(r.number, r.unpaid, r.days) for r in owed] == [(1, 15_518_02, 60), (2, 32_750_00, 27)]
    assert receivables_text(awarded.load(), date(2024, 6, 1)) == (
        "Receivable: $48,268.02 on 2 drawdown requests; the oldest, request 1 of cvi ($15,518.02), "
        "has been outstanding 60 days (since 2024-04-02)"
    )
    assert receivables_text(awarded.load(), date(2024, 4, 1)) == ""  # nothing requested yet
