"""Card readers on a link: line readers speak unasked, ID card readers must be polled.

A line reader (magstripe, RFID) sends a line whenever a card passes; the driver only listens. An
ID card reader (二代证) says nothing until asked, so :class:`IdCardReader` runs its own poll thread:
FIND every ``poll_interval``; when a card is there, SELECT and READ, and report the card once per
presentation: a card counts as new only after a FIND has missed it. (Whether a reader keeps
finding a card it has just read or answers "no card" until it is lifted differs between readers;
either way one presentation is one event.)
"""

from __future__ import annotations

import logging
import threading
from collections import Counter, deque
from typing import Final

from devices.codecs import idcard
from devices.codecs.cardline import CardPattern, LineDecoder
from devices.codecs.idcard import IdCardError, IdReply, IdReplyDecoder
from devices.events import CardRead, DeviceEvent, EventListener, IdCard, IdCardRead
from devices.link_api import Link
from devices.state import READY_STATES, DeviceState

_log = logging.getLogger(__name__)


def _emit(device: str, on_event: EventListener, event: DeviceEvent) -> bool:
    """Tell the application; False when its listener failed (logged here, counted by the caller)."""
    try:
        on_event(event)
    except Exception:  # an application bug must not stop the reader
        _log.exception("%s: event listener failed on %r", device, event)
        return False
    return True


class LineCardReader:
    """A magstripe or RFID reader that sends one line per card; emits :class:`CardRead`.

    Lines the pattern does not match (a card of another kind, a reader's banner) are counted in
    ``errors["no_match"]`` and otherwise ignored.
    """

    def __init__(
        self, link: Link, device: str, pattern: CardPattern, on_event: EventListener
    ) -> None:
        self.device = device
        self.pattern = pattern
        self._on_event = on_event
        self._decoder = LineDecoder()
        self._errors: Counter[str] = Counter()
        self._lock = threading.Lock()
        link.subscribe(self._on_bytes)
        link.on_state(self._on_state)

    @property
    def errors(self) -> Counter[str]:
        """The driver's and the decoder's problems by reason (a copy)."""
        with self._lock:
            return self._errors + self._decoder.errors

    def _on_bytes(self, data: bytes) -> None:
        with self._lock:
            lines = self._decoder.feed(data)
            events: list[CardRead] = []
            for line in lines:
                number = self.pattern.extract(line)
                if number is None:
                    self._errors["no_match"] += 1
                else:
                    events.append(CardRead(self.device, line, number))
        for event in events:
            if not _emit(self.device, self._on_event, event):
                with self._lock:
                    self._errors["listener"] += 1

    def _on_state(self, state: DeviceState, _detail: str) -> None:
        if state not in READY_STATES:
            with self._lock:
                self._decoder.reset()  # half a line from before the port went away is stale


POLL_INTERVAL: Final = 0.5
"""Vendors advise polling no faster than every 300 ms."""
READ_TIMEOUT: Final = 3.0
"""READ returns 1,295 bytes: 1.35 s at 9600 baud; public drivers wait 3 s for it."""


class IdCardReader:
    """A resident ID card reader (二代证阅读器) on a serial link; emits :class:`IdCardRead`.

    ``start()`` starts a daemon poll thread and ``stop()`` joins it. Nothing is sent while the link
    is not ready. Problems are counted in ``errors`` by reason ("timeout", "find", "select",
    "read", "card", "sam", "unexpected", "listener", "bug", and the decoder's), never raised.
    After the port comes back the card on the reader is read again: it may have been swapped.
    """

    def __init__(
        self,
        link: Link,
        device: str,
        on_event: EventListener,
        poll_interval: float = POLL_INTERVAL,
        reply_timeout: float = 1.0,
        *,
        read_timeout: float = READ_TIMEOUT,
    ) -> None:
        self.device = device
        self.poll_interval = poll_interval
        self.reply_timeout = reply_timeout
        self.read_timeout = read_timeout
        self._link = link
        self._on_event = on_event
        self._decoder = IdReplyDecoder()
        self._errors: Counter[str] = Counter()
        self._cond = threading.Condition()
        self._replies: deque[IdReply] = deque()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._presented = False
        """A card was read and has not been missed by a FIND since."""
        self._sam_checked = False
        self.sam_ok: bool | None = None
        """The SAM status after the port last opened: None until asked."""
        link.subscribe(self._on_bytes)
        link.on_state(self._on_state)

    @property
    def errors(self) -> Counter[str]:
        """The driver's and the decoder's problems by reason (a copy)."""
        with self._cond:
            return self._errors + self._decoder.errors

    @property
    def card_present(self) -> bool:
        return self._presented

    # -- life ------------------------------------------------------------------------------------
    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"{self.device} poll", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    # -- link side -------------------------------------------------------------------------------
    def _on_bytes(self, data: bytes) -> None:
        with self._cond:
            replies = self._decoder.feed(data)
            if replies:
                self._replies.extend(replies)
                self._cond.notify_all()

    def _on_state(self, state: DeviceState, _detail: str) -> None:
        if state not in READY_STATES:
            with self._cond:
                self._decoder.reset()
                self._replies.clear()
                self._sam_checked = False
                self._presented = False

    # -- poll thread -----------------------------------------------------------------------------
    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self._poll()
            except Exception:  # a bug here must not end polling for the day
                with self._cond:
                    self._errors["bug"] += 1
                _log.exception("%s: poll failed", self.device)
            self._stop.wait(self.poll_interval)

    def _poll(self) -> None:
        if not self._sam_checked and not self._check_sam():
            return
        found = self._exchange(idcard.FIND, self.reply_timeout)
        if found is None:
            return
        if found.sw3 != idcard.SW_FOUND:
            if found.sw3 != idcard.SW_NO_CARD:
                self._count("find")
            self._presented = False
            return
        if self._presented:
            return
        card = self._read_card()
        if card is not None:
            self._presented = True
            if not _emit(self.device, self._on_event, IdCardRead(self.device, card)):
                self._count("listener")

    def _check_sam(self) -> bool:
        """Ask the SAM module's status once per opening of the port; False without an answer."""
        status = self._exchange(idcard.SAM_STATUS, self.reply_timeout)
        if status is None:
            return False
        self._sam_checked = True
        self.sam_ok = status.ok
        if not status.ok:
            self._count("sam")
            _log.warning("%s: SAM status: %s", self.device, status.status)
        return True

    def _read_card(self) -> IdCard | None:
        """SELECT and READ the card just found; None (counted) when either step fails."""
        selected = self._exchange(idcard.SELECT, self.reply_timeout)
        if selected is None or not selected.ok:
            if selected is not None:
                self._count("select")
            return None
        read = self._exchange(idcard.READ, max(self.reply_timeout, self.read_timeout))
        if read is None or not read.ok:
            if read is not None:
                self._count("read")
            return None
        try:
            return idcard.parse_read_reply(read.data)
        except IdCardError as error:
            self._count("card")
            _log.warning("%s: %s", self.device, error)
            return None

    def _exchange(self, cmd: tuple[int, int], timeout: float) -> IdReply | None:
        """Send one command and wait for its reply; None (counted) when there is none."""
        if self._stop.is_set() or self._link.state not in READY_STATES:
            return None
        with self._cond:
            if self._replies:  # a late answer to a command that timed out
                self._errors["unexpected"] += len(self._replies)
                self._replies.clear()
        self._link.write(idcard.command(*cmd))
        with self._cond:
            if not self._cond.wait_for(lambda: bool(self._replies) or self._stop.is_set(), timeout):
                self._errors["timeout"] += 1
                self._decoder.reset()  # a reply cut short must not swallow the next one
                return None
            if not self._replies:
                return None  # stopping
            return self._replies.popleft()

    def _count(self, reason: str) -> None:
        with self._cond:
            self._errors[reason] += 1
