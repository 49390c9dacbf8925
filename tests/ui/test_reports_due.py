"""The Deadlines page's reports the awards owe: status, Mark submitted (one undo step), the .ics export."""

from __future__ import annotations

from datetime import date

import pytest
from icalendar import Calendar
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from fundtracker.services.award import award_steps, plan_award
from fundtracker.ui.pages.reports_due import ReportsDuePanel, ReportsTableModel

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_level_fail("WARNING")]
TODAY = date(2022, 11, 15)


@pytest.fixture
def panel(qtbot, session):
    session.apply("Award", award_steps(plan_award(session.workspace, "bja_cvi", None, new_stream=False)))
    widget = ReportsDuePanel(session, TODAY)
    qtbot.addWidget(widget)
    widget.resize(1000, 500)
    widget.show()
    return widget


def test_reports_listed_late_first_and_marked_submitted(qtbot, panel, session, stored) -> None:
    model = panel.model
    first = [model.index(0, c).data() for c in range(model.columnCount())]
    assert first == [
        "Client Advocates for Community Violence Intervention",
        "SF-425 financial report for Q3 2022",
        "2022-07-01 – 2022-09-30",
        "2022-10-30",
        "late by 16 days",
    ]
    assert model.index(0, 0).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert panel.note.text().startswith("2 reports are late")
    assert model.rowCount() == 24

    panel.table.selectRow(0)
    panel.mark_submitted()
    dialog = panel._dialog
    dialog.on.setDate(QDate(2022, 10, 28))
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    [submission] = stored().report_submissions
    assert (submission.award, submission.kind, submission.period_end, submission.submitted_on) == (
        "bja_cvi",
        "financial",
        date(2022, 9, 30),
        date(2022, 10, 28),
    )
    row = next(r for r, rep in enumerate(model.reports) if rep.kind == "financial" and rep.period_end.month == 9)
    assert model.index(row, ReportsTableModel.COL_STATUS).data() == "submitted 2022-10-28"
    assert panel.note.text().startswith("1 report is late")
    session.undo_stack.undo()
    assert stored().report_submissions == ()


def test_export_calendar_writes_the_reports(qtbot, panel, tmp_path) -> None:
    target = tmp_path / "deadlines.ics"
    panel.write_calendar(str(target))
    uids = {str(e["uid"]) for e in Calendar.from_ical(target.read_bytes()).walk("VEVENT")}
    assert "bja_cvi-performance-2025-06-30@fundtracker" in uids
    assert sum(uid.startswith("bja_cvi-") for uid in uids) == 24
