"""The initial load of a scope (and a refetch), page by page and resumable (SYNC.md).

Each page is written in one transaction together with where the next page starts
(``sync_load.next_table``, ``next_after``), so a dropped connection or a closed app resumes at
the page it lost instead of starting over (the PouchDB complaint). The cursor of the first page,
taken by HQ before it read anything, becomes the scope's pull cursor when the last page is in:
pulling from there replays whatever changed while the pages were read.

While one page is written the next ones are already being fetched (:class:`_Pages`), so HQ, the
network and SQLite work at the same time.

A cache with no accounts yet is loaded in bulk mode: the search triggers and the synced tables'
non-unique indexes are dropped, the pages go in without per-row index upkeep, and the indexes
are built once afterwards (:func:`counterdesk.store.search_index.bulk_load`, spread over the
load's transactions). The load goes table by table across the hall's areas rather than area by
area: every area's customers and accounts first, then the search index is built
(:func:`ensure_search_index`, the two-character names' part on a second connection) and the
clerk can find any account, then the meters, installations and bills, whose indexes are built at
the end (:func:`ensure_indexes`, which also merges the search index). Missing triggers mark an
unfinished first part, missing indexes an unfinished second part; the next round carries on in
bulk mode where the last one stopped. Until the end account panels read slower; the status shows
the load's progress.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import queue
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Connection, Engine, Index

from counterdesk.store import search_index
from counterdesk.store.models import Base
from counterdesk.sync import apply, store
from counterdesk.sync.client import SyncClient, TransientSyncError
from counterdesk.sync.protocol import DEFAULT_SNAPSHOT_PAGE, GLOBAL_SCOPE, SnapshotPage
from counterdesk.sync.status import LoadProgress

log = logging.getLogger(__name__)

Progress = Callable[[LoadProgress], None]

BULK_TABLES: Final = ("customer", "account", "meter", "meter_installation", "bill")
SEARCHED_TABLES: Final = frozenset({"customer", "account"})
"""What the search index is made of: loaded first in every area, so search works soonest."""
FETCHERS: Final = 2
AHEAD: Final = 2
"""Pages fetched and waiting for the writer: enough to keep SQLite busy, few enough that a
million-account load holds no more than a few pages in memory."""


@dataclass(frozen=True, slots=True)
class LoadState:
    scope: str
    cursor: str | None
    next_table: str | None
    next_after: str | None
    rows_done: int
    rows_total: int
    finished: bool


class _Raw:
    """The search-index helpers take anything with ``execute(sql)``: this is the transaction's."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def execute(self, sql: str, /) -> Any:
        return self._connection.exec_driver_sql(sql)


def load_state(connection: Connection, scope: str) -> LoadState | None:
    row = connection.exec_driver_sql(
        "SELECT cursor, next_table, next_after, rows_done, rows_total, finished_at "
        "FROM sync_load WHERE scope = ?",
        (scope,),
    ).first()
    if row is None:
        return None
    return LoadState(scope, row[0], row[1], row[2], int(row[3]), int(row[4]), row[5] is not None)


def start_load(connection: Connection, scope: str, now: datetime) -> None:
    """A fresh load of ``scope`` from its first page (first join, or HQ said must refetch);
    until it finishes the scope has no pull cursor."""
    connection.exec_driver_sql("DELETE FROM sync_cursor WHERE scope = ?", (scope,))
    connection.exec_driver_sql(
        "INSERT INTO sync_load (scope, cursor, next_table, next_after, rows_done, rows_total, "
        "started_at, finished_at) VALUES (?, NULL, NULL, NULL, 0, 0, ?, NULL) "
        "ON CONFLICT (scope) DO UPDATE SET cursor = NULL, next_table = NULL, next_after = NULL, "
        "rows_done = 0, rows_total = 0, started_at = excluded.started_at, finished_at = NULL",
        (scope, store.naive(now)),
    )


def scopes_to_load(connection: Connection, scopes: Collection[str]) -> list[str]:
    """Scopes with no pull cursor yet, or with a load under way, in ``scopes`` order."""
    have = store.cursors(connection)
    unfinished = _unfinished(connection)
    return [scope for scope in scopes if scope not in have or scope in unfinished]


def search_index_ready(connection: Connection) -> bool:
    """Whether the search triggers are in place (missing: a bulk load is under way)."""
    names = tuple(search_index.TRIGGERS)
    present = connection.exec_driver_sql(
        f"SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "  # noqa: S608
        f"AND name IN ({', '.join('?' * len(names))})",
        names,
    ).scalar_one()
    return int(present) == len(names)


def _secondary_indexes(tables: Collection[str] = BULK_TABLES) -> list[Index]:
    """The non-unique indexes of the synced tables, as the models (and migrations) define them.

    A million rows arrive in key order, which suits the tables and their unique keys; these
    indexes (an account's customer, a bill's account and period…) would be updated in random
    order, row by row, at several times the cost of building each once, sorted, at the end.
    """
    return [
        index
        for table in BULK_TABLES
        if table in tables
        for index in sorted(Base.metadata.tables[table].indexes, key=lambda i: str(i.name))
    ]


def _loading(connection: Connection, tables: Collection[str] | None = None) -> bool:
    """Whether a load is unfinished (with ``tables``: one that has rows of them still to come;
    a load that has not fetched its first page yet has all of them to come)."""
    sql = "SELECT next_table FROM sync_load WHERE finished_at IS NULL"
    return any(
        tables is None or next_table is None or next_table in tables
        for (next_table,) in connection.exec_driver_sql(sql)
    )


def _unfinished(connection: Connection) -> set[str]:
    sql = "SELECT scope FROM sync_load WHERE finished_at IS NULL"
    return {str(scope) for (scope,) in connection.exec_driver_sql(sql)}


def _missing_indexes(connection: Connection, tables: Collection[str] = BULK_TABLES) -> list[Index]:
    names = {str(name) for (name,) in connection.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'index'")}  # fmt: skip
    return [index for index in _secondary_indexes(tables) if str(index.name) not in names]


def _build_indexes(connection: Connection, tables: Collection[str]) -> None:
    """The indexes a bulk load left out, and SQLite's key check over the tables it wrote with
    the keys unchecked."""
    for index in _missing_indexes(connection, tables):
        index.create(connection)
    for table in BULK_TABLES:
        if table not in tables:
            continue
        broken = connection.exec_driver_sql(f"PRAGMA foreign_key_check({table})").all()
        if broken:
            # Written with the keys unchecked: HQ sent rows referring to rows it did not
            # send (an account's tariff). Kept, as HQ sent them; IT should hear of it.
            log.warning("%d %s rows from HQ refer to rows HQ did not send, e.g. %s.",
                        len(broken), table, broken[0])  # fmt: skip


def ensure_search_index(engine: Engine) -> bool:
    """After the customers and accounts of a bulk load are in (or a crash just after): build
    their indexes and the search index once, and put the triggers back. Returns whether it did.

    The two-character names' rows are worked out beside it on a second connection
    (:class:`~counterdesk.store.search_index.GramsAside`) and copied in by a second transaction
    with the triggers; a crash between the two leaves the triggers missing, so the next round
    builds the index again from the start.
    """
    with engine.begin() as connection:
        if search_index_ready(connection) or _loading(connection, SEARCHED_TABLES):
            return False
    database = engine.url.database
    if not database or database == ":memory:":  # one connection only: all on it
        with engine.begin() as connection:
            _build_indexes(connection, SEARCHED_TABLES)
            raw = _Raw(connection)
            search_index.rebuild(raw, merge=False)
            search_index.create_triggers(raw)
    else:
        _build_beside(engine, search_index.GramsAside(Path(database)))
    log.info("The account search index is ready: every area's customers and accounts are in.")
    return True


def _build_beside(engine: Engine, grams: search_index.GramsAside) -> None:
    try:
        with engine.begin() as connection:
            _build_indexes(connection, SEARCHED_TABLES)
            # Merged by ensure_indexes, at the end of the load.
            search_index.rebuild(_Raw(connection), merge=False, grams=False)
        grams.wait()
        with engine.connect() as connection:
            driver = connection.connection.driver_connection
            assert isinstance(driver, sqlite3.Connection)
            grams.attach_to(driver)
            try:
                with connection.begin():
                    raw = _Raw(connection)
                    grams.copy_into(raw)
                    search_index.create_triggers(raw)
            finally:
                grams.detach_from(driver)
    finally:
        grams.close()


def ensure_indexes(engine: Engine) -> bool:
    """After a bulk load (or a crash just before its end): build the indexes it left out and
    merge the search index :func:`ensure_search_index` left unmerged, when no load is left.
    Returns whether it did."""
    with engine.begin() as connection:
        if _loading(connection) or not _missing_indexes(connection):
            return False
        _build_indexes(connection, BULK_TABLES)
        search_index.optimize(_Raw(connection))
    log.info("The initial load's indexes are built.")
    return True


def _begin_bulk(engine: Engine) -> None:
    with engine.begin() as connection:
        if not search_index_ready(connection):
            return  # an interrupted bulk load: carry on
        if connection.exec_driver_sql("SELECT 1 FROM account LIMIT 1").first() is not None:
            return  # a cache in use: keep the index current row by row
        search_index.drop_triggers(_Raw(connection))
        for index in _secondary_indexes():
            index.drop(connection, checkfirst=True)


def _check(page: SnapshotPage, scope: str, asked: tuple[str | None, str | None]) -> None:
    if page.scope != scope:
        raise TransientSyncError(f"HQ answered with a snapshot of scope {page.scope}, not {scope}.")
    if page.next_table is not None and (page.next_table, page.next_after) == asked:
        raise TransientSyncError(f"HQ's snapshot of scope {scope} does not move past {asked}.")


class _Pages:
    """Fetcher threads walking the scopes' snapshot pages into a small queue, in order per scope.

    A page's ``next_table`` and ``next_after`` are all a fetcher needs for the next request, so
    it runs ahead of the writer (up to :data:`AHEAD` pages) while the writer persists each page
    with its position: HQ, the network and SQLite all work at once, and what is resumable is
    still exactly what was written. Two fetchers take alternate scopes, so HQ serves two pages at
    a time. Their failures come out of the iteration as they happened.
    """

    def __init__(
        self,
        client: SyncClient,
        plans: list[tuple[str, tuple[str | None, str | None]]],
        page_size: int,
        tables: Collection[str] | None = None,
    ) -> None:
        self._client = client
        self._page_size = page_size
        self._tables = tables
        self._queue: queue.Queue[tuple[str, SnapshotPage] | BaseException | None] = queue.Queue(
            AHEAD
        )
        self._stop = threading.Event()
        groups = [plans[i::FETCHERS] for i in range(FETCHERS)]
        self._threads = [
            threading.Thread(target=self._walk, args=(group,), name="sync-load", daemon=True)
            for group in groups
            if group
        ]
        for thread in self._threads:
            thread.start()

    def _put(self, item: tuple[str, SnapshotPage] | BaseException | None) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
            except queue.Full:
                continue
            return True
        return False

    def _walk(self, group: list[tuple[str, tuple[str | None, str | None]]]) -> None:
        try:
            for scope, first in group:
                asked = first
                while not self._stop.is_set():
                    page = self._client.snapshot(scope, asked[0], asked[1], self._page_size)
                    _check(page, scope, asked)
                    if not self._put((scope, page)) or page.next_table is None:
                        break
                    if self._tables is not None and page.next_table not in self._tables:
                        break  # the rest of the scope comes in a later part of the load
                    asked = (page.next_table, page.next_after)
        except BaseException as error:  # handed to the writer, which raises it
            self._put(error)
        finally:
            self._put(None)

    def __iter__(self) -> Iterator[tuple[str, SnapshotPage]]:
        running = len(self._threads)
        while running:
            item = self._queue.get()
            if item is None:
                running -= 1
            elif isinstance(item, BaseException):
                raise item
            else:
                yield item

    def close(self) -> None:
        self._stop.set()
        for thread in self._threads:
            while thread.is_alive():
                with contextlib.suppress(queue.Empty):
                    self._queue.get(timeout=0.05)


@contextlib.contextmanager
def _bulk_page(connection: Connection, bulk: bool) -> Iterator[None]:
    """For a bulk page, foreign keys off and ``synchronous=NORMAL``; both back to the store's
    settings before the connection goes back to the pool.

    Keys: on a fresh cache each check is a lookup of a row written moments before; the
    references that matter cannot be missing anyway (a customer, an account or a meter that is
    not there leaves a NOT NULL column empty, which SQLite refuses), and
    :func:`ensure_search_index` runs SQLite's own check over the loaded tables at the end.
    Sync: the store waits for the disk at every commit so that a taken payment survives a power
    cut; a page needs no such care, since a load that loses its last pages in a power cut
    fetches them again (its position is written with each page), and WAL keeps the file whole.
    That wait was about a tenth of a page's time. Both pragmas only work outside a transaction.
    """
    if not bulk:
        yield
        return
    raw = connection.connection.driver_connection
    assert raw is not None
    raw.execute("PRAGMA foreign_keys=OFF")
    raw.execute("PRAGMA synchronous=NORMAL")
    try:
        yield
    finally:
        raw.execute("PRAGMA synchronous=FULL")
        raw.execute("PRAGMA foreign_keys=ON")


def _load(
    engine: Engine,
    client: SyncClient,
    scopes: list[str],
    *,
    now: Callable[[], datetime],
    progress: Progress,
    stop: Callable[[], bool],
    page_size: int,
    tables: Collection[str] | None = None,
) -> bool:
    """Load ``scopes`` from where each load stands (with ``tables``: only as long as the next
    page is of one of them); False when ``stop`` said to stop."""
    states: dict[str, list[Any]] = {}
    plans: list[tuple[str, tuple[str | None, str | None]]] = []
    with engine.begin() as connection:
        for scope in scopes:
            state = load_state(connection, scope)
            if state is None or state.finished:
                start_load(connection, scope, now())
                state = load_state(connection, scope)
            assert state is not None
            if tables is not None and state.next_table not in (None, *tables):
                continue  # this part of the load is done for the scope
            states[scope] = [state.cursor, state.rows_done, state.rows_total]
            # A fresh load asks for the first page with neither table nor position: HQ takes
            # the cursor then. Later pages pass back ``next_table`` and ``next_after``.
            plans.append((scope, (state.next_table, state.next_after)))
        bulk = bool(_missing_indexes(connection))
    if not plans:
        return True
    pages = _Pages(client, plans, page_size, tables)
    try:
        for scope, page in pages:
            figures = states[scope]
            finished = page.next_table is None
            figures[0] = figures[0] or page.cursor
            figures[1] += len(page.rows)
            figures[2] = max(page.total_estimate, figures[1])
            cursor, done, total = figures
            with (
                engine.connect() as connection,
                _bulk_page(connection, bulk),
                connection.begin(),
            ):
                apply.upsert(connection, page.table, page.rows)
                connection.exec_driver_sql(
                    "UPDATE sync_load SET cursor = ?, next_table = ?, next_after = ?, "
                    "rows_done = ?, rows_total = ?, finished_at = ? WHERE scope = ?",
                    (cursor, page.next_table, page.next_after, done, total,
                     store.naive(now()) if finished else None, scope),
                )  # fmt: skip
                if finished:
                    store.set_cursor(connection, scope, cursor, now())
            # The table the load is on now (the next page's), as a restart reads it back.
            progress(LoadProgress(scope, page.next_table or page.table, done, total))
            if finished:
                log.info("Scope %s loaded: %d rows, cursor %s.", scope, done, cursor)
            elif stop():
                return False
    finally:
        pages.close()
    return True


def load_scope(
    engine: Engine,
    client: SyncClient,
    scope: str,
    *,
    now: Callable[[], datetime],
    progress: Progress = lambda _p: None,
    stop: Callable[[], bool] = lambda: False,
    page_size: int = DEFAULT_SNAPSHOT_PAGE,
) -> bool:
    """Load one scope from where its load stands; returns True when it finished, False when
    ``stop`` said to stop between pages (the load resumes from the next page later)."""
    return _load(
        engine, client, [scope], now=now, progress=progress, stop=stop, page_size=page_size
    )


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while the pages come in.

    A load holds a few pages of 50,000 rows at a time, each row a fresh list: the collector
    counts them as they are made and walks the whole heap again and again as they move to the
    old generation, which took about half of the time spent parsing a page. The rows hold no
    cycles (reference counting frees every page once written), so nothing piles up meanwhile;
    the collector is switched back on afterwards, also when the load fails.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@_collector_paused()
def load_all(
    engine: Engine,
    client: SyncClient,
    scopes: list[str],
    *,
    now: Callable[[], datetime],
    progress: Progress = lambda _p: None,
    stop: Callable[[], bool] = lambda: False,
    page_size: int = DEFAULT_SNAPSHOT_PAGE,
) -> bool:
    """Load every scope in ``scopes`` (bulk mode on an empty cache) with the search index.

    The global scope (tariffs, which accounts refer to) goes first and alone. The hall's areas
    then load side by side (:class:`_Pages`), each area holding what its own rows refer to:
    first every area's customers and accounts, then the search index is built, then the rest.
    """
    if scopes:
        _begin_bulk(engine)

    def part(group: list[str], tables: Collection[str] | None) -> bool:
        return not group or _load(
            engine, client, group, now=now, progress=progress, stop=stop, page_size=page_size,
            tables=tables,
        )  # fmt: skip

    if not part([s for s in scopes if s == GLOBAL_SCOPE], None):
        return False
    areas = [s for s in scopes if s != GLOBAL_SCOPE]
    if not part(areas, SEARCHED_TABLES):
        return False
    ensure_search_index(engine)
    with engine.connect() as connection:
        unfinished = _unfinished(connection)  # an area may hold nothing past its accounts
    if not part([s for s in areas if s in unfinished], None):
        return False
    ensure_search_index(engine)  # a load of tariffs alone, or one that crashed at the end
    ensure_indexes(engine)
    return True
