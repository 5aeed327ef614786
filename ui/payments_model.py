# Qt calls its virtual methods by their camelCase names (rowCount, headerData…).
# ruff: noqa: N802
"""The customer panel's payments table (缴费记录): this terminal's latest payments for the account.

A reversed payment stays in the list, struck through and marked 已冲正: a reversal is an entry of
its own, never a deletion, and the clerk must see both when the customer comes back with a receipt.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QAbstractTableModel, QObject, Qt
from PySide6.QtGui import QColor, QFont

from counterdesk.domain.money import format_yuan
from counterdesk.domain.workdays import CHINA_STANDARD_TIME
from counterdesk.services.payments import OrderLine, PaymentLine
from counterdesk.store.models import PaymentState
from ui.chips import MUTED_COLOUR, money_font
from ui.orders.words import kind_word, state_word, subtype_word
from ui.widgets import ROOT, IndexType


def local_stamp(moment: datetime) -> str:
    return f"{moment.astimezone(CHINA_STANDARD_TIME):%Y-%m-%d %H:%M}"


class PaymentsModel(QAbstractTableModel):
    """Receipt no., time, amount, tenders and state of the account's latest payments."""

    RECEIPT, TIME, AMOUNT, TENDERS, STATE = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.payments: list[PaymentLine] = []
        self._money_font = money_font(QFont())

    def set_payments(self, payments: list[PaymentLine], font: QFont) -> None:
        self.beginResetModel()
        self.payments = payments
        self._money_font = money_font(font)
        self.endResetModel()

    def rowCount(self, parent: IndexType = ROOT) -> int:
        return 0 if parent.isValid() else len(self.payments)

    def columnCount(self, parent: IndexType = ROOT) -> int:
        return 0 if parent.isValid() else 5

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is not Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            if role == Qt.ItemDataRole.TextAlignmentRole and section == self.AMOUNT:
                return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            return None
        return (
            self.tr("Receipt no."),
            self.tr("Paid at"),
            self.tr("Amount"),
            self.tr("Paid by"),
            self.tr("State"),
        )[section]

    def tender_words(self, tenders: str) -> str:
        words = {
            "cash": self.tr("Cash"),
            "bank_card": self.tr("Bank card"),
            "wechat": self.tr("WeChat"),
            "alipay": self.tr("Alipay"),
        }
        return " + ".join(words.get(part, part) for part in tenders.split("+") if part)

    def data(self, index: IndexType, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        payment = self.payments[index.row()]
        column = index.column()
        reversed_ = payment.state is PaymentState.REVERSED
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                payment.receipt_no,
                local_stamp(payment.paid_at),
                format_yuan(payment.received_fen),
                self.tender_words(payment.tenders),
                self.tr("Reversed") if reversed_ else self.tr("Paid"),
            )[column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.AMOUNT:
            return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        if role == Qt.ItemDataRole.FontRole:
            font = QFont(self._money_font) if column == self.AMOUNT else QFont()
            font.setStrikeOut(reversed_ and column == self.AMOUNT)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and reversed_:
            return QColor(MUTED_COLOUR)
        return None


class OrdersModel(QAbstractTableModel):
    """The account's open work orders with their deadlines (e.g. a reconnection within 24 h)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.orders: list[OrderLine] = []

    def set_orders(self, orders: list[OrderLine]) -> None:
        self.beginResetModel()
        self.orders = orders
        self.endResetModel()

    def rowCount(self, parent: IndexType = ROOT) -> int:
        return 0 if parent.isValid() else len(self.orders)

    def columnCount(self, parent: IndexType = ROOT) -> int:
        return 0 if parent.isValid() else 4

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is not Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Order no."), self.tr("Kind"), self.tr("State"), self.tr("Due by"))[section]

    def data(self, index: IndexType, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        order = self.orders[index.row()]
        kind = kind_word(order.kind)
        if order.subtype and order.kind != "paid_service":
            kind = f"{kind} · {subtype_word(order.subtype)}"
        return (
            order.order_no,
            kind,
            state_word(order.state),
            local_stamp(order.due_at),
        )[index.column()]
