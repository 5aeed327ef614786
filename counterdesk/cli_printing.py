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


_REPORT_FORMATS = (".pdf", ".xlsx")


@click.group()
def report() -> None:
    """Reports for the hall manager: the day's takings (实收统计) as PDF or Excel."""


@report.command("daily")
@click.option(
    "--date",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The business day, YYYY-MM-DD (default: today in the hall's time).",
)
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    required=True,
    help="The file to write; .pdf or .xlsx says which.",
)
@click.option("--clerk", "clerk_no", default=None, help="One clerk's day instead of the hall's.")
@click.option("--db", "db_path", type=click.Path(path_type=Path), help=_DB_HELP)
def report_daily(
    day: datetime | None, out_path: Path, clerk_no: str | None, db_path: Path | None
) -> None:
    """Write the hall's takings of a day (by clerk, tender, utility, hour), or one clerk's day."""
    from datetime import UTC

    from counterdesk.documents.receipts import DocumentError
    from counterdesk.domain.money import format_yuan
    from counterdesk.services import auth, reports
    from counterdesk.services.common import CounterError, business_day
    from counterdesk.store.migrate import upgrade
    from printing import reports as files
    from printing.fonts import FontNotFoundError

    suffix = out_path.suffix.lower()
    if suffix not in _REPORT_FORMATS:
        raise click.BadParameter(
            f"{out_path.name} must end in .pdf (to print and sign) or .xlsx (for Excel).",
            param_hint="'--out'",
        )
    path = db_path or default_db_path()
    if not path.is_file():
        raise click.ClickException(f"No database at {path}: the report reads the terminal's.")
    now = datetime.now(UTC)
    wanted = business_day(now) if day is None else day.date()
    engine = make_engine(path)
    try:
        upgrade(engine)
        with engine.connect() as connection:
            if clerk_no is None:
                made: reports.HallTakings | reports.ClerkDayReport = reports.hall_takings(
                    connection, auth.CLI_ADMIN, wanted, now=now
                )
            else:
                made = reports.clerk_day(connection, auth.CLI_ADMIN, wanted, clerk_no, now=now)
        if isinstance(made, reports.HallTakings):
            data = files.takings_pdf(made) if suffix == ".pdf" else files.takings_xlsx(made)
            who = ""
        else:
            data = files.clerk_day_pdf(made) if suffix == ".pdf" else files.clerk_day_xlsx(made)
            who = f", clerk {made.clerk_no} {made.clerk_name}"
        out_path.write_bytes(data)
    except (CounterError, DocumentError, FontNotFoundError, DatabaseError) as error:
        raise click.ClickException(str(error)) from error
    except OSError as error:
        raise click.ClickException(f"Cannot write {out_path}: {error.strerror or error}") from error
    finally:
        engine.dispose()
    total = made.total
    click.echo(str(out_path))
    click.echo(
        f"{wanted.isoformat()}{who}: {total.payments} payments {format_yuan(total.gross_fen)}, "
        f"{total.reversals} reversed {format_yuan(total.reversed_fen)}, "
        f"net {format_yuan(total.net_fen)}"
    )
