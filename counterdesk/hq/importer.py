"""Loading HQ from a terminal-format database: how a new HQ gets its ledger, and the demo its city.

A utility's accounts, meters and bills exist before CounterDesk does; they arrive as a
terminal-format SQLite file (the demo's :func:`counterdesk.demo.seed.seed_database` makes one)
and are copied into HQ's tables once, before any terminal joins. UUIDs are kept, so a receipt
printed from the file's data names the same records at HQ; the file's local integer ids are
turned into the UUIDs they point at, since integer ids never leave a database
(:mod:`counterdesk.sync.protocol`).

Why no change-log rows: a terminal that joins later loads its cache from a snapshot, which reads
the tables themselves, with a cursor taken when the snapshot begins, after this import committed.
Logging twelve million bills would double the import's time and size and hand every terminal a
backlog it would only replay over the snapshot it already has. The flip side is that a terminal
that had already loaded its cache would never hear of the imported rows, which is why an HQ with
registered terminals is refused, as is one that already holds ledger rows (the import loads a new
HQ; it does not merge).

Why it is fast: the file is read with :mod:`sqlite3` directly, in batches from one cursor per
table (never a whole table in memory), with SQLite doing the joins that turn ids into UUIDs and
the formatting (UUIDs as hex, dates as ISO text) that both targets accept as they are. PostgreSQL
gets every table through ``COPY ... FROM STDIN`` (psycopg 3), the file being read on one core
while the server parses and indexes on another. SQLite gets ``executemany``. Either way it is one
transaction: a failure leaves HQ as it was.

Measured on two cores with PostgreSQL's default settings: a million accounts with twelve million
bills take about two minutes, 85 s of it the bills, and the server's index upkeep is the limit
(reading the file is less than half a core; loading without indexes and building them afterwards
was slower). ``bill_months=3`` keeps the newest quarter and every bill still owing, about 3.1M
bills, and the whole import then takes about a minute.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from sqlalchemy import Connection, Engine, Table, func, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from counterdesk.hq import schema
from counterdesk.store.settings import SETTINGS

BATCH: Final = 20_000
"""Rows fetched from the file at a time: big enough to amortise the calls, small in memory."""

_LEDGER: Final[tuple[Table, ...]] = (
    schema.account,
    schema.customer,
    schema.meter,
    schema.meter_installation,
    schema.bill,
    schema.work_order,
)
_REQUIRED: Final = ("tariff", "customer", "account", "meter", "meter_installation", "bill")


class HqImportError(Exception):
    """The file cannot be imported into this HQ; the message says why. HQ is left unchanged."""


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What one import wrote, table by table, and how long it took."""

    source: Path
    tariffs: int
    customers: int
    accounts: int
    meters: int
    installations: int
    bills: int
    work_orders: int
    bills_left_out: int
    """Settled bills older than ``bill_months`` that were not imported (0 without the option)."""
    seconds: float
    table_seconds: dict[str, float] = field(default_factory=dict)
    """Seconds spent on each HQ table (reading the file and writing HQ together), and on
    PostgreSQL the ``analyze`` after the commit."""

    @property
    def rows(self) -> int:
        """Every row written."""
        return (
            self.tariffs
            + self.customers
            + self.accounts
            + self.meters
            + self.installations
            + self.bills
            + self.work_orders
        )


@dataclass(frozen=True, slots=True)
class _Copy:
    """One HQ table: its columns, and the query over the file that yields them in that order.

    UUIDs leave the file as 32 lowercase hex digits, which both targets take as they are:
    PostgreSQL's ``uuid`` input accepts that form, and it is exactly what SQLAlchemy's ``Uuid``
    type stores on SQLite. (``hex(NULL)`` is ``''``, hence NULLIF on the nullable references.)
    Dates and times stay the file's ISO text; times are naive UTC there, and so read at HQ.
    """

    table: Table
    columns: tuple[str, ...]
    query: str
    count: str


def _columns(names: str) -> tuple[str, ...]:
    return tuple(names.split())


# The customer's area is that of its first account; a meter's, that of the account it serves now
# (else the one it served last). A customer without accounts or a meter never installed gets no
# area ('') and so travels to no hall until HQ gives it one.
_COPIES: Final[tuple[_Copy, ...]] = (
    _Copy(
        schema.tariff,
        ("code", "name", "utility", "definition"),
        "SELECT code, name, utility, definition FROM tariff ORDER BY code",
        "SELECT count(*) FROM tariff",
    ),
    _Copy(
        schema.customer,
        ("uid", "name", "phone", "id_number", "area_code"),
        "SELECT lower(hex(c.uid)), c.name, c.phone, c.id_number, coalesce((SELECT a.area_code "
        "FROM account AS a WHERE a.customer_id = c.id ORDER BY a.id LIMIT 1), '') "
        "FROM customer AS c ORDER BY c.id",
        "SELECT count(*) FROM customer",
    ),
    _Copy(
        schema.account,
        _columns(
            "uid number customer_uid utility customer_class tariff_code status key_customer "
            "address area_code prepaid_fen version closed_on ledger_version"
        ),
        "SELECT lower(hex(a.uid)), a.number, lower(hex(c.uid)), a.utility, a.customer_class, "
        "a.tariff_code, a.status, a.key_customer, a.address, a.area_code, a.prepaid_fen, "
        "a.version, a.closed_on, 0 "
        "FROM account AS a JOIN customer AS c ON c.id = a.customer_id ORDER BY a.id",
        "SELECT count(*) FROM account",
    ),
    _Copy(
        schema.meter,
        ("uid", "number", "utility", "ct_ratio", "pt_ratio", "registers", "digits", "area_code"),
        "SELECT lower(hex(m.uid)), m.number, m.utility, m.ct_ratio, m.pt_ratio, m.registers, "
        "m.digits, coalesce((SELECT a.area_code FROM meter_installation AS i "
        "JOIN account AS a ON a.id = i.account_id WHERE i.meter_id = m.id "
        "ORDER BY i.removed_on IS NOT NULL, i.installed_on DESC, i.id DESC LIMIT 1), '') "
        "FROM meter AS m ORDER BY m.id",
        "SELECT count(*) FROM meter",
    ),
    _Copy(
        schema.meter_installation,
        _columns("uid meter_uid account_uid installed_on removed_on initial_readings area_code"),
        "SELECT lower(hex(i.uid)), lower(hex(m.uid)), lower(hex(a.uid)), i.installed_on, "
        "i.removed_on, i.initial_readings, a.area_code FROM meter_installation AS i "
        "JOIN meter AS m ON m.id = i.meter_id JOIN account AS a ON a.id = i.account_id "
        "ORDER BY i.id",
        "SELECT count(*) FROM meter_installation",
    ),
    _Copy(
        schema.bill,
        _columns(
            "uid account_uid period units amount_fen due_date paid_fen kind order_uid "
            "ledger_version area_code"
        ),
        "SELECT lower(hex(b.uid)), lower(hex(a.uid)), b.period, b.units, b.amount_fen, "
        "b.due_date, b.paid_fen, b.kind, nullif(lower(hex(b.order_uid)), ''), 0, a.area_code "
        "FROM bill AS b JOIN account AS a ON a.id = b.account_id "
        "WHERE :first_period IS NULL OR b.period >= :first_period OR b.paid_fen < b.amount_fen "
        "ORDER BY b.id",
        "SELECT count(*) FROM bill AS b WHERE :first_period IS NULL "
        "OR b.period >= :first_period OR b.paid_fen < b.amount_fen",
    ),
    _Copy(
        schema.work_order,
        _columns(
            "uid order_no kind subtype state account_uid customer_name area_code first_owner_no "
            "department handler_no created_at due_at closed_at version terminal_id"
        ),
        # The order's terminal is the one whose file this is.
        "SELECT lower(hex(w.uid)), w.order_no, w.kind, w.subtype, w.state, "
        "nullif(lower(hex(a.uid)), ''), w.customer_name, "
        "coalesce(nullif(w.area_code, ''), a.area_code, ''), w.first_owner_no, w.department, "
        "w.handler_no, w.created_at, w.due_at, w.closed_at, w.version, :terminal "
        "FROM work_order AS w LEFT JOIN account AS a ON a.id = w.account_id ORDER BY w.id",
        "SELECT count(*) FROM work_order",
    ),
)


def import_terminal_db(
    hq: Engine,
    source: Path,
    *,
    progress: Callable[[int, int], None] | None = None,
    bill_months: int | None = None,
) -> ImportReport:
    """Copy a terminal-format SQLite file into an empty HQ, in one transaction.

    ``progress(done, total)`` is called every :data:`BATCH` rows, ``total`` being every row to
    copy. ``bill_months`` keeps HQ lean: only the bills of the newest ``bill_months`` periods
    are imported, plus every older bill still owing (settled history stays in the old system).
    Refuses (:class:`HqImportError`, HQ unchanged) a file that is not a terminal database, an HQ
    that already holds ledger rows, and an HQ with registered terminals.
    """
    started = time.perf_counter()
    if bill_months is not None and not 1 <= bill_months <= 1_200:
        raise HqImportError(f"bill_months must be from 1 to 1200, not {bill_months}.")
    dialect = hq.dialect.name
    if dialect not in ("postgresql", "sqlite"):
        raise HqImportError(f"HQ runs on PostgreSQL or SQLite, not {dialect}.")
    reader = _open_source(source)
    try:
        with _reading(source):
            # The file is read in one transaction, so the counts and the rows agree.
            reader.execute("BEGIN")
            params = {
                "first_period": _first_period(reader, bill_months),
                "terminal": _terminal_code(reader),
            }
            plan = [c for c in _COPIES if _has_table(reader, c.table.name.removeprefix("hq_"))]
            counts = [int(reader.execute(c.count, params).fetchone()[0]) for c in plan]
            all_bills = int(reader.execute("SELECT count(*) FROM bill").fetchone()[0])
        written: dict[str, int] = {}
        seconds: dict[str, float] = {}
        total = sum(counts)
        done = 0

        def tick(rows: int) -> None:
            nonlocal done
            done += rows
            if progress is not None:
                progress(done, total)

        with hq.begin() as connection:
            if dialect == "postgresql":
                # Against other writers, not readers: two imports started together cannot both
                # find HQ empty.
                connection.execute(
                    text(f"LOCK TABLE {schema.account.name} IN SHARE ROW EXCLUSIVE MODE")
                )
                # The file's times are naive UTC: have timestamptz columns read them so.
                connection.execute(text("SET LOCAL TIME ZONE 'UTC'"))
            check_empty(connection)
            for copy in plan:
                began = time.perf_counter()
                # Closed here, even on failure, so the file's cursor goes before the file does.
                with closing(_batches(source, reader, copy.query, params)) as rows:
                    if copy.table is schema.tariff:
                        count = _write_tariffs(connection, copy, rows, tick)
                    elif dialect == "postgresql":
                        count = _copy_postgresql(connection, copy, rows, tick)
                    else:
                        count = _insert_sqlite(connection, copy, rows, tick)
                written[copy.table.name] = count
                seconds[copy.table.name] = time.perf_counter() - began
    finally:
        reader.close()
    if dialect == "postgresql":
        began = time.perf_counter()
        _analyze(hq, plan)
        seconds["analyze"] = time.perf_counter() - began
    return ImportReport(
        source=source,
        tariffs=written.get("hq_tariff", 0),
        customers=written.get("hq_customer", 0),
        accounts=written.get("hq_account", 0),
        meters=written.get("hq_meter", 0),
        installations=written.get("hq_meter_installation", 0),
        bills=written.get("hq_bill", 0),
        work_orders=written.get("hq_work_order", 0),
        bills_left_out=all_bills - written.get("hq_bill", 0),
        seconds=time.perf_counter() - started,
        table_seconds=seconds,
    )


def _open_source(source: Path) -> sqlite3.Connection:
    """The file, read-only (an import must never change its source), or a clear refusal."""
    if not source.is_file():
        raise HqImportError(f"{source} does not exist or is not a file.")
    reader = sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        found = {
            name
            for (name,) in reader.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        }
    except sqlite3.DatabaseError as error:
        reader.close()
        raise HqImportError(f"{source} is not a SQLite database: {error}.") from error
    missing = [name for name in _REQUIRED if name not in found]
    if missing:
        reader.close()
        raise HqImportError(
            f"{source} is not a terminal database: it has no {', '.join(missing)} table."
        )
    reader.execute("PRAGMA cache_size=-65536")
    return reader


def _has_table(reader: sqlite3.Connection, name: str) -> bool:
    return (
        reader.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)
        ).fetchone()
        is not None
    )


def _terminal_code(reader: sqlite3.Connection) -> str:
    default = str(SETTINGS["terminal.code"][0])
    if not _has_table(reader, "setting"):
        return default
    row = reader.execute("SELECT value FROM setting WHERE key = 'terminal.code'").fetchone()
    if row is None:
        return default
    try:
        value = json.loads(row[0])
    except (TypeError, ValueError):
        return default
    return value if isinstance(value, str) and value else default


def _first_period(reader: sqlite3.Connection, bill_months: int | None) -> int | None:
    """The oldest period ``bill_months`` keeps in full (None: every bill), counted back in
    calendar months from the newest period in the file."""
    if bill_months is None:
        return None
    newest = reader.execute("SELECT max(period) FROM bill").fetchone()[0]
    if newest is None:
        return None
    months = int(newest) // 100 * 12 + int(newest) % 100 - 1 - (bill_months - 1)
    return months // 12 * 100 + months % 12 + 1


@contextmanager
def _reading(source: Path) -> Iterator[None]:
    """Turn a failure to read the file (corrupt, or an older layout) into a clear refusal.

    Only around reads of the file: an error writing HQ is HQ's and keeps its own type.
    """
    try:
        yield
    except sqlite3.DatabaseError as error:
        raise HqImportError(f"{source} cannot be read as a terminal database: {error}.") from error


def _batches(
    source: Path, reader: sqlite3.Connection, query: str, params: Mapping[str, object]
) -> Generator[Sequence[tuple[Any, ...]], None, None]:
    with _reading(source):
        cursor = reader.execute(query, params)
    try:
        while True:
            with _reading(source):
                batch = cursor.fetchmany(BATCH)
            if not batch:
                return
            yield batch
    finally:
        cursor.close()


def check_empty(connection: Connection) -> None:
    """Refuse an HQ that holds ledger rows or terminals (the module's docstring says why)."""
    for table in _LEDGER:
        held = connection.execute(select(func.count()).select_from(table)).scalar_one()
        if held:
            noun = table.name.removeprefix("hq_").replace("_", " ")
            raise HqImportError(
                f"HQ already holds {held:,} {noun}s: the import loads a new, empty HQ and "
                "does not merge. Import into a new HQ database."
            )
    terminals = connection.execute(select(schema.terminal.c.terminal_id).limit(5)).scalars().all()
    if terminals:
        raise HqImportError(
            f"Terminals are already registered ({', '.join(terminals)}): the import writes no "
            "change log, so a terminal that has loaded its cache would never see these rows. "
            "Import before registering terminals."
        )


def _write_tariffs(
    connection: Connection,
    copy: _Copy,
    batches: Iterator[Sequence[tuple[Any, ...]]],
    tick: Callable[[int], None],
) -> int:
    """Tariffs are few and HQ may already define some: HQ's own definition wins."""
    insert = pg_insert if connection.dialect.name == "postgresql" else sqlite_insert
    statement = insert(copy.table).on_conflict_do_nothing(index_elements=["code"])
    count = select(func.count()).select_from(copy.table)
    before = connection.execute(count).scalar_one()
    for batch in batches:
        connection.execute(statement, [dict(zip(copy.columns, row, strict=True)) for row in batch])
        tick(len(batch))
    return int(connection.execute(count).scalar_one()) - int(before)


def _copy_postgresql(
    connection: Connection,
    copy: _Copy,
    batches: Iterator[Sequence[tuple[Any, ...]]],
    tick: Callable[[int], None],
) -> int:
    raw: Any = connection.connection.driver_connection
    columns = ", ".join(copy.columns)
    count = 0
    with (
        raw.cursor() as cursor,
        cursor.copy(f"COPY {copy.table.name} ({columns}) FROM STDIN") as pipe,
    ):
        for batch in batches:
            for row in batch:
                pipe.write_row(row)
            count += len(batch)
            tick(len(batch))
    return count


def _insert_sqlite(
    connection: Connection,
    copy: _Copy,
    batches: Iterator[Sequence[tuple[Any, ...]]],
    tick: Callable[[int], None],
) -> int:
    raw: Any = connection.connection.driver_connection
    marks = ", ".join("?" * len(copy.columns))
    sql = f"INSERT INTO {copy.table.name} ({', '.join(copy.columns)}) VALUES ({marks})"  # noqa: S608
    count = 0
    for batch in batches:
        raw.executemany(sql, batch)
        count += len(batch)
        tick(len(batch))
    return count


def _analyze(hq: Engine, plan: Sequence[_Copy]) -> None:
    """Fresh statistics, so the first snapshot's queries are planned for millions of rows."""
    with hq.connect() as connection:
        connection.execution_options(isolation_level="AUTOCOMMIT")
        for copy in plan:
            connection.execute(text(f"ANALYZE {copy.table.name}"))
