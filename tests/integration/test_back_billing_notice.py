"""The back-billing notice (退补电量通知单) as the customer reads it: read back with poppler.

``pdftotext`` gives what the page says (with line breaks where the layout wrapped, so the
Chinese line-breaking rule can be checked), ``pdffonts`` that the font is embedded. Set
COUNTERDESK_SCREENSHOTS to a folder (or ``1`` for docs/screenshots) to keep the page as a PNG.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path

import pytest
from pydantic import TypeAdapter

from counterdesk.documents import samples
from counterdesk.documents.back_billing import BackBillingNotice
from counterdesk.documents.receipts import DocumentError, MeterChangeReason
from counterdesk.domain.back_billing import (
    MultiplierCase,
    WiringErrorCase,
    compute_back_billing,
)
from printing.notices import NOTICE_SAMPLES, render_notice
from printing.notices.back_billing import render_back_billing
from printing.notices.fonts import CANNOT_START_LINE

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

pytestmark = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) is not installed"
)


def _poppler(tool: str, pdf: bytes, tmp_path: Path, *args: str) -> str:
    path = tmp_path / "notice.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        [tool, *args, str(path), "-"] if tool == "pdftotext" else [tool, *args, str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout


def pdf_lines(pdf: bytes, tmp_path: Path) -> list[str]:
    return _poppler("pdftotext", pdf, tmp_path).splitlines()


def squash(text: str) -> str:
    return "".join(text.split())


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    return squash("".join(pdf_lines(pdf, tmp_path)))


def pages(pdf: bytes, tmp_path: Path) -> int:
    info = _poppler("pdfinfo", pdf, tmp_path)
    return int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])


def _owed(case: WiringErrorCase | MultiplierCase) -> BackBillingNotice:
    return dataclasses.replace(
        samples.back_billing_notice(),
        reason=MeterChangeReason.TEST,
        result=compute_back_billing(case, 4_883),
    )


WIRING = WiringErrorCase(Fraction(1_732, 1_000), Fraction(1), 10_000, date(2026, 1, 1),
                         date(2026, 11, 20))  # fmt: skip
MULTIPLIER = MultiplierCase(40, 30, 30_000, date(2026, 1, 1), date(2026, 11, 20))

KEY_FACTS = (
    "退补电量通知单",
    "HB-20261121-0009",
    "退还电费",  # the tag under the number
    "3301020456",
    "张*三",
    "春晖路**号",
    "1100123456789",
    "1100987654321",
    "计量故障更换",
    "计量误差超出允许范围",
    "0.4883元/kWh",
    "工号0107",
    "工号0001",
    "2026年11月21日09:15",
    "计算过程",
    "二分之一",
    "e=+4.00%",
    "共629天；按二分之一计314.5天",
    "W÷2=6,172.50kWh",
    "6,172.50÷1.0400=5,935.10kWh",
    "-237kWh",
    "应退还电量：237kWh",
    "应退还电费：¥115.73",
    "人民币壹佰壹拾伍元柒角叁分",
    "按电能表的抄见电量按期缴纳电费",
    "客户确认（签字）",
    "经办人员（签字）",
    "审批人员（签字）",
    "服务热线：95598",
    "第1页/共1页",
)


def test_the_sample_is_registered_as_a_notice_kind() -> None:
    assert NOTICE_SAMPLES["back-billing"] is samples.back_billing_notice
    notice = samples.back_billing_notice()
    assert render_notice(notice) == render_back_billing(notice)


def test_the_notice_says_its_key_facts(tmp_path: Path) -> None:
    pdf = render_notice(samples.back_billing_notice())
    assert pdf.startswith(b"%PDF-")
    text = pdf_text(pdf, tmp_path)
    missing = [fact for fact in KEY_FACTS if squash(fact) not in text]
    assert not missing
    assert pages(pdf, tmp_path) == 1


def test_every_step_of_the_computation_is_printed(tmp_path: Path) -> None:
    notice = samples.back_billing_notice()
    text = pdf_text(render_notice(notice), tmp_path)
    for number, line in enumerate(notice.result.explanation, start=1):
        assert squash(f"{number}. {line}") in text


def test_name_and_address_are_masked(tmp_path: Path) -> None:
    text = pdf_text(render_notice(samples.back_billing_notice()), tmp_path)
    assert "张晓三" not in text
    assert "春晖路18号" not in text


@pytest.mark.parametrize(
    ("case", "facts"),
    [
        (
            WIRING,
            # 10,000 × 1.732 = 17,320 → +7,320 kWh; 7,320 × 0.4883 = ¥3,574.36.
            (
                "计量装置接线错误",
                "K=P正确÷P错误=1.732÷1=1.7320",
                "全部时间",
                "应补收电量：7,320kWh",
                "应补收电费：¥3,574.36",
                "人民币叁仟伍佰柒拾肆元叁角陆分",
            ),
        ),
        (
            MULTIPLIER,
            # 30,000 × 40 ÷ 30 = 40,000 → +10,000 kWh; 10,000 × 0.4883 = ¥4,883.00.
            (
                "计费倍率与实际不符",
                "30,000×40÷30=40,000.00kWh",
                "应补收电量：10,000kWh",
                "应补收电费：¥4,883.00",
                "人民币肆仟捌佰捌拾叁元整",
            ),
        ),
    ],
)
def test_a_notice_for_more_to_pay_says_so(
    case: WiringErrorCase | MultiplierCase, facts: tuple[str, ...], tmp_path: Path
) -> None:
    pdf = render_notice(_owed(case))
    text = pdf_text(pdf, tmp_path)
    assert [fact for fact in facts if squash(fact) not in text] == []
    assert "补收电费" in text
    assert "退还" not in text
    assert pages(pdf, tmp_path) == 1


def test_nothing_to_correct_is_said_plainly(tmp_path: Path) -> None:
    nothing = MultiplierCase(40, 40, 30_000, date(2026, 1, 1), date(2026, 11, 20))
    text = pdf_text(render_notice(_owed(nothing)), tmp_path)
    assert "无需退补电量及电费" in text
    assert "大写" not in text


@pytest.mark.parametrize("case", [None, WIRING, MULTIPLIER])
def test_no_line_starts_with_closing_punctuation(
    case: WiringErrorCase | MultiplierCase | None, tmp_path: Path
) -> None:
    """行首禁则: reportlab hangs one closing mark at a line end, never two, so the wording avoids
    two in a row (such as ）。) where a line may break."""
    notice = samples.back_billing_notice() if case is None else _owed(case)
    for line in pdf_lines(render_notice(notice), tmp_path):
        assert line.strip()[:1] not in set(CANNOT_START_LINE), line


def test_the_font_is_embedded(tmp_path: Path) -> None:
    if shutil.which("pdffonts") is None:
        pytest.skip("poppler-utils (pdffonts) is not installed")
    rows = _poppler("pdffonts", render_notice(samples.back_billing_notice()), tmp_path)
    listing = rows.splitlines()[2:]
    assert listing
    for row in listing:
        assert row.split()[-5] == "yes", row


def test_the_same_facts_give_the_same_bytes() -> None:
    assert render_notice(samples.back_billing_notice()) == render_notice(
        samples.back_billing_notice()
    )


# --- the facts check themselves -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"approved_at": datetime(2026, 11, 21, 9, 15)}, "time zone"),  # noqa: DTZ001 (the point)
        ({"approved_by": " "}, "not been approved"),
        ({"approved_by": "0107"}, "cannot approve it alone"),
        ({"issued_on": date(2026, 11, 20)}, "before its approval"),
        ({"changed_on": date(2026, 11, 19)}, "after the change"),
    ],
)
def test_inconsistent_facts_are_refused(change: dict[str, object], message: str) -> None:
    with pytest.raises(DocumentError, match=message):
        dataclasses.replace(samples.back_billing_notice(), **change)  # type: ignore[arg-type]


def test_the_facts_survive_a_json_round_trip() -> None:
    """A print job stores the facts as JSON (documents.codec); the case union must come back."""
    adapter = TypeAdapter(BackBillingNotice)
    for notice in (samples.back_billing_notice(), _owed(WIRING), _owed(MULTIPLIER)):
        dumped = adapter.dump_json(notice)
        assert adapter.validate_json(dumped) == notice


# --- the screenshot -----------------------------------------------------------------------------


def test_screenshot(tmp_path: Path) -> None:
    """COUNTERDESK_SCREENSHOTS saves docs/screenshots/notice-back-billing.png (70 dpi, A4)."""
    folder = os.environ.get("COUNTERDESK_SCREENSHOTS")
    if not folder or shutil.which("pdftoppm") is None:
        pytest.skip("set COUNTERDESK_SCREENSHOTS to save the PNG")
    target = Path(folder) if folder not in ("1", "yes", "true") else SCREENSHOTS
    pdf = tmp_path / "notice.pdf"
    pdf.write_bytes(render_notice(samples.back_billing_notice()))
    stem = tmp_path / "notice-back-billing"
    subprocess.run(
        ["pdftoppm", "-png", "-r", "70", "-singlefile", str(pdf), str(stem)],
        check=True,
        timeout=60,
    )
    target.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(f"{stem}.png", target / "notice-back-billing.png")
