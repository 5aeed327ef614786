"""What every thermal slip shares: money as printed, the header and footer, fields and tables.

Every layout writes into a :class:`SlipDraft` rather than building :class:`~printing.slip.Text`
blocks by hand, so that each line is measured with :mod:`printing.columns` in one place: long
values wrap under their label, tables choose their column widths from their content and the
paper, and amounts always end flush with the right edge. A realistic value can make a slip
longer, never make it fail.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final

from counterdesk.documents.identity import HallIdentity
from counterdesk.documents.receipts import Tender
from counterdesk.domain.money import Fen, format_yuan
from printing.columns import clip, normalize, pad, row, width, wrap
from printing.slip import Align, Block, Feed, Logo, Paper, QrCode, Rule, Slip, Text

PAPER_YUAN_SIGN: Final = "￥"
"""The full-width yuan sign (U+FFE5): two bytes in GB18030, GBK and Big5, so every Chinese
printer has it; the half-width ¥ (U+00A5) is a four-byte GB18030 sequence many cannot print."""

TENDER_NAMES: Final[dict[Tender, str]] = {
    Tender.CASH: "现金",
    Tender.BANK_CARD: "银行卡",
    Tender.WECHAT: "微信",
    Tender.ALIPAY: "支付宝",
    Tender.CHEQUE: "支票",
    Tender.PREPAID: "预收抵扣",
}
"""How the customer paid (支付方式), as the customer reads it on paper."""

_HALF_WIDTH_YUAN: Final = "\u00a5"
COPY_MARK_TEXT: Final = "*** 副本 ***"
_MIN_WRAPPED_COLUMN: Final = 8
"""A table's first column narrower than this (four 汉字) reads badly; the rows are stacked then."""


def paper_yuan(fen: Fen) -> str:
    """An amount as printed: ``￥1,234.50`` (``-￥3.00`` when negative)."""
    return format_yuan(fen, symbol=PAPER_YUAN_SIGN)


def stamp(moment: datetime) -> str:
    """A time as the customer's clock showed it, to the second: ``2026-11-21 10:42:07``."""
    return moment.strftime("%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True)
class CopyMark:
    """A reprint (副本) of a printout already handed out: when and which print this is.

    A copy must never pass for a second original (a second receipt for one payment invites a
    double refund), so it says 副本 at both ends, and it never opens the cash drawer.
    """

    printed_at: datetime
    copy_number: int = 2

    def __post_init__(self) -> None:
        if self.printed_at.tzinfo is None or self.printed_at.utcoffset() is None:
            raise ValueError(f"printed_at must carry its time zone, got {self.printed_at!r}.")
        if self.copy_number < 2:
            raise ValueError(f"A copy is the second print or later, not {self.copy_number}.")


class SlipDraft:
    """A slip being written, line by line, for one paper width."""

    def __init__(self, paper: Paper) -> None:
        self.paper = paper
        self.columns = paper.columns
        self.blocks: list[Block] = []

    # --- lines ---------------------------------------------------------------------------------

    def line(
        self, text: str, align: Align = Align.LEFT, *, bold: bool = False, double: bool = False
    ) -> None:
        """One line, clipped to the room it has (controls and line breaks dropped).

        A ¥ typed into free text (a reason, a remark) becomes ￥: same two columns, but printable.
        """
        room = self.columns // (2 if double else 1)
        text = normalize(text).replace(_HALF_WIDTH_YUAN, PAPER_YUAN_SIGN)
        self.blocks.append(Text(clip(text, room), align, bold, double))

    def big(self, text: str, *, size: int) -> None:
        """A centred bold line magnified ``size`` times (2–4), clipped to the room it has."""
        text = normalize(text)
        self.blocks.append(Text(clip(text, self.columns // size), Align.CENTER, True, size=size))

    def prominent(self, text: str, *, bold: bool = True) -> None:
        """A centred line, double size when it fits half the columns, else normal size."""
        text = normalize(text)
        double = width(text) * 2 <= self.columns
        self.line(text, Align.CENTER, bold=bold, double=double)

    def paragraph(
        self, text: str, indent: str = "", align: Align = Align.LEFT, *, bold: bool = False
    ) -> None:
        """Running text wrapped over as many lines as it needs."""
        for part in list(wrap(text, self.columns, indent)) or [""]:
            self.line(part, align, bold=bold)

    def field(self, label: str, value: str) -> None:
        """``户号：3301020456``; a long value wraps under itself, not under the label."""
        head = f"{label}："
        indent = " " * width(head) if width(head) * 2 <= self.columns else ""
        lines = list(wrap(head + value, self.columns, indent))
        for part in lines or [head]:
            self.line(part)

    def amount(self, label: str, fen: Fen, *, bold: bool = False) -> None:
        """A label and an amount ending flush with the right edge, so figures line up."""
        self.value(label, paper_yuan(fen), bold=bold)

    def value(self, label: str, text: str, *, bold: bool = False) -> None:
        """A label and a short value flush right (counts, names of tenders, amounts)."""
        text = clip(normalize(text), self.columns - 2)
        self.line(row(normalize(label), text, self.columns), bold=bold)

    def signature(self, label: str) -> None:
        """``客户签字：________`` across the width, with room above for the pen."""
        head = f"{label}："
        self.feed()
        self.line(head + "_" * max(self.columns - width(head), 0))

    def rule(self, char: str = "-") -> None:
        self.blocks.append(Rule(char))

    def feed(self, lines: int = 1) -> None:
        self.blocks.append(Feed(lines))

    def qr(self, data: str) -> None:
        if data:
            self.blocks.append(QrCode(data, module=5 if self.paper is Paper.MM58 else 6))

    # --- tables --------------------------------------------------------------------------------

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        """A table whose first column is text and the others right-aligned figures.

        The figure columns take the width of their widest cell and the last one ends at the
        right edge; the first column gets what is left and wraps within it. When that would be
        too narrow (a huge amount on 58 mm paper) each row is stacked: its first cell on a line,
        then one ``heading  value`` line per figure, so nothing is ever clipped.
        """
        count = len(header)
        figures = [
            max(width(normalize(cells[i])) for cells in [header, *rows]) for i in range(1, count)
        ]
        first = self.columns - sum(figures) - len(figures)
        widest_first = max(width(normalize(cells[0])) for cells in [header, *rows])
        if first >= min(widest_first, _MIN_WRAPPED_COLUMN) and first > 0:
            for cells in [header, *rows]:
                self._grid_row(cells, first, figures)
            return
        for cells in rows:
            self._stacked_row(header, cells)

    def _stacked_row(self, header: Sequence[str], cells: Sequence[str]) -> None:
        name = normalize(cells[0])
        figures = [
            (heading, normalize(cell))
            for heading, cell in zip(header[1:], cells[1:], strict=True)
            if normalize(cell)
        ]
        if len(figures) == 1 and width(name) + 1 + width(figures[0][1]) <= self.columns:
            self.value(name, figures[0][1])
            return
        if name.strip():
            self.paragraph(name)
        for heading, cell in figures:
            self.value(f"  {heading}", cell)

    def _grid_row(self, cells: Sequence[str], first: int, figures: Sequence[int]) -> None:
        names = list(wrap(cells[0], first)) or [""]
        tail = "".join(
            " " + pad(normalize(cell), room, "right")
            for cell, room in zip(cells[1:], figures, strict=True)
        )
        self.line(pad(names[0], first) + tail)
        for name in names[1:]:
            self.line(name)

    # --- the parts every printout shares -------------------------------------------------------

    def header(self, issuer: HallIdentity, title: str) -> None:
        """Logo, utility, hall and title: who issued this and what it is, before anything else."""
        if issuer.logo_path:
            self.blocks.append(Logo(issuer.logo_path, max_dots=min(256, self.paper.dots)))
        self.prominent(issuer.utility_name)
        if issuer.hall_name:
            self.line(issuer.hall_name, Align.CENTER)
        self.feed()
        self.prominent(title)
        self.rule()

    def footer(self, issuer: HallIdentity, friendly: str = "", qr_payload: str = "") -> None:
        """How to reach the utility, a courteous closing line and the QR code to look it up."""
        self.rule()
        self.field("服务热线", issuer.phone)
        if issuer.website:
            self.paragraph(issuer.website)
        if friendly:
            self.paragraph(friendly, align=Align.CENTER)
        self.qr(qr_payload)

    def finish(self, title: str, *, copy: CopyMark | None, open_drawer: bool = False) -> Slip:
        """The slip, marked 副本 at both ends when it is a reprint, which never opens the drawer."""
        blocks = self.blocks
        if copy is None:
            return Slip(title, self.paper, tuple(blocks), open_drawer=open_drawer)
        top: list[Block] = [Text(COPY_MARK_TEXT, Align.CENTER, bold=True, double=True), Feed()]
        mark = SlipDraft(self.paper)
        mark.rule()
        mark.line(f"第{copy.copy_number}次打印", Align.CENTER)
        mark.value("补打时间", stamp(copy.printed_at))
        mark.line(COPY_MARK_TEXT, Align.CENTER, bold=True, double=True)
        return Slip(
            f"{title}（副本）", self.paper, (*top, *blocks, *mark.blocks), open_drawer=False
        )
