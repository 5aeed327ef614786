# Qt calls its virtual methods by their camelCase names (rowCount, eventFilter…).
# ruff: noqa: N802
"""The counter window's first two columns: account search (left) and the customer panel (middle).

:class:`CounterWindow` is the main window a clerk keeps open all day (UI.md). This first version
holds the search column (:class:`SearchPanel`) and the customer column (:class:`CustomerPanel`);
the queue bar above and the task column on the right come with the queue and payment work.

Every database read runs on the window's one worker thread through :mod:`ui.operations`; the GUI
thread only formats what comes back. Source strings are English and go through ``tr()``; the
Simplified Chinese translation in ``ui/i18n`` is what clerks see by default.

Later split: the panels, the chip painting and :func:`load_account` (a store query that belongs in
``counterdesk.store``) move to modules of their own once the counter window grows past this file.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date
from functools import partial
from html import escape
from pathlib import Path
from typing import Final

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QCloseEvent, QColor, QFont, QKeyEvent, QKeySequence, QPainter, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Connection, Engine

from counterdesk.domain.accounts import AccountStatus, CustomerClass, Utility
from counterdesk.domain.money import Fen, format_yuan
from counterdesk.store.database import make_engine
from counterdesk.store.search import (
    SearchError,
    SearchHit,
    SearchProblem,
    SearchResult,
    normalize_query,
    search_accounts,
)
from ui.operations import Op, OpRunner, find_runner

DEBOUNCE_MS: Final = 150
"""How long the search box waits after a key before searching: one search per burst of typing."""

_IndexType = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


# --- reading an account for the panel (worker thread) -------------------------------------------


@dataclass(frozen=True, slots=True)
class BillLine:
    period: int
    units: int
    amount_fen: Fen
    paid_fen: Fen
    due_date: date
    overdue_days: int
    """Days past the due date while something is still owed; 0 otherwise."""

    @property
    def outstanding_fen(self) -> Fen:
        return max(self.amount_fen - self.paid_fen, 0)


@dataclass(frozen=True, slots=True)
class AccountView:
    """What the customer panel shows for one account, read in two queries."""

    account_id: int
    number: str
    name: str
    phone: str | None
    address: str
    utility: Utility
    customer_class: CustomerClass
    tariff_code: str
    tariff_name: str | None
    meter_number: str | None
    status: AccountStatus
    key_customer: bool
    prepaid_fen: Fen
    bills: tuple[BillLine, ...]
    """Newest period first."""

    @property
    def arrears_fen(self) -> Fen:
        """欠费: what is still owed on bills past their due date."""
        return sum(bill.outstanding_fen for bill in self.bills if bill.overdue_days > 0)

    @property
    def overdue_bills(self) -> int:
        return sum(1 for bill in self.bills if bill.overdue_days > 0)

    @property
    def outstanding_fen(self) -> Fen:
        """Everything unpaid, including bills not yet due (the late fee is not in it)."""
        return sum(bill.outstanding_fen for bill in self.bills)


_ACCOUNT_SQL: Final = (
    "SELECT a.number, c.name, c.phone, a.address, a.utility, a.customer_class, a.tariff_code, "
    "t.name, a.status, a.key_customer, a.prepaid_fen, "
    "(SELECT m.number FROM meter_installation AS i JOIN meter AS m ON m.id = i.meter_id "
    " WHERE i.account_id = a.id AND i.removed_on IS NULL ORDER BY i.installed_on DESC LIMIT 1) "
    "FROM account AS a JOIN customer AS c ON c.id = a.customer_id "
    "LEFT JOIN tariff AS t ON t.code = a.tariff_code WHERE a.id = ?"
)
_BILLS_SQL: Final = (
    "SELECT period, units, amount_fen, paid_fen, due_date FROM bill "
    "WHERE account_id = ? ORDER BY period DESC"
)


def load_account(connection: Connection, account_id: int, today: date) -> AccountView:
    """Read one account, its customer, tariff, meter and bills; overdue days as of ``today``."""
    row = connection.exec_driver_sql(_ACCOUNT_SQL, (account_id,)).one()
    bills: list[BillLine] = []
    for period, units, amount, paid, due in connection.exec_driver_sql(_BILLS_SQL, (account_id,)):
        due_date = date.fromisoformat(str(due))
        owed = int(amount) - int(paid) > 0
        overdue = (today - due_date).days if owed and due_date < today else 0
        bills.append(BillLine(int(period), int(units), int(amount), int(paid), due_date, overdue))
    return AccountView(
        account_id=account_id,
        number=str(row[0]),
        name=str(row[1]),
        phone=None if row[2] is None else str(row[2]),
        address=str(row[3]),
        utility=Utility(str(row[4])),
        customer_class=CustomerClass(str(row[5])),
        tariff_code=str(row[6]),
        tariff_name=None if row[7] is None else str(row[7]),
        meter_number=None if row[11] is None else str(row[11]),
        status=AccountStatus(str(row[8])),
        key_customer=bool(row[9]),
        prepaid_fen=int(row[10]),
        bills=tuple(bills),
    )


def _search_job(engine: Engine, text: str) -> tuple[str, SearchResult]:
    with engine.connect() as connection:
        return text, search_accounts(connection, text)


def _account_job(engine: Engine, account_id: int, today: date) -> AccountView:
    with engine.connect() as connection:
        return load_account(connection, account_id, today)


def _count_job(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.exec_driver_sql("SELECT count(*) FROM account").scalar_one())


# --- words and chips ----------------------------------------------------------------------------


class Tone(enum.Enum):
    """A chip's colour: (text, background, border). Colour is never the only signal (UI.md)."""

    NEUTRAL = ("#344054", "#F2F4F7", "#E4E7EC")
    RED = ("#B42318", "#FEE4E2", "#FECDCA")
    ORANGE = ("#B54708", "#FEF0C7", "#FEDF89")
    BLUE = ("#175CD3", "#D1E9FF", "#B2DDFF")


Chip = tuple[str, Tone]

ARREARS_COLOUR: Final = "#B54708"
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


class ChipDelegate(QStyledItemDelegate):
    """Paints a cell's ``CHIPS_ROLE`` list of (word, tone) as small rounded chips."""

    PAD_X: Final = 7
    GAP: Final = 4

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _IndexType) -> None:
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

    def sizeHint(self, option: QStyleOptionViewItem, index: _IndexType) -> QSize:
        chips: list[Chip] = index.data(CHIPS_ROLE) or []
        metrics = option.fontMetrics
        width = sum(
            metrics.horizontalAdvance(text) + 2 * self.PAD_X + self.GAP for text, _ in chips
        )
        return QSize(width + 12, metrics.height() + 10)


def _label(parent: QWidget, name: str, text: str = "", *, plain: bool = False) -> QLabel:
    """A label styled by its object name; ``plain`` for data that must never be read as HTML."""
    label = QLabel(text, parent)
    label.setObjectName(name)
    if plain:
        label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def _table(
    parent: QWidget, name: str, model: QAbstractTableModel, *, row_height: int
) -> QTableView:
    """A read-only table with no grid and no row numbers, its columns sized to their contents."""
    table = QTableView(parent)
    table.setObjectName(name)
    table.setModel(model)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(row_height)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


# --- search results -----------------------------------------------------------------------------


class SearchResultsModel(QAbstractTableModel):
    """The accounts found for the search box: 户号, 姓名, 电话, 地址, 状态."""

    NUMBER, NAME, PHONE, ADDRESS, STATUS = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: tuple[SearchHit, ...] = ()
        self._headers = (
            self.tr("Account no."),
            self.tr("Name"),
            self.tr("Phone"),
            self.tr("Address"),
            self.tr("Status"),
        )

    def set_hits(self, hits: tuple[SearchHit, ...]) -> None:
        self.beginResetModel()
        self._hits = hits
        self.endResetModel()

    def hit(self, row: int) -> SearchHit:
        return self._hits[row]

    def rowCount(self, parent: _IndexType = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: _IndexType = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: _IndexType, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        hit = self._hits[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.STATUS:
                return " ".join(text for text, _ in hit_chips(hit))
            values = (hit.account_number, hit.customer_name, hit.phone or "—", hit.address)
            return values[column]
        if role == CHIPS_ROLE and column == self.STATUS:
            return hit_chips(hit)
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.NAME, self.ADDRESS):
            return f"{hit.customer_name}\n{hit.address}"
        return None


class SearchPanel(QFrame):
    """The search column: a box, a line for counts and problems, and the results.

    Keys in the box: Down/Up move through the results, Enter opens the selected account, Esc
    clears. Results come as you type, one search per pause of :data:`DEBOUNCE_MS`.

    Signals:
        account_chosen(int): the clerk opened an account (its local row id).
    """

    account_chosen = Signal(int)

    def __init__(self, engine: Engine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self._engine = engine
        self._open_when_found = False
        self._shown_text = ""
        """The text whose results (or problem) are on screen."""
        self._pending_text = ""
        """The text of the newest search sent to the worker."""

        self.box = QLineEdit(self)
        self.box.setObjectName("searchBox")
        self.box.setPlaceholderText(self.tr("Account no. / meter no. / phone / name / address"))
        self.box.setClearButtonEnabled(True)
        self.message = _label(self, "searchMessage")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(self.message.fontMetrics().height() + 4)
        self.model = SearchResultsModel(self)
        self.table = _table(self, "results", self.model, row_height=32)
        self.table.setItemDelegateForColumn(SearchResultsModel.STATUS, ChipDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(
            SearchResultsModel.ADDRESS, QHeaderView.ResizeMode.Stretch
        )
        self.table.doubleClicked.connect(lambda _index: self.open_selected())

        top = QHBoxLayout()
        top.addWidget(_label(self, "panelTitle", self.tr("Find a customer")))
        top.addStretch(1)
        top.addWidget(_label(self, "keycap", "F6"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.box)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(_label(self, "hint", self.tr("↑ ↓ select · Enter open · Esc clear")))

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.search_now)
        self.box.textChanged.connect(self._text_changed)
        self.box.installEventFilter(self)
        self.table.installEventFilter(self)

    # Keys ---------------------------------------------------------------------------------------

    _STEPS: Final = {
        Qt.Key.Key_Down: 1,
        Qt.Key.Key_Up: -1,
        Qt.Key.Key_PageDown: 10,
        Qt.Key.Key_PageUp: -10,
    }

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter and Esc in the box and the results; arrows and pages in the box move the rows."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = Qt.Key(event.key())
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.open_selected()
                return True
            if key == Qt.Key.Key_Escape:
                self.clear()
                return True
            if watched is self.box and key in self._STEPS:
                self.move_selection(self._STEPS[key])
                return True
        return super().eventFilter(watched, event)

    def focus_search(self) -> None:
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    def move_selection(self, step: int) -> None:
        rows = self.model.rowCount()
        if rows == 0:
            return
        current = self.table.currentIndex().row()
        row = 0 if current < 0 else min(max(current + step, 0), rows - 1)
        self.table.selectRow(row)

    def selected_hit(self) -> SearchHit | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.hit(rows[0].row()) if rows else None

    def open_selected(self) -> None:
        """Enter: open the selected account; if a search is still pending, open its first hit."""
        text = self.box.text()
        if self._debounce.isActive() or self._shown_text != text:
            self._open_when_found = True
            if self._debounce.isActive() or self._pending_text != text:
                self.search_now()
            return
        hit = self.selected_hit()
        if hit is not None:
            self.account_chosen.emit(hit.account_id)
            self.box.selectAll()  # the next customer's first key replaces this search

    def clear(self) -> None:
        """Esc: empty the box, the results and the message; nothing in flight comes back."""
        self._debounce.stop()
        self.box.clear()
        self._reset()
        self.box.setFocus(Qt.FocusReason.OtherFocusReason)

    # Searching ----------------------------------------------------------------------------------

    def _text_changed(self, _text: str) -> None:
        self._open_when_found = False
        self._debounce.start()

    def _reset(self) -> None:
        self._debounce.stop()
        self._open_when_found = False
        find_runner(self).cancel("search")  # a search in flight must not come back
        self._pending_text = self._shown_text = ""
        self.model.set_hits(())
        self._say("")

    def search_now(self) -> None:
        self._debounce.stop()
        text = self.box.text()
        if not normalize_query(text):
            self._reset()
            return
        self._pending_text = text
        (
            Op(self, partial(_search_job, self._engine, text), key="search")
            .success(self._show_result)
            .failure(self._show_problem)
            .run()
        )

    def _show_result(self, found: tuple[str, SearchResult]) -> None:
        text, result = found
        self._shown_text = text
        self.model.set_hits(result.hits)
        count = len(result.hits)
        if not count:
            no_match = self.tr("No account matches. Check the number, or try the name or address.")
            self._say(no_match, problem=True)
        elif result.truncated:
            self._say(self.tr("Showing the first %Ln; type more to narrow it down.", "", count))
        else:
            self._say(self.tr("%Ln account(s) found.", "", count))
        if count:
            self.table.selectRow(0)
            self.table.scrollToTop()
        if self._open_when_found:
            self._open_when_found = False
            self.open_selected()

    def _show_problem(self, error: Exception) -> None:
        self._open_when_found = False
        self._shown_text = self._pending_text
        self.model.set_hits(())
        if not isinstance(error, SearchError):
            failed = self.tr("The search could not read the database. Try again, or call IT.")
            self._say(failed, problem=True)
        elif error.problem is SearchProblem.TOO_SHORT:
            too_short = self.tr("Type at least two characters of a name or three of an address.")
            self._say(too_short, problem=True)
        else:
            self._say("")

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.message.setText(text)
        self.message.setProperty("problem", problem)
        self.message.style().unpolish(self.message)
        self.message.style().polish(self.message)


# --- the customer panel -------------------------------------------------------------------------


class BillsModel(QAbstractTableModel):
    """An account's bills, newest first, with what is owed and how late it is."""

    PERIOD, UNITS, AMOUNT, PAID, OUTSTANDING, DUE, STATE = range(7)
    NUMBER_COLUMNS: Final = (UNITS, AMOUNT, PAID, OUTSTANDING)
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

    def rowCount(self, parent: _IndexType = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._bills)

    def columnCount(self, parent: _IndexType = _ROOT) -> int:
        return 0 if parent.isValid() else 7

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
        if column not in (self.OUTSTANDING, self.STATE):
            return None
        if bill.overdue_days > 0:
            return QColor(ARREARS_COLOUR)
        return QColor(MUTED_COLOUR) if bill.outstanding_fen == 0 else None

    def _background(self, bill: BillLine, _column: int) -> QColor | None:
        return QColor(self.OVERDUE_BACKGROUND) if bill.overdue_days > 0 else None

    def data(self, index: _IndexType, role: int = Qt.ItemDataRole.DisplayRole) -> object:
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


class CustomerPanel(QFrame):
    """The customer column: who the customer is, what they owe, and their bills.

    Shows a hint until an account is opened; :meth:`show_account` fills it from an
    :class:`AccountView` read on the worker.
    """

    FACTS: Final = (  # key, row, column; tariff and address span the width
        ("number", 0, 0),
        ("phone", 0, 2),
        ("utility", 1, 0),
        ("meter", 1, 2),
        ("tariff", 2, 0),
        ("address", 3, 0),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.view: AccountView | None = None
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._build_empty())
        self.stack.addWidget(self._build_account())
        self.message = _label(self, "searchMessage")
        self.message.setProperty("problem", True)
        self.message.hide()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 14)
        outer.addWidget(self.message)
        outer.addWidget(self.stack)

    def _build_empty(self) -> QWidget:
        page = QWidget(self.stack)
        self.empty_title = _label(page, "emptyTitle", self.tr("No customer open"))
        hint = self.tr("Find the customer on the left (F6), choose with ↑ ↓ and press Enter.")
        layout = QVBoxLayout(page)
        layout.addStretch(2)
        for label in (self.empty_title, _label(page, "hint", hint)):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addStretch(3)
        return page

    def _build_account(self) -> QWidget:
        page = QWidget(self.stack)
        self.name = _label(page, "customerName", plain=True)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chips = QHBoxLayout()
        self.chips.setSpacing(6)
        heading = QHBoxLayout()
        heading.setSpacing(12)
        heading.addWidget(self.name)
        heading.addLayout(self.chips)
        heading.addStretch(1)

        self.late_fee_note = _label(
            page,
            "note",
            self.tr("Amounts exclude late fees, which are worked out when the customer pays."),
        )
        bills_heading = QHBoxLayout()
        bills_heading.addWidget(_label(page, "sectionTitle", self.tr("Bills")))
        bills_heading.addStretch(1)
        bills_heading.addWidget(self.late_fee_note)
        self.bills_model = BillsModel(self)
        self.bills = _table(page, "bills", self.bills_model, row_height=30)
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
        layout.addLayout(bills_heading)
        layout.addWidget(self.bills, 1)
        return page

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
            value = _label(page, "fact", plain=key != "tariff")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            span = 3 if key in ("tariff", "address") else 1
            grid.addWidget(_label(page, "caption", captions[key]), row, column)
            grid.addWidget(value, row, column + 1, 1, span)
            self.facts[key] = value
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return grid

    def _build_summary(self, page: QWidget) -> QFrame:
        """Arrears large, then everything unpaid, then prepaid credit: what the clerk says first."""
        summary = QFrame(page)
        summary.setObjectName("summary")
        self.arrears, self.total, self.prepaid = (_label(summary, "amount") for _ in range(3))
        self.arrears_note, self.total_note = _label(summary, "note"), _label(summary, "note")
        columns = (
            (self.tr("Arrears"), self.arrears, self.arrears_note),
            (self.tr("Total unpaid"), self.total, self.total_note),
            (self.tr("Prepaid balance"), self.prepaid, None),
        )
        grid = QGridLayout(summary)
        grid.setContentsMargins(16, 12, 16, 12)
        grid.setHorizontalSpacing(32)
        grid.setVerticalSpacing(2)
        for column, (caption, amount, note) in enumerate(columns):
            grid.addWidget(_label(summary, "caption", caption), 0, column)
            grid.addWidget(amount, 1, column)
            if note is not None:
                grid.addWidget(note, 2, column)
            grid.setColumnStretch(column, 3 if column == 0 else 2)
        return summary

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
        self.bills_model.set_bills(view.bills, unit_word(view.utility), self.font())
        self.stack.setCurrentIndex(1)

    def _show_amounts(self, view: AccountView) -> None:
        size = self.font().pointSizeF()
        self.arrears.setFont(money_font(self.font(), point_size=size * 2.0, bold=True))
        for label in (self.total, self.prepaid):
            label.setFont(money_font(self.font(), point_size=size * 1.4, bold=True))
        self.arrears.setText(format_yuan(view.arrears_fen))
        colour = ARREARS_COLOUR if view.arrears_fen > 0 else "#101828"
        self.arrears.setStyleSheet(f"color: {colour};")
        if view.arrears_fen > 0:
            self.arrears_note.setText(self.tr("%n overdue bill(s)", "", view.overdue_bills))
        else:
            self.arrears_note.setText(self.tr("Nothing overdue"))
        self.total.setText(format_yuan(view.outstanding_fen))
        not_due = format_yuan(view.outstanding_fen - view.arrears_fen)
        self.total_note.setText(self.tr("of which not yet due: %1").replace("%1", not_due))
        self.prepaid.setText(format_yuan(view.prepaid_fen))

    def show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()


# --- the window ---------------------------------------------------------------------------------

STYLE_SHEET: Final = """
QMainWindow, QWidget#central { background: #F2F4F7; }
QFrame#card { background: #FFFFFF; border: 1px solid #E4E7EC; border-radius: 8px; }
QFrame#summary { background: #F9FAFB; border: 1px solid #EAECF0; border-radius: 6px; }
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
QTableView#bills::item { padding: 0px 12px; border-bottom: 1px solid #F2F4F7; }
QHeaderView::section { background: #FFFFFF; color: #667085; border: none;
    border-bottom: 1px solid #E4E7EC; padding: 6px 12px; }
QStatusBar { background: #FFFFFF; border-top: 1px solid #E4E7EC; color: #475467; }
QStatusBar QLabel { color: #475467; padding: 0px 8px; }
QSplitter::handle { background: transparent; }
"""


class CounterWindow(QMainWindow):
    """The counter window (柜台窗口): search on the left, the customer in the middle.

    Owns the database engine and the :class:`~ui.operations.OpRunner` whose one worker thread
    does all its database reads; closing the window stops the worker and closes the connections
    there. F6 focuses the search box from anywhere in the window.
    """

    def __init__(self, db_path: Path, *, today: date | None = None) -> None:
        super().__init__()
        self.db_path = db_path
        self.today = today or date.today()  # noqa: DTZ011 - the hall's calendar day
        self.runner = OpRunner(self)
        self.runner.unhandled_failure.connect(self._unhandled)
        self.engine = make_engine(db_path)
        self.setWindowTitle(self.tr("CounterDesk — Counter"))
        self.setStyleSheet(STYLE_SHEET)

        central = QWidget(self)
        central.setObjectName("central")
        self.search = SearchPanel(self.engine, central)
        self.customer = CustomerPanel(central)
        self.search.account_chosen.connect(self.open_account)
        splitter = QSplitter(Qt.Orientation.Horizontal, central)
        splitter.setHandleWidth(12)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self.search)
        splitter.addWidget(self.customer)
        splitter.setStretchFactor(0, 5)
        splitter.setStretchFactor(1, 6)
        splitter.setSizes([600, 720])
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
        Op(self, partial(_count_job, self.engine), key="count").success(self._show_count).failure(
            self._count_failed
        ).run()

    def open_account(self, account_id: int) -> None:
        (
            Op(self, partial(_account_job, self.engine, account_id, self.today), key="account")
            .success(self.customer.show_account)
            .failure(self._account_failed)
            .run()
        )

    def _show_count(self, count: int) -> None:
        self.count_label.setText(self.tr("%Ln account(s)", "", count))

    def _count_failed(self, _error: Exception) -> None:
        self.count_label.setText(
            self.tr("Cannot read the database: check the file, or ask IT to restore it.")
        )

    def _account_failed(self, _error: Exception) -> None:
        self.customer.show_problem(
            self.tr("The account could not be read. Search again; if it fails again, call IT.")
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
