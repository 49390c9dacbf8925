"""The SF-425 dialog shows the service's figures to the cent, and refuses a final report with obligations."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate

from fundtracker.domain.federal_financial_report import LINES
from fundtracker.domain.money import format_money
from fundtracker.services.federal_report import federal_report
from fundtracker.ui.federal_report_dialog import FederalReportDialog, ReconciliationModel
from tests.services.award_fixtures import award_workspace


def _cells(model, column: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_the_dialog_shows_every_line_as_the_service_computes_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    workspace = award_workspace()
    dialog = FederalReportDialog(None, workspace, today=date(2025, 12, 31))
    qtbot.addWidget(dialog)
    service = federal_report(workspace, "bja", date(2025, 12, 31))
    model = dialog.lines_model
    assert _cells(model, model.COL_LINE) == list(LINES)
    assert _cells(model, model.COL_AMOUNT) == [format_money(service.report.line(n), grouping=True) for n in LINES]
    assert model.index(4, model.COL_AMOUNT).data() == "63,266.82"  # 10e, derived in tests/services
    assert dialog.indirect_label.text().endswith("base 52,913.08, amount charged 7,936.96, federal share 6,686.98")
    reconciliation = dialog.reconciliation_model
    assert _cells(reconciliation, ReconciliationModel.COL_DIFFERENCE) == ["agrees"] * 4
    assert reconciliation.index(0, ReconciliationModel.COL_REPORT).data() == "63,266.82"
    assert dialog.pdf_button.isEnabled()
    # the award's rebudgeting meter, as `award --show` prints it (derived in tests/services)
    assert dialog.meter_label.text().splitlines()[1:] == [
        "  the current plan transfers 0.0 % ($0.00) — no prior approval needed",
        "  scenario 'Coordinator 30 % on the award' transfers 5.4 % ($11,250.00) — no prior approval needed",
        "  amendment 1 (requested 2026-02-01) transfers 1.0 % ($2,000.00) — prior approval needed "
        "($2,000 into other, approved at $0)",
    ]

    # A later period end recomputes: through 2026-01-31 the 999.99 of 2026-01-15 counts and
    # 0.15 × 45,579.83 = 6,836.97; 10e = 57,579.83 + 6,836.97 = 64,416.80
    dialog.period_end.setDate(QDate(2026, 1, 31))
    assert model.index(4, model.COL_AMOUNT).data() == "64,416.80"


def test_a_final_report_with_obligations_is_refused_in_place_of_the_figures(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = FederalReportDialog(None, award_workspace(), today=date(2026, 9, 30))
    qtbot.addWidget(dialog)
    assert dialog.lines_model.rowCount() == 15
    dialog.final_box.setChecked(True)
    assert dialog.lines_model.rowCount() == 0
    assert dialog.reconciliation_model.rowCount() == 0
    assert "final report: needs line 10f" in dialog.message.text()
    assert "$3,500 is recorded as obligated" in dialog.message.text()
    assert not dialog.pdf_button.isEnabled()


def test_the_awards_page_opens_the_report_and_writes_its_pdf(qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import pypdf
    from PySide6.QtWidgets import QMessageBox

    from fundtracker.services.workspace import WorkspaceService
    from fundtracker.ui.pages.awards import AwardsPage
    from fundtracker.ui.session import WorkspaceSession

    service = WorkspaceService.open(tmp_path / "award.fundtracker", create=True)
    service.replace_all(award_workspace())
    session = WorkspaceSession(service)
    try:
        page = AwardsPage(session, today=date(2025, 12, 31))
        qtbot.addWidget(page)
        page.show()
        # the page shows the award's meter, as `award --show` prints it
        assert page.meter.text().splitlines()[2] == (
            "scenario 'Coordinator 30 % on the award' transfers 5.4 % ($11,250.00) — no prior approval needed"
        )
        page.report_button.click()
        dialog = page.findChild(FederalReportDialog)
        assert dialog is not None and dialog.isVisible()
        assert dialog.chosen_period_end() == date(2025, 12, 31)
        assert dialog.lines_model.index(0, 2).data() == "50,000.00"  # 10a
        out = tmp_path / "sf425.pdf"
        monkeypatch.setattr(
            "fundtracker.ui.file_dialogs.QFileDialog.getSaveFileName", lambda *args, **kw: (str(out), "")
        )
        dialog.pdf_button.click()
        text = " ".join(pypdf.PdfReader(out).pages[0].extract_text().split())
        shown = [dialog.lines_model.index(row, 2).data() for row in range(dialog.lines_model.rowCount())]
        assert "e. Federal share of expenditures 63,266.82" in text
        assert all(figure in text for figure in shown)
        for box in dialog.findChildren(QMessageBox):
            box.close()
        dialog.close()
    finally:
        session.close()
