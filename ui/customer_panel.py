"""The customer column (客户信息): who the customer is, what they owe today, and their bills.

Why the late fee (违约金) is shown before anyone pays: the customer at the counter asks "how much?"
and the answer is the amount due today (应缴合计), late fee included. The panel therefore reads the
account through the store's read model, :func:`~counterdesk.store.account_view.load_account_view`,
which works the fee out to the business date with this terminal's late-fee settings; the panel
only formats what comes back and never computes money itself.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from html import escape
from typing import Final

from PySide6.QtCore import QModelIndex, Qt, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from counterdesk.domain.money import format_yuan
from counterdesk.services.payments import OrderLine, PaymentLine, open_orders, recent_payments
from counterdesk.store.account_view import AccountNotFoundError, AccountView, load_account_view
from counterdesk.store.models import PaymentState
from counterdesk.store.settings import load as load_settings
from ui.bills_model import BillsModel
from ui.chips import (
    ARREARS_COLOUR,
    INK_COLOUR,
    MUTED_COLOUR,
    account_chips,
    chip_label,
    class_word,
    money_font,
    unit_word,
    utility_word,
)
from ui.operations import Op
from ui.payments_model import OrdersModel, PaymentsModel
from ui.widgets import label, read_only_table


def activity_job(
    engine: Engine, account_id: int, shift_id: int | None
) -> tuple[list[PaymentLine], list[OrderLine]]:
    """Runs on the worker: the account's latest payments here and its open work orders."""
    with engine.connect() as connection:
        return (
            recent_payments(connection, account_id, shift_id=shift_id),
            open_orders(connection, account_id),
        )


def account_job(engine: Engine, account_id: int, today: date) -> AccountView:
    """Runs on the worker: one account with its late fee to ``today`` under this terminal's rules.

    The rules are read on every open, in the same connection as the bills, because they are the
    utility's policy and may change with a sync while the window stays open all day.
    """
    with engine.connect() as connection:
        rules = load_settings(connection).late_fee
        return load_account_view(connection, account_id, today, rules)


class CustomerPanel(QFrame):
    """The customer column: who the customer is, what they owe, and their bills.

    Shows a hint until an account is opened; :meth:`open_account` reads one on the worker (under
    the key ``"account"``, so a slower earlier open never replaces a later one) and
    :meth:`show_account` fills the panel from the :class:`AccountView` that comes back.

    Signals:
        reminder_requested(AccountView): the clerk asked for a payment reminder for it.
        reprint_requested(UUID): a copy of this payment's receipt.
        reverse_requested(UUID): reverse this payment (the window asks for the approval).
        account_shown(AccountView): an account was (re)read and shown.
        order_requested(UUID): open this work order's page (Enter or a double click on it).
    """

    reminder_requested = Signal(object)
    reprint_requested = Signal(object)
    reverse_requested = Signal(object)
    account_shown = Signal(object)
    order_requested = Signal(object)

    FACTS: Final = (  # key, row, column; tariff and address span the width
        ("number", 0, 0),
        ("phone", 0, 2),
        ("utility", 1, 0),
        ("meter", 1, 2),
        ("tariff", 2, 0),
        ("address", 3, 0),
    )

    def __init__(
        self,
        engine: Engine,
        today: Callable[[], date],
        parent: QWidget | None = None,
        *,
        shift_id: Callable[[], int | None] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self._engine = engine
        self.shift_id = shift_id
        """The signed-in clerk's open shift, whose payments may be reversed here."""
        self.today = today
        """Gives the business date the late fee is counted to, asked at every account read."""
        self.view: AccountView | None = None
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._build_empty())
        self.stack.addWidget(self._build_account())
        self.message = label(self, "searchMessage")
        self.message.setProperty("problem", True)
        self.message.setWordWrap(True)
        self.message.hide()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 14)
        outer.addWidget(self.message)
        outer.addWidget(self.stack)

    def _build_empty(self) -> QWidget:
        page = QWidget(self.stack)
        self.empty_title = label(page, "emptyTitle", self.tr("No customer open"))
        hint = self.tr("Find the customer on the left (F6), choose with ↑ ↓ and press Enter.")
        layout = QVBoxLayout(page)
        layout.addStretch(2)
        for line in (self.empty_title, label(page, "hint", hint)):
            line.setAlignment(Qt.AlignmentFlag.AlignCenter)
            line.setWordWrap(True)
            layout.addWidget(line)
        layout.addStretch(3)
        return page

    def _build_account(self) -> QWidget:
        page = QWidget(self.stack)
        self.name = label(page, "customerName", plain=True)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chips = QHBoxLayout()
        self.chips.setSpacing(6)
        heading = QHBoxLayout()
        heading.setSpacing(12)
        heading.addWidget(self.name)
        heading.addLayout(self.chips)
        heading.addStretch(1)

        self.bills_model = BillsModel(self)
        self.bills = read_only_table(page, "bills", self.bills_model, row_height=30)
        self.bills.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.bills.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.bills.horizontalHeader().setStretchLastSection(True)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(heading)
        layout.addLayout(self._build_facts(page))
        layout.addSpacing(4)
        layout.addWidget(self._build_summary(page))
        layout.addSpacing(4)
        self.reminder_button = QPushButton(self.tr("Payment reminder (A4)…"), page)
        self.reminder_button.setToolTip(
            self.tr("A polite reminder listing the overdue bills, to print for the customer.")
        )
        self.reminder_button.clicked.connect(self._ask_reminder)
        self.tabs = QTabWidget(page)
        self.tabs.setObjectName("accountTabs")
        self.tabs.setDocumentMode(True)
        bills_page = QWidget(self.tabs)
        bills_layout = QVBoxLayout(bills_page)
        bills_layout.setContentsMargins(0, 6, 0, 0)
        bills_heading = QHBoxLayout()
        bills_heading.addStretch(1)
        bills_heading.addWidget(self.reminder_button)
        bills_layout.addLayout(bills_heading)
        bills_layout.addWidget(self.bills, 1)
        self.tabs.addTab(bills_page, self.tr("Bills"))
        self.tabs.addTab(self._build_payments(self.tabs), self.tr("Payments"))
        self.tabs.addTab(self._build_orders(self.tabs), self.tr("Orders"))
        layout.addWidget(self.tabs, 1)
        return page

    def _build_payments(self, parent: QWidget) -> QWidget:
        """The account's latest payments here, with reprint (副本) and reversal (冲正)."""
        page = QWidget(parent)
        self.payments_model = PaymentsModel(self)
        self.payments = read_only_table(page, "bills", self.payments_model, row_height=30)
        self.payments.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.payments.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.payments.horizontalHeader().setStretchLastSection(True)
        self.payments.selectionModel().selectionChanged.connect(self._payment_chosen)
        self.reprint_button = QPushButton(self.tr("Reprint receipt"), page)
        self.reprint_button.setToolTip(self.tr("Prints a copy marked 副本 with its copy number."))
        self.reprint_button.clicked.connect(lambda: self._emit_payment(self.reprint_requested))
        self.reverse_button = QPushButton(self.tr("Reverse…"), page)
        self.reverse_button.setToolTip(
            self.tr("Undo a payment of your open shift; a manager approves it.")
        )
        self.reverse_button.clicked.connect(lambda: self._emit_payment(self.reverse_requested))
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.reprint_button)
        buttons.addWidget(self.reverse_button)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.payments, 1)
        self._payment_chosen()
        return page

    def _build_orders(self, parent: QWidget) -> QWidget:
        page = QWidget(parent)
        self.orders_model = OrdersModel(self)
        self.orders = read_only_table(page, "bills", self.orders_model, row_height=30)
        self.orders.horizontalHeader().setStretchLastSection(True)
        self.orders.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.orders.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.orders.activated.connect(self._order_chosen)
        self.orders.doubleClicked.connect(self._order_chosen)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.orders, 1)
        return page

    def _order_chosen(self, index: QModelIndex) -> None:
        """Enter or a double click on an order opens its page."""
        if not index.isValid():
            return
        order = self.orders_model.orders[index.row()]
        if order.order_uid is not None:
            self.order_requested.emit(order.order_uid)

    def selected_payment(self) -> PaymentLine | None:
        rows = self.payments.selectionModel().selectedRows()
        if not rows:
            return None
        return self.payments_model.payments[rows[0].row()]

    def _payment_chosen(self, *_: object) -> None:
        payment = self.selected_payment()
        self.reprint_button.setEnabled(payment is not None)
        self.reverse_button.setEnabled(
            payment is not None and payment.same_shift and payment.state is PaymentState.POSTED
        )

    def _emit_payment(self, signal: SignalInstance) -> None:
        payment = self.selected_payment()
        if payment is not None:
            signal.emit(payment.payment_uid)

    def _build_facts(self, page: QWidget) -> QGridLayout:
        captions = {
            "number": self.tr("Account no."),
            "phone": self.tr("Phone"),
            "utility": self.tr("Supply"),
            "meter": self.tr("Meter no."),
            "tariff": self.tr("Tariff"),
            "address": self.tr("Address"),
        }
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        self.facts: dict[str, QLabel] = {}
        for key, row, column in self.FACTS:
            value = label(page, "fact", plain=key != "tariff")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            span = 3 if key in ("tariff", "address") else 1
            grid.addWidget(label(page, "caption", captions[key]), row, column)
            grid.addWidget(value, row, column + 1, 1, span)
            self.facts[key] = value
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return grid

    def _build_summary(self, page: QWidget) -> QFrame:
        """The amount due today large, then what makes it up: arrears, late fee, prepaid credit.

        The clerk says the amount due first; the customer's next question is why, and UI.md wants
        arrears, late fee and prepaid balance in sight whenever money is talked about.
        """
        summary = QFrame(page)
        summary.setObjectName("summary")
        amounts = [label(summary, "amount") for _ in range(4)]
        notes = [label(summary, "note") for _ in range(4)]
        self.due_today, self.arrears, self.late_fee, self.prepaid = amounts
        self.due_today_note, self.arrears_note, self.late_fee_note, self.prepaid_note = notes
        captions = (
            self.tr("Due today"),
            self.tr("Arrears"),
            self.tr("Late fee"),
            self.tr("Prepaid balance"),
        )
        grid = QGridLayout(summary)
        grid.setContentsMargins(16, 12, 16, 12)
        grid.setHorizontalSpacing(28)
        grid.setVerticalSpacing(2)
        # Grid column 1 is a thin rule: the total on its left, what it is made of on its right.
        rule = QFrame(summary)
        rule.setObjectName("rule")
        rule.setFixedWidth(1)
        grid.addWidget(rule, 0, 1, 3, 1)
        for index, (caption, amount, note) in enumerate(zip(captions, amounts, notes, strict=True)):
            column = index if index == 0 else index + 1
            grid.addWidget(label(summary, "caption", caption), 0, column)
            grid.addWidget(amount, 1, column, Qt.AlignmentFlag.AlignBottom)
            grid.addWidget(note, 2, column)
            grid.setColumnStretch(column, 4 if index == 0 else 3)
        return summary

    # Reading and showing ------------------------------------------------------------------------

    def _ask_reminder(self) -> None:
        if self.view is not None and self.view.arrears_fen > 0:
            self.reminder_requested.emit(self.view)

    def open_account(self, account_id: int) -> None:
        """Read the account on the worker and show it; a newer open supersedes this one."""
        (
            Op(self, partial(account_job, self._engine, account_id, self.today()), key="account")
            .success(self.show_account)
            .failure(self._account_failed)
            .run()
        )
        (
            Op(
                self,
                partial(activity_job, self._engine, account_id, self.shift_id()),
                key="activity",
            )
            .success(self.show_activity)
            .run()
        )

    def refresh(self) -> None:
        """Read the open account again (after a payment or a reversal)."""
        if self.view is not None:
            self.open_account(self.view.account_id)

    def show_activity(self, activity: tuple[list[PaymentLine], list[OrderLine]]) -> None:
        payments, orders = activity
        self.payments_model.set_payments(payments, self.font())
        self.orders_model.set_orders(orders)
        self.tabs.setTabText(1, self.tr("Payments (%1)").replace("%1", str(len(payments))))
        self.tabs.setTabText(2, self.tr("Orders (%1)").replace("%1", str(len(orders))))
        self._payment_chosen()

    def show_account(self, view: AccountView) -> None:
        self.view = view
        self.message.hide()
        self.name.setText(view.name)
        while (item := self.chips.takeAt(0)) is not None:
            if (widget := item.widget()) is not None:
                widget.deleteLater()
        for text, tone in account_chips(view):
            self.chips.addWidget(chip_label(text, tone, self))
        tariff = escape(view.tariff_name or view.tariff_code)
        code = escape(view.tariff_code)
        facts = {
            "number": view.number,
            "phone": view.phone or "—",
            "utility": f"{utility_word(view.utility)} · {class_word(view.customer_class)}",
            "meter": view.meter_number or "—",
            "tariff": f"{tariff} <span style='color:{MUTED_COLOUR}'>{code}</span>",
            "address": view.address,
        }
        for key, value in facts.items():
            self.facts[key].setText(value)
        self._show_amounts(view)
        self.reminder_button.setEnabled(view.arrears_fen > 0)
        self.bills_model.set_bills(view.bills, unit_word(view.utility), self.font())
        self.stack.setCurrentIndex(1)
        self.account_shown.emit(view)

    def _show_amounts(self, view: AccountView) -> None:
        size = self.font().pointSizeF()
        self.due_today.setFont(money_font(self.font(), point_size=size * 2.0, bold=True))
        for amount in (self.arrears, self.late_fee, self.prepaid):
            amount.setFont(money_font(self.font(), point_size=size * 1.4, bold=True))
        figures = (
            (self.due_today, view.due_today_fen, INK_COLOUR),
            (self.arrears, view.arrears_fen, ARREARS_COLOUR),
            (self.late_fee, view.late_fee_fen, ARREARS_COLOUR),
            (self.prepaid, view.prepaid_fen, INK_COLOUR),
        )
        for amount, fen, colour in figures:
            amount.setText(format_yuan(fen))
            amount.setStyleSheet(f"color: {colour if fen > 0 else INK_COLOUR};")

        not_due = view.outstanding_fen - view.arrears_fen
        if view.due_today_fen == 0:
            due_note = self.tr("Nothing to pay")
        elif not_due > 0:
            due_note = self.tr("incl. %1 not yet due").replace("%1", format_yuan(not_due))
        else:
            due_note = ""
        self.due_today_note.setText(due_note)
        if view.arrears_fen > 0:
            self.arrears_note.setText(self.tr("%n overdue bill(s)", "", view.overdue_bills))
        else:
            self.arrears_note.setText(self.tr("Nothing overdue"))
        self.late_fee_note.setText(self.tr("Counted to today"))
        credited = min(view.prepaid_fen, view.outstanding_fen + view.late_fee_fen)
        self.prepaid_note.setText(self.tr("Deducted") if credited > 0 else "")

    def _account_failed(self, error: Exception) -> None:
        if isinstance(error, AccountNotFoundError):
            self.show_problem(
                self.tr("This account is no longer on this terminal. Search for it again.")
            )
        else:
            self.show_problem(
                self.tr("The account could not be read. Search again; if it fails again, call IT.")
            )

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
