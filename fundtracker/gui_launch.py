"""Start the desktop app, or explain in one line why it cannot start here."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    if os.environ.get("QT_QPA_PLATFORM", "") in ("offscreen", "minimal", "vnc"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def launch(argv: Sequence[str]) -> int:
    """``fundtracker [WORKSPACE] [--database URL]``: open the main window."""
    if not has_display():
        print(
            "fundtracker: no display to open the desktop app on; use the command line instead "
            "(fundtracker --help), or set QT_QPA_PLATFORM=offscreen",
            file=sys.stderr,
        )
        return 2
    from fundtracker.ui.app import run_app

    return run_app(list(argv))
