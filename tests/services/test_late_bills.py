"""Late bills for locked months: posted to the first open month, their own date kept (service and CLI)."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from fundtracker import cli
from fundtracker.domain.errors import ConflictError, ValidationError
from fundtracker.domain.months import month_of
from fundtracker.exports.actuals_import import ParsedRow
from fundtracker.services import transactions as tx
from fundtracker.services.actuals import import_actuals, late_posting, undo_import
from fundtracker.services.budget_vs_actual import actual_by_stream_month
from fundtracker.services.locations import read_workspace
from fundtracker.services.transfer import write_workspace_to
from fundtracker.services.workspace import WorkspaceService

LATE = ParsedRow(2, date(2022, 1, 28), 12_000, "supplies", "COMBAT", "January phones (late)", number="88")
ON_TIME = ParsedRow(3, date(2022, 3, 2), 8_000, "supplies", "COMBAT", "Printing")


def _lock(service: WorkspaceService, first: int, last: int) -> None:
    service.lock_months(range(first, last + 1))


def test_the_first_open_month_after_the_bill() -> None:
    locked = frozenset({month_of(2022, 1), month_of(2022, 2), month_of(2022, 4)})
    assert late_posting(date(2022, 1, 28), locked) == date(2022, 3, 1)
    assert late_posting(date(2022, 4, 30), locked) == date(2022, 5, 1)
    assert late_posting(date(2022, 3, 15), locked) is None  # an open month: its own date


def test_a_late_bill_is_posted_to_the_first_open_month_keeping_its_date(sample_service: WorkspaceService) -> None:
    _lock(sample_service, month_of(2022, 1), month_of(2022, 2))
    with pytest.raises(ValidationError, match=r"2022-01-28 is in the locked period 2022-01"):
        import_actuals(sample_service, [LATE, ON_TIME])
    assert sample_service.refresh().actuals == ()
    result = import_actuals(sample_service, [LATE, ON_TIME], source="late.csv", post_late_bills=True)
    assert (result.imported, result.late, result.total) == (2, 1, 20_000)
    stored = sample_service.refresh().actuals
    assert [(a.date, a.posted, a.posted_on) for a in stored] == [
        (date(2022, 1, 28), date(2022, 3, 1), date(2022, 3, 1)),
        (date(2022, 3, 2), None, date(2022, 3, 2)),
    ]
    # It counts in March, where it is posted: January stays as it was closed.
    assert actual_by_stream_month(sample_service.load()) == {("combat", month_of(2022, 3)): 20_000}
    # Imported again, it is the same bill (matched on its own date), not a new one.
    again = import_actuals(sample_service, [LATE], post_late_bills=True, skip_duplicates=True)
    assert (again.imported, again.duplicates) == (0, (2,))
    # March is open, so the late bill can be reclassified, and the batch undone.
    workspace = sample_service.load()
    steps = tx.reclassify(workspace, [stored[0].key], sample_service.locked_months(), category="other")
    sample_service.apply(steps)
    _lock(sample_service, month_of(2022, 3), month_of(2022, 3))
    with pytest.raises(ConflictError, match=r"dated 2022-01-28 \(posted 2022-03-01\), in the locked period 2022-03"):
        sample_service.apply(tx.reclassify(sample_service.load(), [stored[0].key], frozenset(), category="travel"))
    with pytest.raises(ConflictError, match="locked period 2022-03"):
        undo_import(sample_service, result.batch)


def test_the_cli_option_posts_late_bills_and_says_so(tmp_path: Path, sample, capsys, monkeypatch) -> None:
    monkeypatch.setenv("FUNDTRACKER_DATA_DIR", str(tmp_path / "data"))
    workspace = tmp_path / "w.fundtracker"
    write_workspace_to(dataclasses.replace(sample), workspace, replace=False, action="sample")
    with WorkspaceService.open(workspace) as service:
        _lock(service, month_of(2022, 1), month_of(2022, 1))
    source = tmp_path / "late.csv"
    source.write_text("Date,Account,Class,Memo,Amount\n01/28/2022,Telephone,COMBAT,Phones,120.00\n", encoding="utf-8")
    capsys.readouterr()
    assert cli.run_command(["import", "actuals", str(workspace), str(source)]) == 1
    assert "2022-01-28 is in the locked period 2022-01" in capsys.readouterr().err
    assert cli.run_command(["import", "actuals", str(workspace), str(source), "--post-late-bills"]) == 0
    out = capsys.readouterr().out
    assert "; 1 late bill(s) for locked months posted to the first open month (dates kept)" in out
    (actual,) = read_workspace(workspace).actuals
    assert (actual.date, actual.posted) == (date(2022, 1, 28), date(2022, 2, 1))
