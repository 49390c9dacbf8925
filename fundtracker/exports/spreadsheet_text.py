"""Text a spreadsheet must not run: the one rule for the workbook's cells and every CSV output.

A cell that starts with ``=``, ``+``, ``-`` or ``@`` is read by Excel, LibreOffice and Google Sheets as a
formula (``=HYPERLINK(…)``, ``@SUM(…)``, ``-2+3+cmd|' /C calc'!A0``), and a leading tab or carriage return
hides such a start from simple checks. Names, categories and memos come from users and accounting
files, so any of them may start so. The workbook marks such a cell as text with a quote prefix
(:mod:`fundtracker.exports.xlsx_cells`); a CSV cell gets a leading apostrophe, the form spreadsheets
show as plain text. A number such as ``-1234.56`` is left as it is: it is data, not a formula.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def starts_like_formula(text: str) -> bool:
    """Whether a spreadsheet could take ``text`` for a formula."""
    return text.startswith(FORMULA_START)


def csv_cell(value: object) -> str:
    """``value`` as a CSV cell a spreadsheet shows as text, never runs: ``'=1+1`` for ``=1+1``."""
    text = "" if value is None else str(value)
    if starts_like_formula(text) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_row(values: Iterable[object]) -> list[str]:
    return [csv_cell(value) for value in values]
