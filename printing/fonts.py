"""Finding a Chinese TrueType font on the terminal, for A4 notices and receipt previews.

Why TrueType and why found on disk: reportlab's built-in CID fonts (STSong-Light) are not embedded
in the PDF, so a notice looks right only where the viewer happens to have an Asian font pack; an
embedded subset of a TrueType font looks the same everywhere. Fonts with PostScript (CFF) outlines,
such as Debian's Noto CJK ``.ttc``, cannot be embedded by reportlab, so candidates are checked for
a ``glyf`` table before they are offered. No font found is an error that says what to install,
never a silent fallback to boxes.
"""

from __future__ import annotations

import os
import struct
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Final

FONT_ENV: Final = "COUNTERDESK_CJK_FONT"
"""A path to a ``.ttf``/``.ttc`` (optionally ``path#index``) that overrides the search."""


class FontNotFoundError(RuntimeError):
    """No usable Chinese TrueType font: the message names what to install or configure."""


@dataclass(frozen=True)
class FontFile:
    """A TrueType font on disk; ``index`` picks the face inside a collection (``.ttc``)."""

    path: Path
    index: int = 0
    name: str = ""


def _windows_candidates() -> list[FontFile]:
    fonts = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
    return [
        FontFile(fonts / "msyh.ttc", 0, "Microsoft YaHei"),
        FontFile(fonts / "msyh.ttf", 0, "Microsoft YaHei"),
        FontFile(fonts / "simsun.ttc", 0, "SimSun"),
        FontFile(fonts / "simhei.ttf", 0, "SimHei"),
        FontFile(fonts / "Deng.ttf", 0, "DengXian"),
    ]


_UNIX_CANDIDATES: Final = (
    FontFile(Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"), 0, "WenQuanYi Micro Hei"),
    FontFile(Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"), 0, "WenQuanYi Zen Hei"),
    FontFile(Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"), 0, "WenQuanYi Micro Hei"),
    FontFile(Path("/usr/share/fonts/truetype/arphic/uming.ttc"), 0, "AR PL UMing"),
    FontFile(Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"), 0, "Droid Sans"),
    FontFile(Path("/System/Library/Fonts/Supplemental/Songti.ttc"), 0, "Songti"),
)


def has_truetype_outlines(font: FontFile) -> bool:
    """Whether the face has a ``glyf`` table (TrueType outlines), which reportlab can embed."""
    try:
        with font.path.open("rb") as handle:
            head = handle.read(12)
            offset = 0
            if head[:4] == b"ttcf":
                count = struct.unpack(">I", head[8:12])[0]
                if font.index >= count:
                    return False
                handle.seek(12 + 4 * font.index)
                offset = struct.unpack(">I", handle.read(4))[0]
            handle.seek(offset)
            directory = handle.read(12)
            tables = struct.unpack(">H", directory[4:6])[0]
            records = handle.read(16 * tables)
    except (OSError, struct.error):
        return False
    return any(records[i : i + 4] == b"glyf" for i in range(0, len(records), 16))


def candidates() -> list[FontFile]:
    """Where to look, in order: the override, then the platform's usual Chinese fonts."""
    found: list[FontFile] = []
    override = os.environ.get(FONT_ENV, "").strip()
    if override:
        path, _, index = override.partition("#")
        found.append(FontFile(Path(path), int(index or 0), "configured"))
    if sys.platform == "win32":
        found.extend(_windows_candidates())
    found.extend(_UNIX_CANDIDATES)
    return found


def find_cjk_font() -> FontFile:
    """The first usable Chinese TrueType font, or :class:`FontNotFoundError` saying what to do."""
    looked = candidates()
    for font in looked:
        if font.path.is_file() and has_truetype_outlines(font):
            return font
    where = ", ".join(str(font.path) for font in looked)
    raise FontNotFoundError(
        "No Chinese TrueType font was found (looked at: "
        f"{where}). Install Microsoft YaHei or SimSun on Windows, or fonts-wqy-microhei on "
        f"Debian, or set {FONT_ENV} to a .ttf/.ttc file with TrueType outlines."
    )
