"""Waiting for something another thread does, without sleeping a fixed time."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


def until(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    """True as soon as ``predicate()`` holds (polled every 10 ms), False after ``timeout``.

    A frame written to a ``virtual:`` wire is handed to the simulator's own thread; the link
    being idle means written, not yet read. Tests of what a simulator shows wait with this.
    """
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while time.monotonic() < deadline:
        if predicate():
            return True
        pause.wait(0.01)
    return predicate()
