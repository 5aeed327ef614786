"""Shared fixtures: throwaway databases, a small seeded city, and Qt set to render offscreen."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from counterdesk.demo.seed import seed_database
from counterdesk.store.database import make_engine
from counterdesk.store.migrate import upgrade
from tests.helpers.counter import Counter, add_people, copy_counter

SEED_AS_OF = date(2026, 11, 21)
SMALL_CITY_ACCOUNTS = 3_000


@pytest.fixture(scope="session", autouse=True)
def _log_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Logs and crash reports of the commands and windows under test go to a temporary folder,
    never into the user's log folder (counterdesk.logs)."""
    from counterdesk.logs import LOG_DIR_ENV

    folder = tmp_path_factory.mktemp("logs")
    before = os.environ.get(LOG_DIR_ENV)
    os.environ[LOG_DIR_ENV] = str(folder)
    yield folder
    if before is None:
        os.environ.pop(LOG_DIR_ENV, None)
    else:
        os.environ[LOG_DIR_ENV] = before


@pytest.fixture(autouse=True)
def _no_log_file_left() -> Iterator[None]:
    """A test that ran a CLI command or started the app leaves the root logger as it was."""
    from counterdesk.logs import shutdown_logging

    yield
    shutdown_logging()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "terminal.db"


@pytest.fixture
def engine(db_path: Path) -> Iterator[Engine]:
    """A migrated, empty terminal database."""
    made = make_engine(db_path)
    upgrade(made)
    yield made
    made.dispose()


@pytest.fixture(scope="session")
def small_city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A seeded database of 3,000 accounts, made once per test run; tests must not change it."""
    path = tmp_path_factory.mktemp("city") / "small-city.db"
    seed_database(
        make_engine(path), accounts=SMALL_CITY_ACCOUNTS, seed=7, as_of=SEED_AS_OF, workers=0
    )
    return path


@pytest.fixture
def city_engine(small_city: Path) -> Iterator[Engine]:
    made = make_engine(small_city)
    yield made
    made.dispose()


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Counter]:
    """A migrated database with the clerk, manager and admin signed in; tests must not change it.

    Signing in hashes with argon2 (~0.1 s a person), so people are made once per run and each
    test takes a copy (:func:`tests.helpers.counter.copy_counter`).
    """
    engine = make_engine(tmp_path_factory.mktemp("people") / "terminal.db")
    upgrade(engine)
    yield add_people(engine)
    engine.dispose()


@pytest.fixture
def counter(template: Counter, tmp_path: Path) -> Iterator[Counter]:
    """A copy of :func:`template` of the test's own; a module that needs more (a shift open, a
    different file) defines its own ``counter``, which may ask for this one."""
    made = copy_counter(template, tmp_path / "terminal.db")
    yield made
    made.engine.dispose()
