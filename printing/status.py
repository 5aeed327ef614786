"""What a receipt printer says about itself: ESC/POS real-time status replies, decoded.

An ESC/POS printer answers ``DLE EOT n`` (``10 04 n``) with one byte at once, even in the middle
of a job and while offline (Epson ESC/POS reference, "DLE EOT"). This module only turns those
bytes into a :class:`PrinterStatus`; asking is the transport's business. The bits are decoded here
rather than with python-escpos's ``paper_status()``, whose masks misread printers that set only
one bit of a sensor pair.

Every reply byte has fixed bits: bit 0 = 0, bit 1 = 1, bit 4 = 1, bit 7 = 0. A byte that breaks
them is not a status at all (a wrong baud rate, a device that is not an ESC/POS printer, line
noise) and decodes as :attr:`PrinterState.ERROR`, never as ready: printing a payment receipt on
the strength of noise would be worse than asking the clerk to look at the printer.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final

DLE_EOT: Final = b"\x10\x04"
QUERY_PRINTER: Final = DLE_EOT + b"\x01"
"""n=1 printer status: bit 3 = offline."""
QUERY_OFFLINE_CAUSE: Final = DLE_EOT + b"\x02"
"""n=2 offline cause: bit 2 cover open, bit 3 paper fed by the button, bit 5 stopped by paper
end, bit 6 error."""
QUERY_ERROR_CAUSE: Final = DLE_EOT + b"\x03"
"""n=3 error cause (cutter, unrecoverable, auto-recoverable); answered by the emulator, not
needed to decide whether to print."""
QUERY_PAPER: Final = DLE_EOT + b"\x04"
"""n=4 roll paper sensor: bits 2-3 near end, bits 5-6 paper end."""

_FIXED_MASK: Final = 0b1001_0011
_FIXED_VALUE: Final = 0b0001_0010


class PrinterState(enum.Enum):
    """Whether the printer can print now, and if not, what the clerk should do about it."""

    READY = "ready"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    ERROR = "error"
    """The printer reports a fault (cutter jam, head too hot), or its reply was not a status."""
    UNREACHABLE = "unreachable"
    """No answer: powered off, unplugged, wrong address, or the connection dropped."""
    UNKNOWN = "unknown"
    """The transport cannot read status at all (a file, the Windows spooler)."""


READY_STATES: Final = frozenset({PrinterState.READY})
ERROR_STATES: Final = frozenset(
    {
        PrinterState.PAPER_OUT,
        PrinterState.COVER_OPEN,
        PrinterState.OFFLINE,
        PrinterState.ERROR,
        PrinterState.UNREACHABLE,
    }
)
"""States in which nothing should be sent; UNKNOWN is in neither set: it is a blind transport,
which prints on trust."""


@dataclass(frozen=True)
class PrinterStatus:
    """The printer's state, whether the roll is nearly used up, and an English explanation
    (for logs and the printer settings page; the UI translates by ``state``)."""

    state: PrinterState
    paper_low: bool = False
    detail: str = ""

    @property
    def ready(self) -> bool:
        return self.state in READY_STATES


def is_status_byte(value: int) -> bool:
    """True when ``value`` keeps the fixed bits every DLE EOT reply has."""
    return value & _FIXED_MASK == _FIXED_VALUE


def decode_status(
    printer: int, offline_cause: int | None = None, paper: int | None = None
) -> PrinterStatus:
    """The status from the replies to DLE EOT 1, 2 and 4.

    Only the n=1 reply is required: ``offline_cause`` is asked only when the printer says it is
    offline, and a printer that does not answer n=2 or n=4 (some clones) is judged without it.
    When several things are wrong the one the clerk must fix first wins: cover, paper, fault.
    """
    replies = {1: printer, 2: offline_cause, 4: paper}
    for n, value in replies.items():
        if value is not None and not is_status_byte(value):
            return PrinterStatus(
                PrinterState.ERROR,
                detail=f"The reply 0x{value:02X} to DLE EOT {n} is not an ESC/POS status byte "
                "(wrong baud rate, or not an ESC/POS printer?).",
            )
    cause = offline_cause or 0
    sensor = paper or 0
    paper_low = bool(sensor & 0b0000_1100)
    findings: list[tuple[PrinterState, str]] = []
    if cause & 0b0000_0100:
        findings.append((PrinterState.COVER_OPEN, "The cover is open."))
    if sensor & 0b0110_0000 or cause & 0b0010_0000:
        findings.append((PrinterState.PAPER_OUT, "The paper roll is used up."))
    if cause & 0b0100_0000:
        findings.append(
            (PrinterState.ERROR, "The printer reports an error (cutter jam, overheating?).")
        )
    if cause & 0b0000_1000:
        findings.append((PrinterState.OFFLINE, "Paper is being fed with the FEED button."))
    if printer & 0b0000_1000 and not findings:
        findings.append((PrinterState.OFFLINE, "The printer is offline."))
    if not findings:
        low = " The paper roll is nearly used up." if paper_low else ""
        return PrinterStatus(PrinterState.READY, paper_low, f"Ready.{low}")
    details = " ".join(text for _, text in findings)
    return PrinterStatus(findings[0][0], paper_low, details)


def unknown(detail: str) -> PrinterStatus:
    return PrinterStatus(PrinterState.UNKNOWN, detail=detail)


def unreachable(detail: str) -> PrinterStatus:
    return PrinterStatus(PrinterState.UNREACHABLE, detail=detail)
