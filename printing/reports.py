"""Daily reports on A4 (PDF) and as spreadsheets: the hall's takings and a clerk's day.

Why both: the manager signs the PDF and files it with the day's bank slip (日清日结); the back
office and HQ's finance staff want the same figures in Excel to sum, filter and reconcile with the
bank's statement. Both are drawn from one :mod:`counterdesk.services.reports` fact, which has
already checked that its breakdowns agree, so the paper and the workbook cannot differ.

The PDF uses the A4 notice frame (:mod:`printing.notices.page`): the hall's header, the page
number on every page and the embedded Chinese font, so a report looks like the hall's other
paper. The workbook holds amounts as numbers in yuan (``Decimal(fen) / 100``, exact) formatted
``#,##0.00``, so a spreadsheet sum gives the printed total to the fen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import KeepTogether  # type: ignore[import-untyped]

from counterdesk.documents.workbook import Amount, Cell, Sheet, workbook_bytes
from counterdesk.domain.accounts import Utility
from counterdesk.domain.money import Fen
from counterdesk.services.reports import (
    ClerkDayReport,
    HallTakings,
    PaymentLine,
    Takings,
    TenderTakings,
)
from counterdesk.store.models import PaymentState
from printing.notices.daily_report import TENDER_NAMES
from printing.notices.fonts import notice_font
from printing.notices.page import (
    CONTENT_WIDTH,
    NoticeHeader,
    NoticeStyles,
    build_pdf,
    notice_styles,
)
from printing.notices.parts import (
    Fact,
    cn_date,
    cn_datetime,
    data_table,
    fact_grid,
    gap,
    money,
    para,
    section,
    signature_boxes,
    total_line,
)

UTILITY_NAMES: Final = {Utility.ELECTRICITY: "电费", Utility.WATER: "水费", Utility.GAS: "燃气费"}
"""The business categories (业务类别) a hall takes money for."""

HALL_TITLE: Final = "营业厅实收统计日报"
CLERK_TITLE: Final = "收费员日报"
FIGURES_HEAD: Final = ("笔数", "收款金额", "冲正笔数", "冲正金额", "实收金额")
STATE_NAMES: Final = {PaymentState.POSTED: "正常", PaymentState.REVERSED: "已冲正"}
NOTE: Final = (
    "说明：收款含当日被冲正的缴费，冲正金额从中扣减得实收；冲正计入原缴费的收费员、支付方式、"
    "业务类别和时段。组合支付在每种支付方式下各计一笔，金额按各自部分计。"
)


def share(part: Fen, whole: Fen) -> str:
    """A share of the day to one decimal, in integers so it never prints 33.299999%."""
    if whole <= 0:
        return "—"
    tenths = (part * 1000 * 2 + whole) // (whole * 2)
    return f"{tenths // 10}.{tenths % 10}%"


def _figures(takings: Takings) -> tuple[str, ...]:
    return (
        f"{takings.payments:,}",
        money(takings.gross_fen),
        f"{takings.reversals:,}",
        money(takings.reversed_fen),
        money(takings.net_fen),
    )


def _figure_table(
    head: str,
    rows: Sequence[tuple[str, Takings]],
    total: Takings,
    styles: NoticeStyles,
    *,
    label_mm: float = 34,
) -> Any:
    """One breakdown: a label column, the five figures, and the 合计 row from ``total``."""
    body = [(label, *_figures(takings)) for label, takings in rows]
    if not body:
        body = [("（当日无收款）", "—", "—", "—", "—", "—")]
    body.append(("合计", *_figures(total)))
    rest = (CONTENT_WIDTH / mm - label_mm) / 5
    return data_table(
        (head, *FIGURES_HEAD),
        body,
        (label_mm, rest - 6, rest + 4, rest - 6, rest + 4, rest + 4),
        styles,
        align="CRRRRR",
        total_rows=1,
    )


def _header(report: HallTakings | ClerkDayReport, title: str, number: str) -> NoticeHeader:
    # The printed time sits under the number on every page, so a page read alone is dated too.
    return NoticeHeader(report.issuer, title, number, tag=f"打印：{cn_datetime(report.printed_at)}")


def hall_number(report: HallTakings) -> str:
    """The report's number: its terminal and day, so printing it twice gives the same number."""
    return f"SS-{report.terminal_code}-{report.business_day:%Y%m%d}"


def clerk_number(report: ClerkDayReport) -> str:
    return f"SY-{report.terminal_code}-{report.business_day:%Y%m%d}-{report.clerk_no}"


def takings_pdf(report: HallTakings) -> bytes:
    """The hall's takings on A4: facts, the four breakdowns, the net in capitals, signatures."""
    styles = notice_styles(notice_font())
    total = report.total
    tender_rows = [(TENDER_NAMES[row.tender], row.takings) for row in report.by_tender]
    story: list[Any] = [
        fact_grid(
            [
                Fact("营业日期", cn_date(report.business_day, weekday=True)),
                Fact("打印时间", cn_datetime(report.printed_at)),
                Fact("营业厅", report.issuer.hall_name),
                Fact("终端", report.terminal_code),
                Fact("收款合计", f"{money(total.gross_fen)}（{total.payments:,}笔）"),
                Fact("冲正合计", f"{money(total.reversed_fen)}（{total.reversals:,}笔）"),
            ],
            styles,
        ),
        gap(1.5),
        total_line("当日实收合计", total.net_fen, styles),
        section("一、按收费员", styles),
        _figure_table(
            "收费员",
            [(f"{row.clerk_no} {row.clerk_name}", row.takings) for row in report.by_clerk],
            total,
            styles,
        ),
        section("二、按支付方式", styles),
        _figure_table("支付方式", tender_rows, Takings.sum(t for _, t in tender_rows), styles),
        para(_tender_shares(report.by_tender, total.net_fen), styles.small),
        section("三、按业务类别", styles),
        _figure_table(
            "业务类别",
            [(UTILITY_NAMES[row.utility], row.takings) for row in report.by_utility],
            total,
            styles,
        ),
        section("四、按时段", styles),
        _figure_table("时段", [(row.label, row.takings) for row in report.by_hour], total, styles),
        gap(1),
        KeepTogether(
            [
                para(NOTE, styles.small),
                gap(5),
                signature_boxes(("制表人（签字）", "营业厅负责人（签字）"), styles, height_mm=18),
            ]
        ),
    ]
    return build_pdf(_header(report, HALL_TITLE, hall_number(report)), story)


def _tender_shares(rows: Sequence[TenderTakings], net_fen: Fen) -> str:
    parts = [f"{TENDER_NAMES[r.tender]} {share(r.takings.net_fen, net_fen)}" for r in rows]
    return "实收占比：" + ("；".join(parts) if parts else "—")


def _tenders_text(line: PaymentLine) -> str:
    if len(line.tenders) == 1:
        return TENDER_NAMES[line.tenders[0].tender]
    return "、".join(f"{TENDER_NAMES[p.tender]}{money(p.amount_fen)}" for p in line.tenders)


def _shift_rows(report: ClerkDayReport) -> list[tuple[str, ...]]:
    def maybe(fen: Fen | None) -> str:
        return "—" if fen is None else money(fen)

    rows: list[tuple[str, ...]] = []
    for shift in report.shifts:
        closed = "未轧账" if shift.closed_at is None else f"{shift.closed_at:%H:%M}"
        rows.append(
            (
                shift.shift_no,
                f"{shift.opened_at:%H:%M}–{closed}",
                money(shift.float_fen),
                shift.z_no or "—",
                maybe(shift.expected_cash_fen),
                maybe(shift.counted_cash_fen),
                maybe(shift.difference_fen),
            )
        )
    return rows or [("（当日未开班）", "", "", "", "", "", "")]


def clerk_day_pdf(report: ClerkDayReport) -> bytes:
    """One clerk's day on A4: shifts with their closing figures, every payment, the totals."""
    styles = notice_styles(notice_font())
    total = report.total
    payments = [
        (
            f"{line.paid_at:%H:%M}",
            line.receipt_no,
            line.account_no,
            money(line.amount_fen),
            _tenders_text(line),
            STATE_NAMES[line.state],
        )
        for line in report.payments
    ] or [("", "（当日无缴费）", "", "", "", "")]
    reversed_note = f"冲正{total.reversals}笔" if total.reversals else ""
    payments.append(
        ("合计", f"{total.payments:,}笔", "", money(total.gross_fen), "", reversed_note)
    )
    story: list[Any] = [
        fact_grid(
            [
                Fact("营业日期", cn_date(report.business_day, weekday=True)),
                Fact("打印时间", cn_datetime(report.printed_at)),
                Fact("收费员", f"{report.clerk_no} {report.clerk_name}"),
                Fact("营业厅", report.issuer.hall_name),
                Fact("收款合计", f"{money(total.gross_fen)}（{total.payments:,}笔）"),
                Fact("冲正合计", f"{money(total.reversed_fen)}（{total.reversals:,}笔）"),
            ],
            styles,
        ),
        gap(1.5),
        total_line("当日实收合计", total.net_fen, styles),
        section("一、班次与轧账", styles),
        data_table(
            ("班次号", "开班–轧账", "备用金", "轧账号", "应有现金", "实点现金", "差额"),
            _shift_rows(report),
            (34, 24, 22, 24, 24, 24, 22),
            styles,
            align="CCRCRRR",
        ),
        *[
            para(f"{shift.shift_no} 差额说明：{shift.difference_reason}", styles.small)
            for shift in report.shifts
            if shift.difference_reason
        ],
        section("二、缴费明细", styles),
        data_table(
            ("时间", "收据号", "户号", "金额", "支付方式", "状态"),
            payments,
            (14, 40, 28, 26, 44, 22),
            styles,
            align="CCCRLC",
            total_rows=1,
        ),
        *[
            para(f"收据 {line.receipt_no} 已冲正，冲正单号 {line.reversal_no}。", styles.small)
            for line in report.payments
            if line.reversed
        ],
        section("三、按支付方式", styles),
        _figure_table(
            "支付方式",
            [(TENDER_NAMES[row.tender], row.takings) for row in report.by_tender],
            Takings.sum(row.takings for row in report.by_tender),
            styles,
        ),
        gap(6),
        signature_boxes(("收费员（签字）", "营业厅负责人（签字）"), styles, height_mm=18),
    ]
    return build_pdf(_header(report, CLERK_TITLE, clerk_number(report)), story)


# --- workbooks --------------------------------------------------------------------------------

SHIFT_COLUMNS: Final = (
    *("班次号", "窗口", "开班时间", "轧账时间", "备用金（元）"),
    *("轧账号", "应有现金（元）", "实点现金（元）", "差额（元）", "差额说明"),
)
_FIGURE_COLUMNS: Final = ("笔数", "收款金额（元）", "冲正笔数", "冲正金额（元）", "实收金额（元）")


def _cells(takings: Takings) -> tuple[Cell, ...]:
    return (
        takings.payments,
        Amount(takings.gross_fen),
        takings.reversals,
        Amount(takings.reversed_fen),
        Amount(takings.net_fen),
    )


def _figure_sheet(
    title: str, label: str, rows: Sequence[tuple[str, Takings]], total: Takings
) -> Sheet:
    return Sheet(
        title,
        (label, *_FIGURE_COLUMNS),
        [(name, *_cells(takings)) for name, takings in rows],
        total=("合计", *_cells(total)),
    )


def _summary(report: HallTakings | ClerkDayReport, *extra: tuple[str, Cell]) -> Sheet:
    total = report.total
    facts: list[tuple[str, Cell]] = [
        ("报表", HALL_TITLE if isinstance(report, HallTakings) else CLERK_TITLE),
        ("单位", report.issuer.utility_name),
        ("营业厅", report.issuer.hall_name),
        ("终端", report.terminal_code),
        ("营业日期", report.business_day),
        ("打印时间", report.printed_at.replace(tzinfo=None)),
        *extra,
        ("缴费笔数", total.payments),
        ("收款合计（元）", Amount(total.gross_fen)),
        ("冲正笔数", total.reversals),
        ("冲正合计（元）", Amount(total.reversed_fen)),
        ("实收合计（元）", Amount(total.net_fen)),
    ]
    return Sheet("概况", ("项目", "内容"), facts, filters=False)


def takings_xlsx(report: HallTakings) -> bytes:
    """The hall's takings as a workbook: 概况 and one sheet per breakdown, each with 合计."""
    total = report.total
    tender_rows = [(TENDER_NAMES[row.tender], row.takings) for row in report.by_tender]
    sheets = [
        _summary(report),
        Sheet(
            "按收费员",
            ("工号", "姓名", *_FIGURE_COLUMNS),
            [(row.clerk_no, row.clerk_name, *_cells(row.takings)) for row in report.by_clerk],
            total=("合计", f"{len(report.by_clerk)}人", *_cells(total)),
        ),
        _figure_sheet(
            "按支付方式", "支付方式", tender_rows, Takings.sum(t for _, t in tender_rows)
        ),
        _figure_sheet(
            "按业务类别",
            "业务类别",
            [(UTILITY_NAMES[row.utility], row.takings) for row in report.by_utility],
            total,
        ),
        _figure_sheet(
            "按时段", "时段", [(row.label, row.takings) for row in report.by_hour], total
        ),
    ]
    return workbook_bytes(sheets, title=HALL_TITLE, when=report.printed_at)


def _maybe(fen: Fen | None) -> Amount | None:
    return None if fen is None else Amount(fen)


def clerk_day_xlsx(report: ClerkDayReport) -> bytes:
    """One clerk's day as a workbook: 概况, 缴费明细, 班次 and 按支付方式."""
    total = report.total
    payments = [
        (
            line.paid_at.replace(tzinfo=None),
            line.receipt_no,
            line.account_no,
            UTILITY_NAMES[line.utility],
            Amount(line.amount_fen),
            _tenders_text(line),
            STATE_NAMES[line.state],
            line.reversal_no,
        )
        for line in report.payments
    ]
    shifts = [
        (
            shift.shift_no,
            shift.window,
            shift.opened_at.replace(tzinfo=None),
            None if shift.closed_at is None else shift.closed_at.replace(tzinfo=None),
            Amount(shift.float_fen),
            shift.z_no,
            _maybe(shift.expected_cash_fen),
            _maybe(shift.counted_cash_fen),
            _maybe(shift.difference_fen),
            shift.difference_reason,
        )
        for shift in report.shifts
    ]
    sheets = [
        _summary(report, ("收费员", f"{report.clerk_no} {report.clerk_name}")),
        Sheet(
            "缴费明细",
            ("时间", "收据号", "户号", "业务类别", "金额（元）", "支付方式", "状态", "冲正单号"),
            payments,
            total=("合计", f"{total.payments}笔", "", "", Amount(total.gross_fen), "", "", ""),
        ),
        Sheet("班次", SHIFT_COLUMNS, shifts),
        _figure_sheet(
            "按支付方式",
            "支付方式",
            [(TENDER_NAMES[row.tender], row.takings) for row in report.by_tender],
            Takings.sum(row.takings for row in report.by_tender),
        ),
    ]
    return workbook_bytes(sheets, title=CLERK_TITLE, when=report.printed_at)
