"""What every simulator is: a device that hears the host's bytes and answers with its own.

A simulator is pure: it gets bytes through :meth:`DeviceSimulator.receive` and answers through the
``send`` callable it was built with. The runner (pty, TCP, ``virtual:`` wire) moves the bytes, so
the same simulator serves tests, the demo's virtual window and ``counterdesk simulate``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

Send = Callable[[bytes], None]
"""Writes bytes from the device to the host; safe to call from any thread."""


@dataclass(frozen=True)
class Command:
    """One thing a person can do to the simulated device from a terminal (press, swipe, present)."""

    usage: str
    """e.g. ``"press call [ADDR]"``"""
    help: str
    run: Callable[[list[str]], str]
    """Takes the words after the command name; returns a line to print; ValueError on bad words."""


class DeviceSimulator(Protocol):
    kind: str
    """The name used by ``counterdesk simulate KIND``."""

    def receive(self, data: bytes) -> None:
        """Bytes from the host, in any chunking; garbage is counted, never raised."""
        ...

    def describe(self) -> str:
        """What a person looking at the device sees now (a display's text, a keypad's digits)."""
        ...

    def commands(self) -> Mapping[str, Command]: ...

    def on_change(self, listener: Callable[[], None]) -> None:
        """Called (on the receiving thread) whenever :meth:`describe` would change."""
        ...


class Listeners:
    """The simulators' change listeners: added from any thread, told after each change."""

    def __init__(self) -> None:
        self._listeners: list[Callable[[], None]] = []

    def add(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def tell(self) -> None:
        for listener in list(self._listeners):
            listener()
