"""Resident ID numbers (公民身份号码, GB 11643-1999): 17 digits and a check character.

The check character catches a mistyped or misread digit before an application is accepted: it is
ISO 7064 MOD 11-2 over the first 17 digits, written ``X`` for 10.
"""

from __future__ import annotations

import re
from typing import Final

_WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK: Final = "10X98765432"
_SHAPE: Final = re.compile(r"[0-9]{17}[0-9X]")


def check_character(first17: str) -> str:
    """The 18th character for ``first17``; ValueError unless it is 17 digits."""
    if not (len(first17) == 17 and first17.isascii() and first17.isdigit()):
        raise ValueError(f"an ID number starts with 17 digits, not {first17!r}")
    return _CHECK[sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True)) % 11]


def is_valid(number: str) -> bool:
    """True for 18 characters of the right shape whose check character is right."""
    text = number.strip().upper()
    return bool(_SHAPE.fullmatch(text)) and check_character(text[:17]) == text[17]
