"""Start-up speed of the desktop app, against a bare PySide6 window measured in the same run.

Measures, from process start (the parent's clock before it spawns the child):
  (a) the main window shown (its first paint), and
  (b) the dashboard painted with the workspace's figures (the headline painted with the engine's text),
each as the median of several runs and as a ratio to a bare script that shows an empty
QMainWindow. Also (b) with an L-size synthetic workspace, and how long an edit on an M-size
workspace takes to refresh the dashboard (in process).

Targets (issues 4 and 12): (a) <= 1.5x bare; (b) <= 5x bare on a first open (every open: the
app keeps no start-up snapshot; it reads the file with sqlite3 while the store loads);
(b) with L-size < 3 s; M-size edit < 150 ms.

Usage: python benchmarks/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from benchmarks.table import report  # noqa: E402

BARE = """
import sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow

class Watch(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj is window:
            print("window", flush=True)
            app.quit()
        return False

app = QApplication(sys.argv[:1])
watch = Watch()
app.installEventFilter(watch)
window = QMainWindow()
window.resize(1280, 820)
window.show()
app.exec()
"""

APP = """
import sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMenuBar

class Watch(QObject):
    shown = False
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            if not self.shown and isinstance(obj, QMainWindow):
                self.shown = True
                print("window", flush=True)
            elif isinstance(obj, QMenuBar):
                print("contents", flush=True)
            elif isinstance(obj, QLabel) and obj.accessibleName() == "Headline" and obj.text().startswith("Funded"):
                print("dashboard", flush=True)
                app.quit()
        return False

app = QApplication(sys.argv[:1])
watch = Watch()
app.installEventFilter(watch)
from fundtracker.ui.app import run_app
run_app([sys.argv[1]])
"""


def timed_child(code: str, args: list[str], env: dict[str, str]) -> dict[str, float]:
    """Run a child Python; the seconds from spawning it to each marker line it prints."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True
    )
    marks: dict[str, float] = {}
    assert child.stdout is not None
    for line in child.stdout:
        marks.setdefault(line.strip(), time.perf_counter() - started)
    child.wait(timeout=120)
    return marks


def child_env(folder: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["XDG_CONFIG_HOME"] = str(folder / "config")
    env["FUNDTRACKER_DATA_DIR"] = str(folder / "data")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    env.pop("FUNDTRACKER_QUIT_AFTER_MS", None)
    return env


def median_marks(code: str, args: list[str], env: dict[str, str], runs: int, marks: tuple[str, ...]) -> list[float]:
    """Median seconds to each marker."""
    samples: dict[str, list[float]] = {mark: [] for mark in marks}
    for _ in range(runs):
        found = timed_child(code, args, env)
        for mark in marks:
            if mark not in found:
                raise SystemExit(f"bench_startup: the child never reported {mark!r}")
            samples[mark].append(found[mark])
    return [statistics.median(samples[mark]) for mark in marks]


def edit_refresh_ms(path: Path, runs: int) -> float:
    """Median milliseconds from an edit on an M-size workspace to the dashboard shown again."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import dataclasses

    from PySide6.QtWidgets import QApplication
    from synthetic import START

    from fundtracker.services.workspace import WorkspaceService
    from fundtracker.ui.pages.dashboard import DashboardPage
    from fundtracker.ui.session import WorkspaceSession

    app = QApplication.instance() or QApplication(sys.argv[:1])
    session = WorkspaceSession(WorkspaceService.open(path))
    page = DashboardPage(session, start=START)
    page.resize(1280, 820)
    page.show()
    page.refresh()
    app.processEvents()
    stream = session.workspace.streams[0]
    times = []
    for number in range(runs):
        changed = dataclasses.replace(stream, amount=stream.amount + 100 * (number + 1))
        started = time.perf_counter()
        session.update("stream", stream.key, changed)  # the dashboard recomputes on the change signal
        page.repaint()
        app.processEvents()
        times.append((time.perf_counter() - started) * 1000)
        page.cancel_probability()
    session.close()
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from synthetic import synthetic_workspace

    from fundtracker.services.sample import sample_workspace
    from fundtracker.services.transfer import write_workspace_to

    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        sample = folder / "sample.fundtracker"
        write_workspace_to(sample_workspace(), sample, replace=False, action="sample")
        large = folder / "large.fundtracker"
        write_workspace_to(synthetic_workspace("L", uncertain=8), large, replace=False, action="benchmark")
        medium = folder / "medium.fundtracker"
        write_workspace_to(synthetic_workspace("M", uncertain=8), medium, replace=False, action="benchmark")
        env = child_env(folder)
        timed_child(BARE, [], env)  # warm the file cache once; not counted
        timed_child(APP, [str(sample)], env)
        # Bare and app runs interleaved, so machine load hits both alike.
        bare_runs: list[float] = []
        app_runs: dict[str, list[float]] = {"window": [], "contents": [], "dashboard": []}
        for _ in range(args.runs):
            (bare,) = median_marks(BARE, [], env, 1, ("window",))
            bare_runs.append(bare)
            for mark, value in zip(app_runs, median_marks(APP, [str(sample)], env, 1, tuple(app_runs)), strict=True):
                app_runs[mark].append(value)
        bare = statistics.median(bare_runs)
        shown, contents, painted = (statistics.median(app_runs[mark]) for mark in app_runs)
        timed_child(APP, [str(large)], env)
        (painted_large,) = median_marks(APP, [str(large)], env, max(3, args.runs // 2), ("dashboard",))
        edit = edit_refresh_ms(medium, 15)

    name = "bench_startup"
    print(f"bench_startup (median of {args.runs} runs, from process start; platform {env['QT_QPA_PLATFORM']})")
    report(name, "bare PySide6 QMainWindow shown", bare * 1000, "ms")
    report(name, f"(a) main window shown ({shown * 1000:.0f} ms) ÷ bare", shown / bare, "x", 1.5)
    report(name, f"    navigation and menus painted ({contents * 1000:.0f} ms) ÷ bare", contents / bare, "x")
    report(name, f"(b) dashboard painted, sample ({painted * 1000:.0f} ms) ÷ bare", painted / bare, "x", 5.0)
    report(name, "(b) dashboard painted, L-size", painted_large * 1000, "ms", 3000)
    report(name, "edit -> dashboard refreshed, M-size", edit, "ms", 150)
    return 0


if __name__ == "__main__":
    sys.exit(main())
