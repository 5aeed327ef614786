"""Writing report tables to an Excel workbook (.xlsx) with openpyxl.

Why a module of its own, and why in ``counterdesk/``: the layouts (:mod:`printing.reports` for
the takings, :mod:`counterdesk.queue.export` for the hall server's queue month) say what goes in
which sheet; this says how a sheet looks in Excel or WPS, the same for every workbook the hall
gets: a bold header row that stays put when scrolling, amounts as numbers in yuan so sums work,
columns wide enough for Chinese text, and a bold 合计 row under a rule.

Amounts arrive as :class:`Amount` (fen) and are written as ``Decimal(fen) / 100``: exact to the
fen, where a float such as 0.1 + 0.2 would not be.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Final

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from counterdesk.domain.money import Fen

MONEY_FORMAT: Final = "#,##0.00"
COUNT_FORMAT: Final = "#,##0"
DATETIME_FORMAT: Final = "yyyy-mm-dd hh:mm:ss"
DATE_FORMAT: Final = "yyyy-mm-dd"

_HEAD_FILL: Final = PatternFill("solid", fgColor="E9EEF4")
_RULE: Final = Border(top=Side(style="thin", color="8C8C8C"))


@dataclass(frozen=True)
class Amount:
    """An amount of money in fen, to be written as yuan with two decimals."""

    fen: Fen

    @property
    def yuan(self) -> Decimal:
        return Decimal(self.fen) / 100


@dataclass(frozen=True)
class Figure:
    """A measured number that is not money (minutes, a share, a mean rating) with its format,
    such as ``"0.0"`` or ``"0.0%"``: written as a number, so Excel sorts and sums it."""

    value: float
    number_format: str


Cell = str | int | Amount | Figure | date | datetime | None


@dataclass(frozen=True)
class Sheet:
    """One worksheet: a title (≤ 31 characters), the header row, the rows and a 合计 row."""

    title: str
    head: tuple[str, ...]
    rows: Sequence[Sequence[Cell]]
    total: Sequence[Cell] | None = None
    filters: bool = True
    """Filter buttons on the header (off for a list of facts such as 概况)."""


def display_width(text: str) -> int:
    """Columns ``text`` takes in a spreadsheet: a Chinese character is two, a digit one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _shown(value: Cell) -> str:
    """Roughly what the cell shows, to size its column."""
    if isinstance(value, Amount):
        return f"{value.yuan:,.2f}"
    if isinstance(value, Figure):
        return f"{value.value:,.2f}"
    if isinstance(value, datetime):
        return "2026-11-21 10:30:00"
    if isinstance(value, date):
        return "2026-11-21"
    if isinstance(value, int):
        return f"{value:,}"
    return "" if value is None else value


def _write(cell: Any, value: Cell) -> None:
    if isinstance(value, Amount):
        cell.value = value.yuan
        cell.number_format = MONEY_FORMAT
    elif isinstance(value, Figure):
        cell.value = value.value
        cell.number_format = value.number_format
    elif isinstance(value, datetime):
        if value.tzinfo is not None:
            raise ValueError(f"Excel keeps no time zones: give the hall's local time, not {value}")
        cell.value = value
        cell.number_format = DATETIME_FORMAT
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    elif isinstance(value, int):
        cell.value = value
        cell.number_format = COUNT_FORMAT
    else:
        cell.value = value


def _fill(sheet: Any, table: Sheet) -> None:
    bold = Font(bold=True)
    sheet.append(list(table.head))
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
    lines = [*table.rows, *([table.total] if table.total is not None else [])]
    for number, row in enumerate(lines, start=2):
        if len(row) != len(table.head):
            raise ValueError(f"Sheet {table.title}: a row has {len(row)} cells for {table.head}")
        for column, value in enumerate(row, start=1):
            _write(sheet.cell(row=number, column=column), value)
    if table.total is not None:
        for cell in sheet[len(lines) + 1]:
            cell.font = bold
            cell.border = _RULE
    sheet.freeze_panes = "A2"
    if table.filters:  # the 合计 row stays out of the range, so filtering never hides it
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(table.head))}{len(table.rows) + 1}"
    button = 4 if table.filters else 0  # room for the filter button beside a header
    for column, head in enumerate(table.head, start=1):
        widest = max(
            [display_width(head) + button, *(display_width(_shown(r[column - 1])) for r in lines)]
        )
        sheet.column_dimensions[get_column_letter(column)].width = min(max(widest + 2, 8), 60)


def workbook_bytes(sheets: Sequence[Sheet], *, title: str, when: datetime) -> bytes:
    """The workbook of ``sheets`` in order, as the bytes of an .xlsx file.

    ``when`` (the report's printed time) is recorded as the workbook's creation time, so the file
    says when its figures were read, not when it happened to be saved.
    """
    book = Workbook()
    book.remove(book.active)
    for table in sheets:
        _fill(book.create_sheet(table.title), table)
    stamp = when.replace(tzinfo=None)
    book.properties.title = title
    book.properties.creator = "CounterDesk"
    book.properties.created = stamp
    book.properties.modified = stamp
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
