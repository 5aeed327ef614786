"""The outbox (SYNC.md): operations for HQ, written in the business act's own transaction.

A payment and its outbox row commit together, so HQ can never miss a payment the terminal kept,
nor hear of one the terminal rolled back. ``op_id`` is the business record's UUID, which makes the
apply at HQ idempotent; ``terminal_seq`` is gapless per terminal (SQLite's single writer makes
``max + 1`` safe inside the transaction), so HQ notices a missing operation. The sync engine that
sends the rows is the sync issue's; this module only writes and counts them.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, text

from counterdesk.store.models import OutboxState


def add(
    connection: Connection,
    *,
    op_id: uuid.UUID,
    terminal_id: str,
    kind: str,
    payload: Mapping[str, Any],
    business_time: datetime,
    now: datetime,
    payload_version: int = 1,
) -> int:
    """Queue one operation in the caller's transaction; returns its terminal sequence number."""
    seq = int(
        connection.execute(
            text("SELECT coalesce(max(terminal_seq), 0) + 1 FROM outbox")
        ).scalar_one()
    )
    connection.execute(
        text(
            "INSERT INTO outbox (op_id, terminal_id, terminal_seq, kind, payload_version, payload, "
            "state, business_time, created_at) VALUES (:op, :terminal, :seq, :kind, :version, "
            ":payload, :state, :business, :now)"
        ),
        {
            "op": op_id.bytes,
            "terminal": terminal_id,
            "seq": seq,
            "kind": kind,
            "version": payload_version,
            "payload": json.dumps(payload, ensure_ascii=False, sort_keys=True),
            "state": OutboxState.PENDING.value,
            "business": business_time.astimezone(UTC).replace(tzinfo=None),
            "now": now.astimezone(UTC).replace(tzinfo=None),
        },
    )
    return seq


def pending_count(connection: Connection) -> int:
    return int(
        connection.execute(
            text("SELECT count(*) FROM outbox WHERE state = :state"),
            {"state": OutboxState.PENDING.value},
        ).scalar_one()
    )
