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

import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime, time
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from counterdesk.domain.money import format_yuan
from counterdesk.domain.workdays import CHINA_STANDARD_TIME
from counterdesk.services import payments, shifts
from counterdesk.services.auth import SignedIn
from counterdesk.services.common import business_day
from counterdesk.services.reminders import payment_reminder
from counterdesk.store import outbox, print_jobs, settings
from counterdesk.store.account_view import AccountView
from counterdesk.store.database import make_engine
from counterdesk.store.print_jobs import PrintJob
from counterdesk.store.search import SearchResult
from devices.events import KeypadKey
from printing import printers
from printing.fonts import FontNotFoundError
from printing.notices import render_notice
from printing.print_queue import PrintQueue
from printing.status import PrinterStatus
from ui.counter_devices import CounterDevices
from ui.customer_panel import CustomerPanel
from ui.messages import error_text
from ui.notice_preview import NoticePreview
from ui.operations import Op, OpRunner
from ui.orders.counter_orders import CounterOrders
from ui.print_bridge import PrintBridge
from ui.printer_banner import PrinterBanner, PrinterIndicator
from ui.queue_panel import QueueBar
from ui.receipt_tray import ReceiptTray
from ui.search_panel import SearchPanel
from ui.style import STYLE_SHEET
from ui.sync.bridge import SyncBridge
from ui.sync.status_label import SHORTCUT as SYNC_SHORTCUT
from ui.sync.status_label import SyncIndicator
from ui.task_column import TaskColumn

if TYPE_CHECKING:  # the voice loads QtMultimedia: only a window with a hall server needs it
    from counterdesk.sync.engine import SyncEngine
    from ui.announcer import Announcer
    from ui.sync.sync_page import SyncPage


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


def counter_state_job(engine: Engine) -> tuple[shifts.Shift | None, int]:
    """Runs on the worker: the shift open on this terminal (anyone's), and the operations
    waiting for HQ."""
    with engine.connect() as connection:
        return shifts.open_shift_on_terminal(connection), outbox.pending_count(connection)


def pay_job(
    engine: Engine, clerk: SignedIn, request: payments.PaymentRequest, now: datetime
) -> payments.PaymentResult:
    """Runs on the worker: one payment, one transaction (the service writes everything)."""
    with engine.begin() as connection:
        return payments.take_payment(connection, clerk, request, now=now)


def reprint_job(engine: Engine, clerk: SignedIn, payment_uid: uuid.UUID, now: datetime) -> int:
    """Runs on the worker: queue a copy (副本) of a receipt; returns its copy number."""
    with engine.begin() as connection:
        return payments.reprint_receipt(connection, clerk, payment_uid, now=now).copy_number


ANNOUNCE_KEY: Final = "queue/announce_own_calls"


def _counter_settings() -> QSettings:
    return QSettings("CounterDesk", "counter")


def announce_setting() -> bool:
    """Whether this counter announces its own calls (default yes; off where a hall screen
    announces every window's calls). Kept per computer with QSettings."""
    value = _counter_settings().value(ANNOUNCE_KEY, True)
    return value not in (False, "false", "0", 0)


def save_announce_setting(on: bool) -> None:
    _counter_settings().setValue(ANNOUNCE_KEY, on)


class CounterWindow(QMainWindow):
    """The counter window (柜台窗口): search on the left, the customer in the middle.

    Owns the database engine and the :class:`~ui.operations.OpRunner` whose one worker thread
    does all its database reads; closing the window stops the worker and closes the connections
    there. F6 focuses the search box from anywhere in the window. ``today`` fixes the business date
    bills are overdue against (tests, screenshots); by default each account read takes the
    computer's date at that moment, so a terminal left running overnight counts to the new day.
    """

    def __init__(
        self,
        db_path: Path,
        *,
        today: date | None = None,
        clerk: SignedIn | None = None,
        clock: Callable[[], datetime] | None = None,
        hall_url: str | None = None,
        sync: SyncEngine | None = None,
    ) -> None:
        super().__init__()
        self.db_path = db_path
        self.hall_url = hall_url
        if clock is None:
            # A fixed business date (tests, screenshots) is 10:30 in the hall on that day.
            fixed = None if today is None else datetime.combine(today, time(10, 30),
                                                                 CHINA_STANDARD_TIME)  # fmt: skip
            clock = (lambda: fixed) if fixed is not None else (lambda: datetime.now(UTC))
        self.clock: Callable[[], datetime] = clock
        self.today: Callable[[], date] = lambda: business_day(self.clock())
        self.clerk = clerk
        self.shift: shifts.Shift | None = None
        self.runner = OpRunner(self)
        self.runner.unhandled_failure.connect(self._unhandled)
        self.engine = make_engine(db_path)
        self.setWindowTitle(self.tr("CounterDesk — Counter"))
        self.setStyleSheet(STYLE_SHEET)
        # The sync engine's statuses on this thread; the application owns the engine itself.
        self.sync_bridge = SyncBridge(sync, self)
        self.sync_page: SyncPage | None = None

        self._build_central()
        self._build_status_bar()
        self.f6 = self._shortcut(Qt.Key.Key_F6, self.focus_search)
        self.f11 = self._shortcut(Qt.Key.Key_F11, self.open_print_queue)
        self.f7 = self._shortcut(Qt.Key.Key_F7, self.start_payment)
        self.f12 = self._shortcut(Qt.Key.Key_F12, self.shift_menu)
        self.lock_key = self._shortcut(QKeySequence("Ctrl+L"), self.lock)
        self.sync_key = self._shortcut(QKeySequence(SYNC_SHORTCUT), self.open_sync_page)
        self._build_menus()
        self.orders = CounterOrders(self)
        self.queue_bar: QueueBar | None = None
        self.announcer: Announcer | None = None
        if hall_url:
            self._build_queue(hall_url)
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
        self.refresh_counter_state()
        self.devices.start()
        if self.queue_bar is not None:
            self.queue_bar.start()

    def _build_central(self) -> None:
        """Search, customer and task columns side by side, the printer banner above them."""
        central = QWidget(self)
        central.setObjectName("central")
        self.search = SearchPanel(self.engine, central)
        self.customer = CustomerPanel(self.engine, self.today, central, shift_id=self._my_shift_id)
        self.search.account_chosen.connect(self.customer.open_account)
        self.customer.reminder_requested.connect(self.show_reminder)
        self.customer.reprint_requested.connect(self.reprint)
        self.customer.reverse_requested.connect(self.reverse)
        self.customer.account_shown.connect(self._account_shown)
        self.task = TaskColumn(central)
        self.task.pay_panel.confirm_requested.connect(self._take_payment)
        self.task.pay_panel.finished.connect(self._payment_finished)
        self.task.pay_panel.cancelled.connect(self._payment_finished)
        splitter = QSplitter(Qt.Orientation.Horizontal, central)
        splitter.setHandleWidth(12)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.search)
        splitter.addWidget(self.customer)
        splitter.addWidget(self.task)
        # The customer column gets the largest share: at 1366 wide its bills table must hold a
        # business customer's six-figure amounts and the late-fee column without scrolling.
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 0)
        self.splitter = splitter
        self._layout_for_task(paying=False)
        self.banner = PrinterBanner(central)
        self.banner.open_queue.connect(self.open_print_queue)
        self.banner.print_elsewhere.connect(self.print_elsewhere)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(12, 12, 12, 12)
        self.central_layout = layout
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

    def _build_status_bar(self) -> None:
        """Clerk · shift · printer · HQ sync · accounts, left to right (UI.md)."""
        self.count_label = QLabel(self.tr("Counting accounts…"), self)
        # For support: the database file, in the tooltip of the accounts count.
        self.count_label.setToolTip(self.tr("Database: %1").replace("%1", str(self.db_path)))
        self.clerk_label = QLabel(self)
        self.shift_label = QLabel(self.tr("Shift: reading…"), self)
        # The HQ link: the engine's status when joined, the window's own outbox count always.
        self.sync_label = SyncIndicator(self, clock=self.clock)
        self.sync_label.show_status(self.sync_bridge.status())
        self.sync_bridge.status_changed.connect(self.sync_label.show_status)
        self.sync_label.clicked.connect(self.open_sync_page)
        self.statusBar().addWidget(self.clerk_label)
        self.statusBar().addWidget(self.shift_label, 1)
        self.printer_label = PrinterIndicator(self)
        self.printer_label.setText(self.tr("Printer: starting…"))
        self.statusBar().addPermanentWidget(self.printer_label)
        self.devices = CounterDevices(self.engine, self)
        self.devices.account_found.connect(self._card_account)
        self.devices.accounts_found.connect(self._card_accounts)
        self.devices.message.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.statusBar().addPermanentWidget(self.devices.indicator)
        self.statusBar().addPermanentWidget(self.sync_label)
        self.statusBar().addPermanentWidget(self.count_label)
        self.statusBar().setSizeGripEnabled(False)
        self._show_clerk()

    def _shortcut(self, key: Qt.Key | QKeySequence, action: Callable[[], object]) -> QShortcut:
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

    # --- the hall queue -------------------------------------------------------------------------

    def _build_queue(self, hall_url: str) -> None:
        """The queue bar above the columns, its keys, the keypad and evaluator, the LED display
        and the voice. Only with a hall server: without one the window is as it always was."""
        from ui.announcer import Announcer

        bar = QueueBar(hall_url, self.engine, self.runner, self.centralWidget(), clerk=self.clerk)
        self.central_layout.insertWidget(0, bar)
        self.queue_bar = bar
        self.announcer = Announcer(self, bar.language)
        self.queue_keys = [
            self._shortcut(Qt.Key.Key_F1, bar.call_next),
            self._shortcut(Qt.Key.Key_F2, bar.recall),
            self._shortcut(Qt.Key.Key_F3, bar.no_show),
            self._shortcut(Qt.Key.Key_F4, bar.transfer),
            self._shortcut(Qt.Key.Key_F5, bar.finish),
            self._shortcut(QKeySequence("Ctrl+F1"), bar.show_number_field),
        ]
        bar.ticket_called.connect(self._queue_called)
        bar.waiting_changed.connect(self._queue_waiting)
        bar.rating_requested.connect(self._ask_device_rating)
        bar.message.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.devices.queue_key.connect(lambda _device, key: self._queue_key(key))
        self.devices.rating_given.connect(lambda _device, score: bar.rate_from_device(score))
        self.devices.bridge_changed.connect(lambda _bridge: self._queue_waiting(None))
        self._waiting_shown: int | None = None

        menu = self.menuBar().addMenu(self.tr("&Queue"))
        menu.addAction(self.tr("Call next (F1)"), bar.call_next)
        menu.addAction(self.tr("Recall (F2)"), bar.recall)
        menu.addAction(self.tr("No-show (F3)"), bar.no_show)
        menu.addAction(self.tr("Transfer… (F4)"), bar.transfer)
        menu.addAction(self.tr("Finish and rate (F5)"), bar.finish)
        menu.addAction(self.tr("Pause or resume the window"), bar.toggle_pause)
        menu.addAction(self.tr("Call a ticket by number… (Ctrl+F1)"), bar.show_number_field)
        menu.addSeparator()
        self.announce_action = menu.addAction(self.tr("Announce calls from this counter"))
        self.announce_action.setCheckable(True)
        self.announce_action.setToolTip(
            self.tr("A hall screen announces every window's calls; turn this off where one does.")
        )
        self.announce_action.setChecked(announce_setting())
        self.announce_action.toggled.connect(save_announce_setting)

    def _queue_key(self, key: KeypadKey) -> None:
        if self.queue_bar is not None:
            self.queue_bar.keypad(key)

    def _queue_called(self, number: str, window: int) -> None:
        """This window called ``number``: the window's LED display, and the voice."""
        bridge = self.devices.bridge
        if bridge is not None:
            bridge.show_call(number, str(window))
        if self.announcer is not None and self.announce_action.isChecked():
            self.announcer.announce(number, window)

    def _queue_waiting(self, count: int | None) -> None:
        """The waiting count on the window's display; sent again when the devices restart."""
        if count is not None:
            self._waiting_shown = count
        bridge = self.devices.bridge
        if bridge is not None and self._waiting_shown is not None:
            bridge.show_waiting(self._waiting_shown)

    def _ask_device_rating(self) -> None:
        bridge = self.devices.bridge
        if bridge is not None:
            bridge.ask_rating()

    # --- clerk, shift and status ---------------------------------------------------------------

    def _build_menus(self) -> None:
        """The same acts as the keys, for the mouse; reports for managers."""
        bar = self.menuBar()
        shift_menu = bar.addMenu(self.tr("&Shift"))
        self.open_shift_action = shift_menu.addAction(self.tr("Open shift…"), self.open_shift)
        self.x_report_action = shift_menu.addAction(self.tr("Print X reading"), self.x_report)
        self.close_shift_action = shift_menu.addAction(self.tr("Close shift…"), self.close_shift)
        shift_menu.addSeparator()
        shift_menu.addAction(self.tr("Lock the screen (Ctrl+L)"), self.lock)
        counter_menu = bar.addMenu(self.tr("&Counter"))
        counter_menu.addAction(self.tr("Search (F6)"), self.focus_search)
        counter_menu.addAction(self.tr("Pay (F7)"), self.start_payment)
        counter_menu.addAction(self.tr("Receipt tray (F11)"), self.open_print_queue)
        counter_menu.addSeparator()
        counter_menu.addAction(self.tr("Devices…"), self.open_devices)
        counter_menu.addAction(
            self.tr("HQ sync… (%1)").replace("%1", SYNC_SHORTCUT), self.open_sync_page
        )
        reports = bar.addMenu(self.tr("&Reports"))
        reports.addAction(self.tr("Daily takings as PDF…"), lambda: self.save_report("pdf"))
        reports.addAction(self.tr("Daily takings as Excel…"), lambda: self.save_report("xlsx"))
        reports.addAction(self.tr("My day as PDF…"), lambda: self.save_report("pdf", mine=True))

    def _show_clerk(self) -> None:
        if self.clerk is None:
            self.clerk_label.setText(self.tr("Not signed in"))
        else:
            self.clerk_label.setText(
                self.tr("Clerk %1 %2")
                .replace("%1", self.clerk.number)
                .replace("%2", self.clerk.name)
            )

    def _my_shift_id(self) -> int | None:
        shift = self.shift
        if shift is None or self.clerk is None or shift.clerk_id != self.clerk.clerk_id:
            return None
        return shift.id

    def refresh_counter_state(self) -> None:
        """Read the open shift and the operations waiting for HQ again (after every act)."""
        Op(self, partial(counter_state_job, self.engine), key="state").success(
            self._show_counter_state
        ).failure(lambda _error: self.shift_label.setText(self.tr("Shift: cannot be read"))).run()

    def _show_counter_state(self, state: tuple[shifts.Shift | None, int]) -> None:
        shift, pending = state
        self.shift = shift
        if shift is None:
            self.shift_label.setText(self.tr("No shift open — F12 to open one"))
        elif self.clerk is not None and shift.clerk_id != self.clerk.clerk_id:
            self.shift_label.setText(
                self.tr("Shift %1 of clerk %2 is open on this terminal")
                .replace("%1", shift.shift_no)
                .replace("%2", shift.clerk_no)
            )
        elif shift.business_day != self.today():
            self.shift_label.setText(
                self.tr("Shift %1 is from %2: close it (F12) before taking money")
                .replace("%1", shift.shift_no)
                .replace("%2", shift.business_day.isoformat())
            )
        else:
            self.shift_label.setText(
                self.tr("Shift %1 · float %2")
                .replace("%1", shift.shift_no)
                .replace("%2", format_yuan(shift.float_fen))
            )
        self.sync_label.show_pending(pending)
        if self.sync_page is not None:
            self.sync_page.show_pending(pending)
        self.sync_bridge.notify_write()  # an act just queued an op: upload it now if online
        mine = self._my_shift_id() is not None
        self.open_shift_action.setEnabled(shift is None)
        self.x_report_action.setEnabled(mine)
        self.close_shift_action.setEnabled(mine)

    def _require_clerk(self) -> SignedIn | None:
        if self.clerk is None:
            self.statusBar().showMessage(self.tr("Sign in first (Ctrl+L)."), 8000)
        return self.clerk

    def shift_menu(self) -> None:
        """F12: open a shift, or read or close the one that is open."""
        menu = QMenu(self)
        if self.shift is None:
            menu.addAction(self.open_shift_action)
        else:
            menu.addAction(self.x_report_action)
            menu.addAction(self.close_shift_action)
        menu.popup(self.mapToGlobal(QPoint(self.width() // 2 - 100, self.height() // 3)))
        self.shift_popup = menu

    def open_shift(self) -> None:
        from ui.shift_dialogs import OpenShiftDialog

        clerk = self._require_clerk()
        if clerk is None:
            return
        dialog = OpenShiftDialog(self.engine, clerk, self, clock=self.clock)
        dialog.finished.connect(lambda _code: self.refresh_counter_state())
        dialog.open()
        self.shift_dialog = dialog

    def close_shift(self) -> None:
        from ui.shift_dialogs import CloseShiftDialog

        clerk = self._require_clerk()
        if clerk is None:
            return
        dialog = CloseShiftDialog(self.engine, clerk, self, clock=self.clock)
        dialog.finished.connect(lambda _code: self._after_printing_act())
        dialog.open()
        self.shift_dialog = dialog

    def x_report(self) -> None:
        from ui.shift_dialogs import print_x_report

        clerk = self._require_clerk()
        if clerk is not None:
            print_x_report(self, self.engine, clerk, self._x_report_done, clock=self.clock)

    def _x_report_done(self, message: str, _ok: bool) -> None:
        self.statusBar().showMessage(message, 8000)
        self._after_printing_act()

    def _after_printing_act(self) -> None:
        if self.print_queue is not None:
            self.print_queue.wake()
        self.refresh_counter_state()
        self._refresh_banner()

    def lock(self) -> None:
        """Ctrl+L: hide the counter behind the sign-in until someone signs in again."""
        from ui.sign_in import SignInDialog

        dialog = SignInDialog(self.engine, self)
        self.centralWidget().hide()
        dialog.accepted.connect(lambda: self._signed_in(dialog.signed_in))
        dialog.finished.connect(lambda _code: self.centralWidget().show())
        dialog.open()
        self.lock_dialog = dialog

    def _signed_in(self, clerk: SignedIn | None) -> None:
        if clerk is not None:
            self.clerk = clerk
            self._show_clerk()
            if self.queue_bar is not None:
                self.queue_bar.set_clerk(clerk)
            self.refresh_counter_state()
            self.customer.refresh()

    # --- payments -------------------------------------------------------------------------------

    def _account_shown(self, view: AccountView) -> None:
        self.task.account_changed(view)

    def _layout_for_task(self, *, paying: bool) -> None:
        """Paying: the search column steps aside so the customer and the pay panel both fit
        1366 px; F6 or the end of the payment brings it back. Idle: the task column is a
        narrow list of keys."""
        total = max(self.splitter.width(), 1310)
        task = self.task.preferred_width(paying=paying)
        self.task.setMaximumWidth(task)
        self.search.setVisible(not paying)
        search = 0 if paying else round((total - task) * 0.27)
        self.splitter.setSizes([search, total - task - search, task])

    def start_payment(self) -> None:
        """F7: the pay task for the open account, amount due pre-filled and selected."""
        view = self.customer.view
        if view is None:
            self.statusBar().showMessage(self.tr("Open a customer first (F6 to search)."), 8000)
            return
        if self._require_clerk() is None:
            return
        if self._my_shift_id() is None:
            self.statusBar().showMessage(
                self.tr("Open your shift first (F12); a payment needs an open shift."), 10_000
            )
        self.task.start_payment(view)
        self._layout_for_task(paying=True)

    def _take_payment(self, request: payments.PaymentRequest) -> None:
        clerk = self.clerk
        if clerk is None:
            self.task.pay_panel.show_error(self.tr("Sign in first (Ctrl+L)."))
            return
        self.task.pay_panel.set_busy(True)
        Op(self, partial(pay_job, self.engine, clerk, request, self.clock()), key="pay").success(
            self._payment_taken
        ).failure(self._payment_refused).run()

    def _payment_taken(self, result: payments.PaymentResult) -> None:
        self.task.pay_panel.set_busy(False)
        self.task.pay_panel.show_done(result)
        if self.print_queue is not None:
            self.print_queue.wake()
        self.customer.refresh()
        self.refresh_counter_state()

    def _payment_refused(self, error: Exception) -> None:
        self.task.pay_panel.set_busy(False)
        self.task.pay_panel.show_error(error_text(error))

    def _payment_finished(self) -> None:
        self.task.show_idle()
        self._layout_for_task(paying=False)
        self.search.focus_search()

    def _card_account(self, account_id: int) -> None:
        """A card or ID card named one account: open it, unless a payment or an order form is
        under way (an ID card read there is kept for the applicant's details)."""
        if self.task.paying:
            self.statusBar().showMessage(
                self.tr("A card was read during a payment; finish or cancel the payment first."),
                10_000,
            )
            return
        if self.task.busy:
            self.statusBar().showMessage(
                self.tr("A card was read; it does not change the customer while a form is open."),
                10_000,
            )
            return
        self.customer.open_account(account_id)

    def _card_accounts(self, result: SearchResult, message: str) -> None:
        if self.task.busy:
            self.statusBar().showMessage(message, 10_000)
            return
        self.search.show_found(result, message)

    def open_devices(self) -> None:
        """The devices settings page; saving restarts the devices with the new configuration."""
        clerk = self._require_clerk()
        if clerk is None:
            return
        from ui.devices_page import DevicesDialog

        dialog = DevicesDialog(self.engine, clerk, self.devices.bridge, self, clock=self.clock)
        dialog.saved.connect(self.devices.restart)
        self.devices.bridge_changed.connect(dialog.set_bridge)
        self.devices.held = True  # a test swipe on the page must not open an account behind it
        dialog.finished.connect(lambda _result: setattr(self.devices, "held", False))
        dialog.finished.connect(
            lambda _result: self.devices.bridge_changed.disconnect(dialog.set_bridge)
        )
        dialog.open()
        self.devices_dialog = dialog

    def open_sync_page(self) -> SyncPage:
        """The sync page (Ctrl+Shift+S, or a click on the status bar's HQ item); an open one is
        brought to the front."""
        from ui.sync.sync_page import SyncPage

        page = self.sync_page
        if page is not None:
            page.raise_()
            page.activateWindow()
            return page
        page = SyncPage(self.engine, self.sync_bridge, self, clerk=lambda: self.clerk,
                        clock=self.clock)  # fmt: skip
        page.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if self.sync_label.pending is not None:
            page.show_pending(self.sync_label.pending)
        page.finished.connect(lambda _result: setattr(self, "sync_page", None))
        page.open()
        self.sync_page = page
        return page

    def focus_search(self) -> None:
        """F6: the search box, bringing the search column back if a task had hidden it."""
        if not self.search.isVisible():
            self.search.show()
            total = max(self.splitter.width(), 1340)
            task = self.task.preferred_width(paying=self.task.paying)
            self.splitter.setSizes([360, total - task - 360, task])
        self.search.focus_search()

    def reprint(self, payment_uid: uuid.UUID) -> None:
        clerk = self._require_clerk()
        if clerk is None:
            return
        Op(self, partial(reprint_job, self.engine, clerk, payment_uid, self.clock()), key="reprint"
           ).success(self._reprinted).failure(
            lambda error: self.statusBar().showMessage(error_text(error), 10_000)
        ).run()  # fmt: skip

    def _reprinted(self, copy_number: int) -> None:
        self.statusBar().showMessage(
            self.tr("Copy %1 (副本) of the receipt sent to the printer.").replace(
                "%1", str(copy_number)
            ),
            8000,
        )
        self._after_printing_act()

    def reverse(self, payment_uid: uuid.UUID) -> None:
        from ui.reversal_dialog import ReversalDialog

        clerk = self._require_clerk()
        if clerk is None:
            return
        dialog = ReversalDialog(self.engine, clerk, payment_uid, self, clock=self.clock)
        dialog.payment_reversed.connect(self._reversed)
        dialog.open()
        self.reversal_dialog = dialog

    def _reversed(self, result: payments.ReversalResult) -> None:
        self.statusBar().showMessage(
            self.tr("Payment reversed: %1. The reversal slip is printing.").replace(
                "%1", result.reversal_no
            ),
            10_000,
        )
        self.customer.refresh()
        self._after_printing_act()

    # --- reports --------------------------------------------------------------------------------

    def save_report(self, kind: str, *, mine: bool = False) -> None:
        """A daily report for today, made off the GUI thread and saved where the clerk chooses."""
        from ui.report_export import export_report

        clerk = self._require_clerk()
        if clerk is not None:
            export_report(self, self.engine, clerk, kind=kind, mine=mine, day=self.today(),
                          clock=self.clock)  # fmt: skip

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
        if self.queue_bar is not None:
            self.queue_bar.shutdown()
        if self.announcer is not None:
            self.announcer.shutdown()
        self.orders.shutdown()
        self.devices.stop()
        if self.sync_page is not None:
            self.sync_page.done(0)
        self.sync_bridge.close()
        if self.print_queue is not None:
            self.print_queue.stop()
            self.print_queue = None
        self.runner.shutdown(final=self.engine.dispose)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._layout_for_task(paying=self.task.paying)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)
