"""The app reads the user's role on open, disables what it may not do and says why."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from fundtracker.domain.months import month_of
from fundtracker.services.roles import Access
from fundtracker.store import roles as r
from fundtracker.ui.file_actions import open_location
from fundtracker.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def open_as(qtbot: Any, sample_path: Path, monkeypatch: pytest.MonkeyPatch, role: str) -> MainWindow:
    # As the server would answer for a login holding ``role`` (tests/store/test_roles.py asks a real one).
    access = Access("bob", (r.VIEWER, role) if role != r.VIEWER else (r.VIEWER,), r.CAPABILITIES[role])
    monkeypatch.setattr("fundtracker.services.workspace.read_access", lambda database, user: access)
    main = MainWindow(start=month_of(2022, 3), today=date(2022, 3, 1))
    qtbot.addWidget(main)
    main.show()
    with qtbot.waitSignal(main.workspace_ready, timeout=15000):
        open_location(main, str(sample_path))
    return main


def test_a_viewer_sees_everything_and_can_change_nothing(qtbot, sample_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = open_as(qtbot, sample_path, monkeypatch, r.VIEWER)
    assert window.role_label.text() == "Role: viewer" and window.role_label.isVisible()
    assert window.role_label.toolTip() == "bob (viewer): may read everything"
    assert window.banner.isVisible() and window.banner.text().startswith("Signed in as bob, viewer")
    for action, needs in ((window.lock_action, "finance"), (window.import_actuals_action, "finance")):
        assert not action.isEnabled() and f"needs the {needs} role" in action.toolTip()
    assert (
        not window.organization_action.isEnabled() and "needs the editor role" in window.organization_action.toolTip()
    )
    streams: Any = window.page("Funding streams")
    assert streams.select_key("combat")  # reading still works
    for button in (streams.add_button, streams.delete_button, streams.save_button):
        assert not button.isEnabled()
        assert "bob (viewer) may not change the plan" in button.toolTip()
    assert streams.form.editors["amount"].isReadOnly()
    finds = [e for e in streams.findChildren(QLineEdit) if e.placeholderText().startswith("Find")]
    assert finds and not any(e.isReadOnly() for e in finds)  # searching is reading
    allocations: Any = window.page("Allocations")
    views = allocations.findChildren(QAbstractItemView)
    assert views and all(v.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers for v in views)
    applications: Any = window.page("Applications")
    assert not applications.award_button.isEnabled() and "needs the finance role" in applications.award_button.toolTip()
    assert applications.chooser.isEnabled()  # choosing which application to read is not an edit


def test_finance_locks_and_imports_but_does_not_edit_the_plan(qtbot, sample_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = open_as(qtbot, sample_path, monkeypatch, r.FINANCE)
    assert window.lock_action.isEnabled() and window.import_actuals_action.isEnabled()
    streams: Any = window.page("Funding streams")
    assert streams.select_key("health")
    assert not streams.delete_button.isEnabled()  # selecting a row does not re-enable it
    assert "needs the editor role" in streams.delete_button.toolTip()
    applications: Any = window.page("Applications")
    assert applications.award_button.isEnabled()


def test_an_editor_edits_the_plan_but_not_the_books(qtbot, sample_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = open_as(qtbot, sample_path, monkeypatch, r.EDITOR)
    assert not window.lock_action.isEnabled() and not window.import_actuals_action.isEnabled()
    streams: Any = window.page("Funding streams")
    assert streams.add_button.isEnabled() and streams.select_key("combat") and streams.delete_button.isEnabled()
    assert not window.page("Applications").award_button.isEnabled()  # type: ignore[union-attr]
    assert not window.page("Budget vs actual").undo_button.isEnabled()  # type: ignore[union-attr]


def test_a_workspace_file_shows_no_role(qtbot, sample_path) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(start=month_of(2022, 3), today=date(2022, 3, 1))
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.workspace_ready, timeout=15000):
        open_location(window, str(sample_path))
    assert not window.role_label.isVisible() and window.lock_action.isEnabled()
