"""The app never shows a server password: title, status bar, storage label, recent files, error boxes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QWidget

from fundtracker.domain.records import Workspace
from fundtracker.services.workspace import WorkspaceService
from fundtracker.ui import settings
from fundtracker.ui.file_actions import open_location
from fundtracker.ui.main_window import MainWindow
from tests.secret_server import SECRET_PASSWORD, secret_urls
from tests.ui.team_helpers import START, TODAY, open_window

pytestmark = [pytest.mark.gui, pytest.mark.postgres]


@pytest.fixture(scope="module")
def urls() -> Iterator[dict[str, str]]:
    yield from secret_urls()


def _everything_shown(window: MainWindow) -> str:
    """Every text the window and its widgets show or hold as tooltips, and what settings remember."""
    texts = [window.windowTitle(), window.statusBar().currentMessage()]
    for widget in [window, *window.findChildren(QWidget)]:
        for name in ("text", "toolTip", "windowTitle", "placeholderText", "statusTip"):
            getter = getattr(widget, name, None)
            if callable(getter):
                try:
                    value = getter()
                except TypeError:
                    continue
                if isinstance(value, str):
                    texts.append(value)
    texts.append(str(settings.get(settings.LAST_WORKSPACE)))
    texts.extend(str(item) for item in settings.get(settings.RECENT_WORKSPACES))
    return "\n".join(texts)


def test_an_open_server_workspace_shows_no_password(qtbot: Any, urls: dict[str, str], sample: Workspace) -> None:
    with WorkspaceService.open(urls["good"], create=True) as service:
        service.replace_all(sample)
    window = open_window(qtbot, urls["good"])
    try:
        shown = _everything_shown(window)
        assert "fundtracker_secret@127.0.0.1" in shown  # the server is named …
        assert SECRET_PASSWORD not in shown  # … without its password
    finally:
        window.close_session()


@pytest.mark.parametrize("case", ["wrong", "unreachable"])
def test_a_failed_open_shows_no_password(
    qtbot: Any, urls: dict[str, str], case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    boxes: list[str] = []
    monkeypatch.setattr(
        "fundtracker.ui.main_window.QMessageBox.warning", lambda parent, title, text: boxes.append(f"{title}\n{text}")
    )
    window = MainWindow(start=START, today=TODAY)
    qtbot.addWidget(window)
    window.show()
    open_location(window, urls[case])
    qtbot.waitUntil(lambda: bool(boxes), timeout=20000)
    QApplication.processEvents()
    assert "Could not open" in boxes[0] and "127.0.0.1" in boxes[0]
    assert SECRET_PASSWORD not in "\n".join(boxes) + _everything_shown(window)
