# Qt calls its virtual methods by their camelCase names (paintEvent…).
# ruff: noqa: N802
"""``counterdesk hall-screen``: the hall screen (综合屏) on a TV, for halls without LED screens.

What a customer looks for from their seat, largest first: the number called now and where to go,
the calls just before it (a customer back from the toilet looks there), how many wait in each
line, a notice line (planned outages…), and the time. Everything comes from the hall server's live
events through :class:`ui.hall_live.HallLive`; the screen never polls.

Sizes follow the screen's height, so the same layout reads from the back of the hall on a
1920×1080 TV and on an older 1366×768 one. A new call flashes the number's panel a few times
(the panel's colour only: nothing waits for the flashing) and is announced by voice or chime by
:class:`ui.announcer.Announcer`. When the server is away the screen keeps showing the last calls
it knew and says "connecting…" in a corner; customers need the numbers more than the warning.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Final

from PySide6.QtCore import QDate, QEvent, QLocale, QRectF, Qt, QTimer
from PySide6.QtGui import QFontMetricsF, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from counterdesk.queue.speech import display_text
from counterdesk.services.common import local
from ui.announcer import Announcer
from ui.hall_live import HallLive

PREVIOUS_CALLS: Final = 7
FLASHES: Final = 6
"""Colour changes of a new call's panel (three blinks)."""
FLASH_MS: Final = 350
TICKER_STEP_PX: Final = 3
TICKER_MS: Final = 40
TICKER_PAUSE_MS: Final = 2_500
"""A long notice stands still this long before it starts moving, so its start is read first."""
DESIGN_SIZE: Final = (1920, 1080)

STYLE: Final = """
HallScreen {{ background: #0B2A33; }}
QWidget#header {{ background: #00706B; }}
QLabel#title {{ color: white; font-size: {title}px; font-weight: bold; }}
QLabel#clock {{ color: white; font-size: {clock}px; }}
QLabel#connecting {{ color: #FEC84B; font-size: {small}px; }}
QWidget#call {{ background: #0F3D47; border-radius: {radius}px; }}
QWidget#call[flash="true"] {{ background: #F5B300; }}
QLabel#callCaption {{ color: #D0E4E7; font-size: {window}px; font-weight: bold; }}
QLabel#callNumber {{ color: #FFD43B; font-size: {number}px; font-weight: bold; }}
QLabel#callWindow {{ color: white; font-size: {window}px; font-weight: bold; }}
QWidget#call[flash="true"] QLabel {{ color: #0B2A33; }}
QWidget#previous {{ background: #0F3D47; border-radius: {radius}px; }}
QLabel#previousTitle {{ color: #D0E4E7; font-size: {name}px; }}
QLabel#previousNumber {{ color: #FFD43B; font-size: {row}px; font-weight: bold; }}
QLabel#previousWindow {{ color: white; font-size: {row}px; }}
QWidget#line {{ background: #12505C; border-radius: {radius}px; }}
QLabel#lineName {{ color: #D0E4E7; font-size: {name}px; }}
QLabel#lineCount {{ color: #FFD43B; font-size: {line}px; font-weight: bold; }}
NoticeTicker {{ background: #F5B300; color: #0B2A33; font-size: {notice}px; font-weight: bold; }}
"""


def _label(parent: QWidget, name: str, text: str = "") -> QLabel:
    made = QLabel(text, parent)
    made.setObjectName(name)
    made.setTextFormat(Qt.TextFormat.PlainText)
    return made


def _panel(parent: QWidget, name: str) -> QWidget:
    panel = QWidget(parent)
    panel.setObjectName(name)
    panel.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
    return panel


class NoticeTicker(QWidget):
    """The notice line: still, on one or two lines, when it fits; a longer notice scrolls right
    to left on one line, in a loop. Never cut off: a still text is easier to read (two lines
    are read at a glance), and a moving one is the only way to show a long one whole."""

    GAP: Final = 0.15
    """The blank between the end of the text and its next start, as a share of the width."""
    STILL_LINES: Final = 2

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._text = ""
        self._offset = 0.0
        self._lines = 1
        self._timer = QTimer(self, interval=TICKER_MS)
        self._timer.timeout.connect(self._step)
        self._pause = QTimer(self, singleShot=True, interval=TICKER_PAUSE_MS)
        self._pause.timeout.connect(self._timer.start)

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:
        self._text = " ".join(text.split())
        self.setVisible(bool(self._text))
        self._restart()
        self.update()

    @property
    def scrolling(self) -> bool:
        """True while the notice is too long to stand still (moving, or about to move)."""
        return self._timer.isActive() or self._pause.isActive()

    @property
    def lines(self) -> int:
        """Lines the still notice takes (1 while it scrolls)."""
        return self._lines

    def _metrics(self) -> QFontMetricsF:
        return QFontMetricsF(self.font())

    def _margin(self) -> float:
        return self._metrics().height() * 0.5

    def _text_width(self) -> float:
        return self._metrics().horizontalAdvance(self._text)

    def _text_box(self) -> QRectF:
        margin = self._margin()
        return QRectF(self.rect()).adjusted(margin, 0, -margin, 0)

    def _still_lines(self) -> int:
        """Lines the text needs wrapped in the width; more than STILL_LINES means it scrolls."""
        width = self._text_box().width()
        if not self._text or width <= 0:
            return 1
        wrapped = self._metrics().boundingRect(
            QRectF(0, 0, width, 1e6), Qt.TextFlag.TextWordWrap, self._text
        )
        return max(1, round(wrapped.height() / self._metrics().lineSpacing()))

    def _restart(self) -> None:
        self._timer.stop()
        self._offset = 0.0
        lines = self._still_lines()
        if lines > self.STILL_LINES:
            self._lines = 1
            self._pause.start()
        else:
            self._lines = lines
            self._pause.stop()
        height = round(self._metrics().lineSpacing() * self._lines + self._metrics().height() * 0.6)
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self._restart()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._restart()

    def _step(self) -> None:
        loop = self._text_width() + self.width() * self.GAP
        self._offset = (self._offset + TICKER_STEP_PX) % loop
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setPen(self.palette().windowText().color())
        painter.setFont(self.font())
        if not self.scrolling:
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            painter.drawText(self._text_box(), int(flags), self._text)
            return
        align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
        start = self._margin() - self._offset
        loop = self._text_width() + self.width() * self.GAP
        height = float(self.height())
        while start < self.width():
            painter.drawText(QRectF(start, 0.0, self._text_width() + 1, height), align, self._text)
            start += loop


class HallScreen(QWidget):
    """The hall screen following the hall server at ``server_url``.

    ``announcer`` speaks the calls (default: a new :class:`Announcer` for ``language``);
    ``clock`` gives the time shown (default: now).
    """

    def __init__(
        self,
        server_url: str,
        *,
        language: str = "zh_CN",
        hall_name: str = "",
        clock: Callable[[], datetime] | None = None,
        announcer: Announcer | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setWindowTitle(self.tr("CounterDesk — hall screen"))
        self.language = language
        self._clock = clock or (lambda: datetime.now(UTC))
        self.announcer = announcer or Announcer(self, language)
        self._flashes_left = 0
        self._last_call: tuple[str, Any, str] | None = None

        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        # The window takes the TV's size whatever the text wants; the type then follows it.
        root.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._root = root
        root.addWidget(self._header(hall_name))
        body = QHBoxLayout()
        self._body = body
        body.addWidget(self._call_panel(), 13)
        body.addWidget(self._previous_panel(), 7)
        root.addLayout(body, 1)
        self.waiting_box = QWidget(self)
        self.waiting_row = QHBoxLayout(self.waiting_box)
        self.waiting_row.setContentsMargins(0, 0, 0, 0)
        self.lines: dict[str, tuple[QWidget, QLabel, QLabel]] = {}
        root.addWidget(self.waiting_box)
        self.notice = NoticeTicker(self)
        self.notice.hide()
        root.addWidget(self.notice)

        self.flash_timer = QTimer(self, interval=FLASH_MS)
        self.flash_timer.timeout.connect(self._flash_step)
        self.clock_timer = QTimer(self, interval=1_000)
        self.clock_timer.timeout.connect(self._tick)
        self.clock_timer.start()
        self._apply_scale()
        self._tick()
        self._show_calls([])

        self.live = HallLive(server_url, self)
        self.live.state_changed.connect(self._state_changed)
        self.live.event.connect(self._event)
        self.live.online_changed.connect(self._online)
        self.live.start()

    # --- building -------------------------------------------------------------------------------

    def _header(self, hall_name: str) -> QWidget:
        header = _panel(self, "header")
        row = QHBoxLayout(header)
        self._header_row = row
        self.title = _label(header, "title", hall_name or self.tr("Queue information"))
        self.connecting = _label(header, "connecting", self.tr("Connecting…"))
        self.connecting.hide()
        self.clock_label = _label(header, "clock")
        row.addWidget(self.title, 1)
        row.addWidget(self.connecting)
        row.addSpacing(24)
        row.addWidget(self.clock_label)
        return header

    def _call_panel(self) -> QWidget:
        self.call = _panel(self, "call")
        self.call.setProperty("flash", False)
        box = QVBoxLayout(self.call)
        box.addStretch(1)
        # "请 A023 号": the words around the number come from one translated sentence.
        before, _, after = self.tr("Now calling %1").partition("%1")
        self.call_caption = _label(self.call, "callCaption", before.strip())
        self.call_after = _label(self.call, "callCaption", after.strip())
        self.call_number = _label(self.call, "callNumber")
        self.call_window = _label(self.call, "callWindow")
        self.call_window.setAlignment(Qt.AlignmentFlag.AlignCenter)
        line = QHBoxLayout()
        line.addStretch(1)
        bottom = Qt.AlignmentFlag.AlignBottom
        line.addWidget(self.call_caption, 0, bottom)
        line.addWidget(self.call_number, 0, bottom)
        line.addWidget(self.call_after, 0, bottom)
        line.addStretch(1)
        self._call_line = line
        box.addLayout(line)
        box.addWidget(self.call_window)
        box.addStretch(1)
        return self.call

    def _previous_panel(self) -> QWidget:
        panel = _panel(self, "previous")
        grid = QGridLayout(panel)
        self._previous_grid = grid
        grid.addWidget(_label(panel, "previousTitle", self.tr("Called before")), 0, 0, 1, 2)
        self.previous: list[tuple[QLabel, QLabel]] = []
        for row in range(PREVIOUS_CALLS):
            number = _label(panel, "previousNumber")
            window = _label(panel, "previousWindow")
            window.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(number, row + 1, 0)
            grid.addWidget(window, row + 1, 1)
            self.previous.append((number, window))
        grid.setRowStretch(PREVIOUS_CALLS + 1, 1)
        return panel

    # --- sizes ------------------------------------------------------------------------------------

    def _apply_scale(self) -> None:
        """Type sizes in proportion to the screen (designed for 1920×1080): a 1366×768 TV gets
        the same picture smaller, a narrower screen follows its width."""
        width, height = DESIGN_SIZE
        scale = max(min(self.width() / width, self.height() / height), 0.3)

        def px(size: float) -> int:
            return max(10, round(size * scale))

        self.setStyleSheet(
            STYLE.format(
                title=px(44),
                clock=px(40),
                small=px(32),
                number=px(300),
                window=px(110),
                row=px(50),
                name=px(34),
                line=px(46),
                notice=px(44),
                radius=px(18),
            )
        )
        margin, gap = px(28), px(24)
        self._header_row.setContentsMargins(margin, px(12), margin, px(12))
        self._body.setContentsMargins(margin, gap, margin, 0)
        self._body.setSpacing(gap)
        self._previous_grid.setContentsMargins(px(36), px(14), px(36), px(14))
        self._previous_grid.setVerticalSpacing(px(2))
        self._call_line.setSpacing(px(24))
        # The caption's baseline sits a little above the huge number's bottom edge.
        for label in (self.call_caption, self.call_after):
            label.setContentsMargins(0, 0, 0, px(58))
        self.waiting_row.setSpacing(gap)
        self._root.setSpacing(gap)
        self.waiting_box.setContentsMargins(margin, 0, margin, 0)
        self._line_margins = (px(24), px(10), px(24), px(10))
        for panel, _name, _count in self.lines.values():
            layout = panel.layout()
            if layout is not None:
                layout.setContentsMargins(*self._line_margins)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.oldSize() != event.size():
            self._apply_scale()

    # --- the hall ---------------------------------------------------------------------------------

    def _tick(self) -> None:
        now = local(self._clock())
        day = QLocale().toString(QDate(now.year, now.month, now.day), self.tr("yyyy-MM-dd dddd"))
        self.clock_label.setText(f"{day}  {now:%H:%M}")

    def _online(self, online: bool) -> None:
        self.connecting.setVisible(not online)

    def _state_changed(self, state: dict[str, Any]) -> None:
        self._show_calls(state.get("recent", []))
        self._show_waiting(state)
        if self.notice.text() != " ".join(str(state.get("notice", "")).split()):
            self.notice.setText(str(state.get("notice", "")))

    def _event(self, event: dict[str, Any]) -> None:
        ticket = event.get("ticket")
        if event.get("kind") in ("called", "recalled") and ticket and ticket.get("window"):
            self.flash()
            self.announcer.announce(ticket["number"], ticket["window"])

    def _window_text(self, call: dict[str, Any]) -> str:
        return self.tr("Window %1").replace("%1", str(call.get("window", "")))

    def _show_calls(self, recent: list[dict[str, Any]]) -> None:
        calls = [c for c in recent if c.get("number") and c.get("window")]
        if calls:
            now = calls[0]
            window = str(now["window"])
            self.call_number.setText(str(now["number"]))
            self.call_window.setText(self.tr("to window %1").replace("%1", window))
            self.call.setAccessibleName(display_text(str(now["number"]), window, self.language))
            self.call_caption.setVisible(bool(self.call_caption.text()))
            self.call_after.setVisible(bool(self.call_after.text()))
        else:
            self.call_number.setText("")
            self.call_caption.hide()
            self.call_after.hide()
            self.call_window.setText(self.tr("Please wait to be called"))
            self.call.setAccessibleName("")
        seen = {calls[0]["number"]} if calls else set()
        earlier: list[dict[str, Any]] = []
        for call in calls[1:]:
            if call["number"] not in seen:  # a recalled number is listed once, at its last call
                seen.add(call["number"])
                earlier.append(call)
        for row, (number, window_label) in enumerate(self.previous):
            if row < len(earlier):
                number.setText(str(earlier[row]["number"]))
                window_label.setText(self._window_text(earlier[row]))
            else:
                number.setText("")
                window_label.setText("")

    def previous_calls(self) -> list[tuple[str, str]]:
        """The earlier calls as shown, newest first: (number, window text)."""
        return [(n.text(), w.text()) for n, w in self.previous if n.text()]

    def _show_waiting(self, state: dict[str, Any]) -> None:
        categories = sorted(
            (c for c in state.get("categories", []) if c.get("active", True)),
            key=lambda c: (c.get("sort", 0), c["code"]),
        )
        codes = [c["code"] for c in categories]
        if codes != list(self.lines):
            self._build_lines(codes)
        waiting = state.get("waiting", {})
        for code, (_panel_widget, name, count) in self.lines.items():
            name.setText(self.live.category_name(code, self.language))
            count.setText(self.tr("%1 waiting").replace("%1", str(int(waiting.get(code, 0)))))

    def _build_lines(self, codes: list[str]) -> None:
        for panel, _name, _count in self.lines.values():
            self.waiting_row.removeWidget(panel)
            panel.deleteLater()
        self.lines.clear()
        for code in codes:
            panel = _panel(self.waiting_box, "line")
            column = QVBoxLayout(panel)
            column.setContentsMargins(*self._line_margins)
            column.setSpacing(0)
            name, count = _label(panel, "lineName"), _label(panel, "lineCount")
            for label in (name, count):
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
                column.addWidget(label)
            self.waiting_row.addWidget(panel, 1)
            self.lines[code] = (panel, name, count)

    def waiting_counts(self) -> dict[str, str]:
        """What each line's tile says, by category code."""
        return {code: count.text() for code, (_p, _n, count) in self.lines.items()}

    # --- flashing ---------------------------------------------------------------------------------

    def flash(self) -> None:
        """Blink the call panel a few times; starts over on a newer call, delays nothing."""
        self._flashes_left = FLASHES
        self._set_flash(True)
        self.flash_timer.start()

    def _flash_step(self) -> None:
        self._flashes_left -= 1
        if self._flashes_left <= 0:
            self.flash_timer.stop()
            self._set_flash(False)
            return
        self._set_flash(not self.call.property("flash"))

    def _set_flash(self, on: bool) -> None:
        self.call.setProperty("flash", on)
        widgets = (
            self.call,
            self.call_caption,
            self.call_after,
            self.call_number,
            self.call_window,
        )
        for widget in widgets:
            widget.style().unpolish(widget)
            widget.style().polish(widget)

    # --- the end ----------------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the live view, the timers and the voice; safe to call twice."""
        self.clock_timer.stop()
        self.flash_timer.stop()
        self.live.stop()
        self.announcer.shutdown()

    def closeEvent(self, event: Any) -> None:
        self.shutdown()
        super().closeEvent(event)


def run(server_url: str, *, language: str | None = None, full_screen: bool = True) -> int:
    """The hall screen on this PC until it is closed; the exit code."""
    from ui.app import start_application

    app, chosen = start_application(language)
    screen = HallScreen(server_url, language=chosen)
    if full_screen:
        screen.showFullScreen()
    else:
        screen.resize(1366, 768)
        screen.show()
    try:
        return app.exec()
    finally:
        screen.shutdown()


__all__ = ["HallScreen", "NoticeTicker", "run"]
