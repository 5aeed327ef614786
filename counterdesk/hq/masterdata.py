"""HQ-owned master data (SYNC.md: tariffs and account master data are read-only at terminals).

Every edit here writes its change-log rows in the caller's transaction, so the halls hear of it on
their next pull: a tariff change, a bill issued, a ledger row put right, an account moved to
another service area. Bulk loads may bypass this module (see :mod:`counterdesk.hq.importer`):
the snapshot reads the tables themselves.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Connection, Table, insert, select, text, update

from counterdesk.hq import schema
from counterdesk.hq.changes import emit_rows, tombstones
from counterdesk.hq.database import is_postgres
from counterdesk.hq.ops import as_uuid
from counterdesk.hq.rows import SPECS
from counterdesk.hq.terminals import AREA_CODE


class MasterDataError(ValueError):
    """A master-data edit refused; nothing was written."""


_TABLES: dict[str, Table] = {
    "tariff": schema.tariff,
    "customer": schema.customer,
    "account": schema.account,
    "meter": schema.meter,
    "meter_installation": schema.meter_installation,
    "bill": schema.bill,
    "work_order": schema.work_order,
}


def _lock(connection: Connection) -> str:
    return " FOR UPDATE" if is_postgres(connection) else ""


def _uid(connection: Connection, value: uuid.UUID) -> Any:
    return value if is_postgres(connection) else value.hex


def put_row(
    connection: Connection, table: str, values: Mapping[str, Any], *, now: datetime | None = None
) -> None:
    """Insert or update one ledger row by its key (HQ's column names) and log it.

    A row whose area changes is tombstoned in the old area. Moving an *account* is
    :func:`move_account`, which takes its bills, meters and orders along.
    """
    if table not in _TABLES:
        raise MasterDataError(f"{table!r} is not a synced table.")
    spec, target = SPECS[table], _TABLES[table]
    if spec.key not in values:
        raise MasterDataError(f"A {table} row needs its key, {spec.key}.")
    key_column = target.c[spec.key]
    scope_column = spec.scope_column
    columns = [key_column] + ([target.c[scope_column]] if scope_column else [])
    before = connection.execute(select(*columns).where(key_column == values[spec.key])).first()
    if before is None:
        connection.execute(insert(target).values(dict(values)))
    else:
        changes = {k: v for k, v in values.items() if k != spec.key}
        if changes:
            connection.execute(update(target).where(key_column == values[spec.key]).values(changes))
        if scope_column and scope_column in values and values[scope_column] != before[1]:
            tombstones(connection, str(before[1]), table, [str(values[spec.key])], now=now)
    emit_rows(connection, table, [str(values[spec.key])], now=now)


def upsert_tariff(
    connection: Connection,
    code: str,
    name: str,
    utility: str,
    definition: str,
    *,
    now: datetime | None = None,
) -> None:
    """Add a tariff or change one; every terminal gets it (scope ``*``)."""
    code, name = code.strip(), name.strip()
    if not code or len(code) > 32:
        raise MasterDataError("A tariff code is 1 to 32 characters.")
    if not name or len(name) > 100:
        raise MasterDataError("A tariff needs a name of 1 to 100 characters.")
    put_row(
        connection,
        "tariff",
        {"code": code, "name": name, "utility": utility, "definition": definition},
        now=now,
    )


def issue_bill(
    connection: Connection,
    *,
    account_uid: uuid.UUID,
    period: int,
    units: int,
    amount_fen: int,
    due_date: date,
    kind: str = "energy",
    order_uid: uuid.UUID | None = None,
    bill_uid: uuid.UUID | None = None,
    now: datetime | None = None,
) -> tuple[uuid.UUID, int]:
    """Issue a bill to an account; returns the bill's id and the account's new ledger version.

    A new bill changes what the account owes, so the account's ledger version moves too and the
    account row travels with the bill.
    """
    if period < 100 or not 1 <= period % 100 <= 12:
        raise MasterDataError(f"A billing period is YYYYMM, not {period}.")
    row = connection.execute(
        text(f"SELECT area_code, ledger_version FROM hq_account WHERE uid = :u{_lock(connection)}"),  # noqa: S608
        {"u": _uid(connection, account_uid)},
    ).one_or_none()
    if row is None:
        raise MasterDataError(f"Account {account_uid} is not in HQ's records.")
    version = int(row[1]) + 1
    uid = bill_uid or uuid.uuid4()
    connection.execute(
        insert(schema.bill).values(
            uid=uid,
            account_uid=account_uid,
            period=period,
            units=units,
            amount_fen=amount_fen,
            due_date=due_date,
            paid_fen=0,
            kind=kind,
            order_uid=order_uid,
            ledger_version=version,
            area_code=str(row[0]),
        )
    )
    connection.execute(
        update(schema.account)
        .where(schema.account.c.uid == account_uid)
        .values(ledger_version=version)
    )
    emit_rows(connection, "account", [str(account_uid)], now=now)
    emit_rows(connection, "bill", [str(uid)], now=now)
    return uid, version


def move_account(
    connection: Connection, account_uid: uuid.UUID, new_area: str, *, now: datetime | None = None
) -> None:
    """Move an account to another service area, with everything of it that travels by area.

    The old area gets tombstones (its halls drop the account, its installations, meters, bills and
    orders, and the customer unless another of its accounts stays there), the new area gets the
    rows. Tombstones go out referring rows first, rows referred-to rows first, so a hall applying
    them in order never holds a bill whose account it lacks.
    """
    new_area = new_area.strip()
    if not AREA_CODE.fullmatch(new_area):
        raise MasterDataError(f"{new_area!r} is not an area code.")
    moment = now or datetime.now(UTC)
    uid = _uid(connection, account_uid)
    row = connection.execute(
        text(
            "SELECT area_code, customer_uid FROM hq_account "  # noqa: S608 - constants
            f"WHERE uid = :u{_lock(connection)}"
        ),
        {"u": uid},
    ).one_or_none()
    if row is None:
        raise MasterDataError(f"Account {account_uid} is not in HQ's records.")
    old_area, customer_uid = str(row[0]), as_uuid(row[1])
    if old_area == new_area:
        return
    installations = connection.execute(
        select(schema.meter_installation.c.uid, schema.meter_installation.c.meter_uid).where(
            schema.meter_installation.c.account_uid == account_uid
        )
    ).all()
    # A meter moves with the account unless it now serves another account.
    meters = sorted(
        {
            as_uuid(meter)
            for _i, meter in installations
            if connection.execute(
                select(schema.meter_installation.c.uid).where(
                    (schema.meter_installation.c.meter_uid == meter)
                    & (schema.meter_installation.c.account_uid != account_uid)
                    & schema.meter_installation.c.removed_on.is_(None)
                )
            ).first()
            is None
        },
        key=str,
    )
    bills = connection.execute(
        select(schema.bill.c.uid).where(schema.bill.c.account_uid == account_uid)
    ).scalars()
    orders = connection.execute(
        select(schema.work_order.c.uid).where(schema.work_order.c.account_uid == account_uid)
    ).scalars()
    keys = {
        "meter_installation": [str(as_uuid(i)) for i, _m in installations],
        "meter": [str(m) for m in meters],
        "bill": [str(as_uuid(b)) for b in bills],
        "work_order": [str(as_uuid(o)) for o in orders],
    }
    others = connection.execute(
        select(schema.account.c.uid).where(
            (schema.account.c.customer_uid == customer_uid)
            & (schema.account.c.area_code == old_area)
            & (schema.account.c.uid != account_uid)
        )
    ).first()
    for table in ("work_order", "bill", "meter_installation", "meter"):
        tombstones(connection, old_area, table, keys[table], now=moment)
    tombstones(connection, old_area, "account", [str(account_uid)], now=moment)
    if others is None:
        tombstones(connection, old_area, "customer", [str(customer_uid)], now=moment)
        connection.execute(
            update(schema.customer)
            .where(
                (schema.customer.c.uid == customer_uid) & (schema.customer.c.area_code == old_area)
            )
            .values(area_code=new_area)
        )
    connection.execute(
        update(schema.account)
        .where(schema.account.c.uid == account_uid)
        .values(area_code=new_area, version=schema.account.c.version + 1)
    )
    for table in ("meter_installation", "bill", "work_order"):
        target = _TABLES[table]
        connection.execute(
            update(target).where(target.c.account_uid == account_uid).values(area_code=new_area)
        )
    if meters:
        connection.execute(
            update(schema.meter).where(schema.meter.c.uid.in_(meters)).values(area_code=new_area)
        )
    emit_rows(connection, "customer", [str(customer_uid)], to=(new_area,), now=moment)
    emit_rows(connection, "account", [str(account_uid)], now=moment)
    for table in ("meter", "meter_installation", "bill", "work_order"):
        emit_rows(connection, table, keys[table], now=moment)
