"""After a meter change: the customer's confirmation, the test finding, and back-billing (电量退补).

A change for a fault or a test waits for the old meter's test result before it closes
(:func:`~counterdesk.domain.orders.meter_change.check_close`). The finding travels in the detail of
the act that needs it, ``close`` (nothing wrong found) or ``start_back_billing`` (an error found,
with the computation), so it is recorded by the same act that depends on it, never separately.

Back-billing is computed by :func:`~counterdesk.domain.back_billing.compute_back_billing` and
stored with the order, with everything needed to compute it again: the case as typed, the price,
and who computed it. A manager other than that clerk approves it (``approve`` is an approval
transition, and the notice names both people), and the approval writes the ``back_billing`` bill
in the same transaction.

The price: the account's tariff gives it only when the tariff has one price (a flat tariff); a
tiered or time-of-use tariff has no single price for energy spread over many months and registers,
and which one applies is the utility's rule, not the counter's guess. So the clerk types the price
per kWh from the utility's decision (prefilled with the flat price where there is one), and the
domain refuses a price that is not above zero.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any, Final

from sqlalchemy import Connection, text

from counterdesk.documents.back_billing import BackBillingNotice
from counterdesk.documents.receipts import MeterChangeReason
from counterdesk.domain.accounts import billed_units, period_of
from counterdesk.domain.back_billing import (
    BackBillingCase,
    BackBillingError,
    BackBillingResult,
    BackBillingRules,
    MeterErrorCase,
    MultiplierCase,
    WiringErrorCase,
    compute_back_billing,
    parse_back_billing_rules,
)
from counterdesk.domain.orders import meter_change as rules
from counterdesk.domain.orders.meter_change import Finding, MeterChangeCase
from counterdesk.domain.permissions import Permission
from counterdesk.domain.tariff import Price
from counterdesk.orders.engine import act
from counterdesk.orders.meter_facts import MeterChangeError, load_meter_change, meter_facts
from counterdesk.orders.records import Order, load_events
from counterdesk.orders.types import ActContext, Effect
from counterdesk.services.auth import Approval, SignedIn
from counterdesk.services.common import business_day, local
from counterdesk.store import settings

BACK_BILLING_DUE_DAYS: Final = 15
"""Calendar days from the approval to the due date of the back-billing bill (the hall's practice;
the late fee counts from the day after, as for an energy bill)."""

_REBUILD_RULES: Final = BackBillingRules(error_limit_percent=99, wiring_factor_limit=1_000_000)
"""Limits for computing an approved case again: its figures were checked when it was computed,
and a later, stricter setting must not make an approved notice impossible to print."""


# --- confirm and close ---------------------------------------------------------------------------


def confirm_readings(
    connection: Connection,
    actor: SignedIn,
    order_uid: uuid.UUID,
    *,
    expected_version: int,
    now: datetime,
) -> Order:
    """The customer confirmed the readings (signed the notice): ``confirm``."""
    load_meter_change(connection, order_uid)
    return act(connection, actor, order_uid, rules.CONFIRM, expected_version=expected_version,
               now=now)  # fmt: skip


def close_meter_change(
    connection: Connection,
    actor: SignedIn,
    order_uid: uuid.UUID,
    *,
    expected_version: int,
    finding: Finding | None,
    now: datetime,
    note: str = "",
) -> Order:
    """Close a confirmed (or approved) change; a fault or test change records its ``finding``."""
    load_meter_change(connection, order_uid)
    detail = {} if finding is None else {"finding": finding.value}
    return act(connection, actor, order_uid, rules.CLOSE, expected_version=expected_version,
               now=now, note=note, detail=detail)  # fmt: skip


def change_case(order: Order, detail: Mapping[str, Any]) -> MeterChangeCase:
    """The order's reason and the finding in ``detail`` (the order's, or what the act adds)."""
    value = detail.get("finding")
    try:
        finding = None if value in (None, "") else Finding(str(value))
    except ValueError:
        raise MeterChangeError(
            "“{finding}” is not a test finding.", finding=str(value), field="finding"
        ) from None
    return MeterChangeCase(MeterChangeReason(order.subtype), finding)


# --- the case as stored --------------------------------------------------------------------------


def case_payload(case: BackBillingCase) -> dict[str, Any]:
    """The JSON form of a case, exact (powers as fractions ``"433/250"``)."""
    common = {"kind": case.kind.value, "recorded_units": case.recorded_units,
              "since": case.since.isoformat(), "until": case.until.isoformat()}  # fmt: skip
    if isinstance(case, MeterErrorCase):
        return {**common, "error_bp": case.error_bp}
    if isinstance(case, WiringErrorCase):
        return {**common, "correct_power": str(case.correct_power),
                "wrong_power": str(case.wrong_power)}  # fmt: skip
    return {**common, "correct_multiplier": case.correct_multiplier,
            "wrong_multiplier": case.wrong_multiplier}  # fmt: skip


def case_from_payload(value: Mapping[str, Any]) -> BackBillingCase:
    """:func:`case_payload` read back."""
    units = int(value["recorded_units"])
    since, until = date.fromisoformat(value["since"]), date.fromisoformat(value["until"])
    kind = value["kind"]
    if kind == Finding.METER_ERROR:
        return MeterErrorCase(int(value["error_bp"]), units, since, until)
    if kind == Finding.WIRING_ERROR:
        return WiringErrorCase(Fraction(value["correct_power"]), Fraction(value["wrong_power"]),
                               units, since, until)  # fmt: skip
    return MultiplierCase(int(value["correct_multiplier"]), int(value["wrong_multiplier"]), units,
                          since, until)  # fmt: skip


def back_billing_rules(connection: Connection) -> BackBillingRules:
    return parse_back_billing_rules(settings.read_all(connection)["orders.back_billing_rules"])


# --- what the dialog starts from -----------------------------------------------------------------


@dataclass(frozen=True)
class BackBillingFacts:
    """What the back-billing dialog prefills and shows, read from the executed order.

    ``since`` is the day the removed meter was installed (换装投入之日), ``until`` the change;
    ``recorded_units`` the energy its registers recorded in between (``(final − initial) ×
    multiplier``, summed), None when the installation's initial readings are not on record.
    """

    order: Order
    changed_on: date
    since: date
    recorded_units: int | None
    multiplier: int
    suggested_price: Price | None
    rules: BackBillingRules
    result: BackBillingResult | None
    """The stored computation, once back-billing has started."""


def _changed_on(order: Order) -> date:
    if "changed_on" not in order.detail:
        raise MeterChangeError(
            "Order {order} has no meter changed yet, so there is nothing to back-bill.",
            order=order.order_no,
        )
    return date.fromisoformat(str(order.detail["changed_on"]))


def stored_result(order: Order) -> BackBillingResult | None:
    """The order's back-billing computed again from what was stored (exact, same figures)."""
    stored = order.detail.get("back_billing")
    if not stored:
        return None
    return compute_back_billing(
        case_from_payload(stored["case"]), int(stored["price"]), _REBUILD_RULES
    )


def back_billing_facts(connection: Connection, order_uid: uuid.UUID) -> BackBillingFacts:
    order = load_meter_change(connection, order_uid)
    changed_on = _changed_on(order)
    old = order.detail["old_meter"]
    initial = {str(k): int(v) for k, v in dict(old.get("initial_readings") or {}).items()}
    final = {str(k): int(v) for k, v in dict(order.detail["old_final"]).items()}
    recorded: int | None = None
    if initial and set(initial) >= set(final):
        recorded = sum(
            billed_units(initial[register], reading, int(old["multiplier"]),
                         digits=int(old["digits"]))
            for register, reading in final.items()
        )  # fmt: skip
    assert order.account_id is not None
    return BackBillingFacts(
        order=order,
        changed_on=changed_on,
        since=date.fromisoformat(str(old["installed_on"])),
        recorded_units=recorded,
        multiplier=int(old["multiplier"]),
        suggested_price=meter_facts(connection, order.account_id).suggested_price,
        rules=back_billing_rules(connection),
        result=stored_result(order),
    )


# --- compute, approve, bill ----------------------------------------------------------------------


def start_back_billing(
    connection: Connection,
    actor: SignedIn,
    order_uid: uuid.UUID,
    *,
    expected_version: int,
    case_input: BackBillingCase,
    price: Price,
    now: datetime,
) -> tuple[Order, BackBillingResult]:
    """Record the finding (the case's kind) and the computation: ``start_back_billing``."""
    order = load_meter_change(connection, order_uid)
    changed_on = _changed_on(order)
    if case_input.until > changed_on:
        raise BackBillingError(
            "The back-billing period must end by the change on {day}.",
            day=changed_on.isoformat(),
            field="until",
        )
    result = compute_back_billing(case_input, price, back_billing_rules(connection))
    stored = {
        "case": case_payload(case_input),
        "price": price,
        "correction_units": result.correction_units,
        "amount_fen": result.amount_fen,
        "explanation": list(result.explanation),
        "computed_by": actor.number,
    }
    order = act(connection, actor, order_uid, rules.START_BACK_BILLING,
                expected_version=expected_version, now=now,
                detail={"finding": case_input.kind.value, "back_billing": stored})  # fmt: skip
    return order, result


def approve_back_billing(
    connection: Connection,
    actor: SignedIn,
    order_uid: uuid.UUID,
    *,
    expected_version: int,
    approval: Approval | None,
    now: datetime,
) -> tuple[Order, BackBillingNotice]:
    """A manager approves the computation (``approve``); the bill is written in the same act.

    The engine takes the actor's own right to approve, else the manager's on-the-spot
    ``approval`` for ``order.approve``; the manager who approves must not be the one who computed.
    """
    order = load_meter_change(connection, order_uid)
    computed_by = str(dict(order.detail.get("back_billing") or {}).get("computed_by", ""))
    approver = ""  # without a right or an approval the engine refuses
    if actor.can(Permission.APPROVE):
        approver = actor.number
    elif approval is not None:
        approver = approval.manager_no
    if approver == computed_by:
        raise MeterChangeError(
            "The back-billing of order {order} was computed by {clerk}; another manager must "
            "approve it.",
            order=order.order_no,
            clerk=computed_by,
        )
    order = act(connection, actor, order_uid, rules.APPROVE, expected_version=expected_version,
                now=now, approval=approval)  # fmt: skip
    return order, back_billing_notice(connection, order_uid)


def write_back_billing_bill(context: ActContext) -> Effect:
    """The ``approve`` effect: the ``back_billing`` bill, due :data:`BACK_BILLING_DUE_DAYS` on.

    A negative amount is a refund (退还); a computation that corrects nothing writes no bill.
    Open point: the account view counts a negative bill as nothing owed but does not yet credit
    it to prepaid (预收); that rule belongs to the payments side and is still to be written.
    """
    stored = context.order.detail["back_billing"]
    amount, units = int(stored["amount_fen"]), int(stored["correction_units"])
    if amount == 0 and units == 0:
        return Effect({"bill_uid": None})
    today = business_day(context.now)
    bill_uid = uuid.uuid4()
    context.connection.execute(
        text(
            "INSERT INTO bill (uid, account_id, period, units, amount_fen, due_date, paid_fen, "
            "kind, order_uid) VALUES (:uid, :a, :period, :units, :amount, :due, 0, "
            "'back_billing', :o)"
        ),
        {"uid": bill_uid.bytes, "a": context.order.account_id,
         "period": period_of(today.year, today.month), "units": units, "amount": amount,
         "due": today + timedelta(days=BACK_BILLING_DUE_DAYS), "o": context.order.uid.bytes},
    )  # fmt: skip
    return Effect({"bill_uid": str(bill_uid)})


def back_billing_notice(connection: Connection, order_uid: uuid.UUID) -> BackBillingNotice:
    """The 退补电量通知单 of an approved order, the same every time it is asked for."""
    order = load_meter_change(connection, order_uid)
    approvals = [event for event in load_events(connection, order.id) if event.action == "approve"]
    result = stored_result(order)
    if not approvals or result is None:
        raise MeterChangeError(
            "Order {order} has no approved back-billing to print.", order=order.order_no
        )
    approved = approvals[-1]
    approved_at = local(approved.at)
    return BackBillingNotice(
        notice_uid=uuid.uuid5(order.uid, "back-billing-notice"),
        order_no=order.order_no,
        issuer=settings.load_hall_identity(connection),
        issued_on=approved_at.date(),
        account_no=order.account_no,
        customer_name=order.customer_name,
        address=str(order.detail.get("address", "")),
        old_meter_no=str(order.detail["old_meter"]["number"]),
        new_meter_no=str(order.detail["new_meter"]["number"]),
        changed_on=_changed_on(order),
        reason=MeterChangeReason(order.subtype),
        result=result,
        clerk_no=str(order.detail["back_billing"]["computed_by"]),
        approved_by=str(approved.detail.get("approved_by", approved.clerk_no)),
        approved_at=approved_at,
    )
