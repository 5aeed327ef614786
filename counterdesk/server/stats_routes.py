"""The manager's reads on the hall server: the day's statistics, clerks' months, alerts, Excel.

Read-only and beside the queue, not inside it: each request opens its own connection on the
hall database (:attr:`QueueService.engine`) and never takes the queue's lock, so a manager
refreshing the dashboard cannot slow *call next* at a counter. "Now" and "today" are the queue's
clock (:meth:`QueueService.now`), so a test's or a screenshot's fixed time is honoured.

Malformed ``day`` or ``month`` values are answered 422 with a sentence saying the expected form.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Final

from fastapi import APIRouter, HTTPException, Query, Response
from sqlalchemy import Connection

from counterdesk.queue import export, stars, stats
from counterdesk.queue.service import QueueService
from counterdesk.services.common import business_day
from counterdesk.store import settings

_DAY: Final = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTH: Final = re.compile(r"\d{4}-\d{2}")
DayParam = Annotated[str | None, Query(max_length=20, description="YYYY-MM-DD")]
MonthParam = Annotated[str | None, Query(max_length=20, description="YYYY-MM")]


def parse_day(text: str) -> date:
    """``2026-11-20``; anything else is a 422 naming the expected form."""
    try:
        if _DAY.fullmatch(text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise HTTPException(
        422, f"day must be a date written YYYY-MM-DD, such as 2026-11-20, not {text!r}"
    )


def parse_month(text: str) -> date:
    """``2026-11`` as the month's first day; anything else is a 422 naming the expected form."""
    try:
        if _MONTH.fullmatch(text):
            return date.fromisoformat(f"{text}-01")
    except ValueError:
        pass
    raise HTTPException(422, f"month must be written YYYY-MM, such as 2026-11, not {text!r}")


def current_alerts(connection: Connection, day: stats.DayStats) -> list[stats.Alert]:
    """The alerts now. Waiting and the first in each line come from the stored tickets, which
    the queue writes before it tells anyone, so they agree with the live hall."""
    waiting = {c.code: c.waiting for c in day.categories if c.waiting}
    oldest = {c.code: c.oldest_issued_at for c in day.categories if c.oldest_issued_at}
    return stats.alerts(day, waiting, oldest, stats.windows_now(connection), day.targets)


def read_day(connection: Connection, day: date, now: datetime) -> stats.DayStats:
    targets = stats.Targets.from_settings(settings.read_all(connection))
    return stats.day_stats(connection, day, now, targets)


def read_month(
    connection: Connection, month: date
) -> tuple[stats.MonthStats, dict[str, stars.StarRating], stars.StarRules]:
    rules = stars.StarRules.from_settings(settings.read_all(connection))
    found = stats.month_stats(connection, month)
    return found, stars.rate_month(found, rules), rules


def stats_router(queue: QueueService) -> APIRouter:
    router = APIRouter(prefix="/hall", tags=["hall statistics"])

    def today() -> tuple[datetime, date]:
        now = queue.now()
        return now, business_day(now)

    @router.get("/stats")
    def day_stats(day: DayParam = None) -> dict[str, Any]:
        """The day's figures (default today); today's answer carries the alerts too."""
        now, current = today()
        wanted = current if day is None else parse_day(day)
        with queue.engine.connect() as connection:
            found = read_day(connection, wanted, now)
            answer: dict[str, Any] = stats.to_json(found)
            answer["alerts"] = (
                stats.to_json(current_alerts(connection, found)) if wanted == current else []
            )
        return answer

    @router.get("/alerts")
    def alerts() -> list[Any]:
        now, current = today()
        with queue.engine.connect() as connection:
            found = read_day(connection, current, now)
            return list(stats.to_json(current_alerts(connection, found)))

    @router.get("/clerks")
    def clerks(month: MonthParam = None) -> dict[str, Any]:
        """Each clerk's month (totals, per day) with the star rating and the rules used."""
        _, current = today()
        wanted = stats.month_start(current) if month is None else parse_month(month)
        with queue.engine.connect() as connection:
            found, rated, rules = read_month(connection, wanted)
        answer: dict[str, Any] = stats.to_json(found)
        answer["stars"] = stats.to_json(rated)
        answer["rules"] = stats.to_json(rules)
        return answer

    @router.get("/export.xlsx")
    def export_month(
        month: MonthParam = None,
        day: DayParam = None,
        lang: Annotated[str, Query(pattern=r"^(zh_CN|en)$")] = "zh_CN",
    ) -> Response:
        """The month's workbook; the hourly sheet is ``day`` (default today, or the month's
        last day for a past month)."""
        now, current = today()
        wanted = stats.month_start(current) if month is None else parse_month(month)
        if day is not None:
            hourly = parse_day(day)
        elif stats.month_start(current) == wanted:
            hourly = current
        else:
            hourly = date.fromordinal(stats.next_month(wanted).toordinal() - 1)
        with queue.engine.connect() as connection:
            found, rated, _ = read_month(connection, wanted)
            one_day = read_day(connection, hourly, now)
        data = export.month_workbook(found, rated, one_day, language=lang, when=now)
        name = f"clerks-{wanted:%Y-%m}.xlsx"
        return Response(
            data,
            media_type=export.MEDIA_TYPE,
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )

    return router
