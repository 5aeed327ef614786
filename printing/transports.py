"""How a print job reaches a receipt printer, and how sure we are that it got there.

A :class:`PrinterLink` is one open connection to one printer. The wire itself is python-escpos's
printer classes (``Network``, ``Serial``, ``File``, ``Usb``, ``Win32Raw``): bytes go out through
their ``_raw`` and status replies come back through their ``_read``. What this module adds is
what a counter needs from a printer that might be switched off, out of paper or unplugged:

* **Bounded waits.** python-escpos waits 60 s to connect to a network printer, 1 s on serial
  reads, forever on USB and on serial writes. Here every connect, write and read is bounded by
  the link's ``timeout``. Writes go in chunks and the bound applies to each chunk, so a long
  job with a logo on a slow serial line is not cut off while it is still flowing; what the
  timeout catches is a printer that has *stopped* taking data.
* **One kind of failure.** Everything that goes wrong is a :class:`PrinterError` with a
  :class:`PrinterProblem` (the UI turns it into a translated sentence) and an English message.
* **Honest uncertainty.** :func:`deliver` checks the status before sending (and sends nothing to
  a printer that cannot print), then asks again after the last byte. Only a ready reply to that
  second question makes a :class:`Delivery` ``certain``. A network printer switched off in the
  middle of a job can lose it without a word (python-escpos issue #253), and the Windows spooler
  reports success even when the printer is unplugged, so "the bytes left this computer" is never
  taken to mean "the receipt printed": the queue asks the clerk instead.
"""

from __future__ import annotations

import abc
import enum
import errno
import os
import re
import select
import socket
import stat
import time
from contextlib import suppress
from dataclasses import dataclass
from typing import Any, Final, Self

import serial
from escpos.exceptions import DeviceNotFoundError
from escpos.printer import File, Network, Serial, Usb, Win32Raw

from printing.address import (
    AddressError,
    FileAddress,
    PrinterAddress,
    SerialAddress,
    TcpAddress,
    UsbAddress,
    VirtualAddress,
    Win32Address,
    parse_address,
)
from printing.emulator import virtual_printer
from printing.status import (
    QUERY_OFFLINE_CAUSE,
    QUERY_PAPER,
    QUERY_PRINTER,
    READY_STATES,
    PrinterState,
    PrinterStatus,
    decode_status,
    is_status_byte,
    unknown,
    unreachable,
)

_QUERY: Final = re.compile(rb"\x10\x04[\x01-\x04]")
"""A real-time status query as the printer sees it, wherever it is in the data."""
_CHUNK: Final = 4096
_SERIAL_POLL: Final = 0.02
"""Serial read timeout per ``_read`` call: python-escpos asks for 16 bytes and pyserial waits
the whole timeout for them, so a short one lets a 1-byte status reply through promptly."""


class PrinterProblem(enum.Enum):
    BAD_ADDRESS = "bad_address"
    UNREACHABLE = "unreachable"
    TIMEOUT = "timeout"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    NOT_SUPPORTED = "not_supported"
    IO_ERROR = "io_error"
    """Includes a printer that reports a fault or answers with something that is not a status."""


class PrinterError(Exception):
    """A print job that could not be (fully) delivered.

    ``partial`` is True when sending had started: some bytes may have reached the printer and
    part of the receipt may be on paper, so the job must not be silently repeated. When it is
    False nothing was sent and a retry cannot print twice.
    """

    def __init__(self, problem: PrinterProblem, message: str, *, partial: bool = False) -> None:
        super().__init__(message)
        self.problem = problem
        self.message = message
        self.partial = partial


PROBLEM_OF_STATE: Final = {
    PrinterState.PAPER_OUT: PrinterProblem.PAPER_OUT,
    PrinterState.COVER_OPEN: PrinterProblem.COVER_OPEN,
    PrinterState.OFFLINE: PrinterProblem.OFFLINE,
    PrinterState.ERROR: PrinterProblem.IO_ERROR,
    PrinterState.UNREACHABLE: PrinterProblem.UNREACHABLE,
}


class PrinterLink(abc.ABC):
    """An open connection to one printer; close it (or use ``with``) when done.

    ``timeout`` bounds each wait: the connect, each chunk written, one :meth:`status` call.
    After a failed send the link is broken: further sends fail and :meth:`status` says
    UNREACHABLE, and the caller should open a new link.
    """

    can_read_status: bool = True

    def __init__(self, address: PrinterAddress, timeout: float) -> None:
        self.address = address
        self.timeout = timeout

    @abc.abstractmethod
    def send(self, data: bytes) -> None: ...

    @abc.abstractmethod
    def status(self) -> PrinterStatus: ...

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


class _EscposLink(PrinterLink):
    """A link over a python-escpos printer object: chunked sends, DLE EOT status queries."""

    def __init__(self, address: PrinterAddress, timeout: float, printer: Any) -> None:
        super().__init__(address, timeout)
        self._printer = printer
        self._broken = False
        self._inbox = bytearray()
        self._owed = 0
        self.chunk = _CHUNK

    def send(self, data: bytes) -> None:
        if self._broken:
            raise PrinterError(
                PrinterProblem.UNREACHABLE, f"{self.address}: the link failed earlier; reopen it."
            )
        sent = 0
        try:
            for start in range(0, len(data), self.chunk):
                self._printer._raw(data[start : start + self.chunk])
                sent = min(len(data), start + self.chunk)
            self._owed += len(_QUERY.findall(data))
        except (OSError, DeviceNotFoundError) as exc:  # pyserial's and pyusb's are OSErrors
            self._broken = True
            raise PrinterError(
                _problem_of(exc),
                f"{self.address}: {_reason(exc)} after {sent} of {len(data)} bytes were handed "
                "over; part of the job may have printed.",
                partial=True,
            ) from exc

    def status(self) -> PrinterStatus:
        if not self.can_read_status:
            return unknown(f"{self.address} cannot report its status.")
        if self._broken:
            return unreachable(f"{self.address}: the link failed earlier.")
        deadline = time.monotonic() + self.timeout
        try:
            self._drain(deadline)
            printer = self._ask(QUERY_PRINTER, deadline)
            if printer is None:
                return unreachable(f"{self.address} did not answer within {self.timeout:g} s.")
            if not is_status_byte(printer):
                return decode_status(printer)
            paper = self._ask(QUERY_PAPER, deadline)
            cause = self._ask(QUERY_OFFLINE_CAUSE, deadline) if printer & 0b1000 else None
        except (OSError, DeviceNotFoundError) as exc:  # never raises: it answers UNREACHABLE
            self._broken = True
            return unreachable(f"{self.address}: {_reason(exc)}.")
        return decode_status(printer, cause, paper)

    def _ask(self, query: bytes, deadline: float) -> int | None:
        """Send one DLE EOT query; its one-byte reply, or None when none came by ``deadline``."""
        self._printer._raw(query)
        while not self._inbox and time.monotonic() < deadline:
            self._inbox += self._read_some(deadline)
        if not self._inbox:
            return None
        return self._inbox.pop(0)

    def _drain(self, deadline: float) -> None:
        """Forget replies nobody asked for now: late ones to an earlier question, and those to
        ``10 04 n`` that happened to be in sent data (raster images), which the printer answers.

        The latter are counted when sent and awaited here for up to half the time left, so they
        cannot arrive in the middle of the next question and be taken for its answer.
        """
        owed, self._owed = self._owed, 0
        until = time.monotonic() + (deadline - time.monotonic()) / 2
        got = len(self._inbox) + len(self._discard_waiting())
        while got < owed and time.monotonic() < until:
            got += len(self._read_some(until))
        self._inbox.clear()
        self._discard_waiting()

    def _discard_waiting(self) -> bytes:
        """Whatever has arrived and not been read, read now without waiting."""
        return b""

    @abc.abstractmethod
    def _read_some(self, deadline: float) -> bytes:
        """Whatever arrives by ``deadline`` (may be empty); raises when the link is gone."""

    def close(self) -> None:
        self._printer.close()


class _NetworkLink(_EscposLink):
    """A network printer (or the emulator), over python-escpos ``Network``.

    The socket is connected here, not by ``Network.open``, so the connect timeout is ours and a
    failed connect does not leave a half-made socket behind.
    """

    def __init__(self, address: PrinterAddress, timeout: float, host: str, port: int) -> None:
        try:
            sock = socket.create_connection((host, port), timeout=timeout)
        except socket.gaierror as exc:
            raise PrinterError(
                PrinterProblem.UNREACHABLE, f"{address}: cannot find host {host!r} ({exc})."
            ) from exc
        except OSError as exc:
            why = f"no answer within {timeout:g} s" if isinstance(exc, TimeoutError) else exc
            raise PrinterError(
                PrinterProblem.UNREACHABLE,
                f"{address}: cannot connect to {host}:{port} ({_reason(why)}). "
                "Is the printer switched on and on the network?",
            ) from exc
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        printer = Network(host=host, port=port, timeout=timeout)
        printer.device = sock
        super().__init__(address, timeout, printer)
        self._socket = sock

    def _read_some(self, deadline: float) -> bytes:
        self._socket.settimeout(max(0.001, deadline - time.monotonic()))
        try:
            data: bytes = self._printer._read()
        except TimeoutError:
            return b""
        finally:
            self._socket.settimeout(self.timeout)
        if not data:
            raise ConnectionResetError("the printer closed the connection")
        return data

    def _discard_waiting(self) -> bytes:
        waiting = bytearray()
        self._socket.setblocking(False)
        try:
            while chunk := self._printer._read():
                waiting += chunk
            raise ConnectionResetError("the printer closed the connection")
        except BlockingIOError:
            return bytes(waiting)
        finally:
            self._socket.settimeout(self.timeout)


class _SerialLink(_EscposLink):
    """A printer on a COM port or tty, over python-escpos ``Serial`` with a pyserial port
    opened here (python-escpos sets no write timeout and knows no RTS/CTS)."""

    def __init__(self, address: SerialAddress, timeout: float) -> None:
        try:
            port = serial.Serial(
                port=address.port,
                baudrate=address.baud,
                bytesize=address.bytesize,
                parity=address.parity,
                stopbits=address.stopbits,
                rtscts=address.rtscts,
                dsrdtr=address.dsrdtr,
                xonxoff=address.xonxoff,
                timeout=_SERIAL_POLL,
                write_timeout=timeout,
            )
        except (ValueError, serial.SerialException) as exc:
            raise PrinterError(
                PrinterProblem.UNREACHABLE, f"{address}: cannot open {address.port} ({exc})."
            ) from exc
        printer = Serial(devfile=address.port, baudrate=address.baud, timeout=_SERIAL_POLL)
        printer.device = port
        super().__init__(address, timeout, printer)
        self._port = port
        # About half the timeout's worth of bytes at this rate (10 bits a byte on the wire).
        self.chunk = max(16, min(_CHUNK, int(address.baud / 10 * timeout / 2)))

    def _read_some(self, deadline: float) -> bytes:  # noqa: ARG002 (the 20 ms poll is shorter)
        data: bytes = self._printer._read()
        return data

    def _discard_waiting(self) -> bytes:
        waiting: bytes = self._port.read(self._port.in_waiting)
        return waiting

    def close(self) -> None:
        # Not Serial.close: its flush() waits without limit for a printer holding the handshake.
        self._printer.device = False
        self._port.close()


class _UsbLink(_EscposLink):
    """A printer on USB through pyusb (libusb), over python-escpos ``Usb``; timeouts in ms."""

    def __init__(self, address: UsbAddress, timeout: float) -> None:
        if address.interface != 0:
            raise PrinterError(
                PrinterProblem.NOT_SUPPORTED,
                f"{address}: python-escpos claims USB interface 0 only; this printer needs "
                f"interface {address.interface}. Use its serial or network port instead.",
            )
        millis = max(1, int(timeout * 1000))
        printer = Usb(address.vendor_id, address.product_id, {}, millis, address.in_ep,
                      address.out_ep)  # fmt: skip
        try:
            printer.open()
        except (DeviceNotFoundError, OSError) as exc:
            raise PrinterError(
                PrinterProblem.UNREACHABLE, f"{address}: {_reason(exc)} Is it plugged in?"
            ) from exc
        printer.device.default_timeout = millis  # _read passes none: bound it here
        super().__init__(address, timeout, printer)

    def _read_some(self, deadline: float) -> bytes:  # noqa: ARG002 (bounded by default_timeout)
        try:
            return bytes(self._printer._read())
        except OSError as exc:  # pyusb's USBTimeoutError is an OSError with ETIMEDOUT
            if exc.errno == errno.ETIMEDOUT or type(exc).__name__ == "USBTimeoutError":
                return b""
            raise


class _FileLink(_EscposLink):
    """A device file or plain file, over python-escpos ``File``. It cannot read status.

    Device files and pipes are written without blocking, so a printer that stops taking data
    (a stalled ``/dev/usb/lp0``) fails with TIMEOUT instead of hanging the print queue. On
    Windows (``LPT1``, a file) writes block as the system decides.
    """

    can_read_status = False

    def __init__(self, address: FileAddress, timeout: float) -> None:
        try:
            writer = _DeadlineWriter(address.path, timeout)
        except OSError as exc:
            gone = exc.errno in (errno.ENXIO, errno.ENODEV)
            raise PrinterError(
                PrinterProblem.UNREACHABLE if gone else PrinterProblem.IO_ERROR,
                f"{address}: cannot open {address.path} ({_reason(exc)}).",
            ) from exc
        printer = File(devfile=address.path)
        printer.device = writer
        super().__init__(address, timeout, printer)

    def _read_some(self, deadline: float) -> bytes:
        raise NotImplementedError  # never called: can_read_status is False


class _DeadlineWriter:
    """The file object handed to ``File``: every ``write`` gives up after ``timeout`` s."""

    def __init__(self, path: str, timeout: float) -> None:
        self.timeout = timeout
        flags = os.O_WRONLY | getattr(os, "O_BINARY", 0)
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            mode = 0
        self.nonblocking = hasattr(os, "O_NONBLOCK") and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode))
        if self.nonblocking:
            flags |= os.O_NONBLOCK
        elif not stat.S_ISCHR(mode):
            flags |= os.O_CREAT | os.O_TRUNC
        self.fd = os.open(path, flags, 0o644)

    def write(self, data: bytes) -> int:
        view = memoryview(data)
        deadline = time.monotonic() + self.timeout
        while view:
            with suppress(BlockingIOError):
                view = view[os.write(self.fd, view) :]
            remaining = deadline - time.monotonic()
            if view and remaining <= 0:
                raise TimeoutError(f"the device took no data for {self.timeout:g} s")
            if view and self.nonblocking:
                select.select([], [self.fd], [], remaining)
        return len(data)

    def flush(self) -> None:
        """Nothing is buffered here: ``os.write`` hands bytes straight to the system."""

    def close(self) -> None:
        os.close(self.fd)


class _Win32Link(PrinterLink):
    """A printer installed in Windows, over python-escpos ``Win32Raw``; one spooler job per send.

    It cannot read status, and the spooler accepts a job (and reports success) even when the
    printer is unplugged or switched off; the job just waits in the queue. So deliveries through
    it are never ``certain``. The spooler calls only queue the job and return promptly, so there
    is no wait here to bound.
    """

    can_read_status = False

    def __init__(self, address: Win32Address, timeout: float) -> None:
        super().__init__(address, timeout)
        self._name = address.printer_name

    def send(self, data: bytes) -> None:
        try:
            printer = Win32Raw(self._name)
            printer.open(job_name="CounterDesk receipt")
        except Exception as exc:  # DeviceNotFoundError, pywintypes.error
            raise PrinterError(
                PrinterProblem.UNREACHABLE, f"{self.address}: {_reason(exc)}"
            ) from exc
        try:
            try:
                printer._raw(data)
            finally:
                printer.close()  # EndDocPrinter: only now does the spooler take the job
        except Exception as exc:  # pywintypes.error is not an OSError
            raise PrinterError(
                PrinterProblem.IO_ERROR, f"{self.address}: {_reason(exc)}", partial=True
            ) from exc

    def status(self) -> PrinterStatus:
        return unknown(f"{self.address}: the Windows spooler does not report printer status.")

    def close(self) -> None:
        """Nothing stays open between jobs."""


def open_link(
    address: PrinterAddress | str, *, timeout: float, read_status: bool = True
) -> PrinterLink:
    """A connected link to the printer at ``address``; :class:`PrinterError` if there is none.

    ``read_status=False`` is for printers that ignore DLE EOT (some clones): their links report
    UNKNOWN and print on trust instead of being refused as unreachable.
    """
    if timeout <= 0:
        raise ValueError("timeout must be positive")
    if isinstance(address, str):
        try:
            address = parse_address(address)
        except AddressError as exc:
            raise PrinterError(PrinterProblem.BAD_ADDRESS, str(exc)) from exc
    link = _open(address, timeout)
    if not read_status:
        link.can_read_status = False
    return link


def _open(address: PrinterAddress, timeout: float) -> PrinterLink:
    if isinstance(address, TcpAddress):
        return _NetworkLink(address, timeout, address.host, address.port)
    if isinstance(address, VirtualAddress):
        emulator = virtual_printer(address.name)
        return _NetworkLink(address, timeout, emulator.host, emulator.port)
    if isinstance(address, SerialAddress):
        return _SerialLink(address, timeout)
    if isinstance(address, FileAddress):
        return _FileLink(address, timeout)
    if isinstance(address, Win32Address):
        if not Win32Raw.is_usable():
            raise PrinterError(
                PrinterProblem.NOT_SUPPORTED,
                f"{address}: printing to a Windows printer needs Windows and the pywin32 "
                "package (win32print), which this computer does not have.",
            )
        return _Win32Link(address, timeout)
    if isinstance(address, UsbAddress):
        if not Usb.is_usable():
            raise PrinterError(
                PrinterProblem.NOT_SUPPORTED,
                f"{address}: printing over USB needs the pyusb package and libusb, which are not "
                "installed. Install them, or use the printer's serial, network or Windows port.",
            )
        return _UsbLink(address, timeout)
    raise PrinterError(PrinterProblem.BAD_ADDRESS, f"{address}: no transport for this address.")


@dataclass(frozen=True)
class Delivery:
    """What :func:`deliver` knows after sending: the status before and after the job.

    ``certain`` is True only when the printer, asked after the last byte, answered that it is
    ready: it holds the whole job and nothing stops it printing. Otherwise ``after`` says why
    not: UNREACHABLE (the connection dropped or the printer went quiet: it may have lost the
    job), UNKNOWN (a file or the Windows spooler: no way to know), or a printer condition such
    as PAPER_OUT that struck during the job (the end of it may wait in the printer's buffer).
    """

    size: int
    before: PrinterStatus
    after: PrinterStatus

    @property
    def certain(self) -> bool:
        return self.after.state in READY_STATES

    @property
    def blind(self) -> bool:
        """The transport cannot read status (a file, the Windows spooler): it prints on trust."""
        return self.after.state is PrinterState.UNKNOWN

    @property
    def problem(self) -> PrinterProblem:
        """Why an uncertain delivery is uncertain (UNREACHABLE when the printer went quiet)."""
        return PROBLEM_OF_STATE.get(self.after.state, PrinterProblem.UNREACHABLE)

    @property
    def status(self) -> PrinterStatus:
        """The printer's status as last seen (after the job)."""
        return self.after

    @property
    def detail(self) -> str:
        if self.certain:
            return f"The printer took all {self.size} bytes and is ready."
        if self.after.state is PrinterState.UNKNOWN:
            return f"{self.size} bytes were sent; this printer cannot confirm that it printed."
        return (
            f"{self.size} bytes were sent, then: {self.after.detail} "
            "The printer may have lost the job."
        )


def deliver(link: PrinterLink, data: bytes) -> Delivery:
    """Send one job, refusing (and sending nothing) when the printer says it cannot print."""
    before = link.status()
    problem = PROBLEM_OF_STATE.get(before.state)
    if problem is not None:
        raise PrinterError(problem, f"{before.detail} Nothing was sent.")
    link.send(data)
    return Delivery(len(data), before, link.status())


def _problem_of(exc: BaseException) -> PrinterProblem:
    if isinstance(exc, TimeoutError | serial.SerialTimeoutException):
        return PrinterProblem.TIMEOUT
    if isinstance(exc, ConnectionError | DeviceNotFoundError | serial.SerialException):
        return PrinterProblem.UNREACHABLE
    return PrinterProblem.IO_ERROR


def _reason(exc: BaseException | str) -> str:
    if isinstance(exc, str):
        return exc
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.rstrip(".")
    return str(exc).strip().replace("\n", " ") or type(exc).__name__
