"""HQ's change log and snapshot: ordering, paging, resuming, compaction, moving an account, and on
PostgreSQL the watermark that keeps a late commit from being skipped."""

from __future__ import annotations

import random
import threading
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import Engine, text

from counterdesk.hq import changes
from counterdesk.hq.changes import SnapshotError, compact, emit, pull, snapshot_page
from counterdesk.hq.ledger import apply_batch, move_account, put_row
from counterdesk.sync.protocol import SNAPSHOT_ORDER, START, Cursor, row_dict
from tests.integration.hq.books import NOW, op, open_account, payment, register

OLD = datetime(2026, 1, 5, tzinfo=UTC)


def drain(engine: Engine, scope: str, cursor: str = START, limit: int = 5_000) -> list[Any]:
    """Every change after ``cursor``, pulled page by page as a terminal would."""
    seen: list[Any] = []
    position = Cursor.parse(cursor)
    while True:
        page = pull(engine, scope, position, limit)
        assert not page.must_refetch
        seen.extend(page.changes)
        position = Cursor.parse(page.cursor)
        if not page.more:
            return seen


def load(engine: Engine, scope: str, limit: int) -> tuple[dict[tuple[str, str], list[Any]], str]:
    """A scope loaded from snapshot pages: ``{(table, key): row}`` and the load's cursor."""
    cache: dict[tuple[str, str], list[Any]] = {}
    page = snapshot_page(engine, scope, None, None, limit)
    cursor = page.cursor
    while True:
        assert page.cursor == cursor
        cache.update({(page.table, str(row[0])): row for row in page.rows})
        if page.next_table is None:
            return cache, cursor
        page = snapshot_page(engine, scope, page.next_table, page.next_after, limit)


def apply(cache: dict[tuple[str, str], list[Any]], pulled: list[Any]) -> None:
    for change in pulled:
        if change.row is None:
            cache.pop((change.table, change.key), None)
        else:
            cache[(change.table, change.key)] = change.row


def test_changes_come_in_order_page_by_page(hq: Engine) -> None:
    with hq.begin() as connection:
        for i in range(7):
            emit(connection, "A01", "tariff", f"k{i}", [f"k{i}", "n", "electricity", "{}"])
        emit(connection, "A02", "tariff", "other", ["other", "n", "electricity", "{}"])
    first = pull(hq, "A01", Cursor.parse(START), 3)
    assert [c.key for c in first.changes] == ["k0", "k1", "k2"]
    assert first.more
    assert [c.key for c in drain(hq, "A01", first.cursor, 3)] == ["k3", "k4", "k5", "k6"]
    last = pull(hq, "A01", Cursor.parse(first.cursor), 100)
    end = pull(hq, "A01", Cursor.parse(last.cursor), 100)
    assert (end.changes, end.cursor, end.more) == ([], last.cursor, False)


def test_a_snapshot_resumes_with_one_cursor_and_pulling_from_it_catches_up(hq: Engine) -> None:
    """Pages read while HQ keeps booking: the cache built from the pages plus the changes pulled
    from the load's cursor equals a fresh load, whichever pages the bookings fell between."""
    terminal, _ = register(hq)
    accounts = [open_account(hq, f"33010000{i:02d}", bills=(1_000 + i,)) for i in range(7)]
    open_account(hq, "3302000001", area="A02")
    cache: dict[tuple[str, str], list[Any]] = {}
    page = snapshot_page(hq, "A01", None, None, 3)
    cursor, seen_tables = page.cursor, [page.table]
    assert page.total_estimate == 21  # 7 customers, 7 accounts, 7 bills
    step = 0
    while True:
        assert page.cursor == cursor  # the same on every page of the load
        cache.update({(page.table, str(row[0])): row for row in page.rows})
        step += 1
        if step == 2:  # between pages: a payment, a new account, an account moved away
            apply_batch(hq, terminal, [payment(1, accounts[0], 1_000, [
                (accounts[0].bills[0], "principal", 1_000)])], now=NOW)  # fmt: skip
            open_account(hq, "3301000099", bills=(77,))
            with hq.begin() as connection:
                move_account(connection, accounts[6].uid, "A02", now=NOW)
        if page.next_table is None:
            break
        # A dropped connection resumes from the page's own token, nothing else.
        page = snapshot_page(hq, "A01", page.next_table, page.next_after, 3)
        seen_tables.append(page.table)
    assert seen_tables == sorted(seen_tables, key=SNAPSHOT_ORDER.index)
    apply(cache, drain(hq, "A01", cursor))
    fresh, _ = load(hq, "A01", 1_000)
    assert cache == fresh
    assert ("account", str(accounts[6].uid)) not in fresh
    assert row_dict("bill", fresh[("bill", str(accounts[0].bills[0]))])["paid_fen"] == 1_000


def test_snapshot_rows_travel_in_protocol_order(hq: Engine) -> None:
    account = open_account(hq, meter="M-0001")
    rows, _ = load(hq, "A01", 50)
    customer = row_dict("customer", rows[("customer", str(account.customer))])
    assert customer == {"uid": str(account.customer), "name": "张晓三", "phone": "13812345678",
                        "id_number": None}  # fmt: skip
    booked = row_dict("account", rows[("account", str(account.uid))])
    assert booked["customer_uid"] == str(account.customer)
    assert booked["key_customer"] is False
    assert booked["closed_on"] is None
    installed = row_dict("meter_installation",
                         rows[("meter_installation", str(account.installation))])  # fmt: skip
    assert installed["installed_on"] == "2020-01-01"
    assert installed["meter_uid"] == str(account.meter)
    bill = row_dict("bill", rows[("bill", str(account.bills[0]))])
    assert (bill["due_date"], bill["ledger_version"]) == ("2026-09-20", 1)
    tariffs, _ = load(hq, "*", 50)
    assert list(tariffs) == [("tariff", "res-flat")]


def test_a_snapshot_refuses_a_token_it_did_not_make(hq: Engine) -> None:
    open_account(hq)
    first = snapshot_page(hq, "A01", None, None, 1)
    assert first.next_table == "customer"
    with pytest.raises(SnapshotError, match="next_after"):
        snapshot_page(hq, "A01", "customer", "not-a-token", 10)
    with pytest.raises(SnapshotError, match="resumes a table"):
        snapshot_page(hq, "A01", None, first.next_after, 10)
    # A load may start at a table of its own choosing: it gets a cursor of its own.
    accounts = snapshot_page(hq, "A01", "account", None, 10)
    assert (accounts.table, len(accounts.rows), accounts.total_estimate) == ("account", 1, 2)
    with pytest.raises(SnapshotError, match="holds no tariff"):
        snapshot_page(hq, "A01", "tariff", first.next_after, 10)
    with pytest.raises(SnapshotError, match="not a customer key"):
        snapshot_page(hq, "A01", "customer", first.cursor + "/3:nope", 10)


def test_moving_an_account_tombstones_the_old_area_and_fills_the_new(hq: Engine) -> None:
    terminal, _ = register(hq)
    account = open_account(hq, bills=(500, 600), meter="M-0002")
    apply_batch(hq, terminal, [op(1, "order.create", {
        "order_uid": str(uuid.uuid4()), "order_no": "HB-T01-20261121-001", "kind": "meter_change",
        "to": "requested", "clerk_no": "0107", "at": NOW.isoformat(),
        "account_uid": str(account.uid), "area_code": "A01"})], now=NOW)  # fmt: skip
    sibling = open_account(hq, "3301000002", area="A01")
    with hq.begin() as connection:  # a second account of the same customer stays in A01
        put_row(connection, "account", {"uid": sibling.uid, "customer_uid": account.customer})
    start = changes.head(hq)
    with hq.begin() as connection:
        move_account(connection, account.uid, "A02", now=NOW)
    gone = drain(hq, "A01", str(start))
    assert all(c.row is None for c in gone)
    assert [c.table for c in gone] == [
        "work_order", "bill", "bill", "meter_installation", "meter", "account"]  # fmt: skip
    arrived = drain(hq, "A02", str(start))
    assert [c.table for c in arrived] == ["customer", "account", "meter", "meter_installation",
                                          "bill", "bill", "work_order"]  # fmt: skip
    assert row_dict("account", arrived[1].row)["area_code"] == "A02"
    assert row_dict("account", arrived[1].row)["version"] == 2  # master data changed
    fresh, _ = load(hq, "A02", 100)
    assert {key for key in fresh if key[0] != "customer"} == {(c.table, c.key) for c in arrived
                                                             if c.table != "customer"}  # fmt: skip
    # The last account of the customer leaves A01: the customer leaves with it.
    start = changes.head(hq)
    with hq.begin() as connection:
        move_account(connection, sibling.uid, "A02", now=NOW)
    assert ("customer", str(account.customer)) in {
        (c.table, c.key) for c in drain(hq, "A01", str(start)) if c.row is None}  # fmt: skip
    assert ("customer", str(account.customer)) in load(hq, "A02", 100)[0]


def test_compaction_keeps_what_late_readers_need_and_sends_the_rest_to_refetch(
    hq: Engine,
) -> None:
    def put(key: str, name: str, at: datetime) -> None:
        with hq.begin() as connection:
            emit(connection, "A01", "tariff", key, [key, name, "electricity", "{}"], now=at)

    for version in ("v1", "v2", "v3", "v4"):
        put("fresh", version, NOW)
    put("old", "o1", OLD)
    put("old", "o2", OLD)
    before_old_rows = Cursor(xid=0, seq=0)
    # The middle versions of "fresh" go; its first and newest stay: no reader must refetch.
    assert compact(hq, OLD) == 2
    still = pull(hq, "A01", before_old_rows, 100)
    assert not still.must_refetch
    assert [(c.key, c.row[1]) for c in still.changes] == [
        ("fresh", "v1"), ("fresh", "v4"), ("old", "o1"), ("old", "o2")]  # fmt: skip
    # Rows older than the cut go; a cursor from before them must load the scope again.
    assert compact(hq, datetime(2026, 6, 1, tzinfo=UTC)) == 2
    refetch = pull(hq, "A01", before_old_rows, 100)
    assert refetch.must_refetch
    assert (refetch.changes, refetch.cursor) == ([], str(before_old_rows))
    fresh_load = snapshot_page(hq, "A01", None, None, 10)
    assert not pull(hq, "A01", Cursor.parse(fresh_load.cursor), 10).must_refetch
    assert not pull(hq, "A02", before_old_rows, 10).must_refetch  # other scopes untouched
    changes.require_refetch(hq)
    assert pull(hq, "A02", before_old_rows, 10).must_refetch


# --- PostgreSQL: the watermark -------------------------------------------------------------------


def _keys(engine: Engine, scope: str, cursor: str) -> list[str]:
    return [c.key for c in drain(engine, scope, cursor)]


@pytest.mark.pg
def test_a_transaction_committing_late_is_never_skipped(pg: Engine) -> None:
    """A takes its sequence number first and commits last; B commits in between. A pull must
    not move past A's position while A runs, and must bring both once A commits."""
    start = str(changes.head(pg))
    with pg.connect() as a, pg.connect() as b:
        a.begin()
        emit(a, "S1", "tariff", "from-a", ["from-a"])
        with b.begin():
            emit(b, "S1", "tariff", "from-b", ["from-b"])
        waiting = pull(pg, "S1", Cursor.parse(start), 100)
        assert waiting.changes == []
        assert waiting.cursor == start
        a.commit()
    assert _keys(pg, "S1", start) == ["from-a", "from-b"]
    assert _keys(pg, "S1", waiting.cursor) == ["from-a", "from-b"]


@pytest.mark.pg
def test_other_databases_do_not_hold_the_watermark_back(pg: Engine) -> None:
    """Transaction ids are cluster-wide; a long write in another database must not stall pulls."""
    import psycopg

    from tests.helpers.pg import server_url

    start = str(changes.head(pg))
    with psycopg.connect(server_url()) as elsewhere:
        elsewhere.execute("SELECT pg_current_xact_id()")  # holds a transaction id, uncommitted
        with pg.begin() as connection:
            emit(connection, "S1", "tariff", "ours", ["ours"])
        assert _keys(pg, "S1", start) == ["ours"]
        elsewhere.rollback()


@pytest.mark.pg
def test_concurrent_writers_and_a_reader_see_every_change_once_in_order(pg: Engine) -> None:
    """Writers commit (and sometimes roll back) in random order while a reader pulls small pages;
    the reader ends with every committed change exactly once, in (xid, seq) order."""
    rng = random.Random(8)
    committed: set[str] = set()
    lock = threading.Lock()
    done = threading.Event()
    seen: list[str] = []
    problems: list[BaseException] = []

    def writer(number: int, seed: int) -> None:
        mine = random.Random(seed)
        try:
            for k in range(25):
                keys = [f"w{number}-{k}-{j}" for j in range(mine.randint(1, 3))]
                with pg.connect() as connection:
                    connection.begin()
                    for key in keys:
                        emit(connection, "S1", "tariff", key, [key])
                        threading.Event().wait(mine.random() / 500)
                    if mine.random() < 0.1:
                        connection.rollback()
                        continue
                    connection.commit()
                with lock:
                    committed.update(keys)
        except BaseException as error:  # pragma: no cover - reported below
            problems.append(error)

    def reader() -> None:
        position = Cursor.parse(START)
        try:
            while True:
                finished = done.is_set()
                page = pull(pg, "S1", position, 7)
                seen.extend(c.key for c in page.changes)
                position = Cursor.parse(page.cursor)
                if finished and not page.more:
                    return
        except BaseException as error:  # pragma: no cover - reported below
            problems.append(error)

    writers = [threading.Thread(target=writer, args=(n, rng.random())) for n in range(5)]
    reading = threading.Thread(target=reader)
    reading.start()
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join()
    done.set()
    reading.join(timeout=60)
    assert not problems
    assert len(seen) == len(set(seen))
    assert set(seen) == committed
    with pg.connect() as connection:
        order = [row[0] for row in connection.execute(
            text("SELECT key FROM hq_change WHERE scope = 'S1' ORDER BY xid, seq"))]  # fmt: skip
    assert seen == order
