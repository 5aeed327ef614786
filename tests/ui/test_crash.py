"""An unexpected error: a calm message for the clerk, a crash report for IT, the app running on.

Real widgets offscreen; the errors are real exceptions escaping a Qt slot and a worker thread.
pytest-qt's own exception capture is off here, since catching them is what is under test.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from counterdesk.logs import LOG_DIR_ENV
from ui.app import install_translations
from ui.crash import Crash, CrashReporter

pytestmark = [
    pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise"),
    pytest.mark.qt_no_exception_capture,
]


class Recording(CrashReporter):
    """The reporter, noting which thread showed each message."""

    def __init__(self) -> None:
        super().__init__()
        self.shown_on: list[str] = []

    def _show(self, crash: Crash) -> None:
        self.shown_on.append(threading.current_thread().name)
        super()._show(crash)


class Button(QObject):
    clicked = Signal()


@pytest.fixture(autouse=True)
def _english(qapp: QApplication) -> Iterator[None]:
    """The messages are checked in English: a window made before, on this worker, may have
    left the default Chinese installed."""
    install_translations(qapp, "en")
    yield
    install_translations(qapp, "en")


@pytest.fixture
def reports(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(LOG_DIR_ENV, str(tmp_path / "logs"))
    return tmp_path / "logs"


@pytest.fixture
def reporter(qtbot: QtBot, reports: Path) -> Iterator[Recording]:
    made = Recording()
    made.install()
    yield made
    made.uninstall()
    if made.box is not None:
        made.box.close()
    made.deleteLater()


def crash_boxes() -> list[QMessageBox]:
    return [
        widget
        for widget in QApplication.topLevelWidgets()
        if isinstance(widget, QMessageBox) and widget.objectName() == "crashMessage"
        and widget.isVisible()
    ]  # fmt: skip


def close_with_continue(qtbot: QtBot, reporter: CrashReporter) -> None:
    (box,) = crash_boxes()
    (button,) = [b for b in box.findChildren(QPushButton) if b.text() == "Continue"]
    button.click()
    qtbot.waitUntil(lambda: reporter.box is None and not crash_boxes())


def test_an_error_in_a_slot_shows_one_calm_message_and_writes_a_report(
    qtbot: QtBot, reporter: Recording, reports: Path
) -> None:
    source = Button()

    def broken_slot() -> None:
        raise RuntimeError("the bills table lost its model")

    source.clicked.connect(broken_slot)
    QTimer.singleShot(0, source.clicked.emit)
    qtbot.waitUntil(lambda: bool(crash_boxes()))

    (box,) = crash_boxes()
    assert "Payments already taken are safe" in box.text()
    (report,) = reports.glob("crash-*.txt")
    assert str(report) in box.informativeText()
    text = report.read_text(encoding="utf-8")
    assert "RuntimeError: the bills table lost its model" in text
    assert "broken_slot" in text  # the traceback, not only the message
    assert "Qt: " in text
    assert "PySide6: " in text
    assert reporter.shown_on == ["MainThread"]
    close_with_continue(qtbot, reporter)

    # The application carries on: the next click works, and a later error gets a new message.
    QTimer.singleShot(0, source.clicked.emit)
    qtbot.waitUntil(lambda: len(crash_boxes()) == 1)
    close_with_continue(qtbot, reporter)


def test_an_error_on_a_worker_thread_reaches_the_gui_through_a_queued_signal(
    qtbot: QtBot, reporter: Recording, reports: Path
) -> None:
    def work() -> None:
        raise OSError("printer socket closed")

    worker = threading.Thread(target=work, name="print-receipt")
    worker.start()
    worker.join()
    (report,) = reports.glob("crash-*.txt")  # written on the worker, before the GUI heard
    assert "Where: print-receipt" in report.read_text(encoding="utf-8")
    qtbot.waitUntil(lambda: bool(crash_boxes()))
    assert reporter.shown_on == ["MainThread"]
    close_with_continue(qtbot, reporter)


def test_more_errors_while_the_message_is_open_do_not_stack_boxes(
    qtbot: QtBot, reporter: Recording, reports: Path
) -> None:
    def work(number: int) -> None:
        raise ValueError(f"error {number}")

    threads = [threading.Thread(target=work, args=(n,)) for n in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    qtbot.waitUntil(lambda: len(reporter.shown_on) == 10)
    assert len(crash_boxes()) == 1
    assert "Further unexpected errors since this message appeared: 9" in (
        crash_boxes()[0].informativeText()
    )
    assert len(list(reports.glob("crash-*.txt"))) == 10
    close_with_continue(qtbot, reporter)


def test_a_report_that_cannot_be_written_still_shows_the_message(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reporter: Recording
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv(LOG_DIR_ENV, str(blocker / "logs"))
    QTimer.singleShot(0, lambda: (_ for _ in ()).throw(KeyError("meter")))
    qtbot.waitUntil(lambda: bool(crash_boxes()))
    assert "could not be written" in crash_boxes()[0].informativeText()
    close_with_continue(qtbot, reporter)


def test_the_hooks_are_put_back(qtbot: QtBot, reports: Path) -> None:
    import sys

    before = (sys.excepthook, threading.excepthook)
    made = CrashReporter()
    made.install()
    assert sys.excepthook == made.excepthook
    made.uninstall()
    assert (sys.excepthook, threading.excepthook) == before
