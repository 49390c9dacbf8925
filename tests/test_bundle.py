"""The packaged app: PyInstaller builds the one-folder bundle from build.spec and its self-test passes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# The DOCX export needs lxml.etree (python-docx is built on it) and docx's templates: 255 MB measured with
# them (2026-12-02), over the earlier 250 MB budget.
MAX_BUNDLE_MB = 260

pytestmark = pytest.mark.slow


def _size_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink()) / 1e6


@pytest.mark.timeout(600)
def test_bundle_builds_and_passes_its_self_test(tmp_path: Path) -> None:
    pyinstaller = Path(sys.executable).with_name("pyinstaller")
    assert pyinstaller.exists(), "pyinstaller is installed by `make` with the dist extra"
    dist, work = tmp_path / "dist", tmp_path / "build"
    build = subprocess.run(
        [
            str(pyinstaller),
            "--noconfirm",
            "--log-level",
            "ERROR",
            "--distpath",
            str(dist),
            "--workpath",
            str(work),
            str(ROOT / "build.spec"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=540,
    )
    assert build.returncode == 0, build.stderr[-3000:]
    binary = dist / "fundtracker" / "fundtracker"
    size = _size_mb(dist / "fundtracker")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FUNDTRACKER_DATA_DIR": str(tmp_path / "data")}
    started = time.perf_counter()
    result = subprocess.run([str(binary), "--self-test"], capture_output=True, text=True, env=env, timeout=120)
    elapsed = time.perf_counter() - started
    print(f"bundle: {size:.0f} MB; self-test {elapsed:.1f} s\n{result.stdout}")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed" in result.stdout
    # "DOCX application" needs lxml (python-docx writes through it), so build.spec must bundle it.
    for step in ("forecast", "probability", "PDF application", "DOCX application", "Excel budget", "Qt"):
        assert f"ok   {step}" in result.stdout
    assert size < MAX_BUNDLE_MB
    shutil.rmtree(work, ignore_errors=True)
