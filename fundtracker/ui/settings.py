"""Every setting the app remembers, declared in one place (QSettings underneath)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSettings


@dataclass(frozen=True)
class Option:
    """A remembered setting: its QSettings key, default and type."""

    key: str
    default: Any
    type: type


GEOMETRY = Option("window/geometry", b"", bytes)
LAST_WORKSPACE = Option("workspace/last", "", str)
RECENT_WORKSPACES = Option("workspace/recent", [], list)
THEME = Option("appearance/theme", "system", str)  # system, light or dark
TRIALS = Option("forecast/trials", 20000, int)
MAX_RECENT = 8


def last_folder(kind: str) -> Option:
    """The folder a file dialog for ``kind`` files was last used in (see fundtracker.ui.file_dialogs)."""
    return Option(f"files/last_folder_{kind}", "", str)


THEMES = ("system", "light", "dark")


def get(option: Option, settings: QSettings | None = None) -> Any:
    settings = settings or QSettings()
    value: Any = settings.value(option.key, option.default)
    if option.type is list:
        if value in (None, ""):
            return []
        return [str(v) for v in value] if isinstance(value, (list, tuple)) else [str(value)]
    if option.type is int:
        try:
            return int(value)
        except (TypeError, ValueError):
            return option.default
    if option.type is bytes:
        if hasattr(value, "data"):  # QByteArray
            return bytes(value.data())
        return bytes(value) if isinstance(value, (bytes, bytearray)) else b""
    return option.type(value) if value is not None else option.default


def put(option: Option, value: Any, settings: QSettings | None = None) -> None:
    (settings or QSettings()).setValue(option.key, value)


def remember_workspace(location: str, settings: QSettings | None = None) -> list[str]:
    """Make ``location`` the last and most recent workspace; returns the recent list."""
    recent = [location] + [r for r in get(RECENT_WORKSPACES, settings) if r != location]
    recent = recent[:MAX_RECENT]
    put(RECENT_WORKSPACES, recent, settings)
    put(LAST_WORKSPACE, location, settings)
    return recent
