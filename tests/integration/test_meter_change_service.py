"""Meter changes (换表) on a database: the request, the readings, the installation, back-billing.

The account of every test (worked numbers used throughout):

- meter M3301020456, one register ``total``, 6 digits, multiplier 1, installed 2025-11-01 at
  1000.00 kWh; no reading rows (the demo's situation), so the last known reading is *estimated*;
- twelve energy bills 2025-11 … 2026-10 of 300 kWh each: 3600 kWh since the installation, so the
  last known reading is 1000.00 + 3600 = 4600.00, dated the end of the last period, 2026-10-31;
- recent use 3600 kWh over 365 days (2025-11-01 … 2026-10-31): 3600/365 kWh a day;
- the change on 2026-11-21 is 21 days after the last reading, so the plausible advance is
  max(50, ⌈21 × 3600/365 × 3⌉) = ⌈621.37⌉ = 622 kWh: up to 5222.00 passes without confirmation.
"""

from __future__ import annotations

import json
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from counterdesk.documents.receipts import MeterChangeReason, RegisterChange
from counterdesk.domain.accounts import Meter, Utility
from counterdesk.domain.back_billing import BackBillingError, MeterErrorCase, MultiplierCase
from counterdesk.domain.ids import new_uid
from counterdesk.domain.orders.meter_change import (
    Finding,
    MeterChangePrecondition,
    MeterChangeRefusedError,
)
from counterdesk.domain.orders.readings import ImplausibleReadingError, ReadingMismatchError
from counterdesk.domain.permissions import Permission
from counterdesk.orders import back_billings as bb
from counterdesk.orders import engine as orders
from counterdesk.orders import meter_changes as mc
from counterdesk.orders.errors import DuplicateOrderError, StaleOrderError
from counterdesk.orders.meter_facts import MeterChangeError, last_known_readings, meter_facts
from counterdesk.orders.records import Order, load_events
from counterdesk.services import auth
from counterdesk.services.auth import PermissionDeniedError
from tests.helpers.counter import (
    MANAGER_PASSWORD,
    NOW,
    Counter,
    account_with_bills,
    copy_counter,
    later,
    rows_in,
)

WRITTEN = ("meter", "meter_installation", "meter_reading", "print_job", "outbox", "bill")
METER = "M3301020456"
NEW_METER = "1100987654321"


@pytest.fixture
def counter(template: Counter, tmp_path: Path) -> Counter:
    return copy_counter(template, tmp_path / "terminal.db")


def _set_up(engine: Engine) -> int:
    bills = tuple(
        (period, 16_000, date(2026, 12, 25))
        for period in (*range(202511, 202513), *range(202601, 202611))
    )
    account_id, _ = account_with_bills(engine, bills=bills)
    with engine.begin() as connection:
        connection.execute(text("UPDATE bill SET units = 300, paid_fen = amount_fen"))
        connection.execute(
            text(
                "UPDATE meter_installation SET installed_on = '2025-11-01', "
                "initial_readings = :r WHERE account_id = :a"
            ),
            {"r": json.dumps({"total": 100_000}), "a": account_id},
        )
        connection.execute(
            text("UPDATE tariff SET definition = :d WHERE code = 'com-flat'"),
            {"d": json.dumps({"kind": "flat", "unit": "kWh", "flat_price": 7350})},
        )
    return account_id


@pytest.fixture
def account(counter: Counter) -> int:
    return _set_up(counter.engine)


def request(
    counter: Counter,
    account_id: int,
    *,
    reason: MeterChangeReason = MeterChangeReason.ROTATION,
    informed: bool = True,
    new_meter: str = NEW_METER,
    ct: int = 1,
    uid: uuid.UUID | None = None,
) -> Order:
    with counter.engine.begin() as connection:
        return mc.request_meter_change(
            connection,
            counter.clerk,
            mc.MeterChangeIn(
                order_uid=uid or new_uid(),
                account_id=account_id,
                reason=reason,
                new_meter_no=new_meter,
                new_ct_ratio=ct,
                new_pt_ratio=1,
                new_registers=("total",),
                new_digits=6,
                department="计量中心",
                customer_informed=informed,
            ),
            NOW,
        )


def execute(
    counter: Counter,
    order: Order,
    final: int,
    *,
    second: int | None = None,
    initial: int = 0,
    confirmed: bool = False,
) -> mc.Executed:
    with counter.engine.begin() as connection:
        return mc.execute_meter_change(
            connection,
            counter.clerk,
            order.uid,
            expected_version=order.version,
            old_first={"total": final},
            old_second={"total": final if second is None else second},
            new_first={"total": initial},
            new_second={"total": initial},
            fitter_no="2031",
            changed_on=date(2026, 11, 21),
            confirmed=confirmed,
            now=later(30),
        )


# --- the facts and the request -------------------------------------------------------------------


def test_the_last_known_reading_is_estimated_from_the_bills(counter: Counter, account: int) -> None:
    with counter.engine.connect() as connection:
        facts = meter_facts(connection, account)
    assert facts.meter.number == METER
    last = facts.last_known["total"]
    # 1000.00 + 12 × 300 kWh ÷ multiplier 1 = 4600.00, read at the end of 2026-10.
    assert (last.reading, last.read_on, last.source) == (460_000, date(2026, 10, 31), "estimated")
    assert (facts.recent_units, facts.recent_days) == (3600, 365)
    assert facts.suggested_price == 7350  # the flat tariff's ¥0.7350


def test_a_multiplier_divides_the_estimate_and_several_registers_keep_the_initial() -> None:
    ct = Meter(new_uid(), "CT1", Utility.ELECTRICITY, ct_ratio=40, registers=("total",), digits=6)
    # 3600 kWh billed ÷ 40 = 90.00 on the dial: 1000.00 + 90.00 = 1090.00.
    found = last_known_readings(
        ct, date(2025, 11, 1), {"total": 100_000}, {}, [(202610, 1800), (202609, 1800)]
    )
    assert found["total"].reading == 109_000
    tou = Meter(new_uid(), "TOU1", Utility.ELECTRICITY, registers=("peak", "valley"))
    found = last_known_readings(
        tou,
        date(2025, 11, 1),
        {"peak": 500, "valley": 700},
        {"valley": (900, date(2026, 5, 1))},
        [(202610, 1800)],
    )
    assert (found["peak"].reading, found["peak"].source) == (500, "initial")
    assert (found["valley"].reading, found["valley"].source) == (900, "read")


def test_the_request_plans_the_notice_and_the_change(counter: Counter, account: int) -> None:
    order = request(counter, account, informed=False)
    assert (order.state, order.subtype, order.order_no[:3]) == ("requested", "rotation", "HB-")
    # Requested on Saturday 2026-11-21: notify within 1 working day (Monday 23rd), change within
    # 5 (Friday 27th), both counted from the request.
    assert [(step.step, step.due_day) for step in order.steps] == [
        ("notified", date(2026, 11, 23)),
        ("executed", date(2026, 11, 27)),
    ]
    assert order.detail["precondition"]["account_version"] == 1
    assert order.detail["old_meter"]["number"] == METER
    assert order.detail["new_meter"]["number"] == NEW_METER
    assert order.detail["last_known"]["total"]["reading"] == 460_000


def test_a_customer_told_at_the_counter_is_notified_at_once(counter: Counter, account: int) -> None:
    order = request(counter, account)
    assert order.state == "notified"
    assert order.steps[0].done_at is not None


def test_the_same_request_twice_is_one_order(counter: Counter, account: int) -> None:
    uid = new_uid()
    first = request(counter, account, uid=uid)
    with pytest.raises(DuplicateOrderError) as refused:
        request(counter, account, uid=uid)
    assert refused.value.order_no == first.order_no


def test_a_second_change_waits_for_the_first(counter: Counter, account: int) -> None:
    first = request(counter, account)
    with pytest.raises(MeterChangeError) as refused:
        request(counter, account, new_meter="1100000000002")
    assert refused.value.params["order"] == first.order_no


def test_a_meter_installed_elsewhere_or_with_other_ratios_is_refused(counter: Counter) -> None:
    account = _set_up(counter.engine)
    account_with_bills(counter.engine, "3301020999", bills=())
    with pytest.raises(MeterChangeError) as refused:
        request(counter, account, new_meter="M3301020999")
    assert refused.value.params == {
        "meter": "M3301020999",
        "account": "3301020999",
        "field": "new_meter_no",
    }
    with counter.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO meter (uid, number, utility, ct_ratio, pt_ratio, registers, digits) "
                "VALUES (:u, '1100555', 'electricity', 40, 1, 'total', 6)"
            ),
            {"u": new_uid().bytes},
        )
    with pytest.raises(MeterChangeError) as refused:
        request(counter, account, new_meter="1100555")
    assert refused.value.params["field"] == "new_ct_ratio"
    assert request(counter, account, new_meter="1100555", ct=40).detail["new_meter"]["ct_ratio"]


# --- the readings --------------------------------------------------------------------------------


def test_two_entries_that_differ_are_refused(counter: Counter, account: int) -> None:
    order = request(counter, account)
    before = rows_in(counter.engine, *WRITTEN)
    with pytest.raises(ReadingMismatchError) as refused:
        execute(counter, order, 480_000, second=408_000)
    assert refused.value.params == {"register": "total", "first": "4800.00", "second": "4080.00"}
    assert rows_in(counter.engine, *WRITTEN) == before


def test_a_final_reading_below_the_last_is_refused_even_confirmed(
    counter: Counter, account: int
) -> None:
    order = request(counter, account)
    before = rows_in(counter.engine, *WRITTEN)
    # 4500.00 < 4600.00: round the dial it would be 999,900 kWh, far beyond 622: a misread.
    with counter.engine.connect() as connection:
        problems = mc.check_change(
            connection, order.uid, mc.ChangeEntries({"total": 450_000}, {"total": 0}, NOW.date())
        )
    assert [(p.code, p.severity.value) for p in problems] == [("below_last_reading", "block")]
    with pytest.raises(ImplausibleReadingError) as refused:
        execute(counter, order, 450_000, confirmed=True)
    assert refused.value.params["last"] == "4600.00"
    assert rows_in(counter.engine, *WRITTEN) == before


def test_an_implausible_advance_needs_the_clerks_confirmation(
    counter: Counter, account: int
) -> None:
    order = request(counter, account)
    # 5300.00 − 4600.00 = 700 kWh in 21 days, more than the plausible 622.
    with pytest.raises(ImplausibleReadingError) as refused:
        execute(counter, order, 530_000)
    assert (refused.value.params["units"], refused.value.params["limit"]) == ("700", "622")
    done = execute(counter, order, 530_000, confirmed=True)
    assert done.order.state == "executed"
    assert done.order.detail["confirmed"] == ["high_consumption"]


def test_a_multiplier_that_changed_on_record_is_refused(counter: Counter, account: int) -> None:
    order = request(counter, account)
    with counter.engine.begin() as connection:  # HQ corrected the old meter's CT to 40 since
        connection.execute(text("UPDATE meter SET ct_ratio = 40 WHERE number = :n"), {"n": METER})
    with pytest.raises(ImplausibleReadingError) as refused:
        execute(counter, order, 480_000, confirmed=True)
    assert (refused.value.params["order"], refused.value.params["recorded"]) == ("1", "40")


def test_the_change_switches_the_installation_and_writes_the_readings(
    counter: Counter, account: int
) -> None:
    order = request(counter, account)
    done = execute(counter, order, 480_000, initial=12)
    assert done.order.state == "executed"
    assert done.order.steps[1].done_at is not None
    with counter.engine.connect() as connection:
        installs = connection.execute(
            text(
                "SELECT m.number, i.installed_on, i.removed_on, i.initial_readings "
                "FROM meter_installation AS i JOIN meter AS m ON m.id = i.meter_id "
                "WHERE i.account_id = :a ORDER BY i.id"
            ),
            {"a": account},
        ).all()
        readings = connection.execute(
            text("SELECT register, read_on, reading, source FROM meter_reading ORDER BY id")
        ).all()
        version = connection.execute(
            text("SELECT version FROM account WHERE id = :a"), {"a": account}
        ).scalar_one()
        jobs = connection.execute(text("SELECT kind, title FROM print_job")).all()
        facts = meter_facts(connection, account)
    assert [tuple(row) for row in installs] == [
        (METER, "2025-11-01", "2026-11-21", json.dumps({"total": 100_000})),
        (NEW_METER, "2026-11-21", None, json.dumps({"total": 12})),
    ]
    assert [tuple(row) for row in readings] == [
        ("total", "2026-11-21", 480_000, "change_final"),
        ("total", "2026-11-21", 12, "change_initial"),
    ]
    assert version == 2
    assert [tuple(row) for row in jobs] == [
        ("meter_change_slip", f"meter_change_slip {order.order_no}")
    ]
    assert done.slip.registers == (RegisterChange("总", 480_000, 12),)
    assert (done.slip.old_meter_no, done.slip.new_meter_no, done.slip.fitter_no) == (
        METER,
        NEW_METER,
        "2031",
    )
    assert facts.meter.number == NEW_METER
    assert facts.last_known["total"].source == "read"
    assert facts.last_known["total"].reading == 12


def test_a_meter_in_stock_is_installed_without_a_new_row(counter: Counter, account: int) -> None:
    with counter.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO meter (uid, number, utility, ct_ratio, pt_ratio, registers, digits) "
                "VALUES (:u, :n, 'electricity', 1, 1, 'total', 6)"
            ),
            {"u": new_uid().bytes, "n": NEW_METER},
        )
    order = request(counter, account)
    before = rows_in(counter.engine, "meter")
    execute(counter, order, 480_000)
    assert rows_in(counter.engine, "meter") == before


def test_the_sync_precondition_goes_to_hq_with_the_change(counter: Counter, account: int) -> None:
    order = request(counter, account)
    done = execute(counter, order, 480_000)
    with counter.engine.connect() as connection:
        payload = json.loads(
            connection.execute(
                text("SELECT payload FROM outbox WHERE kind = 'order.execute'")
            ).scalar_one()
        )
        old_uid = connection.execute(
            text("SELECT uid FROM meter WHERE number = :n"), {"n": METER}
        ).scalar_one()
    sent = payload["detail"]["precondition"]
    assert sent == {
        "expected_meter_uid": str(uuid.UUID(bytes=bytes(old_uid))),
        "account_version": 1,
        "final_readings": {"total": 480_000},
        "last_known": {"total": 460_000},
    }
    precondition = MeterChangePrecondition.from_payload(sent)
    assert precondition.holds()
    assert done.order.detail["precondition"] == sent
    # HQ applied another change first: the meter is not the one expected any more.
    assert precondition.conflicts(new_uid(), 1)


def test_execute_needs_the_readings_and_a_fresh_order(counter: Counter, account: int) -> None:
    order = request(counter, account)
    with counter.engine.begin() as connection, pytest.raises(MeterChangeError):
        orders.act(
            connection,
            counter.clerk,
            order.uid,
            "execute",
            expected_version=order.version,
            now=later(5),
        )
    with pytest.raises(StaleOrderError):
        execute(counter, Order(**{**order.__dict__, "version": order.version - 1}), 480_000)


# --- a fault, its finding, back-billing ----------------------------------------------------------


def _confirmed_fault(counter: Counter, account: int, reason: MeterChangeReason) -> Order:
    order = execute(counter, request(counter, account, reason=reason), 480_000).order
    with counter.engine.begin() as connection:
        return bb.confirm_readings(
            connection, counter.clerk, order.uid, expected_version=order.version, now=later(40)
        )


def test_a_test_change_closes_once_the_finding_is_recorded(counter: Counter, account: int) -> None:
    order = _confirmed_fault(counter, account, MeterChangeReason.TEST)
    with counter.engine.begin() as connection, pytest.raises(MeterChangeRefusedError):
        bb.close_meter_change(
            connection,
            counter.clerk,
            order.uid,
            expected_version=order.version,
            finding=None,
            now=later(50),
        )
    with counter.engine.begin() as connection:
        closed = bb.close_meter_change(
            connection,
            counter.clerk,
            order.uid,
            expected_version=order.version,
            finding=Finding.NONE,
            now=later(50),
        )
    assert closed.state == "closed"
    assert closed.detail["finding"] == "none"


def test_a_fault_is_back_billed_and_approved_by_a_manager(counter: Counter, account: int) -> None:
    order = _confirmed_fault(counter, account, MeterChangeReason.FAULT)
    with counter.engine.begin() as connection, pytest.raises(MeterChangeRefusedError):
        bb.close_meter_change(
            connection,
            counter.clerk,
            order.uid,
            expected_version=order.version,
            finding=Finding.METER_ERROR,
            now=later(50),
        )
    with counter.engine.connect() as connection:
        facts = bb.back_billing_facts(connection, order.uid)
    # The removed meter recorded 4800.00 − 1000.00 = 3800 kWh since it went in on 2025-11-01.
    assert (facts.since, facts.changed_on, facts.recorded_units) == (
        date(2025, 11, 1),
        date(2026, 11, 21),
        3800,
    )
    assert facts.suggested_price == 7350
    case = MeterErrorCase(error_bp=400, recorded_units=3800, since=facts.since, until=NOW.date())
    with counter.engine.begin() as connection:
        order, result = bb.start_back_billing(
            connection,
            counter.clerk,
            order.uid,
            expected_version=order.version,
            case_input=case,
            price=7350,
            now=later(60),
        )
    # +4.00 % fast over half the time: W ÷ 2 = 1900, actual = 1900 ÷ 1.04 = 1826.92,
    # correction −73.08 → −73 kWh refunded; −73 × ¥0.7350 = −¥53.655 → −¥53.66.
    assert (result.correction_units, result.amount_fen) == (-73, -5366)
    assert order.state == "back_billing"
    assert order.detail["finding"] == "meter_error"

    with counter.engine.begin() as connection, pytest.raises(PermissionDeniedError):
        bb.approve_back_billing(
            connection,
            counter.clerk,
            order.uid,
            expected_version=order.version,
            approval=None,
            now=later(61),
        )
    approval = auth.approve(
        counter.engine,
        "0001",
        MANAGER_PASSWORD,
        permission=Permission.APPROVE,
        act="order.approve",
        for_clerk=counter.clerk,
        now=later(62),
    )
    with counter.engine.begin() as connection:
        order, notice = bb.approve_back_billing(
            connection,
            counter.clerk,
            order.uid,
            expected_version=order.version,
            approval=approval,
            now=later(63),
        )
    assert order.state == "approved"
    assert (notice.approved_by, notice.clerk_no, notice.result.amount_fen) == (
        "0001",
        "0107",
        -5366,
    )
    with counter.engine.connect() as connection:
        bill = connection.execute(
            text(
                "SELECT period, units, amount_fen, due_date, paid_fen, order_uid FROM bill "
                "WHERE kind = 'back_billing'"
            )
        ).one()
        events = load_events(connection, order.id)
    assert tuple(bill) == (202611, -73, -5366, "2026-12-06", 0, order.uid.bytes)
    assert events[-1].detail["approved_by"] == "0001"
    with counter.engine.begin() as connection:
        closed = bb.close_meter_change(
            connection,
            counter.clerk,
            order.uid,
            expected_version=order.version,
            finding=None,
            now=later(70),
        )
        again = bb.back_billing_notice(connection, order.uid)
    assert closed.state == "closed"
    assert again == notice


def test_the_manager_who_computed_cannot_approve_alone(counter: Counter, account: int) -> None:
    order = _confirmed_fault(counter, account, MeterChangeReason.FAULT)
    case = MultiplierCase(
        correct_multiplier=2,
        wrong_multiplier=1,
        recorded_units=3800,
        since=date(2025, 11, 1),
        until=date(2026, 11, 21),
    )
    with counter.engine.begin() as connection:
        order, result = bb.start_back_billing(
            connection,
            counter.manager,
            order.uid,
            expected_version=order.version,
            case_input=case,
            price=7350,
            now=later(60),
        )
    assert result.correction_units == 3800  # 3800 × 2 ÷ 1 − 3800
    with counter.engine.begin() as connection, pytest.raises(MeterChangeError) as refused:
        bb.approve_back_billing(
            connection,
            counter.manager,
            order.uid,
            expected_version=order.version,
            approval=None,
            now=later(61),
        )
    assert refused.value.params["clerk"] == "0001"
    # The order page's plain "approve" goes through the engine: the guard says the same.
    with counter.engine.begin() as connection, pytest.raises(MeterChangeError):
        orders.act(
            connection, counter.manager, order.uid, "approve",
            expected_version=order.version, now=later(61),
        )  # fmt: skip
    assert rows_in(counter.engine, "bill")["bill"] == 12


def test_back_billing_refuses_a_period_past_the_change_or_nothing_found(
    counter: Counter, account: int
) -> None:
    order = _confirmed_fault(counter, account, MeterChangeReason.FAULT)
    late = MeterErrorCase(400, 3800, date(2025, 11, 1), date(2026, 11, 22))
    with counter.engine.begin() as connection, pytest.raises(BackBillingError) as refused:
        bb.start_back_billing(
            connection,
            counter.clerk,
            order.uid,
            expected_version=order.version,
            case_input=late,
            price=7350,
            now=later(60),
        )
    assert refused.value.params["field"] == "until"
    wild = MeterErrorCase(6000, 3800, date(2025, 11, 1), date(2026, 11, 21))  # 60 % > 50 %
    with counter.engine.begin() as connection, pytest.raises(BackBillingError):
        bb.start_back_billing(
            connection,
            counter.clerk,
            order.uid,
            expected_version=order.version,
            case_input=wild,
            price=7350,
            now=later(60),
        )
