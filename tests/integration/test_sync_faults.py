"""What the WAN does to a push, done for real: answers lost after HQ committed, connections reset,
HQ restarted in the middle of a batch, batches replayed and reordered.

Between the terminal's real sync engine and a real HQ server (uvicorn on loopback, PostgreSQL)
sits :class:`~tests.helpers.fault_proxy.FaultProxy`, which forwards or breaks each HTTP exchange.
Whatever it does, HQ must end up with every payment exactly once and the terminal with nothing
pending and nothing marked done that HQ does not hold.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from counterdesk.sync.engine import SyncEngine
from counterdesk.sync.link import join
from counterdesk.sync.protocol import API_PREFIX, MAX_PUSH_OPS, PROTOCOL_VERSION
from counterdesk.sync.status import Link
from tests.helpers.counter import Counter, add_people, cash, later, open_shift, pay
from tests.helpers.fault_proxy import Action, FaultProxy
from tests.helpers.pg import fresh_database
from tests.helpers.serving import free_port, start_serve
from tests.integration.sync.hq_server import Hq, open_account, start_hq

PAYMENTS = 60


@pytest.fixture
def hq(tmp_path: Path) -> Iterator[Hq]:
    with fresh_database("cd_faults") as url:
        server = start_hq(url)
        try:
            yield server
        finally:
            server.stop()


def _terminal(
    tmp_path: Path, hq: Hq, url: str, *, payments: int = PAYMENTS
) -> tuple[Counter, list[uuid.UUID]]:
    """A terminal joined to HQ through ``url``, its cache loaded, a shift open, and
    ``PAYMENTS`` cash payments queued (HQ has not seen any of them)."""
    accounts = [open_account(hq.engine, f"33010204{i:02d}").uid for i in range(3)]
    from counterdesk.store.database import make_engine
    from counterdesk.store.migrate import upgrade

    engine = make_engine(tmp_path / "terminal.db")
    upgrade(engine)
    counter = add_people(engine)
    join(counter.engine, url, hq.token)
    sync = SyncEngine(counter.engine)
    assert sync.run_once().link is Link.ONLINE
    sync.stop()
    open_shift(counter)
    for i in range(payments):
        pay(counter, accounts[i % 3], cash(1_000 + i), now=later(1 + i // 60))
    return counter, accounts


def _drain(counter: Counter, attempts: int = 40) -> SyncEngine:
    sync = SyncEngine(counter.engine)
    for _ in range(attempts):
        if sync.run_once().pending_ops == 0:
            break
    sync.stop()
    return sync


def _books_agree(counter: Counter, hq: Hq) -> None:
    with counter.engine.connect() as connection:
        local = {
            uuid.UUID(bytes=bytes(uid)): received
            for uid, received in connection.execute(text("SELECT uid, received_fen FROM payment"))
        }
        states = connection.execute(text("SELECT DISTINCT state FROM outbox")).scalars().all()
    with hq.engine.connect() as connection:
        remote = dict(connection.execute(text("SELECT uid, received_fen FROM hq_payment")).all())
        applied = connection.execute(
            text("SELECT count(*), count(DISTINCT op_id) FROM hq_applied_op")
        ).one()
    assert remote == local
    assert states == ["sent"]
    assert applied[0] == applied[1], "an op was booked twice"


def test_answers_lost_after_hq_committed_and_resets_lose_nothing_and_double_nothing(
    tmp_path: Path, hq: Hq
) -> None:
    pushes: list[str] = []
    faults: list[Action] = ["drop_response", "reset", "drop_response", "drop_response", "reset"]

    def plan(_n: int, line: str) -> Action:
        if "/push" not in line:
            return "pass"
        # The first pushes are committed at HQ with their answers thrown away, or cut off before
        # HQ sees them; then the line heals.
        pushes.append(line)
        return faults[len(pushes) - 1] if len(pushes) <= len(faults) else "pass"

    with FaultProxy(hq.server.port) as proxy:
        counter, _ = _terminal(tmp_path, hq, proxy.url)
        proxy.plan = plan
        _drain(counter)
        actions = proxy.actions()
    assert "drop_response" in actions
    assert "reset" in actions
    _books_agree(counter, hq)
    # The replays after lost answers were answered as duplicates, not booked again.
    assert hq.count("SELECT count(*) FROM hq_payment") == PAYMENTS


def test_hq_killed_in_the_middle_of_a_batch_and_restarted(tmp_path: Path, hq: Hq) -> None:
    """HQ's process dies (SIGKILL) after committing the first 500-op batch, whose answer never
    reaches the terminal (the proxy drops it), with 50 ops still to send. After HQ comes back the
    terminal sends the batch again: HQ answers duplicate for the 500 and books the 50, once."""
    counter, _ = _terminal(tmp_path, hq, hq.url, payments=MAX_PUSH_OPS + 50)
    hq.server.stop()
    port = free_port()
    forwarded = threading.Event()

    def plan(_n: int, line: str) -> Action:
        if "/push" in line and not forwarded.is_set():
            forwarded.set()
            return "drop_response"
        return "pass"

    log = tmp_path / "hq.log"
    server = start_serve(str(hq.path), port, log)
    try:
        with FaultProxy(port, plan) as proxy:
            with counter.engine.begin() as connection:
                connection.execute(text("UPDATE sync_link SET hq_url = :url"), {"url": proxy.url})
            sync = SyncEngine(counter.engine)
            pushing = threading.Thread(target=sync.run_once)
            pushing.start()
            assert forwarded.wait(30)
            pushing.join(60)  # the round fails on the lost answer
            server.kill()
            server.wait()
            sync.stop()
            committed_unacked = hq.count("SELECT count(*) FROM hq_payment")
            with counter.engine.connect() as connection:
                pending = connection.execute(
                    text("SELECT count(*) FROM outbox WHERE state = 'pending'")
                ).scalar_one()
            server = start_serve(str(hq.path), port, log)
            _drain(counter)
    finally:
        server.kill()
        server.wait()
    # The killed batch was committed whole (one transaction), and the terminal never heard so.
    assert committed_unacked == MAX_PUSH_OPS - 1, committed_unacked  # and the shift's opening
    assert pending >= MAX_PUSH_OPS
    _books_agree(counter, hq)


def test_batches_replayed_and_reordered_are_booked_once(tmp_path: Path, hq: Hq) -> None:
    counter, _ = _terminal(tmp_path, hq, hq.url)
    with counter.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT op_id, terminal_seq, kind, payload_version, payload, business_time "
                "FROM outbox WHERE state = 'pending' ORDER BY terminal_seq"
            )
        ).all()
    ops = [
        {
            "op_id": str(uuid.UUID(bytes=bytes(row.op_id))),
            "terminal_seq": row.terminal_seq,
            "kind": row.kind,
            "payload_version": row.payload_version,
            "payload": json.loads(row.payload),
            "business_time": f"{row.business_time}+00:00".replace(" ", "T"),
        }
        for row in rows
    ]
    halves = [ops[len(ops) // 2 :], ops[: len(ops) // 2], ops[len(ops) // 2 :], ops]
    with httpx.Client(base_url=hq.url, timeout=30) as client:
        gaps = []
        for batch in halves:  # the second half first, then the first, then both again
            response = client.post(
                f"{API_PREFIX}/push",
                json={"protocol_version": PROTOCOL_VERSION, "schema_version": 8, "ops": batch},
                headers={"Authorization": f"Bearer {hq.token}"},
            )
            assert response.status_code == 200, response.text
            body = response.json()
            gaps.append(body["gap"])
            assert {r["status"] for r in body["results"]} <= {"applied", "duplicate"}
        assert gaps[0] is not None, "HQ did not notice the first half missing"
        assert body["acked_through"] == ops[-1]["terminal_seq"]
    assert hq.count("SELECT count(*) FROM hq_payment") == PAYMENTS
    assert hq.count("SELECT count(*) FROM hq_alert WHERE kind = 'seq_gap'") >= 1
    # The terminal, which never heard any of this, sends everything again: all duplicates.
    _drain(counter)
    _books_agree(counter, hq)
