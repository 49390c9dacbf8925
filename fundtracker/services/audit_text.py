"""An audit entry in words: "COMBAT anti-crime tax allocation: amount $78,268.00 → $79,000.00".

Audit entries store each record before and after as its workspace JSON (keys, decimal strings,
rates as fractions). People read names, dollars and percents, so :func:`describe` names the
record, labels each changed field, prints values as the app shows them and names the records
a field refers to. The CLI and an export of the log can use it as the app does.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from fundtracker.domain.money import format_decimal, format_money, parse_money
from fundtracker.domain.records import AuditEntry, Workspace
from fundtracker.services.names import cost_line_names, names_by_key

TEXT_SHOWN = 60  # longer texts (notes, narrative) are said to have changed, not quoted


def _money(value: Any, _names: _Names) -> str:
    try:
        return format_money(parse_money(str(value)), symbol=True, grouping=True)
    except Exception:
        return str(value)


def _rate(value: Any, _names: _Names) -> str:
    try:
        return f"{format_decimal(Decimal(str(value)) * 100)}%"
    except InvalidOperation:
        return str(value)


def _percent(value: Any, _names: _Names) -> str:
    return f"{value}%"


def _choice(value: Any, _names: _Names) -> str:
    return str(value).replace("_", " ")


def _bool(value: Any, _names: _Names) -> str:
    return "yes" if value else "no"


def _text(value: Any, _names: _Names) -> str:
    text = str(value)
    return f"“{text}”" if len(text) <= TEXT_SHOWN and "\n" not in text else "(long text)"


class _Names:
    """Names of the records fields refer to, looked up once per entry."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.streams = names_by_key(workspace, "stream")
        self.costs = cost_line_names(workspace)
        self.applications = names_by_key(workspace, "application")

    def stream(self, key: Any) -> str:
        return self.streams.get(str(key), str(key))

    def cost(self, key: Any) -> str:
        return self.costs.get(str(key), str(key))


def _stream(value: Any, names: _Names) -> str:
    return names.stream(value)


def _cost(value: Any, names: _Names) -> str:
    return names.cost(value)


def _application(value: Any, names: _Names) -> str:
    return names.applications.get(str(value), str(value))


def _overrides(value: Any, names: _Names) -> str:
    if not value:
        return "none"
    return "; ".join(describe_override(override, names) for override in value)


def _override_subject(override: dict[str, Any]) -> tuple[str, ...]:
    """What a scenario change is about (a stream, a position, a share, an added position)."""
    if "add_position" in override:
        return ("add", str((override["add_position"] or {}).get("key", "")))
    if "cost" in override:
        return ("share", str(override["cost"]), str(override.get("stream")))
    if "stream" in override:
        return ("stream", str(override["stream"]))
    return ("position", str(override.get("position")))


def override_changes(old: Any, new: Any, names: _Names) -> list[str]:
    """How a scenario's changes changed, one phrase per stream or position they are about.

    "Community services fund: status declined → secured" rather than the whole list before and after.
    """
    before = {_override_subject(o): o for o in old or () if isinstance(o, dict)}
    after = {_override_subject(o): o for o in new or () if isinstance(o, dict)}
    phrases = []
    for subject, override in after.items():
        if subject not in before:
            phrases.append(f"adds {describe_override(override, names)}")
            continue
        was = before[subject]
        if was == override:
            continue
        name = describe_override(override, names).split(":", 1)[0]
        fields = [f for f in {**was, **override} if f not in ("stream", "position", "cost")]
        parts = [
            f"{FIELDS.get(f, (f.replace('_', ' '),))[0]} {_value(f, was.get(f), names)} → "
            f"{_value(f, override.get(f), names)}"
            for f in fields
            if was.get(f) != override.get(f)
        ]
        phrases.append(f"{name}: {', '.join(parts) or 'changed'}")
    phrases.extend(
        f"no longer {describe_override(override, names)}"
        for subject, override in before.items()
        if subject not in after
    )
    return phrases


def _count(what: str) -> Callable[[Any, _Names], str]:
    def count(value: Any, _names: _Names) -> str:
        number = len(value or ())
        return f"{number} {what}{'' if number == 1 else 's'}"

    return count


Formatter = Callable[[Any, _Names], str]
# JSON field → what people call it, and how its value reads.
FIELDS: dict[str, tuple[str, Formatter]] = {
    "amount": ("amount", _money),
    "annual_salary": ("annual salary", _money),
    "requested_amount": ("requested", _money),
    "probability": ("chance", _rate),
    "fringe_rate": ("fringe", _rate),
    "annual_raise": ("raise", _rate),
    "indirect_rate": ("indirect rate", _rate),
    "negotiated_indirect_rate": ("negotiated indirect rate", _rate),
    "percent": ("share", _percent),
    "match_percent": ("match", _percent),
    "fte": ("FTE", lambda value, _names: str(value)),
    "start": ("start", lambda value, _names: str(value)),
    "end": ("end", lambda value, _names: str(value)),
    "date": ("date", lambda value, _names: str(value)),
    "deadline": ("due", lambda value, _names: str(value)),
    "decision_date": ("decision", lambda value, _names: str(value)),
    "period_start": ("period start", lambda value, _names: str(value)),
    "period_end": ("period end", lambda value, _names: str(value)),
    "kind": ("kind", _choice),
    "status": ("status", _choice),
    "category": ("category", _choice),
    "recurrence": ("recurs", _choice),
    "restricted": ("restricted", _bool),
    "done": ("done", _bool),
    "stream": ("stream", _stream),
    "cost": ("cost line", _cost),
    "application": ("application", _application),
    "overrides": ("changes", _overrides),
    "sections": ("sections", _count("section")),
    "milestones": ("timeline", _count("milestone")),
    "tranches": ("tranches", _count("tranche")),
    "budget_justification": ("budget justification", _count("edited category")),
    "schedule": ("schedule", lambda value, _names: _choice((value or {}).get("type", ""), _names)),
    "fiscal_year_start_month": ("fiscal year starts (month)", lambda value, _names: str(value)),
    # an award's (domain.awards)
    "match_required": ("match required", _money),
    "match_streams": ("match streams", _count("match stream")),
    "versions": ("budget", _count("budget version")),
    "income": ("program income", _count("program income entry")),
    "obligations": ("unliquidated obligations", _count("obligation")),
    "draws": ("drawdowns", _count("drawdown request")),
    "indirect_type": ("indirect type", _choice),
    "program_income_election": ("program income", _choice),
    "payment_method": ("payment", _choice),
}
SUBJECT_FIELDS = ("name", "program_title", "title", "description")


def _value(field: str, value: Any, names: _Names) -> str:
    if value is None:
        return "none"
    if field not in FIELDS and isinstance(value, list):
        return f"{len(value)} {'entry' if len(value) == 1 else 'entries'}"
    if field not in FIELDS and isinstance(value, dict):
        return ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in value.items()) or "none"
    _label, formatter = FIELDS.get(field, (field, _text))
    return formatter(value, names)


def _label(field: str) -> str:
    return FIELDS.get(field, (field.replace("_", " "),))[0]


def describe_override(override: dict[str, Any], names: _Names) -> str:
    """One scenario change in words: "Community services fund: status declined"."""
    if "add_position" in override:
        added = override["add_position"] or {}
        return f"adds position {added.get('title') or added.get('key', '')}"
    if isinstance(override.get("priority"), dict):
        changed = override["priority"]
        rank = changed.get("priority")
        return f"{names.cost(changed.get('cost'))}: " + ("no priority" if rank is None else f"priority {rank}")
    if "cost" in override:
        share = f"{names.cost(override['cost'])}'s share of {names.stream(override.get('stream'))}"
        return f"{share}: {override.get('percent')}%"
    is_stream = "stream" in override
    subject = names.stream(override["stream"]) if is_stream else names.cost(override.get("position"))
    if override.get("drop"):
        return f"{subject}: left out"
    changes = [
        f"{FIELDS.get(field, (field,))[0]} {_value(field, value, names)}"
        for field, value in override.items()
        if field not in ("stream", "position", "drop") and value is not None
    ]
    if override.get("shift_months"):
        changes = [c for c in changes if not c.startswith("shift_months")]
        changes.append(f"moved {override['shift_months']} months")
    return f"{subject}: {', '.join(changes) or 'no change'}"


def _subject(entry: AuditEntry, record: dict[str, Any] | None, names: _Names) -> str:
    if entry.kind == "organization":
        return "Organization"
    if entry.kind == "position" and record is not None:
        title, name = record.get("title") or "", record.get("name") or ""
        return f"{name} ({title})" if name and title else name or title or entry.key
    if entry.kind == "allocation" and record is not None:
        return f"{names.cost(record.get('cost'))}'s share of {names.stream(record.get('stream'))}"
    if entry.kind == "account_category" and record is not None:
        return f"Account {_text(record.get('account', ''), names)} ({record.get('layout')} files)"
    if entry.kind == "actual" and record is not None:
        # A transaction has no name: its date, amount and what the books say it was.
        said = record.get("memo") or record.get("payee") or record.get("account") or ""
        words = f" {_text(said, names)}" if said else ""
        return f"Transaction {record.get('date')} {_money(record.get('amount'), names)}{words}"
    if record is not None:
        for field in SUBJECT_FIELDS:
            value = record.get(field)
            if isinstance(value, str) and value.strip():
                return value
    return entry.key


def _load(text: str | None) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


@dataclass(frozen=True)
class Explained:
    """An audit entry in words.

    Attributes:
        record: what it is about ("Maria Peña (Client Advocate)", "batch import-…", "months 2026-09..2026-10").
        change: the whole change in one line ("…: annual salary $52,000.00 → $53,000.00").
        before, after: the changed values before and after ("annual salary $52,000.00"; every
            value of a record added or deleted; "" where there was nothing).
    """

    record: str
    change: str
    before: str
    after: str


def _all_values(record: dict[str, Any], names: _Names) -> str:
    """Every value a record holds, labelled ("amount $78,268.00; chance 100%; …"), keys and blanks left out."""
    parts = []
    for field, value in record.items():
        if field == "key" or value in (None, "", [], {}):
            continue
        text = _overrides(value, names) if field == "overrides" else _value(field, value, names)
        parts.append(f"{_label(field)} {text}")
    return "; ".join(parts)


def _count_rows(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _rows(count: int) -> str:
    return f"{count:,} row{'' if count == 1 else 's'}"


def _not_a_record(entry: AuditEntry, old: Any, new: Any, names: _Names) -> Explained:
    """Imports, undone imports, period locks and whole-workspace replacements."""
    if entry.action == "import" and entry.kind == "actual":
        summary = new if isinstance(new, dict) else {}
        rows, total = _count_rows(summary.get("rows")), _money(summary.get("total", "0"), names)
        source = summary.get("source") or "a file"
        unassigned = _count_rows(summary.get("unassigned"))
        note = f"; {_rows(unassigned)} matched no funding stream" if unassigned else ""
        after = f"{_rows(rows)}, {total}"
        return Explained(
            f"batch {entry.key}", f"Imported {after} from {source} as batch {entry.key}{note}", "", after + note
        )
    if entry.action == "undo import":
        rows = _count_rows((old if isinstance(old, dict) else {}).get("rows"))
        return Explained(
            f"batch {entry.key}", f"Removed imported batch {entry.key} ({_rows(rows)})", _rows(rows), "removed"
        )
    if entry.kind == "period":
        months = entry.key.replace("..", " to ")
        state = {"lock": ("open", "locked"), "unlock": ("locked", "open")}.get(entry.action, ("", entry.action))
        return Explained(f"months {months}", f"Months {months}: {state[0]} → {state[1]}", *state)
    if entry.kind == "workspace":
        what = str(new if new is not None else old if old is not None else "").replace("_", " ")
        return Explained("workspace", f"Whole workspace replaced ({entry.action}): {what}", "", what)
    text = str(new if new is not None else old if old is not None else "")
    return Explained(entry.key, text, "" if old is None else str(old), "" if new is None else str(new))


def explain(entry: AuditEntry, workspace: Workspace, names: _Names | None = None) -> Explained:
    """What an audit entry changed, in words, naming records by the names in ``workspace``.

    Args:
        names: the workspace's names, looked up once for many entries (:func:`names_of`).
    """
    names = names or _Names(workspace)
    old, new = _load(entry.old), _load(entry.new)
    if entry.action in ("import", "undo import") or entry.kind in ("period", "workspace"):
        return _not_a_record(entry, old, new, names)
    if not isinstance(old, dict) and not isinstance(new, dict):
        return _not_a_record(entry, old, new, names)
    subject = _subject(entry, new if isinstance(new, dict) else old, names)
    if not isinstance(old, dict):
        return Explained(subject, f"{subject}: added", "", _all_values(new, names))
    if not isinstance(new, dict):
        return Explained(subject, f"{subject}: deleted", _all_values(old, names), "")
    changes, befores, afters = [], [], []
    for field in {**old, **new}:
        if old.get(field) == new.get(field):
            continue
        label = _label(field)
        if field == "overrides":
            changes.extend(override_changes(old.get(field), new.get(field), names))
            befores.append(f"{label} {_overrides(old.get(field), names)}")
            afters.append(f"{label} {_overrides(new.get(field), names)}")
            continue
        before, after = _value(field, old.get(field), names), _value(field, new.get(field), names)
        befores.append(f"{label} {before}")
        afters.append(f"{label} {after}")
        if before == after or "(long text)" in (before, after):
            changes.append(f"{label} changed")
        else:
            changes.append(f"{label} {before} → {after}")
    change = f"{subject}: {'; '.join(changes) if changes else 'no change'}"
    return Explained(subject, change, "; ".join(befores), "; ".join(afters))


def names_of(workspace: Workspace) -> _Names:
    """The names entries refer to, looked up once (for describing many entries)."""
    return _Names(workspace)


def describe(entry: AuditEntry, workspace: Workspace, names: _Names | None = None) -> str:
    """What an audit entry changed, in one line.

    Returns:
        "COMBAT anti-crime tax allocation: amount $78,268.00 → $79,000.00" for an update; "…: added"
        and "…: deleted" for the others; "Imported 24 rows, $1,234.56 from gl.csv as batch …" for an
        import; "Months 2026-09 to 2026-10: open → locked" for a lock.
    """
    return explain(entry, workspace, names).change
