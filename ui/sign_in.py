"""Signing in at the counter (登录): the first thing a clerk sees, and after every lock.

Why the password is checked on the worker: argon2 takes a noticeable moment by design, and the
window must keep painting meanwhile; the button says "Signing in…" and a second Enter does
nothing. The service counts wrong passwords and locks the sign-in (``auth.max_failures``); its
refusal — wrong password, locked until 10:45, disabled — is shown as it comes, translated.

Why it can open the database itself: the installed start (``counterdesk open``) shows this window
before the configuration is checked and the database brought up to date, which takes longer than
drawing the window (SQLAlchemy, pydantic, the migrations check). Given a function instead of an
engine, the dialog runs it on its worker at once, while the clerk types; the worker runs
operations in order, so a sign-in typed before it is done simply waits behind it. If the database
cannot be opened (a configuration problem), the dialog closes with the reason in
:attr:`SignInDialog.open_error`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QRegularExpression, Qt, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QDialog, QFrame, QHBoxLayout, QVBoxLayout, QWidget

from ui.counter_dialog import (
    Clock,
    CounterDialog,
    chain_tab_order,
    field,
    utc_now,
)
from ui.operations import Op
from ui.widgets import KeyButton, label

if TYPE_CHECKING:  # imported where they are needed: the window is shown before SQLAlchemy loads
    from sqlalchemy import Engine

    from counterdesk.services.auth import SignedIn

CARD_WIDTH = 420


class _Once:
    """``open_database`` run once, on whichever worker call comes first; later calls get the
    same engine, or the same error again."""

    def __init__(self, open_database: Callable[[], Engine]) -> None:
        self._open = open_database
        self._lock = threading.Lock()
        self._engine: Engine | None = None
        self._error: Exception | None = None

    def __call__(self) -> Engine:
        with self._lock:
            if self._engine is None and self._error is None:
                try:
                    self._engine = self._open()
                except Exception as error:
                    self._error = error
            if self._error is not None:
                raise self._error
            assert self._engine is not None
            return self._engine


class SignInDialog(CounterDialog):
    """Clerk number and password; accepted once the service has signed the clerk in.

    Fits a full window (the card stays centred at any size) or a small one. Enter in the number
    moves to the password, Enter in the password signs in; Esc rejects (the caller quits or locks).
    ``demo_hint`` is shown small under the form when given (the demo's numbers and passwords).
    ``engine`` is the database, or a function that opens it (see the module's docstring).

    Signals:
        signed_in_as(SignedIn): the clerk is signed in; also kept in :attr:`signed_in`.
    """

    signed_in_as = Signal(object)

    def __init__(
        self,
        engine: Engine | Callable[[], Engine],
        parent: QWidget | None = None,
        *,
        demo_hint: str = "",
        clock: Clock = utc_now,
    ) -> None:
        opening = callable(engine)
        super().__init__(None if opening else engine, parent, clock=clock)
        self.setObjectName("signIn")
        self.signed_in: SignedIn | None = None
        self.open_error: Exception | None = None
        """Why the database could not be opened, when the dialog closed for that."""
        self._database: Callable[[], Engine] = _Once(engine) if callable(engine) else self._engine
        self.setWindowTitle(self.tr("CounterDesk — Sign in"))

        card = QFrame(self)
        card.setObjectName("card")
        card.setFixedWidth(CARD_WIDTH)
        self.title = label(card, "appTitle", "CounterDesk")
        self.subtitle = label(card, "caption", self.tr("Counter sign-in"))
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

        self._lay_out(card)
        chain_tab_order([self.number, self.password, self.button])
        self.number.setFocus()
        if opening:
            Op(self, self._database, runner=self.runner).success(self._opened).failure(
                self._not_opened
            ).run()

    def _lay_out(self, card: QFrame) -> None:
        """The form in a card, centred in the dialog at any size."""
        form = QVBoxLayout(card)
        form.setContentsMargins(32, 28, 32, 28)
        form.setSpacing(6)
        form.addWidget(self.title)
        form.addWidget(self.subtitle)
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

    def _engine(self) -> Engine:
        assert self.engine is not None
        return self.engine

    def _opened(self, engine: Engine) -> None:
        self.engine = engine

    def _not_opened(self, error: Exception) -> None:
        """Close at once, even with a sign-in waiting behind the opening: it cannot succeed."""
        self.open_error = error
        self.done(QDialog.DialogCode.Rejected)

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
        password, now = self.password.text(), self.clock()

        def job() -> SignedIn:
            from counterdesk.services import auth

            return auth.sign_in(self._database(), number, password, now=now)

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
        if self.open_error is not None:  # closing already: the opening failed
            return
        self.show_error(error)
        self.password.clear()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)
