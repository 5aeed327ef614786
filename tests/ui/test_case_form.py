"""The case task (投诉、举报、咨询登记) on a real database: what the clerk types, what is stored.

No mocks: a migrated SQLite database with the clerk signed in, the form's acts run on a real
worker (:class:`~ui.operations.OpRunner`) through the real services, and what they wrote is read
back with the order records' own reader.
"""

from __future__ import annotations

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

from counterdesk.domain.ids import new_uid
from counterdesk.domain.orders.cases import CaseCategory, CaseChannel, CaseDraft, CaseKind
from counterdesk.orders.cases import CaseIn
from counterdesk.orders.records import Order, find_order_no, load_events, load_order
from counterdesk.store import settings
from counterdesk.store.account_view import AccountView, load_account_view
from tests.helpers.counter import NOW, TODAY, Counter, account_with_bills
from tests.helpers.task_frame import task_frame
from ui.app import prepare_application
from ui.operations import OpRunner
from ui.orders.case_form import CaseForm, complaint_form, register_job
from ui.orders.host import OrderHost

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

"""The task column of the counter window, its card included."""
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
CONTENT = "近一周每晚七点至十点电压偏低，空调无法启动，灯光闪烁。请尽快派人检查。"
CONTACT_BY = date(2026, 11, 23)
"""Registered on Saturday 21 November 2026: one working day is Monday the 23rd…"""
REPLY_BY = date(2026, 11, 27)
"""…and five working days are Friday the 27th."""


def read_view(engine: Engine, account_id: int) -> AccountView:
    with engine.connect() as connection:
        rules = settings.load(connection).late_fee
        return load_account_view(connection, account_id, TODAY, rules)


@pytest.fixture
def view(counter: Counter) -> AccountView:
    """3301020456, 张晓三, 13812345678."""
    account_id, _ = account_with_bills(counter.engine)
    return read_view(counter.engine, account_id)


@dataclass
class Harness:
    form: CaseForm
    counter: Counter
    pdfs: list[tuple[bytes, str, str]] = field(default_factory=list)
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
        harness_ref: list[Harness] = []
        order_host = OrderHost(
            engine=counter.engine,
            clerk=lambda: counter.clerk,
            clock=lambda: NOW,
            show_pdf=lambda pdf, title, name: harness_ref[0].pdfs.append((pdf, title, name)),
            orders_changed=lambda: harness_ref[0].changed.append(True),
        )
        form = CaseForm(order_host, card)
        layout.addWidget(form)
        harness = Harness(form, counter)
        harness_ref.append(harness)
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


def start(qtbot: QtBot, harness: Harness, view: AccountView | None) -> CaseForm:
    form = harness.form
    form.start(view)
    qtbot.waitUntil(lambda: form.prep is not None and form.register_button.isEnabled())
    return form


def fill(form: CaseForm, category: CaseCategory = CaseCategory.SUPPLY_QUALITY) -> None:
    form.category.setCurrentIndex(form.category.findData(category.value))
    form.content.setPlainText(CONTENT)


def register(qtbot: QtBot, harness: Harness) -> Order:
    form = harness.form
    qtbot.keyClick(
        form.focusWidget() or form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(lambda: form.stack.currentIndex() == 1)
    assert form.order is not None
    return form.order


def refused(qtbot: QtBot, form: CaseForm) -> str:
    qtbot.keyClick(
        form.focusWidget() or form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(lambda: form.entry_message.isVisible() and not form.busy)
    return form.entry_message.text()


def orders_in(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM work_order")).scalar_one())


def stored(engine: Engine, order: Order) -> Order:
    with engine.connect() as connection:
        return load_order(connection, order.uid)


def visible_text(widget: QWidget) -> str:
    return " ".join(
        child.text() for child in widget.findChildren(QLabel) if child.isVisibleTo(widget)
    )


# --- each kind --------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "kind"), [(Qt.Key.Key_1, CaseKind.COMPLAINT),
                                           (Qt.Key.Key_2, CaseKind.REPORT),
                                           (Qt.Key.Key_3, CaseKind.INQUIRY)])  # fmt: skip
def test_each_kind_is_registered_with_its_deadlines_and_first_owner(
    qtbot: QtBot, harness: Harness, view: AccountView, key: Qt.Key, kind: CaseKind
) -> None:
    form = start(qtbot, harness, view)
    assert form.kind is CaseKind.COMPLAINT
    assert form.category.hasFocus()
    qtbot.keyClick(form.category, key, Qt.KeyboardModifier.AltModifier)
    assert form.kind is kind
    assert form.kind_buttons[kind].isChecked()
    fill(form)
    form.department.setCurrentIndex(form.department.findText("客户服务中心"))
    preview = visible_text(form)
    assert "by 2026-11-23 Mon" in preview
    assert "by 2026-11-27 Fri" in preview
    assert form.name.text() == "张晓三"
    assert form.phone.text() == "13812345678"

    order = register(qtbot, harness)
    saved = stored(harness.counter.engine, order)
    assert (saved.kind.value, saved.subtype, saved.state) == ("case", kind.value, "registered")
    assert saved.uid == form.order_uid
    assert saved.account_no == view.number
    assert (saved.customer_name, saved.contact_phone) == ("张晓三", "13812345678")
    assert saved.first_owner_no == "0107"
    assert saved.department == "客户服务中心"
    assert saved.detail["category"] == "supply_quality"
    assert saved.detail["channel"] == "counter"
    assert saved.detail["content"] == CONTENT
    assert [(s.step, s.due_day) for s in saved.steps[:2]] == [
        ("contact", CONTACT_BY),
        ("reply", REPLY_BY),
    ]
    done = visible_text(form)
    assert saved.order_no in done
    assert "No. 0107 张敏" in done
    assert "by 2026-11-23 Mon" in done
    assert harness.changed == [True]
    assert form.close_button.hasFocus()
    qtbot.keyClick(form.close_button, Qt.Key.Key_Return)
    assert harness.finished == [f"Case {saved.order_no} registered."]


def test_a_prospective_customer_has_no_account(qtbot: QtBot, harness: Harness) -> None:
    form = start(qtbot, harness, None)
    assert form.name.text() == ""
    assert "prospective" in form.account.text()
    qtbot.keyClick(form.category, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    fill(form, CaseCategory.CONNECTION)
    form.name.setText("李四")
    form.phone.setText("0535-1234567")
    saved = stored(harness.counter.engine, register(qtbot, harness))
    assert saved.account_id is None
    assert (saved.customer_name, saved.contact_phone) == ("李四", "0535-1234567")


def test_an_anonymous_report_needs_no_name_and_no_phone(
    qtbot: QtBot, harness: Harness, view: AccountView
) -> None:
    form = start(qtbot, harness, view)
    assert not form.anonymous.isVisible()
    qtbot.keyClick(form.category, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert form.anonymous.isVisible()
    form.anonymous.setChecked(True)
    assert not form.name.isEnabled()
    assert form.name.text() == ""
    assert form.declined.isChecked()  # an anonymous reporter is usually not called back
    assert "Not wanted" in visible_text(form)
    form.phone.clear()
    fill(form, CaseCategory.SAFETY)
    saved = stored(harness.counter.engine, register(qtbot, harness))
    assert (saved.subtype, saved.customer_name, saved.contact_phone) == ("report", "匿名", "")
    assert saved.detail["call_back_declined"] is True
    assert "Not wanted" in visible_text(form)


def test_a_complaint_cannot_decline_the_call_back(
    qtbot: QtBot, harness: Harness, view: AccountView
) -> None:
    form = start(qtbot, harness, view)
    assert not form.declined.isEnabled()
    assert form.declined_note.isVisible()
    form.choose_kind(CaseKind.REPORT)
    form.declined.setChecked(True)
    assert form.declined.isEnabled()
    form.choose_kind(CaseKind.COMPLAINT)
    assert not form.declined.isChecked()
    assert not form.declined.isEnabled()
    # Even if the box were ticked, the service refuses and the form points at it.
    form.declined.setEnabled(True)
    form.declined.setChecked(True)
    fill(form)
    message = refused(qtbot, form)
    assert "always called back" in message
    assert form.declined.hasFocus()
    assert orders_in(harness.counter.engine) == 0


def test_a_wrong_phone_is_refused_beside_it_and_the_retry_registers_once(
    qtbot: QtBot, harness: Harness, view: AccountView
) -> None:
    form = start(qtbot, harness, view)
    fill(form)
    form.phone.setText("12345")
    uid = form.order_uid
    message = refused(qtbot, form)
    assert "“12345” is not a phone number" in message
    assert form.phone.hasFocus()
    assert orders_in(harness.counter.engine) == 0
    form.phone.setText("138 1234 5678")
    saved = stored(harness.counter.engine, register(qtbot, harness))
    assert saved.uid == uid  # the same case, retried
    assert saved.contact_phone == "13812345678"
    assert orders_in(harness.counter.engine) == 1


def test_no_content_and_no_category_are_refused_with_focus(
    qtbot: QtBot, harness: Harness, view: AccountView
) -> None:
    form = start(qtbot, harness, view)
    form.content.setPlainText(CONTENT)
    form.name.setFocus()
    assert "category" in refused(qtbot, form)
    assert form.category.hasFocus()
    form.category.setCurrentIndex(0)
    form.content.setPlainText("   ")
    assert "no content" in refused(qtbot, form)
    assert form.content.hasFocus()
    assert orders_in(harness.counter.engine) == 0


def test_the_character_count_follows_the_content(
    qtbot: QtBot, harness: Harness, view: AccountView
) -> None:
    form = start(qtbot, harness, view)
    assert form.count.text() == "0 / 2000"
    form.content.setPlainText(CONTENT)
    assert form.count.text() == f"{len(CONTENT)} / 2000"
    form.content.setPlainText("字" * 2001)
    assert form.count.text() == "2001 / 2000"
    form.category.setCurrentIndex(0)
    assert "2000 characters" in refused(qtbot, form)


# --- an inquiry answered on the spot -------------------------------------------------------


def test_an_inquiry_answered_on_the_spot_ends_replied(
    qtbot: QtBot, harness: Harness, view: AccountView
) -> None:
    form = start(qtbot, harness, view)
    assert not form.answered.isVisible()
    qtbot.keyClick(form.category, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    fill(form, CaseCategory.FEES)
    form.answered.setChecked(True)
    assert form.reply.isVisible()
    assert form.reply.hasFocus()
    assert "Now, on the spot" in visible_text(form)
    form.reply.setPlainText("已向客户解释阶梯电价的计算方法，客户表示理解。")
    saved = stored(harness.counter.engine, register(qtbot, harness))
    assert saved.state == "replied"
    assert saved.detail["reply"] == "已向客户解释阶梯电价的计算方法，客户表示理解。"
    reply = next(step for step in saved.steps if step.step == "reply")
    assert reply.done_at == NOW
    with harness.counter.engine.connect() as connection:
        actions = [event.action for event in load_events(connection, saved.id)]
    assert actions == ["create", "answer"]
    assert "Replied" in visible_text(form)
    assert "Done 10:30" in visible_text(form)


def test_an_answer_without_a_reply_leaves_no_case_behind(
    qtbot: QtBot, harness: Harness, view: AccountView
) -> None:
    form = start(qtbot, harness, view)
    form.choose_kind(CaseKind.INQUIRY)
    fill(form)
    form.answered.setChecked(True)
    form.name.setFocus()
    assert "Write the reply" in refused(qtbot, form)
    assert form.reply.hasFocus()
    assert orders_in(harness.counter.engine) == 0  # the registration was rolled back with it


def test_a_case_submitted_twice_is_saved_once(counter: Counter) -> None:
    draft = CaseDraft(CaseKind.COMPLAINT, CaseCategory.OUTAGE, CaseChannel.PHONE, CONTENT,
                      "13812345678")  # fmt: skip
    case = CaseIn(order_uid=new_uid(), draft=draft, customer_name="王五", account_id=None,
                  department="营业厅")  # fmt: skip
    first = register_job(counter.engine, counter.clerk, case, NOW, None)
    again = register_job(counter.engine, counter.clerk, case, NOW, None)
    assert again.order_no == first.order_no
    assert orders_in(counter.engine) == 1


# --- keys ---------------------------------------------------------------------------------


def test_enter_moves_on_and_registers_from_the_department(
    qtbot: QtBot, harness: Harness, view: AccountView
) -> None:
    form = start(qtbot, harness, view)
    fill(form)
    form.name.setFocus()
    qtbot.keyClick(form.name, Qt.Key.Key_Return)
    assert form.phone.hasFocus()
    form.department.setFocus()
    qtbot.keyClick(form.department, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: form.stack.currentIndex() == 1)
    qtbot.keyClick(form.close_button, Qt.Key.Key_Escape)
    assert len(harness.finished) == 1


def test_esc_cancels_and_nothing_is_saved(
    qtbot: QtBot, harness: Harness, view: AccountView
) -> None:
    form = start(qtbot, harness, view)
    fill(form)
    qtbot.keyClick(form.category, Qt.Key.Key_Escape)
    assert harness.cancelled == [True]
    assert orders_in(harness.counter.engine) == 0


def test_a_second_ctrl_enter_while_registering_does_nothing(
    qtbot: QtBot, harness: Harness, view: AccountView
) -> None:
    form = start(qtbot, harness, view)
    fill(form)
    form.submit()
    assert form.busy
    assert not form.register_button.isEnabled()
    form.submit()
    qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: form.stack.currentIndex() == 1)
    assert orders_in(harness.counter.engine) == 1


# --- the A4 work order --------------------------------------------------------------------


def test_the_a4_case_form_is_made_from_the_order(
    qtbot: QtBot, harness: Harness, view: AccountView
) -> None:
    form = start(qtbot, harness, view)
    fill(form)
    order = register(qtbot, harness)
    qtbot.keyClick(form.close_button, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: bool(harness.pdfs))
    pdf, title, name = harness.pdfs[0]
    assert pdf.startswith(b"%PDF")
    assert title == f"Case form {order.order_no}"
    assert name == f"{order.order_no}.pdf"
    with harness.counter.engine.connect() as connection:
        saved = find_order_no(connection, order.order_no)
        made = complaint_form(saved, settings.load_hall_identity(connection), view.address)
    assert (made.contact_by, made.reply_by) == (CONTACT_BY, REPLY_BY)
    assert (made.channel, made.category, made.owner_no) == ("柜台", "供电质量", "0107")
    assert made.registered_at.utcoffset() is not None
    assert made.registered_at.hour == 10  # the hall's time
    assert made.address == view.address
    assert made.issuer.hall_name == "青山供电营业厅"
    assert not form.busy
    assert form.close_button.isEnabled()


# --- the column, in Chinese, and the screenshots ----------------------------------------------


def _nothing_clipped(form: CaseForm) -> None:
    for child in form.findChildren(QLabel):
        if child.isVisibleTo(form) and not child.wordWrap() and child.text():
            assert child.width() >= child.sizeHint().width() - 1, child.text()
    for button in form.findChildren(QPushButton):
        if button.isVisibleTo(form):
            assert button.width() >= button.minimumSizeHint().width() - 1, button.text()


def _save(form: CaseForm, name: str) -> None:
    folder = os.environ.get("COUNTERDESK_SCREENSHOTS")
    if folder:
        target = Path(folder) if folder not in ("1", "yes", "true") else SCREENSHOTS
        target.mkdir(parents=True, exist_ok=True)
        assert form.window().grab().save(str(target / name))


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_the_form_and_the_case_registered_fit_the_column(
    qtbot: QtBot, make_harness: Callable[..., Harness], view: AccountView, language: str
) -> None:
    harness = make_harness(language)
    form = start(qtbot, harness, view)
    fill(form)
    form.department.setCurrentIndex(1)
    qtbot.wait(20)
    assert not form.form_scroll.verticalScrollBar().isVisible()
    _nothing_clipped(form)
    if language == "zh_CN":
        _save(form, "case-form.png")
    register(qtbot, harness)
    qtbot.wait(20)
    _nothing_clipped(form)
    if language == "zh_CN":
        _save(form, "case-done.png")
