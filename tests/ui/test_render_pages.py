"""Render every page offscreen to PNG (light, dark, and 125% text) and check none is blank.

The pictures go to $FUNDTRACKER_RENDER_DIR or a temporary folder; the test prints where.
Look at them when changing a page.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QImage
from PySide6.QtWidgets import QApplication

from fundtracker.domain.months import month_of
from fundtracker.ui.file_actions import open_location
from fundtracker.ui.main_window import PAGES, MainWindow
from fundtracker.ui.theme import apply_theme

pytestmark = pytest.mark.gui


def distinct_colors(image: QImage, step: int = 7) -> int:
    colors = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            colors.add(image.pixel(x, y))
    return len(colors)


@pytest.mark.parametrize("variant", ["light", "dark", "large"])
def test_every_page_renders(qtbot, sample_path: Path, tmp_path: Path, variant: str) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    original_font, original_palette, original_style = QFont(app.font()), app.palette(), app.style().name()
    dark = apply_theme(app, "dark" if variant == "dark" else "light")
    if variant == "large":
        font = QFont(app.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        app.setFont(font)
    folder = Path(os.environ.get("FUNDTRACKER_RENDER_DIR") or tmp_path / "pages") / variant
    folder.mkdir(parents=True, exist_ok=True)
    try:
        window = MainWindow(start=month_of(2022, 3), today=__import__("datetime").date(2022, 3, 1))
        window.dark = dark
        qtbot.addWidget(window)
        window.resize(1366, 860)
        window.show()
        with qtbot.waitSignal(window.workspace_ready, timeout=15000):
            open_location(window, str(sample_path))
        qtbot.waitUntil(lambda: window.dashboard.chance_state == "done", timeout=15000)
        for row, name in enumerate(PAGES):
            window.navigation.setCurrentRow(row)
            qtbot.wait(30)
            image = window.grab().toImage()
            path = folder / f"{row + 1}-{name.replace(' & ', '-').replace(' ', '-').lower()}.png"
            assert image.save(str(path))
            assert distinct_colors(image) > 12, f"{path} looks blank"
        print(f"\nrendered pages: {folder}")
    finally:
        app.setFont(original_font)
        app.setPalette(original_palette)
        app.setStyle(original_style)
