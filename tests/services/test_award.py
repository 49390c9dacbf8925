"""Recording an award makes the application's stream secured money."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from fundtracker.domain.errors import InputError
from fundtracker.domain.records import Allocation
from fundtracker.services.award import plan_award, record_award
from fundtracker.services.workspace import WorkspaceService


def test_award_secures_the_existing_stream(sample_service: WorkspaceService) -> None:
    stream = record_award(sample_service, "bja_cvi", amount=40_000_000)
    stored = sample_service.refresh()
    federal = stored.stream("federal")
    assert federal == stream
    assert (federal.status, federal.probability, federal.amount) == ("secured", Decimal(1), 40_000_000)
    assert federal.schedule.type == "reimbursement"  # how it pays does not change
    assert stored.find("application", "bja_cvi").status == "awarded"
    actions = [(e.action, e.kind, e.key) for e in sample_service.audit_log(limit=3)]
    assert actions == [
        ("create", "award", "bja_cvi"),
        ("update", "application", "bja_cvi"),
        ("update", "stream", "federal"),
    ]


def test_award_without_a_stream_creates_one(sample_service: WorkspaceService) -> None:
    app = sample_service.get("application", "bja_cvi")
    sample_service.update("application", "bja_cvi", dataclasses.replace(app, stream=None, key="city_grant"))
    stream = record_award(sample_service, "city_grant")
    stored = sample_service.refresh()
    assert stream.key == "city_grant" and stored.stream("city_grant") == stream
    assert stream.amount == app.requested_amount and stream.status == "secured"
    assert (stream.start, stream.end) == (app.period_start, app.period_end)
    assert stored.find("application", "city_grant").stream == "city_grant"


def test_award_refuses_a_tranche_stream_whose_sum_would_break(sample_service: WorkspaceService) -> None:
    app = sample_service.get("application", "bja_cvi")
    sample_service.update("application", "bja_cvi", dataclasses.replace(app, stream="donors"))
    before = sample_service.refresh()
    with pytest.raises(InputError, match="stream 'donors': is paid in tranches adding up to \\$40,000; edit"):
        record_award(sample_service, "bja_cvi", amount=5_000_000)
    assert sample_service.refresh() == before


def test_award_command(tmp_path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from fundtracker.cli import run_command

    ws = tmp_path / "s.fundtracker"
    assert run_command(["sample", str(ws), "--as-of", "2022-01-01"]) == 0
    assert run_command(["award", str(ws), "--application", "bja_cvi", "--amount", "7x"]) == 1
    assert "--amount: not a money amount: '7x'" in capsys.readouterr().err
    assert run_command(["award", str(ws), "--application", "bja_cvi", "--amount", "400,000"]) == 0
    assert "awarded: stream 'federal' is now secured, $400,000" in capsys.readouterr().out
    with WorkspaceService.open(ws) as service:
        assert service.load().stream("federal").amount == 40_000_000


def _share_federal(service: WorkspaceService) -> None:
    """A second application on the federal stream, and the award's period starting three months late."""
    app = service.get("application", "bja_cvi")
    service.create(dataclasses.replace(app, key="cops_hiring", program_title="COPS hiring", sections=()))
    service.update("application", "bja_cvi", dataclasses.replace(app, period_start=date(2022, 10, 1)))


def test_award_plan_says_what_changes_and_who_else_is_touched(sample_service: WorkspaceService) -> None:
    _share_federal(sample_service)
    inside = Allocation(cost="phones", stream="federal", percent=Decimal(100), start=date(2022, 10, 1))
    sample_service.create(inside)
    plan = plan_award(sample_service.load(), "bja_cvi", 40_000_000)
    assert plan.shared
    assert plan.stream_changes() == [
        "amount $450,000 → $400,000",
        "period 2022-07-01 – 2025-06-30 → 2022-10-01 – 2025-06-30",
        "status pending → secured",
        "probability 0.5 → 1",
    ]
    assert [a.key for a in plan.other_applications] == ["cops_hiring"]
    # The advocates move to the federal grant on 2022-07-01: July to September would be left out,
    # and so would the laptops bought in July; the phones, charged from October, are not named.
    assert [a.key for a in plan.allocations_outside] == [
        "adv1->federal@2022-07-01",
        "adv2->federal@2022-07-01",
        "adv3->federal@2022-07-01",
        "laptops->federal",
    ]
    assert plan.concerns()[0] == "application 'cops_hiring' (COPS hiring) also uses stream 'federal'"
    assert plan.concerns()[1] == (
        "allocation 'adv1->federal@2022-07-01' (2022-07-01 – open) would fall outside the new period"
    )


def test_an_award_that_changes_nothing_else_is_not_shared(sample_service: WorkspaceService) -> None:
    plan = plan_award(sample_service.load(), "bja_cvi", 40_000_000)
    assert not plan.shared and plan.concerns() == []


def test_award_on_a_new_stream_leaves_the_shared_one_alone(sample_service: WorkspaceService) -> None:
    _share_federal(sample_service)
    federal = sample_service.get("stream", "federal")
    stream = record_award(sample_service, "bja_cvi", 40_000_000, new_stream=True)
    stored = sample_service.refresh()
    assert stored.stream("federal") == federal
    assert stream.key == "bja_cvi" and stored.stream("bja_cvi") == stream
    assert (stream.amount, stream.start, stream.end, stream.status) == (
        40_000_000,
        date(2022, 10, 1),
        date(2025, 6, 30),
        "secured",
    )
    assert (stream.funder, stream.kind, stream.schedule) == (federal.funder, federal.kind, federal.schedule)
    assert stored.find("application", "bja_cvi").stream == "bja_cvi"
    assert stored.find("application", "cops_hiring").stream == "federal"


def test_award_command_refuses_to_rewrite_a_shared_stream_silently(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from fundtracker.cli import run_command

    ws = tmp_path / "s.fundtracker"
    assert run_command(["sample", str(ws), "--as-of", "2022-01-01"]) == 0
    with WorkspaceService.open(ws) as service:
        _share_federal(service)
        before = service.refresh()
    capsys.readouterr()
    assert run_command(["award", str(ws), "--application", "bja_cvi", "--amount", "400000"]) == 1
    err = capsys.readouterr().err
    assert "fundtracker: stream 'federal' (Community Violence Intervention grant): amount $450,000 → $400,000" in err
    assert "application 'cops_hiring' (COPS hiring) also uses stream 'federal'" in err
    assert "allocation 'adv2->federal@2022-07-01' (2022-07-01 – open) would fall outside" in err
    assert "nothing was changed: --new-stream gives the award a stream of its own" in err
    with WorkspaceService.open(ws) as service:
        assert service.load() == before
    assert run_command(["award", str(ws), "--application", "bja_cvi", "--amount", "400000", "--new-stream"]) == 0
    out = capsys.readouterr().out
    assert "new stream 'bja_cvi'" in out and "stream 'federal' stays as it is (pending, probability 0.5)" in out
    with WorkspaceService.open(ws) as service:
        stored = service.load()
        assert stored.stream("federal") == before.stream("federal")
        assert stored.stream("bja_cvi").amount == 40_000_000


def test_award_command_rewrites_a_shared_stream_when_told(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from fundtracker.cli import run_command

    ws = tmp_path / "s.fundtracker"
    assert run_command(["sample", str(ws), "--as-of", "2022-01-01"]) == 0
    with WorkspaceService.open(ws) as service:
        _share_federal(service)
    assert run_command(["award", str(ws), "--application", "bja_cvi", "--amount", "400000", "--update-stream"]) == 0
    assert "awarded: stream 'federal' is now secured, $400,000" in capsys.readouterr().out
    with WorkspaceService.open(ws) as service:
        federal = service.load().stream("federal")
        assert (federal.amount, federal.start) == (40_000_000, date(2022, 10, 1))
