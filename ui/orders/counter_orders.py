"""The counter window's work orders: keys, menu, forms in the task column, the board, order pages.

Why a separate object: the window already holds search, customer, payments, queue and printing;
the orders add four forms, a board and a page per order. This object owns them and their wiring
and asks the window only for what it has (engine, clerk, clock, devices, task column, printing).

Keys: F8 connection application, F9 meter change, F10 complaint/report/inquiry, Shift+F7 paid
service, Ctrl+B the overdue board. A form takes the task column like the pay panel does; a card
read while it is open never switches the customer.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from ui.notice_preview import NoticePreview
from ui.orders.host import OrderHost

if TYPE_CHECKING:
    from ui.counter_window import CounterWindow
    from ui.orders.board import OrderBoard


class OrderForm(Protocol):
    """What a task-column order form offers (see ``ui/orders/*_form.py``)."""

    def start(self, view: object) -> None: ...


class CounterOrders(QObject):
    """Work orders at one counter window; made by the window after its columns exist."""

    FORMS = ("application", "meter_change", "case", "paid_service")

    def __init__(self, window: CounterWindow) -> None:
        super().__init__(window)
        self.window = window
        self.host = OrderHost(
            engine=window.engine,
            clerk=lambda: window.clerk,
            clock=window.clock,
            last_id_card=lambda: window.devices.last_id_card,
            printed=self._printed,
            show_pdf=self._show_pdf,
            orders_changed=self._changed,
        )
        self.forms: dict[str, QWidget] = {}
        self.board: OrderBoard | None = None
        self.pages: list[QWidget] = []
        self.notice: NoticePreview | None = None
        self.keys = [
            self._key(Qt.Key.Key_F8, lambda: self.open_form("application")),
            self._key(Qt.Key.Key_F9, lambda: self.open_form("meter_change")),
            self._key(Qt.Key.Key_F10, lambda: self.open_form("case")),
            self._key(QKeySequence("Shift+F7"), lambda: self.open_form("paid_service")),
            self._key(QKeySequence("Ctrl+B"), self.open_board),
        ]
        menu = window.menuBar().addMenu(self.tr("&Orders"))
        menu.addAction(self.tr("Connection application… (F8)"),
                       lambda: self.open_form("application"))  # fmt: skip
        menu.addAction(self.tr("Meter change… (F9)"), lambda: self.open_form("meter_change"))
        menu.addAction(self.tr("Complaint, report or inquiry… (F10)"),
                       lambda: self.open_form("case"))  # fmt: skip
        menu.addAction(self.tr("Paid service… (Shift+F7)"), lambda: self.open_form("paid_service"))
        menu.addSeparator()
        menu.addAction(self.tr("Order board: overdue and held (Ctrl+B)"), self.open_board)
        window.customer.order_requested.connect(self.open_order)

    def _key(self, key: Qt.Key | QKeySequence, action: Callable[[], object]) -> QShortcut:
        shortcut = QShortcut(key, self.window)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(action)
        return shortcut

    # --- forms in the task column ------------------------------------------------------------

    def form(self, name: str) -> QWidget:
        """The form called ``name``, made the first time it is asked for."""
        found = self.forms.get(name)
        if found is None:
            found = self._make_form(name)
            found.finished.connect(self._finished)  # type: ignore[attr-defined]
            found.cancelled.connect(self._cancelled)  # type: ignore[attr-defined]
            self.forms[name] = found
        return found

    def _make_form(self, name: str) -> QWidget:
        parent = self.window.task.stack
        if name == "application":
            from ui.orders.application_form import ApplicationForm

            return ApplicationForm(self.host, parent)
        if name == "meter_change":
            from ui.orders.meter_change_form import MeterChangeForm

            return MeterChangeForm(self.host, parent)
        if name == "case":
            from ui.orders.case_form import CaseForm

            return CaseForm(self.host, parent)
        from ui.orders.paid_service_form import PaidServiceForm

        return PaidServiceForm(self.host, parent)

    def open_form(self, name: str) -> QWidget | None:
        """Start a new order of ``name`` for the open customer (if any) in the task column."""
        window = self.window
        if window.clerk is None:
            window.statusBar().showMessage(self.tr("Sign in first (Ctrl+L)."), 8000)
            return None
        if window.task.paying:
            window.statusBar().showMessage(self.tr("Finish or cancel the payment first."), 8000)
            return None
        form = self.form(name)
        form.start(window.customer.view)  # type: ignore[attr-defined]
        self._show(form)
        return form

    def _show(self, form: QWidget) -> None:
        self.window.task.show_page(form)
        self.window._layout_for_task(paying=True)
        form.setFocus()

    def _finished(self, message: str) -> None:
        if message:
            self.window.statusBar().showMessage(message, 15_000)
        self._cancelled()
        self._changed()

    def _cancelled(self) -> None:
        self.window.task.show_idle()
        self.window._layout_for_task(paying=False)
        self.window.search.focus_search()

    # --- board and pages ---------------------------------------------------------------------

    def open_board(self) -> None:
        if self.window.clerk is None:
            self.window.statusBar().showMessage(self.tr("Sign in first (Ctrl+L)."), 8000)
            return
        if self.board is None:
            from ui.orders.board import OrderBoard

            self.board = OrderBoard(self.host, self.window)
            self.board.order_requested.connect(self.open_order)
        self.board.show()
        self.board.raise_()
        self.board.activateWindow()
        self.board.refresh()

    def open_order(self, order_uid: uuid.UUID) -> None:
        from ui.orders.order_page import OrderPage

        page = OrderPage(self.host, order_uid, self.window)
        page.special_action.connect(self._special_action)
        page.finished.connect(lambda _code: self._forget(page))
        self.pages.append(page)
        page.show()

    def _forget(self, page: QWidget) -> None:
        if page in self.pages:
            self.pages.remove(page)

    def _special_action(self, order_uid: uuid.UUID, action: str) -> None:
        """A meter change's readings or back-billing: the meter change form takes over."""
        if self.window.task.paying:
            self.window.statusBar().showMessage(
                self.tr("Finish or cancel the payment first."), 8000
            )
            return
        form = self.form("meter_change")
        form.open_order(order_uid, action)  # type: ignore[attr-defined]
        self._show(form)

    # --- what the pages ask of the window ----------------------------------------------------

    def _printed(self) -> None:
        if self.window.print_queue is not None:
            self.window.print_queue.wake()

    def _show_pdf(self, pdf: bytes, title: str, file_name: str) -> None:
        self.notice = NoticePreview(pdf, title, file_name, self.window)
        self.notice.show()

    def _changed(self) -> None:
        self.window.customer.refresh()
        if self.board is not None and self.board.isVisible():
            self.board.refresh()

    def shutdown(self) -> None:
        if self.board is not None:
            self.board.close()
