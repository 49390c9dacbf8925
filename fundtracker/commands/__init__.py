"""Headless CLI commands. Each module has ``register(subparsers)`` that adds its parser
and sets ``func`` to a ``run(args) -> int`` callable.

Modules are imported by :mod:`fundtracker.cli` from :data:`COMMAND_MODULES`; their heavy
imports (forecast, exporters) happen inside ``run`` so ``--help`` stays fast.
"""

COMMAND_MODULES = (
    "fundtracker.commands.workspace",
    "fundtracker.commands.runway",
    "fundtracker.commands.export",
    "fundtracker.commands.backup",
    "fundtracker.commands.award",
    "fundtracker.commands.draw",
    "fundtracker.commands.actuals",
    "fundtracker.commands.report_award",
    "fundtracker.commands.audit",
    "fundtracker.commands.effort",
    "fundtracker.commands.calendar",
    "fundtracker.commands.server",
)
