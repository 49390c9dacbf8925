"""The architecture of DESIGN.md, stated as tests: who may import whom.

- Qt only in ``ui/``.
- ``ui`` never imports ``store`` or ``commands`` (it calls services and renders results).
- ``services``, ``exports``, ``forecast``, ``store`` and ``domain`` never import ``ui`` or ``commands``.
- ``forecast`` and ``domain`` never import ``store`` (nor an ORM).
- ``domain`` imports no other layer; ``store`` no layer above it.

Every import counts: at the top, inside a function, or under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "fundtracker"

# Layer -> the module prefixes it must never import.
FORBIDDEN = {
    "ui": ("fundtracker.store", "fundtracker.commands"),
    "services": ("fundtracker.ui", "fundtracker.commands"),
    "exports": ("fundtracker.ui", "fundtracker.commands"),
    "forecast": ("fundtracker.ui", "fundtracker.commands", "fundtracker.store", "sqlalchemy", "sqlmodel"),
    "store": (
        "fundtracker.ui",
        "fundtracker.commands",
        "fundtracker.services",
        "fundtracker.forecast",
        "fundtracker.exports",
    ),
    "domain": (
        "fundtracker.ui",
        "fundtracker.commands",
        "fundtracker.store",
        "fundtracker.services",
        "fundtracker.forecast",
        "fundtracker.exports",
        "sqlalchemy",
        "sqlmodel",
    ),
}


def _imports(path: Path) -> set[str]:
    """Every module ``path`` imports (``from fundtracker import store`` counts as ``fundtracker.store``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _offenders(layer: str, banned: tuple[str, ...]) -> list[str]:
    found = []
    for path in sorted((PACKAGE / layer).rglob("*.py")):
        for name in sorted(_imports(path)):
            if any(name == prefix or name.startswith(prefix + ".") for prefix in banned):
                found.append(f"{path.relative_to(PACKAGE)} imports {name}")
    return found


def test_only_ui_imports_pyside6() -> None:
    offenders = []
    checked = 0
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "ui":
            continue
        checked += 1
        if any(name.split(".")[0] == "PySide6" for name in _imports(path)):
            offenders.append(str(relative))
    assert checked > 20
    assert offenders == []


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_only_what_the_design_allows(layer: str) -> None:
    assert len(list((PACKAGE / layer).rglob("*.py"))) > 3
    assert _offenders(layer, FORBIDDEN[layer]) == []


def test_the_guard_sees_every_form_of_import(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text(
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from fundtracker.store.database import Database\n"
        "def f():\n    from PySide6.QtCore import QObject\n    from fundtracker import commands\n"
        "import fundtracker.ui.session\n",
        encoding="utf-8",
    )
    names = _imports(sample)
    assert {"PySide6.QtCore", "fundtracker.store.database", "fundtracker.commands", "fundtracker.ui.session"} <= names
