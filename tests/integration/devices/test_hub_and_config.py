"""The device configuration's rules, its table, the hub over virtual wires, `counterdesk simulate`.

The hub tests run the real links, codecs and drivers against the real simulators on ``virtual:``
wires; the simulate test runs ``counterdesk simulate`` as a child process on a pty, the way IT
would try a terminal without hardware.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from counterdesk.domain.permissions import Role
from counterdesk.services.auth import PermissionDeniedError, SignedIn
from counterdesk.store.database import make_engine
from counterdesk.store.migrate import upgrade
from devices import config, virtual
from devices.config import DeviceConfig, DeviceConfigError, DeviceKind
from devices.events import DeviceEvent, StateChanged
from devices.hub import DeviceHub
from devices.link import SerialLink
from devices.simulators.displays import LedBusSimulator, ModbusDisplaySimulator
from devices.simulators.keypad import KeypadSimulator
from devices.state import DeviceState
from tests.helpers.counter import NOW
from tests.helpers.waiting import until

MANAGER = SignedIn(clerk_id=2, number="0001", name="王经理", role=Role.MANAGER)
CLERK = SignedIn(clerk_id=1, number="0107", name="李娜", role=Role.CLERK)


def strip(
    name: str = "window_display", port: str = "virtual:led", address: int = 1
) -> DeviceConfig:
    return DeviceConfig(name, DeviceKind.LED_STRIP, port, address=address)


# -- rules --------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("device", "says"),
    [
        (strip(name="has space"), "short word"),
        (strip(port="http://x"), "Unknown port URL"),
        (strip(address=300), "address must be 0 to 254"),
        (DeviceConfig("m", DeviceKind.MODBUS_DISPLAY, "COM3", address=0), "1 to 247"),
        (
            DeviceConfig("s", DeviceKind.LED_STRIP, "COM3", options={"template": "请{ticket}号"}),
            "unknown placeholder",
        ),
        (
            DeviceConfig("c", DeviceKind.CARD_READER, "COM4", options={"pattern": "(unclosed"}),
            "not a valid regular expression",
        ),
        (DeviceConfig("k", DeviceKind.CALLER_KEYPAD, "keyboard"), "keyboard-wedge"),
        (DeviceConfig("s", DeviceKind.LED_STRIP, "COM3", baudrate=1234), "standard baud"),
    ],
)
def test_a_bad_device_is_refused_with_its_name_and_the_reason(
    device: DeviceConfig, says: str
) -> None:
    with pytest.raises(DeviceConfigError, match=says) as refused:
        config.check(device)
    assert device.name in str(refused.value) or "short word" in str(refused.value)


@pytest.mark.parametrize(
    ("devices", "says"),
    [
        (
            [strip(), DeviceConfig("keypad", DeviceKind.CALLER_KEYPAD, "virtual:led", address=2)],
            "different protocols",
        ),
        ([strip(), strip("second", address=1)], "both use address 1"),
        (
            [strip(), DeviceConfig("s2", DeviceKind.LED_STRIP, "virtual:led", 2, baudrate=19200)],
            "different speeds",
        ),
        (
            [
                DeviceConfig("a", DeviceKind.CARD_READER, "COM4"),
                DeviceConfig("b", DeviceKind.ID_READER, "COM4", baudrate=9600),
            ],
            "different protocols",
        ),
        (
            [
                DeviceConfig("a", DeviceKind.CARD_READER, "COM4"),
                DeviceConfig("b", DeviceKind.CARD_READER, "COM4"),
            ],
            "only one reader",
        ),
    ],
)
def test_devices_that_cannot_share_a_port_are_refused(
    devices: list[DeviceConfig], says: str
) -> None:
    with pytest.raises(DeviceConfigError, match=says):
        config.check_all(devices)


def test_a_window_caller_and_evaluator_may_share_an_address_and_the_demo_is_valid() -> None:
    config.check_all(
        [
            DeviceConfig("keypad", DeviceKind.CALLER_KEYPAD, "COM5", address=3),
            DeviceConfig("evaluator", DeviceKind.EVALUATOR, "COM5", address=3),
        ]
    )
    assert len(config.check_all(config.demo_devices("1"))) == 7


# -- the table ----------------------------------------------------------------------------------
@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    made = make_engine(tmp_path / "terminal.db")
    upgrade(made)
    yield made
    made.dispose()


def test_saving_is_for_managers_and_it_and_is_audited(engine: Engine) -> None:
    with pytest.raises(PermissionDeniedError), engine.begin() as connection:
        config.save(connection, strip(), by=CLERK, now=NOW)
    with engine.begin() as connection:
        saved = config.save(connection, strip(port=" virtual:led "), by=MANAGER, now=NOW)
    assert saved.port == "virtual:led"
    with engine.begin() as connection:
        with pytest.raises(DeviceConfigError, match="both use address 1"):
            config.save(connection, strip("second"), by=MANAGER, now=NOW)
        loaded = config.load_all(connection)
        assert list(loaded) == ["window_display"]
        assert loaded["window_display"].template == config.DEFAULT_TEMPLATE
        assert config.remove(connection, "window_display", by=MANAGER, now=NOW)
        actions = connection.execute(text("SELECT action FROM audit_entry ORDER BY id")).all()
    assert [row[0] for row in actions] == ["device.saved", "device.removed"]


# -- the hub ------------------------------------------------------------------------------------
class Events:
    def __init__(self) -> None:
        self.items: list[DeviceEvent] = []
        self._cond = threading.Condition()

    def __call__(self, event: DeviceEvent) -> None:
        with self._cond:
            self.items.append(event)
            self._cond.notify_all()

    def wait(self, predicate: object, timeout: float = 5.0) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: any(predicate(e) for e in self.items), timeout)  # type: ignore[operator]


@pytest.fixture
def hub_parts() -> Iterator[list[DeviceHub]]:
    made: list[DeviceHub] = []
    yield made
    for hub in made:
        hub.stop()
    virtual.reset()


def test_a_call_reaches_every_display_and_the_keypad(hub_parts: list[DeviceHub]) -> None:
    led = virtual.attach("h-led", LedBusSimulator)
    modbus = virtual.attach("h-modbus", lambda send: ModbusDisplaySimulator(send, unit=5))
    keypad = virtual.attach("h-keys", lambda send: KeypadSimulator(send, callers=(3,)))
    events = Events()
    hub = DeviceHub(
        [
            strip(port="virtual:h-led", address=1),
            DeviceConfig(
                "hall",
                DeviceKind.HALL_SCREEN,
                "virtual:h-led",
                address=11,
                options={"rows": [[11, "{number}→{window}"], [12, "{number}→{window}"]]},
            ),
            DeviceConfig("counter_digits", DeviceKind.MODBUS_DISPLAY, "virtual:h-modbus", 5),
            DeviceConfig("keypad", DeviceKind.CALLER_KEYPAD, "virtual:h-keys", address=3),
        ],
        events,
    )
    hub_parts.append(hub)
    hub.start()
    for link in hub.links.values():
        assert link.wait_ready(5)
    hub.show_call("A022", "2")
    hub.show_call("A023", "3")
    hub.show_waiting(12)
    for link in hub.links.values():
        assert link.wait_idle(5)
    assert until(lambda: keypad.view(3).waiting == 12 and modbus.value == 23)
    assert led.text(1) == "请A023号到3号窗口"
    assert led.text(11) == "A023→3"  # the newest call on the top row
    assert led.text(12) == "A022→2"
    view = keypad.view(3)
    assert (view.ticket, view.waiting) == ("023", 12)
    names = {e.device for e in events.items if isinstance(e, StateChanged)}
    assert names == {"window_display", "hall", "counter_digits", "keypad"}
    assert {s.state for s in hub.statuses()} == {DeviceState.READY}

    assert hub.test("counter_digits") == "888"
    assert hub.test("keypad") == "beep"
    for link in hub.links.values():
        assert link.wait_idle(5)
    assert until(lambda: modbus.value == 888)
    assert until(lambda: keypad.view(3).beeps == 1)
    with pytest.raises(KeyError):
        hub.test("nothing")


def test_an_unplugged_display_is_reported_per_device_and_heals(
    hub_parts: list[DeviceHub],
) -> None:
    led = virtual.attach("h2-led", LedBusSimulator)
    events = Events()
    hub = DeviceHub([strip(port="virtual:h2-led")], events)
    hub_parts.append(hub)
    hub.start()
    assert next(iter(hub.links.values())).wait_ready(5)
    virtual.wire("h2-led").unplug()
    assert events.wait(
        lambda e: isinstance(e, StateChanged) and e.state is DeviceState.DISCONNECTED
    )
    hub.show_call("A030", "3")  # never raises while the display is away
    virtual.wire("h2-led").replug()
    assert events.wait(
        lambda _e: (
            sum(isinstance(x, StateChanged) and x.state is DeviceState.READY for x in events.items)
            >= 2
        )
    )
    assert next(iter(hub.links.values())).wait_idle(5)
    assert led.text(1) == "请A030号到3号窗口"


# -- counterdesk simulate -----------------------------------------------------------------------
def test_simulate_serves_a_card_reader_on_a_pty_for_a_real_link() -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "counterdesk", "simulate", "card", "--port", "pty"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as child:
        served(child)


def served(child: subprocess.Popen[str]) -> None:
    try:
        assert child.stdout is not None
        assert child.stdin is not None
        first = child.stdout.readline()
        assert first.startswith("card simulator on /dev/")
        port = first.split(" on ", 1)[1].strip()
        link = SerialLink(port)
        heard = bytearray()
        got = threading.Event()

        def listen(chunk: bytes) -> None:
            heard.extend(chunk)
            if b"\n" in heard:
                got.set()

        link.subscribe(listen)
        link.start()
        try:
            assert link.wait_ready(5)
            child.stdin.write("swipe 3060000001\n")
            child.stdin.flush()
            assert got.wait(5)
            assert bytes(heard).startswith(b";3060000001=")
        finally:
            link.stop()
        child.stdin.write("quit\n")
        child.stdin.flush()
        assert child.wait(10) == 0
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
