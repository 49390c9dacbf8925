"""Workspace JSON version 2 and ``fundtracker copy``: nothing a workspace holds is lost on the way.

A workspace with edits, an imported batch of actual spending, a hand-entered refund, a closed
month and the audit trail all that made is exported, imported (into a file and into PostgreSQL)
and copied between the backends; every copy's ``export-json`` equals the original's byte for byte.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from fundtracker.cli import run_command
from fundtracker.domain.errors import InputError, WorkspaceError
from fundtracker.domain.months import month_index
from fundtracker.domain.records import Actual, FundingStream
from fundtracker.services import changes
from fundtracker.services.actuals import import_batches
from fundtracker.services.changes import ActualBatch
from fundtracker.services.workspace import WorkspaceService
from fundtracker.store import convert, json_format
from tests.conftest import SAMPLE_AS_OF, require_postgres

FIXTURES = Path(__file__).parent / "fixtures"
V1_FIXTURE = FIXTURES / "workspace-v1.json"  # written by the version 1 writer (commit 1486bfd)


def _fill(location: str) -> None:
    """A workspace with history of every kind: records, edits, a batch, a refund, a lock."""
    from fundtracker.services.sample import sample_workspace

    with WorkspaceService.open(location, create=True) as service:
        service.replace_all(sample_workspace(SAMPLE_AS_OF), action="sample")
        combat: FundingStream = service.get("stream", "combat")
        service.update("stream", "combat", dataclasses.replace(combat, notes='Edited: ✓ "quoted"\nline two'))
        batch = ActualBatch(
            "import-20220210",
            (
                Actual(
                    "import-20220210-000001",
                    date(2022, 1, 31),
                    433333,
                    "combat",
                    "personnel",
                    "4010",
                    "pay 1",
                    "import-20220210",
                ),
                Actual(
                    "import-20220210-000002",
                    date(2022, 1, 31),
                    433333,
                    "combat",
                    "personnel",
                    "4010",
                    "pay 2",
                    "import-20220210",
                ),
                Actual(
                    "import-20220210-000003", date(2022, 2, 2), 1999, None, "supplies", "", "pens", "import-20220210"
                ),
            ),
            "gl january.csv",
        )
        service.apply([changes.import_batch(batch)])
        service.create(Actual("hand-1", date(2022, 2, 3), -1500, "combat", "supplies", "", "refund"))
        january = month_index(date(2022, 1, 1))
        service.lock_months(range(january, january + 1))
        service.delete("deadline", service.load().deadlines[0].key)


def _export(capsys: pytest.CaptureFixture[str], location: str) -> str:
    capsys.readouterr()
    assert run_command(["export-json", location]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


@pytest.fixture
def original(database_url: str) -> str:
    _fill(database_url)
    return database_url


def test_version_2_carries_locks_batches_and_the_audit_trail(original: str, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.loads(_export(capsys, original))
    assert data["version"] == 2
    assert list(data)[-2:] == ["period_locks", "audit_log"]
    [lock] = data["period_locks"]
    assert lock["month"] == "2022-01" and lock["locked_at"].endswith("Z")
    batch = [a for a in data["actuals"] if a["batch"] == "import-20220210"]
    assert [a["amount"] for a in batch] == ["4333.33", "4333.33", "19.99"]
    actions = [(e["action"], e["kind"], e["key"]) for e in data["audit_log"]]
    assert actions == [
        ("sample", "workspace", ""),
        ("update", "stream", "combat"),
        ("import", "actual", "import-20220210"),
        ("create", "actual", "hand-1"),
        ("lock", "period", "2022-01"),
        ("delete", "deadline", data["audit_log"][-1]["key"]),
    ]
    imported = data["audit_log"][2]
    assert json.loads(imported["new"])["source"] == "gl january.csv"
    assert set(imported) == {"at", "who", "action", "kind", "key", "old", "new", "change"}


def _round_trip(original: str, target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    exported = tmp_path / "original.json"
    assert run_command(["export-json", original, "-o", str(exported)]) == 0
    capsys.readouterr()
    assert run_command(["import", str(exported), "--into", target]) == 0
    assert "1 locked months, 6 audit entries into" in capsys.readouterr().out
    assert _export(capsys, target) == exported.read_text(encoding="utf-8")


@pytest.mark.parametrize("into", ["copy.fundtracker", "copy.json"])
def test_export_then_import_is_lossless(
    into: str, original: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _round_trip(original, str(tmp_path / into), tmp_path, capsys)


def test_export_from_a_file_then_import_into_the_server_is_lossless(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = str(tmp_path / "original.fundtracker")
    _fill(original)
    _round_trip(original, require_postgres(), tmp_path, capsys)


def test_copy_between_a_file_and_the_server_both_ways(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    original = str(tmp_path / "original.fundtracker")
    _fill(original)
    expected = _export(capsys, original)
    server = require_postgres()
    assert run_command(["copy", original, server]) == 0
    out = capsys.readouterr().out
    assert out.startswith("copied ") and "1 locked months, 6 audit entries" in out
    assert "//fundtracker@127.0.0.1" in out and "fundtracker:fundtracker@" not in out  # never the password
    assert _export(capsys, server) == expected
    back = str(tmp_path / "back.fundtracker")
    assert run_command(["copy", server, back]) == 0
    assert _export(capsys, back) == expected
    with WorkspaceService.open(back) as service:  # the copy works as the original does
        assert service.locked_months() == frozenset({month_index(date(2022, 1, 1))})
        assert [b.batch for b in import_batches(service)] == ["import-20220210"]


def test_copy_refuses_a_non_empty_destination_unless_told(
    original: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = str(tmp_path / "other.fundtracker")
    _fill(other)
    before = _export(capsys, original)
    assert run_command(["copy", other, original]) == 1
    err = capsys.readouterr().err
    assert err.startswith("fundtracker: error: ") and ("already holds a workspace" in err or "already exists" in err)
    assert _export(capsys, original) == before
    # --replace: the records, locks and copied trail replace what was there; the destination's own
    # trail is append-only, so it stays in front and one "copy" entry says what happened.
    assert run_command(["copy", other, original, "--replace"]) == 0
    data = json.loads(_export(capsys, original))
    source = json.loads(_export(capsys, other))
    assert {k: v for k, v in data.items() if k != "audit_log"} == {k: v for k, v in source.items() if k != "audit_log"}
    trail = data["audit_log"]
    assert trail[:6] == json.loads(before)["audit_log"]
    assert trail[6:12] == source["audit_log"]
    assert [(e["action"], e["kind"]) for e in trail[12:]] == [("copy", "workspace")]


def test_copy_onto_itself_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    original = str(tmp_path / "w.fundtracker")
    _fill(original)
    assert run_command(["copy", original, str(tmp_path / "." / "w.fundtracker"), "--replace"]) == 1
    assert "the source and the destination are the same workspace" in capsys.readouterr().err


def test_a_failed_copy_leaves_the_destination_as_it_was(
    original: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """One transaction: a failure while writing the last part (the audit trail) writes nothing."""
    source = str(tmp_path / "source.fundtracker")
    _fill(source)
    before = _export(capsys, original)

    def broken(entry: Any) -> dict[str, Any]:
        raise WorkspaceError("disk full (simulated)")

    monkeypatch.setattr(convert, "audit_values", broken)
    assert run_command(["copy", source, original, "--replace"]) == 1
    assert "disk full (simulated)" in capsys.readouterr().err
    monkeypatch.undo()
    assert _export(capsys, original) == before
    fresh = tmp_path / "fresh.fundtracker"
    monkeypatch.setattr(convert, "audit_values", broken)
    assert run_command(["copy", source, str(fresh)]) == 1
    assert not fresh.exists() and list(tmp_path.glob("fresh*")) == []


def test_a_version_1_file_still_imports(database_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    text = V1_FIXTURE.read_text(encoding="utf-8")
    assert json.loads(text)["version"] == 1
    assert run_command(["import", str(V1_FIXTURE), "--into", database_url]) == 0
    data = json.loads(_export(capsys, database_url))
    v1 = json.loads(text)
    assert data["version"] == 2
    # The same records (compared as records: fields added since version 1 read as their defaults).
    assert json_format.workspace_from_dict(data) == json_format.workspace_from_dict(v1)
    assert data["period_locks"] == []
    assert [(e["action"], e["kind"]) for e in data["audit_log"]] == [("import", "workspace")]
    assert len(data["actuals"]) == 3


def test_a_version_1_file_may_not_hold_version_2_keys() -> None:
    data = json.loads(V1_FIXTURE.read_text(encoding="utf-8"))
    data["audit_log"] = []
    with pytest.raises(InputError, match=r"^\$: unknown key 'audit_log'"):
        json_format.workspace_from_dict(data)


def _v2(change: Any) -> str:
    data = json.loads(V1_FIXTURE.read_text(encoding="utf-8"))
    data["version"] = 2
    data["period_locks"] = [{"month": "2022-01", "locked_by": "ana", "locked_at": "2022-02-01T09:00:00.000000Z"}]
    data["audit_log"] = [
        {
            "at": "2022-02-01T09:00:00.000000Z",
            "who": "ana",
            "action": "lock",
            "kind": "period",
            "key": "2022-01",
            "old": None,
            "new": "locked",
            "change": "0123456789abcdef",
        }
    ]
    change(data)
    return json.dumps(data)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["period_locks"][0].update(month="2022-13"),
            r"^period_locks\[0\]\.month: not a month: \"2022-13\"",
        ),
        (lambda d: d["period_locks"][0].update(month=" 2022-01"), r"^period_locks\[0\]\.month: not a month"),
        (
            lambda d: d["period_locks"].append(dict(d["period_locks"][0])),
            r"^period_locks\[1\]\.month: 2022-01 is locked twice",
        ),
        (lambda d: d["period_locks"][0].update(locked_at="yesterday"), r"^period_locks\[0\]\.locked_at: not a time"),
        (lambda d: d["period_locks"][0].pop("locked_by"), r"^period_locks\[0\]: missing required key 'locked_by'"),
        (
            lambda d: d["audit_log"][0].update(key="k" * 201),
            r"^audit_log\[0\]\.key: is 201 characters long; at most 200",
        ),
        (
            lambda d: d["audit_log"][0].update(change="c" * 33),
            r"^audit_log\[0\]\.change: is 33 characters long; at most 32",
        ),
        (lambda d: d["audit_log"][0].update(at=20220201), r"^audit_log\[0\]\.at: must be a UTC time string"),
        (lambda d: d["audit_log"][0].update(id=7), r"^audit_log\[0\]: unknown key 'id'"),
        (lambda d: d["audit_log"][0].update(new="a\x00b"), r"^audit_log\[0\]\.new: contains a NUL"),
        (lambda d: d.update(audit_log={}), r"^audit_log: must be a list, got an object"),
    ],
)
def test_a_bad_history_is_refused_naming_the_path(change: Any, message: str) -> None:
    with pytest.raises(InputError, match=message):
        json_format.loads_document(_v2(change))


def test_times_are_read_in_any_zone_and_written_in_utc() -> None:
    def in_kansas_city(data: dict[str, Any]) -> None:
        data["audit_log"][0]["at"] = "2022-02-01T03:00:00-06:00"

    workspace, history = json_format.loads_document(_v2(in_kansas_city))
    assert history is not None
    written = json.loads(json_format.dumps(workspace, history))
    assert written["audit_log"][0]["at"] == "2022-02-01T09:00:00.000000Z"
    assert json_format.loads_document(json_format.dumps(workspace, history)) == (workspace, history)
