"""500 simulated terminals against one HQ server process (issue 8).

Run: ``uv run pytest -n0 -m bench -s tests/bench/test_sync_terminals_bench.py``. HQ is
``counterdesk serve --role hq`` on a fresh PostgreSQL database holding a small city (imported from
a seeded terminal file); 500 terminals are registered, each for one of the city's areas. The load
generator (:mod:`tests.bench.sync_load`, its own process, asyncio) has every terminal pull its
scopes' changes every 15 s and push one payment a minute, starts spread over the first 15 s.

Target: p99 ≤ 100 ms for pulls and pushes alike, zero errors. The baseline, measured in the
same run against the same server, is ``/health``: a round trip through uvicorn and FastAPI that
touches no database.

``COUNTERDESK_TERMINALS_BENCH_SECONDS`` sets how long the load runs (default 120).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from counterdesk.demo.seed import seed_database
from counterdesk.hq.database import make_hq_engine, upgrade_hq
from counterdesk.hq.importer import import_terminal_db
from counterdesk.hq.terminals import add_terminal
from counterdesk.store.database import make_engine
from tests.bench.conftest import hq_process, summary
from tests.conftest import SEED_AS_OF
from tests.helpers.pg import fresh_database

pytestmark = pytest.mark.bench

TERMINALS = 500
ACCOUNTS = 20_000
SECONDS = float(os.environ.get("COUNTERDESK_TERMINALS_BENCH_SECONDS", "120"))
PULL_EVERY = 15.0
PAY_EVERY = 60.0
TARGET_P99_MS = 100.0


@pytest.fixture(scope="module")
def hq(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[dict[str, object]]]]:
    """HQ serving the city, and the 500 terminals' tokens, scopes and accounts."""
    city = tmp_path_factory.mktemp("city") / "city.db"
    seed_database(make_engine(city), accounts=ACCOUNTS, seed=5, as_of=SEED_AS_OF, workers=0)
    with fresh_database("cd_terminals") as db_url:
        engine = make_hq_engine(db_url)
        upgrade_hq(engine)
        import_terminal_db(engine, city, bill_months=3)
        with engine.connect() as connection:
            by_area: dict[str, list[str]] = {}
            for uid, area in connection.execute(
                text("SELECT uid, area_code FROM hq_account WHERE status != 'closed'")
            ):
                by_area.setdefault(str(area), []).append(str(uid))
        rng = random.Random(5)
        areas = sorted(by_area)
        terminals: list[dict[str, object]] = []
        for i in range(TERMINALS):
            area = areas[i % len(areas)]
            code = f"L{i:04d}"
            token = add_terminal(engine, code, f"压测营业厅{i // 10:02d}", [area])
            terminals.append(
                {
                    "terminal_id": code,
                    "token": token,
                    "scopes": ["*", area],
                    "accounts": rng.sample(by_area[area], min(50, len(by_area[area]))),
                }
            )
        engine.dispose()
        with hq_process(db_url) as url:
            yield url, terminals


def test_five_hundred_terminals_against_one_server(
    hq: tuple[str, list[dict[str, object]]], tmp_path: Path
) -> None:
    url, terminals = hq
    with httpx.Client(base_url=url) as client:
        baseline: list[float] = []
        for _ in range(300):
            started = time.perf_counter()
            client.get("/health")
            baseline.append((time.perf_counter() - started) * 1000)

    args = {
        "url": url,
        "terminals": terminals,
        "duration": SECONDS,
        "pull_every": PULL_EVERY,
        "pay_every": PAY_EVERY,
    }
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.sync_load"],
        input=json.dumps(args),
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    elapsed = time.perf_counter() - started
    figures = json.loads(done.stdout)
    pulls, pushes, errors = figures["pull_ms"], figures["push_ms"], figures["errors"]
    pull_median, pull_p99, pull_max = summary(pulls)
    push_median, push_p99, push_max = summary(pushes)
    base_median, base_p99, base_max = summary(baseline)
    print(
        f"\n{TERMINALS} terminals for {SECONDS:.0f} s ({elapsed:.0f} s with start-up): "
        f"{len(pulls):,} pulls ({len(pulls) / SECONDS:.1f}/s, {figures['changes']:,} changes), "
        f"{len(pushes):,} pushes ({figures['applied']:,} applied), {len(errors)} errors"
    )
    print(f"  pull    : median {pull_median:.1f} ms  p99 {pull_p99:.1f} ms  max {pull_max:.1f} ms")
    print(f"  push    : median {push_median:.1f} ms  p99 {push_p99:.1f} ms  max {push_max:.1f} ms")
    print(f"  baseline: median {base_median:.1f} ms  p99 {base_p99:.1f} ms  max {base_max:.1f} ms")
    print(
        f"  ratio against /health: pull p99 {pull_p99 / base_p99:.1f}×, "
        f"push p99 {push_p99 / base_p99:.1f}×"
    )
    worst = max(pull_p99, push_p99)
    print(f"  target p99 ≤ {TARGET_P99_MS:.0f} ms, no errors: "
          f"{'met' if worst <= TARGET_P99_MS and not errors else 'MISSED'}")  # fmt: skip
    assert errors == [], errors[:5]
    assert figures["applied"] == len(pushes)
    assert worst <= TARGET_P99_MS
