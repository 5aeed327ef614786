"""Print jobs over real transports to emulated printers: TCP loopback, a pty pair, files.

Each test talks to a :mod:`printing.emulator` printer over a real socket or pseudo-terminal, so
what is checked is the byte stream and the failure handling a counter terminal would see:
refusing to print onto an empty roll, a printer switched off, power lost in the middle of a job.
Time bounds are loose correctness limits ("gives up within the timeout"), not speed targets.
"""

from __future__ import annotations

import os
import random
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from printing.emulator import (
    PrinterEmulator,
    SerialPrinterEmulator,
    close_virtual_printers,
    virtual_printer,
)
from printing.status import QUERY_PAPER, QUERY_PRINTER, PrinterState
from printing.transports import (
    Delivery,
    PrinterError,
    PrinterLink,
    PrinterProblem,
    deliver,
    open_link,
)

TIMEOUT = 1.0
SLACK = 2.0
WAIT = 5.0  # how long to wait for the emulator to record a job; never reached when all is well


def receipt(size: int, seed: int = 1) -> bytes:
    """Print data of ``size`` bytes that contains no accidental DLE EOT query."""
    return random.Random(seed).randbytes(size).replace(b"\x10", b"\x11")


@pytest.fixture
def printer() -> Iterator[PrinterEmulator]:
    with PrinterEmulator(name="test") as emulator:
        yield emulator


@pytest.fixture
def link(printer: PrinterEmulator) -> Iterator[PrinterLink]:
    with open_link(printer.address, timeout=TIMEOUT) as opened:
        yield opened


@pytest.fixture
def virtual() -> Iterator[None]:
    yield
    close_virtual_printers()


# -- a network printer ------------------------------------------------------------------------


def test_a_job_arrives_exactly_and_the_printer_confirms_it(
    printer: PrinterEmulator, link: PrinterLink
) -> None:
    data = (
        b"\x1b@" + "缴费凭证".encode("gb18030") + b"\x10\x04\x09" + receipt(20_000) + b"\x1dV\x00"
    )
    delivery = deliver(link, data)
    assert delivery.before.state is PrinterState.READY
    assert delivery.after.state is PrinterState.READY
    assert delivery.certain
    assert delivery.size == len(data)
    link.close()
    assert printer.wait_for_jobs(1, WAIT) == [data]
    assert printer.held == []


def test_each_connection_is_one_job(printer: PrinterEmulator) -> None:
    for n in range(3):
        with open_link(printer.address, timeout=TIMEOUT) as link:
            deliver(link, receipt(100, seed=n))
    assert printer.wait_for_jobs(3, WAIT) == [receipt(100, seed=n) for n in range(3)]


def test_status_queries_mid_stream_are_answered_and_not_printed(printer: PrinterEmulator) -> None:
    """A query split over two TCP segments still counts; DLE EOT 9 is print data."""
    with socket.create_connection((printer.host, printer.port), timeout=TIMEOUT) as sock:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.sendall(b"abc" + QUERY_PRINTER + b"def\x10")
        assert sock.recv(1) == b"\x12"
        sock.sendall(b"\x04")
        time.sleep(0.02)  # let the half query arrive alone (correct either way)
        sock.sendall(b"\x04ghi\x10\x04\x09")
        assert sock.recv(1) == b"\x12"
    assert printer.wait_for_jobs(1, WAIT) == [b"abcdefghi\x10\x04\x09"]


@pytest.mark.parametrize(
    ("condition", "problem", "words"),
    [
        ("paper_out", PrinterProblem.PAPER_OUT, "paper"),
        ("cover_open", PrinterProblem.COVER_OPEN, "cover"),
        ("offline", PrinterProblem.OFFLINE, "offline"),
        ("error", PrinterProblem.IO_ERROR, "error"),
    ],
)
def test_a_printer_that_cannot_print_gets_nothing(
    printer: PrinterEmulator, link: PrinterLink, condition: str, problem: PrinterProblem, words: str
) -> None:
    setattr(printer, condition, True)
    with pytest.raises(PrinterError) as caught:
        deliver(link, b"first receipt")
    assert caught.value.problem is problem
    assert words in caught.value.message
    assert "Nothing was sent" in caught.value.message
    assert not caught.value.partial
    # Once fixed, the same connection prints; had the first job been sent it would show here.
    setattr(printer, condition, False)
    assert deliver(link, b"second receipt").certain
    link.close()
    assert printer.wait_for_jobs(1, WAIT) == [b"second receipt"]
    assert printer.held == []


def test_bytes_sent_while_the_paper_is_out_are_held_not_printed(
    printer: PrinterEmulator, link: PrinterLink
) -> None:
    printer.paper_out = True
    link.send(b"stuck in the buffer")
    assert link.status().state is PrinterState.PAPER_OUT
    link.close()
    with open_link(printer.address, timeout=TIMEOUT) as other:
        printer.paper_out = False
        deliver(other, b"after the new roll")
    printer.wait_for_jobs(1, WAIT)
    assert printer.jobs == [b"after the new roll"]
    assert printer.held == [b"stuck in the buffer"]


def test_paper_low_prints_with_a_warning(printer: PrinterEmulator, link: PrinterLink) -> None:
    printer.paper_low = True
    delivery = deliver(link, b"receipt")
    assert delivery.certain
    assert delivery.before.paper_low
    assert "nearly" in delivery.after.detail


def test_garbled_status_is_never_ready(printer: PrinterEmulator, link: PrinterLink) -> None:
    printer.garbage_status = True
    status = link.status()
    assert status.state is PrinterState.ERROR
    assert "not an ESC/POS status byte" in status.detail
    with pytest.raises(PrinterError) as caught:
        deliver(link, b"receipt")
    assert caught.value.problem is PrinterProblem.IO_ERROR


def test_a_printer_switched_off_is_unreachable_within_the_timeout(
    printer: PrinterEmulator,
) -> None:
    printer.power_off()
    started = time.monotonic()
    with pytest.raises(PrinterError) as caught:
        open_link(printer.address, timeout=TIMEOUT)
    assert time.monotonic() - started < TIMEOUT + SLACK
    assert caught.value.problem is PrinterProblem.UNREACHABLE
    assert printer.address in caught.value.message
    assert "switched on" in caught.value.message


def test_switched_off_while_connected_refuses_without_sending(
    printer: PrinterEmulator, link: PrinterLink
) -> None:
    printer.power_off()
    with pytest.raises(PrinterError) as caught:
        deliver(link, b"receipt")
    assert caught.value.problem is PrinterProblem.UNREACHABLE
    assert not caught.value.partial
    assert link.status().state is PrinterState.UNREACHABLE


def test_losing_power_mid_job_is_never_taken_for_printed(printer: PrinterEmulator) -> None:
    data = receipt(200_000)
    printer.lose_power_after(1000)
    started = time.monotonic()
    outcome: Delivery | PrinterError
    with open_link(printer.address, timeout=TIMEOUT) as link:
        try:
            outcome = deliver(link, data)
        except PrinterError as error:
            outcome = error
    if isinstance(outcome, PrinterError):  # the connection broke while sending
        assert outcome.partial
        assert outcome.problem in {PrinterProblem.UNREACHABLE, PrinterProblem.IO_ERROR}
        assert "may have printed" in outcome.message
    else:  # everything was handed over before the reset; the question afterwards failed
        assert not outcome.certain
        assert outcome.after.state is PrinterState.UNREACHABLE
        assert "may have lost the job" in outcome.detail
    assert time.monotonic() - started < 2 * TIMEOUT + SLACK
    assert printer.wait_for_jobs(1, WAIT) == [data[:1000]]
    assert not printer.powered

    printer.power_on()
    with open_link(printer.address, timeout=TIMEOUT) as link:
        assert deliver(link, b"reprint").certain
    assert printer.wait_for_jobs(2, WAIT)[1] == b"reprint"


def test_a_printer_that_never_answers(tmp_path: Path) -> None:
    """A device that takes the connection but ignores DLE EOT (a clone, a print server)."""
    with socket.create_server(("127.0.0.1", 0)) as server:
        address = f"tcp://127.0.0.1:{server.getsockname()[1]}"
        with open_link(address, timeout=0.5) as link:
            started = time.monotonic()
            status = link.status()
            assert time.monotonic() - started < 0.5 + SLACK
            assert status.state is PrinterState.UNREACHABLE
            assert "did not answer within 0.5 s" in status.detail
        with open_link(address, timeout=0.5, read_status=False) as link:
            delivery = deliver(link, b"on trust")
            assert delivery.after.state is PrinterState.UNKNOWN
            assert not delivery.certain
            connection, _ = server.accept()  # the first connection, its query unanswered
            connection.close()
            connection, _ = server.accept()
            with connection:
                connection.settimeout(WAIT)
                assert connection.recv(100) == b"on trust"


def test_a_late_reply_is_not_taken_for_the_next_answer(printer: PrinterEmulator) -> None:
    """Replies that arrive after a query timed out are drained before the next question."""
    with open_link(printer.address, timeout=TIMEOUT) as link:
        link.send(QUERY_PAPER * 3)  # three replies the link never reads
        printer.offline = True
        assert link.status().state is PrinterState.OFFLINE


# -- other transports -------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a POSIX pseudo-terminal")
def test_serial_printer_on_a_pty() -> None:
    data = receipt(5_000)
    with SerialPrinterEmulator(job_gap=0.1) as printer:
        with open_link(f"serial:{printer.port}?baud=115200", timeout=0.5) as link:
            delivery = deliver(link, data)
            assert delivery.certain
        assert printer.wait_for_jobs(1, WAIT) == [data]

        printer.paper_out = True
        with open_link(printer.address, timeout=0.5) as link:
            with pytest.raises(PrinterError) as caught:
                deliver(link, b"no paper")
            assert caught.value.problem is PrinterProblem.PAPER_OUT

            printer.paper_out = False
            printer.power_off()
            started = time.monotonic()
            assert link.status().state is PrinterState.UNREACHABLE
            assert time.monotonic() - started < 0.5 + SLACK

            printer.power_on()
            assert deliver(link, b"back on").certain
        assert printer.wait_for_jobs(2, WAIT)[1] == b"back on"


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a POSIX pseudo-terminal")
def test_serial_port_that_does_not_exist(tmp_path: Path) -> None:
    missing = tmp_path / "ttyUSB9"
    with pytest.raises(PrinterError) as caught:
        open_link(f"serial:{missing}", timeout=TIMEOUT)
    assert caught.value.problem is PrinterProblem.UNREACHABLE
    assert str(missing) in caught.value.message


def test_file_transport_writes_the_bytes(tmp_path: Path) -> None:
    path = tmp_path / "receipt.bin"
    data = receipt(10_000)
    with open_link(f"file:{path}", timeout=TIMEOUT) as link:
        assert not link.can_read_status
        delivery = deliver(link, data)
    assert path.read_bytes() == data
    assert delivery.before.state is PrinterState.UNKNOWN
    assert not delivery.certain
    assert "cannot confirm" in delivery.detail


def test_file_in_a_missing_directory(tmp_path: Path) -> None:
    path = tmp_path / "no such dir" / "receipt.bin"
    with pytest.raises(PrinterError) as caught:
        open_link(f"file:{path}", timeout=TIMEOUT)
    assert caught.value.problem is PrinterProblem.IO_ERROR
    assert str(path) in caught.value.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_device_that_stops_taking_data_times_out(tmp_path: Path) -> None:
    """A pipe nobody empties stands in for a stalled /dev/usb/lp0."""
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)
    with pytest.raises(PrinterError) as caught:
        open_link(f"file:{fifo}", timeout=0.5)  # no reader: like a printer unplugged
    assert caught.value.problem is PrinterProblem.UNREACHABLE

    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    try:
        with open_link(f"file:{fifo}", timeout=0.5) as link:
            started = time.monotonic()
            with pytest.raises(PrinterError) as caught:
                link.send(receipt(1_000_000))
            assert time.monotonic() - started < 0.5 + SLACK
    finally:
        os.close(reader)
    assert caught.value.problem is PrinterProblem.TIMEOUT
    assert caught.value.partial


@pytest.mark.skipif(sys.platform == "win32", reason="win32 printers work on Windows")
def test_windows_printer_is_not_supported_here() -> None:
    with pytest.raises(PrinterError) as caught:
        open_link("win32:POS-80", timeout=TIMEOUT)
    assert caught.value.problem is PrinterProblem.NOT_SUPPORTED
    assert "pywin32" in caught.value.message
    assert "win32:POS-80" in caught.value.message


def test_usb_without_pyusb_is_not_supported() -> None:
    from escpos.printer import Usb

    if Usb.is_usable():
        pytest.skip("pyusb is installed")
    with pytest.raises(PrinterError) as caught:
        open_link("usb:04b8:0202", timeout=TIMEOUT)
    assert caught.value.problem is PrinterProblem.NOT_SUPPORTED
    assert "pyusb" in caught.value.message


def test_a_bad_address_is_a_printer_error() -> None:
    with pytest.raises(PrinterError) as caught:
        open_link("lpt:1", timeout=TIMEOUT)
    assert caught.value.problem is PrinterProblem.BAD_ADDRESS
    assert "'lpt:1'" in caught.value.message


@pytest.mark.usefixtures("virtual")
def test_virtual_printer_round_trip() -> None:
    with open_link("virtual:test-hall", timeout=TIMEOUT) as link:
        assert deliver(link, b"demo receipt").certain
    emulator = virtual_printer("test-hall")
    assert virtual_printer("test-hall") is emulator
    assert emulator.wait_for_jobs(1, WAIT) == [b"demo receipt"]

    emulator.power_off()
    with pytest.raises(PrinterError) as caught:
        open_link("virtual:test-hall", timeout=TIMEOUT)
    assert caught.value.problem is PrinterProblem.UNREACHABLE
    assert "virtual:test-hall" in caught.value.message
