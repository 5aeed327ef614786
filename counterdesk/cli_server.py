"""``counterdesk serve``: the hall server (the queue) and HQ (terminal sync).

The kiosk, hall screen and dashboard (in :mod:`counterdesk.cli`, which may load Qt) talk to it
over HTTP, so they may run on any PC of the hall's LAN.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

import click

DEFAULT_PORT: Final = 8750
DEFAULT_URL: Final = f"http://127.0.0.1:{DEFAULT_PORT}"
SERVER_ENV: Final = "COUNTERDESK_HALL_URL"
SERVER_HELP: Final = f"The hall server's address (default ${SERVER_ENV}, else {DEFAULT_URL})."


def default_db(name: str = "hall.db") -> Path:
    import platformdirs

    from counterdesk import APP_NAME

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / name


@click.command()
@click.option("--role", type=click.Choice(["hall", "hq", "all"]), default="all", show_default=True)
@click.option(
    "--db",
    "db",
    help="The hall's SQLite database (default: hall.db in the app's data folder). For the hq "
    "role, HQ's database: a postgresql://user@host/db URL or an SQLite file (default "
    "$COUNTERDESK_HQ_DB, else hq.db in the app's data folder).",
)
@click.option(
    "--hq-db",
    "hq_db",
    help="For the all role: HQ's database, a postgresql:// URL or an SQLite file (default: "
    "the hall's file).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Listen on this address; 0.0.0.0 for the hall's LAN.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=DEFAULT_PORT, show_default=True)
@click.option(
    "--windows",
    type=click.IntRange(1, 999),
    default=3,
    show_default=True,
    help="Windows a new hall starts with (all categories, green channel first).",
)
@click.option(
    "--ssl-certfile",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="Serve HTTPS with this certificate (PEM, the server's own first, then any "
    "intermediates). Without it the server speaks plain HTTP: put it behind a TLS proxy then.",
)
@click.option(
    "--ssl-keyfile",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help="The certificate's private key (PEM, not encrypted; readable by the server's user "
    "only). Not needed when the certificate file holds the key too.",
)
def serve(
    *,
    role: str,
    db: str | None,
    hq_db: str | None,
    host: str,
    port: int,
    windows: int,
    ssl_certfile: Path | None,
    ssl_keyfile: Path | None,
) -> None:
    """Run the server: the hall's queue, its live updates and statistics, and HQ's sync."""
    import os

    from counterdesk.hq.database import HQ_DB_ENV, describe
    from counterdesk.server.run import build
    from counterdesk.server.run import serve as run_server
    from counterdesk.store.database import DatabaseError

    if ssl_keyfile is not None and ssl_certfile is None:
        raise click.UsageError("--ssl-keyfile needs --ssl-certfile, the certificate it goes with.")
    if ssl_certfile is not None:
        _check_tls(ssl_certfile, ssl_keyfile)

    if role == "hq":
        target = db or os.environ.get(HQ_DB_ENV) or str(default_db("hq.db"))
    else:
        target = db or str(default_db())
    try:
        app = build(target, role=role, windows=windows, hq_db=hq_db)  # type: ignore[arg-type]
    except DatabaseError as error:
        raise click.ClickException(str(error)) from error
    where = describe(app.state.hq) if role == "hq" else target
    if role == "all" and hq_db:
        where = f"{target}, HQ {describe(app.state.hq)}"
    address = f"{'https' if ssl_certfile else 'http'}://{host}:{port}"
    click.echo(f"CounterDesk {role} server on {address} (database {where})", err=True)
    run_server(
        app,
        host,
        port,
        ssl_certfile=None if ssl_certfile is None else str(ssl_certfile),
        ssl_keyfile=None if ssl_keyfile is None else str(ssl_keyfile),
    )


def _check_tls(certfile: Path, keyfile: Path | None) -> None:
    """Load the certificate and key once before serving, so a wrong pair is a sentence here
    rather than a traceback from inside uvicorn."""
    import ssl

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    try:
        context.load_cert_chain(certfile, keyfile)
    except (ssl.SSLError, OSError) as error:
        key = f" with the key {keyfile}" if keyfile else ""
        raise click.ClickException(
            f"Cannot serve HTTPS with the certificate {certfile}{key}: {error}. Both must be PEM "
            "files, and the key must belong to the certificate and not be encrypted."
        ) from error


def server_url(url: str | None) -> str:
    """``--server``, else ``$COUNTERDESK_HALL_URL``, else the local default."""
    import os

    return (url or os.environ.get(SERVER_ENV) or DEFAULT_URL).rstrip("/")
