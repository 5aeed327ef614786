"""HQ's change log (SYNC.md): what terminals pull after their snapshot, and the snapshot itself.

Every change to a synced row writes an ``hq_change`` row in the same transaction
(:func:`emit`): the scope it belongs to, the table, the key, and the row as it now travels, or
``NULL`` for a tombstone (the row left that scope). A terminal pulls one scope after its cursor.

Why the cursor is ``(xid, seq)`` and pulls stop below a watermark: sequence numbers are taken when
a row is inserted, not when its transaction commits, so on PostgreSQL change 11 can become visible
before change 10. A reader that had moved past 11 would never see 10. Each change therefore
carries its transaction's id, rows are read in ``(xid, seq)`` order, and only rows of transactions
older than every transaction still running are handed out (``xid < pg_snapshot_xmin``, counting
this database's transactions only, see ``_XMIN``): every row at or below the position returned is
already committed, so nothing can appear behind a cursor later. SQLite has one writer at a time,
which commits in sequence order, so there ``xid`` is 0 and ``seq`` alone orders.

The snapshot (:func:`snapshot_page`) pages one scope table by table, keyed by the row key, and
takes its cursor *before* the first page is read, so pulling from that cursor afterwards replays
everything the pages may have missed. Its resume token (``next_after``) carries that cursor and
the row estimate, so every page of one load reports the same cursor however the load was
interrupted and resumed.

Compaction (:func:`compact`) keeps the log small: it drops rows superseded in the middle of a
key's history (the first and the newest stay, so a late reader still sees the row appear before
anything that refers to it) and every row older than a date, recording the newest position it
dropped per scope; a cursor behind that horizon must load its scope again (``must_refetch``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy import Connection, Engine, bindparam, text

from counterdesk.hq import schema
from counterdesk.hq.database import insert_rows, is_postgres, reading
from counterdesk.hq.rows import SPECS, bool_positions, fix_row, key_param, read_rows, select_list
from counterdesk.sync.protocol import (
    GLOBAL_SCOPE,
    MAX_CHANGES,
    MAX_SNAPSHOT_PAGE,
    SNAPSHOT_ORDER,
    Change,
    ChangesResponse,
    Cursor,
    SnapshotPage,
)

ALL_SCOPES: Final = ""
"""The horizon row that applies to every scope (:func:`require_refetch` without a scope)."""
_XID: Final = "pg_current_xact_id()::text::bigint"
_COPY_FROM: Final = 50
"""Change-log rows from which a COPY beats one multi-row INSERT on PostgreSQL."""
_XMIN: Final = (
    "(SELECT coalesce(min(b.x), pg_snapshot_xmax(pg_current_snapshot())::text::bigint) "
    "FROM (SELECT x::text::bigint AS x FROM pg_snapshot_xip(pg_current_snapshot()) AS x) AS b "
    "WHERE b.x % 4294967296 NOT IN (SELECT backend_xid::text::bigint FROM pg_stat_activity "
    "WHERE backend_xid IS NOT NULL AND datname IS DISTINCT FROM current_database()))"
)
"""The watermark: ``pg_snapshot_xmin(pg_current_snapshot())``, except that transactions running
in *other databases* of the cluster are left out (they cannot write this database's change log).
Transaction ids are cluster-wide, so with plain ``xmin`` an hour-long import into another database
on the same server would stall every terminal's pull for that hour. A transaction whose database
cannot be told (it ended meanwhile, or the role may not see other sessions) counts as ours, which
only makes the watermark lower, never unsafe."""
_TOKEN: Final = re.compile(r"^(0|[1-9][0-9]{0,18})\.(0|[1-9][0-9]{0,18})/([0-9]{1,12}):(.*)$", re.S)


class SnapshotError(ValueError):
    """A snapshot request that cannot be served as asked (a bad resume token, a foreign table)."""


def _json(row: Sequence[Any] | None) -> str | None:
    if row is None:
        return None
    return json.dumps(list(row), ensure_ascii=False, separators=(",", ":"))


def _now(now: datetime | None) -> datetime:
    return (now or datetime.now(UTC)).astimezone(UTC)


def db_time(connection: Connection, moment: datetime) -> datetime | str:
    """An instant as a raw SQL parameter: aware on PostgreSQL; on SQLite the text SQLAlchemy's
    ``DateTime`` stores there (UTC wall time), so raw and ORM-written times compare as text."""
    utc = moment.astimezone(UTC) if moment.tzinfo else moment
    if is_postgres(connection):
        return utc if utc.tzinfo else utc.replace(tzinfo=UTC)
    return utc.strftime("%Y-%m-%d %H:%M:%S.%f")


# --- writing -----------------------------------------------------------------------------------


def emit(
    connection: Connection,
    scope: str,
    table: str,
    key: str,
    row: Sequence[Any] | None,
    *,
    now: datetime | None = None,
) -> None:
    """Log one change in the caller's transaction: ``row`` in TABLES order, ``None`` a tombstone."""
    emit_many(connection, [(scope, table, key, row)], now=now)


def emit_many(
    connection: Connection,
    changes: Iterable[tuple[str, str, str, Sequence[Any] | None]],
    *,
    now: datetime | None = None,
) -> int:
    """Log ``(scope, table, key, row)`` changes in the caller's transaction, in order.

    One statement per 5,000 changes: bulk writers (an import, a month's bills) call this.
    """
    postgres = is_postgres(connection)
    xid = _XID if postgres else "0"
    sql = text(
        f"INSERT INTO hq_change (xid, scope, tbl, key, row, at) "  # noqa: S608 - constants
        f"VALUES ({xid}, :scope, :tbl, :key, :row, :at)"
    )
    at = db_time(connection, _now(now))
    own_xid: list[int] = []

    def write(batch: list[dict[str, Any]]) -> None:
        if not postgres or len(batch) < _COPY_FROM:
            connection.execute(sql, batch)
            return
        # Many rows (a push's accounts and bills): one COPY stream, under the transaction's id
        # read once (it is the same for every row the transaction writes).
        if not own_xid:
            own_xid.append(int(connection.execute(text(f"SELECT {_XID}")).scalar_one()))
        insert_rows(connection, schema.change, [{"xid": own_xid[0], **row} for row in batch])

    batch: list[dict[str, Any]] = []
    count = 0
    for scope, table, key, row in changes:
        if table not in SPECS:
            raise ValueError(f"{table!r} is not a synced table.")
        batch.append({"scope": scope, "tbl": table, "key": key, "row": _json(row), "at": at})
        if len(batch) >= 5_000:
            write(batch)
            count += len(batch)
            batch = []
    if batch:
        write(batch)
        count += len(batch)
    return count


def emit_rows(
    connection: Connection,
    table: str,
    keys: Sequence[str],
    *,
    to: Iterable[str] | None = None,
    now: datetime | None = None,
) -> int:
    """Log the current rows of ``keys`` to their scopes (or only to the scopes ``to``).

    The row is read back from its table after the caller's writes, so what travels is exactly what
    a snapshot would send. A customer travels to its own area and to the area of each of its
    accounts, since every hall holding one of its accounts needs the name.
    """
    only = None if to is None else tuple(to)
    found = read_rows(connection, table, keys)
    changes: list[tuple[str, str, str, Sequence[Any] | None]] = []
    customer_areas = _customer_areas(connection, keys) if table == "customer" else {}
    for row, scope in found:
        key = str(row[0])
        scopes = only if only is not None else (scope, *customer_areas.get(key, ()))
        changes.extend((target, table, key, row) for target in dict.fromkeys(scopes) if target)
    return emit_many(connection, changes, now=now)


def _customer_areas(connection: Connection, keys: Sequence[str]) -> dict[str, tuple[str, ...]]:
    postgres = is_postgres(connection)
    sql = text(
        "SELECT customer_uid, area_code FROM hq_account WHERE customer_uid IN :keys"
    ).bindparams(bindparam("keys", expanding=True))
    areas: dict[str, list[str]] = {}
    params = [key_param("customer", key, postgres) for key in keys]
    for uid, area in connection.execute(sql, {"keys": params}):
        text_uid = str(uid) if postgres else _dashed(str(uid))
        areas.setdefault(text_uid, []).append(str(area))
    return {key: tuple(values) for key, values in areas.items()}


def _dashed(hex32: str) -> str:
    return f"{hex32[:8]}-{hex32[8:12]}-{hex32[12:16]}-{hex32[16:20]}-{hex32[20:]}"


def tombstones(
    connection: Connection,
    scope: str,
    table: str,
    keys: Iterable[str],
    *,
    now: datetime | None = None,
) -> int:
    """Log that ``keys`` left ``scope`` (deleted, or moved to another area)."""
    return emit_many(connection, [(scope, table, key, None) for key in keys], now=now)


# --- reading -----------------------------------------------------------------------------------


def head(engine: Engine) -> Cursor:
    """The position a reader would reach now: a snapshot's starting cursor (see the module)."""
    with reading(engine) as connection:
        return _start_cursor(connection)


def _start_cursor(connection: Connection) -> Cursor:
    """Every change at or below the returned position is visible to any later read.

    PostgreSQL: ``(xmin, 0)``. Transactions with an id below ``xmin`` have all finished, so their
    rows are in every page read from now on; a change of ``xmin`` or later may or may not be, and
    pulling from ``(xmin, 0)`` replays all of them (``seq`` starts at 1). SQLite: the newest
    ``seq`` issued, since rows commit in sequence order there.
    """
    if is_postgres(connection):
        xmin = connection.execute(text(f"SELECT {_XMIN}")).scalar_one()
        return Cursor(xid=int(xmin), seq=0)
    # The highest number ever issued (AUTOINCREMENT keeps it), not the highest row left: after a
    # compaction the newest rows may be gone, and the cursor must still be past them.
    seq = connection.execute(
        text("SELECT coalesce(max(seq), 0) FROM sqlite_sequence WHERE name = 'hq_change'")
    ).scalar_one()
    return Cursor(xid=0, seq=int(seq))


def horizon(connection: Connection, scope: str) -> tuple[int, int]:
    rows = connection.execute(
        text("SELECT xid, seq FROM hq_sync_horizon WHERE scope IN (:s, :all)"),
        {"s": scope, "all": ALL_SCOPES},
    ).all()
    return max(((int(x), int(q)) for x, q in rows), default=(0, 0))


def pull(engine: Engine, scope: str, cursor: Cursor, limit: int) -> ChangesResponse:
    """The changes of ``scope`` after ``cursor``, oldest first, at most ``limit`` of them."""
    limit = max(1, min(limit, MAX_CHANGES))
    with reading(engine) as connection:
        if cursor.key() < horizon(connection, scope):
            return ChangesResponse(
                scope=scope, changes=[], cursor=str(cursor), more=False, must_refetch=True
            )
        watermark = f" AND xid < {_XMIN}" if is_postgres(connection) else ""
        rows = connection.execute(
            text(
                "SELECT xid, seq, tbl, key, row FROM hq_change WHERE scope = :s "  # noqa: S608
                f"AND (xid, seq) > (:x, :q){watermark} ORDER BY xid, seq LIMIT :n"
            ),
            {"s": scope, "x": cursor.xid, "q": cursor.seq, "n": limit + 1},
        ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    changes = [
        Change.model_construct(
            table=str(tbl), key=str(key), row=None if row is None else json.loads(row)
        )
        for _xid, _seq, tbl, key, row in rows
    ]
    last = f"{rows[-1][0]}.{rows[-1][1]}" if rows else str(cursor)
    return ChangesResponse.model_construct(
        scope=scope, changes=changes, cursor=last, more=more, must_refetch=False
    )


def scope_tables(scope: str) -> tuple[str, ...]:
    """The tables a scope holds: tariffs in ``*``, everything else in the areas."""
    if scope == GLOBAL_SCOPE:
        return tuple(t for t in SNAPSHOT_ORDER if SPECS[t].scope_column is None)
    return tuple(t for t in SNAPSHOT_ORDER if SPECS[t].scope_column is not None)


def _estimate(connection: Connection, scope: str, tables: Sequence[str]) -> int:
    """Rows in the scope: the planner's estimate on PostgreSQL (a count of 12 million bills would
    take seconds; an importer should ``ANALYZE`` what it loaded), an exact count on SQLite."""
    total = 0
    postgres = is_postgres(connection)
    for table in tables:
        spec = SPECS[table]
        where = f" WHERE {spec.scope_column} = :s" if spec.scope_column else ""
        query = f"SELECT 1 FROM {spec.hq_table}{where}"  # noqa: S608 - constants
        analysed = (
            postgres
            and connection.execute(
                text("SELECT reltuples >= 0 FROM pg_class WHERE oid = CAST(:t AS regclass)"),
                {"t": spec.hq_table},
            ).scalar_one()
        )
        if analysed:
            plan = connection.execute(text(f"EXPLAIN (FORMAT JSON) {query}"), {"s": scope})
            document = plan.scalar_one()
            if isinstance(document, str):
                document = json.loads(document)
            total += int(document[0]["Plan"]["Plan Rows"])
        else:  # SQLite, or a table PostgreSQL has not analysed yet (its guess would be made up)
            count = f"SELECT count(*) FROM {spec.hq_table}{where}"  # noqa: S608 - constants
            total += int(connection.execute(text(count), {"s": scope}).scalar_one())
    return total


def resume_token(cursor: Cursor, total: int, key: str) -> str:
    """``next_after``: the load's cursor, its row estimate and the last key sent."""
    return f"{cursor}/{total}:{key}"


def parse_token(after: str) -> tuple[Cursor, int, str]:
    match = _TOKEN.match(after)
    if match is None:
        raise SnapshotError(
            "`after` must be the `next_after` of the page before, as HQ sent it "
            "(a snapshot resumes from its own token, which carries the snapshot's cursor)."
        )
    cursor = Cursor(xid=int(match.group(1)), seq=int(match.group(2)))
    return cursor, int(match.group(3)), match.group(4)


def snapshot_page(
    engine: Engine, scope: str, table: str | None, after: str | None, limit: int
) -> SnapshotPage:
    """One page of a scope's snapshot.

    The first call (``after`` ``None``; ``table`` ``None`` for the whole scope) takes the cursor,
    estimates the rows and sends the first page; each later call passes back the page's
    ``next_table`` and ``next_after``. A table with no rows left is skipped within the same call,
    so a page is empty only when the whole scope is.
    """
    limit = max(1, min(limit, MAX_SNAPSHOT_PAGE))
    tables = scope_tables(scope)
    with reading(engine) as connection:
        if table is not None and table not in tables:
            raise SnapshotError(f"Scope {scope!r} holds no {table} rows.")
        if after is None:
            # A new load: from the first table, or from ``table`` on (its own cursor then).
            cursor = _start_cursor(connection)
            current, key = table or tables[0], ""
            total = _estimate(connection, scope, tables[tables.index(current) :])
        else:
            if table is None:
                raise SnapshotError("`after` resumes a table: send it with the `table` it names.")
            cursor, total, key = parse_token(after)
            current = table
        while True:
            rows = _page(connection, current, scope, key, limit)
            index = tables.index(current)
            ahead = tables[index + 1] if index + 1 < len(tables) else None
            if len(rows) >= limit:
                resume: tuple[str | None, str | None] = (current, str(rows[-1][0]))
            elif rows or ahead is None:
                resume = (ahead, None if ahead is None else "")
            else:
                current, key = ahead, ""
                continue
            return _snapshot(
                scope, current, rows, cursor=cursor, total=total, next_table=resume[0],
                next_key=resume[1],
            )  # fmt: skip


def _snapshot(
    scope: str,
    table: str,
    rows: list[list[Any]],
    *,
    cursor: Cursor,
    total: int,
    next_table: str | None,
    next_key: str | None,
) -> SnapshotPage:
    return SnapshotPage.model_construct(
        scope=scope,
        table=table,
        rows=rows,
        cursor=str(cursor),
        next_table=next_table,
        next_after=None if next_key is None else resume_token(cursor, total, next_key),
        total_estimate=total,
    )


def _page(connection: Connection, table: str, scope: str, key: str, limit: int) -> list[list[Any]]:
    """Up to ``limit`` rows of ``table`` in ``scope`` after ``key``, in key order, for the wire.

    Read through the driver's own cursor with one ``fetchall``: a snapshot page is 50,000 rows,
    and SQLAlchemy's result rows cost HQ about two microseconds a row more (a third of reading
    an account), on the server every terminal's initial load waits for.
    """
    spec = SPECS[table]
    postgres = is_postgres(connection)
    mark = "%s" if postgres else "?"
    conditions = []
    params: list[Any] = []
    if spec.scope_column:
        conditions.append(f"{spec.scope_column} = {mark}")
        params.append(scope)
    if key:
        try:
            params.append(key_param(table, key, postgres))
        except ValueError:
            raise SnapshotError(f"{key!r} is not a {table} key.") from None
        conditions.append(f"{spec.hq_table}.{spec.key} > {mark}")
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    sql = (
        f"SELECT {select_list(table, postgres)} FROM {spec.hq_table}{where} "  # noqa: S608
        # Qualified: the select list's formatted ``uid::text`` is also called ``uid``, and
        # ordering by that text would sort the whole area instead of walking the index.
        f"ORDER BY {spec.hq_table}.{spec.key} LIMIT {int(limit)}"
    )
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql, params)
        fetched = cursor.fetchall()
    finally:
        cursor.close()
    if postgres:
        return [list(row[:-1]) for row in fetched]
    bools = bool_positions(table)
    if not bools:
        return [list(row[:-1]) for row in fetched]
    return [fix_row(row, bools)[:-1] for row in fetched]


# --- compaction ----------------------------------------------------------------------------------


def compact(engine: Engine, before: datetime) -> int:
    """Drop superseded and old change rows; returns how many. See the module docstring.

    Rows are only dropped below the watermark (transactions still running may add rows behind
    them), and the per-scope horizon only moves forward.
    """
    with engine.begin() as connection:
        postgres = is_postgres(connection)
        watermark = f"xid < {_XMIN}" if postgres else "1 = 1"
        middle = connection.execute(
            text(
                "DELETE FROM hq_change WHERE seq IN (SELECT seq FROM (SELECT seq, "  # noqa: S608
                "row_number() OVER (PARTITION BY scope, tbl, key ORDER BY xid, seq) AS n_up, "
                "row_number() OVER (PARTITION BY scope, tbl, key ORDER BY xid DESC, seq DESC) "
                f"AS n_down FROM hq_change WHERE {watermark}) AS ranked "
                "WHERE n_up > 1 AND n_down > 1)"
            )
        ).rowcount
        at = db_time(connection, before)
        old = f"at < :before AND {watermark}"
        reached = connection.execute(
            text(
                "SELECT scope, max(xid) FROM hq_change "  # noqa: S608 - constants
                f"WHERE {old} GROUP BY scope"
            ),
            {"before": at},
        ).all()
        for scope, xid in reached:
            seq = connection.execute(
                text(
                    "SELECT max(seq) FROM hq_change "  # noqa: S608 - constants
                    f"WHERE {old} AND scope = :s AND xid = :x"
                ),
                {"before": at, "s": scope, "x": xid},
            ).scalar_one()
            _raise_horizon(connection, str(scope), (int(xid), int(seq)))
        aged = connection.execute(
            text(f"DELETE FROM hq_change WHERE {old}"),  # noqa: S608 - constants
            {"before": at},
        ).rowcount
    return int(middle) + int(aged)


def _raise_horizon(connection: Connection, scope: str, position: tuple[int, int]) -> None:
    current = connection.execute(
        text("SELECT xid, seq FROM hq_sync_horizon WHERE scope = :s"), {"s": scope}
    ).one_or_none()
    if current is None:
        connection.execute(
            text("INSERT INTO hq_sync_horizon (scope, xid, seq) VALUES (:s, :x, :q)"),
            {"s": scope, "x": position[0], "q": position[1]},
        )
    elif (int(current[0]), int(current[1])) < position:
        connection.execute(
            text("UPDATE hq_sync_horizon SET xid = :x, seq = :q WHERE scope = :s"),
            {"s": scope, "x": position[0], "q": position[1]},
        )


def require_refetch(engine: Engine, scope: str | None = None) -> Cursor:
    """Make every cursor of ``scope`` (of all scopes without one) older than now refetch.

    For after HQ's database was restored from a backup: terminals may hold cursors past the
    restored log, and only a fresh snapshot puts them right.
    """
    with engine.begin() as connection:
        position = _start_cursor(connection)
        _raise_horizon(
            connection, ALL_SCOPES if scope is None else scope, (position.xid, position.seq)
        )
    return position
