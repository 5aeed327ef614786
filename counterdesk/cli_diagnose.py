"""``counterdesk diagnose --out FILE.zip``: one file for support with what a terminal knows.

Why one zip: the IT person on the phone cannot see the hall PC. The zip holds the logs and crash
reports (newest first, up to a size cap), the configuration files with their secrets masked, the
terminal database's business settings, devices, printers, print queue and sync status, the
database's ``PRAGMA quick_check``, the versions and the serial ports this machine sees, and a
``manifest.json`` that says what is inside and what could not be collected.

It must work on the broken terminal it is meant for: each part is collected on its own, and a
part that fails (no database, a corrupt one, a config file that does not parse) is named in the
manifest and warned about on stderr while the rest is still written (exit 0). The database is
opened read-only, so diagnosing never changes it.

A composition root like :mod:`counterdesk.cli_devices`: it reads the device and printer
configurations with ``devices`` and ``printing``'s own functions, imported inside the collectors.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sqlite3
import tomllib
import zipfile
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any, Final

import click
import platformdirs
from sqlalchemy import Engine, create_engine, text

from counterdesk import APP_NAME, __version__
from counterdesk.config.places import CONFIG_ENV_VAR, FILE_NAME
from counterdesk.config.secrets import SECRET_WORDS, is_secret, mask_url, mask_values
from counterdesk.logs import CRASH_PREFIX, log_dir, versions
from counterdesk.store.database import default_db_path

MASK: Final = "***masked***"
URL_MASK: Final = "***"
DEFAULT_LOG_CAP_MB: Final = 25

_SECRET_NAME = "|".join(SECRET_WORDS)
_SECRET_ASSIGNMENT: Final = re.compile(
    # a key whose name holds a secret word, ``=``, and its value: quoted, or up to , } or space
    rf"""(?P<key>["']?[\w.-]*(?:{_SECRET_NAME})[\w.-]*["']?\s*=\s*)"""
    r"""(?P<value>"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[^,}\s#]+)""",
    re.IGNORECASE,
)


class _Zip:
    """The zip being written, and the manifest of what went into it."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.entries: list[dict[str, Any]] = []
        self.problems: list[str] = []
        self.left_out: list[str] = []

    def add(self, name: str, data: str | bytes, what: str) -> None:
        payload = data.encode("utf-8") if isinstance(data, str) else data
        self.archive.writestr(name, payload)
        self.entries.append({"name": name, "bytes": len(payload), "what": what})

    def add_json(self, name: str, value: object, what: str) -> None:
        self.add(name, json.dumps(value, ensure_ascii=False, indent=2, default=_plain), what)

    def problem(self, message: str) -> None:
        self.problems.append(message)
        click.echo(f"Warning: {message}", err=True)


def _plain(value: object) -> object:
    if isinstance(value, Enum):  # a paper width's value is a tuple: its name says more
        return value.value if isinstance(value.value, str | int) else value.name
    if isinstance(value, datetime):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    return str(value)


# --- secrets ---------------------------------------------------------------------------------


def mask_value(value: Any) -> Any:
    """``value`` with every item under a secret-looking key masked, recursively."""
    return mask_values(value, MASK, url_mask=URL_MASK)


def mask_toml(source: str) -> tuple[str, str]:
    """The TOML text with secret values masked, and how (``parsed`` or, for a file that does
    not parse, ``regex: <the parse error>``)."""
    try:
        tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        return mask_url(_SECRET_ASSIGNMENT.sub(rf'\g<key>"{MASK}"', source), URL_MASK), (
            f"regex: {error}"
        )
    import tomlkit

    document = tomlkit.parse(source)
    _mask_document(document)
    return mask_url(tomlkit.dumps(document), URL_MASK), "parsed"


def _mask_document(node: Any) -> None:
    """Mask in place, keeping the file's comments and layout (tomlkit)."""
    if isinstance(node, dict):
        for name in list(node.keys()):
            if is_secret(str(name)):
                node[name] = MASK
            else:
                _mask_document(node[name])
    elif isinstance(node, list):
        for item in node:
            _mask_document(item)


# --- the parts ---------------------------------------------------------------------------------


def config_files() -> list[tuple[str, Path]]:
    """Where a terminal's ``counterdesk.toml`` may be, by label: the machine's, the user's and
    ``$COUNTERDESK_CONFIG``."""
    found = [
        ("site", Path(platformdirs.site_config_dir(APP_NAME, appauthor=False)) / FILE_NAME),
        ("user", Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / FILE_NAME),
    ]
    override = os.environ.get(CONFIG_ENV_VAR)
    if override:
        found.append(("env", Path(override)))
    return found


def _add_configs(out: _Zip) -> list[dict[str, str]]:
    seen: list[dict[str, str]] = []
    for label, path in config_files():
        if not path.is_file():
            seen.append({"where": label, "path": str(path), "state": "absent"})
            continue
        try:
            source = path.read_text(encoding="utf-8", errors="replace")
        except OSError as error:
            out.problem(f"cannot read the configuration {path}: {error.strerror or error}")
            seen.append({"where": label, "path": str(path), "state": "unreadable"})
            continue
        masked, how = mask_toml(source)
        if how != "parsed":
            out.problem(f"the configuration {path} does not parse; secrets masked by pattern")
        out.add(f"config/{label}-{FILE_NAME}", masked, f"{path}, secrets masked ({how})")
        seen.append({"where": label, "path": str(path), "state": how})
    return seen


def _log_files() -> list[Path]:
    folder = log_dir()
    if not folder.is_dir():
        return []
    files = [
        path
        for path in folder.iterdir()
        if path.is_file() and (".log" in path.name or path.name.startswith(CRASH_PREFIX))
    ]
    return sorted(files, key=lambda path: path.stat().st_mtime, reverse=True)


def _add_logs(out: _Zip, cap_bytes: int) -> None:
    """Newest first until ``cap_bytes``; the rest are named in the manifest as left out."""
    used = 0
    for path in _log_files():
        try:
            size = path.stat().st_size
            if used + size > cap_bytes:
                out.left_out.append(f"logs/{path.name} ({size:,} bytes, over the size cap)")
                continue
            data = path.read_bytes()
        except OSError as error:
            out.problem(f"cannot read {path}: {error.strerror or error}")
            continue
        used += len(data)
        kind = "crash report" if path.name.startswith(CRASH_PREFIX) else "log"
        out.add(f"logs/{path.name}", data, kind)


def quick_check(path: Path) -> str:
    """``PRAGMA quick_check`` on the file opened read-only: "ok", or what SQLite found."""
    with closing(sqlite3.connect(_read_only_uri(path), uri=True)) as raw:
        rows = raw.execute("PRAGMA quick_check").fetchall()
    return "\n".join(str(row[0]) for row in rows)


def _read_only_uri(path: Path) -> str:
    return f"{path.resolve().as_uri()}?mode=ro"


def _read_only_engine(path: Path) -> Engine:
    uri = _read_only_uri(path)
    return create_engine(
        "sqlite://", creator=lambda: sqlite3.connect(uri, uri=True, check_same_thread=False)
    )


@contextmanager
def _part(out: _Zip, what: str) -> Iterator[None]:
    """Collect one part; a failure is a problem in the manifest, not the end of the zip."""
    try:
        yield
    except Exception as error:  # the broken terminal is the one being diagnosed
        out.problem(f"{what}: {type(error).__name__}: {error}")


def _add_database(out: _Zip, path: Path) -> dict[str, Any]:
    facts: dict[str, Any] = {"path": str(path)}
    if not path.exists():
        facts["state"] = "missing"
        out.problem(f"no terminal database at {path}")
        return facts
    try:
        verdict = quick_check(path)
    except sqlite3.Error as error:
        facts.update(state="unreadable", detail=str(error))
        out.problem(f"the database {path} cannot be read: {error}")
        return facts
    out.add("database/quick_check.txt", verdict + "\n", "PRAGMA quick_check")
    facts["quick_check"] = verdict.splitlines()[0] if verdict else ""
    facts["state"] = "ok" if verdict == "ok" else "corrupt"
    if verdict != "ok":
        out.problem(f"the database {path} fails its quick check: {verdict.splitlines()[0]}")
    engine = _read_only_engine(path)
    try:
        for name, what, collect in _DATABASE_PARTS:
            with _part(out, what), engine.connect() as connection:
                out.add_json(f"database/{name}", mask_value(collect(connection)), what)
        with _part(out, "sync status"):
            from counterdesk.cli_sync import status_json
            from counterdesk.sync.engine import SyncEngine

            status = status_json(SyncEngine(engine).status())
            out.add_json("database/sync_status.json", mask_value(status), "sync status")
    finally:
        engine.dispose()
    return facts


def _revision(connection: Any) -> dict[str, Any]:
    from counterdesk.store.migrate import head_revision

    row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    return {"revision": None if row is None else row[0], "newest": head_revision()}


def _settings(connection: Any) -> dict[str, Any]:
    from counterdesk.store import settings

    return settings.read_all(connection)


def _devices(connection: Any) -> list[dict[str, Any]]:
    from devices import config

    shown = []
    for device in config.load_all(connection).values():
        try:
            config.check(device)
            verdict = "ok" if device.enabled else "disabled"
        except config.DeviceConfigError as error:
            verdict = f"invalid: {error}"
        shown.append({**dataclasses.asdict(device), "kind": device.kind.value, "check": verdict})
    return shown


def _printers(connection: Any) -> list[dict[str, Any]]:
    from printing import printers

    return [dataclasses.asdict(profile) for profile in printers.load_all(connection).values()]


def _print_queue(connection: Any) -> dict[str, Any]:
    from counterdesk.store import print_jobs

    counts = connection.execute(
        text("SELECT printer, state, count(*) FROM print_job GROUP BY printer, state")
    ).all()
    return {
        "jobs_by_printer_and_state": [
            {"printer": printer, "state": state, "jobs": int(jobs)}
            for printer, state, jobs in counts
        ],
        "needing_clerk": [
            {"uid": str(job.uid), "title": job.title, "printer": job.printer,
             "state": job.state.value, "problem": job.problem, "detail": job.detail,
             "source_uid": None if job.source_uid is None else str(job.source_uid),
             "updated_at": job.updated_at.isoformat()}
            for job in print_jobs.needing_clerk(connection)
        ],
    }  # fmt: skip


_DATABASE_PARTS: Final[tuple[tuple[str, str, Callable[[Any], object]], ...]] = (
    ("schema.json", "schema revision", _revision),
    ("settings.json", "business settings", _settings),
    ("devices.json", "device configurations", _devices),
    ("printers.json", "printer configurations", _printers),
    ("print_queue.json", "print queue", _print_queue),
)


def _serial_ports() -> list[dict[str, Any]]:
    from devices.ports import system_ports

    return [
        {"device": port.device, "description": port.description, "hwid": port.hwid,
         "vid": port.vid, "pid": port.pid, "serial_number": port.serial_number}
        for port in system_ports()
    ]  # fmt: skip


# --- the command -----------------------------------------------------------------------------


@click.command()
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The zip file to write (for example diagnose-T01.zip).",
)
@click.option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path),
    help="The terminal database file (default: $COUNTERDESK_DB or the user data folder).",
)
@click.option(
    "--max-log-mb",
    type=click.IntRange(1, 1000),
    default=DEFAULT_LOG_CAP_MB,
    show_default=True,
    help="How much of the logs and crash reports to include, newest first.",
)
def diagnose(out_path: Path, db_path: Path | None, max_log_mb: int) -> None:
    """Collect logs, crash reports, configuration (secrets masked), versions, database checks
    and device states into one zip for IT support."""
    if out_path.suffix.lower() != ".zip":
        raise click.ClickException(f"{out_path} must end in .zip.")
    if not out_path.parent.is_dir():
        raise click.ClickException(f"The folder {out_path.parent} does not exist.")
    partial = out_path.with_name(out_path.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            out = _Zip(archive)
            _collect(out, db_path or default_db_path(), max_log_mb * 1024 * 1024)
        partial.replace(out_path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise click.ClickException(f"Cannot write {out_path}: {error.strerror or error}") from error
    state = f"{len(out.entries)} files"
    if out.problems:
        state += f", {len(out.problems)} problems noted in manifest.json"
    click.echo(f"{out_path} ({state}).")


def _collect(out: _Zip, db: Path, cap_bytes: int) -> None:
    found_versions = versions()
    out.add_json("versions.json", found_versions, "versions of CounterDesk, Python and packages")
    configs: list[dict[str, str]] = []
    with _part(out, "configuration files"):
        configs = _add_configs(out)
    with _part(out, "logs"):
        _add_logs(out, cap_bytes)
    database: dict[str, Any] = {"path": str(db), "state": "not collected"}
    with _part(out, "database"):
        database = _add_database(out, db)
    with _part(out, "serial ports"):
        out.add_json("serial_ports.json", _serial_ports(), "serial ports this machine sees")
    manifest = {
        "made_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "counterdesk": __version__,
        "log_dir": str(log_dir()),
        "database": database,
        "configuration_files": configs,
        "files": list(out.entries),
        "left_out": out.left_out,
        "problems": out.problems,
    }
    out.add_json("manifest.json", manifest, "this list")
