"""A counter ready to take money: a clerk, a manager, an admin, bills and an open shift.

Tests call the services exactly as the window does: one ``engine.begin()`` per business act.
"""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import Connection, Engine, text

from counterdesk.documents.receipts import Tender
from counterdesk.domain.ids import new_uid
from counterdesk.domain.permissions import Role
from counterdesk.services import auth, payments, shifts
from counterdesk.services.auth import SignedIn
from counterdesk.store import settings
from counterdesk.store.database import make_engine
from tests.helpers.rows import add_account, add_customer

NOW = datetime(2026, 11, 21, 2, 30, tzinfo=UTC)
"""10:30 in the hall (UTC+8) on Saturday 21 November 2026."""
TODAY = date(2026, 11, 21)
PASSWORD = "counter-2026"
MANAGER_PASSWORD = "manager-2026"


@dataclass(frozen=True)
class Counter:
    engine: Engine
    clerk: SignedIn
    manager: SignedIn
    admin: SignedIn


def add_people(engine: Engine) -> Counter:
    with engine.begin() as connection:
        auth.add_clerk(connection, auth.CLI_ADMIN, number="0107", name="张敏", role=Role.CLERK,
                       password=PASSWORD, now=NOW)  # fmt: skip
        auth.add_clerk(connection, auth.CLI_ADMIN, number="0001", name="李强",
                       role=Role.MANAGER, password=MANAGER_PASSWORD, now=NOW)  # fmt: skip
        auth.add_clerk(connection, auth.CLI_ADMIN, number="9001", name="王工", role=Role.ADMIN,
                       password=PASSWORD, now=NOW)  # fmt: skip
        settings.write(connection, "terminal.code", "QS03", now=NOW)
        settings.write(connection, "terminal.window", "3", now=NOW)
        settings.write(connection, "hall.utility_name", "国网云溪市供电公司", now=NOW)
        settings.write(connection, "hall.name", "青山供电营业厅", now=NOW)
    return Counter(
        engine,
        auth.sign_in(engine, "0107", PASSWORD, now=NOW),
        auth.sign_in(engine, "0001", MANAGER_PASSWORD, now=NOW),
        auth.sign_in(engine, "9001", PASSWORD, now=NOW),
    )


def copy_counter(template: Counter, target: Path) -> Counter:
    """The template's database copied to ``target``, with the same people signed in.

    Signing in costs an argon2 hash (~0.1 s) per person, so a test module makes its people once
    and every test gets a copy. SQLite's backup API copies a consistent file, WAL included.
    """
    source = template.engine.url.database
    assert source is not None
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
    return replace(template, engine=make_engine(target))


def open_shift(counter: Counter, float_fen: int = 50_000, now: datetime = NOW) -> shifts.Shift:
    with counter.engine.begin() as connection:
        return shifts.open_shift(connection, counter.clerk, float_fen=float_fen, now=now)


def pay(
    counter: Counter,
    account_uid: uuid.UUID,
    *tenders: payments.TenderIn,
    now: datetime = NOW,
    actor: SignedIn | None = None,
) -> payments.PaymentResult:
    """One payment in its own transaction, as the pay dialog's Confirm does."""
    request = payments.PaymentRequest(new_uid(), account_uid, tenders)
    with counter.engine.begin() as connection:
        return payments.take_payment(connection, actor or counter.clerk, request, now=now)


def cash(amount_fen: int, handed_fen: int | None = None) -> payments.TenderIn:
    return payments.TenderIn(Tender.CASH, amount_fen, handed_fen)


def card(tender: Tender, amount_fen: int, reference: str = "REF-0001") -> payments.TenderIn:
    return payments.TenderIn(tender, amount_fen, reference=reference)


def add_bill(
    connection: Connection,
    account_id: int,
    period: int,
    amount_fen: int,
    *,
    due: date,
    units: int = 100,
    paid_fen: int = 0,
) -> uuid.UUID:
    uid = new_uid()
    connection.execute(
        text(
            "INSERT INTO bill (uid, account_id, period, units, amount_fen, due_date, paid_fen) "
            "VALUES (:uid, :account, :period, :units, :amount, :due, :paid)"
        ),
        {"uid": uid.bytes, "account": account_id, "period": period, "units": units,
         "amount": amount_fen, "due": due, "paid": paid_fen},
    )  # fmt: skip
    return uid


def account_with_bills(
    engine: Engine,
    number: str = "3301020456",
    *,
    bills: tuple[tuple[int, int, date], ...] = (
        (202609, 16_947, date(2026, 10, 15)),
        (202610, 15_494, date(2026, 11, 25)),
    ),
    status: str = "normal",
    prepaid_fen: int = 0,
) -> tuple[int, uuid.UUID]:
    """An electricity account with ``bills`` (period, amount, due); returns its id and uid."""
    with engine.begin() as connection:
        customer = add_customer(connection, "张晓三", "13812345678")
        account_id = add_account(connection, customer, number, "云溪市青山区春晖路18号",
                                 meter=f"M{number}", status=status)  # fmt: skip
        connection.execute(
            text("UPDATE account SET prepaid_fen = :p WHERE id = :id"),
            {"p": prepaid_fen, "id": account_id},
        )
        for period, amount, due in bills:
            add_bill(connection, account_id, period, amount, due=due)
        uid = connection.execute(
            text("SELECT uid FROM account WHERE id = :id"), {"id": account_id}
        ).scalar_one()
    return account_id, uuid.UUID(bytes=bytes(uid))


def later(minutes: int) -> datetime:
    return NOW + timedelta(minutes=minutes)


def rows_in(engine: Engine, *tables: str) -> dict[str, int]:
    """How many rows each table holds: what a refusal must leave unchanged."""
    with engine.connect() as connection:
        return {
            table: int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
            for table in tables
        }


def audit_actions(engine: Engine, *, after_id: int = 0) -> list[str]:
    """The actions of the audit entries after ``after_id``, oldest first."""
    with engine.connect() as connection:
        return [
            str(action)
            for (action,) in connection.execute(
                text("SELECT action FROM audit_entry WHERE id > :id ORDER BY id"), {"id": after_id}
            )
        ]


def last_audit_id(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(
            connection.execute(text("SELECT coalesce(max(id), 0) FROM audit_entry")).scalar_one()
        )
