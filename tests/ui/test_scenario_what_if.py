"""What-ifs from the Scenarios page: a planned hire, a share, who is paid first (issue 13).

Every change is made with the page's own buttons and table cells; each goes through the session
(one undoable change) and the comparison shows the engine's figures for the scenario.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from fundtracker import forecast
from fundtracker.domain.months import month_of
from fundtracker.domain.records import AddPosition, AllocationOverride, Position, PriorityOverride
from fundtracker.ui.pages.scenarios import ScenariosPage

pytestmark = pytest.mark.gui

MARCH_2022 = month_of(2022, 3)
DISPLAY = Qt.ItemDataRole.DisplayRole


@pytest.fixture
def page(qtbot, session):  # type: ignore[no-untyped-def]
    shown = ScenariosPage(session, start=MARCH_2022)
    qtbot.addWidget(shown)
    qtbot.mouseClick(shown.new_button, Qt.MouseButton.LeftButton)
    return shown


def choose(combo, key: str) -> None:  # type: ignore[no-untyped-def]
    index = combo.findData(key)
    assert index >= 0, key
    combo.setCurrentIndex(index)


def comparison_of(page: ScenariosPage, key: str):  # type: ignore[no-untyped-def]
    return next(row for row in page.comparison.rows if row.key == key)


def test_protect_first_gives_priority_one_and_the_comparison_follows(qtbot, page, session, stored) -> None:
    key = page.selected_key()
    assert page.what_if_button.menu().actions() == [page.hire_action, page.share_action, page.priority_action]
    choose(page.position_choice, "lead")
    page.priority_action.trigger()
    scenario = stored().find("scenario", key)
    assert scenario.overrides == (PriorityOverride("lead", 1),)
    assert session.undo_stack.undoText() == "Protect Team Lead first"
    model = page.overrides
    assert model.data(model.index(0, model.COL_TARGET), DISPLAY) == "Priority: Team Lead"
    assert model.data(model.index(0, model.COL_PRIORITY), DISPLAY) == "1"
    # The engine charges the lead first in the scenario: the comparison's figures are its figures.
    secured = forecast.forecast(stored(), "secured", key, start=MARCH_2022, months=36)
    assert secured.lines[0].key == "lead"
    assert comparison_of(page, key).secured_through == secured.funded_through
    assert comparison_of(page, key).projection.lines[0].key == "lead"
    # The number is edited in the table like any other change.
    assert model.setData(model.index(0, model.COL_PRIORITY), "3")
    assert stored().find("scenario", key).overrides == (PriorityOverride("lead", 3),)
    assert not model.setData(model.index(0, model.COL_PRIORITY), "0")
    assert stored().find("scenario", key).overrides == (PriorityOverride("lead", 3),)


def test_plan_a_hire_then_give_it_a_share_and_undo(qtbot, page, session, stored) -> None:
    key = page.selected_key()
    choose(page.position_choice, "adv1")
    page.hire_action.trigger()
    adv1 = stored().find("position", "adv1")
    (added,) = stored().find("scenario", key).overrides
    assert isinstance(added, AddPosition)
    assert added.position == Position(
        "hire-1",
        "New Client Advocate",
        adv1.annual_salary,
        date(2022, 4, 1),  # the month after the comparison's first (March 2022)
        fte=adv1.fte,
        fringe_rate=adv1.fringe_rate,
        annual_raise=adv1.annual_raise,
    )
    model = page.overrides
    assert model.data(model.index(0, model.COL_TARGET), DISPLAY) == "Planned hire: New Client Advocate"
    # Title, salary and start are the table's cells.
    assert model.setData(model.index(0, model.COL_TARGET), "Outreach worker")
    assert model.setData(model.index(0, model.COL_AMOUNT), "48,000")
    assert model.setData(model.index(0, model.COL_START), "2022-07-01")
    hire = stored().find("scenario", key).overrides[0].position
    assert (hire.title, hire.annual_salary, hire.start) == ("Outreach worker", 4_800_000, date(2022, 7, 1))
    # The hire is now a choice; the federal stream pays all of it (nothing pays it yet: 100 %).
    choose(page.position_choice, "hire-1")
    choose(page.stream_choice, "federal")
    page.share_action.trigger()
    overrides = stored().find("scenario", key).overrides
    assert overrides[1] == AllocationOverride("hire-1", "federal", Decimal("100"))
    federal = stored().find("stream", "federal").name
    assert model.data(model.index(1, model.COL_TARGET), DISPLAY) == f"Share: Outreach worker paid by {federal}"
    assert model.setData(model.index(1, model.COL_SHARE), "60")
    assert stored().find("scenario", key).overrides[1].percent == Decimal("60")
    # The engine sees the hire and its share: the comparison is its projection.
    expected = forecast.forecast(stored(), "expected", key, start=MARCH_2022, months=36)
    assert "hire-1" in expected.line_totals
    assert comparison_of(page, key).unfunded == int(expected.unfunded.sum())
    assert comparison_of(page, key).projection.line_totals["hire-1"] == expected.line_totals["hire-1"]
    # Each step was one undoable change: undo the share edit, the share, the three cell edits, the hire.
    for _ in range(6):
        session.undo_stack.undo()
    assert stored().find("scenario", key).overrides == ()


def test_a_share_of_an_allocated_position_starts_from_its_current_percent(qtbot, page, stored) -> None:
    key = page.selected_key()
    workspace = stored()
    day = date(2022, 3, 1)
    current = next(
        a
        for a in workspace.allocations
        if a.cost == "lead" and (a.start is None or a.start <= day) and (a.end is None or day <= a.end)
    )
    choose(page.position_choice, "lead")
    choose(page.stream_choice, current.stream)
    page.share_action.trigger()
    assert stored().find("scenario", key).overrides == (AllocationOverride("lead", current.stream, current.percent),)
