# Qt calls its virtual methods by their camelCase names (showEvent).
# ruff: noqa: N802
"""The test finding and back-billing (电量退补) of a meter change, computed as it is typed.

Why the result is live: back-billing is arithmetic a customer will question, so the clerk sees the
correction in kWh and money, with the rule's computation line by line exactly as the notice will
print it (:func:`~counterdesk.domain.back_billing.compute_back_billing`, pure, cheap enough to run
on every key), before anything is saved. The service computes it again when it records it.

Why a manager approves in the same sitting: the computation is recorded first
(``start_back_billing``), then a manager other than the clerk types their number and password
(:class:`~ui.approval.ApprovalDialog`, act ``order.approve``) and the approval writes the bill.
If no manager is at hand the computation stays with the order, waiting; opening the dialog again
asks for the approval only. After the approval the A4 notice (退补电量通知单) is previewed.

A test that found nothing wrong closes the order with that finding instead.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from functools import partial
from typing import Final

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
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

from counterdesk.domain.back_billing import (
    BackBillingCase,
    BackBillingError,
    BackBillingResult,
    MeterErrorCase,
    MultiplierCase,
    WiringErrorCase,
    compute_back_billing,
    parse_error_percent,
    parse_power,
    percent,
    plain,
)
from counterdesk.domain.money import format_yuan
from counterdesk.domain.orders import meter_change as rules
from counterdesk.domain.orders.meter_change import Finding
from counterdesk.domain.tariff import Price, format_price, parse_price
from counterdesk.orders import back_billings
from counterdesk.orders.back_billings import BackBillingFacts
from counterdesk.orders.records import Order
from counterdesk.services.auth import Approval, SignedIn
from printing.notices import render_notice
from ui.approval import ApprovalDialog
from ui.chips import ARREARS_COLOUR, money_font
from ui.counter_dialog import CounterDialog, field
from ui.orders.host import OrderHost
from ui.orders.words import state_word
from ui.widgets import KeyButton, label

FINDINGS: Final = (
    Finding.NONE,
    Finding.METER_ERROR,
    Finding.WIRING_ERROR,
    Finding.WRONG_MULTIPLIER,
)
"""Alt+1 … Alt+4, in this order."""
REFUND_COLOUR: Final = "#067647"
DIALOG_WIDTH: Final = 600
EXPLANATION_WIDTH: Final = DIALOG_WIDTH - 2 * 24 - 2 * 14
"""The explanation's width inside the dialog's and the result box's margins."""

DIALOG_EXTRA: Final = """
QPushButton#segment { background: #FFFFFF; border: 1px solid #D0D5DD; border-radius: 6px;
    padding: 4px 2px; color: #344054; }
QPushButton#segment:checked { background: #D1E9FF; border: 2px solid #528BFF; color: #175CD3; }
QPushButton#segment:disabled { color: #98A2B3; }
QDateEdit, QSpinBox { border: 1px solid #D0D5DD; border-radius: 6px; padding: 5px 8px;
    background: #FFFFFF; }
QDateEdit:focus, QSpinBox:focus { border: 2px solid #528BFF; padding: 4px 7px; }
QLabel#explanation { color: #344054; }
"""


# --- the jobs on the worker ----------------------------------------------------------------------


def facts_job(engine: Engine, order_uid: uuid.UUID) -> BackBillingFacts:
    with engine.connect() as connection:
        return back_billings.back_billing_facts(connection, order_uid)


def start_job(
    engine: Engine,
    actor: SignedIn,
    order_uid: uuid.UUID,
    *,
    version: int,
    case: BackBillingCase,
    price: Price,
    now: datetime,
) -> tuple[Order, BackBillingResult]:
    with engine.begin() as connection:
        return back_billings.start_back_billing(
            connection, actor, order_uid, expected_version=version, case_input=case, price=price,
            now=now,
        )  # fmt: skip


def approve_job(
    engine: Engine,
    actor: SignedIn,
    order_uid: uuid.UUID,
    *,
    version: int,
    approval: Approval | None,
    now: datetime,
) -> tuple[Order, bytes]:
    """The approval and its bill in one transaction; then the notice as PDF."""
    with engine.begin() as connection:
        order, notice = back_billings.approve_back_billing(
            connection, actor, order_uid, expected_version=version, approval=approval, now=now
        )
    return order, render_notice(notice)


def close_job(
    engine: Engine,
    actor: SignedIn,
    order_uid: uuid.UUID,
    *,
    version: int,
    finding: Finding | None,
    now: datetime,
) -> Order:
    with engine.begin() as connection:
        return back_billings.close_meter_change(
            connection, actor, order_uid, expected_version=version, finding=finding, now=now
        )


def notice_job(engine: Engine, order_uid: uuid.UUID) -> bytes:
    with engine.connect() as connection:
        return render_notice(back_billings.back_billing_notice(connection, order_uid))


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


class BackBillingDialog(CounterDialog):
    """The finding of the old meter's test and, for an error, the back-billing to approve.

    Keys: Alt+1…4 choose the finding (nothing wrong, meter error, wiring, multiplier); Enter
    moves through the figures and, from the price, goes on; Esc closes without saving.

    Signals:
        settled(Order): the order after the act: closed, or approved (the notice is shown).
    """

    settled = Signal(object)

    def __init__(
        self, host: OrderHost, order_uid: uuid.UUID, parent: QWidget | None = None
    ) -> None:
        super().__init__(host.engine, parent, clock=host.clock)
        self.setStyleSheet(self.styleSheet() + DIALOG_EXTRA)
        self.host = host
        self.order_uid = order_uid
        self.facts: BackBillingFacts | None = None
        self.order: Order | None = None
        self.finding = Finding.METER_ERROR
        self.result: BackBillingResult | None = None
        self.case: BackBillingCase | None = None
        self.price: Price | None = None
        self.approval_dialog: ApprovalDialog | None = None
        self.dirty = False
        """The order changed here (the computation was recorded) without being settled."""
        self.setWindowTitle(self.tr("Test finding and back-billing"))
        self.setFixedWidth(DIALOG_WIDTH)
        self._build()
        for index, finding in enumerate(FINDINGS, start=1):
            self._key(f"Alt+{index}", partial(self.choose, finding))
        self._key("Alt+P", self.show_notice)
        self.run_op(partial(facts_job, self.engine, order_uid), self._loaded)

    def _key(self, keys: str, action: Callable[[], object]) -> None:
        QShortcut(QKeySequence(keys), self).activated.connect(action)

    # --- building ---------------------------------------------------------------------------

    def _build(self) -> None:
        self.about = label(self, "caption", plain=True)
        self.about.setWordWrap(True)
        self.finding_buttons: dict[Finding, QPushButton] = {}
        group = QButtonGroup(self)
        findings = QHBoxLayout()
        findings.setSpacing(6)
        words = {
            Finding.NONE: self.tr("Nothing wrong"),
            Finding.METER_ERROR: self.tr("Meter error"),
            Finding.WIRING_ERROR: self.tr("Wrong wiring"),
            Finding.WRONG_MULTIPLIER: self.tr("Wrong multiplier"),
        }
        for index, finding in enumerate(FINDINGS, start=1):
            button = QPushButton(f"{words[finding]}\nAlt+{index}", self)
            button.setObjectName("segment")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.clicked.connect(partial(self.choose, finding))
            group.addButton(button)
            findings.addWidget(button)
            self.finding_buttons[finding] = button
        self.nothing = label(
            self,
            "note",
            self.tr(
                "The old meter measured within tolerance: the order closes with nothing to "
                "correct, and the finding is kept with it."
            ),
        )
        self.nothing.setWordWrap(True)
        self.go_button = KeyButton(self.tr("Submit for approval"), "Enter", self, primary=True)
        self.go_button.clicked.connect(self.go)
        self.cancel_button = KeyButton(self.tr("Cancel"), "Esc", self)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        buttons.addStretch(1)
        buttons.addWidget(self.go_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(label(self, "dialogTitle", self.tr("Test finding and back-billing")))
        layout.addWidget(self.about)
        layout.addWidget(label(self, "caption", self.tr("What the test of the old meter found")))
        layout.addLayout(findings)
        layout.addWidget(self.nothing)
        layout.addWidget(self._build_figures())
        layout.addWidget(self._build_result())
        layout.addWidget(self.problem)
        layout.addLayout(buttons)

    def _build_figures(self) -> QFrame:
        self.figures = QFrame(self)
        self.since = QDateEdit(self.figures)
        self.until = QDateEdit(self.figures)
        for edit in (self.since, self.until):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self.recompute)
        self.units = field(self.figures)
        self.units_note = label(self.figures, "note")
        self.error = field(self.figures, "+4.00")
        self.correct_power = field(self.figures, "1.732")
        self.wrong_power = field(self.figures, "1")
        self.correct_multiplier = QSpinBox(self.figures)
        self.wrong_multiplier = QSpinBox(self.figures)
        for spin in (self.correct_multiplier, self.wrong_multiplier):
            spin.setRange(1, 10_000_000)
            spin.valueChanged.connect(self.recompute)
        self.price_edit = field(self.figures, "0.4883")
        self.price_note = label(self.figures, "note")
        for edit in (self.units, self.error, self.correct_power, self.wrong_power,
                     self.price_edit):  # fmt: skip
            edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            edit.textChanged.connect(self.recompute)
        period = QHBoxLayout()
        period.addWidget(self.since, 1)
        period.addWidget(label(self.figures, "caption", self.tr("to")))
        period.addWidget(self.until, 1)
        self.error_row = self._pair(self.error, label(self.figures, "caption", "%"))
        self.power_row = self._pair(
            self.correct_power, label(self.figures, "caption", "÷"), self.wrong_power
        )
        self.multiplier_row = self._pair(
            self.correct_multiplier, label(self.figures, "caption", self.tr("billed at")),
            self.wrong_multiplier,
        )  # fmt: skip
        grid = QGridLayout(self.figures)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        self.error_caption = label(self.figures, "caption", self.tr("Measured error"))
        self.power_caption = label(self.figures, "caption", self.tr("Power correct ÷ wrong"))
        self.multiplier_caption = label(self.figures, "caption", self.tr("Correct multiplier"))
        rows: tuple[tuple[QLabel, QWidget], ...] = (
            (label(self.figures, "caption", self.tr("Period")), self._wrap(period)),
            (label(self.figures, "caption", self.tr("Recorded energy (kWh)")),
             self._pair(self.units, self.units_note)),
            (self.error_caption, self.error_row),
            (self.power_caption, self.power_row),
            (self.multiplier_caption, self.multiplier_row),
            (label(self.figures, "caption", self.tr("Price (yuan per kWh)")),
             self._pair(self.price_edit, self.price_note)),
        )  # fmt: skip
        for row, (caption, widget) in enumerate(rows):
            grid.addWidget(caption, row, 0)
            grid.addWidget(widget, row, 1)
        grid.setColumnStretch(1, 1)
        return self.figures

    def _pair(self, *parts: QWidget) -> QWidget:
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for part in parts:
            row.addWidget(part, 0 if isinstance(part, QLabel) else 1)
        return self._wrap(row)

    def _wrap(self, layout: QHBoxLayout) -> QWidget:
        holder = QWidget(self.figures)
        layout.setContentsMargins(0, 0, 0, 0)
        holder.setLayout(layout)
        return holder

    def _build_result(self) -> QFrame:
        self.result_box = QFrame(self)
        self.result_box.setObjectName("summary")
        self.correction = label(self.result_box, "bigFact")
        self.amount = label(self.result_box, "bigFact")
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        base = self.font()
        for big in (self.correction, self.amount):
            big.setFont(money_font(base, point_size=base.pointSizeF() * 1.4, bold=True))
        self.explanation = label(self.result_box, "explanation", plain=True)
        self.explanation.setWordWrap(True)
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        grid = QGridLayout(self.result_box)
        grid.setContentsMargins(14, 10, 14, 10)
        grid.setVerticalSpacing(4)
        grid.addWidget(label(self.result_box, "caption", self.tr("Correction")), 0, 0)
        grid.addWidget(self.correction, 1, 0)
        grid.addWidget(self.amount, 1, 1)
        grid.addWidget(self.explanation, 2, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        return self.result_box

    # --- loading ----------------------------------------------------------------------------

    def _loaded(self, facts: BackBillingFacts) -> None:
        self.facts = facts
        order = self.order = facts.order
        old = order.detail["old_meter"]
        self.about.setText(
            self.tr("%1 · %2 %3 · changed on %4 · old meter %5 ×%6 · %7")
            .replace("%1", order.order_no)
            .replace("%2", order.account_no)
            .replace("%3", order.customer_name)
            .replace("%4", facts.changed_on.isoformat())
            .replace("%5", str(old["number"]))
            .replace("%6", str(facts.multiplier))
            .replace("%7", state_word(order.state))
        )
        self.since.setDate(_qdate(facts.since))
        for edit in (self.since, self.until):
            edit.setMaximumDate(_qdate(facts.changed_on))
        self.until.setDate(_qdate(facts.changed_on))
        self.units.setText("" if facts.recorded_units is None else str(facts.recorded_units))
        self.units_note.setText(self.tr("recorded by the old meter") if facts.recorded_units
                                is not None else "")  # fmt: skip
        self.wrong_multiplier.setValue(facts.multiplier)
        self.correct_multiplier.setValue(facts.multiplier)
        if facts.suggested_price is not None:
            self.price_edit.setText(format_price(facts.suggested_price))
            self.price_note.setText(self.tr("the tariff's price"))
        else:
            self.price_note.setText(self.tr("as the utility set it"))
        if facts.result is not None:
            self._show_stored(facts.result)
        else:
            self.choose(Finding.METER_ERROR, force=True)
        self._show_state()

    def _show_stored(self, result: BackBillingResult) -> None:
        """A computation already recorded: shown as it was, not to be typed again."""
        case = result.case
        self.choose(Finding(case.kind.value), force=True)
        self.since.setDate(_qdate(case.since))
        self.until.setDate(_qdate(case.until))
        self.units.setText(str(case.recorded_units))
        self.price_edit.setText(format_price(result.price))
        if isinstance(case, MeterErrorCase):
            self.error.setText(percent(case.error_bp).removesuffix("%"))
        elif isinstance(case, WiringErrorCase):
            self.correct_power.setText(plain(case.correct_power))
            self.wrong_power.setText(plain(case.wrong_power))
        else:
            self.correct_multiplier.setValue(case.correct_multiplier)
            self.wrong_multiplier.setValue(case.wrong_multiplier)
        self.recompute()
        if self.result is None:  # the limits were tightened since: the record stands
            self.result = result
            self._show_result(result)

    def _show_state(self) -> None:
        """What the button does for the order's state; figures are typed only before recording."""
        order = self.order
        state = "" if order is None else order.state
        editable = state == rules.CONFIRMED
        for button in self.finding_buttons.values():
            button.setEnabled(editable and not self.busy)
        self.figures.setEnabled(editable and not self.busy)
        self.go_button.set_label(self._go_words())
        self._refresh()
        if order is not None and state not in (rules.CONFIRMED, rules.BACK_BILLING, rules.APPROVED):
            self.say(
                self.tr("Order %1 is %2: there is no test finding to record now.")
                .replace("%1", order.order_no)
                .replace("%2", state_word(state)),
                "info",
            )
        if editable:
            first = self.error if self.finding is Finding.METER_ERROR else self.units
            first.setFocus()
        else:
            self.go_button.setFocus()

    def _go_words(self) -> str:
        state = "" if self.order is None else self.order.state
        if state == rules.BACK_BILLING:
            return self.tr("Ask a manager to approve")
        if state == rules.APPROVED:
            return self.tr("Close the order")
        if self.finding is Finding.NONE:
            return self.tr("Close the order: nothing to correct")
        return self.tr("Submit for approval")

    # --- the finding and the figures ------------------------------------------------------

    def choose(self, finding: Finding, *, force: bool = False) -> None:
        if not force and (self.busy or self.order is None or self.order.state != rules.CONFIRMED):
            return
        self.finding = finding
        self.finding_buttons[finding].setChecked(True)
        error, wiring, multiplier = (
            finding is Finding.METER_ERROR,
            finding is Finding.WIRING_ERROR,
            finding is Finding.WRONG_MULTIPLIER,
        )
        for widget, shown in ((self.error_caption, error), (self.error_row, error),
                              (self.power_caption, wiring), (self.power_row, wiring),
                              (self.multiplier_caption, multiplier),
                              (self.multiplier_row, multiplier)):  # fmt: skip
            widget.setVisible(shown)
        nothing = finding is Finding.NONE
        self.nothing.setVisible(nothing)
        self.figures.setVisible(not nothing)
        self.result_box.setVisible(not nothing)
        self.go_button.set_label(self._go_words())
        self.recompute()
        self.adjustSize()

    def recompute(self, *_signal: object) -> None:
        """The case as typed, computed with the order's rules; the reason when it cannot be."""
        self.case, self.price, self.result = None, None, None
        if self.facts is None or self.finding is Finding.NONE:
            self._refresh()
            return
        try:
            self.case, self.price = self._case(), self._price()
            self.result = compute_back_billing(self.case, self.price, self.facts.rules)
        except BackBillingError as error:
            self._show_result(None, error_words=None, error=error)
        except ValueError as error:
            self._show_result(None, error_words=str(error.args[0]) if error.args else "")
        else:
            self._show_result(self.result)
        self._refresh()

    def _case(self) -> BackBillingCase:
        units_text = self.units.text().strip().replace(",", "")
        if not units_text.isdigit():
            raise ValueError(self.tr("Type the recorded energy in whole kWh."))
        units, since, until = int(units_text), _day(self.since), _day(self.until)
        if self.finding is Finding.METER_ERROR:
            try:
                error = parse_error_percent(self.error.text())
            except ValueError:
                raise ValueError(
                    self.tr("Type the measured error in percent, such as +4.00 (+ ran fast).")
                ) from None
            return MeterErrorCase(error, units, since, until)
        if self.finding is Finding.WIRING_ERROR:
            try:
                correct = parse_power(self.correct_power.text())
                wrong = parse_power(self.wrong_power.text())
            except ValueError:
                raise ValueError(
                    self.tr("Type both powers of the wiring analysis, such as 1.732 and 1.")
                ) from None
            return WiringErrorCase(correct, wrong, units, since, until)
        return MultiplierCase(self.correct_multiplier.value(), self.wrong_multiplier.value(),
                              units, since, until)  # fmt: skip

    def _price(self) -> Price:
        try:
            return parse_price(self.price_edit.text())
        except ValueError:
            raise ValueError(self.tr("Type the price per kWh, such as 0.4883.")) from None

    def _show_result(
        self,
        result: BackBillingResult | None,
        *,
        error_words: str | None = None,
        error: Exception | None = None,
    ) -> None:
        if result is None:
            self.correction.setText("—")
            self.amount.setText("")
            self.explanation.setText("")
            if error is not None:
                self.show_error(error)
            else:
                self.say(error_words or "", "info")
            return
        self.clear_message()
        units = result.correction_units
        if units > 0:
            words = self.tr("To collect %1").replace("%1", format_yuan(result.amount_fen))
            colour = ARREARS_COLOUR
        elif units < 0:
            words = self.tr("To refund %1").replace("%1", format_yuan(-result.amount_fen))
            colour = REFUND_COLOUR
        else:
            words, colour = self.tr("Nothing to correct"), "#101828"
        self.correction.setText(self.tr("%1 kWh").replace("%1", f"{units:+,}"))
        self.amount.setText(words)
        self.amount.setStyleSheet(f"color: {colour};")
        self.explanation.setText("\n".join(result.explanation))
        self._fit_explanation()

    def _fit_explanation(self) -> None:
        """A wrapped label does not ask for its height: give it, so no line is cut off."""
        shown = self.explanation.width() if self.explanation.isVisible() else 0
        width = shown if shown > 100 else EXPLANATION_WIDTH
        self.explanation.setMinimumHeight(max(self.explanation.heightForWidth(width), 0))
        layout = self.layout()
        needed = layout.heightForWidth(self.width()) if layout is not None else -1
        self.setMinimumHeight(max(needed, 0))
        self.adjustSize()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self, self._fit_explanation)

    def _refresh(self) -> None:
        state = "" if self.order is None else self.order.state
        ready = state in (rules.BACK_BILLING, rules.APPROVED) or (
            state == rules.CONFIRMED and (self.finding is Finding.NONE or self.result is not None)
        )
        self.go_button.setEnabled(ready and not self.busy)

    # --- the acts ---------------------------------------------------------------------------

    def enter_pressed(self) -> None:
        focused = self.focusWidget()
        if isinstance(focused, QLineEdit | QSpinBox | QDateEdit) and focused is not self.price_edit:
            self.focusNextChild()
            return
        self.go()

    def go(self) -> None:
        order = self.order
        clerk = self.host.clerk()
        if self.busy or order is None or not self.go_button.isEnabled():
            return
        if clerk is None:
            self.say(self.tr("Nobody is signed in at this counter: sign in, then try again."))
            return
        now = self.clock()
        if order.state == rules.BACK_BILLING:
            self.ask_approval()
        elif order.state == rules.APPROVED:
            self.run_op(partial(close_job, self.engine, clerk, order.uid, version=order.version,
                                finding=None, now=now), self._closed)  # fmt: skip
        elif self.finding is Finding.NONE:
            self.run_op(partial(close_job, self.engine, clerk, order.uid, version=order.version,
                                finding=Finding.NONE, now=now), self._closed)  # fmt: skip
        elif self.case is not None and self.price is not None:
            start = partial(start_job, self.engine, clerk, order.uid, version=order.version,
                            case=self.case, price=self.price, now=now)  # fmt: skip
            self.run_op(start, self._started)

    def _started(self, started: tuple[Order, BackBillingResult]) -> None:
        self.order = started[0]
        self.dirty = True
        self.host.orders_changed()
        self._show_state()
        self.ask_approval()

    def ask_approval(self) -> None:
        order, clerk = self.order, self.host.clerk()
        if order is None or clerk is None or self.result is None:
            return
        summary = "\n".join(
            (
                self.tr("Back-billing of meter change %1").replace("%1", order.order_no),
                f"{order.account_no} {order.customer_name}",
                f"{self.correction.text()} · {self.amount.text()}",
            )
        )
        dialog = ApprovalDialog(self.engine, clerk, f"order.{rules.APPROVE}", summary, self,
                                clock=self.clock)  # fmt: skip
        dialog.approved.connect(
            lambda granted: QTimer.singleShot(0, self, partial(self._approve, granted))
        )
        dialog.rejected.connect(self._approval_cancelled)
        self.approval_dialog = dialog
        dialog.open()

    def _approval_cancelled(self) -> None:
        self.say(
            self.tr(
                "Not approved yet: the computation is saved with the order and waits for a manager."
            ),
            "info",
        )
        self.go_button.setFocus()

    def _approve(self, approval: Approval) -> None:
        order, clerk = self.order, self.host.clerk()
        if order is None or clerk is None:
            return
        self.run_op(partial(approve_job, self.engine, clerk, order.uid, version=order.version,
                            approval=approval, now=self.clock()), self._approved)  # fmt: skip

    def _approved(self, approved: tuple[Order, bytes]) -> None:
        order, pdf = approved
        self.order = order
        self.host.show_pdf(
            pdf,
            self.tr("Back-billing notice %1").replace("%1", order.order_no),
            f"back-billing-{order.order_no}.pdf",
        )
        self.settled.emit(order)
        self.accept()

    def show_notice(self) -> None:
        """Alt+P: the approved notice again."""
        order = self.order
        if self.busy or order is None or order.state not in (rules.APPROVED, rules.CLOSED):
            return
        self.run_op(partial(notice_job, self.engine, order.uid), self._notice)

    def _notice(self, pdf: bytes) -> None:
        assert self.order is not None
        self.host.show_pdf(
            pdf,
            self.tr("Back-billing notice %1").replace("%1", self.order.order_no),
            f"back-billing-{self.order.order_no}.pdf",
        )

    def _closed(self, order: Order) -> None:
        self.order = order
        self.settled.emit(order)
        self.accept()

    def reject(self) -> None:
        """Esc: close; a computation recorded here still tells the form the order changed."""
        if self.busy:
            return
        if self.dirty and self.order is not None:
            self.dirty = False
            self.settled.emit(self.order)
        super().reject()

    def busy_changed(self, busy: bool) -> None:
        self.cancel_button.setEnabled(not busy)
        if busy:
            self.go_button.setEnabled(False)
            for button in self.finding_buttons.values():
                button.setEnabled(False)
            self.figures.setEnabled(False)
        else:
            self._show_state()
