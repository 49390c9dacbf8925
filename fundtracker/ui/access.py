"""Disable what the user's role may not do, and say why (tooltips, the status bar, the banner).

The server refuses such changes anyway (:mod:`fundtracker.store.server_roles`); this keeps people
from filling in a form only to be refused, and tells them whom to ask.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

from fundtracker.services import roles as r

# Pages whose editing needs the plan capability (streams, costs, allocations, scenarios, applications).
PLAN_PAGES = ("Funding streams", "Staff & costs", "Allocations", "Scenarios", "Applications", "Deadlines")
# Buttons on those pages that do not change the plan (or need another capability, below).
_NOT_EDITING = ("Export", "Preview", "Show", "Copy text", "Advanced")
_BUTTON_NEEDS = {
    "award_button": r.AWARDS,
    "undo_button": r.ACTUALS,
    "reclassify_button": r.ACTUALS,  # the Transactions page
    "request_button": r.AWARDS,  # the Awards page
    "payment_button": r.AWARDS,
}
# Widgets that choose what is shown (which application, as of which day), not what is stored.
_NAVIGATION = ("chooser", "as_of")


def hold_disabled(widget: QWidget, reason: str) -> None:
    """Disable ``widget`` for good, with ``reason`` as its tooltip.

    Pages enable their buttons as the selection changes; the instance's ``setEnabled`` is replaced
    so they stay disabled whatever the page does later.
    """
    widget.setEnabled(False)
    widget.setToolTip(reason)

    def stay_disabled(_enabled: bool = True) -> None:
        QWidget.setEnabled(widget, False)

    widget.setEnabled = stay_disabled  # type: ignore[method-assign]
    widget.setProperty("fundtracker_refused", reason)


def restrict_page(name: str, page: QWidget, access: Any) -> None:
    """Make ``page`` read-only where the role lacks the capability its edits need."""
    for attribute, capability in _BUTTON_NEEDS.items():
        button = getattr(page, attribute, None)
        if isinstance(button, QWidget) and not access.may(capability):
            hold_disabled(button, access.why_not(capability))
    if name not in PLAN_PAGES or access.may(r.PLAN):
        return
    reason = access.why_not(r.PLAN)
    special = {id(getattr(page, attribute, None)) for attribute in _BUTTON_NEEDS}
    for button in page.findChildren(QAbstractButton):
        if id(button) in special or button.text().replace("&", "").startswith(_NOT_EDITING):
            continue
        if isinstance(button, QCheckBox) or button.text():
            hold_disabled(button, reason)
    for view in page.findChildren(QAbstractItemView):
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setToolTip(reason)
    for edit in page.findChildren(QLineEdit):
        if edit.placeholderText().startswith("Find"):
            continue  # a search box filters what is shown
        if not isinstance(edit.parent(), QComboBox | QAbstractSpinBox):
            edit.setReadOnly(True)
            edit.setToolTip(reason)
    texts: list[QTextEdit | QPlainTextEdit] = [*page.findChildren(QTextEdit), *page.findChildren(QPlainTextEdit)]
    for text in texts:
        text.setReadOnly(True)
        text.setToolTip(reason)
    navigation = {id(getattr(page, attribute, None)) for attribute in _NAVIGATION}
    for box in [*page.findChildren(QComboBox), *page.findChildren(QAbstractSpinBox)]:
        if id(box) not in navigation:
            hold_disabled(box, reason)


def restrict_actions(window: Any, access: Any) -> None:
    """Menu and toolbar actions the role may not use: disabled, their tooltips and status tips say why."""
    for attribute, capability in (
        ("import_actuals_action", r.ACTUALS),
        ("lock_action", r.LOCKS),
        ("organization_action", r.PLAN),
        ("restore_action", r.REPLACE),
    ):
        action = getattr(window, attribute, None)
        if action is None:
            continue
        allowed = access.may(capability)
        action.setEnabled(allowed)
        if not allowed:
            action.setToolTip(access.why_not(capability))
            action.setStatusTip(access.why_not(capability))


def banner_text(access: Any) -> str:
    """The banner over the pages for a restricted role ("" when the user may change everything)."""
    if not access.restricted or not access.roles:
        return ""
    refused = [r.CAPABILITY_TEXT[c] for c in (r.PLAN, r.ACTUALS, r.LOCKS, r.AWARDS, r.REPORTS) if not access.may(c)]
    return (
        f"Signed in as {access.user}, {access.label} on this server: you may {access.summary().split('may ', 1)[1]}. "
        f"You may not {'; '.join(refused)}; those controls are disabled (an admin can grant a role)."
        if refused
        else ""
    )
