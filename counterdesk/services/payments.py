"""Taking a payment (缴费), reversing one (冲正) and reprinting its receipt (补打).

One business act, one transaction (ARCHITECTURE.md): :func:`take_payment` writes the payment, its
tenders and allocations, the bills' paid amounts, the account's prepaid balance, the receipt record
with its gapless number, the audit entry, the outbox row for HQ, the reconnection order when the
payment clears a disconnected account, and the receipt's print job, all in the caller's
transaction. The caller commits and then wakes the print queue: printing never decides money.

Every refusal is a :class:`PaymentError` raised before anything is written, with a message for the
clerk. The client-made ``payment_uid`` (made when the pay dialog opens) is the payment's identity,
so a second press of Confirm, or a retry after a crash, finds the first payment instead of taking
the money twice.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import Connection, text

from counterdesk.documents import codec
from counterdesk.documents.receipts import (
    PaymentReceipt,
    PeriodPaid,
    ReversalSlip,
    Tender,
    TenderPart,
)
from counterdesk.domain.accounts import AccountStatus, Utility
from counterdesk.domain.allocation import Allocation, AllocationKind, Debt, allocate
from counterdesk.domain.ids import new_uid
from counterdesk.domain.money import Fen, format_yuan
from counterdesk.domain.permissions import Permission
from counterdesk.logs import log_context
from counterdesk.orders.paid_services import refund_reversed_bills, settle_paid_bills
from counterdesk.services.auth import (
    Approval,
    PermissionDeniedError,
    SignedIn,
    consume_approval,
    require,
)
from counterdesk.services.common import (
    RECEIPT_PRINTER,
    CounterError,
    aware_utc,
    business_day,
    local,
    naive_utc,
)
from counterdesk.services.shifts import Shift, shift_for_payment
from counterdesk.store import audit, outbox, print_jobs, settings
from counterdesk.store.account_view import AccountView, load_account_view
from counterdesk.store.models import PaymentState
from counterdesk.store.sequences import next_number

COUNTER_TENDERS: Final = (Tender.CASH, Tender.BANK_CARD, Tender.WECHAT, Tender.ALIPAY)
"""What a counter takes: cash, bank card and the two QR wallets (prepaid credit is automatic)."""
REFERENCE: Final = re.compile(r"[A-Za-z0-9-]{4,64}")
REVERSE_ACT: Final = "payment.reverse"
UNITS: Final = {Utility.ELECTRICITY: "kWh", Utility.WATER: "m³", Utility.GAS: "m³"}

log = logging.getLogger(__name__)


class PaymentError(CounterError):
    """A payment, reversal or reprint refused; nothing was written."""


class DuplicatePaymentError(PaymentError):
    """The payment was taken already (a second Confirm, a retry): the first one stands."""

    def __init__(self, receipt_no: str) -> None:
        super().__init__(
            "This payment was taken already (receipt {receipt}); nothing was charged twice.",
            receipt=receipt_no,
        )
        self.receipt_no = receipt_no


@dataclass(frozen=True)
class TenderIn:
    """One tender as the clerk enters it.

    ``amount_fen`` is what this tender pays; for cash, ``handed_fen`` is what the customer handed
    over (the change is the difference), ``None`` meaning exactly the amount. A card or QR payment
    needs the ``reference`` printed on the card slip or shown on the customer's phone.
    """

    tender: Tender
    amount_fen: Fen
    handed_fen: Fen | None = None
    reference: str = ""


@dataclass(frozen=True)
class InvoiceIn:
    """An e-invoice request (DOMAIN.md): the utility's platform issues the invoice itself."""

    title: str
    email: str
    period_from: int
    period_to: int
    tax_id: str = ""


@dataclass(frozen=True)
class PaymentRequest:
    payment_uid: uuid.UUID
    account_uid: uuid.UUID
    tenders: tuple[TenderIn, ...]
    expected_due_fen: Fen | None = None
    """The amount due the clerk saw; a different amount now (a new bill arrived) is refused."""
    invoice: InvoiceIn | None = None

    @property
    def amount_fen(self) -> Fen:
        return sum(t.amount_fen for t in self.tenders)


@dataclass(frozen=True)
class PaymentResult:
    payment_uid: uuid.UUID
    receipt_no: str
    receipt: PaymentReceipt
    change_fen: Fen
    print_job_uid: uuid.UUID
    reconnection_no: str = ""


@dataclass(frozen=True)
class ReversalResult:
    reversal_uid: uuid.UUID
    reversal_no: str
    slip: ReversalSlip
    print_job_uid: uuid.UUID


def _is_amount(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_tenders(request: PaymentRequest, maximum_fen: Fen) -> None:
    if not request.tenders:
        raise PaymentError("Choose how the customer pays: cash, bank card or QR.")
    kinds = [t.tender for t in request.tenders]
    if len(set(kinds)) != len(kinds):
        raise PaymentError("Each tender can appear once; add the amounts together.")
    for tender in request.tenders:
        if tender.tender not in COUNTER_TENDERS:
            raise PaymentError(
                "The counter does not take {tender} as a tender.", tender=tender.tender.value
            )
        if not _is_amount(tender.amount_fen) or tender.amount_fen <= 0:
            raise PaymentError("Every amount must be more than ¥0.00.")
        if tender.tender is Tender.CASH:
            handed = tender.amount_fen if tender.handed_fen is None else tender.handed_fen
            if not _is_amount(handed) or handed < tender.amount_fen:
                raise PaymentError(
                    "The cash handed over ({handed}) is less than the cash to pay ({amount}).",
                    handed=format_yuan(handed if _is_amount(handed) else 0),
                    amount=format_yuan(tender.amount_fen),
                )
            if handed > maximum_fen:
                raise PaymentError(
                    "More than {amount} cannot be handed over.", amount=format_yuan(maximum_fen)
                )
        elif not REFERENCE.fullmatch(tender.reference.strip()):
            raise PaymentError(
                "A card or QR payment needs its reference number (4 to 64 letters or digits) "
                "from the card slip or the customer's phone."
            )
    if request.amount_fen > maximum_fen:
        raise PaymentError(
            "{amount} is more than the largest amount a counter takes ({maximum}).",
            amount=format_yuan(request.amount_fen),
            maximum=format_yuan(maximum_fen),
        )


def _check_invoice(invoice: InvoiceIn) -> None:
    if not invoice.title.strip() or len(invoice.title) > 100:
        raise PaymentError("An invoice needs a title (the person's or company's name).")
    if invoice.tax_id and not re.fullmatch(r"[0-9A-Z]{15,20}", invoice.tax_id.strip()):
        raise PaymentError("A taxpayer id (纳税人识别号) is 15 to 20 capital letters or digits.")
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", invoice.email.strip()):
        raise PaymentError("The e-mail for the invoice does not look like an address.")
    for period in (invoice.period_from, invoice.period_to):
        if period < 200_001 or not 1 <= period % 100 <= 12:
            raise PaymentError("Invoice periods are months such as 202611.")
    if invoice.period_from > invoice.period_to:
        raise PaymentError("The invoice period starts after it ends.")


def _account(connection: Connection, account_uid: uuid.UUID) -> tuple[int, object]:
    row = connection.execute(
        text("SELECT id, closed_on FROM account WHERE uid = :uid"), {"uid": account_uid.bytes}
    ).one_or_none()
    if row is None:
        raise PaymentError("This account is not in this terminal's records; search for it again.")
    return int(row[0]), row[1]


@dataclass
class _Split:
    """How the money and prepaid credit go over the bills, and what that does to each bill."""

    allocations: tuple[Allocation, ...]
    prepaid_before: Fen
    prepaid_after: Fen
    principal_by_bill: dict[uuid.UUID, Fen] = field(default_factory=dict)
    late_fee_by_bill: dict[uuid.UUID, Fen] = field(default_factory=dict)


def _split(view: AccountView, amount_fen: Fen) -> _Split:
    debts = [
        Debt(bill.bill_uid, bill.period, bill.due_date, bill.outstanding_fen, bill.late_fee_fen)
        for bill in view.bills
        if bill.outstanding_fen or bill.late_fee_fen
    ]
    # Prepaid credit settles bills first, together with the money: the pot is both.
    pot = amount_fen + view.prepaid_fen
    allocations = allocate(pot, debts)
    split = _Split(allocations, view.prepaid_fen, 0)
    for piece in allocations:
        if piece.kind is AllocationKind.PREPAYMENT:
            split.prepaid_after += piece.amount_fen
        elif piece.bill_id is not None:
            book = (
                split.principal_by_bill
                if piece.kind is AllocationKind.PRINCIPAL
                else split.late_fee_by_bill
            )
            book[piece.bill_id] = book.get(piece.bill_id, 0) + piece.amount_fen
    # The credit the account held already is not this payment's money: only what the payment
    # adds to it is its prepayment, so the allocations add up to the amount plus the credit used.
    added = split.prepaid_after - split.prepaid_before
    split.allocations = tuple(
        piece for piece in allocations if piece.kind is not AllocationKind.PREPAYMENT
    ) + ((Allocation(AllocationKind.PREPAYMENT, added, None),) if added > 0 else ())
    return split


def _receipt_no(connection: Connection, terminal: str, now: datetime) -> str:
    day = f"{business_day(now):%Y%m%d}"
    return f"{terminal}-{day}-{next_number(connection, f'receipt:{terminal}:{day}'):04d}"


def _checked(
    connection: Connection, actor: SignedIn, request: PaymentRequest, now: datetime
) -> tuple[settings.BusinessSettings, Shift, AccountView]:
    """Every check before anything is written: the request, the shift and the account."""
    require(actor, Permission.TAKE_PAYMENT)
    config = settings.load(connection)
    _check_tenders(request, config.maximum_amount_fen)
    if request.invoice is not None:
        _check_invoice(request.invoice)
    taken = connection.execute(
        text("SELECT receipt_no FROM payment WHERE uid = :uid"), {"uid": request.payment_uid.bytes}
    ).scalar_one_or_none()
    if taken is not None:
        raise DuplicatePaymentError(str(taken))
    shift = shift_for_payment(connection, actor, now)
    account_id, closed_on = _account(connection, request.account_uid)
    view = load_account_view(connection, account_id, business_day(now), config.late_fee)
    if closed_on is not None:
        raise PaymentError(
            "Account {account} was closed on {day}; it takes no payments.",
            account=view.number,
            day=closed_on,
        )
    if request.expected_due_fen is not None and request.expected_due_fen != view.due_today_fen:
        raise PaymentError(
            "The amount due changed from {before} to {now} since the account was opened. Check "
            "it with the customer and confirm again.",
            before=format_yuan(request.expected_due_fen),
            now=format_yuan(view.due_today_fen),
        )
    return config, shift, view


def _clears_disconnection(view: AccountView, split: _Split) -> bool:
    """A disconnected account whose overdue bills are all paid by this payment (DOMAIN.md)."""
    return view.status is AccountStatus.DISCONNECTED and not any(
        bill.overdue_days > 0
        and bill.outstanding_fen - split.principal_by_bill.get(bill.bill_uid, 0) > 0
        for bill in view.bills
    )


def _reconnection_open(connection: Connection, account_id: int) -> bool:
    """An earlier payment raised a reconnection order that is still open: one is enough."""
    return (
        connection.execute(
            text(
                "SELECT 1 FROM work_order WHERE account_id = :a AND kind = 'reconnection' "
                "AND state = 'open'"
            ),
            {"a": account_id},
        ).first()
        is not None
    )


def _periods(view: AccountView, split: _Split) -> tuple[PeriodPaid, ...]:
    bills = {bill.bill_uid: bill for bill in view.bills}
    touched = sorted(
        set(split.principal_by_bill) | set(split.late_fee_by_bill),
        key=lambda uid: (bills[uid].due_date, bills[uid].period),
    )
    return tuple(
        PeriodPaid(
            f"{bills[uid].period // 100}-{bills[uid].period % 100:02d}",
            bills[uid].units * 100,
            UNITS[view.utility],
            split.principal_by_bill.get(uid, 0),
            split.late_fee_by_bill.get(uid, 0),
        )
        for uid in touched
    )


@dataclass(frozen=True)
class _Reconnection:
    order_uid: uuid.UUID
    order_no: str
    restore_by: datetime


def take_payment(
    connection: Connection, actor: SignedIn, request: PaymentRequest, *, now: datetime
) -> PaymentResult:
    """Take one payment in the caller's transaction; see the module docstring for what it writes.

    Everything logged meanwhile carries the payment's uid, its receipt's print job included, so
    support follows one payment through the log with ``grep <payment uid>``.
    """
    with log_context(payment=request.payment_uid):
        try:
            result = _take_payment(connection, actor, request, now=now)
        except CounterError as error:
            log.info("Payment refused at clerk %s: %s", actor.number, error)
            raise
        with log_context(print_job=result.print_job_uid):
            log.info("Payment written, receipt %s, %s fen by clerk %s (commits with the act)",
                     result.receipt_no, request.amount_fen, actor.number)  # fmt: skip
        return result


def _take_payment(
    connection: Connection, actor: SignedIn, request: PaymentRequest, *, now: datetime
) -> PaymentResult:
    config, shift, view = _checked(connection, actor, request, now)
    split = _split(view, request.amount_fen)
    receipt_no = _receipt_no(connection, config.terminal_code, now)
    hall = settings.load_hall_identity(connection)
    reconnection = None
    if _clears_disconnection(view, split) and not _reconnection_open(connection, view.account_id):
        day = f"{business_day(now):%Y%m%d}"
        number = next_number(connection, f"reconnection:{config.terminal_code}:{day}")
        reconnection = _Reconnection(
            new_uid(),
            f"FD-{config.terminal_code}-{day}-{number:03d}",
            now + timedelta(hours=config.reconnection_hours),
        )
    cash = next((t for t in request.tenders if t.tender is Tender.CASH), None)
    change = 0 if cash is None or cash.handed_fen is None else cash.handed_fen - cash.amount_fen
    receipt = PaymentReceipt(
        payment_uid=request.payment_uid,
        receipt_no=receipt_no,
        issuer=hall,
        window=config.window,
        clerk_no=actor.number,
        paid_at=local(now),
        account_no=view.number,
        customer_name=view.name,
        address=view.address,
        utility=view.utility,
        periods=_periods(view, split),
        tender=max(request.tenders, key=lambda t: t.amount_fen).tender,
        tendered_fen=request.amount_fen + change,
        change_fen=change,
        prepaid_used_fen=max(split.prepaid_before - split.prepaid_after, 0),
        to_prepaid_fen=max(split.prepaid_after - split.prepaid_before, 0),
        prepaid_before_fen=split.prepaid_before,
        prepaid_after_fen=split.prepaid_after,
        qr_payload=f"{hall.website.rstrip('/')}/r/{receipt_no}" if hall.website else receipt_no,
        parts=tuple(
            TenderPart(t.tender, t.amount_fen, t.reference.strip()) for t in request.tenders
        ),
        reconnection_no="" if reconnection is None else reconnection.order_no,
        restore_by=None if reconnection is None else local(reconnection.restore_by),
    )
    payment_id = _write_payment(
        connection, actor, request, receipt, view=view, shift=shift, split=split, now=now
    )
    # A paid service whose fee this payment settles starts now, in the payment's transaction.
    settle_paid_bills(connection, actor, [
        bill.bill_uid for bill in view.bills
        if bill.kind == "service" and 0 < bill.outstanding_fen <= split.principal_by_bill.get(
            bill.bill_uid, 0)
    ], now)  # fmt: skip
    if reconnection is not None:
        _write_reconnection(
            connection, actor, view, reconnection, payment=(request.payment_uid, payment_id),
            receipt_no=receipt_no, now=now,
        )  # fmt: skip
    job = print_jobs.enqueue(
        connection, receipt, printer=RECEIPT_PRINTER, now=now, source_uid=request.payment_uid
    )
    audit.append(
        connection, at=now, actor=actor.number, action="payment.posted", subject=receipt_no,
        detail={"payment_uid": str(request.payment_uid), "account_no": view.number,
                "received_fen": request.amount_fen, "bills_fen": receipt.bills_fen,
                "late_fee_fen": receipt.late_fee_fen, "shift_no": shift.shift_no,
                "reconnection_no": receipt.reconnection_no},
    )  # fmt: skip
    outbox.add(
        connection,
        op_id=request.payment_uid,
        terminal_id=config.terminal_code,
        kind="payment.posted",
        payload=_payload(
            request, receipt, view=view, shift=shift, split=split, reconnection=reconnection
        ),
        business_time=now,
        now=now,
    )
    return PaymentResult(
        request.payment_uid, receipt_no, receipt, change, job.uid, receipt.reconnection_no
    )


def _write_payment(
    connection: Connection,
    actor: SignedIn,
    request: PaymentRequest,
    receipt: PaymentReceipt,
    *,
    view: AccountView,
    shift: Shift,
    split: _Split,
    now: datetime,
) -> int:
    """The payment row, its tenders and allocations, the bills and the prepaid balance."""
    payment_id = int(
        connection.execute(
            text(
                "INSERT INTO payment (uid, receipt_no, shift_id, clerk_id, account_id, "
                "business_day, paid_at, state, received_fen, tendered_fen, change_fen, "
                "prepaid_before_fen, prepaid_after_fen, receipt) VALUES (:uid, :no, :shift, "
                ":clerk, :account, :day, :at, 'posted', :received, :tendered, :change, :before, "
                ":after, :receipt) RETURNING id"
            ),
            {"uid": request.payment_uid.bytes, "no": receipt.receipt_no, "shift": shift.id,
             "clerk": actor.clerk_id, "account": view.account_id, "day": business_day(now),
             "at": naive_utc(now), "received": request.amount_fen,
             "tendered": receipt.tendered_fen, "change": receipt.change_fen,
             "before": split.prepaid_before, "after": split.prepaid_after,
             "receipt": codec.dumps(receipt)},
        ).scalar_one()
    )  # fmt: skip
    connection.execute(
        text(
            "INSERT INTO payment_tender (payment_id, tender, amount_fen, reference) "
            "VALUES (:p, :tender, :amount, :ref)"
        ),
        [{"p": payment_id, "tender": part.tender.value, "amount": part.amount_fen,
          "ref": part.reference} for part in receipt.parts],
    )  # fmt: skip
    bill_ids = {
        uuid.UUID(bytes=bytes(uid)): int(i)
        for i, uid in connection.execute(
            text("SELECT id, uid FROM bill WHERE account_id = :a"), {"a": view.account_id}
        )
    }
    connection.execute(
        text(
            "INSERT INTO allocation (payment_id, bill_id, kind, amount_fen) "
            "VALUES (:p, :bill, :kind, :amount)"
        ),
        [{"p": payment_id, "bill": None if a.bill_id is None else bill_ids[a.bill_id],
          "kind": a.kind.value, "amount": a.amount_fen} for a in split.allocations],
    )  # fmt: skip
    paid_before = {bill.bill_uid: bill.paid_fen for bill in view.bills}
    for uid, principal in split.principal_by_bill.items():
        done = connection.execute(
            text("UPDATE bill SET paid_fen = paid_fen + :p WHERE id = :id AND paid_fen = :was"),
            {"p": principal, "id": bill_ids[uid], "was": paid_before[uid]},
        )
        if done.rowcount != 1:
            raise PaymentError("A bill changed while the payment was being taken; try again.")
    done = connection.execute(
        text(
            # No version bump: ``account.version`` is HQ's master-data version, which a meter
            # change carries as its precondition (counterdesk.sync.protocol.TABLES); a payment
            # must not turn every later meter change into a conflict.
            "UPDATE account SET prepaid_fen = :after WHERE id = :id AND prepaid_fen = :before"
        ),
        {"after": split.prepaid_after, "before": split.prepaid_before, "id": view.account_id},
    )
    if done.rowcount != 1:
        raise PaymentError("The prepaid balance changed while the payment was taken; try again.")
    if request.invoice is not None:
        invoice = request.invoice
        connection.execute(
            text(
                "INSERT INTO invoice_request (uid, payment_id, title, tax_id, email, period_from, "
                "period_to, created_at) VALUES (:uid, :p, :title, :tax, :email, :f, :t, :now)"
            ),
            {"uid": new_uid().bytes, "p": payment_id, "title": invoice.title.strip(),
             "tax": invoice.tax_id.strip(), "email": invoice.email.strip(),
             "f": invoice.period_from, "t": invoice.period_to, "now": naive_utc(now)},
        )  # fmt: skip
    return payment_id


def _write_reconnection(
    connection: Connection,
    actor: SignedIn,
    view: AccountView,
    reconnection: _Reconnection,
    *,
    payment: tuple[uuid.UUID, int],
    receipt_no: str,
    now: datetime,
) -> None:
    """The reconnection order (复电) with its one step, the committed hour; the clerk who took the
    payment is its first-contact owner."""
    order_id = connection.execute(
        text(
            "INSERT INTO work_order (uid, order_no, kind, subtype, state, account_id, source_uid, "
            "customer_name, contact_phone, area_code, first_owner_no, department, handler_no, "
            "version, created_at, updated_at, due_at, detail) VALUES (:uid, :no, "
            "'reconnection', '', 'open', :a, :src, :name, :phone, '', :owner, '', :owner, 1, "
            ":now, :now, :due, :detail) RETURNING id"
        ),
        {"uid": reconnection.order_uid.bytes, "no": reconnection.order_no,
         "a": view.account_id, "src": payment[0].bytes, "name": view.name,
         "phone": view.phone or "", "owner": actor.number, "now": naive_utc(now),
         "due": naive_utc(reconnection.restore_by),
         "detail": json.dumps({"receipt_no": receipt_no, "payment_id": payment[1]})},
    ).scalar_one()  # fmt: skip
    connection.execute(
        text(
            "INSERT INTO work_order_step (order_id, seq, step, unit, due_at, provisional) "
            "VALUES (:o, 1, 'restored', 'hours', :due, 0)"
        ),
        {"o": order_id, "due": naive_utc(reconnection.restore_by)},
    )


def _payload(
    request: PaymentRequest,
    receipt: PaymentReceipt,
    *,
    view: AccountView,
    shift: Shift,
    split: _Split,
    reconnection: _Reconnection | None,
) -> dict[str, Any]:
    """What HQ needs to book the payment: identities as UUIDs, amounts in fen."""
    return {
        "payment_uid": str(request.payment_uid),
        "receipt_no": receipt.receipt_no,
        "account_uid": str(view.account_uid),
        "shift_uid": str(shift.uid),
        "clerk_no": receipt.clerk_no,
        "paid_at": receipt.paid_at.isoformat(),
        "received_fen": request.amount_fen,
        "change_fen": receipt.change_fen,
        "tenders": [
            {"tender": p.tender.value, "amount_fen": p.amount_fen, "reference": p.reference}
            for p in receipt.parts
        ],
        "allocations": [
            {
                "bill_uid": None if a.bill_id is None else str(a.bill_id),
                "kind": a.kind.value,
                "amount_fen": a.amount_fen,
            }
            for a in split.allocations
        ],
        "prepaid_before_fen": split.prepaid_before,
        "prepaid_after_fen": split.prepaid_after,
        "reconnection_order_uid": None if reconnection is None else str(reconnection.order_uid),
        # HQ raises the same reconnection order (counterdesk.hq.booking), so its number and
        # deadline travel too.
        "reconnection_order_no": None if reconnection is None else reconnection.order_no,
        "reconnection_due_at": None
        if reconnection is None
        else reconnection.restore_by.isoformat(),
        "invoice": None
        if request.invoice is None
        else {
            "title": request.invoice.title,
            "tax_id": request.invoice.tax_id,
            "email": request.invoice.email,
            "period_from": request.invoice.period_from,
            "period_to": request.invoice.period_to,
        },
    }


# --- reversal and reprint ----------------------------------------------------------------------


@dataclass(frozen=True)
class PostedPayment:
    """A payment as the reversal and the account panel read it back."""

    id: int
    uid: uuid.UUID
    receipt_no: str
    shift_id: int
    account_id: int
    paid_at: datetime
    state: PaymentState
    received_fen: Fen
    prepaid_before_fen: Fen
    prepaid_after_fen: Fen
    receipt: PaymentReceipt


def get_payment(connection: Connection, payment_uid: uuid.UUID) -> PostedPayment:
    row = connection.execute(
        text(
            "SELECT id, uid, receipt_no, shift_id, account_id, paid_at, state, received_fen, "
            "prepaid_before_fen, prepaid_after_fen, receipt FROM payment WHERE uid = :uid"
        ),
        {"uid": payment_uid.bytes},
    ).one_or_none()
    if row is None:
        raise PaymentError("There is no such payment on this terminal.")
    receipt = codec.loads("payment_receipt", str(row[10]))
    assert isinstance(receipt, PaymentReceipt)  # written by take_payment
    return PostedPayment(
        int(row[0]), uuid.UUID(bytes=bytes(row[1])), str(row[2]), int(row[3]), int(row[4]),
        aware_utc(row[5]), PaymentState(str(row[6])), int(row[7]), int(row[8]), int(row[9]),
        receipt,
    )  # fmt: skip


def reverse_payment(
    connection: Connection,
    actor: SignedIn,
    payment_uid: uuid.UUID,
    *,
    reason: str,
    approval: Approval,
    now: datetime,
) -> ReversalResult:
    """Undo a payment of the actor's open shift with a manager's approval (冲正).

    The payment stays, marked reversed; a reversal row, the bills' paid amounts and the prepaid
    balance put back, the reconnection order it raised cancelled if still open, the audit entry,
    the outbox row and the reversal slip's print job are written in the caller's transaction.
    """
    require(actor, Permission.TAKE_PAYMENT)
    reason = reason.strip()
    if len(reason) < 2:
        raise PaymentError("Give the reason for the reversal; it is printed and audited.")
    if len(reason) > 200:
        raise PaymentError("Keep the reason under 200 characters.")
    payment = get_payment(connection, payment_uid)
    if payment.state is PaymentState.REVERSED:
        raise PaymentError(
            "Receipt {receipt} has been reversed already.", receipt=payment.receipt_no
        )
    # The same rules as taking money: the clerk's open shift, of today's business day (日清日结).
    shift = shift_for_payment(connection, actor, now)
    if shift.id != payment.shift_id:
        raise PaymentError(
            "Receipt {receipt} is from another shift: only a payment of your open shift can be "
            "reversed at the counter. Later corrections go through the back office.",
            receipt=payment.receipt_no,
        )
    if approval.manager_id == actor.clerk_id:
        raise PermissionDeniedError("An approval must come from someone else, not yourself.")
    consume_approval(
        connection, approval, permission=Permission.APPROVE, act=REVERSE_ACT, now=now, by=actor
    )
    config = settings.load(connection)
    pieces = connection.execute(
        text("SELECT bill_id, kind, amount_fen FROM allocation WHERE payment_id = :p"),
        {"p": payment.id},
    ).all()
    for bill_id, kind, amount in pieces:
        if kind == AllocationKind.PRINCIPAL.value:
            done = connection.execute(
                text("UPDATE bill SET paid_fen = paid_fen - :a WHERE id = :id AND paid_fen >= :a"),
                {"a": int(amount), "id": int(bill_id)},
            )
            if done.rowcount != 1:
                raise PaymentError("A bill of this payment no longer matches; ask the back office.")
    refund_reversed_bills(
        connection,
        actor,
        [int(bill) for bill, kind, _ in pieces if kind == AllocationKind.PRINCIPAL.value],
        now,
    )
    delta = payment.prepaid_after_fen - payment.prepaid_before_fen
    done = connection.execute(
        text(
            "UPDATE account SET prepaid_fen = prepaid_fen - :d "
            "WHERE id = :id AND prepaid_fen - :d >= 0"
        ),
        {"d": delta, "id": payment.account_id},
    )
    if done.rowcount != 1:
        raise PaymentError(
            "The prepaid credit from this payment has been used by a later payment: reverse that "
            "one first."
        )
    connection.execute(
        text("UPDATE payment SET state = 'reversed' WHERE id = :id"), {"id": payment.id}
    )
    connection.execute(
        text(
            "UPDATE work_order SET state = 'cancelled', closed_at = :now, updated_at = :now, "
            "version = version + 1 WHERE source_uid = :src AND kind = 'reconnection' "
            "AND state = 'open'"
        ),
        {"src": payment.uid.bytes, "now": naive_utc(now)},
    )
    day = f"{business_day(now):%Y%m%d}"
    number = next_number(connection, f"reversal:{config.terminal_code}:{day}")
    reversal_no = f"{config.terminal_code}-{day}-R{number:03d}"
    reversal_uid = new_uid()
    connection.execute(
        text(
            "INSERT INTO reversal (uid, reversal_no, payment_id, shift_id, clerk_id, "
            "approved_by_id, reason, reversed_at) VALUES (:uid, :no, :p, :shift, :clerk, "
            ":approver, :reason, :now)"
        ),
        {"uid": reversal_uid.bytes, "no": reversal_no, "p": payment.id, "shift": shift.id,
         "clerk": actor.clerk_id, "approver": approval.manager_id, "reason": reason,
         "now": naive_utc(now)},
    )  # fmt: skip
    original = payment.receipt
    slip = ReversalSlip(
        reversal_uid=reversal_uid,
        reversal_no=reversal_no,
        issuer=settings.load_hall_identity(connection),
        window=config.window,
        clerk_no=actor.number,
        approved_by=approval.manager_no,
        reversed_at=local(now),
        original_receipt_no=payment.receipt_no,
        original_paid_at=original.paid_at,
        account_no=original.account_no,
        customer_name=original.customer_name,
        amount_fen=payment.received_fen,
        tender=original.tender,
        reason=reason,
    )
    job = print_jobs.enqueue(
        connection, slip, printer=RECEIPT_PRINTER, now=now, source_uid=reversal_uid
    )
    audit.append(connection, at=now, actor=actor.number, action="payment.reversed",
                 subject=payment.receipt_no,
                 detail={"reversal_no": reversal_no, "approved_by": approval.manager_no,
                         "reason": reason, "amount_fen": payment.received_fen})  # fmt: skip
    outbox.add(connection, op_id=reversal_uid, terminal_id=config.terminal_code,
               kind="payment.reversed",
               payload={"reversal_uid": str(reversal_uid), "reversal_no": reversal_no,
                        "payment_uid": str(payment.uid), "reason": reason,
                        "approved_by": approval.manager_no, "clerk_no": actor.number,
                        "reversed_at": local(now).isoformat()},
               business_time=now, now=now)  # fmt: skip
    with log_context(payment=payment.uid, op=reversal_uid, print_job=job.uid):
        log.info("Payment reversed as %s (receipt %s) by clerk %s, approved by %s",
                 reversal_no, payment.receipt_no, actor.number, approval.manager_no)  # fmt: skip
    return ReversalResult(reversal_uid, reversal_no, slip, job.uid)


def reprint_receipt(
    connection: Connection, actor: SignedIn, payment_uid: uuid.UUID, *, now: datetime
) -> print_jobs.PrintJob:
    """Queue a copy (副本) of a payment's receipt with the next copy number, and audit it."""
    require(actor, Permission.REPRINT)
    payment = get_payment(connection, payment_uid)
    original = connection.execute(
        text(
            "SELECT uid FROM print_job WHERE source_uid = :src AND copy_number = 1 "
            "ORDER BY id LIMIT 1"
        ),
        {"src": payment_uid.bytes},
    ).scalar_one_or_none()
    if original is None:
        job = print_jobs.enqueue(
            connection, payment.receipt, printer=RECEIPT_PRINTER, now=now, source_uid=payment.uid
        )
    else:
        job = print_jobs.reprint(connection, uuid.UUID(bytes=bytes(original)), now=now)
    audit.append(connection, at=now, actor=actor.number, action="receipt.reprinted",
                 subject=payment.receipt_no, detail={"copy_number": job.copy_number})  # fmt: skip
    return job


# --- what the account panel shows -------------------------------------------------------------


@dataclass(frozen=True)
class PaymentLine:
    payment_uid: uuid.UUID
    receipt_no: str
    paid_at: datetime
    received_fen: Fen
    tenders: str
    state: PaymentState
    same_shift: bool
    """True when the signed-in clerk's open shift took it, so it may be reversed here."""


@dataclass(frozen=True)
class OrderLine:
    order_no: str
    kind: str
    state: str
    due_at: datetime
    order_uid: uuid.UUID | None = None
    subtype: str = ""


def recent_payments(
    connection: Connection, account_id: int, *, shift_id: int | None = None, limit: int = 10
) -> list[PaymentLine]:
    """The account's newest payments at this terminal, newest first."""
    rows = connection.execute(
        text(
            "SELECT p.uid, p.receipt_no, p.paid_at, p.received_fen, p.state, p.shift_id, "
            "(SELECT group_concat(t.tender, '+') FROM payment_tender AS t "
            " WHERE t.payment_id = p.id) FROM payment AS p WHERE p.account_id = :a "
            "ORDER BY p.paid_at DESC, p.id DESC LIMIT :limit"
        ),
        {"a": account_id, "limit": limit},
    )
    return [
        PaymentLine(uuid.UUID(bytes=bytes(uid)), str(no), aware_utc(at), int(amount),
                    str(tenders or ""), PaymentState(str(state)),
                    shift_id is not None and int(shift) == shift_id)
        for uid, no, at, amount, state, shift, tenders in rows
    ]  # fmt: skip


def open_orders(connection: Connection, account_id: int) -> list[OrderLine]:
    """The account's open work orders, the nearest deadline first (the customer column's tab)."""
    rows = connection.execute(
        text(
            "SELECT order_no, kind, state, due_at, uid, subtype FROM work_order "
            "WHERE account_id = :a AND closed_at IS NULL "
            "AND state NOT IN ('closed', 'cancelled', 'archived') ORDER BY due_at"
        ),
        {"a": account_id},
    )
    return [
        OrderLine(str(no), str(kind), str(state), aware_utc(due), uuid.UUID(bytes=bytes(uid)),
                  str(subtype))
        for no, kind, state, due, uid, subtype in rows
    ]  # fmt: skip
