"""HQ's ledger rows as they travel: arrays in :data:`counterdesk.sync.protocol.TABLES` order.

One description per synced table (its HQ table, key and scope column, and each column's kind)
gives the SQL that reads rows ready for JSON, on PostgreSQL and SQLite alike. The database does
the formatting (UUIDs with dashes, ISO dates and times), so a snapshot page of 50,000 rows comes
back as plain tuples that go straight to the wire: no ORM objects, no per-value Python work except
SQLite's booleans, which it stores as 0 and 1.

Both the snapshot (:func:`counterdesk.hq.changes.snapshot_page`) and the change log
(:func:`counterdesk.hq.changes.emit_rows`) read rows here, so a row pulled as a change is exactly
the row a snapshot would have sent.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

from sqlalchemy import Connection, bindparam, text

from counterdesk.sync.protocol import GLOBAL_SCOPE, TABLES

Kind = Literal["plain", "uuid", "date", "time", "bool"]


@dataclass(frozen=True, slots=True)
class TableSpec:
    name: str
    """The protocol's name (``account``)."""
    hq_table: str
    key: str
    scope_column: str | None
    """The column holding the row's scope (its area), or ``None``: every row is in ``*``."""
    kinds: dict[str, Kind]
    """Columns that need formatting; the rest travel as stored."""

    @property
    def uuid_key(self) -> bool:
        return self.kinds.get(self.key) == "uuid"


SPECS: Final[dict[str, TableSpec]] = {
    spec.name: spec
    for spec in (
        TableSpec("tariff", "hq_tariff", "code", None, {}),
        TableSpec("customer", "hq_customer", "uid", "area_code", {"uid": "uuid"}),
        TableSpec(
            "account",
            "hq_account",
            "uid",
            "area_code",
            {"uid": "uuid", "customer_uid": "uuid", "key_customer": "bool", "closed_on": "date"},
        ),
        TableSpec("meter", "hq_meter", "uid", "area_code", {"uid": "uuid"}),
        TableSpec(
            "meter_installation",
            "hq_meter_installation",
            "uid",
            "area_code",
            {
                "uid": "uuid",
                "meter_uid": "uuid",
                "account_uid": "uuid",
                "installed_on": "date",
                "removed_on": "date",
            },
        ),
        TableSpec(
            "bill",
            "hq_bill",
            "uid",
            "area_code",
            {"uid": "uuid", "account_uid": "uuid", "due_date": "date", "order_uid": "uuid"},
        ),
        TableSpec(
            "work_order",
            "hq_work_order",
            "uid",
            "area_code",
            {
                "uid": "uuid",
                "account_uid": "uuid",
                "created_at": "time",
                "due_at": "time",
                "closed_at": "time",
            },
        ),
    )
}
assert set(SPECS) == set(TABLES)


def _expression(column: str, kind: Kind, postgres: bool) -> str:
    if kind == "uuid":
        if postgres:
            return f"{column}::text"
        # SQLite keeps a UUID as its 32 hex digits (SQLAlchemy's Uuid); the wire has dashes.
        return (
            f"substr({column},1,8)||'-'||substr({column},9,4)||'-'||substr({column},13,4)||'-'||"
            f"substr({column},17,4)||'-'||substr({column},21,12)"
        )
    if kind == "date":
        return f"to_char({column}, 'YYYY-MM-DD')" if postgres else column
    if kind == "time":
        # HQ stores UTC; SQLite keeps the UTC wall time as text ("2026-11-21 01:30:00.000000").
        if postgres:
            return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"+00:00\"')"
        return f"replace({column}, ' ', 'T')||'+00:00'"
    return column


def select_list(table: str, postgres: bool) -> str:
    """The columns of ``table`` in travelling order, formatted, then the scope column."""
    spec = SPECS[table]
    columns = [_expression(c, spec.kinds.get(c, "plain"), postgres) for c in TABLES[table]]
    columns.append(spec.scope_column or f"'{GLOBAL_SCOPE}'")
    return ", ".join(columns)


def bool_positions(table: str) -> tuple[int, ...]:
    spec = SPECS[table]
    return tuple(i for i, c in enumerate(TABLES[table]) if spec.kinds.get(c) == "bool")


def key_param(table: str, key: str, postgres: bool) -> Any:
    """A key as the database compares it: a UUID (PostgreSQL), its hex (SQLite), or a code.

    ``ValueError`` when a UUID table's key is not a UUID.
    """
    if not SPECS[table].uuid_key:
        return key
    value = uuid.UUID(key)
    return value if postgres else value.hex


def fix_row(row: Sequence[Any], bools: tuple[int, ...]) -> list[Any]:
    """A fetched row as a list for the wire (SQLite's 0/1 booleans as booleans)."""
    values = list(row)
    for i in bools:
        if values[i] is not None:
            values[i] = bool(values[i])
    return values


def read_rows(
    connection: Connection, table: str, keys: Sequence[str]
) -> list[tuple[list[Any], str]]:
    """The current rows of ``keys`` (those that exist, in that order), each with its scope."""
    if not keys:
        return []
    spec = SPECS[table]
    postgres = connection.dialect.name == "postgresql"
    # PostgreSQL: one array parameter, so the statement is prepared once (see ``key_in``).
    sql = (
        text(
            f"SELECT {select_list(table, postgres)} FROM {spec.hq_table} "  # noqa: S608 - constants
            f"WHERE {spec.key} = ANY(:keys)"
        )
        if postgres
        else text(
            f"SELECT {select_list(table, postgres)} FROM {spec.hq_table} "  # noqa: S608 - constants
            f"WHERE {spec.key} IN :keys"
        ).bindparams(bindparam("keys", expanding=True))
    )
    params = [key_param(table, key, postgres) for key in keys]
    bools = bool_positions(table) if not postgres else ()
    found: dict[str, tuple[list[Any], str]] = {}
    for start in range(0, len(params), 5_000):
        for row in connection.execute(sql, {"keys": params[start : start + 5_000]}):
            values = fix_row(row, bools)
            scope = values.pop()
            found[str(values[0])] = (values, str(scope))
    # In the order asked for, so a change log reads the way the booking happened.
    return [found[key] for key in dict.fromkeys(keys) if key in found]
