"""The hall screen against a real hall server on loopback: calls made through the HTTP client
appear within a second, flash and are announced; earlier calls stay in order; waiting counts and
the notice follow the server; the last calls stay up while the server is away.

Set COUNTERDESK_SCREENSHOTS to a folder to save the 1920×1080 screen in Chinese.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from counterdesk.queue.client import HallClient
from counterdesk.server.run import ServerThread, build
from tests.helpers.hall import MORNING, StepClock, hall_server
from ui.announcer import QT_LOG_NOISE, Announcer
from ui.app import prepare_application
from ui.hall_screen import HallScreen

pytestmark = pytest.mark.qt_log_ignore(
    "propagateSizeHints",
    "does not support raise",
    *QT_LOG_NOISE,
    # FFmpeg looking for VA-API when QtMultimedia first loads, on a machine without a GPU.
    "Couldn't load va",
    "Couldn't resolve va",
)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
OUTAGE = (
    "计划停电通知：11月25日 08:00—17:00 城东10千伏线路检修，幸福路、和平街一带停电，"
    "请提前做好准备。"
)


def tr(text: str) -> str:
    return QCoreApplication.translate("HallScreen", text)


@dataclass
class Hall:
    screen: HallScreen
    client: HallClient
    announced: list[str]
    clock: StepClock

    def issue(self, codes: str) -> None:
        """Tickets a minute apart, so they are called in the order they were taken."""
        for code in codes:
            self.clock.advance(minutes=1)
            self.client.issue(code)


def make_screen(qtbot: QtBot, url: str, width: int = 1920, height: int = 1080) -> HallScreen:
    # No speech engine in tests (it may take seconds to start); the chime or silence still
    # goes through the announcer's queue and its signals.
    announcer = Announcer(None, "zh_CN", engines=[])
    screen = HallScreen(url, hall_name="城东营业厅", clock=lambda: MORNING, announcer=announcer)
    announcer.setParent(screen)
    screen.resize(width, height)
    screen.show()
    qtbot.waitUntil(lambda: bool(screen.lines), timeout=5000)
    return screen


@pytest.fixture
def hall(qtbot: QtBot, qapp: QApplication, tmp_path: Path) -> Iterator[Hall]:
    prepare_application(qapp, "zh_CN")
    clock = StepClock()
    with hall_server(tmp_path / "hall.db", clock=clock) as (_server, client):
        clerks = (("0107", "李娜"), ("0108", "王强"), ("0109", "张敏"))
        for window, (number, name) in enumerate(clerks, 1):
            client.open_window(window, number, name)
        screen = make_screen(qtbot, client.base_url)
        announced: list[str] = []
        screen.announcer.announcing.connect(announced.append)
        yield Hall(screen, client, announced, clock)
    # The server first: its end closes the event stream, so the screen stops at once.
    screen.close()
    screen.deleteLater()


def test_a_call_shows_within_a_second_flashes_and_is_announced(qtbot: QtBot, hall: Hall) -> None:
    screen, client = hall.screen, hall.client
    client.issue("A")
    started = time.monotonic()
    client.call_next(3)

    qtbot.waitUntil(lambda: screen.call_number.text() == "A001", timeout=1000)
    assert time.monotonic() - started < 1.0
    assert screen.call_window.text() == tr("to window %1").replace("%1", "3")
    assert screen.call.property("flash") is True
    assert screen.call.accessibleName() == "请A001号到3号窗口办理"
    qtbot.waitUntil(lambda: hall.announced == ["请A001号到3号窗口办理"], timeout=3000)
    qtbot.waitUntil(lambda: not screen.flash_timer.isActive(), timeout=4000)
    assert screen.call.property("flash") is False


def test_earlier_calls_stay_in_order_and_a_recall_comes_back_to_the_top(
    qtbot: QtBot, hall: Hall
) -> None:
    screen, client = hall.screen, hall.client
    hall.issue("AABAC")  # A001 A002 B001 A003 C001, a minute apart
    client.call_next(1)  # A001
    client.call_next(2)  # A002
    client.call_next(3)  # B001: the longest wait
    client.finish(1)
    client.call_next(1)  # A003
    qtbot.waitUntil(lambda: screen.call_number.text() == "A003", timeout=1000)
    window = tr("Window %1")
    assert screen.previous_calls() == [
        ("B001", window.replace("%1", "3")),
        ("A002", window.replace("%1", "2")),
        ("A001", window.replace("%1", "1")),
    ]

    client.recall(2)  # A002 again: on top, and listed once
    qtbot.waitUntil(lambda: screen.call_number.text() == "A002", timeout=1000)
    assert [number for number, _ in screen.previous_calls()] == ["A003", "B001", "A001"]
    qtbot.waitUntil(lambda: len(hall.announced) == 5, timeout=5000)
    assert hall.announced[-1] == "请A002号到2号窗口办理"


def test_waiting_counts_and_the_notice_follow_the_server(qtbot: QtBot, hall: Hall) -> None:
    screen, client = hall.screen, hall.client
    hall.issue("AAAB")
    waiting = tr("%1 waiting")
    expected = {"V": "0", "A": "3", "B": "1", "C": "0"}
    qtbot.waitUntil(
        lambda: (
            screen.waiting_counts()
            == {code: waiting.replace("%1", n) for code, n in expected.items()}
        ),
        timeout=1000,
    )
    assert [name.text() for _p, name, _c in screen.lines.values()] == [
        "绿色通道",
        "缴费业务",
        "业扩报装",
        "咨询查询",
    ]
    assert not screen.notice.isVisible()

    client.set_notice("今日 16:00 后暂停办理业扩报装业务。")
    qtbot.waitUntil(screen.notice.isVisible, timeout=1000)
    assert screen.notice.text() == "今日 16:00 后暂停办理业扩报装业务。"
    assert not screen.notice.scrolling  # it fits: it stands still

    assert screen.notice.lines == 1

    client.set_notice(OUTAGE)  # wider than the screen: two still lines
    qtbot.waitUntil(lambda: screen.notice.text() == OUTAGE, timeout=1000)
    assert not screen.notice.scrolling
    assert screen.notice.lines == 2
    assert screen.notice.height() > 2 * screen.notice.fontMetrics().lineSpacing()

    client.set_notice(OUTAGE * 2)  # longer still: it scrolls rather than being cut
    qtbot.waitUntil(lambda: screen.notice.text() == OUTAGE * 2, timeout=1000)
    assert screen.notice.scrolling
    assert screen.notice.lines == 1

    client.set_notice("")
    qtbot.waitUntil(lambda: not screen.notice.isVisible(), timeout=1000)


def test_the_last_calls_stay_while_the_server_is_away(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path
) -> None:
    prepare_application(qapp, "zh_CN")
    server = ServerThread(build(tmp_path / "hall.db", clock=StepClock())).start()
    client = HallClient(server.url)
    screen = make_screen(qtbot, server.url, 1366, 768)
    try:
        client.open_window(1, "0107", "李娜")
        client.issue("A")
        client.call_next(1)
        qtbot.waitUntil(lambda: screen.call_number.text() == "A001", timeout=1000)
        assert not screen.connecting.isVisible()

        server.stop()

        qtbot.waitUntil(screen.connecting.isVisible, timeout=5000)
        assert screen.call_number.text() == "A001"
        assert screen.connecting.text() == tr("Connecting…")
    finally:
        client.close()
        server.stop()
        screen.close()
        screen.deleteLater()


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1366, 768)])
def test_a_busy_morning_fits_the_tv(qtbot: QtBot, hall: Hall, width: int, height: int) -> None:
    """Several calls, waiting counts and a notice; COUNTERDESK_SCREENSHOTS saves the PNG."""
    screen, client = hall.screen, hall.client
    screen.resize(width, height)
    hall.issue("AAAAAAAAABBBBCCV" + "AAAAAAAABBC")
    client.set_notice(OUTAGE)
    for window in (1, 2, 3, 1, 2, 3, 1, 2):
        if window_busy(client, window):
            client.finish(window)
        client.call_next(window)
    qtbot.waitUntil(lambda: len(screen.previous_calls()) == 7, timeout=2000)
    qtbot.waitUntil(lambda: not screen.flash_timer.isActive(), timeout=4000)
    assert screen.call.property("flash") is False
    qtbot.wait(100)
    for label in screen.findChildren(QLabel):
        if label.isVisible() and label.text():
            assert label.width() >= label.sizeHint().width() - 1, label.text()
            assert label.height() >= label.sizeHint().height() - 1, label.text()
    assert screen.notice.isVisible()
    if width == 1920:
        _save(screen, "hall_screen.png")
    else:
        _save(screen, "hall_screen-1366.png")


def window_busy(client: HallClient, window: int) -> bool:
    state = client.state()
    return any(w["number"] == window and w["current"] for w in state["windows"])


def _save(screen: HallScreen, name: str) -> None:
    folder = os.environ.get("COUNTERDESK_SCREENSHOTS")
    if folder:
        target = Path(folder) if folder not in ("1", "yes", "true") else SCREENSHOTS
        target.mkdir(parents=True, exist_ok=True)
        assert screen.grab().save(str(target / name))
