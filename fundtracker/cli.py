"""Command-line entry: ``fundtracker [WORKSPACE]`` opens the GUI; ``fundtracker COMMAND …`` runs headless.

Exit codes: 0 ok, 1 problems found or the command failed, 2 usage error. Errors go to
stderr as one line; ``--debug`` shows the traceback too.
"""

from __future__ import annotations

import argparse
import importlib
import io
import os
import sys
import traceback
from collections.abc import Sequence

from fundtracker import __version__
from fundtracker.commands import COMMAND_MODULES
from fundtracker.domain.errors import FundtrackerError, ValidationError
from fundtracker.domain.locations import hide_passwords, passwords_in

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        # The message may quote an argument: a server URL in it is shown without its password.
        print(f"{self.prog}: error: {hide_passwords(message)}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="fundtracker",
        description="Grant and funding tracker. With no command, opens the desktop app.",
        epilog="Run 'fundtracker COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"fundtracker {__version__}")
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument(
        "--database", metavar="URL", help="open a shared workspace on a database server (postgresql://…)"
    )
    parser.add_argument("--self-test", action="store_true", help="check this installation end to end and exit")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def run_command(argv: Sequence[str]) -> int:
    """Parse ``argv`` (a command is present) and run it, turning errors into one line."""
    parser = build_parser()
    args = parser.parse_args(list(argv))
    if args.self_test:
        from fundtracker.self_test import run_self_test

        return run_self_test()
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    # Passwords in server URLs given to this command: never printed, not even in a traceback.
    secrets = passwords_in([*argv, os.environ.get("FUNDTRACKER_DATABASE_URL", "")])

    def say(text: str) -> None:
        print(f"fundtracker: error: {hide_passwords(text, secrets)}", file=sys.stderr)

    def show_traceback() -> None:
        sys.stderr.write(hide_passwords(traceback.format_exc(), secrets))

    try:
        result: int = args.func(args)
        return result
    except BrokenPipeError:
        # The reader went away (`fundtracker runway … | head`): stop quietly, as Unix tools do.
        # Point stdout at /dev/null so the interpreter's final flush does not fail again.
        try:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except (OSError, ValueError, io.UnsupportedOperation):
            pass
        return EXIT_OK
    except ValidationError as exc:
        if args.debug:
            show_traceback()
        for problem in exc.problems:
            say(str(problem))
        return EXIT_PROBLEMS
    except (FundtrackerError, OSError) as exc:
        if args.debug:
            show_traceback()
        say(_one_line(exc))
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130
    except Exception:
        # A defect: the traceback as Python would print it (and the same exit code), passwords hidden.
        show_traceback()
        return EXIT_PROBLEMS


def _one_line(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename}: {exc.strerror or exc}"
    return " ".join(str(exc).split()) or type(exc).__name__


def build_parser_commands() -> set[str]:
    """The names of all commands (to tell ``fundtracker runway …`` from ``fundtracker WS``)."""
    parser = build_parser()
    names: set[str] = set()
    for action in parser._subparsers._group_actions if parser._subparsers else []:
        if isinstance(action, argparse._SubParsersAction):
            names.update(action.choices)
    return names
