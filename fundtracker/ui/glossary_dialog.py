"""Help ▸ Glossary: the words of grants and runways, with a box to find one.

The text is :mod:`fundtracker.services.glossary`'s, the same the tooltips use. The window
is not modal (it stays open beside the page being read) and there is only one: asking
again raises it.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QTextBrowser, QVBoxLayout, QWidget

from fundtracker.services.glossary import TERMS, Term


class GlossaryDialog(QDialog):
    """Every glossary term; typing in the box shows only the terms that mention the text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Glossary")
        self.setModal(False)
        self.resize(620, 560)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Find a word…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Find a word")
        self.search.setToolTip("Show only the terms whose name or explanation contains this")
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setAccessibleName("Glossary")
        self.count = QLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.search)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self.search.textChanged.connect(self.show_terms)
        self.show_terms("")

    def shown_terms(self, text: str) -> list[Term]:
        wanted = text.strip().lower()
        return [
            term
            for term in TERMS
            if not wanted or wanted in " ".join((term.term, term.short, term.more, *term.also)).lower()
        ]

    def show_terms(self, text: str) -> None:
        terms = self.shown_terms(text)
        rows = []
        for term in terms:
            more = f"<br><i>{escape(term.more)}</i>" if term.more else ""  # the palette's text colour: legible
            rows.append(f"<p style='margin-bottom:8px'><b>{escape(term.term)}</b><br>{escape(term.short)}{more}</p>")
        self.text.setHtml("".join(rows) or "<p>No term mentions that.</p>")
        self.count.setText(f"{len(terms)} of {len(TERMS)} terms")


def show_glossary(window: Any) -> GlossaryDialog:
    """Help ▸ Glossary: open the glossary beside the window (or raise it when open)."""
    dialog = getattr(window, "glossary_dialog", None)
    if not isinstance(dialog, GlossaryDialog):
        dialog = GlossaryDialog(window)
        window.glossary_dialog = dialog
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
