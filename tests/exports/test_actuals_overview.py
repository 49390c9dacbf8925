"""The import dialog's reading of a file: row by row, keeping the first rows and each column's values."""

from __future__ import annotations

from pathlib import Path

import pytest

from fundtracker.domain.errors import InputError
from fundtracker.exports import actuals_import as files


def write_ledger(path: Path, rows: int) -> None:
    lines = ["Date,Amount,Class,Memo"]
    lines += [f"01/{1 + n % 28:02d}/2022,{n}.00,{'COMBAT' if n % 3 else 'HEALTH'},memo {n}" for n in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_the_overview_keeps_the_first_rows_the_count_and_each_columns_values(tmp_path: Path) -> None:
    path = tmp_path / "ledger.csv"
    write_ledger(path, 300)
    overview = files.read_overview(path)
    assert overview.row_count == 300
    assert len(overview.head.rows) == files.MAX_PREVIEW == 20
    assert overview.head.rows[0] == (2, ("01/01/2022", "0.00", "HEALTH", "memo 0"))
    assert overview.head.headers == ("Date", "Amount", "Class", "Memo")
    # Rows 0, 3, 6 … 297 are HEALTH: 100 of them; the other 200 COMBAT.
    assert overview.column_values("Class") == {"HEALTH": 100, "COMBAT": 200}
    assert overview.column_values("Nope") == {}
    assert overview.more_values == (False, False, False, False)


def test_distinct_values_are_capped_so_memory_stays_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(files, "MAX_LISTED_VALUES", 50)
    path = tmp_path / "ledger.csv"
    write_ledger(path, 300)
    overview = files.read_overview(path)
    memo = overview.column_values("Memo")
    assert len(memo) == 50 and list(memo)[:2] == ["memo 0", "memo 1"]
    assert overview.more_values == (False, True, False, True)  # 300 amounts and 300 memos
    assert overview.row_count == 300


def test_the_overview_refuses_what_the_import_refuses(tmp_path: Path) -> None:
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputError, match=r"old \.xls workbooks are not supported"):
        files.read_overview(path)
