"""The counter window and the print queue: printer state, the banner, the receipt tray, recovery.

A real window on a real database whose receipt printer is the ESC/POS emulator on loopback.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from counterdesk.documents import samples
from counterdesk.store import print_jobs
from counterdesk.store.models import PrintJobState
from printing import printers
from printing.emulator import PrinterEmulator
from printing.profile import PrinterProfile
from tests.conftest import SEED_AS_OF
from ui.app import LANGUAGE_ENV, make_window
from ui.counter_window import CounterWindow

SHOWN = "propagateSizeHints"
RAISED = "does not support raise"  # offscreen cannot raise a window; a real screen can
COPY_MARK = "副本".encode("gb18030")


@pytest.fixture
def printer() -> Iterator[PrinterEmulator]:
    with PrinterEmulator(name="window") as emulator:
        yield emulator


@pytest.fixture
def spare() -> Iterator[PrinterEmulator]:
    with PrinterEmulator(name="spare") as emulator:
        yield emulator


@pytest.fixture
def open_window(
    qtbot: QtBot, engine: Engine, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., CounterWindow]]:
    monkeypatch.delenv(LANGUAGE_ENV, raising=False)
    made: list[CounterWindow] = []

    def make(*emulators: tuple[str, PrinterEmulator], language: str = "en") -> CounterWindow:
        with engine.begin() as connection:
            for name, emulator in emulators:
                printers.save(connection, PrinterProfile(name, emulator.address, timeout=1.0))
        window = make_window(db_path, language, today=SEED_AS_OF)
        qtbot.addWidget(window)
        made.append(window)
        if emulators:
            qtbot.waitUntil(lambda: window.print_queue is not None, timeout=5000)
        return window

    yield make
    for window in made:
        window.shutdown()


def test_without_a_printer_the_status_bar_says_so(
    qtbot: QtBot, open_window: Callable[..., CounterWindow]
) -> None:
    window = open_window()
    qtbot.waitUntil(lambda: "No printer" in window.printer_label.text())


@pytest.mark.qt_log_ignore(SHOWN)
def test_paper_out_shows_the_banner_and_the_receipt_prints_once_paper_is_in(
    qtbot: QtBot, open_window: Callable[..., CounterWindow], printer: PrinterEmulator
) -> None:
    window = open_window(("receipt", printer))
    window.show()
    qtbot.waitUntil(lambda: "ready" in window.printer_label.text(), timeout=5000)
    assert window.banner.isHidden()
    printer.paper_out = True
    queue = window.print_queue
    assert queue is not None
    queue.submit(samples.payment_receipt(), "receipt")
    qtbot.waitUntil(window.banner.isVisible, timeout=5000)
    assert "out of paper" in window.banner.message.text()
    assert "1 receipt waiting" in window.banner.message.text()
    assert "out of paper" in window.printer_label.text()
    assert printer.jobs == []
    printer.paper_out = False
    qtbot.waitUntil(lambda: len(printer.jobs) == 1, timeout=10_000)
    qtbot.waitUntil(lambda: "ready" in window.printer_label.text(), timeout=5000)
    qtbot.waitUntil(window.banner.isHidden, timeout=5000)


@pytest.mark.qt_log_ignore(SHOWN)
def test_print_elsewhere_moves_the_waiting_receipts(
    qtbot: QtBot,
    open_window: Callable[..., CounterWindow],
    printer: PrinterEmulator,
    spare: PrinterEmulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    printer.cover_open = True
    window = open_window(("receipt", printer), ("spare", spare))
    window.show()
    assert window.print_queue is not None
    window.print_queue.submit(samples.payment_receipt(), "receipt")
    qtbot.waitUntil(window.banner.elsewhere.isVisible, timeout=5000)
    monkeypatch.setattr("ui.counter_window.QInputDialog.getItem", lambda *_args: ("spare", True))
    window.banner.elsewhere.click()
    qtbot.waitUntil(lambda: len(spare.jobs) == 1, timeout=5000)
    assert printer.jobs == []


@pytest.mark.qt_log_ignore(SHOWN, RAISED)
def test_after_a_crash_the_tray_opens_and_the_clerk_decides(
    qtbot: QtBot,
    open_window: Callable[..., CounterWindow],
    engine: Engine,
    printer: PrinterEmulator,
) -> None:
    now = datetime.now(UTC)
    with engine.begin() as connection:
        left = print_jobs.enqueue(connection, samples.payment_receipt(), printer="receipt", now=now)
        print_jobs.claim_next(connection, "receipt", now=now, retry_after=now)
    window = open_window(("receipt", printer))
    qtbot.waitUntil(lambda: window.tray is not None and window.tray.isVisible(), timeout=5000)
    tray = window.tray
    assert tray is not None
    assert "did not finish" in tray.note.text()
    qtbot.waitUntil(lambda: tray.current_job() is not None)
    job = tray.current_job()
    assert job is not None
    assert job.uid == left.uid
    assert job.state is PrintJobState.INTERRUPTED
    assert "closed while this was printing" in tray.problem.text()
    assert tray.confirm_button.isEnabled()
    assert not tray.reprint_button.isEnabled()
    assert printer.jobs == []
    tray.resume_button.click()
    qtbot.waitUntil(lambda: len(printer.jobs) == 1, timeout=5000)
    assert COPY_MARK not in printer.jobs[0]


@pytest.mark.qt_log_ignore(SHOWN, RAISED)
def test_f11_opens_the_tray_with_a_preview_and_reprints_a_copy(
    qtbot: QtBot, open_window: Callable[..., CounterWindow], printer: PrinterEmulator
) -> None:
    window = open_window(("receipt", printer))
    window.show()
    assert window.print_queue is not None
    window.print_queue.submit(samples.payment_receipt(), "receipt")
    qtbot.waitUntil(lambda: len(printer.jobs) == 1, timeout=5000)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: window.tray is not None and window.tray.isVisible())
    tray = window.tray
    assert tray is not None
    qtbot.waitUntil(
        lambda: (
            tray.current_job() is not None
            and tray.current_job().state is PrintJobState.PRINTED  # type: ignore[union-attr]
            and tray.reprint_button.isEnabled()
        ),
        timeout=5000,
    )
    qtbot.waitUntil(lambda: not tray.preview.pixmap().isNull(), timeout=5000)
    assert tray.preview.pixmap().width() >= 400
    tray.reprint_button.click()
    qtbot.waitUntil(lambda: len(printer.jobs) == 2, timeout=5000)
    assert COPY_MARK in printer.jobs[1]
    qtbot.waitUntil(lambda: tray.model.rowCount() == 2)
    assert "copy 2" in tray.model.data(tray.model.index(0, 1))


@pytest.mark.qt_log_ignore(SHOWN, RAISED)
def test_printing_screens_speak_chinese_and_fit(
    qtbot: QtBot, open_window: Callable[..., CounterWindow], printer: PrinterEmulator
) -> None:
    """Paper out in zh_CN: the banner and the tray; set COUNTERDESK_SCREENSHOTS to save PNGs."""
    window = open_window(("receipt", printer), language="zh_CN")
    window.show()
    assert window.print_queue is not None
    window.print_queue.submit(samples.payment_receipt(), "receipt")
    qtbot.waitUntil(lambda: len(printer.jobs) == 1, timeout=5000)
    printer.paper_out = True
    window.print_queue.submit(samples.queue_ticket(), "receipt")
    qtbot.waitUntil(window.banner.isVisible, timeout=5000)
    assert "打印机缺纸。收据已保存，装纸后会自动打印。" in window.banner.message.text()
    # The banner reads the queue's status at once; the indicator hears of it by a queued signal.
    qtbot.waitUntil(lambda: "打印机缺纸" in window.printer_label.text(), timeout=5000)
    window.open_print_queue()
    tray = window.tray
    assert tray is not None
    qtbot.waitUntil(lambda: tray.model.rowCount() == 2)
    tray.table.selectRow(1)
    qtbot.waitUntil(lambda: not tray.preview.pixmap().isNull(), timeout=5000)
    assert tray.reprint_button.text() == "补打副本"
    assert tray.model.data(tray.model.index(0, 1)).startswith("排队号票")
    folder = os.environ.get("COUNTERDESK_SCREENSHOTS")
    if folder:
        window.grab().save(str(Path(folder) / "counter-printer-banner.png"))
        tray.grab().save(str(Path(folder) / "print-queue.png"))


@pytest.mark.qt_log_ignore(SHOWN, RAISED)
def test_the_tray_prints_a_test_page_on_the_chosen_printer(
    qtbot: QtBot,
    open_window: Callable[..., CounterWindow],
    printer: PrinterEmulator,
    spare: PrinterEmulator,
) -> None:
    window = open_window(("receipt", printer), ("spare", spare))
    window.open_print_queue()
    tray = window.tray
    assert tray is not None
    tray.target.setCurrentText("spare")
    tray.test_button.click()
    qtbot.waitUntil(lambda: len(spare.jobs) == 1, timeout=5000)
    assert "打印测试页".encode("gb18030") in spare.jobs[0]
    assert printer.jobs == []
