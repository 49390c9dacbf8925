"""The app's exports and "Save a copy" refuse the open workspace's own file as their output."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fundtracker.ui import file_actions, file_dialogs
from tests.ui.team_helpers import open_window

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("action", ["export_pdf", "export_docx", "export_workbook", "save_copy"])
@pytest.mark.parametrize("target", ["workspace", "wal"])
def test_an_export_over_the_open_workspace_is_refused(
    qtbot: Any, sample_path: Path, monkeypatch: pytest.MonkeyPatch, action: str, target: str
) -> None:
    window = open_window(qtbot, str(sample_path))
    try:
        before = sample_path.read_bytes()
        output = str(sample_path) if target == "workspace" else f"{sample_path}-wal"
        monkeypatch.setattr(file_dialogs.QFileDialog, "getSaveFileName", lambda *a, **k: (output, ""))
        warnings: list[str] = []
        monkeypatch.setattr(file_actions.QMessageBox, "warning", lambda parent, title, text: warnings.append(text))
        started: list[str] = []
        monkeypatch.setattr(file_actions, "run_with_progress", lambda *a, **k: started.append("work"))
        getattr(file_actions, action)(window)
        assert started == [] and len(warnings) == 1 and output in warnings[0]
        assert sample_path.read_bytes() == before
    finally:
        window.close_session()
