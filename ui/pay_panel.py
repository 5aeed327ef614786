# Qt calls its virtual methods by their camelCase names (keyPressEvent, changeEvent…).
# ruff: noqa: N802
"""The payment task (缴费, F7): how much, how it is paid, the change, and one confirm.

Why the panel never calls the service: a payment is the one act that must not run twice or out of
order, so the window runs :func:`~counterdesk.services.payments.take_payment` on its single worker
(:mod:`ui.operations`) and then refreshes the customer column, the status bar and the print queue.
The panel only turns what the clerk typed into a
:class:`~counterdesk.services.payments.PaymentRequest`, and shows the outcome it is handed back.

Why the payment's identity is made here, once: the ``payment_uid`` made by :meth:`PayPanel.start`
travels with every retry of the same payment, so a second Enter, or a retry after a lost answer,
meets the service's :class:`~counterdesk.services.payments.DuplicatePaymentError` instead of
taking the money twice (UI.md, "Money").

Every amount is checked as it is typed with the domain's own reader
(:func:`~counterdesk.domain.money.parse_amount`); Confirm stays disabled, and the reason is shown
beside the field it concerns, until the request is one the service can take.
"""

from __future__ import annotations

import enum
import itertools
import re
from dataclasses import dataclass, field
from functools import partial
from typing import Final

import shiboken6
from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from counterdesk.documents.receipts import Tender
from counterdesk.domain.ids import new_uid
from counterdesk.domain.money import (
    DEFAULT_MAXIMUM_FEN,
    AmountError,
    AmountProblem,
    Fen,
    format_plain,
    format_yuan,
    parse_amount,
)
from counterdesk.services.payments import (
    COUNTER_TENDERS,
    REFERENCE,
    InvoiceIn,
    PaymentRequest,
    PaymentResult,
    TenderIn,
)
from counterdesk.store.account_view import AccountView
from ui.chips import ARREARS_COLOUR, INK_COLOUR, MUTED_COLOUR, money_font
from ui.widgets import KeyButton, label

CHANGE_COLOUR: Final = "#067647"
"""Change to give back, and a payment taken: green, always with its words beside it."""
PROBLEM_COLOUR: Final = "#B42318"
ENTER_KEYS: Final = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
DIGIT_KEYS: Final = (Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4)
EMAIL: Final = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
TAX_ID: Final = re.compile(r"[0-9A-Z]{15,20}")
PERIOD: Final = re.compile(r"(\d{4})-?(\d{2})")

PAY_STYLE: Final = """
QLabel#payTitle { font-weight: 600; color: #344054; }
QLabel#keycap { color: #475467; background: #FFFFFF; border: 1px solid #D0D5DD;
    border-bottom-width: 2px; border-radius: 4px; padding: 0px 6px; }
QLabel#caption, QLabel#note { color: #667085; }
QFrame#summary { background: #F9FAFB; border: 1px solid #EAECF0; border-radius: 6px; }
QFrame#tenderRow { background: #FCFCFD; border: 1px solid #EAECF0; border-radius: 6px; }
QFrame#invoice { border: none; }
QScrollArea, QWidget#payForm { background: transparent; border: none; }
QLineEdit { border: 1px solid #D0D5DD; border-radius: 6px; padding: 5px 8px; background: #FFFFFF;
    selection-background-color: #B2DDFF; selection-color: #101828; }
QLineEdit:focus { border: 2px solid #528BFF; padding: 4px 7px; }
QLineEdit:disabled { background: #F9FAFB; color: #98A2B3; }
QPushButton#tender { background: #FFFFFF; border: 1px solid #D0D5DD; border-radius: 6px;
    padding: 4px 2px; color: #344054; }
QPushButton#tender:checked { background: #D1E9FF; border: 2px solid #528BFF; color: #175CD3; }
QPushButton#tender:disabled { background: #F2F4F7; color: #98A2B3; border-color: #EAECF0; }
QPushButton#primary, QPushButton#secondary { border-radius: 6px; min-height: 38px; }
QPushButton#primary { background: #1570EF; border: 2px solid #1570EF; }
QPushButton#primary:focus { border-color: #84CAFF; }
QPushButton#primary:disabled { background: #84ADFF; border-color: #84ADFF; }
QPushButton#primary QLabel { color: #FFFFFF; background: transparent; font-weight: 600; }
QPushButton#primary QLabel#keycap { border: 1px solid #B2CCFF; font-weight: 400; }
QPushButton#secondary { background: #FFFFFF; border: 1px solid #D0D5DD; }
QPushButton#secondary:focus { border: 2px solid #528BFF; }
QPushButton#secondary QLabel { color: #344054; background: transparent; }
QPushButton#link { border: none; color: #175CD3; text-align: left; padding: 2px 0px; }
QPushButton#link:disabled { color: #98A2B3; }
QLabel#message { color: #93370D; background: #FEF3F2; border: 1px solid #FECDCA;
    border-radius: 6px; padding: 8px 10px; }
QLabel#doneTitle { color: #085D3A; font-weight: 600; }
QFrame#reconnection { background: #EFF8FF; border: 1px solid #B2DDFF; border-radius: 6px; }
"""


class PayState(enum.Enum):
    IDLE = "idle"
    """No payment under way: before :meth:`PayPanel.start`, after cancel or close."""
    ENTERING = "entering"
    DONE = "done"


@dataclass(eq=False)
class TenderRow:
    """One tender of the payment (组合支付 when there are several): its fields and its state."""

    frame: QFrame
    buttons: dict[Tender, QPushButton]
    amount: QLineEdit
    handed: QLineEdit
    change: QLabel
    reference: QLineEdit
    note: QLabel
    remove: QToolButton
    parts: dict[str, list[QWidget]] = field(default_factory=dict)
    tender: Tender = Tender.CASH
    follows_rest: bool = False
    """The amount shows what the other tenders leave, until the clerk types one."""
    handed_follows: bool = True
    """The cash handed over shows the cash to pay, until the clerk types what was handed."""


def _paint(note: QLabel, text: str, colour: str = MUTED_COLOUR) -> None:
    note.setText(text)
    note.setStyleSheet(f"color: {colour};")
    note.setVisible(bool(text))


def _show_change(row: TenderRow, change: Fen | None) -> None:
    """The change large: green when there is some to give, a dash while it cannot be worked out."""
    if change is None:
        row.change.setText("—")
        row.change.setStyleSheet(f"color: {MUTED_COLOUR};")
    else:
        row.change.setText(format_yuan(change))
        row.change.setStyleSheet(f"color: {CHANGE_COLOUR if change else INK_COLOUR};")


class PayPanel(QFrame):
    """The payment task in the window's right-hand column.

    :meth:`start` prepares a payment for an account; Enter asks the window to take it
    (``confirm_requested``) and puts the panel in its busy state, in which Enter does nothing; the
    window answers with :meth:`show_error` (values kept, the same ``payment_uid`` on the next
    Enter) or :meth:`show_done`. Keys: Enter confirms (and closes once done), Esc cancels (and
    closes once done), Alt+1…4 choose cash, bank card, WeChat Pay or Alipay for the tender in
    focus (plain 1…4 too when no text field has focus), Alt+A adds a tender, Alt+I opens the
    invoice request.

    Signals:
        confirm_requested(PaymentRequest): the clerk confirmed; the window takes the payment.
        cancelled(): Esc before the payment was taken.
        finished(): the clerk closed the task after the payment was taken.
    """

    confirm_requested = Signal(object)
    cancelled = Signal()
    finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("payPanel")
        self.setStyleSheet(PAY_STYLE)
        self.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # holds the keys while busy
        self.view: AccountView | None = None
        self.payment_uid = new_uid()
        self.state = PayState.IDLE
        self.busy = False
        self.maximum_fen: Fen = DEFAULT_MAXIMUM_FEN
        self.rows: list[TenderRow] = []
        self._updating = False
        self._focus_before_busy: QWidget | None = None
        self._pending_focus: QWidget | None = None
        self.problem_field: QWidget | None = None
        """The first field that keeps Confirm disabled; Enter goes there."""

        self.stack = QStackedWidget(self)
        self.stack.addWidget(self._build_entry())
        self.stack.addWidget(self._build_done())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)  # the task column's card gives the margins
        outer.addWidget(self.stack)
        self._add_row(Tender.CASH)
        self._chain_tabs()
        self._shortcuts()
        self._apply_fonts()

    # Building ------------------------------------------------------------------------------------

    def _build_entry(self) -> QWidget:
        page = QWidget(self.stack)
        heading = QHBoxLayout()
        heading.addWidget(label(page, "payTitle", self.tr("Take a payment")))
        heading.addStretch(1)
        heading.addWidget(label(page, "keycap", "F7"))
        self.account = label(page, "note", plain=True)
        self.account.setWordWrap(True)
        # The summary and the buttons stay in place; only the form between them scrolls, when a
        # split payment and an invoice request make it taller than the column.
        scroll = QScrollArea(page)
        scroll.setWidget(self._build_form())
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.viewport().setAutoFillBackground(False)
        self.form_scroll = scroll
        self.message = label(page, "message", plain=True)
        self.message.setWordWrap(True)
        self.message.hide()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(heading)
        layout.addWidget(self.account)
        layout.addWidget(self._build_summary(page))
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addLayout(self._build_buttons(page))
        return page

    def _build_form(self) -> QWidget:
        self.form = QWidget()
        self.form.setObjectName("payForm")
        form = QVBoxLayout(self.form)
        form.setContentsMargins(0, 0, 4, 0)
        form.setSpacing(8)
        form.addLayout(self._build_amount(self.form))
        self.amount_note = label(self.form, "note")
        self.amount_note.setWordWrap(True)
        form.addWidget(self.amount_note)
        form.addSpacing(4)
        form.addWidget(label(self.form, "caption", self.tr("Paid by")))
        self.rows_box = QVBoxLayout()
        self.rows_box.setSpacing(8)
        form.addLayout(self.rows_box)
        more = QHBoxLayout()
        self.add_button = QPushButton(self.tr("+ Split: add a tender (Alt+A)"), self.form)
        self.add_button.setObjectName("link")
        self.add_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.add_button.clicked.connect(self.add_tender)
        self.remaining = label(self.form, "note")
        self.remaining.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        more.addWidget(self.add_button)
        more.addStretch(1)
        more.addWidget(self.remaining)
        form.addLayout(more)
        form.addWidget(self._build_invoice(self.form))
        form.addStretch(1)
        return self.form

    def _build_buttons(self, page: QWidget) -> QHBoxLayout:
        self.cancel_button = KeyButton(self.tr("Cancel"), "Esc", page)
        self.cancel_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.cancel_button.clicked.connect(self.back_out)
        self.confirm_button = KeyButton(self.tr("Take payment"), "Enter", page, primary=True)
        self.confirm_button.clicked.connect(self.confirm)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.confirm_button, 1)
        return buttons

    def _build_summary(self, page: QWidget) -> QFrame:
        """The amount due and what makes it up, in sight for as long as the clerk is paying."""
        summary = QFrame(page)
        summary.setObjectName("summary")
        self.due_today = label(summary, "amount")
        self.arrears = label(summary, "amount")
        self.late_fee = label(summary, "amount")
        self.prepaid = label(summary, "amount")
        grid = QGridLayout(summary)
        grid.setContentsMargins(12, 8, 12, 8)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(0)
        grid.addWidget(label(summary, "caption", self.tr("Due today")), 0, 0, 1, 2)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        grid.addWidget(self.due_today, 0, 2, 1, 1, right)
        captions = (self.tr("Arrears"), self.tr("Late fee"), self.tr("Prepaid balance"))
        for column, (caption, amount) in enumerate(
            zip(captions, (self.arrears, self.late_fee, self.prepaid), strict=True)
        ):
            grid.addWidget(label(summary, "caption", caption), 1, column, right)
            grid.addWidget(amount, 2, column, right)
            grid.setColumnStretch(column, 1)
        return summary

    def _build_amount(self, parent: QWidget) -> QHBoxLayout:
        self.amount = self._money_edit(parent)
        self.amount.textChanged.connect(self._changed)
        line = QHBoxLayout()
        line.addWidget(label(parent, "payTitle", self.tr("Amount to take")))
        line.addWidget(self.amount, 1)
        return line

    def _build_invoice(self, parent: QWidget) -> QWidget:
        box = QWidget(parent)
        self.invoice_box = QCheckBox(self.tr("Invoice request (Alt+I)"), box)
        self.invoice_box.toggled.connect(self._invoice_toggled)
        self.invoice = QFrame(box)
        self.invoice.setObjectName("invoice")
        self.invoice_title = QLineEdit(self.invoice)
        self.invoice_title.setMaxLength(100)
        self.invoice_tax_id = QLineEdit(self.invoice)
        self.invoice_tax_id.setMaxLength(20)
        self.invoice_tax_id.setPlaceholderText(self.tr("Companies only"))
        self.invoice_email = QLineEdit(self.invoice)
        self.invoice_email.setMaxLength(254)
        self.invoice_email.setPlaceholderText(self.tr("Where the e-invoice is sent"))
        self.invoice_from = QLineEdit(self.invoice)
        self.invoice_to = QLineEdit(self.invoice)
        for period in (self.invoice_from, self.invoice_to):
            period.setPlaceholderText("2026-09")
            period.setMaxLength(7)
        self.invoice_note = label(self.invoice, "note")
        self.invoice_note.setWordWrap(True)
        grid = QGridLayout(self.invoice)
        grid.setContentsMargins(0, 4, 0, 0)
        grid.setVerticalSpacing(6)
        rows = (
            (self.tr("Title"), self.invoice_title),
            (self.tr("Taxpayer id"), self.invoice_tax_id),
            (self.tr("E-mail"), self.invoice_email),
        )
        for row, (caption, edit) in enumerate(rows):
            grid.addWidget(label(self.invoice, "caption", caption), row, 0)
            grid.addWidget(edit, row, 1, 1, 3)
            edit.textChanged.connect(self._changed)
        grid.addWidget(label(self.invoice, "caption", self.tr("Periods")), 3, 0)
        grid.addWidget(self.invoice_from, 3, 1)
        grid.addWidget(label(self.invoice, "caption", self.tr("to")), 3, 2)
        grid.addWidget(self.invoice_to, 3, 3)
        self.invoice_from.textChanged.connect(self._changed)
        self.invoice_to.textChanged.connect(self._changed)
        grid.addWidget(self.invoice_note, 4, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self.invoice.hide()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.invoice_box)
        layout.addWidget(self.invoice)
        return box

    def _build_done(self) -> QWidget:
        page = QWidget(self.stack)
        self.done_title = label(page, "doneTitle", self.tr("✓ Payment taken"))
        self.done_account = label(page, "note", plain=True)
        self.done_account.setWordWrap(True)
        self.receipt_no = label(page, "fact", plain=True)
        self.receipt_no.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.taken = label(page, "fact")
        self.taken.setWordWrap(True)
        self.change_caption = label(page, "caption", self.tr("Change to give"))
        self.done_change = label(page, "amount")
        self.done_change.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.change_note = label(page, "note")
        self.change_note.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.printing = label(page, "note", self.tr("The receipt is printing."))
        self.reconnection = QFrame(page)
        self.reconnection.setObjectName("reconnection")
        self.reconnection_text = label(self.reconnection, "fact")
        self.reconnection_text.setWordWrap(True)
        QVBoxLayout(self.reconnection).addWidget(self.reconnection_text)
        self.close_button = KeyButton(self.tr("Close"), "Enter / Esc", page, primary=True)
        self.close_button.clicked.connect(self.close_task)

        facts = QGridLayout()
        facts.setVerticalSpacing(6)
        facts.addWidget(label(page, "caption", self.tr("Receipt no.")), 0, 0)
        facts.addWidget(self.receipt_no, 0, 1)
        facts.addWidget(label(page, "caption", self.tr("Taken")), 1, 0)
        facts.addWidget(self.taken, 1, 1)
        facts.setColumnStretch(1, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(self.done_title)
        layout.addWidget(self.done_account)
        layout.addLayout(facts)
        layout.addSpacing(6)
        layout.addWidget(self.change_caption)
        layout.addWidget(self.done_change)
        layout.addWidget(self.change_note)
        layout.addSpacing(6)
        layout.addWidget(self.printing)
        layout.addWidget(self.reconnection)
        layout.addStretch(1)
        layout.addWidget(self.close_button)
        return page

    def _money_edit(self, parent: QWidget) -> QLineEdit:
        edit = QLineEdit(parent)
        edit.setObjectName("money")
        edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        edit.setMaxLength(20)
        return edit

    def _tender_word(self, tender: Tender) -> str:
        words = {
            Tender.CASH: self.tr("Cash"),
            Tender.BANK_CARD: self.tr("Bank card"),
            Tender.WECHAT: self.tr("WeChat Pay"),
            Tender.ALIPAY: self.tr("Alipay"),
        }
        return words[tender]

    def _add_row(self, tender: Tender) -> TenderRow:
        frame = QFrame(self.form)
        frame.setObjectName("tenderRow")
        row = TenderRow(
            frame=frame,
            buttons={},
            amount=self._money_edit(frame),
            handed=self._money_edit(frame),
            change=label(frame, "amount"),
            reference=QLineEdit(frame),
            note=label(frame, "note"),
            remove=QToolButton(frame),
            tender=tender,
        )
        group = QButtonGroup(frame)
        choices = QHBoxLayout()
        choices.setSpacing(6)
        for index, choice in enumerate(COUNTER_TENDERS, start=1):
            button = QPushButton(f"{self._tender_word(choice)}\nAlt+{index}", frame)
            button.setObjectName("tender")
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setMinimumWidth(0)
            button.clicked.connect(partial(self.choose_tender, choice, row))
            group.addButton(button)
            choices.addWidget(button)
            row.buttons[choice] = button
        row.remove.setText("✕")
        row.remove.setToolTip(self.tr("Remove this tender"))
        row.remove.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        row.remove.setAutoRaise(True)
        row.remove.clicked.connect(partial(self.remove_tender, row))
        row.reference.setPlaceholderText(self.tr("Card slip / customer's phone"))
        row.reference.setMaxLength(64)
        row.change.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        row.note.setWordWrap(True)
        for edit in (row.amount, row.handed, row.reference):
            edit.textChanged.connect(partial(self._row_changed, row, edit))

        grid = QGridLayout(frame)
        grid.setContentsMargins(10, 8, 10, 8)
        grid.setVerticalSpacing(6)
        grid.addLayout(choices, 0, 0, 1, 3)
        captions = {
            "amount": label(frame, "caption", self.tr("This tender pays")),
            "handed": label(frame, "caption", self.tr("Cash handed over")),
            "change": label(frame, "caption", self.tr("Change")),
            "reference": label(frame, "caption", self.tr("Reference no.")),
        }
        fields: dict[str, QWidget] = {
            "amount": row.amount,
            "handed": row.handed,
            "change": row.change,
            "reference": row.reference,
        }
        metrics = frame.fontMetrics()
        widest = max(metrics.horizontalAdvance(caption.text()) for caption in captions.values())
        grid.setColumnMinimumWidth(0, widest + 4)  # the rows' fields line up under each other
        for line, key in enumerate(("amount", "handed", "change", "reference"), start=1):
            grid.addWidget(captions[key], line, 0)
            grid.addWidget(fields[key], line, 1)
            row.parts[key] = [captions[key], fields[key]]
        grid.addWidget(row.remove, 1, 2)
        row.parts["amount"].append(row.remove)
        grid.addWidget(row.note, 5, 0, 1, 3)
        grid.setColumnStretch(1, 1)
        self.rows.append(row)
        self.rows_box.addWidget(frame)
        self._apply_row_fonts(row)
        self._show_tender(row)
        return row

    def _shortcuts(self) -> None:
        def shortcut(keys: str, action: object) -> None:
            made = QShortcut(QKeySequence(keys), self)
            made.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            made.activated.connect(action)

        for index, tender in enumerate(COUNTER_TENDERS, start=1):
            shortcut(f"Alt+{index}", partial(self._tender_key, tender))
        shortcut("Alt+A", self.add_tender)
        shortcut("Alt+I", self.invoice_box.toggle)

    # Fonts: money in tabular digits, sized from the application font ----------------------------

    def _apply_fonts(self) -> None:
        base = self.font()
        size = base.pointSizeF()
        self.due_today.setFont(money_font(base, point_size=size * 1.8, bold=True))
        for amount in (self.arrears, self.late_fee, self.prepaid):
            amount.setFont(money_font(base, point_size=size * 1.2, bold=True))
        self.amount.setFont(money_font(base, point_size=size * 1.6, bold=True))
        self.done_change.setFont(money_font(base, point_size=size * 3.0, bold=True))
        self.done_title.setFont(money_font(base, point_size=size * 1.4, bold=True))
        self.receipt_no.setFont(money_font(base, point_size=size * 1.2, bold=True))
        for row in self.rows:
            self._apply_row_fonts(row)

    def _apply_row_fonts(self, row: TenderRow) -> None:
        base = self.font()
        size = base.pointSizeF()
        row.amount.setFont(money_font(base, point_size=size * 1.2))
        row.handed.setFont(money_font(base, point_size=size * 1.2))
        row.change.setFont(money_font(base, point_size=size * 2.2, bold=True))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._apply_fonts()

    # Starting a payment -------------------------------------------------------------------------

    def start(self, view: AccountView, *, maximum_fen: Fen = DEFAULT_MAXIMUM_FEN) -> None:
        """Prepare a new payment for ``view``: a new ``payment_uid``, the amount due selected.

        ``maximum_fen`` is the terminal's ceiling for one amount (``money.maximum_amount_fen``).
        """
        self.view = view
        self.maximum_fen = maximum_fen
        self.payment_uid = new_uid()
        self.state = PayState.ENTERING
        self.busy = False
        self._updating = True
        try:
            for row in self.rows[1:]:
                self._drop_row(row)
            first = self.rows[0]
            first.tender = Tender.CASH
            first.follows_rest = False
            first.handed_follows = True
            for edit in (first.amount, first.handed, first.reference):
                edit.clear()
            self.invoice_box.setChecked(False)
            for edit in (self.invoice_tax_id, self.invoice_email):
                edit.clear()
            self.invoice_title.setText(view.name)
            low, high = self._periods_paid(view)
            self.invoice_from.setText(low)
            self.invoice_to.setText(high)
            due = view.due_today_fen
            self.amount.setText(format_plain(due) if due > 0 else "")
        finally:
            self._updating = False
        self.account.setText(f"{view.number} · {view.name}")
        figures = (
            (self.due_today, view.due_today_fen, INK_COLOUR),
            (self.arrears, view.arrears_fen, ARREARS_COLOUR),
            (self.late_fee, view.late_fee_fen, ARREARS_COLOUR),
            (self.prepaid, view.prepaid_fen, INK_COLOUR),
        )
        for amount, fen, colour in figures:
            amount.setText(format_yuan(fen))
            amount.setStyleSheet(f"color: {colour if fen > 0 else INK_COLOUR};")
        self.message.hide()
        self._show_tender(self.rows[0])
        self._chain_tabs()
        self._set_busy_look(busy=False)
        self.stack.setCurrentIndex(0)
        self.form_scroll.verticalScrollBar().setValue(0)
        self._refresh()
        self._focus(self.amount)

    @staticmethod
    def _periods_paid(view: AccountView) -> tuple[str, str]:
        """The first and last period with something unpaid; the current month when none is."""
        owing = [bill.period for bill in view.bills if bill.outstanding_fen or bill.late_fee_fen]
        if not owing:
            owing = [view.as_of.year * 100 + view.as_of.month]
        low, high = min(owing), max(owing)
        return f"{low // 100}-{low % 100:02d}", f"{high // 100}-{high % 100:02d}"

    def _focus(self, widget: QWidget) -> None:
        """Put the keyboard in ``widget``, its text selected so typing replaces it.

        A panel that is not on screen yet (the task column shows it after :meth:`start`) keeps
        the request until it is shown: the first key after F7 must land in the amount.
        """
        if isinstance(widget, QLineEdit):
            widget.selectAll()
        self._pending_focus = widget
        if not self.isVisible():
            return
        self._pending_focus = None
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.form.isAncestorOf(widget):
            self.form_scroll.ensureWidgetVisible(widget)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        pending = self._pending_focus
        if pending is not None and shiboken6.isValid(pending):
            self._focus(pending)

    # Tenders --------------------------------------------------------------------------------------

    def _current_row(self) -> TenderRow:
        """The tender row holding the keyboard focus, else the last one (the rest of a split)."""
        focused = self.focusWidget()
        for row in self.rows:
            if focused is not None and row.frame.isAncestorOf(focused):
                return row
        return self.rows[-1]

    def _tender_key(self, tender: Tender) -> None:
        if self.state is PayState.ENTERING and not self.busy:
            self.choose_tender(tender, self._current_row())

    def choose_tender(self, tender: Tender, row: TenderRow | None = None) -> None:
        """Pay ``row`` (the first tender by default) with ``tender``, if no other row uses it."""
        if row is None:
            row = self.rows[0]
        if any(other.tender is tender for other in self.rows if other is not row):
            row.buttons[row.tender].setChecked(True)
            return
        row.tender = tender
        self._show_tender(row)
        self._refresh()
        target = row.handed if tender is Tender.CASH else row.reference
        self._focus(target)

    def _show_tender(self, row: TenderRow) -> None:
        split = len(self.rows) > 1
        cash = row.tender is Tender.CASH
        row.buttons[row.tender].setChecked(True)
        for key, shown in (
            ("amount", split),
            ("handed", cash),
            ("change", cash),
            ("reference", not cash),
        ):
            for widget in row.parts[key]:
                widget.setVisible(shown)
        keep = row.remove.sizePolicy()
        keep.setRetainSizeWhenHidden(split)  # the rows' fields line up, removable or not
        row.remove.setSizePolicy(keep)
        row.remove.setVisible(split and row is not self.rows[0])
        used = {other.tender for other in self.rows}
        for other in self.rows:
            for tender, button in other.buttons.items():
                button.setEnabled(tender is other.tender or tender not in used)

    def add_tender(self) -> TenderRow | None:
        """Split the payment: one more tender, paying whatever the others leave."""
        if self.state is not PayState.ENTERING or self.busy:
            return None
        free = [tender for tender in COUNTER_TENDERS if tender not in {r.tender for r in self.rows}]
        if not free:
            return None
        self._updating = True
        try:
            if len(self.rows) == 1:
                self.rows[0].amount.setText(self.amount.text().strip())
            for row in self.rows:
                row.follows_rest = False
            added = self._add_row(free[0])
            added.follows_rest = True
        finally:
            self._updating = False
        for row in self.rows:
            self._show_tender(row)
        self._chain_tabs()
        self._refresh()
        first_split = self.rows[-2]
        self._focus(first_split.amount)
        return added

    def remove_tender(self, row: TenderRow) -> None:
        if row is self.rows[0] or self.busy or row not in self.rows:
            return
        self._drop_row(row)
        for other in self.rows:
            self._show_tender(other)
        self._chain_tabs()
        self._refresh()
        self._focus(self.rows[-1].amount if len(self.rows) > 1 else self.amount)

    def _drop_row(self, row: TenderRow) -> None:
        self.rows.remove(row)
        row.frame.hide()
        row.frame.deleteLater()

    def _chain_tabs(self) -> None:
        order: list[QWidget] = [self.amount]
        for row in self.rows:
            order += [row.amount, row.handed, row.reference]
        order += [self.invoice_box, self.invoice_title, self.invoice_tax_id, self.invoice_email]
        order += [self.invoice_from, self.invoice_to, self.confirm_button]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _invoice_toggled(self, checked: bool) -> None:
        self.invoice.setVisible(checked)
        if self._updating:
            return
        self._refresh()
        if checked:
            self._focus(self.invoice_title)

    # Checking what is typed ----------------------------------------------------------------------

    def _changed(self, _text: str = "") -> None:
        if not self._updating:
            self._refresh()

    def _row_changed(self, row: TenderRow, edit: QLineEdit, _text: str) -> None:
        if self._updating:
            return
        if edit is row.amount:
            row.follows_rest = False
        elif edit is row.handed:
            row.handed_follows = False
        self._refresh()

    def _read(self, text: str) -> tuple[Fen | None, AmountError | None]:
        try:
            return parse_amount(text, maximum_fen=self.maximum_fen), None
        except AmountError as error:
            return None, error

    def amount_problem_text(self, error: AmountError) -> str:
        """Why a typed amount cannot be taken, in the clerk's language."""
        texts = {
            AmountProblem.EMPTY: self.tr("Enter an amount."),
            AmountProblem.NOT_A_NUMBER: self.tr(
                "“%1” is not an amount: type digits and one decimal point, such as 123.45."
            ),
            AmountProblem.NEGATIVE: self.tr("The amount cannot be negative."),
            AmountProblem.ZERO: self.tr("The amount must be more than ¥0.00."),
            AmountProblem.TOO_MANY_DECIMALS: self.tr(
                "“%1” has more than two decimals: amounts go to the fen."
            ),
            AmountProblem.BAD_GROUPING: self.tr(
                "“%1” has misplaced thousands separators (write 1,234.50)."
            ),
            AmountProblem.OVER_MAXIMUM: self.tr("The amount is over the maximum of %2."),
        }
        text = texts.get(error.problem, self.tr("Type an amount such as 123.45."))
        maximum = format_yuan(error.maximum_fen) if error.maximum_fen is not None else ""
        return text.replace("%1", error.text.strip()).replace("%2", maximum)

    def _fill_followers(self, total: Fen | None) -> None:
        """Amounts the clerk has not typed: the rest of a split, and the cash handed over."""
        if len(self.rows) > 1:
            for row in self.rows:
                if not row.follows_rest:
                    continue
                others = [self._read(r.amount.text())[0] for r in self.rows if r is not row]
                if total is None or None in others:
                    continue
                rest = total - sum(fen for fen in others if fen is not None)
                row.amount.setText(format_plain(rest) if rest > 0 else "")
        for row in self.rows:
            if row.tender is Tender.CASH and row.handed_follows:
                paid = total if len(self.rows) == 1 else self._read(row.amount.text())[0]
                if paid is not None:
                    row.handed.setText(format_plain(paid))

    def _refresh(self) -> PaymentRequest | None:
        """Check every field, say what is wrong beside it, and enable Confirm when all is well."""
        if self.view is None or self.state is not PayState.ENTERING:
            self.confirm_button.setEnabled(False)
            return None
        total, error = self._read(self.amount.text())
        self._updating = True
        try:
            self._fill_followers(total)
        finally:
            self._updating = False
        self._amount_note(total, error)
        problems: list[QWidget] = [] if total is not None else [self.amount]
        tenders: list[TenderIn] = []
        for row in self.rows:
            tender = self._check_row(row, total)
            if tender is not None:
                tenders.append(tender)
            elif len(self.rows) > 1 and self._read(row.amount.text())[1] is not None:
                problems.append(row.amount)
            else:
                problems.append(row.handed if row.tender is Tender.CASH else row.reference)
        if not self._check_split(total):
            problems.append(self.rows[-1].amount)
        invoice, invoice_problem = self._check_invoice()
        if invoice_problem is not None:
            problems.append(invoice_problem)
        self.problem_field = problems[0] if problems else None
        self.confirm_button.setEnabled(not problems and not self.busy)
        if problems:
            return None
        return PaymentRequest(
            payment_uid=self.payment_uid,
            account_uid=self.view.account_uid,
            tenders=tuple(tenders),
            expected_due_fen=self.view.due_today_fen,
            invoice=invoice,
        )

    def _amount_note(self, total: Fen | None, error: AmountError | None) -> None:
        assert self.view is not None
        due = self.view.due_today_fen
        if error is not None:
            if error.problem is AmountProblem.EMPTY and due == 0:
                _paint(
                    self.amount_note,
                    self.tr("Nothing is due: the amount taken becomes prepaid credit."),
                )
            else:
                _paint(self.amount_note, self.amount_problem_text(error), PROBLEM_COLOUR)
        elif total is None:
            _paint(self.amount_note, "")
        elif total > due:
            text = self.tr("%1 more than due becomes prepaid credit.")
            _paint(self.amount_note, text.replace("%1", format_yuan(total - due)))
        elif total < due:
            text = self.tr("Part payment: %1 stays owed.")
            _paint(self.amount_note, text.replace("%1", format_yuan(due - total)), ARREARS_COLOUR)
        else:
            _paint(self.amount_note, self.tr("Pays everything due today."))

    def _check_row(self, row: TenderRow, total: Fen | None) -> TenderIn | None:
        """The tender ``row`` makes, or ``None`` with the reason in the row's note."""
        amount: Fen | None = total
        if len(self.rows) > 1:
            amount, error = self._read(row.amount.text())
            if error is not None:
                quiet = row.follows_rest and not row.amount.text().strip()
                _paint(row.note, "" if quiet else self.amount_problem_text(error), PROBLEM_COLOUR)
                _show_change(row, None)
                return None
        if row.tender is Tender.CASH:
            return self._check_cash(row, amount)
        reference = row.reference.text().strip()
        if not reference:
            _paint(row.note, self.tr("Needed: the reference no. on the slip or the phone."))
            return None
        if not REFERENCE.fullmatch(reference):
            text = self.tr("A reference no. is 4 to 64 letters, digits or dashes.")
            _paint(row.note, text, PROBLEM_COLOUR)
            return None
        _paint(row.note, "")
        return None if amount is None else TenderIn(row.tender, amount, reference=reference)

    def _check_cash(self, row: TenderRow, amount: Fen | None) -> TenderIn | None:
        """Cash: what was handed over covers the cash to pay; the change is the difference."""
        handed, error = self._read(row.handed.text())
        text, change = "", None
        if error is not None:
            text = self.amount_problem_text(error)
        elif amount is not None and handed is not None and handed < amount:
            text = self.tr("Less than the cash to pay (%1): %2 short.")
            text = text.replace("%1", format_yuan(amount))
            text = text.replace("%2", format_yuan(amount - handed))
        elif amount is not None and handed is not None:
            change = handed - amount
        _paint(row.note, text, PROBLEM_COLOUR)
        _show_change(row, change)
        if change is None or amount is None:
            return None
        if change == 0:
            _paint(row.note, self.tr("No change: the exact amount."))
        return TenderIn(Tender.CASH, amount, handed_fen=handed)

    def _check_split(self, total: Fen | None) -> bool:
        """A split payment's tenders must add up to the amount to take: say what is left."""
        if len(self.rows) == 1:
            _paint(self.remaining, "")
            return True
        parts = [self._read(row.amount.text())[0] for row in self.rows]
        if total is None:
            _paint(self.remaining, "")
            return False
        rest = total - sum(fen or 0 for fen in parts)
        if rest == 0:
            _paint(self.remaining, self.tr("✓ The tenders add up."), CHANGE_COLOUR)
            return True
        if rest > 0:
            text = self.tr("Still to assign: %1").replace("%1", format_yuan(rest))
        else:
            text = self.tr("%1 over the amount").replace("%1", format_yuan(-rest))
        _paint(self.remaining, text, PROBLEM_COLOUR)
        return False

    def _period(self, text: str) -> int | None:
        match = PERIOD.fullmatch(text.strip())
        if match is None or not 1 <= int(match[2]) <= 12:
            return None
        return int(match[1]) * 100 + int(match[2])

    def _check_invoice(self) -> tuple[InvoiceIn | None, QWidget | None]:
        """The invoice request, or the field that stops it (its reason in the invoice note)."""
        if not self.invoice_box.isChecked():
            return None, None
        title = self.invoice_title.text().strip()
        email = self.invoice_email.text().strip()
        tax_id = self.invoice_tax_id.text().strip().upper()
        first = self._period(self.invoice_from.text())
        last = self._period(self.invoice_to.text())
        problem: tuple[QWidget, str, str] | None = None
        if not title:
            text = self.tr("Needed: the title (the person's or company's name).")
            problem = (self.invoice_title, text, MUTED_COLOUR)
        elif not email:
            text = self.tr("Needed: the e-mail the invoice is sent to.")
            problem = (self.invoice_email, text, MUTED_COLOUR)
        elif not EMAIL.fullmatch(email):
            text = self.tr("The e-mail does not look like an address.")
            problem = (self.invoice_email, text, PROBLEM_COLOUR)
        elif tax_id and not TAX_ID.fullmatch(tax_id):
            text = self.tr("A taxpayer id is 15 to 20 capital letters or digits.")
            problem = (self.invoice_tax_id, text, PROBLEM_COLOUR)
        elif first is None or last is None:
            text = self.tr("Periods are months such as 2026-09.")
            wrong = self.invoice_from if first is None else self.invoice_to
            problem = (wrong, text, PROBLEM_COLOUR)
        elif first > last:
            problem = (
                self.invoice_to,
                self.tr("The first period is after the last."),
                PROBLEM_COLOUR,
            )
        if problem is not None:
            _paint(self.invoice_note, problem[1], problem[2])
            return None, problem[0]
        _paint(self.invoice_note, "")
        assert first is not None
        assert last is not None
        return InvoiceIn(title, email, first, last, tax_id), None

    def request(self) -> PaymentRequest | None:
        """The payment as typed, or ``None`` while something is missing or wrong."""
        return self._refresh()

    # Confirming and the window's answers ---------------------------------------------------------

    def confirm(self) -> None:
        """What Enter does: ask the window to take the payment, once; or close when done."""
        if self.state is PayState.DONE:
            self.close_task()
            return
        if self.state is not PayState.ENTERING or self.busy:
            return
        request = self._refresh()
        if request is None:
            if self.problem_field is not None:  # Enter takes the clerk to what is missing
                self._focus(self.problem_field)
            return
        self.message.hide()
        self.set_busy(True)
        self.confirm_requested.emit(request)

    def set_busy(self, busy: bool) -> None:
        """While busy, Enter and Esc do nothing and nothing can be changed.

        The panel goes busy by itself when it asks for the payment; :meth:`show_error` and
        :meth:`show_done` end it.
        """
        if busy == self.busy:
            return
        self.busy = busy
        if busy:
            focused = self.focusWidget()
            self._focus_before_busy = focused if focused is not self else None
            self.setFocus(Qt.FocusReason.OtherFocusReason)  # keeps Enter here, not in the window
        self._set_busy_look(busy=busy)
        if not busy:
            before, self._focus_before_busy = self._focus_before_busy, None
            if before is not None and shiboken6.isValid(before) and before.isVisible():
                before.setFocus(Qt.FocusReason.OtherFocusReason)
            self._refresh()

    def _set_busy_look(self, *, busy: bool) -> None:
        self.form.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        words = self.tr("Taking payment…") if busy else self.tr("Take payment")
        self.confirm_button.set_label(words)
        if busy:
            self.confirm_button.setEnabled(False)

    def show_error(self, text: str) -> None:
        """The window could not take the payment: say why, keep what was typed, end busy."""
        self.message.setText(text)
        self.message.show()
        self.set_busy(False)

    def show_done(self, result: PaymentResult) -> None:
        """The payment is taken: the receipt number and, large, the change to give back."""
        self.busy = False
        self._focus_before_busy = None
        self._set_busy_look(busy=False)
        self.state = PayState.DONE
        receipt = result.receipt
        self.receipt_no.setText(result.receipt_no)
        self.done_account.setText(self.account.text())
        taken = format_yuan(receipt.tendered_fen - result.change_fen)
        parts = " + ".join(
            f"{self._tender_word(part.tender)} {format_yuan(part.amount_fen)}"
            for part in receipt.parts
            if part.tender in COUNTER_TENDERS
        )
        text = taken
        if len(receipt.parts) > 1:
            text = self.tr("%1 (%2)").replace("%1", taken).replace("%2", parts)
        if receipt.to_prepaid_fen:
            more = self.tr("%1 of it to prepaid credit").replace(
                "%1", format_yuan(receipt.to_prepaid_fen)
            )
            text = f"{text} · {more}"
        self.taken.setText(text)
        self.done_change.setText(format_yuan(result.change_fen))
        colour = CHANGE_COLOUR if result.change_fen else INK_COLOUR
        self.done_change.setStyleSheet(f"color: {colour};")
        if result.change_fen:
            handed = receipt.tendered_fen - sum(
                part.amount_fen for part in receipt.parts if part.tender is not Tender.CASH
            )
            note = self.tr("Handed over %1").replace("%1", format_yuan(handed))
        else:
            note = self.tr("No change to give")
        self.change_note.setText(note)
        if result.reconnection_no:
            text = self.tr("Reconnection order %1: power back by %2.").replace(
                "%1", result.reconnection_no
            )
            deadline = receipt.restore_by
            text = text.replace("%2", "—" if deadline is None else f"{deadline:%Y-%m-%d %H:%M}")
            self.reconnection_text.setText(text)
        self.reconnection.setVisible(bool(result.reconnection_no))
        self.message.hide()
        self.stack.setCurrentIndex(1)
        self._focus(self.close_button)

    def back_out(self) -> None:
        """What Esc does: cancel the payment before it is taken, close the task after."""
        if self.busy:
            return
        if self.state is PayState.DONE:
            self.close_task()
        elif self.state is PayState.ENTERING:
            self.state = PayState.IDLE
            self._refresh()
            self.cancelled.emit()

    def close_task(self) -> None:
        if self.state is PayState.DONE:
            self.state = PayState.IDLE
            self.finished.emit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = modifiers == Qt.KeyboardModifier.NoModifier
        if key in ENTER_KEYS and plain:
            event.accept()
            self.confirm()
        elif key == Qt.Key.Key_Escape and plain:
            event.accept()
            self.back_out()
        elif key in DIGIT_KEYS and plain and self.state is PayState.ENTERING and not self.busy:
            event.accept()  # a text field took the digit already: this is a button or a box
            self._tender_key(COUNTER_TENDERS[DIGIT_KEYS.index(Qt.Key(key))])
        else:
            super().keyPressEvent(event)
