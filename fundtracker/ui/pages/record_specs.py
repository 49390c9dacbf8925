"""For each editable kind of record: its table model, its form's fields and a blank new record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from fundtracker.domain.records import (
    APPLICATION_FONTS,
    LINE_SPACINGS,
    PROCUREMENT_METHODS,
    UNIFORM_GUIDANCE_VERSIONS,
    Application,
    Deadline,
    Expense,
    FundingStream,
    Position,
    Workspace,
)
from fundtracker.services.glossary import definition, tooltip_for
from fundtracker.ui import fields as F
from fundtracker.ui.fields import Field
from fundtracker.ui.models.record_table import RecordTableModel
from fundtracker.ui.models.tables import (
    ApplicationTableModel,
    DeadlineTableModel,
    ExpenseTableModel,
    PositionTableModel,
    StreamTableModel,
)

NOTES = Field("notes", "Notes", F.LONG_TEXT, tooltip="Anything worth remembering about it.")


@dataclass(frozen=True)
class RecordSpec:
    """How one kind of record is listed, shown and created.

    Args:
        kind: the service's kind name.
        noun: what people call one ("funding stream").
        model: the table model class.
        form_fields: every field the detail form shows.
        blank: makes a new record with the given unused key.
        name_fields: the fields a new record's key is made from (the first one filled in).
    """

    kind: str
    noun: str
    model: type[RecordTableModel]
    form_fields: tuple[Field, ...]
    blank: Callable[[str], Any]
    name_fields: tuple[str, ...] = ()


def _first_of_month() -> date:
    return date.today().replace(day=1)


STREAM = RecordSpec(
    "stream",
    "funding stream",
    StreamTableModel,
    (
        *StreamTableModel.FIELDS,
        Field(
            "schedule.lag_days", "Reimbursement lag", F.INTEGER, tooltip=definition("Reimbursement lag"), unit="days"
        ),
        Field(
            "schedule.tranches",
            "Tranches",
            F.TRANCHES,
            tooltip=tooltip_for("For a tranches schedule: 'YYYY-MM-DD amount'.", "Tranche"),
        ),
        Field(
            "outcomes",
            "Outcomes",
            F.OUTCOMES,
            tooltip=(
                "How an uncertain stream may come in, instead of one chance: 'chance amount [+months late]' per "
                "line; the chances add up to at most 100% (the rest: declined). Only the odds use them."
            ),
        ),
        Field(
            "depend_on",
            "Depends on",
            F.DEPENDENCE,
            tooltip="'STREAM 80% 20%': this stream's chance if that stream comes in, and if it does not.",
        ),
        NOTES,
    ),
    lambda key: FundingStream(key=key, name="New funding stream", amount=0, start=_first_of_month()),
    ("name",),
)
POSITION = RecordSpec(
    "position",
    "position",
    PositionTableModel,
    (
        *PositionTableModel.FIELDS,
        Field(
            "fringe_components",
            "Fringe components",
            F.FRINGE_COMPONENTS,
            tooltip="Optional: the parts of this position's fringe rate (its own, else the organization's), "
            "one 'name rate%' per line, adding up to the rate.",
        ),
        NOTES,
    ),
    lambda key: Position(key=key, title="New position", annual_salary=0, start=_first_of_month()),
    ("name", "title"),
)
EXPENSE = RecordSpec(
    "expense",
    "expense",
    ExpenseTableModel,
    (
        *ExpenseTableModel.FIELDS,
        Field("purpose", "Purpose", F.LONG_TEXT, tooltip="For equipment: what the item is for (reviewers ask)."),
        Field(
            "procurement_method",
            "Procurement method",
            F.CHOICE,
            PROCUREMENT_METHODS,
            "For equipment: how it will be bought (2 CFR 200.320): micro-purchase, small purchase, sealed bids, "
            "competitive proposals or noncompetitive (sole source).",
        ),
        NOTES,
    ),
    lambda key: Expense(key=key, description="New expense", amount=0, start=_first_of_month()),
    ("description",),
)
APPLICATION = RecordSpec(
    "application",
    "application",
    ApplicationTableModel,
    (
        *ApplicationTableModel.FIELDS,
        Field(
            "budget_years",
            "Budget years",
            F.INTEGER,
            tooltip="How many budget years the application covers (1–5).",
            unit="years",
        ),
        Field(
            "uniform_guidance",
            "Uniform Guidance",
            F.CHOICE,
            UNIFORM_GUIDANCE_VERSIONS,
            tooltip_for(
                "2024: awards from 2024-10-01 (15% de minimis, $10,000 equipment); 2014: before.", "Uniform Guidance"
            ),
        ),
        Field(
            "negotiated_indirect_rate",
            "Negotiated indirect",
            F.OPTIONAL_RATE,
            tooltip=tooltip_for(tooltip_for("Empty for de minimis.", "Indirect costs"), "De minimis"),
        ),
        Field("match_percent", "Match", F.PERCENT, tooltip=definition("Match")),
        Field(
            "match_streams",
            "Match streams",
            F.STREAM_KEYS,
            tooltip="The match from real sources: keys of non-federal streams, separated by commas; what the plan "
            "charges them in the project period is the non-federal share, line by line (instead of Match %).",
        ),
        Field(
            "assistance_listing",
            "Assistance Listing",
            tooltip="The funder's Assistance Listing number (formerly CFDA), e.g. 16.123; on the SF-424 and SF-424A.",
        ),
        Field(
            "program_income",
            "Program income",
            F.MONEY,
            tooltip="Income the project expects to earn (fees, sales); SF-424A Section B line 7.",
        ),
        Field(
            "font",
            "Font",
            F.CHOICE,
            APPLICATION_FONTS,
            "Typeface of the PDF and DOCX: sans = DejaVu Sans, serif = DejaVu Serif.",
        ),
        Field("font_size", "Font size", F.INTEGER, tooltip="Narrative text size: 10, 11 or 12 points.", unit="pt"),
        Field(
            "line_spacing",
            "Line spacing",
            F.CHOICE,
            LINE_SPACINGS,
            "Narrative line spacing: single, 1.5 or double (DOJ asks for 12 pt, double-spaced narratives). "
            "Page limits are checked on the pages laid out this way.",
        ),
        NOTES,
    ),
    lambda key: Application(key=key, funder="", program_title="New application"),
    ("program_title",),
)
DEADLINE = RecordSpec(
    "deadline",
    "deadline",
    DeadlineTableModel,
    (*DeadlineTableModel.FIELDS, NOTES),
    lambda key: Deadline(key=key, title="New deadline", date=date.today()),
    ("title",),
)


def taken_keys(workspace: Workspace, kind: str) -> set[str]:
    """Keys a new record of ``kind`` may not take (positions and expenses share theirs: cost lines)."""
    taken = {r.key for r in workspace.records(kind)}
    if kind in ("position", "expense"):
        taken |= workspace.cost_keys()
    return taken


def unused_key(workspace: Workspace, kind: str, stem: str) -> str:
    """``stem-1``, ``stem-2`` … the first not taken by a record of ``kind`` (or a cost line)."""
    taken = {r.key for r in workspace.records(kind)}
    if kind in ("position", "expense"):
        taken |= workspace.cost_keys()
    number = 1
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"
