"""Meter changes (换表) at the counter: the request, and the change with its readings.

The order follows :data:`~counterdesk.domain.orders.meter_change.METER_CHANGE`. Three things make
it more than a state machine, and all three happen in the transaction of the act that needs them:

- **The readings.** The old meter's final and the new meter's initial reading of every register
  are typed twice and checked for plausibility (:mod:`counterdesk.domain.orders.readings`) before
  the ``execute`` act is written; an unusual reading passes only when the clerk confirms it.
- **The installation.** ``execute`` ends the old installation, starts the new one with its initial
  readings, writes both readings as ``meter_reading`` rows, bumps the account's version and
  queues the meter change slip: the account is never seen with two meters or none.
- **The sync precondition** (SYNC.md): the order carries the meter it expects to remove, the
  account version the terminal saw and the final readings against the last known ones, so HQ can
  send a change that no longer fits to the conflict inbox instead of applying it.

What the records say about the meter is :mod:`counterdesk.orders.meter_facts`; what happens after
the change (the customer's confirmation, the test finding, back-billing) is
:mod:`counterdesk.orders.back_billings`.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Final

from sqlalchemy import Connection, text

from counterdesk.documents.receipts import MeterChangeReason, MeterChangeSlip, RegisterChange
from counterdesk.domain.accounts import Meter
from counterdesk.domain.ids import new_uid
from counterdesk.domain.orders import meter_change as rules
from counterdesk.domain.orders.meter_change import (
    MeterChangePrecondition,
    parse_meter_change_workdays,
)
from counterdesk.domain.orders.readings import (
    ChangeReadings,
    ReadingProblem,
    ReadingSide,
    Severity,
    accept_readings,
    check_readings,
    confirm_entries,
    parse_reading_checks,
)
from counterdesk.domain.orders.steps import StepRule, plan_steps
from counterdesk.domain.permissions import Permission
from counterdesk.domain.workdays import CHINA_STANDARD_TIME
from counterdesk.orders import back_billings
from counterdesk.orders.engine import NewOrder, act, create
from counterdesk.orders.errors import DuplicateOrderError, StaleOrderError
from counterdesk.orders.meter_facts import (
    MeterChangeError,
    MeterFacts,
    check_stock,
    load_meter_change,
    meter_facts,
)
from counterdesk.orders.records import Order, OrderKind, load_events
from counterdesk.orders.types import ActContext, Effect, OrderType
from counterdesk.services.auth import SignedIn
from counterdesk.services.common import RECEIPT_PRINTER, business_day, local
from counterdesk.store import print_jobs, settings

REGISTER_PRINT_NAMES: Final = {
    "total": "总",
    "sharp": "尖",
    "peak": "峰",
    "flat": "平",
    "valley": "谷",
}
"""A register as the slip prints it; an unknown name prints as itself."""

FITTER_NO: Final = re.compile(r"\d{2,8}")
METER_NO: Final = re.compile(r"[0-9A-Za-z-]{4,32}")


# --- the request ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeterChangeIn:
    """A meter change as the form requests it; ``order_uid`` is made once by the form."""

    order_uid: uuid.UUID
    account_id: int
    reason: MeterChangeReason
    new_meter_no: str
    new_ct_ratio: int
    new_pt_ratio: int
    new_registers: tuple[str, ...]
    new_digits: int
    department: str
    note: str = ""
    customer_informed: bool = False
    """The customer, at the counter, was told when the fitter comes: ``notify`` is done too."""


def _new_meter(request: MeterChangeIn, facts: MeterFacts) -> Meter:
    number = request.new_meter_no.strip()
    if not METER_NO.fullmatch(number):
        raise MeterChangeError(
            "A meter number is 4 to 32 letters, digits or dashes, as on the nameplate.",
            field="new_meter_no",
        )
    if number == facts.meter.number:
        raise MeterChangeError(
            "The new meter {meter} is the meter being removed.", meter=number, field="new_meter_no"
        )
    ratios = (("new_ct_ratio", request.new_ct_ratio), ("new_pt_ratio", request.new_pt_ratio))
    for name, ratio in ratios:
        if not 1 <= ratio <= 100_000:
            raise MeterChangeError(
                "A CT or PT ratio is a whole number from 1 to 100000, not {ratio}.",
                ratio=ratio,
                field=name,
            )
    if not 4 <= request.new_digits <= 10:
        raise MeterChangeError(
            "A register has 4 to 10 whole digits, not {digits}.",
            digits=request.new_digits,
            field="new_digits",
        )
    if tuple(request.new_registers) != facts.meter.registers:
        raise MeterChangeError(
            "The new meter must count the same registers as the old one ({registers}); a change "
            "of metering scheme is a tariff change application.",
            registers=", ".join(facts.meter.registers),
            field="new_registers",
        )
    return Meter(new_uid(), number, facts.utility, request.new_ct_ratio, request.new_pt_ratio,
                 tuple(request.new_registers), request.new_digits)  # fmt: skip


def _meter_detail(meter: Meter) -> dict[str, Any]:
    return {"uid": str(meter.id), "number": meter.number, "ct_ratio": meter.ct_ratio,
            "pt_ratio": meter.pt_ratio, "multiplier": meter.multiplier,
            "registers": list(meter.registers), "digits": meter.digits}  # fmt: skip


def pending_meter_change(connection: Connection, account_id: int) -> Order | None:
    """The account's meter change still waiting for its meter to be changed, if any."""
    uid = connection.execute(
        text(
            "SELECT uid FROM work_order WHERE account_id = :a AND kind = 'meter_change' "
            "AND (state IN ('requested', 'notified') OR (state = 'paused' AND paused_from IN "
            "('requested', 'notified'))) ORDER BY id LIMIT 1"
        ),
        {"a": account_id},
    ).scalar_one_or_none()
    return None if uid is None else load_meter_change(connection, uuid.UUID(bytes=bytes(uid)))


def request_meter_change(
    connection: Connection, actor: SignedIn, request: MeterChangeIn, now: datetime
) -> Order:
    """Write the order with its notify and execute deadlines, in the caller's transaction."""
    taken = connection.execute(
        text("SELECT order_no FROM work_order WHERE uid = :u"), {"u": request.order_uid.bytes}
    ).scalar_one_or_none()
    if taken is not None:  # a second Enter, or a retry after a lost answer
        raise DuplicateOrderError(str(taken))
    facts = meter_facts(connection, request.account_id)
    if facts.closed:
        raise MeterChangeError("A closed account has no meter to change.")
    pending = pending_meter_change(connection, request.account_id)
    if pending is not None:
        raise MeterChangeError(
            "Meter change {order} of this account is not done yet; continue that order.",
            order=pending.order_no,
        )
    typed = _new_meter(request, facts)
    known, _ = check_stock(connection, typed, facts.meter)
    if (known.ct_ratio, known.pt_ratio) != (typed.ct_ratio, typed.pt_ratio):
        raise MeterChangeError(
            "Meter {meter} is on record with CT {ct} × PT {pt}; check the ratios on its nameplate.",
            meter=typed.number,
            ct=known.ct_ratio,
            pt=known.pt_ratio,
            field="new_ct_ratio",
        )
    workdays = parse_meter_change_workdays(
        settings.read_all(connection)["orders.meter_change_workdays"]
    )
    steps = plan_steps(settings.load_calendar(connection), now, (
        StepRule(rules.NOTIFIED, workdays.notify, from_start=True),
        StepRule(rules.EXECUTED, workdays.execute, from_start=True),
    ))  # fmt: skip
    old = {**_meter_detail(facts.meter), "installation_id": facts.installation_id,
           "installed_on": facts.installed_on.isoformat(),
           "initial_readings": dict(facts.initial_readings)}  # fmt: skip
    new = _meter_detail(typed)
    del new["uid"]  # a new meter's identity is made when it is installed
    order = create(
        connection,
        actor,
        NewOrder(
            order_uid=request.order_uid,
            kind=OrderKind.METER_CHANGE,
            subtype=request.reason.value,
            state=rules.REQUESTED,
            account_id=request.account_id,
            customer_name=facts.customer_name,
            contact_phone=facts.contact_phone,
            area_code=facts.area_code,
            department=request.department,
            handler_no="",
            steps=steps,
            detail={
                "address": facts.address,
                "old_meter": old,
                "new_meter": new,
                "unit": facts.unit,
                "last_known": {
                    register: {"reading": last.reading, "read_on": last.read_on.isoformat(),
                               "source": last.source}
                    for register, last in facts.last_known.items()
                },
                "precondition": {"expected_meter_uid": str(facts.meter.id),
                                 "account_version": facts.account_version},
            },
            note=request.note,
        ),
        now,
    )  # fmt: skip
    if request.customer_informed:
        order = act(connection, actor, order.uid, rules.NOTIFY, expected_version=order.version,
                    now=now, note="客户在柜台已获告知")  # fmt: skip
    return order


# --- the change ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChangeEntries:
    """The readings as agreed by the two rounds of entry, for the form's preview."""

    old_final: Mapping[str, int]
    new_initial: Mapping[str, int]
    changed_on: date


@dataclass(frozen=True)
class _Prepared:
    facts: MeterFacts
    new_meter: Meter
    new_meter_id: int | None
    problems: tuple[ReadingProblem, ...]


def _prepare(connection: Connection, order: Order, entries: ChangeEntries) -> _Prepared:
    """The facts now, the new meter as recorded, and every plausibility problem."""
    assert order.account_id is not None
    facts = meter_facts(connection, order.account_id)
    expected = str(order.detail["precondition"]["expected_meter_uid"])
    if str(facts.meter.id) != expected:
        raise MeterChangeError(
            "The account's meter changed since order {order} was requested ({meter} is installed "
            "now); cancel it and request a new change.",
            order=order.order_no,
            meter=facts.meter.number,
        )
    old, new = order.detail["old_meter"], order.detail["new_meter"]
    typed = Meter(new_uid(), str(new["number"]), facts.utility, int(new["ct_ratio"]),
                  int(new["pt_ratio"]), tuple(new["registers"]), int(new["digits"]))  # fmt: skip
    new_meter, row_id = check_stock(connection, typed, facts.meter)
    readings = ChangeReadings(
        old_meter=facts.meter,
        new_meter=new_meter,
        old_multiplier=int(old["multiplier"]),
        new_multiplier=int(new["multiplier"]),
        old_final=entries.old_final,
        new_initial=entries.new_initial,
        changed_on=entries.changed_on,
    )
    checks = parse_reading_checks(settings.read_all(connection)["orders.reading_checks"])
    problems = check_readings(readings, facts.history(), checks)
    return _Prepared(facts, new_meter, row_id, problems)


def check_change(
    connection: Connection, order_uid: uuid.UUID, entries: ChangeEntries
) -> tuple[ReadingProblem, ...]:
    """Read-only: what :func:`execute_meter_change` would find wrong with these readings."""
    return _prepare(connection, load_meter_change(connection, order_uid), entries).problems


@dataclass(frozen=True)
class Executed:
    order: Order
    slip: MeterChangeSlip


def execute_meter_change(
    connection: Connection,
    actor: SignedIn,
    order_uid: uuid.UUID,
    *,
    expected_version: int,
    old_first: Mapping[str, int],
    old_second: Mapping[str, int],
    new_first: Mapping[str, int],
    new_second: Mapping[str, int],
    fitter_no: str,
    changed_on: date,
    confirmed: bool,
    now: datetime,
) -> Executed:
    """Take the readings and switch the installation, in the caller's transaction.

    Refused, with nothing written, when the two entries of a reading differ, a reading is
    implausible (``BLOCK``) or unusual and not ``confirmed`` (``CONFIRM``), the new meter is
    installed elsewhere, or the account's meter is no longer the one the order removes.
    """
    order = load_meter_change(connection, order_uid)
    if order.version != expected_version:
        raise StaleOrderError(order.order_no)
    old_final = confirm_entries(ReadingSide.OLD_FINAL, old_first, old_second)
    new_initial = confirm_entries(ReadingSide.NEW_INITIAL, new_first, new_second)
    fitter = fitter_no.strip()
    if not FITTER_NO.fullmatch(fitter):
        raise MeterChangeError("Type the fitter's staff number (2 to 8 digits).", field="fitter_no")
    if changed_on > business_day(now):
        raise MeterChangeError(
            "The change date {day} is in the future.",
            day=changed_on.isoformat(),
            field="changed_on",
        )
    prepared = _prepare(connection, order, ChangeEntries(old_final, new_initial, changed_on))
    accept_readings(prepared.problems, confirmed=confirmed)
    facts = prepared.facts
    precondition = MeterChangePrecondition(
        facts.meter.id,
        facts.account_version,
        old_final,
        {register: last.reading for register, last in facts.last_known.items()},
    )
    detail = {
        "changed_on": changed_on.isoformat(),
        "fitter_no": fitter,
        "old_final": dict(old_final),
        "new_initial": dict(new_initial),
        "new_meter_uid": str(prepared.new_meter.id),
        "new_meter_id": prepared.new_meter_id,
        "confirmed": [p.code for p in prepared.problems if p.severity is Severity.CONFIRM],
        "precondition": precondition.to_payload(),
    }
    order = act(connection, actor, order.uid, rules.EXECUTE, expected_version=expected_version,
                now=now, detail=detail)  # fmt: skip
    slip = meter_change_slip(connection, order.uid)
    print_jobs.enqueue(connection, slip, printer=RECEIPT_PRINTER, now=now, source_uid=order.uid)
    return Executed(order, slip)


def meter_change_slip(connection: Connection, order_uid: uuid.UUID) -> MeterChangeSlip:
    """The slip (and A4 notice with its service card) of an executed change, from its record.

    The time printed is when the change was recorded, on the day it was recorded; a change typed
    in on a later day has no time on record and prints the change date at 00:00.
    """
    order = load_meter_change(connection, order_uid)
    executed = [event for event in load_events(connection, order.id) if event.action == "execute"]
    if "changed_on" not in order.detail or not executed:
        raise MeterChangeError(
            "Order {order} has no meter changed yet, so there is no notice to print.",
            order=order.order_no,
        )
    changed_on = date.fromisoformat(str(order.detail["changed_on"]))
    recorded = local(executed[-1].at)
    changed_at = (
        recorded
        if recorded.date() == changed_on
        else datetime.combine(changed_on, time(0), CHINA_STANDARD_TIME)
    )
    old, new = order.detail["old_meter"], order.detail["new_meter"]
    final, initial = order.detail["old_final"], order.detail["new_initial"]
    return MeterChangeSlip(
        order_uid=order.uid,
        order_no=order.order_no,
        issuer=settings.load_hall_identity(connection),
        account_no=order.account_no,
        customer_name=order.customer_name,
        address=str(order.detail.get("address", "")),
        changed_at=changed_at,
        reason=MeterChangeReason(order.subtype),
        old_meter_no=str(old["number"]),
        new_meter_no=str(new["number"]),
        old_multiplier=int(old["multiplier"]),
        new_multiplier=int(new["multiplier"]),
        registers=tuple(
            RegisterChange(
                REGISTER_PRINT_NAMES.get(register, register),
                int(final[register]),
                int(initial[register]),
            )
            for register in old["registers"]
        ),
        unit=str(order.detail.get("unit", "kWh")),
        fitter_no=str(order.detail["fitter_no"]),
        clerk_no=executed[-1].clerk_no,
    )


def _switch_installation(context: ActContext) -> Effect:
    """The ``execute`` effect: end the old installation, start the new one, record the readings."""
    connection, order, given = context.connection, context.order, context.detail
    old, new = order.detail["old_meter"], order.detail["new_meter"]
    changed_on = date.fromisoformat(str(given["changed_on"]))
    ended = connection.execute(
        text("UPDATE meter_installation SET removed_on = :d WHERE id = :i AND removed_on IS NULL"),
        {"d": changed_on, "i": int(old["installation_id"])},
    )
    if ended.rowcount != 1:
        raise MeterChangeError(
            "Meter {meter} was removed by another change already.", meter=str(old["number"])
        )
    meter_uid = uuid.UUID(str(given["new_meter_uid"]))
    meter_id = given.get("new_meter_id")
    if meter_id is None:
        meter_id = connection.execute(
            text(
                "INSERT INTO meter (uid, number, utility, ct_ratio, pt_ratio, registers, digits) "
                "VALUES (:uid, :no, :utility, :ct, :pt, :registers, :digits) RETURNING id"
            ),
            {"uid": meter_uid.bytes, "no": new["number"],
             "utility": _utility(connection, order),
             "ct": new["ct_ratio"], "pt": new["pt_ratio"],
             "registers": ",".join(new["registers"]), "digits": new["digits"]},
        ).scalar_one()  # fmt: skip
    installation_uid = new_uid()
    installation = connection.execute(
        text(
            "INSERT INTO meter_installation (uid, meter_id, account_id, installed_on, removed_on, "
            "initial_readings) VALUES (:uid, :m, :a, :d, NULL, :initial) RETURNING id"
        ),
        {"uid": installation_uid.bytes, "m": int(meter_id), "a": order.account_id,
         "d": changed_on, "initial": json.dumps(given["new_initial"], sort_keys=True)},
    ).scalar_one()  # fmt: skip
    rows = [
        {"i": int(old["installation_id"]), "r": register, "d": changed_on, "v": int(reading),
         "s": "change_final"}
        for register, reading in given["old_final"].items()
    ] + [
        {"i": int(installation), "r": register, "d": changed_on, "v": int(reading),
         "s": "change_initial"}
        for register, reading in given["new_initial"].items()
    ]  # fmt: skip
    connection.execute(
        text(
            "INSERT INTO meter_reading (installation_id, register, read_on, reading, source) "
            "VALUES (:i, :r, :d, :v, :s)"
        ),
        rows,
    )
    connection.execute(
        text("UPDATE account SET version = version + 1 WHERE id = :a"), {"a": order.account_id}
    )
    # HQ makes the same installation under the same id, so the terminal's mirror and HQ agree.
    return Effect({**given, "new_installation_id": int(installation),
                   "new_installation_uid": str(installation_uid)})  # fmt: skip


def _utility(connection: Connection, order: Order) -> str:
    return str(
        connection.execute(
            text("SELECT utility FROM account WHERE id = :a"), {"a": order.account_id}
        ).scalar_one()
    )


def _guard(context: ActContext) -> None:
    order, action = context.order, context.action
    if action == rules.EXECUTE and "precondition" not in context.detail:
        raise MeterChangeError(
            "Order {order} is executed in the meter change form, with the readings typed twice.",
            order=order.order_no,
        )
    if action in (rules.CLOSE, rules.START_BACK_BILLING):
        case = back_billings.change_case(order, {**order.detail, **context.detail})
        if action == rules.CLOSE:
            rules.check_close(order.order_no, order.state, case)
        else:
            rules.check_start_back_billing(order.order_no, case)
    if action == rules.APPROVE:
        stored = order.detail.get("back_billing")
        if not stored:
            raise MeterChangeError(
                "Order {order} has no back-billing computed to approve.", order=order.order_no
            )
        # A manager approving by their own right approves as themselves: not their own sums.
        if context.actor.can(Permission.APPROVE) and context.actor.number == stored["computed_by"]:
            raise MeterChangeError(
                "The back-billing of order {order} was computed by {clerk}; another manager must "
                "approve it.",
                order=order.order_no,
                clerk=context.actor.number,
            )


def _effect(context: ActContext) -> Effect:
    if context.action == rules.EXECUTE:
        return _switch_installation(context)
    if context.action in (rules.CLOSE, rules.START_BACK_BILLING):
        kept = ("finding", "back_billing")
        return Effect({key: context.detail[key] for key in kept if key in context.detail})
    if context.action == rules.APPROVE:
        return back_billings.write_back_billing_bill(context)
    return Effect()


METER_CHANGE_TYPE: Final = OrderType(
    OrderKind.METER_CHANGE,
    workflow=lambda _order: rules.METER_CHANGE,
    guard=_guard,
    effect=_effect,
)
