"""HQ's books for tests: accounts with bills and meters written through HQ's own functions, and
terminal ops built as a terminal's outbox sends them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine

from counterdesk.hq.ledger import issue_bill, put_row, upsert_tariff
from counterdesk.hq.terminals import Terminal, add_terminal, authenticate
from counterdesk.sync.protocol import Op

NOW = datetime(2026, 11, 21, 2, 30, tzinfo=UTC)
TARIFF = "res-flat"


@dataclass
class Account:
    uid: uuid.UUID
    customer: uuid.UUID
    number: str
    area: str
    bills: list[uuid.UUID] = field(default_factory=list)
    meter: uuid.UUID | None = None
    installation: uuid.UUID | None = None


def register(engine: Engine, terminal_id: str = "T01", hall: str = "青山营业厅",
             areas: str = "A01,A02") -> tuple[Terminal, str]:  # fmt: skip
    token = add_terminal(engine, terminal_id, hall, areas, now=NOW)
    found = authenticate(engine, token, now=NOW)
    assert found is not None
    return found, token


def add_meter(engine: Engine, number: str, area: str = "A01") -> uuid.UUID:
    uid = uuid.uuid4()
    with engine.begin() as connection:
        put_row(connection, "meter", {"uid": uid, "number": number, "utility": "electricity",
                                      "area_code": area}, now=NOW)  # fmt: skip
    return uid


def open_account(
    engine: Engine,
    number: str = "3301000001",
    *,
    area: str = "A01",
    bills: tuple[int, ...] = (5_000,),
    prepaid: int = 0,
    meter: str | None = None,
    name: str = "张晓三",
) -> Account:
    """A customer and an account with one bill per amount (periods 2026-08 on) and a meter."""
    account = Account(uuid.uuid4(), uuid.uuid4(), number, area)
    with engine.begin() as connection:
        upsert_tariff(
            connection, TARIFF, "居民一户一表", "electricity", '{"kind": "flat"}', now=NOW
        )
        customer = {"uid": account.customer, "name": name, "phone": "13812345678",
                    "area_code": area}  # fmt: skip
        put_row(connection, "customer", customer, now=NOW)
        put_row(connection, "account", {
            "uid": account.uid, "number": number, "customer_uid": account.customer,
            "utility": "electricity", "customer_class": "residential", "tariff_code": TARIFF,
            "status": "normal", "address": "云溪市青山区春晖路18号", "area_code": area,
            "prepaid_fen": prepaid,
        }, now=NOW)  # fmt: skip
        for i, amount in enumerate(bills):
            uid, _version = issue_bill(
                connection, account_uid=account.uid, period=202608 + i, units=100,
                amount_fen=amount, due_date=date(2026, 9 + i, 20), now=NOW,
            )  # fmt: skip
            account.bills.append(uid)
    if meter is not None:
        account.meter = add_meter(engine, meter, area)
        account.installation = uuid.uuid4()
        with engine.begin() as connection:
            put_row(connection, "meter_installation", {
                "uid": account.installation, "meter_uid": account.meter,
                "account_uid": account.uid, "installed_on": date(2020, 1, 1),
                "initial_readings": '{"total": 0}', "area_code": area,
            }, now=NOW)  # fmt: skip
    return account


def op(seq: int, kind: str, payload: dict[str, Any], *, op_id: uuid.UUID | None = None,
       version: int = 1) -> Op:  # fmt: skip
    return Op(op_id=op_id or uuid.uuid4(), terminal_seq=seq, kind=kind, payload_version=version,
              payload=payload, business_time=NOW)  # fmt: skip


def payment(
    seq: int,
    account: Account,
    received: int,
    pieces: list[tuple[uuid.UUID | None, str, int]],
    *,
    before: int = 0,
    after: int = 0,
    payment_uid: uuid.UUID | None = None,
) -> Op:
    """A ``payment.posted`` op as :func:`counterdesk.services.payments._payload` writes it."""
    uid = payment_uid or uuid.uuid4()
    return op(seq, "payment.posted", {
        "payment_uid": str(uid), "receipt_no": f"T01-20261121-{seq:04d}",
        "account_uid": str(account.uid), "shift_uid": None, "clerk_no": "0107",
        "paid_at": NOW.isoformat(), "received_fen": received, "change_fen": 0,
        "tenders": [{"tender": "cash", "amount_fen": received, "reference": ""}],
        "allocations": [{"bill_uid": None if bill is None else str(bill), "kind": kind,
                         "amount_fen": amount} for bill, kind, amount in pieces],
        "prepaid_before_fen": before, "prepaid_after_fen": after,
        "reconnection_order_uid": None, "invoice": None,
    }, op_id=uid)  # fmt: skip


def reversal(seq: int, payment_uid: uuid.UUID) -> Op:
    uid = uuid.uuid4()
    return op(seq, "payment.reversed", {
        "reversal_uid": str(uid), "reversal_no": f"T01-20261121-R{seq:03d}",
        "payment_uid": str(payment_uid), "reason": "多收", "approved_by": "0001",
        "clerk_no": "0107", "reversed_at": NOW.isoformat(),
    }, op_id=uid)  # fmt: skip
