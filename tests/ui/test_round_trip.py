"""The app survives open, chance, PDF export, workbook export and quit, every time (issue 11).

Quitting after a PDF export used to abort with ``Fatal Python error: bool_dealloc`` (exit status 134)
in about one run of four: PySide6 6.12.0's emit() stole a reference to True on every signal (see
test_binding_defects.py). One run proves little about a crash that comes by chance, so the round trip
runs 20 times, two at a time (each is a few seconds of offscreen work).
"""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytestmark = [pytest.mark.gui, pytest.mark.slow]

RUNS = 20


def _round_trip(folder: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "fundtracker.ui.round_trip", "--folder", str(folder)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=180,
    )


def test_twenty_round_trips_each_exit_cleanly(tmp_path: Path) -> None:
    folders = [tmp_path / f"run-{number}" for number in range(RUNS)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(_round_trip, folders))
    failures = [
        f"run {number}: exit {result.returncode}\n{result.stderr[-2000:]}"
        for number, result in enumerate(results)
        if result.returncode != 0 or "Fatal Python error" in result.stderr
    ]
    assert not failures, "\n".join(failures)
    for folder in folders:  # every run did the whole trip, not just start and stop
        assert (folder / "application.pdf").read_bytes()[:5] == b"%PDF-"
        assert (folder / "budget.xlsx").read_bytes()[:2] == b"PK"


def test_a_step_that_does_not_finish_in_time_fails_the_run(tmp_path: Path) -> None:
    """The driver cannot pass by hanging: a step that outlasts --timeout ends the run with status 3, named."""
    result = subprocess.run(
        [sys.executable, "-m", "fundtracker.ui.round_trip", "--folder", str(tmp_path), "--timeout", "0.001"],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=180,
    )
    assert result.returncode == 3, result.stderr
    assert "no result after 0.001 s while opening the sample" in result.stderr
    assert not (tmp_path / "application.pdf").exists()
