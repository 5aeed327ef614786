"""The terminal's sync engine against the real HQ server (uvicorn on loopback, HQ on SQLite).

Payments are taken with the real payment service on a real terminal database; HQ's books are
read back from HQ's own tables. Nothing is stubbed: "HQ down" is the server stopped, "token
revoked" is HQ's own revocation.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from counterdesk.domain.permissions import Permission
from counterdesk.hq.ledger import issue_bill, move_account, put_row
from counterdesk.hq.terminals import revoke
from counterdesk.services import auth, payments
from counterdesk.store.search import search_accounts
from counterdesk.sync import pull, push
from counterdesk.sync.client import SyncClient
from counterdesk.sync.engine import SyncEngine
from counterdesk.sync.link import JoinError, join
from counterdesk.sync.protocol import Resolve
from counterdesk.sync.status import Link, SyncStatus
from tests.helpers.counter import (
    MANAGER_PASSWORD,
    Counter,
    cash,
    later,
    open_shift,
    pay,
)
from tests.integration.sync.hq_server import (
    BILLS,
    HQ_NOW,
    CountingTransport,
    Hq,
    open_account,
    restart,
    start_hq,
)

PAID_IN_FULL = 16_947 + 15_494
PREPAID_AFTER = 50_000 - 627 - PAID_IN_FULL


@pytest.fixture
def hq(tmp_path: Path) -> Iterator[Hq]:
    server = start_hq(tmp_path / "hq.db")
    yield server
    server.stop()


@pytest.fixture
def counter(counter: Counter) -> Counter:
    """The shared copy (tests/conftest.py) with the clerk's shift open."""
    open_shift(counter)
    return counter


@pytest.fixture
def joined(hq: Hq, counter: Counter) -> Iterator[SyncEngine]:
    """The counter joined to HQ, with one account of two bills at HQ, loaded."""
    open_account(hq.engine)
    join(counter.engine, hq.url, hq.token)
    sync = SyncEngine(counter.engine)
    assert sync.run_once().link is Link.ONLINE
    yield sync
    sync.stop()


def local(engine: Engine, sql: str, **params: object) -> list[tuple[object, ...]]:
    with engine.connect() as connection:
        return [tuple(row) for row in connection.execute(text(sql), params)]


def shown(engine: Engine, number: str = "3301020456") -> tuple[int, list[int]]:
    """(prepaid, each bill's paid amount by period) as the counter shows them."""
    prepaid = local(engine, "SELECT prepaid_fen FROM account WHERE number = :n", n=number)[0][0]
    paid = local(engine, "SELECT b.paid_fen FROM bill AS b JOIN account AS a ON a.id = "
                 "b.account_id WHERE a.number = :n ORDER BY b.period", n=number)  # fmt: skip
    return int(prepaid), [int(p) for (p,) in paid]  # type: ignore[call-overload]


def at_hq(hq: Hq, number: str = "3301020456") -> tuple[int, list[int]]:
    with hq.engine.connect() as connection:
        prepaid = connection.execute(
            text("SELECT prepaid_fen FROM hq_account WHERE number = :n"), {"n": number}
        ).scalar_one()
        paid = connection.execute(
            text("SELECT b.paid_fen FROM hq_bill AS b JOIN hq_account AS a ON a.uid = "
                 "b.account_uid WHERE a.number = :n ORDER BY b.period"), {"n": number},
        ).scalars().all()  # fmt: skip
    return int(prepaid), [int(p) for p in paid]


def account_uid(engine: Engine, number: str = "3301020456") -> uuid.UUID:
    raw = local(engine, "SELECT uid FROM account WHERE number = :n", n=number)[0][0]
    assert isinstance(raw, bytes)
    return uuid.UUID(bytes=raw)


# --- joining and the initial load -----------------------------------------------------------------


def test_join_then_one_round_loads_the_hall_and_builds_its_search_index(
    hq: Hq, counter: Counter
) -> None:
    account = open_account(hq.engine)
    status = join(counter.engine, hq.url, hq.token)
    assert (status.link, status.terminal_id, status.scopes) == (Link.ONLINE, "QS03", ("*", "A01"))
    assert status.cursors == {}
    seen: list[SyncStatus] = []
    sync = SyncEngine(counter.engine)
    sync.subscribe(seen.append)
    status = sync.run_once()
    sync.stop()
    assert status.link is Link.ONLINE
    assert status.last_success is not None
    assert set(status.cursors) == {"*", "A01"}
    assert status.loading is None
    loads = [s.loading for s in seen if s.loading]
    assert list(dict.fromkeys(p.scope for p in loads)) == ["*", "A01"]
    assert loads[-1].rows_done == loads[-1].rows_total == 6  # customer, account, meter, …
    assert shown(counter.engine) == (0, [0, 0])
    assert local(counter.engine, "SELECT count(*) FROM bill") == [(2,)]
    assert local(counter.engine, "SELECT count(*) FROM meter_installation") == [(1,)]
    with counter.engine.connect() as connection:
        hits = search_accounts(connection, "春晖路18号").hits
    assert [h.account_number for h in hits] == ["3301020456"]
    assert account_uid(counter.engine) == account.uid
    # The shift opened at the counter reached HQ in the same round.
    assert hq.count("SELECT count(*) FROM hq_shift") == 1
    assert status.pending_ops == 0


def test_a_token_hq_did_not_issue_is_refused_and_nothing_is_stored(
    hq: Hq, counter: Counter
) -> None:
    from counterdesk.sync.client import RefusedSyncError

    with pytest.raises(RefusedSyncError, match="did not issue this token"):
        join(counter.engine, hq.url, "cdt_" + "z" * 43)
    with pytest.raises(JoinError, match="must look like"):
        join(counter.engine, "hq.example.cn", hq.token)
    assert SyncEngine.from_database(counter.engine) is None


# --- push ------------------------------------------------------------------------------------


def test_a_payment_reaches_hq_exactly_once_even_when_sent_again(
    hq: Hq, counter: Counter, joined: SyncEngine
) -> None:
    result = pay(counter, account_uid(counter.engine), cash(50_000))
    assert joined.status().pending_ops == 0  # the status is the last round's
    status = joined.run_once()
    assert status.pending_ops == 0
    assert hq.count("SELECT count(*) FROM hq_payment WHERE uid = :u", u=result.payment_uid.hex) == 1
    assert at_hq(hq) == (PREPAID_AFTER, [16_947, 15_494])
    assert shown(counter.engine) == (PREPAID_AFTER, [16_947, 15_494])
    ((state, hq_status, hq_result),) = local(
        counter.engine,
        "SELECT state, hq_status, hq_result FROM outbox WHERE kind = 'payment.posted'",
    )
    assert (state, hq_status) == ("sent", "applied")
    assert '"ledger_version"' in str(hq_result)

    # The terminal's record of the answers is lost (a restored backup): everything goes again.
    with counter.engine.begin() as connection:
        connection.execute(text("UPDATE outbox SET state = 'pending', hq_status = NULL"))
    status = joined.run_once()
    assert status.link is Link.ONLINE
    assert hq.count("SELECT count(*) FROM hq_payment") == 1
    assert hq.count("SELECT count(*) FROM hq_shift") == 1
    assert at_hq(hq) == (PREPAID_AFTER, [16_947, 15_494])
    assert local(counter.engine, "SELECT DISTINCT state, hq_status FROM outbox") == [
        ("sent", "duplicate")
    ]
    assert shown(counter.engine) == (PREPAID_AFTER, [16_947, 15_494])


def test_a_payment_hq_cannot_book_is_parked_and_the_manager_decides(
    hq: Hq, counter: Counter, joined: SyncEngine
) -> None:
    # An account the terminal has that HQ does not (made locally, never sent by HQ).
    from tests.helpers.counter import account_with_bills

    _, stranger = account_with_bills(counter.engine, "3309999999")
    pay(counter, stranger, cash(10_000))
    status = joined.run_once()
    assert (status.link, status.rejected_ops, status.open_conflicts) == (Link.ONLINE, 1, 1)
    ((state, hq_status, error),) = local(
        counter.engine,
        "SELECT state, hq_status, last_error FROM outbox WHERE kind = 'payment.posted'",
    )
    assert (state, hq_status) == ("rejected", "rejected")
    assert str(error).startswith("unknown_account: ")
    (conflict,) = joined.conflicts()
    assert (conflict.kind, conflict.code, conflict.state) == (
        "payment.posted", "unknown_account", "open",
    )  # fmt: skip
    done = joined.resolve(conflict.id, Resolve(action="dismiss", manager_no="0001", note="测试"))
    assert (done.state, done.resolution, done.resolved_by) == ("resolved", "dismiss", "0001")
    assert joined.status().open_conflicts == 0
    assert joined.conflicts() == []


# --- pull ------------------------------------------------------------------------------------


def test_a_bill_issued_at_hq_appears_at_the_counter(
    hq: Hq, counter: Counter, joined: SyncEngine
) -> None:
    with hq.engine.begin() as connection:
        account = uuid.UUID(connection.execute(text("SELECT uid FROM hq_account")).scalar_one())
        bill, version = issue_bill(connection, account_uid=account, period=202611, units=80,
                                   amount_fen=4_480, due_date=BILLS[1][2].replace(month=12),
                                   now=HQ_NOW)  # fmt: skip
    cursor = joined.status().cursors["A01"]
    status = joined.run_once()
    assert status.cursors["A01"] != cursor
    rows = local(counter.engine, "SELECT period, amount_fen, paid_fen, ledger_version FROM bill "
                 "WHERE uid = :u", u=bill.bytes)  # fmt: skip
    assert rows == [(202611, 4_480, 0, version)]
    assert local(counter.engine, "SELECT ledger_version FROM account") == [(version,)]


def test_the_overlay_from_pending_payment_through_ack_to_pull(
    hq: Hq, counter: Counter, joined: SyncEngine
) -> None:
    client = SyncClient(hq.url, hq.token)
    scopes = ("*", "A01")
    result = pay(counter, account_uid(counter.engine), cash(50_000))
    # HQ issues a bill before it hears of the payment: the pulled rows lack the payment.
    with hq.engine.begin() as connection:
        account = uuid.UUID(connection.execute(text("SELECT uid FROM hq_account")).scalar_one())
        issue_bill(connection, account_uid=account, period=202611, units=80, amount_fen=4_480,
                   due_date=BILLS[1][2].replace(month=12), now=HQ_NOW)  # fmt: skip
    pull.pull_scope(counter.engine, client, "A01", scopes, now=lambda: later(1))
    assert at_hq(hq) == (0, [0, 0, 0])
    assert shown(counter.engine) == (PREPAID_AFTER, [16_947, 15_494, 0])

    # The push: HQ books it and says at which ledger version; the rows here are older.
    outcome = push.push_all(counter.engine, client, now=lambda: later(2))
    assert (outcome.sent, outcome.rejected) == (1, 0)
    assert at_hq(hq) == (PREPAID_AFTER, [16_947, 15_494, 0])
    assert shown(counter.engine) == (PREPAID_AFTER, [16_947, 15_494, 0])

    # The pull brings rows that contain it: shown = HQ's, once.
    pull.pull_scope(counter.engine, client, "A01", scopes, now=lambda: later(3))
    assert shown(counter.engine) == (PREPAID_AFTER, [16_947, 15_494, 0])
    ((hq_prepaid,),) = local(counter.engine, "SELECT hq_prepaid_fen FROM account")
    assert hq_prepaid == PREPAID_AFTER
    assert hq.count("SELECT count(*) FROM hq_payment WHERE uid = :u", u=result.payment_uid.hex) == 1

    # A reversal, pending: HQ's figures less the payment; then through HQ and back.
    approval = auth.approve(counter.engine, "0001", MANAGER_PASSWORD,
                            permission=Permission.APPROVE, act=payments.REVERSE_ACT,
                            for_clerk=counter.clerk, now=later(4))  # fmt: skip
    with counter.engine.begin() as connection:
        payments.reverse_payment(connection, counter.clerk, result.payment_uid, reason="户号输错",
                                 approval=approval, now=later(4))  # fmt: skip
    assert shown(counter.engine) == (0, [0, 0, 0])
    pull.pull_scope(counter.engine, client, "A01", scopes, now=lambda: later(5))
    assert shown(counter.engine) == (0, [0, 0, 0])
    assert joined.run_once().link is Link.ONLINE
    assert at_hq(hq) == (0, [0, 0, 0])
    assert shown(counter.engine) == (0, [0, 0, 0])
    client.close()


def test_an_account_that_leaves_the_hall_is_dropped_unless_payments_hold_it(
    hq: Hq, counter: Counter, joined: SyncEngine
) -> None:
    other = open_account(hq.engine, "3301020457", name="欧阳明远", address="幸福路8号")
    joined.run_once()
    assert len(local(counter.engine, "SELECT id FROM account")) == 2
    pay(counter, account_uid(counter.engine), cash(1_000))
    with hq.engine.begin() as connection:
        first = uuid.UUID(
            connection.execute(
                text("SELECT uid FROM hq_account WHERE number = '3301020456'")
            ).scalar_one()
        )
        move_account(connection, first, "B07", now=HQ_NOW)
        move_account(connection, other.uid, "B07", now=HQ_NOW)
    assert joined.run_once().link is Link.ONLINE
    # The paid one stays with its customer and the bill its payment went to; the other is gone
    # with its customer and search entry; meters and installations (no reading here) go too.
    assert local(counter.engine, "SELECT number FROM account") == [("3301020456",)]
    assert local(counter.engine, "SELECT count(*) FROM customer") == [(1,)]
    assert local(counter.engine, "SELECT count(*) FROM bill") == [(1,)]
    assert local(counter.engine, "SELECT count(*) FROM meter") == [(0,)]
    with counter.engine.connect() as connection:
        assert not search_accounts(connection, "幸福路8号").hits
    # HQ moving it back brings it back.
    with hq.engine.begin() as connection:
        move_account(connection, other.uid, "A01", now=HQ_NOW)
    joined.run_once()
    assert len(local(counter.engine, "SELECT id FROM account")) == 2


# --- failures ------------------------------------------------------------------------------------


def test_hq_down_is_offline_then_the_timer_brings_it_back_without_a_write(
    hq: Hq, counter: Counter, joined: SyncEngine
) -> None:
    pay(counter, account_uid(counter.engine), cash(1_000))
    hq.stop()
    sync = SyncEngine(counter.engine, interval=30.0)
    changed = threading.Condition()
    seen: list[SyncStatus] = []

    def listen(status: SyncStatus) -> None:
        with changed:
            seen.append(status)
            changed.notify_all()

    sync.subscribe(listen)
    sync.start()
    back: Hq | None = None
    try:
        with changed:
            assert changed.wait_for(lambda: any(s.link is Link.OFFLINE for s in seen), 10)
        offline = next(s for s in seen if s.link is Link.OFFLINE)
        assert offline.next_attempt is not None
        assert offline.pending_ops == 1
        assert "Cannot reach HQ" in offline.last_error
        back = restart(hq)  # the WAN heals; nothing is written at the counter
        with changed:
            assert changed.wait_for(lambda: seen[-1].link is Link.ONLINE, 15)
        assert seen[-1].pending_ops == 0
        assert back.count("SELECT count(*) FROM hq_payment") == 1
    finally:
        sync.stop()
        if back is not None:
            back.stop()
            hq.engine = back.engine  # the fixture's stop() disposes it again harmlessly
            hq.server = back.server


def test_a_revoked_token_is_refused_and_not_retried_until_sync_now(
    hq: Hq, counter: Counter, joined: SyncEngine
) -> None:
    revoke(hq.engine, "QS03")
    transport = CountingTransport()
    sync = SyncEngine(counter.engine, interval=0.05, transport=transport)
    refused = threading.Event()
    sync.subscribe(lambda s: refused.set() if s.link is Link.REFUSED else None)
    sync.start()
    try:
        assert refused.wait(10)
        status = sync.status()
        assert status.next_attempt is None
        assert "revoked" in status.last_error
        calls = len(transport.paths)
        time.sleep(0.5)  # ten intervals: a healthy engine would have run ten rounds
        assert len(transport.paths) == calls
        refused.clear()
        sync.sync_now()
        deadline = time.monotonic() + 10
        while len(transport.paths) == calls and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(transport.paths) == calls + 1
    finally:
        sync.stop()
        transport.close()
    assert local(counter.engine, "SELECT link FROM sync_link") == [("refused",)]


def test_a_customer_row_hq_renames_is_found_by_its_new_name(
    hq: Hq, counter: Counter, joined: SyncEngine
) -> None:
    with hq.engine.begin() as connection:
        customer = uuid.UUID(connection.execute(text("SELECT uid FROM hq_customer")).scalar_one())
        put_row(connection, "customer", {"uid": customer, "name": "欧阳明远"}, now=HQ_NOW)
    joined.run_once()
    with counter.engine.connect() as connection:
        assert search_accounts(connection, "欧阳").hits[0].account_number == "3301020456"
        assert not search_accounts(connection, "张晓三").hits


def test_a_local_write_wakes_the_engine_when_online_and_only_recounts_when_not(
    hq: Hq, counter: Counter, joined: SyncEngine
) -> None:
    transport = CountingTransport()
    sync = SyncEngine(counter.engine, interval=3600.0, transport=transport)
    changed = threading.Condition()
    seen: list[SyncStatus] = []

    def listen(status: SyncStatus) -> None:
        with changed:
            seen.append(status)
            changed.notify_all()

    sync.subscribe(listen)
    sync.start()
    try:
        with changed:
            assert changed.wait_for(lambda: bool(seen) and seen[-1].link is Link.ONLINE, 10)
        result = pay(counter, account_uid(counter.engine), cash(1_000))
        sync.notify_write()  # what the pay dialog does after its commit
        with changed:
            assert changed.wait_for(
                lambda: (
                    hq.count("SELECT count(*) FROM hq_payment") == 1
                    and seen[-1].pending_ops == 0
                    and seen[-1].link is Link.ONLINE
                ),
                10,
            )
        assert hq.count("SELECT count(*) FROM hq_payment WHERE uid = :u",
                        u=result.payment_uid.hex) == 1  # fmt: skip

        # Offline (HQ refused to answer: its token revoked), a write only updates the counts.
        revoke(hq.engine, "QS03")
        sync.sync_now()
        with changed:
            assert changed.wait_for(lambda: seen[-1].link is Link.REFUSED, 10)
        calls = len(transport.paths)
        pay(counter, account_uid(counter.engine), cash(1_000), now=later(2))
        sync.notify_write()
        with changed:
            assert changed.wait_for(lambda: seen[-1].pending_ops == 1, 10)
        assert len(transport.paths) == calls
    finally:
        sync.stop()
        transport.close()
