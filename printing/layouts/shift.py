"""Shift slips (收费班次报表): the X reading (中间读数) and the Z closing (轧账单).

They stay in the hall: the clerk counts the drawer against the Z slip in front of a second person
and both sign it, so it lists what the cash should be, what was counted and the difference as the
hall names it: 长款 (more cash than expected), 短款 (less) or 平 (balanced).
"""

from __future__ import annotations

from counterdesk.documents.receipts import ShiftSlip, ShiftSlipKind
from counterdesk.domain.money import Fen
from printing.layouts.common import TENDER_NAMES, CopyMark, SlipDraft, paper_yuan, stamp
from printing.slip import Align, Paper, Slip


def difference_text(difference_fen: Fen) -> str:
    """``长款 ￥2.00``, ``短款 ￥1.00`` or ``平``: the sign said in words, never a bare minus."""
    if difference_fen > 0:
        return f"长款 {paper_yuan(difference_fen)}"
    if difference_fen < 0:
        return f"短款 {paper_yuan(-difference_fen)}"
    return "平"


def shift_slip(shift: ShiftSlip, paper: Paper, copy: CopyMark | None) -> Slip:
    closing = shift.kind is ShiftSlipKind.Z
    title = "班次轧账单 Z" if closing else "班次中间读数 X"
    draft = SlipDraft(paper)
    draft.header(shift.issuer, title)
    draft.field("班次号", shift.shift_no)
    if shift.z_no:
        draft.field("轧账序号", shift.z_no)
    draft.field("窗口", shift.window)
    draft.field("收费员", shift.clerk_no)
    draft.field("开班时间", stamp(shift.opened_at))
    draft.field("打印时间", stamp(shift.printed_at))
    draft.amount("备用金", shift.float_fen)
    draft.rule()
    rows = [
        (TENDER_NAMES[total.tender], str(total.count), paper_yuan(total.amount_fen))
        for total in shift.tenders
    ]
    rows.append(("合计", str(shift.payment_count), paper_yuan(shift.takings_fen)))
    draft.table(("方式", "笔数", "金额"), rows)
    draft.rule()
    draft.value("冲正笔数", f"{shift.reversal_count} 笔")
    draft.amount("冲正金额", -shift.reversal_fen)
    draft.amount("应存现金", shift.expected_cash_fen, bold=True)
    difference = shift.difference_fen
    if shift.counted_cash_fen is not None and difference is not None:
        draft.amount("实点现金", shift.counted_cash_fen, bold=True)
        draft.value("差额", difference_text(difference), bold=True)
        if shift.difference_reason:
            draft.field("差额说明", shift.difference_reason)
        if shift.approved_by:
            draft.field("审批", shift.approved_by)
    if closing:
        draft.rule()
        draft.signature("收费员签字")
        draft.signature("复核人签字")
    else:
        draft.rule()
        draft.paragraph("中间读数，不作轧账依据", align=Align.CENTER)
    return draft.finish(f"{title} {shift.shift_no}", copy=copy)
