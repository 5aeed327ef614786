"""One work order's page: facts, steps, history and the acts, on orders the services made.

Every act goes through the page as a clerk does it (a button or its key, the note, Enter) and is
then read back from the database: the state, the history line, the first-contact owner. A page
that read the order before someone else changed it is refused and reads it again.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from counterdesk.domain.orders.cases import CaseKind
from counterdesk.domain.orders.meter_change import MeterChangeReason
from counterdesk.orders.meter_changes import MeterChangeIn, request_meter_change
from counterdesk.orders.records import Order, OrderEvent, load_events, load_order
from counterdesk.services.auth import SignedIn
from tests.helpers.counter import Counter, account_with_bills, copy_counter
from tests.ui.test_order_board import (
    MONDAY,
    THURSDAY,
    Clock,
    TableTranslator,
    act,
    apply_for_supply,
    day,
    register,
    screenshot_folder,
    supervise,
    transfer,
)
from ui.app import prepare_application
from ui.orders import order_page as page_module
from ui.orders.host import OrderHost
from ui.orders.order_dialogs import OrderActDialog, OrderTransferDialog
from ui.orders.order_page import OrderPage, PageData

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


@pytest.fixture
def counter(template: Counter, tmp_path: Path) -> Counter:
    return copy_counter(template, tmp_path / "orders.db")


@pytest.fixture
def account_id(counter: Counter) -> int:
    found, _ = account_with_bills(counter.engine)
    return found


Opener = Callable[..., OrderPage]


@pytest.fixture
def open_page(qtbot: QtBot, counter: Counter, qapp: QApplication) -> Iterator[Opener]:
    """A page for an order, shown and read; ``changed`` collects the host's calls."""
    prepare_application(qapp, "en")
    made: list[OrderPage] = []

    def make(
        order: Order,
        clerk: SignedIn | None = None,
        clock: Clock | None = None,
        changed: list[str] | None = None,
    ) -> OrderPage:
        signed_in = clerk or counter.clerk
        host = OrderHost(
            counter.engine,
            clerk=lambda: signed_in,
            clock=clock or Clock(THURSDAY),
            orders_changed=lambda: changed.append("changed") if changed is not None else None,
        )
        page = OrderPage(host, order.uid)
        qtbot.addWidget(page)
        made.append(page)
        with qtbot.waitSignal(page.loaded, timeout=5000):
            page.show()
        return page

    yield make
    for page in made:
        if not page.busy:
            page.close()


def events_of(counter: Counter, order: Order) -> list[OrderEvent]:
    with counter.engine.connect() as connection:
        return load_events(connection, load_order(connection, order.uid).id)


def stored(counter: Counter, order: Order) -> Order:
    with counter.engine.connect() as connection:
        return load_order(connection, order.uid)


def column(page: OrderPage, table: str, index: int) -> list[str]:
    widget = page.steps if table == "steps" else page.history
    return [widget.item(row, index).text() for row in range(widget.rowCount())]


def act_dialog(page: OrderPage) -> OrderActDialog:
    dialog = page.dialog
    assert isinstance(dialog, OrderActDialog)
    return dialog


def test_the_page_shows_facts_steps_history_and_the_next_actions(
    open_page: Opener, counter: Counter, account_id: int
) -> None:
    complaint = register(counter, CaseKind.COMPLAINT, "客户服务中心", account_id=account_id)
    transfer(counter, complaint, "计量中心", "0001", at=MONDAY, actor=counter.manager)
    supervise(counter, complaint, "周五前答复客户。", at=day(2))
    page = open_page(complaint, clerk=counter.manager)
    facts = {key: value.text() for key, value in page.facts.items()}
    assert facts == {
        "order_no": complaint.order_no,
        "kind": "Case · Complaint",
        "customer": "张晓三",
        "account": "3301020456",
        "phone": "13812345678",
        "first_owner": "张敏 0107",
        "department": "计量中心",
        "handler": "李强 0001",
        "created": "2026-11-16 09:00",
        "state": "Transferred",
    }
    assert page.detail.text() == "十一月电费比上月高出一倍，怀疑电表有问题。"
    assert page.state_chip.text() == "Transferred"
    assert not page.late_chip.isVisible()  # the reply is due Monday
    assert column(page, "steps", 0) == ["First contact", "Reply", "Call-back"]
    assert column(page, "steps", 1) == ["2026-11-17", "2026-11-23", "2026-11-25"]
    assert column(page, "steps", 2) == ["2026-11-16 09:00", "—", "—"]  # the transfer was it
    assert column(page, "steps", 3) == ["", "Next", ""]
    assert column(page, "history", 2) == ["Created", "Transfer", "Supervision note"]
    assert column(page, "history", 1) == ["张敏 0107", "李强 0001", "李强 0001"]
    assert column(page, "history", 3) == ["Registered", "Registered → Transferred", "Transferred"]
    assert column(page, "history", 4) == ["", "to 计量中心 · 李强 0001", "周五前答复客户。"]
    assert list(page.action_buttons) == ["accept"]  # transfer has its own button
    accept = page.action_buttons["accept"]
    assert (accept.label_text(), accept.key_label.text()) == ("Department accepts", "Alt+1")
    assert page.primary_button is accept
    assert page.transfer_button.isVisible()
    assert page.supervise_button.isVisible()  # a manager
    assert page.focusWidget() is accept  # Enter does the next step


def test_an_overdue_step_is_marked_and_the_page_says_since_when(
    open_page: Opener, counter: Counter
) -> None:
    complaint = register(counter, CaseKind.COMPLAINT, "客户服务中心")
    page = open_page(complaint)
    assert page.late_chip.isVisible()
    assert page.late_chip.text() == "Overdue since 2026-11-17"
    assert column(page, "steps", 3) == ["Overdue", "", ""]
    assert page.facts["account"].text() == "(no account yet)"
    assert not page.supervise_button.isVisible()  # a clerk


def test_a_transfer_keeps_the_first_owner(
    qtbot: QtBot, open_page: Opener, counter: Counter, account_id: int
) -> None:
    complaint = register(counter, CaseKind.COMPLAINT, "客户服务中心", account_id=account_id)
    changed: list[str] = []
    page = open_page(complaint, changed=changed)
    qtbot.keyClick(page, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    dialog = page.dialog
    assert isinstance(dialog, OrderTransferDialog)
    qtbot.waitUntil(dialog.department.hasFocus, timeout=2000)
    assert dialog.department.currentText() == "客户服务中心"
    assert "张敏 0107" in dialog.findChild(QLabel, "note").text()
    dialog.department.setCurrentIndex(dialog.department.findText("计量中心"))
    qtbot.keyClick(dialog.department, Qt.Key.Key_Return)
    assert dialog.handler.hasFocus()
    dialog.handler.setCurrentIndex(dialog.handler.findText("0001 李强"))
    qtbot.keyClick(dialog.handler, Qt.Key.Key_Return)
    assert dialog.note.hasFocus()
    dialog.note.setText("请核查电表。")
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    after = stored(counter, complaint)
    assert (after.department, after.handler_no, after.first_owner_no, after.state) == (
        "计量中心", "0001", "0107", "transferred",
    )  # fmt: skip
    last = events_of(counter, complaint)[-1]
    assert (last.action, last.clerk_no, last.note) == ("transfer", "0107", "请核查电表。")
    assert changed == ["changed"]
    assert page.facts["first_owner"].text() == "张敏 0107"
    assert page.facts["department"].text() == "计量中心"
    assert page.facts["handler"].text() == "李强 0001"
    assert page.problem.text() == "Saved: Transfer"
    assert column(page, "history", 4)[-1] == "to 计量中心 · 李强 0001；请核查电表。"
    assert page.dialog is None


def test_a_reply_needs_its_text(
    qtbot: QtBot, open_page: Opener, counter: Counter, account_id: int
) -> None:
    inquiry = register(counter, CaseKind.INQUIRY, "营业厅", name="李文", account_id=account_id,
                       content="峰谷电价怎么申请？")  # fmt: skip
    act(counter, inquiry, "accept", at=MONDAY)
    page = open_page(inquiry)
    assert list(page.action_buttons) == ["reply"]
    qtbot.keyClick(page, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    dialog = act_dialog(page)
    assert dialog.reply is not None
    qtbot.waitUntil(dialog.reply.hasFocus, timeout=2000)
    qtbot.keyClick(dialog.reply, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.problem.text() == "Write the reply given to the customer."
    assert [event.action for event in events_of(counter, inquiry)] == ["create", "accept"]
    dialog.reply.setPlainText("已告知峰谷电价的申请条件和办理流程。")
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.keyClick(dialog.reply, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    after = stored(counter, inquiry)
    assert after.state == "replied"
    assert after.detail["reply"] == "已告知峰谷电价的申请条件和办理流程。"
    last = events_of(counter, inquiry)[-1]
    assert (last.action, last.detail["reply"]) == ("reply", "已告知峰谷电价的申请条件和办理流程。")
    assert page.facts["state"].text() == "Replied"
    assert column(page, "history", 4)[-1] == "reply: 已告知峰谷电价的申请条件和办理流程。"
    assert page.detail.text() == "峰谷电价怎么申请？\nReply: 已告知峰谷电价的申请条件和办理流程。"
    assert list(page.action_buttons) == ["call_back_satisfied", "call_back_unsatisfied"]


def test_a_page_read_before_someone_else_acted_is_refused_and_read_again(
    qtbot: QtBot, open_page: Opener, counter: Counter
) -> None:
    complaint = register(counter, CaseKind.COMPLAINT, "客户服务中心")
    page = open_page(complaint)
    assert page.data is not None
    assert page.data.order.version == 1
    # Meanwhile, at another counter, the manager transfers it.
    transfer(counter, complaint, "运维检修部", "", at=THURSDAY, actor=counter.manager)
    page.action_buttons["accept"].click()
    dialog = act_dialog(page)
    dialog.note.setText("我来处理。")
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    assert page.dialog is None  # the note was for the old state
    assert "was changed by someone else" in page.problem.text()
    assert page.problem.isVisible()
    assert page.data.order.version == 2
    assert page.facts["department"].text() == "运维检修部"
    assert page.facts["state"].text() == "Transferred"
    assert [event.action for event in events_of(counter, complaint)] == ["create", "transfer"]


def test_pausing_needs_a_note_and_shows_since_when(
    qtbot: QtBot, open_page: Opener, counter: Counter
) -> None:
    application = apply_for_supply(counter, "赵丽", at=MONDAY)
    page = open_page(application, clock=Clock(THURSDAY))
    assert list(page.action_buttons) == ["survey", "withdraw", "pause"]
    assert page.primary_button is page.action_buttons["survey"]
    assert page.facts["kind"].text() == "Application · Residential new supply"
    assert page.detail.text() == "云溪市青山区春晖路18号3栋501室  8 kVA"
    qtbot.keyClick(page, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    dialog = act_dialog(page)
    assert dialog.reply is None
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    assert dialog.problem.text() == "Write a note: why, and what must happen next."
    assert stored(counter, application).state == "accepted"
    dialog.note.setText("客户的房产证明过期，补交后继续。")
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    assert stored(counter, application).state == "paused"
    assert page.facts["state"].text() == (
        "Paused (waiting on customer) (since 2026-11-19 10:30, from Accepted)"
    )
    assert page.state_chip.text() == "Paused (waiting on customer)"
    assert not page.late_chip.isVisible()
    assert list(page.action_buttons) == ["resume", "withdraw"]


def test_a_refusal_stays_in_the_dialog_and_changes_nothing(
    qtbot: QtBot, open_page: Opener, counter: Counter
) -> None:
    application = apply_for_supply(counter, "赵丽", at=MONDAY)
    page = open_page(application, clerk=counter.admin)  # IT handles no orders
    page.action_buttons["survey"].click()
    dialog = act_dialog(page)
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.busy and dialog.problem.isVisible(), timeout=5000)
    assert "may not do this" in dialog.problem.text()
    assert page.dialog is dialog
    assert dialog.isVisible()
    assert stored(counter, application).version == application.version
    qtbot.keyClick(dialog.note, Qt.Key.Key_Escape)
    assert page.dialog is None


def test_only_a_manager_writes_a_supervision_note(
    qtbot: QtBot, open_page: Opener, counter: Counter
) -> None:
    complaint = register(counter, CaseKind.COMPLAINT, "客户服务中心")
    clerks_page = open_page(complaint)
    assert not clerks_page.supervise_button.isVisible()
    qtbot.keyClick(clerks_page, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert clerks_page.dialog is None
    assert clerks_page.problem.text() == "Only a manager writes supervision notes."
    clerks_page.close()
    changed: list[str] = []
    page = open_page(complaint, clerk=counter.manager, changed=changed)
    qtbot.keyClick(page, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    dialog = act_dialog(page)
    dialog.note.setText("今天联系客户。")
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    last = events_of(counter, complaint)[-1]
    assert (last.action, last.clerk_no, last.note) == ("supervise", "0001", "今天联系客户。")
    assert stored(counter, complaint).version == 1  # a note, not a change of the order
    assert column(page, "history", 2)[-1] == "Supervision note"
    assert changed == ["changed"]


def test_acts_run_on_the_worker(
    qtbot: QtBot, open_page: Opener, counter: Counter, monkeypatch: pytest.MonkeyPatch
) -> None:
    complaint = register(counter, CaseKind.COMPLAINT, "客户服务中心")
    page = open_page(complaint)
    threads: dict[str, int] = {}
    for name in ("act_job", "load_page"):
        real = getattr(page_module, name)

        def spy(*args: object, _real: object = real, _name: str = name, **kwargs: object) -> object:
            threads[_name] = threading.get_ident()
            return _real(*args, **kwargs)  # type: ignore[operator]

        monkeypatch.setattr(page_module, name, spy)
    page.action_buttons["accept"].click()
    dialog = act_dialog(page)
    with qtbot.waitSignal(page.loaded, timeout=5000):
        qtbot.keyClick(dialog.note, Qt.Key.Key_Return)
    assert set(threads) == {"act_job", "load_page"}
    assert set(threads.values()) == {page.runner.worker_ident}
    assert threading.get_ident() != page.runner.worker_ident
    assert stored(counter, complaint).state == "in_progress"


def test_a_meter_change_hands_its_readings_to_the_meter_change_form(
    qtbot: QtBot, open_page: Opener, counter: Counter, account_id: int
) -> None:
    request = MeterChangeIn(uuid.uuid4(), account_id, MeterChangeReason.FAULT, "M2026110001", 1, 1,
                            ("total",), 6, "计量中心", customer_informed=True)  # fmt: skip
    with counter.engine.begin() as connection:
        change = request_meter_change(connection, counter.clerk, request, MONDAY)
    page = open_page(change)
    assert "execute" in page.action_buttons
    with qtbot.waitSignal(page.special_action, timeout=1000) as asked:
        qtbot.keyClick(page, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert asked.args == [change.uid, "execute"]
    assert page.dialog is None
    assert not page.isVisible()
    assert stored(counter, change).state == "notified"  # the form does the change, not the page


# --- in Chinese -------------------------------------------------------------------------------


def test_the_page_in_chinese(
    qtbot: QtBot, counter: Counter, account_id: int, qapp: QApplication, tmp_path: Path
) -> None:
    complaint = register(counter, CaseKind.COMPLAINT, "客户服务中心", account_id=account_id)
    transfer(counter, complaint, "计量中心", "0001", at=day(0, 3), actor=counter.clerk)
    supervise(counter, complaint, "周五前答复客户，答复后当天回访。", at=day(2))
    prepare_application(qapp, "zh_CN")
    table = TableTranslator(qapp)
    qapp.installTranslator(table)
    try:
        host = OrderHost(counter.engine, clerk=lambda: counter.manager,
                         clock=Clock(datetime(2026, 11, 24, 2, 30, tzinfo=UTC)))  # fmt: skip
        page = OrderPage(host, complaint.uid)
        qtbot.addWidget(page)
        with qtbot.waitSignal(page.loaded, timeout=5000) as loaded:
            page.show()
        data = loaded.args[0]
        assert isinstance(data, PageData)
        qtbot.wait(50)
        assert page.action_buttons["accept"].label_text() == "部门接单"
        assert page.transfer_button.label_text() == "转派"
        assert page.late_chip.text() == "自 2026-11-23 起超时"
        assert page.facts["first_owner"].text() == "张敏 0107"
        assert column(page, "history", 2) == ["创建", "转派", "督办意见"]
        for button in (*page.action_buttons.values(), page.transfer_button,
                       page.supervise_button, page.close_button):  # fmt: skip
            assert button.width() >= button.minimumSizeHint().width()
        assert page.grab().save(str(screenshot_folder(tmp_path) / "order-page.png"))
        page.close()
    finally:
        qapp.removeTranslator(table)
        prepare_application(qapp, "en")
