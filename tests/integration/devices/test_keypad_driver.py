"""The keypad bus end to end: SerialLink on ``virtual:`` + KeypadBus + the keypad simulator, and
the driver's rules on a fake link (ACK before events, unknown addresses, failing listeners)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Hashable, Iterator

import pytest

from devices import virtual
from devices.codecs import keypad
from devices.drivers.keypad import KeypadBus
from devices.events import DeviceEvent, KeypadKey, KeyPressed, RatingGiven
from devices.link import SerialLink
from devices.link_api import BytesListener, StateListener
from devices.simulators.keypad import KeypadSimulator, KeypadView
from devices.state import DeviceState

TIMEOUT = 5.0

# Call from address 3 (key function 0x01): CS = 0x03 + 0x01 + 0x0C = 0x10.
CALL_FROM_3 = bytes.fromhex("FF 68 03 03 68 03 01 0C 10 16")
# Evaluator at 3 gives index 2 (满意): CS = 0x03 + 0x11 + 0x02 = 0x16; reply CS 0x06.
RATING_FROM_3 = bytes.fromhex("FF 68 03 03 68 03 11 02 16 16")
RATING_ACK_3 = bytes.fromhex("FF 68 03 03 68 03 01 02 06 16")


class Events:
    def __init__(self) -> None:
        self.items: list[DeviceEvent] = []
        self._cond = threading.Condition()

    def __call__(self, event: DeviceEvent) -> None:
        with self._cond:
            self.items.append(event)
            self._cond.notify_all()

    def wait_for(self, count: int) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: len(self.items) >= count, TIMEOUT)


def wait_until(simulator: KeypadSimulator, check: Callable[[], bool]) -> bool:
    cond = threading.Condition()

    def changed() -> None:
        with cond:
            cond.notify_all()

    simulator.on_change(changed)
    with cond:
        return cond.wait_for(check, TIMEOUT)


@pytest.fixture
def stack() -> Iterator[tuple[SerialLink, KeypadBus, KeypadSimulator, Events]]:
    simulator = virtual.attach(
        "keypads", lambda send: KeypadSimulator(send, callers=(3, 4), evaluators=(3,))
    )
    link = SerialLink("virtual:keypads", name="keypads")
    events = Events()
    bus = KeypadBus(link, {3: "window 3 keypad", 4: "window 4 keypad"}, events)
    link.start()
    try:
        assert link.wait_ready(TIMEOUT)
        yield link, bus, simulator, events
    finally:
        link.stop()
        virtual.reset()


def view(simulator: KeypadSimulator, address: int) -> KeypadView:
    return simulator.view(address)


def test_press_call_reaches_the_host_and_is_acknowledged(
    stack: tuple[SerialLink, KeypadBus, KeypadSimulator, Events],
) -> None:
    _, bus, simulator, events = stack
    simulator.press(KeypadKey.CALL, 3)
    assert events.wait_for(1)
    assert events.items == [KeyPressed("window 3 keypad", 3, KeypadKey.CALL)]
    assert wait_until(simulator, lambda: view(simulator, 3).acks == 1)
    assert view(simulator, 3).unacknowledged == 0
    assert not bus.errors


def test_every_key_from_two_keypads(
    stack: tuple[SerialLink, KeypadBus, KeypadSimulator, Events],
) -> None:
    _, _, simulator, events = stack
    for key in KeypadKey:
        simulator.press(key, 4)
    assert events.wait_for(len(KeypadKey))
    assert [e.key for e in events.items if isinstance(e, KeyPressed)] == list(KeypadKey)
    assert wait_until(simulator, lambda: view(simulator, 4).acks == len(KeypadKey))


def test_show_ticket_and_waiting_reach_the_keypad(
    stack: tuple[SerialLink, KeypadBus, KeypadSimulator, Events],
) -> None:
    _, bus, simulator, _ = stack
    bus.show_ticket(3, "A023")
    bus.show_waiting(4, 7)
    bus.beep(3)
    assert wait_until(
        simulator, lambda: view(simulator, 3).beeps == 1 and view(simulator, 4).waiting == 7
    )
    assert view(simulator, 3).ticket == "023"
    assert "keypad 3: ticket 023 · waiting --- · beeps 1" in simulator.describe()


def test_a_rating_flows_and_is_answered(
    stack: tuple[SerialLink, KeypadBus, KeypadSimulator, Events],
) -> None:
    _, bus, simulator, events = stack
    bus.ask_rating(3)
    assert wait_until(simulator, lambda: view(simulator, 3).rating_asked)
    simulator.rate(4, 3)
    assert events.wait_for(1)
    assert events.items == [RatingGiven("window 3 keypad", 3, 4)]
    assert wait_until(simulator, lambda: view(simulator, 3).acks == 1)
    assert not view(simulator, 3).rating_asked


def test_the_display_comes_back_after_the_keypad_bus_is_unplugged(
    stack: tuple[SerialLink, KeypadBus, KeypadSimulator, Events],
) -> None:
    link, bus, simulator, _ = stack
    bus.show_waiting(3, 12)
    bus.show_ticket(3, "B105")
    assert wait_until(simulator, lambda: view(simulator, 3).ticket == "105")
    states: list[DeviceState] = []
    back = threading.Event()

    def on_state(state: DeviceState, _detail: str) -> None:
        states.append(state)
        if state is DeviceState.READY and DeviceState.DISCONNECTED in states:
            back.set()

    link.on_state(on_state)
    virtual.wire("keypads").unplug()
    # The keypad lost power with the bus: it comes back showing something else.
    simulator.receive(keypad.show_waiting(3, 0) + keypad.show_ticket(3, "000"))
    virtual.wire("keypads").replug()
    assert back.wait(TIMEOUT)
    # Both frames are written again in the order of their last update: the ticket ends on top.
    assert wait_until(
        simulator,
        lambda: view(simulator, 3).waiting == 12 and view(simulator, 3).display == "   105",
    )


# --- the driver's rules on a fake link -----------------------------------------------------------


class FakeLink:
    def __init__(self) -> None:
        self.written: list[tuple[bytes, Hashable | None]] = []
        self.listeners: list[BytesListener] = []

    @property
    def port(self) -> str:
        return "fake"

    @property
    def state(self) -> DeviceState:
        return DeviceState.READY

    def write(self, frame: bytes, *, key: Hashable | None = None) -> None:
        self.written.append((frame, key))

    def subscribe(self, listener: BytesListener) -> None:
        self.listeners.append(listener)

    def on_state(self, listener: StateListener) -> None:
        pass

    def hear(self, data: bytes) -> None:
        for listener in self.listeners:
            listener(data)


def test_every_valid_frame_is_echoed_before_its_event() -> None:
    link = FakeLink()
    order: list[str] = []
    KeypadBus(link, {3: "kp"}, lambda e: order.append(f"event after {len(link.written)} writes"))
    link.hear(CALL_FROM_3[:4])
    assert link.written == []
    link.hear(CALL_FROM_3[4:] + RATING_FROM_3)
    assert link.written == [(CALL_FROM_3, None), (RATING_ACK_3, None)]
    assert order == ["event after 2 writes", "event after 2 writes"]


def test_an_unknown_address_is_acknowledged_and_counted_without_an_event() -> None:
    link, events = FakeLink(), Events()
    bus = KeypadBus(link, {4: "kp"}, events)
    link.hear(CALL_FROM_3)
    assert link.written == [(CALL_FROM_3, None)]
    assert events.items == []
    assert bus.errors["unknown_address"] == 1


def test_bad_frames_are_not_acknowledged() -> None:
    link = FakeLink()
    bus = KeypadBus(link, {3: "kp"}, Events())
    link.hear(bytes.fromhex("FF 68 03 03 68 03 01 0C 11 16"))  # CS should be 0x10
    assert link.written == []
    assert bus.errors["checksum"] == 1


def test_a_failing_listener_is_logged_and_counted(caplog: pytest.LogCaptureFixture) -> None:
    link = FakeLink()

    def boom(event: DeviceEvent) -> None:
        raise RuntimeError("listener bug")

    bus = KeypadBus(link, {3: "kp"}, boom)
    with caplog.at_level(logging.ERROR, logger="devices.drivers.keypad"):
        link.hear(CALL_FROM_3 + CALL_FROM_3)
    assert bus.errors["listener"] == 2
    assert len(link.written) == 2
    assert "listener bug" in caplog.text


def test_commands_use_the_documented_keys() -> None:
    link = FakeLink()
    bus = KeypadBus(link, {3: "kp"}, Events())
    bus.show_ticket(3, "A023")
    bus.show_waiting(3, 1234)
    bus.beep(3)
    bus.ask_rating(3)
    bus.set_star_level(3)
    assert link.written == [
        (keypad.show_ticket(3, "A023"), ("keypad", 3, "ticket")),
        (keypad.show_waiting(3, 999), ("keypad", 3, "waiting")),
        (keypad.beep(3), None),
        (keypad.ask_rating(3), None),
        (keypad.star_level(3), ("keypad", 3, "stars")),
    ]


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match=r"0\.\.255"):
        KeypadBus(FakeLink(), {256: "kp"}, Events())
    bus = KeypadBus(FakeLink(), {3: "kp"}, Events())
    with pytest.raises(ValueError, match="digit"):
        bus.show_ticket(3, "A")
