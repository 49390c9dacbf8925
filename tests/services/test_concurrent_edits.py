"""Two people editing the same record: one wins, the other is told, nothing is lost."""

from __future__ import annotations

import dataclasses
import threading
from decimal import Decimal

import pytest

from fundtracker.domain.errors import ConflictError, FundtrackerError
from fundtracker.domain.records import Workspace
from fundtracker.services.workspace import WorkspaceService


def test_second_stale_save_is_refused(database_url: str, sample: Workspace) -> None:
    lead = WorkspaceService.open(
        database_url,
        create=True,
    )
    lead.replace_all(sample)
    lead.who = "lead"
    finance = WorkspaceService.open(database_url)
    finance.who = "finance"
    try:
        seen_by_lead = lead.version("stream", "donors")
        seen_by_finance = finance.version("stream", "donors")
        donors = finance.get("stream", "donors")
        lead.update(
            "stream", "donors", dataclasses.replace(donors, probability=Decimal("0.9")), expected_version=seen_by_lead
        )
        with pytest.raises(ConflictError, match=r"stream 'donors' was changed by lead at .* reload"):
            finance.update(
                "stream",
                "donors",
                dataclasses.replace(donors, probability=Decimal("0.1")),
                expected_version=seen_by_finance,
            )
        stored = finance.refresh().stream("donors")
        assert stored is not None and stored.probability == Decimal("0.9")
    finally:
        lead.close()
        finance.close()


def test_simultaneous_saves_one_wins(database_url: str, sample: Workspace) -> None:
    first = WorkspaceService.open(database_url, create=True)
    first.replace_all(sample)
    second = WorkspaceService.open(database_url)
    version = first.version("position", "lead")
    position = first.get("position", "lead")
    results: dict[str, str] = {}
    barrier = threading.Barrier(2)

    def save(name: str, service: WorkspaceService, fte: str) -> None:
        barrier.wait()
        try:
            service.update(
                "position", "lead", dataclasses.replace(position, fte=Decimal(fte)), expected_version=version
            )
            results[name] = "saved"
        except FundtrackerError as exc:
            results[name] = f"refused: {exc}"

    threads = [
        threading.Thread(target=save, args=("a", first, "0.5")),
        threading.Thread(target=save, args=("b", second, "0.75")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    try:
        assert sorted(r.split(":")[0] for r in results.values()) == ["refused", "saved"], results
        winner = "a" if results["a"] == "saved" else "b"
        stored = first.refresh().find("position", "lead")
        assert stored.fte == Decimal("0.5" if winner == "a" else "0.75")
        assert first.version("position", "lead") == version + 1
    finally:
        first.close()
        second.close()
