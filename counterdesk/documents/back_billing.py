"""The facts on a back-billing notice (退补电量通知单), given to the customer after approval.

Why a notice of its own and not a line on the next bill: DOMAIN.md asks that for a faulty-meter
change "the agreed energy is explained to the customer". A customer who is asked to pay for energy
the meter did not record (or who is told of a refund) needs the rule, the figures and the
arithmetic on paper, with the manager's approval, before the amount appears on a bill. The
computation itself is :mod:`counterdesk.domain.back_billing`; these facts only carry it, with who
issues and who approved it, and check that they agree with each other.

As with the other printouts, the name and address are full here and masked by the layout
(:mod:`counterdesk.domain.masking`), so every paper masks the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Final
from uuid import UUID

from counterdesk.documents.identity import HallIdentity
from counterdesk.documents.receipts import DocumentError, MeterChangeReason, _require_aware
from counterdesk.domain.back_billing import BackBillingResult

UNTIL_SETTLED: Final = (
    "退补电费结清之前，请您仍按电能表的抄见电量按期缴纳电费；"
    "退补电费将在审批后的电费账单中一并结算。"
)
"""DOMAIN.md: until settled the customer keeps paying on the meter reading."""


@dataclass(frozen=True)
class BackBillingNotice:
    """A back-billing notice: the order, the account, the meters, the approved computation.

    ``approved_by`` is the approving manager's clerk number and ``approved_at`` when (aware, in
    the hall's local time); a notice is only printed for an approved computation, so both are
    required. ``issued_on`` is the day it is handed over, not before the approval.
    """

    notice_uid: UUID
    order_no: str
    issuer: HallIdentity
    issued_on: date
    account_no: str
    customer_name: str
    address: str
    old_meter_no: str
    new_meter_no: str
    changed_on: date
    reason: MeterChangeReason
    result: BackBillingResult
    clerk_no: str
    approved_by: str
    approved_at: datetime
    until_settled: str = UNTIL_SETTLED

    def __post_init__(self) -> None:
        _require_aware("approved_at", self.approved_at)
        if not self.approved_by.strip():
            raise DocumentError(f"Back-billing {self.order_no}: it has not been approved.")
        if self.approved_by == self.clerk_no:
            raise DocumentError(
                f"Back-billing {self.order_no}: the clerk {self.clerk_no} cannot approve it alone."
            )
        if self.issued_on < self.approved_at.date():
            raise DocumentError(
                f"Back-billing {self.order_no}: issued {self.issued_on} before its approval on "
                f"{self.approved_at.date()}."
            )
        if not self.result.explanation:
            raise DocumentError(f"Back-billing {self.order_no}: the computation is not explained.")
        if self.result.case.until > self.changed_on:
            raise DocumentError(
                f"Back-billing {self.order_no}: the period ends {self.result.case.until}, after "
                f"the change on {self.changed_on}."
            )
