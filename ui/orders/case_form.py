# Qt calls its virtual methods by their camelCase names (keyPressEvent, showEvent…).
"""The case task (投诉、举报、咨询登记, F10): a complaint, report or inquiry at the counter.

Why the clerk sees the deadlines before registering: the customer at the window asks "when will
I hear back?", and the honest answer is the one the case will actually carry (first contact
within 1 working day, reply within 5, counted on the hall's working-day calendar with its
holidays), so the form shows the dates :func:`~counterdesk.domain.orders.cases.plan_case` gives
for now, computed on the worker like every other read.

Why an inquiry answered on the spot is one transaction: registering it and recording the answer
are one act for the customer at the window; a failure in the answer (no reply written) must leave
no half-registered case behind, so both run inside one ``engine.begin()``.

Why the case's identity is made once per case: the ``order_uid`` made by :meth:`CaseForm.start`
travels with every retry, so a second Ctrl+Enter, or a retry after a lost answer, finds the case
already saved and shows it, instead of registering it twice.

The form is a :class:`~ui.orders.task_form.TaskForm`, like every order form in the task column.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from counterdesk.documents.identity import HallIdentity
from counterdesk.documents.notices import ComplaintForm
from counterdesk.domain.ids import new_uid
from counterdesk.domain.orders import cases as rules
from counterdesk.domain.orders.cases import (
    MAX_CONTENT_CHARS,
    CaseCategory,
    CaseChannel,
    CaseDraft,
    CaseKind,
    CaseStandard,
    plan_case,
)
from counterdesk.domain.orders.steps import PlannedStep
from counterdesk.orders.cases import CaseIn, register_case, standards
from counterdesk.orders.engine import act
from counterdesk.orders.errors import DuplicateOrderError
from counterdesk.orders.records import Order, load_order
from counterdesk.services.auth import SignedIn
from counterdesk.services.common import local
from counterdesk.store import settings
from counterdesk.store.account_view import AccountView
from printing.notices import render_notice
from ui.operations import Op
from ui.orders.host import OrderHost
from ui.orders.task_form import PROBLEM_COLOUR, TaskForm, day_text
from ui.orders.words import action_word, state_word, step_word, subtype_word
from ui.widgets import KeyButton, label

KIND_KEYS: Final = (CaseKind.COMPLAINT, CaseKind.REPORT, CaseKind.INQUIRY)
"""Alt+1, Alt+2, Alt+3, in this order."""


# --- the jobs on the worker ----------------------------------------------------------------


@dataclass(frozen=True)
class CasePrep:
    """What the form needs before the clerk starts: departments and the deadlines per kind."""

    departments: tuple[str, ...]
    plans: Mapping[CaseKind, tuple[PlannedStep, ...]]
    standards: Mapping[CaseKind, CaseStandard]


def prepare_case(engine: Engine, now: datetime) -> CasePrep:
    """Runs on the worker: the departments and each kind's deadlines if registered ``now``."""
    with engine.connect() as connection:
        departments = tuple(
            str(name) for name in settings.read_all(connection)["orders.departments"]
        )
        calendar = settings.load_calendar(connection)
        found = standards(connection)
    plans = {kind: plan_case(calendar, kind, now, found) for kind in CaseKind}
    return CasePrep(departments, plans, found)


def register_job(
    engine: Engine, actor: SignedIn, case: CaseIn, now: datetime, reply: str | None
) -> Order:
    """Runs on the worker: the case and, answered on the spot, its answer, in one transaction.

    A case already saved under the same ``order_uid`` (a retry after a lost answer) is read back
    rather than registered again.
    """
    try:
        with engine.begin() as connection:
            order = register_case(connection, actor, case, now)
            if reply is not None:
                order = act(connection, actor, order.uid, rules.ANSWER,
                            expected_version=order.version, now=now,
                            detail={"reply": reply})  # fmt: skip
            return order
    except DuplicateOrderError:
        with engine.connect() as connection:
            return load_order(connection, case.order_uid)


def complaint_form(order: Order, issuer: HallIdentity, address: str) -> ComplaintForm:
    """The A4 work order (投诉举报处理工作单) for a registered case; printouts are Chinese."""
    due = {step.step: step.due_day for step in order.steps}
    return ComplaintForm(
        case_uid=order.uid,
        case_no=order.order_no,
        issuer=issuer,
        registered_at=local(order.created_at),
        channel=CaseChannel(order.detail["channel"]).zh,
        category=CaseCategory(order.detail["category"]).zh,
        customer_name=order.customer_name,
        contact_phone=order.contact_phone,
        account_no=order.account_no,
        address=address,
        content=str(order.detail.get("content", "")),
        owner_no=order.first_owner_no,
        department=order.department,
        contact_by=due[rules.CONTACT],
        reply_by=due[rules.REPLY_STEP],
    )


def case_form_pdf(engine: Engine, order_uid: uuid.UUID, address: str) -> tuple[bytes, str]:
    """Runs on the worker: the case's A4 work order as PDF, and its number."""
    with engine.connect() as connection:
        order = load_order(connection, order_uid)
        issuer = settings.load_hall_identity(connection)
    return render_notice(complaint_form(order, issuer, address)), order.order_no


# --- the form ------------------------------------------------------------------------------


class CaseForm(TaskForm):
    """Register a complaint, report or inquiry for the open account (or a prospective customer).

    :meth:`start` prepares a new case; Ctrl+Enter registers it on the worker; the done page shows
    the case number, its deadlines and its first owner, and prints the A4 work order.
    Keys: Alt+1/2/3 complaint, report, inquiry; Ctrl+Enter register; Ctrl+P print the A4 form
    once registered; Enter next field (registers from the department); Esc cancel (close once
    registered).

    Signals (from :class:`TaskForm`):
        finished(str): closed after registering; the status bar line.
        cancelled(): Esc before registering.
    """

    def __init__(self, host: OrderHost, parent: QWidget | None = None) -> None:
        super().__init__(host, parent)
        self.setObjectName("caseForm")
        self.view: AccountView | None = None
        self.order_uid = new_uid()
        self.kind = CaseKind.COMPLAINT
        self.prep: CasePrep | None = None
        self.order: Order | None = None
        self.stack.addWidget(self._build_entry())
        self.stack.addWidget(self._build_done())
        for index, kind in enumerate(KIND_KEYS, start=1):
            self.shortcut(f"Alt+{index}", partial(self._kind_key, kind))
        self.shortcut("Ctrl+P", self._print_key)
        self.big(self.case_no, 1.3)
        self.big(self.done_title, 1.3)

    # building

    def _build_entry(self) -> QWidget:
        page = QWidget(self.stack)
        self.account = label(page, "note", plain=True)
        self.account.setWordWrap(True)
        self.entry_message = self.message_label(page)
        self.cancel_button = KeyButton(self.tr("Cancel"), "Esc", page)
        self.cancel_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cancel_button.clicked.connect(self.back_out)
        self.register_button = KeyButton(self.tr("Register"), "Ctrl+Enter", page, primary=True)
        self.register_button.clicked.connect(self.submit)
        self.form_scroll = self.scroller(page, self._build_fields(page))
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.register_button, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(self.heading(page, self.tr("Complaint, report or inquiry"), "F10"))
        layout.addWidget(self.account)
        layout.addWidget(self.form_scroll, 1)
        layout.addWidget(self.entry_message)
        layout.addLayout(buttons)
        return page

    def _build_fields(self, page: QWidget) -> QWidget:
        form = QWidget(page)  # in the window already, for the tab order
        layout = QVBoxLayout(form)
        layout.setContentsMargins(0, 0, 4, 0)
        layout.setSpacing(8)
        layout.addLayout(self._build_kinds(form))
        layout.addLayout(self._build_who(form))
        layout.addLayout(self._build_content(form))
        self.department = QComboBox(form)
        self.department.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.department.setMinimumContentsLength(8)
        line = QHBoxLayout()
        line.setSpacing(8)
        line.addWidget(label(form, "caption", self.tr("Transfer to")))
        line.addWidget(self.department, 1)
        layout.addLayout(line)
        layout.addWidget(self._build_deadlines(form))
        layout.addStretch(1)
        QWidget.setTabOrder(self.category, self.channel)
        for first, second in (
            (self.channel, self.name),
            (self.name, self.anonymous),
            (self.anonymous, self.phone),
            (self.phone, self.content),
            (self.content, self.declined),
            (self.declined, self.answered),
            (self.answered, self.reply),
            (self.reply, self.department),
            (self.department, self.register_button),
        ):
            QWidget.setTabOrder(first, second)
        return form

    def _build_who(self, form: QWidget) -> QGridLayout:
        """Category and channel, and who the customer is."""
        self.category = QComboBox(form)
        self.category.setPlaceholderText(self.tr("Choose…"))
        for category in CaseCategory:
            self.category.addItem(self._category_word(category), category.value)
        self.channel = QComboBox(form)
        for channel in CaseChannel:
            self.channel.addItem(self._channel_word(channel), channel.value)
        for combo in (self.category, self.channel):  # the column is narrow; the list is not
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(6)
        self.name = QLineEdit(form)
        self.name.setMaxLength(60)
        self.anonymous = QCheckBox(self.tr("Anonymous"), form)
        self.anonymous.toggled.connect(self._anonymous_toggled)
        self.phone = QLineEdit(form)
        self.phone.setMaxLength(20)
        self.phone.setPlaceholderText(self.tr("Mobile or landline with area code"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(8)
        grid.addWidget(label(form, "caption", self.tr("Category")), 0, 0)
        pair = QHBoxLayout()
        pair.setSpacing(8)
        pair.addWidget(self.category, 3)
        pair.addWidget(label(form, "caption", self.tr("Channel")))
        pair.addWidget(self.channel, 2)
        grid.addLayout(pair, 0, 1)
        grid.addWidget(label(form, "caption", self.tr("Customer")), 1, 0)
        who = QHBoxLayout()
        who.setSpacing(8)
        who.addWidget(self.name, 1)
        who.addWidget(self.anonymous)  # reports only: hidden, it takes no room
        grid.addLayout(who, 1, 1)
        grid.addWidget(label(form, "caption", self.tr("Phone")), 2, 0)
        grid.addWidget(self.phone, 2, 1)
        grid.setColumnStretch(1, 1)
        return grid

    def _build_content(self, form: QWidget) -> QVBoxLayout:
        """What the customer says, the call-back, and the answer given on the spot."""
        layout = QVBoxLayout()
        layout.setSpacing(8)
        heading = QHBoxLayout()
        heading.addWidget(label(form, "caption", self.tr("What the customer says")))
        heading.addStretch(1)
        self.count = label(form, "note")
        heading.addWidget(self.count)
        layout.addLayout(heading)
        self.content = QPlainTextEdit(form)
        self.content.setTabChangesFocus(True)
        self.content.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 16)
        self.content.textChanged.connect(self._count)
        layout.addWidget(self.content)

        self.declined = QCheckBox(self.tr("Customer declines a call-back"), form)
        self.declined.toggled.connect(self._refresh)
        self.declined_note = label(form, "note", self.tr("A complaint is always called back."))
        self.answered = QCheckBox(action_word(rules.ANSWER), form)
        self.answered.toggled.connect(self._answered_toggled)
        self.reply = QPlainTextEdit(form)
        self.reply.setTabChangesFocus(True)
        self.reply.setPlaceholderText(self.tr("The answer given to the customer"))
        self.reply.setFixedHeight(self.fontMetrics().lineSpacing() * 3 + 16)
        self.declined_note.setWordWrap(True)
        style = self.declined.style()
        self.declined_note.setIndent(  # under the box's words, not under the box
            style.pixelMetric(QStyle.PixelMetric.PM_IndicatorWidth)
            + style.pixelMetric(QStyle.PixelMetric.PM_CheckBoxLabelSpacing)
        )
        layout.addWidget(self.declined)
        layout.addWidget(self.declined_note)
        layout.addWidget(self.answered)
        layout.addWidget(self.reply)
        return layout

    def _build_kinds(self, parent: QWidget) -> QHBoxLayout:
        self.kind_buttons: dict[CaseKind, QPushButton] = {}
        group = QButtonGroup(parent)
        row = QHBoxLayout()
        row.setSpacing(6)
        for index, kind in enumerate(KIND_KEYS, start=1):
            button = QPushButton(f"{subtype_word(kind.value)}\nAlt+{index}", parent)
            button.setObjectName("segment")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(partial(self.choose_kind, kind))
            group.addButton(button)
            row.addWidget(button)
            self.kind_buttons[kind] = button
        return row

    def _build_deadlines(self, parent: QWidget) -> QFrame:
        box = QFrame(parent)
        box.setObjectName("summary")
        self.deadlines = QGridLayout(box)
        self.deadlines.setContentsMargins(12, 8, 12, 8)
        self.deadlines.setHorizontalSpacing(12)
        self.deadlines.setVerticalSpacing(4)
        self.deadlines.addWidget(label(box, "caption", self.tr("It will be due")), 0, 0, 1, 3)
        self.deadline_rows: list[tuple[QLabel, QLabel, QLabel]] = []
        for row in range(1, 4):
            parts = (label(box, "caption"), label(box, "fact"), label(box, "note"))
            for column, part in enumerate(parts):
                self.deadlines.addWidget(part, row, column)
            self.deadline_rows.append(parts)
        self.provisional = label(box, "note", self.tr(
            "* Provisional: next year's public holidays are not published yet."
        ))  # fmt: skip
        self.provisional.setWordWrap(True)
        self.deadlines.addWidget(self.provisional, 4, 0, 1, 3)
        self.deadlines.setColumnStretch(2, 1)
        return box

    def _build_done(self) -> QWidget:
        page = QWidget(self.stack)
        self.done_title = label(page, "doneTitle", self.tr("✓ Case registered"))
        self.done_customer = label(page, "note", plain=True)
        self.done_customer.setWordWrap(True)
        self.case_no = label(page, "fact", plain=True)
        self.case_no.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_kind = label(page, "fact")
        self.done_state = label(page, "fact")
        self.done_owner = label(page, "fact", plain=True)
        self.done_department = label(page, "fact", plain=True)
        self.done_department.setWordWrap(True)
        facts = self.fact_grid(
            page,
            (
                (self.tr("Case no."), self.case_no),
                (self.tr("Case"), self.done_kind),
                (self.tr("State"), self.done_state),
                (self.tr("First owner"), self.done_owner),
                (self.tr("Transferred to"), self.done_department),
            ),
        )
        box = QFrame(page)
        box.setObjectName("summary")
        self.done_steps = QGridLayout(box)
        self.done_steps.setContentsMargins(12, 8, 12, 8)
        self.done_steps.setHorizontalSpacing(12)
        self.done_steps.setVerticalSpacing(4)
        self.done_steps.setColumnStretch(1, 1)
        self.owner_note = label(page, "note", self.tr(
            "You are the first owner (首问负责): the case stays yours through every transfer "
            "until the customer is called back."
        ))  # fmt: skip
        self.owner_note.setWordWrap(True)
        self.done_message = self.message_label(page)
        self.print_button = KeyButton(self.tr("Print A4 case form"), "Ctrl+P", page)
        self.print_button.clicked.connect(self.print_form)
        self.close_button = KeyButton(self.tr("Done"), "Enter", page, primary=True)
        self.close_button.clicked.connect(self.close_task)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.done_title)
        layout.addWidget(self.done_customer)
        layout.addLayout(facts)
        layout.addWidget(box)
        layout.addWidget(self.owner_note)
        layout.addStretch(1)
        layout.addWidget(self.done_message)
        layout.addWidget(self.print_button)
        layout.addWidget(self.close_button)
        return page

    # words

    def _category_word(self, category: CaseCategory) -> str:
        words = {
            CaseCategory.SERVICE_ATTITUDE: self.tr("Service attitude"),
            CaseCategory.SUPPLY_QUALITY: self.tr("Supply quality"),
            CaseCategory.OUTAGE: self.tr("Outage"),
            CaseCategory.SAFETY: self.tr("Electrical safety"),
            CaseCategory.CONNECTION: self.tr("New connection"),
            CaseCategory.METER: self.tr("Metering"),
            CaseCategory.FEES: self.tr("Bills and fees"),
            CaseCategory.OTHER: self.tr("Other"),
        }
        return words[category]

    def _channel_word(self, channel: CaseChannel) -> str:
        words = {
            CaseChannel.COUNTER: self.tr("Counter"),
            CaseChannel.PHONE: self.tr("Phone"),
            CaseChannel.TRANSFER_95598: self.tr("95598 hotline transfer"),
        }
        return words[channel]

    # starting a case

    def start(self, view: AccountView | None) -> None:
        """A new case for ``view`` (None: a prospective customer with no account yet)."""
        self.view = view
        self.order_uid = new_uid()
        self.order = None
        self.prep = None
        self.category.setCurrentIndex(-1)
        self.channel.setCurrentIndex(0)
        self.anonymous.setChecked(False)
        self.name.setText(view.name if view is not None else "")
        self.phone.setText((view.phone or "") if view is not None else "")
        self.content.clear()
        self.declined.setChecked(False)
        self.answered.setChecked(False)
        self.reply.clear()
        self.department.clear()
        if view is None:
            self.account.setText(self.tr("No account open: a prospective customer."))
        else:
            self.account.setText(f"{view.number} · {view.name}")
        self.say("")
        self.done_message.hide()
        self.stack.setCurrentIndex(0)
        self.form_scroll.verticalScrollBar().setValue(0)
        self.choose_kind(CaseKind.COMPLAINT)
        self._count()
        self.focus(self.category)
        # A quick read: the clerk may type meanwhile; only Register waits for it.
        Op(self, partial(prepare_case, self.host.engine, self.host.clock()),
           key="case-form-prep").success(self._prepared).failure(self.refuse).run()  # fmt: skip

    def _prepared(self, prep: CasePrep) -> None:
        self.prep = prep
        self.department.clear()
        self.department.addItems(list(prep.departments))
        self._refresh()

    # the fields

    def _kind_key(self, kind: CaseKind) -> None:
        if self.stack.currentIndex() == 0 and not self.busy:
            self.choose_kind(kind)

    def choose_kind(self, kind: CaseKind) -> None:
        """Complaint, report or inquiry: what each allows follows the kind."""
        self.kind = kind
        self.kind_buttons[kind].setChecked(True)
        if kind is CaseKind.COMPLAINT:
            self.declined.setChecked(False)
        if kind is not CaseKind.REPORT:
            self.anonymous.setChecked(False)
        if kind is not CaseKind.INQUIRY:
            self.answered.setChecked(False)
        self.declined.setEnabled(kind is not CaseKind.COMPLAINT)
        self.declined_note.setVisible(kind is CaseKind.COMPLAINT)
        self.anonymous.setVisible(kind is CaseKind.REPORT)
        self.answered.setVisible(kind is CaseKind.INQUIRY)
        self._refresh()

    def _anonymous_toggled(self, anonymous: bool) -> None:
        """An anonymous report has no name; usually no call-back either (the clerk may undo)."""
        self.name.setEnabled(not anonymous)
        if anonymous:
            self.name.clear()
            self.declined.setChecked(True)
        elif self.view is not None and not self.name.text():
            self.name.setText(self.view.name)

    def _answered_toggled(self, answered: bool) -> None:
        self.reply.setVisible(answered)
        self._refresh()
        if answered:
            self.focus(self.reply)

    def _count(self) -> None:
        length = len(self.content.toPlainText().strip())
        self.count.setText(f"{length} / {MAX_CONTENT_CHARS}")
        over = length > MAX_CONTENT_CHARS
        self.count.setStyleSheet(f"color: {PROBLEM_COLOUR};" if over else "")

    def _refresh(self) -> None:
        """The deadlines the case will get, and what the department box means for it."""
        self.reply.setVisible(self.answered.isChecked())
        plan = self.prep.plans.get(self.kind) if self.prep is not None else None
        standard = self.prep.standards.get(self.kind) if self.prep is not None else None
        answered = self.answered.isChecked()
        for row, step in enumerate((rules.CONTACT, rules.REPLY_STEP, rules.CALL_BACK)):
            caption, when, note = self.deadline_rows[row]
            caption.setText(step_word(step))
            planned = next((s for s in plan or () if s.step == step), None)
            days = {rules.CONTACT: standard.contact, rules.REPLY_STEP: standard.reply,
                    rules.CALL_BACK: standard.call_back}[step] if standard else 0  # fmt: skip
            if planned is None or standard is None:
                when.setText("…")
                note.setText("")
            elif step == rules.CALL_BACK:
                declined = self.declined.isChecked()
                when.setText(self.tr("Not wanted") if declined else self.tr("After the reply"))
                note.setText("" if declined else self.tr("within %n working day(s)", "", days))
            elif step == rules.REPLY_STEP and answered:
                when.setText(self.tr("Now, on the spot"))
                note.setText("")
            else:
                mark = " *" if planned.provisional else ""
                when.setText(self.tr("by %1").replace("%1", day_text(planned.due_day)) + mark)
                note.setText(self.tr("within %n working day(s)", "", days))
        self.provisional.setVisible(any(step.provisional for step in plan or ()))
        self.register_button.setEnabled(self.prep is not None and not self.busy)

    def fields(self) -> Mapping[str, QWidget]:
        return {
            "category": self.category,
            "content": self.content,
            "phone": self.phone,
            "name": self.name,
            "call_back_declined": self.declined,
            "reply": self.reply,
            "department": self.department,
        }

    def message(self) -> QLabel:
        return self.entry_message if self.stack.currentIndex() == 0 else self.done_message

    # registering

    def submit(self) -> None:
        if self.stack.currentIndex() == 1:
            self.close_task()
            return
        if self.busy or self.prep is None:
            return
        if self.category.currentIndex() < 0:
            self.say(self.tr("Choose what the case is about (its category)."))
            self.focus(self.category)
            return
        actor = self.actor()
        if actor is None:
            return
        view = self.view
        declined = self.declined.isChecked()
        draft = CaseDraft(
            kind=self.kind,
            category=CaseCategory(self.category.currentData()),
            channel=CaseChannel(self.channel.currentData()),
            content=self.content.toPlainText(),
            phone=self.phone.text(),
            account_no=view.number if view is not None else None,
            call_back_declined=declined,
        )
        case = CaseIn(
            order_uid=self.order_uid,
            draft=draft,
            customer_name="" if self.anonymous.isChecked() else self.name.text(),
            account_id=view.account_id if view is not None else None,
            department=self.department.currentText(),
        )
        reply = self.reply.toPlainText() if self.answered.isChecked() else None
        self.say("")
        self.run(partial(register_job, self.host.engine, actor, case, self.host.clock(), reply),
                 self.show_done, key="case-form")  # fmt: skip

    def busy_changed(self, busy: bool) -> None:
        self.form_scroll.widget().setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        self.print_button.setEnabled(not busy)
        self.close_button.setEnabled(not busy)
        if busy:
            self.register_button.setEnabled(False)
            self.register_button.set_label(self.tr("Registering…"))
        else:
            self.register_button.set_label(self.tr("Register"))
            self.register_button.setEnabled(self.prep is not None)
            self.print_button.set_label(self.tr("Print A4 case form"))

    def show_done(self, order: Order) -> None:
        """The case is registered: its number, deadlines and first owner."""
        self.order = order
        self.host.orders_changed()
        clerk = self.host.clerk()
        kind = subtype_word(order.subtype)
        category = self._category_word(CaseCategory(order.detail["category"]))
        self.done_customer.setText(
            " · ".join(part for part in (order.account_no, order.customer_name) if part)
        )
        self.case_no.setText(order.order_no)
        self.done_kind.setText(f"{kind} · {category}")
        self.done_state.setText(state_word(order.state))
        owner = self.tr("No. %1").replace("%1", order.first_owner_no)
        if clerk is not None and clerk.number == order.first_owner_no:
            owner = f"{owner} {clerk.name}"
        self.done_owner.setText(owner)
        self.done_department.setText(order.department)
        self._show_steps(order)
        self.done_message.hide()
        self.stack.setCurrentIndex(1)
        self.focus(self.close_button)

    def _show_steps(self, order: Order) -> None:
        while self.done_steps.count():
            item = self.done_steps.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        box = self.done_steps.parentWidget()
        self.done_steps.addWidget(label(box, "caption", self.tr("Deadlines")), 0, 0, 1, 2)
        declined = bool(order.detail.get("call_back_declined", False))
        for row, step in enumerate(order.steps, start=1):
            if step.step == rules.CALL_BACK and declined:
                when = self.tr("Not wanted")
            elif step.done_at is not None:
                when = self.tr("Done %1").replace("%1", f"{local(step.done_at):%H:%M}")
            else:
                mark = " *" if step.provisional else ""
                when = self.tr("by %1").replace("%1", day_text(step.due_day)) + mark
            self.done_steps.addWidget(label(box, "caption", step_word(step.step)), row, 0)
            self.done_steps.addWidget(label(box, "fact", when), row, 1)

    # printing and closing

    def _print_key(self) -> None:
        if self.stack.currentIndex() == 1 and not self.busy:
            self.print_form()

    def print_form(self) -> None:
        """The A4 work order, made on the worker, shown in the preview to print."""
        if self.order is None or self.busy:
            return
        address = self.view.address if self.view is not None else ""
        self.print_button.set_label(self.tr("Preparing the case form…"))
        self.run(partial(case_form_pdf, self.host.engine, self.order.uid, address),
                 self._show_pdf, key="case-form-pdf")  # fmt: skip

    def _show_pdf(self, made: tuple[bytes, str]) -> None:
        pdf, number = made
        self.host.show_pdf(pdf, self.tr("Case form %1").replace("%1", number), f"{number}.pdf")

    def back_out(self) -> None:
        if self.busy:
            return
        if self.stack.currentIndex() == 1:
            self.close_task()
        else:
            self.cancelled.emit()

    def close_task(self) -> None:
        if self.order is None or self.busy:
            return
        order, self.order = self.order, None
        self.finished.emit(self.tr("Case %1 registered.").replace("%1", order.order_no))

    def enter_pressed(self) -> None:
        focused = self.focusWidget()
        if self.stack.currentIndex() == 1:
            self.close_task()
        elif focused is self.department:
            self.submit()
        else:
            self.focusNextChild()
