# Qt calls its virtual methods by their camelCase names (keyPressEvent…).
# ruff: noqa: N802
"""The queue bar (叫号栏) atop the counter window: this window's ticket and the hall's lines.

What the clerk needs at a glance: the ticket at the counter now (large), who waits in each line,
and the keys that move the queue: F1 call next · F2 recall · F3 no-show · F4 transfer · F5 finish
and rate, pause/resume, and Ctrl+F1 to call a ticket by its number (a customer back after a
no-show). Why it is built this way:

- **The hall server decides.** Every key is a request to the hall server (``HallClient``) run on
  the bar's own worker thread ("counterdesk-hall", never the database worker: a slow network must
  not hold a payment). The bar shows what the server answered and what its live events say
  (:class:`ui.hall_live.HallLive`), never what it guessed. A refusal (``QueueError``) is shown in
  the clerk's language in the bar, as the services' refusals are (:func:`ui.messages.error_text`).
- **One press, one request.** While a request is under way the buttons are disabled and every key
  is ignored, so a double press never calls two customers (the client's idempotency key covers a
  request that is sent twice by the network).
- **The counter never waits for the queue.** Without the hall server the bar says so
  ("排队服务器未连接") and everything else in the window goes on; when the line comes back the
  window is opened again if the server shows it closed (a restarted server, a new day).
- **Its own calls, announced here.** When this window calls a ticket the bar emits
  ``ticket_called``; the counter window shows it on the window's LED display and announces it
  (the hall screen announces every window's calls for halls that have one; a counter whose hall
  has one can turn its own announcement off in the Queue menu).

Signals:
    ticket_called(str number, int window): this window called (or recalled) ``number``.
    waiting_changed(int count): the people waiting for this window's categories changed.
    rating_requested(): a ticket was finished with a request for the customer's rating.
    message(str text): something to show in the status bar too.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import Any, Final

import shiboken6
from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from counterdesk.queue.client import HallClient, HallUnavailableError
from counterdesk.queue.errors import AlreadyRatedError, StillServingError
from counterdesk.services.auth import SignedIn
from counterdesk.services.common import CounterError, local
from counterdesk.store import settings
from devices.events import KeypadKey
from ui.evaluator import Evaluator
from ui.hall_live import HallLive
from ui.messages import error_text
from ui.operations import Op, OpRunner
from ui.widgets import KeyButton

log = logging.getLogger(__name__)

HALL_WORKER: Final = "counterdesk-hall"
REMEMBERED_EVENTS: Final = 64

STYLE: Final = """
QFrame#queueBar { background: #FFFFFF; border: 1px solid #E4E7EC; border-radius: 8px; }
QLabel#queueTicket { font-size: 26pt; font-weight: 700; color: #1849A9; }
QLabel#queueTicket[idle="true"] { color: #98A2B3; font-size: 15pt; font-weight: 600; }
QLabel#queueDetail { color: #475467; }
QLabel#queueWaitingTitle { color: #667085; }
QLabel#queueChip { background: #F2F4F7; border: 1px solid #E4E7EC; border-radius: 10px;
    padding: 2px 10px; color: #344054; font-weight: 600; }
QLabel#queueChip[served="false"] { color: #98A2B3; font-weight: 400; }
QLabel#queueChip[busy="true"] { background: #FEF0C7; border-color: #FEC84B; color: #93370D; }
QLabel#queueState { color: #475467; }
QLabel#queueState[problem="true"] { color: #93370D; font-weight: 600; }
QLabel#queueMessage { color: #475467; }
QLabel#queueMessage[problem="true"] { color: #93370D; }
QFrame#queueBar QPushButton#primary, QFrame#queueBar QPushButton#secondary {
    border-radius: 6px; }
QFrame#queueBar QPushButton#primary { background: #1570EF; border: 2px solid #1570EF; }
QFrame#queueBar QPushButton#primary:hover { background: #175CD3; border-color: #175CD3; }
QFrame#queueBar QPushButton#primary QLabel { color: #FFFFFF; background: transparent;
    font-weight: 600; }
QFrame#queueBar QPushButton#primary QLabel#keycap { color: #FFFFFF; background: transparent;
    border: 1px solid #B2CCFF; border-bottom-width: 1px; font-weight: 400; }
QFrame#queueBar QPushButton#secondary { background: #FFFFFF; border: 1px solid #D0D5DD; }
QFrame#queueBar QPushButton#secondary:hover { background: #F9FAFB; }
QFrame#queueBar QPushButton#secondary QLabel { color: #344054; background: transparent; }
QFrame#queueBar QPushButton#secondary QLabel#keycap { background: #FFFFFF; }
QFrame#queueBar QPushButton#primary:disabled, QFrame#queueBar QPushButton#secondary:disabled {
    background: #F2F4F7; border: 1px solid #EAECF0; }
QFrame#queueBar QPushButton#primary:disabled QLabel,
QFrame#queueBar QPushButton#secondary:disabled QLabel { color: #98A2B3; font-weight: 400; }
QFrame#queueBar QPushButton#primary:disabled QLabel#keycap,
QFrame#queueBar QPushButton#secondary:disabled QLabel#keycap { color: #98A2B3;
    background: #F2F4F7; border: 1px solid #EAECF0; }
QLineEdit#queueNumber { border: 1px solid #D0D5DD; border-radius: 6px; padding: 6px 8px;
    background: #FFFFFF; }
QLineEdit#queueNumber:focus { border: 2px solid #528BFF; padding: 5px 7px; }
"""

BUSY_LINE: Final = 5
"""A line this long is shown in amber: someone should think about opening another window."""


def window_number_job(engine: Engine) -> str:
    """Runs on the database worker: the window this terminal serves (``terminal.window``)."""
    with engine.connect() as connection:
        return settings.load(connection).window


def take_window(
    client: HallClient, number: int, clerk: SignedIn, known: dict[str, Any] | None
) -> dict[str, Any]:
    """Runs on the hall worker: open window ``number`` for ``clerk``. A window this terminal
    left open for the clerk before (locked screen, a new sign-in) is closed first when no
    customer is at it; with a customer at it the server's refusal says whose it is."""
    if (
        known is not None
        and known.get("state") != "closed"
        and known.get("clerk_no") not in (None, clerk.number)
        and known.get("current") is None
    ):
        client.close_window(number)
    return client.open_window(number, clerk.number, clerk.name)


def _moment(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def bar_language() -> str:
    """The clerk's language as the application set it (``prepare_application``)."""
    return "en" if QLocale().language() == QLocale.Language.English else "zh_CN"


class TransferDialog(QDialog):
    """Where the current customer goes: another category's line or one window. Keyboard first:
    type the category's letter or the window's number, Enter sends, Esc backs out."""

    def __init__(
        self,
        ticket: dict[str, Any],
        categories: list[tuple[str, str]],
        windows: list[tuple[int, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Transfer %1").replace("%1", ticket["number"]))
        self.choice: tuple[str | None, int | None] = (None, None)
        caption = QLabel(
            self.tr("Send %1 to another line or window (it keeps its place in time):").replace(
                "%1", ticket["number"]
            ),
            self,
        )
        caption.setWordWrap(True)
        self.targets = QListWidget(self)
        self.targets.setObjectName("transferTargets")
        for code, name in categories:
            item = QListWidgetItem(
                self.tr("%1 · %2 line").replace("%1", code).replace("%2", name), self.targets
            )
            item.setData(Qt.ItemDataRole.UserRole, ("category", code))
        for number, name in windows:
            item = QListWidgetItem(f"{number} · {name}", self.targets)
            item.setData(Qt.ItemDataRole.UserRole, ("window", number))
        self.targets.setCurrentRow(0)
        self.targets.itemActivated.connect(lambda _item: self.accept())
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Transfer"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Back (Esc)"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(caption)
        layout.addWidget(self.targets)
        layout.addWidget(buttons)
        self.targets.setFocus()
        self.resize(380, 300)

    def accept(self) -> None:
        item = self.targets.currentItem()
        if item is None:
            return
        kind, value = item.data(Qt.ItemDataRole.UserRole)
        self.choice = (value, None) if kind == "category" else (None, int(value))
        super().accept()


class NumberField(QLineEdit):
    """Ctrl+F1's field: a ticket number; Enter calls it, Esc puts the field away."""

    submitted = Signal(str)
    dismissed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submitted.emit(self.text().strip().upper())
            return
        if event.key() == Qt.Key.Key_Escape:
            self.dismissed.emit()
            return
        super().keyPressEvent(event)


class QueueBar(QFrame):
    """The counter's queue bar; see the module's docstring."""

    ticket_called = Signal(str, int)
    waiting_changed = Signal(int)
    rating_requested = Signal()
    message = Signal(str)

    def __init__(
        self,
        hall_url: str,
        engine: Engine,
        db_runner: OpRunner,
        parent: QWidget | None = None,
        *,
        clerk: SignedIn | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("queueBar")
        self.setStyleSheet(STYLE)
        self.hall_url = hall_url
        self.engine = engine
        self.db_runner = db_runner
        self.runner = OpRunner(self, name=HALL_WORKER)
        self.client = HallClient(hall_url)
        self.live = HallLive(hall_url, self)
        self.clerk = clerk
        self.language = bar_language()
        self.window_number: int | None = None
        self.busy = False
        self.evaluator: Evaluator | None = None
        self.transfer_dialog: TransferDialog | None = None
        self._state_window: dict[str, Any] | None = None
        self._window_event_id = -1
        self._seen: deque[int] = deque(maxlen=REMEMBERED_EVENTS)
        self._waiting_total: int | None = None
        self._last_no_show: str | None = None
        self._opening = False
        self._closed = False
        self._ever_online = False
        self._build()
        self.live.state_changed.connect(self._show_state)
        self.live.event.connect(self._live_event)
        self.live.online_changed.connect(self._online_changed)
        self._refresh()

    # --- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.ticket_label = QLabel(self)
        self.ticket_label.setObjectName("queueTicket")
        self.ticket_label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_label = QLabel(self)
        self.detail_label.setObjectName("queueDetail")
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        ticket_box = QVBoxLayout()
        ticket_box.setSpacing(0)
        ticket_box.addWidget(self.ticket_label)
        ticket_box.addWidget(self.detail_label)

        self.state_label = QLabel(self)
        self.state_label.setObjectName("queueState")
        waiting_title = QLabel(self.tr("Waiting"), self)
        waiting_title.setObjectName("queueWaitingTitle")
        self.chips_row = QHBoxLayout()
        self.chips_row.setSpacing(6)
        self.chips_row.addWidget(waiting_title)
        self.chips: dict[str, QLabel] = {}
        self.chips_row.addStretch(1)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("queueMessage")
        self.message_label.setWordWrap(True)
        middle = QVBoxLayout()
        middle.setSpacing(4)
        middle.addWidget(self.state_label)
        middle.addLayout(self.chips_row)
        middle.addWidget(self.message_label)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 8, 12, 8)
        row.setSpacing(18)
        row.addLayout(ticket_box)
        row.addLayout(middle, 1)
        row.addLayout(self._build_keys())

    def _build_keys(self) -> QGridLayout:
        """F1–F5 in a row; pause and call-by-number (with its field) under them."""
        self.call_button = KeyButton(self.tr("Call next"), "F1", self, primary=True)
        self.recall_button = KeyButton(self.tr("Recall"), "F2", self)
        self.no_show_button = KeyButton(self.tr("No-show"), "F3", self)
        self.transfer_button = KeyButton(self.tr("Transfer"), "F4", self)
        self.finish_button = KeyButton(self.tr("Finish"), "F5", self)
        self.pause_button = KeyButton(self.tr("Pause"), "", self)
        self.pause_button.key_label.hide()
        self.pick_button = KeyButton(self.tr("Call number"), "Ctrl+F1", self)
        self.number_field = NumberField(self)
        self.number_field.setObjectName("queueNumber")
        self.number_field.setPlaceholderText(self.tr("Ticket no., e.g. A023"))
        self.number_field.setMaxLength(8)
        self.number_field.setFixedWidth(150)
        self.number_field.hide()
        self.number_field.submitted.connect(self.call_number)
        self.number_field.dismissed.connect(self._hide_number_field)
        self.call_button.clicked.connect(self.call_next)
        self.recall_button.clicked.connect(self.recall)
        self.no_show_button.clicked.connect(self.no_show)
        self.transfer_button.clicked.connect(self.transfer)
        self.finish_button.clicked.connect(self.finish)
        self.pause_button.clicked.connect(self.toggle_pause)
        self.pick_button.clicked.connect(self.show_number_field)
        self.buttons = (
            self.call_button,
            self.recall_button,
            self.no_show_button,
            self.transfer_button,
            self.finish_button,
            self.pause_button,
            self.pick_button,
        )
        keys = QGridLayout()
        keys.setHorizontalSpacing(6)
        keys.setVerticalSpacing(6)
        for column, button in enumerate(self.buttons[:5]):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            keys.addWidget(button, 0, column)
        side = QHBoxLayout()
        side.setSpacing(6)
        side.addStretch(1)
        side.addWidget(self.number_field)
        for button in self.buttons[5:]:
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            side.addWidget(button)
        keys.addLayout(side, 1, 0, 1, 5)
        return keys

    # --- life -------------------------------------------------------------------------------------

    def start(self) -> None:
        """Read this terminal's window number (database worker), then follow the hall."""
        Op(self, partial(window_number_job, self.engine), key="queue-window",
           runner=self.db_runner).success(self._window_known).failure(
            lambda error: self._say(error_text(error), problem=True)
        ).run()  # fmt: skip

    def _window_known(self, text: str) -> None:
        try:
            self.window_number = int(text.strip())
        except ValueError:
            self._say(
                self.tr(
                    "This terminal's window is set to “%1”, not a number: the queue needs the "
                    "window's number (settings: terminal.window)."
                ).replace("%1", text),
                problem=True,
            )
            return
        self.live.start()
        self._refresh()

    def set_clerk(self, clerk: SignedIn | None) -> None:
        """Another clerk signed in at the lock screen: the window is theirs now."""
        changed = clerk != self.clerk
        self.clerk = clerk
        if changed and clerk is not None:
            self._open_window()
        self._refresh()

    def shutdown(self) -> None:
        """Leave the window: close it on the server unless a customer is still at it (then the
        ticket stays current for whoever opens the window next), stop listening and the worker."""
        if self._closed:
            return
        self._closed = True
        window = self._state_window
        number = self.window_number
        leave = (
            number is not None
            and self.live.online
            and window is not None
            and window.get("state") in ("open", "paused")
            and window.get("current") is None
        )
        client = self.client

        def last() -> None:
            """On the worker, after what is running: a queued Op would be skipped by shutdown."""
            try:
                if leave and number is not None:
                    client.close_window(number)
            except CounterError as error:
                log.info("Window %s not closed: %s", number, error)
            finally:
                client.close()

        if self.evaluator is not None and shiboken6.isValid(self.evaluator):
            self.evaluator.close()
        self.live.stop()
        self.runner.shutdown(final=last)

    # --- what the hall says -----------------------------------------------------------------------

    def _online_changed(self, online: bool) -> None:
        if online:
            self._ever_online = True
            self._say("")
        self._refresh()

    def _show_state(self, state: dict[str, Any]) -> None:
        if self.window_number is None:
            return
        if int(state.get("id", 0)) >= self._window_event_id:
            self._state_window = self.live.window(self.window_number)
        self._refresh()

    def _live_event(self, event: dict[str, Any]) -> None:
        kind = event.get("kind")
        if kind in ("snapshot", "day", "setup"):
            window = self.live.window(self.window_number) if self.window_number else None
            clerk = self.clerk
            if window is not None and (
                window.get("state") == "closed"
                or (clerk is not None and window.get("clerk_no") != clerk.number)
            ):
                self._open_window()
            return
        self._effects(event)
        window = event.get("window")
        if kind == "closed" and window and window.get("number") == self.window_number:
            self._open_window()

    def _effects(self, event: dict[str, Any]) -> None:
        """What an event means for this counter, once per event (answer or live, first wins)."""
        event_id = event.get("id")
        if event_id is not None:
            if event_id in self._seen:
                return
            self._seen.append(int(event_id))
        kind = event.get("kind")
        ticket = event.get("ticket") or {}
        ours = ticket.get("window") == self.window_number and self.window_number is not None
        if kind in ("called", "recalled") and ours:
            self.ticket_called.emit(str(ticket["number"]), int(self.window_number or 0))
        if kind == "no_show" and ours:
            self._last_no_show = str(ticket["number"])
        waiting = event.get("waiting")
        if isinstance(waiting, dict):
            self._emit_waiting(waiting)

    def _emit_waiting(self, waiting: dict[str, int]) -> None:
        total = self._waiting_for_us(waiting)
        if total != self._waiting_total:
            self._waiting_total = total
            self.waiting_changed.emit(total)

    def _waiting_for_us(self, waiting: dict[str, int]) -> int:
        weights = (self._state_window or {}).get("weights") or {}
        if not weights:
            return sum(waiting.values())
        return sum(n for code, n in waiting.items() if int(weights.get(code, 0)) > 0)

    # --- the picture ------------------------------------------------------------------------------

    @property
    def window_state(self) -> str | None:
        return None if self._state_window is None else str(self._state_window.get("state"))

    @property
    def current(self) -> dict[str, Any] | None:
        return None if self._state_window is None else self._state_window.get("current")

    def _refresh(self) -> None:
        self._show_ticket()
        self._show_chips()
        self._show_window_state()
        self._enable()

    def _show_ticket(self) -> None:
        current = self.current
        self.ticket_label.setProperty("idle", current is None)
        self.ticket_label.style().unpolish(self.ticket_label)
        self.ticket_label.style().polish(self.ticket_label)
        if current is None:
            self.ticket_label.setText(self.tr("No ticket"))
            self.detail_label.setText(self.tr("F1 calls the next customer"))
            return
        self.ticket_label.setText(str(current["number"]))
        parts = [self.live.category_name(str(current["category"]), self.language)]
        issued, called = _moment(current.get("issued_at")), _moment(current.get("first_called_at"))
        if issued is not None and called is not None:
            minutes = max(0, int((called - issued).total_seconds() // 60))
            parts.append(self.tr("waited %n min", "", minutes))
        if called is not None:
            parts.append(self.tr("called %1").replace("%1", local(called).strftime("%H:%M")))
        recalls = int(current.get("recalls") or 0)
        if recalls:
            parts.append(self.tr("recalled %n time(s)", "", recalls))
        if current.get("transfers"):
            parts.append(self.tr("transferred"))
        self.detail_label.setText(" · ".join(parts))

    def _show_chips(self) -> None:
        state = self.live.state
        waiting: dict[str, int] = state.get("waiting", {}) if state else {}
        categories = sorted(
            (c for c in state.get("categories", []) if c.get("active", True)),
            key=lambda c: (c.get("sort", 0), c["code"]),
        ) if state else []  # fmt: skip
        weights = (self._state_window or {}).get("weights") or {}
        codes = [c["code"] for c in categories]
        for code in list(self.chips):
            if code not in codes:
                self.chips.pop(code).deleteLater()
        for position, category in enumerate(categories):
            code = category["code"]
            chip = self.chips.get(code)
            if chip is None:
                chip = QLabel(self)
                chip.setObjectName("queueChip")
                self.chips[code] = chip
            self.chips_row.insertWidget(1 + position, chip)
            count = int(waiting.get(code, 0))
            chip.setText(f"{code} {count}")
            chip.setToolTip(
                self.tr("%1: %2 waiting")
                .replace("%1", self.live.category_name(code, self.language))
                .replace("%2", str(count))
            )
            served = not weights or int(weights.get(code, 0)) > 0
            chip.setProperty("served", served)
            chip.setProperty("busy", served and count >= BUSY_LINE)
            chip.style().unpolish(chip)
            chip.style().polish(chip)

    def _show_window_state(self) -> None:
        problem = False
        if self.window_number is None:
            text = self.tr("Queue: reading this terminal's window…")
        elif not self.live.online and not self._ever_online:
            text = self.tr("Queue: connecting to the hall server…")
        elif not self.live.online:
            text = self.tr("Queue server not connected — counter work goes on")
            problem = True
        elif self._state_window is None:
            text = self.tr("Window %1 is not set up on the hall server").replace(
                "%1", str(self.window_number)
            )
            problem = True
        else:
            words = {
                "closed": self.tr("closed"),
                "open": self.tr("open"),
                "serving": self.tr("serving"),
                "paused": self.tr("paused"),
            }
            state = str(self._state_window.get("state"))
            text = (
                self.tr("Window %1 · %2")
                .replace("%1", str(self.window_number))
                .replace("%2", words.get(state, state))
            )
            if self.clerk is None:
                text += " · " + self.tr("sign in to call tickets")
        self.state_label.setText(text)
        self.state_label.setProperty("problem", problem)
        self.state_label.style().unpolish(self.state_label)
        self.state_label.style().polish(self.state_label)

    def _enable(self) -> None:
        state = self.window_state
        working = (
            not self.busy
            and self.live.online
            and self.clerk is not None
            and state in ("open", "serving", "paused")
        )
        serving = working and self.current is not None
        free = working and self.current is None
        self.call_button.setEnabled(free)
        self.pick_button.setEnabled(free)
        for button in (
            self.recall_button,
            self.no_show_button,
            self.transfer_button,
            self.finish_button,
        ):
            button.setEnabled(serving)
        paused = state == "paused"
        self.pause_button.set_label(self.tr("Resume") if paused else self.tr("Pause"))
        self.pause_button.setEnabled(free)

    def _say(self, text: str, *, problem: bool = False) -> None:
        self.message_label.setText(text)
        self.message_label.setProperty("problem", problem)
        self.message_label.style().unpolish(self.message_label)
        self.message_label.style().polish(self.message_label)
        if text:
            self.message.emit(text)

    # --- acting -----------------------------------------------------------------------------------

    def _ready(self) -> int | None:
        """The window number when a request may go out now; else why not, said, and None."""
        if self.busy or self._closed:
            return None  # a second press while the first is under way does nothing
        if self.window_number is None:
            return None
        if not self.live.online:
            self._say(
                self.tr("The queue server is not connected; try again when it is."), problem=True
            )
            return None
        if self.clerk is None:
            self._say(self.tr("Sign in first (Ctrl+L)."), problem=True)
            return None
        return self.window_number

    def _request(
        self,
        fn: Callable[[int], dict[str, Any]],
        then: Callable[[dict[str, Any]], None] | None = None,
    ) -> bool:
        number = self._ready()
        if number is None:
            return False
        self.busy = True
        self._enable()
        Op(self, partial(fn, number), runner=self.runner).success(
            partial(self._answered, then)
        ).failure(self._refused).run()
        return True

    def _answered(
        self, then: Callable[[dict[str, Any]], None] | None, event: dict[str, Any]
    ) -> None:
        self.busy = False
        self._say("")
        window = event.get("window")
        event_id = int(event.get("id", 0))
        if (
            window
            and window.get("number") == self.window_number
            and event_id
            >= max(
                self._window_event_id, int(self.live.state.get("id", -1)) if self.live.state else -1
            )
        ):
            self._state_window = window
            self._window_event_id = event_id
        self._effects(event)
        self._refresh()
        if then is not None:
            then(event)

    def _refused(self, error: Exception) -> None:
        self.busy = False
        self._say(error_text(error), problem=True)
        if isinstance(error, HallUnavailableError):
            log.info("Hall server unavailable: %s", error)
        self._refresh()

    def _open_window(self) -> None:
        """Open this window on the server for the clerk signed in here (at start, after the line
        comes back to a closed window, after another clerk signs in at this counter)."""
        clerk, number = self.clerk, self.window_number
        if clerk is None or number is None or self._opening or self._closed:
            return
        self._opening = True

        def opened(event: dict[str, Any]) -> None:
            self._opening = False
            self._answered(None, event)

        def refused(error: Exception) -> None:
            self._opening = False
            self._refused(error)

        job = partial(take_window, self.client, number, clerk, self.live.window(number))
        Op(self, job, runner=self.runner).success(opened).failure(refused).run()

    def call_next(self) -> None:
        """F1: call the next customer; while one is at the counter, say to finish first."""
        current = self.current
        if current is not None and not self.busy:
            self._say(error_text(StillServingError(str(current["number"]))), problem=True)
            return
        self._request(self.client.call_next)

    def call_number(self, number: str) -> None:
        """Ctrl+F1 then Enter: call one ticket by its number."""
        if not number:
            return
        if self._request(lambda window: self.client.call(window, number)):
            self._hide_number_field()

    def show_number_field(self) -> None:
        if self.window_number is None or not self.pick_button.isEnabled():
            self.call_next()  # says why not (serving, offline…) in the same words
            return
        self.number_field.clear()
        self.number_field.show()
        self.number_field.setFocus()

    def _hide_number_field(self) -> None:
        self.number_field.hide()
        self.number_field.clear()

    def _expected(self) -> str | None:
        current = self.current
        return None if current is None else str(current["uid"])

    def recall(self) -> None:
        """F2: call the customer at the counter again."""
        expected = self._expected()
        self._request(lambda window: self.client.recall(window, expected))

    def no_show(self) -> None:
        """F3: the called customer did not come (after the recalls the hall requires)."""
        expected = self._expected()
        self._request(lambda window: self.client.no_show(window, expected))

    def finish(self, *, ask_rating: bool = True) -> None:
        """F5: the customer is served; ask for their rating (screen and evaluator keypad)."""
        expected = self._expected()
        then = self._ask_rating if ask_rating else None
        self._request(lambda window: self.client.finish(window, expected), then)

    def toggle_pause(self) -> None:
        if self.window_state == "paused":
            self._request(self.client.resume)
        else:
            self._request(self.client.pause)

    def call_back(self) -> None:
        """The keypad's call-back: the ticket this window last gave up as a no-show."""
        if self._last_no_show is None:
            self._say(
                self.tr("No skipped ticket to call back here; Ctrl+F1 calls one by its number."),
                problem=True,
            )
            return
        self.call_number(self._last_no_show)

    def transfer(self) -> None:
        """F4: choose another category or window for the current customer."""
        current = self.current
        if current is None or self._ready() is None:
            return
        state = self.live.state
        categories = [
            (str(c["code"]), self.live.category_name(str(c["code"]), self.language))
            for c in sorted(
                state.get("categories", []), key=lambda c: (c.get("sort", 0), c["code"])
            )
            if c.get("active", True) and c["code"] != current["category"]
        ]
        windows = [
            (int(w["number"]), str(w.get("name") or w["number"]))
            for w in state.get("windows", [])
            if w["number"] != self.window_number
        ]
        dialog = TransferDialog(current, categories, windows, self.window())
        self.transfer_dialog = dialog
        expected = str(current["uid"])

        def chosen() -> None:
            category, to_window = dialog.choice
            self._request(
                lambda window: self.client.transfer(
                    window, category=category, to_window=to_window, expected=expected
                )
            )

        dialog.accepted.connect(chosen)
        dialog.open()

    # --- ratings ----------------------------------------------------------------------------------

    def _ask_rating(self, event: dict[str, Any]) -> None:
        ticket = event.get("ticket") or {}
        if event.get("kind") != "finished" or not ticket:
            return
        self.rating_requested.emit()
        self.open_evaluator(ticket)

    def open_evaluator(self, ticket: dict[str, Any]) -> Evaluator:
        if self.evaluator is not None and shiboken6.isValid(self.evaluator):
            self.evaluator.close()
        clerk = self.clerk
        evaluator = Evaluator(
            str(ticket["number"]),
            clerk.number if clerk else str(ticket.get("clerk_no") or ""),
            clerk.name if clerk else "",
            self.window(),
        )
        evaluator.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if len(QGuiApplication.screens()) > 1:
            # On the customer's screen it must not take the clerk's keyboard (F1 goes on).
            evaluator.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        uid = str(ticket["uid"])
        evaluator.chosen.connect(partial(self._rate_ticket, evaluator, uid))
        evaluator.finished.connect(self._evaluator_closed)
        self.evaluator = evaluator
        evaluator.show()
        evaluator.place_for_customer(self.window())
        return evaluator

    def _evaluator_closed(self) -> None:
        """The keyboard goes back to the clerk: F1 must call the next customer at once."""
        self.evaluator = None
        counter = self.window()
        if not self._closed and counter.isVisible():
            counter.activateWindow()

    def _rate_ticket(self, evaluator: Evaluator, uid: str, score: int) -> None:
        def rated(_event: dict[str, Any]) -> None:
            if shiboken6.isValid(evaluator):
                evaluator.show_thanks()

        def refused(error: Exception) -> None:
            text = error_text(error)
            if isinstance(error, AlreadyRatedError):
                log.info("Rating refused: %s", error)
            if shiboken6.isValid(evaluator):
                evaluator.show_refusal(text)
            self._say(text, problem=True)

        Op(self, lambda: self.client.rate(score, ticket=uid), runner=self.runner).success(
            rated
        ).failure(refused).run()

    def rate_from_device(self, score: int) -> None:
        """The evaluator keypad rated: it knows its window, so the window's last finished ticket
        gets the rating; an on-screen evaluator still open has nothing more to ask."""
        number = self.window_number
        if number is None or self._closed:
            return
        evaluator = self.evaluator
        if evaluator is not None and shiboken6.isValid(evaluator) and evaluator.score is None:
            evaluator.rated_elsewhere()

        def refused(error: Exception) -> None:
            self._say(error_text(error), problem=True)

        Op(self, lambda: self.client.rate(score, window=number), runner=self.runner).success(
            lambda _event: self._say(self.tr("Rating %1 recorded.").replace("%1", str(score)))
        ).failure(refused).run()

    # --- the caller keypad ----------------------------------------------------------------------

    def keypad(self, key: KeypadKey) -> None:
        """A caller keypad key (devices.events.KeypadKey), as the matching key on the keyboard."""
        if key is KeypadKey.CALL:
            self.call_next()
        elif key is KeypadKey.RECALL:
            self.recall()
        elif key is KeypadKey.NO_SHOW:
            self.no_show()
        elif key is KeypadKey.PAUSE:
            self.toggle_pause()
        elif key is KeypadKey.EVALUATE:
            if self.current is not None:
                self.finish(ask_rating=True)
            else:
                self._say(self.tr("No ticket to finish; F1 calls the next customer."), problem=True)
        elif key is KeypadKey.HANG_UP:
            self.finish(ask_rating=False)
        elif key is KeypadKey.CALL_BACK:
            self.call_back()
