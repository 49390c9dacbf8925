"""The main window's menus and toolbar."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QAction, QKeySequence

from fundtracker.ui import settings


def make_action(window: Any, text: str, slot: Any, shortcut: Any = None, tip: str = "") -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setToolTip(tip or text.replace("&", "").rstrip("…"))
    action.setStatusTip(action.toolTip())
    action.triggered.connect(slot)
    return action


def build_menus(window: Any) -> None:
    """File, Edit, View and Help menus and the toolbar; the actions become attributes of ``window``."""
    from fundtracker.ui import backup_actions as backups
    from fundtracker.ui import file_actions as files
    from fundtracker.ui.glossary_dialog import show_glossary
    from fundtracker.ui.main_window import PAGES

    def action(text: str, slot: Any, shortcut: Any = None, tip: str = "") -> QAction:
        return make_action(window, text, slot, shortcut, tip)

    key = QKeySequence.StandardKey
    window.new_action = action("&New workspace…", lambda: files.new_workspace(window), key.New)
    window.open_action = action("&Open workspace…", lambda: files.open_workspace(window), key.Open)
    window.connect_action = action(
        "Connect to &server…",
        lambda: files.connect_to_server(window),
        tip="Open a workspace shared on a PostgreSQL server",
    )
    window.save_copy_action = action(
        "Save a &copy as…", lambda: files.save_copy(window), key.SaveAs, "Save the workspace to another file"
    )
    window.restore_action = action(
        "Restore from &backup…",
        lambda: backups.restore_from_backup(window),
        tip="Put back a copy of this workspace file made when it was opened or during a day's work",
    )
    window.pdf_action = action("Export application &PDF…", lambda: files.export_pdf(window))
    window.docx_action = action(
        "Export application as &Word…",
        lambda: files.export_docx(window),
        tip="The whole application as a .docx to share with partners or paste into a portal",
    )
    window.xlsx_action = action("Export budget &workbook…", lambda: files.export_workbook(window))
    window.worksheet_action = action(
        "Export budget &detail worksheet…",
        lambda: files.export_worksheet(window),
        tip="An application's DOJ Budget Detail Worksheet (.xlsx, live formulas); its totals equal the SF-424A",
    )
    window.summary_action = action(
        "Export board &summary…",
        lambda: files.export_summary(window),
        tip="Two pages for the board: runway, odds, who goes unfunded first, what to raise, scenarios",
    )
    window.import_actuals_action = action("&Import actual spending…", window._import_actuals)
    window.quit_action = action("&Quit", window.close, key.Quit)
    window.undo_action = action("&Undo", window._undo, key.Undo)
    window.redo_action = action("&Redo", window._redo, key.Redo)
    window.find_action = action("&Find…", window.find_records, key.Find, "Find records on this page")
    window.lock_action = action(
        "&Lock periods…", window.lock_periods, tip="Lock months whose actuals and allocations are final (finance)"
    )
    window.preferences_action = action("Pre&ferences…", lambda: files.preferences(window), key.Preferences)
    if window.preferences_action.shortcut().isEmpty():
        window.preferences_action.setShortcut(QKeySequence("Ctrl+,"))
    menu_bar = window.menuBar()
    window.recent_menu = menu_bar.addMenu("")  # placed in the File menu below
    file_menu = menu_bar.addMenu("&File")
    file_menu.addActions([window.new_action, window.open_action])
    menu_bar.removeAction(window.recent_menu.menuAction())
    window.recent_menu.setTitle("Open &recent")
    file_menu.addMenu(window.recent_menu)
    file_menu.addAction(window.connect_action)
    file_menu.addSeparator()
    file_menu.addActions([window.save_copy_action, window.restore_action])
    file_menu.addSeparator()
    file_menu.addActions(
        [window.pdf_action, window.docx_action, window.xlsx_action, window.worksheet_action, window.summary_action]
    )
    file_menu.addAction(window.import_actuals_action)
    file_menu.addSeparator()
    file_menu.addAction(window.quit_action)
    edit_menu = menu_bar.addMenu("&Edit")
    edit_menu.addActions([window.undo_action, window.redo_action])
    edit_menu.addSeparator()
    edit_menu.addAction(window.find_action)
    edit_menu.addSeparator()
    window.organization_action = action("&Organization…", window.edit_organization)
    edit_menu.addAction(window.organization_action)
    edit_menu.addAction(window.lock_action)
    edit_menu.addAction(window.preferences_action)
    view_menu = menu_bar.addMenu("&View")
    for row, name in enumerate(PAGES):
        view_menu.addAction(
            # Ctrl+1 … Ctrl+9: the pages after the ninth have no digit of their own.
            action(
                name,
                lambda _=False, row=row: window.navigation.setCurrentRow(row),
                f"Ctrl+{row + 1}" if row < 9 else None,
            )
        )
    help_menu = menu_bar.addMenu("&Help")
    window.glossary_action = action(
        "&Glossary",
        lambda: show_glossary(window),
        "F1",
        "What the words mean: secured, expected, allocation, MTDC, match …",
    )
    help_menu.addAction(window.glossary_action)
    help_menu.addSeparator()
    help_menu.addAction(action("&About fundtracker", window.about))
    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("MainToolbar")
    toolbar.setIconSize(QSize(20, 20))
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    toolbar.addActions(
        [window.new_action, window.open_action, window.undo_action, window.redo_action, window.find_action]
    )
    fill_recent_menu(window)
    window._update_undo_actions()


def fill_recent_menu(window: Any) -> None:
    from fundtracker.ui import file_actions as files

    window.recent_menu.clear()
    recent = settings.get(settings.RECENT_WORKSPACES)
    for location in recent:
        window.recent_menu.addAction(
            make_action(window, location, lambda _=False, where=location: files.open_location(window, where))
        )
    window.recent_menu.setEnabled(bool(recent))
