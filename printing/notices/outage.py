"""The planned outage notice (计划停电公告), posted in the area and the hall 7 days ahead.

Why it says when it was announced: the commitment is to announce a planned outage 7 days ahead
(State Grid 十项承诺 2023), so the notice states that it keeps it. An outage announced later can
only be an urgent repair (紧急抢修), which :class:`~counterdesk.documents.notices.PlannedOutage`
already insists on; such a notice is titled and marked 紧急 in red and apologises for the short
notice instead of claiming the 7 days.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

from counterdesk.documents.notices import PlannedOutage
from printing.notices.fonts import notice_font
from printing.notices.page import NoticeHeader, build_pdf, notice_styles
from printing.notices.parts import (
    Fact,
    cn_date,
    data_table,
    em,
    fact_grid,
    gap,
    para,
    rich,
    section,
)


def outage_window(starts_at: datetime, ends_at: datetime) -> str:
    """2026年11月29日（星期日）08:00 至 17:30, with the end's date when it is another day."""
    start = f"{cn_date(starts_at.date(), weekday=True)} {starts_at:%H:%M}"
    if ends_at.date() == starts_at.date():
        return f"{start} 至 {ends_at:%H:%M}"
    return f"{start} 至 {cn_date(ends_at.date(), weekday=True)} {ends_at:%H:%M}"


def _duration(outage: PlannedOutage) -> str:
    minutes = int((outage.ends_at - outage.starts_at).total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}小时{minutes}分钟" if minutes else f"{hours}小时"


def render_outage(outage: PlannedOutage) -> bytes:
    """The notice for ``outage``: time, areas, reason, safety advice, apology, 7-day statement."""
    styles = notice_styles(notice_font())
    issuer = outage.issuer
    window = outage_window(outage.starts_at, outage.ends_at)
    story: list[Any] = []
    if outage.urgent:
        story.append(para("【紧急抢修停电】", styles.alert))
    story += [
        para("尊敬的电力客户：", styles.body),
        rich(
            f"因{escape(outage.reason)}，我公司定于{em(window)}对下列区域停电。"
            "现将有关事项公告如下：",
            styles.lead,
        ),
        gap(1),
        fact_grid(
            [
                Fact("停电时间", window, wide=True),
                Fact("预计时长", _duration(outage)),
                Fact("公告日期", cn_date(outage.announced_on)),
                Fact("停电原因", outage.reason, wide=True),
            ],
            styles,
        ),
        section("停电范围", styles),
        data_table(
            ("序号", "停电区域"),
            [(str(number), area) for number, area in enumerate(outage.areas, start=1)],
            (16, 158),
            styles,
            align="CL",
        ),
        section("注意事项", styles),
        para(
            "一、停电期间线路随时可能恢复送电，请视同带电，切勿攀登杆塔、触碰线路及设备。",
            styles.item,
        ),
        para(
            "二、请提前做好生产、生活安排，关闭用电设备；有自备电源的客户请做好防倒送电措施。",
            styles.item,
        ),
        para(_timing_note(outage), styles.item),
        gap(2),
        para(_notice_statement(outage), styles.lead),
        para(
            "停电给您带来的不便，我们深表歉意，敬请谅解！"
            f"如有疑问，请拨打服务热线 {issuer.phone}。",
            styles.lead,
        ),
        gap(8),
        para(issuer.utility_name, styles.closing),
        para(cn_date(outage.announced_on), styles.closing),
    ]
    title = "紧急停电公告" if outage.urgent else "计划停电公告"
    header = NoticeHeader(
        issuer, title, outage.notice_no, tag="紧急 · 抢修" if outage.urgent else "", tag_alert=True
    )
    return build_pdf(header, story)


def _timing_note(outage: PlannedOutage) -> str:
    if outage.urgent:
        return "三、抢修工作提前完成时将提前恢复送电，届时不再另行通知。"
    return (
        "三、如遇雨雪、大风等恶劣天气，停电计划可能顺延；工作提前完成时将提前恢复送电，"
        "届时不再另行通知。"
    )


def _notice_statement(outage: PlannedOutage) -> str:
    days = outage.notice_days
    if outage.urgent:
        return f"本次停电因设备抢修需要紧急安排，未能按承诺提前{days}天公告，恳请您理解与配合。"
    return (
        f"依据供电服务承诺，计划停电提前{days}天公告，本公告于{cn_date(outage.announced_on)}发布。"
    )
