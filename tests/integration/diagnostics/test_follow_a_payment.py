"""``grep <payment uid>`` over the log follows one payment: taken at the counter, its receipt's
print job queued and printed, its op sent to HQ and acknowledged.

Everything is real: the payment service on a terminal database, the print queue printing to a
file, and the sync engine pushing to HQ served by uvicorn on loopback.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from counterdesk.logs import LOG_DIR_ENV, setup_logging
from counterdesk.store import print_jobs
from counterdesk.store.models import PrintJobState
from counterdesk.sync.engine import SyncEngine
from counterdesk.sync.link import join
from counterdesk.sync.status import Link
from printing.print_queue import start_queue
from printing.profile import PrinterProfile
from tests.helpers.counter import Counter, cash, open_shift, pay
from tests.helpers.waiting import until
from tests.integration.sync.hq_server import Hq, open_account, start_hq
from tests.integration.sync.test_engine_hq import account_uid


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


def test_one_payment_is_followed_from_the_counter_to_paper_and_hq(
    hq: Hq, counter: Counter, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(LOG_DIR_ENV, str(tmp_path / "logs"))
    open_account(hq.engine)
    join(counter.engine, hq.url, hq.token)
    sync = SyncEngine(counter.engine)
    assert sync.run_once().link is Link.ONLINE
    log_file = setup_logging("counter")
    assert log_file is not None

    queue, _ = start_queue(
        counter.engine,
        [PrinterProfile("receipt", f"file:{tmp_path / 'receipts.bin'}")],
        retry_seconds=0.1,
        idle_check_seconds=5,
    )
    try:
        other = pay(counter, account_uid(counter.engine), cash(1_000))
        result = pay(counter, account_uid(counter.engine), cash(50_000))
        queue.wake()

        def printed() -> bool:
            with counter.engine.connect() as connection:
                job = print_jobs.get(connection, result.print_job_uid)
            return job.state is PrintJobState.PRINTED

        assert until(printed, timeout=10)
        assert sync.run_once().pending_ops == 0
    finally:
        queue.stop()
        sync.stop()

    uid = str(result.payment_uid)
    lines = [json.loads(line) for line in log_file.read_text(encoding="utf-8").splitlines()]
    followed = [line for line in lines if uid in json.dumps(line)]
    said = [(line["logger"], line["message"]) for line in followed]
    loggers = [logger for logger, _ in said]
    assert loggers[0] == "counterdesk.store.print_jobs"  # queued inside the payment
    assert "counterdesk.services.payments" in loggers
    assert any(m.endswith("is printed") for lg, m in said if lg == "printing.print_queue")
    assert any(lg == "counterdesk.sync.push" and "applied" in m for lg, m in said)
    assert all(line["payment"] == uid for line in followed)
    job = str(result.print_job_uid)
    assert {line.get("print_job") for line in followed if "print" in str(line["logger"])} == {job}
    assert str(other.payment_uid) not in json.dumps(followed)
