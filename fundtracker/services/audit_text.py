"""An audit entry in words: "COMBAT anti-crime tax allocation: amount $78,268.00 → $79,000.00".

Audit entries store each record before and after as its workspace JSON (keys, decimal strings,
rates as fractions). People read names, dollars and percents, so :func:`describe` names the
record, labels each changed field, prints values as the app shows them and names the records
a field refers to. The CLI and an export of the log can use it as the app does.
"""

from __future__ import annotations

import json
from collections.abc import Callable
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
    _label, formatter = FIELDS.get(field, (field, _text))
    return formatter(value, names)


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


def describe(entry: AuditEntry, workspace: Workspace) -> str:
    """What an audit entry changed, in words, naming records by the names in ``workspace``.

    Returns:
        "COMBAT anti-crime tax allocation: amount $78,268.00 → $79,000.00" for an update; "…: added"
        and "…: deleted" for the others; entries that are not about one record (imports, period
        locks) as they were recorded.
    """
    old, new = _load(entry.old), _load(entry.new)
    names = _Names(workspace)
    if not isinstance(old, dict) and not isinstance(new, dict):
        return str(new if new is not None else old if old is not None else "")
    subject = _subject(entry, new if isinstance(new, dict) else old, names)
    if entry.action in ("import", "undo import"):
        return str(entry.new or entry.old or "")
    if not isinstance(old, dict):
        return f"{subject}: added"
    if not isinstance(new, dict):
        return f"{subject}: deleted"
    changes = []
    for field in new:
        if old.get(field) == new.get(field):
            continue
        label = FIELDS.get(field, (field.replace("_", " "),))[0]
        before, after = _value(field, old.get(field), names), _value(field, new.get(field), names)
        if before == after or "(long text)" in (before, after):
            changes.append(f"{label} changed")
        else:
            changes.append(f"{label} {before} → {after}")
    return f"{subject}: {'; '.join(changes) if changes else 'no change'}"
