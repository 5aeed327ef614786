"""The initial load against the real HQ server: page by page, resumable, and the cursor after it.

Pages are made small (ten rows) so a dozen accounts take several pages and every resume path is
walked: a load stopped between pages, a connection lost mid-load, and HQ's "must refetch".
"""

from __future__ import annotations

import gc
import itertools
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from counterdesk.hq.changes import require_refetch
from counterdesk.hq.ledger import issue_bill
from counterdesk.store import search_index
from counterdesk.store.search import search_accounts
from counterdesk.sync import snapshot
from counterdesk.sync.client import SyncClient
from counterdesk.sync.engine import SyncEngine
from counterdesk.sync.link import join
from counterdesk.sync.status import Link, LoadProgress
from tests.helpers.counter import NOW, Counter, copy_counter, later
from tests.integration.sync.hq_server import HQ_NOW, CountingTransport, Hq, open_account, start_hq

ACCOUNTS = 12
ROWS = ACCOUNTS * 6
"""Per account: its customer, the account, a meter, its installation and two bills."""


@pytest.fixture
def hq(tmp_path: Path) -> Iterator[Hq]:
    server = start_hq(tmp_path / "hq.db")
    for i in range(ACCOUNTS):
        open_account(server.engine, f"33010{i:05d}", name=f"王建{i:02d}", address=f"春晖路{i}号")
    yield server
    server.stop()


@pytest.fixture
def counter(template: Counter, tmp_path: Path, hq: Hq) -> Iterator[Counter]:
    made = copy_counter(template, tmp_path / "terminal.db")
    join(made.engine, hq.url, hq.token)
    yield made
    made.engine.dispose()


def counts(counter: Counter) -> tuple[int, ...]:
    with counter.engine.connect() as connection:
        return tuple(
            int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
            for table in ("customer", "account", "meter", "meter_installation", "bill")
        )


def load_row(counter: Counter, scope: str = "A01") -> tuple[object, ...]:
    with counter.engine.connect() as connection:
        return tuple(
            connection.execute(
                text("SELECT cursor, next_table, rows_done, finished_at IS NOT NULL "
                     "FROM sync_load WHERE scope = :s"), {"s": scope},
            ).one()
        )  # fmt: skip


def pull_cursor(counter: Counter, scope: str = "A01") -> str | None:
    with counter.engine.connect() as connection:
        return connection.execute(
            text("SELECT cursor FROM sync_cursor WHERE scope = :s"), {"s": scope}
        ).scalar_one_or_none()


def test_a_load_stopped_after_a_page_resumes_there_and_misses_nothing(
    hq: Hq, counter: Counter
) -> None:
    with SyncClient(hq.url, hq.token) as client:
        assert snapshot.load_scope(counter.engine, client, "*", now=lambda: NOW)
        seen: list[LoadProgress] = []
        stopped = snapshot.load_scope(
            counter.engine, client, "A01", now=lambda: NOW, progress=seen.append,
            stop=lambda: True, page_size=10,
        )  # fmt: skip
        assert not stopped
        cursor, next_table, done, finished = load_row(counter)
        assert (next_table, done, finished) == ("customer", 10, False)
        assert seen == [LoadProgress("A01", "customer", 10, ROWS)]  # more customers next
        assert pull_cursor(counter) is None  # not pulled from until the load is whole
        assert counts(counter)[0] == 10

        # HQ bills an account while the load is half done: the pull after the load has it.
        with hq.engine.begin() as connection:
            account = uuid.UUID(connection.execute(
                text("SELECT uid FROM hq_account ORDER BY uid LIMIT 1")
            ).scalar_one())  # fmt: skip
            bill, _ = issue_bill(
                connection, account_uid=account, period=202611, units=1, amount_fen=56,
                due_date=date(2026, 12, 25), now=HQ_NOW,
            )  # fmt: skip

        assert snapshot.load_scope(counter.engine, client, "A01", now=lambda: later(1),
                                   progress=seen.append, page_size=10)  # fmt: skip
    # Every row once; the load counted each page once, resuming at row 11.
    assert counts(counter)[:4] == (ACCOUNTS, ACCOUNTS, ACCOUNTS, ACCOUNTS)
    assert counts(counter)[4] in (2 * ACCOUNTS, 2 * ACCOUNTS + 1)
    done = [p.rows_done for p in seen]
    assert all(0 <= b - a <= 10 for a, b in itertools.pairwise(done))
    assert done[-1] == sum(counts(counter))
    assert load_row(counter)[0] == cursor  # the first page's cursor, kept to the end
    assert pull_cursor(counter) == cursor
    assert load_row(counter)[3] == 1  # finished

    # The first round pulls from the load's cursor: the bill is there, and nothing twice.
    sync = SyncEngine(counter.engine)
    try:
        assert sync.run_once().link is Link.ONLINE
    finally:
        sync.stop()
    assert counts(counter) == (ACCOUNTS, ACCOUNTS, ACCOUNTS, ACCOUNTS, 2 * ACCOUNTS + 1)
    with counter.engine.connect() as connection:
        assert (
            connection.execute(
                text("SELECT amount_fen FROM bill WHERE uid = :u"), {"u": bill.bytes}
            ).scalar_one()
            == 56
        )
    assert pull_cursor(counter) != cursor


def test_a_connection_lost_mid_load_resumes_on_the_next_round(hq: Hq, counter: Counter) -> None:
    transport = CountingTransport()
    # The fourth snapshot request dies on the wire; the pages before it are kept.
    transport.fail = lambda _n, request: (
        request.url.path.endswith("/snapshot") and transport.count("/snapshot") == 4
    )
    sync = SyncEngine(counter.engine, transport=transport)
    try:
        status = sync.run_once()
        assert status.link is Link.OFFLINE
        assert "connection reset" in status.last_error
        assert status.loading is not None
        assert status.loading.scope == "A01"
        done = status.loading.rows_done
        assert 0 < done < ROWS
        assert SyncEngine(counter.engine).status().loading == status.loading  # after a restart
        transport.fail = None
        status = sync.run_once()
    finally:
        sync.stop()
        transport.close()
    assert status.link is Link.ONLINE
    assert status.loading is None
    assert counts(counter) == (ACCOUNTS, ACCOUNTS, ACCOUNTS, ACCOUNTS, 2 * ACCOUNTS)
    # The search index was built once the load was whole.
    with counter.engine.connect() as connection:
        assert search_accounts(connection, "春晖路7号").hits[0].account_number == "3301000007"
        assert snapshot.search_index_ready(connection)
        # The load wrote with foreign keys off; the pooled connection has them on again.
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        indexes = connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'ix_%'"
        ).scalars()
        assert {i.name for i in snapshot._secondary_indexes()} <= set(indexes)


def test_hq_saying_must_refetch_loads_the_scope_again(hq: Hq, counter: Counter) -> None:
    sync = SyncEngine(counter.engine)
    try:
        assert sync.run_once().link is Link.ONLINE
        before = pull_cursor(counter)
        with counter.engine.begin() as connection:
            started = connection.execute(text("SELECT started_at FROM sync_load")).all()
        # HQ restored from a backup: the log past the terminal's cursor is not to be trusted.
        open_account(hq.engine, "3302000001", name="欧阳明远")
        require_refetch(hq.engine, "A01")
        status = sync.run_once()
    finally:
        sync.stop()
    assert status.link is Link.ONLINE
    assert counts(counter)[1] == ACCOUNTS + 1
    assert pull_cursor(counter) != before
    with counter.engine.connect() as connection:
        assert connection.execute(text("SELECT started_at FROM sync_load")).all() != started


def test_a_bad_page_is_not_applied_and_the_load_can_go_on(hq: Hq, counter: Counter) -> None:
    """HQ's account refers to a customer it never sent (HQ data broken): that page waits."""
    with hq.engine.begin() as connection:
        connection.execute(text("DELETE FROM hq_customer WHERE name = '王建03'"))
    sync = SyncEngine(counter.engine)
    try:
        status = sync.run_once()
    finally:
        sync.stop()
    assert status.link is Link.OFFLINE
    assert "do not fit this terminal's records" in status.last_error
    assert counts(counter)[1] == 0  # the account page is not in, nor any after it
    assert pull_cursor(counter, "A01") is None


def test_every_areas_accounts_come_first_and_are_searchable_before_the_bills(
    tmp_path: Path, template: Counter
) -> None:
    """Two areas on an empty cache: customers and accounts of both, then the search index, then
    the meters and bills; a load stopped there can already find any account, and the next round
    finishes it with every index in place."""
    hq = start_hq(tmp_path / "hq2.db", areas="A01,A02")
    try:
        for i in range(ACCOUNTS):
            area = "A01" if i % 2 else "A02"
            open_account(hq.engine, f"33010{i:05d}", name=f"王建{i:02d}", address=f"春晖路{i}号",
                         area=area)  # fmt: skip
        counter = copy_counter(template, tmp_path / "terminal.db")
        join(counter.engine, hq.url, hq.token)
        written: list[tuple[int, ...]] = []

        def a_meter_is_in() -> bool:
            written.append(counts(counter))
            return written[-1][2] > 0

        with SyncClient(hq.url, hq.token) as client:
            stopped = snapshot.load_all(
                counter.engine, client, ["*", "A01", "A02"], now=lambda: NOW, page_size=4,
                stop=a_meter_is_in,
            )  # fmt: skip
            assert not stopped
            # When the first meter page went in, both areas' customers and accounts were in.
            assert written[-1][:2] == (ACCOUNTS, ACCOUNTS)
            assert 0 < written[-1][2] <= 4
            assert written[-1][3:] == (0, 0)
            with counter.engine.connect() as connection:
                assert snapshot.search_index_ready(connection)
                hit = search_accounts(connection, "春晖路7号").hits[0]
                assert hit.account_number == "3301000007"
                assert search_accounts(connection, "王建").hits  # the two-character index too
                assert snapshot._missing_indexes(connection)  # the bills' are built at the end
                assert not snapshot._missing_indexes(connection, snapshot.SEARCHED_TABLES)

            assert snapshot.load_all(
                counter.engine, client, ["A01", "A02"], now=lambda: later(1), page_size=4
            )
        assert counts(counter) == (ACCOUNTS, ACCOUNTS, ACCOUNTS, ACCOUNTS, 2 * ACCOUNTS)
        with counter.engine.connect() as connection:
            assert not snapshot._missing_indexes(connection)
        assert pull_cursor(counter, "A01") is not None
        assert pull_cursor(counter, "A02") is not None
        counter.engine.dispose()
    finally:
        hq.stop()


def test_a_search_index_that_fails_half_way_is_built_again_from_the_start(
    tmp_path: Path, template: Counter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The two-character rows are worked out on a second connection while the full-text index is
    built: when that fails, the triggers stay missing, no scratch file is left, and the next
    round builds the whole index again."""
    hq = start_hq(tmp_path / "hq3.db", areas="A01")
    try:
        for i in range(ACCOUNTS):
            open_account(hq.engine, f"33020{i:05d}", name=f"李静{i:02d}", address=f"秋涛路{i}号",
                         area="A01")  # fmt: skip
        counter = copy_counter(template, tmp_path / "terminal.db")
        join(counter.engine, hq.url, hq.token)

        def broken(self: search_index.GramsAside) -> None:
            self._error = sqlite3.OperationalError("disk I/O error")

        with SyncClient(hq.url, hq.token) as client:
            with monkeypatch.context() as patched:
                patched.setattr(search_index.GramsAside, "_work", broken)
                with pytest.raises(sqlite3.OperationalError, match="disk I/O error"):
                    snapshot.load_all(counter.engine, client, ["*", "A01"], now=lambda: NOW)
            assert not (tmp_path / "terminal.db-grams").exists()
            assert gc.isenabled()  # paused for the pages only, also when the load fails
            with counter.engine.connect() as connection:
                assert not snapshot.search_index_ready(connection)
            assert snapshot.load_all(counter.engine, client, ["*", "A01"], now=lambda: later(1))
        with counter.engine.connect() as connection:
            assert snapshot.search_index_ready(connection)
            assert search_accounts(connection, "秋涛路3号").hits[0].account_number == "3302000003"
            found = {hit.account_number for hit in search_accounts(connection, "李静").hits}
            assert len(found) == ACCOUNTS  # the two-character index has every account
        assert not (tmp_path / "terminal.db-grams").exists()
        counter.engine.dispose()
    finally:
        hq.stop()


def test_a_bulk_page_gives_the_connection_back_as_the_store_keeps_it(
    tmp_path: Path, template: Counter
) -> None:
    """Keys unchecked and commits not waiting for the disk while a bulk page goes in; a payment
    taken on the same pooled connection afterwards waits again, with keys checked."""
    counter = copy_counter(template, tmp_path / "terminal.db")
    try:
        with counter.engine.connect() as connection:

            def pragmas() -> tuple[int, int]:
                """Read outside a transaction, as the pragmas are set."""
                read = connection.exec_driver_sql
                values = (read("PRAGMA synchronous").scalar_one(),
                          read("PRAGMA foreign_keys").scalar_one())  # fmt: skip
                connection.rollback()
                return values

            assert pragmas() == (2, 1)
            with snapshot._bulk_page(connection, True):
                assert pragmas() == (1, 0)
            assert pragmas() == (2, 1)
    finally:
        counter.engine.dispose()
