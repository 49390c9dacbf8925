"""The runway warnings where the user acts: the allocation matrix page and the dashboard (issue 13)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from fundtracker.domain.months import month_of
from fundtracker.services.transfer import write_workspace_to
from fundtracker.services.workspace import WorkspaceService
from tests.services.test_runway_warnings import workspace
from tests.ui.test_allocation_matrix import cell

pytestmark = pytest.mark.gui

PERIOD_FEDERAL = (
    "Federal grant starts 2027-06-01; this share of Coordinator is unpaid January–May 2027: "
    "Coordinator goes $25,000.00 short in those months"
)
LAPSE = (
    "$85,000.00 of City fund lapses in January 2028 while Team Lead goes unfunded from January 2027: "
    "allocate Team Lead to it?"
)
UNPAID = (
    "Team Lead is paid by nothing: it is allocated to no stream and no unrestricted money reaches it "
    "($120,000.00 unfunded from January 2027)"
)


@pytest.fixture
def small_session(qapp, tmp_path: Path):  # type: ignore[no-untyped-def]
    from fundtracker.ui.session import WorkspaceSession

    path = tmp_path / "small.fundtracker"
    write_workspace_to(workspace(), path, replace=False, action="sample")
    opened = WorkspaceSession(WorkspaceService.open(path))
    yield opened
    opened.close()


def test_the_allocation_page_warns_and_follows_the_edit(qtbot, small_session) -> None:
    from fundtracker.ui.pages.allocations import WARNING_MONTHS, AllocationsPage

    page = AllocationsPage(small_session, date(2027, 1, 1))
    qtbot.addWidget(page)
    assert WARNING_MONTHS == 36
    # 36 months from January 2027: federal's share is unpaid after it ends too (January–December
    # 2029: both halves, 12 × $10,000.00), and the lead is unfunded 36 × $5,000.00.
    assert page.warning_list[0] == PERIOD_FEDERAL
    assert page.warning_list[1] == (
        "Federal grant ends 2028-12-31; this share of Coordinator is unpaid January–December 2029: "
        "Coordinator goes $120,000.00 short in those months"
    )
    assert page.warning_list[3:] == [LAPSE, UNPAID.replace("$120,000.00", "$180,000.00")]
    assert page.warnings.text().startswith(
        f"Warnings (expected view, 36 months from January 2027):\n⚠ {PERIOD_FEDERAL}\n⚠ "
    )
    assert not page.warnings.isHidden()
    # Taking the advice in the matrix: the lead paid by the city fund. The lapse and the unpaid
    # lead go; the lead's city share after January 2028 is now the warning.
    assert page.model.setData(cell(page.model, "lead", "city"), "100")
    assert [m.split(";")[0] for m in page.warning_list] == [
        "Federal grant starts 2027-06-01",
        "Federal grant ends 2028-12-31",
        "City fund ends 2028-01-31",
        "City fund ends 2028-01-31",
    ]
    assert "this share of Team Lead is unpaid February 2028–December 2029" in page.warning_list[3]
    small_session.undo_stack.undo()
    assert page.warning_list[-2:] == [LAPSE, UNPAID.replace("$120,000.00", "$180,000.00")]


def test_the_dashboard_lists_the_warnings_and_opens_where_they_are_fixed(qtbot, small_session) -> None:
    from fundtracker.ui.pages.dashboard import DashboardPage

    page = DashboardPage(small_session, start=month_of(2027, 1), today=date(2027, 1, 1), trials=200)
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.figures is not None, timeout=15000)
    model = page.warning_model
    shown = [model.data(model.index(r, 0), Qt.ItemDataRole.DisplayRole) for r in range(model.rowCount())]
    assert shown == [w.message for w in page.figures.warnings]
    assert shown[0] == PERIOD_FEDERAL and shown[-1] == UNPAID.replace("$120,000.00", "$180,000.00")
    assert not page.warning_box.isHidden()
    opened: list[tuple[str, str]] = []
    page.open_record.connect(lambda kind, key: opened.append((kind, key)))
    page.warning_table.activated.emit(model.index(len(shown) - 1, 0))
    page.warning_table.activated.emit(model.index(0, 0))
    assert opened == [("position", "lead"), ("allocation", "coord")]


def test_no_warnings_no_box(qtbot, session) -> None:
    from fundtracker.ui.pages.dashboard import DashboardPage

    page = DashboardPage(session, start=month_of(2022, 1), today=date(2022, 1, 1), trials=200)
    qtbot.addWidget(page)
    page.refresh()
    qtbot.waitUntil(lambda: page.figures is not None, timeout=15000)
    # The sample has two shares past their stream's end (Health Department, COMBAT), nothing else.
    assert [w.kind for w in page.figures.warnings] == ["outside_period", "outside_period"]
