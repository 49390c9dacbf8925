"""``fundtracker export KIND …``: documents made from a workspace (PDF application, Excel budget).

Each module in :data:`EXPORT_MODULES` has ``register_export(subparsers)`` adding one
``export`` sub-command.
"""

from __future__ import annotations

import importlib
from typing import Any


def require_suffix(output: str, suffix: str, what: str) -> None:
    """Refuse ``-o report.xlsx`` for a PDF (and the like) before any work is done."""
    from fundtracker.domain.errors import InputError

    if not output.lower().endswith(suffix):
        raise InputError(f"{what} is written as {suffix}; name the file …{suffix}, e.g. out{suffix}", "-o")


EXPORT_MODULES: tuple[str, ...] = (
    "fundtracker.commands.export_application",
    "fundtracker.commands.export_budget",
    "fundtracker.commands.export_budget_detail",
    "fundtracker.commands.export_summary",
)


def register(subparsers: Any) -> None:
    if not EXPORT_MODULES:
        return
    export = subparsers.add_parser("export", help="export a PDF grant application, an Excel budget or a board summary")
    kinds = export.add_subparsers(dest="export_kind", metavar="KIND", required=True)
    for name in EXPORT_MODULES:
        importlib.import_module(name).register_export(kinds)
