"""``counterdesk open``: the installed app's normal start, from the terminal's configuration file.

A composition root like :mod:`counterdesk.cli` (listed in the import-linter contract for ``ui``):
it checks ``counterdesk.toml`` (:mod:`counterdesk.cli_config`), refuses to start on a file with
problems (each printed with its file and key: a terminal that starts half-configured prints
receipts on the wrong printer or calls tickets to the wrong window), carries the file's terminal,
printers and devices into the database before any window opens, tells the settings pages to keep
the user's file up to date, and then runs the counter window as ``counterdesk demo`` does.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import click

from counterdesk import config as configuration
from counterdesk.config import ConfigError, Locations

NO_WINDOW_ENV = "COUNTERDESK_NO_WINDOW"
"""Set (scripts, tests): configuration problems are printed only, without the clerk's box."""
EXIT_BAD_CONFIG = 2
"""The exit code for a configuration that cannot be used (1 is a failure of the app itself)."""


@dataclass(frozen=True)
class Start:
    """What the counter window is started with, read from the file."""

    db_path: Path
    language: str | None
    hall_url: str | None
    changed: tuple[str, ...]
    """What the file changed in the database (printers, devices, terminal settings)."""


def prepare(where: Locations | None = None) -> Start:
    """Check the configuration and store it in the terminal's database; :class:`ConfigError`
    with every problem when it cannot be used, and then nothing is changed."""
    from counterdesk.cli_config import apply_to_database, load_checked
    from counterdesk.cli_server import SERVER_ENV
    from counterdesk.store.database import DatabaseError, default_db_path, make_engine
    from counterdesk.store.migrate import upgrade

    where = where or configuration.locations()
    loaded = load_checked(where)
    config = loaded.require()
    db_path = config.database or default_db_path()
    engine = make_engine(db_path)
    try:
        upgrade(engine)
        changed = apply_to_database(engine, config, now=datetime.now(UTC))
    except DatabaseError as error:
        raise ConfigError([loaded.problem(("terminal", "database"), str(error))]) from error
    except ValueError as error:  # a printer or device the database refuses beside its others
        raise ConfigError([loaded.problem((), str(error))]) from error
    finally:
        engine.dispose()
    hall_url = config.server.hall or os.environ.get(SERVER_ENV) or None
    return Start(db_path, config.terminal.language, hall_url, tuple(changed))


@click.command("open")
def open_command() -> None:
    """Start CounterDesk as installed: check counterdesk.toml, apply it, open the counter window.

    With problems in the file, each is printed with its file and key, and the app does not start
    (exit 2); `counterdesk config check` shows the same list.
    """
    where = configuration.locations()
    try:
        start = prepare(where)
    except ConfigError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        click.echo(
            "CounterDesk did not start: fix the configuration "
            "(`counterdesk config path` lists the files).",
            err=True,
        )
        _tell_the_clerk([str(problem) for problem in error.problems])
        sys.exit(EXIT_BAD_CONFIG)
    for change in start.changed:
        click.echo(f"From the configuration: {change}", err=True)
    configuration.write_settings_to(where)
    from ui.app import run

    sys.exit(run(start.db_path, language=start.language, hall_url=start.hall_url))


def _tell_the_clerk(problems: list[str]) -> None:
    """The windowed app has no console: show the problems in a box too, where a screen is."""
    if os.environ.get(NO_WINDOW_ENV):
        return
    from ui.config_problems import show_problems

    show_problems(problems, os.environ.get("COUNTERDESK_LANG"))
