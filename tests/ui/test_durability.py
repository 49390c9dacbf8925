"""Read-only workspaces, backups and restore, period locks, and files that are not workspaces."""

from __future__ import annotations

import dataclasses
import os
from datetime import date, timedelta
from decimal import Decimal

import pytest
from PySide6.QtCore import QDate, Qt

from fundtracker.services.workspace import WorkspaceService
from fundtracker.store import backups
from fundtracker.ui import backup_actions
from fundtracker.ui.main_window import PAGES
from fundtracker.ui.models.allocation_matrix import AllocationMatrixModel
from fundtracker.ui.period_locks import PeriodLockDialog
from tests.ui.team_helpers import answer_modal, open_window, stream_amount_shown

pytestmark = pytest.mark.gui


def wait_for_backup(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: getattr(window, "backup_task", None) is not None and window.backup_task.done, timeout=10000)


# -- read-only ---------------------------------------------------------------------


def test_a_read_only_workspace_shows_a_banner_and_refuses_edits(qtbot, sample_path, monkeypatch) -> None:
    real_access = os.access

    def no_writes(path: object, mode: int, **kwargs: object) -> bool:
        if mode & os.W_OK and str(path).startswith(str(sample_path.parent)):
            return False
        return real_access(path, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", no_writes)
    before = sample_path.read_bytes()
    window = open_window(qtbot, str(sample_path))
    assert window.banner.isVisible()
    assert window.banner.text().startswith(f"Opened read-only: {sample_path} is in a place fundtracker may not write")

    window.navigation.setCurrentRow(PAGES.index("Funding streams"))
    panel = window.page("Funding streams")
    row = panel.model.row_of("health")
    assert not panel.model.setData(panel.model.index(row, panel.model.COL_AMOUNT), "90000")
    assert panel.message.isVisible()
    assert "opened read-only; nothing can be changed" in panel.message.text()
    assert stream_amount_shown(panel, "health") == "$80,000"
    window.close_session()
    assert sample_path.read_bytes() == before
    assert backups.list_backups(sample_path) == []  # nothing written beside it either


# -- backups -----------------------------------------------------------------------


def test_opening_a_file_backs_it_up_and_restore_puts_a_backup_back(qtbot, sample_path, monkeypatch) -> None:
    window = open_window(qtbot, str(sample_path))
    wait_for_backup(qtbot, window)
    made = backups.list_backups(sample_path)
    assert [b.reason for b in made] == ["open"]

    session = window.session
    health = session.workspace.stream("health")
    session.update("stream", "health", dataclasses.replace(health, amount=9_000_000))

    questions: list[str] = []
    monkeypatch.setattr(
        "fundtracker.ui.backup_actions.QMessageBox.question",
        lambda parent, title, text: questions.append(text) or backup_actions.QMessageBox.StandardButton.Yes,
    )
    seen: list[str] = []

    def choose_newest(dialog) -> None:  # type: ignore[no-untyped-def]
        model = dialog.model
        assert model.data(model.index(0, model.COL_REASON)) == "when opened"
        assert model.data(model.index(0, model.COL_WHEN)) == f"{made[0].when:%Y-%m-%d %H:%M:%S}"
        dialog.table.selectRow(0)
        dialog.accept()

    answer_modal(choose_newest, seen)
    with qtbot.waitSignal(window.workspace_ready, timeout=20000):
        window.restore_action.trigger()
    assert seen == ["Restore from backup"]
    assert questions and questions[0].startswith(f"Replace {sample_path.name} with the backup made ")
    assert window.session is not session
    assert window.session.workspace.stream("health").amount == 8_000_000  # as when opened
    assert window.statusBar().currentMessage().startswith("Restored the backup made ")

    # The state before the restore is kept, with the change in it.
    wait_for_backup(qtbot, window)
    safety = [b for b in backups.list_backups(sample_path) if b.reason == "before-restore"]
    assert len(safety) == 1
    with WorkspaceService.open(safety[0].path) as kept:
        assert kept.get("stream", "health").amount == 9_000_000
    window.close_session()


def test_the_daily_backup_is_made_when_the_newest_is_a_day_old(qtbot, sample_path, monkeypatch) -> None:
    window = open_window(qtbot, str(sample_path))
    wait_for_backup(qtbot, window)
    task = backup_actions.daily_backup(window)
    qtbot.waitUntil(lambda: task.done, timeout=10000)
    assert task.result is None  # the backup made on open is less than a day old
    monkeypatch.setattr(backups, "DAILY", timedelta(0))
    task = backup_actions.daily_backup(window)
    qtbot.waitUntil(lambda: task.done, timeout=10000)
    assert [b.reason for b in backups.list_backups(sample_path)] == ["daily", "open"]
    assert window.backup_timer.isActive()
    window.close_session()


# -- period locks ------------------------------------------------------------------


def test_locked_months_refuse_allocation_changes_until_unlocked(qtbot, session) -> None:
    dialog = PeriodLockDialog(session, date(2022, 3, 1))
    qtbot.addWidget(dialog)
    assert dialog.first.date() == QDate(2022, 2, 1)
    assert dialog.locked.text() == "No month is locked."
    dialog.first.setDate(QDate(2022, 1, 1))
    qtbot.mouseClick(dialog.lock_button, Qt.MouseButton.LeftButton)
    assert dialog.locked.text() == "Locked: January 2022 – February 2022"
    assert dialog.message.text() == ""

    matrix = AllocationMatrixModel(session, date(2022, 1, 1))
    problems: list[str] = []
    matrix.problem.connect(problems.append)
    row = [key for key, _title in matrix.lines].index("lead")
    column = [key for key, _name in matrix.streams].index("health")
    assert not matrix.setData(matrix.index(row, column), "50")
    assert problems and "charges the locked period 2022-01" in problems[0]
    assert session.service.get("allocation", "lead->health").percent == Decimal(100)
    assert [e.action for e in session.service.audit_log(limit=1)] == ["lock"]

    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert dialog.locked.text() == "No month is locked."
    assert matrix.setData(matrix.index(row, column), "50")
    assert session.service.get("allocation", "lead->health").percent == Decimal(50)


# -- files that are not workspaces, servers that are not there ------------------------


@pytest.mark.parametrize("what", ["text file", "missing server"])
def test_what_cannot_be_opened_gets_one_message_and_the_app_stays_usable(
    qtbot, sample_path, tmp_path, monkeypatch, what
) -> None:
    window = open_window(qtbot, str(sample_path))
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        "fundtracker.ui.main_window.QMessageBox.warning", lambda parent, title, text: shown.append((title, text))
    )
    if what == "text file":
        bad = tmp_path / "notes.fundtracker"
        bad.write_text("Meeting notes, not a workspace.\n")
        location = str(bad)
    else:
        location = "postgresql://nobody:secret@127.0.0.1:1/nowhere"
    from fundtracker.ui.file_actions import open_location

    open_location(window, location)
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    qtbot.wait(200)
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "Could not open the workspace"
    if what == "text file":
        assert text == f"{location}:\nnot a fundtracker workspace (not a SQLite database file)"
    else:
        assert "secret" not in text
        assert text.startswith("postgresql://nobody@127.0.0.1:1/nowhere:\n")
        assert 'connection to server at "127.0.0.1", port 1 failed' in text
    assert "Traceback" not in text
    # The open workspace is still there and still works.
    assert window.session.location == str(sample_path)
    window.navigation.setCurrentRow(PAGES.index("Funding streams"))
    panel = window.page("Funding streams")
    assert panel.model.setData(panel.model.index(panel.model.row_of("health"), panel.model.COL_AMOUNT), "81000")
    assert stream_amount_shown(panel, "health") == "$81,000"
    window.close_session()
