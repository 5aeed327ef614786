"""The facts on thermal-roll printouts (小票): receipts, slips, tickets and short notices.

Each class is what a printed piece says, already decided by a service: amounts are integer fen,
times are aware datetimes in the hall's local time (what the customer's clock shows), names and
addresses are full (the layout masks them with :mod:`counterdesk.domain.masking`). The checks in
``__post_init__`` refuse a receipt whose figures do not add up, because a printout that
contradicts itself is worse than none; they never compute money, they only compare.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from counterdesk.documents.identity import HallIdentity
from counterdesk.domain.accounts import Utility
from counterdesk.domain.money import Fen


class DocumentError(ValueError):
    """The facts given for a printout are inconsistent (figures that do not add up, naive times)."""


def _require_aware(name: str, moment: datetime) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise DocumentError(f"{name} must carry its time zone, got {moment!r}.")


class Tender(enum.StrEnum):
    """How the customer paid (支付方式). Cash opens the drawer and is counted at shift end."""

    CASH = "cash"
    BANK_CARD = "bank_card"
    WECHAT = "wechat"
    ALIPAY = "alipay"
    CHEQUE = "cheque"
    PREPAID = "prepaid"


@dataclass(frozen=True)
class PeriodPaid:
    """One bill settled by a payment: its period, units and the amounts applied to it."""

    period: str
    units_hundredths: int
    unit: str
    principal_fen: Fen
    late_fee_fen: Fen = 0


@dataclass(frozen=True)
class TenderPart:
    """One tender of a split payment (组合支付): how much it paid and its reference number.

    ``reference`` is the bank or QR transaction number the customer's phone or the card slip
    shows, printed so a disputed payment can be traced; cash has none.
    """

    tender: Tender
    amount_fen: Fen
    reference: str = ""


@dataclass(frozen=True)
class PaymentReceipt:
    """A payment receipt (缴费凭证): DOMAIN.md "Money, receipts and numerals" lists its contents.

    ``received_fen`` is the money kept (tendered − change); it equals what the bills and late fees
    took, minus prepaid credit used, plus what went to prepaid credit (预收).
    """

    payment_uid: UUID
    receipt_no: str
    issuer: HallIdentity
    window: str
    clerk_no: str
    paid_at: datetime
    account_no: str
    customer_name: str
    address: str
    utility: Utility
    periods: tuple[PeriodPaid, ...]
    tender: Tender
    tendered_fen: Fen
    change_fen: Fen
    prepaid_used_fen: Fen
    to_prepaid_fen: Fen
    prepaid_before_fen: Fen
    prepaid_after_fen: Fen
    qr_payload: str = ""
    parts: tuple[TenderPart, ...] = ()
    """Every tender with its amount and reference; empty on receipts made before split tenders."""
    reconnection_no: str = ""
    restore_by: datetime | None = None
    """Set when this payment cleared a disconnected account: the reconnection order's deadline."""

    def __post_init__(self) -> None:
        _require_aware("paid_at", self.paid_at)
        if self.restore_by is not None:
            _require_aware("restore_by", self.restore_by)
        if self.received_fen != self.bills_fen + self.late_fee_fen - self.prepaid_used_fen + (
            self.to_prepaid_fen
        ):
            raise DocumentError(
                f"Receipt {self.receipt_no}: received {self.received_fen} fen does not equal bills "
                f"{self.bills_fen} + late fee {self.late_fee_fen} − credit used "
                f"{self.prepaid_used_fen} + to credit {self.to_prepaid_fen}."
            )
        if self.prepaid_after_fen != (
            self.prepaid_before_fen - self.prepaid_used_fen + self.to_prepaid_fen
        ):
            raise DocumentError(f"Receipt {self.receipt_no}: prepaid balance does not add up.")
        if min(self.tendered_fen, self.change_fen, self.prepaid_used_fen, self.to_prepaid_fen) < 0:
            raise DocumentError(f"Receipt {self.receipt_no}: negative amount.")
        if self.parts and sum(part.amount_fen for part in self.parts) != self.received_fen:
            raise DocumentError(
                f"Receipt {self.receipt_no}: the tenders add up to "
                f"{sum(part.amount_fen for part in self.parts)} fen, not {self.received_fen}."
            )

    @property
    def bills_fen(self) -> Fen:
        return sum(line.principal_fen for line in self.periods)

    @property
    def late_fee_fen(self) -> Fen:
        return sum(line.late_fee_fen for line in self.periods)

    @property
    def received_fen(self) -> Fen:
        return self.tendered_fen - self.change_fen


@dataclass(frozen=True)
class ReversalSlip:
    """A reversal slip (冲正凭证): a payment undone by a reversal entry, never deleted."""

    reversal_uid: UUID
    reversal_no: str
    issuer: HallIdentity
    window: str
    clerk_no: str
    approved_by: str
    reversed_at: datetime
    original_receipt_no: str
    original_paid_at: datetime
    account_no: str
    customer_name: str
    amount_fen: Fen
    tender: Tender
    reason: str

    def __post_init__(self) -> None:
        _require_aware("reversed_at", self.reversed_at)
        _require_aware("original_paid_at", self.original_paid_at)
        if self.amount_fen <= 0:
            raise DocumentError(f"Reversal {self.reversal_no}: the amount must be positive.")


@dataclass(frozen=True)
class QueueTicket:
    """A queue ticket (排队号票) from the kiosk or the counter."""

    ticket_uid: UUID
    number: str
    category_code: str
    category_name: str
    people_ahead: int
    issued_at: datetime
    issuer: HallIdentity
    qr_payload: str = ""
    green_channel: bool = False

    def __post_init__(self) -> None:
        _require_aware("issued_at", self.issued_at)
        if self.people_ahead < 0:
            raise DocumentError("people_ahead cannot be negative.")


class ShiftSlipKind(enum.StrEnum):
    """X: a reading in the middle of a shift (中间读数), changes nothing. Z: the closing (轧账)."""

    X = "x"
    Z = "z"


@dataclass(frozen=True)
class TenderTotal:
    tender: Tender
    count: int
    amount_fen: Fen


@dataclass(frozen=True)
class ShiftSlip:
    """A shift slip (收费班次报表): takings by tender, reversals, and for Z the cash count."""

    kind: ShiftSlipKind
    shift_uid: UUID
    shift_no: str
    issuer: HallIdentity
    window: str
    clerk_no: str
    opened_at: datetime
    printed_at: datetime
    float_fen: Fen
    tenders: tuple[TenderTotal, ...]
    reversal_count: int
    reversal_fen: Fen
    expected_cash_fen: Fen
    counted_cash_fen: Fen | None = None
    difference_reason: str = ""
    approved_by: str = ""
    z_no: str = ""
    """The Z report's number (轧账序号), consecutive per terminal; empty on an X reading."""

    def __post_init__(self) -> None:
        _require_aware("opened_at", self.opened_at)
        _require_aware("printed_at", self.printed_at)
        if self.kind is ShiftSlipKind.Z and self.counted_cash_fen is None:
            raise DocumentError(f"Z slip {self.shift_no} needs the counted cash.")

    @property
    def payment_count(self) -> int:
        return sum(total.count for total in self.tenders)

    @property
    def takings_fen(self) -> Fen:
        return sum(total.amount_fen for total in self.tenders)

    @property
    def difference_fen(self) -> Fen | None:
        if self.counted_cash_fen is None:
            return None
        return self.counted_cash_fen - self.expected_cash_fen


@dataclass(frozen=True)
class StepDeadline:
    """One step of a work order with the day it is due (working days, WorkCalendar)."""

    name: str
    due: date
    provisional: bool = False


@dataclass(frozen=True)
class AcceptanceSlip:
    """Application acceptance (业务受理回执): what was accepted and by when each step is due."""

    order_uid: UUID
    order_no: str
    issuer: HallIdentity
    service_name: str
    accepted_at: datetime
    clerk_no: str
    account_no: str
    applicant_name: str
    address: str
    contact_phone: str
    steps: tuple[StepDeadline, ...]
    commitment_workdays: int
    documents_received: tuple[str, ...] = ()
    qr_payload: str = ""

    def __post_init__(self) -> None:
        _require_aware("accepted_at", self.accepted_at)
        if not self.steps:
            raise DocumentError(f"Acceptance {self.order_no} lists no steps.")


@dataclass(frozen=True)
class ReconnectionNotice:
    """Reconnection (复电) after arrears are settled, with its 24-hour commitment."""

    order_uid: UUID
    order_no: str
    issuer: HallIdentity
    account_no: str
    customer_name: str
    address: str
    receipt_no: str
    paid_at: datetime
    restore_by: datetime
    commitment_hours: int
    clerk_no: str

    def __post_init__(self) -> None:
        _require_aware("paid_at", self.paid_at)
        _require_aware("restore_by", self.restore_by)
        if self.restore_by < self.paid_at:
            raise DocumentError(f"Reconnection {self.order_no}: restore_by is before the payment.")


class MeterChangeReason(enum.StrEnum):
    """Why a meter was changed (DOMAIN.md: rotation, fault, test, customer request)."""

    ROTATION = "rotation"
    FAULT = "fault"
    TEST = "test"
    CUSTOMER_REQUEST = "customer_request"


@dataclass(frozen=True)
class RegisterChange:
    """One register at a meter change: the old meter's final and the new meter's first reading."""

    register: str
    old_final_hundredths: int
    new_initial_hundredths: int


@dataclass(frozen=True)
class MeterChangeSlip:
    """A meter change (换表) slip and, on A4, the notice with its service card (换表便民服务卡)."""

    order_uid: UUID
    order_no: str
    issuer: HallIdentity
    account_no: str
    customer_name: str
    address: str
    changed_at: datetime
    reason: MeterChangeReason
    old_meter_no: str
    new_meter_no: str
    old_multiplier: int
    new_multiplier: int
    registers: tuple[RegisterChange, ...]
    unit: str
    fitter_no: str
    clerk_no: str
    remarks: str = ""

    def __post_init__(self) -> None:
        _require_aware("changed_at", self.changed_at)
        if not self.registers:
            raise DocumentError(f"Meter change {self.order_no} lists no registers.")


@dataclass(frozen=True)
class PrinterTestPage:
    """The page ``counterdesk print-test`` prints: encoding, widths and features of one printer."""

    issuer: HallIdentity
    printer: str
    printed_at: datetime
    sample_lines: tuple[str, ...] = field(
        default=("中文：电费缴费凭证", "符号：￥（）【】《》、。·—…", "繁體：電費繳費憑證")
    )
