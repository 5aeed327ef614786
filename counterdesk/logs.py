"""The log file support reads: JSON lines in the user log folder, with the business act attached.

Why JSON lines: IT copies a terminal's logs into a ticket and greps them. One object a line means
``grep <payment uid>`` finds every record of one payment, from the counter through its receipt's
print job to its sync with HQ, and ``jq`` can still filter by level or logger. The business act
travels in a :mod:`contextvars` context (:func:`log_context`) rather than in every message, so the
code logging deep inside a payment (a SQL error, a retry) needs no idea of which payment it is in.

Why one file per program (``counter.log``, ``serve.log``, ``sync.log``…): the counter app and a
support command may run at the same time; two processes rotating one file fail on Windows (the
file is open in the other process). Files rotate at :data:`MAX_BYTES`, :data:`BACKUPS` kept.

Console output does not change: the file is added beside what was there, and a program that had
no handler before still prints warnings and errors to stderr, as Python's last-resort handler did.

Crash reports (:func:`write_crash_report`) go in the same folder, so one zip
(``counterdesk diagnose``) holds everything support needs.
"""

from __future__ import annotations

import json
import logging
import os
import platform
import sqlite3
import sys
import threading
import traceback
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Final, TextIO

import platformdirs

from counterdesk import APP_NAME, __version__

LOG_DIR_ENV: Final = "COUNTERDESK_LOG_DIR"
MAX_BYTES: Final = 5 * 1024 * 1024
BACKUPS: Final = 10
CRASH_PREFIX: Final = "crash-"
CRASH_LOG_LINES: Final = 200
CONTEXT_FIELDS: Final = ("payment", "op", "print_job", "account")
"""The fields support follows an act by; :func:`log_context` takes others too (``source``)."""

QUIET_LOGGERS: Final = ("httpx", "httpcore", "alembic.runtime.plugins")
"""Libraries that log at INFO on every request or start: a sync round every 15 s would fill
the file with request lines, and every command with Alembic's plugin list."""

KEY_PACKAGES: Final = (
    "sqlalchemy",
    "alembic",
    "pydantic",
    "httpx",
    "fastapi",
    "uvicorn",
    "pyserial",
    "reportlab",
    "argon2-cffi",
    "chinesecalendar",
    "platformdirs",
    "click",
    "PySide6",
)

_EMPTY: Final[Mapping[str, str]] = MappingProxyType({})
_context: ContextVar[Mapping[str, str]] = ContextVar("counterdesk_log_context", default=_EMPTY)

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def log_dir() -> Path:
    """``$COUNTERDESK_LOG_DIR``, else the user log folder (``%LOCALAPPDATA%\\CounterDesk\\Logs``
    on Windows, ``~/.local/state/CounterDesk/log`` on Linux)."""
    override = os.environ.get(LOG_DIR_ENV)
    if override:
        return Path(override)
    return Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))


# --- the context -----------------------------------------------------------------------------


@contextmanager
def log_context(**fields: object) -> Iterator[None]:
    """Attach ``fields`` (``payment=uid``, ``print_job=uid``, ``op=uid``, ``account=no``) to every
    record logged inside the block, on this thread (or asyncio task), nested blocks adding to
    the outer ones. ``None`` values are left out, so callers need not test what they know."""
    added = {name: str(value) for name, value in fields.items() if value is not None}
    token = _context.set(MappingProxyType({**_context.get(), **added}))
    try:
        yield
    finally:
        _context.reset(token)


def current_context() -> dict[str, str]:
    return dict(_context.get())


class ContextFilter(logging.Filter):
    """Copies the current :func:`log_context` onto each record (on the handler: a filter on the
    root logger would not see records propagated from the modules' loggers)."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = _context.get()
        if context:
            record.counterdesk_context = dict(context)
        return True


class LibraryNoiseFilter(logging.Filter):
    """Drops python-escpos's INFO lines: it logs "Closing … connection" on the root logger each
    time the print queue looks at an idle printer (every 20 s), which no logger name can quiet."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (
            record.levelno < logging.WARNING
            and record.name == "root"
            and f"{os.sep}escpos{os.sep}" in record.pathname
        )


class JsonLineFormatter(logging.Formatter):
    """One JSON object a record: time with its UTC offset, level, logger, message, thread, the
    exception's traceback if any, and the context fields at the top level."""

    def format(self, record: logging.LogRecord) -> str:
        moment = datetime.fromtimestamp(record.created).astimezone()
        line: dict[str, object] = {
            "time": moment.isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "thread": record.threadName,
            "pid": record.process,
        }
        context = getattr(record, "counterdesk_context", None)
        if isinstance(context, dict):
            for name, value in context.items():
                line.setdefault(name, value)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            line["exception"] = record.exc_text
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False, default=str)


class _Stderr(logging.StreamHandler[TextIO]):
    """Warnings and errors to whatever ``sys.stderr`` is at the time, exactly as Python's
    last-resort handler printed them before a file handler existed."""

    def __init__(self) -> None:
        logging.Handler.__init__(self, logging.WARNING)

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, _value: TextIO) -> None:
        """Ignored: the stream is always the current ``sys.stderr``."""


# --- installing and removing -----------------------------------------------------------------


class _Installed:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.handlers: list[logging.Handler] = []
        self.file: Path | None = None
        self.root_level: int | None = None
        self.quieted: list[str] = []


_installed: Final = _Installed()


def setup_logging(
    program: str = "counter", *, level: int = logging.INFO, replace: bool = True
) -> Path | None:
    """Write this process's log records to ``<log dir>/<program>.log``; the file's path.

    Called by the CLI for each command and by the Qt start-up. With ``replace=False`` a logging
    already set up is kept (``counterdesk demo`` sets up ``demo.log`` before it starts the app).
    A log folder that cannot be made leaves the console alone and returns ``None``: a full or
    read-only disk must not stop the counter from taking money.
    """
    with _installed.lock:
        if _installed.handlers and not replace:
            return _installed.file
        _remove_locked()
        root = logging.getLogger()
        had_handlers = bool(root.handlers)
        folder = log_dir()
        path = folder / f"{program}.log"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            handler: logging.Handler = RotatingFileHandler(
                path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
            )
        except OSError as error:
            print(f"CounterDesk cannot write its log in {folder}: {error}", file=sys.stderr)
            return None
        handler.setLevel(level)
        handler.setFormatter(JsonLineFormatter())
        handler.addFilter(ContextFilter())
        handler.addFilter(LibraryNoiseFilter())
        _installed.handlers.append(handler)
        if not had_handlers:
            _installed.handlers.append(_Stderr())
        for added in _installed.handlers:
            root.addHandler(added)
        if root.getEffectiveLevel() > level:
            _installed.root_level = root.level
            root.setLevel(level)
        for name in QUIET_LOGGERS:
            quiet = logging.getLogger(name)
            if quiet.level == logging.NOTSET:
                quiet.setLevel(logging.WARNING)
                _installed.quieted.append(name)
        _installed.file = path
        return path


def shutdown_logging() -> None:
    """Remove what :func:`setup_logging` installed and put the levels back (for tests)."""
    with _installed.lock:
        _remove_locked()


def _remove_locked() -> None:
    root = logging.getLogger()
    for handler in _installed.handlers:
        root.removeHandler(handler)
        handler.close()
    _installed.handlers.clear()
    if _installed.root_level is not None:
        root.setLevel(_installed.root_level)
        _installed.root_level = None
    for name in _installed.quieted:
        logging.getLogger(name).setLevel(logging.NOTSET)
    _installed.quieted.clear()
    _installed.file = None


def current_log_file() -> Path | None:
    """The file this process logs to, if :func:`setup_logging` installed one."""
    return _installed.file


# --- what support needs to know ----------------------------------------------------------------


def versions(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """CounterDesk, Python, the platform, SQLite and the key packages, as one flat mapping."""
    found = {
        "CounterDesk": __version__,
        "Python": sys.version.replace("\n", " "),
        "platform": platform.platform(),
        "machine": platform.machine(),
        "SQLite": sqlite3.sqlite_version,
    }
    for package in KEY_PACKAGES:
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = "not installed"
    found.update(extra or {})
    return found


def tail(path: Path, lines: int = CRASH_LOG_LINES, *, max_bytes: int = 512 * 1024) -> list[str]:
    """The last ``lines`` lines of ``path`` (read from its end, so a 5 MB log costs nothing)."""
    try:
        with path.open("rb") as file:
            size = file.seek(0, os.SEEK_END)
            file.seek(max(0, size - max_bytes))
            data = file.read()
    except OSError:
        return []
    text = data.decode("utf-8", errors="replace").splitlines()
    if len(data) >= max_bytes and text:
        text = text[1:]  # the first line was cut in the middle
    return text[-lines:]


def write_crash_report(
    exc_info: ExcInfo,
    *,
    where: str = "",
    extra_versions: Mapping[str, str] | None = None,
    now: datetime | None = None,
) -> Path:
    """Write ``crash-YYYYMMDD-HHMMSS-<id>.txt`` in the log folder; its path (``OSError`` if it
    cannot be written).

    It holds what IT needs without the terminal at hand: the traceback, the versions, the
    platform, which thread failed (``where``) and the last lines of this process's log.
    """
    moment = (now or datetime.now(UTC)).astimezone()
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    short = uuid.uuid4().hex[:6]
    path = folder / f"{CRASH_PREFIX}{moment:%Y%m%d-%H%M%S}-{short}.txt"
    lines = [
        f"CounterDesk crash report {short}",
        f"Time: {moment.isoformat(timespec='seconds')}",
        f"Where: {where or threading.current_thread().name}",
        f"Process: {os.getpid()} {' '.join(sys.argv)}",
        "",
        "Versions:",
        *(f"  {name}: {value}" for name, value in versions(extra_versions).items()),
        "",
        "Traceback:",
        "".join(traceback.format_exception(*exc_info)).rstrip(),
        "",
    ]
    log_file = current_log_file()
    if log_file is not None:
        lines += [f"Last {CRASH_LOG_LINES} lines of {log_file}:", *tail(log_file), ""]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
