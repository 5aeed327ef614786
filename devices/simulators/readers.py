"""Simulated card readers: a line reader a person swipes or taps, and an ID card reader (二代证).

The line reader only talks (a real one ignores what the host sends). The ID card reader answers
the SAM commands the way public drivers show real ones do: FIND succeeds only while a card lies on
it, and READ returns the card's text and a blank 1024-byte photo.
"""

from __future__ import annotations

import dataclasses
import threading
from collections import Counter
from collections.abc import Callable, Mapping
from datetime import date
from typing import Final

from devices.codecs import idcard
from devices.codecs.idcard import IdCommand, IdCommandDecoder
from devices.events import IdCard
from devices.simulators.base import Command, Listeners, Send

TRACK2_TAIL: Final = "=4912101?"
"""What follows the account number on a swiped track 2: expiry 49/12, service code 101."""

SAM_RESET: Final = 0x10
"""A SAM reset is 10 FF on most readers; the parameter differs, so any is accepted."""

_CARD_ANSWERS: Final = {
    idcard.FIND: (idcard.SW_FOUND, idcard.SW_NO_CARD),
    idcard.SELECT: (idcard.SW_OK, idcard.SW_SELECT_FAILED),
    idcard.READ: (idcard.SW_OK, idcard.SW_READ_FAILED),
}
"""SW3 with a card on the reader and without one."""

SAMPLE_CARD: Final = IdCard(
    name="张三",
    gender="男",
    nation="汉",
    birth_date=date(1990, 3, 7),
    address="某省某市某区幸福路1号",
    id_number="110105199003070017",  # the check character 7 is right (GB 11643)
    issuer="某市公安局某分局",
    valid_from=date(2015, 6, 1),
    valid_to=date(2035, 6, 1),
)


class CardReaderSimulator:
    """A magstripe / RFID line reader: ``swipe``, ``tap`` or ``type`` sends one line."""

    kind = "card"

    def __init__(self, send: Send) -> None:
        self._send = send
        self._lock = threading.Lock()
        self._last: str | None = None
        self._changed = Listeners()
        self.ignored = 0
        """Bytes the host sent; a line reader has nothing to say back."""

    def receive(self, data: bytes) -> None:
        with self._lock:
            self.ignored += len(data)

    def describe(self) -> str:
        with self._lock:
            last = self._last
        return "Card reader: ready" if last is None else f"Card reader: last line {last}"

    def on_change(self, listener: Callable[[], None]) -> None:
        self._changed.add(listener)

    def swipe(self, number: str) -> str:
        """A magstripe card whose track 2 holds ``number`` (1 to 19 digits)."""
        if not (number.isascii() and number.isdigit() and 1 <= len(number) <= 19):
            raise ValueError(f"a track 2 account number is 1 to 19 digits, not {number!r}")
        return self._line(f";{number}{TRACK2_TAIL}")

    def tap(self, uid: str) -> str:
        """An RFID card with ``uid`` (hex, 4 to 10 bytes)."""
        try:
            size = len(bytes.fromhex(uid))
        except ValueError:
            size = 0
        if not (uid.isascii() and uid.isalnum() and 4 <= size <= 10):
            raise ValueError(f"an RFID UID is 4 to 10 bytes in hex (8 to 20 digits), not {uid!r}")
        return self._line(uid.upper())

    def type_line(self, text: str) -> str:
        """Any line, for cards the hall's pattern should not match."""
        if not text or not text.isascii() or not text.isprintable():
            raise ValueError(f"a card line is printable ASCII, not {text!r}")
        return self._line(text)

    def _line(self, line: str) -> str:
        with self._lock:
            self._last = line
        self._send(line.encode("ascii") + b"\r\n")
        self._changed.tell()
        return f"sent {line}"

    def commands(self) -> Mapping[str, Command]:
        return {
            "swipe": Command("swipe NUMBER", "swipe a magstripe card", self._run_swipe),
            "tap": Command("tap UID", "tap an RFID card (UID in hex)", self._run_tap),
            "type": Command("type TEXT", "send any line", self._run_type),
        }

    def _run_swipe(self, words: list[str]) -> str:
        if len(words) != 1:
            raise ValueError("usage: swipe NUMBER")
        return self.swipe(words[0])

    def _run_tap(self, words: list[str]) -> str:
        if len(words) != 1:
            raise ValueError("usage: tap UID")
        return self.tap(words[0])

    def _run_type(self, words: list[str]) -> str:
        if not words:
            raise ValueError("usage: type TEXT")
        return self.type_line(" ".join(words))


class IdCardSimulator:
    """An ID card reader; ``present [NAME]`` lays a card on it and ``remove`` takes it off.

    ``card`` is the card lying on the reader at the start (none by default); ``present`` without
    a card shows the last card presented, or :data:`SAMPLE_CARD`.
    """

    kind = "idcard"

    def __init__(self, send: Send, *, card: IdCard | None = None) -> None:
        self._send = send
        self._lock = threading.Lock()
        self._decoder = IdCommandDecoder()
        self._card = card
        self._template = card or SAMPLE_CARD
        self._changed = Listeners()
        self.commands_seen: Counter[tuple[int, int]] = Counter()
        """How often each (CMD, PARA) arrived."""

    @property
    def errors(self) -> Mapping[str, int]:
        with self._lock:
            return dict(self._decoder.errors)

    @property
    def card(self) -> IdCard | None:
        return self._card

    def receive(self, data: bytes) -> None:
        replies: list[bytes] = []
        with self._lock:
            for cmd in self._decoder.feed(data):
                self.commands_seen[cmd.cmd, cmd.para] += 1
                replies.append(self._answer(cmd))
        for frame in replies:
            self._send(frame)

    def _answer(self, cmd: IdCommand) -> bytes:
        card = self._card
        what = (cmd.cmd, cmd.para)
        if what == idcard.SAM_STATUS or cmd.cmd == SAM_RESET:
            return idcard.reply(idcard.SW_OK)
        if what not in _CARD_ANSWERS:
            return idcard.reply(idcard.SW_BAD_COMMAND)
        success, failure = _CARD_ANSWERS[what]
        if card is None:
            return idcard.reply(failure)
        if what == idcard.FIND:
            data = bytes(4)  # the card's management number
        elif what == idcard.SELECT:
            data = bytes(8)  # the card's serial number
        else:
            data = idcard.read_reply_data(card)
        return idcard.reply(success, data)

    def describe(self) -> str:
        card = self._card
        if card is None:
            return "ID card reader: no card"
        return f"ID card reader: card {card.name} presented"

    def on_change(self, listener: Callable[[], None]) -> None:
        self._changed.add(listener)

    def present(self, card: IdCard | None = None, *, name: str | None = None) -> IdCard:
        """Lay ``card`` (or the last one) on the reader, its name replaced by ``name`` if given."""
        chosen = card or self._template
        if name is not None:
            chosen = dataclasses.replace(chosen, name=name)
        idcard.encode_text(chosen)  # a card the reader could not hold is refused here
        with self._lock:
            self._card = self._template = chosen
        self._changed.tell()
        return chosen

    def remove(self) -> None:
        with self._lock:
            self._card = None
        self._changed.tell()

    def commands(self) -> Mapping[str, Command]:
        return {
            "present": Command(
                "present [NAME]", "lay an ID card on the reader (a sample card)", self._run_present
            ),
            "remove": Command("remove", "take the card off the reader", self._run_remove),
        }

    def _run_present(self, words: list[str]) -> str:
        name = " ".join(words) if words else None
        card = self.present(name=name)
        return f"card {card.name} {card.id_number} presented"

    def _run_remove(self, words: list[str]) -> str:
        if words:
            raise ValueError("usage: remove")
        self.remove()
        return "card removed"
