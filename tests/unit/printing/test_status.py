"""DLE EOT status bytes decoded bit by bit; a byte that breaks the fixed bits is never ready."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from printing.status import (
    ERROR_STATES,
    READY_STATES,
    PrinterState,
    decode_status,
    is_status_byte,
)

OK = 0x12  # fixed bits only: bit 1 and bit 4 set
OFFLINE = OK | 0x08


def test_fixed_bits_alone_are_ready() -> None:
    status = decode_status(OK, None, OK)
    assert status.state is PrinterState.READY
    assert status.ready
    assert not status.paper_low


def test_offline_bit_of_the_printer_status() -> None:
    status = decode_status(OFFLINE, OK, OK)
    assert status.state is PrinterState.OFFLINE
    assert "offline" in status.detail


def test_offline_without_a_cause_reply() -> None:
    assert decode_status(OFFLINE).state is PrinterState.OFFLINE


@pytest.mark.parametrize(
    ("cause_bit", "state", "words"),
    [
        (0x04, PrinterState.COVER_OPEN, "cover"),
        (0x08, PrinterState.OFFLINE, "FEED"),
        (0x20, PrinterState.PAPER_OUT, "paper"),
        (0x40, PrinterState.ERROR, "error"),
    ],
)
def test_each_offline_cause_bit(cause_bit: int, state: PrinterState, words: str) -> None:
    status = decode_status(OFFLINE, OK | cause_bit, OK)
    assert status.state is state
    assert words in status.detail


@pytest.mark.parametrize("sensor_bits", [0x20, 0x40, 0x60])
def test_paper_end_bits_of_the_roll_sensor(sensor_bits: int) -> None:
    """Either bit of the pair counts: some printers set only one (python-escpos misreads them)."""
    status = decode_status(OFFLINE, OK, OK | sensor_bits)
    assert status.state is PrinterState.PAPER_OUT


@pytest.mark.parametrize("sensor_bits", [0x04, 0x08, 0x0C])
def test_near_end_bits_only_warn(sensor_bits: int) -> None:
    status = decode_status(OK, None, OK | sensor_bits)
    assert status.state is PrinterState.READY
    assert status.paper_low
    assert "nearly" in status.detail


def test_paper_end_on_an_online_printer_still_stops_printing() -> None:
    assert decode_status(OK, None, OK | 0x6C).state is PrinterState.PAPER_OUT


def test_the_cover_wins_over_the_paper() -> None:
    """Both wrong: the clerk closes the cover first; the detail still names both."""
    status = decode_status(OFFLINE, OK | 0x04 | 0x20, OK | 0x6C)
    assert status.state is PrinterState.COVER_OPEN
    assert status.paper_low
    assert "cover" in status.detail
    assert "paper" in status.detail


def test_ignored_bits_do_not_matter() -> None:
    """Drawer pin (n=1 bit 2) and the panel button (bit 6) say nothing about printing."""
    assert decode_status(OK | 0x04 | 0x40, None, OK).state is PrinterState.READY


@pytest.mark.parametrize("garbage", [0x00, 0x01, 0x10, 0x02, 0x13, 0x92, 0xFF, 0x80 | OK])
@pytest.mark.parametrize("position", [0, 1, 2])
def test_garbage_in_any_reply_is_an_error(garbage: int, position: int) -> None:
    replies = [OK, OK, OK]
    replies[position] = garbage
    status = decode_status(*replies)
    assert status.state is PrinterState.ERROR
    assert f"0x{garbage:02X}" in status.detail


@given(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255))
def test_a_byte_breaking_the_fixed_bits_is_never_ready(
    printer: int, cause: int, paper: int
) -> None:
    status = decode_status(printer, cause, paper)
    if not all(is_status_byte(value) for value in (printer, cause, paper)):
        assert status.state is PrinterState.ERROR
    assert (status.state in READY_STATES) != (status.state in ERROR_STATES)


def test_is_status_byte() -> None:
    assert is_status_byte(0x12)
    assert is_status_byte(0x12 | 0x6C)
    assert not is_status_byte(0x13)
    assert not is_status_byte(0x92)
    assert not is_status_byte(0x10)
    assert not is_status_byte(0x02)


def test_unknown_is_neither_ready_nor_an_error() -> None:
    """A blind transport prints on trust: it must not be refused like an error state."""
    assert PrinterState.UNKNOWN not in READY_STATES
    assert PrinterState.UNKNOWN not in ERROR_STATES
    assert set(PrinterState) == READY_STATES | ERROR_STATES | {PrinterState.UNKNOWN}
