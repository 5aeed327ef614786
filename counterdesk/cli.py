"""The ``counterdesk`` command: the app, the demo, and the tools IT and support staff run.

This module is a composition root (ARCHITECTURE.md): the one place in ``counterdesk`` allowed to
reach into ``ui`` (and later ``printing`` and ``devices``) to wire the application together. It
imports them inside the commands that need them, so ``counterdesk search`` on a support laptop
never loads Qt.

Every command says what went wrong in a sentence and exits non-zero: 1 for a problem with the
data or the environment, 2 for a command typed wrongly (click's usage errors).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from counterdesk import __version__

if TYPE_CHECKING:  # the server's modules load FastAPI: only the commands that serve import them
    from counterdesk.demo.hq import DemoServer
    from counterdesk.queue.service import QueueService

_DB_HELP = "The terminal database file (default: $COUNTERDESK_DB or the user data folder)."


def _existing_db(path: Path | None) -> Path:
    from counterdesk.store.database import default_db_path

    db = path or default_db_path()
    if not db.exists():
        raise click.ClickException(
            f"No database at {db}. Create one with `counterdesk db upgrade --db {db}` "
            "or fill a demo one with `counterdesk seed`."
        )
    if db.is_dir():
        raise click.ClickException(f"{db} is a folder, not a database file.")
    return db


class LazyGroup(click.Group):
    """A group whose commands live in other modules and are imported only when run (or listed).

    Why: the installed start, ``counterdesk open``, must show the sign-in window fast, and
    importing every command's module (SQLAlchemy, pydantic, FastAPI's models…) took most of a
    second before any window. After click's "lazily loading subcommands" pattern.
    """

    def __init__(
        self, *args: Any, lazy_commands: Mapping[str, str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})
        """Command name → ``module:attribute`` of the click command."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy_commands])

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        where = self.lazy_commands.get(cmd_name)
        if where is None:
            return super().get_command(ctx, cmd_name)
        module_name, attribute = where.split(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{where} is not a click command")
        return command


LAZY_COMMANDS: dict[str, str] = {
    "printer": "counterdesk.cli_printing:printer",
    "print-test": "counterdesk.cli_printing:print_test",
    "report": "counterdesk.cli_printing:report",
    "simulate": "counterdesk.cli_devices:simulate",
    "devices": "counterdesk.cli_devices:devices",
    "clerk": "counterdesk.cli_people:clerk",
    "audit": "counterdesk.cli_people:audit",
    "serve": "counterdesk.cli_server:serve",
    "hq": "counterdesk.cli_hq:hq",
    "sync": "counterdesk.cli_sync:sync",
    "config": "counterdesk.cli_config:config_group",
    "open": "counterdesk.cli_open:open_command",
    "diagnose": "counterdesk.cli_diagnose:diagnose",
    "self-test": "counterdesk.cli_selftest:self_test",
}
"""The commands kept in their own modules; a test checks each name is its command's own."""


@click.group(
    cls=LazyGroup,
    lazy_commands=LAZY_COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "--version", "-V", prog_name="CounterDesk")
def main() -> None:
    """CounterDesk: one-stop counter software for utility service halls."""
    from counterdesk.logs import setup_logging

    # Each command logs to its own file in the log folder (demo.log, serve.log, sync.log…).
    setup_logging(click.get_current_context().invoked_subcommand or "counterdesk")


@main.group()
def db() -> None:
    """Look after the terminal database."""


@db.command("upgrade")
@click.option("--db", "db_path", type=click.Path(path_type=Path), help=_DB_HELP)
def db_upgrade(db_path: Path | None) -> None:
    """Create the database or bring it to the newest schema (the app also does this on start)."""
    from counterdesk.store.database import DatabaseError, default_db_path, make_engine
    from counterdesk.store.migrate import current_revision, head_revision, upgrade

    path = db_path or default_db_path()
    try:
        engine = make_engine(path)
        before = current_revision(engine)
        after = upgrade(engine)
    except DatabaseError as error:
        raise click.ClickException(str(error)) from error
    except Exception as error:
        raise click.ClickException(f"Cannot open {path} as a database: {error}") from error
    if before == after:
        click.echo(f"{path} is already at revision {after} (newest: {head_revision()}).")
    else:
        click.echo(f"{path} upgraded from revision {before or 'empty'} to {after}.")


@main.command()
@click.argument("text", nargs=-1, required=True)
@click.option("--db", "db_path", type=click.Path(path_type=Path), help=_DB_HELP)
@click.option("--limit", type=click.IntRange(1, 500), default=20, show_default=True)
def search(text: tuple[str, ...], db_path: Path | None, limit: int) -> None:
    """Find accounts by account no., meter no., phone, name or address (for support staff).

    Several words must all match, e.g.: counterdesk search 王 幸福路12号
    """
    from counterdesk.store.database import DatabaseError, make_engine
    from counterdesk.store.migrate import current_revision, head_revision
    from counterdesk.store.search import SearchError, search_accounts

    path = _existing_db(db_path)
    engine = make_engine(path)
    try:
        revision = current_revision(engine)
        if revision != head_revision():
            raise click.ClickException(
                f"{path} is at schema revision {revision or 'none'}, not {head_revision()}: "
                f"run `counterdesk db upgrade --db {path}` first."
            )
        with engine.connect() as connection:
            result = search_accounts(connection, " ".join(text), limit=limit)
    except SearchError as error:
        raise click.ClickException(str(error)) from error
    except DatabaseError as error:
        raise click.ClickException(str(error)) from error
    finally:
        engine.dispose()
    if not result.hits:
        click.echo("No account matches.")
        sys.exit(1)
    for hit in result.hits:
        flags = " ".join(
            flag
            for flag, on in (
                ("[disconnected]", hit.status.value == "disconnected"),
                ("[key customer]", hit.key_customer),
            )
            if on
        )
        click.echo(
            f"{hit.account_number}  {hit.customer_name}  {hit.phone or '-'}  "
            f"{hit.utility.value}  {hit.address}  ({hit.match.name.lower()}) {flags}".rstrip()
        )
    if result.truncated:
        click.echo(f"… more than {len(result.hits)} matches: type more to narrow it down.")


@main.command()
@click.option("--accounts", type=int, required=True, help="How many accounts (1 to 9,999,999).")
@click.option(
    "--db", "db_path", type=click.Path(path_type=Path), required=True, help="A new database file."
)
@click.option("--seed", "seed_value", type=int, default=1, show_default=True)
@click.option(
    "--as-of",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The business date to see the data from (default: today); bills: the 12 months before.",
)
@click.option(
    "--workers",
    type=click.IntRange(0, 8),
    default=1,
    show_default=True,
    help="Processes making rows while the main one writes (0: none).",
)
def seed(accounts: int, db_path: Path, seed_value: int, as_of: object, workers: int) -> None:
    """Fill a new database with a fictional city's customers, accounts, meters and bills."""
    from datetime import datetime

    from counterdesk.demo.seed import SeedError, seed_database
    from counterdesk.store.database import DatabaseError, make_engine

    day = as_of.date() if isinstance(as_of, datetime) else date.today()  # noqa: DTZ011
    last_shown = [-1]

    def progress(done: int, total: int) -> None:
        percent = done * 100 // total
        if percent // 10 != last_shown[0]:
            last_shown[0] = percent // 10
            click.echo(f"  {done:,} / {total:,} accounts", err=True)

    try:
        report = seed_database(
            make_engine(db_path),
            accounts=accounts,
            seed=seed_value,
            as_of=day,
            workers=workers,
            progress=progress,
        )
    except (SeedError, DatabaseError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"Seeded {report.path}: {report.customers:,} customers, {report.accounts:,} accounts "
        f"({report.accounts_in_arrears:,} in arrears, {report.disconnected:,} disconnected), "
        f"{report.bills:,} bills in {report.seconds:.1f} s."
    )


@main.group()
def calendar() -> None:
    """The working-day calendar's override table (official holidays for years not yet known)."""


@calendar.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--db", "db_path", type=click.Path(path_type=Path), help=_DB_HELP)
@click.option(
    "--complete",
    "complete_year",
    type=click.IntRange(2000, 2100),
    help="Declare this year's holidays complete (its deadlines stop being provisional).",
)
def calendar_import(file: Path, db_path: Path | None, complete_year: int | None) -> None:
    """Load days from FILE, one per line: `2027-02-06 work` or `2027-02-10 off`."""
    from datetime import UTC, datetime

    from counterdesk.domain.workdays import parse_overrides
    from counterdesk.store import settings
    from counterdesk.store.database import make_engine

    path = _existing_db(db_path)
    try:
        days = parse_overrides(file.read_text(encoding="utf-8"))
    except ValueError as error:
        raise click.ClickException(f"{file}: {error}") from error
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{file} is not UTF-8 text: {error}") from error
    engine = make_engine(path)
    try:
        with engine.begin() as connection:
            count = settings.import_overrides(connection, days, note=file.name)
            if complete_year is not None:
                years = set(settings.read_all(connection)["calendar.complete_years"])
                settings.write(
                    connection,
                    "calendar.complete_years",
                    sorted(years | {complete_year}),
                    now=datetime.now(UTC),
                )
    finally:
        engine.dispose()
    click.echo(f"Imported {count} days into {path}.")


@main.command()
@click.option("--db", "db_path", type=click.Path(path_type=Path), help="The demo database file.")
@click.option("--accounts", type=click.IntRange(100, 1_000_000), default=20_000, show_default=True)
@click.option("--lang", type=click.Choice(["zh_CN", "en"]), default=None, help="UI language.")
@click.option(
    "--tour",
    "tour_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Run a scripted tour offscreen instead (sign in, pay cash and by WeChat, reverse, close "
    "the shift) and save a PNG of each screen into this folder.",
)
def demo(db_path: Path | None, accounts: int, lang: str | None, tour_dir: Path | None) -> None:
    """Open CounterDesk on a demo database joined to its own HQ (made on first start, reused
    afterwards)."""
    import platformdirs

    from counterdesk import APP_NAME
    from counterdesk.demo.seed import seed_database
    from counterdesk.store.database import make_engine

    path = db_path or Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "demo.db"
    if not _has_accounts(path):
        click.echo(f"Preparing the demo database at {path} …", err=True)
        for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
            stale.unlink(missing_ok=True)
        seed_database(make_engine(path), accounts=accounts, seed=1, workers=0)
    else:
        from counterdesk.store.migrate import upgrade

        upgrade(make_engine(path))  # a demo database from an older version is brought up to date
    _ensure_demo_printer(path)
    from counterdesk.cli_devices import ensure_demo_devices

    demo_card = ensure_demo_devices(path)
    from counterdesk.demo.orders import ensure_demo_orders
    from counterdesk.demo.people import DEMO_PASSWORD, ensure_demo_people

    engine = make_engine(path)
    try:
        ensure_demo_people(engine)
    finally:
        engine.dispose()
    # HQ is made from the demo database before the demo's orders are queued for it (see
    # counterdesk.demo.hq for why), so the server starts here, the tour's included.
    server = _demo_server(path)
    try:
        engine = make_engine(path)
        try:
            ensure_demo_orders(engine, DEMO_PASSWORD)
        finally:
            engine.dispose()
        if tour_dir is not None:
            import os

            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
            from ui.tour import TourError, run_tour

            try:
                shots = run_tour(path, tour_dir, password=DEMO_PASSWORD, language=lang)
            except TourError as error:
                raise click.ClickException(str(error)) from error
            for shot in shots:
                click.echo(str(shot))
            return
        from ui.app import run

        _ensure_demo_queue(server.server.app.state.queue)
        click.echo(
            f"Demo hall server: {server.url}; in another terminal try "
            f"`uv run counterdesk hall-screen --windowed --server {server.url}` (or kiosk, "
            "dashboard)",
            err=True,
        )
        code = run(
            path,
            language=lang,
            demo_password=DEMO_PASSWORD,
            demo_card=demo_card,
            hall_url=server.url,
        )
    finally:
        server.stop()
    sys.exit(code)


def _demo_server(path: Path) -> DemoServer:
    """The hall server and the demo's HQ in this process, on a loopback port: the counter's queue
    bar and its sync engine talk HTTP to it as they would to the hall's server and to HQ.

    On the usual port when it is free, so `counterdesk kiosk` and `hall-screen` find it with no
    options; on any free port otherwise (another demo or a real hall server runs here).
    """
    from counterdesk.cli_server import DEFAULT_PORT
    from counterdesk.demo.hq import start_demo_server

    def making(hq_path: Path) -> None:
        click.echo(f"Making the demo's HQ at {hq_path} from {path} …", err=True)

    server = start_demo_server(
        path, path.with_name("demo-hall.db"), port=DEFAULT_PORT, making=making
    )
    if server.problem:
        click.echo(f"The demo runs without HQ: {server.problem}", err=True)
        return server
    made = server.imported
    if made is not None:
        click.echo(
            f"Demo HQ made in {made.seconds:.1f} s ({made.accounts:,} accounts, "
            f"{made.bills:,} bills) at {server.hq_path}.",
            err=True,
        )
    joined = "joined" if server.joined else "stays joined to"
    click.echo(
        f"Demo HQ: {server.url}; terminal {server.terminal_id} {joined} it "
        f"(`uv run counterdesk hq terminals --db {server.hq_path}`; "
        f"`uv run counterdesk sync status --db {path}`).",
        err=True,
    )
    return server


def _ensure_demo_queue(service: QueueService) -> None:
    """A morning's queue to call from: a few customers waiting in each line, if none are yet."""
    if any(service.state()["waiting"].values()):
        return
    for category in ("A", "A", "B", "A", "C", "V", "A", "B"):
        service.issue(category, source="demo")


def _ensure_demo_printer(path: Path) -> None:
    """The demo prints to a virtual receipt printer in the app's own process, unless IT has
    pointed ``receipt`` at a real one (`counterdesk printer set receipt … --db demo.db`)."""
    from counterdesk.store.database import make_engine
    from printing import printers
    from printing.profile import PrinterProfile

    engine = make_engine(path)
    try:
        with engine.begin() as connection:
            if printers.RECEIPT_PRINTER not in printers.load_all(connection):
                printers.save(
                    connection, PrinterProfile(printers.RECEIPT_PRINTER, "virtual:receipt")
                )
    finally:
        engine.dispose()


def _has_accounts(path: Path) -> bool:
    import sqlite3
    from contextlib import closing

    if not path.exists():
        return False
    try:
        with closing(sqlite3.connect(path)) as raw:
            return bool(raw.execute("SELECT count(*) FROM account").fetchone()[0])
    except sqlite3.Error:
        # An unreadable demo file (an interrupted first start) is made again; it holds no real data.
        return False


_NOTICE_KINDS = (
    "acceptance",
    "meter-change",
    "reminder",
    "outage",
    "complaint",
    "daily-report",
    "back-billing",
)
"""The kinds of ``printing.notices.NOTICE_SAMPLES``, spelled out so ``--help`` lists them without
importing printing (and reportlab) for every command; a test keeps the two lists equal."""


@main.command(
    help=f"Write the sample A4 notice of KIND ({', '.join(_NOTICE_KINDS)}) as a PDF, to check "
    "the Chinese font and the layout on a terminal."
)
@click.argument("kind", metavar="KIND", type=click.Choice(_NOTICE_KINDS))
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    required=True,
    help="The PDF file to write.",
)
def notice(kind: str, out_path: Path) -> None:
    """Write a sample notice: the help text above is built from the kinds."""
    from counterdesk.documents.receipts import DocumentError
    from printing.fonts import FontNotFoundError
    from printing.notices import NOTICE_SAMPLES, render_notice

    try:
        pdf = render_notice(NOTICE_SAMPLES[kind]())
        out_path.write_bytes(pdf)
    except (FontNotFoundError, DocumentError) as error:
        raise click.ClickException(str(error)) from error
    except OSError as error:
        raise click.ClickException(f"Cannot write {out_path}: {error.strerror or error}") from error
    click.echo(str(out_path))


def _screen(func: Callable[..., None]) -> Callable[..., None]:
    """The options every hall screen takes: which server, which language, full screen or not."""
    from counterdesk.cli_server import SERVER_HELP

    func = click.option("--server", "server", default=None, help=SERVER_HELP)(func)
    func = click.option("--lang", type=click.Choice(["zh_CN", "en"]), default=None)(func)
    return click.option("--windowed", is_flag=True, help="A normal window, not full screen.")(func)


@main.command()
@_screen
def kiosk(server: str | None, lang: str | None, windowed: bool) -> None:
    """The touch-screen ticket dispenser (取号机)."""
    from counterdesk.cli_server import server_url
    from ui.kiosk import run as run_kiosk

    sys.exit(run_kiosk(server_url(server), language=lang, full_screen=not windowed))


@main.command("hall-screen")
@_screen
def hall_screen(server: str | None, lang: str | None, windowed: bool) -> None:
    """The hall's TV screen: last calls, waiting per category and the notice line."""
    from counterdesk.cli_server import server_url
    from ui.hall_screen import run as run_screen

    sys.exit(run_screen(server_url(server), language=lang, full_screen=not windowed))


@main.command()
@_screen
def dashboard(server: str | None, lang: str | None, windowed: bool) -> None:
    """The hall manager's live dashboard (queue load, windows, ratings, star clerks)."""
    from counterdesk.cli_server import server_url
    from ui.dashboard import run as run_dashboard

    sys.exit(run_dashboard(server_url(server), language=lang, full_screen=not windowed))
