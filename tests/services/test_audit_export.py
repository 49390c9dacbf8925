"""The audit trail in words for the CLI and the Audit log page's export: exact rows, oldest first."""

from __future__ import annotations

import dataclasses
import json
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from fundtracker import cli
from fundtracker.domain.errors import InputError
from fundtracker.domain.months import month_index
from fundtracker.domain.records import Allocation, StreamOverride
from fundtracker.exports.actuals_import import ParsedRow
from fundtracker.services.actuals import import_actuals, undo_import
from fundtracker.services.audit_export import audit_lines, matching, parse_kind
from fundtracker.services.changes import CREATE, UPDATE, Step
from fundtracker.services.transfer import write_workspace_to
from fundtracker.services.workspace import WorkspaceService

REALLOC = "Community services and prevention fund (police-budget reallocation)"


def _changes(service: WorkspaceService) -> None:
    """A stream edit, an allocation added, a scenario change, an import undone, a lock."""
    combat = service.load().stream("combat")
    service.apply([Step(UPDATE, "stream", "combat", combat, dataclasses.replace(combat, amount=7_900_000))])
    share = Allocation(cost="phones", stream="donors", percent=Decimal("10"))
    service.apply([Step(CREATE, "allocation", share.key, None, share)])
    scenario = service.load().find("scenario", "appeal_fails")
    upheld = dataclasses.replace(scenario, overrides=(StreamOverride(stream="realloc", status="secured"),))
    service.apply([Step(UPDATE, "scenario", "appeal_fails", scenario, upheld)])
    row = ParsedRow(3, date(2022, 1, 31), 433_333, "personnel", "COMBAT", "Payroll", payee="Maria Pena")
    result = import_actuals(service, [row], source="gl.csv", batch="b1")
    assert result.imported == 1
    undo_import(service, "b1")
    service.lock_months(range(month_index(date(2022, 1, 1)), month_index(date(2022, 2, 1)) + 1))


EXPECTED = [
    ("change", "stream", "COMBAT anti-crime tax allocation",
     "COMBAT anti-crime tax allocation: amount $78,268.00 → $79,000.00", "amount $78,268.00", "amount $79,000.00"),
    ("add", "allocation", "Advocate phones and service's share of Private community donors",
     "Advocate phones and service's share of Private community donors: added", "",
     "cost line Advocate phones and service; share 10%; stream Private community donors"),
    ("change", "scenario", "Appeal fails", f"Appeal fails: {REALLOC}: status declined → secured",
     f"changes {REALLOC}: status declined", f"changes {REALLOC}: status secured"),
    ("import", "actual", "batch b1", "Imported 1 row, $4,333.33 from gl.csv as batch b1", "", "1 row, $4,333.33"),
    ("undo import", "actual", "batch b1", "Removed imported batch b1 (1 row)", "1 row", "removed"),
    ("lock", "period", "months 2022-01 to 2022-02", "Months 2022-01 to 2022-02: open → locked", "open", "locked"),
]  # fmt: skip


def test_every_kind_of_change_reads_as_before_and_after_in_words(sample_service: WorkspaceService) -> None:
    _changes(sample_service)
    history = sample_service.history().audit
    lines = audit_lines(history, sample_service.load())
    assert [line.cells()[2:] for line in lines[1:]] == EXPECTED
    first = lines[0]
    assert (first.action, first.kind, first.record) == ("import", "workspace", "workspace")
    assert first.change.startswith("Whole workspace replaced (import): 5 stream, 4 position")
    assert {line.who for line in lines} == {sample_service.who}
    assert [line.when for line in lines] == [f"{entry.when:%Y-%m-%d %H:%M:%S}" for entry in history]
    for line in lines:
        assert "{" not in line.change + line.before + line.after  # no JSON left


def test_since_and_kind_choose_the_entries(sample_service: WorkspaceService) -> None:
    _changes(sample_service)
    history = sample_service.history().audit
    workspace = sample_service.load()
    assert [line.change for line in audit_lines(history, workspace, kind="actual")] == [
        "Imported 1 row, $4,333.33 from gl.csv as batch b1",
        "Removed imported batch b1 (1 row)",
    ]
    today = history[-1].when.date()
    assert len(audit_lines(history, workspace, since=today)) == 7
    assert audit_lines(history, workspace, since=today + timedelta(days=1)) == []
    assert [line.kind for line in matching(audit_lines(history, workspace), "PHONES")] == ["allocation"]
    assert parse_kind("Streams") == "stream" and parse_kind("text block") == "text_block"
    with pytest.raises(InputError, match=r"--kind: no entries are of kind 'foo'; kinds: stream, position"):
        parse_kind("foo")


def test_the_cli_prints_the_trail_as_json_csv_and_a_table(tmp_path: Path, sample, capsys) -> None:
    path = tmp_path / "w.fundtracker"
    write_workspace_to(sample, path, replace=False, action="sample")
    with WorkspaceService.open(path) as service:
        _changes(service)
    capsys.readouterr()
    assert cli.run_command(["audit", str(path), "--format", "json", "--kind", "scenario"]) == 0
    (only,) = json.loads(capsys.readouterr().out)
    assert {k: v for k, v in only.items() if k not in ("when", "who")} == {
        "action": "change",
        "kind": "scenario",
        "record": "Appeal fails",
        "change": f"Appeal fails: {REALLOC}: status declined → secured",
        "before": f"changes {REALLOC}: status declined",
        "after": f"changes {REALLOC}: status secured",
    }
    assert cli.run_command(["audit", str(path), "--format", "csv", "--kind", "period"]) == 0
    header, row = capsys.readouterr().out.splitlines()
    assert header == "When (UTC),Who,Action,Kind,Record,Change,Before,After"
    assert row.endswith(",lock,period,months 2022-01 to 2022-02,Months 2022-01 to 2022-02: open → locked,open,locked")
    assert cli.run_command(["audit", str(path), "--since", "2000-01-01"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert len(table) == 8 and table[0].startswith("When (UTC)")
    assert table[-1].endswith("lock        period      Months 2022-01 to 2022-02: open → locked")
    assert cli.run_command(["audit", str(path), "--since", "yesterday"]) == 1
    assert "--since: not a date: 'yesterday'" in capsys.readouterr().err
