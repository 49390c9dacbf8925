"""An application's budget, computed from the plan: SF-424A Section B, warnings, detail lines;
and the budget justification per category, generated or the user's own text."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fundtracker.domain.errors import FundtrackerError
from fundtracker.domain.money import format_dollars
from fundtracker.domain.records import Application
from fundtracker.services.application_budget import (
    CATEGORY_TITLES,
    JUSTIFICATION_CATEGORIES,
    ApplicationBudget,
    application_budget,
    money,
    percent_text,
)
from fundtracker.services.budget_justification import generated_justification
from fundtracker.services.justification_figures import StaleJustification, stale_justifications, with_own_text
from fundtracker.ui.application_edits import save_application
from fundtracker.ui.autosave_text import AutoSaveTextEdit
from fundtracker.ui.models.budget import BudgetLinesModel, SectionBModel
from fundtracker.ui.models.record_table import problem_text
from fundtracker.ui.session import WorkspaceSession

WARNING_STYLE = "color: #b26a00; font-weight: 600;"
ERROR_STYLE = "color: #c62828; font-weight: 600;"


def compute_budget(session: WorkspaceSession, key: str | None) -> tuple[ApplicationBudget | None, str]:
    """The budget of application ``key``, or None and the reason it cannot be computed."""
    if key is None or not session.ready:
        return None, "No application selected."
    try:
        return application_budget(session.workspace, key), ""
    except FundtrackerError as error:
        return None, f"No budget yet: {problem_text(error)}"


def _table(model: Any, name: str) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.setWordWrap(False)
    return table


class BudgetView(QWidget):
    """Section B (object classes a–k × budget years, federal / non-federal), warnings and detail lines."""

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.key: str | None = None
        self.budget: ApplicationBudget | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Budget summary")
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(WARNING_STYLE)
        self.warnings.setAccessibleName("Budget warnings")
        self.warnings.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.section_b = SectionBModel(self)
        self.section_b_table = _table(self.section_b, "SF-424A Section B")
        self.section_b_table.setToolTip("SF-424A Section B: the budget by object class and budget year")
        self.lines = BudgetLinesModel(self)
        self.lines_table = _table(self.lines, "Budget detail")
        self.lines_table.setToolTip("Every line of the budget with its computation (hover for the whole text)")
        self.lines_table.horizontalHeader().setStretchLastSection(True)

        caption = QLabel("Budget detail")
        caption.setStyleSheet("font-weight: 600;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.warnings)
        layout.addWidget(self.section_b_table)
        layout.addWidget(caption)
        layout.addWidget(self.lines_table, 1)
        session.changed.connect(self.refresh)

    def set_application(self, key: str | None) -> None:
        self.key = key
        self.refresh()

    def refresh(self) -> None:
        """Compute the budget again from the plan and show it."""
        self.budget, problem = compute_budget(self.session, self.key)
        self.section_b.set_budget(self.budget)
        self.lines.set_budget(self.budget)
        budget = self.budget
        if budget is None:
            self.summary.setText(problem)
            self.summary.setStyleSheet(ERROR_STYLE if self.key is not None else "")
            self.warnings.setVisible(False)
            return
        self.summary.setStyleSheet("")
        rate = f"{percent_text(budget.indirect_rate * 100)}%"
        threshold = format_dollars(budget.equipment_threshold)
        self.summary.setText(
            f"Total <b>{money(budget.total)}</b> (federal {money(budget.federal_total)}, non-federal "
            f"{money(budget.non_federal_total)}) from stream <b>{budget.stream}</b>; indirect {rate} "
            f"({budget.indirect_rate_basis}) on MTDC; equipment from {threshold} a unit "
            f"({budget.uniform_guidance} Uniform Guidance)."
        )
        self.warnings.setText("\n".join(f"⚠ {w[0].upper()}{w[1:]}" for w in budget.warnings))
        self.warnings.setVisible(bool(budget.warnings))
        for table in (self.section_b_table, self.lines_table):
            table.resizeColumnsToContents()
            table.resizeRowsToContents()
        header = self.lines_table.horizontalHeader()
        header.resizeSection(BudgetLinesModel.COL_LINE, min(header.sectionSize(BudgetLinesModel.COL_LINE), 260))
        table = self.section_b_table
        table.setFixedHeight(
            table.horizontalHeader().height()
            + sum(table.rowHeight(row) for row in range(self.section_b.rowCount()))
            + table.horizontalScrollBar().sizeHint().height()  # room for it when many years are shown
            + 4
        )


class JustificationEditor(QWidget):
    """The budget justification per category (a–h, indirect): generated from the budget, or the
    user's own text (stored in the application's ``budget_justification``).

    Signals:
        status(str): a short note for the status bar.
    """

    status = Signal(str)

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.key: str | None = None
        self.budget: ApplicationBudget | None = None
        self.categories = QListWidget()
        self.categories.setAccessibleName("Budget categories")
        self.categories.setToolTip("The budget categories; those marked ✎ have your own text")
        self.categories.setMinimumWidth(200)
        self.categories.currentRowChanged.connect(self._category_chosen)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: 600; font-size: 110%;")
        self.origin = QLabel()
        self.origin.setAccessibleName("Where the text comes from")
        self.origin.setWordWrap(True)
        self.generated_button = QPushButton("Use &generated text")
        self.generated_button.setToolTip(
            "Throw away your own text for this category; use the text made from the budget"
        )
        self.generated_button.clicked.connect(self.use_generated)
        self.editor = AutoSaveTextEdit()
        self.editor.setAccessibleName("Justification text")
        self.editor.setToolTip("Edit to replace the generated text; yours is kept until Use generated text")
        self.editor.save_requested.connect(self._save_text)
        self.problem = QLabel()
        self.problem.setStyleSheet(ERROR_STYLE)
        self.problem.setWordWrap(True)
        self.problem.setVisible(False)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.generated_button)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(head)
        right_layout.addWidget(self.origin)
        right_layout.addWidget(self.editor, 1)
        right_layout.addWidget(self.problem)
        splitter = QSplitter()
        splitter.addWidget(self.categories)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        for category in JUSTIFICATION_CATEGORIES:
            self.categories.addItem(CATEGORY_TITLES[category])
        session.changed.connect(self._workspace_changed)

    def application(self) -> Application | None:
        if self.key is None or not self.session.ready:
            return None
        found: Application | None = self.session.workspace.find("application", self.key)
        return found

    @property
    def category(self) -> str | None:
        row = self.categories.currentRow()
        return JUSTIFICATION_CATEGORIES[row] if 0 <= row < len(JUSTIFICATION_CATEGORIES) else None

    def set_application(self, key: str | None) -> None:
        self.editor.flush()
        self.key = key
        self.budget, _ = compute_budget(self.session, key)
        if self.categories.currentRow() < 0:
            self.categories.setCurrentRow(0)
        self._show()

    def select_category(self, category: str) -> None:
        self.categories.setCurrentRow(JUSTIFICATION_CATEGORIES.index(category))

    def override(self, category: str) -> str:
        """The user's own text for ``category`` ("" when the generated text is used)."""
        application = self.application()
        if application is None:
            return ""
        return dict(application.budget_justification).get(category, "")

    def generated(self, category: str) -> str:
        if self.budget is None:
            return ""
        return generated_justification(self.session.workspace, self.budget, category)

    def _category_chosen(self, _row: int) -> None:
        self.editor.flush()
        self._show()

    def _workspace_changed(self) -> None:
        self.budget, _ = compute_budget(self.session, self.key)
        if not self.editor.dirty:
            self._show()

    def stale(self) -> dict[str, StaleJustification]:
        """Own texts written against figures the budget no longer has, by category."""
        application = self.application()
        if application is None or self.budget is None:
            return {}
        return {s.category: s for s in stale_justifications(application, self.budget)}

    def _show(self) -> None:
        stale = self.stale()
        for row, listed in enumerate(JUSTIFICATION_CATEGORIES):
            mark = (" ✎ ⚠" if listed in stale else " ✎") if self.override(listed) else ""
            self.categories.item(row).setText(CATEGORY_TITLES[listed] + mark)
        category = self.category
        application = self.application()
        enabled = category is not None and application is not None and self.budget is not None
        self.editor.setEnabled(enabled)
        self.generated_button.setEnabled(enabled and bool(category and self.override(category)))
        if not enabled or category is None:
            self.title.setText("Budget justification")
            self.origin.setText("No budget yet: give the application a stream and a project period.")
            self.editor.load("")
            return
        own = self.override(category)
        self.title.setText(f"{CATEGORY_TITLES[category]}: justification")
        origin = (
            "Your own text (the PDF prints it instead of the generated text)."
            if own
            else "Generated from the budget; edit it to make it your own."
        )
        changed = stale.get(category) if own else None
        if changed is not None and changed.unrecorded:
            origin += " It does not record the figures it was written against: check it against the budget."
        elif changed is not None:
            origin += (
                f" The budget has changed since you wrote it: {changed.changes_text}. Use generated text to "
                "regenerate it, or update it (saving records the new figures)."
            )
        self.origin.setText(origin)
        self.editor.load(own or self.generated(category))

    def _save(self, category: str, text: str, *, merge: bool = True) -> None:
        application = self.application()
        if application is None:
            return
        if self.budget is None:
            return
        own = text if text.strip() and text.strip() != self.generated(category).strip() else ""
        # Own text keeps the figures it was written against, so a later budget change is seen.
        changed = with_own_text(application, category, own, self.budget)
        run = ("justification", application.key, category, self.editor.run) if merge else None
        what = f"the {CATEGORY_TITLES[category].lower()} justification"
        try:
            if save_application(self.session, changed, f"Edit {what}", run):
                self.status.emit(f"Saved {what}")
        except FundtrackerError as error:
            self.problem.setText(f"Not saved: {problem_text(error)}")
            self.problem.setVisible(True)
            return
        self.problem.setVisible(False)

    def _save_text(self, text: str) -> None:
        if self.category is not None:
            self._save(self.category, text)

    def use_generated(self) -> None:
        """Drop the user's own text for the current category."""
        if self.category is not None:
            self.editor.dirty = False
            self._save(self.category, "", merge=False)
            self._show()
