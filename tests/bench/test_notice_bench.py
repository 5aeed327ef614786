"""A4 notices: time to render each kind, against a bare reportlab page measured in the same run.

Run: ``uv run pytest -m bench -s tests/bench/test_notice_bench.py``. The target is a notice in
≤ 150 ms (median), so printing one at the counter never keeps the customer waiting. The baseline
draws the same text lines with ``drawString`` in the same embedded font on a plain canvas: the
ratio is what layout (paragraph wrapping, tables, the frame) costs over writing the glyphs.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable

import pypdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from printing.notices import NOTICE_SAMPLES, render_notice
from printing.notices.fonts import notice_font
from tests.bench.conftest import summary

pytestmark = pytest.mark.bench

RUNS = 40
TARGET_MS = 150.0


def _timed(action: Callable[[], object], runs: int = RUNS) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _bare_page(lines: list[str], font: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1, initialFontName=font)
    canvas.setFont(font, 10)
    y = A4[1] - 40
    for line in lines:
        canvas.drawString(40, y, line)
        y -= 12
        if y < 40:
            canvas.showPage()
            canvas.setFont(font, 10)
            y = A4[1] - 40
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def test_each_notice_renders_within_target() -> None:
    started = time.perf_counter()
    font = notice_font()  # warm-up: the font file is read and registered once per process
    registration_ms = (time.perf_counter() - started) * 1000
    rows = []
    for kind, make in NOTICE_SAMPLES.items():
        printout = make()
        pdf = render_notice(printout)
        lines = [
            line
            for page in pypdf.PdfReader(io.BytesIO(pdf)).pages
            for line in page.extract_text().splitlines()
        ]
        _bare_page(lines, font)
        notice_median, notice_p99, _ = summary(_timed(lambda p=printout: render_notice(p)))
        bare_median, _, _ = summary(_timed(lambda ls=lines: _bare_page(ls, font)))
        rows.append((kind, len(lines), notice_median, notice_p99, bare_median))

    print(f"\nfont registration (once per process): {registration_ms:.1f} ms")
    print(f"A4 notices, {RUNS} renders each (ms); baseline: the same lines by drawString")
    print(f"{'kind':<14}{'lines':>6}{'median':>9}{'p99':>9}{'baseline':>10}{'ratio':>8}")
    for kind, count, median, p99, bare in rows:
        print(f"{kind:<14}{count:>6}{median:>9.1f}{p99:>9.1f}{bare:>10.1f}{median / bare:>7.1f}x")
    slow = [(kind, round(median, 1)) for kind, _, median, _, _ in rows if median > TARGET_MS]
    assert not slow, f"over {TARGET_MS} ms: {slow}"
