# Qt calls its virtual methods by their camelCase names (closeEvent…).
# ruff: noqa: N802
"""The counter window (柜台窗口): the one main window a clerk keeps open all day (UI.md).

Why the window owns so little: it holds the database engine and the one worker thread
(:class:`~ui.operations.OpRunner`) that every read runs on, lays out the columns, and wires the
search column's choice into the customer column. What each column shows and reads is the column's
own business (:mod:`ui.search_panel`, :mod:`ui.customer_panel`); the queue bar above and the task
column on the right come with the queue and payment work.

Source strings are English and go through ``tr()``; the Simplified Chinese translation in
``ui/i18n`` is what clerks see by default.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QSplitter, QVBoxLayout, QWidget
from sqlalchemy import Engine

from counterdesk.store.database import make_engine
from ui.customer_panel import CustomerPanel
from ui.operations import Op, OpRunner
from ui.search_panel import SearchPanel


def count_job(engine: Engine) -> int:
    """Runs on the worker: how many accounts this terminal holds, for the status bar."""
    with engine.connect() as connection:
        return int(connection.exec_driver_sql("SELECT count(*) FROM account").scalar_one())


STYLE_SHEET: Final = """
QMainWindow, QWidget#central { background: #F2F4F7; }
QFrame#card { background: #FFFFFF; border: 1px solid #E4E7EC; border-radius: 8px; }
QFrame#summary { background: #F9FAFB; border: 1px solid #EAECF0; border-radius: 6px; }
QFrame#rule { background: #EAECF0; border: none; }
QLabel { color: #101828; }
QLabel#panelTitle, QLabel#sectionTitle { font-weight: 600; color: #344054; }
QLabel#keycap { color: #475467; background: #FFFFFF; border: 1px solid #D0D5DD;
    border-bottom-width: 2px; border-radius: 4px; padding: 0px 6px; }
QLabel#caption { color: #667085; }
QLabel#note, QLabel#hint { color: #667085; }
QLabel#fact { color: #101828; }
QLabel#emptyTitle { color: #344054; font-weight: 600; font-size: 13pt; }
QLabel#customerName { font-size: 17pt; font-weight: 600; }
QLabel#searchMessage { color: #475467; }
QLabel#searchMessage[problem="true"] { color: #93370D; }
QLineEdit#searchBox { border: 1px solid #D0D5DD; border-radius: 6px; padding: 7px 10px;
    background: #FFFFFF; selection-background-color: #B2DDFF; selection-color: #101828; }
QLineEdit#searchBox:focus { border: 2px solid #528BFF; padding: 6px 9px; }
QTableView { border: none; background: #FFFFFF; outline: 0; }
QTableView#results::item { padding: 0px 6px; border-bottom: 1px solid #F2F4F7; }
QTableView#results::item:selected { background: #D1E9FF; color: #101828; }
QTableView#bills::item { padding: 0px 8px; border-bottom: 1px solid #F2F4F7; }
QHeaderView::section { background: #FFFFFF; color: #667085; border: none;
    border-bottom: 1px solid #E4E7EC; padding: 6px 12px; }
QTableView#bills QHeaderView::section { padding: 6px 8px; }
QStatusBar { background: #FFFFFF; border-top: 1px solid #E4E7EC; color: #475467; }
QStatusBar QLabel { color: #475467; padding: 0px 8px; }
QSplitter::handle { background: transparent; }
"""


class CounterWindow(QMainWindow):
    """The counter window (柜台窗口): search on the left, the customer in the middle.

    Owns the database engine and the :class:`~ui.operations.OpRunner` whose one worker thread
    does all its database reads; closing the window stops the worker and closes the connections
    there. F6 focuses the search box from anywhere in the window. ``today`` fixes the business date
    bills are overdue against (tests, screenshots); by default each account read takes the
    computer's date at that moment, so a terminal left running overnight counts to the new day.
    """

    def __init__(self, db_path: Path, *, today: date | None = None) -> None:
        super().__init__()
        self.db_path = db_path
        self.today: Callable[[], date] = (lambda: today) if today else date.today
        self.runner = OpRunner(self)
        self.runner.unhandled_failure.connect(self._unhandled)
        self.engine = make_engine(db_path)
        self.setWindowTitle(self.tr("CounterDesk — Counter"))
        self.setStyleSheet(STYLE_SHEET)

        central = QWidget(self)
        central.setObjectName("central")
        self.search = SearchPanel(self.engine, central)
        self.customer = CustomerPanel(self.engine, self.today, central)
        self.search.account_chosen.connect(self.customer.open_account)
        splitter = QSplitter(Qt.Orientation.Horizontal, central)
        splitter.setHandleWidth(12)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.search)
        splitter.addWidget(self.customer)
        # The customer column gets the larger share: at 1366 wide its bills table must hold a
        # business customer's six-figure amounts and the late-fee column without scrolling.
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([540, 790])
        layout = QVBoxLayout(central)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(splitter)
        self.setCentralWidget(central)

        self.db_label = QLabel(self.tr("Database: %1").replace("%1", str(db_path)), self)
        self.count_label = QLabel(self.tr("Counting accounts…"), self)
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().setSizeGripEnabled(False)

        self.f6 = QShortcut(QKeySequence(Qt.Key.Key_F6), self)
        self.f6.setContext(Qt.ShortcutContext.WindowShortcut)
        self.f6.activated.connect(self.search.focus_search)
        self.search.box.setFocus()
        Op(self, partial(count_job, self.engine), key="count").success(self._show_count).failure(
            self._count_failed
        ).run()

    def _show_count(self, count: int) -> None:
        self.count_label.setText(self.tr("%Ln account(s)", "", count))

    def _count_failed(self, _error: Exception) -> None:
        self.count_label.setText(
            self.tr("Cannot read the database: check the file, or ask IT to restore it.")
        )

    def _unhandled(self, _error: Exception) -> None:
        self.statusBar().showMessage(
            self.tr("Something went wrong in the background; it has been logged."), 10_000
        )

    def shutdown(self) -> None:
        """Stop the worker and close the database connections on it."""
        self.runner.shutdown(final=self.engine.dispose)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
