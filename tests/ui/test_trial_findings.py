"""Findings of the new-user trial (docs: /work/wt/TRIAL.md), each driven through real widgets.

1: the form follows changes made elsewhere; 5: a new share in the allocation matrix fits
the row's later shares; 9: a cell edit refused by a rule keeps the editor open with what
was typed; 13: the fiscal year the chance is about is named, and a deadline shows once.
(8, the cut-off legends and columns, is in test_chart_legend.py and test_scenarios_layout.py.)
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from fundtracker.domain.money import format_money
from fundtracker.ui.pages.record_panel import RecordPanel
from fundtracker.ui.pages.record_specs import STREAM

pytestmark = pytest.mark.gui


@pytest.fixture
def panel(qtbot, session):
    widget = RecordPanel(session, STREAM)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    return widget


def type_into(qtbot, editor: QLineEdit, text: str) -> None:
    editor.selectAll()
    qtbot.keyClicks(editor, text)


def open_cell_editor(panel: RecordPanel, key: str, column: int) -> QLineEdit:
    """Start editing a cell of the table as F2 would; the line editor that opens."""
    index = panel.proxy.mapFromSource(panel.model.index(panel.model.row_of(key), column))
    panel.table.setCurrentIndex(index)
    panel.table.edit(index)
    editors = panel.table.viewport().findChildren(QLineEdit)
    assert len(editors) == 1
    return editors[0]


# -- 1: the form shows what is saved ---------------------------------------------------


def test_after_undo_the_form_shows_the_restored_amount_and_a_later_save_keeps_it(qtbot, panel, session, stored):
    assert panel.select_key("federal")
    type_into(qtbot, panel.form.editors["amount"], "160000")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    assert stored().stream("federal").amount == 16000000

    session.undo_stack.undo()
    assert stored().stream("federal").amount == 45000000
    assert panel.form.editors["amount"].text() == "450,000.00"  # what the user sees after Undo

    type_into(qtbot, panel.form.editors["name"], "Federal CVI grant")
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    saved = stored().stream("federal")
    assert saved.name == "Federal CVI grant"
    assert saved.amount == 45000000  # not quietly put back to 160,000


def test_a_cell_edit_while_the_form_has_typed_changes_keeps_both(qtbot, panel, session, stored):
    assert panel.select_key("health")
    type_into(qtbot, panel.form.editors["funder"], "KC Health Dept.")
    assert panel.save_button.isEnabled()  # typed, not saved
    model = panel.model
    assert model.setData(model.index(model.row_of("health"), model.COL_AMOUNT), "90000")
    assert panel.form.editors["amount"].text() == "90,000.00"  # the untouched field follows the table
    assert panel.form.editors["funder"].text() == "KC Health Dept."  # what was typed stays
    qtbot.mouseClick(panel.save_button, Qt.MouseButton.LeftButton)
    saved = stored().stream("health")
    assert (saved.funder, saved.amount) == ("KC Health Dept.", 9000000)


# -- 9: a refused cell edit keeps what was typed ------------------------------------------


def test_a_cell_edit_refused_by_a_rule_keeps_the_editor_open_with_the_typed_amount(qtbot, panel, stored):
    editor = open_cell_editor(panel, "donors", panel.model.COL_AMOUNT)
    editor.selectAll()
    qtbot.keyClicks(editor, "45,000")
    qtbot.keyClick(editor, Qt.Key.Key_Return)

    assert editor.isVisible()  # the editor stays open …
    assert editor.text() == "45,000"  # … with what was typed
    assert editor.property("invalid") is True
    message = panel.message.text()
    assert message == (
        "Private community donors: Tranches: tranches add up to $40,000.00 but the amount is $45,000.00; "
        "they must be equal. "
        "Edit tranches in the form beside the table."
    )
    assert editor.toolTip() == message
    assert stored().stream("donors").amount == 4000000

    # A value the rules accept, typed into the same editor, is saved and closes it.
    editor.selectAll()
    qtbot.keyClicks(editor, "40,000")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not panel.table.viewport().findChildren(QLineEdit))
    assert stored().stream("donors").amount == 4000000
    assert panel.message.text() == ""


def test_escape_after_a_refused_cell_edit_saves_nothing(qtbot, panel, stored):
    editor = open_cell_editor(panel, "donors", panel.model.COL_AMOUNT)
    editor.selectAll()
    qtbot.keyClicks(editor, "45,000")
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert editor.isVisible() and editor.text() == "45,000"
    qtbot.keyClick(editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not panel.table.viewport().findChildren(QLineEdit))
    assert stored().stream("donors").amount == 4000000
    model = panel.model
    assert model.data(model.index(model.row_of("donors"), model.COL_AMOUNT)) == "$40,000"


def test_an_accepted_cell_edit_is_saved_once_and_closes_the_editor(qtbot, panel, session, stored):
    model = panel.model
    editor = open_cell_editor(panel, "combat", model.COL_AMOUNT)
    steps = session.undo_stack.count()
    editor.selectAll()
    qtbot.keyClicks(editor, "80000")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert stored().stream("combat").amount == 8000000
    assert session.undo_stack.count() == steps + 1
    assert model.data(model.index(model.row_of("combat"), model.COL_AMOUNT)) == "$80,000"
    assert format_money(8000000, grouping=True) == panel.form.editors["amount"].text()
    qtbot.waitUntil(lambda: not panel.table.viewport().findChildren(QLineEdit))


# -- 5: a new share in the matrix fits the row's later shares ------------------------------


def test_a_new_share_ends_where_the_rows_current_shares_end(session, stored):
    from fundtracker.ui.models.allocation_matrix import AllocationMatrixModel

    # March 2022: adv1 is paid 100% by combat until 2022-06-30, then 100% by federal from 2022-07-01.
    model = AllocationMatrixModel(session, date(2022, 3, 1))
    row = [key for key, _ in model.lines].index("adv1")
    column = {key: number for number, (key, _) in enumerate(model.streams)}
    messages: list[str] = []
    model.problem.connect(messages.append)

    assert not model.setData(model.index(row, column["health"]), "50")  # 150% today: kept red, not saved
    assert model.setData(model.index(row, column["combat"]), "50")  # back to 100%: both saved
    shares = sorted((a.stream, a.percent, a.start, a.end) for a in stored().allocations if a.cost == "adv1")
    assert shares == [
        ("combat", Decimal("50"), None, date(2022, 6, 30)),
        ("federal", Decimal("100"), date(2022, 7, 1), None),
        ("health", Decimal("50"), date(2022, 3, 1), date(2022, 6, 30)),
    ]
    assert model.pending == {}
    assert model.data(model.index(row, column["health"])) == "50%"
    assert model.data(model.index(row, model.total_column)) == "100%"


def test_a_share_refused_because_of_a_later_day_says_which_day_to_look_at(session, stored):
    from fundtracker.domain.records import Allocation
    from fundtracker.ui.models.allocation_matrix import AllocationMatrixModel

    session.create(Allocation("phones", "health", Decimal("50"), None, None))
    session.create(Allocation("phones", "federal", Decimal("50"), date(2022, 7, 1), None))
    model = AllocationMatrixModel(session, date(2022, 3, 1))
    row = [key for key, _ in model.lines].index("phones")
    column = [key for key, _ in model.streams].index("health")
    assert model.data(model.index(row, model.total_column)) == "50%"  # federal's share starts later
    messages: list[str] = []
    model.problem.connect(messages.append)
    assert not model.setData(model.index(row, column), "100")
    assert messages == [
        "Advocate phones and service: Share: the shares add up to 150% from 2022-07-01; "
        "at most 100% is allowed. "
        "Shares that start on other days count too: set “Allocations as of” to 2022-07-01 to see them."
    ]
    assert [a.percent for a in stored().allocations if a.cost == "phones" and a.stream == "health"] == [Decimal(50)]


# -- 13: which fiscal year end; a deadline listed once ------------------------------------


@pytest.fixture
def november_session(qapp, tmp_path):  # type: ignore[no-untyped-def]
    """The sample laid out from November 2026, as the trial saw it."""
    from fundtracker.services.sample import sample_workspace
    from fundtracker.services.transfer import write_workspace_to
    from fundtracker.services.workspace import WorkspaceService
    from fundtracker.ui.session import WorkspaceSession

    path = tmp_path / "november.fundtracker"
    write_workspace_to(sample_workspace(date(2026, 11, 1)), path, replace=False, action="sample")
    opened = WorkspaceSession(WorkspaceService.open(path))
    yield opened
    opened.close()


def test_the_headline_names_the_fiscal_year_end_it_is_about(qtbot, november_session):
    from fundtracker.domain.months import month_of
    from fundtracker.ui.pages.dashboard import DashboardPage

    page = DashboardPage(november_session, start=month_of(2026, 11), today=date(2026, 11, 1), trials=2000)
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.chance_state == "done", timeout=15000)
    # The current fiscal year (May–April) ends April 2027, five months away; the chance is
    # about the next one, and the headline says so instead of "the fiscal year end (April 2028)".
    assert page.headline.text().endswith("chance of staying funded through April 2028, the end of next fiscal year")


def test_the_scenario_comparison_says_which_year_end_the_shortfall_runs_to(qtbot, november_session):
    from fundtracker.domain.months import month_of
    from fundtracker.ui.models.scenarios import ComparisonModel
    from fundtracker.ui.pages.scenarios import ScenariosPage

    page = ScenariosPage(november_session, start=month_of(2026, 11))
    qtbot.addWidget(page)
    model = page.comparison
    column = ComparisonModel.COL_SHORTFALL
    assert model.headerData(column, Qt.Orientation.Horizontal) == "Short to end of FY2028"
    assert model.headerData(column, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) == (
        "Unfunded cost from the start through April 2028, the end of next fiscal year (expected view)"
    )


def test_a_deadline_record_and_the_funders_decision_on_the_same_day_show_once(qtbot, session):
    from fundtracker.domain.months import month_of
    from fundtracker.ui.pages.dashboard import DashboardPage

    page = DashboardPage(session, start=month_of(2022, 3), today=date(2022, 3, 1), trials=2000)
    qtbot.addWidget(page)
    page.refresh()
    model = page.deadline_model
    shown = [tuple(model.index(row, column).data() for column in range(3)) for row in range(model.rowCount())]
    # "City decides on the appeal" is realloc's decision date too: one row, not two.
    assert [row for row in shown if row[0] == "2022-04-15"] == [
        ("2022-04-15", "decision", "City decides on the appeal")
    ]
    page.cancel_probability()


# -- 8: legends and columns that are not cut off --------------------------------------------


def test_chart_legends_name_every_line_and_stream_in_full(qtbot, session):
    from fundtracker.domain.months import month_of
    from fundtracker.ui.pages.dashboard import DashboardPage

    page = DashboardPage(session, start=month_of(2022, 3), today=date(2022, 3, 1), trials=2000)
    qtbot.addWidget(page)
    page.resize(870, 640)  # the dashboard's share of a 1024 × 700 window
    page.show()
    qtbot.waitExposed(page)
    page.refresh()
    page.cancel_probability()

    balance = page.balance_view
    assert not balance.chart().legend().isVisible()  # QtCharts' own legend elided the names
    assert [entry.name for entry in balance.entries] == ["Secured", "Expected"]
    assert balance.legend_text() == "■ Secured   ■ Expected   (solid line: balance; dashed line: unfunded cost)"

    inflow = page.inflow_view
    names = [entry.name for entry in inflow.entries]
    # (COMBAT's lump sum arrived before March 2022, so it brings no money in the chart.)
    assert sorted(names) == sorted(
        [
            "Health Department fiscal host support",
            "Community services and prevention fund…",
            "Community Violence Intervention grant",
            "Private community donors",
        ]
    )
    assert len(set(names)) == len(names)
    assert len({entry.color for entry in inflow.entries}) == len(names)
    for name in names:
        assert name in inflow.legend_text()
    for view in (balance, inflow):  # the label is tall enough for every wrapped line
        label = view.legend
        assert label.height() >= label.heightForWidth(label.width())
    assert "Community services and prevention fund (police-budget reallocation)" in inflow.legend.toolTip()


@pytest.mark.parametrize("size", [(1130, 700), (870, 600)])  # the page's share of 1280 × 800 and 1024 × 700
def test_the_scenarios_page_shows_every_column_and_choice(qtbot, session, size):
    from fundtracker.domain.months import month_of
    from fundtracker.ui.pages.scenarios import ScenariosPage

    page = ScenariosPage(session, start=month_of(2022, 3))
    qtbot.addWidget(page)
    page.resize(*size)
    page.show()
    qtbot.waitExposed(page)
    for table in (page.scenario_table, page.comparison_table):
        header = table.horizontalHeader()
        assert header.length() <= table.viewport().width(), table.accessibleName()
        for column in range(header.count()):
            assert (
                header.sectionSize(column) >= header.sectionSizeHint(column)
                or column == header.count() - 1
                or (table is page.scenario_table)
            )
    assert page.comparison_table.height() >= page.comparison_table.verticalHeader().length()
    changes = page.override_table.horizontalHeader()
    assert all(changes.sectionViewportPosition(c) < page.override_table.viewport().width() for c in range(7))
    metrics = page.stream_choice.fontMetrics()
    assert page.stream_choice.width() > metrics.horizontalAdvance("combat: COMBAT anti-crime") + 20
    chart = page.chart
    assert chart.view.width() > 600  # wide enough for every month label on the axis
    assert [entry.name for entry in chart.entries] == ["Baseline (no scenario)", "Scenario 1"][: len(chart.entries)]
