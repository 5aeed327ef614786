"""Identities: UUIDv7 (RFC 9562), made where a record is born.

Why v7 rather than v4: the first 48 bits are the creation time in milliseconds, so new records land
at the end of the unique index instead of at a random page. On a terminal that writes payments all
day, and at HQ that receives them from hundreds of terminals, that keeps inserts cheap; the 74
remaining bits keep them unique without coordination (SYNC.md: identity is client-generated).
"""

from __future__ import annotations

import secrets
import time
import uuid
from typing import Final

_VERSION: Final = 0x7
_VARIANT: Final = 0b10
_MS_MASK: Final = (1 << 48) - 1
_A_MASK: Final = (1 << 12) - 1
_B_MASK: Final = (1 << 62) - 1


def uuid7_int(unix_ms: int, rand: int) -> int:
    """The 128-bit value of a UUIDv7 for ``unix_ms`` with 74 bits of ``rand`` (random or counter).

    RFC 9562 allows those bits to hold a counter (method 1), which bulk loads use so that a seed
    gives the same identities every time.
    """
    rand_a = (rand >> 62) & _A_MASK
    rand_b = rand & _B_MASK
    return (unix_ms & _MS_MASK) << 80 | _VERSION << 76 | rand_a << 64 | _VARIANT << 62 | rand_b


def uuid7_at(unix_ms: int, rand: int) -> uuid.UUID:
    return uuid.UUID(int=uuid7_int(unix_ms, rand))


def new_uid() -> uuid.UUID:
    """A fresh identity for a record born now (a payment, an order, a ticket)."""
    return uuid7_at(time.time_ns() // 1_000_000, secrets.randbits(74))
