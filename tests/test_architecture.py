"""Qt stays in fundtracker/ui: no other module imports PySide6."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "fundtracker"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


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


def test_the_guard_sees_a_pyside6_import(tmp_path: Path) -> None:
    sample = tmp_path / "x.py"
    sample.write_text("def f():\n    from PySide6.QtCore import QObject\n", encoding="utf-8")
    assert "PySide6.QtCore" in _imports(sample)


def test_core_layers_do_not_import_ui_or_upper_layers() -> None:
    rules = {
        "domain": ("fundtracker.store", "fundtracker.services", "fundtracker.forecast", "fundtracker.ui"),
        "store": ("fundtracker.services", "fundtracker.forecast", "fundtracker.ui", "fundtracker.exports"),
        "forecast": ("fundtracker.store.tables", "fundtracker.ui", "sqlalchemy", "sqlmodel"),
    }
    offenders = []
    for layer, banned in rules.items():
        for path in (PACKAGE / layer).rglob("*.py"):
            for name in _imports(path):
                if name.startswith(banned):
                    offenders.append(f"{path.relative_to(PACKAGE)} imports {name}")
    assert offenders == []
