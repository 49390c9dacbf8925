"""File menu actions: open, new, save a copy, exports, preferences; and opening a workspace in the background.

A database server's URL may carry a password while it is being opened; it is never
shown or remembered with it (:func:`public_location`). A remembered server URL gets
its password back from the OS keyring when it is opened (:func:`connect_url`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from fundtracker.domain.errors import Cancelled, WorkspaceError
from fundtracker.ui import file_dialogs, settings
from fundtracker.ui.worker import error_text, run_in_background, run_with_progress

WORKSPACE_FILTER = "Workspaces (*.fundtracker);;Workspace JSON (*.json)"


def open_location(window: Any, location: str, *, sample: bool = False, create: bool = False) -> Any:
    """Open a workspace on worker threads; the window shows it as soon as it can.

    First, if ``location`` is a current workspace file, it is read with the standard
    library's sqlite3 and the dashboard is computed from it and shown (a preview: the store
    with SQLAlchemy, SQLModel and maybe Alembic is still loading). Then the database is
    opened and loaded, and the session gets it (refreshing if it differs).

    Returns:
        The task that opens the database (or computes the preview, which starts it).
    """
    dashboard = window.dashboard
    scenario, chosen = dashboard.current_choices() if dashboard is not None else (None, None)
    public = public_location(location)

    def preview(progress: Callable[..., None], cancelled: Callable[[], bool]) -> Any:
        from fundtracker.services.locations import quick_read

        workspace = None if create else quick_read(location)
        if workspace is None:
            return None
        return workspace, _first_figures(window, workspace, scenario, chosen)

    def show_preview(result: Any) -> Any:
        from fundtracker.ui.session import WorkspaceSession

        if result is None:
            return open_database(window, location, None, sample=sample, create=create)
        workspace, figures = result
        window.set_session(WorkspaceSession(None, sample=sample, source=public, preview=workspace), figures)
        return open_database(window, location, window.session, sample=sample)

    window.statusBar().showMessage(f"Opening {public}…")
    task = run_in_background(preview)
    task.succeeded.connect(show_preview)
    task.failed.connect(lambda _error: open_database(window, location, None, sample=sample, create=create))
    return task


def open_database(window: Any, location: str, waiting: Any, *, sample: bool = False, create: bool = False) -> Any:
    """Open and load the database; give it to the preview session ``waiting``, or show a new session."""
    dashboard = window.dashboard
    scenario, chosen = dashboard.current_choices() if dashboard is not None else (None, None)
    preview = waiting.workspace if waiting is not None else None
    public = public_location(location)

    def load(progress: Callable[..., None], cancelled: Callable[[], bool]) -> Any:
        from fundtracker.services.workspace import WorkspaceService

        service = WorkspaceService.open(connect_url(location), create=create)
        try:
            token = service.change_token()  # before loading: a change in between is loaded again later
            workspace = service.load()
            if cancelled():
                raise Cancelled
            same = preview is not None and workspace == preview
            figures = None if same else _first_figures(window, workspace, scenario, chosen)
        except BaseException:
            service.close()
            raise
        return service, figures, token

    def ready(result: Any) -> None:
        from fundtracker.ui.backup_actions import backup_on_open
        from fundtracker.ui.session import WorkspaceSession

        service, figures, token = result
        if waiting is not None and window.session is waiting:
            waiting.attach(service, token)
        else:
            window.set_session(WorkspaceSession(service, sample=sample, source=public, seen_token=token), figures)
        settings.remember_workspace(public)
        window.fill_recent_menu()
        backup_on_open(window, service)

    task = run_in_background(load)
    task.succeeded.connect(ready)
    task.failed.connect(lambda error: window.show_open_error(public, _hidden(error_text(error), location)))
    return task


def _hidden(message: str, location: str) -> str:
    """An error message with the password of ``location`` taken out (wherever the message quotes it)."""
    from fundtracker.domain.locations import hide_passwords, passwords_in

    return hide_passwords(message, passwords_in([location]))


def is_server(location: str) -> bool:
    return "://" in location and not location.startswith("sqlite")


def public_location(location: str) -> str:
    """``location`` as it may be shown and remembered: a server URL without its password."""
    from fundtracker.domain.locations import public_location as shown

    return shown(location)


def connect_url(location: str) -> str:
    """The URL to open: a remembered server URL gets its password from the keyring (if one holds it).

    The store picks the installed PostgreSQL driver for a bare ``postgresql://``.
    """
    if not is_server(location):
        return location
    from fundtracker.services.credentials import with_password

    return with_password(location)


def connect_to_server(window: Any) -> Any:
    """File ▸ Connect to server…: a shared workspace on a PostgreSQL server."""
    from fundtracker.ui.server_dialog import ServerDialog, password_note

    dialog = ServerDialog(window)
    if not dialog.exec():
        return None
    url = dialog.url()
    if dialog.remember.isChecked():
        from fundtracker.services.credentials import remember_password

        where = remember_password(url)
        window.pending_note = password_note(where)
    return open_location(window, url)


def _first_figures(window: Any, workspace: Any, scenario: str | None, chosen: Any) -> Any:
    from datetime import date

    from fundtracker.domain.months import month_index
    from fundtracker.services.dashboard_figures import SeriesChoice, compute

    today = window.today or date.today()
    start = window.start if window.start is not None else month_index(today)
    if chosen is None:
        chosen = [SeriesChoice("Secured", "secured", None), SeriesChoice("Expected", "expected", None)]
    return compute(workspace, start, scenario, chosen, today)


def quick_location(argument: str | None, database: str | None, last: str | None) -> str | None:
    """What to open when it is known without the store: as ``choose_location`` decides, minus the sample."""
    import os

    if database or argument:
        return database or argument
    if os.environ.get("FUNDTRACKER_DATABASE_URL"):
        return os.environ["FUNDTRACKER_DATABASE_URL"]
    if last and ("://" in last or Path(last).exists()):
        return last
    return None


def open_startup(window: Any, argument: str | None, database: str | None) -> Any:
    """Open what the command line, the environment or the last session names; else the sample."""
    if argument and argument.lower().endswith(".json") and not database:
        return import_json(window, Path(argument))
    known = quick_location(argument, database, settings.get(settings.LAST_WORKSPACE) or None)
    if known is not None:
        return open_location(window, known)

    def choose(progress: Callable[..., None], cancelled: Callable[[], bool]) -> tuple[str, bool]:
        from fundtracker.services.startup import choose_location

        last = settings.get(settings.LAST_WORKSPACE) or None
        return choose_location(argument, database, last)

    task = run_in_background(choose)
    task.succeeded.connect(lambda chosen: open_location(window, chosen[0], sample=chosen[1]))
    named = argument or database or os.environ.get("FUNDTRACKER_DATABASE_URL") or "workspace"
    task.failed.connect(lambda error: window.show_open_error(public_location(named), _hidden(error_text(error), named)))
    return task


def open_workspace(window: Any) -> None:
    path = file_dialogs.open_path(window, file_dialogs.WORKSPACE, "Open workspace", WORKSPACE_FILTER)
    if not path:
        return
    if path.lower().endswith(".json"):
        import_json(window, Path(path))
    else:
        open_location(window, path)


def import_json(window: Any, source: Path) -> None:
    """Make a workspace file from a JSON workspace (beside it) and open that."""
    target = source.with_suffix(".fundtracker")
    if target.exists():
        QMessageBox.information(window, "Open workspace", f"{target} already exists; opening it instead of {source}.")
        open_location(window, str(target))
        return

    def convert(progress: Callable[..., None], cancelled: Callable[[], bool]) -> None:
        from fundtracker.services.locations import read_document
        from fundtracker.services.transfer import write_workspace_to

        workspace, history = read_document(source)  # a version 2 file's locks and audit trail come along
        write_workspace_to(workspace, target, replace=False, action="import", history=history)

    run_with_progress(window, f"Importing {source.name}", convert, lambda _: open_location(window, str(target)))


def new_workspace(window: Any) -> None:
    path = file_dialogs.save_path(window, file_dialogs.WORKSPACE, "New workspace", "", "Workspaces (*.fundtracker)")
    if not path:
        return
    if not path.endswith(".fundtracker"):
        path += ".fundtracker"
    if Path(path).exists():
        QMessageBox.warning(window, "New workspace", f"{path} already exists; choose another name or open it.")
        return
    open_location(window, path, create=True)


def save_copy(window: Any) -> None:
    if window.session is None:
        return
    path = file_dialogs.save_path(window, file_dialogs.WORKSPACE, "Save a copy as", "", WORKSPACE_FILTER)
    if not path or _refused(window, "Save a copy", path):
        return
    workspace = window.session.workspace
    # The copy keeps the period locks and the audit trail (read now, with the records it goes with).
    history = window.session.service.history() if window.session.ready else None

    def write(progress: Callable[..., None], cancelled: Callable[[], bool]) -> None:
        from fundtracker.services.transfer import write_workspace_to

        write_workspace_to(workspace, path, replace=False, action="copy", history=history)

    run_with_progress(
        window, "Saving a copy", write, lambda _: window.statusBar().showMessage(f"Saved a copy to {path}")
    )


def _refused(window: Any, title: str, path: str) -> bool:
    """Whether ``path`` would replace the open workspace (or any database); then the user is told so."""
    from fundtracker.services.locations import check_output

    try:
        check_output(path, window.session.location)
    except WorkspaceError as exc:
        QMessageBox.warning(window, title, str(exc))
        return True
    return False


def _exporter(window: QWidget, module: str, function: str, what: str) -> Any:
    """The export function, or None after telling the user this build has no such export."""
    import importlib

    try:
        return getattr(importlib.import_module(module), function)
    except (ImportError, AttributeError):
        QMessageBox.information(
            window, what, f"{what} is not available in this version of fundtracker ({module}.{function} is missing)."
        )
        return None


def _choose_application(window: Any, title: str, key: str | None) -> str | None:
    """The application to export: ``key`` when it names one, the only one, or the one the user picks."""
    workspace = window.session.workspace
    keys: list[str] = [a.key for a in workspace.applications]
    if not keys:
        QMessageBox.information(window, title, "There is no application yet; add one first.")
        return None
    if key in keys:
        return key
    if len(keys) == 1:
        return keys[0]
    labels = [f"{a.key}: {a.program_title}" for a in workspace.applications]
    chosen, ok = QInputDialog.getItem(window, title, "Application:", labels, 0, False)
    return keys[labels.index(chosen)] if ok else None


def export_pdf(window: Any, key: str | None = None) -> None:
    """File ▸ Export application PDF…: choose the application (unless ``key`` names it) and the file;
    written in the background."""
    if window.session is None:
        return
    build = _exporter(window, "fundtracker.exports.pdf_application", "build_application_pdf", "Application PDF export")
    if build is None:
        return
    workspace = window.session.workspace
    key = _choose_application(window, "Export application PDF", key)
    if key is None:
        return
    path = file_dialogs.save_path(window, file_dialogs.PDF, "Export application PDF", f"{key}.pdf", "PDF (*.pdf)")
    if not path or _refused(window, "Export application PDF", path):
        return

    def lay_out(progress: Callable[..., None], cancelled: Callable[[], bool]) -> tuple[Any, bytes]:
        import io

        buffer = io.BytesIO()  # laid out first: the file is written only once the warnings are seen
        report = build(workspace, key, buffer, progress=progress, cancelled=cancelled)
        return report, buffer.getvalue()

    def write(result: tuple[Any, bytes]) -> None:
        from fundtracker.exports.pdf_application import save_pdf

        report, data = result
        if report.warnings and not confirm_warnings(window, "Export application PDF", list(report.warnings)):
            window.statusBar().showMessage(f"Not written: {path}", 8000)
            return
        try:
            save_pdf(data, path)
        except (OSError, WorkspaceError) as error:  # WorkspaceError: the file became a database meanwhile
            QMessageBox.warning(window, "Export application PDF", f"Could not write {path}: {error}")
            return
        exported(window, path, "Application PDF")

    run_with_progress(window, "Exporting the application PDF", lay_out, write)


def export_docx(window: Any, key: str | None = None) -> None:
    """File ▸ Export application as Word…: the whole application as .docx, built in the background;
    the PDF's warnings (budget, limits, empty sections) are shown before the file is written."""
    title = "Export application as Word"
    if window.session is None:
        return
    build = _exporter(
        window, "fundtracker.exports.docx_application", "build_application_docx", "Application DOCX export"
    )
    if build is None:
        return
    workspace = window.session.workspace
    key = _choose_application(window, title, key)
    if key is None:
        return
    path = file_dialogs.save_path(window, file_dialogs.DOCX, title, f"{key}.docx", "Word document (*.docx)")
    if not path or _refused(window, title, path):
        return

    def make(progress: Callable[..., None], cancelled: Callable[[], bool]) -> tuple[Any, bytes]:
        import io

        buffer = io.BytesIO()
        report = build(workspace, key, buffer)
        return report, buffer.getvalue()

    def write(result: tuple[Any, bytes]) -> None:
        from fundtracker.exports.docx_application import save_docx

        report, data = result
        if report.warnings and not confirm_warnings(window, title, list(report.warnings), what="DOCX"):
            window.statusBar().showMessage(f"Not written: {path}", 8000)
            return
        try:
            save_docx(data, path)
        except (OSError, WorkspaceError) as error:
            QMessageBox.warning(window, title, f"Could not write {path}: {error}")
            return
        exported(window, path, "Application DOCX")

    run_with_progress(window, "Exporting the application as Word", make, write)


def confirm_warnings(window: QWidget, title: str, warnings: list[str], *, what: str = "PDF") -> bool:
    """Show every warning the CLI would print and ask whether to write the file anyway."""
    box = QMessageBox(window)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(title)
    count = len(warnings)
    box.setText(f"The application has {count} warning{'s' if count != 1 else ''}. Write the {what} anyway?")
    box.setInformativeText("\n".join(f"• {warning}" for warning in warnings))
    write = box.addButton(f"Write {what}", QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(write)
    box.exec()
    return box.clickedButton() is write


def export_workbook(window: Any) -> None:
    """File ▸ Export budget workbook…: the budget as .xlsx (expected view, the dashboard's scenario)."""
    if window.session is None:
        return
    write = _exporter(window, "fundtracker.exports.budget_xlsx", "write_budget_workbook", "Budget workbook export")
    if write is None:
        return
    workspace = window.session.workspace
    scenario = window.dashboard.current_choices()[0] if window.dashboard is not None else None
    path = file_dialogs.save_path(
        window, file_dialogs.WORKBOOK, "Export budget workbook", "budget.xlsx", "Excel workbook (*.xlsx)"
    )
    if path and not _refused(window, "Export budget workbook", path):
        run_with_progress(
            window,
            "Exporting the budget workbook",
            lambda progress, cancelled: write(
                workspace, Path(path), view="expected", scenario=scenario, progress=progress, cancelled=cancelled
            ),
            lambda _: exported(window, path, "Budget workbook"),
        )


def export_worksheet(window: Any, key: str | None = None) -> None:
    """File ▸ Export budget detail worksheet…: an application's DOJ Budget Detail Worksheet (.xlsx)."""
    if window.session is None:
        return
    title = "Export budget detail worksheet"
    what = "Budget detail worksheet export"
    write = _exporter(window, "fundtracker.exports.doj_worksheet", "write_doj_worksheet", what)
    if write is None:
        return
    workspace = window.session.workspace
    applications = workspace.applications
    if not applications:
        QMessageBox.information(window, title, "There is no application yet; add one first.")
        return
    chosen = next((a for a in applications if a.key == key), applications[0])
    if key is None and len(applications) > 1:
        labels = [f"{a.key}: {a.program_title}" for a in applications]
        label, ok = QInputDialog.getItem(window, title, "Application:", labels, 0, False)
        if not ok:
            return
        chosen = applications[labels.index(label)]
    path = file_dialogs.save_path(
        window, file_dialogs.WORKBOOK, title, f"{chosen.key}-budget-detail.xlsx", "Excel workbook (*.xlsx)"
    )
    if path and not _refused(window, title, path):
        run_with_progress(
            window,
            "Exporting the budget detail worksheet",
            lambda progress, cancelled: write(workspace, chosen.key, Path(path), cancelled=cancelled),
            lambda _: exported(window, path, "Budget detail worksheet"),
        )


def export_summary(window: Any) -> None:
    """File ▸ Export board summary…: the two-page board summary PDF (the dashboard's scenario, as of today)."""
    if window.session is None:
        return
    write = _exporter(window, "fundtracker.exports.pdf_summary", "write_summary_pdf", "Board summary export")
    if write is None:
        return
    workspace = window.session.workspace
    scenario = window.dashboard.current_choices()[0] if window.dashboard is not None else None
    today = getattr(window.dashboard, "today", None)
    path = file_dialogs.save_path(window, file_dialogs.PDF, "Export board summary", "board-summary.pdf", "PDF (*.pdf)")
    if path and not _refused(window, "Export board summary", path):
        run_with_progress(
            window,
            "Exporting the board summary",
            lambda progress, cancelled: write(
                workspace, Path(path), as_of=today, scenario=scenario, progress=progress, cancelled=cancelled
            ),
            lambda _: exported(window, path, "Board summary"),
        )


def exported(window: Any, path: str, what: str, note: str = "") -> None:
    """After an export: the status bar says so, and a message offers Open and Show in folder."""
    window.statusBar().showMessage(f"Wrote {path}", 8000)
    file_dialogs.exported(window, path, what, note)


def preferences(window: Any) -> None:
    from fundtracker.ui.preferences import PreferencesDialog

    dialog = PreferencesDialog(window)
    if dialog.exec():
        dialog.save()
        window.statusBar().showMessage("Preferences saved; the theme applies the next time fundtracker starts.", 8000)
