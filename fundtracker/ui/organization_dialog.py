"""Edit ▸ Organization…: the organization's name, fiscal year, rates, identifiers and contact.

The change is one undoable, saved and audited service call
(:meth:`WorkspaceSession.set_organization`); what the domain refuses is shown next to
its field and the dialog stays open with what was typed.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from fundtracker.domain.errors import FundtrackerError, ValidationError
from fundtracker.services.glossary import tooltip_for
from fundtracker.services.problem_text import describe_all
from fundtracker.ui import fields as F
from fundtracker.ui.fields import Field
from fundtracker.ui.forms import RecordForm
from fundtracker.ui.models.record_table import problem_text
from fundtracker.ui.session import WorkspaceSession

ORGANIZATION_FIELDS = (
    Field("name", "Name", tooltip="The applicant's legal name, as it appears on the cover sheet."),
    Field(
        "fiscal_year_start_month",
        "Fiscal year starts",
        F.INTEGER,
        tooltip="The month the fiscal year starts: 1 = January … 7 = July … 12 = December.",
        unit="month (1–12)",
    ),
    Field("fringe_rate", "Fringe rate", F.RATE, tooltip=tooltip_for("For example 25.", "Fringe")),
    Field(
        "fringe_components",
        "Fringe components",
        F.FRINGE_COMPONENTS,
        tooltip="Optional: the fringe rate's parts, one 'name rate%' per line (FICA 7.65%, health 12% …), "
        "adding up to the fringe rate; shown in the budget justification and the worksheet.",
    ),
    Field(
        "indirect_rate",
        "Indirect rate",
        F.RATE,
        tooltip=tooltip_for(
            "The organization's indirect cost rate as a percent, e.g. 15 (applications may use their own).",
            "Indirect costs",
        ),
    ),
    Field("ein", "EIN", tooltip="Employer Identification Number, e.g. 12-3456789."),
    Field("uei", "UEI", tooltip="Unique Entity Identifier from SAM.gov (12 characters)."),
    Field("address", "Address", F.LONG_TEXT, tooltip="The mailing address for the cover sheet."),
    Field("contact_name", "Contact name", tooltip="Who the funder should contact."),
    Field("contact_email", "Contact email"),
    Field("contact_phone", "Contact phone"),
)


class OrganizationDialog(QDialog):
    """A form of the organization's fields with Save and Cancel.

    Args:
        session: the open workspace; Save calls ``session.set_organization``.
    """

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Organization")
        self.setMinimumWidth(560)
        self.form = RecordForm(ORGANIZATION_FIELDS)
        self.form.show_record(session.workspace.organization)
        self.message = QLabel()
        self.message.setStyleSheet("color: #c62828; font-weight: 600;")
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Problem")
        self.message.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setToolTip(
            "Save the organization (Edit ▸ Undo takes it back)"
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        note = QLabel("Used on every application's cover sheet, and for fringe and the fiscal year in every forecast.")
        note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addWidget(self.form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def save(self) -> bool:
        """Save what was typed; True (and the dialog closes) when saved."""
        self.message.setVisible(False)
        organization = self.form.read()
        if organization is None:
            return self._refused("Not saved: fix the fields marked in red.")
        try:
            self.session.set_organization(organization)
        except ValidationError as error:
            rest = self.form.show_problems(error.problems)
            return self._refused("Not saved: " + (describe_all(rest) or "fix the fields marked in red."))
        except FundtrackerError as error:
            return self._refused(f"Not saved: {problem_text(error)}")
        self.accept()
        return True

    def _refused(self, text: str) -> bool:
        self.message.setText(text)
        self.message.setVisible(True)
        return False


def edit_organization(window: Any) -> None:
    """Edit ▸ Organization…: show the dialog for the window's open workspace."""
    session = window.session
    if session is None or not session.ready:
        window.statusBar().showMessage("The workspace is still opening; try again in a moment.", 5000)
        return
    dialog = OrganizationDialog(session, window)
    if dialog.exec():
        window.setWindowTitle(f"fundtracker — {session.workspace.organization.name}")
        window.statusBar().showMessage("Saved the organization — Edit ▸ Undo takes it back", 6000)
