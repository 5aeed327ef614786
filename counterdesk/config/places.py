"""Where ``counterdesk.toml`` is, and a first look at it before it is checked.

Kept apart from :mod:`~counterdesk.config.files` (which checks the files with pydantic) because
the installed start shows the sign-in window before anything heavy is imported: all it needs
first is the language to draw the window in. It reads that straight from the TOML with the
standard library, and the full check runs on a worker while the clerk types their number. A file
the check refuses still stops the start, with every problem shown; the first look only chooses
the language of the window that problem box replaces.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import platformdirs

from counterdesk import APP_NAME

CONFIG_ENV_VAR: Final = "COUNTERDESK_CONFIG"
FILE_NAME: Final = "counterdesk.toml"


@dataclass(frozen=True)
class Locations:
    """The two files looked at, machine first; ``explicit`` when ``$COUNTERDESK_CONFIG`` named
    the machine file."""

    machine: Path
    user: Path
    explicit: bool = False

    @property
    def files(self) -> tuple[Path, Path]:
        return (self.machine, self.user)


def locations() -> Locations:
    """The machine file (``site_config_dir``) and the user file (``user_config_dir``)."""
    user = Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / FILE_NAME
    override = os.environ.get(CONFIG_ENV_VAR)
    if override:
        return Locations(Path(override).expanduser(), user, explicit=True)
    machine = Path(platformdirs.site_config_dir(APP_NAME, appauthor=False)) / FILE_NAME
    return Locations(machine, user)


def language_at_a_glance(where: Locations) -> str | None:
    """``[terminal].language`` as the files give it, the user's file over the machine's; ``None``
    when neither says, or a file cannot be read or parsed (the full check reports that)."""
    language: str | None = None
    for path in where.files:
        try:
            with path.open("rb") as file:
                data = tomllib.load(file)
        except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
            continue
        terminal = data.get("terminal")
        if isinstance(terminal, dict) and isinstance(terminal.get("language"), str):
            language = terminal["language"]
    return language
