"""Writing HQ's rows into the terminal's cache: upserts by key, tombstones, and the overlay.

Both the delta pull and the initial load come through here, always inside the caller's
transaction (one per page), so a page is in the cache whole or not at all.

Rows are upserted by their shared key (``uid``, or a tariff's ``code``) with ``INSERT … ON
CONFLICT DO UPDATE``: an existing row keeps its local integer id, so payments, allocations and
orders that point at it stay valid, and the search triggers on ``account`` and ``customer``
(:mod:`counterdesk.store.search_index`) re-index exactly the rows that changed. References arrive
as keys (``customer_uid``…) and become local ids by a sub-select on the unique ``uid`` index.

The overlay (SYNC.md: balance shown = HQ balance − pending): HQ's figure is kept beside the shown
one (``account.hq_prepaid_fen``, ``bill.hq_paid_fen``), and the shown one is HQ's plus the effect
of this terminal's payments and reversals that HQ's row does not contain yet: ops still pending,
or acknowledged with a ledger version newer than the row's. Keeping HQ's figure means the shown
one can be recomputed whenever that changes (a pull, an acknowledgement), instead of being nudged
by deltas that a lost response could count twice.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable, Collection, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any, Final

from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from counterdesk.store.models import OutboxState
from counterdesk.sync.client import TransientSyncError
from counterdesk.sync.protocol import TABLES

log = logging.getLogger(__name__)

CHUNK: Final = 500
"""Ids per ``IN (…)`` list: well under SQLite's limit of bound parameters."""
PAYMENT_KINDS: Final = ("payment.posted", "payment.reversed")


class SyncDataError(TransientSyncError):
    """A row from HQ cannot be written (a reference HQ has not sent, a value out of range).

    Transient for the engine: the page is not applied, the cursor does not move, and the next
    round tries again, by when HQ may have sent what was missing.
    """


# --- values as they travel → values as SQLite stores them --------------------------------------


def _uid(value: Any) -> bytes:
    if isinstance(value, str):
        raw = value.replace("-", "")
        if len(raw) == 32:
            try:
                return bytes.fromhex(raw)
            except ValueError:
                pass
    raise SyncDataError(f"{value!r} is not a UUID.")


def _opt_uid(value: Any) -> bytes | None:
    return None if value is None else _uid(value)


def _stamp(value: Any) -> str | None:
    """An ISO instant as SQLAlchemy stores a naive-UTC ``DateTime`` on SQLite."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError as error:
        raise SyncDataError(f"{value!r} is not an ISO date and time.") from error
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return f"{moment:%Y-%m-%d %H:%M:%S.%f}"


def _text(value: Any) -> str:
    """JSON columns (a tariff's definition, initial readings) as text, whichever way they came."""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _tariff(r: list[Any]) -> tuple[Any, ...]:
    return (r[0], r[1], r[2], _text(r[3]))


def _customer(r: list[Any]) -> tuple[Any, ...]:
    return (_uid(r[0]), r[1], r[2], r[3])


def _account(r: list[Any]) -> tuple[Any, ...]:
    return (_uid(r[0]), r[1], _uid(r[2]), r[3], r[4], r[5], r[6], bool(r[7]), r[8], r[9], r[10],
            r[11], r[12], r[13], r[10])  # fmt: skip


def _meter(r: list[Any]) -> tuple[Any, ...]:
    return (_uid(r[0]), r[1], r[2], r[3], r[4], r[5], r[6])


def _installation(r: list[Any]) -> tuple[Any, ...]:
    return (_uid(r[0]), _uid(r[1]), _uid(r[2]), r[3], r[4], _text(r[5]))


def _bill(r: list[Any]) -> tuple[Any, ...]:
    return (_uid(r[0]), _uid(r[1]), r[2], r[3], r[4], r[5], r[6], r[7], _opt_uid(r[8]), r[9],
            r[6])  # fmt: skip


def _work_order(r: list[Any]) -> tuple[Any, ...]:
    created = _stamp(r[11])
    closed = _stamp(r[13])
    # The local column is NOT NULL (the overdue board sorts on it): an order HQ gives no
    # deadline (a closed one) sorts by when it closed, or was made.
    due = _stamp(r[12]) or closed or created
    return (_uid(r[0]), r[1], r[2], r[3], r[4], _opt_uid(r[5]), r[6], r[7], r[8], r[9], r[10],
            created, due, closed, r[14])  # fmt: skip


def _upsert_sql(
    table: str,
    columns: Sequence[str],
    values: Sequence[str],
    key: str,
    *,
    extra_where: str = "",
    insert_only: Collection[str] = (),
) -> str:
    """``INSERT … ON CONFLICT (key) DO UPDATE`` that leaves identical rows alone, so an
    unchanged row fires no search trigger. ``insert_only`` columns are written on insert only."""
    updated = [c for c in columns if c != key and c not in insert_only]
    changed = " OR ".join(f"{table}.{c} IS NOT excluded.{c}" for c in updated)
    where = f"({changed})" + (f" AND {extra_where}" if extra_where else "")
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(values)}) "  # noqa: S608
        f"ON CONFLICT ({key}) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in updated)
        + f" WHERE {where}"
    )


def _plain(columns: Sequence[str]) -> list[str]:
    return ["?"] * len(columns)


_CUSTOMER_ID: Final = "(SELECT id FROM customer WHERE uid = ?)"
_ACCOUNT_ID: Final = "(SELECT id FROM account WHERE uid = ?)"
_METER_ID: Final = "(SELECT id FROM meter WHERE uid = ?)"

_ACCOUNT_COLUMNS: Final = ("uid", "number", "customer_id", "utility", "customer_class",
                           "tariff_code", "status", "key_customer", "address", "area_code",
                           "prepaid_fen", "version", "closed_on", "ledger_version",
                           "hq_prepaid_fen")  # fmt: skip
_BILL_COLUMNS: Final = ("uid", "account_id", "period", "units", "amount_fen", "due_date",
                        "paid_fen", "kind", "order_uid", "ledger_version",
                        "hq_paid_fen")  # fmt: skip
_ORDER_COLUMNS: Final = ("uid", "order_no", "kind", "subtype", "state", "account_id",
                         "customer_name", "area_code", "first_owner_no", "department",
                         "handler_no", "created_at", "due_at", "closed_at", "version")  # fmt: skip


def _with(values: list[str], position: int, replacement: str) -> list[str]:
    values[position] = replacement
    return values


# Work orders: HQ's row wins only when it is at least as new as the local one (an order this
# terminal just moved on has a higher version than HQ's until HQ applies the op).
_ORDER_SQL: Final = _upsert_sql(
    "work_order",
    (*_ORDER_COLUMNS, "detail"),
    _with(_plain((*_ORDER_COLUMNS, "detail")), 5, _ACCOUNT_ID),
    "uid",
    extra_where="excluded.version >= work_order.version",
    insert_only=("detail",),
)

UPSERTS: Final[dict[str, tuple[str, Callable[[list[Any]], tuple[Any, ...]]]]] = {
    "tariff": (
        _upsert_sql("tariff", TABLES["tariff"], _plain(TABLES["tariff"]), "code"),
        _tariff,
    ),
    "customer": (
        _upsert_sql("customer", TABLES["customer"], _plain(TABLES["customer"]), "uid"),
        _customer,
    ),
    "account": (
        _upsert_sql(
            "account", _ACCOUNT_COLUMNS, _with(_plain(_ACCOUNT_COLUMNS), 2, _CUSTOMER_ID), "uid"
        ),
        _account,
    ),
    "meter": (_upsert_sql("meter", TABLES["meter"], _plain(TABLES["meter"]), "uid"), _meter),
    "meter_installation": (
        _upsert_sql(
            "meter_installation",
            ("uid", "meter_id", "account_id", "installed_on", "removed_on", "initial_readings"),
            ["?", _METER_ID, _ACCOUNT_ID, "?", "?", "?"],
            "uid",
        ),
        _installation,
    ),
    "bill": (
        _upsert_sql("bill", _BILL_COLUMNS, _with(_plain(_BILL_COLUMNS), 1, _ACCOUNT_ID), "uid"),
        _bill,
    ),
    "work_order": (_ORDER_SQL, lambda r: (*_work_order(r), "{}")),
}
"""Per table: the upsert statement and the function turning a travelling row into its values."""


def upsert(connection: Connection, table: str, rows: Sequence[list[Any]]) -> int:
    """Write ``rows`` of ``table`` (in :data:`TABLES` order) in the caller's transaction."""
    if not rows:
        return 0
    sql, convert = UPSERTS[table]
    width = len(TABLES[table])
    values: list[tuple[Any, ...]] = []
    for row in rows:
        if len(row) != width:
            raise SyncDataError(f"A row of {table} from HQ has {len(row)} columns, not {width}.")
        try:
            values.append(convert(row))
        except (TypeError, IndexError) as error:
            raise SyncDataError(f"A row of {table} from HQ is malformed: {error}") from error
    try:
        connection.exec_driver_sql(sql, values)
    except IntegrityError as error:
        raise SyncDataError(
            f"{len(rows)} {table} rows from HQ do not fit this terminal's records "
            f"({error.orig}); a row they refer to may not have arrived yet."
        ) from error
    if table == "account":
        refresh_accounts(connection, _with_payments(connection, "account", values))
    elif table == "bill":
        refresh_bills(connection, _with_payments(connection, "bill", values))
    return len(values)


# --- the overlay ---------------------------------------------------------------------------------


def _chunks(items: Sequence[Any]) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def ledger_version(hq_result: str | None) -> int:
    """The ledger version HQ reported for an op (0 when it reported none)."""
    if not hq_result:
        return 0
    try:
        value = json.loads(hq_result).get("ledger_version", 0)
    except (json.JSONDecodeError, AttributeError):
        return 0
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def not_contained(state: str, hq_result: str | None, row_version: int) -> bool:
    """Whether HQ's row at ``row_version`` lacks this op: still pending, or booked later."""
    if state == OutboxState.PENDING.value:
        return True
    return state == OutboxState.SENT.value and ledger_version(hq_result) > row_version


def _live_payment_ops(connection: Connection) -> bool:
    """Any payment op that can still be missing from HQ's rows? (Skips the overlay queries on a
    fresh cache, where the initial load writes a million rows.)"""
    return (
        connection.exec_driver_sql(
            "SELECT 1 FROM outbox WHERE state IN (?, ?) AND kind IN (?, ?) LIMIT 1",
            (OutboxState.PENDING.value, OutboxState.SENT.value, *PAYMENT_KINDS),
        ).first()
        is not None
    )


def _with_payments(connection: Connection, table: str, values: list[tuple[Any, ...]]) -> list[int]:
    """Local ids of the written rows that payments of this terminal touch."""
    if not _live_payment_ops(connection):
        return []
    uids = [v[0] for v in values]
    found: list[int] = []
    for chunk in _chunks(uids):
        if table == "account":
            sql = (
                "SELECT DISTINCT a.id FROM account AS a JOIN payment AS p "  # noqa: S608
                f"ON p.account_id = a.id WHERE a.uid IN ({_marks(len(chunk))})"
            )
        else:
            sql = (
                "SELECT DISTINCT b.id FROM bill AS b JOIN allocation AS al "  # noqa: S608
                "ON al.bill_id = b.id WHERE al.kind = 'principal' "
                f"AND b.uid IN ({_marks(len(chunk))})"
            )
        found.extend(int(i) for (i,) in connection.exec_driver_sql(sql, tuple(chunk)))
    return found


_LIVE: Final = f"o.state IN ('{OutboxState.PENDING.value}', '{OutboxState.SENT.value}')"


def refresh_accounts(connection: Connection, account_ids: Collection[int]) -> None:
    """Recompute ``prepaid_fen`` = HQ's + the effect of ops HQ's row lacks, for rows from HQ."""
    for chunk in _chunks(sorted(set(account_ids))):
        marks = _marks(len(chunk))
        base = {
            int(i): (int(hq), int(version))
            for i, hq, version in connection.exec_driver_sql(
                "SELECT id, hq_prepaid_fen, ledger_version FROM account "  # noqa: S608
                f"WHERE id IN ({marks}) AND hq_prepaid_fen IS NOT NULL",
                tuple(chunk),
            )
        }
        if not base:
            continue
        shown = {i: hq for i, (hq, _) in base.items()}
        effects = connection.exec_driver_sql(
            "SELECT p.account_id, p.prepaid_after_fen - p.prepaid_before_fen, o.state, "  # noqa: S608
            "o.hq_result FROM payment AS p JOIN outbox AS o ON o.op_id = p.uid "
            f"WHERE p.account_id IN ({marks}) AND {_LIVE} "
            "UNION ALL SELECT p.account_id, p.prepaid_before_fen - p.prepaid_after_fen, o.state, "
            "o.hq_result FROM payment AS p JOIN reversal AS r ON r.payment_id = p.id "
            f"JOIN outbox AS o ON o.op_id = r.uid WHERE p.account_id IN ({marks}) AND {_LIVE}",
            (*chunk, *chunk),
        )
        for account_id, delta, state, hq_result in effects:
            known = base.get(int(account_id))
            if known is not None and not_contained(str(state), hq_result, known[1]):
                shown[int(account_id)] += int(delta)
        connection.exec_driver_sql(
            "UPDATE account SET prepaid_fen = ? WHERE id = ? AND prepaid_fen IS NOT ?",
            [(value, i, value) for i, value in shown.items()],
        )


def refresh_bills(connection: Connection, bill_ids: Collection[int]) -> None:
    """Recompute ``paid_fen`` = HQ's + the principal of ops HQ's row lacks, for rows from HQ."""
    for chunk in _chunks(sorted(set(bill_ids))):
        marks = _marks(len(chunk))
        base = {
            int(i): (int(hq), int(version))
            for i, hq, version in connection.exec_driver_sql(
                "SELECT id, hq_paid_fen, ledger_version FROM bill "  # noqa: S608
                f"WHERE id IN ({marks}) AND hq_paid_fen IS NOT NULL",
                tuple(chunk),
            )
        }
        if not base:
            continue
        shown = {i: hq for i, (hq, _) in base.items()}
        effects = connection.exec_driver_sql(
            "SELECT al.bill_id, al.amount_fen, o.state, o.hq_result FROM allocation AS al "  # noqa: S608
            "JOIN payment AS p ON p.id = al.payment_id JOIN outbox AS o ON o.op_id = p.uid "
            f"WHERE al.kind = 'principal' AND al.bill_id IN ({marks}) AND {_LIVE} "
            "UNION ALL SELECT al.bill_id, -al.amount_fen, o.state, o.hq_result "
            "FROM allocation AS al JOIN payment AS p ON p.id = al.payment_id "
            "JOIN reversal AS r ON r.payment_id = p.id JOIN outbox AS o ON o.op_id = r.uid "
            f"WHERE al.kind = 'principal' AND al.bill_id IN ({marks}) AND {_LIVE}",
            (*chunk, *chunk),
        )
        for bill_id, amount, state, hq_result in effects:
            known = base.get(int(bill_id))
            if known is not None and not_contained(str(state), hq_result, known[1]):
                shown[int(bill_id)] += int(amount)
        connection.exec_driver_sql(
            "UPDATE bill SET paid_fen = ? WHERE id = ? AND paid_fen IS NOT ?",
            [(value, i, value) for i, value in shown.items()],
        )


def touched_by_ops(connection: Connection, op_ids: Collection[bytes]) -> tuple[set[int], set[int]]:
    """The accounts and bills that these payment or reversal ops change."""
    accounts: set[int] = set()
    bills: set[int] = set()
    for chunk in _chunks(list(op_ids)):
        marks = _marks(len(chunk))
        payments = [
            int(i)
            for (i,) in connection.exec_driver_sql(
                f"SELECT id FROM payment WHERE uid IN ({marks}) UNION "  # noqa: S608
                f"SELECT payment_id FROM reversal WHERE uid IN ({marks})",
                (*chunk, *chunk),
            )
        ]
        for part in _chunks(payments):
            inner = _marks(len(part))
            accounts.update(
                int(i)
                for (i,) in connection.exec_driver_sql(
                    f"SELECT account_id FROM payment WHERE id IN ({inner})",  # noqa: S608
                    tuple(part),
                )
            )
            bills.update(
                int(i)
                for (i,) in connection.exec_driver_sql(
                    "SELECT bill_id FROM allocation WHERE kind = 'principal' "  # noqa: S608
                    f"AND bill_id IS NOT NULL AND payment_id IN ({inner})",
                    tuple(part),
                )
            )
    return accounts, bills


# --- tombstones -----------------------------------------------------------------------------------

_HOME_AREA: Final[dict[str, str]] = {
    "account": "SELECT area_code FROM account WHERE id = ?",
    "bill": "SELECT a.area_code FROM bill AS b JOIN account AS a ON a.id = b.account_id "
    "WHERE b.id = ?",
    "meter_installation": "SELECT a.area_code FROM meter_installation AS i "
    "JOIN account AS a ON a.id = i.account_id WHERE i.id = ?",
    "work_order": "SELECT area_code FROM work_order WHERE id = ?",
}
"""Where a row lives locally: a removal from one of this terminal's scopes is ignored when the
row now lives in another of them (an account moved between two areas of the same hall, whose
removal from the old area may be pulled after its arrival in the new one)."""

_REFERENCED: Final[dict[str, tuple[tuple[str, str], ...]]] = {
    "tariff": (("account", "SELECT 1 FROM account WHERE tariff_code = ? LIMIT 1"),),
    "customer": (("accounts", "SELECT 1 FROM account WHERE customer_id = ? LIMIT 1"),),
    "account": (
        ("payments", "SELECT 1 FROM payment WHERE account_id = ? LIMIT 1"),
        ("work orders", "SELECT 1 FROM work_order WHERE account_id = ? LIMIT 1"),
        ("bills", "SELECT 1 FROM bill WHERE account_id = ? LIMIT 1"),
        ("meter installations", "SELECT 1 FROM meter_installation WHERE account_id = ? LIMIT 1"),
    ),
    "meter": (("installations", "SELECT 1 FROM meter_installation WHERE meter_id = ? LIMIT 1"),),
    "meter_installation": (
        ("readings", "SELECT 1 FROM meter_reading WHERE installation_id = ? LIMIT 1"),
    ),
    "bill": (("payments", "SELECT 1 FROM allocation WHERE bill_id = ? LIMIT 1"),),
    "work_order": (
        ("steps", "SELECT 1 FROM work_order_step WHERE order_id = ? LIMIT 1"),
        ("history", "SELECT 1 FROM work_order_event WHERE order_id = ? LIMIT 1"),
    ),
}
"""Local records that keep a row HQ removed: the cache may forget a row, never break a payment,
an order or a reading that points at it."""


def tombstone(
    connection: Connection, scope: str, table: str, key: str, scopes: Collection[str]
) -> bool:
    """Remove the row HQ removed from ``scope``; returns whether it was deleted."""
    if table == "tariff":
        found = connection.exec_driver_sql("SELECT code FROM tariff WHERE code = ?", (key,))
    else:
        found = connection.exec_driver_sql(
            f"SELECT id FROM {table} WHERE uid = ?",  # noqa: S608 - table is from TABLES
            (_uid(key),),
        )
    row = found.first()
    if row is None:
        return False
    local_id = row[0]
    home = _HOME_AREA.get(table)
    if home is not None:
        area = connection.exec_driver_sql(home, (local_id,)).scalar()
        if area is not None and area != scope and area in scopes:
            log.info("%s %s left scope %s but lives in scope %s here: kept.", table, key, scope,
                     area)  # fmt: skip
            return False
    if table == "account":
        _forget_children(connection, int(local_id))
    for what, sql in _REFERENCED[table]:
        if connection.exec_driver_sql(sql, (local_id,)).first() is not None:
            log.info("HQ removed %s %s from scope %s; kept because local %s refer to it.",
                     table, key, scope, what)  # fmt: skip
            return False
    key_column = "code" if table == "tariff" else "id"
    connection.exec_driver_sql(
        f"DELETE FROM {table} WHERE {key_column} = ?",  # noqa: S608 - names from TABLES
        (local_id,),
    )
    return True


def _forget_children(connection: Connection, account_id: int) -> None:
    """An account's cached bills and installations go with it, unless a local record holds them."""
    connection.exec_driver_sql(
        "DELETE FROM bill WHERE account_id = ? "
        "AND NOT EXISTS (SELECT 1 FROM allocation WHERE allocation.bill_id = bill.id)",
        (account_id,),
    )
    connection.exec_driver_sql(
        "DELETE FROM meter_installation WHERE account_id = ? AND NOT EXISTS "
        "(SELECT 1 FROM meter_reading AS r WHERE r.installation_id = meter_installation.id)",
        (account_id,),
    )


def parse_uid(value: str) -> uuid.UUID:
    """A key as a UUID (for logs and tests)."""
    return uuid.UUID(bytes=_uid(value))
