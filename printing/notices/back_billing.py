"""The back-billing notice (退补电量通知单): the rule, the arithmetic and the amount, approved.

Why the computation is printed step by step: a customer asked to pay for energy the meter did not
record, or told of a refund, can only agree to a figure they can follow. So the notice names the
kind of metering error, quotes the rule in plain words, writes each step with its numbers (the
explanation lines of :class:`~counterdesk.domain.back_billing.BackBillingResult`), sums it up in a
small table, and gives the amount in figures and capitals (会计基础工作规范 Art. 52). It says that
until the amount is settled the customer keeps paying on the meter reading (DOMAIN.md), and has
boxes for the customer, the clerk and the approving manager to sign.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from counterdesk.documents.back_billing import BackBillingNotice
from counterdesk.domain.back_billing import KIND_WORDS, BackBillingResult
from counterdesk.domain.masking import mask_address, mask_name
from counterdesk.domain.tariff import format_price
from printing.notices.fonts import notice_font
from printing.notices.meter_change import REASONS
from printing.notices.page import NoticeHeader, NoticeStyles, build_pdf, notice_styles
from printing.notices.parts import (
    Fact,
    cn_date,
    cn_datetime,
    em,
    fact_grid,
    gap,
    para,
    rich,
    section,
    signature_boxes,
    total_line,
)


def _result(result: BackBillingResult, styles: NoticeStyles) -> list[Any]:
    """The outcome in two lines: the energy, then the money in figures and capitals."""
    units = abs(result.correction_units)
    if result.direction == "无":
        return [para("核定结果：无需退补电量及电费。", styles.body)]
    verb = "补收" if result.direction == "补" else "退还"
    return [
        rich(f"应{verb}电量：{em(f'{units:,} kWh', size=12)}", styles.body),
        total_line(f"应{verb}电费", abs(result.amount_fen), styles),
    ]


def render_back_billing(notice: BackBillingNotice) -> bytes:
    """The notice for ``notice``; name and address masked, every figure in full."""
    styles = notice_styles(notice_font())
    result = notice.result
    issuer = notice.issuer
    facts = [
        Fact("工单编号", notice.order_no),
        Fact("户号", notice.account_no),
        Fact("户名", mask_name(notice.customer_name)),
        Fact("换表日期", cn_date(notice.changed_on)),
        Fact("地址", mask_address(notice.address), wide=True),
        Fact("旧表表号", notice.old_meter_no),
        Fact("新表表号", notice.new_meter_no),
        Fact("换表原因", REASONS[notice.reason]),
        Fact("差错类型", KIND_WORDS[result.kind]),
        Fact("核定电价", f"{format_price(result.price)} 元/kWh"),
        Fact("经办人员", f"工号 {notice.clerk_no}"),
        Fact("审批人员", f"工号 {notice.approved_by}"),
        Fact("审批时间", cn_datetime(notice.approved_at)),
    ]
    steps = [
        para(f"{number}. {line}", styles.item)
        for number, line in enumerate(result.explanation, start=1)
    ]
    story: list[Any] = [
        para("尊敬的客户：", styles.body),
        rich(
            f"您好！您户（户号 {em(notice.account_no)}）的电能表已于"
            f"{escape(cn_date(notice.changed_on))}更换。经检验核查，原计量装置"
            f"{escape(KIND_WORDS[result.kind])}。现将依据《供电营业规则》核定的退补电量及电费"
            "告知如下，请您核对。",
            styles.lead,
        ),
        gap(1),
        fact_grid(facts, styles),
        section("计算过程", styles),
        *steps,
        section("核定结果", styles),
        *_result(result, styles),
        gap(1),
        para(
            f"{notice.until_settled}如对核定结果有疑问，请致电服务热线 {issuer.phone} "
            f"或到{issuer.hall_name}咨询。",
            styles.lead,
        ),
        gap(2),
        signature_boxes(
            ("客户确认（签字）", "经办人员（签字）", "审批人员（签字）"), styles, height_mm=18
        ),
        gap(3),
        para(f"{issuer.utility_name}　{cn_date(notice.issued_on)}", styles.closing),
    ]
    tag = {"补": "补收电费", "退": "退还电费", "无": ""}[result.direction]
    return build_pdf(NoticeHeader(issuer, "退补电量通知单", notice.order_no, tag=tag), story)
