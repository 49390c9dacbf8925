"""The audit trail as rows people read: for the CLI (``fundtracker audit``) and the Audit log page's export.

Each row is one audit entry in words (:func:`fundtracker.services.audit_text.explain`): when (UTC),
who, what they did, to which record (by name), the change in one line, and the changed values
before and after. Rows are oldest first, as a trail is read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass
from datetime import date

from fundtracker.domain.errors import InputError
from fundtracker.domain.records import KINDS, AuditEntry, Workspace
from fundtracker.services.audit_text import explain, names_of

HEADERS = ("When (UTC)", "Who", "Action", "Kind", "Record", "Change", "Before", "After")
FIELDS = ("when", "who", "action", "kind", "record", "change", "before", "after")
# The kinds an entry can be about: records, and the entries that are not about one record.
ENTRY_KINDS = (*KINDS, "organization", "period", "workspace")
ACTION_WORDS = {"create": "add", "update": "change", "delete": "delete"}


@dataclass(frozen=True)
class AuditLine:
    when: str
    who: str
    action: str
    kind: str
    record: str
    change: str
    before: str
    after: str

    def cells(self) -> tuple[str, ...]:
        return astuple(self)

    def as_dict(self) -> dict[str, str]:
        return dict(zip(FIELDS, self.cells(), strict=True))


def parse_kind(text: str | None) -> str | None:
    """``--kind``: a kind an entry is about (stream, position, actual, period …), or None for all."""
    if text is None:
        return None
    kind = text.strip().lower().replace(" ", "_").replace("-", "_")
    if kind.endswith("s") and kind[:-1] in ENTRY_KINDS:
        kind = kind[:-1]  # "streams" as well as "stream"
    if kind not in ENTRY_KINDS:
        raise InputError(f"no entries are of kind {text!r}; kinds: {', '.join(ENTRY_KINDS)}", "--kind")
    return kind


def audit_lines(
    entries: Iterable[AuditEntry], workspace: Workspace, *, since: date | None = None, kind: str | None = None
) -> list[AuditLine]:
    """The entries in words, oldest first, naming records as ``workspace`` names them today.

    Args:
        since: only entries made on or after this day (UTC).
        kind: only entries about records of this kind (:func:`parse_kind`).
    """
    names = names_of(workspace)
    chosen = sorted(
        (e for e in entries if (since is None or e.when.date() >= since) and (kind is None or e.kind == kind)),
        key=lambda e: e.id,
    )
    lines = []
    for entry in chosen:
        words = explain(entry, workspace, names)
        lines.append(
            AuditLine(
                when=f"{entry.when:%Y-%m-%d %H:%M:%S}",
                who=entry.who,
                action=ACTION_WORDS.get(entry.action, entry.action),
                kind=entry.kind.replace("_", " "),
                record=words.record,
                change=words.change,
                before=words.before,
                after=words.after,
            )
        )
    return lines


def matching(lines: Sequence[AuditLine], text: str) -> list[AuditLine]:
    """The lines holding ``text`` in any column (case ignored), as the page's Find box filters."""
    wanted = text.strip().casefold()
    if not wanted:
        return list(lines)
    return [line for line in lines if any(wanted in cell.casefold() for cell in line.cells())]


def table_text(lines: Sequence[AuditLine]) -> str:
    """The lines as a plain-text table for a terminal: when, who, action, kind, change."""
    out = [f"{'When (UTC)':<19}  {'Who':<12} {'Action':<11} {'Kind':<11} Change"]
    out.extend(f"{line.when:<19}  {line.who:<12} {line.action:<11} {line.kind:<11} {line.change}" for line in lines)
    return "\n".join(out)
