"""Paid extended services (有偿服务): an order with its fee, paid through the payments flow.

Why the fee is a bill: the counter already has one honest way to take money (a payment allocated
to bills, with its receipt, shift and reversal). A service order adds a ``service`` bill for its
fee; when a payment pays that bill in full, the payment's own transaction moves the order to paid
and starts its completion deadline. A service fee carries no late fee. Reversing that payment
refunds the order (cancelled) and voids its bill, so nothing is owed for a service not given.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import Connection, text

from counterdesk.domain.accounts import period_of
from counterdesk.domain.orders import paid_services as rules
from counterdesk.domain.orders.paid_services import FeeSchedule
from counterdesk.orders.engine import NewOrder, act, create
from counterdesk.orders.errors import OrderError
from counterdesk.orders.records import Order, OrderKind, load_order
from counterdesk.orders.types import ActContext, Effect, OrderType
from counterdesk.services.auth import SignedIn
from counterdesk.services.common import business_day
from counterdesk.store import settings


def fee_schedule(connection: Connection) -> FeeSchedule:
    return rules.parse_fee_schedule(settings.read_all(connection)["orders.paid_service_fees"])


def _effect(context: ActContext) -> Effect:
    """Paid: the completion deadline starts. Cancelled before payment: the fee bill is voided."""
    order = context.order
    if context.action == rules.PAY:
        item = fee_schedule(context.connection).find(order.subtype)
        if item is None:  # the schedule changed since the quote: keep the quoted commitment
            workdays = int(order.detail.get("workdays", 0))
            item = rules.ServiceItem(order.subtype, "", "", 1, "", workdays)
        return Effect(steps=rules.plan_service(context.calendar, item, context.now))
    if context.action in (rules.CANCEL, rules.REFUND):
        context.connection.execute(
            text("UPDATE bill SET amount_fen = paid_fen WHERE order_uid = :u AND kind = 'service'"),
            {"u": order.uid.bytes},
        )
        return Effect({"bill_voided": True})
    return Effect()


PAID_SERVICE_TYPE: Final = OrderType(
    OrderKind.PAID_SERVICE,
    workflow=lambda _order: rules.PAID_SERVICE_WORKFLOW,
    completes=lambda _order, action, _target: frozenset(
        {rules.COMPLETE} if action == rules.COMPLETE else ()
    ),
    effect=_effect,
    fire=lambda order, action: rules.fire_paid_service(
        order.order_no, order.state, action, paused_from=order.paused_from
    ),
    actions=lambda order: tuple(
        action
        for action in rules.paid_service_actions(order.state)
        if action not in (rules.PAY, rules.REFUND)  # the payments flow fires these
    ),
)


@dataclass(frozen=True)
class PaidServiceIn:
    order_uid: uuid.UUID
    account_id: int
    code: str
    quantity: int
    department: str
    note: str = ""


def order_paid_service(
    connection: Connection, actor: SignedIn, request: PaidServiceIn, now: datetime
) -> Order:
    """The order and its fee bill, due today, in the caller's transaction."""
    priced = rules.quote(fee_schedule(connection), request.code, request.quantity)
    row = connection.execute(
        text(
            "SELECT c.name, coalesce(c.phone, ''), a.area_code, a.closed_on FROM account AS a "
            "JOIN customer AS c ON c.id = a.customer_id WHERE a.id = :a"
        ),
        {"a": request.account_id},
    ).one_or_none()
    if row is None:
        raise OrderError("This account is not in this terminal's records; search for it again.")
    if row[3] is not None:
        raise OrderError("A closed account cannot order a paid service.")
    order = create(
        connection,
        actor,
        NewOrder(
            order_uid=request.order_uid,
            kind=OrderKind.PAID_SERVICE,
            subtype=priced.item.code,
            state=rules.QUOTED,
            account_id=request.account_id,
            customer_name=str(row[0]),
            contact_phone=str(row[1]),
            area_code=str(row[2]),
            department=request.department,
            handler_no="",
            steps=(),
            detail={"quantity": priced.quantity, "fee_fen": priced.item.fee_fen,
                    "total_fen": priced.total_fen, "unit": priced.item.unit,
                    "name": priced.item.zh, "workdays": priced.item.workdays},
            note=request.note,
        ),
        now,
    )  # fmt: skip
    today = business_day(now)
    connection.execute(
        text(
            "INSERT INTO bill (uid, account_id, period, units, amount_fen, due_date, paid_fen, "
            "kind, order_uid) VALUES (:uid, :a, :period, 0, :amount, :due, 0, 'service', :o)"
        ),
        {"uid": uuid.uuid4().bytes, "a": request.account_id,
         "period": period_of(today.year, today.month), "amount": priced.total_fen,
         "due": today, "o": order.uid.bytes},
    )  # fmt: skip
    return order


def settle_paid_bills(
    connection: Connection, actor: SignedIn, paid_bill_uids: list[uuid.UUID], now: datetime
) -> list[str]:
    """Called by a payment in its transaction: service orders whose fee bill is now paid in full
    move to paid. Returns their order numbers (for the receipt's caller)."""
    settled: list[str] = []
    for bill_uid in paid_bill_uids:
        row = connection.execute(
            text(
                "SELECT order_uid FROM bill WHERE uid = :u AND kind = 'service' "
                "AND order_uid IS NOT NULL AND paid_fen >= amount_fen"
            ),
            {"u": bill_uid.bytes},
        ).one_or_none()
        if row is None:
            continue
        order = load_order(connection, uuid.UUID(bytes=bytes(row[0])))
        if order.state == rules.QUOTED:
            act(connection, actor, order.uid, rules.PAY, expected_version=order.version, now=now)
            settled.append(order.order_no)
    return settled


def refund_reversed_bills(
    connection: Connection, actor: SignedIn, bill_ids: list[int], now: datetime
) -> None:
    """Called by a reversal in its transaction: a paid service order whose fee payment is
    reversed is refunded (cancelled); one already in service refuses the reversal."""
    for bill_id in bill_ids:
        row = connection.execute(
            text("SELECT order_uid FROM bill WHERE id = :b AND kind = 'service'"), {"b": bill_id}
        ).one_or_none()
        if row is None or row[0] is None:
            continue
        order = load_order(connection, uuid.UUID(bytes=bytes(row[0])))
        if order.state == rules.PAID:
            act(connection, actor, order.uid, rules.REFUND, expected_version=order.version,
                now=now, note="payment reversed")  # fmt: skip
        elif order.state not in (rules.QUOTED, rules.CANCELLED):
            raise OrderError(
                "Paid service {order} is already under way ({state}); finish or close it before "
                "its fee payment can be reversed.",
                order=order.order_no,
                state=order.state,
            )
