"""The allocation matrix model, without a window."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt

from fundtracker.ui.models.allocation_matrix import OVER_COLOR, AllocationMatrixModel

DISPLAY = Qt.ItemDataRole.DisplayRole


def cell(model: AllocationMatrixModel, cost: str, stream: str):  # type: ignore[no-untyped-def]
    row = [key for key, _ in model.lines].index(cost)
    column = [key for key, _ in model.streams].index(stream)
    return model.index(row, column)


def total(model: AllocationMatrixModel, cost: str):  # type: ignore[no-untyped-def]
    row = [key for key, _ in model.lines].index(cost)
    return model.index(row, model.total_column)


def test_matrix_shows_the_shares_in_effect_on_the_day(session) -> None:
    early = AllocationMatrixModel(session, date(2022, 3, 1))
    assert early.rowCount() == 7  # 4 positions, 3 expenses
    assert early.columnCount() == 6  # 5 streams and the total
    assert early.data(cell(early, "adv1", "combat"), DISPLAY) == "100%"
    assert early.data(cell(early, "adv1", "federal"), DISPLAY) == ""
    assert early.data(total(early, "adv1"), DISPLAY) == "100%"
    assert early.data(total(early, "phones"), DISPLAY) == "0%"
    late = AllocationMatrixModel(session, date(2022, 8, 1))
    assert late.data(cell(late, "adv1", "combat"), DISPLAY) == ""
    assert late.data(cell(late, "adv1", "federal"), DISPLAY) == "100%"


def test_setting_a_share_creates_an_allocation_and_undo_removes_it(session, stored) -> None:
    model = AllocationMatrixModel(session, date(2022, 3, 1))
    assert model.setData(cell(model, "phones", "health"), "50")
    saved = [a for a in stored().allocations if a.cost == "phones"]
    assert [(a.stream, a.percent, a.start) for a in saved] == [("health", Decimal("50"), None)]
    assert model.data(total(model, "phones"), DISPLAY) == "50%"
    session.undo_stack.undo()
    assert not [a for a in stored().allocations if a.cost == "phones"]


def test_changing_and_clearing_a_share(session, stored) -> None:
    model = AllocationMatrixModel(session, date(2022, 3, 1))
    assert model.setData(cell(model, "lead", "health"), "60%")
    assert [a.percent for a in stored().allocations if a.cost == "lead"] == [Decimal("60")]
    assert model.setData(cell(model, "lead", "health"), "")
    assert not [a for a in stored().allocations if a.cost == "lead"]


def test_a_row_over_100_is_refused_kept_red_and_saved_once_fixed(session, stored) -> None:
    model = AllocationMatrixModel(session, date(2022, 3, 1))
    messages: list[str] = []
    model.problem.connect(messages.append)
    assert not model.setData(cell(model, "lead", "realloc"), "30")
    assert "add up to 130%" in messages[0] and "at most 100% is allowed" in messages[0]
    assert model.data(total(model, "lead"), DISPLAY) == "130%"
    assert model.data(total(model, "lead"), Qt.ItemDataRole.ForegroundRole).color() == OVER_COLOR
    assert model.data(cell(model, "lead", "realloc"), DISPLAY) == "30%"  # what was typed stays
    assert not [a for a in stored().allocations if a.cost == "lead" and a.stream == "realloc"]
    # Lowering health to 70 brings the row to 100 %: both shares are saved together.
    assert model.setData(cell(model, "lead", "health"), "70")
    shares = {a.stream: a.percent for a in stored().allocations if a.cost == "lead"}
    assert shares == {"health": Decimal("70"), "realloc": Decimal("30")}
    assert model.data(total(model, "lead"), DISPLAY) == "100%"
    assert model.data(total(model, "lead"), Qt.ItemDataRole.ForegroundRole) is None
    session.undo_stack.undo()
    assert {a.stream: a.percent for a in stored().allocations if a.cost == "lead"} == {"health": Decimal("100")}


def test_bad_percent_text_is_refused(session) -> None:
    model = AllocationMatrixModel(session, date(2022, 3, 1))
    messages: list[str] = []
    model.problem.connect(messages.append)
    assert not model.setData(cell(model, "lead", "health"), "half")
    assert messages == ['Percent: not a percent: \'half\'; write a number such as "35" or "35%"']
