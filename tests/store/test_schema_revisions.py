"""The revision chain read from the migration files is Alembic's, and reads never load Alembic."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from fundtracker.store import schema


def test_chain_equals_alembics() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(schema.alembic_config())
    alembic_chain = tuple(rev.revision for rev in reversed(list(script.walk_revisions())))
    assert schema.known_revisions() == alembic_chain
    assert schema.head_revision() == script.get_current_head()


def test_a_branch_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    versions = tmp_path / "versions"
    versions.mkdir()
    for name, revision, parent in [("a", "0001", None), ("b", "0002", "0001"), ("c", "0003", "0001")]:
        (versions / f"{name}.py").write_text(f"revision = {revision!r}\ndown_revision = {parent!r}\n")
    monkeypatch.setattr(schema, "MIGRATIONS_DIR", tmp_path)
    schema.known_revisions.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="share a parent"):
            schema.known_revisions()
    finally:
        schema.known_revisions.cache_clear()


def test_current_revision_of_a_fresh_and_an_opened_database(tmp_path: Path) -> None:
    from sqlalchemy import create_engine

    from fundtracker.store.database import Database

    engine = create_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    with engine.connect() as connection:
        assert schema.current_revision(connection) is None
    engine.dispose()
    database = Database.open(tmp_path / "w.fundtracker", create=True)
    with database.engine.connect() as connection:
        assert schema.current_revision(connection) == schema.head_revision()
    database.close()


def test_reading_a_workspace_loads_neither_alembic_nor_the_orm(tmp_path: Path) -> None:
    """What `fundtracker runway`, `check` and `export-json` pay for before the first figure."""
    from fundtracker.services.sample import sample_workspace
    from fundtracker.services.transfer import write_workspace_to

    path = tmp_path / "w.fundtracker"
    write_workspace_to(sample_workspace(), str(path), replace=False, action="test")
    script = (
        "import json, sys\n"
        "from fundtracker.services.locations import read_workspace\n"
        "from fundtracker.services.integrity import check_workspace\n"
        f"ws = read_workspace({str(path)!r})\n"
        f"problems = check_workspace({str(path)!r})\n"
        "heavy = sorted(m for m in ('alembic', 'sqlmodel', 'pydantic', 'reportlab', 'openpyxl', 'PySide6')"
        " if m in sys.modules)\n"
        "print(json.dumps({'streams': len(ws.streams), 'problems': problems, 'heavy': heavy}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    assert result["streams"] == len(sample_workspace().streams)
    assert result["problems"] == []
    assert result["heavy"] == []
