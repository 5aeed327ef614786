"""What devices tell the application, as plain frozen dataclasses.

Drivers call an :data:`EventListener` on their link's worker thread; ``ui`` re-emits the events as
Qt signals on the GUI thread, and the hall server can consume them directly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import Enum

from devices.state import DeviceState


class KeypadKey(Enum):
    """A caller keypad's keys, named for the queue action each one triggers."""

    CALL = "call"
    """Call the next ticket (0x0C)."""
    RECALL = "recall"
    """Call the current ticket again (0x0D)."""
    EVALUATE = "evaluate"
    """Ask the customer to rate the service (0x0B)."""
    PAUSE = "pause"
    """Pause or resume the window (0x12)."""
    NO_SHOW = "no_show"
    """Give up the current ticket as a no-show (6 then confirm)."""
    HANG_UP = "hang_up"
    """Finish the current ticket (0 then confirm)."""
    CALL_BACK = "call_back"
    """Call back a ticket skipped earlier (3 then confirm)."""


@dataclass(frozen=True)
class KeyPressed:
    device: str
    address: int
    key: KeypadKey


@dataclass(frozen=True)
class RatingGiven:
    """An evaluator's rating: 1 (very dissatisfied) to 5 (very satisfied)."""

    device: str
    address: int
    score: int


@dataclass(frozen=True)
class CardRead:
    """A card swiped or tapped: the raw line and the number the device's pattern extracted."""

    device: str
    raw: str
    number: str


@dataclass(frozen=True)
class IdCard:
    """The text fields of a resident ID card (二代证). The photo is never decoded or kept."""

    name: str
    gender: str
    """男 or 女 (from the card's code 1 / 2); the code itself when it is neither."""
    nation: str
    """The nationality name (汉, 蒙古 …) from the card's two-digit code."""
    birth_date: date | None
    address: str
    id_number: str
    issuer: str
    valid_from: date | None
    valid_to: date | None
    """None for a card valid for life (长期)."""


@dataclass(frozen=True)
class IdCardRead:
    device: str
    card: IdCard


@dataclass(frozen=True)
class StateChanged:
    device: str
    state: DeviceState
    detail: str


DeviceEvent = KeyPressed | RatingGiven | CardRead | IdCardRead | StateChanged
EventListener = Callable[[DeviceEvent], None]
