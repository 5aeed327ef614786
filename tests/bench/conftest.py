"""Benchmarks: a million-account city made once in build/bench and reused by later runs."""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from counterdesk.demo.seed import seed_database
from counterdesk.store.database import make_engine
from tests.conftest import SEED_AS_OF
from tests.helpers.serving import serving

BENCH_DIR = Path(__file__).resolve().parents[2] / "build" / "bench"
MILLION = 1_000_000


def city_path(accounts: int = MILLION) -> Path:
    return BENCH_DIR / f"city-{accounts}-seed1.db"


def is_complete(path: Path, accounts: int) -> bool:
    if not path.exists():
        return False
    try:
        with closing(sqlite3.connect(path)) as raw:
            return raw.execute("SELECT count(*) FROM account").fetchone()[0] == accounts
    except sqlite3.Error:
        return False


def make_city(path: Path, accounts: int) -> float:
    """Seed ``path`` afresh and return the seconds it took."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    report = seed_database(
        make_engine(path), accounts=accounts, seed=1, as_of=SEED_AS_OF, workers=1
    )
    return report.seconds


@pytest.fixture(scope="session")
def million_city() -> Path:
    path = city_path()
    if not is_complete(path, MILLION):
        make_city(path, MILLION)
    return path


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))
    return ordered[index]


def summary(values: list[float]) -> tuple[float, float, float]:
    """Median, 99th percentile and maximum, in the values' unit."""
    return statistics.median(values), percentile(values, 0.99), max(values)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Benchmarks make their data once (a million-account city, a week of 100,000 ops), which
    takes longer than the test run's per-test timeout allows."""
    for item in items:
        if item.get_closest_marker("bench"):
            item.add_marker(pytest.mark.timeout(3_600))


@contextmanager
def hq_process(db: str) -> Iterator[str]:
    """HQ on ``db`` in its own process (the figures are then the server's, not a GIL shared
    with the client); yields its URL once it answers."""
    with tempfile.TemporaryDirectory() as folder, serving(db, Path(folder) / "serve.log") as hq:
        yield hq.url
