"""One realistic example of every printout, for `counterdesk notice`, print tests and screenshots.

The names and places are from the demo city 云溪市; the figures add up the way a real payment
does (the dataclasses check that), so a sample that prints is a fair test of a layout.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any, Final
from uuid import UUID

from counterdesk.documents.back_billing import BackBillingNotice
from counterdesk.documents.identity import HallIdentity
from counterdesk.documents.notices import (
    ArrearsLine,
    ClerkDay,
    ComplaintForm,
    DailyReport,
    PaymentReminder,
    PlannedOutage,
)
from counterdesk.documents.receipts import (
    AcceptanceSlip,
    MeterChangeReason,
    MeterChangeSlip,
    PaymentReceipt,
    PeriodPaid,
    PrinterTestPage,
    QueueTicket,
    ReconnectionNotice,
    RegisterChange,
    ReversalSlip,
    ShiftSlip,
    ShiftSlipKind,
    StepDeadline,
    Tender,
    TenderPart,
    TenderTotal,
)
from counterdesk.domain.accounts import Utility
from counterdesk.domain.back_billing import MeterErrorCase, compute_back_billing

HALL_TIME: Final = timezone(timedelta(hours=8), "CST")
SAMPLE_HALL: Final = HallIdentity(
    utility_name="国网云溪市供电公司",
    hall_name="青山供电营业厅",
    phone="95598",
    address="云溪市青山区春晖路88号",
    website="https://yunxi.example.cn",
)
_AT: Final = datetime(2026, 11, 21, 10, 42, 7, tzinfo=HALL_TIME)


def _uid(n: int) -> UUID:
    return UUID(int=0x0193_5A7E_0000_7000_8000_0000_0000_0000 + n)


def payment_receipt(*, cash: bool = True) -> PaymentReceipt:
    periods = (
        PeriodPaid("2026-09", 31_500, "kWh", 16_947, 1_017),
        PeriodPaid("2026-10", 28_800, "kWh", 15_494, 0),
    )
    due = sum(p.principal_fen + p.late_fee_fen for p in periods)
    tendered = 40_000 if cash else due
    return PaymentReceipt(
        payment_uid=_uid(1),
        receipt_no="QS03-20261121-0042",
        issuer=SAMPLE_HALL,
        window="3",
        clerk_no="0107",
        paid_at=_AT,
        account_no="3301020456",
        customer_name="张晓三",
        address="云溪市青山区春晖路18号3栋2单元501室",
        utility=Utility.ELECTRICITY,
        periods=periods,
        tender=Tender.CASH if cash else Tender.WECHAT,
        tendered_fen=tendered,
        change_fen=tendered - due - (5_000 if cash else 0),
        prepaid_used_fen=0,
        to_prepaid_fen=5_000 if cash else 0,
        prepaid_before_fen=1_250,
        prepaid_after_fen=1_250 + (5_000 if cash else 0),
        qr_payload="https://yunxi.example.cn/r/QS03-20261121-0042",
        parts=(
            TenderPart(Tender.CASH, due + 5_000)
            if cash
            else TenderPart(Tender.WECHAT, due, "4200002461202611213361578210"),
        ),
    )


def reversal_slip() -> ReversalSlip:
    return ReversalSlip(
        reversal_uid=_uid(2),
        reversal_no="QS03-20261121-R003",
        issuer=SAMPLE_HALL,
        window="3",
        clerk_no="0107",
        approved_by="0001",
        reversed_at=_AT + timedelta(minutes=6),
        original_receipt_no="QS03-20261121-0042",
        original_paid_at=_AT,
        account_no="3301020456",
        customer_name="张晓三",
        amount_fen=38_458,
        tender=Tender.CASH,
        reason="户号输错，客户要求退款（已收回原凭证）",
    )


def queue_ticket() -> QueueTicket:
    return QueueTicket(
        ticket_uid=_uid(3),
        number="A023",
        category_code="A",
        category_name="缴费业务",
        people_ahead=7,
        issued_at=_AT,
        issuer=SAMPLE_HALL,
        qr_payload="https://yunxi.example.cn/q/A023",
    )


def shift_slip(kind: ShiftSlipKind = ShiftSlipKind.Z) -> ShiftSlip:
    tenders = (
        TenderTotal(Tender.CASH, 37, 1_284_350),
        TenderTotal(Tender.WECHAT, 52, 2_031_977),
        TenderTotal(Tender.ALIPAY, 18, 604_210),
        TenderTotal(Tender.BANK_CARD, 4, 512_000),
    )
    return ShiftSlip(
        kind=kind,
        shift_uid=_uid(4),
        shift_no="QS03-20261121-1",
        issuer=SAMPLE_HALL,
        window="3",
        clerk_no="0107",
        opened_at=_AT.replace(hour=8, minute=30, second=0),
        printed_at=_AT.replace(hour=17, minute=5, second=12),
        float_fen=120_000,
        tenders=tenders,
        reversal_count=1,
        reversal_fen=38_458,
        expected_cash_fen=120_000 + 1_284_350 - 38_458,
        counted_cash_fen=120_000 + 1_284_350 - 38_458 - 100 if kind is ShiftSlipKind.Z else None,
        difference_reason="短款 ¥1.00，已按规定自补" if kind is ShiftSlipKind.Z else "",
        approved_by="0001" if kind is ShiftSlipKind.Z else "",
        z_no="QS03-Z0087" if kind is ShiftSlipKind.Z else "",
    )


def acceptance_slip() -> AcceptanceSlip:
    return AcceptanceSlip(
        order_uid=_uid(5),
        order_no="YK-20261121-0015",
        issuer=SAMPLE_HALL,
        service_name="低压居民新装",
        accepted_at=_AT,
        clerk_no="0107",
        account_no="（新户）",
        applicant_name="李芳华",
        address="云溪市青山区梧桐巷7号",
        contact_phone="13812345678",
        steps=(
            StepDeadline("受理", date(2026, 11, 21)),
            StepDeadline("现场勘查", date(2026, 11, 23)),
            StepDeadline("答复供电方案", date(2026, 11, 24)),
            StepDeadline("装表接电", date(2026, 11, 27)),
        ),
        commitment_workdays=5,
        documents_received=("身份证复印件", "房产证明复印件", "用电申请表"),
        qr_payload="https://yunxi.example.cn/o/YK-20261121-0015",
    )


def reconnection_notice() -> ReconnectionNotice:
    return ReconnectionNotice(
        order_uid=_uid(6),
        order_no="FD-20261121-0003",
        issuer=SAMPLE_HALL,
        account_no="3301020456",
        customer_name="张晓三",
        address="云溪市青山区春晖路18号3栋2单元501室",
        receipt_no="QS03-20261121-0042",
        paid_at=_AT,
        restore_by=_AT + timedelta(hours=24),
        commitment_hours=24,
        clerk_no="0107",
    )


def meter_change_slip() -> MeterChangeSlip:
    return MeterChangeSlip(
        order_uid=_uid(7),
        order_no="HB-20261121-0009",
        issuer=SAMPLE_HALL,
        account_no="3301020456",
        customer_name="张晓三",
        address="云溪市青山区春晖路18号3栋2单元501室",
        changed_at=_AT - timedelta(days=1),
        reason=MeterChangeReason.ROTATION,
        old_meter_no="1100123456789",
        new_meter_no="1100987654321",
        old_multiplier=1,
        new_multiplier=1,
        registers=(
            RegisterChange("总", 1_234_567, 0),
            RegisterChange("峰", 512_340, 0),
            RegisterChange("谷", 722_227, 0),
        ),
        unit="kWh",
        fitter_no="2031",
        clerk_no="0107",
        remarks="轮换到期，旧表封存待检",
    )


def back_billing_notice() -> BackBillingNotice:
    """A fault change: the old meter tested 4.00 % fast over 629 days, so half is refunded."""
    case = MeterErrorCase(
        error_bp=400, recorded_units=12_345, since=date(2025, 3, 1), until=date(2026, 11, 20)
    )
    return BackBillingNotice(
        notice_uid=_uid(12),
        order_no="HB-20261121-0009",
        issuer=SAMPLE_HALL,
        issued_on=_AT.date(),
        account_no="3301020456",
        customer_name="张晓三",
        address="云溪市青山区春晖路18号3栋2单元501室",
        old_meter_no="1100123456789",
        new_meter_no="1100987654321",
        changed_on=date(2026, 11, 20),
        reason=MeterChangeReason.FAULT,
        result=compute_back_billing(case, price=4_883),
        clerk_no="0107",
        approved_by="0001",
        approved_at=_AT.replace(hour=9, minute=15, second=0),
    )


def printer_test_page(printer: str = "file:counterdesk-test.bin") -> PrinterTestPage:
    return PrinterTestPage(issuer=SAMPLE_HALL, printer=printer, printed_at=_AT)


def payment_reminder() -> PaymentReminder:
    return PaymentReminder(
        notice_uid=_uid(8),
        notice_no="CJ-20261121-0131",
        issuer=SAMPLE_HALL,
        issued_on=_AT.date(),
        account_no="3301020456",
        customer_name="张晓三",
        address="云溪市青山区春晖路18号3栋2单元501室",
        utility=Utility.ELECTRICITY,
        arrears=(
            ArrearsLine("2026-09", 31_500, "kWh", 16_947, date(2026, 10, 15), 610),
            ArrearsLine("2026-10", 28_800, "kWh", 15_494, date(2026, 11, 15), 93),
        ),
        pay_by=date(2026, 12, 5),
        channels=("营业厅柜台", "网上国网 App", "微信公众号", "支付宝生活缴费", "银行代扣"),
    )


def planned_outage() -> PlannedOutage:
    return PlannedOutage(
        notice_uid=_uid(9),
        notice_no="TD-20261121-004",
        issuer=SAMPLE_HALL,
        announced_on=_AT.date(),
        starts_at=datetime(2026, 11, 29, 8, 0, tzinfo=HALL_TIME),
        ends_at=datetime(2026, 11, 29, 17, 30, tzinfo=HALL_TIME),
        areas=("青山区春晖路（1号至60号）", "梧桐巷全段", "青山工业园B区"),
        reason="10千伏春晖线设备检修及线路改造",
    )


def complaint_form() -> ComplaintForm:
    return ComplaintForm(
        case_uid=_uid(10),
        case_no="TS-20261121-0021",
        issuer=SAMPLE_HALL,
        registered_at=_AT,
        channel="营业厅窗口",
        category="电压质量",
        customer_name="王建国",
        contact_phone="13987654321",
        account_no="3301020777",
        address="云溪市青山区梧桐巷12号",
        content="近一周每晚七点至十点电压偏低，空调无法启动，灯光闪烁。请尽快派人检查。",
        owner_no="0107",
        department="青山供电所运维班",
        contact_by=date(2026, 11, 23),
        reply_by=date(2026, 11, 27),
    )


def daily_report() -> DailyReport:
    return DailyReport(
        report_uid=_uid(11),
        issuer=SAMPLE_HALL,
        business_day=_AT.date(),
        printed_at=_AT.replace(hour=17, minute=40),
        clerks=(
            ClerkDay("0107", "陈静", 111, 4_432_537, 1, 126, 48),
            ClerkDay("0112", "刘洋", 96, 3_870_100, 0, 104, 46),
            ClerkDay("0120", "赵敏", 58, 1_501_880, 0, 71, None),
        ),
        tenders=(
            (Tender.CASH, 88, 2_904_100),
            (Tender.WECHAT, 120, 4_400_417),
            (Tender.ALIPAY, 45, 1_500_000),
            (Tender.BANK_CARD, 12, 1_000_000),
        ),
        tickets_issued=342,
        tickets_served=301,
        median_wait_seconds=7 * 60 + 40,
        served_within_target_percent=87,
    )


SAMPLES: Final[dict[str, Any]] = {
    "payment_receipt": payment_receipt,
    "reversal_slip": reversal_slip,
    "queue_ticket": queue_ticket,
    "shift_slip": shift_slip,
    "acceptance_slip": acceptance_slip,
    "reconnection_notice": reconnection_notice,
    "meter_change_slip": meter_change_slip,
    "test_page": printer_test_page,
    "payment_reminder": payment_reminder,
    "planned_outage": planned_outage,
    "complaint_form": complaint_form,
    "daily_report": daily_report,
    "back_billing_notice": back_billing_notice,
}
"""A maker of one sample per printout kind, keyed like ``codec.KINDS``."""
