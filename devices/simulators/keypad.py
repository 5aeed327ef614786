"""Caller keypads and evaluators as the host hears them, for tests, the demo and a terminal.

One simulator plays every keypad and evaluator on a bus. It sends what the real devices send (one
FUNC 0x01 frame per key, the digit and the confirm together; FUNC 0x11 for a rating) and tells the
host's echo of a frame it sent (an ACK) apart from a command by remembering the frames still
waiting for their echo. An evaluator starts rating whenever it hears FUNC 0x01 / 0x0B for its
address, be it the host's start-evaluation command or the echo of its caller's evaluate key: the
source system relies on the latter (see :mod:`devices.codecs.keypad`).
"""

from __future__ import annotations

import threading
from collections import Counter, deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from devices.codecs import keypad as codec
from devices.events import KeypadKey
from devices.simulators.base import Command, Send


@dataclass(frozen=True)
class KeypadView:
    """What one address shows and has heard so far."""

    address: int
    display: str = "      "
    """The six digits as lit, a blank shown as a space."""
    ticket: str | None = None
    """The last ticket digits shown (``"023"``)."""
    waiting: int | None = None
    """The last waiting count shown."""
    beeps: int = 0
    stars: int | None = None
    rating_asked: bool = False
    last_score: int | None = None
    acks: int = 0
    unacknowledged: int = 0


@dataclass
class _Device:
    address: int
    caller: bool
    evaluator: bool
    display: list[int] = field(default_factory=lambda: [codec.BLANK] * 6)
    ticket: str | None = None
    waiting: int | None = None
    beeps: int = 0
    stars: int | None = None
    rating_asked: bool = False
    last_score: int | None = None
    acks: int = 0
    pending: deque[bytes] = field(default_factory=deque)

    def view(self) -> KeypadView:
        lit = "".join(" " if d == codec.BLANK else str(d) for d in self.display)
        return KeypadView(
            address=self.address,
            display=lit,
            ticket=self.ticket,
            waiting=self.waiting,
            beeps=self.beeps,
            stars=self.stars,
            rating_asked=self.rating_asked,
            last_score=self.last_score,
            acks=self.acks,
            unacknowledged=len(self.pending),
        )


class KeypadSimulator:
    """Caller keypads at ``callers`` and evaluators at ``evaluators`` (an address may be both,
    as an evaluator usually shares its window's caller address)."""

    kind = "keypad"

    def __init__(
        self, send: Send, *, callers: Sequence[int] = (1,), evaluators: Sequence[int] = ()
    ) -> None:
        addresses = [*callers, *evaluators]
        if not addresses:
            raise ValueError("a keypad simulator needs at least one caller or evaluator address")
        for address in addresses:
            if not 0 <= address <= 0xFF:
                raise ValueError(f"keypad address must be 0..255, got {address}")
        self._send = send
        self._callers = tuple(dict.fromkeys(callers))
        self._evaluators = tuple(dict.fromkeys(evaluators))
        self._devices = {
            a: _Device(a, a in self._callers, a in self._evaluators) for a in addresses
        }
        self._decoder = codec.KeypadDecoder(codec.HOST_MAX_LENGTH, min_length=2)
        self._lock = threading.Lock()
        self._listeners: list[Callable[[], None]] = []
        self.errors: Counter[str] = Counter()
        """The decoder's reasons plus ``display`` for display data we cannot read."""

    # --- what a person does ------------------------------------------------------------------

    def press(self, key: KeypadKey, address: int | None = None) -> None:
        """Press ``key`` on the caller keypad at ``address`` (the first caller by default)."""
        address = self._pick(address, self._callers, "caller keypad")
        self._transmit(address, codec.key_frames(key, address))

    def rate(self, score: int, address: int | None = None) -> None:
        """Give ``score`` (2..5) on the evaluator at ``address`` (the first one by default)."""
        address = self._pick(address, self._evaluators, "evaluator")
        frame = codec.rating_frame(score, address)
        with self._lock:
            device = self._devices[address]
            device.rating_asked = False
            device.last_score = score
        self._transmit(address, [frame])
        self._changed()

    def _pick(self, address: int | None, among: tuple[int, ...], what: str) -> int:
        if address is None:
            if not among:
                raise ValueError(f"this simulator has no {what}")
            return among[0]
        if address not in among:
            raise ValueError(f"no {what} at address {address} (have {list(among) or 'none'})")
        return address

    def _transmit(self, address: int, frames: list[codec.KeypadFrame]) -> None:
        wire = [codec.encode(f) for f in frames]
        with self._lock:
            # Registered before sending: the echo may arrive before send() returns.
            self._devices[address].pending.extend(codec.acknowledgement(f) for f in frames)
        for chunk in wire:
            self._send(chunk)

    # --- what the host sends -----------------------------------------------------------------

    def receive(self, data: bytes) -> None:
        changed = False
        with self._lock:
            for frame in self._decoder.feed(data):
                device = self._devices.get(frame.address)
                if device is not None:
                    changed = self._apply(device, frame) or changed
            self.errors.update(self._decoder.errors)
            self._decoder.errors.clear()
        if changed:
            self._changed()

    def _apply(self, device: _Device, frame: codec.KeypadFrame) -> bool:
        wire = codec.encode(frame)
        if device.evaluator and frame.func == codec.FUNC_KEY and frame.data == b"\x0b":
            device.rating_asked = True
        if wire in device.pending:
            device.pending.remove(wire)
            device.acks += 1
            return True
        if frame.func == codec.FUNC_BEEP:
            device.beeps += 1
        elif frame.func == codec.FUNC_DISPLAY and len(frame.data) == 1:
            device.stars = frame.data[0]
        elif frame.func == codec.FUNC_DISPLAY and len(frame.data) == 6:
            self._show(device, frame.data)
        elif not (frame.func == codec.FUNC_KEY and frame.data == b"\x0b"):
            self.errors["command"] += 1
        return True

    def _show(self, device: _Device, data: bytes) -> None:
        if any(d > 9 and d != codec.BLANK for d in data):
            self.errors["display"] += 1
            return
        device.display = list(data)
        left, right = data[:3], data[3:]
        if left == bytes([codec.BLANK] * 3) and codec.BLANK not in right:
            device.ticket = "".join(str(d) for d in right)
        elif right == bytes([codec.BLANK] * 3) and codec.BLANK not in left:
            device.waiting = int("".join(str(d) for d in left))

    # --- what a person sees ------------------------------------------------------------------

    def view(self, address: int) -> KeypadView:
        with self._lock:
            return self._devices[address].view()

    def describe(self) -> str:
        with self._lock:
            views = [(d.caller, d.view()) for d in self._devices.values()]
        return "\n".join(_describe(caller, v) for caller, v in views)

    def on_change(self, listener: Callable[[], None]) -> None:
        with self._lock:
            self._listeners.append(listener)

    def _changed(self) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener()

    def commands(self) -> Mapping[str, Command]:
        keys = ", ".join(k.value for k in KeypadKey)
        return {
            "press": Command("press KEY [ADDR]", f"press a caller key: {keys}", self._cmd_press),
            "rate": Command("rate N [ADDR]", "rate on an evaluator, N = 2..5", self._cmd_rate),
        }

    def _cmd_press(self, words: list[str]) -> str:
        if len(words) not in (1, 2):
            raise ValueError("usage: press KEY [ADDR]")
        try:
            key = KeypadKey(words[0].lower())
        except ValueError:
            names = ", ".join(k.value for k in KeypadKey)
            raise ValueError(f"unknown key {words[0]!r}; keys: {names}") from None
        address = self._pick(_address(words[1:]), self._callers, "caller keypad")
        self.press(key, address)
        return f"keypad {address}: pressed {key.value}"

    def _cmd_rate(self, words: list[str]) -> str:
        if len(words) not in (1, 2):
            raise ValueError("usage: rate N [ADDR]")
        score = _number(words[0], "score")
        address = self._pick(_address(words[1:]), self._evaluators, "evaluator")
        self.rate(score, address)
        return f"evaluator {address}: rated {score}"


def _describe(caller: bool, v: KeypadView) -> str:
    parts: list[str] = []
    if caller:
        parts.append(f"ticket {v.ticket or '---'}")
        parts.append(f"waiting {'---' if v.waiting is None else v.waiting}")
        parts.append(f"beeps {v.beeps}")
    if v.stars is not None:
        parts.append(f"stars {v.stars}")
    if v.rating_asked:
        parts.append("rating asked")
    if v.last_score is not None:
        parts.append(f"rated {v.last_score}")
    return f"{'keypad' if caller else 'evaluator'} {v.address}: {' · '.join(parts) or 'idle'}"


def _number(word: str, what: str) -> int:
    try:
        return int(word)
    except ValueError:
        raise ValueError(f"{what} must be a number, got {word!r}") from None


def _address(words: list[str]) -> int | None:
    return _number(words[0], "address") if words else None
