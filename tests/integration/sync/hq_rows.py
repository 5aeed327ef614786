"""Rows as HQ sends them (arrays in :data:`counterdesk.sync.protocol.TABLES` order), for tests
that write them through the sync code without a server."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from counterdesk.sync.protocol import TABLES

TARIFF = "res-flat"


def row(table: str, **values: Any) -> list[Any]:
    """A row of ``table`` from named values; every column must be given."""
    missing = set(TABLES[table]) - set(values)
    assert not missing, f"missing {missing}"
    return [values[column] for column in TABLES[table]]


def tariff(code: str = TARIFF) -> list[Any]:
    return row("tariff", code=code, name="居民一户一表", utility="electricity",
               definition='{"kind": "flat", "price_fen_per_kwh": 56}')  # fmt: skip


def customer(uid: uuid.UUID, name: str = "张晓三", phone: str | None = "13812345678") -> list[Any]:
    return row("customer", uid=str(uid), name=name, phone=phone, id_number=None)


def account(
    uid: uuid.UUID,
    customer_uid: uuid.UUID,
    *,
    number: str = "3301020456",
    address: str = "云溪市青山区春晖路18号",
    area: str = "A01",
    prepaid: int = 0,
    ledger: int = 1,
    version: int = 1,
    status: str = "normal",
) -> list[Any]:
    return row("account", uid=str(uid), number=number, customer_uid=str(customer_uid),
               utility="electricity", customer_class="residential", tariff_code=TARIFF,
               status=status, key_customer=False, address=address, area_code=area,
               prepaid_fen=prepaid, version=version, closed_on=None,
               ledger_version=ledger)  # fmt: skip


def meter(uid: uuid.UUID, number: str) -> list[Any]:
    return row("meter", uid=str(uid), number=number, utility="electricity", ct_ratio=1,
               pt_ratio=1, registers="total", digits=6)  # fmt: skip


def installation(uid: uuid.UUID, meter_uid: uuid.UUID, account_uid: uuid.UUID) -> list[Any]:
    return row("meter_installation", uid=str(uid), meter_uid=str(meter_uid),
               account_uid=str(account_uid), installed_on="2020-01-01", removed_on=None,
               initial_readings={"total": 0})  # fmt: skip


def bill(
    uid: uuid.UUID,
    account_uid: uuid.UUID,
    period: int,
    amount: int,
    due: date,
    *,
    paid: int = 0,
    ledger: int = 1,
) -> list[Any]:
    return row("bill", uid=str(uid), account_uid=str(account_uid), period=period, units=100,
               amount_fen=amount, due_date=due.isoformat(), paid_fen=paid, kind="energy",
               order_uid=None, ledger_version=ledger)  # fmt: skip


def work_order(
    uid: uuid.UUID,
    account_uid: uuid.UUID | None,
    *,
    order_no: str = "YK-HQ-20261121-001",
    state: str = "accepted",
    version: int = 1,
    area: str = "A01",
) -> list[Any]:
    return row("work_order", uid=str(uid), order_no=order_no, kind="connection",
               subtype="residential_new", state=state,
               account_uid=None if account_uid is None else str(account_uid),
               customer_name="张晓三", area_code=area, first_owner_no="0107",
               department="营业班", handler_no="0107", created_at="2026-11-21T02:30:00+00:00",
               due_at="2026-11-24T09:00:00+00:00", closed_at=None,
               version=version)  # fmt: skip
