"""Gapless number series (receipt numbers, Z numbers) taken inside the caller's transaction.

Why not an autoincrement: SQLite's AUTOINCREMENT skips the numbers of rolled-back inserts, and an
auditor reading receipt 0041 then 0043 asks where 0042 went. Here the counter row is updated in
the same transaction as the payment, so a payment that fails gives its number back. SQLite has one
writer at a time, so two payments can never take the same number.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

_NEXT = text(
    "INSERT INTO number_sequence (name, last) VALUES (:name, 1) "
    "ON CONFLICT (name) DO UPDATE SET last = last + 1 RETURNING last"
)


def next_number(connection: Connection, name: str) -> int:
    """The next number of the series ``name`` (1 for a new series); the caller's txn keeps it."""
    return int(connection.execute(_NEXT, {"name": name}).scalar_one())
