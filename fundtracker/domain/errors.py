"""The small hierarchy of errors people can act on.

Every message names the field, row or path it is about, says what was wrong and
what is allowed. Front ends print ``str(error)``; they never show a traceback.
"""

from __future__ import annotations


class FundtrackerError(Exception):
    """Base of every error fundtracker raises on purpose."""


class InputError(FundtrackerError, ValueError):
    """A value typed or read from a file is not acceptable.

    Args:
        message: what is wrong and what is allowed.
        field: where the value came from (a field name, JSON path or row), if known.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        self.message = message
        self.field = field
        super().__init__(f"{field}: {message}" if field else message)

    def at(self, field: str) -> InputError:
        """Return the same error located at ``field`` (prefixing any inner location)."""
        inner = f"{field}.{self.field}" if self.field else field
        if self.field and self.field.startswith("["):
            inner = f"{field}{self.field}"
        return type(self)(self.message, inner)


class ValidationError(FundtrackerError):
    """One or more records break the rules; ``problems`` lists each one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


class Problem:
    """One broken rule: where (record kind, key, field) and what."""

    __slots__ = ("field", "key", "kind", "message")

    def __init__(self, kind: str, key: str, field: str, message: str) -> None:
        self.kind = kind
        self.key = key
        self.field = field
        self.message = message

    def __str__(self) -> str:
        where = f"{self.kind} {self.key!r}" if self.key else self.kind
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"

    def __repr__(self) -> str:
        return f"Problem({self.kind!r}, {self.key!r}, {self.field!r}, {self.message!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Problem) and str(self) == str(other)

    def __hash__(self) -> int:
        return hash(str(self))


class Cancelled(FundtrackerError):
    """Long work (an export, the probability) stopped because the person cancelled it."""


class NotFoundError(FundtrackerError):
    """A record named by key does not exist."""


class ConflictError(FundtrackerError):
    """An edit was based on a stale version of a record, or a key is taken."""


class WorkspaceError(FundtrackerError):
    """A workspace cannot be opened, upgraded or written."""
