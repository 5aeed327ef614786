"""The sync engine when HQ cannot be reached, or was never joined: no server needed.

"HQ down" here is a real loopback port nobody listens on (connection refused), so the client goes
through the same socket path as in a hall whose WAN is cut.
"""

from __future__ import annotations

import socket
import threading

import pytest
from sqlalchemy import text

from counterdesk.sync import store
from counterdesk.sync.engine import SyncEngine
from counterdesk.sync.status import Link, SyncStatus
from tests.helpers.counter import (
    NOW,
    Counter,
    account_with_bills,
    cash,
    open_shift,
    pay,
)

TOKEN = "cdt_" + "k" * 43


@pytest.fixture
def counter(counter: Counter) -> Counter:
    """The shared copy (tests/conftest.py) with the clerk's shift open."""
    open_shift(counter)
    return counter


def dead_url() -> str:
    """A loopback address where nothing listens: every connection is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_a_terminal_that_never_joined_has_no_engine(counter: Counter) -> None:
    assert SyncEngine.from_database(counter.engine) is None
    engine = SyncEngine(counter.engine)
    assert engine.status().link is Link.NOT_CONFIGURED
    assert engine.status().pending_ops == 1  # the shift opening, queued for whenever it joins
    assert engine.run_once().link is Link.NOT_CONFIGURED


def test_unreachable_hq_is_retried_on_the_timer_without_any_new_write(counter: Counter) -> None:
    _, account_uid = account_with_bills(counter.engine)
    pay(counter, account_uid, cash(10_000))
    with counter.engine.begin() as connection:
        store.write_link(connection, hq_url=dead_url(), token=TOKEN, terminal_id="QS03",
                         hall="青山供电营业厅", scopes=("*", "A01"), now=NOW,
                         open_conflicts=0)  # fmt: skip
    sync = SyncEngine.from_database(counter.engine, interval=60.0)
    assert sync is not None
    failures: list[SyncStatus] = []
    retried = threading.Event()

    def listen(status: SyncStatus) -> None:
        if status.link is Link.OFFLINE and (not failures or failures[-1] != status):
            failures.append(status)
            if len({s.next_attempt for s in failures}) >= 2:
                retried.set()

    sync.subscribe(listen)
    sync.start()
    try:
        # Nothing is written after the start: the second attempt comes from the backoff timer.
        assert retried.wait(15), "the engine did not try again on its own"
    finally:
        sync.stop()
    status = sync.status()
    assert status.link is Link.OFFLINE
    assert status.last_error.startswith("Cannot reach HQ at http://127.0.0.1:")
    assert status.next_attempt is not None
    assert status.next_attempt > failures[0].next_attempt  # type: ignore[operator]
    assert (status.pending_ops, status.rejected_ops, status.last_success) == (2, 0, None)
    assert status.oldest_pending is not None
    with counter.engine.connect() as connection:
        link, error = connection.execute(text("SELECT link, last_error FROM sync_link")).one()
        states = connection.execute(text("SELECT DISTINCT state FROM outbox")).scalars().all()
    assert (link, error) == ("offline", status.last_error)
    assert states == ["pending"]
    # A restarted app shows the last outcome before its first round.
    again = SyncEngine(counter.engine).status()
    assert (again.link, again.last_error, again.scopes) == (
        Link.OFFLINE,
        status.last_error,
        ("*", "A01"),
    )
