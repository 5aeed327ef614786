# Qt calls its virtual methods by their camelCase names (sizeHint…).
# ruff: noqa: N802
"""Status chips (状态标签), the words for the domain's enums, and the font for money.

Why together: they are the counter's shared vocabulary on screen. A chip is a word with a tone,
because colour is never the only signal (UI.md); the same word must read the same in the search
results and in the customer panel, so both panels take their chips and words from here.

The words are translated in the ``Words`` context (``QCoreApplication.translate``), not in a class's
``tr()`` context: they belong to no one panel.
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QCoreApplication, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QLabel, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from counterdesk.domain.accounts import AccountStatus, CustomerClass, Utility
from ui.widgets import IndexType

if TYPE_CHECKING:  # the sign-in uses money_font before the store (SQLAlchemy) is loaded
    from counterdesk.store.account_view import AccountView
    from counterdesk.store.search import SearchHit


class Tone(enum.Enum):
    """A chip's colour: (text, background, border). Colour is never the only signal (UI.md)."""

    NEUTRAL = ("#344054", "#F2F4F7", "#E4E7EC")
    RED = ("#B42318", "#FEE4E2", "#FECDCA")
    ORANGE = ("#B54708", "#FEF0C7", "#FEDF89")
    BLUE = ("#175CD3", "#D1E9FF", "#B2DDFF")


Chip = tuple[str, Tone]

INK_COLOUR: Final = "#101828"
ARREARS_COLOUR: Final = "#B54708"
"""Money that is overdue, and the late fee it draws: the orange of the 欠费 chip."""
MUTED_COLOUR: Final = "#667085"


def utility_word(utility: Utility) -> str:
    words = {
        Utility.ELECTRICITY: QCoreApplication.translate("Words", "Electricity"),
        Utility.WATER: QCoreApplication.translate("Words", "Water"),
        Utility.GAS: QCoreApplication.translate("Words", "Gas"),
    }
    return words[utility]


def unit_word(utility: Utility) -> str:
    if utility is Utility.ELECTRICITY:
        return QCoreApplication.translate("Words", "kWh")
    return QCoreApplication.translate("Words", "m³")


def class_word(customer_class: CustomerClass) -> str:
    if customer_class is CustomerClass.RESIDENTIAL:
        return QCoreApplication.translate("Words", "Residential")
    return QCoreApplication.translate("Words", "Non-residential")


def hit_chips(hit: SearchHit) -> list[Chip]:
    """The chips a search result can show (arrears are not known until the account is read)."""
    chips: list[Chip] = []
    if hit.status is AccountStatus.DISCONNECTED:
        chips.append((QCoreApplication.translate("Words", "Disconnected"), Tone.RED))
    else:
        chips.append((QCoreApplication.translate("Words", "Normal"), Tone.NEUTRAL))
    if hit.key_customer:
        chips.append((QCoreApplication.translate("Words", "Key customer"), Tone.BLUE))
    return chips


def account_chips(view: AccountView) -> list[Chip]:
    chips: list[Chip] = []
    if view.status is AccountStatus.DISCONNECTED:
        chips.append((QCoreApplication.translate("Words", "Disconnected"), Tone.RED))
    if view.arrears_fen > 0:
        chips.append((QCoreApplication.translate("Words", "In arrears"), Tone.ORANGE))
    if not chips:
        chips.append((QCoreApplication.translate("Words", "Normal"), Tone.NEUTRAL))
    if view.key_customer:
        chips.append((QCoreApplication.translate("Words", "Key customer"), Tone.BLUE))
    return chips


def chip_label(text: str, tone: Tone, parent: QWidget | None = None) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName("chip")
    fg, bg, border = tone.value
    label.setStyleSheet(
        f"QLabel#chip {{ color: {fg}; background: {bg}; border: 1px solid {border};"
        " border-radius: 4px; padding: 1px 8px; font-weight: 600; }"
    )
    return label


def money_font(base: QFont, *, point_size: float | None = None, bold: bool = False) -> QFont:
    """The font for amounts: tabular digits, so columns of money line up digit for digit."""
    font = QFont(base)
    font.setFeature(QFont.Tag("tnum"), 1)
    if point_size is not None:
        font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


CHIPS_ROLE: Final = int(Qt.ItemDataRole.UserRole) + 1
"""The model role whose value is a cell's list of :data:`Chip`."""


class ChipDelegate(QStyledItemDelegate):
    """Paints a cell's ``CHIPS_ROLE`` list of (word, tone) as small rounded chips.

    Painted rather than made of widgets: a results table of a hundred rows would otherwise hold a
    hundred label widgets, rebuilt on every key the clerk types.
    """

    PAD_X: Final = 7
    GAP: Final = 4

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: IndexType) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        chips: list[Chip] = index.data(CHIPS_ROLE) or []
        rect: QRect = opt.rect
        metrics = opt.fontMetrics
        height = metrics.height() + 4
        x = rect.left() + 6
        y = rect.top() + (rect.height() - height) // 2
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for text, tone in chips:
            fg, bg, border = tone.value
            width = metrics.horizontalAdvance(text) + 2 * self.PAD_X
            box = QRect(x, y, width, height)
            if tone is not Tone.NEUTRAL:  # the usual case stays quiet: a word, no box
                painter.setPen(QColor(border))
                painter.setBrush(QColor(bg))
                painter.drawRoundedRect(box.adjusted(0, 0, -1, -1), 4, 4)
            else:
                fg = MUTED_COLOUR
            painter.setPen(QColor(fg))
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
            x += width + self.GAP
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: IndexType) -> QSize:
        chips: list[Chip] = index.data(CHIPS_ROLE) or []
        metrics = option.fontMetrics
        width = sum(
            metrics.horizontalAdvance(text) + 2 * self.PAD_X + self.GAP for text, _ in chips
        )
        return QSize(width + 12, metrics.height() + 10)
