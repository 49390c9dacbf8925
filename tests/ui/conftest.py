"""Fixtures for the desktop app's tests: a saved sample workspace and a session on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fundtracker.domain.records import Workspace
from fundtracker.services.transfer import write_workspace_to
from fundtracker.services.workspace import WorkspaceService

# The offscreen platform says these about top-level windows and tooltips; not problems of ours.
OFFSCREEN_NOISE = r"This plugin does not support (propagateSizeHints|raise)\(\)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/ui/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture
def sample_path(tmp_path: Path, sample: Workspace) -> Path:
    """The sample workspace (as of January 2022) saved to a workspace file."""
    path = tmp_path / "sample.fundtracker"
    write_workspace_to(sample, path, replace=False, action="sample")
    return path


@pytest.fixture
def session(qapp, sample_path: Path) -> Iterator:  # type: ignore[no-untyped-def]
    from fundtracker.ui.session import WorkspaceSession

    service = WorkspaceService.open(sample_path)
    opened = WorkspaceSession(service)
    yield opened
    opened.close()


@pytest.fixture
def stored(sample_path: Path):  # type: ignore[no-untyped-def]
    """A function reading what is saved on disk now, through a fresh service."""

    def read() -> Workspace:
        with WorkspaceService.open(sample_path) as service:
            return service.load()

    return read


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """QSettings and the data folder point into the test's own folder."""
    from PySide6.QtCore import QSettings

    monkeypatch.setenv("FUNDTRACKER_DATA_DIR", str(tmp_path / "data"))
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))


@pytest.fixture(autouse=True)
def collections_stay_on_the_main_thread(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """No test may see the cyclic collector run on a worker thread (issue 11's crash)."""
    from fundtracker.ui import gc_guard

    before = gc_guard.off_thread_collections
    yield
    assert gc_guard.off_thread_collections == before, "garbage was collected on a worker thread"


@pytest.fixture(autouse=True)
def no_unanswered_modal_question(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deleting a record in use asks first, in a modal box; a test must answer it (patch
    ``record_panel.confirm_deletion``), since an open modal box would hang the suite."""
    from fundtracker.ui.pages import record_panel

    def unanswered(parent, title, text):  # type: ignore[no-untyped-def]
        raise AssertionError(f"a test reached the modal question {title!r}; patch record_panel.confirm_deletion")

    monkeypatch.setattr(record_panel, "confirm_deletion", unanswered)
    # Leaving a record with unsaved changes asks Save / Discard / Cancel, also modal. Unless a test
    # answers it itself, it answers Save: what choosing another row did before it asked.
    monkeypatch.setattr(record_panel, "ask_unsaved", lambda parent, name: record_panel.SAVE)
