"""Taking a payment (缴费), reversing it (冲正) and reprinting its receipt (补打), on a database.

Every test reads back what the payment left in the database, not only what the service returned.
The people are made once per module (argon2 costs ~0.1 s a hash) and every test gets a copy.
"""

from __future__ import annotations

import itertools
import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import Engine, text

from counterdesk.documents.receipts import ReversalSlip, Tender, TenderPart
from counterdesk.domain.ids import new_uid
from counterdesk.domain.money import DEFAULT_MAXIMUM_FEN
from counterdesk.domain.permissions import Permission
from counterdesk.services import auth, payments, shifts
from counterdesk.services.auth import Approval, PermissionDeniedError
from counterdesk.services.common import local
from counterdesk.services.payments import (
    DuplicatePaymentError,
    InvoiceIn,
    PaymentError,
    PaymentRequest,
    TenderIn,
)
from counterdesk.services.shifts import ShiftError
from counterdesk.store import print_jobs, settings
from counterdesk.store.account_view import AccountView, load_account_view
from tests.helpers.counter import (
    MANAGER_PASSWORD,
    NOW,
    TODAY,
    Counter,
    account_with_bills,
    add_bill,
    audit_actions,
    card,
    cash,
    copy_counter,
    last_audit_id,
    later,
    open_shift,
    pay,
    rows_in,
)

TABLES = (
    "payment",
    "payment_tender",
    "allocation",
    "audit_entry",
    "outbox",
    "print_job",
    "work_order",
    "invoice_request",
    "reversal",
)
OVERDUE = 16_947
"""The default account's September bill, due 15 October: 37 days late on 21 November."""
LATE_FEE = 627
"""1‰ a day for 37 days on ¥169.47."""
NOT_DUE = 15_494
"""Its October bill, due 25 November."""
DUE = OVERDUE + LATE_FEE + NOT_DUE


@pytest.fixture
def counter(template: Counter, tmp_path: Path) -> Iterator[Counter]:
    """A copy of the template with the clerk's shift open (float ¥500.00)."""
    made = copy_counter(template, tmp_path / "terminal.db")
    open_shift(made)
    yield made
    made.engine.dispose()


@pytest.fixture
def account(counter: Counter) -> tuple[int, uuid.UUID]:
    return account_with_bills(counter.engine)


# --- reading the database back --------------------------------------------------------------------


def _view(engine: Engine, account_id: int, day: date = TODAY) -> AccountView:
    with engine.connect() as connection:
        return load_account_view(connection, account_id, day, settings.load(connection).late_fee)


def _paid(engine: Engine, account_id: int) -> dict[int, int]:
    """Each bill's paid amount by period."""
    with engine.connect() as connection:
        return dict(
            connection.execute(
                text("SELECT period, paid_fen FROM bill WHERE account_id = :a ORDER BY period"),
                {"a": account_id},
            ).all()
        )


def _prepaid(engine: Engine, account_id: int) -> int:
    with engine.connect() as connection:
        return int(
            connection.execute(
                text("SELECT prepaid_fen FROM account WHERE id = :a"), {"a": account_id}
            ).scalar_one()
        )


def _payment_row(engine: Engine, payment_uid: uuid.UUID) -> dict[str, Any]:
    with engine.connect() as connection:
        return dict(
            connection.execute(
                text("SELECT * FROM payment WHERE uid = :uid"), {"uid": payment_uid.bytes}
            )
            .mappings()
            .one()
        )


def _allocations(engine: Engine, payment_uid: uuid.UUID) -> list[tuple[int | None, str, int]]:
    """(bill period or None, kind, amount) in the order written."""
    with engine.connect() as connection:
        return [
            (period, kind, amount)
            for period, kind, amount in connection.execute(
                text(
                    "SELECT b.period, a.kind, a.amount_fen FROM allocation AS a "
                    "JOIN payment AS p ON p.id = a.payment_id "
                    "LEFT JOIN bill AS b ON b.id = a.bill_id WHERE p.uid = :uid ORDER BY a.id"
                ),
                {"uid": payment_uid.bytes},
            )
        ]


def _tenders(engine: Engine, payment_uid: uuid.UUID) -> list[tuple[str, int, str]]:
    with engine.connect() as connection:
        return [
            tuple(row)  # type: ignore[misc]
            for row in connection.execute(
                text(
                    "SELECT t.tender, t.amount_fen, t.reference FROM payment_tender AS t "
                    "JOIN payment AS p ON p.id = t.payment_id WHERE p.uid = :uid ORDER BY t.id"
                ),
                {"uid": payment_uid.bytes},
            )
        ]


def _snapshot(engine: Engine) -> dict[str, object]:
    """Everything a refused payment must leave as it was."""
    with engine.connect() as connection:
        return {
            "rows": rows_in(engine, *TABLES),
            "sequences": dict(
                connection.execute(text("SELECT name, last FROM number_sequence")).all()
            ),
            "bills": dict(connection.execute(text("SELECT id, paid_fen FROM bill")).all()),
            "prepaid": dict(connection.execute(text("SELECT id, prepaid_fen FROM account")).all()),
            "accounts": dict(connection.execute(text("SELECT id, version FROM account")).all()),
        }


def _jobs_for(engine: Engine, source_uid: uuid.UUID) -> list[print_jobs.PrintJob]:
    with engine.connect() as connection:
        return [
            job for job in print_jobs.recent(connection, limit=100) if job.source_uid == source_uid
        ]


def _outbox(engine: Engine) -> list[tuple[uuid.UUID, int, str, dict[str, Any]]]:
    with engine.connect() as connection:
        return [
            (uuid.UUID(bytes=bytes(op)), int(seq), str(kind), json.loads(payload))
            for op, seq, kind, payload in connection.execute(
                text("SELECT op_id, terminal_seq, kind, payload FROM outbox ORDER BY terminal_seq")
            )
        ]


def _orders(engine: Engine, account_id: int) -> list[dict[str, Any]]:
    with engine.connect() as connection:
        return [
            dict(row)
            for row in connection.execute(
                text("SELECT * FROM work_order WHERE account_id = :a ORDER BY id"),
                {"a": account_id},
            ).mappings()
        ]


def _take(counter: Counter, request: PaymentRequest, now: datetime = NOW) -> payments.PaymentResult:
    with counter.engine.begin() as connection:
        return payments.take_payment(connection, counter.clerk, request, now=now)


def _approve(counter: Counter, at: datetime, act: str = payments.REVERSE_ACT) -> Approval:
    return auth.approve(
        counter.engine,
        "0001",
        MANAGER_PASSWORD,
        permission=Permission.APPROVE,
        act=act,
        for_clerk=counter.clerk,
        now=at,
    )


def _reverse(
    counter: Counter,
    payment_uid: uuid.UUID,
    *,
    at: datetime,
    reason: str = "户号输错",
    approval: Approval | None = None,
) -> payments.ReversalResult:
    approval = approval or _approve(counter, at)
    with counter.engine.begin() as connection:
        return payments.reverse_payment(
            connection, counter.clerk, payment_uid, reason=reason, approval=approval, now=at
        )


# --- taking money ---------------------------------------------------------------------------------


def test_a_full_cash_payment_with_change(counter: Counter, account: tuple[int, uuid.UUID]) -> None:
    account_id, account_uid = account
    assert _view(counter.engine, account_id).due_today_fen == DUE
    result = pay(counter, account_uid, cash(DUE, handed_fen=40_000), now=later(1))
    assert result.receipt_no == "QS03-20261121-0001"
    assert result.change_fen == 40_000 - DUE
    receipt = result.receipt
    assert (receipt.tendered_fen, receipt.change_fen, receipt.received_fen) == (
        40_000,
        40_000 - DUE,
        DUE,
    )
    assert (receipt.bills_fen, receipt.late_fee_fen) == (OVERDUE + NOT_DUE, LATE_FEE)
    assert [(p.period, p.principal_fen, p.late_fee_fen) for p in receipt.periods] == [
        ("2026-09", OVERDUE, LATE_FEE),
        ("2026-10", NOT_DUE, 0),
    ]
    assert (receipt.account_no, receipt.clerk_no, receipt.window) == ("3301020456", "0107", "3")
    assert receipt.paid_at == local(later(1))
    assert receipt.tender is Tender.CASH
    assert receipt.parts == (TenderPart(Tender.CASH, DUE, ""),)

    assert _paid(counter.engine, account_id) == {202609: OVERDUE, 202610: NOT_DUE}
    assert _prepaid(counter.engine, account_id) == 0
    row = _payment_row(counter.engine, result.payment_uid)
    assert (row["receipt_no"], row["state"], row["received_fen"]) == (
        result.receipt_no,
        "posted",
        DUE,
    )
    assert (row["tendered_fen"], row["change_fen"]) == (40_000, 40_000 - DUE)
    assert (row["account_id"], row["clerk_id"]) == (account_id, counter.clerk.clerk_id)
    assert _tenders(counter.engine, result.payment_uid) == [("cash", DUE, "")]
    assert _allocations(counter.engine, result.payment_uid) == [
        (202609, "late_fee", LATE_FEE),
        (202609, "principal", OVERDUE),
        (202610, "principal", NOT_DUE),
    ]
    view = _view(counter.engine, account_id)
    assert (view.due_today_fen, view.arrears_fen, view.late_fee_fen) == (0, 0, 0)


def test_an_exact_card_payment_keeps_its_reference(
    counter: Counter, account: tuple[int, uuid.UUID]
) -> None:
    account_id, account_uid = account
    result = pay(counter, account_uid, card(Tender.BANK_CARD, DUE, " 6222-0001-8899 "))
    assert (result.change_fen, result.receipt.tendered_fen) == (0, DUE)
    assert result.receipt.tender is Tender.BANK_CARD
    assert result.receipt.parts == (TenderPart(Tender.BANK_CARD, DUE, "6222-0001-8899"),)
    assert _tenders(counter.engine, result.payment_uid) == [("bank_card", DUE, "6222-0001-8899")]
    row = _payment_row(counter.engine, result.payment_uid)
    assert (row["received_fen"], row["tendered_fen"], row["change_fen"]) == (DUE, DUE, 0)
    assert _view(counter.engine, account_id).due_today_fen == 0


def test_a_split_cash_and_wechat_payment(counter: Counter, account: tuple[int, uuid.UUID]) -> None:
    account_id, account_uid = account
    result = pay(
        counter,
        account_uid,
        cash(10_000, handed_fen=10_050),
        card(Tender.WECHAT, DUE - 10_000, "4200001234202611210001"),
    )
    assert result.change_fen == 50
    assert result.receipt.tender is Tender.WECHAT  # the larger part
    assert result.receipt.received_fen == DUE
    assert _tenders(counter.engine, result.payment_uid) == [
        ("cash", 10_000, ""),
        ("wechat", DUE - 10_000, "4200001234202611210001"),
    ]
    row = _payment_row(counter.engine, result.payment_uid)
    assert (row["received_fen"], row["tendered_fen"], row["change_fen"]) == (DUE, DUE + 50, 50)
    assert _view(counter.engine, account_id).due_today_fen == 0
    with counter.engine.connect() as connection:
        lines = payments.recent_payments(connection, account_id)
    assert lines[0].tenders == "cash+wechat"


def test_an_overpayment_becomes_prepaid_credit_and_is_used_later(
    counter: Counter, account: tuple[int, uuid.UUID]
) -> None:
    account_id, account_uid = account
    first = pay(counter, account_uid, cash(DUE + 1_000), now=later(1))
    assert (first.receipt.to_prepaid_fen, first.receipt.prepaid_after_fen) == (1_000, 1_000)
    assert _prepaid(counter.engine, account_id) == 1_000
    assert _allocations(counter.engine, first.payment_uid)[-1] == (None, "prepayment", 1_000)
    # November's bill arrives; the credit pays part of it.
    with counter.engine.begin() as connection:
        add_bill(connection, account_id, 202611, 2_500, due=date(2026, 12, 25))
    assert _view(counter.engine, account_id).due_today_fen == 1_500
    second = pay(counter, account_uid, cash(1_500), now=later(2))
    receipt = second.receipt
    assert (receipt.prepaid_before_fen, receipt.prepaid_used_fen, receipt.prepaid_after_fen) == (
        1_000,
        1_000,
        0,
    )
    assert receipt.bills_fen == 2_500
    assert _prepaid(counter.engine, account_id) == 0
    assert _paid(counter.engine, account_id)[202611] == 2_500
    assert _allocations(counter.engine, second.payment_uid) == [(202611, "principal", 2_500)]
    row = _payment_row(counter.engine, second.payment_uid)
    assert (row["received_fen"], row["prepaid_before_fen"], row["prepaid_after_fen"]) == (
        1_500,
        1_000,
        0,
    )


def test_a_payment_with_nothing_due_is_all_prepaid(counter: Counter) -> None:
    account_id, account_uid = account_with_bills(counter.engine, bills=())
    result = pay(counter, account_uid, cash(20_000))
    assert result.receipt.periods == ()
    assert (result.receipt.to_prepaid_fen, result.receipt.prepaid_after_fen) == (20_000, 20_000)
    assert _prepaid(counter.engine, account_id) == 20_000
    assert _allocations(counter.engine, result.payment_uid) == [(None, "prepayment", 20_000)]


def test_more_credit_records_only_what_this_payment_adds(counter: Counter) -> None:
    """An account holding ¥10.00 credit pays ¥5.00: the prepayment allocation is ¥5.00."""
    account_id, account_uid = account_with_bills(counter.engine, bills=(), prepaid_fen=1_000)
    result = pay(counter, account_uid, cash(500))
    assert _prepaid(counter.engine, account_id) == 1_500
    assert _allocations(counter.engine, result.payment_uid) == [(None, "prepayment", 500)]
    assert (result.receipt.prepaid_before_fen, result.receipt.to_prepaid_fen) == (1_000, 500)
    posted = next(row for row in _outbox(counter.engine) if row[0] == result.payment_uid)
    assert posted[3]["allocations"] == [{"bill_uid": None, "kind": "prepayment", "amount_fen": 500}]


def test_a_partial_payment_goes_to_the_oldest_bill_late_fee_first(counter: Counter) -> None:
    account_id, account_uid = account_with_bills(
        counter.engine,
        bills=(
            (202609, 10_000, date(2026, 10, 15)),
            (202607, 10_000, date(2026, 8, 15)),
            (202608, 10_000, date(2026, 9, 15)),
        ),
    )
    fees = {bill.period: bill.late_fee_fen for bill in _view(counter.engine, account_id).bills}
    assert fees == {202607: 980, 202608: 670, 202609: 370}  # 98, 67 and 37 days at 1‰
    result = pay(counter, account_uid, cash(5_000))
    assert _allocations(counter.engine, result.payment_uid) == [
        (202607, "late_fee", 980),
        (202607, "principal", 4_020),
    ]
    assert _paid(counter.engine, account_id) == {202607: 4_020, 202608: 0, 202609: 0}
    assert [(p.period, p.principal_fen, p.late_fee_fen) for p in result.receipt.periods] == [
        ("2026-07", 4_020, 980)
    ]
    assert _prepaid(counter.engine, account_id) == 0


def test_a_payment_smaller_than_the_oldest_late_fee_pays_only_that_fee(counter: Counter) -> None:
    account_id, account_uid = account_with_bills(counter.engine)
    result = pay(counter, account_uid, cash(500))
    assert _allocations(counter.engine, result.payment_uid) == [(202609, "late_fee", 500)]
    assert _paid(counter.engine, account_id) == {202609: 0, 202610: 0}


@pytest.mark.xfail(
    strict=True,
    reason="known bug: a paid late fee is not recorded against its bill, so the account view "
    "charges it again (load_account_view recomputes it from the unpaid principal)",
)
def test_a_late_fee_once_paid_is_not_charged_again(
    counter: Counter, account: tuple[int, uuid.UUID]
) -> None:
    account_id, account_uid = account
    pay(counter, account_uid, cash(LATE_FEE), now=later(1))
    view = _view(counter.engine, account_id)
    assert view.late_fee_fen == 0
    assert view.due_today_fen == OVERDUE + NOT_DUE


# --- what one payment writes ----------------------------------------------------------------------


def test_one_payment_writes_exactly_its_records(
    counter: Counter, account: tuple[int, uuid.UUID]
) -> None:
    account_id, account_uid = account
    before = rows_in(counter.engine, *TABLES)
    audit_before = last_audit_id(counter.engine)
    last_seq = max(row[1] for row in _outbox(counter.engine))
    result = pay(counter, account_uid, cash(20_000), card(Tender.ALIPAY, DUE - 20_000 + 300))
    after = rows_in(counter.engine, *TABLES)
    assert {table: after[table] - before[table] for table in TABLES} == {
        "payment": 1,
        "payment_tender": 2,
        "allocation": 4,
        "audit_entry": 1,
        "outbox": 1,
        "print_job": 1,
        "work_order": 0,
        "invoice_request": 0,
        "reversal": 0,
    }
    allocations = _allocations(counter.engine, result.payment_uid)
    assert sum(amount for _, _, amount in allocations) == DUE + 300  # the amount, no credit used
    assert allocations[-1] == (None, "prepayment", 300)
    assert audit_actions(counter.engine, after_id=audit_before) == ["payment.posted"]
    with counter.engine.connect() as connection:
        actor, subject, detail = connection.execute(
            text("SELECT actor, subject, detail FROM audit_entry ORDER BY id DESC LIMIT 1")
        ).one()
    assert (actor, subject) == ("0107", result.receipt_no)
    assert json.loads(detail)["received_fen"] == DUE + 300
    op_id, seq, kind, payload = _outbox(counter.engine)[-1]
    assert (op_id, seq, kind) == (result.payment_uid, last_seq + 1, "payment.posted")
    assert payload["receipt_no"] == result.receipt_no
    assert payload["received_fen"] == DUE + 300
    assert sum(piece["amount_fen"] for piece in payload["allocations"]) == DUE + 300
    (job,) = _jobs_for(counter.engine, result.payment_uid)
    assert job.uid == result.print_job_uid
    assert (job.printer, job.copy_number, job.state.value) == ("receipt", 1, "queued")
    assert job.printout() == result.receipt
    stored = _payment_row(counter.engine, result.payment_uid)["receipt"]
    assert isinstance(stored, str)
    with counter.engine.connect() as connection:
        assert payments.get_payment(connection, result.payment_uid).receipt == result.receipt
    assert _prepaid(counter.engine, account_id) == 300


def test_receipt_numbers_are_gapless_per_day(
    counter: Counter, account: tuple[int, uuid.UUID]
) -> None:
    _, account_uid = account
    first = pay(counter, account_uid, cash(1_000), now=later(1))
    # A refusal and a transaction rolled back after the payment both give the number back.
    with pytest.raises(PaymentError):
        pay(counter, account_uid, cash(1_000, handed_fen=500), now=later(2))

    def rolled_back_after_the_payment() -> None:
        with counter.engine.begin() as connection:
            request = PaymentRequest(new_uid(), account_uid, (cash(1_000),))
            taken = payments.take_payment(connection, counter.clerk, request, now=later(3))
            assert taken.receipt_no == "QS03-20261121-0002"
            raise RuntimeError("the commit failed")

    with pytest.raises(RuntimeError):
        rolled_back_after_the_payment()
    second = pay(counter, account_uid, cash(1_000), now=later(4))
    third = pay(counter, account_uid, cash(1_000), now=later(5))
    assert [first.receipt_no, second.receipt_no, third.receipt_no] == [
        "QS03-20261121-0001",
        "QS03-20261121-0002",
        "QS03-20261121-0003",
    ]
    seqs = [seq for _, seq, _, _ in _outbox(counter.engine)]
    assert seqs == list(range(1, len(seqs) + 1))
    assert rows_in(counter.engine, "payment") == {"payment": 3}
    # A new business day starts again at 0001 (after the day's Z and a new shift).
    with counter.engine.begin() as connection:
        shifts.close_shift(connection, counter.clerk, counted={Tender.CASH: 53_000}, now=later(600))
    tomorrow = NOW + timedelta(days=1)
    open_shift(counter, now=tomorrow)
    assert pay(counter, account_uid, cash(1_000), now=tomorrow).receipt_no == "QS03-20261122-0001"


# --- reconnection (复电) --------------------------------------------------------------------------


def test_clearing_a_disconnected_account_raises_the_reconnection_order(counter: Counter) -> None:
    account_id, account_uid = account_with_bills(counter.engine, status="disconnected")
    paid_at = later(1)
    result = pay(counter, account_uid, cash(OVERDUE + LATE_FEE), now=paid_at)
    assert result.reconnection_no == "FD-QS03-20261121-001"
    assert result.receipt.reconnection_no == result.reconnection_no
    assert result.receipt.restore_by == local(paid_at + timedelta(hours=24))
    (order,) = _orders(counter.engine, account_id)
    assert (order["order_no"], order["kind"], order["state"]) == (
        result.reconnection_no,
        "reconnection",
        "open",
    )
    assert uuid.UUID(bytes=bytes(order["source_uid"])) == result.payment_uid
    assert str(order["due_at"]).startswith("2026-11-22 02:31:00")
    with counter.engine.connect() as connection:
        (line,) = payments.open_orders(connection, account_id)
    assert (line.order_no, line.kind, line.state) == (
        result.reconnection_no,
        "reconnection",
        "open",
    )
    assert line.due_at == paid_at + timedelta(hours=24)
    payload = _outbox(counter.engine)[-1][3]
    assert payload["reconnection_order_uid"] == str(uuid.UUID(bytes=bytes(order["uid"])))


def test_the_reconnection_deadline_is_a_setting(counter: Counter) -> None:
    with counter.engine.begin() as connection:
        settings.write(connection, "reconnection.hours", 12, now=NOW)
    account_id, account_uid = account_with_bills(counter.engine, status="disconnected")
    result = pay(counter, account_uid, cash(DUE))
    assert result.receipt.restore_by == local(NOW + timedelta(hours=12))
    assert str(_orders(counter.engine, account_id)[0]["due_at"]).startswith("2026-11-21 14:30")


def test_a_partial_payment_on_a_disconnected_account_raises_no_order(counter: Counter) -> None:
    account_id, account_uid = account_with_bills(counter.engine, status="disconnected")
    result = pay(counter, account_uid, cash(OVERDUE + LATE_FEE - 1))
    assert result.reconnection_no == ""
    assert result.receipt.restore_by is None
    assert _orders(counter.engine, account_id) == []


def test_a_second_payment_before_reconnection_raises_no_second_order(counter: Counter) -> None:
    account_id, account_uid = account_with_bills(counter.engine, status="disconnected")
    first = pay(counter, account_uid, cash(DUE), now=later(1))
    second = pay(counter, account_uid, cash(5_000), now=later(2))  # credit for later
    assert first.reconnection_no
    assert second.reconnection_no == ""
    assert [order["order_no"] for order in _orders(counter.engine, account_id)] == [
        first.reconnection_no
    ]


def test_a_normal_account_raises_no_order(counter: Counter, account: tuple[int, uuid.UUID]) -> None:
    account_id, account_uid = account
    assert pay(counter, account_uid, cash(DUE)).reconnection_no == ""
    assert _orders(counter.engine, account_id) == []


# --- invoices -------------------------------------------------------------------------------------


def test_an_invoice_request_is_stored_with_the_payment(
    counter: Counter, account: tuple[int, uuid.UUID]
) -> None:
    _, account_uid = account
    invoice = InvoiceIn(
        " 云溪市幸福科技有限公司 ", "finance@xingfu.example", 202609, 202610, "91330100MA2XXXXX0A"
    )
    request = PaymentRequest(new_uid(), account_uid, (cash(DUE),), invoice=invoice)
    result = _take(counter, request)
    with counter.engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT i.title, i.tax_id, i.email, i.period_from, i.period_to FROM "
                "invoice_request AS i JOIN payment AS p ON p.id = i.payment_id WHERE p.uid = :u"
            ),
            {"u": result.payment_uid.bytes},
        ).one()
    assert tuple(row) == (
        "云溪市幸福科技有限公司",
        "91330100MA2XXXXX0A",
        "finance@xingfu.example",
        202609,
        202610,
    )
    assert _outbox(counter.engine)[-1][3]["invoice"]["email"] == "finance@xingfu.example"


# --- refusals: a clear message and nothing written ------------------------------------------------

GOOD_INVOICE = InvoiceIn("张晓三", "zhang@example.com", 202609, 202610)


def _request(account_uid: uuid.UUID, *tenders: TenderIn, **fields: Any) -> PaymentRequest:
    return PaymentRequest(new_uid(), account_uid, tenders, **fields)


REFUSALS: dict[str, tuple[Callable[[uuid.UUID], PaymentRequest], str]] = {
    "no tender": (_request, "Choose how the customer pays"),
    "zero": (lambda a: _request(a, cash(0)), "more than ¥0.00"),
    "negative": (lambda a: _request(a, cash(-100)), "more than ¥0.00"),
    "float": (lambda a: _request(a, cash(100.5)), "more than ¥0.00"),  # type: ignore[arg-type]
    "bool": (lambda a: _request(a, cash(True)), "more than ¥0.00"),
    "card above the maximum": (
        lambda a: _request(a, card(Tender.BANK_CARD, DEFAULT_MAXIMUM_FEN + 1)),
        "largest amount a counter takes",
    ),
    "split above the maximum": (
        lambda a: _request(
            a, cash(DEFAULT_MAXIMUM_FEN // 2 + 1), card(Tender.WECHAT, DEFAULT_MAXIMUM_FEN // 2)
        ),
        "largest amount a counter takes",
    ),
    "cash handed above the maximum": (
        lambda a: _request(a, cash(1_000, handed_fen=DEFAULT_MAXIMUM_FEN + 1)),
        "cannot be handed over",
    ),
    "cash handed below the amount": (
        lambda a: _request(a, cash(DUE, handed_fen=DUE - 1)),
        "less than the cash to pay",
    ),
    "cash handed as a float": (
        lambda a: _request(a, cash(1_000, handed_fen=2_000.0)),  # type: ignore[arg-type]
        "less than the cash to pay",
    ),
    "card without reference": (
        lambda a: _request(a, card(Tender.BANK_CARD, DUE, "")),
        "reference number",
    ),
    "QR with a short reference": (
        lambda a: _request(a, card(Tender.ALIPAY, DUE, "12 ")),
        "reference number",
    ),
    "reference with odd characters": (
        lambda a: _request(a, card(Tender.WECHAT, DUE, "12345; DROP")),
        "reference number",
    ),
    "duplicate tender": (lambda a: _request(a, cash(1_000), cash(2_000)), "once"),
    "prepaid tender": (
        lambda a: _request(a, payments.TenderIn(Tender.PREPAID, 1_000)),
        "does not take prepaid",
    ),
    "cheque": (
        lambda a: _request(a, card(Tender.CHEQUE, 1_000)),
        "does not take cheque",
    ),
    "unknown account": (
        lambda a: _request(uuid.uuid4(), cash(1_000)),
        "not in this terminal's records",
    ),
    "stale amount due": (
        lambda a: _request(a, cash(DUE - 1), expected_due_fen=DUE - 1),
        r"changed from ¥330.67 to ¥330.68",
    ),
    "invoice without title": (
        lambda a: _request(a, cash(DUE), invoice=replace(GOOD_INVOICE, title=" ")),
        "needs a title",
    ),
    "invoice with a bad e-mail": (
        lambda a: _request(a, cash(DUE), invoice=replace(GOOD_INVOICE, email="zhang@")),
        "e-mail",
    ),
    "invoice with a bad tax id": (
        lambda a: _request(a, cash(DUE), invoice=replace(GOOD_INVOICE, tax_id="123")),
        "taxpayer id",
    ),
    "invoice with month 13": (
        lambda a: _request(a, cash(DUE), invoice=replace(GOOD_INVOICE, period_to=202613)),
        "months such as",
    ),
    "invoice period backwards": (
        lambda a: _request(a, cash(DUE), invoice=replace(GOOD_INVOICE, period_from=202611)),
        "starts after it ends",
    ),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_bad_payment_is_refused_before_anything_is_written(
    counter: Counter, account: tuple[int, uuid.UUID], case: str
) -> None:
    _, account_uid = account
    make, words = REFUSALS[case]
    pay(counter, account_uid, cash(100), now=later(1))  # something to compare with
    before = _snapshot(counter.engine)
    # Caught inside the transaction and committed: the refusal comes before any write.
    with counter.engine.begin() as connection, pytest.raises(PaymentError, match=words):
        payments.take_payment(connection, counter.clerk, make(account_uid), now=later(2))
    assert _snapshot(counter.engine) == before
    # The next good payment gets the next number.
    assert pay(counter, account_uid, cash(100), now=later(3)).receipt_no == "QS03-20261121-0002"


def test_the_maximum_amount_is_a_setting(counter: Counter, account: tuple[int, uuid.UUID]) -> None:
    _, account_uid = account
    with counter.engine.begin() as connection:
        settings.write(connection, "money.maximum_amount_fen", 30_000, now=NOW)
    before = _snapshot(counter.engine)
    with pytest.raises(PaymentError, match=r"¥300.01 is more than the largest amount"):
        pay(counter, account_uid, card(Tender.BANK_CARD, 30_001))
    assert _snapshot(counter.engine) == before
    pay(counter, account_uid, card(Tender.BANK_CARD, 30_000))


def test_a_closed_account_takes_no_payment(
    counter: Counter, account: tuple[int, uuid.UUID]
) -> None:
    account_id, account_uid = account
    with counter.engine.begin() as connection:
        connection.execute(
            text("UPDATE account SET closed_on = '2026-11-01' WHERE id = :id"), {"id": account_id}
        )
    before = _snapshot(counter.engine)
    with (
        counter.engine.begin() as connection,
        pytest.raises(PaymentError, match="3301020456 was closed on 2026-11-01"),
    ):
        payments.take_payment(connection, counter.clerk, _request(account_uid, cash(DUE)), now=NOW)
    assert _snapshot(counter.engine) == before


def test_no_payment_without_an_open_shift(counter: Counter, account: tuple[int, uuid.UUID]) -> None:
    _, account_uid = account
    with counter.engine.begin() as connection:
        shifts.close_shift(connection, counter.clerk, counted={Tender.CASH: 50_000}, now=later(1))
    before = _snapshot(counter.engine)
    with counter.engine.begin() as connection, pytest.raises(ShiftError, match="No shift is open"):
        payments.take_payment(
            connection, counter.clerk, _request(account_uid, cash(DUE)), now=later(2)
        )
    assert _snapshot(counter.engine) == before


def test_the_amount_due_the_clerk_saw_is_accepted(
    counter: Counter, account: tuple[int, uuid.UUID]
) -> None:
    account_id, account_uid = account
    _take(counter, _request(account_uid, cash(DUE), expected_due_fen=DUE))
    assert _view(counter.engine, account_id).due_today_fen == 0


def test_an_admin_takes_no_money(counter: Counter, account: tuple[int, uuid.UUID]) -> None:
    _, account_uid = account
    before = _snapshot(counter.engine)
    with counter.engine.begin() as connection:
        with pytest.raises(PermissionDeniedError, match="take_payment"):
            payments.take_payment(
                connection, counter.admin, _request(account_uid, cash(DUE)), now=NOW
            )
        with pytest.raises(PermissionDeniedError, match="reprint"):
            payments.reprint_receipt(connection, counter.admin, new_uid(), now=NOW)
    assert _snapshot(counter.engine) == before


def test_a_second_confirm_finds_the_first_payment(
    counter: Counter, account: tuple[int, uuid.UUID]
) -> None:
    account_id, account_uid = account
    request = _request(account_uid, cash(DUE, handed_fen=40_000))
    first = _take(counter, request, now=later(1))
    before = _snapshot(counter.engine)
    with pytest.raises(DuplicatePaymentError, match=first.receipt_no) as refused:
        _take(counter, request, now=later(2))
    assert refused.value.receipt_no == first.receipt_no
    assert "nothing was charged twice" in str(refused.value)
    # Even a retry with other amounts is the same payment.
    with pytest.raises(DuplicatePaymentError):
        _take(counter, replace(request, tenders=(cash(100),)), now=later(3))
    assert _snapshot(counter.engine) == before
    assert rows_in(counter.engine, "payment") == {"payment": 1}
    assert _paid(counter.engine, account_id) == {202609: OVERDUE, 202610: NOT_DUE}


# --- reversal (冲正) ------------------------------------------------------------------------------


def test_a_reversal_in_the_same_shift_puts_everything_back(counter: Counter) -> None:
    account_id, account_uid = account_with_bills(counter.engine, prepaid_fen=400)
    paid = pay(counter, account_uid, cash(DUE), now=later(1))  # the ¥4.00 credit is left over
    assert _prepaid(counter.engine, account_id) == 400
    assert _paid(counter.engine, account_id) == {202609: OVERDUE, 202610: NOT_DUE}
    before = rows_in(counter.engine, *TABLES)
    allocations = _allocations(counter.engine, paid.payment_uid)
    audit_before = last_audit_id(counter.engine)
    reversal = _reverse(counter, paid.payment_uid, at=later(3), reason=" 户号输错 ")
    assert reversal.reversal_no == "QS03-20261121-R001"
    assert _paid(counter.engine, account_id) == {202609: 0, 202610: 0}
    assert _prepaid(counter.engine, account_id) == 400
    assert _view(counter.engine, account_id).due_today_fen == DUE - 400
    row = _payment_row(counter.engine, paid.payment_uid)
    assert (row["state"], row["received_fen"]) == ("reversed", DUE)
    assert _allocations(counter.engine, paid.payment_uid) == allocations  # history stays
    after = rows_in(counter.engine, *TABLES)
    assert {table: after[table] - before[table] for table in TABLES} == {
        "payment": 0,
        "payment_tender": 0,
        "allocation": 0,
        "audit_entry": 3,  # approval.granted, approval.used, payment.reversed
        "outbox": 1,
        "print_job": 1,
        "work_order": 0,
        "invoice_request": 0,
        "reversal": 1,
    }
    assert audit_actions(counter.engine, after_id=audit_before) == [
        "approval.granted",
        "approval.used",
        "payment.reversed",
    ]
    with counter.engine.connect() as connection:
        stored = connection.execute(
            text("SELECT reversal_no, payment_id, approved_by_id, clerk_id, reason FROM reversal")
        ).one()
    assert tuple(stored) == (
        reversal.reversal_no,
        row["id"],
        counter.manager.clerk_id,
        counter.clerk.clerk_id,
        "户号输错",
    )
    op_id, _, kind, payload = _outbox(counter.engine)[-1]
    assert (op_id, kind) == (reversal.reversal_uid, "payment.reversed")
    assert payload["payment_uid"] == str(paid.payment_uid)
    (job,) = _jobs_for(counter.engine, reversal.reversal_uid)
    assert job.uid == reversal.print_job_uid
    slip = job.printout()
    assert isinstance(slip, ReversalSlip)
    assert (slip.original_receipt_no, slip.amount_fen, slip.approved_by, slip.reason) == (
        paid.receipt_no,
        DUE,
        "0001",
        "户号输错",
    )
    with counter.engine.connect() as connection:
        (line,) = payments.recent_payments(connection, account_id)
    assert line.state.value == "reversed"


def test_reversing_a_payment_that_used_credit_gives_the_credit_back(counter: Counter) -> None:
    account_id, account_uid = account_with_bills(counter.engine, prepaid_fen=5_000)
    paid = pay(counter, account_uid, cash(DUE - 5_000))
    assert _prepaid(counter.engine, account_id) == 0
    _reverse(counter, paid.payment_uid, at=later(1))
    assert _prepaid(counter.engine, account_id) == 5_000
    assert _paid(counter.engine, account_id) == {202609: 0, 202610: 0}


def test_a_reversal_cancels_the_open_reconnection_order(counter: Counter) -> None:
    account_id, account_uid = account_with_bills(counter.engine, status="disconnected")
    paid = pay(counter, account_uid, cash(DUE), now=later(1))
    assert [order["state"] for order in _orders(counter.engine, account_id)] == ["open"]
    _reverse(counter, paid.payment_uid, at=later(2))
    assert [order["state"] for order in _orders(counter.engine, account_id)] == ["cancelled"]
    with counter.engine.connect() as connection:
        assert payments.open_orders(connection, account_id) == []


def _refused_reversal(
    counter: Counter,
    payment_uid: uuid.UUID,
    words: str,
    *,
    at: datetime,
    reason: str = "户号输错",
    approval: Approval | None = None,
    error: type[Exception] = PaymentError,
) -> None:
    """The reversal is refused and the payment, its bills and the account stay as they were."""
    approval = approval or _approve(counter, at)
    before = _snapshot(counter.engine)
    state = _payment_row(counter.engine, payment_uid)["state"]
    with pytest.raises(error, match=words), counter.engine.begin() as connection:
        payments.reverse_payment(
            connection, counter.clerk, payment_uid, reason=reason, approval=approval, now=at
        )
    assert _snapshot(counter.engine) == before
    assert _payment_row(counter.engine, payment_uid)["state"] == state


def test_a_payment_of_another_shift_cannot_be_reversed(
    counter: Counter, account: tuple[int, uuid.UUID]
) -> None:
    _, account_uid = account
    paid = pay(counter, account_uid, cash(DUE), now=later(1))
    with counter.engine.begin() as connection:
        shifts.close_shift(
            connection, counter.clerk, counted={Tender.CASH: 50_000 + DUE}, now=later(2)
        )
    open_shift(counter, now=later(3))
    approval = _approve(counter, later(4))
    _refused_reversal(
        counter, paid.payment_uid, "from another shift", at=later(4), approval=approval
    )
    assert "approval.used" not in audit_actions(counter.engine)


@pytest.mark.parametrize("reason", ["", "  ", "错", "x" * 201])
def test_a_reversal_needs_a_reason(
    counter: Counter, account: tuple[int, uuid.UUID], reason: str
) -> None:
    _, account_uid = account
    paid = pay(counter, account_uid, cash(DUE), now=later(1))
    _refused_reversal(counter, paid.payment_uid, "reason", at=later(2), reason=reason)


def test_a_payment_is_reversed_once(counter: Counter, account: tuple[int, uuid.UUID]) -> None:
    _, account_uid = account
    paid = pay(counter, account_uid, cash(DUE), now=later(1))
    _reverse(counter, paid.payment_uid, at=later(2))
    _refused_reversal(counter, paid.payment_uid, "reversed already", at=later(3))
    assert rows_in(counter.engine, "reversal") == {"reversal": 1}


def test_a_reversal_whose_credit_was_spent_is_refused(
    counter: Counter, account: tuple[int, uuid.UUID]
) -> None:
    account_id, account_uid = account
    first = pay(counter, account_uid, cash(DUE + 1_000), now=later(1))
    with counter.engine.begin() as connection:
        add_bill(connection, account_id, 202611, 3_000, due=date(2026, 12, 25))
    pay(counter, account_uid, cash(2_000), now=later(2))  # spends the ¥10.00 credit
    assert _prepaid(counter.engine, account_id) == 0
    _refused_reversal(counter, first.payment_uid, "used by a later payment", at=later(3))


def test_a_reversal_needs_a_valid_approval(
    counter: Counter, account: tuple[int, uuid.UUID]
) -> None:
    _, account_uid = account
    paid = pay(counter, account_uid, cash(DUE), now=later(1))
    stale = _approve(counter, later(2))
    _refused_reversal(
        counter,
        paid.payment_uid,
        "more than 5 minutes old",
        at=later(8),
        approval=stale,
        error=PermissionDeniedError,
    )
    for_closing = _approve(counter, later(9), act=shifts.CLOSE_ACT)
    _refused_reversal(
        counter,
        paid.payment_uid,
        "something else",
        at=later(9),
        approval=for_closing,
        error=PermissionDeniedError,
    )
    forged = Approval(
        uuid.uuid4(),
        counter.manager.clerk_id,
        "0001",
        Permission.APPROVE,
        payments.REVERSE_ACT,
        later(10),
    )
    _refused_reversal(
        counter,
        paid.payment_uid,
        "not granted here",
        at=later(10),
        approval=forged,
        error=PermissionDeniedError,
    )


def test_an_approval_reverses_one_payment_only(
    counter: Counter, account: tuple[int, uuid.UUID]
) -> None:
    _, account_uid = account
    first = pay(counter, account_uid, cash(1_000), now=later(1))
    second = pay(counter, account_uid, cash(1_000), now=later(2))
    approval = _approve(counter, later(3))
    _reverse(counter, second.payment_uid, at=later(3), approval=approval)
    _refused_reversal(
        counter,
        first.payment_uid,
        "used already",
        at=later(4),
        approval=approval,
        error=PermissionDeniedError,
    )


def test_a_manager_cannot_approve_the_reversal_of_their_own_payment(
    counter: Counter, account: tuple[int, uuid.UUID]
) -> None:
    """An approval the manager wrote out "for" the clerk does not let the manager self-approve."""
    _, account_uid = account
    with counter.engine.begin() as connection:
        shifts.close_shift(connection, counter.clerk, counted={Tender.CASH: 50_000}, now=later(1))
        shifts.open_shift(connection, counter.manager, float_fen=0, now=later(2))
    paid = pay(counter, account_uid, cash(DUE), now=later(3), actor=counter.manager)
    own = _approve(counter, later(4))  # the manager's own password
    before = _snapshot(counter.engine)
    with (
        pytest.raises(PermissionDeniedError, match="someone else"),
        counter.engine.begin() as connection,
    ):
        payments.reverse_payment(
            connection,
            counter.manager,
            paid.payment_uid,
            reason="户号输错",
            approval=own,
            now=later(5),
        )
    assert _snapshot(counter.engine) == before


def test_an_admin_cannot_reverse(counter: Counter, account: tuple[int, uuid.UUID]) -> None:
    _, account_uid = account
    paid = pay(counter, account_uid, cash(DUE), now=later(1))
    approval = _approve(counter, later(2))
    with (
        pytest.raises(PermissionDeniedError, match="take_payment"),
        counter.engine.begin() as connection,
    ):
        payments.reverse_payment(
            connection,
            counter.admin,
            paid.payment_uid,
            reason="户号输错",
            approval=approval,
            now=later(2),
        )
    assert _payment_row(counter.engine, paid.payment_uid)["state"] == "posted"


def test_an_unknown_payment_cannot_be_reversed_or_reprinted(counter: Counter) -> None:
    approval = _approve(counter, NOW)
    with pytest.raises(PaymentError, match="no such payment"), counter.engine.begin() as connection:
        payments.reverse_payment(
            connection, counter.clerk, new_uid(), reason="户号输错", approval=approval, now=NOW
        )
    with pytest.raises(PaymentError, match="no such payment"), counter.engine.begin() as connection:
        payments.reprint_receipt(connection, counter.clerk, new_uid(), now=NOW)


# --- reprint (补打) -------------------------------------------------------------------------------


def test_reprints_are_numbered_copies_and_audited(
    counter: Counter, account: tuple[int, uuid.UUID]
) -> None:
    _, account_uid = account
    paid = pay(counter, account_uid, cash(DUE), now=later(1))
    audit_before = last_audit_id(counter.engine)
    copies = []
    for minute in (2, 3):
        with counter.engine.begin() as connection:
            copies.append(
                payments.reprint_receipt(
                    connection, counter.clerk, paid.payment_uid, now=later(minute)
                )
            )
    assert [job.copy_number for job in copies] == [2, 3]
    jobs = _jobs_for(counter.engine, paid.payment_uid)
    assert sorted(job.copy_number for job in jobs) == [1, 2, 3]
    assert all(job.printout() == paid.receipt for job in jobs)
    assert audit_actions(counter.engine, after_id=audit_before) == ["receipt.reprinted"] * 2
    with counter.engine.connect() as connection:
        details = [
            json.loads(detail)
            for (detail,) in connection.execute(
                text(
                    "SELECT detail FROM audit_entry WHERE action = 'receipt.reprinted' ORDER BY id"
                )
            )
        ]
    assert details == [{"copy_number": 2}, {"copy_number": 3}]
    assert rows_in(counter.engine, "payment") == {"payment": 1}


# --- what the account panel shows -----------------------------------------------------------------


def test_recent_payments_and_open_orders(counter: Counter) -> None:
    account_id, account_uid = account_with_bills(counter.engine, status="disconnected")
    first = pay(counter, account_uid, cash(DUE), now=later(1))
    second = pay(counter, account_uid, cash(1_000), card(Tender.WECHAT, 500), now=later(2))
    with counter.engine.connect() as connection:
        shift = shifts.current_shift(connection, counter.clerk)
        assert shift is not None
        lines = payments.recent_payments(connection, account_id, shift_id=shift.id)
        elsewhere = payments.recent_payments(connection, account_id)
        limited = payments.recent_payments(connection, account_id, limit=1)
        orders = payments.open_orders(connection, account_id)
    assert [line.receipt_no for line in lines] == [second.receipt_no, first.receipt_no]
    assert [(line.received_fen, line.tenders) for line in lines] == [
        (1_500, "cash+wechat"),
        (DUE, "cash"),
    ]
    assert all(line.same_shift for line in lines)
    assert not any(line.same_shift for line in elsewhere)
    assert lines[0].paid_at == later(2)
    assert [line.receipt_no for line in limited] == [second.receipt_no]
    assert [order.order_no for order in orders] == [first.reconnection_no]


# --- the property: money in equals money allocated ------------------------------------------------


@pytest.fixture(scope="module")
def shared_counter(
    template: Counter, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Counter]:
    """One database for every example; each example makes its own account."""
    made = copy_counter(template, tmp_path_factory.mktemp("property") / "terminal.db")
    open_shift(made)
    yield made
    made.engine.dispose()


_numbers = itertools.count(1)

bills_strategy = st.lists(
    st.tuples(
        st.integers(1, 60_000),  # amount
        st.integers(-500, 40),  # due date, days from today
        st.sampled_from([0, 0, 25, 50, 99, 100]),  # percent already paid
    ),
    max_size=4,
)


@hypothesis_settings(max_examples=30, deadline=None)
@given(
    bills=bills_strategy,
    prepaid=st.one_of(st.just(0), st.integers(1, 5_000)),
    amount=st.integers(1, 200_000),
)
def test_money_in_equals_money_allocated(
    shared_counter: Counter, bills: list[tuple[int, int, int]], prepaid: int, amount: int
) -> None:
    counter = shared_counter
    account_id, account_uid = account_with_bills(
        counter.engine, f"77{next(_numbers):08d}", bills=(), prepaid_fen=prepaid
    )
    with counter.engine.begin() as connection:
        for index, (bill_amount, due_in, percent) in enumerate(bills):
            add_bill(
                connection,
                account_id,
                202501 + index,
                bill_amount,
                due=TODAY + timedelta(days=due_in),
                paid_fen=bill_amount * percent // 100,
            )
    view = _view(counter.engine, account_id)
    paid_before = _paid(counter.engine, account_id)
    result = pay(counter, account_uid, cash(amount), now=later(1))

    paid_after = _paid(counter.engine, account_id)
    prepaid_after = _prepaid(counter.engine, account_id)
    allocations = _allocations(counter.engine, result.payment_uid)
    principal = {period: paid_after[period] - paid_before[period] for period in paid_after}
    late_fees: dict[int, int] = {}
    for period, kind, piece in allocations:
        assert piece > 0
        if kind == "late_fee":
            assert period is not None
            late_fees[period] = late_fees.get(period, 0) + piece
        elif kind == "principal":
            assert period is not None
            assert principal[period] >= piece
    assert sum(principal.values()) + sum(late_fees.values()) + (prepaid_after - prepaid) == amount
    assert sum(piece for _, _, piece in allocations) == amount + max(prepaid - prepaid_after, 0)
    assert result.receipt.prepaid_after_fen == prepaid_after
    for bill in view.bills:
        assert paid_after[bill.period] <= bill.amount_fen  # no bill is overpaid
        assert principal[bill.period] >= 0
        assert late_fees.get(bill.period, 0) <= bill.late_fee_fen
    # Oldest first: a bill that got money means every older bill is settled in full.
    order = sorted(view.bills, key=lambda bill: (bill.due_date, bill.period))
    settled = [
        paid_after[bill.period] == bill.amount_fen
        and late_fees.get(bill.period, 0) == bill.late_fee_fen
        for bill in order
    ]
    touched = [principal[bill.period] + late_fees.get(bill.period, 0) > 0 for bill in order]
    for index, got_money in enumerate(touched):
        if got_money:
            assert all(settled[:index])
    if prepaid_after > 0:
        assert all(settled)


def test_a_shift_left_open_past_midnight_cannot_reverse_yesterdays_payment(
    counter: Counter,
) -> None:
    # The fixture's shift was opened at 10:30; the payment is at 23:30 in the hall.
    _, account_uid = account_with_bills(counter.engine)
    result = pay(counter, account_uid, cash(5_000), now=NOW.replace(hour=15, minute=30))
    after_midnight = NOW.replace(hour=16, minute=11)  # 00:11 the next day in the hall
    approval = auth.approve(counter.engine, "0001", MANAGER_PASSWORD,
                            permission=Permission.APPROVE, act=payments.REVERSE_ACT,
                            for_clerk=counter.clerk, now=after_midnight)  # fmt: skip
    with (
        pytest.raises(ShiftError, match="close it and print its Z report"),
        counter.engine.begin() as connection,
    ):
        payments.reverse_payment(
            connection, counter.clerk, result.payment_uid, reason="户号输错", approval=approval,
            now=after_midnight,
        )  # fmt: skip
    assert rows_in(counter.engine, "reversal") == {"reversal": 0}
