"""The serial link over real byte streams: a virtual wire, pty pairs and a TCP device server.

Unplugging is real here: the pty's device end is closed (reads fail with EIO as with a pulled USB
adapter), the TCP box drops its connection, the virtual wire is unplugged. The link must notice,
back off, re-open within 5 s and write the displays' latest frames again.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from devices import virtual
from devices.link import SerialLink
from devices.ports import PortConfigError, UsbIdentity, identify, locate, parse_port
from devices.state import ERROR_STATES, DeviceState
from tests.helpers.serial_ports import FakePortInfo, PtyDevice, TcpDevice

RECOVERY_S = 5.0


class StateLog:
    def __init__(self, link: SerialLink) -> None:
        self.states: list[DeviceState] = []
        self.details: list[str] = []
        self._cond = threading.Condition()
        link.on_state(self._add)

    def _add(self, state: DeviceState, detail: str) -> None:
        with self._cond:
            self.states.append(state)
            self.details.append(detail)
            self._cond.notify_all()

    def wait(self, state: DeviceState, *, count: int = 1, timeout: float = RECOVERY_S) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: self.states.count(state) >= count, timeout)


class Heard:
    """Bytes the host heard from the device."""

    def __init__(self, link: SerialLink) -> None:
        self.data = bytearray()
        self._cond = threading.Condition()
        link.subscribe(self._add)

    def _add(self, chunk: bytes) -> None:
        with self._cond:
            self.data += chunk
            self._cond.notify_all()

    def wait(self, wanted: bytes, timeout: float = 5.0) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: wanted in self.data, timeout)


class Recorder:
    """A device that only records what the host sent (for the virtual wire)."""

    kind = "recorder"

    def __init__(self, send: virtual.Send) -> None:
        self.send = send
        self.data = bytearray()
        self._cond = threading.Condition()

    def receive(self, data: bytes) -> None:
        with self._cond:
            self.data += data
            self._cond.notify_all()

    def wait(self, wanted: bytes, timeout: float = 5.0) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: wanted in self.data, timeout)

    def describe(self) -> str:
        return bytes(self.data).hex(" ")

    def commands(self) -> dict[str, object]:
        return {}

    def on_change(self, listener: object) -> None:
        pass


@pytest.fixture
def links() -> Iterator[list[SerialLink]]:
    made: list[SerialLink] = []
    yield made
    for link in made:
        link.stop()
    virtual.reset()


def started(links: list[SerialLink], port: str, **options: object) -> tuple[SerialLink, StateLog]:
    link = SerialLink(port, **options)  # type: ignore[arg-type]
    log = StateLog(link)
    links.append(link)
    link.start()
    return link, log


# -- port strings -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("COM3", "device", "COM3"),
        ("/dev/ttyUSB0", "device", "/dev/ttyUSB0"),
        (" socket://127.0.0.1:7001 ", "url", "socket://127.0.0.1:7001"),
        ("loop://", "url", "loop://"),
        ("virtual:window-display", "virtual", "window-display"),
    ],
)
def test_port_strings_name_what_they_open(text: str, kind: str, value: str) -> None:
    spec = parse_port(text)
    assert (spec.kind, spec.value) == (kind, value)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "empty"),
        ("virtual:", "virtual port"),
        ("virtual:has space", "virtual port"),
        ("http://example.com", "Unknown port URL"),
        ("COM 3", "no spaces"),
    ],
)
def test_bad_port_strings_are_refused_with_the_reason(text: str, says: str) -> None:
    with pytest.raises(PortConfigError, match=says):
        parse_port(text)


def test_a_usb_adapter_is_found_again_under_its_new_name() -> None:
    before = [FakePortInfo("/dev/ttyS0", None, None, None), FakePortInfo("/dev/ttyUSB0")]
    identity = identify("/dev/ttyUSB0", before)
    assert identity == UsbIdentity(0x1A86, 0x7523, "CD0001")
    assert str(identity) == "USB 1A86:7523 SN CD0001"
    assert identify("/dev/ttyS0", before) is None
    after = [FakePortInfo("/dev/ttyUSB1", serial_number="OTHER"), FakePortInfo("/dev/ttyUSB2")]
    assert locate(identity, after) == "/dev/ttyUSB2"
    assert locate(identity, after[:1]) is None


# -- virtual wire -------------------------------------------------------------------------------
def test_virtual_wire_carries_bytes_both_ways(links: list[SerialLink]) -> None:
    device = virtual.attach("w1", Recorder)
    link, log = started(links, "virtual:w1")
    heard = Heard(link)
    assert link.wait_ready(2)
    link.write(b"\xaa\x01hello")
    assert device.wait(b"\xaa\x01hello")
    device.send(b"\x16reply")
    assert heard.wait(b"\x16reply")
    assert log.states[:2] == [DeviceState.OPENING, DeviceState.READY]
    link.stop()
    assert link.state is DeviceState.CLOSED


def test_a_display_unplugged_during_a_call_shows_the_call_when_back(
    links: list[SerialLink],
) -> None:
    device = virtual.attach("w2", Recorder)
    link, log = started(links, "virtual:w2")
    assert link.wait_ready(2)
    link.write(b"[show A001]", key="display")
    assert device.wait(b"[show A001]")

    virtual.wire("w2").unplug()
    assert log.wait(DeviceState.DISCONNECTED)
    assert link.state in ERROR_STATES
    link.write(b"[show A002]", key="display")
    link.write(b"[show A003]", key="display")  # only the latest state matters
    link.write(b"[beep]")  # a beep a minute late would be wrong: dropped and counted
    dropped = link.stats.frames_dropped
    assert dropped >= 1

    device.data.clear()
    virtual.wire("w2").replug()
    assert log.wait(DeviceState.READY, count=2)
    assert device.wait(b"[show A003]")
    assert link.wait_idle(2)
    assert b"A002" not in device.data
    assert b"[beep]" not in device.data
    assert link.stats.reconnects == 1


def test_a_newer_state_replaces_an_unsent_one(links: list[SerialLink]) -> None:
    device = virtual.attach("w3", Recorder)
    link, _ = started(links, "virtual:w3", frame_gap=0.3)
    assert link.wait_ready(2)
    link.write(b"<1:A001>", key=1)
    assert device.wait(b"<1:A001>")  # written; the writer now waits out the 0.3 s gap
    link.write(b"<2:B001>", key=2)
    link.write(b"<2:B002>", key=2)  # replaces B001 in the queue, keeps its place
    link.write(b"<1:A002>", key=1)
    assert device.wait(b"<1:A002>")
    assert link.wait_idle(2)
    assert bytes(device.data) == b"<1:A001><2:B002><1:A002>"


# -- pty pairs: real serial traffic -------------------------------------------------------------
@pytest.fixture
def pty(tmp_path: Path) -> Iterator[PtyDevice]:
    device = PtyDevice(tmp_path / "ttyCOUNTER")
    yield device
    device.close()


def test_pty_traffic_both_ways(links: list[SerialLink], pty: PtyDevice) -> None:
    link, _ = started(links, str(pty.path))
    heard = Heard(link)
    assert link.wait_ready(2)
    link.write(bytes.fromhex("FF 68 03 03 68 01 01 0C 0E 16"))
    assert pty.read(10) == bytes.fromhex("FF 68 03 03 68 01 01 0C 0E 16")
    pty.write(b"\x01\x02\x03")
    assert heard.wait(b"\x01\x02\x03")


def test_pty_unplugged_and_replugged_recovers_within_five_seconds(
    links: list[SerialLink], pty: PtyDevice
) -> None:
    link, log = started(links, str(pty.path))
    assert link.wait_ready(2)
    link.write(b"888", key="display")
    assert pty.read(3) == b"888"

    pty.unplug()
    assert log.wait(DeviceState.DISCONNECTED)
    assert "lost" in log.details[log.states.index(DeviceState.DISCONNECTED)]
    link.write(b"A023", key="display")

    pty.replug()
    assert log.wait(DeviceState.READY, count=2, timeout=RECOVERY_S)
    assert pty.read(4) == b"A023"


def test_a_replugged_adapter_is_reopened_under_its_new_name(
    links: list[SerialLink], tmp_path: Path, pty: PtyDevice
) -> None:
    first, second = tmp_path / "ttyCOUNTER", tmp_path / "ttyMOVED"
    ports = [FakePortInfo(str(first))]
    link, log = started(links, str(first), list_ports=lambda: list(ports))
    assert link.wait_ready(2)

    pty.unplug()
    assert log.wait(DeviceState.DISCONNECTED)
    link.write(b"A024", key="display")
    pty.replug(second)  # Windows handed the adapter COM5 instead of COM3
    ports[:] = [FakePortInfo(str(second))]
    assert log.wait(DeviceState.READY, count=2, timeout=RECOVERY_S)
    assert pty.read(4) == b"A024"
    assert str(second) in link.detail


def test_a_port_that_is_not_there_keeps_being_tried(
    links: list[SerialLink], tmp_path: Path
) -> None:
    missing = tmp_path / "ttyNOTYET"
    link, log = started(links, str(missing))
    assert log.wait(DeviceState.DISCONNECTED, timeout=2)
    assert str(missing) in link.detail
    device = PtyDevice(missing)
    try:
        assert log.wait(DeviceState.READY, timeout=RECOVERY_S)
    finally:
        link.stop()
        device.close()


# -- socket:// ----------------------------------------------------------------------------------
def test_a_device_server_that_drops_the_connection_is_reconnected(
    links: list[SerialLink],
) -> None:
    box = TcpDevice()
    try:
        link, log = started(links, box.url)
        heard = Heard(link)
        assert link.wait_ready(2)
        assert box.wait_connected()
        link.write(b"one", key="display")
        assert box.wait_for(lambda data: b"one" in data)
        box.send(b"\x55")
        assert heard.wait(b"\x55")

        box.drop_connection()
        assert log.wait(DeviceState.DISCONNECTED)
        link.write(b"two", key="display")
        assert log.wait(DeviceState.READY, count=2, timeout=RECOVERY_S)
        assert box.wait_for(lambda data: data.endswith(b"two"))
    finally:
        box.close()
