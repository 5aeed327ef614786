"""The manager's month in Excel (营业员月度统计): clerks with stars, clerks by day, one day by hour.

The hall server makes the file (``GET /hall/export.xlsx``); the sheets are written by
:mod:`counterdesk.documents.workbook`, as the takings reports are, so the hall's workbooks read
alike. Minutes have one decimal and shares are percentages, as numbers that Excel and WPS can
sort and sum.

Headers in both languages live in :data:`HEADS` (``counterdesk/`` has no Qt translator); the
caller names the language, ``zh_CN`` unless ``en``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final

from counterdesk.documents.workbook import Cell, Figure, Sheet, workbook_bytes
from counterdesk.queue.stars import StarRating, star_text
from counterdesk.queue.stats import ClerkMonth, DayStats, MonthStats, ServiceTally

MEDIA_TYPE: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MINUTES: Final = "0.0"
SHARE: Final = "0.0%"
SCORE: Final = "0.0"
COUNT: Final = "#,##0"
RATING: Final = "0.00"
DATE: Final = "yyyy-mm-dd"

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
    return workbook_bytes(
        [
            Sheet(
                title[:31], tuple(head(key, language) for key, _ in columns), _cells(columns, rows)
            )
            for title, columns, rows in sheets
        ],
        title=head("clerks", language),
        when=when,
    )


def _cells(columns: Sequence[Column], rows: Sequence[Sequence[Any]]) -> list[list[Cell]]:
    """Rows as workbook cells: counts and dates as they are, measures with their format."""
    return [
        [
            value if value is None or fmt is None or fmt in (COUNT, DATE) else Figure(value, fmt)
            for value, (_key, fmt) in zip(row, columns, strict=True)
        ]
        for row in rows
    ]
