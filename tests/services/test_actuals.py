"""Importing actual spending: all or nothing, duplicates, audit, undo."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from fundtracker.domain.errors import ConflictError, InputError, NotFoundError, ValidationError
from fundtracker.domain.months import month_of
from fundtracker.domain.records import Workspace
from fundtracker.exports.actuals_import import ParsedRow, RowProblem, guess_mapping, parse_rows, read_table
from fundtracker.services.actuals import (
    import_actuals,
    import_batches,
    undo_import,
)
from fundtracker.services.transfer import write_workspace_to
from fundtracker.services.workspace import WorkspaceService


@pytest.fixture
def service(sample: Workspace, tmp_path: Path) -> WorkspaceService:
    path = tmp_path / "ws.fundtracker"
    write_workspace_to(sample, path, replace=False, action="sample")
    with WorkspaceService.open(path) as opened:
        yield opened


def rows() -> list[ParsedRow]:
    return [
        ParsedRow(2, date(2022, 1, 31), 433_333, "personnel", "COMBAT", "January payroll"),
        ParsedRow(3, date(2022, 1, 31), 108_333, "fringe", "combat", "January benefits"),
        ParsedRow(4, date(2022, 2, 3), -2_500, "supplies", "Health Department fiscal host support", "Refund"),
        ParsedRow(5, date(2022, 2, 10), 12_000, "supplies", "", "Phones"),
        ParsedRow(6, date(2022, 2, 11), 50_000, "contractual", "DOJ-CVI", "Trainer"),
    ]


def test_clean_import_writes_all_rows_and_one_audit_entry(service: WorkspaceService) -> None:
    before = service.audit_count()
    result = import_actuals(service, rows(), source="qb.csv", codes={"DOJ-CVI": "federal"})
    assert (result.imported, result.total, result.unassigned) == (5, 601_166, 1)
    actuals = service.load().actuals
    assert [(a.stream, a.amount) for a in actuals] == [
        ("combat", 433_333),
        ("combat", 108_333),
        ("health", -2_500),
        (None, 12_000),
        ("federal", 50_000),
    ]
    assert {a.batch for a in actuals} == {result.batch}
    assert service.audit_count() == before + 1
    entry = service.audit_log(limit=1)[0]
    assert (entry.action, entry.kind, entry.key) == ("import", "actual", result.batch)
    assert '"rows": 5' in (entry.new or "") and "qb.csv" in (entry.new or "")


def test_bad_rows_import_nothing_and_are_all_named(service: WorkspaceService) -> None:
    problems = (RowProblem(7, "Amount", "not an amount: 'x'"), RowProblem(9, "Date", "the date is empty"))
    bad_stream = dataclasses.replace(rows()[0], row=8, stream="nonesuch")
    with pytest.raises(ValidationError) as caught:
        import_actuals(service, [*rows(), bad_stream], problems=problems)
    messages = [str(p) for p in caught.value.problems]
    assert messages[:2] == ["row 7: Amount: not an amount: 'x'", "row 9: Date: the date is empty"]
    assert any(m.startswith("row 8") and "no funding stream 'nonesuch'" in m for m in messages)
    assert any(m.startswith("row 9") for m in messages)
    assert service.refresh().actuals == ()
    # The good rows can go in when bad ones are skipped on purpose.
    result = import_actuals(service, [*rows(), bad_stream], problems=problems, skip_bad_rows=True)
    assert result.imported == 5 and result.skipped == (7, 8, 9)


def test_reimport_catches_duplicates(service: WorkspaceService) -> None:
    import_actuals(service, rows())
    overlapping = [*rows()[3:], ParsedRow(7, date(2022, 3, 1), 1_000, "other", "", "New")]
    with pytest.raises(ValidationError) as caught:
        import_actuals(service, overlapping)
    assert [str(p).split(":")[0] for p in caught.value.problems] == ["row 5", "row 6"]
    assert "already imported: 2022-02-10 120.00" in str(caught.value.problems[0])
    assert len(service.refresh().actuals) == 5
    result = import_actuals(service, overlapping, skip_duplicates=True)
    assert (result.imported, result.duplicates) == (1, (5, 6))
    assert len(service.load().actuals) == 6
    nothing_new = import_actuals(service, overlapping, skip_duplicates=True)
    assert nothing_new.imported == 0 and len(service.refresh().actuals) == 6


def test_undo_removes_the_batch_as_a_whole(service: WorkspaceService) -> None:
    first = import_actuals(service, rows()[:2])
    second = import_actuals(service, rows()[2:])
    assert [b.batch for b in import_batches(service)] == [first.batch, second.batch]
    assert undo_import(service, first.batch) == 2
    assert [a.batch for a in service.load().actuals] == [second.batch] * 3
    entry = service.audit_log(limit=1)[0]
    assert (entry.action, entry.kind, entry.key) == ("undo import", "actual", first.batch)
    with pytest.raises(NotFoundError, match="no imported batch"):
        undo_import(service, first.batch)


def test_unknown_code_mapping_and_empty_input(service: WorkspaceService) -> None:
    with pytest.raises(ValidationError, match="no funding stream with key 'nope'"):
        import_actuals(service, rows(), codes={"X": "nope"})
    with pytest.raises(InputError, match="no transaction rows"):
        import_actuals(service, [])


@pytest.mark.slow
def test_hundred_thousand_row_file_in_one_transaction(service: WorkspaceService, tmp_path: Path) -> None:
    source = tmp_path / "big.csv"
    lines = ["Date,Amount,Account,Class,Memo"]
    lines += [
        f'{1 + i % 12}/{1 + i % 28}/2022,"{1 + i % 3000:,}.{i % 100:02d}",Supplies,combat,item {i}'
        for i in range(100_000)
    ]
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = read_table(source)
    parsed = parse_rows(table, guess_mapping(table.headers))
    result = import_actuals(service, parsed.rows, problems=parsed.problems, source=source.name)
    assert result.imported == 100_000
    assert result.total == sum((1 + i % 3000) * 100 + i % 100 for i in range(100_000))
    assert len(service.load().actuals) == 100_000
    assert undo_import(service, result.batch) == 100_000
    assert service.load().actuals == ()


def test_import_into_a_locked_month_is_refused_whole(service: WorkspaceService) -> None:
    service.lock_months(range(month_of(2022, 2), month_of(2022, 2) + 1))
    with pytest.raises(ValidationError) as info:
        import_actuals(service, rows(), codes={"DOJ-CVI": "federal"})
    messages = [str(p) for p in info.value.problems]
    assert messages == [
        f"row {n}: date: 2022-02-{day} is in the locked period 2022-02; unlock the period to import into it"
        for n, day in ((4, "03"), (5, "10"), (6, "11"))
    ]
    assert service.refresh().actuals == ()


def test_undo_of_a_batch_in_a_locked_month_is_refused(service: WorkspaceService) -> None:
    result = import_actuals(service, rows(), codes={"DOJ-CVI": "federal"})
    service.lock_months(range(month_of(2022, 1), month_of(2022, 1) + 1))
    with pytest.raises(ConflictError, match="has rows in the locked period 2022-01"):
        undo_import(service, result.batch)
    assert len(service.refresh().actuals) == 5


def test_a_bulk_import_and_its_undo_are_backed_up_first(service: WorkspaceService) -> None:
    from fundtracker.store.backups import list_backups

    path = service.database.path
    assert path is not None
    result = import_actuals(service, rows(), codes={"DOJ-CVI": "federal"})
    undo_import(service, result.batch)
    backups = list_backups(path)
    assert [b.reason for b in backups] == ["before-undo", "before-import"]
    with WorkspaceService.open(backups[1].path) as before_import:
        assert before_import.load().actuals == ()
    with WorkspaceService.open(backups[0].path) as before_undo:
        assert len(before_undo.load().actuals) == 5
