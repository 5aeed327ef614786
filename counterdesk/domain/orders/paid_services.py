"""Paid extended services (有偿服务): a fee schedule, a quote, and the order's short life.

Why the schedule is a setting: the services a utility sells beyond its duty (a meter tested on the
customer's request, work on the customer's own wiring) and their prices are set by the provincial
price bureau and the utility, and they change. The defaults below are *weak-sourced examples* of
the usual kinds of item, for a demo and a starting point; a hall enters its own list.

The order is paid through the payments flow: the counter bills the quoted fee, and the payments
flow fires ``pay`` once that bill is paid in full. From then on money is involved, so the order
cannot simply be cancelled: getting the money back is a refund, which is a reversal of the fee
payment (a manager's decision, audited); the reversal fires ``refund``, which cancels the order.
The completion commitment (the item's working days) runs from the payment.

Pausing (the customer is not home, the site is not ready) stops the completion clock; it is
refused before payment, where no clock runs and a paused quote would only block the payment.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from counterdesk.domain.money import Fen
from counterdesk.domain.orders.steps import PlannedStep, StepRule, plan_steps
from counterdesk.domain.orders.workflow import (
    PAUSE,
    TransitionRefusedError,
    Workflow,
    move,
)
from counterdesk.domain.refusal import CounterError
from counterdesk.domain.workdays import WorkCalendar

# --- the fee schedule -----------------------------------------------------------------------

MAX_FEE_FEN: Final[Fen] = 10_000_000
"""¥100,000.00: the most one schedule item may cost; past it, a fee is a typo."""
MAX_WORKDAYS: Final = 60
MIN_QUANTITY: Final = 1
MAX_QUANTITY: Final = 99

DEFAULT_FEE_SCHEDULE: Final[list[dict[str, object]]] = [
    {
        "code": "meter_test",
        "zh": "电能表校验（客户申请）",
        "en": "Meter test on request",
        "fee_fen": 5_000,
        "unit": "块",
        "workdays": 5,
    },
    {
        "code": "meter_relocation_labour",
        "zh": "电能表移位（人工费）",
        "en": "Meter relocation (labour)",
        "fee_fen": 10_000,
        "unit": "块",
        "workdays": 5,
    },
    {
        "code": "indoor_wiring_repair",
        "zh": "户内线路维修",
        "en": "Indoor wiring repair",
        "fee_fen": 8_000,
        "unit": "次",
        "workdays": 3,
    },
    {
        "code": "power_quality_test",
        "zh": "电能质量检测",
        "en": "Power quality test",
        "fee_fen": 50_000,
        "unit": "户",
        "workdays": 10,
    },
    {
        "code": "prepaid_card_replacement",
        "zh": "购电卡补办",
        "en": "Prepaid card replacement",
        "fee_fen": 2_000,
        "unit": "张",
        "workdays": 1,
    },
]
"""Weak-sourced examples, not anyone's price list: the meter test's 5 working days follow the
十项承诺 (meter test result within 5), its ¥50 is a typical provincial single-phase test fee; the
other prices are placeholders of the right order of magnitude for the hall to replace."""

_FIELDS: Final = ("code", "zh", "en", "fee_fen", "unit", "workdays")
_CODE: Final = re.compile(r"[a-z][a-z0-9_]{0,39}")
_TEXT_LIMITS: Final = {"zh": 40, "en": 80, "unit": 4}


@dataclass(frozen=True)
class ServiceItem:
    """One priced service: ``fee_fen`` per ``unit`` (次/块/户/张), done within ``workdays``."""

    code: str
    zh: str
    en: str
    fee_fen: Fen
    unit: str
    workdays: int


@dataclass(frozen=True)
class FeeSchedule:
    """The services the hall sells, in the order the counter lists them."""

    items: tuple[ServiceItem, ...]

    def __iter__(self) -> Iterator[ServiceItem]:
        return iter(self.items)

    def find(self, code: str) -> ServiceItem | None:
        return next((item for item in self.items if item.code == code), None)


def parse_fee_schedule(value: object) -> FeeSchedule:
    """Read the setting: a list of items with the fields of :data:`DEFAULT_FEE_SCHEDULE`."""
    if not isinstance(value, list):
        raise ValueError(f"The fee schedule must be a list of services, not {value!r}.")
    items: list[ServiceItem] = []
    for number, entry in enumerate(value, start=1):
        where = f"Fee schedule entry {number}"
        if not isinstance(entry, Mapping):
            raise ValueError(f"{where} must be a mapping with {', '.join(_FIELDS)}.")
        if set(entry) != set(_FIELDS):
            raise ValueError(
                f"{where} must have exactly {', '.join(_FIELDS)}, not {sorted(map(str, entry))}."
            )
        code = entry["code"]
        if not isinstance(code, str) or not _CODE.fullmatch(code):
            raise ValueError(f"{where}: the code must be lowercase snake_case, not {code!r}.")
        where = f"{where} ({code})"
        if any(item.code == code for item in items):
            raise ValueError(f"{where}: the code is used twice.")
        texts: dict[str, str] = {}
        for name, limit in _TEXT_LIMITS.items():
            text = entry[name]
            if not isinstance(text, str) or not text.strip() or len(text.strip()) > limit:
                raise ValueError(f"{where}: {name} must be 1 to {limit} characters, not {text!r}.")
            texts[name] = text.strip()
        fee = entry["fee_fen"]
        if isinstance(fee, bool) or not isinstance(fee, int) or not 0 < fee <= MAX_FEE_FEN:
            raise ValueError(
                f"{where}: fee_fen must be a whole number of fen from 1 to {MAX_FEE_FEN}, "
                f"not {fee!r}."
            )
        workdays = entry["workdays"]
        if (
            isinstance(workdays, bool)
            or not isinstance(workdays, int)
            or not 0 <= workdays <= MAX_WORKDAYS
        ):
            raise ValueError(
                f"{where}: workdays must be 0 to {MAX_WORKDAYS} working days, not {workdays!r}."
            )
        items.append(ServiceItem(code, texts["zh"], texts["en"], fee, texts["unit"], workdays))
    return FeeSchedule(tuple(items))


# --- quoting --------------------------------------------------------------------------------


class PaidServiceError(CounterError):
    """A paid service that cannot be quoted as asked; ``params["field"]`` names the field."""


@dataclass(frozen=True)
class Quote:
    """What the customer pays for ``quantity`` of ``item``: the fee bill's one line."""

    item: ServiceItem
    quantity: int
    total_fen: Fen


def quote(schedule: FeeSchedule, code: str, quantity: int) -> Quote:
    """The fee for ``quantity`` units of the service ``code``: fee × quantity, no rounding."""
    item = schedule.find(code)
    if item is None:
        raise PaidServiceError(
            "There is no paid service “{code}” in the fee schedule.", field="code", code=code
        )
    if (
        isinstance(quantity, bool)
        or not isinstance(quantity, int)
        or not MIN_QUANTITY <= quantity <= MAX_QUANTITY
    ):
        raise PaidServiceError(
            "The quantity must be a whole number from {minimum} to {maximum}, not {quantity}.",
            field="quantity",
            minimum=MIN_QUANTITY,
            maximum=MAX_QUANTITY,
            quantity=quantity,
        )
    return Quote(item, quantity, item.fee_fen * quantity)


# --- the workflow ---------------------------------------------------------------------------

QUOTED: Final = "quoted"
PAID: Final = "paid"
IN_SERVICE: Final = "in_service"
COMPLETED: Final = "completed"
CLOSED: Final = "closed"
CANCELLED: Final = "cancelled"

PAY: Final = "pay"
START: Final = "start"
COMPLETE: Final = "complete"
CLOSE: Final = "close"
CANCEL: Final = "cancel"
REFUND: Final = "refund"

PAID_SERVICE_WORKFLOW: Final = Workflow(
    "paid_service",
    QUOTED,
    frozenset({CLOSED, CANCELLED}),
    (
        move(PAY, QUOTED, PAID),
        move(START, PAID, IN_SERVICE),
        move(COMPLETE, IN_SERVICE, COMPLETED),
        move(CLOSE, COMPLETED, CLOSED),
        move(CANCEL, QUOTED, CANCELLED),
        move(REFUND, PAID, CANCELLED),
    ),
)
"""``pay`` is fired by the payments flow when the fee bill is paid in full, ``refund`` by the
reversal of that payment; the counter offers neither as a button."""


class CancelAfterPaymentError(TransitionRefusedError):
    """Cancelling a paid service: the money must go back first, as a reversal of the payment."""

    def __init__(self, order_no: str, state: str) -> None:
        CounterError.__init__(
            self,
            "Order {order} has been paid, so cancelling it means a refund: reverse the fee "
            "payment (a manager approves it), which cancels the order.",
            order=order_no,
            state=state,
            action=CANCEL,
        )
        self.state = state
        self.action = CANCEL


def fire_paid_service(
    order_no: str, state: str, action: str, *, paused_from: str | None = None
) -> str:
    """The state after ``action``, with the two rules the table cannot say (module docstring)."""
    workflow = PAID_SERVICE_WORKFLOW
    if action == CANCEL and workflow.is_open(state) and state != QUOTED:
        raise CancelAfterPaymentError(order_no, state)
    if action == PAUSE and state == QUOTED:
        raise TransitionRefusedError(order_no, state, action)
    return workflow.fire(order_no, state, action, paused_from=paused_from)


def paid_service_actions(state: str) -> tuple[str, ...]:
    """The actions open from ``state``; no pause before payment."""
    found = PAID_SERVICE_WORKFLOW.available(state)
    if state == QUOTED:
        return tuple(action for action in found if action != PAUSE)
    return found


def plan_service(
    calendar: WorkCalendar, item: ServiceItem, paid_at: datetime
) -> tuple[PlannedStep, ...]:
    """The completion deadline: the item's working days counted from the payment."""
    return plan_steps(calendar, paid_at, (StepRule(COMPLETE, item.workdays),))
