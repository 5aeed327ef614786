"""The manager's statistics from a real queue on a real SQLite file, and over HTTP.

The morning below is played through :class:`QueueService` with a step clock; every expected
figure is worked out by hand from its timeline (minutes after 09:30 in the hall), not from the
code under test.

====  =====================================================================================
 min  what happens (windows 1: clerk 0107, 2: clerk 0108; window 3 stays closed)
====  =====================================================================================
  0   windows 1 and 2 open; A001 A002 issued;  1: B001 issued
  2   A003 V001 issued
  5   w1 calls V001 (waited 3), w2 calls A001 (waited 5)
  9   w1 finishes V001 (service 4, rated 5), calls A002 (waited 9)
 11   w2 finishes A001 (service 6, rated 4), calls B001 (waited 10)
 12   A004 issued
 14   w1 finishes A002 (service 5, rated 3), calls A003 (waited 12)
 15   w1 recalls A003, marks it a no-show, pauses
 31   w2 finishes B001 (service 20, rated 2), calls A004 (waited 19: late)
 35   w2 finishes A004 (service 4, not rated)
 40   A005 issued;  41: C001 issued
 58   now: A005 has waited 18 minutes, C001 17
====  =====================================================================================
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook

from counterdesk.queue import stars, stats
from counterdesk.queue.client import HallClient
from counterdesk.queue.errors import QueueError
from counterdesk.queue.service import QueueService
from counterdesk.server.app import create_app
from counterdesk.server.run import ServerThread
from counterdesk.store import settings
from counterdesk.store.database import make_engine
from counterdesk.store.migrate import upgrade
from tests.helpers.hall import MORNING, StepClock

DAY = date(2026, 11, 20)


def make_queue(db_path: Path, clock: StepClock) -> QueueService:
    engine = make_engine(db_path)
    upgrade(engine)
    return QueueService(engine, clock=clock)


@contextmanager
def stats_server(queue: QueueService) -> Iterator[tuple[ServerThread, HallClient]]:
    """The hall server with the statistics routes, as app.py will include them."""
    app = create_app(role="all", queue=queue)
    with ServerThread(app) as server:
        client = HallClient(server.url)
        try:
            yield server, client
        finally:
            client.close()


def at(clock: StepClock, minute: int) -> None:
    clock.now = MORNING + timedelta(minutes=minute)


def play_morning(queue: QueueService, clock: StepClock, until: int = 58) -> None:
    """The timeline in the module's docstring, stopped before minute ``until``'s events."""

    def done(window: int, score: int | None, *, then_call: bool = True) -> None:
        queue.finish(window)
        if score is not None:
            queue.rate(score=score, window=window)
        if then_call:
            queue.call_next(window)

    def issue(*codes: str) -> None:
        for code in codes:
            queue.issue(code)

    script: list[tuple[int, Callable[[], object]]] = [
        (0, lambda: queue.open_window(1, "0107", "张敏")),
        (0, lambda: queue.open_window(2, "0108", "李强")),
        (0, lambda: issue("A", "A")),
        (1, lambda: issue("B")),
        (2, lambda: issue("A", "V")),
        (5, lambda: (queue.call_next(1), queue.call_next(2))),
        (9, lambda: done(1, 5)),
        (11, lambda: done(2, 4)),
        (12, lambda: issue("A")),
        (14, lambda: done(1, 3)),
        (15, lambda: (queue.recall(1), queue.no_show(1), queue.pause(1))),
        (31, lambda: done(2, 2)),
        (35, lambda: done(2, None, then_call=False)),
        (40, lambda: issue("A")),
        (41, lambda: issue("C")),
    ]
    for minute, action in script:
        if minute >= until:
            break
        at(clock, minute)
        action()
    at(clock, until)


@pytest.fixture
def morning(db_path: Path) -> Iterator[tuple[QueueService, StepClock]]:
    clock = StepClock()
    queue = make_queue(db_path, clock)
    play_morning(queue, clock)
    yield queue, clock
    queue.engine.dispose()


def day_stats(queue: QueueService, targets: stats.Targets | None = None) -> stats.DayStats:
    with queue.engine.connect() as connection:
        return stats.day_stats(connection, DAY, queue.now(), targets or stats.Targets())


def test_the_script_calls_whom_the_timeline_says(morning: tuple[QueueService, StepClock]) -> None:
    queue, _ = morning
    called = {n: queue.ticket(n) for n in ("V001", "A001", "A002", "B001", "A003", "A004")}
    assert {n: t["window"] for n, t in called.items()} == {
        "V001": 1, "A001": 2, "A002": 1, "B001": 2, "A003": 1, "A004": 2,
    }  # fmt: skip
    assert called["A003"]["state"] == "no_show"
    assert [t["number"] for t in queue.waiting_tickets()] == ["A005", "C001"]


def test_each_line_of_the_morning(morning: tuple[QueueService, StepClock]) -> None:
    found = {c.code: c for c in day_stats(morning[0]).categories}
    assert list(found) == ["V", "A", "B", "C"]  # the hall's set-up order
    a = found["A"]
    assert (a.issued, a.served, a.no_shows, a.called, a.waiting) == (5, 3, 1, 4, 1)
    assert a.average_wait == (5 + 9 + 12 + 19) * 60 / 4  # 11:15
    assert a.longest_wait == 19 * 60
    assert a.average_service == (6 + 5 + 4) * 60 / 3
    assert (a.within_target, a.missed_target) == (3, 2)  # A004 called late, A005 waiting 18 min
    assert a.within_target_share == 3 / 5
    assert a.longest_current_wait == 18 * 60
    b = found["B"]
    assert (b.issued, b.served, b.average_wait, b.average_service) == (1, 1, 600.0, 1200.0)
    assert b.within_target_share == 1.0
    v = found["V"]
    assert (v.average_wait, v.average_service) == (180.0, 240.0)
    c = found["C"]
    assert (c.issued, c.called, c.waiting, c.longest_current_wait) == (1, 0, 1, 17 * 60)
    assert c.average_wait is None
    assert c.within_target_share == 0.0  # C001 has missed the target already


def test_the_hall_total_and_hours(morning: tuple[QueueService, StepClock]) -> None:
    found = day_stats(morning[0])
    total = found.total
    assert (total.issued, total.served, total.no_shows, total.waiting) == (8, 5, 1, 2)
    assert total.average_wait == (3 + 5 + 9 + 10 + 12 + 19) * 60 / 6
    assert total.average_service == (4 + 6 + 5 + 20 + 4) * 60 / 5
    assert total.within_target_share == 5 / 8
    assert total.longest_current_wait == 18 * 60
    hours = {h.hour: (h.issued, h.served) for h in found.hours}
    assert list(hours) == list(range(8, 18))  # the opening hours, local time
    assert hours[9] == (6, 3)  # up to 09:59: six issued; V001, A001, A002 finished
    assert hours[10] == (2, 2)  # A005 and C001; B001 at 10:01, A004 at 10:05
    assert sum(i for i, _ in hours.values()) == 8


def test_windows_clerks_and_satisfaction(morning: tuple[QueueService, StepClock]) -> None:
    found = day_stats(morning[0])
    one, two = found.windows
    assert (one.key, one.name, one.served, one.average_service) == ("1", "1号窗口", 2, 270.0)
    assert (one.ratings.count, one.ratings.average, one.ratings.satisfaction) == (2, 4.0, 0.5)
    assert (two.key, two.served, two.average_service) == ("2", 3, 600.0)
    assert (two.ratings.count, two.ratings.average, two.ratings.satisfaction) == (2, 3.0, 0.5)
    assert [(c.key, c.name, c.served) for c in found.clerks] == [
        ("0107", "张敏", 2),
        ("0108", "李强", 3),
    ]
    assert found.ratings == stats.Ratings(count=4, total=14, good=2)
    assert found.ratings.average == 3.5


def live_alerts(queue: QueueService, targets: stats.Targets | None = None) -> list[stats.Alert]:
    found = day_stats(queue, targets)
    with queue.engine.connect() as connection:
        windows = stats.windows_now(connection)
    waiting = {c.code: c.waiting for c in found.categories if c.waiting}
    oldest = {c.code: c.oldest_issued_at for c in found.categories if c.oldest_issued_at}
    return stats.alerts(found, waiting, oldest, windows, found.targets)


def test_alerts_fire_on_a_long_wait_and_a_low_share(
    morning: tuple[QueueService, StepClock],
) -> None:
    found = live_alerts(morning[0])
    assert [a.kind for a in found] == ["long_wait", "below_target"]
    long_wait, below = found
    assert long_wait.params == {"category": "A", "minutes": "18", "target": "15"}
    assert long_wait.message == (
        "A customer in line A has waited 18 minutes, over the 15-minute target."
    )
    assert below.params == {"share": "62", "target": "15", "goal": "85"}
    # window 1 is paused, so the quickest help is its clerk coming back
    assert long_wait.suggestion_text == "Window 1号窗口 is paused: resume it."


def test_no_alert_while_the_morning_goes_well(db_path: Path) -> None:
    clock = StepClock()
    queue = make_queue(db_path, clock)
    play_morning(queue, clock, until=16)  # everyone so far called within the target
    assert live_alerts(queue) == []
    queue.engine.dispose()


def test_a_longer_target_silences_the_wait_alert(morning: tuple[QueueService, StepClock]) -> None:
    found = live_alerts(morning[0], stats.Targets(wait_minutes=20))
    assert found == []  # 18 minutes is within 20, and all six were called within 20 minutes


def test_crowded_windows_and_no_window_open(morning: tuple[QueueService, StepClock]) -> None:
    queue, _ = morning
    found = live_alerts(queue, stats.Targets(wait_minutes=60, waiting_per_window=1))
    assert [(a.kind, a.params) for a in found] == [
        ("crowded", {"waiting": "2", "windows": "1", "limit": "1"})
    ]
    queue.resume(1)
    queue.close_window(1)
    queue.close_window(2)
    found = live_alerts(queue, stats.Targets(wait_minutes=60))
    assert [(a.kind, a.params, a.suggestion_params) for a in found] == [
        ("no_window", {"waiting": "2"}, {"window": "1号窗口"})
    ]


# --- a month of three days, for the star rating ---------------------------------------------------

MONTH_DAYS = (date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 4))
RATINGS_0107 = (5, 4, 4, 4, 4, 3)
"""0107 at window 1 serves six payments (A, 3 minutes each) a day, rated like this each day."""


def play_month(queue: QueueService, clock: StepClock) -> None:
    """Three days: 0107 serves payments (A), 0108 applications (B: 9 minutes each, 2 a day,
    both rated 5), 0109 payments (4 a day, one rated 3): the same 18 minutes of work a day for
    0107 and 0108, 12 for 0109."""
    for day in MONTH_DAYS:
        clock.now = datetime(day.year, day.month, day.day, 1, 30, tzinfo=UTC)
        for window, clerk in ((1, "0107"), (2, "0108"), (3, "0109")):
            queue.open_window(window, clerk, "")
        numbers = {
            code: [queue.issue(code)["ticket"]["number"] for _ in range(count)]
            for code, count in (("A", 10), ("B", 2))
        }
        work = [
            (1, numbers["A"][:6], 3, RATINGS_0107),
            (2, numbers["B"], 9, (5, 5)),
            (3, numbers["A"][6:], 3, (3,)),
        ]
        for window, tickets, minutes, scores in work:
            for index, number in enumerate(tickets):
                queue.call(window, number)
                clock.advance(minutes=minutes)
                queue.finish(window)
                if index < len(scores):
                    queue.rate(score=scores[index], ticket=number)


@pytest.fixture
def month(db_path: Path) -> Iterator[QueueService]:
    clock = StepClock(datetime(2026, 11, 2, 1, 30, tzinfo=UTC))
    queue = make_queue(db_path, clock)
    with queue.engine.begin() as connection:
        settings.write(connection, "queue.star.minimum_ratings", 5, now=clock())
    play_month(queue, clock)
    clock.now = MORNING  # the 20th: the month is read later on
    yield queue
    queue.engine.dispose()


def test_the_month_per_clerk_and_per_day(month: QueueService) -> None:
    with month.engine.connect() as connection:
        found = stats.month_stats(connection, date(2026, 11, 17))
    assert found.month == date(2026, 11, 1)
    clerks = {c.tally.key: c for c in found.clerks}
    assert {k: (c.tally.served, c.days_worked) for k, c in clerks.items()} == {
        "0107": (18, 3), "0108": (6, 3), "0109": (12, 3),
    }  # fmt: skip
    assert clerks["0107"].served_by_category == {"A": 18}
    assert clerks["0107"].tally.ratings == stats.Ratings(18, 3 * sum(RATINGS_0107), 15)
    assert clerks["0108"].tally.average_service == 9 * 60
    assert found.category_service == {"A": 180.0, "B": 540.0}
    assert len(found.days) == 9
    first = found.days[0]
    assert (first.day, first.tally.key, first.tally.served) == (date(2026, 11, 2), "0107", 6)
    assert first.tally.ratings.average == 4.0


def test_the_month_star_rating(month: QueueService) -> None:
    with month.engine.connect() as connection:
        rules = stars.StarRules.from_settings(settings.read_all(connection))
        rated = stars.rate_month(stats.month_stats(connection, date(2026, 11, 1)), rules)
    # 0107: 54 standard minutes (the best), mean rating 4.0 → ⅔ → 40 + 40 = 80 → 4 stars
    assert (rated["0107"].workload_minutes, rated["0107"].score, rated["0107"].stars) == (
        54.0, 80.0, 4,
    )  # fmt: skip
    # 0108: 6 applications are the same 54 minutes; all 5s → 40 + 60 = 100 → 5 stars (counted by
    # tickets it would be 6/18 of the best: 13.3 + 60 = 73.3, three stars for the harder work)
    assert (rated["0108"].volume_score, rated["0108"].score, rated["0108"].stars) == (1.0, 100.0, 5)
    # 0109: 3 ratings, fewer than the 5 the setting asks: not rated this month
    assert (rated["0109"].volume_points, rated["0109"].stars) == (26.7, None)


# --- over HTTP ----------------------------------------------------------------------------------


def test_the_routes_on_a_real_server(morning: tuple[QueueService, StepClock]) -> None:
    queue, _ = morning
    with stats_server(queue) as (_server, client):
        today = client.get("/hall/stats")
        assert today["day"] == "2026-11-20"
        assert today["total"]["issued"] == 8
        assert today["total"]["within_target_share"] == 0.625
        assert [a["kind"] for a in today["alerts"]] == ["long_wait", "below_target"]
        assert today["alerts"][0]["message"].startswith("A customer in line A has waited 18")
        assert [h["issued"] for h in today["hours"]][1:3] == [6, 2]
        other = client.get("/hall/stats?day=2026-11-19")
        assert (other["total"]["issued"], other["alerts"]) == (0, [])
        assert [a["kind"] for a in client.get("/hall/alerts")] == ["long_wait", "below_target"]
        month = client.get("/hall/clerks?month=2026-11")
        assert [c["tally"]["key"] for c in month["clerks"]] == ["0107", "0108"]
        assert month["rules"]["minimum_ratings"] == 20
        assert month["stars"]["0107"]["stars"] is None  # two ratings are not a month's judgement


def test_settings_change_the_answer(morning: tuple[QueueService, StepClock]) -> None:
    queue, clock = morning
    with queue.engine.begin() as connection:
        settings.write(connection, "queue.served_within_target_percent", 60, now=clock())
    with stats_server(queue) as (_server, client):
        assert [a["kind"] for a in client.get("/hall/alerts")] == ["long_wait"]  # 62 % ≥ 60 %
        with queue.engine.begin() as connection:
            settings.write(connection, "queue.wait_target_minutes", 20, now=clock())
        assert client.get("/hall/alerts") == []
        assert client.get("/hall/stats")["targets"]["wait_minutes"] == 20


@pytest.mark.parametrize(
    ("path", "word"),
    [
        ("/hall/stats?day=20-11-2026", "YYYY-MM-DD"),
        ("/hall/stats?day=2026-02-30", "YYYY-MM-DD"),
        ("/hall/clerks?month=2026-13", "YYYY-MM"),
        ("/hall/clerks?month=november", "YYYY-MM"),
        ("/hall/export.xlsx?month=2026/11", "YYYY-MM"),
        ("/hall/export.xlsx?month=2026-11&lang=fr", "lang"),
    ],
)
def test_bad_days_and_months_are_refused_clearly(
    morning: tuple[QueueService, StepClock], path: str, word: str
) -> None:
    with stats_server(morning[0]) as (server, client):
        answer = httpx.get(server.url + path)
        assert answer.status_code == 422
        assert word in str(answer.json()["detail"])
        with pytest.raises(QueueError, match="malformed"):
            client.get(path)


def test_the_workbook_downloads_and_reads_back(month: QueueService) -> None:
    with stats_server(month) as (server, _client):
        answer = httpx.get(server.url + "/hall/export.xlsx?month=2026-11&day=2026-11-03")
        english = httpx.get(server.url + "/hall/export.xlsx?month=2026-11&day=2026-11-03&lang=en")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert 'filename="clerks-2026-11.xlsx"' in answer.headers["content-disposition"]
    book = load_workbook(io.BytesIO(answer.content))
    assert book.sheetnames == ["营业员月度", "营业员每日", "分时段 2026-11-03"]
    clerks = list(book["营业员月度"].iter_rows(values_only=True))
    assert clerks[0][:4] == ("工号", "姓名", "出勤天数", "办理笔数")
    assert clerks[0][-3:] == ("综合得分", "星级", "星数")
    rows = {row[0]: row for row in clerks[1:]}
    assert rows["0107"][3] == 18
    assert rows["0107"][-3:] == (80, "★★★★☆", 4)
    assert rows["0108"][-3:] == (100, "★★★★★", 5)
    assert rows["0109"][-3:] == (None, "本月未评定", None)
    days = list(book["营业员每日"].iter_rows(values_only=True))
    assert len(days) == 1 + 9
    assert days[1][:4] == (datetime(2026, 11, 2, tzinfo=None), "0107", None, 6)  # noqa: DTZ001
    hours = {row[0]: row[1:] for row in book["分时段 2026-11-03"].iter_rows(values_only=True)}
    # all 12 issued at 09:30; window 1's six and window 2's first finished before 10:00
    assert hours["09:00–10:00"] == (12, 7)
    assert hours["10:00–11:00"] == (0, 5)
    en = load_workbook(io.BytesIO(english.content))
    assert en.sheetnames[0] == "Clerks this month"
    assert next(en["Clerks this month"].iter_rows(values_only=True))[0] == "Clerk no."
