"""Signing in at the counter (登录): the first thing a clerk sees, and after every lock.

Why the password is checked on the worker: argon2 takes a noticeable moment by design, and the
window must keep painting meanwhile; the button says "Signing in…" and a second Enter does
nothing. The service counts wrong passwords and locks the sign-in (``auth.max_failures``); its
refusal — wrong password, locked until 10:45, disabled — is shown as it comes, translated.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QFrame, QHBoxLayout, QVBoxLayout, QWidget
from sqlalchemy import Engine

from counterdesk.services import auth
from counterdesk.services.auth import SignedIn
from ui.counter_dialog import (
    Clock,
    CounterDialog,
    chain_tab_order,
    field,
    utc_now,
)
from ui.widgets import KeyButton, label

CARD_WIDTH = 420


class SignInDialog(CounterDialog):
    """Clerk number and password; accepted once the service has signed the clerk in.

    Fits a full window (the card stays centred at any size) or a small one. Enter in the number
    moves to the password, Enter in the password signs in; Esc rejects (the caller quits or locks).
    ``demo_hint`` is shown small under the form when given (the demo's numbers and passwords).

    Signals:
        signed_in_as(SignedIn): the clerk is signed in; also kept in :attr:`signed_in`.
    """

    signed_in_as = Signal(object)

    def __init__(
        self,
        engine: Engine,
        parent: QWidget | None = None,
        *,
        demo_hint: str = "",
        clock: Clock = utc_now,
    ) -> None:
        super().__init__(engine, parent, clock=clock)
        self.setObjectName("signIn")
        self.signed_in: SignedIn | None = None
        self.setWindowTitle(self.tr("CounterDesk — Sign in"))

        card = QFrame(self)
        card.setObjectName("card")
        card.setFixedWidth(CARD_WIDTH)
        title = label(card, "appTitle", "CounterDesk")
        subtitle = label(card, "caption", self.tr("Counter sign-in"))
        self.number = field(card, self.tr("e.g. 0107"))
        self.number.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,8}"), self.number)
        )
        self.number.setMaxLength(8)
        self.password = field(card, password=True)
        self.password.setMaxLength(128)
        self.problem.setParent(card)
        self.button = KeyButton(self.tr("Sign in"), "Enter", card, primary=True)
        self.button.clicked.connect(self.sign_in)
        self.hint = label(card, "hint", demo_hint, plain=True)
        self.hint.setWordWrap(True)
        self.hint.setVisible(bool(demo_hint))

        form = QVBoxLayout(card)
        form.setContentsMargins(32, 28, 32, 28)
        form.setSpacing(6)
        form.addWidget(title)
        form.addWidget(subtitle)
        form.addSpacing(18)
        form.addWidget(label(card, "sectionTitle", self.tr("Clerk number")))
        form.addWidget(self.number)
        form.addSpacing(8)
        form.addWidget(label(card, "sectionTitle", self.tr("Password")))
        form.addWidget(self.password)
        form.addSpacing(10)
        form.addWidget(self.problem)
        form.addSpacing(6)
        form.addWidget(self.button)
        form.addSpacing(4)
        form.addWidget(self.hint)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card)
        row.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 24, 24, 24)
        outer.addStretch(2)
        outer.addLayout(row)
        outer.addStretch(3)

        chain_tab_order([self.number, self.password, self.button])
        self.number.setFocus()

    def enter_pressed(self) -> None:
        if self.focusWidget() is self.number and self.number.text():
            self.clear_message()
            self.password.setFocus()
            self.password.selectAll()
            return
        self.sign_in()

    def sign_in(self) -> None:
        """Check the number and password on the worker; a second call while busy does nothing."""
        if self.busy:
            return
        number = self.number.text().strip()
        if not number:
            self.say(self.tr("Type your clerk number."))
            self.number.setFocus()
            return
        if not self.password.text():
            self.say(self.tr("Type your password."))
            self.password.setFocus()
            return
        self.clear_message()
        job = partial(auth.sign_in, self.engine, number, self.password.text(), now=self.clock())
        self.run_op(job, self._signed_in, self._refused)

    def busy_changed(self, busy: bool) -> None:
        for widget in (self.number, self.password, self.button):
            widget.setEnabled(not busy)
        self.button.set_label(self.tr("Signing in…") if busy else self.tr("Sign in"))

    def _signed_in(self, who: SignedIn) -> None:
        self.password.clear()
        self.signed_in = who
        self.signed_in_as.emit(who)
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.show_error(error)
        self.password.clear()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)
