"""The import dialog's Accounts → categories tab and its late-bills option, driven like a user."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from fundtracker.domain.months import month_of
from fundtracker.exports import actuals_import as files
from fundtracker.ui.import_actuals_dialog import ImportActualsDialog, mapping_for, mappings_path
from fundtracker.ui.models.actuals_import import AccountCategoryModel, PreviewModel

pytestmark = pytest.mark.gui

LATE_OCT = """Date,Account,Class,Memo,Amount
01/05/2022,Office Supplies,COMBAT,Paper,35.40
01/07/2022,Local Travel,health,Mileage,42.10
01/09/2022,Printing,,Flyers,80.00
01/10/2022,Printing,,Posters,20.00
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


def _accounts(dialog) -> list[list[str]]:
    model = dialog.accounts
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_a_remembered_mapping_without_account_keeps_the_files_account_column(qtbot, dialog, tmp_path) -> None:
    mappings_path().parent.mkdir(parents=True, exist_ok=True)
    last = {"columns": {"date": "Date", "amount": "Amount", "code": "Class", "memo": "Memo"}, "codes": {}}
    mappings_path().write_text(json.dumps({"last": last, "named": {}}), encoding="utf-8")
    path = tmp_path / "late-oct.csv"
    path.write_text(LATE_OCT, encoding="utf-8")
    load(qtbot, dialog, path)
    assert dialog.combos["account"].currentData() == "Account"
    assert dialog.mapping_note.text() == (
        "Columns as you mapped them last time; Account guessed from this file's headers: check them."
    )
    categories = [dialog.preview.index(r, PreviewModel.COL_CATEGORY).data() for r in range(4)]
    assert categories == ["supplies", "travel", "supplies", "supplies"]  # not "other"
    mapping, note = mapping_for(("Date", "Amount"), None)
    assert note == "Columns guessed from the file's headers; check them." and mapping == files.guess_mapping(
        ("Date", "Amount")
    )


def test_accounts_chosen_in_the_tab_sort_the_rows_and_are_kept_in_the_workspace(
    qtbot, dialog, session, stored, tmp_path
) -> None:
    path = tmp_path / "late-oct.csv"
    path.write_text(LATE_OCT, encoding="utf-8")
    load(qtbot, dialog, path)
    assert _accounts(dialog) == [
        ["Printing", "2", "supplies", "guessed from its words"],
        ["Local Travel", "1", "travel", "guessed from its words"],
        ["Office Supplies", "1", "supplies", "guessed from its words"],
    ]
    assert dialog.tabs.tabText(3) == "Accounts → categories (3 guessed)"
    model = dialog.accounts
    assert model.setData(model.index(0, AccountCategoryModel.COL_CATEGORY), "contractual")
    assert dialog.preview.index(2, PreviewModel.COL_CATEGORY).data() == "contractual"
    run_import(qtbot, dialog)
    assert [a.category for a in stored().actuals] == ["supplies", "travel", "contractual", "contractual"]
    assert [(m.layout, m.account, m.category) for m in stored().account_categories] == [
        ("plain", "Printing", "contractual")
    ]
    # Two undo steps: the import, then the mapping (a guess left alone was not saved).
    assert session.undo_stack.undoText() == "Import 4 actual rows from late-oct.csv"
    session.undo_stack.undo()
    assert session.undo_stack.undoText() == "Map 1 account to categories"

    again = ImportActualsDialog(session)
    qtbot.addWidget(again)
    load(qtbot, again, path)
    assert _accounts(again)[0] == ["Printing", "2", "contractual", "the workspace's mapping"]
    assert again.tabs.tabText(3) == "Accounts → categories (2 guessed)"


def test_the_late_bills_option_posts_rows_of_locked_months_to_the_first_open_one(
    qtbot, dialog, session, stored, tmp_path
) -> None:
    session.lock_months(range(month_of(2022, 1), month_of(2022, 1) + 1))
    path = tmp_path / "late-oct.csv"
    path.write_text(LATE_OCT, encoding="utf-8")
    load(qtbot, dialog, path)
    run_import(qtbot, dialog)
    assert stored().actuals == ()
    assert dialog.tabs.tabText(2).startswith("Bad rows (")
    dialog.post_late_bills.setChecked(True)
    run_import(qtbot, dialog)
    actuals = stored().actuals
    assert [(a.date, a.posted) for a in actuals] == [
        (date(2022, 1, 5), date(2022, 2, 1)),
        (date(2022, 1, 7), date(2022, 2, 1)),
        (date(2022, 1, 9), date(2022, 2, 1)),
        (date(2022, 1, 10), date(2022, 2, 1)),
    ]
    assert dialog.result_label.text().endswith(
        "; 4 dated in locked months posted to the first open month (dates kept). Edit ▸ Undo removes them."
    )
