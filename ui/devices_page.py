# Qt calls its virtual methods by their camelCase names (rowCount, headerData…).
# ruff: noqa: N802
"""The devices settings page (设备设置): this terminal's displays, keypads and readers.

For IT staff and the hall manager, not for the clerk's hour-to-hour work: a table of the devices
with their live state, an editor for one device, and a Test that asks the device itself to answer
(a display shows 测试 TEST 888, a keypad beeps, a reader waits for a card).

Why the page checks a device before the service does: :mod:`devices.config` explains a refusal in
English sentences built for logs and the CLI. The page runs the same checks on the form first
(pure functions, no I/O) and names the field in the clerk's language; what only the database
knows (a name taken, two devices on one address of a port) is explained on the worker by finding
the device it clashes with, so the message names both devices in words too. Anything else falls
back to the service's English text rather than being hidden.

Where the work runs: loading, saving, removing and listing the computer's serial ports run on the
worker (:class:`~ui.operations.Op`); a test only queues frames on the device bridge, which never
blocks. Saving or removing emits :attr:`DevicesDialog.saved`; the window restarts the devices
with the new configuration and hands the new bridge over with :meth:`DevicesDialog.set_bridge`.
When the app was started from its configuration file (``counterdesk open``), a save or removal
changes the user's ``counterdesk.toml`` too, on the worker and before the database commits, so
the next start applies the same devices (:mod:`counterdesk.cli_config`).

Strings are translated in the ``DevicesDialog`` context.
"""

from __future__ import annotations

import contextlib
import enum
from collections.abc import Iterable, Mapping
from datetime import datetime
from functools import partial
from typing import Any, Final

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QIcon, QIntValidator, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from counterdesk.cli_config import forget_device_in_file, save_device_in_file
from counterdesk.config.files import ConfigError
from counterdesk.config.places import Locations
from counterdesk.config.writer import settings_files
from counterdesk.domain.masking import mask_id_number
from counterdesk.domain.permissions import Permission
from counterdesk.services import auth
from counterdesk.services.auth import SignedIn
from devices import config as device_config
from devices.codecs import led
from devices.config import (
    ADDRESS_RANGE,
    DEFAULT_BAUD,
    DEFAULT_HALL_ROWS,
    DEFAULT_TEMPLATE,
    DeviceConfig,
    DeviceConfigError,
    DeviceKind,
    bus_addresses,
)
from devices.events import IdCard
from devices.ports import KEYBOARD, PortConfigError, is_keyboard, parse_port, system_ports
from devices.state import READY_STATES, DeviceState
from ui.counter_dialog import Clock, CounterDialog, chain_tab_order, field
from ui.device_bridge import DeviceBridge
from ui.messages import error_text
from ui.operations import Op
from ui.widgets import KeyButton, label, read_only_table

BAUD_RATES: Final = (2400, 4800, 9600, 19_200, 38_400, 57_600, 115_200)
READ_TIMEOUT_MS: Final = 15_000
"""How long a reader test waits for a card."""
PORT_FORMS: Final = "COM3 · /dev/ttyUSB0 · socket://host:port · virtual:name"
"""What the port field takes (devices.ports.parse_port); syntax, so not translated."""
PATTERN_PRESETS: Final = ("track2", "rfid_hex", "digits")

GREEN, ORANGE, RED, BLUE, GREY = "#12B76A", "#F79009", "#F04438", "#2E90FA", "#98A2B3"

PAGE_STYLE: Final = """
QTableView#devices { border: 1px solid #E4E7EC; border-radius: 6px; }
QTableView#devices::item { padding: 0px 8px; border-bottom: 1px solid #F2F4F7; }
QTableView#devices::item:selected { background: #D1E9FF; color: #101828; }
QPlainTextEdit#field { border: 1px solid #D0D5DD; border-radius: 6px; padding: 4px 6px;
    background: #FFFFFF; }
QPlainTextEdit#field:focus { border: 2px solid #528BFF; padding: 3px 5px; }
QLabel#editorTitle { font-size: 12pt; font-weight: 600; color: #101828; }
"""


# --- words ----------------------------------------------------------------------------------


def kind_word(kind: DeviceKind) -> str:
    """The device kind as the hall calls it."""
    words = {
        DeviceKind.LED_STRIP: QCoreApplication.translate("DevicesDialog", "Window LED strip"),
        DeviceKind.HALL_SCREEN: QCoreApplication.translate("DevicesDialog", "Hall screen"),
        DeviceKind.MODBUS_DISPLAY: QCoreApplication.translate(
            "DevicesDialog", "Numeric display (Modbus)"
        ),
        DeviceKind.CALLER_KEYPAD: QCoreApplication.translate("DevicesDialog", "Caller keypad"),
        DeviceKind.EVALUATOR: QCoreApplication.translate("DevicesDialog", "Evaluator"),
        DeviceKind.CARD_READER: QCoreApplication.translate("DevicesDialog", "Card reader"),
        DeviceKind.ID_READER: QCoreApplication.translate("DevicesDialog", "ID card reader"),
    }
    return words[kind]


def pattern_word(preset: str) -> str:
    words = {
        "track2": QCoreApplication.translate("DevicesDialog", "Magnetic stripe, track 2"),
        "rfid_hex": QCoreApplication.translate("DevicesDialog", "RFID card number (hex)"),
        "digits": QCoreApplication.translate("DevicesDialog", "Digits only"),
    }
    return words[preset]


class Shown(enum.Enum):
    """What the state column says; colour is never the only signal (UI.md)."""

    WORKING = "working"
    CONNECTING = "connecting"
    NOT_CONNECTED = "not_connected"
    ERROR = "error"
    OFF = "off"
    NOT_RUNNING = "not_running"
    KEYBOARD = "keyboard"

    @property
    def colour(self) -> str:
        return _COLOURS[self]

    def word(self) -> str:
        words = {
            Shown.WORKING: QCoreApplication.translate("DevicesDialog", "Working"),
            Shown.CONNECTING: QCoreApplication.translate("DevicesDialog", "Connecting…"),
            Shown.NOT_CONNECTED: QCoreApplication.translate("DevicesDialog", "Not connected"),
            Shown.ERROR: QCoreApplication.translate("DevicesDialog", "Error"),
            Shown.OFF: QCoreApplication.translate("DevicesDialog", "Switched off"),
            Shown.NOT_RUNNING: QCoreApplication.translate("DevicesDialog", "Not running"),
            Shown.KEYBOARD: QCoreApplication.translate("DevicesDialog", "Types into the app"),
        }
        return words[self]


_COLOURS: Final = {
    Shown.WORKING: GREEN,
    Shown.CONNECTING: BLUE,
    Shown.NOT_CONNECTED: ORANGE,
    Shown.ERROR: RED,
    Shown.OFF: GREY,
    Shown.NOT_RUNNING: GREY,
    Shown.KEYBOARD: BLUE,
}
_BY_STATE: Final = {
    DeviceState.READY: Shown.WORKING,
    DeviceState.OPENING: Shown.CONNECTING,
    DeviceState.DISCONNECTED: Shown.NOT_CONNECTED,
    DeviceState.ERROR: Shown.ERROR,
    DeviceState.CLOSED: Shown.NOT_RUNNING,
}


def shown_for(config: DeviceConfig, state: tuple[DeviceState, str] | None) -> Shown:
    if not config.enabled:
        return Shown.OFF
    if config.keyboard_wedge:
        return Shown.KEYBOARD
    return Shown.NOT_RUNNING if state is None else _BY_STATE[state[0]]


# --- problems, in words -----------------------------------------------------------------------


class Problem(enum.Enum):
    NAME_MISSING = "name_missing"
    NAME_BAD = "name_bad"
    NAME_TAKEN = "name_taken"
    PORT_MISSING = "port_missing"
    PORT_BAD = "port_bad"
    KEYBOARD_ONLY_CARDS = "keyboard_only_cards"
    ADDRESS_RANGE = "address_range"
    REGISTER_RANGE = "register_range"
    TEMPLATE_BAD = "template_bad"
    ROWS_MISSING = "rows_missing"
    ROW_FORMAT = "row_format"
    ROW_ADDRESS = "row_address"
    ROW_TWICE = "row_twice"
    ROW_TEMPLATE = "row_template"
    PATTERN_BAD = "pattern_bad"
    PROTOCOLS = "protocols"
    SPEEDS = "speeds"
    ONE_READER = "one_reader"
    ADDRESS_TAKEN = "address_taken"
    CONFIG_FILE = "config_file"
    OTHER = "other"


class DeviceSetupError(ValueError):
    """Why a device cannot be saved: a :class:`Problem`, its values (%1, %2…) and the field."""

    def __init__(self, problem: Problem, *values: object, field: str | None = None) -> None:
        self.problem = problem
        self.values = tuple(str(value) for value in values)
        self.field = field
        super().__init__(f"{problem.value}: {', '.join(self.values)}")


def problem_text(problem: DeviceSetupError) -> str:
    """The refusal in the clerk's language, its values filled in."""
    texts = {
        Problem.NAME_MISSING: QCoreApplication.translate(
            "DevicesDialog",
            "Give the device a name, such as window_display.",
        ),
        Problem.NAME_BAD: QCoreApplication.translate(
            "DevicesDialog",
            "“%1” cannot be a device name: use one short word of letters, digits and _ "
            "(such as window_display), up to 32 characters.",
        ),
        Problem.NAME_TAKEN: QCoreApplication.translate(
            "DevicesDialog",
            "There is already a device called %1. Choose another name, or select %1 in "
            "the list to change it.",
        ),
        Problem.PORT_MISSING: QCoreApplication.translate(
            "DevicesDialog",
            "Give the port the device is plugged into, such as COM3.",
        ),
        Problem.PORT_BAD: QCoreApplication.translate(
            "DevicesDialog",
            "“%1” is not a port. Use COM3, /dev/ttyUSB0, socket://host:port or virtual:name.",
        ),
        Problem.KEYBOARD_ONLY_CARDS: QCoreApplication.translate(
            "DevicesDialog",
            "Only a card reader can type into the app (port “keyboard”); give "
            "this device a serial port.",
        ),
        Problem.ADDRESS_RANGE: QCoreApplication.translate(
            "DevicesDialog",
            "Give the device's address on its bus, %1 to %2 (set on the device itself).",
        ),
        Problem.REGISTER_RANGE: QCoreApplication.translate(
            "DevicesDialog",
            "Give the register, 0 to 65535 (see the display's manual; usually 0).",
        ),
        Problem.TEMPLATE_BAD: QCoreApplication.translate(
            "DevicesDialog",
            "The text “%1” cannot be shown: write {number} for the ticket and {window} "
            "for the window, in braces, and nothing else in braces.",
        ),
        Problem.ROWS_MISSING: QCoreApplication.translate(
            "DevicesDialog",
            "Give the hall screen at least one row, such as 11: {number} → {window}.",
        ),
        Problem.ROW_FORMAT: QCoreApplication.translate(
            "DevicesDialog",
            "Row %1 of the hall screen is not “address: text” (such as 11: {number} → {window}).",
        ),
        Problem.ROW_ADDRESS: QCoreApplication.translate(
            "DevicesDialog",
            "Row %1 of the hall screen: the address must be 0 to 254.",
        ),
        Problem.ROW_TWICE: QCoreApplication.translate(
            "DevicesDialog",
            "Address %1 appears twice in the hall screen's rows; each row is one screen "
            "with its own address.",
        ),
        Problem.ROW_TEMPLATE: QCoreApplication.translate(
            "DevicesDialog",
            "Row %1 of the hall screen cannot be shown: use only {number}, {window} and "
            "{notice}, in braces.",
        ),
        Problem.PATTERN_BAD: QCoreApplication.translate(
            "DevicesDialog",
            "The card pattern is not a regular expression with a group for the number, "
            "such as ;(?P<number>[0-9]+)= . Choose a preset if unsure.",
        ),
        Problem.PROTOCOLS: QCoreApplication.translate(
            "DevicesDialog",
            "%1 cannot share %2 with %3: they speak different protocols. Give each its own port.",
        ),
        Problem.SPEEDS: QCoreApplication.translate(
            "DevicesDialog",
            "%1 already uses %2 at %3 baud; devices on one port share one speed. Set %3 "
            "here, or use another port.",
        ),
        Problem.ONE_READER: QCoreApplication.translate(
            "DevicesDialog",
            "%1 already uses %2, and a reader needs a port of its own. Choose another port.",
        ),
        Problem.ADDRESS_TAKEN: QCoreApplication.translate(
            "DevicesDialog",
            "Address %1 on %2 is taken by %3. Choose another address.",
        ),
        Problem.CONFIG_FILE: QCoreApplication.translate(
            "DevicesDialog",
            "Nothing was changed: the configuration file cannot be written. %1",
        ),
        Problem.OTHER: QCoreApplication.translate(
            "DevicesDialog",
            "This device cannot be saved: %1",
        ),
    }
    text = texts[problem.problem]
    for number, value in reversed(list(enumerate(problem.values, start=1))):
        text = text.replace(f"%{number}", value)
    return text


def parse_hall_rows(text: str) -> list[tuple[int, str]]:
    """The hall screen's rows from "address: text" lines, or :class:`DeviceSetupError`."""
    rows: list[tuple[int, str]] = []
    seen: set[int] = set()
    low, high = ADDRESS_RANGE["led"]
    lines = [line.strip() for line in text.splitlines()]
    for number, line in enumerate((line for line in lines if line), start=1):
        address_text, colon, template = line.replace("：", ":").partition(":")
        if not colon or not address_text.strip().isdigit() or not template.strip():
            raise DeviceSetupError(Problem.ROW_FORMAT, number, field="rows")
        address = int(address_text)
        if not low <= address <= high:
            raise DeviceSetupError(Problem.ROW_ADDRESS, number, field="rows")
        if address in seen:
            raise DeviceSetupError(Problem.ROW_TWICE, address, field="rows")
        try:
            led.check_template(template.strip(), led.HALL_FIELDS)
        except ValueError:
            raise DeviceSetupError(Problem.ROW_TEMPLATE, number, field="rows") from None
        seen.add(address)
        rows.append((address, template.strip()))
    if not rows:
        raise DeviceSetupError(Problem.ROWS_MISSING, field="rows")
    return rows


def hall_rows_text(rows: Iterable[tuple[int, str]]) -> str:
    return "\n".join(f"{address}: {template}" for address, template in rows)


def check_name_and_port(name: str, kind: DeviceKind, port: str) -> None:
    """The first two fields of the form, checked as :func:`devices.config.check` does."""
    if not name:
        raise DeviceSetupError(Problem.NAME_MISSING, field="name")
    if len(name) > 32 or not name.isidentifier():
        raise DeviceSetupError(Problem.NAME_BAD, name, field="name")
    if not port.strip():
        raise DeviceSetupError(Problem.PORT_MISSING, field="port")
    try:
        parse_port(port)
    except PortConfigError:
        raise DeviceSetupError(Problem.PORT_BAD, port.strip(), field="port") from None
    if is_keyboard(port) and kind is not DeviceKind.CARD_READER:
        raise DeviceSetupError(Problem.KEYBOARD_ONLY_CARDS, field="port")


def precheck(config: DeviceConfig) -> DeviceConfig:
    """What :func:`devices.config.check` refuses, as a :class:`DeviceSetupError`; no I/O."""
    check_name_and_port(config.name, config.kind, config.port)
    if config.kind is DeviceKind.LED_STRIP:
        try:
            led.check_template(config.template, led.CALL_FIELDS)
        except ValueError:
            raise DeviceSetupError(
                Problem.TEMPLATE_BAD, config.template, field="template"
            ) from None
    if config.kind is DeviceKind.CARD_READER:
        try:
            config.pattern  # noqa: B018 - compiling it is the check
        except ValueError:
            raise DeviceSetupError(Problem.PATTERN_BAD, field="pattern") from None
    try:
        return device_config.check(config)
    except DeviceConfigError as error:  # a rule the page does not know yet: the service's words
        raise DeviceSetupError(Problem.OTHER, error) from error


def explain_clash(config: DeviceConfig, others: Iterable[DeviceConfig]) -> DeviceSetupError | None:
    """Which other device ``config`` cannot live with on its port, and why; None if none."""
    port = _port_key(config)
    if not config.enabled or port is None:
        return None
    for other in others:
        if not other.enabled or _port_key(other) != port:
            continue
        try:
            device_config.check_all([other, config])
        except DeviceConfigError:
            pass  # these two clash (or the other one is broken itself): find out which below
        else:
            continue
        if other.kind.family != config.kind.family:
            return DeviceSetupError(Problem.PROTOCOLS, config.name, port, other.name, field="port")
        if other.baudrate != config.baudrate:
            return DeviceSetupError(Problem.SPEEDS, other.name, port, other.baudrate, field="baud")
        if config.kind.family not in ADDRESS_RANGE:
            return DeviceSetupError(Problem.ONE_READER, other.name, port, field="port")
        common = sorted(set(bus_addresses(config)) & set(bus_addresses(other)))
        if common:
            where = "rows" if config.kind is DeviceKind.HALL_SCREEN else "address"
            return DeviceSetupError(Problem.ADDRESS_TAKEN, common[0], port, other.name, field=where)
    return None


def _port_key(config: DeviceConfig) -> str | None:
    try:
        return str(parse_port(config.port))
    except PortConfigError:
        return None


# --- on the worker ----------------------------------------------------------------------------


def load_job(engine: Engine) -> dict[str, DeviceConfig]:
    with engine.connect() as connection:
        return device_config.load_all(connection)


def ports_job() -> list[tuple[str, str]]:
    """The computer's serial ports as (device, description), e.g. ("COM3", "USB-SERIAL CH340")."""
    found: list[tuple[str, str]] = []
    for info in system_ports():
        description = str(getattr(info, "description", "") or "")
        found.append((str(info.device), "" if description == "n/a" else description))
    return sorted(found)


def save_job(
    engine: Engine,
    clerk: SignedIn,
    config: DeviceConfig,
    replacing: str | None,
    now: datetime,
    *,
    files: Locations | None = None,
) -> dict[str, DeviceConfig]:
    """Save ``config`` (renaming ``replacing``) in one transaction; every device afterwards.

    With ``files``, the user's configuration file is changed too, before the transaction
    commits: a file that cannot be written leaves the database as it was, so the next start
    does not put the old device back.
    """
    with engine.begin() as connection:
        auth.require(clerk, Permission.CONFIGURE_DEVICES)
        existing = device_config.load_all(connection)
        if config.name in existing and config.name != replacing:
            raise DeviceSetupError(Problem.NAME_TAKEN, config.name, field="name")
        if replacing is not None and replacing != config.name and replacing in existing:
            device_config.remove(connection, replacing, by=clerk, now=now)
        try:
            saved = device_config.save(connection, config, by=clerk, now=now)
        except DeviceConfigError as error:
            others = [d for n, d in existing.items() if n not in (config.name, replacing)]
            clash = explain_clash(config, others)
            if clash is not None:
                raise clash from error
            raise DeviceSetupError(Problem.OTHER, error) from error
        if files is not None:
            _in_file(partial(save_device_in_file, files, saved, replacing))
        return device_config.load_all(connection)


def remove_job(
    engine: Engine, clerk: SignedIn, name: str, now: datetime, *, files: Locations | None = None
) -> dict[str, DeviceConfig]:
    with engine.begin() as connection:
        device_config.remove(connection, name, by=clerk, now=now)
        if files is not None:
            _in_file(partial(forget_device_in_file, files, name))
        return device_config.load_all(connection)


def _in_file(change: partial[None]) -> None:
    """Run a change of the configuration file; its failure as a :class:`DeviceSetupError`."""
    try:
        change()
    except ConfigError as error:
        raise DeviceSetupError(Problem.CONFIG_FILE, error) from error
    except OSError as error:
        reason = f"{error.filename or ''}: {error.strerror or error}".lstrip(": ")
        raise DeviceSetupError(Problem.CONFIG_FILE, reason) from error


# --- the table --------------------------------------------------------------------------------

_dots: dict[str, QIcon] = {}


def dot(colour: str) -> QIcon:
    """A filled circle of ``colour``, the state's mark beside its word."""
    if colour not in _dots:
        pixmap = QPixmap(12, 12)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colour))
        painter.drawEllipse(1, 1, 10, 10)
        painter.end()
        _dots[colour] = QIcon(pixmap)
    return _dots[colour]


class DevicesModel(QAbstractTableModel):
    """The configured devices, one a row, with the state the bridge last reported."""

    NAME, KIND, PORT, ADDRESS, STATE = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.devices: list[DeviceConfig] = []
        self.states: dict[str, tuple[DeviceState, str]] = {}
        self.not_running_reason = ""

    def set_devices(self, devices: Iterable[DeviceConfig]) -> None:
        self.beginResetModel()
        self.devices = sorted(devices, key=lambda config: config.name)
        self.endResetModel()

    def set_states(self, states: Mapping[str, tuple[DeviceState, str]], reason: str = "") -> None:
        self.states = dict(states)
        self.not_running_reason = reason
        if self.devices:
            self.dataChanged.emit(self.index(0, self.STATE), self.index(len(self.devices) - 1,
                                                                        self.STATE))  # fmt: skip

    def set_state(self, name: str, state: DeviceState, detail: str) -> None:
        self.states[name] = (state, detail)
        row = self.row_of(name)
        if row is not None:
            self.dataChanged.emit(self.index(row, self.STATE), self.index(row, self.STATE))

    def row_of(self, name: str) -> int | None:
        return next((row for row, d in enumerate(self.devices) if d.name == name), None)

    def shown(self, name: str) -> Shown | None:
        row = self.row_of(name)
        if row is None:
            return None
        return shown_for(self.devices[row], self.states.get(name))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.devices)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is not Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (
            QCoreApplication.translate("DevicesDialog", "Name"),
            QCoreApplication.translate("DevicesDialog", "Kind"),
            QCoreApplication.translate("DevicesDialog", "Port"),
            QCoreApplication.translate("DevicesDialog", "Address"),
            QCoreApplication.translate("DevicesDialog", "State"),
        )
        return titles[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> Any:
        if not index.isValid():
            return None
        config = self.devices[index.row()]
        column = index.column()
        if column == self.STATE:
            return self._state_data(config, role)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        addresses = ", ".join(str(address) for address in bus_addresses(config))
        return (config.name, kind_word(config.kind), config.port, addresses or "—")[column]

    def _state_data(self, config: DeviceConfig, role: int) -> Any:
        state = self.states.get(config.name)
        shown = shown_for(config, state)
        if role == Qt.ItemDataRole.DisplayRole:
            return shown.word()
        if role == Qt.ItemDataRole.DecorationRole:
            return dot(shown.colour)
        if role == Qt.ItemDataRole.ToolTipRole:
            if shown is Shown.NOT_RUNNING:
                return self.not_running_reason or QCoreApplication.translate(
                    "DevicesDialog", "Not started: the devices restart with the saved settings."
                )
            return state[1] if state is not None and state[1] else shown.word()
        return None


# --- the dialog -------------------------------------------------------------------------------


class NumberField(QLineEdit):
    """A whole number from ``low`` to ``high`` in the dialogs' look (a spin box's buttons are
    small targets, and styled spin boxes hide their text under Qt 6.12's Fusion)."""

    def __init__(self, parent: QWidget, low: int = 0, high: int = 0xFFFF) -> None:
        super().__init__(parent)
        self.setObjectName("field")
        self.setMaxLength(5)
        self.low, self.high = low, high
        self.setValidator(QIntValidator(low, high, self))

    def setRange(self, low: int, high: int) -> None:
        self.low, self.high = low, high
        self.setValidator(QIntValidator(low, high, self))

    def setValue(self, value: int) -> None:
        self.setText(str(value))

    def value(self) -> int | None:
        """The number typed, or None when it is empty or out of range."""
        text = self.text().strip()
        if not text.isdigit() or not self.low <= int(text) <= self.high:
            return None
        return int(text)


def _with_hint(parent: QWidget, widget: QWidget, hint: QLabel) -> QWidget:
    """A field with its hint in small grey text under it, as one form row."""
    box = QWidget(parent)
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(3)
    column.addWidget(widget)
    hint.setWordWrap(True)
    column.addWidget(hint)
    return box


class DevicesDialog(CounterDialog):
    """The terminal's devices: a live table, an editor for one device, Test, Save and Remove.

    ``bridge`` is the running devices (None when none run); their states colour the table and
    Test goes through it. ``clerk`` must hold ``configure_devices`` to change anything (a manager
    or IT); anyone else sees the devices read-only and can test them. Keys: arrows in the list,
    Enter moves to the editor and down its fields, Ctrl+S saves, Ctrl+N starts a new device, Del
    in the list removes (asked twice), Ctrl+T tests, Esc closes.

    Signals:
        saved(): a device was saved or removed; restart the devices with the stored configuration.
    """

    saved = Signal()

    def __init__(
        self,
        engine: Engine,
        clerk: SignedIn,
        bridge: DeviceBridge | None,
        parent: QWidget | None = None,
        *,
        clock: Clock,
        config_files: Locations | None = None,
    ) -> None:
        super().__init__(engine, parent, clock=clock)
        self.setWindowTitle(self.tr("Devices"))
        self.config_files = config_files or settings_files()
        """The configuration files a save or removal is written to (None: the database only)."""
        self.clerk = clerk
        self.can_edit = clerk.can(Permission.CONFIGURE_DEVICES)
        self.bridge: DeviceBridge | None = None
        self.editing: str | None = None
        """The stored name of the device in the editor; None for a new one."""
        self.system_ports: list[tuple[str, str]] = []
        self.read_timeout_ms = READ_TIMEOUT_MS
        self.reading: str | None = None
        """The reader whose test is waiting for a card."""
        self._remove_armed: str | None = None
        self.read_timer = QTimer(self)
        self.read_timer.setSingleShot(True)
        self.read_timer.timeout.connect(self._read_timed_out)

        self.model = DevicesModel(self)
        self._build()
        # Set once the children exist: appended before, Qt 6.12 kept the base sheet's rules.
        self.setStyleSheet(self.styleSheet() + PAGE_STYLE)
        self.set_bridge(bridge)
        self.loaded = False
        """Whether the stored devices have been read (the list is empty until then)."""
        self.start_new()
        if not self.can_edit:
            self._set_editable(False)
            self.new_button.hide()
            self.remove_button.hide()
            self.say(self.tr("Only a manager or IT can change the devices. You can test them "
                             "from the list."), "info")  # fmt: skip
        Op(self, partial(load_job, engine), key="devices", runner=self.runner).success(
            self._loaded
        ).failure(self._load_failed).run()
        Op(self, ports_job, key="ports", runner=self.runner).success(self._ports_listed).failure(
            lambda _error: self._ports_listed([])
        ).run()

    # --- building -------------------------------------------------------------------------

    def _build(self) -> None:
        columns = QHBoxLayout()
        columns.setSpacing(24)
        columns.addLayout(self._build_list(), 11)
        columns.addLayout(self._build_editor(), 9)
        intro = label(
            self,
            "note",
            self.tr("The displays, keypads and card readers of this terminal. Saved changes "
                    "restart the devices; Test makes the selected device answer."),
        )  # fmt: skip
        intro.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(10)
        layout.addWidget(label(self, "dialogTitle", self.tr("Devices")))
        layout.addWidget(intro)
        layout.addLayout(columns, 1)
        self.resize(1180, 660)

        self._shortcut("Ctrl+S", self.save)
        self._shortcut("Ctrl+N", self.new_device)
        self._shortcut("Ctrl+T", self.test)
        delete = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove)
        chain_tab_order([
            self.table, self.test_button, self.new_button, self.remove_button, *self.fields,
            self.save_button, self.close_button,
        ])  # fmt: skip

    def _build_list(self) -> QVBoxLayout:
        self.table = read_only_table(self, "devices", self.model, row_height=34)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(
            DevicesModel.STATE, QHeaderView.ResizeMode.Stretch
        )
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.new_button = KeyButton(self.tr("New device"), "Ctrl+N", self)
        self.new_button.clicked.connect(self.new_device)
        self.remove_button = KeyButton(self.tr("Remove"), "Del", self)
        self.remove_button.clicked.connect(self.remove)
        self.test_button = KeyButton(self.tr("Test"), "Ctrl+T", self)
        self.test_button.clicked.connect(self.test)
        self.list_message = label(self, "problem", plain=True)
        self.list_message.setWordWrap(True)
        self.list_message.hide()

        left = QVBoxLayout()
        left.setSpacing(8)
        left.addWidget(self.table, 1)
        actions = QHBoxLayout()
        actions.setSpacing(8)
        for button in (self.test_button, self.new_button, self.remove_button):
            actions.addWidget(button)
        actions.addStretch(1)
        left.addLayout(actions)
        left.addWidget(self.list_message)
        return left

    def _build_editor(self) -> QVBoxLayout:
        self.editor_title = label(self, "editorTitle", plain=True)
        form = self._build_form()
        self.save_button = KeyButton(self.tr("Save"), "Ctrl+S", self, primary=True)
        self.save_button.clicked.connect(self.save)
        self.close_button = KeyButton(self.tr("Close"), "Esc", self)
        self.close_button.clicked.connect(self.reject)
        right = QVBoxLayout()
        right.setSpacing(8)
        right.addWidget(self.editor_title)
        right.addLayout(form)
        right.addStretch(1)
        right.addWidget(self.problem)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        right.addLayout(buttons)
        return right

    def _shortcut(self, keys: str, action: Any) -> QShortcut:
        made = QShortcut(QKeySequence(keys), self)
        made.activated.connect(action)
        return made

    def _build_form(self) -> QFormLayout:
        self.name = field(self, "window_display")
        self.name.setMaxLength(32)
        self.kind = QComboBox(self)
        self.kind.setObjectName("field")
        for kind in DeviceKind:
            self.kind.addItem(kind_word(kind), kind)
        self.kind.activated.connect(self._kind_chosen)
        self.port = QComboBox(self)
        self.port.setObjectName("field")
        self.port.setEditable(True)
        self.port.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        port_edit = self.port.lineEdit()
        assert port_edit is not None  # editable
        port_edit.setPlaceholderText("COM3")
        self.port.activated.connect(self._port_chosen)
        self.port_hint = label(self, "hint", plain=True)
        self.address = NumberField(self)
        self.baud = QComboBox(self)
        self.baud.setObjectName("field")
        for rate in BAUD_RATES:
            self.baud.addItem(str(rate), rate)
        self.template = field(self, DEFAULT_TEMPLATE)
        self.rows = QPlainTextEdit(self)
        self.rows.setObjectName("field")
        self.rows.setTabChangesFocus(True)
        self.rows.setFixedHeight(self.fontMetrics().lineSpacing() * 4 + 16)
        self.register = NumberField(self, 0, 0xFFFF)
        for number in (self.address, self.register):
            number.setMaximumWidth(160)
        self.pattern = QComboBox(self)
        self.pattern.setObjectName("field")
        self.pattern.setEditable(True)
        self.pattern.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for preset in PATTERN_PRESETS:
            self.pattern.addItem(pattern_word(preset), preset)
        self.enabled = QCheckBox(self.tr("Use this device"), self)

        form = QFormLayout()
        form.setHorizontalSpacing(14)
        form.setVerticalSpacing(8)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        hint = partial(label, self, "hint", plain=True)
        self.option_rows: dict[DeviceKind, QWidget] = {
            DeviceKind.LED_STRIP: _with_hint(self, self.template, hint(
                self.tr("{number} is the ticket, {window} the window."))),
            DeviceKind.HALL_SCREEN: _with_hint(self, self.rows, hint(
                self.tr("One line per screen: “address: text”. The text may use {number}, "
                        "{window} and {notice}."))),
            DeviceKind.MODBUS_DISPLAY: _with_hint(self, self.register, hint(
                self.tr("The holding register the number is written to (see the display's "
                        "manual; usually 0)."))),
            DeviceKind.CARD_READER: _with_hint(self, self.pattern, hint(
                self.tr("A preset, or a regular expression with a group (?P<number>…)."))),
        }  # fmt: skip
        """The row of each kind's own option, shown only for that kind."""
        options = self.option_rows
        rows: list[tuple[str, QWidget]] = [
            (self.tr("Name"), _with_hint(self, self.name, hint(
                self.tr("One word of letters, digits and _.")))),
            (self.tr("Kind"), self.kind),
            (self.tr("Port"), _with_hint(self, self.port, self.port_hint)),
            (self.tr("Address"), self.address),
            (self.tr("Baud rate"), self.baud),
            (self.tr("Text shown"), options[DeviceKind.LED_STRIP]),
            (self.tr("Rows"), options[DeviceKind.HALL_SCREEN]),
            (self.tr("Register"), options[DeviceKind.MODBUS_DISPLAY]),
            (self.tr("Card pattern"), options[DeviceKind.CARD_READER]),
            ("", self.enabled),
        ]  # fmt: skip
        titles = [QLabel(title, self) for title, _ in rows]
        # As wide as the widest title: fields stay put when a kind hides some rows.
        width = max(title.sizeHint().width() for title in titles)
        for title, (_, widget) in zip(titles, rows, strict=True):
            title.setMinimumWidth(width)
            title.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            form.addRow(title, widget)
        self.form = form
        self.fields: list[QWidget] = [
            self.name, self.kind, self.port, self.address, self.baud, self.template, self.rows,
            self.register, self.pattern, self.enabled,
        ]  # fmt: skip
        return form

    # --- the bridge -----------------------------------------------------------------------

    def set_bridge(self, bridge: DeviceBridge | None) -> None:
        """Follow ``bridge`` (the devices as restarted after a save) instead of the old one."""
        old = self.bridge
        if old is not None and shiboken6.isValid(old):
            with contextlib.suppress(RuntimeError, TypeError):
                old.state_changed.disconnect(self._state_changed)
                old.card_read.disconnect(self._card_read)
                old.id_card_read.disconnect(self._id_card_read)
                old.destroyed.disconnect(self._bridge_gone)
        self.bridge = bridge
        if bridge is not None:
            bridge.state_changed.connect(self._state_changed)
            bridge.card_read.connect(self._card_read)
            bridge.id_card_read.connect(self._id_card_read)
            bridge.destroyed.connect(self._bridge_gone)
        self._refresh_states()

    def _live_bridge(self) -> DeviceBridge | None:
        bridge = self.bridge
        return bridge if bridge is not None and shiboken6.isValid(bridge) else None

    def _bridge_gone(self, *_: object) -> None:
        self.bridge = None
        self._refresh_states()

    def _refresh_states(self) -> None:
        bridge = self._live_bridge()
        if bridge is None:
            self.model.set_states({}, self.tr("The devices are not running on this terminal."))
            return
        states = {status.name: (status.state, status.detail) for status in bridge.statuses()}
        reason = ""
        if bridge.problem:
            reason = self.tr("The devices did not start: %1").replace("%1", bridge.problem)
        self.model.set_states(states, reason)

    def _state_changed(self, name: str, state: DeviceState, detail: str) -> None:
        self.model.set_state(name, state, detail)

    # --- loading --------------------------------------------------------------------------

    def _loaded(self, devices: dict[str, DeviceConfig], select: str | None = None) -> None:
        """Show ``devices``; select ``select`` (just saved), else the first, else a new one."""
        self.model.set_devices(devices.values())
        self.table.resizeColumnsToContents()
        self._fill_ports()
        first, self.loaded = not self.loaded, True
        row = self.model.row_of(select) if select else None
        if row is not None:
            self.table.selectRow(row)
        elif self.model.devices:
            self.table.selectRow(0)
            self.table.setFocus()
        elif not first:  # the last device was removed; on opening, the new one is ready already
            self.start_new()

    def _load_failed(self, error: Exception) -> None:
        if isinstance(error, DeviceConfigError):
            self._say_list(self.tr("The stored devices cannot be read: %1").replace(
                "%1", str(error)))  # fmt: skip
        else:
            self.show_error(error)

    def _ports_listed(self, ports: list[tuple[str, str]]) -> None:
        self.system_ports = ports
        self._fill_ports()

    def _fill_ports(self) -> None:
        """The computer's ports, then the ports devices here use; the typed text is kept."""
        typed = self.port.currentText()
        self.port.blockSignals(True)
        self.port.clear()
        for device, description in self.system_ports:
            self.port.addItem(f"{device} — {description}" if description else device, device)
        known = {device for device, _ in self.system_ports}
        for used in sorted({config.port for config in self.model.devices} - known - {KEYBOARD}):
            self.port.addItem(used, used)
        if self.kind.currentData() is DeviceKind.CARD_READER and KEYBOARD not in known:
            self.port.addItem(self.tr("keyboard (the reader types into the app)"), KEYBOARD)
        self.port.setCurrentIndex(-1)
        self.port.setEditText(typed)
        self.port.blockSignals(False)
        self._update_port_hint()

    def _port_chosen(self, index: int) -> None:
        """A listed port: keep its name alone in the field, not its description."""
        self.port.setEditText(str(self.port.itemData(index)))
        self._update_port_hint()

    def port_text(self) -> str:
        typed = self.port.currentText().strip()
        for index in range(self.port.count()):
            if self.port.itemText(index) == typed:
                return str(self.port.itemData(index))
        return typed

    def _update_port_hint(self) -> None:
        if self.system_ports:
            first = self.tr("Choose a port of this computer, or type one:")
        else:
            first = self.tr("No serial port found on this computer; type one:")
        self.port_hint.setText(f"{first}\n{PORT_FORMS}")

    # --- the editor -----------------------------------------------------------------------

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        self._disarm_remove()
        self.show_device(self.model.devices[current.row()])

    def selected(self) -> DeviceConfig | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.table.selectionModel().isRowSelected(index.row()):
            return None
        return self.model.devices[index.row()]

    def show_device(self, config: DeviceConfig) -> None:
        """Put ``config`` in the editor."""
        self.editing = config.name
        self.editor_title.setText(self.tr("Device %1").replace("%1", config.name))
        self.name.setText(config.name)
        self._set_kind(config.kind)
        self.port.setEditText(config.port)
        self._update_port_hint()
        self.address.setValue(config.address)
        self._set_baud(config.baudrate)
        self.template.setText(config.template)
        try:
            rows = config.hall_rows
        except (TypeError, ValueError):
            rows = DEFAULT_HALL_ROWS
        self.rows.setPlainText(hall_rows_text(rows))
        self.register.setValue(config.register)
        self._set_pattern(str(config.options.get("pattern", "track2")))
        self.enabled.setChecked(config.enabled)
        if self.can_edit:
            self.clear_message()

    def new_device(self) -> None:
        """Ctrl+N: a new device, for those who may add one, when nothing is being saved."""
        if self.can_edit and not self.busy:
            self.start_new()

    def start_new(self, *, focus: bool = True) -> None:
        """An empty editor for a new device, the list's selection cleared."""
        self._disarm_remove()
        self.editing = None
        self.table.selectionModel().clearSelection()
        self.table.setCurrentIndex(QModelIndex())
        self.editor_title.setText(self.tr("New device"))
        self.name.clear()
        self._set_kind(DeviceKind.LED_STRIP)
        self.port.setEditText("")
        self.address.setValue(1)
        self._set_baud(DEFAULT_BAUD.get(DeviceKind.LED_STRIP, 9600))
        self.template.setText(DEFAULT_TEMPLATE)
        self.rows.setPlainText(hall_rows_text(DEFAULT_HALL_ROWS))
        self.register.setValue(0)
        self._set_pattern("track2")
        self.enabled.setChecked(True)
        if self.can_edit:
            self.clear_message()
        if focus:
            self.name.setFocus()

    def _set_kind(self, kind: DeviceKind) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind))
        self._kind_changed()

    def _kind_chosen(self, _index: int) -> None:
        """The person chose a kind: its usual speed comes with it."""
        kind = self.kind.currentData()
        self._set_baud(DEFAULT_BAUD.get(kind, 9600))
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind: DeviceKind = self.kind.currentData()
        family = kind.family
        on_bus = family in ADDRESS_RANGE and kind is not DeviceKind.HALL_SCREEN
        if family in ADDRESS_RANGE:
            low, high = ADDRESS_RANGE[family]
            self.address.setRange(low, high)
            if self.address.value() is None:
                self.address.setValue(max(low, 1))
        self.form.setRowVisible(self.address, on_bus)
        for owner, row in self.option_rows.items():
            self.form.setRowVisible(row, kind is owner)
        self._fill_ports()

    def _set_baud(self, rate: int) -> None:
        index = self.baud.findData(rate)
        if index < 0:
            self.baud.addItem(str(rate), rate)
            index = self.baud.count() - 1
        self.baud.setCurrentIndex(index)

    def _set_pattern(self, text: str) -> None:
        index = self.pattern.findData(text)
        if index >= 0:
            self.pattern.setCurrentIndex(index)
        else:
            self.pattern.setCurrentIndex(-1)
            self.pattern.setEditText(text)

    def pattern_text(self) -> str:
        typed = self.pattern.currentText().strip()
        index = self.pattern.findText(typed)
        return str(self.pattern.itemData(index)) if index >= 0 else typed

    def form_config(self) -> DeviceConfig:
        """The device as the form says, checked; :class:`DeviceSetupError` naming the field."""
        kind: DeviceKind = self.kind.currentData()
        name, port = self.name.text().strip(), self.port_text()
        check_name_and_port(name, kind, port)  # in reading order: these fields come first
        address = 0
        if kind.family in ADDRESS_RANGE and kind is not DeviceKind.HALL_SCREEN:
            typed = self.address.value()
            if typed is None:
                low, high = ADDRESS_RANGE[kind.family]
                raise DeviceSetupError(Problem.ADDRESS_RANGE, low, high, field="address")
            address = typed
        options: dict[str, Any] = {}
        if kind is DeviceKind.LED_STRIP:
            options["template"] = self.template.text().strip() or DEFAULT_TEMPLATE
        elif kind is DeviceKind.HALL_SCREEN:
            rows = parse_hall_rows(self.rows.toPlainText())
            options["rows"] = [[row_address, template] for row_address, template in rows]
            address = rows[0][0]
        elif kind is DeviceKind.MODBUS_DISPLAY:
            register = self.register.value()
            if register is None:
                raise DeviceSetupError(Problem.REGISTER_RANGE, field="register")
            options["register"] = register
        elif kind is DeviceKind.CARD_READER:
            options["pattern"] = self.pattern_text() or "track2"
        config = DeviceConfig(
            name=name,
            kind=kind,
            port=port,
            address=address,
            baudrate=int(self.baud.currentData()),
            options=options,
            enabled=self.enabled.isChecked(),
        )
        precheck(config)
        return config

    def _set_editable(self, editable: bool) -> None:
        for widget in (*self.fields, self.save_button, self.new_button, self.remove_button):
            widget.setEnabled(editable)

    # --- saving and removing --------------------------------------------------------------

    def save(self) -> None:
        """Ctrl+S: check the form, then save it on the worker in one transaction."""
        if self.busy:
            return
        self._disarm_remove()
        try:
            config = self.form_config()
        except DeviceSetupError as problem:
            self._show_problem(problem)
            return
        self.clear_message()
        self.run_op(
            partial(
                save_job,
                self.engine,
                self.clerk,
                config,
                self.editing,
                self.clock(),
                files=self.config_files,
            ),
            partial(self._saved, config.name),
            self._save_failed,
        )

    def _saved(self, name: str, devices: dict[str, DeviceConfig]) -> None:
        self.editing = name
        self._loaded(devices, select=name)
        self.say(self.tr("%1 is saved. The devices restart with the new settings.").replace(
            "%1", name), "done")  # fmt: skip
        self.saved.emit()

    def _save_failed(self, error: Exception) -> None:
        if isinstance(error, DeviceSetupError):
            self._show_problem(error)
        elif isinstance(error, DeviceConfigError | PortConfigError):
            self._show_problem(DeviceSetupError(Problem.OTHER, error))
        else:
            self.show_error(error)

    def _show_problem(self, problem: DeviceSetupError) -> None:
        self.say(problem_text(problem))
        focus = {
            "name": self.name, "port": self.port, "address": self.address, "baud": self.baud,
            "register": self.register,
            "template": self.template, "rows": self.rows, "pattern": self.pattern,
        }.get(problem.field or "")  # fmt: skip
        if focus is not None and focus.isVisibleTo(self):
            focus.setFocus()
            edit = focus.lineEdit() if isinstance(focus, QComboBox) else focus
            if isinstance(edit, QLineEdit):
                edit.selectAll()

    def remove(self) -> None:
        """Del: the first press asks, the second removes the selected device."""
        if self.busy:
            return
        config = self.selected()
        if config is None:
            self._say_list(self.tr("Choose the device to remove in the list first."), "info")
            return
        if self._remove_armed != config.name:
            self._remove_armed = config.name
            self.remove_button.set_label(self.tr("Confirm remove"))
            self._say_list(self.tr("Remove %1? Press Remove again to confirm; Esc keeps it.")
                           .replace("%1", config.name), "problem")  # fmt: skip
            return
        self._disarm_remove()
        self.run_op(
            partial(
                remove_job,
                self.engine,
                self.clerk,
                config.name,
                self.clock(),
                files=self.config_files,
            ),
            partial(self._removed, config.name),
            self._remove_failed,
        )

    def _remove_failed(self, error: Exception) -> None:
        if isinstance(error, DeviceSetupError):
            self._say_list(problem_text(error))
        elif isinstance(error, DeviceConfigError):
            self._say_list(problem_text(DeviceSetupError(Problem.OTHER, error)))
        else:
            self._say_list(error_text(error))

    def _removed(self, name: str, devices: dict[str, DeviceConfig]) -> None:
        self.editing = None
        self._loaded(devices)
        self._say_list(self.tr("%1 is removed. The devices restart without it.").replace(
            "%1", name), "done")  # fmt: skip
        self.saved.emit()

    def _disarm_remove(self) -> None:
        if self._remove_armed is not None:
            self._remove_armed = None
            self.remove_button.set_label(self.tr("Remove"))
            self._say_list("")

    # --- testing --------------------------------------------------------------------------

    def test(self) -> None:
        """Ctrl+T: make the selected device answer, or say why it cannot."""
        self._disarm_remove()
        self._stop_reading()
        config = self.selected()
        if config is None:
            self._say_list(self.tr("Choose the device to test in the list first."), "info")
            return
        name = config.name
        if not config.enabled:
            self._say_list(self.tr("%1 is switched off. Tick “Use this device” and save to "
                                   "test it.").replace("%1", name))  # fmt: skip
            return
        if config.keyboard_wedge:
            self._say_list(self.tr("%1 types into the app: put the cursor in the search box "
                                   "and swipe a card.").replace("%1", name), "info")  # fmt: skip
            return
        bridge = self._live_bridge()
        state = self.model.states.get(name)
        if bridge is None or state is None:
            self._say_list(self.tr("%1 is not running yet. Save your changes; the devices "
                                   "restart with them.").replace("%1", name))  # fmt: skip
            return
        if state[0] not in READY_STATES:
            shown = shown_for(config, state)
            text = (
                self.tr(
                    "%1 is not ready (%2), so it cannot be tested. Check its cable, power and port."
                )
                .replace("%1", name)
                .replace("%2", shown.word())
            )
            self._say_list(text + (f" ({state[1]})" if state[1] else ""))
            return
        try:
            shows = bridge.test(name)
        except KeyError:
            self._say_list(self.tr("%1 is not running yet. Save your changes; the devices "
                                   "restart with them.").replace("%1", name))  # fmt: skip
            return
        kind = config.kind
        if kind in (DeviceKind.LED_STRIP, DeviceKind.HALL_SCREEN, DeviceKind.MODBUS_DISPLAY):
            self._say_list(self.tr("The display should now show %1").replace("%1", shows), "info")
        elif kind is DeviceKind.CALLER_KEYPAD:
            self._say_list(self.tr("The keypad should beep and show 888."), "info")
        elif kind is DeviceKind.EVALUATOR:
            self._say_list(self.tr("The evaluator should beep."), "info")
        else:
            self.reading = name
            self.read_timer.start(self.read_timeout_ms)
            if kind is DeviceKind.ID_READER:
                text = self.tr("Lay an ID card on %1 now…")
            else:
                text = self.tr("Swipe a card on %1 now…")
            self._say_list(text.replace("%1", name), "info")

    def _card_read(self, name: str, number: str, _raw: str) -> None:
        if name != self.reading:
            return
        self._stop_reading()
        self._say_list(self.tr("%1 read card %2.").replace("%1", name).replace("%2", number),
                       "done")  # fmt: skip

    def _id_card_read(self, name: str, card: IdCard) -> None:
        if name != self.reading:
            return
        self._stop_reading()
        who = f"{card.name} {mask_id_number(card.id_number)}"
        self._say_list(self.tr("%1 read the ID card of %2.").replace("%1", name).replace(
            "%2", who), "done")  # fmt: skip

    def _read_timed_out(self) -> None:
        name = self.reading
        self.reading = None
        if name is None:
            return
        seconds = str(round(self.read_timeout_ms / 1000))
        self._say_list(self.tr("No card read in %1 s. Check the reader's cable, and that the "
                               "card pattern fits your cards.").replace("%1", seconds))  # fmt: skip

    def _stop_reading(self) -> None:
        self.reading = None
        self.read_timer.stop()

    # --- messages and keys ----------------------------------------------------------------

    def _say_list(self, text: str, tone: str = "problem") -> None:
        """The message under the list: tests and removal (the form's is under the form)."""
        message = self.list_message
        message.setProperty("tone", tone)
        message.style().unpolish(message)
        message.style().polish(message)
        message.setText(text)
        message.setVisible(bool(text))

    def list_text(self) -> str:
        return self.list_message.text() if self.list_message.isVisibleTo(self) else ""

    def enter_pressed(self) -> None:
        """Enter in the list opens the editor; in a field, moves to the next one."""
        focused = self.focusWidget()
        if focused is self.table:
            target = self.name if self.name.isEnabled() else self.test_button
            target.setFocus()
            if target is self.name:
                self.name.selectAll()
            return
        self.focusNextChild()

    def busy_changed(self, busy: bool) -> None:
        editable = self.can_edit and not busy
        self._set_editable(editable)
        self.close_button.setEnabled(not busy)
        self.save_button.set_label(self.tr("Saving…") if busy else self.tr("Save"))

    def reject(self) -> None:
        if self._remove_armed is not None:
            self._disarm_remove()
            return
        super().reject()

    def done(self, result: int) -> None:
        self._stop_reading()
        self.set_bridge(None)
        super().done(result)
