"""Paid extended services: the fee schedule setting, quotes, the workflow and the deadline.

Holiday facts (chinesecalendar 1.11.0, asserted in test_workdays.py): National Day 2026 is
1–7 October with Saturday 10 October worked; 2027 is unknown, so Monday to Friday, provisional.
"""

import copy
from datetime import date, datetime, time

import pytest

from counterdesk.domain.money import format_yuan
from counterdesk.domain.orders.paid_services import (
    DEFAULT_FEE_SCHEDULE,
    MAX_FEE_FEN,
    PAID_SERVICE_WORKFLOW,
    CancelAfterPaymentError,
    PaidServiceError,
    ServiceItem,
    fire_paid_service,
    paid_service_actions,
    parse_fee_schedule,
    plan_service,
    quote,
)
from counterdesk.domain.orders.workflow import TransitionRefusedError
from counterdesk.domain.workdays import CHINA_STANDARD_TIME, WorkCalendar

CST = CHINA_STANDARD_TIME
CALENDAR = WorkCalendar()
SCHEDULE = parse_fee_schedule(DEFAULT_FEE_SCHEDULE)


# --- the schedule ---------------------------------------------------------------------------


def test_the_default_schedule_reads() -> None:
    assert [item.code for item in SCHEDULE] == [
        "meter_test",
        "meter_relocation_labour",
        "indoor_wiring_repair",
        "power_quality_test",
        "prepaid_card_replacement",
    ]
    assert SCHEDULE.find("meter_test") == ServiceItem(
        "meter_test", "电能表校验（客户申请）", "Meter test on request", 5_000, "块", 5
    )
    assert SCHEDULE.find("nothing") is None


def test_names_are_trimmed_and_an_empty_schedule_offers_nothing() -> None:
    entry = {**DEFAULT_FEE_SCHEDULE[0], "zh": " 电能表校验 ", "unit": " 块"}
    (item,) = parse_fee_schedule([entry])
    assert (item.zh, item.unit) == ("电能表校验", "块")
    assert list(parse_fee_schedule([])) == []


def test_the_most_expensive_item_allowed_is_100000_yuan() -> None:
    (item,) = parse_fee_schedule([{**DEFAULT_FEE_SCHEDULE[0], "fee_fen": MAX_FEE_FEN}])
    assert format_yuan(item.fee_fen) == "¥100,000.00"


def with_first(**changes: object) -> list[dict[str, object]]:
    schedule = copy.deepcopy(DEFAULT_FEE_SCHEDULE)
    schedule[0].update(changes)
    return schedule


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"meter_test": 5000}, "must be a list"),
        (["meter_test"], "entry 1 must be a mapping"),
        ([{k: v for k, v in DEFAULT_FEE_SCHEDULE[0].items() if k != "unit"}], "entry 1 must have"),
        (with_first(price=1), "entry 1 must have exactly"),
        (with_first(code="Meter Test"), "entry 1: the code must be lowercase"),
        (with_first(code=""), "entry 1: the code"),
        (
            with_first(code="meter_relocation_labour"),
            r"entry 2 \(meter_relocation_labour\): .*twice",
        ),
        (with_first(zh="  "), r"entry 1 \(meter_test\): zh must be 1 to 40"),
        (with_first(en=None), r"entry 1 \(meter_test\): en must be"),
        (with_first(unit="每块电能表"), "unit must be 1 to 4"),
        (with_first(fee_fen=0), "fee_fen must be a whole number of fen from 1 to 10000000"),
        (with_first(fee_fen=-5000), "fee_fen"),
        (with_first(fee_fen=50.0), "fee_fen"),
        (with_first(fee_fen="5000"), "fee_fen"),
        (with_first(fee_fen=True), "fee_fen"),
        (with_first(fee_fen=MAX_FEE_FEN + 1), "fee_fen"),
        (with_first(workdays=-1), "workdays must be 0 to 60"),
        (with_first(workdays=61), "workdays"),
        (with_first(workdays=False), "workdays"),
    ],
)
def test_a_bad_schedule_is_refused_naming_the_entry(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_fee_schedule(value)


# --- quotes ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "quantity", "total"),
    [
        ("meter_test", 1, 5_000),  # ¥50.00 × 1
        ("meter_test", 3, 15_000),  # three meters tested: ¥150.00
        ("meter_test", 99, 495_000),  # ¥50.00 × 99 = ¥4,950.00
        ("power_quality_test", 2, 100_000),  # ¥500.00 × 2 = ¥1,000.00
    ],
)
def test_a_quote_is_fee_times_quantity(code: str, quantity: int, total: int) -> None:
    found = quote(SCHEDULE, code, quantity)
    assert (found.item.code, found.quantity, found.total_fen) == (code, quantity, total)


@pytest.mark.parametrize("quantity", [0, -1, 100, True, 1.0])
def test_a_quantity_outside_1_to_99_is_refused(quantity: int) -> None:
    with pytest.raises(PaidServiceError) as refused:
        quote(SCHEDULE, "meter_test", quantity)
    assert refused.value.params["field"] == "quantity"
    assert str(refused.value).startswith("The quantity must be a whole number from 1 to 99")


def test_an_unknown_service_is_refused() -> None:
    with pytest.raises(PaidServiceError) as refused:
        quote(SCHEDULE, "reconnection_rush", 1)
    assert refused.value.params == {"field": "code", "code": "reconnection_rush"}
    assert str(refused.value) == "There is no paid service “reconnection_rush” in the fee schedule."


# --- every state against every action -------------------------------------------------------

STATES = ("quoted", "paid", "in_service", "completed", "closed", "cancelled", "paused")
ACTIONS = ("pay", "start", "complete", "close", "cancel", "refund", "pause", "resume", "reply")
LEGAL = {
    ("quoted", "pay"): "paid",
    ("quoted", "cancel"): "cancelled",
    ("paid", "start"): "in_service",
    ("paid", "refund"): "cancelled",  # fired by the reversal of the fee payment
    ("in_service", "complete"): "completed",
    ("completed", "close"): "closed",
    ("paid", "pause"): "paused",
    ("in_service", "pause"): "paused",
    ("completed", "pause"): "paused",
    ("paused", "resume"): "in_service",  # back to where it paused (here: in_service)
}
NEEDS_REFUND = {("paid", "cancel"), ("in_service", "cancel"), ("completed", "cancel")}
NEEDS_REFUND |= {("paused", "cancel")}  # paused means paid: no pause before payment


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("action", ACTIONS)
def test_every_state_against_every_action(state: str, action: str) -> None:
    expected = LEGAL.get((state, action))
    if expected is not None:
        assert fire_paid_service("S-1", state, action, paused_from="in_service") == expected
        return
    error = CancelAfterPaymentError if (state, action) in NEEDS_REFUND else TransitionRefusedError
    with pytest.raises(error) as refused:
        fire_paid_service("S-1", state, action, paused_from="in_service")
    assert isinstance(refused.value, TransitionRefusedError)
    assert refused.value.params == {"order": "S-1", "state": state, "action": action}


def test_cancelling_after_payment_says_a_refund_is_a_reversal() -> None:
    with pytest.raises(CancelAfterPaymentError) as refused:
        fire_paid_service("S-20261008-0004", "paid", "cancel")
    assert str(refused.value) == (
        "Order S-20261008-0004 has been paid, so cancelling it means a refund: reverse the fee "
        "payment (a manager approves it), which cancels the order."
    )


def test_a_quote_cannot_pause_but_a_paid_order_resumes_where_it_was() -> None:
    assert PAID_SERVICE_WORKFLOW.fire("S-1", "quoted", "pause") == "paused"  # the bare table would
    with pytest.raises(TransitionRefusedError):
        fire_paid_service("S-1", "quoted", "pause")
    paused = fire_paid_service("S-1", "paid", "pause")
    assert fire_paid_service("S-1", paused, "resume", paused_from="paid") == "paid"
    with pytest.raises(TransitionRefusedError):
        fire_paid_service("S-1", paused, "resume")  # where it paused from is needed


def test_the_buttons_offered() -> None:
    assert paid_service_actions("quoted") == ("pay", "cancel")
    assert paid_service_actions("paid") == ("start", "refund", "pause")
    assert paid_service_actions("in_service") == ("complete", "pause")
    assert paid_service_actions("paused") == ("resume",)
    assert paid_service_actions("closed") == ()


# --- the completion deadline ----------------------------------------------------------------


def paid(day: date) -> datetime:
    return datetime.combine(day, time(15), tzinfo=CST)


def close(day: date) -> datetime:
    return datetime.combine(day, time(17, 30), tzinfo=CST)


def item(code: str) -> ServiceItem:
    found = SCHEDULE.find(code)
    assert found is not None
    return found


def test_a_meter_test_paid_before_national_day() -> None:
    # Paid Wed 2026-09-30, 5 working days: 10-08 (1), 10-09 (2), Sat 10-10 worked (3),
    # 10-12 (4), Tue 10-13 (5).
    (step,) = plan_service(CALENDAR, item("meter_test"), paid(date(2026, 9, 30)))
    assert (step.step, step.due_at, step.provisional) == (
        "complete",
        close(date(2026, 10, 13)),
        False,
    )


def test_a_wiring_repair_falls_due_on_the_working_saturday() -> None:
    # Paid Wed 2026-09-30, 3 working days: 10-08 (1), 10-09 (2), Sat 10-10 worked (3).
    (step,) = plan_service(CALENDAR, item("indoor_wiring_repair"), paid(date(2026, 9, 30)))
    assert step.due_at == close(date(2026, 10, 10))


def test_a_card_paid_on_new_years_eve_is_due_on_a_provisional_day() -> None:
    # Paid Thu 2026-12-31, 1 working day: 2027 is unknown, so Fri 2027-01-01 is guessed a working
    # day (it will very likely be New Year's Day off): provisional.
    (step,) = plan_service(CALENDAR, item("prepaid_card_replacement"), paid(date(2026, 12, 31)))
    assert (step.due_at, step.provisional) == (close(date(2027, 1, 1)), True)
