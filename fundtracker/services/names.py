"""What people call records: names where the data has keys.

Keys stay what records refer to each other by (JSON, the CLI, the store); everything a person
reads in the app names a record by these functions instead. A new record's key is made from
its name (:func:`key_from_name`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Any

from fundtracker.domain.records import Expense, Position, Workspace

KEY_LENGTH = 24  # long enough to tell records apart, short enough to type on the command line


def position_name(position: Position, others: tuple[Position, ...] = ()) -> str:
    """A position as people name it: "Maria Peña (Client Advocate)"; an unfilled one by its title.

    Args:
        others: every position, so that two unfilled positions with one title are told apart by key.
    """
    if position.name:
        return f"{position.name} ({position.title})" if position.title else position.name
    same_title = sum(1 for other in others if not other.name and other.title == position.title)
    return f"{position.title} ({position.key})" if same_title > 1 or not position.title else position.title


def expense_name(expense: Expense) -> str:
    return expense.description or expense.key


def cost_line_names(workspace: Workspace) -> dict[str, str]:
    """Every position's and expense's name, by key."""
    names = {p.key: position_name(p, workspace.positions) for p in workspace.positions}
    names.update({e.key: expense_name(e) for e in workspace.expenses})
    return names


def record_name(workspace: Workspace, kind: str, key: str) -> str:
    """The name of record ``key`` of ``kind``; the key itself when there is no such record (deleted)."""
    if kind in ("position", "expense", "cost"):
        return cost_line_names(workspace).get(key, key)
    record = workspace.find(kind, key)
    return name_of(record) if record is not None else key


def name_of(record: Any) -> str:
    """A record's own name field: name, title, program title or description (else its key)."""
    if isinstance(record, Position):
        return position_name(record)
    for field in ("name", "program_title", "title", "description"):
        value = getattr(record, field, "")
        if isinstance(value, str) and value.strip():
            return value
    return str(getattr(record, "key", ""))


def names_by_key(workspace: Workspace, kind: str) -> dict[str, str]:
    """Every record of ``kind`` (stream, application …) named, by key."""
    if kind in ("position", "expense"):
        return cost_line_names(workspace)
    return {record.key: name_of(record) for record in workspace.records(kind)}


def key_from_name(name: str, taken: set[str] | frozenset[str], fallback: str = "item") -> str:
    """A key made from a name: lower case ASCII letters, digits and '_', unique among ``taken``.

    "COMBAT anti-crime tax" → "combat_anti_crime_tax"; "Maria Peña" → "maria_pena"; a second
    "Client Advocate" → "client_advocate_2".
    """
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    stem = re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")[:KEY_LENGTH].strip("_") or fallback
    if stem not in taken:
        return stem
    number = 2
    while f"{stem}_{number}" in taken:
        number += 1
    return f"{stem}_{number}"


def duplicate_names(names: dict[str, str]) -> set[str]:
    """Names shared by several keys (a picker shows their keys too, to tell them apart)."""
    counts = Counter(names.values())
    return {name for name, count in counts.items() if count > 1}


def labelled(names: dict[str, str]) -> dict[str, str]:
    """Names for a picker: each record's name, with its key only where two share a name."""
    shared = duplicate_names(names)
    return {key: f"{name} ({key})" if name in shared else name for key, name in names.items()}
