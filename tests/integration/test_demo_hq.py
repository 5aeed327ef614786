"""The demo's own HQ: made from the demo database, served beside the hall's queue, joined once.

Everything is real: a seeded demo city, HQ on its SQLite file behind uvicorn on loopback, the
terminal's sync engine pushing a payment taken with the payment service. Only Qt is left out;
``counterdesk demo`` runs the same set-up (:func:`counterdesk.demo.hq.start_demo_server`) before
it opens the window.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from counterdesk.demo.hq import DemoServer, hq_path_for, start_demo_server
from counterdesk.demo.orders import ensure_demo_orders
from counterdesk.demo.people import DEMO_PASSWORD, ensure_demo_people
from counterdesk.demo.seed import seed_database
from counterdesk.hq.database import make_hq_engine
from counterdesk.hq.terminals import list_terminals
from counterdesk.services import auth
from counterdesk.store.database import make_engine
from counterdesk.sync import store
from counterdesk.sync.engine import SyncEngine
from counterdesk.sync.status import Link, SyncStatus
from tests.conftest import SEED_AS_OF
from tests.helpers.counter import NOW, Counter, cash, later, open_shift, pay

ACCOUNTS = 200
HQ_TABLES = ("hq_account", "hq_customer", "hq_bill", "hq_work_order", "hq_payment", "hq_terminal")


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    """A demo database as ``counterdesk demo`` has it when the server starts: the city seeded,
    the demo's people added, nothing queued for HQ yet."""
    path = tmp_path / "demo.db"
    seed_database(make_engine(path), accounts=ACCOUNTS, seed=1, as_of=SEED_AS_OF, workers=0)
    engine = make_engine(path)
    try:
        ensure_demo_people(engine)
    finally:
        engine.dispose()
    return path


@pytest.fixture
def terminal(demo_db: Path) -> Iterator[Engine]:
    engine = make_engine(demo_db)
    yield engine
    engine.dispose()


def start(demo_db: Path, port: int = 0) -> DemoServer:
    return start_demo_server(demo_db, demo_db.with_name("demo-hall.db"), port=port)


def counter(engine: Engine) -> Counter:
    """The demo's clerk, manager and IT admin signed in, as the demo's sign-in window does."""
    return Counter(
        engine,
        *(
            auth.sign_in(engine, number, DEMO_PASSWORD, now=NOW)
            for number in ("0107", "0001", "9001")
        ),
    )


def account_in_arrears(engine: Engine) -> uuid.UUID:
    with engine.connect() as connection:
        raw = connection.execute(
            text(
                "SELECT a.uid FROM account AS a JOIN bill AS b ON b.account_id = a.id "
                "WHERE b.paid_fen < b.amount_fen AND a.closed_on IS NULL ORDER BY a.id LIMIT 1"
            )
        ).scalar_one()
    return uuid.UUID(bytes=bytes(raw))


@contextmanager
def hq_of(demo: DemoServer) -> Iterator[Engine]:
    """HQ's database on connections of the test's own, as IT would open it."""
    hq = make_hq_engine(str(demo.hq_path))
    try:
        yield hq
    finally:
        hq.dispose()


def hq_rows(demo: DemoServer) -> dict[str, int]:
    with hq_of(demo) as hq, hq.connect() as connection:
        return {
            table: int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
            for table in HQ_TABLES
        }


def payments_at_hq(demo: DemoServer, *payments: uuid.UUID) -> int:
    with hq_of(demo) as hq, hq.connect() as connection:
        return sum(
            int(
                connection.execute(
                    text("SELECT count(*) FROM hq_payment WHERE uid = :uid"), {"uid": uid.hex}
                ).scalar_one()
            )
            for uid in payments
        )


def one_round(engine: Engine) -> SyncStatus:
    """One round of the sync engine the app starts (``ui.app.start_sync``), in this thread."""
    sync = SyncEngine.from_database(engine)
    assert sync is not None, "the terminal is not joined"
    try:
        return sync.run_once()
    finally:
        sync.stop()


def test_the_demo_terminal_joins_its_own_hq_and_its_payments_and_orders_reach_it(
    demo_db: Path, terminal: Engine
) -> None:
    # A file left by an interrupted first start is made again, not trusted.
    hq_path_for(demo_db).write_bytes(b"left by a first start that was cut short")
    demo = start(demo_db)
    try:
        assert demo.problem == ""
        assert demo.hq_path == demo_db.with_name("demo-hq.db")
        assert demo.imported is not None
        assert demo.imported.accounts == ACCOUNTS
        assert demo.joined
        assert demo.server.app.state.hq is not None  # one server: the hall's queue and HQ
        assert demo.server.app.state.queue is not None
        with terminal.connect() as connection:
            link = store.read_link(connection)
            areas = connection.execute(
                text("SELECT DISTINCT area_code FROM account ORDER BY area_code")
            ).scalars()
            assert link is not None
            assert (link.hq_url, link.terminal_id) == (demo.url, "QS03")
            assert link.scopes == ("*", *areas)
        with hq_of(demo) as hq:
            (registered,) = list_terminals(hq)
        assert (registered.terminal_id, registered.hall) == ("QS03", "青山供电营业厅")

        # What the demo does next: its orders, then a clerk's payment, all queued for HQ.
        assert ensure_demo_orders(terminal, DEMO_PASSWORD, now=NOW)
        desk = counter(terminal)
        open_shift(desk)
        payment = pay(desk, account_in_arrears(terminal), cash(10_000)).payment_uid
        before = hq_rows(demo)

        status = one_round(terminal)

        assert status.link is Link.ONLINE, status.last_error
        assert (status.pending_ops, status.rejected_ops, status.open_conflicts) == (0, 0, 0)
        assert status.gap == ""
        assert payments_at_hq(demo, payment) == 1
        after = hq_rows(demo)
        assert after["hq_payment"] == before["hq_payment"] + 1 == 1
        assert after["hq_work_order"] == before["hq_work_order"] + 5  # the demo's orders
        assert set(status.cursors) == set(link.scopes)  # its areas loaded from HQ
    finally:
        demo.stop()


def test_a_second_start_imports_nothing_and_the_link_still_works_even_on_another_port(
    demo_db: Path, terminal: Engine
) -> None:
    first = start(demo_db)
    port = first.server.port
    try:
        desk = counter(terminal)
        open_shift(desk)
        paid = [pay(desk, account_in_arrears(terminal), cash(5_000)).payment_uid]
        assert one_round(terminal).pending_ops == 0
        rows = hq_rows(first)
    finally:
        first.stop()
    with terminal.connect() as connection:
        link = store.read_link(connection)
        cursors = store.cursors(connection)

    # The next start on the same port: nothing imported, nothing joined, the link as it was.
    again = start(demo_db, port=port)
    try:
        assert (again.problem, again.imported, again.joined) == ("", None, False)
        assert again.url == first.url
        assert hq_rows(again) == rows
        with terminal.connect() as connection:
            assert store.read_link(connection) == link
            assert store.cursors(connection) == cursors
        paid.append(pay(desk, account_in_arrears(terminal), cash(5_000), now=later(5)).payment_uid)
        status = one_round(terminal)
        assert status.link is Link.ONLINE, status.last_error
        assert status.pending_ops == 0
        assert payments_at_hq(again, *paid) == 2
        rows = hq_rows(again)
    finally:
        again.stop()

    # The usual port is taken (a real hall server runs here): the server moves, the terminal
    # joins it there with the token it holds, and sync carries on against the same HQ.
    with closing(socket.socket()) as squatter:
        squatter.bind(("127.0.0.1", port))
        squatter.listen()
        moved = start(demo_db, port=port)
    try:
        assert (moved.problem, moved.imported, moved.joined) == ("", None, True)
        assert moved.server.port != port
        assert hq_rows(moved) == rows
        with terminal.connect() as connection:
            relinked = store.read_link(connection)
        assert relinked is not None
        assert (relinked.hq_url, relinked.token) == (moved.url, link.token if link else "")
        paid.append(pay(desk, account_in_arrears(terminal), cash(5_000), now=later(9)).payment_uid)
        status = one_round(terminal)
        assert status.link is Link.ONLINE, status.last_error
        assert status.pending_ops == 0
        assert payments_at_hq(moved, *paid) == 3
        with hq_of(moved) as hq:
            assert len(list_terminals(hq)) == 1
    finally:
        moved.stop()


def test_a_demo_database_that_queued_work_before_it_had_an_hq_is_not_copied_into_one(
    demo_db: Path, terminal: Engine
) -> None:
    # A demo database made by an older CounterDesk: its orders queued, never joined.
    assert ensure_demo_orders(terminal, DEMO_PASSWORD, now=NOW)
    demo = start(demo_db)
    try:
        assert "would book them twice" in demo.problem
        assert (demo.imported, demo.joined) == (None, False)
        assert demo.server.app.state.hq is None  # the hall's queue still runs
        assert demo.server.app.state.queue is not None
        assert not demo.hq_path.exists()
        assert SyncEngine.from_database(terminal) is None
    finally:
        demo.stop()


def test_a_joined_demo_whose_hq_file_was_deleted_is_told_so_and_not_copied_again(
    demo_db: Path, terminal: Engine
) -> None:
    first = start(demo_db)
    first.stop()
    for name in ("demo-hq.db", "demo-hq.db-wal", "demo-hq.db-shm"):
        demo_db.with_name(name).unlink(missing_ok=True)
    demo = start(demo_db)
    try:
        assert "is gone" in demo.problem
        assert (demo.imported, demo.joined) == (None, False)
        assert demo.server.app.state.hq is None
        assert not demo.hq_path.exists()
        with terminal.connect() as connection:
            link = store.read_link(connection)
        assert link is not None
        assert link.hq_url == first.url  # the link is left as it was, for IT to see
    finally:
        demo.stop()
