"""The meter change task (换表) and its back-billing dialog on a real database.

No mocks: a migrated SQLite database with the clerk and a manager signed in; the form requests,
checks and records the change on a real worker through the services, and the back-billing dialog
computes, records and has a manager approve it. The account (worked numbers as in
``tests/integration/test_meter_change_service.py``): meter M3301020456 installed 2025-11-01 at
1000.00 kWh, twelve bills of 300 kWh, so the last known reading is 4600.00 on 2026-10-31 and up
to 622 kWh more passes without confirmation on 2026-11-21.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, text

from counterdesk.documents.receipts import MeterChangeReason
from counterdesk.domain.ids import new_uid
from counterdesk.orders import back_billings
from counterdesk.orders.meter_changes import (
    MeterChangeIn,
    execute_meter_change,
    request_meter_change,
)
from counterdesk.orders.records import Order, load_order
from counterdesk.store import settings
from counterdesk.store.account_view import AccountView, load_account_view
from tests.helpers.counter import (
    MANAGER_PASSWORD,
    NOW,
    TODAY,
    Counter,
    account_with_bills,
    later,
)
from tests.helpers.task_frame import task_frame
from ui.app import prepare_application
from ui.operations import OpRunner
from ui.orders.back_billing_dialog import BackBillingDialog
from ui.orders.host import OrderHost
from ui.orders.meter_change_form import DONE, NO_ACCOUNT, READINGS, MeterChangeForm

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
NEW_METER = "1100987654321"


def _account(engine: Engine) -> int:
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
            {"d": json.dumps({"kind": "flat", "flat_price": 7350})},
        )
    return account_id


@pytest.fixture
def view(counter: Counter) -> AccountView:
    account_id = _account(counter.engine)
    with counter.engine.connect() as connection:
        rules = settings.load(connection).late_fee
        return load_account_view(connection, account_id, TODAY, rules)


@dataclass
class Harness:
    form: MeterChangeForm
    counter: Counter
    finished: list[str] = field(default_factory=list)
    cancelled: list[bool] = field(default_factory=list)
    printed: list[bool] = field(default_factory=list)
    pdfs: list[tuple[bytes, str, str]] = field(default_factory=list)


@pytest.fixture
def make_harness(
    qtbot: QtBot, qapp: QApplication, counter: Counter
) -> Iterator[Callable[..., Harness]]:
    """A form in a host the size of the task column, with its own worker, on screen."""
    runners: list[OpRunner] = []
    hosts: list[QWidget] = []  # qtbot holds widgets weakly

    def make(language: str = "en") -> Harness:
        frame = task_frame(qapp, language)
        host, card, layout = frame.host, frame.card, frame.layout
        hosts.append(host)
        runners.append(frame.runner)
        printed: list[bool] = []
        pdfs: list[tuple[bytes, str, str]] = []
        order_host = OrderHost(
            engine=counter.engine,
            clerk=lambda: counter.clerk,
            clock=lambda: NOW,
            printed=lambda: printed.append(True),
            show_pdf=lambda pdf, title, name: pdfs.append((pdf, title, name)),
        )
        form = MeterChangeForm(order_host, card)
        layout.addWidget(form)
        harness = Harness(form, counter, printed=printed, pdfs=pdfs)
        form.finished.connect(harness.finished.append)
        form.cancelled.connect(lambda: harness.cancelled.append(True))
        qtbot.addWidget(host)
        with qtbot.waitExposed(host):
            host.show()
        return harness

    yield make
    for runner in runners:
        runner.shutdown()
    prepare_application(qapp, "en")


@pytest.fixture
def harness(make_harness: Callable[..., Harness]) -> Harness:
    return make_harness()


def ctrl_enter(qtbot: QtBot, form: MeterChangeForm) -> None:
    target = form.focusWidget() or form
    qtbot.keyClick(target, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def request(qtbot: QtBot, harness: Harness, view: AccountView) -> Order:
    form = harness.form
    form.start(view)
    qtbot.waitUntil(lambda: form.prep is not None)
    assert form.new_meter.hasFocus()
    qtbot.keyClicks(form.new_meter, NEW_METER)
    ctrl_enter(qtbot, form)
    qtbot.waitUntil(lambda: form.stack.currentIndex() == READINGS)
    assert form.order is not None
    return form.order


def type_twice(qtbot: QtBot, form: MeterChangeForm, final: str, initial: str = "0") -> None:
    old, new = form.step.old_rows["total"], form.step.new_rows["total"]
    for row, typed in ((old, final), (new, initial)):
        assert not row.second.isVisible()  # hidden until the first entry is typed
        qtbot.keyClicks(row.first, typed)
        assert row.second.isVisible()
        qtbot.keyClick(row.first, Qt.Key.Key_Return)  # Enter moves on to the second entry
        assert row.second.hasFocus()
        qtbot.keyClicks(row.second, typed)
        assert row.mark.text() == "✓"
        qtbot.keyClick(row.second, Qt.Key.Key_Return)
    assert form.step.changed_on.hasFocus()  # today, as the fitter's sheet says
    qtbot.keyClick(form.step.changed_on, Qt.Key.Key_Return)
    assert form.step.fitter.hasFocus()
    qtbot.keyClicks(form.step.fitter, "2031")


def one(engine: Engine, sql: str, **params: object) -> tuple[object, ...]:
    with engine.connect() as connection:
        row = connection.execute(text(sql), params).first()
    assert row is not None, sql
    return tuple(row)


def visible_text(widget: QWidget) -> str:
    return " ".join(
        child.text() for child in widget.findChildren(QLabel) if child.isVisibleTo(widget)
    )


def _nothing_clipped(widget: QWidget) -> None:
    for child in widget.findChildren(QLabel):
        if child.isVisibleTo(widget) and not child.wordWrap() and child.text():
            assert child.width() >= child.sizeHint().width() - 1, child.text()
    for button in widget.findChildren(QPushButton):
        if button.isVisibleTo(widget):
            assert button.width() >= button.minimumSizeHint().width() - 1, button.text()


def _save(widget: QWidget, name: str) -> None:
    folder = os.environ.get("COUNTERDESK_SCREENSHOTS")
    if folder:
        target = Path(folder) if folder not in ("1", "yes", "true") else SCREENSHOTS
        target.mkdir(parents=True, exist_ok=True)
        assert widget.window().grab().save(str(target / name))


# --- the request and the readings --------------------------------------------------------------


def test_without_an_account_the_form_says_to_open_one(qtbot: QtBot, harness: Harness) -> None:
    harness.form.start(None)
    assert harness.form.stack.currentIndex() == NO_ACCOUNT
    qtbot.keyClick(harness.form.no_account_close, Qt.Key.Key_Escape)
    assert harness.cancelled == [True]


def test_request_then_readings_then_done(qtbot: QtBot, harness: Harness, view: AccountView) -> None:
    form = harness.form
    order = request(qtbot, harness, view)
    assert order.state == "notified"  # the customer at the counter was told
    assert "4600.00" in visible_text(form)  # the last known reading beside the register
    type_twice(qtbot, form, "4800")
    qtbot.waitUntil(form.record_button.isEnabled)
    assert not form.step.reread.isVisible()
    qtbot.keyClick(form.step.fitter, Qt.Key.Key_Return)  # Enter from the fitter records
    qtbot.waitUntil(lambda: form.stack.currentIndex() == DONE)
    assert harness.printed == [True]
    assert form.done_readings.text() == "Total: 4800.00 → 0.00"
    engine = harness.counter.engine
    assert one(engine, "SELECT state FROM work_order")[0] == "executed"
    assert one(engine, "SELECT kind FROM print_job")[0] == "meter_change_slip"
    assert one(engine, "SELECT count(*) FROM meter_installation WHERE removed_on IS NULL")[0] == 1
    assert one(engine, "SELECT m.number FROM meter_installation AS i JOIN meter AS m "
               "ON m.id = i.meter_id WHERE i.removed_on IS NULL")[0] == NEW_METER  # fmt: skip

    qtbot.keyClick(form.close_button, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: bool(harness.pdfs))
    pdf, title, name = harness.pdfs[0]
    assert pdf.startswith(b"%PDF")
    assert (title, name) == (f"Meter change notice {order.order_no}",
                             f"meter-change-{order.order_no}.pdf")  # fmt: skip

    # The customer signs: a rotation needs no test finding, so it closes at once.
    assert form.confirm_button.label_text() == "Customer confirmed: close the order"
    qtbot.keyClick(form.close_button, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: form.order is not None and form.order.state == "closed")
    qtbot.keyClick(form.close_button, Qt.Key.Key_Return)
    assert harness.finished == [f"Meter change {order.order_no}: Closed."]


def test_a_difference_between_the_entries_is_marked_at_once(
    qtbot: QtBot, harness: Harness, view: AccountView
) -> None:
    form = harness.form
    request(qtbot, harness, view)
    row = form.step.old_rows["total"]
    qtbot.keyClicks(row.first, "4800")
    qtbot.keyClicks(row.second, "48")  # still typing: no verdict yet
    assert row.mark.text() == ""
    qtbot.keyClicks(row.second, "1")  # 481 can no longer become 4800
    assert row.mark.text() == "✕"
    assert row.mark.toolTip() == "The two entries differ: read the register again."
    assert form.step.entries() is None
    assert not form.record_button.isEnabled()


def test_an_unusual_reading_needs_the_tick(
    qtbot: QtBot, make_harness: Callable[..., Harness], view: AccountView
) -> None:
    harness = make_harness("zh_CN")
    form = harness.form
    request(qtbot, harness, view)
    type_twice(qtbot, form, "5300")  # 700 kWh in 21 days, more than the plausible 622
    qtbot.waitUntil(form.step.reread.isVisible)
    warnings = [shown.objectName() for shown in form.step.problem_labels]
    assert warnings == ["confirm"]
    assert "700" in form.step.problem_labels[0].text()
    assert not form.record_button.isEnabled()
    qtbot.wait(20)
    _nothing_clipped(form)
    _save(form, "meter-change-form.png")
    form.step.reread.setChecked(True)
    assert form.record_button.isEnabled()
    ctrl_enter(qtbot, form)
    qtbot.waitUntil(lambda: form.stack.currentIndex() == DONE)
    assert form.order is not None
    assert form.order.detail["confirmed"] == ["high_consumption"]
    qtbot.wait(20)
    _nothing_clipped(form)
    _save(form, "meter-change-done.png")


def test_a_reading_below_the_last_one_blocks(
    qtbot: QtBot, harness: Harness, view: AccountView
) -> None:
    form = harness.form
    request(qtbot, harness, view)
    type_twice(qtbot, form, "4500")
    qtbot.waitUntil(lambda: bool(form.step.problem_labels))
    assert [shown.objectName() for shown in form.step.problem_labels] == ["block"]
    assert "4600.00" in form.step.problem_labels[0].text()
    assert not form.step.reread.isVisible()
    assert not form.record_button.isEnabled()
    ctrl_enter(qtbot, form)
    qtbot.wait(50)
    assert form.stack.currentIndex() == READINGS
    assert one(harness.counter.engine, "SELECT count(*) FROM meter_reading")[0] == 0


def test_later_keeps_the_request_and_the_order_page_brings_it_back(
    qtbot: QtBot, harness: Harness, view: AccountView
) -> None:
    form = harness.form
    form.start(view)
    qtbot.waitUntil(lambda: form.prep is not None)
    form.informed.setChecked(False)  # the fitter's visit is to be arranged
    form.new_meter.setText(NEW_METER)
    ctrl_enter(qtbot, form)
    qtbot.waitUntil(lambda: form.stack.currentIndex() == READINGS)
    assert form.notify_box.isVisible()
    qtbot.keyClick(form.step.rows[0].first, Qt.Key.Key_Escape)
    assert form.order is not None
    order_no = form.order.order_no
    assert harness.finished == [
        f"Meter change {order_no} requested: enter the readings once the meter is changed."
    ]

    form.start(view)  # F9 again: the open change is offered
    qtbot.waitUntil(form.pending_box.isVisible)
    qtbot.keyClick(form.new_meter, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: form.stack.currentIndex() == READINGS)
    assert form.notify_box.isVisible()
    qtbot.keyClick(form.step.rows[0].first, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: not form.notify_box.isVisible())
    assert form.order is not None
    assert form.order.state == "notified"


def test_the_service_refusal_is_shown_beside_the_field(
    qtbot: QtBot, harness: Harness, view: AccountView
) -> None:
    form = harness.form
    form.start(view)
    qtbot.waitUntil(lambda: form.prep is not None)
    form.new_meter.setText("M3301020456")  # the meter being removed
    ctrl_enter(qtbot, form)
    qtbot.waitUntil(form.request_message.isVisible)
    assert form.request_message.text() == "The new meter M3301020456 is the meter being removed."
    assert form.new_meter.hasFocus()
    assert one(harness.counter.engine, "SELECT count(*) FROM work_order")[0] == 0


# --- the finding and back-billing ------------------------------------------------------------


def _confirmed(counter: Counter, account_id: int, reason: MeterChangeReason) -> Order:
    with counter.engine.begin() as connection:
        order = request_meter_change(
            connection, counter.clerk,
            MeterChangeIn(new_uid(), account_id, reason, NEW_METER, 1, 1, ("total",), 6, "计量中心",
                          customer_informed=True),
            NOW,
        )  # fmt: skip
        order = execute_meter_change(
            connection, counter.clerk, order.uid, expected_version=order.version,
            old_first={"total": 480_000}, old_second={"total": 480_000},
            new_first={"total": 0}, new_second={"total": 0}, fitter_no="2031",
            changed_on=TODAY, confirmed=False, now=later(10),
        ).order  # fmt: skip
        return back_billings.confirm_readings(
            connection, counter.clerk, order.uid, expected_version=order.version, now=later(20)
        )


def open_dialog(qtbot: QtBot, harness: Harness, order: Order, action: str) -> BackBillingDialog:
    form = harness.form
    form.open_order(order.uid, action)
    qtbot.waitUntil(lambda: isinstance(form.dialog, BackBillingDialog))
    dialog = form.dialog
    assert isinstance(dialog, BackBillingDialog)
    qtbot.waitUntil(lambda: dialog.facts is not None)
    return dialog


def test_a_fault_is_back_billed_and_approved_by_a_manager(
    qtbot: QtBot, make_harness: Callable[..., Harness], view: AccountView
) -> None:
    harness = make_harness("zh_CN")
    order = _confirmed(harness.counter, view.account_id, MeterChangeReason.FAULT)
    dialog = open_dialog(qtbot, harness, order, "start_back_billing")
    assert harness.form.stack.currentIndex() == DONE
    # Prefilled: the removed meter recorded 4800.00 − 1000.00 = 3800 kWh since 2025-11-01, and
    # the flat tariff's price.
    assert (dialog.units.text(), dialog.price_edit.text()) == ("3800", "0.7350")
    assert dialog.error.hasFocus()
    qtbot.keyClicks(dialog.error, "+4.00")
    # +4.00 % over half the time: 1900 ÷ 1.04 − 1900 = −73.08 → −73 kWh, −¥53.66.
    assert dialog.correction.text() == "-73 kWh"
    assert dialog.result is not None
    assert dialog.result.amount_fen == -5366
    assert len(dialog.explanation.text().splitlines()) == 7
    qtbot.wait(20)
    _nothing_clipped(dialog)
    explanation = dialog.explanation
    assert explanation.height() >= explanation.heightForWidth(explanation.width())
    assert dialog.result_box.geometry().bottom() < dialog.go_button.geometry().top()
    _save(dialog, "back-billing-dialog.png")

    dialog.go_button.setFocus()
    qtbot.keyClick(dialog.go_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.approval_dialog is not None)
    approval = dialog.approval_dialog
    assert approval is not None
    qtbot.waitUntil(approval.isVisible)
    approval.number.setText("0001")
    approval.password.setText(MANAGER_PASSWORD)
    approval.password.setFocus()
    qtbot.keyClick(approval.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(harness.pdfs), timeout=10_000)
    assert harness.pdfs[0][0].startswith(b"%PDF")
    form = harness.form
    qtbot.waitUntil(lambda: form.order is not None and form.order.state == "approved")
    engine = harness.counter.engine
    assert one(engine, "SELECT units, amount_fen FROM bill WHERE kind = 'back_billing'") == (
        -73,
        -5366,
    )


def test_without_a_manager_the_computation_waits(
    qtbot: QtBot, harness: Harness, view: AccountView
) -> None:
    order = _confirmed(harness.counter, view.account_id, MeterChangeReason.FAULT)
    dialog = open_dialog(qtbot, harness, order, "start_back_billing")
    qtbot.keyClicks(dialog.error, "-2.5")
    dialog.go_button.click()
    qtbot.waitUntil(lambda: dialog.approval_dialog is not None)
    approval = dialog.approval_dialog
    assert approval is not None
    qtbot.waitUntil(approval.isVisible)
    qtbot.keyClick(approval.number, Qt.Key.Key_Escape)
    qtbot.waitUntil(dialog.problem.isVisible)
    assert dialog.problem.text().startswith("Not approved yet")
    assert dialog.go_button.label_text() == "Ask a manager to approve"
    with harness.counter.engine.connect() as connection:
        stored = load_order(connection, order.uid)
    assert stored.state == "back_billing"
    assert one(harness.counter.engine, "SELECT count(*) FROM bill WHERE kind = 'back_billing'") == (
        0,
    )


def test_a_test_that_found_nothing_closes_the_order(
    qtbot: QtBot, harness: Harness, view: AccountView
) -> None:
    order = _confirmed(harness.counter, view.account_id, MeterChangeReason.TEST)
    dialog = open_dialog(qtbot, harness, order, "close")
    qtbot.keyClick(dialog, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert dialog.go_button.label_text() == "Close the order: nothing to correct"
    assert not dialog.figures.isVisible()
    dialog.go_button.click()
    form = harness.form
    qtbot.waitUntil(lambda: form.order is not None and form.order.state == "closed")
    with harness.counter.engine.connect() as connection:
        assert load_order(connection, order.uid).detail["finding"] == "none"
