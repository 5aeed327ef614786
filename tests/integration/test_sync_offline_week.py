"""A week with HQ out of reach, then the line comes back (issue 8, SYNC.md "offline for days").

The terminal took a week of real payments, reversals and shifts with nothing sent; HQ (on
PostgreSQL) was imported from the terminal as it stood before the week. After joining, one sync
round drains the outbox: every op is applied exactly once and HQ's books (payments and their
states, prepaid balances, bills' paid amounts, shifts) equal the terminal's, fen for fen. The
round is then repeated with every answer lost (the batches go again): nothing changes at HQ.

This default-run version is a small week; ``tests/bench/test_sync_drain_bench.py`` runs the same
story with 100,000 ops and reports the drain rate.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from counterdesk.hq.database import make_hq_engine, upgrade_hq
from counterdesk.hq.importer import import_terminal_db
from counterdesk.hq.terminals import add_terminal
from counterdesk.server.run import ServerThread, build_hq
from counterdesk.store.database import make_engine
from counterdesk.sync.engine import SyncEngine
from counterdesk.sync.link import join
from counterdesk.sync.status import Link
from tests.helpers.offline_week import Week, hq_books, make_week, terminal_books
from tests.helpers.pg import fresh_database

HALL = "青山供电营业厅"


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> Week:
    return make_week(
        tmp_path_factory.mktemp("week"), accounts=300, payments_per_day=120, reverse_every=200
    )


@pytest.fixture
def hq(week: Week) -> Iterator[tuple[Engine, str]]:
    with fresh_database("cd_week") as url:
        engine = make_hq_engine(url)
        upgrade_hq(engine)
        import_terminal_db(engine, week.base)
        try:
            yield engine, url
        finally:
            engine.dispose()


def _areas(hq: Engine) -> list[str]:
    with hq.connect() as connection:
        return list(
            connection.execute(text("SELECT DISTINCT area_code FROM hq_account ORDER BY 1"))
            .scalars()
            .all()
        )


def test_a_week_offline_drains_once_and_hq_books_what_the_terminal_took(
    week: Week, hq: tuple[Engine, str]
) -> None:
    hq_engine, url = hq
    assert week.ops == 7 * 120 + 7 * 2 + 4  # payments, shifts opened and closed, reversals
    token = add_terminal(hq_engine, "QS03", HALL, _areas(hq_engine))
    before = hq_books(hq_engine)
    with ServerThread(build_hq(url)) as server:
        terminal = make_engine(week.terminal)
        join(terminal, server.url, token)
        sync = SyncEngine(terminal)
        status = sync.run_once()
        sync.stop()
        assert status.link is Link.ONLINE, status.last_error
        assert status.pending_ops == 0
        with terminal.connect() as connection:
            states = dict(
                connection.execute(text("SELECT state, count(*) FROM outbox GROUP BY state")).all()
            )
        assert states == {"sent": week.ops}

        books = terminal_books(week.terminal)
        after = hq_books(hq_engine)
        assert after == books
        assert after != before  # the week's money really moved HQ's books
        with hq_engine.connect() as connection:
            applied = connection.execute(
                text("SELECT count(*), count(DISTINCT op_id) FROM hq_applied_op")
            ).one()
            conflicts = connection.execute(text("SELECT count(*) FROM hq_conflict")).scalar_one()
        assert tuple(applied) == (week.ops, week.ops)
        assert conflicts == 0

        # Every answer lost: the terminal sends the whole week again. HQ answers duplicate.
        with terminal.begin() as connection:
            connection.execute(text("UPDATE outbox SET state = 'pending', acked_at = NULL"))
        again = SyncEngine(terminal)
        status = again.run_once()
        again.stop()
        terminal.dispose()
        assert status.pending_ops == 0, status.last_error
        assert hq_books(hq_engine) == books
        with hq_engine.connect() as connection:
            applied = connection.execute(text("SELECT count(*) FROM hq_applied_op")).scalar_one()
        assert applied == week.ops
