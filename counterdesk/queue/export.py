"""The manager's month in Excel (营业员月度统计): clerks with stars, clerks by day, one day by hour.

Why here and not in ``printing.report_sheets``: the hall server makes the file (``GET
/hall/export.xlsx``) and ``counterdesk/`` may not import ``printing/``. The look follows that
module's so the hall's workbooks read alike: a bold shaded header that stays put, filter buttons,
columns wide enough for Chinese, minutes with one decimal and shares as percentages (numbers, so
Excel and WPS can sort and sum them).

Headers in both languages live in :data:`HEADS` (``counterdesk/`` has no Qt translator); the
caller names the language, ``zh_CN`` unless ``en``.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any, Final

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font, PatternFill  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from counterdesk.queue.stars import StarRating, star_text
from counterdesk.queue.stats import ClerkMonth, DayStats, MonthStats, ServiceTally

MEDIA_TYPE: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MINUTES: Final = "0.0"
SHARE: Final = "0.0%"
SCORE: Final = "0.0"
COUNT: Final = "#,##0"
RATING: Final = "0.00"
DATE: Final = "yyyy-mm-dd"
_HEAD_FILL: Final = PatternFill("solid", fgColor="E9EEF4")

HEADS: Final[Mapping[str, tuple[str, str]]] = {
    "clerks": ("Clerks this month", "营业员月度"),
    "days": ("Clerks by day", "营业员每日"),
    "hours": ("Hours {day}", "分时段 {day}"),
    "clerk_no": ("Clerk no.", "工号"),
    "name": ("Name", "姓名"),
    "days_worked": ("Days at work", "出勤天数"),
    "served": ("Served", "办理笔数"),
    "workload": ("Standard minutes", "标准工时(分钟)"),
    "service": ("Avg service (min)", "平均办理(分钟)"),
    "rated": ("Ratings", "评价数"),
    "average": ("Avg rating", "平均评分"),
    "satisfaction": ("Satisfied (4–5)", "满意率"),
    "volume_points": ("Volume points", "业务量得分"),
    "satisfaction_points": ("Satisfaction points", "满意度得分"),
    "score": ("Score", "综合得分"),
    "stars": ("Stars", "星级"),
    "star_count": ("Star count", "星数"),
    "not_rated": ("Not rated this month", "本月未评定"),
    "day": ("Date", "日期"),
    "hour": ("Hour", "时段"),
    "issued": ("Tickets issued", "取号数"),
    "hour_served": ("Served", "办结数"),
}
"""Each header (and sheet title) in English and in Chinese."""


def head(key: str, language: str) -> str:
    english, chinese = HEADS[key]
    return english if language == "en" else chinese


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 60, 1)


Column = tuple[str, str | None]
"""A header key and the cells' number format."""

_TALLY: Final[tuple[Column, ...]] = (
    ("served", COUNT),
    ("service", MINUTES),
    ("rated", COUNT),
    ("average", RATING),
    ("satisfaction", SHARE),
)
CLERK_COLUMNS: Final[tuple[Column, ...]] = (
    ("clerk_no", None),
    ("name", None),
    ("days_worked", COUNT),
    _TALLY[0],
    ("workload", MINUTES),
    *_TALLY[1:],
    ("volume_points", SCORE),
    ("satisfaction_points", SCORE),
    ("score", SCORE),
    ("stars", None),
    ("star_count", COUNT),
)
DAY_COLUMNS: Final[tuple[Column, ...]] = (
    ("day", DATE),
    ("clerk_no", None),
    ("name", None),
    *_TALLY,
)
HOUR_COLUMNS: Final[tuple[Column, ...]] = (
    ("hour", None),
    ("issued", COUNT),
    ("hour_served", COUNT),
)


def _tally_cells(tally: ServiceTally) -> list[Any]:
    ratings = tally.ratings
    average = ratings.average
    return [
        tally.served,
        _minutes(tally.average_service),
        ratings.count,
        None if average is None else round(average, 2),
        ratings.satisfaction,
    ]


def _clerk_row(clerk: ClerkMonth, rating: StarRating | None, not_rated: str) -> list[Any]:
    """One clerk's month, in :data:`CLERK_COLUMNS` order."""
    tally = clerk.tally
    served, *rest = _tally_cells(tally)
    stars = None if rating is None else rating.stars
    return [
        tally.key,
        tally.name,
        clerk.days_worked,
        served,
        None if rating is None else rating.workload_minutes,
        *rest,
        None if rating is None else rating.volume_points,
        None if rating is None else rating.satisfaction_points,
        None if rating is None else rating.score,
        not_rated if stars is None else star_text(stars),
        stars,
    ]


def month_workbook(
    month: MonthStats,
    stars: Mapping[str, StarRating],
    day: DayStats,
    *,
    language: str = "zh_CN",
    when: datetime,
) -> bytes:
    """The workbook's bytes: the month per clerk with stars, per clerk per day, ``day`` by hour.

    ``when`` is recorded as the workbook's creation time (when the figures were read).
    """
    not_rated = head("not_rated", language)
    sheets = (
        (
            head("clerks", language),
            CLERK_COLUMNS,
            [_clerk_row(c, stars.get(c.tally.key), not_rated) for c in month.clerks],
        ),
        (
            head("days", language),
            DAY_COLUMNS,
            [[d.day, d.tally.key, d.tally.name, *_tally_cells(d.tally)] for d in month.days],
        ),
        (
            head("hours", language).format(day=day.day.isoformat()),
            HOUR_COLUMNS,
            [[f"{c.hour:02d}:00–{c.hour + 1:02d}:00", c.issued, c.served] for c in day.hours],
        ),
    )
    book = Workbook()
    book.remove(book.active)
    for title, columns, rows in sheets:
        heads = [head(key, language) for key, _ in columns]
        _fill(book.create_sheet(title[:31]), heads, [f for _, f in columns], rows)
    stamp = when.replace(tzinfo=None)
    book.properties.title = head("clerks", language)
    book.properties.creator = "CounterDesk"
    book.properties.created = stamp
    book.properties.modified = stamp
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _width(value: Any) -> int:
    """Columns ``value`` takes: a Chinese character is two, a digit one."""
    if isinstance(value, date):
        return 10
    if isinstance(value, float):
        return len(f"{value:,.2f}")
    text = "" if value is None else str(value)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _fill(
    sheet: Any, heads: Sequence[str], formats: Sequence[str | None], rows: Sequence[Sequence[Any]]
) -> None:
    sheet.append(list(heads))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for row in rows:
        sheet.append(list(row))
    for column, number_format in enumerate(formats, start=1):
        if number_format is None:
            continue
        for (cell,) in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cell.number_format = number_format
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(heads))
    sheet.auto_filter.ref = f"A1:{last}{len(rows) + 1}"
    for column, title in enumerate(heads, start=1):
        widest = max([_width(title) + 4, *(_width(row[column - 1]) for row in rows)])
        sheet.column_dimensions[get_column_letter(column)].width = min(max(widest + 2, 8), 40)
