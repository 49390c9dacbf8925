"""File ▸ Import actual spending…: choose a CSV/XLSX export, map its columns, preview, import.

The file is read and imported on a worker thread (:mod:`fundtracker.ui.worker`); parsing is
:mod:`fundtracker.exports.actuals_import` and writing is
:func:`fundtracker.services.actuals.import_actuals`, all or nothing. Every bad row is listed
(row number, column, what is wrong) and nothing is written until none is left. A finished
import is one undo step (:mod:`fundtracker.ui.actuals_commands`) and one audit entry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from fundtracker.domain.errors import FundtrackerError, InputError, ValidationError
from fundtracker.domain.money import format_money
from fundtracker.exports import actuals_import as files
from fundtracker.ui.models.actuals_import import (
    AccountCategoryModel,
    BadRowModel,
    CodeMappingModel,
    PreviewModel,
    bad_rows_of_file,
    bad_rows_of_import,
    preview_rows,
)
from fundtracker.ui.session import WorkspaceSession
from fundtracker.ui.worker import Task, error_text, run_with_progress

FILE_FILTER = "Accounting exports (*.csv *.xlsx *.txt *.tsv);;All files (*)"
NOT_IN_FILE = "(not in the file)"
# The fields people map, in the order shown, with their labels.
FIELD_LABELS = (
    ("date", "Date"),
    ("amount", "Amount"),
    ("debit", "or Debit"),
    ("credit", "and Credit"),
    ("account", "Account"),
    ("category", "or Category"),
    ("code", "Fund / grant / class code"),
    ("memo", "Memo"),
    ("payee", "Payee / name"),
    ("number", "Check / invoice no."),
    ("stream", "Funding stream"),
)
PROBLEM_STYLE = "color: #c62828; font-weight: 600;"


def mappings_path() -> Path:
    """Where remembered mappings live: the same file the command line uses."""
    from fundtracker.services.startup import mappings_path as path

    return path()


class ImportActualsDialog(QDialog):
    """Import actual spending into the open workspace.

    Args:
        session: the open workspace.

    Signals:
        imported(str): an import finished; its batch id.
    """

    imported = Signal(str)

    def __init__(self, session: WorkspaceSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Import actual spending")
        self.store = files.MappingStore(mappings_path())
        self.table: files.RawTable | None = None
        self.overview: files.FileOverview | None = None  # the file as read: row count, code values
        self.path: Path | None = None
        self.task: Task | None = None
        self.result: Any = None

        self.file_edit = QLineEdit()
        self.file_edit.setReadOnly(True)
        self.file_edit.setPlaceholderText("Choose a CSV or XLSX export from the accounting system")
        self.file_edit.setAccessibleName("File to import")
        self.choose_button = QPushButton("&Choose file…")
        self.choose_button.setToolTip("Choose the CSV or XLSX file to import")
        self.choose_button.clicked.connect(self.choose_file)
        self.file_note = QLabel()
        self.file_note.setAccessibleName("File summary")

        self.combos: dict[str, QComboBox] = {}
        columns_box = QGroupBox("Which column holds what")
        grid = QGridLayout(columns_box)
        for number, (name, label) in enumerate(FIELD_LABELS):
            combo = QComboBox()
            combo.setAccessibleName(label)
            combo.setToolTip(f"The column with the {files.FIELD_HELP[name]}")
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
            combo.currentIndexChanged.connect(self._mapping_edited)
            caption = QLabel(f"{label}:")
            caption.setBuddy(combo)
            grid.addWidget(caption, number // 2, (number % 2) * 2, Qt.AlignmentFlag.AlignRight)
            grid.addWidget(combo, number // 2, (number % 2) * 2 + 1)
            self.combos[name] = combo
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.mapping_note = QLabel()
        self.mapping_note.setWordWrap(True)
        self.mapping_note.setAccessibleName("Where the column choices come from")
        self.mapping_problem = QLabel()
        self.mapping_problem.setWordWrap(True)
        self.mapping_problem.setStyleSheet(PROBLEM_STYLE)
        self.mapping_problem.setAccessibleName("Column problem")
        below = (len(FIELD_LABELS) + 1) // 2  # the rows under the combos (a fixed row 4 overlapped them)
        grid.addWidget(self.mapping_note, below, 0, 1, 4)
        grid.addWidget(self.mapping_problem, below + 1, 0, 1, 4)

        self.preview = PreviewModel(self)
        self.codes = CodeMappingModel(self)
        self.codes.codes_changed.connect(self._show_preview)
        self.bad_rows = BadRowModel(self)
        self.preview_table = _table(self.preview, "Preview", "The first rows as they will be imported")
        self.codes_table = _table(self.codes, "Codes and streams", "Double-click a stream to change it")
        self.codes_table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        from fundtracker.ui.delegates import ChoiceDelegate

        self.codes_table.setItemDelegateForColumn(CodeMappingModel.COL_STREAM, ChoiceDelegate(self.codes_table))
        self.accounts = AccountCategoryModel(self)
        self.accounts.accounts_changed.connect(self._show_preview)
        self.accounts_table = _table(
            self.accounts, "Accounts and categories", "Double-click a category to change it; the workspace keeps it"
        )
        self.accounts_table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.accounts_table.setItemDelegateForColumn(
            AccountCategoryModel.COL_CATEGORY, ChoiceDelegate(self.accounts_table)
        )
        self.bad_table = _table(self.bad_rows, "Bad rows", "Every row that stops the import, and why")
        self.tabs = QTabWidget()
        self.tabs.addTab(self.preview_table, "Preview")
        self.tabs.addTab(self.codes_table, "Codes → streams")
        self.tabs.addTab(self.bad_table, "Bad rows")
        self.tabs.addTab(self.accounts_table, "Accounts → categories")

        self.skip_duplicates = QCheckBox("Leave out rows imported before (same date, amount, code and memo)")
        self.skip_duplicates.setToolTip("Otherwise rows imported before stop the import and are listed")
        self.post_late_bills = QCheckBox("Post bills dated in a locked month to the first open month (dates kept)")
        self.post_late_bills.setToolTip(
            "A late bill for a closed month counts in the next open month; its own date stays as the file says. "
            "Otherwise a row in a locked month stops the import"
        )
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setAccessibleName("Import result")
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.import_button = QPushButton("&Import")
        self.import_button.setToolTip("Import every row, or nothing if any row is bad")
        self.import_button.setDefault(True)
        self.import_button.setEnabled(False)
        self.import_button.clicked.connect(self.start_import)
        self.close_button = QPushButton("Close")
        self.close_button.clicked.connect(self.reject)

        file_row = QHBoxLayout()
        file_row.addWidget(QLabel("File:"))
        file_row.addWidget(self.file_edit, 1)
        file_row.addWidget(self.choose_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.result_label, 1)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(file_row)
        layout.addWidget(self.file_note)
        layout.addWidget(columns_box)
        layout.addWidget(self.tabs, 1)
        options = QHBoxLayout()
        options.addWidget(self.skip_duplicates)
        options.addWidget(self.post_late_bills)
        options.addStretch(1)
        layout.addLayout(options)
        layout.addLayout(buttons)
        self.resize(900, 640)

    # -- the file ------------------------------------------------------------------

    def choose_file(self) -> None:
        from fundtracker.ui import file_dialogs

        path = file_dialogs.open_path(self, file_dialogs.SPENDING, "Import actual spending", FILE_FILTER)
        if path:
            self.load_file(Path(path))

    def load_file(self, path: Path) -> Task:
        """Read ``path`` on a worker thread, then show its columns with the remembered or guessed mapping."""
        self.result_label.clear()
        store = self.store

        def read(progress: Any, cancelled: Any) -> tuple[files.FileOverview, files.ColumnMapping, str]:
            progress(0, 1, f"Reading {path.name}…")
            # Row by row, keeping the first rows and each column's distinct values: memory stays
            # bounded whatever the file's size (the import reads the file again as it writes).
            overview = files.read_overview(path)
            table = overview.head
            try:
                last = store.last()
            except InputError:
                last = None  # a damaged mappings file: guess instead (the CLI says what is wrong with it)
            return (overview, *mapping_for(table.headers, last))

        def read_failed(error: BaseException) -> None:
            self.file_note.setText(f"Could not read {path.name}: {error_text(error)}")
            self.file_note.setStyleSheet(PROBLEM_STYLE)

        self.task = run_with_progress(
            self,
            "Reading the file",
            read,
            lambda found: self.show_table(path, *found),
            on_failure=read_failed,
            minimum_duration_ms=500,
        )
        return self.task

    def show_table(self, path: Path, overview: files.FileOverview, mapping: files.ColumnMapping, origin: str) -> None:
        """Show a read file: its columns in every combo, ``mapping`` preselected."""
        table = overview.head
        self.path, self.table, self.overview = path, table, overview
        self.file_edit.setText(str(path))
        layout = "QuickBooks transaction detail" if table.layout == "quickbooks" else "a header row, then transactions"
        self.file_note.setStyleSheet("")
        self.file_note.setText(
            f"{overview.row_count:,} transaction rows ({layout}); columns: {', '.join(table.headers)}"
        )
        self.mapping_note.setText(origin)
        for name, combo in self.combos.items():
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(NOT_IN_FILE, "")
            for header in table.headers:
                combo.addItem(header, header)
            combo.setCurrentIndex(max(combo.findData(mapping.columns.get(name, "")), 0))
            combo.blockSignals(False)
        self.codes.chosen = dict(mapping.codes)
        self.bad_rows.set_rows([])
        self._mapping_edited()

    # -- the mapping ----------------------------------------------------------------

    def mapping(self) -> files.ColumnMapping:
        """The mapping as chosen: columns from the combos, codes from the Codes tab."""
        columns = {name: str(combo.currentData()) for name, combo in self.combos.items() if combo.currentData()}
        return files.ColumnMapping(columns, self.codes.codes())

    def _resolver(self, codes: dict[str, str]) -> dict[str, str]:
        from fundtracker.services.actuals import stream_resolver

        return stream_resolver(self.session.workspace, codes)

    def _mapping_edited(self, *_: Any) -> None:
        if self.table is None:
            return
        mapping = self.mapping()
        try:
            files.check_mapping(self.table, mapping)
        except InputError as error:
            self.mapping_problem.setText(error.message)
            self.preview.set_rows([])
            self.import_button.setEnabled(False)
            return
        self.mapping_problem.clear()
        streams = [s.key for s in self.session.workspace.streams]
        self.codes.set_codes(self.overview or self.table, mapping, self._resolver({}), streams)
        self._list_accounts(mapping)
        self._show_preview()
        self.import_button.setEnabled(True)

    def _list_accounts(self, mapping: files.ColumnMapping) -> None:
        """The file's accounts, each with the workspace's category for it or a guess (the Accounts tab)."""
        from fundtracker.services.account_categories import choices

        assert self.table is not None
        column = mapping.columns.get("account") or mapping.columns.get("category")
        found: list[str] = []
        if self.overview is not None and column:
            # The whole file's distinct accounts with their row counts (the dialog keeps only the first rows).
            found = [account for account, rows in self.overview.column_values(column).items() for _ in range(rows)]
        elif column in self.table.headers:
            at = self.table.headers.index(column)
            found = [cells[at] for _, cells in self.table.rows]
        self.accounts.set_accounts(self.table.layout, choices(self.session.workspace, self.table.layout, found))
        guessed = sum(not a.mapped for a in self.accounts.accounts)
        self.tabs.setTabText(3, f"Accounts → categories ({guessed} guessed)" if guessed else "Accounts → categories")

    def _show_preview(self) -> None:
        if self.table is None:
            return
        mapping = self.mapping()
        if not files.mapping_fits(self.table, mapping):
            return
        head = files.RawTable(
            self.table.source, self.table.layout, self.table.headers, self.table.rows[: files.MAX_PREVIEW]
        )
        parsed = files.parse_rows(head, mapping, self.accounts.table())
        numbers = [number for number, _ in head.rows]
        self.preview.set_rows(preview_rows(parsed, self._resolver(dict(mapping.codes)), numbers))
        self.preview_table.resizeColumnsToContents()
        total = self.overview.row_count if self.overview is not None else len(self.table.rows)
        self.tabs.setTabText(0, f"Preview (first {len(numbers)} of {total:,} rows)")

    # -- importing ------------------------------------------------------------------

    def start_import(self) -> Task | None:
        """Check every row and import them all, or list every bad row and import nothing."""
        if self.table is None or self.path is None:
            return None
        path, headers, mapping, source = self.path, self.table.headers, self.mapping(), self.path.name
        rows = self.overview.row_count if self.overview is not None else len(self.table.rows)
        service = self.session.service
        skip_duplicates = self.skip_duplicates.isChecked()
        post_late_bills = self.post_late_bills.isChecked()
        accounts = self.accounts.table()
        if not self._save_accounts():
            return None

        def work(progress: Any, cancelled: Any) -> Any:
            from fundtracker.services import actuals

            progress(0, 1, f"Checking and importing {rows:,} rows…")
            # As the CLI does: the file is read again row by row while the rows are written in
            # one transaction; a bad row or a duplicate rolls it all back (ValidationError).
            with files.open_table(path) as table:
                if table.headers != headers:
                    raise InputError("the file changed since it was read; choose it again", source)
                parsed = files.parse_stream(table, mapping, accounts)
                return actuals.import_actuals(
                    service,
                    parsed.rows(),
                    problems=parsed.problems,
                    bad_rows=parsed.bad_rows,
                    more_problems=parsed.more_problems,
                    source=source,
                    codes=mapping.codes,
                    skip_duplicates=skip_duplicates,
                    post_late_bills=post_late_bills,
                )

        self.import_button.setEnabled(False)
        self.result_label.clear()
        self.result_label.setStyleSheet("")
        self.task = run_with_progress(
            self,
            "Importing actual spending",
            work,
            lambda outcome: self._import_done(outcome, mapping, source),
            on_failure=self._import_failed,
        )
        return self.task

    def _save_accounts(self) -> bool:
        """Keep the Accounts tab's categories in the workspace (one undoable change); False if refused."""
        from fundtracker.services.account_categories import mapping_steps

        try:
            steps = mapping_steps(self.session.workspace, self.accounts.layout, self.accounts.to_save())
            if steps:
                count = len(steps)
                self.session.apply(f"Map {count} account{'' if count == 1 else 's'} to categories", steps)
        except FundtrackerError as error:
            self.result_label.setText(f"Nothing was imported: the account mapping was not saved: {error}")
            self.result_label.setStyleSheet(PROBLEM_STYLE)
            return False
        return True

    def _import_done(self, outcome: Any, mapping: files.ColumnMapping, source: str) -> None:
        self.import_button.setEnabled(True)
        if isinstance(outcome, files.ParsedFile):
            self._show_bad_rows(bad_rows_of_file(outcome.problems))
            return
        self.result = outcome
        self.bad_rows.set_rows([])
        self.tabs.setTabText(2, "Bad rows")
        try:
            self.store.remember(mapping)
        except (OSError, InputError):
            pass  # only a convenience for the next import
        if not outcome.imported:
            count = len(outcome.duplicates)
            self.result_label.setText(f"Nothing new: all {count:,} rows of {source} were imported before.")
            return
        from fundtracker.ui.actuals_commands import push_import

        push_import(self.session, outcome.batch, source, outcome.imported)
        self.result_label.setText(result_text(outcome, source))
        self.import_button.setEnabled(False)  # imported: importing the same file again would only find duplicates
        self.imported.emit(outcome.batch)

    def _import_failed(self, error: BaseException) -> None:
        self.import_button.setEnabled(True)
        if isinstance(error, ValidationError):
            self._show_bad_rows(bad_rows_of_import(error.problems))
        elif isinstance(error, FundtrackerError):
            self.result_label.setText(f"Nothing was imported: {error}")
            self.result_label.setStyleSheet(PROBLEM_STYLE)
        else:
            self.result_label.setText(f"Nothing was imported: {error_text(error)}")
            self.result_label.setStyleSheet(PROBLEM_STYLE)

    def _show_bad_rows(self, rows: list[Any]) -> None:
        self.bad_rows.set_rows(rows)
        self.bad_table.resizeColumnsToContents()
        self.tabs.setTabText(2, f"Bad rows ({len(rows):,})")
        self.tabs.setCurrentWidget(self.bad_table)
        count = len({row.row for row in rows})
        self.result_label.setStyleSheet(PROBLEM_STYLE)
        self.result_label.setText(
            f"Nothing was imported: {count:,} row{'s' * (count != 1)} to fix (listed under Bad rows)."
        )


def mapping_for(headers: tuple[str, ...], last: files.ColumnMapping | None) -> tuple[files.ColumnMapping, str]:
    """The mapping a file opens with, and the note saying where it came from."""
    mapping, guessed = files.fit_mapping(headers, last)
    if last is None or not any(name in mapping.columns for name in last.columns):
        return mapping, "Columns guessed from the file's headers; check them."
    if not guessed:
        return mapping, "Columns as you mapped them last time."
    labels = {name: label.removeprefix("or ").removeprefix("and ") for name, label in FIELD_LABELS}
    fields = ", ".join(labels.get(name, name) for name in guessed)
    return mapping, f"Columns as you mapped them last time; {fields} guessed from this file's headers: check them."


def result_text(result: Any, source: str) -> str:
    """What an import did, in one sentence."""
    total = format_money(result.total, symbol=True, grouping=True)
    text = f"Imported {result.imported:,} rows ({total}) from {source} as batch {result.batch}"
    if result.duplicates:
        text += f"; left out {len(result.duplicates):,} rows imported before"
    if result.unassigned:
        text += f"; {result.unassigned:,} matched no funding stream"
    if getattr(result, "late", 0):
        text += f"; {result.late:,} dated in locked months posted to the first open month (dates kept)"
    return text + ". Edit ▸ Undo removes them."


def _table(model: Any, name: str, tip: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setAccessibleName(name)
    view.setToolTip(tip)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    return view


def import_actual_spending(window: Any) -> None:
    """File ▸ Import actual spending…"""
    session = window.session
    if session is None or not session.ready:
        window.statusBar().showMessage("Open a workspace first.", 5000)
        return
    dialog = ImportActualsDialog(session, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
