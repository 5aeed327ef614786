"""Simulated queue displays: a whole LED bus (every strip and hall screen), a Modbus display.

The LED bus simulator is every screen on the wire at once, because on RS-485 they all hear every
frame; it remembers what each address was last told to show. LED screens never answer, so it
never sends. The Modbus display answers like a device that implements holding registers: the echo
for a write, the data for a read, exception 0x02 for a register it does not have, exception 0x01
for a function it does not know, and silence for another unit id or a broadcast.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Mapping

from devices.codecs.led import LedDecoder, ScreenKind
from devices.codecs.modbus import (
    ILLEGAL_ADDRESS,
    ILLEGAL_FUNCTION,
    ILLEGAL_VALUE,
    MAX_READ,
    MAX_WRITE,
    READ_HOLDING,
    WRITE_MULTIPLE,
    WRITE_SINGLE,
    ModbusRequest,
    ModbusRequestDecoder,
    UnsupportedRequest,
    WriteMultipleRequest,
    WriteSingleRequest,
    exception_reply,
    read_reply,
    write_register,
    write_registers_reply,
)
from devices.simulators.base import Command, Listeners, Send

_KIND_NAMES = {ScreenKind.STRIP: "strip", ScreenKind.HALL: "hall"}


class LedBusSimulator:
    """Every LED screen on one bus: address → (kind, text) as last received."""

    kind = "led"

    def __init__(self, send: Send) -> None:
        self._send = send  # LED screens never answer; kept for the simulator protocol
        self._decoder = LedDecoder()
        self._lock = threading.Lock()
        self._screens: dict[int, tuple[ScreenKind, str]] = {}
        self._changed = Listeners()
        self.frames_received = 0

    @property
    def errors(self) -> Counter[str]:
        return self._decoder.errors

    def receive(self, data: bytes) -> None:
        with self._lock:
            frames = self._decoder.feed(data)
            for frame in frames:
                self._screens[frame.address] = (frame.kind, frame.text)
            self.frames_received += len(frames)
        if frames:
            self._changed.tell()

    def text(self, address: int) -> str | None:
        with self._lock:
            shown = self._screens.get(address)
        return None if shown is None else shown[1]

    def screen_kind(self, address: int) -> ScreenKind | None:
        with self._lock:
            shown = self._screens.get(address)
        return None if shown is None else shown[0]

    @property
    def screens(self) -> dict[int, tuple[ScreenKind, str]]:
        """A snapshot: address → (kind, text)."""
        with self._lock:
            return dict(self._screens)

    def describe(self) -> str:
        screens = self.screens
        if not screens:
            return "LED bus: nothing shown yet"
        return "\n".join(
            f"LED {_KIND_NAMES[kind]} {address}: {text}"
            for address, (kind, text) in sorted(screens.items())
        )

    def commands(self) -> Mapping[str, Command]:
        return {"clear": Command("clear", "blank every screen (as after a power cut)", self._clear)}

    def on_change(self, listener: Callable[[], None]) -> None:
        self._changed.add(listener)

    def _clear(self, words: list[str]) -> str:
        if words:
            raise ValueError("clear takes no arguments")
        with self._lock:
            self._screens.clear()
        self._changed.tell()
        return "every LED screen is blank"


class ModbusDisplaySimulator:
    """A numeric RS-485 display with ``registers`` holding registers; register 0 is shown."""

    kind = "modbus"

    def __init__(self, send: Send, *, unit: int = 1, registers: int = 16) -> None:
        if not 1 <= unit <= 247:
            raise ValueError(f"Modbus unit id {unit} is out of range 1..247")
        self._send = send
        self.unit = unit
        self._decoder = ModbusRequestDecoder()
        self._lock = threading.Lock()
        self._registers = [0] * registers
        self._changed = Listeners()
        self.requests_answered = 0

    @property
    def errors(self) -> Counter[str]:
        return self._decoder.errors

    @property
    def value(self) -> int:
        """The number on the display (register 0)."""
        with self._lock:
            return self._registers[0]

    @property
    def registers(self) -> tuple[int, ...]:
        with self._lock:
            return tuple(self._registers)

    def receive(self, data: bytes) -> None:
        with self._lock:
            requests = self._decoder.feed(data)
        for request in requests:
            self._answer(request)

    def _answer(self, request: ModbusRequest) -> None:
        if request.unit not in (0, self.unit):
            return  # another display on the bus
        with self._lock:
            before = self._registers[0]
            reply = self._apply(request)
            after = self._registers[0]
        if request.unit == self.unit:
            self.requests_answered += 1
            self._send(reply)
        if after != before:
            self._changed.tell()

    def _apply(self, request: ModbusRequest) -> bytes:
        """Carry out the request (lock held); the reply's bytes."""
        unit = self.unit
        if isinstance(request, UnsupportedRequest):
            return exception_reply(unit, request.function, ILLEGAL_FUNCTION)
        if isinstance(request, WriteSingleRequest):
            function, start, count, limit = WRITE_SINGLE, request.register, 1, 1
        elif isinstance(request, WriteMultipleRequest):
            function, start, count = WRITE_MULTIPLE, request.start, len(request.values)
            limit = MAX_WRITE
        else:
            function, start, count, limit = READ_HOLDING, request.start, request.count, MAX_READ
        if not 1 <= count <= limit:
            return exception_reply(unit, function, ILLEGAL_VALUE)
        if start + count > len(self._registers):
            return exception_reply(unit, function, ILLEGAL_ADDRESS)
        if isinstance(request, WriteSingleRequest):
            self._registers[start] = request.value
            return write_register(unit, start, request.value)
        if isinstance(request, WriteMultipleRequest):
            self._registers[start : start + count] = request.values
            return write_registers_reply(unit, start, count)
        return read_reply(unit, self._registers[start : start + count])

    def describe(self) -> str:
        return f"modbus display {self.unit}: {self.value}"

    def commands(self) -> Mapping[str, Command]:
        return {"clear": Command("clear", "set the shown number to 0", self._clear)}

    def on_change(self, listener: Callable[[], None]) -> None:
        self._changed.add(listener)

    def _clear(self, words: list[str]) -> str:
        if words:
            raise ValueError("clear takes no arguments")
        with self._lock:
            self._registers[0] = 0
        self._changed.tell()
        return self.describe()
