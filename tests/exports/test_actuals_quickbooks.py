"""QuickBooks Desktop's multi-level "Transaction Detail by Account" report, as CSV and as Excel."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from fundtracker import cli
from fundtracker.exports.actuals_import import guess_mapping, parse_rows, read_table

FIXTURE = Path(__file__).parent / "fixtures" / "qb_desktop_transaction_detail.csv"

# (row, date, cents, account, object class, class code, payee, number, memo)
EXPECTED = [
    (6, date(2022, 1, 14), 433_333, "6010 · Salaries & Wages", "personnel", "COMBAT", "Maria Pena", "1041",
     "Pay period 01/01/22-01/14/22"),
    (7, date(2022, 1, 14), 433_333, "6010 · Salaries & Wages", "personnel", "COMBAT", "Maria Pena", "1042",
     "Pay period 01/01/22-01/14/22"),
    (8, date(2022, 1, 28), 210_000, "6010 · Salaries & Wages", "personnel", "DOJ-CVI", 'Jones, D. "Dee"', "1057",
     "Pay period 01/15/22-01/28/22"),
    (11, date(2022, 1, 31), 66_301, "6020 · Payroll Taxes", "fringe", "COMBAT", "IRS", "EFT", "941 deposit January"),
    (14, date(2022, 1, 31), 4_500, "6000 · Payroll Expenses - Other", "personnel", "COMBAT", "", "JE-22-014",
     "Reclass payroll fee"),
    (18, date(2022, 2, 3), 21_240, "6500 · Office Supplies", "supplies", "HEALTH", "Staples Business Advantage",
     "INV-88123", "Toner and paper"),
    (19, date(2022, 2, 10), -2_500, "6500 · Office Supplies", "supplies", "HEALTH", "Staples Business Advantage",
     "CM-5531", "Returned toner"),
    (22, date(2022, 3, 2), 24_102, "6800 · Travel & Mileage", "travel", "DOJ-CVI", "Ana Ruiz", "1088",
     "Mileage, Feb (412 mi @ $0.585)"),
]  # fmt: skip


def read(path: Path) -> list[tuple[object, ...]]:
    table = read_table(path)
    assert table.layout == "quickbooks"
    mapping = guess_mapping(table.headers)
    assert dict(mapping.columns) == {
        "date": "Date",
        "debit": "Debit",
        "credit": "Credit",
        "account": "Account",
        "code": "Class",
        "memo": "Memo",
        "payee": "Name",
        "number": "Num",
    }
    parsed = parse_rows(table, mapping)
    assert parsed.problems == ()
    return [(r.row, r.date, r.amount, r.account, r.category, r.code, r.payee, r.number, r.memo) for r in parsed.rows]


def test_desktop_csv_reads_every_transaction_under_its_innermost_account() -> None:
    rows = read(FIXTURE)
    assert rows == EXPECTED
    # Group, "Total …", "Net Ordinary Income" and "TOTAL" lines are not transactions; the sum is the report's.
    assert sum(r[2] for r in rows) == 1_190_309  # $11,903.09, the report's Total Expense


def test_desktop_excel_export_with_title_lines_real_dates_and_numbers(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for title in ("Kansas City Community Safety Partnership", "Transaction Detail by Account", "January 2022"):
        sheet.append([title])
    with FIXTURE.open(encoding="utf-8", newline="") as handle:
        for cells in csv.reader(handle):
            values: list[object] = []
            for at, cell in enumerate(cells):
                if at == 5 and cell.count("/") == 2:
                    values.append(datetime.strptime(cell, "%m/%d/%Y"))
                elif at >= 13 and cell and cell[0].isdigit():
                    values.append(float(cell.replace(",", "")))
                else:
                    values.append(cell or None)
            sheet.append(values)
    path = tmp_path / "qb-desktop.xlsx"
    book.save(path)
    assert read(path) == [(row + 3, *rest) for row, *rest in EXPECTED]


def test_the_online_layout_still_reads(tmp_path: Path) -> None:
    online = tmp_path / "qbo.csv"
    online.write_text(
        "Transaction Detail by Account\nKansas City CSP\n\n"
        ",Date,Transaction Type,Num,Name,Memo/Description,Class,Split,Amount,Balance\n"
        "6000 Salaries & Wages,,,,,,,,,\n"
        ',01/31/2022,Payroll Check,101,Maria Pena,January payroll,COMBAT,Checking,"4,333.33","4,333.33"\n'
        'Total for 6000 Salaries & Wages,,,,,,,,"$4,333.33",\n'
        "6500 Office Supplies,,,,,,,,,\n"
        ',"Feb 3, 2022",Expense,,Staples,Refund,health,Checking,(25.00),\n'
        "Total for 6500 Office Supplies,,,,,,,,($25.00),\n"
        'TOTAL,,,,,,,,"$4,308.33",\n',
        encoding="utf-8",
    )
    table = read_table(online)
    parsed = parse_rows(table, guess_mapping(table.headers))
    assert [(r.row, r.account, r.amount, r.number) for r in parsed.rows] == [
        (6, "6000 Salaries & Wages", 433_333, "101"),
        (9, "6500 Office Supplies", -2_500, ""),
    ]


def test_importing_the_desktop_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FUNDTRACKER_DATA_DIR", str(tmp_path / "data"))
    workspace = tmp_path / "ws.fundtracker"
    assert cli.run_command(["sample", str(workspace), "--as-of", "2022-01-01"]) == 0
    capsys.readouterr()
    assert cli.run_command(["import", "actuals", str(workspace), str(FIXTURE)]) == 0
    assert "imported 8 rows ($11,903.09)" in capsys.readouterr().out
    assert cli.run_command(["import", "actuals", str(workspace), str(FIXTURE), "--skip-duplicates"]) == 0
    assert "nothing new in qb_desktop_transaction_detail.csv: all 8 rows were imported before" in (
        capsys.readouterr().out
    )
