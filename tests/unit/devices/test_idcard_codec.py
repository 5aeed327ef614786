"""The ID card (二代证) SAM frames and card text, against bytes written by hand from GA 467.

Checksums below are worked out by hand: XOR of LEN_H, LEN_L and the body.
"""

from __future__ import annotations

from datetime import date
from functools import reduce
from operator import xor

import pytest

from devices.codecs import idcard
from devices.codecs.idcard import (
    IdCardError,
    IdCommand,
    IdCommandDecoder,
    IdReply,
    IdReplyDecoder,
    command,
    encode_text,
    id_number_valid,
    parse_read_reply,
    parse_text,
)
from devices.events import IdCard

H = "AA AA AA 96 69"

# 00 ^ 03 = 03; 03 ^ 20 = 23; 23 ^ 01 = 22
FIND_BYTES = bytes.fromhex(f"{H} 00 03 20 01 22")
# 03 ^ 11 = 12; 12 ^ FF = ED
SAM_STATUS_BYTES = bytes.fromhex(f"{H} 00 03 11 FF ED")
# 03 ^ 20 = 23; 23 ^ 02 = 21
SELECT_BYTES = bytes.fromhex(f"{H} 00 03 20 02 21")
# 03 ^ 30 = 33; 33 ^ 01 = 32
READ_BYTES = bytes.fromhex(f"{H} 00 03 30 01 32")

# LEN 8 = SW (3) + management number (4) + checksum; 08 ^ 9F = 97
FOUND_REPLY = bytes.fromhex(f"{H} 00 08 00 00 9F 00 00 00 00 97")
# 04 ^ 80 = 84
NO_CARD_REPLY = bytes.fromhex(f"{H} 00 04 00 00 80 84")
# LEN 0C = SW (3) + serial number (8) + checksum; 0C ^ 90 = 9C
SELECTED_REPLY = bytes.fromhex(f"{H} 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C")
# 04 ^ 81 = 85
SELECT_FAILED_REPLY = bytes.fromhex(f"{H} 00 04 00 00 81 85")


def ucs2(text: str, chars: int) -> bytes:
    """A field as the card holds it: UCS-2LE, padded with spaces to ``chars`` characters."""
    return text.ljust(chars).encode("utf-16-le")


def text_block(
    *,
    name: str = "张三",
    gender: str = "1",
    nation: str = "01",
    birth: str = "19900307",
    address: str = "某省某市某区幸福路1号",
    id_number: str = "11010519491231002X",
    issuer: str = "某市公安局某分局",
    valid_from: str = "20150601",
    valid_to: str = "20350601",
) -> bytes:
    block = (
        ucs2(name, 15)
        + ucs2(gender, 1)
        + ucs2(nation, 2)
        + ucs2(birth, 8)
        + ucs2(address, 35)
        + ucs2(id_number, 18)
        + ucs2(issuer, 15)
        + ucs2(valid_from, 8)
        + ucs2(valid_to, 8)
        + ucs2("", 18)
    )
    assert len(block) == 256
    return block


# -- commands -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("pair", "expected"),
    [
        (idcard.FIND, FIND_BYTES),
        (idcard.SAM_STATUS, SAM_STATUS_BYTES),
        (idcard.SELECT, SELECT_BYTES),
        (idcard.READ, READ_BYTES),
    ],
)
def test_commands_match_hand_written_frames(pair: tuple[int, int], expected: bytes) -> None:
    assert command(*pair) == expected


@pytest.mark.parametrize(("cmd", "para"), [(-1, 0), (256, 0), (0x20, 0x100)])
def test_command_bytes_out_of_range_are_refused(cmd: int, para: int) -> None:
    with pytest.raises(ValueError, match=r"0\.\.255"):
        command(cmd, para)


def test_reply_encoder_matches_hand_written_frames() -> None:
    assert idcard.reply(idcard.SW_NO_CARD) == NO_CARD_REPLY
    assert idcard.reply(idcard.SW_FOUND, bytes(4)) == FOUND_REPLY
    assert idcard.reply(idcard.SW_OK, bytes(8)) == SELECTED_REPLY


def test_command_decoder_reads_hand_written_commands() -> None:
    decoder = IdCommandDecoder()
    got = decoder.feed(b"\x00\xff" + FIND_BYTES + SELECT_BYTES + READ_BYTES)
    assert got == [IdCommand(0x20, 0x01), IdCommand(0x20, 0x02), IdCommand(0x30, 0x01)]
    assert decoder.errors["noise"] == 1


# -- replies ------------------------------------------------------------------------------------
def test_reply_decoder_reads_hand_written_replies() -> None:
    decoder = IdReplyDecoder()
    got = decoder.feed(FOUND_REPLY + NO_CARD_REPLY + SELECTED_REPLY + SELECT_FAILED_REPLY)
    assert got == [
        IdReply(0, 0, 0x9F, bytes(4)),
        IdReply(0, 0, 0x80, b""),
        IdReply(0, 0, 0x90, bytes(8)),
        IdReply(0, 0, 0x81, b""),
    ]
    assert [reply.ok for reply in got] == [True, False, True, False]
    assert got[1].status == "no card found"
    assert not decoder.errors


def test_reply_decoder_takes_one_byte_at_a_time() -> None:
    decoder = IdReplyDecoder()
    got = [reply for byte in FOUND_REPLY for reply in decoder.feed(bytes([byte]))]
    assert got == [IdReply(0, 0, 0x9F, bytes(4))]
    assert not decoder.errors


def test_reply_decoder_skips_a_bad_checksum_and_keeps_the_next_frame() -> None:
    decoder = IdReplyDecoder()
    broken = NO_CARD_REPLY[:-1] + b"\x00"
    assert decoder.feed(broken + FOUND_REPLY) == [IdReply(0, 0, 0x9F, bytes(4))]
    assert decoder.errors["checksum"] == 1


def test_reply_decoder_finds_a_frame_that_starts_inside_a_truncated_one() -> None:
    decoder = IdReplyDecoder()
    # a READ reply cut off after its header and a few bytes, then a whole NO_CARD reply
    truncated = bytes.fromhex(f"{H} 00 10 00 00 90 01")
    assert decoder.feed(truncated + NO_CARD_REPLY) == []  # still waiting for 16 bytes
    assert decoder.feed(bytes(6)) == [IdReply(0, 0, 0x80, b"")]
    assert decoder.errors["checksum"] == 1


def test_reply_decoder_rejects_impossible_lengths() -> None:
    decoder = IdReplyDecoder()
    too_short = bytes.fromhex(f"{H} 00 02 00 02")  # LEN 2 cannot hold SW1..SW3
    too_long = bytes.fromhex(f"{H} FF FF 00")
    assert decoder.feed(too_short + too_long + NO_CARD_REPLY) == [IdReply(0, 0, 0x80, b"")]
    assert decoder.errors["length"] == 2


def test_reply_decoder_reset_forgets_a_partial_frame() -> None:
    decoder = IdReplyDecoder()
    decoder.feed(bytes.fromhex(f"{H} 05 08 00 00 90"))
    decoder.reset()
    assert decoder.errors["truncated"] == 1
    assert decoder.feed(NO_CARD_REPLY) == [IdReply(0, 0, 0x80, b"")]


def test_reply_decoder_keeps_a_header_split_across_reads() -> None:
    decoder = IdReplyDecoder()
    assert decoder.feed(b"\x13\x37" + NO_CARD_REPLY[:3]) == []
    assert decoder.feed(NO_CARD_REPLY[3:]) == [IdReply(0, 0, 0x80, b"")]
    assert decoder.errors["noise"] == 1


def hand_built_read_reply(text: bytes) -> bytes:
    # LEN 05 08 = 1288 = SW (3) + lengths (4) + text (256) + photo (1024) + checksum (1)
    body = bytes.fromhex("05 08 00 00 90 01 00 04 00") + text + bytes(1024)
    checksum = reduce(xor, body, 0)
    return bytes.fromhex(H) + body + bytes([checksum])


def test_a_hand_built_read_reply_decodes_to_the_card() -> None:
    frame = hand_built_read_reply(text_block())
    assert len(frame) == 1295  # what public drivers expect for text and photo
    [reply] = IdReplyDecoder().feed(frame)
    assert reply.ok
    assert parse_read_reply(reply.data) == IdCard(
        name="张三",
        gender="男",
        nation="汉",
        birth_date=date(1990, 3, 7),
        address="某省某市某区幸福路1号",
        id_number="11010519491231002X",
        issuer="某市公安局某分局",
        valid_from=date(2015, 6, 1),
        valid_to=date(2035, 6, 1),
    )


# -- the card's text ----------------------------------------------------------------------------
def test_name_field_is_ucs2_little_endian() -> None:
    # 张 is U+5F20 and 三 is U+4E09: low byte first, then 13 spaces (20 00)
    name = bytes.fromhex("20 5F 09 4E") + b" \x00" * 13
    card = parse_text(name + text_block()[30:])
    assert card.name == "张三"


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("01", "汉"),
        ("02", "蒙古"),
        ("03", "回"),
        ("05", "维吾尔"),
        ("10", "朝鲜"),
        ("29", "柯尔克孜"),
        ("43", "乌孜别克"),
        ("56", "基诺"),
        ("97", "其他"),
        ("98", "外国血统中国籍人士"),
        ("77", "77"),  # not in the table: the code itself, so nothing is lost
    ],
)
def test_nation_codes(code: str, name: str) -> None:
    assert parse_text(text_block(nation=code)).nation == name


def test_the_nation_table_has_56_nationalities_and_two_others() -> None:
    assert len(idcard.NATIONS) == 58
    assert [f"{n:02d}" for n in range(1, 57)] == list(idcard.NATIONS)[:56]


@pytest.mark.parametrize(("code", "gender"), [("1", "男"), ("2", "女"), ("9", "9")])
def test_gender_codes(code: str, gender: str) -> None:
    assert parse_text(text_block(gender=code)).gender == gender


def test_a_card_valid_for_life_has_no_end_date() -> None:
    card = parse_text(text_block(valid_from="20200101", valid_to="长期"))
    assert card.valid_from == date(2020, 1, 1)
    assert card.valid_to is None


@pytest.mark.parametrize("bad", ["20231340", "2023010", "abcdefgh", "２０２３０１０１"])
def test_a_bad_date_is_none(bad: str) -> None:
    assert parse_text(text_block(birth=bad)).birth_date is None


def test_garbled_fields_are_empty_not_errors() -> None:
    text = bytearray(text_block())
    text[0:2] = b"\x00\xd8"  # a lone high surrogate in the name
    text[108:110] = b"\x07\x00"  # a BEL in the address (offset 30+2+4+16+56)
    card = parse_text(bytes(text))
    assert card.name == ""
    assert card.address == ""
    assert card.id_number == "11010519491231002X"


def test_parse_text_needs_256_bytes() -> None:
    with pytest.raises(IdCardError, match="256"):
        parse_text(bytes(255))


def test_read_reply_whose_lengths_do_not_add_up_is_an_error() -> None:
    good = bytes.fromhex("01 00 04 00") + text_block() + bytes(1024)
    assert parse_read_reply(good).name == "张三"
    with pytest.raises(IdCardError, match="do not add up"):
        parse_read_reply(good[:-1])
    with pytest.raises(IdCardError, match="text length"):
        parse_read_reply(bytes.fromhex("00 80 00 00") + bytes(128))
    with pytest.raises(IdCardError, match="too short"):
        parse_read_reply(b"\x01")


def test_encode_text_round_trips_and_pads_with_spaces() -> None:
    card = parse_text(text_block(valid_to="长期"))
    assert encode_text(card) == text_block(valid_to="长期")


def test_encode_text_refuses_what_a_card_cannot_hold() -> None:
    card = parse_text(text_block())
    with pytest.raises(ValueError, match="longer than 15"):
        encode_text(IdCard(**{**card.__dict__, "name": "张" * 16}))
    with pytest.raises(ValueError, match="UCS-2"):
        encode_text(IdCard(**{**card.__dict__, "name": "张😀"}))


# -- the ID number ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("number", "valid"),
    [
        ("11010519491231002X", True),
        ("11010519491231002x", True),
        ("110105199003070017", True),
        ("110105194912310021", False),
        ("11010519491231002", False),
        ("11010519491231003X", False),
        ("11010519491231002Y", False),
        ("11010519491231００2X", False),
    ],
)
def test_id_number_checksum(number: str, valid: bool) -> None:
    # 1*7+1*9+0*10+1*5+0*8+5*4+1*2+9*1+4*6+9*3+1*7+2*9+3*10+1*5+0*8+0*4+2*2 = 167; 167 % 11 = 2
    # and "10X98765432"[2] is X
    assert id_number_valid(number) is valid
