"""Work-order slips: application acceptance (业务受理回执), reconnection (复电通知), meter change.

Each one is a promise or a record the customer may need to point at later: the acceptance slip
lists every step with its due date, the reconnection notice the hour supply will be back by, the
meter change slip the readings both meters showed, which the customer checks and signs.
"""

from __future__ import annotations

from typing import Final

from counterdesk.documents.receipts import (
    AcceptanceSlip,
    MeterChangeReason,
    MeterChangeSlip,
    ReconnectionNotice,
)
from counterdesk.domain.accounts import format_reading
from counterdesk.domain.masking import mask_address, mask_name, mask_phone
from printing.layouts.common import CopyMark, SlipDraft, stamp
from printing.slip import Align, Paper, Slip

METER_CHANGE_REASONS: Final[dict[MeterChangeReason, str]] = {
    MeterChangeReason.ROTATION: "轮换",
    MeterChangeReason.FAULT: "故障",
    MeterChangeReason.TEST: "校验",
    MeterChangeReason.CUSTOMER_REQUEST: "客户申请",
}


def acceptance_slip(slip: AcceptanceSlip, paper: Paper, copy: CopyMark | None) -> Slip:
    draft = SlipDraft(paper)
    draft.header(slip.issuer, "业务受理回执")
    draft.field("业务名称", slip.service_name)
    draft.field("受理单号", slip.order_no)
    draft.field("受理时间", stamp(slip.accepted_at))
    draft.field("户号", slip.account_no)
    draft.field("申请人", mask_name(slip.applicant_name))
    draft.field("地址", mask_address(slip.address))
    draft.field("联系电话", mask_phone(slip.contact_phone))
    if slip.documents_received:
        draft.rule()
        draft.line("已收资料：")
        for number, document in enumerate(slip.documents_received, start=1):
            draft.paragraph(f"{number}. {document}", indent="   ")
    draft.rule()
    rows = [
        (step.name, step.due.isoformat() + (" 暂定" if step.provisional else ""))
        for step in slip.steps
    ]
    draft.table(("办理环节", "预计完成"), rows)
    if any(step.provisional for step in slip.steps):
        draft.paragraph("注：暂定日期以官方节假日安排公布后为准", indent="    ")
    draft.rule()
    draft.paragraph(f"承诺{slip.commitment_workdays}个工作日内完成", align=Align.CENTER)
    draft.paragraph("请凭此回执查询办理进度", align=Align.CENTER)
    draft.field("受理人", slip.clerk_no)
    draft.footer(slip.issuer, "感谢您的信任与支持！", slip.qr_payload)
    return draft.finish(f"业务受理回执 {slip.order_no}", copy=copy)


def reconnection_notice(notice: ReconnectionNotice, paper: Paper, copy: CopyMark | None) -> Slip:
    """Handed over with the receipt, so nobody has to remember to send it (DOMAIN.md)."""
    draft = SlipDraft(paper)
    draft.header(notice.issuer, "复电通知")
    draft.field("工单号", notice.order_no)
    draft.field("户号", notice.account_no)
    draft.field("户名", mask_name(notice.customer_name))
    draft.field("地址", mask_address(notice.address))
    draft.rule()
    draft.paragraph(f"您已于 {stamp(notice.paid_at)} 缴清欠费。")
    draft.field("缴费凭证号", notice.receipt_no)
    draft.feed()
    draft.paragraph(f"我们承诺在{notice.commitment_hours}小时内恢复供电，")
    draft.line(f"最迟 {stamp(notice.restore_by)}", bold=True)
    draft.paragraph(f"如届时仍未恢复供电，请拨打服务热线 {notice.issuer.phone}。")
    draft.rule()
    draft.field("受理人", notice.clerk_no)
    draft.footer(notice.issuer, "给您带来不便，敬请谅解！")
    return draft.finish(f"复电通知 {notice.order_no}", copy=copy)


def meter_change_slip(change: MeterChangeSlip, paper: Paper, copy: CopyMark | None) -> Slip:
    draft = SlipDraft(paper)
    draft.header(change.issuer, "换表告知单")
    draft.field("工单号", change.order_no)
    draft.field("户号", change.account_no)
    draft.field("户名", mask_name(change.customer_name))
    draft.field("地址", mask_address(change.address))
    draft.field("换表时间", stamp(change.changed_at))
    draft.field("换表原因", METER_CHANGE_REASONS[change.reason])
    draft.rule()
    draft.field("旧表表号", change.old_meter_no)
    draft.field("旧表倍率", str(change.old_multiplier))
    draft.field("新表表号", change.new_meter_no)
    draft.field("新表倍率", str(change.new_multiplier))
    draft.rule()
    rows = [
        (
            register.register,
            format_reading(register.old_final_hundredths),
            format_reading(register.new_initial_hundredths),
        )
        for register in change.registers
    ]
    draft.table((f"示数({change.unit})", "旧表止码", "新表起码"), rows)
    draft.rule()
    draft.field("装表人员", change.fitter_no)
    draft.field("经办人", change.clerk_no)
    if change.remarks:
        draft.field("备注", change.remarks)
    draft.rule()
    draft.paragraph("请核对以上示数，确认无误后签字。", align=Align.CENTER)
    draft.signature("客户签字")
    draft.footer(change.issuer, "感谢您的配合！")
    return draft.finish(f"换表告知单 {change.order_no}", copy=copy)
