"""A manager's approval on the spot (现场授权): number and password typed at the clerk's counter.

Why a dialog of its own and not a sign-in: the clerk stays signed in and the act stays the
clerk's; the manager only vouches for this one act. The service checks the manager's password
(wrong ones count towards the manager's own lock), refuses a clerk without the right and the clerk
approving themselves, and records a one-time approval that the act then uses.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QRegularExpression, Signal
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QFrame, QGridLayout, QVBoxLayout, QWidget
from sqlalchemy import Engine

from counterdesk.domain.permissions import Permission
from counterdesk.services import auth
from counterdesk.services.auth import Approval, PermissionDeniedError, SignedIn
from ui.counter_dialog import (
    Clock,
    CounterDialog,
    button_row,
    chain_tab_order,
    field,
    utc_now,
)
from ui.widgets import KeyButton, label


class ApprovalDialog(CounterDialog):
    """Manager approval of one ``act`` for ``clerk``; ``summary`` says what is being approved.

    Enter moves from the number to the password and then approves; Esc cancels. Refusals (wrong
    password, not a manager, approving oneself) are shown inline and the password is cleared.

    Signals:
        approved(Approval): the manager approved; also kept in :attr:`approval`.
    """

    approved = Signal(object)

    def __init__(
        self,
        engine: Engine,
        clerk: SignedIn,
        act: str,
        summary: str,
        parent: QWidget | None = None,
        *,
        permission: Permission = Permission.APPROVE,
        clock: Clock = utc_now,
    ) -> None:
        super().__init__(engine, parent, clock=clock)
        self.clerk = clerk
        self.act = act
        self.permission = permission
        self.approval: Approval | None = None
        self.setWindowTitle(self.tr("Manager approval"))

        box = QFrame(self)
        box.setObjectName("summary")
        self.summary = label(box, "bigFact", summary, plain=True)
        self.summary.setWordWrap(True)
        inside = QVBoxLayout(box)
        inside.setContentsMargins(14, 10, 14, 10)
        inside.setSpacing(4)
        inside.addWidget(label(box, "caption", self.tr("To approve")))
        inside.addWidget(self.summary)

        asked = (
            self.tr("Asked by clerk %1 %2").replace("%1", clerk.number).replace("%2", clerk.name)
        )
        self.number = field(self, self.tr("Manager's number"))
        self.number.setValidator(
            QRegularExpressionValidator(QRegularExpression(r"\d{0,8}"), self.number)
        )
        self.password = field(self, password=True)
        self.password.setMaxLength(128)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(8)
        grid.addWidget(label(self, "caption", self.tr("Manager number")), 0, 0)
        grid.addWidget(self.number, 0, 1)
        grid.addWidget(label(self, "caption", self.tr("Password")), 1, 0)
        grid.addWidget(self.password, 1, 1)
        grid.setColumnStretch(1, 1)

        self.approve_button = KeyButton(self.tr("Approve"), "Enter", self, primary=True)
        self.approve_button.clicked.connect(self.approve)
        self.cancel_button = KeyButton(self.tr("Cancel"), "Esc", self)
        self.cancel_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(label(self, "dialogTitle", self.tr("Manager approval")))
        layout.addWidget(label(self, "caption", asked, plain=True))
        layout.addWidget(box)
        note = label(
            self,
            "note",
            self.tr("The manager types their own number and password; the clerk stays signed in."),
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addLayout(grid)
        layout.addWidget(self.problem)
        layout.addSpacing(4)
        layout.addLayout(button_row(self.approve_button, self.cancel_button))
        self.setMinimumWidth(460)

        chain_tab_order([self.number, self.password, self.approve_button, self.cancel_button])
        self.number.setFocus()

    def enter_pressed(self) -> None:
        if self.focusWidget() is self.number and self.number.text():
            self.clear_message()
            self.password.setFocus()
            return
        self.approve()

    def approve(self) -> None:
        """Check the manager on the worker; a second call while busy does nothing."""
        if self.busy:
            return
        number = self.number.text().strip()
        if not number:
            self.say(self.tr("Type the manager's number."))
            self.number.setFocus()
            return
        if not self.password.text():
            self.say(self.tr("The manager types their password."))
            self.password.setFocus()
            return
        self.clear_message()
        job = partial(
            auth.approve,
            self.engine,
            number,
            self.password.text(),
            permission=self.permission,
            act=self.act,
            for_clerk=self.clerk,
            now=self.clock(),
        )
        self.run_op(job, self._approved, self._refused)

    def busy_changed(self, busy: bool) -> None:
        for widget in (self.number, self.password, self.approve_button, self.cancel_button):
            widget.setEnabled(not busy)
        self.approve_button.set_label(self.tr("Checking…") if busy else self.tr("Approve"))

    def _approved(self, approval: Approval) -> None:
        self.password.clear()
        self.approval = approval
        self.approved.emit(approval)
        self.accept()

    def _refused(self, error: Exception) -> None:
        self.show_error(error)
        self.password.clear()
        if isinstance(error, PermissionDeniedError):
            # Not a manager, or the clerk themselves: another person has to come.
            self.number.setFocus()
            self.number.selectAll()
        else:
            self.password.setFocus()
