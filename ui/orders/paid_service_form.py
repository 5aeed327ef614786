"""The paid service task (有偿服务): a service from the hall's fee schedule, billed to the account.

Why the form takes no money: the counter has one honest way to take money, the payment (F7),
with its receipt, shift and reversal. Ordering a service writes the order and a ``service`` bill
for its fee, due today; the clerk then presses F7 and the pay panel takes it with the account's
other bills. The payment's own transaction moves the order to paid and starts its completion
deadline (:mod:`counterdesk.orders.paid_services`), so an order is never "paid" without money.

Why the service names follow ``QLocale``: the schedule is a setting with a Chinese and an English
name per item (the hall's own list, not source text ``tr()`` could know), and
:func:`ui.app.prepare_application` sets the default ``QLocale`` to the clerk's language, so the
locale is the one fact that says which of the two names the clerk reads.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Final

from PySide6.QtCore import QLocale, QModelIndex, Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from counterdesk.domain.ids import new_uid
from counterdesk.domain.money import format_yuan
from counterdesk.domain.orders.paid_services import (
    MAX_QUANTITY,
    MIN_QUANTITY,
    FeeSchedule,
    ServiceItem,
    quote,
)
from counterdesk.orders.errors import DuplicateOrderError
from counterdesk.orders.paid_services import PaidServiceIn, fee_schedule, order_paid_service
from counterdesk.orders.records import Order, load_order
from counterdesk.services.auth import SignedIn
from counterdesk.store import settings
from counterdesk.store.account_view import AccountView
from ui.operations import Op
from ui.orders.host import OrderHost
from ui.orders.task_form import TaskForm
from ui.widgets import KeyButton, label, read_only_table

NAME, FEE, DAYS = range(3)
"""The schedule table's columns."""
CODE_ROLE: Final = Qt.ItemDataRole.UserRole + 1
SHOWN_ROWS: Final = 7
"""Services in sight at once; a longer schedule scrolls."""


@dataclass(frozen=True)
class ServicePrep:
    """The fee schedule and the departments, read once per order."""

    schedule: FeeSchedule
    departments: tuple[str, ...]


def prepare_service(engine: Engine) -> ServicePrep:
    """Runs on the worker: what the hall sells, and who does the work."""
    with engine.connect() as connection:
        schedule = fee_schedule(connection)
        departments = settings.read_all(connection)["orders.departments"]
    return ServicePrep(schedule, tuple(str(name) for name in departments))


def order_job(engine: Engine, actor: SignedIn, request: PaidServiceIn, now: datetime) -> Order:
    """Runs on the worker: the order and its fee bill in one transaction; a retry of an order
    already saved (same ``order_uid``) reads it back instead of ordering twice."""
    try:
        with engine.begin() as connection:
            return order_paid_service(connection, actor, request, now)
    except DuplicateOrderError:
        with engine.connect() as connection:
            return load_order(connection, request.order_uid)


def chinese() -> bool:
    """The clerk reads Chinese (the default locale, set from the app's language)."""
    return QLocale().language() == QLocale.Language.Chinese


def service_name(item: ServiceItem) -> str:
    return item.zh if chinese() else item.en


class PaidServiceForm(TaskForm):
    """Order a paid extended service for the open account.

    :meth:`start` with an account shows the fee schedule; with none, a hint to open one (F6).
    Keys: ↑/↓ choose the service in the list; Enter moves on (list → quantity → department →
    note) and orders from the note; Ctrl+Enter orders from anywhere; Esc cancels (closes once
    ordered; Enter too).

    Signals (from :class:`~ui.orders.case_form.TaskForm`):
        finished(str): closed after ordering; the status bar line (press F7 to take the fee).
        cancelled(): Esc before ordering, or on the "open a customer first" hint.
    """

    def __init__(self, host: OrderHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.setObjectName("paidServiceForm")
        self.view: AccountView | None = None
        self.order_uid = new_uid()
        self.prep: ServicePrep | None = None
        self.order: Order | None = None
        self.stack.addWidget(self._build_entry())
        self.stack.addWidget(self._build_done())
        self.stack.addWidget(self._build_no_account())
        self.big(self.total, 1.8)
        self.big(self.done_title, 1.3)
        self.big(self.order_no, 1.3)
        self.big(self.done_total, 1.8)

    # building

    def _build_entry(self) -> QWidget:
        page = QWidget(self.stack)
        self.account = label(page, "note", plain=True)
        self.account.setWordWrap(True)
        self._build_table(page)
        grid = self._build_fields(page)
        self.entry_message = self.message_label(page)
        buttons = self._build_buttons(page)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(self.heading(page, self.tr("Paid service")))
        layout.addWidget(self.account)
        layout.addWidget(self.table)
        layout.addLayout(grid)
        layout.addWidget(self._build_summary(page))
        layout.addStretch(1)
        layout.addWidget(self.entry_message)
        layout.addLayout(buttons)
        for first, second in (
            (self.table, self.quantity),
            (self.quantity, self.department),
            (self.department, self.note),
            (self.note, self.order_button),
        ):
            QWidget.setTabOrder(first, second)
        return page

    def _build_table(self, page: QWidget) -> None:
        """The fee schedule: name, fee per unit, working days; ↑/↓ choose."""
        self.model = QStandardItemModel(0, 3, page)
        self.model.setHorizontalHeaderLabels(
            [self.tr("Service"), self.tr("Fee"), self.tr("Working days")]
        )
        self.table = read_only_table(page, "services", self.model, row_height=34)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.Stretch)
        self.table.selectionModel().currentRowChanged.connect(self._chosen)

    def _build_fields(self, page: QWidget) -> QGridLayout:
        """How many, who does it, and a note for them."""
        self.quantity = QSpinBox(page)
        self.quantity.setRange(MIN_QUANTITY, MAX_QUANTITY)
        self.quantity.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        # ↑/↓ and typing change it; the − and + beside it are for the mouse (the style sheet
        # hides the spin box's own arrows, which a styled spin box draws badly).
        self.quantity.setFixedWidth(self.fontMetrics().horizontalAdvance("99 块") + 40)
        self.quantity.valueChanged.connect(self._refresh)
        steps = QHBoxLayout()
        steps.setSpacing(6)
        for text, change in (("−", self.quantity.stepDown), ("+", self.quantity.stepUp)):
            button = QToolButton(page)
            button.setObjectName("step")
            button.setText(text)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(change)
            steps.addWidget(button)
            if text == "−":
                steps.addWidget(self.quantity)
        steps.addStretch(1)
        self.department = QComboBox(page)
        self.department.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.department.setMinimumContentsLength(8)
        self.note = QLineEdit(page)
        self.note.setMaxLength(200)
        self.note.setPlaceholderText(self.tr("For the field team (optional)"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(8)
        grid.addWidget(label(page, "caption", self.tr("Quantity")), 0, 0)
        grid.addLayout(steps, 0, 1)
        grid.addWidget(label(page, "caption", self.tr("Done by")), 1, 0)
        grid.addWidget(self.department, 1, 1)
        grid.addWidget(label(page, "caption", self.tr("Note")), 2, 0)
        grid.addWidget(self.note, 2, 1)
        grid.setColumnStretch(1, 1)
        return grid

    def _build_buttons(self, page: QWidget) -> QHBoxLayout:
        self.cancel_button = KeyButton(self.tr("Cancel"), "Esc", page)
        self.cancel_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cancel_button.clicked.connect(self.back_out)
        self.order_button = KeyButton(self.tr("Order"), "Ctrl+Enter", page, primary=True)
        self.order_button.clicked.connect(self.submit)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.order_button, 1)
        return buttons

    def _build_summary(self, page: QWidget) -> QFrame:
        box = QFrame(page)
        box.setObjectName("summary")
        self.total = label(box, "amount")
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.price = label(box, "note")
        self.price.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.commitment = label(box, "fact")
        self.commitment.setWordWrap(True)
        grid = QGridLayout(box)
        grid.setContentsMargins(12, 8, 12, 8)
        grid.setVerticalSpacing(2)
        grid.addWidget(label(box, "caption", self.tr("Fee to pay")), 0, 0)
        grid.addWidget(self.total, 0, 1)
        grid.addWidget(self.price, 1, 0, 1, 2)
        grid.addWidget(self.commitment, 2, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        return box

    def _build_done(self) -> QWidget:
        page = QWidget(self.stack)
        self.done_title = label(page, "doneTitle", self.tr("✓ Paid service ordered"))
        self.done_account = label(page, "note", plain=True)
        self.done_account.setWordWrap(True)
        self.order_no = label(page, "fact", plain=True)
        self.order_no.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_service = label(page, "fact", plain=True)
        self.done_service.setWordWrap(True)
        self.done_total = label(page, "amount")
        facts = self.fact_grid(
            page,
            (
                (self.tr("Order no."), self.order_no),
                (self.tr("Service"), self.done_service),
                (self.tr("Fee to pay"), self.done_total),
            ),
        )
        box = QFrame(page)
        box.setObjectName("nextStep")
        self.next_step = label(box, "fact")
        self.next_step.setWordWrap(True)
        QVBoxLayout(box).addWidget(self.next_step)
        self.close_button = KeyButton(self.tr("Done"), "Enter", page, primary=True)
        self.close_button.clicked.connect(self.close_task)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.done_title)
        layout.addWidget(self.done_account)
        layout.addLayout(facts)
        layout.addWidget(box)
        layout.addStretch(1)
        layout.addWidget(self.close_button)
        return page

    def _build_no_account(self) -> QWidget:
        page = QWidget(self.stack)
        hint = label(
            page,
            "note",
            self.tr(
                "A paid service is billed to a customer's account: search for the customer "
                "with F6, then start the service again."
            ),
        )
        hint.setWordWrap(True)
        self.no_account_close = KeyButton(self.tr("Close"), "Esc", page)
        self.no_account_close.clicked.connect(self.cancelled.emit)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addLayout(self.heading(page, self.tr("Paid service")))
        layout.addWidget(label(page, "emptyTitle", self.tr("Open a customer first (F6)")))
        layout.addWidget(hint)
        layout.addStretch(1)
        layout.addWidget(self.no_account_close)
        return page

    # starting an order

    def start(self, view: AccountView | None) -> None:
        """A new order for ``view``; without an account, the hint to open one."""
        self.view = view
        self.order_uid = new_uid()
        self.order = None
        self.say("")
        if view is None:
            self.stack.setCurrentIndex(2)
            self.focus(self.no_account_close)
            return
        self.prep = None
        self.model.removeRows(0, self.model.rowCount())
        self.quantity.setValue(MIN_QUANTITY)
        self.department.clear()
        self.note.clear()
        self.account.setText(f"{view.number} · {view.name}")
        self.stack.setCurrentIndex(0)
        self._refresh()
        self.focus(self.table)
        Op(self, partial(prepare_service, self.host.engine), key="paid-service-prep").success(
            self._prepared
        ).failure(self.refuse).run()

    def _prepared(self, prep: ServicePrep) -> None:
        self.prep = prep
        for item in prep.schedule:
            name = QStandardItem(service_name(item))
            name.setData(item.code, CODE_ROLE)
            fee = QStandardItem(
                self.tr("%1 / %2").replace("%1", format_yuan(item.fee_fen)).replace("%2", item.unit)
            )
            fee.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            days = QStandardItem(str(item.workdays))
            days.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            name.setToolTip(service_name(item))
            self.model.appendRow([name, fee, days])
        self.department.addItems(list(prep.departments))
        self._fit_table()
        if self.model.rowCount():
            self.table.selectRow(0)
            self.table.setCurrentIndex(self.model.index(0, NAME))
        else:
            self.say(
                self.tr(
                    "The fee schedule is empty: the hall sells no paid services yet "
                    "(setting orders.paid_service_fees)."
                )
            )
        self._refresh()

    def _fit_table(self) -> None:
        """Every service in sight without scrolling, up to :data:`SHOWN_ROWS` of them."""
        self.table.resizeColumnToContents(FEE)
        self.table.resizeColumnToContents(DAYS)
        rows = min(max(self.model.rowCount(), 1), SHOWN_ROWS)
        height = self.table.horizontalHeader().sizeHint().height()
        height += self.table.verticalHeader().defaultSectionSize() * rows
        self.table.setFixedHeight(height + 2 * self.table.frameWidth())

    # the fields

    def item(self) -> ServiceItem | None:
        """The service chosen in the list."""
        if self.prep is None:
            return None
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        code = self.model.item(index.row(), NAME).data(CODE_ROLE)
        return self.prep.schedule.find(str(code))

    def choose(self, code: str) -> None:
        """Choose the service ``code`` in the list (the keyboard does it with ↑/↓)."""
        for row in range(self.model.rowCount()):
            if self.model.item(row, NAME).data(CODE_ROLE) == code:
                self.table.selectRow(row)
                self.table.setCurrentIndex(self.model.index(row, NAME))
                return

    def _chosen(self, _current: QModelIndex, _previous: QModelIndex) -> None:
        self._refresh()

    def _refresh(self) -> None:
        """The total for the quantity, and the completion commitment."""
        item = self.item()
        if item is None or self.prep is None:
            self.total.setText("—")
            self.price.setText("")
            self.commitment.setText("")
            self.quantity.setSuffix("")
            self.order_button.setEnabled(False)
            return
        priced = quote(self.prep.schedule, item.code, self.quantity.value())
        self.quantity.setSuffix(f" {item.unit}")
        self.total.setText(format_yuan(priced.total_fen))
        self.price.setText(
            self.tr("%1 × %2 %3")
            .replace("%1", format_yuan(item.fee_fen))
            .replace("%2", str(priced.quantity))
            .replace("%3", item.unit)
        )
        self.commitment.setText(
            self.tr("Done within %n working day(s) of the payment.", "", item.workdays)
        )
        self.order_button.setEnabled(not self.busy)

    def fields(self) -> Mapping[str, QWidget]:
        return {
            "code": self.table,
            "quantity": self.quantity,
            "department": self.department,
            "note": self.note,
        }

    def message(self) -> QLabel:
        return self.entry_message

    # ordering

    def submit(self) -> None:
        page = self.stack.currentIndex()
        if page == 1:
            self.close_task()
            return
        item = self.item()
        if page != 0 or self.busy or self.view is None or item is None:
            return
        actor = self.actor()
        if actor is None:
            return
        request = PaidServiceIn(
            order_uid=self.order_uid,
            account_id=self.view.account_id,
            code=item.code,
            quantity=self.quantity.value(),
            department=self.department.currentText(),
            note=self.note.text().strip(),
        )
        self.say("")
        self.run(
            partial(order_job, self.host.engine, actor, request, self.host.clock()),
            self.show_done,
            key="paid-service",
        )

    def busy_changed(self, busy: bool) -> None:
        for widget in (self.table, self.quantity, self.department, self.note):
            widget.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        self.order_button.set_label(self.tr("Ordering…") if busy else self.tr("Order"))
        if busy:
            self.order_button.setEnabled(False)
        else:
            self._refresh()

    def show_done(self, order: Order) -> None:
        """Ordered: the fee is on the account; F7 takes it."""
        self.order = order
        self.host.orders_changed()
        total = format_yuan(int(order.detail.get("total_fen", 0)))
        item = self.prep.schedule.find(order.subtype) if self.prep is not None else None
        name = service_name(item) if item is not None else str(order.detail.get("name", ""))
        quantity = int(order.detail.get("quantity", 1))
        unit = str(order.detail.get("unit", ""))
        workdays = int(order.detail.get("workdays", 0))
        self.done_account.setText(" · ".join((order.account_no, order.customer_name)))
        self.order_no.setText(order.order_no)
        self.done_service.setText(f"{name} × {quantity} {unit}")
        self.done_total.setText(total)
        self.next_step.setText(
            self.tr(
                "The fee %1 is now on the account's bills. Press F7 to take the payment; "
                "the service is done within %n working day(s) of it.",
                "",
                workdays,
            ).replace("%1", total)
        )
        self.stack.setCurrentIndex(1)
        self.focus(self.close_button)

    def back_out(self) -> None:
        if self.busy:
            return
        if self.stack.currentIndex() == 1:
            self.close_task()
        else:
            self.cancelled.emit()

    def close_task(self) -> None:
        if self.order is None or self.busy:
            return
        order, self.order = self.order, None
        total = format_yuan(int(order.detail.get("total_fen", 0)))
        self.finished.emit(
            self.tr("Paid service %1 ordered: press F7 to take %2.")
            .replace("%1", order.order_no)
            .replace("%2", total)
        )

    def enter_pressed(self) -> None:
        page = self.stack.currentIndex()
        if page == 1:
            self.close_task()
        elif page == 2:
            self.cancelled.emit()
        elif self.focusWidget() is self.note:
            self.submit()
        else:
            self.focusNextChild()
