"""The simulated card readers answer with the bytes a real reader would send."""

from __future__ import annotations

import threading

import pytest

from devices.codecs import idcard
from devices.codecs.idcard import IdReply, IdReplyDecoder, id_number_valid, parse_read_reply
from devices.simulators.base import DeviceSimulator
from devices.simulators.readers import SAMPLE_CARD, CardReaderSimulator, IdCardSimulator

H = "AA AA AA 96 69"
FIND = bytes.fromhex(f"{H} 00 03 20 01 22")
SELECT = bytes.fromhex(f"{H} 00 03 20 02 21")
READ = bytes.fromhex(f"{H} 00 03 30 01 32")
SAM_STATUS = bytes.fromhex(f"{H} 00 03 11 FF ED")


class Wire:
    """What the simulator sent, and whether it said something changed."""

    def __init__(self) -> None:
        self.sent: list[bytes] = []
        self.changes = 0

    def __call__(self, data: bytes) -> None:
        self.sent.append(data)

    def changed(self) -> None:
        self.changes += 1


# -- line reader --------------------------------------------------------------------------------
@pytest.fixture
def wire() -> Wire:
    return Wire()


@pytest.fixture
def card_reader(wire: Wire) -> CardReaderSimulator:
    simulator = CardReaderSimulator(wire)
    simulator.on_change(wire.changed)
    return simulator


def test_line_reader_is_a_device_simulator(card_reader: CardReaderSimulator) -> None:
    simulator: DeviceSimulator = card_reader
    assert simulator.kind == "card"
    assert set(simulator.commands()) == {"swipe", "tap", "type"}


def test_swipe_sends_a_track2_line(card_reader: CardReaderSimulator, wire: Wire) -> None:
    assert card_reader.commands()["swipe"].run(["6222020200112233445"]).startswith("sent ")
    assert wire.sent == [b";6222020200112233445=4912101?\r\n"]
    assert card_reader.describe() == "Card reader: last line ;6222020200112233445=4912101?"
    assert wire.changes == 1


def test_tap_sends_the_uid_in_upper_case(card_reader: CardReaderSimulator, wire: Wire) -> None:
    card_reader.commands()["tap"].run(["04a1b2c3"])
    assert wire.sent == [b"04A1B2C3\r\n"]


def test_type_sends_any_line(card_reader: CardReaderSimulator, wire: Wire) -> None:
    card_reader.commands()["type"].run(["ACC-", "881200"])
    assert wire.sent == [b"ACC- 881200\r\n"]


@pytest.mark.parametrize(
    ("command", "words"),
    [
        ("swipe", ["62220A"]),
        ("swipe", ["1" * 20]),
        ("swipe", []),
        ("tap", ["04A1B2"]),
        ("tap", ["04A1B2C"]),
        ("tap", ["ZZZZZZZZ"]),
        ("type", []),
        ("type", ["张三"]),
    ],
)
def test_bad_words_are_refused(
    card_reader: CardReaderSimulator, wire: Wire, command: str, words: list[str]
) -> None:
    with pytest.raises(ValueError, match=r"\S"):
        card_reader.commands()[command].run(words)
    assert wire.sent == []


def test_line_reader_ignores_the_host(card_reader: CardReaderSimulator, wire: Wire) -> None:
    card_reader.receive(b"anything")
    assert wire.sent == []
    assert card_reader.describe() == "Card reader: ready"


# -- ID card reader -----------------------------------------------------------------------------
@pytest.fixture
def id_reader(wire: Wire) -> IdCardSimulator:
    simulator = IdCardSimulator(wire)
    simulator.on_change(wire.changed)
    return simulator


def replies(wire: Wire) -> list[IdReply]:
    decoder = IdReplyDecoder()
    got = [reply for chunk in wire.sent for reply in decoder.feed(chunk)]
    assert not decoder.errors
    return got


def test_id_reader_is_a_device_simulator(id_reader: IdCardSimulator) -> None:
    simulator: DeviceSimulator = id_reader
    assert simulator.kind == "idcard"
    assert set(simulator.commands()) == {"present", "remove"}
    assert simulator.describe() == "ID card reader: no card"


def test_sam_status_is_fine(id_reader: IdCardSimulator, wire: Wire) -> None:
    id_reader.receive(SAM_STATUS)
    assert wire.sent == [bytes.fromhex(f"{H} 00 04 00 00 90 94")]  # 04 ^ 90 = 94


def test_without_a_card_find_select_and_read_fail(id_reader: IdCardSimulator, wire: Wire) -> None:
    id_reader.receive(FIND + SELECT + READ)
    assert wire.sent == [
        bytes.fromhex(f"{H} 00 04 00 00 80 84"),
        bytes.fromhex(f"{H} 00 04 00 00 81 85"),
        bytes.fromhex(f"{H} 00 04 00 00 41 45"),  # 04 ^ 41 = 45
    ]


def test_with_a_card_the_reader_finds_selects_and_reads_it(
    id_reader: IdCardSimulator, wire: Wire
) -> None:
    assert id_reader.commands()["present"].run([]) == "card 张三 110105199003070017 presented"
    assert id_reader.describe() == "ID card reader: card 张三 presented"
    assert wire.changes == 1
    for byte in FIND + SELECT + READ:  # one byte at a time, as a slow port delivers them
        id_reader.receive(bytes([byte]))
    assert wire.sent[0] == bytes.fromhex(f"{H} 00 08 00 00 9F 00 00 00 00 97")
    assert wire.sent[1] == bytes.fromhex(f"{H} 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C")
    assert len(wire.sent[2]) == 1295
    assert wire.sent[2][:14] == bytes.fromhex(f"{H} 05 08 00 00 90 01 00 04 00")
    read = replies(wire)[2]
    assert read.ok
    assert parse_read_reply(read.data) == SAMPLE_CARD
    assert id_reader.commands_seen == {idcard.FIND: 1, idcard.SELECT: 1, idcard.READ: 1}


def test_the_sample_card_has_a_valid_id_number() -> None:
    assert id_number_valid(SAMPLE_CARD.id_number)
    assert SAMPLE_CARD.name == "张三"
    assert "某市" in SAMPLE_CARD.address


def test_present_with_a_name_and_remove(id_reader: IdCardSimulator, wire: Wire) -> None:
    id_reader.commands()["present"].run(["李四"])
    assert id_reader.describe() == "ID card reader: card 李四 presented"
    id_reader.receive(READ)
    assert parse_read_reply(replies(wire)[0].data).name == "李四"
    assert id_reader.commands()["remove"].run([]) == "card removed"
    assert id_reader.describe() == "ID card reader: no card"
    id_reader.commands()["present"].run([])  # the last card comes back
    assert id_reader.describe() == "ID card reader: card 李四 presented"


def test_a_name_too_long_for_the_card_is_refused(id_reader: IdCardSimulator) -> None:
    with pytest.raises(ValueError, match="longer than 15"):
        id_reader.commands()["present"].run(["张" * 16])
    assert id_reader.describe() == "ID card reader: no card"


def test_a_card_given_at_start_lies_on_the_reader(wire: Wire) -> None:
    simulator = IdCardSimulator(wire, card=SAMPLE_CARD)
    assert simulator.describe() == "ID card reader: card 张三 presented"


def test_unknown_commands_get_a_command_error(id_reader: IdCardSimulator, wire: Wire) -> None:
    id_reader.receive(idcard.command(0x61, 0xFF))
    assert replies(wire) == [IdReply(0, 0, idcard.SW_BAD_COMMAND, b"")]


def test_garbage_is_counted_not_answered(id_reader: IdCardSimulator, wire: Wire) -> None:
    id_reader.receive(b"\x00\x01garbage" + FIND[:-1] + b"\x00" + FIND)
    assert len(wire.sent) == 1
    assert id_reader.errors["checksum"] == 1


def test_id_reader_is_thread_safe(id_reader: IdCardSimulator, wire: Wire) -> None:
    def flip() -> None:
        for _ in range(200):
            id_reader.present()
            id_reader.remove()

    flipper = threading.Thread(target=flip)
    flipper.start()
    for _ in range(200):
        id_reader.receive(FIND)
    flipper.join()
    assert {reply.sw3 for reply in replies(wire)} <= {idcard.SW_FOUND, idcard.SW_NO_CARD}
    assert len(wire.sent) == 200
