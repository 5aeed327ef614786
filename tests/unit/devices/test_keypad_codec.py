"""Keypad frames written out by hand from the documented format (DEVICES.md, frmMain.cs).

Frame: FF 68 L L 68 ADDR FUNC DATA… CS 16, L = len(DATA) + 2, CS = (ADDR + FUNC + ΣDATA) mod 256.
"""

from __future__ import annotations

import pytest

from devices.codecs import keypad
from devices.codecs.keypad import (
    KeyInput,
    KeyInterpreter,
    KeypadDecoder,
    KeypadFrame,
    RatingInput,
)
from devices.events import KeypadKey

# Call (0x0C) from address 3, key function 0x01: CS = 0x03 + 0x01 + 0x0C = 0x10.
CALL_FROM_3 = bytes.fromhex("FF 68 03 03 68 03 01 0C 10 16")
# Recall (0x0D): CS = 0x03 + 0x01 + 0x0D = 0x11.
RECALL_FROM_3 = bytes.fromhex("FF 68 03 03 68 03 01 0D 11 16")
# Evaluate (0x0B): CS = 0x03 + 0x01 + 0x0B = 0x0F.
EVALUATE_FROM_3 = bytes.fromhex("FF 68 03 03 68 03 01 0B 0F 16")
# Pause (0x12): CS = 0x03 + 0x01 + 0x12 = 0x16 (the checksum looks like an end byte).
PAUSE_FROM_3 = bytes.fromhex("FF 68 03 03 68 03 01 12 16 16")
# 6 + confirm in one frame, L = 4: CS = 0x03 + 0x01 + 0x06 + 0x0F = 0x19.
NO_SHOW_FROM_3 = bytes.fromhex("FF 68 04 04 68 03 01 06 0F 19 16")
# 0 + confirm: CS = 0x03 + 0x01 + 0x00 + 0x0F = 0x13.
HANG_UP_FROM_3 = bytes.fromhex("FF 68 04 04 68 03 01 00 0F 13 16")
# 3 + confirm: CS = 0x03 + 0x01 + 0x03 + 0x0F = 0x16.
CALL_BACK_FROM_3 = bytes.fromhex("FF 68 04 04 68 03 01 03 0F 16 16")
# Evaluator at 3 rates key index 3 (非常满意): CS = 0x03 + 0x11 + 0x03 = 0x17.
RATING_3_FROM_3 = bytes.fromhex("FF 68 03 03 68 03 11 03 17 16")
# The host's reply: FUNC 0x01, CS = 0x17 - 0x10 = 0x07 (= 0x03 + 0x01 + 0x03).
RATING_ACK_3_FROM_3 = bytes.fromhex("FF 68 03 03 68 03 01 03 07 16")

GOLDEN_KEYS = [
    (CALL_FROM_3, KeypadKey.CALL),
    (RECALL_FROM_3, KeypadKey.RECALL),
    (EVALUATE_FROM_3, KeypadKey.EVALUATE),
    (PAUSE_FROM_3, KeypadKey.PAUSE),
    (NO_SHOW_FROM_3, KeypadKey.NO_SHOW),
    (HANG_UP_FROM_3, KeypadKey.HANG_UP),
    (CALL_BACK_FROM_3, KeypadKey.CALL_BACK),
]


def frame(hex_text: str) -> bytes:
    return bytes.fromhex(hex_text)


# --- encoding --------------------------------------------------------------------------------


def test_encode_matches_the_hand_written_call_frame() -> None:
    assert keypad.encode(KeypadFrame(3, 0x01, b"\x0c")) == CALL_FROM_3


def test_encode_refuses_values_that_are_not_bytes() -> None:
    with pytest.raises(ValueError, match="address"):
        keypad.encode(KeypadFrame(256, 0x01, b"\x0c"))
    with pytest.raises(ValueError, match="address"):
        keypad.encode(KeypadFrame(-1, 0x01, b"\x0c"))
    with pytest.raises(ValueError, match="function"):
        keypad.encode(KeypadFrame(1, 0x100, b""))
    with pytest.raises(ValueError, match="too long"):
        keypad.encode(KeypadFrame(1, 0x01, bytes(254)))


@pytest.mark.parametrize(("wire", "key"), GOLDEN_KEYS)
def test_key_frames_are_what_the_keypad_sends(wire: bytes, key: KeypadKey) -> None:
    assert b"".join(keypad.encode(f) for f in keypad.key_frames(key, 3)) == wire


# --- decoding --------------------------------------------------------------------------------


@pytest.mark.parametrize(("wire", "key"), GOLDEN_KEYS)
def test_every_key_decodes_and_interprets(wire: bytes, key: KeypadKey) -> None:
    decoder = KeypadDecoder()
    frames = decoder.feed(wire)
    assert len(frames) == 1
    assert frames[0].address == 3
    assert KeyInterpreter().interpret(frames[0]) == KeyInput(3, key)
    assert not decoder.errors


def test_decoding_the_call_frame_field_by_field() -> None:
    assert KeypadDecoder().feed(CALL_FROM_3) == [KeypadFrame(3, 0x01, b"\x0c")]


def test_one_byte_at_a_time() -> None:
    decoder = KeypadDecoder()
    wire = CALL_FROM_3 + NO_SHOW_FROM_3
    frames = [f for b in wire for f in decoder.feed(bytes([b]))]
    assert frames == [KeypadFrame(3, 0x01, b"\x0c"), KeypadFrame(3, 0x01, b"\x06\x0f")]
    assert not decoder.errors


def test_split_in_the_middle_of_the_header_and_of_the_body() -> None:
    decoder = KeypadDecoder()
    assert decoder.feed(CALL_FROM_3[:1]) == []
    assert decoder.feed(CALL_FROM_3[1:4]) == []
    assert decoder.feed(CALL_FROM_3[4:8]) == []
    assert decoder.feed(CALL_FROM_3[8:] + RECALL_FROM_3[:3]) == [KeypadFrame(3, 1, b"\x0c")]
    assert decoder.feed(RECALL_FROM_3[3:]) == [KeypadFrame(3, 1, b"\x0d")]
    assert not decoder.errors


def test_many_frames_in_one_chunk() -> None:
    wire = b"".join(w for w, _ in GOLDEN_KEYS)
    assert len(KeypadDecoder().feed(wire)) == len(GOLDEN_KEYS)


def test_garbage_between_frames_is_skipped_and_counted() -> None:
    decoder = KeypadDecoder()
    wire = frame("00 13 FF FF 68") + CALL_FROM_3 + frame("16 68 68") + RECALL_FROM_3 + frame("FF")
    frames = decoder.feed(wire)
    assert [f.data for f in frames] == [b"\x0c", b"\x0d"]
    assert decoder.errors["noise"] >= 2


def test_a_trailing_ff_is_kept_as_a_possible_header() -> None:
    decoder = KeypadDecoder()
    assert decoder.feed(frame("01 02 FF")) == []
    assert decoder.feed(CALL_FROM_3[1:]) == [KeypadFrame(3, 1, b"\x0c")]


def test_bad_checksum_is_dropped_and_the_next_frame_decodes() -> None:
    decoder = KeypadDecoder()
    bad = frame("FF 68 03 03 68 03 01 0C 11 16")  # CS should be 0x10
    assert decoder.feed(bad + RECALL_FROM_3) == [KeypadFrame(3, 1, b"\x0d")]
    assert decoder.errors["checksum"] == 1


def test_length_bytes_that_differ_are_rejected() -> None:
    decoder = KeypadDecoder()
    assert decoder.feed(frame("FF 68 03 04 68 03 01 0C 10 16") + CALL_FROM_3) == [
        KeypadFrame(3, 1, b"\x0c")
    ]
    assert decoder.errors["length"] == 1


def test_a_keypad_frame_longer_than_five_is_rejected() -> None:
    # L = 6: four data bytes; CS = 0x03 + 0x01 + 0x01 + 0x02 + 0x03 + 0x0C = 0x16.
    long_frame = frame("FF 68 06 06 68 03 01 01 02 03 0C 16 16")
    decoder = KeypadDecoder()
    assert decoder.feed(long_frame) == []
    assert decoder.errors["length"] == 1
    assert KeypadDecoder(max_length=8).feed(long_frame) == [KeypadFrame(3, 1, b"\x01\x02\x03\x0c")]


def test_a_frame_without_data_is_dropped_like_the_source_does() -> None:
    beep_like = frame("FF 68 02 02 68 03 03 06 16")  # CS = 0x03 + 0x03
    decoder = KeypadDecoder()
    assert decoder.feed(beep_like) == []
    assert decoder.errors["length"] == 1
    assert KeypadDecoder(8, min_length=2).feed(beep_like) == [KeypadFrame(3, 3, b"")]


def test_missing_end_byte_is_rejected() -> None:
    decoder = KeypadDecoder()
    assert decoder.feed(frame("FF 68 03 03 68 03 01 0C 10 17") + CALL_FROM_3) == [
        KeypadFrame(3, 1, b"\x0c")
    ]
    assert decoder.errors["end"] == 1


def test_second_start_byte_must_be_68() -> None:
    decoder = KeypadDecoder()
    assert decoder.feed(frame("FF 68 03 03 69 03 01 0C 10 16") + CALL_FROM_3) == [
        KeypadFrame(3, 1, b"\x0c")
    ]
    assert decoder.errors["header"] == 1


def test_a_truncated_frame_does_not_swallow_the_next_one() -> None:
    decoder = KeypadDecoder()
    frames = decoder.feed(NO_SHOW_FROM_3[:6] + CALL_FROM_3)
    assert frames == [KeypadFrame(3, 1, b"\x0c")]
    assert sum(decoder.errors.values()) >= 1


def test_decoder_arguments_are_checked() -> None:
    with pytest.raises(ValueError, match="min_length"):
        KeypadDecoder(max_length=1)
    with pytest.raises(ValueError, match="min_length"):
        KeypadDecoder(max_length=300)


# --- keys --------------------------------------------------------------------------------------


def test_lone_confirm_without_a_digit_does_nothing() -> None:
    interpreter = KeyInterpreter()
    assert interpreter.interpret(KeypadFrame(3, 1, b"\x0f")) is None
    assert interpreter.errors["confirm_without_digit"] == 1


def test_lone_digit_then_lone_confirm_from_the_same_address() -> None:
    interpreter = KeyInterpreter()
    assert interpreter.interpret(KeypadFrame(3, 1, b"\x06")) is None
    assert interpreter.interpret(KeypadFrame(3, 1, b"\x0f")) == KeyInput(3, KeypadKey.NO_SHOW)
    # The digit is used once.
    assert interpreter.interpret(KeypadFrame(3, 1, b"\x0f")) is None


def test_a_digit_from_another_address_does_not_confirm() -> None:
    interpreter = KeyInterpreter()
    interpreter.interpret(KeypadFrame(4, 1, b"\x06"))
    assert interpreter.interpret(KeypadFrame(3, 1, b"\x0f")) is None
    assert interpreter.interpret(KeypadFrame(4, 1, b"\x0f")) == KeyInput(4, KeypadKey.NO_SHOW)


def test_another_key_between_digit_and_confirm_forgets_the_digit() -> None:
    interpreter = KeyInterpreter()
    interpreter.interpret(KeypadFrame(3, 1, b"\x00"))
    assert interpreter.interpret(KeypadFrame(3, 1, b"\x0c")) == KeyInput(3, KeypadKey.CALL)
    assert interpreter.interpret(KeypadFrame(3, 1, b"\x0f")) is None


def test_the_digit_in_the_frame_wins_over_a_remembered_one() -> None:
    interpreter = KeyInterpreter()
    interpreter.interpret(KeypadFrame(3, 1, b"\x06"))
    assert interpreter.interpret(KeypadFrame(3, 1, b"\x03\x0f")) == KeyInput(3, KeypadKey.CALL_BACK)


def test_confirm_with_an_unused_digit_or_three_bytes_is_counted() -> None:
    interpreter = KeyInterpreter()
    assert interpreter.interpret(KeypadFrame(3, 1, b"\x05\x0f")) is None
    assert interpreter.interpret(KeypadFrame(3, 1, b"\x01\x06\x0f")) is None
    assert interpreter.errors["confirm_unused"] == 2


def test_unknown_and_unmapped_codes_are_counted_not_raised() -> None:
    interpreter = KeyInterpreter()
    for code in (0x0E, 0x11, 0x13):
        assert interpreter.interpret(KeypadFrame(3, 1, bytes([code]))) is None
    assert interpreter.interpret(KeypadFrame(3, 1, b"\x42")) is None
    assert interpreter.interpret(KeypadFrame(3, 1, b"")) is None
    assert interpreter.errors == {"unmapped_key": 3, "unknown_key": 1, "empty": 1}


def test_the_key_is_the_last_data_byte() -> None:
    assert KeyInterpreter().interpret(KeypadFrame(3, 1, b"\x07\x0d")) == KeyInput(
        3, KeypadKey.RECALL
    )


# --- ratings -----------------------------------------------------------------------------------


def test_rating_frame_decodes_to_a_score() -> None:
    frames = KeypadDecoder().feed(RATING_3_FROM_3)
    assert frames == [KeypadFrame(3, 0x11, b"\x03")]
    assert KeyInterpreter().interpret(frames[0]) == RatingInput(3, 5)


@pytest.mark.parametrize(("index", "score"), [(0, 2), (1, 3), (2, 4), (3, 5)])
def test_rating_scale_of_the_four_key_evaluator(index: int, score: int) -> None:
    assert KeyInterpreter().interpret(KeypadFrame(9, 0x11, bytes([index]))) == RatingInput(9, score)
    assert keypad.rating_frame(score, 9) == KeypadFrame(9, 0x11, bytes([index]))


def test_rating_out_of_range_is_counted() -> None:
    interpreter = KeyInterpreter()
    assert interpreter.interpret(KeypadFrame(9, 0x11, b"\x04")) is None
    assert interpreter.errors["rating_range"] == 1
    with pytest.raises(ValueError, match=r"2\.\.5"):
        keypad.rating_frame(1, 9)


# --- acknowledgements --------------------------------------------------------------------------


@pytest.mark.parametrize(("wire", "key"), GOLDEN_KEYS)
def test_a_key_frame_is_acknowledged_by_its_echo(wire: bytes, key: KeypadKey) -> None:
    (decoded,) = KeypadDecoder().feed(wire)
    assert keypad.acknowledgement(decoded) == wire


def test_a_rating_is_acknowledged_with_func_01_and_cs_minus_0x10() -> None:
    (decoded,) = KeypadDecoder().feed(RATING_3_FROM_3)
    assert keypad.acknowledgement(decoded) == RATING_ACK_3_FROM_3


def test_rating_ack_checksum_wraps_below_zero() -> None:
    # Address 0xF5, index 0: CS = 0xF5 + 0x11 + 0x00 = 0x106 -> 0x06; reply CS = 0x06 - 0x10 = 0xF6.
    rating = frame("FF 68 03 03 68 F5 11 00 06 16")
    (decoded,) = KeypadDecoder().feed(rating)
    assert keypad.acknowledgement(decoded) == frame("FF 68 03 03 68 F5 01 00 F6 16")


def test_a_longer_rating_is_answered_with_a_well_formed_frame() -> None:
    assert keypad.acknowledgement(KeypadFrame(3, 0x11, b"\x02\x07")) == frame(
        "FF 68 03 03 68 03 01 02 06 16"
    )


# --- host commands -----------------------------------------------------------------------------


def test_show_ticket_a023_shows_its_last_three_digits() -> None:
    # L = 8, FUNC 02, data 0A 0A 0A 00 02 03: CS = 05 + 02 + 0A*3 + 00 + 02 + 03 = 0x2A.
    assert keypad.show_ticket(5, "A023") == frame("FF 68 08 08 68 05 02 0A 0A 0A 00 02 03 2A 16")


def test_show_ticket_with_a_long_or_short_number() -> None:
    # "1234" shows 234: CS = 05 + 02 + 1E + 02 + 03 + 04 = 0x2E.
    assert keypad.show_ticket(5, "1234") == frame("FF 68 08 08 68 05 02 0A 0A 0A 02 03 04 2E 16")
    # "B7" shows a blank, a blank and 7: CS = 05 + 02 + 0A*5 + 07 = 0x40.
    assert keypad.show_ticket(5, "B7") == frame("FF 68 08 08 68 05 02 0A 0A 0A 0A 0A 07 40 16")


def test_show_ticket_refuses_a_number_without_digits_and_a_bad_address() -> None:
    with pytest.raises(ValueError, match="digit"):
        keypad.show_ticket(5, "AB")
    with pytest.raises(ValueError, match="digit"):
        keypad.show_ticket(5, "")
    with pytest.raises(ValueError, match="address"):
        keypad.show_ticket(300, "A023")


def test_show_waiting_seven() -> None:
    # Digits first: 00 00 07 0A 0A 0A; CS = 05 + 02 + 07 + 0A*3 = 0x2C.
    assert keypad.show_waiting(5, 7) == frame("FF 68 08 08 68 05 02 00 00 07 0A 0A 0A 2C 16")


def test_show_waiting_caps_at_999() -> None:
    # 09 09 09 0A 0A 0A; CS = 05 + 02 + 1B + 1E = 0x40.
    assert keypad.show_waiting(5, 1234) == frame("FF 68 08 08 68 05 02 09 09 09 0A 0A 0A 40 16")


def test_show_waiting_refuses_a_negative_count() -> None:
    with pytest.raises(ValueError, match="negative"):
        keypad.show_waiting(5, -1)


def test_beep() -> None:
    # L = 2, FUNC 03, no data: CS = 05 + 03 = 08.
    assert keypad.beep(5) == frame("FF 68 02 02 68 05 03 08 16")


def test_star_level_and_ask_rating() -> None:
    # Stars: L = 3, FUNC 02, data 05; CS = 03 + 02 + 05 = 0x0A.
    assert keypad.star_level(3) == frame("FF 68 03 03 68 03 02 05 0A 16")
    # Start evaluation: FUNC 01, data 0B; the same bytes as the evaluate key's echo.
    assert keypad.ask_rating(3) == EVALUATE_FROM_3
    with pytest.raises(ValueError, match=r"1\.\.5"):
        keypad.star_level(3, 6)


def test_host_frames_decode_with_a_host_sized_decoder() -> None:
    decoder = KeypadDecoder(keypad.HOST_MAX_LENGTH, min_length=2)
    wire = keypad.show_ticket(5, "A023") + keypad.beep(5) + keypad.show_waiting(5, 7)
    assert decoder.feed(wire) == [
        KeypadFrame(5, 2, bytes([10, 10, 10, 0, 2, 3])),
        KeypadFrame(5, 3, b""),
        KeypadFrame(5, 2, bytes([0, 0, 7, 10, 10, 10])),
    ]


def test_a_run_of_noise_counts_once_whatever_the_chunking() -> None:
    wire = frame("00 01 02 FF 03") + CALL_FROM_3
    whole, bytewise = KeypadDecoder(), KeypadDecoder()
    whole.feed(wire)
    for b in wire:
        bytewise.feed(bytes([b]))
    assert whole.errors == bytewise.errors == {"noise": 1}
