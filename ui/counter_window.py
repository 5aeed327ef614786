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
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from counterdesk.services.reminders import payment_reminder
from counterdesk.store import print_jobs, settings
from counterdesk.store.account_view import AccountView
from counterdesk.store.database import make_engine
from counterdesk.store.print_jobs import PrintJob
from printing import printers
from printing.fonts import FontNotFoundError
from printing.notices import render_notice
from printing.print_queue import PrintQueue
from printing.status import PrinterStatus
from ui.customer_panel import CustomerPanel
from ui.notice_preview import NoticePreview
from ui.operations import Op, OpRunner
from ui.print_bridge import PrintBridge
from ui.printer_banner import PrinterBanner, PrinterIndicator
from ui.receipt_tray import ReceiptTray
from ui.search_panel import SearchPanel


def count_job(engine: Engine) -> int:
    """Runs on the worker: how many accounts this terminal holds, for the status bar."""
    with engine.connect() as connection:
        return int(connection.exec_driver_sql("SELECT count(*) FROM account").scalar_one())


def start_printing(engine: Engine) -> tuple[PrintQueue, list[PrintJob]] | None:
    """Runs on the worker: the print queue for this terminal's printers, started.

    Returns the queue and the jobs the last run left unfinished, or ``None`` when no printer is
    configured (receipts are then kept in the queue until one is).
    """
    with engine.connect() as connection:
        profiles = printers.load_all(connection)
    if not profiles:
        return None
    queue = PrintQueue(engine, profiles)
    return queue, queue.start()


def reminder_job(engine: Engine, view: AccountView, today: date) -> tuple[bytes, str]:
    """Runs on the worker: the payment reminder for ``view`` as a PDF, and its number."""
    with engine.connect() as connection:
        hall = settings.load_hall_identity(connection)
    reminder = payment_reminder(view, hall, today=today)
    return render_notice(reminder), reminder.notice_no


def held_counts(engine: Engine, printer: str) -> tuple[int, int]:
    """Runs on the worker: jobs waiting for ``printer``, and jobs waiting for the clerk."""
    with engine.connect() as connection:
        return print_jobs.held_counts(connection, printer)


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
        self.customer.reminder_requested.connect(self.show_reminder)
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
        self.banner = PrinterBanner(central)
        self.banner.open_queue.connect(self.open_print_queue)
        self.banner.print_elsewhere.connect(self.print_elsewhere)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self._build_status_bar()
        self.f6 = self._shortcut(Qt.Key.Key_F6, self.search.focus_search)
        self.f11 = self._shortcut(Qt.Key.Key_F11, self.open_print_queue)
        self.print_queue: PrintQueue | None = None
        self.print_bridge: PrintBridge | None = None
        self.receipt_printer = printers.RECEIPT_PRINTER
        self.tray: ReceiptTray | None = None
        self.notice: NoticePreview | None = None
        self.search.box.setFocus()
        Op(self, partial(start_printing, self.engine), key="printing").success(
            self._printing_started
        ).failure(self._printing_failed).run()
        Op(self, partial(count_job, self.engine), key="count").success(self._show_count).failure(
            self._count_failed
        ).run()

    def _build_status_bar(self) -> None:
        self.db_label = QLabel(self.tr("Database: %1").replace("%1", str(self.db_path)), self)
        self.count_label = QLabel(self.tr("Counting accounts…"), self)
        self.statusBar().addWidget(self.db_label, 1)
        self.printer_label = PrinterIndicator(self)
        self.printer_label.setText(self.tr("Printer: starting…"))
        self.statusBar().addPermanentWidget(self.printer_label)
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().setSizeGripEnabled(False)

    def _shortcut(self, key: Qt.Key, action: Callable[[], object]) -> QShortcut:
        shortcut = QShortcut(QKeySequence(key), self)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(action)
        return shortcut

    def _show_count(self, count: int) -> None:
        self.count_label.setText(self.tr("%Ln account(s)", "", count))

    def _count_failed(self, _error: Exception) -> None:
        self.count_label.setText(
            self.tr("Cannot read the database: check the file, or ask IT to restore it.")
        )

    # --- printing -----------------------------------------------------------------------------

    def _printing_started(self, started: tuple[PrintQueue, list[PrintJob]] | None) -> None:
        if started is None:
            self.printer_label.setText(self.tr("No printer set up: receipts are kept"))
            return
        queue, interrupted = started
        self.print_queue = queue
        self.print_bridge = PrintBridge(queue, self)
        self.print_bridge.printer_changed.connect(self._printer_changed)
        self.print_bridge.job_changed.connect(self._refresh_banner)
        self.printer_label.show_status(queue.status(self.receipt_printer))
        if interrupted:
            self.open_print_queue(
                message=self.tr(
                    "%n printout(s) did not finish when CounterDesk last closed. Check each one: "
                    "“It came out”, “Print again” or “Discard”.",
                    "",
                    len(interrupted),
                )
            )
        self._refresh_banner()

    def _printing_failed(self, error: Exception) -> None:
        self.printer_label.setText(self.tr("Printer settings cannot be read"))
        self.printer_label.setToolTip(str(error))

    def _printer_changed(self, printer: str, status: PrinterStatus) -> None:
        if printer == self.receipt_printer:
            self.printer_label.show_status(status)
            self._refresh_banner()

    def _refresh_banner(self, *_: object) -> None:
        queue = self.print_queue
        if queue is None:
            return
        Op(self, partial(held_counts, self.engine, self.receipt_printer), key="banner").success(
            lambda counts: self.banner.show_state(
                queue.status(self.receipt_printer),
                counts[0],
                counts[1],
                spare=len(queue.printers) > 1,
            )
        ).run()

    def open_print_queue(self, message: str = "") -> None:
        """The receipt tray (F11); opened once and brought to the front after that."""
        if self.print_bridge is None:
            self.statusBar().showMessage(self.tr("No printer is set up on this terminal."), 8000)
            return
        if self.tray is None:
            self.tray = ReceiptTray(self.print_bridge, self, message=message)
        elif message:
            self.tray.note.setText(message)
            self.tray.note.show()
        self.tray.show()
        self.tray.raise_()
        self.tray.activateWindow()

    def print_elsewhere(self) -> None:
        """Move the receipts waiting for the window's printer to another one the clerk picks."""
        queue = self.print_queue
        if queue is None:
            return
        others = sorted(name for name in queue.printers if name != self.receipt_printer)
        if not others:
            return
        target, chosen = QInputDialog.getItem(
            self, self.tr("Print elsewhere"), self.tr("Print the waiting receipts on:"), others,
            0, False,
        )  # fmt: skip
        if not chosen:
            return
        source = self.receipt_printer
        Op(self, partial(queue.move_all, source, target), key="move").success(
            lambda moved: self.statusBar().showMessage(
                self.tr("%n receipt(s) sent to %1.", "", moved).replace("%1", target), 8000
            )
        ).run()

    # --- notices ------------------------------------------------------------------------------

    def show_reminder(self, view: AccountView) -> None:
        """Make the payment reminder off the GUI thread, then show it in a preview to print."""
        self.statusBar().showMessage(self.tr("Preparing the payment reminder…"), 5000)
        Op(self, partial(reminder_job, self.engine, view, self.today()), key="notice").success(
            self._show_notice
        ).failure(self._notice_failed).run()

    def _show_notice(self, made: tuple[bytes, str]) -> None:
        pdf, number = made
        self.notice = NoticePreview(
            pdf, self.tr("Payment reminder %1").replace("%1", number), f"{number}.pdf", self
        )
        self.notice.show()
        self.statusBar().clearMessage()

    def _notice_failed(self, error: Exception) -> None:
        if isinstance(error, FontNotFoundError):
            text = self.tr("No Chinese font for A4 notices: ask IT to install Microsoft YaHei.")
        else:
            text = self.tr("The notice cannot be made: %1").replace("%1", str(error))
        self.statusBar().showMessage(text, 15_000)

    def _unhandled(self, _error: Exception) -> None:
        self.statusBar().showMessage(
            self.tr("Something went wrong in the background; it has been logged."), 10_000
        )

    def shutdown(self) -> None:
        """Stop the print workers after their job in hand, then the worker and its connections.

        Jobs still queued stay in the database; the next start shows them to the clerk.
        """
        if self.print_queue is not None:
            self.print_queue.stop()
            self.print_queue = None
        self.runner.shutdown(final=self.engine.dispose)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
