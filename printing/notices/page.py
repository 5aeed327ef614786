"""The frame every A4 notice shares: who issues it, what it is, how to reach the hall, page N/M.

Why one frame: a customer who gets a reminder, an acceptance receipt and an outage notice from the
same hall should recognise the hall's paper at a glance, and a clerk who files a work order needs
the number and the title on every page of it. The header (logo, utility and hall, the title,
the notice number) and the footer (服务热线, the hall's address and website, 第 N 页 / 共 M 页)
are drawn on the canvas around the flowing content, so no family can forget them.

The page total is only known once the story has been laid out; the canvas keeps each page's
drawing until ``save`` and then writes "共 M 页" on all of them, which costs no second layout pass.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.lib.utils import ImageReader  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped]
from reportlab.pdfgen.canvas import Canvas  # type: ignore[import-untyped]
from reportlab.platypus import SimpleDocTemplate  # type: ignore[import-untyped]

from counterdesk.documents.identity import HallIdentity
from printing.notices.fonts import NOTICE_FONT, notice_font

PAGE_WIDTH: Final[float] = A4[0]
PAGE_HEIGHT: Final[float] = A4[1]
MARGIN: Final[float] = 18 * mm
"""Outer margin: office laser printers cannot print the last 4–5 mm, and notices get punched."""
HEADER_HEIGHT: Final[float] = 30 * mm
FOOTER_HEIGHT: Final[float] = 12 * mm
CONTENT_WIDTH: Final[float] = PAGE_WIDTH - 2 * MARGIN

INK: Final = colors.HexColor("#1a1a1a")
ACCENT: Final = colors.HexColor("#1f4e79")
MUTED: Final = colors.HexColor("#5a5a5a")
SHADE: Final = colors.HexColor("#e9eef4")
LINE: Final = colors.HexColor("#8c8c8c")
ALERT: Final = colors.HexColor("#c00000")

_LOGO_HEIGHT: Final[float] = 12 * mm

_BUILD_LOCK: Final = threading.Lock()
"""One notice is laid out and saved at a time in this process.

reportlab's ``TTFontFace`` is shared by every document using the font, and embedding the glyph
subset on save moves that face's one read position through the font file (``seek`` then
``read``). Two threads saving at once read each other's positions and raise ``IndexError`` or
embed garbage glyphs; CI caught it when the print queue's worker and a preview overlapped in
``test_notices_render_in_parallel_threads``. A notice takes tens of milliseconds, so a lock
costs nothing a clerk can see.
"""


@dataclass(frozen=True)
class NoticeStyles:
    """The paragraph styles of a notice, all in the one embedded Chinese font.

    ``wordWrap='CJK'`` lets a line break between any two Chinese characters (Chinese has no
    spaces); without it reportlab breaks only at spaces and a long address runs off the cell.
    """

    body: Any
    lead: Any
    item: Any
    small: Any
    caption: Any
    section: Any
    cell: Any
    cell_right: Any
    cell_center: Any
    cell_head: Any
    label: Any
    closing: Any
    alert: Any


@lru_cache(maxsize=4)
def notice_styles(font: str) -> NoticeStyles:
    """The styles for ``font``: made once, because each render would otherwise rebuild them."""

    def style(name: str, size: float, leading: float, **extra: Any) -> Any:
        extra.setdefault("textColor", INK)
        return ParagraphStyle(
            name, fontName=font, fontSize=size, leading=leading, wordWrap="CJK", **extra
        )

    return NoticeStyles(
        body=style("body", 10.5, 17, alignment=TA_LEFT, spaceAfter=4),
        lead=style("lead", 10.5, 17, firstLineIndent=21, spaceAfter=4),
        item=style("item", 10.5, 17, leftIndent=21, firstLineIndent=-21, spaceAfter=2),
        small=style("small", 8.5, 12.5, textColor=MUTED),
        caption=style("caption", 8.5, 12.5, textColor=MUTED, alignment=TA_CENTER),
        section=style("section", 11.5, 16, textColor=ACCENT, spaceBefore=9, spaceAfter=4),
        cell=style("cell", 9.5, 13),
        cell_right=style("cell_right", 9.5, 13, alignment=TA_RIGHT),
        cell_center=style("cell_center", 9.5, 13, alignment=TA_CENTER),
        cell_head=style("cell_head", 9.5, 13, alignment=TA_CENTER, textColor=ACCENT),
        label=style("label", 9.5, 13, textColor=MUTED),
        closing=style("closing", 10.5, 17, alignment=TA_RIGHT),
        alert=style("alert", 12, 18, textColor=ALERT, alignment=TA_CENTER, spaceAfter=6),
    )


@dataclass(frozen=True)
class NoticeHeader:
    """What the frame prints around the content.

    ``tag`` is a short marker under the number (紧急, 内部工单) and ``tag_alert`` prints it in red.
    """

    issuer: HallIdentity
    title: str
    number: str
    tag: str = ""
    tag_alert: bool = False


class _PagedCanvas(Canvas):  # type: ignore[misc]
    """A canvas that holds its pages until ``save`` so each can say 第 N 页 / 共 M 页."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Without this every page opens with Helvetica, a font the PDF would list unembedded.
        kwargs["initialFontName"] = NOTICE_FONT
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 (reportlab's name)
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for number, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            self.setFont(NOTICE_FONT, 8.5)
            self.setFillColor(MUTED)
            self.drawRightString(
                PAGE_WIDTH - MARGIN, MARGIN + 5 * mm, f"第 {number} 页 / 共 {total} 页"
            )
            super().showPage()
        super().save()


def _fit(text: str, font: str, size: float, width: float) -> float:
    """The largest size ≤ ``size`` at which ``text`` fits ``width`` (a long hall name shrinks)."""
    measured: float = stringWidth(text, font, size)
    if measured <= width:
        return size
    return max(6.0, size * width / measured)


def _draw_logo(canvas: Any, logo_path: str, top: float) -> float:
    """Draw the logo at the top left; return the width it took (0 when there is none).

    A logo file that went missing or is unreadable must not stop a notice from printing, so it is
    left out; the utility's name beside it still says who issues the notice.
    """
    if not logo_path or not Path(logo_path).is_file():
        return 0.0
    try:
        image = ImageReader(logo_path)
        pixels_wide, pixels_high = image.getSize()
    except (OSError, ValueError):
        return 0.0
    width = min(3 * _LOGO_HEIGHT, _LOGO_HEIGHT * pixels_wide / max(pixels_high, 1))
    height = width * pixels_high / max(pixels_wide, 1)
    canvas.drawImage(image, MARGIN, top - height, width=width, height=height, mask="auto")
    return float(width + 3 * mm)


def _draw_frame(canvas: Any, header: NoticeHeader, font: str) -> None:
    issuer = header.issuer
    top = PAGE_HEIGHT - MARGIN
    right = PAGE_WIDTH - MARGIN
    canvas.saveState()
    left = MARGIN + _draw_logo(canvas, issuer.logo_path, top)

    number = f"编号：{header.number}"
    number_width = stringWidth(number, font, 9.5)
    name_room = right - left - number_width - 6 * mm
    canvas.setFillColor(ACCENT)
    canvas.setFont(font, _fit(issuer.utility_name, font, 13, name_room))
    canvas.drawString(left, top - 5 * mm, issuer.utility_name)
    canvas.setFillColor(MUTED)
    canvas.setFont(font, _fit(issuer.hall_name, font, 9.5, name_room))
    canvas.drawString(left, top - 10.5 * mm, issuer.hall_name)
    canvas.setFillColor(INK)
    canvas.setFont(font, 9.5)
    canvas.drawRightString(right, top - 5 * mm, number)
    if header.tag:
        canvas.setFillColor(ALERT if header.tag_alert else MUTED)
        canvas.setFont(font, 9.5)
        canvas.drawRightString(right, top - 10.5 * mm, header.tag)

    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(1.2)
    canvas.line(MARGIN, top - 14 * mm, right, top - 14 * mm)
    canvas.setFillColor(INK)
    canvas.setFont(font, _fit(header.title, font, 19, PAGE_WIDTH - 2 * MARGIN))
    canvas.drawCentredString(PAGE_WIDTH / 2, top - 24 * mm, header.title)

    bottom = MARGIN
    canvas.setStrokeColor(LINE)
    canvas.setLineWidth(0.5)
    canvas.line(MARGIN, bottom + 9 * mm, right, bottom + 9 * mm)
    canvas.setFillColor(MUTED)
    contact = f"服务热线：{issuer.phone}"
    if issuer.address:
        contact += f"　　地址：{issuer.address}"
    canvas.setFont(font, _fit(contact, font, 8.5, CONTENT_WIDTH - 32 * mm))
    canvas.drawString(MARGIN, bottom + 5 * mm, contact)
    if issuer.website:
        website = f"网址：{issuer.website}"
        canvas.setFont(font, _fit(website, font, 8.5, CONTENT_WIDTH))
        canvas.drawString(MARGIN, bottom + 1 * mm, website)
    canvas.restoreState()


def build_pdf(header: NoticeHeader, story: Sequence[Any]) -> bytes:
    """Lay ``story`` out in the frame and return the PDF.

    ``invariant=1`` fixes the creation date and document id, so the same facts give the same
    bytes: a reprint can be compared with the original, and tests can hold a notice still.
    """
    font = notice_font()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN + HEADER_HEIGHT,
        bottomMargin=MARGIN + FOOTER_HEIGHT,
        title=header.title,
        author=header.issuer.utility_name,
        subject=header.number,
        creator="CounterDesk",
        invariant=1,
    )

    def on_page(canvas: Any, _document: Any) -> None:
        _draw_frame(canvas, header, font)

    with _BUILD_LOCK:
        document.build(
            list(story), onFirstPage=on_page, onLaterPages=on_page, canvasmaker=_PagedCanvas
        )
    return buffer.getvalue()
