"""Thermal-roll layouts: every sample lays out at both widths and says what the customer needs."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

import pytest

from counterdesk.documents import samples
from counterdesk.documents.codec import KINDS
from counterdesk.documents.receipts import PeriodPaid, Tender, TenderPart
from counterdesk.domain.accounts import Utility
from printing.columns import LayoutError, width
from printing.layouts import A4_KINDS, THERMAL_KINDS, CopyMark, layout, paper_yuan
from printing.slip import Align, Paper, QrCode
from tests.unit.printing import flat, line_starting, lines, texts

PAPERS = (Paper.MM58, Paper.MM80)
THERMAL_SAMPLES = [name for name in samples.SAMPLES if KINDS[name] in THERMAL_KINDS]
A4_SAMPLES = [name for name in samples.SAMPLES if KINDS[name] not in THERMAL_KINDS]
REPRINTED_AT = datetime(2026, 11, 21, 15, 0, 0, tzinfo=samples.HALL_TIME)
AMOUNT_AT_END = re.compile(r"-?￥\d{1,3}(,\d{3})*\.\d\d$")


@pytest.fixture(params=PAPERS, ids=lambda paper: paper.name)
def paper(request: pytest.FixtureRequest) -> Paper:
    return request.param


# --- every kind ---------------------------------------------------------------------------------


def test_the_thermal_kinds_are_the_eight_roll_printouts() -> None:
    assert len(THERMAL_KINDS) == 8
    assert not set(THERMAL_KINDS) & set(A4_KINDS)
    assert len(THERMAL_SAMPLES) == 8


@pytest.mark.parametrize("name", THERMAL_SAMPLES)
def test_every_thermal_sample_lays_out(name: str, paper: Paper) -> None:
    slip = layout(samples.SAMPLES[name](), paper)
    assert slip.paper is paper
    assert slip.cut
    assert texts(slip)
    for block in texts(slip):
        assert width(block.text) <= paper.columns // (2 if block.double else 1)
    # The issuer heads every slip; the half-width ¥ never reaches paper.
    assert samples.SAMPLE_HALL.utility_name in lines(slip)[0]
    assert "¥" not in flat(slip)
    assert "副本" not in flat(slip)


@pytest.mark.parametrize("name", A4_SAMPLES)
def test_a4_kinds_have_no_thermal_layout(name: str) -> None:
    with pytest.raises(LayoutError, match="A4"):
        layout(samples.SAMPLES[name](), Paper.MM80)


def test_something_that_is_not_a_printout_is_refused() -> None:
    with pytest.raises(LayoutError, match="str"):
        layout("a receipt", Paper.MM58)


# --- money --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fen", "printed"),
    [
        (0, "￥0.00"),
        (5, "￥0.05"),
        (123_450, "￥1,234.50"),
        (-300, "-￥3.00"),
        (1_000_000_000, "￥10,000,000.00"),
    ],
)
def test_paper_yuan_uses_the_full_width_sign_and_groups_thousands(fen: int, printed: str) -> None:
    assert paper_yuan(fen) == printed


# --- payment receipt ----------------------------------------------------------------------------


def test_receipt_shows_the_facts_with_personal_data_masked(paper: Paper) -> None:
    receipt = samples.payment_receipt()
    slip = layout(receipt, paper)
    text = flat(slip)
    assert "电费缴费凭证" in text
    assert receipt.receipt_no in text
    assert "2026-11-21 10:42:07" in text
    assert receipt.account_no in text
    assert "张*三" in text
    assert "张晓三" not in text
    assert "云溪市青山区春晖路**号*栋*单元***室" in text
    for number in ("18号", "3栋", "2单元", "501"):
        assert number not in text
    assert "窗口：3" in text
    assert "收费员：0107" in text
    for period in ("2026-09", "2026-10"):
        assert period in text
    assert "违约金" in text
    assert "315.00" in text
    assert "kWh" in text


def test_receipt_shows_received_in_figures_and_capitals(paper: Paper) -> None:
    slip = layout(samples.payment_receipt(), paper)
    received = line_starting(slip, "实收")
    assert received.endswith("￥384.58")
    assert width(received) == paper.columns
    assert "人民币叁佰捌拾肆元伍角捌分" in flat(slip)
    assert line_starting(slip, "电费合计").endswith("￥324.41")
    assert line_starting(slip, "违约金合计").endswith("￥10.17")
    assert line_starting(slip, "转预收").endswith("￥50.00")
    assert line_starting(slip, "缴费前预收余额").endswith("￥12.50")
    assert line_starting(slip, "缴费后预收余额").endswith("￥62.50")


def test_cash_receipt_shows_tendered_and_change(paper: Paper) -> None:
    slip = layout(samples.payment_receipt(cash=True), paper)
    assert line_starting(slip, "支付方式").endswith("现金")
    assert line_starting(slip, "收取").endswith("￥400.00")
    assert line_starting(slip, "找零").endswith("￥15.42")


def test_wechat_receipt_has_no_change_line(paper: Paper) -> None:
    slip = layout(samples.payment_receipt(cash=False), paper)
    assert line_starting(slip, "支付方式").endswith("微信")
    assert not [line for line in lines(slip) if line.startswith(("收取", "找零"))]


def test_every_amount_on_a_receipt_ends_flush_with_the_right_edge(paper: Paper) -> None:
    slip = layout(samples.payment_receipt(), paper)
    money = [block for block in texts(slip) if "￥" in block.text]
    assert len(money) >= 10
    for block in money:
        assert AMOUNT_AT_END.search(block.text), block.text
        assert width(block.text) == paper.columns, block.text
        assert not block.double


def test_receipt_carries_its_qr_code() -> None:
    receipt = samples.payment_receipt()
    slip = layout(receipt, Paper.MM58)
    assert [block.data for block in slip.blocks if isinstance(block, QrCode)] == [
        receipt.qr_payload
    ]


@pytest.mark.parametrize(
    ("utility", "title", "bills"),
    [
        (Utility.ELECTRICITY, "电费缴费凭证", "电费合计"),
        (Utility.WATER, "水费缴费凭证", "水费合计"),
        (Utility.GAS, "燃气费缴费凭证", "燃气费合计"),
    ],
)
def test_receipt_title_names_the_utility(utility: Utility, title: str, bills: str) -> None:
    slip = layout(replace(samples.payment_receipt(), utility=utility), Paper.MM58)
    titles = [block for block in texts(slip) if block.text == title]
    assert len(titles) == 1
    assert titles[0].bold
    assert titles[0].align is Align.CENTER
    assert bills in flat(slip)
    assert slip.title.startswith(title)


# --- cash drawer and copies ---------------------------------------------------------------------


def test_only_a_cash_original_opens_the_drawer() -> None:
    copy = CopyMark(REPRINTED_AT, 2)
    assert layout(samples.payment_receipt(cash=True), Paper.MM80).open_drawer
    assert not layout(samples.payment_receipt(cash=False), Paper.MM80).open_drawer
    assert not layout(samples.payment_receipt(cash=True), Paper.MM80, copy=copy).open_drawer
    assert not layout(samples.reversal_slip(), Paper.MM80).open_drawer
    assert not layout(samples.queue_ticket(), Paper.MM80).open_drawer


@pytest.mark.parametrize("name", THERMAL_SAMPLES)
def test_a_copy_says_so_at_top_and_bottom_and_is_otherwise_the_original(
    name: str, paper: Paper
) -> None:
    printout = samples.SAMPLES[name]()
    original = layout(printout, paper)
    copy = layout(printout, paper, copy=CopyMark(REPRINTED_AT, 3))
    first, last = texts(copy)[0], texts(copy)[-1]
    for mark in (first, last):
        assert "副本" in mark.text
        assert mark.double
        assert mark.align is Align.CENTER
    assert "第3次打印" in flat(copy)
    assert "补打时间" in flat(copy)
    assert "2026-11-21 15:00:00" in flat(copy)
    blocks = copy.blocks
    start = blocks.index(original.blocks[0])
    assert blocks[start : start + len(original.blocks)] == original.blocks
    assert "副本" not in flat(original)


def test_copy_mark_refuses_a_naive_time_and_a_first_print() -> None:
    with pytest.raises(ValueError, match="time zone"):
        CopyMark(datetime(2026, 11, 21, 15, 0), 2)  # noqa: DTZ001 - the naive time is the point
    with pytest.raises(ValueError, match="second print"):
        CopyMark(REPRINTED_AT, 1)


# --- reversal -----------------------------------------------------------------------------------


def test_reversal_slip_names_both_receipts_and_who_approved(paper: Paper) -> None:
    reversal = samples.reversal_slip()
    slip = layout(reversal, paper)
    text = flat(slip)
    assert "冲正凭证" in text
    assert reversal.reversal_no in text
    assert reversal.original_receipt_no in text
    assert "2026-11-21 10:42:07" in text
    assert "2026-11-21 10:48:07" in text
    assert "张*三" in text
    assert "张晓三" not in text
    assert line_starting(slip, "冲正金额").endswith("￥384.58")
    assert "人民币叁佰捌拾肆元伍角捌分" in text
    assert "户号输错，客户要求退款（已收回原凭证）" in text
    assert "审批：0001" in text
    assert "客户签字" in text


# --- queue ticket -------------------------------------------------------------------------------


def test_ticket_number_is_printed_four_times_the_size_and_bold(paper: Paper) -> None:
    slip = layout(samples.queue_ticket(), paper)
    number = [block for block in texts(slip) if block.text == "A023"]
    assert len(number) == 1
    assert number[0].magnification == 4
    assert number[0].bold
    assert number[0].align is Align.CENTER
    text = flat(slip)
    for expected in ("排队号票", "缴费业务", "前面还有 7 人等候", "过号请重新取号"):
        assert expected in text
    assert "请留意叫号屏及语音提示" in text
    assert "绿色通道" not in text


def test_a_long_ticket_number_falls_back_to_double_size() -> None:
    ticket = replace(samples.queue_ticket(), number="VIP-20261121-0023")
    slip = layout(ticket, Paper.MM80)
    (number,) = [block for block in texts(slip) if block.text == "VIP-20261121-0023"]
    assert number.magnification == 2
    assert slip.cut
    assert any(isinstance(block, QrCode) for block in slip.blocks)


def test_green_channel_ticket_says_so() -> None:
    slip = layout(replace(samples.queue_ticket(), green_channel=True), Paper.MM58)
    assert "绿色通道" in flat(slip)


# --- long and odd values ------------------------------------------------------------------------


def test_long_free_text_wraps_instead_of_failing() -> None:
    long_address = "云溪市青山区春晖路18号" + "某某工业园区第三期" * 6 + "3栋2单元501室"
    receipt = replace(samples.payment_receipt(), address=long_address, customer_name="Jo Smith")
    slip = layout(receipt, Paper.MM58)
    assert "J* S****" in flat(slip)
    reversal = replace(samples.reversal_slip(), reason="原因\n说明\t" * 40)
    assert "原因说明" in flat(layout(reversal, Paper.MM58))
    change = replace(samples.meter_change_slip(), remarks="旧表封存，" * 30)
    assert "旧表封存" in flat(layout(change, Paper.MM58))


def test_huge_figures_stack_rather_than_clip_on_58mm() -> None:
    periods = (
        PeriodPaid("2026-09", 9_999_999_999, "kWh", 999_999_999, 12_345_678),
        PeriodPaid("2026-10", 28_800, "m³", 15_494, 0),
    )
    due = sum(period.principal_fen + period.late_fee_fen for period in periods)
    receipt = replace(
        samples.payment_receipt(),
        periods=periods,
        tendered_fen=due + 5_000 + 1_542,
        parts=(TenderPart(Tender.CASH, due + 5_000),),
    )
    slip = layout(receipt, Paper.MM58)
    for figure in ("99999999.99kWh", "￥9,999,999.99", "￥123,456.78", "288.00m³", "￥154.94"):
        assert any(line.endswith(figure) for line in lines(slip)), figure
    assert not any("…" in line for line in lines(slip))


def test_a_receipt_that_clears_a_disconnection_says_when_supply_returns() -> None:
    paid = samples.payment_receipt()
    receipt = replace(
        paid,
        reconnection_no="FD-QS03-20261121-001",
        restore_by=paid.paid_at.replace(day=22),
    )
    printed = lines(layout(receipt, Paper.MM80))
    assert any("复电工单" in line and "FD-QS03-20261121-001" in line for line in printed)
    assert any("承诺复电" in line and "2026-11-22 10:42" in line for line in printed)
    assert not any("复电" in line for line in lines(layout(paid, Paper.MM80)))


def test_a_split_payment_lists_each_tender_with_its_reference() -> None:
    paid = samples.payment_receipt(cash=False)
    due = paid.received_fen
    receipt = replace(
        paid,
        parts=(
            TenderPart(Tender.BANK_CARD, due - 10_000, "6222021234"),
            TenderPart(Tender.CASH, 10_000),
        ),
        tendered_fen=due + 2_000,
        change_fen=2_000,
    )
    printed = lines(layout(receipt, Paper.MM80))
    assert any("组合支付" in line for line in printed)
    assert any("6222021234" in line for line in printed)
    assert any(line.startswith("找零") and line.endswith("￥20.00") for line in printed)
