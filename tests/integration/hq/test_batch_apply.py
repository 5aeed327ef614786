"""A batch booked together (:mod:`counterdesk.hq.batch`) books exactly what the same ops booked
one by one do: the same answer for every op, the same payments, balances, bills and shifts, and
the same rows in the change log, on PostgreSQL.

The ops are a real week of a terminal (payments, reversals, shifts; see
:mod:`tests.helpers.offline_week`) with the awkward ones mixed in where they fall inside a batch:
an op sent twice in one batch, a payment sent again under a new op id, a payment for an account
HQ does not know, a sequence number used twice, a payload HQ cannot read, and a reversal the
database refuses (its batch is then applied op by op).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from counterdesk.hq.database import make_hq_engine, upgrade_hq
from counterdesk.hq.importer import import_terminal_db
from counterdesk.hq.ledger import apply_batch, apply_one_by_one
from counterdesk.hq.terminals import Terminal, add_terminal, authenticate
from counterdesk.store.database import make_engine
from counterdesk.sync.protocol import Op
from counterdesk.sync.push import pending_batch
from tests.helpers.offline_week import Week, hq_books, make_week
from tests.helpers.pg import fresh_database

NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def week(tmp_path_factory: pytest.TempPathFactory) -> Week:
    return make_week(
        tmp_path_factory.mktemp("week"), accounts=150, payments_per_day=90, reverse_every=70
    )


def _hq(url: str, week: Week) -> tuple[Engine, Terminal]:
    engine = make_hq_engine(url)
    upgrade_hq(engine)
    import_terminal_db(engine, week.base)
    with engine.connect() as connection:
        areas = list(
            connection.execute(text("SELECT DISTINCT area_code FROM hq_account")).scalars()
        )
    terminal = authenticate(engine, add_terminal(engine, "QS03", "青山供电营业厅", areas))
    assert terminal is not None
    return engine, terminal


@pytest.fixture
def two_hqs(week: Week) -> Iterator[tuple[tuple[Engine, Terminal], tuple[Engine, Terminal]]]:
    with fresh_database("cd_batch") as first, fresh_database("cd_single") as second:
        together, alone = _hq(first, week), _hq(second, week)
        try:
            yield together, alone
        finally:
            together[0].dispose()
            alone[0].dispose()


def _awkward(ops: list[Op]) -> list[Op]:
    """The week's ops with trouble mixed in, each a few ops into a batch of 500."""
    payments = [op for op in ops if op.kind == "payment.posted"]
    top = max(op.terminal_seq for op in ops)
    again = payments[10].model_copy(update={"op_id": uuid.uuid4(), "terminal_seq": top + 1})
    stranger = payments[11].model_copy(
        update={
            "op_id": uuid.uuid4(),
            "terminal_seq": top + 2,
            "payload": {
                **payments[11].payload,
                "payment_uid": str(uuid.uuid4()),
                "account_uid": str(uuid.uuid4()),
            },
        }
    )
    reused = payments[12].model_copy(
        update={
            "op_id": uuid.uuid4(),
            "payload": {**payments[12].payload, "payment_uid": str(uuid.uuid4())},
        }
    )
    unreadable = payments[13].model_copy(
        update={
            "op_id": uuid.uuid4(),
            "terminal_seq": top + 3,
            "payload": {**payments[13].payload, "received_fen": "lots"},
        }
    )
    reversal = next(op for op in ops if op.kind == "payment.reversed")
    clash = reversal.model_copy(
        update={
            "op_id": uuid.uuid4(),
            "terminal_seq": top + 4,
            # Another payment, under a reversal id HQ holds already: the database refuses it,
            # which fails the batch as a whole, so it is applied again op by op.
            "payload": {**reversal.payload, "payment_uid": payments[-3].payload["payment_uid"]},
        }
    )
    mixed = list(ops)
    mixed.insert(40, payments[5])  # the same op twice in one batch
    mixed.insert(520, again)
    mixed.insert(530, stranger)
    mixed.insert(540, reused)
    mixed.insert(545, unreadable)
    mixed.insert(560, payments[600])  # an op of an earlier batch, sent again
    mixed.append(clash)
    return mixed


def _latest_changes(engine: Engine) -> dict[tuple[str, str, str], object]:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT scope, tbl, key, row FROM hq_change ORDER BY xid, seq")
        ).all()
    return {(scope, tbl, key): json.loads(row) if row else None for scope, tbl, key, row in rows}


def test_a_batch_books_what_one_by_one_books(
    week: Week,
    two_hqs: tuple[tuple[Engine, Terminal], tuple[Engine, Terminal]],
) -> None:
    with make_engine(Path(week.terminal)).connect() as connection:
        ops = _awkward(pending_batch(connection, 100_000))
    (together, t1), (alone, t2) = two_hqs
    answers: list[tuple[object, ...]] = []
    single: list[tuple[object, ...]] = []
    for start in range(0, len(ops), 500):
        batch = ops[start : start + 500]
        for response, into in (
            (apply_batch(together, t1, batch, now=NOW), answers),
            (apply_one_by_one(alone, t2, batch, now=NOW), single),
        ):
            into.extend(
                (r.op_id, r.terminal_seq, r.status, r.code, r.message, tuple(r.result.items()))
                for r in response.results
            )
            into.append(("acked", response.acked_through, response.gap))

    assert answers == single
    statuses = {answer[2] for answer in answers if answer[0] != "acked"}
    assert statuses == {"applied", "duplicate", "conflict", "rejected"}
    assert [answer[3] for answer in answers if answer[0] != "acked"][-1] == "integrity"
    assert hq_books(together) == hq_books(alone)
    assert _latest_changes(together) == _latest_changes(alone)
    with together.connect() as one, alone.connect() as other:
        for sql in (
            "SELECT op_id, terminal_seq, status, code, result FROM hq_applied_op ORDER BY 1",
            "SELECT op_id, code, status FROM hq_conflict ORDER BY 1",
            "SELECT uid, anomaly, booked FROM hq_payment ORDER BY 1",
            "SELECT kind, message FROM hq_alert ORDER BY 1, 2",
        ):
            assert one.execute(text(sql)).all() == other.execute(text(sql)).all(), sql
