"""The engine every order kind goes through: create, act, transfer, supervise.

Why one engine: the rules that make work orders trustworthy are the same for every kind. The
first-contact owner (首问负责人) is written once at creation and no statement here can change it; a
screen acting on an order it read before someone else changed it is refused (``version``), not
obeyed; every change is one transaction with its history row, audit entry and outbox row for HQ.
What differs between kinds lives in :mod:`counterdesk.orders.types` and the kinds' modules.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, text

from counterdesk.domain.orders.steps import PlannedStep, next_open, shift_open_steps
from counterdesk.domain.orders.workflow import PAUSE, RESUME, TransitionRefusedError
from counterdesk.domain.permissions import Permission
from counterdesk.orders.errors import (
    DuplicateOrderError,
    EmptyDepartmentError,
    EmptyNoteError,
    StaleOrderError,
)
from counterdesk.orders.records import (
    ORDER_PREFIX,
    Order,
    OrderEvent,
    OrderKind,
    insert_event,
    insert_order,
    load_order,
    update_order,
)
from counterdesk.orders.types import ActContext, OrderType
from counterdesk.services.auth import Approval, SignedIn, consume_approval, require
from counterdesk.services.common import business_day
from counterdesk.store import audit, outbox, settings
from counterdesk.store.sequences import next_number


def order_type(kind: OrderKind) -> OrderType:
    """The kind's rules (imported late: the kinds' modules import this engine)."""
    from counterdesk.orders.catalog import ORDER_TYPES

    return ORDER_TYPES[kind]


def available_actions(order: Order) -> tuple[str, ...]:
    """What the counter offers as buttons for ``order`` now."""
    kind = order_type(order.kind)
    if kind.actions is not None:
        return kind.actions(order)
    return kind.workflow(order).available(order.state)


@dataclass(frozen=True)
class NewOrder:
    """An order as the counter submits it; ``order_uid`` is made by the client, once."""

    order_uid: uuid.UUID
    kind: OrderKind
    subtype: str
    state: str
    account_id: int | None
    customer_name: str
    contact_phone: str
    area_code: str
    department: str
    handler_no: str
    steps: tuple[PlannedStep, ...]
    detail: Mapping[str, Any]
    note: str = ""


def new_order_no(connection: Connection, kind: OrderKind, now: datetime) -> str:
    """``YK-T01-20261121-003``: kind, terminal, business day, a gapless number per day."""
    terminal = settings.load(connection).terminal_code
    day = f"{business_day(now):%Y%m%d}"
    number = next_number(connection, f"order:{kind.value}:{terminal}:{day}")
    return f"{ORDER_PREFIX[kind]}-{terminal}-{day}-{number:03d}"


def create(connection: Connection, actor: SignedIn, new: NewOrder, now: datetime) -> Order:
    """Write a new order, its steps, its first history line, audit and outbox, in the caller's
    transaction. The clerk who creates it is its first-contact owner (首问负责)."""
    require(actor, Permission.HANDLE_ORDERS)
    taken = connection.execute(
        text("SELECT order_no FROM work_order WHERE uid = :u"), {"u": new.order_uid.bytes}
    ).scalar_one_or_none()
    if taken is not None:
        raise DuplicateOrderError(str(taken))
    first = next_open(new.steps)
    order = Order(
        id=0,
        uid=new.order_uid,
        order_no=new_order_no(connection, new.kind, now),
        kind=new.kind,
        subtype=new.subtype,
        state=new.state,
        account_id=new.account_id,
        account_no="",
        customer_name=new.customer_name.strip(),
        contact_phone=new.contact_phone.strip(),
        area_code=new.area_code.strip(),
        first_owner_no=actor.number,
        department=new.department.strip(),
        handler_no=new.handler_no.strip() or actor.number,
        paused_from=None,
        paused_at=None,
        version=1,
        created_at=now,
        due_at=now if first is None else first.due_at,
        closed_at=None,
        detail=dict(new.detail),
        steps=new.steps,
    )
    order_id = insert_order(connection, order)
    stored = replace(order, id=order_id)
    _record(connection, actor, stored, action="create", from_state=None, to_state=stored.state,
            note=new.note, detail=new.detail, now=now)  # fmt: skip
    return load_order(connection, new.order_uid)


def act(
    connection: Connection,
    actor: SignedIn,
    order_uid: uuid.UUID,
    action: str,
    *,
    expected_version: int,
    now: datetime,
    note: str = "",
    detail: Mapping[str, Any] | None = None,
    approval: Approval | None = None,
) -> Order:
    """Move an order by ``action``; refused when the state machine, the version or the kind's
    guard says no. An approval step (a back-billing amount) needs a manager: the actor when a
    manager acts, else a manager's on-the-spot ``approval`` for ``order.<action>``."""
    require(actor, Permission.HANDLE_ORDERS)
    order = load_order(connection, order_uid)
    if order.version != expected_version:
        raise StaleOrderError(order.order_no)
    kind = order_type(order.kind)
    flow = kind.workflow(order)
    target = (
        kind.fire(order, action)
        if kind.fire is not None
        else flow.fire(order.order_no, order.state, action, paused_from=order.paused_from)
    )
    approved_by = ""
    if (
        action not in (PAUSE, RESUME)
        and flow.transition(order.order_no, order.state, action).approval
    ):
        if approval is not None:
            consume_approval(connection, approval, permission=Permission.APPROVE,
                             act=f"order.{action}", now=now, by=actor)  # fmt: skip
            approved_by = approval.manager_no
        else:
            require(actor, Permission.APPROVE)
            approved_by = actor.number
    given = dict(detail or {})
    calendar = settings.load_calendar(connection)
    context = ActContext(connection, order, action, target, given, now, actor, calendar)
    kind.guard(context)
    steps = order.steps
    paused_from, paused_at = order.paused_from, order.paused_at
    if action == PAUSE:
        paused_from, paused_at = order.state, now
    elif action == RESUME:
        if order.paused_at is not None:
            steps = shift_open_steps(calendar, steps, order.paused_at, now)
        paused_from, paused_at = None, None
    else:
        steps = _complete(steps, kind.completes(order, action, target), now)
    effect = kind.effect(context)
    if effect.steps is not None:
        steps = effect.steps
    upcoming = next_open(steps)
    after = replace(
        order,
        state=target,
        paused_from=paused_from,
        paused_at=paused_at,
        steps=steps,
        due_at=order.due_at if upcoming is None else upcoming.due_at,
        closed_at=now if target in flow.final else None,
        detail={**order.detail, **effect.detail},
    )
    if not update_order(connection, order, after, now):
        raise StaleOrderError(order.order_no)
    recorded = {**given, **effect.detail}
    if approved_by:
        recorded["approved_by"] = approved_by
    _record(connection, actor, after, action=action, from_state=order.state, to_state=target,
            note=note, detail=recorded, now=now)  # fmt: skip
    return load_order(connection, order_uid)


def transfer(
    connection: Connection,
    actor: SignedIn,
    order_uid: uuid.UUID,
    *,
    department: str,
    handler_no: str,
    expected_version: int,
    now: datetime,
    note: str = "",
) -> Order:
    """Hand an open order to a department and person (转派). The first-contact owner stays; where
    the state machine has a ``transfer`` move (a case), it is taken too."""
    require(actor, Permission.HANDLE_ORDERS)
    order = load_order(connection, order_uid)
    if order.version != expected_version:
        raise StaleOrderError(order.order_no)
    flow = order_type(order.kind).workflow(order)
    if not flow.is_open(order.state):
        raise TransitionRefusedError(order.order_no, order.state, "transfer")
    if not department.strip():
        raise EmptyDepartmentError()
    target, steps = order.state, order.steps
    if "transfer" in available_actions(order):
        target = flow.fire(order.order_no, order.state, "transfer")
        steps = _complete(steps, order_type(order.kind).completes(order, "transfer", target), now)
    upcoming = next_open(steps)
    after = replace(order, state=target, department=department.strip(),
                    handler_no=handler_no.strip(), steps=steps,
                    due_at=order.due_at if upcoming is None else upcoming.due_at)  # fmt: skip
    if not update_order(connection, order, after, now):
        raise StaleOrderError(order.order_no)
    _record(connection, actor, after, action="transfer", from_state=order.state, to_state=target,
            note=note, detail={}, now=now)  # fmt: skip
    return load_order(connection, order_uid)


def supervise(
    connection: Connection, actor: SignedIn, order_uid: uuid.UUID, *, note: str, now: datetime
) -> Order:
    """A supervision note (督办) on an overdue or held order: a manager's, kept in the history."""
    require(actor, Permission.SUPERVISE)
    if not note.strip():
        raise EmptyNoteError()
    order = load_order(connection, order_uid)
    _record(connection, actor, order, action="supervise", from_state=order.state,
            to_state=order.state, note=note, detail={}, now=now)  # fmt: skip
    return order


def _complete(
    steps: tuple[PlannedStep, ...], done: frozenset[str], now: datetime
) -> tuple[PlannedStep, ...]:
    """The steps with those named in ``done`` marked done now (a step is done once)."""
    return tuple(
        replace(step, done_at=now) if step.step in done and step.done_at is None else step
        for step in steps
    )


def _record(
    connection: Connection,
    actor: SignedIn,
    order: Order,
    *,
    action: str,
    from_state: str | None,
    to_state: str | None,
    note: str,
    detail: Mapping[str, Any],
    now: datetime,
) -> None:
    """History line, audit entry and outbox row for one change, in the caller's transaction."""
    event = OrderEvent(now, actor.number, action, from_state, to_state, order.department,
                       order.handler_no, note.strip(), dict(detail))  # fmt: skip
    insert_event(connection, order.id, event)
    audit.append(
        connection,
        at=now,
        actor=actor.number,
        action=f"order.{action}",
        subject=order.order_no,
        detail={"order_uid": str(order.uid), "from": from_state, "to": to_state,
                "department": order.department, "handler": order.handler_no},
    )  # fmt: skip
    outbox.add(
        connection,
        op_id=uuid.uuid4(),
        terminal_id=settings.load(connection).terminal_code,
        kind=f"order.{action}",
        payload={
            "order_uid": str(order.uid),
            "order_no": order.order_no,
            "kind": order.kind.value,
            "subtype": order.subtype,
            "account_no": order.account_no,
            "from": from_state,
            "to": to_state,
            "first_owner_no": order.first_owner_no,
            "department": order.department,
            "handler_no": order.handler_no,
            "clerk_no": actor.number,
            "at": now.isoformat(),
            "note": note.strip(),
            "detail": dict(detail),
            # What HQ needs to hold the order as the terminal does (counterdesk.hq.orders).
            "account_uid": _account_uid(connection, order.account_id),
            "customer_name": order.customer_name,
            "area_code": order.area_code,
            "due_at": order.due_at.isoformat(),
            "closed_at": None if order.closed_at is None else order.closed_at.isoformat(),
        },
        business_time=now,
        now=now,
    )


def _account_uid(connection: Connection, account_id: int | None) -> str | None:
    if account_id is None:
        return None
    uid = connection.execute(
        text("SELECT uid FROM account WHERE id = :a"), {"a": account_id}
    ).scalar_one_or_none()
    return None if uid is None else str(uuid.UUID(bytes=bytes(uid)))
