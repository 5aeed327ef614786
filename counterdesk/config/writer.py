"""Changing one table of a configuration file, keeping what IT wrote around it.

Why tomlkit and not writing the values out again: the machine file is IT's document, with their
comments (``# printer replaced 2025-03, ask Wang``) and their order; a settings page that saves a
device must change that device's table and nothing else. Why the file is checked before it is
written and replaced in one step: a half-written or invalid file would stop the terminal at its
next start, so the old file stays until the new one is complete, valid and on disk.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import Table

from counterdesk.config.files import ConfigError, Problem, check_text, read_file
from counterdesk.config.places import Locations

_settings: Locations | None = None


def write_settings_to(where: Locations | None) -> None:
    """Say which files the settings pages keep up to date (set by ``counterdesk open``): they
    write the user's file, and read the machine's to know what it defines. ``None``, the
    default, leaves files alone, as the demo and windows made by tests need."""
    global _settings  # noqa: PLW0603 - one value for the process, set once at start
    _settings = where


def settings_files() -> Locations | None:
    """The files the settings pages keep up to date, or None when the app was not started from
    its configuration (the demo)."""
    return _settings


def update_table(
    path: Path,
    key: tuple[str, ...],
    values: Mapping[str, Any] | None,
    *,
    laid_over: Path | None = None,
) -> bool:
    """Set the table at ``key`` (``("devices", "keypad")``) to ``values``, or remove it when
    ``values`` is None; the rest of the file is kept as written. Whether the file changed.

    Keys of the table that ``values`` no longer has are removed; a key's comment stays with it.
    :class:`ConfigError` when the file as it is, or as it would be, is not valid (laid over the
    file ``laid_over``, for a user's file that overrides the machine's); ``OSError`` when it
    cannot be written. The file is unchanged after either.
    """
    text = ""
    if path.exists():
        text, _ = read_file(path)
    try:
        document = tomlkit.parse(text)
    except TOMLKitError as error:  # tomllib read it, so this is tomlkit's own limit
        raise ConfigError([Problem(path, "", f"cannot be edited: {error}")]) from error
    parent: Any = document
    for name in key[:-1]:
        if name not in parent:
            parent[name] = tomlkit.table(is_super_table=True)
        parent = parent[name]
    if values is None:
        if key[-1] not in parent:
            return False
        del parent[key[-1]]
    else:
        _set_table(parent, key[-1], values)
    new_text = tomlkit.dumps(document)
    if new_text == text:
        return False
    check_text(path, new_text, laid_over)
    write_atomically(path, new_text)
    return True


def _set_table(parent: Any, name: str, values: Mapping[str, Any]) -> None:
    """Make ``parent[name]`` hold ``values``, editing an existing table in place."""
    if name in parent and isinstance(parent[name], Table):
        table = parent[name]
        for key in [key for key in table if key not in values]:
            del table[key]
        for key, value in values.items():
            if key not in table or table[key] != value:
                table[key] = value
        return
    table = tomlkit.table()
    for key, value in values.items():
        table[key] = value
    parent[name] = table


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` beside ``path`` and move it into place: the file is old or new, never
    half of each, even if the PC loses power."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
