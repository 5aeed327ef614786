"""Daily reports as files, read back the way the manager and the back office read them.

PDFs are read with pypdf (what the page says) and poppler's ``pdffonts`` (every font an embedded
TrueType subset); workbooks with openpyxl (sheets, headers, number formats, the values). The
facts come from a day of real payments (tests/helpers/takings.py).
"""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pypdf
import pytest

from counterdesk.documents.identity import HallIdentity
from counterdesk.documents.receipts import Tender, TenderPart
from counterdesk.documents.workbook import MONEY_FORMAT, display_width
from counterdesk.domain.accounts import Utility
from counterdesk.services import reports
from counterdesk.services.common import local
from counterdesk.services.reports import (
    ClerkDayReport,
    ClerkTakings,
    HallTakings,
    HourTakings,
    PaymentLine,
    Takings,
    TenderTakings,
    UtilityTakings,
)
from counterdesk.store.database import make_engine
from counterdesk.store.migrate import upgrade
from counterdesk.store.models import PaymentState
from printing.reports import clerk_day_pdf, clerk_day_xlsx, takings_pdf, takings_xlsx
from tests.helpers.counter import TODAY, later
from tests.helpers.takings import SECOND_CLERK, Day, take_a_day

AT = later(300)


def squash(text: str) -> str:
    """Text without white space: pypdf puts spaces and line breaks where the layout wrapped."""
    return "".join(text.split())


def pages(pdf: bytes) -> list[str]:
    return [squash(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def fen(value: Any) -> int:
    """A cell's yuan back in fen, exactly (openpyxl reads numbers back as float)."""
    amount = Decimal(str(value)) * 100
    assert amount == amount.to_integral_value(), value
    return int(amount)


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Day]:
    engine = make_engine(tmp_path_factory.mktemp("report-files") / "terminal.db")
    upgrade(engine)
    yield take_a_day(engine)
    engine.dispose()


@pytest.fixture(scope="module")
def hall(day: Day) -> HallTakings:
    with day.counter.engine.connect() as connection:
        return reports.hall_takings(connection, day.counter.manager, TODAY, now=AT)


@pytest.fixture(scope="module")
def clerk(day: Day) -> ClerkDayReport:
    with day.counter.engine.connect() as connection:
        return reports.clerk_day(connection, day.counter.clerk, TODAY, "0107", now=AT)


@pytest.fixture(scope="module")
def hall_pdf(hall: HallTakings) -> bytes:
    return takings_pdf(hall)


# --- PDF -------------------------------------------------------------------------------------


def test_the_hall_pdf_has_its_headings_and_totals(hall_pdf: bytes) -> None:
    text = "".join(pages(hall_pdf))
    for heading in ("营业厅实收统计日报", "按收费员", "按支付方式", "按业务类别", "按时段"):
        assert heading in text
    assert "收款合计¥783.50（6笔）" in text
    assert "冲正合计¥88.00（1笔）" in text
    assert "当日实收合计：¥695.50（大写：人民币陆佰玖拾伍元伍角整）" in text
    assert "打印时间2026年11月21日15:30" in text
    assert "营业日期2026年11月21日（星期六）" in text
    assert "SS-QS03-20261121" in text


def test_the_hall_pdf_rows(hall_pdf: bytes) -> None:
    text = "".join(pages(hall_pdf))
    assert "0107张敏4¥608.001¥88.00¥520.00" in text
    assert "0108赵丽2¥175.500¥0.00¥175.50" in text
    assert "现金4¥443.501¥88.00¥355.50" in text
    assert "微信支付1¥70.000¥0.00¥70.00" in text
    assert "水费1¥170.000¥0.00¥170.00" in text
    assert "11:00–11:592¥258.001¥88.00¥170.00" in text
    assert text.count("合计6¥783.501¥88.00¥695.50") == 3  # clerks, utilities, hours
    assert "合计7¥783.501¥88.00¥695.50" in text  # tenders: the split payment counts twice


def test_every_page_is_numbered_and_dated(hall_pdf: bytes) -> None:
    texts = pages(hall_pdf)
    for number, text in enumerate(texts, start=1):
        assert f"第{number}页/共{len(texts)}页" in text
        assert "营业厅实收统计日报" in text
        assert "打印：2026年11月21日15:30" in text


def _pdffonts(pdf: bytes, tmp_path: Path) -> list[str]:
    if shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils (pdffonts) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True, timeout=60
    ).stdout.splitlines()
    return listing[2:]


def test_every_font_is_embedded_truetype(hall_pdf: bytes, tmp_path: Path) -> None:
    rows = _pdffonts(hall_pdf, tmp_path)
    assert rows
    for row in rows:
        assert row.split()[-5] == "yes", row
        assert " TrueType " in row, row


def test_the_same_facts_give_the_same_pdf(hall: HallTakings, hall_pdf: bytes) -> None:
    assert takings_pdf(hall) == hall_pdf


def test_the_clerks_pdf(day: Day, clerk: ClerkDayReport) -> None:
    text = "".join(pages(clerk_day_pdf(clerk)))
    for heading in ("收费员日报", "班次与轧账", "缴费明细", "按支付方式"):
        assert heading in text
    assert "收费员0107张敏" in text
    for receipt in day.receipts[:4]:
        assert receipt in text
    assert day.receipts[4] not in text  # the other clerk's
    assert f"QS03-20261121-110:30–12:00¥500.00{day.z_no}¥800.00¥800.00¥0.00" in text
    assert "现金¥100.00、微信支付¥70.00" in text
    assert f"收据{day.receipts[3]}已冲正，冲正单号{day.reversal_no}" in text
    assert "合计4笔¥608.00冲正1笔" in text
    assert "当日实收合计：¥520.00" in text


def test_an_open_shift_prints_as_not_closed(day: Day) -> None:
    with day.counter.engine.connect() as connection:
        report = reports.clerk_day(connection, day.counter.manager, TODAY, SECOND_CLERK, now=AT)
    text = "".join(pages(clerk_day_pdf(report)))
    assert "13:00–未轧账¥300.00—" in text


def test_a_day_without_payments_prints_its_empty_tables(hall: HallTakings) -> None:
    empty = dataclasses.replace(hall, by_clerk=(), by_tender=(), by_utility=(), by_hour=())
    text = "".join(pages(takings_pdf(empty)))
    assert text.count("（当日无收款）") == 4
    assert "当日实收合计：¥0.00" in text


def _long_day(clerk: ClerkDayReport, count: int) -> ClerkDayReport:
    line = clerk.payments[0]
    lines = tuple(
        dataclasses.replace(
            line, receipt_no=f"QS03-20261121-{n:04d}", paid_at=line.paid_at + timedelta(minutes=n)
        )
        for n in range(1, count + 1)
    )
    amount = line.amount_fen * count
    tenders = (TenderTakings(Tender.CASH, Takings(count, amount, 0, 0)),)
    return dataclasses.replace(clerk, payments=lines, by_tender=tenders)


def test_a_long_day_runs_over_pages_with_the_table_head_on_each(clerk: ClerkDayReport) -> None:
    texts = pages(clerk_day_pdf(_long_day(clerk, 90)))
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert f"第{number}页/共{len(texts)}页" in text
    for text in texts[1:-1]:
        assert "时间收据号户号金额支付方式状态" in text
    assert "QS03-20261121-0090" in texts[-1] or "QS03-20261121-0090" in texts[-2]


# --- workbooks --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hall_book(hall: HallTakings) -> Any:
    return openpyxl.load_workbook(io.BytesIO(takings_xlsx(hall)))


def rows_of(sheet: Any) -> list[tuple[Any, ...]]:
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def test_the_hall_workbook_has_a_sheet_per_cut(hall_book: Any) -> None:
    assert hall_book.sheetnames == ["概况", "按收费员", "按支付方式", "按业务类别", "按时段"]
    for sheet in hall_book:
        assert sheet.freeze_panes == "A2"
        assert all(cell.font.bold for cell in sheet[1])
        for cell in sheet[1]:
            width = sheet.column_dimensions[cell.column_letter].width
            assert width >= display_width(str(cell.value)), cell.value


def test_the_clerk_sheet_equals_the_report(hall: HallTakings, hall_book: Any) -> None:
    sheet = hall_book["按收费员"]
    head, *body, total = rows_of(sheet)
    assert head == (
        "工号",
        "姓名",
        "笔数",
        "收款金额（元）",
        "冲正笔数",
        "冲正金额（元）",
        "实收金额（元）",
    )
    assert [
        (no, name, count, fen(gross), reversals, fen(reversed_), fen(net))
        for no, name, count, gross, reversals, reversed_, net in body
    ] == [
        (r.clerk_no, r.clerk_name, r.takings.payments, r.takings.gross_fen, r.takings.reversals,
         r.takings.reversed_fen, r.takings.net_fen)
        for r in hall.by_clerk
    ]  # fmt: skip
    assert total[:2] == ("合计", "2人")
    assert [fen(value) for value in (total[3], total[5], total[6])] == [78_350, 8_800, 69_550]
    assert all(cell.font.bold for cell in sheet[len(body) + 2])
    assert sheet["D2"].number_format == MONEY_FORMAT
    assert sheet.auto_filter.ref == "A1:G3"  # the 合计 row is never filtered away


@pytest.mark.parametrize(
    ("title", "labels"),
    [
        ("按支付方式", ["现金", "银行卡", "微信支付", "支付宝"]),
        ("按业务类别", ["电费", "水费"]),
        ("按时段", ["10:00–10:59", "11:00–11:59", "14:00–14:59"]),
    ],
)
def test_each_cut_sheet_equals_the_report(
    hall: HallTakings, hall_book: Any, title: str, labels: list[str]
) -> None:
    cut: tuple[TenderTakings, ...] | tuple[UtilityTakings, ...] | tuple[HourTakings, ...] = {
        "按支付方式": hall.by_tender,
        "按业务类别": hall.by_utility,
        "按时段": hall.by_hour,
    }[title]
    head, *body, total = rows_of(hall_book[title])
    assert head[1:] == ("笔数", "收款金额（元）", "冲正笔数", "冲正金额（元）", "实收金额（元）")
    assert [row[0] for row in body] == labels
    assert [(row[1], fen(row[2]), row[3], fen(row[4]), fen(row[5])) for row in body] == [
        (r.takings.payments, r.takings.gross_fen, r.takings.reversals, r.takings.reversed_fen,
         r.takings.net_fen)
        for r in cut
    ]  # fmt: skip
    assert total[0] == "合计"
    assert fen(total[5]) == hall.total.net_fen


def test_the_summary_sheet(hall_book: Any) -> None:
    facts = dict(rows_of(hall_book["概况"])[1:])
    assert facts["报表"] == "营业厅实收统计日报"
    assert facts["营业厅"] == "青山供电营业厅"
    assert facts["营业日期"].date() == TODAY
    assert f"{facts['打印时间']:%Y-%m-%d %H:%M}" == "2026-11-21 15:30"  # the hall's clock
    assert fen(facts["实收合计（元）"]) == 69_550


def test_amounts_are_exact_decimals_in_the_file(hall: HallTakings) -> None:
    """No float on the way: ¥12,345,678.91 is written as those digits."""
    big = Takings(1, 1_234_567_891, 0, 0)
    odd = dataclasses.replace(
        hall,
        by_clerk=(ClerkTakings("0107", "张敏", big),),
        by_tender=(TenderTakings(Tender.CASH, big),),
        by_utility=(UtilityTakings(Utility.ELECTRICITY, big),),
        by_hour=(HourTakings(9, big),),
    )
    with zipfile.ZipFile(io.BytesIO(takings_xlsx(odd))) as archive:
        sheet = archive.read("xl/worksheets/sheet2.xml").decode()
    assert "<v>12345678.91</v>" in sheet


def test_the_clerk_workbook(day: Day, clerk: ClerkDayReport) -> None:
    book = openpyxl.load_workbook(io.BytesIO(clerk_day_xlsx(clerk)))
    assert book.sheetnames == ["概况", "缴费明细", "班次", "按支付方式"]
    head, *body, total = rows_of(book["缴费明细"])
    assert head[:5] == ("时间", "收据号", "户号", "业务类别", "金额（元）")
    assert [row[1] for row in body] == list(day.receipts[:4])
    assert [f"{row[0]:%H:%M}" for row in body] == ["10:31", "10:40", "11:05", "11:20"]
    assert [fen(row[4]) for row in body] == [20_000, 15_000, 17_000, 8_800]
    assert [row[3] for row in body] == ["电费", "电费", "水费", "电费"]
    assert [row[6] for row in body] == ["正常", "正常", "正常", "已冲正"]
    assert body[3][7] == day.reversal_no
    assert (total[0], fen(total[4])) == ("合计", 60_800)
    (_, shift) = rows_of(book["班次"])
    assert shift[0] == "QS03-20261121-1"
    assert [fen(v) for v in (shift[4], shift[6], shift[7], shift[8])] == [50_000, 80_000, 80_000, 0]
    assert shift[5] == day.z_no


def test_hand_made_facts_make_a_workbook_too() -> None:
    """The files need only the facts, so a report can be made without a database."""
    issuer = HallIdentity("国网云溪市供电公司", "青山供电营业厅", "95598")
    at = local(AT)
    line = PaymentLine(at, "QS03-20261121-0001", "3301020456", Utility.GAS, 1,
                       (TenderPart(Tender.CASH, 1),), PaymentState.POSTED)  # fmt: skip
    report = ClerkDayReport(issuer, "QS03", TODAY, at, "0107", "张敏", (line,), (),
                            (TenderTakings(Tender.CASH, Takings(1, 1, 0, 0)),))  # fmt: skip
    book = openpyxl.load_workbook(io.BytesIO(clerk_day_xlsx(report)))
    assert fen(book["缴费明细"]["E2"].value) == 1
    assert book["缴费明细"]["D2"].value == "燃气费"
