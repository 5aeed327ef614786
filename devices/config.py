"""Which devices this terminal has, where they are, and their few options; checked before use.

Kept in the terminal's database (table ``device``), like the printers: a device's port is a fact
about one desk, never synced. Every rule a settings page needs to explain is here, so the page,
the CLI and the start-up check give the same message:

- a port carries one protocol family at one baud rate (displays and keypads sit on RS-485 buses
  shared by several devices, each at its own address);
- addresses are unique on a port and in the protocol's range;
- each kind's options (a template, a card pattern, a register) are checked by its codec.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from enum import Enum
from typing import Any, Final

from sqlalchemy import Connection, Table, delete, insert, select

from counterdesk.domain.permissions import Permission
from counterdesk.services.auth import SignedIn, require
from counterdesk.store import audit
from counterdesk.store.models import DeviceRow
from devices.codecs import cardline, led
from devices.ports import LineSettings, PortConfigError, is_keyboard, parse_port

_DEVICE: Final[Table] = DeviceRow.__table__  # type: ignore[assignment]


class DeviceConfigError(ValueError):
    """A device that cannot be saved or started; the message names the device and the problem."""


class DeviceKind(Enum):
    LED_STRIP = "led_strip"
    """条屏: the window's LED strip above the counter."""
    HALL_SCREEN = "hall_screen"
    """综合屏: the hall's big screen, a mosaic of strips."""
    MODBUS_DISPLAY = "modbus_display"
    """An RS-485 numeric display speaking Modbus RTU."""
    CALLER_KEYPAD = "caller_keypad"
    """呼叫器: the clerk's call keypad."""
    EVALUATOR = "evaluator"
    """评价器: the customer's rating keypad."""
    CARD_READER = "card_reader"
    """A magstripe or RFID reader that sends one line per card."""
    ID_READER = "id_reader"
    """A resident ID card reader (二代证)."""

    @property
    def family(self) -> str:
        """The protocol on the wire; one port carries one family."""
        return _FAMILY[self]


_FAMILY: Final = {
    DeviceKind.LED_STRIP: "led",
    DeviceKind.HALL_SCREEN: "led",
    DeviceKind.MODBUS_DISPLAY: "modbus",
    DeviceKind.CALLER_KEYPAD: "keypad",
    DeviceKind.EVALUATOR: "keypad",
    DeviceKind.CARD_READER: "cardline",
    DeviceKind.ID_READER: "idcard",
}
ADDRESS_RANGE: Final = {"led": (0, 254), "modbus": (1, 247), "keypad": (1, 254)}
"""Bus addresses per family; card and ID readers are alone on their port and have none."""

DEFAULT_BAUD: Final = {DeviceKind.ID_READER: 115_200}
DEFAULT_TEMPLATE: Final = "请{number}号到{window}号窗口"
DEFAULT_HALL_ROWS: Final = (
    (11, "{number}号 → {window}号窗口"),
    (12, "{number}号 → {window}号窗口"),
    (13, "{notice}"),
)


@dataclass(frozen=True)
class DeviceConfig:
    name: str
    kind: DeviceKind
    port: str
    address: int = 1
    baudrate: int = 9600
    options: Mapping[str, Any] = field(default_factory=dict)
    enabled: bool = True

    @property
    def keyboard_wedge(self) -> bool:
        """A reader that types into the focused field instead of using a port."""
        return is_keyboard(self.port)

    # -- the options each kind has, with defaults -------------------------------------------
    @property
    def template(self) -> str:
        return str(self.options.get("template", DEFAULT_TEMPLATE))

    @property
    def hall_rows(self) -> tuple[tuple[int, str], ...]:
        rows = self.options.get("rows", DEFAULT_HALL_ROWS)
        return tuple((int(address), str(template)) for address, template in rows)

    @property
    def pattern(self) -> cardline.CardPattern:
        text = str(self.options.get("pattern", "track2"))
        return cardline.PRESETS[text] if text in cardline.PRESETS else cardline.CardPattern(text)

    @property
    def register(self) -> int:
        return int(self.options.get("register", 0))


def check(config: DeviceConfig) -> DeviceConfig:
    """The config with its port in canonical form, or :class:`DeviceConfigError` saying why."""
    name = config.name
    if not name or len(name) > 32 or not name.isidentifier():
        raise DeviceConfigError(f"A device name is a short word such as 'keypad', not {name!r}.")
    try:
        port = str(parse_port(config.port))
        LineSettings(baudrate=config.baudrate)
    except PortConfigError as error:
        raise DeviceConfigError(f"Device {name}: {error}") from error
    family = config.kind.family
    if is_keyboard(port) and config.kind is not DeviceKind.CARD_READER:
        raise DeviceConfigError(
            f"Device {name}: only a card reader can be a keyboard-wedge reader (port keyboard)."
        )
    if family in ADDRESS_RANGE:
        low, high = ADDRESS_RANGE[family]
        if not low <= config.address <= high:
            raise DeviceConfigError(
                f"Device {name}: the address must be {low} to {high}, not {config.address}."
            )
    try:
        _check_options(config)
    except (ValueError, TypeError) as error:
        raise DeviceConfigError(f"Device {name}: {error}") from error
    return replace(config, port=port, options=dict(config.options))


def _check_options(config: DeviceConfig) -> None:
    kind = config.kind
    if kind is DeviceKind.LED_STRIP:
        led.check_template(config.template, {"number", "window"})
    elif kind is DeviceKind.HALL_SCREEN:
        led.HallLayout.from_templates(dict(config.hall_rows))
    elif kind is DeviceKind.MODBUS_DISPLAY:
        if not 0 <= config.register <= 0xFFFF:
            raise ValueError(f"the register must be 0 to 65535, not {config.register}")
    elif kind is DeviceKind.CARD_READER:
        config.pattern  # noqa: B018 - compiling it is the check


def check_all(configs: Iterable[DeviceConfig]) -> list[DeviceConfig]:
    """Every device checked, and together: one family and baud rate per port, unique addresses."""
    checked = [check(config) for config in configs]
    by_port: dict[str, list[DeviceConfig]] = {}
    for config in checked:
        if config.enabled:
            by_port.setdefault(config.port, []).append(config)
    for port, devices in by_port.items():
        first = devices[0]
        for other in devices[1:]:
            if other.kind.family != first.kind.family:
                raise DeviceConfigError(
                    f"Devices {first.name} and {other.name} share {port} but speak different "
                    f"protocols ({first.kind.value}, {other.kind.value}); give each its own port."
                )
            if other.baudrate != first.baudrate:
                raise DeviceConfigError(
                    f"Devices {first.name} and {other.name} share {port} at different speeds "
                    f"({first.baudrate}, {other.baudrate} baud)."
                )
        if first.kind.family not in ADDRESS_RANGE and len(devices) > 1:
            names = ", ".join(device.name for device in devices)
            raise DeviceConfigError(f"{port} can carry only one reader, not {names}.")
        # A window's caller and evaluator may share one keypad address (one of each kind).
        seen: dict[tuple[int, DeviceKind | None], str] = {}
        for device in devices:
            role = device.kind if device.kind.family == "keypad" else None
            for address in bus_addresses(device):
                if (address, role) in seen:
                    raise DeviceConfigError(
                        f"Devices {seen[address, role]} and {device.name} both use address "
                        f"{address} on {port}."
                    )
                seen[address, role] = device.name
    return checked


def bus_addresses(config: DeviceConfig) -> list[int]:
    """The addresses a device answers to on its bus (none for a reader)."""
    if config.kind is DeviceKind.HALL_SCREEN:
        return [address for address, _ in config.hall_rows]
    if config.kind.family in ADDRESS_RANGE:
        return [config.address]
    return []


# -- the table ---------------------------------------------------------------------------------
def save(
    connection: Connection, config: DeviceConfig, *, by: SignedIn, now: datetime
) -> DeviceConfig:
    """Add or replace one device after checking it against the others; the caller commits.

    Audited, because a keypad moved to another address calls tickets to another window.
    """
    require(by, Permission.CONFIGURE_DEVICES)
    checked = check(config)
    others = [device for name, device in load_all(connection).items() if name != checked.name]
    check_all([*others, checked])
    connection.execute(delete(_DEVICE).where(_DEVICE.c.name == checked.name))
    connection.execute(
        insert(_DEVICE).values(
            name=checked.name,
            kind=checked.kind.value,
            port=checked.port,
            address=checked.address,
            baudrate=checked.baudrate,
            options=json.dumps(dict(checked.options), ensure_ascii=False, sort_keys=True),
            enabled=checked.enabled,
        )
    )
    audit.append(
        connection,
        at=now,
        actor=by.number,
        action="device.saved",
        subject=checked.name,
        detail={
            "kind": checked.kind.value,
            "port": checked.port,
            "address": checked.address,
            "baudrate": checked.baudrate,
            "enabled": checked.enabled,
        },
    )
    return checked


def load_all(connection: Connection) -> dict[str, DeviceConfig]:
    """Every configured device by name, unchecked (so a bad row can still be shown and fixed)."""
    devices: dict[str, DeviceConfig] = {}
    for row in connection.execute(select(_DEVICE).order_by(_DEVICE.c.name)):
        try:
            kind = DeviceKind(row.kind)
            options = json.loads(row.options or "{}")
        except ValueError as error:
            raise DeviceConfigError(f"Device {row.name} is misconfigured: {error}") from error
        devices[row.name] = DeviceConfig(
            row.name, kind, row.port, row.address, row.baudrate, options, bool(row.enabled)
        )
    return devices


def remove(connection: Connection, name: str, *, by: SignedIn, now: datetime) -> bool:
    require(by, Permission.CONFIGURE_DEVICES)
    removed = bool(connection.execute(delete(_DEVICE).where(_DEVICE.c.name == name)).rowcount)
    if removed:
        audit.append(connection, at=now, actor=by.number, action="device.removed", subject=name)
    return removed


def demo_devices(window: str) -> list[DeviceConfig]:
    """The demo's devices, all on ``virtual:`` wires with simulators behind them."""
    del window  # every demo window uses the same wires; kept for a per-window layout later
    return [
        DeviceConfig("window_display", DeviceKind.LED_STRIP, "virtual:led-bus", address=1),
        DeviceConfig("hall_screen", DeviceKind.HALL_SCREEN, "virtual:led-bus", address=11),
        DeviceConfig("keypad", DeviceKind.CALLER_KEYPAD, "virtual:keypad-bus", address=3),
        DeviceConfig("evaluator", DeviceKind.EVALUATOR, "virtual:keypad-bus", address=3),
        DeviceConfig("card_reader", DeviceKind.CARD_READER, "virtual:card-reader", address=0),
        DeviceConfig("wedge_reader", DeviceKind.CARD_READER, "keyboard", address=0),
        DeviceConfig(
            "id_reader", DeviceKind.ID_READER, "virtual:id-reader", address=0, baudrate=115_200
        ),
    ]
