"""Real serial traffic without hardware: pty pairs that can be unplugged, and a TCP device server.

A :class:`PtyDevice` is the device end of a pseudo-terminal; the link opens the pty's other end
through a symlink, the way a COM port has a stable name. ``unplug`` closes the device end, which
makes the link's reads fail with EIO exactly as a pulled USB adapter does; ``replug`` makes a new
pair behind the same (or another) name.
"""

from __future__ import annotations

import os
import select
import socket
import threading
import time
import tty
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


class PtyDevice:
    def __init__(self, link_path: Path) -> None:
        self.path = link_path
        self._master = -1
        self._slave = -1
        self.replug()

    def replug(self, path: Path | None = None) -> None:
        if path is not None:
            self.path = path
        self._master, self._slave = os.openpty()
        tty.setraw(self._slave)
        tty.setraw(self._master)
        if self.path.is_symlink():
            self.path.unlink()
        self.path.symlink_to(os.ttyname(self._slave))

    def unplug(self) -> None:
        for fd in (self._master, self._slave):
            if fd >= 0:
                os.close(fd)
        self._master = self._slave = -1
        if self.path.is_symlink():
            self.path.unlink()

    def write(self, data: bytes) -> None:
        os.write(self._master, data)

    def read(self, count: int, timeout: float = 5.0) -> bytes:
        """Exactly ``count`` bytes, or what arrived before ``timeout``."""
        got = b""
        deadline = time.monotonic() + timeout
        while len(got) < count:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            ready, _, _ = select.select([self._master], [], [], left)
            if ready:
                got += os.read(self._master, count - len(got))
        return got

    def close(self) -> None:
        self.unplug()


@dataclass
class FakePortInfo:
    """What ``serial.tools.list_ports.comports()`` reports for a USB adapter."""

    device: str
    vid: int | None = 0x1A86
    pid: int | None = 0x7523
    serial_number: str | None = "CD0001"


class TcpDevice:
    """A device server on loopback (a serial-to-Ethernet box): one host connection at a time."""

    def __init__(self) -> None:
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self.received = bytearray()
        self._conn: socket.socket | None = None
        self._lock = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"socket://127.0.0.1:{self.port}"

    def _serve(self) -> None:
        self._server.settimeout(0.1)
        while not self._stop.is_set():
            try:
                conn, _ = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(0.1)
            with self._lock:
                self._conn = conn
                self._lock.notify_all()
            while not self._stop.is_set():
                try:
                    chunk = conn.recv(4096)
                except TimeoutError:
                    continue
                except OSError:
                    break
                if not chunk:
                    break
                with self._lock:
                    self.received += chunk
                    self._lock.notify_all()

    def wait_for(self, predicate: Callable[[bytes], bool], timeout: float = 5.0) -> bool:
        with self._lock:
            return self._lock.wait_for(lambda: predicate(bytes(self.received)), timeout)

    def wait_connected(self, timeout: float = 5.0) -> bool:
        with self._lock:
            return self._lock.wait_for(lambda: self._conn is not None, timeout)

    def send(self, data: bytes) -> None:
        with self._lock:
            assert self._conn is not None
            self._conn.sendall(data)

    def drop_connection(self) -> None:
        """The box reboots: the host's connection closes; it may connect again."""
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is not None:
            conn.shutdown(socket.SHUT_RDWR)
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self.drop_connection()
        self._server.close()
        self._thread.join(timeout=2)
