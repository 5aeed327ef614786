"""The meter change task (换表, F9): the request, the readings typed twice, the notice.

Why two steps in one form: at the counter a meter change is asked for (step 1: the reason and the
new meter) and, once the fitter has changed it, its readings are entered from the work sheet
(step 2, :class:`~ui.orders.meter_readings.ReadingsStep`). When both happen at one visit the clerk
goes straight on; otherwise "Later" closes the form and the order page brings the clerk back to
step 2 (:meth:`MeterChangeForm.open_order`). The done view previews the A4 notice with its
service card (the slip is already printing), records the customer's confirmation and, for a
fault or a test, opens the test finding and back-billing
(:class:`~ui.orders.back_billing_dialog.BackBillingDialog`).

Why the order's identity is made once: the ``order_uid`` made by :meth:`MeterChangeForm.start`
travels with every retry, so a second Ctrl+Enter finds the order already saved and shows it; a
retried change whose first attempt was saved is read back, not made twice.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Final

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from counterdesk.documents.receipts import MeterChangeReason
from counterdesk.domain.accounts import format_reading
from counterdesk.domain.ids import new_uid
from counterdesk.domain.orders import meter_change as rules
from counterdesk.domain.refusal import CounterError
from counterdesk.orders import back_billings
from counterdesk.orders.engine import act
from counterdesk.orders.errors import DuplicateOrderError, StaleOrderError
from counterdesk.orders.meter_changes import (
    Executed,
    MeterChangeIn,
    execute_meter_change,
    meter_change_slip,
    pending_meter_change,
    request_meter_change,
)
from counterdesk.orders.meter_facts import MeterFacts, load_meter_change, meter_facts
from counterdesk.orders.records import Order, load_order
from counterdesk.services.auth import SignedIn
from counterdesk.services.common import business_day
from counterdesk.store import settings
from counterdesk.store.account_view import AccountView
from printing.notices import render_notice
from ui.messages import error_text
from ui.operations import Op
from ui.orders.back_billing_dialog import BackBillingDialog
from ui.orders.host import OrderHost
from ui.orders.meter_readings import ReadingsStep, Typed, last_text
from ui.orders.task_form import TaskForm
from ui.orders.words import register_word, state_word, subtype_word
from ui.widgets import KeyButton, label

REASONS: Final = (
    MeterChangeReason.ROTATION,
    MeterChangeReason.FAULT,
    MeterChangeReason.TEST,
    MeterChangeReason.CUSTOMER_REQUEST,
)
"""Alt+1 … Alt+4, in this order."""
NEEDS_FINDING: Final = frozenset({MeterChangeReason.FAULT, MeterChangeReason.TEST})
BEFORE_CHANGE: Final = frozenset({rules.REQUESTED, rules.NOTIFIED})
BACK_BILLING_ACTIONS: Final = frozenset({rules.START_BACK_BILLING, rules.APPROVE, rules.CLOSE})
DEFAULT_DEPARTMENT: Final = "计量中心"
"""The metering centre changes meters; chosen first when the hall's list has it."""
REQUEST, READINGS, DONE, NO_ACCOUNT, LOADING = range(5)
"""The pages of the form's stack."""

METER_STYLE: Final = """
QFrame#notify { background: #FFFAEB; border: 1px solid #FEDF89; border-radius: 6px; }
QLabel#step { color: #175CD3; }
"""


# --- the jobs on the worker ----------------------------------------------------------------------


@dataclass(frozen=True)
class RequestPrep:
    """What step 1 shows: the meter now (or why there is none), the departments, an open change."""

    facts: MeterFacts | None
    refusal: Exception | None
    departments: tuple[str, ...]
    pending: Order | None


def prepare_request(engine: Engine, account_id: int) -> RequestPrep:
    with engine.connect() as connection:
        departments = tuple(
            str(name) for name in settings.read_all(connection)["orders.departments"]
        )
        try:
            facts = meter_facts(connection, account_id)
        except CounterError as error:
            return RequestPrep(None, error, departments, None)
        return RequestPrep(facts, None, departments, pending_meter_change(connection, account_id))


def request_job(engine: Engine, actor: SignedIn, request: MeterChangeIn, now: datetime) -> Order:
    """The order in one transaction; a retry of one already saved reads it back."""
    try:
        with engine.begin() as connection:
            return request_meter_change(connection, actor, request, now)
    except DuplicateOrderError:
        with engine.connect() as connection:
            return load_order(connection, request.order_uid)


@dataclass(frozen=True)
class OrderPrep:
    order: Order
    facts: MeterFacts | None
    """The account's meter now: the one to remove, before the change."""


def load_job(engine: Engine, order_uid: uuid.UUID) -> OrderPrep:
    with engine.connect() as connection:
        order = load_meter_change(connection, order_uid)
        assert order.account_id is not None
        try:
            facts: MeterFacts | None = meter_facts(connection, order.account_id)
        except CounterError:
            facts = None
    return OrderPrep(order, facts)


def act_job(
    engine: Engine,
    actor: SignedIn,
    order_uid: uuid.UUID,
    *,
    actions: tuple[str, ...],
    version: int,
    now: datetime,
) -> Order:
    """``notify``, ``confirm``, or ``confirm`` then ``close``: one transaction for the visit."""
    with engine.begin() as connection:
        order = load_meter_change(connection, order_uid)
        if order.version != version:
            raise StaleOrderError(order.order_no)
        for action in actions:
            if action == rules.CLOSE:
                order = back_billings.close_meter_change(
                    connection, actor, order_uid, expected_version=order.version, finding=None,
                    now=now,
                )  # fmt: skip
            else:
                order = act(connection, actor, order_uid, action,
                            expected_version=order.version, now=now)  # fmt: skip
        return order


def execute_job(
    engine: Engine,
    actor: SignedIn,
    order_uid: uuid.UUID,
    *,
    version: int,
    typed: Typed,
    now: datetime,
) -> Executed:
    """The change in one transaction; a retry of the same change already saved reads it back."""
    try:
        with engine.begin() as connection:
            return execute_meter_change(
                connection, actor, order_uid, expected_version=version,
                old_first=typed.old_first, old_second=typed.old_second,
                new_first=typed.new_first, new_second=typed.new_second,
                fitter_no=typed.fitter_no, changed_on=typed.changed_on,
                confirmed=typed.confirmed, now=now,
            )  # fmt: skip
    except StaleOrderError:
        with engine.connect() as connection:
            order = load_meter_change(connection, order_uid)
            detail = order.detail
            if detail.get("old_final") != dict(typed.old_first) or detail.get(
                "new_initial"
            ) != dict(typed.new_first):
                raise
            return Executed(order, meter_change_slip(connection, order_uid))


def notice_job(engine: Engine, order_uid: uuid.UUID) -> tuple[bytes, str]:
    """The A4 meter change notice with its service card, as PDF, and the order number."""
    with engine.connect() as connection:
        slip = meter_change_slip(connection, order_uid)
    return render_notice(slip), slip.order_no


def meters_text(order: Order) -> str:
    old, new = order.detail["old_meter"], order.detail["new_meter"]
    return (
        QCoreApplication.translate("MeterChangeForm", "Old %1 ×%2 → new %3 ×%4")
        .replace("%1", str(old["number"]))
        .replace("%2", str(old["multiplier"]))
        .replace("%3", str(new["number"]))
        .replace("%4", str(new["multiplier"]))
    )


# --- the form ------------------------------------------------------------------------------------


class MeterChangeForm(TaskForm):
    """Request a meter change and enter its readings, in the task column.

    :meth:`start` begins a new order for the open account (step 1, the request); after the
    request the form goes on to step 2, the readings. :meth:`open_order` continues an existing
    order: ``execute`` at step 2; ``start_back_billing``, ``approve`` or ``close`` on the done
    view with the back-billing dialog open.

    Keys: Alt+1…4 choose the reason; Enter moves on, Ctrl+Enter submits the step; Esc cancels
    (step 1), leaves the readings for later (step 2) or closes (done; Enter too). On the done
    view Alt+P previews the A4 notice, Alt+C records the customer's confirmation, Alt+B opens the
    test finding and back-billing. Alt+R continues the account's open change; Alt+N records that
    the customer was told.

    Signals (from :class:`~ui.orders.case_form.TaskForm`):
        finished(str): closed after something was saved; the status bar line.
        cancelled(): closed with nothing saved.
    """

    def __init__(self, host: OrderHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.setObjectName("meterChangeForm")
        self.setStyleSheet(self.styleSheet() + METER_STYLE)
        self.view: AccountView | None = None
        self.order_uid = new_uid()
        self.prep: RequestPrep | None = None
        self.order: Order | None = None
        self.saved = False
        self.reason = MeterChangeReason.ROTATION
        self.dialog: QWidget | None = None
        for page in (self._build_request(), self._build_readings(), self._build_done(),
                     self._build_no_account(), self._build_loading()):  # fmt: skip
            self.stack.addWidget(page)
        self.big(self.done_title, 1.3)
        self.big(self.order_no, 1.2)
        for index, reason in enumerate(REASONS, start=1):
            self.shortcut(f"Alt+{index}", partial(self.choose_reason, reason))
        for keys, action in (("Alt+R", self.continue_pending), ("Alt+N", self.notify_now),
                             ("Alt+P", self.print_notice), ("Alt+C", self.customer_confirms),
                             ("Alt+B", self.open_back_billing)):  # fmt: skip
            self.shortcut(keys, action)

    # --- building ---------------------------------------------------------------------------

    def _page(self, title_step: str) -> tuple[QWidget, QVBoxLayout]:
        page = QWidget(self.stack)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(self.heading(page, self.tr("Meter change"), "F9"))
        if title_step:
            layout.addWidget(label(page, "step", title_step))
        return page, layout

    def _buttons(self, back: KeyButton, go: KeyButton) -> QHBoxLayout:
        back.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        back.clicked.connect(self.back_out)
        go.clicked.connect(self.submit)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(back)
        buttons.addWidget(go, 1)
        return buttons

    def _build_request(self) -> QWidget:
        page, layout = self._page(self.tr("Step 1 of 2: the request"))
        self.request_account = label(page, "note", plain=True)
        self.request_account.setWordWrap(True)
        self.request_scroll = self.scroller(page, self._build_request_fields())
        self.request_message = self.message_label(page)
        self.request_cancel = KeyButton(self.tr("Cancel"), "Esc", page)
        self.request_button = KeyButton(self.tr("Request"), "Ctrl+Enter", page, primary=True)
        layout.addWidget(self.request_account)
        layout.addWidget(self._build_meter_box(page))
        layout.addWidget(self._build_pending_box(page))
        layout.addWidget(self.request_scroll, 1)
        layout.addWidget(self.request_message)
        layout.addLayout(self._buttons(self.request_cancel, self.request_button))
        order = [self.new_meter, self.ct, self.pt, self.digits, self.department, self.note,
                 self.informed, self.request_button]  # fmt: skip
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        return page

    def _build_meter_box(self, page: QWidget) -> QFrame:
        box = QFrame(page)
        box.setObjectName("summary")
        self.meter_now = label(box, "fact", plain=True)
        self.meter_now.setWordWrap(True)
        self.meter_last = label(box, "note", plain=True)
        self.meter_last.setWordWrap(True)
        inside = QVBoxLayout(box)
        inside.setContentsMargins(12, 8, 12, 8)
        inside.setSpacing(2)
        inside.addWidget(label(box, "caption", self.tr("The meter now")))
        inside.addWidget(self.meter_now)
        inside.addWidget(self.meter_last)
        return box

    def _build_pending_box(self, page: QWidget) -> QFrame:
        self.pending_box = QFrame(page)
        self.pending_box.setObjectName("nextStep")
        self.pending_text = label(self.pending_box, "fact")
        self.pending_text.setWordWrap(True)
        self.pending_button = KeyButton(self.tr("Enter its readings"), "Alt+R", self.pending_box)
        self.pending_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.pending_button.clicked.connect(self.continue_pending)
        inside = QVBoxLayout(self.pending_box)
        inside.addWidget(self.pending_text)
        inside.addWidget(self.pending_button)
        self.pending_box.hide()
        return self.pending_box

    def _build_request_fields(self) -> QWidget:
        form = QWidget()
        fields = QVBoxLayout(form)
        fields.setContentsMargins(0, 0, 4, 0)
        fields.setSpacing(8)
        fields.addWidget(label(form, "caption", self.tr("Why")))
        fields.addLayout(self._build_reasons(form))
        self.new_meter = QLineEdit(form)
        self.new_meter.setMaxLength(32)
        self.new_meter.setPlaceholderText(self.tr("As on the nameplate"))
        self.new_meter.textChanged.connect(self._request_changed)
        self.ct, self.pt = self._ratio(form), self._ratio(form)
        self.digits = QSpinBox(form)
        self.digits.setRange(4, 10)
        self.multiplier = label(form, "note")
        self.department = QComboBox(form)
        self.department.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.department.setMinimumContentsLength(8)
        self.note = QLineEdit(form)
        self.note.setMaxLength(200)
        self.note.setPlaceholderText(self.tr("For the fitter (optional)"))
        ratios = QHBoxLayout()
        ratios.setSpacing(6)
        for part in (self.ct, label(form, "caption", "×"), self.pt, self.multiplier):
            ratios.addWidget(part, 1 if isinstance(part, QSpinBox) else 0)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(8)
        rows = ((self.tr("New meter no."), self.new_meter), (self.tr("CT × PT"), ratios),
                (self.tr("Dial digits"), self.digits), (self.tr("Done by"), self.department),
                (self.tr("Note"), self.note))  # fmt: skip
        for row, (caption, widget) in enumerate(rows):
            grid.addWidget(label(form, "caption", caption), row, 0)
            if isinstance(widget, QHBoxLayout):
                grid.addLayout(widget, row, 1)
            else:
                grid.addWidget(widget, row, 1)
        grid.setColumnStretch(1, 1)
        fields.addLayout(grid)
        self.informed = QCheckBox(self.tr("The customer here was told when the fitter comes"), form)
        fields.addWidget(self.informed)
        fields.addStretch(1)
        return form

    def _ratio(self, parent: QWidget) -> QSpinBox:
        made = QSpinBox(parent)
        made.setRange(1, 100_000)
        made.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        made.valueChanged.connect(self._request_changed)
        return made

    def _build_reasons(self, parent: QWidget) -> QHBoxLayout:
        self.reason_buttons: dict[MeterChangeReason, QPushButton] = {}
        group = QButtonGroup(parent)
        row = QHBoxLayout()
        row.setSpacing(6)
        for index, reason in enumerate(REASONS, start=1):
            button = QPushButton(f"{subtype_word(reason.value)}\nAlt+{index}", parent)
            button.setObjectName("segment")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setMinimumWidth(0)
            button.clicked.connect(partial(self.choose_reason, reason))
            group.addButton(button)
            row.addWidget(button)
            self.reason_buttons[reason] = button
        return row

    def _build_readings(self) -> QWidget:
        page, layout = self._page(self.tr("Step 2 of 2: the readings, each typed twice"))
        self.readings_account = label(page, "note", plain=True)
        self.readings_account.setWordWrap(True)
        self.meters = label(page, "fact", plain=True)
        self.meters.setWordWrap(True)
        self.notify_box = QFrame(page)
        self.notify_box.setObjectName("notify")
        told = label(self.notify_box, "fact",
                     self.tr("The customer has not been told of this change yet; tell them "
                             "first."))  # fmt: skip
        told.setWordWrap(True)
        self.notify_button = KeyButton(self.tr("Customer told now"), "Alt+N", self.notify_box)
        self.notify_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.notify_button.clicked.connect(self.notify_now)
        inside = QVBoxLayout(self.notify_box)
        inside.addWidget(told)
        inside.addWidget(self.notify_button)
        self.notify_box.hide()
        self.step = ReadingsStep(self.host.engine)
        self.step.changed.connect(self._refresh_readings)
        self.readings_scroll = self.scroller(page, self.step)
        self.readings_message = self.message_label(page)
        self.later_button = KeyButton(self.tr("Later"), "Esc", page)
        self.record_button = KeyButton(self.tr("Record the change"), "Ctrl+Enter", page,
                                       primary=True)  # fmt: skip
        layout.addWidget(self.readings_account)
        layout.addWidget(self.meters)
        layout.addWidget(self.notify_box)
        layout.addWidget(self.readings_scroll, 1)
        layout.addWidget(self.readings_message)
        layout.addLayout(self._buttons(self.later_button, self.record_button))
        return page

    def _build_done(self) -> QWidget:
        page = QWidget(self.stack)
        self.done_title = label(page, "doneTitle")
        self.done_account = label(page, "note", plain=True)
        self.done_account.setWordWrap(True)
        self.order_no = label(page, "fact", plain=True)
        self.order_no.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_state = label(page, "fact")
        self.done_meters = label(page, "fact", plain=True)
        self.done_readings = label(page, "fact", plain=True)
        rows = (
            (self.tr("Order no."), self.order_no),
            (self.tr("State"), self.done_state),
            (self.tr("Meters"), self.done_meters),
            (self.tr("Readings"), self.done_readings),
        )
        for _caption, value in rows:
            value.setWordWrap(True)
        facts = self.fact_grid(page, rows)
        self.printing = label(page, "note", self.tr("The meter change slip is printing."))
        box = QFrame(page)
        box.setObjectName("nextStep")
        self.next_step = label(box, "fact")
        self.next_step.setWordWrap(True)
        QVBoxLayout(box).addWidget(self.next_step)
        self.notice_button = KeyButton(self.tr("Print meter change notice and service card"),
                                       "Alt+P", page)  # fmt: skip
        self.notice_button.clicked.connect(self.print_notice)
        self.confirm_button = KeyButton(self.tr("Customer confirmed the readings"), "Alt+C", page)
        self.confirm_button.clicked.connect(self.customer_confirms)
        self.back_billing_button = KeyButton(self.tr("Test finding and back-billing…"), "Alt+B",
                                             page)  # fmt: skip
        self.back_billing_button.clicked.connect(self.open_back_billing)
        self.done_message = self.message_label(page)
        self.close_button = KeyButton(self.tr("Close"), "Enter", page, primary=True)
        self.close_button.clicked.connect(self.close_task)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        parts = (self.done_title, self.done_account, facts, self.printing, box,
                 self.notice_button, self.confirm_button, self.back_billing_button)  # fmt: skip
        for part in parts:
            if isinstance(part, QGridLayout):
                layout.addLayout(part)
            else:
                layout.addWidget(part)
        layout.addStretch(1)
        layout.addWidget(self.done_message)
        layout.addWidget(self.close_button)
        return page

    def _build_no_account(self) -> QWidget:
        page, layout = self._page("")
        hint = label(
            page,
            "note",
            self.tr(
                "A meter change is for an account's meter: search for the customer with F6, "
                "then press F9 again."
            ),
        )
        hint.setWordWrap(True)
        self.no_account_close = KeyButton(self.tr("Close"), "Esc", page)
        self.no_account_close.clicked.connect(self.cancelled.emit)
        layout.addWidget(label(page, "emptyTitle", self.tr("Open a customer first (F6)")))
        layout.addWidget(hint)
        layout.addStretch(1)
        layout.addWidget(self.no_account_close)
        return page

    def _build_loading(self) -> QWidget:
        page, layout = self._page("")
        self.loading_message = self.message_label(page)
        layout.addWidget(label(page, "note", self.tr("Reading the order…")))
        layout.addWidget(self.loading_message)
        layout.addStretch(1)
        return page

    # --- step 1: the request ----------------------------------------------------------------

    def start(self, view: AccountView | None) -> None:
        """A new meter change for ``view``; without an account, the hint to open one."""
        self._reset()
        self.view = view
        if view is None:
            self.stack.setCurrentIndex(NO_ACCOUNT)
            self.focus(self.no_account_close)
            return
        self.request_account.setText(f"{view.number} · {view.name}")
        self.meter_now.setText(self.tr("Reading the meter…"))
        self.meter_last.setText("")
        self.pending_box.hide()
        self.new_meter.clear()
        self.note.clear()
        self.informed.setChecked(True)
        self.department.clear()
        self.stack.setCurrentIndex(REQUEST)
        self.choose_reason(MeterChangeReason.ROTATION)
        self._request_changed()
        self.focus(self.new_meter)
        Op(self, partial(prepare_request, self.host.engine, view.account_id),
           key="meter-change-prep").success(self._prepared).failure(self.refuse).run()  # fmt: skip

    def _reset(self) -> None:
        self.order_uid = new_uid()
        self.prep = None
        self.order = None
        self.saved = False
        for shown in (self.request_message, self.readings_message, self.done_message,
                      self.loading_message):  # fmt: skip
            shown.hide()

    def _prepared(self, prep: RequestPrep) -> None:
        self.prep = prep
        self.department.addItems(list(prep.departments))
        if DEFAULT_DEPARTMENT in prep.departments:
            self.department.setCurrentText(DEFAULT_DEPARTMENT)
        facts = prep.facts
        if facts is None:
            self.meter_now.setText("—")
            if prep.refusal is not None:
                self.refuse(prep.refusal)
            self._request_changed()
            return
        meter = facts.meter
        self.meter_now.setText(
            self.tr("%1 · CT %2 × PT %3 = ×%4 · %5 digits · installed %6")
            .replace("%1", meter.number)
            .replace("%2", str(meter.ct_ratio))
            .replace("%3", str(meter.pt_ratio))
            .replace("%4", str(meter.multiplier))
            .replace("%5", str(meter.digits))
            .replace("%6", facts.installed_on.isoformat())
        )
        self.meter_last.setText(
            "\n".join(
                f"{register_word(register)}: {last_text(last, facts.unit)}"
                for register, last in facts.last_known.items()
            )
        )
        self.ct.setValue(meter.ct_ratio)
        self.pt.setValue(meter.pt_ratio)
        self.digits.setValue(meter.digits)
        if prep.pending is not None:
            self.pending_text.setText(
                self.tr("Meter change %1 (%2) is waiting for the meter to be changed.")
                .replace("%1", prep.pending.order_no)
                .replace("%2", state_word(prep.pending.state))
            )
            self.pending_box.show()
        self._request_changed()

    def choose_reason(self, reason: MeterChangeReason) -> None:
        if self.busy or self.stack.currentIndex() != REQUEST:
            return
        self.reason = reason
        self.reason_buttons[reason].setChecked(True)

    def _request_changed(self, *_signal: object) -> None:
        self.multiplier.setText(
            self.tr("= ×%1").replace("%1", str(self.ct.value() * self.pt.value()))
        )
        ready = self.request() is not None and bool(self.new_meter.text().strip())
        self.request_button.setEnabled(ready and not self.busy)

    def request(self) -> MeterChangeIn | None:
        """The request as typed, or None while the account's meter is not known."""
        if self.view is None or self.prep is None or self.prep.facts is None:
            return None
        return MeterChangeIn(
            order_uid=self.order_uid,
            account_id=self.view.account_id,
            reason=self.reason,
            new_meter_no=self.new_meter.text().strip(),
            new_ct_ratio=self.ct.value(),
            new_pt_ratio=self.pt.value(),
            new_registers=self.prep.facts.meter.registers,
            new_digits=self.digits.value(),
            department=self.department.currentText(),
            note=self.note.text().strip(),
            customer_informed=self.informed.isChecked(),
        )

    def _requested(self, order: Order) -> None:
        self.saved = True
        self.host.orders_changed()
        self._show_readings(order, None if self.prep is None else self.prep.facts)

    def continue_pending(self) -> None:
        """Alt+R: the account's open change, at its readings."""
        if self.busy or self.stack.currentIndex() != REQUEST or self.prep is None:
            return
        if self.prep.pending is not None:
            self.open_order(self.prep.pending.uid, rules.EXECUTE)

    # --- step 2: the readings ---------------------------------------------------------------

    def open_order(self, order_uid: uuid.UUID, action: str) -> None:
        """Continue order ``order_uid``: ``execute`` (the readings) or back-billing's actions."""
        self._reset()
        self.view = None
        self.stack.setCurrentIndex(LOADING)
        self.setFocus()
        Op(self, partial(load_job, self.host.engine, order_uid), key="meter-change-load").success(
            partial(self._loaded, action)
        ).failure(self.refuse).run()

    def _loaded(self, action: str, prep: OrderPrep) -> None:
        order = prep.order
        self.order_uid = order.uid
        if action == rules.EXECUTE and (order.state in BEFORE_CHANGE or order.paused_from):
            self._show_readings(order, prep.facts)
            return
        self._show_done(order)
        if action in BACK_BILLING_ACTIONS:
            self.open_back_billing()

    def _show_readings(self, order: Order, facts: MeterFacts | None) -> None:
        self.order = order
        self.readings_account.setText(
            " · ".join((order.order_no, order.account_no, order.customer_name))
        )
        self.meters.setText(meters_text(order))
        registers = tuple(order.detail["old_meter"]["registers"])
        unit = str(order.detail.get("unit", "kWh"))
        today = business_day(self.host.clock())
        self.step.load(order.uid, registers, facts, unit, today)
        self.notify_box.setVisible(order.state == rules.REQUESTED)
        self.stack.setCurrentIndex(READINGS)
        self._refresh_readings()
        self.focus(self.step.rows[0].first if self.step.rows else self.step.fitter)

    def notify_now(self) -> None:
        """Alt+N: the customer was told of the change (``notify``)."""
        order = self.order
        if self.busy or self.stack.currentIndex() != READINGS or order is None:
            return
        actor = self.actor() if order.state == rules.REQUESTED else None
        if actor is None:
            return
        self.run(partial(act_job, self.host.engine, actor, order.uid, actions=(rules.NOTIFY,),
                         version=order.version, now=self.host.clock()),
                 self._notified, key="meter-change-act")  # fmt: skip

    def _notified(self, order: Order) -> None:
        self.order = order
        self.saved = True
        self.notify_box.hide()
        self.host.orders_changed()
        self._refresh_readings()

    def _refresh_readings(self) -> None:
        order = self.order
        error = self.step.check_error
        if error is not None:
            self.readings_message.setText(error_text(error))
        self.readings_message.setVisible(error is not None)
        ready = order is not None and order.state == rules.NOTIFIED and self.step.ready()
        self.record_button.setEnabled(ready and not self.busy)

    def _executed(self, executed: Executed) -> None:
        self.saved = True
        self.host.printed()
        self.host.orders_changed()
        self._show_done(executed.order, printing=True)

    # --- done -------------------------------------------------------------------------------

    def _show_done(self, order: Order, *, printing: bool = False) -> None:
        self.order = order
        executed = "changed_on" in order.detail
        self.done_title.setText(
            self.tr("✓ Meter changed") if executed else self.tr("Meter change requested")
        )
        self.done_account.setText(" · ".join((order.account_no, order.customer_name)))
        self.order_no.setText(order.order_no)
        self.done_state.setText(f"{state_word(order.state)} · {subtype_word(order.subtype)}")
        self.done_meters.setText(meters_text(order))
        final = dict(order.detail.get("old_final") or {})
        initial = dict(order.detail.get("new_initial") or {})
        self.done_readings.setText(
            "\n".join(
                f"{register_word(register)}: {format_reading(int(final[register]))} → "
                f"{format_reading(int(initial[register]))}"
                for register in order.detail["old_meter"]["registers"]
                if register in final and register in initial
            )
            or "—"
        )
        self.printing.setVisible(printing)
        reason = MeterChangeReason(order.subtype)
        self.notice_button.setVisible(executed)
        self.confirm_button.setVisible(order.state == rules.EXECUTED)
        self.confirm_button.set_label(
            self.tr("Customer confirmed the readings")
            if reason in NEEDS_FINDING
            else self.tr("Customer confirmed: close the order")
        )
        self.back_billing_button.setVisible(
            reason in NEEDS_FINDING
            and order.state in (rules.CONFIRMED, rules.BACK_BILLING, rules.APPROVED)
        )
        self.next_step.setText(self._next_step(order, reason))
        self.stack.setCurrentIndex(DONE)
        self.focus(self.close_button)

    def _next_step(self, order: Order, reason: MeterChangeReason) -> str:
        if order.state == rules.EXECUTED:
            return self.tr(
                "Print the notice (Alt+P) for the customer and the fitter to sign; when the "
                "customer has confirmed the readings, press Alt+C."
            )
        if order.state == rules.CONFIRMED and reason in NEEDS_FINDING:
            return self.tr(
                "When the old meter's test result is in, record the finding and any "
                "back-billing (Alt+B)."
            )
        if order.state == rules.BACK_BILLING:
            return self.tr("The back-billing waits for a manager's approval (Alt+B).")
        if order.state == rules.APPROVED:
            return self.tr("The back-billing is approved and billed: close the order (Alt+B).")
        if order.state in BEFORE_CHANGE:
            return self.tr("Enter the readings from the order page once the meter is changed.")
        return self.tr("Nothing more to do at the counter for this order.")

    def print_notice(self) -> None:
        """Alt+P: the A4 notice with its service card, in the preview."""
        order = self.order
        if self.busy or self.stack.currentIndex() != DONE or order is None:
            return
        if "changed_on" in order.detail:
            self.done_message.hide()
            self.run(partial(notice_job, self.host.engine, order.uid), self._notice_ready,
                     key="meter-change-notice")  # fmt: skip

    def _notice_ready(self, made: tuple[bytes, str]) -> None:
        pdf, order_no = made
        title = self.tr("Meter change notice %1").replace("%1", order_no)
        self.host.show_pdf(pdf, title, f"meter-change-{order_no}.pdf")

    def customer_confirms(self) -> None:
        """Alt+C: the customer confirmed the readings; a rotation or a request also closes."""
        order = self.order
        if self.busy or self.stack.currentIndex() != DONE or order is None:
            return
        actor = self.actor() if order.state == rules.EXECUTED else None
        if actor is None:
            return
        actions: tuple[str, ...] = (rules.CONFIRM,)
        if MeterChangeReason(order.subtype) not in NEEDS_FINDING:
            actions = (rules.CONFIRM, rules.CLOSE)
        self.done_message.hide()
        self.run(partial(act_job, self.host.engine, actor, order.uid, actions=actions,
                         version=order.version, now=self.host.clock()),
                 self._confirmed, key="meter-change-act")  # fmt: skip

    def _confirmed(self, order: Order) -> None:
        self.saved = True
        self.host.orders_changed()
        self._show_done(order, printing=self.printing.isVisible())

    def open_back_billing(self) -> None:
        """Alt+B: the test finding and back-billing dialog for this order."""
        order = self.order
        if self.busy or self.stack.currentIndex() != DONE or order is None:
            return
        if self.dialog is not None:
            return
        dialog = BackBillingDialog(self.host, order.uid, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.settled.connect(self._settled)
        dialog.destroyed.connect(self._dialog_gone)
        self.dialog = dialog
        dialog.open()

    def _dialog_gone(self, _object: object = None) -> None:
        self.dialog = None
        if self.isVisible():
            self.focus(self.close_button)

    def _settled(self, order: Order) -> None:
        self.saved = True
        self.host.orders_changed()
        self._show_done(order)

    # --- keys and the TaskForm hooks --------------------------------------------------------

    def fields(self) -> Mapping[str, QWidget]:
        return {
            "new_meter_no": self.new_meter,
            "new_ct_ratio": self.ct,
            "new_pt_ratio": self.pt,
            "new_digits": self.digits,
            "department": self.department,
            "note": self.note,
            "fitter_no": self.step.fitter,
            "changed_on": self.step.changed_on,
        }

    def message(self) -> QLabel:
        shown = {READINGS: self.readings_message, DONE: self.done_message,
                 LOADING: self.loading_message}  # fmt: skip
        return shown.get(self.stack.currentIndex(), self.request_message)

    def submit(self) -> None:
        page = self.stack.currentIndex()
        if self.busy:
            return
        if page == REQUEST:
            self._submit_request()
        elif page == READINGS:
            self._submit_readings()
        elif page == DONE:
            self.close_task()

    def _submit_request(self) -> None:
        request = self.request()
        if request is None or not self.request_button.isEnabled():
            self.focus(self.new_meter)
            return
        actor = self.actor()
        if actor is not None:
            self.say("")
            self.run(partial(request_job, self.host.engine, actor, request, self.host.clock()),
                     self._requested, key="meter-change-request")  # fmt: skip

    def _submit_readings(self) -> None:
        order, typed = self.order, self.step.typed()
        if order is None or typed is None or not self.record_button.isEnabled():
            missing = self.step.missing()
            if missing is not None:
                self.focus(missing)
            return
        actor = self.actor()
        if actor is not None:
            self.say("")
            self.run(partial(execute_job, self.host.engine, actor, order.uid,
                             version=order.version, typed=typed, now=self.host.clock()),
                     self._executed, key="meter-change-execute")  # fmt: skip

    def busy_changed(self, busy: bool) -> None:
        for widget in (self.request_scroll, self.readings_scroll, self.request_cancel,
                       self.later_button, self.notice_button, self.confirm_button,
                       self.back_billing_button, self.close_button, self.notify_button,
                       self.pending_button):  # fmt: skip
            widget.setEnabled(not busy)
        self.request_button.set_label(self.tr("Requesting…") if busy else self.tr("Request"))
        self.record_button.set_label(
            self.tr("Recording…") if busy else self.tr("Record the change")
        )
        self._request_changed()
        self._refresh_readings()

    def enter_pressed(self) -> None:
        page, focused = self.stack.currentIndex(), self.focusWidget()
        if page == DONE:
            self.close_task()
        elif page == NO_ACCOUNT:
            self.cancelled.emit()
        elif (page == REQUEST and focused is self.note) or (
            page == READINGS and focused is self.step.fitter
        ):
            self.submit()
        else:
            self.focusNextChild()

    def back_out(self) -> None:
        if self.busy:
            return
        page = self.stack.currentIndex()
        if page == DONE or (page == READINGS and self.saved):
            self.close_task()
        else:
            self.cancelled.emit()

    def close_task(self) -> None:
        if self.busy:
            return
        order = self.order
        if not self.saved or order is None:
            self.cancelled.emit()
            return
        self.saved = False
        if "changed_on" in order.detail:
            text = (
                self.tr("Meter change %1: %2.")
                .replace("%1", order.order_no)
                .replace("%2", state_word(order.state))
            )
        else:
            text = self.tr(
                "Meter change %1 requested: enter the readings once the meter is changed."
            ).replace("%1", order.order_no)
        self.finished.emit(text)
