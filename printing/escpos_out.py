"""A :class:`~printing.slip.Slip` as the ESC/POS bytes a Chinese receipt printer prints.

Everything goes through python-escpos's one seam, ``_raw(bytes)``, on a ``Dummy`` printer whose
``output`` is the job; the transports send those bytes unchanged. The commands, by their names in
Epson's *ESC/POS Application Programming Guide* (Chinese printers implement the same set):

``ESC @`` (1B 40) *Initialize printer*
    First, so a job never inherits alignment, emphasis or size left over by an earlier one.
``ESC p m t1 t2`` (1B 70 00 32 32) *Generate pulse*
    python-escpos ``cashdraw(2)``: drawer connector pin 2, 50 × 2 ms on and off. Sent right after
    the initialisation, before any text, so the drawer opens while the receipt prints.
``FS &`` (1C 26) *Select Kanji character mode*
    For GB18030, GBK and Big5 printers: every byte ≥ 0x80 then starts a two-byte (GB18030: also
    four-byte) character printed from the 24×24 font. python-escpos never sends it; a printer
    whose memory switch starts it in code-page mode would print a line of 汉字 as pairs of
    accented Latin letters.
``FS .`` (1C 2E) *Cancel Kanji character mode*, then ``FS ( C`` 02 00 30 02 *Select character
encode system* (function 48, m = 2: UTF-8)
    For printers that take UTF-8: leave the two-byte mode, then read text as UTF-8.
``GS ! n`` (1D 21 11 / 1D 21 00) *Select character size*
    Double width and height. Not python-escpos's ``double_width``/``double_height``, which send
    ``ESC ! n`` twice: ``ESC !`` sizes only the single-byte characters on Kanji printers and also
    resets emphasis, whereas ``GS !`` sizes every character. Sent through ``set(custom_size=…)``.
``ESC E n`` (1B 45 n) *Turn emphasized mode on/off*, ``ESC a n`` (1B 61 n) *Select justification*
    Through ``set(bold=…, align=…)``. Only what changed since the last line is sent.
``LF`` (0A) *Print and line feed*
    After each line, which is encoded whole by this module in the profile's encoding. Never
    python-escpos ``text()``: its MagicEncode switches to GB18030 only for a line holding an
    ideograph in U+4E00–U+9FA5, so ``￥：（）12`` alone comes out as ``????12``.
``GS ( k`` *QR Code* functions 165 (model 2), 167 (module size), 169 (error correction M), 180
(store data) and 181 (print), after ``ESC a 1`` to centre it
    python-escpos ``qr(native=True)``, for printers with a QR engine (``profile.native_qr``).
``GS v 0`` (1D 76 30 m xL xH yL yH …) *Print raster bit image*
    python-escpos ``image(impl="bitImageRaster", center=True)`` for logos and for QR codes on
    printers without a QR engine: the image is padded to the paper width, so it is centred without
    relying on ``ESC a``, which some printers ignore for images.
``ESC d n`` (1B 64 06) *Print and feed n lines*, ``GS V m`` (1D 56 01) *Select cut mode and cut
paper*, partial cut
    python-escpos ``cut(mode="PART")``: six lines (≈ 22 mm) carry the last line past the cutter
    blade of common 58/80 mm printers, then a partial cut leaves a tab so the roll does not fall.
    Without a cutter the same six lines are fed so the clerk can tear the slip off at the bar.

Characters the printer's font cannot show become a look-alike of the same width or ``□``, and
each one is reported, so nothing prints as ``?`` unnoticed and the columns stay aligned.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, NamedTuple

import qrcode  # type: ignore[import-untyped]
from escpos.constants import QR_ECLEVEL_M, QR_MODEL_2
from escpos.printer import Dummy
from PIL import Image

from printing.columns import LayoutError, char_width, width
from printing.profile import Encoding, PrinterProfile
from printing.slip import Align, Feed, Logo, Paper, QrCode, Rule, Slip, Text

INITIALISE: Final = b"\x1b@"
KANJI_MODE: Final = b"\x1c&"
UTF8_MODE: Final = b"\x1c." + b"\x1c(C\x02\x000\x02"
CHARACTER_MODE: Final[dict[Encoding, bytes]] = {
    Encoding.GB18030: KANJI_MODE,
    Encoding.GBK: KANJI_MODE,
    Encoding.BIG5: KANJI_MODE,
    Encoding.UTF8: UTF8_MODE,
}
DRAWER_PIN: Final = 2
END_FEED_LINES: Final = 6
"""Lines fed after the last one: what python-escpos ``cut()`` feeds before the blade, too."""
QR_QUIET_MODULES: Final = 2
"""White modules round a raster QR code; paper margins and line gaps give the rest."""
MISSING: Final = "□"


@dataclass(frozen=True)
class EncodedSlip:
    """A print job's bytes and, in words, every character that had to be replaced."""

    data: bytes
    substitutions: tuple[str, ...] = ()


class _Style(NamedTuple):
    align: Align
    bold: bool
    size: int


_RESET_STYLE: Final = _Style(Align.LEFT, bold=False, size=1)
"""The state ``ESC @`` leaves; rules and images are drawn in it."""

# Look-alikes tried in order for a character the font lacks, each of the original's width or
# narrower (then padded with spaces). ¥/￥, £/￡ and ¢/￠ map both ways: GB has only the
# full-width ones, Big5 only the half-width ones.
_FALLBACK: Final[dict[str, tuple[str, ...]]] = {
    "\u00a5": ("￥",),
    "￥": ("\u00a5", "Y"),
    "\u00a3": ("￡",),
    "￡": ("\u00a3",),
    "\u00a2": ("￠",),
    "￠": ("\u00a2",),
    "\u2012": ("－", "-"),
    "\u2013": ("－", "-"),
    "\u2014": ("―", "－", "-"),
    "\u2015": ("—", "－", "-"),
    "\u2212": ("－", "-"),
    "\u2022": ("·",),
    "\u30fb": ("·",),
    "\u301c": ("～", "~"),
    "～": ("〜", "~"),
    "\u2033": ('"',),
    "\u2116": ("No",),
    "〇": ("○", "0"),
    "«": ("《", "<<"),
    "»": ("》", ">>"),
}
# Spaces other than U+0020 count two columns but print as one space (or not at all), so they
# always become two ASCII spaces, whatever the encoding.
_SPACES: Final = frozenset("\u00a0\u2002\u2003\u2007\u2009\u200a\u202f\u205f")


@lru_cache(maxsize=8192)
def _native(char: str, codec: str) -> bytes | None:
    """``char`` in the printer's encoding, or None when its font would not show it as counted.

    Non-ASCII must take two or more bytes (one byte would pair up with the next character in
    Kanji mode). A GB18030 four-byte character that has a look-alike above (¥, NBSP, −) is
    treated as missing: printer fonts hold the two-byte GBK set and CJK ideographs, rarely the
    four-byte Latin and symbol ranges.
    """
    code = ord(char)
    if 0x20 <= code < 0x7F:
        return bytes((code,))
    if code < 0x20 or 0x7F <= code < 0xA0 or char in _SPACES:
        return None  # C0 and C1 controls, and spaces that print narrower than counted
    try:
        encoded = char.encode(codec)
    except UnicodeEncodeError:
        return None
    if len(encoded) < 2 or (codec == Encoding.GB18030 and len(encoded) == 4 and char in _FALLBACK):
        return None
    return encoded


@lru_cache(maxsize=8192)
def _character(char: str, codec: str) -> tuple[bytes, str | None]:
    """Bytes for one character and, if it was replaced, what replaced it (same width)."""
    encoded = _native(char, codec)
    if encoded is not None:
        return encoded, None
    room = char_width(char)
    if room == 0:
        return b"", ""  # a control character: the layout gave it no column, and ESC must not pass
    if char in _SPACES:
        return b" " * room, " " * room
    for candidate in (*_FALLBACK.get(char, ()), MISSING, "?"):
        parts = [_native(part, codec) for part in candidate]
        if width(candidate) <= room and all(part is not None for part in parts):
            padding = " " * (room - width(candidate))
            encoded = b"".join(part for part in parts if part) + padding.encode("ascii")
            return encoded, candidate + padding
    raise AssertionError("'?' is always encodable")  # pragma: no cover


def encode_line(text: str, encoding: Encoding) -> tuple[bytes, list[str]]:
    """A whole line in ``encoding`` and the substitutions made, ``'x' U+0078 → 'y'`` each."""
    if text.isascii() and text.isprintable():
        return text.encode("ascii"), []
    chunks: list[bytes] = []
    notes: list[str] = []
    for char in text:
        encoded, replacement = _character(char, encoding.value)
        chunks.append(encoded)
        if replacement is not None:
            notes.append(f"{char!r} U+{ord(char):04X} → {replacement!r} ({encoding.value})")
    return b"".join(chunks), notes


def qr_image(data: str, module: int, max_dots: int) -> Image.Image:
    """The QR code a printer without a QR engine gets, and the preview draws: 1-bit, black ink.

    Error correction M like the native command; ``module`` shrinks if the code would not fit.
    """
    code = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=QR_QUIET_MODULES
    )
    code.add_data(data)
    code.make(fit=True)
    matrix: list[list[bool]] = code.get_matrix()
    side = len(matrix)
    small = Image.new("1", (side, side), 1)
    small.putdata([0 if dark else 1 for row in matrix for dark in row])
    scale = max(1, min(module, max_dots // side))
    return small.resize((side * scale, side * scale), Image.Resampling.NEAREST)


def logo_image(logo: Logo, paper: Paper) -> Image.Image | None:
    """The logo as it prints: on white, scaled down to fit, 1-bit (Floyd–Steinberg dithered).

    ``None`` when the file is missing or is not an image: a receipt prints without its logo
    rather than not at all (the payment it proves is already committed).
    """
    try:
        with Image.open(logo.path) as source:
            rgba = source.convert("RGBA")
    except OSError:
        return None
    flat = Image.new("RGB", rgba.size, (255, 255, 255))
    flat.paste(rgba, mask=rgba.getchannel("A"))
    grey = flat.convert("L")
    limit = max(8, min(logo.max_dots, paper.dots))
    if grey.width > limit:
        height = max(1, round(grey.height * limit / grey.width))
        grey = grey.resize((limit, height), Image.Resampling.LANCZOS)
    return grey.convert("1")


def image_left(image_width: int, paper: Paper) -> int:
    """Where a centred image starts: python-escpos ``EscposImage.center`` puts it here."""
    return (paper.dots - image_width) // 2


class _Writer:
    """Sends blocks through the Dummy, remembering the text style the printer is in."""

    def __init__(self, printer: Any, profile: PrinterProfile, paper: Paper) -> None:
        self.printer = printer
        self.profile = profile
        self.paper = paper
        self.style = _RESET_STYLE
        self.notes: dict[str, None] = {}

    def restyle(self, style: _Style) -> None:
        changes: dict[str, object] = {}
        if style.size != self.style.size:
            size = style.size
            changes.update(custom_size=True, width=size, height=size)
        if style.bold != self.style.bold:
            changes["bold"] = style.bold
        if style.align != self.style.align:
            changes["align"] = style.align.value
        if changes:
            self.printer.set(**changes)
            self.style = style

    def line(self, text: str, style: _Style) -> None:
        self.restyle(style)
        encoded, notes = encode_line(text, self.profile.encoding)
        self.notes.update(dict.fromkeys(notes))
        self.printer._raw(encoded + b"\n")

    def qr(self, block: QrCode) -> None:
        if not block.data:
            return
        if self.profile.native_qr:
            self.restyle(self.style._replace(align=Align.CENTER))
            self.printer.qr(
                block.data, ec=QR_ECLEVEL_M, size=block.module, model=QR_MODEL_2, native=True
            )
        else:
            self.raster(qr_image(block.data, block.module, self.paper.dots))

    def raster(self, image: Image.Image) -> None:
        self.printer.image(image, impl="bitImageRaster", center=True)


def _printer(paper: Paper) -> Any:
    """A Dummy that knows the paper width, which ``image(center=True)`` centres on.

    The default profile's width is "Unknown", for which python-escpos prints a warning to
    stdout on every image; the profile data is copied onto the instance, never changed shared.
    """
    printer = Dummy()
    data = dict(printer.profile.profile_data)
    data["media"] = {"dpi": 203, "width": {"mm": paper.millimetres, "pixels": paper.dots}}
    printer.profile.profile_data = data
    return printer


def encode(slip: Slip, profile: PrinterProfile) -> EncodedSlip:
    """The print job for ``slip`` on the printer ``profile`` describes.

    A slip laid out for wider paper than the printer's is refused (its lines would wrap); a
    narrower one prints at the left, as laid out.
    """
    if slip.paper.columns > profile.paper.columns:
        raise LayoutError(
            f"{slip.title}: laid out for {slip.paper.millimetres} mm paper, but printer "
            f"{profile.name} has {profile.paper.millimetres} mm."
        )
    printer = _printer(profile.paper)
    printer._raw(INITIALISE)
    if slip.open_drawer and profile.drawer:
        printer.cashdraw(DRAWER_PIN)
    printer._raw(CHARACTER_MODE[profile.encoding])
    writer = _Writer(printer, profile, profile.paper)
    for block in slip.blocks:
        if isinstance(block, Text):
            writer.line(block.text, _Style(block.align, block.bold, block.magnification))
        elif isinstance(block, Rule):
            writer.line(block.char * slip.paper.columns, _RESET_STYLE)
        elif isinstance(block, Feed):
            printer._raw(b"\n" * block.lines)
        elif isinstance(block, QrCode):
            writer.qr(block)
        else:
            logo = logo_image(block, slip.paper)
            if logo is None:
                writer.notes[f"logo {block.path!r} cannot be read; printed without it"] = None
            else:
                writer.raster(logo)
    if slip.cut and profile.cutter:
        printer.cut(mode="PART")
    else:
        printer.print_and_feed(END_FEED_LINES)
    return EncodedSlip(bytes(printer.output), tuple(writer.notes))
