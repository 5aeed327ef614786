"""Whatever the wire brings, the card reader decoders never raise and find the next good frame."""

from __future__ import annotations

import itertools

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from devices.codecs import idcard
from devices.codecs.cardline import LineDecoder
from devices.codecs.idcard import (
    HEADER,
    IdCardError,
    IdCommand,
    IdCommandDecoder,
    IdReply,
    IdReplyDecoder,
    parse_read_reply,
    parse_text,
)
from devices.events import IdCard

FUZZ = settings(max_examples=300, deadline=None)

# Written by hand: 04 ^ 80 = 84, and 00 ^ 03 ^ 20 ^ 01 = 22.
NO_CARD_REPLY = bytes.fromhex("AA AA AA 96 69 00 04 00 00 80 84")
NO_CARD = IdReply(0, 0, 0x80, b"")
FIND_COMMAND = bytes.fromhex("AA AA AA 96 69 00 03 20 01 22")
FIND = IdCommand(0x20, 0x01)

replies = st.builds(
    IdReply,
    sw1=st.just(0),
    sw2=st.just(0),
    sw3=st.sampled_from([0x90, 0x9F, 0x80, 0x81, 0x41]),
    data=st.binary(max_size=40),
)


def encode_reply(reply: IdReply) -> bytes:
    return idcard.reply(reply.sw3, reply.data, sw1=reply.sw1, sw2=reply.sw2)


def split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    edges = [0, *points, len(data)]
    return [data[a:b] for a, b in itertools.pairwise(edges)]


def mutate(wire: bytes, data: st.DataObject) -> bytes:
    out = bytearray(wire)
    for _ in range(data.draw(st.integers(1, 4))):
        action = data.draw(st.sampled_from(["flip", "insert", "delete"]))
        if action == "insert" or not out:
            out.insert(data.draw(st.integers(0, len(out))), data.draw(st.integers(0, 255)))
        elif action == "flip":
            at = data.draw(st.integers(0, len(out) - 1))
            out[at] ^= 1 << data.draw(st.integers(0, 7))
        else:
            del out[data.draw(st.integers(0, len(out) - 1))]
    return bytes(out)


# -- line readers -------------------------------------------------------------------------------
@FUZZ
@given(st.binary(max_size=300), st.lists(st.integers(0, 400), max_size=10))
def test_line_decoder_never_raises_and_lines_are_clean(noise: bytes, cuts: list[int]) -> None:
    decoder = LineDecoder(max_length=32)
    lines = [line for chunk in split(noise, cuts) for line in decoder.feed(chunk)]
    for line in lines:
        assert line
        assert len(line) <= 32
        assert line.isascii()
        assert line.isprintable()
    # whatever came before, a fresh line after a line ending decodes
    assert decoder.feed(b"\r\n;6222=49?\r\n")[-1] == ";6222=49?"


@FUZZ
@given(
    st.lists(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), min_size=1,
                     max_size=40), max_size=6),
    st.sampled_from([b"\r", b"\n", b"\r\n"]),
    st.lists(st.integers(0, 400), max_size=10),
)  # fmt: skip
def test_lines_survive_any_chunking(lines: list[str], end: bytes, cuts: list[int]) -> None:
    wire = b"".join(line.encode("ascii") + end for line in lines)
    decoder = LineDecoder(max_length=40)
    assert [got for chunk in split(wire, cuts) for got in decoder.feed(chunk)] == lines
    assert not decoder.errors


# -- ID card replies ----------------------------------------------------------------------------
@FUZZ
@given(st.binary(max_size=400), st.lists(st.integers(0, 500), max_size=10))
def test_random_bytes_then_a_reply(noise: bytes, cuts: list[int]) -> None:
    # A whole header in the noise would announce a frame covering the reply; the driver resets
    # the decoder after a timeout for that, and a test of it is below.
    assume(HEADER not in noise)
    decoder = IdReplyDecoder()
    got = [r for chunk in split(noise + NO_CARD_REPLY, cuts) for r in decoder.feed(chunk)]
    assert got == [NO_CARD]


@FUZZ
@given(st.lists(replies, min_size=1, max_size=5), st.lists(st.integers(0, 400), max_size=12))
def test_replies_survive_any_chunking(frames: list[IdReply], cuts: list[int]) -> None:
    wire = b"".join(encode_reply(frame) for frame in frames)
    decoder = IdReplyDecoder()
    assert [r for chunk in split(wire, cuts) for r in decoder.feed(chunk)] == frames
    assert not decoder.errors


@FUZZ
@given(replies, st.data())
def test_mutated_replies_never_raise_and_the_next_reply_decodes(
    frame: IdReply, data: st.DataObject
) -> None:
    wire = mutate(encode_reply(frame), data)
    cuts = data.draw(st.lists(st.integers(0, 100), max_size=6))
    decoder = IdReplyDecoder()
    for chunk in split(wire, cuts):
        decoder.feed(chunk)
    # Without a reset, the mutated frame's announced length may still be pending: enough good
    # frames to cover the longest possible one flush it, and the last of them decodes.
    flush = NO_CARD_REPLY * ((idcard.MAX_REPLY_BODY + 20) // len(NO_CARD_REPLY) + 2)
    assert decoder.feed(flush)[-1] == NO_CARD
    # With a reset (what the driver does on a timeout) the very next reply decodes.
    decoder = IdReplyDecoder()
    decoder.feed(wire)
    decoder.reset()
    assert decoder.feed(NO_CARD_REPLY) == [NO_CARD]


@FUZZ
@given(st.binary(max_size=60), replies, st.binary(max_size=60), st.lists(st.integers(0, 300)))
def test_a_reply_between_garbage_is_found(
    before: bytes, frame: IdReply, after: bytes, cuts: list[int]
) -> None:
    assume(HEADER not in before)
    decoder = IdReplyDecoder()
    got = [r for chunk in split(before + encode_reply(frame) + after, cuts) for r in
           decoder.feed(chunk)]  # fmt: skip
    assert got[0] == frame


# -- ID card commands (the simulator's side) ----------------------------------------------------
@FUZZ
@given(st.binary(max_size=400), st.lists(st.integers(0, 500), max_size=10))
def test_command_decoder_survives_noise(noise: bytes, cuts: list[int]) -> None:
    assume(HEADER not in noise)
    decoder = IdCommandDecoder()
    got = [c for chunk in split(noise + FIND_COMMAND, cuts) for c in decoder.feed(chunk)]
    assert got == [FIND]


@FUZZ
@given(st.integers(0, 255), st.integers(0, 255), st.data())
def test_mutated_commands_never_raise(cmd: int, para: int, data: st.DataObject) -> None:
    decoder = IdCommandDecoder()
    for command in decoder.feed(mutate(idcard.command(cmd, para), data)):
        assert 0 <= command.cmd <= 255
    flush = FIND_COMMAND * ((idcard.MAX_COMMAND_BODY + 20) // len(FIND_COMMAND) + 2)
    assert decoder.feed(flush)[-1] == FIND


# -- the card's text ----------------------------------------------------------------------------
@FUZZ
@given(st.binary(min_size=256, max_size=256))
def test_any_256_bytes_parse_to_a_card(text: bytes) -> None:
    card = parse_text(text)
    assert isinstance(card, IdCard)
    for value in (card.name, card.address, card.id_number, card.issuer):
        assert value.isprintable()


@FUZZ
@given(st.binary(max_size=1400))
def test_any_read_data_is_a_card_or_an_id_card_error(data: bytes) -> None:
    try:
        card = parse_read_reply(data)
    except IdCardError:
        return
    assert isinstance(card, IdCard)


@FUZZ
@given(st.binary(min_size=256, max_size=256), st.integers(0, 1100))
def test_read_data_with_consistent_lengths_always_parses(text: bytes, photo: int) -> None:
    data = b"\x01\x00" + photo.to_bytes(2, "big") + text + bytes(photo)
    assert isinstance(parse_read_reply(data), IdCard)
