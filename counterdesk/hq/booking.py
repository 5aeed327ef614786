"""Booking a terminal's money at HQ: payments (缴费), reversals (冲正) and shifts (收费班次).

HQ mirrors what the terminal did (:mod:`counterdesk.services.payments`): the terminal's
allocations settle the same bills by the same amounts, and what is left of the money is prepaid
credit. Payments commute and are always accepted (SYNC.md), so where HQ's records differ from the
terminal's (a bill HQ does not know, or one another hall paid first), the money HQ cannot place on
the bill goes to the account's prepaid credit instead and the payment records the difference in
``anomaly`` for the back office. HQ's own booking is kept beside the terminal's payload
(``booked``), because a reversal must undo exactly what HQ booked, not what the terminal thought.

Each booking bumps the account's ``ledger_version`` and stamps it on the bills it touched, and
answers it (``{"ledger_version": 42}``): a terminal whose pulled account row carries that version
or a later one knows HQ's balance includes its payment.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import Field
from sqlalchemy import Connection, bindparam, insert, select, text, update

from counterdesk.domain.money import format_yuan
from counterdesk.hq import schema
from counterdesk.hq.changes import emit_rows
from counterdesk.hq.ops import (
    MAX_FEN,
    AccountState,
    Context,
    Fen,
    OpRefusedError,
    Payload,
    Text16,
    Text32,
    Text500,
    as_uuid,
    dumps,
    lock_account,
    parse,
    utc,
)


class AllocationIn(Payload):
    bill_uid: uuid.UUID | None = None
    kind: Literal["principal", "late_fee", "prepayment"]
    amount_fen: int = Field(ge=0, le=MAX_FEN)


class PaymentPosted(Payload):
    """``payment.posted`` version 1, as :func:`counterdesk.services.payments._payload` writes it."""

    payment_uid: uuid.UUID
    receipt_no: Text32
    account_uid: uuid.UUID
    shift_uid: uuid.UUID | None = None
    clerk_no: Text16
    paid_at: datetime
    received_fen: int = Field(gt=0, le=MAX_FEN)
    allocations: list[AllocationIn] = Field(default_factory=list, max_length=5_000)
    prepaid_before_fen: Fen = 0
    prepaid_after_fen: Fen = 0
    reconnection_order_uid: uuid.UUID | None = None
    reconnection_order_no: Text32 | None = None
    reconnection_due_at: datetime | None = None


class PaymentReversed(Payload):
    """``payment.reversed`` version 1 (:func:`counterdesk.services.payments.reverse_payment`)."""

    reversal_uid: uuid.UUID
    reversal_no: Text32
    payment_uid: uuid.UUID
    reason: Text500 = ""
    approved_by: Text16 = ""
    clerk_no: Text16 = ""
    reversed_at: datetime | None = None


class ShiftOpened(Payload):
    shift_uid: uuid.UUID
    shift_no: Text32
    clerk_no: Text16
    float_fen: Fen = 0


class ShiftClosed(Payload):
    shift_uid: uuid.UUID
    z_no: Text32 = ""
    counted: dict[str, Fen] = Field(default_factory=dict, max_length=20)
    difference_fen: Fen = 0


def _bills(context: Context, account: AccountState, uids: set[uuid.UUID]) -> dict[uuid.UUID, int]:
    """Outstanding principal of the account's bills among ``uids`` (others are unknown here)."""
    if not uids:
        return {}
    rows = context.connection.execute(
        text(
            "SELECT uid, amount_fen - paid_fen FROM hq_bill WHERE account_uid = :a AND uid IN :uids"
        ).bindparams(bindparam("uids", expanding=True)),
        {"a": context.uid(account.uid), "uids": [context.uid(u) for u in uids]},
    )
    return {as_uuid(uid): int(owing) for uid, owing in rows}


def _stamp(
    connection: Connection,
    account: AccountState,
    prepaid_fen: int,
    paid: dict[uuid.UUID, int],
    context: Context,
) -> int:
    """Write the new prepaid balance and the bills' paid amounts under a new ledger version."""
    version = account.ledger_version + 1
    connection.execute(
        update(schema.account)
        .where(schema.account.c.uid == account.uid)
        .values(prepaid_fen=prepaid_fen, ledger_version=version)
    )
    for bill_uid, delta in paid.items():
        connection.execute(
            update(schema.bill)
            .where(schema.bill.c.uid == bill_uid)
            .values(paid_fen=schema.bill.c.paid_fen + delta, ledger_version=version)
        )
    emit_rows(connection, "account", [str(account.uid)], now=context.now)
    emit_rows(connection, "bill", [str(uid) for uid in paid], now=context.now)
    return version


@dataclass(frozen=True)
class PaymentBooking:
    """What HQ books for one payment, worked out before anything is written."""

    placed: dict[uuid.UUID, int]
    """Principal put on each bill the terminal named and HQ knows, in the terminal's order."""
    late_fees: dict[str, int]
    prepaid_delta: int
    """What the payment adds to prepaid credit (negative when the terminal spent credit)."""
    prepaid_after: int
    notes: list[str]


def book(payment: PaymentPosted, prepaid_fen: int, owing: dict[uuid.UUID, int]) -> PaymentBooking:
    """HQ's booking of ``payment`` on an account with ``prepaid_fen`` credit whose bills among
    those the payment names owe ``owing`` (bills not on this account are absent).

    Pure, so the one-op path and the batch path (:mod:`counterdesk.hq.batch`) book alike.
    """
    owing = dict(owing)
    open_before = dict(owing)
    # In the order the terminal allocated: the bill rows travel back in that order.
    placed = {
        a.bill_uid: 0 for a in payment.allocations if a.bill_uid is not None and a.bill_uid in owing
    }
    late_fees: dict[str, int] = {}
    notes: list[str] = []
    for piece in payment.allocations:
        if piece.kind == "prepayment" or piece.amount_fen == 0:
            continue
        bill = piece.bill_uid
        if bill is None or bill not in owing:
            notes.append(
                f"{format_yuan(piece.amount_fen)} for bill {bill} that HQ does not know on this "
                "account went to prepaid"
            )
            continue
        if piece.kind == "late_fee":
            if open_before[bill] <= 0:
                notes.append(
                    f"late fee {format_yuan(piece.amount_fen)} on bill {bill}, paid in full at HQ "
                    "already, went to prepaid"
                )
            else:
                late_fees[str(bill)] = late_fees.get(str(bill), 0) + piece.amount_fen
            continue
        take = min(piece.amount_fen, max(owing[bill], 0))
        owing[bill] -= take
        placed[bill] += take
        if take < piece.amount_fen:
            notes.append(
                f"bill {bill} owed {format_yuan(take)} at HQ, not "
                f"{format_yuan(piece.amount_fen)}; the rest went to prepaid"
            )
    kept = sum(placed.values()) + sum(late_fees.values())
    # Whatever of the money is not on a bill is credit; with the terminal's credit used on bills
    # this is negative, exactly as the terminal's prepaid went down.
    delta = payment.received_fen - kept
    claimed = payment.prepaid_after_fen - payment.prepaid_before_fen
    if not notes and delta != claimed:
        notes.append(
            f"the terminal's split adds {format_yuan(claimed)} to prepaid, HQ's "
            f"{format_yuan(delta)}"
        )
    prepaid = prepaid_fen + delta
    if prepaid < 0:
        notes.append(
            f"prepaid credit is {format_yuan(prepaid)} after this payment: credit the terminal "
            "used was spent elsewhere first"
        )
    return PaymentBooking(
        placed,
        late_fees,
        delta,
        prepaid,
        notes,
    )


def payment_row(
    payment: PaymentPosted, booking: PaymentBooking, terminal_id: str, payload: Any, now: datetime
) -> dict[str, Any]:
    """The ``hq_payment`` row of a booked payment."""
    return {
        "uid": payment.payment_uid,
        "receipt_no": payment.receipt_no,
        "terminal_id": terminal_id,
        "account_uid": payment.account_uid,
        "shift_uid": payment.shift_uid,
        "clerk_no": payment.clerk_no,
        "paid_at": utc(payment.paid_at),
        "received_fen": payment.received_fen,
        "state": "posted",
        "anomaly": "; ".join(booking.notes),
        "payload": dumps(payload),
        "applied_at": now,
        "booked": dumps(
            {
                "bills": {str(uid): fen for uid, fen in booking.placed.items() if fen},
                "late_fees": booking.late_fees,
                "prepaid_fen": booking.prepaid_delta,
            }
        ),
    }


def taken_refusal(payment: PaymentPosted, receipt_no: str) -> OpRefusedError:
    return OpRefusedError(
        "conflict",
        "duplicate_payment",
        f"Payment {payment.payment_uid} is booked already (receipt {receipt_no}) under another op.",
    )


def unknown_account_refusal(payment: PaymentPosted) -> OpRefusedError:
    return OpRefusedError(
        "rejected",
        "unknown_account",
        f"Account {payment.account_uid} is not in HQ's records; receipt {payment.receipt_no} "
        f"({format_yuan(payment.received_fen)}) waits here until it is.",
    )


def post_payment(context: Context) -> dict[str, Any]:
    payment = parse(PaymentPosted, context)
    connection = context.connection
    taken = connection.execute(
        select(schema.payment.c.receipt_no).where(schema.payment.c.uid == payment.payment_uid)
    ).scalar_one_or_none()
    if taken is not None:
        raise taken_refusal(payment, str(taken))
    account = lock_account(context, payment.account_uid)
    if account is None:
        raise unknown_account_refusal(payment)
    referenced = {a.bill_uid for a in payment.allocations if a.bill_uid is not None}
    booking = book(payment, account.prepaid_fen, _bills(context, account, referenced))
    version = _stamp(connection, account, booking.prepaid_after, booking.placed, context)
    connection.execute(
        insert(schema.payment).values(
            payment_row(
                payment, booking, context.terminal.terminal_id, context.op.payload, context.now
            )
        )
    )
    _raise_reconnection(context, payment, account)
    return {"ledger_version": version}


def _raise_reconnection(context: Context, payment: PaymentPosted, account: AccountState) -> None:
    """The reconnection order (复电) the payment raised at the terminal, raised at HQ too."""
    if payment.reconnection_order_uid is None or not payment.reconnection_order_no:
        return
    connection = context.connection
    o = schema.work_order.c
    taken = connection.execute(
        select(o.uid).where(
            (o.uid == payment.reconnection_order_uid)
            | (o.order_no == payment.reconnection_order_no)
        )
    ).first()
    if taken is not None:
        return
    name = connection.execute(
        select(schema.customer.c.name).where(schema.customer.c.uid == account.customer_uid)
    ).scalar_one_or_none()
    connection.execute(
        insert(schema.work_order).values(
            uid=payment.reconnection_order_uid,
            order_no=payment.reconnection_order_no,
            kind="reconnection",
            subtype="",
            state="open",
            account_uid=account.uid,
            customer_name=str(name or "")[:100],
            area_code=account.area_code,
            first_owner_no=payment.clerk_no,
            department="",
            handler_no=payment.clerk_no,
            created_at=utc(payment.paid_at),
            due_at=None
            if payment.reconnection_due_at is None
            else utc(payment.reconnection_due_at),
            version=1,
            terminal_id=context.terminal.terminal_id,
        )
    )
    emit_rows(connection, "work_order", [str(payment.reconnection_order_uid)], now=context.now)


def _cancel_reconnection(context: Context, payload: dict[str, Any]) -> None:
    """A reversed payment's reconnection order, still open, is cancelled (as at the terminal)."""
    try:
        order_uid = uuid.UUID(str(payload.get("reconnection_order_uid")))
    except ValueError:
        return
    o = schema.work_order.c
    done = context.connection.execute(
        update(schema.work_order)
        .where((o.uid == order_uid) & (o.kind == "reconnection") & (o.state == "open"))
        .values(state="cancelled", closed_at=context.now, version=o.version + 1)
    )
    if done.rowcount:
        emit_rows(context.connection, "work_order", [str(order_uid)], now=context.now)


def reverse_payment(context: Context) -> dict[str, Any]:
    reversal = parse(PaymentReversed, context)
    connection = context.connection
    row = connection.execute(
        text(
            "SELECT account_uid, state, booked, terminal_id, receipt_no, payload "  # noqa: S608
            f"FROM hq_payment WHERE uid = :u{context.lock}"
        ),
        {"u": context.uid(reversal.payment_uid)},
    ).one_or_none()
    if row is None:
        raise OpRefusedError(
            "conflict",
            "unknown_payment",
            f"Payment {reversal.payment_uid} is not booked at HQ, so reversal "
            f"{reversal.reversal_no} has nothing to undo.",
        )
    if row.state == "reversed":
        raise OpRefusedError(
            "conflict",
            "already_reversed",
            f"Receipt {row.receipt_no} was reversed at HQ already.",
        )
    account = lock_account(context, as_uuid(row.account_uid))
    if account is None:  # pragma: no cover - a booked payment's account is never deleted
        raise OpRefusedError("rejected", "unknown_account", "The payment's account is gone.")
    booked = json.loads(str(row.booked) or "{}")
    undo = {uuid.UUID(uid): -int(fen) for uid, fen in dict(booked.get("bills", {})).items()}
    known = _bills(context, account, set(undo))  # bills are never deleted; this is a guard
    bills = {uid: fen for uid, fen in undo.items() if uid in known}
    prepaid = account.prepaid_fen - int(booked.get("prepaid_fen", 0))
    version = _stamp(connection, account, prepaid, bills, context)
    connection.execute(
        update(schema.payment)
        .where(schema.payment.c.uid == reversal.payment_uid)
        .values(state="reversed")
    )
    _cancel_reconnection(context, json.loads(str(row.payload) or "{}"))
    connection.execute(
        insert(schema.reversal).values(
            uid=reversal.reversal_uid,
            payment_uid=reversal.payment_uid,
            reversal_no=reversal.reversal_no,
            terminal_id=context.terminal.terminal_id,
            payload=dumps(context.op.payload),
            applied_at=context.now,
        )
    )
    return {"ledger_version": version}


def open_shift(context: Context) -> dict[str, Any]:
    shift = parse(ShiftOpened, context)
    connection = context.connection
    known = connection.execute(
        select(schema.shift.c.shift_no).where(schema.shift.c.uid == shift.shift_uid)
    ).scalar_one_or_none()
    if known is not None:
        raise OpRefusedError("conflict", "duplicate_shift", f"Shift {known} is open at HQ already.")
    connection.execute(
        insert(schema.shift).values(
            uid=shift.shift_uid,
            shift_no=shift.shift_no,
            terminal_id=context.terminal.terminal_id,
            clerk_no=shift.clerk_no,
            state="open",
            payload=dumps({"opened": context.op.payload}),
        )
    )
    return {}


def close_shift(context: Context) -> dict[str, Any]:
    closing = parse(ShiftClosed, context)
    connection = context.connection
    row = connection.execute(
        select(schema.shift.c.state, schema.shift.c.payload).where(
            schema.shift.c.uid == closing.shift_uid
        )
    ).one_or_none()
    if row is None:
        # The opening op is missing (a gap, alerted): the close is booked all the same.
        connection.execute(
            insert(schema.shift).values(
                uid=closing.shift_uid,
                shift_no=closing.z_no,
                terminal_id=context.terminal.terminal_id,
                clerk_no="",
                state="closed",
                payload=dumps({"closed": context.op.payload}),
            )
        )
        return {}
    if row.state == "closed":
        raise OpRefusedError("conflict", "shift_closed", "This shift was closed at HQ already.")
    stored = json.loads(str(row.payload) or "{}")
    connection.execute(
        update(schema.shift)
        .where(schema.shift.c.uid == closing.shift_uid)
        .values(state="closed", payload=dumps({**stored, "closed": context.op.payload}))
    )
    return {}
