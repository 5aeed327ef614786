"""Line card readers (磁条/射频读卡器): one ASCII line per card, and a pattern for the number in it.

A magstripe reader sends track 2 (``;6222020200112233445=4912101?``), an RFID reader the card's
UID in hex; both end the line with CR, LF or CR LF depending on the model and its settings. Which
part of the line is the account or card number differs between halls, so it is a configurable
regular expression with presets for the common cases.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Final

_CR: Final = 0x0D
_LF: Final = 0x0A


class LineDecoder:
    """Bytes to text lines, in any chunking; never raises.

    A line holding a control character, a byte outside ASCII, or more than ``max_length``
    characters is dropped whole and counted ("nonprintable", "undecodable", "too_long"): half a
    card number is worse than none. Empty lines (the LF of a CR LF split across reads, a reader
    that sends CR CR) are skipped silently.
    """

    def __init__(self, max_length: int = 128) -> None:
        if max_length < 1:
            raise ValueError(f"max_length must be at least 1, not {max_length}")
        self.max_length = max_length
        self.errors: Counter[str] = Counter()
        self._line = bytearray()
        self._fault: str | None = None
        self._after_cr = False

    def reset(self) -> None:
        """Forget a partial line (the port went away mid-card)."""
        self._line.clear()
        self._fault = None
        self._after_cr = False

    def feed(self, data: bytes) -> list[str]:
        lines: list[str] = []
        for byte in data:
            after_cr, self._after_cr = self._after_cr, byte == _CR
            if byte == _LF and after_cr:
                continue
            if byte in (_CR, _LF):
                self._end_line(lines)
            elif self._fault is None:
                self._add(byte)
        return lines

    def _add(self, byte: int) -> None:
        if byte >= 0x80:
            self._fault = "undecodable"
        elif byte < 0x20 or byte == 0x7F:
            self._fault = "nonprintable"
        elif len(self._line) >= self.max_length:
            self._fault = "too_long"
        else:
            self._line.append(byte)
            return
        self._line.clear()

    def _end_line(self, lines: list[str]) -> None:
        if self._fault is not None:
            self.errors[self._fault] += 1
        elif self._line:
            lines.append(self._line.decode("ascii"))
        self._line.clear()
        self._fault = None


class CardPattern:
    """Where the number is in a card line: the group ``number``, or else the first group."""

    def __init__(self, regex: str, *, upper: bool = False) -> None:
        try:
            compiled = re.compile(regex)
        except re.error as error:
            raise ValueError(
                f"card pattern {regex!r} is not a valid regular expression: {error}"
            ) from error
        if "number" in compiled.groupindex:
            self._group: int | str = "number"
        elif compiled.groups >= 1:
            self._group = 1
        else:
            raise ValueError(
                f"card pattern {regex!r} has no group to take the number from:"
                " name one (?P<number>...) or add a group (...)"
            )
        self.regex = regex
        self.upper = upper
        self._compiled = compiled

    def extract(self, line: str) -> str | None:
        """The number in ``line``, or None when the line does not match or the group is empty."""
        match = self._compiled.search(line)
        if match is None:
            return None
        number = match.group(self._group)
        if not number:
            return None
        return number.upper() if self.upper else number

    def __repr__(self) -> str:
        return f"CardPattern({self.regex!r}, upper={self.upper})"


TRACK2: Final = CardPattern(r";(?P<number>\d{1,19})[=?]")
"""Track 2's primary account number: after the start sentinel, up to the separator or the end."""
RFID_HEX: Final = CardPattern(
    r"^ *(?P<number>[0-9A-Fa-f]{20}|[0-9A-Fa-f]{14}|[0-9A-Fa-f]{8}) *$", upper=True
)
"""A 4-, 7- or 10-byte UID in hex, the whole line; upper-case so one card is one number."""
DIGITS: Final = CardPattern(r"^ *(?P<number>\d+) *$")
"""A line of digits only (readers set to send the account number alone)."""

PRESETS: Final = {"track2": TRACK2, "rfid_hex": RFID_HEX, "digits": DIGITS}


def preset(name: str) -> CardPattern:
    try:
        return PRESETS[name]
    except KeyError:
        known = ", ".join(PRESETS)
        raise ValueError(f"no card pattern preset {name!r}; known presets: {known}") from None
