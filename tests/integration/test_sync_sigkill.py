"""The terminal killed with SIGKILL at random points while it takes payments and syncs them.

A power cut, a frozen PC reset by its button, Task Manager's End task: the process gets no chance
to clean up. The promise (SYNC.md) is that every payment the terminal committed reaches HQ exactly
once, and nothing is half-written on either side.

Each round starts a fresh terminal process (forked from a preloaded forkserver, so a round costs
milliseconds, not an interpreter start), which takes cash payments as fast as it can while its sync
engine pushes them to a real HQ server (uvicorn on loopback, PostgreSQL) on a 20 ms timer, and
kills it at a random moment: inside a payment's transaction, between the commit and the push,
while a push is in flight or while HQ is answering. After the last round a normal sync runs, and
then the terminal's and HQ's books must agree payment for payment, fen for fen.
"""

from __future__ import annotations

import multiprocessing
import random
import sqlite3
import time
import uuid
from collections.abc import Iterator
from contextlib import closing
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from counterdesk.demo.seed import seed_database
from counterdesk.documents.receipts import Tender
from counterdesk.domain.ids import new_uid
from counterdesk.services import payments
from counterdesk.services.auth import SignedIn
from counterdesk.store.database import make_engine
from tests.conftest import SEED_AS_OF
from tests.helpers.counter import NOW, add_people, open_shift
from tests.helpers.pg import fresh_database

ROUNDS = int(__import__("os").environ.get("KILL_ROUNDS", "200"))
ACCOUNTS = 40
CHILD_MODULES = [
    "counterdesk.services.payments",
    "counterdesk.sync.engine",
    "counterdesk.store.database",
    "tests.integration.test_sync_sigkill",
]


def _terminal_process(db: str, clerk: SignedIn, accounts: list[uuid.UUID], round_no: int) -> None:
    """The killed terminal: pay, pay, pay, with its sync engine pushing in the background."""
    from counterdesk.sync.engine import SyncEngine

    engine = make_engine(db)
    sync = SyncEngine.from_database(engine, interval=0.02)
    assert sync is not None
    sync.start()
    rng = random.Random(round_no)
    started = NOW + timedelta(seconds=round_no * 20)
    for i in range(100_000):
        amount = rng.randrange(100, 30_000)
        request = payments.PaymentRequest(
            new_uid(), rng.choice(accounts), (payments.TenderIn(Tender.CASH, amount),)
        )
        with engine.begin() as connection:
            payments.take_payment(
                connection, clerk, request, now=started + timedelta(milliseconds=i)
            )
        sync.notify_write()


@pytest.fixture(scope="module")
def hq_url() -> Iterator[str]:
    with fresh_database("cd_kill") as url:
        yield url


def _terminal_db(tmp_path: Path) -> tuple[Path, SignedIn, list[uuid.UUID]]:
    path = tmp_path / "terminal.db"
    seed_database(make_engine(path), accounts=ACCOUNTS, seed=11, as_of=SEED_AS_OF, workers=0)
    counter = add_people(make_engine(path))
    open_shift(counter)
    with counter.engine.connect() as connection:
        accounts = [
            uuid.UUID(bytes=bytes(row[0]))
            for row in connection.execute(
                text("SELECT uid FROM account WHERE status != 'closed' AND closed_on IS NULL")
            )
        ]
    counter.engine.dispose()
    return path, counter.clerk, accounts


def _local_books(path: Path) -> dict[str, object]:
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        payments_ = {
            uuid.UUID(bytes=uid).hex: received
            for uid, received in db.execute("SELECT uid, received_fen FROM payment")
        }
        outbox = db.execute(
            "SELECT lower(hex(op_id)), state FROM outbox WHERE kind = 'payment.posted'"
        ).fetchall()
        half_written = db.execute(
            "SELECT count(*) FROM payment AS p WHERE "
            "NOT EXISTS (SELECT 1 FROM payment_tender AS t WHERE t.payment_id = p.id) OR "
            "(SELECT coalesce(sum(amount_fen), 0) FROM allocation AS a WHERE a.payment_id = p.id)"
            " != p.received_fen OR "
            "NOT EXISTS (SELECT 1 FROM print_job AS j WHERE j.source_uid = p.uid)"
        ).fetchone()[0]
        seqs = [row[0] for row in db.execute("SELECT terminal_seq FROM outbox ORDER BY 1")]
        prepaid = dict(db.execute("SELECT lower(hex(uid)), prepaid_fen FROM account").fetchall())
        bills = dict(db.execute("SELECT lower(hex(uid)), paid_fen FROM bill").fetchall())
    return {
        "payments": payments_,
        "outbox": outbox,
        "half_written": half_written,
        "seqs": seqs,
        "prepaid": prepaid,
        "bills": bills,
    }


def test_every_committed_payment_reaches_hq_exactly_once_through_sigkills(
    tmp_path: Path, hq_url: str
) -> None:
    from counterdesk.hq.database import make_hq_engine

    path, clerk, accounts = _terminal_db(tmp_path)
    hq = make_hq_engine(hq_url)
    try:
        _kill_and_check(path, clerk, accounts, hq, hq_url)
    finally:
        hq.dispose()


def _kill_and_check(
    path: Path, clerk: SignedIn, accounts: list[uuid.UUID], hq: Engine, hq_url: str
) -> None:
    from counterdesk.hq import schema
    from counterdesk.hq.database import upgrade_hq
    from counterdesk.hq.importer import import_terminal_db
    from counterdesk.hq.terminals import add_terminal
    from counterdesk.server.run import ServerThread, build_hq
    from counterdesk.sync.engine import SyncEngine
    from counterdesk.sync.link import join

    upgrade_hq(hq)
    import_terminal_db(hq, path)
    with hq.connect() as connection:
        areas = sorted(
            {row[0] for row in connection.execute(text("SELECT area_code FROM hq_account"))}
        )
    token = add_terminal(hq, "QS03", "青山供电营业厅", areas)

    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(CHILD_MODULES)
    rng = random.Random(2026)
    with ServerThread(build_hq(hq_url)) as server:
        terminal = make_engine(path)
        join(terminal, server.url, token)
        first = SyncEngine(terminal)
        assert first.run_once().pending_ops == 0
        first.stop()
        terminal.dispose()
        for round_no in range(1, ROUNDS + 1):
            child = context.Process(
                target=_terminal_process, args=(str(path), clerk, accounts, round_no)
            )
            child.start()
            time.sleep(rng.uniform(0.05, 0.45))
            child.kill()
            child.join()
            assert child.exitcode == -9, f"round {round_no}: the terminal died by itself"

        terminal = make_engine(path)
        sync = SyncEngine(terminal)
        for _ in range(10):
            status = sync.run_once()
            if status.pending_ops == 0:
                break
        sync.stop()
        assert status.pending_ops == 0, status
        terminal.dispose()
    books = _local_books(path)

    assert books["half_written"] == 0
    assert books["seqs"] == list(range(1, len(books["seqs"]) + 1)), "terminal_seq has a gap"
    local_payments = books["payments"]
    assert isinstance(local_payments, dict)
    assert len(local_payments) >= ROUNDS // 2, "the rounds took too few payments to mean anything"
    outbox = books["outbox"]
    assert isinstance(outbox, list)
    assert sorted(op for op, _state in outbox) == sorted(local_payments)
    assert {state for _op, state in outbox} == {"sent"}

    with hq.connect() as connection:
        hq_payments = {
            row.uid.hex: row.received_fen
            for row in connection.execute(
                schema.payment.select().with_only_columns(
                    schema.payment.c.uid, schema.payment.c.received_fen
                )
            )
        }
        applied = connection.execute(
            text(
                "SELECT count(*), count(DISTINCT op_id) FROM hq_applied_op "
                "WHERE kind = 'payment.posted'"
            )
        ).one()
        hq_prepaid = {
            row.uid.hex: row.prepaid_fen
            for row in connection.execute(
                schema.account.select().with_only_columns(
                    schema.account.c.uid, schema.account.c.prepaid_fen
                )
            )
        }
        hq_bills = {
            row.uid.hex: row.paid_fen
            for row in connection.execute(
                schema.bill.select().with_only_columns(schema.bill.c.uid, schema.bill.c.paid_fen)
            )
        }
    assert hq_payments == local_payments
    assert tuple(applied) == (len(local_payments), len(local_payments))
    assert hq_prepaid == books["prepaid"]
    assert hq_bills == books["bills"]
