"""`fundtracker` with no arguments: the app starts on a new copy of the sample, or says why it cannot."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from fundtracker.services.workspace import WorkspaceService

pytestmark = pytest.mark.gui


def _launch(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "FUNDTRACKER_DATA_DIR": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "FUNDTRACKER_QUIT_AFTER_MS": "4000",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "fundtracker"], capture_output=True, text=True, env=environment, timeout=60
    )


def test_first_start_opens_a_new_copy_of_the_sample(tmp_path: Path) -> None:
    result = _launch(tmp_path, QT_QPA_PLATFORM="offscreen")
    assert result.returncode == 0, result.stderr
    workspace = tmp_path / "data" / "workspace.fundtracker"
    with WorkspaceService.open(workspace) as service:
        assert service.load().streams[0].amount == 7_826_800  # COMBAT's $78,268


def test_no_display_says_so_in_one_line(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run(
        [sys.executable, "-m", "fundtracker"], capture_output=True, text=True, env=environment, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert "no display" in result.stderr and "fundtracker --help" in result.stderr
