"""HQ's rows written into a real terminal database: upserts, tombstones and the overlay.

No server here: these drive :mod:`counterdesk.sync.apply` and the acknowledgement step of
:mod:`counterdesk.sync.push` with rows shaped exactly as HQ sends them, on a terminal that takes
real payments (:func:`counterdesk.services.payments.take_payment`). The same paths against the
real HQ server are in ``test_engine_hq.py``.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from sqlalchemy import Engine, text

from counterdesk.domain.ids import new_uid
from counterdesk.domain.permissions import Permission
from counterdesk.services import auth, payments
from counterdesk.store.search import search_accounts
from counterdesk.sync import apply, push, snapshot
from counterdesk.sync.apply import SyncDataError
from counterdesk.sync.protocol import OpResult, OpStatus
from tests.helpers.counter import (
    MANAGER_PASSWORD,
    NOW,
    Counter,
    cash,
    later,
    open_shift,
    pay,
)
from tests.integration.sync import hq_rows

LEDGER = 5
"""HQ's ledger version of the account before this terminal's payment."""
PAID_IN_FULL = 16_947 + 15_494
PREPAID_AFTER = 50_000 - 627 - PAID_IN_FULL
"""¥500.00 cash: the September bill's late fee, both bills, the rest to prepaid credit."""


@dataclass(frozen=True)
class HqAccount:
    account: uuid.UUID
    customer: uuid.UUID
    september: uuid.UUID
    october: uuid.UUID


@pytest.fixture
def counter(counter: Counter) -> Counter:
    """The shared copy (tests/conftest.py) with the clerk's shift open."""
    open_shift(counter)
    return counter


def write(engine: Engine, table: str, rows: list[list[Any]]) -> None:
    with engine.begin() as connection:
        apply.upsert(connection, table, rows)


def from_hq(engine: Engine, *, prepaid: int = 0, ledger: int = LEDGER) -> HqAccount:
    ids = HqAccount(new_uid(), new_uid(), new_uid(), new_uid())
    meter = new_uid()
    write(engine, "tariff", [hq_rows.tariff()])
    write(engine, "customer", [hq_rows.customer(ids.customer)])
    write(engine, "account", [hq_rows.account(ids.account, ids.customer, prepaid=prepaid,
                                              ledger=ledger)])  # fmt: skip
    write(engine, "meter", [hq_rows.meter(meter, "M3301020456")])
    write(engine, "meter_installation", [hq_rows.installation(new_uid(), meter, ids.account)])
    write_bills(engine, ids, paid=(0, 0), ledger=ledger)
    return ids


def write_bills(engine: Engine, ids: HqAccount, *, paid: tuple[int, int], ledger: int) -> None:
    write(engine, "bill", [
        hq_rows.bill(ids.september, ids.account, 202609, 16_947, date(2026, 10, 15),
                     paid=paid[0], ledger=ledger),
        hq_rows.bill(ids.october, ids.account, 202610, 15_494, date(2026, 11, 25),
                     paid=paid[1], ledger=ledger),
    ])  # fmt: skip


def shown(engine: Engine, ids: HqAccount) -> tuple[int, int, int]:
    """(prepaid, September paid, October paid) as the counter shows them."""
    with engine.connect() as connection:
        prepaid = connection.execute(
            text("SELECT prepaid_fen FROM account WHERE uid = :u"), {"u": ids.account.bytes}
        ).scalar_one()
        paid: dict[int, int] = dict(
            connection.execute(
                text("SELECT period, paid_fen FROM bill WHERE account_id = "
                     "(SELECT id FROM account WHERE uid = :u)"),
                {"u": ids.account.bytes},
            ).all()
        )  # fmt: skip
    return int(prepaid), int(paid[202609]), int(paid[202610])


def acknowledge(engine: Engine, status: OpStatus = "applied", **result: Any) -> None:
    """HQ's answer to a push of everything pending, written as the push writes it."""
    with engine.begin() as connection:
        ops = push.pending_batch(connection)
        push.record_results(
            connection,
            [OpResult(op_id=op.op_id, terminal_seq=op.terminal_seq, status=status,
                      result=result) for op in ops],
            ops,
            NOW,
        )  # fmt: skip


def pull_account(engine: Engine, ids: HqAccount, *, prepaid: int, ledger: int, **kw: Any) -> None:
    write(engine, "account", [hq_rows.account(ids.account, ids.customer, prepaid=prepaid,
                                              ledger=ledger, **kw)])  # fmt: skip


def outbox(engine: Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                text("SELECT kind, state, hq_status, hq_result, acked_at IS NOT NULL, attempts, "
                     "last_error FROM outbox WHERE kind LIKE 'payment.%' ORDER BY terminal_seq")
            )
        ]  # fmt: skip


# --- upserts ------------------------------------------------------------------------------------


def test_rows_from_hq_are_written_by_key_and_the_search_index_follows(counter: Counter) -> None:
    ids = from_hq(counter.engine)
    with counter.engine.connect() as connection:
        account_id = connection.execute(
            text("SELECT id FROM account WHERE uid = :u"), {"u": ids.account.bytes}
        ).scalar_one()
        assert [h.account_number for h in search_accounts(connection, "春晖路18号").hits] == [
            "3301020456"
        ]
        assert search_accounts(connection, "张晓").hits[0].account_number == "3301020456"
    # HQ moves the customer to a new address and renames them: same local row, index current.
    write(counter.engine, "customer", [hq_rows.customer(ids.customer, name="欧阳明远")])
    pull_account(counter.engine, ids, prepaid=0, ledger=LEDGER, address="云溪市东湖区幸福路8号")
    with counter.engine.connect() as connection:
        assert (
            connection.execute(
                text("SELECT id FROM account WHERE uid = :u"), {"u": ids.account.bytes}
            ).scalar_one()
            == account_id
        )
        assert search_accounts(connection, "幸福路8号").hits[0].account_number == "3301020456"
        assert search_accounts(connection, "欧阳").hits[0].account_number == "3301020456"
        assert not search_accounts(connection, "春晖路18号").hits
        tariff = connection.execute(text("SELECT definition FROM tariff")).scalar_one()
        readings = connection.execute(
            text("SELECT initial_readings FROM meter_installation")
        ).scalar_one()
    assert json.loads(tariff) == {"kind": "flat", "price_fen_per_kwh": 56}
    assert json.loads(readings) == {"total": 0}


def test_a_row_that_refers_to_a_row_not_sent_changes_nothing(counter: Counter) -> None:
    write(counter.engine, "tariff", [hq_rows.tariff()])
    good = hq_rows.account(new_uid(), new_uid(), number="3301000001")
    with pytest.raises(SyncDataError, match="do not fit"):
        write(counter.engine, "account", [good])
    with pytest.raises(SyncDataError, match="has 13 columns, not 14"):
        write(counter.engine, "account", [good[:-1]])
    with pytest.raises(SyncDataError, match="not a UUID"):
        write(counter.engine, "customer", [hq_rows.row("customer", uid="nope", name="x",
                                                       phone=None, id_number=None)])  # fmt: skip
    with counter.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM account")).scalar_one() == 0
        assert connection.execute(text("SELECT count(*) FROM customer")).scalar_one() == 0


def test_a_work_order_is_taken_from_hq_only_when_hq_is_as_new(counter: Counter) -> None:
    ids = from_hq(counter.engine)
    order = new_uid()
    write(counter.engine, "work_order", [hq_rows.work_order(order, ids.account, version=3)])
    # HQ's row from before this terminal's latest change is older: the local row stands.
    write(counter.engine, "work_order",
          [hq_rows.work_order(order, ids.account, state="surveyed", version=2)])  # fmt: skip
    with counter.engine.connect() as connection:
        state, version, detail, due = connection.execute(
            text("SELECT state, version, detail, due_at FROM work_order WHERE uid = :u"),
            {"u": order.bytes},
        ).one()
    assert (state, version, detail) == ("accepted", 3, "{}")
    assert str(due).startswith("2026-11-24 09:00:00")
    write(counter.engine, "work_order",
          [hq_rows.work_order(order, ids.account, state="surveyed", version=3)])  # fmt: skip
    with counter.engine.connect() as connection:
        assert (
            connection.execute(
                text("SELECT state FROM work_order WHERE uid = :u"), {"u": order.bytes}
            ).scalar_one()
            == "surveyed"
        )


# --- the overlay --------------------------------------------------------------------------------


def test_a_pending_payment_stays_on_top_of_hq_until_hq_has_it(counter: Counter) -> None:
    ids = from_hq(counter.engine)
    pay(counter, ids.account, cash(50_000))
    assert shown(counter.engine, ids) == (PREPAID_AFTER, 16_947, 15_494)

    # A pull of HQ's rows from before the payment (HQ changed something else): still on top.
    pull_account(counter.engine, ids, prepaid=0, ledger=LEDGER, address="春晖路18号 2单元")
    write_bills(counter.engine, ids, paid=(0, 0), ledger=LEDGER)
    assert shown(counter.engine, ids) == (PREPAID_AFTER, 16_947, 15_494)

    # HQ booked it at ledger version 6: rows older than that still lack it.
    acknowledge(counter.engine, ledger_version=LEDGER + 1)
    assert outbox(counter.engine) == [
        ("payment.posted", "sent", "applied", '{"ledger_version": 6}', 1, 1, None)
    ]
    assert shown(counter.engine, ids) == (PREPAID_AFTER, 16_947, 15_494)

    # HQ's rows at version 6 contain it: shown = HQ, not HQ + the payment again.
    pull_account(counter.engine, ids, prepaid=PREPAID_AFTER, ledger=LEDGER + 1)
    write_bills(counter.engine, ids, paid=(16_947, 15_494), ledger=LEDGER + 1)
    assert shown(counter.engine, ids) == (PREPAID_AFTER, 16_947, 15_494)

    # Later HQ news (another hall's payment of ¥10.00 to prepaid) shows through.
    pull_account(counter.engine, ids, prepaid=PREPAID_AFTER + 1_000, ledger=LEDGER + 2)
    assert shown(counter.engine, ids)[0] == PREPAID_AFTER + 1_000


def test_a_lost_response_does_not_count_the_payment_twice(counter: Counter) -> None:
    ids = from_hq(counter.engine)
    pay(counter, ids.account, cash(50_000))
    # HQ applied the push but the answer was lost; the pull brings rows that contain the
    # payment while it is still pending here, which counts it twice for a moment.
    pull_account(counter.engine, ids, prepaid=PREPAID_AFTER, ledger=LEDGER + 1)
    assert shown(counter.engine, ids)[0] == 2 * PREPAID_AFTER
    # The batch goes again and HQ answers duplicate with the version it stored.
    acknowledge(counter.engine, status="duplicate", ledger_version=LEDGER + 1)
    assert shown(counter.engine, ids)[0] == PREPAID_AFTER


def test_a_pending_reversal_takes_the_payment_off_hq_figures(counter: Counter) -> None:
    ids = from_hq(counter.engine)
    result = pay(counter, ids.account, cash(50_000))
    acknowledge(counter.engine, ledger_version=LEDGER + 1)
    pull_account(counter.engine, ids, prepaid=PREPAID_AFTER, ledger=LEDGER + 1)
    write_bills(counter.engine, ids, paid=(16_947, 15_494), ledger=LEDGER + 1)

    approval = auth.approve(counter.engine, "0001", MANAGER_PASSWORD,
                            permission=Permission.APPROVE, act=payments.REVERSE_ACT,
                            for_clerk=counter.clerk, now=later(5))  # fmt: skip
    with counter.engine.begin() as connection:
        payments.reverse_payment(connection, counter.clerk, result.payment_uid,
                                 reason="户号输错", approval=approval, now=later(5))  # fmt: skip
    assert shown(counter.engine, ids) == (0, 0, 0)
    # HQ's rows at version 6 still hold the payment; the pending reversal takes it off.
    pull_account(counter.engine, ids, prepaid=PREPAID_AFTER, ledger=LEDGER + 1)
    write_bills(counter.engine, ids, paid=(16_947, 15_494), ledger=LEDGER + 1)
    assert shown(counter.engine, ids) == (0, 0, 0)
    acknowledge(counter.engine, ledger_version=LEDGER + 2)
    pull_account(counter.engine, ids, prepaid=0, ledger=LEDGER + 2)
    write_bills(counter.engine, ids, paid=(0, 0), ledger=LEDGER + 2)
    assert shown(counter.engine, ids) == (0, 0, 0)
    assert [row[:3] for row in outbox(counter.engine)] == [
        ("payment.posted", "sent", "applied"),
        ("payment.reversed", "sent", "applied"),
    ]


def test_a_parked_op_is_rejected_with_hq_reason_and_the_queue_moves_on(counter: Counter) -> None:
    ids = from_hq(counter.engine)
    pay(counter, ids.account, cash(10_000))
    pay(counter, ids.account, cash(2_000), now=later(1))
    with counter.engine.begin() as connection:
        ops = push.pending_batch(connection)
        assert [op.kind for op in ops] == ["shift.opened", "payment.posted", "payment.posted"]
        assert [op.terminal_seq for op in ops] == [1, 2, 3]
        done = push.record_results(connection, [
            OpResult(op_id=ops[1].op_id, terminal_seq=2, status="rejected",
                     code="unknown_account", message="HQ has no account 3301020456."),
        ], ops, NOW)  # fmt: skip
    assert done == (0, 1)
    with counter.engine.connect() as connection:
        assert [op.terminal_seq for op in push.pending_batch(connection)] == [1, 3]
        assert [op.terminal_seq for op in push.pending_batch(connection, 1)] == [1]
    assert outbox(counter.engine)[0] == (
        "payment.posted", "rejected", "rejected", "{}", 1, 1,
        "unknown_account: HQ has no account 3301020456.",
    )  # fmt: skip


# --- tombstones ----------------------------------------------------------------------------------


def _count(engine: Engine, table: str) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def _tombstone(
    engine: Engine, table: str, key: str, scopes: tuple[str, ...] = ("*", "A01")
) -> bool:
    with engine.begin() as connection:
        return apply.tombstone(connection, "A01", table, key, scopes)


def test_a_tombstone_removes_the_row_its_bills_and_its_index_entry(counter: Counter) -> None:
    ids = from_hq(counter.engine)
    assert _tombstone(counter.engine, "account", str(ids.account))
    assert (_count(counter.engine, "account"), _count(counter.engine, "bill"),
            _count(counter.engine, "meter_installation")) == (0, 0, 0)  # fmt: skip
    with counter.engine.connect() as connection:
        assert not search_accounts(connection, "春晖路18号").hits
    assert _tombstone(counter.engine, "customer", str(ids.customer))
    assert not _tombstone(counter.engine, "customer", str(ids.customer))  # gone already
    assert _count(counter.engine, "meter") == 1  # HQ sends the meter's own removal


def test_a_row_local_records_refer_to_is_kept(counter: Counter) -> None:
    ids = from_hq(counter.engine)
    pay(counter, ids.account, cash(50_000))
    assert not _tombstone(counter.engine, "account", str(ids.account))
    assert not _tombstone(counter.engine, "bill", str(ids.september))
    assert not _tombstone(counter.engine, "customer", str(ids.customer))
    assert not _tombstone(counter.engine, "tariff", hq_rows.TARIFF)
    assert _count(counter.engine, "account") == 1
    assert _count(counter.engine, "bill") == 2  # both paid by the payment: kept


def test_a_row_that_moved_to_another_scope_of_this_terminal_is_kept(counter: Counter) -> None:
    ids = from_hq(counter.engine)
    pull_account(counter.engine, ids, prepaid=0, ledger=LEDGER, area="A02")
    # The removal from A01 arrives after the row arrived in A02, which this terminal pulls too.
    assert not _tombstone(counter.engine, "account", str(ids.account), ("*", "A01", "A02"))
    assert _count(counter.engine, "account") == 1
    # A terminal that does not pull A02 lets it go.
    assert _tombstone(counter.engine, "account", str(ids.account), ("*", "A01"))


# --- the search index after a bulk load ----------------------------------------------------------


def test_a_bulk_load_rebuilds_the_index_once_the_loads_are_done(counter: Counter) -> None:
    with counter.engine.begin() as connection:
        assert snapshot.search_index_ready(connection)
    snapshot._begin_bulk(counter.engine)
    with counter.engine.begin() as connection:
        assert not snapshot.search_index_ready(connection)
        snapshot.start_load(connection, "A01", NOW)
    ids = from_hq(counter.engine)
    with counter.engine.connect() as connection:
        assert not search_accounts(connection, "春晖路18号").hits  # no triggers while loading
    assert not snapshot.ensure_search_index(counter.engine)  # a load is unfinished
    with counter.engine.begin() as connection:
        connection.execute(text("UPDATE sync_load SET finished_at = '2026-11-21 02:31:00'"))
    assert snapshot.ensure_search_index(counter.engine)
    with counter.engine.connect() as connection:
        assert snapshot.search_index_ready(connection)
        assert search_accounts(connection, "春晖路18号").hits[0].account_number == "3301020456"
    # A cache that holds accounts keeps its triggers: a refetch goes row by row.
    snapshot._begin_bulk(counter.engine)
    with counter.engine.connect() as connection:
        assert snapshot.search_index_ready(connection)
    assert ids.account
