"""The keypad simulator: what it sends for each key, and what it makes of the host's frames."""

from __future__ import annotations

import threading

import pytest

from devices.codecs import keypad
from devices.events import KeypadKey
from devices.simulators.base import DeviceSimulator
from devices.simulators.keypad import KeypadSimulator


class Wire:
    def __init__(self) -> None:
        self.sent: list[bytes] = []

    def __call__(self, data: bytes) -> None:
        self.sent.append(data)


def make(**kwargs: object) -> tuple[KeypadSimulator, Wire]:
    wire = Wire()
    return KeypadSimulator(wire, **kwargs), wire  # type: ignore[arg-type]


def test_it_is_a_device_simulator() -> None:
    simulator: DeviceSimulator = make()[0]
    assert simulator.kind == "keypad"


def test_press_call_sends_the_hand_written_frame() -> None:
    simulator, wire = make(callers=(3,))
    simulator.press(KeypadKey.CALL)
    # CS = 0x03 + 0x01 + 0x0C = 0x10.
    assert wire.sent == [bytes.fromhex("FF 68 03 03 68 03 01 0C 10 16")]


@pytest.mark.parametrize(
    ("key", "wire_hex"),
    [
        (KeypadKey.NO_SHOW, "FF 68 04 04 68 03 01 06 0F 19 16"),
        (KeypadKey.HANG_UP, "FF 68 04 04 68 03 01 00 0F 13 16"),
        (KeypadKey.CALL_BACK, "FF 68 04 04 68 03 01 03 0F 16 16"),
    ],
)
def test_digit_and_confirm_go_in_one_frame(key: KeypadKey, wire_hex: str) -> None:
    simulator, wire = make(callers=(3,))
    simulator.press(key, 3)
    assert wire.sent == [bytes.fromhex(wire_hex)]


@pytest.mark.parametrize("key", list(KeypadKey))
def test_every_key_is_understood_by_the_interpreter(key: KeypadKey) -> None:
    simulator, wire = make(callers=(7,))
    simulator.press(key, 7)
    interpreter = keypad.KeyInterpreter()
    decoded = [f for chunk in wire.sent for f in keypad.KeypadDecoder().feed(chunk)]
    assert [interpreter.interpret(f) for f in decoded] == [keypad.KeyInput(7, key)]


def test_the_echo_counts_as_an_ack() -> None:
    simulator, wire = make(callers=(3,))
    simulator.press(KeypadKey.CALL)
    assert simulator.view(3).unacknowledged == 1
    simulator.receive(wire.sent[0])
    view = simulator.view(3)
    assert (view.acks, view.unacknowledged) == (1, 0)
    assert not simulator.errors


def test_rating_and_its_ack() -> None:
    simulator, wire = make(callers=(3,), evaluators=(3,))
    simulator.rate(5)
    # Index 3, CS = 0x03 + 0x11 + 0x03 = 0x17.
    assert wire.sent == [bytes.fromhex("FF 68 03 03 68 03 11 03 17 16")]
    simulator.receive(bytes.fromhex("FF 68 03 03 68 03 01 03 07 16"))
    view = simulator.view(3)
    assert (view.acks, view.last_score, view.rating_asked) == (1, 5, False)


def test_the_host_shows_a_ticket_then_the_waiting_count() -> None:
    simulator, _ = make(callers=(5,))
    simulator.receive(bytes.fromhex("FF 68 08 08 68 05 02 0A 0A 0A 00 02 03 2A 16"))
    view = simulator.view(5)
    assert (view.ticket, view.display) == ("023", "   023")
    simulator.receive(keypad.show_waiting(5, 12))
    view = simulator.view(5)
    assert (view.ticket, view.waiting, view.display) == ("023", 12, "012   ")
    assert simulator.describe() == "keypad 5: ticket 023 · waiting 12 · beeps 0"


def test_beeps_in_any_chunking() -> None:
    simulator, _ = make(callers=(5,))
    wire = keypad.beep(5) * 2 + b"\x00\x01" + keypad.beep(5)
    for b in wire:
        simulator.receive(bytes([b]))
    assert simulator.view(5).beeps == 3
    assert simulator.errors["noise"] == 1


def test_frames_for_other_addresses_are_ignored() -> None:
    simulator, _ = make(callers=(5,))
    simulator.receive(keypad.beep(6) + keypad.show_ticket(6, "A001"))
    assert simulator.view(5).beeps == 0
    assert not simulator.errors


def test_ask_rating_and_star_level_on_an_evaluator() -> None:
    simulator, _ = make(callers=(), evaluators=(4,))
    simulator.receive(keypad.star_level(4) + keypad.ask_rating(4))
    view = simulator.view(4)
    assert (view.stars, view.rating_asked) == (5, True)
    assert simulator.describe() == "evaluator 4: stars 5 · rating asked"
    simulator.rate(4)
    assert simulator.describe() == "evaluator 4: stars 5 · rated 4"


def test_the_echo_of_the_evaluate_key_starts_the_evaluator_at_that_address() -> None:
    simulator, wire = make(callers=(3,), evaluators=(3,))
    simulator.press(KeypadKey.EVALUATE)
    simulator.receive(wire.sent[0])
    view = simulator.view(3)
    assert (view.acks, view.rating_asked) == (1, True)


def test_unreadable_display_data_is_counted() -> None:
    simulator, _ = make(callers=(5,))
    simulator.receive(keypad.encode(keypad.KeypadFrame(5, 2, bytes([1, 2, 0x30, 4, 5, 6]))))
    assert simulator.errors["display"] == 1
    simulator.receive(keypad.encode(keypad.KeypadFrame(5, 0x42, b"\x01")))
    assert simulator.errors["command"] == 1


def test_on_change_is_called_when_the_host_changes_something() -> None:
    simulator, _ = make(callers=(5,))
    calls: list[str] = []
    simulator.on_change(lambda: calls.append(simulator.describe()))
    simulator.receive(keypad.show_ticket(5, "A023"))
    simulator.receive(b"\x00")
    assert calls == ["keypad 5: ticket 023 · waiting --- · beeps 0"]


def test_terminal_commands() -> None:
    simulator, wire = make(callers=(1, 2), evaluators=(2,))
    commands = simulator.commands()
    assert set(commands) == {"press", "rate"}
    assert commands["press"].run(["call"]) == "keypad 1: pressed call"
    assert commands["press"].run(["NO_SHOW", "2"]) == "keypad 2: pressed no_show"
    assert commands["rate"].run(["3"]) == "evaluator 2: rated 3"
    assert len(wire.sent) == 3
    for words in (["dance"], [], ["call", "9"], ["call", "x"], ["call", "1", "2"]):
        with pytest.raises(ValueError):  # noqa: PT011 - each message differs
            commands["press"].run(words)
    for words in (["1"], ["x"], ["3", "1"]):
        with pytest.raises(ValueError):  # noqa: PT011
            commands["rate"].run(words)


def test_bad_construction_and_addresses() -> None:
    with pytest.raises(ValueError, match="at least one"):
        KeypadSimulator(Wire(), callers=())
    with pytest.raises(ValueError, match=r"0\.\.255"):
        KeypadSimulator(Wire(), callers=(256,))
    simulator, _ = make(callers=(1,))
    with pytest.raises(ValueError, match="no evaluator"):
        simulator.rate(5)
    with pytest.raises(ValueError, match="address 2"):
        simulator.press(KeypadKey.CALL, 2)


def test_presses_and_host_frames_from_two_threads() -> None:
    lock = threading.Lock()
    sent: list[bytes] = []

    def send(data: bytes) -> None:
        with lock:
            sent.append(data)

    simulator = KeypadSimulator(send, callers=(1,))

    def press() -> None:
        for _ in range(200):
            simulator.press(KeypadKey.CALL)

    def host() -> None:
        for _ in range(200):
            simulator.receive(keypad.beep(1))

    threads = [threading.Thread(target=press), threading.Thread(target=host)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(5)
    simulator.receive(b"".join(sent))
    view = simulator.view(1)
    assert (view.beeps, view.acks, view.unacknowledged) == (200, 200, 0)
