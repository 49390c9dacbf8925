"""The Core reader returns exactly what was written, on every backend."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

from fundtracker.domain.records import Actual, Workspace
from fundtracker.store import reading, tables


def test_table_names_are_the_models_tables() -> None:
    models = {model.__tablename__ for model in vars(tables).values() if hasattr(model, "__tablename__")}
    assert set(reading.TABLE_NAMES.values()) | {reading.OVERRIDE_TABLE} <= models


def test_the_sample_reads_back_field_for_field(sample_service, sample: Workspace) -> None:  # type: ignore[no-untyped-def]
    extra = Actual(key="a-1", date=date(2026, 10, 3), amount=-1234, stream=sample.streams[0].key, memo='Nov "x"')
    sample_service.replace_all(dataclasses.replace(sample, actuals=(extra,)))
    read = sample_service.database.load_workspace()
    assert read == dataclasses.replace(sample, actuals=(extra,))
    # Types, not only equality (Decimal("1") == 1 and "2026-01-01" != date would hide a bad coercion).
    stream = read.streams[0]
    assert type(stream.probability) is Decimal and type(stream.start) is date
    assert type(stream.restricted) is bool
    assert all(type(t.date) is date for s in read.streams for t in s.schedule.tranches)
    assert all(type(a.percent) is Decimal for a in read.allocations)


def test_the_service_and_the_store_read_the_same(sample_service) -> None:  # type: ignore[no-untyped-def]
    from fundtracker.services.locations import read_workspace

    location = sample_service.database.url
    if location.startswith("sqlite:///"):
        location = location.removeprefix("sqlite:///")
    assert read_workspace(location) == sample_service.refresh()


def test_quick_read_equals_the_store_and_changes_nothing(tmp_path, sample: Workspace) -> None:  # type: ignore[no-untyped-def]
    from fundtracker.services.locations import quick_read, read_workspace
    from fundtracker.services.transfer import write_workspace_to

    path = tmp_path / "w.fundtracker"
    write_workspace_to(sample, str(path), replace=False, action="test")
    before = path.read_bytes()
    assert quick_read(str(path)) == read_workspace(str(path)) == sample
    assert path.read_bytes() == before


def test_quick_read_declines_what_is_not_a_current_workspace(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    from fundtracker.services.locations import quick_read

    empty = tmp_path / "empty.fundtracker"
    empty.write_bytes(b"")
    garbage = tmp_path / "garbage.fundtracker"
    garbage.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    foreign = tmp_path / "foreign.fundtracker"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    connection.close()
    old = tmp_path / "old.fundtracker"
    with sqlite3.connect(old) as connection:
        connection.execute("CREATE TABLE alembic_version (version_num VARCHAR(32))")
        connection.execute("INSERT INTO alembic_version VALUES ('0001')")
    connection.close()
    files = [empty, garbage, foreign, old]
    before = {path: path.read_bytes() for path in files}
    for path in [*files, tmp_path / "missing.fundtracker"]:
        assert quick_read(str(path)) is None, path.name
    assert {path: path.read_bytes() for path in files} == before
    assert quick_read("postgresql://u@h/db") is None
    assert quick_read(str(tmp_path / "w.json")) is None


def test_priorities_outcomes_and_dependence_read_back(sample_service, sample: Workspace) -> None:  # type: ignore[no-untyped-def]
    from fundtracker.domain.records import Dependence, Outcome
    from fundtracker.store import json_format

    federal, donors = sample.stream("federal"), sample.stream("donors")
    assert federal is not None and donors is not None
    outcomes = (Outcome(Decimal("0.3"), 45000000, 0), Outcome(Decimal("0.25"), 30000000, 3))
    changed = dataclasses.replace(
        sample,
        streams=tuple(
            dataclasses.replace(s, outcomes=outcomes)
            if s.key == "federal"
            else dataclasses.replace(s, depend_on=Dependence("federal", Decimal("0.8"), Decimal("0.2")))
            if s.key == "donors"
            else s
            for s in sample.streams
        ),
        positions=tuple(dataclasses.replace(p, priority=i + 1) for i, p in enumerate(sample.positions)),
        expenses=tuple(dataclasses.replace(e, priority=9) for e in sample.expenses),
    )
    sample_service.replace_all(changed)
    read = sample_service.database.load_workspace()
    assert read == changed
    assert type(read.stream("federal").outcomes[1].probability) is Decimal  # type: ignore[union-attr]
    # And through the workspace JSON.
    assert json_format.loads(json_format.dumps(read)) == changed
