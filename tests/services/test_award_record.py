"""The award record: made with the award, version 0 from the application budget, stored and read back exactly."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from decimal import Decimal

import pytest

from fundtracker.domain.awards import (
    BUDGET_CATEGORIES,
    Award,
    BudgetAmount,
    BudgetVersion,
    Drawdown,
    Obligation,
    Payment,
    ProgramIncome,
)
from fundtracker.domain.errors import InputError, ValidationError
from fundtracker.domain.records import Workspace
from fundtracker.services import changes
from fundtracker.services.application_budget import application_budget
from fundtracker.services.award import award_steps, plan_award, record_award
from fundtracker.services.workspace import WorkspaceService
from fundtracker.store import json_format

AWARDED_ON = date(2022, 6, 15)


def test_recording_an_award_creates_the_record_with_version_0_from_the_application(
    sample_service: WorkspaceService,
) -> None:
    budget = application_budget(sample_service.load(), "bja_cvi")
    record_award(sample_service, "bja_cvi", amount=40_000_000, on=AWARDED_ON)
    award: Award = sample_service.refresh().find("award", "bja_cvi")
    assert award.stream == "federal"
    assert (award.indirect_rate, award.indirect_type) == (Decimal("0.10"), "de_minimis")  # 2014 guidance, no NICRA
    assert (award.payment_method, award.program_income_election) == ("reimbursement", "deduction")
    assert (award.final_report_due_days, award.match_required) == (120, 0)
    [version] = award.versions
    assert (version.number, version.date, version.status) == (0, AWARDED_ON, "approved")
    # Every category a–h and j of each of the 3 budget years, exactly the application budget's cells.
    assert len(version.amounts) == 9 * 3
    for cell in version.amounts:
        share = budget.cell(cell.category, cell.year)
        assert (cell.federal, cell.non_federal) == (share.federal, share.non_federal)
    # Year 1 indirect: 10 % × MTDC $205,454.04 = $20,545.40; the total is the request, $690,262.18.
    assert BudgetAmount("indirect", 1, 2_054_540, 0) in version.amounts
    assert version.federal_total == 69_026_218
    assert sample_service.load().stream("federal").amount == 40_000_000  # the award's amount is its stream's


def test_the_award_is_one_change_and_undoing_it_restores_everything(sample_service: WorkspaceService) -> None:
    before = sample_service.refresh()
    steps = award_steps(plan_award(before, "bja_cvi", 40_000_000, on=AWARDED_ON))
    sample_service.apply(steps)
    assert sample_service.refresh().find("award", "bja_cvi") is not None
    sample_service.apply(changes.inverse(steps))
    assert sample_service.refresh() == before
    assert sample_service.refresh().awards == ()


def test_recording_again_keeps_the_record(sample_service: WorkspaceService) -> None:
    record_award(sample_service, "bja_cvi", amount=40_000_000, on=AWARDED_ON)
    award = sample_service.load().find("award", "bja_cvi")
    amended = dataclasses.replace(award, notes="letter of 2022-06-15", program_income_election="addition")
    sample_service.update("award", "bja_cvi", amended)
    record_award(sample_service, "bja_cvi", amount=42_000_000, on=date(2022, 7, 1))
    stored = sample_service.refresh()
    assert stored.find("award", "bja_cvi") == amended  # same versions, same terms
    assert stored.stream("federal").amount == 42_000_000


def _full_award(workspace: Workspace) -> Workspace:
    """The sample with the federal stream secured and an award holding one of every child."""
    federal = dataclasses.replace(workspace.stream("federal"), status="secured", probability=Decimal(1))
    award = Award(
        key="bja_cvi",
        stream="federal",
        match_required=1_250_050,
        match_streams=("combat", "donors"),
        indirect_rate=Decimal("0.125"),
        indirect_type="provisional",
        program_income_election="cost_sharing",
        payment_method="advance",
        financial_report_frequency="semiannual",
        financial_report_due_days=45,
        final_report_due_days=90,
        performance_report_frequency="annual",
        performance_report_due_days=60,
        notes="Award letter: “special conditions” 1–3",
        versions=(
            BudgetVersion(0, date(2022, 6, 15), amounts=(BudgetAmount("personnel", 1, 100_00, 25_00),)),
            BudgetVersion(
                1,
                date(2022, 12, 1),
                "requested",
                "move travel to supplies",
                (BudgetAmount("personnel", 1, 90_00, 25_00), BudgetAmount("supplies", 2, 10_00)),
            ),
        ),
        income=(ProgramIncome(date(2022, 9, 30), 1_500_00, "training fees"),),
        obligations=(Obligation(date(2022, 10, 3), 2_000_00, "PO 17: laptops"),),
        draws=(
            Drawdown(
                1,
                date(2022, 9, 30),
                date(2022, 10, 5),
                50_000_00,
                45_000_00,
                4_500_00,
                0,
                0,
                (
                    Payment(date(2022, 11, 1), 30_000_00),
                    Payment(date(2022, 11, 20), 20_000_00),
                ),
            ),
            Drawdown(2, date(2022, 12, 31), date(2023, 1, 6), 10_00, rejected_on=date(2023, 2, 1), note="late"),
        ),
    )
    streams = tuple(federal if s.key == "federal" else s for s in workspace.streams)
    return dataclasses.replace(workspace, streams=streams, awards=(award,))


def test_an_award_with_every_child_survives_json_and_the_database(service: WorkspaceService, sample: Workspace) -> None:
    full = _full_award(sample)
    text = json_format.dumps(full)
    assert json_format.loads(text) == full
    data = json.loads(text)
    assert data["awards"][0]["draws"][0]["payments"][1] == {"date": "2022-11-20", "amount": "20000.00"}
    assert data["awards"][0]["versions"][1]["amounts"][0] == {
        "category": "personnel",
        "year": 1,
        "federal": "90.00",
        "non_federal": "25.00",
    }
    service.replace_all(full)
    assert service.refresh() == full
    assert service.database.load_workspace() == full


def test_an_award_edit_is_audited_and_undone(service: WorkspaceService, sample: Workspace) -> None:
    service.replace_all(_full_award(sample))
    before = service.refresh()
    award = before.find("award", "bja_cvi")
    income = (*award.income, ProgramIncome(date(2022, 12, 31), 99_99))
    step = changes.update(award, dataclasses.replace(award, income=income))
    service.apply([step])
    entry = service.audit_log(limit=1)[0]
    assert (entry.action, entry.kind, entry.key) == ("update", "award", "bja_cvi")
    assert service.refresh().find("award", "bja_cvi").income[-1].amount == 99_99
    service.apply(changes.inverse([step]))
    assert service.refresh() == before


def test_renaming_the_application_or_the_stream_renames_the_awards_references(
    service: WorkspaceService, sample: Workspace
) -> None:
    service.replace_all(_full_award(sample))
    workspace = service.load()
    application = workspace.find("application", "bja_cvi")
    service.update("application", "bja_cvi", dataclasses.replace(application, key="bja_cvi_2022"))
    stream = workspace.stream("combat")
    service.update("stream", "combat", dataclasses.replace(stream, key="combat_tax"))
    for read in (service.load(), service.refresh()):  # what the change proposed, and what was stored
        [award] = read.awards
        assert (award.key, award.match_streams) == ("bja_cvi_2022", ("combat_tax", "donors"))


def test_the_awards_stream_cannot_stop_being_secured_or_go(service: WorkspaceService, sample: Workspace) -> None:
    service.replace_all(_full_award(sample))
    federal = service.load().stream("federal")
    with pytest.raises(ValidationError, match=r"stream 'federal' is pending; an award's stream is secured money"):
        service.update("stream", "federal", dataclasses.replace(federal, status="pending"))
    with pytest.raises(ValidationError, match=r"award 'bja_cvi'.*no application with key 'bja_cvi'"):
        service.delete("application", "bja_cvi")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda a: a["versions"][1]["amounts"][1].update(category="snacks"),
            "awards[0].versions[1].amounts[1].category: 'snacks' is not allowed; use one of: personnel, fringe",
        ),
        (
            lambda a: a["draws"][0]["payments"][0].update(amount="3O.00"),
            "awards[0].draws[0].payments[0].amount: not a money amount: '3O.00'",
        ),
        (lambda a: a.update(payment_method="cash"), "awards[0].payment_method: 'cash' is not allowed"),
        (lambda a: a.update(stream="nope"), "awards[0].stream: no funding stream with key 'nope'"),
        (lambda a: a["versions"][0].update(status="requested"), "awards[0].versions[0].status: version 0 is the"),
        (lambda a: a["draws"][1].update(number=1), "awards[0].draws[1].number: request 1 is there twice"),
        (lambda a: a.update(match_streams=["federal"]), "awards[0].match_streams[0]: is the award's own stream"),
        (lambda a: a["obligations"][0].update(amout="1.00"), "awards[0].obligations[0]: unknown key 'amout'"),
    ],
)
def test_bad_award_json_names_the_path(sample: Workspace, change, message: str) -> None:  # type: ignore[no-untyped-def]
    data = json_format.workspace_to_dict(_full_award(sample))
    change(data["awards"][0])
    with pytest.raises((InputError, ValidationError)) as info:
        json_format.workspace_from_dict(data)
    assert message in str(info.value)


def test_budget_categories_are_sf424a_a_to_h_and_indirect() -> None:
    from fundtracker.services.application_budget import DIRECT_CATEGORIES

    assert (*DIRECT_CATEGORIES, "indirect") == BUDGET_CATEGORIES


def test_the_award_command_records_lists_and_shows(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from fundtracker.cli import run_command

    ws = str(tmp_path / "s.fundtracker")
    assert run_command(["sample", ws, "--as-of", "2022-01-01"]) == 0
    assert run_command(["award", ws, "--list"]) == 0
    assert "no awards; record one with" in capsys.readouterr().out
    assert run_command(["award", ws, "--application", "bja_cvi", "--amount", "400000", "--on", "2022-06-15"]) == 0
    out = capsys.readouterr().out
    assert "new award 'bja_cvi': budget version 0 from the application (federal $690,262.18, match $0)" in out
    assert run_command(["award", ws, "--show", "bja_cvi", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["amount"], shown["period_start"], shown["approved_version"]) == ("400000.00", "2022-07-01", 0)
    # Year 1–3 indirect: $20,545.40 + $20,790.98 + $21,414.72 = $62,751.10.
    assert shown["versions"][0]["categories"]["indirect"] == {"federal": "62751.10", "non_federal": "0.00"}
    assert shown["versions"][0]["federal_total"] == "690262.18"
    assert run_command(["award", ws, "--show", "bja_cvi"]) == 0
    assert "  j Indirect Charges          $62,751.10" in capsys.readouterr().out
    assert run_command(["award", ws, "--list", "--format", "json"]) == 0
    assert [a["key"] for a in json.loads(capsys.readouterr().out)["awards"]] == ["bja_cvi"]
    assert run_command(["award", ws, "--show", "nope"]) == 1
    assert "no award with key 'nope' (awards in this workspace: bja_cvi)" in capsys.readouterr().err


def test_terms_income_and_obligations_from_the_command_line(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from fundtracker.cli import run_command

    ws = str(tmp_path / "s.fundtracker")
    assert run_command(["sample", ws, "--as-of", "2022-01-01"]) == 0
    assert run_command(["award", ws, "--application", "bja_cvi", "--on", "2022-06-15"]) == 0
    edit = ["award", ws, "--terms", "bja_cvi", "--set", "indirect_type=fixed", "--set", "match_streams=combat"]
    assert run_command([*edit, "--set", "final_report_due_days=90"]) == 0
    assert run_command(["award", ws, "--terms", "bja_cvi", "--set", "indirect_rate=abc"]) == 1
    assert "--set indirect_rate: not a number: 'abc'" in capsys.readouterr().err
    assert run_command(["award", ws, "--terms", "bja_cvi", "--set", "payment_method=cash"]) == 1
    assert "payment_method: 'cash' is not allowed; use one of: reimbursement, advance" in capsys.readouterr().err
    income = ["award", ws, "--income", "bja_cvi", "--date", "2022-08-01", "--amount", "150", "--note", "fees"]
    assert run_command(income) == 0
    for amount in ("2000", "75.50"):
        assert run_command(["award", ws, "--obligation", "bja_cvi", "--date", "2022-08-03", "--amount", amount]) == 0
    assert run_command(["award", ws, "--liquidated", "bja_cvi", "--number", "1"]) == 0
    assert run_command(["award", ws, "--liquidated", "bja_cvi", "--number", "5"]) == 1
    assert "--number: award 'bja_cvi' has 1 unliquidated obligation(s); give 1–1" in capsys.readouterr().err
    with WorkspaceService.open(ws) as service:
        award = service.load().find("award", "bja_cvi")
        assert (award.indirect_type, award.match_streams, award.final_report_due_days) == ("fixed", ("combat",), 90)
        assert award.income == (ProgramIncome(date(2022, 8, 1), 150_00, "fees"),)
        assert award.obligations == (Obligation(date(2022, 8, 3), 75_50),)  # the $2,000 one was paid
        assert [e.kind for e in service.audit_log(limit=6)] == ["award"] * 6  # each edit audited


def test_an_amendment_is_a_new_version_and_its_approval_makes_it_the_approved_one(
    sample_service: WorkspaceService,
) -> None:
    from fundtracker.services.award_edits import amendment_step, decision_step

    record_award(sample_service, "bja_cvi", on=AWARDED_ON)
    moved = (BudgetAmount("personnel", 1, 16_000_00), BudgetAmount("travel", 1, 148_328))
    sample_service.apply([amendment_step(sample_service.load(), "bja_cvi", date(2022, 9, 1), "add travel", moved)])
    award = sample_service.load().find("award", "bja_cvi")
    assert [(v.number, v.status) for v in award.versions] == [(0, "approved"), (1, "requested")]
    assert award.approved_version.number == 0  # a request does not count until approved
    sample_service.apply([decision_step(sample_service.load(), "bja_cvi", 1, "approved")])
    award = sample_service.refresh().find("award", "bja_cvi")
    assert award.approved_version.number == 1 and award.approved_version.federal("travel") == 148_328
    with pytest.raises(ValidationError, match=r"versions\[0\]\.status: version 0 is the budget approved at award"):
        sample_service.apply([decision_step(sample_service.load(), "bja_cvi", 0, "refused")])
