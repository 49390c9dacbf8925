"""An application is awarded: its funding stream becomes secured money (created if it had none).

The same change creates the award record (:mod:`fundtracker.domain.awards`, key = the
application's): version 0 of its approved budget is the application's budget at award
(:mod:`fundtracker.services.award_terms`). Recording an award already recorded keeps its record
(versions, draws …) and points it at the stream the award now pays through.

Recording an award changes the application's stream (amount, period, status). When that stream
is also another application's, or pays for allocations the new period would leave out, the plan
says so (:attr:`AwardChanges.concerns`) and the award can get a stream of its own instead
(``new_stream``); the CLI and the app never rewrite such a stream without being told to.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from fundtracker.domain.awards import Award
from fundtracker.domain.errors import InputError, NotFoundError
from fundtracker.domain.money import format_decimal, format_dollars
from fundtracker.domain.records import Allocation, Application, FundingStream, Schedule, Workspace
from fundtracker.services import changes as change
from fundtracker.services.award_terms import new_award
from fundtracker.services.changes import Step
from fundtracker.services.workspace import WorkspaceService


@dataclass(frozen=True)
class AwardChanges:
    """What recording an award changes: the stream (new, or before → after) and the application.

    Attributes:
        other_applications: other applications whose stream is the one the award rewrites.
        allocations_outside: allocations of that stream charging days inside its old period that
            fall outside the new one.
        stream_kept: with a new stream for the award, the application's old stream, left as it is.
        award_before, award_after: the award record before (None: a new one) and after.
    """

    stream_before: FundingStream | None
    stream_after: FundingStream
    application_before: Application
    application_after: Application
    other_applications: tuple[Application, ...] = ()
    allocations_outside: tuple[Allocation, ...] = ()
    stream_kept: FundingStream | None = None
    award_before: Award | None = None
    award_after: Award | None = None

    @property
    def shared(self) -> bool:
        """Whether rewriting the stream changes what others rely on (say so, offer a new stream)."""
        return bool(self.other_applications or self.allocations_outside)

    def stream_changes(self) -> list[str]:
        """What changes on the existing stream ("amount $450,000 → $400,000" …); empty for a new one."""
        before, after = self.stream_before, self.stream_after
        if before is None:
            return []
        lines = []
        if before.amount != after.amount:
            lines.append(f"amount {format_dollars(before.amount)} → {format_dollars(after.amount)}")
        if (before.start, before.end) != (after.start, after.end):
            lines.append(f"period {_period(before.start, before.end)} → {_period(after.start, after.end)}")
        if before.status != after.status:
            lines.append(f"status {before.status} → {after.status}")
        if before.probability != after.probability:
            lines.append(f"probability {before.probability} → {after.probability}")
        return lines

    def concerns(self) -> list[str]:
        """Who else the rewrite touches, one line each."""
        stream = self.stream_after.key
        lines = [
            f"application {a.key!r} ({a.program_title}) also uses stream {stream!r}" for a in self.other_applications
        ]
        lines += [
            f"allocation {a.key!r} ({_period(a.start, a.end)}) would fall outside the new period"
            for a in self.allocations_outside
        ]
        return lines

    def report(self) -> str:
        """The plan for people: what is created or what changes, then the concerns."""
        after = self.stream_after
        if self.stream_before is None:
            lines = [
                f"new stream {after.key!r} ({after.name}): {format_dollars(after.amount)}, "
                f"{_period(after.start, after.end)}, secured"
            ]
        else:
            lines = [f"stream {after.key!r} ({after.name}): " + ("; ".join(self.stream_changes()) or "no change")]
        kept = self.stream_kept
        if kept is not None:
            lines.append(
                f"stream {kept.key!r} stays as it is ({kept.status}, probability {kept.probability}); "
                "decline or edit it if it stood for this application only"
            )
        award = self.award_after
        if award is not None and self.award_before is None:
            version = award.versions[0] if award.versions else None
            budget = format_dollars(version.federal_total) if version is not None else "$0"
            lines.append(
                f"new award {award.key!r}: budget version 0 from the application (federal {budget}, match "
                f"{format_dollars(award.match_required)}), {award.payment_method}, indirect "
                f"{format_decimal(award.indirect_rate * 100)}% ({award.indirect_type.replace('_', ' ')})"
            )
        lines += self.concerns()
        return "\n".join(lines)


def plan_award(
    workspace: Workspace,
    application_key: str,
    amount: int | None = None,
    *,
    new_stream: bool = False,
    on: date | None = None,
) -> AwardChanges:
    """The changes recording an award makes, without making them.

    The stream keeps its schedule (a reimbursement grant stays one); its amount, period, status and
    probability follow the award. An application without a stream (or with ``new_stream``) gets a
    new one, restricted, named after the program: paid by reimbursement (how federal awards pay),
    or on the old stream's terms (funder, kind, schedule) when it had one.

    Args:
        amount: the awarded amount in cents (default: the requested amount).
        new_stream: give the award a stream of its own and leave the application's stream as it is.
        on: the day of the award (version 0's date); default: the start of the project period.

    Raises:
        NotFoundError: no such application.
        InputError: the application has no project period, or its stream is paid in tranches whose
            sum would no longer match (edit the tranches, or record the award on a new stream).
    """
    application: Application | None = workspace.find("application", application_key)
    if application is None:
        raise NotFoundError(f"no application with key {application_key!r}")
    if application.period_start is None or application.period_end is None:
        raise InputError("set the project period before recording the award", f"application {application_key!r}")
    awarded = application.requested_amount if amount is None else amount
    existing = workspace.stream(application.stream) if application.stream else None
    if existing is not None and not new_stream:
        if existing.schedule.type == "tranches" and awarded != existing.amount:
            raise InputError(
                f"is paid in tranches adding up to {format_dollars(existing.amount)}; edit the tranches to match "
                f"the award of {format_dollars(awarded)}, or record the award on a new stream",
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
        others = tuple(a for a in workspace.applications if a.stream == existing.key and a.key != application.key)
        outside = tuple(
            a
            for a in workspace.allocations
            if a.stream == existing.key and _leaves_out(a, _cost_window(workspace, a.cost), existing, stream)
        )
        awarded_application = dataclasses.replace(application, status="awarded", stream=stream.key)
        plan = AwardChanges(existing, stream, application, awarded_application, others, outside)
        return _with_award(plan, workspace, on)
    terms = existing
    schedule = Schedule(type="reimbursement", lag_days=30)
    if terms is not None and terms.schedule.type != "tranches":
        schedule = terms.schedule
    stream = FundingStream(
        key=_free_key(workspace, application.key),
        name=application.program_title,
        funder=terms.funder if terms is not None else application.funder,
        kind=terms.kind if terms is not None else "federal_grant",
        amount=awarded,
        start=application.period_start,
        end=application.period_end,
        schedule=schedule,
        status="secured",
        probability=Decimal(1),
        restricted=True,
        notes=f"Awarded on application {application.key}.",
    )
    awarded_application = dataclasses.replace(application, status="awarded", stream=stream.key)
    return _with_award(
        AwardChanges(None, stream, application, awarded_application, stream_kept=existing), workspace, on
    )


def _with_award(plan: AwardChanges, workspace: Workspace, on: date | None) -> AwardChanges:
    """The plan with the award record it creates (or the existing one, on the award's stream)."""
    application = plan.application_before
    before: Award | None = workspace.find("award", application.key)
    if before is not None:
        after = dataclasses.replace(before, stream=plan.stream_after.key)
    else:
        day = on or application.period_start or plan.stream_after.start
        after = new_award(workspace, application, plan.stream_after, day)
    return dataclasses.replace(plan, award_before=before, award_after=after)


def award_steps(changes: AwardChanges) -> list[Step]:
    """The change that records the award: the stream created or updated, the application, the award."""
    before = changes.stream_before
    stream = change.create(changes.stream_after) if before is None else change.update(before, changes.stream_after)
    steps = [stream, change.update(changes.application_before, changes.application_after)]
    award = changes.award_after
    if award is not None and award != changes.award_before:
        steps.append(
            change.create(award) if changes.award_before is None else change.update(changes.award_before, award)
        )
    return steps


def record_award(
    service: WorkspaceService,
    application_key: str,
    amount: int | None = None,
    *,
    new_stream: bool = False,
    on: date | None = None,
) -> FundingStream:
    """Mark the application awarded, make its stream secured money and create the award record.

    One change (one transaction, one audit group), the same the app's Record award makes (see
    :func:`plan_award`).
    """
    changes = plan_award(service.load(), application_key, amount, new_stream=new_stream, on=on)
    service.apply(award_steps(changes))
    return changes.stream_after


def _cost_window(workspace: Workspace, cost: str) -> tuple[date, date]:
    """The days a cost line can be charged: a position's or expense's period (a one-off: its month)."""
    line = workspace.find("position", cost) or workspace.find("expense", cost)
    if line is None:
        return date.min, date.max
    if getattr(line, "recurrence", None) == "once":
        next_month = date(line.start.year + line.start.month // 12, line.start.month % 12 + 1, 1)
        return line.start, next_month - timedelta(days=1)
    return line.start, line.end or date.max


def _leaves_out(allocation: Allocation, window: tuple[date, date], old: FundingStream, new: FundingStream) -> bool:
    """Whether the allocation charges a day inside the old period that is outside the new one.

    Args:
        window: the days its cost line can be charged at all (:func:`_cost_window`).
    """
    start = max(allocation.start or date.min, old.start, window[0])
    end = min(allocation.end or date.max, old.end or date.max, window[1])
    if start > end:
        return False  # it never charged the stream inside its period
    return start < new.start or end > (new.end or date.max)


def _period(start: date | None, end: date | None) -> str:
    return f"{start.isoformat() if start else 'open'} – {end.isoformat() if end else 'open'}"


def _free_key(workspace: Workspace, base: str) -> str:
    base = re.sub(r"[^A-Za-z0-9_.\-]", "_", base)[:60] or "award"
    taken = {s.key for s in workspace.streams}
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    return key
