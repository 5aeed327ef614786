"""Opening the terminal's SQLite database: where it lives and how it is tuned.

Why these pragmas (SYNC.md): WAL lets the GUI read while a worker writes; ``synchronous=FULL``
because NORMAL can lose the last commits on power loss, and a lost commit here is a lost payment
(FULL costs about 0.2 ms a transaction); foreign keys because SQLite leaves them off by default.
The file must sit on a local disk, never a network share, where WAL's shared memory does not work.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any, Final

import platformdirs
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from counterdesk import APP_NAME

DB_ENV_VAR: Final = "COUNTERDESK_DB"
DEFAULT_DB_NAME: Final = "terminal.db"


class DatabaseError(Exception):
    """The database cannot be opened or upgraded; the message says what to do."""


def default_db_path() -> Path:
    """The terminal database: ``$COUNTERDESK_DB`` if set, else the user data directory.

    On Windows that is ``%LOCALAPPDATA%\\CounterDesk\\terminal.db``; on Linux
    ``~/.local/share/CounterDesk/terminal.db``.
    """
    override = os.environ.get(DB_ENV_VAR)
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / DEFAULT_DB_NAME


def _tune(dbapi_connection: Any, _record: object) -> None:
    """Set the pragmas on every new connection (pragmas are per connection in SQLite).

    ``isolation_level = None`` stops Python's sqlite3 module from opening and committing
    transactions behind SQLAlchemy's back (it leaves DDL outside any transaction); :func:`_begin`
    then starts each transaction explicitly, so a migration or a bulk load is all or nothing.
    """
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.execute("PRAGMA temp_store=MEMORY")
        # 64 MiB of page cache: search and account panels stay in memory on a 1M-account cache.
        cursor.execute("PRAGMA cache_size=-65536")
    finally:
        cursor.close()


def _begin(connection: Any) -> None:
    """Every transaction takes the write lock when it starts (``BEGIN IMMEDIATE``).

    Why: in WAL mode a deferred transaction that has read and then tries to write fails at
    once with "database is locked" when another connection committed in between (its snapshot is
    stale; the busy timeout does not apply to that case). With the sync engine writing pulled
    changes on its own thread while the clerk's worker takes a payment, that turned a payment into
    an error at random (the SIGKILL test found it). Taking the lock at BEGIN makes the second
    writer wait its turn under ``busy_timeout`` instead. Transactions here last milliseconds, so
    one writer at a time costs nothing a clerk can see.
    """
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(path: Path | str, *, echo: bool = False) -> Engine:
    """An engine on the SQLite file at ``path`` with the pragmas above.

    The parent folder is created. An unusable path raises :class:`DatabaseError` naming it.
    """
    db_path = Path(path)
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseError(
            f"Cannot create the folder for the database {db_path}: {error}"
        ) from error
    if db_path.is_dir():
        raise DatabaseError(f"{db_path} is a folder, not a database file.")
    engine = create_engine(f"sqlite:///{db_path}", echo=echo)
    event.listen(engine, "connect", _tune)
    event.listen(engine, "begin", _begin)
    return engine


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions that keep loaded objects usable after commit (the UI reads them afterwards)."""
    return sessionmaker(engine, expire_on_commit=False)


def check_sqlite_features() -> None:
    """Refuse to start on an SQLite without the FTS5 trigram tokenizer (3.34+) that search needs."""
    version = tuple(int(part) for part in sqlite3.sqlite_version.split("."))
    if version < (3, 34, 0):
        raise DatabaseError(
            f"SQLite {sqlite3.sqlite_version} is too old: CounterDesk needs 3.34 or newer."
        )
