"""The payment reminder (电费催交通知单) for an account in arrears, made at the counter.

Why from the account view: it is the same arrears and late fee the clerk sees on screen, read in
the same moment, so the paper and the screen cannot disagree. The notice number is the day and
the account, so printing it twice the same day gives the same number (a copy, not a new notice).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Final
from uuid import NAMESPACE_URL, uuid5

from counterdesk.documents.identity import HallIdentity
from counterdesk.documents.notices import ArrearsLine, PaymentReminder
from counterdesk.domain.accounts import Utility
from counterdesk.store.account_view import AccountView

PAY_WITHIN_DAYS: Final = 10
"""Days the reminder gives to pay before the next step (a setting in a later version)."""

CHANNELS: Final = ("营业厅柜台", "微信缴费", "支付宝生活缴费", "银行代扣")

UNITS: Final = {Utility.ELECTRICITY: "kWh", Utility.WATER: "m³", Utility.GAS: "m³"}


class NoArrearsError(ValueError):
    """The account owes nothing overdue: there is nothing to remind the customer of."""


def payment_reminder(view: AccountView, hall: HallIdentity, *, today: date) -> PaymentReminder:
    """A reminder listing each overdue bill with its late fee as of ``today``."""
    lines = tuple(
        ArrearsLine(
            period=f"{bill.period // 100:04d}-{bill.period % 100:02d}",
            units_hundredths=bill.units * 100,
            unit=UNITS[view.utility],
            amount_fen=bill.outstanding_fen,
            due=bill.due_date,
            late_fee_fen=bill.late_fee_fen,
        )
        for bill in sorted(view.bills, key=lambda bill: bill.period)
        if bill.overdue_days > 0 and bill.outstanding_fen > 0
    )
    if not lines:
        raise NoArrearsError(f"Account {view.number} has no overdue bills.")
    number = f"CJ-{today:%Y%m%d}-{view.number}"
    return PaymentReminder(
        notice_uid=uuid5(NAMESPACE_URL, f"counterdesk:reminder:{number}"),
        notice_no=number,
        issuer=hall,
        issued_on=today,
        account_no=view.number,
        customer_name=view.name,
        address=view.address,
        utility=view.utility,
        arrears=lines,
        pay_by=today + timedelta(days=PAY_WITHIN_DAYS),
        channels=CHANNELS,
    )
