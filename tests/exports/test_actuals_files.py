"""Reading accounting exports: layouts, US dates and amounts, encodings, delimiters, mappings."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from fundtracker.domain.errors import InputError
from fundtracker.exports.actuals_import import (
    ColumnMapping,
    MappingStore,
    category_of,
    guess_mapping,
    parse_amount,
    parse_rows,
    parse_us_date,
    preview,
    read_table,
)

QUICKBOOKS = """Transaction Detail by Account
Kansas City Community Safety Partnership
"January - March, 2022"

,Date,Transaction Type,Num,Name,Memo/Description,Class,Split,Amount,Balance
6000 Salaries & Wages,,,,,,,,,
,01/31/2022,Payroll Check,101,Maria Pena,January payroll,COMBAT,Checking,"4,333.33","4,333.33"
,02/28/2022,Payroll Check,102,Maria Pena,February payroll,combat,Checking,"4,333.33","8,666.66"
Total for 6000 Salaries & Wages,,,,,,,,"$8,666.66",
6500 Office Supplies,,,,,,,,,
,"Feb 3, 2022",Expense,,Staples,Refund,health,Checking,(25.00),
Total for 6500 Office Supplies,,,,,,,,($25.00),
TOTAL,,,,,,,,"$8,641.66",
"""

PLAIN = """Date,Amount,Category,Fund,Memo
2022-01-15,1200.00,travel,COMBAT,Conference
1/16/22,$99.95,supplies,,Paper
"""


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_quickbooks_transaction_detail(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "qb.csv", QUICKBOOKS))
    assert table.layout == "quickbooks"
    mapping = guess_mapping(table.headers)
    assert dict(mapping.columns) == {
        "date": "Date",
        "amount": "Amount",
        "account": "Account",
        "code": "Class",
        "memo": "Memo/Description",
        "payee": "Name",
        "number": "Num",
    }
    parsed = parse_rows(table, mapping)
    assert parsed.problems == ()
    assert [(r.row, r.date, r.amount, r.category, r.code) for r in parsed.rows] == [
        (7, date(2022, 1, 31), 433333, "personnel", "COMBAT"),
        (8, date(2022, 2, 28), 433333, "personnel", "combat"),
        (11, date(2022, 2, 3), -2500, "supplies", "health"),
    ]
    # What the export says is kept as written.
    assert [(r.account, r.payee, r.number, r.memo) for r in parsed.rows] == [
        ("6000 Salaries & Wages", "Maria Pena", "101", "January payroll"),
        ("6000 Salaries & Wages", "Maria Pena", "102", "February payroll"),
        ("6500 Office Supplies", "Staples", "", "Refund"),
    ]


def test_plain_layout(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "plain.csv", PLAIN))
    assert table.layout == "plain"
    mapping = guess_mapping(table.headers)
    assert mapping.columns["code"] == "Fund"
    rows = parse_rows(table, mapping).rows
    assert [(r.date, r.amount, r.category, r.memo) for r in rows] == [
        (date(2022, 1, 15), 120000, "travel", "Conference"),
        (date(2022, 1, 16), 9995, "supplies", "Paper"),
    ]


def test_xlsx_export_with_real_dates_and_numbers(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Txn Date", "Debit", "Credit", "Account", "Memo"])
    sheet.append([datetime(2023, 3, 1), 1500.1, None, "Mileage reimbursement", "=SUM(1,2)"])
    sheet.append([datetime(2023, 3, 2), None, 20, "Office supplies", "refund"])
    sheet["E2"].data_type = "s"  # a memo that looks like a formula, stored as text
    path = tmp_path / "gl.xlsx"
    book.save(path)
    table = read_table(path)
    mapping = guess_mapping(table.headers)
    assert {"date", "debit", "credit"} <= set(mapping.columns)
    rows = parse_rows(table, mapping).rows
    assert [(r.date, r.amount, r.category) for r in rows] == [
        (date(2023, 3, 1), 150010, "travel"),
        (date(2023, 3, 2), -2000, "supplies"),
    ]
    assert rows[0].memo == "=SUM(1,2)"  # text, kept as text


def test_every_bad_row_is_named(tmp_path: Path) -> None:
    text = "Date,Amount,Memo\n2022-13-01,10.00,a\n01/02/2022,ten,b\n,5,c\n01/03/2022,1.234,d\n01/04/2022,7.00,ok\n"
    table = read_table(write(tmp_path, "bad.csv", text))
    parsed = parse_rows(table, guess_mapping(table.headers))
    assert [str(p) for p in parsed.problems] == [
        "row 2, column 'Date': not a date: '2022-13-01'; write it as MM/DD/YYYY, M/D/YY, YYYY-MM-DD, "
        "Jan 31, 2023 or 31-Jan-2023",
        "row 3, column 'Amount': not an amount: 'ten'; write it like 1234.56, $1,234.56 or (1,234.56)",
        "row 4, column 'Date': the date is empty",
        "row 5, column 'Amount': not an amount: '1.234'; write it like 1234.56, $1,234.56 or (1,234.56)",
    ]
    assert [r.row for r in parsed.rows] == [6]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01/31/2023", date(2023, 1, 31)),
        ("1/5/23", date(2023, 1, 5)),
        ("2023-01-31", date(2023, 1, 31)),
        ("2023-01-31 00:00:00", date(2023, 1, 31)),
        ("Jan 31, 2023", date(2023, 1, 31)),
        ("January 31 2023", date(2023, 1, 31)),
        ("31-Jan-2023", date(2023, 1, 31)),
        ("12-31-2023", date(2023, 12, 31)),
    ],
)
def test_us_dates(text: str, expected: date) -> None:
    assert parse_us_date(text) == expected


@pytest.mark.parametrize("text", ["31/01/2023", "2023-02-30", "yesterday", "Foo 3, 2023"])
def test_bad_dates(text: str) -> None:
    with pytest.raises(InputError, match="not a date"):
        parse_us_date(text)


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("1,234.56", 123456),
        ("$1,234.56", 123456),
        ("(1,234.56)", -123456),
        ("-$20", -2000),
        ("$-20.5", -2050),
        ("20.00-", -2000),
        ("USD 7", 700),
        (" 3 ", 300),
    ],
)
def test_us_amounts(text: str, cents: int) -> None:
    assert parse_amount(text) == cents


def test_other_delimiters_are_detected(tmp_path: Path) -> None:
    for delimiter, name in ((";", "semi.csv"), ("\t", "tab.tsv"), ("|", "pipe.txt")):
        table = read_table(write(tmp_path, name, PLAIN.replace(",", delimiter).replace("$99.95", "99.95")))
        assert len(parse_rows(table, guess_mapping(table.headers)).rows) == 2, name


def test_no_header_is_a_clear_error(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "x.csv", "a,b\n1,2\n"))
    with pytest.raises(InputError, match=r"map a column to 'date' .*; the columns are: 'a', 'b'"):
        parse_rows(table, guess_mapping(table.headers))
    with pytest.raises(InputError, match=r"one column only \('Date:Amount'\)"):
        read_table(write(tmp_path, "y.csv", "Date:Amount\n2022-01-01:5\n"))
    with pytest.raises(InputError, match="the file is empty"):
        read_table(write(tmp_path, "z.csv", ""))
    with pytest.raises(InputError, match=r"unknown file type '\.pdf'"):
        read_table(write(tmp_path, "x.pdf", "%PDF"))
    with pytest.raises(InputError, match=r"not a readable \.xlsx"):
        read_table(write(tmp_path, "x.xlsx", "not a zip"))


def test_mapping_naming_missing_columns_is_refused(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "plain.csv", PLAIN))
    with pytest.raises(InputError, match="does not have: amount -> 'Total'"):
        parse_rows(table, ColumnMapping({"date": "Date", "amount": "Total"}))


def test_preview_shows_rows_as_read(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "plain.csv", PLAIN))
    rows = preview(table, guess_mapping(table.headers))
    assert rows[1] == {
        "row": "3",
        "date": "2022-01-16",
        "amount": "99.95",
        "category": "supplies",
        "account": "supplies",
        "code": "",
        "memo": "Paper",
        "payee": "",
        "number": "",
    }


def test_mapping_store_remembers_last_and_named(tmp_path: Path) -> None:
    store = MappingStore(tmp_path / "data" / "mappings.json")
    assert store.last() is None
    mapping = ColumnMapping({"date": "Posted", "amount": "Net"}, {"DOJ-CVI": "federal"})
    store.remember(mapping, "bank")
    again = MappingStore(tmp_path / "data" / "mappings.json")
    assert again.last() == mapping
    assert again.get("bank").codes == {"DOJ-CVI": "federal"}
    with pytest.raises(InputError, match="no saved column mapping named 'qb'; saved: bank"):
        again.get("qb")


def test_categories() -> None:
    assert category_of("6000 Salaries & Wages") == "personnel"
    assert category_of("6100 Employee benefits") == "fringe"
    assert category_of("Mileage") == "travel"
    assert category_of("Equipment") == "equipment"
    assert category_of("Miscellaneous") == "other"
