"""The payment reminder (电费缴费提醒) in the polite wording the practice asks for (电费催交礼仪化).

Why it reads like a letter and not a demand: the reminder is delivered to the door, often before
the customer knew a bill was open, and a courteous reminder gets paid sooner than a threat. It
greets (尊敬的客户：您好！), lists what is open with its due dates, gives one day to pay by and the
ways to pay, explains that the late fee follows the rules rather than the clerk, and thanks the
customer. The name and address are masked because anyone at the door can read it; the account
number stays whole because it is what the customer pays with.

Water and gas halls print the same letter with their own words (水费, 用水量, the supply contract).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final
from xml.sax.saxutils import escape

from counterdesk.documents.notices import PaymentReminder
from counterdesk.domain.accounts import Utility, format_reading
from counterdesk.domain.masking import mask_address, mask_name
from printing.notices.fonts import notice_font
from printing.notices.page import NoticeHeader, build_pdf, notice_styles
from printing.notices.parts import (
    cn_date,
    data_table,
    em,
    gap,
    money,
    para,
    rich,
    section,
    total_line,
)


@dataclass(frozen=True)
class UtilityWords:
    """How a notice names the bill, the usage and the late-fee rules for one utility."""

    fee: str
    usage: str
    supply: str
    late_fee_rules: str


WORDS: Final = {
    Utility.ELECTRICITY: UtilityWords("电费", "用电量", "用电", "依据《供电营业规则》的规定"),
    Utility.WATER: UtilityWords("水费", "用水量", "用水", "依据供用水合同的约定"),
    Utility.GAS: UtilityWords("燃气费", "用气量", "用气", "依据供用气合同的约定"),
}


def render_reminder(reminder: PaymentReminder) -> bytes:
    """The reminder letter for ``reminder``, one page for the usual two or three open bills."""
    styles = notice_styles(notice_font())
    words = WORDS[reminder.utility]
    issuer = reminder.issuer
    rows = [
        (
            line.period,
            format_reading(line.units_hundredths),
            money(line.amount_fen),
            cn_date(line.due),
            money(line.late_fee_fen),
        )
        for line in reminder.arrears
    ]
    units = {line.unit for line in reminder.arrears}
    unit = units.pop() if len(units) == 1 else ""
    total_units = format_reading(sum(line.units_hundredths for line in reminder.arrears))
    rows.append(
        (
            "合计",
            total_units if unit else "—",
            money(reminder.principal_fen),
            "—",
            money(reminder.late_fee_fen),
        )
    )
    channels = "、".join(reminder.channels) or f"到{issuer.hall_name}"
    story: list[Any] = [
        para("尊敬的客户：", styles.body),
        para("您好！", styles.lead),
        rich(
            f"感谢您一直以来对我们工作的理解与支持。截至{escape(cn_date(reminder.issued_on))}，"
            f"您的户号 {em(reminder.account_no)}"
            f"（户名：{escape(mask_name(reminder.customer_name))}，"
            f"地址：{escape(mask_address(reminder.address))}）尚有以下{words.fee}未缴清，"
            "特此温馨提醒：",
            styles.lead,
        ),
        gap(1),
        data_table(
            (
                "账期",
                f"{words.usage}（{unit}）" if unit else words.usage,
                f"{words.fee}金额",
                "缴费截止日",
                "违约金",
            ),
            rows,
            (30, 34, 38, 38, 34),
            styles,
            align="CRRCR",
            total_rows=1,
        ),
        gap(2),
        total_line("应缴合计", reminder.total_fen, styles),
        para(
            f"其中{words.fee} {money(reminder.principal_fen)}，违约金 "
            f"{money(reminder.late_fee_fen)}（违约金计算至{cn_date(reminder.issued_on)}）。",
            styles.small,
        ),
        gap(2),
        rich(
            f"为避免违约金继续增加、影响您的正常{words.supply}，请您于"
            f"{em(cn_date(reminder.pay_by), size=12)}前缴清。",
            styles.lead,
        ),
        section("缴费方式", styles),
        para(f"您可以通过以下方式缴费：{channels}。", styles.lead),
        section("温馨提示", styles),
        para(
            f"违约金{words.late_fee_rules}，自缴费截止日的次日起按日计算，"
            "缴清欠费后即停止计算；越早缴纳，违约金越少。",
            styles.lead,
        ),
        para(
            f"如您已缴纳，请忽略本提醒。如对账单有疑问，欢迎致电服务热线 {issuer.phone} "
            f"或到{issuer.hall_name}咨询，我们将竭诚为您服务。",
            styles.lead,
        ),
        para("感谢您的理解与支持！", styles.lead),
        gap(8),
        para(issuer.utility_name, styles.closing),
        para(issuer.hall_name, styles.closing),
        para(cn_date(reminder.issued_on), styles.closing),
    ]
    header = NoticeHeader(issuer, f"{words.fee}缴费提醒", reminder.notice_no)
    return build_pdf(header, story)
