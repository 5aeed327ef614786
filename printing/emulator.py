"""A pretend ESC/POS receipt printer, for the demo and for tests of the real transports.

:class:`PrinterEmulator` listens on TCP loopback like a network printer on port 9100;
:class:`SerialPrinterEmulator` sits on the far end of a pseudo-terminal like a printer on a COM
port. Both record what they are sent, answer the real-time status queries ``DLE EOT n`` from
switches a test (or the demo's settings page) can flip — ``paper_out``, ``paper_low``,
``cover_open``, ``offline``, ``error``, ``garbage_status`` — and can be switched off, or made to
lose power in the middle of a job, so the code that decides "did it print?" is tested against
the same byte stream a real printer sees. ``virtual:NAME`` printer addresses resolve to
:func:`virtual_printer`.

Modelling choices, stated so tests rely on them knowingly:

* A *job* is what one TCP connection sent (or, on serial, a burst of bytes followed by a quiet
  gap), with the status queries taken out. It is recorded when the connection ends.
* While the paper is out, the cover open, the printer offline or in error, a real printer keeps
  incoming bytes in its buffer and prints them once the problem is fixed, or never if it is
  switched off first. The emulator cannot know which, so such bytes count as *held*, never as
  printed: they go to :attr:`held`, not :attr:`jobs`, and stay there.
* ``DLE EOT n`` is answered wherever it appears, as a real printer does, including inside raster
  image data whose bytes happen to read ``10 04 01``. Only n in 1..4 is treated as a query
  (other ``10 04 xx`` pairs stay print data), so a job is recorded 3 bytes short for every such
  accidental match. Printers share this ambiguity; layouts should not depend on it.
* Losing power after n bytes counts those n bytes as printed, then behaves as :meth:`power_off`.
"""

from __future__ import annotations

import atexit
import os
import selectors
import socket
import struct
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Final, Self

from printing.status import DLE_EOT

_READY_BYTE: Final = 0b0001_0010
_GARBAGE_BYTE: Final = 0x00
"""Breaks the fixed bits yet has no condition bit set: a decoder that skips the fixed-bit check
would read it as "ready"."""


@dataclass
class _Session:
    """One connection's (or one serial burst's) bytes, split into printed and held."""

    printed: bytearray = field(default_factory=bytearray)
    held: bytearray = field(default_factory=bytearray)
    pending: bytes = b""
    last_data: float = 0.0


class _Emulator:
    """The printer mechanism and its event loop; subclasses add the wire (socket or pty).

    One daemon thread runs a selector loop; control calls from other threads (power, close)
    are handed to it through a socket pair, so no socket is touched from two threads.
    """

    def __init__(self, name: str) -> None:
        self.name = name
        self.paper_out = False
        self.paper_low = False
        self.cover_open = False
        self.offline = False
        self.error = False
        self.garbage_status = False
        self._powered = True
        self._power_budget: int | None = None
        self._condition = threading.Condition()
        self._jobs: list[bytes] = []
        self._held: list[bytes] = []
        self._selector = selectors.DefaultSelector()
        self._wake_r, self._wake_w = socket.socketpair()
        self._wake_r.setblocking(False)
        self._selector.register(self._wake_r, selectors.EVENT_READ, self._on_wake)
        self._calls: list[Callable[[], None]] = []
        self._stopping = False
        self._closed = False
        self._thread = threading.Thread(target=self._run, name=f"printer-{name}", daemon=True)

    # -- what a test or the demo sees ---------------------------------------------------------

    @property
    def jobs(self) -> list[bytes]:
        """Print data of each finished job, status queries removed (a copy)."""
        with self._condition:
            return list(self._jobs)

    @property
    def held(self) -> list[bytes]:
        """Bytes received while the printer could not print (paper out, cover open, …)."""
        with self._condition:
            return list(self._held)

    @property
    def powered(self) -> bool:
        return self._powered

    def wait_for_jobs(self, count: int, timeout: float) -> list[bytes]:
        """The jobs once at least ``count`` are recorded; :class:`TimeoutError` if they are not."""
        with self._condition:
            if not self._condition.wait_for(lambda: len(self._jobs) >= count, timeout):
                raise TimeoutError(
                    f"Printer {self.name!r} recorded {len(self._jobs)} of {count} jobs "
                    f"within {timeout} s."
                )
            return list(self._jobs)

    def power_off(self) -> None:
        """Drop every connection and stop answering, as a printer switched off at the wall."""
        self._call(self._power_off)

    def power_on(self) -> None:
        self._call(self._power_on)

    def lose_power_after(self, n_bytes: int) -> None:
        """Print ``n_bytes`` more bytes of print data, then lose power in the middle of the job."""
        if n_bytes < 0:
            raise ValueError("n_bytes must not be negative")
        self._power_budget = n_bytes

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Stop the thread and release every socket and descriptor; safe to call twice."""
        if self._closed:
            return
        if self._thread.is_alive():
            self._call(self._shutdown)
            self._thread.join()
        else:
            self._shutdown()
        self._closed = True
        self._selector.close()
        self._wake_r.close()
        self._wake_w.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # -- the mechanism ------------------------------------------------------------------------

    @property
    def _stopped(self) -> bool:
        return self.offline or self.cover_open or self.paper_out or self.error

    def _reply(self, n: int) -> bytes:
        if self.garbage_status:
            return bytes([_GARBAGE_BYTE])
        value = _READY_BYTE
        if n == 1 and self._stopped:
            value |= 0b0000_1000
        elif n == 2:
            value |= (
                (0b0000_0100 if self.cover_open else 0)
                | (0b0010_0000 if self.paper_out else 0)
                | (0b0100_0000 if self.error else 0)
            )
        elif n == 3 and self.error:
            value |= 0b0010_0000
        elif n == 4:
            value |= (0b0000_1100 if self.paper_low or self.paper_out else 0) | (
                0b0110_0000 if self.paper_out else 0
            )
        return bytes([value])

    def _feed(self, session: _Session, data: bytes) -> tuple[bytes, bool]:
        """Split incoming bytes into print data and queries; the replies, and whether the power
        went out on the way."""
        data = session.pending + data
        session.pending = b""
        replies = bytearray()
        start = 0
        while start < len(data):
            found = data.find(DLE_EOT, start)
            if found < 0 or found + 2 >= len(data):
                end = len(data) if found < 0 else found
                if found < 0 and data.endswith(b"\x10"):
                    end -= 1
                session.pending = data[end:]
                return bytes(replies), self._print(session, data[start:end])
            n = data[found + 2]
            is_query = 1 <= n <= 4
            if self._print(session, data[start : found if is_query else found + 2]):
                return bytes(replies), True
            if is_query:
                replies += self._reply(n)
            start = found + 3 if is_query else found + 2
        return bytes(replies), False

    def _print(self, session: _Session, chunk: bytes) -> bool:
        """Take print data; True when the power budget ran out with it."""
        budget = self._power_budget
        lost = budget is not None and bool(chunk) and len(chunk) >= budget
        if budget is not None:
            chunk = chunk[:budget]
            self._power_budget = budget - len(chunk)
        if self._stopped:
            session.held += chunk
        else:
            session.printed += chunk
        if lost:
            self._power_budget = None
        return lost

    def _record(self, session: _Session, *, keep_pending: bool = True) -> None:
        if keep_pending and session.pending:
            self._print(session, session.pending)
            session.pending = b""
        with self._condition:
            if session.printed:
                self._jobs.append(bytes(session.printed))
            if session.held:
                self._held.append(bytes(session.held))
            self._condition.notify_all()

    # -- the loop -----------------------------------------------------------------------------

    def _start(self) -> None:
        self._thread.start()

    def _call(self, function: Callable[[], None]) -> None:
        """Run ``function`` on the loop thread and wait for it (or run it here if this is it)."""
        if self._closed:
            raise RuntimeError(f"Printer emulator {self.name!r} is closed.")
        if threading.current_thread() is self._thread or not self._thread.is_alive():
            function()
            return
        done = threading.Event()
        failure: list[BaseException] = []

        def run() -> None:
            try:
                function()
            except Exception as exc:  # handed back to the calling thread below
                failure.append(exc)
            finally:
                done.set()

        with self._condition:
            self._calls.append(run)
        self._wake_w.send(b"\0")
        if not done.wait(5.0):
            raise RuntimeError(f"Printer emulator {self.name!r} did not respond.")
        if failure:
            raise failure[0]

    def _on_wake(self) -> None:
        with suppress(BlockingIOError):
            self._wake_r.recv(512)
        with self._condition:
            calls, self._calls = self._calls, []
        for call in calls:
            call()

    def _run(self) -> None:
        while not self._stopping:
            for key, _ in self._selector.select(self._tick_timeout()):
                if not self._stopping:
                    key.data()
            self._tick()

    def _tick_timeout(self) -> float | None:
        return None

    def _tick(self) -> None:
        """Periodic work; the serial emulator ends a job here after a quiet gap."""

    def _shutdown(self) -> None:
        self._power_off()
        self._stopping = True

    def _power_off(self) -> None:
        raise NotImplementedError

    def _power_on(self) -> None:
        raise NotImplementedError


class PrinterEmulator(_Emulator):
    """A network receipt printer on 127.0.0.1 (a free port unless ``port`` is given)."""

    host: Final = "127.0.0.1"

    def __init__(self, port: int = 0, *, name: str = "emulator") -> None:
        super().__init__(name)
        self._port = port
        self._listener: socket.socket | None = None
        self._sessions: dict[socket.socket, _Session] = {}
        try:
            self._listen()
        except OSError:
            self.close()
            raise
        self._start()

    @property
    def port(self) -> int:
        return self._port

    @property
    def address(self) -> str:
        """The printer address string that reaches this emulator as a network printer."""
        return f"tcp://{self.host}:{self._port}"

    def _listen(self) -> None:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            if os.name != "nt":  # on Windows this flag would let another socket share the port
                listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind((self.host, self._port))
            listener.listen(8)
            listener.setblocking(False)
        except OSError:
            listener.close()
            raise
        self._port = listener.getsockname()[1]
        self._listener = listener
        self._selector.register(listener, selectors.EVENT_READ, self._on_accept)

    def _on_accept(self) -> None:
        if self._listener is None:
            return
        try:
            connection, _ = self._listener.accept()
        except (BlockingIOError, InterruptedError):
            return
        connection.setblocking(False)
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._sessions[connection] = _Session()
        self._selector.register(connection, selectors.EVENT_READ, lambda: self._on_data(connection))

    def _on_data(self, connection: socket.socket) -> None:
        session = self._sessions.get(connection)
        if session is None:
            return
        try:
            data = connection.recv(65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:
            self._end(connection, abort=False)
            return
        replies, lost = self._feed(session, data)
        if lost:
            self._power_off()
            return
        if replies:
            with suppress(OSError):  # a client that stopped reading misses its answer
                connection.send(replies)

    def _end(self, connection: socket.socket, *, abort: bool) -> None:
        """Close one connection and record its job; ``abort`` resets it as a power cut would."""
        session = self._sessions.pop(connection)
        self._selector.unregister(connection)
        if abort:  # no FIN handshake: the client sees a reset, not an orderly end of job
            linger = struct.pack("HH" if os.name == "nt" else "ii", 1, 0)  # on, 0 s
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        connection.close()
        self._record(session, keep_pending=not abort)

    def _power_off(self) -> None:
        self._powered = False  # before the partial job is recorded and its waiters wake
        if self._listener is not None:
            self._selector.unregister(self._listener)
            self._listener.close()
            self._listener = None
        for connection in list(self._sessions):
            self._end(connection, abort=True)

    def _power_on(self) -> None:
        if self._listener is None:
            self._listen()
        self._powered = True


class SerialPrinterEmulator(_Emulator):
    """A receipt printer on a serial line: the emulator holds the master side of a pty pair and
    :attr:`port` is the slave's path, to be opened as ``serial:/dev/pts/N``.

    POSIX only. The slave stays open here too (in raw mode, so nothing is echoed back as if the
    printer had said it): without it the master would report end-of-file whenever the driver
    closes its side. A job ends after ``job_gap`` seconds without print data.
    """

    def __init__(self, *, name: str = "serial-emulator", job_gap: float = 0.2) -> None:
        if not hasattr(os, "openpty"):
            raise OSError("A serial printer emulator needs a POSIX pseudo-terminal.")
        import tty

        master, slave = os.openpty()
        try:
            tty.setraw(slave)
            os.set_blocking(master, False)
            port = os.ttyname(slave)
        except OSError:
            os.close(master)
            os.close(slave)
            raise
        super().__init__(name)
        self._master, self._slave = master, slave
        self.port: Final = port
        self.job_gap = job_gap
        self._session = _Session()
        self._selector.register(self._master, selectors.EVENT_READ, self._on_data)
        self._start()

    @property
    def address(self) -> str:
        return f"serial:{self.port}?baud=9600"

    def _on_data(self) -> None:
        try:
            data = os.read(self._master, 65536)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:  # EIO: nobody holds the slave; cannot happen while we keep it open
            return
        if not self._powered:
            return
        self._session.last_data = time.monotonic()
        replies, lost = self._feed(self._session, data)
        if lost:
            self._power_off()
            return
        if replies:
            with suppress(OSError):
                os.write(self._master, replies)

    def _has_job(self) -> bool:
        return bool(self._session.printed or self._session.held or self._session.pending)

    def _tick_timeout(self) -> float | None:
        if not self._has_job():
            return None
        return max(0.0, self._session.last_data + self.job_gap - time.monotonic())

    def _tick(self) -> None:
        if self._has_job() and time.monotonic() - self._session.last_data >= self.job_gap:
            self._record(self._session)
            self._session = _Session()

    def _power_off(self) -> None:
        was_on, self._powered = self._powered, False
        if was_on:
            self._record(self._session, keep_pending=False)
            self._session = _Session()

    def _power_on(self) -> None:
        self._powered = True

    def _shutdown(self) -> None:
        super()._shutdown()
        self._selector.unregister(self._master)
        os.close(self._master)
        os.close(self._slave)


_registry: dict[str, PrinterEmulator] = {}
_registry_lock = threading.Lock()


def virtual_printer(name: str) -> PrinterEmulator:
    """The emulator behind ``virtual:NAME``: started on first use, then the same one for the
    life of the process (until closed), so the demo's receipts pile up in one place."""
    with _registry_lock:
        printer = _registry.get(name)
        if printer is None or printer.closed:
            atexit.unregister(close_virtual_printers)  # registered once, however often called
            atexit.register(close_virtual_printers)
            printer = PrinterEmulator(name=name)
            _registry[name] = printer
        return printer


def close_virtual_printers() -> None:
    """Close every registered emulator (at demo exit, or after a test)."""
    with _registry_lock:
        printers = list(_registry.values())
        _registry.clear()
    for printer in printers:
        printer.close()
