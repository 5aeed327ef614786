"""The order engine on a real database: one transaction per act, owner kept, stale screens refused,
deadlines that stop while paused, the overdue board, and paid services through the payments flow."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from counterdesk.domain.ids import new_uid
from counterdesk.domain.orders.cases import CaseCategory, CaseChannel, CaseDraft, CaseKind
from counterdesk.domain.orders.connection import ConnectionType, Voltage
from counterdesk.domain.orders.connection_docs import Applicant, MissingDocumentsError
from counterdesk.domain.orders.workflow import TransitionRefusedError
from counterdesk.orders import board, engine
from counterdesk.orders.cases import CaseIn, register_case
from counterdesk.orders.connections import ApplicationIn, RestrictedAreaError, accept_application
from counterdesk.orders.errors import StaleOrderError
from counterdesk.orders.paid_services import PaidServiceIn, order_paid_service
from counterdesk.orders.records import Order, load_events, load_order
from counterdesk.services import auth, payments
from counterdesk.services.auth import PermissionDeniedError
from counterdesk.store import settings
from tests.helpers.counter import (
    MANAGER_PASSWORD,
    NOW,
    Counter,
    account_with_bills,
    cash,
    copy_counter,
    open_shift,
    pay,
)

APPLICANT = Applicant(
    "张晓三", "13812345678", "云溪市青山区春晖路18号", id_number="11010519491231002X"
)
MONDAY = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
"""10:00 in the hall on Monday 23 November 2026; NOW is Saturday the 21st."""


@pytest.fixture
def counter(template: Counter, tmp_path: Path) -> Counter:
    return copy_counter(template, tmp_path / "orders.db")


def _case(counter: Counter, *, kind: CaseKind = CaseKind.COMPLAINT, now: datetime = MONDAY,
          department: str = "客户服务中心", account_id: int | None = None) -> Order:  # fmt: skip
    draft = CaseDraft(kind, CaseCategory.SERVICE_ATTITUDE, CaseChannel.COUNTER,
                      "营业员态度生硬，要求答复。", phone="13812345678")  # fmt: skip
    with counter.engine.begin() as connection:
        return register_case(
            connection, counter.clerk, CaseIn(new_uid(), draft, "张晓三", account_id, department),
            now,
        )  # fmt: skip


def _count(connection: Connection, table: str) -> int:
    return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())


def test_a_case_is_written_with_its_steps_history_audit_and_outbox_in_one_act(
    counter: Counter,
) -> None:
    order = _case(counter)
    assert order.order_no == "TS-QS03-20261123-001"
    assert order.first_owner_no == "0107"
    # Registered Monday 23 Nov: contact within 1 working day (Tue 24), reply within 5 (Mon 30),
    # call-back 2 working days after the reply's due date (Wed 2 Dec).
    assert [(s.step, s.due_day) for s in order.steps] == [
        ("contact", date(2026, 11, 24)),
        ("reply", date(2026, 11, 30)),
        ("call_back", date(2026, 12, 2)),
    ]
    assert order.due_at == order.steps[0].due_at
    with counter.engine.connect() as connection:
        events = load_events(connection, order.id)
        outbox = connection.execute(
            text("SELECT kind, payload FROM outbox ORDER BY terminal_seq")
        ).all()
        audit = connection.execute(
            text("SELECT action, subject FROM audit_entry WHERE action LIKE 'order.%'")
        ).all()
    assert [(e.action, e.to_state) for e in events] == [("create", "registered")]
    assert outbox[-1][0] == "order.create"
    assert json.loads(outbox[-1][1])["first_owner_no"] == "0107"
    assert audit == [("order.create", order.order_no)]


def test_a_refused_action_changes_nothing(counter: Counter) -> None:
    order = _case(counter)
    with counter.engine.connect() as connection:
        before = (_count(connection, "work_order_event"), _count(connection, "outbox"))
    with pytest.raises(TransitionRefusedError) as refused, counter.engine.begin() as connection:
        engine.act(connection, counter.clerk, order.uid, "call_back_satisfied",
                   expected_version=order.version, now=MONDAY)  # fmt: skip
    assert refused.value.params == {
        "order": order.order_no, "state": "registered", "action": "call_back_satisfied",
    }  # fmt: skip
    with counter.engine.connect() as connection:
        assert (_count(connection, "work_order_event"), _count(connection, "outbox")) == before
        assert load_order(connection, order.uid).version == order.version


def test_transfers_keep_the_first_owner_and_a_stale_screen_is_refused(counter: Counter) -> None:
    order = _case(counter)
    with counter.engine.begin() as connection:
        moved = engine.transfer(
            connection,
            counter.clerk,
            order.uid,
            department="供电所",
            handler_no="0301",
            expected_version=order.version,
            now=MONDAY,
        )
    assert (moved.state, moved.department, moved.handler_no) == ("transferred", "供电所", "0301")
    assert moved.first_owner_no == "0107"
    # The transfer is the first contact: that step is done.
    assert moved.steps[0].done_at == MONDAY
    with counter.engine.begin() as connection:
        again = engine.transfer(
            connection,
            counter.manager,
            order.uid,
            department="计量中心",
            handler_no="0410",
            expected_version=moved.version,
            now=MONDAY,
        )
    assert again.first_owner_no == "0107"
    with pytest.raises(StaleOrderError), counter.engine.begin() as connection:
        engine.act(connection, counter.clerk, order.uid, "accept",
                   expected_version=moved.version, now=MONDAY)  # fmt: skip


def test_the_closed_loop_reply_call_back_and_reopen(counter: Counter) -> None:
    order = _case(counter)
    steps = []
    with counter.engine.begin() as connection:
        order = engine.act(
            connection,
            counter.clerk,
            order.uid,
            "accept",
            expected_version=order.version,
            now=MONDAY,
        )
        order = engine.act(
            connection,
            counter.clerk,
            order.uid,
            "reply",
            expected_version=order.version,
            now=MONDAY + timedelta(days=1),
            detail={"reply": "已向客户致歉并批评教育当事营业员。"},
        )
        order = engine.act(
            connection,
            counter.clerk,
            order.uid,
            "call_back_unsatisfied",
            expected_version=order.version,
            now=MONDAY + timedelta(days=2),
        )
        steps = list(order.steps)
    assert order.state == "reopened"
    assert order.closed_at is None
    assert order.detail["reply"] == "已向客户致歉并批评教育当事营业员。"
    # Reopened on Wed 25 Nov: a fresh reply due 5 working days later (Wed 2 Dec).
    reply = next(s for s in steps if s.step == "reply")
    assert reply.done_at is None
    assert reply.due_day == date(2026, 12, 2)
    with counter.engine.begin() as connection:
        order = engine.act(
            connection,
            counter.clerk,
            order.uid,
            "accept",
            expected_version=order.version,
            now=MONDAY + timedelta(days=3),
        )
        order = engine.act(
            connection,
            counter.clerk,
            order.uid,
            "reply",
            expected_version=order.version,
            now=MONDAY + timedelta(days=3),
            detail={"reply": "复核后退还多收的工本费。"},
        )
        order = engine.act(
            connection,
            counter.clerk,
            order.uid,
            "call_back_satisfied",
            expected_version=order.version,
            now=MONDAY + timedelta(days=4),
        )
    assert order.state == "closed"
    assert order.closed_at is not None
    assert all(step.done_at is not None for step in order.steps)


def test_pausing_stops_the_clock(counter: Counter) -> None:
    request = ApplicationIn(
        new_uid(), ConnectionType.RESIDENTIAL_NEW, Voltage.LOW,
        APPLICANT,
        "QS-01", None, 8, frozenset({"id_proof", "property_proof"}), "市场营销部（业扩）",
    )  # fmt: skip
    with counter.engine.begin() as connection:
        accepted = accept_application(connection, counter.clerk, request, MONDAY)
    order = accepted.order
    # Residential: 5 working days in all, Mon 23 Nov → Mon 30 Nov.
    assert order.steps[-1].due_day == date(2026, 11, 30)
    with counter.engine.begin() as connection:
        order = engine.act(
            connection,
            counter.clerk,
            order.uid,
            "pause",
            expected_version=order.version,
            now=MONDAY,
            note="待客户确认表位",
        )
        # Resumed Thursday: 3 working days passed (Tue, Wed, Thu) while the customer was away.
        order = engine.act(
            connection,
            counter.clerk,
            order.uid,
            "resume",
            expected_version=order.version,
            now=MONDAY + timedelta(days=3),
        )
    assert order.state == "accepted"
    assert order.steps[-1].due_day == date(2026, 12, 3)


def test_an_application_with_missing_documents_is_refused_or_accepted_paused(
    counter: Counter,
) -> None:
    request = ApplicationIn(
        new_uid(), ConnectionType.RESIDENTIAL_NEW, Voltage.LOW,
        APPLICANT,
        "QS-01", None, 8, frozenset({"id_proof"}), "市场营销部（业扩）",
    )  # fmt: skip
    with pytest.raises(MissingDocumentsError), counter.engine.begin() as connection:
        accept_application(connection, counter.clerk, request, MONDAY)
    with counter.engine.connect() as connection:
        assert _count(connection, "work_order") == 0
    waiting = ApplicationIn(**{**request.__dict__, "waiting_on_customer": True})
    with counter.engine.begin() as connection:
        accepted = accept_application(connection, counter.clerk, waiting, MONDAY)
        jobs = connection.execute(text("SELECT kind FROM print_job")).scalars().all()
    assert accepted.order.state == "paused"
    assert accepted.missing == ("房屋产权证明或租赁合同",)
    assert jobs == ["acceptance_slip"]
    assert [s.name for s in accepted.slip.steps][-1] == "装表接电"


def test_a_restricted_area_warns_first_and_promises_the_honest_date(counter: Counter) -> None:
    with counter.engine.begin() as connection:
        settings.write(connection, "orders.restricted_areas",
                       [{"area_code": "QS-09", "reason": "变电站扩建", "until": "2026-12-31"}],
                       now=NOW)  # fmt: skip
    request = ApplicationIn(
        new_uid(), ConnectionType.RESIDENTIAL_NEW, Voltage.LOW,
        APPLICANT,
        "QS-09", None, 8, frozenset({"id_proof", "property_proof"}), "市场营销部（业扩）",
    )  # fmt: skip
    with pytest.raises(RestrictedAreaError) as warned, counter.engine.begin() as connection:
        accept_application(connection, counter.clerk, request, MONDAY)
    # Work can start on 1 Jan 2027 (a holiday); 5 working days from then, guessed Mon-Fri: 8 Jan.
    assert warned.value.params["expected"] == "2027-01-08"
    confirmed = ApplicationIn(**{**request.__dict__, "accept_restricted": True})
    with counter.engine.begin() as connection:
        accepted = accept_application(connection, counter.clerk, confirmed, MONDAY)
    assert accepted.slip.steps[-1].due == date(2027, 1, 8)
    assert accepted.slip.steps[-1].provisional


def test_supervision_is_a_managers_note_in_the_history(counter: Counter) -> None:
    order = _case(counter)
    with pytest.raises(PermissionDeniedError), counter.engine.begin() as connection:
        engine.supervise(connection, counter.clerk, order.uid, note="请今日联系客户", now=MONDAY)
    with counter.engine.begin() as connection:
        engine.supervise(connection, counter.manager, order.uid, note="请今日联系客户", now=MONDAY)
        events = load_events(connection, order.id)
    assert (events[-1].action, events[-1].clerk_no, events[-1].note) == (
        "supervise",
        "0001",
        "请今日联系客户",
    )


def test_the_board_shows_overdue_and_held_orders_by_department_and_person(
    counter: Counter,
) -> None:
    late = _case(counter, department="客户服务中心")
    idle = _case(counter, department="供电所")
    with counter.engine.begin() as connection:
        engine.transfer(
            connection,
            counter.clerk,
            idle.uid,
            department="供电所",
            handler_no="0301",
            expected_version=idle.version,
            now=MONDAY,
        )
        engine.supervise(connection, counter.manager, late.uid, note="督办：今日回复", now=MONDAY)
    # Friday 27 Nov, 18:00: the contact step of `late` (due Tue 24 at 17:30) is 3 working days
    # late; `idle` made its first contact on Monday and has not moved for 4 working days.
    friday = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)
    with counter.engine.connect() as connection:
        lines = board.board(connection, friday, settings.load_calendar(connection))
    by_no = {line.order_no: line for line in lines}
    assert by_no[late.order_no].overdue
    assert by_no[late.order_no].workdays_overdue == 3
    assert by_no[late.order_no].step == "contact"
    assert by_no[late.order_no].supervisions == 1
    assert by_no[late.order_no].last_supervision == "督办：今日回复"
    assert not by_no[idle.order_no].overdue
    assert by_no[idle.order_no].held
    assert by_no[idle.order_no].idle_workdays == 4
    groups = board.grouped(lines)
    assert [(g.department, g.handler_no, g.overdue, g.held) for g in groups] == [
        ("客户服务中心", "0107", 1, 0),
        ("供电所", "0301", 0, 1),
    ]


def test_a_paid_service_is_paid_through_the_payments_flow_and_refunded_by_a_reversal(
    counter: Counter,
) -> None:
    account_id, account_uid = account_with_bills(counter.engine, bills=())
    with counter.engine.begin() as connection:
        order = order_paid_service(
            connection, counter.clerk,
            PaidServiceIn(new_uid(), account_id, "meter_test", 1, "计量中心"), NOW,
        )  # fmt: skip
        bill = connection.execute(
            text("SELECT kind, amount_fen, paid_fen FROM bill WHERE order_uid = :o"),
            {"o": order.uid.bytes},
        ).one()
    assert order.state == "quoted"
    assert tuple(bill) == ("service", 5_000, 0)
    open_shift(counter)
    result = pay(counter, account_uid, cash(5_000))
    with counter.engine.connect() as connection:
        paid = load_order(connection, order.uid)
    assert paid.state == "paid"
    # Meter test: 5 working days from Saturday 21 Nov → Fri 27 Nov.
    assert [(s.step, s.due_day) for s in paid.steps] == [("complete", date(2026, 11, 27))]
    approval = auth.approve(counter.engine, "0001", MANAGER_PASSWORD,
                            permission=auth.Permission.APPROVE, act=payments.REVERSE_ACT,
                            for_clerk=counter.clerk, now=NOW)  # fmt: skip
    with counter.engine.begin() as connection:
        payments.reverse_payment(connection, counter.clerk, result.payment_uid,
                                 reason="客户放弃服务", approval=approval, now=NOW)  # fmt: skip
        refunded = load_order(connection, order.uid)
        amount = connection.execute(
            text("SELECT amount_fen, paid_fen FROM bill WHERE order_uid = :o"),
            {"o": order.uid.bytes},
        ).one()
    assert refunded.state == "cancelled"
    assert tuple(amount) == (0, 0)


def test_a_reconnection_raised_by_a_payment_is_on_the_board_until_restored(
    counter: Counter,
) -> None:
    _, account_uid = account_with_bills(counter.engine, status="disconnected")
    open_shift(counter)
    pay(counter, account_uid, cash(32_441))
    with counter.engine.connect() as connection:
        lines = board.board(connection, NOW, settings.load_calendar(connection))
    (line,) = lines
    assert (line.kind.value, line.step, line.first_owner_no) == ("reconnection", "restored", "0107")
    assert line.due_at == NOW + timedelta(hours=24)
    with counter.engine.begin() as connection:
        done = engine.act(
            connection,
            counter.clerk,
            line.order_uid,
            "restore",
            expected_version=line.version,
            now=NOW + timedelta(hours=5),
        )
        assert board.board(connection, NOW, settings.load_calendar(connection)) == []
    assert done.state == "closed"


def test_an_order_submitted_twice_is_written_once(counter: Counter) -> None:
    draft = CaseDraft(CaseKind.INQUIRY, CaseCategory.FEES, CaseChannel.PHONE, "电价咨询",
                      phone="13812345678")  # fmt: skip
    case = CaseIn(uuid.uuid4(), draft, "张晓三", None, "营业厅")
    with counter.engine.begin() as connection:
        first = register_case(connection, counter.clerk, case, MONDAY)
    with pytest.raises(engine.DuplicateOrderError) as again, counter.engine.begin() as connection:
        register_case(connection, counter.clerk, case, MONDAY)
    assert again.value.order_no == first.order_no


def test_an_inquiry_answered_on_the_spot_meets_its_contact_and_reply(counter: Counter) -> None:
    inquiry = _case(counter, kind=CaseKind.INQUIRY)
    with counter.engine.begin() as connection:
        answered = engine.act(connection, counter.clerk, inquiry.uid, "answer",
                              expected_version=inquiry.version, now=MONDAY,
                              detail={"reply": "阶梯电价按年度累计。"})  # fmt: skip
        lines = board.board(connection, MONDAY + timedelta(days=2),
                            settings.load_calendar(connection))  # fmt: skip
    assert [s.step for s in answered.steps if s.done_at is None] == ["call_back"]
    (line,) = lines
    assert line.step == "call_back"
    assert not line.overdue


def test_a_service_awaiting_its_fee_is_not_late(counter: Counter) -> None:
    account_id, _ = account_with_bills(counter.engine, bills=())
    with counter.engine.begin() as connection:
        order_paid_service(
            connection,
            counter.clerk,
            PaidServiceIn(new_uid(), account_id, "meter_test", 1, "计量中心"),
            NOW,
        )
        (line,) = board.board(connection, NOW + timedelta(days=1),
                              settings.load_calendar(connection))  # fmt: skip
    assert (line.state, line.step, line.overdue) == ("quoted", None, False)
