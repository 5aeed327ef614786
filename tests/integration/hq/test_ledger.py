"""Applying terminal ops at HQ, on SQLite and PostgreSQL: payments, reversals, shifts, orders,
the conflict inbox, and the terminal's sequence (gaps, reuse)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from sqlalchemy import Engine, text

from counterdesk.hq import changes
from counterdesk.hq.ledger import ResolveError, apply_batch, list_conflicts, put_row, resolve
from counterdesk.hq.terminals import Terminal
from counterdesk.sync.protocol import START, Cursor, Op, Resolve, row_dict
from tests.integration.hq.books import (
    NOW,
    Account,
    op,
    open_account,
    payment,
    register,
    reversal,
)


def one(engine: Engine, sql: str, **params: Any) -> Any:
    with engine.connect() as connection:
        return connection.execute(text(sql), params).one()


def account_row(engine: Engine, account: Account) -> tuple[int, int, int]:
    """(prepaid, ledger version, master-data version)."""
    uid = account.uid if engine.dialect.name == "postgresql" else account.uid.hex
    row = one(engine, "SELECT prepaid_fen, ledger_version, version FROM hq_account WHERE uid = :u",
              u=uid)  # fmt: skip
    return int(row[0]), int(row[1]), int(row[2])


def paid(engine: Engine, bill: uuid.UUID) -> tuple[int, int]:
    uid = bill if engine.dialect.name == "postgresql" else bill.hex
    row = one(engine, "SELECT paid_fen, ledger_version FROM hq_bill WHERE uid = :u", u=uid)
    return int(row[0]), int(row[1])


def changes_since(engine: Engine, scope: str, cursor: str = START) -> list[Any]:
    return changes.pull(engine, scope, Cursor.parse(cursor), 5_000).changes


def push(engine: Engine, terminal: Terminal, *ops: Op) -> Any:
    return apply_batch(engine, terminal, list(ops), now=NOW)


def test_a_payment_settles_bills_adds_credit_and_sends_the_rows_back(hq: Engine) -> None:
    terminal, _ = register(hq)
    account = open_account(hq, bills=(5_000, 3_000))
    first, second = account.bills
    before = changes.head(hq)
    done = push(hq, terminal, payment(1, account, 9_000, [
        (first, "late_fee", 150), (first, "principal", 5_000), (second, "principal", 3_000),
        (None, "prepayment", 850)], after=850))  # fmt: skip
    [result] = done.results
    assert (result.status, result.result) == ("applied", {"ledger_version": 3})
    assert done.acked_through == 1
    assert done.gap is None
    assert paid(hq, first) == (5_000, 3)
    assert paid(hq, second) == (3_000, 3)
    assert account_row(hq, account) == (850, 3, 1)  # a payment leaves the master data alone
    sent = changes_since(hq, "A01", str(before))
    assert [(c.table, c.key) for c in sent] == [
        ("account", str(account.uid)), ("bill", str(first)), ("bill", str(second))]  # fmt: skip
    assert row_dict("account", sent[0].row)["prepaid_fen"] == 850
    assert row_dict("account", sent[0].row)["ledger_version"] == 3
    assert row_dict("bill", sent[1].row)["paid_fen"] == 5_000
    assert changes_since(hq, "A02", str(before)) == []


def test_a_replayed_batch_books_nothing_twice_and_answers_the_same(hq: Engine) -> None:
    terminal, _ = register(hq)
    account = open_account(hq)
    ops = [payment(1, account, 5_000, [(account.bills[0], "principal", 5_000)]),
           payment(2, account, 1_000, [(None, "prepayment", 1_000)], after=1_000)]  # fmt: skip
    first = push(hq, terminal, *ops)
    log_size = len(changes_since(hq, "A01"))
    again = push(hq, terminal, *ops)
    assert [r.status for r in first.results] == ["applied", "applied"]
    assert [r.status for r in again.results] == ["duplicate", "duplicate"]
    assert [r.result for r in again.results] == [r.result for r in first.results]
    assert again.acked_through == 2
    assert one(hq, "SELECT count(*) FROM hq_payment")[0] == 2
    assert account_row(hq, account)[0] == 1_000
    assert len(changes_since(hq, "A01")) == log_size


def test_a_payment_for_an_account_hq_does_not_know_is_parked_not_lost(hq: Engine) -> None:
    terminal, _ = register(hq)
    stranger = Account(uuid.uuid4(), uuid.uuid4(), "3309999999", "A01")
    done = push(hq, terminal, payment(1, stranger, 2_000, [(None, "prepayment", 2_000)]))
    [result] = done.results
    assert (result.status, result.code) == ("rejected", "unknown_account")
    assert done.acked_through == 1  # done for the queue: it waits in the inbox, not in the outbox
    [parked] = list_conflicts(hq, terminal.hall)
    assert (parked.op_id, parked.code, parked.state) == (result.op_id, "unknown_account", "open")
    assert parked.payload["received_fen"] == 2_000
    assert one(hq, "SELECT count(*) FROM hq_payment")[0] == 0


def test_money_hq_cannot_place_goes_to_prepaid_and_is_flagged(hq: Engine) -> None:
    """Another hall paid the bill first, and a bill HQ never issued: the money stays the
    customer's, as credit, and the payment says why."""
    terminal, _ = register(hq)
    account = open_account(hq, bills=(5_000,))
    bill = account.bills[0]
    push(hq, terminal, payment(1, account, 3_000, [(bill, "principal", 3_000)]))
    unknown = uuid.uuid4()
    pieces = [(bill, "late_fee", 100), (bill, "principal", 5_000), (unknown, "principal", 1_900)]
    done = push(hq, terminal, payment(2, account, 7_000, pieces))
    assert done.results[0].status == "applied"
    assert paid(hq, bill)[0] == 5_000
    # 2,000 settled the rest of the bill; 100 late fee stays a late fee (the bill owed at HQ);
    # 3,000 the bill no longer owed and 1,900 for the unknown bill are credit.
    assert account_row(hq, account)[0] == 4_900
    anomaly = one(hq, "SELECT anomaly FROM hq_payment WHERE receipt_no = :r",
                  r="T01-20261121-0002")[0]  # fmt: skip
    assert "does not know" in anomaly
    assert "owed" in anomaly


def test_a_reversal_undoes_what_hq_booked(hq: Engine) -> None:
    terminal, _ = register(hq)
    account = open_account(hq, bills=(5_000,), prepaid=500)
    bill = account.bills[0]
    taken = payment(1, account, 4_600, [(bill, "principal", 5_000)], before=500, after=100)
    assert push(hq, terminal, taken).results[0].status == "applied"
    assert account_row(hq, account)[0] == 100
    done = push(hq, terminal, reversal(2, taken.op_id))
    [result] = done.results
    assert (result.status, result.result) == ("applied", {"ledger_version": 3})
    assert paid(hq, bill) == (0, 3)
    assert account_row(hq, account) == (500, 3, 1)
    state = one(hq, "SELECT state FROM hq_payment WHERE receipt_no = :r", r="T01-20261121-0001")
    assert state[0] == "reversed"
    again = push(hq, terminal, reversal(3, taken.op_id))
    assert (again.results[0].status, again.results[0].code) == ("conflict", "already_reversed")


def test_reversing_a_payment_hq_never_booked_is_a_conflict(hq: Engine) -> None:
    terminal, _ = register(hq)
    done = push(hq, terminal, reversal(1, uuid.uuid4()))
    assert (done.results[0].status, done.results[0].code) == ("conflict", "unknown_payment")
    assert list_conflicts(hq)[0].code == "unknown_payment"


def test_unknown_kinds_versions_and_payloads_are_rejected_one_by_one(hq: Engine) -> None:
    terminal, _ = register(hq)
    account = open_account(hq)
    ops = [
        op(1, "meter.read", {"x": 1}),
        payment(2, account, 100, [(None, "prepayment", 100)]).model_copy(
            update={"payload_version": 9}),
        op(3, "payment.posted", {"receipt_no": "\x00" * 3, "received_fen": -5}),
        payment(4, account, 100, [(None, "prepayment", 100)], after=100),
    ]  # fmt: skip
    done = push(hq, terminal, *ops)
    assert [(r.status, r.code) for r in done.results] == [
        ("rejected", "unknown_kind"),
        ("rejected", "unsupported_payload_version"),
        ("rejected", "bad_payload"),
        ("applied", ""),
    ]
    assert "9" in done.results[1].message
    assert done.acked_through == 4
    assert account_row(hq, account)[0] == 100


def test_a_gap_is_alerted_once_and_reported_until_filled(hq: Engine) -> None:
    terminal, _ = register(hq)
    account = open_account(hq)

    def credit(seq: int) -> Op:
        return payment(seq, account, 100, [(None, "prepayment", 100)], after=100)

    assert push(hq, terminal, credit(1)).gap is None
    gapped = push(hq, terminal, credit(4))
    assert gapped.results[0].status == "applied"  # applied all the same: money must not wait
    assert gapped.acked_through == 1
    assert gapped.gap is not None
    assert (gapped.gap.expected, gapped.gap.received) == (2, 4)
    still = push(hq, terminal, credit(5))
    assert still.gap is not None
    assert (still.gap.expected, still.gap.received) == (2, 4)
    alerts = [row[0] for row in _all(hq, "SELECT message FROM hq_alert WHERE kind = 'seq_gap'")]
    assert len(alerts) == 1
    assert "ops 2 to 3" in alerts[0]
    filled = push(hq, terminal, credit(2), credit(3))
    assert filled.gap is None
    assert filled.acked_through == 5
    assert account_row(hq, account)[0] == 500


def _all(engine: Engine, sql: str) -> list[Any]:
    with engine.connect() as connection:
        return list(connection.execute(text(sql)))


def test_a_reused_sequence_number_is_parked_and_alerted(hq: Engine) -> None:
    terminal, _ = register(hq)
    account = open_account(hq)
    push(hq, terminal, payment(1, account, 100, [(None, "prepayment", 100)], after=100))
    impostor = payment(1, account, 700, [(None, "prepayment", 700)], after=700)
    done = push(hq, terminal, impostor)
    assert (done.results[0].status, done.results[0].code) == ("conflict", "seq_reused")
    assert account_row(hq, account)[0] == 100
    assert push(hq, terminal, impostor).results[0].status == "duplicate"
    assert len(_all(hq, "SELECT 1 FROM hq_alert WHERE kind = 'seq_reused'")) == 1
    # The manager checks the terminal and books the payment after all.
    [parked] = list_conflicts(hq, terminal.hall)
    resolve(hq, parked.id, Resolve(action="retry", manager_no="0001"), now=NOW)
    assert account_row(hq, account)[0] == 800


def test_the_conflict_inbox_retry_and_dismiss(hq: Engine) -> None:
    terminal, _ = register(hq)
    other, _ = register(hq, "T09", "东湖营业厅", "B01")
    stranger = Account(uuid.uuid4(), uuid.uuid4(), "3309999999", "A01")
    push(hq, terminal, payment(1, stranger, 2_000, [(None, "prepayment", 2_000)], after=2_000),
         reversal(2, uuid.uuid4()))  # fmt: skip
    parked = {c.code: c for c in list_conflicts(hq, terminal.hall)}
    assert set(parked) == {"unknown_account", "unknown_payment"}
    assert list_conflicts(hq, other.hall) == []
    with pytest.raises(ResolveError) as foreign:
        resolve(hq, parked["unknown_account"].id, Resolve(action="dismiss", manager_no="0009"),
                hall=other.hall)  # fmt: skip
    assert foreign.value.not_found
    decision = Resolve(action="retry", manager_no="0001", note="账户已补录")
    with pytest.raises(ResolveError, match="unknown_account"):
        resolve(hq, parked["unknown_account"].id, decision, hall=terminal.hall)
    # HQ's records are put right (the account is added), then the retry books the payment.
    with hq.begin() as connection:
        put_row(connection, "customer", {"uid": stranger.customer, "name": "王五",
                                         "area_code": "A01"})  # fmt: skip
        put_row(connection, "account", {
            "uid": stranger.uid, "number": stranger.number, "customer_uid": stranger.customer,
            "utility": "electricity", "customer_class": "residential", "tariff_code": "x",
            "status": "normal", "address": "x", "area_code": "A01"})  # fmt: skip
    done = resolve(hq, parked["unknown_account"].id, decision, hall=terminal.hall, now=NOW)
    assert (done.state, done.resolution, done.resolved_by) == ("resolved", "retry", "0001")
    assert done.note == "账户已补录"
    assert done.resolved_at == NOW
    assert account_row(hq, stranger)[0] == 2_000
    stored = one(hq, "SELECT status, result FROM hq_applied_op WHERE terminal_seq = 1")
    assert stored[0] == "applied"
    assert json.loads(stored[1]) == {"ledger_version": 1}
    dismiss = Resolve(action="dismiss", manager_no="0001")
    dismissed = resolve(hq, parked["unknown_payment"].id, dismiss, hall=terminal.hall)
    assert (dismissed.state, dismissed.resolution) == ("resolved", "dismiss")
    with pytest.raises(ResolveError, match="resolved already"):
        resolve(hq, dismissed.id, Resolve(action="retry", manager_no="0001"))
    assert list_conflicts(hq, terminal.hall) == []
    assert len(list_conflicts(hq, terminal.hall, None)) == 2


def test_shifts_open_and_close(hq: Engine) -> None:
    terminal, _ = register(hq)
    shift = uuid.uuid4()
    done = push(
        hq,
        terminal,
        op(1, "shift.opened", {"shift_uid": str(shift), "shift_no": "QS03-20261121-01",
                               "clerk_no": "0107", "float_fen": 50_000,
                               "business_day": "2026-11-21"}, op_id=shift),
        op(2, "shift.closed", {"shift_uid": str(shift), "z_no": "Z-01",
                               "counted": {"cash": 50_000}, "difference_fen": 0}),
        op(3, "shift.closed", {"shift_uid": str(shift), "z_no": "Z-01"}),
    )  # fmt: skip
    assert [(r.status, r.code) for r in done.results] == [
        ("applied", ""), ("applied", ""), ("conflict", "shift_closed")]  # fmt: skip
    state, payload = one(hq, "SELECT state, payload FROM hq_shift")
    assert state == "closed"
    assert json.loads(payload)["closed"]["z_no"] == "Z-01"


def order_op(seq: int, action: str, order: uuid.UUID, account: Account | None,
             **fields: Any) -> Op:  # fmt: skip
    payload = {
        "order_uid": str(order), "order_no": "TS-T01-20261121-001", "kind": "case",
        "subtype": "complaint", "account_no": "", "from": None, "to": "accepted",
        "first_owner_no": "0107", "department": "", "handler_no": "0107", "clerk_no": "0107",
        "at": NOW.isoformat(), "note": "", "detail": {},
        "account_uid": None if account is None else str(account.uid),
        "customer_name": "张晓三", "area_code": "", "due_at": "2026-11-24T09:00:00+00:00",
        "closed_at": None,
    }  # fmt: skip
    return op(seq, f"order.{action}", {**payload, **fields})


def test_orders_are_created_then_moved_by_events(hq: Engine) -> None:
    terminal, _ = register(hq)
    account = open_account(hq, area="A02")
    order = uuid.uuid4()
    start = changes.head(hq)
    # The terminal sends the order as it stands after each act: department and handler too.
    moved = {"department": "计量班", "handler_no": "0230"}
    done = push(
        hq,
        terminal,
        order_op(1, "create", order, account),
        order_op(2, "transfer", order, account, **moved, to="transferred"),
        order_op(3, "supervise", order, account, **moved, to="transferred"),
        order_op(4, "close", order, account, **moved, to="closed", closed_at=NOW.isoformat()),
        order_op(5, "close", uuid.uuid4(), None),
    )  # fmt: skip
    assert [r.status for r in done.results] == ["applied"] * 4 + ["conflict"]
    assert done.results[4].code == "unknown_order"
    sent = [c for c in changes_since(hq, "A02", str(start)) if c.table == "work_order"]
    assert len(sent) == 4  # the order travels to its account's area, each time it moves
    final = row_dict("work_order", sent[-1].row)
    assert (final["state"], final["department"], final["handler_no"]) == (
        "closed",
        "计量班",
        "0230",
    )
    assert final["version"] == 3  # create 1, transfer 2, supervise leaves it, close 3
    assert final["closed_at"].startswith("2026-11-21T02:30:00")
    assert final["area_code"] == "A02"
    assert final["account_uid"] == str(account.uid)
    events = _all(hq, "SELECT action FROM hq_work_order_event ORDER BY id")
    assert [e[0] for e in events] == ["create", "transfer", "supervise", "close"]


def test_the_same_batch_arriving_twice_at_once_is_booked_once(hq: Engine) -> None:
    """A terminal killed mid-push and restarted sends its batch again while HQ is still on the
    first request: one booking, and both answers agree."""
    import threading

    terminal, _ = register(hq)
    accounts = [open_account(hq, f"33010000{i:02d}") for i in range(4)]
    ops = [payment(i + 1, a, 5_000, [(a.bills[0], "principal", 5_000)])
           for i, a in enumerate(accounts)]  # fmt: skip
    answers: list[Any] = []
    problems: list[BaseException] = []

    def send() -> None:
        try:
            answers.append(apply_batch(hq, terminal, ops, now=NOW))
        except BaseException as error:  # pragma: no cover - reported below
            problems.append(error)

    threads = [threading.Thread(target=send) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not problems
    assert one(hq, "SELECT count(*) FROM hq_payment")[0] == 4
    assert one(hq, "SELECT count(*) FROM hq_conflict")[0] == 0
    for answer in answers:
        assert {r.status for r in answer.results} <= {"applied", "duplicate"}
        assert [r.result for r in answer.results] == [{"ledger_version": 2}] * 4
    assert sum(r.status == "applied" for a in answers for r in a.results) == 4
