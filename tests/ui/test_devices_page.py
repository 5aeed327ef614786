"""The devices settings page on a real database and real device links over ``virtual:`` wires.

Each test copies the people template, stores devices through :mod:`devices.config` as IT would,
starts a real :class:`~ui.device_bridge.DeviceBridge` with simulators attached to the wires, and
drives the dialog with keys. Set COUNTERDESK_SCREENSHOTS to a folder to save the page, in Chinese,
as a PNG.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from counterdesk.services.auth import SignedIn
from devices import config as device_config
from devices import virtual
from devices.config import DEFAULT_TEMPLATE, DeviceConfig, DeviceKind
from devices.drivers.displays import TEST_TEXT
from devices.simulators.displays import LedBusSimulator
from devices.simulators.keypad import KeypadSimulator
from devices.simulators.readers import SAMPLE_CARD, CardReaderSimulator, IdCardSimulator
from tests.helpers.counter import NOW, Counter, audit_actions, last_audit_id
from ui.app import WINDOW_SIZE, install_translations, prepare_application
from ui.device_bridge import DeviceBridge
from ui.devices_page import (
    DevicesDialog,
    DeviceSetupError,
    DevicesModel,
    Problem,
    Shown,
    parse_hall_rows,
)
from ui.operations import WORKER_NAME

SHOWN, RAISED = "propagateSizeHints", "does not support raise"
pytestmark = pytest.mark.qt_log_ignore(SHOWN, RAISED)

WAIT_MS = 10_000

STRIP = DeviceConfig("window_display", DeviceKind.LED_STRIP, "virtual:led-bus", address=1)
HALL = DeviceConfig(
    "hall_screen",
    DeviceKind.HALL_SCREEN,
    "virtual:led-bus",
    address=11,
    options={"rows": [[11, "{number}号 → {window}号窗口"], [12, "{notice}"]]},
)
KEYPAD = DeviceConfig("keypad", DeviceKind.CALLER_KEYPAD, "virtual:keypad-bus", address=3)
EVALUATOR = DeviceConfig(
    "evaluator", DeviceKind.EVALUATOR, "virtual:keypad-bus", address=3, enabled=False
)
CARD = DeviceConfig("card_reader", DeviceKind.CARD_READER, "virtual:card-reader", address=0)
ID_READER = DeviceConfig(
    "id_reader", DeviceKind.ID_READER, "virtual:id-reader", address=0, baudrate=115_200
)


@pytest.fixture(autouse=True)
def _english(qapp: QApplication) -> Iterator[None]:
    install_translations(qapp, "en")
    yield
    install_translations(qapp, "en")


@pytest.fixture
def start_devices() -> Iterator[Callable[[Iterable[DeviceConfig]], DeviceBridge]]:
    """Starts a real bridge on the given devices; stops it and forgets every wire afterwards."""
    bridges: list[DeviceBridge] = []

    def start(configs: Iterable[DeviceConfig]) -> DeviceBridge:
        bridge = DeviceBridge(list(configs))
        bridges.append(bridge)
        bridge.start()
        return bridge

    yield start
    for bridge in bridges:
        bridge.stop()
    virtual.reset()


@pytest.fixture
def open_page(
    qtbot: QtBot, counter: Counter, start_devices: object
) -> Iterator[Callable[..., DevicesDialog]]:
    """Shows the page for the manager (or ``clerk``) and waits until it has read the devices.

    Asks for ``start_devices`` so that the pages are shut down before the bridges stop.
    """
    made: list[DevicesDialog] = []

    def opened(
        bridge: DeviceBridge | None = None, *, clerk: SignedIn | None = None
    ) -> DevicesDialog:
        dialog = DevicesDialog(counter.engine, clerk or counter.manager, bridge, clock=lambda: NOW)
        qtbot.addWidget(dialog)
        made.append(dialog)
        with qtbot.waitExposed(dialog):
            dialog.show()
        qtbot.waitUntil(lambda: dialog.loaded, timeout=WAIT_MS)
        assert dialog.model.rowCount() == len(stored(counter))
        return dialog

    yield opened
    for dialog in made:
        dialog.shutdown()
    workers = [t for t in threading.enumerate() if t.name.startswith(WORKER_NAME)]
    assert not [t for t in workers if t.is_alive()], "a worker thread outlived its test"


def store(counter: Counter, *configs: DeviceConfig) -> None:
    with counter.engine.begin() as connection:
        for config in configs:
            device_config.save(connection, config, by=counter.admin, now=NOW)


def stored(counter: Counter) -> dict[str, DeviceConfig]:
    with counter.engine.connect() as connection:
        return device_config.load_all(connection)


def cell(dialog: DevicesDialog, name: str, column: int, role: int = 0) -> object:
    row = dialog.model.row_of(name)
    assert row is not None, name
    return dialog.model.data(dialog.model.index(row, column), role)


def wait_shown(qtbot: QtBot, dialog: DevicesDialog, name: str, shown: Shown) -> None:
    qtbot.waitUntil(lambda: dialog.model.shown(name) is shown, timeout=WAIT_MS)


def select(qtbot: QtBot, dialog: DevicesDialog, name: str) -> None:
    row = dialog.model.row_of(name)
    assert row is not None, name
    dialog.table.setFocus()
    dialog.table.selectRow(row)
    assert dialog.editing == name


def settle(qtbot: QtBot, dialog: DevicesDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.busy, timeout=WAIT_MS)


def ctrl(qtbot: QtBot, dialog: DevicesDialog, key: Qt.Key) -> None:
    qtbot.keyClick(dialog.focusWidget() or dialog, key, Qt.KeyboardModifier.ControlModifier)


def fill(qtbot: QtBot, dialog: DevicesDialog, name: str, kind: DeviceKind, port: str) -> None:
    """A new device typed in as IT would: Ctrl+N, the name, the kind, the port."""
    ctrl(qtbot, dialog, Qt.Key.Key_N)
    assert dialog.focusWidget() is dialog.name
    qtbot.keyClicks(dialog.name, name)
    dialog.kind.setCurrentIndex(dialog.kind.findData(kind))
    dialog.kind.activated.emit(dialog.kind.currentIndex())
    dialog.port.lineEdit().clear()
    qtbot.keyClicks(dialog.port.lineEdit(), port)


# --- the list ---------------------------------------------------------------------------------


def test_the_list_shows_each_device_in_words_with_its_live_state(
    qtbot: QtBot, counter: Counter, start_devices: Callable[..., DeviceBridge],
    open_page: Callable[..., DevicesDialog],
) -> None:  # fmt: skip
    store(counter, STRIP, HALL, KEYPAD, EVALUATOR, CARD)
    virtual.attach("led-bus", LedBusSimulator)
    virtual.attach("keypad-bus", lambda send: KeypadSimulator(send, callers=(3,)))
    virtual.attach("card-reader", CardReaderSimulator)
    dialog = open_page(start_devices(stored(counter).values()))
    for name in ("window_display", "hall_screen", "keypad", "card_reader"):
        wait_shown(qtbot, dialog, name, Shown.WORKING)

    assert [config.name for config in dialog.model.devices] == [
        "card_reader", "evaluator", "hall_screen", "keypad", "window_display",
    ]  # fmt: skip
    kinds = [cell(dialog, c.name, DevicesModel.KIND) for c in dialog.model.devices]
    assert kinds == ["Card reader", "Evaluator", "Hall screen", "Caller keypad",
                     "Window LED strip"]  # fmt: skip
    assert cell(dialog, "hall_screen", DevicesModel.ADDRESS) == "11, 12"
    assert cell(dialog, "card_reader", DevicesModel.ADDRESS) == "—"
    assert cell(dialog, "keypad", DevicesModel.PORT) == "virtual:keypad-bus"
    assert cell(dialog, "window_display", DevicesModel.STATE) == "Working"
    assert cell(dialog, "evaluator", DevicesModel.STATE) == "Switched off"
    dot = cell(dialog, "window_display", DevicesModel.STATE, Qt.ItemDataRole.DecorationRole)
    assert dot is not None
    # The first device is open in the editor and the list has the keys.
    assert dialog.editing == "card_reader"
    assert dialog.focusWidget() is dialog.table
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    assert dialog.editing == "evaluator"
    assert not dialog.enabled.isChecked()
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    assert dialog.editing == "hall_screen"
    assert dialog.rows.toPlainText() == "11: {number}号 → {window}号窗口\n12: {notice}"
    assert not dialog.address.isVisibleTo(dialog)
    assert dialog.rows.isVisibleTo(dialog)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.focusWidget() is dialog.name


def test_no_devices_opens_a_new_one_and_no_bridge_says_not_running(
    qtbot: QtBot, counter: Counter, open_page: Callable[..., DevicesDialog]
) -> None:
    store(counter, STRIP)
    dialog = open_page(None)
    assert cell(dialog, "window_display", DevicesModel.STATE) == "Not running"
    select(qtbot, dialog, "window_display")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert dialog.list_text().startswith("window_display is not running yet.")


# --- saving -----------------------------------------------------------------------------------


def test_saving_a_led_strip_stores_it_lists_it_and_says_so(
    qtbot: QtBot, counter: Counter, open_page: Callable[..., DevicesDialog]
) -> None:
    dialog = open_page(None)
    assert dialog.editing is None
    assert dialog.focusWidget() is dialog.name
    fill(qtbot, dialog, "window_display", DeviceKind.LED_STRIP, "virtual:led-bus")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # Enter moves down the form
    assert dialog.focusWidget() is dialog.kind
    assert dialog.template.text() == DEFAULT_TEMPLATE
    assert dialog.baud.currentData() == 9600
    dialog.address.setValue(2)
    before = last_audit_id(counter.engine)
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        ctrl(qtbot, dialog, Qt.Key.Key_S)
    settle(qtbot, dialog)

    assert stored(counter) == {
        "window_display": DeviceConfig("window_display", DeviceKind.LED_STRIP, "virtual:led-bus",
                                       address=2, options={"template": DEFAULT_TEMPLATE})
    }  # fmt: skip
    assert audit_actions(counter.engine, after_id=before) == ["device.saved"]
    assert dialog.model.row_of("window_display") == 0
    assert dialog.editing == "window_display"
    assert (
        dialog.problem.text()
        == "window_display is saved. The devices restart with the new settings."
    )


def test_each_kind_saves_its_own_options(
    qtbot: QtBot, counter: Counter, open_page: Callable[..., DevicesDialog]
) -> None:
    dialog = open_page(None)
    fill(qtbot, dialog, "hall", DeviceKind.HALL_SCREEN, "virtual:led-bus")
    dialog.rows.setPlainText("21: {number} → {window}\n\n22：欢迎光临 {notice}\n")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        dialog.save()
    fill(qtbot, dialog, "numbers", DeviceKind.MODBUS_DISPLAY, "COM7")
    dialog.register.setValue(40)
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        dialog.save()
    fill(qtbot, dialog, "swipe", DeviceKind.CARD_READER, "socket://10.0.0.9:7001")
    assert not dialog.address.isVisibleTo(dialog)
    dialog.pattern.setCurrentIndex(dialog.pattern.findData("rfid_hex"))
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        dialog.save()
    fill(qtbot, dialog, "id_card", DeviceKind.ID_READER, "COM9")
    assert dialog.baud.currentData() == 115_200
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        dialog.save()
    settle(qtbot, dialog)

    devices = stored(counter)
    assert devices["hall"].hall_rows == ((21, "{number} → {window}"), (22, "欢迎光临 {notice}"))
    assert devices["numbers"].register == 40
    assert devices["swipe"].options == {"pattern": "rfid_hex"}
    assert devices["swipe"].address == 0
    assert devices["id_card"].baudrate == 115_200
    assert dialog.model.rowCount() == 4


@pytest.mark.parametrize(
    ("port", "message"),
    [
        ("virtual:", "“virtual:” is not a port. Use COM3, /dev/ttyUSB0, socket://host:port or "
                     "virtual:name."),
        ("http://x", "“http://x” is not a port. Use COM3, /dev/ttyUSB0, socket://host:port or "
                     "virtual:name."),
        ("", "Give the port the device is plugged into, such as COM3."),
    ],
)  # fmt: skip
def test_a_bad_port_is_explained_under_the_form_and_nothing_is_saved(
    qtbot: QtBot, counter: Counter, open_page: Callable[..., DevicesDialog], port: str,
    message: str,
) -> None:  # fmt: skip
    dialog = open_page(None)
    fill(qtbot, dialog, "window_display", DeviceKind.LED_STRIP, port)
    with qtbot.assertNotEmitted(dialog.saved, wait=200):
        ctrl(qtbot, dialog, Qt.Key.Key_S)
    assert dialog.problem.isVisible()
    assert dialog.problem.text() == message
    assert dialog.focusWidget() is dialog.port
    assert stored(counter) == {}


@pytest.mark.parametrize(
    ("kind", "port", "address", "message"),
    [
        (DeviceKind.LED_STRIP, "virtual:led-bus", 1,
         "Address 1 on virtual:led-bus is taken by window_display. Choose another address."),
        (DeviceKind.CALLER_KEYPAD, "virtual:led-bus", 5,
         "second cannot share virtual:led-bus with window_display: they speak different "
         "protocols. Give each its own port."),
        (DeviceKind.CARD_READER, "virtual:card-reader", 0,
         "card_reader already uses virtual:card-reader, and a reader needs a port of its own. "
         "Choose another port."),
    ],
)  # fmt: skip
def test_a_clash_with_another_device_names_it_and_nothing_is_saved(
    qtbot: QtBot, counter: Counter, open_page: Callable[..., DevicesDialog], kind: DeviceKind,
    port: str, address: int, message: str,
) -> None:  # fmt: skip
    store(counter, STRIP, CARD)
    dialog = open_page(None)
    fill(qtbot, dialog, "second", kind, port)
    dialog.address.setValue(address)
    with qtbot.assertNotEmitted(dialog.saved, wait=100):
        dialog.save()
        settle(qtbot, dialog)
    assert dialog.problem.text() == message
    assert set(stored(counter)) == {"window_display", "card_reader"}
    assert dialog.name.isEnabled()  # the form is back for the fix


def test_a_second_bus_speed_and_a_taken_name_are_refused(
    qtbot: QtBot, counter: Counter, open_page: Callable[..., DevicesDialog]
) -> None:
    store(counter, STRIP)
    dialog = open_page(None)
    fill(qtbot, dialog, "second", DeviceKind.LED_STRIP, "virtual:led-bus")
    dialog.address.setValue(2)
    dialog.baud.setCurrentIndex(dialog.baud.findData(19_200))
    dialog.save()
    settle(qtbot, dialog)
    assert dialog.problem.text() == (
        "window_display already uses virtual:led-bus at 9600 baud; devices on one port share one "
        "speed. Set 9600 here, or use another port."
    )
    assert dialog.focusWidget() is dialog.baud
    fill(qtbot, dialog, "window_display", DeviceKind.LED_STRIP, "virtual:other-bus")
    dialog.save()
    settle(qtbot, dialog)
    assert dialog.problem.text().startswith("There is already a device called window_display.")
    assert stored(counter) == {"window_display": STRIP}


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: d.name.setText("window display"),
         "“window display” cannot be a device name: use one short word of letters, digits and _ "
         "(such as window_display), up to 32 characters."),
        (lambda d: d.address.setText(""),
         "Give the device's address on its bus, 0 to 254 (set on the device itself)."),
        (lambda d: d.template.setText("请{number号"),
         "The text “请{number号” cannot be shown: write {number} for the ticket and {window} for "
         "the window, in braces, and nothing else in braces."),
    ],
)  # fmt: skip
def test_form_problems_name_the_field(
    qtbot: QtBot, counter: Counter, open_page: Callable[..., DevicesDialog],
    setup: Callable[[DevicesDialog], None], message: str,
) -> None:  # fmt: skip
    dialog = open_page(None)
    fill(qtbot, dialog, "window_display", DeviceKind.LED_STRIP, "COM3")
    setup(dialog)
    dialog.save()
    assert dialog.problem.text() == message
    assert not dialog.busy
    assert stored(counter) == {}


@pytest.mark.parametrize(
    ("rows", "problem", "values"),
    [
        ("", Problem.ROWS_MISSING, ()),
        ("11 {number}", Problem.ROW_FORMAT, ("1",)),
        ("11: {number}\nx: {notice}", Problem.ROW_FORMAT, ("2",)),
        ("300: {number}", Problem.ROW_ADDRESS, ("1",)),
        ("11: {number}\n11: {notice}", Problem.ROW_TWICE, ("11",)),
        ("11: {ticket}", Problem.ROW_TEMPLATE, ("1",)),
    ],
)
def test_hall_rows_are_read_line_by_line(
    rows: str, problem: Problem, values: tuple[str, ...]
) -> None:
    with pytest.raises(DeviceSetupError) as refused:
        parse_hall_rows(rows)
    assert (refused.value.problem, refused.value.values) == (problem, values)


def test_renaming_replaces_the_old_name_in_one_go(
    qtbot: QtBot, counter: Counter, open_page: Callable[..., DevicesDialog]
) -> None:
    store(counter, STRIP)
    dialog = open_page(None)
    select(qtbot, dialog, "window_display")
    dialog.name.setText("strip_3")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        dialog.save()
    settle(qtbot, dialog)
    assert list(stored(counter)) == ["strip_3"]
    assert [config.name for config in dialog.model.devices] == ["strip_3"]
    assert dialog.editing == "strip_3"


def test_a_clerk_may_look_and_test_but_is_refused_a_change(
    qtbot: QtBot, counter: Counter, open_page: Callable[..., DevicesDialog]
) -> None:
    store(counter, STRIP)
    dialog = open_page(None, clerk=counter.clerk)
    assert dialog.problem.text() == (
        "Only a manager or IT can change the devices. You can test them from the list."
    )
    assert not dialog.save_button.isEnabled()
    assert not dialog.name.isEnabled()
    assert dialog.test_button.isEnabled()
    # Ctrl+S still reaches the service, which refuses.
    with qtbot.assertNotEmitted(dialog.saved, wait=100):
        dialog.address.setValue(7)
        ctrl(qtbot, dialog, Qt.Key.Key_S)
        settle(qtbot, dialog)
    assert dialog.problem.text().startswith("0107 (clerk) may not do this")
    assert stored(counter) == {"window_display": STRIP}
    with counter.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM device")).scalar_one() == 1


def test_a_keyboard_wedge_reader_has_no_port_to_watch(
    qtbot: QtBot, counter: Counter, open_page: Callable[..., DevicesDialog]
) -> None:
    dialog = open_page(None)
    fill(qtbot, dialog, "wedge", DeviceKind.CARD_READER, "")
    keyboard = dialog.port.findData("keyboard")
    assert keyboard >= 0  # offered for card readers only
    dialog.port.activated.emit(keyboard)
    assert dialog.port.currentText() == "keyboard"
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        dialog.save()
    settle(qtbot, dialog)
    assert stored(counter)["wedge"].port == "keyboard"
    assert cell(dialog, "wedge", DevicesModel.STATE) == "Types into the app"
    dialog.test()
    assert dialog.list_text().startswith("wedge types into the app")
    fill(qtbot, dialog, "strip", DeviceKind.LED_STRIP, "keyboard")
    assert dialog.port.findData("keyboard") < 0
    dialog.save()
    assert dialog.problem.text().startswith("Only a card reader can type into the app")


# --- removing ---------------------------------------------------------------------------------


def test_remove_asks_once_more_and_esc_keeps_the_device(
    qtbot: QtBot, counter: Counter, open_page: Callable[..., DevicesDialog]
) -> None:
    store(counter, STRIP, KEYPAD)
    dialog = open_page(None)
    select(qtbot, dialog, "window_display")
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert (
        dialog.list_text() == "Remove window_display? Press Remove again to confirm; Esc keeps it."
    )
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    assert dialog.list_text() == ""
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    settle(qtbot, dialog)
    assert list(stored(counter)) == ["keypad"]
    assert [config.name for config in dialog.model.devices] == ["keypad"]
    assert dialog.list_text() == "window_display is removed. The devices restart without it."
    assert dialog.editing == "keypad"
    with qtbot.waitSignal(dialog.rejected, timeout=WAIT_MS):
        qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)


# --- testing devices --------------------------------------------------------------------------


def test_test_on_a_led_strip_shows_the_test_text_on_its_screen(
    qtbot: QtBot, counter: Counter, start_devices: Callable[..., DeviceBridge],
    open_page: Callable[..., DevicesDialog],
) -> None:  # fmt: skip
    store(counter, STRIP, HALL)
    bus = virtual.attach("led-bus", LedBusSimulator)
    dialog = open_page(start_devices(stored(counter).values()))
    wait_shown(qtbot, dialog, "window_display", Shown.WORKING)
    select(qtbot, dialog, "window_display")
    ctrl(qtbot, dialog, Qt.Key.Key_T)
    assert dialog.list_text() == f"The display should now show {TEST_TEXT}"
    qtbot.waitUntil(lambda: bus.text(1) == TEST_TEXT, timeout=WAIT_MS)
    assert bus.text(11) is None  # only the strip tested, not the hall screen


def test_test_on_a_keypad_beeps_and_shows_888(
    qtbot: QtBot, counter: Counter, start_devices: Callable[..., DeviceBridge],
    open_page: Callable[..., DevicesDialog],
) -> None:  # fmt: skip
    store(counter, KEYPAD)
    keypad = virtual.attach("keypad-bus", lambda send: KeypadSimulator(send, callers=(3,)))
    dialog = open_page(start_devices(stored(counter).values()))
    wait_shown(qtbot, dialog, "keypad", Shown.WORKING)
    select(qtbot, dialog, "keypad")
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    assert dialog.list_text() == "The keypad should beep and show 888."
    qtbot.waitUntil(lambda: keypad.view(3).beeps == 1 and keypad.view(3).ticket == "888",
                    timeout=WAIT_MS)  # fmt: skip


def test_test_on_a_card_reader_shows_the_next_card_swiped(
    qtbot: QtBot, counter: Counter, start_devices: Callable[..., DeviceBridge],
    open_page: Callable[..., DevicesDialog],
) -> None:  # fmt: skip
    store(counter, CARD)
    reader = virtual.attach("card-reader", CardReaderSimulator)
    dialog = open_page(start_devices(stored(counter).values()))
    wait_shown(qtbot, dialog, "card_reader", Shown.WORKING)
    select(qtbot, dialog, "card_reader")
    ctrl(qtbot, dialog, Qt.Key.Key_T)
    assert dialog.list_text() == "Swipe a card on card_reader now…"
    reader.swipe("3301020456")
    qtbot.waitUntil(lambda: dialog.list_text() == "card_reader read card 3301020456.",
                    timeout=WAIT_MS)  # fmt: skip
    assert not dialog.read_timer.isActive()


def test_a_reader_test_gives_up_after_its_time(
    qtbot: QtBot, counter: Counter, start_devices: Callable[..., DeviceBridge],
    open_page: Callable[..., DevicesDialog],
) -> None:  # fmt: skip
    store(counter, CARD)
    virtual.attach("card-reader", CardReaderSimulator)
    dialog = open_page(start_devices(stored(counter).values()))
    wait_shown(qtbot, dialog, "card_reader", Shown.WORKING)
    select(qtbot, dialog, "card_reader")
    dialog.read_timeout_ms = 1_000
    dialog.test()
    qtbot.waitUntil(lambda: dialog.list_text().startswith("No card read in 1 s."), timeout=WAIT_MS)
    assert dialog.reading is None


def test_test_on_an_id_reader_shows_the_name_and_a_masked_number(
    qtbot: QtBot, counter: Counter, start_devices: Callable[..., DeviceBridge],
    open_page: Callable[..., DevicesDialog],
) -> None:  # fmt: skip
    store(counter, ID_READER)
    reader = virtual.attach("id-reader", IdCardSimulator)
    dialog = open_page(start_devices(stored(counter).values()))
    wait_shown(qtbot, dialog, "id_reader", Shown.WORKING)
    select(qtbot, dialog, "id_reader")
    dialog.test()
    assert dialog.list_text() == "Lay an ID card on id_reader now…"
    reader.present(SAMPLE_CARD)
    qtbot.waitUntil(
        lambda: dialog.list_text() == "id_reader read the ID card of 张三 110105********0017.",
        timeout=WAIT_MS,
    )


def test_an_unplugged_wire_turns_the_state_and_test_says_so(
    qtbot: QtBot, counter: Counter, start_devices: Callable[..., DeviceBridge],
    open_page: Callable[..., DevicesDialog],
) -> None:  # fmt: skip
    store(counter, STRIP, KEYPAD)
    virtual.attach("led-bus", LedBusSimulator)
    virtual.attach("keypad-bus", lambda send: KeypadSimulator(send, callers=(3,)))
    dialog = open_page(start_devices(stored(counter).values()))
    wait_shown(qtbot, dialog, "window_display", Shown.WORKING)
    virtual.wire("led-bus").unplug()
    wait_shown(qtbot, dialog, "window_display", Shown.NOT_CONNECTED)
    assert cell(dialog, "window_display", DevicesModel.STATE) == "Not connected"
    assert "virtual:led-bus" in str(
        cell(dialog, "window_display", DevicesModel.STATE, Qt.ItemDataRole.ToolTipRole)
    )
    assert dialog.model.shown("keypad") is Shown.WORKING
    select(qtbot, dialog, "window_display")
    dialog.test()
    assert dialog.list_text().startswith(
        "window_display is not ready (Not connected), so it cannot be tested."
    )
    virtual.wire("led-bus").replug()
    wait_shown(qtbot, dialog, "window_display", Shown.WORKING)


def test_a_new_bridge_after_saving_is_followed(
    qtbot: QtBot, counter: Counter, start_devices: Callable[..., DeviceBridge],
    open_page: Callable[..., DevicesDialog],
) -> None:  # fmt: skip
    virtual.attach("led-bus", LedBusSimulator)
    dialog = open_page(None)
    fill(qtbot, dialog, "window_display", DeviceKind.LED_STRIP, "virtual:led-bus")
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        dialog.save()
    settle(qtbot, dialog)
    assert dialog.model.shown("window_display") is Shown.NOT_RUNNING
    dialog.set_bridge(start_devices(stored(counter).values()))  # what the window does
    wait_shown(qtbot, dialog, "window_display", Shown.WORKING)


# --- the screenshot ---------------------------------------------------------------------------


def test_the_page_fits_the_screen_with_live_devices(
    qtbot: QtBot, qapp: QApplication, counter: Counter,
    start_devices: Callable[..., DeviceBridge], open_page: Callable[..., DevicesDialog],
) -> None:  # fmt: skip
    """Five devices in zh_CN, one unplugged and one off; COUNTERDESK_SCREENSHOTS saves the PNG."""
    prepare_application(qapp, "zh_CN")
    store(counter, STRIP, HALL, KEYPAD, EVALUATOR, CARD)
    virtual.attach("led-bus", LedBusSimulator)
    virtual.attach("keypad-bus", lambda send: KeypadSimulator(send, callers=(3,)))
    virtual.wire("card-reader").unplug()
    dialog = open_page(start_devices(stored(counter).values()))
    for name in ("window_display", "hall_screen", "keypad"):
        wait_shown(qtbot, dialog, name, Shown.WORKING)
    wait_shown(qtbot, dialog, "card_reader", Shown.NOT_CONNECTED)
    select(qtbot, dialog, "window_display")
    dialog.test()
    width, height = WINDOW_SIZE
    hint = dialog.sizeHint()
    assert hint.width() <= width
    assert hint.height() <= height
    for column in range(dialog.model.columnCount()):
        index = dialog.model.index(0, column, QModelIndex())
        assert dialog.table.visualRect(index).right() <= dialog.table.viewport().width()
    qtbot.wait(20)
    folder = os.environ.get("COUNTERDESK_SCREENSHOTS")
    if folder:
        dialog.grab().save(str(Path(folder) / "devices-settings.png"))
