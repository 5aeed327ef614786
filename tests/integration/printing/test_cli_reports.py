"""`counterdesk report daily` as the hall manager or IT runs it at the end of the day."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pypdf
import pytest
from click.testing import CliRunner, Result

from counterdesk.cli import main
from counterdesk.services.common import business_day
from counterdesk.store.database import make_engine
from counterdesk.store.migrate import upgrade
from tests.helpers.takings import take_a_day


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli-reports") / "terminal.db"
    engine = make_engine(path)
    upgrade(engine)
    try:
        take_a_day(engine)
    finally:
        engine.dispose()
    return path


def report(db: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["report", "daily", "--db", str(db), *args])


def test_the_hall_report_as_pdf(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "实收-20261121.pdf"
    result = report(db, "--date", "2026-11-21", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        str(out),
        "2026-11-21: 6 payments ¥783.50, 1 reversed ¥88.00, net ¥695.50",
    ]
    text = "".join(page.extract_text() for page in pypdf.PdfReader(out).pages)
    assert "营业厅实收统计日报" in text
    assert "¥695.50" in text


def test_a_clerks_day_as_excel(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "0107.XLSX"
    result = report(db, "--date", "2026-11-21", "--clerk", "0107", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "2026-11-21, clerk 0107 张敏: 4 payments ¥608.00" in result.output
    assert "net ¥520.00" in result.output
    book = openpyxl.load_workbook(io.BytesIO(out.read_bytes()))
    assert book.sheetnames == ["概况", "缴费明细", "班次", "按支付方式"]
    assert book["缴费明细"].max_row == 1 + 4 + 1  # header, four payments, 合计


def test_the_date_defaults_to_today_in_the_hall(db: Path, tmp_path: Path) -> None:
    today = business_day(datetime.now(UTC))
    result = report(db, "--out", str(tmp_path / "today.xlsx"))
    assert result.exit_code == 0, result.output
    assert f"{today.isoformat()}:" in result.output


def test_a_format_other_than_pdf_or_xlsx_is_a_usage_error(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.csv"
    result = report(db, "--out", str(out))
    assert result.exit_code == 2
    assert "report.csv must end in .pdf" in result.output
    assert "--out" in result.output
    assert not out.exists()


def test_a_bad_date_is_a_usage_error(db: Path, tmp_path: Path) -> None:
    result = report(db, "--date", "21/11/2026", "--out", str(tmp_path / "r.pdf"))
    assert result.exit_code == 2
    assert "YYYY-MM-DD" in result.output or "%Y-%m-%d" in result.output


def test_an_unknown_clerk_says_so(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    result = report(db, "--date", "2026-11-21", "--clerk", "4242", "--out", str(out))
    assert result.exit_code == 1
    assert "There is no clerk 4242." in result.output
    assert not out.exists()


def test_a_missing_database_says_where_it_looked(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.db"
    result = report(missing, "--out", str(tmp_path / "r.pdf"))
    assert result.exit_code == 1
    assert str(missing) in result.output
    assert not missing.exists()


def test_an_unwritable_file_says_why(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "no-such-folder" / "r.pdf"
    result = report(db, "--date", "2026-11-21", "--out", str(out))
    assert result.exit_code == 1
    assert "Cannot write" in result.output
