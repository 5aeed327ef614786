"""The counter's dialogs on a real migrated database: sign-in, approval, shifts, reversal.

Each dialog is driven with keys as a clerk would (Chinese text is set with ``setText``: QTest's key
clicks know ASCII only), its service call runs on the worker, and the outcome is checked in the
database. Set COUNTERDESK_SCREENSHOTS to a folder to save each dialog, in Chinese, as a PNG.
"""

from __future__ import annotations

import json
import os
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, text

from counterdesk.documents.receipts import Tender
from counterdesk.domain.ids import new_uid
from counterdesk.services import payments, shifts
from tests.helpers.counter import (
    MANAGER_PASSWORD,
    NOW,
    PASSWORD,
    Counter,
    account_with_bills,
    add_people,
    later,
    open_shift,
)
from ui.app import WINDOW_SIZE, install_translations, prepare_application
from ui.approval import ApprovalDialog
from ui.counter_dialog import CounterDialog
from ui.operations import WORKER_NAME, OpRunner
from ui.reversal_dialog import ReversalDialog
from ui.shift_dialogs import CloseShiftDialog, OpenShiftDialog, Stage, print_x_report
from ui.sign_in import SignInDialog

SHOWN = "propagateSizeHints"  # the offscreen platform's one warning when a window is shown
pytestmark = pytest.mark.qt_log_ignore(SHOWN)

D = TypeVar("D", bound=CounterDialog)


def _workers_alive() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith(WORKER_NAME) and t.is_alive()]


@pytest.fixture(autouse=True)
def _english(qapp: QApplication) -> Iterator[None]:
    """Source English whatever an earlier test installed; the screenshots switch to Chinese."""
    install_translations(qapp, "en")
    yield
    install_translations(qapp, "en")


@pytest.fixture
def counter(engine: Engine) -> Counter:
    return add_people(engine)


@pytest.fixture
def show(qtbot: QtBot) -> Iterator[Callable[[D], D]]:
    """Shows a dialog and, after the test, stops any worker it made."""
    made: list[CounterDialog] = []

    def shown(dialog: D) -> D:
        qtbot.addWidget(dialog)
        made.append(dialog)
        with qtbot.waitExposed(dialog):
            dialog.show()
        return dialog

    yield shown
    for dialog in made:
        dialog.shutdown()
    assert not _workers_alive(), "a worker thread outlived its test"


def at(minutes: int) -> Callable[[], datetime]:
    return lambda: later(minutes)


def one(engine: Engine, sql: str, **params: object) -> tuple[object, ...]:
    with engine.connect() as connection:
        row = connection.execute(text(sql), params).first()
    assert row is not None, sql
    return tuple(row)


def count(engine: Engine, sql: str, **params: object) -> int:
    return int(str(one(engine, sql, **params)[0]))


def enter(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def settle(qtbot: QtBot, dialog: CounterDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy, timeout=10_000)


def take_uid(counter: Counter, *tenders: payments.TenderIn, minutes: int = 5) -> uuid.UUID:
    """One payment on a fresh account, as the pay dialog's Confirm does; returns its uid."""
    number = f"33010{count(counter.engine, 'SELECT count(*) FROM account'):05d}"
    _, account_uid = account_with_bills(counter.engine, number)
    request = payments.PaymentRequest(new_uid(), account_uid, tenders)
    with counter.engine.begin() as connection:
        payments.take_payment(connection, counter.clerk, request, now=later(minutes))
    return request.payment_uid


def cash(fen: int) -> payments.TenderIn:
    return payments.TenderIn(Tender.CASH, fen)


def card(fen: int) -> payments.TenderIn:
    return payments.TenderIn(Tender.BANK_CARD, fen, reference="6222021234")


# --- signing in ---------------------------------------------------------------------------------


def sign_in_as(qtbot: QtBot, dialog: SignInDialog, number: str, password: str) -> None:
    dialog.number.clear()
    qtbot.keyClicks(dialog.number, number)
    enter(qtbot, dialog.number)
    assert dialog.focusWidget() is dialog.password
    qtbot.keyClicks(dialog.password, password)
    enter(qtbot, dialog.password)


def test_sign_in_with_the_right_password(
    qtbot: QtBot, counter: Counter, show: Callable[[SignInDialog], SignInDialog]
) -> None:
    dialog = show(SignInDialog(counter.engine, clock=lambda: NOW))
    assert dialog.password.echoMode() is dialog.password.EchoMode.Password
    assert not dialog.hint.isVisibleTo(dialog)
    with qtbot.waitSignal(dialog.signed_in_as, timeout=10_000) as signal:
        sign_in_as(qtbot, dialog, "0107", PASSWORD)
    assert signal.args is not None
    assert signal.args[0] == dialog.signed_in
    assert dialog.signed_in is not None
    assert (dialog.signed_in.number, dialog.signed_in.name) == ("0107", "张敏")
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.password.text() == ""


def test_a_wrong_password_is_said_cleared_and_a_second_enter_waits(
    qtbot: QtBot, counter: Counter, show: Callable[[SignInDialog], SignInDialog]
) -> None:
    dialog = show(SignInDialog(counter.engine, demo_hint="Demo: clerk 0107", clock=lambda: NOW))
    assert dialog.hint.isVisibleTo(dialog)
    sign_in_as(qtbot, dialog, "0107", "not-the-password")
    assert dialog.busy
    assert not dialog.button.isEnabled()
    assert dialog.button.label_text() == "Signing in…"
    enter(qtbot, dialog)  # a second Enter while argon2 runs
    settle(qtbot, dialog)
    assert dialog.problem.isVisible()
    assert dialog.problem.text() == "The clerk number or the password is wrong."
    assert dialog.password.text() == ""
    assert dialog.focusWidget() is dialog.password
    assert dialog.button.label_text() == "Sign in"
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert (
        count(counter.engine, "SELECT count(*) FROM audit_entry WHERE action = 'signin.failed'")
        == 1
    )


def test_enter_on_an_empty_field_says_what_is_missing(
    qtbot: QtBot, counter: Counter, show: Callable[[SignInDialog], SignInDialog]
) -> None:
    dialog = show(SignInDialog(counter.engine, clock=lambda: NOW))
    enter(qtbot, dialog.number)
    assert dialog.problem.text() == "Type your clerk number."
    qtbot.keyClicks(dialog.number, "01a07")  # the letter is refused: clerk numbers are digits
    assert dialog.number.text() == "0107"
    enter(qtbot, dialog.number)
    enter(qtbot, dialog.password)
    assert dialog.problem.text() == "Type your password."
    assert not dialog.busy


def test_five_wrong_passwords_lock_the_sign_in_until_a_time(
    qtbot: QtBot, counter: Counter, show: Callable[[SignInDialog], SignInDialog]
) -> None:
    dialog = show(SignInDialog(counter.engine, clock=lambda: NOW))
    for _ in range(5):
        dialog.password.setText("wrong-password")
        dialog.number.setText("0107")
        dialog.sign_in()
        settle(qtbot, dialog)
    assert dialog.problem.text() == "Wrong password 5 times: sign-in 0107 is locked for 15 minutes."
    sign_in_as(qtbot, dialog, "0107", PASSWORD)  # even the right password now
    settle(qtbot, dialog)
    assert dialog.problem.text().startswith("Sign-in 0107 is locked after 5 wrong passwords")
    assert "until 10:45" in dialog.problem.text()  # 10:30 in the hall, plus 15 minutes
    assert dialog.signed_in is None


def test_esc_cancels_the_sign_in(
    qtbot: QtBot, counter: Counter, show: Callable[[SignInDialog], SignInDialog]
) -> None:
    dialog = show(SignInDialog(counter.engine))
    qtbot.keyClick(dialog.number, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert not dialog.isVisible()


# --- approval -----------------------------------------------------------------------------------


def test_a_manager_approves(
    qtbot: QtBot, counter: Counter, show: Callable[[ApprovalDialog], ApprovalDialog]
) -> None:
    dialog = show(
        ApprovalDialog(counter.engine, counter.clerk, payments.REVERSE_ACT,
                       "Reverse receipt QS03-20261121-0001, ¥169.47", clock=lambda: NOW)
    )  # fmt: skip
    assert dialog.summary.text().startswith("Reverse receipt")
    qtbot.keyClicks(dialog.number, "0001")
    enter(qtbot, dialog.number)
    assert dialog.focusWidget() is dialog.password
    qtbot.keyClicks(dialog.password, MANAGER_PASSWORD)
    with qtbot.waitSignal(dialog.approved, timeout=10_000):
        enter(qtbot, dialog.password)
    assert dialog.approval is not None
    assert (dialog.approval.manager_no, dialog.approval.act) == ("0001", payments.REVERSE_ACT)
    assert dialog.result() == QDialog.DialogCode.Accepted
    granted = one(counter.engine, "SELECT actor, detail FROM audit_entry "
                  "WHERE action = 'approval.granted'")  # fmt: skip
    assert granted[0] == "0001"
    assert json.loads(str(granted[1]))["for"] == "0107"


@pytest.mark.parametrize(
    ("number", "password", "said"),
    [
        ("0107", PASSWORD, "An approval must come from someone else, not yourself."),
        ("9001", PASSWORD, "9001 (admin) may not do this (approve); ask a manager."),
        ("0001", "wrong-password", "The clerk number or the password is wrong."),
    ],
    ids=["the-clerk-themselves", "not-a-manager", "wrong-password"],
)
def test_an_approval_is_refused_inline(
    qtbot: QtBot,
    counter: Counter,
    show: Callable[[ApprovalDialog], ApprovalDialog],
    number: str,
    password: str,
    said: str,
) -> None:
    dialog = show(
        ApprovalDialog(counter.engine, counter.clerk, shifts.CLOSE_ACT, "Close", clock=lambda: NOW)
    )
    dialog.number.setText(number)
    dialog.password.setText(password)
    dialog.password.setFocus()
    enter(qtbot, dialog.password)
    settle(qtbot, dialog)
    assert dialog.problem.text() == said
    assert dialog.password.text() == ""
    assert dialog.approval is None
    assert dialog.isVisible()
    assert count(counter.engine, "SELECT count(*) FROM audit_entry "
                 "WHERE action = 'approval.granted'") == 0  # fmt: skip


# --- opening a shift ----------------------------------------------------------------------------


def test_open_shift_with_the_typed_float(
    qtbot: QtBot, counter: Counter, show: Callable[[OpenShiftDialog], OpenShiftDialog]
) -> None:
    dialog = show(OpenShiftDialog(counter.engine, counter.clerk, clock=lambda: NOW))
    assert dialog.amount.text() == "500.00"
    assert dialog.amount.selectedText() == "500.00"
    qtbot.keyClicks(dialog.amount, "12.345")
    enter(qtbot, dialog.amount)
    assert dialog.problem.text() == "“12.345” has more than two decimals: amounts go to the fen."
    assert not dialog.busy
    dialog.amount.selectAll()
    qtbot.keyClicks(dialog.amount, "800")
    with qtbot.waitSignal(dialog.shift_opened, timeout=10_000):
        enter(qtbot, dialog.amount)
    assert dialog.shift is not None
    assert dialog.result() == QDialog.DialogCode.Accepted
    row = one(counter.engine, "SELECT shift_no, float_fen, state, clerk_id FROM shift")
    assert row == (dialog.shift.shift_no, 80_000, "open", counter.clerk.clerk_id)


def test_a_second_shift_is_refused_inline(
    qtbot: QtBot, counter: Counter, show: Callable[[OpenShiftDialog], OpenShiftDialog]
) -> None:
    shift = open_shift(counter)
    dialog = show(OpenShiftDialog(counter.engine, counter.clerk, clock=at(5)))
    enter(qtbot, dialog.amount)
    settle(qtbot, dialog)
    assert dialog.problem.text() == f"Your shift {shift.shift_no} is already open."
    assert count(counter.engine, "SELECT count(*) FROM shift") == 1


# --- closing a shift ----------------------------------------------------------------------------


def loaded(qtbot: QtBot, dialog: CloseShiftDialog) -> CloseShiftDialog:
    qtbot.waitUntil(lambda: dialog.stage is not Stage.LOADING, timeout=10_000)
    return dialog


def test_a_balanced_close_prints_the_z_report(
    qtbot: QtBot, counter: Counter, show: Callable[[CloseShiftDialog], CloseShiftDialog]
) -> None:
    shift = open_shift(counter)
    take_uid(counter, cash(12_000), minutes=10)
    dialog = loaded(qtbot, show(CloseShiftDialog(counter.engine, counter.clerk, clock=at(480))))
    assert list(dialog.counts) == [Tender.CASH]  # only cash was taken
    assert shift.shift_no in dialog.heading.text()
    assert dialog.focusWidget() is dialog.counts[Tender.CASH]
    qtbot.keyClicks(dialog.counts[Tender.CASH], "620")  # ¥500 float + ¥120 taken
    with qtbot.waitSignal(dialog.shift_closed, timeout=10_000):
        enter(qtbot, dialog.counts[Tender.CASH])
    assert dialog.stage is Stage.DONE
    assert dialog.slip is not None
    assert dialog.z_label.text() == dialog.slip.z_no == "QS03-Z0001"
    assert "printing" in dialog.done_note.text()
    state, z_no, approver = one(counter.engine, "SELECT state, z_no, approved_by_id FROM shift")
    assert (state, z_no, approver) == ("closed", "QS03-Z0001", None)
    assert count(counter.engine, "SELECT count(*) FROM print_job WHERE kind = 'shift_slip'") == 1
    enter(qtbot, dialog.close_button)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_a_difference_needs_a_reason_and_a_manager(
    qtbot: QtBot, counter: Counter, show: Callable[[CloseShiftDialog], CloseShiftDialog]
) -> None:
    open_shift(counter)
    take_uid(counter, cash(10_000), minutes=10)
    take_uid(counter, card(5_000), minutes=20)
    dialog = loaded(qtbot, show(CloseShiftDialog(counter.engine, counter.clerk, clock=at(480))))
    assert list(dialog.counts) == [Tender.CASH, Tender.BANK_CARD]
    cash_field, card_field = dialog.counts.values()
    qtbot.keyClicks(cash_field, "580")  # ¥600 expected: ¥20 short, over the ¥10 limit
    enter(qtbot, cash_field)
    assert dialog.focusWidget() is card_field
    enter(qtbot, card_field)
    assert dialog.problem.text() == "Enter the counted amount for Bank card (0 if there is none)."
    qtbot.keyClicks(card_field, "50")
    enter(qtbot, card_field)
    settle(qtbot, dialog)

    assert dialog.stage is Stage.DIFFERENCE
    assert dialog.differences_fen == {Tender.CASH: -2_000, Tender.BANK_CARD: 0}
    assert dialog.difference_summary() == "Cash  Short ¥20.00\nBank card  Balanced"
    assert "-" not in dialog.difference_summary()
    assert "ask a manager to approve" in dialog.problem.text()
    assert dialog.focusWidget() is dialog.reason
    assert dialog.close_button.label_text() == "Ask a manager to approve"
    enter(qtbot, dialog.reason)
    assert dialog.problem.text().startswith("Give the reason for the difference")
    assert dialog.approval_dialog is None

    dialog.reason.setText("找零多给了顾客")
    enter(qtbot, dialog.reason)
    approval = dialog.approval_dialog
    assert approval is not None
    qtbot.waitExposed(approval)
    assert "Short ¥20.00" in approval.summary.text()
    assert "找零多给了顾客" in approval.summary.text()
    approval.number.setText("0001")
    approval.password.setText(MANAGER_PASSWORD)
    approval.password.setFocus()
    with qtbot.waitSignal(dialog.shift_closed, timeout=10_000):
        enter(qtbot, approval.password)
    assert dialog.stage is Stage.DONE
    manager_id = count(counter.engine, "SELECT id FROM clerk WHERE number = '0001'")
    approver, reason, difference = one(
        counter.engine, "SELECT approved_by_id, difference_reason, difference_fen FROM shift"
    )
    assert approver == manager_id
    assert str(reason).startswith("找零多给了顾客")
    assert difference == -2_000
    assert count(counter.engine, "SELECT count(*) FROM print_job WHERE kind = 'shift_slip'") == 1


def test_cancelling_the_approval_leaves_the_shift_open(
    qtbot: QtBot, counter: Counter, show: Callable[[CloseShiftDialog], CloseShiftDialog]
) -> None:
    open_shift(counter)
    dialog = loaded(qtbot, show(CloseShiftDialog(counter.engine, counter.clerk, clock=at(480))))
    dialog.counts[Tender.CASH].setText("400")  # ¥100 short of the float
    dialog.confirm()
    settle(qtbot, dialog)
    dialog.reason.setText("点错了")
    dialog.confirm()
    assert dialog.approval_dialog is not None
    qtbot.waitExposed(dialog.approval_dialog)
    qtbot.keyClick(dialog.approval_dialog.number, Qt.Key.Key_Escape)
    assert dialog.problem.text() == "Not closed: this difference needs a manager's approval."
    # A recount goes back to the count: the differences and the reason step are gone.
    qtbot.keyClicks(dialog.counts[Tender.CASH], "0")
    assert dialog.stage is Stage.COUNT
    assert not dialog.reason.isVisible()
    assert one(counter.engine, "SELECT state FROM shift") == ("open",)


def test_closing_without_an_open_shift_says_so(
    qtbot: QtBot, counter: Counter, show: Callable[[CloseShiftDialog], CloseShiftDialog]
) -> None:
    dialog = loaded(qtbot, show(CloseShiftDialog(counter.engine, counter.clerk, clock=at(5))))
    assert dialog.stage is Stage.NO_SHIFT
    assert not dialog.close_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_the_x_report_prints_and_says_so(qtbot: QtBot, counter: Counter) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    runner = OpRunner(window)
    said: list[tuple[str, bool]] = []
    try:
        print_x_report(window, counter.engine, counter.clerk, lambda t, ok: said.append((t, ok)))
        qtbot.waitUntil(lambda: len(said) == 1, timeout=10_000)
        assert said == [("No shift of yours is open, so there is nothing to read.", False)]
        shift = open_shift(counter)
        print_x_report(window, counter.engine, counter.clerk, lambda t, ok: said.append((t, ok)),
                       clock=at(60))  # fmt: skip
        qtbot.waitUntil(lambda: len(said) == 2, timeout=10_000)
        assert said[1] == (f"X reading of shift {shift.shift_no} is printing.", True)
        assert (
            count(counter.engine, "SELECT count(*) FROM print_job WHERE kind = 'shift_slip'") == 1
        )
    finally:
        runner.shutdown()


# --- reversing a payment ------------------------------------------------------------------------


def reversal_for(
    qtbot: QtBot,
    counter: Counter,
    show: Callable[[ReversalDialog], ReversalDialog],
    payment_uid: uuid.UUID,
    minutes: int = 30,
) -> ReversalDialog:
    dialog = show(ReversalDialog(counter.engine, counter.clerk, payment_uid, clock=at(minutes)))
    qtbot.waitUntil(lambda: dialog.payment is not None or dialog.problem.isVisible())
    return dialog


def test_a_reversal_with_a_managers_approval(
    qtbot: QtBot, counter: Counter, show: Callable[[ReversalDialog], ReversalDialog]
) -> None:
    open_shift(counter)
    uid = take_uid(counter, cash(12_000), card(4_947), minutes=10)
    dialog = reversal_for(qtbot, counter, show, uid)
    receipt_no = str(one(counter.engine, "SELECT receipt_no FROM payment")[0])
    assert dialog.facts["receipt"].text() == receipt_no
    assert dialog.facts["customer"].text() == "张*三"  # masked: the customer may see the screen
    assert dialog.facts["paid_at"].text() == "2026-11-21 10:40"
    assert dialog.facts["tender"].text() == "Cash ¥120.00 + Bank card ¥49.47"
    assert dialog.amount.text() == "¥169.47"
    assert dialog.focusWidget() is dialog.reason

    enter(qtbot, dialog.reason)  # no reason yet: Enter says so
    assert dialog.problem.text() == "Give the reason for the reversal; it is printed and audited."
    dialog.reason.setCurrentIndex(1)  # "Wrong amount"
    enter(qtbot, dialog.reason)
    assert dialog.focusWidget() is dialog.number
    qtbot.keyClicks(dialog.number, "0001")
    enter(qtbot, dialog.number)
    assert dialog.focusWidget() is dialog.password
    qtbot.keyClicks(dialog.password, MANAGER_PASSWORD)
    with qtbot.waitSignal(dialog.payment_reversed, timeout=10_000) as signal:
        enter(qtbot, dialog.password)
    assert signal.args is not None
    result = signal.args[0]
    assert isinstance(result, payments.ReversalResult)
    assert dialog.reversal == result
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert one(counter.engine, "SELECT state FROM payment") == ("reversed",)
    manager_id = count(counter.engine, "SELECT id FROM clerk WHERE number = '0001'")
    assert one(counter.engine, "SELECT reversal_no, approved_by_id, reason FROM reversal") == (
        result.reversal_no, manager_id, "Wrong amount",
    )  # fmt: skip


def test_a_refused_reversal_reverses_nothing(
    qtbot: QtBot, counter: Counter, show: Callable[[ReversalDialog], ReversalDialog]
) -> None:
    open_shift(counter)
    uid = take_uid(counter, cash(12_000), minutes=10)
    dialog = reversal_for(qtbot, counter, show, uid)
    dialog.reason.setEditText("顾客重复缴费")
    dialog.number.setText("0001")
    dialog.password.setText("wrong-password")
    dialog.confirm()
    assert dialog.reverse_button.label_text() == "Reversing…"
    dialog.confirm()  # a second confirm while busy does nothing
    settle(qtbot, dialog)
    assert dialog.problem.text() == "The clerk number or the password is wrong."
    assert dialog.password.text() == ""
    assert dialog.focusWidget() is dialog.password
    assert dialog.reversal is None
    assert one(counter.engine, "SELECT state FROM payment") == ("posted",)
    assert count(counter.engine, "SELECT count(*) FROM audit_entry "
                 "WHERE action = 'signin.failed'") == 1  # fmt: skip


def test_a_payment_reversed_already_cannot_be_confirmed(
    qtbot: QtBot, counter: Counter, show: Callable[[ReversalDialog], ReversalDialog]
) -> None:
    open_shift(counter)
    uid = take_uid(counter, cash(12_000), minutes=10)
    with counter.engine.connect() as connection:
        connection.execute(text("UPDATE payment SET state = 'reversed'"))
        connection.commit()
    dialog = reversal_for(qtbot, counter, show, uid)
    qtbot.waitUntil(dialog.problem.isVisible)
    assert dialog.problem.text() == "This payment has been reversed already."
    assert not dialog.reverse_button.isEnabled()
    assert not dialog.number.isEnabled()


# --- 1366×768, Chinese, and the screenshots -----------------------------------------------------


def test_the_dialogs_in_chinese_fit_the_screen(
    qtbot: QtBot, qapp: QApplication, counter: Counter, show: Callable[[D], D]
) -> None:
    """Each dialog in zh_CN, nothing larger than 1366×768; COUNTERDESK_SCREENSHOTS saves PNGs."""
    prepare_application(qapp, "zh_CN")
    folder = os.environ.get("COUNTERDESK_SCREENSHOTS")
    width, height = WINDOW_SIZE
    shots: dict[str, QWidget] = {}

    sign_in = show(SignInDialog(counter.engine, clock=lambda: NOW,
                                demo_hint="演示：收费员 0107 / 主管 0001，密码 counter-2026 / "
                                          "manager-2026"))  # fmt: skip
    sign_in.resize(width, height)
    assert sign_in.button.label_text() == "登录"
    sign_in.number.setText("0107")
    sign_in.password.setText("wrong-password")
    sign_in.sign_in()
    settle(qtbot, sign_in)
    assert sign_in.problem.text() == "工号或密码不正确。"
    shots["dialog-sign-in"] = sign_in

    open_shift(counter)
    uid = take_uid(counter, cash(12_000), card(4_947), minutes=10)
    approval = show(
        ApprovalDialog(counter.engine, counter.clerk, payments.REVERSE_ACT,
                       "冲正收据 QS03-20261121-0001\n户号 3301000003 · 张*三 · ¥169.47\n"
                       "原因：金额输错",
                       clock=at(20))
    )  # fmt: skip
    approval.number.setText("0001")
    shots["dialog-approval"] = approval

    closing = show(CloseShiftDialog(counter.engine, counter.clerk, clock=at(480)))
    loaded(qtbot, closing)
    closing.counts[Tender.CASH].setText("600")  # ¥620 expected: ¥20 short
    closing.counts[Tender.BANK_CARD].setText("50")  # ¥49.47 expected: 53 fen over
    closing.confirm()
    settle(qtbot, closing)
    assert closing.stage is Stage.DIFFERENCE
    assert closing.difference_summary() == "现金  短款 ¥20.00\n银行卡  长款 ¥0.53"
    closing.reason.setText("顾客多给现金未找回")
    shots["dialog-close-shift"] = closing

    reversal = reversal_for(qtbot, counter, show, uid)
    reversal.reason.setCurrentIndex(1)
    reversal.number.setText("0001")
    shots["dialog-reversal"] = reversal

    with counter.engine.begin() as connection:
        connection.execute(text("UPDATE shift SET state = 'closed'"))
    opening = show(OpenShiftDialog(counter.engine, counter.clerk, clock=at(600)))
    shots["dialog-open-shift"] = opening

    for name, dialog in shots.items():
        hint = dialog.sizeHint()
        assert hint.width() <= width, name
        assert hint.height() <= height, name
        if name != "dialog-sign-in":
            dialog.adjustSize()
        qtbot.wait(20)
        if folder:
            dialog.grab().save(str(Path(folder) / f"{name}.png"))
