"""The main window: navigation, pages, menus, toolbar and status bar.

The window is shown before any workspace is opened (so it appears at once); the
workspace is opened and its first forecast computed on a worker thread, then the
pages are built from the session (:meth:`MainWindow.set_session`).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QRect, QSize, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMainWindow, QMessageBox, QStackedWidget, QWidget

from fundtracker import __version__
from fundtracker.ui import settings

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QPaintEvent

    from fundtracker.domain.months import MonthIndex

PAGES = (
    "Dashboard",
    "Funding streams",
    "Staff & costs",
    "Allocations",
    "Scenarios",
    "Applications",
    "Deadlines",
    "Audit log",
    "Budget vs actual",
    "Awards",
    "Transactions",
    "Time & effort",
)
PAGE_TIPS = (
    "When the money runs out, and what to do about it",
    "Where the money comes from",
    "Positions and other costs",
    "Which stream pays which share of each cost",
    "What-ifs, compared side by side",
    "Grant applications",
    "What is due, and when",
    "Every change: who, what, when",
    "The plan to date against actual spending; burn rates; imports",
    "After the award: budget versions, drawdown requests, received, receivable, unbilled",
    "Every imported transaction: find, total, reclassify, export",
    "Effort charged beside effort certified, per person and month",
)
PAGE_OF_KIND = {
    "stream": 1,
    "position": 2,
    "expense": 2,
    "allocation": 3,
    "scenario": 4,
    "application": 5,
    "deadline": 6,
    "award": 9,
    "effort": PAGES.index("Time & effort"),
    "report": 6,
}
SAMPLE_BANNER = (
    "This is sample data: the Kansas City Community Safety Partnership story, with illustrative figures. "
    "Edit it freely, or start your own with File ▸ New workspace."
)
READ_ONLY_BANNER = (
    "Opened read-only: {location} is in a place fundtracker may not write to, so nothing can be changed. "
    "To edit, save a copy somewhere writable (File ▸ Save a copy as…) and open that."
)
BACKUP_CHECK_MS = 60 * 60 * 1000  # hourly; a backup is made when the newest is a day old
PREFERRED_SIZE = (1280, 820)  # what the pages are laid out for; never more than SCREEN_SHARE of the screen
SCREEN_SHARE = 0.9


class CurrentPageStack(QStackedWidget):
    """A stack of pages as large as the page shown (a QStackedWidget is as large as its largest page).

    Inside the window's scroll area, only the page on screen decides whether it scrolls.
    """

    def __init__(self) -> None:
        super().__init__()
        from PySide6.QtWidgets import QLayout

        # Else the stack's layout holds its minimum size at the largest page's.
        layout = self.layout()
        assert layout is not None
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.currentChanged.connect(lambda _index: self.updateGeometry())

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint() if page is not None else super().minimumSizeHint()

    def heightForWidth(self, width: int) -> int:
        # A page with wrapped text would ask the scroll area for its *preferred* height and
        # scroll at any window height; its minimum height is what must fit.
        return -1


class MainWindow(QMainWindow):
    """The app's one window.

    Args:
        start: the forecast's first month (default: this month).
        today: the day deadlines count from (default: today).

    Signals:
        workspace_ready(): a workspace's database was opened; every page can be shown.
        first_painted(): the window has painted once (start-up work may begin).
    """

    workspace_ready = Signal()
    first_painted = Signal()

    def __init__(self, *, start: MonthIndex | None = None, today: date | None = None) -> None:
        super().__init__()
        self.start = start
        self.today = today
        self.session: Any = None
        self.pages: dict[str, QWidget] = {}
        self.positions_panel: Any = None
        self.deadlines_panel: Any = None
        self.reports_panel: Any = None
        self.expenses_panel: Any = None
        self.watcher: Any = None
        self.glossary_dialog: Any = None  # Help ▸ Glossary, made when first asked for
        self._page_row = 0  # the navigation row of the page shown
        self.undo_action: QAction  # these and the other actions: see fundtracker.ui.menus
        self.redo_action: QAction
        self.pending_note = ""  # shown once the next workspace is open
        self._painted = False
        self._built = False
        self.dark = False
        self.setWindowTitle("fundtracker")
        self.setObjectName("MainWindow")
        self.resize(*PREFERRED_SIZE)

    def build(self) -> None:
        """Build the window's contents: navigation, menus, toolbar, status bar.

        Called right after the first paint (and before anything needs them), so the window
        appears without waiting for Qt to load the classes its contents use.
        """
        if self._built:
            return
        self._built = True
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QScrollArea, QVBoxLayout

        from fundtracker.ui.theme import app_icon, is_dark

        self.dark = self.dark or is_dark(settings.get(settings.THEME))
        self.setWindowIcon(app_icon())
        self.navigation = QListWidget()
        self.navigation.addItems(PAGES)
        for row, tip in enumerate(PAGE_TIPS):
            item = self.navigation.item(row)
            item.setToolTip(f"{tip} (Ctrl+{row + 1})")
        self.navigation.setAccessibleName("Pages")
        self.navigation.setToolTip("Choose a page")
        self.navigation.setFixedWidth(self.navigation.sizeHintForColumn(0) + 40)
        self.stack = CurrentPageStack()
        self.placeholder = QLabel("Opening the workspace…")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.placeholder)
        self.navigation.currentRowChanged.connect(self.show_page)

        self.banner = QLabel(SAMPLE_BANNER)
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet("background: #fff4c2; color: #4a3b00; padding: 6px; border: 1px solid #e0c65c;")
        self.banner.setAccessibleName("Sample data notice")
        self.banner.setVisible(False)

        self.navigation.setStyleSheet("QListWidget::item { padding: 5px 6px; }")
        body = QHBoxLayout()
        body.addWidget(self.navigation)
        # A page larger than the window scrolls, rather than pushing the window (with its
        # status bar, and a form's Save button) past the screen's edge: the window fits a
        # 1366 × 768 laptop, and any screen at 200 %.
        self.page_scroll = QScrollArea()
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.page_scroll.setWidget(self.stack)
        body.addWidget(self.page_scroll, 1)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.banner)
        layout.addLayout(body, 1)
        self.setCentralWidget(central)

        self.location_label = QLabel("No workspace open")
        self.location_label.setAccessibleName("Open workspace")
        self.statusBar().addPermanentWidget(self.location_label)
        self.role_label = QLabel("")
        self.role_label.setAccessibleName("Your role")
        self.role_label.setVisible(False)
        self.statusBar().addPermanentWidget(self.role_label)
        self._build_actions()
        from fundtracker.ui.backup_actions import daily_backup

        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(BACKUP_CHECK_MS)
        self.backup_timer.timeout.connect(lambda: daily_backup(self))
        self.backup_timer.start()

    # -- menus and toolbar -----------------------------------------------------------

    def _build_actions(self) -> None:
        from fundtracker.ui.menus import build_menus

        build_menus(self)

    def fill_recent_menu(self) -> None:
        from fundtracker.ui.menus import fill_recent_menu

        fill_recent_menu(self)

    def _import_actuals(self) -> None:
        from fundtracker.ui.import_actuals_dialog import import_actual_spending

        import_actual_spending(self)

    def _undo(self) -> None:
        if self.session is not None:
            self.session.undo_stack.undo()

    def _redo(self) -> None:
        if self.session is not None:
            self.session.undo_stack.redo()

    def _update_undo_actions(self) -> None:
        stack = self.session.undo_stack if self.session is not None else None
        for action, can, text, word in (
            (self.undo_action, stack and stack.canUndo(), stack and stack.undoText(), "Undo"),
            (self.redo_action, stack and stack.canRedo(), stack and stack.redoText(), "Redo"),
        ):
            action.setEnabled(bool(can))
            action.setText(f"&{word} {text}" if text else f"&{word}")
            action.setToolTip(f"{word} {text}" if text else f"Nothing to {word.lower()}")

    # -- the workspace ---------------------------------------------------------------

    def set_session(self, session: Any, figures: Any = None) -> None:
        """Show ``session``'s workspace (closing any previous session).

        Only the dashboard is built now; the other pages are built the first time they are
        shown, and only once the database is open (a preview session shows the dashboard alone).
        """
        from fundtracker.ui.pages.dashboard import DashboardPage

        self.build()
        self.close_session()
        self.session = session
        session.setParent(self)
        session.refused.connect(lambda text: QMessageBox.warning(self, "Not undone", text))
        session.undo_stack.indexChanged.connect(self._update_undo_actions)
        session.attached.connect(self._attached)
        dashboard = DashboardPage(
            session, start=self.start, today=self.today, trials=settings.get(settings.TRIALS), dark=self.dark
        )
        dashboard.open_record.connect(self.open_record)
        self.pages = {"Dashboard": dashboard}
        self.stack.addWidget(dashboard)
        self._show_banner()
        self.navigation.setCurrentRow(0)
        self.show_page(0)
        if figures is not None:
            dashboard.show_precomputed(figures)
        else:
            dashboard.refresh()
        if session.ready:
            self._attached()

    def _attached(self) -> None:
        """The database is open: say where it lives, allow edits, announce it."""
        session = self.session
        self.statusBar().clearMessage()
        self.location_label.setText(storage_text(session.location))
        self.location_label.setToolTip(f"The open workspace: {session.location}. Every change is saved at once.")
        self._show_access()
        self.setWindowTitle(f"fundtracker — {session.workspace.organization.name}")
        self._update_undo_actions()
        self._show_banner()
        self.show_page(self.navigation.currentRow())
        self._watch(session)
        if self.pending_note:
            self.statusBar().showMessage(self.pending_note, 15000)
            self.pending_note = ""
        self.workspace_ready.emit()

    def _show_access(self) -> None:
        """The user's role on a server: in the status bar; what it may not do, disabled with the reason."""
        from fundtracker.ui.access import restrict_actions

        access = self.session.access
        restrict_actions(self, access)
        self.role_label.setVisible(bool(access.roles) or access.note != "a workspace file")
        self.role_label.setText(f"Role: {access.label}")
        self.role_label.setToolTip(access.summary())
        for name, page in self.pages.items():
            if access.restricted:
                from fundtracker.ui.access import restrict_page

                restrict_page(name, page, access)

    def _show_banner(self) -> None:
        """Read-only, a restricted role or sample data: say so above the pages."""
        session = self.session
        from fundtracker.ui.access import banner_text

        role_text = banner_text(session.access) if session is not None and session.access is not None else ""
        if role_text and not session.read_only:
            self.banner.setText(role_text)
            self.banner.setAccessibleName("Role notice")
            self.banner.setVisible(True)
            return
        if session is not None and session.read_only:
            self.banner.setText(READ_ONLY_BANNER.format(location=session.location))
            self.banner.setAccessibleName("Read-only notice")
        else:
            self.banner.setText(SAMPLE_BANNER)
            self.banner.setAccessibleName("Sample data notice")
        self.banner.setVisible(session is not None and (session.read_only or bool(session.sample)))

    def _watch(self, session: Any) -> None:
        """Poll for changes others save to this workspace (see :mod:`fundtracker.ui.watch`)."""
        from fundtracker.ui.watch import ChangeWatcher

        if self.watcher is not None:
            self.watcher.stop()
        self.watcher = ChangeWatcher(session, parent=session)
        self.watcher.note.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.watcher.start()

    def lock_periods(self) -> None:
        """Edit ▸ Lock periods…"""
        if self.session is None or not self.session.ready:
            return
        from fundtracker.ui.period_locks import PeriodLockDialog

        PeriodLockDialog(self.session, self.today, self).exec()

    def close_session(self) -> None:
        """Close the open workspace."""
        if self.session is None:
            return
        session, self.session = self.session, None
        if self.watcher is not None:
            self.watcher.stop()
            self.watcher = None
        session.close()
        for page in self.pages.values():
            self.stack.removeWidget(page)
            page.deleteLater()
        self.pages = {}

    def page(self, name: str) -> QWidget | None:
        """The page called ``name``, built on first use; None while the workspace is still opening."""
        if name in self.pages:
            return self.pages[name]
        if self.session is None or not self.session.ready:
            return None
        page = self._build_page(name)
        if self.session.access is not None and self.session.access.restricted:
            from fundtracker.ui.access import restrict_page

            restrict_page(name, page, self.session.access)
        if hasattr(page, "status"):
            page.status.connect(lambda text: self.statusBar().showMessage(text, 6000))
        self.pages[name] = page
        self.stack.addWidget(page)
        return page

    def _build_page(self, name: str) -> QWidget:
        from fundtracker.ui.pages import record_specs as specs
        from fundtracker.ui.pages.record_panel import RecordPanel

        session = self.session
        if name == "Funding streams":
            return RecordPanel(session, specs.STREAM)
        if name == "Applications":
            from fundtracker.ui import file_actions as files
            from fundtracker.ui.pages.applications import ApplicationsPage

            applications = ApplicationsPage(session, today=self.today)
            applications.export_requested.connect(lambda key: files.export_pdf(self, key))
            return applications
        if name == "Deadlines":
            from PySide6.QtCore import Qt
            from PySide6.QtWidgets import QSplitter

            from fundtracker.ui.pages.reports_due import ReportsDuePanel

            deadlines = QSplitter(Qt.Orientation.Vertical)
            self.deadlines_panel = RecordPanel(session, specs.DEADLINE)
            self.reports_panel = ReportsDuePanel(session, self.today)
            for panel in (self.deadlines_panel, self.reports_panel):
                panel.status.connect(lambda text: self.statusBar().showMessage(text, 6000))
                deadlines.addWidget(panel)
            return deadlines
        if name == "Staff & costs":
            from PySide6.QtCore import Qt
            from PySide6.QtWidgets import QSplitter

            staff = QSplitter(Qt.Orientation.Vertical)
            self.positions_panel = RecordPanel(session, specs.POSITION)
            self.expenses_panel = RecordPanel(session, specs.EXPENSE)
            for panel in (self.positions_panel, self.expenses_panel):
                panel.status.connect(lambda text: self.statusBar().showMessage(text, 6000))
                staff.addWidget(panel)
            return staff
        if name == "Allocations":
            from fundtracker.ui.pages.allocations import AllocationsPage

            return AllocationsPage(session, self.today.replace(day=1) if self.today else None)
        if name == "Scenarios":
            from fundtracker.ui.pages.scenarios import ScenariosPage

            scenarios = ScenariosPage(session, start=self.dashboard.start)
            scenarios.dark = self.dark
            scenarios.refresh()
            return scenarios
        if name == "Time & effort":
            from fundtracker.ui.pages.effort import EffortPage

            return EffortPage(session, self.today)
        if name == "Budget vs actual":
            from fundtracker.ui.pages.budget_vs_actual import BudgetVsActualPage

            return BudgetVsActualPage(session, self.today)
        if name == "Awards":
            from fundtracker.ui.pages.awards import AwardsPage

            return AwardsPage(session, self.today)
        if name == "Transactions":
            from fundtracker.ui.pages.transactions import TransactionsPage

            return TransactionsPage(session)
        from fundtracker.ui.pages.audit import AuditPage

        return AuditPage(session)

    @property
    def dashboard(self) -> Any:
        return self.pages.get("Dashboard")

    def show_page(self, row: int) -> None:
        if not self.leave_page():
            # Stay on the page with the unsaved form (Cancel, or its save was refused).
            self.navigation.blockSignals(True)
            self.navigation.setCurrentRow(self._page_row)
            self.navigation.blockSignals(False)
            return
        self._page_row = row
        name = PAGES[row] if 0 <= row < len(PAGES) else PAGES[0]
        page = self.page(name)
        self.stack.setCurrentWidget(page if page is not None else self.placeholder)

    def leave_page(self) -> bool:
        """Before another page is shown: each form on this page with unsaved changes asks
        Save / Discard / Cancel. False when one of them stays (Cancel, or a refused save)."""
        from fundtracker.ui.pages.record_panel import RecordPanel

        current = self.stack.currentWidget()
        if current is None:
            return True
        panels = [current] if isinstance(current, RecordPanel) else []
        panels += current.findChildren(RecordPanel)
        return all(panel.settle_unsaved() for panel in panels if panel.has_unsaved())

    def open_record(self, kind: str, key: str) -> None:
        """Go to the page of a record and select it."""
        row = PAGE_OF_KIND.get(kind)
        if row is None:
            return
        self.navigation.setCurrentRow(row)
        page = self.page(PAGES[row])
        target: Any = {
            "position": self.positions_panel,
            "expense": self.expenses_panel,
            "deadline": self.deadlines_panel,
        }.get(kind, page)
        if target is not None and hasattr(target, "select_key"):
            target.select_key(key)

    def find_records(self) -> None:
        page = self.stack.currentWidget()
        target = page if hasattr(page, "focus_filter") else None
        if page is self.pages.get("Deadlines"):
            target = self.deadlines_panel
        if page is self.pages.get("Staff & costs"):
            target = (
                self.expenses_panel if self.expenses_panel.isAncestorOf(self.focusWidget()) else self.positions_panel
            )
        if target is not None:
            target.focus_filter()
        else:
            self.statusBar().showMessage("Nothing to find on this page; try Funding streams, Staff & costs …", 5000)

    def edit_organization(self) -> None:
        from fundtracker.ui.organization_dialog import edit_organization

        edit_organization(self)

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About fundtracker",
            f"fundtracker {__version__}\nA grant and funding tracker: runway forecasts, grant applications, budgets.",
        )

    def show_open_error(self, location: str, message: str) -> None:
        """One message box saying why ``location`` did not open; whatever was open stays open."""
        message = message.removeprefix(f"{location}: ")
        self.build()  # a quick failure (an unreachable server) can arrive before the first paint built it
        self.placeholder.setText(f"Could not open {location}:\n{message}\n\nUse File ▸ Open or File ▸ New.")
        QMessageBox.warning(self, "Could not open the workspace", f"{location}:\n{message}")

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._after_first_paint)

    def _after_first_paint(self) -> None:
        self.build()
        self.repaint()  # show the contents now, before the start-up work competes for the CPU
        self.first_painted.emit()  # start-up work begins on its worker thread
        QTimer.singleShot(0, _load_dashboard_code)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings.put(settings.GEOMETRY, self.saveGeometry())
        self.close_session()
        super().closeEvent(event)


def first_start_geometry(available: QRect) -> QRect:
    """Where the window opens when no size is remembered: centred on the screen's free area.

    The preferred size, but at most 90 % of the available area each way (a 1366 × 768 laptop
    with a task bar gets about 1229 × 655), so the buttons under the forms and the status bar
    are on the screen.
    """
    width = min(PREFERRED_SIZE[0], int(available.width() * SCREEN_SHARE))
    height = min(PREFERRED_SIZE[1], int(available.height() * SCREEN_SHARE))
    frame = QRect(0, 0, width, height)
    frame.moveCenter(available.center())
    return frame


def place_window(window: QMainWindow, geometry: bytes = b"") -> None:
    """Restore the remembered geometry if it still fits a screen; else size the window to the screen.

    A geometry remembered on a larger monitor would put the window's bottom off a smaller one.
    """
    from PySide6.QtCore import QByteArray

    screen = window.screen() or QGuiApplication.primaryScreen()
    available = screen.availableGeometry() if screen is not None else QRect(0, 0, *PREFERRED_SIZE)
    restored = bool(geometry) and window.restoreGeometry(QByteArray(geometry))
    if restored and (available.contains(window.frameGeometry()) or available.contains(window.geometry())):
        return
    window.setGeometry(first_start_geometry(available))


def _load_dashboard_code() -> None:
    """Import the dashboard's code while the workspace loads, so showing it later is quick."""
    from fundtracker.ui import charts
    from fundtracker.ui.pages import dashboard  # noqa: F401

    charts.chart_view("warm-up").deleteLater()


def storage_text(location: str) -> str:
    """How the status bar names where the workspace lives."""
    if "://" in location and not location.startswith("sqlite"):
        from sqlalchemy.engine import make_url

        url = make_url(location)
        user = f"{url.username}@" if url.username else ""
        port = f":{url.port}" if url.port else ""
        return f"Server: {user}{url.host or 'localhost'}{port}/{url.database or ''}"
    path = location.removeprefix("sqlite:///")
    return f"File: {path}"
