"""The face a serial link shows to drivers: write frames, hear bytes, hear state.

Drivers depend on this protocol, not on :class:`devices.link.SerialLink`, so a driver test can run
over any link (a pty, a socket, a virtual wire) and a codec never sees threads.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Protocol

from devices.state import DeviceState

BytesListener = Callable[[bytes], None]
"""Called on the link's worker thread with the bytes just read (never empty)."""

StateListener = Callable[[DeviceState, str], None]
"""Called on the link's worker thread with the new state and a human-readable detail."""


class Link(Protocol):
    """One serial port shared by every device on its bus."""

    @property
    def port(self) -> str: ...

    @property
    def state(self) -> DeviceState: ...

    def write(self, frame: bytes, *, key: Hashable | None = None) -> None:
        """Queue ``frame`` for the wire; never blocks on I/O.

        A ``key`` marks a frame as the latest *state* of something (what display 3 shows): a newer
        frame with the same key replaces an unsent older one, and the latest frame of every key is
        written again after the port re-opens, so a display unplugged during a call shows the call
        when it comes back. Frames without a key (a beep, a request) are sent once, or dropped and
        counted when the port is not open.
        """
        ...

    def subscribe(self, listener: BytesListener) -> None: ...

    def on_state(self, listener: StateListener) -> None: ...
