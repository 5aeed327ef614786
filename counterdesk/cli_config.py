"""``counterdesk config check|show|path``, and the checks of the file that need the hardware layers.

A composition root like :mod:`counterdesk.cli` (it must be listed in the import-linter contract):
:mod:`counterdesk.config` checks the file's shape and the core's rules, and this module runs
``printing``'s address parser and ``devices``' port and bus rules on its ``[printers.*]`` and
``[devices.*]`` tables, so the file is judged by the same code the CLI and the settings page use,
and each refusal is tied back to the file and key it came from. It also carries the file into the
terminal's database (:func:`apply_to_database`), where the rest of the app reads printers,
devices and the terminal's code and window.
"""

from __future__ import annotations

import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final, TypeVar

import click
from pydantic import BaseModel, ValidationError
from sqlalchemy import Engine

from counterdesk.config import files as config_files
from counterdesk.config.files import ConfigError, Loaded, load
from counterdesk.config.places import Locations, locations
from counterdesk.config.schema import DeviceSection, PrinterSection, TerminalConfig
from counterdesk.config.secrets import mask_values
from counterdesk.config.writer import update_table

if TYPE_CHECKING:
    from devices.config import DeviceConfig
    from printing.profile import PrinterProfile

"""Keys whose values ``config show`` masks (none today; a later ``[server].hq_token`` is)."""
_MASK: Final = "********"


# --- the checks printing and devices own --------------------------------------------------------


def printer_profile(name: str, section: PrinterSection) -> PrinterProfile:
    from printing.profile import Encoding, PrinterProfile
    from printing.slip import Paper

    return PrinterProfile(
        name,
        section.address,
        paper=Paper.from_millimetres(section.paper),
        encoding=Encoding(section.encoding),
        native_qr=section.native_qr,
        cutter=section.cutter,
        drawer=section.drawer,
        timeout=section.timeout,
    )


def device_config(name: str, section: DeviceSection) -> DeviceConfig:
    from devices.config import DEFAULT_BAUD, DeviceConfig, DeviceKind

    kind = DeviceKind(section.kind)
    baudrate = section.baudrate if section.baudrate is not None else DEFAULT_BAUD.get(kind, 9600)
    return DeviceConfig(
        name, kind, section.port, section.address, baudrate, section.options(), section.enabled
    )


def device_table(device: DeviceConfig) -> dict[str, Any]:
    """A device as its ``[devices.NAME]`` table, the settings page's save in the file."""
    table: dict[str, Any] = {
        "kind": device.kind.value,
        "port": device.port,
        "address": device.address,
        "baudrate": device.baudrate,
        "enabled": device.enabled,
    }
    for option in ("template", "pattern", "register"):
        if option in device.options:
            table[option] = device.options[option]
    if "rows" in device.options:
        table["rows"] = [[int(address), str(text)] for address, text in device.options["rows"]]
    return table


def save_device_in_file(where: Locations, device: DeviceConfig, replacing: str | None) -> None:
    """The settings page saved ``device`` (renamed from ``replacing``): the same in the user's
    file, so the next start applies it again instead of the machine file's older word."""
    if replacing is not None and replacing != device.name:
        forget_device_in_file(where, replacing)
    update_table(
        where.user, ("devices", device.name), device_table(device), laid_over=where.machine
    )


def forget_device_in_file(where: Locations, name: str) -> None:
    """The settings page removed device ``name``: out of the user's file too. A device the
    machine file defines cannot be taken out of it from here; the user's file switches it off
    (``enabled = false``) instead, so it does not come back working at the next start."""
    machine: dict[str, Any] = {}
    if where.machine.is_file():
        _, machine = config_files.read_file(where.machine)
    off = {"enabled": False} if name in machine.get("devices", {}) else None
    update_table(where.user, ("devices", name), off, laid_over=where.machine)


def check_hardware(loaded: Loaded) -> None:
    """Add to ``loaded`` what ``printing`` and ``devices`` refuse in its printers and devices.

    Each table whose shape is right is checked, even when other keys have problems, so one run
    of ``config check`` lists everything to fix.
    """
    from devices import config as devices_config
    from devices.ports import LineSettings, PortConfigError, parse_port
    from printing import printers
    from printing.address import parse_address

    for name, printer in _sections(loaded, "printers", PrinterSection).items():
        try:
            parse_address(printer.address)
        except ValueError as error:
            loaded.add(("printers", name, "address"), str(error))
            continue
        try:
            printers.check(printer_profile(name, printer))
        except ValueError as error:
            loaded.add(("printers", name), str(error))
    sections = _sections(loaded, "devices", DeviceSection)
    checked = []
    for name, device in sections.items():
        candidate = device_config(name, device)
        try:
            parse_port(candidate.port)
        except PortConfigError as error:
            loaded.add(("devices", name, "port"), str(error))
            continue
        try:
            LineSettings(baudrate=candidate.baudrate)
        except PortConfigError as error:
            loaded.add(("devices", name, "baudrate"), str(error))
            continue
        try:
            checked.append(devices_config.check(candidate))
        except devices_config.DeviceConfigError as error:
            loaded.add(("devices", name), str(error))
    if len(checked) == len(loaded.data.get("devices", {})):
        try:
            devices_config.check_all(checked)
        except devices_config.DeviceConfigError as error:
            loaded.add(("devices",), str(error))


_S = TypeVar("_S", bound=BaseModel)


def _sections(loaded: Loaded, table: str, model: type[_S]) -> dict[str, _S]:
    """The tables under ``[table.*]`` that have the right shape (the others are reported)."""
    found: dict[str, _S] = {}
    values = loaded.data.get(table)
    if not isinstance(values, dict):
        return found
    for name, value in values.items():
        try:
            found[name] = model.model_validate(value)
        except ValidationError:
            continue
    return found


def load_checked(where: Locations | None = None) -> Loaded:
    """Both files read, merged and checked, the hardware sections included."""
    loaded = load(where)
    check_hardware(loaded)
    return loaded


# --- into the database ------------------------------------------------------------------------


def apply_to_database(engine: Engine, config: TerminalConfig, *, now: datetime) -> list[str]:
    """Store what the file says where the app reads it, in one transaction; what changed.

    Only what differs is written, so starting the app does not fill the audit log. Printers and
    devices the file does not name are left as IT set them with the CLI or the settings page.
    Raises ``ValueError`` (a printer or device the database refuses alongside its others).
    """
    from counterdesk.services.auth import CLI_ADMIN
    from counterdesk.store import settings
    from devices import config as devices_config
    from printing import printers

    changed: list[str] = []
    wanted_settings = {
        "terminal.code": config.terminal.id,
        "hall.name": config.terminal.hall,
        "terminal.window": None if config.terminal.window is None else str(config.terminal.window),
    }
    with engine.begin() as connection:
        current = settings.read_all(connection)
        for key, value in wanted_settings.items():
            if value is not None and current[key] != value:
                settings.write(connection, key, value, now=now)
                changed.append(f"setting {key} = {value}")
        stored_printers = printers.load_all(connection)
        for name, section in config.printers.items():
            profile = printers.check(printer_profile(name, section))
            if stored_printers.get(name) != profile:
                printers.save(connection, profile)
                changed.append(f"printer {name} ({profile.address})")
        stored_devices = devices_config.load_all(connection)
        wanted = {
            name: devices_config.check(device_config(name, section))
            for name, section in config.devices.items()
        }
        different = [
            device for name, device in wanted.items() if stored_devices.get(name) != device
        ]
        # Taken out first, so a keypad moving to the address another one leaves is not refused
        # against the other's old row.
        for device in different:
            if device.name in stored_devices:
                devices_config.remove(connection, device.name, by=CLI_ADMIN, now=now)
        for device in different:
            devices_config.save(connection, device, by=CLI_ADMIN, now=now)
            changed.append(f"device {device.name} ({device.kind.value} on {device.port})")
    return changed


# --- the commands -----------------------------------------------------------------------------


@click.group("config")
def config_group() -> None:
    """This terminal's configuration file, counterdesk.toml (machine-wide, with the user's laid
    over it key by key; $COUNTERDESK_CONFIG names the machine file instead)."""


@config_group.command("check")
def check_command() -> None:
    """Check the files; exit 1 listing every problem, one per line, with its file and key."""
    loaded = load_checked()
    if not loaded.ok:
        for problem in loaded.problems:
            click.echo(str(problem))
        count = len(loaded.problems)
        click.echo(f"{count} problem{'s' if count != 1 else ''}.", err=True)
        sys.exit(1)
    read = [str(state.path) for state in loaded.files if state.exists]
    if read:
        click.echo(f"OK: {' and '.join(read)}.")
    else:
        click.echo("OK: no configuration file; the defaults apply.")


@config_group.command("show")
def show_command() -> None:
    """The effective configuration, defaults filled in, secrets masked, as TOML."""
    import tomlkit

    loaded = load_checked()
    try:
        config = loaded.require()
    except ConfigError as error:
        raise click.ClickException(f"The configuration has problems:\n{error}") from error
    values = config.model_dump(mode="json", by_alias=True, exclude_none=True)
    click.echo(tomlkit.dumps(mask_secrets(values)).rstrip())


@config_group.command("path")
def path_command() -> None:
    """The files looked at, in the order they are laid over each other, and which exist."""
    where = locations()
    for role, path in (("machine", where.machine), ("user", where.user)):
        how = " (from $COUNTERDESK_CONFIG)" if role == "machine" and where.explicit else ""
        state = "exists" if path.is_file() else "missing"
        click.echo(f"{role}{how}: {path} [{state}]")


def mask_secrets(values: Any) -> Any:
    """``values`` with any token or password, and the password in a URL, replaced by stars."""
    return mask_values(values, _MASK)
