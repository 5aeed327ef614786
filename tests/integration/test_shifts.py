"""Shifts (收费班次): float, X reading, counting, differences, approval and the numbered Z report.

The people are made once per module (argon2 costs ~0.1 s a hash) and every test gets a copy.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine, text

from counterdesk.documents.receipts import ShiftSlip, ShiftSlipKind, Tender, TenderTotal
from counterdesk.domain.permissions import Permission
from counterdesk.services import auth, payments, shifts
from counterdesk.services.auth import Approval, PermissionDeniedError, SignedIn
from counterdesk.services.shifts import ApprovalRequiredError, ShiftError
from counterdesk.store import print_jobs, settings
from tests.helpers.counter import (
    MANAGER_PASSWORD,
    NOW,
    TODAY,
    Counter,
    account_with_bills,
    audit_actions,
    card,
    cash,
    last_audit_id,
    later,
    open_shift,
    pay,
    rows_in,
)

FLOAT = 50_000
"""¥500.00 in the drawer at opening."""
WRITTEN = ("shift", "print_job", "audit_entry", "outbox", "number_sequence", "payment")


@pytest.fixture
def account_uid(counter: Counter) -> uuid.UUID:
    """An account with ¥169.47 overdue and ¥154.94 not yet due."""
    return account_with_bills(counter.engine)[1]


def _shift_row(engine: Engine, shift_id: int) -> dict[str, object]:
    with engine.connect() as connection:
        row = connection.execute(text("SELECT * FROM shift WHERE id = :id"), {"id": shift_id})
        return dict(row.mappings().one())


def _sequences(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return dict(connection.execute(text("SELECT name, last FROM number_sequence")).all())


def _newest_job(engine: Engine) -> print_jobs.PrintJob:
    with engine.connect() as connection:
        return print_jobs.recent(connection, limit=1)[0]


def _close(
    counter: Counter,
    counted: dict[Tender, int],
    *,
    actor: SignedIn | None = None,
    now: datetime = NOW + timedelta(hours=8),
    reason: str = "",
    approval: Approval | None = None,
) -> ShiftSlip:
    with counter.engine.begin() as connection:
        return shifts.close_shift(
            connection,
            actor or counter.clerk,
            counted=counted,
            now=now,
            reason=reason,
            approval=approval,
        )


def _approve(counter: Counter, at: datetime, act: str = shifts.CLOSE_ACT) -> Approval:
    return auth.approve(
        counter.engine,
        "0001",
        MANAGER_PASSWORD,
        permission=Permission.APPROVE,
        act=act,
        for_clerk=counter.clerk,
        now=at,
    )


def _shift_for_payment(counter: Counter, now: datetime) -> shifts.Shift:
    with counter.engine.connect() as connection:
        return shifts.shift_for_payment(connection, counter.clerk, now)


# --- opening --------------------------------------------------------------------------------------


def test_a_shift_opens_with_its_float(counter: Counter) -> None:
    before = last_audit_id(counter.engine)
    shift = open_shift(counter, float_fen=FLOAT)
    assert (shift.shift_no, shift.clerk_no, shift.window) == ("QS03-20261121-1", "0107", "3")
    assert (shift.business_day, shift.float_fen, shift.opened_at) == (TODAY, FLOAT, NOW)
    row = _shift_row(counter.engine, shift.id)
    assert row["state"] == "open"
    assert row["terminal_code"] == "QS03"
    assert row["float_fen"] == FLOAT
    assert row["clerk_id"] == counter.clerk.clerk_id
    assert uuid.UUID(bytes=bytes(row["uid"])) == shift.uid  # type: ignore[arg-type]
    assert audit_actions(counter.engine, after_id=before) == ["shift.opened"]
    with counter.engine.connect() as connection:
        op_id, kind, payload = connection.execute(
            text("SELECT op_id, kind, payload FROM outbox")
        ).one()
    assert (uuid.UUID(bytes=bytes(op_id)), kind) == (shift.uid, "shift.opened")
    assert json.loads(payload)["float_fen"] == FLOAT
    assert _shift_for_payment(counter, later(1)) == shift


def test_an_empty_drawer_is_a_valid_float(counter: Counter) -> None:
    assert open_shift(counter, float_fen=0).float_fen == 0


@pytest.mark.parametrize(
    ("float_fen", "words"),
    [
        (-1, "¥0.00 or more"),
        (500.0, "¥0.00 or more"),
        (True, "¥0.00 or more"),
        (shifts.MAX_FLOAT_FEN + 1, "more than a drawer holds"),
    ],
)
def test_a_bad_float_is_refused_before_anything_is_written(
    counter: Counter, float_fen: int, words: str
) -> None:
    before = rows_in(counter.engine, *WRITTEN)
    with counter.engine.begin() as connection, pytest.raises(ShiftError, match=words):
        shifts.open_shift(connection, counter.clerk, float_fen=float_fen, now=NOW)
    assert rows_in(counter.engine, *WRITTEN) == before


def test_an_admin_runs_no_shift(counter: Counter) -> None:
    before = rows_in(counter.engine, *WRITTEN)
    with counter.engine.begin() as connection:
        with pytest.raises(PermissionDeniedError, match="run_shift"):
            shifts.open_shift(connection, counter.admin, float_fen=FLOAT, now=NOW)
        with pytest.raises(PermissionDeniedError, match="run_shift"):
            shifts.x_report(connection, counter.admin, now=NOW)
        with pytest.raises(PermissionDeniedError, match="run_shift"):
            shifts.close_shift(connection, counter.admin, counted={Tender.CASH: 0}, now=NOW)
    assert rows_in(counter.engine, *WRITTEN) == before


def test_one_shift_per_terminal(counter: Counter) -> None:
    shift = open_shift(counter)
    before = rows_in(counter.engine, *WRITTEN)
    with pytest.raises(ShiftError, match=r"Your shift QS03-20261121-1 is already open"):
        open_shift(counter, now=later(5))
    with (
        pytest.raises(ShiftError, match=r"QS03-20261121-1 \(2026-11-21, clerk 0107\) is still"),
        counter.engine.begin() as connection,
    ):
        shifts.open_shift(connection, counter.manager, float_fen=FLOAT, now=later(5))
    # The manager cannot take money in the clerk's shift either.
    with counter.engine.connect() as connection:
        with pytest.raises(ShiftError, match="of clerk 0107 is open on this terminal"):
            shifts.shift_for_payment(connection, counter.manager, later(6))
        assert shifts.current_shift(connection, counter.manager) is None
        assert shifts.open_shift_on_terminal(connection) == shift
    assert rows_in(counter.engine, *WRITTEN) == before


def test_no_payment_without_a_shift(counter: Counter) -> None:
    with pytest.raises(ShiftError, match="No shift is open"):
        _shift_for_payment(counter, NOW)


# --- 日清日结: a shift belongs to its business day ------------------------------------------------


def test_yesterdays_shift_takes_no_payment_and_blocks_today(
    counter: Counter, account_uid: uuid.UUID
) -> None:
    yesterday = open_shift(counter, now=NOW - timedelta(days=1))
    assert yesterday.shift_no == "QS03-20261120-1"
    with pytest.raises(ShiftError, match="is from 2026-11-20"):
        _shift_for_payment(counter, NOW)
    before = rows_in(counter.engine, *WRITTEN)
    with pytest.raises(ShiftError, match="is from 2026-11-20"):
        pay(counter, account_uid, cash(1000))
    with pytest.raises(ShiftError, match=r"\(2026-11-20, clerk 0107\) is still open"):
        open_shift(counter)
    assert rows_in(counter.engine, *WRITTEN) == before
    # Settle yesterday (its Z), then today's shift opens.
    _close(counter, {Tender.CASH: FLOAT}, now=NOW)
    today = open_shift(counter, now=later(1))
    assert today.shift_no == "QS03-20261121-1"
    pay(counter, account_uid, cash(1000), now=later(2))


def test_the_business_day_is_the_halls_not_utc(counter: Counter) -> None:
    """23:50 in the hall is 15:50 UTC: ten minutes later it is a new business day."""
    evening = datetime(2026, 11, 21, 15, 50, tzinfo=UTC)
    shift = open_shift(counter, now=evening)
    assert shift.business_day == date(2026, 11, 21)
    assert _shift_for_payment(counter, evening + timedelta(minutes=9)) == shift
    with pytest.raises(ShiftError, match="is from 2026-11-21"):
        _shift_for_payment(counter, evening + timedelta(minutes=11))
    early = datetime(2026, 11, 21, 0, 10, tzinfo=UTC)  # 08:10 in the hall, same day
    assert _shift_for_payment(counter, early) == shift


# --- X reading ------------------------------------------------------------------------------------


def test_the_x_reading_changes_nothing_but_queues_its_slip(
    counter: Counter, account_uid: uuid.UUID
) -> None:
    shift = open_shift(counter)
    pay(counter, account_uid, cash(10_000), now=later(1))
    row_before = _shift_row(counter.engine, shift.id)
    counts = rows_in(counter.engine, "payment", "shift", "outbox", "number_sequence")
    sequences = _sequences(counter.engine)
    audit_before = last_audit_id(counter.engine)
    with counter.engine.begin() as connection:
        slip = shifts.x_report(connection, counter.clerk, now=later(2))
    assert slip.kind is ShiftSlipKind.X
    assert (slip.float_fen, slip.expected_cash_fen) == (FLOAT, FLOAT + 10_000)
    assert slip.tenders == (TenderTotal(Tender.CASH, 1, 10_000),)
    assert (slip.z_no, slip.counted_cash_fen) == ("", None)
    assert _shift_row(counter.engine, shift.id) == row_before
    assert rows_in(counter.engine, "payment", "shift", "outbox", "number_sequence") == counts
    assert _sequences(counter.engine) == sequences
    assert audit_actions(counter.engine, after_id=audit_before) == ["shift.x_report"]
    job = _newest_job(counter.engine)
    assert (job.source_uid, job.printer, job.copy_number) == (shift.uid, "receipt", 1)
    assert job.printout() == slip
    assert _shift_for_payment(counter, later(3)) == shift


def test_no_x_reading_without_a_shift(counter: Counter) -> None:
    with pytest.raises(ShiftError, match="nothing to read"), counter.engine.begin() as connection:
        shifts.x_report(connection, counter.clerk, now=NOW)


# --- closing --------------------------------------------------------------------------------------


def test_a_balanced_close_prints_a_numbered_z(counter: Counter, account_uid: uuid.UUID) -> None:
    shift = open_shift(counter)
    pay(counter, account_uid, cash(10_000, handed_fen=20_000), now=later(1))
    before = rows_in(counter.engine, *WRITTEN)
    audit_before = last_audit_id(counter.engine)
    closing_time = later(480)
    slip = _close(counter, {Tender.CASH: FLOAT + 10_000}, now=closing_time)
    assert slip.kind is ShiftSlipKind.Z
    assert (slip.z_no, slip.expected_cash_fen, slip.counted_cash_fen) == (
        "QS03-Z0001",
        FLOAT + 10_000,
        FLOAT + 10_000,
    )
    assert (slip.difference_fen, slip.difference_reason, slip.approved_by) == (0, "", "")
    row = _shift_row(counter.engine, shift.id)
    assert row["state"] == "closed"
    assert row["z_no"] == "QS03-Z0001"
    assert str(row["closed_at"]).startswith("2026-11-21 10:30:00")
    assert json.loads(str(row["counted"])) == {"cash": FLOAT + 10_000}
    assert (row["expected_cash_fen"], row["counted_cash_fen"]) == (FLOAT + 10_000, FLOAT + 10_000)
    assert (row["difference_fen"], row["difference_reason"], row["approved_by_id"]) == (
        0,
        None,
        None,
    )
    after = rows_in(counter.engine, *WRITTEN)
    assert after["print_job"] == before["print_job"] + 1
    assert after["outbox"] == before["outbox"] + 1
    assert after["shift"] == before["shift"]
    assert audit_actions(counter.engine, after_id=audit_before) == ["shift.closed"]
    job = _newest_job(counter.engine)
    assert (job.source_uid, job.printout()) == (shift.uid, slip)
    with counter.engine.connect() as connection:
        assert shifts.current_shift(connection, counter.clerk) is None
        kind, payload = connection.execute(
            text("SELECT kind, payload FROM outbox ORDER BY terminal_seq DESC LIMIT 1")
        ).one()
    assert kind == "shift.closed"
    assert json.loads(payload)["z_no"] == "QS03-Z0001"
    with pytest.raises(ShiftError, match="No shift is open"):
        pay(counter, account_uid, cash(100), now=closing_time)


@pytest.mark.parametrize("difference", [-1_000, 1_000, -1, 0])
def test_a_difference_within_the_limit_needs_no_approval(counter: Counter, difference: int) -> None:
    shift = open_shift(counter)
    slip = _close(counter, {Tender.CASH: FLOAT + difference})
    assert slip.difference_fen == difference
    row = _shift_row(counter.engine, shift.id)
    assert (row["state"], row["difference_fen"], row["approved_by_id"]) == (
        "closed",
        difference,
        None,
    )


@pytest.mark.parametrize(
    ("reason", "with_approval"), [("", False), ("少收一张", False), ("", True), ("  ", True)]
)
def test_a_difference_above_the_limit_needs_a_reason_and_an_approval(
    counter: Counter, reason: str, with_approval: bool
) -> None:
    shift = open_shift(counter)
    approval = _approve(counter, later(1)) if with_approval else None
    before = rows_in(counter.engine, *WRITTEN)
    sequences = _sequences(counter.engine)
    row_before = _shift_row(counter.engine, shift.id)
    # Caught inside the transaction and committed: the refusal comes before any write.
    with (
        counter.engine.begin() as connection,
        pytest.raises(ApprovalRequiredError, match=r"more than ¥10\.00") as refused,
    ):
        shifts.close_shift(
            connection,
            counter.clerk,
            counted={Tender.CASH: FLOAT - 1_001},
            now=later(2),
            reason=reason,
            approval=approval,
        )
    assert refused.value.differences == {Tender.CASH: -1_001}
    assert rows_in(counter.engine, *WRITTEN) == before
    assert _sequences(counter.engine) == sequences
    assert _shift_row(counter.engine, shift.id) == row_before


def test_a_large_difference_closes_with_a_reason_and_a_managers_approval(
    counter: Counter,
) -> None:
    shift = open_shift(counter)
    with pytest.raises(ApprovalRequiredError):
        _close(counter, {Tender.CASH: FLOAT - 5_000}, now=later(60))
    approval = _approve(counter, later(61))
    slip = _close(
        counter, {Tender.CASH: FLOAT - 5_000}, now=later(62), reason=" 找零多给 ", approval=approval
    )
    assert (slip.approved_by, slip.difference_fen, slip.difference_reason) == (
        "0001",
        -5_000,
        "找零多给",
    )
    assert slip.z_no == "QS03-Z0001"
    row = _shift_row(counter.engine, shift.id)
    assert (row["state"], row["approved_by_id"], row["difference_reason"]) == (
        "closed",
        counter.manager.clerk_id,
        "找零多给",
    )
    assert _newest_job(counter.engine).printout().approved_by == "0001"
    assert audit_actions(counter.engine)[-2:] == ["approval.used", "shift.closed"]


def test_an_approval_for_another_act_does_not_close(counter: Counter) -> None:
    shift = open_shift(counter)
    approval = _approve(counter, later(1), act=payments.REVERSE_ACT)
    with pytest.raises(PermissionDeniedError, match="something else"):
        _close(counter, {Tender.CASH: 0}, now=later(2), reason="盘点有误", approval=approval)
    assert _shift_row(counter.engine, shift.id)["state"] == "open"


def test_an_approval_closes_one_shift_only(counter: Counter) -> None:
    open_shift(counter)
    approval = _approve(counter, later(1))
    _close(counter, {Tender.CASH: 0}, now=later(2), reason="盘点有误", approval=approval)
    shift = open_shift(counter, now=later(3))
    with pytest.raises(PermissionDeniedError, match="used already"):
        _close(counter, {Tender.CASH: 0}, now=later(4), reason="盘点有误", approval=approval)
    assert _shift_row(counter.engine, shift.id)["state"] == "open"


def test_a_manager_cannot_approve_the_difference_of_their_own_shift(counter: Counter) -> None:
    """Even with an approval written out "for" someone else, the second person must differ."""
    with counter.engine.begin() as connection:
        shift = shifts.open_shift(connection, counter.manager, float_fen=FLOAT, now=NOW)
    own = _approve(counter, later(1))  # the manager's own password, "for" the clerk
    with pytest.raises(PermissionDeniedError, match="someone else"):
        _close(
            counter,
            {Tender.CASH: 0},
            actor=counter.manager,
            now=later(2),
            reason="短款",
            approval=own,
        )
    assert _shift_row(counter.engine, shift.id)["state"] == "open"


@pytest.mark.parametrize(
    ("counted", "words"),
    [
        ({Tender.WECHAT: 0}, "counted cash"),
        ({Tender.CASH: -1}, "¥0.00 or more"),
        ({Tender.CASH: 1.5}, "¥0.00 or more"),
        ({Tender.CASH: False}, "¥0.00 or more"),
    ],
)
def test_a_bad_count_is_refused(counter: Counter, counted: dict[Tender, int], words: str) -> None:
    shift = open_shift(counter)
    with pytest.raises(ShiftError, match=words):
        _close(counter, counted)
    assert _shift_row(counter.engine, shift.id)["state"] == "open"


def test_only_the_shifts_own_clerk_closes_it(counter: Counter) -> None:
    shift = open_shift(counter)
    with pytest.raises(ShiftError, match="No shift of yours"):
        _close(counter, {Tender.CASH: FLOAT}, actor=counter.manager)
    assert _shift_row(counter.engine, shift.id)["state"] == "open"


def test_z_numbers_run_on_across_shifts_and_days(counter: Counter) -> None:
    numbers = []
    for day, actor in enumerate((counter.clerk, counter.manager, counter.clerk, counter.clerk)):
        opened = NOW + timedelta(days=day // 2, hours=day % 2)
        with counter.engine.begin() as connection:
            shifts.open_shift(connection, actor, float_fen=0, now=opened)
        numbers.append(_close(counter, {Tender.CASH: 0}, actor=actor, now=opened).z_no)
    assert numbers == ["QS03-Z0001", "QS03-Z0002", "QS03-Z0003", "QS03-Z0004"]
    with counter.engine.connect() as connection:
        shift_numbers = [row[0] for row in connection.execute(text("SELECT shift_no FROM shift"))]
    assert shift_numbers == [
        "QS03-20261121-1",
        "QS03-20261121-2",
        "QS03-20261122-1",
        "QS03-20261122-2",
    ]


# --- what the drawer should hold ------------------------------------------------------------------


def test_expected_cash_is_float_plus_cash_less_reversed_cash(
    counter: Counter, account_uid: uuid.UUID
) -> None:
    shift = open_shift(counter)
    pay(counter, account_uid, cash(5_000, handed_fen=10_000), now=later(1))
    wrong = pay(counter, account_uid, cash(3_000), now=later(2))
    pay(counter, account_uid, card(Tender.BANK_CARD, 2_000), now=later(3))
    approval = _approve(counter, later(4), act=payments.REVERSE_ACT)
    with counter.engine.begin() as connection:
        payments.reverse_payment(
            connection,
            counter.clerk,
            wrong.payment_uid,
            reason="重复收费",
            approval=approval,
            now=later(5),
        )
    with counter.engine.connect() as connection:
        figures = shifts.totals(connection, shift.id)
    assert figures.tenders == (
        TenderTotal(Tender.CASH, 2, 8_000),
        TenderTotal(Tender.BANK_CARD, 1, 2_000),
    )
    assert (figures.reversal_count, figures.reversal_fen) == (1, 3_000)
    assert figures.expected() == {Tender.CASH: FLOAT + 5_000, Tender.BANK_CARD: 2_000}
    assert figures.expected_cash_fen == FLOAT + 5_000
    slip = _close(counter, {Tender.CASH: FLOAT + 5_000, Tender.BANK_CARD: 2_000})
    assert (slip.difference_fen, slip.reversal_count, slip.reversal_fen) == (0, 1, 3_000)
    assert _shift_row(counter.engine, shift.id)["difference_fen"] == 0


def test_split_tenders_are_counted_per_tender(counter: Counter, account_uid: uuid.UUID) -> None:
    shift = open_shift(counter)
    pay(counter, account_uid, cash(3_000), card(Tender.WECHAT, 2_000), now=later(1))
    pay(counter, account_uid, card(Tender.BANK_CARD, 4_000), now=later(2))
    pay(counter, account_uid, cash(1_000), card(Tender.ALIPAY, 500), now=later(3))
    with counter.engine.connect() as connection:
        figures = shifts.totals(connection, shift.id)
    assert figures.tenders == (
        TenderTotal(Tender.CASH, 2, 4_000),
        TenderTotal(Tender.BANK_CARD, 1, 4_000),
        TenderTotal(Tender.WECHAT, 1, 2_000),
        TenderTotal(Tender.ALIPAY, 1, 500),
    )
    assert figures.expected() == {
        Tender.CASH: FLOAT + 4_000,
        Tender.BANK_CARD: 4_000,
        Tender.WECHAT: 2_000,
        Tender.ALIPAY: 500,
    }
    counted = {Tender.CASH: FLOAT + 4_000, Tender.BANK_CARD: 4_000, Tender.WECHAT: 1_500}
    with counter.engine.connect() as connection:
        assert shifts.differences(figures, counted) == {
            Tender.CASH: 0,
            Tender.BANK_CARD: 0,
            Tender.WECHAT: -500,
            Tender.ALIPAY: -500,
        }
    slip = _close(counter, counted)
    assert slip.difference_fen == 0  # the cash balances; the QR wallets are short
    assert "微信短款¥5.00" in slip.difference_reason
    assert "支付宝短款¥5.00" in slip.difference_reason
    row = _shift_row(counter.engine, shift.id)
    assert json.loads(str(row["counted"])) == {
        "bank_card": 4_000,
        "cash": FLOAT + 4_000,
        "wechat": 1_500,
    }


def test_a_non_cash_difference_above_the_limit_needs_an_approval(
    counter: Counter, account_uid: uuid.UUID
) -> None:
    open_shift(counter)
    pay(counter, account_uid, card(Tender.BANK_CARD, 4_000), now=later(1))
    with pytest.raises(ApprovalRequiredError) as refused:
        _close(counter, {Tender.CASH: FLOAT})
    assert refused.value.differences == {Tender.CASH: 0, Tender.BANK_CARD: -4_000}


def test_the_limit_is_a_setting(counter: Counter) -> None:
    with counter.engine.begin() as connection:
        settings.write(connection, "shift.difference_limit_fen", 0, now=NOW)
    open_shift(counter)
    with pytest.raises(ApprovalRequiredError, match=r"more than ¥0\.00"):
        _close(counter, {Tender.CASH: FLOAT + 1})
    assert _close(counter, {Tender.CASH: FLOAT}).difference_fen == 0


def test_a_balanced_close_leaves_an_approval_unused(counter: Counter) -> None:
    """No approval is needed, so none is used up, even when one is passed."""
    open_shift(counter)
    approval = _approve(counter, later(1))
    _close(counter, {Tender.CASH: FLOAT}, now=later(2), reason="无", approval=approval)
    assert "approval.used" not in audit_actions(counter.engine)
