"""Find files shipped in ``resources/``, frozen (PyInstaller) or from source."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(name: str) -> Path:
    """Path of a shipped resource file; raises FileNotFoundError with the path tried."""
    path = resources_dir() / name
    if not path.exists():
        raise FileNotFoundError(f"resource missing: {path}")
    return path
