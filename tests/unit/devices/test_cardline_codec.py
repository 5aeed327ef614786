"""Line card readers: bytes to lines, and the number a hall's pattern takes from a line."""

from __future__ import annotations

import pytest

from devices.codecs.cardline import (
    DIGITS,
    PRESETS,
    RFID_HEX,
    TRACK2,
    CardPattern,
    LineDecoder,
    preset,
)


# -- lines --------------------------------------------------------------------------------------
@pytest.mark.parametrize("end", [b"\r", b"\n", b"\r\n"])
def test_each_line_ending_ends_a_line(end: bytes) -> None:
    decoder = LineDecoder()
    assert decoder.feed(b";123=4?" + end + b"04A1B2C3" + end) == [";123=4?", "04A1B2C3"]
    assert not decoder.errors


def test_cr_lf_split_across_reads_gives_no_empty_line() -> None:
    decoder = LineDecoder()
    assert decoder.feed(b"1234\r") == ["1234"]
    assert decoder.feed(b"\n5678\r") == ["5678"]
    assert decoder.feed(b"\n") == []
    assert not decoder.errors


def test_one_byte_at_a_time() -> None:
    decoder = LineDecoder()
    got = [line for byte in b"AB\r\nCD\n" for line in decoder.feed(bytes([byte]))]
    assert got == ["AB", "CD"]


def test_empty_lines_are_skipped_silently() -> None:
    decoder = LineDecoder()
    assert decoder.feed(b"\r\r\n\n\r\nX\r\n") == ["X"]
    assert not decoder.errors


def test_a_line_without_its_ending_waits() -> None:
    decoder = LineDecoder()
    assert decoder.feed(b"123") == []
    assert decoder.feed(b"4\r\n") == ["1234"]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b"12\x0034", "nonprintable"),
        (b"\x021234\x03", "nonprintable"),
        (b"12\x7f", "nonprintable"),
        (b"12\xe4\xb8\xad", "undecodable"),
        (b"123456789", "too_long"),
    ],
)
def test_bad_lines_are_dropped_whole_and_counted(line: bytes, reason: str) -> None:
    decoder = LineDecoder(max_length=8)
    assert decoder.feed(line + b"\r\n12345678\r\n") == ["12345678"]
    assert decoder.errors == {reason: 1}


def test_reset_forgets_a_partial_line() -> None:
    decoder = LineDecoder()
    decoder.feed(b"12")
    decoder.reset()
    assert decoder.feed(b"34\n") == ["34"]


def test_max_length_must_be_positive() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        LineDecoder(max_length=0)


# -- patterns -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("line", "number"),
    [
        (";6222020200112233445=4912101?", "6222020200112233445"),
        ("%B6222020200112233445^ZHANG/SAN^4912101?;6222020200112233445=4912101?", None),
        (";1234567890?", "1234567890"),  # a track 2 with no separator, as some cards have
        ("6222020200112233445=4912101", None),  # no start sentinel
        (";12345678901234567890=49?", None),  # 20 digits is not a PAN
    ],
)
def test_track2(line: str, number: str | None) -> None:
    if number is None and line.startswith("%"):
        # a reader sending tracks 1 and 2 together: the track 2 part is found
        assert TRACK2.extract(line) == "6222020200112233445"
    else:
        assert TRACK2.extract(line) == number


@pytest.mark.parametrize(
    ("line", "number"),
    [
        ("04a1b2c3", "04A1B2C3"),
        ("04A1B2C3D4E580", "04A1B2C3D4E580"),
        ("0102030405060708090a", "0102030405060708090A"),
        (" 04A1B2C3 ", "04A1B2C3"),
        ("04A1B2C3D4", None),  # 5 bytes: not a UID this preset knows
        ("04A1B2CG", None),
    ],
)
def test_rfid_hex(line: str, number: str | None) -> None:
    assert RFID_HEX.extract(line) == number


def test_digits() -> None:
    assert DIGITS.extract("0012345678") == "0012345678"
    assert DIGITS.extract("00123 45678") is None
    assert DIGITS.extract("A123") is None


def test_a_custom_pattern_takes_its_first_group_without_a_name() -> None:
    assert CardPattern(r"^ACC-(\d+)$").extract("ACC-881200") == "881200"


def test_an_empty_group_is_no_number() -> None:
    assert CardPattern(r"^X(?P<number>\d*)$").extract("X") is None


def test_a_bad_regex_says_so() -> None:
    with pytest.raises(
        ValueError, match=r"card pattern .* is not a valid regular expression: missing \)"
    ):
        CardPattern(r"(\d+")


def test_a_regex_without_a_group_says_so() -> None:
    with pytest.raises(ValueError, match=r"no group to take the number from.*\?P<number>"):
        CardPattern(r"\d+")


def test_presets_by_name() -> None:
    assert preset("track2") is TRACK2
    assert set(PRESETS) == {"track2", "rfid_hex", "digits"}
    with pytest.raises(ValueError, match="known presets: track2, rfid_hex, digits"):
        preset("track3")
