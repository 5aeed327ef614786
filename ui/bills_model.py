# Qt calls its virtual methods by their camelCase names (rowCount, headerData…).
# ruff: noqa: N802
"""The customer panel's bills table (账单): one row a period, newest first.

Why a model of its own: every cell of money has its alignment, font, colour and background decided
in one place, so that overdue rows look the same wherever bills are listed, and the late fee
(违约金) sits beside the amount owed on the bill that draws it.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QAbstractTableModel, QObject, Qt
from PySide6.QtGui import QColor, QFont

from counterdesk.domain.money import format_yuan
from counterdesk.store.account_view import BillLine
from ui.chips import ARREARS_COLOUR, MUTED_COLOUR, money_font
from ui.widgets import ROOT, IndexType


class BillsModel(QAbstractTableModel):
    """An account's bills, newest first, with what is owed, its late fee, and how late it is."""

    PERIOD, UNITS, AMOUNT, PAID, OUTSTANDING, LATE_FEE, DUE, STATE = range(8)
    NUMBER_COLUMNS: Final = (UNITS, AMOUNT, PAID, OUTSTANDING, LATE_FEE)
    OVERDUE_BACKGROUND: Final = "#FFFAEB"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bills: tuple[BillLine, ...] = ()
        self._unit = ""
        self._money_font = money_font(QFont())

    def set_bills(self, bills: tuple[BillLine, ...], unit: str, font: QFont) -> None:
        self.beginResetModel()
        self._bills = bills
        self._unit = unit
        self._money_font = money_font(font)
        self.endResetModel()

    def rowCount(self, parent: IndexType = ROOT) -> int:
        return 0 if parent.isValid() else len(self._bills)

    def columnCount(self, parent: IndexType = ROOT) -> int:
        return 0 if parent.isValid() else 8

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is not Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(section)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        headers = (
            self.tr("Period"),
            self.tr("Usage (%1)").replace("%1", self._unit),
            self.tr("Amount"),
            self.tr("Paid"),
            self.tr("Owed"),
            self.tr("Late fee"),
            self.tr("Due date"),
            self.tr("State"),
        )
        return headers[section]

    def _alignment(self, column: int) -> Qt.AlignmentFlag:
        horizontal = Qt.AlignmentFlag.AlignLeft
        if column in self.NUMBER_COLUMNS:
            horizontal = Qt.AlignmentFlag.AlignRight
        return horizontal | Qt.AlignmentFlag.AlignVCenter

    def _state(self, bill: BillLine) -> str:
        if bill.overdue_days > 0:
            return self.tr("%n day(s) overdue", "", bill.overdue_days)
        if bill.outstanding_fen > 0:
            return self.tr("Not yet due")
        return self.tr("Paid in full")

    def _text(self, bill: BillLine, column: int) -> str:
        year, month = divmod(bill.period, 100)
        values = (
            f"{year}-{month:02d}",
            f"{bill.units:,}",
            format_yuan(bill.amount_fen),
            format_yuan(bill.paid_fen),
            format_yuan(bill.outstanding_fen) if bill.outstanding_fen else "—",
            format_yuan(bill.late_fee_fen) if bill.late_fee_fen else "—",
            bill.due_date.isoformat(),
            self._state(bill),
        )
        return values[column]

    def _font(self, bill: BillLine, column: int) -> QFont | None:
        if column not in self.NUMBER_COLUMNS:
            return None
        font = QFont(self._money_font)
        font.setBold(column == self.OUTSTANDING and bill.overdue_days > 0)
        return font

    def _colour(self, bill: BillLine, column: int) -> QColor | None:
        if column not in (self.OUTSTANDING, self.LATE_FEE, self.STATE):
            return None
        if bill.overdue_days > 0:
            return QColor(ARREARS_COLOUR)
        quiet = bill.outstanding_fen == 0 or column == self.LATE_FEE  # a dash: nothing to act on
        return QColor(MUTED_COLOUR) if quiet else None

    def _background(self, bill: BillLine, _column: int) -> QColor | None:
        return QColor(self.OVERDUE_BACKGROUND) if bill.overdue_days > 0 else None

    def data(self, index: IndexType, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        roles = {
            Qt.ItemDataRole.DisplayRole: self._text,
            Qt.ItemDataRole.FontRole: self._font,
            Qt.ItemDataRole.ForegroundRole: self._colour,
            Qt.ItemDataRole.BackgroundRole: self._background,
        }
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(index.column())
        provider = roles.get(Qt.ItemDataRole(role))
        return None if provider is None else provider(self._bills[index.row()], index.column())
