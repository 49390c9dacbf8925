"""Time and effort for people and commands: certify, compare, and reallocate as one change.

The rules are :mod:`fundtracker.domain.effort`; this module turns them into steps for
:meth:`WorkspaceService.apply <fundtracker.services.workspace.WorkspaceService.apply>` (atomic,
audited, undoable) and into the month-by-month view the page, the CLI and the dashboard show.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from fundtracker.domain.effort import EffortMonth, active_months, effort_month, proposed_allocations
from fundtracker.domain.errors import NotFoundError
from fundtracker.domain.months import MonthIndex, month_index
from fundtracker.domain.records import EffortCertification, Position, Workspace
from fundtracker.services import changes
from fundtracker.services.changes import Step


def _position(workspace: Workspace, key: str) -> Position:
    position: Position | None = workspace.find("position", key)
    if position is None:
        raise NotFoundError(f"no position with key {key!r}")
    return position


def certify_steps(workspace: Workspace, certification: EffortCertification) -> list[Step]:
    """Record a certification (replacing the month's earlier one, if any)."""
    _position(workspace, certification.position)
    earlier = workspace.find("effort", certification.key)
    return [changes.update(earlier, certification) if earlier else changes.create(certification)]


def reallocation_steps(workspace: Workspace, position_key: str, month: str) -> list[Step]:
    """The steps that make the month's charges equal its certification (one undoable change)."""
    position = _position(workspace, position_key)
    certification = workspace.find("effort", f"{position_key}@{month}")
    if certification is None:
        raise NotFoundError(f"{position.title} has no effort certified for {month}")
    removed, added = proposed_allocations(position, workspace.allocations, certification)
    by_key = {a.key: a for a in added}
    steps: list[Step] = []
    for allocation in removed:
        replacement = by_key.pop(allocation.key, None)
        if replacement is None:
            steps.append(changes.delete(allocation))
        elif replacement != allocation:
            steps.append(changes.update(allocation, replacement))
    steps += [changes.create(a) for a in by_key.values()]
    return steps


def effort_months(
    workspace: Workspace,
    start: MonthIndex,
    end: MonthIndex,
    as_of: date,
    positions: Iterable[str] | None = None,
) -> list[EffortMonth]:
    """Every position's months from ``start`` to ``end``, charged beside certified (by position, month)."""
    wanted = None if positions is None else set(positions)
    federal = federal_streams(workspace)
    result = []
    for position in sorted(workspace.positions, key=lambda p: p.key):
        if wanted is not None and position.key not in wanted:
            continue
        for month in active_months(position, start, end):
            result.append(effort_month(position, workspace.allocations, workspace.efforts, month, as_of, federal))
    return result


def federal_streams(workspace: Workspace) -> frozenset[str]:
    """The streams whose salary charges need effort certified (2 CFR 200.430 covers federal awards)."""
    return frozenset(s.key for s in workspace.streams if s.kind == "federal_grant")


def flagged_months(workspace: Workspace, as_of: date, *, months_back: int = 12) -> list[EffortMonth]:
    """Months of the last ``months_back`` up to the as-of month that need attention (the dashboard's list)."""
    end = month_index(as_of)
    return [m for m in effort_months(workspace, end - months_back + 1, end, as_of) if m.flags]
