"""Pulling HQ's changes into the cache (SYNC.md): rows, tombstones and the cursor, one page at a
time, each page in one local transaction.

A page is applied whole or not at all, together with the cursor after it, so a crash or a dropped
connection between pages replays at most the page that was lost, and replaying a row is harmless
(an upsert by key). Changes are applied in HQ's order; consecutive rows of one table go to SQLite
as one ``executemany``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine

from counterdesk.sync import apply, store
from counterdesk.sync.client import SyncClient, TransientSyncError
from counterdesk.sync.protocol import Change, ChangesResponse, Cursor

log = logging.getLogger(__name__)


class MustRefetchError(Exception):
    """HQ compacted its change log past this scope's cursor: load the scope again."""

    def __init__(self, scope: str) -> None:
        super().__init__(f"HQ's change log no longer reaches scope {scope}'s cursor.")
        self.scope = scope


@dataclass(frozen=True, slots=True)
class PullOutcome:
    pages: int = 0
    rows: int = 0
    removed: int = 0
    cursor: str = ""


def apply_changes(
    connection: Connection, scope: str, changes: list[Change], scopes: Collection[str]
) -> tuple[int, int]:
    """Apply one page's changes in order in the caller's transaction; returns (rows, removed)."""
    rows = removed = 0
    run: list[list[Any]] = []
    run_table = ""
    for change in changes:
        if change.row is not None and change.table == run_table:
            run.append(change.row)
            continue
        rows += apply.upsert(connection, run_table, run) if run else 0
        run, run_table = [], ""
        if change.row is None:
            removed += apply.tombstone(connection, scope, change.table, change.key, scopes)
        else:
            run, run_table = [change.row], change.table
    rows += apply.upsert(connection, run_table, run) if run else 0
    return rows, removed


def _check(page: ChangesResponse, scope: str, cursor: str) -> None:
    if page.scope != scope:
        raise TransientSyncError(f"HQ answered with changes of scope {page.scope}, not {scope}.")
    if Cursor.parse(page.cursor).key() < Cursor.parse(cursor).key():
        raise TransientSyncError(
            f"HQ's cursor for scope {scope} went back from {cursor} to {page.cursor}."
        )


def pull_scope(
    engine: Engine,
    client: SyncClient,
    scope: str,
    scopes: Collection[str],
    *,
    now: Callable[[], datetime],
    limit: int | None = None,
    stop: Callable[[], bool] = lambda: False,
) -> PullOutcome:
    """Pull ``scope`` from its cursor until HQ has no more; raises :class:`MustRefetchError`."""
    with engine.connect() as connection:
        cursor = store.cursors(connection).get(scope)
    if cursor is None:
        raise MustRefetchError(scope)
    pages = rows = removed = 0
    while not stop():
        page = client.changes(scope, cursor, limit)
        if page.must_refetch:
            raise MustRefetchError(scope)
        _check(page, scope, cursor)
        if not page.changes and page.cursor == cursor:
            break  # nothing new: no write at all
        with engine.begin() as connection:
            written, gone = apply_changes(connection, scope, page.changes, scopes)
            store.set_cursor(connection, scope, page.cursor, now())
        pages += 1
        rows += written
        removed += gone
        if page.cursor == cursor and page.more:
            raise TransientSyncError(f"HQ says scope {scope} has more but its cursor stands still.")
        cursor = page.cursor
        if not page.more:
            break
    return PullOutcome(pages, rows, removed, cursor)
