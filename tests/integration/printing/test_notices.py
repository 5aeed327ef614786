"""A4 notices as a customer, an auditor and a support technician check them.

The PDFs are read back with pypdf (what the page says) and poppler's ``pdffonts`` (that every font
is an embedded TrueType subset, so the notice looks the same in any viewer).
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner
from PIL import Image

from counterdesk import cli
from counterdesk.documents import samples
from counterdesk.documents.notices import ArrearsLine, OutageNoticeError
from counterdesk.documents.receipts import MeterChangeReason, StepDeadline
from counterdesk.domain.accounts import Utility
from printing import fonts
from printing.fonts import FontFile, FontNotFoundError, find_cjk_font, has_truetype_outlines
from printing.notices import NOTICE_SAMPLES, render_notice
from printing.notices.fonts import CANNOT_START_LINE

WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def squash(text: str) -> str:
    """Text without white space: pypdf puts spaces and line breaks where the layout wrapped."""
    return "".join(text.split())


def pdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return squash("".join(page.extract_text() for page in reader.pages))


def page_count(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


KEY_FACTS: dict[str, tuple[str, ...]] = {
    "acceptance": (
        "业务受理回执",
        "YK-20261121-0015",
        "低压居民新装",
        "李*华",
        "138****5678",
        "梧桐巷*号",
        "2026年11月23日",
        "2026年11月27日",
        "5个工作日",
        "身份证复印件",
        "用电申请表",
        "申请人（签字）",
        "受理人员（签字）",
        "服务热线：95598",
        "第1页/共1页",
    ),
    "meter-change": (
        "电能表更换通知单",
        "HB-20261121-0009",
        "张*三",
        "1100123456789",
        "1100987654321",
        "12345.67",
        "5123.40",
        "7222.27",
        "0.00",
        "周期轮换",
        "旧表倍率",
        "工号2031",
        "工号0107",
        "客户确认（签字）",
        "装表人员（签字）",
        "换表便民服务卡",
        "沿虚线剪下",
    ),
    "reminder": (
        "电费缴费提醒",
        "尊敬的客户：",
        "您好！",
        "感谢您的理解与支持！",
        "3301020456",
        "张*三",
        "春晖路**号",
        "2026-09",
        "315.00",
        "¥169.47",
        "¥6.10",
        "2026年10月15日",
        "¥331.44",
        "人民币叁佰叁拾壹元肆角肆分",
        "2026年12月5日",
        "网上国网App",
        "银行代扣",
        "《供电营业规则》",
    ),
    "outage": (
        "计划停电公告",
        "TD-20261121-004",
        "2026年11月29日（星期日）08:00至17:30",
        "9小时30分钟",
        "青山区春晖路（1号至60号）",
        "梧桐巷全段",
        "青山工业园B区",
        "10千伏春晖线设备检修及线路改造",
        "计划停电提前7天公告",
        "敬请谅解",
    ),
    "complaint": (
        "投诉举报处理工作单",
        "TS-20261121-0021",
        "内部工单",
        "王建国",
        "13987654321",
        "电压质量",
        "空调无法启动",
        "青山供电所运维班",
        "2026年11月23日（星期一）前",
        "2026年11月27日（星期五）前",
        "首问负责",
        "处理过程",
        "答复内容",
        "回访记录",
        "承办人（签字）",
        "回访人（签字）",
    ),
    "daily-report": (
        "营业日报",
        "2026年11月21日（星期六）",
        "陈静",
        "¥44,325.37",
        "4.8",
        "微信支付",
        "¥44,004.17",
        "¥98,045.17",
        "人民币玖万捌仟零肆拾伍元壹角柒分",
        "342",
        "7分40秒",
        "87%",
        "营业厅负责人（签字）",
    ),
    "back-billing": (
        "退补电量通知单",
        "HB-20261121-0009",
        "张*三",
        "计量误差超出允许范围",
        "e=+4.00%",
        "314.5天",
        "应退还电费：¥115.73",
        "人民币壹佰壹拾伍元柒角叁分",
        "审批人员（签字）",
    ),
}


@pytest.fixture(scope="module")
def sample_pdfs() -> dict[str, bytes]:
    return {kind: render_notice(make()) for kind, make in NOTICE_SAMPLES.items()}


def test_every_kind_has_its_facts_checked() -> None:
    assert set(KEY_FACTS) == set(NOTICE_SAMPLES)


@pytest.mark.parametrize("kind", sorted(KEY_FACTS))
def test_each_notice_says_its_key_facts(kind: str, sample_pdfs: dict[str, bytes]) -> None:
    pdf = sample_pdfs[kind]
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf)
    missing = [fact for fact in KEY_FACTS[kind] if squash(fact) not in text]
    assert not missing, f"{kind} lacks {missing}"
    assert page_count(pdf) == 1


def test_papers_for_customers_mask_names_and_addresses(sample_pdfs: dict[str, bytes]) -> None:
    for kind, full in (
        ("acceptance", "李芳华"),
        ("acceptance", "13812345678"),
        ("meter-change", "张晓三"),
        ("meter-change", "春晖路18号"),
        ("reminder", "张晓三"),
        ("reminder", "3栋2单元501室"),
    ):
        assert full not in pdf_text(sample_pdfs[kind]), (kind, full)


@pytest.mark.parametrize("kind", sorted(KEY_FACTS))
def test_no_line_starts_with_closing_punctuation(kind: str, sample_pdfs: dict[str, bytes]) -> None:
    """Chinese line-breaking rules (行首禁则): "，" or "。" never begins a line."""
    for page in pypdf.PdfReader(io.BytesIO(sample_pdfs[kind])).pages:
        for line in page.extract_text().splitlines():
            assert line.strip()[:1] not in set(CANNOT_START_LINE), line


def _pdffonts(pdf: bytes, tmp_path: Path, name: str) -> list[str]:
    if shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils (pdffonts) is not installed")
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True, timeout=60
    ).stdout.splitlines()
    assert listing[1].startswith("---")
    return listing[2:]


@pytest.mark.parametrize("kind", sorted(KEY_FACTS))
def test_every_font_is_embedded_truetype(
    kind: str, sample_pdfs: dict[str, bytes], tmp_path: Path
) -> None:
    rows = _pdffonts(sample_pdfs[kind], tmp_path, kind)
    assert rows, "the notice uses no font at all"
    for row in rows:
        # name, type (one or two words), encoding, then emb sub uni object generation
        emb, _sub, _uni, _object, _generation = row.split()[-5:]
        assert emb == "yes", row
        assert " TrueType " in row, row
        assert "CID" not in row, row


def test_the_same_facts_give_the_same_bytes() -> None:
    assert render_notice(samples.planned_outage()) == render_notice(samples.planned_outage())


def test_notices_render_in_parallel_threads() -> None:
    expected = render_notice(samples.payment_reminder())
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: render_notice(samples.payment_reminder()), range(8)))
    assert all(result == expected for result in results)


# --- the outage notice and its 7-day rule -------------------------------------------------------


def _outage_starting(day: int, *, urgent: bool) -> object:
    sample = samples.planned_outage()
    return dataclasses.replace(
        sample,
        starts_at=datetime(2026, 11, day, 9, 0, tzinfo=samples.HALL_TIME),
        ends_at=datetime(2026, 11, day + 1, 1, 30, tzinfo=samples.HALL_TIME),
        reason="10千伏春晖线电缆故障抢修",
        urgent=urgent,
    )


def test_an_outage_less_than_7_days_ahead_is_refused_unless_urgent() -> None:
    with pytest.raises(OutageNoticeError, match="less than 7 days"):
        _outage_starting(27, urgent=False)  # announced 11-21, earliest start 11-28


def test_an_urgent_outage_says_so_and_apologises_for_the_short_notice() -> None:
    text = pdf_text(render_notice(_outage_starting(22, urgent=True)))
    assert "紧急停电公告" in text
    assert "紧急抢修停电" in text
    assert "未能按承诺提前7天公告" in text
    assert "2026年11月22日（星期日）09:00至2026年11月23日（星期一）01:30" in text
    assert "16小时30分钟" in text


def test_a_planned_outage_is_not_marked_urgent(sample_pdfs: dict[str, bytes]) -> None:
    assert "紧急" not in pdf_text(sample_pdfs["outage"])


# --- variants -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("utility", "unit", "expected", "absent"),
    [
        (Utility.WATER, "m³", ("水费缴费提醒", "用水量（m³）", "水费金额", "供用水合同"), "电费"),
        (Utility.GAS, "m³", ("燃气费缴费提醒", "用气量（m³）", "供用气合同"), "电费"),
    ],
)
def test_water_and_gas_reminders_use_their_own_words(
    utility: Utility, unit: str, expected: tuple[str, ...], absent: str
) -> None:
    sample = samples.payment_reminder()
    reminder = dataclasses.replace(
        sample,
        utility=utility,
        arrears=tuple(dataclasses.replace(line, unit=unit) for line in sample.arrears),
    )
    text = pdf_text(render_notice(reminder))
    for words in expected:
        assert words in text
    assert absent not in text
    assert "供电营业规则" not in text


def test_a_provisional_step_is_printed_as_provisional() -> None:
    sample = samples.acceptance_slip()
    slip = dataclasses.replace(
        sample, steps=(*sample.steps, StepDeadline("竣工检验", date(2027, 1, 6), provisional=True))
    )
    text = pdf_text(render_notice(slip))
    assert "2027年1月6日（星期三）" in text
    assert "暂定" in text
    assert "暂定" not in pdf_text(render_notice(sample))


def test_a_fault_meter_change_explains_the_back_billing() -> None:
    slip = dataclasses.replace(samples.meter_change_slip(), reason=MeterChangeReason.FAULT)
    text = pdf_text(render_notice(slip))
    assert "计量故障更换" in text
    assert "退补电量" in text
    assert "供电营业规则" in text


def test_markup_characters_in_the_facts_are_printed_as_written() -> None:
    form = dataclasses.replace(samples.complaint_form(), content="A&B <急> 电压 5 < 200V")
    assert "A&B<急>电压5<200V" in pdf_text(render_notice(form))


def test_a_long_reminder_flows_onto_more_pages_with_header_and_page_numbers() -> None:
    sample = samples.payment_reminder()
    line = sample.arrears[0]
    arrears = tuple(
        ArrearsLine(f"20{20 + i // 12}-{i % 12 + 1:02d}", 10_000, "kWh", 5_000, line.due, 100)
        for i in range(60)
    )
    pdf = render_notice(dataclasses.replace(sample, arrears=arrears))
    pages = pypdf.PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) >= 2
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        text = squash(page.extract_text())
        assert f"第{number}页/共{total}页" in text
        assert "电费缴费提醒" in text
        assert "CJ-20261121-0131" in text
        assert "账期" in text  # the table head repeats
    assert "¥3,060.00" in pdf_text(pdf)  # 60 × (50.00 + 1.00)


def test_a_logo_is_drawn_and_a_missing_one_is_left_out(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    Image.new("RGB", (300, 100), (31, 78, 121)).save(logo)
    sample = samples.planned_outage()

    def images(path: str) -> int:
        issuer = dataclasses.replace(sample.issuer, logo_path=path)
        pdf = render_notice(dataclasses.replace(sample, issuer=issuer))
        page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
        return len(page.images)

    assert images(str(logo)) == 1
    assert images(str(tmp_path / "gone.png")) == 0


def test_a_printout_without_an_a4_layout_is_refused() -> None:
    with pytest.raises(TypeError, match="QueueTicket"):
        render_notice(samples.queue_ticket())


# --- the font -----------------------------------------------------------------------------------


def test_no_font_is_an_error_that_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    missing = tmp_path / "gone.ttf"
    monkeypatch.setenv(fonts.FONT_ENV, str(missing))
    monkeypatch.setattr(fonts, "_UNIX_CANDIDATES", ())
    monkeypatch.setattr(fonts, "_windows_candidates", list)
    with pytest.raises(FontNotFoundError) as raised:
        find_cjk_font()
    message = str(raised.value)
    assert str(missing) in message
    assert "fonts-wqy-microhei" in message
    assert "Microsoft YaHei" in message
    assert fonts.FONT_ENV in message


def test_a_file_that_is_not_a_font_has_no_truetype_outlines(tmp_path: Path) -> None:
    text = tmp_path / "notes.ttf"
    text.write_text("not a font at all", encoding="utf-8")
    assert not has_truetype_outlines(FontFile(text))
    assert not has_truetype_outlines(FontFile(tmp_path / "absent.ttf"))


@pytest.mark.skipif(not WQY.is_file(), reason="fonts-wqy-microhei is not installed")
def test_the_installed_chinese_font_is_found_and_usable() -> None:
    assert has_truetype_outlines(FontFile(WQY, 0))
    assert not has_truetype_outlines(FontFile(WQY, 99))  # no such face in the collection
    assert find_cjk_font().path.is_file()


# --- the command --------------------------------------------------------------------------------


def test_the_command_offers_every_sample_kind() -> None:
    assert set(cli._NOTICE_KINDS) == set(NOTICE_SAMPLES)


def test_the_command_writes_a_pdf(tmp_path: Path) -> None:
    out = tmp_path / "outage.pdf"
    result = CliRunner().invoke(cli.main, ["notice", "outage", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert str(out) in result.output
    assert "计划停电公告" in pdf_text(out.read_bytes())


def test_the_command_refuses_an_unknown_kind(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli.main, ["notice", "poster", "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert "'poster' is not one of" in result.output
    assert not (tmp_path / "x.pdf").exists()


def _fails_with(tmp_path: Path, expected: str) -> None:
    result = CliRunner().invoke(cli.main, ["notice", "outage", "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert expected in result.output
    assert result.output.count("\n") == 1
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_the_command_reports_a_missing_font_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def no_font(_printout: object) -> bytes:
        raise FontNotFoundError("No Chinese TrueType font was found; install fonts-wqy-microhei.")

    monkeypatch.setattr("printing.notices.render_notice", no_font)
    _fails_with(tmp_path, "install fonts-wqy-microhei")


def test_the_command_reports_inconsistent_facts_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def too_soon() -> object:
        return _outage_starting(23, urgent=False)

    monkeypatch.setitem(NOTICE_SAMPLES, "outage", too_soon)
    _fails_with(tmp_path, "less than 7 days")


def test_the_command_runs_as_a_process(tmp_path: Path) -> None:
    out = tmp_path / "reminder.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "counterdesk", "notice", "reminder", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out)
    assert "人民币叁佰叁拾壹元肆角肆分" in pdf_text(out.read_bytes())
