"""Tests of the printing layer; the helpers read a slip's text the way a customer reads paper."""

from __future__ import annotations

from printing.slip import Slip, Text


def texts(slip: Slip) -> list[Text]:
    return [block for block in slip.blocks if isinstance(block, Text)]


def lines(slip: Slip) -> list[str]:
    return [block.text for block in texts(slip)]


def flat(slip: Slip) -> str:
    """All text run together, so a value wrapped over two lines is still found."""
    return "".join(line.strip() for line in lines(slip))


def line_starting(slip: Slip, label: str) -> str:
    """The one line that starts with ``label`` (a test fails if there are none or several)."""
    matches = [line for line in lines(slip) if line.startswith(label)]
    assert len(matches) == 1, (label, lines(slip))
    return matches[0]
