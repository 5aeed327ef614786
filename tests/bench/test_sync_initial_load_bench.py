"""The terminal's initial load of a million accounts from HQ over loopback, search index included.

Run: ``uv run pytest -m bench -s tests/bench/test_sync_initial_load_bench.py``. HQ (SQLite, the
seeded city imported with the newest month of bills and older unpaid ones) runs in its own
process, ``counterdesk serve --role hq``, so the figures are the terminal's, not a GIL shared with
the server. The target (issue 8): a million accounts with their customers and the search index in
30 s; the meters, installations and bills of the same scope are loaded too and reported apart.

``COUNTERDESK_SYNC_BENCH_ACCOUNTS`` makes a smaller city for a quick look (e.g. 100000).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from counterdesk.hq.database import make_hq_engine, upgrade_hq
from counterdesk.hq.importer import import_terminal_db
from counterdesk.hq.terminals import add_terminal
from counterdesk.store.database import make_engine
from counterdesk.store.migrate import upgrade
from counterdesk.sync.engine import SyncEngine
from counterdesk.sync.link import join
from counterdesk.sync.status import Link, SyncStatus
from tests.bench.conftest import (
    BENCH_DIR,
    MILLION,
    city_path,
    hq_process,
    is_complete,
    make_city,
)

pytestmark = pytest.mark.bench

ACCOUNTS = int(os.environ.get("COUNTERDESK_SYNC_BENCH_ACCOUNTS", MILLION))
TARGET_SECONDS = 30.0
_FIRST = ("tariff", "customer", "account")


def _hq_path() -> Path:
    return BENCH_DIR / f"hq-{ACCOUNTS}-seed1.db"


def _hq_complete(path: Path) -> bool:
    if not path.exists():
        return False
    engine = make_hq_engine(str(path))
    try:
        with engine.connect() as connection:
            return int(
                connection.execute(text("SELECT count(*) FROM hq_account")).scalar_one()
            ) == (ACCOUNTS)
    except Exception:
        return False
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def hq_db() -> Path:
    """HQ's SQLite file with the seeded city, made once and reused by later runs."""
    path = _hq_path()
    if _hq_complete(path):
        return path
    city = city_path(ACCOUNTS)
    if not is_complete(city, ACCOUNTS):
        make_city(city, ACCOUNTS)
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    engine = make_hq_engine(str(path))
    upgrade_hq(engine)
    report = import_terminal_db(engine, city, bill_months=1)
    engine.dispose()
    print(f"\nHQ made from the city in {report.seconds:.0f} s: {report.accounts:,} accounts")
    return path


@pytest.fixture(scope="module")
def hq_url(hq_db: Path) -> Iterator[str]:
    with hq_process(str(hq_db)) as url:
        yield url


def test_initial_load_of_the_city(hq_db: Path, hq_url: str, tmp_path: Path) -> None:
    hq = make_hq_engine(str(hq_db))
    with hq.connect() as connection:
        areas = (
            connection.execute(text("SELECT DISTINCT area_code FROM hq_account ORDER BY 1"))
            .scalars()
            .all()
        )
        rows = {
            table: int(connection.execute(text(f"SELECT count(*) FROM hq_{table}")).scalar_one())
            for table in ("customer", "account", "meter", "meter_installation", "bill")
        }
    token = add_terminal(hq, f"B{os.getpid() % 0xFFFFFF:06X}", "压测营业厅", list(areas))
    hq.dispose()

    engine = make_engine(tmp_path / "terminal.db")
    upgrade(engine)
    join(engine, hq_url, token)
    marks: list[tuple[float, str, str]] = []
    started = time.perf_counter()

    def progress(status: SyncStatus) -> None:
        if status.loading is not None:
            mark = (status.loading.scope, status.loading.table)
            if not marks or marks[-1][1:] != mark:
                marks.append((time.perf_counter() - started, *mark))

    sync = SyncEngine(engine)
    sync.subscribe(progress)
    status = sync.run_once()
    seconds = time.perf_counter() - started
    sync.stop()
    assert status.link is Link.ONLINE, status.last_error
    with engine.connect() as connection:
        loaded = {
            table: int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
            for table in rows
        }
        indexed = int(connection.execute(text("SELECT count(*) FROM account_text")).scalar_one())
    engine.dispose()
    assert loaded == rows
    assert indexed == rows["account"]

    # Every area's load past its accounts (they load side by side), then the rest of the tables;
    # the indexes are built once after the last page.
    past_accounts = max(
        (next((t for t, s, table in marks if s == scope and table not in _FIRST), seconds)
         for scope in areas),
        default=0.0,
    )  # fmt: skip
    total_rows = sum(rows.values())
    print(
        f"\ninitial load of {rows['account']:,} accounts in {len(areas)} areas "
        f"({total_rows:,} rows: {', '.join(f'{k} {v:,}' for k, v in rows.items())}): "
        f"{seconds:.1f} s in all, {total_rows / seconds:,.0f} rows/s; customers and accounts "
        f"of every area in by {past_accounts:.1f} s; indexes and the first pull after the last "
        f"page {seconds - marks[-1][0]:.1f} s"
    )
    assert seconds <= TARGET_SECONDS
