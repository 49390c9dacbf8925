"""File ▸ Import actual spending… driven like a user: choose, map, preview, import, undo; bad rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from fundtracker.ui.import_actuals_dialog import NOT_IN_FILE, ImportActualsDialog, mappings_path
from fundtracker.ui.models.actuals_import import BadRowModel, CodeMappingModel, PreviewModel

pytestmark = pytest.mark.gui

CLEAN = """Date,Account,Class,Memo,Amount
01/31/2022,Salaries & Wages,COMBAT,January payroll,"4,333.33"
01/31/2022,Employee Benefits,combat,January benefits,1083.33
02/03/2022,Office Supplies,Health Department fiscal host support,Refund,(25.00)
02/10/2022,Telephone,,Phones,120.00
02/11/2022,Consulting,DOJ-CVI,Trainer,500.00
"""
BAD = """Posted,GL Account,Fund,Description,Net
01/31/2022,Salaries,combat,Payroll,100.00
31/31/2022,Salaries,combat,Payroll,100.00
02/01/2022,Supplies,health,Paper,12.5x
02/02/2022,Supplies,health,Pens,3.00
"""


@pytest.fixture
def dialog(qtbot, session):
    widget = ImportActualsDialog(session)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def load(qtbot, dialog: ImportActualsDialog, path: Path) -> None:
    task = dialog.load_file(path)
    qtbot.waitUntil(lambda: task.done, timeout=10000)
    assert dialog.table is not None


def run_import(qtbot, dialog: ImportActualsDialog) -> None:
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.task is not None and dialog.task.done, timeout=10000)


def cells(model, row: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [model.index(row, column).data() for column in range(model.columnCount())]


def test_choose_map_preview_import_and_undo(qtbot, dialog, session, stored, tmp_path) -> None:
    path = tmp_path / "books.csv"
    path.write_text(CLEAN, encoding="utf-8")
    load(qtbot, dialog, path)
    # The guessed mapping is preselected; debit and credit are not used with an amount column.
    chosen = {name: combo.currentText() for name, combo in dialog.combos.items()}
    assert chosen == {
        "date": "Date",
        "amount": "Amount",
        "debit": NOT_IN_FILE,
        "credit": NOT_IN_FILE,
        "account": "Account",
        "category": NOT_IN_FILE,
        "code": "Class",
        "memo": "Memo",
        "payee": NOT_IN_FILE,
        "number": NOT_IN_FILE,
        "stream": NOT_IN_FILE,
    }
    assert dialog.mapping_note.text() == "Columns guessed from the file's headers; check them."
    assert dialog.file_note.text().startswith("5 transaction rows")
    preview = dialog.preview
    assert preview.rowCount() == 5
    assert cells(preview, 0) == ["2", "2022-01-31", "$4,333.33", "personnel", "COMBAT", "January payroll", "combat", ""]
    assert cells(preview, 2)[PreviewModel.COL_AMOUNT] == "-$25.00"
    assert cells(preview, 2)[PreviewModel.COL_STREAM] == "health"
    assert cells(preview, 4)[PreviewModel.COL_STREAM] == "(no stream)"

    # DOJ-CVI is no stream's key or name: send it to the federal stream on the Codes tab.
    codes = dialog.codes
    row = [code for code, _ in codes.counts].index("DOJ-CVI")
    assert codes.data(codes.index(row, CodeMappingModel.COL_STREAM)) == "(no stream)"
    assert codes.setData(codes.index(row, CodeMappingModel.COL_STREAM), "federal")
    assert cells(preview, 4)[PreviewModel.COL_STREAM] == "federal"

    audit_before = session.service.audit_count()
    run_import(qtbot, dialog)
    actuals = stored().actuals
    assert [(a.stream, a.amount) for a in actuals] == [
        ("combat", 433_333),
        ("combat", 108_333),
        ("health", -2_500),
        (None, 12_000),
        ("federal", 50_000),
    ]
    batch = actuals[0].batch
    assert dialog.result_label.text() == (
        f"Imported 5 rows ($6,011.66) from books.csv as batch {batch}; 1 matched no funding stream. "
        "Edit ▸ Undo removes them."
    )
    assert session.service.audit_count() == audit_before + 1
    entry = session.service.audit_log(limit=1)[0]
    assert (entry.action, entry.kind, entry.key) == ("import", "actual", batch)
    # The mapping is remembered for the next file, codes included.
    remembered = json.loads(mappings_path().read_text(encoding="utf-8"))["last"]
    assert remembered["columns"]["code"] == "Class" and remembered["codes"] == {"DOJ-CVI": "federal"}

    # One undo step: Undo removes the batch, Redo brings it back with the same id.
    assert session.undo_stack.undoText() == "Import 5 actual rows from books.csv"
    session.undo_stack.undo()
    assert stored().actuals == ()
    assert session.service.audit_log(limit=1)[0].action == "undo import"
    session.undo_stack.redo()
    again = stored().actuals
    assert [a.key for a in again] == [a.key for a in actuals]
    assert [(a.stream, a.amount, a.batch) for a in again] == [(a.stream, a.amount, a.batch) for a in actuals]


def test_bad_rows_are_all_listed_and_nothing_is_imported(qtbot, dialog, session, stored, tmp_path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(BAD, encoding="utf-8")
    load(qtbot, dialog, path)
    assert dialog.combos["date"].currentText() == "Posted"
    assert cells(dialog.preview, 1)[PreviewModel.COL_PROBLEM].startswith("Posted: ")
    steps = session.undo_stack.count()
    run_import(qtbot, dialog)
    bad = dialog.bad_rows
    listed = [cells(bad, row)[: BadRowModel.COL_MESSAGE] for row in range(bad.rowCount())]
    assert listed == [["3", "Posted"], ["4", "Net"]]
    assert "31/31/2022" in cells(bad, 0)[BadRowModel.COL_MESSAGE]
    assert dialog.tabs.currentWidget() is dialog.bad_table
    assert dialog.tabs.tabText(2) == "Bad rows (2)"
    assert dialog.result_label.text() == "Nothing was imported: 2 rows to fix (listed under Bad rows)."
    assert stored().actuals == ()
    assert session.undo_stack.count() == steps


def test_a_reimport_lists_duplicates_or_leaves_them_out(qtbot, session, stored, tmp_path) -> None:
    path = tmp_path / "books.csv"
    path.write_text(CLEAN, encoding="utf-8")
    first = ImportActualsDialog(session)
    qtbot.addWidget(first)
    load(qtbot, first, path)
    run_import(qtbot, first)
    assert len(stored().actuals) == 5

    second = ImportActualsDialog(session)
    qtbot.addWidget(second)
    load(qtbot, second, path)
    assert second.mapping_note.text() == "Columns as you mapped them last time."
    run_import(qtbot, second)
    messages = [cells(second.bad_rows, row)[BadRowModel.COL_MESSAGE] for row in range(second.bad_rows.rowCount())]
    assert len(messages) == 5 and all(m.startswith("already imported: ") for m in messages)
    assert messages[0] == (
        "already imported: 2022-01-31 4333.33 account 'Salaries & Wages' code 'COMBAT' memo 'January payroll' "
        "(tick “Leave out rows imported before” to import the rest)"
    )
    assert len(stored().actuals) == 5
    second.skip_duplicates.setChecked(True)
    run_import(qtbot, second)
    assert second.result_label.text() == "Nothing new: all 5 rows of books.csv were imported before."
    assert len(stored().actuals) == 5


def test_a_mapping_without_a_date_says_so_and_cannot_import(qtbot, dialog, tmp_path) -> None:
    path = tmp_path / "books.csv"
    path.write_text(CLEAN, encoding="utf-8")
    load(qtbot, dialog, path)
    dialog.combos["date"].setCurrentIndex(0)
    assert dialog.mapping_problem.text().startswith("map a column to 'date'")
    assert not dialog.import_button.isEnabled()
    assert dialog.preview.rowCount() == 0
    dialog.combos["date"].setCurrentIndex(dialog.combos["date"].findText("Date"))
    assert dialog.import_button.isEnabled() and dialog.mapping_problem.text() == ""


def test_an_unreadable_file_says_why(qtbot, dialog, tmp_path) -> None:
    path = tmp_path / "books.xlsx"
    path.write_text("not a workbook", encoding="utf-8")
    task = dialog.load_file(path)
    qtbot.waitUntil(lambda: task.done, timeout=10000)
    assert dialog.table is None
    assert dialog.file_note.text().startswith("Could not read books.xlsx: ")
    assert "Traceback" not in dialog.file_note.text()


def test_a_long_file_is_read_row_by_row_and_imported_whole(qtbot, dialog, stored, tmp_path) -> None:
    # The dialog keeps the first rows and the code column's values, not the file (issue 18).
    lines = ["Date,Amount,Class,Memo"]
    lines += [f"01/{1 + n % 28:02d}/2022,{n}.00,{'COMBAT' if n % 3 else 'HEALTH'},memo {n}" for n in range(300)]
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    load(qtbot, dialog, path)
    assert dialog.table is not None and len(dialog.table.rows) == 20
    assert dialog.file_note.text().startswith("300 transaction rows")
    assert dialog.tabs.tabText(0) == "Preview (first 20 of 300 rows)"
    assert dict(dialog.codes.counts) == {"COMBAT": 200, "HEALTH": 100}
    run_import(qtbot, dialog)
    actuals = stored().actuals
    # 0 + 1 + … + 299 dollars = 44,850.00
    assert len(actuals) == 300 and sum(a.amount for a in actuals) == 4_485_000
    assert {a.stream for a in actuals} == {"combat", "health"}


def test_a_file_changed_after_it_was_read_is_not_imported(qtbot, dialog, stored, tmp_path) -> None:
    path = tmp_path / "books.csv"
    path.write_text(CLEAN, encoding="utf-8")
    load(qtbot, dialog, path)
    path.write_text(CLEAN.replace("Date,Account", "Posted,Account"), encoding="utf-8")
    run_import(qtbot, dialog)
    assert dialog.result_label.text() == (
        "Nothing was imported: books.csv: the file changed since it was read; choose it again"
    )
    assert stored().actuals == ()
