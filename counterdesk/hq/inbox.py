"""Reading HQ's conflict inbox and a terminal's standing: what managers and terminals are shown.

The inbox is written by :mod:`counterdesk.hq.ledger` (parking) and changed by its
:func:`~counterdesk.hq.ledger.resolve`; reading it needs none of the booking machinery.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, func, select

from counterdesk.hq import schema
from counterdesk.hq.database import reading
from counterdesk.hq.ops import aware
from counterdesk.sync.protocol import Conflict


def conflict_of(row: Any) -> Conflict:
    return Conflict(
        id=int(row.id),
        op_id=row.op_id,
        terminal_id=str(row.terminal_id),
        terminal_seq=int(row.terminal_seq),
        kind=str(row.kind),
        status=row.status,
        code=str(row.code),
        message=str(row.message),
        payload=json.loads(str(row.payload) or "{}"),
        business_time=aware(row.business_time) or datetime.now(UTC),
        received_at=aware(row.received_at) or datetime.now(UTC),
        state=row.state,
        resolution=str(row.resolution),
        resolved_by=str(row.resolved_by),
        resolved_at=aware(row.resolved_at),
        note=str(row.note),
    )


def list_conflicts(
    engine: Engine, hall: str | None = None, state: str | None = "open", *, limit: int = 500
) -> list[Conflict]:
    """Parked ops, newest first: one hall's (``None``: every hall's), in one state or all."""
    c = schema.conflict.c
    query = select(schema.conflict).order_by(c.id.desc()).limit(limit)
    if hall is not None:
        query = query.where(c.hall == hall)
    if state is not None:
        query = query.where(c.state == state)
    with reading(engine) as connection:
        return [conflict_of(row) for row in connection.execute(query)]


def open_conflicts(engine: Engine, hall: str) -> int:
    c = schema.conflict.c
    with reading(engine) as connection:
        return int(
            connection.execute(
                select(func.count()).where((c.hall == hall) & (c.state == "open"))
            ).scalar_one()
        )


def acked_through(engine: Engine, terminal_id: str) -> int:
    with reading(engine) as connection:
        value = connection.execute(
            select(schema.terminal.c.acked_through).where(
                schema.terminal.c.terminal_id == terminal_id
            )
        ).scalar_one_or_none()
    return int(value or 0)
