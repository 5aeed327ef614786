"""The simulated LED bus and Modbus display, driven with hand-written frames."""

from __future__ import annotations

import pytest

from devices.codecs.led import ScreenKind
from devices.simulators.base import DeviceSimulator
from devices.simulators.displays import LedBusSimulator, ModbusDisplaySimulator

# See test_led_codec.py for the checksum arithmetic of these frames.
STRIP_A001 = bytes.fromhex("AA 12 BB 51 54 CE 01 00 99 00 63 41 30 30 31 FF")
# Hall, address 3, "A001": 08+02+99+00+63 = 262; 262 + 210 + 255 = 727 = 2*256 + 215 -> CS D7.
HALL_A001 = bytes.fromhex("AA 03 BB 51 54 D7 08 02 99 00 63 41 30 30 31 FF")
# Strip, address 0x12, "B7": 42+37 = 66+55 = 121; 253 + 121 + 255 = 629 = 2*256 + 117 -> CS 75.
STRIP_B7 = bytes.fromhex("AA 12 BB 51 54 75 01 00 99 00 63 42 37 FF")


class Wire:
    def __init__(self) -> None:
        self.sent: list[bytes] = []

    def __call__(self, data: bytes) -> None:
        self.sent.append(data)


def h(text: str) -> bytes:
    return bytes.fromhex(text)


def test_both_are_device_simulators() -> None:
    simulators: list[DeviceSimulator] = [LedBusSimulator(Wire()), ModbusDisplaySimulator(Wire())]
    assert [s.kind for s in simulators] == ["led", "modbus"]


# -- LED bus -----------------------------------------------------------------------------------


def test_led_bus_keeps_the_latest_text_per_address() -> None:
    wire = Wire()
    sim = LedBusSimulator(wire)
    changes: list[None] = []
    sim.on_change(lambda: changes.append(None))
    assert sim.describe() == "LED bus: nothing shown yet"
    sim.receive(STRIP_A001 + HALL_A001[:7])
    sim.receive(HALL_A001[7:])
    sim.receive(STRIP_B7)
    assert sim.text(0x12) == "B7"
    assert sim.screen_kind(3) is ScreenKind.HALL
    assert sim.text(99) is None
    assert sim.describe() == "LED hall 3: A001\nLED strip 18: B7"
    assert sim.frames_received == 3
    assert len(changes) == 3
    assert wire.sent == []  # LED screens never answer


def test_led_bus_counts_garbage() -> None:
    sim = LedBusSimulator(Wire())
    sim.receive(b"\x00\x01\x02" + STRIP_A001)
    assert sim.text(0x12) == "A001"
    assert sim.errors["noise"] == 1


def test_led_bus_clear_command() -> None:
    sim = LedBusSimulator(Wire())
    sim.receive(STRIP_A001)
    command = sim.commands()["clear"]
    assert command.run([]) == "every LED screen is blank"
    assert sim.screens == {}
    with pytest.raises(ValueError, match="no arguments"):
        command.run(["now"])


# -- Modbus display ------------------------------------------------------------------------------


def test_modbus_write_single_is_echoed_and_shown() -> None:
    wire = Wire()
    sim = ModbusDisplaySimulator(wire)
    changes: list[None] = []
    sim.on_change(lambda: changes.append(None))
    sim.receive(h("01 06 00 00 03 78 89 18"))  # register 0 := 888
    assert wire.sent == [h("01 06 00 00 03 78 89 18")]
    assert sim.value == 888
    assert sim.describe() == "modbus display 1: 888"
    assert changes == [None]


def test_modbus_write_multiple_then_read() -> None:
    wire = Wire()
    sim = ModbusDisplaySimulator(wire)
    sim.receive(h("01 10 00 00 00 01 02 03 78 A6 82"))  # register 0 := 888 via 0x10
    sim.receive(h("01 03 00 00 00 02 C4 0B"))  # read registers 0..1
    assert wire.sent == [h("01 10 00 00 00 01 01 C9"), h("01 03 04 03 78 00 00 7A 6E")]


def test_modbus_out_of_range_register_is_exception_2() -> None:
    wire = Wire()
    sim = ModbusDisplaySimulator(wire, registers=16)
    sim.receive(h("01 06 00 64 03 78 C8 C7"))  # register 100
    assert wire.sent == [h("01 86 02 C3 A1")]
    assert sim.value == 0


def test_modbus_unknown_function_is_exception_1() -> None:
    wire = Wire()
    ModbusDisplaySimulator(wire).receive(h("01 04 00 00 00 01 31 CA"))
    assert wire.sent == [h("01 84 01 82 C0")]


def test_modbus_read_of_zero_registers_is_exception_3() -> None:
    wire = Wire()
    # 01 03 00 00 00 00: CRC 45 CA
    ModbusDisplaySimulator(wire).receive(h("01 03 00 00 00 00 45 CA"))
    assert wire.sent == [h("01 83 03 01 31")]


def test_modbus_other_unit_gets_no_reply_and_broadcast_is_obeyed_silently() -> None:
    wire = Wire()
    sim = ModbusDisplaySimulator(wire, unit=1)
    sim.receive(h("02 06 00 00 03 78 89 2B"))  # unit 2
    assert wire.sent == []
    assert sim.value == 0
    sim.receive(h("00 06 00 00 00 07 C9 D9"))  # broadcast: register 0 := 7
    assert wire.sent == []
    assert sim.value == 7


def test_modbus_clear_command_and_unit_check() -> None:
    sim = ModbusDisplaySimulator(Wire(), unit=5)
    sim.receive(h("05 06 00 00 00 07 C9 8C"))
    assert sim.value == 7
    assert sim.commands()["clear"].run([]) == "modbus display 5: 0"
    with pytest.raises(ValueError, match="unit id 0"):
        ModbusDisplaySimulator(Wire(), unit=0)
