"""Hostile accounting files get a message naming the row, never a traceback, and bounded memory."""

from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from fundtracker import cli
from fundtracker.domain.errors import InputError
from fundtracker.exports import actuals_import
from fundtracker.exports.actuals_import import MAX_FIELD_CHARS, MAX_LINE_CHARS, read_table

HEADER = "Date,Amount,Memo\n"


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("FUNDTRACKER_DATA_DIR", str(tmp_path / "data"))
    path = tmp_path / "ws.fundtracker"
    assert cli.run_command(["sample", str(path), "--as-of", "2022-01-01"]) == 0
    return path


def test_a_field_over_128_kib_is_refused_naming_the_row(
    workspace: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "big.csv"
    path.write_text(HEADER + "2022-01-03,1.00,ok\n" + f'2022-01-04,2.00,"{"x" * (MAX_FIELD_CHARS + 1)}"\n')
    capsys.readouterr()
    code = cli.run_command(["import", "actuals", str(workspace), str(path)])
    err = capsys.readouterr().err
    assert code != 0 and "Traceback" not in err
    assert "row 3: a field is longer than 131,072 characters (128 KiB)" in err


def test_a_huge_line_is_refused_before_it_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "line.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER + "2022-01-03,1.00,")
        for _ in range(20):
            handle.write("y," * (MAX_LINE_CHARS // 2))  # 20 MiB without a line break
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match=r"line 2 is longer than 1,048,576 characters"):
            read_table(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * MAX_LINE_CHARS  # a few lines' worth, not the 20 MiB line


def test_too_many_rows_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actuals_import, "MAX_ROWS", 10)
    path = tmp_path / "many.csv"
    path.write_text(HEADER + "".join(f"2022-01-03,{n}.00,m\n" for n in range(11)))
    with pytest.raises(InputError, match=r"row 12: the file has more than 10 transaction rows"):
        read_table(path)


def _xlsx(path: Path, memo: str) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Date", "Amount", "Memo"])
    sheet.append(["2022-01-03", 1.0, "ok"])
    sheet.append(["2022-01-04", 2.0, memo])
    book.save(path)


def test_an_xlsx_that_inflates_past_the_limit_is_refused_before_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "bomb.xlsx"
    _xlsx(path, "z" * 100_000)  # compresses to almost nothing, like a 1 GiB cell does
    with zipfile.ZipFile(path) as archive:
        inflated = sum(member.file_size for member in archive.infolist())
    assert path.stat().st_size * 5 < inflated
    monkeypatch.setattr(actuals_import, "MAX_XLSX_INFLATED", inflated - 1)
    monkeypatch.setattr(actuals_import, "_compact_reader", None)  # parsing would fail: it must not start
    with pytest.raises(InputError, match=r"the workbook inflates to .* MiB; at most 0 MiB are read"):
        read_table(path)


def test_an_xlsx_cell_over_the_field_limit_is_refused_naming_the_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # openpyxl reads at most Excel's 32,767 characters of a cell; the limit is lowered to reach it.
    monkeypatch.setattr(actuals_import, "MAX_FIELD_CHARS", 1000)
    path = tmp_path / "cell.xlsx"
    _xlsx(path, "w" * 1001)
    with pytest.raises(InputError, match=r"row 3: a cell is longer than 1,000 characters"):
        read_table(path)


def test_a_damaged_xlsx_is_a_message(tmp_path: Path) -> None:
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match=r"not a readable \.xlsx workbook"):
        read_table(path)
