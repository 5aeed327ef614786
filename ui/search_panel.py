# Qt calls its virtual methods by their camelCase names (rowCount, eventFilter…).
# ruff: noqa: N802
"""The search column (查询客户): 户号, 表号, phone, name or address in one box, results as you type.

Why it debounces and keys its searches: a clerk types faster than a search returns, and with a queue
watching the list must never flicker back to an older result. One search runs per pause of
:data:`DEBOUNCE_MS`, on the window's worker thread (:mod:`ui.operations`) under the key
``"search"``, so only the newest search's result reaches the screen.
"""

from __future__ import annotations

from functools import partial
from typing import Final

from PySide6.QtCore import QAbstractTableModel, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from counterdesk.store.search import (
    SearchError,
    SearchHit,
    SearchProblem,
    SearchResult,
    normalize_query,
    search_accounts,
)
from ui.chips import CHIPS_ROLE, ChipDelegate, hit_chips
from ui.operations import Op, find_runner
from ui.widgets import ROOT, IndexType, label, read_only_table

DEBOUNCE_MS: Final = 150
"""How long the search box waits after a key before searching: one search per burst of typing."""


def search_job(engine: Engine, text: str) -> tuple[str, SearchResult]:
    """Runs on the worker: the accounts matching ``text``, returned with the text they are for."""
    with engine.connect() as connection:
        return text, search_accounts(connection, text)


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

    def rowCount(self, parent: IndexType = ROOT) -> int:
        return 0 if parent.isValid() else len(self._hits)

    def columnCount(self, parent: IndexType = ROOT) -> int:
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: IndexType, role: int = Qt.ItemDataRole.DisplayRole) -> object:
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
        self.message = label(self, "searchMessage")
        self.message.setWordWrap(True)
        self.message.setMinimumHeight(self.message.fontMetrics().height() + 4)
        self.model = SearchResultsModel(self)
        self.table = read_only_table(self, "results", self.model, row_height=32)
        self.table.setItemDelegateForColumn(SearchResultsModel.STATUS, ChipDelegate(self.table))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(
            SearchResultsModel.ADDRESS, QHeaderView.ResizeMode.Stretch
        )
        self.table.doubleClicked.connect(lambda _index: self.open_selected())

        top = QHBoxLayout()
        top.addWidget(label(self, "panelTitle", self.tr("Find a customer")))
        top.addStretch(1)
        top.addWidget(label(self, "keycap", "F6"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 12)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.box)
        layout.addWidget(self.message)
        layout.addWidget(self.table, 1)
        layout.addWidget(label(self, "hint", self.tr("↑ ↓ select · Enter open · Esc clear")))

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
            Op(self, partial(search_job, self._engine, text), key="search")
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

    def show_found(self, result: SearchResult, message: str) -> None:
        """Show accounts found another way (a card, an ID card) for the clerk to choose from."""
        self._debounce.stop()
        self._open_when_found = False
        self.box.blockSignals(True)
        self.box.clear()
        self.box.blockSignals(False)
        self._shown_text = self._pending_text = ""
        self.model.set_hits(result.hits)
        self._say(message)
        if result.hits:
            self.table.selectRow(0)
            self.table.scrollToTop()
            self.table.setFocus()

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
