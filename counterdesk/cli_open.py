"""``counterdesk open``: the installed app's normal start, from the terminal's configuration file.

A composition root like :mod:`counterdesk.cli` (listed in the import-linter contract for ``ui``):
it checks ``counterdesk.toml`` (:mod:`counterdesk.cli_config`), refuses to start on a file with
problems (each printed with its file and key: a terminal that starts half-configured prints
receipts on the wrong printer or calls tickets to the wrong window), carries the file's terminal,
printers and devices into the database before anyone signs in, tells the settings pages to keep
the user's file up to date, and then runs the counter window as ``counterdesk demo`` does.

Why the sign-in window comes first: checking the file and opening the database load SQLAlchemy,
pydantic and the migrations (most of a second on a counter PC), and a clerk who double-clicks the
icon should see the window at once (issue 9: ≤ 1.5 s). So only the language is read first
(:func:`~counterdesk.config.places.language_at_a_glance`); the sign-in is shown, and the check
runs on its worker while the clerk types. A sign-in waits behind it; a file with problems closes
the sign-in and shows them, and nothing is changed. Nothing heavy is imported at the top of this
module for the same reason.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import click

from counterdesk.config.places import Locations, language_at_a_glance, locations

if TYPE_CHECKING:
    from ui.app import Terminal

log = logging.getLogger(__name__)

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
    from counterdesk.config.files import ConfigError
    from counterdesk.store.database import DatabaseError, default_db_path, make_engine
    from counterdesk.store.migrate import upgrade

    where = where or locations()
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
    where = locations()
    language = language_at_a_glance(where)
    open_terminal: Callable[[], Terminal] = partial(_open_terminal, where)
    if os.environ.get(NO_WINDOW_ENV):  # scripts: the file is checked before any window
        open_terminal = partial(_already, _open_terminal(where))
    from ui.app import run_opening

    sys.exit(
        run_opening(
            open_terminal, language=language, refused=partial(refused_start, language=language)
        )
    )


def _already(terminal: Terminal) -> Terminal:
    return terminal


def _open_terminal(where: Locations) -> Terminal:
    """:func:`prepare`, then the settings pages write the user's file; on the sign-in's worker.

    A configuration that cannot be used is printed (with :envvar:`COUNTERDESK_NO_WINDOW` set,
    the command then exits here, before any window) and raised for :func:`refused_start`.
    """
    from counterdesk.config.files import ConfigError
    from counterdesk.config.writer import write_settings_to
    from ui.app import Terminal

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
        if os.environ.get(NO_WINDOW_ENV):
            sys.exit(EXIT_BAD_CONFIG)
        raise
    for change in start.changed:
        click.echo(f"From the configuration: {change}", err=True)
        log.info("From the configuration: %s", change)
    write_settings_to(where)
    return Terminal(start.db_path, start.hall_url)


def refused_start(error: Exception, *, language: str | None) -> int:
    """The sign-in closed because the terminal could not be opened: the clerk sees the problems
    in a box (the windowed exe has no console), and the start ends with exit code 2."""
    from counterdesk.config.files import ConfigError

    if not isinstance(error, ConfigError):
        raise error  # not the file's fault: the crash reporter takes it
    from ui.config_problems import show_problems

    show_problems([str(problem) for problem in error.problems], language)
    return EXIT_BAD_CONFIG
