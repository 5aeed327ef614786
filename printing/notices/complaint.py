"""The complaint handling work order (投诉举报处理工作单) that travels with a case on paper.

Why blank ruled boxes: the department that answers a complaint often works on paper in the field,
and the closed loop (registered → transferred → answered → called back) is audited from the
signed form. The top half is what the counter registered, with the owner who keeps the case
through transfers (首问负责制) and the two deadlines (first contact, reply); the bottom half is left
to be written by hand: 处理过程, 答复内容, 回访记录, and signatures.

This is an internal paper (内部工单): the department must call the customer back, so it carries
the full name and phone number, unlike every paper that goes to a customer; it says so in its
header, so it is filed rather than handed out.
"""

from __future__ import annotations

from typing import Any

from counterdesk.documents.notices import ComplaintForm
from printing.notices.fonts import notice_font
from printing.notices.page import NoticeHeader, build_pdf, notice_styles
from printing.notices.parts import (
    Fact,
    cn_date,
    cn_datetime,
    fact_grid,
    gap,
    para,
    ruled_box,
    section,
    signature_boxes,
)


def render_complaint(form: ComplaintForm) -> bytes:
    """The work order for ``form``: facts above, ruled boxes below for the handling by hand."""
    styles = notice_styles(notice_font())
    story: list[Any] = [
        fact_grid(
            [
                Fact("工单编号", form.case_no),
                Fact("登记时间", cn_datetime(form.registered_at)),
                Fact("受理渠道", form.channel),
                Fact("诉求类别", form.category),
                Fact("客户姓名", form.customer_name),
                Fact("联系电话", form.contact_phone),
                Fact("户号", form.account_no),
                Fact("首问负责人", f"工号 {form.owner_no}"),
                Fact("地址", form.address, wide=True),
                Fact("诉求内容", form.content, wide=True),
                Fact("承办部门", form.department, wide=True),
                Fact("联系客户时限", f"{cn_date(form.contact_by, weekday=True)}前"),
                Fact("答复客户时限", f"{cn_date(form.reply_by, weekday=True)}前"),
            ],
            styles,
            label_mm=26,
        ),
        gap(1),
        para(
            "首问负责：登记人对本工单负责到底，转办不转责。请承办部门在时限内联系客户并答复，"
            "逾期未办结的工单将列入督办。",
            styles.small,
        ),
        section("处理与答复（由承办部门填写）", styles),
        ruled_box("处理过程", 5, styles),
        gap(2),
        ruled_box(
            "答复内容", 4, styles, hint="答复方式：□电话　□上门　□书面　答复时间：　　月　　日"
        ),
        gap(2),
        ruled_box("回访记录", 3, styles, hint="回访结果：□满意　□基本满意　□不满意（转重新处理）"),
        gap(4),
        signature_boxes(
            ("承办人（签字）", "部门负责人（签字）", "回访人（签字）"), styles, height_mm=17
        ),
    ]
    header = NoticeHeader(
        form.issuer, "投诉举报处理工作单", form.case_no, tag="内部工单　注意保密", tag_alert=False
    )
    return build_pdf(header, story)
