"""The sync engine's own rows: the link to HQ, each scope's cursor and initial load, the counts.

Kept in the terminal database rather than in memory so a restart resumes where the last run
stopped (a half-done initial load, the cursors) and ``counterdesk sync status`` in another process
reads the same facts as the app's status bar.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection

from counterdesk.store.models import OutboxState
from counterdesk.sync.protocol import GLOBAL_SCOPE


def naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def aware(value: object) -> datetime | None:
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class LinkRecord:
    hq_url: str
    token: str
    terminal_id: str
    hall: str
    scopes: tuple[str, ...]
    joined_at: datetime
    link: str
    last_success_at: datetime | None
    last_error: str
    open_conflicts: int
    gap: str


def with_global(scopes: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """``*`` (tariffs) first, then the hall's areas once each, in HQ's order."""
    ordered = [GLOBAL_SCOPE]
    for scope in scopes:
        if scope not in ordered:
            ordered.append(scope)
    return tuple(ordered)


def read_link(connection: Connection) -> LinkRecord | None:
    row = connection.exec_driver_sql(
        "SELECT hq_url, token, terminal_id, hall, scopes, joined_at, link, last_success_at, "
        "last_error, open_conflicts, gap FROM sync_link WHERE id = 1"
    ).first()
    if row is None:
        return None
    joined = aware(row[5])
    assert joined is not None  # NOT NULL column
    return LinkRecord(
        hq_url=str(row[0]),
        token=str(row[1]),
        terminal_id=str(row[2]),
        hall=str(row[3]),
        scopes=with_global(json.loads(row[4])),
        joined_at=joined,
        link=str(row[6]),
        last_success_at=aware(row[7]),
        last_error=str(row[8]),
        open_conflicts=int(row[9]),
        gap=str(row[10]),
    )


def write_link(
    connection: Connection,
    *,
    hq_url: str,
    token: str,
    terminal_id: str,
    hall: str,
    scopes: tuple[str, ...],
    now: datetime,
    open_conflicts: int,
) -> None:
    """Store the link (replacing any before). Another HQ's cursors and loads mean nothing here,
    so joining a different address forgets them; a new token for the same HQ keeps them."""
    before = read_link(connection)
    last_success = None
    if before is not None and before.hq_url.rstrip("/") != hq_url.rstrip("/"):
        connection.exec_driver_sql("DELETE FROM sync_cursor")
        connection.exec_driver_sql("DELETE FROM sync_load")
    elif before is not None and before.last_success_at is not None:
        last_success = naive(before.last_success_at)
    connection.exec_driver_sql("DELETE FROM sync_link")
    connection.exec_driver_sql(
        "INSERT INTO sync_link (id, hq_url, token, terminal_id, hall, scopes, joined_at, link, "
        "last_success_at, last_error, open_conflicts, gap) "
        "VALUES (1, ?, ?, ?, ?, ?, ?, 'online', ?, '', ?, '')",
        (
            hq_url.rstrip("/"),
            token,
            terminal_id,
            hall,
            json.dumps(list(scopes)),
            naive(now),
            last_success,
            open_conflicts,
        ),
    )


def update_scopes(connection: Connection, scopes: tuple[str, ...], open_conflicts: int) -> None:
    """HQ's current list of this terminal's scopes; a scope it dropped is forgotten here (its
    rows stay in the cache until HQ sends their removal from a scope still pulled)."""
    connection.exec_driver_sql(
        "UPDATE sync_link SET scopes = ?, open_conflicts = ? WHERE id = 1",
        (json.dumps(list(scopes)), open_conflicts),
    )
    marks = ", ".join("?" * len(scopes))
    for table in ("sync_cursor", "sync_load"):
        connection.exec_driver_sql(
            f"DELETE FROM {table} WHERE scope NOT IN ({marks})",  # noqa: S608 - fixed names
            tuple(scopes),
        )


def record_outcome(
    connection: Connection,
    *,
    link: str,
    error: str,
    success_at: datetime | None,
    gap: str | None = None,
) -> None:
    connection.exec_driver_sql(
        "UPDATE sync_link SET link = ?, last_error = ?, "
        "last_success_at = coalesce(?, last_success_at), gap = coalesce(?, gap) WHERE id = 1",
        (link, error[:1000], None if success_at is None else naive(success_at), gap),
    )


def cursors(connection: Connection) -> dict[str, str]:
    return {
        str(scope): str(cursor)
        for scope, cursor in connection.exec_driver_sql(
            "SELECT scope, cursor FROM sync_cursor ORDER BY scope"
        )
    }


def set_cursor(connection: Connection, scope: str, cursor: str, now: datetime) -> None:
    connection.exec_driver_sql(
        "INSERT INTO sync_cursor (scope, cursor, updated_at) VALUES (?, ?, ?) "
        "ON CONFLICT (scope) DO UPDATE SET cursor = excluded.cursor, "
        "updated_at = excluded.updated_at",
        (scope, cursor, naive(now)),
    )


@dataclass(frozen=True, slots=True)
class Counts:
    pending: int
    oldest_pending: datetime | None
    rejected: int


def outbox_counts(connection: Connection) -> Counts:
    pending, oldest = connection.exec_driver_sql(
        "SELECT count(*), min(business_time) FROM outbox WHERE state = ?",
        (OutboxState.PENDING.value,),
    ).one()
    rejected = connection.exec_driver_sql(
        "SELECT count(*) FROM outbox WHERE state = ?", (OutboxState.REJECTED.value,)
    ).scalar_one()
    return Counts(int(pending), aware(oldest), int(rejected))
