"""Refuse a workbook whose records hold text too long for a cell, naming the record and field.

Stored text may be up to a million characters (:mod:`fundtracker.domain.text`) but a
workbook cell holds 32,767. The check runs before anything is built, over exactly the
fields the workbook writes, so the message names the record and field the person can
shorten. :func:`fundtracker.exports.xlsx_cells.check_cell_text` is the rule.
"""

from __future__ import annotations

from collections.abc import Iterator

from fundtracker.exports.xlsx_basis import BudgetBasis
from fundtracker.exports.xlsx_cells import check_cell_text, safe_text

# The fields of each record the workbook's sheets write as text.
STREAM_FIELDS = ("key", "name", "funder")
POSITION_FIELDS = ("key", "title", "name")
EXPENSE_FIELDS = ("key", "description", "category")


def written_text(basis: BudgetBasis) -> Iterator[tuple[str, str]]:
    """``(where, text)`` for every record field the workbook writes (``where``: "position 'lead' title")."""
    yield "the workspace name", basis.workspace_name
    yield "the organization name", basis.organization.name
    if basis.scenario:
        yield f"scenario {basis.scenario!r} name", basis.scenario_name
    for stream in (*basis.counted, *basis.excluded):
        for field in STREAM_FIELDS:
            yield f"funding stream {stream.key!r} {field}", getattr(stream, field)
    for position in basis.positions:
        for field in POSITION_FIELDS:
            yield f"position {position.key!r} {field}", getattr(position, field)
    for expense in basis.expenses:
        for field in EXPENSE_FIELDS:
            yield f"expense {expense.key!r} {field}", getattr(expense, field)


def check_workbook_text(basis: BudgetBasis) -> None:
    """Raise :class:`InputError` for the first field too long for a cell (see the module doc)."""
    for where, text in written_text(basis):
        check_cell_text(safe_text(text), where)
