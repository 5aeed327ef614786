"""Registering and moving cases (complaints, reports, inquiries: 投诉、举报、咨询工作单).

The closed loop (DOMAIN.md): the clerk who registers the case owns it (首问负责), transfers it to
the responsible department with its contact and reply deadlines, records the reply, and calls the
customer back (回访); an unsatisfied customer reopens it with fresh deadlines.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Final

from sqlalchemy import Connection, text

from counterdesk.domain.orders import cases as rules
from counterdesk.domain.orders.cases import CaseDraft, CaseKind
from counterdesk.orders.engine import NewOrder, create
from counterdesk.orders.errors import OrderError
from counterdesk.orders.records import Order, OrderKind
from counterdesk.orders.types import ActContext, Effect, OrderType
from counterdesk.services.auth import SignedIn
from counterdesk.store import settings

_COMPLETES: Final[dict[str, frozenset[str]]] = {
    rules.TRANSFER: frozenset({rules.CONTACT}),
    rules.ACCEPT: frozenset({rules.CONTACT}),
    rules.REPLY: frozenset({rules.CONTACT, rules.REPLY_STEP}),
    rules.ANSWER: frozenset({rules.CONTACT, rules.REPLY_STEP}),
    rules.CALL_BACK_SATISFIED: frozenset({rules.CALL_BACK}),
    rules.CALL_BACK_UNSATISFIED: frozenset({rules.CALL_BACK}),
    rules.CLOSE_WITHOUT_CALL_BACK: frozenset({rules.CALL_BACK}),
}
"""Which deadlines an action meets: the first contact is the transfer or the acceptance, and an
answer given on the spot is both the contact and the reply."""


def standards(connection: Connection) -> dict[CaseKind, rules.CaseStandard]:
    return rules.parse_case_standards(settings.read_all(connection)["orders.case_standards"])


def _kind(order: Order) -> CaseKind:
    return CaseKind(order.subtype)


def _declined(order: Order) -> bool:
    return bool(order.detail.get("call_back_declined", False))


def _effect(context: ActContext) -> Effect:
    order, action = context.order, context.action
    kind = _kind(order)
    if action in (rules.REPLY, rules.ANSWER):
        reply = str(context.detail.get("reply", "")).strip()
        if not reply:
            raise OrderError("Write the reply given to the customer.", field="reply")
        contacted = tuple(
            replace(step, done_at=context.now)
            if step.step == rules.CONTACT and step.done_at is None
            else step
            for step in order.steps
        )
        steps = rules.replan_after_reply(context.calendar, kind, contacted, context.now,
                                         standards(context.connection))  # fmt: skip
        return Effect({"reply": reply}, steps)
    if action == rules.CALL_BACK_UNSATISFIED:
        done = tuple(
            replace(step, done_at=context.now) if step.step == rules.CALL_BACK else step
            for step in order.steps
        )
        steps = rules.replan_reopened(context.calendar, kind, done, context.now,
                                      standards(context.connection))  # fmt: skip
        rounds = int(order.detail.get("reopened", 0)) + 1
        return Effect({"reopened": rounds}, steps)
    return Effect()


CASE_TYPE: Final = OrderType(
    OrderKind.CASE,
    workflow=lambda order: rules.CASE_WORKFLOWS[_kind(order)],
    completes=lambda _order, action, _target: _COMPLETES.get(action, frozenset()),
    effect=_effect,
    fire=lambda order, action: rules.fire_case(
        _kind(order), order.order_no, order.state, action, call_back_declined=_declined(order)
    ),
    actions=lambda order: rules.case_actions(
        _kind(order), order.state, call_back_declined=_declined(order)
    ),
)


@dataclass(frozen=True)
class CaseIn:
    """A case as the counter registers it; ``order_uid`` is made once by the form."""

    order_uid: uuid.UUID
    draft: CaseDraft
    customer_name: str
    account_id: int | None
    department: str
    handler_no: str = ""


def register_case(connection: Connection, actor: SignedIn, case: CaseIn, now: datetime) -> Order:
    """Register a case in the caller's transaction with its contact, reply and call-back dates."""
    draft = rules.check_case_draft(case.draft)
    name = case.customer_name.strip()
    if not name and draft.kind is not CaseKind.REPORT:
        raise OrderError("Write the customer's name (a report may stay anonymous).", field="name")
    area = ""
    if case.account_id is not None:
        area = str(
            connection.execute(
                text("SELECT area_code FROM account WHERE id = :a"), {"a": case.account_id}
            ).scalar_one()
        )
    steps = rules.plan_case(settings.load_calendar(connection), draft.kind, now,
                            standards(connection))  # fmt: skip
    return create(
        connection,
        actor,
        NewOrder(
            order_uid=case.order_uid,
            kind=OrderKind.CASE,
            subtype=draft.kind.value,
            state=rules.REGISTERED,
            account_id=case.account_id,
            customer_name=name or "匿名",
            contact_phone=draft.phone or "",
            area_code=area,
            department=case.department,
            handler_no=case.handler_no,
            steps=steps,
            detail={
                "category": draft.category.value,
                "channel": draft.channel.value,
                "content": draft.content,
                "call_back_declined": draft.call_back_declined,
            },
        ),
        now,
    )
