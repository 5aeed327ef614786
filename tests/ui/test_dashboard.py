"""The manager's dashboard against a real hall server on loopback, with the server on a step clock.

Tickets are issued and called through :class:`HallClient` (as the kiosk and the counters do); the
dashboard sees them through its own event stream and statistics requests.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counterdesk.queue.client import HallClient
from counterdesk.queue.errors import NobodyWaitingError
from counterdesk.queue.service import QueueService
from counterdesk.server.app import create_app
from counterdesk.server.run import ServerThread
from counterdesk.store import settings
from counterdesk.store.database import make_engine
from counterdesk.store.migrate import upgrade
from tests.helpers.hall import MORNING, StepClock
from ui.app import WINDOW_SIZE, prepare_application
from ui.dashboard import DashboardWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")


@dataclass
class Hall:
    server: ServerThread
    client: HallClient
    queue: QueueService
    clock: StepClock


@contextmanager
def stats_hall(db_path: Path, clock: StepClock, *, windows: int = 3) -> Iterator[Hall]:
    """The hall server with the statistics routes (as app.py includes them)."""
    engine = make_engine(db_path)
    upgrade(engine)
    queue = QueueService(engine, clock=clock, windows=windows)
    app = create_app(role="all", queue=queue)
    with ServerThread(app) as server:
        client = HallClient(server.url)
        try:
            yield Hall(server, client, queue, clock)
        finally:
            client.close()
    engine.dispose()


@pytest.fixture
def hall(db_path: Path) -> Iterator[Hall]:
    with stats_hall(db_path, StepClock()) as made:
        yield made


@pytest.fixture
def english(qapp: QApplication) -> None:
    prepare_application(qapp, "en")


Opener = Callable[..., DashboardWindow]


@pytest.fixture
def dashboards(qtbot: QtBot) -> Iterator[Opener]:
    """Opens dashboards on a hall and shuts each down at the end, before its server stops (a
    window dropped by the test would otherwise vanish with its event stream still running)."""
    opened: list[DashboardWindow] = []

    def open_dashboard(hall: Hall, **options: Any) -> DashboardWindow:
        window = DashboardWindow(hall.server.url, **{"language": "en", **options})
        opened.append(window)
        qtbot.addWidget(window)
        window.resize(*WINDOW_SIZE)
        window.show()
        qtbot.waitUntil(lambda: window.live.online and bool(window.stats), timeout=5000)
        return window

    yield open_dashboard
    for window in opened:
        window.shutdown()


@pytest.mark.usefixtures("english")
def test_waiting_counts_follow_a_ticket_within_a_second(
    qtbot: QtBot, dashboards: Opener, hall: Hall
) -> None:
    window = dashboards(hall)
    assert window.hall.waiting_tile.value.text() == "0"
    assert window.hall.longest_tile.value.text() == "—"
    hall.client.issue("A")
    qtbot.waitUntil(lambda: window.hall.waiting_tile.value.text() == "1", timeout=1000)
    assert window.hall.waiting_tile.note.text() == "V 0 · A 1 · B 0 · C 0"
    hall.client.issue("B")
    qtbot.waitUntil(lambda: window.hall.waiting_tile.value.text() == "2", timeout=1000)
    # the day's figures follow shortly after (a throttled read)
    qtbot.waitUntil(lambda: window.stats["total"]["issued"] == 2, timeout=5000)
    lines = {
        window.hall.lines_table.item(r, 0).text(): window.hall.lines_table.item(r, 3).text()
        for r in range(window.hall.lines_table.rowCount())
    }
    assert lines["A Payments"] == "1"
    assert lines["B Applications"] == "1"


@pytest.mark.usefixtures("english")
def test_windows_show_their_state_clerk_and_ticket(
    qtbot: QtBot, dashboards: Opener, hall: Hall
) -> None:
    window = dashboards(hall)
    hall.client.open_window(1, "0107", "张敏")
    hall.client.issue("A")
    hall.client.call_next(1)
    hall.client.open_window(2, "0108", "李强")
    hall.client.pause(2)

    def row(number: int) -> list[str]:
        table = window.hall.windows_table
        return [table.item(number - 1, c).text() for c in range(4)]

    qtbot.waitUntil(lambda: row(2)[1] == "Paused", timeout=1000)
    assert row(1) == ["1号窗口", "Serving", "0107 张敏", "A001"]
    assert row(3) == ["3号窗口", "Closed", "—", "—"]
    hall.clock.advance(minutes=3)
    hall.client.finish(1)
    qtbot.waitUntil(lambda: row(1)[1] == "Free", timeout=1000)
    qtbot.waitUntil(lambda: window.stats["total"]["served"] == 1, timeout=5000)
    assert window.hall.service_tile.value.text() == "3.0 min"


@pytest.mark.usefixtures("english")
def test_the_alert_banner_follows_the_longest_wait(
    qtbot: QtBot, dashboards: Opener, hall: Hall
) -> None:
    hall.client.open_window(1, "0107", "张敏")
    window = dashboards(hall, refresh_seconds=0.5)
    hall.client.issue("A")
    qtbot.waitUntil(lambda: window.hall.waiting_tile.value.text() == "1", timeout=1000)
    assert window.alert_banner.isHidden()
    hall.clock.advance(minutes=16)  # the server's time: the dashboard learns it on its next read
    qtbot.waitUntil(window.alert_banner.isVisible, timeout=3000)
    text = window.alert_label.text()
    assert "A customer in line A Payments has waited 16 minutes, over the 15-minute target." in text
    assert "Suggestion: Open window 2号窗口." in text
    assert window.hall.longest_tile.value.property("late") is True
    hall.client.call_next(1)  # the customer is called: nobody is over the target any more
    qtbot.waitUntil(window.alert_banner.isHidden, timeout=1000)
    assert window.hall.longest_tile.value.text() == "—"


@pytest.mark.usefixtures("english")
def test_a_wait_alert_ticks_in_without_a_request(
    qtbot: QtBot, dashboards: Opener, hall: Hall
) -> None:
    """14:58 waited at the last word from the server: the banner comes two seconds later."""
    hall.client.open_window(1, "0107", "张敏")
    hall.client.issue("A")
    hall.clock.advance(minutes=14, seconds=58)
    window = dashboards(hall, refresh_seconds=600)
    assert window.alert_banner.isHidden()
    qtbot.waitUntil(window.alert_banner.isVisible, timeout=5000)
    assert window.hall.longest_tile.value.text().startswith("15:0")


def play_month(client: HallClient, clock: StepClock) -> None:
    """Two days of November: 0107 serves five payments a day rated 5, 4, 4, 4, 4; 0108 three
    payments a day rated 3; each payment takes 3 minutes."""
    for day in (2, 3):
        clock.now = datetime(2026, 11, day, 1, 30, tzinfo=UTC)
        client.open_window(1, "0107", "张敏")
        client.open_window(2, "0108", "李强")
        for _ in range(8):
            client.issue("A")
        for window, scores in ((1, (5, 4, 4, 4, 4)), (2, (3, 3, 3))):
            for score in scores:
                client.call_next(window)
                clock.advance(minutes=3)
                client.finish(window)
                client.rate(score, window=window)
    clock.now = MORNING


@pytest.fixture
def november(db_path: Path) -> Iterator[Hall]:
    """A hall whose server starts on 2 November and has played :func:`play_month` by the 20th."""
    with stats_hall(db_path, StepClock(datetime(2026, 11, 2, 1, 30, tzinfo=UTC))) as made:
        with made.queue.engine.begin() as connection:
            settings.write(connection, "queue.star.minimum_ratings", 7, now=made.clock())
        play_month(made.client, made.clock)
        yield made


@pytest.mark.usefixtures("english")
def test_the_clerks_tab_shows_stars_and_exports(
    qtbot: QtBot, dashboards: Opener, november: Hall, tmp_path: Path
) -> None:
    window = dashboards(november)
    assert window.clerks.month_edit.date().toString("yyyy-MM") == "2026-11"  # the server's month
    with qtbot.waitSignal(window.clerks_shown, timeout=5000):
        window.tabs.setCurrentIndex(1)
    table = window.clerks.month_table
    rows = {
        table.item(r, 0).text().split()[0]: [
            table.item(r, c).text() for c in range(table.columnCount())
        ]
        for r in range(table.rowCount())
    }
    # 0107: the best volume (40 points) + mean 4.2 → 0.733 of 60 = 44 → 84.0: four stars
    assert rows["0107"][2:4] == ["10", "30"]  # served, standard minutes (10 × 3)
    assert rows["0107"][-2:] == ["84.0", "★★★★☆"]
    assert rows["0108"][-2:] == ["—", "Not rated this month"]  # 6 ratings, 7 needed
    assert "fewer than 7 ratings" in window.clerks.rules_label.text()

    target = tmp_path / "clerks.xlsx"
    with qtbot.waitSignal(window.export_saved, timeout=5000) as saved:
        window.save_export(target)
    assert saved.args == [str(target)]
    book = load_workbook(target)
    assert book.sheetnames[0] == "Clerks this month"
    first = list(book["Clerks this month"].iter_rows(values_only=True))[1]
    assert first[:4] == ("0107", None, 2, 10)  # no name on file for a clerk of past days
    assert first[-2:] == ("★★★★☆", 4)


@pytest.mark.usefixtures("english")
def test_offline_keeps_the_last_figures_under_a_calm_banner(
    qtbot: QtBot, dashboards: Opener, db_path: Path
) -> None:
    with stats_hall(db_path, StepClock()) as hall:
        hall.client.issue("A")
        window = dashboards(hall)
        qtbot.waitUntil(lambda: window.hall.waiting_tile.value.text() == "1", timeout=1000)
    qtbot.waitUntil(window.offline_banner.isVisible, timeout=5000)
    assert "cannot be reached" in window.offline_label.text()
    assert window.hall.waiting_tile.value.text() == "1"
    window.refresh()
    qtbot.waitUntil(
        lambda: "cannot be reached" in window.statusBar().currentMessage(), timeout=5000
    )


# --- a busy morning, for the screenshots -------------------------------------------------------

CLERKS = (("0107", "张敏"), ("0108", "李强"), ("0109", "王芳"), ("0110", "赵磊"), ("0111", "陈静"))


def busy_morning(client: HallClient, clock: StepClock, day: int = 20) -> None:
    """08:30 to 10:42 on ``day`` November in a hall with six windows: a crowd from half past
    nine, window 4 paused for a break from 10:10, window 6 closed; service takes 2–7 minutes
    (applications 10–20); one customer in 25 does not come when called."""
    rng = random.Random(day)
    clock.now = datetime(2026, 11, day, 0, 30, tzinfo=UTC)
    for number, (clerk, name) in enumerate(CLERKS, start=1):
        client.open_window(number, clerk, name)
    busy_until: dict[int, datetime] = {}
    paused = False
    for minute in range(132):
        arrivals = (0.4, 0.0) if minute < 55 else (0.85, 0.15)
        count = int(rng.random() < arrivals[0]) + int(rng.random() < arrivals[1])
        for _ in range(count):
            client.issue(rng.choice("AAAAABBCCV"))
        for number in range(1, 6):
            end = busy_until.get(number)
            if end is not None and clock.now >= end:
                client.finish(number)
                del busy_until[number]
                if rng.random() < 0.8:
                    client.rate(rng.choice((5, 5, 5, 5, 4, 4, 3)), window=number)
            if number == 4 and minute >= 100:
                if not paused and number not in busy_until:
                    client.pause(4)
                    paused = True
                continue
            if number not in busy_until:
                try:
                    called = client.call_next(number)["ticket"]
                except NobodyWaitingError:
                    continue
                if rng.random() < 0.04:
                    client.recall(number)
                    client.no_show(number)
                    continue
                low, high = (10, 20) if called["category"] == "B" else (2, 7)
                busy_until[number] = clock.now + timedelta(minutes=rng.randint(low, high))
        clock.advance(minutes=1)


EARLIER_MORNING = datetime(2026, 11, 17, 0, 30, tzinfo=UTC)


def test_screenshots_of_a_busy_morning(
    qtbot: QtBot, qapp: QApplication, dashboards: Opener, db_path: Path, tmp_path: Path
) -> None:
    """Set COUNTERDESK_SCREENSHOTS to a folder to keep the PNGs (docs/screenshots in the repo)."""
    prepare_application(qapp, "zh_CN")
    try:
        with stats_hall(db_path, StepClock(EARLIER_MORNING), windows=6) as hall:
            for day in (17, 18, 19, 20):  # three mornings of the month, then today's
                busy_morning(hall.client, hall.clock, day)
            window = dashboards(hall, language="zh_CN")
            qtbot.waitUntil(window.alert_banner.isVisible, timeout=3000)
            assert window.hall.waiting_tile.value.text() != "0"
            folder = os.environ.get("COUNTERDESK_SCREENSHOTS")
            target = Path(folder) if folder else tmp_path
            target.mkdir(parents=True, exist_ok=True)
            assert window.grab().save(str(target / "dashboard.png"))
            with qtbot.waitSignal(window.clerks_shown, timeout=5000):
                window.tabs.setCurrentIndex(1)
            qtbot.waitUntil(lambda: window.clerks.day_table.rowCount() > 0, timeout=5000)
            assert "★" in "".join(
                window.clerks.month_table.item(r, 9).text()
                for r in range(window.clerks.month_table.rowCount())
            )
            assert window.grab().save(str(target / "dashboard_clerks.png"))
            window.shutdown()  # before its server stops
    finally:
        prepare_application(qapp, "en")
