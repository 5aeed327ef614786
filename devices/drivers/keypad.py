"""The keypad bus: every window's caller keypad (呼叫器) and evaluator (评价器) on one serial port.

Each accepted frame is acknowledged at once on the link's thread, before anything else happens,
as the source system does (see :mod:`devices.codecs.keypad`); a keypad that hears no echo sends
again, so a slow listener must never delay the ACK. Frames from an address that names no
configured device are acknowledged too (the source answers before it looks the address up) and
counted as ``unknown_address``, with no event.

The ticket and the waiting count share one 6-digit display, each write blanking the other half.
They are written under two link keys, ``("keypad", address, "ticket")`` and
``("keypad", address, "waiting")``; the link replays keyed frames in the order of their last
update, so after a reconnect the display again shows whichever was written last.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Mapping

from devices.codecs import keypad as codec
from devices.events import DeviceEvent, EventListener, KeyPressed, RatingGiven
from devices.link_api import Link

logger = logging.getLogger(__name__)


def ticket_key(address: int) -> tuple[str, int, str]:
    return ("keypad", address, "ticket")


def waiting_key(address: int) -> tuple[str, int, str]:
    return ("keypad", address, "waiting")


def star_key(address: int) -> tuple[str, int, str]:
    return ("keypad", address, "stars")


class KeypadBus:
    """Keypads and evaluators on one link, by bus address.

    ``devices`` maps a bus address to the configured device name put in events; an evaluator
    usually shares its window's caller address, so one name covers both. Events reach
    ``on_event`` on the link's thread; an exception there is logged and counted (``listener``),
    never allowed to stop the bus. Commands may be called from any thread.
    """

    def __init__(self, link: Link, devices: Mapping[int, str], on_event: EventListener) -> None:
        for address in devices:
            if not 0 <= address <= 0xFF:
                raise ValueError(f"keypad bus address must be 0..255, got {address}")
        self._link = link
        self._devices = dict(devices)
        self._on_event = on_event
        self._lock = threading.Lock()
        self._decoder = codec.KeypadDecoder()
        self._interpreter = codec.KeyInterpreter()
        self._errors: Counter[str] = Counter()
        link.subscribe(self._on_bytes)

    @property
    def link(self) -> Link:
        return self._link

    @property
    def errors(self) -> Counter[str]:
        """Everything refused so far: the decoder's, the key interpreter's and the bus's reasons."""
        with self._lock:
            return self._decoder.errors + self._interpreter.errors + self._errors

    # --- host to keypads --------------------------------------------------------------------

    def show_ticket(self, address: int, number: str) -> None:
        """Show the called ticket (its last three digits) on the keypad at ``address``."""
        self._link.write(codec.show_ticket(address, number), key=ticket_key(address))

    def show_waiting(self, address: int, count: int) -> None:
        self._link.write(codec.show_waiting(address, count), key=waiting_key(address))

    def beep(self, address: int) -> None:
        self._link.write(codec.beep(address))

    def ask_rating(self, address: int) -> None:
        """Start an evaluation on the evaluator at ``address`` (sent once, not replayed)."""
        self._link.write(codec.ask_rating(address))

    def set_star_level(self, address: int, stars: int = 5) -> None:
        self._link.write(codec.star_level(address, stars), key=star_key(address))

    # --- keypads to host --------------------------------------------------------------------

    def _on_bytes(self, data: bytes) -> None:
        events: list[DeviceEvent] = []
        with self._lock:
            for frame in self._decoder.feed(data):
                self._link.write(codec.acknowledgement(frame))
                event = self._event_for(frame)
                if event is not None:
                    events.append(event)
        for event in events:
            self._emit(event)

    def _event_for(self, frame: codec.KeypadFrame) -> DeviceEvent | None:
        meaning = self._interpreter.interpret(frame)
        name = self._devices.get(frame.address)
        if name is None:
            self._errors["unknown_address"] += 1
            return None
        if isinstance(meaning, codec.KeyInput):
            return KeyPressed(name, meaning.address, meaning.key)
        if isinstance(meaning, codec.RatingInput):
            return RatingGiven(name, meaning.address, meaning.score)
        return None

    def _emit(self, event: DeviceEvent) -> None:
        try:
            self._on_event(event)
        except Exception:
            with self._lock:
                self._errors["listener"] += 1
            logger.exception("keypad event listener failed on %r", event)
