"""The record table models, without any window."""

from __future__ import annotations

from PySide6.QtCore import Qt

from fundtracker.ui.models.record_table import KEY_ROLE, RECORD_ROLE, SORT_ROLE, RecordFilterProxy
from fundtracker.ui.models.tables import (
    ApplicationTableModel,
    DeadlineTableModel,
    ExpenseTableModel,
    PositionTableModel,
    StreamTableModel,
)

DISPLAY = Qt.ItemDataRole.DisplayRole
EDIT = Qt.ItemDataRole.EditRole


def test_stream_rows_show_the_sample_streams(session) -> None:
    model = StreamTableModel(session)
    assert model.rowCount() == 5
    assert model.columnCount() == len(StreamTableModel.FIELDS)
    row = model.row_of("combat")
    assert model.data(model.index(row, model.COL_AMOUNT), DISPLAY) == "$78,268"
    assert model.data(model.index(row, model.COL_AMOUNT), EDIT) == "78,268.00"
    assert model.data(model.index(row, model.COL_STATUS), DISPLAY) == "secured"
    realloc = model.row_of("realloc")
    assert model.data(model.index(realloc, model.COL_PROBABILITY), DISPLAY) == "35%"
    assert model.data(model.index(realloc, model.COL_SCHEDULE), DISPLAY) == "monthly"
    assert model.data(model.index(row, model.COL_KEY), KEY_ROLE) == "combat"
    assert model.data(model.index(row, model.COL_KEY), RECORD_ROLE).amount == 7826800
    assert model.headerData(model.COL_AMOUNT, Qt.Orientation.Horizontal) == "Amount"
    alignment = model.data(model.index(row, model.COL_AMOUNT), Qt.ItemDataRole.TextAlignmentRole)
    assert alignment & Qt.AlignmentFlag.AlignRight


def test_editing_an_amount_saves_it_and_audits(session, stored) -> None:
    model = StreamTableModel(session)
    row = model.row_of("combat")
    assert model.setData(model.index(row, model.COL_AMOUNT), "$80,000.50")
    assert stored().stream("combat").amount == 8000050
    assert model.data(model.index(row, model.COL_AMOUNT), DISPLAY) == "$80,000.50"
    last = session.service.audit_log(limit=1)[0]
    assert (last.action, last.kind, last.key) == ("update", "stream", "combat")


def test_bad_amount_is_refused_with_the_domain_message_and_nothing_saved(session, stored) -> None:
    model = StreamTableModel(session)
    messages: list[str] = []
    model.problem.connect(messages.append)
    row = model.row_of("combat")
    before = session.service.audit_count()
    assert not model.setData(model.index(row, model.COL_AMOUNT), "12x")
    assert messages and messages[0].startswith("Amount: not a money amount: '12x'")
    assert stored().stream("combat").amount == 7826800
    assert session.service.audit_count() == before


def test_a_rule_broken_across_fields_names_the_field(session, stored) -> None:
    model = StreamTableModel(session)
    messages: list[str] = []
    model.problem.connect(messages.append)
    row = model.row_of("combat")
    assert not model.setData(model.index(row, model.COL_END), "2021-06-30")
    assert messages == ["COMBAT anti-crime tax allocation: Ends: ends 2021-06-30 before it starts 2022-01-01"]
    assert stored().stream("combat").end.isoformat() == "2022-12-31"


def test_probability_is_edited_as_a_percent(session, stored) -> None:
    model = StreamTableModel(session)
    row = model.row_of("realloc")
    assert model.setData(model.index(row, model.COL_PROBABILITY), "40%")
    assert str(stored().stream("realloc").probability) == "0.4"


def test_choice_column_accepts_labels_and_refuses_others(session) -> None:
    model = StreamTableModel(session)
    messages: list[str] = []
    model.problem.connect(messages.append)
    row = model.row_of("donors")
    assert model.setData(model.index(row, model.COL_STATUS), "secured")
    assert session.workspace.stream("donors").status == "secured"
    assert not model.setData(model.index(row, model.COL_STATUS), "maybe")
    assert "use one of: secured, pending, contested, prospect, declined" in messages[0]


def test_undo_reverts_a_model_edit_in_the_database(session, stored) -> None:
    model = PositionTableModel(session)
    row = model.row_of("lead")
    assert model.setData(model.index(row, model.COL_SALARY), "65000")
    assert stored().find("position", "lead").annual_salary == 6500000
    session.undo_stack.undo()
    assert stored().find("position", "lead").annual_salary == 6200000
    assert model.data(model.index(row, model.COL_SALARY), DISPLAY) == "$62,000"
    assert session.service.audit_log(limit=1)[0].action == "update"
    session.undo_stack.redo()
    assert stored().find("position", "lead").annual_salary == 6500000


def test_position_fringe_empty_means_the_organization_rate(session) -> None:
    model = PositionTableModel(session)
    row = model.row_of("adv1")
    assert model.data(model.index(row, model.COL_FRINGE), DISPLAY) == "—"
    assert model.setData(model.index(row, model.COL_FRINGE), "30")
    assert str(session.workspace.find("position", "adv1").fringe_rate) == "0.3"
    assert model.setData(model.index(row, model.COL_FRINGE), "")
    assert session.workspace.find("position", "adv1").fringe_rate is None


def test_expense_and_deadline_models(session) -> None:
    expenses = ExpenseTableModel(session)
    row = expenses.row_of("phones")
    assert expenses.data(expenses.index(row, expenses.COL_AMOUNT), DISPLAY) == "$120"
    assert expenses.data(expenses.index(row, expenses.COL_RECURRENCE), DISPLAY) == "monthly"
    deadlines = DeadlineTableModel(session)
    assert deadlines.rowCount() == len(session.workspace.deadlines)
    field = deadlines.FIELDS[deadlines.COL_STREAM]
    assert deadlines.choices(field) == ("combat", "health", "realloc", "federal", "donors")


def test_application_stream_reference_must_exist(session) -> None:
    model = ApplicationTableModel(session)
    messages: list[str] = []
    model.problem.connect(messages.append)
    row = model.row_of("bja_cvi")
    assert not model.setData(model.index(row, model.COL_STREAM), "nowhere")
    assert "'nowhere' is not allowed" in messages[0]
    assert model.setData(model.index(row, model.COL_STREAM), "")
    assert session.workspace.find("application", "bja_cvi").stream is None


def test_rows_follow_creates_and_deletes(session) -> None:
    model = ExpenseTableModel(session)
    count = model.rowCount()
    session.delete("expense", "phones")
    assert model.rowCount() == count - 1
    assert model.row_of("phones") == -1
    session.undo_stack.undo()
    assert model.row_of("phones") >= 0


def test_proxy_sorts_money_by_value_and_filters_text(session) -> None:
    model = StreamTableModel(session)
    proxy = RecordFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(model.COL_AMOUNT, Qt.SortOrder.DescendingOrder)
    keys = [proxy.data(proxy.index(r, model.COL_KEY), DISPLAY) for r in range(proxy.rowCount())]
    assert keys == ["federal", "realloc", "health", "combat", "donors"]
    assert proxy.data(proxy.index(0, model.COL_AMOUNT), SORT_ROLE) == 45000000
    proxy.setFilterFixedString("county")
    assert proxy.rowCount() == 1
