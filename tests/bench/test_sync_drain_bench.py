"""Seven days offline with 100,000 queued ops, then reconnect: the drain rate (issue 8).

Run: ``uv run pytest -n0 -m bench -s tests/bench/test_sync_drain_bench.py``. The week (real
payments, reversals and shifts through the counter services, see
:mod:`tests.helpers.offline_week`) is made once into build/bench and copied for each run. HQ runs
on PostgreSQL in its own process (``counterdesk serve --role hq``) on loopback.

Target: the outbox drained at ≥ 2,000 ops/s, every op applied once, HQ's books equal to the
terminal's. The baseline, measured in the same run against the same server, is the floor any
push pays: status requests, one round trip each, reported as requests per second.

``COUNTERDESK_DRAIN_BENCH_OPS`` makes a smaller week for a quick look (e.g. 20000).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from counterdesk.hq.database import make_hq_engine, upgrade_hq
from counterdesk.hq.importer import import_terminal_db
from counterdesk.hq.terminals import add_terminal
from counterdesk.store.database import make_engine
from counterdesk.sync import push
from counterdesk.sync.client import SyncClient
from counterdesk.sync.engine import SyncEngine
from counterdesk.sync.link import join
from counterdesk.sync.status import Link
from tests.bench.conftest import BENCH_DIR, hq_process, summary
from tests.helpers.offline_week import Week, copy_week, hq_books, make_week, terminal_books
from tests.helpers.pg import fresh_database

pytestmark = pytest.mark.bench

OPS = int(os.environ.get("COUNTERDESK_DRAIN_BENCH_OPS", "100000"))
DAYS = 7
TARGET_OPS_PER_S = 2_000
HALL = "青山供电营业厅"


def _week_dir() -> Path:
    return BENCH_DIR / f"offline-week-{OPS}"


@pytest.fixture(scope="module")
def cached_week() -> Week:
    folder = _week_dir()
    base, terminal = folder / "before-the-week.db", folder / "after-the-week.db"
    done = folder / "done"
    if done.exists():
        return Week(base, terminal, int(done.read_text()))
    started = time.perf_counter()
    per_day = OPS // DAYS
    week = make_week(
        folder,
        accounts=max(per_day // 2, 100),
        payments_per_day=per_day,
        days=DAYS,
        reverse_every=1_000,
    )
    done.write_text(str(week.ops))
    print(f"\nthe week made in {time.perf_counter() - started:.0f} s: {week.ops:,} ops")
    return week


@pytest.fixture
def hq(cached_week: Week) -> Iterator[tuple[str, str]]:
    """A fresh PostgreSQL HQ imported from the terminal before the week, served by its own
    process; yields (HQ's URL, the database URL)."""
    with fresh_database("cd_drain") as db_url:
        engine = make_hq_engine(db_url)
        upgrade_hq(engine)
        import_terminal_db(engine, cached_week.base)
        engine.dispose()
        with hq_process(db_url) as url:
            yield url, db_url


def test_a_week_of_ops_drains_at_two_thousand_per_second(
    cached_week: Week, hq: tuple[str, str], tmp_path: Path
) -> None:
    url, db_url = hq
    week = copy_week(cached_week, tmp_path)
    hq_engine = make_hq_engine(db_url)
    with hq_engine.connect() as connection:
        areas = list(
            connection.execute(text("SELECT DISTINCT area_code FROM hq_account ORDER BY 1"))
            .scalars()
            .all()
        )
    token = add_terminal(hq_engine, "QS03", HALL, areas)
    terminal = make_engine(week.terminal)
    join(terminal, url, token)

    with SyncClient(url, token) as client:
        baseline: list[float] = []
        for _ in range(200):
            started = time.perf_counter()
            client.status()
            baseline.append((time.perf_counter() - started) * 1000)

        started = time.perf_counter()
        outcome = push.push_all(terminal, client, now=lambda: datetime.now(UTC))
        seconds = time.perf_counter() - started

    # The rest of the round (loading the hall's areas, pulling) and the books.
    sync = SyncEngine(terminal)
    status = sync.run_once()
    sync.stop()
    terminal.dispose()
    assert status.link is Link.ONLINE, status.last_error
    assert status.pending_ops == 0
    assert outcome.sent == week.ops
    assert outcome.rejected == 0
    books = terminal_books(week.terminal)
    assert hq_books(hq_engine) == books
    with hq_engine.connect() as connection:
        applied = connection.execute(
            text("SELECT count(*), count(DISTINCT op_id) FROM hq_applied_op")
        ).one()
    hq_engine.dispose()
    assert tuple(applied) == (week.ops, week.ops)

    rate = week.ops / seconds
    base_median, base_p99, _ = summary(baseline)
    print(
        f"\ndrained {week.ops:,} ops ({len(books['payments']):,} payments) from a week offline "
        f"in {seconds:.1f} s: {rate:,.0f} ops/s over {outcome.batches} batches of up to 500, "
        f"{seconds * 1000 / max(outcome.batches, 1):.0f} ms per batch on average"
    )
    print(
        f"  baseline (status round trip): median {base_median:.2f} ms, p99 {base_p99:.2f} ms; "
        f"one op costs {1000 / rate:.3f} ms = {1000 / rate / base_median:.1f}× a round trip"
    )
    verdict = "met" if rate >= TARGET_OPS_PER_S else "MISSED"
    print(f"  target ≥ {TARGET_OPS_PER_S:,} ops/s: {verdict}")
    assert rate >= TARGET_OPS_PER_S
