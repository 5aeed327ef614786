"""``counterdesk serve``: the hall server (the queue) and, with issue 8, HQ.

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


def default_db() -> Path:
    import platformdirs

    from counterdesk.store.database import APP_NAME

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "hall.db"


@click.command()
@click.option("--role", type=click.Choice(["hall", "hq", "all"]), default="all", show_default=True)
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The server's SQLite database (default: hall.db in the app's data folder).",
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
def serve(role: str, db_path: Path | None, host: str, port: int, windows: int) -> None:
    """Run the hall server: the queue, its live updates and statistics."""
    from counterdesk.server.run import build
    from counterdesk.server.run import serve as run_server
    from counterdesk.store.database import DatabaseError

    path = db_path or default_db()
    try:
        app = build(path, role=role, windows=windows)  # type: ignore[arg-type]
    except DatabaseError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"CounterDesk {role} server on http://{host}:{port} (database {path})", err=True)
    run_server(app, host, port)


def server_url(url: str | None) -> str:
    """``--server``, else ``$COUNTERDESK_HALL_URL``, else the local default."""
    import os

    return (url or os.environ.get(SERVER_ENV) or DEFAULT_URL).rstrip("/")
