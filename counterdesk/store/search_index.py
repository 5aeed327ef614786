"""The account search index: what it is made of, how triggers keep it current, and a bulk rebuild.

Two structures, because one does not serve both kinds of query a clerk types (SYNC.md figures):

- ``account_text``: an FTS5 table with the ``trigram`` tokenizer over the customer's name and the
  account's address. Any fragment of three or more characters (王建国, 幸福路12号) is an index
  lookup. Trigrams cannot match a two-character string, and a ``LIKE '%张伟%'`` scan costs about
  330 ms on a million rows.
- ``account_name_gram``: every two-character window of a customer's name (张伟明 → 张伟, 伟明) with
  a rank (0: the name is exactly these two characters, 1: they start it, 2: inside it), clustered
  on (gram, rank, account) in a WITHOUT ROWID table. A two-character name (张伟) is then one index
  range read, already in the order the clerk wants to see: exact names first.

Triggers on ``account`` and ``customer`` keep both current for every write, so sync or a service
cannot forget to re-index. A bulk load (demo data, the initial load from HQ) drops the triggers,
writes, and rebuilds the index in one pass, which is several times faster than row-by-row upkeep.

Migrations 0002 and 0009 (no column sizes: nothing ranks by them) hold frozen copies of this DDL
(migrations never import live code); a test checks that a migrated database has exactly the
triggers written here.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, Final, Protocol


class Executes(Protocol):
    """A DB-API connection or cursor (bulk loads work on the raw ``sqlite3`` connection)."""

    def execute(self, sql: str, /) -> Any: ...


BULK_HASHSIZE: Final = 64 * 1024 * 1024
DEFAULT_HASHSIZE: Final = 1024 * 1024
DEFAULT_AUTOMERGE: Final = 4
"""FTS5's defaults (sqlite.org/fts5.html, "Configuration Options")."""

MAX_NAME_LENGTH: Final = 64
"""Names longer than this get no two-character index past this point (none in practice)."""

TABLES_DDL: Final = (
    "CREATE VIRTUAL TABLE account_text USING fts5(name, address, tokenize='trigram', columnsize=0)",
    "CREATE TABLE search_position (i INTEGER PRIMARY KEY)",
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
    f"WHERE i < {MAX_NAME_LENGTH}) INSERT INTO search_position (i) SELECT i FROM n",
    "CREATE TABLE account_name_gram (gram TEXT NOT NULL, rank INTEGER NOT NULL, "
    "account_id INTEGER NOT NULL, PRIMARY KEY (gram, rank, account_id)) WITHOUT ROWID",
)


def _grams_insert(name: str, account_id: str) -> str:
    return (
        "INSERT OR IGNORE INTO account_name_gram (gram, rank, account_id) "
        f"SELECT lower(substr({name}, p.i, 2)), "
        f"CASE WHEN length({name}) = 2 THEN 0 WHEN p.i = 1 THEN 1 ELSE 2 END, {account_id} "
        f"FROM search_position AS p WHERE p.i < length({name});"
    )


def _grams_delete(name: str, account_id: str) -> str:
    return (
        f"DELETE FROM account_name_gram WHERE account_id = {account_id} AND rank IN (0, 1, 2) "
        f"AND gram IN (SELECT lower(substr({name}, p.i, 2)) FROM search_position AS p "
        f"WHERE p.i < length({name}));"
    )


_OLD_NAME: Final = "(SELECT name FROM customer WHERE id = OLD.customer_id)"
_NEW_NAME: Final = "(SELECT name FROM customer WHERE id = NEW.customer_id)"

TRIGGERS: Final[dict[str, str]] = {
    "account_search_insert": (
        "CREATE TRIGGER account_search_insert AFTER INSERT ON account BEGIN "
        "INSERT INTO account_text (rowid, name, address) "
        f"VALUES (NEW.id, {_NEW_NAME}, NEW.address); "
        f"{_grams_insert(_NEW_NAME, 'NEW.id')} END"
    ),
    "account_search_delete": (
        "CREATE TRIGGER account_search_delete AFTER DELETE ON account BEGIN "
        "DELETE FROM account_text WHERE rowid = OLD.id; "
        f"{_grams_delete(_OLD_NAME, 'OLD.id')} END"
    ),
    "account_search_update": (
        "CREATE TRIGGER account_search_update "
        "AFTER UPDATE OF address, customer_id ON account BEGIN "
        f"UPDATE account_text SET name = {_NEW_NAME}, address = NEW.address WHERE rowid = NEW.id; "
        f"{_grams_delete(_OLD_NAME, 'OLD.id')} "
        f"{_grams_insert(_NEW_NAME, 'NEW.id')} END"
    ),
    "customer_search_rename": (
        "CREATE TRIGGER customer_search_rename AFTER UPDATE OF name ON customer BEGIN "
        "UPDATE account_text SET name = NEW.name "
        "WHERE rowid IN (SELECT id FROM account WHERE customer_id = NEW.id); "
        "DELETE FROM account_name_gram WHERE rank IN (0, 1, 2) "
        "AND account_id IN (SELECT id FROM account WHERE customer_id = NEW.id) "
        "AND gram IN (SELECT lower(substr(OLD.name, p.i, 2)) FROM search_position AS p "
        "WHERE p.i < length(OLD.name)); "
        "INSERT OR IGNORE INTO account_name_gram (gram, rank, account_id) "
        "SELECT lower(substr(NEW.name, p.i, 2)), "
        "CASE WHEN length(NEW.name) = 2 THEN 0 WHEN p.i = 1 THEN 1 ELSE 2 END, a.id "
        "FROM account AS a JOIN search_position AS p ON p.i < length(NEW.name) "
        "WHERE a.customer_id = NEW.id; END"
    ),
}
"""Trigger DDL by name. A customer rename changes the customer row, not the account rows, so that
trigger sits on ``customer`` and reaches every account the customer holds."""


def create_triggers(connection: Executes) -> None:
    for ddl in TRIGGERS.values():
        connection.execute(ddl)


def drop_triggers(connection: Executes) -> None:
    for name in TRIGGERS:
        connection.execute(f"DROP TRIGGER IF EXISTS {name}")


_GRAMS_SELECT: Final = (
    "SELECT lower(substr(c.name, p.i, 2)) AS gram, "
    "CASE WHEN length(c.name) = 2 THEN 0 WHEN p.i = 1 THEN 1 ELSE 2 END AS rank, a.id "
    "FROM account AS a JOIN customer AS c ON c.id = a.customer_id "
    "JOIN search_position AS p ON p.i < length(c.name) ORDER BY 1, 2, 3"
)
"""Every account's two-character windows, sorted on the table's key so the WITHOUT ROWID b-tree
is built by appending."""


def rebuild(connection: Executes, *, merge: bool = True, grams: bool = True) -> None:
    """Fill both structures from ``account`` and ``customer`` from scratch, in one pass each.

    ``merge=False`` leaves the full-text index in the segments it was written in (a few dozen
    for a million accounts): a search then takes a millisecond or two instead of a fraction of
    one, and :func:`optimize` merges them later. The initial load does that, so the clerk can
    search some five seconds sooner (it merges once the rest of the load is in).
    ``grams=False`` leaves ``account_name_gram`` empty for :class:`GramsAside` to fill.
    """
    connection.execute("DELETE FROM account_text")
    connection.execute("DELETE FROM account_name_gram")
    # One pass of a million rows: a 64 MB term buffer instead of 1 MB, and no merging of the
    # segments as they are flushed, since 'optimize' below merges them all once anyway (about a
    # fifth less time on a million accounts). The defaults come back for the triggers' upkeep.
    _configure(connection, hashsize=BULK_HASHSIZE, automerge=0)
    connection.execute(
        "INSERT INTO account_text (rowid, name, address) SELECT a.id, c.name, a.address "
        "FROM account AS a JOIN customer AS c ON c.id = a.customer_id"
    )
    if grams:
        connection.execute(
            f"INSERT OR IGNORE INTO account_name_gram (gram, rank, account_id) {_GRAMS_SELECT}"
        )
    if merge:
        optimize(connection)
    _configure(connection, hashsize=DEFAULT_HASHSIZE, automerge=DEFAULT_AUTOMERGE)


def optimize(connection: Executes) -> None:
    """Merge the full-text index into one segment: the fastest to search."""
    connection.execute("INSERT INTO account_text (account_text) VALUES ('optimize')")


def _configure(connection: Executes, *, hashsize: int, automerge: int) -> None:
    """FTS5's own settings of ``account_text`` (kept in its config table, inside the caller's
    transaction)."""
    connection.execute(
        f"INSERT INTO account_text (account_text, rank) VALUES ('hashsize', {int(hashsize)})"
    )
    connection.execute(
        f"INSERT INTO account_text (account_text, rank) VALUES ('automerge', {int(automerge)})"
    )


@contextmanager
def bulk_load(connection: Executes) -> Iterator[None]:
    """Write many accounts without per-row index upkeep, then rebuild the index once.

    The caller's transaction covers it all: if the load fails, the triggers come back with the
    rollback, since SQLite DDL is transactional.
    """
    drop_triggers(connection)
    yield
    rebuild(connection)
    create_triggers(connection)


class GramsAside:
    """``account_name_gram``'s rows worked out on a second connection, in a thread, into a
    scratch file beside the database, while the first connection builds the full-text index.

    Why: the two take about six and four seconds for a million accounts, one CPU core each, and
    SQLite lets only one connection write a database. The second connection only reads the
    accounts and customers (committed before; WAL lets it read while the first writes) and writes
    its own file; :meth:`copy_into` then appends the sorted rows to the real table in well under
    a second. The scratch file is removed by :meth:`close`, whatever happened.
    """

    SCHEMA: Final = "grams_aside"

    def __init__(self, database: Path) -> None:
        self.database = database
        self.scratch = database.with_name(database.name + "-grams")
        self._error: BaseException | None = None
        self._remove()
        self._thread = threading.Thread(target=self._work, name="search-grams", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        try:
            with closing(sqlite3.connect(self.database, isolation_level=None)) as connection:
                connection.execute("PRAGMA temp_store=MEMORY")
                connection.execute("ATTACH DATABASE ? AS scratch", (str(self.scratch),))
                connection.execute("PRAGMA scratch.journal_mode=OFF")
                connection.execute("PRAGMA scratch.synchronous=OFF")
                connection.execute(
                    "CREATE TABLE scratch.grams (gram TEXT NOT NULL, rank INTEGER NOT NULL, "
                    "account_id INTEGER NOT NULL, PRIMARY KEY (gram, rank, account_id)) "
                    "WITHOUT ROWID"
                )
                connection.execute(
                    f"INSERT OR IGNORE INTO scratch.grams (gram, rank, account_id) {_GRAMS_SELECT}"
                )
        except BaseException as error:  # handed over by wait(), on the caller's thread
            self._error = error

    def wait(self) -> None:
        """Until the rows are worked out; the thread's error, if it failed."""
        self._thread.join()
        if self._error is not None:
            raise self._error

    def attach_to(self, connection: sqlite3.Connection) -> None:
        """Outside a transaction (SQLite refuses ATTACH in one), after :meth:`wait`."""
        connection.execute(f"ATTACH DATABASE ? AS {self.SCHEMA}", (str(self.scratch),))

    def copy_into(self, connection: Executes) -> None:
        """Into ``account_name_gram``, in the caller's transaction (the scratch file attached)."""
        connection.execute(
            "INSERT INTO account_name_gram (gram, rank, account_id) "
            f"SELECT gram, rank, account_id FROM {self.SCHEMA}.grams ORDER BY 1, 2, 3"
        )

    def detach_from(self, connection: sqlite3.Connection) -> None:
        connection.execute(f"DETACH DATABASE {self.SCHEMA}")

    def close(self) -> None:
        self._thread.join()
        self._remove()

    def _remove(self) -> None:
        for path in (self.scratch, self.scratch.with_name(self.scratch.name + "-journal")):
            path.unlink(missing_ok=True)
