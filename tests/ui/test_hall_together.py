"""One hall: two counter windows, a kiosk and a hall screen against one real hall server.

Everything is the real thing: the FastAPI server under uvicorn on a loopback port with its own
SQLite file, two counter windows on their own terminal databases (windows 1 and 2), the kiosk
printing through its print queue on a virtual printer, and the hall screen following the live
events. The customers take tickets at the kiosk by touch; the clerks work with F1 and F5; the
hall screen and both queue bars follow what the others do.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from counterdesk.domain.permissions import Role
from counterdesk.queue.client import HallClient
from counterdesk.server.run import ServerThread
from counterdesk.services.auth import SignedIn
from counterdesk.store import settings
from counterdesk.store.database import make_engine
from counterdesk.store.migrate import upgrade
from devices import virtual
from printing import printers
from printing.profile import PrinterProfile
from tests.conftest import SEED_AS_OF
from tests.helpers.counter import NOW, add_people, open_shift
from tests.helpers.hall import StepClock, hall_server
from ui.announcer import QT_LOG_NOISE
from ui.app import make_window, prepare_application
from ui.counter_window import CounterWindow
from ui.hall_screen import HallScreen
from ui.kiosk import KioskWindow
from ui.queue_panel import QueueBar

pytestmark = pytest.mark.qt_log_ignore(
    "propagateSizeHints", "does not support raise", *QT_LOG_NOISE
)


@dataclass
class Counter:
    window: CounterWindow
    bar: QueueBar


@dataclass
class Hall:
    server: ServerThread
    client: HallClient
    clock: StepClock
    counters: tuple[Counter, Counter]
    kiosk: KioskWindow
    screen: HallScreen


@pytest.fixture(scope="module", autouse=True)
def settings_here(tmp_path_factory: pytest.TempPathFactory) -> None:
    """QSettings (the counters' announce toggle) in a folder of the test run."""
    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(folder))


def terminal(small_city: Path, folder: Path, window: int) -> tuple[Path, SignedIn]:
    """A terminal database for counter ``window`` with its clerk signed in and a shift open."""
    folder.mkdir()
    db_path = folder / "terminal.db"
    shutil.copy(small_city, db_path)
    engine = make_engine(db_path)
    upgrade(engine)
    open_shift(add_people(engine))
    with engine.begin() as connection:
        settings.write(connection, "terminal.window", str(window), now=NOW)
        row = connection.execute(
            text("SELECT id, number, name FROM clerk WHERE role = 'clerk'")
        ).one()
    engine.dispose()
    return db_path, SignedIn(row.id, row.number, row.name, Role.CLERK)


def kiosk_db(folder: Path) -> Path:
    db_path = folder / "kiosk.db"
    engine = make_engine(db_path)
    upgrade(engine)
    with engine.begin() as connection:
        printers.save(connection, PrinterProfile(printers.RECEIPT_PRINTER, "virtual:hall-kiosk"))
    engine.dispose()
    return db_path


@pytest.fixture
def hall(qtbot: QtBot, qapp: QApplication, small_city: Path, tmp_path: Path) -> Iterator[Hall]:
    prepare_application(qapp, "en")
    clock = StepClock()
    with hall_server(tmp_path / "hall.db", clock=clock) as (server, client):
        counters = []
        for number in (1, 2):
            db_path, clerk = terminal(small_city, tmp_path / f"counter{number}", number)
            window = make_window(db_path, "en", today=SEED_AS_OF, clerk=clerk, hall_url=server.url)
            window.show()
            assert window.queue_bar is not None
            counters.append(Counter(window, window.queue_bar))
        kiosk = KioskWindow(server.url, kiosk_db(tmp_path), language="en")
        kiosk.show()
        screen = HallScreen(server.url, language="en", clock=clock)
        screen.resize(1366, 768)
        screen.show()
        for counter in counters:
            qtbot.waitUntil(lambda c=counter: c.bar.window_state == "open", timeout=5000)
        qtbot.waitUntil(lambda: bool(kiosk.tiles) and kiosk.tiles["A"].isEnabled(), timeout=5000)
        made = Hall(server, client, clock, (counters[0], counters[1]), kiosk, screen)
        try:
            yield made
        finally:
            server.stop()  # first: the live streams end at once instead of at the next keep-alive
            for counter in counters:
                counter.window.shutdown()
                counter.window.close()
            kiosk.close()
            screen.close()
            virtual.reset()


def take(qtbot: QtBot, hall: Hall, code: str) -> str:
    """A customer touches a tile and reads the number off the confirmation page."""
    kiosk = hall.kiosk
    qtbot.waitUntil(lambda: kiosk.tiles[code].isEnabled() and not kiosk.busy, timeout=5000)
    qtbot.mouseClick(kiosk.tiles[code], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: kiosk.stack.currentWidget() is kiosk.ticket_page, timeout=5000)
    number = kiosk.ticket_number.text()
    kiosk.go_start()
    hall.clock.advance(minutes=1)  # the next customer comes a minute later
    return number


def chip(counter: Counter, code: str) -> str:
    found = counter.bar.chips.get(code)
    return found.text() if found is not None else ""


def press(qtbot: QtBot, counter: Counter, key: Qt.Key) -> None:
    qtbot.waitUntil(lambda: not counter.bar.busy, timeout=5000)
    counter.window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is counter.window, timeout=5000)
    qtbot.keyClick(counter.window, key)


def test_two_counters_a_kiosk_and_the_hall_screen_work_one_queue(qtbot: QtBot, hall: Hall) -> None:
    first, second = hall.counters
    assert [take(qtbot, hall, code) for code in ("A", "A", "B")] == ["A001", "A002", "B001"]
    hall.clock.advance(minutes=6)
    for counter in hall.counters:
        qtbot.waitUntil(lambda c=counter: chip(c, "B") == "B 1", timeout=2000)

    press(qtbot, first, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: first.bar.ticket_label.text() == "A001", timeout=5000)
    qtbot.waitUntil(lambda: hall.screen.call_number.text() == "A001", timeout=2000)

    press(qtbot, second, Qt.Key.Key_F1)  # A002 came before B001: same weight, longer wait
    qtbot.waitUntil(lambda: second.bar.ticket_label.text() == "A002", timeout=5000)
    qtbot.waitUntil(lambda: hall.screen.call_number.text() == "A002", timeout=2000)
    assert hall.screen.previous_calls()[0][0] == "A001"
    for counter in hall.counters:  # each bar follows the other window's call
        qtbot.waitUntil(lambda c=counter: chip(c, "A") == "A 0", timeout=2000)

    # The first counter finishes; the customer rates on the on-screen evaluator.
    hall.clock.advance(minutes=5)
    press(qtbot, first, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: first.bar.evaluator is not None, timeout=5000)
    evaluator = first.bar.evaluator
    assert evaluator is not None
    evaluator.choose(5)
    qtbot.waitUntil(lambda: hall.client.ticket("A001")["rating"] == 5, timeout=5000)
    ticket = hall.client.ticket("A001")
    assert (ticket["state"], ticket["window"], ticket["clerk_no"]) == ("finished", 1, "0107")

    press(qtbot, first, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: first.bar.ticket_label.text() == "B001", timeout=5000)
    qtbot.waitUntil(lambda: hall.screen.call_number.text() == "B001", timeout=2000)
    assert [number for number, _ in hall.screen.previous_calls()[:2]] == ["A002", "A001"]

    # Nobody is left: the second counter is told so once it has finished, and nothing changes.
    press(qtbot, second, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: second.bar.evaluator is not None, timeout=5000)
    assert second.bar.evaluator is not None
    second.bar.evaluator.close()
    press(qtbot, second, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: "Nobody is waiting" in second.bar.message_label.text(), timeout=5000)
    state = hall.client.state()
    assert state["waiting"] == {"A": 0, "B": 0, "C": 0, "V": 0}
    assert [w["state"] for w in state["windows"][:2]] == ["serving", "open"]
