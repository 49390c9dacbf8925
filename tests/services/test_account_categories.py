"""Account → category mappings: remembered column mappings never drop a column the file has; the
workspace's account table sorts rows (not words), is edited as one audited, undoable change, and
travels with the workspace."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from fundtracker import cli
from fundtracker.domain.errors import InputError, ValidationError
from fundtracker.domain.records import AccountCategory
from fundtracker.exports import actuals_import as files
from fundtracker.services import account_categories as ac
from fundtracker.services.audit_export import audit_lines
from fundtracker.services.changes import CREATE, Step, inverse
from fundtracker.services.locations import read_workspace
from fundtracker.services.transfer import write_workspace_to
from fundtracker.services.workspace import WorkspaceService

LATE_OCT = """Date,Account,Class,Memo,Amount
10/05/2026,Office Supplies,COMBAT,Paper,35.40
10/07/2026,Local Travel,HEALTH,Mileage,42.10
10/09/2026,Printing,,Flyers,80.00
"""


def _table(tmp_path: Path, text: str = LATE_OCT) -> files.RawTable:
    path = tmp_path / "late-oct.csv"
    path.write_text(text, encoding="utf-8")
    return files.read_table(path)


def test_a_remembered_mapping_without_account_still_reads_the_files_account_column(tmp_path: Path) -> None:
    # The finding: the last mapping (made before accounts were read) had no account; the new file has one.
    table = _table(tmp_path)
    remembered = files.ColumnMapping({"date": "Date", "amount": "Amount", "code": "Class", "memo": "Memo"})
    assert files.mapping_fits(table, remembered)  # it "fits", which is how Account used to be dropped
    mapping, guessed = files.fit_mapping(table.headers, remembered)
    assert mapping.columns == {
        "date": "Date",
        "amount": "Amount",
        "code": "Class",
        "memo": "Memo",
        "account": "Account",
    }
    assert guessed == ("account",)
    rows = files.parse_rows(table, mapping).rows
    assert [(r.account, r.category) for r in rows] == [
        ("Office Supplies", "supplies"),
        ("Local Travel", "travel"),
        ("Printing", "supplies"),
    ]


def test_a_remembered_column_the_file_lacks_is_guessed_and_the_users_choices_are_kept(tmp_path: Path) -> None:
    table = _table(tmp_path, "Date,Account,Memo,Description,Amount\n10/05/2026,Office Supplies,a,b,1.00\n")
    remembered = files.ColumnMapping(
        {"date": "Date", "amount": "Amount", "account": "Distribution account", "memo": "Description"},
        {"X": "combat"},
    )
    mapping, guessed = files.fit_mapping(table.headers, remembered)
    assert mapping.columns["account"] == "Account"  # the remembered column is not in this file
    assert mapping.columns["memo"] == "Description"  # chosen by the user, not the guess "Memo"
    assert mapping.codes == {"X": "combat"}
    assert guessed == ("account",)
    split = files.ColumnMapping({"date": "Date", "debit": "Debit", "credit": "Credit"})
    mapping, _ = files.fit_mapping(("Date", "Debit", "Credit", "Amount"), split)
    assert "amount" not in mapping.columns  # the remembered mapping reads money as debit/credit


def test_the_workspace_table_sorts_rows_and_is_one_undoable_audited_change(
    sample_service: WorkspaceService, tmp_path: Path
) -> None:
    table = _table(tmp_path)
    mapping, _ = files.fit_mapping(table.headers, None)
    steps = ac.mapping_steps(sample_service.load(), "plain", {"Printing": "contractual", "local travel ": "travel"})
    assert [s.action for s in steps] == ["create", "create"]
    after = sample_service.apply(steps)
    assert ac.accounts_for(after, "plain") == {"printing": "contractual", "local travel": "travel"}
    assert ac.accounts_for(after, "quickbooks") == {}
    rows = files.parse_rows(table, mapping, ac.accounts_for(after, "plain")).rows
    assert [r.category for r in rows] == ["supplies", "travel", "contractual"]  # Printing: the table, not words
    shown = ac.choices(after, "plain", [r.account for r in rows])
    assert [(c.account, c.category, c.mapped) for c in shown] == [
        ("Local Travel", "travel", True),
        ("Office Supplies", "supplies", False),
        ("Printing", "contractual", True),
    ]
    change = ac.mapping_steps(after, "plain", {"PRINTING": "other", "Local Travel": "travel"})
    assert [s.action for s in change] == ["update"]  # same account whatever its case; travel unchanged
    changed = sample_service.apply(change)
    lines = audit_lines(sample_service.history().audit, changed)
    assert [line.change for line in lines[-3:]] == [
        "Account “Printing” (plain files): added",
        "Account “local travel” (plain files): added",
        "Account “Printing” (plain files): category contractual → other",
    ]
    restored = sample_service.apply(inverse(change))
    assert ac.accounts_for(restored, "plain")["printing"] == "contractual"


def test_the_table_refuses_a_bad_category_layout_or_a_second_row_for_one_account(
    sample_service: WorkspaceService,
) -> None:
    workspace = sample_service.load()
    with pytest.raises(InputError, match="'food' is not a category for 'Printing'"):
        ac.mapping_steps(workspace, "plain", {"Printing": "food"})
    with pytest.raises(InputError, match="'sage' is not a file layout"):
        ac.mapping_steps(workspace, "sage", {"Printing": "other"})
    first = AccountCategory("a1", "plain", "Printing", "other")
    twin = AccountCategory("a2", "plain", " printing", "supplies")
    with pytest.raises(ValidationError, match=r"' printing' is mapped twice for plain files \(also 'a1'\)"):
        sample_service.apply(
            [Step(CREATE, "account_category", "a1", None, first), Step(CREATE, "account_category", "a2", None, twin)]
        )
    assert sample_service.refresh().account_categories == ()


def test_the_table_travels_with_the_workspace_json(tmp_path: Path, sample) -> None:
    mapped = dataclasses.replace(
        sample, account_categories=(AccountCategory("plain_printing", "plain", "Printing", "other"),)
    )
    out = tmp_path / "w.json"
    write_workspace_to(mapped, out, replace=False, action="sample")
    copy = tmp_path / "copy.fundtracker"
    assert cli.run_command(["import", str(out), "--into", str(copy)]) == 0
    assert read_workspace(copy).account_categories == mapped.account_categories


def test_the_cli_maps_accounts_lists_them_and_names_the_guessed_ones(
    tmp_path: Path, sample, capsys, monkeypatch
) -> None:
    monkeypatch.setenv("FUNDTRACKER_DATA_DIR", str(tmp_path / "data"))
    workspace = tmp_path / "w.fundtracker"
    write_workspace_to(dataclasses.replace(sample), workspace, replace=False, action="sample")
    source = tmp_path / "late-oct.csv"
    source.write_text(LATE_OCT.replace("2026", "2022"), encoding="utf-8")
    capsys.readouterr()
    assert cli.run_command(["import", "actuals", str(workspace), str(source), "--account", "Printing=Contractual"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"mapped 1 account(s) for plain files in {workspace}\nimported 3 rows ($157.50)")
    assert (
        "2 account(s) not in the account mapping were sorted by their words: 'Office Supplies' → supplies, "
        "'Local Travel' → travel (map them with --account ACCOUNT=CATEGORY)"
    ) in out
    assert [a.category for a in read_workspace(workspace).actuals] == ["supplies", "travel", "contractual"]
    assert cli.run_command(["import", "actuals", str(workspace), "--accounts"]) == 0
    assert capsys.readouterr().out == "plain      contractual  Printing\n"
    assert cli.run_command(["import", "actuals", str(workspace), str(source), "--account", "Printing"]) == 1
    assert "'Printing' is not ACCOUNT=CATEGORY" in capsys.readouterr().err
