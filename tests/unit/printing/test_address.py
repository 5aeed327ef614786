"""Printer address strings: every form parses to its fields and back; typos say how to fix them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from printing.address import (
    BAUD_RATES,
    FORMS,
    AddressError,
    FileAddress,
    PrinterAddress,
    Scheme,
    SerialAddress,
    TcpAddress,
    UsbAddress,
    VirtualAddress,
    Win32Address,
    parse_address,
)


@pytest.mark.parametrize(
    ("text", "expected", "canonical"),
    [
        ("tcp://192.168.1.50", TcpAddress("192.168.1.50", 9100), "tcp://192.168.1.50:9100"),
        ("tcp://192.168.1.50:9100", TcpAddress("192.168.1.50"), "tcp://192.168.1.50:9100"),
        ("TCP://Printer-1.Hall.local:9101/", TcpAddress("printer-1.hall.local", 9101), None),
        ("  tcp://10.0.0.7:515  ", TcpAddress("10.0.0.7", 515), "tcp://10.0.0.7:515"),
        ("tcp://localhost:1", TcpAddress("localhost", 1), "tcp://localhost:1"),
        (
            "serial:COM3?baud=9600&bytesize=8&parity=N&stopbits=1&rtscts=0",
            SerialAddress("COM3"),
            "serial:COM3?baud=9600",
        ),
        ("serial:com12", SerialAddress("COM12"), "serial:COM12?baud=9600"),
        (r"serial:\\.\COM10?baud=115200", SerialAddress("COM10", baud=115200), None),
        (
            "serial:/dev/ttyUSB0?baud=19200",
            SerialAddress("/dev/ttyUSB0", baud=19200),
            "serial:/dev/ttyUSB0?baud=19200",
        ),
        (
            "serial:/dev/ttyS1?parity=e&bytesize=7&stopbits=2&rtscts=1&dsrdtr=1&xonxoff=1",
            SerialAddress("/dev/ttyS1", 9600, 7, "E", 2, rtscts=True, dsrdtr=True, xonxoff=True),
            "serial:/dev/ttyS1?baud=9600&bytesize=7&parity=E&stopbits=2&rtscts=1&dsrdtr=1&xonxoff=1",
        ),
        ("win32:POS-80", Win32Address("POS-80"), "win32:POS-80"),
        ("win32:POS-80 C", Win32Address("POS-80 C"), "win32:POS-80 C"),
        ("win32:XP-58%20(copy%201)", Win32Address("XP-58 (copy 1)"), "win32:XP-58 (copy 1)"),
        ("win32:收据打印机", Win32Address("收据打印机"), "win32:收据打印机"),
        ("win32:%E6%94%B6%E6%8D%AE", Win32Address("收据"), "win32:收据"),
        ("win32:100%25 paper", Win32Address("100% paper"), "win32:100%25 paper"),
        (r"win32:\\FRONT-DESK\POS-80", Win32Address(r"\\FRONT-DESK\POS-80"), None),
        ("file:/dev/usb/lp0", FileAddress("/dev/usb/lp0"), "file:/dev/usb/lp0"),
        (r"file:C:\out\receipt.bin", FileAddress(r"C:\out\receipt.bin"), None),
        ("file:///tmp/receipt.bin", FileAddress("/tmp/receipt.bin"), "file:/tmp/receipt.bin"),
        ("file:LPT1", FileAddress("LPT1"), "file:LPT1"),
        ("usb:04b8:0202", UsbAddress(0x04B8, 0x0202), "usb:04b8:0202"),
        ("USB:04B8:202", UsbAddress(0x04B8, 0x0202), "usb:04b8:0202"),
        (
            "usb:0416:5011?interface=0&in_ep=0x81&out_ep=0x02",
            UsbAddress(0x0416, 0x5011, 0, 0x81, 0x02),
            "usb:0416:5011?in_ep=0x81&out_ep=0x02",
        ),
        ("usb:0x0fe6:0x811e?interface=1", UsbAddress(0x0FE6, 0x811E, 1), None),
        ("virtual:demo", VirtualAddress("demo"), "virtual:demo"),
        ("virtual:hall-2.window_3", VirtualAddress("hall-2.window_3"), None),
    ],
)
def test_good_addresses(text: str, expected: PrinterAddress, canonical: str | None) -> None:
    address = parse_address(text)
    assert address == expected
    if canonical is not None:
        assert str(address) == canonical
    assert parse_address(str(address)) == address


def test_scheme_names_the_kind() -> None:
    assert parse_address("tcp://h").scheme is Scheme.TCP
    assert parse_address("serial:COM1").scheme is Scheme.SERIAL
    assert parse_address("win32:P").scheme is Scheme.WIN32
    assert parse_address("file:/x").scheme is Scheme.FILE
    assert parse_address("usb:1:2").scheme is Scheme.USB
    assert parse_address("virtual:v").scheme is Scheme.VIRTUAL


def test_addresses_are_frozen() -> None:
    address = parse_address("tcp://h")
    with pytest.raises(AttributeError):
        address.port = 1  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("lpt:1", "Unknown printer kind 'lpt' in 'lpt:1'. Use tcp://HOST:9100"),
        ("", "empty"),
        ("   ", "empty"),
        ("COM3", "Did you mean serial:COM3?"),
        ("printer", "does not say what kind"),
        ("192.168.1.50:9100", "tcp://192.168.1.50:9100"),
        (r"C:\out\receipt.bin", r"file:C:\out\receipt.bin"),
        ("tcp:192.168.1.50", "// is missing"),
        ("tcp://", "no host"),
        ("tcp://:9100", "is not a valid host name"),
        ("tcp://192.168.1.300:9100", "'192.168.1.300' is not an IPv4 address"),
        ("tcp://printer:0", "port '0'"),
        ("tcp://printer:65536", "port '65536'"),
        ("tcp://printer:91a0", "port '91a0'"),
        ("tcp://printer:９１００", "port '９１００'"),
        ("tcp://printer:9100/jobs", "only a host and a port"),
        ("tcp://user@printer", "only a host and a port"),
        ("tcp://[::1]:9100", "IPv6"),
        ("tcp://bad_host:9100", "not a valid host name"),
        ("tcp://-printer", "not a valid host name"),
        ("serial:", "no serial port"),
        ("serial://COM3", "no // after serial:"),
        ("serial:ttyUSB0", "'ttyUSB0' is not a COM port or a /dev path"),
        ("serial:COM0", "is not a COM port"),
        ("serial:COM3?baud=9601", "baud=9601 is not one of 1200, 2400"),
        ("serial:COM3?baud=fast", "baud=fast"),
        ("serial:COM3?parity=X", "parity=X is not one of N, E, O"),
        ("serial:COM3?bytesize=6", "bytesize=6"),
        ("serial:COM3?stopbits=1.5", "stopbits=1.5"),
        ("serial:COM3?rtscts=yes", "rtscts=yes is not one of 0, 1"),
        ("serial:COM3?speed=9600", "unknown option 'speed'"),
        ("serial:COM3?baud", "option 'baud' has no value"),
        ("serial:COM3?baud=", "option 'baud' has no value"),
        ("serial:COM3?baud=9600&baud=19200", "given twice"),
        ("win32:", "no printer name"),
        ("win32:   ", "no printer name"),
        ("win32:POS\t80", "control character"),
        ("win32:POS,80", "no comma"),
        ("win32:%FF%FE", "not UTF-8"),
        ("file:", "no path"),
        ("file://server/share/x", "no host"),
        ("usb:04b8", "is not a hex vendor and product id"),
        ("usb:xyz:0202", "is not a hex vendor and product id"),
        ("usb:04b8:02020", "is not a hex vendor and product id"),
        ("usb:04b8:0202?in_ep=0x01", "in_ep=0x01 is not an IN endpoint"),
        ("usb:04b8:0202?out_ep=0x82", "out_ep=0x82 is not an OUT endpoint"),
        ("usb:04b8:0202?interface=x", "interface=x is not a number"),
        ("usb:04b8:0202?endpoint=1", "unknown option 'endpoint'"),
        ("virtual:", "no name"),
        ("virtual:two words", "'two words' is not a virtual printer name"),
        ("virtual:../etc", "is not a virtual printer name"),
    ],
)
def test_bad_addresses_quote_the_string_and_show_the_form(text: str, words: str) -> None:
    with pytest.raises(AddressError) as caught:
        parse_address(text)
    message = str(caught.value)
    assert words in message
    if text.strip():
        assert f"'{text}'" in message
    assert "Write it as" in message or FORMS in message
    assert isinstance(caught.value, ValueError)


def test_the_unknown_kind_message_in_full() -> None:
    with pytest.raises(AddressError) as caught:
        parse_address("lpt:1")
    assert str(caught.value) == (
        "Unknown printer kind 'lpt' in 'lpt:1'. Use tcp://HOST:9100, serial:COM3?baud=9600, "
        "win32:PRINTER NAME, file:PATH, usb:VID:PID or virtual:NAME."
    )


def test_every_standard_baud_rate() -> None:
    for rate in BAUD_RATES:
        assert parse_address(f"serial:COM1?baud={rate}") == SerialAddress("COM1", baud=rate)


addresses = st.one_of(
    st.builds(
        TcpAddress,
        st.from_regex(r"[a-z][a-z0-9-]{0,10}[a-z0-9](\.[a-z]{2,6}){0,2}", fullmatch=True),
        st.integers(1, 65535),
    ),
    st.builds(
        SerialAddress,
        st.one_of(
            st.integers(1, 256).map(lambda n: f"COM{n}"),
            st.from_regex(r"/dev/tty[A-Za-z0-9]{1,8}", fullmatch=True),
        ),
        st.sampled_from(BAUD_RATES),
        st.sampled_from([7, 8]),
        st.sampled_from("NEO"),
        st.sampled_from([1, 2]),
        st.booleans(),
        st.booleans(),
        st.booleans(),
    ),
    st.builds(
        Win32Address,
        st.text(
            st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters=","),
            min_size=1,
            max_size=40,
        ).filter(str.strip),
    ),
    st.builds(
        UsbAddress,
        st.integers(0, 0xFFFF),
        st.integers(0, 0xFFFF),
        st.integers(0, 255),
        st.integers(0x81, 0x8F),
        st.integers(1, 0x0F),
    ),
    st.builds(VirtualAddress, st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,20}", fullmatch=True)),
)


@given(addresses)
def test_the_canonical_string_parses_back_to_the_same_address(address: PrinterAddress) -> None:
    assert parse_address(str(address)) == address
