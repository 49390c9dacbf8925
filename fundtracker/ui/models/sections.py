"""The narrative sections of one application, with word counts and limit warnings."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sized
from types import MethodType
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from fundtracker.domain.errors import InputError
from fundtracker.domain.records import Application, Section
from fundtracker.exports.section_pages import section_page_count
from fundtracker.services.markup import SectionCounts, section_counts
from fundtracker.ui.models.list_model import ListTableModel
from fundtracker.ui.narrative_sections import is_started, ordered_sections

AnyIndex = QModelIndex | QPersistentModelIndex
SECTION_ROLE = Qt.ItemDataRole.UserRole + 1  # the Section
WARNING_COLOR = QColor("#c62828")
NOT_STARTED_COLOR = QColor("#808080")


def counts_of(
    application: Application | None,
    section: Section,
    text: str,
    fill: Callable[[str], str] | None,
    pages: int | None = None,
    *,
    layout: bool = True,
) -> SectionCounts:
    """A section's counts on its filled text (its raw text when placeholders cannot be filled).

    A section with a page limit is laid out (in the application's typography) to count its
    pages when ``layout`` is set; otherwise ``pages`` (the last count) is kept.
    """
    filled = text
    if fill is not None:
        try:
            filled = fill(text)
        except InputError:
            filled = text
    if layout and application is not None and section.page_limit is not None:
        try:
            pages = section_page_count(application, section, filled)
        except InputError:
            pages = None  # characters the PDF cannot hold: the export names them
    return section_counts(section, filled, pages)


def _weakly(fill: Callable[[str], str] | None) -> Callable[[str], str] | None:
    if not isinstance(fill, MethodType):
        return fill
    method = weakref.WeakMethod(fill)

    def call(text: str) -> str:
        bound = method()
        return text if bound is None else bound(text)

    return call


class SectionListModel(ListTableModel):
    """Rows: the application's sections in DOJ order; columns: title and word count (red when over a limit)."""

    COL_TITLE = 0
    COL_WORDS = 1
    HEADERS = ("Section", "Words")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._application: Application | None = None
        self._sections: list[Section] = []
        self._counts: list[SectionCounts] = []
        self._fill: Callable[[str], str] | None = None

    def set_application(self, application: Application | None, fill: Callable[[str], str] | None = None) -> None:
        """Show ``application``'s sections; ``fill`` fills placeholders before counting.

        A bound method (the editor's, which owns this model) is held weakly: held strongly, it would
        close a reference cycle through Qt objects that only the cyclic collector frees (issue 11).
        """
        self._fill = _weakly(fill)
        fill = self._fill
        sections = ordered_sections(application) if application is not None else []
        same_rows = [s.key for s in sections] == [s.key for s in self._sections]
        if not same_rows:
            self.beginResetModel()
        self._application = application
        self._sections = sections
        self._counts = [counts_of(application, s, s.text, fill) for s in sections]
        if not same_rows:
            self.endResetModel()
        elif sections:
            self.dataChanged.emit(self.index(0, 0), self.index(len(sections) - 1, len(self.HEADERS) - 1))

    def set_live_text(self, key: str, text: str, *, layout: bool = True) -> SectionCounts | None:
        """Count ``text`` (being typed, not saved yet) for section ``key``; returns its counts.

        ``layout=False`` keeps the last laid-out page count (laying out is too slow for every key).
        """
        for row, section in enumerate(self._sections):
            if section.key == key:
                last = self._counts[row].pages
                self._counts[row] = counts_of(self._application, section, text, self._fill, last, layout=layout)
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.COL_WORDS))
                return self._counts[row]
        return None

    def section(self, row: int) -> Section:
        return self._sections[row]

    def counts(self, row: int) -> SectionCounts:
        return self._counts[row]

    def row_of(self, key: str) -> int:
        return next((row for row, s in enumerate(self._sections) if s.key == key), -1)

    # -- Qt model API -------------------------------------------------------------

    def items(self) -> Sized:
        return self._sections

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        section = self._sections[index.row()]
        counts = self._counts[index.row()]
        started = self._application is not None and is_started(self._application, section.key)
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == self.COL_TITLE:
                return section.title
            if section.word_limit is not None:
                return f"{counts.words:,} / {section.word_limit:,}"
            return f"{counts.words:,}"
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.COL_WORDS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole:
            if counts.warnings:
                return QBrush(WARNING_COLOR)
            if not started:
                return QBrush(NOT_STARTED_COLOR)
        if role == Qt.ItemDataRole.FontRole and counts.warnings:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            limits = []
            if section.word_limit is not None:
                limits.append(f"limit {section.word_limit:,} words")
            if section.page_limit is not None:
                now = f", {counts.pages} laid out" if counts.pages is not None else ""
                limits.append(f"limit {section.page_limit} page{'s' if section.page_limit != 1 else ''}{now}")
            text = f"{section.title}: {counts.words:,} words, {counts.characters:,} characters"
            text += f" ({', '.join(limits)})" if limits else ""
            text += "" if started else "\nNot started: type to add it."
            return "\n".join([text, *(w[0].upper() + w[1:] for w in counts.warnings)])
        if role == SECTION_ROLE:
            return section
        return None
