"""The main window driven like a user would: open, navigate, dashboard, scenarios, undo, cancel."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from fundtracker import forecast
from fundtracker.domain.money import format_money
from fundtracker.domain.months import month_index, month_name, month_of
from fundtracker.services.dashboard import chance_through, percent_text, target_year_end
from fundtracker.services.names import cost_line_names
from fundtracker.ui.file_actions import open_location
from fundtracker.ui.main_window import PAGES, MainWindow

pytestmark = pytest.mark.gui
START = month_of(2022, 3)
TODAY = date(2022, 3, 1)


@pytest.fixture
def window(qtbot, sample_path: Path):
    main = MainWindow(start=START, today=TODAY)
    qtbot.addWidget(main)
    main.show()
    with qtbot.waitSignal(main.workspace_ready, timeout=15000):
        open_location(main, str(sample_path))
    qtbot.waitUntil(lambda: main.dashboard.chance_state == "done", timeout=15000)
    return main


def engine_headline(workspace, scenario: str | None) -> tuple[str, str, str, str]:  # type: ignore[no-untyped-def]
    """The month names (secured, expected, median) and percent the headline must show, from the engine."""
    secured = forecast.forecast(workspace, "secured", scenario, start=START, months=36)
    expected = forecast.forecast(workspace, "expected", scenario, start=START, months=36)
    year_end = target_year_end(START, workspace.organization.fiscal_year_start_month)
    result = forecast.probability(workspace, "expected", scenario, start=START, months=36)
    chance = chance_through(result.curve, year_end)
    assert chance is not None
    return (
        month_name(month_index(secured.funded_through)),
        month_name(month_index(expected.funded_through)),
        month_name(month_index(result.median)),
        percent_text(chance),
    )


def test_window_shows_workspace_title_storage_and_pages(window, sample_path) -> None:
    assert window.windowTitle() == "fundtracker — Kansas City Community Safety Partnership"
    assert window.location_label.text() == f"File: {sample_path}"
    assert [window.navigation.item(i).text() for i in range(window.navigation.count())] == list(PAGES)
    assert not window.banner.isVisible()  # opened by path: not the first-start sample copy
    window.navigation.setCurrentRow(PAGES.index("Audit log"))
    assert window.stack.currentWidget() is window.page("Audit log")


def test_dashboard_headline_is_the_engines_figures(window) -> None:
    secured, expected, median, chance = engine_headline(window.session.workspace, None)
    assert window.dashboard.headline.text() == (
        f"Funded through {secured} on secured money; through {median} at the median, "
        f"through {expected} if every expected stream comes in; "
        f"{chance} chance of staying funded through April 2023, the end of next fiscal year"
    )
    assert (secured, expected, median) == ("April 2022", "June 2023", "May 2022")


def test_scenario_dropping_the_contested_stream_changes_the_headline(qtbot, window) -> None:
    window.navigation.setCurrentRow(PAGES.index("Scenarios"))
    page = window.page("Scenarios")
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.selected_key() == "scenario-1"
    page.stream_choice.setCurrentIndex(page.stream_choice.findData("realloc"))
    qtbot.mouseClick(page.add_stream_button, Qt.MouseButton.LeftButton)
    drop = page.overrides.index(0, page.overrides.COL_DROP)
    assert page.overrides.setData(drop, "yes")
    saved = window.session.service.get("scenario", "scenario-1")
    assert saved.overrides[0].stream == "realloc" and saved.overrides[0].drop

    window.navigation.setCurrentRow(0)
    dashboard = window.dashboard
    dashboard.select_scenario("scenario-1")
    qtbot.waitUntil(lambda: dashboard.chance_state == "done", timeout=15000)
    secured, expected, median, chance = engine_headline(window.session.workspace, "scenario-1")
    assert expected == "May 2022"  # without the contested money the expected runway is far shorter than June 2023
    assert dashboard.headline.text() == (
        f"Funded through {secured} on secured money; through {median} at the median, "
        f"through {expected} if every expected stream comes in; "
        f"{chance} chance of staying funded through April 2023, the end of next fiscal year"
    )


def test_an_edit_refreshes_the_dashboard_and_undo_restores_it(qtbot, window, stored) -> None:
    dashboard = window.dashboard
    before = dashboard.headline.text()
    panel = window.page("Funding streams")
    window.open_record("stream", "federal")
    assert panel.selected_key() == "federal"
    with qtbot.waitSignal(dashboard.refreshed, timeout=5000):
        federal = window.session.service.get("stream", "federal")
        window.session.update("stream", "federal", dataclasses.replace(federal, status="declined"))
    qtbot.waitUntil(lambda: dashboard.chance_state == "done", timeout=15000)
    assert dashboard.headline.text() != before
    assert stored().stream("federal").status == "declined"
    assert window.undo_action.isEnabled()
    assert window.undo_action.text() == "&Undo Edit funding stream Community Violence Intervention grant"
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: dashboard.chance_state == "done", timeout=15000)
    assert stored().stream("federal").status == "pending"
    assert dashboard.headline.text() == before
    window.redo_action.trigger()
    assert stored().stream("federal").status == "declined"


def test_dashboard_rows_open_the_record_behind_them(qtbot, window) -> None:
    dashboard = window.dashboard
    model = dashboard.unfunded_model
    # Earliest unfunded on secured money first (adv3, charged last by key, goes in May 2022;
    # adv1 and adv2 in June; lead in January 2023), expected beside it.
    assert [row.key for row in model.rows] == ["adv3", "adv1", "adv2", "lead"]
    assert model.rows[0].cells[2:4] == ("April 2022", "August 2024")
    dashboard.unfunded_table.doubleClicked.emit(model.index(3, 0))
    assert window.stack.currentWidget() is window.page("Staff & costs")
    assert window.positions_panel.selected_key() == "lead"
    deadlines = dashboard.deadline_model
    row = next(i for i, r in enumerate(deadlines.rows) if r.kind == "deadline")
    dashboard.deadline_table.activated.emit(deadlines.index(row, 0))
    assert window.deadlines_panel.selected_key() == deadlines.rows[row].key


def test_find_focuses_the_filter_of_the_page(qtbot, window) -> None:
    window.navigation.setCurrentRow(PAGES.index("Funding streams"))
    window.find_action.trigger()
    assert window.page("Funding streams").filter.hasFocus()


def test_missing_exporter_is_explained(qtbot, window, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        "fundtracker.ui.file_actions.QMessageBox.information", lambda parent, title, text: shown.append(text)
    )
    import importlib

    real = importlib.import_module

    def refuse(name: str, *args):  # type: ignore[no-untyped-def]
        if name.startswith("fundtracker.exports"):
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", refuse)
    window.pdf_action.trigger()
    assert shown == [
        "Application PDF export is not available in this version of fundtracker "
        "(fundtracker.exports.pdf_application.build_application_pdf is missing)."
    ]


def test_exports_run_in_the_background_and_write_their_files(qtbot, window, tmp_path, monkeypatch) -> None:
    workbook = tmp_path / "budget.xlsx"
    pdf = tmp_path / "application.pdf"
    answers = iter([(str(workbook), ""), (str(pdf), "")])
    monkeypatch.setattr("fundtracker.ui.file_dialogs.QFileDialog.getSaveFileName", lambda *args, **kw: next(answers))
    window.xlsx_action.trigger()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == f"Wrote {workbook}", timeout=60000)
    assert workbook.read_bytes()[:2] == b"PK"  # an .xlsx is a zip
    window.pdf_action.trigger()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == f"Wrote {pdf}", timeout=60000)
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_the_budget_detail_worksheet_is_exported_from_the_file_menu(qtbot, window, tmp_path, monkeypatch) -> None:
    import openpyxl

    workbook = tmp_path / "detail.xlsx"
    monkeypatch.setattr(
        "fundtracker.ui.file_dialogs.QFileDialog.getSaveFileName", lambda *args, **kw: (str(workbook), "")
    )
    assert window.worksheet_action in window.menuBar().actions()[0].menu().actions()
    window.worksheet_action.trigger()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == f"Wrote {workbook}", timeout=60000)
    book = openpyxl.load_workbook(workbook)
    assert book.sheetnames[0] == "Budget Summary" and "J. Indirect Costs" in book.sheetnames


def test_pdf_export_shows_the_warnings_the_cli_prints_and_asks_before_writing(qtbot, window, tmp_path, monkeypatch):
    """Asked for more than the budget: the app shows the CLI's warning and writes only when told to."""
    from fundtracker.exports.pdf_application import build_application_pdf

    session = window.session
    application = session.workspace.applications[0]
    session.update("application", application.key, dataclasses.replace(application, requested_amount=99_999_900))
    expected = build_application_pdf(session.workspace, application.key, tmp_path / "cli.pdf").warnings
    assert any("requested amount $999,999.00 differs" in warning for warning in expected)
    pdf = tmp_path / "application.pdf"
    monkeypatch.setattr("fundtracker.ui.file_dialogs.QFileDialog.getSaveFileName", lambda *args, **kw: (str(pdf), ""))
    asked: list[list[str]] = []
    answers = iter([False, True])

    def confirm(parent, title, warnings):  # type: ignore[no-untyped-def]
        asked.append(warnings)
        return next(answers)

    monkeypatch.setattr("fundtracker.ui.file_actions.confirm_warnings", confirm)
    window.pdf_action.trigger()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == f"Not written: {pdf}", timeout=60000)
    assert asked == [list(expected)]
    assert not pdf.exists()
    window.pdf_action.trigger()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == f"Wrote {pdf}", timeout=60000)
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_word_export_writes_the_application_after_its_warnings(qtbot, window, tmp_path, monkeypatch) -> None:
    """File ▸ Export application as Word…: the CLI's warnings are asked about, then the .docx is written."""
    import docx

    session = window.session
    application = session.workspace.applications[0]
    session.update("application", application.key, dataclasses.replace(application, requested_amount=99_999_900))
    target = tmp_path / "application.docx"
    monkeypatch.setattr(
        "fundtracker.ui.file_dialogs.QFileDialog.getSaveFileName", lambda *args, **kw: (str(target), "")
    )
    asked: list[tuple[list[str], str]] = []

    def confirm(parent, title, warnings, *, what):  # type: ignore[no-untyped-def]
        asked.append((warnings, what))
        return True

    monkeypatch.setattr("fundtracker.ui.file_actions.confirm_warnings", confirm)
    window.docx_action.trigger()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == f"Wrote {target}", timeout=60000)
    assert len(asked) == 1 and asked[0][1] == "DOCX"
    assert any("requested amount $999,999.00 differs" in warning for warning in asked[0][0])
    paragraphs = [p.text for p in docx.Document(str(target)).paragraphs]
    assert "SF-424A Section B: Budget Categories" in paragraphs
    assert application.program_title in paragraphs


def test_a_json_workspace_named_on_the_command_line_is_imported_and_opened(qtbot, tmp_path, sample) -> None:
    from fundtracker.store import json_format
    from fundtracker.ui.file_actions import open_startup

    source = tmp_path / "team.json"
    json_format.write_file(sample, source)
    main = MainWindow(start=START, today=TODAY)
    qtbot.addWidget(main)
    main.show()
    with qtbot.waitSignal(main.workspace_ready, timeout=15000):
        open_startup(main, str(source), None)
    assert main.session.location == str(tmp_path / "team.fundtracker")
    assert main.session.workspace == sample


def test_dashboard_shows_each_positions_odds_and_the_chance_chart(window) -> None:
    dashboard = window.dashboard
    result = forecast.probability(window.session.workspace, "expected", start=START, months=36, positions=True)
    year_end = target_year_end(START, window.session.workspace.organization.fiscal_year_start_month)
    rows = {row.key: row.cells for row in dashboard.odds_model.rows}
    assert list(rows) == list(result.positions)
    names = cost_line_names(window.session.workspace)
    for key, odds in result.positions.items():
        through = chance_through(odds.curve, year_end)
        assert through is not None
        below = [month_name(m) if m is not None else "—" for m in odds.below.values()]
        assert rows[key] == (names[key], percent_text(through), *below)  # people by name, not key
    chart = dashboard.chance_view.chart()
    series_names = [series.name() for series in chart.series()]
    assert series_names[0] == "Everyone funded"
    overall = chart.series()[0]
    assert [round(overall.at(i).y(), 6) for i in range(overall.count())] == [round(p * 100, 6) for _, p in result.curve]


def test_dashboard_fundraising_need_is_the_engines(window) -> None:
    from fundtracker.domain.months import month_of
    from fundtracker.services.dashboard import need_sentence

    dashboard = window.dashboard
    workspace = window.session.workspace
    # Default: through the headline's fiscal year end (April 2023), counting secured money only.
    assert dashboard.need_through.currentData() == month_of(2023, 4)
    secured = forecast.forecast(workspace, "secured", start=START, months=36)
    engine = forecast.need(secured, month_of(2023, 4))
    assert dashboard.need_text.toolTip() == need_sentence(engine)
    # The label names three months and sums the rest; both end with the same total.
    assert dashboard.need_text.text() == need_sentence(engine, most=3)
    assert dashboard.need_text.text().startswith("To keep everyone funded through April 2023: raise $5,527.75 by May")
    assert ", then $" in dashboard.need_text.text() and dashboard.need_text.text().endswith("($221,435.12 in all)")
    # Tick the lead: the need is the lead's.
    row = next(
        i for i in range(dashboard.need_positions.count()) if dashboard.need_positions.item(i).text() == "Team Lead"
    )
    assert dashboard.need_positions.item(row).data(Qt.ItemDataRole.UserRole) == "lead"
    dashboard.need_positions.item(row).setCheckState(Qt.CheckState.Checked)
    assert dashboard.need.positions == ("lead",)
    assert dashboard.need_text.toolTip() == need_sentence(forecast.need(secured, month_of(2023, 4), ["lead"]))
    dashboard.need_view.setCurrentIndex(dashboard.need_view.findData("expected"))
    expected = forecast.forecast(workspace, "expected", start=START, months=36)
    assert dashboard.need.total == forecast.need(expected, month_of(2023, 4), ["lead"]).total


def test_file_menu_exports_the_board_summary(qtbot, window, tmp_path, monkeypatch) -> None:
    import pypdf

    out = tmp_path / "board.pdf"
    monkeypatch.setattr("fundtracker.ui.file_dialogs.QFileDialog.getSaveFileName", lambda *args, **kw: (str(out), ""))
    window.summary_action.trigger()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == f"Wrote {out}", timeout=60000)
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 2
    # As of the dashboard's day, with its headline.
    assert " ".join(window.dashboard.headline.text().split()) in " ".join(reader.pages[0].extract_text().split())


def test_dashboard_shows_the_cash_low_point_of_reimbursement_streams(window) -> None:
    expected = forecast.forecast(window.session.workspace, "expected", start=START, months=36)
    low = expected.cash_low_point
    assert low.month is not None and low.amount < 0
    text = window.dashboard.cash_note.text()
    assert text.startswith(
        f"Cash low point (reimbursement streams, expected view): {format_money(low.amount, symbol=True, grouping=True)}"
    )
    assert month_name(low.month) in text


def test_dashboard_charts_save_as_png_and_svg(window, tmp_path) -> None:
    for view in (window.dashboard.balance_view, window.dashboard.chance_view):
        png, svg = tmp_path / "chart.png", tmp_path / "chart.svg"
        assert view.save_png(str(png)) and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert view.save_svg(str(svg))
        text = svg.read_text(encoding="utf-8")
        assert text.lstrip().startswith("<?xml") and "<svg" in text and "<path" in text
