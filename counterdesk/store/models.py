"""The terminal's tables as SQLAlchemy 2 typed models.

Two keys per business row, on purpose. ``uid`` is the identity the whole system shares (a UUID made
where the record was born: at HQ for accounts and bills, at the terminal for payments), and it is
what sync and receipts carry. ``id`` is a local integer row id that never leaves this file: SQLite
joins, indexes and the full-text index (whose rows are keyed by an integer) are smaller and faster
on it, which matters with a million accounts and twelve million bills in a terminal cache.
Human numbers (account no., meter no.) are unique but never keys.

Row classes end in ``Row`` so they are not mistaken for the frozen domain values in
:mod:`counterdesk.domain.accounts`; read models such as :mod:`counterdesk.store.account_view` turn
rows into what a screen needs.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from counterdesk.domain.accounts import AccountStatus, CustomerClass, Utility
from counterdesk.domain.permissions import Role

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UuidBlob(TypeDecorator[uuid.UUID]):
    """A UUID stored as its 16 raw bytes (half the size of the 32-character text form)."""

    impl = LargeBinary(16)
    cache_ok = True

    def process_bind_param(self, value: uuid.UUID | None, dialect: Dialect) -> bytes | None:  # noqa: ARG002
        return None if value is None else value.bytes

    def process_result_value(self, value: Any, dialect: Dialect) -> uuid.UUID | None:  # noqa: ARG002
        return None if value is None else uuid.UUID(bytes=bytes(value))


def _enum(kind: type[enum.StrEnum], name: str) -> Enum:
    """An enum column stored as its string value with a CHECK constraint, so garbage cannot land."""
    return Enum(
        kind,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=24,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {uuid.UUID: UuidBlob()}  # noqa: RUF012 - read by SQLAlchemy


class SettingRow(Base):
    """One business setting (late-fee rates, maximum amount…) as JSON; defaults live in code."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=False))


class CalendarOverrideRow(Base):
    """A day whose working status overrides ``chinesecalendar`` (for years it does not know yet)."""

    __tablename__ = "calendar_override"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)
    note: Mapped[str | None] = mapped_column(String(100))


class TariffRow(Base):
    """A tariff (电价) as HQ publishes it; the price structure is JSON read by the domain."""

    __tablename__ = "tariff"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    utility: Mapped[Utility] = mapped_column(_enum(Utility, "utility"))
    definition: Mapped[str] = mapped_column(Text)


class CustomerRow(Base):
    """A customer (客户): a person or an organisation that holds accounts."""

    __tablename__ = "customer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[uuid.UUID] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(20), index=True)
    id_number: Mapped[str | None] = mapped_column(String(18), index=True)


class AccountRow(Base):
    """A supply account (户): what a customer pays at the counter, under one utility and tariff."""

    __tablename__ = "account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[uuid.UUID] = mapped_column(unique=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    utility: Mapped[Utility] = mapped_column(_enum(Utility, "utility"))
    customer_class: Mapped[CustomerClass] = mapped_column(_enum(CustomerClass, "customer_class"))
    tariff_code: Mapped[str] = mapped_column(ForeignKey("tariff.code"))
    status: Mapped[AccountStatus] = mapped_column(_enum(AccountStatus, "account_status"))
    key_customer: Mapped[bool] = mapped_column(Boolean, default=False)
    address: Mapped[str] = mapped_column(String(200))
    area_code: Mapped[str] = mapped_column(String(16), index=True)
    prepaid_fen: Mapped[int] = mapped_column(Integer, default=0)
    version: Mapped[int] = mapped_column(Integer, default=1)
    closed_on: Mapped[date | None] = mapped_column(Date)
    """The day the account was closed (销户); a closed account takes no payments."""
    ledger_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """HQ's version of the account's money (prepaid, bills) this row was pulled at: how the sync
    overlay knows which of this terminal's payments the row already contains (SYNC.md)."""
    hq_prepaid_fen: Mapped[int | None] = mapped_column(Integer)
    """HQ's prepaid balance as last pulled (NULL: HQ never sent this row). ``prepaid_fen`` is
    this plus what HQ has not seen yet of this terminal's payments (the sync overlay), so it can
    be recomputed whenever HQ acknowledges one."""


class MeterRow(Base):
    """A meter (电能表 / 水表 / 燃气表) with its CT and PT ratios and its registers."""

    __tablename__ = "meter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[uuid.UUID] = mapped_column(unique=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    utility: Mapped[Utility] = mapped_column(_enum(Utility, "utility"))
    ct_ratio: Mapped[int] = mapped_column(Integer, default=1)
    pt_ratio: Mapped[int] = mapped_column(Integer, default=1)
    registers: Mapped[str] = mapped_column(String(64), default="total")
    digits: Mapped[int] = mapped_column(Integer, default=6)


class MeterInstallationRow(Base):
    """A meter serving an account from one date to another (装表 to 拆表)."""

    __tablename__ = "meter_installation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[uuid.UUID] = mapped_column(unique=True)
    meter_id: Mapped[int] = mapped_column(ForeignKey("meter.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    installed_on: Mapped[date] = mapped_column(Date)
    removed_on: Mapped[date | None] = mapped_column(Date)
    initial_readings: Mapped[str] = mapped_column(Text, default="{}")


class BillRow(Base):
    """One period's bill (电费账单) for an account: units, amount and what has been paid of it."""

    __tablename__ = "bill"
    __table_args__ = (Index("ix_bill_account_period", "account_id", "period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[uuid.UUID] = mapped_column(unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    period: Mapped[int] = mapped_column(Integer)
    units: Mapped[int] = mapped_column(Integer)
    amount_fen: Mapped[int] = mapped_column(Integer)
    due_date: Mapped[date] = mapped_column(Date)
    paid_fen: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[str] = mapped_column(String(16), default="energy", server_default="energy")
    """``energy`` (a period's bill), ``back_billing`` (电量退补 after approval) or ``service``
    (a paid service's fee, 有偿服务): only energy and back-billing carry a late fee."""
    order_uid: Mapped[uuid.UUID | None] = mapped_column()
    """The work order that raised a back-billing or service bill."""
    ledger_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """The account's ledger version at HQ this bill row belongs to (see AccountRow)."""
    hq_paid_fen: Mapped[int | None] = mapped_column(Integer)
    """HQ's paid amount as last pulled (NULL: HQ never sent this bill); see AccountRow."""


class PrintJobState(enum.StrEnum):
    """Where a print job (打印任务) stands; :mod:`counterdesk.store.print_jobs` has the moves."""

    QUEUED = "queued"
    PRINTING = "printing"
    WAITING = "waiting"
    PRINTED = "printed"
    UNCERTAIN = "uncertain"
    INTERRUPTED = "interrupted"
    FAILED = "failed"
    DISCARDED = "discarded"


class PrintJobRow(Base):
    """A printout waiting for, going to, or done on a printer; it holds facts (JSON), not bytes.

    ``copy_number`` is 1 for the original and 2, 3… for reprints (副本), which point at the
    original through ``original_id``; ``source_uid`` is the business record it prints (a payment).
    """

    __tablename__ = "print_job"
    __table_args__ = (Index("ix_print_job_printer_state", "printer", "state", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[uuid.UUID] = mapped_column(unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    content: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(String(100))
    printer: Mapped[str] = mapped_column(String(32))
    state: Mapped[PrintJobState] = mapped_column(_enum(PrintJobState, "print_job_state"))
    copy_number: Mapped[int] = mapped_column(Integer, default=1)
    original_id: Mapped[int | None] = mapped_column(ForeignKey("print_job.id"))
    source_uid: Mapped[uuid.UUID | None] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    problem: Mapped[str | None] = mapped_column(String(24))
    detail: Mapped[str | None] = mapped_column(String(300))
    maybe_printed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    printed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))


class PrinterRow(Base):
    """A printer configured on this terminal (terminal-local, never synced): see PrinterProfile."""

    __tablename__ = "printer"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    address: Mapped[str] = mapped_column(String(200))
    paper_mm: Mapped[int] = mapped_column(Integer, default=80)
    encoding: Mapped[str] = mapped_column(String(16), default="gb18030")
    native_qr: Mapped[bool] = mapped_column(Boolean, default=True)
    cutter: Mapped[bool] = mapped_column(Boolean, default=True)
    drawer: Mapped[bool] = mapped_column(Boolean, default=True)
    timeout_ms: Mapped[int] = mapped_column(Integer, default=5000)


class DeviceRow(Base):
    """A serial device on this terminal (terminal-local, never synced): see devices.config.

    ``options`` is JSON because each kind has its own few (a display's text template, a card
    reader's pattern, a Modbus register); ``devices.config`` checks them on save and on load.
    """

    __tablename__ = "device"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    kind: Mapped[str] = mapped_column(String(24))
    port: Mapped[str] = mapped_column(String(200))
    address: Mapped[int] = mapped_column(Integer, default=1)
    baudrate: Mapped[int] = mapped_column(Integer, default=9600)
    options: Mapped[str] = mapped_column(Text, default="{}")
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)


class ClerkRow(Base):
    """A person who signs in: clerk (收费员), hall manager (值班长) or IT admin.

    ``number`` is what they type and what receipts print (0107); the password is kept only as an
    argon2 hash. ``failed_attempts`` and ``locked_until`` implement the lock after repeated
    failures; ``active`` is false for a disabled clerk, who is kept for the audit trail.
    """

    __tablename__ = "clerk"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[uuid.UUID] = mapped_column(unique=True)
    number: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(40))
    role: Mapped[Role] = mapped_column(_enum(Role, "clerk_role"))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_attempts: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    password_changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=False))


class AuditRow(Base):
    """One entry of the append-only audit log, chained to the one before by its hash.

    ``entry_hash`` is SHA-256 over the previous entry's hash and this entry's fields, so changing
    or deleting any entry breaks every link after it (:mod:`counterdesk.services.audit`). Triggers
    refuse UPDATE and DELETE on the table.
    """

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    actor: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(40))
    subject: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64))
    entry_hash: Mapped[str] = mapped_column(String(64))


class SequenceRow(Base):
    """The last number handed out in a gapless series (receipt numbers per terminal and day…).

    Taken inside the business act's transaction, so a payment that rolls back gives its number
    back and the printed series never has a hole an auditor would ask about.
    """

    __tablename__ = "number_sequence"

    name: Mapped[str] = mapped_column(String(48), primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


class ShiftState(enum.StrEnum):
    OPEN = "open"
    CLOSED = "closed"


class ShiftRow(Base):
    """A clerk's shift at this terminal (收费班次): the float, then all taken until closing."""

    __tablename__ = "shift"
    __table_args__ = (
        Index(
            "uq_shift_one_open_per_terminal",
            "terminal_code",
            unique=True,
            sqlite_where=text("state = 'open'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[uuid.UUID] = mapped_column(unique=True)
    shift_no: Mapped[str] = mapped_column(String(32), unique=True)
    terminal_code: Mapped[str] = mapped_column(String(16))
    window: Mapped[str] = mapped_column(String(8))
    clerk_id: Mapped[int] = mapped_column(ForeignKey("clerk.id"), index=True)
    business_day: Mapped[date] = mapped_column(Date)
    state: Mapped[ShiftState] = mapped_column(_enum(ShiftState, "shift_state"))
    float_fen: Mapped[int] = mapped_column(Integer)
    opened_at: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))
    z_no: Mapped[str | None] = mapped_column(String(24), unique=True)
    counted: Mapped[str | None] = mapped_column(Text)
    """At closing: the counted total per tender as JSON, fen."""
    expected_cash_fen: Mapped[int | None] = mapped_column(Integer)
    counted_cash_fen: Mapped[int | None] = mapped_column(Integer)
    difference_fen: Mapped[int | None] = mapped_column(Integer)
    difference_reason: Mapped[str | None] = mapped_column(String(200))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("clerk.id"))


class PaymentState(enum.StrEnum):
    POSTED = "posted"
    REVERSED = "reversed"


class PaymentRow(Base):
    """A payment taken at this terminal (缴费): the money, and where it went (see AllocationRow).

    ``received_fen`` is the money kept (tenders less change); ``receipt`` is the receipt's facts as
    printed (JSON, :mod:`counterdesk.documents.codec`), the receipt record an audit reads back.
    """

    __tablename__ = "payment"
    __table_args__ = (Index("ix_payment_account_paid_at", "account_id", "paid_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[uuid.UUID] = mapped_column(unique=True)
    receipt_no: Mapped[str] = mapped_column(String(32), unique=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shift.id"), index=True)
    clerk_id: Mapped[int] = mapped_column(ForeignKey("clerk.id"))
    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"))
    business_day: Mapped[date] = mapped_column(Date, index=True)
    paid_at: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    state: Mapped[PaymentState] = mapped_column(_enum(PaymentState, "payment_state"))
    received_fen: Mapped[int] = mapped_column(Integer)
    tendered_fen: Mapped[int] = mapped_column(Integer)
    change_fen: Mapped[int] = mapped_column(Integer)
    prepaid_before_fen: Mapped[int] = mapped_column(Integer)
    prepaid_after_fen: Mapped[int] = mapped_column(Integer)
    receipt: Mapped[str] = mapped_column(Text)


class PaymentTenderRow(Base):
    """One tender of a payment: cash, bank card or QR, with its amount and reference number."""

    __tablename__ = "payment_tender"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id"), index=True)
    tender: Mapped[str] = mapped_column(String(16))
    amount_fen: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(String(64), default="")


class AllocationRow(Base):
    """A piece of a payment applied to a bill's late fee or principal, or to prepaid credit."""

    __tablename__ = "allocation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id"), index=True)
    bill_id: Mapped[int | None] = mapped_column(ForeignKey("bill.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    amount_fen: Mapped[int] = mapped_column(Integer)


class ReversalRow(Base):
    """The entry that undoes a payment (冲正); the payment itself stays, marked reversed."""

    __tablename__ = "reversal"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[uuid.UUID] = mapped_column(unique=True)
    reversal_no: Mapped[str] = mapped_column(String(32), unique=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id"), unique=True)
    shift_id: Mapped[int] = mapped_column(ForeignKey("shift.id"), index=True)
    clerk_id: Mapped[int] = mapped_column(ForeignKey("clerk.id"))
    approved_by_id: Mapped[int] = mapped_column(ForeignKey("clerk.id"))
    reason: Mapped[str] = mapped_column(String(200))
    reversed_at: Mapped[datetime] = mapped_column(DateTime(timezone=False))


class InvoiceRequestRow(Base):
    """An e-invoice request (电子发票) attached to a payment; the utility's platform issues it."""

    __tablename__ = "invoice_request"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[uuid.UUID] = mapped_column(unique=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payment.id"), index=True)
    title: Mapped[str] = mapped_column(String(100))
    tax_id: Mapped[str] = mapped_column(String(20), default="")
    email: Mapped[str] = mapped_column(String(100))
    period_from: Mapped[int] = mapped_column(Integer)
    period_to: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=False))


class WorkOrderRow(Base):
    """A work order (工单): a connection application, meter change, case, paid service or the
    reconnection a payment raises.

    ``kind`` picks the state machine, ``subtype`` the variant (the application type, the case
    kind, the service code). ``first_owner_no`` is the clerk who first received it (首问负责人),
    fixed at creation; ``department`` and ``handler_no`` are who is responsible now. ``due_at`` is
    the next open step's deadline (the overdue board reads it); ``source_uid`` the business record
    that raised it (the payment of a reconnection). ``version`` grows with every change, for the
    stale-screen check and the sync conflict rule. ``account_id`` is empty for a prospective
    customer's application.
    """

    __tablename__ = "work_order"
    __table_args__ = (
        Index("ix_work_order_open_due", "state", "due_at"),
        Index("ix_work_order_department", "department", "handler_no"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[uuid.UUID] = mapped_column(unique=True)
    order_no: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(24))
    state: Mapped[str] = mapped_column(String(24))
    account_id: Mapped[int | None] = mapped_column(ForeignKey("account.id"), index=True)
    source_uid: Mapped[uuid.UUID | None] = mapped_column(index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    detail: Mapped[str] = mapped_column(Text, default="{}")
    subtype: Mapped[str] = mapped_column(String(32), default="", server_default="")
    customer_name: Mapped[str] = mapped_column(String(100), default="", server_default="")
    contact_phone: Mapped[str] = mapped_column(String(20), default="", server_default="")
    area_code: Mapped[str] = mapped_column(String(16), default="", server_default="")
    first_owner_no: Mapped[str] = mapped_column(String(16), default="", server_default="")
    department: Mapped[str] = mapped_column(String(40), default="", server_default="")
    handler_no: Mapped[str] = mapped_column(String(40), default="", server_default="")
    paused_from: Mapped[str | None] = mapped_column(String(24))
    paused_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))


class WorkOrderStepRow(Base):
    """One step of a work order with its deadline (工作日 or hours) and when it was done."""

    __tablename__ = "work_order_step"
    __table_args__ = (UniqueConstraint("order_id", "seq", name="uq_work_order_step_order_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("work_order.id"))
    seq: Mapped[int] = mapped_column(Integer)
    step: Mapped[str] = mapped_column(String(32))
    unit: Mapped[str] = mapped_column(String(12))
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    provisional: Mapped[bool] = mapped_column(Boolean)
    done_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))


class WorkOrderEventRow(Base):
    """The history of a work order: every action, transfer and supervision note (督办), in order."""

    __tablename__ = "work_order_event"
    __table_args__ = (Index("ix_work_order_event_order", "order_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("work_order.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    clerk_no: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(32))
    from_state: Mapped[str | None] = mapped_column(String(24))
    to_state: Mapped[str | None] = mapped_column(String(24))
    department: Mapped[str] = mapped_column(String(40))
    handler_no: Mapped[str] = mapped_column(String(40))
    note: Mapped[str] = mapped_column(Text)
    detail: Mapped[str] = mapped_column(Text)


class MeterReadingRow(Base):
    """A register reading of an installed meter (抄表示数): the last one is what a meter change's
    final reading is checked against."""

    __tablename__ = "meter_reading"
    __table_args__ = (
        Index("ix_meter_reading_installation", "installation_id", "register", "read_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    installation_id: Mapped[int] = mapped_column(ForeignKey("meter_installation.id"))
    register: Mapped[str] = mapped_column(String(16))
    read_on: Mapped[date] = mapped_column(Date)
    reading: Mapped[int] = mapped_column(Integer)
    source: Mapped[str] = mapped_column(String(16))


class OutboxState(enum.StrEnum):
    """``sent``: HQ acknowledged it (``applied`` or ``duplicate``); ``rejected``: HQ answered
    ``conflict`` or ``rejected`` and parked it in its conflict inbox for a manager."""

    PENDING = "pending"
    SENT = "sent"
    REJECTED = "rejected"


class OutboxRow(Base):
    """An operation waiting to go to HQ (SYNC.md): written in the business act's transaction.

    ``op_id`` is the business record's UUID, so HQ applies it once however often it is sent;
    ``terminal_seq`` is gapless per terminal so HQ can see a missing operation.
    """

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    op_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    terminal_id: Mapped[str] = mapped_column(String(16))
    terminal_seq: Mapped[int] = mapped_column(Integer, unique=True)
    kind: Mapped[str] = mapped_column(String(40))
    payload_version: Mapped[int] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text)
    state: Mapped[OutboxState] = mapped_column(_enum(OutboxState, "outbox_state"), index=True)
    business_time: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    acked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))
    hq_status: Mapped[str | None] = mapped_column(String(16))
    """What HQ did: ``applied``, ``duplicate``, ``conflict`` or ``rejected``."""
    hq_result: Mapped[str | None] = mapped_column(Text)
    """What HQ booked, as JSON (a payment's ``{"ledger_version": 42}``)."""
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text)
    """Why the last send failed, or HQ's reason for a conflict or rejection."""


class SyncLinkRow(Base):
    """This terminal's link to HQ (one row, made by ``counterdesk sync join``).

    The last outcome is kept here too, so ``counterdesk sync status`` in another process and the
    app after a restart show when the terminal last reached HQ.
    """

    __tablename__ = "sync_link"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hq_url: Mapped[str] = mapped_column(String(200))
    token: Mapped[str] = mapped_column(String(200))
    terminal_id: Mapped[str] = mapped_column(String(16))
    hall: Mapped[str] = mapped_column(String(64), default="", server_default="")
    scopes: Mapped[str] = mapped_column(Text)
    """JSON list of the scopes this terminal pulls: ``*`` and its hall's service areas."""
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    link: Mapped[str] = mapped_column(String(16), default="online", server_default="online")
    last_success_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))
    last_error: Mapped[str] = mapped_column(Text, default="", server_default="")
    open_conflicts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    gap: Mapped[str] = mapped_column(String(200), default="", server_default="")


class SyncCursorRow(Base):
    """Where the next pull of a scope starts in HQ's change log (``"xid.seq"``)."""

    __tablename__ = "sync_cursor"

    scope: Mapped[str] = mapped_column(String(16), primary_key=True)
    cursor: Mapped[str] = mapped_column(String(41))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=False))


class SyncLoadRow(Base):
    """The initial load (or a refetch) of one scope, page by page, so a dropped connection
    resumes at the page it lost (``next_table``, ``next_after``) instead of starting over."""

    __tablename__ = "sync_load"

    scope: Mapped[str] = mapped_column(String(16), primary_key=True)
    cursor: Mapped[str | None] = mapped_column(String(41))
    """The change-log position from the first page: the scope's pull cursor once loaded."""
    next_table: Mapped[str | None] = mapped_column(String(24))
    next_after: Mapped[str | None] = mapped_column(String(64))
    rows_done: Mapped[int] = mapped_column(Integer)
    rows_total: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))


# --- the hall queue (on the hall server's database; see counterdesk.queue) ---------------------


class QueueCategoryRow(Base):
    """A ticket category (A 缴费, B 业扩, C 咨询, V 绿色通道): its letter starts every number."""

    __tablename__ = "queue_category"

    code: Mapped[str] = mapped_column(String(4), primary_key=True)
    name: Mapped[str] = mapped_column(String(32))
    name_en: Mapped[str] = mapped_column(String(48), default="")
    priority: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    sort: Mapped[int] = mapped_column(Integer, default=0)


class QueueWindowRow(Base):
    """A service window: which categories it serves with which weight (JSON), and its state now."""

    __tablename__ = "queue_window"

    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(32))
    weights: Mapped[str] = mapped_column(Text, default="{}")
    state: Mapped[str] = mapped_column(String(12), default="closed")
    clerk_no: Mapped[str | None] = mapped_column(String(16))
    clerk_name: Mapped[str | None] = mapped_column(String(32))
    current_uid: Mapped[uuid.UUID | None] = mapped_column()
    last_finished_uid: Mapped[uuid.UUID | None] = mapped_column()
    since: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))


class QueueTicketRow(Base):
    """A ticket as it stands now; its history is in ``queue_event``. Kept after its day ends."""

    __tablename__ = "queue_ticket"
    __table_args__ = (
        Index("ix_queue_ticket_day_state", "day", "state"),
        Index("uq_queue_ticket_day_number", "day", "number", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[uuid.UUID] = mapped_column(unique=True)
    day: Mapped[date] = mapped_column(Date)
    number: Mapped[str] = mapped_column(String(8))
    category: Mapped[str] = mapped_column(String(4))
    seq: Mapped[int] = mapped_column(Integer)
    priority: Mapped[int] = mapped_column(Integer, default=0)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    state: Mapped[str] = mapped_column(String(12))
    source: Mapped[str] = mapped_column(String(16), default="kiosk")
    window: Mapped[int | None] = mapped_column(Integer)
    target_window: Mapped[int | None] = mapped_column(Integer)
    clerk_no: Mapped[str | None] = mapped_column(String(16))
    called_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))
    first_called_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))
    recalls: Mapped[int] = mapped_column(Integer, default=0)
    transfers: Mapped[int] = mapped_column(Integer, default=0)
    rating: Mapped[int | None] = mapped_column(Integer)
    rated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=False))


class QueueEventRow(Base):
    """Every queue action in order; its id is the live stream's event id (SSE ``Last-Event-ID``)."""

    __tablename__ = "queue_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=False))
    day: Mapped[date] = mapped_column(Date, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    ticket_uid: Mapped[uuid.UUID | None] = mapped_column()
    number: Mapped[str | None] = mapped_column(String(8))
    window: Mapped[int | None] = mapped_column(Integer)
    clerk_no: Mapped[str | None] = mapped_column(String(16))
    detail: Mapped[str] = mapped_column(Text, default="{}")
