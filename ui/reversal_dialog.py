"""Reversing a payment (冲正): what is undone, why, and the manager who approves it, in one dialog.

Why one dialog with the manager's fields inline: a reversal always needs a manager, so a second
dialog would only add a step (UI.md: never two dialogs in a row). The manager reads the payment
on the same screen they approve it on. Confirm asks the service for the approval and then reverses
with it, both on the worker; a refusal of either shows inline and nothing is reversed.

Checked before the manager is asked, so nobody types a password for nothing: a payment reversed
already, or one that another shift took (only the clerk's open shift can be reversed here).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Final

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget
from sqlalchemy import Engine

from counterdesk.domain.masking import mask_name
from counterdesk.domain.money import format_yuan
from counterdesk.domain.permissions import Permission
from counterdesk.services import auth, shifts
from counterdesk.services.auth import PermissionDeniedError, SignedIn, SignInError
from counterdesk.services.common import local
from counterdesk.services.payments import (
    REVERSE_ACT,
    PostedPayment,
    ReversalResult,
    get_payment,
    reverse_payment,
)
from counterdesk.store.models import PaymentState
from ui.chips import money_font
from ui.counter_dialog import (
    Clock,
    CounterDialog,
    button_row,
    chain_tab_order,
    field,
    tender_word,
    utc_now,
)
from ui.widgets import KeyButton, label

MIN_REASON: Final = 2
"""The service refuses a shorter reason; saying so before the manager types saves a round."""


@dataclass(frozen=True)
class PaymentToReverse:
    payment: PostedPayment
    of_open_shift: bool
    """Whether the clerk's open shift took it: only then can it be reversed at the counter."""


def load_job(engine: Engine, clerk: SignedIn, payment_uid: uuid.UUID) -> PaymentToReverse:
    """Runs on the worker: the payment, and whether it belongs to the clerk's open shift."""
    with engine.connect() as connection:
        payment = get_payment(connection, payment_uid)
        shift = shifts.current_shift(connection, clerk)
    return PaymentToReverse(payment, shift is not None and shift.id == payment.shift_id)


def reverse_job(
    engine: Engine,
    clerk: SignedIn,
    payment_uid: uuid.UUID,
    *,
    reason: str,
    manager: tuple[str, str],
    now: datetime,
) -> ReversalResult:
    """Runs on the worker: the manager's approval, then the reversal in one transaction."""
    number, password = manager
    approval = auth.approve(
        engine, number, password, permission=Permission.APPROVE, act=REVERSE_ACT,
        for_clerk=clerk, now=now,
    )  # fmt: skip
    with engine.begin() as connection:
        return reverse_payment(
            connection, clerk, payment_uid, reason=reason, approval=approval, now=now
        )


class ReversalDialog(CounterDialog):
    """One payment to reverse: its facts, the reason, the manager's number and password.

    Enter moves reason → manager number → password and then reverses; Esc cancels. Quick reasons
    are in the reason box's list (↓ or the arrow), and any other reason can be typed.

    Signals:
        payment_reversed(ReversalResult): done, the reversal slip is queued; also in
        :attr:`reversal`.
    """

    payment_reversed = Signal(object)

    def __init__(
        self,
        engine: Engine,
        clerk: SignedIn,
        payment_uid: uuid.UUID,
        parent: QWidget | None = None,
        *,
        clock: Clock = utc_now,
    ) -> None:
        super().__init__(engine, parent, clock=clock)
        self.clerk = clerk
        self.payment_uid = payment_uid
        self.payment: PostedPayment | None = None
        self.reversal: ReversalResult | None = None
        self.loaded = False
        self.setWindowTitle(self.tr("Reverse a payment"))

        self.reason = self._build_reason()
        self.number = field(self, self.tr("Manager's number"))
        self.number.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,8}"), self.number)
        )
        self.password = field(self, password=True)
        self.password.setMaxLength(128)
        self.reverse_button = KeyButton(self.tr("Reverse payment"), "Enter", self, primary=True)
        self.reverse_button.clicked.connect(self.confirm)
        self.cancel_button = KeyButton(self.tr("Cancel"), "Esc", self)
        self.cancel_button.clicked.connect(self.reject)

        form = QGridLayout()
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        form.addWidget(label(self, "caption", self.tr("Reason")), 0, 0)
        form.addWidget(self.reason, 0, 1)
        form.addWidget(label(self, "caption", self.tr("Manager number")), 1, 0)
        form.addWidget(self.number, 1, 1)
        form.addWidget(label(self, "caption", self.tr("Manager password")), 2, 0)
        form.addWidget(self.password, 2, 1)
        form.setColumnStretch(1, 1)
        note = label(
            self,
            "note",
            self.tr("The payment stays on record, marked reversed, and a reversal slip prints. "
                    "A manager approves by typing their number and password here."),
        )  # fmt: skip
        note.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(label(self, "dialogTitle", self.tr("Reverse a payment")))
        layout.addWidget(self._build_facts())
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addSpacing(4)
        layout.addLayout(button_row(self.reverse_button, self.cancel_button))
        self.setMinimumWidth(560)
        chain_tab_order(
            [self.reason, self.number, self.password, self.reverse_button, self.cancel_button]
        )
        self.run_op(partial(load_job, engine, clerk, payment_uid), self._loaded, self._not_loaded)

    def _build_reason(self) -> QComboBox:
        """An editable list: the usual reasons under ↓, anything else typed."""
        reason = QComboBox(self)
        reason.setObjectName("field")
        reason.setEditable(True)
        reason.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        reason.addItems(
            [
                self.tr("Wrong account number"),
                self.tr("Wrong amount"),
                self.tr("Customer asked for a refund"),
                self.tr("Wrong payment method"),
            ]
        )
        reason.setCurrentIndex(-1)
        reason.setEditText("")
        edit = reason.lineEdit()
        assert edit is not None  # an editable combo box has one
        edit.setMaxLength(100)
        edit.setPlaceholderText(self.tr("Choose with ↓ or type the reason"))
        return reason

    def _build_facts(self) -> QFrame:
        box = QFrame(self)
        box.setObjectName("summary")
        captions = (
            ("receipt", self.tr("Receipt no.")),
            ("paid_at", self.tr("Paid at")),
            ("account", self.tr("Account no.")),
            ("customer", self.tr("Customer")),
            ("tender", self.tr("Paid by")),
        )
        grid = QGridLayout(box)
        grid.setContentsMargins(16, 12, 16, 12)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4)
        self.facts: dict[str, QLabel] = {}
        for row, (key, caption) in enumerate(captions):
            value = label(box, "fact", "—", plain=True)
            grid.addWidget(label(box, "caption", caption), row, 0)
            grid.addWidget(value, row, 1)
            self.facts[key] = value
        self.amount = label(box, "amount", "—", plain=True)
        self.amount.setFont(money_font(self.font(), point_size=20, bold=True))
        grid.addWidget(label(box, "caption", self.tr("Amount to reverse")), 0, 2)
        grid.addWidget(self.amount, 1, 2, 2, 1)
        grid.setColumnStretch(1, 1)
        return box

    # --- loading ----------------------------------------------------------------------------

    def _loaded(self, found: PaymentToReverse) -> None:
        payment = found.payment
        receipt = payment.receipt
        self.payment = payment
        parts = receipt.parts or ()
        if len(parts) > 1:
            paid_by = " + ".join(
                f"{tender_word(part.tender)} {format_yuan(part.amount_fen)}" for part in parts
            )
        else:
            paid_by = tender_word(parts[0].tender if parts else receipt.tender)
        self.facts["receipt"].setText(payment.receipt_no)
        self.facts["paid_at"].setText(f"{local(payment.paid_at):%Y-%m-%d %H:%M}")
        self.facts["account"].setText(receipt.account_no)
        self.facts["customer"].setText(mask_name(receipt.customer_name))
        self.facts["tender"].setText(paid_by)
        self.amount.setText(format_yuan(payment.received_fen))
        if payment.state is PaymentState.REVERSED:
            self._cannot(self.tr("This payment has been reversed already."))
        elif not found.of_open_shift:
            self._cannot(
                self.tr("This payment is from another shift: only a payment of your open shift "
                        "can be reversed at the counter. Later corrections go through the back "
                        "office.")
            )  # fmt: skip
        else:
            self.loaded = True
            self.reason.setFocus()

    def _not_loaded(self, error: Exception) -> None:
        self.show_error(error)
        self._cannot("")

    def _cannot(self, text: str) -> None:
        if text:
            self.say(text)
        for widget in (self.reason, self.number, self.password, self.reverse_button):
            widget.setEnabled(False)
        self.cancel_button.setFocus()

    # --- keys and the act -------------------------------------------------------------------

    def enter_pressed(self) -> None:
        focused = self.focusWidget()
        if focused in (self.reason, self.reason.lineEdit()) and self._reason_ok(quiet=True):
            self.clear_message()
            self.number.setFocus()
            return
        if focused is self.number and self.number.text():
            self.clear_message()
            self.password.setFocus()
            return
        self.confirm()

    def _reason_ok(self, *, quiet: bool = False) -> bool:
        if len(self.reason.currentText().strip()) >= MIN_REASON:
            return True
        if not quiet:
            self.say(self.tr("Give the reason for the reversal; it is printed and audited."))
            self.reason.setFocus()
        return False

    def confirm(self) -> None:
        """Ask for the approval and reverse, on the worker; does nothing while busy."""
        if self.busy or not self.loaded:
            return
        if not self._reason_ok():
            return
        if not self.number.text().strip():
            self.say(self.tr("The manager types their number."))
            self.number.setFocus()
            return
        if not self.password.text():
            self.say(self.tr("The manager types their password."))
            self.password.setFocus()
            return
        self.clear_message()
        job = partial(
            reverse_job,
            self.engine,
            self.clerk,
            self.payment_uid,
            reason=self.reason.currentText().strip(),
            manager=(self.number.text().strip(), self.password.text()),
            now=self.clock(),
        )
        self.run_op(job, self._reversed, self._refused)

    def busy_changed(self, busy: bool) -> None:
        if not self.loaded:
            return
        for widget in (
            self.reason, self.number, self.password, self.reverse_button, self.cancel_button,
        ):  # fmt: skip
            widget.setEnabled(not busy)
        self.reverse_button.set_label(self.tr("Reversing…") if busy else self.tr("Reverse payment"))

    def _reversed(self, result: ReversalResult) -> None:
        self.password.clear()
        self.reversal = result
        self.payment_reversed.emit(result)
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.show_error(error)
        self.password.clear()
        if isinstance(error, PermissionDeniedError):
            self.number.setFocus()
            self.number.selectAll()
        elif isinstance(error, SignInError):
            self.password.setFocus()
        else:
            self.reason.setFocus()
