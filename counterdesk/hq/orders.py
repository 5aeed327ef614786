"""Work orders at HQ: the order acts terminals send, and the meter change's precondition.

A terminal writes an ``order.<action>`` op for every act (``counterdesk.orders.engine._record``).
HQ keeps the order's current state and its history (``hq_work_order_event``) and sends the order
row back to the order's area, so every hall serving that area sees where it stands.

Orders are insert-only at the terminal and later changes are events (SYNC.md), applied in the
order they arrive. The exception is a meter change's ``execute``: it changes HQ's master data (the
installation), so it is a command with a precondition. The meter the terminal expected to remove
must still be the account's meter, and the account's master-data version must be the one the
terminal saw; otherwise another hall changed the meter first, and this change goes to the conflict
inbox (``meter_changed``). First applied wins; never last writer wins.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, datetime
from typing import Any

from pydantic import Field
from sqlalchemy import insert, select, text, update

from counterdesk.domain.orders.meter_change import MeterChangePrecondition
from counterdesk.hq import schema
from counterdesk.hq.changes import emit_rows, tombstones
from counterdesk.hq.ops import (
    AccountState,
    Context,
    OpRefusedError,
    Payload,
    Text16,
    Text24,
    Text32,
    Text40,
    Text100,
    as_uuid,
    dumps,
    lock_account,
    parse,
    utc,
)


class OrderAct(Payload):
    """``order.<action>`` version 1. The last five fields were added for HQ (an order's create
    must say whose account and which area it is); without them HQ falls back to the account
    number and the terminal's first area."""

    order_uid: uuid.UUID
    order_no: Text32
    kind: Text24
    subtype: Text32 = ""
    account_no: Text32 = ""
    from_state: Text24 | None = Field(default=None, alias="from")
    to: Text24 | None = None
    first_owner_no: Text16 = ""
    department: Text40 = ""
    handler_no: Text40 = ""
    clerk_no: Text16
    at: datetime
    detail: dict[str, Any] = Field(default_factory=dict)
    account_uid: uuid.UUID | None = None
    customer_name: Text100 = ""
    area_code: Text16 = ""
    due_at: datetime | None = None
    closed_at: datetime | None = None


def act_on_order(context: Context) -> dict[str, Any]:
    action = context.op.kind.split(".", 1)[1]
    if len(action) > 24:
        raise OpRefusedError("rejected", "unknown_kind", f"{context.op.kind} is not an order act.")
    order = parse(OrderAct, context)
    if action == "create":
        _create(context, order)
    else:
        _act(context, order, action)
    _event(context, order, action)
    emit_rows(context.connection, "work_order", [str(order.order_uid)], now=context.now)
    return {}


def _create(context: Context, order: OrderAct) -> None:
    connection = context.connection
    o = schema.work_order.c
    taken = connection.execute(
        select(o.order_no).where((o.uid == order.order_uid) | (o.order_no == order.order_no))
    ).first()
    if taken is not None:
        raise OpRefusedError(
            "conflict",
            "duplicate_order",
            f"Order {order.order_no} is at HQ already under this id or number.",
        )
    account_uid = order.account_uid
    if account_uid is None and order.account_no:
        found = connection.execute(
            select(schema.account.c.uid).where(schema.account.c.number == order.account_no)
        ).scalar_one_or_none()
        account_uid = None if found is None else as_uuid(found)
    area = order.area_code
    if not area and account_uid is not None:
        area = str(
            connection.execute(
                select(schema.account.c.area_code).where(schema.account.c.uid == account_uid)
            ).scalar_one_or_none()
            or ""
        )
    if not area and context.terminal.areas:
        area = context.terminal.areas[0]
    connection.execute(
        insert(schema.work_order).values(
            uid=order.order_uid,
            order_no=order.order_no,
            kind=order.kind,
            subtype=order.subtype,
            state=order.to or "",
            account_uid=account_uid,
            customer_name=order.customer_name,
            area_code=area,
            first_owner_no=order.first_owner_no or order.clerk_no,
            department=order.department,
            handler_no=order.handler_no,
            created_at=utc(order.at),
            due_at=None if order.due_at is None else utc(order.due_at),
            closed_at=None if order.closed_at is None else utc(order.closed_at),
            version=1,
            terminal_id=context.terminal.terminal_id,
        )
    )


def _act(context: Context, order: OrderAct, action: str) -> None:
    connection = context.connection
    row = connection.execute(
        text(
            "SELECT kind, account_uid FROM hq_work_order "  # noqa: S608 - constants
            f"WHERE uid = :u{context.lock}"
        ),
        {"u": context.uid(order.order_uid)},
    ).one_or_none()
    if row is None:
        raise OpRefusedError(
            "conflict",
            "unknown_order",
            f"Order {order.order_no} is not at HQ (its creation was refused or has not arrived), "
            f"so its {action} cannot be booked.",
        )
    if action == "execute" and row.kind == "meter_change":
        account = None if row.account_uid is None else as_uuid(row.account_uid)
        _execute_meter_change(context, order, account)
    values: dict[str, Any] = {
        "department": order.department,
        "handler_no": order.handler_no,
    }
    if order.to is not None:
        values["state"] = order.to
    if action != "supervise":  # a supervision note does not move the order (nor its version)
        values["version"] = schema.work_order.c.version + 1
    payload = context.op.payload
    if "due_at" in payload and order.due_at is not None:
        values["due_at"] = utc(order.due_at)
    if "closed_at" in payload:
        values["closed_at"] = None if order.closed_at is None else utc(order.closed_at)
    connection.execute(
        update(schema.work_order).where(schema.work_order.c.uid == order.order_uid).values(values)
    )


def _event(context: Context, order: OrderAct, action: str) -> None:
    context.connection.execute(
        insert(schema.work_order_event).values(
            op_id=context.op.op_id,
            order_uid=order.order_uid,
            action=action,
            from_state=order.from_state,
            to_state=order.to,
            clerk_no=order.clerk_no,
            at=utc(order.at),
            payload=dumps(context.op.payload),
        )
    )


# --- the meter change ----------------------------------------------------------------------------


def _bad(order: OrderAct, problem: str) -> OpRefusedError:
    return OpRefusedError("rejected", "bad_payload", f"Meter change {order.order_no}: {problem}")


def _execute_meter_change(context: Context, order: OrderAct, account_uid: uuid.UUID | None) -> None:
    """Check the precondition against HQ's records and switch the installation, or refuse."""
    detail = order.detail
    try:
        precondition = MeterChangePrecondition.from_payload(detail.get("precondition"))
        changed_on = date.fromisoformat(str(detail["changed_on"]))
        new_meter_uid = uuid.UUID(str(detail["new_meter_uid"]))
        initial = {str(k): int(v) for k, v in dict(detail.get("new_initial", {})).items()}
        installation_uid = (
            uuid.UUID(str(detail["new_installation_uid"]))
            if detail.get("new_installation_uid")
            else uuid.uuid5(order.order_uid, "installation")
        )
    except (KeyError, ValueError, TypeError) as error:
        raise _bad(order, f"the execute act's detail cannot be read ({error}).") from None
    account = None if account_uid is None else lock_account(context, account_uid)
    if account is None:
        raise OpRefusedError(
            "rejected", "unknown_account", f"Meter change {order.order_no} has no account at HQ."
        )
    connection = context.connection
    active = connection.execute(
        text(
            "SELECT uid, meter_uid FROM hq_meter_installation "  # noqa: S608 - constants
            f"WHERE account_uid = :a AND removed_on IS NULL{context.lock}"
        ),
        {"a": context.uid(account.uid)},
    ).first()
    current = None if active is None else as_uuid(active.meter_uid)
    found = precondition.conflicts(current, account.version)
    if found:
        moved = current != precondition.expected_meter_uid
        code = (
            "meter_changed"
            if moved or account.version != precondition.account_version
            else ("reading_conflict")
        )
        raise OpRefusedError(
            "conflict", code, f"Meter change {order.order_no}: " + " ".join(map(str, found))
        )
    meter = _new_meter(context, order, new_meter_uid)
    elsewhere = connection.execute(
        select(schema.meter_installation.c.account_uid).where(
            (schema.meter_installation.c.meter_uid == meter[0])
            & schema.meter_installation.c.removed_on.is_(None)
        )
    ).first()
    if elsewhere is not None:
        raise OpRefusedError(
            "conflict",
            "meter_installed",
            f"Meter change {order.order_no}: the new meter is installed on account "
            f"{elsewhere[0]} at HQ.",
        )
    _switch(context, account, active, meter, (installation_uid, changed_on, initial))


def _new_meter(context: Context, order: OrderAct, meter_uid: uuid.UUID) -> tuple[uuid.UUID, str]:
    """The new meter as HQ knows it (uid, area): by the terminal's id, else by its number (a meter
    the terminal took from stock outside its mirror got an id of its own there)."""
    connection = context.connection
    m = schema.meter.c
    row = connection.execute(select(m.uid, m.area_code).where(m.uid == meter_uid)).first()
    if row is None:
        created = connection.execute(
            select(schema.work_order_event.c.payload).where(
                (schema.work_order_event.c.order_uid == order.order_uid)
                & (schema.work_order_event.c.action == "create")
            )
        ).scalar_one_or_none()
        number = ""
        if created is not None:
            detail = json.loads(str(created)).get("detail", {})
            number = str(dict(detail.get("new_meter", {})).get("number", ""))
        if number:
            row = connection.execute(select(m.uid, m.area_code).where(m.number == number)).first()
    if row is None:
        raise OpRefusedError(
            "conflict",
            "unknown_meter",
            f"Meter change {order.order_no}: the new meter is not in HQ's meter records; add it "
            "to HQ's stock and retry.",
        )
    return as_uuid(row[0]), str(row[1])


def _switch(
    context: Context,
    account: AccountState,
    active: Any,
    meter: tuple[uuid.UUID, str],
    new: tuple[uuid.UUID, date, dict[str, int]],
) -> None:
    """End the old installation, start the new one, move the meter to the account's area, and
    bump the account's master-data version: one change, so no hall sees two meters or none."""
    connection = context.connection
    installation_uid, changed_on, initial = new
    i = schema.meter_installation.c
    touched = [str(installation_uid)]
    if active is not None:
        connection.execute(
            update(schema.meter_installation)
            .where(i.uid == as_uuid(active.uid))
            .values(removed_on=changed_on)
        )
        touched.insert(0, str(as_uuid(active.uid)))
    connection.execute(
        insert(schema.meter_installation).values(
            uid=installation_uid,
            meter_uid=meter[0],
            account_uid=account.uid,
            installed_on=changed_on,
            removed_on=None,
            initial_readings=json.dumps(initial, sort_keys=True),
            area_code=account.area_code,
        )
    )
    if meter[1] != account.area_code:
        if meter[1]:
            tombstones(connection, meter[1], "meter", [str(meter[0])], now=context.now)
        connection.execute(
            update(schema.meter)
            .where(schema.meter.c.uid == meter[0])
            .values(area_code=account.area_code)
        )
    connection.execute(
        update(schema.account)
        .where(schema.account.c.uid == account.uid)
        .values(version=schema.account.c.version + 1)
    )
    emit_rows(connection, "account", [str(account.uid)], now=context.now)
    emit_rows(connection, "meter", [str(meter[0])], now=context.now)
    emit_rows(connection, "meter_installation", touched, now=context.now)
