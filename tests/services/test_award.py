"""Recording an award makes the application's stream secured money."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from fundtracker.domain.errors import InputError
from fundtracker.services.award import record_award
from fundtracker.services.workspace import WorkspaceService


def test_award_secures_the_existing_stream(sample_service: WorkspaceService) -> None:
    stream = record_award(sample_service, "bja_cvi", amount=40_000_000)
    stored = sample_service.refresh()
    federal = stored.stream("federal")
    assert federal == stream
    assert (federal.status, federal.probability, federal.amount) == ("secured", Decimal(1), 40_000_000)
    assert federal.schedule.type == "reimbursement"  # how it pays does not change
    assert stored.find("application", "bja_cvi").status == "awarded"
    actions = [(e.action, e.kind, e.key) for e in sample_service.audit_log(limit=2)]
    assert actions == [("update", "application", "bja_cvi"), ("update", "stream", "federal")]


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
