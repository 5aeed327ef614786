"""Reading and writing work-order rows: the order, its steps and its history.

Kept apart from the engine so the engine reads as the business act (check, move, record) and this
module as the storage of it. Times are stored naive UTC (SQLite keeps no zones) and come back
aware.
"""

from __future__ import annotations

import enum
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final

from sqlalchemy import Connection, text

from counterdesk.domain.orders.steps import PlannedStep, Unit
from counterdesk.orders.errors import UnknownOrderError
from counterdesk.services.common import aware_utc, naive_utc


class OrderKind(enum.StrEnum):
    """Which state machine an order follows."""

    CONNECTION = "connection"
    """业扩报装 and 变更用电: new supply, capacity, name transfer, closure…"""
    METER_CHANGE = "meter_change"
    """换表, with back-billing (电量退补) for fault and wiring cases."""
    CASE = "case"
    """A complaint, report or inquiry (投诉、举报、咨询)."""
    PAID_SERVICE = "paid_service"
    """有偿服务: an extended service with a fee."""
    RECONNECTION = "reconnection"
    """复电: raised by a payment that clears a disconnected account's arrears."""


ORDER_PREFIX: Final[dict[OrderKind, str]] = {
    OrderKind.CONNECTION: "YK",
    OrderKind.METER_CHANGE: "HB",
    OrderKind.CASE: "TS",
    OrderKind.PAID_SERVICE: "YC",
    OrderKind.RECONNECTION: "FD",
}
"""Order number prefixes as halls write them: 业扩 YK, 换表 HB, 投诉 TS, 有偿 YC, 复电 FD."""


@dataclass(frozen=True)
class Order:
    """A stored work order as the engine and the counter see it."""

    id: int
    uid: uuid.UUID
    order_no: str
    kind: OrderKind
    subtype: str
    state: str
    account_id: int | None
    account_no: str
    customer_name: str
    contact_phone: str
    area_code: str
    first_owner_no: str
    department: str
    handler_no: str
    paused_from: str | None
    paused_at: datetime | None
    version: int
    created_at: datetime
    due_at: datetime
    closed_at: datetime | None
    detail: Mapping[str, Any]
    steps: tuple[PlannedStep, ...] = field(default=())


@dataclass(frozen=True)
class OrderEvent:
    """One line of an order's history."""

    at: datetime
    clerk_no: str
    action: str
    from_state: str | None
    to_state: str | None
    department: str
    handler_no: str
    note: str
    detail: Mapping[str, Any]


_ORDER_SQL: Final = (
    "SELECT o.id, o.uid, o.order_no, o.kind, o.subtype, o.state, o.account_id, "
    "coalesce(a.number, ''), o.customer_name, o.contact_phone, o.area_code, o.first_owner_no, "
    "o.department, o.handler_no, o.paused_from, o.paused_at, o.version, o.created_at, o.due_at, "
    "o.closed_at, o.detail FROM work_order AS o LEFT JOIN account AS a ON a.id = o.account_id "
)


def _order(row: Sequence[Any], steps: tuple[PlannedStep, ...]) -> Order:
    return Order(
        id=int(row[0]),
        uid=uuid.UUID(bytes=bytes(row[1])),
        order_no=str(row[2]),
        kind=OrderKind(str(row[3])),
        subtype=str(row[4]),
        state=str(row[5]),
        account_id=None if row[6] is None else int(row[6]),
        account_no=str(row[7]),
        customer_name=str(row[8]),
        contact_phone=str(row[9]),
        area_code=str(row[10]),
        first_owner_no=str(row[11]),
        department=str(row[12]),
        handler_no=str(row[13]),
        paused_from=None if row[14] is None else str(row[14]),
        paused_at=None if row[15] is None else aware_utc(row[15]),
        version=int(row[16]),
        created_at=aware_utc(row[17]),
        due_at=aware_utc(row[18]),
        closed_at=None if row[19] is None else aware_utc(row[19]),
        detail=json.loads(str(row[20]) or "{}"),
        steps=steps,
    )


def load_steps(connection: Connection, order_id: int) -> tuple[PlannedStep, ...]:
    rows = connection.execute(
        text(
            "SELECT step, due_at, provisional, done_at, unit FROM work_order_step "
            "WHERE order_id = :o ORDER BY seq"
        ),
        {"o": order_id},
    )
    return tuple(
        PlannedStep(str(step), aware_utc(due), bool(provisional),
                    None if done is None else aware_utc(done), Unit(str(unit)))
        for step, due, provisional, done, unit in rows
    )  # fmt: skip


def load_order(connection: Connection, order_uid: uuid.UUID) -> Order:
    """The order with its steps; :class:`UnknownOrderError` when this terminal has none."""
    row = connection.execute(
        text(_ORDER_SQL + "WHERE o.uid = :u"), {"u": order_uid.bytes}
    ).one_or_none()
    if row is None:
        raise UnknownOrderError(str(order_uid))
    return _order(row, load_steps(connection, int(row[0])))


def find_order_no(connection: Connection, order_no: str) -> Order:
    row = connection.execute(
        text(_ORDER_SQL + "WHERE o.order_no = :n"), {"n": order_no}
    ).one_or_none()
    if row is None:
        raise UnknownOrderError(order_no)
    return _order(row, load_steps(connection, int(row[0])))


def load_events(connection: Connection, order_id: int) -> list[OrderEvent]:
    rows = connection.execute(
        text(
            "SELECT at, clerk_no, action, from_state, to_state, department, handler_no, note, "
            "detail FROM work_order_event WHERE order_id = :o ORDER BY id"
        ),
        {"o": order_id},
    )
    return [
        OrderEvent(aware_utc(at), str(clerk), str(action), from_state, to_state, str(dept),
                   str(handler), str(note), json.loads(str(detail) or "{}"))
        for at, clerk, action, from_state, to_state, dept, handler, note, detail in rows
    ]  # fmt: skip


def insert_order(connection: Connection, order: Order) -> int:
    order_id = connection.execute(
        text(
            "INSERT INTO work_order (uid, order_no, kind, subtype, state, account_id, source_uid, "
            "customer_name, contact_phone, area_code, first_owner_no, department, handler_no, "
            "version, created_at, updated_at, due_at, detail) VALUES (:uid, :no, :kind, :sub, "
            ":state, :account, NULL, :name, :phone, :area, :owner, :dept, :handler, 1, :now, "
            ":now, :due, :detail) RETURNING id"
        ),
        {"uid": order.uid.bytes, "no": order.order_no, "kind": order.kind.value,
         "sub": order.subtype, "state": order.state, "account": order.account_id,
         "name": order.customer_name, "phone": order.contact_phone, "area": order.area_code,
         "owner": order.first_owner_no, "dept": order.department, "handler": order.handler_no,
         "now": naive_utc(order.created_at), "due": naive_utc(order.due_at),
         "detail": json.dumps(dict(order.detail), ensure_ascii=False, sort_keys=True)},
    ).scalar_one()  # fmt: skip
    write_steps(connection, int(order_id), order.steps)
    return int(order_id)


def write_steps(connection: Connection, order_id: int, steps: Sequence[PlannedStep]) -> None:
    connection.execute(text("DELETE FROM work_order_step WHERE order_id = :o"), {"o": order_id})
    if steps:
        connection.execute(
            text(
                "INSERT INTO work_order_step (order_id, seq, step, unit, due_at, provisional, "
                "done_at) VALUES (:o, :seq, :step, :unit, :due, :prov, :done)"
            ),
            [{"o": order_id, "seq": seq, "step": s.step, "unit": s.unit.value,
              "due": naive_utc(s.due_at), "prov": s.provisional,
              "done": None if s.done_at is None else naive_utc(s.done_at)}
             for seq, s in enumerate(steps, start=1)],
        )  # fmt: skip


def update_order(connection: Connection, before: Order, after: Order, now: datetime) -> bool:
    """Write ``after`` if the row is still at ``before.version``; False when someone else won."""
    done = connection.execute(
        text(
            "UPDATE work_order SET state = :state, department = :dept, handler_no = :handler, "
            "paused_from = :pf, paused_at = :pa, version = version + 1, updated_at = :now, "
            "due_at = :due, closed_at = :closed, detail = :detail "
            "WHERE id = :id AND version = :version"
        ),
        {"state": after.state, "dept": after.department, "handler": after.handler_no,
         "pf": after.paused_from, "pa": _stored(after.paused_at),
         "now": naive_utc(now), "due": naive_utc(after.due_at),
         "closed": _stored(after.closed_at),
         "detail": json.dumps(dict(after.detail), ensure_ascii=False, sort_keys=True),
         "id": before.id, "version": before.version},
    )  # fmt: skip
    if done.rowcount != 1:
        return False
    if after.steps != before.steps:
        write_steps(connection, before.id, after.steps)
    return True


def _stored(moment: datetime | None) -> datetime | None:
    return None if moment is None else naive_utc(moment)


def insert_event(connection: Connection, order_id: int, event: OrderEvent) -> None:
    connection.execute(
        text(
            "INSERT INTO work_order_event (order_id, at, clerk_no, action, from_state, to_state, "
            "department, handler_no, note, detail) VALUES (:o, :at, :clerk, :action, :from_, :to, "
            ":dept, :handler, :note, :detail)"
        ),
        {"o": order_id, "at": naive_utc(event.at), "clerk": event.clerk_no, "action": event.action,
         "from_": event.from_state, "to": event.to_state, "dept": event.department,
         "handler": event.handler_no, "note": event.note,
         "detail": json.dumps(dict(event.detail), ensure_ascii=False, sort_keys=True)},
    )  # fmt: skip
