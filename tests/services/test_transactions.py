"""The transaction ledger: choosing, sorting and totalling rows; reclassifying them as one change."""

from __future__ import annotations

from datetime import date

import pytest

from fundtracker.domain.errors import ConflictError, InputError
from fundtracker.domain.months import month_index, month_of
from fundtracker.exports.actuals_import import ParsedRow
from fundtracker.services import transactions as tx
from fundtracker.services.actuals import import_actuals
from fundtracker.services.audit_export import audit_lines
from fundtracker.services.changes import inverse
from fundtracker.services.workspace import WorkspaceService

ROWS = [
    ParsedRow(2, date(2022, 1, 31), 433_333, "personnel", "COMBAT", "Jan salary", payee="Maria Pena", number="1041"),
    ParsedRow(3, date(2022, 1, 31), 433_333, "personnel", "COMBAT", "Jan salary", payee="D. Johnson", number="1042"),
    ParsedRow(4, date(2022, 2, 14), 13_540, "supplies", "", "Phones, Feb", account="6500 Telephone", payee="Verizon"),
    ParsedRow(5, date(2022, 3, 2), -2_501, "travel", "health", "Mileage refund", payee="A. Okafor"),
    ParsedRow(6, date(2022, 3, 20), 99_999, "other", "", "Printer", account="6100 Office", number="INV-77"),
]


@pytest.fixture
def imported(sample_service: WorkspaceService) -> WorkspaceService:
    import_actuals(sample_service, ROWS, source="gl.csv", batch="b1")
    return sample_service


def test_filters_choose_rows_and_the_total_is_their_exact_sum(imported: WorkspaceService) -> None:
    workspace = imported.load()
    names = tx.stream_names(workspace)
    every = tx.chosen(workspace.actuals, tx.Choice(), names)
    assert tx.total(every) == 433_333 + 433_333 + 13_540 - 2_501 + 99_999 == 977_704
    salaries = tx.chosen(workspace.actuals, tx.Choice(text="jan SALARY"), names)
    assert [a.number for a in salaries] == ["1041", "1042"]
    assert tx.total(salaries) == 866_666
    march = tx.chosen(workspace.actuals, tx.Choice(first=month_of(2022, 3), last=month_of(2022, 3)), names)
    assert [a.memo for a in march] == ["Mileage refund", "Printer"]
    assert tx.total(march) == 97_498
    unassigned = tx.chosen(workspace.actuals, tx.Choice(stream=tx.NO_STREAM), names)
    assert [a.memo for a in unassigned] == ["Phones, Feb", "Printer"]
    combat = tx.chosen(workspace.actuals, tx.Choice(stream="combat", category="personnel"), names)
    assert len(combat) == 2
    by_name = tx.chosen(workspace.actuals, tx.Choice(text="fiscal host"), names)  # the stream name
    assert [a.memo for a in by_name] == ["Mileage refund"]
    assert [a.memo for a in tx.chosen(workspace.actuals, tx.Choice(text="-25.01"), names)] == ["Mileage refund"]
    by_amount = sorted(every, key=tx.sort_key("amount", names), reverse=True)
    assert [a.amount for a in by_amount] == [433_333, 433_333, 99_999, 13_540, -2_501]
    by_payee = sorted(every, key=tx.sort_key("payee", names))
    assert [a.payee for a in by_payee] == ["", "A. Okafor", "D. Johnson", "Maria Pena", "Verizon"]


def test_export_rows_end_with_the_total(imported: WorkspaceService) -> None:
    workspace = imported.load()
    names = tx.stream_names(workspace)
    rows = list(tx.export_rows(tx.chosen(workspace.actuals, tx.Choice(category="personnel"), names), names))
    assert len(rows) == 3
    assert rows[0][0] == date(2022, 1, 31) and rows[0][1] == tx.Cents(433_333)
    assert rows[-1][:2] == ("Total", tx.Cents(866_666)) and rows[-1][8] == "2 transactions"


def test_reclassifying_many_is_one_audited_change_and_undoes_whole(imported: WorkspaceService) -> None:
    workspace = imported.load()
    keys = [a.key for a in workspace.actuals if a.stream is None]
    steps = tx.reclassify(workspace, keys, imported.locked_months(), stream="donors", category="supplies")
    assert len(steps) == 2
    before = imported.audit_count()
    after = imported.apply(steps)
    moved = {a.key: (a.stream, a.category) for a in after.actuals if a.key in keys}
    assert moved == {keys[0]: ("donors", "supplies"), keys[1]: ("donors", "supplies")}
    entries = imported.audit_log(limit=2)
    assert imported.audit_count() == before + 2 and len({e.change for e in entries}) == 1  # one change
    lines = audit_lines(imported.history().audit, after)[-2:]
    assert [line.change for line in lines] == [
        "Transaction 2022-02-14 $135.40 “Phones, Feb”: stream none → Private community donors",
        "Transaction 2022-03-20 $999.99 “Printer”: category other → supplies; stream none → Private community donors",
    ]
    restored = imported.apply(inverse(steps))
    assert restored.actuals == workspace.actuals
    text = tx.reclassify_text(steps, tx.stream_names(workspace), "donors", "supplies")
    assert text == "Reclassify 2 transactions to Private community donors, supplies"


def test_reclassifying_in_a_locked_month_is_refused_naming_the_month(imported: WorkspaceService) -> None:
    february = month_index(date(2022, 2, 1))
    imported.lock_months(range(february, february + 1))
    workspace = imported.load()
    keys = [a.key for a in workspace.actuals if a.stream is None]
    with pytest.raises(ConflictError, match=r"^1 of the chosen transactions is in the locked month February 2022; "):
        tx.reclassify(workspace, keys, imported.locked_months(), stream="donors")
    # The service refuses it too, whatever a client checks first.
    phones = next(a for a in workspace.actuals if a.memo == "Phones, Feb")
    steps = tx.reclassify(workspace, [phones.key], frozenset(), stream="donors")
    with pytest.raises(ConflictError, match=r"locked period 2022-02"):
        imported.apply(steps)
    assert imported.refresh().actuals == workspace.actuals


def test_reclassify_refuses_nonsense(imported: WorkspaceService) -> None:
    workspace = imported.load()
    key = workspace.actuals[0].key
    with pytest.raises(InputError, match="choose the transactions"):
        tx.reclassify(workspace, [], frozenset(), stream="donors")
    with pytest.raises(InputError, match="choose a stream or a category"):
        tx.reclassify(workspace, [key], frozenset())
    with pytest.raises(InputError, match="no funding stream with key 'nope'"):
        tx.reclassify(workspace, [key], frozenset(), stream="nope")
    with pytest.raises(InputError, match="'food' is not a category"):
        tx.reclassify(workspace, [key], frozenset(), category="food")
    with pytest.raises(InputError, match="classed so already"):
        tx.reclassify(workspace, [key], frozenset(), stream="combat")
