"""Applications ▸ Record award…: the application's stream becomes secured money, as one undo step.

When the stream is also another application's, or pays for allocations the award's period would
leave out, the user is told what would change and who else is touched, and chooses: rewrite the
stream, or give the award a new stream of its own (the default).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from fundtracker.domain.errors import FundtrackerError
from fundtracker.domain.money import format_dollars, format_money, parse_money
from fundtracker.services.award import AwardChanges, award_steps, plan_award
from fundtracker.ui.session import WorkspaceSession

NEW_STREAM_BUTTON = "New stream for this award"


def ask_how(parent: QWidget, plan: AwardChanges) -> Literal["update", "new"] | None:
    """Ask whether to rewrite a shared stream or give the award its own (None: cancelled)."""
    box = QMessageBox(QMessageBox.Icon.Question, "Record award", "", QMessageBox.StandardButton.Cancel, parent)
    stream = plan.stream_after.key
    box.setText(f"Stream {stream!r} ({plan.stream_after.name}) is not this application's alone.")
    box.setInformativeText(
        "Recording the award on it changes:\n"
        + "".join(f"• {line}\n" for line in plan.stream_changes())
        + "\nIt also touches:\n"
        + "".join(f"• {line}\n" for line in plan.concerns())
        + f"\nA new stream for this award leaves {stream!r} as it is."
    )
    update = box.addButton(f"Update stream {stream!r}", QMessageBox.ButtonRole.DestructiveRole)
    new = box.addButton(NEW_STREAM_BUTTON, QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(new)
    box.exec()
    clicked = box.clickedButton()
    return "update" if clicked is update else "new" if clicked is new else None


def record_award(parent: QWidget, session: WorkspaceSession, key: str, today: date | None = None) -> bool:
    """Ask for the amount awarded (the request by default), then record the award. True when recorded.

    The award record is made with it (version 0 of its budget = the application's budget, dated
    ``today``, default the clock's today).
    """
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
        on = today or date.today()
        plan = plan_award(session.workspace, key, amount, on=on)
        if plan.shared:
            how = ask_how(parent, plan)
            if how is None:
                return False
            if how == "new":
                plan = plan_award(session.workspace, key, amount, new_stream=True, on=on)
        session.apply(f"Record award of {format_dollars(amount)}", award_steps(plan))
    except FundtrackerError as exc:
        QMessageBox.warning(parent, "Record award", str(exc))
        return False
    return True
