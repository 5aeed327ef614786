"""Accepting connection applications (业扩报装、变更用电) at the counter.

One transaction writes the order with every step's deadline, its history, audit and outbox rows,
and the acceptance receipt's print job, so the customer leaves with the dates the hall committed
to. In an area where new connections are temporarily impossible the clerk is warned first; if the
customer still wants to apply, the order and its receipt carry the honest expected dates instead
of the standard's. Missing documents do not turn the customer away: the application is accepted
and paused waiting on them (the deadline clock stops), and the receipt lists what to bring.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, text

from counterdesk.documents.receipts import AcceptanceSlip, StepDeadline
from counterdesk.domain.orders import connection as rules
from counterdesk.domain.orders.connection import ConnectionType, Outlook, Voltage
from counterdesk.domain.orders.connection_docs import (
    Applicant,
    ConnectionApplication,
    checklist,
)
from counterdesk.domain.orders.workflow import PAUSE
from counterdesk.orders.engine import NewOrder, act, create
from counterdesk.orders.errors import OrderError
from counterdesk.orders.records import Order, OrderKind
from counterdesk.orders.types import OrderType
from counterdesk.services.auth import SignedIn
from counterdesk.services.common import RECEIPT_PRINTER, local
from counterdesk.store import print_jobs, settings


class RestrictedAreaError(OrderError):
    """New supply in a restricted area, not yet confirmed by the clerk with the customer."""

    def __init__(self, area: str, reason: str, expected: str) -> None:
        super().__init__(
            "New connections in area {area} are on hold ({reason}). Tell the customer: the "
            "expected completion is {expected}. Accept only if the customer still wants to apply.",
            area=area,
            reason=reason,
            expected=expected,
        )


def _application_kind(order: Order) -> tuple[ConnectionType, Voltage]:
    return ConnectionType(order.subtype), Voltage(str(order.detail["voltage"]))


CONNECTION_TYPE = OrderType(
    OrderKind.CONNECTION,
    workflow=lambda order: rules.workflow_for(*_application_kind(order)),
)


def standards(connection: Connection) -> rules.ConnectionStandards:
    return rules.parse_connection_standards(
        settings.read_all(connection)["orders.connection_standards"]
    )


def outlook_for(
    connection: Connection,
    kind: ConnectionType,
    voltage: Voltage,
    area_code: str,
    now: datetime,
) -> Outlook:
    """What the counter can promise before accepting: read-only, for the form's preview."""
    values = settings.read_all(connection)
    return rules.outlook(
        rules.parse_restricted_areas(values["orders.restricted_areas"]),
        area_code,
        kind,
        voltage,
        now,
        calendar=settings.load_calendar(connection),
        standards=standards(connection),
    )


@dataclass(frozen=True)
class ApplicationIn:
    """An application as the form submits it; ``order_uid`` is made once by the form."""

    order_uid: uuid.UUID
    kind: ConnectionType
    voltage: Voltage
    applicant: Applicant
    area_code: str
    account_id: int | None
    requested_capacity_kva: int | None
    documents: frozenset[str]
    department: str
    waiting_on_customer: bool = False
    """Accept with documents missing, paused until the customer brings them."""
    accept_restricted: bool = False
    """The clerk told the customer about the area's hold and the customer still applies."""
    note: str = ""


@dataclass(frozen=True)
class Accepted:
    order: Order
    slip: AcceptanceSlip
    outlook: Outlook
    missing: tuple[str, ...]
    """Chinese names of the documents still to bring (the order is paused for them)."""


def accept_application(
    connection: Connection, actor: SignedIn, request: ApplicationIn, now: datetime
) -> Accepted:
    """Validate, plan and write the application; raises before writing anything."""
    values = settings.read_all(connection)
    application = ConnectionApplication(
        request.kind, request.voltage, request.applicant, request.area_code,
        request.requested_capacity_kva, request.documents,
    )  # fmt: skip
    missing = application.validate(
        waiting_on_customer=request.waiting_on_customer,
        low_voltage_limit_kva=int(values["orders.low_voltage_limit_kva"]),
    )
    view = outlook_for(connection, request.kind, request.voltage, request.area_code, now)
    if view.restricted is not None and not request.accept_restricted:
        expected = view.expected_energized
        raise RestrictedAreaError(
            request.area_code.strip(),
            view.restricted.reason,
            rules.DATE_UNKNOWN_PRINT if expected is None else expected.isoformat(),
        )
    steps = view.expected if view.expected is not None else view.steps
    account_no = ""
    if request.account_id is not None:
        account_no = str(
            connection.execute(
                text("SELECT number FROM account WHERE id = :a"), {"a": request.account_id}
            ).scalar_one()
        )
    applicant = request.applicant
    received = [item for item in checklist(request.kind) if item.code in request.documents]
    order = create(
        connection,
        actor,
        NewOrder(
            order_uid=request.order_uid,
            kind=OrderKind.CONNECTION,
            subtype=request.kind.value,
            state=rules.ACCEPTED,
            account_id=request.account_id,
            customer_name=applicant.name,
            contact_phone=applicant.phone,
            area_code=request.area_code.strip(),
            department=request.department,
            handler_no="",
            steps=steps,
            detail={
                "voltage": request.voltage.value,
                "id_number": applicant.id_number,
                "credit_code": applicant.credit_code,
                "address": applicant.address,
                "capacity_kva": request.requested_capacity_kva,
                "documents": sorted(request.documents),
                "missing": [item.code for item in missing],
                "restricted": None if view.restricted is None else view.restricted.reason,
                "date_unknown": view.restricted is not None and view.expected is None,
            },
            note=request.note,
        ),
        now,
    )
    if missing:
        names = "、".join(item.print_name for item in missing)
        order = act(connection, actor, order.uid, PAUSE, expected_version=order.version, now=now,
                    note=f"待客户补齐资料：{names}")  # fmt: skip
    elif view.restricted is not None and view.expected is None:
        # Nobody knows when the area's hold ends: the standard dates would only run out, so the
        # order waits (its clock stopped) until the hold is lifted and someone resumes it.
        order = act(connection, actor, order.uid, PAUSE, expected_version=order.version, now=now,
                    note=f"区域暂缓接入（{view.restricted.reason}），日期待定")  # fmt: skip
    slip = AcceptanceSlip(
        order_uid=order.uid,
        order_no=order.order_no,
        issuer=settings.load_hall_identity(connection),
        service_name=rules.TYPE_PRINT_NAMES[request.kind],
        accepted_at=local(now),
        clerk_no=actor.number,
        account_no=account_no or "—",
        applicant_name=applicant.name,
        address=applicant.address,
        contact_phone=applicant.phone,
        steps=tuple(
            StepDeadline(
                rules.step_print_name(request.kind, step.step), step.due_day, step.provisional
            )
            for step in steps
        ),
        commitment_workdays=rules.commitment_workdays(
            request.kind, request.voltage, standards(connection)
        ),
        documents_received=tuple(item.print_name for item in received),
        qr_payload=order.order_no,
    )
    print_jobs.enqueue(connection, slip, printer=RECEIPT_PRINTER, now=now, source_uid=order.uid)
    return Accepted(order, slip, view, tuple(item.print_name for item in missing))
