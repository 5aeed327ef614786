"""``counterdesk simulate`` and ``counterdesk devices``: serial devices for IT and for testing.

A composition root like :mod:`counterdesk.cli`: it wires ``devices`` in, importing it inside the
commands so other commands never load pyserial.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

_KINDS = ("keypad", "led", "modbus", "card", "idcard")


@click.command(
    help="Run a simulated device of KIND (keypad, led, modbus, card, idcard) on PORT and work it "
    "from this terminal: press keypad keys, swipe a card, present an ID card, see what a display "
    "shows. PORT is `pty` (prints the port to give CounterDesk), `tcp:7001` (CounterDesk then "
    "uses socket://127.0.0.1:7001) or a serial port such as COM4."
)
@click.argument("kind", metavar="KIND", type=click.Choice(_KINDS))
@click.option("--port", default="pty", show_default=True, help="pty, tcp:PORT or a serial port.")
@click.option(
    "--address",
    "addresses",
    type=click.IntRange(0, 254),
    multiple=True,
    help="Bus address (keypad callers, Modbus unit id); repeat for several keypads.",
)
@click.option(
    "--evaluator",
    "evaluators",
    type=click.IntRange(0, 254),
    multiple=True,
    help="Address of an evaluator on the keypad bus; repeat for several.",
)
@click.option("--baud", type=int, default=9600, show_default=True, help="For a serial port.")
def simulate(
    kind: str, port: str, addresses: tuple[int, ...], evaluators: tuple[int, ...], baud: int
) -> None:
    from devices.simulators import runner
    from devices.simulators.base import DeviceSimulator, Send
    from devices.simulators.displays import LedBusSimulator, ModbusDisplaySimulator
    from devices.simulators.keypad import KeypadSimulator
    from devices.simulators.readers import CardReaderSimulator, IdCardSimulator

    def factory(send: Send) -> DeviceSimulator:
        if kind == "keypad":
            return KeypadSimulator(send, callers=addresses or (1,), evaluators=evaluators)
        if kind == "led":
            return LedBusSimulator(send)
        if kind == "modbus":
            return ModbusDisplaySimulator(send, unit=addresses[0] if addresses else 1)
        if kind == "card":
            return CardReaderSimulator(send)
        return IdCardSimulator(send)

    try:
        wire = runner.open_wire(port, baud)
    except (ValueError, OSError) as error:
        raise click.ClickException(f"Cannot open {port}: {error}") from error
    runner.run(factory, wire, sys.stdin, sys.stdout)


@click.group()
def devices() -> None:
    """The serial devices configured on this terminal."""


@devices.command("list")
@click.option("--db", "db_path", type=click.Path(path_type=Path), help="The terminal database.")
def devices_list(db_path: Path | None) -> None:
    """Each device with its kind, port and address, and whether its configuration is valid."""
    from counterdesk.cli import _existing_db
    from counterdesk.store.database import make_engine
    from devices import config
    from devices.ports import system_ports

    engine = make_engine(_existing_db(db_path))
    try:
        with engine.connect() as connection:
            configured = config.load_all(connection)
    finally:
        engine.dispose()
    if not configured:
        click.echo("No devices configured.")
    for device in configured.values():
        try:
            config.check(device)
            verdict = "ok" if device.enabled else "disabled"
        except config.DeviceConfigError as error:
            verdict = f"INVALID: {error}"
        click.echo(
            f"{device.name:<16} {device.kind.value:<15} {device.port:<24} "
            f"addr {device.address:<4} {device.baudrate} baud  {verdict}"
        )
    try:
        config.check_all(configured.values())
    except config.DeviceConfigError as error:
        click.echo(f"Problem: {error}")
        sys.exit(1)
    ports = system_ports()
    click.echo("Serial ports on this machine: " + (", ".join(p.device for p in ports) or "none"))


def ensure_demo_devices(path: Path) -> tuple[str, str, str]:
    """Give the demo its virtual devices (unless IT changed them) and one customer an ID card.

    Returns the card holder's name, ID number and account number, so the virtual ID card reader
    presents a card the counter can open.
    """
    from datetime import UTC, datetime

    from sqlalchemy import text

    from counterdesk.domain.id_numbers import check_character
    from counterdesk.services.auth import CLI_ADMIN
    from counterdesk.store.database import make_engine
    from devices import config

    engine = make_engine(path)
    now = datetime.now(UTC)
    try:
        with engine.begin() as connection:
            if not config.load_all(connection):
                for device in config.demo_devices("1"):
                    config.save(connection, device, by=CLI_ADMIN, now=now)
            row = connection.execute(
                text(
                    "SELECT c.id, c.name, c.id_number, a.number FROM account AS a "
                    "JOIN customer AS c ON c.id = a.customer_id "
                    "WHERE a.customer_class = 'residential' ORDER BY a.id LIMIT 1"
                )
            ).one()
            id_number = row.id_number
            if not id_number:
                first17 = f"11010519850612{row.id % 1000:03d}"
                id_number = first17 + check_character(first17)
                connection.execute(
                    text("UPDATE customer SET id_number = :n WHERE id = :id"),
                    {"n": id_number, "id": row.id},
                )
    finally:
        engine.dispose()
    return str(row.name), str(id_number), str(row.number)
