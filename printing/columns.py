"""Text measured in printer columns, the way a Chinese receipt printer lays it out.

A thermal printer in Chinese mode prints a single-byte character in the 12×24-dot font (one
column) and every multi-byte character (汉字, but also ￥, （）, ·, —) in the 24×24-dot font (two
columns). So the width of a character on paper depends on how many bytes it encodes to, not on
Unicode's East Asian Width (which calls · and — "ambiguous"). For the encodings receipt printers
use (GB18030, GBK, Big5, UTF-8) that is simply: ASCII is one column, anything else is two.
Lines are laid out with these functions, so that a row never wraps on paper and the amounts stay
right-aligned under each other.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator


class LayoutError(ValueError):
    """A line that cannot fit the paper, or a width that makes no sense."""


def char_width(char: str) -> int:
    """Columns one character takes on paper: 1 for printable ASCII, 0 for controls, else 2."""
    code = ord(char)
    if code < 0x20 or code == 0x7F:
        return 0
    return 1 if code < 0x80 else 2


def normalize(text: str) -> str:
    """Composed form (NFC) without control characters, so widths are counted per visible glyph."""
    return "".join(
        char for char in unicodedata.normalize("NFC", text) if char_width(char) or char == " "
    )


def width(text: str) -> int:
    """Columns ``text`` takes on paper."""
    return sum(char_width(char) for char in text)


def clip(text: str, columns: int, ellipsis: str = "…") -> str:
    """``text`` cut to at most ``columns``, ending in ``ellipsis`` when something was cut."""
    if width(text) <= columns:
        return text
    room = columns - width(ellipsis)
    if room < 0:
        raise LayoutError(f"{columns} columns cannot hold even {ellipsis!r}.")
    kept: list[str] = []
    used = 0
    for char in text:
        if used + char_width(char) > room:
            break
        kept.append(char)
        used += char_width(char)
    return "".join(kept) + ellipsis


def pad(text: str, columns: int, align: str = "left") -> str:
    """``text`` padded with spaces to exactly ``columns`` (left, right or center)."""
    gap = columns - width(text)
    if gap < 0:
        raise LayoutError(f"{text!r} takes {width(text)} columns, more than {columns}.")
    if align == "right":
        return " " * gap + text
    if align == "center":
        return " " * (gap // 2) + text + " " * (gap - gap // 2)
    return text + " " * gap


def row(left: str, right: str, columns: int) -> str:
    """A label on the left and a value flush right: ``实收金额          ￥384.58``.

    The value is never cut (it is usually money); the label is clipped to leave one space.
    """
    room = columns - width(right) - 1
    if room < 0:
        raise LayoutError(f"{right!r} does not fit in {columns} columns.")
    label = clip(left, room)
    return label + " " * (columns - width(label) - width(right)) + right


def cells(values: list[str], widths: list[int], aligns: str) -> str:
    """A table row: each value clipped and padded into its column; ``aligns`` like ``"lrr"``."""
    if not len(values) == len(widths) == len(aligns):
        raise LayoutError("cells needs as many widths and alignments as values.")
    names = {"l": "left", "r": "right", "c": "center"}
    return "".join(
        pad(clip(value, column), column, names[align])
        for value, column, align in zip(values, widths, aligns, strict=True)
    )


def wrap(text: str, columns: int, indent: str = "") -> Iterator[str]:
    """``text`` broken into lines of at most ``columns``.

    Chinese has no spaces between words, so a line may break between any two CJK characters;
    runs of ASCII (numbers, codes, URLs) break at spaces where they can, so an account number
    is not split in the middle. Closing punctuation (，。）) never starts a line (避头点).
    """
    if columns <= width(indent):
        raise LayoutError(f"{columns} columns cannot hold the indent {indent!r}.")
    line = ""
    for token in _tokens(normalize(text)):
        if token == "\n":  # noqa: S105 - a line break, not a password
            yield line.rstrip()
            line = indent
            continue
        if width(line) + width(token) <= columns:
            line += token
            continue
        if token.isspace():
            yield line.rstrip()
            line = indent
            continue
        if line.strip() and width(token) <= columns - width(indent):
            if token in _NO_LINE_START and line:
                # Pull the last character down with the punctuation: no line starts with it.
                yield line[:-1].rstrip()
                line = indent + line[-1] + token
                continue
            yield line.rstrip()
            line = indent + token
            continue
        for char in token:
            if width(line) + char_width(char) > columns:
                yield line.rstrip()
                line = indent
            line += char
    if line.strip():
        yield line.rstrip()


_NO_LINE_START = frozenset("，。、；：？！）》」』】〕…,.;:?!)]}%")


def _tokens(text: str) -> Iterator[str]:
    """Words of ASCII letters and digits, single spaces, and single other characters."""
    word = ""
    for char in text:
        if char.isascii() and not char.isspace():
            word += char
            continue
        if word:
            yield word
            word = ""
        yield char
    if word:
        yield word
