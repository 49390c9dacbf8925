"""The Time & effort page: charged beside certified, Certify, Match charges (one undo step), the form."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from fundtracker.domain.months import month_of
from fundtracker.services.effort import effort_months
from fundtracker.ui.pages.effort import EffortPage, EffortTableModel

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_level_fail("WARNING")]
TODAY = date(2022, 10, 10)  # the sample from January 2022: through September is closed


@pytest.fixture
def page(qtbot, session):
    widget = EffortPage(session, TODAY)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    return widget


def _row(page: EffortPage, person: str, month: int) -> int:
    return next(r for r, m in enumerate(page.model.months) if m.position == person and m.month == month)


def test_certify_flag_match_and_undo(qtbot, page, session, stored) -> None:
    august = month_of(2022, 8)  # adv1 is paid by the federal grant from July
    page.person.setCurrentIndex(page.person.findData("adv1"))
    assert [page.model.index(r, EffortTableModel.COL_MONTH).data() for r in range(page.model.rowCount())][:5] == [
        "January 2022",
        "February 2022",
        "March 2022",
        "April 2022",
        "May 2022",
    ]
    row = _row(page, "adv1", august)
    assert page.model.index(row, EffortTableModel.COL_FLAGS).data() == "not certified"
    assert page.model.index(row, EffortTableModel.COL_CHARGED).data() == "Community Violence Intervention grant 100 %"

    page.table.selectRow(row)
    assert not page.match_button.isEnabled()
    page.certify()
    dialog = page._dialog
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.isEnabled()  # starts from the charge: 100 %
    dialog.spins["federal"].setValue(70)
    assert not save.isEnabled() and dialog.total.text() == "70 %"
    dialog.spins["donors"].setValue(30)
    dialog.certifier.setText("Maria Lopez")
    dialog.on.setDate(QDate(2022, 9, 4))
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    certification = stored().find("effort", "adv1@2022-08")
    assert certification.percents() == {"federal": Decimal(70), "donors": Decimal(30)}
    assert certification.certifier == "Maria Lopez" and certification.certified_on == date(2022, 9, 4)
    row = _row(page, "adv1", august)
    assert page.model.index(row, EffortTableModel.COL_FLAGS).data() == (
        "Private community donors: certified 30 %, charged 0 %; "
        "Community Violence Intervention grant: certified 70 %, charged 100 %"
    )
    page.table.selectRow(row)
    assert page.match_button.isEnabled()
    qtbot.mouseClick(page.match_button, Qt.MouseButton.LeftButton)
    [after] = effort_months(stored(), august, august, TODAY, ["adv1"])
    assert after.flags == ()
    assert page.model.index(_row(page, "adv1", august), EffortTableModel.COL_FLAGS).data() == ""
    assert session.undo_stack.undoText() == "Match August 2022 charges to the certified effort"
    session.undo_stack.undo()
    [undone] = effort_months(stored(), august, august, TODAY, ["adv1"])
    assert [(line.stream, line.charged) for line in undone.lines if line.charged] == [("federal", Decimal(100))]


def test_print_form_writes_the_people_months_shown(qtbot, page, tmp_path) -> None:
    page.person.setCurrentIndex(page.person.findData("adv1"))
    target = tmp_path / "form.pdf"
    page.write_form(str(target))
    text = " ".join(PdfReader(target).pages[0].extract_text().split())
    assert "Time and effort certification" in text
    assert "September 2022 0 % 100 % charged 100 % not certified" in text  # combat, federal, total
