"""The one Chinese font every A4 notice is set in, registered with reportlab once per process.

Why a TrueType font found on disk and never reportlab's CID font ``STSong-Light``: a CID font is
not embedded, so a notice posted on a notice board or mailed as a PDF would depend on the viewer
having an Asian font pack (Adobe Reader without one shows dots or refuses). A ``TTFont`` embeds a
subset of the glyphs the page uses, so the customer sees what the hall printed.

Registration reads the whole font file (wqy-microhei is 5 MB), so it happens once, under a lock:
the print queue renders in a worker thread while the counter may preview a notice in another.
"""

from __future__ import annotations

import threading
from typing import Final

from reportlab.lib import fonts, textsplit  # type: ignore[import-untyped]
from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFError, TTFont  # type: ignore[import-untyped]
from reportlab.platypus import paragraph  # type: ignore[import-untyped]

from printing.fonts import FontNotFoundError, find_cjk_font

NOTICE_FONT: Final = "CounterDeskNotice"
"""The name the font is registered under in reportlab; the PDF shows the face's own name."""

CANNOT_START_LINE: Final = "，；：！？、。）》」』】〕〉”’…%"
"""Chinese punctuation that must not begin a line (行首禁则, W3C clreq 3.1.7).

reportlab's list was written for Japanese, which uses 、and 。; it lacks the full-width comma,
semicolon, colon and closing marks of Chinese text, so a line could start with "，".
"""

_lock: Final = threading.Lock()
_registered: Final[dict[str, str]] = {}


def notice_font() -> str:
    """Register the Chinese TrueType font (first call only) and return its reportlab name.

    Raises :class:`~printing.fonts.FontNotFoundError` when no font is installed, or when the file
    found cannot be read as TrueType, with the path in the message so support can replace it.
    """
    name = _registered.get("name")
    if name is not None:
        return name
    with _lock:
        name = _registered.get("name")
        if name is None:
            font = find_cjk_font()
            try:
                face = TTFont(NOTICE_FONT, str(font.path), subfontIndex=font.index)
            except (TTFError, OSError) as error:
                raise FontNotFoundError(
                    f"The Chinese font {font.path} (face {font.index}) cannot be embedded: {error}"
                ) from error
            pdfmetrics.registerFont(face)
            # One face serves every style: <b> in a paragraph must not look for a missing bold.
            pdfmetrics.registerFontFamily(
                NOTICE_FONT,
                normal=NOTICE_FONT,
                bold=NOTICE_FONT,
                italic=NOTICE_FONT,
                boldItalic=NOTICE_FONT,
            )
            # ...and the face itself reads back as regular, the mapping registered last.
            fonts.addMapping(NOTICE_FONT, 0, 0, NOTICE_FONT)
            _teach_chinese_line_breaks()
            name = _registered.setdefault("name", NOTICE_FONT)
    return name


def _teach_chinese_line_breaks() -> None:
    """Add Chinese closing punctuation to the characters reportlab will not start a line with.

    reportlab's CJK wrapping hangs such a character at the end of the line instead. The list is
    a module global read at each wrap, once in ``textsplit`` (paragraphs in one style) and once in
    ``paragraph`` (mixed styles), so extending both once covers every paragraph.
    """
    for module in (textsplit, paragraph):
        have = module.ALL_CANNOT_START
        module.ALL_CANNOT_START = have + "".join(c for c in CANNOT_START_LINE if c not in have)
