"""Opening a workspace file: the dashboard paints from a sqlite3 read, then the store takes over."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fundtracker.domain.months import month_of


def test_the_dashboard_paints_before_the_store_is_open_then_attaches(qtbot, sample_path: Path) -> None:
    from fundtracker.ui.file_actions import open_location
    from fundtracker.ui.main_window import MainWindow

    window = MainWindow(start=month_of(2022, 3), today=date(2022, 3, 1))
    qtbot.addWidget(window)
    previews: list[bool] = []
    with qtbot.waitSignal(window.workspace_ready, timeout=15000):
        open_location(window, str(sample_path))
        qtbot.waitUntil(lambda: window.session is not None, timeout=15000)
        previews.append(window.session.ready)
        first_headline = window.dashboard.headline.text()
    assert previews == [False]  # shown from the quick read, before the database was open
    assert first_headline.startswith("Funded")
    assert window.session.ready
    qtbot.waitUntil(lambda: window.dashboard.chance_state == "done", timeout=15000)
    # The store's data equals the quick read's, so the headline is the same figure.
    assert window.dashboard.headline.text().split(";")[0] == first_headline.split(";")[0]
