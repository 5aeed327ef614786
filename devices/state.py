"""What a device link is doing, as an enum with named sets (the OctoPrint habit).

The UI colours a device by the set its state is in; the services only ask "is it ready". A link
that lost its port is ``DISCONNECTED`` (it is looking for the port again), not ``ERROR``; ``ERROR``
is for what will not heal by waiting, such as a port string that names nothing.
"""

from __future__ import annotations

from enum import Enum
from typing import Final


class DeviceState(Enum):
    CLOSED = "closed"
    """Not started, or stopped on purpose."""
    OPENING = "opening"
    """Opening the port for the first time."""
    READY = "ready"
    """The port is open and the worker is reading and writing."""
    DISCONNECTED = "disconnected"
    """The port went away (unplugged, peer closed); the worker backs off and re-opens it."""
    ERROR = "error"
    """Misconfigured: the port string or options cannot work. Waiting will not fix it."""


READY_STATES: Final = frozenset({DeviceState.READY})
ERROR_STATES: Final = frozenset({DeviceState.DISCONNECTED, DeviceState.ERROR})
WORKING_STATES: Final = frozenset({DeviceState.OPENING, DeviceState.READY})
