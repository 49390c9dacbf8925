"""A broken rule as a person reads it: the record by its name, the field by its label.

The domain's :class:`Problem` locates a rule by record kind, key and field path
(``stream 'donors': probability: …``), which is what the command line and JSON users
need. Everywhere a person reads a problem in the app, it names the field as the forms
label it ("Chance") and the record as people call it ("Donor campaign"), never a key or
an attribute name. The labels here are the ones the app's forms and tables show.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from fundtracker.domain.errors import Problem
from fundtracker.domain.records import Workspace
from fundtracker.services.names import record_name

_COMMON = {
    "key": "Key",
    "start": "Starts",
    "end": "Ends",
    "notes": "Notes",
    "priority": "Priority",
}

FIELD_LABELS: dict[str, dict[str, str]] = {
    "stream": {
        "name": "Name",
        "funder": "Funder",
        "kind": "Kind",
        "status": "Status",
        "probability": "Chance",
        "amount": "Amount",
        "schedule.type": "Schedule",
        "schedule.lag_days": "Reimbursement lag",
        "schedule.tranches": "Tranches",
        "restricted": "Restricted",
        "decision_date": "Decision",
        "outcomes": "Outcomes",
        "depend_on": "Depends on",
    },
    "position": {
        "title": "Title",
        "name": "Person",
        "fte": "FTE",
        "annual_salary": "Annual salary",
        "fringe_rate": "Fringe",
        "annual_raise": "Raise",
    },
    "expense": {
        "description": "Description",
        "category": "Category",
        "amount": "Amount",
        "recurrence": "Recurs",
    },
    "allocation": {
        "percent": "Share",
        "stream": "Funding stream",
        "cost": "Cost line",
    },
    "application": {
        "funder": "Funder",
        "program_title": "Program title",
        "stream": "Stream",
        "requested_amount": "Requested",
        "period_start": "Period starts",
        "period_end": "Period ends",
        "deadline": "Due",
        "status": "Status",
        "budget_years": "Budget years",
        "uniform_guidance": "Uniform Guidance",
        "negotiated_indirect_rate": "Negotiated indirect",
        "match_percent": "Match",
        "font": "Font",
        "font_size": "Font size",
        "line_spacing": "Line spacing",
        "sections": "Narrative section",
        "milestones": "Timeline",
        "program_income": "Program income",
        "assistance_listing": "Assistance Listing",
    },
    "deadline": {
        "title": "Title",
        "date": "Date",
        "kind": "Kind",
        "stream": "Stream",
        "application": "Application",
        "done": "Done",
    },
    "scenario": {
        "name": "Name",
        "overrides": "Changes",
    },
    "organization": {
        "name": "Name",
        "fiscal_year_start_month": "Fiscal year starts",
        "fringe_rate": "Fringe rate",
        "indirect_rate": "Indirect rate",
        "ein": "EIN",
        "uei": "UEI",
        "address": "Address",
        "contact_name": "Contact name",
        "contact_email": "Contact email",
        "contact_phone": "Contact phone",
    },
    "actual": {
        "date": "Date",
        "amount": "Amount",
        "stream": "Funding stream",
        "category": "Category",
        "memo": "Memo",
    },
}

KIND_NOUNS = {
    "stream": "Funding stream",
    "position": "Position",
    "expense": "Expense",
    "allocation": "Allocation",
    "scenario": "Scenario",
    "application": "Application",
    "text_block": "Text block",
    "deadline": "Deadline",
    "actual": "Spending",
    "organization": "Organization",
}

_INDEX = re.compile(r"\[(\d+)\]")


def field_label(kind: str, path: str, labels: Mapping[str, str] | None = None) -> str:
    """What a person calls the field at ``path`` of a ``kind`` record.

    ``labels`` (a page's own field labels, by path) come first; then the labels above.
    The longest labelled prefix names the field; a list item adds its line number
    ("outcomes[1].probability" → "Outcomes, line 2"). A path nobody labelled is said in
    words ("lag_days" → "lag days"), never as an attribute name.
    """
    if not path:
        return ""
    known = {**_COMMON, **FIELD_LABELS.get(kind, {}), **(labels or {})}
    for name in sorted(known, key=len, reverse=True):
        pattern = re.escape(name).replace(r"\.", r"(?:\[\d+\])?\.")
        match = re.match(rf"{pattern}(?:\[(\d+)\])?(?=$|\.)", path)
        if match is not None:
            line = match.group(1)
            return f"{known[name]}, line {int(line) + 1}" if line is not None else known[name]
    last = _INDEX.sub("", path).rsplit(".", 1)[-1]
    return last.replace("_", " ").capitalize()


def problem_line(problem: Problem, labels: Mapping[str, str] | None = None) -> str:
    """``Label: message`` (the record is understood from where it is shown)."""
    label = field_label(problem.kind, problem.field, labels)
    return f"{label}: {problem.message}" if label else problem.message


def describe(problem: Problem, workspace: Workspace | None = None, labels: Mapping[str, str] | None = None) -> str:
    """``Record name: Label: message`` — a problem shown away from its record."""
    return f"{subject(problem.kind, problem.key, workspace)}: {problem_line(problem, labels)}"


def describe_all(
    problems: Iterable[Problem], workspace: Workspace | None = None, labels: Mapping[str, str] | None = None
) -> str:
    """Several problems, each said once (a rule broken by many records is not repeated)."""
    lines: list[str] = []
    for problem in problems:
        line = describe(problem, workspace, labels)
        if line not in lines:
            lines.append(line)
    return "; ".join(lines)


def subject(kind: str, key: str, workspace: Workspace | None) -> str:
    """The record a problem is about, as people name it."""
    noun = KIND_NOUNS.get(kind, kind.replace("_", " ").capitalize())
    if not key or workspace is None:
        return noun if not key else f"{noun} {key}"
    if kind == "allocation":
        cost, _, rest = key.partition("->")
        stream = rest.split("@", 1)[0]
        cost_name = record_name(workspace, "cost", cost)
        return f"{cost_name} → {record_name(workspace, 'stream', stream)}" if stream else cost_name
    return record_name(workspace, kind, key)
