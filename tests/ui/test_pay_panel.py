"""The payment task (缴费) on real accounts: what the clerk types, and what the service takes.

No mocks: every account is a migrated SQLite database with a clerk and an open shift, its view is
read by the store's own read model, and the request the panel emits is handed to the real
:func:`~counterdesk.services.payments.take_payment` in a transaction, as the window will do.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, text

from counterdesk.documents.receipts import Tender
from counterdesk.domain.money import format_plain, format_yuan
from counterdesk.services.payments import (
    DuplicatePaymentError,
    InvoiceIn,
    PaymentRequest,
    PaymentResult,
    TenderIn,
    take_payment,
)
from counterdesk.store import settings
from counterdesk.store.account_view import AccountView, load_account_view
from tests.helpers.counter import NOW, TODAY, Counter, account_with_bills, add_people, open_shift
from ui.app import prepare_application
from ui.messages import error_text
from ui.pay_panel import CHANGE_COLOUR, PayPanel, PayState
from ui.style import STYLE_SHEET

SHOWN = "propagateSizeHints"  # the offscreen platform's one warning when a window is shown
COLUMN = (380, 690)
"""The task column of a 1366×768 counter window (its card included), under the menu bar."""
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@pytest.fixture
def counter(engine: Engine) -> Counter:
    made = add_people(engine)
    open_shift(made)
    return made


def read_view(engine: Engine, account_id: int) -> AccountView:
    with engine.connect() as connection:
        rules = settings.load(connection).late_fee
        return load_account_view(connection, account_id, TODAY, rules)


@pytest.fixture
def view(counter: Counter) -> AccountView:
    """3301020456: an overdue bill with its late fee, and one not yet due."""
    account_id, _ = account_with_bills(counter.engine)
    made = read_view(counter.engine, account_id)
    assert made.late_fee_fen > 0
    assert made.arrears_fen < made.due_today_fen
    return made


@pytest.fixture
def make_panel(qtbot: QtBot, qapp: QApplication) -> Callable[..., PayPanel]:
    """A panel in a host the size of the window's task column, in the window's style."""
    hosts: list[QWidget] = []  # qtbot holds widgets weakly

    def make(language: str = "en") -> PayPanel:
        prepare_application(qapp, language)
        host = QWidget()
        host.setObjectName("central")
        host.setStyleSheet(STYLE_SHEET)
        host.resize(*COLUMN)
        card = QFrame(host)  # as the window's task column holds it
        card.setObjectName("card")
        QVBoxLayout(host).addWidget(card)
        host.layout().setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(card)
        layout.setContentsMargins(16, 14, 16, 14)
        panel = PayPanel(card)
        layout.addWidget(panel)
        qtbot.addWidget(host)
        hosts.append(host)
        return panel

    return make


@pytest.fixture
def panel(make_panel: Callable[..., PayPanel]) -> PayPanel:
    return make_panel()


@pytest.fixture
def requests(panel: PayPanel) -> list[PaymentRequest]:
    emitted: list[PaymentRequest] = []
    panel.confirm_requested.connect(emitted.append)
    return emitted


def retype(qtbot: QtBot, edit: object, typed: str) -> None:
    """Select what the field holds and type over it, as a clerk does."""
    edit.selectAll()  # type: ignore[attr-defined]
    qtbot.keyClicks(edit, typed)


def show(qtbot: QtBot, panel: PayPanel) -> None:
    host = panel.window()
    with qtbot.waitActive(host):
        host.show()
        host.activateWindow()


def take(counter: Counter, request: PaymentRequest) -> PaymentResult:
    """What the window does with the request: the service, in one transaction."""
    with counter.engine.begin() as connection:
        return take_payment(connection, counter.clerk, request, now=NOW)


def visible_text(widget: QWidget) -> str:
    return " ".join(
        child.text() for child in widget.findChildren(QLabel) if child.isVisibleTo(widget)
    )


# --- the amount -----------------------------------------------------------------------------------


def test_the_amount_due_is_prefilled_and_selected_with_the_debts_beside_it(
    panel: PayPanel, view: AccountView
) -> None:
    panel.start(view)
    due = format_plain(view.due_today_fen)
    assert panel.amount.text() == due
    assert panel.amount.selectedText() == due
    assert panel.due_today.text() == format_yuan(view.due_today_fen)
    assert panel.arrears.text() == format_yuan(view.arrears_fen)
    assert panel.late_fee.text() == format_yuan(view.late_fee_fen)
    assert panel.prepaid.text() == format_yuan(0)
    assert panel.amount.alignment() & Qt.AlignmentFlag.AlignRight
    assert panel.amount_note.text() == "Pays everything due today."
    assert panel.confirm_button.isEnabled()


def test_typing_replaces_the_amount_due(qtbot: QtBot, panel: PayPanel, view: AccountView) -> None:
    panel.start(view)
    qtbot.keyClicks(panel.amount, "200")
    assert panel.amount.text() == "200"
    short = format_yuan(view.due_today_fen - 20_000)
    assert panel.amount_note.text() == f"Part payment: {short} stays owed."
    request = panel.request()
    assert request is not None
    assert request.tenders == (TenderIn(Tender.CASH, 20_000, handed_fen=20_000),)
    assert request.expected_due_fen == view.due_today_fen


def test_nothing_due_leaves_the_amount_empty_and_says_it_becomes_prepaid_credit(
    qtbot: QtBot, panel: PayPanel, counter: Counter
) -> None:
    account_id, _ = account_with_bills(counter.engine, bills=())
    view = read_view(counter.engine, account_id)
    panel.start(view)
    assert panel.amount.text() == ""
    assert "prepaid credit" in panel.amount_note.text()
    assert not panel.confirm_button.isEnabled()
    qtbot.keyClicks(panel.amount, "50")
    assert panel.amount_note.text() == "¥50.00 more than due becomes prepaid credit."
    request = panel.request()
    assert request is not None
    assert request.amount_fen == 5_000
    result = take(counter, request)
    assert result.receipt.to_prepaid_fen == 5_000


def test_prepaid_credit_is_shown_and_already_taken_off_the_amount_due(
    panel: PayPanel, counter: Counter, requests: list[PaymentRequest]
) -> None:
    account_id, _ = account_with_bills(counter.engine, prepaid_fen=5_000)
    view = read_view(counter.engine, account_id)
    panel.start(view)
    assert panel.prepaid.text() == "¥50.00"
    assert panel.amount.text() == format_plain(view.due_today_fen)
    assert view.due_today_fen == view.outstanding_fen + view.late_fee_fen - 5_000
    panel.confirm()
    result = take(counter, requests[0])
    assert result.receipt.prepaid_used_fen == 5_000
    assert read_view(counter.engine, account_id).due_today_fen == 0


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12.345", "“12.345” has more than two decimals: amounts go to the fen."),
        ("abc", "“abc” is not an amount: type digits and one decimal point, such as 123.45."),
        ("0", "The amount must be more than ¥0.00."),
        ("", "Enter an amount."),
        ("2000000", "The amount is over the maximum of ¥1,000,000.00."),
    ],
)
def test_an_amount_that_cannot_be_read_says_why_and_blocks_confirm(
    qtbot: QtBot,
    panel: PayPanel,
    view: AccountView,
    requests: list[PaymentRequest],
    typed: str,
    message: str,
) -> None:
    panel.start(view)
    panel.amount.setText(typed)
    assert panel.amount_note.text() == message
    assert not panel.confirm_button.isEnabled()
    qtbot.keyClick(panel.amount, Qt.Key.Key_Return)
    assert requests == []


def test_full_width_digits_from_a_chinese_input_method_are_read(
    panel: PayPanel, view: AccountView
) -> None:
    panel.start(view)
    panel.amount.setText("１２３．４５")
    request = panel.request()
    assert request is not None
    assert request.amount_fen == 12_345


# --- cash ---------------------------------------------------------------------------------------


def test_the_change_shows_large_as_soon_as_the_cash_handed_over_is_typed(
    qtbot: QtBot, panel: PayPanel, view: AccountView
) -> None:
    panel.start(view)
    row = panel.rows[0]
    assert row.handed.text() == format_plain(view.due_today_fen)
    assert row.change.text() == "¥0.00"
    retype(qtbot, row.handed, "400")
    change = 40_000 - view.due_today_fen
    assert row.change.text() == format_yuan(change)
    assert CHANGE_COLOUR in row.change.styleSheet()
    assert row.change.font().pointSizeF() >= 2 * panel.font().pointSizeF()
    request = panel.request()
    assert request is not None
    assert request.tenders == (TenderIn(Tender.CASH, view.due_today_fen, handed_fen=40_000),)


def test_cash_handed_over_follows_the_amount_until_it_is_typed(
    qtbot: QtBot, panel: PayPanel, view: AccountView
) -> None:
    panel.start(view)
    row = panel.rows[0]
    qtbot.keyClicks(panel.amount, "300")
    assert row.handed.text() == "300.00"
    retype(qtbot, row.handed, "500")
    retype(qtbot, panel.amount, "250")
    assert row.handed.text() == "500"
    assert row.change.text() == "¥250.00"


def test_less_cash_than_the_amount_says_how_much_is_short_and_blocks_confirm(
    qtbot: QtBot, panel: PayPanel, view: AccountView, requests: list[PaymentRequest]
) -> None:
    panel.start(view)
    row = panel.rows[0]
    retype(qtbot, row.handed, "100")
    short = format_yuan(view.due_today_fen - 10_000)
    due = format_yuan(view.due_today_fen)
    assert row.note.text() == f"Less than the cash to pay ({due}): {short} short."
    assert row.note.isVisibleTo(panel)
    assert row.change.text() == "—"
    assert not panel.confirm_button.isEnabled()
    qtbot.keyClick(row.handed, Qt.Key.Key_Return)
    assert requests == []
    assert not panel.busy


# --- card and QR ----------------------------------------------------------------------------------


def test_a_card_payment_needs_its_reference_number(
    qtbot: QtBot, panel: PayPanel, view: AccountView, requests: list[PaymentRequest]
) -> None:
    panel.start(view)
    panel.choose_tender(Tender.BANK_CARD)
    row = panel.rows[0]
    assert row.reference.isVisibleTo(panel)
    assert not row.handed.isVisibleTo(panel)
    assert row.reference.placeholderText() == "Card slip / customer's phone"
    assert row.note.text() == "Needed: the reference no. on the slip or the phone."
    assert not panel.confirm_button.isEnabled()
    qtbot.keyClick(row.reference, Qt.Key.Key_Return)
    assert requests == []

    qtbot.keyClicks(row.reference, "12")
    assert row.note.text() == "A reference no. is 4 to 64 letters, digits or dashes."
    assert not panel.confirm_button.isEnabled()
    qtbot.keyClicks(row.reference, "3456789")
    assert panel.confirm_button.isEnabled()
    qtbot.keyClick(row.reference, Qt.Key.Key_Return)
    (request,) = requests
    assert request.tenders == (TenderIn(Tender.BANK_CARD, view.due_today_fen, None, "123456789"),)


# --- split tender -------------------------------------------------------------------------------


def test_a_split_payment_part_card_rest_cash(
    qtbot: QtBot,
    panel: PayPanel,
    view: AccountView,
    counter: Counter,
    requests: list[PaymentRequest],
) -> None:
    due = view.due_today_fen
    panel.start(view)
    panel.choose_tender(Tender.BANK_CARD)
    added = panel.add_tender()
    assert added is not None
    card, rest = panel.rows
    assert rest is added
    assert rest.tender is Tender.CASH
    assert not rest.buttons[Tender.BANK_CARD].isEnabled()
    assert not card.buttons[Tender.CASH].isEnabled()
    assert card.amount.selectedText() == format_plain(due)

    qtbot.keyClicks(card.amount, "200")
    assert rest.amount.text() == format_plain(due - 20_000)
    assert rest.handed.text() == format_plain(due - 20_000)
    assert panel.remaining.text() == "✓ The tenders add up."
    retype(qtbot, rest.amount, "100")
    assert panel.remaining.text() == f"Still to assign: {format_yuan(due - 30_000)}"
    assert not panel.confirm_button.isEnabled()
    retype(qtbot, rest.amount, "900")
    assert panel.remaining.text() == f"{format_yuan(110_000 - due)} over the amount"
    retype(qtbot, rest.amount, format_plain(due - 20_000))
    assert panel.remaining.text() == "✓ The tenders add up."
    assert not panel.confirm_button.isEnabled()  # the card's reference is still missing

    qtbot.keyClicks(card.reference, "6222-0001")
    retype(qtbot, rest.handed, "200")
    assert rest.change.text() == format_yuan(20_000 - (due - 20_000))
    qtbot.keyClick(rest.handed, Qt.Key.Key_Return)
    (request,) = requests
    assert request.tenders == (
        TenderIn(Tender.BANK_CARD, 20_000, None, "6222-0001"),
        TenderIn(Tender.CASH, due - 20_000, 20_000),
    )
    result = take(counter, request)
    assert result.change_fen == 20_000 - (due - 20_000)
    assert [(p.tender, p.amount_fen) for p in result.receipt.parts] == [
        (Tender.BANK_CARD, 20_000),
        (Tender.CASH, due - 20_000),
    ]


def test_removing_the_second_tender_goes_back_to_one(
    qtbot: QtBot, panel: PayPanel, view: AccountView
) -> None:
    panel.start(view)
    panel.add_tender()
    assert panel.rows[1].tender is Tender.BANK_CARD  # cash is taken by the first
    assert panel.rows[0].amount.isVisibleTo(panel)
    panel.remove_tender(panel.rows[1])
    assert len(panel.rows) == 1
    assert not panel.rows[0].amount.isVisibleTo(panel)
    assert panel.remaining.text() == ""
    request = panel.request()
    assert request is not None
    assert request.tenders == (TenderIn(Tender.CASH, view.due_today_fen, view.due_today_fen),)


# --- confirming ---------------------------------------------------------------------------------


def test_enter_asks_for_the_payment_once_even_when_pressed_again_while_busy(
    qtbot: QtBot, panel: PayPanel, view: AccountView, requests: list[PaymentRequest]
) -> None:
    cancelled: list[bool] = []
    panel.cancelled.connect(lambda: cancelled.append(True))
    panel.start(view)
    qtbot.keyClick(panel.amount, Qt.Key.Key_Return)
    assert panel.busy
    assert panel.confirm_button.label_text() == "Taking payment…"
    assert not panel.confirm_button.isEnabled()
    qtbot.keyClick(panel.amount, Qt.Key.Key_Return)
    qtbot.keyClick(panel, Qt.Key.Key_Enter)
    panel.confirm()
    qtbot.keyClick(panel, Qt.Key.Key_Escape)
    assert len(requests) == 1
    assert cancelled == []
    assert requests[0].payment_uid == panel.payment_uid
    assert requests[0].account_uid == view.account_uid


def test_the_request_is_taken_by_the_service_and_the_receipt_and_change_shown(
    qtbot: QtBot,
    panel: PayPanel,
    view: AccountView,
    counter: Counter,
    requests: list[PaymentRequest],
) -> None:
    finished: list[bool] = []
    panel.finished.connect(lambda: finished.append(True))
    panel.start(view)
    retype(qtbot, panel.rows[0].handed, "400")
    qtbot.keyClick(panel.rows[0].handed, Qt.Key.Key_Return)
    (request,) = requests
    result = take(counter, request)
    panel.show_done(result)

    change = 40_000 - view.due_today_fen
    assert result.change_fen == change
    assert result.receipt_no == "QS03-20261121-0001"
    assert panel.state is PayState.DONE
    assert not panel.busy
    assert panel.receipt_no.text() == result.receipt_no
    assert panel.done_change.text() == format_yuan(change)
    assert panel.done_change.font().pointSizeF() >= 2.5 * panel.font().pointSizeF()
    assert panel.change_note.text() == "Handed over ¥400.00"
    assert panel.taken.text() == format_yuan(view.due_today_fen)
    assert panel.printing.text() == "The receipt is printing."
    assert not panel.reconnection.isVisibleTo(panel)
    after = read_view(counter.engine, view.account_id)
    assert after.due_today_fen == 0

    qtbot.keyClick(panel.close_button, Qt.Key.Key_Return)
    qtbot.keyClick(panel, Qt.Key.Key_Escape)
    assert finished == [True]
    assert panel.state is PayState.IDLE


def test_a_retry_of_a_payment_already_taken_is_refused_and_shown(
    qtbot: QtBot,
    panel: PayPanel,
    view: AccountView,
    counter: Counter,
    requests: list[PaymentRequest],
) -> None:
    """The answer to the first Enter was lost: the retry carries the same uid, and is refused."""
    panel.start(view)
    qtbot.keyClicks(panel.amount, "100")
    qtbot.keyClick(panel.amount, Qt.Key.Key_Return)
    first = take(counter, requests[0])
    with pytest.raises(DuplicatePaymentError) as refused:
        take(counter, requests[0])
    panel.show_error(error_text(refused.value))

    assert panel.message.isVisibleTo(panel)
    assert panel.message.text() == (
        f"This payment was taken already (receipt {first.receipt_no}); nothing was charged twice."
    )
    assert not panel.busy
    assert panel.amount.text() == "100"
    assert panel.confirm_button.isEnabled()
    qtbot.keyClick(panel.amount, Qt.Key.Key_Return)
    assert len(requests) == 2
    assert requests[1].payment_uid == requests[0].payment_uid
    with pytest.raises(DuplicatePaymentError):
        take(counter, requests[1])
    with counter.engine.connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM payment")).scalar_one()
    assert count == 1


def test_each_start_is_a_new_payment(panel: PayPanel, view: AccountView) -> None:
    panel.start(view)
    first = panel.payment_uid
    panel.add_tender()
    panel.invoice_box.setChecked(True)
    panel.start(view)
    assert panel.payment_uid != first
    assert isinstance(panel.payment_uid, uuid.UUID)
    assert len(panel.rows) == 1
    assert not panel.invoice_box.isChecked()


def test_esc_before_confirming_cancels(qtbot: QtBot, panel: PayPanel, view: AccountView) -> None:
    cancelled: list[bool] = []
    panel.cancelled.connect(lambda: cancelled.append(True))
    panel.start(view)
    qtbot.keyClick(panel.amount, Qt.Key.Key_Escape)
    qtbot.keyClick(panel, Qt.Key.Key_Escape)
    assert cancelled == [True]
    assert panel.state is PayState.IDLE


def test_paying_a_disconnected_account_shows_the_reconnection_order(
    qtbot: QtBot, panel: PayPanel, counter: Counter, requests: list[PaymentRequest]
) -> None:
    account_id, _ = account_with_bills(counter.engine, status="disconnected")
    view = read_view(counter.engine, account_id)
    panel.start(view)
    qtbot.keyClick(panel.amount, Qt.Key.Key_Return)
    result = take(counter, requests[0])
    assert result.reconnection_no
    panel.show_done(result)
    assert panel.reconnection.isVisibleTo(panel)
    restore_by = result.receipt.restore_by
    assert restore_by is not None
    assert panel.reconnection_text.text() == (
        f"Reconnection order {result.reconnection_no}: power back by {restore_by:%Y-%m-%d %H:%M}."
    )
    assert panel.change_note.text() == "No change to give"


# --- invoice ------------------------------------------------------------------------------------


def test_an_invoice_request_is_part_of_the_payment(
    qtbot: QtBot,
    panel: PayPanel,
    view: AccountView,
    counter: Counter,
    requests: list[PaymentRequest],
) -> None:
    panel.start(view)
    assert not panel.invoice.isVisibleTo(panel)
    panel.invoice_box.setChecked(True)
    assert panel.invoice.isVisibleTo(panel)
    assert panel.invoice_title.text() == view.name
    assert (panel.invoice_from.text(), panel.invoice_to.text()) == ("2026-09", "2026-10")
    assert panel.invoice_note.text() == "Needed: the e-mail the invoice is sent to."
    assert not panel.confirm_button.isEnabled()
    qtbot.keyClicks(panel.invoice_email, "zhang@example")
    assert panel.invoice_note.text() == "The e-mail does not look like an address."
    qtbot.keyClicks(panel.invoice_email, ".cn")
    qtbot.keyClicks(panel.invoice_tax_id, "91330100ma2b3c4d5e")
    retype(qtbot, panel.invoice_to, "2026-13")
    assert panel.invoice_note.text() == "Periods are months such as 2026-09."
    retype(qtbot, panel.invoice_to, "202610")
    panel.invoice_title.setText("云溪市春晖餐饮有限公司")
    qtbot.keyClick(panel.invoice_title, Qt.Key.Key_Return)
    (request,) = requests
    assert request.invoice == InvoiceIn(
        "云溪市春晖餐饮有限公司", "zhang@example.cn", 202609, 202610, "91330100MA2B3C4D5E"
    )
    take(counter, request)
    with counter.engine.connect() as connection:
        row = connection.execute(
            text("SELECT title, tax_id, period_from, period_to FROM invoice_request")
        ).one()
    assert tuple(row) == ("云溪市春晖餐饮有限公司", "91330100MA2B3C4D5E", 202609, 202610)


def test_unticking_the_invoice_request_drops_it(panel: PayPanel, view: AccountView) -> None:
    panel.start(view)
    panel.invoice_box.setChecked(True)
    assert panel.request() is None
    panel.invoice_box.setChecked(False)
    request = panel.request()
    assert request is not None
    assert request.invoice is None


# --- keys ---------------------------------------------------------------------------------------


@pytest.mark.qt_log_ignore(SHOWN)
def test_tender_keys_add_tender_and_invoice_keys(
    qtbot: QtBot, panel: PayPanel, view: AccountView
) -> None:
    show(qtbot, panel)
    panel.start(view)
    row = panel.rows[0]
    assert "Alt+2" in row.buttons[Tender.BANK_CARD].text()
    qtbot.keyClick(panel.amount, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert row.tender is Tender.BANK_CARD
    assert row.reference.hasFocus()
    assert row.buttons[Tender.BANK_CARD].isChecked()
    qtbot.keyClick(row.reference, Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
    assert len(panel.rows) == 2
    second = panel.rows[1]
    second.amount.setFocus()
    qtbot.keyClick(second.amount, Qt.Key.Key_4, Qt.KeyboardModifier.AltModifier)
    assert second.tender is Tender.ALIPAY
    qtbot.keyClick(second.reference, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    assert panel.invoice_box.isChecked()
    assert panel.invoice_title.hasFocus()
    # Plain digits choose too, when the focus is not in a text field.
    panel.invoice_box.setFocus()
    qtbot.keyClick(panel.invoice_box, Qt.Key.Key_3)
    assert second.tender is Tender.WECHAT
    assert row.tender is Tender.BANK_CARD
    second.remove.click()
    assert panel.rows == [row]
    assert panel.amount.hasFocus()


@pytest.mark.qt_log_ignore(SHOWN)
def test_enter_with_something_missing_goes_to_it(
    qtbot: QtBot, panel: PayPanel, view: AccountView, requests: list[PaymentRequest]
) -> None:
    show(qtbot, panel)
    panel.start(view)
    assert panel.amount.hasFocus()
    panel.choose_tender(Tender.ALIPAY)
    panel.invoice_box.setChecked(True)
    panel.amount.setFocus()
    qtbot.keyClick(panel.amount, Qt.Key.Key_Return)
    assert panel.rows[0].reference.hasFocus()
    qtbot.keyClicks(panel.rows[0].reference, "2088123412341234")
    qtbot.keyClick(panel.rows[0].reference, Qt.Key.Key_Return)
    assert panel.invoice_email.hasFocus()
    qtbot.keyClicks(panel.invoice_email, "li@example.com")
    qtbot.keyClick(panel.invoice_email, Qt.Key.Key_Return)
    (request,) = requests
    assert request.tenders[0].tender is Tender.ALIPAY
    assert request.invoice is not None


@pytest.mark.qt_log_ignore(SHOWN)
def test_a_panel_started_before_it_is_shown_takes_the_first_key_in_the_amount(
    qtbot: QtBot, panel: PayPanel, view: AccountView
) -> None:
    """The task column starts the payment, then shows the panel (F7): the amount gets the keys."""
    panel.hide()
    show(qtbot, panel)
    panel.start(view)
    assert not panel.amount.hasFocus()
    panel.show()
    assert panel.amount.hasFocus()
    assert panel.amount.selectedText() == format_plain(view.due_today_fen)
    qtbot.keyClicks(panel.window().focusWidget(), "88")
    assert panel.amount.text() == "88"


@pytest.mark.qt_log_ignore(SHOWN)
def test_while_busy_the_keys_stay_in_the_panel(
    qtbot: QtBot, panel: PayPanel, view: AccountView, requests: list[PaymentRequest]
) -> None:
    show(qtbot, panel)
    panel.start(view)
    qtbot.keyClick(panel.amount, Qt.Key.Key_Return)
    assert panel.hasFocus()
    assert not panel.amount.isEnabled()
    qtbot.keyClick(panel, Qt.Key.Key_Return)
    assert len(requests) == 1
    panel.show_error("The printer is out of paper.")
    assert panel.amount.isEnabled()
    assert panel.amount.hasFocus()
    assert panel.message.text() == "The printer is out of paper."


# --- the column at 1366×768, in Chinese, and the screenshots ------------------------------------


def _nothing_clipped(panel: PayPanel) -> None:
    for child in panel.findChildren(QLabel):
        if child.isVisibleTo(panel) and not child.wordWrap() and child.text():
            assert child.width() >= child.sizeHint().width() - 1, child.text()
    for button in panel.findChildren(QPushButton):
        if button.isVisibleTo(panel):
            assert button.width() >= button.minimumSizeHint().width() - 1, button.text()
    form = panel.form
    assert form.width() >= form.minimumSizeHint().width()


def _save(panel: PayPanel, name: str) -> None:
    folder = os.environ.get("COUNTERDESK_SCREENSHOTS")
    if folder:
        target = Path(folder) if folder not in ("1", "yes", "true") else SCREENSHOTS
        target.mkdir(parents=True, exist_ok=True)
        assert panel.window().grab().save(str(target / name))


@pytest.fixture(params=["zh_CN", "en"])
def shown_panel(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    make_panel: Callable[..., PayPanel],
    qapp: QApplication,
) -> Iterator[PayPanel]:
    """A panel on screen in each language; Chinese (the clerks' language) makes the screenshots."""
    made = make_panel(request.param)
    with qtbot.waitExposed(made.window()):
        made.window().show()
    yield made
    prepare_application(qapp, "en")


def _chinese(panel: PayPanel) -> bool:
    return panel.confirm_button.label_text() != "Take payment"


@pytest.mark.qt_log_ignore(SHOWN)
def test_cash_fits_the_column(qtbot: QtBot, shown_panel: PayPanel, view: AccountView) -> None:
    panel = shown_panel
    panel.start(view)
    assert panel.amount.hasFocus()
    retype(qtbot, panel.rows[0].handed, "400")
    qtbot.wait(20)
    assert panel.due_today.text() == format_yuan(view.due_today_fen)
    assert panel.rows[0].change.text() == format_yuan(40_000 - view.due_today_fen)
    assert not panel.form_scroll.verticalScrollBar().isVisible()
    _nothing_clipped(panel)
    if _chinese(panel):
        assert panel.confirm_button.label_text() == "确认收款"
        assert {"应缴合计", "欠费合计", "违约金", "预收余额", "找零"} <= set(
            visible_text(panel).split()
        )
        _save(panel, "pay-panel-cash.png")


@pytest.mark.qt_log_ignore(SHOWN)
def test_a_split_payment_fits_the_column(
    qtbot: QtBot, shown_panel: PayPanel, view: AccountView
) -> None:
    panel = shown_panel
    panel.start(view)
    panel.choose_tender(Tender.WECHAT)
    panel.add_tender()
    assert panel.rows[0].amount.hasFocus()
    qtbot.keyClicks(panel.rows[0].amount, "200")
    qtbot.keyClicks(panel.rows[0].reference, "4200001234202611210815")
    retype(qtbot, panel.rows[1].handed, "150")
    qtbot.wait(20)
    assert panel.confirm_button.isEnabled()
    _nothing_clipped(panel)
    if _chinese(panel):
        assert panel.remaining.text() == "✓ 金额已分配完"
        _save(panel, "pay-panel-split.png")


@pytest.mark.qt_log_ignore(SHOWN)
def test_the_payment_taken_fits_the_column(
    qtbot: QtBot, shown_panel: PayPanel, counter: Counter
) -> None:
    account_id, _ = account_with_bills(
        counter.engine, status="disconnected", bills=((202609, 16_947, date(2026, 10, 15)),)
    )
    view = read_view(counter.engine, account_id)
    emitted: list[PaymentRequest] = []
    panel = shown_panel
    panel.confirm_requested.connect(emitted.append)
    panel.start(view)
    retype(qtbot, panel.rows[0].handed, "200")
    qtbot.keyClick(panel.rows[0].handed, Qt.Key.Key_Return)
    panel.show_done(take(counter, emitted[0]))
    qtbot.wait(20)
    assert panel.close_button.hasFocus()
    assert panel.reconnection.isVisible()
    _nothing_clipped(panel)
    if _chinese(panel):
        assert "收款成功" in panel.done_title.text()
        assert panel.change_caption.text() == "应找零"
        _save(panel, "pay-panel-done.png")
