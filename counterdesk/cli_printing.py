"""``counterdesk printer …`` and ``counterdesk print-test``: what IT runs when setting up a desk.

A composition root like :mod:`counterdesk.cli` (listed in the import-linter contract): it wires
``printing`` in, and imports it inside the commands so other commands never load it.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from counterdesk.store.database import DatabaseError, default_db_path, make_engine

_DB_HELP = "The terminal database file (default: $COUNTERDESK_DB or the user data folder)."
_ENCODINGS = ("gb18030", "gbk", "big5", "utf-8")


@click.group()
def printer() -> None:
    """The printers of this terminal (receipt printer, kiosk ticket printer…)."""


@printer.command("set")
@click.argument("name")
@click.argument("address")
@click.option("--paper", type=click.Choice(["58", "80"]), default="80", show_default=True)
@click.option("--encoding", type=click.Choice(_ENCODINGS), default="gb18030", show_default=True)
@click.option("--qr/--no-qr", "native_qr", default=True, help="The printer draws QR codes itself.")
@click.option("--cutter/--no-cutter", default=True, show_default=True)
@click.option("--drawer/--no-drawer", default=True, show_default=True)
@click.option("--timeout", type=float, default=5.0, show_default=True, help="Seconds.")
@click.option("--db", "db_path", type=click.Path(path_type=Path), help=_DB_HELP)
def printer_set(
    *,
    name: str,
    address: str,
    paper: str,
    encoding: str,
    native_qr: bool,
    cutter: bool,
    drawer: bool,
    timeout: float,
    db_path: Path | None,
) -> None:
    """Add or change printer NAME at ADDRESS (tcp://HOST:9100, serial:COM3?baud=9600, …)."""
    from counterdesk.store.migrate import upgrade
    from printing import printers
    from printing.profile import Encoding, PrinterProfile
    from printing.slip import Paper

    profile = PrinterProfile(
        name,
        address,
        paper=Paper.from_millimetres(int(paper)),
        encoding=Encoding(encoding),
        native_qr=native_qr,
        cutter=cutter,
        drawer=drawer,
        timeout=timeout,
    )
    engine = make_engine(db_path or default_db_path())
    try:
        upgrade(engine)
        with engine.begin() as connection:
            saved = printers.save(connection, profile)
    except (printers.PrinterConfigError, DatabaseError) as error:
        raise click.ClickException(str(error)) from error
    finally:
        engine.dispose()
    click.echo(f"Printer {saved.name}: {saved.address}, {paper} mm, {encoding}.")


@printer.command("list")
@click.option("--db", "db_path", type=click.Path(path_type=Path), help=_DB_HELP)
def printer_list(db_path: Path | None) -> None:
    """The printers configured on this terminal."""
    from counterdesk.store.migrate import upgrade
    from printing import printers

    engine = make_engine(db_path or default_db_path())
    try:
        upgrade(engine)
        with engine.connect() as connection:
            profiles = printers.load_all(connection)
    except (printers.PrinterConfigError, DatabaseError) as error:
        raise click.ClickException(str(error)) from error
    finally:
        engine.dispose()
    if not profiles:
        click.echo("No printer is configured. Add one with `counterdesk printer set receipt …`.")
    for profile in profiles.values():
        extras = [name for name, on in [("cutter", profile.cutter), ("drawer", profile.drawer),
                                        ("QR", profile.native_qr)] if on]  # fmt: skip
        click.echo(
            f"{profile.name}\t{profile.address}\t{profile.paper.millimetres} mm\t"
            f"{profile.encoding.value}\t{profile.timeout:g} s\t{', '.join(extras)}"
        )


@printer.command("remove")
@click.argument("name")
@click.option("--db", "db_path", type=click.Path(path_type=Path), help=_DB_HELP)
def printer_remove(name: str, db_path: Path | None) -> None:
    """Forget printer NAME (its finished jobs stay in the history)."""
    from printing import printers

    engine = make_engine(db_path or default_db_path())
    try:
        with engine.begin() as connection:
            removed = printers.remove(connection, name)
    finally:
        engine.dispose()
    if not removed:
        raise click.ClickException(f"No printer named {name!r}.")
    click.echo(f"Printer {name} removed.")


@click.command("print-test")
@click.option("--printer", "target", required=True, help="An address such as tcp://HOST:9100.")
@click.option("--paper", type=click.Choice(["58", "80"]), default="80", show_default=True)
@click.option("--encoding", type=click.Choice(_ENCODINGS), default="gb18030", show_default=True)
@click.option("--timeout", type=float, default=5.0, show_default=True, help="Seconds.")
def print_test(target: str, paper: str, encoding: str, timeout: float) -> None:
    """Print a test receipt on a printer and say what the printer reported."""
    from counterdesk.documents.receipts import PrinterTestPage
    from counterdesk.documents.samples import HALL_TIME, SAMPLE_HALL
    from printing.address import AddressError, parse_address
    from printing.escpos_out import encode
    from printing.layouts import layout
    from printing.profile import Encoding, PrinterProfile
    from printing.slip import Paper
    from printing.transports import PrinterError, deliver, open_link

    try:
        address = str(parse_address(target))
    except AddressError as error:
        raise click.ClickException(str(error)) from error
    profile = PrinterProfile(
        "test", address, paper=Paper.from_millimetres(int(paper)), encoding=Encoding(encoding)
    )
    page = PrinterTestPage(SAMPLE_HALL, address, datetime.now(HALL_TIME))
    encoded = encode(layout(page, profile.paper), profile)
    for note in encoded.substitutions:
        click.echo(f"Note: {note}", err=True)
    try:
        with open_link(address, timeout=timeout) as link:
            delivery = deliver(link, encoded.data)
    except PrinterError as error:
        raise click.ClickException(f"{error} ({error.problem.value})") from error
    click.echo(f"Before: {delivery.before.state.value}. {delivery.before.detail}".rstrip())
    click.echo(delivery.detail)
    if not (delivery.certain or delivery.blind):
        raise click.ClickException("The printer did not confirm the test page.")
