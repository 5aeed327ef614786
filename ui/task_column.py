"""The task column (任务区): the one task in hand, on the right of the counter window (UI.md).

Idle, it lists what the keys do, so a new clerk never has to guess; with an account open it says
what F7 would take. Pay (F7) puts :class:`~ui.pay_panel.PayPanel` here; the work-order forms
(applications F8, meter changes F9, cases F10, paid services Shift+F7) take the same place, one at
a time, so the clerk's eyes always go to the same spot for the next step.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QGridLayout, QStackedWidget, QVBoxLayout, QWidget

from counterdesk.domain.masking import mask_name
from counterdesk.domain.money import format_yuan
from counterdesk.store.account_view import AccountView
from ui.pay_panel import PayPanel
from ui.widgets import label


class TaskColumn(QFrame):
    """Idle key hints, or the pay panel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._build_idle())
        self.pay_panel = PayPanel(self.stack)
        self.stack.addWidget(self.pay_panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 14)
        layout.addWidget(self.stack)

    def _build_idle(self) -> QWidget:
        page = QWidget(self)
        self.idle_title = label(page, "sectionTitle", self.tr("Next step"))
        self.idle_hint = label(page, "hint", self.tr("Open a customer to take a payment."))
        self.idle_hint.setWordWrap(True)
        keys = QGridLayout()
        keys.setHorizontalSpacing(10)
        keys.setVerticalSpacing(8)
        rows = (
            ("F6", self.tr("Search a customer")),
            ("F7", self.tr("Take a payment")),
            ("F8", self.tr("Connection application")),
            ("F9", self.tr("Meter change")),
            ("F10", self.tr("Complaint, report or inquiry")),
            ("Shift+F7", self.tr("Paid service")),
            ("Ctrl+B", self.tr("Order board: overdue and held")),
            ("F11", self.tr("Receipt tray and reprints")),
            ("F12", self.tr("Shift: open, X reading, close")),
            ("Ctrl+L", self.tr("Lock the screen")),
        )
        for row, (key, meaning) in enumerate(rows):
            cap = label(page, "keycap", key)
            cap.setAlignment(Qt.AlignmentFlag.AlignCenter)
            keys.addWidget(cap, row, 0)
            words = label(page, "caption", meaning)
            words.setWordWrap(True)
            keys.addWidget(words, row, 1)
        keys.setColumnStretch(1, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.idle_title)
        layout.addWidget(self.idle_hint)
        layout.addSpacing(12)
        layout.addLayout(keys)
        layout.addStretch(1)
        return page

    def account_changed(self, view: AccountView) -> None:
        """The customer column shows ``view``: say what F7 would do."""
        if view.due_today_fen > 0:
            self.idle_hint.setText(
                self.tr("Press F7 to take %1 from %2.")
                .replace("%1", format_yuan(view.due_today_fen))
                .replace("%2", mask_name(view.name))
            )
        else:
            self.idle_hint.setText(
                self.tr("Nothing is due. F7 takes a prepayment (预收) for %1.").replace(
                    "%1", mask_name(view.name)
                )
            )

    def start_payment(self, view: AccountView) -> None:
        self.pay_panel.start(view)
        self.stack.setCurrentWidget(self.pay_panel)

    def show_idle(self) -> None:
        self.stack.setCurrentIndex(0)

    def show_page(self, page: QWidget) -> None:
        """Put a work-order form here (added to the stack the first time)."""
        if self.stack.indexOf(page) < 0:
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)

    def preferred_width(self, *, paying: bool) -> int:
        """Room for the pay panel's amounts and buttons or an order form; the key list needs
        less."""
        return 430 if paying else 210

    @property
    def paying(self) -> bool:
        return self.stack.currentWidget() is self.pay_panel

    @property
    def busy(self) -> bool:
        """A payment or an order form is open: a card read must not switch the customer."""
        return self.stack.currentIndex() != 0
