"""Modbus RTU, the part a numeric RS-485 display (LED-485-xxx) needs: holding registers.

From the public Modbus standard (Modbus Application Protocol V1.1b3 and Modbus over Serial Line
V1.02): a frame is ``UNIT FUNCTION DATA… CRC``, with CRC-16/MODBUS (reflected polynomial 0xA001,
initial 0xFFFF) sent low byte first. Function 0x03 reads holding registers, 0x06 writes one,
0x10 writes several. A device that refuses a request answers ``UNIT FUNCTION|0x80 CODE CRC``
(:class:`ModbusException`; code 0x01 illegal function, 0x02 illegal data address, 0x03 illegal
data value). Unit 0 is broadcast: devices obey writes and never answer. These displays come with
unit id 1 at 9600 8N1.

How frames are found in a byte stream: RTU delimits frames by 3.5 characters of silence, which a
link that hands over bytes in chunks cannot see. So the decoders hunt instead: at each offset
they read a unit id and a function code, work out the frame's length from the function code
(and from the byte count where the frame carries one), and accept the frame only if the CRC over
that length matches. A wrong guess costs one byte; a random run of bytes passes the CRC once in
65,536 tries. When the frame at the front is still incomplete, a complete valid frame found later
in the buffer wins and the front is counted as noise, so a cut-off frame never blocks the replies
behind it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Generic, TypeVar

READ_HOLDING: Final = 0x03
WRITE_SINGLE: Final = 0x06
WRITE_MULTIPLE: Final = 0x10
EXCEPTION_FLAG: Final = 0x80

ILLEGAL_FUNCTION: Final = 0x01
ILLEGAL_ADDRESS: Final = 0x02
ILLEGAL_VALUE: Final = 0x03

MAX_READ: Final = 125
MAX_WRITE: Final = 123
"""Registers per request, as the standard limits them (a frame stays under 256 bytes)."""

_FIXED_8: Final = frozenset({0x01, 0x02, 0x03, 0x04, 0x05, 0x06})
"""Request functions whose frame is always unit, function, 4 bytes, CRC."""
_WITH_COUNT: Final = frozenset({0x0F, 0x10})
"""Request functions with a byte count at offset 6 (write multiple coils / registers)."""
_KNOWN: Final = _FIXED_8 | _WITH_COUNT
_REPLY_WITH_COUNT: Final = frozenset({0x01, 0x02, 0x03, 0x04})
"""Reply functions carrying a byte count at offset 2 (reads)."""
_REPLY_FIXED: Final = {0x05: 8, 0x06: 8, 0x0F: 8, 0x10: 8}
"""Reply functions of fixed length (writes echo an address and a value or count)."""


def crc16(data: bytes) -> int:
    """CRC-16/MODBUS of ``data``; send it low byte first."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc


def with_crc(pdu: bytes) -> bytes:
    crc = crc16(pdu)
    return pdu + bytes([crc & 0xFF, crc >> 8])


def _crc_ok(frame: bytes | bytearray) -> bool:
    crc = crc16(bytes(frame[:-2]))
    return frame[-2] == crc & 0xFF and frame[-1] == crc >> 8


# -- frames ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReadHoldingRequest:
    unit: int
    start: int
    count: int


@dataclass(frozen=True)
class WriteSingleRequest:
    unit: int
    register: int
    value: int


@dataclass(frozen=True)
class WriteMultipleRequest:
    unit: int
    start: int
    values: tuple[int, ...]


@dataclass(frozen=True)
class UnsupportedRequest:
    """A well-formed request for a function the display does not implement (coils, inputs)."""

    unit: int
    function: int


ModbusRequest = ReadHoldingRequest | WriteSingleRequest | WriteMultipleRequest | UnsupportedRequest


@dataclass(frozen=True)
class ReadHoldingReply:
    unit: int
    values: tuple[int, ...]


@dataclass(frozen=True)
class WriteSingleReply:
    """The echo of a 0x06 request."""

    unit: int
    register: int
    value: int


@dataclass(frozen=True)
class WriteMultipleReply:
    unit: int
    start: int
    count: int


@dataclass(frozen=True)
class ModbusException:
    """A refusal frame (a frame type, not a Python exception): ``function`` without the 0x80."""

    unit: int
    function: int
    code: int


ModbusReply = ReadHoldingReply | WriteSingleReply | WriteMultipleReply | ModbusException


# -- encoders ----------------------------------------------------------------------------------


def _check_unit(unit: int, *, broadcast: bool = False) -> None:
    low = 0 if broadcast else 1
    if not low <= unit <= 247:
        raise ValueError(f"Modbus unit id {unit} is out of range {low}..247")


def _check_word(what: str, value: int) -> None:
    if not 0 <= value <= 0xFFFF:
        raise ValueError(f"Modbus {what} {value} is out of range 0..65535")


def _word(value: int) -> bytes:
    return value.to_bytes(2, "big")


def read_registers(unit: int, start: int, count: int) -> bytes:
    """Request 0x03: read ``count`` holding registers from ``start``."""
    _check_unit(unit)
    _check_word("register", start)
    if not 1 <= count <= MAX_READ:
        raise ValueError(f"Modbus read of {count} registers: must be 1..{MAX_READ}")
    if start + count > 0x10000:
        raise ValueError(f"Modbus read of {count} registers from {start} runs past 65535")
    return with_crc(bytes([unit, READ_HOLDING]) + _word(start) + _word(count))


def write_register(unit: int, register: int, value: int) -> bytes:
    """Request 0x06: write one holding register (unit 0 broadcasts and gets no reply)."""
    _check_unit(unit, broadcast=True)
    _check_word("register", register)
    _check_word("value", value)
    return with_crc(bytes([unit, WRITE_SINGLE]) + _word(register) + _word(value))


def write_registers(unit: int, start: int, values: Sequence[int]) -> bytes:
    """Request 0x10: write consecutive holding registers from ``start``."""
    _check_unit(unit, broadcast=True)
    _check_word("register", start)
    if not 1 <= len(values) <= MAX_WRITE:
        raise ValueError(f"Modbus write of {len(values)} registers: must be 1..{MAX_WRITE}")
    if start + len(values) > 0x10000:
        raise ValueError(f"Modbus write of {len(values)} registers from {start} runs past 65535")
    for value in values:
        _check_word("value", value)
    data = b"".join(_word(value) for value in values)
    head = bytes([unit, WRITE_MULTIPLE]) + _word(start) + _word(len(values)) + bytes([len(data)])
    return with_crc(head + data)


def read_reply(unit: int, values: Sequence[int]) -> bytes:
    """Reply to 0x03 (the device side, for simulators)."""
    _check_unit(unit)
    if not 1 <= len(values) <= MAX_READ:
        raise ValueError(f"Modbus reply with {len(values)} registers: must be 1..{MAX_READ}")
    for value in values:
        _check_word("value", value)
    data = b"".join(_word(value) for value in values)
    return with_crc(bytes([unit, READ_HOLDING, len(data)]) + data)


def write_registers_reply(unit: int, start: int, count: int) -> bytes:
    """Reply to 0x10. (A 0x06 reply is the request itself: :func:`write_register`.)"""
    _check_unit(unit)
    _check_word("register", start)
    _check_word("count", count)
    return with_crc(bytes([unit, WRITE_MULTIPLE]) + _word(start) + _word(count))


def exception_reply(unit: int, function: int, code: int) -> bytes:
    _check_unit(unit)
    if not 1 <= function < EXCEPTION_FLAG:
        raise ValueError(f"Modbus function {function:#04x} cannot carry an exception")
    if not 1 <= code <= 0xFF:
        raise ValueError(f"Modbus exception code {code} is out of range 1..255")
    return with_crc(bytes([unit, function | EXCEPTION_FLAG, code]))


# -- decoders ----------------------------------------------------------------------------------

_WAIT: Final = -1
"""A length guess that needs more bytes before it can be made (or checked)."""


F = TypeVar("F")


class _Hunter(ABC, Generic[F]):
    """The shared CRC hunt; subclasses say how long a frame at an offset is and what it means.

    Error reasons: ``noise`` (bytes that were no frame, counted once per run), ``checksum`` (a
    run that began with a complete frame-shaped block whose CRC failed), ``count`` (a byte count
    that disagrees with the register count, or an odd one).
    """

    def __init__(self) -> None:
        self.errors: Counter[str] = Counter()
        self._buf = bytearray()

    def feed(self, data: bytes) -> list[F]:
        self._buf += data
        frames: list[F] = []
        while self._buf:
            found = self._hunt()
            if found is None:
                break
            start, length = found
            if start:
                self._count_skipped()
            frame = bytes(self._buf[start : start + length])
            del self._buf[: start + length]
            parsed = self._parse(frame)
            if isinstance(parsed, str):
                self.errors[parsed] += 1
            else:
                frames.append(parsed)
        return frames

    def _hunt(self) -> tuple[int, int] | None:
        """The first complete valid frame (offset, length); trims what can never be one."""
        first_waiting: int | None = None
        for start in range(len(self._buf)):
            length = self._length_at(start)
            if length is None:
                continue
            if length == _WAIT or start + length > len(self._buf):
                if first_waiting is None:
                    first_waiting = start
                continue
            if _crc_ok(self._buf[start : start + length]):
                return start, length
        keep = len(self._buf) if first_waiting is None else first_waiting
        if keep:
            self._count_skipped()
            del self._buf[:keep]
        return None

    def _count_skipped(self) -> None:
        length = self._length_at(0)
        complete = length is not None and length != _WAIT and length <= len(self._buf)
        self.errors["checksum" if complete else "noise"] += 1

    @abstractmethod
    def _length_at(self, start: int) -> int | None:
        """The frame length if a frame could start here, ``_WAIT`` to need more, else None."""

    @abstractmethod
    def _parse(self, frame: bytes) -> F | str:
        """The frame, or the reason a CRC-valid block is still unusable."""


def _words(data: bytes) -> tuple[int, ...]:
    return tuple(int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2))


class ModbusRequestDecoder(_Hunter[ModbusRequest]):
    """Requests as a device hears them (the simulator's side); never raises."""

    def _length_at(self, start: int) -> int | None:
        buf = self._buf
        if start + 1 >= len(buf):
            return _WAIT if buf[start] <= 247 else None
        unit, function = buf[start], buf[start + 1]
        if unit > 247 or function not in _KNOWN:
            return None
        if function in _FIXED_8:
            return 8
        if start + 6 >= len(buf):
            return _WAIT
        return 9 + buf[start + 6]

    def _parse(self, frame: bytes) -> ModbusRequest | str:
        unit, function = frame[0], frame[1]
        if function == READ_HOLDING:
            return ReadHoldingRequest(unit, *_words(frame[2:6]))
        if function == WRITE_SINGLE:
            return WriteSingleRequest(unit, *_words(frame[2:6]))
        if function == WRITE_MULTIPLE:
            start, count = _words(frame[2:6])
            if frame[6] != 2 * count:
                return "count"
            return WriteMultipleRequest(unit, start, _words(frame[7:-2]))
        return UnsupportedRequest(unit, function)


class ModbusResponseDecoder(_Hunter[ModbusReply]):
    """Replies as the host hears them (the driver's side); never raises."""

    def _length_at(self, start: int) -> int | None:
        buf = self._buf
        if not 1 <= buf[start] <= 247:
            return None
        if start + 1 >= len(buf):
            return _WAIT
        function = buf[start + 1]
        if function & EXCEPTION_FLAG:
            return 5 if function & 0x7F in _KNOWN else None
        if function in _REPLY_WITH_COUNT:
            return _WAIT if start + 2 >= len(buf) else 5 + buf[start + 2]
        return _REPLY_FIXED.get(function)

    def _parse(self, frame: bytes) -> ModbusReply | str:
        unit, function = frame[0], frame[1]
        if function & EXCEPTION_FLAG:
            return ModbusException(unit, function & 0x7F, frame[2])
        if function == READ_HOLDING:
            if frame[2] % 2 or not frame[2]:
                return "count"
            return ReadHoldingReply(unit, _words(frame[3:-2]))
        if function == WRITE_SINGLE:
            return WriteSingleReply(unit, *_words(frame[2:6]))
        if function == WRITE_MULTIPLE:
            return WriteMultipleReply(unit, *_words(frame[2:6]))
        return "function"  # a coil or input reply: well formed, but not ours to understand
