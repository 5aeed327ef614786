"""The meter change notice (电能表更换通知单) with its cut-out service card (换表便民服务卡).

Why the readings are printed twice: billing after a change rests on the old meter's final and the
new meter's first reading of every register, and a customer who doubts a later bill needs those
figures at hand. The notice is signed by the customer and the fitter as the record of what both
saw; the card below the dashed line is for the customer to keep by the meter box. For a change
because of a fault the notice says that the energy to correct (退补电量) will be worked out under
the rules and explained separately, because until then the customer keeps paying on the reading.
"""

from __future__ import annotations

from typing import Any, Final
from xml.sax.saxutils import escape

from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import KeepTogether, Table  # type: ignore[import-untyped]

from counterdesk.documents.receipts import MeterChangeReason, MeterChangeSlip
from counterdesk.domain.accounts import format_reading
from counterdesk.domain.masking import mask_address, mask_name
from printing.notices.fonts import notice_font
from printing.notices.page import (
    ACCENT,
    CONTENT_WIDTH,
    LINE,
    NoticeHeader,
    NoticeStyles,
    build_pdf,
    notice_styles,
)
from printing.notices.parts import (
    Fact,
    cn_date,
    cn_datetime,
    cut_out,
    data_table,
    fact_grid,
    gap,
    para,
    rich,
    section,
    signature_boxes,
    table_style,
)

REASONS: Final = {
    MeterChangeReason.ROTATION: "周期轮换（到期更换）",
    MeterChangeReason.FAULT: "计量故障更换",
    MeterChangeReason.TEST: "检定/校验更换",
    MeterChangeReason.CUSTOMER_REQUEST: "客户申请更换",
}
"""The reason as the customer reads it (DOMAIN.md: rotation, fault, test, customer request)."""

_ELECTRIC_UNITS: Final = frozenset({"kwh", "kvarh"})


def meter_word(unit: str) -> str:
    """电能表 for an electricity register, else the neutral 计量表 (water and gas share m³)."""
    return "电能表" if unit.strip().lower() in _ELECTRIC_UNITS else "计量表"


def render_meter_change(slip: MeterChangeSlip) -> bytes:
    """The notice and card for ``slip``; name and address masked, readings in full."""
    styles = notice_styles(notice_font())
    meter = meter_word(slip.unit)
    facts = [
        Fact("工单编号", slip.order_no),
        Fact("换表时间", cn_datetime(slip.changed_at)),
        Fact("户号", slip.account_no),
        Fact("户名", mask_name(slip.customer_name)),
        Fact("地址", mask_address(slip.address), wide=True),
        Fact("换表原因", REASONS[slip.reason]),
        Fact("装表人员", f"工号 {slip.fitter_no}"),
        Fact("旧表表号", slip.old_meter_no),
        Fact("新表表号", slip.new_meter_no),
        Fact("旧表倍率", str(slip.old_multiplier)),
        Fact("新表倍率", str(slip.new_multiplier)),
        Fact("经办人员", f"工号 {slip.clerk_no}"),
    ]
    if slip.remarks:
        facts.append(Fact("备注", slip.remarks, wide=True))
    story: list[Any] = [
        rich(
            f"尊敬的客户：您好！我公司已于{escape(cn_datetime(slip.changed_at))}更换您户的"
            f"{meter}（户号 {escape(slip.account_no)}），现将换表情况告知如下，请您核对。",
            styles.body,
        ),
        gap(1),
        fact_grid(facts, styles),
        section(f"换表示数（单位：{slip.unit}）", styles),
        data_table(
            ("计度器", "旧表止码", "新表起码"),
            [
                (
                    register.register,
                    format_reading(register.old_final_hundredths),
                    format_reading(register.new_initial_hundredths),
                )
                for register in slip.registers
            ],
            (44, 65, 65),
            styles,
            align="CRR",
        ),
        gap(2),
        para(_settlement_note(slip, meter), styles.body),
        gap(3),
        signature_boxes(("客户确认（签字）", "装表人员（签字）"), styles, height_mm=18),
        gap(6),
        KeepTogether(
            cut_out(_service_card(slip, meter, styles), "（沿虚线剪下，请妥善保管）", styles)
        ),
    ]
    return build_pdf(NoticeHeader(slip.issuer, f"{meter}更换通知单", slip.order_no), story)


def _settlement_note(slip: MeterChangeSlip, meter: str) -> str:
    note = (
        f"旧表止码之前的用量按旧表计量（倍率 {slip.old_multiplier}），"
        f"之后的用量自新表起码开始计量（倍率 {slip.new_multiplier}）。"
    )
    if slip.reason is MeterChangeReason.FAULT:
        electric = meter == "电能表"
        quantity = "退补电量" if electric else "退补用量"
        rules = "《供电营业规则》的有关规定" if electric else "供用合同的约定"
        note += (
            f"因旧{meter}故障，故障期间的{quantity}将依据{rules}核定，"
            "核定结果另行向您说明；核定之前，请按表计读数正常缴费。"
        )
    else:
        note += "拆回的旧表将封存，如您对计量有疑问，可申请校验。"
    return note


def _service_card(slip: MeterChangeSlip, meter: str, styles: NoticeStyles) -> Any:
    """The card's content: the readings the customer needs later, and whom to call."""
    readings = "；".join(
        f"{register.register} {format_reading(register.old_final_hundredths)} → "
        f"{format_reading(register.new_initial_hundredths)}"
        for register in slip.registers
    )
    rows = [
        [
            rich(
                f"<font size=14>换表便民服务卡</font>　{escape(slip.issuer.hall_name)}", styles.body
            )
        ],
        [
            para(
                f"户号：{slip.account_no}　　户名：{mask_name(slip.customer_name)}　　"
                f"换表日期：{cn_date(slip.changed_at.date())}",
                styles.cell,
            )
        ],
        [para(f"旧表表号：{slip.old_meter_no}　　新表表号：{slip.new_meter_no}", styles.cell)],
        [para(f"示数（旧表止码 → 新表起码，{slip.unit}）：{readings}", styles.cell)],
        [
            rich(
                f"服务热线：<font size=13>{escape(slip.issuer.phone)}</font>　　"
                f"如对{meter}示数有疑问，请保留本卡并致电咨询，或到{escape(slip.issuer.hall_name)}办理。",
                styles.cell,
            )
        ],
    ]
    card = Table(rows, colWidths=[CONTENT_WIDTH - 16 - 2 * mm])
    card.setStyle(
        table_style(
            styles,
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
            ("LINEABOVE", (0, -1), (-1, -1), 0.4, LINE),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        )
    )
    return card
