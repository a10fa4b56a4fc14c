"""The main window: menus, the meetings list, and an empty state for a new database."""

from __future__ import annotations

import platform
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, qVersion
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from rtcdesk import APP_AUTHOR, APP_NAME, __version__
from rtcdesk.services.demo import load_demo
from rtcdesk.services.meetings import list_meetings
from rtcdesk.ui import load_icon
from rtcdesk.ui.meetings_model import MeetingsProxyModel, MeetingsTableModel

if TYPE_CHECKING:
    from rtcdesk.db.engine import Database

DEFAULT_SIZE = (1200, 700)
MAX_COLUMN_WIDTH = 260
GEOMETRY_KEY = "main_window/geometry"
COLUMNS_KEY = "main_window/meeting_columns"


class EmptyState(QWidget):
    """Shown instead of an empty grid: what the window is for and how to start."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        picture = QLabel()
        picture.setPixmap(load_icon("rtcdesk.svg").pixmap(96, 96))
        picture.setFixedHeight(96)
        picture.setAlignment(Qt.AlignmentFlag.AlignCenter)

        heading = QLabel(self.tr("No meetings yet"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        heading.setFont(font)
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)

        explanation = QLabel(
            self.tr(
                "This database holds no meetings. Load the demo data to look around "
                "with the RTC Heads Meetings already recorded, or record your first meeting."
            )
        )
        explanation.setWordWrap(True)
        explanation.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.load_demo_button = QPushButton(self.tr("&Load demo data"))
        self.load_demo_button.setAccessibleName(self.tr("Load demo data"))
        self.load_demo_button.setDefault(True)
        self.new_meeting_button = QPushButton(self.tr("&New meeting"))
        self.new_meeting_button.setAccessibleName(self.tr("New meeting"))
        self.new_meeting_button.setEnabled(False)
        self.new_meeting_button.setToolTip(self.tr("Coming soon"))
        self.new_meeting_button.setAccessibleDescription(self.tr("Coming soon"))

        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.load_demo_button)
        buttons.addWidget(self.new_meeting_button)
        buttons.addStretch()

        content = QWidget()
        content.setFixedWidth(480)
        column = QVBoxLayout(content)
        column.addWidget(picture)
        column.addSpacing(12)
        column.addWidget(heading)
        column.addSpacing(4)
        column.addWidget(explanation)
        column.addSpacing(16)
        column.addLayout(buttons)

        outer = QVBoxLayout(self)
        outer.addStretch(2)
        outer.addWidget(content, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(3)


class MeetingsPage(QWidget):
    """The search box above the meetings table."""

    def __init__(self, proxy: MeetingsProxyModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Title, host or place"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(360)
        self.search.setAccessibleName(self.tr("Search meetings"))
        self.search.textChanged.connect(proxy.setSearchText)
        search_label = QLabel(self.tr("&Search:"))
        search_label.setBuddy(self.search)

        self.table = QTableView()
        self.table.setModel(proxy)
        self.table.setAccessibleName(self.tr("Meetings"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(MeetingsTableModel.COL_START, Qt.SortOrder.DescendingOrder)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(MeetingsTableModel.COL_TITLE, QHeaderView.ResizeMode.Stretch)

        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search)
        search_row.addStretch()

        layout = QVBoxLayout(self)
        layout.addLayout(search_row)
        layout.addWidget(self.table, 1)

    def fit_columns(self) -> None:
        """Size every column to its contents, long names capped (they elide), and
        give the title what is left."""
        for column in range(MeetingsTableModel.COLUMN_COUNT):
            if column == MeetingsTableModel.COL_TITLE:
                continue
            self.table.resizeColumnToContents(column)
            if self.table.columnWidth(column) > MAX_COLUMN_WIDTH:
                self.table.setColumnWidth(column, MAX_COLUMN_WIDTH)


class MainWindow(QMainWindow):
    """The window a coordinator works in, on one open database."""

    def __init__(self, database: Database, parent: QWidget | None = None):
        super().__init__(parent)
        self._database = database
        self._columns_sized = False
        self.setWindowTitle(self.tr("rtcdesk — {database}").format(database=database.describe()))

        self.model = MeetingsTableModel(self)
        self.proxy = MeetingsProxyModel(self)
        self.proxy.setSourceModel(self.model)

        self.empty_state = EmptyState()
        self.empty_state.load_demo_button.clicked.connect(self.load_demo_data)
        self.meetings_page = MeetingsPage(self.proxy)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty_state)
        self.pages.addWidget(self.meetings_page)
        self.setCentralWidget(self.pages)

        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)
        for signal in (
            self.proxy.modelReset,
            self.proxy.rowsInserted,
            self.proxy.rowsRemoved,
            self.proxy.layoutChanged,
        ):
            signal.connect(self._show_count)

        self._create_menus()
        self._restore_settings()
        self.refresh()

    def _create_menus(self) -> None:
        self.load_demo_action = QAction(self.tr("Load &demo data…"), self)
        self.load_demo_action.setStatusTip(
            self.tr("Add the RTC Heads Meetings sample data set (skips what is already there)")
        )
        self.load_demo_action.triggered.connect(self.load_demo_data)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        file_menu.addAction(self.load_demo_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)

        find_action = QAction(self.tr("&Find meetings"), self)
        find_action.setShortcut(QKeySequence.StandardKey.Find)
        find_action.triggered.connect(self.focus_search)
        refresh_action = QAction(self.tr("&Refresh"), self)
        refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh_action.setStatusTip(self.tr("Read the meetings from the database again"))
        refresh_action.triggered.connect(self.refresh)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        view_menu.addAction(find_action)
        view_menu.addAction(refresh_action)

        self.about_action = QAction(self.tr("&About rtcdesk"), self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        help_menu.addAction(self.about_action)

    def refresh(self) -> None:
        """Read the meetings again and show the table, or the empty state if there are none."""
        with self._database.read() as session:
            rows = list_meetings(session)
        self.model.setRows(rows)
        has_meetings = bool(rows)
        self.pages.setCurrentWidget(self.meetings_page if has_meetings else self.empty_state)
        if has_meetings and not self._columns_sized:
            self.meetings_page.fit_columns()
            self._columns_sized = True

    def load_demo_data(self) -> None:
        """Load the demo data set (idempotent); takes about a second."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            with self._database.write() as session:
                result = load_demo(session)
        finally:
            QApplication.restoreOverrideCursor()
        self.refresh()
        # The service's own summary, e.g. "Demo data loaded: 7 meetings, ...".
        self.statusBar().showMessage(str(result))

    def focus_search(self) -> None:
        if self.pages.currentWidget() is self.meetings_page:
            self.meetings_page.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
            self.meetings_page.search.selectAll()

    def show_about(self) -> QMessageBox:
        text = self.tr(
            "<h3>rtcdesk {version}</h3>"
            "<p>Meetings, participant lists and follow-up action surveys for the "
            "WCO Asia/Pacific Regional Training Centres and ROCB A/P.</p>"
            "<p>Database: {database}</p>"
            "<p>Qt {qt}, Python {python}</p>"
        ).format(
            version=__version__,
            database=escape(self._database.describe()),
            qt=qVersion(),
            python=platform.python_version(),
        )
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("About rtcdesk"))
        box.setIconPixmap(load_icon("rtcdesk.svg").pixmap(64, 64))
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(text)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def _show_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            self.count_label.setText(self.tr("Meetings: {total}").format(total=total))
        else:
            self.count_label.setText(
                self.tr("Meetings: {shown} of {total} shown").format(shown=shown, total=total)
            )

    def _settings(self) -> QSettings:
        return QSettings(APP_AUTHOR, APP_NAME)

    def _restore_settings(self) -> None:
        settings = self._settings()
        geometry = settings.value(GEOMETRY_KEY)
        if geometry is None or not self.restoreGeometry(geometry):
            available = self.screen().availableGeometry()
            self.resize(
                min(DEFAULT_SIZE[0], available.width()), min(DEFAULT_SIZE[1], available.height())
            )
        columns = settings.value(COLUMNS_KEY)
        if columns is not None:
            header = self.meetings_page.table.horizontalHeader()
            self._columns_sized = header.restoreState(columns)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = self._settings()
        settings.setValue(GEOMETRY_KEY, self.saveGeometry())
        settings.setValue(COLUMNS_KEY, self.meetings_page.table.horizontalHeader().saveState())
        super().closeEvent(event)
