"""The paid service task (有偿服务) on a real database, through to the payment that pays its fee.

No mocks: a migrated SQLite database with the clerk signed in; the form orders on a real worker
through :func:`~counterdesk.orders.paid_services.order_paid_service`, and the fee is then paid by
the payments service as the pay panel's Confirm does, which moves the order to paid.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, text

from counterdesk.domain.money import format_yuan
from counterdesk.orders.paid_services import PaidServiceIn
from counterdesk.orders.records import Order, load_events, load_order
from counterdesk.store import settings
from counterdesk.store.account_view import AccountView, load_account_view
from tests.helpers.counter import (
    NOW,
    TODAY,
    Counter,
    account_with_bills,
    cash,
    open_shift,
    pay,
)
from tests.helpers.task_frame import task_frame
from ui.app import prepare_application
from ui.operations import OpRunner
from ui.orders.host import OrderHost
from ui.orders.paid_service_form import PaidServiceForm, order_job

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def read_view(engine: Engine, account_id: int) -> AccountView:
    with engine.connect() as connection:
        rules = settings.load(connection).late_fee
        return load_account_view(connection, account_id, TODAY, rules)


@pytest.fixture
def view(counter: Counter) -> AccountView:
    """3301020456 with nothing owed: the fee is all a payment would take."""
    account_id, _ = account_with_bills(counter.engine, bills=())
    return read_view(counter.engine, account_id)


@dataclass
class Harness:
    form: PaidServiceForm
    counter: Counter
    finished: list[str] = field(default_factory=list)
    cancelled: list[bool] = field(default_factory=list)
    changed: list[bool] = field(default_factory=list)


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
        changed: list[bool] = []
        order_host = OrderHost(
            engine=counter.engine,
            clerk=lambda: counter.clerk,
            clock=lambda: NOW,
            orders_changed=lambda: changed.append(True),
        )
        form = PaidServiceForm(order_host, card)
        layout.addWidget(form)
        harness = Harness(form, counter, changed=changed)
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


def start(qtbot: QtBot, harness: Harness, view: AccountView | None) -> PaidServiceForm:
    form = harness.form
    form.start(view)
    if view is not None:
        qtbot.waitUntil(lambda: form.item() is not None)
    return form


def order(qtbot: QtBot, form: PaidServiceForm) -> Order:
    target = form.focusWidget() or form
    qtbot.keyClick(target, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form.stack.currentIndex() == 1)
    assert form.order is not None
    return form.order


def service_bills(engine: Engine, account_id: int) -> list[tuple[int, int, str]]:
    with engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT amount_fen, paid_fen, due_date FROM bill "
                "WHERE account_id = :a AND kind = 'service'"
            ),
            {"a": account_id},
        )
        return [(int(amount), int(paid), str(due)) for amount, paid, due in rows]


def visible_text(widget: QWidget) -> str:
    return " ".join(
        child.text() for child in widget.findChildren(QLabel) if child.isVisibleTo(widget)
    )


# --- the schedule and the total ----------------------------------------------------------


def test_the_schedule_lists_every_service_with_its_fee_and_commitment(
    qtbot: QtBot, harness: Harness, view: AccountView
) -> None:
    form = start(qtbot, harness, view)
    assert form.table.hasFocus()
    rows = [
        [form.model.item(row, column).text() for column in range(3)]
        for row in range(form.model.rowCount())
    ]
    assert rows[0] == ["Meter test on request", "¥50.00 / 块", "5"]
    assert [row[0] for row in rows[1:]] == [
        "Meter relocation (labour)",
        "Indoor wiring repair",
        "Power quality test",
        "Prepaid card replacement",
    ]
    assert form.item() is not None
    assert form.total.text() == "¥50.00"
    assert "5 working days of the payment" in form.commitment.text()


def test_the_total_follows_the_service_and_the_quantity(
    qtbot: QtBot, harness: Harness, view: AccountView
) -> None:
    form = start(qtbot, harness, view)
    qtbot.keyClick(form.table, Qt.Key.Key_Down)
    item = form.item()
    assert item is not None
    assert item.code == "meter_relocation_labour"
    assert form.total.text() == "¥100.00"
    qtbot.keyClick(form.table, Qt.Key.Key_Return)
    assert form.quantity.hasFocus()
    qtbot.keyClick(form.quantity, Qt.Key.Key_Up)
    qtbot.keyClick(form.quantity, Qt.Key.Key_Up)
    assert form.quantity.value() == 3
    assert form.total.text() == "¥300.00"
    assert form.price.text() == "¥100.00 × 3 块"
    assert form.quantity.suffix() == " 块"


def test_the_service_names_follow_the_clerks_language(
    qtbot: QtBot, make_harness: Callable[..., Harness], view: AccountView
) -> None:
    form = start(qtbot, make_harness("zh_CN"), view)
    assert form.model.item(0, 0).text() == "电能表校验（客户申请）"


# --- ordering, the bill, and the payment -------------------------------------------------


def test_an_order_bills_its_fee_and_the_payment_makes_it_paid(
    qtbot: QtBot, harness: Harness, view: AccountView
) -> None:
    counter = harness.counter
    form = start(qtbot, harness, view)
    form.choose("indoor_wiring_repair")
    form.quantity.setValue(2)
    form.department.setCurrentIndex(form.department.findText("供电所"))
    form.note.setText("客户下午在家")
    made = order(qtbot, form)

    with counter.engine.connect() as connection:
        saved = load_order(connection, made.uid)
    assert saved.uid == form.order_uid
    assert (saved.kind.value, saved.subtype, saved.state) == (
        "paid_service",
        "indoor_wiring_repair",
        "quoted",
    )
    assert saved.account_id == view.account_id
    assert saved.department == "供电所"
    assert saved.detail["quantity"] == 2
    assert saved.detail["total_fen"] == 16_000
    assert saved.first_owner_no == "0107"
    assert service_bills(counter.engine, view.account_id) == [(16_000, 0, str(TODAY))]
    done = visible_text(form)
    assert saved.order_no in done
    assert "¥160.00" in done
    assert "Press F7 to take the payment" in done
    assert harness.changed == [True]

    # F7: the pay panel takes what is due today, the fee included, in one payment.
    open_shift(counter)
    due = read_view(counter.engine, view.account_id)
    assert due.due_today_fen == 16_000
    result = pay(counter, due.account_uid, cash(16_000, 20_000))
    assert result.change_fen == 4_000
    with counter.engine.connect() as connection:
        paid = load_order(connection, made.uid)
        actions = [event.action for event in load_events(connection, paid.id)]
    assert paid.state == "paid"
    assert actions == ["create", "pay"]
    (step,) = paid.steps
    assert step.step == "complete"
    assert step.done_at is None
    assert step.due_at > NOW  # three working days from the payment
    assert service_bills(counter.engine, view.account_id) == [(16_000, 16_000, str(TODAY))]

    qtbot.keyClick(form.close_button, Qt.Key.Key_Return)
    assert harness.finished == [f"Paid service {saved.order_no} ordered: press F7 to take ¥160.00."]


def test_enter_moves_to_the_note_and_orders_from_it(
    qtbot: QtBot, harness: Harness, view: AccountView
) -> None:
    form = start(qtbot, harness, view)
    for expected in (form.quantity, form.department, form.note):
        qtbot.keyClick(form.focusWidget(), Qt.Key.Key_Return)
        assert expected.hasFocus()
    qtbot.keyClick(form.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.stack.currentIndex() == 1)
    qtbot.keyClick(form.close_button, Qt.Key.Key_Escape)
    assert len(harness.finished) == 1


def test_a_double_order_is_saved_once(qtbot: QtBot, harness: Harness, view: AccountView) -> None:
    form = start(qtbot, harness, view)
    form.submit()
    assert form.busy
    form.submit()
    qtbot.waitUntil(lambda: form.stack.currentIndex() == 1)
    assert len(service_bills(harness.counter.engine, view.account_id)) == 1
    # A retry after a lost answer reads the order back instead of ordering it again.
    assert form.order is not None
    again = order_job(
        harness.counter.engine,
        harness.counter.clerk,
        PaidServiceIn(form.order_uid, view.account_id, "meter_test", 1, "营业厅"),
        NOW,
    )
    assert again.order_no == form.order.order_no
    assert len(service_bills(harness.counter.engine, view.account_id)) == 1


def test_a_closed_account_is_refused_inline(
    qtbot: QtBot, harness: Harness, view: AccountView
) -> None:
    with harness.counter.engine.begin() as connection:
        connection.execute(
            text("UPDATE account SET closed_on = :d WHERE id = :a"),
            {"d": TODAY, "a": view.account_id},
        )
    form = start(qtbot, harness, view)
    qtbot.keyClick(form.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form.entry_message.isVisible() and not form.busy)
    assert "closed account" in form.entry_message.text()
    assert form.stack.currentIndex() == 0
    assert service_bills(harness.counter.engine, view.account_id) == []


def test_esc_cancels_and_nothing_is_billed(
    qtbot: QtBot, harness: Harness, view: AccountView
) -> None:
    form = start(qtbot, harness, view)
    qtbot.keyClick(form.table, Qt.Key.Key_Escape)
    assert harness.cancelled == [True]
    assert service_bills(harness.counter.engine, view.account_id) == []


def test_with_no_account_open_it_says_to_open_one(qtbot: QtBot, harness: Harness) -> None:
    form = start(qtbot, harness, None)
    assert "Open a customer first (F6)" in visible_text(form)
    assert form.no_account_close.hasFocus()
    form.submit()  # Ctrl+Enter: nothing to order
    assert form.stack.currentIndex() == 2
    qtbot.keyClick(form.no_account_close, Qt.Key.Key_Escape)
    assert harness.cancelled == [True]


# --- the column, in Chinese, and the screenshot ------------------------------------------


def _nothing_clipped(form: PaidServiceForm) -> None:
    for child in form.findChildren(QLabel):
        if child.isVisibleTo(form) and not child.wordWrap() and child.text():
            assert child.width() >= child.sizeHint().width() - 1, child.text()
    for button in form.findChildren(QPushButton):
        if button.isVisibleTo(form):
            assert button.width() >= button.minimumSizeHint().width() - 1, button.text()
    assert form.table.horizontalScrollBar().maximum() == 0


def _save(form: PaidServiceForm, name: str) -> None:
    folder = os.environ.get("COUNTERDESK_SCREENSHOTS")
    if folder:
        target = Path(folder) if folder not in ("1", "yes", "true") else SCREENSHOTS
        target.mkdir(parents=True, exist_ok=True)
        assert form.window().grab().save(str(target / name))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_form_and_the_order_fit_the_column(
    qtbot: QtBot, make_harness: Callable[..., Harness], view: AccountView, language: str
) -> None:
    harness = make_harness(language)
    form = start(qtbot, harness, view)
    form.quantity.setValue(2)
    qtbot.wait(20)
    assert form.total.text() == format_yuan(10_000)
    _nothing_clipped(form)
    if language == "zh_CN":
        _save(form, "paid-service-form.png")
    order(qtbot, form)
    qtbot.wait(20)
    _nothing_clipped(form)
    if language == "zh_CN":
        _save(form, "paid-service-done.png")
