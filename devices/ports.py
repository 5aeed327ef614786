"""Port strings and opening them: real ports, pyserial URLs and ``virtual:`` simulators.

One string names where a device is, so the settings page, the configuration and the tests speak
the same language:

- ``COM3``, ``/dev/ttyUSB0``: a real serial port (pyserial adds the ``\\\\.\\`` prefix for COM10+).
- ``socket://127.0.0.1:7001``, ``rfc2217://host:port``, ``loop://``: pyserial URL handlers, for
  device servers on the LAN and for tests.
- ``virtual:NAME``: the in-process wire a built-in simulator is attached to (demo and tests).
- ``keyboard``: a keyboard-wedge reader, which types into the focused field; the UI listens for
  it (a fast burst ending in Enter) and no link is opened.

A USB serial adapter can come back under another COM number after a replug, so a real port is
remembered by its USB identity (VID:PID and serial number) as well as by its name.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Final, Literal, Protocol

import serial
from serial.tools import list_ports

URL_SCHEMES: Final = frozenset({"socket", "rfc2217", "loop", "spy", "hwgrep"})
_VIRTUAL_NAME: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,39}")


class PortConfigError(ValueError):
    """A port string that cannot name a port; waiting will not fix it."""


class PortHandle(Protocol):
    """The part of ``serial.Serial`` the link uses; the virtual wire's host end has it too."""

    @property
    def in_waiting(self) -> int: ...

    def read(self, size: int = 1) -> bytes: ...

    def write(self, data: bytes, /) -> int | None: ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class PortSpec:
    kind: Literal["device", "url", "virtual", "keyboard"]
    value: str
    """The device path, the whole URL, or the virtual wire's name."""

    def __str__(self) -> str:
        if self.kind == "virtual":
            return f"virtual:{self.value}"
        return "keyboard" if self.kind == "keyboard" else self.value


KEYBOARD: Final = "keyboard"


def is_keyboard(text: str) -> bool:
    """True for the port of a keyboard-wedge reader (``keyboard``), whatever else is wrong."""
    return text.strip().lower().rstrip(":") == KEYBOARD


def parse_port(text: str) -> PortSpec:
    """Check a port string and say what it names, or raise :class:`PortConfigError` saying why."""
    port = text.strip()
    if not port:
        raise PortConfigError("The port is empty: give COM3, /dev/ttyUSB0, socket://… or virtual:…")
    if is_keyboard(port):
        return PortSpec("keyboard", "")
    if port.lower().startswith("virtual:"):
        name = port.split(":", 1)[1]
        if not _VIRTUAL_NAME.fullmatch(name):
            raise PortConfigError(
                f"A virtual port is virtual: and a name of letters, digits, '-', '_', '.', "
                f"not {port!r}."
            )
        return PortSpec("virtual", name)
    if "://" in port:
        scheme = port.split("://", 1)[0].lower()
        if scheme not in URL_SCHEMES:
            known = ", ".join(sorted(f"{s}://" for s in URL_SCHEMES))
            raise PortConfigError(f"Unknown port URL {port!r}; pyserial knows {known}.")
        return PortSpec("url", port)
    if any(ch.isspace() for ch in port):
        raise PortConfigError(f"A serial port name has no spaces: {port!r}.")
    return PortSpec("device", port)


@dataclass(frozen=True)
class UsbIdentity:
    """What stays the same when Windows hands a replugged adapter a new COM number."""

    vid: int
    pid: int
    serial_number: str | None

    def __str__(self) -> str:
        sn = f" SN {self.serial_number}" if self.serial_number else ""
        return f"USB {self.vid:04X}:{self.pid:04X}{sn}"


PortLister = Callable[[], Iterable[Any]]
"""Returns ``ListPortInfo``-like objects (``device``, ``vid``, ``pid``, ``serial_number``)."""


def system_ports() -> list[Any]:
    return list(list_ports.comports())


def identify(device: str, ports: Iterable[Any]) -> UsbIdentity | None:
    """The USB identity of ``device`` among ``ports``, or None for a port that is not USB."""
    wanted = os.path.realpath(device) if os.name == "posix" else device.upper()
    for info in ports:
        name = os.path.realpath(info.device) if os.name == "posix" else str(info.device).upper()
        if name == wanted and info.vid is not None and info.pid is not None:
            return UsbIdentity(int(info.vid), int(info.pid), info.serial_number or None)
    return None


def locate(identity: UsbIdentity, ports: Iterable[Any]) -> str | None:
    """The device name the adapter with ``identity`` has now, or None if it is not plugged in."""
    for info in ports:
        if (
            info.vid == identity.vid
            and info.pid == identity.pid
            and (identity.serial_number is None or info.serial_number == identity.serial_number)
        ):
            return str(info.device)
    return None


@dataclass(frozen=True)
class LineSettings:
    """Baud rate and framing; the displays and keypads here all default to 9600 8N1."""

    baudrate: int = 9600
    bytesize: int = 8
    parity: str = "N"
    stopbits: float = 1

    def __post_init__(self) -> None:
        if self.baudrate not in serial.Serial.BAUDRATES or self.baudrate < 300:
            raise PortConfigError(f"{self.baudrate} is not a standard baud rate (e.g. 9600).")
        if self.bytesize not in (5, 6, 7, 8):
            raise PortConfigError(f"Data bits are 5 to 8, not {self.bytesize}.")
        if self.parity not in ("N", "E", "O", "M", "S"):
            raise PortConfigError(f"Parity is N, E, O, M or S, not {self.parity!r}.")
        if self.stopbits not in (1, 1.5, 2):
            raise PortConfigError(f"Stop bits are 1, 1.5 or 2, not {self.stopbits}.")


def open_port(spec: PortSpec, line: LineSettings, *, read_timeout: float) -> PortHandle:
    """Open the port; raises ``serial.SerialException`` or ``OSError`` when it is not there."""
    if spec.kind == "keyboard":
        raise PortConfigError("A keyboard-wedge reader types into the app; it has no port to open.")
    if spec.kind == "virtual":
        from devices import virtual

        return virtual.wire(spec.value).open_host(read_timeout)
    options: dict[str, Any] = {
        "baudrate": line.baudrate,
        "bytesize": line.bytesize,
        "parity": line.parity,
        "stopbits": line.stopbits,
        "timeout": read_timeout,
        "write_timeout": 2.0,
    }
    if spec.kind == "url":
        handle: PortHandle = serial.serial_for_url(spec.value, **options)
        return handle
    if os.name == "posix":
        options["exclusive"] = True  # a second program on the same port is refused, not mixed in
    handle = serial.Serial(spec.value, **options)
    return handle
