"""Applications ▸ Record award…: the application's stream becomes secured money, as one undo step."""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from fundtracker.domain.errors import FundtrackerError
from fundtracker.domain.money import format_dollars, format_money, parse_money
from fundtracker.services.award import award_steps, plan_award
from fundtracker.ui.session import WorkspaceSession


def record_award(parent: QWidget, session: WorkspaceSession, key: str) -> bool:
    """Ask for the amount awarded (the request by default), then record the award. True when recorded."""
    application = session.workspace.find("application", key)
    if application is None:
        return False
    text, accepted = QInputDialog.getText(
        parent,
        "Record award",
        f"Amount awarded for {application.program_title}:",
        QLineEdit.EchoMode.Normal,
        format_money(application.requested_amount, grouping=True),
    )
    if not accepted:
        return False
    try:
        amount = parse_money(text)
        steps = award_steps(plan_award(session.workspace, key, amount))
        session.apply(f"Record award of {format_dollars(amount)}", steps)
    except FundtrackerError as exc:
        QMessageBox.warning(parent, "Record award", str(exc))
        return False
    return True
