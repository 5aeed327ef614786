"""A :class:`~printing.slip.Slip` drawn as the printer would print it, dot for dot.

The receipt tray in the UI, the tests and the screenshots show this picture instead of trusting
the layout: it is drawn on the printer's own grid, so a column that does not line up, a line that
is too long or a QR code that is too big shows here before it wastes paper.

The grid is the thermal head's: 8 dots per millimetre (203 dpi), ``paper.dots`` wide. Text uses
the Chinese-mode fonts: a single-byte character in a 12×24-dot cell, every other character in a
24×24-dot cell (:func:`printing.columns.char_width`), one line every 30 dots (the default line
spacing after ``ESC @``). Double lines are the same glyphs with each dot doubled, as ``GS !``
does. Glyphs come from the terminal's Chinese TrueType font (:func:`printing.fonts.find_cjk_font`)
rendered at 24 dots and thresholded to black and white, since a thermal head has no grey; Latin
letters wider than their 12-dot cell are squeezed into it as the printer's narrow font is.
Images (QR code, logo) are the very rasters :mod:`printing.escpos_out` sends.
"""

from __future__ import annotations

import io
from functools import lru_cache
from typing import Final

from PIL import Image, ImageChops, ImageDraw, ImageFont

from printing.columns import char_width, width
from printing.escpos_out import END_FEED_LINES, image_left, logo_image, qr_image
from printing.fonts import find_cjk_font
from printing.slip import Align, Feed, Logo, QrCode, Rule, Slip, Text

DOT_CELL: Final = 12
"""Dots per column: a single-byte character's width; others take two columns."""
GLYPH: Final = 24
"""Font height in dots."""
PITCH: Final = 30
"""Line spacing in dots: the ``ESC 2`` default on 203 dpi printers."""
BASELINE: Final = 21
"""Baseline inside the 24-dot glyph cell: the ideographic em box sits on 0–24."""
MARGIN: Final = 8
"""Grey on each side, so the strip reads as paper on a white window."""
TOP: Final = 12
"""Blank paper above the first line, as left by the previous cut."""
NOTE_BAND: Final = 24
"""Room at the top for the drawer note."""
CUT_BAND: Final = 24
"""Room at the bottom for the cut mark and its label."""

INK: Final = 0
PAPER: Final = 255
DESK: Final = 200
NOTE: Final = 128
_THRESHOLD: Final = [PAPER if level >= 128 else 0 for level in range(256)]


@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.FreeTypeFont:
    found = find_cjk_font()
    return ImageFont.truetype(str(found.path), size, index=found.index)


@lru_cache(maxsize=4096)
def _glyph(char: str, bold: bool) -> Image.Image:
    """A 1× mask (255 = ink) of one character in its cell, ``PITCH`` tall, descenders included.

    Bold is the printer's emphasized mode: each dot struck again one dot to the right. (A
    TrueType stroke grows the glyph on every side and fills in dense characters like 缴 at 24
    dots.)
    """
    cell = char_width(char) * DOT_CELL
    font = _font(GLYPH)
    advance = max(1, round(font.getlength(char)))
    wide = max(cell, advance)
    canvas = Image.new("L", (wide, PITCH), 0)
    ImageDraw.Draw(canvas).text(
        ((wide - advance) / 2, BASELINE), char, font=font, fill=255, anchor="ls"
    )
    if wide > cell:
        canvas = canvas.resize((cell, PITCH), Image.Resampling.LANCZOS)
    mask = canvas.point(_THRESHOLD)
    if bold:
        struck = Image.new("L", mask.size, 0)
        struck.paste(mask.crop((0, 0, cell - 1, PITCH)), (1, 0))
        mask = ImageChops.lighter(mask, struck)
    return mask


def _draw_text(page: Image.Image, top: int, text: str, block: Text) -> None:
    """One line at the printer's column positions for its justification."""
    times = block.magnification
    line_dots = width(text) * DOT_CELL * times
    paper_dots = page.width - 2 * MARGIN
    if block.align is Align.CENTER:
        x = (paper_dots - line_dots) // 2
    elif block.align is Align.RIGHT:
        x = paper_dots - line_dots
    else:
        x = 0
    x = max(0, x) + MARGIN
    for char in text:
        cell = char_width(char) * DOT_CELL * times
        if cell == 0:
            continue
        mask = _glyph(char, block.bold)
        if times > 1:
            mask = mask.resize((mask.width * times, mask.height * times), Image.Resampling.NEAREST)
        page.paste(INK, (x, top), mask)
        x += cell


def _image(block: QrCode | Logo, slip: Slip) -> Image.Image | None:
    if isinstance(block, QrCode):
        return qr_image(block.data, block.module, slip.paper.dots) if block.data else None
    return logo_image(block, slip.paper)


def _height(slip: Slip, images: dict[int, Image.Image | None]) -> int:
    height = TOP + (NOTE_BAND if slip.open_drawer else 0)
    for index, block in enumerate(slip.blocks):
        if isinstance(block, Text):
            height += PITCH * block.magnification
        elif isinstance(block, Rule):
            height += PITCH
        elif isinstance(block, Feed):
            height += PITCH * max(0, block.lines)
        else:
            image = images[index]
            height += image.height if image else 0
    return height + PITCH * END_FEED_LINES + (CUT_BAND if slip.cut else 0)


def _label(page: Image.Image, centre_x: int, middle_y: int, text: str) -> None:
    """A small grey remark on the paper, on a white ground (not something the printer prints)."""
    font = _font(16)
    draw = ImageDraw.Draw(page)
    left, top, right, bottom = draw.textbbox((centre_x, middle_y), text, font=font, anchor="mm")
    draw.rectangle((left - 4, top - 2, right + 4, bottom + 2), fill=PAPER)
    draw.text((centre_x, middle_y), text, font=font, fill=NOTE, anchor="mm")


def render(slip: Slip, *, scale: int = 1) -> Image.Image:
    """The printed slip as a greyscale image, ``scale`` screen pixels per printer dot."""
    if scale < 1:
        raise ValueError(f"scale must be a whole number of pixels per dot, not {scale}")
    images = {
        index: _image(block, slip)
        for index, block in enumerate(slip.blocks)
        if isinstance(block, QrCode | Logo)
    }
    paper_dots = slip.paper.dots
    page = Image.new("L", (paper_dots + 2 * MARGIN, _height(slip, images)), DESK)
    page.paste(PAPER, (MARGIN, 0, MARGIN + paper_dots, page.height))
    centre = MARGIN + paper_dots // 2
    y = TOP
    if slip.open_drawer:
        _label(page, centre, y + NOTE_BAND // 2 - TOP // 2, "（开钱箱）")
        y += NOTE_BAND
    for index, block in enumerate(slip.blocks):
        if isinstance(block, Text):
            _draw_text(page, y, block.text, block)
            y += PITCH * block.magnification
        elif isinstance(block, Rule):
            _draw_text(page, y, block.char * slip.paper.columns, Text(""))
            y += PITCH
        elif isinstance(block, Feed):
            y += PITCH * max(0, block.lines)
        elif (image := images[index]) is not None:
            page.paste(image.convert("L"), (MARGIN + image_left(image.width, slip.paper), y))
            y += image.height
    y += PITCH * END_FEED_LINES
    if slip.cut:
        draw = ImageDraw.Draw(page)
        middle = y + CUT_BAND // 2
        for x in range(MARGIN, MARGIN + paper_dots, 12):
            draw.line((x, middle, min(x + 6, MARGIN + paper_dots - 1), middle), fill=NOTE)
        _label(page, centre, middle, "切纸")
    if scale > 1:
        page = page.resize((page.width * scale, page.height * scale), Image.Resampling.NEAREST)
    return page


def render_png(slip: Slip, *, scale: int = 1) -> bytes:
    """:func:`render` as PNG bytes; the same slip always gives the same bytes."""
    buffer = io.BytesIO()
    render(slip, scale=scale).save(buffer, format="PNG")
    return buffer.getvalue()
