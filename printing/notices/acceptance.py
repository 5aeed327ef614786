"""The application acceptance receipt (业务受理回执) on A4: what was accepted and each step's date.

Why the customer gets it: the hall commits to finish its own steps of a connection (业扩) in a set
number of working days (State Grid 十项承诺), and the receipt is the customer's proof of the day
the clock started and of each step's due date. A date beyond the years whose holidays are
published is printed as 暂定 (provisional), so the hall never promises a day it cannot know.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget  # type: ignore[import-untyped]
from reportlab.graphics.shapes import Drawing  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import Table  # type: ignore[import-untyped]

from counterdesk.documents.receipts import AcceptanceSlip
from counterdesk.domain.masking import mask_address, mask_name, mask_phone
from printing.notices.fonts import notice_font
from printing.notices.page import CONTENT_WIDTH, NoticeHeader, build_pdf, notice_styles
from printing.notices.parts import (
    Fact,
    cn_date,
    cn_datetime,
    data_table,
    em,
    fact_grid,
    gap,
    para,
    rich,
    section,
    signature_boxes,
    table_style,
)

TITLE = "业务受理回执"
_QR_SIZE = 26 * mm


def _qr(payload: str) -> Any:
    """A QR code of the order's status page, sized to scan from a phone at arm's length."""
    widget = QrCodeWidget(payload, barWidth=_QR_SIZE, barHeight=_QR_SIZE, barBorder=0)
    drawing = Drawing(_QR_SIZE, _QR_SIZE)
    # The drawing would otherwise start from Helvetica, listed in the PDF though never shown.
    drawing.initialFontName = notice_font()
    drawing.add(widget)
    return drawing


def render_acceptance(slip: AcceptanceSlip) -> bytes:
    """The receipt for ``slip``; the applicant's name, phone and address are masked (paper)."""
    styles = notice_styles(notice_font())
    issuer = slip.issuer
    story: list[Any] = [
        rich(
            f"尊敬的客户：您好！您申请的{em('「' + slip.service_name + '」')}业务已于"
            f"{escape(cn_datetime(slip.accepted_at))}受理。请妥善保管本回执，"
            f"可凭业务编号致电 {escape(issuer.phone)} 或到营业厅查询办理进度。",
            styles.body,
        ),
        gap(1),
        fact_grid(
            [
                Fact("业务编号", slip.order_no),
                Fact("受理时间", cn_datetime(slip.accepted_at)),
                Fact("业务类型", slip.service_name),
                Fact("受理人员", f"工号 {slip.clerk_no}"),
                Fact("户号", slip.account_no),
                Fact("申请人", mask_name(slip.applicant_name)),
                Fact("联系电话", mask_phone(slip.contact_phone)),
                Fact("受理营业厅", issuer.hall_name),
                Fact("地址", mask_address(slip.address), wide=True),
            ],
            styles,
        ),
        section("办理环节与承诺完成日期", styles),
        data_table(
            ("序号", "办理环节", "应完成日期", "说明"),
            [
                (
                    str(number),
                    step.name,
                    cn_date(step.due, weekday=True),
                    "暂定（节假日安排公布后确认）" if step.provisional else "",
                )
                for number, step in enumerate(slip.steps, start=1)
            ],
            (14, 54, 52, 54),
            styles,
            align="CLCL",
        ),
        section("已收资料", styles),
        para(
            "　".join(f"{i}. {name}" for i, name in enumerate(slip.documents_received, 1))
            or "本次未收取资料。",
            styles.body,
        ),
        section("服务承诺", styles),
        _commitment(slip, styles),
        gap(4),
        signature_boxes(("申请人（签字）", "受理人员（签字）"), styles),
    ]
    return build_pdf(NoticeHeader(issuer, TITLE, slip.order_no), story)


def _commitment(slip: AcceptanceSlip, styles: Any) -> Any:
    text = (
        f"自受理之日起，我公司负责办理的各环节合计不超过{em(f'{slip.commitment_workdays}个工作日')}"
        "（不含客户自身原因暂停及政府审批等非我公司原因占用的时间）。"
        "完成日期按国家法定节假日及调休安排计算。"
    )
    if any(step.provisional for step in slip.steps):
        text += "标注“暂定”的日期所在年份的节假日安排尚未公布，公布后如有调整将及时告知您。"
    words = rich(text, styles.body)
    if not slip.qr_payload:
        return words
    qr_cell = [_qr(slip.qr_payload), para("扫码查询办理进度", styles.caption)]
    table = Table([[words, qr_cell]], colWidths=[CONTENT_WIDTH - _QR_SIZE - 8 * mm, None])
    table.setStyle(
        table_style(
            styles,
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (0, 0), 0),
            ("ALIGN", (1, 0), (1, 0), "CENTER"),
        )
    )
    return table
