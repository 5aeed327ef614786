"""Caller keypads (呼叫器) and evaluators (评价器) on one RS-485 bus: frames, host commands, keys.

Wire format (9600 8N1), an IEC 60870-5 FT1.2 variable frame with a leading ``0xFF``::

    FF 68 L L 68 ADDR FUNC DATA… CS 16      L = len(DATA) + 2, CS = (ADDR + FUNC + ΣDATA) mod 256

What we took from the production queue system JackQChen/QueueSystem
(``CallSystem/CallSystem/frmMain.cs``), and what we inferred from it:

* A keypad frame carries at most three data bytes: the host drops frames whose two length bytes
  differ or exceed 5, and frames with no data (L <= 2), without answering them.
* The host answers every other frame by echoing it byte for byte, before it even looks the address
  up, so a frame from an address no window owns is acknowledged too. The source checks neither the
  checksum nor the end byte; we drop such frames unanswered (the keypad sends again).
* The key is the *last* data byte: 0x0C call, 0x0D recall, 0x0B evaluate, 0x12 pause. Confirm
  (0x0F) acts only when the same frame holds exactly two data bytes, the digit and the confirm:
  ``[06, 0F]`` no-show (弃号), ``[00, 0F]`` hang up (挂起), ``[03, 0F]`` call back (回呼). A lone
  confirm is ignored by the source. As a tolerance for keypads that send each key on its own, a
  lone digit frame is remembered per address and a lone confirm from the same address uses it;
  any other frame from that address forgets it. 0x0E (cancel), 0x11 (一米线) and 0x13 (transfer)
  exist but have no :class:`KeypadKey`: they are counted as ``unmapped_key``.
* The source never tests FUNC except for 0x11. Key frames are taken to be FUNC 0x01: the host's
  "start evaluation" command is FUNC 0x01 with data 0x0B, byte for byte the frame of an evaluate
  key, and the source notes the evaluator starts by itself once evaluate is pressed. That is also
  why an evaluator carries its window's caller address: the host files a rating under the window
  found by address.
* FUNC 0x11 is a 4-key evaluator's rating, key index 0..3 in data[0]. The host answers it with
  ``FF 68 L L 68 ADDR 01 data[0] CS-0x10 16``: the rating turned into a FUNC 0x01 frame, whose
  checksum is the received one minus 0x10 because FUNC dropped from 0x11 to 0x01. For a frame with
  more than one data byte the source's reply is malformed (zero bytes past the end byte); we send
  the well-formed FUNC 0x01 frame holding data[0] only.
* The source stores the key index as 0→不满意, 1→默认 (no opinion), 2→满意, 3→非常满意 (its
  evaluateResult 1/0/3/4). On our 1..5 scale that is 2, 3, 4, 5: this evaluator has no
  "very dissatisfied" key. Any other index falls into 非常满意 in the source; we count it
  (``rating_range``) and report nothing rather than record praise nobody gave.
* Host commands: a 6-digit display, ``02 [0A 0A 0A t1 t2 t3]`` shows the called ticket's last three
  digits and ``02 [w1 w2 w3 0A 0A 0A]`` the waiting count (0x0A is a blank digit; each blanks the
  other half); ``03 []`` beeps; ``02 [05]`` sets an evaluator's star level (five stars, its
  power-on default); ``01 [0B]`` starts an evaluation.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Final

from devices.events import KeypadKey

HEADER: Final = b"\xff\x68"
START2: Final = 0x68
END: Final = 0x16

FUNC_KEY: Final = 0x01
"""A key press (inferred, see the module docstring); also the host's reply to a rating."""
FUNC_DISPLAY: Final = 0x02
FUNC_BEEP: Final = 0x03
FUNC_RATING: Final = 0x11

BLANK: Final = 0x0A
"""A digit position left dark."""
CONFIRM: Final = 0x0F
START_EVALUATION: Final = 0x0B
"""Data of the host's start-evaluation command (the evaluate key's own code)."""

KEYPAD_MAX_LENGTH: Final = 5
HOST_MAX_LENGTH: Final = 8
"""The longest host frame: a display write (six digits)."""

KEY_CODES: Final[dict[int, KeypadKey]] = {
    0x0C: KeypadKey.CALL,
    0x0D: KeypadKey.RECALL,
    0x0B: KeypadKey.EVALUATE,
    0x12: KeypadKey.PAUSE,
}
CONFIRMED_DIGITS: Final[dict[int, KeypadKey]] = {
    6: KeypadKey.NO_SHOW,
    0: KeypadKey.HANG_UP,
    3: KeypadKey.CALL_BACK,
}
UNMAPPED_CODES: Final = frozenset({0x0E, 0x11, 0x13})
"""Keys the source ignores (cancel, 一米线) or that have no action here (transfer)."""

RATING_SCORES: Final[dict[int, int]] = {0: 2, 1: 3, 2: 4, 3: 5}
"""A 4-key evaluator's key index to our score (1 very dissatisfied … 5 very satisfied)."""


@dataclass(frozen=True)
class KeypadFrame:
    address: int
    func: int
    data: bytes


def encode(frame: KeypadFrame) -> bytes:
    """The frame on the wire; raises ValueError for values that cannot be one byte."""
    _check_byte("address", frame.address)
    _check_byte("function code", frame.func)
    length = len(frame.data) + 2
    if length > 0xFF:
        raise ValueError(f"keypad frame data too long: {len(frame.data)} bytes (at most 253)")
    body = bytes((frame.address, frame.func)) + frame.data
    return HEADER + bytes((length, length, START2)) + body + bytes((sum(body) % 256, END))


def _check_byte(what: str, value: int) -> None:
    if not 0 <= value <= 0xFF:
        raise ValueError(f"keypad {what} must be 0..255, got {value}")


class KeypadDecoder:
    """Frames out of a byte stream in any chunking; never raises on what the wire brings.

    ``max_length`` is the largest L accepted: 5 for what keypads send (the source's own filter),
    :data:`HOST_MAX_LENGTH` for a simulator reading the host. ``min_length`` 3 drops data-less
    frames as the source does; a simulator passes 2 to hear beeps.
    """

    def __init__(self, max_length: int = KEYPAD_MAX_LENGTH, *, min_length: int = 3) -> None:
        if not 2 <= min_length <= max_length <= 0xFF:
            raise ValueError(
                f"need 2 <= min_length <= max_length <= 255, got {min_length}, {max_length}"
            )
        self.max_length = max_length
        self.min_length = min_length
        self.errors: Counter[str] = Counter()
        self._buffer = bytearray()
        self._noisy = False  # inside a run of skipped bytes, counted once whatever the chunking

    def feed(self, data: bytes) -> list[KeypadFrame]:
        buf = self._buffer
        buf += data
        frames: list[KeypadFrame] = []
        while buf:
            start = buf.find(HEADER)
            if start < 0:
                # A trailing 0xFF may be the first half of the next header.
                keep = 1 if buf[-1] == HEADER[0] else 0
                if len(buf) > keep:
                    self._noise()
                    del buf[: len(buf) - keep]
                break
            if start:
                self._noise()
                del buf[:start]
            self._noisy = False
            if len(buf) < 5:
                break
            length = buf[2]
            reason = self._header_problem(length, buf[3], buf[4])
            if reason:
                self._skip(reason)
                continue
            total = length + 7
            if len(buf) < total:
                break
            body = buf[5 : 5 + length]
            if sum(body) % 256 != buf[5 + length]:
                self._skip("checksum")
                continue
            if buf[6 + length] != END:
                self._skip("end")
                continue
            frames.append(KeypadFrame(body[0], body[1], bytes(body[2:])))
            del buf[:total]
        return frames

    def _header_problem(self, length: int, length2: int, start2: int) -> str:
        if length != length2 or not self.min_length <= length <= self.max_length:
            return "length"
        if start2 != START2:
            return "header"
        return ""

    def _noise(self) -> None:
        if not self._noisy:
            self.errors["noise"] += 1
            self._noisy = True

    def _skip(self, reason: str) -> None:
        """Drop the first byte of a bad frame so the search resumes inside it; the rest of it,
        up to the next header, is part of the same problem, not noise."""
        self.errors[reason] += 1
        self._noisy = True
        del self._buffer[:1]


def acknowledgement(frame: KeypadFrame) -> bytes:
    """What the host sends back for a frame it accepted: the frame itself, or for a rating the
    FUNC 0x01 reply (its checksum is the rating's minus 0x10 when it held one data byte)."""
    if frame.func == FUNC_RATING and frame.data:
        return encode(KeypadFrame(frame.address, FUNC_KEY, frame.data[:1]))
    return encode(frame)


# --- host commands -------------------------------------------------------------------------


def show_ticket(address: int, number: str) -> bytes:
    """Show a called ticket on the keypad's right three digits.

    The display has three digits, so a queue number such as ``"A023"`` shows its last three
    digits, ``023`` (the source shows ``ticketNumber`` minus all but its last three characters).
    Fewer than three trailing digits are padded with blanks; a number that ends in no digit at
    all is refused with ValueError.
    """
    digits = _trailing_digits(number)[-3:]
    if not digits:
        raise ValueError(f"ticket number {number!r} does not end in a digit")
    shown = [BLANK] * (3 - len(digits)) + [int(d) for d in digits]
    return encode(KeypadFrame(address, FUNC_DISPLAY, bytes([BLANK, BLANK, BLANK, *shown])))


def _trailing_digits(text: str) -> str:
    end = len(text)
    start = end
    while start > 0 and text[start - 1] in "0123456789":
        start -= 1
    return text[start:end]


def show_waiting(address: int, count: int) -> bytes:
    """Show how many people wait on the left three digits; more than 999 shows 999."""
    if count < 0:
        raise ValueError(f"waiting count cannot be negative, got {count}")
    shown = f"{min(count, 999):03d}"
    return encode(
        KeypadFrame(address, FUNC_DISPLAY, bytes([*(int(d) for d in shown), BLANK, BLANK, BLANK]))
    )


def beep(address: int) -> bytes:
    return encode(KeypadFrame(address, FUNC_BEEP, b""))


def star_level(address: int, stars: int = 5) -> bytes:
    """Set the stars an evaluator shows for the window (the source only ever sends 5)."""
    if not 1 <= stars <= 5:
        raise ValueError(f"star level must be 1..5, got {stars}")
    return encode(KeypadFrame(address, FUNC_DISPLAY, bytes([stars])))


def ask_rating(address: int) -> bytes:
    """Start an evaluation on the evaluator at ``address``: FUNC 0x01, data 0x0B."""
    return encode(KeypadFrame(address, FUNC_KEY, bytes([START_EVALUATION])))


# --- what the frames mean -------------------------------------------------------------------


@dataclass(frozen=True)
class KeyInput:
    address: int
    key: KeypadKey


@dataclass(frozen=True)
class RatingInput:
    address: int
    score: int
    """1..5, see :data:`RATING_SCORES`."""


class KeyInterpreter:
    """Turns decoded keypad frames into key presses and ratings, remembering lone digits per
    address. Frames that mean nothing are counted in ``errors``, never raised."""

    def __init__(self) -> None:
        self.errors: Counter[str] = Counter()
        self._digits: dict[int, int] = {}

    def interpret(self, frame: KeypadFrame) -> KeyInput | RatingInput | None:
        remembered = self._digits.pop(frame.address, None)
        data = frame.data
        if not data:
            self.errors["empty"] += 1
            return None
        if frame.func == FUNC_RATING:
            score = RATING_SCORES.get(data[0])
            if score is None:
                self.errors["rating_range"] += 1
                return None
            return RatingInput(frame.address, score)
        code = data[-1]
        if code == CONFIRM:
            return self._confirm(frame.address, data, remembered)
        key = KEY_CODES.get(code)
        if key is not None:
            return KeyInput(frame.address, key)
        if len(data) == 1 and code <= 9:
            self._digits[frame.address] = code
        elif code in UNMAPPED_CODES:
            self.errors["unmapped_key"] += 1
        else:
            self.errors["unknown_key"] += 1
        return None

    def _confirm(self, address: int, data: bytes, remembered: int | None) -> KeyInput | None:
        if len(data) == 2:
            digit: int | None = data[0]
        elif len(data) == 1:
            digit = remembered
        else:
            self.errors["confirm_unused"] += 1
            return None
        if digit is None:
            self.errors["confirm_without_digit"] += 1
            return None
        key = CONFIRMED_DIGITS.get(digit)
        if key is None:
            self.errors["confirm_unused"] += 1
            return None
        return KeyInput(address, key)


def key_frames(key: KeypadKey, address: int) -> list[KeypadFrame]:
    """What a caller keypad sends for ``key``: one frame, with the digit and the confirm together
    for the digit+confirm actions, as the source reads them."""
    for code, mapped in KEY_CODES.items():
        if mapped is key:
            return [KeypadFrame(address, FUNC_KEY, bytes([code]))]
    for digit, mapped in CONFIRMED_DIGITS.items():
        if mapped is key:
            return [KeypadFrame(address, FUNC_KEY, bytes([digit, CONFIRM]))]
    raise ValueError(f"no keypad frame for {key}")  # pragma: no cover - every key is mapped


def rating_frame(score: int, address: int) -> KeypadFrame:
    """What an evaluator sends for ``score`` (2..5; a 4-key evaluator has no score 1)."""
    for index, mapped in RATING_SCORES.items():
        if mapped == score:
            return KeypadFrame(address, FUNC_RATING, bytes([index]))
    raise ValueError(f"a 4-key evaluator can give 2..5, not {score}")
