"""``virtual:NAME``: an in-process wire between a link and a built-in simulator.

The demo runs with no hardware and the end-to-end tests run without ptys through these wires; the
link cannot tell them from a port. A wire can be unplugged and replugged, which makes the host end
fail exactly as pyserial does (``SerialException``), so the link's recovery is exercised too.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

import serial

from devices.simulators.base import DeviceSimulator, Send

_log = logging.getLogger(__name__)


class _Pipe:
    """Bytes one way, with a condition for blocking reads."""

    def __init__(self) -> None:
        self.data = bytearray()
        self.cond = threading.Condition()

    def put(self, chunk: bytes) -> None:
        with self.cond:
            self.data += chunk
            self.cond.notify_all()

    def clear(self) -> None:
        with self.cond:
            self.data.clear()


class VirtualWire:
    """Two pipes, a plug and at most one open host end."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._to_device = _Pipe()
        self._to_host = _Pipe()
        self._lock = threading.Lock()
        self._plugged = True
        self._host: _HostEnd | None = None
        self.generation = 0
        """Bumped on every unplug, so a host end opened before it knows it is stale."""

    # -- host side ---------------------------------------------------------------------------
    def open_host(self, read_timeout: float) -> _HostEnd:
        with self._lock:
            if not self._plugged:
                raise serial.SerialException(f"could not open port virtual:{self.name}: unplugged")
            if self._host is not None and self._host.is_open:
                raise serial.SerialException(f"virtual:{self.name} is already open")
            self._to_host.clear()  # as pyserial's open() discards what was waiting
            self._host = _HostEnd(self, read_timeout, self.generation)
            return self._host

    # -- device side -------------------------------------------------------------------------
    def device_write(self, data: bytes) -> None:
        """Bytes from the device; lost, as on a real wire, while nothing listens."""
        with self._lock:
            listening = self._plugged and self._host is not None and self._host.is_open
        if listening and data:
            self._to_host.put(bytes(data))

    def device_read(self, timeout: float) -> bytes:
        pipe = self._to_device
        with pipe.cond:
            if not pipe.data:
                pipe.cond.wait(timeout)
            chunk = bytes(pipe.data)
            pipe.data.clear()
            return chunk

    # -- the plug ----------------------------------------------------------------------------
    def unplug(self) -> None:
        with self._lock:
            self._plugged = False
            self.generation += 1
        for pipe in (self._to_device, self._to_host):
            pipe.clear()
            with pipe.cond:
                pipe.cond.notify_all()

    def replug(self) -> None:
        with self._lock:
            self._plugged = True

    @property
    def plugged(self) -> bool:
        return self._plugged

    def _alive(self, generation: int) -> bool:
        return self._plugged and generation == self.generation


class _HostEnd:
    """The host end, shaped like ``serial.Serial`` for the link."""

    def __init__(self, wire: VirtualWire, timeout: float, generation: int) -> None:
        self._wire = wire
        self.timeout = timeout
        self._generation = generation
        self.is_open = True

    def _check(self) -> None:
        if not self.is_open:
            raise serial.PortNotOpenError()
        if not self._wire._alive(self._generation):
            raise serial.SerialException(f"virtual:{self._wire.name}: device disconnected")

    @property
    def in_waiting(self) -> int:
        self._check()
        return len(self._wire._to_host.data)

    def read(self, size: int = 1) -> bytes:
        self._check()
        pipe = self._wire._to_host
        with pipe.cond:
            if not pipe.data:
                pipe.cond.wait(self.timeout)
            self._check()
            chunk = bytes(pipe.data[:size])
            del pipe.data[:size]
            return chunk

    def write(self, data: bytes, /) -> int:
        self._check()
        self._wire._to_device.put(bytes(data))
        return len(data)

    def close(self) -> None:
        self.is_open = False


_wires: dict[str, VirtualWire] = {}
_pumps: list[tuple[threading.Thread, threading.Event]] = []
_registry_lock = threading.Lock()

S = TypeVar("S", bound=DeviceSimulator)


def wire(name: str) -> VirtualWire:
    """The wire called ``name``, made on first use."""
    with _registry_lock:
        found = _wires.get(name)
        if found is None:
            found = _wires[name] = VirtualWire(name)
        return found


def attach(name: str, factory: Callable[[Send], S]) -> S:
    """Build a simulator on wire ``name`` and pump the host's bytes into it on a daemon thread."""
    target = wire(name)
    simulator = factory(target.device_write)
    stop = threading.Event()

    def pump() -> None:
        while not stop.is_set():
            chunk = target.device_read(0.05)
            if chunk:
                try:
                    simulator.receive(chunk)
                except Exception:  # a simulator bug must not stop the wire
                    _log.exception("simulator on virtual:%s failed on %r", name, chunk)

    thread = threading.Thread(target=pump, name=f"virtual:{name}", daemon=True)
    with _registry_lock:
        _pumps.append((thread, stop))
    thread.start()
    return simulator


def reset() -> None:
    """Stop every pump and forget every wire (tests call this between cases)."""
    with _registry_lock:
        pumps = list(_pumps)
        _pumps.clear()
        _wires.clear()
    for _thread, stop in pumps:
        stop.set()
    for thread, _ in pumps:
        thread.join(timeout=2)
