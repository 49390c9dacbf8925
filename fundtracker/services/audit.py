"""The audit trail: who changed what, when, from which value to which."""

from __future__ import annotations

import getpass
import json
import os
import secrets
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from fundtracker.domain.records import AuditEntry
from fundtracker.store import json_format
from fundtracker.store.tables import AuditRow


def os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return os.environ.get("USERNAME") or "unknown"


def snapshot(record: Any) -> str | None:
    """A record as canonical JSON (how audit entries show old and new values)."""
    if record is None:
        return None
    return json.dumps(json_format.write_record(record), ensure_ascii=False, sort_keys=True)


def new_change_id() -> str:
    """An id shared by the audit entries of one change (unique without asking the database)."""
    return secrets.token_hex(8)


def record_change(session: Session, who: str, action: str, kind: str, key: str, old: Any, new: Any) -> None:
    """Record a change of one entry (a change of several: :class:`ChangeGroup`)."""
    ChangeGroup(session, who).record(action, kind, key, old, new)


class ChangeGroup:
    """The audit entries of one change: one time, one person, one ``change`` id.

    Args:
        session: the change's transaction.
        who: the person making it.
    """

    def __init__(self, session: Session, who: str) -> None:
        self.session = session
        self.who = who
        self.change = new_change_id()
        self.at = datetime.now(UTC)
        self.count = 0

    def record(self, action: str, kind: str, key: str, old: Any, new: Any) -> None:
        self.count += 1
        self.session.add(
            AuditRow(
                at=self.at,
                who=self.who,
                action=action,
                kind=kind,
                key=key,
                old_value=old if isinstance(old, str) or old is None else snapshot(old),
                new_value=new if isinstance(new, str) or new is None else snapshot(new),
                change=self.change,
            )
        )


def entries(
    session: Session, *, limit: int = 1000, kind: str | None = None, key: str | None = None
) -> list[AuditEntry]:
    """The newest entries first."""
    query = select(AuditRow).order_by(col(AuditRow.id).desc()).limit(limit)
    if kind is not None:
        query = query.where(AuditRow.kind == kind)
    if key is not None:
        query = query.where(AuditRow.key == key)
    return [
        AuditEntry(
            id=row.id or 0,
            when=row.at,
            who=row.who,
            action=row.action,
            kind=row.kind,
            key=row.key,
            old=row.old_value,
            new=row.new_value,
            change=row.change,
        )
        for row in session.exec(query).all()
    ]
