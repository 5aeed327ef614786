"""Devices in the counter window: a swiped card or an ID card opens the account, a keyboard-wedge
reader is told from a person typing, and the status bar shows each device's state.

The devices are the real simulators on ``virtual:`` wires behind the real link, codecs and drivers;
only the wedge test's timing uses an injected clock (a person's key rhythm cannot be produced by
QTest, which sends keys as fast as it can).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import text

from counterdesk.services.auth import CLI_ADMIN
from counterdesk.store.database import make_engine
from counterdesk.store.migrate import upgrade
from devices import config, virtual
from devices.config import DeviceConfig
from devices.events import KeypadKey
from devices.state import DeviceState
from tests.conftest import SEED_AS_OF
from tests.helpers.counter import NOW, add_people, open_shift
from ui.app import make_window
from ui.card_wedge import WedgeDetector
from ui.counter_window import CounterWindow
from ui.pay_panel import PayState
from ui.virtual_devices import HallSimulators, VirtualDevicesWindow, attach_simulators, demo_card

pytestmark = pytest.mark.qt_log_ignore("propagateSizeHints", "does not support raise")

ID_NUMBER = "11010519491231002X"
SAVED_AT = NOW


def with_devices(small_city: Path, tmp_path: Path, devices: list[DeviceConfig]) -> Path:
    db_path = tmp_path / "terminal.db"
    shutil.copy(small_city, db_path)
    engine = make_engine(db_path)
    upgrade(engine)
    with engine.begin() as connection:
        for device in devices:
            config.save(connection, device, by=CLI_ADMIN, now=SAVED_AT)
        connection.execute(
            text("UPDATE customer SET id_number = :n WHERE id = (SELECT min(id) FROM customer)"),
            {"n": ID_NUMBER},
        )
    counter = add_people(engine)
    open_shift(counter)
    engine.dispose()
    return db_path


@pytest.fixture
def hall(
    request: pytest.FixtureRequest, qtbot: QtBot, small_city: Path, tmp_path: Path
) -> Iterator[tuple[CounterWindow, HallSimulators]]:
    devices = config.demo_devices("1")
    db_path = with_devices(small_city, tmp_path, devices)
    sims = attach_simulators(devices, demo_card("示例", ID_NUMBER))
    engine = make_engine(db_path)
    from tests.helpers.counter import Counter  # noqa: F401 - the clerk comes from add_people

    with engine.connect() as connection:
        clerk_row = connection.execute(
            text("SELECT id, number, name FROM clerk WHERE role = 'clerk'")
        ).first()
    engine.dispose()
    from counterdesk.domain.permissions import Role
    from counterdesk.services.auth import SignedIn

    assert clerk_row is not None
    clerk = SignedIn(clerk_row.id, clerk_row.number, clerk_row.name, Role.CLERK)
    window = make_window(db_path, getattr(request, "param", "en"), today=SEED_AS_OF, clerk=clerk)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.devices.bridge is not None and window.shift is not None)
    bridge = window.devices.bridge
    assert bridge is not None
    qtbot.waitUntil(
        lambda: all(s.state is DeviceState.READY for s in bridge.statuses()), timeout=5000
    )
    yield window, sims
    window.shutdown()
    virtual.reset()


def account_number_of_first_customer(window: CounterWindow) -> tuple[int, str]:
    with window.engine.connect() as connection:
        row = connection.execute(
            text(
                "SELECT a.id, a.number FROM account AS a WHERE a.customer_id = "
                "(SELECT min(id) FROM customer) ORDER BY a.id LIMIT 1"
            )
        ).one()
    return int(row.id), str(row.number)


def test_a_swiped_card_opens_its_account(
    qtbot: QtBot, hall: tuple[CounterWindow, HallSimulators]
) -> None:
    window, sims = hall
    account_id, number = account_number_of_first_customer(window)
    sims.card_reader.swipe(number)
    qtbot.waitUntil(
        lambda: window.customer.view is not None and window.customer.view.account_id == account_id,
        timeout=5000,
    )
    assert number in window.statusBar().currentMessage()


def test_a_card_for_no_account_says_so_and_opens_nothing(
    qtbot: QtBot, hall: tuple[CounterWindow, HallSimulators]
) -> None:
    window, sims = hall
    sims.card_reader.swipe("9999999999999")
    qtbot.waitUntil(lambda: "names no account" in window.search.message.text(), timeout=5000)
    assert window.customer.view is None
    assert window.search.model.rowCount() == 0


def test_an_id_card_opens_the_holders_account(
    qtbot: QtBot, hall: tuple[CounterWindow, HallSimulators]
) -> None:
    window, sims = hall
    account_id, _ = account_number_of_first_customer(window)
    sims.id_card.present(sims.card)
    qtbot.waitUntil(
        lambda: window.customer.view is not None and window.customer.view.account_id == account_id,
        timeout=5000,
    )
    card = window.devices.last_id_card
    assert card is not None
    assert card.id_number == ID_NUMBER
    message = window.statusBar().currentMessage()
    assert ID_NUMBER not in message  # masked where shown
    assert "示例" in message


def test_an_unknown_id_card_is_kept_for_an_application(
    qtbot: QtBot, hall: tuple[CounterWindow, HallSimulators]
) -> None:
    window, sims = hall
    sims.id_card.present(demo_card("李四", "110105199003070017"))
    qtbot.waitUntil(lambda: "no account here" in window.search.message.text(), timeout=5000)
    assert window.devices.last_id_card is not None
    assert window.devices.last_id_card.name == "李四"
    assert window.customer.view is None


def test_a_card_during_a_payment_does_not_change_the_customer(
    qtbot: QtBot, hall: tuple[CounterWindow, HallSimulators]
) -> None:
    window, sims = hall
    account_id, _ = account_number_of_first_customer(window)
    with window.engine.connect() as connection:
        other = connection.execute(
            text("SELECT number FROM account WHERE id <> :id ORDER BY id LIMIT 1"),
            {"id": account_id},
        ).scalar_one()
    window.customer.open_account(account_id)
    qtbot.waitUntil(lambda: window.customer.view is not None)
    qtbot.keyClick(window, Qt.Key.Key_F7)
    qtbot.waitUntil(lambda: window.task.pay_panel.state is PayState.ENTERING)
    sims.card_reader.swipe(str(other))
    qtbot.waitUntil(lambda: "during a payment" in window.statusBar().currentMessage(), timeout=5000)
    assert window.customer.view is not None
    assert window.customer.view.account_id == account_id


def test_keypad_keys_and_ratings_reach_the_window(
    qtbot: QtBot, hall: tuple[CounterWindow, HallSimulators]
) -> None:
    window, sims = hall
    with qtbot.waitSignal(window.devices.queue_key, timeout=5000) as pressed:
        sims.keypad.press(KeypadKey.CALL, 3)
    assert pressed.args == ["keypad", KeypadKey.CALL]
    with qtbot.waitSignal(window.devices.rating_given, timeout=5000) as rated:
        sims.keypad.rate(5, 3)
    assert rated.args == ["evaluator", 5]


def test_a_call_reaches_the_window_display_the_hall_screen_and_the_keypad(
    qtbot: QtBot, hall: tuple[CounterWindow, HallSimulators]
) -> None:
    window, sims = hall
    bridge = window.devices.bridge
    assert bridge is not None
    bridge.show_call("A023", "3")
    qtbot.waitUntil(lambda: sims.led.text(1) == "请A023号到3号窗口", timeout=5000)
    qtbot.waitUntil(lambda: sims.led.text(11) == "A023号 → 3号窗口", timeout=5000)
    qtbot.waitUntil(lambda: sims.keypad.view(3).ticket == "023", timeout=5000)


def test_the_status_bar_shows_a_device_unplugged_and_back(
    qtbot: QtBot, hall: tuple[CounterWindow, HallSimulators]
) -> None:
    window, _ = hall
    indicator = window.devices.indicator
    assert "not connected" not in indicator.toolTip()
    virtual.wire("card-reader").unplug()
    qtbot.waitUntil(
        lambda: "card_reader" in indicator.toolTip() and "not connected" in indicator.toolTip(),
        timeout=5000,
    )
    virtual.wire("card-reader").replug()
    qtbot.waitUntil(lambda: "not connected" not in indicator.toolTip(), timeout=5000)


def test_a_keyboard_wedge_swipe_opens_the_account_and_leaves_the_field_clean(
    qtbot: QtBot, hall: tuple[CounterWindow, HallSimulators]
) -> None:
    window, _ = hall
    assert window.devices.wedge is not None
    account_id, number = account_number_of_first_customer(window)
    box = window.search.box
    box.setFocus()
    qtbot.keyClicks(box, f";{number}=4912101?")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: window.customer.view is not None and window.customer.view.account_id == account_id,
        timeout=5000,
    )
    assert box.text() == ""


def test_a_person_typing_is_not_taken_for_a_card(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QLineEdit

    from devices.codecs.cardline import DIGITS

    ticks = iter(range(1000))
    wedge = WedgeDetector(DIGITS, clock=lambda: next(ticks) * 0.12)  # 120 ms between keys
    field = QLineEdit()
    qtbot.addWidget(field)
    field.installEventFilter(wedge)
    swiped: list[str] = []
    wedge.swiped.connect(lambda number, _raw: swiped.append(number))
    qtbot.keyClicks(field, "32010012345")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert swiped == []
    assert field.text() == "32010012345"

    fast = WedgeDetector(DIGITS, clock=lambda: 0.0)
    field.removeEventFilter(wedge)
    field.installEventFilter(fast)
    fast.swiped.connect(lambda number, _raw: swiped.append(number))
    field.clear()
    qtbot.keyClicks(field, "32010012345")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert swiped == ["32010012345"]
    assert field.text() == ""


def test_a_broken_device_configuration_is_shown_and_payments_go_on(
    qtbot: QtBot, small_city: Path, tmp_path: Path
) -> None:
    db_path = with_devices(small_city, tmp_path, [])
    engine = make_engine(db_path)
    with engine.begin() as connection:  # two readers on one port, written past the checks
        for name in ("reader_a", "reader_b"):
            connection.execute(
                text(
                    "INSERT INTO device (name, kind, port, address, baudrate, options, enabled) "
                    "VALUES (:n, 'card_reader', 'virtual:same', 0, 9600, '{}', 1)"
                ),
                {"n": name},
            )
    engine.dispose()
    window = make_window(db_path, "en", today=SEED_AS_OF)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: "set-up error" in window.devices.indicator.text(), timeout=5000)
    assert "only one reader" in window.devices.indicator.toolTip()
    window.shutdown()


def test_the_virtual_devices_window_drives_the_simulators(
    qtbot: QtBot, hall: tuple[CounterWindow, HallSimulators]
) -> None:
    window, sims = hall
    panel = VirtualDevicesWindow(sims, account_hint="")
    qtbot.addWidget(panel)
    with qtbot.waitSignal(window.devices.queue_key, timeout=5000) as pressed:
        panel.key_buttons[KeypadKey.RECALL].click()
    assert pressed.args[1] is KeypadKey.RECALL
    bridge = window.devices.bridge
    assert bridge is not None
    bridge.show_call("B007", "3")
    qtbot.waitUntil(lambda: panel.strip.text() == "请B007号到3号窗口", timeout=5000)
    panel.present_button.click()
    qtbot.waitUntil(lambda: "示例" in panel.reader_state.text(), timeout=5000)


def test_the_settings_page_follows_a_restart_and_holds_test_swipes(
    qtbot: QtBot, hall: tuple[CounterWindow, HallSimulators]
) -> None:
    window, sims = hall
    account_id, number = account_number_of_first_customer(window)
    window.open_devices()
    dialog = window.devices_dialog
    qtbot.waitUntil(dialog.isVisible)
    old = window.devices.bridge
    window.devices.restart()
    qtbot.waitUntil(
        lambda: window.devices.bridge is not old and dialog.bridge is window.devices.bridge
    )
    bridge = window.devices.bridge
    assert bridge is not None
    qtbot.waitUntil(
        lambda: all(s.state is DeviceState.READY for s in bridge.statuses()), timeout=5000
    )
    with qtbot.waitSignal(bridge.card_read, timeout=5000):
        sims.card_reader.swipe(number)  # a test swipe on the page
    qtbot.wait(200)
    assert window.customer.view is None
    dialog.close()
    qtbot.waitUntil(lambda: not window.devices.held)
    sims.card_reader.swipe(number)
    qtbot.waitUntil(
        lambda: window.customer.view is not None and window.customer.view.account_id == account_id,
        timeout=5000,
    )


@pytest.mark.parametrize("hall", ["zh_CN"], indirect=True)
def test_screenshots_of_the_devices_in_chinese(
    qtbot: QtBot, hall: tuple[CounterWindow, HallSimulators], qapp: object
) -> None:
    """The status bar with a device away and the virtual hall devices, in the clerks' language.

    Set COUNTERDESK_SCREENSHOTS to a folder to keep the PNGs (docs/screenshots in the repo).
    """
    import os

    from ui.app import prepare_application

    window, sims = hall
    try:
        panel = VirtualDevicesWindow(sims, account_hint="3060000001")
        qtbot.addWidget(panel)
        panel.show()
        bridge = window.devices.bridge
        assert bridge is not None
        bridge.show_call("A023", "3")
        bridge.show_waiting(12)
        sims.id_card.present(sims.card)
        qtbot.waitUntil(lambda: panel.strip.text() == "请A023号到3号窗口", timeout=5000)
        qtbot.waitUntil(lambda: panel.hall_rows[0].text() == "A023号 → 3号窗口", timeout=5000)
        account_id, _ = account_number_of_first_customer(window)
        qtbot.waitUntil(lambda: "示例" in panel.reader_state.text(), timeout=5000)
        qtbot.waitUntil(lambda: window.customer.view is not None, timeout=5000)
        assert window.customer.view.account_id == account_id
        virtual.wire("card-reader").unplug()
        indicator = window.devices.indicator
        qtbot.waitUntil(lambda: "未连接" in indicator.toolTip(), timeout=5000)
        assert indicator.text().startswith("设备")
        assert panel.key_buttons[KeypadKey.CALL].text() == "叫号"
        folder = os.environ.get("COUNTERDESK_SCREENSHOTS")
        if folder:
            target = Path(folder)
            target.mkdir(parents=True, exist_ok=True)
            assert window.grab().save(str(target / "devices-counter-window.png"))
            assert panel.grab().save(str(target / "devices-virtual-hall.png"))
    finally:
        prepare_application(qapp, "en")  # type: ignore[arg-type]


def test_a_payment_goes_through_with_every_device_unplugged(
    qtbot: QtBot, hall: tuple[CounterWindow, HallSimulators]
) -> None:
    window, _ = hall
    for name in ("led-bus", "keypad-bus", "card-reader", "id-reader"):
        virtual.wire(name).unplug()
    bridge = window.devices.bridge
    assert bridge is not None
    qtbot.waitUntil(
        lambda: all(s.state is DeviceState.DISCONNECTED for s in bridge.statuses()), timeout=5000
    )
    bridge.show_call("A001", "3")  # queues for later; never raises
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
    with window.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM payment")).scalar_one() == 1
