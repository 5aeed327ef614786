"""One worker per serial port: read with short timeouts, write from a queue, survive unplugging.

Why two threads per port: a read blocks for up to ``read_timeout`` and a display frame written in
that moment must not wait behind it (a call must reach the window display in well under 50 ms),
so a reader thread owns the port's life (open, read, notice loss, back off, re-open) and a writer
thread drains the queue while the port is ready. pyserial allows one reader and one writer on a
handle at once.

What a lost port costs: nothing for displays. Every write with a ``key`` records the latest frame
for that key; after a re-open those frames are written again, so a window display unplugged during
a call shows the call when it is back. Unkeyed frames (a beep, a poll) are dropped and counted while
the port is away, because a beep a minute late is wrong.

Re-opening looks for the port under its name first and then, for a USB adapter, by its USB identity
in the system's port list, because Windows may give a replugged adapter another COM number.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Final

import serial

from devices.link_api import BytesListener, StateListener
from devices.ports import (
    LineSettings,
    PortConfigError,
    PortHandle,
    PortLister,
    PortSpec,
    UsbIdentity,
    identify,
    locate,
    open_port,
    parse_port,
    system_ports,
)
from devices.state import DeviceState

_log = logging.getLogger(__name__)

BACKOFF_FIRST: Final = 0.2
BACKOFF_MAX: Final = 2.0
"""Seconds between re-open attempts: doubling from 0.2 to 2, so a replug heals within ~2 s."""

_PORT_ERRORS: Final = (serial.SerialException, OSError, ValueError)
_WRITE_ERRORS: Final = (*_PORT_ERRORS, TypeError)
"""A write can also meet the reader closing the port under it: pyserial's ``socket://`` handler
then calls ``select`` on a socket already set to ``None`` and raises ``TypeError`` (seen under
load in ``test_a_device_server_that_drops_the_connection_is_reconnected``). It is the same lost
port, so it is handled the same way."""


@dataclass
class LinkStats:
    frames_written: int = 0
    frames_dropped: int = 0
    bytes_read: int = 0
    reconnects: int = 0
    last_error: str = ""


class SerialLink:
    """A port shared by every device on its bus; implements :class:`devices.link_api.Link`."""

    def __init__(
        self,
        port: str,
        *,
        line: LineSettings | None = None,
        frame_gap: float = 0.0,
        read_timeout: float = 0.05,
        name: str | None = None,
        list_ports: PortLister = system_ports,
    ) -> None:
        self._spec: PortSpec = parse_port(port)
        self._line = line or LineSettings()
        self._frame_gap = frame_gap
        self._read_timeout = read_timeout
        self.name = name or str(self._spec)
        self._list_ports = list_ports
        self._device = self._spec.value  # where a real port is now (may move after a replug)
        self._identity: UsbIdentity | None = None

        self._cond = threading.Condition()
        self._state = DeviceState.CLOSED
        self._detail = ""
        self._handle: PortHandle | None = None
        self._pending: list[tuple[Hashable | None, bytes]] = []
        self._writing = False
        """The writer holds a frame it took from the queue (for :meth:`wait_idle`)."""
        self._latest: dict[Hashable, bytes] = {}
        self._lost = threading.Event()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._byte_listeners: list[BytesListener] = []
        self._state_listeners: list[StateListener] = []
        self.stats = LinkStats()

    # -- the Link protocol -------------------------------------------------------------------
    @property
    def port(self) -> str:
        return str(self._spec)

    @property
    def state(self) -> DeviceState:
        return self._state

    @property
    def detail(self) -> str:
        return self._detail

    def write(self, frame: bytes, *, key: Hashable | None = None) -> None:
        with self._cond:
            if key is not None:
                self._latest.pop(key, None)  # re-insert: replay order follows the last update
                self._latest[key] = frame
            if self._state is not DeviceState.READY:
                if key is None:
                    self.stats.frames_dropped += 1
                return
            if key is not None:
                for index, (pending_key, _) in enumerate(self._pending):
                    if pending_key == key:
                        self._pending[index] = (key, frame)
                        return
            self._pending.append((key, frame))
            self._cond.notify_all()

    def subscribe(self, listener: BytesListener) -> None:
        self._byte_listeners.append(listener)

    def on_state(self, listener: StateListener) -> None:
        self._state_listeners.append(listener)

    # -- life --------------------------------------------------------------------------------
    def start(self) -> None:
        if self._threads:
            return
        self._stop.clear()
        self._set_state(DeviceState.OPENING, f"opening {self.port}")
        for target, role in ((self._read_loop, "reader"), (self._write_loop, "writer")):
            thread = threading.Thread(target=target, name=f"{self.name} {role}", daemon=True)
            self._threads.append(thread)
            thread.start()

    def stop(self, timeout: float = 3.0) -> None:
        self._stop.set()
        with self._cond:
            self._cond.notify_all()
        for thread in self._threads:
            thread.join(timeout)
        self._threads.clear()
        self._close_handle()
        with self._cond:
            self._pending.clear()
        self._set_state(DeviceState.CLOSED, "stopped")

    def wait_ready(self, timeout: float) -> bool:
        """Block until the port is open (tests and the CLI; never the GUI thread)."""
        with self._cond:
            return self._cond.wait_for(lambda: self._state is DeviceState.READY, timeout)

    def wait_idle(self, timeout: float) -> bool:
        """Block until every queued frame has been written."""
        with self._cond:
            return self._cond.wait_for(lambda: not self._pending and not self._writing, timeout)

    # -- reader: owns the port's life ----------------------------------------------------------
    def _read_loop(self) -> None:
        delay = BACKOFF_FIRST
        while not self._stop.is_set():
            try:
                handle = self._open()
            except PortConfigError as error:
                self._set_state(DeviceState.ERROR, str(error))
                return
            except _PORT_ERRORS as error:
                self.stats.last_error = str(error)
                self._set_state(DeviceState.DISCONNECTED, f"{self.port}: {error}")
                self._stop.wait(delay)
                delay = min(delay * 2, BACKOFF_MAX)
                continue
            delay = BACKOFF_FIRST
            self._went_ready(handle)
            self._read_until_lost(handle)
            if self._stop.is_set():
                return
            self._went_away()

    def _open(self) -> PortHandle:
        if self._spec.kind != "device":
            return open_port(self._spec, self._line, read_timeout=self._read_timeout)
        try:
            handle = open_port(
                PortSpec("device", self._device), self._line, read_timeout=self._read_timeout
            )
        except _PORT_ERRORS:
            moved = self._identity and locate(self._identity, self._list_ports())
            if not moved or moved == self._device:
                raise
            _log.info("%s: %s is now at %s", self.name, self._identity, moved)
            self._device = moved
            handle = open_port(
                PortSpec("device", moved), self._line, read_timeout=self._read_timeout
            )
        if self._identity is None:
            try:
                self._identity = identify(self._device, self._list_ports())
            except _PORT_ERRORS:  # listing ports is a nicety; never a reason to fail an open
                self._identity = None
        return handle

    def _went_ready(self, handle: PortHandle) -> None:
        with self._cond:
            self._handle = handle
            self._lost.clear()
            self._pending = list(self._latest.items())
            self._state = DeviceState.READY
            moved = self._device != self._spec.value
            self._detail = f"{self.port} → {self._device} open" if moved else f"{self.port} open"
            self._cond.notify_all()
        self._tell_state(DeviceState.READY, self._detail)

    def _read_until_lost(self, handle: PortHandle) -> None:
        while not self._stop.is_set() and not self._lost.is_set():
            try:
                data = handle.read(1)
                if data:
                    waiting = handle.in_waiting
                    if waiting:
                        data += handle.read(waiting)
            except _PORT_ERRORS as error:
                self.stats.last_error = str(error)
                return
            if data:
                self.stats.bytes_read += len(data)
                for listener in list(self._byte_listeners):
                    try:
                        listener(data)
                    except Exception:  # a driver bug must not take the port down
                        _log.exception("%s: listener failed on %r", self.name, data)

    def _went_away(self) -> None:
        self._close_handle()
        with self._cond:
            dropped = sum(1 for key, _ in self._pending if key is None)
            self.stats.frames_dropped += dropped
            self._pending.clear()
            self.stats.reconnects += 1
            self._state = DeviceState.DISCONNECTED
            self._detail = f"{self.port} lost: {self.stats.last_error or 'disconnected'}"
            self._cond.notify_all()
        self._tell_state(DeviceState.DISCONNECTED, self._detail)
        self._stop.wait(BACKOFF_FIRST)

    def _close_handle(self) -> None:
        with self._cond:
            handle, self._handle = self._handle, None
        if handle is not None:
            try:
                handle.close()
            except _PORT_ERRORS as error:  # Windows: closing a vanished port can fail too
                _log.info("%s: close failed: %s", self.name, error)

    # -- writer -------------------------------------------------------------------------------
    def _write_loop(self) -> None:
        while True:
            with self._cond:
                self._writing = False
                self._cond.notify_all()
                self._cond.wait_for(
                    lambda: (
                        self._stop.is_set()
                        or (self._state is DeviceState.READY and bool(self._pending))
                    ),
                )
                if self._stop.is_set():
                    return
                key, frame = self._pending.pop(0)
                handle = self._handle
                self._writing = True
            try:
                assert handle is not None
                handle.write(frame)
            except _WRITE_ERRORS as error:
                self.stats.last_error = str(error)
                if key is None:
                    self.stats.frames_dropped += 1
                self._lost.set()  # the reader closes and re-opens; keyed frames are replayed
                continue
            self.stats.frames_written += 1
            if self._frame_gap:
                self._stop.wait(self._frame_gap)

    # -- state ----------------------------------------------------------------------------------
    def _set_state(self, state: DeviceState, detail: str) -> None:
        with self._cond:
            changed = state is not self._state or detail != self._detail
            self._state, self._detail = state, detail
            self._cond.notify_all()
        if changed:
            self._tell_state(state, detail)

    def _tell_state(self, state: DeviceState, detail: str) -> None:
        _log.info("%s: %s (%s)", self.name, state.value, detail)
        for listener in list(self._state_listeners):
            try:
                listener(state, detail)
            except Exception:
                _log.exception("%s: state listener failed", self.name)
