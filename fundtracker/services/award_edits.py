"""Edits of an award: its terms, program income, unliquidated obligations and budget amendments.

Each function returns the one step (an update of the award record) that makes the change;
callers apply it with ``WorkspaceService.apply`` (audited, undoable), which validates the result
(a bad term is refused naming it).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from fundtracker.domain.awards import Award, BudgetAmount, BudgetVersion, Obligation, ProgramIncome
from fundtracker.domain.errors import InputError
from fundtracker.domain.records import Workspace
from fundtracker.services import changes
from fundtracker.services.award_summary import find_award
from fundtracker.services.changes import Step

# The terms ``--set FIELD=VALUE`` may change (the lists have their own edits).
TERMS = (
    "match_required",
    "match_streams",
    "indirect_rate",
    "indirect_type",
    "program_income_election",
    "payment_method",
    "financial_report_frequency",
    "financial_report_due_days",
    "final_report_due_days",
    "performance_report_frequency",
    "performance_report_due_days",
    "notes",
)


def terms_step(workspace: Workspace, key: str, values: dict[str, str]) -> Step:
    """Change terms of award ``key``: each value as the workspace JSON writes it (money and rates as text).

    ``match_streams`` is a comma-separated list of stream keys; whole numbers are digits.

    Raises:
        InputError: an unknown term, or a value that is not of its kind (naming ``--set FIELD``).
    """
    from fundtracker.store import json_format

    award = find_award(workspace, key)
    data = json_format.write_record(award)
    for name, text in values.items():
        if name not in TERMS:
            raise InputError(f"unknown term {name!r}; terms: {', '.join(TERMS)}", "--set")
        value: Any = text
        if name == "match_streams":
            value = [part.strip() for part in text.split(",") if part.strip()]
        elif name.endswith("_days"):
            if not text.strip().isdigit():
                raise InputError(f"must be a whole number of days, got {text!r}", f"--set {name}")
            value = int(text)
        data[name] = value
    try:
        changed: Award = json_format.read_record(Award, data, "--set")
    except InputError as exc:
        raise InputError(exc.message, (exc.field or "--set").replace("--set.", "--set ", 1)) from None
    return changes.update(award, changed)


def income_step(workspace: Workspace, key: str, day: date, amount: int, description: str = "") -> Step:
    """Record program income earned on ``day``."""
    award = find_award(workspace, key)
    entry = ProgramIncome(day, amount, description)
    return changes.update(award, dataclasses.replace(award, income=(*award.income, entry)))


def obligation_step(workspace: Workspace, key: str, day: date, amount: int, description: str = "") -> Step:
    """Record an unliquidated obligation (committed on ``day``, not yet paid)."""
    award = find_award(workspace, key)
    entry = Obligation(day, amount, description)
    return changes.update(award, dataclasses.replace(award, obligations=(*award.obligations, entry)))


def liquidation_step(workspace: Workspace, key: str, number: int) -> Step:
    """Remove obligation ``number`` (1 = the first listed): it was paid, so its spending is an actual now.

    Raises:
        InputError: no such obligation.
    """
    award = find_award(workspace, key)
    if not 1 <= number <= len(award.obligations):
        raise InputError(
            f"award {key!r} has {len(award.obligations)} unliquidated obligation(s); give 1–{len(award.obligations)}",
            "--number",
        )
    kept = award.obligations[: number - 1] + award.obligations[number:]
    return changes.update(award, dataclasses.replace(award, obligations=kept))


def amendment_step(
    workspace: Workspace,
    key: str,
    day: date,
    reason: str,
    amounts: tuple[BudgetAmount, ...],
    status: str = "requested",
) -> Step:
    """Add a budget version (an amendment) with the next number."""
    award = find_award(workspace, key)
    number = max((v.number for v in award.versions), default=-1) + 1
    version = BudgetVersion(number, day, status, reason, amounts)
    return changes.update(award, dataclasses.replace(award, versions=(*award.versions, version)))


def decision_step(workspace: Workspace, key: str, number: int, status: str) -> Step:
    """Mark budget version ``number`` approved or refused (version 0 stays approved)."""
    award = find_award(workspace, key)
    version = award.version(number)
    if version is None:
        known = ", ".join(str(v.number) for v in award.versions) or "none"
        raise InputError(f"award {key!r} has no budget version {number} (versions: {known})", "--version")
    decided = dataclasses.replace(version, status=status)
    versions = tuple(decided if v.number == number else v for v in award.versions)
    return changes.update(award, dataclasses.replace(award, versions=versions))
