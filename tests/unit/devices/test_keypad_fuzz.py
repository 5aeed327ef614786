"""Whatever the bus brings, the keypad decoder and key interpreter never raise and recover."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from devices.codecs import keypad
from devices.codecs.keypad import KeyInterpreter, KeypadDecoder, KeypadFrame

FUZZ = settings(max_examples=300, deadline=None)

# Recall from address 3, written by hand: CS = 0x03 + 0x01 + 0x0D = 0x11.
RECALL_FROM_3 = bytes.fromhex("FF 68 03 03 68 03 01 0D 11 16")
RECALL = KeypadFrame(3, 0x01, b"\x0d")

keypad_frames = st.builds(
    KeypadFrame,
    address=st.integers(0, 255),
    func=st.sampled_from([0x01, 0x11, 0x02, 0x03]),
    data=st.binary(min_size=1, max_size=3),
)


def split(data: bytes, cuts: list[int]) -> list[bytes]:
    points = sorted({c % (len(data) + 1) for c in cuts})
    edges = [0, *points, len(data)]
    return [data[a:b] for a, b in itertools.pairwise(edges)]


def feed_all(decoder: KeypadDecoder, chunks: list[bytes]) -> list[KeypadFrame]:
    return [f for chunk in chunks for f in decoder.feed(chunk)]


@FUZZ
@given(st.binary(max_size=200))
def test_random_bytes_never_raise_and_a_frame_after_them_decodes(noise: bytes) -> None:
    decoder = KeypadDecoder()
    decoder.feed(noise)
    # Enough to flush any half-read frame the noise may have started (a keypad frame is <= 12).
    decoder.feed(b"\x00" * 12)
    assert decoder.feed(RECALL_FROM_3) == [RECALL]


@FUZZ
@given(st.lists(keypad_frames, min_size=1, max_size=6), st.lists(st.integers(0, 400), max_size=12))
def test_valid_frames_survive_any_chunking(frames: list[KeypadFrame], cuts: list[int]) -> None:
    wire = b"".join(keypad.encode(f) for f in frames)
    decoder = KeypadDecoder()
    assert feed_all(decoder, split(wire, cuts)) == frames
    assert not decoder.errors


@FUZZ
@given(keypad_frames, st.data())
def test_mutated_frames_never_raise_and_the_next_frame_decodes(
    frame: KeypadFrame, data: st.DataObject
) -> None:
    wire = bytearray(keypad.encode(frame))
    for _ in range(data.draw(st.integers(1, 4))):
        action = data.draw(st.sampled_from(["flip", "insert", "delete"]))
        if action == "insert" or not wire:
            wire.insert(data.draw(st.integers(0, len(wire))), data.draw(st.integers(0, 255)))
        elif action == "flip":
            at = data.draw(st.integers(0, len(wire) - 1))
            wire[at] ^= 1 << data.draw(st.integers(0, 7))
        else:
            del wire[data.draw(st.integers(0, len(wire) - 1))]
    cuts = data.draw(st.lists(st.integers(0, 100), max_size=6))
    decoder = KeypadDecoder()
    decoded = feed_all(decoder, split(bytes(wire) + b"\x00" * 12, cuts))
    assert all(f.address <= 255 and len(f.data) <= 3 for f in decoded)
    assert decoder.feed(RECALL_FROM_3) == [RECALL]


@FUZZ
@given(st.binary(max_size=80), st.binary(max_size=80), st.lists(st.integers(0, 300), max_size=8))
def test_frames_between_garbage_are_found(before: bytes, after: bytes, cuts: list[int]) -> None:
    decoder = KeypadDecoder()
    # Flush before the frame: garbage may hold a half frame that would cover it.
    wire = before + b"\x00" * 12 + RECALL_FROM_3 + after
    assert RECALL in feed_all(decoder, split(wire, cuts))


@FUZZ
@given(
    st.lists(
        st.builds(KeypadFrame, st.integers(0, 255), st.integers(0, 255), st.binary(max_size=4))
    )
)
def test_interpreter_never_raises(frames: list[KeypadFrame]) -> None:
    interpreter = KeyInterpreter()
    for frame in frames:
        result = interpreter.interpret(frame)
        if isinstance(result, keypad.RatingInput):
            assert 2 <= result.score <= 5
        if result is not None:
            assert result.address == frame.address
