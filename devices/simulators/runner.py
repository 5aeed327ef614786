"""Run a simulator on a real byte stream and let a person work it from a terminal.

``counterdesk simulate keypad --port pty`` makes a pseudo-terminal, prints its name for the app's
device settings, and then reads commands (``press call``, ``swipe 6222…``) from stdin while it
prints what the device shows whenever that changes. ``--port tcp:7001`` listens on TCP instead (the
app connects with ``socket://127.0.0.1:7001``; on Windows this is the way without a null-modem
driver), and any other port string is a real serial port (a com0com pair, a USB adapter looped to
the terminal under test).
"""

from __future__ import annotations

import contextlib
import os
import shlex
import socket
import threading
from collections.abc import Callable, Iterable
from typing import Protocol, TextIO

import serial

from devices.simulators.base import DeviceSimulator, Send


class Wire(Protocol):
    """The device end of some byte stream."""

    where: str
    """What to tell the person, e.g. the pty's name or the TCP address."""

    def send(self, data: bytes) -> None: ...

    def pump(self, receive: Callable[[bytes], None], stop: threading.Event) -> None:
        """Feed the host's bytes to ``receive`` until ``stop`` is set."""
        ...

    def close(self) -> None: ...


class PtyWire:
    def __init__(self) -> None:
        import tty

        self._master, self._slave = os.openpty()
        tty.setraw(self._master)
        tty.setraw(self._slave)
        self.where = os.ttyname(self._slave)

    def send(self, data: bytes) -> None:
        os.write(self._master, data)

    def pump(self, receive: Callable[[bytes], None], stop: threading.Event) -> None:
        import select

        while not stop.is_set():
            ready, _, _ = select.select([self._master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(self._master, 4096)
                except OSError:  # the app has not opened the port yet, or closed it
                    stop.wait(0.1)
                    continue
                if chunk:
                    receive(chunk)

    def close(self) -> None:
        for fd in (self._master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)


class TcpWire:
    """One host connection at a time, as a serial-to-Ethernet box accepts."""

    def __init__(self, host: str, port: int) -> None:
        self._server = socket.create_server((host, port))
        self._server.settimeout(0.1)
        bound = self._server.getsockname()
        shown = "127.0.0.1" if host in ("", "0.0.0.0") else host  # noqa: S104 - only a display name
        self.where = f"socket://{shown}:{bound[1]}"
        self._client: socket.socket | None = None
        self._lock = threading.Lock()

    def send(self, data: bytes) -> None:
        with self._lock:
            client = self._client
        if client is not None:
            with contextlib.suppress(OSError):
                client.sendall(data)

    def pump(self, receive: Callable[[bytes], None], stop: threading.Event) -> None:
        while not stop.is_set():
            try:
                client, _ = self._server.accept()
            except (TimeoutError, OSError):
                continue
            client.settimeout(0.1)
            with self._lock:
                self._client = client
            while not stop.is_set():
                try:
                    chunk = client.recv(4096)
                except TimeoutError:
                    continue
                except OSError:
                    break
                if not chunk:
                    break
                receive(chunk)
            with self._lock:
                self._client = None
            client.close()

    def close(self) -> None:
        self._server.close()


class SerialWire:
    def __init__(self, port: str, baudrate: int) -> None:
        self._serial = serial.serial_for_url(port, baudrate=baudrate, timeout=0.1)
        self.where = port

    def send(self, data: bytes) -> None:
        self._serial.write(data)

    def pump(self, receive: Callable[[bytes], None], stop: threading.Event) -> None:
        while not stop.is_set():
            chunk = self._serial.read(max(1, self._serial.in_waiting))
            if chunk:
                receive(chunk)

    def close(self) -> None:
        self._serial.close()


def open_wire(port: str, baudrate: int = 9600) -> Wire:
    """``pty``, ``tcp:PORT``, ``tcp:HOST:PORT`` or a serial port / pyserial URL."""
    if port == "pty":
        if os.name != "posix":
            raise ValueError("pty needs Linux or macOS; on Windows use --port tcp:7001")
        return PtyWire()
    if port.startswith("tcp:"):
        parts = port.split(":")
        try:
            if len(parts) == 2:
                return TcpWire("127.0.0.1", int(parts[1]))
            if len(parts) == 3:
                return TcpWire(parts[1], int(parts[2]))
        except ValueError:
            pass
        raise ValueError(f"give tcp:PORT or tcp:HOST:PORT, not {port!r}")
    return SerialWire(port, baudrate)


def run(
    factory: Callable[[Send], DeviceSimulator],
    wire: Wire,
    lines: Iterable[str],
    out: TextIO,
) -> DeviceSimulator:
    """Serve the simulator on ``wire`` and obey ``lines`` until they end or say ``quit``."""
    simulator = factory(wire.send)
    printing = threading.Lock()

    def say(text: str) -> None:
        with printing:
            out.write(text + "\n")
            out.flush()

    simulator.on_change(lambda: say(simulator.describe()))
    stop = threading.Event()
    pump = threading.Thread(target=wire.pump, args=(simulator.receive, stop), daemon=True)
    pump.start()
    say(f"{simulator.kind} simulator on {wire.where}")
    say(simulator.describe())
    say("Type help for commands, quit to stop.")
    try:
        for line in lines:
            words = shlex.split(line)
            if not words:
                continue
            if words[0] in ("quit", "exit"):
                break
            say(obey(simulator, words))
    finally:
        stop.set()
        pump.join(timeout=2)
        wire.close()
    return simulator


def obey(simulator: DeviceSimulator, words: list[str]) -> str:
    commands = simulator.commands()
    name, args = words[0], words[1:]
    if name == "help":
        rows = [f"  {command.usage:<28} {command.help}" for command in commands.values()]
        return "\n".join([*rows, f"  {'show':<28} what the device shows now", "  quit"])
    if name == "show":
        return simulator.describe()
    command = commands.get(name)
    if command is None:
        return f"unknown command {name!r}; type help"
    try:
        return command.run(args)
    except ValueError as error:
        return f"error: {error}"
