"""Queue displays: the LED bus (window strips and the hall screen) and Modbus number displays.

Both are write-mostly. Every display write carries a key (``("led", address)`` or
``("modbus", unit)``), so the link keeps only the newest text per screen in its queue and writes
it again after the port re-opens: a strip unplugged during a call shows the call when it is back,
and a burst of calls never queues stale texts behind the latest one.

The LED bus link must be made with ``frame_gap=0.1``: the public driver the frame comes from
waits 100 ms after every frame, and screens on a shared bus drop frames sent closer together.

LED screens never answer, so nothing here can tell whether a strip is alive. A Modbus display
does answer; :class:`ModbusDisplay` matches each reply on the link's reader thread as it comes
and counts refusals and silences in ``errors``, without making the caller wait.
"""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from devices.codecs.led import (
    CALL_FIELDS,
    MAX_TEXT_BYTES,
    Call,
    HallLayout,
    ScreenKind,
    check_template,
    encode_text,
    render,
)
from devices.codecs.modbus import (
    WRITE_SINGLE,
    ModbusException,
    ModbusResponseDecoder,
    WriteSingleReply,
    write_register,
)
from devices.events import EventListener, StateChanged
from devices.link_api import Link
from devices.state import READY_STATES, DeviceState

_log = logging.getLogger(__name__)

LED_FRAME_GAP: Final = 0.1
"""Seconds between frames on an LED bus (the source's ``Sleep(100)``); pass it to the link."""
TEST_TEXT: Final = "测试 TEST 888"
TEST_NUMBER: Final = 888
REPLY_TIMEOUT: Final = 1.0
"""Seconds a Modbus display has to answer: a frame takes ~10 ms at 9600 baud, so this is lenient."""


@dataclass(frozen=True)
class ScreenSpec:
    """One LED screen on the bus, as the settings page configures it."""

    kind: ScreenKind
    template: str
    """A strip: its call text, e.g. "请{number}号到{window}号窗口". A hall row: see HallLayout."""
    device: str
    """The name shown for this screen in events and on the settings page."""


class LedBus:
    """Every LED screen on one port, keyed by address (条屏 for windows, 综合屏 rows for the hall).

    Templates are checked here, at configuration time, so a typo in a placeholder shows on the
    settings page rather than at the first call. ``hall_framing`` is the frame kind the hall rows
    get: ``HALL`` (08 02) for an integrated hall screen, ``STRIP`` (01 00) for a hall built as a
    mosaic of plain strips, as the source system sent its stitched rows.
    """

    def __init__(
        self,
        link: Link,
        screens: Mapping[int, ScreenSpec],
        *,
        on_event: EventListener | None = None,
        max_bytes: int = MAX_TEXT_BYTES,
        hall_framing: ScreenKind = ScreenKind.HALL,
    ) -> None:
        for address, spec in screens.items():
            if not 0 <= address <= 254:
                raise ValueError(f"LED screen {spec.device}: address {address} is not 0..254")
            if spec.kind is ScreenKind.STRIP:
                check_template(spec.template, CALL_FIELDS)
        self._link = link
        self.screens: dict[int, ScreenSpec] = dict(screens)
        self._max_bytes = max_bytes
        self._hall_framing = hall_framing
        self._lock = threading.Lock()
        self._shown: dict[int, str] = {}
        self.hall = HallScreens(self)
        self._on_event = on_event
        if on_event is not None:
            link.on_state(self._state_changed)

    def show_text(self, address: int, text: str) -> None:
        """Make one screen show ``text``; ValueError for an unknown address or unshowable text."""
        self._write([(address, self._frame(address, text), text)])

    def show_call(self, number: str, window: str) -> None:
        """Show a call on every strip, each through its own template."""
        frames = []
        for address, spec in sorted(self.screens.items()):
            if spec.kind is ScreenKind.STRIP:
                text = render(spec.template, number=number, window=window)
                frames.append((address, self._frame(address, text), text))
        self._write(frames)

    def test_pattern(self) -> None:
        """The settings page's test button: every screen shows the same recognisable text."""
        self._write(
            [(address, self._frame(address, TEST_TEXT), TEST_TEXT) for address in self.screens]
        )

    def shown(self, address: int) -> str | None:
        """What the host last asked screen ``address`` to show (not proof that it does)."""
        with self._lock:
            return self._shown.get(address)

    def _frame(self, address: int, text: str) -> bytes:
        spec = self.screens.get(address)
        if spec is None:
            raise ValueError(f"no LED screen is configured at address {address}")
        framing = self._hall_framing if spec.kind is ScreenKind.HALL else ScreenKind.STRIP
        return encode_text(address, text, framing, max_bytes=self._max_bytes)

    def _write(self, frames: Sequence[tuple[int, bytes, str]]) -> None:
        """Write already-encoded frames, so a bad text for one screen leaves all unchanged."""
        for address, frame, text in frames:
            with self._lock:
                self._shown[address] = text
            self._link.write(frame, key=("led", address))

    def _state_changed(self, state: DeviceState, detail: str) -> None:
        assert self._on_event is not None
        for device in dict.fromkeys(spec.device for spec in self.screens.values()):
            self._on_event(StateChanged(device, state, detail))


class HallScreens:
    """The hall screens of a bus: the HALL screens grouped by device, rows top to bottom by address.

    Every hall screen shows the same recent calls; two hall screens on one bus (one at each end of
    the hall) each get their own layout rather than sharing the calls out between their rows.
    """

    def __init__(self, bus: LedBus) -> None:
        self._bus = bus
        rows: dict[str, dict[int, str]] = {}
        for address, spec in bus.screens.items():
            if spec.kind is ScreenKind.HALL:
                rows.setdefault(spec.device, {})[address] = spec.template
        self.layouts: dict[str, HallLayout] = {
            device: HallLayout.from_templates(templates) for device, templates in rows.items()
        }

    def show(self, calls: Sequence[Call], notice: str = "") -> None:
        """Show the recent calls (newest first, as (number, window)) and the notice line."""
        texts = [pair for layout in self.layouts.values() for pair in layout.texts(calls, notice)]
        self._bus._write(
            [(address, self._bus._frame(address, text), text) for address, text in texts]
        )


@dataclass(frozen=True)
class _Pending:
    register: int
    value: int


class ModbusDisplay:
    """A numeric RS-485 display (LED-485-xxx) speaking Modbus RTU; shows one holding register.

    ``errors`` counts ``exception`` (the display refused, e.g. the register does not exist),
    ``no_reply`` (silence for ``reply_timeout`` while the port was open) and the decoder's reasons
    for bytes that were no reply (``noise``, ``checksum``). A write replaced by a
    newer one before its reply is not counted: the link may never have sent it. While the port is
    away nothing is counted; the link's state already says so. Trouble and recovery are reported
    as :class:`StateChanged` events with the link's state and a detail.
    """

    def __init__(
        self,
        link: Link,
        unit: int = 1,
        register: int = 0,
        on_event: EventListener | None = None,
        *,
        device: str | None = None,
        reply_timeout: float = REPLY_TIMEOUT,
    ) -> None:
        if not 1 <= unit <= 247:
            raise ValueError(f"Modbus unit id {unit} is out of range 1..247")
        if not 0 <= register <= 0xFFFF:
            raise ValueError(f"Modbus register {register} is out of range 0..65535")
        self._link = link
        self.unit = unit
        self.register = register
        self.device = device or f"modbus display {unit}"
        self._on_event = on_event
        self._reply_timeout = reply_timeout
        self._errors: Counter[str] = Counter()
        self._decoder = ModbusResponseDecoder()
        self._cond = threading.Condition()
        self._pending: _Pending | None = None
        self._timer: threading.Timer | None = None
        self._troubled = False
        self.replies = 0
        link.subscribe(self._heard)
        link.on_state(self._state_changed)

    @property
    def errors(self) -> Counter[str]:
        """A snapshot of everything that went wrong so far, by reason."""
        with self._cond:
            return self._errors + self._decoder.errors

    def show_number(self, value: int) -> None:
        """Show ``value`` (0..65535); returns at once, the reply is matched when it comes."""
        frame = write_register(self.unit, self.register, value)
        pending = _Pending(self.register, value)
        timer = threading.Timer(self._reply_timeout, self._expired, args=(pending,))
        timer.daemon = True
        with self._cond:
            if self._timer is not None:
                self._timer.cancel()  # superseded: the link replaces the unsent frame too
            self._pending, self._timer = pending, timer
        self._link.write(frame, key=("modbus", self.unit))
        timer.start()

    def test_pattern(self) -> None:
        self.show_number(TEST_NUMBER)

    def wait_settled(self, timeout: float) -> bool:
        """Block until the last write was answered or given up on (tests and the CLI only)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._pending is None, timeout)

    def close(self) -> None:
        """Stop waiting for replies (the link itself is closed by its owner)."""
        with self._cond:
            if self._timer is not None:
                self._timer.cancel()
            self._pending = self._timer = None
            self._cond.notify_all()

    # -- link callbacks (the link's threads) ---------------------------------------------------
    def _heard(self, data: bytes) -> None:
        details: list[str] = []
        with self._cond:
            for reply in self._decoder.feed(data):
                if reply.unit != self.unit:
                    continue  # another display on the bus
                self.replies += 1
                if isinstance(reply, ModbusException):
                    self._errors["exception"] += 1
                    if reply.function == WRITE_SINGLE:
                        self._settle()
                    problem = (
                        f"unit {self.unit} refused function {reply.function:#04x}: "
                        f"exception {reply.code:#04x}"
                    )
                    details.append(self._trouble(problem))
                elif isinstance(reply, WriteSingleReply) and self._pending == _Pending(
                    reply.register, reply.value
                ):
                    self._settle()
                    if self._troubled:
                        self._troubled = False
                        details.append(f"unit {self.unit} answers again")
        for detail in details:
            self._tell(detail)

    def _expired(self, pending: _Pending) -> None:
        with self._cond:
            if self._pending is not pending:
                return
            self._settle()
            if self._link.state not in READY_STATES:
                return
            self._errors["no_reply"] += 1
            detail = self._trouble(
                f"unit {self.unit} did not answer within {self._reply_timeout:g} s"
            )
        self._tell(detail)

    def _settle(self) -> None:
        """The pending write is answered or given up on (lock held)."""
        if self._timer is not None:
            self._timer.cancel()
        self._pending = self._timer = None
        self._cond.notify_all()

    def _trouble(self, problem: str) -> str:
        """Note a problem (lock held) and return it as the detail to report."""
        self._troubled = True
        _log.warning("%s: %s", self.device, problem)
        return problem

    def _tell(self, detail: str) -> None:
        if self._on_event is not None:
            self._on_event(StateChanged(self.device, self._link.state, detail))

    def _state_changed(self, state: DeviceState, detail: str) -> None:
        if self._on_event is not None:
            self._on_event(StateChanged(self.device, state, detail))
