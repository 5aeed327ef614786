"""Every order kind's rules, by kind: what :func:`counterdesk.orders.engine.order_type` reads."""

from __future__ import annotations

from typing import Final

from counterdesk.domain.orders.reconnection import RECONNECTION_FLOW
from counterdesk.orders.cases import CASE_TYPE
from counterdesk.orders.connections import CONNECTION_TYPE
from counterdesk.orders.meter_changes import METER_CHANGE_TYPE
from counterdesk.orders.paid_services import PAID_SERVICE_TYPE
from counterdesk.orders.records import OrderKind
from counterdesk.orders.types import OrderType

ORDER_TYPES: Final[dict[OrderKind, OrderType]] = {
    OrderKind.RECONNECTION: OrderType(
        OrderKind.RECONNECTION,
        workflow=lambda _order: RECONNECTION_FLOW,
        completes=lambda _order, action, _target: frozenset(
            {"restored"} if action == "restore" else ()
        ),
    ),
    OrderKind.CONNECTION: CONNECTION_TYPE,
    OrderKind.METER_CHANGE: METER_CHANGE_TYPE,
    OrderKind.CASE: CASE_TYPE,
    OrderKind.PAID_SERVICE: PAID_SERVICE_TYPE,
}
