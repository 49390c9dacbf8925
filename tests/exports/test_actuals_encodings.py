"""CSV files are read by the csv module's standard rules, in the encoding they were written in, or refused."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from fundtracker import cli
from fundtracker.domain.errors import InputError
from fundtracker.exports.actuals_import import guess_mapping, parse_rows, read_table

TEXT = (
    "Date,Amount,Account,Name,Memo\n"
    '2022-01-31,"4,333.33",Salaries,María Peña,"Nov ""overage"""\n'
    "2022-02-01,12.00,Supplies,Café Zoë,“quoted” – dash’s 5°\n"
)
MEMOS = ['Nov "overage"', "“quoted” – dash’s 5°"]


def memos(path: Path, **kwargs: str) -> list[str]:
    table = read_table(path, **kwargs)
    parsed = parse_rows(table, guess_mapping(table.headers))
    assert parsed.problems == ()
    assert [r.payee for r in parsed.rows] == ["María Peña", "Café Zoë"]
    return [r.memo for r in parsed.rows]


def test_doubled_quotes_are_one_quote(tmp_path: Path) -> None:
    # The sniffer alone can take '""' for an escape; only the delimiter is sniffed.
    path = tmp_path / "gl.csv"
    path.write_text(TEXT, encoding="utf-8")
    assert memos(path) == MEMOS
    semicolons = tmp_path / "semi.csv"
    semicolons.write_text('Date;Amount;Memo\n2022-01-31;5.00;"Nov ""overage"""\n', encoding="utf-8")
    table = read_table(semicolons)
    assert parse_rows(table, guess_mapping(table.headers)).rows[0].memo == 'Nov "overage"'


@pytest.mark.parametrize(
    ("encoding", "bom", "seen"),
    [
        ("utf-8", b"", "utf-8"),
        ("utf-8", codecs.BOM_UTF8, "utf-8"),
        ("utf-16-le", codecs.BOM_UTF16_LE, "utf-16"),
        ("utf-16-be", codecs.BOM_UTF16_BE, "utf-16"),
        ("utf-16-le", b"", "utf-16"),
        ("utf-16-be", b"", "utf-16"),
    ],
)
def test_unicode_files_with_or_without_a_bom(tmp_path: Path, encoding: str, bom: bytes, seen: str) -> None:
    path = tmp_path / "gl.csv"
    path.write_bytes(bom + TEXT.encode(encoding))
    assert memos(path) == MEMOS
    assert read_table(path).encoding == seen
    assert read_table(path).headers[0] == "Date"  # no BOM left in the first header


def test_windows_1252_and_latin_1_are_recognised(tmp_path: Path) -> None:
    path = tmp_path / "windows.csv"
    path.write_bytes(TEXT.encode("cp1252"))  # curly quotes and the dash are bytes 0x93, 0x94, 0x96
    assert memos(path) == MEMOS
    assert read_table(path).encoding == "cp1252"
    latin = tmp_path / "latin.csv"
    latin.write_bytes("Date,Amount,Name,Memo\n2022-01-01,5.00,María Peña,Café\n".encode("latin-1"))
    table = read_table(latin)
    row = parse_rows(table, guess_mapping(table.headers)).rows[0]
    assert (row.payee, row.memo) == ("María Peña", "Café")


@pytest.mark.parametrize(
    "data",
    [
        "Date,Amount,Memo\n2022-01-01,5.00,東京の会社 請求書\n".encode("shift_jis"),
        b"Date,Amount,Memo\n2022-01-01,5.00,\x81\x8d\x8f\x90\x9d\n",
        "Date,Amount,Memo\n2022-01-01,5.00,Привет мир, отчёт\n".encode("koi8_r"),
    ],
    ids=["shift_jis", "undefined-in-1252", "koi8"],
)
def test_other_encodings_are_refused_not_read_as_garbage(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "other.csv"
    path.write_bytes(data)
    with pytest.raises(InputError, match=r"line 2 is not UTF-8 text \(byte 0x[0-9a-f]{2}\).*--encoding"):
        read_table(path)


def test_a_named_encoding_is_used_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "jp.csv"
    path.write_bytes("Date,Amount,Memo\n2022-01-01,5.00,東京\n".encode("shift_jis"))
    table = read_table(path, encoding="shift_jis")
    assert parse_rows(table, guess_mapping(table.headers)).rows[0].memo == "東京"
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        read_table(path, encoding="klingon")
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"Date,Amount,Memo\n2022-01-01,5.00,\xff\xfe\xfd\n")
    with pytest.raises(InputError, match="not utf-8 text"):
        read_table(bad, encoding="utf-8")


def test_the_cli_says_how_a_file_was_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FUNDTRACKER_DATA_DIR", str(tmp_path / "data"))
    workspace = tmp_path / "ws.fundtracker"
    assert cli.run_command(["sample", str(workspace), "--as-of", "2022-01-01"]) == 0
    path = tmp_path / "windows.csv"
    path.write_bytes(TEXT.encode("cp1252"))
    assert cli.run_command(["import", "actuals", str(workspace), str(path)]) == 0
    assert "read as cp1252 text" in capsys.readouterr().out
