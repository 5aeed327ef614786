# Qt calls its virtual methods by their camelCase names (mouseReleaseEvent…).
# ruff: noqa: N802
"""``counterdesk kiosk``: the touch-screen ticket dispenser (取号机) at the hall's door.

A customer touches one large button per business (缴费业务, 业扩报装…), each showing how many
people wait for it; the kiosk asks the hall server for a ticket, shows the number huge with the
people ahead, and prints it. The green channel (绿色通道) opens to an ID card of someone aged 65
or more, or to a key-customer card (:mod:`counterdesk.queue.green_channel` holds the rule).

The order is fixed: issue first, print second. Once the server has issued the ticket the
customer has their place, whatever the printer does; so a printer out of paper only changes what
the screen says ("请记住您的号码", the number stays on screen), it never takes the ticket back.
A ticket that could not print is discarded from the print queue at once: printed minutes later,
after paper is loaded, it would land in the next customer's hand.

Nothing waits on the GUI thread: the issue request runs on a worker of its own (a slow server
must not delay the printer), the print queue on its own threads, the devices on theirs. While a
request runs every button is disabled, so a double tap issues one ticket (the client's
Idempotency-Key covers a retried request).

Where its settings live, on the kiosk PC, in the app's data folder:

- ``kiosk.db``: a terminal database (migrated at start) holding the kiosk's printer (name
  ``receipt``: ``counterdesk printer set receipt ADDRESS --db kiosk.db``), its card and ID card
  readers (table ``device``) and the hall's name (setting ``hall.name``), printed on the ticket.
- ``key-customers.txt``: the key-customer card numbers, one a line. Why a text file and not a
  setting: the list comes from the account managers' register (客户经理), runs to hundreds of
  numbers, changes a few times a year and needs no screen of its own; IT copies the file onto the
  kiosk. Business settings are single checked values, not lists of card numbers.

A keyboard-wedge card reader is not used here (it types into a text field, and the kiosk has
none): key-customer cards need a reader on a serial or USB-serial port.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, Final
from uuid import UUID

from PySide6.QtCore import QDate, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QMouseEvent, QResizeEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from counterdesk.documents.identity import HallIdentity
from counterdesk.documents.receipts import QueueTicket
from counterdesk.queue import green_channel
from counterdesk.queue.client import HallClient, HallUnavailableError
from counterdesk.queue.green_channel import ELDER_AGE, GREEN_CHANNEL, Decision, Verdict
from counterdesk.services.common import business_day, local
from counterdesk.store import settings
from counterdesk.store.database import default_db_path, make_engine
from counterdesk.store.migrate import upgrade
from counterdesk.store.models import PrintJobState
from counterdesk.store.print_jobs import PrintJob
from devices import config
from devices.config import DeviceConfig, DeviceKind
from devices.events import IdCard
from printing import printers
from printing.print_queue import PrintQueue
from ui.device_bridge import DeviceBridge
from ui.hall_live import HallLive
from ui.messages import error_text
from ui.operations import Op, OpRunner
from ui.print_bridge import PrintBridge

log = logging.getLogger(__name__)

KIOSK_DB: Final = "kiosk.db"
KEY_CARDS_FILE: Final = "key-customers.txt"
RETURN_AFTER_MS: Final = 8_000
"""The confirmation stays this long: enough to read the number and take the ticket."""
GREEN_IDLE_MS: Final = 30_000
READERS: Final = (DeviceKind.ID_READER, DeviceKind.CARD_READER)
TILE_HEIGHT: Final = 150
"""Touch targets: well above the 120 px a finger at arm's length needs on a 19-inch screen."""

STYLE_SHEET: Final = """
KioskWindow { background: #F2F5F4; }
QFrame#header, QWidget#header { background: #00706B; }
QLabel#hallName { color: white; font-size: 34px; font-weight: bold; }
QLabel#clock { color: white; font-size: 28px; }
QLabel#prompt { color: #1D2939; font-size: 38px; font-weight: bold; }
QLabel#hint { color: #475467; font-size: 24px; }
QLabel#message { font-size: 30px; padding: 18px 24px; border-radius: 10px;
    background: #FEF0C7; color: #7A2E0E; border: 2px solid #F79009; }
QPushButton#tile, QPushButton#greenTile, QPushButton#back {
    border-radius: 16px; border: 3px solid #00706B; background: white; }
QPushButton#tile:pressed { background: #D1EFEC; }
QPushButton#greenTile { background: #1E7F3C; border-color: #145A2A; }
QPushButton#greenTile:pressed { background: #145A2A; }
QPushButton#tile:disabled, QPushButton#greenTile:disabled, QPushButton#back:disabled {
    background: #E4E7EC; border-color: #D0D5DD; }
QLabel#tileName { color: #1D2939; font-size: 46px; font-weight: bold; }
QLabel#tileDetail { color: #344054; font-size: 28px; }
QPushButton#greenTile QLabel { color: white; }
QLabel#tileName:disabled, QLabel#tileDetail:disabled,
QPushButton#greenTile QLabel:disabled { color: #98A2B3; }
QLabel#greenTitle { color: #1E7F3C; font-size: 60px; font-weight: bold; }
QLabel#instruction { color: #1D2939; font-size: 40px; font-weight: bold; }
QLabel#who { color: #475467; font-size: 28px; }
QLabel#caption { color: #475467; font-size: 36px; }
QLabel#number { color: #00706B; font-size: 200px; font-weight: bold; }
QLabel#category { color: #1D2939; font-size: 46px; font-weight: bold; }
QLabel#ahead { color: #1D2939; font-size: 52px; }
QLabel#printing { color: #344054; font-size: 34px; padding: 8px 20px; border-radius: 10px; }
QLabel#printing[trouble="true"] { background: #FEF0C7; color: #7A2E0E; font-weight: bold; }
"""


@dataclass(frozen=True)
class KioskSetup:
    """What the kiosk reads from its own database at start (on the worker)."""

    hall: HallIdentity
    queue: PrintQueue | None
    printer: str | None
    readers: list[DeviceConfig]
    key_cards: frozenset[str]
    key_cards_problem: str = ""


def setup_job(engine: Engine, key_cards_path: Path) -> KioskSetup:
    """Runs on the worker: the hall's name, the started print queue, readers and key cards.

    Jobs the last run left unfinished are discarded: a ticket from an earlier run has nobody
    standing at the kiosk waiting for it.
    """
    with engine.connect() as connection:
        hall = settings.load_hall_identity(connection)
        profiles = printers.load_all(connection)
        devices = [c for c in config.load_all(connection).values() if c.kind in READERS]
    queue, printer = None, None
    if profiles:
        printer = printers.RECEIPT_PRINTER if printers.RECEIPT_PRINTER in profiles else None
        printer = printer or next(iter(profiles))
        queue = PrintQueue(engine, profiles)
        for job in queue.start():
            queue.discard(job.uid)
    problem = ""
    try:
        key_cards = green_channel.read_key_cards(key_cards_path)
    except (OSError, UnicodeDecodeError) as error:
        log.warning("The key-customer list %s cannot be read: %s", key_cards_path, error)
        key_cards, problem = frozenset(), str(error)
    return KioskSetup(hall, queue, printer, devices, key_cards, problem)


def ticket_printout(event: dict[str, Any], category_name: str, hall: HallIdentity) -> QueueTicket:
    """The paper ticket for an ``issued`` event, in the hall's local time."""
    ticket = event["ticket"]
    issued = datetime.fromisoformat(ticket["issued_at"])
    return QueueTicket(
        ticket_uid=UUID(ticket["uid"]),
        number=ticket["number"],
        category_code=ticket["category"],
        category_name=category_name,
        people_ahead=int(event.get("detail", {}).get("ahead", 0)),
        issued_at=local(issued if issued.tzinfo else issued.replace(tzinfo=UTC)),
        issuer=hall,
        green_channel=ticket["category"] == GREEN_CHANNEL,
    )


def _label(parent: QWidget, name: str, text: str = "") -> QLabel:
    made = QLabel(text, parent)
    made.setObjectName(name)
    made.setAlignment(Qt.AlignmentFlag.AlignCenter)
    made.setWordWrap(True)
    made.setTextFormat(Qt.TextFormat.PlainText)
    return made


class Tile(QPushButton):
    """A large touch button: a name and a line under it (labels inside, taps go to the button)."""

    def __init__(self, name: str, parent: QWidget, *, object_name: str = "tile") -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        self.setMinimumHeight(TILE_HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.name = _label(self, "tileName", name)
        self.detail = _label(self, "tileDetail")
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 12, 16, 12)
        box.setSpacing(10)
        box.addStretch(1)
        box.addWidget(self.name)
        box.addWidget(self.detail)
        box.addStretch(1)
        for child in (self.name, self.detail):
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)


class TapPage(QWidget):
    """A page that goes back when touched anywhere.

    Signals:
        tapped(): the customer touched the screen.
    """

    tapped = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self.tapped.emit()
        super().mouseReleaseEvent(event)


class KioskWindow(QWidget):
    """The ticket dispenser on ``server_url``, printing through the kiosk database ``db_path``.

    ``clock`` gives the hall's time for the green channel's age rule (default: now);
    ``key_cards`` is the key-customer list (default: beside ``db_path``).

    Signals:
        issued(dict event): a ticket was issued (the server's ``issued`` event).
    """

    issued = Signal(dict)

    def __init__(
        self,
        server_url: str,
        db_path: Path,
        *,
        language: str = "zh_CN",
        clock: Callable[[], datetime] | None = None,
        key_cards: Path | None = None,
        elder_age: int = ELDER_AGE,
        return_after_ms: int = RETURN_AFTER_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("kiosk")
        self.setWindowTitle(self.tr("CounterDesk — ticket kiosk"))
        self.setStyleSheet(STYLE_SHEET)
        self.language = language
        self.elder_age = elder_age
        self._clock = clock or (lambda: datetime.now(UTC))
        self.engine = make_engine(db_path)
        self.client = HallClient(server_url)
        # Two workers: a hall server that hangs must not hold up the printer, nor the reverse.
        self.hall_runner = OpRunner(self, name="kiosk-hall")
        self.db_runner = OpRunner(self, name="kiosk-db")
        self.setup: KioskSetup | None = None
        self.print_bridge: PrintBridge | None = None
        self.bridge: DeviceBridge | None = None
        self.busy = False
        self.ticket: dict[str, Any] | None = None
        """The ticket on the confirmation page (the server's ticket dict)."""
        self.print_job: PrintJob | None = None
        self.tiles: dict[str, Tile] = {}
        self._tile_codes: list[str] = []
        self._placed: tuple[int, int] | None = None

        root = QVBoxLayout(self)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(0)
        root.addWidget(self._header())
        self.stack = QStackedWidget(self)
        root.addWidget(self.stack, 1)
        self.start_page = self._start_page()
        self.green_page = self._green_page()
        self.ticket_page = self._ticket_page()
        for page in (self.start_page, self.green_page, self.ticket_page):
            self.stack.addWidget(page)

        self.return_timer = QTimer(self, singleShot=True, interval=return_after_ms)
        self.return_timer.timeout.connect(self.go_start)
        self.green_timer = QTimer(self, singleShot=True, interval=GREEN_IDLE_MS)
        self.green_timer.timeout.connect(self.go_start)
        self.clock_timer = QTimer(self, interval=1_000)
        self.clock_timer.timeout.connect(self._tick)
        self.clock_timer.start()
        self._tick()

        self.live = HallLive(server_url, self)
        self.live.state_changed.connect(self._state_changed)
        self.live.online_changed.connect(lambda _online: self._refresh_start())
        self._refresh_start()
        self.live.start()
        key_cards_path = key_cards or db_path.with_name(KEY_CARDS_FILE)
        Op(self, partial(setup_job, self.engine, key_cards_path), runner=self.db_runner).success(
            self._set_up
        ).failure(self._setup_failed).run()

    # --- building -------------------------------------------------------------------------------

    def _header(self) -> QWidget:
        header = QWidget(self)
        header.setObjectName("header")
        header.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        row = QHBoxLayout(header)
        row.setContentsMargins(32, 14, 32, 14)
        self.hall_name = QLabel(self.tr("Service hall"), header)
        self.hall_name.setObjectName("hallName")
        self.clock_label = QLabel(header)
        self.clock_label.setObjectName("clock")
        row.addWidget(self.hall_name, 1)
        row.addWidget(self.clock_label)
        return header

    def _start_page(self) -> QWidget:
        page = QWidget(self)
        box = QVBoxLayout(page)
        box.setContentsMargins(40, 24, 40, 20)
        box.setSpacing(18)
        box.addWidget(_label(page, "prompt", self.tr("Touch the business you have come for")))
        self.message = _label(page, "message")
        self.message.hide()
        box.addWidget(self.message)
        self.grid = QGridLayout()
        self.grid.setSpacing(24)
        box.addLayout(self.grid, 1)
        box.addWidget(
            _label(
                page, "hint", self.tr("After taking a ticket, watch the hall screen and listen.")
            )
        )
        return page

    def _green_page(self) -> QWidget:
        page = QWidget(self)
        box = QVBoxLayout(page)
        box.setContentsMargins(60, 30, 60, 24)
        box.setSpacing(20)
        box.addWidget(_label(page, "greenTitle", self.tr("Green channel")))
        box.addWidget(
            _label(
                page,
                "instruction",
                self.tr("Place your ID card on the reader, or swipe your key-customer card."),
            )
        )
        who = self.tr("For customers aged %1 and over, and for key customers.")
        box.addWidget(_label(page, "who", who.replace("%1", str(self.elder_age))))
        self.green_message = _label(page, "message")
        self.green_message.hide()
        box.addWidget(self.green_message)
        box.addStretch(1)
        self.back = Tile(self.tr("Back"), page, object_name="back")
        self.back.setMinimumHeight(120)
        self.back.detail.hide()
        self.back.clicked.connect(self.go_start)
        box.addWidget(self.back)
        return page

    def _ticket_page(self) -> TapPage:
        page = TapPage(self)
        page.tapped.connect(self.go_start)
        box = QVBoxLayout(page)
        box.setContentsMargins(40, 20, 40, 20)
        box.setSpacing(6)
        box.addStretch(1)
        box.addWidget(_label(page, "caption", self.tr("Your number")))
        self.ticket_number = _label(page, "number")
        self.ticket_number.setWordWrap(False)
        self.ticket_category = _label(page, "category")
        self.ticket_ahead = _label(page, "ahead")
        self.ticket_printing = _label(page, "printing")
        for widget in (self.ticket_number, self.ticket_category, self.ticket_ahead):
            box.addWidget(widget)
        box.addSpacing(12)
        box.addWidget(self.ticket_printing)
        box.addStretch(1)
        box.addWidget(_label(page, "hint", self.tr("Touch the screen to finish.")))
        return page

    # --- the start page -------------------------------------------------------------------------

    def _tick(self) -> None:
        now = local(self._clock())
        day = QLocale().toString(QDate(now.year, now.month, now.day), self.tr("yyyy-MM-dd dddd"))
        self.clock_label.setText(f"{day}  {now:%H:%M}")

    def _categories(self) -> list[dict[str, Any]]:
        listed = [c for c in self.live.state.get("categories", []) if c.get("active", True)]
        return sorted(listed, key=lambda c: (c.get("sort", 0), c["code"]))

    def _state_changed(self, state: dict[str, Any]) -> None:
        codes = [c["code"] for c in self._categories()]
        if codes != self._tile_codes:
            self._build_tiles()
        waiting = state.get("waiting", {})
        for code, tile in self.tiles.items():
            count = str(int(waiting.get(code, 0)))
            if code == GREEN_CHANNEL:
                text = self.tr("Aged %1 and over, or key customers · %2 waiting")
                tile.detail.setText(text.replace("%1", str(self.elder_age)).replace("%2", count))
            else:
                tile.detail.setText(f"{code} · " + self.tr("%1 waiting").replace("%1", count))
        self._refresh_start()

    def _build_tiles(self) -> None:
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
            tile.deleteLater()
        self.tiles.clear()
        self._placed = None
        categories = self._categories()
        self._tile_codes = [c["code"] for c in categories]
        # The green channel last: the common businesses come first to the eye.
        ordered = [c for c in categories if c["code"] != GREEN_CHANNEL]
        ordered += [c for c in categories if c["code"] == GREEN_CHANNEL]
        for category in ordered:
            code = category["code"]
            name = self.live.category_name(code, self.language)
            green = code == GREEN_CHANNEL
            tile = Tile(name, self.start_page, object_name="greenTile" if green else "tile")
            tile.clicked.connect(self.open_green if green else partial(self.take, code))
            self.tiles[code] = tile
        self._place_tiles()

    def _place_tiles(self) -> None:
        """Two columns on a landscape screen (three past four businesses), one on a portrait."""
        count = len(self.tiles)
        portrait = self.height() > self.width()
        columns = 1 if portrait else (2 if count <= 4 else 3)
        if (columns, count) == self._placed:
            return
        self._placed = (columns, count)
        for tile in self.tiles.values():
            self.grid.removeWidget(tile)
        for index, tile in enumerate(self.tiles.values()):
            self.grid.addWidget(tile, index // columns, index % columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.tiles:
            self._place_tiles()

    def _refresh_start(self) -> None:
        # Not before the kiosk's own set-up is read: a ticket must know where it prints.
        online = self.live.online and bool(self.tiles) and self.setup is not None
        for tile in self.tiles.values():
            tile.setEnabled(online and not self.busy)
        if not self.live.online:
            self._say(
                self.tr(
                    "Tickets cannot be taken just now: the queue system is connecting. "
                    "Please wait a moment, or ask the lobby staff."
                )
            )
            if self.stack.currentWidget() is self.green_page:
                self.go_start()
        elif self.message.text() and self.message.property("offline"):
            self._say("")

    def _say(self, text: str, *, offline: bool = True) -> None:
        self.message.setText(text)
        self.message.setProperty("offline", offline)
        self.message.setVisible(bool(text))

    def _clear_refusal(self) -> None:
        if not self.message.property("offline"):
            self._say("")

    def go_start(self) -> None:
        self.return_timer.stop()
        self.green_timer.stop()
        self.busy = False
        self.green_message.hide()
        self.stack.setCurrentWidget(self.start_page)
        self._refresh_start()

    # --- taking a ticket ------------------------------------------------------------------------

    def take(self, code: str) -> None:
        """Ask the server for a ticket of ``code``; every button is off until it answers."""
        if self.busy or not self.live.online:
            return
        self.busy = True
        self._refresh_start()
        self.back.setEnabled(False)
        Op(self, partial(self.client.issue, code), runner=self.hall_runner).success(
            self._issued
        ).failure(self._refused).run()

    def _issued(self, event: dict[str, Any]) -> None:
        ticket = event["ticket"]
        self.ticket, self.print_job = ticket, None
        ahead = int(event.get("detail", {}).get("ahead", 0))
        self.ticket_number.setText(ticket["number"])
        self.ticket_category.setText(self.live.category_name(ticket["category"], self.language))
        if ahead:
            self.ticket_ahead.setText(self.tr("%n person(s) ahead of you", "", ahead))
        else:
            self.ticket_ahead.setText(self.tr("Nobody is ahead of you"))
        self.back.setEnabled(True)
        self.stack.setCurrentWidget(self.ticket_page)
        self.green_timer.stop()
        self.return_timer.start()
        self.issued.emit(event)
        self._print(event)

    def _refused(self, error: Exception) -> None:
        self.busy = False
        self.back.setEnabled(True)
        if isinstance(error, HallUnavailableError):
            text = self.tr(
                "The queue system did not answer, so no ticket was issued. Please try again "
                "in a moment, or ask the lobby staff."
            )
        else:
            text = error_text(error)
        if self.stack.currentWidget() is self.green_page:
            self._green_says(text)
        else:
            self._say(text, offline=False)
            QTimer.singleShot(10_000, self._clear_refusal)
        self._refresh_start()

    # --- printing -------------------------------------------------------------------------------

    def _set_up(self, setup: KioskSetup) -> None:
        self.setup = setup
        identity = setup.hall
        self.hall_name.setText(
            " ".join(part for part in (identity.utility_name, identity.hall_name) if part)
            or self.tr("Service hall")
        )
        if setup.queue is not None:
            self.print_bridge = PrintBridge(setup.queue, self)
            self.print_bridge.job_changed.connect(self._job_changed)
        if setup.readers:
            self.bridge = DeviceBridge(setup.readers, self)
            self.bridge.id_card_read.connect(lambda _name, card: self.id_card(card))
            self.bridge.card_read.connect(lambda _name, number, _raw: self.key_card(number))
            self.bridge.start()
        self._refresh_start()

    def _setup_failed(self, error: Exception) -> None:
        log.error("The kiosk database cannot be read", exc_info=error)
        self.setup = KioskSetup(HallIdentity("", "", ""), None, None, [], frozenset())
        self._refresh_start()

    def _print(self, event: dict[str, Any]) -> None:
        setup = self.setup
        if setup is None or setup.queue is None or setup.printer is None:
            self._show_printing(self.tr("No ticket is printed here: please remember your number."))
            return
        self._show_printing(self.tr("Printing your ticket…"), trouble=False)
        code = event["ticket"]["category"]
        # The paper ticket's layout is Chinese whatever the screen's language.
        printout = ticket_printout(event, self.live.category_name(code, "zh_CN"), setup.hall)
        job = partial(setup.queue.submit, printout, setup.printer, source_uid=printout.ticket_uid)
        Op(self, job, runner=self.db_runner).failure(self._print_failed).run()

    def _print_failed(self, error: Exception) -> None:
        log.error("The ticket could not be queued for printing", exc_info=error)
        self._show_printing(self.tr("The ticket cannot be printed: please remember your number."))

    def _job_changed(self, job: PrintJob) -> None:
        if self.ticket is None or job.source_uid != UUID(self.ticket["uid"]):
            return
        self.print_job = job
        if job.state is PrintJobState.PRINTED:
            self._show_printing(self.tr("Please take your ticket."), trouble=False)
        elif job.state in (PrintJobState.QUEUED, PrintJobState.PRINTING):
            self._show_printing(self.tr("Printing your ticket…"), trouble=False)
        elif job.state is not PrintJobState.DISCARDED:
            if job.problem == "paper_out":
                text = self.tr("The printer is out of paper: please remember your number.")
            else:
                text = self.tr("The ticket cannot be printed: please remember your number.")
            self._show_printing(text)
            if job.state is PrintJobState.WAITING and self.setup and self.setup.queue:
                # Printed later it would reach the wrong customer: the number on screen is it.
                Op(self, partial(self.setup.queue.discard, job.uid), runner=self.db_runner).failure(
                    lambda error: log.info("Ticket job not discarded: %s", error)
                ).run()

    def _show_printing(self, text: str, *, trouble: bool = True) -> None:
        self.ticket_printing.setText(text)
        self.ticket_printing.setProperty("trouble", trouble)
        self.ticket_printing.style().unpolish(self.ticket_printing)
        self.ticket_printing.style().polish(self.ticket_printing)
        if trouble and self.stack.currentWidget() is self.ticket_page:
            self.return_timer.start()  # the full time again, to read and remember the number

    # --- the green channel ----------------------------------------------------------------------

    def open_green(self) -> None:
        if self.busy or not self.live.online:
            return
        self.green_message.hide()
        if self.setup is not None and not self.setup.readers:
            self._green_says(
                self.tr("This kiosk has no card reader. Please ask the lobby staff for help.")
            )
        self.stack.setCurrentWidget(self.green_page)
        self.green_timer.start()

    def id_card(self, card: IdCard) -> None:
        """An ID card on the reader: the green channel if the holder is old enough."""
        if not self._listening():
            return
        today = business_day(self._clock())
        decision = green_channel.judge_id_card(
            card.birth_date, card.id_number, today, self.elder_age
        )
        self._judged(decision)

    def key_card(self, number: str) -> None:
        """A swiped or tapped card: the green channel if it is on the key-customer list."""
        if not self._listening():
            return
        key_cards = self.setup.key_cards if self.setup else frozenset()
        self._judged(green_channel.judge_card(number, key_cards))

    def _listening(self) -> bool:
        """Cards count on the start and green pages, not while a ticket is on screen."""
        on_page = self.stack.currentWidget() in (self.start_page, self.green_page)
        return on_page and not self.busy and self.live.online

    def _judged(self, decision: Decision) -> None:
        if self.stack.currentWidget() is not self.green_page:
            self.open_green()
        self.green_timer.start()
        if decision.admitted:
            self.green_message.hide()
            self.take(GREEN_CHANNEL)
            return
        if decision.verdict is Verdict.TOO_YOUNG:
            text = self.tr(
                "The green channel is for customers aged %1 and over and for key customers. "
                "Please touch “Back” and choose your business."
            ).replace("%1", str(self.elder_age))
        elif decision.verdict is Verdict.NO_BIRTH_DATE:
            text = self.tr(
                "This ID card could not be read completely. Please place it on the reader again."
            )
        else:
            text = self.tr(
                "This card is not on the key-customer list. Please touch “Back” and choose "
                "your business."
            )
        self._green_says(text)

    def _green_says(self, text: str) -> None:
        self.green_message.setText(text)
        self.green_message.show()

    # --- the end --------------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Stop the live view, the devices, the printers and the workers; safe to call twice."""
        self.clock_timer.stop()
        self.return_timer.stop()
        self.green_timer.stop()
        self.live.stop()
        if self.bridge is not None:
            self.bridge.stop()
            self.bridge = None
        self.hall_runner.shutdown()
        self.db_runner.shutdown()
        if self.setup is not None and self.setup.queue is not None:
            self.setup.queue.stop()
        self.client.close()
        self.engine.dispose()

    def closeEvent(self, event: Any) -> None:
        self.shutdown()
        super().closeEvent(event)


def run(server_url: str, *, language: str | None = None, full_screen: bool = True) -> int:
    """The kiosk on this PC until it is closed; the exit code."""
    from counterdesk.store.database import DatabaseError
    from ui.app import start_application

    app, chosen = start_application(language)
    db_path = default_db_path().with_name(KIOSK_DB)
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        engine = make_engine(db_path)
        upgrade(engine)
        engine.dispose()
    except (DatabaseError, OSError) as error:
        print(f"The kiosk database {db_path} cannot be opened: {error}", file=sys.stderr)
        return 1
    window = KioskWindow(server_url, db_path, language=chosen)
    if full_screen:
        window.showFullScreen()
    else:
        window.resize(1366, 768)
        window.show()
    try:
        return app.exec()
    finally:
        window.shutdown()
