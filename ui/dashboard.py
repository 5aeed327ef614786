# Qt calls its virtual methods by their camelCase names (paintEvent…).
# ruff: noqa: N802
"""The hall manager's dashboard (大堂经理看板): the queue now, today's service, clerks' stars.

Two sources, each for what it is good at. The live picture (waiting per line, the first in each
line, every window's state) comes from :class:`ui.hall_live.HallLive`, which follows the server's
events: a ticket issued at the kiosk shows here within the second, without a request. The day's
figures (average wait and service, tickets per hour, satisfaction, the alerts) are sums over the
stored tickets (``GET /hall/stats``), fetched on the worker every :data:`REFRESH_SECONDS` and
shortly after the events that change them, at most once per :data:`MIN_GAP_MS`.

Clocks: waits are measured on the hall server's clock, not this computer's (they may differ, and
tests run the server on a step clock). Each answer and event carries the server's time; between
them the dashboard adds the time elapsed here, so the longest wait ticks every second with no
request, and the wait alert appears the second the first in line passes the target.

Offline, the last figures stay on screen under a calm banner saying how old they are.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any, Final

import httpx
from PySide6.QtCore import QCoreApplication, QDate, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from counterdesk.domain.workdays import CHINA_STANDARD_TIME
from counterdesk.queue.client import HallClient, HallUnavailableError
from counterdesk.queue.errors import QueueError
from counterdesk.queue.model import WindowState
from counterdesk.queue.stars import star_text
from counterdesk.queue.stats import WindowNow, suggestion, whole_percent
from ui.app import WINDOW_SIZE, start_application
from ui.chips import Tone
from ui.hall_live import HallLive
from ui.messages import error_text
from ui.operations import Op, OpRunner

log = logging.getLogger(__name__)

REFRESH_SECONDS: Final = 12.0
MIN_GAP_MS: Final = 2000
"""After an event the figures are read again, but not more often than this: a busy hall sends
several events a second, and one read covers them all."""
CLOCK_CORRECTION: Final = timedelta(minutes=1)
EXPORT_TIMEOUT: Final = httpx.Timeout(30.0, connect=2.0)

STYLE_SHEET: Final = """
QMainWindow, QWidget#central { background: #F2F4F7; }
QFrame#tile, QFrame#card { background: #FFFFFF; border: 1px solid #E4E7EC; border-radius: 8px; }
QLabel { color: #101828; }
QLabel#tileTitle, QLabel#sectionTitle { color: #475467; font-weight: 600; }
QLabel#tileValue { font-size: 24pt; font-weight: 600; }
QLabel#tileValue[late="true"] { color: #B42318; }
QLabel#tileNote, QLabel#caption { color: #667085; }
QLabel#title { font-size: 15pt; font-weight: 600; }
QLabel#clock { font-size: 15pt; color: #344054; }
QFrame#alertBanner { background: #FEF0C7; border: 1px solid #FEDF89; border-radius: 6px; }
QFrame#alertBanner QLabel { color: #7A2E0E; font-size: 12pt; }
QFrame#offlineBanner { background: #F2F4F7; border: 1px solid #D0D5DD; border-radius: 6px; }
QFrame#offlineBanner QLabel { color: #344054; }
QTableWidget { border: none; background: #FFFFFF; outline: 0; }
QTableWidget::item { padding: 0px 8px; border-bottom: 1px solid #F2F4F7; }
QHeaderView::section { background: #FFFFFF; color: #667085; border: none;
    border-bottom: 1px solid #E4E7EC; padding: 6px 8px; }
QStatusBar { background: #FFFFFF; border-top: 1px solid #E4E7EC; color: #475467; }
"""

STATE_TONES: Final = {
    WindowState.OPEN: ("#067647", "#DCFAE6"),
    WindowState.SERVING: Tone.BLUE.value[:2],
    WindowState.PAUSED: Tone.ORANGE.value[:2],
    WindowState.CLOSED: ("#667085", "#F2F4F7"),
}
ISSUED_COLOUR: Final = "#B2DDFF"
SERVED_COLOUR: Final = "#1570EF"


def parse_time(text: str | None) -> datetime | None:
    return None if not text else datetime.fromisoformat(text).astimezone(UTC)


def clock_text(seconds: float | None) -> str:
    """``12:05`` or ``1:02:05``: a wait as a wall clock would show it; ``—`` when none."""
    if seconds is None:
        return "—"
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def percent(share: float | None) -> str:
    """Whole percent, rounded down as the alerts are: 84.6 % shows 84 %, never the 85 % goal."""
    return "—" if share is None else f"{whole_percent(share)}%"


def minutes_text(seconds: float | None) -> str:
    """``6.5 分钟``: a duration for the tables and tiles (shared words: context ``Dashboard``)."""
    if seconds is None:
        return "—"
    return QCoreApplication.translate("Dashboard", "%1 min").replace("%1", f"{seconds / 60:.1f}")


def download(base_url: str, path: str) -> bytes:
    """Runs on the worker: a file from the hall server (the client's ``get`` answers JSON)."""
    try:
        response = httpx.get(base_url.rstrip("/") + path, timeout=EXPORT_TIMEOUT)
    except httpx.TransportError as error:
        raise HallUnavailableError(base_url) from error
    if response.status_code != httpx.codes.OK:
        raise QueueError("The hall server answered {status}.", status=response.status_code)
    return response.content


def save_file(base_url: str, path: str, target: Path) -> Path:
    """Runs on the worker: download ``path`` and write it to ``target``."""
    target.write_bytes(download(base_url, path))
    return target


class HourChart(QWidget):
    """Tickets issued and served per local hour, as pairs of bars (QPainter: Qt Charts is
    deprecated and heavy for ten pairs of bars)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.hours: list[tuple[int, int, int]] = []
        self.setMinimumHeight(180)

    def set_hours(self, hours: Sequence[dict[str, Any]]) -> None:
        self.hours = [(int(h["hour"]), int(h["issued"]), int(h["served"])) for h in hours]
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(420, 240)

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        line = metrics.height()
        legend = [(self.tr("Issued"), ISSUED_COLOUR), (self.tr("Served"), SERVED_COLOUR)]
        x = 8.0
        for text, colour in legend:
            painter.fillRect(QRectF(x, 4, line * 0.8, line * 0.8), QColor(colour))
            x += line
            painter.setPen(QColor("#475467"))
            painter.drawText(QRectF(x, 0, 200, line + 4), Qt.AlignmentFlag.AlignVCenter, text)
            x += metrics.horizontalAdvance(text) + line
        if not self.hours:
            painter.end()
            return
        top, bottom = line * 2.5, self.height() - line * 1.6
        left, right = 8.0, self.width() - 8.0
        peak = max(1, *(max(i, s) for _, i, s in self.hours))
        slot = (right - left) / len(self.hours)
        bar = max(2.0, slot * 0.32)
        painter.setPen(QPen(QColor("#E4E7EC")))
        painter.drawLine(int(left), int(bottom), int(right), int(bottom))
        for index, (hour, issued, served) in enumerate(self.hours):
            x0 = left + index * slot + slot / 2 - bar
            pairs = ((0.0, issued, ISSUED_COLOUR), (bar, served, SERVED_COLOUR))
            for offset, value, colour in pairs:
                height = (bottom - top) * value / peak
                rect = QRectF(x0 + offset, bottom - height, bar - 1, height)
                painter.fillRect(rect, QBrush(QColor(colour)))
                if value:
                    painter.setPen(QColor("#344054"))
                    label = QRectF(rect.x() - 10, rect.y() - line, rect.width() + 20, line)
                    painter.drawText(label, Qt.AlignmentFlag.AlignCenter, str(value))
            painter.setPen(QColor("#667085"))
            caption = QRectF(left + index * slot, bottom + 2, slot, line)
            painter.drawText(caption, Qt.AlignmentFlag.AlignCenter, f"{hour}")
        painter.end()


class Tile(QFrame):
    """One figure: a title, a large value and a note under it."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.title = QLabel(title, self)
        self.title.setObjectName("tileTitle")
        self.value = QLabel("—", self)
        self.value.setObjectName("tileValue")
        self.note = QLabel("", self)
        self.note.setObjectName("tileNote")
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.value)
        layout.addWidget(self.note)
        layout.addStretch(1)

    def show_value(self, value: str, note: str = "", *, late: bool = False) -> None:
        self.value.setText(value)
        self.note.setText(note)
        if self.value.property("late") != late:
            self.value.setProperty("late", late)
            self.value.style().unpolish(self.value)
            self.value.style().polish(self.value)


def _table(parent: QWidget, heads: Sequence[str]) -> QTableWidget:
    table = QTableWidget(0, len(heads), parent)
    table.setHorizontalHeaderLabels(list(heads))
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(30)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    return table


def _fit(table: QTableWidget, most: int) -> None:
    """Make ``table`` as tall as its rows (at most ``most``), so short tables leave the room to
    the others and no row hides behind a scroll bar."""
    rows = min(max(table.rowCount(), 1), most)
    header = table.horizontalHeader().sizeHint().height()
    frame = 2 * table.frameWidth()
    table.setFixedHeight(header + rows * table.verticalHeader().defaultSectionSize() + frame)


def _fill(table: QTableWidget, rows: Sequence[Sequence[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = table.item(r, c)
            if item is None:
                item = QTableWidgetItem()
                table.setItem(r, c, item)
            item.setText(text)


def _banner(parent: QWidget, name: str) -> tuple[QFrame, QLabel]:
    banner = QFrame(parent)
    banner.setObjectName(name)
    text = QLabel(banner)
    text.setWordWrap(True)
    text.setTextFormat(Qt.TextFormat.PlainText)
    row = QHBoxLayout(banner)
    row.setContentsMargins(12, 6, 12, 6)
    row.addWidget(text, 1)
    banner.hide()
    return banner, text


def _titled(parent: QWidget, title: str, body: QWidget) -> QFrame:
    card = QFrame(parent)
    card.setObjectName("card")
    heading = QLabel(title, card)
    heading.setObjectName("sectionTitle")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(12, 10, 12, 10)
    layout.addWidget(heading)
    layout.addWidget(body, 1)
    return card


class HallPage(QWidget):
    """The hall now: the figures' tiles, the windows, tickets per hour and each line's day.

    It shows what it is given (the live state, the day's figures, the server's time); it reads
    nothing itself.
    """

    def __init__(self, live: HallLive, language: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.live = live
        self.language = language
        self.line_codes: list[str] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(8)
        tiles = QGridLayout()
        tiles.setSpacing(8)
        self.waiting_tile = Tile(self.tr("Waiting now"), self)
        self.longest_tile = Tile(self.tr("Longest wait now"), self)
        self.wait_tile = Tile(self.tr("Average wait today"), self)
        self.service_tile = Tile(self.tr("Average service today"), self)
        self.satisfaction_tile = Tile(self.tr("Satisfaction today"), self)
        order = (
            self.waiting_tile,
            self.longest_tile,
            self.wait_tile,
            self.service_tile,
            self.satisfaction_tile,
        )
        for column, tile in enumerate(order):
            tiles.addWidget(tile, 0, column)
        layout.addLayout(tiles)

        middle = QHBoxLayout()
        middle.setSpacing(8)
        heads = (self.tr("Window"), self.tr("State"), self.tr("Clerk"), self.tr("Ticket"))
        self.windows_table = _table(self, [*heads, self.tr("For")])
        self.chart = HourChart(self)
        middle.addWidget(_titled(self, self.tr("Windows"), self.windows_table), 3)
        middle.addWidget(_titled(self, self.tr("Tickets per hour"), self.chart), 2)
        layout.addLayout(middle, 3)
        self.lines_table = _table(
            self,
            [
                self.tr("Line"),
                self.tr("Waiting"),
                self.tr("Longest now"),
                self.tr("Issued"),
                self.tr("Served"),
                self.tr("No-shows"),
                self.tr("Avg wait"),
                self.tr("Avg service"),
                self.tr("Within target"),
            ],
        )
        layout.addWidget(_titled(self, self.tr("Lines today"), self.lines_table))

    def line_name(self, code: str) -> str:
        """``A 缴费业务``: the letter on the tickets and the line's name."""
        return f"{code} {self.live.category_name(code, self.language)}"

    def _by_sort(self, values: dict[str, Any]) -> list[tuple[str, Any]]:
        categories = self.live.state.get("categories", [])
        order = {c["code"]: (c.get("sort", 0), c["code"]) for c in categories}
        return sorted(values.items(), key=lambda item: order.get(item[0], (99, item[0])))

    def _state_word(self, state: str) -> str:
        words = {
            WindowState.OPEN: self.tr("Free"),
            WindowState.SERVING: self.tr("Serving"),
            WindowState.PAUSED: self.tr("Paused"),
            WindowState.CLOSED: self.tr("Closed"),
        }
        return words.get(WindowState(state), state)

    def show_live(self, stats: dict[str, Any]) -> None:
        """The live state changed: waiting, the windows, the lines' waiting column."""
        waiting: dict[str, int] = self.live.state.get("waiting", {})
        parts = [f"{code} {count}" for code, count in self._by_sort(waiting)]
        self.waiting_tile.show_value(str(sum(waiting.values())), " · ".join(parts))
        windows = self.live.state.get("windows", [])
        rows = []
        for window in windows:
            clerk = " ".join(p for p in (window.get("clerk_no"), window.get("clerk_name")) if p)
            current = window.get("current") or {}
            state = self._state_word(window["state"])
            rows.append([window["name"], state, clerk or "—", current.get("number", "—"), ""])
        _fill(self.windows_table, rows)
        for row, window in enumerate(windows):
            ink, paper = STATE_TONES.get(WindowState(window["state"]), ("#344054", "#FFFFFF"))
            item = self.windows_table.item(row, 1)
            if item is not None:  # the state's word in its colour, bold: never colour alone
                item.setForeground(QColor(ink))
                item.setBackground(QColor(paper))
                bold = QFont(item.font())
                bold.setBold(True)
                item.setFont(bold)
        self.show_lines(stats)

    def show_stats(self, stats: dict[str, Any]) -> None:
        """The day's figures arrived: the tiles, the chart and the lines."""
        total = stats["total"]
        target = stats["targets"]["wait_minutes"]
        within = percent(total.get("within_target_share"))
        self.wait_tile.show_value(
            minutes_text(total.get("average_wait")),
            self.tr("%1 called within %2 min").replace("%1", within).replace("%2", str(target)),
        )
        self.service_tile.show_value(
            minutes_text(total.get("average_service")),
            self.tr("%1 served · %2 no-shows")
            .replace("%1", str(total["served"]))
            .replace("%2", str(total["no_shows"])),
        )
        ratings = stats["ratings"]
        average = ratings.get("average")
        self.satisfaction_tile.show_value(
            percent(ratings.get("satisfaction")),
            self.tr("%1 ratings · average %2")
            .replace("%1", str(ratings["count"]))
            .replace("%2", "—" if average is None else f"{average:.1f}"),
        )
        self.chart.set_hours(stats.get("hours", []))
        self.show_lines(stats)

    def show_lines(self, stats: dict[str, Any]) -> None:
        waiting: dict[str, int] = self.live.state.get("waiting", {})
        lines = {c["code"]: c for c in stats.get("categories", [])}
        self.line_codes = [c for c, _ in self._by_sort({**dict.fromkeys(lines), **waiting})]
        rows = []
        for code in self.line_codes:
            line = lines.get(code, {})
            rows.append(
                [
                    self.line_name(code),
                    str(waiting.get(code, line.get("waiting", 0))),
                    "",
                    str(line.get("issued", 0)),
                    str(line.get("served", 0)),
                    str(line.get("no_shows", 0)),
                    minutes_text(line.get("average_wait")),
                    minutes_text(line.get("average_service")),
                    percent(line.get("within_target_share")),
                ]
            )
        _fill(self.lines_table, rows)
        _fit(self.lines_table, most=6)

    def tick(self, now: datetime | None, target: int) -> tuple[str, float] | None:
        """Every second: the waits and the windows' times; returns the longest wait now."""
        oldest = {
            code: moment
            for code, at in self.live.state.get("oldest", {}).items()
            if (moment := parse_time(at)) is not None
        }
        longest: tuple[str, float] | None = None
        if now is not None and oldest:
            code, first = min(oldest.items(), key=lambda item: item[1])
            longest = (code, (now - first).total_seconds())
        if longest is None:
            self.longest_tile.show_value("—", self.tr("Nobody waiting"))
        else:
            self.longest_tile.show_value(
                clock_text(longest[1]),
                self.tr("Line %1 · target %2 min")
                .replace("%1", self.line_name(longest[0]))
                .replace("%2", str(target)),
                late=longest[1] > target * 60,
            )
        for row, code in enumerate(self.line_codes):
            head = oldest.get(code)
            item = self.lines_table.item(row, 2)
            if item is not None:
                waited = None if now is None or head is None else (now - head).total_seconds()
                item.setText(clock_text(waited))
        for row, window in enumerate(self.live.state.get("windows", [])):
            since = parse_time(window.get("since"))
            item = self.windows_table.item(row, 4)
            if item is not None:
                closed = window["state"] == WindowState.CLOSED
                shown = None if closed or since is None or now is None else now - since
                item.setText("—" if shown is None else clock_text(shown.total_seconds()))
        return longest


class ClerksPage(QWidget):
    """Clerks by month with their stars, and by day; the month and the day are picked here.

    Signals:
        picked(): the manager picked another month or day.
        export_requested(): the manager pressed "Export to Excel…".
    """

    picked = Signal()
    export_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.by_hand = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        controls = QHBoxLayout()
        self.month_edit = QDateEdit(QDate.currentDate(), self)
        self.month_edit.setDisplayFormat("yyyy-MM")
        self.day_edit = QDateEdit(QDate.currentDate(), self)
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        self.day_edit.setCalendarPopup(True)
        self.export_button = QPushButton(self.tr("Export to Excel…"), self)
        self.export_button.clicked.connect(self.export_requested)
        controls.addWidget(QLabel(self.tr("Month"), self))
        controls.addWidget(self.month_edit)
        controls.addSpacing(16)
        controls.addWidget(QLabel(self.tr("Day"), self))
        controls.addWidget(self.day_edit)
        controls.addStretch(1)
        controls.addWidget(self.export_button)
        layout.addLayout(controls)
        self.month_edit.dateChanged.connect(self._changed)
        self.day_edit.dateChanged.connect(self._changed)

        self.month_table = _table(
            self,
            [
                self.tr("Clerk"),
                self.tr("Days"),
                self.tr("Served"),
                self.tr("Standard min"),
                self.tr("Avg service"),
                self.tr("Ratings"),
                self.tr("Avg rating"),
                self.tr("Satisfied"),
                self.tr("Score"),
                self.tr("Stars"),
            ],
        )
        self.rules_label = QLabel("", self)
        self.rules_label.setObjectName("caption")
        self.rules_label.setWordWrap(True)
        month_card = _titled(self, self.tr("This month"), self.month_table)
        month_layout = month_card.layout()
        assert isinstance(month_layout, QVBoxLayout)
        month_layout.addWidget(self.rules_label)
        layout.addWidget(month_card, 3)
        heads = (self.tr("Clerk"), self.tr("Served"), self.tr("Avg service"))
        rated = (self.tr("Ratings"), self.tr("Avg rating"), self.tr("Satisfied"))
        self.day_table = _table(self, [*heads, *rated])
        layout.addWidget(_titled(self, self.tr("The day"), self.day_table))

    def month(self) -> str:
        return self.month_edit.date().toString("yyyy-MM")

    def day(self) -> str:
        return self.day_edit.date().toString("yyyy-MM-dd")

    def follow_day(self, day: str) -> None:
        """The hall's business day: both pickers follow it until the manager picks by hand."""
        if self.by_hand:
            return
        picked = QDate.fromString(day, "yyyy-MM-dd")
        for edit in (self.month_edit, self.day_edit):
            edit.blockSignals(True)
            edit.setDate(picked)
            edit.blockSignals(False)

    def _changed(self) -> None:
        self.by_hand = True
        self.picked.emit()

    def export_query(self, language: str) -> str:
        """The month's workbook, with the picked day's hours when the day is in that month."""
        query = f"/hall/export.xlsx?month={self.month()}&lang={language}"
        if self.day().startswith(self.month()):
            query += f"&day={self.day()}"
        return query

    @staticmethod
    def _clerk(tally: dict[str, Any]) -> str:
        return " ".join(p for p in (tally["key"], tally.get("name")) if p)

    @staticmethod
    def _service_cells(tally: dict[str, Any]) -> list[str]:
        ratings = tally["ratings"]
        average = ratings.get("average")
        return [
            minutes_text(tally.get("average_service")),
            str(ratings["count"]),
            "—" if average is None else f"{average:.2f}",
            percent(ratings.get("satisfaction")),
        ]

    def show_month(self, month: dict[str, Any]) -> None:
        stars = month.get("stars", {})
        rows = []
        for clerk in month.get("clerks", []):
            tally = clerk["tally"]
            rating = stars.get(tally["key"], {})
            rated = rating.get("stars") is not None
            rows.append(
                [
                    self._clerk(tally),
                    str(clerk["days_worked"]),
                    str(tally["served"]),
                    f"{rating['workload_minutes']:.0f}" if rating else "—",
                    *self._service_cells(tally),
                    f"{rating['score']:.1f}" if rated else "—",
                    star_text(rating["stars"]) if rated else self.tr("Not rated this month"),
                ]
            )
        _fill(self.month_table, rows)
        rules = month.get("rules")
        if rules:
            weight = int(rules["volume_weight"])
            self.rules_label.setText(
                self.tr(
                    "Score = %1 points for the workload (against the month's best) + %2 points "
                    "for the ratings; fewer than %3 ratings: not rated. Stars at %4."
                )
                .replace("%1", str(weight))
                .replace("%2", str(100 - weight))
                .replace("%3", str(rules["minimum_ratings"]))
                .replace("%4", " / ".join(str(t) for t in rules["thresholds"]))
            )

    def show_day(self, day: dict[str, Any]) -> None:
        rows = [
            [self._clerk(t), str(t["served"]), *self._service_cells(t)]
            for t in day.get("clerks", [])
        ]
        _fill(self.day_table, rows)
        _fit(self.day_table, most=8)


class DashboardWindow(QMainWindow):
    """The dashboard on the hall server at ``server_url``: the hall now, and the clerks.

    ``refresh_seconds`` is how often the day's figures are read without an event (tests shorten
    it). All HTTP runs on the window's :class:`OpRunner` worker; :meth:`shutdown` (also on
    close) stops the event stream, the timers and the worker.

    Signals:
        stats_shown(dict): the day's figures arrived and are on screen.
        clerks_shown(dict): a month's clerk figures arrived and are on screen.
        export_saved(str): the workbook was written to this path.
    """

    stats_shown = Signal(dict)
    clerks_shown = Signal(dict)
    export_saved = Signal(str)

    def __init__(
        self,
        server_url: str,
        *,
        language: str = "zh_CN",
        refresh_seconds: float = REFRESH_SECONDS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.server_url = server_url.rstrip("/")
        self.language = language
        self.client = HallClient(self.server_url)
        self.runner = OpRunner(self)
        self.live = HallLive(self.server_url, self)
        self.stats: dict[str, Any] = {}
        self.alerts: list[dict[str, Any]] = []
        """The server's alerts but the wait alert, which is worked out here every second."""
        self._server_now: datetime | None = None
        self._server_mono = 0.0
        self._last_read = -1e9
        self._fetched_at: datetime | None = None
        self._closed = False
        self.setWindowTitle(self.tr("Hall dashboard"))
        self.setStyleSheet(STYLE_SHEET)
        self._build()

        self.live.state_changed.connect(self._live_changed)
        self.live.event.connect(self._on_event)
        self.live.online_changed.connect(self._show_online)
        self.clerks.picked.connect(self.refresh_clerks)
        self.clerks.export_requested.connect(self.choose_export)
        self._periodic = QTimer(self, interval=int(refresh_seconds * 1000))
        self._periodic.timeout.connect(self.refresh)
        self._soon = QTimer(self, singleShot=True)
        self._soon.timeout.connect(self.refresh)
        self._ticker = QTimer(self, interval=1000)
        self._ticker.timeout.connect(self._tick)
        self.live.start()
        self._periodic.start()
        self._ticker.start()
        self.refresh()

    def _build(self) -> None:
        central = QWidget(self)
        central.setObjectName("central")
        self.setCentralWidget(central)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(14, 10, 14, 8)
        layout.setSpacing(8)
        header = QHBoxLayout()
        self.title = QLabel(self.tr("Hall dashboard"), central)
        self.title.setObjectName("title")
        self.clock = QLabel("", central)
        self.clock.setObjectName("clock")
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.clock)
        layout.addLayout(header)
        self.alert_banner, self.alert_label = _banner(central, "alertBanner")
        self.offline_banner, self.offline_label = _banner(central, "offlineBanner")
        self.offline_label.setText(self.tr("Connecting to the hall server…"))
        self.offline_banner.show()
        layout.addWidget(self.alert_banner)
        layout.addWidget(self.offline_banner)
        self.hall = HallPage(self.live, self.language, central)
        self.clerks = ClerksPage(central)
        self.tabs = QTabWidget(central)
        self.tabs.addTab(self.hall, self.tr("Hall now"))
        self.tabs.addTab(self.clerks, self.tr("Clerks"))
        self.tabs.currentChanged.connect(self._tab_changed)
        layout.addWidget(self.tabs, 1)
        self.statusBar().showMessage(self.tr("Reading the day's figures…"))

    # --- reading ------------------------------------------------------------------------------

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.clerks:
            self.refresh_clerks()

    def refresh(self) -> None:
        """Read the day's figures (and the clerks' when their tab is open) on the worker."""
        if self._closed:
            return
        self._last_read = time.monotonic()
        Op(self, partial(self.client.get, "/hall/stats"), key="stats").success(
            self._show_stats
        ).failure(self._read_failed).run()
        if self.tabs.currentWidget() is self.clerks:
            self.refresh_clerks()

    def refresh_clerks(self) -> None:
        if self._closed:
            return
        month = partial(self.client.get, f"/hall/clerks?month={self.clerks.month()}")
        Op(self, month, key="clerks").success(self._show_month).failure(self._read_failed).run()
        day = partial(self.client.get, f"/hall/stats?day={self.clerks.day()}")
        Op(self, day, key="clerk_day").success(self.clerks.show_day).failure(
            self._read_failed
        ).run()

    def _refresh_soon(self) -> None:
        """After an event: read again, but not sooner than :data:`MIN_GAP_MS` after the last."""
        if self._soon.isActive():
            return
        since = (time.monotonic() - self._last_read) * 1000
        self._soon.start(int(max(0.0, MIN_GAP_MS - since)))

    def _read_failed(self, error: Exception) -> None:
        self.statusBar().showMessage(error_text(error))
        if isinstance(error, HallUnavailableError):
            self._show_online(False)

    # --- the server's clock -------------------------------------------------------------------

    def _set_server_time(self, moment: datetime | None) -> None:
        """Take the server's word for the time, unless it is a little behind our estimate.

        A time in an answer or an event was read on the server before it travelled here, so it
        is always slightly late: the clock on screen never steps back for that. A time a minute
        or more behind is a corrected server clock, and is taken.
        """
        if moment is None:
            return
        estimate = self.server_now()
        if estimate is None or moment > estimate or estimate - moment > CLOCK_CORRECTION:
            self._server_now, self._server_mono = moment, time.monotonic()

    def server_now(self) -> datetime | None:
        """The hall server's time now: its last word plus the time elapsed here since."""
        if self._server_now is None:
            return None
        return self._server_now + timedelta(seconds=time.monotonic() - self._server_mono)

    @staticmethod
    def _hall_time(moment: datetime | None, form: str = "%H:%M:%S") -> str:
        return "—" if moment is None else moment.astimezone(CHINA_STANDARD_TIME).strftime(form)

    # --- showing ------------------------------------------------------------------------------

    def _on_event(self, event: dict[str, Any]) -> None:
        self._set_server_time(parse_time(event.get("at")))
        if event.get("kind") != "notice":
            self._refresh_soon()

    def _show_online(self, online: bool) -> None:
        if online:
            self.offline_banner.hide()
            return
        self.offline_label.setText(
            self.tr(
                "The hall server cannot be reached; reconnecting. The figures shown are from %1."
            ).replace("%1", self._hall_time(self._fetched_at))
        )
        self.offline_banner.show()

    def _live_changed(self, _state: dict[str, Any]) -> None:
        self.hall.show_live(self.stats)
        self._tick()

    def _show_stats(self, stats: dict[str, Any]) -> None:
        self.stats = stats
        self._set_server_time(parse_time(stats.get("now")))
        self._fetched_at = self.server_now()
        if stats.get("day"):
            self.clerks.follow_day(stats["day"])
        self.hall.show_stats(stats)
        self.alerts = [a for a in stats.get("alerts", []) if a["kind"] != "long_wait"]
        self._tick()
        stamp = self._hall_time(self._fetched_at)
        self.statusBar().showMessage(self.tr("Figures read at %1").replace("%1", stamp))
        if self.live.online:
            self.offline_banner.hide()
        self.stats_shown.emit(stats)

    def _show_month(self, month: dict[str, Any]) -> None:
        self.clerks.show_month(month)
        self.clerks_shown.emit(month)

    def _tick(self) -> None:
        """Every second (and after each change): the clock, the waits, the wait alert."""
        now = self.server_now()
        if now is not None:
            self.clock.setText(self._hall_time(now, "%Y-%m-%d  %H:%M:%S"))
        target = int(
            self.live.state.get("wait_target_minutes")
            or self.stats.get("targets", {}).get("wait_minutes", 15)
        )
        longest = self.hall.tick(now, target)
        self._show_alerts(longest, target)

    # --- alerts -------------------------------------------------------------------------------

    def _show_alerts(self, longest: tuple[str, float] | None, target: int) -> None:
        messages = []
        if longest is not None and longest[1] > target * 60:
            code, seconds = longest
            waited = {"category": code, "minutes": str(int(seconds // 60)), "target": str(target)}
            messages.append(self._alert_text("long_wait", waited))
        messages += [
            self._alert_text(a["kind"], a["params"], a.get("message", "")) for a in self.alerts
        ]
        if not messages:
            self.alert_banner.hide()
            return
        windows = [
            WindowNow(w["number"], w["name"], WindowState(w["state"]))
            for w in self.live.state.get("windows", [])
        ]
        advice, params = suggestion(windows)
        advice_text = self.tr("Suggestion: %1").replace("%1", self._advice_text(advice, params))
        self.alert_label.setText("  ".join(messages) + "\n" + advice_text)
        self.alert_banner.show()

    def _alert_text(self, kind: str, params: dict[str, str], english: str = "") -> str:
        templates = {
            "long_wait": self.tr(
                "A customer in line {category} has waited {minutes} minutes, over the "
                "{target}-minute target."
            ),
            "below_target": self.tr(
                "Only {share}% of today's customers were called within {target} minutes; "
                "the goal is {goal}%."
            ),
            "crowded": self.tr(
                "{waiting} people are waiting for {windows} open windows, more than {limit} a "
                "window."
            ),
            "no_window": self.tr("{waiting} people are waiting and no window is open."),
        }
        values = dict(params)
        if "category" in values:
            values["category"] = self.hall.line_name(values["category"])
        template = templates.get(kind)
        if template is None:  # an alert a newer server knows: its English words
            return english or kind
        try:
            return template.format(**values)
        except (KeyError, IndexError, ValueError):
            log.warning("Dashboard alert %s does not fit its values %s.", kind, values)
            return english or kind

    def _advice_text(self, advice: str, params: dict[str, str]) -> str:
        texts = {
            "resume": self.tr("Window {window} is paused: resume it."),
            "open": self.tr("Open window {window}."),
            "all_open": self.tr(
                "Every window is open: ask a back-office clerk to help at the counter."
            ),
        }
        return texts.get(advice, advice).format(**params)

    # --- export -------------------------------------------------------------------------------

    def choose_export(self) -> None:
        month = self.clerks.month()
        chosen, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the clerks' month"),
            str(Path.home() / f"clerks-{month}.xlsx"),
            self.tr("Excel workbook (*.xlsx)"),
        )
        if chosen:
            self.save_export(Path(chosen))

    def save_export(self, target: Path) -> None:
        """Download the month's workbook and write it to ``target``, on the worker."""
        self.statusBar().showMessage(self.tr("Exporting…"))
        job = partial(save_file, self.server_url, self.clerks.export_query(self.language), target)
        Op(self, job, key="export").success(self._exported).failure(self._export_failed).run()

    def _exported(self, path: Path) -> None:
        self.statusBar().showMessage(self.tr("Saved: %1").replace("%1", str(path)))
        self.export_saved.emit(str(path))

    def _export_failed(self, error: Exception) -> None:
        self.statusBar().showMessage(
            self.tr("The workbook was not saved: %1").replace("%1", error_text(error))
        )

    # --- closing ------------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the timers, the event stream and the worker; safe to call twice."""
        if self._closed:
            return
        self._closed = True
        for timer in (self._periodic, self._soon, self._ticker):
            timer.stop()
        self.live.stop()
        self.runner.shutdown()
        self.client.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.shutdown()
        super().closeEvent(event)


def run(server_url: str, *, language: str | None = None, full_screen: bool = True) -> int:
    """``counterdesk dashboard``: the dashboard until it is closed; the exit code."""
    app, chosen = start_application(language)
    window = DashboardWindow(server_url, language=chosen)
    window.resize(*WINDOW_SIZE)
    if full_screen:
        window.showFullScreen()
    else:
        window.show()
    try:
        return app.exec()
    finally:
        window.shutdown()
