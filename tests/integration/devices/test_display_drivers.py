"""Display drivers over the whole stack: SerialLink("virtual:…") → driver → simulated device.

A few cases use a recording link instead, where what matters is which frames and keys a driver
hands to the link rather than what a device makes of them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterator

import pytest

from devices import virtual
from devices.codecs.led import ScreenKind, encode_text
from devices.drivers.displays import LED_FRAME_GAP, LedBus, ModbusDisplay, ScreenSpec
from devices.events import DeviceEvent, StateChanged
from devices.link import SerialLink
from devices.link_api import BytesListener, StateListener
from devices.simulators.base import Send
from devices.simulators.displays import LedBusSimulator, ModbusDisplaySimulator
from devices.state import DeviceState

WAIT_S = 5.0

SCREENS = {
    1: ScreenSpec(ScreenKind.STRIP, "请{number}号到{window}号窗口", "1号窗口条屏"),
    2: ScreenSpec(ScreenKind.STRIP, "{number}→{window}", "2号窗口条屏"),
    10: ScreenSpec(ScreenKind.HALL, "{number}号请到{window}号窗口", "综合屏"),
    11: ScreenSpec(ScreenKind.HALL, "{number}号请到{window}号窗口", "综合屏"),
    12: ScreenSpec(ScreenKind.HALL, "{notice}", "综合屏"),
}


class Changes:
    """Wait until a simulator's state satisfies a predicate, woken by its on_change."""

    def __init__(self, simulator: LedBusSimulator | ModbusDisplaySimulator) -> None:
        self._cond = threading.Condition()
        simulator.on_change(self._changed)

    def _changed(self) -> None:
        with self._cond:
            self._cond.notify_all()

    def wait(self, predicate: Callable[[], bool], timeout: float = WAIT_S) -> bool:
        with self._cond:
            return self._cond.wait_for(predicate, timeout)


class Events:
    def __init__(self) -> None:
        self.items: list[DeviceEvent] = []
        self._cond = threading.Condition()

    def __call__(self, event: DeviceEvent) -> None:
        with self._cond:
            self.items.append(event)
            self._cond.notify_all()

    def wait(self, predicate: Callable[[DeviceEvent], bool], timeout: float = WAIT_S) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: any(map(predicate, self.items)), timeout)


@pytest.fixture
def links() -> Iterator[list[SerialLink]]:
    made: list[SerialLink] = []
    yield made
    for link in made:
        link.stop()
    virtual.reset()


def started(links: list[SerialLink], port: str, frame_gap: float = 0.0) -> SerialLink:
    link = SerialLink(port, frame_gap=frame_gap)
    links.append(link)
    link.start()
    assert link.wait_ready(WAIT_S)
    return link


# -- LED bus ----------------------------------------------------------------------------------


def test_a_call_lands_on_every_strip(links: list[SerialLink]) -> None:
    sim = virtual.attach("led-1", LedBusSimulator)
    changes = Changes(sim)
    bus = LedBus(started(links, "virtual:led-1"), SCREENS)

    bus.show_call("A023", "3")

    assert changes.wait(lambda: sim.text(1) is not None and sim.text(2) is not None)
    assert sim.text(1) == "请A023号到3号窗口"
    assert sim.screen_kind(1) is ScreenKind.STRIP
    assert sim.text(2) == "A023→3"
    assert sim.text(10) is None  # hall rows are written by hall.show only
    assert bus.shown(1) == "请A023号到3号窗口"
    assert not sim.errors


def test_the_hall_rows_land_with_hall_framing(links: list[SerialLink]) -> None:
    sim = virtual.attach("led-2", LedBusSimulator)
    changes = Changes(sim)
    bus = LedBus(started(links, "virtual:led-2", frame_gap=0.01), SCREENS)

    bus.hall.show([("A023", "3"), ("B007", "1")], "午休 12:00-13:30")

    assert changes.wait(lambda: sim.text(12) is not None)
    assert sim.screens == {
        10: (ScreenKind.HALL, "A023号请到3号窗口"),
        11: (ScreenKind.HALL, "B007号请到1号窗口"),
        12: (ScreenKind.HALL, "午休 12:00-13:30"),
    }


def test_a_strip_unplugged_during_a_call_shows_the_latest_when_back(
    links: list[SerialLink],
) -> None:
    sim = virtual.attach("led-3", LedBusSimulator)
    changes = Changes(sim)
    link = started(links, "virtual:led-3")
    bus = LedBus(link, SCREENS)
    bus.show_text(1, "A001")
    assert changes.wait(lambda: sim.text(1) == "A001")

    virtual.wire("led-3").unplug()
    bus.show_text(1, "A002")
    bus.show_text(1, "A003")
    sim.commands()["clear"].run([])  # the strip lost power too
    virtual.wire("led-3").replug()

    assert changes.wait(lambda: sim.text(1) == "A003")
    assert link.wait_idle(WAIT_S)
    assert sim.text(1) == "A003"


def test_test_pattern_reaches_every_screen(links: list[SerialLink]) -> None:
    sim = virtual.attach("led-4", LedBusSimulator)
    changes = Changes(sim)
    LedBus(started(links, "virtual:led-4"), SCREENS).test_pattern()
    assert changes.wait(lambda: len(sim.screens) == len(SCREENS))
    assert {text for _, text in sim.screens.values()} == {"测试 TEST 888"}


def test_led_state_changes_reach_every_screen_device(links: list[SerialLink]) -> None:
    virtual.attach("led-5", LedBusSimulator)
    events = Events()
    link = SerialLink("virtual:led-5")
    links.append(link)
    LedBus(link, SCREENS, on_event=events)
    link.start()

    def ready(event: DeviceEvent) -> bool:
        return isinstance(event, StateChanged) and event.state is DeviceState.READY

    devices = {spec.device for spec in SCREENS.values()}
    assert events.wait(lambda _: {e.device for e in events.items if ready(e)} == devices)


# -- Modbus display ---------------------------------------------------------------------------


def test_show_number_lands_and_the_reply_is_matched(links: list[SerialLink]) -> None:
    sim = virtual.attach("mb-1", ModbusDisplaySimulator)
    changes = Changes(sim)
    display = ModbusDisplay(started(links, "virtual:mb-1"))

    display.show_number(888)

    assert changes.wait(lambda: sim.value == 888)
    assert display.wait_settled(WAIT_S)
    assert display.replies == 1
    assert display.errors == {}
    assert sim.describe() == "modbus display 1: 888"
    display.close()


def test_a_wrong_unit_id_is_a_counted_missing_reply(links: list[SerialLink]) -> None:
    def unit_1(send: Send) -> ModbusDisplaySimulator:
        return ModbusDisplaySimulator(send, unit=1)

    sim = virtual.attach("mb-2", unit_1)
    events = Events()
    display = ModbusDisplay(
        started(links, "virtual:mb-2"), unit=2, on_event=events, reply_timeout=0.2
    )

    display.show_number(5)

    assert display.wait_settled(WAIT_S)
    assert display.errors == {"no_reply": 1}
    assert sim.value == 0
    assert events.wait(lambda e: isinstance(e, StateChanged) and "did not answer" in e.detail)


def test_a_register_the_display_lacks_is_a_counted_exception(links: list[SerialLink]) -> None:
    virtual.attach("mb-3", ModbusDisplaySimulator)
    events = Events()
    display = ModbusDisplay(started(links, "virtual:mb-3"), register=100, on_event=events)

    display.test_pattern()

    assert display.wait_settled(WAIT_S)
    assert display.errors == {"exception": 1}
    assert events.wait(lambda e: isinstance(e, StateChanged) and "exception 0x02" in e.detail)
    display.close()


def test_recovery_after_trouble_is_reported(links: list[SerialLink]) -> None:
    virtual.attach("mb-4", ModbusDisplaySimulator)
    events = Events()
    display = ModbusDisplay(started(links, "virtual:mb-4"), register=100, on_event=events)
    display.show_number(1)
    assert display.wait_settled(WAIT_S)
    display.register = 0
    display.show_number(2)
    assert display.wait_settled(WAIT_S)
    assert events.wait(lambda e: isinstance(e, StateChanged) and "answers again" in e.detail)
    display.close()


# -- what a driver hands to its link -------------------------------------------------------------


class RecordingLink:
    """A link that keeps every write; never opens anything."""

    def __init__(self, state: DeviceState = DeviceState.READY) -> None:
        self.writes: list[tuple[bytes, Hashable | None]] = []
        self.listeners: list[BytesListener] = []
        self._state = state

    @property
    def port(self) -> str:
        return "recording"

    @property
    def state(self) -> DeviceState:
        return self._state

    def write(self, frame: bytes, *, key: Hashable | None = None) -> None:
        self.writes.append((frame, key))

    def subscribe(self, listener: BytesListener) -> None:
        self.listeners.append(listener)

    def on_state(self, listener: StateListener) -> None:
        pass


def test_led_writes_are_keyed_per_address() -> None:
    link = RecordingLink()
    LedBus(link, SCREENS).show_call("A1", "2")
    assert link.writes == [
        (encode_text(1, "请A1号到2号窗口"), ("led", 1)),
        (encode_text(2, "A1→2"), ("led", 2)),
    ]
    assert LED_FRAME_GAP == 0.1


def test_hall_rows_of_a_strip_mosaic_get_strip_framing() -> None:
    link = RecordingLink()
    LedBus(link, SCREENS, hall_framing=ScreenKind.STRIP).hall.show([("A1", "2")], "")
    assert link.writes == [
        (encode_text(10, "A1号请到2号窗口", ScreenKind.STRIP), ("led", 10)),
        (encode_text(11, "", ScreenKind.STRIP), ("led", 11)),
        (encode_text(12, "", ScreenKind.STRIP), ("led", 12)),
    ]


def test_two_hall_screens_on_one_bus_each_show_the_latest_calls() -> None:
    link = RecordingLink()
    screens = {
        20: ScreenSpec(ScreenKind.HALL, "{number}", "east"),
        21: ScreenSpec(ScreenKind.HALL, "{number}", "east"),
        30: ScreenSpec(ScreenKind.HALL, "{number}", "west"),
    }
    LedBus(link, screens).hall.show([("A2", "1"), ("A1", "1")])
    assert [key for _, key in link.writes] == [("led", 20), ("led", 21), ("led", 30)]
    assert link.writes[2][0] == encode_text(30, "A2", ScreenKind.HALL)


def test_led_bus_refuses_bad_configuration_and_unknown_addresses() -> None:
    with pytest.raises(ValueError, match=r"\{ticket\}"):
        LedBus(RecordingLink(), {1: ScreenSpec(ScreenKind.STRIP, "{ticket}", "s")})
    with pytest.raises(ValueError, match=r"\{ticket\}"):
        LedBus(RecordingLink(), {1: ScreenSpec(ScreenKind.HALL, "{ticket}", "h")})
    with pytest.raises(ValueError, match="address 300"):
        LedBus(RecordingLink(), {300: ScreenSpec(ScreenKind.STRIP, "{number}", "s")})
    with pytest.raises(ValueError, match="no LED screen"):
        LedBus(RecordingLink(), SCREENS).show_text(99, "A1")


def test_a_call_no_strip_can_show_changes_no_strip() -> None:
    link = RecordingLink()
    bus = LedBus(link, SCREENS)
    with pytest.raises(ValueError, match="😀"):
        bus.show_call("A😀", "1")
    assert link.writes == []
    assert bus.shown(1) is None


def test_modbus_write_is_keyed_per_unit_and_a_superseded_write_is_not_missed() -> None:
    link = RecordingLink()
    display = ModbusDisplay(link, unit=3, reply_timeout=0.2)
    display.show_number(1)
    display.show_number(2)  # the link may never send 1: its missing reply is no error
    assert [key for _, key in link.writes] == [("modbus", 3), ("modbus", 3)]
    assert link.writes[1][0] == bytes.fromhex("03 06 00 00 00 02") + link.writes[1][0][-2:]
    (listener,) = link.listeners
    listener(link.writes[1][0])  # the display's echo
    assert display.wait_settled(1.0)
    assert display.errors == {}
    display.close()


def test_no_reply_while_the_port_is_away_is_not_counted() -> None:
    display = ModbusDisplay(RecordingLink(DeviceState.DISCONNECTED), reply_timeout=0.05)
    display.show_number(7)
    assert display.wait_settled(WAIT_S)
    assert display.errors == {}


def test_modbus_display_validates() -> None:
    with pytest.raises(ValueError, match="unit id 0"):
        ModbusDisplay(RecordingLink(), unit=0)
    with pytest.raises(ValueError, match="value 70000"):
        ModbusDisplay(RecordingLink()).show_number(70000)
