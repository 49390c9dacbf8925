"""The record tables: streams, positions, expenses, applications, deadlines."""

from __future__ import annotations

from fundtracker.domain.records import (
    APPLICATION_STATUSES,
    DEADLINE_KINDS,
    EXPENSE_CATEGORIES,
    RECURRENCES,
    SCHEDULE_TYPES,
    STREAM_KINDS,
    STREAM_STATUSES,
)
from fundtracker.services.glossary import definition, tooltip_for
from fundtracker.services.names import labelled, names_by_key
from fundtracker.ui import fields as F
from fundtracker.ui.fields import Field
from fundtracker.ui.models.priority_drag import PriorityDragMixin
from fundtracker.ui.models.record_table import RecordTableModel

PRIORITY = Field(
    "priority",
    "Priority",
    F.OPTIONAL_INTEGER,
    tooltip=tooltip_for("Empty: after every cost with a priority.", "Priority"),
)
KEY_TIP = "A short unique name other records use to refer to this one: letters, digits, '_', '.' or '-'."


class StreamTableModel(RecordTableModel):
    """Funding streams: where the money comes from."""

    KIND = "stream"
    (
        COL_KEY,
        COL_NAME,
        COL_FUNDER,
        COL_KIND,
        COL_STATUS,
        COL_PROBABILITY,
        COL_AMOUNT,
        COL_START,
        COL_END,
        COL_SCHEDULE,
        COL_RESTRICTED,
        COL_DECISION,
    ) = range(12)
    FIELDS = (
        Field("key", "Key", tooltip=KEY_TIP),
        Field("name", "Name", tooltip="What the money is called."),
        Field("funder", "Funder", tooltip="Who gives the money."),
        Field("kind", "Kind", F.CHOICE, STREAM_KINDS, "Tax levy, grant, appropriation, donation …"),
        Field(
            "status",
            "Status",
            F.CHOICE,
            STREAM_STATUSES,
            tooltip_for(
                tooltip_for(
                    "Secured money counts in every view; pending, contested and prospect money only in the "
                    "expected view.",
                    "Expected",
                ),
                "Pending, contested, prospect",
            ),
        ),
        Field("probability", "Chance", F.RATE, tooltip=definition("Chance")),
        Field("amount", "Amount", F.MONEY, tooltip='The whole award, in dollars ("78,268" or "78268.00").'),
        Field("start", "Starts", F.DATE, tooltip="First day the money may pay for costs (YYYY-MM-DD)."),
        Field("end", "Ends", F.OPTIONAL_DATE, tooltip="Last day it may pay for costs; empty for no end."),
        Field("schedule.type", "Schedule", F.CHOICE, SCHEDULE_TYPES, "How the cash arrives."),
        Field("restricted", "Restricted", F.BOOL, tooltip=definition("Restricted")),
        Field("decision_date", "Decision", F.OPTIONAL_DATE, tooltip="When the funder decides (if still open)."),
    )


class PositionTableModel(PriorityDragMixin, RecordTableModel):
    """Staff positions (cost lines with salary and fringe)."""

    KIND = "position"
    COL_KEY, COL_TITLE, COL_NAME, COL_FTE, COL_SALARY, COL_FRINGE, COL_RAISE, COL_START, COL_END, COL_PRIORITY = range(
        10
    )
    FIELDS = (
        Field("key", "Key", tooltip=KEY_TIP),
        Field("title", "Title", tooltip="The job title."),
        Field("name", "Person", tooltip="Who holds the position (optional)."),
        Field("fte", "FTE", F.DECIMAL, tooltip=tooltip_for("From 0 to 1.5.", "FTE"), unit="FTE"),
        Field("annual_salary", "Annual salary", F.MONEY, tooltip="Salary for a full year at this FTE's base."),
        Field(
            "fringe_rate",
            "Fringe",
            F.OPTIONAL_RATE,
            tooltip=tooltip_for("Empty uses the organization's rate.", "Fringe"),
        ),
        Field("annual_raise", "Raise", F.RATE, tooltip="Raise at the start of each fiscal year after the first."),
        Field("start", "Starts", F.DATE, tooltip="First day of the position (YYYY-MM-DD)."),
        Field("end", "Ends", F.OPTIONAL_DATE, tooltip="Last day; empty when open-ended."),
        PRIORITY,
    )


class ExpenseTableModel(PriorityDragMixin, RecordTableModel):
    """Non-personnel costs."""

    KIND = "expense"
    COL_KEY, COL_DESCRIPTION, COL_CATEGORY, COL_AMOUNT, COL_RECURRENCE, COL_START, COL_END, COL_PRIORITY = range(8)
    FIELDS = (
        Field("key", "Key", tooltip=KEY_TIP),
        Field("description", "Description", tooltip="What the money buys."),
        Field("category", "Category", F.CHOICE, EXPENSE_CATEGORIES, "SF-424A object class."),
        Field("amount", "Amount", F.MONEY, tooltip="Cost each time it recurs."),
        Field("recurrence", "Recurs", F.CHOICE, RECURRENCES, "Monthly, once a year from the start, or once."),
        Field("start", "Starts", F.DATE, tooltip="First month it costs (YYYY-MM-DD)."),
        Field("end", "Ends", F.OPTIONAL_DATE, tooltip="Last day; empty when open-ended."),
        PRIORITY,
    )


class ApplicationTableModel(RecordTableModel):
    """Grant applications."""

    KIND = "application"
    COL_KEY, COL_FUNDER, COL_TITLE, COL_STREAM, COL_REQUESTED, COL_START, COL_END, COL_DEADLINE, COL_STATUS = range(9)
    FIELDS = (
        Field("key", "Key", tooltip=KEY_TIP),
        Field("funder", "Funder", tooltip="Who the application goes to."),
        Field("program_title", "Program title", tooltip="The title of the proposed program."),
        Field("stream", "Stream", F.OPTIONAL_CHOICE, tooltip="The funding stream this application would bring."),
        Field("requested_amount", "Requested", F.MONEY, tooltip="The amount asked for."),
        Field("period_start", "Period starts", F.OPTIONAL_DATE, tooltip="First day of the award period."),
        Field("period_end", "Period ends", F.OPTIONAL_DATE, tooltip="Last day of the award period."),
        Field("deadline", "Due", F.OPTIONAL_DATE, tooltip="When the application is due."),
        Field("status", "Status", F.CHOICE, APPLICATION_STATUSES, "Drafting, submitted, awarded or declined."),
    )

    def choices(self, field: Field) -> tuple[str, ...]:
        if field.name == "stream":
            return tuple(s.key for s in self.session.workspace.streams)
        return field.choices

    def choice_labels(self, field: Field) -> dict[str, str]:
        return labelled(names_by_key(self.session.workspace, "stream")) if field.name == "stream" else {}


class DeadlineTableModel(RecordTableModel):
    """Deadlines: applications due, reports, decisions, renewals."""

    KIND = "deadline"
    COL_KEY, COL_TITLE, COL_DATE, COL_KIND, COL_STREAM, COL_APPLICATION, COL_DONE = range(7)
    FIELDS = (
        Field("key", "Key", tooltip=KEY_TIP),
        Field("title", "Title", tooltip="What is due."),
        Field("date", "Date", F.DATE, tooltip="When it is due (YYYY-MM-DD)."),
        Field("kind", "Kind", F.CHOICE, DEADLINE_KINDS, "Application, report, decision, renewal or other."),
        Field("stream", "Stream", F.OPTIONAL_CHOICE, tooltip="The funding stream it concerns, if any."),
        Field("application", "Application", F.OPTIONAL_CHOICE, tooltip="The application it concerns, if any."),
        Field("done", "Done", F.BOOL, tooltip="Whether it has been dealt with."),
    )

    def choices(self, field: Field) -> tuple[str, ...]:
        if field.name == "stream":
            return tuple(s.key for s in self.session.workspace.streams)
        if field.name == "application":
            return tuple(a.key for a in self.session.workspace.applications)
        return field.choices

    def choice_labels(self, field: Field) -> dict[str, str]:
        if field.name in ("stream", "application"):
            return labelled(names_by_key(self.session.workspace, field.name))
        return {}
