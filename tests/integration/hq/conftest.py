"""HQ on both of its databases: a fresh SQLite file per test, and PostgreSQL.

PostgreSQL is the server named by ``COUNTERDESK_TEST_PG``; each test module gets a database of its
own (created empty, migrated once, dropped afterwards) and each test starts from empty tables.
Without the variable they use the machine's own server at 127.0.0.1:5432 (trust auth), and fail
saying so when it does not answer: a skipped HQ test would hide the production database.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from counterdesk.hq import schema
from counterdesk.hq.database import make_hq_engine, upgrade_hq
from tests.helpers.pg import fresh_database


@pytest.fixture(scope="module")
def pg_engine() -> Iterator[Engine]:
    """A migrated HQ database of this module's own on the test PostgreSQL server."""
    with fresh_database("cd_hq") as url:
        engine = make_hq_engine(url)
        upgrade_hq(engine)
        try:
            yield engine
        finally:
            engine.dispose()


def empty(engine: Engine) -> Engine:
    """Every HQ table emptied (identities restarted), for the next test."""
    names = ", ".join(table.name for table in schema.metadata.sorted_tables)
    with engine.begin() as connection:
        connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY"))
    return engine


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def hq(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An empty, migrated HQ database: an SQLite file, or the module's PostgreSQL database."""
    if request.param == "sqlite":
        engine = make_hq_engine(str(tmp_path / "hq.db"))
        upgrade_hq(engine)
        yield engine
        engine.dispose()
    else:
        yield empty(request.getfixturevalue("pg_engine"))


@pytest.fixture
def pg(pg_engine: Engine) -> Engine:
    """The module's PostgreSQL HQ, emptied (for the tests that only make sense there)."""
    return empty(pg_engine)
