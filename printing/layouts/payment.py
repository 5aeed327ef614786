"""The payment receipt (缴费凭证) and the reversal slip (冲正凭证) on a thermal roll.

The receipt is what a customer shows when a payment is disputed, so it carries every figure of
the payment in the order the clerk said them at the counter: what was owed per period, what was
taken, what went back as change or onto prepaid credit (预收). Personal data is masked: the
receipt ends up in a bin, and 张*三 with the street is enough for the customer to recognise it.
"""

from __future__ import annotations

from typing import Final

from counterdesk.documents.receipts import PaymentReceipt, PeriodPaid, ReversalSlip, Tender
from counterdesk.domain.accounts import Utility, format_reading
from counterdesk.domain.capitals import amount_in_capitals
from counterdesk.domain.masking import mask_address, mask_name
from printing.layouts.common import TENDER_NAMES, CopyMark, SlipDraft, paper_yuan, stamp
from printing.slip import Paper, Slip

RECEIPT_TITLES: Final[dict[Utility, str]] = {
    Utility.ELECTRICITY: "电费缴费凭证",
    Utility.WATER: "水费缴费凭证",
    Utility.GAS: "燃气费缴费凭证",
}
_BILL_NAMES: Final[dict[Utility, str]] = {
    Utility.ELECTRICITY: "电费",
    Utility.WATER: "水费",
    Utility.GAS: "燃气费",
}
_UNITS_NAMES: Final[dict[Utility, str]] = {
    Utility.ELECTRICITY: "电量",
    Utility.WATER: "水量",
    Utility.GAS: "气量",
}


def capitals_lines(draft: SlipDraft, fen: int) -> None:
    """``大写：人民币叁佰…`` wrapped under itself, since the figures may be read aloud from it."""
    draft.field("大写", amount_in_capitals(fen))


def payment_receipt(receipt: PaymentReceipt, paper: Paper, copy: CopyMark | None) -> Slip:
    title = RECEIPT_TITLES[receipt.utility]
    draft = SlipDraft(paper)
    draft.header(receipt.issuer, title)
    draft.field("凭证号", receipt.receipt_no)
    draft.field("缴费时间", stamp(receipt.paid_at))
    draft.field("窗口", receipt.window)
    draft.field("收费员", receipt.clerk_no)
    draft.field("户号", receipt.account_no)
    draft.field("户名", mask_name(receipt.customer_name))
    draft.field("地址", mask_address(receipt.address))
    if receipt.periods:
        draft.rule()
        _periods_table(draft, receipt.utility, receipt.periods)
    draft.rule()
    bills = _BILL_NAMES[receipt.utility]
    draft.amount(f"{bills}合计", receipt.bills_fen)
    if receipt.late_fee_fen:
        draft.amount("违约金合计", receipt.late_fee_fen)
    if receipt.prepaid_used_fen:
        draft.amount("预收抵扣", -receipt.prepaid_used_fen)
    if receipt.to_prepaid_fen:
        draft.amount("转预收", receipt.to_prepaid_fen)
    draft.rule("=")
    draft.amount("实收金额", receipt.received_fen, bold=True)
    capitals_lines(draft, receipt.received_fen)
    draft.rule()
    _tenders(draft, receipt)
    if receipt.prepaid_before_fen or receipt.prepaid_after_fen:
        draft.amount("缴费前预收余额", receipt.prepaid_before_fen)
        draft.amount("缴费后预收余额", receipt.prepaid_after_fen)
    if receipt.restore_by is not None:
        draft.rule()
        draft.field("复电工单", receipt.reconnection_no)
        draft.field("承诺复电", f"{stamp(receipt.restore_by)}前")
    draft.footer(receipt.issuer, "请妥善保管本凭证，谢谢惠顾！", receipt.qr_payload)
    cash_original = _paid_cash(receipt) and copy is None
    return draft.finish(f"{title} {receipt.receipt_no}", copy=copy, open_drawer=cash_original)


def _tenders(draft: SlipDraft, receipt: PaymentReceipt) -> None:
    """One line per tender with its reference; cash shows what was handed over and the change."""
    if len(receipt.parts) > 1:
        draft.value("支付方式", "组合支付")
        for part in receipt.parts:
            draft.amount(f"  {TENDER_NAMES[part.tender]}", part.amount_fen)
            if part.reference:
                draft.field("  参考号", part.reference)
    else:
        draft.value("支付方式", TENDER_NAMES[receipt.tender])
        reference = receipt.parts[0].reference if receipt.parts else ""
        if reference:
            draft.field("参考号", reference)
    if _paid_cash(receipt):
        non_cash = sum(part.amount_fen for part in receipt.parts if part.tender is not Tender.CASH)
        draft.amount("收取现金", receipt.tendered_fen - non_cash)
        draft.amount("找零", receipt.change_fen)


def _paid_cash(receipt: PaymentReceipt) -> bool:
    return receipt.tender is Tender.CASH or any(
        part.tender is Tender.CASH for part in receipt.parts
    )


def _periods_table(draft: SlipDraft, utility: Utility, periods: tuple[PeriodPaid, ...]) -> None:
    """账期 | 电量 | 金额, a period's late fee (违约金) on its own line under it."""
    units = {period.unit for period in periods}
    shared_unit = units.pop() if len(units) == 1 else ""
    heading = _UNITS_NAMES[utility] + (f"({shared_unit})" if shared_unit else "")
    rows: list[tuple[str, str, str]] = []
    for period in periods:
        quantity = format_reading(period.units_hundredths)
        if not shared_unit:
            quantity += period.unit
        rows.append((period.period, quantity, paper_yuan(period.principal_fen)))
        if period.late_fee_fen:
            rows.append(("  违约金", "", paper_yuan(period.late_fee_fen)))
    draft.table(("账期", heading, "金额"), rows)


def reversal_slip(reversal: ReversalSlip, paper: Paper, copy: CopyMark | None) -> Slip:
    """The customer's proof that a payment was undone, signed for as the money goes back.

    It never opens the drawer: a slip is not a payment, and the refund is counted out by hand.
    """
    draft = SlipDraft(paper)
    draft.header(reversal.issuer, "冲正凭证")
    draft.field("冲正单号", reversal.reversal_no)
    draft.field("冲正时间", stamp(reversal.reversed_at))
    draft.field("原凭证号", reversal.original_receipt_no)
    draft.field("原缴费时间", stamp(reversal.original_paid_at))
    draft.field("窗口", reversal.window)
    draft.field("户号", reversal.account_no)
    draft.field("户名", mask_name(reversal.customer_name))
    draft.rule()
    draft.amount("冲正金额", reversal.amount_fen, bold=True)
    capitals_lines(draft, reversal.amount_fen)
    draft.value("原支付方式", TENDER_NAMES[reversal.tender])
    draft.field("冲正原因", reversal.reason)
    draft.rule()
    draft.field("收费员", reversal.clerk_no)
    draft.field("审批", reversal.approved_by)
    draft.signature("客户签字")
    draft.footer(reversal.issuer, "请妥善保管本凭证")
    return draft.finish(f"冲正凭证 {reversal.reversal_no}", copy=copy)
