"""The pieces notices are built from: fact grids, tables, totals in capitals, boxes to sign in.

Why shared pieces: a customer compares a reminder with a receipt and a clerk files a work order
next to an acceptance receipt; the same fact must look the same on each (¥1,234.50 with its
capitals, 2026年11月21日, a signature box with room for a date). Every value that comes from the
facts is escaped before it enters a paragraph, because reportlab reads paragraph text as markup and
an address with ``&`` or ``<`` would otherwise break the page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Final
from xml.sax.saxutils import escape

from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from counterdesk.domain.capitals import amount_in_capitals
from counterdesk.domain.money import Fen, format_yuan
from printing.notices.page import ACCENT, CONTENT_WIDTH, LINE, SHADE, NoticeStyles

WEEKDAYS: Final = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

_PADDING: Final = (
    ("LEFTPADDING", (0, 0), (-1, -1), 4),
    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ("TOPPADDING", (0, 0), (-1, -1), 3),
    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
)


def table_style(styles: NoticeStyles, *commands: tuple[Any, ...]) -> Any:
    """A table style that sets the notice font first.

    reportlab selects each cell's font even for a cell that holds a paragraph; left to its default
    that is Helvetica, which would then be listed in the PDF as a font that is not embedded.
    """
    return TableStyle(
        [("FONT", (0, 0), (-1, -1), styles.cell.fontName, styles.cell.fontSize), *commands]
    )


def cn_date(day: date, *, weekday: bool = False) -> str:
    """2026年11月21日, or 2026年11月21日（星期六）: the way a Chinese notice writes a date."""
    text = f"{day.year}年{day.month}月{day.day}日"
    return f"{text}（{WEEKDAYS[day.weekday()]}）" if weekday else text


def cn_datetime(moment: datetime) -> str:
    """2026年11月21日 10:42, in the hall's local time the facts already carry."""
    return f"{cn_date(moment.date())} {moment:%H:%M}"


def money(fen: Fen) -> str:
    """¥1,234.50: the figure style of every receipt and notice (format_yuan)."""
    return format_yuan(fen)


def _keep_spaces(text: str) -> str:
    """Ideographic spaces (　) as no-break spaces of the same width.

    reportlab collapses every run of white space, U+3000 included, into one narrow space, which
    would close up the blanks of 日期：　　年　　月　　日 and the gaps between listed items; only
    U+00A0 survives, and four of them are about one Chinese character wide in the notice font.
    """
    return text.replace("\u3000", "\u00a0" * 4)


def para(text: str, style: Any) -> Any:
    """A paragraph of plain text from the facts, escaped so it is never read as markup."""
    return Paragraph(_keep_spaces(escape(text)), style)


def rich(markup: str, style: Any) -> Any:
    """A paragraph whose markup the layout wrote; values inside it must be escaped by the caller."""
    return Paragraph(_keep_spaces(markup), style)


def em(text: str, *, size: float | None = None) -> str:
    """Markup setting ``text`` (escaped here) in the accent colour, the notice's emphasis.

    The Chinese font has one weight, so ``<b>`` would change nothing on paper; colour and size do.
    """
    sized = f" size={size:g}" if size else ""
    return f"<font color='#{ACCENT.hexval()[2:]}'{sized}>{escape(text)}</font>"


def section(title: str, styles: NoticeStyles) -> Any:
    return para(title, styles.section)


def gap(height_mm: float) -> Any:
    return Spacer(1, height_mm * mm)


@dataclass(frozen=True)
class Fact:
    """One labelled fact in a grid; ``wide`` facts take a whole row (an address, a complaint)."""

    label: str
    value: str
    wide: bool = False


def fact_grid(facts: Sequence[Fact], styles: NoticeStyles, *, label_mm: float = 24) -> Any:
    """Label/value pairs two to a row, with shaded labels, so a form reads like the paper ones.

    Facts fill the rows in order; a wide fact, and a fact left alone at the end of a row, spans
    the rest of its row rather than leaving an empty shaded label beside it.
    """
    label_width = label_mm * mm
    value_width = CONTENT_WIDTH / 2 - label_width
    rows: list[list[Any]] = []
    commands: list[tuple[Any, ...]] = []
    pending: list[Any] = []

    def close_wide(cells: list[Any]) -> None:
        commands.append(("SPAN", (1, len(rows)), (3, len(rows))))
        commands.append(("BACKGROUND", (0, len(rows)), (0, len(rows)), SHADE))
        rows.append([*cells, "", ""])

    for fact in facts:
        cells = [para(fact.label, styles.label), para(fact.value, styles.cell)]
        if fact.wide:
            if pending:
                close_wide(pending)
                pending = []
            close_wide(cells)
        elif pending:
            commands.append(("BACKGROUND", (0, len(rows)), (0, len(rows)), SHADE))
            commands.append(("BACKGROUND", (2, len(rows)), (2, len(rows)), SHADE))
            rows.append([*pending, *cells])
            pending = []
        else:
            pending = cells
    if pending:
        close_wide(pending)
    table = Table(rows, colWidths=[label_width, value_width, label_width, value_width])
    table.setStyle(
        table_style(
            styles,
            ("GRID", (0, 0), (-1, -1), 0.5, LINE),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            *_PADDING,
            *commands,
        )
    )
    return table


def data_table(
    head: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_mm: Sequence[float],
    styles: NoticeStyles,
    *,
    align: str,
    total_rows: int = 0,
) -> Any:
    """A ruled table with a shaded head; ``align`` has one of L, C, R per column.

    Figures are right-aligned so the yuan and fen line up under each other; the last
    ``total_rows`` rows are shaded like the head, the way a paper form marks its 合计.
    """
    by_letter = {"L": styles.cell, "C": styles.cell_center, "R": styles.cell_right}
    cell_styles = [by_letter[letter] for letter in align]
    body = [[para(text, cell_styles[i]) for i, text in enumerate(row)] for row in rows]
    table = Table(
        [[para(text, styles.cell_head) for text in head], *body],
        colWidths=[width * mm for width in widths_mm],
        repeatRows=1,
    )
    commands: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, LINE),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        *_PADDING,
    ]
    if total_rows:
        commands.append(("BACKGROUND", (0, -total_rows), (-1, -1), SHADE))
    table.setStyle(table_style(styles, *commands))
    return table


def total_line(label: str, fen: Fen, styles: NoticeStyles) -> Any:
    """合计：¥337.64（大写：人民币叁佰叁拾柒元陆角肆分）: the figure and the capitals together.

    Capitals are what a customer or an auditor checks a total against (会计基础工作规范 Art. 52),
    so wherever a total is printed its capitals are printed beside it.
    """
    return rich(
        f"{escape(label)}：<font size=12>{escape(money(fen))}</font>"
        f"（大写：{escape(amount_in_capitals(fen))}）",
        styles.body,
    )


def signature_boxes(labels: Sequence[str], styles: NoticeStyles, *, height_mm: float = 20) -> Any:
    """Boxes side by side with room to sign and date, one per person who confirms the paper.

    Kept in one piece: a signature box split over two pages leaves a name without its date.
    """
    width = CONTENT_WIDTH / len(labels)
    top = [para(f"{label}：", styles.label) for label in labels]
    bottom = [para("日期：　　　年　　月　　日", styles.cell_right) for _ in labels]
    table = Table(
        [top, bottom],
        colWidths=[width] * len(labels),
        rowHeights=[(height_mm - 8) * mm, 8 * mm],
    )
    table.setStyle(
        table_style(
            styles,
            ("BOX", (0, 0), (-1, -1), 0.5, LINE),
            ("LINEAFTER", (0, 0), (-2, -1), 0.5, LINE),
            ("VALIGN", (0, 0), (-1, 0), "TOP"),
            ("VALIGN", (0, 1), (-1, 1), "BOTTOM"),
            *_PADDING,
        )
    )
    return KeepTogether([table])


def ruled_box(label: str, lines: int, styles: NoticeStyles, *, hint: str = "") -> Any:
    """A box with faint rules to write on by hand (处理过程, 答复内容…), labelled at its top.

    Kept in one piece, so a handler never continues an answer under another page's header.
    """
    head = rich(f"{em(label)}　{escape(hint)}", styles.label)
    rows: list[list[Any]] = [[head]] + [[""] for _ in range(lines)]
    table = Table(rows, colWidths=[CONTENT_WIDTH], rowHeights=[None] + [7.5 * mm] * lines)
    table.setStyle(
        table_style(
            styles,
            ("BOX", (0, 0), (-1, -1), 0.6, LINE),
            ("BACKGROUND", (0, 0), (0, 0), SHADE),
            ("LINEBELOW", (0, 0), (0, 0), 0.5, LINE),
            ("LINEBELOW", (0, 1), (0, -2), 0.3, LINE, None, (1, 2)),
            ("ALIGN", (0, 0), (0, 0), "LEFT"),
            *_PADDING,
        )
    )
    return KeepTogether([table])


def cut_out(card: Any, note: str, styles: NoticeStyles) -> list[Any]:
    """A card inside a dashed border with a 沿虚线剪下 note, for the customer to cut and keep."""
    frame = Table([[card]], colWidths=[CONTENT_WIDTH])
    frame.setStyle(
        table_style(
            styles,
            ("BOX", (0, 0), (-1, -1), 0.9, ACCENT, None, (4, 3)),
            ("LEFTPADDING", (0, 0), (-1, -1), 8),
            ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("TOPPADDING", (0, 0), (-1, -1), 7),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
        )
    )
    return [para(note, styles.small), gap(1), frame]
