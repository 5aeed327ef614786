"""The terminal against HQ on PostgreSQL, as in production: load, pay, push once, pull.

The same paths as ``test_engine_hq.py`` (HQ on SQLite) in one walk, because PostgreSQL is where
the change log's ``(xid, seq)`` cursor and its watermark actually matter.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import text

from counterdesk.hq.ledger import issue_bill
from counterdesk.sync.engine import SyncEngine
from counterdesk.sync.link import join
from counterdesk.sync.status import Link
from tests.helpers.counter import Counter, cash, open_shift, pay
from tests.helpers.pg import fresh_database
from tests.integration.sync.hq_server import HQ_NOW, Hq, open_account, start_hq

pytestmark = pytest.mark.pg

PREPAID_AFTER = 50_000 - 627 - 16_947 - 15_494


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    with fresh_database("cd_sync") as url:
        yield url


@pytest.fixture
def hq(pg_url: str) -> Iterator[Hq]:
    server = start_hq(pg_url)
    yield server
    server.stop()


@pytest.fixture
def counter(counter: Counter) -> Counter:
    """The shared copy (tests/conftest.py) with the clerk's shift open."""
    open_shift(counter)
    return counter


def test_load_pay_push_once_and_pull_on_postgresql(hq: Hq, counter: Counter) -> None:
    account = open_account(hq.engine)
    join(counter.engine, hq.url, hq.token)
    sync = SyncEngine(counter.engine)
    try:
        first = sync.run_once()
        assert first.link is Link.ONLINE, first.last_error
        cursor = first.cursors["A01"]
        assert int(cursor.split(".")[0]) > 0  # a real transaction id on PostgreSQL

        result = pay(counter, account.uid, cash(50_000))
        with hq.engine.begin() as connection:
            bill, version = issue_bill(connection, account_uid=account.uid, period=202611,
                                       units=80, amount_fen=4_480, due_date=date(2026, 12, 25),
                                       now=HQ_NOW)  # fmt: skip
        status = sync.run_once()
        assert (status.link, status.pending_ops) == (Link.ONLINE, 0)

        with counter.engine.begin() as connection:
            connection.execute(text("UPDATE outbox SET state = 'pending'"))
        assert sync.run_once().link is Link.ONLINE
    finally:
        sync.stop()
    assert (
        hq.count("SELECT count(*) FROM hq_payment WHERE uid = :u", u=result.payment_uid) == 1
    )  # uuid on PostgreSQL
    assert hq.count("SELECT prepaid_fen FROM hq_account") == PREPAID_AFTER
    with counter.engine.connect() as connection:
        prepaid, ledger = connection.execute(
            text("SELECT prepaid_fen, ledger_version FROM account")
        ).one()
        bills = connection.execute(text("SELECT uid, paid_fen FROM bill ORDER BY period")).all()
    assert prepaid == PREPAID_AFTER
    assert ledger > version
    assert [(uuid.UUID(bytes=bytes(uid)), paid) for uid, paid in bills][2] == (bill, 0)
    assert [paid for _, paid in bills] == [16_947, 15_494, 0]
