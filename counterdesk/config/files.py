"""Where the terminal's configuration files are, and reading them into one checked config.

Two files, because a hall's IT rolls one file out to every PC (machine-wide, in
``C:\\ProgramData\\CounterDesk`` on Windows, which the installer fills) and a settings page must
be able to change a device on one PC without write access there (the user's file, in
``%APPDATA%\\CounterDesk``). The user's file is laid over the machine's key by key. Either may be
missing: every key has a default. ``$COUNTERDESK_CONFIG`` names the machine file instead (for
tests, and for IT trying a file before rolling it out).

Every problem is reported, not just the first, each naming the file and the key
(``[printers.receipt].address in C:\\ProgramData\\…\\counterdesk.toml, line 9: …``), so IT fixes
a file in one pass. A file that cannot be read or parsed is a problem like any other: the config
it belongs to is not used, and nothing is changed.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from counterdesk.config.places import Locations, locations
from counterdesk.config.schema import TerminalConfig

Key = tuple[str | int, ...]
"""A place in the file: ``("printers", "receipt", "address")``; ints index arrays."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file. ``key`` is written as IT sees it in the file
    (``[terminal].window``); empty when the whole file is at fault."""

    file: Path | None
    key: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = str(self.file) if self.file is not None else "the configuration"
        if self.line is not None:
            where += f", line {self.line}"
        return f"{self.key} in {where}: {self.message}" if self.key else f"{where}: {self.message}"


class ConfigError(Exception):
    """The configuration cannot be used; ``problems`` lists every reason."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


@dataclass(frozen=True)
class FileState:
    path: Path
    role: str
    """``machine`` or ``user``."""
    exists: bool


@dataclass
class Loaded:
    """The files read, the merged values, and either a checked config or the problems."""

    files: tuple[FileState, ...]
    data: dict[str, Any] = field(default_factory=dict)
    config: TerminalConfig | None = None
    problems: list[Problem] = field(default_factory=list)
    _origin: dict[Key, Path] = field(default_factory=dict)
    _texts: dict[Path, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.config is not None and not self.problems

    def problem(self, key: Key, message: str) -> Problem:
        """A problem at ``key``, naming the file that set it (or its nearest enclosing table)."""
        for length in range(len(key), 0, -1):
            origin = self._origin.get(key[:length])
            if origin is not None:
                return Problem(origin, key_text(key, self.data), message, _line_of(
                    self._texts.get(origin, ""), key))  # fmt: skip
        existing = [state.path for state in self.files if state.exists]
        return Problem(existing[-1] if existing else None, key_text(key, self.data), message)

    def add(self, key: Key, message: str) -> None:
        self.problems.append(self.problem(key, message))
        self.config = None

    def require(self) -> TerminalConfig:
        """The checked config, or :class:`ConfigError` with every problem."""
        if self.config is None or self.problems:
            raise ConfigError(self.problems)
        return self.config


def load(where: Locations | None = None) -> Loaded:
    """Read both files, lay the user's over the machine's and check the result."""
    where = where or locations()
    states: list[FileState] = []
    loaded = Loaded(files=())
    merged: dict[str, Any] = {}
    for role, path in (("machine", where.machine), ("user", where.user)):
        exists = path.exists()
        states.append(FileState(path, role, exists))
        if not exists:
            continue
        try:
            text, data = read_file(path)
        except ConfigError as error:
            loaded.problems.extend(error.problems)
            continue
        loaded._texts[path] = text
        _merge(merged, data, path, (), loaded._origin)
    loaded.files = tuple(states)
    loaded.data = merged
    if loaded.problems:
        return loaded
    try:
        loaded.config = TerminalConfig.model_validate(merged)
    except ValidationError as error:
        for detail in error.errors():
            loc = tuple(detail["loc"])
            loaded.problems.append(loaded.problem(loc, _message(detail, loc)))
    return loaded


def read_file(path: Path) -> tuple[str, dict[str, Any]]:
    """The file's text and its TOML values, or :class:`ConfigError` saying why not."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise ConfigError([Problem(path, "", f"cannot be read ({reason})")]) from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        message = f"is not UTF-8 text (byte {error.start}); save it as UTF-8"
        raise ConfigError([Problem(path, "", message)]) from error
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"\(at line (\d+), column \d+\)", str(error))
        message = f"is not valid TOML: {error}"
        line = int(found.group(1)) if found else None
        raise ConfigError([Problem(path, "", message, line)]) from error


def check_text(path: Path, text: str, laid_over: Path | None = None) -> None:
    """:class:`ConfigError` unless ``text``, as the file at ``path``, gives a valid config: on
    its own, or laid over the file ``laid_over`` (a user's file only overrides some keys)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError([Problem(path, "", f"would not be valid TOML: {error}")]) from error
    loaded = Loaded(files=(FileState(path, "user", True),))
    merged: dict[str, Any] = {}
    if laid_over is not None and laid_over.exists():
        base_text, base = read_file(laid_over)
        loaded._texts[laid_over] = base_text
        _merge(merged, base, laid_over, (), loaded._origin)
    _merge(merged, data, path, (), loaded._origin)
    loaded._texts[path] = text
    loaded.data = merged
    try:
        TerminalConfig.model_validate(merged)
    except ValidationError as error:
        for detail in error.errors():
            loc = tuple(detail["loc"])
            loaded.problems.append(loaded.problem(loc, _message(detail, loc)))
        raise ConfigError(loaded.problems) from error


def _merge(
    into: dict[str, Any],
    data: Mapping[str, Any],
    path: Path,
    prefix: Key,
    origin: dict[Key, Path],
) -> None:
    """Lay ``data`` over ``into``: tables merge key by key, anything else replaces."""
    for name, value in data.items():
        key = (*prefix, name)
        origin[key] = path
        if isinstance(value, dict) and isinstance(into.get(name), dict):
            _merge(into[name], value, path, key, origin)
        elif isinstance(value, dict):
            into[name] = {}
            _merge(into[name], value, path, key, origin)
        else:
            into[name] = value


def key_text(key: Key, data: Mapping[str, Any]) -> str:
    """``("printers", "receipt", "address")`` as ``[printers.receipt].address``."""
    table: list[str] = []
    rest: list[str | int] = []
    value: Any = data
    for part in key:
        if not rest and isinstance(value, Mapping) and isinstance(value.get(part), Mapping):
            table.append(_bare(str(part)))
            value = value[part]
            continue
        rest.append(part)
        value = None
    text = f"[{'.'.join(table)}]" if table else ""
    for part in rest:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + _bare(part)
    return text


def _bare(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else f'"{name}"'


def _known_keys(loc: Key) -> list[str]:
    """The keys allowed beside the unknown one at ``loc``, found by walking the schema."""
    model: type[BaseModel] | None = TerminalConfig
    for part in loc[:-1]:
        if model is None:
            return []
        info = model.model_fields.get(str(part))
        if info is None:
            # A name under printers/devices: the section's model is the dict's value type.
            continue
        annotation = info.annotation
        model = _model_in(annotation)
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        found = _model_in(argument)
        if found is not None:
            return found
    return None


def _message(detail: Mapping[str, Any], loc: Key) -> str:
    """Pydantic's message in words for IT: the choices for a typo, the value given."""
    kind = detail["type"]
    given = detail.get("input")
    if kind == "extra_forbidden":
        known = _known_keys(loc)
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        return f"unknown key{hint}; known keys here: {', '.join(known)}"
    if kind == "missing":
        return "is missing; it is required"
    message = str(detail["msg"])
    if kind in ("value_error", "assertion_error"):
        return message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    message = message[0].lower() + message[1:]
    if isinstance(given, str | int | float | bool):
        message += f", not {_toml(given)}"
        if kind.endswith("_type") and isinstance(given, str):
            message += " (text: leave out the quotes for a number or true/false)"
    return message


def _toml(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    return str(value)


_HEADER = re.compile(r"\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_KEY_LINE = re.compile(r"\s*([A-Za-z0-9_\-]+|\"[^\"]*\"|'[^']*')\s*=")


def _line_of(text: str, key: Key) -> int | None:
    """The line that sets ``key`` (or opens its table), found by reading the text: tomllib
    gives no positions for values, and IT wants a line number to go to."""
    names = [str(part) for part in key if not isinstance(part, int)]
    table: list[str] = []
    best: int | None = None
    best_depth = 0
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            table = [part.strip().strip("\"'") for part in header.group(1).split(".")]
            if names[: len(table)] == table:
                depth = len(table)
            else:  # the key is a table above this one ([printer] for [printer.kiosk])
                depth = len(names) if table[: len(names)] == names else 0
            if depth > best_depth:
                best, best_depth = number, depth
            continue
        found = _KEY_LINE.match(line)
        if found and names[: len(table)] == table and len(names) > len(table):
            name = found.group(1).strip("\"'")
            if name == names[len(table)] and len(table) + 1 > best_depth:
                best, best_depth = number, len(table) + 1
    return best
