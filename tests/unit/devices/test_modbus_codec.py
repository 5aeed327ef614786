"""Modbus RTU frames for numeric displays: CRC vectors and frames from public examples.

The 0x11-unit frames are the worked examples on simplymodbus.ca and in the Modbus serial-line
guide; the check value of CRC-16/MODBUS over "123456789" is 0x4B37 (the CRC catalogue).
"""

from __future__ import annotations

import pytest

from devices.codecs.modbus import (
    ModbusException,
    ModbusRequestDecoder,
    ModbusResponseDecoder,
    ReadHoldingReply,
    ReadHoldingRequest,
    UnsupportedRequest,
    WriteMultipleReply,
    WriteMultipleRequest,
    WriteSingleReply,
    WriteSingleRequest,
    crc16,
    exception_reply,
    read_registers,
    read_reply,
    write_register,
    write_registers,
    write_registers_reply,
)


def h(text: str) -> bytes:
    return bytes.fromhex(text)


@pytest.mark.parametrize(
    ("pdu", "crc_bytes"),
    [
        ("01 03 00 00 00 0A", "C5 CD"),
        ("01 06 00 01 00 03", "98 0B"),
        ("11 03 00 6B 00 03", "76 87"),
        ("11 06 00 01 00 03", "9A 9B"),
        ("11 10 00 01 00 02 04 00 0A 01 02", "C6 F0"),
        ("11 10 00 01 00 02", "12 98"),
        ("11 03 06 AE 41 56 52 43 40", "49 AD"),
        ("01 83 02", "C0 F1"),
    ],
)
def test_crc_vectors_low_byte_first(pdu: str, crc_bytes: str) -> None:
    crc = crc16(h(pdu))
    assert bytes([crc & 0xFF, crc >> 8]) == h(crc_bytes)


def test_crc_check_value() -> None:
    assert crc16(b"123456789") == 0x4B37


def test_request_encoders() -> None:
    assert read_registers(1, 0, 10) == h("01 03 00 00 00 0A C5 CD")
    assert read_registers(0x11, 0x6B, 3) == h("11 03 00 6B 00 03 76 87")
    assert write_register(1, 1, 3) == h("01 06 00 01 00 03 98 0B")
    assert write_register(0x11, 1, 3) == h("11 06 00 01 00 03 9A 9B")
    assert write_registers(0x11, 1, [0x000A, 0x0102]) == h("11 10 00 01 00 02 04 00 0A 01 02 C6 F0")


def test_reply_encoders() -> None:
    assert read_reply(0x11, [0xAE41, 0x5652, 0x4340]) == h("11 03 06 AE 41 56 52 43 40 49 AD")
    assert write_registers_reply(0x11, 1, 2) == h("11 10 00 01 00 02 12 98")
    assert exception_reply(1, 3, 2) == h("01 83 02 C0 F1")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: read_registers(0, 0, 1), "unit id 0"),
        (lambda: read_registers(248, 0, 1), "unit id 248"),
        (lambda: write_register(248, 0, 1), "unit id 248"),
        (lambda: write_register(1, -1, 1), "register -1"),
        (lambda: write_register(1, 65536, 1), "register 65536"),
        (lambda: write_register(1, 0, 65536), "value 65536"),
        (lambda: write_register(1, 0, -1), "value -1"),
        (lambda: read_registers(1, 0, 0), "0 registers"),
        (lambda: read_registers(1, 0, 126), "126 registers"),
        (lambda: read_registers(1, 65535, 2), "past 65535"),
        (lambda: write_registers(1, 0, []), "0 registers"),
        (lambda: write_registers(1, 0, [0] * 124), "124 registers"),
        (lambda: write_registers(1, 0, [1, 70000]), "value 70000"),
        (lambda: exception_reply(1, 0x83, 2), "cannot carry"),
    ],
)
def test_encoders_validate(call: object, message: str) -> None:
    assert callable(call)
    with pytest.raises(ValueError, match=message):
        call()


def test_broadcast_writes_are_allowed() -> None:
    assert write_register(0, 0, 7)[:2] == h("00 06")


# -- the device side ---------------------------------------------------------------------------


def test_request_decoder_hand_written_frames() -> None:
    decoder = ModbusRequestDecoder()
    frames = decoder.feed(
        h("01 03 00 00 00 0A C5 CD")
        + h("01 06 00 01 00 03 98 0B")
        + h("11 10 00 01 00 02 04 00 0A 01 02 C6 F0")
        + h("01 04 00 00 00 01 31 CA")
    )
    assert frames == [
        ReadHoldingRequest(1, 0, 10),
        WriteSingleRequest(1, 1, 3),
        WriteMultipleRequest(0x11, 1, (0x000A, 0x0102)),
        UnsupportedRequest(1, 0x04),
    ]
    assert not decoder.errors


def test_request_decoder_one_byte_at_a_time() -> None:
    decoder = ModbusRequestDecoder()
    stream = h("11 10 00 01 00 02 04 00 0A 01 02 C6 F0") + h("01 06 00 01 00 03 98 0B")
    frames = [frame for byte in stream for frame in decoder.feed(bytes([byte]))]
    assert frames == [WriteMultipleRequest(0x11, 1, (10, 0x0102)), WriteSingleRequest(1, 1, 3)]
    assert not decoder.errors


def test_request_decoder_skips_garbage_and_bad_crc() -> None:
    decoder = ModbusRequestDecoder()
    frames = decoder.feed(
        h("FF FE")  # noise
        + h("01 06 00 01 00 03 98 0C")  # CRC high byte wrong
        + h("01 06 00 01 00 03 98 0B")
    )
    assert frames == [WriteSingleRequest(1, 1, 3)]
    assert sum(decoder.errors.values()) >= 1


def test_request_byte_count_must_match_register_count() -> None:
    # 01 10 00 00 00 02 02 00 07: quantity 2 but only 2 bytes; CRC computed over those bytes.
    pdu = h("01 10 00 00 00 02 02 00 07")
    crc = crc16(pdu)
    decoder = ModbusRequestDecoder()
    assert decoder.feed(pdu + bytes([crc & 0xFF, crc >> 8])) == []
    assert decoder.errors["count"] == 1


# -- the host side -----------------------------------------------------------------------------


def test_response_decoder_hand_written_frames() -> None:
    decoder = ModbusResponseDecoder()
    frames = decoder.feed(
        h("11 03 06 AE 41 56 52 43 40 49 AD")
        + h("11 06 00 01 00 03 9A 9B")
        + h("11 10 00 01 00 02 12 98")
        + h("01 83 02 C0 F1")
    )
    assert frames == [
        ReadHoldingReply(0x11, (0xAE41, 0x5652, 0x4340)),
        WriteSingleReply(0x11, 1, 3),
        WriteMultipleReply(0x11, 1, 2),
        ModbusException(1, 3, 2),
    ]
    assert not decoder.errors


def test_exception_frame_keeps_the_function_without_the_flag() -> None:
    (frame,) = ModbusResponseDecoder().feed(h("01 86 02 C3 A1"))
    assert frame == ModbusException(unit=1, function=0x06, code=0x02)


def test_a_cut_off_reply_does_not_block_the_next() -> None:
    # The first reply claims 32 data bytes but only 2 arrive before a complete reply: without
    # silence to mark its end, waiting for 32 bytes would hold the next reply back.
    decoder = ModbusResponseDecoder()
    frames = decoder.feed(h("11 03 20 AE 41") + h("11 06 00 01 00 03 9A 9B"))
    assert frames == [WriteSingleReply(0x11, 1, 3)]
    assert decoder.errors == {"noise": 1}


def test_a_cut_off_reply_whose_claimed_length_has_arrived_is_a_checksum_error() -> None:
    decoder = ModbusResponseDecoder()
    frames = decoder.feed(h("11 03 06 AE 41") + h("11 06 00 01 00 03 9A 9B"))
    assert frames == [WriteSingleReply(0x11, 1, 3)]
    assert decoder.errors == {"checksum": 1}


def test_odd_read_byte_count_is_refused() -> None:
    pdu = h("01 03 01 07")
    crc = crc16(pdu)
    decoder = ModbusResponseDecoder()
    assert decoder.feed(pdu + bytes([crc & 0xFF, crc >> 8])) == []
    assert decoder.errors["count"] == 1


def test_response_decoder_waits_for_the_rest() -> None:
    decoder = ModbusResponseDecoder()
    assert decoder.feed(h("11 03 06 AE 41 56")) == []
    assert decoder.feed(h("52 43 40 49 AD")) == [ReadHoldingReply(0x11, (0xAE41, 0x5652, 0x4340))]
    assert not decoder.errors
