"""The start-up snapshot: used only while current; the database then takes over."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from fundtracker.domain.months import month_of
from fundtracker.services.workspace import WorkspaceService
from fundtracker.ui import snapshot


def test_snapshot_is_used_only_while_the_file_is_unchanged(sample_path: Path, sample) -> None:
    assert snapshot.load(str(sample_path)) is None
    snapshot.save(str(sample_path), sample)
    assert snapshot.load(str(sample_path)) == sample
    with WorkspaceService.open(sample_path) as service:
        stream = service.get("stream", "combat")
        service.update("stream", "combat", dataclasses.replace(stream, amount=1))
    assert snapshot.load(str(sample_path)) is None  # the file changed: the snapshot is stale


def test_a_damaged_snapshot_is_ignored(sample_path: Path, sample) -> None:
    snapshot.save(str(sample_path), sample)
    snapshot.snapshot_path(str(sample_path)).write_bytes(b"not a pickle")
    assert snapshot.load(str(sample_path)) is None


def test_servers_have_no_snapshot(sample) -> None:
    snapshot.save("postgresql://example/db", sample)
    assert snapshot.load("postgresql://example/db") is None


@pytest.mark.gui
def test_second_start_paints_the_dashboard_from_the_snapshot_then_attaches(qtbot, sample_path: Path) -> None:
    from fundtracker.ui.file_actions import open_location
    from fundtracker.ui.main_window import MainWindow

    first = MainWindow(start=month_of(2022, 3), today=date(2022, 3, 1))
    qtbot.addWidget(first)
    with qtbot.waitSignal(first.workspace_ready, timeout=15000):
        open_location(first, str(sample_path))
    qtbot.waitUntil(lambda: first.dashboard.chance_state == "done", timeout=15000)
    headline = first.dashboard.headline.text()
    first.close()  # keeps the snapshot

    second = MainWindow(start=month_of(2022, 3), today=date(2022, 3, 1))
    qtbot.addWidget(second)
    previews: list[bool] = []
    with qtbot.waitSignal(second.workspace_ready, timeout=15000):
        open_location(second, str(sample_path))
        qtbot.waitUntil(lambda: second.session is not None, timeout=15000)
        previews.append(second.session.ready)
    assert previews == [False]  # the dashboard was shown before the database was open
    assert second.session.ready
    qtbot.waitUntil(lambda: second.dashboard.chance_state == "done", timeout=15000)
    assert second.dashboard.headline.text() == headline
