"""Entry point: a command runs headless; no command (or just a workspace) opens the GUI."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """``fundtracker``: CLI commands, or the GUI when no command is given."""
    args = list(sys.argv[1:] if argv is None else argv)
    from fundtracker.cli import build_parser_commands, run_command

    if any(arg in build_parser_commands() for arg in args) or any(
        arg in ("-h", "--help", "--version", "--self-test") for arg in args
    ):
        return run_command(args)
    return gui_main(args)


def gui_main(argv: Sequence[str] | None = None) -> int:
    """Open the desktop app on a workspace (argument, --database, last used, or a new sample copy)."""
    args = list(sys.argv[1:] if argv is None else argv)
    from fundtracker.gui_launch import launch

    return launch(args)


if __name__ == "__main__":
    sys.exit(main())
