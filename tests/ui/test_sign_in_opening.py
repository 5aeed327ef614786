"""The installed start shows the sign-in first and opens the database behind it (issue 9).

``counterdesk open`` gives the sign-in a function that checks the configuration and brings the
database up to date; the dialog runs it on its worker while the clerk types. These tests hold
that function back with an event, so they see what a clerk on a slow PC would: a window that
takes the number and password at once, a sign-in that waits behind the opening, and a file with
problems that closes the sign-in and is shown instead.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from counterdesk.cli_open import EXIT_BAD_CONFIG, refused_start
from counterdesk.config.files import ConfigError, Problem
from tests.helpers.counter import NOW, PASSWORD, add_people
from ui.app import Terminal, install_translations, run_opening
from ui.sign_in import SignInDialog

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

PROBLEM = Problem(
    Path("C:/ProgramData/CounterDesk/counterdesk.toml"), "[terminal].windw", "unknown key", 4
)


@pytest.fixture(autouse=True)
def _english(qapp: QApplication) -> Iterator[None]:
    install_translations(qapp, "en")
    yield
    install_translations(qapp, "en")


class HeldBack:
    """An opening function that waits until :meth:`release`, then opens ``engine`` (or raises
    ``error``); counts its calls."""

    def __init__(self, engine: Engine | None = None, error: Exception | None = None) -> None:
        self.engine, self.error = engine, error
        self.calls = 0
        self._go = threading.Event()

    def release(self) -> None:
        self._go.set()

    def __call__(self) -> Engine:
        self.calls += 1
        assert self._go.wait(30), "the test never released the opening"
        if self.error is not None:
            raise self.error
        assert self.engine is not None
        return self.engine


def shown(qtbot: QtBot, dialog: SignInDialog) -> SignInDialog:
    qtbot.addWidget(dialog)
    with qtbot.waitExposed(dialog):
        dialog.show()
    return dialog


def type_sign_in(qtbot: QtBot, dialog: SignInDialog, number: str, password: str) -> None:
    qtbot.keyClicks(dialog.number, number)
    qtbot.keyClick(dialog.number, Qt.Key.Key_Return)
    qtbot.keyClicks(dialog.password, password)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)


def test_the_clerk_signs_in_while_the_database_is_still_opening(
    qtbot: QtBot, engine: Engine
) -> None:
    add_people(engine)
    opening = HeldBack(engine)
    dialog = shown(qtbot, SignInDialog(opening, clock=lambda: NOW))
    try:
        assert dialog.engine is None
        assert dialog.number.isEnabled()
        assert dialog.focusWidget() is dialog.number
        type_sign_in(qtbot, dialog, "0107", PASSWORD)
        assert dialog.busy  # the sign-in waits behind the opening on the worker
        assert dialog.button.label_text() == "Signing in…"
        assert dialog.signed_in is None
        with qtbot.waitSignal(dialog.signed_in_as, timeout=20_000):
            opening.release()
        assert dialog.result() == QDialog.DialogCode.Accepted
        assert dialog.signed_in is not None
        assert dialog.signed_in.number == "0107"
        assert dialog.engine is engine
        assert opening.calls == 1  # opened once, though both operations asked for it
    finally:
        opening.release()
        dialog.shutdown()


def test_a_database_that_cannot_be_opened_closes_the_sign_in_with_the_reason(
    qtbot: QtBot,
) -> None:
    refusal = ConfigError([PROBLEM])
    opening = HeldBack(error=refusal)
    dialog = shown(qtbot, SignInDialog(opening, clock=lambda: NOW))
    try:
        type_sign_in(qtbot, dialog, "0107", PASSWORD)  # typed before the check has finished
        assert dialog.busy
        opening.release()
        qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=20_000)
        assert dialog.result() == QDialog.DialogCode.Rejected
        assert dialog.open_error is refusal
        assert dialog.signed_in is None
        assert not dialog.problem.isVisibleTo(dialog)  # the box says it, not the sign-in
        assert opening.calls == 1
    finally:
        opening.release()
        dialog.shutdown()


def test_run_opening_gives_arefused_start_start_to_its_handler(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # start_application installs its own
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    refusal = ConfigError([PROBLEM])
    handed: list[Exception] = []

    def cannot_open() -> Terminal:
        raise refusal

    def refused(error: Exception) -> int:
        handed.append(error)
        return 7

    assert run_opening(cannot_open, language="en", refused=refused) == 7
    assert handed == [refusal]
    with pytest.raises(ConfigError):  # no handler: the error goes on, to the crash reporter
        run_opening(cannot_open, language="en")


def close_box_when_shown(qtbot: QtBot, seen: list[str]) -> None:
    def close() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, close)
            return
        seen.extend([box.windowTitle(), box.detailedText()])
        box.done(QMessageBox.StandardButton.Close)

    QTimer.singleShot(0, close)


def test_arefused_start_configuration_is_shown_to_the_clerk_and_ends_with_exit_2(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    seen: list[str] = []
    close_box_when_shown(qtbot, seen)
    assert refused_start(ConfigError([PROBLEM]), language="en") == EXIT_BAD_CONFIG
    assert seen == ["CounterDesk did not start", str(PROBLEM)]
    with pytest.raises(KeyError):  # not the file's fault: no box, the crash reporter's turn
        refused_start(KeyError("meter"), language="en")


def test_the_glance_at_the_file_reads_the_language_the_users_file_sets(tmp_path: Path) -> None:
    from counterdesk.config.places import Locations, language_at_a_glance

    machine, user = tmp_path / "machine.toml", tmp_path / "user.toml"
    where = Locations(machine, user)
    assert language_at_a_glance(where) is None  # no files
    machine.write_text('[terminal]\nlanguage = "en"\nwindow = 3\n', encoding="utf-8")
    assert language_at_a_glance(where) == "en"
    user.write_text('[terminal]\nlanguage = "zh_CN"\n', encoding="utf-8")
    assert language_at_a_glance(where) == "zh_CN"
    user.write_text("[terminal\nlanguage = ", encoding="utf-8")  # broken: the check says so
    assert language_at_a_glance(where) == "en"
