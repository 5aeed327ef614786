"""LED strip and hall screens (条屏 / 综合屏) on one shared RS-485 bus: frames, templates, rows.

Every screen on the bus hears every frame and keeps the ones carrying its address. The frame, as
built by the public queue-system driver ``IMM90022.cpp`` (a "平安力合"-compatible screen adapter,
``PacketMessage`` for a strip and ``PacketMessageToIntegScreen`` for a hall screen)::

    AA ADDR BB 51 54 CS K1 K2 99 00 63 <text> FF
    0  1    2  3  4  5  6  7  8  9  10 11...  last

- ``K1 K2`` is ``01 00`` for a strip and ``08 02`` for a hall screen; everything else is the same.
- ``CS`` is ``sum(frame[6:]) % 256``: the driver calls ``str_crc(buf, 6, bytes, 256)``, a plain
  byte sum over ``[6, bytes)`` taken *after* the ``FF`` was appended, so the sum runs from ``K1``
  through the terminator inclusive. (DEVICES.md said "from offset 6 (inferred)"; the source
  confirms the start and shows the terminator is included.)
- ``99 00 63`` is sent as a constant in both kinds; its meaning (display mode, speed?) is not
  documented, so it is treated as a fixed part of the header and checked when decoding.
- The text is the host's ANSI string, i.e. GBK on a Chinese Windows; ``FF`` can never occur inside
  GBK (lead bytes are 81–FE), so the terminator is unambiguous. The driver copied it with
  ``strlen``, so the text carries no length field and no NUL.
- The driver sleeps 100 ms after each frame (``Sleep(100)``): the bus link is made with
  ``frame_gap=0.1``.

Chosen here, not taken from the source:

- The text is limited to :data:`MAX_TEXT_BYTES` encoded bytes by default (the source had a 1 KiB
  buffer; a strip shows a handful of characters), so a decoder that lost an ``FF`` resyncs soon.
- Addresses are 0..254: the source puts any ``atoi`` value in one byte; ``FF`` is kept out so
  that ``AA FF`` can never start a header (see :func:`_header_at`).
- A text whose encoding contains a frame header (``AA ?? BB 51 54``) is refused. No sensible
  Chinese text does this, and it lets :class:`LedDecoder` treat a header inside a frame's text as
  proof that the frame was cut short, so a valid frame after a truncated one is never lost.
- A hall screen in the source is either one integrated screen (08 02, one frame per call) or a
  mosaic of strips fed row by row (拼接综合屏), whose rows got plain strip frames (01 00).
  :class:`HallLayout` models both as rows of addresses with a template each; an integrated
  screen is a one-row layout. Which framing the rows get is the bus driver's setting.
- NUL is refused in a text: the source's ``strlen`` could never send one.
"""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Final

START: Final = 0xAA
END: Final = 0xFF
HEADER_TAIL: Final = b"\x99\x00\x63"
"""Bytes 8–10: constant in both kinds of frame."""
HEADER_LEN: Final = 11
"""Bytes before the text."""
MAX_TEXT_BYTES: Final = 250
ENCODING: Final = "gbk"

CALL_FIELDS: Final = frozenset({"number", "window"})
"""The placeholders a call template may use: the ticket number and the window."""
HALL_FIELDS: Final = CALL_FIELDS | {"notice"}
"""A hall row may also show the hall's notice line (e.g. "午休时间 12:00-13:30")."""


class ScreenKind(Enum):
    """Which framing a screen expects; the value is bytes 6–7 of its frames."""

    STRIP = b"\x01\x00"
    """A window's strip screen (条屏 / 窗口屏): one line over a counter window."""
    HALL = b"\x08\x02"
    """The hall screen (综合屏) that lists recent calls for the whole hall."""


_KIND_BY_BYTES: Final = {kind.value: kind for kind in ScreenKind}


@dataclass(frozen=True)
class LedFrame:
    address: int
    kind: ScreenKind
    text: str


def checksum(body: bytes) -> int:
    """Byte sum mod 256 of ``frame[6:]`` (kind bytes through the ``FF`` terminator)."""
    return sum(body) % 256


_FIXED_HEADER: Final = ((2, 0xBB), (3, 0x51), (4, 0x54))


def _header_at(data: bytes | bytearray, index: int) -> bool | None:
    """Whether a frame header starts at ``index``: True, False, or None when bytes are missing.

    The address byte is never ``FF``, so a terminator within four bytes of an ``AA`` always
    settles the question: a frame whose text ends in ``AA`` is never held back for more bytes.
    """
    if data[index] != START:
        return False
    if index + 1 >= len(data):
        return None
    if data[index + 1] == END:
        return False
    for offset, expected in _FIXED_HEADER:
        if index + offset >= len(data):
            return None
        if data[index + offset] != expected:
            return False
    return True


def encode_text(
    address: int,
    text: str,
    kind: ScreenKind = ScreenKind.STRIP,
    *,
    max_bytes: int = MAX_TEXT_BYTES,
    encoding: str = ENCODING,
) -> bytes:
    """The frame that makes screen ``address`` show ``text``; ValueError names what is wrong."""
    if not 0 <= address < END:
        raise ValueError(f"LED screen address {address} is out of range 0..254")
    chunks: list[bytes] = []
    for char in text:
        try:
            encoded = char.encode(encoding)
        except UnicodeEncodeError:
            raise ValueError(
                f"the LED screen cannot show {char!r} (U+{ord(char):04X}): not in {encoding}"
            ) from None
        if encoded == b"\x00":
            raise ValueError(f"LED text cannot contain NUL: {text!r}")
        if END in encoded:
            raise ValueError(
                f"{char!r} (U+{ord(char):04X}) encodes to the frame terminator FF in {encoding}"
            )
        chunks.append(encoded)
    payload = b"".join(chunks)
    if len(payload) > max_bytes:
        raise ValueError(
            f"LED text is {len(payload)} bytes in {encoding}, more than the {max_bytes} allowed: "
            f"{text!r}"
        )
    for index in range(len(payload) - 4):
        if _header_at(payload, index):
            raise ValueError(f"LED text contains the frame header pattern AA ?? BB 51 54: {text!r}")
    body = kind.value + HEADER_TAIL + payload + bytes([END])
    return bytes([START, address, 0xBB, 0x51, 0x54, checksum(body)]) + body


class LedDecoder:
    """Frames the host sent on an LED bus (what the simulator "sees"); never raises.

    Resyncs on the next ``AA`` after anything it cannot use. Error reasons: ``noise`` (bytes
    before a header), ``header`` (an ``AA`` not followed by a valid header), ``truncated`` (a new
    header started inside a frame's text), ``length`` (no terminator within ``max_bytes``),
    ``checksum``, and ``encoding`` (text not valid in the encoding; the frame is still yielded with
    replacement characters, because a screen would show *something*).
    """

    def __init__(self, *, max_bytes: int = MAX_TEXT_BYTES, encoding: str = ENCODING) -> None:
        self.errors: Counter[str] = Counter()
        self._buf = bytearray()
        self._max_bytes = max_bytes
        self._encoding = encoding

    def feed(self, data: bytes) -> list[LedFrame]:
        self._buf += data
        frames: list[LedFrame] = []
        while self._buf:
            if self._buf[0] != START:
                self.errors["noise"] += 1
                self._drop_until_start(0)
                continue
            outcome = self._take_frame()
            if outcome is None:
                break  # need more bytes
            if isinstance(outcome, LedFrame):
                frames.append(outcome)
            else:
                self.errors[outcome] += 1
                self._drop_until_start(1)  # the next AA may be inside what was rejected
        return frames

    def _drop_until_start(self, skip: int) -> None:
        start = self._buf.find(START, skip)
        del self._buf[: len(self._buf) if start < 0 else start]

    def _take_frame(self) -> LedFrame | str | None:
        """A frame at the buffer's start, a reason to drop its first byte, or None to wait."""
        buf = self._buf
        is_header = _header_at(buf, 0)
        if not is_header:
            return None if is_header is None else "header"
        if len(buf) < HEADER_LEN:
            return None
        kind = _KIND_BY_BYTES.get(bytes(buf[6:8]))
        if kind is None or buf[8:HEADER_LEN] != HEADER_TAIL:
            return "header"
        end = self._find_end()
        if end is None or isinstance(end, str):
            return end
        frame = bytes(buf[: end + 1])
        if checksum(frame[6:]) != frame[5]:
            return "checksum"
        del buf[: end + 1]
        raw = frame[HEADER_LEN:-1]
        try:
            text = raw.decode(self._encoding)
        except UnicodeDecodeError:
            self.errors["encoding"] += 1
            text = raw.decode(self._encoding, errors="replace")
        return LedFrame(frame[1], kind, text)

    def _find_end(self) -> int | str | None:
        """Index of the terminator, a reason the frame is unusable, or None to wait."""
        buf = self._buf
        limit = HEADER_LEN + self._max_bytes  # the furthest the terminator may be
        for index in range(HEADER_LEN, len(buf)):
            if buf[index] == END:
                return index
            if index >= limit:
                return "length"
            is_header = _header_at(buf, index)
            if is_header is None:
                return None
            if is_header:
                return "truncated"
        return None


# -- templates -------------------------------------------------------------------------------


def template_fields(template: str) -> set[str]:
    """The placeholders a template names; ValueError for positional or dotted ones."""
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as error:
        raise ValueError(f"bad template {template!r}: {error}") from None
    fields: set[str] = set()
    for _literal, name, spec, _conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier():
            raise ValueError(
                f"template {template!r} has placeholder {{{name}}}: use a name such as {{number}}"
            )
        if spec and "{" in spec:
            raise ValueError(f"template {template!r}: nested placeholders are not supported")
        fields.add(name)
    return fields


def check_template(template: str, allowed: Collection[str]) -> None:
    """ValueError unless every placeholder in ``template`` is one of ``allowed``."""
    unknown = template_fields(template) - set(allowed)
    if unknown:
        names = ", ".join(f"{{{name}}}" for name in sorted(unknown))
        known = ", ".join(f"{{{name}}}" for name in sorted(allowed))
        raise ValueError(f"unknown placeholder {names} in template {template!r}; known: {known}")


def render(template: str, **values: object) -> str:
    """Fill ``template`` (e.g. "请{number}号到{window}号窗口") from ``values``."""
    check_template(template, values.keys())
    return string.Formatter().vformat(template, (), values)


# -- the hall screen ---------------------------------------------------------------------------

Call = tuple[str, str]
"""A call as the hall shows it: (ticket number, window)."""


@dataclass(frozen=True)
class HallRow:
    address: int
    template: str


class HallLayout:
    """A hall screen as rows, each a screen address with its own template.

    A row whose template names ``{number}`` or ``{window}`` is a *call row*: call rows take the
    recent calls in order, newest first, so row 1 shows the latest call and row 2 the one before.
    A call row with no call left is blank rather than stale. Every row may name ``{notice}``; a
    row with no placeholders is a fixed title.
    """

    def __init__(self, rows: Iterable[HallRow]) -> None:
        self.rows: tuple[HallRow, ...] = tuple(rows)
        seen: set[int] = set()
        for row in self.rows:
            if row.address in seen:
                raise ValueError(f"hall row address {row.address} appears twice")
            seen.add(row.address)
            check_template(row.template, HALL_FIELDS)

    @classmethod
    def from_templates(cls, templates: Mapping[int, str]) -> HallLayout:
        """Rows in address order, the usual wiring of a mosaic from top to bottom."""
        return cls(HallRow(address, templates[address]) for address in sorted(templates))

    @property
    def call_rows(self) -> int:
        return sum(1 for row in self.rows if template_fields(row.template) & CALL_FIELDS)

    def texts(self, calls: Sequence[Call], notice: str = "") -> list[tuple[int, str]]:
        """(address, text) for every row, given the recent calls (newest first) and the notice."""
        result: list[tuple[int, str]] = []
        next_call = 0
        for row in self.rows:
            fields = template_fields(row.template)
            if fields & CALL_FIELDS:
                if next_call >= len(calls):
                    result.append((row.address, ""))
                    continue
                number, window = calls[next_call]
                next_call += 1
                result.append(
                    (row.address, render(row.template, number=number, window=window, notice=notice))
                )
            else:
                result.append((row.address, render(row.template, notice=notice)))
        return result
