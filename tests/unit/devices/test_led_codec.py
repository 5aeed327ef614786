"""LED bus frames, written out by hand from the documented format, and templates and hall rows.

Frame: ``AA ADDR BB 51 54 CS K1 K2 99 00 63 <GBK text> FF`` with ``K1 K2`` = ``01 00`` (strip) or
``08 02`` (hall) and CS = sum of every byte from K1 through the FF terminator, mod 256.
"""

from __future__ import annotations

import pytest

from devices.codecs.led import (
    HallLayout,
    HallRow,
    LedDecoder,
    LedFrame,
    ScreenKind,
    check_template,
    encode_text,
    render,
)

CALL_TEXT = "请A023号到3号窗口"
# 请 C7 EB | A 0 2 3 = 41 30 32 33 | 号 BA C5 | 到 B5 BD | 3 = 33 | 号 BA C5 | 窗 B4 B0 | 口 BF DA
CALL_GBK = bytes.fromhex("C7EB 41303233 BAC5 B5BD 33 BAC5 B4B0 BFDA")
# Text byte sum: C7+EB+41+30+32+33+BA+C5+B5+BD+33+BA+C5+B4+B0+BF+DA
#   = 199+235+65+48+50+51+186+197+181+189+51+186+197+180+176+191+218 = 2600.
# Strip: 01+00+99+00+63 = 1+153+99 = 253; 253 + 2600 + FF(255) = 3108 = 12*256 + 36 -> CS 0x24.
STRIP_CALL = bytes.fromhex("AA 01 BB 51 54 24 01 00 99 00 63") + CALL_GBK + b"\xff"
# Hall: 08+02+99+00+63 = 8+2+153+99 = 262; 262 + 2600 + 255 = 3117 = 12*256 + 45 -> CS 0x2D.
HALL_CALL = bytes.fromhex("AA 01 BB 51 54 2D 08 02 99 00 63") + CALL_GBK + b"\xff"
# "A001" at address 0x12: 41+30+30+31 = 65+48+48+49 = 210; 253 + 210 + 255 = 718 = 2*256 + 206
# -> CS 0xCE.
STRIP_A001 = bytes.fromhex("AA 12 BB 51 54 CE 01 00 99 00 63 41 30 30 31 FF")
# Empty text at address 5: 253 + 255 = 508 = 256 + 252 -> CS 0xFC.
STRIP_EMPTY = bytes.fromhex("AA 05 BB 51 54 FC 01 00 99 00 63 FF")


def test_gbk_bytes_written_above_are_gbk() -> None:
    assert CALL_TEXT.encode("gbk") == CALL_GBK


@pytest.mark.parametrize(
    ("address", "text", "kind", "frame"),
    [
        (1, CALL_TEXT, ScreenKind.STRIP, STRIP_CALL),
        (1, CALL_TEXT, ScreenKind.HALL, HALL_CALL),
        (0x12, "A001", ScreenKind.STRIP, STRIP_A001),
        (5, "", ScreenKind.STRIP, STRIP_EMPTY),
    ],
)
def test_encode_matches_hand_written_frames(
    address: int, text: str, kind: ScreenKind, frame: bytes
) -> None:
    assert encode_text(address, text, kind) == frame


def test_strip_and_hall_differ_only_in_bytes_6_7_and_checksum() -> None:
    strip, hall = encode_text(9, "欢迎", ScreenKind.STRIP), encode_text(9, "欢迎", ScreenKind.HALL)
    assert strip[6:8] == b"\x01\x00"
    assert hall[6:8] == b"\x08\x02"
    differing = [i for i, (a, b) in enumerate(zip(strip, hall, strict=True)) if a != b]
    assert differing == [5, 6, 7]
    assert (hall[5] - strip[5]) % 256 == (8 + 2 - 1) % 256


@pytest.mark.parametrize("address", [-1, 255, 256])
def test_address_out_of_range(address: int) -> None:
    with pytest.raises(ValueError, match="address"):
        encode_text(address, "A001")


def test_text_outside_gbk_names_the_character() -> None:
    with pytest.raises(ValueError, match="😀"):
        encode_text(1, "请A023号😀")


def test_a_character_encoding_to_the_terminator_is_refused() -> None:
    # GBK never produces FF; a screen configured for Latin-1 shows why the check exists.
    with pytest.raises(ValueError, match="ÿ"):
        encode_text(1, "caf\u00ff", encoding="latin-1")


def test_text_longer_than_the_limit() -> None:
    encode_text(1, "号" * 10, max_bytes=20)
    with pytest.raises(ValueError, match="21 bytes"):
        encode_text(1, "号" * 10 + "A", max_bytes=20)


def test_nul_is_refused() -> None:
    with pytest.raises(ValueError, match="NUL"):
        encode_text(1, "A\x00B")


def test_text_containing_a_frame_header_is_refused() -> None:
    with pytest.raises(ValueError, match="header"):
        encode_text(1, "x\u00aa\x01\u00bbQTy", encoding="latin-1")


# -- decoding --------------------------------------------------------------------------------


def test_decode_hand_written_frames() -> None:
    decoder = LedDecoder()
    frames = decoder.feed(STRIP_CALL + HALL_CALL + STRIP_A001 + STRIP_EMPTY)
    assert frames == [
        LedFrame(1, ScreenKind.STRIP, CALL_TEXT),
        LedFrame(1, ScreenKind.HALL, CALL_TEXT),
        LedFrame(0x12, ScreenKind.STRIP, "A001"),
        LedFrame(5, ScreenKind.STRIP, ""),
    ]
    assert not decoder.errors


def test_decode_one_byte_at_a_time() -> None:
    decoder = LedDecoder()
    frames = [frame for byte in STRIP_CALL + STRIP_A001 for frame in decoder.feed(bytes([byte]))]
    assert [frame.text for frame in frames] == [CALL_TEXT, "A001"]
    assert not decoder.errors


def test_garbage_before_a_frame_is_noise() -> None:
    decoder = LedDecoder()
    assert decoder.feed(b"\x00\x13\xff\x99" + STRIP_A001) == [
        LedFrame(0x12, ScreenKind.STRIP, "A001")
    ]
    assert decoder.errors["noise"] == 1


def test_bad_checksum_is_skipped_and_the_next_frame_decodes() -> None:
    corrupt = bytearray(STRIP_A001)
    corrupt[5] ^= 0x01
    decoder = LedDecoder()
    assert decoder.feed(bytes(corrupt) + STRIP_CALL) == [LedFrame(1, ScreenKind.STRIP, CALL_TEXT)]
    assert decoder.errors["checksum"] == 1


def test_a_truncated_frame_does_not_swallow_the_next() -> None:
    decoder = LedDecoder()
    frames = decoder.feed(STRIP_CALL[:15] + STRIP_A001)
    assert frames == [LedFrame(0x12, ScreenKind.STRIP, "A001")]
    assert decoder.errors["truncated"] == 1


def test_a_partial_header_before_a_frame() -> None:
    decoder = LedDecoder()
    assert decoder.feed(STRIP_A001[:4] + STRIP_A001) == [LedFrame(0x12, ScreenKind.STRIP, "A001")]
    assert decoder.errors["header"] == 1


def test_unknown_kind_bytes_are_a_header_error() -> None:
    frame = bytearray(STRIP_EMPTY)
    frame[6:8] = b"\x02\x00"
    decoder = LedDecoder()
    assert decoder.feed(bytes(frame) + STRIP_EMPTY) == [LedFrame(5, ScreenKind.STRIP, "")]
    assert decoder.errors["header"] == 1


def test_a_frame_without_terminator_is_given_up_after_the_limit() -> None:
    decoder = LedDecoder(max_bytes=8)
    header = bytes.fromhex("AA 01 BB 51 54 00 01 00 99 00 63")
    assert decoder.feed(header + b"0123456789" + STRIP_A001) == [
        LedFrame(0x12, ScreenKind.STRIP, "A001")
    ]
    assert decoder.errors["length"] == 1


def test_text_ending_in_aa_is_not_held_back() -> None:
    # Latin-1 text "a\xaa": 61 + AA = 97 + 170 = 267; 253 + 267 + 255 = 775 = 3*256 + 7 -> CS 07.
    frame = bytes.fromhex("AA 02 BB 51 54 07 01 00 99 00 63 61 AA FF")
    assert LedDecoder(encoding="latin-1").feed(frame) == [LedFrame(2, ScreenKind.STRIP, "a\u00aa")]


def test_undecodable_text_is_shown_replaced_and_counted() -> None:
    # 81 20 is no GBK character: 81+20 = 129+32 = 161; 253 + 161 + 255 = 669 = 2*256 + 157 -> 9D.
    frame = bytes.fromhex("AA 03 BB 51 54 9D 01 00 99 00 63 81 20 FF")
    decoder = LedDecoder()
    (decoded,) = decoder.feed(frame)
    assert decoded.address == 3
    assert "\ufffd" in decoded.text
    assert decoder.errors["encoding"] == 1


# -- templates -------------------------------------------------------------------------------


def test_render_a_call() -> None:
    assert render("请{number}号到{window}号窗口", number="A023", window="3") == CALL_TEXT
    assert render("{number:>5}|", number="A1") == "   A1|"


@pytest.mark.parametrize(
    ("template", "message"),
    [
        ("请{numbr}号到{window}号窗口", r"unknown placeholder \{numbr\}"),
        ("请{}号", "use a name"),
        ("请{0}号", "use a name"),
        ("请{number.upper}号", "use a name"),
        ("请{number[0]}号", "use a name"),
        ("请{number号", "bad template"),
        ("请}号", "bad template"),
    ],
)
def test_render_errors(template: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        render(template, number="A023", window="3")


def test_check_template_lists_what_is_known() -> None:
    with pytest.raises(ValueError, match=r"known: \{number\}, \{window\}"):
        check_template("{ticket}", {"number", "window"})


# -- hall rows -------------------------------------------------------------------------------


def hall() -> HallLayout:
    return HallLayout(
        [
            HallRow(10, "叫号信息"),
            HallRow(11, "{number}→{window}号窗口"),
            HallRow(12, "{number}→{window}号窗口"),
            HallRow(13, "{notice}"),
        ]
    )


def test_hall_rows_newest_call_first() -> None:
    calls = [("A023", "3"), ("B007", "1"), ("A022", "2")]
    assert hall().texts(calls, "午休 12:00-13:30") == [
        (10, "叫号信息"),
        (11, "A023→3号窗口"),
        (12, "B007→1号窗口"),
        (13, "午休 12:00-13:30"),
    ]


def test_hall_call_rows_without_a_call_are_blank() -> None:
    assert hall().texts([("A023", "3")]) == [
        (10, "叫号信息"),
        (11, "A023→3号窗口"),
        (12, ""),
        (13, ""),
    ]
    assert hall().call_rows == 2


def test_hall_from_templates_orders_rows_by_address() -> None:
    layout = HallLayout.from_templates({7: "{notice}", 3: "{number}", 5: "{window}"})
    assert [row.address for row in layout.rows] == [3, 5, 7]
    assert layout.texts([("A1", "1"), ("A2", "2")], "n") == [(3, "A1"), (5, "2"), (7, "n")]


def test_hall_rejects_unknown_fields_and_repeated_addresses() -> None:
    with pytest.raises(ValueError, match=r"\{ticket\}"):
        HallLayout([HallRow(1, "{ticket}")])
    with pytest.raises(ValueError, match="twice"):
        HallLayout([HallRow(1, "{number}"), HallRow(1, "{notice}")])
