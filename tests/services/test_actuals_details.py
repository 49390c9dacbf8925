"""Actual spending keeps what the export says, and "imported before" counts repeats (both backends)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from fundtracker.domain.errors import ValidationError
from fundtracker.exports.actuals_import import ParsedRow
from fundtracker.services.actuals import import_actuals
from fundtracker.services.workspace import WorkspaceService
from fundtracker.store import schema


def paycheck(row: int, number: str, day: date = date(2022, 1, 31)) -> ParsedRow:
    return ParsedRow(
        row,
        day,
        433_333,
        "personnel",
        "COMBAT",
        "Payroll",
        account="6000 Salaries & Wages",
        payee="Maria Pena",
        number=number,
    )


def test_every_detail_is_stored_and_read_back(sample_service: WorkspaceService) -> None:
    result = import_actuals(sample_service, [paycheck(7, "1041")], source="gl.csv")
    stored = [a for a in sample_service.refresh().actuals if a.batch == result.batch]
    assert [
        (a.date, a.amount, a.account, a.category, a.code, a.memo, a.payee, a.number, a.source_row, a.stream)
        for a in stored
    ] == [
        (
            date(2022, 1, 31),
            433_333,
            "6000 Salaries & Wages",
            "personnel",
            "COMBAT",
            "Payroll",
            "Maria Pena",
            "1041",
            7,
            "combat",
        )
    ]


def test_two_equal_paychecks_with_different_check_numbers_are_two(sample_service: WorkspaceService) -> None:
    checks = [paycheck(2, "1041"), paycheck(3, "1042")]
    assert import_actuals(sample_service, checks).imported == 2
    again = import_actuals(sample_service, checks, skip_duplicates=True)
    assert (again.imported, again.duplicates) == (0, (2, 3))
    with pytest.raises(ValidationError, match=r"already imported: 2022-01-31 4333\.33 .*number '1042'"):
        import_actuals(sample_service, checks)
    # A third check with another number is new, though everything else is equal.
    third = import_actuals(sample_service, [*checks, paycheck(4, "1043")], skip_duplicates=True)
    assert (third.imported, third.duplicates) == (1, (2, 3))
    assert sum(a.amount == 433_333 for a in sample_service.refresh().actuals) == 3


def test_identical_lines_in_one_file_are_two_and_the_file_again_adds_nothing(
    sample_service: WorkspaceService,
) -> None:
    twins = [paycheck(2, ""), paycheck(3, "")]
    assert import_actuals(sample_service, twins).imported == 2
    again = import_actuals(sample_service, twins, skip_duplicates=True)
    assert (again.imported, again.duplicates) == (0, (2, 3))
    # A later export holding the pair and one more equal line (on other rows) adds that one only.
    later = [paycheck(10, ""), paycheck(11, ""), paycheck(12, "")]
    grown = import_actuals(sample_service, later, skip_duplicates=True)
    assert (grown.imported, grown.duplicates) == (1, (10, 11))
    assert sum(a.amount == 433_333 for a in sample_service.refresh().actuals) == 3


def test_a_detail_that_differs_makes_another_transaction(sample_service: WorkspaceService) -> None:
    import_actuals(sample_service, [paycheck(2, "1041")])
    other_payee = ParsedRow(
        2, date(2022, 1, 31), 433_333, "personnel", "COMBAT", "Payroll", account="6000 Salaries & Wages",
        payee="Ana Ruiz", number="1041",
    )  # fmt: skip
    case_only = ParsedRow(
        3, date(2022, 1, 31), 433_333, "personnel", "combat", " payroll ", account="6000 SALARIES & WAGES",
        payee="maria  pena", number="1041",
    )  # fmt: skip
    result = import_actuals(sample_service, [other_payee, case_only], skip_duplicates=True)
    assert (result.imported, result.duplicates) == (1, (3,))


def test_rows_imported_before_the_details_were_kept_still_count_as_imported(tmp_path: Path) -> None:
    """A workspace from revision 0004 (no details): its transactions are matched on date, amount, code, memo."""
    path = tmp_path / "old.fundtracker"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as connection:
        schema.upgrade(connection, "0004")
        connection.execute(
            text(
                "INSERT INTO funding_stream (key, name, funder, kind, amount, start, schedule_type, lag_days, status,"
                " probability, restricted, notes, version) VALUES ('combat', 'COMBAT', 'Jackson County', 'tax_levy',"
                " 7826800, '2022-01-01', 'lump_sum', 0, 'secured', '1', 1, '', 1)"
            )
        )
        for n, memo in ((1, "Payroll"), (2, "Payroll"), (3, "Pa\x00per")):
            connection.execute(
                text(
                    "INSERT INTO actual (key, date, amount, stream, category, code, memo, batch, version) VALUES "
                    f"('old-{n}', '2022-01-31', 433333, 'combat', 'personnel', 'COMBAT', :memo, 'old', 1)"
                ),
                {"memo": memo},
            )
    engine.dispose()
    with WorkspaceService.open(path) as service:
        stored = service.load().actuals
        assert [(a.account, a.payee, a.number, a.source_row) for a in stored] == [("", "", "", None)] * 3
        # The upgrade removed the NUL an old import let in: the workspace follows the text rule.
        assert stored[2].memo == "Paper"
        result = import_actuals(service, [paycheck(2, "1041"), paycheck(3, "1042"), paycheck(4, "1043")],
                                skip_duplicates=True)  # fmt: skip
        assert (result.imported, result.duplicates) == (1, (2, 3))
