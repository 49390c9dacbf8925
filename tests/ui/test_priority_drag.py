"""Staff & costs: drag a row to change who is paid first, as one undoable change (issue 13)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex, Qt

from fundtracker import forecast
from fundtracker.domain.months import month_of
from fundtracker.ui.models.priority_drag import MIME_TYPE, reordered
from fundtracker.ui.pages import record_specs as specs
from fundtracker.ui.pages.record_panel import RecordPanel

pytestmark = pytest.mark.gui

MOVE = Qt.DropAction.MoveAction


def proxy_row(panel: RecordPanel, key: str) -> int:
    proxy = panel.table.model()
    return next(
        r for r in range(proxy.rowCount()) if panel.model.record(proxy.mapToSource(proxy.index(r, 0)).row()).key == key
    )


def priorities(stored) -> dict[str, int | None]:  # type: ignore[no-untyped-def]
    return {p.key: p.priority for p in stored().positions}


def test_dropping_the_lead_on_the_first_advocate_protects_the_lead_first(qtbot, session, stored) -> None:
    panel = RecordPanel(session, specs.POSITION)
    qtbot.addWidget(panel)
    view, proxy = panel.table, panel.table.model()
    assert view.dragEnabled() and view.acceptDrops()
    assert view.dragDropMode() == view.DragDropMode.DragDrop and view.defaultDropAction() == MOVE
    # The view drags what it selected: the lead's row, through the sorting proxy.
    dragged = [proxy.index(proxy_row(panel, "lead"), c) for c in range(proxy.columnCount())]
    data = proxy.mimeData(dragged)
    assert data.hasFormat(MIME_TYPE) and MIME_TYPE in proxy.mimeTypes()
    target = proxy.index(proxy_row(panel, "adv1"), 1)
    assert proxy.canDropMimeData(data, MOVE, -1, -1, target)
    undo_count = session.undo_stack.count()
    assert proxy.dropMimeData(data, MOVE, -1, -1, target)
    # No priorities before: the charging order was by key (adv1, adv2, adv3, lead); the lead now
    # goes before adv1 and every position is numbered in that order.
    assert priorities(stored) == {"lead": 1, "adv1": 2, "adv2": 3, "adv3": 4}
    assert session.undo_stack.count() == undo_count + 1
    assert session.undo_stack.undoText() == "Move Team Lead to priority 1"
    # The table now shows the new order (sorted by priority) …
    shown = [panel.model.record(proxy.mapToSource(proxy.index(r, 0)).row()).key for r in range(proxy.rowCount())]
    assert shown == ["lead", "adv1", "adv2", "adv3"]
    # … and the engine charges the lead first: on secured money the lead is funded longest.
    projection = forecast.forecast(stored(), "secured", start=month_of(2022, 1), months=36)
    assert [line.key for line in projection.lines if line.kind == "position"] == ["lead", "adv1", "adv2", "adv3"]
    # One undo puts every priority back.
    session.undo_stack.undo()
    assert priorities(stored) == {"lead": None, "adv1": None, "adv2": None, "adv3": None}


def test_dropping_below_the_last_row_moves_to_the_end_and_between_rows_before_the_row_below(
    qtbot, session, stored
) -> None:
    panel = RecordPanel(session, specs.POSITION)
    qtbot.addWidget(panel)
    proxy = panel.table.model()
    data = proxy.mimeData([proxy.index(proxy_row(panel, "adv1"), 1)])
    assert proxy.dropMimeData(data, MOVE, -1, -1, QModelIndex())  # the empty area under the rows
    assert priorities(stored) == {"adv2": 1, "adv3": 2, "lead": 3, "adv1": 4}
    # Between rows: row r means "before the row now at r" (sorted by priority: adv2, adv3, lead, adv1).
    data = proxy.mimeData([proxy.index(proxy_row(panel, "adv1"), 1)])
    assert proxy.dropMimeData(data, MOVE, 1, 0, QModelIndex())
    assert priorities(stored) == {"adv2": 1, "adv1": 2, "adv3": 3, "lead": 4}


def test_a_position_is_not_dropped_among_expenses_and_a_row_on_itself_changes_nothing(qtbot, session, stored) -> None:
    positions = RecordPanel(session, specs.POSITION)
    expenses = RecordPanel(session, specs.EXPENSE)
    qtbot.addWidget(positions)
    qtbot.addWidget(expenses)
    data = positions.table.model().mimeData([positions.table.model().index(proxy_row(positions, "lead"), 1)])
    target = expenses.table.model().index(0, 1)
    assert not expenses.table.model().canDropMimeData(data, MOVE, -1, -1, target)
    assert not expenses.table.model().dropMimeData(data, MOVE, -1, -1, target)
    count = session.undo_stack.count()
    own = positions.table.model().index(proxy_row(positions, "lead"), 1)
    assert not positions.table.model().dropMimeData(data, MOVE, -1, -1, own)
    assert session.undo_stack.count() == count
    assert all(p is None for p in priorities(stored).values())


def test_reordered_keeps_the_others_in_charging_order() -> None:
    from types import SimpleNamespace as R

    records = [R(key="a", priority=None), R(key="b", priority=2), R(key="c", priority=1), R(key="d", priority=None)]
    assert [r.key for r in reordered(records, ["d"], "b")] == ["c", "d", "b", "a"]
    assert [r.key for r in reordered(records, ["c"], None)] == ["b", "a", "d", "c"]
