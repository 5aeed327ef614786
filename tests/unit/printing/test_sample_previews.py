"""Every thermal sample renders as a preview; with COUNTERDESK_SCREENSHOTS set, saved as PNGs.

`COUNTERDESK_SCREENSHOTS=docs/screenshots uv run pytest tests/unit/printing -k previews` writes
docs/screenshots/receipt-<kind>-<width>.png, the pictures the README and the issue notes show.
"""

from __future__ import annotations

import io
import os
from datetime import datetime
from pathlib import Path

import pytest
from PIL import Image

from counterdesk.documents import samples
from counterdesk.documents.samples import HALL_TIME
from printing.layouts import THERMAL_KINDS, CopyMark, layout
from printing.preview import render_png
from printing.slip import Paper

THERMAL = sorted(
    kind for kind, make in samples.SAMPLES.items() if isinstance(make(), THERMAL_KINDS)
)


def _save(name: str, png: bytes) -> None:
    folder = os.environ.get("COUNTERDESK_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / name).write_bytes(png)


@pytest.mark.parametrize("paper", [Paper.MM58, Paper.MM80], ids=["58", "80"])
@pytest.mark.parametrize("kind", THERMAL)
def test_sample_previews_are_paper_wide_and_as_long_as_their_lines(kind: str, paper: Paper) -> None:
    slip = layout(samples.SAMPLES[kind](), paper)
    png = render_png(slip)
    image = Image.open(io.BytesIO(png))
    assert image.width >= paper.dots
    assert image.height >= 30 * len(slip.blocks)
    _save(f"receipt-{kind}-{paper.millimetres}.png", png)


def test_a_reprint_preview_shows_the_copy_mark() -> None:
    copy = CopyMark(printed_at=datetime(2026, 11, 21, 15, 3, tzinfo=HALL_TIME), copy_number=2)
    original = render_png(layout(samples.payment_receipt(), Paper.MM80))
    reprint = render_png(layout(samples.payment_receipt(), Paper.MM80, copy=copy))
    assert Image.open(io.BytesIO(reprint)).height > Image.open(io.BytesIO(original)).height
    _save("receipt-payment_receipt-copy-80.png", reprint)
