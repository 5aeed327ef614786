"""Opening HQ's database, PostgreSQL or SQLite, and bringing it to the current schema.

HQ runs on PostgreSQL in production and on one SQLite file for the demo and small sites (SYNC.md),
so this module takes either a ``postgresql://`` URL or a file (``sqlite:///path`` or a plain path)
and hands back an engine tuned for it. The rest of :mod:`counterdesk.hq` writes portable SQL and
asks :func:`is_postgres` where the two differ (transaction ids, row locks).

SQLite is tuned like the terminal's file (WAL, ``synchronous=FULL``, foreign keys, a busy timeout),
with one difference: every transaction starts with ``BEGIN IMMEDIATE`` unless it is marked as a
read (:func:`reading`). HQ's writers read before they write (the account, then the payment); a
deferred transaction that another writer overtook cannot upgrade its lock and fails at once with
"database is locked", where an immediate one waits its turn for the busy timeout.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Final

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import (
    ColumnElement,
    Connection,
    Engine,
    Table,
    any_,
    bindparam,
    create_engine,
    event,
    insert,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError

from counterdesk.hq.schema import VERSION_TABLE
from counterdesk.store.database import DatabaseError

MIGRATIONS_DIR: Final = Path(__file__).with_name("migrations")
HQ_DB_ENV: Final = "COUNTERDESK_HQ_DB"
"""Where ``counterdesk hq ...`` and ``serve --role hq`` find HQ's database without ``--db``."""
_READ: Final = "counterdesk_hq_read"


def _tune_sqlite(dbapi_connection: Any, _record: object) -> None:
    """Pragmas for every new SQLite connection; see :mod:`counterdesk.store.database` for why."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA temp_store=MEMORY")
        cursor.execute("PRAGMA cache_size=-65536")
    finally:
        cursor.close()


def _begin_sqlite(connection: Connection) -> None:
    read = connection.get_execution_options().get(_READ, False)
    connection.exec_driver_sql("BEGIN" if read else "BEGIN IMMEDIATE")


def _sqlite_engine(path: Path) -> Engine:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseError(
            f"Cannot create the folder for HQ's database {path}: {error}"
        ) from error
    if path.is_dir():
        raise DatabaseError(f"{path} is a folder, not a database file.")
    engine = create_engine(f"sqlite:///{path}")
    event.listen(engine, "connect", _tune_sqlite)
    event.listen(engine, "begin", _begin_sqlite)
    return engine


def make_hq_engine(url: str) -> Engine:
    """An engine on HQ's database: ``postgresql://user@host/db``, ``sqlite:///path`` or a path.

    PostgreSQL goes through psycopg 3 (``postgresql+psycopg``) with a pool sized for the server's
    thread pool; a connection that died while idle is replaced rather than handed to a request.
    """
    text = url.strip()
    if not text:
        raise DatabaseError("Name HQ's database: a postgresql:// URL or an SQLite file.")
    if text.startswith(("postgresql://", "postgres://", "postgresql+psycopg://")):
        rest = text.split("://", 1)[1]
        try:
            parsed = make_url(f"postgresql+psycopg://{rest}")
        except ArgumentError as error:
            raise DatabaseError(
                f"{_hide_password(text)} is not a PostgreSQL URL: {error}"
            ) from None
        return create_engine(
            parsed, pool_pre_ping=True, pool_size=10, max_overflow=20, pool_timeout=15
        )
    if text.startswith("sqlite://"):
        if not text.startswith("sqlite:///") or len(text) == len("sqlite:///"):
            raise DatabaseError(
                "HQ's SQLite database must be a file (sqlite:///path/to/hq.db), never in memory."
            )
        return _sqlite_engine(Path(text[len("sqlite:///") :]))
    if "://" in text:
        raise DatabaseError(
            "HQ runs on PostgreSQL (postgresql://...) or an SQLite file, "
            f"not {_hide_password(text)}."
        )
    return _sqlite_engine(Path(text))


def _hide_password(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "that address"


def describe(engine: Engine) -> str:
    """The database for messages and logs, without its password."""
    return engine.url.render_as_string(hide_password=True)


def is_postgres(connection: Connection | Engine) -> bool:
    return connection.dialect.name == "postgresql"


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction: on SQLite a deferred ``BEGIN`` that never blocks the writers."""
    with engine.connect() as connection:
        connection.execution_options(**{_READ: True})
        with connection.begin():
            yield connection


# --- migrations ----------------------------------------------------------------------------------


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    if head is None:  # pragma: no cover - the package always ships its migrations
        raise DatabaseError("No HQ migrations found in the installed package.")
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
        return context.get_current_revision()


def upgrade_hq(engine: Engine, revision: str = "head") -> str:
    """Bring HQ's database to ``revision`` (default: the newest); returns the revision it is at.

    A database written by a newer CounterDesk is refused, as the terminal refuses one: guessing at
    tables this version does not know could lose payments. A database that cannot be reached is a
    :class:`DatabaseError` naming it (without its password).
    """
    script = ScriptDirectory.from_config(alembic_config())
    try:
        current = current_revision(engine)
        known = {rev.revision for rev in script.walk_revisions()}
        if current is not None and current not in known:
            raise DatabaseError(
                f"HQ's database is at revision {current}, which this version of CounterDesk does "
                "not know: it was written by a newer version. Install that version or a newer one."
            )
        config = alembic_config()
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, revision)
        return current_revision(engine) or "base"
    except DBAPIError as error:
        raise DatabaseError(
            f"Cannot open HQ's database {describe(engine)}: {error.orig or error}"
        ) from error


def key_in(column: Any, keys: Sequence[Any], connection: Connection) -> ColumnElement[bool]:
    """``column IN keys`` as each database does it best.

    On PostgreSQL one array parameter (``= ANY``): the statement is the same whatever the number
    of keys, so it is compiled and prepared once, where an ``IN`` list of 500 parameters is a new
    500-parameter statement for the driver to split each time.
    """
    condition: ColumnElement[bool]
    if is_postgres(connection):
        condition = column == any_(
            bindparam(None, list(keys), type_=ARRAY(column.type), unique=True)
        )
    else:
        condition = column.in_(list(keys))
    return condition


def insert_rows(connection: Connection, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert ``rows`` (all with the same keys) in the caller's transaction: by COPY on
    PostgreSQL (a batch's hundreds of payments in one stream instead of one huge ``VALUES``
    statement for the driver to build and split), by ``executemany`` on SQLite."""
    if not rows:
        return
    if not is_postgres(connection):
        connection.execute(insert(table), list(rows))
        return
    columns = list(rows[0])
    raw = connection.connection.driver_connection
    assert raw is not None
    statement = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([row[column] for column in columns])
