"""The Awards page shows the service's figures to the cent, and its dialogs record a request and a payment."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QApplication

from fundtracker.services.drawdown import award_money, money
from fundtracker.services.workspace import WorkspaceService
from fundtracker.store import json_format
from fundtracker.ui.session import WorkspaceSession
from tests.services.test_drawdown import workspace

TODAY = date(2024, 6, 3)


@pytest.fixture
def awarded_session(qapp, tmp_path: Path):  # type: ignore[no-untyped-def]
    path = tmp_path / "w.fundtracker"
    service = WorkspaceService.open(path, create=True)
    service.replace_all(workspace())
    opened = WorkspaceSession(service)
    yield opened
    opened.close()


@pytest.fixture
def page(qtbot, awarded_session):  # type: ignore[no-untyped-def]
    from fundtracker.ui.pages.awards import AwardsPage

    widget = AwardsPage(awarded_session, today=TODAY)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    widget.show()
    return widget


def _answer(handle) -> None:  # type: ignore[no-untyped-def]
    """Answer the next modal dialog with ``handle``; reject it if ``handle`` fails (never left open)."""

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, check)
            return
        try:
            handle(dialog)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, check)


def shown(page) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {name: label.text() for name, label in page.figures.items()}


def expected(session: WorkspaceSession, day: date) -> dict[str, str]:
    figures = award_money(session.workspace, "cvi", day)
    return {
        name: money(getattr(figures, name))
        for name in ("amount", "spent", "requested", "received", "receivable", "unbilled")
    }


def test_a_request_and_a_payment_through_the_dialogs(qtbot, page, awarded_session) -> None:  # type: ignore[no-untyped-def]
    from fundtracker.ui.drawdown_dialog import DrawdownDialog, PaymentDialog

    assert page.chooser.currentData() == "cvi"
    assert page.versions.rowCount() == 10 and page.draws.rowCount() == 0
    # Nothing requested yet: through 2024-06-03 all spending is unbilled, held to the award (test_drawdown).
    assert shown(page)["unbilled"] == "$100,000.00" == expected(awarded_session, TODAY)["unbilled"]
    notes: list[str] = []

    def request(dialog) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, DrawdownDialog)
        dialog.through.setDate(QDate(2024, 3, 31))
        notes.append(dialog.computation.text())
        dialog.buttons.accepted.emit()

    _answer(request)
    page.request_button.click()
    assert "amount requested $35,518.02" in " ".join(notes[0].split())
    assert page.draws.rowCount() == 1
    page.draws_table.selectRow(0)
    assert page.payment_button.isEnabled()

    def pay(dialog) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, PaymentDialog)
        assert dialog.amount.text() == "35,518.02"  # the unpaid rest by default
        dialog.amount.setText("20,000.00")  # received the day of the request (the page's today)
        dialog.record()
        assert dialog.error.text() == ""

    _answer(pay)
    page.record_payment()
    draw = awarded_session.workspace.find("award", "cvi").draw(1)
    assert (draw.amount, draw.received, draw.status) == (35_518_02, 20_000_00, "partly paid")
    # The page's figures are the service's, to the cent: requested 35,518.02, received 20,000.00,
    # receivable 15,518.02; unbilled through 2024-06-03: 124,018.02 − 750.00 − 35,518.02 = 87,750.00,
    # held to 100,000.00 − 35,518.02 = 64,481.98.
    assert shown(page) == expected(awarded_session, TODAY)
    assert shown(page) == {
        "amount": "$100,000.00",
        "spent": "$124,018.02",
        "requested": "$35,518.02",
        "received": "$20,000.00",
        "receivable": "$15,518.02",
        "unbilled": "$64,481.98",
    }
    row = [page.draws.index(0, c).data() for c in range(page.draws.columnCount())]
    assert row == ["1", "2024-03-31", "2024-06-03", "$35,518.02", "$20,000.00", "$15,518.02", "partly paid"]
    # As of the day before, nothing was requested or received yet.
    page.as_of.setDate(QDate(2024, 6, 2))
    assert (shown(page)["requested"], shown(page)["received"]) == ("$0.00", "$0.00")
    assert shown(page) == expected(awarded_session, date(2024, 6, 2))
    # Both changes are undo steps.
    awarded_session.undo_stack.undo()
    awarded_session.undo_stack.undo()
    assert awarded_session.workspace.find("award", "cvi").draws == ()
    assert page.draws.rowCount() == 0


def test_a_refused_request_stays_in_the_dialog_with_the_reason(qtbot, page, awarded_session) -> None:  # type: ignore[no-untyped-def]
    from fundtracker.ui.drawdown_dialog import DrawdownDialog

    seen: list[str] = []

    def too_early(dialog) -> None:  # type: ignore[no-untyped-def]
        assert isinstance(dialog, DrawdownDialog)
        dialog.through.setDate(QDate(2023, 12, 31))
        dialog.record()
        seen.append(dialog.error.text())
        assert dialog.isVisible()

    _answer(too_early)
    page.request_button.click()
    assert seen == ["--through: 2023-12-31 is before the award starts (2024-01-01)"]
    assert awarded_session.workspace.find("award", "cvi").draws == ()


def test_without_awards_the_page_says_how_to_make_one(qtbot, tmp_path: Path, sample) -> None:  # type: ignore[no-untyped-def]
    from fundtracker.ui.pages.awards import EMPTY, AwardsPage

    path = tmp_path / "s.json"
    json_format.write_file(sample, path)
    service = WorkspaceService.open(tmp_path / "s.fundtracker", create=True)
    service.replace_all(sample)
    session = WorkspaceSession(service)
    try:
        widget = AwardsPage(session, today=TODAY)
        qtbot.addWidget(widget)
        widget.show()
        assert widget.empty.isVisible() and widget.empty.text() == EMPTY
        assert not widget.body.isVisible() and not widget.request_button.isEnabled()
    finally:
        session.close()
