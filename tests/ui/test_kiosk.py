"""The kiosk against a real hall server on loopback, a real print queue printing to the virtual
receipt printer (the ESC/POS emulator), and real reader simulators on ``virtual:`` wires behind
the device hub: touch a business, get a ticket on screen and on paper; the green channel by ID
card or key-customer card; the printer out of paper; the server going away and coming back.

Set COUNTERDESK_SCREENSHOTS to a folder to save the start page and the confirmation (zh_CN).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from counterdesk.domain.id_numbers import check_character
from counterdesk.queue.client import HallClient
from counterdesk.server.run import ServerThread, build
from counterdesk.services.auth import CLI_ADMIN
from counterdesk.store import settings
from counterdesk.store.database import make_engine
from counterdesk.store.migrate import upgrade
from counterdesk.store.models import PrintJobState
from devices import config, virtual
from devices.config import DeviceConfig, DeviceKind
from devices.events import IdCard
from devices.simulators.readers import SAMPLE_CARD, CardReaderSimulator, IdCardSimulator
from devices.state import DeviceState
from printing import printers
from printing.emulator import PrinterEmulator, virtual_printer
from printing.profile import PrinterProfile
from tests.helpers.hall import MORNING, StepClock, hall_server
from ui.app import prepare_application
from ui.kiosk import KioskWindow

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
KEY_CARD = "62220001"


def id_number(born: date) -> str:
    first17 = f"110105{born:%Y%m%d}002"
    return first17 + check_character(first17)


ELDER = IdCard(
    name="王秀英",
    gender="女",
    nation="汉",
    birth_date=date(1950, 4, 2),
    address="某省某市某区幸福路8号",
    id_number=id_number(date(1950, 4, 2)),
    issuer="某市公安局某分局",
    valid_from=date(2010, 5, 1),
    valid_to=None,
)


def tr(text: str) -> str:
    return QCoreApplication.translate("KioskWindow", text)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated kiosk database with the hall's name, made once for the module."""
    path = tmp_path_factory.mktemp("kiosk") / "kiosk.db"
    engine = make_engine(path)
    upgrade(engine)
    with engine.begin() as connection:
        settings.write(connection, "hall.utility_name", "云溪供电公司", now=MORNING)
        settings.write(connection, "hall.name", "城东营业厅", now=MORNING)
    engine.dispose()
    return path


@dataclass
class Kiosk:
    window: KioskWindow
    client: HallClient
    server: ServerThread
    printer: PrinterEmulator
    id_reader: IdCardSimulator
    card_reader: CardReaderSimulator
    db_path: Path


def kiosk_database(template: Path, folder: Path) -> tuple[Path, str, str, str]:
    """A copy of the template with its printer and readers on wires of their own."""
    tag = uuid.uuid4().hex[:8]
    printer, id_wire, card_wire = f"kiosk-{tag}", f"kiosk-id-{tag}", f"kiosk-card-{tag}"
    db_path = folder / "kiosk.db"
    shutil.copy(template, db_path)
    engine = make_engine(db_path)
    with engine.begin() as connection:
        printers.save(connection, PrinterProfile(printers.RECEIPT_PRINTER, f"virtual:{printer}"))
        for device in (
            DeviceConfig(
                "id_reader", DeviceKind.ID_READER, f"virtual:{id_wire}", 0, baudrate=115_200
            ),
            DeviceConfig("card_reader", DeviceKind.CARD_READER, f"virtual:{card_wire}", 0),
        ):
            config.save(connection, device, by=CLI_ADMIN, now=MORNING)
    engine.dispose()
    (folder / "key-customers.txt").write_text(f"# key customers\n{KEY_CARD}\n", encoding="utf-8")
    return db_path, printer, id_wire, card_wire


def ready(window: KioskWindow) -> bool:
    bridge = window.bridge
    return (
        bool(window.tiles)
        and all(tile.isEnabled() for tile in window.tiles.values())
        and bridge is not None
        and all(status.state is DeviceState.READY for status in bridge.statuses())
    )


@pytest.fixture
def kiosk(qtbot: QtBot, qapp: QApplication, tmp_path: Path, template: Path) -> Iterator[Kiosk]:
    prepare_application(qapp, "zh_CN")
    db_path, printer_name, id_wire, card_wire = kiosk_database(template, tmp_path)
    id_reader = virtual.attach(id_wire, IdCardSimulator)
    card_reader = virtual.attach(card_wire, CardReaderSimulator)
    printer = virtual_printer(printer_name)
    with hall_server(tmp_path / "hall.db", clock=StepClock()) as (server, client):
        window = KioskWindow(server.url, db_path, clock=lambda: MORNING)
        window.resize(1366, 768)
        window.show()
        qtbot.waitUntil(lambda: ready(window), timeout=5000)
        yield Kiosk(window, client, server, printer, id_reader, card_reader, db_path)
    # The server first: its end closes the event stream, which the kiosk then stops at once
    # (stopped while the server runs, the stream waits for the next keep-alive, up to 5 s).
    window.close()
    window.deleteLater()
    virtual.reset()
    printer.close()


def shown_ticket(qtbot: QtBot, window: KioskWindow) -> str:
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.ticket_page, timeout=5000)
    return window.ticket_number.text()


def test_touching_a_business_issues_a_ticket_shows_people_ahead_and_prints_it(
    qtbot: QtBot, kiosk: Kiosk
) -> None:
    window = kiosk.window
    kiosk.client.issue("A")
    kiosk.client.issue("A")
    qtbot.waitUntil(lambda: "2" in window.tiles["A"].detail.text(), timeout=2000)

    qtbot.mouseClick(window.tiles["A"], Qt.MouseButton.LeftButton)

    assert shown_ticket(qtbot, window) == "A003"
    assert window.ticket_category.text() == "缴费业务"
    ahead = QCoreApplication.translate("KioskWindow", "%n person(s) ahead of you", "", 2)
    assert window.ticket_ahead.text() == ahead
    waiting = [t["number"] for t in kiosk.client.waiting("A")]
    assert waiting == ["A001", "A002", "A003"]
    qtbot.waitUntil(lambda: "3" in window.tiles["A"].detail.text(), timeout=2000)
    # On paper: the emulator received the job, and the queue says it printed.
    jobs = kiosk.printer.wait_for_jobs(1, timeout=5)
    assert b"A003" in jobs[0]
    qtbot.waitUntil(lambda: window.ticket_printing.text() == tr("Please take your ticket."))
    setup = window.setup
    assert setup is not None
    assert setup.queue is not None
    printed = setup.queue.recent()[0]
    assert printed.title == "queue_ticket A003"
    assert printed.state is PrintJobState.PRINTED


def test_a_double_tap_issues_one_ticket(qtbot: QtBot, kiosk: Kiosk) -> None:
    window = kiosk.window
    tile = window.tiles["B"]
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    assert not tile.isEnabled()  # off while the request runs

    assert shown_ticket(qtbot, window) == "B001"
    qtbot.wait(300)  # a second request, had one gone out, would have been answered by now
    assert [t["number"] for t in kiosk.client.waiting()] == ["B001"]


def test_the_confirmation_goes_back_on_a_tap_or_by_itself(qtbot: QtBot, kiosk: Kiosk) -> None:
    window = kiosk.window
    assert window.return_timer.interval() == 8000
    window.return_timer.setInterval(400)
    window.tiles["C"].click()
    shown_ticket(qtbot, window)
    qtbot.mouseClick(window.ticket_page, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.start_page
    assert window.tiles["C"].isEnabled()

    window.tiles["C"].click()
    assert shown_ticket(qtbot, window) == "C002"
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.start_page, timeout=2000)


def test_out_of_paper_the_ticket_stands_and_the_screen_asks_to_remember_it(
    qtbot: QtBot, kiosk: Kiosk
) -> None:
    window = kiosk.window
    kiosk.printer.paper_out = True
    window.tiles["A"].click()

    assert shown_ticket(qtbot, window) == "A001"
    paper_out = tr("The printer is out of paper: please remember your number.")
    qtbot.waitUntil(lambda: window.ticket_printing.text() == paper_out, timeout=5000)
    assert window.ticket_printing.property("trouble") is True
    _no_clipped_labels(qtbot, window)
    _save(window, "kiosk_ticket_paper_out.png")
    assert [t["number"] for t in kiosk.client.waiting()] == ["A001"]
    # The job is dropped, so it does not print for the next customer once paper is loaded.
    setup = window.setup
    assert setup is not None
    assert setup.queue is not None
    queue = setup.queue
    qtbot.waitUntil(lambda: queue.recent()[0].state is PrintJobState.DISCARDED, timeout=3000)
    kiosk.printer.paper_out = False
    qtbot.wait(200)
    assert kiosk.printer.jobs == []


def test_an_elderly_customers_id_card_takes_a_green_channel_ticket(
    qtbot: QtBot, kiosk: Kiosk
) -> None:
    window = kiosk.window
    kiosk.client.issue("A")
    window.tiles["V"].click()
    assert window.stack.currentWidget() is window.green_page

    kiosk.id_reader.present(ELDER)

    assert shown_ticket(qtbot, window) == "V001"
    (ticket,) = kiosk.client.waiting("V")
    assert ticket["priority"] == 1
    assert window.ticket_ahead.text() == tr("Nobody is ahead of you")
    jobs = kiosk.printer.wait_for_jobs(1, timeout=5)
    assert b"V001" in jobs[0]


def test_a_young_customers_id_card_is_refused_with_the_reason(qtbot: QtBot, kiosk: Kiosk) -> None:
    window = kiosk.window
    window.tiles["V"].click()

    kiosk.id_reader.present(SAMPLE_CARD)  # born 1990

    qtbot.waitUntil(window.green_message.isVisible, timeout=3000)
    assert "65" in window.green_message.text()
    _no_clipped_labels(qtbot, window)
    _save(window, "kiosk_green_refused.png")
    assert window.stack.currentWidget() is window.green_page
    assert kiosk.client.waiting() == []
    qtbot.mouseClick(window.back, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.start_page


def test_a_key_customer_card_opens_the_green_channel_and_another_card_does_not(
    qtbot: QtBot, kiosk: Kiosk
) -> None:
    window = kiosk.window
    kiosk.card_reader.swipe("62229999")  # from the start page: the green page answers
    qtbot.waitUntil(window.green_message.isVisible, timeout=3000)
    assert window.stack.currentWidget() is window.green_page
    assert kiosk.client.waiting() == []

    kiosk.card_reader.swipe(KEY_CARD)

    assert shown_ticket(qtbot, window) == "V001"


def test_buttons_wait_while_the_server_is_away_and_come_back_with_it(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, template: Path
) -> None:
    """The server stops; a new one starts on the same database file and port."""
    prepare_application(qapp, "zh_CN")
    db_path, printer_name, *_ = kiosk_database(template, tmp_path)
    hall_db = tmp_path / "hall.db"
    server = ServerThread(build(hall_db, clock=StepClock())).start()
    window = KioskWindow(server.url, db_path, clock=lambda: MORNING)
    window.resize(1366, 768)
    window.show()
    try:
        qtbot.waitUntil(lambda: bool(window.tiles) and window.tiles["A"].isEnabled())
        window.tiles["A"].click()
        assert shown_ticket(qtbot, window) == "A001"
        window.go_start()

        server.stop()
        qtbot.waitUntil(lambda: not window.tiles["A"].isEnabled(), timeout=5000)
        assert window.message.isVisible()
        assert "连接" in window.message.text() or "connecting" in window.message.text()
        _save(window, "kiosk_offline.png")
        window.tiles["A"].click()  # a tap on a disabled button does nothing
        assert window.stack.currentWidget() is window.start_page

        server = ServerThread(build(hall_db, clock=StepClock()), port=server.port).start()
        qtbot.waitUntil(window.tiles["A"].isEnabled, timeout=8000)
        assert not window.message.isVisible()
        window.tiles["A"].click()
        assert shown_ticket(qtbot, window) == "A002"
    finally:
        server.stop()
        window.close()
        window.deleteLater()
        virtual.reset()
        virtual_printer(printer_name).close()


def test_start_page_and_ticket_in_chinese_fit_the_screen(qtbot: QtBot, kiosk: Kiosk) -> None:
    """1366×768 landscape, the usual kiosk panel; COUNTERDESK_SCREENSHOTS saves the PNGs."""
    window = kiosk.window
    for code, count in (("A", 12), ("B", 4), ("C", 2), ("V", 1)):
        for _ in range(count):
            kiosk.client.issue(code)
    qtbot.waitUntil(lambda: "12" in window.tiles["A"].detail.text(), timeout=3000)
    assert window.hall_name.text() == "云溪供电公司 城东营业厅"
    for tile in window.tiles.values():
        assert tile.height() >= 120
    _no_clipped_labels(qtbot, window)
    _save(window, "kiosk.png")

    window.tiles["A"].click()
    assert shown_ticket(qtbot, window) == "A013"
    qtbot.waitUntil(lambda: window.ticket_printing.text() == tr("Please take your ticket."))
    _no_clipped_labels(qtbot, window)
    _save(window, "kiosk_ticket.png")

    window.go_start()
    window.resize(1080, 1920)  # a portrait kiosk: one business a row
    qtbot.waitUntil(lambda: window.tiles["A"].width() > 900, timeout=2000)
    for tile in window.tiles.values():
        assert tile.height() >= 120
    _no_clipped_labels(qtbot, window)


def _no_clipped_labels(qtbot: QtBot, window: KioskWindow) -> None:
    qtbot.wait(100)  # the layout follows a new text on the next pass of the event loop
    for child in window.findChildren(QLabel):
        if child.isVisible() and child.text():
            if child.wordWrap():
                assert child.height() >= child.heightForWidth(child.width()) - 1, child.text()
            else:
                assert child.height() >= child.sizeHint().height() - 1, child.text()
                assert child.width() >= child.sizeHint().width() - 1, child.text()


def _save(window: KioskWindow, name: str) -> None:
    folder = os.environ.get("COUNTERDESK_SCREENSHOTS")
    if folder:
        target = Path(folder) if folder not in ("1", "yes", "true") else SCREENSHOTS
        target.mkdir(parents=True, exist_ok=True)
        assert window.grab().save(str(target / name))
