"""The hall's daily report (营业日报): takings by clerk and by tender, and the day's queue.

Why on paper: cash is settled the same day (日清日结), and the report the hall manager signs is
what the takings are banked and audited against. The clerks' table feeds the star rating of
clerks (星级营业员); the queue figures show whether the hall had enough windows open. The two
takings tables must agree (the facts refuse a report where they do not), and the total is printed
in capitals like every total an accountant signs.
"""

from __future__ import annotations

from typing import Any, Final

from counterdesk.documents.notices import DailyReport
from counterdesk.documents.receipts import Tender
from counterdesk.domain.money import Fen
from printing.notices.fonts import notice_font
from printing.notices.page import NoticeHeader, build_pdf, notice_styles
from printing.notices.parts import (
    Fact,
    cn_date,
    cn_datetime,
    data_table,
    fact_grid,
    gap,
    money,
    section,
    signature_boxes,
    total_line,
)

TENDER_NAMES: Final = {
    Tender.CASH: "现金",
    Tender.BANK_CARD: "银行卡",
    Tender.WECHAT: "微信支付",
    Tender.ALIPAY: "支付宝",
    Tender.CHEQUE: "支票",
    Tender.PREPAID: "预存抵扣",
}
"""Tenders (支付方式) as the hall's paper names them."""


def _rating(tenths: int | None) -> str:
    return "—" if tenths is None else f"{tenths // 10}.{tenths % 10}"


def _share(part: Fen, whole: Fen) -> str:
    """A tender's share of the day to one decimal, in integers so it never prints 33.299999."""
    if whole == 0:
        return "—"
    tenths = (part * 1000 * 2 + whole) // (whole * 2)
    return f"{tenths // 10}.{tenths % 10}%"


def _wait(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}分{rest:02d}秒"


def render_daily_report(report: DailyReport) -> bytes:
    """The report for ``report``'s business day, signed by whoever made it and the manager."""
    styles = notice_styles(notice_font())
    clerks = [
        (
            clerk.clerk_no,
            clerk.clerk_name,
            f"{clerk.payments:,}",
            money(clerk.amount_fen),
            str(clerk.reversals),
            f"{clerk.served:,}",
            _rating(clerk.average_rating_tenths),
        )
        for clerk in report.clerks
    ]
    clerks.append(
        (
            "合计",
            f"{len(report.clerks)}人",
            f"{sum(c.payments for c in report.clerks):,}",
            money(report.total_fen),
            str(sum(c.reversals for c in report.clerks)),
            f"{sum(c.served for c in report.clerks):,}",
            "—",
        )
    )
    tenders = [
        (TENDER_NAMES[tender], f"{count:,}", money(amount), _share(amount, report.total_fen))
        for tender, count, amount in report.tenders
    ]
    tenders.append(
        (
            "合计",
            f"{sum(count for _, count, _ in report.tenders):,}",
            money(report.total_fen),
            "100.0%" if report.total_fen else "—",
        )
    )
    unserved = report.tickets_issued - report.tickets_served
    day = report.business_day
    story: list[Any] = [
        fact_grid(
            [
                Fact("营业日期", cn_date(day, weekday=True)),
                Fact("打印时间", cn_datetime(report.printed_at)),
                Fact("营业厅", report.issuer.hall_name),
                Fact("收费合计", money(report.total_fen)),
            ],
            styles,
        ),
        section("一、收费员业绩", styles),
        data_table(
            ("工号", "姓名", "缴费笔数", "收费金额", "冲正笔数", "服务人次", "平均评价"),
            clerks,
            (20, 24, 24, 38, 22, 24, 22),
            styles,
            align="CCRRRRC",
            total_rows=1,
        ),
        section("二、收费方式", styles),
        data_table(
            ("支付方式", "笔数", "金额", "占比"),
            tenders,
            (50, 36, 50, 38),
            styles,
            align="CRRR",
            total_rows=1,
        ),
        gap(2),
        total_line("当日收费合计", report.total_fen, styles),
        section("三、排队叫号", styles),
        data_table(
            ("取号人次", "已办理", "未办理（过号/离开）", "等候时间中位数", "时限内办理占比"),
            [
                (
                    f"{report.tickets_issued:,}",
                    f"{report.tickets_served:,}",
                    f"{unserved:,}",
                    _wait(report.median_wait_seconds),
                    f"{report.served_within_target_percent}%",
                )
            ],
            (30, 30, 40, 36, 38),
            styles,
            align="CCCCC",
        ),
        gap(8),
        signature_boxes(("制表人（签字）", "营业厅负责人（签字）"), styles, height_mm=18),
    ]
    header = NoticeHeader(report.issuer, "营业日报", f"RB-{day:%Y%m%d}")
    return build_pdf(header, story)
