"""The counter's queue bar against a real hall server, with the real counter window and devices.

The hall server is the real FastAPI app under uvicorn on a loopback port (tests/helpers/hall.py)
with a clock the test moves; the counter window is the real one on a copy of the small city, its
devices the real simulators behind ``virtual:`` wires; the kiosk and the other windows are
``HallClient`` calls, as the kiosk makes them. The announcer is the real one: on this machine Qt
finds no speech engine with a Chinese voice (see the report in ``ui/announcer.py``), so the voice
path is exercised with Qt's own ``mock`` engine plug-in where a test needs a voice to finish
speaking.
"""

from __future__ import annotations

import os
import shutil
import wave
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from counterdesk.domain.permissions import Role
from counterdesk.queue.client import HallClient
from counterdesk.server.run import ServerThread, build
from counterdesk.services.auth import CLI_ADMIN, SignedIn
from counterdesk.store.database import make_engine
from counterdesk.store.migrate import upgrade
from devices import config, virtual
from devices.events import KeypadKey
from devices.state import DeviceState
from tests.conftest import SEED_AS_OF
from tests.helpers.counter import NOW, add_people, open_shift
from tests.helpers.hall import StepClock
from ui import announcer as announcer_module
from ui.announcer import QT_LOG_NOISE, Announcer, write_chime
from ui.app import make_window, prepare_application
from ui.counter_window import ANNOUNCE_KEY, CounterWindow
from ui.evaluator import Evaluator
from ui.pay_panel import PayState
from ui.queue_panel import QueueBar, TransferDialog
from ui.virtual_devices import HallSimulators, attach_simulators

pytestmark = pytest.mark.qt_log_ignore(
    "propagateSizeHints", "does not support raise", *QT_LOG_NOISE
)

WINDOW = 3
"""``terminal.window`` of the counter made by tests.helpers.counter.add_people."""


@dataclass
class Hall:
    window: CounterWindow
    bar: QueueBar
    client: HallClient
    server: ServerThread
    clock: StepClock
    sims: HallSimulators
    hall_db: Path


@pytest.fixture(scope="module", autouse=True)
def settings_here(tmp_path_factory: pytest.TempPathFactory) -> None:
    """QSettings (the announce toggle) in a folder of the test run, not the user's."""
    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(folder))


def counter_db(small_city: Path, tmp_path: Path) -> Path:
    db_path = tmp_path / "terminal.db"
    shutil.copy(small_city, db_path)
    engine = make_engine(db_path)
    upgrade(engine)
    with engine.begin() as connection:
        for device in config.demo_devices(str(WINDOW)):
            config.save(connection, device, by=CLI_ADMIN, now=NOW)
    open_shift(add_people(engine))
    engine.dispose()
    return db_path


def clerk_of(db_path: Path) -> SignedIn:
    engine = make_engine(db_path)
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT id, number, name FROM clerk WHERE role = 'clerk'")
        ).one()
    engine.dispose()
    return SignedIn(row.id, row.number, row.name, Role.CLERK)


@pytest.fixture
def hall(
    request: pytest.FixtureRequest,
    qtbot: QtBot,
    qapp: QApplication,
    small_city: Path,
    tmp_path: Path,
) -> Iterator[Hall]:
    clock = StepClock()
    hall_db = tmp_path / "hall.db"
    server = ServerThread(build(hall_db, windows=3, clock=clock)).start()
    client = HallClient(server.url)
    db_path = counter_db(small_city, tmp_path)
    sims = attach_simulators(config.demo_devices(str(WINDOW)))
    language = getattr(request, "param", "en")
    window = make_window(
        db_path, language, today=SEED_AS_OF, clerk=clerk_of(db_path), hall_url=server.url
    )
    qtbot.addWidget(window)
    window.show()
    bar = window.queue_bar
    assert bar is not None
    qtbot.waitUntil(lambda: bar.window_state == "open", timeout=5000)
    made = Hall(window, bar, client, server, clock, sims, hall_db)
    try:
        yield made
    finally:
        window.shutdown()
        client.close()
        made.server.stop()
        virtual.reset()
        if language != "en":
            prepare_application(qapp, "en")


def press(
    qtbot: QtBot,
    hall: Hall,
    key: Qt.Key,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """A key on the counter window, once the bar is idle. A closed dialog gives the keyboard
    back to the counter window: a window manager does that, the offscreen platform does not."""
    qtbot.waitUntil(lambda: not hall.bar.busy, timeout=5000)
    if QApplication.activeWindow() is not hall.window:
        hall.window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is hall.window, timeout=5000)
    qtbot.keyClick(hall.window, key, modifier)


def server_window(hall: Hall) -> dict[str, Any]:
    return next(w for w in hall.client.state()["windows"] if w["number"] == WINDOW)


# --- calling -------------------------------------------------------------------------------------


def test_the_clerks_keys_move_the_queue(qtbot: QtBot, hall: Hall) -> None:
    """F1 call, a refused second F1, F2 recall, F3 refused then done, Ctrl+F1 calls the no-show
    back, a double press calls one customer, pause and resume: each checked on the server."""
    bar = hall.bar
    window = server_window(hall)
    assert window["state"] == "open"
    assert window["clerk_no"] == "0107"
    assert bar.ticket_label.text() == "No ticket"
    assert not bar.recall_button.isEnabled()

    hall.client.issue("A")
    hall.clock.advance(minutes=4)
    hall.client.issue("A")
    hall.clock.advance(minutes=8)
    announcer = hall.window.announcer
    assert announcer is not None
    with qtbot.waitSignal(announcer.announcing, timeout=5000) as announced:
        press(qtbot, hall, Qt.Key.Key_F1)
    assert announced.args == ["Number A001, please go to window 3"]
    qtbot.waitUntil(lambda: bar.ticket_label.text() == "A001" and not bar.busy, timeout=5000)
    assert "waited 12 min" in bar.detail_label.text()
    assert "Payments" in bar.detail_label.text()
    assert bar.recall_button.isEnabled()
    assert not bar.call_button.isEnabled()

    press(qtbot, hall, Qt.Key.Key_F1)  # the customer is still at the counter
    assert "Finish ticket A001 first" in bar.message_label.text()
    assert hall.client.ticket("A002")["state"] == "waiting"

    press(qtbot, hall, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: "before marking a no-show" in bar.message_label.text(), timeout=5000)
    assert hall.client.ticket("A001")["state"] == "called"
    press(qtbot, hall, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: "recalled 1 time" in bar.detail_label.text(), timeout=5000)
    assert hall.client.ticket("A001")["recalls"] == 1
    press(qtbot, hall, Qt.Key.Key_F3)
    qtbot.waitUntil(lambda: bar.ticket_label.text() == "No ticket", timeout=5000)
    assert hall.client.ticket("A001")["state"] == "no_show"

    # the customer comes back: Ctrl+F1, the number, Enter
    press(qtbot, hall, Qt.Key.Key_F1, Qt.KeyboardModifier.ControlModifier)
    assert bar.number_field.isVisible()
    assert bar.number_field.hasFocus()
    qtbot.keyClicks(bar.number_field, "a001")
    qtbot.keyClick(bar.number_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bar.ticket_label.text() == "A001", timeout=5000)
    assert not bar.number_field.isVisible()
    press(qtbot, hall, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: bar.evaluator is not None, timeout=5000)
    assert bar.evaluator is not None
    bar.evaluator.close()

    hall.client.issue("A")
    qtbot.waitUntil(lambda: not bar.busy and bar.call_button.isEnabled(), timeout=5000)
    bar.call_next()
    bar.call_next()  # while the first is under way: nothing
    qtbot.waitUntil(lambda: not bar.busy, timeout=5000)
    assert hall.client.ticket("A002")["state"] == "called"
    assert hall.client.ticket("A003")["state"] == "waiting"
    press(qtbot, hall, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: bar.window_state == "open" and not bar.busy, timeout=5000)

    qtbot.waitUntil(lambda: not bar.busy, timeout=5000)
    bar.pause_button.click()
    qtbot.waitUntil(lambda: bar.window_state == "paused", timeout=5000)
    assert server_window(hall)["state"] == "paused"
    assert bar.pause_button.label_text() == "Resume"
    qtbot.waitUntil(lambda: not bar.busy, timeout=5000)  # a press while busy is ignored
    bar.pause_button.click()
    qtbot.waitUntil(lambda: bar.window_state == "open", timeout=5000)


def test_f4_transfers_and_f5_finishes_with_a_rating(qtbot: QtBot, hall: Hall) -> None:
    """The transfer keeps the issue time; the on-screen evaluator's rating is stored on the
    ticket; a second rating (the evaluator keypad) is refused calmly."""
    bar = hall.bar
    issued = hall.client.issue("A")["ticket"]["issued_at"]
    hall.clock.advance(minutes=6)
    hall.client.issue("B")
    hall.client.issue("A")
    press(qtbot, hall, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: bar.ticket_label.text() == "A001", timeout=5000)
    hall.clock.advance(minutes=3)

    press(qtbot, hall, Qt.Key.Key_F4)
    dialog = bar.transfer_dialog
    assert isinstance(dialog, TransferDialog)
    qtbot.waitUntil(dialog.isVisible)
    qtbot.keyClicks(dialog.targets, "B")  # the keyboard picks line B
    qtbot.keyClick(dialog.targets, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bar.ticket_label.text() == "No ticket", timeout=5000)
    moved = hall.client.ticket("A001")
    assert moved["category"] == "B"
    assert moved["state"] == "waiting"
    assert moved["issued_at"] == issued
    assert moved["transfers"] == 1
    # it waited longer than B001, so the B line calls it first
    assert [t["number"] for t in hall.client.waiting("B")] == ["A001", "B001"]

    press(qtbot, hall, Qt.Key.Key_F1)  # its original time puts it before A002 in the B line
    qtbot.waitUntil(lambda: bar.ticket_label.text() == "A001", timeout=5000)
    hall.clock.advance(minutes=5)
    press(qtbot, hall, Qt.Key.Key_F5)
    qtbot.waitUntil(lambda: bar.evaluator is not None and bar.evaluator.isVisible(), timeout=5000)
    evaluator = bar.evaluator
    assert isinstance(evaluator, Evaluator)
    assert "A001" in evaluator.who.text()
    assert "0107" in evaluator.who.text()
    assert hall.client.ticket("A001")["state"] == "finished"
    qtbot.keyClick(evaluator, Qt.Key.Key_5)
    qtbot.waitUntil(lambda: hall.client.ticket("A001")["rating"] == 5, timeout=5000)
    qtbot.waitUntil(lambda: not shiboken6.isValid(evaluator), timeout=5000)  # closed, deleted

    hall.sims.keypad.rate(2, WINDOW)  # the same customer on the evaluator keypad
    try:
        qtbot.waitUntil(lambda: "already been rated" in bar.message_label.text(), timeout=5000)
    except Exception:
        print(
            "DEBUG",
            repr(bar.message_label.text()),
            hall.window.statusBar().currentMessage(),
            [s.state for s in hall.window.devices.bridge.statuses()],
        )
        raise
    assert hall.client.ticket("A001")["rating"] == 5
    # the clerk's keys work again at once; this counter's own announcement can be turned off
    announcer = hall.window.announcer
    assert announcer is not None
    assert hall.window.announce_action.isChecked()
    hall.window.announce_action.setChecked(False)
    spoken: list[str] = []
    announcer.announcing.connect(spoken.append)
    press(qtbot, hall, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: bar.ticket_label.text() == "B001", timeout=5000)
    assert spoken == []
    assert announcer.pending == 0
    assert QSettings("CounterDesk", "counter").value(ANNOUNCE_KEY) in (False, "false")
    hall.window.announce_action.setChecked(True)

    hall.window.shutdown()  # closing the app with a customer at the counter
    window = server_window(hall)
    assert window["state"] == "serving"
    assert window["current"]["number"] == "B001"


def test_the_on_screen_evaluator_closes_by_itself(qtbot: QtBot) -> None:
    evaluator = Evaluator("A001", "0107", "张敏", close_after_ms=200)
    qtbot.addWidget(evaluator)
    chosen: list[int] = []
    evaluator.chosen.connect(chosen.append)
    evaluator.show()
    qtbot.waitUntil(lambda: not evaluator.isVisible(), timeout=3000)
    assert evaluator.timed_out
    assert chosen == []


def test_the_on_screen_evaluator_takes_one_rating_and_says_a_refusal_calmly(qtbot: QtBot) -> None:
    evaluator = Evaluator("A001", "0107", "张敏")
    qtbot.addWidget(evaluator)
    chosen: list[int] = []
    evaluator.chosen.connect(chosen.append)
    evaluator.show()
    evaluator.buttons[3].click()
    evaluator.buttons[5].click()  # a second press counts for nothing
    qtbot.keyClick(evaluator, Qt.Key.Key_4)
    assert chosen == [3]
    evaluator.show_refusal("Ticket A001 has already been rated.")
    assert evaluator.outcome.text() == "Ticket A001 has already been rated."
    assert not any(b.isEnabled() for b in evaluator.buttons.values())


# --- hardware ------------------------------------------------------------------------------------


def test_the_keypad_and_the_evaluator_keypad_work_the_queue(qtbot: QtBot, hall: Hall) -> None:
    """Through the real keypad simulator: CALL calls and the window display shows the number,
    RECALL, NO_SHOW, CALL_BACK, HANG_UP finishes, PAUSE, and the evaluator's RatingGiven rates."""
    bar = hall.bar
    bridge = hall.window.devices.bridge
    assert bridge is not None
    qtbot.waitUntil(
        lambda: all(s.state is DeviceState.READY for s in bridge.statuses()), timeout=5000
    )
    hall.client.issue("A")
    hall.client.issue("A")
    qtbot.waitUntil(lambda: hall.sims.keypad.view(WINDOW).waiting == 2, timeout=5000)

    def key(pressed: KeypadKey) -> None:
        qtbot.waitUntil(lambda: not bar.busy, timeout=5000)
        hall.sims.keypad.press(pressed, WINDOW)

    key(KeypadKey.CALL)
    qtbot.waitUntil(lambda: bar.ticket_label.text() == "A001", timeout=5000)
    qtbot.waitUntil(lambda: hall.sims.led.text(1) == "请A001号到3号窗口", timeout=5000)
    qtbot.waitUntil(lambda: hall.sims.keypad.view(WINDOW).ticket == "001", timeout=5000)
    qtbot.waitUntil(lambda: hall.sims.keypad.view(WINDOW).waiting == 1, timeout=5000)
    key(KeypadKey.RECALL)
    qtbot.waitUntil(lambda: hall.client.ticket("A001")["recalls"] == 1, timeout=5000)
    key(KeypadKey.NO_SHOW)
    qtbot.waitUntil(lambda: hall.client.ticket("A001")["state"] == "no_show", timeout=5000)
    key(KeypadKey.CALL_BACK)  # the customer was at the toilet
    qtbot.waitUntil(lambda: hall.client.ticket("A001")["state"] == "called", timeout=5000)
    key(KeypadKey.HANG_UP)  # finish, without the on-screen evaluator
    qtbot.waitUntil(lambda: hall.client.ticket("A001")["state"] == "finished", timeout=5000)
    assert bar.evaluator is None
    hall.sims.keypad.rate(4, WINDOW)
    qtbot.waitUntil(lambda: hall.client.ticket("A001")["rating"] == 4, timeout=5000)
    key(KeypadKey.PAUSE)
    qtbot.waitUntil(lambda: server_window(hall)["state"] == "paused", timeout=5000)
    assert hall.client.ticket("A002")["state"] == "waiting"

    hall.window.shutdown()  # closing the app with nobody at the counter closes the window
    assert server_window(hall)["state"] == "closed"


# --- the hall around the counter -----------------------------------------------------------------


def test_the_bar_follows_the_hall_live_and_a_new_day(qtbot: QtBot, hall: Hall) -> None:
    bar = hall.bar
    for category in ("A", "A", "B", "V"):
        hall.client.issue(category)
    qtbot.waitUntil(lambda: bar.chips["A"].text() == "A 2", timeout=5000)
    assert bar.chips["B"].text() == "B 1"
    assert bar.chips["V"].text() == "V 1"
    hall.client.open_window(1, "0001", "李强")
    hall.client.call_next(1)  # another window takes the green channel first
    qtbot.waitUntil(lambda: bar.chips["V"].text() == "V 0", timeout=5000)
    assert bar.ticket_label.text() == "No ticket"

    # the server closes every window at the new day's first action; the counter opens its own
    hall.clock.advance(days=1)
    hall.client.issue("C")
    qtbot.waitUntil(lambda: bar.chips["A"].text() == "A 0", timeout=5000)
    qtbot.waitUntil(lambda: server_window(hall)["state"] == "open", timeout=5000)
    qtbot.waitUntil(bar.call_button.isEnabled, timeout=5000)


def test_server_down_the_bar_says_so_and_payments_go_on(qtbot: QtBot, hall: Hall) -> None:
    bar, window = hall.bar, hall.window
    port = hall.server.port
    hall.server.stop()
    qtbot.waitUntil(lambda: "not connected" in bar.state_label.text(), timeout=10_000)
    assert not bar.call_button.isEnabled()
    press(qtbot, hall, Qt.Key.Key_F1)  # nothing happens, nothing breaks

    with window.engine.connect() as connection:
        account_id = connection.execute(
            text("SELECT min(account_id) FROM bill WHERE paid_fen = 0")
        ).scalar_one()
    window.customer.open_account(int(account_id))
    qtbot.waitUntil(lambda: window.customer.view is not None)
    qtbot.keyClick(window, Qt.Key.Key_F7)
    panel = window.task.pay_panel
    qtbot.waitUntil(lambda: panel.state is PayState.ENTERING)
    qtbot.keyClick(panel.amount, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: panel.state is PayState.DONE, timeout=10_000)

    # the hall server comes back (a restart keeps the day): the bar is back at work
    hall.server = ServerThread(build(hall.hall_db, windows=3, clock=hall.clock), port=port).start()
    qtbot.waitUntil(bar.call_button.isEnabled, timeout=10_000)
    assert server_window(hall)["state"] == "open"


# --- the announcer -------------------------------------------------------------------------------


@pytest.mark.skipif(
    announcer_module.QTextToSpeech is None,
    reason="QtTextToSpeech does not load here (Debian: apt-get install libpulse0)",
)
def test_announcements_queue_up_and_never_overlap(qtbot: QtBot) -> None:
    """Three calls within a moment are said one after another, in order (Qt's mock engine)."""
    announcer = Announcer(language="en", engines=["mock"])
    try:
        qtbot.waitUntil(lambda: announcer.is_ready, timeout=5000)
        assert announcer.mode == "voice"
        assert announcer.available_voice() is not None
        log: list[tuple[str, str]] = []
        announcer.announcing.connect(lambda shown: log.append(("start", shown)))
        announcer.announced.connect(lambda shown: log.append(("end", shown)))
        announcer.announce("A023", 3)
        announcer.announce("B007", 12)
        announcer.announce("V001", 1)
        assert announcer.pending == 3
        qtbot.waitUntil(lambda: len(log) == 6, timeout=10_000)
        shown = ["Number A023, please go to window 3", "Number B007, please go to window 12",
                 "Number V001, please go to window 1"]  # fmt: skip
        assert log == [(edge, text) for text in shown for edge in ("start", "end")]
    finally:
        announcer.shutdown()


def test_no_chinese_voice_means_the_chime(qtbot: QtBot) -> None:
    """Qt's mock engine speaks English and Finnish only: Chinese calls fall back to the chime
    (or to text alone on a machine without QtMultimedia)."""
    announcer = Announcer(language="zh_CN", engines=["mock"])
    try:
        qtbot.waitUntil(lambda: announcer.is_ready, timeout=5000)
        assert announcer.available_voice() is None
        expected = "chime" if announcer_module.QSoundEffect is not None else "silent"
        assert announcer.mode == expected
        with qtbot.waitSignal(announcer.announced, timeout=20_000) as done:
            announcer.announce("A023", 3)
        assert done.args == ["请A023号到3号窗口办理"]
        announcer.mode = "silent"
        assert announcer.mode == "silent"
        announcer.mode = "voice"  # cannot be raised above what is installed
        assert announcer.mode == expected
    finally:
        announcer.shutdown()


def test_the_default_engines_never_pick_the_test_plugin(qtbot: QtBot) -> None:
    announcer = Announcer(language="zh_CN")
    try:
        qtbot.waitUntil(lambda: announcer.is_ready, timeout=10_000)
        voice = announcer.available_voice()
        assert voice is None or not voice.startswith("mock")
        assert announcer.mode in ("voice", "chime", "silent")
    finally:
        announcer.shutdown()


def test_the_chime_is_two_short_tones(tmp_path: Path) -> None:
    path = write_chime(tmp_path / "chime.wav")
    with wave.open(str(path)) as chime:
        assert chime.getnchannels() == 1
        assert chime.getsampwidth() == 2
        seconds = chime.getnframes() / chime.getframerate()
    assert 0.5 < seconds < 1.0


# --- screenshots ---------------------------------------------------------------------------------


@pytest.mark.parametrize("hall", ["zh_CN"], indirect=True)
def test_screenshots_of_the_queue_bar_and_the_evaluator(qtbot: QtBot, hall: Hall) -> None:
    """The counter at 1366×768 with a called ticket, and the on-screen evaluator, in Chinese.

    Set COUNTERDESK_SCREENSHOTS to a folder to keep the PNGs (docs/screenshots in the repo).
    """
    bar = hall.bar
    for category in ("A",) * 13 + ("B",) * 4 + ("V",):
        hall.client.issue(category)
        hall.clock.advance(minutes=1)
    hall.clock.advance(minutes=5)
    press(qtbot, hall, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: bar.ticket_label.text() == "V001", timeout=5000)
    press(qtbot, hall, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: hall.client.ticket("V001")["recalls"] == 1, timeout=5000)
    qtbot.waitUntil(lambda: bar.chips["A"].text() == "A 13" and not bar.busy, timeout=5000)
    qtbot.waitUntil(lambda: (bar.current or {}).get("recalls") == 1, timeout=5000)
    assert not bar.call_button.isEnabled()
    assert bar.recall_button.isEnabled()
    assert "绿色通道" in bar.detail_label.text()  # the hall's own name for the line
    evaluator = bar.open_evaluator(server_window(hall)["current"])
    qtbot.waitUntil(evaluator.isVisible)
    folder = os.environ.get("COUNTERDESK_SCREENSHOTS")
    if folder:
        target = Path(folder)
        target.mkdir(parents=True, exist_ok=True)
        assert hall.window.grab().save(str(target / "queue_bar.png"))
        assert evaluator.grab().save(str(target / "evaluator.png"))
    evaluator.close()
    hall.server.stop()  # the bar without its server: said in words, the ticket still shown
    qtbot.waitUntil(lambda: not bar.live.online, timeout=10_000)
    assert not bar.recall_button.isEnabled()
    if folder:
        assert bar.grab().save(str(Path(folder) / "queue_bar-offline.png"))
