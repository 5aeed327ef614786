# Qt calls its virtual methods by their camelCase names (showEvent, keyPressEvent…).
# ruff: noqa: N802
"""The overdue board (工单看板): every open order, the late and the held ones first, with 督办.

Why a window of its own and not a tab: the board is what a manager keeps open beside the counter
during the day and goes through at the supervision meeting, grouped by department and person the
way the meeting goes. It reads on the window's worker every minute while it is shown (and on F5),
so a line turns red the minute its deadline passes without anybody pressing anything.

What the flags mean is the service's (:mod:`counterdesk.orders.board`): *overdue* (超时) is past
the next step's deadline, *held* (压单) is untouched for ``orders.held_after_workdays`` working
days while still in time. The window adds the words, the colours, the filters and the order page.
"""

from __future__ import annotations

import enum
import html
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Final

import shiboken6
from PySide6.QtCore import SIGNAL, QLocale, QModelIndex, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QCloseEvent,
    QColor,
    QFont,
    QHideEvent,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QShortcut,
    QShowEvent,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from counterdesk.domain.permissions import Permission
from counterdesk.orders.board import BoardGroup, BoardLine, board, grouped
from counterdesk.orders.paid_services import fee_schedule
from counterdesk.orders.records import OrderKind
from counterdesk.services import auth
from counterdesk.services.common import local
from counterdesk.store import settings
from ui.chips import Tone
from ui.counter_dialog import DIALOG_STYLE, chain_tab_order
from ui.messages import error_text
from ui.operations import Op, OpRunner, find_runner
from ui.orders.host import OrderHost
from ui.orders.order_dialogs import OrderActDialog
from ui.orders.order_page import OrderPage, due_text, kind_text, person_text, supervise_job
from ui.orders.words import kind_word, state_word, step_word, subtype_word
from ui.style import STYLE_SHEET
from ui.widgets import IndexType, KeyButton, label

REFRESH_MS: Final = 60_000
"""How often a shown board reads again: a deadline passing shows within the minute."""

OVERDUE_COLOUR: Final = Tone.RED.value[0]
HELD_COLOUR: Final = Tone.ORANGE.value[0]
ROW_HEIGHT: Final = 30
OVERDUE_TINT: Final = "#FEF3F2"
HELD_TINT: Final = "#FFFAEB"
GROUP_TINT: Final = "#F2F4F7"

LINE_ROLE: Final = Qt.ItemDataRole.UserRole + 1
"""Column 0 of a line row: its :class:`~counterdesk.orders.board.BoardLine`."""
GROUP_ROLE: Final = Qt.ItemDataRole.UserRole + 2
"""Column 0 of a group row: its :class:`~counterdesk.orders.board.BoardGroup` (lines shown)."""
FLAG_ROLE: Final = Qt.ItemDataRole.UserRole + 3
"""Every cell of a line row: ``"overdue"``, ``"held"`` or ``""``."""

BOARD_STYLE: Final = """
QLabel#boardTitle { font-size: 15pt; font-weight: 600; color: #101828; }
QLabel#counts { font-size: 13pt; font-weight: 600; color: #344054; }
QPushButton#filter { background: #FFFFFF; border: 1px solid #D0D5DD; border-radius: 6px;
    padding: 6px 12px; color: #344054; }
QPushButton#filter:checked { background: #D1E9FF; border: 2px solid #528BFF; color: #175CD3;
    padding: 5px 11px; }
QPushButton#filter:focus { border: 2px solid #84CAFF; padding: 5px 11px; }
QTreeView#board { border: 1px solid #E4E7EC; border-radius: 8px; background: #FFFFFF;
    outline: 0; }
QTreeView#board::item { padding: 0px 6px; border-bottom: 1px solid #F2F4F7; }
QTreeView#board::item:selected { background: #D1E9FF; color: #101828; }
QHeaderView::section { background: #FFFFFF; color: #667085; border: none;
    border-bottom: 1px solid #E4E7EC; padding: 6px 8px; }
"""


class Column(enum.IntEnum):
    ORDER_NO = 0
    KIND = 1
    CUSTOMER = 2
    ACCOUNT = 3
    STATE = 4
    STEP = 5
    DUE = 6
    LATE = 7
    SUPERVISIONS = 8
    NOTE = 9


class BoardFilter(enum.Enum):
    ALL = "all"
    OVERDUE = "overdue"
    HELD = "held"
    MINE = "mine"
    """The signed-in clerk's: handling it, or its first-contact owner (首问负责人)."""


# --- the work, on the worker ------------------------------------------------------------------


@dataclass(frozen=True)
class BoardData:
    lines: tuple[BoardLine, ...]
    names: dict[str, str]
    """Clerks' names by number."""
    services: dict[str, tuple[str, str]]
    """Paid services' names (Chinese, English) by code."""
    read_at: datetime
    held_after: int


def board_job(engine: Engine, now: datetime) -> BoardData:
    """Runs on the worker: every open order with its flags, and the names to show them with."""
    with engine.connect() as connection:
        held_after = int(settings.read_all(connection)["orders.held_after_workdays"])
        calendar = settings.load_calendar(connection)
        lines = board(connection, now, calendar, held_after_workdays=held_after)
        names = {clerk.number: clerk.name for clerk in auth.list_clerks(connection, now=now)}
        services = {item.code: (item.zh, item.en) for item in fee_schedule(connection)}
    return BoardData(tuple(lines), names, services, now, held_after)


# --- choosing and ordering lines --------------------------------------------------------------


def urgency(line: BoardLine) -> tuple[float, ...]:
    """Most urgent first: overdue (longest late first), then held (longest idle first), then by
    deadline."""
    due = line.due_at.timestamp()
    if line.overdue:
        return (0, due)
    if line.held:
        return (1, -line.idle_workdays, due)
    return (2, due)


def choose(
    lines: Iterable[BoardLine],
    chosen: BoardFilter,
    *,
    clerk_no: str | None,
    text: str = "",
    words: dict[uuid.UUID, str] | None = None,
) -> list[BoardLine]:
    """The lines the filter and the typed text let through; ``words`` adds what each line is
    shown as (names, state words) to what the text is looked for in."""
    needle = text.strip().casefold()
    found: list[BoardLine] = []
    for line in lines:
        if chosen is BoardFilter.OVERDUE and not line.overdue:
            continue
        if chosen is BoardFilter.HELD and not line.held:
            continue
        if chosen is BoardFilter.MINE and (
            not clerk_no or clerk_no not in (line.handler_no, line.first_owner_no)
        ):
            continue
        if needle:
            haystack = " ".join(
                (line.order_no, line.customer_name, line.account_no, line.department,
                 line.handler_no, line.first_owner_no, line.last_supervision,
                 (words or {}).get(line.order_uid, ""))
            ).casefold()  # fmt: skip
            if needle not in haystack:
                continue
        found.append(line)
    return found


# --- the model --------------------------------------------------------------------------------


class BoardModel(QStandardItemModel):
    """Groups (department and person, with their 超时 and 压单 counts) and their lines.

    Column 0 of a group row holds the group (``GROUP_ROLE``) and spans the row; a line's cells
    carry its flag (``FLAG_ROLE``), its colours, and column 0 the line itself (``LINE_ROLE``).
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(0, len(Column), parent)
        self.names: dict[str, str] = {}
        self.services: dict[str, tuple[str, str]] = {}
        self.setHorizontalHeaderLabels(
            [
                self.tr("Order no."),
                self.tr("Type"),
                self.tr("Customer"),
                self.tr("Account"),
                self.tr("State"),
                self.tr("Next step"),
                self.tr("Due"),
                self.tr("Overdue / held"),
                self.tr("Supervised"),
                self.tr("Last supervision note"),
            ]
        )

    def set_names(self, names: dict[str, str], services: dict[str, tuple[str, str]]) -> None:
        self.names = names
        self.services = services

    # words -----------------------------------------------------------------------------------

    def service_name(self, code: str) -> str:
        names = self.services.get(code)
        if names is None:
            return ""
        english = QLocale().language() == QLocale.Language.English
        return names[1] if english and names[1] else names[0]

    def kind_text(self, line: BoardLine) -> str:
        service = self.service_name(line.subtype) if line.kind is OrderKind.PAID_SERVICE else ""
        return kind_text(line.kind, line.subtype, service)

    def person(self, number: str) -> str:
        return person_text(number, self.names) if number else self.tr("Not assigned")

    def late_text(self, line: BoardLine) -> str:
        if line.overdue:
            if line.workdays_overdue == 0:
                return self.tr("Overdue today")
            return self.tr("Overdue %n working day(s)", "", line.workdays_overdue)
        if line.held:
            return self.tr("Held %n day(s)", "", line.idle_workdays)
        return ""

    def group_text(self, group: BoardGroup) -> str:
        department = group.department or self.tr("No department")
        counts = (
            self.tr("Overdue %1 · Held %2 · %3 open")
            .replace("%1", str(group.overdue))
            .replace("%2", str(group.held))
            .replace("%3", str(len(group.lines)))
        )
        return f"{department} · {self.person(group.handler_no)}    {counts}"

    def search_words(self, line: BoardLine) -> str:
        """What a line is shown as, for the text filter (a person's name, the state's word)."""
        return " ".join(
            (self.names.get(line.handler_no, ""), self.names.get(line.first_owner_no, ""),
             self.kind_text(line), kind_word(line.kind.value), subtype_word(line.subtype),
             state_word(line.state), step_word(line.step) if line.step else "")
        )  # fmt: skip

    # rows ------------------------------------------------------------------------------------

    def fill(self, groups: Sequence[BoardGroup]) -> None:
        """Replace the rows: one group row each, its lines most urgent first under it."""
        self.removeRows(0, self.rowCount())
        bold = QFont()
        bold.setBold(True)
        for group in groups:
            head = QStandardItem(self.group_text(group))
            head.setData(group, GROUP_ROLE)
            head.setFont(bold)
            head.setBackground(QBrush(QColor(GROUP_TINT)))
            head.setEditable(False)
            head.setSelectable(True)
            for line in sorted(group.lines, key=urgency):
                head.appendRow(self._line_row(line, bold))
            self.appendRow(head)

    def _line_row(self, line: BoardLine, bold: QFont) -> list[QStandardItem]:
        flag = "overdue" if line.overdue else "held" if line.held else ""
        provisional = self.tr("provisional")
        texts = {
            Column.ORDER_NO: line.order_no,
            Column.KIND: self.kind_text(line),
            Column.CUSTOMER: line.customer_name,
            Column.ACCOUNT: line.account_no or "—",
            Column.STATE: state_word(line.state),
            Column.STEP: step_word(line.step) if line.step else "—",
            Column.DUE: due_text(line.due_at, line.provisional, provisional),
            Column.LATE: self.late_text(line),
            Column.SUPERVISIONS: str(line.supervisions) if line.supervisions else "",
            Column.NOTE: line.last_supervision,
        }
        tint = {"overdue": OVERDUE_TINT, "held": HELD_TINT}.get(flag)
        row: list[QStandardItem] = []
        for column in Column:
            item = QStandardItem(texts[column])
            item.setEditable(False)
            item.setData(flag, FLAG_ROLE)
            if tint is not None:
                item.setBackground(QBrush(QColor(tint)))
            row.append(item)
        row[Column.ORDER_NO].setData(line, LINE_ROLE)
        late = row[Column.LATE]
        if flag:
            late.setForeground(QBrush(QColor(OVERDUE_COLOUR if line.overdue else HELD_COLOUR)))
            late.setFont(bold)
        if line.provisional:
            row[Column.DUE].setForeground(QBrush(QColor(HELD_COLOUR)))
        if line.last_supervision:
            row[Column.NOTE].setToolTip(line.last_supervision)
        return row

    # reading back ----------------------------------------------------------------------------

    def line_at(self, index: QModelIndex) -> BoardLine | None:
        if not index.isValid():
            return None
        found = index.siblingAtColumn(0).data(LINE_ROLE)
        return found if isinstance(found, BoardLine) else None

    def group_at(self, index: QModelIndex) -> BoardGroup | None:
        if not index.isValid():
            return None
        found = index.siblingAtColumn(0).data(GROUP_ROLE)
        return found if isinstance(found, BoardGroup) else None

    def find(self, order_uid: uuid.UUID) -> QModelIndex:
        for group_row in range(self.rowCount()):
            head = self.item(group_row)
            for row in range(head.rowCount()):
                child = head.child(row)
                line = child.data(LINE_ROLE)
                if isinstance(line, BoardLine) and line.order_uid == order_uid:
                    return child.index()
        return QModelIndex()

    def lines(self) -> list[BoardLine]:
        """Every line shown, top to bottom."""
        found: list[BoardLine] = []
        for group_row in range(self.rowCount()):
            head = self.item(group_row)
            found += [head.child(row).data(LINE_ROLE) for row in range(head.rowCount())]
        return found


class BoardDelegate(QStyledItemDelegate):
    """Rows a little taller than text, and the model's row tints painted under the style sheet's
    item rule (which otherwise draws over a background the model gives)."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: IndexType) -> None:
        brush = index.data(Qt.ItemDataRole.BackgroundRole)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if isinstance(brush, QBrush) and not selected:
            painter.fillRect(option.rect, brush)
        super().paint(painter, option, index)

    def sizeHint(self, option: QStyleOptionViewItem, index: IndexType) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), max(hint.height(), ROW_HEIGHT))


# --- the window -------------------------------------------------------------------------------


class OrderBoard(QMainWindow):
    """The overdue board (工单看板: 超时、压单、督办), a window beside the counter (Ctrl+B there).

    Lines are grouped by department and person, the groups with the most overdue orders first,
    each group's lines most urgent first. Filters: all, overdue only, held only, mine (handling
    it or its first-contact owner), and typed text. It reads on the worker when shown, every
    :data:`REFRESH_MS` while shown, on F5 and after a change made from it.

    Keys: Alt+1…4 the filters, Ctrl+F the text filter, F5 read again, Enter (or a double click)
    opens the order page, Alt+D a supervision note (督办, managers only), Esc closes.

    Pages: Enter or a double click emits ``order_requested``; when nothing is connected to it
    the board opens the page itself (:meth:`open_order`, one page per order, its changes read
    again here and its ``special_action`` passed on).

    Signals:
        order_requested(object): the order uid of the line the clerk opened.
        special_action(object, str): a page the board opened asked for the meter change form
            (order uid, action).
        refreshed(object): a reading is on screen (:class:`BoardData`).
        page_opened(object): the board opened an :class:`~ui.orders.order_page.OrderPage`.
    """

    order_requested = Signal(object)
    special_action = Signal(object, str)
    refreshed = Signal(object)
    page_opened = Signal(object)

    def __init__(self, host: OrderHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.engine = host.engine
        self.data: BoardData | None = None
        self.pages: dict[uuid.UUID, OrderPage] = {}
        self.filter = BoardFilter.ALL
        self._collapsed: set[tuple[str, str]] = set()
        self._filling = False
        self._notice = ""
        self.runner, self._owns_runner = self._find_runner(parent)
        self.setWindowTitle(self.tr("Order board"))
        self.setStyleSheet(STYLE_SHEET + DIALOG_STYLE + BOARD_STYLE)
        self.model = BoardModel(self)
        self._build()
        self._shortcuts()
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.resize(1366, 768)

    def _find_runner(self, parent: QWidget | None) -> tuple[OpRunner, bool]:
        if parent is not None:
            try:
                return find_runner(parent), False
            except LookupError:
                pass
        return OpRunner(self), True

    # --- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        central = QWidget(self)
        central.setObjectName("central")
        self.setCentralWidget(central)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(16, 12, 16, 8)
        layout.setSpacing(10)

        heading = QHBoxLayout()
        heading.addWidget(label(central, "boardTitle", self.tr("Order board")))
        heading.addWidget(label(central, "caption", self.tr("Overdue, held, supervision")))
        heading.addStretch(1)
        self.counts = label(central, "counts", "—")
        self.counts.setTextFormat(Qt.TextFormat.RichText)
        self.counts_text = ""
        """The counts as plain text: 超时 5 · 压单 3 · 共 27."""
        heading.addWidget(self.counts)
        layout.addLayout(heading)

        layout.addLayout(self._build_tools(central))

        self.tree = QTreeView(central)
        self.tree.setObjectName("board")
        self.tree.setModel(self.model)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setUniformRowHeights(True)
        self.tree.setItemDelegate(BoardDelegate(self.tree))
        self.tree.setExpandsOnDoubleClick(False)
        self.tree.setIndentation(14)
        self.tree.setWordWrap(False)
        header = self.tree.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.tree.activated.connect(self._activated)
        self.tree.expanded.connect(partial(self._expanded, True))
        self.tree.collapsed.connect(partial(self._expanded, False))
        self.tree.selectionModel().currentChanged.connect(self._current_changed)

        self.empty = label(central, "emptyTitle", "")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(central)
        self.stack.addWidget(self.tree)
        self.stack.addWidget(self.empty)
        layout.addWidget(self.stack, 1)

        self.statusBar().showMessage(self.tr("Reading the open orders…"))

    def _build_tools(self, parent: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(8)
        self.filters = QButtonGroup(self)
        self.filters.setExclusive(True)
        self.filter_buttons: dict[BoardFilter, QPushButton] = {}
        captions = {
            BoardFilter.ALL: self.tr("All"),
            BoardFilter.OVERDUE: self.tr("Overdue only"),
            BoardFilter.HELD: self.tr("Held only"),
            BoardFilter.MINE: self.tr("Mine"),
        }
        for number, (chosen, caption) in enumerate(captions.items(), start=1):
            button = QPushButton(f"{caption}  Alt+{number}", parent)
            button.setObjectName("filter")
            button.setCheckable(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(partial(self.set_filter, chosen))
            self.filters.addButton(button)
            self.filter_buttons[chosen] = button
            row.addWidget(button)
        self.filter_buttons[BoardFilter.ALL].setChecked(True)

        self.search = QLineEdit(parent)
        self.search.setObjectName("field")
        self.search.setPlaceholderText(
            self.tr("Order no., customer, account, person, note… (Ctrl+F)")
        )
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._text_changed)
        self.search.returnPressed.connect(self._to_tree)
        row.addWidget(self.search, 1)

        self.refresh_button = KeyButton(self.tr("Refresh"), "F5", parent)
        self.refresh_button.clicked.connect(self.refresh)
        self.supervise_button = KeyButton(self.tr("Supervise"), "Alt+D", parent)
        self.supervise_button.clicked.connect(self.supervise)
        self.open_button = KeyButton(self.tr("Open"), "Enter", parent, primary=True)
        self.open_button.clicked.connect(self.open_current)
        for button in (self.refresh_button, self.supervise_button, self.open_button):
            row.addWidget(button)
        return row

    def _shortcuts(self) -> None:
        for number, chosen in enumerate(BoardFilter, start=1):
            QShortcut(QKeySequence(f"Alt+{number}"), self, partial(self.set_filter, chosen))
        QShortcut(QKeySequence("Ctrl+F"), self, self._find)
        QShortcut(QKeySequence("F5"), self, self.refresh)
        QShortcut(QKeySequence("Alt+D"), self, self.supervise)
        chain_tab_order(
            [*self.filter_buttons.values(), self.search, self.tree, self.open_button,
             self.supervise_button, self.refresh_button]
        )  # fmt: skip

    # --- showing and hiding ---------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.runner.closed:  # closed once and shown again
            self.runner, self._owns_runner = OpRunner(self), True
        self._update_permissions()
        self.timer.start()
        self.refresh()
        self.tree.setFocus()

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.timer.stop()
        for page in list(self.pages.values()):
            if shiboken6.isValid(page):
                page.close()
        super().closeEvent(event)
        if self._owns_runner:
            self.runner.shutdown()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        focused = self.focusWidget()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and isinstance(
            focused, QPushButton
        ):  # the tree and the text box handle their own Enter
            event.accept()
            focused.click()
            return
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            if self.search.hasFocus() and self.search.text():
                self.search.clear()
            else:
                self.close()
            return
        super().keyPressEvent(event)

    # --- reading --------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the board again on the worker (the newest request wins); a hidden board
        does not read (it reads when shown)."""
        if self.runner.closed or not self.isVisible():
            return
        job = partial(board_job, self.engine, self.host.clock())
        Op(self, job, key="order-board", runner=self.runner).success(self._read).failure(
            self._not_read
        ).run()

    def _read(self, data: BoardData) -> None:
        self.data = data
        self.model.set_names(data.names, data.services)
        self._update_permissions()
        self._show()
        overdue = sum(1 for line in data.lines if line.overdue)
        held = sum(1 for line in data.lines if line.held)
        self.counts_text = (
            self.tr("Overdue %1 · Held %2 · Total %3")
            .replace("%1", str(overdue))
            .replace("%2", str(held))
            .replace("%3", str(len(data.lines)))
        )
        parts = self.counts_text.split(" · ")
        if len(parts) == 3:  # the late ones in their colours, as on the lines
            parts[0] = f'<span style="color: {OVERDUE_COLOUR}">{html.escape(parts[0])}</span>'
            parts[1] = f'<span style="color: {HELD_COLOUR}">{html.escape(parts[1])}</span>'
            parts[2] = html.escape(parts[2])
            self.counts.setText(" · ".join(parts))
        else:
            self.counts.setText(html.escape(self.counts_text))
        status = (
            self.tr("Read at %1; held means untouched for %2 working days. Reads again every "
                    "minute.")
            .replace("%1", f"{local(data.read_at):%H:%M}")
            .replace("%2", str(data.held_after))
        )  # fmt: skip
        if self._notice:  # what the clerk just did stays in view until the next reading
            status, self._notice = f"{self._notice}  {status}", ""
        self.statusBar().showMessage(status)
        self.refreshed.emit(data)

    def _not_read(self, error: Exception) -> None:
        self.statusBar().showMessage(
            self.tr("The board could not be read: %1").replace("%1", error_text(error))
        )

    # --- filters --------------------------------------------------------------------------------

    def set_filter(self, chosen: BoardFilter) -> None:
        self.filter = chosen
        self.filter_buttons[chosen].setChecked(True)
        self._show()

    def _find(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _to_tree(self) -> None:
        self.tree.setFocus()
        first = self._first_line()
        if first.isValid():
            self.tree.setCurrentIndex(first)

    def _first_line(self) -> QModelIndex:
        for row in range(self.model.rowCount()):
            head = self.model.index(row, 0)
            if self.model.rowCount(head):
                return self.model.index(0, 0, head)
        return QModelIndex()

    def _text_changed(self, _text: str) -> None:
        self._show()

    def shown_lines(self) -> list[BoardLine]:
        """The lines the filters let through, in the order shown."""
        return self.model.lines()

    def _show(self) -> None:
        data = self.data
        if data is None:
            return
        clerk = self.host.clerk()
        text = self.search.text()
        words = None
        if text.strip():
            words = {line.order_uid: self.model.search_words(line) for line in data.lines}
        lines = choose(data.lines, self.filter, clerk_no=clerk.number if clerk else None,
                       text=text, words=words)  # fmt: skip
        current = self.model.line_at(self.tree.currentIndex())
        self._filling = True
        try:
            self.model.fill(grouped(lines))
            for row in range(self.model.rowCount()):
                self.tree.setFirstColumnSpanned(row, QModelIndex(), True)
                group = self.model.group_at(self.model.index(row, 0))
                key = (group.department, group.handler_no) if group else ("", "")
                self.tree.setExpanded(self.model.index(row, 0), key not in self._collapsed)
        finally:
            self._filling = False
        again = self.model.find(current.order_uid) if current is not None else QModelIndex()
        if not again.isValid():
            again = self._first_line()
        if again.isValid():
            self.tree.setCurrentIndex(again)
        if lines:
            self.stack.setCurrentWidget(self.tree)
        else:
            self.empty.setText(
                self.tr("No open orders.") if not data.lines
                else self.tr("No order matches the filter.")
            )  # fmt: skip
            self.stack.setCurrentWidget(self.empty)
        self._current_changed()

    def _expanded(self, expanded: bool, index: QModelIndex) -> None:
        if self._filling:
            return
        group = self.model.group_at(index)
        if group is None:
            return
        key = (group.department, group.handler_no)
        if expanded:
            self._collapsed.discard(key)
        else:
            self._collapsed.add(key)

    def _current_changed(self, *_args: object) -> None:
        has_line = self.model.line_at(self.tree.currentIndex()) is not None
        self.open_button.setEnabled(has_line)
        self.supervise_button.setEnabled(has_line)

    def _update_permissions(self) -> None:
        clerk = self.host.clerk()
        self.supervise_button.setVisible(clerk is not None and clerk.can(Permission.SUPERVISE))

    # --- acting ---------------------------------------------------------------------------------

    def _activated(self, index: QModelIndex) -> None:
        if self.model.group_at(index) is not None:
            head = index.siblingAtColumn(0)
            self.tree.setExpanded(head, not self.tree.isExpanded(head))
            return
        self.open_current()

    def current_line(self) -> BoardLine | None:
        return self.model.line_at(self.tree.currentIndex())

    def open_current(self) -> None:
        """The chosen line's page: the window's to open when it listens to
        ``order_requested``, else the board's own (:meth:`open_order`)."""
        line = self.current_line()
        if line is None:
            return
        if self.receivers(SIGNAL("order_requested(PyObject)")) > 0:
            self.order_requested.emit(line.order_uid)
        else:
            self.open_order(line.order_uid)

    def open_order(self, order_uid: uuid.UUID) -> OrderPage:
        """The order's page (one per order: an open one is brought to the front)."""
        page = self.pages.get(order_uid)
        if page is not None and shiboken6.isValid(page):
            page.raise_()
            page.activateWindow()
            return page
        page = OrderPage(self.host, order_uid, self)
        page.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        page.changed.connect(self.refresh)
        page.special_action.connect(self.special_action)
        page.destroyed.connect(partial(self._page_gone, order_uid))
        self.pages[order_uid] = page
        page.show()
        self.page_opened.emit(page)
        return page

    def _page_gone(self, order_uid: uuid.UUID, _object: object = None) -> None:
        self.pages.pop(order_uid, None)

    def supervise(self) -> OrderActDialog | None:
        """督办 on the chosen line: a manager's note in the order's history."""
        line = self.current_line()
        clerk = self.host.clerk()
        if clerk is None or not clerk.can(Permission.SUPERVISE):
            self.statusBar().showMessage(self.tr("Only a manager writes supervision notes."))
            return None
        if line is None:
            self.statusBar().showMessage(self.tr("Choose an order first."))
            return None
        late = self.model.late_text(line)
        summary = f"{line.order_no}  {line.customer_name}\n{self.model.kind_text(line)}"
        if late:
            summary += f" · {late}"
        dialog = OrderActDialog(
            self.engine, self, clock=self.host.clock, title=self.tr("Supervision note"),
            summary=summary, go_label=self.tr("Save note"),
            work=partial(supervise_job, self.engine, clerk, line.order_uid), note_required=True,
        )  # fmt: skip
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.acted.connect(partial(self._supervised, line.order_no))
        dialog.open()
        return dialog

    def _supervised(self, order_no: str, _order: object) -> None:
        self._notice = self.tr("Supervision note saved for %1.").replace("%1", order_no)
        self.statusBar().showMessage(self._notice)
        self.host.orders_changed()
        self.refresh()
