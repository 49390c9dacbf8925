"""An application is awarded: its funding stream becomes secured money (created if it had none)."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from decimal import Decimal

from fundtracker.domain.errors import InputError, NotFoundError
from fundtracker.domain.money import format_dollars
from fundtracker.domain.records import Application, FundingStream, Schedule, Workspace
from fundtracker.services import changes as change
from fundtracker.services.changes import Step
from fundtracker.services.workspace import WorkspaceService


@dataclass(frozen=True)
class AwardChanges:
    """What recording an award changes: the stream (new, or before → after) and the application."""

    stream_before: FundingStream | None
    stream_after: FundingStream
    application_before: Application
    application_after: Application


def plan_award(workspace: Workspace, application_key: str, amount: int | None = None) -> AwardChanges:
    """The changes recording an award makes, without making them (the app makes them one undo step).

    The stream keeps its schedule (a reimbursement grant stays one); its amount, period, status and
    probability follow the award. An application without a stream gets a new one, paid by
    reimbursement (how federal awards pay), restricted, named after the program.

    Args:
        amount: the awarded amount in cents (default: the requested amount).

    Raises:
        NotFoundError: no such application.
        InputError: the application has no project period, or its stream is paid in tranches whose
            sum would no longer match (edit the tranches instead).
    """
    application: Application | None = workspace.find("application", application_key)
    if application is None:
        raise NotFoundError(f"no application with key {application_key!r}")
    if application.period_start is None or application.period_end is None:
        raise InputError("set the project period before recording the award", f"application {application_key!r}")
    awarded = application.requested_amount if amount is None else amount
    existing = workspace.stream(application.stream) if application.stream else None
    if existing is not None:
        if existing.schedule.type == "tranches" and awarded != existing.amount:
            raise InputError(
                f"is paid in tranches adding up to {format_dollars(existing.amount)}; edit the tranches to match "
                f"the award of {format_dollars(awarded)} instead",
                f"stream {existing.key!r}",
            )
        stream = dataclasses.replace(
            existing,
            amount=awarded,
            start=application.period_start,
            end=application.period_end,
            status="secured",
            probability=Decimal(1),
        )
    else:
        stream = FundingStream(
            key=_free_key(workspace, application.key),
            name=application.program_title,
            funder=application.funder,
            kind="federal_grant",
            amount=awarded,
            start=application.period_start,
            end=application.period_end,
            schedule=Schedule(type="reimbursement", lag_days=30),
            status="secured",
            probability=Decimal(1),
            restricted=True,
            notes=f"Awarded on application {application.key}.",
        )
    awarded_application = dataclasses.replace(application, status="awarded", stream=stream.key)
    return AwardChanges(existing, stream, application, awarded_application)


def award_steps(changes: AwardChanges) -> list[Step]:
    """The change that records the award: the stream created or updated, then the application."""
    before = changes.stream_before
    stream = change.create(changes.stream_after) if before is None else change.update(before, changes.stream_after)
    return [stream, change.update(changes.application_before, changes.application_after)]


def record_award(service: WorkspaceService, application_key: str, amount: int | None = None) -> FundingStream:
    """Mark the application awarded and make its stream secured money (see :func:`plan_award`).

    One change (one transaction, one audit group), the same the app's Record award makes.
    """
    changes = plan_award(service.load(), application_key, amount)
    service.apply(award_steps(changes))
    return changes.stream_after


def _free_key(workspace: Workspace, base: str) -> str:
    base = re.sub(r"[^A-Za-z0-9_.\-]", "_", base)[:60] or "award"
    taken = {s.key for s in workspace.streams}
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    return key
