"""Render the main pages of the sample workspace for the README: docs/screenshots/*.png.

Usage: ``PYTHONPATH=. python tools/screenshots.py [FOLDER]``

The sample is laid out as of 2022-03-01 and shown at 1280×800 (the README's five pages), then
every page at 1024×700 and 1920×1080 (``docs/screenshots/1024x700/``, ``…/1920x1080/``), light theme, offscreen,
with settings and start-up snapshots kept in a temporary folder (the user's own are not
touched). PNGs are reduced to 256 colours (Pillow, no dithering) so each stays small.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

AS_OF = date(2022, 3, 1)
SIZE = (1280, 800)
CHECKED_SIZES = ((1024, 700), (1920, 1080))  # every page, into docs/screenshots/WxH/
PAGES = {
    "dashboard": "Dashboard",
    "funding-streams": "Funding streams",
    "staff-and-costs": "Staff & costs",
    "allocations": "Allocations",
    "scenarios": "Scenarios",
}


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    from PySide6.QtWidgets import QApplication

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get ready in time")
        QApplication.processEvents()
        time.sleep(0.01)


def settle(milliseconds: int = 150) -> None:
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + milliseconds / 1000
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def save_small_png(image: Any, path: Path) -> None:
    """Save a QImage as a 256-colour PNG (written to a temporary file, then renamed)."""
    from PIL import Image
    from PySide6.QtCore import QBuffer, QIODevice

    from fundtracker.store.atomic import atomic_path

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    picture = Image.open(io.BytesIO(bytes(buffer.data().data()))).convert("RGB")
    small = picture.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    with atomic_path(path) as temp:
        small.save(temp, "PNG", optimize=True)


def main(argv: list[str]) -> int:
    target = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent / "docs" / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="fundtracker-screenshots-"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["FUNDTRACKER_DATA_DIR"] = str(scratch / "data")
    os.environ.setdefault("FUNDTRACKER_NO_KEYRING", "1")

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from fundtracker.domain.months import month_index
    from fundtracker.services.transfer import write_workspace_to
    from fundtracker.store.sample import sample_workspace
    from fundtracker.ui.file_actions import open_location
    from fundtracker.ui.main_window import MainWindow
    from fundtracker.ui.theme import apply_theme

    app = QApplication.instance() or QApplication(["fundtracker"])
    assert isinstance(app, QApplication)
    app.setApplicationName("fundtracker-screenshots")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(scratch / "settings"))
    dark = apply_theme(app, "light")

    workspace_path = scratch / "Kansas City sample.fundtracker"
    write_workspace_to(sample_workspace(AS_OF), workspace_path, replace=False, action="sample")
    window = MainWindow(start=month_index(AS_OF), today=AS_OF)
    window.dark = dark
    window.resize(*SIZE)
    window.show()
    ready: list[bool] = []
    window.workspace_ready.connect(lambda: ready.append(True))
    open_location(window, str(workspace_path))
    wait_until(lambda: bool(ready))
    wait_until(lambda: window.dashboard.chance_state == "done")
    window.statusBar().clearMessage()
    window.location_label.setText(f"File: {workspace_path.name}")  # not the temporary folder's name

    from fundtracker.ui.main_window import PAGES as ALL_PAGES

    for name, page in PAGES.items():
        window.navigation.setCurrentRow(ALL_PAGES.index(page))
        settle()
        path = target / f"{name}.png"
        save_small_png(window.grab().toImage(), path)
        print(f"{path} ({path.stat().st_size // 1024} KB)")
    # Every page at the smallest size the layout is made for and on a full-HD screen.
    for width, height in CHECKED_SIZES:
        folder = target / f"{width}x{height}"
        folder.mkdir(exist_ok=True)
        window.resize(width, height)
        for row, page in enumerate(ALL_PAGES):
            window.navigation.setCurrentRow(row)
            settle(250)
            path = folder / f"{row + 1}-{page.replace(' & ', '-').replace(' ', '-').lower()}.png"
            save_small_png(window.grab().toImage(), path)
            print(f"{path} ({path.stat().st_size // 1024} KB)")
    window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
