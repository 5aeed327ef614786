"""The append-only audit log (审计日志): every money and permission event, hash-chained.

Each entry's hash is SHA-256 over the previous entry's hash and this entry's own fields (its id
included), written as canonical JSON. Changing, deleting or reordering any entry therefore breaks
the chain from that entry on, and :func:`verify` names the first broken link. Triggers refuse
UPDATE and DELETE, so the program itself cannot rewrite history; the chain catches someone who
edits the file with other tools. What a chain alone cannot show is the newest entries cut off at
the end; the count and last hash travel to HQ with the outbox (sync issue), which can.

Entries are written in the business act's transaction, so an act and its audit entry commit
together or not at all.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy import Connection, text

GENESIS: Final = "0" * 64
"""The "previous hash" of the first entry."""

TRIGGERS: Final[dict[str, str]] = {
    "audit_entry_no_update": (
        "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    ),
    "audit_entry_no_delete": (
        "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    ),
}
"""The live definitions; migration 0004 holds a frozen copy and a test compares the two."""


def _utc_naive(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        raise ValueError(f"audit times must carry a zone, got {moment!r}")
    return moment.astimezone(UTC).replace(tzinfo=None)


def entry_hash(prev_hash: str, entry_id: int, at: datetime, *fields: str) -> str:
    """The hash of one entry: what :func:`append` stores and :func:`verify` recomputes.

    ``fields`` are the actor, action, subject and detail (JSON text), in that order.
    """
    body = json.dumps(
        [prev_hash, entry_id, at.isoformat(timespec="microseconds"), *fields],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(
    connection: Connection,
    *,
    at: datetime,
    actor: str,
    action: str,
    subject: str,
    detail: Mapping[str, Any] | None = None,
) -> int:
    """Add one entry at the end of the chain in the caller's transaction; returns its id.

    ``actor`` is the clerk number (or ``cli`` for IT's commands), ``action`` a dotted name such as
    ``payment.posted``, ``subject`` what it concerns (a receipt number, a clerk number).
    """
    last = connection.execute(
        text("SELECT id, entry_hash FROM audit_entry ORDER BY id DESC LIMIT 1")
    ).one_or_none()
    prev_id, prev_hash = (0, GENESIS) if last is None else (int(last[0]), str(last[1]))
    entry_id = prev_id + 1
    stamp = _utc_naive(at)
    body = json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    digest = entry_hash(prev_hash, entry_id, stamp, actor, action, subject, body)
    connection.execute(
        text(
            "INSERT INTO audit_entry (id, at, actor, action, subject, detail, prev_hash, "
            "entry_hash) VALUES (:id, :at, :actor, :action, :subject, :detail, :prev, :hash)"
        ),
        {
            "id": entry_id,
            "at": stamp,
            "actor": actor,
            "action": action,
            "subject": subject,
            "detail": body,
            "prev": prev_hash,
            "hash": digest,
        },
    )
    return entry_id


@dataclass(frozen=True)
class AuditEntry:
    id: int
    at: datetime
    """UTC, naive as stored."""
    actor: str
    action: str
    subject: str
    detail: dict[str, Any]


@dataclass(frozen=True)
class Verdict:
    """What :func:`verify` found: how many entries it checked and the first broken link, if any."""

    checked: int
    broken_at: int | None = None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def _parse_at(value: object) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


def verify(connection: Connection) -> Verdict:
    """Walk the chain from the first entry and report the first entry that does not fit.

    Reads in id order with a streaming cursor, so a year of entries is checked in constant memory.
    """
    expected_prev = GENESIS
    expected_id = 1
    checked = 0
    rows = connection.execute(
        text(
            "SELECT id, at, actor, action, subject, detail, prev_hash, entry_hash "
            "FROM audit_entry ORDER BY id"
        )
    )
    for entry_id, at, actor, action, subject, detail, prev_hash, stored in rows:
        if entry_id != expected_id:
            return Verdict(
                checked, expected_id, f"entry {expected_id} is missing (next is {entry_id})"
            )
        if prev_hash != expected_prev:
            return Verdict(checked, entry_id, "its link to the entry before does not match")
        recomputed = entry_hash(
            prev_hash, entry_id, _parse_at(at), actor, action, subject, str(detail)
        )
        if recomputed != stored:
            return Verdict(checked, entry_id, "its contents were changed after it was written")
        checked += 1
        expected_prev = stored
        expected_id += 1
    return Verdict(checked)


def recent(
    connection: Connection, limit: int = 100, subject: str | None = None
) -> list[AuditEntry]:
    """The newest entries first, optionally only those about ``subject``."""
    rows = connection.execute(
        text(
            "SELECT id, at, actor, action, subject, detail FROM audit_entry "
            "WHERE :subject IS NULL OR subject = :subject ORDER BY id DESC LIMIT :limit"
        ),
        {"subject": subject, "limit": limit},
    )
    return [
        AuditEntry(int(i), _parse_at(at), actor, action, subj, json.loads(detail))
        for i, at, actor, action, subj, detail in rows
    ]
