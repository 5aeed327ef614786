"""Drivers over real byte streams: a keypad on a pty pair, LED screens behind a TCP device server.

The simulators sit on the device side of the same wires ``counterdesk simulate`` uses (a pty it
made, a TCP port it listens on), so the link, the codec and the driver meet the kernel's tty layer
and a real socket, including a device server that drops the connection and takes it back.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator

import pytest

from devices.codecs.led import ScreenKind
from devices.drivers.displays import LedBus, ScreenSpec
from devices.drivers.keypad import KeypadBus
from devices.events import DeviceEvent, KeypadKey, KeyPressed
from devices.link import SerialLink
from devices.simulators.base import DeviceSimulator
from devices.simulators.displays import LedBusSimulator
from devices.simulators.keypad import KeypadSimulator
from devices.simulators.runner import PtyWire, TcpWire, Wire
from devices.state import DeviceState
from tests.helpers.waiting import until


class Served:
    """A simulator pumped on its wire's device side until the test ends."""

    def __init__(self, wire: Wire, factory: Callable[..., DeviceSimulator]) -> None:
        self.wire = wire
        self.simulator = factory(wire.send)
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=wire.pump, args=(self.simulator.receive, self._stop), daemon=True
        )
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.wire.close()


@pytest.fixture
def cleanup() -> Iterator[list[Callable[[], None]]]:
    undo: list[Callable[[], None]] = []
    yield undo
    for step in reversed(undo):
        step()


def test_a_keypad_on_a_pty_calls_and_shows_the_ticket(cleanup: list[Callable[[], None]]) -> None:
    served = Served(PtyWire(), lambda send: KeypadSimulator(send, callers=(3,)))
    cleanup.append(served.close)
    keypad = served.simulator
    assert isinstance(keypad, KeypadSimulator)
    link = SerialLink(served.wire.where)
    cleanup.append(link.stop)
    events: list[DeviceEvent] = []
    bus = KeypadBus(link, {3: "keypad"}, events.append)
    link.start()
    assert link.wait_ready(5)

    keypad.press(KeypadKey.CALL, 3)
    assert until(lambda: KeyPressed("keypad", 3, KeypadKey.CALL) in events)
    assert until(lambda: keypad.view(3).acks >= 1)  # the host echoed the frame as its ACK
    bus.show_ticket(3, "A023")
    assert until(lambda: keypad.view(3).ticket == "023")
    assert bus.errors.total() == 0


def test_led_screens_behind_a_device_server_get_the_call_back_after_a_drop(
    cleanup: list[Callable[[], None]],
) -> None:
    served = Served(TcpWire("127.0.0.1", 0), LedBusSimulator)
    cleanup.append(served.close)
    screens = served.simulator
    assert isinstance(screens, LedBusSimulator)
    link = SerialLink(served.wire.where, frame_gap=0.1)
    cleanup.append(link.stop)
    states: list[DeviceState] = []
    link.on_state(lambda state, _detail: states.append(state))
    bus = LedBus(link, {1: ScreenSpec(ScreenKind.STRIP, "请{number}号到{window}号窗口", "w")})
    link.start()
    assert link.wait_ready(5)

    bus.show_call("A023", "3")
    assert until(lambda: screens.text(1) == "请A023号到3号窗口")

    wire = served.wire
    assert isinstance(wire, TcpWire)
    client = wire._client
    assert client is not None
    client.shutdown(socket.SHUT_RDWR)  # the box reboots
    assert until(lambda: DeviceState.DISCONNECTED in states)
    bus.show_call("A024", "3")
    assert until(lambda: states.count(DeviceState.READY) >= 2)
    assert until(lambda: screens.text(1) == "请A024号到3号窗口")
