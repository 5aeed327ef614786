# Qt calls its virtual methods by their camelCase names (showEvent…).
# ruff: noqa: N802
"""One work order on a page (工单详情): its facts, its steps, its history and what can be done next.

Why the page reads everything again after each act: the engine refuses an act on an order read
before someone else changed it (``expected_version``), and the page only ever acts on what it
shows. After a change, or after such a refusal, it reads the order again and says which of the
two happened; the clerk never acts on a guess.

The buttons are the order's workflow (:func:`~counterdesk.orders.engine.available_actions`), in
the workflow's words (:mod:`ui.orders.words`); a transfer (转派) is offered for every open order
and keeps the first-contact owner (首问负责人); a supervision note (督办) is offered to managers.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Final

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from counterdesk.domain.orders.steps import next_open
from counterdesk.domain.orders.workflow import PAUSE, RESUME, TransitionRefusedError
from counterdesk.domain.permissions import Permission, Role
from counterdesk.domain.workdays import DEFAULT_OFFICE_CLOSES
from counterdesk.orders import engine as orders
from counterdesk.orders.records import Order, OrderEvent, OrderKind, load_events, load_order
from counterdesk.services import auth
from counterdesk.services.auth import Approval, SignedIn
from counterdesk.services.common import local
from counterdesk.store import settings
from ui.approval import ApprovalDialog
from ui.chips import Tone
from ui.counter_dialog import CounterDialog, chain_tab_order
from ui.messages import error_text
from ui.operations import Op
from ui.orders.host import OrderHost
from ui.orders.order_dialogs import (
    OrderActDialog,
    OrderTransferDialog,
    styled_body,
)
from ui.orders.words import action_word, kind_word, state_word, step_word, subtype_word
from ui.widgets import KeyButton, label

NOTE_REQUIRED: Final = frozenset({PAUSE, "call_back_unsatisfied", "cancel", "withdraw"})
"""Actions that must say why: the customer and the next person need the reason."""
REPLY_ACTIONS: Final = frozenset({"reply", "answer"})
"""A case's reply: the text given to the customer is part of the act."""
SPECIAL_ACTIONS: Final = frozenset({"execute", "start_back_billing", "approve", "close"})
"""Meter-change actions that need readings or a back-billing calculation: another page's."""
SECONDARY: Final = frozenset(
    {PAUSE, "cancel", "withdraw", "call_back_unsatisfied", "close_without_call_back"}
)
"""Never the page's primary button: the way out is not the next step."""
TRANSFER: Final = "transfer"
MAX_ACTION_KEYS: Final = 9
ROW_HEIGHT: Final = 30
MAX_STEP_ROWS: Final = 7
"""A high-voltage application has six steps; more than this scrolls."""

PAGE_STYLE: Final = """
QFrame#facts { background: #FFFFFF; border: 1px solid #E4E7EC; border-radius: 8px; }
QLabel#chip { border-radius: 10px; padding: 2px 10px; }
QLabel#chip[tone="neutral"] { color: #344054; background: #F2F4F7; border: 1px solid #E4E7EC; }
QLabel#chip[tone="red"] { color: #B42318; background: #FEE4E2; border: 1px solid #FECDCA; }
QLabel#chip[tone="orange"] { color: #B54708; background: #FEF0C7; border: 1px solid #FEDF89; }
QLabel#chip[tone="blue"] { color: #175CD3; background: #D1E9FF; border: 1px solid #B2DDFF; }
QTableWidget { border: 1px solid #E4E7EC; border-radius: 6px; background: #FFFFFF; outline: 0; }
QTableWidget::item { padding: 0px 8px; border-bottom: 1px solid #F2F4F7; }
QTableWidget::item:selected { background: #D1E9FF; color: #101828; }
QHeaderView::section { background: #FFFFFF; color: #667085; border: none;
    border-bottom: 1px solid #E4E7EC; padding: 6px 8px; }
"""

OVERDUE_COLOUR: Final = Tone.RED.value[0]
PROVISIONAL_COLOUR: Final = Tone.ORANGE.value[0]
DONE_COLOUR: Final = "#067647"
MUTED_COLOUR: Final = "#667085"


# --- the work, on the worker ------------------------------------------------------------------


@dataclass(frozen=True)
class PageData:
    """What the page shows, read in one go."""

    order: Order
    events: tuple[OrderEvent, ...]
    actions: tuple[str, ...]
    """The workflow's actions now (``transfer`` included where the workflow has one)."""
    approvals: frozenset[str]
    """Those of :attr:`actions` that need a manager (an approval step)."""
    is_open: bool
    departments: tuple[str, ...]
    names: dict[str, str]
    """Everyone's name by number, for the history and the handler."""
    people: tuple[tuple[str, str], ...]
    """(number, name) of the clerks and managers an order can go to."""
    read_at: datetime


def load_page(engine: Engine, order_uid: uuid.UUID, now: datetime) -> PageData:
    """Runs on the worker: the order, its history, its next actions and the transfer lists."""
    with engine.connect() as connection:
        order = load_order(connection, order_uid)
        events = tuple(load_events(connection, order.id))
        flow = orders.order_type(order.kind).workflow(order)
        actions = orders.available_actions(order)
        approvals: set[str] = set()
        for action in actions:
            if action in (PAUSE, RESUME):
                continue
            try:
                if flow.transition(order.order_no, order.state, action).approval:
                    approvals.add(action)
            except TransitionRefusedError:  # a move the kind adds beyond its table
                continue
        departments = tuple(str(d) for d in settings.read_all(connection)["orders.departments"])
        clerks = auth.list_clerks(connection, now=now)
    return PageData(
        order=order,
        events=events,
        actions=actions,
        approvals=frozenset(approvals),
        is_open=flow.is_open(order.state),
        departments=departments,
        names={clerk.number: clerk.name for clerk in clerks},
        people=tuple(
            (clerk.number, clerk.name)
            for clerk in clerks
            if clerk.active and clerk.role is not Role.ADMIN
        ),
        read_at=now,
    )


def act_job(
    engine: Engine,
    actor: SignedIn,
    order_uid: uuid.UUID,
    *,
    action: str,
    expected_version: int,
    approval: Approval | None,
    note: str,
    now: datetime,
    reply: str = "",
) -> Order:
    """Runs on the worker: one action, one transaction (history, audit and outbox included)."""
    detail = {"reply": reply} if reply else None
    with engine.begin() as connection:
        return orders.act(connection, actor, order_uid, action, expected_version=expected_version,
                          now=now, note=note, detail=detail, approval=approval)  # fmt: skip


def transfer_job(
    engine: Engine,
    actor: SignedIn,
    order_uid: uuid.UUID,
    *,
    expected_version: int,
    department: str,
    handler_no: str,
    note: str,
    now: datetime,
) -> Order:
    """Runs on the worker: hand the order to a department and person (转派)."""
    with engine.begin() as connection:
        return orders.transfer(connection, actor, order_uid, department=department,
                               handler_no=handler_no, expected_version=expected_version, now=now,
                               note=note)  # fmt: skip


def supervise_job(
    engine: Engine, actor: SignedIn, order_uid: uuid.UUID, *, note: str, now: datetime
) -> Order:
    """Runs on the worker: a manager's supervision note (督办) in the order's history."""
    with engine.begin() as connection:
        return orders.supervise(connection, actor, order_uid, note=note, now=now)


# --- words for times and people ---------------------------------------------------------------


def moment_text(moment: datetime | None) -> str:
    return "—" if moment is None else f"{local(moment):%Y-%m-%d %H:%M}"


def due_text(due_at: datetime, provisional: bool, provisional_word: str) -> str:
    """The hall's date of a deadline; its time too when it is not the close of the hall (a
    deadline in hours); ``provisional_word`` (暂定) beside a date the calendar cannot vouch for."""
    hall = local(due_at)
    text = f"{hall:%Y-%m-%d}"
    if hall.time().replace(second=0, microsecond=0) != DEFAULT_OFFICE_CLOSES:
        text += f" {hall:%H:%M}"
    return f"{text} {provisional_word}" if provisional else text


def person_text(number: str, names: dict[str, str]) -> str:
    """``张敏 0107``: a name where the terminal knows it, the number always."""
    name = names.get(number, "")
    return f"{name} {number}" if name else number


def kind_text(order_kind: OrderKind, subtype: str, service_name: str = "") -> str:
    """``业扩 · 居民新装``; a paid service by its name in the fee schedule."""
    sub = service_name or subtype_word(subtype)
    return f"{kind_word(order_kind.value)} · {sub}"


def _service_name(order: Order) -> str:
    """A paid service's name as quoted (kept on the order), else nothing."""
    return str(order.detail.get("name", "")) if order.kind is OrderKind.PAID_SERVICE else ""


def _item(text: str, colour: str | None = None, *, bold: bool = False) -> QTableWidgetItem:
    made = QTableWidgetItem(text)
    made.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if colour is not None:
        made.setForeground(QColor(colour))
    if bold:
        font = QFont(made.font())
        font.setBold(True)
        made.setFont(font)
    return made


def _table(parent: QWidget, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setShowGrid(False)
    table.setWordWrap(False)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(ROW_HEIGHT)
    header = table.horizontalHeader()
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    return table


def _chip(parent: QWidget) -> QLabel:
    made = label(parent, "chip", plain=True)
    made.hide()
    return made


def _paint_chip(chip: QLabel, text: str, tone: Tone) -> None:
    """A chip's word and colour (by a property the page's style sheet reads)."""
    chip.setProperty("tone", tone.name.lower())
    chip.style().unpolish(chip)
    chip.style().polish(chip)
    chip.setText(text)
    chip.setVisible(bool(text))


# --- the page ---------------------------------------------------------------------------------


class OrderPage(CounterDialog):
    """One order: facts, steps, history, and buttons for what can be done now.

    Every act runs on the window's worker with the version the page shows
    (``expected_version``); a :class:`~counterdesk.orders.errors.StaleOrderError` reads the order
    again and says so; any other refusal is shown in the act's dialog, which stays open. After a
    change the page reads the order again, emits ``changed`` and calls ``host.orders_changed()``.

    Meter changes: the actions ``execute`` (the readings) and ``start_back_billing`` (the
    back-billing calculation) need the meter change form, not a note. For a ``meter_change``
    order these buttons emit ``special_action(order_uid, action)`` and close the page, so the
    window can open that form in its task column; the page does not act itself.

    Keys: Alt+1…Alt+9 the actions in order, Alt+T transfer, Alt+D supervision note (managers),
    F5 read again, Enter the focused button (the next step when none is), Esc closes.

    Signals:
        special_action(object, str): order uid and action, for the meter change form.
        changed(object): an act was written; the order after it.
        loaded(object): the page shows what was read (:class:`PageData`).
    """

    special_action = Signal(object, str)
    changed = Signal(object)
    loaded = Signal(object)

    def __init__(
        self, host: OrderHost, order_uid: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(host.engine, parent, clock=host.clock)
        self.host = host
        self.order_uid = order_uid
        self.data: PageData | None = None
        self.dialog: CounterDialog | None = None
        """The act, transfer or approval dialog open over the page, if any."""
        self.action_buttons: dict[str, KeyButton] = {}
        self.primary_button: KeyButton | None = None
        self._first_data = True
        self.setWindowTitle(self.tr("Work order"))
        self._build()
        self._shortcuts()
        self.resize(1040, 700)
        self.reload()

    # --- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.title = label(self, "dialogTitle", "", plain=True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind = label(self, "caption", "", plain=True)
        self.state_chip = _chip(self)
        self.late_chip = _chip(self)
        heading = QHBoxLayout()
        heading.setSpacing(10)
        heading.addWidget(self.title)
        heading.addWidget(self.kind)
        heading.addWidget(self.state_chip)
        heading.addWidget(self.late_chip)
        heading.addStretch(1)
        heading.addWidget(label(self, "hint", self.tr("F5 reads the order again")))

        self.steps = _table(
            self, [self.tr("Step"), self.tr("Due"), self.tr("Done"), self.tr("Mark")]
        )
        self.steps.setMinimumWidth(430)
        self.history = _table(
            self,
            [self.tr("Time"), self.tr("Clerk"), self.tr("Action"), self.tr("State"),
             self.tr("Note")],
        )  # fmt: skip

        top = QHBoxLayout()
        top.setSpacing(12)
        top.addWidget(self._build_facts(), 3)
        steps_box = QVBoxLayout()
        steps_box.setSpacing(4)
        steps_box.addWidget(label(self, "sectionTitle", self.tr("Steps and deadlines")))
        steps_box.addWidget(self.steps, 1)
        top.addLayout(steps_box, 2)

        self.buttons_row = QHBoxLayout()
        self.buttons_row.setSpacing(8)
        self.transfer_button = KeyButton(self.tr("Transfer"), "Alt+T", self)
        self.transfer_button.clicked.connect(self.start_transfer)
        self.supervise_button = KeyButton(self.tr("Supervise"), "Alt+D", self)
        self.supervise_button.clicked.connect(self.start_supervision)
        self.close_button = KeyButton(self.tr("Close"), "Esc", self)
        self.close_button.clicked.connect(self.reject)
        self.actions_box = QHBoxLayout()
        self.actions_box.setSpacing(8)
        self.buttons_row.addLayout(self.actions_box)
        self.buttons_row.addStretch(1)
        for button in (self.transfer_button, self.supervise_button, self.close_button):
            self.buttons_row.addWidget(button)
        self.transfer_button.hide()
        self.supervise_button.hide()

        layout = QVBoxLayout(styled_body(self, PAGE_STYLE))
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(10)
        layout.addLayout(heading)
        layout.addLayout(top)
        layout.addWidget(label(self, "sectionTitle", self.tr("History")))
        layout.addWidget(self.history, 1)
        layout.addWidget(self.problem)
        layout.addLayout(self.buttons_row)

    def _build_facts(self) -> QFrame:
        box = QFrame(self)
        box.setObjectName("facts")
        grid = QGridLayout(box)
        grid.setContentsMargins(16, 12, 16, 12)
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(6)
        captions = [
            ("order_no", self.tr("Order no.")),
            ("kind", self.tr("Type")),
            ("customer", self.tr("Customer")),
            ("account", self.tr("Account")),
            ("phone", self.tr("Phone")),
            ("first_owner", self.tr("First-contact owner")),
            ("department", self.tr("Department")),
            ("handler", self.tr("Handler")),
            ("created", self.tr("Accepted")),
            ("state", self.tr("State")),
        ]
        self.facts: dict[str, QLabel] = {}
        for index, (key, caption) in enumerate(captions):
            row, column = divmod(index, 2)
            value = label(box, "fact", "—", plain=True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(label(box, "caption", caption), row, column * 2)
            grid.addWidget(value, row, column * 2 + 1)
            self.facts[key] = value
        self.detail_caption = label(box, "caption", "")
        self.detail = label(box, "fact", "", plain=True)
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row = len(captions) // 2
        grid.addWidget(self.detail_caption, row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(self.detail, row, 1, 1, 3)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setRowStretch(row + 1, 1)
        return box

    def _shortcuts(self) -> None:
        for number in range(1, MAX_ACTION_KEYS + 1):
            QShortcut(QKeySequence(f"Alt+{number}"), self, partial(self._action_key, number - 1))
        QShortcut(QKeySequence("Alt+T"), self, self.start_transfer)
        QShortcut(QKeySequence("Alt+D"), self, self.start_supervision)
        QShortcut(QKeySequence("F5"), self, self.reload)

    # --- reading --------------------------------------------------------------------------------

    def reload(self, message: str = "", tone: str = "problem") -> None:
        """Read the order again on the worker; ``message`` is shown once it is on screen."""
        job = partial(load_page, self.engine, self.order_uid, self.clock())
        Op(self, job, key=f"order-page:{self.order_uid}", runner=self.runner).success(
            partial(self._show, message=message, tone=tone)
        ).failure(self._not_loaded).run()

    def _not_loaded(self, error: Exception) -> None:
        self.say(error_text(error))
        for button in (*self.action_buttons.values(), self.transfer_button,
                       self.supervise_button):  # fmt: skip
            button.setEnabled(False)

    def _show(self, data: PageData, *, message: str = "", tone: str = "problem") -> None:
        self.data = data
        order = data.order
        names = data.names
        service = _service_name(order)
        self.setWindowTitle(self.tr("Work order %1").replace("%1", order.order_no))
        self.title.setText(order.order_no)
        self.kind.setText(kind_text(order.kind, order.subtype, service))
        facts = {
            "order_no": order.order_no,
            "kind": kind_text(order.kind, order.subtype, service),
            "customer": order.customer_name or "—",
            "account": order.account_no or self.tr("(no account yet)"),
            "phone": order.contact_phone or "—",
            "first_owner": person_text(order.first_owner_no, names),
            "department": order.department or "—",
            "handler": person_text(order.handler_no, names) if order.handler_no else "—",
            "created": moment_text(order.created_at),
            "state": self._state_text(order),
        }
        for key, value in facts.items():
            self.facts[key].setText(value)
        self._show_detail(order)
        self._show_chips(data)
        self._show_steps(data)
        self._show_history(data)
        self._show_buttons(data)
        self.say(message, tone)
        self.loaded.emit(data)

    def _state_text(self, order: Order) -> str:
        text = state_word(order.state)
        if order.paused_from and order.paused_at is not None:
            text += " " + (
                self.tr("(since %1, from %2)")
                .replace("%1", moment_text(order.paused_at))
                .replace("%2", state_word(order.paused_from))
            )
        if order.closed_at is not None:
            text += " " + self.tr("(at %1)").replace("%1", moment_text(order.closed_at))
        return text

    def _show_detail(self, order: Order) -> None:
        """What the order is about, under the facts: a case's words and reply, an
        application's address, a meter change's meters, a paid service and its quantity."""
        detail = order.detail
        caption, text = "", ""
        if order.kind is OrderKind.CASE:
            caption, text = self.tr("Content"), str(detail.get("content", ""))
            if detail.get("reply"):
                text += "\n" + self.tr("Reply: %1").replace("%1", str(detail["reply"]))
        elif order.kind in (OrderKind.CONNECTION, OrderKind.METER_CHANGE):
            caption, text = self.tr("Address"), str(detail.get("address", ""))
            capacity = detail.get("capacity_kva")
            if capacity:
                text += "  " + self.tr("%1 kVA").replace("%1", str(capacity))
            old, new = detail.get("old_meter"), detail.get("new_meter")
            if isinstance(old, dict) and isinstance(new, dict):
                text += "\n" + (
                    self.tr("Meter %1 → %2")
                    .replace("%1", str(old.get("number", "")))
                    .replace("%2", str(new.get("number", "")))
                )
        elif order.kind is OrderKind.PAID_SERVICE and detail.get("quantity"):
            caption = self.tr("Service")
            text = f"{detail.get('name', order.subtype)} × {detail['quantity']}"
        shown = bool(text.strip())
        self.detail_caption.setText(caption)
        self.detail.setText(text.strip())
        self.detail_caption.setVisible(shown)
        self.detail.setVisible(shown)

    def _show_chips(self, data: PageData) -> None:
        order = data.order
        tone = Tone.BLUE if data.is_open else Tone.NEUTRAL
        if order.state == "paused":
            tone = Tone.ORANGE
        _paint_chip(self.state_chip, state_word(order.state), tone)
        upcoming = next_open(order.steps)
        late = (
            data.is_open
            and order.state != "paused"
            and upcoming is not None
            and upcoming.overdue(data.read_at)
        )
        text = ""
        if late and upcoming is not None:
            text = self.tr("Overdue since %1").replace("%1", due_text(upcoming.due_at, False, ""))
        _paint_chip(self.late_chip, text, Tone.RED)

    def _show_steps(self, data: PageData) -> None:
        order = data.order
        upcoming = next_open(order.steps) if data.is_open else None
        table = self.steps
        table.setRowCount(len(order.steps))
        provisional = self.tr("(provisional)")
        for row, step in enumerate(order.steps):
            late = step.overdue(data.read_at) and (step.done_at is not None or data.is_open)
            current = step is upcoming
            marks = []
            if late:
                marks.append(self.tr("Overdue") if step.done_at is None else self.tr("Done late"))
            if current and not late:
                marks.append(self.tr("Next"))
            if step.provisional:
                marks.append(self.tr("Provisional"))
            due_colour = PROVISIONAL_COLOUR if step.provisional else None
            cells = [
                _item(step_word(step.step), bold=current),
                _item(due_text(step.due_at, step.provisional, provisional), due_colour,
                      bold=current),
                _item(moment_text(step.done_at) if step.done_at else "—",
                      DONE_COLOUR if step.done_at else MUTED_COLOUR),
                _item(" · ".join(marks), OVERDUE_COLOUR if late else None, bold=late),
            ]  # fmt: skip
            for column, cell in enumerate(cells):
                table.setItem(row, column, cell)
        if not order.steps:
            table.setRowCount(1)
            table.setItem(0, 0, _item(self.tr("No deadline yet"), MUTED_COLOUR))
            for column in range(1, 4):
                table.setItem(0, column, _item(""))
        rows = min(max(table.rowCount(), 1), MAX_STEP_ROWS)
        header = table.horizontalHeader().sizeHint().height()
        table.setFixedHeight(header + rows * ROW_HEIGHT + 4)

    def _show_history(self, data: PageData) -> None:
        table = self.history
        table.setRowCount(len(data.events))
        for row, event in enumerate(data.events):
            if event.from_state and event.to_state and event.from_state != event.to_state:
                states = f"{state_word(event.from_state)} → {state_word(event.to_state)}"
            else:
                states = state_word(event.to_state or event.from_state or "")
            notes: list[str] = []
            if event.action == TRANSFER:
                target = event.department
                if event.handler_no:
                    target += " · " + person_text(event.handler_no, data.names)
                notes.append(self.tr("to %1").replace("%1", target))
            reply = event.detail.get("reply")
            if reply:
                notes.append(self.tr("reply: %1").replace("%1", str(reply)))
            if event.note:
                notes.append(event.note)
            approved = event.detail.get("approved_by")
            if approved:
                notes.append(
                    self.tr("approved by %1").replace("%1", person_text(str(approved), data.names))
                )
            supervision = event.action == "supervise"
            cells = [
                _item(moment_text(event.at)),
                _item(person_text(event.clerk_no, data.names)),
                _item(action_word(event.action), OVERDUE_COLOUR if supervision else None,
                      bold=supervision),
                _item(states),
                _item("；".join(notes)),
            ]  # fmt: skip
            cells[4].setToolTip("\n".join(notes))
            for column, cell in enumerate(cells):
                table.setItem(row, column, cell)
        table.scrollToBottom()

    def _show_buttons(self, data: PageData) -> None:
        focus = self.focusWidget()
        lost_focus = self._first_data or focus is None or focus in self.action_buttons.values()
        for button in self.action_buttons.values():
            self.actions_box.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.action_buttons = {}
        self.primary_button = None
        actions = [action for action in data.actions if action != TRANSFER]
        for index, action in enumerate(actions):
            key = f"Alt+{index + 1}" if index < MAX_ACTION_KEYS else ""
            primary = self.primary_button is None and action not in SECONDARY
            button = KeyButton(action_word(action), key, self, primary=primary)
            button.clicked.connect(partial(self.start_action, action))
            self.actions_box.addWidget(button)
            if self.isVisible():
                button.show()  # now, not later, so that it can take the focus
            self.action_buttons[action] = button
            if primary:
                self.primary_button = button
        clerk = self.host.clerk()
        self.transfer_button.setVisible(data.is_open)
        self.transfer_button.setEnabled(True)
        self.supervise_button.setVisible(
            data.is_open and clerk is not None and clerk.can(Permission.SUPERVISE)
        )
        self.supervise_button.setEnabled(True)
        chain_tab_order([*self.action_buttons.values(), self.transfer_button,
                         self.supervise_button, self.close_button])  # fmt: skip
        if lost_focus or not (focus and focus.isVisible() and focus.isEnabled()):
            # The next step, so Enter does it: when the page opens, and after an act.
            (self.primary_button or self.close_button).setFocus()
        self._first_data = False

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.primary_button is not None:
            self.primary_button.setFocus()

    # --- keys -----------------------------------------------------------------------------------

    def enter_pressed(self) -> None:
        if self.primary_button is not None and self.primary_button.isEnabled():
            self.primary_button.click()

    def _action_key(self, index: int) -> None:
        buttons = list(self.action_buttons.values())
        if index < len(buttons) and buttons[index].isEnabled():
            buttons[index].click()

    # --- acting ---------------------------------------------------------------------------------

    def _summary(self, order: Order) -> str:
        """Which order an act is on: number, customer, type and state, for the dialogs."""
        return (
            f"{order.order_no}  {order.customer_name}\n"
            f"{kind_text(order.kind, order.subtype, _service_name(order))}"
            f" · {state_word(order.state)}"
        )

    def _actor(self) -> SignedIn | None:
        clerk = self.host.clerk()
        if clerk is None:
            self.say(self.tr("Nobody is signed in: sign in, then try again."))
        return clerk

    def _open(self, dialog: CounterDialog) -> None:
        self.dialog = dialog
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(partial(self._dialog_done, dialog))
        dialog.open()

    def _dialog_done(self, dialog: CounterDialog, _result: int = 0) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def start_action(self, action: str) -> None:
        """The button of ``action``: a meter change's special action is handed to the window;
        an approval step asks a manager first (unless a manager is signed in); then the note."""
        data = self.data
        if data is None or self.busy or self.dialog is not None or action not in data.actions:
            return
        order = data.order
        if order.kind is OrderKind.METER_CHANGE and action in SPECIAL_ACTIONS:
            self.special_action.emit(order.uid, action)
            self.accept()
            return
        if action == TRANSFER:
            self.start_transfer()
            return
        clerk = self._actor()
        if clerk is None:
            return
        self.clear_message()
        if action in data.approvals and not clerk.can(Permission.APPROVE):
            approval = ApprovalDialog(
                self.engine, clerk, f"order.{action}",
                f"{action_word(action)}\n{self._summary(order)}", self, clock=self.clock,
            )  # fmt: skip
            approval.approved.connect(
                lambda granted: QTimer.singleShot(0, self, partial(self._ask_note, action, granted))
            )
            self._open(approval)
            return
        self._ask_note(action, None)

    def _ask_note(self, action: str, approval: Approval | None) -> None:
        data = self.data
        clerk = self.host.clerk()
        if data is None or clerk is None:
            return
        order = data.order
        work = partial(act_job, self.engine, clerk, order.uid, action=action,
                       expected_version=order.version, approval=approval)  # fmt: skip
        dialog = OrderActDialog(
            self.engine, self, clock=self.clock, title=action_word(action),
            summary=self._summary(order), go_label=action_word(action), work=work,
            note_required=action in NOTE_REQUIRED, reply=action in REPLY_ACTIONS,
        )  # fmt: skip
        dialog.acted.connect(partial(self._changed, action_word(action)))
        dialog.stale.connect(self._stale)
        self._open(dialog)

    def start_transfer(self) -> None:
        """转派: department, person and note; the first-contact owner stays."""
        data = self.data
        if data is None or self.busy or self.dialog is not None or not data.is_open:
            return
        clerk = self._actor()
        if clerk is None:
            return
        self.clear_message()
        order = data.order
        dialog = OrderTransferDialog(
            self.engine, self, clock=self.clock, summary=self._summary(order),
            first_owner=person_text(order.first_owner_no, data.names),
            departments=data.departments, current_department=order.department,
            people=data.people,
            work=partial(transfer_job, self.engine, clerk, order.uid,
                         expected_version=order.version),
        )  # fmt: skip
        dialog.acted.connect(partial(self._changed, self.tr("Transfer")))
        dialog.stale.connect(self._stale)
        self._open(dialog)

    def start_supervision(self) -> None:
        """督办: a manager's note in the history (a clerk has no button and is refused)."""
        data = self.data
        if data is None or self.busy or self.dialog is not None or not data.is_open:
            return
        clerk = self._actor()
        if clerk is None:
            return
        if not clerk.can(Permission.SUPERVISE):
            self.say(self.tr("Only a manager writes supervision notes."))
            return
        self.clear_message()
        order = data.order
        dialog = OrderActDialog(
            self.engine, self, clock=self.clock, title=self.tr("Supervision note"),
            summary=self._summary(order), go_label=self.tr("Save note"),
            work=partial(supervise_job, self.engine, clerk, order.uid), note_required=True,
        )  # fmt: skip
        dialog.acted.connect(partial(self._changed, self.tr("Supervision note")))
        dialog.stale.connect(self._stale)
        self._open(dialog)

    def _changed(self, what: str, order: object) -> None:
        self.changed.emit(order)
        self.host.orders_changed()
        self.reload(self.tr("Saved: %1").replace("%1", what), "done")

    def _stale(self, error: Exception) -> None:
        self.reload(error_text(error))
