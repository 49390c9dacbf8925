"""The budget vs actual table models, without a window: every figure is the service's, to the cent."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from fundtracker.domain.months import month_name
from fundtracker.exports.actuals_import import ParsedRow
from fundtracker.services.actuals import import_actuals, import_batches
from fundtracker.services.budget_vs_actual import budget_vs_actual
from fundtracker.ui.models.budget_vs_actual import (
    OVER_COLOR,
    BatchTableModel,
    BurnTableModel,
    VarianceTableModel,
    fill,
)
from fundtracker.ui.models.record_table import SORT_ROLE

DISPLAY = Qt.ItemDataRole.DisplayRole
AS_OF = date(2022, 3, 1)  # January and February closed


@pytest.fixture
def report(session):  # type: ignore[no-untyped-def]
    rows = [
        ParsedRow(2, date(2022, 1, 31), 433_333, "personnel", "combat", "January payroll"),
        ParsedRow(3, date(2022, 1, 31), 108_333, "fringe", "combat", "January benefits"),
        ParsedRow(4, date(2022, 2, 3), -2_500, "supplies", "health", "Refund"),
        ParsedRow(5, date(2022, 2, 10), 12_000, "supplies", "", "Phones"),
        ParsedRow(6, date(2022, 2, 11), 9_000_000, "contractual", "donors", "A big contract"),
    ]
    import_actuals(session.service, rows, source="books.csv")
    return budget_vs_actual(session.service.load(), as_of=AS_OF)


def test_variance_lines_show_the_services_figures_to_the_cent(report) -> None:
    model = VarianceTableModel()
    fill(report, model, BurnTableModel())
    assert model.rowCount() == len(report.lines) > 0
    for row, line in enumerate(report.lines):
        shown = [model.data(model.index(row, column), DISPLAY) for column in range(model.columnCount())]
        assert shown[VarianceTableModel.COL_BUDGET] == f"${line.budget // 100:,}.{line.budget % 100:02d}"
        assert model.data(model.index(row, VarianceTableModel.COL_BUDGET), SORT_ROLE) == line.budget
        assert model.data(model.index(row, VarianceTableModel.COL_ACTUAL), SORT_ROLE) == line.actual
        assert model.data(model.index(row, VarianceTableModel.COL_VARIANCE), SORT_ROLE) == line.budget - line.actual
    combat = {line.category: row for row, line in enumerate(report.lines) if line.stream == "combat"}
    personnel = report.lines[combat["personnel"]]
    assert personnel.actual == 433_333
    row = combat["personnel"]
    assert model.data(model.index(row, VarianceTableModel.COL_STREAM), DISPLAY) == "COMBAT anti-crime tax allocation"
    assert model.data(model.index(row, VarianceTableModel.COL_ACTUAL), DISPLAY) == "$4,333.33"
    percent = personnel.percent_spent
    assert model.data(model.index(row, VarianceTableModel.COL_PERCENT), DISPLAY) == f"{percent}%"

    no_stream = [row for row, line in enumerate(report.lines) if line.stream is None]
    assert [model.data(model.index(r, VarianceTableModel.COL_STREAM), DISPLAY) for r in no_stream] == ["(no stream)"]
    assert model.data(model.index(no_stream[0], VarianceTableModel.COL_ACTUAL), DISPLAY) == "$120.00"
    # The phones ($120 a month) that no allocation charges have a budget too (they showed $0 before).
    unallocated = report.lines[no_stream[0]]
    assert unallocated.budget > 0
    assert unallocated.percent_spent == 50  # $120 spent of the $240 two months of phones budget
    assert model.data(model.index(no_stream[0], VarianceTableModel.COL_PERCENT), DISPLAY) == "50%"
    # Overspending is red: donors' contract is far above what was budgeted to date.
    over = next(
        row for row, line in enumerate(report.lines) if line.stream == "donors" and line.category == "contractual"
    )
    assert report.lines[over].variance < 0
    assert model.data(model.index(over, VarianceTableModel.COL_VARIANCE), Qt.ItemDataRole.ForegroundRole).color() == (
        OVER_COLOR
    )


def test_burn_rows_show_burn_rate_and_run_out_month(report) -> None:
    model = BurnTableModel()
    fill(report, VarianceTableModel(), model)
    assert [model.data(model.index(r, BurnTableModel.COL_STREAM), DISPLAY) for r in range(model.rowCount())] == [
        burn.name for burn in report.streams
    ]
    for row, burn in enumerate(report.streams):
        assert model.data(model.index(row, BurnTableModel.COL_BURN), SORT_ROLE) == burn.burn_rate
        assert model.data(model.index(row, BurnTableModel.COL_REMAINING), SORT_ROLE) == burn.remaining
        runs_out = model.data(model.index(row, BurnTableModel.COL_RUNS_OUT), DISPLAY)
        assert runs_out == ("—" if burn.runs_out is None else month_name(burn.runs_out))
    combat = next(row for row, burn in enumerate(report.streams) if burn.stream == "combat")
    burn = report.streams[combat]
    assert burn.actual == 541_666 and burn.burn_rate > 0
    assert model.data(model.index(combat, BurnTableModel.COL_SPENT), DISPLAY) == "$5,416.66"
    assert model.data(model.index(combat, BurnTableModel.COL_AWARD), DISPLAY) == "$78,268.00"
    donors = next(row for row, burn in enumerate(report.streams) if burn.stream == "donors")
    assert report.streams[donors].remaining == 4_000_000 - 9_000_000
    assert model.data(model.index(donors, BurnTableModel.COL_REMAINING), DISPLAY) == "-$50,000.00"
    assert model.data(model.index(donors, BurnTableModel.COL_REMAINING), Qt.ItemDataRole.ForegroundRole) is not None


def test_batches_list_each_import(session, report) -> None:
    model = BatchTableModel()
    batches = import_batches(session.service)
    model.set_items(batches)
    assert model.rowCount() == 1
    info = batches[0]
    shown = [model.data(model.index(0, column), DISPLAY) for column in range(model.columnCount())]
    assert shown == [info.batch, "5", "$95,511.66", "2022-01-31", "2022-02-11"]
    assert info.total == 433_333 + 108_333 - 2_500 + 12_000 + 9_000_000
    assert model.data(model.index(0, BatchTableModel.COL_TOTAL), SORT_ROLE) == info.total
