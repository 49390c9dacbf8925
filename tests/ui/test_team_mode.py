"""Team mode in the app: a workspace on a server, others' changes, stale edits.

Two services on one workspace stand for two people: the window's own, and ``other``,
which saves changes behind the window's back. Each test runs on a SQLite file and on
the local PostgreSQL server.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from sqlalchemy.engine import make_url

from fundtracker.domain.errors import ConflictError
from fundtracker.domain.records import Workspace
from fundtracker.services.workspace import WorkspaceService
from fundtracker.ui import settings
from fundtracker.ui.file_actions import open_startup
from fundtracker.ui.main_window import PAGES, MainWindow
from fundtracker.ui.watch import UPDATED_NOTE
from tests.conftest import PG_SERVER, require_postgres
from tests.ui.team_helpers import START, TODAY, answer_modal, click_button, open_window, stream_amount_shown

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def no_open_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    """A workspace that fails to open fails the test (instead of waiting on a message box)."""

    def fail(parent: object, title: str, text: str) -> None:
        raise AssertionError(f"{title}: {text}")

    monkeypatch.setattr("fundtracker.ui.main_window.QMessageBox.warning", fail)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def shared(request: pytest.FixtureRequest, tmp_path: Path, sample: Workspace) -> str:
    """A workspace holding the sample, on a SQLite file or on the PostgreSQL server."""
    location = str(tmp_path / "shared.fundtracker") if request.param == "sqlite" else require_postgres()
    with WorkspaceService.open(location, create=True) as service:
        service.replace_all(sample)
    return location


@pytest.fixture
def other(shared: str) -> Iterator[WorkspaceService]:
    """Someone else's app on the same workspace."""
    service = WorkspaceService.open(shared)
    yield service
    service.close()


@pytest.fixture
def window(qtbot, shared: str):  # type: ignore[no-untyped-def]
    main = open_window(qtbot, shared)
    yield main
    main.close_session()


def streams_panel(window):  # type: ignore[no-untyped-def]
    window.navigation.setCurrentRow(PAGES.index("Funding streams"))
    return window.page("Funding streams")


def type_into(qtbot, editor: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    editor.selectAll()
    qtbot.keyClicks(editor, text)


def test_the_app_shows_changes_others_save_after_a_poll(qtbot, window, other) -> None:
    panel = streams_panel(window)
    assert stream_amount_shown(panel, "health") == "$80,000"
    other.update("stream", "health", dataclasses.replace(other.get("stream", "health"), amount=8_800_000))

    with qtbot.waitSignal(window.session.changed_by_others, timeout=10000):
        window.watcher.poll()
    assert stream_amount_shown(panel, "health") == "$88,000"
    assert window.statusBar().currentMessage() == UPDATED_NOTE
    # The dashboard follows too: its figures are recomputed from the new data.
    assert window.session.workspace.stream("health").amount == 8_800_000


def test_own_edits_are_not_reported_as_others(qtbot, window) -> None:
    panel = streams_panel(window)
    row = panel.model.row_of("health")
    assert panel.model.setData(panel.model.index(row, panel.model.COL_AMOUNT), "41000")
    seen = window.session.seen_token
    task = window.watcher.poll()
    qtbot.waitUntil(lambda: task.done, timeout=10000)
    assert window.session.seen_token == seen
    assert window.statusBar().currentMessage() != UPDATED_NOTE


def test_a_stale_form_save_is_refused_with_who_and_when_then_reloaded(qtbot, window, other) -> None:
    panel = streams_panel(window)
    assert panel.select_key("health")
    type_into(qtbot, panel.form.editors["amount"], "85000")
    other.update("stream", "health", dataclasses.replace(other.get("stream", "health"), amount=8_800_000))

    seen: list[str] = []
    answer_modal(click_button("Keep my text"), seen)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1
    assert seen[0].startswith(f"Funding stream 'health' was changed by {other.who} at ")
    assert seen[0].endswith("UTC since you opened it; reload to see their change.")
    assert panel.form.editors["amount"].text() == "85000"  # the typing stays until the user chooses
    assert panel.message.text().startswith("Not saved: Funding stream 'health' was changed by")
    assert stream_amount_shown(panel, "health") == "$88,000"  # the table shows what is saved
    other.refresh()
    assert other.get("stream", "health").amount == 8_800_000  # theirs is kept

    answer_modal(click_button("Reload"), seen)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)  # still based on the old record
    assert len(seen) == 2 and "was changed by" in seen[1]
    assert panel.form.editors["amount"].text() == "88,000.00"
    assert not panel.save_button.isEnabled()

    # Now based on the current record, an edit is saved.
    type_into(qtbot, panel.form.editors["name"], "Health host")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    other.refresh()
    assert other.get("stream", "health").name == "Health host"
    assert other.get("stream", "health").amount == 8_800_000


def test_others_changes_to_other_fields_merge_into_a_form_being_typed_in(qtbot, window, other) -> None:
    panel = streams_panel(window)
    assert panel.select_key("health")
    type_into(qtbot, panel.form.editors["name"], "Health host")
    other.update("stream", "health", dataclasses.replace(other.get("stream", "health"), amount=8_800_000))
    with qtbot.waitSignal(window.session.changed_by_others, timeout=10000):
        window.watcher.poll()
    assert stream_amount_shown(panel, "health") == "$88,000"
    assert panel.form.editors["name"].text() == "Health host"  # the typing stays
    assert panel.form.editors["amount"].text() == "88,000.00"  # their change shows in the form

    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    other.refresh()
    assert other.get("stream", "health").name == "Health host"
    assert other.get("stream", "health").amount == 8_800_000  # nothing of theirs is lost


def test_the_same_field_changed_by_both_is_refused_even_after_their_change_arrived(qtbot, window, other) -> None:
    panel = streams_panel(window)
    assert panel.select_key("health")
    type_into(qtbot, panel.form.editors["amount"], "85000")
    other.update("stream", "health", dataclasses.replace(other.get("stream", "health"), amount=8_800_000))
    with qtbot.waitSignal(window.session.changed_by_others, timeout=10000):
        window.watcher.poll()
    assert stream_amount_shown(panel, "health") == "$88,000"
    assert panel.form.editors["amount"].text() == "85000"

    seen: list[str] = []
    answer_modal(click_button("Keep my text"), seen)
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert seen and "was changed by" in seen[0]
    other.refresh()
    assert other.get("stream", "health").amount == 8_800_000


def test_edits_carry_the_version_they_were_based_on(window, other, monkeypatch) -> None:
    service = window.session.service
    calls: list[int | None] = []
    real_apply = service.apply

    def spy(steps):  # type: ignore[no-untyped-def]
        calls.extend(step.version for step in steps)
        return real_apply(steps)

    monkeypatch.setattr(service, "apply", spy)
    donors = window.session.workspace.stream("health")
    window.session.update("stream", "health", dataclasses.replace(donors, amount=8_100_000))
    assert calls == [other.version("stream", "health") - 1]

    # Someone else's change in between: the next edit based on the old record is refused.
    other.refresh()
    other.update("stream", "health", dataclasses.replace(other.get("stream", "health"), name="Health host"))
    with pytest.raises(ConflictError, match="was changed by"):
        window.session.update("stream", "health", dataclasses.replace(donors, amount=8_200_000), based_on=donors)
    other.refresh()
    assert other.get("stream", "health").amount == 8_100_000


def test_undo_after_someone_else_changed_the_record_is_refused(qtbot, window, other, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr("fundtracker.ui.main_window.QMessageBox.warning", lambda p, title, text: shown.append(text))
    donors = window.session.workspace.stream("health")
    window.session.update("stream", "health", dataclasses.replace(donors, amount=8_100_000))
    other.refresh()
    other.update("stream", "health", dataclasses.replace(other.get("stream", "health"), amount=9_900_000))
    window.session.undo_stack.undo()
    assert shown and "was changed by" in shown[0]
    other.refresh()
    assert other.get("stream", "health").amount == 9_900_000


# -- the server -------------------------------------------------------------------


def fill_server_dialog(url_text: str, remember: bool):  # type: ignore[no-untyped-def]
    url = make_url(url_text)

    def fill(dialog) -> None:  # type: ignore[no-untyped-def]
        dialog.host.setText(url.host)
        dialog.port.setValue(url.port or 5432)
        dialog.database.setText(url.database)
        dialog.user.setText(url.username)
        dialog.password.setText(url.password)
        dialog.remember.setChecked(remember)
        dialog.buttons.accepted.emit()

    return fill


def test_connect_to_server_opens_it_and_remembers_no_password(qtbot, sample) -> None:
    url = require_postgres()
    with WorkspaceService.open(url, create=True) as service:
        service.replace_all(sample)
    window = MainWindow(start=START, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    window.build()
    seen: list[str] = []
    answer_modal(fill_server_dialog(url, remember=True), seen)
    with qtbot.waitSignal(window.workspace_ready, timeout=20000):
        window.connect_action.trigger()
    assert seen == ["Connect to server"]
    bare = f"postgresql://fundtracker@{PG_SERVER}"
    assert window.location_label.text() == f"Server: fundtracker@{PG_SERVER}"
    assert settings.get(settings.LAST_WORKSPACE) == bare
    assert settings.get(settings.RECENT_WORKSPACES) == [bare]
    assert window.session.source == bare
    # Tests run without a keyring: the note says where the password must come from instead.
    assert window.statusBar().currentMessage() == (
        "Password not stored (keyring disabled); use ~/.pgpass or PGPASSWORD"
    )
    assert window.session.workspace.organization == sample.organization
    window.close_session()


def test_a_remembered_server_gets_its_password_from_the_keyring_at_start(qtbot, sample, monkeypatch) -> None:
    url = require_postgres()
    with WorkspaceService.open(url, create=True) as service:
        service.replace_all(sample)
    bare = f"postgresql+psycopg2://fundtracker@{PG_SERVER}"
    settings.put(settings.LAST_WORKSPACE, bare)
    asked: list[str] = []

    def keyring_password(text: str) -> str:  # what the OS keyring would give back
        asked.append(text)
        return url if text == bare else text

    monkeypatch.setattr("fundtracker.services.credentials.with_password", keyring_password)
    window = MainWindow(start=START, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.workspace_ready, timeout=20000):
        open_startup(window, None, None)
    assert asked == [bare]
    assert window.session.source == bare
    assert window.location_label.text() == f"Server: fundtracker@{PG_SERVER}"
    window.close_session()


@pytest.mark.parametrize("how", ["--database", "FUNDTRACKER_DATABASE_URL"])
def test_a_server_named_at_start_opens_as_a_team_workspace(qtbot, sample, monkeypatch, how) -> None:
    url = require_postgres()
    with WorkspaceService.open(url, create=True) as service:
        service.replace_all(sample)
    if how == "FUNDTRACKER_DATABASE_URL":
        monkeypatch.setenv("FUNDTRACKER_DATABASE_URL", url)
    window = MainWindow(start=START, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.workspace_ready, timeout=20000):
        open_startup(window, None, url if how == "--database" else None)
    assert window.location_label.text() == f"Server: fundtracker@{PG_SERVER}"
    assert "fundtracker:fundtracker@" not in settings.get(settings.LAST_WORKSPACE)  # no password kept
    assert window.watcher is not None and window.session.ready
    window.close_session()


def test_a_server_that_goes_away_is_reported_once_and_the_app_carries_on(qtbot, window, monkeypatch) -> None:
    from fundtracker.domain.errors import WorkspaceError

    service = window.session.service
    real_token = service.change_token

    def gone() -> int:
        raise WorkspaceError(f"{service.location}: database error: server closed the connection unexpectedly")

    monkeypatch.setattr(service, "change_token", gone)
    notes: list[str] = []
    window.watcher.note.connect(notes.append)
    for _ in range(2):
        task = window.watcher.poll()
        qtbot.waitUntil(lambda task=task: task.done, timeout=10000)
    assert notes == [
        f"Cannot check for others' changes: {service.location}: database error: "
        "server closed the connection unexpectedly"
    ]
    assert window.statusBar().currentMessage() == notes[0]

    monkeypatch.setattr(service, "change_token", real_token)
    task = window.watcher.poll()
    qtbot.waitUntil(lambda: task.done, timeout=10000)
    assert notes[-1] == "Connected again"
