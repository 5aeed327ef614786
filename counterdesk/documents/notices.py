"""The facts on A4 notices (通知书/回执/工单) that thermal slips are too small for.

The application acceptance receipt and the meter change notice reuse
:class:`~counterdesk.documents.receipts.AcceptanceSlip` and
:class:`~counterdesk.documents.receipts.MeterChangeSlip`: the same facts, a bigger page.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from uuid import UUID

from counterdesk.documents.identity import HallIdentity
from counterdesk.documents.receipts import DocumentError, Tender, _require_aware
from counterdesk.domain.accounts import Utility
from counterdesk.domain.money import Fen

DEFAULT_OUTAGE_NOTICE_DAYS = 7
"""Planned outages are announced 7 days ahead (State Grid 十项承诺 2023); a setting."""


@dataclass(frozen=True)
class ArrearsLine:
    period: str
    units_hundredths: int
    unit: str
    amount_fen: Fen
    due: date
    late_fee_fen: Fen


@dataclass(frozen=True)
class PaymentReminder:
    """A payment reminder (电费催交通知单) in the polite wording the practice asks for (礼仪化)."""

    notice_uid: UUID
    notice_no: str
    issuer: HallIdentity
    issued_on: date
    account_no: str
    customer_name: str
    address: str
    utility: Utility
    arrears: tuple[ArrearsLine, ...]
    pay_by: date
    channels: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.arrears:
            raise DocumentError(f"Reminder {self.notice_no} lists no arrears.")
        if self.pay_by < self.issued_on:
            raise DocumentError(f"Reminder {self.notice_no}: pay_by is before the issue date.")

    @property
    def principal_fen(self) -> Fen:
        return sum(line.amount_fen for line in self.arrears)

    @property
    def late_fee_fen(self) -> Fen:
        return sum(line.late_fee_fen for line in self.arrears)

    @property
    def total_fen(self) -> Fen:
        return self.principal_fen + self.late_fee_fen


class OutageNoticeError(DocumentError):
    """A planned outage announced with less notice than the commitment and not marked urgent."""


@dataclass(frozen=True)
class PlannedOutage:
    """A planned outage notice (计划停电公告).

    The commitment is to announce 7 days ahead: a notice whose start is closer than
    ``notice_days`` to ``announced_on`` is refused unless it is marked ``urgent`` (抢修/紧急), in
    which case the notice says so.
    """

    notice_uid: UUID
    notice_no: str
    issuer: HallIdentity
    announced_on: date
    starts_at: datetime
    ends_at: datetime
    areas: tuple[str, ...]
    reason: str
    urgent: bool = False
    notice_days: int = DEFAULT_OUTAGE_NOTICE_DAYS

    def __post_init__(self) -> None:
        _require_aware("starts_at", self.starts_at)
        _require_aware("ends_at", self.ends_at)
        if self.ends_at <= self.starts_at:
            raise DocumentError(f"Outage {self.notice_no}: it must end after it starts.")
        if not self.areas:
            raise DocumentError(f"Outage {self.notice_no}: name at least one area.")
        earliest = self.announced_on + timedelta(days=self.notice_days)
        if self.starts_at.date() < earliest and not self.urgent:
            raise OutageNoticeError(
                f"Outage {self.notice_no} starts {self.starts_at.date().isoformat()}, less than "
                f"{self.notice_days} days after {self.announced_on.isoformat()}; the earliest "
                f"start is {earliest.isoformat()} unless it is marked urgent."
            )


@dataclass(frozen=True)
class ComplaintForm:
    """A complaint handling form (投诉举报处理工作单): registered, owned, due, answered."""

    case_uid: UUID
    case_no: str
    issuer: HallIdentity
    registered_at: datetime
    channel: str
    category: str
    customer_name: str
    contact_phone: str
    account_no: str
    address: str
    content: str
    owner_no: str
    department: str
    contact_by: date
    reply_by: date

    def __post_init__(self) -> None:
        _require_aware("registered_at", self.registered_at)
        if self.reply_by < self.contact_by:
            raise DocumentError(f"Case {self.case_no}: the reply is due before the first contact.")


@dataclass(frozen=True)
class ClerkDay:
    clerk_no: str
    clerk_name: str
    payments: int
    amount_fen: Fen
    reversals: int
    served: int
    average_rating_tenths: int | None


@dataclass(frozen=True)
class DailyReport:
    """The hall's daily report (营业日报): takings by clerk and tender, queue and ratings."""

    report_uid: UUID
    issuer: HallIdentity
    business_day: date
    printed_at: datetime
    clerks: tuple[ClerkDay, ...]
    tenders: tuple[tuple[Tender, int, Fen], ...]
    tickets_issued: int
    tickets_served: int
    median_wait_seconds: int
    served_within_target_percent: int

    def __post_init__(self) -> None:
        _require_aware("printed_at", self.printed_at)
        by_clerk = sum(clerk.amount_fen for clerk in self.clerks)
        by_tender = sum(amount for _, _, amount in self.tenders)
        if by_clerk != by_tender:
            raise DocumentError(
                f"Daily report {self.business_day}: clerks total {by_clerk} fen, tenders total "
                f"{by_tender} fen."
            )

    @property
    def total_fen(self) -> Fen:
        return sum(clerk.amount_fen for clerk in self.clerks)
