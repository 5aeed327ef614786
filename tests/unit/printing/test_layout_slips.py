"""Thermal-roll layouts of the hall's own slips: shift, work orders and the printer test page."""

from __future__ import annotations

from dataclasses import replace

import pytest

from counterdesk.documents import samples
from counterdesk.documents.receipts import ShiftSlipKind, StepDeadline
from printing.columns import width
from printing.layouts import layout
from printing.layouts.test_page import column_ruler
from printing.slip import Align, Paper, QrCode
from tests.unit.printing import flat, line_starting, lines, texts


@pytest.fixture(params=[Paper.MM58, Paper.MM80], ids=lambda paper: paper.name)
def paper(request: pytest.FixtureRequest) -> Paper:
    return request.param


# --- shift slips --------------------------------------------------------------------------------


def test_z_slip_shows_the_shortage_and_signature_lines(paper: Paper) -> None:
    slip = layout(samples.shift_slip(ShiftSlipKind.Z), paper)
    difference = line_starting(slip, "差额 ")
    assert difference.endswith("短款 ￥1.00")
    assert width(difference) == paper.columns
    assert line_starting(slip, "实点现金").endswith("￥13,657.92")
    assert line_starting(slip, "应存现金").endswith("￥13,658.92")
    assert line_starting(slip, "备用金").endswith("￥1,200.00")
    text = flat(slip)
    assert "班次轧账单" in text
    for tender in ("现金", "微信", "支付宝", "银行卡"):
        assert tender in text
    assert "111" in text
    assert "￥44,325.37" in text
    assert "收费员签字" in text
    assert "复核人签字" in text
    assert "审批：0001" in text


@pytest.mark.parametrize(
    ("counted_offset", "said"), [(200, "长款 ￥2.00"), (0, "平"), (-100, "短款 ￥1.00")]
)
def test_z_slip_names_the_difference(counted_offset: int, said: str) -> None:
    shift = samples.shift_slip(ShiftSlipKind.Z)
    shift = replace(shift, counted_cash_fen=shift.expected_cash_fen + counted_offset)
    assert line_starting(layout(shift, Paper.MM58), "差额 ").endswith(said)


def test_x_slip_counts_nothing_and_asks_for_no_signature() -> None:
    slip = layout(samples.shift_slip(ShiftSlipKind.X), Paper.MM58)
    text = flat(slip)
    assert "班次中间读数" in text
    assert "实点现金" not in text
    assert "差额" not in text
    assert "签字" not in text


# --- work orders --------------------------------------------------------------------------------


def test_acceptance_slip_lists_steps_and_masks_the_applicant(paper: Paper) -> None:
    slip = layout(samples.acceptance_slip(), paper)
    text = flat(slip)
    for expected in (
        "业务受理回执",
        "低压居民新装",
        "YK-20261121-0015",
        "李*华",
        "梧桐巷*号",
        "138****5678",
        "身份证复印件",
        "承诺5个工作日内完成",
        "请凭此回执查询办理进度",
    ):
        assert expected in text
    assert "李芳华" not in text
    assert "13812345678" not in text
    assert line_starting(slip, "现场勘查").endswith("2026-11-23")
    assert "暂定" not in text


def test_acceptance_slip_marks_a_provisional_deadline() -> None:
    acceptance = samples.acceptance_slip()
    steps = (*acceptance.steps[:-1], replace(acceptance.steps[-1], provisional=True))
    slip = layout(replace(acceptance, steps=steps), Paper.MM58)
    assert line_starting(slip, "装表接电").endswith("2026-11-27 暂定")


def test_long_step_names_and_service_names_wrap() -> None:
    acceptance = samples.acceptance_slip()
    long_name = "高压双电源新装（含临时用电转正式用电及配套工程验收）"
    slip = layout(
        replace(
            acceptance,
            service_name=long_name * 2,
            steps=(StepDeadline(long_name, acceptance.steps[0].due),),
        ),
        Paper.MM58,
    )
    assert long_name in flat(slip)


def test_reconnection_notice_promises_the_hour(paper: Paper) -> None:
    slip = layout(samples.reconnection_notice(), paper)
    text = flat(slip)
    for expected in (
        "复电通知",
        "FD-20261121-0003",
        "3301020456",
        "张*三",
        "2026-11-21 10:42:07",
        "缴清欠费",
        "QS03-20261121-0042",
        "24小时内恢复供电",
        "最迟 2026-11-22 10:42:07",
        "95598",
    ):
        assert expected in text
    assert "张晓三" not in text


def test_meter_change_slip_shows_both_readings_per_register(paper: Paper) -> None:
    slip = layout(samples.meter_change_slip(), paper)
    text = flat(slip)
    for expected in (
        "换表告知单",
        "HB-20261121-0009",
        "轮换",
        "1100123456789",
        "1100987654321",
        "旧表倍率：1",
        "装表人员：2031",
        "轮换到期，旧表封存待检",
        "请核对以上示数",
        "客户签字",
    ):
        assert expected in text
    total = line_starting(slip, "总")
    assert "12345.67" in total
    assert total.endswith("0.00")
    assert width(total) == paper.columns
    assert "张晓三" not in text


# --- test page ----------------------------------------------------------------------------------


def test_test_page_rules_every_column(paper: Paper) -> None:
    page = samples.printer_test_page()
    slip = layout(page, paper)
    tens, units = column_ruler(paper.columns)
    assert units in lines(slip)
    assert tens in lines(slip)
    assert width(units) == paper.columns
    assert units.startswith("1234567890")
    for sample in page.sample_lines:
        assert sample in flat(slip)
    assert f"每行 {paper.columns} 列" in flat(slip)
    assert {block.align for block in texts(slip)} == set(Align)
    assert any(block.double for block in texts(slip))
    assert any(block.bold for block in texts(slip))
    assert any(isinstance(block, QrCode) for block in slip.blocks)
    assert line_starting(slip, "金额右对齐").endswith("￥1,234.50")


def test_test_page_clips_a_long_printer_address() -> None:
    printer = "win32:" + "EPSON TM-T82III Receipt (Copy 2) on Terminal-07 " * 3
    slip = layout(samples.printer_test_page(printer), Paper.MM58)
    printer_line = line_starting(slip, "打印机")
    assert printer_line.endswith("…")
    assert width(printer_line) <= Paper.MM58.columns
