"""Where a receipt printer is: the one configuration string per printer, parsed and checked.

A terminal's printer is configured as a single string (``tcp://192.168.1.50:9100``,
``serial:COM3?baud=9600``, ``win32:POS-80`` …) because that is what a hall's IT person can type,
copy between terminals and read back in a log. Parsing happens once, when the setting is saved or
loaded, so a typo is reported in plain English with the form that would have worked, instead of
surfacing as a socket error in the middle of a payment. ``str()`` of a parsed address gives the
canonical string, so settings can be normalised and compared.
"""

from __future__ import annotations

import enum
import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Final, TypeVar
from urllib.parse import unquote

FORMS: Final = (
    "Use tcp://HOST:9100, serial:COM3?baud=9600, win32:PRINTER NAME, file:PATH, usb:VID:PID "
    "or virtual:NAME."
)

BAUD_RATES: Final = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200, 230400)
"""Rates receipt printers offer (DIP switches or utility); anything else is a typo."""


class AddressError(ValueError):
    """A printer address that cannot be used; the message quotes it and shows the right form."""


class Scheme(enum.StrEnum):
    TCP = "tcp"
    SERIAL = "serial"
    WIN32 = "win32"
    FILE = "file"
    USB = "usb"
    VIRTUAL = "virtual"


@dataclass(frozen=True)
class PrinterAddress:
    """Base of the parsed forms; ``scheme`` says which one, the subclass holds the fields."""

    scheme: ClassVar[Scheme]


@dataclass(frozen=True)
class TcpAddress(PrinterAddress):
    """A network printer's raw port (JetDirect, 9100 by convention)."""

    scheme: ClassVar[Scheme] = Scheme.TCP
    host: str
    port: int = 9100

    def __str__(self) -> str:
        return f"tcp://{self.host}:{self.port}"


@dataclass(frozen=True)
class SerialAddress(PrinterAddress):
    """A COM port or tty. Flow control is off unless asked for: a cable without the handshake
    lines would otherwise block every write (most receipt printers ship with DTR/DSR or none)."""

    scheme: ClassVar[Scheme] = Scheme.SERIAL
    port: str
    baud: int = 9600
    bytesize: int = 8
    parity: str = "N"
    stopbits: int = 1
    rtscts: bool = False
    dsrdtr: bool = False
    xonxoff: bool = False

    def __str__(self) -> str:
        options = [f"baud={self.baud}"]
        defaults = SerialAddress(self.port)
        for key in ("bytesize", "parity", "stopbits", "rtscts", "dsrdtr", "xonxoff"):
            value = getattr(self, key)
            if value != getattr(defaults, key):
                options.append(f"{key}={int(value) if isinstance(value, bool) else value}")
        return f"serial:{self.port}?{'&'.join(options)}"


@dataclass(frozen=True)
class Win32Address(PrinterAddress):
    """A printer installed in Windows, by its name in Devices and Printers (may hold spaces
    and Chinese; ``%XX`` escapes are decoded so any name can be written on one line)."""

    scheme: ClassVar[Scheme] = Scheme.WIN32
    printer_name: str

    def __str__(self) -> str:
        name = self.printer_name.replace("%", "%25")
        stripped = name.strip()
        lead = len(name) - len(name.lstrip())
        trail = len(name) - len(name.rstrip())
        name = "%20" * lead + stripped + "%20" * trail
        return f"win32:{name}"


@dataclass(frozen=True)
class FileAddress(PrinterAddress):
    """A device file (``/dev/usb/lp0``, ``LPT1``) or a plain file that collects the bytes."""

    scheme: ClassVar[Scheme] = Scheme.FILE
    path: str

    def __str__(self) -> str:
        return f"file:{self.path}"


@dataclass(frozen=True)
class UsbAddress(PrinterAddress):
    """A printer driven directly over USB (libusb via pyusb), found by vendor and product id."""

    scheme: ClassVar[Scheme] = Scheme.USB
    vendor_id: int
    product_id: int
    interface: int = 0
    in_ep: int = 0x82
    out_ep: int = 0x01

    def __str__(self) -> str:
        text = f"usb:{self.vendor_id:04x}:{self.product_id:04x}"
        options = []
        if self.interface != 0:
            options.append(f"interface={self.interface}")
        if self.in_ep != 0x82:
            options.append(f"in_ep=0x{self.in_ep:02x}")
        if self.out_ep != 0x01:
            options.append(f"out_ep=0x{self.out_ep:02x}")
        return text + ("?" + "&".join(options) if options else "")


@dataclass(frozen=True)
class VirtualAddress(PrinterAddress):
    """An in-process printer emulator (:mod:`printing.emulator`) for the demo and tests."""

    scheme: ClassVar[Scheme] = Scheme.VIRTUAL
    name: str

    def __str__(self) -> str:
        return f"virtual:{self.name}"


_T = TypeVar("_T")

_HOST_LABEL = re.compile(r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")
_COM_PORT = re.compile(r"(?:\\\\\.\\)?(com)([1-9][0-9]{0,2})", re.IGNORECASE)
_VIRTUAL_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_HEX_ID = re.compile(r"(?:0x)?([0-9a-f]{1,4})", re.IGNORECASE)


def parse_address(text: str) -> PrinterAddress:
    """The parsed form of a printer's configuration string; :class:`AddressError` if unusable."""
    stripped = text.strip()
    if not stripped:
        raise AddressError(f"The printer address is empty. {FORMS}")
    kind, colon, rest = stripped.partition(":")
    if not colon:
        hint = f" Did you mean serial:{stripped}?" if _COM_PORT.fullmatch(stripped) else ""
        raise AddressError(f"'{text}' does not say what kind of printer it is.{hint} {FORMS}")
    parser = _PARSERS.get(kind.lower())
    if parser is None:
        raise AddressError(f"Unknown printer kind '{kind}' in '{text}'. {FORMS}{_hint(stripped)}")
    return parser(text, rest)


def _hint(stripped: str) -> str:
    kind = stripped.partition(":")[0]
    if len(kind) == 1 and kind.isalpha():
        return f" A Windows path needs file: in front: file:{stripped}."
    if re.fullmatch(r"[0-9.]+", kind) or "." in kind:
        return f" A network printer is written tcp://{stripped}."
    return ""


def _fail(text: str, problem: str, form: str) -> AddressError:
    return AddressError(f"Printer address '{text}': {problem}. Write it as {form}.")


def _parse_tcp(text: str, rest: str) -> TcpAddress:
    form = "tcp://HOST:PORT, e.g. tcp://192.168.1.50:9100"
    if not rest.startswith("//"):
        raise _fail(text, "// is missing after tcp:", form)
    hostport = rest[2:].rstrip("/")
    if not hostport:
        raise _fail(text, "no host", form)
    if any(char in hostport for char in "/?#@"):
        raise _fail(text, "only a host and a port are allowed", form)
    if hostport.startswith("["):
        raise _fail(text, "IPv6 addresses are not supported", form)
    host, colon, port_text = hostport.partition(":")
    port = 9100
    if colon:
        if not port_text.isascii() or not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
            raise _fail(text, f"port '{port_text}' is not a number from 1 to 65535", form)
        port = int(port_text)
    return TcpAddress(_check_host(text, host.lower(), form), port)


def _check_host(text: str, host: str, form: str) -> str:
    if re.fullmatch(r"[0-9.]+", host):
        try:
            return str(ipaddress.IPv4Address(host))
        except ValueError:
            raise _fail(text, f"'{host}' is not an IPv4 address", form) from None
    labels = host.split(".")
    if len(host) > 253 or not all(_HOST_LABEL.fullmatch(label) for label in labels):
        raise _fail(text, f"'{host}' is not a valid host name", form)
    return host


def _options(text: str, query: str, allowed: tuple[str, ...], form: str) -> dict[str, str]:
    options: dict[str, str] = {}
    for item in query.split("&") if query else ():
        key, equals, value = item.partition("=")
        key = key.strip().lower()
        if key not in allowed:
            raise _fail(text, f"unknown option '{key}' (known: {', '.join(allowed)})", form)
        if not equals or not value.strip():
            raise _fail(text, f"option '{key}' has no value", form)
        if key in options:
            raise _fail(text, f"option '{key}' is given twice", form)
        options[key] = value.strip()
    return options


def _parse_serial(text: str, rest: str) -> SerialAddress:
    form = "serial:COM3?baud=9600 or serial:/dev/ttyUSB0?baud=19200"
    port, _, query = rest.partition("?")
    port = port.strip()
    if not port:
        raise _fail(text, "no serial port", form)
    if port.startswith("//"):
        raise _fail(text, "a serial port has no // after serial:", form)
    com = _COM_PORT.fullmatch(port)
    if com:
        port = f"COM{com.group(2)}"
    elif not port.startswith("/") or any(ord(char) < 0x20 for char in port):
        raise _fail(text, f"'{port}' is not a COM port or a /dev path", form)
    keys = ("baud", "bytesize", "parity", "stopbits", "rtscts", "dsrdtr", "xonxoff")
    options = _options(text, query, keys, form)
    flags = {"0": False, "1": True}

    def pick(key: str, choices: dict[str, _T], default: _T) -> _T:
        if key not in options:
            return default
        if options[key].upper() not in choices:
            raise _fail(text, f"{key}={options[key]} is not one of {', '.join(choices)}", form)
        return choices[options[key].upper()]

    return SerialAddress(
        port,
        baud=pick("baud", {str(rate): rate for rate in BAUD_RATES}, 9600),
        bytesize=pick("bytesize", {"7": 7, "8": 8}, 8),
        parity=pick("parity", {"N": "N", "E": "E", "O": "O"}, "N"),
        stopbits=pick("stopbits", {"1": 1, "2": 2}, 1),
        rtscts=pick("rtscts", flags, False),
        dsrdtr=pick("dsrdtr", flags, False),
        xonxoff=pick("xonxoff", flags, False),
    )


def _parse_win32(text: str, rest: str) -> Win32Address:
    form = "win32:PRINTER NAME, e.g. win32:POS-80 or win32:收据打印机"
    try:
        name = unquote(rest, errors="strict")
    except UnicodeDecodeError:
        raise _fail(text, "a %-escape is not UTF-8", form) from None
    if not name.strip():
        raise _fail(text, "no printer name", form)
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in name):
        raise _fail(text, "the printer name holds a control character", form)
    if "," in name or len(name) > 220:
        raise _fail(text, "Windows printer names have at most 220 characters and no comma", form)
    return Win32Address(name)


def _parse_file(text: str, rest: str) -> FileAddress:
    form = r"file:PATH, e.g. file:/dev/usb/lp0 or file:C:\out\receipt.bin"
    path = rest.strip()
    if path.startswith("//"):
        if not path.startswith("///"):
            raise _fail(text, "a file address has no host", form)
        path = path[2:]
    if not path:
        raise _fail(text, "no path", form)
    if any(ord(char) < 0x20 for char in path):
        raise _fail(text, "the path holds a control character", form)
    return FileAddress(path)


def _parse_usb(text: str, rest: str) -> UsbAddress:
    form = "usb:VID:PID in hex, e.g. usb:04b8:0202?interface=0&in_ep=0x82&out_ep=0x01"
    ids, _, query = rest.partition("?")
    vendor_text, colon, product_text = ids.strip().partition(":")
    vendor, product = _HEX_ID.fullmatch(vendor_text), _HEX_ID.fullmatch(product_text)
    if not colon or vendor is None or product is None:
        raise _fail(text, f"'{ids}' is not a hex vendor and product id", form)
    options = _options(text, query, ("interface", "in_ep", "out_ep"), form)
    numbers: dict[str, int] = {}
    for key, value in options.items():
        try:
            numbers[key] = int(value, 0)
        except ValueError:
            raise _fail(text, f"{key}={value} is not a number", form) from None
    interface = numbers.get("interface", 0)
    in_ep, out_ep = numbers.get("in_ep", 0x82), numbers.get("out_ep", 0x01)
    if not 0 <= interface <= 255:
        raise _fail(text, f"interface={interface} is not from 0 to 255", form)
    if not 0x81 <= in_ep <= 0x8F:
        raise _fail(text, f"in_ep={options.get('in_ep')} is not an IN endpoint (0x81-0x8f)", form)
    if not 0x01 <= out_ep <= 0x0F:
        raise _fail(
            text, f"out_ep={options.get('out_ep')} is not an OUT endpoint (0x01-0x0f)", form
        )
    return UsbAddress(int(vendor.group(1), 16), int(product.group(1), 16), interface, in_ep, out_ep)


def _parse_virtual(text: str, rest: str) -> VirtualAddress:
    form = "virtual:NAME (letters, digits, '.', '_', '-'), e.g. virtual:demo"
    name = rest.strip()
    if not name:
        raise _fail(text, "no name", form)
    if not _VIRTUAL_NAME.fullmatch(name):
        raise _fail(text, f"'{name}' is not a virtual printer name", form)
    return VirtualAddress(name)


_PARSERS: Final[dict[str, Callable[[str, str], PrinterAddress]]] = {
    Scheme.TCP.value: _parse_tcp,
    Scheme.SERIAL.value: _parse_serial,
    Scheme.WIN32.value: _parse_win32,
    Scheme.FILE.value: _parse_file,
    Scheme.USB.value: _parse_usb,
    Scheme.VIRTUAL.value: _parse_virtual,
}
