"""SIGKILL in the middle of a large import or a save: the workspace stays sound, all or nothing.

Each kill lands at a random point (seeded, so a failure can be replayed) in a real
``fundtracker`` process writing a real SQLite workspace.
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

from fundtracker.domain.records import Actual, Workspace
from fundtracker.services.integrity import check_workspace
from fundtracker.services.transfer import write_workspace_to
from fundtracker.services.workspace import WorkspaceService
from fundtracker.store import json_format

pytestmark = pytest.mark.slow

ROWS = 20_000
KILLS = 8


def _big_workspace(sample: Workspace) -> Workspace:
    actuals = tuple(
        Actual(
            key=f"t{i}",
            date=date(2022, 1, 1) + timedelta(days=i % 700),
            amount=1000 + i,
            stream="combat",
            category="supplies",
            code="C1",
            memo=f"row {i}",
        )
        for i in range(ROWS)
    )
    return dataclasses.replace(sample, actuals=actuals)


def _kill_at_random(command: list[str], delay: float) -> bool:
    """Run ``command`` and SIGKILL it after ``delay`` seconds; False if it had finished already."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    killed = process.poll() is None
    if killed:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    return killed


def test_killed_import_is_all_or_nothing(tmp_path: Path, sample: Workspace) -> None:
    workspace = tmp_path / "ws.fundtracker"
    write_workspace_to(sample, workspace, replace=False, action="sample")
    big = tmp_path / "big.json"
    big.write_text(json_format.dumps(_big_workspace(sample)), encoding="utf-8")
    command = [sys.executable, "-m", "fundtracker", "import", str(big), "--into", str(workspace), "--replace"]
    # Time one whole import on this machine, so the kills land inside it however fast or loaded it is.
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    duration = time.perf_counter() - started
    rng = random.Random(20261128)
    outcomes = []
    for _ in range(KILLS):
        # Start every attempt from the small workspace.
        with WorkspaceService.open(workspace) as service:
            service.replace_all(sample, action="restore")
        killed = _kill_at_random(command, rng.uniform(0.3, 0.9) * duration)
        assert check_workspace(str(workspace)) == []
        with WorkspaceService.open(workspace) as service:
            count = len(service.load().actuals)
        assert count in (0, ROWS)
        outcomes.append(count)
        if not killed or count == ROWS:
            # The import was faster this time than the timed run (the machine's load changed):
            # aim the next kills earlier, so they keep landing inside the import.
            duration *= 0.6
    # The kills must have caught imports before their commit for the test to mean something.
    assert 0 in outcomes, outcomes
    print(f"import takes {duration:.2f} s; rows after each kill: {outcomes}")


def test_killed_saves_keep_record_and_audit_together(tmp_path: Path, sample: Workspace) -> None:
    workspace = tmp_path / "ws.fundtracker"
    write_workspace_to(sample, workspace, replace=False, action="sample")
    script = textwrap.dedent(
        f"""
        import dataclasses
        from fundtracker.services.workspace import WorkspaceService
        service = WorkspaceService.open({str(workspace)!r})
        amount = 100
        while True:
            combat = service.get("stream", "combat")
            service.update("stream", "combat", dataclasses.replace(combat, amount=amount))
            amount += 1
        """
    )
    rng = random.Random(7)
    last_amounts = []
    for _ in range(KILLS):
        _kill_at_random([sys.executable, "-c", script], rng.uniform(0.6, 1.6))
        assert check_workspace(str(workspace)) == []
        with WorkspaceService.open(workspace) as service:
            stored = service.load().stream("combat")
            newest = service.audit_log(limit=1, kind="stream", key="combat")
        assert stored is not None
        if newest:
            assert json.loads(newest[0].new or "{}")["amount"] == json_format.write_record(stored)["amount"]
        last_amounts.append(stored.amount)
    assert max(last_amounts) > 100  # saves did happen between the kills
