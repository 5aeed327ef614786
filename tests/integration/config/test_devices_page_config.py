"""The devices settings page keeps the user's ``counterdesk.toml`` up to date (real Qt, real files).

When the app was started from its configuration (``counterdesk open``), a device saved or removed
on the page must be saved or removed in the user's file too, or the next start would put the
machine file's older word back into the database.
"""

from __future__ import annotations

import threading
import tomllib
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counterdesk.cli_config import load_checked
from counterdesk.config.writer import settings_files
from devices.config import DeviceConfig, DeviceKind
from tests.helpers.counter import Counter
from tests.integration.config.conftest import Files
from tests.ui.test_devices_page import (
    KEYPAD,
    NOW,
    WAIT_MS,
    ctrl,
    fill,
    select,
    settle,
    store,
    stored,
)
from ui.app import install_translations
from ui.devices_page import DevicesDialog
from ui.operations import WORKER_NAME

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

MACHINE = """\
# Window 3 — rolled out by IT, do not edit by hand
[terminal]
window = 3

[devices.keypad]   # the caller keypad under the counter
kind = "caller_keypad"
port = "virtual:keypad-bus"
address = 3
"""


@pytest.fixture(autouse=True)
def _english(qapp: QApplication) -> Iterator[None]:
    install_translations(qapp, "en")
    yield
    install_translations(qapp, "en")


@pytest.fixture
def open_page(
    qtbot: QtBot, counter: Counter, files: Files
) -> Iterator[Callable[[], DevicesDialog]]:
    made: list[DevicesDialog] = []

    def opened() -> DevicesDialog:
        dialog = DevicesDialog(
            counter.engine, counter.manager, None, clock=lambda: NOW, config_files=files.where
        )
        qtbot.addWidget(dialog)
        made.append(dialog)
        with qtbot.waitExposed(dialog):
            dialog.show()
        qtbot.waitUntil(lambda: dialog.loaded, timeout=WAIT_MS)
        return dialog

    yield opened
    for dialog in made:
        dialog.shutdown()
    workers = [t for t in threading.enumerate() if t.name.startswith(WORKER_NAME)]
    assert not [t for t in workers if t.is_alive()], "a worker thread outlived its test"


def user_file(files: Files) -> dict[str, object]:
    return tomllib.loads(files.user.read_text(encoding="utf-8"))


def test_saving_a_device_writes_it_into_the_user_file(
    qtbot: QtBot, counter: Counter, files: Files, open_page: Callable[[], DevicesDialog]
) -> None:
    files.machine.write_text(MACHINE, encoding="utf-8")
    dialog = open_page()
    fill(qtbot, dialog, "window_display", DeviceKind.LED_STRIP, "virtual:led-bus")
    dialog.address.setValue(2)
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        ctrl(qtbot, dialog, Qt.Key.Key_S)
    settle(qtbot, dialog)

    assert user_file(files) == {
        "devices": {
            "window_display": {
                "kind": "led_strip", "port": "virtual:led-bus", "address": 2,
                "baudrate": 9600, "enabled": True, "template": "请{number}号到{window}号窗口",
            }
        }
    }  # fmt: skip
    assert files.machine.read_text(encoding="utf-8") == MACHINE  # IT's file is left alone
    merged = load_checked(files.where).require()
    assert set(merged.devices) == {"keypad", "window_display"}


def test_changing_a_device_keeps_the_comments_in_the_user_file(
    qtbot: QtBot, counter: Counter, files: Files, open_page: Callable[[], DevicesDialog]
) -> None:
    store(counter, KEYPAD)
    files.user.parent.mkdir(parents=True)
    files.user.write_text(
        "# my overrides\n[devices.keypad]\naddress = 3  # set on the keypad's DIP switches\n",
        encoding="utf-8",
    )
    dialog = open_page()
    select(qtbot, dialog, "keypad")
    dialog.address.setValue(5)
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        dialog.save()
    settle(qtbot, dialog)

    text = files.user.read_text(encoding="utf-8")
    assert text.startswith("# my overrides\n[devices.keypad]\n")
    assert "address = 5  # set on the keypad's DIP switches\n" in text
    assert stored(counter)["keypad"].address == 5


def test_removing_a_device_of_the_machine_file_switches_it_off_in_the_user_file(
    qtbot: QtBot, counter: Counter, files: Files, open_page: Callable[[], DevicesDialog]
) -> None:
    files.machine.write_text(MACHINE, encoding="utf-8")
    strip = DeviceConfig("strip", DeviceKind.LED_STRIP, "virtual:led-bus", address=1)
    store(counter, KEYPAD, strip)
    files.user.parent.mkdir(parents=True)
    files.user.write_text(
        '[devices.strip]\nkind = "led_strip"\nport = "virtual:led-bus"\n', encoding="utf-8"
    )
    dialog = open_page()
    for name in ("strip", "keypad"):
        select(qtbot, dialog, name)
        qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
        with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
            qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
        settle(qtbot, dialog)

    assert stored(counter) == {}
    # The user's own device is gone from the file; the machine file's is switched off there.
    assert user_file(files) == {"devices": {"keypad": {"enabled": False}}}
    assert not load_checked(files.where).require().devices["keypad"].enabled


def test_a_file_that_cannot_be_written_leaves_the_database_alone(
    qtbot: QtBot, counter: Counter, files: Files, open_page: Callable[[], DevicesDialog]
) -> None:
    files.user.parent.mkdir(parents=True)
    files.user.write_text("[devices.keypad\n", encoding="utf-8")  # broken by hand
    dialog = open_page()
    fill(qtbot, dialog, "window_display", DeviceKind.LED_STRIP, "virtual:led-bus")
    with qtbot.assertNotEmitted(dialog.saved, wait=500):
        dialog.save()
    settle(qtbot, dialog)

    assert dialog.problem.text().startswith(
        f"Nothing was changed: the configuration file cannot be written. {files.user}, line 1: "
        "is not valid TOML"
    )
    assert stored(counter) == {}
    assert files.user.read_text(encoding="utf-8") == "[devices.keypad\n"


def test_without_config_files_the_page_writes_no_file(
    qtbot: QtBot, counter: Counter, files: Files
) -> None:
    assert settings_files() is None  # the demo and other windows: no file
    dialog = DevicesDialog(counter.engine, counter.manager, None, clock=lambda: NOW)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.loaded, timeout=WAIT_MS)
    assert dialog.config_files is None
    fill(qtbot, dialog, "window_display", DeviceKind.LED_STRIP, "virtual:led-bus")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        dialog.save()
    settle(qtbot, dialog)
    dialog.shutdown()
    assert "window_display" in stored(counter)
    assert not files.user.exists()
