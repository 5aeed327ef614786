"""A slip (小票) laid out for a roll of a given width: the one model both outputs draw.

A layout (:mod:`printing.layouts`) turns the facts of a printout into a :class:`Slip`: lines of
text already fitted to the paper, rules, a QR code, a logo, whether to cut and open the drawer.
The ESC/POS encoder turns a slip into bytes and the preview renderer turns the same slip into a
PNG, so what the clerk sees in the receipt tray is what the printer prints.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from printing.columns import LayoutError, width


class Paper(enum.Enum):
    """Roll width: columns of the 12-dot font and printable dots at 203 dpi (8 dots/mm)."""

    MM58 = (58, 32, 384)
    MM80 = (80, 48, 576)

    @property
    def millimetres(self) -> int:
        return self.value[0]

    @property
    def columns(self) -> int:
        return self.value[1]

    @property
    def dots(self) -> int:
        return self.value[2]

    @classmethod
    def from_millimetres(cls, millimetres: int) -> Paper:
        for paper in cls:
            if paper.millimetres == millimetres:
                return paper
        raise LayoutError(f"Paper must be 58 or 80 mm wide, not {millimetres} mm.")


class Align(enum.StrEnum):
    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True)
class Text:
    """One printed line. ``double`` prints it twice as wide and tall, so it has half the columns.

    ``size`` (2–4) magnifies further, for what must be read from a distance (a ticket's number);
    it overrides ``double``. A line magnified n times has 1/n of the columns.
    """

    text: str
    align: Align = Align.LEFT
    bold: bool = False
    double: bool = False
    size: int = 0

    @property
    def magnification(self) -> int:
        return self.size or (2 if self.double else 1)


@dataclass(frozen=True)
class Rule:
    """A full-width line of one ASCII character (``-`` or ``=``) to separate sections."""

    char: str = "-"


@dataclass(frozen=True)
class Feed:
    """Blank lines."""

    lines: int = 1


@dataclass(frozen=True)
class QrCode:
    """A QR code, centred; ``module`` is the width of one square in dots (3–8 read well)."""

    data: str
    module: int = 6


@dataclass(frozen=True)
class Logo:
    """An image file (PNG/BMP), centred and scaled down to at most ``max_dots`` wide."""

    path: str
    max_dots: int = 256


Block = Text | Rule | Feed | QrCode | Logo


@dataclass(frozen=True)
class Slip:
    """A laid-out printout for one paper width.

    ``title`` names it in the print queue and logs; ``open_drawer`` kicks the cash drawer before
    printing (cash payments only); ``cut`` cuts after the last line.
    """

    title: str
    paper: Paper
    blocks: tuple[Block, ...]
    cut: bool = True
    open_drawer: bool = False

    def __post_init__(self) -> None:
        for block in self.blocks:
            if isinstance(block, Text):
                if block.size and not 2 <= block.size <= 4:
                    raise LayoutError(f"{self.title}: text size must be 2 to 4, not {block.size}.")
                room = self.paper.columns // block.magnification
                if "\n" in block.text or width(block.text) > room:
                    raise LayoutError(
                        f"{self.title}: line {block.text!r} takes {width(block.text)} columns; "
                        f"{self.paper.millimetres} mm paper has {room}."
                    )
            elif isinstance(block, Rule) and (len(block.char) != 1 or not block.char.isascii()):
                raise LayoutError(f"{self.title}: a rule is drawn with one ASCII character.")
